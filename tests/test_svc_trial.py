"""`citecheck serve` and its scaled-out mode tried as an operator and a user would (svcfix).

Cases the earlier trials (test_serve_trial, test_scale_trial, test_service_*)
did not cover: file names (hostile, non-UTF-8, RFC 5987, too long), odd
uploads (empty, a 0-byte multipart, no boundary, the wrong content type),
concurrent identical submissions, job ids, path parameters, HEAD/OPTIONS and
CORS, a client that stalls mid-body, proxies (the service and the workers
route the same way), and the queue seen from the API: no worker running,
the API restarted, a job whose workers kept dying, SIGTERM, PostgreSQL and
Redis away. Tests that need PostgreSQL or Redis are skipped with the reason
where they are absent (tests/services.py).
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the service needs fastapi (pip install -e .)")

from fastapi.testclient import TestClient  # noqa: E402

from citecheck.config import RunOptions, Settings  # noqa: E402
from citecheck.service.app import ServiceConfig, create_app  # noqa: E402
from citecheck.service.store import NewJob  # noqa: E402
from loopback import Handler, serve  # noqa: E402
from services import postgres_url, redis_client  # noqa: E402,F401  (fixtures)
from test_scale_queue import _stop, run_worker_until  # noqa: E402
from test_serve_trial import _until  # noqa: E402
from test_service_api import client, make_client, wait  # noqa: E402,F401  (client: a fixture)

ROOT = Path(__file__).resolve().parent.parent
DOC = b"Text.\n\nReferences\n\nSmith, John. 1990. A Book About Things. London: Penguin.\n"
OFFLINE = {"offline": True, "links": False, "resolve": False}
UNSAFE = set('<>:"/\\|?*')


def upload(client: TestClient, name: str, data: bytes = DOC, **kw: Any) -> Any:
    return client.post("/v1/checks/upload", files={"file": (name, data, "text/plain")},
                       data={"options": '{"offline": true}'}, **kw)


def raw_upload(client: TestClient, disposition: bytes, data: bytes = DOC) -> Any:
    """A multipart body written by hand (a header httpx would not write)."""
    boundary = b"trialb0undary"
    body = (b"--" + boundary + b"\r\nContent-Disposition: form-data; name=\"file\"; "
            + disposition + b"\r\nContent-Type: text/plain\r\n\r\n" + data + b"\r\n--"
            + boundary + b"--\r\n")
    return client.post("/v1/checks/upload", content=body,
                       headers={"content-type": "multipart/form-data; boundary=trialb0undary"})


def assert_problem(r: Any, status: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json"), r.headers
    body = r.json()
    assert body["status"] == status and body["title"] and body.get("detail")
    assert "Traceback" not in r.text and ".py" not in r.text and "\n" not in body["detail"]
    return body


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------- file names


def test_a_script_tag_file_name_is_kept_recognisable_and_safe(client: TestClient) -> None:
    r = upload(client, "<script>alert(1)</script>.txt")
    assert r.status_code == 202, r.text
    name = r.json()["name"]
    assert not UNSAFE & set(name), name  # before: 'script>.txt' (cut at the '/' of '</')
    assert "script" in name and "alert(1)" in name and name.endswith(".txt"), name
    assert wait(client, r.json()["id"])["state"] == "done"


def test_a_hostile_name_is_escaped_on_every_page_that_shows_it(client: TestClient) -> None:
    name = "Tom & Jerry's <b>notes</b> \"draft\".txt"
    r = client.post("/v1/checks", json={"text": DOC.decode(), "name": name, "options": OFFLINE})
    assert r.status_code == 202, r.text
    shown = r.json()["name"]
    assert "Tom & Jerry's" in shown and "notes" in shown and not UNSAFE & set(shown), shown
    job = wait(client, r.json()["id"])
    assert job["state"] == "done"
    plain = client.get(f"/checks/{job['id']}").text
    html = client.get(f"/v1/checks/{job['id']}/report", params={"format": "html"}).text
    for page in (plain, html):
        assert "Tom &amp; Jerry" in page and "<b>" not in page
    markdown = client.get(f"/v1/checks/{job['id']}/report", params={"format": "markdown"}).text
    assert "<b>" not in markdown


def test_a_non_utf8_file_name_is_accepted_and_readable(client: TestClient) -> None:
    r = raw_upload(client, b'filename="th\xe8se finale.txt"')  # Latin-1, as old clients send
    assert r.status_code == 202, r.text
    name = r.json()["name"]
    assert name.endswith(" finale.txt") and name.startswith("th"), name
    assert "\ufffd" not in name and all(ch.isprintable() for ch in name), name


def test_an_rfc5987_file_name_is_decoded(client: TestClient) -> None:
    r = raw_upload(client, b"filename=\"these.txt\"; filename*=UTF-8''th%C3%A8se%20finale.txt")
    assert r.status_code == 202, r.text
    assert r.json()["name"] == "thèse finale.txt"  # the name the browser meant


def test_a_very_long_file_name_keeps_its_suffix(client: TestClient) -> None:
    bib = b"@book{k, title={A Book About Things}, author={Smith, John}, year=1990}\n"
    r = upload(client, "a" * 300 + ".bib", bib)
    assert r.status_code == 202, r.text
    name = r.json()["name"]
    assert len(name) <= 200 and name.endswith(".bib"), name  # before: cut to 200 'a's
    assert wait(client, r.json()["id"])["state"] == "done"
    exported = client.get(f"/v1/checks/{r.json()['id']}/export").text
    assert exported == bib.decode()  # read as the .bib it is: written back unchanged


def test_control_and_direction_characters_leave_the_name(client: TestClient) -> None:
    r = client.post("/v1/checks", json={"text": DOC.decode(), "options": OFFLINE,
                                        "name": "ann\u202eual\x07 re\nport\x00.txt"})
    assert r.status_code == 202, r.text
    name = r.json()["name"]
    assert all(ch.isprintable() for ch in name) and name.endswith(".txt"), repr(name)
    assert "ann" in name and "ual" in name, name


def test_a_windows_path_keeps_the_file_name_recognisable(client: TestClient) -> None:
    r = upload(client, "C:\\Users\\ann\\thesis.txt")
    assert r.status_code == 202, r.text
    name = r.json()["name"]
    assert name.endswith("thesis.txt") and not UNSAFE & set(name), name


# --------------------------------------------------------------------------- odd uploads


def test_an_empty_file_is_refused_in_one_line(client: TestClient) -> None:
    body = assert_problem(upload(client, "empty.txt", b""), 422)
    assert "empty" in body["detail"]


def test_a_zero_byte_multipart_body_is_a_client_error(client: TestClient) -> None:
    r = client.post("/v1/checks/upload", content=b"",
                    headers={"content-type": "multipart/form-data; boundary=x"})
    body = assert_problem(r, 422)
    assert "choose a file" in body["detail"]


def test_a_multipart_body_without_a_boundary_is_a_client_error(client: TestClient) -> None:
    r = client.post("/v1/checks/upload", content=b"--x\r\nnonsense\r\n--x--\r\n",
                    headers={"content-type": "multipart/form-data"})
    assert r.status_code in (400, 422), r.text
    assert_problem(r, r.status_code)


def test_the_wrong_content_type_is_a_client_error_on_each_route(client: TestClient) -> None:
    cases = [
        ("/v1/checks/upload", {"json": {"text": "x"}}),
        ("/v1/checks", {"files": {"file": ("a.txt", DOC, "text/plain")}}),
        ("/v1/checks", {"content": DOC, "headers": {"content-type": "text/plain"}}),
        ("/v1/checks", {"content": b"\xff\xfe{", "headers": {"content-type": "application/json"}}),
    ]
    for path, kw in cases:
        r = client.post(path, **kw)
        assert r.status_code in (400, 415, 422), (path, r.status_code, r.text)
        assert_problem(r, r.status_code)


def test_a_form_over_the_limit_gets_a_page_saying_so(tmp_path: Path) -> None:
    with make_client(tmp_path, max_upload_bytes=4096) as client:
        r = client.post("/submit", files={"file": ("big.txt", DOC * 200, "text/plain")},
                        data={"offline": "1"})
        assert r.status_code == 413
        # the page without JavaScript gets a page, as for its other errors (before: JSON)
        assert r.headers["content-type"].startswith("text/html"), r.headers
        assert "4 KB" in r.text or "4096 bytes" in r.text
        api = client.post("/v1/checks/upload", files={"file": ("big.txt", DOC * 200, "text/plain")})
        assert_problem(api, 413)


# --------------------------------------------------------------------------- concurrency, ids


def _parallel(n: int, call: Any) -> list[Any]:
    out: list[Any] = [None] * n

    def run(i: int) -> None:
        out[i] = call(i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return out


def test_concurrent_identical_uploads_are_separate_jobs(client: TestClient) -> None:
    answers = _parallel(8, lambda i: upload(client, "same.txt"))
    assert [a.status_code for a in answers] == [202] * 8, [a.text for a in answers]
    ids = {a.json()["id"] for a in answers}
    assert len(ids) == 8
    assert {wait(client, i)["state"] for i in ids} == {"done"}


def test_concurrent_retries_with_one_key_make_one_job(client: TestClient) -> None:
    answers = _parallel(8, lambda i: upload(client, "same.txt",
                                             headers={"Idempotency-Key": "retry-1"}))
    assert all(a.status_code in (200, 202) for a in answers), [a.text for a in answers]
    assert sorted(a.status_code for a in answers) == [200] * 7 + [202]
    assert len({a.json()["id"] for a in answers}) == 1
    assert len(client.get("/v1/checks").json()["items"]) == 1


def test_job_ids_cannot_be_guessed_from_one_another(client: TestClient) -> None:
    ids = [client.post("/v1/checks", json={"text": DOC.decode(), "options": OFFLINE}).json()["id"]
           for _ in range(12)]
    assert len(set(ids)) == 12
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{22,}", i) for i in ids), ids
    assert len(os.path.commonprefix(ids)) < 3 and ids != sorted(ids)
    # a near miss of a real id is as unknown as nonsense: the same 404, no hint
    near = ids[0][:-1] + ("A" if ids[0][-1] != "A" else "B")
    assert assert_problem(client.get(f"/v1/checks/{near}"), 404) == \
        assert_problem(client.get("/v1/checks/nonsense"), 404)


@pytest.mark.parametrize("path", [
    "/v1/checks/..%2F..%2Fetc%2Fpasswd", "/v1/checks/%2e%2e/report",
    "/v1/checks/..%5C..%5Cpyproject.toml/export", "/assets/..%2F..%2Fpyproject.toml",
    "/assets/%2e%2e%2fapp.py", "/assets/page.js%00.txt", "/checks/..%2F..%2Fpyproject.toml",
    "/assets/..%2Fpage%2Fpage.html", "/v1/checks/" + "a" * 5000,
])
def test_path_traversal_in_path_parameters_finds_nothing(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 404, (path, r.status_code)
    assert "[project]" not in r.text and "import " not in r.text and "Traceback" not in r.text


# --------------------------------------------------------------------------- HTTP methods, headers


def test_head_answers_what_get_would_without_a_body(client: TestClient) -> None:
    job = client.post("/v1/checks", json={"text": DOC.decode(), "options": OFFLINE}).json()
    for path in ("/", "/healthz", "/readyz", "/assets/page.js", f"/v1/checks/{job['id']}"):
        get, head = client.get(path), client.head(path)
        assert head.status_code == get.status_code == 200, (path, head.status_code)
        assert head.content == b"" and head.headers["content-type"] == get.headers["content-type"]


def test_no_cross_origin_access_and_options_is_refused_plainly(client: TestClient) -> None:
    evil = {"origin": "https://evil.example"}
    for r in (client.get("/v1/checks", headers=evil),
              client.post("/v1/checks", json={"text": DOC.decode(), "options": OFFLINE},
                          headers=evil),
              client.options("/v1/checks", headers={**evil,
                                                    "access-control-request-method": "POST"})):
        assert "access-control-allow-origin" not in r.headers, r.headers
        assert r.headers["x-content-type-options"] == "nosniff"
    preflight = client.options("/v1/checks")
    assert_problem(preflight, 405)
    assert "POST" in preflight.headers["allow"]


def test_every_answer_carries_the_security_headers(tmp_path: Path) -> None:
    with make_client(tmp_path, max_body_bytes=100) as client:
        answers = [client.get("/nowhere"), client.delete("/healthz"),
                   client.post("/v1/checks", content=b"x" * 500,
                               headers={"content-type": "application/json"}),
                   client.post("/v1/checks", json={}), client.get("/healthz")]
        for r in answers:
            assert r.headers.get("x-content-type-options") == "nosniff", (r.status_code, r.headers)
            assert "frame-ancestors 'none'" in r.headers.get("content-security-policy", "")
            assert r.headers.get("referrer-policy") == "no-referrer"
            assert "server" not in r.headers


def test_a_client_that_stalls_mid_body_is_cut_off_and_others_are_served(tmp_path: Path) -> None:
    import httpx
    from asgi_server import running_app

    config = ServiceConfig(data_dir=tmp_path / "data", poll=0.05, body_timeout=1.0)
    with running_app(create_app(config, Settings(cache_dir=tmp_path / "c"))) as url:
        port = int(url.rsplit(":", 1)[1])
        slow = socket.create_connection(("127.0.0.1", port))
        slow.settimeout(15)
        slow.sendall(b"POST /v1/checks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 1000\r\n\r\n{\"text\": \"")
        started = time.monotonic()
        assert httpx.get(url + "/healthz").status_code == 200  # the others are served meanwhile
        try:
            answer = slow.recv(4096)
        except TimeoutError:
            answer = b""
        finally:
            slow.close()
        assert answer.startswith(b"HTTP/1.1 408"), answer[:200]  # before: waited for ever
        assert time.monotonic() - started < 10


# --------------------------------------------------------------------------- proxies


@pytest.fixture
def proxy_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A loopback stand-in for an egress proxy, named by HTTP_PROXY; NO_PROXY cleared."""
    seen: list[str] = []

    def proxy(h: Handler) -> None:
        seen.append(h.path)  # the absolute-form request line: the proxy was asked
        h.reply(200, b"<html><title>via the proxy</title><body>" + b"words " * 40 + b"</body>")

    with serve({}, fallback=proxy) as srv:
        for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY",
                     "all_proxy", "NO_PROXY", "no_proxy"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{srv.port}")
        srv.seen = seen  # type: ignore[attr-defined]
        yield srv


