"""What an editor, an author or an archivist meets on the command line: findings from using it."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_run import run

BIB = """@book{proc2019,
  title = {Proceedings of the Reading Conference},
  editor = {M\u00fcller, Hans},
  publisher = {Academic Press},
  year = {2019},
}
"""


@pytest.mark.parametrize("command", ["export", "fix"])
def test_ascii_on_a_bib_says_what_it_left_in_utf8(capsys, tmp_path: Path, offline: list[str],
                                                   command: str) -> None:
    """--ascii on a .bib rewrites only changed entries: the user is told, not left to find out."""
    src = tmp_path / "refs.bib"
    src.write_text(BIB, "utf-8")
    out = tmp_path / "out.bib"
    code, _, err = run(capsys, command, str(src), "-o", str(out), "--ascii", *offline)
    assert code == 0, err
    assert "M\u00fcller" in out.read_text("utf-8")  # the .bib comes back as it was
    assert "--ascii" in err and "line 3" in err
    code, _, err = run(capsys, command, str(src), "-o", str(tmp_path / "plain.bib"), *offline)
    assert "--ascii" not in err


@pytest.mark.parametrize("ext", ["ris", "json"])
def test_an_unreadable_entry_is_left_out_of_ris_and_csl_json_and_named(
        capsys, tmp_path: Path, offline: list[str], ext: str) -> None:
    src = tmp_path / "refs.bib"
    src.write_text(BIB + "\n@article{broken,\n  title = {Unclosed {brace,\n  year = {2000},\n}\n", "utf-8")
    out = tmp_path / f"out.{ext}"
    code, _, err = run(capsys, "export", str(src), "-o", str(out), *offline)
    assert code == 0, err
    written = out.read_text("utf-8")
    assert "broken" not in written and "Proceedings of the Reading Conference" in written
    assert written.count("TY  - ") == 1 if ext == "ris" else written.count('"id"') == 1
    assert "left out" in err and "line 8 (broken)" in err


def test_parse_takes_its_file_like_every_other_command(capsys, tmp_path: Path, monkeypatch) -> None:
    refs = tmp_path / "refs.txt"
    refs.write_text("Smith, J. (2019). The decline of deep reading. Educ. Psych. Rev., 31, 1-20.\n", "utf-8")
    code, positional, err = run(capsys, "parse", str(refs))
    assert code == 0, err
    code, flagged, _ = run(capsys, "parse", "--file", str(refs))
    assert positional == flagged and "deep reading" in positional
    assert positional.count("\n") == 1
    code, _, err = run(capsys, "parse", str(refs), "--file", str(refs))
    assert code == 2 and "not both" in err
    import io
    import sys
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(refs.read_bytes())))
    code, dash, _ = run(capsys, "parse", "-")
    assert code == 0 and dash == flagged


IEEE = """Fast parsing

We study parsing [1]. Earlier work [2] used CRFs, see also [9].

REFERENCES
[1] J. Lafferty, A. McCallum, and F. Pereira, "Conditional random fields: Probabilistic models for segmenting and labeling sequence data," in Proc. 18th Int. Conf. Machine Learning, 2001, pp. 282-289.
[2] F. Peng and A. McCallum, "Information extraction from research papers using conditional random fields," Inf. Process. Manage., vol. 42, no. 4, pp. 963-979, 2006.
"""


def test_batch_counts_a_documents_problems_as_its_report_does(tmp_path: Path) -> None:
    """A citation out of range is in the report's 'Fix these first': the corpus row counts it too."""
    from citecheck.config import RunOptions
    from citecheck.corpus import summarise
    from citecheck.ingest import read_document
    from citecheck.pipeline import check_sync
    from citecheck.render.summary import priorities

    doc = tmp_path / "ieee.txt"
    doc.write_text(IEEE, "utf-8")
    result = check_sync(read_document(doc), RunOptions(offline=True, links=False, resolve=False))
    assert any(p.kind == "citations" for p in priorities(result.report))
    rows, summary = summarise([("ieee.txt", result)])
    assert rows[0].problems == len(priorities(result.report)) >= 1
    assert summary.problems.get("citation problems") == 1


