"""Archive lookup: pure parsers on the real responses in tests/fixtures/archives,
lookups replayed from cassettes (cassettes/test_archive/), and the
verification/suggestion logic on httpx.MockTransport.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from citecheck.archive import (
    Capture,
    cdx_params,
    choose_capture,
    find_archived_copy,
    http_date_to_timestamp,
    mementos_from_json_timemap,
    mementos_from_link_format,
    order_candidates,
    parse_availability,
    parse_cdx,
    parse_cdx_text,
    parse_link_format,
    to_timestamp,
)
from citecheck.config import RunOptions, Settings, running
from citecheck.links import LinkTarget, check_document_links
from citecheck.net import HttpLayer

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "archives"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def settings_for(tmp_path: Path, **kw: object) -> Settings:
    base: dict[str, object] = dict(cache_dir=tmp_path / "cache", retries=0, backoff_base=0.01,
                                   rate_limits={})
    base.update(kw)
    return Settings(**base)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- parsers


def test_parse_cdx_example() -> None:
    caps = parse_cdx(json.loads(fixture("cdx-example.json")))
    assert [c.timestamp for c in caps] == ["19970126045828", "19971011050034", "19971211122953"]
    assert caps[0] == Capture("19970126045828", "http://www.archive.org:80/", 200, "text/html")


def test_parse_cdx_stops_at_the_resume_key() -> None:
    caps = parse_cdx(json.loads(fixture("cdx-example-resumekey.json")))
    assert len(caps) == 5 and caps[-1].timestamp == "19980109140106"
    assert all(c.original.startswith("http://") for c in caps)


@pytest.mark.parametrize(
    ("name", "count"),
    [("cdx-example-empty.json", 0), ("cdx-example-limit1-ia.json", 1),
     ("cdx-example-statuscode200-limit-neg1.json", 1)],
)
def test_parse_cdx_fixtures(name: str, count: int) -> None:
    assert len(parse_cdx_text(fixture(name))) == count


def test_parse_ia_json_timemap_with_eleven_fields() -> None:
    # the fixture is an excerpt (array not closed): close it as the full answer would be
    text = fixture("timemap-json-ia-excerpt.txt").rstrip().rstrip(",") + "]"
    caps = parse_cdx_text(text)
    assert [c.timestamp for c in caps][:2] == ["19981206012233", "19981212024410"]
    assert caps[-1].original == "http://discontents.com.au:80/" and caps[-1].status == 200


def test_parse_pywb_ndjson() -> None:
    # pywb answers one JSON object per line with url/status/mime (GLAM-Workbench notebook)
    text = '{"urlkey": "au,gov,nla)/", "timestamp": "20100205144751", "url": ' \
           '"http://www.nla.gov.au/", "mime": "text/html", "status": "200"}\n'
    caps = parse_cdx_text(text)
    assert caps == [Capture("20100205144751", "http://www.nla.gov.au/", 200, "text/html")]


@pytest.mark.parametrize(
    ("name", "url", "timestamp"),
    [
        ("wayback-available-example.json",
         "http://web.archive.org/web/20130919044612/http://example.com/", "20130919044612"),
        ("wayback-available-example-2.json",
         "http://web.archive.org/web/20150801071326/http://elecena.pl/", "20150801071326"),
    ],
)
def test_parse_availability(name: str, url: str, timestamp: str) -> None:
    copy = parse_availability(json.loads(fixture(name)))
    assert copy is not None and (copy.url, copy.timestamp, copy.status) == (url, timestamp, 200)


def test_parse_availability_empty() -> None:
    assert parse_availability(json.loads(fixture("wayback-available-empty.json"))) is None


def test_parse_link_format_timemap() -> None:
    links = parse_link_format(fixture("timemap-example.txt"))
    rels = [p["rel"] for _, p in links]
    assert rels == ["original", "self", "timegate", "first memento", "memento"]
    assert links[1][1]["type"] == "application/link-format"
    caps = mementos_from_link_format(fixture("timemap-example.txt"))
    assert [(c.timestamp, c.memento) for c in caps] == [
        ("19981206012233", "https://web.archive.org/web/19981206012233/http://www.discontents.com.au:80/"),
        ("19981212024410", "https://web.archive.org/web/19981212024410/http://www.discontents.com.au:80/"),
    ]


def test_parse_timegate_link_header() -> None:
    link = json.loads(fixture("timegate-head-response-headers-awa.json"))["Link"]
    caps = mementos_from_link_format(link)
    assert [(c.timestamp, c.original) for c in caps] == [("20100205144751", "http://www.nla.gov.au/")]


def test_json_timemap_shape() -> None:
    # field names as in mementoweb.org/guide/timemap-json (original_uri, mementos.list[uri, datetime])
    data = {"original_uri": "http://www.nla.gov.au/", "mementos": {"list": [
        {"datetime": "2010-02-05T14:47:51Z",
         "uri": "https://web.archive.org.au/awa/20100205144751mp_/http://www.nla.gov.au/"}]}}
    caps = mementos_from_json_timemap(data)
    assert caps[0].timestamp == "20100205144751" and caps[0].memento.startswith("https://web.")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2019-05-03", "20190503235959"), ("2019", "20191231235959"), ("2020-02", "20200229235959"),
     ("accessed 3 May 2019", "20190503235959"), ("Sept. 9, 2001", "20010909235959"),
     ("June 2010", "20100630235959"), ("1917-11-07", "19171107235959"),
     (1998, "19981231235959"), ("n.d.", None),
     (None, None)],
)
def test_to_timestamp(value: object, expected: str | None) -> None:
    assert to_timestamp(value) == expected  # type: ignore[arg-type]


def test_http_date_to_timestamp() -> None:
    assert http_date_to_timestamp("Sun, 06 Dec 1998 01:22:33 GMT") == "19981206012233"


@pytest.mark.parametrize(
    ("when", "expected"),
    [("19971031235959", "19971011050034"),   # closest before
     ("19900101000000", "19970126045828"),   # nothing before: closest after
     ("20250101000000", "19971211122953"),
     (None, "19971211122953")],              # no date: newest
)
def test_choose_capture_iabot_rule(when: str | None, expected: str) -> None:
    caps = parse_cdx(json.loads(fixture("cdx-example.json")))
    chosen = choose_capture(caps, when)
    assert chosen is not None and chosen.timestamp == expected


def test_bad_captures_are_never_chosen() -> None:
    caps = [Capture("20100101000000", "http://a.org/", 404), Capture("20090101000000",
            "http://a.org/", 301), Capture("20080101000000", "http://a.org/", 206),
            Capture("20070101000000", "http://a.org/", 200)]
    assert [c.timestamp for c in order_candidates(caps, "20110101000000")] == ["20070101000000"]


def test_nearest_capture_on_either_side_wins() -> None:
    caps = [Capture("20100101000000", "http://a.org/x", 200),  # 3 years before
            Capture("20130301000000", "http://a.org/x", 200)]  # 2 months after
    assert order_candidates(caps, "20130101000000")[0].timestamp == "20130301000000"
    assert order_candidates(caps, "20100601000000")[0].timestamp == "20100101000000"


def test_cdx_query_parameters() -> None:
    p = cdx_params("example.com/page", "20190503235959")
    assert p["output"] == "json" and p["closest"] == "20190503235959" and p["sort"] == "closest"
    assert p["filter"].startswith("statuscode:") and int(p["limit"]) > 0


# --------------------------------------------------------------------------- cassettes


@pytest.mark.vcr
async def test_cdx_picks_closest_capture_before_citation_date(tmp_path: Path) -> None:
    async with HttpLayer(settings_for(tmp_path)) as http:
        copy = await find_archived_copy("archive.org", http, http.settings,
                                        when=to_timestamp("1997-10"), verify=False)
    assert copy is not None
    assert copy.url == "https://web.archive.org/web/19971011050034/http://www.archive.org:80/"
    assert (copy.timestamp, copy.source, copy.status) == ("19971011050034", "wayback", 200)


@pytest.mark.vcr
async def test_cdx_falls_back_to_closest_capture_after(tmp_path: Path) -> None:
    async with HttpLayer(settings_for(tmp_path)) as http:
        copy = await find_archived_copy("archive.org", http, http.settings,
                                        when=to_timestamp(1990), verify=False)
    assert copy is not None and copy.timestamp == "19970126045828"


@pytest.mark.vcr
async def test_cdx_failure_falls_back_to_availability_api(tmp_path: Path) -> None:
    async with HttpLayer(settings_for(tmp_path)) as http:
        copy = await find_archived_copy("example.com", http, http.settings,
                                        when=to_timestamp(2013), verify=False)
    assert copy is not None and copy.source == "wayback-availability"
    assert copy.url == "http://web.archive.org/web/20130919044612/http://example.com/"


@pytest.mark.vcr
async def test_availability_empty_answer_means_no_copy(tmp_path: Path) -> None:
    async with HttpLayer(settings_for(tmp_path)) as http:
        assert await find_archived_copy("elecena.pl", http, http.settings, verify=False) is None


@pytest.mark.vcr
async def test_memento_timemap_when_wayback_has_no_capture(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, memento_url="https://web.archive.org/web/timemap/link")
    async with HttpLayer(settings) as http:
        copy = await find_archived_copy("http://discontents.com.au", http, settings,
                                        when=to_timestamp("1998-12-10"), verify=False)
    assert copy is not None and copy.source == "memento:web.archive.org"
    # cited 1998-12-10: the capture of 12-12 (2 days after) is nearer than 12-06 (4 days before)
    assert copy.url == (
        "https://web.archive.org/web/19981212024410/http://www.discontents.com.au:80/"
    )


# --------------------------------------------------------------------------- verification


CDX_TWO = json.dumps([
    ["timestamp", "original", "statuscode", "mimetype"],
    ["20150101000000", "http://site.test/paper", "200", "text/html"],
    ["20140101000000", "http://site.test/paper", "200", "text/html"],
])


def archive_and_site(request: httpx.Request) -> httpx.Response:
    """A dead page on site.test, and an archive whose newest capture is an error page."""
    path = request.url.path
    if request.url.host == "site.test":
        return httpx.Response(404, text="gone")
    if path == "/cdx/search/cdx":
        return httpx.Response(200, text=CDX_TWO, headers={"content-type": "application/json"})
    if path.startswith("/web/20150101000000id_/"):
        return httpx.Response(200, text="<title>Page Not Found</title>",
                              headers={"content-type": "text/html"})
    if path.startswith("/web/20140101000000id_/"):
        return httpx.Response(200, text="<title>The paper</title>",
                              headers={"content-type": "text/html"})
    return httpx.Response(404)


async def test_not_found_captures_are_passed_over(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, cdx_url="https://archive.test/cdx/search/cdx")
    async with HttpLayer(settings, transport=httpx.MockTransport(archive_and_site)) as http:
        copy = await find_archived_copy("http://site.test/paper", http, settings,
                                        when="20160101000000")
    assert copy is not None and copy.timestamp == "20140101000000"
    assert copy.url == "https://archive.test/web/20140101000000/http://site.test/paper"


async def test_dead_link_gets_the_archived_copy_as_suggestion(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, cdx_url="https://archive.test/cdx/search/cdx")

    class Ref:  # a Reference-like entry with an access date
        class fields:
            urldate = "2015-06-01"
            year = "2014"

    async def up() -> bool:
        return True

    async with HttpLayer(settings, transport=httpx.MockTransport(archive_and_site)) as http:
        checks, messages = await check_document_links(
            [LinkTarget("http://site.test/paper", 12, "smith2014")], http, settings,
            cited={"smith2014": Ref}, probe=up,
        )
    check = checks[0]
    assert check.status == "dead" and check.strong
    assert check.archive is not None and check.archive.timestamp == "20140101000000"
    assert check.suggestion == check.archive.url
    assert messages == ["archive: 1 look-up(s) made, 0 skipped (--archive broken: working links "
                        "are not looked up)"]


async def test_working_link_only_reports_that_a_copy_exists(tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "site.test" and request.url.path == "/paper":
            return httpx.Response(200, text="<title>Live</title>",
                                  headers={"content-type": "text/html"})
        return archive_and_site(request)

    settings = settings_for(tmp_path, cdx_url="https://archive.test/cdx/search/cdx")

    async def up() -> bool:
        return True

    async with HttpLayer(settings, transport=httpx.MockTransport(handler)) as http:
        with running(RunOptions(archive="all")):
            checks, _ = await check_document_links(["http://site.test/paper"], http, settings,
                                                   probe=up)
    assert checks[0].status == "ok" and checks[0].archive is not None
    assert checks[0].suggestion is None
