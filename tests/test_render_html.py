"""HTML report: escaping, self-containment, filters, counts and size (no browser needed).

The page is parsed with the stdlib HTMLParser, so the tests check the element
tree a browser would build, not substrings that happen to look right.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from citecheck.models import Entry, LinkCheck
from citecheck.render.html import bar_chart, entry_flags, render, safe_href

from html_reports import ARCHIVE_URL, EVIL, big_report, small_report


class Tree(HTMLParser):
    """Collects every start tag with its attributes, and the text of <script>/<style>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._in = tag

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            self.scripts.append(data)
        elif self._in is None:
            self.text.append(data)

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]


@pytest.fixture(scope="module")
def page() -> str:
    return render(small_report())


@pytest.fixture(scope="module")
def tree(page: str) -> Tree:
    t = Tree()
    t.feed(page)
    return t


def test_one_script_and_it_is_ours(tree: Tree) -> None:
    # the hostile title/raw/evidence/reason/DOI must not have produced a second <script>
    assert len(tree.find("script")) == 1
    assert len(tree.scripts) == 1 and "alert" not in tree.scripts[0]
    assert not tree.find("img")  # '<img src=x onerror=…>' in the raw text stayed text
    assert not tree.find("b")  # '"><b>bold</b>' in a field value stayed text


def test_hostile_text_is_shown_as_text(tree: Tree) -> None:
    text = "".join(tree.text)
    assert EVIL in text  # visible to the reader, verbatim
    assert "<img src=x onerror=alert(1)>" in text
    assert '"><b>bold</b>' in text


@pytest.mark.parametrize("attr", ["onerror", "onclick", "onload", "onmouseover"])
def test_no_event_handler_attributes(tree: Tree, attr: str) -> None:
    assert not [a for _, a in tree.tags if attr in a]


def test_only_http_links(tree: Tree) -> None:
    hrefs = [a["href"] for a in tree.find("a") if a.get("href")]
    assert hrefs
    for href in hrefs:
        assert href.startswith(("http://", "https://", "#")), href
    # the javascript: URL (link and archive) appears as text, never as a target
    assert "javascript:alert(3)" in "".join(tree.text)
    assert not [h for h in hrefs if "javascript" in h]


def test_doi_with_quotes_cannot_break_out_of_href(tree: Tree) -> None:
    doi_links = [a["href"] for a in tree.find("a") if (a.get("href") or "").startswith("https://doi.org/")]
    assert "https://doi.org/10.2307/126817" in doi_links
    hostile = [h for h in doi_links if "10.1/x" in h]
    assert hostile and all('"' not in h and "<" not in h for h in hostile)


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.org/a?b=c&d=e", True),
        ("http://www.struggle.ws/russia/x.html", True),
        ("HTTPS://EXAMPLE.ORG", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("www.anarchism.ws/writers", False),  # no scheme: shown, not linked
        ("//evil.example/x", False),
        ("http://exa mple.org", False),
        ("http://[::1", False),
        ("", False),
        (None, False),
    ],
)
def test_safe_href(url: str | None, ok: bool) -> None:
    assert (safe_href(url) is not None) is ok


def test_self_contained(tree: Tree, page: str) -> None:
    # nothing is loaded: no src, no stylesheet links, no @import or url() in CSS
    assert not [a for _, a in tree.tags if a.get("src")]
    assert not tree.find("link")
    assert "@import" not in page and "url(" not in page
    csp = tree.find("meta", **{"http-equiv": "Content-Security-Policy"})
    assert csp and "default-src 'none'" in (csp[0]["content"] or "")


def test_csp_hashes_match_the_inline_blocks(page: str) -> None:
    import base64
    import hashlib

    csp = re.search(r'Content-Security-Policy" content="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    for tag in ("style", "script"):
        body = re.search(rf"<{tag}>(.*?)</{tag}>", page, re.S).group(1)  # type: ignore[union-attr]
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp, tag


def test_style_and_script_are_the_package_asset_files(page: str) -> None:
    # the CSS and JS ship as package data (render/assets/) and are inlined verbatim
    from importlib.resources import files

    assets = files("citecheck.render") / "assets"
    for tag, name in (("style", "report.css"), ("script", "report.js")):
        body = re.search(rf"<{tag}>(.*?)</{tag}>", page, re.S).group(1)  # type: ignore[union-attr]
        on_disk = (assets / name).read_text(encoding="utf-8")
        assert body and body == on_disk.strip(), name


def test_filters_present(tree: Tree) -> None:
    values = [a["value"] for a in tree.find("input", type="radio", name="show")]
    assert values == ["all", "problem", "dead", "unverified"]


def test_cards_carry_filter_flags(tree: Tree) -> None:
    cards = {a["id"]: a for a in tree.find("article")}
    assert cards["entry-avrich1970"]["data-problem"] == "0"
    assert cards["entry-avrich1970"]["data-unverified"] == "0"
    assert cards["entry-archinov1927"]["data-dead"] == "1"
    assert cards["entry-avrich1967"]["data-problem"] == "1"  # probable + a suggestion
    assert cards["entry-anarcho"]["data-dead"] == "0"  # redirected is not rot
    assert cards["entry-5"]["data-problem"] == "1"  # the unparsed, keyless entry


def _entry(**kw: object) -> Entry:
    base = {"raw": "r", "line": 1, "line_end": 1, "type": "book", "key": "k", "fields": {}}
    return Entry(**{**base, **kw})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("entry", "statuses", "problem", "dead", "unverified"),
    [
        (_entry(match={"verdict": "verified"}), [], False, False, False),
        (_entry(match={"verdict": "verified"}), ["ok", "redirected", "skipped"], False, False, False),
        (_entry(match={"verdict": "verified"}), ["timeout"], True, False, False),
        (_entry(match={"verdict": "verified"}), ["soft-404"], True, True, False),
        (_entry(match={"verdict": "verified"}, missing=["year"]), [], True, False, False),
        (_entry(match={"verdict": "verified"}, error="x"), [], True, False, False),
        (_entry(match={"verdict": "verified", "suggestions": [
            {"field": "year", "current": "1970", "suggested": "1971", "source": "crossref"}]}),
         [], True, False, False),
        (_entry(), [], True, False, True),  # never looked up
        (_entry(match={"verdict": "probable"}), ["dead"], True, True, True),
    ],
)
def test_entry_flags(entry: Entry, statuses: list[str], problem: bool, dead: bool, unverified: bool) -> None:
    checks = [LinkCheck(url=f"http://x/{i}", entry="k", status=s) for i, s in enumerate(statuses)]  # type: ignore[arg-type]
    assert entry_flags(entry, checks) == {"problem": problem, "dead": dead, "unverified": unverified}


