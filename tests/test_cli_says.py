"""`report`, `export` and `fix` say what they do: formats from -o, why exit 1, every file
written, every change in the text output, an interactive review that asks plainly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_run import run
from citecheck import corrections
from citecheck import fix as fixmod
from citecheck.cli import problem_counts
from citecheck.models import Entry, Match, Reference, Report, Suggestion

DOC = ("Some text.\n\nBibliography\n\n"
       "Coutois, Stephane, et al., The Black Book of Communism: Crimes, Terror, Repression, "
       "Harvard University Press, Cambridge 1999.\n\n"
       "Avrich, Paul, Kronstadt, 1921, W.W. Norton & Company, New York 1970.\n")


@pytest.mark.parametrize("name, marker", [("r.html", "<!DOCTYPE html>"), ("r.md", "# citecheck report"),
                                          ("r.json", '"entries"'), ("r.txt", "Fix these first")])
def test_report_format_follows_the_output_extension(capsys, sample_path: Path, offline: list[str],
                                                    tmp_path: Path, name: str, marker: str) -> None:
    out = tmp_path / name
    code, _, err = run(capsys, "report", str(sample_path), "-o", str(out), "--fail-on", "none", *offline)
    assert code == 0, err
    assert out.read_text("utf-8").lstrip().startswith(marker) or marker in out.read_text("utf-8")


def test_a_format_that_contradicts_the_extension_is_a_usage_error(
        capsys, sample_path: Path, offline: list[str], tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    code, _, err = run(capsys, "report", str(sample_path), "-o", str(out), "-f", "text", *offline)
    assert code == 2 and "does not match" in err and err.count("\n") == 1
    assert not out.exists()  # refused before any work


@pytest.mark.parametrize("name, marker", [("x.ris", "TY  - "), ("x.json", '"type"'), ("x.bib", "@")])
def test_export_format_follows_the_output_extension(capsys, tmp_path: Path, offline: list[str],
                                                    name: str, marker: str) -> None:
    doc = tmp_path / "d.txt"
    doc.write_text(DOC, "utf-8")
    out = tmp_path / name
    assert run(capsys, "export", str(doc), "-o", str(out), *offline)[0] == 0
    assert marker in out.read_text("utf-8")


def test_exit_1_names_the_categories_that_fired_with_counts(capsys, sample_path: Path,
                                                            offline: list[str]) -> None:
    code, _, err = run(capsys, "report", str(sample_path), "--fail-on",
                       "missing-fields,bibliography,dead-links", *offline)
    assert code == 1
    [line] = err.splitlines()
    assert line.startswith("citecheck: exit 1: missing-fields (")
    assert "bibliography (3)" in line and "dead-links" not in line.split("(--fail-on")[0]


def test_unchecked_is_never_unverified() -> None:
    entries = [Entry(raw="x", line=1, line_end=1, type="book", key=f"k{i}", fields={},
                     match=Match(verdict=v)) for i, v in enumerate(
                         ["unchecked", "verified", "probable", "not-found", "ambiguous"])]
    counts = problem_counts(Report(document="d", kind="text", lines=1, entries=entries))
    assert counts["unverified"] == 3 and counts["not-found"] == 1


def test_text_report_leads_with_what_to_fix_and_summarises_repairs(
        capsys, sample_path: Path, offline: list[str]) -> None:
    _, out, _ = run(capsys, "report", str(sample_path), "--fail-on", "none", *offline)
    assert out.index("Fix these first") < out.index("Entries") < out.index("Repairs: ")
    assert "stops-early" in out.split("Entries")[0]  # the missing pages lead the report
    assert "'justiϐication' -> 'justification'" not in out  # 300-odd repairs: counted, not listed
    _, detailed, _ = run(capsys, "report", str(sample_path), "--fail-on", "none", "--details",
                         *offline)
    assert "'justiϐication' -> 'justification'" in detailed


def test_fix_to_a_bib_writes_no_unnamed_text_file_and_says_what_it_writes(
        capsys, tmp_path: Path, offline: list[str]) -> None:
    doc = tmp_path / "blog.md"
    doc.write_text(DOC, "utf-8")
    unrelated = tmp_path / "notes.txt"
    unrelated.write_text("my own notes", "utf-8")
    code, _, err = run(capsys, "fix", str(doc), "-o", str(tmp_path / "notes.bib"),
                       "--offline", "--cache-dir", str(tmp_path / "c"))
    assert code == 0
    assert unrelated.read_text("utf-8") == "my own notes"
    assert "writing " + str(tmp_path / "notes.bib") in err
    # offline, nothing could be looked up: the count of changes says why it is 0
    assert "0 change(s)" in err and "nothing could be looked up" in err


def test_document_style_text_lists_every_change() -> None:
    ref = Reference(raw="Avrich, Paul, Kronstadt, 1921, Norton, New York 1970.", key="k")
    changes = [corrections.Change(key="k", line=1, field="doi", before=None, after="10.1/x",
                                  source="Crossref"),
               corrections.Change(key="k", line=1, field="publisher", before="Norton",
                                  after="W. W. Norton", source="Crossref")]
    text = corrections.document_style(ref, changes)
    assert "W. W. Norton" in text and "[doi: 10.1/x]" in text


def test_review_reasks_on_an_unknown_key_and_keeps_a_hand_edit_as_the_users(tmp_path: Path) -> None:
    match = Match(verdict="verified", source="Crossref 10.1/x", suggestions=[
        Suggestion(field="year", current="1970", suggested="1971", source="Crossref 10.1/x")])
    changes = corrections.proposed_changes("k", 3, {"year": "1970"}, match, [], "verified")
    said: list[str] = []
    answers = iter(["x", "", "e", "1972"])
    prompts: list[str] = []

    def ask(prompt: str) -> str:
        prompts.append(prompt)
        return next(answers)

    kept = fixmod.review(changes, tmp_path / "r.json", ask, said.append)
    assert "a = accept" in prompts[0]  # the key letters are shown as they are typed
    assert sum("please type one of" in s for s in said) == 2
    [change] = kept
    assert change.after == "1972" and change.source.startswith("edited by hand")
    assert change.verdict is None
    state = json.loads((tmp_path / "r.json").read_text("utf-8"))
    assert list(state.values()) == [{"action": "edit", "value": "1972"}]


def test_fail_on_citations_counts_citation_problems(capsys, tmp_path: Path, offline: list[str]) -> None:
    doc = tmp_path / "ieee.txt"
    doc.write_text("As shown in [1] and again in [1], and in [7].\n\nReferences\n\n"
                   "[1] A. Smith, \"A study of things,\" J. Tests, vol. 1, pp. 1-9, 2001.\n"
                   "[2] B. Jones, \"Another study,\" J. Tests, vol. 2, pp. 3-4, 2002.\n", "utf-8")
    code, _, err = run(capsys, "report", str(doc), "--fail-on", "citations", *offline)
    assert code == 1 and "citations (1)" in err  # [7] is out of range; citing [1] twice is fine
    assert run(capsys, "report", str(doc), "--fail-on", "footnotes", *offline)[0] == 0
