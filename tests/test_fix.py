"""citecheck fix: which suggestions apply, the review, and outputs that never touch the input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citecheck import corrections
from citecheck import fix as fixmod
from citecheck.config import RunOptions
from citecheck.ingest import read_document
from citecheck.models import ArchivedCopy, Entry, LinkCheck, Match, Result, Suggestion
from citecheck.pipeline import check_sync

COURTOIS = "Coutois, Stephane, et al., The Black Book of Communism: Crimes, Terror, Repression, Harvard University Press, Cambridge 1999."
MATCH = Match(
    verdict="verified", score=0.97, source="Open Library OL1W",
    ids={"isbn": "9780674076082"},
    suggestions=[Suggestion(field="author", current="Coutois, Stephane", suggested="Courtois, Stéphane",
                            source="Open Library OL1W", score=0.97)],
)
DEAD = LinkCheck(url="http://www.geocities.com/x.html", entry="k", status="dead", http_status=404,
                 archive=ArchivedCopy(url="https://web.archive.org/web/2009/http://www.geocities.com/x.html",
                                      timestamp="20090101000000"))


@pytest.mark.parametrize(
    "accept, verdict, expected",
    [
        ("verified", "verified", ["author", "isbn", "archiveurl"]),
        ("verified", "probable", ["archiveurl"]),
        ("probable", "probable", ["author", "isbn", "archiveurl"]),
        ("all", "ambiguous", ["author", "isbn", "archiveurl"]),
    ],
)
def test_accept_policy(accept: str, verdict: str, expected: list[str]) -> None:
    match = MATCH.model_copy(update={"verdict": verdict})
    changes = corrections.proposed_changes("k", 3, {"author": ["Coutois, Stephane"]}, match, [DEAD], accept)
    assert [c.field for c in changes] == expected


def test_apply_changes_replaces_only_the_named_person() -> None:
    fields = {"author": ["Coutois, Stephane", "Werth, Nicolas"], "title": "T"}
    changes = corrections.proposed_changes("k", 1, fields, MATCH, [], "verified")
    out = corrections.apply_changes(fields, changes)
    assert out["author"] == ["Courtois, Stéphane", "Werth, Nicolas"]
    assert out["isbn"] == "9780674076082"
    assert fields["author"][0] == "Coutois, Stephane"  # the input dict is untouched


def test_corrected_bibtex_shows_verified_changes() -> None:
    entry = Entry(raw=COURTOIS, line=383, line_end=384, type="book", key="k",
                  fields={"author": ["Coutois, Stephane"], "title": "The Black Book", "year": "1999"},
                  match=MATCH)
    text = corrections.corrected_bibtex(entry, [DEAD])
    assert "Courtois, Stéphane" in text and "9780674076082" in text
    assert "web.archive.org/web/2009" in text
    # the same archive fields as `export --archive-urls`: a printed note and a date
    assert 'archivedate = {2009-01-01}' in text and "Archived copy:" in text


def test_review_is_resumable(tmp_path: Path) -> None:
    changes = corrections.proposed_changes("k", 1, {"author": ["Coutois, Stephane"]}, MATCH, [DEAD], "verified")
    state = tmp_path / "out.review.json"
    answers = iter(["a", "q"])
    kept = fixmod.review(changes, state, lambda prompt: next(answers), lambda text: None)
    assert [c.field for c in kept] == ["author"]
    # second session: the first answer is remembered, the rest are asked
    answers = iter(["r", "e", "https://example.org/copy"])
    kept = fixmod.review(changes, state, lambda prompt: next(answers), lambda text: None)
    assert [(c.field, c.after) for c in kept] == [("author", "Courtois, Stéphane"),
                                                   ("archiveurl", "https://example.org/copy")]


def test_review_stops_like_quit_when_input_ends(tmp_path: Path) -> None:
    changes = corrections.proposed_changes("k", 1, {"author": ["Coutois, Stephane"]}, MATCH, [DEAD], "verified")
    state = tmp_path / "out.review.json"
    answers = iter(["a"])

    def ask(prompt: str) -> str:
        try:
            return next(answers)
        except StopIteration:
            raise EOFError from None  # what input() raises on Ctrl-D or a closed stdin

    kept = fixmod.review(changes, state, ask, lambda text: None)
    assert [c.field for c in kept] == ["author"]
    assert len(json.loads(state.read_text("utf-8"))) == 1  # the answer given is kept for resuming


def _with_first_match(result: Result, match: Match) -> Result:
    entries = [e.model_copy(update={"match": match if i == 0 else None})
               for i, e in enumerate(result.report.entries)]
    return result.model_copy(update={"report": result.report.model_copy(update={"entries": entries})})


def test_fix_document_writes_text_bib_and_changes(tmp_path: Path) -> None:
    doc_path = tmp_path / "doc.txt"
    original = "Some text.\n\nBibliography\n\n" + COURTOIS + "\n\nAvrich, Paul, Kronstadt, 1921, W.W. Norton & Company, New York 1970.\n"
    doc_path.write_text(original, "utf-8")

    offline = RunOptions(offline=True, links=False, resolve=False)
    result = _with_first_match(check_sync(read_document(doc_path), offline), MATCH)
    out = tmp_path / "fixed.txt"
    assert fixmod.fix(result, doc_path, out, quiet=True) == 0
    assert doc_path.read_text("utf-8") == original
    assert out.read_text("utf-8").startswith("Courtois, Stéphane, et al., The Black Book")
    assert "Courtois" in (tmp_path / "fixed.bib").read_text("utf-8")
    changes = json.loads((tmp_path / "fixed.txt.changes.json").read_text("utf-8"))
    assert {c["field"] for c in changes} == {"author", "isbn"}


def test_review_names_its_answers_file_and_shows_an_absent_value_plainly(tmp_path: Path) -> None:
    changes = corrections.proposed_changes("k", 1, {"author": ["Coutois, Stephane"]}, MATCH, [DEAD], "verified")
    state = tmp_path / "out.review.json"
    said: list[str] = []
    answers = iter(["s"] * len(changes))
    fixmod.review(changes, state, lambda prompt: next(answers), said.append)
    assert str(state) in said[0]  # a file written is named before it is written
    shown = "\n".join(said)
    assert "None" not in shown and "(none)" in shown  # the archive fields are absent before


def _courtois_result(tmp_path: Path) -> tuple[Path, Result]:
    doc_path = tmp_path / "doc.txt"
    doc_path.write_text("Some text.\n\nBibliography\n\n" + COURTOIS + "\n", "utf-8")
    offline = RunOptions(offline=True, links=False, resolve=False)
    return doc_path, _with_first_match(check_sync(read_document(doc_path), offline), MATCH)


def test_interactive_fix_into_a_missing_folder_is_refused_before_asking(tmp_path: Path) -> None:
    from citecheck.errors import InputError, OutputError

    doc_path, result = _courtois_result(tmp_path)
    asked: list[str] = []
    with pytest.raises((InputError, OutputError), match="no such directory"):
        fixmod.fix(result, doc_path, tmp_path / "missing" / "out.txt", interactive=True,
                   quiet=True, ask=lambda prompt: asked.append(prompt) or "a")
    assert asked == []


def test_quitting_the_review_is_not_called_no_suggestion(tmp_path: Path, capsys) -> None:
    doc_path, result = _courtois_result(tmp_path)
    fixmod.fix(result, doc_path, tmp_path / "out.txt", interactive=True, ask=lambda prompt: "q")
    err = capsys.readouterr().err
    assert "0 change(s) applied" in err and "accepted in the review" in err
    assert "no suggestion" not in err


def test_an_empty_edit_is_said_to_be_skipped(tmp_path: Path) -> None:
    changes = corrections.proposed_changes("k", 1, {"author": ["Coutois, Stephane"]}, MATCH, [DEAD], "verified")
    said: list[str] = []
    answers = iter(["e", ""] + ["s"] * len(changes))
    kept = fixmod.review(changes, tmp_path / "out.review.json", lambda prompt: next(answers), said.append)
    assert kept == [] and any("nothing typed: skipped" in s for s in said)


@pytest.mark.parametrize("changes", ["out.txt", "out.bib"])
def test_changes_into_an_output_file_is_refused(tmp_path: Path, changes: str) -> None:
    from citecheck.errors import InputError, OutputError

    doc_path, result = _courtois_result(tmp_path)
    with pytest.raises((InputError, OutputError), match="same file as the output"):
        fixmod.fix(result, doc_path, tmp_path / "out.txt", changes=tmp_path / changes, quiet=True)
    assert not (tmp_path / "out.txt").exists() and not (tmp_path / "out.bib").exists()


def test_fix_applies_nothing_to_a_bib_entry_kept_as_written_and_says_so(tmp_path: Path, capsys) -> None:
    """An entry with a field given twice is read (BibTeX's first value) but its text is the
    author's call: its suggestions are not applied, not listed as applied, and named."""
    bib = tmp_path / "in.bib"
    entry = ("@book{{{key},\n  author = {{Coutois, Stephane}},\n  title = {{The Black Book of Communism}},\n"
             "{extra}  publisher = {{Harvard University Press}},\n  address = {{Cambridge}},\n  year = 1999\n}}\n")
    original = entry.format(key="plain", extra="") + "\n" + entry.format(key="twice", extra="  year = 2000,\n")
    bib.write_text(original, "utf-8")
    offline = RunOptions(offline=True, links=False, resolve=False)
    result = check_sync(read_document(bib), offline)
    assert [r.notice is not None for r in result.references] == [False, True]
    entries = [e.model_copy(update={"match": MATCH}) for e in result.report.entries]
    result = result.model_copy(update={"report": result.report.model_copy(update={"entries": entries})})
    out = tmp_path / "out.bib"
    assert fixmod.fix(result, bib, out) == 0
    written = out.read_text("utf-8")
    assert written.count("Courtois, Stéphane") == 1  # the plain entry only
    assert original.split("\n\n")[1] in written  # the other exactly as written
    changes = json.loads((tmp_path / "out.bib.changes.json").read_text("utf-8"))
    assert {c["key"] for c in changes} == {"plain"}
    err = capsys.readouterr().err
    assert "applied to 1 entry" in err and "1 entry kept as written" in err and "twice" in err
