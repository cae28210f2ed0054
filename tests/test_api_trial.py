"""A trial of hostile or broken API answers, served by loopback stand-ins (127.0.0.1 only).

Every catalogue (Crossref, OpenAlex, Open Library, Google Books, the Library of
Congress, doi.org) and the archive client (Wayback CDX and availability, Memento
TimeMaps) meets: HTML instead of JSON with status 200 (a login page, a Cloudflare
challenge), truncated JSON, JSON of the wrong shape, an enormous answer, 429 and
503 with Retry-After in every form, 500 on every try, a redirect to another host,
a connection reset mid-body, a trickle, a body labelled gzip that is not gzip.

The outcome of each case was decided before it was run (see the parameters):

* no traceback, no hang past the request's deadline (or the run's --max-time);
* a catalogue that failed makes the entry ``unchecked`` with the reason naming it,
  never ``not-found``;
* an answer whose fields are odd but readable (a year as '2019-01' or 20190101, a
  number as a string or a string as a number, a title given as a list, an author
  without a family name) is read, not thrown away: the right record still verifies;
* an archive look-up that failed says so (``checked`` False), never "no archived
  copy"; a snapshot the archive names on another host, or dated in the future, is
  never offered.
"""

from __future__ import annotations

import asyncio
import email.utils
import gzip
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from loopback import Handler, RawRequest, serve, serve_raw

from citecheck.archive import look_up
from citecheck.config import Settings
from citecheck.models import Fields, Match, Name, Reference
from citecheck.net import HttpLayer
from citecheck.net.limits import Budget
from citecheck.resolve import resolve_references

DEADLINE = 3.0
SLACK = 2.5  # start-up, scheduling on a loaded 2-core machine

# --------------------------------------------------------------------------- the works

TITLE = "Tidal heating in the moons of distant ice giants"
ARTICLE = Reference(
    raw=f"Holloway, T. (2019). {TITLE}. Planetary Science Letters, 12, 33-48.",
    type="article",
    fields=Fields(author=[Name(family="Holloway", given="Tessa")], title=TITLE,
                  journal="Planetary Science Letters", volume="12", pages="33-48", year="2019"),
)
BOOK_TITLE = "The Salt Roads of the Early Modern Adriatic"
BOOK = Reference(
    raw=f"Marchetti, Livia. {BOOK_TITLE}. Harbour Press, 2017.",
    type="book",
    fields=Fields(author=[Name(family="Marchetti", given="Livia")], title=BOOK_TITLE,
                  publisher="Harbour Press", year="2017"),
)


def crossref_work(**over: Any) -> dict[str, Any]:
    work = {"DOI": "10.5555/tidal.2019", "title": [TITLE],
            "author": [{"family": "Holloway", "given": "Tessa"}],
            "issued": {"date-parts": [[2019]]}, "container-title": ["Planetary Science Letters"],
            "volume": "12", "page": "33-48", "type": "journal-article", "score": 40.0}
    work.update(over)
    return work


def crossref_list(*items: Any) -> dict[str, Any]:
    return {"status": "ok", "message-type": "work-list",
            "message": {"items": list(items), "total-results": len(items)}}


def openalex_work(**over: Any) -> dict[str, Any]:
    work = {"id": "https://openalex.org/W4242", "title": TITLE, "publication_year": 2019,
            "authorships": [{"author": {"display_name": "Tessa Holloway"}}],
            "primary_location": {"source": {"display_name": "Planetary Science Letters"}},
            "biblio": {"volume": "12", "first_page": "33", "last_page": "48"},
            "type": "article", "doi": "https://doi.org/10.5555/tidal.2019"}
    work.update(over)
    return work


def ol_doc(**over: Any) -> dict[str, Any]:
    doc = {"key": "/works/OL42W", "title": BOOK_TITLE, "author_name": ["Livia Marchetti"],
           "first_publish_year": 2017, "publish_year": [2017], "publisher": ["Harbour Press"]}
    doc.update(over)
    return doc


def gb_volume(**over: Any) -> dict[str, Any]:
    info = {"title": BOOK_TITLE, "authors": ["Livia Marchetti"], "publishedDate": "2017",
            "publisher": "Harbour Press", "printType": "BOOK"}
    info.update(over)
    return {"id": "gb42", "volumeInfo": info}


def loc_result(**over: Any) -> dict[str, Any]:
    result = {"title": f"{BOOK_TITLE.lower()} / Livia Marchetti.",
              "contributor": ["marchetti, livia"], "date": "2017",
              "item": {"created_published": ["London : Harbour Press, 2017."]},
              "number_lccn": ["2017000042"], "id": "http://www.loc.gov/item/2017000042/"}
    result.update(over)
    return result


