"""The pipeline: stage order, link targets, and honest verdicts without a network."""

from __future__ import annotations

from pathlib import Path

import pytest

from citecheck import pipeline
from citecheck.config import RunOptions, Settings
from citecheck.models import CleanText, Document, Fields, Reference


def test_link_targets_one_per_normalised_url() -> None:
    doc = Document(path="d.txt", kind="text", encoding="utf-8",
                   lines=["See www.example.org/a.", "", "x", "Also http://www.example.org/a and https://b.test/x)."])
    clean = CleanText(lines=list(doc.lines))
    ref = Reference(raw="Brinton, M., “Title” www.example.org/a, 1975.", line=3, line_end=3, key="k",
                    fields=Fields(url="http://www.example.org/a"))
    targets = pipeline.link_targets(doc, clean, [ref])
    assert targets == [("http://www.example.org/a", 3, "k"), ("https://b.test/x).", 4, None)]


def test_link_targets_include_non_web_schemes_so_they_are_reported_skipped() -> None:
    doc = Document(path="d.txt", kind="text", encoding="utf-8",
                   lines=["Write to mailto:editor@example.org or fetch ftp://ftp.example.org/pub/a.txt."])
    clean = CleanText(lines=list(doc.lines))
    targets = pipeline.link_targets(doc, clean, [])
    assert [t[0] for t in targets] == ["mailto:editor@example.org", "ftp://ftp.example.org/pub/a.txt."]


def test_mailto_in_an_entry_is_reported_skipped(tmp_path: Path) -> None:
    doc = tmp_path / "d.txt"
    doc.write_text("Bibliography\n\nSmith, John. A Book. London: Penguin, 1990. mailto:js@example.org\n"
                   "Doe, Jane. Another Book. Oxford: OUP, 2001.\n", encoding="utf-8")
    report = pipeline.build_report(doc, Settings(cache_dir=tmp_path),
                                   options=RunOptions(offline=True, resolve=False))
    assert [(c.url, c.status, c.line) for c in report.links] == [("mailto:js@example.org", "skipped", 3)]
    assert [e.line for e in report.entries] == [3, 4]


async def _down(settings: Settings, **_: object) -> bool:
    return False


def test_unreachable_network_marks_everything_unchecked(monkeypatch, sample_path: Path, tmp_path: Path) -> None:
    monkeypatch.setattr("citecheck.net.reach.endpoints_reachable", _down)
    report = pipeline.build_report(sample_path, Settings(cache_dir=tmp_path))
    assert report.links and {c.status for c in report.links} == {"unchecked"}
    assert all(e.match is not None and e.match.verdict == "unchecked" for e in report.entries)
    assert sum("network unreachable" in m for m in report.messages) == 1


@pytest.mark.parametrize("flags", [dict(links=False, resolve=False), dict(offline=True)])
def test_offline_and_disabled_stages_make_no_requests(monkeypatch, sample_path: Path, tmp_path: Path, flags: dict) -> None:
    async def refuse(*args, **kwargs):  # any real send is a test failure
        raise AssertionError("a request was sent")

    monkeypatch.setattr("citecheck.net.HttpLayer._send", refuse)
    report = pipeline.build_report(sample_path, Settings(cache_dir=tmp_path),
                                   options=RunOptions(**flags))
    assert len(report.entries) == 31
    assert all(c.status in ("unchecked", "skipped", "invalid") for c in report.links)


def test_analyse_fills_repeated_author_dashes_in_order() -> None:
    lines = [
        "Bibliography",
        "",
        "Veyne, Paul. Bread and Circuses. London: Allen Lane, 1990.",
        "",
        "———. Writing History. Middletown: Wesleyan University Press, 1984.",
        "",
        "Ward, Colin. Anarchy in Action. London: Freedom Press, 1973.",
        "",
        "———. Housing: An Anarchist Approach. London: Freedom Press, 1976.",
    ]
    doc = Document(path="d.txt", kind="text", encoding="utf-8", lines=lines)
    _clean, _bib, refs = pipeline.analyse(doc)
    assert [(str(r.fields.author[0]) if r.fields.author else None, r.line) for r in refs] == [
        ("Veyne, Paul", 3), ("Veyne, Paul", 5), ("Ward, Colin", 7), ("Ward, Colin", 9)]


def test_a_run_without_network_stages_needs_no_event_loop(monkeypatch, sample_path: Path) -> None:
    """check_sync runs the offline stages directly; the Result is the one check() gives."""
    import asyncio

    from citecheck.ingest import read_document

    options = RunOptions(offline=True, links=False, resolve=False)
    doc = read_document(sample_path)
    expected = asyncio.run(pipeline.check(doc, options))

    def no_loop(*args: object, **kwargs: object) -> None:
        raise AssertionError("an event loop was started")

    monkeypatch.setattr(asyncio, "run", no_loop)
    monkeypatch.setattr(asyncio, "new_event_loop", no_loop)
    result = pipeline.check_sync(doc, options)
    assert result.report.model_dump() == expected.report.model_dump()
    assert len(result.report.entries) == 31 and result.report.footnotes.sections
    assert result.references == expected.references