APA = """Reading habits

Students read less (Smith & Jones, 2019). Smith and Jones (2018) warned of this.
Lee (2021) agrees (see also Brown, 2017).

References

Lee, K. (2021). Screens and pages: A longitudinal study. Reading Research Quarterly, 56(1), 45-67.
Smith, J., & Jones, R. (2019). The decline of deep reading. Educational Psychology Review, 31, 1-20.
"""


def test_the_author_year_notice_agrees_in_number(tmp_path: Path) -> None:
    from citecheck.config import RunOptions
    from citecheck.ingest import read_document
    from citecheck.pipeline import check_sync

    doc = tmp_path / "apa.txt"
    doc.write_text(APA, "utf-8")
    report = check_sync(read_document(doc), RunOptions(offline=True, links=False, resolve=False)).report
    message = report.footnotes.message or ""
    assert "1 cites a work not in the list" in message and "1 cites a year" in message


BLOG = """# On reading

As Smith and Jones (2019) argue, reading is in decline; see the
[survey](https://example.org/survey). Lee (2021) agrees.

## References

- Lee, K. (2021). Screens and pages: A longitudinal study. Reading Research Quarterly, 56(1), 45-67.
- Smith, J., & Jones, R. (2019). [The decline of deep reading](https://example.org/decline). Educational Psychology Review, 31, 1-20.
"""


def test_links_are_listed_in_the_documents_order(tmp_path: Path) -> None:
    from citecheck.config import RunOptions
    from citecheck.ingest import read_document
    from citecheck.pipeline import check_sync

    doc = tmp_path / "blog.md"
    doc.write_text(BLOG, "utf-8")
    report = check_sync(read_document(doc), RunOptions(offline=True, resolve=False)).report
    assert [c.url for c in report.links] == ["https://example.org/survey", "https://example.org/decline"]
    assert [c.line for c in report.links] == sorted(c.line for c in report.links)


@pytest.mark.parametrize("port", ["in use", "99999"])
def test_serve_on_a_port_it_cannot_use_is_one_line_exit_2(capsys, tmp_path: Path, port: str) -> None:
    """uvicorn exits 3 on a bind failure; 3 is citecheck's code for its own bugs."""
    pytest.importorskip("uvicorn")
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        number = str(taken.getsockname()[1]) if port == "in use" else port
        code, _, err = run(capsys, "serve", "--host", "127.0.0.1", "--port", number,
                           "--data-dir", str(tmp_path / "data"))
    assert code == 2, err
    assert err.count("\n") == 1 and err.startswith("citecheck: error:") and number in err


def test_offline_entries_say_not_looked_up_not_lookup_failed(tmp_path: Path) -> None:
    from citecheck.config import RunOptions, Settings
    from citecheck.ingest import read_document
    from citecheck.pipeline import check_sync

    doc = tmp_path / "ieee.txt"
    doc.write_text(IEEE, "utf-8")
    settings = Settings(cache_dir=tmp_path / "cache")
    report = check_sync(read_document(doc), RunOptions(offline=True, links=False), settings=settings).report
    reasons = {e.match.reason for e in report.entries if e.match}
    assert reasons and all(r.startswith("not looked up: offline") for r in reasons), reasons


@pytest.mark.parametrize("flags, said", [
    (["--archive-urls", "--no-links"], "--no-links"),
    (["--enrich", "--no-resolve"], "--no-resolve"),
    (["--apply-suggestions"], "--enrich"),
])
def test_export_flags_that_cancel_each_other_are_a_usage_error(capsys, tmp_path: Path, offline: list[str],
                                                                 flags: list[str], said: str) -> None:
    src = tmp_path / "refs.bib"
    src.write_text(BIB, "utf-8")
    code, _, err = run(capsys, "export", str(src), "-o", str(tmp_path / "out.bib"), *flags, *offline)
    assert code == 2 and said in err and err.count("\n") == 1
    assert not (tmp_path / "out.bib").exists()


