"""`citecheck serve` tried as a new user and a hostile client would (the servetrial round).

Each test is a case that failed when tried: a body sent without a length past
the limit (answered 400, not 413), an upload form without a file (a Python
type name in the message), the editor page with JavaScript off (its form
could not be sent at all), the worker pool's heartbeat ending for good after
one store error, and `serve --queue` on an unreachable database (a traceback
and exit 3).
"""

from __future__ import annotations

import asyncio
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the service needs fastapi (pip install -e .)")

from fastapi.testclient import TestClient  # noqa: E402

from citecheck.config import Settings  # noqa: E402
from citecheck.service.app import ServiceConfig, create_app  # noqa: E402
from citecheck.service.jobs import JobRunner  # noqa: E402
from citecheck.service.store import SQLiteJobStore, StoreUnavailable  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DOC = b"Text.\n\nReferences\n\nSmith, John. 1990. A Book About Things. London: Penguin.\n"


def make_client(tmp_path: Path, **config: Any) -> TestClient:
    cfg = ServiceConfig(data_dir=tmp_path / "data", poll=0.05, **config)
    return TestClient(create_app(cfg, Settings(cache_dir=tmp_path / "cache")))


def test_a_body_without_a_length_past_the_limit_is_413(tmp_path: Path) -> None:
    def chunks():  # sent chunked: no Content-Length to refuse it by
        for _ in range(8):
            yield b"x" * 1024

    with make_client(tmp_path, max_body_bytes=4096, max_upload_bytes=4096) as client:
        r = client.post("/v1/checks", content=chunks(), headers={"content-type": "application/json"})
        assert r.status_code == 413, r.text
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["detail"] == "the body is limited to 4 KB (4096 bytes)"
        # a multipart upload sent the same way
        boundary = "b0undary"
        head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
                "filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\n").encode()

        def upload():
            yield head
            for _ in range(8):
                yield b"y" * 1024
            yield f"\r\n--{boundary}--\r\n".encode()

        r = client.post("/v1/checks/upload", content=upload(),
                        headers={"content-type": f"multipart/form-data; boundary={boundary}"})
        assert r.status_code == 413, r.text
        # within the limit the same route still works
        r = client.post("/v1/checks", json={"text": DOC.decode(), "options": {"offline": True}})
        assert r.status_code == 202


def test_an_upload_without_a_file_says_so_in_words(tmp_path: Path) -> None:
    with make_client(tmp_path) as client:
        for files in ({"file": ("", b"", "application/octet-stream")},  # a form, no file chosen
                      {"other": ("a.txt", DOC, "text/plain")}):
            r = client.post("/v1/checks/upload", files=files)
            assert r.status_code == 422
            detail = r.json()["detail"]
            assert detail == "choose a file to upload (.txt, .md, .pdf or .bib)", detail
            assert "class" not in r.text
        # a name without a suffix (what is left of '../../etc/passwd') is said as such
        r = client.post("/v1/checks/upload", files={"file": ("../../etc/passwd", DOC, "text/plain")})
        assert r.status_code == 415
        assert r.json()["detail"] == "send .txt, .md, .pdf or .bib (the file name has no suffix)"


def _wait_page(client: TestClient, url: str, timeout: float = 60) -> str:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        page = client.get(url)
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        if 'http-equiv="refresh"' not in page.text:
            return page.text
        time.sleep(0.05)
    raise AssertionError("the check did not end")