def test_counts_at_the_top(tree: Tree, page: str) -> None:
    def count(key: str) -> str:
        m = re.search(rf'data-count="{key}"><span class="n">([^<]*)</span>', page)
        assert m, key
        return m.group(1)

    assert count("entries") == "6"
    assert count("verified") == "1"
    assert count("not-found") == "1"
    assert count("unchecked") == "2"
    assert count("missing-fields") == "1"
    assert count("complete") == "4"  # the unparsed one is not complete either
    assert count("dead-links") == "1"
    assert count("footnote-anomalies") == "4"  # 1 repeat + 1 backward + 2 missing
    assert count("repairs") == "3"  # the doubtful one was not made


def test_dead_link_shows_archived_copy(tree: Tree) -> None:
    archived = tree.find("a", **{"class": "archived"})
    assert [a["href"] for a in archived] == [ARCHIVE_URL]
    assert tree.find("time", datetime="2005-02-11T00:00:00Z")


def test_footnote_chips_mark_gaps_repeats_and_backward_jumps(page: str) -> None:
    first, second = re.findall(r'<ol class="chips">(.*?)</ol>', page)
    chips = re.findall(r'<li class="([^"]+)"[^>]*>(\d+)</li>', first)
    assert chips == [("chip", "1"), ("chip", "2"), ("chip", "3"), ("chip", "5"),
                     ("chip repeat", "5"), ("chip", "6"), ("chip back", "4"), ("chip", "7")]
    chips = re.findall(r'<li class="([^"]+)"[^>]*>(\d+)</li>', second)
    assert chips == [("chip", "1"), ("chip", "2"), ("chip gap", "3"), ("chip gap", "4"), ("chip", "5")]
    assert "Note texts are absent" in page


def test_repairs_listed_with_before_and_after(page: str) -> None:
    assert "<summary>Each repair (4)</summary>" in page
    assert "<del>solidiϐication</del>" in page and "<ins>solidification</ins>" in page
    assert "(not made: co-operative is a word too)" in page


def test_bibtex_snippet_and_copy_button(tree: Tree, page: str) -> None:
    pres = tree.find("pre")
    assert len(pres) == 6
    buttons = tree.find("button")
    assert {b["data-copy"] for b in buttons} == {p["id"] for p in pres}
    # without JS the button stays hidden and the <pre> can still be selected by hand
    assert all("hidden" in b for b in buttons)
    assert re.search(r"@book\{avrich1970,", page)


def test_bar_chart_scales_to_the_largest_value() -> None:
    svg = bar_chart("t", [("a", 10, "ok"), ("b", 5, "dead"), ("c", 0, "none")])
    widths = [float(w) for w in re.findall(r'<rect[^>]* width="([\d.]+)"', svg)]
    assert widths[0] == 2 * widths[1] and widths[2] == 0
    assert "<title>t</title>" in svg


def test_empty_report_renders() -> None:
    from citecheck.models import Report

    page = render(Report(document="empty.txt", kind="text", lines=0))
    assert "No bibliography entries found." in page and "No footnote markers found." in page


def test_thousand_entries_under_5_mb() -> None:
    page = render(big_report(1000))
    size = len(page.encode("utf-8"))
    assert page.count('<article class="card') == 1000
    assert size < 5 * 1024 * 1024, size


def test_the_glance_counts_citation_problems_like_the_text_report() -> None:
    from html_reports import small_report

    from citecheck.models import Citation, FootnoteReport
    from citecheck.render import render as render_any

    report = small_report()
    fn = FootnoteReport(style="numbered", citations=[
        Citation(kind="numbered", line=3, text="[1]", number=1, cites=report.entries[0].key),
        Citation(kind="numbered", line=4, text="[9]", number=9, status="out-of-range")])
    report = report.model_copy(update={"footnotes": fn})
    assert 'data-count="citation-problems"><span class="n">1<' in render_any(report, "html")
    import re

    assert re.search(r"citation problems +1\n", render_any(report, "text"))
    assert 'data-count="citation-problems"' not in render_any(small_report(), "html")


def test_every_format_says_which_note_an_ibid_repeats() -> None:
    from html_reports import small_report

    from citecheck.models import FootnoteReport, FootnoteSection, Marker, Note
    from citecheck.render import render as render_any

    section = FootnoteSection(title="Notes", line=1, markers=[Marker(number=1, line=2), Marker(number=2, line=3)],
                              notes=[Note(number=1, line=8, text="Smith, Book, 4."),
                                     Note(number=2, line=9, text="Ibid., 180.", repeats=1)])
    report = small_report().model_copy(update={"footnotes": FootnoteReport(sections=[section], notes_found=True)})
    for fmt in ("text", "markdown", "html"):
        out = render_any(report, fmt)
        assert "repeats note 1" in out and "Ibid., 180." in out, fmt
