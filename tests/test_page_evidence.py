"""Soft-404 and parked pages told by evidence, not phrases alone (cases from bench/pages_lab.py):
the site's answer for a path that cannot exist, its template set aside, parking services'
markup, and the title the citation gives the work."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from loopback import Handler, serve

from citecheck.config import RunOptions, Settings, running
from citecheck.links import LinkTarget, probe_verdict, run_link_stage
from citecheck.net import HttpLayer, Response
from citecheck.pages import classify, page_of, parking_signs

URL = "https://example.org/articles/2019/river-basin"
PROBE = "https://example.org/articles/citecheck-no-such-page-0123456789ab"
WORDS = ("survey data river basin climate model archive record public policy history city "
         "council report museum collection trade route harbour census migration school").split()


def prose(n: int, chars: int) -> str:
    out, k = [], n
    while sum(map(len, out)) < chars:
        out.append(WORDS[k % len(WORDS)] + (". " if k % 9 == 0 else " "))
        k = k * 7 + 3
    return "".join(out)


def answer(body: str | bytes, url: str = URL, status: int = 200,
           history: list[tuple[int, str]] | None = None) -> Response:
    content = body if isinstance(body, bytes) else body.encode()
    return Response(url=url, status=status, headers={"content-type": "text/html; charset=utf-8"},
                    content=content, truncated=False, history=history or [])


def template(main: str, title: str = "The Coastal Herald") -> str:
    """A site whose navigation and footer dominate every page (over 3,000 characters)."""
    nav = "".join(f"<li><a href='/s/{w}'>{w.title()} and {w} news</a></li>" for w in WORDS * 8)
    foot = "".join(f"<li><a href='/about/{w}'>About our {w}</a></li>" for w in WORDS)
    return (f"<html><head><title>{title}</title></head><body><header><h1 class=logo>Herald"
            f"</h1></header><nav>{nav}</nav><main>{main}</main><footer>{foot}</footer>"
            "</body></html>")


# --------------------------------------------------------------------------- titles


@pytest.mark.parametrize("title", [
    "Not Found: The Lost Cities of the Amazon | History Magazine",
    "404エラーとは？原因と対処法をわかりやすく解説 | ウェブ講座",
    "Page Not Found Errors Explained for Librarians",
])
def test_a_title_whose_words_go_on_is_not_a_message(title: str) -> None:
    body = f"<html><title>{title}</title><h1>{title}</h1><p>{prose(1, 1500)}</p></html>"
    assert classify(URL, answer(body)).status == "ok"


@pytest.mark.parametrize("title", [
    "Page not found | Example Press", "404: This page could not be found",
    "Error 404 (Not Found)!!1", "404 页面未找到 - 示例网站", "Seite nicht gefunden – Verlag",
])
def test_not_found_titles_still_count(title: str) -> None:
    assert classify(URL, answer(f"<html><title>{title}</title><p>x</p></html>")).status \
        == "soft-404"


def test_the_cited_title_is_the_works_own_words() -> None:
    body = "<html><title>Page Not Found | a novel by J. Doe</title><p>A novel.</p></html>"
    assert classify(URL, answer(body)).status == "soft-404"  # the words alone, a short page
    got = classify(URL, answer(body), cited_title="Page Not Found")
    assert got.status == "ok", got
    short = ("<html><title>Buy This Domain | a play by K. Lee</title><p>This domain is for "
             "sale. Tickets.</p></html>")
    assert classify(URL, answer(short)).status == "parked"  # two signs
    assert classify(URL, answer(short), cited_title="Buy this domain").status == "ok"


# --------------------------------------------------------------------------- parking


@pytest.mark.parametrize("body", [
    "<html><title>Why 'this domain is for sale' pages still pay</title><h1>Domain sales</h1>"
    f"<p>Firms such as Sedo (sedoparking.com) show 'Buy this domain' banners; see <a href="
    f"'https://www.parkingcrew.net/'>ParkingCrew</a>. {prose(3, 1500)}</p></html>",
    f"<html><title>Parked Domains and Typosquatting</title><p>{prose(4, 1500)}</p></html>",
    "<html><title>Moon missions</title><h1>The Apollo lunar module</h1><p><a href='/apollo/"
    f"lander'>lander</a> {prose(5, 300)}</p></html>",
])
def test_pages_about_parking_are_not_parked(body: str) -> None:
    assert classify(URL, answer(body)).status == "ok"


@pytest.mark.parametrize("body", [
    "<html><title>x.org</title><h1>The domain name x.org is for sale</h1></html>",
    "<html><title>x.org</title><h2>Get this domain</h2><p>Make an offer</p></html>",
    "<html><title>x.es</title><p>Este dominio está en venta.</p></html>",
    "<html><title>x.pt</title><p>Este domínio está à venda!</p></html>",
    "<html><title>x.org</title><iframe src='https://park.above.com/?d=x.org'></iframe></html>",
    "<html><title>x.org</title><script>window.location.href = 'https://www.dynadot.com/market/"
    "user-listings/x.org';</script></html>",
])
def test_parking_pages_by_wording_frames_and_sales_jumps(body: str) -> None:
    got = classify("http://x.org/research/p.html", answer(body, "http://x.org/research/p.html"))
    assert got.status == "parked", got


def test_an_ad_feed_named_after_its_domain_is_parked_but_a_home_page_is_not() -> None:
    feed = "".join(f"<li><a href='/?q={t}&amp;dp=1'>{t}</a></li>" for t in
                   ("Flights", "Insurance", "Degrees", "Hosting"))
    url = "http://x.org/p"
    parked = f"<html><title>x.org</title><h1>x.org</h1><h2>Related Searches</h2><ul>{feed}</ul>"
    assert classify(url, answer(parked, url)).status == "parked"
    home = ("<html><title>x.org</title><h1>x.org</h1><p>J. Smith, hydrologist.</p><h2>Related "
            "Links</h2><ul><li><a href='https://www.example.org/'>Society</a></li><li><a href="
            "'/papers.html'>Papers</a></li><li><a href='https://data.example.net/'>Data</a></li>")
    assert classify(url, answer(home, url)).status == "ok"


def test_a_redirect_to_lander_is_parked() -> None:
    resp = answer("<html><title>x.org</title><div id=t></div></html>", "http://x.org/lander",
                  history=[(302, "http://x.org/p")])
    assert classify("http://x.org/p", resp).status == "parked"


# --------------------------------------------------------------------------- site probe


def test_an_empty_page_like_the_probe_is_a_soft_404() -> None:
    empty = answer(b"")
    assert probe_verdict(empty, answer(b"", PROBE))[0] == "soft-404"
    assert probe_verdict(empty, answer(b"<title>Not found</title>", PROBE, 404)) is None
    # "No Content" is an answer that says it has none (an API, a beacon), not a lost page
    assert probe_verdict(answer(b"", status=204), answer(b"", PROBE, 204)) is None


def test_a_redirect_to_the_same_page_query_aside() -> None:
    search = template("<h1>Search</h1><p>No results.</p>", "Search")
    resp = answer(search, "https://example.org/search?q=river+basin", history=[(302, URL)])
    probe = answer(search, "https://example.org/search?q=citecheck", history=[(302, PROBE)])
    assert probe_verdict(resp, probe)[0] == "soft-404"
    login = template("<h1>Sign in</h1><form><input type=password name=p></form>", "Sign in")
    resp = answer(login, "https://example.org/login?next=%2Farticles", history=[(302, URL)])
    probe = answer(login, "https://example.org/login?next=%2Fcitecheck", history=[(302, PROBE)])
    status, why = probe_verdict(resp, probe)  # type: ignore[misc]
    assert status == "forbidden" and "sign-in" in why  # members-only: every path alike


def test_a_removal_notice_under_the_template_of_an_honest_404() -> None:
    error = answer(template("<h2>Page not found</h2><p>Sorry, we couldn't find that page.</p>",
                            "Page not found | Herald"), PROBE, 404)
    removed = answer(template("<h2>This article has been removed</h2><p>It is no longer on "
                              "our website.</p>"))
    status, why = probe_verdict(removed, error)  # type: ignore[misc]
    assert status == "soft-404" and "template aside" in why
    # "expired" is said of live pages too (an offer, a listing kept online): a note only
    expired = answer(template("<h2>Listing expired</h2><p>The employer closed it.</p>"))
    status, why = probe_verdict(expired, error)  # type: ignore[misc]
    assert status == "ok" and "Listing expired" in why and "note" in why, why
    for real in (template("<h2>Rural bus service no longer available</h2><p>The council said "
                          "the evening service is no longer available; the timetable has been "
                          "withdrawn.</p>"),
                 template(f"<h2>Port opens new terminal</h2><p>{prose(6, 260)}</p>")):
        assert probe_verdict(answer(real), error) is None


def test_a_long_parking_lander_at_every_path_is_parked() -> None:
    lander = (f"<html><title>x.org is for sale | Broker</title><h1>x.org</h1><p>{prose(7, 1500)}"
              "</p></html>")
    url, probe = "https://x.org/research/p.html", "https://x.org/research/citecheck-no-such"
    assert classify(url, answer(lander, url)).status == "ok"  # long: the words do not decide
    status, why = probe_verdict(answer(lander, url), answer(lander, probe))  # type: ignore[misc]
    assert status == "parked" and "is for sale" in why and "cannot exist" in why


def test_the_same_template_around_different_content_is_not_the_probe() -> None:
    real = answer(template(f"<h2>Harbour census counts record arrivals</h2><p>{prose(8, 700)}"
                           "</p>"))
    notice = answer(template("<h2>Content unavailable</h2><p>Removed or expired.</p>"), PROBE)
    assert probe_verdict(real, notice) is None


def test_a_page_carrying_the_cited_title_is_not_the_probe() -> None:
    both = template(f"<h2>Harbour census</h2><p>{prose(9, 30)}</p>")
    other = template(f"<h2>Nothing here</h2><p>{prose(9, 30)}</p>")
    assert probe_verdict(answer(both), answer(other, PROBE))[0] == "soft-404"  # type: ignore
    assert probe_verdict(answer(both), answer(other, PROBE), "Harbour census") is None


def test_a_script_shell_is_ok_with_a_note() -> None:
    shell = '<html><title>Atlas</title><div id=root></div><script src="/m.js"></script></html>'
    status, why = probe_verdict(answer(shell), answer(shell, PROBE))  # type: ignore[misc]
    assert status == "ok" and "script shell" in why


# --------------------------------------------------------------------------- through the stage


async def test_the_link_stage_weighs_the_cited_title(tmp_path: Path) -> None:
    # a short page: its title's words alone decide (on a long one they are a hint the
    # site's answer for a path that cannot exist must confirm)
    novel = b"<html><title>Page Not Found | a novel by J. Doe</title><p>A novel.</p></html>"

    def route(h: Handler) -> None:
        h.reply(200, novel)

    settings = Settings(cache_dir=tmp_path, connect_timeout=1.0, read_timeout=1.0, deadline=3.0,
                        retries=0, cdx_url="http://127.0.0.1:9/cdx",
                        wayback_url="http://127.0.0.1:9/available",
                        memento_url="http://127.0.0.1:9/timemap")
    with serve({"/books/page-not-found": route}) as srv:
        url = f"http://127.0.0.1:{srv.port}/books/page-not-found"
        cited = {"doe": SimpleNamespace(fields=SimpleNamespace(title="Page Not Found",
                                                               urldate=None, year=None))}
        async with HttpLayer(settings) as http:
            with running(RunOptions(refresh=True, archive="none")):
                titled = await run_link_stage([LinkTarget(url, 1, "doe")], http, settings,
                                              cited=cited)
                bare = await run_link_stage([LinkTarget(url, 1, "x")], http, settings,
                                            cited=cited)
    assert titled.checks[0].status == "ok", titled.checks[0]
    assert bare.checks[0].status == "soft-404", bare.checks[0]


# --------------------------------------------------------------------------- second look


def test_a_domain_for_sale_counts_only_as_the_pages_own() -> None:
    brief = ("<html><title>Is Twitter.com for sale? | Tech Brief</title><h1>Tech brief</h1>"
             "<p>Rumours say example.com is for sale; the owner denies it.</p></html>")
    assert classify(URL, answer(brief)).status == "ok"
    own = "<html><title>x.org</title><h1>The domain name x.org is for sale</h1></html>"
    assert classify("http://x.org/p", answer(own, "http://x.org/p")).status == "parked"


def test_a_sign_in_box_in_the_header_does_not_make_a_soft_404_a_gate() -> None:
    notice = template("<form><input name=u><input type=password name=p></form><h2>Nothing "
                      "here</h2>", "The Coastal Herald")
    got = probe_verdict(answer(notice), answer(notice, PROBE))
    assert got is not None and got[0] == "soft-404", got


def test_a_removal_notice_opens_the_pages_own_content() -> None:
    error = answer(template("<h2>Page not found</h2><p>Sorry, we couldn't find that page.</p>",
                            "Page not found | Herald"), PROBE, 404)
    brief = template("<h2>School board meets</h2><p>The board met on Monday. It said the "
                     "article has been removed from the reading list.</p>")
    assert probe_verdict(answer(brief), error) is None
    notice = template("<p>Sorry, this story has been removed. Read more news.</p>")
    assert probe_verdict(answer(notice), error)[0] == "soft-404"  # type: ignore[index]


def test_a_two_line_brief_under_a_site_wide_title_is_not_the_probe() -> None:
    brief = answer(template("<h2>Ferry times change</h2><p>Winter ferry times start on 3 "
                            "November; the last boat leaves at 18:40.</p>"))
    notice = answer(template("<h2>Content unavailable</h2><p>The item you are trying to view "
                             "has been removed or has expired.</p>"), PROBE)
    assert probe_verdict(brief, notice) is None


def test_a_page_that_only_repeats_its_address_is_the_probe() -> None:
    def search(url: str) -> Response:
        words = " ".join(url.rsplit("/", 2)[1:]).replace("-", " ")
        return answer(template(f"<h1>Search</h1><p>No results for “{words}”. Try other "
                               "words.</p>", "Search"), url)
    got = probe_verdict(search(URL), search(PROBE))
    assert got is not None and got[0] == "soft-404", got


def test_an_archived_copy_of_a_work_titled_page_not_found_is_usable() -> None:
    from citecheck.archive import capture_problem

    body = f"<html><title>Page Not Found | a novel by J. Doe</title><p>{prose(11, 900)}</p>"
    capture = answer(body, "https://web.archive.org/web/2019id_/https://example.org/b/1")
    assert capture_problem(capture, "https://example.org/b/1", None) is not None
    assert capture_problem(capture, "https://example.org/b/1", "Page Not Found") is None


async def test_a_moved_script_shell_stays_moved_with_the_note(tmp_path: Path) -> None:
    shell = b'<html><title>Atlas</title><div id=root></div><script src="/m.js"></script></html>'

    def moved(h: Handler) -> None:
        h.redirect(301, "/app/new")

    settings = Settings(cache_dir=tmp_path, connect_timeout=1.0, read_timeout=1.0, deadline=3.0,
                        retries=0, cdx_url="http://127.0.0.1:9/cdx")
    with serve({"/app/old": moved}, fallback=lambda h: h.reply(200, shell)) as srv:
        async with HttpLayer(settings) as http:
            with running(RunOptions(refresh=True, archive="none")):
                stage = await run_link_stage([f"http://127.0.0.1:{srv.port}/app/old"], http,
                                             settings)
    check = stage.checks[0]
    assert check.status == "redirected" and "script shell" in check.evidence, check


def test_a_domain_marketplaces_own_pages_are_not_parked() -> None:
    url = "https://www.epik.com/blog/hosting-policy"
    body = f"<html><title>Our hosting policy | Epik</title><p>{prose(12, 900)}</p></html>"
    assert classify(url, answer(body, url)).status == "ok"
    moved = answer(body, "https://www.epik.com/market/x.org", history=[(302, "http://x.org/p")])
    assert classify("http://x.org/p", moved).status == "parked"  # a domain sent there is


def test_a_search_page_repeating_the_cited_title_from_its_address_is_the_probe() -> None:
    def search(url: str) -> Response:
        words = url.rsplit("/", 1)[1].replace("-", " ")
        return answer(template(f"<h1>Results for “{words}”</h1><p>Nothing matched.</p>",
                               "Search"), url)
    url = "https://example.org/articles/2019/river-basin-survey-results"
    got = probe_verdict(search(url), search(PROBE), "River basin survey results")
    assert got is not None and got[0] == "soft-404", got


# --------------------------------------------------------------------------- headlines


@pytest.mark.parametrize("title", [
    "MH370 debris not found - BBC News", "Popular heart drug no longer available | The Guardian",
    "Extremist Facebook page removed | Reuters", "Тело пропавшего туриста не найдено — РИА Новости",
    "Vermisster Wanderer nicht gefunden | tagesschau.de",
    "Why the viral video was removed - BBC News",
    "Why my Airbnb listing was removed | Wired",
])
@pytest.mark.parametrize("chars", [100, 1500])
def test_a_headline_that_ends_in_not_found_words_is_not_a_message(title: str, chars: int) -> None:
    headline = title.split(" | ")[0].split(" - ")[0].split(" — ")[0]
    body = f"<html><title>{title}</title><h1>{headline}</h1><p>{prose(6, chars)}</p></html>"
    got = classify(URL, answer(body))
    assert got.status == "ok", got
    if chars > 600:  # and the site's own 404 page, with its own title, does not make it one
        probe = answer(template("<h2>Page not found</h2>", "Page not found | Site"), PROBE, 404)
        assert probe_verdict(answer(body), probe) is None


@pytest.mark.parametrize("title,heading", [
    ("Page Not Found | MIT Press", "Page Not Found"), ("Error 404 (2023) - IMDb", "Error 404"),
    ("404 - Wikipedia", "404"), ("The article was taken down - Columbia Journalism Review", "x"),
])
def test_a_long_pages_title_or_heading_is_a_hint_the_probe_decides(title: str, heading: str
                                                                   ) -> None:
    body = f"<html><title>{title}</title><h1>{heading}</h1><p>{prose(7, 1500)}</p></html>"
    got = classify(URL, answer(body))
    assert got.status == "ok" and "only a hint" in got.evidence, got
    probe = answer(template("<h2>Not here</h2>", "Page not found | Site"), PROBE, 404)
    assert probe_verdict(answer(body), probe) is None


def test_a_long_error_page_served_for_a_removed_path_is_confirmed_by_the_probe() -> None:
    error = template("<h2>Page not found</h2><p>Sorry, we couldn't find that page.</p>",
                     "Page not found | The Coastal Herald")
    assert classify(URL, answer(error)).status == "ok"  # a hint only
    got = probe_verdict(answer(error), answer(error, PROBE, 404))
    assert got is not None and got[0] == "soft-404" and "as does the site's answer" in got[1], got


@pytest.mark.parametrize("title,cited", [
    ("Not Found: The Lost Cities of the Amazon | History Magazine",
     "The Lost Cities of the Amazon"),
    ("Page Not Found: Error Messages and Web Design | MIT Press", "Error Messages and Web Design"),
    ("Gone but not found: missing persons in the archive | Journal",
     "Missing persons in the archive"),
])
def test_a_shortened_cited_title_taken_out_leaves_no_message(title: str, cited: str) -> None:
    body = f"<html><title>{title}</title><h1>{title.split(' | ')[0]}</h1><p>Notes.</p></html>"
    got = classify(URL, answer(body), cited_title=cited)
    assert got.status == "ok", got


# --------------------------------------------------------------------------- removal notices

LIVE_NOTICES = [
    "<h2>A letter</h2><p>The full text of this article is unavailable due to technical "
    "difficulties. Authors: A. Smith. First published 1978. Purchase PDF.</p>",
    "<h2>Ocean temps 1990-2000</h2><p>The data files for this record are unavailable until "
    "2026-01-01 (embargo).</p>",
    "<h2>Guidance X</h2><p>This document was withdrawn on 1 April 2021 and replaced by "
    "Guidance Y.</p>",
    "<h2>A study of X</h2><p>This article has been withdrawn at the request of the authors.</p>",
    "<h2>Interview with the minister</h2><p>This video is not available in your region.</p>",
    "<h2>Interview</h2><p>This video has been removed in your country.</p>",
    "<h2>Annual report</h2><p>The report is no longer available to non-subscribers.</p>",
    "<h2>Spring offer</h2><p>This offer has expired.</p>",
    "<h2>Why the viral video was removed</h2><p>Survey data river basin.</p>",
    "<h2>Harbour news</h2><p>This article has been removed. Survey data river basin. More on "
    "the council report.</p>",
]


@pytest.mark.parametrize("inner", LIVE_NOTICES)
def test_a_live_page_with_notice_like_words_is_not_a_removal(inner: str) -> None:
    probe = answer(template("<h2>Page not found</h2><p>Sorry, we couldn't find that page.</p>"),
                   PROBE, 404)
    got = probe_verdict(answer(template(inner)), probe)
    assert got is None or got[0] == "ok", got


@pytest.mark.parametrize("inner", [
    "<h2>This article has been removed</h2><p>It is no longer on our website.</p>",
    "<h2>Listing expired</h2><p>This listing has expired and was removed by the employer.</p>",
    "<h2>Council report</h2><p>This article has been removed at the request of the council.</p>",
    "<h2>Kettle</h2><p>Sorry, this product is no longer available.</p>",
])
def test_a_removal_notice_still_counts(inner: str) -> None:
    probe = answer(template("<h2>Page not found</h2><p>Sorry, we couldn't find that page.</p>"),
                   PROBE, 404)
    got = probe_verdict(answer(template(inner)), probe)
    assert got is not None and got[0] == "soft-404", got


# --------------------------------------------------------------------------- one path, many pages


def test_a_redirect_to_the_same_path_with_another_page_is_not_the_probe() -> None:
    real = answer(f"<html><title>Annual report 2019 | Ministry</title><h1>Annual report 2019"
                  f"</h1><p>{prose(8, 2500)}</p></html>",
                  "https://example.org/index.php?option=com_content&alias=annual-report-2019",
                  history=[(301, "https://example.org/publications/annual-report-2019")])
    miss = answer("<html><title>Ministry</title><h1>Article not found</h1></html>",
                  "https://example.org/index.php?option=com_content&alias=citecheck-no-such-page",
                  history=[(301, "https://example.org/publications/citecheck-no-such-page")])
    assert probe_verdict(real, miss) is None


@pytest.mark.parametrize("gate", [
    "https://www.example.de/zustimmung?url=", "https://guce.example.com/collectConsent?s=",
    "https://www.example.com/subscribe?return=", "https://www.example.it/privacy-gate?r=",
    "https://www.example.com/cookie-consent-page?r=",
])
def test_a_consent_or_subscription_wall_at_every_path_is_forbidden(gate: str) -> None:
    wall = (f"<html><title>Example | Read with ads or subscribe</title><h1>Read with ads or "
            f"subscribe</h1><p>{prose(9, 900)}</p><button>Accept</button></html>")
    got = probe_verdict(answer(wall, gate + "A1", history=[(302, URL)]),
                        answer(wall, gate + "B2", history=[(302, PROBE)]))
    assert got is not None and got[0] == "forbidden", got


# --------------------------------------------------------------------------- parking markup


@pytest.mark.parametrize("markup", [
    "<button onclick=\"window.location.href='/homes-for-sale/'\">Homes</button>",
    "<div data-location=\"/marketplace/\">x</div>",
    "<a href=# onclick=\"location.href='https://finance.example.cn/market/'\">Markets</a>",
    "<script src='https://cdn.visitjordan.com/app.js'></script>",
    "<script src='https://static.kasav.com/x.js'></script>",
    "<script>var g = navigator.geolocation; var geolocation='/buy-domain/';</script>",
])
def test_ordinary_markup_on_a_long_page_is_not_parking(markup: str) -> None:
    body = f"<html><title>Market report</title><h1>Report</h1><p>{prose(11, 1500)}</p>{markup}"
    got = classify(URL, answer(body + "</html>"))
    assert got.status == "ok", got


@pytest.mark.parametrize("markup", [
    "<script src='//img.sedoparking.com/js/jquery.js'></script>",
    "<script>window.location.href = 'https://www.dynadot.com/market/user-listings/x.org';</script>",
    "<meta http-equiv='refresh' content='0; url=https://www.hugedomains.com/domain_profile.cfm'>",
    "<script>top.location.replace('/lander');</script>",
])
def test_parking_markup_counts_on_a_page_of_any_length(markup: str) -> None:
    body = f"<html><title>x.org</title><p>{prose(12, 1500)}</p>{markup}</html>"
    got = classify(URL, answer(body))
    assert got.status == "parked", got


def test_a_jump_to_a_sale_page_counts_on_a_short_page_only() -> None:
    jump = "<script>window.location.href = '/domain-for-sale/x.org';</script>"
    assert classify(URL, answer(f"<html><title>x.org</title>{jump}</html>")).status == "parked"
    long = f"<html><title>x.org</title><p>{prose(13, 1500)}</p>{jump}</html>"
    assert classify(URL, answer(long)).status == "ok"


# --------------------------------------------------------------------------- parking words


@pytest.mark.parametrize("title,text", [
    ("Understanding the Dark Side of Domain Parking | USENIX",
     "Domain parking is a booming business with millions of dollars in revenues."),
    ("Parking Sensors: Analyzing and Detecting Parked Domains - NDSS", "T. Vissers et al."),
    ("First edition Darwin", "This rare copy is for sale! Contact us."),
    ("Travel notes", "We booked through visitjordan.com and it went well."),
    ("Dataset of domain sales", "Records from Sedo, Afternic and dan.com. CSV, 40 MB."),
    ("Scam alert", "Scammers send notices calling your domain name for sale. Do not pay."),
    ("Why you should own this domain name", "Register early."),
])
def test_one_parking_phrase_on_a_short_page_is_not_enough(title: str, text: str) -> None:
    got = classify(URL, answer(f"<html><title>{title}</title><h1>{title}</h1><p>{text}</p>"))
    assert got.status == "ok", got


def test_one_parking_phrase_confirmed_by_the_probe_is_parked() -> None:
    lander = "<html><title>Welcome</title><p>Domain for sale. Contact the owner.</p></html>"
    assert classify(URL, answer(lander)).status == "ok"
    got = probe_verdict(answer(lander), answer(lander, PROBE))
    assert got is not None and got[0] == "parked", got


# --------------------------------------------------------------------------- cost


def test_a_body_is_parsed_once_for_all_the_rules_that_read_it() -> None:
    body = template(f"<h2>A report</h2><p>{prose(14, 3000)}</p>")
    assert page_of(body) is page_of(body)


def test_parking_phrases_are_found_near_their_keywords_anywhere_in_a_long_text() -> None:
    host = "a-rather-long-subdomain-name-for-testing.example-parking-site.org"
    text = (f"<html><title>{host}</title><p>{prose(15, 15000)}</p><p>The domain name {host} is "
            "for sale. Dominio en venta.</p></html>")
    signs = parking_signs(page_of(text), f"http://{host}/p")
    assert any(f"{host} is for sale" in s for s in signs), signs
    assert any("Dominio en venta" in s for s in signs), signs


# --------------------------------------------------------------------------- home pages


@pytest.mark.parametrize("cited", [
    "https://www.who.int/en/", "https://www.example.gov/home", "https://example.de/de-de/",
    "https://example.org/en/index.html",
])
def test_a_home_page_cited_by_its_language_or_home_path_sent_home_is_not_rot(cited: str) -> None:
    home = f"<html><title>Agency</title><h1>Welcome</h1><p>{prose(16, 1500)}</p></html>"
    root = cited.split("/", 3)
    got = classify(cited, answer(home, "/".join(root[:3]) + "/", history=[(301, cited)]))
    assert got.status not in ("soft-404", "dead"), got


@pytest.mark.parametrize("cited", ["https://example.org/en/reports/2019",
                                   "https://example.org/ai/", "https://example.org/homes/"])
def test_any_other_page_sent_home_is_still_a_soft_404(cited: str) -> None:
    home = f"<html><title>Agency</title><h1>Welcome</h1><p>{prose(17, 1500)}</p></html>"
    got = classify(cited, answer(home, "https://example.org/", history=[(301, cited)]))
    assert got.status == "soft-404", got


# --------------------------------------------------------------------------- a search for the path


@pytest.mark.parametrize("said, url", [
    ("<h1>Search</h1><p>No results for “river basin survey results”.</p>"
     "<h2>You may also like</h2><ul><li>Harbour census</li></ul>",
     "https://example.org/articles/2019/river-basin-survey-results"),
    ("<p>Keine Treffer für „Flussgebiet Umfrage Ergebnisse“.</p>",
     "https://example.de/artikel/flussgebiet-umfrage-ergebnisse"),
    ("<p>Aucun résultat pour « rapport annuel ».</p>", "https://example.fr/fr/rapport-annuel-2020"),
])
def test_a_site_that_turns_a_missing_path_into_a_search_is_a_soft_404(said: str, url: str) -> None:
    """Whatever the suggestions around it, a page that searched for its own address's words
    found no page there (pages_lab: "search with suggestions")."""
    verdict = classify(url, answer(template(said, title="Search | The Coastal Herald"), url=url))
    assert verdict.status == "soft-404" and "search for the words of the address" in verdict.evidence


@pytest.mark.parametrize("said, url", [
    # the citation asks for the search itself: what it found is the answer
    ("<p>No results for “river basin survey results”.</p>",
     "https://example.org/search?q=river+basin+survey+results"),
    ("<p>No results for “river basin survey”.</p>", "https://example.org/search/river-basin-survey"),
    # an article that reports a search of something else
    ("<p>The archive gave no results for “harbour census 1851”. Our river basin survey "
     "results follow.</p>", "https://example.org/articles/2019/river-basin-survey-results"),
])
def test_a_search_the_citation_asks_for_or_an_article_about_one_is_working(said: str,
                                                                          url: str) -> None:
    verdict = classify(url, answer(template(said + "<p>" + prose(3, 900) + "</p>"), url=url))
    assert verdict.status == "ok", verdict.evidence


@pytest.mark.parametrize("title, url, counted", [
    ("www.example.com is for sale", "http://www.example.com/a", True),
    ("example.com is for sale", "http://www.example.com/a", True),  # www. aside
    ("The domain name Example.COM may be for sale", "http://example.com/", True),
    ("localhost:8080 is for sale", "http://localhost:8080/", True),
    ("other-site.com is for sale", "http://example.com/", False),  # a brief about another domain
    ("xexample.com is for sale", "http://example.com/", False),
])
def test_a_name_for_sale_counts_only_when_it_is_the_pages_own(title: str, url: str,
                                                              counted: bool) -> None:
    page = page_of(f"<title>{title}</title><p>Contact us.</p>")
    assert bool(parking_signs(page, url)) is counted
