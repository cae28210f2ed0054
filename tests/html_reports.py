"""Reports built from constants for the HTML renderer's tests and bench.

``small_report()`` has one entry of each kind a reader must be able to tell
apart (verified, dead link with an archived copy, suggestion, missing fields,
parse error, hostile text); ``big_report(n)`` repeats realistic entries to
measure size and rendering time.
"""

from __future__ import annotations

from citecheck.models import (
    Anomaly,
    ArchivedCopy,
    Bibliography,
    Entry,
    FootnoteReport,
    FootnoteSection,
    LinkCheck,
    Marker,
    Match,
    Repair,
    RepairSummary,
    Report,
    Suggestion,
)

EVIL = '<script>alert("x")</script>'
DEAD_URL = "http://www.struggle.ws/russia/arshinov_2_oct.html"
ARCHIVE_URL = "https://web.archive.org/web/20050211000000/http://www.struggle.ws/russia/arshinov_2_oct.html"


def _entries() -> list[Entry]:
    return [
        Entry(
            raw="Avrich, Paul, Kronstadt, 1921, W.W. Norton & Company, New York 1970.",
            line=430, line_end=430, type="book", key="avrich1970",
            fields={"author": ["Avrich, Paul"], "title": "Kronstadt, 1921",
                    "publisher": "W.W. Norton & Company", "address": "New York", "year": "1970"},
            match=Match(verdict="verified", score=0.97, source="openlibrary",
                        ids={"openlibrary": "OL1835046W", "isbn": "9780393005318"},
                        agreed=["title", "author", "year"]),
        ),
        Entry(
            raw='Archinov, Piotr, "The Two Octobers" www.struggle.ws/russia/arshinov_2_oct.\nhtml, 1927.',
            line=418, line_end=419, type="online", key="archinov1927",
            fields={"author": ["Archinov, Piotr"], "title": "The Two Octobers",
                    "url": DEAD_URL, "year": "1927"},
            match=Match(verdict="not-found", reason="no catalogue lists a web essay"),
            links=[DEAD_URL],
        ),
        Entry(
            raw="Avrich, Paul, The Anarchists in the Russian Revolution, Russian Review, Vol. 26, 1967, 341-350.",
            line=425, line_end=426, type="article", key="avrich1967",
            fields={"author": ["Avrich, Paul"], "title": "The Anarchists in the Russian Revolution",
                    "journal": "Russian Review", "volume": "26", "pages": "341--350", "year": "1967"},
            match=Match(verdict="probable", score=0.81, source="crossref",
                        ids={"doi": "10.2307/126817", "openalex": "W2035155346"},
                        suggestions=[Suggestion(field="number", current=None, suggested="4",
                                                source="crossref", score=0.81)]),
        ),
        Entry(
            raw="Anarcho, Lying for Leninism www.anarchism.ws/writers/anarcho/zinoviev.html",
            line=412, line_end=413, type="online", key="anarcho",
            fields={"author": ["Anarcho"], "title": "Lying for Leninism",
                    "url": "http://www.anarchism.ws/writers/anarcho/zinoviev.html"},
            missing=["year"],
            links=["http://www.anarchism.ws/writers/anarcho/zinoviev.html"],
        ),
        Entry(raw="12        Russia: Revolution, Counter-Revolution", line=401, line_end=401,
              type="misc", key="", fields={}, error="no title or author found"),
        Entry(
            raw=f"Mallory, {EVIL} <img src=x onerror=alert(1)>",
            line=440, line_end=440, type="misc", key="mallory",
            fields={"author": ["Mallory, Eve"], "title": EVIL, "note": '"><b>bold</b>'},
            match=Match(verdict="ambiguous", reason=EVIL,
                        ids={"doi": '10.1/x"><script>alert(2)</script>'},
                        suggestions=[Suggestion(field="title", current=EVIL,
                                                suggested="<b>Safe</b>", source="crossref")]),
            links=["javascript:alert(3)"],
        ),
    ]


def _links() -> list[LinkCheck]:
    return [
        LinkCheck(url=DEAD_URL, original="www.struggle.ws/russia/arshinov_2_oct.html", line=418,
                  entry="archinov1927", status="dead", http_status=404,
                  evidence="404 Not Found on 3 checks over 9 days", checks=3, checks_agree=3,
                  days_spanned=9.0, strong=True,
                  archive=ArchivedCopy(url=ARCHIVE_URL, timestamp="20050211000000", status=200)),
        LinkCheck(url="http://www.anarchism.ws/writers/anarcho/zinoviev.html", line=413,
                  entry="anarcho", status="redirected", http_status=200,
                  redirects=["http://www.anarchism.ws/writers/anarcho/zinoviev.html"],
                  final_url="https://anarchism.pageabode.com/anarcho/zinoviev", evidence="301 → 200"),
        LinkCheck(url="javascript:alert(3)", entry="mallory", status="invalid",
                  evidence=EVIL, archive=ArchivedCopy(url="javascript:alert(4)", timestamp="x")),
        LinkCheck(url="https://example.org/in-text", line=12, status="timeout",
                  evidence="read timeout after 20 s"),
    ]


def small_report() -> Report:
    links = _links()
    return Report(
        document="refs/sample <draft>.txt", kind="text", lines=3880,
        entries=_entries(),
        bibliography=Bibliography(anomalies=[
            Anomaly(kind="out-of-order", line=405, message=f"entry out of order {EVIL}")]),
        footnotes=FootnoteReport(
            sections=[FootnoteSection(
                title="Part 1: Revolution in the Cities", line=47,
                markers=[Marker(number=n, line=50 + i, context=f"context {n}")
                         for i, n in enumerate([1, 2, 3, 5, 5, 6, 4, 7])],
                missing=[], repeated=[5], backward=[56],
            ), FootnoteSection(
                title="Part 2", line=200,
                markers=[Marker(number=n, line=200 + n) for n in (1, 2, 5)],
                missing=[3, 4],
            )],
            message="Note texts are absent: the document has markers but no notes.",
        ),
        repairs=[
            Repair(line=45, kind="ligature", before="solidiϐication", after="solidification"),
            Repair(line=418, kind="url", before="arshinov_2_oct.\nhtml", after="arshinov_2_oct.html"),
            Repair(line=401, kind="header", before="12 Russia: Revolution", after=""),
            Repair(line=99, kind="hyphenation", before="co-\noperative", after="cooperative",
                   applied=False, reason="co-operative is a word too"),
        ],
        repair_summary=RepairSummary(counts={"header": 1, "ligature": 1, "url": 1}, doubtful=1),
        links=links,
        link_summary={"dead": 1, "invalid": 1, "redirected": 1, "timeout": 1},
        messages=["offline: 2 lookups answered from the cache only"],
    )


def big_report(n: int = 1000) -> Report:
    """n entries cycling through the small report's kinds, each with its own key and link."""
    base, links = _entries(), []
    entries = []
    for i in range(n):
        e = base[i % len(base)]
        key = f"{e.key or 'entry'}-{i}"
        url = f"http://example.org/page/{i}"
        entries.append(e.model_copy(update={"key": key, "line": 1000 + 2 * i,
                                            "line_end": 1001 + 2 * i, "links": [url]}))
        template = _links()[i % 2]
        links.append(template.model_copy(update={"url": url, "original": url, "entry": key}))
    small = small_report()
    statuses: dict[str, int] = {}
    for c in links:
        statuses[c.status] = statuses.get(c.status, 0) + 1
    return small.model_copy(update={"entries": entries, "links": links, "link_summary": statuses})