@pytest.mark.parametrize("command", ["report", "export", "fix"])
def test_offline_with_refresh_is_a_usage_error(capsys, tmp_path: Path, offline: list[str], command: str) -> None:
    src = tmp_path / "refs.bib"
    src.write_text(BIB, "utf-8")
    code, _, err = run(capsys, command, str(src), "-o", str(tmp_path / "out.bib"), "--refresh", *offline)
    assert code == 2 and "--offline" in err and "--refresh" in err and err.count("\n") == 1


def test_a_note_without_a_marker_is_named_in_the_singular(tmp_path: Path) -> None:
    from citecheck.config import RunOptions
    from citecheck.ingest import read_document
    from citecheck.pipeline import check_sync

    doc = tmp_path / "odd.md"
    doc.write_text("Text.[^1] More.[^2]\n\n[^1]: Smith, J., The Book (London: Press, 2001), 5.\n"
                   "[^2]: Ibid., 6.\n[^3]: Jones, K., Another Book (Oxford: OUP, 1999).\n", "utf-8")
    report = check_sync(read_document(doc), RunOptions(offline=True, links=False, resolve=False)).report
    assert "1 note has no marker (note 3)." in (report.footnotes.message or "")


def test_the_overview_shows_the_problems_it_sorts_by() -> None:
    from citecheck.corpus import CorpusSummary, DocumentRow
    from citecheck.render.corpus import render_overview

    rows = [DocumentRow(path="a.txt", status="done", problems=7), DocumentRow(path="b.txt", status="done")]
    summary = CorpusSummary(documents=2, failed=0, entries=0, links=0, link_groups={}, rot_by_host=[],
                            rot_by_year=[], verdicts={}, problems={})
    page = render_overview(rows, summary)
    assert "<th>problems</th>" in page and "<td>a.txt</td><td>done</td><td>7</td>" in page


@pytest.mark.parametrize("ext", ["ris", "json"])
def test_ascii_outside_bibtex_is_a_usage_error_not_ignored(capsys, tmp_path: Path, offline: list[str],
                                                           ext: str) -> None:
    src = tmp_path / "refs.bib"
    src.write_text(BIB, "utf-8")
    code, _, err = run(capsys, "export", str(src), "-o", str(tmp_path / f"out.{ext}"), "--ascii", *offline)
    assert code == 2 and "--ascii" in err and err.count("\n") == 1


def test_markdown_footnotes_used_out_of_label_order_are_no_jump_back(tmp_path: Path) -> None:
    """Markdown numbers footnotes by first use: [^3] before [^2] reads 1, 2 to the reader."""
    from citecheck.config import RunOptions
    from citecheck.ingest import read_document
    from citecheck.pipeline import check_sync

    doc = tmp_path / "post.md"
    doc.write_text("A.[^1] B.[^3] C.[^2] D.[^5]\n\n"
                   "[^1]: Smith, J., The Book (London: Press, 2001), 5.\n"
                   "[^2]: Jones, K., Another Book (Oxford: OUP, 1999), 3.\n"
                   "[^3]: Lee, K., Third Book (Paris: Seuil, 2003), 9.\n", "utf-8")
    report = check_sync(read_document(doc), RunOptions(offline=True, links=False, resolve=False)).report
    [section] = report.footnotes.sections
    assert section.backward == []
    doc.write_text(doc.read_text("utf-8").replace("D.[^5]", "D.[^5] E.[^4]"), "utf-8")
    report = check_sync(read_document(doc), RunOptions(offline=True, links=False, resolve=False)).report
    assert report.footnotes.sections[0].backward == [1]  # [^4] has no definition: a real jump back
