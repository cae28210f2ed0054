"""The shared HTTP layer: cache, retries, limits, body cap, error translation.

Unit behaviour runs on ``httpx.MockTransport``; streaming bodies, gzip bombs
and killed writers use real servers/processes on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
import tracemalloc
from collections import Counter
from pathlib import Path

import httpx
import pytest
from loopback import gzip_bomb, serve

from citecheck import errors
from citecheck.config import RunOptions, Settings, running
from citecheck.net.cache import BATCH_ROWS, BatchedCache
from citecheck.net import (
    HttpLayer,
    Response,
    ResponseCache,
    parse_retry_after,
    rate_limit_hints,
    translate,
)

ROOT = Path(__file__).resolve().parent.parent


def make_settings(tmp_path: Path, **kw: object) -> Settings:
    base: dict[str, object] = dict(
        cache_dir=tmp_path / "cache", backoff_base=0.01, retries=3, mailto="dev@example.org"
    )
    base.update(kw)
    return Settings(**base)  # type: ignore[arg-type]


class Recorder:
    """MockTransport handler that answers from a script and counts calls."""

    def __init__(self, *answers: httpx.Response | Exception) -> None:
        self.answers = list(answers)
        self.calls: list[httpx.Request] = []
        self.times: list[float] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.calls.append(request)
        self.times.append(time.monotonic())
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        return answer

    def layer(self, settings: Settings) -> HttpLayer:
        return HttpLayer(settings, transport=httpx.MockTransport(self))


# --------------------------------------------------------------------------- cache


async def test_second_fetch_comes_from_cache(tmp_path: Path) -> None:
    rec = Recorder(httpx.Response(200, json={"ok": True}))
    async with rec.layer(make_settings(tmp_path)) as http:
        first = await http.fetch("http://a.test/x")
        second = await http.fetch("http://a.test/x")
    assert (first.from_cache, second.from_cache) == (False, True)
    assert second.json() == {"ok": True}
    assert len(rec.calls) == 1
    # a new layer (the next run) reuses the file on disk
    async with rec.layer(make_settings(tmp_path)) as http:
        third = await http.fetch("http://a.test/x")
    assert third.from_cache and len(rec.calls) == 1


async def test_refresh_ignores_the_cache(tmp_path: Path) -> None:
    rec = Recorder(httpx.Response(200, text="v1"), httpx.Response(200, text="v2"))
    async with rec.layer(make_settings(tmp_path)) as http:
        await http.fetch("http://a.test/x")
    with running(RunOptions(refresh=True)):
        async with rec.layer(make_settings(tmp_path)) as http:
            again = await http.fetch("http://a.test/x")
    assert again.text == "v2" and not again.from_cache and len(rec.calls) == 2


async def test_offline_uses_only_the_cache(tmp_path: Path) -> None:
    rec = Recorder(httpx.Response(200, text="cached"))
    async with rec.layer(make_settings(tmp_path)) as http:
        await http.fetch("http://a.test/x")
    with running(RunOptions(offline=True)):
        async with rec.layer(make_settings(tmp_path)) as http:
            assert (await http.fetch("http://a.test/x")).text == "cached"
            with pytest.raises(errors.OfflineError):
                await http.fetch("http://a.test/other")
    assert len(rec.calls) == 1


@pytest.mark.parametrize(
    ("status", "cached"),
    [(200, True), (301, True), (404, True), (410, True), (403, False), (429, False),
     (500, False), (503, False)],
)
async def test_only_definite_answers_are_cached(tmp_path: Path, status: int, cached: bool) -> None:
    rec = Recorder(httpx.Response(status, headers={"location": "/y"} if status == 301 else {}))
    async with rec.layer(make_settings(tmp_path, retries=0)) as http:
        await http.fetch("http://a.test/x", follow_redirects=False)
        second = await http.fetch("http://a.test/x", follow_redirects=False)
    assert second.from_cache is cached
    assert len(rec.calls) == (1 if cached else 2)


async def test_timeouts_are_not_cached(tmp_path: Path) -> None:
    rec = Recorder(httpx.ReadTimeout("slow"), httpx.Response(200, text="fine"))
    async with rec.layer(make_settings(tmp_path, retries=0)) as http:
        with pytest.raises(errors.TimeoutError_):
            await http.fetch("http://a.test/x")
        assert (await http.fetch("http://a.test/x")).text == "fine"


def test_cache_survives_a_killed_writer(tmp_path: Path) -> None:
    """SIGKILL a process in the middle of writing; the DB opens and keeps what was done."""
    cache_dir = tmp_path / "cache"
    script = textwrap.dedent(
        f"""
        import sys; sys.path.insert(0, {str(ROOT)!r})
        from pathlib import Path
        from citecheck.net import ResponseCache, Response
        cache = ResponseCache(Path({str(cache_dir)!r}) / "http-cache.sqlite3")
        i = 0
        while True:
            cache.put(f"k{{i}}", "web", Response(url=f"http://a.test/{{i}}", status=200,
                      headers={{}}, content=b"x" * 50000, truncated=False))
            i += 1
            if i == 50:
                print("ready", flush=True)
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == b"ready"
    time.sleep(0.2)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    db = sqlite3.connect(cache_dir / "http-cache.sqlite3")
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    rows = db.execute("SELECT COUNT(*) FROM responses").fetchone()[0]
    db.close()
    assert rows >= 50
    cache = ResponseCache(cache_dir / "http-cache.sqlite3")
    hit = cache.get("k0")
    assert hit is not None and hit[0].status == 200 and hit[0].from_cache
    cache.close()