def test_the_editor_page_works_without_javascript(tmp_path: Path) -> None:
    with make_client(tmp_path) as client:
        page = client.get("/")
        form = re.search(r"<form[^>]*>", page.text).group(0)
        assert 'action="/submit"' in form and 'method="post"' in form
        assert 'enctype="multipart/form-data"' in form
        assert "form-action 'self'" in page.headers["content-security-policy"]
        for field in ("file", "text", "links", "resolve", "offline", "bibtex", "token"):
            assert f'name="{field}"' in page.text, field
        assert "<noscript>" in page.text
        # a file, as the browser sends the form: ticked boxes only
        name = "<img src=x onerror=alert(1)>.txt"
        r = client.post("/submit", files={"file": (name, DOC, "text/plain")},
                        data={"offline": "1", "links": "1"}, follow_redirects=False)
        assert r.status_code == 303, r.text
        url = r.headers["location"]
        assert url.startswith("/checks/")
        body = _wait_page(client, url)
        kept = "img src=x onerror=alert(1).txt"  # service/names.py: safe, still recognisable
        assert "<img" not in body and kept in body
        assert "done" in body
        report = re.search(r'href="([^"]+format=html)"', body).group(1)
        assert client.get(report).status_code == 200
        bib = re.search(r'href="([^"]+to=bibtex)"', body).group(1)
        assert "A Book About Things" in client.get(bib).text
        job = client.get("/v1/checks/" + url.rsplit("/", 1)[1]).json()
        assert job["name"] == kept
        # pasted BibTeX, the box ticked
        r = client.post("/submit", data={"text": "@book{k, title={T}, author={A, B}, year=2000}",
                                         "bibtex": "1", "offline": "1"}, follow_redirects=False)
        assert r.status_code == 303
        assert "done" in _wait_page(client, r.headers["location"])


def test_the_page_without_javascript_answers_errors_in_one_escaped_line(tmp_path: Path) -> None:
    with make_client(tmp_path) as client:
        cases = [
            ({"data": {"offline": "1"}}, 422, "choose a file or paste some text first"),
            ({"files": {"file": ("x.exe", DOC, "application/octet-stream")}}, 415, "x.exe"),
            ({"files": {"file": ("e<b>vil.txt", b"", "text/plain")}}, 422,
             "e_b_vil.txt: the document is empty"),
        ]
        for kwargs, status, line in cases:
            r = client.post("/submit", follow_redirects=False, **kwargs)
            assert r.status_code == status, r.text
            assert r.headers["content-type"].startswith("text/html")
            assert line in r.text and "Traceback" not in r.text and "<b>" not in r.text
        # a check that fails: its page ends (no refresh) and says why, in one line
        r = client.post("/submit", data={"text": "Just a <i>line</i> of prose.\n", "offline": "1"},
                        follow_redirects=False)
        failed = _wait_page(client, r.headers["location"])
        assert "failed" in failed and "no bibliography found" in failed
        assert 'id="results"' not in failed and "Traceback" not in failed
        missing = client.get("/checks/nosuchcheck")
        assert missing.status_code == 404 and "no such check" in missing.text
        assert client.get("/checks/%3Cscript%3E").text.count("<script") == 0


def test_without_javascript_a_service_with_tokens_takes_the_token_from_the_form(
        tmp_path: Path) -> None:
    with make_client(tmp_path, tokens=["s3cret"]) as client:
        r = client.post("/submit", data={"text": DOC.decode(), "offline": "1"})
        assert r.status_code == 401 and "bearer token" in r.text
        r = client.post("/submit", data={"text": DOC.decode(), "offline": "1",
                                         "token": "s3cret"}, follow_redirects=False)
        assert r.status_code == 202 and "needs a token" in r.text
        assert client.get("/v1/checks", headers={"authorization": "Bearer s3cret"}).json()["items"]


class FlakyStore(SQLiteJobStore):
    """A store whose counts fail a few times (a database restarting)."""

    failures = 2

    async def counts(self) -> dict[str, int]:
        if self.failures:
            self.failures -= 1
            raise StoreUnavailable("the job store is unreachable")
        return await super().counts()


async def test_the_pool_heartbeat_outlives_a_store_outage(tmp_path: Path) -> None:
    store = FlakyStore(tmp_path / "jobs.sqlite3")
    runner = JobRunner(store, None, Settings(cache_dir=tmp_path), workers=0, lease=0.6)
    runner.start()
    try:
        await asyncio.sleep(1.5)  # the heartbeat runs every 0.2 s: the failures are behind it
        assert store.failures == 0
        heartbeat = runner._tasks[0]
        assert not heartbeat.done(), heartbeat  # before: ended by the first failure, for good
    finally:
        await runner.drain(0)
        await store.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_with_an_unreachable_queue_database_is_one_line(tmp_path: Path) -> None:
    pytest.importorskip("procrastinate", reason="the scale extra is not installed")
    dead = _free_port()  # nothing listens there
    proc = subprocess.run(
        [sys.executable, "-m", "citecheck", "serve", "--port", str(_free_port()),
         "--queue", f"postgresql://127.0.0.1:{dead}/citecheck", "--data-dir", str(tmp_path)],
        capture_output=True, text=True, timeout=60, cwd=tmp_path,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot reach the database" in lines[0], proc.stderr


# -------------------------------------------------------------------------- in Chromium


def _chromium(javascript: bool) -> Any:
    from test_html_browser import CHROMEDRIVER, CHROMIUM, CHROMIUM_FLAGS

    if not CHROMIUM or not CHROMEDRIVER:
        pytest.skip("headless Chromium not installed (needs Debian packages chromium and "
                    "chromium-driver; run .ci/install-browser.sh)")
    pytest.importorskip("selenium", reason="selenium not installed (pip install -e .[test])")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM or ""
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    if not javascript:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)


