"""Page rules (citecheck.pages) against hostile and ordinary pages: bounded time, no crash,
and working pages that stay "ok" (each case from a review of the link checker)."""

from __future__ import annotations

import time

import pytest

from citecheck.net import Response
from citecheck.pages import classify, page_of

N = 128 * 1024


def answer(body: str | bytes, url: str = "https://example.org/articles/123", *,
           ctype: str = "text/html; charset=utf-8", headers: dict[str, str] | None = None,
           truncated: bool = False, note: str = "") -> Response:
    content = body if isinstance(body, bytes) else body.encode()
    return Response(url=url, status=200, headers={"content-type": ctype, **(headers or {})},
                    content=content, truncated=truncated, body_note=note)


ADVERSARIAL = [
    "<meta http-equiv=refresh ", "<h2>", "<h1>", "<title>", "<title ", "<meta ", "<",
    "<script>", "<style ", "location.href=", 'location.href="', "sorry ", "oops ",
    "<!--", "http-equiv=refresh url=", "<a href=x ", "<h2 class=",
    "<script " + "src=" * 120 + ">", "<iframe src=src=", "<a href=/?q=", "<input type=password ",
]


@pytest.mark.parametrize("unit", ADVERSARIAL)
def test_a_hostile_page_of_128_kib_is_judged_in_linear_time(unit: str) -> None:
    body = "<title>x</title>" + unit * (N // len(unit))
    started = time.process_time()
    page_of(body)
    classify("https://example.org/articles/123", answer(body))
    assert time.process_time() - started < 0.5, unit


@pytest.mark.parametrize("value", ["9" * 4400 + "; url=/elsewhere", "9" * 5000 + ";url=/x",
                                   "31; url=/"], ids=["4400 digits", "5000 digits", "late"])
def test_a_refresh_with_an_absurd_delay_is_not_a_forward(value: str) -> None:
    page = "<title>A real article</title>" + "<p>text of the article</p>" * 50
    for resp in (answer(page, headers={"refresh": value}),
                 answer(f'<meta http-equiv="refresh" content="{value}">' + page)):
        got = classify("https://example.org/articles/123", resp)
        assert got.status == "ok" and "forwards" not in got.evidence, got


@pytest.mark.parametrize(("value", "target"), [
    ("0; url=/x", "/x"), ("2;URL='/y'", "/y"), ('0; url="/z" ', "/z"), ("5,/w", "/w"),
    ("0.5; url=/v", "/v"), ("300; url=/late", None), ("300", None), ("0", None),
])
def test_refresh_values(value: str, target: str | None) -> None:
    from citecheck.pages import _refresh_target
    assert _refresh_target(value) == target


# --------------------------------------------------------------------------- forwarding pages

WORKING_PAGES_WITH_SCRIPTS = {
    "spa shell": '<html><head><title>Journal of X</title></head><body><div id="root"></div>'
                 "<noscript>You need to enable JavaScript to run this app.</noscript>"
                 '<script>function goHome(){window.location.href="/"}</script></body></html>',
    "button": "<html><head><title>paper.pdf</title></head><body><button onclick=\"window."
              "location.href='/'\">Home</button><embed src=\"/files/paper.pdf\"></body></html>",
    "logout": '<html><title>Dashboard - Data</title><body><div id=app></div><script>'
              'if(!sessionStorage.t){} function logout(){location.href="/"}</script></body></html>',
    "upgrade": '<html><title>Article</title><body><div id=app></div><script>if (location.protocol'
               '=="http:") window.location.href="/";</script></body></html>',
    "commented": '<html><title>Paper</title><body><!-- <script>window.location="/"</script> -->'
                 "<p>Paper</p></body></html>",
    "noscript root": '<html><head><title>App</title><noscript><meta http-equiv="refresh" '
                     'content="0; url=/"></noscript></head><body><div id=root></div></body></html>',
    "noscript error": '<html><head><title>App</title><noscript><meta http-equiv="refresh" '
                      'content="0;url=/error/nojs"></noscript></head><body><div id=root></div>',
    "template": '<html><title>x</title><script type="text/template">location.href="/"</script>',
    "login host": '<html><head><meta http-equiv="refresh" content="0;url=https://login.example.'
                  'org/"><title>Redirecting</title></head><body>Redirecting</body></html>',
    "consent host": '<html><head><meta http-equiv="refresh" content="0;url=https://consent.'
                    'example.org/"></head><body></body></html>',
    # a forward to the home page alone is a note: the site probe or the page's words decide
    "meta home": '<html><head><meta http-equiv="refresh" content="0; url=/"></head></html>',
    "script home": '<html><head><script>window.location.replace("/")</script></head></html>',
}


@pytest.mark.parametrize("name", WORKING_PAGES_WITH_SCRIPTS)
def test_pages_with_scripts_or_gated_forwards_stay_ok(name: str) -> None:
    got = classify("https://example.org/articles/123", answer(WORKING_PAGES_WITH_SCRIPTS[name]))
    assert got.status == "ok", got


@pytest.mark.parametrize("body", [
    b'// send visitors home\nfunction home() { window.location.href = "/"; }\n',
    b'<meta http-equiv="refresh" content="0; url=/errors/404.html">\n',
    b'<script>window.location.replace("/not-found")</script>\n',
])
def test_a_file_served_as_plain_text_does_not_forward(body: bytes) -> None:
    url = "https://raw.example.org/someone/tool/main/redirect.js"
    got = classify(url, answer(body, url, ctype="text/plain; charset=utf-8"))
    assert got.status == "ok" and "forwards" not in got.evidence, got


@pytest.mark.parametrize("body", [
    '<html><head><script>window.location.replace("/errors/404.html")</script></head></html>',
    '<script type="text/javascript">\n<!--\nwindow.location = "/notfound";\n//-->\n</script>',
    '<html><head><meta http-equiv="refresh" content="0;url=/error/"></head></html>',
])
def test_a_page_that_is_only_a_forward_to_an_error_page_is_a_soft_404(body: str) -> None:
    assert classify("https://example.org/articles/123", answer(body)).status == "soft-404"


def test_a_forward_home_with_not_found_words_is_a_soft_404() -> None:
    body = ('<html><head><meta http-equiv="refresh" content="5; url=/"><title>Page not found'
            "</title></head><body>Taking you home.</body></html>")
    got = classify("https://example.org/articles/123", answer(body))
    assert got.status == "soft-404" and "Page not found" in got.evidence, got


# --------------------------------------------------------------------------- not-found wording

ORDINARY_WORDING = {
    "question heading": ("<title>Dataset 42 - Repo</title><h1>Dataset 42</h1><p>Survey data."
                         "</p><h2>Not found? Contact us</h2>", ""),
    "question heading 2": ("<title>Dataset 42 - Repo</title><h1>Dataset 42</h1><h2>Not found "
                           "what you need? Contact us</h2>", ""),
    "citation style": ("<title>10.5281/zenodo.123 | Dataset</title><h1>Survey data</h1><p>Files"
                       "</p><h3>Citation style not found? Choose another</h3>", ""),
    "shipping": ("<title>Item - Shop</title><h1>Vintage lamp</h1><h3>Shipping to EU no longer "
                 "available</h3>", ""),
    "essay": "<title>Essays</title><h1>Lost and Not Found: an essay</h1><p>x</p>",
    "pdf plug-in": ("<title>Smith 2019 - Full text (PDF)</title><object data=\"/a.pdf\"><p>Sorry,"
                    " your browser can't find a PDF plug-in. <a href=\"/a.pdf\">Download</a>.</p>"
                    "</object>", ""),
    "cookie banner": ("<title>Paper 7</title><h1>Paper 7</h1><p>Abstract: short.</p><div>Sorry "
                      "to interrupt: if you can't find the cookie settings, click here</div>", ""),
    "no results": ("<title>Search - Library</title><h1>Search</h1><p>Sorry, we couldn't find any "
                   "results for \"foo\".</p>", "https://example.org/search?q=foo"),
    "no results 2": ("<title>Search</title><p>Sorry, no pages matching your search could be "
                     "found.</p>", "https://example.org/search?q=foo"),
    "forum page 404": ("<title>Page 404 - Forum thread</title><h1>Thread</h1>",
                       "https://forum.example.org/t/123/page/404"),
}


@pytest.mark.parametrize("name", ORDINARY_WORDING)
def test_ordinary_wording_on_short_pages_stays_ok(name: str) -> None:
    case = ORDINARY_WORDING[name]
    body, url = case if isinstance(case, tuple) else (case, "")
    url = url or "https://example.org/articles/123"
    got = classify(url, answer("<html>" + body + "</html>", url))
    assert got.status == "ok", got


@pytest.mark.parametrize("body", [
    "<title>Example Press</title><h2>Sorry, the page you requested could not be found.</h2>",
    "<title>Example Press</title><p>Sorry, we couldn't find that page.</p>",
    "<title>Blog</title><h1>Oops! That page can’t be found.</h1><p>Try a search?</p>",
    "<title>Example</title><h1>404 Not Found</h1>",
    "<title>Example</title><h2>Error 404</h2><p>Back home</p>",
    "<title>Exemple</title><h1>Oups ! Cette page est introuvable</h1>",
    "<title>Beispiel</title><h3>Die Seite existiert nicht mehr</h3>",
    "<title>Page 404 | Example Press</title>",
    "<title>Example</title><p>Oops, this page doesn't exist.</p>",
])
def test_not_found_messages_still_count(body: str) -> None:
    got = classify("https://example.org/articles/123", answer("<html>" + body + "</html>"))
    assert got.status == "soft-404", got


# --------------------------------------------------------------------------- incomplete bodies

@pytest.mark.parametrize("body", [
    "<html><title>Example</title><p>Sorry, we couldn't find that page.</p>",
    "<html><title>Example</title><h3>Page not found</h3><h1>An article</h1>",
    '<html><head><script>window.location.replace("/errors/404.html")</script></head>',
])
@pytest.mark.parametrize("how", ["cap", "cut"])
def test_short_page_and_script_rules_judge_only_a_whole_body(body: str, how: str) -> None:
    url = "https://example.org/articles/123"
    whole = classify(url, answer(body))
    assert whole.status == "soft-404", whole  # the same body read whole is one
    resp = answer(body, truncated=how == "cap")
    if how == "cut":
        resp = Response(url=resp.url, status=200, headers=resp.headers, content=resp.content,
                        truncated=False, body_note="the body was cut short after 80 bytes",
                        body_broken=True)
    got = classify(url, resp)
    assert got.status == "ok", got