async def test_closing_the_layer_stores_every_answer_before_it_returns(tmp_path: Path) -> None:
    """The store's connection is closed by the writer thread afterwards (SQLite's WAL
    checkpoint), but every answer is committed when aclose returns: another connection
    reads them all at once, and a second close is harmless."""
    rec = Recorder(httpx.Response(200, text="page"))
    layer = rec.layer(make_settings(tmp_path))
    for i in range(300):  # more than one batch
        await layer.fetch(f"http://a.test/{i}")
    await layer.aclose()
    db = sqlite3.connect(tmp_path / "cache" / "http-cache.sqlite3")
    try:
        assert db.execute("SELECT COUNT(*) FROM responses").fetchone()[0] == 300
    finally:
        db.close()
    await layer.aclose()
    async with rec.layer(make_settings(tmp_path)) as again:  # the same file, opened anew
        assert (await again.fetch("http://a.test/7")).from_cache


# --------------------------------------------------------------------------- retries


async def test_503_is_retried_until_success(tmp_path: Path) -> None:
    rec = Recorder(httpx.Response(503), httpx.Response(503), httpx.Response(200, text="up"))
    async with rec.layer(make_settings(tmp_path)) as http:
        resp = await http.fetch("http://a.test/x")
        assert resp.status == 200 and http.stats["retries"] == 2
    assert len(rec.calls) == 3


async def test_5xx_comes_back_as_a_response_after_retries(tmp_path: Path) -> None:
    rec = Recorder(httpx.Response(500))
    async with rec.layer(make_settings(tmp_path, retries=2)) as http:
        assert (await http.fetch("http://a.test/x")).status == 500
    assert len(rec.calls) == 3


@pytest.mark.parametrize("status", [404, 410, 403, 400])
async def test_no_retry_on_definite_client_errors(tmp_path: Path, status: int) -> None:
    rec = Recorder(httpx.Response(status))
    async with rec.layer(make_settings(tmp_path)) as http:
        assert (await http.fetch("http://a.test/x")).status == status
    assert len(rec.calls) == 1


async def test_429_waits_for_retry_after(tmp_path: Path) -> None:
    rec = Recorder(httpx.Response(429, headers={"retry-after": "1"}), httpx.Response(200))
    async with rec.layer(make_settings(tmp_path)) as http:
        resp = await http.fetch("http://a.test/x")
        assert http.stats["429s"] == 1
    assert resp.status == 200
    assert rec.times[1] - rec.times[0] >= 0.95  # not the 10 ms backoff