async def _both_layers(tmp_path: Path, allow: list[str]) -> tuple[Any, Any, Any]:
    from citecheck.scale.shared import shared_http_layer
    from citecheck.service.app import build_http_layer, verify_guard
    from citecheck.service.metrics import Metrics

    settings = Settings(cache_dir=tmp_path / "cache", retries=0)
    metrics = Metrics()
    served = build_http_layer(settings, ServiceConfig(data_dir=tmp_path, allow=allow), metrics)
    await verify_guard(served, allow)
    worker = await shared_http_layer(settings, None, None, allow=allow)  # verified there
    return served, worker, metrics


async def test_the_service_and_the_workers_both_go_through_the_proxy(
        tmp_path: Path, proxy_env: Any) -> None:
    from citecheck.config import running

    target = free_port()  # nothing listens: only the proxy can answer
    allow = [f"127.0.0.1:{target}"]
    served, worker, metrics = await _both_layers(tmp_path, allow)
    try:
        with running(RunOptions()):
            for layer in (served, worker):
                got = await layer.fetch(f"http://127.0.0.1:{target}/paper", cache=False)
                assert got.status == 200, got  # before: the service connected directly
    finally:
        await served.aclose()
        await worker.aclose()
    assert proxy_env.seen == [f"http://127.0.0.1:{target}/paper"] * 2
    from prometheus_client import generate_latest

    assert 'service="web",status="200"' in generate_latest(metrics.registry).decode()


