"""Hostile servers on 127.0.0.1: every request ends within its deadline with an honest status.

Each test uses small deadlines (about a second), so a regression shows as a
failed bound, not a hung suite; the servers' handlers stop on their own.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from loopback import (
    Handler,
    LoopbackServer,
    closed_port,
    cookie_pump,
    endless_redirects,
    serve,
    stall_after_headers,
    stall_before_headers,
    trickle,
)

from citecheck import errors
from citecheck.config import RunOptions, Settings, running
from citecheck.links import (
    check_links,
    normalise,
    run_link_stage,
)
from citecheck.pages import classify
from citecheck.net import Budget, HttpLayer, Response
from citecheck.net.limits import HostFailures
from citecheck.net.reach import endpoint_reachable, endpoints_reachable, public_web_down

PAGE = b"<html><head><title>An article</title></head><body>" + b"<p>Text.</p>" * 50 + b"</body>"


def settings_for(tmp_path: Path, **kw: object) -> Settings:
    base: dict[str, object] = dict(
        cache_dir=tmp_path / "cache", connect_timeout=1.0, read_timeout=5.0, deadline=1.0,
        retries=2, backoff_base=0.01, cdx_url=f"http://127.0.0.1:{closed_port()}/cdx",
        wayback_url=f"http://127.0.0.1:{closed_port()}/av", catalogues=[],
        memento_url=f"http://127.0.0.1:{closed_port()}/tm",
    )
    base.update(kw)
    return Settings(**base)  # type: ignore[arg-type]


async def up() -> bool:
    return True


@pytest.fixture(scope="module")
def hostile() -> Iterator[LoopbackServer]:
    routes = {
        "/ok": lambda h: h.reply(200, PAGE),
        "/trickle": trickle(6.0),
        "/stall": stall_before_headers(6.0),
        "/stall-body": stall_after_headers(6.0),
        "/silent.pdf": stall_before_headers(6.0),
        "/busy": lambda h: h.reply(503, b"busy", {"Retry-After": "0.3"}),
        "/to-ftp": lambda h: h.redirect(302, "ftp://files.example.org/paper.pdf"),
        "/to-js": lambda h: h.redirect(302, "javascript:alert(1)"),
    }
    with serve(routes, fallback=endless_redirects) as srv:
        yield srv


async def timed_check(url: str, settings: Settings) -> tuple[str, str, float]:
    async with HttpLayer(settings) as http:
        started = time.monotonic()  # after building the client (its first import is slow)
        checks, _ = await check_links([url], http, settings, probe=up, record=False)
        elapsed = time.monotonic() - started
    return checks[0].status, checks[0].evidence, elapsed


@pytest.mark.parametrize(
    ("path", "status", "evidence"),
    [
        ("/trickle", "timeout", "reading the body"),
        ("/stall", "timeout", "deadline"),
        ("/stall-body", "timeout", "reading the body"),
        ("/loop/0", "too-many-redirects", "more than"),
        ("/silent.pdf", "timeout", "deadline"),  # HEAD then GET: one deadline for both
        ("/busy", "server-error", "503"),  # retries stop at the deadline
    ],
)
async def test_hostile_server_ends_within_the_deadline(
    hostile: LoopbackServer, tmp_path: Path, path: str, status: str, evidence: str
) -> None:
    settings = settings_for(tmp_path, retries=10)
    got, why, elapsed = await timed_check(f"http://127.0.0.1:{hostile.port}{path}", settings)
    assert got == status and evidence in why, why
    assert elapsed < settings.deadline + 1.0, elapsed


async def test_an_endless_redirect_chain_past_the_deadline_says_where_it_was(
    hostile: LoopbackServer, tmp_path: Path
) -> None:
    settings = settings_for(tmp_path, max_redirects=100_000)
    got, why, elapsed = await timed_check(f"http://127.0.0.1:{hostile.port}/loop/0", settings)
    assert got == "timeout" and "deadline" in why and elapsed < settings.deadline + 1.0


@pytest.mark.parametrize("path", ["/to-ftp", "/to-js"])
async def test_redirect_to_a_non_web_scheme_is_said_so(hostile: LoopbackServer, tmp_path: Path,
                                                       path: str) -> None:
    got, why, _ = await timed_check(f"http://127.0.0.1:{hostile.port}{path}",
                                    settings_for(tmp_path))
    assert got == "unchecked" and "non-web scheme" in why
    assert "invalid" not in why


async def test_a_long_retry_after_holds_only_its_origin(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, deadline=2.0)
    with serve({"/x": lambda h: h.reply(429, b"no", {"Retry-After": "3600"})}) as slow, \
            serve({"/ok": lambda h: h.reply(200, PAGE)}) as fine:
        async with HttpLayer(settings) as http:
            first = await http.fetch(f"http://127.0.0.1:{slow.port}/x")
            assert first.status == 429
            started = time.monotonic()
            oks = await asyncio.gather(*(http.fetch(f"http://127.0.0.1:{fine.port}/ok?{i}")
                                         for i in range(10)))
            assert {r.status for r in oks} == {200}
            with pytest.raises(errors.RateLimitedError):  # the blocked origin: at once
                await http.fetch(f"http://127.0.0.1:{slow.port}/x?again")
            assert time.monotonic() - started < 1.5


async def test_cookie_header_stays_bounded_along_a_redirect_chain(tmp_path: Path) -> None:
    with serve({}, fallback=cookie_pump) as srv:
        srv.cookie_sizes = []  # type: ignore[attr-defined]
        async with HttpLayer(settings_for(tmp_path, max_redirects=40, deadline=5.0)) as http:
            with pytest.raises(errors.TooManyRedirects):
                await http.fetch(f"http://127.0.0.1:{srv.port}/pump/0")
        sizes = srv.cookie_sizes  # type: ignore[attr-defined]
    assert len(sizes) == 41 and max(sizes) <= 4096 and sizes[3] > 2000


async def test_max_time_bounds_the_stage_and_says_so(hostile: LoopbackServer,
                                                     tmp_path: Path) -> None:
    settings = settings_for(tmp_path, deadline=20.0)
    base = f"http://127.0.0.1:{hostile.port}"
    started = time.monotonic()
    async with HttpLayer(settings) as http:
        with running(RunOptions(max_time=1.0)):  # the run's bound, not the process's
            checks, messages = await check_links([f"{base}/ok", f"{base}/stall"], http,
                                                 settings, probe=up, record=False)
    assert time.monotonic() - started < 2.0
    assert [c.status for c in checks] == ["ok", "unchecked"]
    assert "--max-time 1 s" in checks[1].evidence and any("max-time" in m for m in messages)


async def test_one_layer_shared_by_runs_keeps_the_per_origin_limit(tmp_path: Path) -> None:
    lock = threading.Lock()
    state = {"now": 0, "peak": 0}

    def counted(h: Handler) -> None:
        if "no-such-page" in h.path:
            h.reply(404, b"not here")
            return
        with lock:
            state["now"] += 1
            state["peak"] = max(state["peak"], state["now"])
        time.sleep(0.05)
        with lock:
            state["now"] -= 1
        h.reply(200, PAGE)

    settings = settings_for(tmp_path, host_concurrency=2, deadline=5.0)
    with serve({}, fallback=counted) as srv:
        async with HttpLayer(settings) as http:
            runs = [check_links([f"http://127.0.0.1:{srv.port}/r{r}/p{i}" for i in range(6)],
                                http, settings, probe=up, record=False) for r in range(3)]
            results = await asyncio.gather(*runs)
    assert all(c.status == "ok" for checks, _ in results for c in checks)
    assert state["peak"] <= 2


# --------------------------------------------------------------------------- evidence


async def test_a_site_that_serves_every_path_is_a_soft_404(tmp_path: Path) -> None:
    page = (b"<html><head><title>Example News</title></head><body><h1>Latest stories</h1>"
            + b"<p>Story of the day and more news for you.</p>" * 20 + b"</body></html>")
    with serve({}, fallback=lambda h: h.reply(200, page)) as srv:
        got, why, _ = await timed_check(f"http://127.0.0.1:{srv.port}/2019/05/story",
                                        settings_for(tmp_path))
    assert got == "soft-404" and "cannot exist" in why


async def test_a_site_with_real_404s_keeps_its_pages_ok(hostile: LoopbackServer,
                                                        tmp_path: Path) -> None:
    with serve({"/2019/05/story": lambda h: h.reply(200, PAGE)}) as srv:
        got, why, _ = await timed_check(f"http://127.0.0.1:{srv.port}/2019/05/story",
                                        settings_for(tmp_path))
    assert got == "ok", why


@pytest.mark.parametrize(
    "body",
    [
        b'<html><head><script>window.location.href="https://sedo.com/search/details/?d=x"'
        b"</script></head><body></body></html>",
        b'<html><head><script src="//www.google.com/adsense/domains/caf.js"></script></head>'
        b"<body><div id=ads></div></body></html>",
        "<html><title>beispiel.de</title><body>Diese Domain steht zum Verkauf</body></html>"
        .encode(),
    ],
)
def test_parking_pages_are_recognised_by_their_markup_and_wording(body: bytes) -> None:
    resp = Response(url="http://example.org/page", status=200,
                    headers={"content-type": "text/html"}, content=body, truncated=False)
    assert classify("http://example.org/page", resp).status == "parked"


@pytest.mark.parametrize(
    "title", ["ページが見つかりません", "Página não encontrada", "Sayfa bulunamadı",
              "页面不存在"])
def test_not_found_wording_in_more_languages(title: str) -> None:
    body = f"<html><head><title>{title}</title></head></html>".encode()
    resp = Response(url="http://example.org/a", status=200,
                    headers={"content-type": "text/html; charset=utf-8"}, content=body,
                    truncated=False)
    assert classify("http://example.org/a", resp).status == "soft-404"


@pytest.mark.parametrize(
    "url", ["http://bücher.de/katalog", "https://例え.jp/", "http://xn--bcher-kva.de/x",
            "https://xn--r8jz45g.jp/"])
def test_internationalised_domain_names_are_checked(url: str) -> None:
    assert normalise(url).status is None


# --------------------------------------------------------------------------- archives


def archive_recorder(seen: list[httpx.Request]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "site.test":
            seen.append(request)
            if request.url.path == "/live":
                return httpx.Response(200, text="<title>Live</title>",
                                      headers={"content-type": "text/html"})
            return httpx.Response(404, text="gone")
        seen.append(request)
        return httpx.Response(200, text="[]", headers={"content-type": "application/json"})

    return httpx.MockTransport(handler)


@pytest.mark.parametrize(("mode", "made", "skipped"), [("broken", 1, 1), ("all", 2, 0),
                                                        ("none", 0, 2)])
async def test_archive_look_ups_by_need(tmp_path: Path, mode: str, made: int,
                                        skipped: int) -> None:
    seen: list[httpx.Request] = []
    settings = settings_for(tmp_path, cdx_url="https://archive.test/cdx",
                            memento_url="https://archive.test/timemap")
    async with HttpLayer(settings, transport=archive_recorder(seen)) as http:
        with running(RunOptions(archive=mode)):
            stage = await run_link_stage(["http://site.test/live", "http://site.test/gone"],
                                         http, settings, probe=up)
    assert (stage.archive_lookups, stage.archive_skipped) == (made, skipped)
    cdx = [r for r in seen if r.url.path == "/cdx"]
    assert len(cdx) == made


async def test_credentials_never_reach_the_archive(tmp_path: Path) -> None:
    seen: list[httpx.Request] = []
    settings = settings_for(tmp_path, cdx_url="https://archive.test/cdx",
                            memento_url="https://archive.test/timemap")
    async with HttpLayer(settings, transport=archive_recorder(seen)) as http:
        await run_link_stage(["http://editor:s3cret@site.test/gone"], http, settings, probe=up)
    third_party = [str(r.url) for r in seen if r.url.host == "archive.test"]
    assert third_party and not any("s3cret" in u or "editor" in u for u in third_party)


# --------------------------------------------------------------------------- reachability


async def test_a_loopback_mirror_is_reachable_without_public_dns(tmp_path: Path) -> None:
    with serve({"/works": lambda h: h.reply(200, b"[]")}) as mirror:
        url = f"http://127.0.0.1:{mirror.port}"
        assert await endpoint_reachable(url)
        settings = settings_for(tmp_path, catalogues=["crossref"], crossref_url=url)
        assert await endpoints_reachable(settings)
        # the same mirror, gone: nothing this run needs can be reached
        assert not await endpoints_reachable(settings_for(
            tmp_path, catalogues=["crossref"], crossref_url=f"http://127.0.0.1:{closed_port()}"))
    assert not await endpoint_reachable(f"http://127.0.0.1:{closed_port()}")
    assert not await endpoint_reachable("https://nothing.invalid/api")


async def test_public_web_is_judged_down_only_on_evidence(tmp_path: Path) -> None:
    # only loopback endpoints: no evidence about the public web, so the failures stand
    assert not await public_web_down(settings_for(tmp_path))
    # a public endpoint that does not resolve: down
    assert await public_web_down(settings_for(tmp_path, cdx_url="https://archive.invalid/cdx",
                                              wayback_url="https://archive.invalid/av",
                                              memento_url="https://archive.invalid/tm"))


def test_remembered_dns_failures_expire() -> None:
    async def go() -> None:
        failures = HostFailures(ttl=0.05)
        failures.add("gone.test", errors.DNSError("no such host"))
        assert failures.get("gone.test") is not None
        await asyncio.sleep(0.1)
        assert failures.get("gone.test") is None

    asyncio.run(go())


def test_budget_counts_down() -> None:
    assert Budget(None).timeout() is None
    b = Budget(10)
    assert 9 < b.remaining() <= 10 and not b.spent


async def test_an_archive_that_refuses_is_given_up_at_once_for_every_link(tmp_path: Path) -> None:
    """cdx is paced at 1 a second: without remembering the refusal, 10 links took 10 s+."""
    with serve({"/gone": lambda h: h.reply(404, b"gone")}, fallback=None) as site:
        settings = settings_for(tmp_path, retries=1)
        urls = [f"http://127.0.0.1:{site.port}/gone?{i}" for i in range(10)]
        async with HttpLayer(settings) as http:
            started = time.monotonic()
            stage = await run_link_stage(urls, http, settings, probe=up)
            elapsed = time.monotonic() - started
    assert [c.status for c in stage.checks] == ["dead"] * 10
    assert stage.archive_unreachable == 10 and elapsed < 5.0, elapsed
    assert all(c.archive_lookup == "failed" and c.archive_reason for c in stage.checks)