async def test_long_retry_after_is_not_waited_out(tmp_path: Path) -> None:
    rec = Recorder(httpx.Response(429, headers={"retry-after": "3600"}))
    async with rec.layer(make_settings(tmp_path)) as http:
        started = time.monotonic()
        assert (await http.fetch("http://a.test/x")).status == 429
    assert time.monotonic() - started < 1 and len(rec.calls) == 1


async def test_connection_errors_are_retried(tmp_path: Path) -> None:
    rec = Recorder(httpx.ConnectError("Connection refused"), httpx.Response(200))
    async with rec.layer(make_settings(tmp_path)) as http:
        assert (await http.fetch("http://a.test/x")).status == 200
    assert len(rec.calls) == 2


async def test_dns_errors_are_not_retried(tmp_path: Path) -> None:
    rec = Recorder(httpx.ConnectError("[Errno -2] Name or service not known"))
    async with rec.layer(make_settings(tmp_path)) as http:
        with pytest.raises(errors.DNSError):
            await http.fetch("http://gone.test/x")
    assert len(rec.calls) == 1


async def test_a_host_that_did_not_resolve_fails_at_once_for_the_rest_of_the_run(tmp_path: Path) -> None:
    calls = []

    async def slow_dns_failure(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        await asyncio.sleep(0.2)  # the others queue behind the rate limit meanwhile
        raise httpx.ConnectError("[Errno -2] Name or service not known")

    settings = make_settings(tmp_path, rate_limits={"slow": 0.5})
    async with HttpLayer(settings, transport=httpx.MockTransport(slow_dns_failure)) as http:
        started = time.monotonic()
        results = await asyncio.gather(
            *(http.fetch(f"http://gone.test/{i}", service="slow") for i in range(5)),
            return_exceptions=True,
        )
        elapsed = time.monotonic() - started
    assert all(isinstance(r, errors.DNSError) for r in results)
    assert len(calls) == 1
    assert elapsed < 1.0  # the queued requests did not wait out the 0.5/s limit


# --------------------------------------------------------------------------- redirects


async def test_redirect_chain_is_kept(tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        hops = {"/a": (301, "/b"), "/b": (302, "http://c.test/c")}
        if request.url.path in hops:
            status, loc = hops[request.url.path]
            return httpx.Response(status, headers={"location": loc})
        return httpx.Response(200, text="here")

    async with HttpLayer(make_settings(tmp_path), transport=httpx.MockTransport(handler)) as http:
        resp = await http.fetch("http://a.test/a")
    assert resp.url == "http://c.test/c"
    assert resp.history == [(301, "http://a.test/a"), (302, "http://a.test/b")]


async def test_redirect_loop_raises_too_many_redirects(tmp_path: Path) -> None:
    rec = Recorder(httpx.Response(302, headers={"location": "/x"}))
    async with rec.layer(make_settings(tmp_path, max_redirects=5)) as http:
        with pytest.raises(errors.TooManyRedirects, match="loop"):
            await http.fetch("http://a.test/x")
    assert len(rec.calls) == 6


# --------------------------------------------------------------------------- limits


async def test_rate_limit_spaces_requests(tmp_path: Path) -> None:
    rec = Recorder(httpx.Response(200))
    settings = make_settings(tmp_path, rate_limits={"slowsvc": 10.0})
    async with rec.layer(settings) as http:
        await asyncio.gather(
            *(http.fetch(f"http://a.test/{i}", service="slowsvc", cache=False) for i in range(5))
        )
    gaps = [b - a for a, b in zip(rec.times, rec.times[1:])]
    assert min(gaps) >= 0.09, gaps


async def test_crossref_rate_limit_headers_slow_the_service(tmp_path: Path) -> None:
    rec = Recorder(
        httpx.Response(200, headers={"x-rate-limit-limit": "5", "x-rate-limit-interval": "1s"})
    )
    async with rec.layer(make_settings(tmp_path, rate_limits={"crossref": 100.0})) as http:
        for i in range(3):
            await http.fetch(f"http://a.test/{i}", service="crossref", cache=False)
    gaps = [b - a for a, b in zip(rec.times, rec.times[1:])]
    assert min(gaps) >= 0.19, gaps  # 5 per second, not the configured 100


async def test_per_host_concurrency_is_bounded(tmp_path: Path) -> None:
    active: Counter[str] = Counter()
    peak: Counter[str] = Counter()
    overall_peak = 0

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal overall_peak
        host = request.url.host
        active[host] += 1
        peak[host] = max(peak[host], active[host])
        overall_peak = max(overall_peak, sum(active.values()))
        await asyncio.sleep(0.05)
        active[host] -= 1
        return httpx.Response(200)

    settings = make_settings(tmp_path, host_concurrency=2)
    async with HttpLayer(settings, transport=httpx.MockTransport(handler)) as http:
        await asyncio.gather(
            *(http.fetch(f"http://h{i % 2}.test/{i}", cache=False) for i in range(12))
        )
    assert peak == {"h0.test": 2, "h1.test": 2}
    assert overall_peak == 4


@pytest.mark.parametrize("mailto, expected", [("dev@example.org", 3), (None, 1)])
async def test_crossref_gets_its_published_concurrency(tmp_path: Path, mailto: str | None,
                                                       expected: int) -> None:
    # Crossref: 3 requests at a time with a contact address, 1 without, whatever --host-concurrency
    active = peak = 0

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal active, peak
        active += 1
        peak = max(peak, active)
        await asyncio.sleep(0.02)
        active -= 1
        return httpx.Response(200)

    settings = make_settings(tmp_path, host_concurrency=8, mailto=mailto,
                             rate_limits={"crossref": 1000.0})
    async with HttpLayer(settings, transport=httpx.MockTransport(handler)) as http:
        await asyncio.gather(
            *(http.fetch(f"http://api.crossref.test/works/{i}", service="crossref", cache=False)
              for i in range(9))
        )
    assert peak == expected


@pytest.mark.parametrize(
    "mailto, configured, expected",
    [("dev@example.org", None, 3.0), (None, None, 1.0), (None, {"crossref": 5.0}, 5.0)],
)
def test_crossref_default_rate_drops_to_the_public_pool_without_a_contact(
    tmp_path: Path, mailto: str | None, configured: dict | None, expected: float
) -> None:
    kw: dict[str, object] = {"mailto": mailto}
    if configured:
        kw["rate_limits"] = configured
    layer = HttpLayer(make_settings(tmp_path, **kw), transport=httpx.MockTransport(Recorder(httpx.Response(200))))
    assert layer._service_rate("crossref") == expected


@pytest.mark.parametrize("setup", ["a-file", "not-a-database"])
def test_unusable_cache_is_a_config_error(tmp_path: Path, setup: str) -> None:
    if setup == "a-file":
        target = tmp_path / "cache"
        target.write_text("not a folder", encoding="utf-8")
        path = target / "http-cache.sqlite3"
    else:
        path = tmp_path / "http-cache.sqlite3"
        path.write_text("garbage, not SQLite", encoding="utf-8")
    with pytest.raises(errors.ConfigError, match="--cache-dir"):
        ResponseCache(path)


async def test_duplicate_in_flight_requests_are_sent_once(tmp_path: Path) -> None:
    async def handler(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0.05)
        return httpx.Response(200, text="one")

    calls = 0

    async def counting(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        return await handler(request)

    async with HttpLayer(make_settings(tmp_path), transport=httpx.MockTransport(counting)) as h:
        results = await asyncio.gather(*(h.fetch("http://a.test/same") for _ in range(5)))
    assert calls == 1 and {r.text for r in results} == {"one"}


async def test_user_agent_names_citecheck_and_contact(tmp_path: Path) -> None:
    rec = Recorder(httpx.Response(200))
    async with rec.layer(make_settings(tmp_path)) as http:
        await http.fetch("http://a.test/x")
    ua = rec.calls[0].headers["user-agent"]
    assert "citecheck/" in ua and "dev@example.org" in ua


# --------------------------------------------------------------------------- body cap


async def test_huge_body_is_cut_at_the_cap(tmp_path: Path) -> None:
    with serve({"/huge": lambda h: h.stream_forever()}) as srv:
        async with HttpLayer(make_settings(tmp_path, max_body_bytes=100_000)) as http:
            started = time.monotonic()
            resp = await http.fetch(f"http://127.0.0.1:{srv.port}/huge")
    assert resp.truncated and len(resp.content) == 100_000
    assert time.monotonic() - started < 5  # did not read the 1 GiB


async def test_gzip_bomb_is_capped_after_decoding(tmp_path: Path) -> None:
    bomb = gzip_bomb()

    def route(h):  # type: ignore[no-untyped-def]
        h.reply(200, bomb, {"Content-Encoding": "gzip"}, content_type="text/html")

    with serve({"/bomb": route}) as srv:
        async with HttpLayer(make_settings(tmp_path, max_body_bytes=1_000_000)) as http:
            tracemalloc.start()
            resp = await http.fetch(f"http://127.0.0.1:{srv.port}/bomb", cache=False)
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
    assert resp.truncated and len(resp.content) == 1_000_000
    assert set(resp.content) == {0}
    assert peak < 20 * 1024 * 1024, peak  # 200 MiB decoded was never held


async def test_body_of_exactly_the_cap_is_not_truncated(tmp_path: Path) -> None:
    rec = Recorder(httpx.Response(200, content=b"a" * 100))
    async with rec.layer(make_settings(tmp_path, max_body_bytes=100)) as http:
        resp = await http.fetch("http://a.test/x")
    assert not resp.truncated and len(resp.content) == 100


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (httpx.ConnectError("[Errno -2] Name or service not known"), errors.DNSError),
        # the resolver did not answer: no evidence about the name (a failure of the moment)
        (httpx.ConnectError("[Errno -3] Temporary failure in name resolution"),
         errors.NameLookupFailed),
        (httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed"),
         errors.TLSError),
        (httpx.ConnectError("[Errno 111] Connection refused"), errors.ConnectError),
        (httpx.RemoteProtocolError("Server disconnected"), errors.ConnectError),
        (httpx.ReadTimeout("timed out"), errors.TimeoutError_),
        (httpx.ConnectTimeout("timed out"), errors.TimeoutError_),
        (TimeoutError(), errors.TimeoutError_),
        (httpx.UnsupportedProtocol("ftp"), errors.NetError),
    ],
)
def test_httpx_errors_are_translated(exc: Exception, expected: type) -> None:
    out = translate(exc, "http://x.test/")
    assert type(out) is expected and out.url == "http://x.test/"


async def test_fetch_never_leaks_httpx_exceptions(tmp_path: Path) -> None:
    rec = Recorder(httpx.ReadError("boom"))
    async with rec.layer(make_settings(tmp_path, retries=1)) as http:
        with pytest.raises(errors.NetError):
            await http.fetch("http://a.test/x")
        with pytest.raises(errors.NetError):
            await http.fetch("ftp://a.test/x")


async def test_reserved_invalid_names_fail_without_a_lookup(tmp_path: Path) -> None:
    rec = Recorder(httpx.Response(200))
    async with rec.layer(make_settings(tmp_path)) as http:
        with pytest.raises(errors.DNSError):
            await http.fetch("http://nothing.invalid/")
    assert rec.calls == []


def test_response_json_error_is_a_net_error() -> None:
    resp = Response(url="http://a.test/", status=200, headers={}, content=b"<html>",
                    truncated=False)
    with pytest.raises(errors.NetError):
        resp.json()


@pytest.mark.parametrize(
    ("value", "expected"),
    [("5", 5.0), ("0", 0.0), (" 2.5 ", 2.5), ("soon", None), (None, None),
     ("Wed, 21 Oct 2015 07:28:00 GMT", 10.0)],
)
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    now = 1445412470.0  # ten seconds before the HTTP-date above
    assert parse_retry_after(value, now=now) == expected


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"x-rate-limit-limit": "50", "x-rate-limit-interval": "1s"}, (0.02, None)),
        ({"x-rate-limit-limit": "10", "x-rate-limit-interval": "1m"}, (6.0, None)),
        ({"x-ratelimit-remaining": "0", "x-ratelimit-reset": "30"}, (None, 1030.0)),
        ({"ratelimit-remaining": "0", "ratelimit-reset": "2000000000"}, (None, 2e9)),
        ({"x-ratelimit-remaining": "7", "x-ratelimit-reset": "30"}, (None, None)),
        ({}, (None, None)),
    ],
)
def test_rate_limit_hints(headers: dict[str, str], expected: tuple) -> None:
    assert rate_limit_hints(headers, now=1000.0) == expected


