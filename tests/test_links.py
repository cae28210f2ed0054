"""Link checking against a real HTTP server on 127.0.0.1, one case per behaviour.

Also the pure parts: URL normalisation, page classification and the
check-history rule.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import trustme
from loopback import Handler, LoopbackServer, closed_port, gzip_bomb, serve, slow

from citecheck.config import RunOptions, Settings, running
from citecheck.links import (
    LinkHistory,
    LinkTarget,
    check_document_links,
    check_links,
    normalise,
    strip_trailing,
    weigh_history,
)
from citecheck.pages import classify, page_of
from citecheck.net import HttpLayer, Response

DAY = 86400.0

PAGE = b"<html><head><title>Soviet grain procurement, 1928</title></head><body>" + (
    b"<h1>Grain</h1><p>An article.</p>" * 20
) + b"</body></html>"


def _after(n: int, first: Handler.__call__, then: Handler.__call__):  # type: ignore[valid-type]
    """A route that behaves like `first` for the first n hits, then like `then`."""

    def route(h: Handler) -> None:
        (first if h.hits() <= n else then)(h)

    return route


def _pdf(h: Handler) -> None:
    if h.command == "HEAD":
        h.reply(405, b"", {"Allow": "GET"})
    else:
        h.reply(200, b"%PDF-1.4 ...", content_type="application/pdf")


def _drops_head(h: Handler) -> None:
    if h.command == "HEAD":
        h.close_connection = True  # hang up without an answer
    else:
        h.reply(200, b"%PDF-1.4 ...", content_type="application/pdf")


ROUTES = {
    "/dropped.pdf": _drops_head,
    "/": lambda h: h.reply(200, b"<html><title>Welcome to our site</title>home</html>"),
    "/ok": lambda h: h.reply(200, PAGE),
    "/temp": lambda h: h.redirect(302, "/temp2"),
    "/temp2": lambda h: h.redirect(307, "/ok"),
    "/perm": lambda h: h.redirect(301, "/perm2"),
    "/perm2": lambda h: h.redirect(302, "/ok"),
    "/loop": lambda h: h.redirect(302, "/loop2"),
    "/loop2": lambda h: h.redirect(302, "/loop"),
    "/gone": lambda h: h.reply(410, b"gone"),
    "/broken": lambda h: h.reply(500, b"oops"),
    "/flaky": _after(2, lambda h: h.reply(503, b"busy"), lambda h: h.reply(200, PAGE)),
    "/busy": _after(
        1, lambda h: h.reply(429, b"slow down", {"Retry-After": "1"}), lambda h: h.reply(200, PAGE)
    ),
    "/always429": lambda h: h.reply(429, b"no", {"Retry-After": "3600"}),
    "/challenge": lambda h: h.reply(
        403, b"<html><title>Just a moment...</title></html>", {"cf-mitigated": "challenge"}
    ),
    "/login": lambda h: h.reply(401, b"who are you"),
    "/paper.pdf": _pdf,
    "/slow": slow(3.0),
    "/soft": lambda h: h.reply(200, b"<html><title>Page not found | Example</title></html>"),
    "/old-article": lambda h: h.redirect(301, "/"),
    "/moved-away": lambda h: h.redirect(302, "/errors/404.html"),
    "/errors/404.html": lambda h: h.reply(200, b"<html><title>Oops</title></html>"),
    "/parked": lambda h: h.reply(
        200, b"<html><title>Welcome</title><body><h2>This domain is for sale!</h2>"
        b"<p>Make an offer</p></body></html>"
    ),
    "/huge": lambda h: h.stream_forever(),
    "/bomb": lambda h: h.reply(200, gzip_bomb(), {"Content-Encoding": "gzip"}),
}


@pytest.fixture(scope="module")
def server() -> Iterator[LoopbackServer]:
    gzip_bomb()  # build it (cached) before the clock of any request starts
    with serve(ROUTES) as srv:
        yield srv


@pytest.fixture(scope="module")
def tls_server() -> Iterator[LoopbackServer]:
    ca = trustme.CA()
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(ctx)
    with serve({"/ok": lambda h: h.reply(200, PAGE)}, tls=ctx) as srv:
        yield srv


def settings_for(tmp_path: Path, **kw: object) -> Settings:
    base: dict[str, object] = dict(
        cache_dir=tmp_path / "cache", connect_timeout=1.0, read_timeout=0.5, deadline=5.0,
        retries=2, backoff_base=0.01, max_redirects=5, cdx_url="http://127.0.0.1:9/cdx",
    )
    base.update(kw)
    return Settings(**base)  # type: ignore[arg-type]


async def up() -> bool:
    return True


async def down() -> bool:
    return False


async def check_one(url: str, settings: Settings) -> object:
    async with HttpLayer(settings) as http:
        checks, _ = await check_links([LinkTarget(url, 7, "key1")], http, settings, probe=up)
    assert len(checks) == 1
    return checks[0]


@pytest.mark.parametrize(
    ("path", "status", "evidence", "strong"),
    [
        ("/ok", "ok", "HTTP 200", False),
        ("/temp", "ok", "via 302", False),
        ("/perm", "redirected", "moved permanently", False),
        ("/loop", "too-many-redirects", "loop", False),
        ("/missing", "dead", "404", True),
        ("/gone", "dead", "410 Gone", True),
        ("/broken", "server-error", "500 after retries", False),
        ("/flaky", "ok", "HTTP 200", False),
        ("/busy", "ok", "HTTP 200", False),
        ("/always429", "rate-limited", "Retry-After: 3600", False),
        ("/challenge", "forbidden", "cf-mitigated", False),
        ("/login", "forbidden", "401", False),
        ("/paper.pdf", "ok", "HEAD refused", False),
        ("/dropped.pdf", "ok", "HEAD failed", False),
        ("/slow", "timeout", "timed out", False),
        ("/soft", "soft-404", "Page not found", False),
        ("/old-article", "soft-404", "home page", False),
        ("/moved-away", "soft-404", "error page", False),
        ("/parked", "parked", "for sale", False),
        ("/huge", "ok", "cap", False),
        ("/bomb", "ok", "cap", False),
    ],
)
async def test_every_server_behaviour(
    server: LoopbackServer, tmp_path: Path, path: str, status: str, evidence: str, strong: bool
) -> None:
    check = await check_one(f"http://127.0.0.1:{server.port}{path}", settings_for(tmp_path))
    assert check.status == status, check  # type: ignore[attr-defined]
    assert evidence in check.evidence, check.evidence  # type: ignore[attr-defined]
    assert check.strong is strong  # type: ignore[attr-defined]
    assert (check.line, check.entry) == (7, "key1")  # type: ignore[attr-defined]


async def test_redirect_chain_is_reported(server: LoopbackServer, tmp_path: Path) -> None:
    base = f"http://127.0.0.1:{server.port}"
    check = await check_one(f"{base}/perm", settings_for(tmp_path))
    assert check.redirects == [f"{base}/perm", f"{base}/perm2"]  # type: ignore[attr-defined]
    assert check.final_url == f"{base}/ok" and check.http_status == 200  # type: ignore


async def test_closed_port_is_a_connection_error(tmp_path: Path) -> None:
    check = await check_one(f"http://127.0.0.1:{closed_port()}/x", settings_for(tmp_path))
    assert check.status == "connection-error"  # type: ignore[attr-defined]


async def test_self_signed_certificate_is_a_tls_error(
    tls_server: LoopbackServer, tmp_path: Path
) -> None:
    check = await check_one(f"https://127.0.0.1:{tls_server.port}/ok", settings_for(tmp_path))
    assert check.status == "tls-error", check  # type: ignore[attr-defined]


async def test_unresolvable_name_is_a_dns_error(tmp_path: Path) -> None:
    check = await check_one("http://nothing.invalid/page", settings_for(tmp_path))
    assert check.status == "dns-error" and check.strong  # type: ignore[attr-defined]


async def test_network_down_makes_everything_unchecked(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    targets = [("http://nothing.invalid/a", 1, None), (f"http://127.0.0.1:{closed_port()}/", 2,
                                                       None), ("mailto:a@b.org", 3, None)]
    async with HttpLayer(settings) as http:
        checks, messages = await check_links(targets, http, settings, probe=down)
    history = LinkHistory.for_settings(settings)
    assert history.of("http://nothing.invalid/a") == []
    history.close()
    assert [c.status for c in checks] == ["unchecked", "unchecked", "skipped"]
    assert len(messages) == 1 and "network" in messages[0]


async def test_network_up_keeps_the_failures(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    async with HttpLayer(settings) as http:
        checks, messages = await check_links(["http://nothing.invalid/a"], http, settings,
                                             probe=up)
    assert checks[0].status == "dns-error" and messages == []


async def test_offline_marks_uncached_links_unchecked(server: LoopbackServer,
                                                      tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{server.port}/ok"
    await check_one(url, settings_for(tmp_path))
    settings = settings_for(tmp_path)
    with running(RunOptions(offline=True)):  # offline is the run's choice, not the layer's
        async with HttpLayer(settings) as http:
            checks, messages = await check_links(
                [url, f"http://127.0.0.1:{server.port}/gone"], http, settings, probe=up
            )
    assert [c.status for c in checks] == ["ok", "unchecked"]
    assert any("offline" in m for m in messages)


async def test_second_run_uses_the_cache_and_keeps_history(
    server: LoopbackServer, tmp_path: Path
) -> None:
    url = f"http://127.0.0.1:{server.port}/missing-twice"
    before = server.hits[("GET", "/missing-twice")]
    first = await check_one(url, settings_for(tmp_path))
    second = await check_one(url, settings_for(tmp_path))
    assert server.hits[("GET", "/missing-twice")] == before + 1  # second run: no request
    assert first.checks == second.checks == 1  # type: ignore[attr-defined]
    with running(RunOptions(refresh=True)):
        third = await check_one(url, settings_for(tmp_path))
    assert third.checks == 2 and third.checks_agree == 2  # type: ignore[attr-defined]


async def test_each_url_is_fetched_once_however_often_cited(
    server: LoopbackServer, tmp_path: Path
) -> None:
    url = f"http://127.0.0.1:{server.port}/cited-twice"
    settings = settings_for(tmp_path)
    async with HttpLayer(settings) as http:
        checks, _ = await check_links([(url, 1, "a"), (url + ".", 9, "b")], http, settings,
                                      probe=up)
    assert [(c.line, c.entry, c.status) for c in checks] == [(1, "a", "dead"), (9, "b", "dead")]
    assert server.hits[("GET", "/cited-twice")] == 1


async def test_document_links_without_archive_service_still_report(
    server: LoopbackServer, tmp_path: Path
) -> None:
    """The archive service unreachable (closed port): checks stay, no suggestion."""
    settings = settings_for(tmp_path, cdx_url=f"http://127.0.0.1:{closed_port()}/cdx",
                            wayback_url=f"http://127.0.0.1:{closed_port()}/av", retries=0)
    async with HttpLayer(settings) as http:
        checks, messages = await check_document_links(
            [f"http://127.0.0.1:{server.port}/gone", "mailto:x@y.org"], http, settings, probe=up
        )
    assert [c.status for c in checks] == ["dead", "skipped"]
    assert checks[0].archive is None and checks[0].suggestion is None
    # never checked, so never "no archived copy"
    assert not any("no archived copy" in m for m in messages)
    assert any("archive not checked for 1 link" in m for m in messages)
    assert (checks[0].archive_lookup, checks[1].archive_lookup) == ("failed", None)
    assert "did not answer" in checks[0].archive_reason


# --------------------------------------------------------------------------- pure parts


@pytest.mark.parametrize(
    ("raw", "url", "status"),
    [
        ("www.example.org/page", "http://www.example.org/page", None),
        ("https://example.org/a.", "https://example.org/a", None),
        ("https://example.org/a),", "https://example.org/a", None),
        ("https://en.wikipedia.org/wiki/Foo_(bar)", "https://en.wikipedia.org/wiki/Foo_(bar)", None),
        ("(https://en.wikipedia.org/wiki/Foo_(bar))", "https://en.wikipedia.org/wiki/Foo_(bar)",
         None),
        ("<https://example.org/x>", "https://example.org/x", None),
        ("https://example.org/x”", "https://example.org/x", None),
        ("https://example.org/x#section", "https://example.org/x", None),
        ("example.org/path", "http://example.org/path", None),
        ("HTTPS://Example.ORG/Path", "https://example.org/Path", None),
        ("mailto:someone@example.org", None, "skipped"),
        ("javascript:void(0)", None, "skipped"),
        ("file:///etc/passwd", None, "skipped"),
        ("ftp://ftp.example.org/file", None, "skipped"),
        ("http://", None, "invalid"),
        ("http://exa mple.org/", None, "invalid"),
        ("http://example.org:99999/", None, "invalid"),
        ("not a url", None, "invalid"),
    ],
)
def test_normalise(raw: str, url: str | None, status: str | None) -> None:
    n = normalise(raw)
    assert n.status == status, n
    if url is not None:
        assert n.url == url


def test_skip_patterns() -> None:
    assert normalise("https://twitter.com/x", [r"twitter\.com"]).status == "skipped"
    assert normalise("https://example.org/x", [r"twitter\.com"]).status is None


def test_strip_trailing_keeps_balanced_brackets() -> None:
    assert strip_trailing("http://a.org/f(x)).") == "http://a.org/f(x)"


def _resp(status: int, body: bytes = b"", history=(), url="http://a.org/p", **headers: str):
    return Response(url=url, status=status, headers={"content-type": "text/html", **headers},
                    content=body, truncated=False, history=list(history))


@pytest.mark.parametrize(
    ("resp", "status"),
    [
        (_resp(200, b"<title>Annual report 2019</title>"), "ok"),
        (_resp(200, b"<title>404 - Seite nicht gefunden</title>"), "soft-404"),
        (_resp(200, b"<title>Error</title><h1>Page not found</h1>"), "soft-404"),
        (_resp(200, b"<title>Home</title>", [(302, "http://a.org/p")], url="http://a.org/"),
         "soft-404"),
        (_resp(200, b"<title>Home</title>", [(301, "http://a.org/p")],
               url="https://www.a.org/p"), "redirected"),
        (_resp(200, b"<title>x</title>", [(302, "http://a.org/p")],
               url="http://ww1.sedoparking.com/a.org"), "parked"),
        (_resp(200, b"<title>a.org</title><p>Buy this domain today</p>"), "parked"),
        (_resp(503, b"<title>Just a moment...</title>"), "forbidden"),
        (_resp(999), "forbidden"),
        (_resp(200, b"<title>Attention Required! | Cloudflare</title>"), "forbidden"),
        (_resp(404), "dead"),
        (_resp(502), "server-error"),
        (_resp(429), "rate-limited"),
    ],
)
def test_classify(resp: Response, status: str) -> None:
    assert classify("http://a.org/p", resp).status == status


def test_a_page_about_not_found_errors_is_not_a_soft_404() -> None:
    body = b"<title>HTTP status codes explained</title><p>A 404 page not found error...</p>"
    assert classify("http://a.org/p", _resp(200, body)).status == "ok"


def test_page_of_reads_title_heading_and_entities() -> None:
    page = page_of("<TITLE>Caf&eacute; \n menu</TITLE><h1 class=x>Hello <b>you</b></h1>")
    assert (page.title, page.heading) == ("Café menu", "Hello you")


@pytest.mark.parametrize(
    ("history", "status", "agree", "days", "strong"),
    [
        ([(0.0, "dead", 404)], "dead", 1, 0.0, True),
        ([(0.0, "dead", 400)], "dead", 1, 0.0, False),  # only 404/410 are strong at once
        ([(0.0, "dns-error", None)], "dns-error", 1, 0.0, True),
        ([(0.0, "timeout", None)], "timeout", 1, 0.0, False),
        # three failures, each three days apart: IABot's threshold
        ([(0.0, "timeout", None), (3 * DAY, "server-error", 503), (6 * DAY, "timeout", None)],
         "timeout", 3, 6.0, True),
        # three failures on one day are still one piece of evidence
        ([(0.0, "timeout", None), (60.0, "timeout", None), (120.0, "timeout", None)],
         "timeout", 3, 0.0, False),
        # a success in between resets the run
        ([(0.0, "timeout", None), (3 * DAY, "ok", 200), (6 * DAY, "timeout", None)],
         "timeout", 1, 0.0, False),
        ([(0.0, "ok", 200), (DAY, "redirected", 200)], "redirected", 2, 1.0, False),
        ([(0.0, "forbidden", 403), (9 * DAY, "forbidden", 403)], "forbidden", 2, 9.0, False),
    ],
)
def test_weigh_history(history, status, agree, days, strong) -> None:  # type: ignore[no-untyped-def]
    w = weigh_history(history, status, history[-1][2])
    assert (w.checks, w.agree, w.days, w.strong) == (len(history), agree, days, strong)


async def test_tls_works_when_the_certificate_is_trusted(tmp_path: Path) -> None:
    """The same TLS server, reached with a context that trusts its CA: the page is ok."""
    ca = trustme.CA()
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(server_ctx)
    client_ctx = ssl.create_default_context()
    ca.configure_trust(client_ctx)
    settings = settings_for(tmp_path)
    with serve({"/ok": lambda h: h.reply(200, PAGE)}, tls=server_ctx) as srv:
        transport = httpx.AsyncHTTPTransport(verify=client_ctx)
        async with HttpLayer(settings, transport=transport) as http:
            checks, _ = await check_links([f"https://127.0.0.1:{srv.port}/ok"] * 3, http,
                                          settings, probe=up)
    assert {c.status for c in checks} == {"ok"}


async def test_every_target_ticks_once_however_its_check_ends(server: LoopbackServer,
                                                             tmp_path: Path) -> None:
    """Checks start while the list is still being read: a URL cited again after its
    check ended (a cache hit ends at once) still ticks, and no target ticks twice."""
    base = f"http://127.0.0.1:{server.port}"
    settings = settings_for(tmp_path)
    await check_one(f"{base}/ok", settings)  # cached for the offline run below
    many = [f"{base}/page{n}" for n in range(70)]  # more than one batch of starts
    targets = [f"{base}/ok", "mailto:a@b.org", *many, f"{base}/ok", "not a url", f"{base}/ok#x",
               *many[:5]]
    ticks = 0

    def tick() -> None:
        nonlocal ticks
        ticks += 1

    with running(RunOptions(offline=True)):
        async with HttpLayer(settings) as http:
            checks, _ = await check_links(targets, http, settings, probe=up, tick=tick)
    assert ticks == len(targets) == len(checks)
    assert [c.status for c in checks][:2] == ["ok", "skipped"]
    assert checks[72].status == checks[74].status == "ok"  # cited again: one check, one verdict
    assert all(c.status == "unchecked" for c in checks[2:72])


async def test_a_later_run_weighs_the_history_an_earlier_run_wrote(server: LoopbackServer,
                                                                   tmp_path: Path) -> None:
    """The history is written after a stage returns; the next stage still reads it."""
    url = f"http://127.0.0.1:{server.port}/gone"
    settings = settings_for(tmp_path)
    seen = []
    for _ in range(3):
        with running(RunOptions(refresh=True)):
            seen.append(await check_one(url, settings))
    assert [c.checks for c in seen] == [1, 2, 3]  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- scheduling


async def test_per_origin_starts_a_few_checks_of_a_site_at_a_time() -> None:
    from citecheck.links import per_origin
    from citecheck.net.limits import Budget

    started: Counter[str] = Counter()
    most: Counter[str] = Counter()
    now: Counter[str] = Counter()

    async def run(url: str, release: object) -> str:
        site = url.split("/")[2]
        started[site] += 1
        now[site] += 1
        most[site] = max(most[site], now[site])
        await asyncio.sleep(0.001)
        now[site] -= 1
        return url.upper()

    urls = [f"http://a.test/{n}" for n in range(50)] + [f"http://b.test:81/{n}" for n in range(5)]
    done = await per_origin(Budget(None), iter(urls), run, ahead=3)
    assert done == {u: u.upper() for u in urls}
    assert most == {"a.test": 3, "b.test:81": 3}  # never more than `ahead` of one site
    assert started == {"a.test": 50, "b.test:81": 5}


async def test_per_origin_leaves_out_what_the_time_limit_stops() -> None:
    from citecheck.links import per_origin
    from citecheck.net.limits import Budget

    cancelled = []

    async def run(url: str, release: object) -> str:
        try:
            await asyncio.sleep(0 if url.endswith("/fast") else 30)
        except asyncio.CancelledError:
            cancelled.append(url)
            raise
        return "done"

    urls = ["http://a.test/fast", "http://a.test/slow1", "http://a.test/slow2",
            "http://a.test/never"]  # the last is queued behind the slow ones: never started
    done = await per_origin(Budget(0.2), urls, run, ahead=2)
    assert done == {"http://a.test/fast": "done"}
    assert sorted(cancelled) == ["http://a.test/slow1", "http://a.test/slow2"]


async def test_per_origin_raises_what_a_check_raised() -> None:
    from citecheck.links import per_origin
    from citecheck.net.limits import Budget

    async def run(url: str, release: object) -> str:
        raise ValueError(url)

    with pytest.raises(ValueError):
        await per_origin(Budget(None), ["http://a.test/x"], run, ahead=2)


async def test_per_origin_stops_its_checks_when_cancelled_while_starting_them() -> None:
    from citecheck.links import per_origin
    from citecheck.net.limits import Budget

    alive: set[str] = set()

    async def run(url: str, release: object) -> None:
        alive.add(url)
        try:
            await asyncio.sleep(30)
        finally:
            alive.discard(url)

    def urls() -> Iterator[str]:
        for n in range(1000):
            yield f"http://h{n}.test/"

    stage = asyncio.ensure_future(per_origin(Budget(None), urls(), run, ahead=2))
    for _ in range(3):
        await asyncio.sleep(0)  # some started, the list still being read
    stage.cancel()
    with pytest.raises(asyncio.CancelledError):
        await stage
    await asyncio.sleep(0)
    assert not alive  # every started check was stopped


async def test_per_origin_counts_the_time_the_list_took_to_read() -> None:
    from citecheck.links import per_origin
    from citecheck.net.limits import Budget

    def slow_list() -> Iterator[str]:
        yield "http://a.test/1"
        time.sleep(0.4)  # a long list being read (normalised) on the loop
        yield "http://b.test/1"

    async def run(url: str, release: object) -> str:
        await asyncio.sleep(30)
        return url

    started = time.monotonic()
    assert await per_origin(Budget(0.5), slow_list(), run, ahead=2) == {}
    assert time.monotonic() - started < 0.8  # the 0.5 s budget, not 0.4 s + 0.5 s
