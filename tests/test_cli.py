"""The command line: the main job on the sample, exit codes, bad input, help."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_run import run
from citecheck.cli import FAIL_ON, build_parser, main


def test_report_json_on_the_sample(capsys, sample_path: Path, offline: list[str]) -> None:
    code, out, err = run(capsys, "report", str(sample_path), "--format", "json", "--fail-on", "none", *offline)
    assert code == 0, err
    report = json.loads(out)
    entries = report["entries"]
    assert len(entries) == 31  # A–F: the G–Z pages are missing from the extraction
    assert {e["line"] for e in entries} >= {352, 406, 446}
    assert all(e["line"] <= e["line_end"] for e in entries)
    assert len({e["key"] for e in entries}) == len(entries)
    kinds = {a["kind"] for a in report["bibliography"]["anomalies"]}
    assert {"out-of-order", "stops-early"} <= kinds
    assert report["footnotes"]["sections"], "footnote sections expected"
    assert report["footnotes"]["notes_found"] is False
    assert any(r["kind"] == "ligature" for r in report["repairs"])
    # offline: nothing is called dead or not-found
    assert all(link["status"] == "unchecked" for link in report["links"])
    assert all(e["match"] is None or e["match"]["verdict"] == "unchecked" for e in entries)


@pytest.mark.parametrize("fmt, marker", [("text", "Entries"), ("markdown", "| key |"), ("html", "<html")])
def test_report_formats(capsys, sample_path: Path, offline: list[str], fmt: str, marker: str, tmp_path: Path) -> None:
    out_file = tmp_path / f"report.{fmt}"
    code, _, err = run(capsys, "report", str(sample_path), "-f", fmt, "-o", str(out_file), "--fail-on", "none", *offline)
    assert code == 0, err
    assert marker in out_file.read_text("utf-8")


def test_fail_on_sets_exit_code(capsys, sample_path: Path, offline: list[str]) -> None:
    assert run(capsys, "report", str(sample_path), "--fail-on", "missing-fields", *offline)[0] == 1
    assert run(capsys, "report", str(sample_path), "--fail-on", "bibliography", *offline)[0] == 1
    assert run(capsys, "report", str(sample_path), "--fail-on", "dead-links", *offline)[0] == 0
    code, _, err = run(capsys, "report", str(sample_path), "--fail-on", "everything", *offline)
    assert code == 2 and "unknown --fail-on" in err


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("empty.txt", b"", "empty"),
        ("binary.bin", b"\x00\x01\x02\x03", "binary"),
        ("prose.txt", b"Just a paragraph of prose, with no references at all.\n", "no bibliography"),
        ("bad.bib", b"@article{x,\n title = {unclosed\n", "BibTeX"),
    ],
)
def test_bad_input_one_line_exit_2(capsys, tmp_path: Path, offline: list[str], name: str, data: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    code, out, err = run(capsys, "report", str(path), *offline)
    assert code == 2
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_missing_file_and_usage_errors(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "report", str(tmp_path / "nope.txt"))
    assert code == 2 and "no such file" in err
    with pytest.raises(SystemExit) as exc:
        main(["report"])
    assert exc.value.code == 2


def test_output_never_overwrites_input(capsys, tmp_path: Path, sample_path: Path, offline: list[str]) -> None:
    copy = tmp_path / "doc.txt"
    copy.write_bytes(sample_path.read_bytes())
    code, _, err = run(capsys, "report", str(copy), "-o", str(copy), *offline)
    assert code == 2 and "refusing to overwrite" in err
    assert copy.read_bytes() == sample_path.read_bytes()


def test_export_bib_round_trips(capsys, tmp_path: Path, sample_path: Path, offline: list[str]) -> None:
    from citecheck.bibtex import read_bib

    out = tmp_path / "out.bib"
    code, _, err = run(capsys, "export", str(sample_path), "-o", str(out), *offline)
    assert code == 0, err
    refs, errors = read_bib(out.read_text("utf-8"))
    assert errors == [] and len(refs) == 31
    # exporting the exported file gives the same file
    again = tmp_path / "again.bib"
    assert run(capsys, "export", str(out), "-o", str(again), *offline)[0] == 0
    assert again.read_text("utf-8") == out.read_text("utf-8")


def test_parse_prints_one_json_object_per_line(capsys, monkeypatch) -> None:
    import io

    lines = [
        "Avrich, Paul, Kronstadt, 1921, W.W. Norton & Company, New York 1970.",
        "",
        "Smith, J. (2001). A title. Journal of Things, 4(2), 1-10.",
    ]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    code, out, _ = run(capsys, "parse")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["raw"] for r in rows] == lines
    assert rows[0]["fields"]["author"] == ["Avrich, Paul"]
    assert rows[1]["fields"] == {} and rows[1]["error"]
    assert rows[2]["type"] == "article"


@pytest.mark.parametrize(
    "data, expected",
    [(b"M\xfcller, J. 2001. Title. Publisher.\n", "Müller, J. 2001. Title. Publisher."),
     (b"Smith, J. 2001. Title. \x81\xff bad\n", "Smith, J. 2001. Title. \x81ÿ bad")],
    ids=["cp1252", "stray-bytes"],
)
def test_parse_stdin_bytes_are_decoded_like_a_file(capsys, monkeypatch, data: bytes, expected: str) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8",
                                                      errors="surrogateescape"))
    code, out, err = run(capsys, "parse")
    assert code == 0, err
    assert [json.loads(line)["raw"] for line in out.splitlines()] == [expected]


def test_parse_keeps_one_object_per_input_line(capsys, monkeypatch) -> None:
    import io

    # a form feed (PDF page break) and U+2028 inside a line, CRLF endings, no final newline
    data = "Smith, J. (2001). A study.\fJournal of Stuff, 12, 4-5.\r\nDoe, J. (2002). A\u2028title.\r\nLast"
    monkeypatch.setattr("sys.stdin", io.StringIO(data))
    code, out, _ = run(capsys, "parse")
    rows = [json.loads(line) for line in out.split("\n") if line]
    assert code == 0 and [r["raw"] for r in rows] == [
        "Smith, J. (2001). A study.\fJournal of Stuff, 12, 4-5.", "Doe, J. (2002). A\u2028title.", "Last"]


def test_parse_binary_stdin_is_one_line_exit_2(capsys, monkeypatch) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"\x00\x01\x02" * 50)))
    code, out, err = run(capsys, "parse")
    assert code == 2 and "binary" in err and err.count("\n") == 1 and out == ""


def test_fix_on_bib_writes_output_and_keeps_input(capsys, tmp_path: Path, offline: list[str]) -> None:
    src = tmp_path / "in.bib"
    text = "@book{a, author = {Avrich, Paul}, title = {Kronstadt, 1921}, year = 1970}\n"
    src.write_text(text, "utf-8")
    out = tmp_path / "fixed.bib"
    code, _, err = run(capsys, "fix", str(src), "-o", str(out), *offline)
    assert code == 0, err
    assert src.read_text("utf-8") == text
    assert "Kronstadt" in out.read_text("utf-8")
    assert json.loads((tmp_path / "fixed.bib.changes.json").read_text("utf-8")) == []


@pytest.mark.parametrize("command", ["report", "export", "fix"])
@pytest.mark.parametrize("target", ["missing-dir/out.txt", "."], ids=["missing-dir", "a-directory"])
def test_unwritable_output_is_one_line_exit_2(capsys, tmp_path: Path, offline: list[str],
                                              command: str, target: str) -> None:
    src = tmp_path / "in.bib"
    text = "@book{a, author = {Avrich, Paul}, title = {Kronstadt, 1921}, year = 1970}\n"
    src.write_text(text, "utf-8")
    code, _, err = run(capsys, command, str(src), "-o", str(tmp_path / target), *offline)
    assert code == 2 and "cannot write" in err and err.count("\n") == 1 and "Traceback" not in err
    assert src.read_text("utf-8") == text


@pytest.mark.parametrize("command", ["report", "export", "fix"])
def test_output_that_is_a_hard_link_to_the_input_is_refused(capsys, tmp_path: Path, offline: list[str],
                                                           command: str) -> None:
    src = tmp_path / "in.bib"
    text = "@book{a, author = {Avrich, Paul}, title = {Kronstadt, 1921}, year = 1970}\n"
    src.write_text(text, "utf-8")
    link = tmp_path / "other-name.bib"
    link.hardlink_to(src)
    code, _, err = run(capsys, command, str(src), "-o", str(link), *offline)
    assert code == 2 and "refusing to overwrite" in err
    assert src.read_text("utf-8") == text


def test_fix_into_a_directory_writes_nothing(capsys, tmp_path: Path, offline: list[str]) -> None:
    src = tmp_path / "doc.txt"
    src.write_text("Bibliography\n\nSmith, John. A Book. London: Penguin, 1990.\n"
                   "Doe, Jane. Another Book. Oxford: OUP, 2001.\n", "utf-8")
    out = tmp_path / "out"
    out.mkdir()
    code, _, err = run(capsys, "fix", str(src), "-o", str(out), *offline)
    assert code == 2 and "cannot write" in err and err.count("\n") == 1
    # no side file (out.bib, out.changes.json) was written before the refusal
    assert not list(tmp_path.glob("out.*")) and not list(out.iterdir())


@pytest.mark.parametrize("command", ["export", "fix"])
def test_export_and_fix_never_overwrite_input(capsys, tmp_path: Path, offline: list[str], command: str) -> None:
    src = tmp_path / "in.bib"
    text = "@book{a, author = {Avrich, Paul}, title = {Kronstadt, 1921}, year = 1970}\n"
    src.write_text(text, "utf-8")
    code, _, err = run(capsys, command, str(src), "-o", str(tmp_path / "." / "in.bib"), *offline)
    assert code == 2 and "refusing to overwrite" in err and err.count("\n") == 1
    assert src.read_text("utf-8") == text


def test_help_is_complete(capsys) -> None:
    parser = build_parser()
    code = None
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    code = exc.value.code
    top = capsys.readouterr().out
    assert code == 0
    for command in ("report", "export", "parse", "fix", "schema"):
        assert command in top
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, p in sub.choices.items():  # every option of every subcommand has help text
        for action in p._actions:
            assert action.help, f"{name} {action.option_strings} has no help"
    with pytest.raises(SystemExit):
        main(["report", "--help"])
    help_text = capsys.readouterr().out
    for fail_on in FAIL_ON:
        assert fail_on in help_text


def test_export_help_names_the_fields_archive_urls_writes(capsys) -> None:
    from citecheck.bibtex import write_bib
    from citecheck.corrections import archive_fields

    with pytest.raises(SystemExit):
        main(["export", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    written = archive_fields({"title": "T"}, "https://web.archive.org/web/2009/x", "20090101000000")
    for field in sorted(set(written) - {"title", "note"}):
        assert field in help_text and field in write_bib([("k", "misc", written)])


def test_silent_when_stderr_is_not_a_terminal(capsys, sample_path: Path, tmp_path: Path) -> None:
    code, out, err = run(capsys, "report", str(sample_path), "--offline", "--cache-dir", str(tmp_path),
                         "--fail-on", "none")
    assert code == 0 and out and err == ""


def test_progress_bars_count_items(monkeypatch) -> None:
    import io

    from rich.console import Console

    from citecheck.cli import TerminalProgress

    progress = TerminalProgress()
    progress.console = Console(file=io.StringIO(), force_terminal=True, no_color=True)
    progress.bars.live.console = progress.console
    with progress:
        tick = progress.stage("checking links", 3)
        for _ in range(3):
            tick()
        assert progress.bars.tasks[0].completed == 3
    assert not progress.bars.live.is_started
