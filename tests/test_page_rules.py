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