# service -> (a good answer to its search, the entry it verifies)
GOOD: dict[str, tuple[Any, Reference]] = {
    "crossref": (crossref_list(crossref_work()), ARTICLE),
    "openalex": ({"results": [openalex_work()]}, ARTICLE),
    "openlibrary": ({"docs": [ol_doc()]}, BOOK),
    "googlebooks": ({"items": [gb_volume()]}, BOOK),
    "loc": ({"results": [loc_result()]}, BOOK),
}
SERVICES = list(GOOD)

# --------------------------------------------------------------------------- the stand-in

Behaviour = Callable[[Handler, Any], None]


def send_json(h: Handler, body: Any, status: int = 200, headers: dict[str, str] | None = None,
              raw: bytes | None = None) -> None:
    data = raw if raw is not None else json.dumps(body).encode()
    h.reply(status, data, headers, content_type="application/json; charset=utf-8")


def good(h: Handler, body: Any) -> None:
    send_json(h, body)


def settings_for(tmp_path: Path, base: str, service: str, **kw: Any) -> Settings:
    values: dict[str, Any] = dict(
        cache_dir=tmp_path / "cache", retries=2, backoff_base=0.05, deadline=DEADLINE,
        read_timeout=2.0, connect_timeout=2.0,
        rate_limits={s: 1000.0 for s in (*SERVICES, "doi", "cdx", "wayback", "memento")},
        catalogues=[service], openalex_key="k",
        crossref_url=f"{base}/crossref", openalex_url=f"{base}/openalex",
        openlibrary_url=f"{base}/openlibrary", googlebooks_url=f"{base}/googlebooks",
        loc_url=f"{base}/loc", doi_url=f"{base}/doi",
        cdx_url=f"{base}/cdx", wayback_url=f"{base}/available", memento_url=f"{base}/timemap")
    values.update(kw)
    return Settings(**values)


class StandIn:
    """One server for every catalogue: ``/<service>/…`` answers with the behaviour set for
    it (the good answer by default); editions and doi.org answer 404."""

    def __init__(self) -> None:
        self.behaviour: dict[str, Behaviour] = {}
        self.times: list[float] = []

    def __call__(self, h: Handler) -> None:
        service = h.path.split("/")[1]
        self.times.append(time.monotonic())
        if service not in GOOD or "/editions.json" in h.path:
            h.reply(404, b'{"error": "not found"}', content_type="application/json")
            return
        self.behaviour.get(service, good)(h, GOOD[service][0])


async def run(settings: Settings, refs: list[Reference], budget: Budget | None = None
              ) -> tuple[list[Match], list[str], float]:
    started = time.monotonic()
    async with HttpLayer(settings) as http:
        matches, messages = await resolve_references(refs, http, settings, budget=budget)
    return matches, messages, time.monotonic() - started


async def one_case(tmp_path: Path, service: str, behaviour: Behaviour, **kw: Any
                   ) -> tuple[Match, list[str], float]:
    stand = StandIn()
    stand.behaviour[service] = behaviour
    with serve({}, fallback=stand) as site:
        s = settings_for(tmp_path, f"http://127.0.0.1:{site.port}", service, **kw)
        [m], messages, took = await run(s, [GOOD[service][1]])
    return m, messages, took


def assert_unchecked(m: Match, service: str) -> None:
    from citecheck.models import SOURCE_LABELS
    assert m.verdict == "unchecked", (m.verdict, m.reason)
    assert SOURCE_LABELS[service] in (m.reason or ""), m.reason
    assert not m.may_not_exist


# --------------------------------------------------------------------------- behaviours

LOGIN = (b"<!DOCTYPE html><html><head><title>Sign in</title></head><body><form action=/login>"
         b"<input name=user><input type=password name=pw></form></body></html>")
CLOUDFLARE = (b"<!DOCTYPE html><html lang=en-US><head><title>Just a moment...</title>"
              b"<meta http-equiv=refresh content=390></head><body><div id=challenge-body>"
              b"Checking if the site connection is secure</div>"
              b"<script src=/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1></script>"
              b"</body></html>")


def html_login(h: Handler, body: Any) -> None:
    h.reply(200, LOGIN)


def cloudflare_200(h: Handler, body: Any) -> None:
    h.reply(200, CLOUDFLARE, {"cf-ray": "8a1b2c3d4e5f-AMS", "Server": "cloudflare"})


def html_as_json(h: Handler, body: Any) -> None:
    send_json(h, None, raw=CLOUDFLARE)  # labelled JSON, an HTML challenge inside