async def test_cookies_are_carried_along_a_redirect_chain(tmp_path: Path) -> None:
    """A site that sets a cookie and redirects to itself must not look like a loop."""

    def handler(request: httpx.Request) -> httpx.Response:
        if "seen=1" in request.headers.get("cookie", ""):
            return httpx.Response(200, text="welcome back")
        return httpx.Response(
            302,
            headers=[("location", "/article"),
                     ("set-cookie", "seen=1; Path=/; Expires=Wed, 21 Oct 2037 07:28:00 GMT"),
                     ("set-cookie", "other=2; Path=/")],
        )

    async with HttpLayer(make_settings(tmp_path), transport=httpx.MockTransport(handler)) as h:
        resp = await h.fetch("http://a.test/article")
    assert resp.status == 200 and len(resp.history) == 1


# --------------------------------------------------------------------------- proxies (trust_env)


def test_proxies_come_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from citecheck.net.transport import Transports

    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:3128")
    monkeypatch.setenv("NO_PROXY", "localhost,127.0.0.1,.internal.test")
    routes = Transports(make_settings(tmp_path))
    assert routes.proxy_for(httpx.URL("http://example.org/x")) == "http://127.0.0.1:3128"
    assert routes.proxy_for(httpx.URL("http://127.0.0.1:8080/x")) is None
    assert routes.proxy_for(httpx.URL("http://a.internal.test/x")) is None
    assert routes.proxy_for(httpx.URL("https://example.org/x")) is None  # no HTTPS_PROXY


