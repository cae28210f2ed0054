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
           truncated: bool = False, note: str = "", complete: bool = True) -> Response:
    content = body if isinstance(body, bytes) else body.encode()
    return Response(url=url, status=200, headers={"content-type": ctype, **(headers or {})},
                    content=content, truncated=truncated, body_note=note)


ADVERSARIAL = [
    "<meta http-equiv=refresh ", "<h2>", "<h1>", "<title>", "<title ", "<meta ", "<",
    "<script>", "<style ", "location.href=", 'location.href="', "sorry ", "oops ",
    "<!--", "http-equiv=refresh url=", "<a href=x ", "<h2 class=",
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