def truncated(h: Handler, body: Any) -> None:
    data = json.dumps(body).encode()
    send_json(h, None, raw=data[: len(data) // 2])


def as_list(h: Handler, body: Any) -> None:
    send_json(h, [body])


def json_null(h: Handler, body: Any) -> None:
    send_json(h, None)


def json_string(h: Handler, body: Any) -> None:
    send_json(h, "Service temporarily unavailable")


def records_of_wrong_kind(h: Handler, body: Any) -> None:
    """The envelope as usual, its records a number, null and a string."""
    key = {"crossref": "message", "openalex": "results", "openlibrary": "docs",
           "googlebooks": "items", "loc": "results"}[h.path.split("/")[1]]
    if key == "message":
        send_json(h, {**body, "message": {"items": [None, 7, "x"]}})
    else:
        send_json(h, {**body, key: [None, 7, "x"]})


def envelope_list(h: Handler, body: Any) -> None:
    """The key that holds the records holds an object, or the message a list."""
    key = {"crossref": "message", "openalex": "results", "openlibrary": "docs",
           "googlebooks": "items", "loc": "results"}[h.path.split("/")[1]]
    send_json(h, {**body, key: [] if key == "message" else {"0": "x"}})


def huge_body(h: Handler, body: Any) -> None:
    """A 50 MB JSON answer, streamed."""
    h.send_response(200)
    h.send_header("Content-Type", "application/json")
    h.send_header("Content-Length", str(50 * 1024 * 1024 + 2))
    h.end_headers()
    try:
        h.wfile.write(b'["')
        block = b"a" * (1 << 20)
        for _ in range(50):
            h.wfile.write(block)
    except OSError:
        h.close_connection = True


def always_500(h: Handler, body: Any) -> None:
    h.reply(500, b"<html><title>500 Internal Server Error</title></html>")


def gzip_not_gzip(h: Handler, body: Any) -> None:
    send_json(h, None, raw=b"\x1f\x8b\x08\x00garbage that is no deflate stream at all" * 20,
              headers={"Content-Encoding": "gzip"})


def gzip_truncated(h: Handler, body: Any) -> None:
    data = gzip.compress(json.dumps(body).encode())
    send_json(h, None, raw=data[: len(data) // 2], headers={"Content-Encoding": "gzip"})


def plain_labelled_gzip(h: Handler, body: Any) -> None:
    send_json(h, body, headers={"Content-Encoding": "gzip"})


def trickle(h: Handler, body: Any) -> None:
    data = json.dumps(body).encode()
    h.send_response(200)
    h.send_header("Content-Type", "application/json")
    h.send_header("Content-Length", str(len(data)))
    h.end_headers()
    end = time.monotonic() + 10
    try:
        for i in range(len(data)):
            if time.monotonic() > end:
                break
            h.wfile.write(data[i:i + 1])
            h.wfile.flush()
            time.sleep(0.3)
    except OSError:
        pass
    h.close_connection = True


FAILURES: dict[str, Behaviour] = {
    "html-login-200": html_login,
    "cloudflare-challenge-200": cloudflare_200,
    "html-labelled-json": html_as_json,
    "truncated-json": truncated,
    "list-for-object": as_list,
    "json-null": json_null,
    "json-string": json_string,
    "envelope-wrong-kind": envelope_list,
    "50-MB-answer": huge_body,
    "500-every-try": always_500,
    "gzip-that-is-not-gzip": gzip_not_gzip,
    "gzip-cut-short": gzip_truncated,
    "trickle": trickle,
}


@pytest.mark.parametrize("service", SERVICES)
@pytest.mark.parametrize("case", list(FAILURES))
async def test_a_broken_answer_leaves_the_entry_unchecked(tmp_path: Path, service: str,
                                                          case: str) -> None:
    m, messages, took = await one_case(tmp_path, service, FAILURES[case])
    assert_unchecked(m, service)
    assert any("lookup(s) failed" in msg for msg in messages), messages
    assert took < DEADLINE + SLACK, took


@pytest.mark.parametrize("service", SERVICES)
async def test_records_of_the_wrong_kind_are_no_answer(tmp_path: Path, service: str) -> None:
    """Records that are no objects (null, a number, a string): nothing could be read, so
    nothing was found or not found."""
    m, _, _ = await one_case(tmp_path, service, records_of_wrong_kind)
    assert_unchecked(m, service)


@pytest.mark.parametrize("service", SERVICES)
async def test_good_answer_verifies(tmp_path: Path, service: str) -> None:
    """The control: the stand-in's good answer verifies the entry."""
    m, _, _ = await one_case(tmp_path, service, good)
    assert m.verdict == "verified", (m.verdict, m.reason)


@pytest.mark.parametrize("service", SERVICES)
async def test_plain_json_labelled_gzip_is_read_as_sent(tmp_path: Path, service: str) -> None:
    m, _, _ = await one_case(tmp_path, service, plain_labelled_gzip)
    assert m.verdict == "verified", (m.verdict, m.reason)


# --------------------------------------------------------------------------- odd but readable fields

def odd(service: str, **over: Any) -> Behaviour:
    maker = {"crossref": lambda: crossref_list(crossref_work(**over)),
             "openalex": lambda: {"results": [openalex_work(**over)]},
             "openlibrary": lambda: {"docs": [ol_doc(**over)]},
             "googlebooks": lambda: {"items": [gb_volume(**over)]},
             "loc": lambda: {"results": [loc_result(**over)]}}[service]
    return lambda h, body: send_json(h, maker())


ODD_FIELDS: list[tuple[str, dict[str, Any]]] = [
    # numbers as strings, strings as numbers
    ("crossref", {"volume": 12, "issued": {"date-parts": [["2019"]]}}),
    ("crossref", {"issued": {"date-parts": [["2019-01"]]}}),
    ("crossref", {"title": TITLE}),  # a string where Crossref gives a list
    ("crossref", {"author": [{"given": "Q."}, {"family": "Holloway", "given": "Tessa"},
                             {"family": None}, "Anonymous"]}),
    ("crossref", {"score": "40.0", "page": 33, "container-title": "Planetary Science Letters"}),
    ("crossref", {"publisher": ["Planet Press"], "ISBN": "9780306406157"}),
    ("openalex", {"publication_year": "2019", "title": [TITLE]}),
    ("openalex", {"biblio": {"volume": 12, "first_page": 33, "last_page": 48}}),
    ("openalex", {"authorships": [{"author": None}, None,
                                  {"author": {"display_name": "Tessa Holloway"}}]}),
    ("openalex", {"relevance_score": "12.5", "language": ["en"]}),
    ("openlibrary", {"title": [BOOK_TITLE], "first_publish_year": "2017"}),
    ("openlibrary", {"publish_year": ["2017-01", 20170101, "n.d."], "publisher": "Harbour Press"}),
    ("openlibrary", {"author_name": "Livia Marchetti", "isbn": "9780306406157"}),
    ("googlebooks", {"publishedDate": 20170101}),
    ("googlebooks", {"publishedDate": "2017-01", "authors": "Livia Marchetti"}),
    ("googlebooks", {"title": [BOOK_TITLE], "publisher": ["Harbour Press"],
                     "industryIdentifiers": [{"type": "ISBN_13"}, None]}),
    ("loc", {"date": "2017-01", "contributor": "marchetti, livia"}),
    ("loc", {"date": 2017, "title": [f"{BOOK_TITLE} / Livia Marchetti."], "number_lccn": "2017000042"}),
    ("loc", {"item": {"created_published": "London : Harbour Press, 2017."}, "language": None}),
]


@pytest.mark.parametrize(("service", "over"), ODD_FIELDS,
                         ids=[f"{s}-{'+'.join(o)}" for s, o in ODD_FIELDS])
async def test_odd_but_readable_fields_are_read(tmp_path: Path, service: str,
                                                over: dict[str, Any]) -> None:
    m, _, _ = await one_case(tmp_path, service, odd(service, **over))
    assert m.verdict == "verified", (m.verdict, m.reason)


@pytest.mark.parametrize(("service", "over"), [
    ("crossref", {"issued": {"date-parts": [["n.d."]]}}),
    ("openalex", {"publication_year": "n.d."}),
    ("googlebooks", {"publishedDate": "n.d."}),
    ("loc", {"date": "n.d."}),
])
async def test_no_year_is_no_crash(tmp_path: Path, service: str, over: dict[str, Any]) -> None:
    """'n.d.' in the record: no year, the rest still compared (never a traceback)."""
    m, _, _ = await one_case(tmp_path, service, odd(service, **over))
    assert m.verdict in ("verified", "probable"), (m.verdict, m.reason)


@pytest.mark.parametrize("service", SERVICES)
async def test_a_result_list_of_100k_items_is_read_in_bounded_time(tmp_path: Path,
                                                                   service: str) -> None:
    """100,000 records where 5 were asked for (the cap raised so that all of it arrives):
    the run ends in seconds and the first record, the right one, verifies."""
    good_body = GOOD[service][0]
    key = {"crossref": "items", "openalex": "results", "openlibrary": "docs",
           "googlebooks": "items", "loc": "results"}[service]
    filler = {"crossref": lambda i: {"DOI": f"10.5555/x{i}", "title": [f"Filler {i}"]},
              "openalex": lambda i: {"id": f"https://openalex.org/W{i}", "title": f"Filler {i}"},
              "openlibrary": lambda i: {"key": f"/works/OL{i}W", "title": f"Filler {i}"},
              "googlebooks": lambda i: {"id": f"g{i}", "volumeInfo": {"title": f"Filler {i}"}},
              "loc": lambda i: {"title": f"Filler {i}", "id": f"x{i}"}}[service]
    many = [filler(i) for i in range(100_000)]
    if key == "items" and service == "crossref":
        body = crossref_list(crossref_work(), *many)
    else:
        body = {key: good_body[key] + many}
    data = json.dumps(body).encode()
    m, _, took = await one_case(tmp_path, service, lambda h, b: send_json(h, None, raw=data),
                                max_body_bytes=64 * 1024 * 1024)
    assert m.verdict == "verified", (m.verdict, m.reason)
    assert took < 8.0, took


# --------------------------------------------------------------------------- Retry-After

def limited(status: int, retry_after: str | Callable[[], str], times: int = 1) -> Behaviour:
    """*status* with Retry-After for the first *times* requests, then the good answer."""
    count = {"n": 0}

    def route(h: Handler, body: Any) -> None:
        count["n"] += 1
        if count["n"] <= times:
            value = retry_after() if callable(retry_after) else retry_after
            h.reply(status, b"<html><title>Too Many Requests</title></html>",
                    {"Retry-After": value})
            return
        send_json(h, body)

    return route


def http_date(seconds_ahead: float) -> str:
    return email.utils.formatdate(time.time() + seconds_ahead, usegmt=True)


@pytest.mark.parametrize("status", [429, 503])
@pytest.mark.parametrize(("retry_after", "waits"), [
    ("1", 1.0),
    (lambda: http_date(2), 1.0),  # one-second resolution: at least a second
    ("soon", 0.0),  # garbage: ordinary backoff
    ("-5", 0.0),
    ("1e9", 0.0),  # not delta-seconds: ordinary backoff
], ids=["seconds", "http-date", "garbage", "negative", "exponent"])
async def test_retry_after_is_honoured(tmp_path: Path, status: int, retry_after: Any,
                                       waits: float) -> None:
    stand = StandIn()
    stand.behaviour["crossref"] = limited(status, retry_after)
    with serve({}, fallback=stand) as site:
        s = settings_for(tmp_path, f"http://127.0.0.1:{site.port}", "crossref")
        [m], _, took = await run(s, [ARTICLE])
    assert m.verdict == "verified", (m.verdict, m.reason)
    assert len(stand.times) == 2
    assert stand.times[1] - stand.times[0] >= waits * 0.9
    assert took < DEADLINE + SLACK


@pytest.mark.parametrize("status", [429, 503])
@pytest.mark.parametrize("retry_after", ["86400", lambda: http_date(86400), "999999999999999999999"],
                         ids=["a-day", "a-day-as-date", "enormous"])
async def test_a_retry_after_past_the_deadline_is_not_waited_out(tmp_path: Path, status: int,
                                                                 retry_after: Any) -> None:
    """Waiting would pass the deadline: the answer stands at once, the entry is unchecked,
    and the other entries do not wait for it either."""
    stand = StandIn()
    stand.behaviour["crossref"] = limited(status, retry_after, times=1000)
    other = ARTICLE.model_copy(update={"raw": ARTICLE.raw + " (again)", "fields": ARTICLE.fields.model_copy(
        update={"title": TITLE + " revisited"})})
    with serve({}, fallback=stand) as site:
        s = settings_for(tmp_path, f"http://127.0.0.1:{site.port}", "crossref")
        matches, _, took = await run(s, [ARTICLE, other])
    for m in matches:
        assert_unchecked(m, "crossref")
        assert str(status) in (m.reason or "") or "Retry-After" in (m.reason or ""), m.reason
    assert took < 2.0, took


async def test_retry_after_never_holds_the_run_past_its_time_limit(tmp_path: Path) -> None:
    """A catalogue that answers 429 'retry after 2 s' for ever, 6 entries in a row, with a
    run limit of 4 s: the run ends at its limit, every entry unchecked."""
    stand = StandIn()
    stand.behaviour["crossref"] = limited(429, "2", times=10_000)
    refs = [ARTICLE.model_copy(update={"raw": f"{ARTICLE.raw} {i}", "fields": ARTICLE.fields.model_copy(
        update={"title": f"{TITLE} {i}"})}) for i in range(6)]
    with serve({}, fallback=stand) as site:
        s = settings_for(tmp_path, f"http://127.0.0.1:{site.port}", "crossref")
        matches, _, took = await run(s, refs, budget=Budget(4.0))
    assert all(m.verdict == "unchecked" for m in matches), [m.verdict for m in matches]
    assert took < 4.0 + SLACK, took


# --------------------------------------------------------------------------- redirects, resets

@pytest.mark.parametrize("service", SERVICES)
async def test_a_redirect_to_another_host_is_not_the_catalogues_answer(tmp_path: Path,
                                                                       service: str) -> None:
    """The catalogue sends the request to another host (a captive portal, a hijacked name):
    whatever that host answers, even JSON that would verify, is not the catalogue's."""
    def elsewhere(h: Handler) -> None:
        send_json(h, GOOD[service][0])

    with serve({}, fallback=elsewhere) as other:
        target = f"http://127.0.0.1:{other.port}/portal"
        m, _, _ = await one_case(tmp_path, service, lambda h, b: h.redirect(302, target))
    assert_unchecked(m, service)
    assert "another host" in (m.reason or ""), m.reason


async def test_a_redirect_on_the_catalogues_own_host_is_followed(tmp_path: Path) -> None:
    def route(h: Handler, body: Any) -> None:
        if "/moved" in h.path:
            send_json(h, body)
        else:
            h.redirect(301, "/crossref/moved/works")
    m, _, _ = await one_case(tmp_path, "crossref", route)
    assert m.verdict == "verified", (m.verdict, m.reason)


@pytest.mark.parametrize("service", SERVICES)
async def test_a_connection_reset_mid_body_leaves_the_entry_unchecked(tmp_path: Path,
                                                                      service: str) -> None:
    data = json.dumps(GOOD[service][0]).encode()

    def reset(req: RawRequest) -> None:
        req.send(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                 b"Content-Length: %d\r\n\r\n" % len(data) + data[: len(data) // 2])
        time.sleep(0.05)
        req.reset()

    with serve_raw({}, fallback=reset) as raw:
        base = f"http://127.0.0.1:{raw.port}"
        s = settings_for(tmp_path, base, service)
        [m], _, took = await run(s, [GOOD[service][1]])
    assert_unchecked(m, service)
    assert took < DEADLINE + SLACK


# --------------------------------------------------------------------------- doi.org

@pytest.mark.parametrize("case", ["html-login-200", "list-for-object", "json-string",
                                  "truncated-json", "500-every-try"])
async def test_doi_org_broken_never_says_the_doi_resolves_nowhere(tmp_path: Path, case: str) -> None:
    """Crossref has no record of the cited DOI and doi.org answers nonsense: the DOI is not
    called unresolved (only a doi.org 'no such handle' says that)."""
    behaviour = FAILURES[case]
    cited = ARTICLE.model_copy(update={"fields": ARTICLE.fields.model_copy(
        update={"doi": "10.5555/nowhere.1"})})

    def route(h: Handler) -> None:
        if h.path.startswith("/doi/"):
            behaviour(h, {"responseCode": 1, "handle": "10.5555/nowhere.1"})
        elif "/works/" in h.path:
            h.reply(404, b"Resource not found.", content_type="text/plain")
        else:
            send_json(h, crossref_list())
    with serve({}, fallback=route) as site:
        s = settings_for(tmp_path, f"http://127.0.0.1:{site.port}", "crossref")
        [m], _, _ = await run(s, [cited])
    assert "resolves nowhere" not in json.dumps(m.model_dump()), m


# --------------------------------------------------------------------------- the archive

async def archive_case(tmp_path: Path, routes: dict[str, Callable[[Handler], None]],
                       verify: bool = False) -> tuple[Any, float]:
    def fallback(h: Handler) -> None:
        for prefix, route in routes.items():
            if h.path.startswith(prefix):
                route(h)
                return
        h.reply(404, b"")
    with serve({}, fallback=fallback) as site:
        s = settings_for(tmp_path, f"http://127.0.0.1:{site.port}", "crossref")
        started = time.monotonic()
        async with HttpLayer(s) as http:
            result = await look_up("http://example.org/gone.html", http, s, when="20190101",
                                   verify=verify)
    return result, time.monotonic() - started


def cdx_rows(*rows: list[str]) -> bytes:
    return json.dumps([["timestamp", "original", "statuscode", "mimetype"], *rows]).encode()


def json_reply(data: bytes | Any, status: int = 200) -> Callable[[Handler], None]:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return lambda h: h.reply(status, raw, content_type="application/json")


NO_TIMEMAP = {"/timemap": lambda h: h.reply(404, b"")}  # Memento: no mementos
GOOD_ROW = ["20190102030405", "http://example.org/gone.html", "200", "text/html"]


@pytest.mark.parametrize("cdx", [
    lambda h: h.reply(200, CLOUDFLARE),
    lambda h: h.reply(200, LOGIN),
    json_reply(cdx_rows(GOOD_ROW)[:40]),  # truncated
    json_reply({"error": "x"}),  # an object where rows are expected
    json_reply(b"null"),
    json_reply(cdx_rows(["20190102030405", "http://example.org/gone.html"])),  # too few columns
    json_reply(cdx_rows(["not-a-date", "http://example.org/gone.html", "200", "text/html"])),
    json_reply(cdx_rows(["29990101000000", "http://example.org/gone.html", "200", "text/html"])),
    json_reply([[1, 2, 3], ["a", "b", "c"]]),  # no header
], ids=["cloudflare", "login", "truncated", "object", "null", "few-columns", "bad-timestamp",
        "future-timestamp", "no-header"])
async def test_an_unreadable_cdx_answer_is_a_failed_look_up(tmp_path: Path, cdx: Any) -> None:
    """The CDX server answers 200 with something that is no CDX answer, and the availability
    API fails: the look-up failed, never 'no archived copy' (which the Memento 404 would
    otherwise make it)."""
    result, took = await archive_case(tmp_path, {
        "/cdx": cdx, "/available": lambda h: h.reply(503, b""), **NO_TIMEMAP})
    assert (result.copy, result.checked) == (None, False), result
    assert result.reason
    assert took < DEADLINE + SLACK


async def test_cdx_rows_readable_among_unreadable_ones_are_used(tmp_path: Path) -> None:
    result, _ = await archive_case(tmp_path, {"/cdx": json_reply(cdx_rows(
        ["20190102030405"], ["bad", "http://example.org/gone.html", "200", "text/html"],
        GOOD_ROW)), **NO_TIMEMAP})
    assert result.checked and result.copy is not None
    assert result.copy.timestamp == "20190102030405"


async def test_an_empty_cdx_answer_is_still_no_capture(tmp_path: Path) -> None:
    """The control: '[]' is the CDX server's 'no capture', and the TimeMap's 404 'no
    mementos': that look-up succeeded, and found nothing."""
    result, _ = await archive_case(tmp_path, {"/cdx": json_reply([]), **NO_TIMEMAP})
    assert (result.copy, result.checked) == (None, True)


def availability(closest: Any) -> Callable[[Handler], None]:
    return json_reply({"url": "example.org/gone.html", "archived_snapshots": closest})


@pytest.mark.parametrize("answer", [
    availability({"closest": {"available": True, "status": "200", "timestamp": "20190102030405",
                              "url": "http://snapshots.invalid/web/20190102030405/example.org"}}),
    availability({"closest": {"available": True, "status": "200", "timestamp": "29990101000000",
                              "url": "{base}/web/29990101000000/http://example.org/gone.html"}}),
    availability({"closest": {"available": True, "status": "200", "timestamp": "2019-01-02",
                              "url": "{base}/web/2019-01-02/http://example.org/gone.html"}}),
    availability({"closest": {"available": True, "status": "200", "timestamp": "20190102030405",
                              "url": "javascript:alert(1)"}}),
    availability([]),
    json_reply(["archived_snapshots"]),
    lambda h: h.reply(200, CLOUDFLARE),
], ids=["other-host", "future", "malformed-timestamp", "not-http", "snapshots-a-list", "a-list",
        "cloudflare"])
async def test_an_untrustworthy_availability_answer_is_a_failed_look_up(tmp_path: Path,
                                                                       answer: Any) -> None:
    """The CDX query failed; the availability API says 'available', but with a snapshot on
    another host, dated in the future, with a malformed date, or in another shape: no copy
    is offered, and the look-up is not called a success."""
    def route(h: Handler) -> None:
        port = h.server.port
        saved = h.wfile.write

        def write(data: bytes) -> int:
            return saved(data.replace(b"{base}", f"http://127.0.0.1:{port}".encode()))
        h.wfile.write = write  # type: ignore[method-assign]
        answer(h)

    result, _ = await archive_case(tmp_path, {"/cdx": lambda h: h.reply(503, b""),
                                              "/available": route})
    assert result.copy is None and result.checked is False, result


async def test_a_good_availability_answer_is_still_a_copy(tmp_path: Path) -> None:
    def route(h: Handler) -> None:
        url = f"http://127.0.0.1:{h.server.port}/web/20190102030405/http://example.org/gone.html"
        availability({"closest": {"available": True, "status": "200",
                                  "timestamp": "20190102030405", "url": url}})(h)
    result, _ = await archive_case(tmp_path, {"/cdx": lambda h: h.reply(503, b""),
                                              "/available": route})
    assert result.checked and result.copy is not None, result


@pytest.mark.parametrize("timemap", [
    b"<http://example.org/gone.html; rel=\"original\", <http://a.example/web/1>; rel=memento",
    b"this is no link-format at all",
    b"<html><title>Just a moment...</title></html>",
    b'{"mementos": ["x"]}',
    b'{"original_uri": "http://example.org/gone.html", "mementos": {"list": "nope"}}',
], ids=["unclosed-bracket", "prose", "html", "json-list", "json-list-a-string"])
async def test_an_unreadable_timemap_is_a_failed_look_up(tmp_path: Path, timemap: bytes) -> None:
    result, took = await archive_case(tmp_path, {
        "/cdx": json_reply([]), "/timemap": lambda h: h.reply(200, timemap,
                                                              content_type="application/link-format")})
    assert (result.copy, result.checked) == (None, False), result
    assert took < DEADLINE + SLACK


async def test_timemap_mementos_with_bad_or_future_dates_are_not_copies(tmp_path: Path) -> None:
    """A TimeMap that parses, whose mementos are all dated in the future or not at all: none
    is a copy; the one good memento among them is."""
    bad = (b'<http://example.org/gone.html>; rel="original",\n'
           b'<http://a.example/web/29990101000000/x>; rel="memento"; datetime="Mon, 01 Jan 2999 00:00:00 GMT",\n'
           b'<http://a.example/web/x>; rel="memento"; datetime="yesterday",\n')
    result, _ = await archive_case(tmp_path, {"/cdx": json_reply([]), "/timemap": lambda h: h.reply(
        200, bad, content_type="application/link-format")})
    assert result.copy is None
    good_one = bad + b'<http://a.example/web/20190101000000/x>; rel="memento"; datetime="Tue, 01 Jan 2019 00:00:00 GMT"\n'
    result, _ = await archive_case(tmp_path, {"/cdx": json_reply([]), "/timemap": lambda h: h.reply(
        200, good_one, content_type="application/link-format")})
    assert result.copy is not None and result.copy.timestamp == "20190101000000", result


@pytest.mark.parametrize("status", [429, 503])
async def test_archive_retry_after_past_the_deadline_is_a_failed_look_up(tmp_path: Path,
                                                                         status: int) -> None:
    answer = lambda h: h.reply(status, b"", {"Retry-After": "86400"})  # noqa: E731
    result, took = await archive_case(tmp_path, {"/cdx": answer, "/available": answer})
    assert (result.copy, result.checked) == (None, False)
    assert took < 2.0


async def test_archive_trickle_is_a_failed_look_up_within_the_deadline(tmp_path: Path) -> None:
    slow = lambda h: trickle(h, [["timestamp"], ["20190101000000"]])  # noqa: E731
    result, took = await archive_case(tmp_path, {"/cdx": slow, "/available": slow})
    assert (result.copy, result.checked) == (None, False)
    assert took < 2 * DEADLINE + SLACK  # two services asked one after the other


async def test_archive_redirect_to_another_host_is_a_failed_look_up(tmp_path: Path) -> None:
    with serve({}, fallback=lambda h: h.reply(200, cdx_rows(GOOD_ROW),
                                              content_type="application/json")) as other:
        away = lambda h: h.redirect(302, f"http://127.0.0.1:{other.port}/x")  # noqa: E731
        result, _ = await archive_case(tmp_path, {"/cdx": away, "/available": away})
    assert (result.copy, result.checked) == (None, False), result


# --------------------------------------------------------------------------- a whole run

def test_a_whole_run_against_hostile_apis_finishes_with_a_report(tmp_path: Path,
                                                                  capsys: Any) -> None:
    """The CLI with every catalogue and archive answering a Cloudflare challenge or a list:
    exit 0/1 (never 3), a report, every entry unchecked."""
    from citecheck.cli import main

    def route(h: Handler) -> None:
        if h.path.startswith(("/crossref", "/openlibrary", "/cdx")):
            h.reply(200, CLOUDFLARE)
        elif h.path.startswith("/gone"):
            h.reply(404, b"gone")
        else:
            send_json(h, [1, 2, 3])

    doc = tmp_path / "paper.md"
    with serve({}, fallback=route) as site:
        base = f"http://127.0.0.1:{site.port}"
        doc.write_text(
            "# Paper\n\nText [1], [2].\n\n## References\n\n"
            f"1. {ARTICLE.raw}\n"
            f"2. {BOOK.raw} {base}/gone\n", encoding="utf-8")
        env = {"CITECHECK_" + k.upper(): f"{base}/{k.split('_')[0]}" for k in (
            "crossref_url", "openlibrary_url", "googlebooks_url", "loc_url", "doi_url",
            "cdx_url", "memento_url")}
        env["CITECHECK_WAYBACK_URL"] = f"{base}/available"
        env["CITECHECK_DEADLINE"] = "3"
        with pytest.MonkeyPatch.context() as mp:
            for k, v in env.items():
                mp.setenv(k, v)
            code = main(["report", str(doc), "--format", "json", "--cache-dir",
                         str(tmp_path / "cache"), "-q", "--fail-on", "none"])
    out = capsys.readouterr().out
    assert code == 0
    report = json.loads(out)
    verdicts = [e["match"]["verdict"] for e in report["entries"] if e.get("match")]
    assert verdicts and set(verdicts) == {"unchecked"}, verdicts
    (link,) = report["links"]
    assert link["archive_lookup"] == "failed", link