async def test_a_request_goes_through_the_environment_proxy(monkeypatch: pytest.MonkeyPatch,
                                                            tmp_path: Path) -> None:
    seen: list[str] = []

    def proxy(h):  # type: ignore[no-untyped-def]
        seen.append(h.path)  # absolute-form request line: the proxy was asked
        h.reply(200, b"<title>via the proxy</title>")

    with serve({}, fallback=proxy) as srv:
        monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{srv.port}")
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        async with HttpLayer(make_settings(tmp_path)) as http:
            resp = await http.fetch("http://cited.example/page", cache=False)
    assert resp.status == 200 and seen == ["http://cited.example/page"]


# --------------------------------------------------------------------------- cache writer


class _SlowStore(BatchedCache):
    """A store whose writes wait for a signal (or fail), to watch the writer thread."""

    def __init__(self, fail: bool = False) -> None:
        super().__init__()
        self.rows: dict[str, tuple] = {}
        self.go = threading.Event()
        self.fail = fail

    def _read(self, key: str) -> tuple | None:
        row = self.rows.get(key)
        return None if row is None else row[2:]

    def _write(self, rows: list[tuple]) -> None:
        self.go.wait(10)
        if self.fail:
            raise sqlite3.OperationalError("database or disk is full")
        self.rows.update({row[0]: row for row in rows})


