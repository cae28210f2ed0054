"""The service's HTTP API in process (Starlette's TestClient): every route, its errors and limits.

Checks run offline (no stage touches the network) so these tests are about
the service: submission and idempotency, following a job, every result
format, fixing with accepted changes, paging, deleting, the synchronous
parser, tokens and ownership, size and rate limits, problem details, the
Content-Security-Policy, and the job store's lease contract.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the service needs fastapi (pip install -e .)")

from fastapi.testclient import TestClient  # noqa: E402

from citecheck.config import Settings  # noqa: E402
from citecheck.service.app import ServiceConfig, create_app  # noqa: E402
from citecheck.service.store import NewJob, SQLiteJobStore  # noqa: E402

OFFLINE = {"offline": True}
REFS = [
    "Smith, John. 2001. A History of Things. London: Penguin.",
    'Doe, Jane. 1999. "On Stuff." Journal of Stuff 3 (2): 1-20.',
    "Roe, Richard. 2010. Another Book. Oxford: Oxford University Press.",
]
BIB = """@book{smith2001, author = {Smith, John}, title = {A History of Things},
  year = {2001}, publisher = {Penguin}}
@article{doe1999, author = {Doe, Jane}, title = {On Stuff}, journal = {Journal of Stuff},
  year = {1999}, volume = {3}, pages = {1--20}}