async def test_through_a_proxy_the_address_policy_still_refuses_internal_targets(
        tmp_path: Path, proxy_env: Any) -> None:
    from citecheck.config import running
    from citecheck.service.ssrf import AddressRefused

    served, worker, _ = await _both_layers(tmp_path, [])
    try:
        with running(RunOptions()):
            for layer in (served, worker):
                for url in ("http://10.0.0.1/", "http://169.254.169.254/latest/meta-data",
                            f"http://localhost:{free_port()}/admin", "http://[::1]/"):
                    with pytest.raises(AddressRefused) as refused:
                        await layer.fetch(url, cache=False)
                    # the target is what was refused, not the operator's proxy
                    assert f":{proxy_env.port} " not in str(refused.value), refused.value
    finally:
        await served.aclose()
        await worker.aclose()
    assert proxy_env.seen == []  # nothing was handed to the proxy to fetch


async def test_no_proxy_sends_both_the_service_and_the_workers_direct(
        tmp_path: Path, proxy_env: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from citecheck.config import running
    from citecheck.service.ssrf import AddressRefused

    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    with serve({"/direct": lambda h: h.reply(200, b"<html><title>direct</title></html>")}) as site:
        served, worker, _ = await _both_layers(tmp_path, [f"127.0.0.1:{site.port}"])
        try:
            with running(RunOptions()):
                for layer in (served, worker):
                    got = await layer.fetch(f"http://127.0.0.1:{site.port}/direct", cache=False)
                    assert got.status == 200
                    with pytest.raises(AddressRefused):  # direct, so vetted at connect time
                        await layer.fetch(f"http://127.0.0.1:{free_port()}/", cache=False)
        finally:
            await served.aclose()
            await worker.aclose()
    assert proxy_env.seen == []


async def test_a_proxied_name_is_vetted_by_what_it_resolves_to() -> None:
    from citecheck.service.ssrf import AddressPolicy, ProxiedTargets

    names = {"intranet.example": ["10.1.2.3"], "mixed.example": ["93.184.215.14", "::1"],
             "public.example": ["93.184.215.14"]}
    asked: list[str] = []

    async def resolve(host: str, port: int) -> list[str]:
        asked.append(host)
        if host not in names:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return names[host]

    vet = ProxiedTargets(None, AddressPolicy(["intranet.example:8443"]), resolve=resolve)
    assert not (await vet.decide("intranet.example", 80)).allowed
    assert "10.1.2.3 is a private address" in (await vet.decide("intranet.example", 80)).reason
    assert (await vet.decide("intranet.example", 8443)).allowed  # allow-listed by name
    assert not (await vet.decide("mixed.example", 80)).allowed  # one internal address is enough
    assert (await vet.decide("public.example", 80)).allowed
    assert (await vet.decide("only-the-proxy-knows.example", 80)).allowed  # left to the proxy
    assert not (await vet.decide("0x7f000001", 80)).allowed  # a literal is never resolved
    assert asked.count("intranet.example") == 1  # kept for a minute, not asked per request


def test_the_api_description_names_waiting_and_degraded(client: TestClient) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    assert "waiting" in schemas["JobStatus"]["properties"]
    assert "degraded" in schemas["Health"]["properties"]["status"]["enum"]
    job = client.post("/v1/checks", json={"text": DOC.decode(), "options": OFFLINE}).json()
    assert job.get("waiting") is None  # the embedded pool runs it: nothing to wait for
    assert client.get("/readyz").json() == {"status": "ok", "detail": None}


# --------------------------------------------------------------------------- the queue (PostgreSQL)


def _queue_client(url: str, tmp_path: Path, **config: Any) -> TestClient:
    cfg = ServiceConfig(data_dir=tmp_path / "data", queue=url, **config)
    return TestClient(create_app(cfg, Settings(cache_dir=tmp_path / "cache")))


def _worker(url: str, tmp_path: Path, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CITECHECK_CACHE_DIR": str(tmp_path / "wc")}
    return subprocess.Popen([sys.executable, "-m", "citecheck", "worker", "--queue", url,
                             "--concurrency", "1", "--heartbeat", "0.5", "--stalled-after", "3",
                             *extra], env=env, stderr=subprocess.PIPE)


def test_without_a_worker_the_api_says_jobs_are_waiting(postgres_url: str,  # noqa: F811
                                                         tmp_path: Path) -> None:
    with _queue_client(postgres_url, tmp_path, worker_stale=3.0) as client:
        r = client.post("/v1/checks", json={"text": DOC.decode(), "options": OFFLINE})
        assert r.status_code == 202
        job = client.get(f"/v1/checks/{r.json()['id']}").json()
        assert job["state"] == "queued"
        assert "worker" in (job.get("waiting") or ""), job  # before: nothing said, for ever
        ready = client.get("/readyz")
        assert ready.status_code == 200  # the API itself serves: see README, Scaling out
        assert ready.json()["status"] == "degraded", ready.json()
        assert "no worker" in ready.json()["detail"]
        page = client.get(f"/checks/{r.json()['id']}").text
        assert "waiting for a worker" in page
        metrics = client.get("/metrics").text
        assert "citecheck_worker_heartbeat_age_seconds" in metrics


def test_a_running_worker_clears_the_warning_and_its_absence_brings_it_back(
        postgres_url: str, tmp_path: Path) -> None:  # noqa: F811
    with _queue_client(postgres_url, tmp_path, worker_stale=3.0) as client:
        worker = _worker(postgres_url, tmp_path)
        try:
            _until(lambda: client.get("/readyz").json()["status"] == "ok", what="ready")
            r = client.post("/v1/checks", json={"text": DOC.decode(), "options": OFFLINE})
            job = _until(lambda: (j := client.get(f"/v1/checks/{r.json()['id']}").json())
                         ["state"] == "done" and j, what="the job")
            assert job.get("waiting") is None
        finally:
            _stop(worker)
        _until(lambda: client.get("/readyz").json()["status"] == "degraded", timeout=20,
               what="the warning after the worker stopped")


def test_a_job_is_followed_across_a_restart_of_the_api(postgres_url: str,  # noqa: F811
                                                       tmp_path: Path) -> None:
    with _queue_client(postgres_url, tmp_path) as client:
        job_id = client.post("/v1/checks", json={"text": DOC.decode(),
                                                 "options": OFFLINE}).json()["id"]
    worker = _worker(postgres_url, tmp_path)
    try:
        with _queue_client(postgres_url, tmp_path) as again:  # a new API process, same database
            assert again.get(f"/v1/checks/{job_id}").status_code == 200
            done = _until(lambda: (j := again.get(f"/v1/checks/{job_id}").json())["state"]
                          in ("done", "failed") and j, what="the job")
            assert done["state"] == "done" and done["attempts"] == 1
            assert "A Book About Things" in again.get(f"/v1/checks/{job_id}/export").text
    finally:
        _stop(worker)


async def test_a_job_whose_workers_kept_dying_fails_with_the_reason(
        postgres_url: str, tmp_path: Path) -> None:  # noqa: F811
    """Left 'running' under a lapsed lease after its third attempt, with no queue entry
    (its last worker was killed): a worker's recovery ends it as failed, with why."""
    from citecheck.scale.db import upgrade
    from citecheck.scale.pgstore import PostgresJobStore

    await asyncio.to_thread(upgrade, postgres_url)
    store = await PostgresJobStore(postgres_url).open()
    try:
        await store.create(NewJob("dying", "", "d.txt", DOC, OFFLINE))
        for _ in range(3):  # three workers claimed it and died
            assert await store.claim_job("dying", "w", 0.01, 3) is not None
            await asyncio.sleep(0.05)

        async def ended() -> bool:
            return (await store.get("dying")).state != "running"

        await run_worker_until(postgres_url, store, tmp_path, ended, concurrency=1,
                               heartbeat=0.5, stalled_after=1.0)
        job = await store.get("dying")
        assert job.state == "failed", job
        assert "interrupted 3 times" in job.error["detail"]
    finally:
        await store.close()


def test_serve_with_a_queue_stops_on_sigterm_and_its_jobs_wait(postgres_url: str,  # noqa: F811
                                                               tmp_path: Path) -> None:
    import httpx

    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CITECHECK_CACHE_DIR": str(tmp_path / "c")}
    cmd = [sys.executable, "-m", "citecheck", "serve", "--port", str(port), "--queue",
           postgres_url, "--data-dir", str(tmp_path / "d")]
    base = f"http://127.0.0.1:{port}"

    def up() -> bool:
        try:
            return httpx.get(base + "/healthz", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    proc = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, text=True)
    try:
        _until(up, what="the service")
        job_id = httpx.post(base + "/v1/checks", json={"text": DOC.decode(),
                                                       "options": OFFLINE}).json()["id"]
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) in (0, -signal.SIGTERM)  # uvicorn ends by the signal it got
        assert time.monotonic() - started < 15
        assert "Traceback" not in proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
    proc = subprocess.Popen(cmd, env=env, stderr=subprocess.DEVNULL)
    try:
        _until(up, what="the service again")
        job = httpx.get(f"{base}/v1/checks/{job_id}").json()
        assert job["state"] == "queued", job  # kept, waiting for a worker
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)