def _answer(n: int) -> Response:
    return Response(url=f"http://a.test/{n}", status=200, headers={}, content=b"x",
                    truncated=False)


def test_cache_answers_from_a_batch_being_written() -> None:
    """A full batch goes to the writer thread; until stored it is still read back."""
    store = _SlowStore()
    for n in range(BATCH_ROWS):  # the last put hands the batch to the writer
        store.put(f"k{n}", "web", _answer(n))
    assert not store.rows  # the writer waits: nothing stored yet
    hit = store.get("k3")
    assert hit is not None and hit[0].url == "http://a.test/3"
    started = time.monotonic()
    for n in range(BATCH_ROWS, 3 * BATCH_ROWS):  # the writer is busy: the next batch grows
        store.put(f"k{n}", "web", _answer(n))
    assert time.monotonic() - started < 1  # never waits for the writer (it waits 10 s)
    assert store.get(f"k{2 * BATCH_ROWS}") is not None  # pending, read back
    store.go.set()
    store.flush()
    assert set(store.rows) == {f"k{n}" for n in range(3 * BATCH_ROWS)}
    assert store.get("k3") is not None and store.write_errors == 0
    store.close()


def test_a_failed_cache_write_loses_the_batch_not_the_run() -> None:
    store = _SlowStore(fail=True)
    store.go.set()
    store.put("k", "web", _answer(1))
    store.flush()  # the store's error is counted, never raised
    assert store.write_errors == 1
    assert store.get("k") is None  # lost, not left half-visible
    store.close()