def _until(check: Any, timeout: float = 60, what: str = "condition") -> Any:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            value = check()
        except Exception:  # not there yet, or the page is reloading
            value = None
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.browser
def test_a_browser_without_javascript_checks_a_document(tmp_path: Path) -> None:
    import httpx
    from asgi_server import running_app
    from selenium.webdriver.common.by import By

    config = ServiceConfig(data_dir=tmp_path / "data", poll=0.05)
    driver = _chromium(javascript=False)
    try:
        with running_app(create_app(config, Settings(cache_dir=tmp_path / "c"))) as url:
            driver.get(url + "/")
            driver.find_element(By.ID, "text").send_keys(DOC.decode())
            driver.find_element(By.ID, "opt-offline").click()
            driver.find_element(By.ID, "check").click()  # before: the CSP refused the form
            _until(lambda: "/checks/" in driver.current_url, what="the check's page")
            _until(lambda: driver.find_elements(By.ID, "results"), what="the results")
            assert driver.find_element(By.ID, "job-state").text.startswith("done")
            bib = driver.find_element(By.PARTIAL_LINK_TEXT, "(BibTeX)").get_attribute("href")
            assert "A Book About Things" in httpx.get(bib).text  # (Chromium would save it)
            driver.find_element(By.PARTIAL_LINK_TEXT, "(HTML)").click()
            _until(lambda: driver.find_elements(By.CSS_SELECTOR, "article.card"),
                   what="the HTML report")
    finally:
        driver.quit()


@pytest.mark.browser
def test_the_page_says_when_a_followed_check_is_gone(tmp_path: Path) -> None:
    import httpx
    from asgi_server import running_app
    from loopback import Handler, serve
    from selenium.webdriver.common.by import By

    def slow(h: Handler) -> None:
        if "no-such" in h.path or h.path.startswith(("/cdx", "/wb", "/tm")):
            h.reply(404, b"<html><title>Not found</title></html>")
            return
        time.sleep(1.0)
        h.reply(200, b"<html><title>Slow page</title><body>" + b"words " * 50 + b"</body></html>")

    with serve({}, fallback=slow) as site:
        web = f"http://127.0.0.1:{site.port}"
        settings = Settings(cache_dir=tmp_path / "c", cdx_url=f"{web}/cdx",
                            wayback_url=f"{web}/wb", memento_url=f"{web}/tm",
                            rate_limits={"web": 1000.0})
        config = ServiceConfig(data_dir=tmp_path / "data", poll=0.05,
                               allow=[f"127.0.0.1:{site.port}"])
        doc = "References\n\n" + "\n\n".join(
            f"Writer, Ann. 20{10 + k}. Report {k}. Agency. {web}/r{k}" for k in range(12)) + "\n"
        driver = _chromium(javascript=True)
        try:
            with running_app(create_app(config, settings)) as url:
                driver.get(url + "/")
                driver.find_element(By.ID, "text").send_keys(doc)
                driver.find_element(By.ID, "opt-resolve").click()  # links only
                driver.find_element(By.ID, "check").click()
                _until(lambda: driver.find_element(By.ID, "progress-section").is_displayed(),
                       what="progress")
                jobs = httpx.get(url + "/v1/checks").json()["items"]
                assert len(jobs) == 1 and jobs[0]["state"] in ("queued", "running")
                assert httpx.delete(url + f"/v1/checks/{jobs[0]['id']}").status_code == 204
                # before: the page went on showing the check as running, for ever
                _until(lambda: driver.find_element(By.ID, "job-state").text == "gone",
                       what="the page to say the check is gone")
                assert "no such check" in driver.find_element(By.ID, "job-error").text
        finally:
            driver.quit()