def test_a_worker_whose_database_is_absent_says_so_in_one_line(tmp_path: Path) -> None:
    pytest.importorskip("procrastinate", reason="the scale extra is not installed")
    proc = subprocess.run(
        [sys.executable, "-m", "citecheck", "worker", "--queue",
         f"postgresql://127.0.0.1:{free_port()}/citecheck"], capture_output=True, text=True,
        timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT),
                          "CITECHECK_CACHE_DIR": str(tmp_path)})
    assert proc.returncode == 2, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "cannot reach the database" in lines[0], proc.stderr


async def test_a_worker_outlives_a_redis_restart(redis_client: Any,  # noqa: F811
                                                 tmp_path: Path) -> None:
    """Redis away mid-run: a request fails with the reason (never a verdict); once Redis is
    back the same layer takes its turns again, without a restart of the worker."""
    from urllib.parse import urlsplit

    from citecheck.config import running
    from citecheck.errors import ServiceUnavailable
    from citecheck.net import HttpLayer
    from citecheck.scale.redislimits import RedisLimits, connect
    from services import REDIS
    from test_scale_trial import Forwarder

    fwd = Forwarder(urlsplit(REDIS).port or 6379)
    fwd.start()
    client = connect(REDIS.replace(f":{urlsplit(REDIS).port}", f":{fwd.port}"))
    with serve({}, fallback=lambda h: h.reply(200, b"<html><title>a</title></html>")) as site:
        layer = HttpLayer(Settings(cache_dir=tmp_path, retries=0),
                          limits=RedisLimits(client, lease=30))
        try:
            with running(RunOptions()):
                url = f"http://127.0.0.1:{site.port}/p"
                assert (await layer.fetch(url, cache=False)).status == 200
                fwd.cut()
                with pytest.raises(ServiceUnavailable) as away:
                    await layer.fetch(url + "2", cache=False)
                assert "\n" not in str(away.value) and "Redis" in str(away.value)
                fwd.start()
                assert (await layer.fetch(url + "3", cache=False)).status == 200
        finally:
            await layer.aclose()
            await client.aclose()
            fwd.cut()