async def test_every_layer_and_transport_shares_one_tls_context(tmp_path: Path) -> None:
    """Loading the CA roots costs ~20 ms of CPU: done once per process, not per layer or proxy."""
    from citecheck.net import transport as tr

    s = Settings(cache_dir=tmp_path)
    async with HttpLayer(s) as one, HttpLayer(s) as two:
        direct = one.transports.for_url(httpx.URL("https://example.org/"))
        other = two.transports.for_url(httpx.URL("https://example.org/"))
        assert direct is not other
        assert direct.ssl_context is other.ssl_context is tr.tls_context()  # httpx-aiohttp's attribute
        assert tr.tls_context().verify_mode.name == "CERT_REQUIRED"  # still verifying


async def test_plain_http_never_waits_for_the_roots_and_https_always_verifies(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """http:// goes out on a transport whose context trusts no root (built at once);
    https://, and http:// through an https:// proxy, on the verifying one."""
    from citecheck.net import transport as tr

    monkeypatch.delenv("HTTP_PROXY", raising=False)
    monkeypatch.delenv("http_proxy", raising=False)
    monkeypatch.delenv("HTTPS_PROXY", raising=False)
    monkeypatch.delenv("https_proxy", raising=False)
    monkeypatch.delenv("ALL_PROXY", raising=False)
    monkeypatch.delenv("all_proxy", raising=False)

    def roots_not_ready() -> None:
        raise AssertionError("a plain-http request waited for the CA roots")

    with serve({"/p": lambda h: h.reply(200, b"<title>plain</title>")}) as srv:
        monkeypatch.setattr(tr, "tls_context", roots_not_ready)
        async with HttpLayer(make_settings(tmp_path)) as http:
            resp = await http.fetch(f"http://127.0.0.1:{srv.port}/p", cache=False)
            plain = http.transports.for_url(httpx.URL(f"http://127.0.0.1:{srv.port}/p"))
    assert resp.status == 200
    ctx = plain.ssl_context  # httpx-aiohttp's attribute
    assert ctx.verify_mode.name == "CERT_REQUIRED" and ctx.check_hostname
    assert ctx.get_ca_certs() == []  # trusts nothing: no certificate could verify with it
    monkeypatch.undo()

    routes = tr.Transports(make_settings(tmp_path))
    secure = routes.for_url(httpx.URL("https://example.org/"))
    assert secure.ssl_context is tr.tls_context()
    assert routes.for_url(httpx.URL("http://example.org/")) is not secure
    monkeypatch.setenv("HTTP_PROXY", "https://proxy.example:3129")
    via_tls_proxy = tr.Transports(make_settings(tmp_path)).for_url(httpx.URL("http://a.org/"))
    assert via_tls_proxy.ssl_context is tr.tls_context()
    await routes.aclose()
    await via_tls_proxy.aclose()


def test_a_changed_ssl_cert_file_gets_its_own_tls_context(monkeypatch, tmp_path: Path) -> None:
    import certifi

    from citecheck.net import transport as tr

    first = tr.tls_context()
    before = os.environ.get("SSL_CERT_FILE")
    bundle = tmp_path / "roots.pem"
    bundle.write_bytes(Path(certifi.where()).read_bytes())
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    assert tr.tls_context() is not first  # the roots the environment names now
    if before is None:
        monkeypatch.delenv("SSL_CERT_FILE")
    else:
        monkeypatch.setenv("SSL_CERT_FILE", before)
    assert tr.tls_context() is first