"""
EVIL = '<script>alert(1)</script><img src=x onerror=alert(2)>'


def make_client(tmp_path: Path, **config: Any) -> TestClient:
    cfg = ServiceConfig(data_dir=tmp_path / "data", poll=0.05, **config)
    return TestClient(create_app(cfg, Settings(cache_dir=tmp_path / "cache")))


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with make_client(tmp_path) as c:
        yield c


def wait(client: TestClient, job_id: str, headers: dict[str, str] | None = None,
         timeout: float = 60) -> dict[str, Any]:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        status = client.get(f"/v1/checks/{job_id}", headers=headers).json()
        if status["state"] in ("done", "failed"):
            return status
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish")


def submit_refs(client: TestClient, refs: list[str] = REFS, **kw: Any) -> dict[str, Any]:
    r = client.post("/v1/checks", json={"references": refs, "options": OFFLINE}, **kw)
    assert r.status_code == 202, r.text
    return r.json()


def assert_problem(r: Any, status: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["status"] == status and body["title"]
    assert "Traceback" not in r.text and "/work/" not in r.text and ".py" not in r.text
    return body


def test_submit_follow_and_fetch_every_format(client: TestClient) -> None:
    job = submit_refs(client)
    assert len(job["id"]) >= 22 and job["links"]["status"] == f"/v1/checks/{job['id']}"
    done = wait(client, job["id"])
    assert done["state"] == "done" and done["attempts"] == 1
    assert [s["name"] for s in done["stages"]] == ["analyse", "links", "resolve"]
    assert all(s["seconds"] is not None for s in done["stages"])
    assert any(n["code"] for n in done["notices"]) or done["notices"] == []
    report = client.get(f"/v1/checks/{job['id']}/report").json()
    assert [e["fields"]["title"] for e in report["entries"]] == [
        "A History of Things", "On Stuff", "Another Book"]
    for fmt, media in (("html", "text/html"), ("markdown", "text/markdown"), ("text", "text/plain")):
        r = client.get(f"/v1/checks/{job['id']}/report", params={"format": fmt})
        assert r.status_code == 200 and r.headers["content-type"].startswith(media)
        assert "History of Things" in r.text
    html = client.get(f"/v1/checks/{job['id']}/report", params={"format": "html"})
    assert "default-src 'none'" in html.headers["content-security-policy"]
    bib = client.get(f"/v1/checks/{job['id']}/export").text
    assert "@book{" in bib and "A History of Things" in bib
    csl = json.loads(client.get(f"/v1/checks/{job['id']}/export", params={"to": "csl-json"}).text)
    assert len(csl) == 3
    ris = client.get(f"/v1/checks/{job['id']}/export", params={"to": "ris"}).text
    assert "TY  - JOUR" in ris


def test_idempotency_key_returns_the_same_job_and_refuses_a_different_body(
        client: TestClient) -> None:
    first = submit_refs(client, headers={"Idempotency-Key": "retry-1"})
    again = client.post("/v1/checks", json={"references": REFS, "options": OFFLINE},
                        headers={"Idempotency-Key": "retry-1"})
    assert again.status_code == 200 and again.json()["id"] == first["id"]
    other = client.post("/v1/checks", json={"references": REFS[:1], "options": OFFLINE},
                        headers={"Idempotency-Key": "retry-1"})
    assert_problem(other, 422)
    assert client.get("/v1/checks").json()["items"].__len__() == 1


def test_upload_bib_and_fix_with_accepted_changes(client: TestClient) -> None:
    r = client.post("/v1/checks/upload", files={"file": ("refs.bib", BIB.encode())},
                    data={"options": json.dumps(OFFLINE)})
    assert r.status_code == 202, r.text
    job = r.json()
    assert wait(client, job["id"])["state"] == "done"
    changes = client.get(f"/v1/checks/{job['id']}/changes").json()
    assert changes == []  # offline: nothing verified, nothing proposed
    fix = client.post(f"/v1/checks/{job['id']}/fix", json={"accept": []}).json()
    assert "@book{smith2001" in fix["bibtex"] and fix["changes"] == [] and fix["text"] is None
    assert_problem(client.post(f"/v1/checks/{job['id']}/fix", json={"accept": [0]}), 422)


def test_upload_refuses_other_types_and_unreadable_input(client: TestClient) -> None:
    assert_problem(client.post("/v1/checks/upload", files={"file": ("x.exe", b"MZ\0\0")}), 415)
    assert_problem(client.post("/v1/checks/upload", files={"file": ("x.txt", b"\0\0\0binary")}), 422)
    assert_problem(client.post("/v1/checks/upload", files={"file": ("x.txt", b"text")},
                               data={"options": '{"offline": "maybe"}'}), 422)
    assert_problem(client.post("/v1/checks", json={"text": "   "}), 422)
    assert_problem(client.post("/v1/checks", json={"text": "a", "bibtex": "b"}), 422)
    assert_problem(client.post("/v1/checks", json={"text": "a", "options": {"nope": 1}}), 422)
    assert_problem(client.post("/v1/checks", content=b"{not json",
                               headers={"content-type": "application/json"}), 422)


def test_a_document_without_bibliography_fails_with_a_reason(client: TestClient) -> None:
    r = client.post("/v1/checks", json={"text": "Just a line of prose.\n", "options": OFFLINE})
    done = wait(client, r.json()["id"])
    assert done["state"] == "failed"
    assert "no bibliography found" in done["error"]["detail"]
    body = assert_problem(client.get(f"/v1/checks/{r.json()['id']}/report"), 409)
    # a failed check has finished: the answer says it failed and why, not "not finished"
    assert body["title"] == "Check failed" and "no bibliography found" in body["detail"]


def test_list_is_paginated_newest_first_and_delete_removes(client: TestClient) -> None:
    ids = [submit_refs(client, [f"Author{i}, A. 200{i}. Book {i}. London: Press."])["id"]
           for i in range(5)]
    page = client.get("/v1/checks", params={"limit": 2}).json()
    assert [j["id"] for j in page["items"]] == ids[::-1][:2] and page["next"]
    seen = [j["id"] for j in page["items"]]
    while page["next"]:
        page = client.get("/v1/checks", params={"limit": 2, "cursor": page["next"]}).json()
        seen += [j["id"] for j in page["items"]]
    assert seen == ids[::-1]
    assert client.delete(f"/v1/checks/{ids[0]}").status_code == 204
    assert_problem(client.get(f"/v1/checks/{ids[0]}"), 404)
    assert_problem(client.delete(f"/v1/checks/{ids[0]}"), 404)


def test_events_stream_status_until_end(client: TestClient) -> None:
    job = submit_refs(client)
    with client.stream("GET", f"/v1/checks/{job['id']}/events") as r:
        assert r.headers["content-type"].startswith("text/event-stream")
        text = "".join(r.iter_text())
    events = [block for block in text.split("\n\n") if block.startswith("event:")]
    assert events[-1].startswith("event: end")
    last_status = json.loads([e for e in events if e.startswith("event: status")][-1]
                             .split("data: ", 1)[1])
    assert last_status["state"] == "done"


def test_parse_is_synchronous_and_bounded(client: TestClient) -> None:
    r = client.post("/v1/parse", json={"references": REFS[:2]})
    assert r.status_code == 200
    assert [p["type"] for p in r.json()] == ["book", "article"]
    assert_problem(client.post("/v1/parse", json={"references": ["x"] * 201}), 422)
    assert_problem(client.post("/v1/parse", json={"references": ["x" * 5001]}), 422)


def test_tokens_are_required_and_each_sees_only_its_own_jobs(tmp_path: Path) -> None:
    with make_client(tmp_path, tokens=["alpha-token", "beta-token"]) as c:
        alpha = {"Authorization": "Bearer alpha-token"}
        beta = {"Authorization": "Bearer beta-token"}
        r = c.post("/v1/checks", json={"references": REFS, "options": OFFLINE})
        assert_problem(r, 401)
        assert r.headers["www-authenticate"].startswith("Bearer")
        assert_problem(c.get("/v1/checks", headers={"Authorization": "Bearer wrong"}), 401)
        job = submit_refs(c, headers=alpha)
        wait(c, job["id"], alpha)
        assert_problem(c.get(f"/v1/checks/{job['id']}", headers=beta), 404)
        assert_problem(c.get(f"/v1/checks/{job['id']}/report", headers=beta), 404)
        assert_problem(c.delete(f"/v1/checks/{job['id']}", headers=beta), 404)
        assert c.get("/v1/checks", headers=beta).json()["items"] == []
        assert [j["id"] for j in c.get("/v1/checks", headers=alpha).json()["items"]] == [job["id"]]
        # the same Idempotency-Key from another token is another job
        k = {"Idempotency-Key": "k1"}
        a = submit_refs(c, headers=alpha | k)
        b = submit_refs(c, headers=beta | k)
        assert a["id"] != b["id"]
        assert c.get("/healthz").status_code == 200  # operations need no token


def test_body_size_and_rate_limits(tmp_path: Path) -> None:
    with make_client(tmp_path, max_body_bytes=2000, max_upload_bytes=3000,
                     submits_per_minute=3) as c:
        assert_problem(c.post("/v1/checks", json={"text": "x" * 5000}), 413)
        assert_problem(c.post("/v1/checks/upload", files={"file": ("a.txt", b"x" * 5000)}), 413)
        codes = [c.post("/v1/checks", json={"references": REFS, "options": OFFLINE}).status_code
                 for _ in range(5)]
        assert codes[:3] == [202, 202, 202] and codes[3] == 429
        r = c.post("/v1/checks", json={"references": REFS, "options": OFFLINE})
        assert_problem(r, 429)
        assert int(r.headers["retry-after"]) >= 1


def test_errors_are_problem_details_and_pages_carry_a_csp(client: TestClient) -> None:
    assert_problem(client.get("/v1/nothing-here"), 404)
    assert_problem(client.put("/v1/checks"), 405)
    assert_problem(client.get("/v1/checks/" + "x" * 500), 404)
    assert_problem(client.get("/v1/checks", params={"limit": 0}), 422)
    page = client.get("/")
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe" not in csp
    assert "frame-ancestors 'none'" in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "<script src=\"/assets/page.js\">" in page.text
    for name in ("page.js", "page.css", "report.css", "report.js"):
        assert client.get(f"/assets/{name}").status_code == 200
    assert_problem(client.get("/assets/../app.py"), 404)


def test_document_derived_strings_are_escaped_in_the_html_report(client: TestClient) -> None:
    r = client.post("/v1/checks/upload", files={"file": (EVIL + ".txt", (
        f"Title\n\nReferences\n\nSmith, John. 2001. {EVIL} A Book. London: Penguin.\n").encode())},
        data={"options": json.dumps(OFFLINE)})
    assert r.status_code == 202, r.text
    job = wait(client, r.json()["id"])
    assert job["state"] == "done"
    html = client.get(f"/v1/checks/{job['id']}/report", params={"format": "html"}).text
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)" in html


def test_health_readiness_and_metrics(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok", "detail": None}
    assert client.get("/readyz").json()["status"] == "ok"
    job = submit_refs(client)
    wait(client, job["id"])
    text = client.get("/metrics").text
    assert 'citecheck_jobs{state="done"} 1.0' in text
    assert 'citecheck_stage_seconds_count{stage="analyse"}' in text
    assert "citecheck_outgoing_requests" in text
    assert 'citecheck_api_requests_total{method="POST",route="/v1/checks",status="202"}' in text


def test_openapi_describes_the_models_and_problem_details(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    assert {"CheckRequest", "RunOptions", "JobStatus", "Problem", "Reference"} <= set(schemas)
    assert "HTTPValidationError" not in schemas
    post = spec["paths"]["/v1/checks"]["post"]
    assert "application/problem+json" in post["responses"]["422"]["content"]


# --------------------------------------------------------------------------- the store contract


async def test_store_lease_claim_finish_and_recovery(tmp_path: Path) -> None:
    store = SQLiteJobStore(tmp_path / "jobs.sqlite3")
    record, created = await store.create(NewJob("j1", "", "a.txt", b"data", {}, "key"))
    assert created and record.state == "queued"
    again, created = await store.create(NewJob("j2", "", "a.txt", b"data", {}, "key"))
    assert not created and again.id == "j1"
    claimed = await store.claim("w1", lease=0.2, max_attempts=3)
    assert claimed is not None and claimed.id == "j1" and claimed.attempts == 1
    assert await store.claim("w2", lease=0.2, max_attempts=3) is None  # leased
    time.sleep(0.3)  # w1 died: its lease ran out
    stolen = await store.claim("w2", lease=5, max_attempts=3)
    assert stolen is not None and stolen.attempts == 2
    assert not await store.finish("j1", "w1", "done", result="{}")  # the dead worker's answer
    assert await store.finish("j1", "w2", "done", result='{"ok": 1}')
    assert await store.get_result("j1") == '{"ok": 1}'
    assert await store.expire(time.time() + 1) == 1
    assert await store.get("j1") is None
    # a job whose worker dies every time is failed after max_attempts, not retried for ever
    await store.create(NewJob("p", "", "p.txt", b"x", {}))
    for _ in range(2):
        assert await store.claim("w", lease=0.0, max_attempts=2) is not None
        time.sleep(0.01)
    assert await store.claim("w", lease=0.0, max_attempts=2) is None
    poisoned = await store.get("p")
    assert poisoned is not None and poisoned.state == "failed" and poisoned.error
    await store.close()


def test_finished_jobs_expire_after_the_retention_time(tmp_path: Path) -> None:
    with make_client(tmp_path, retention=0.5) as c:
        job = submit_refs(c)
        assert wait(c, job["id"])["state"] == "done"
        end = time.monotonic() + 15
        while c.get(f"/v1/checks/{job['id']}").status_code == 200:
            assert time.monotonic() < end, "the finished job was never expired"
            time.sleep(0.2)
        assert_problem(c.get(f"/v1/checks/{job['id']}/report"), 404)


def test_a_draining_service_refuses_submissions_and_is_not_ready(client: TestClient) -> None:
    job = submit_refs(client)
    client.app.state.begin_drain()  # what SIGTERM does first
    r = client.post("/v1/checks", json={"references": REFS, "options": OFFLINE})
    assert_problem(r, 503)
    assert r.headers["retry-after"]
    assert client.get("/readyz").status_code == 503
    assert client.get(f"/v1/checks/{job['id']}").status_code == 200  # reading still works


def test_serve_refuses_bad_settings_in_one_line(tmp_path: Path, capsys: Any) -> None:
    from citecheck.cli import main

    assert main(["serve", "--workers", "-1"]) == 2
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("x")
    assert main(["serve", "--data-dir", str(not_a_dir)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all(line.startswith("citecheck: error: ") for line in err)
    assert "--data-dir" in err[1] and "Traceback" not in "".join(err)
