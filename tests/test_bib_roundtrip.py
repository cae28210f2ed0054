"""Lossless .bib round trips: real bibliographies, broken entries, every script, field mapping.

The corpus in tests/fixtures/bib-corpus (see its PROVENANCE.md) is read and
written back through the functions ``export`` and ``fix`` call, and judged
by pybtex reading input and output independently (bench/bib_roundtrip.py's
``compare``, the same code as the bench figure).
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest
from pybtex.database.input.bibtex import Parser

from citecheck.bibtex import (
    _latex_to_text,
    apply_field_changes,
    encode_value,
    export_fields,
    read_bib,
    references_to_bib,
    write_bibliography,
)
from citecheck.bibtext import edit_entry, lex_fields, split_blocks
from citecheck.cli import main
from citecheck.formats import entry_to_csl, entry_to_ris
from citecheck.ingest import read_document
from citecheck.models import Entry, Fields, Name, Reference

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "fixtures" / "bib-corpus"
_spec = importlib.util.spec_from_file_location("bib_roundtrip", ROOT / "bench" / "bib_roundtrip.py")
assert _spec and _spec.loader
bench = importlib.util.module_from_spec(_spec)
sys.modules["bib_roundtrip"] = bench  # dataclasses look their module up there
_spec.loader.exec_module(bench)

# entries pybtex reads in each file (the corpus README's counts)
ENTRIES = {"biblatex-examples.bib": 92, "xampl.bib": 36, "texbook1.bib": 386,
           "archaeologie-examples.bib": 65, "jbtest.bib": 24}


# --------------------------------------------------------------------------- the corpus


@pytest.mark.parametrize("name", sorted(ENTRIES))
@pytest.mark.parametrize("mode", ["as read", "edited", "edited, --ascii"])
def test_corpus_round_trip_loses_nothing(name: str, mode: str) -> None:
    counts = bench.run_file(CORPUS / name, mode)
    assert counts.crashes == 0, counts.examples
    assert counts.entries == ENTRIES[name]
    assert (counts.entries_lost, counts.types_changed) == (0, 0), counts.examples
    assert (counts.fields_lost, counts.fields_changed, counts.edits_wrong) == (0, 0, 0), counts.examples
    assert counts.case_protections_lost == 0 and counts.blocks_lost == 0, counts.examples
    if mode == "as read":
        assert counts.identical  # byte for byte
    else:  # every entry citecheck could read was changed, and read back as asked
        kept = counts.read_with_error + counts.read_with_warning  # left as written on purpose
        assert counts.edited == ENTRIES[name] - kept - (2 if "biblatex" in name else 0)


def test_the_comparison_catches_a_lossy_writer() -> None:
    """The control: entries written afresh from the parsed fields lose fields and case braces."""
    counts = bench.run_file(CORPUS / "texbook1.bib", "control")
    assert counts.fields_lost > 0 and counts.case_protections_lost > 0 and counts.blocks_lost > 0


def test_export_of_a_bib_is_the_file_itself(capsys, tmp_path: Path) -> None:
    out = tmp_path / "out.bib"
    src = CORPUS / "biblatex-examples.bib"
    assert main(["export", str(src), "-o", str(out), "--offline"]) == 0
    assert out.read_bytes() == src.read_bytes()


def test_latin1_bib_is_written_back_in_latin1_byte_for_byte(tmp_path: Path) -> None:
    # the house rule: a .bib read and written back unchanged is the same file, its
    # 8-bit encoding included (an inputenc-latin1 document cannot read UTF-8)
    src = CORPUS / "jbtest.bib"
    out = tmp_path / "out.bib"
    assert main(["export", str(src), "-o", str(out), "--offline"]) == 0
    assert out.read_bytes() == src.read_bytes()


def test_biblatex_types_and_unknown_fields_are_read_and_kept() -> None:
    doc = read_document(CORPUS / "biblatex-examples.bib")
    refs = {r.key: r for r in doc.bib_entries or []}
    assert refs["aristotle:anima"].source.entry_type == "book"
    assert refs["britannica"].source.entry_type.lower() == "mvcollection"
    assert refs["britannica"].type == "book"
    assert "langid" in refs["aristotle:anima"].source.fields
    # crossref: the child inherits the parent's title as booktitle, for checking only
    assert refs["westfahl:space"].fields.booktitle
    assert "booktitle" not in refs["westfahl:space"].source.fields
    xampl = {r.key: r for r in read_document(CORPUS / "xampl.bib").bib_entries or []}
    # crossref = "whole-set" (quoted): the author and publisher come from the parent
    assert xampl["book-crossref"].fields.publisher == "Addison-Wesley"
    assert xampl["book-crossref"].fields.author == [Name(family="Knuth", given="Donald E.")]


# --------------------------------------------------------------------------- broken entries


BROKEN = """@string{jfoo = {Journal of Foo}}
@string{pub = {Foo Press}}

@article{good1,
  author = {Smith, John},
  title = {The {HTML} 5.2 Standard},
  journal = jfoo,
  year = 2001,
  volume = 3,
  pages = {1--2},
}

@book{undef,
  author = {Doe, Jane},
  title = {A Book},
  publisher = nosuchmacro,
  year = 1999,
}

@article{open,
  author = {Roe, Rick},
  title = {Never {closed},
  year = 2000,

@book{good2,
  author = {Poe, Edgar},
  title = {{\\TeX} Users},
  publisher = pub,
  address = {Boston},
  year = 1990,
}
"""


def test_broken_entries_are_references_with_their_own_lines() -> None:
    refs, errors = read_bib(BROKEN)
    by_key = {r.key: r for r in refs}
    assert [r.key for r in refs] == ["good1", "undef", "open", "good2"]
    assert by_key["good1"].error is None and by_key["good1"].fields.journal == "Journal of Foo"
    # an undefined macro is a BibTeX warning: read (the macro as empty text), said, not an error
    assert by_key["undef"].line == 13 and "nosuchmacro" in (by_key["undef"].notice or "")
    assert by_key["undef"].notice.startswith("line 13:") and by_key["undef"].error is None
    # what could be read of it is kept for the report
    assert by_key["undef"].fields.title == "A Book"
    assert by_key["open"].line == 20 and by_key["open"].error.startswith("line 20:")
    assert by_key["good2"].line == 25 and by_key["good2"].error is None
    assert by_key["good2"].fields.publisher == "Foo Press"
    assert len(errors) == 1  # the brace never closed


def test_broken_entries_are_written_back_untouched_and_others_edited(tmp_path: Path) -> None:
    refs, _ = read_bib(BROKEN)
    wanted = []
    for ref in refs:
        fields = export_fields(ref.fields)
        fields["doi"] = f"10.1000/{ref.key}"
        wanted.append(fields)
    text, _ = write_bibliography(refs, wanted, source_text=BROKEN)
    assert "10.1000/good1" in text and "10.1000/good2" in text
    assert "10.1000/undef" not in text and "10.1000/open" not in text
    for ref in refs:
        if ref.error or ref.notice:
            assert ref.raw in text


def test_fail_on_parse_errors_counts_a_broken_entry(capsys, tmp_path: Path) -> None:
    src = tmp_path / "refs.bib"
    src.write_text(BROKEN, "utf-8")
    args = ["report", str(src), "--offline", "--format", "json", "--fail-on", "parse-errors"]
    assert main(args) == 1
    report = json.loads(capsys.readouterr().out)
    errors = {e["key"]: (e["line"], e["error"]) for e in report["entries"] if e["error"]}
    assert errors == {"open": (20, errors["open"][1])}  # the undefined macro is only a warning
    assert [e["notice"] for e in report["entries"] if e["key"] == "undef"][0].startswith("line 13:")
    assert main(["report", str(src), "--offline", "--fail-on", "none"]) == 0


# --------------------------------------------------------------------------- every script

SCRIPTS = [
    ("latin", Name(family="Müller-Łódź", given="Zoë Ångström"), "Le café de Paris et l’œuvre naïve"),
    ("cyrillic", Name(family="Достоевский", given="Фёдор"), "Преступление и наказание"),
    ("greek", Name(family="Καζαντζάκης", given="Νίκος"), "Βίος και πολιτεία του Αλέξη Ζορμπά"),
    ("cjk", Name(family="村上", given="春樹"), "ノルウェイの森 / 红楼梦 / 한국어"),
    ("vietnamese", Name(family="Nguyễn", given="Du"), "Truyện Kiều: Đoạn trường tân thanh"),
]


def _refs() -> list[Reference]:
    return [Reference(raw="", key=f"k{script}", type="book", fields=Fields(
        author=[name], title=title, publisher="Nhà xuất bản & Co", address="Hà Nội", year="1990",
        years=["1990"])) for script, name, title in SCRIPTS]


@pytest.mark.parametrize("ascii", [False, True], ids=["utf8", "ascii"])
def test_every_script_reads_back_unchanged(ascii: bool) -> None:
    refs = _refs()
    text, unescaped = write_bibliography(refs, ascii=ascii)
    back, errors = read_bib(text)
    assert errors == []
    # --ascii writes ’ as TeX's ' (printed as ’), so that one letter reads back as '
    same = (lambda t: t.replace("’", "'")) if ascii else (lambda t: t)
    for before, after in zip(refs, back):
        assert after.fields.author == before.fields.author
        assert (after.fields.title, after.fields.publisher, after.fields.address) == (
            same(before.fields.title), before.fields.publisher, before.fields.address)
    # and pybtex alone reads the same text
    data = Parser().parse_string(text)
    assert _latex_to_text(data.entries["kcyrillic"].fields["title"]) == "Преступление и наказание"
    if ascii:
        assert r"{\'e}" in text and "{\\L}" in text and r"{\oe}" in text
        # no LaTeX escape exists for these: named, and written as UTF-8
        assert {"Д", "Κ", "村", "ễ"} <= set(unescaped)
        assert "é" not in unescaped
    else:
        assert unescaped == [] and "Достоевский" in text and "Nguyễn" in text


def test_accented_letters_keep_their_spaces() -> None:
    assert encode_value("Le café de Paris, Université Paris-Sorbonne", ascii=True) == (
        r"Le caf{\'e} de Paris, Universit{\'e} Paris-Sorbonne")
    assert encode_value("Łódź ist schön", ascii=True) == r"{\L}{\'o}d{\'z} ist sch{\"o}n"


def test_export_of_a_document_in_any_script_never_crashes(capsys, tmp_path: Path) -> None:
    doc = tmp_path / "paper.md"
    doc.write_text(
        "# Статья\n\nТекст.\n\n## References\n\n"
        "Достоевский, Ф. (1866). Преступление и наказание. Москва: Русский вестник.\n\n"
        "Καζαντζάκης, Ν. (1946). Βίος και πολιτεία του Αλέξη Ζορμπά. Αθήνα: Εκδόσεις.\n\n"
        "村上春樹 (1987). ノルウェイの森. 東京: 講談社.\n\n"
        "Nguyễn, D. (1820). Truyện Kiều. Hà Nội: Nhà xuất bản Văn học.\n\n"
        "Dupont, J. (1990). Le café de Paris. Paris: Gallimard.\n", "utf-8")
    for extra in ([], ["--ascii"]):
        out = tmp_path / f"out{len(extra)}.bib"
        assert main(["export", str(doc), "-o", str(out), "--offline", *extra]) == 0
        refs, errors = read_bib(out.read_text("utf-8"))
        assert errors == [] and len(refs) >= 4
        err = capsys.readouterr().err
        if extra:
            assert "no LaTeX escape for" in err and "U+" in err


# --------------------------------------------------------------------------- editing one entry

ENTRY = """@Book{knuth:tex,
  Author    = {Knuth, Donald E.},
  Title     = {The {\\TeX}book},
  Publisher = ADDISON,
  Year      = 1984,
  Note      = {See \\cite{other}},
}"""


def _ref(text: str = ENTRY) -> Reference:
    refs, errors = read_bib("@string{ADDISON = {Addison-Wesley}}\n" + text)
    assert errors == []
    return refs[0]


def test_apply_field_changes_touches_only_the_changed_fields() -> None:
    ref = _ref()
    out = apply_field_changes(ref, {"doi": "10.5555/texbook", "year": "1986"})
    assert out == ENTRY.replace("Year      = 1984", "Year      = {1986}").replace(
        "Note      = {See \\cite{other}},", "Note      = {See \\cite{other}},\n  Doi       = {10.5555/texbook},")


def test_an_extended_value_keeps_its_latex() -> None:
    ref = _ref()
    out = apply_field_changes(ref, {"note": ref.fields.note + ". Archived copy: https://x.org/a_b"})
    assert "Note      = {See \\cite{other}. Archived copy: https://x.org/a\\_b}" in out


def test_a_field_can_be_removed() -> None:
    out = apply_field_changes(_ref(), {"note": None})
    assert "Note" not in out and out.rstrip().endswith("Year      = 1984,\n}")


def test_write_with_changes_names_entries_by_key() -> None:
    from citecheck.bibtex import write_with_changes

    refs, _ = read_bib(BROKEN)
    text, _ = write_with_changes(refs, {"good2": {"title": "TeX Users, revised", "address": None},
                                        "open": {"title": "ignored"}}, source_text=BROKEN)
    assert "title = {{TeX} Users, revised}" in text and "Boston" not in text
    assert text.replace("title = {{TeX} Users, revised}", "title = {{\\TeX} Users}").replace(
        "publisher = pub,", "publisher = pub,\n  address = {Boston},") == BROKEN
    # the same call on a document's references writes every entry whole
    doc_refs = [r.model_copy(update={"source": None}) for r in refs if not (r.error or r.notice)]
    text, _ = write_with_changes(doc_refs, {"good1": {"doi": "10.1/g"}})
    assert text.count("@") == 2 and "doi = {10.1/g}" in text


def test_blocks_comments_preamble_and_parenthesised_entries() -> None:
    text = ("% a comment line\r\n@preamble{\"\\newcommand{\\noop}[1]{}\"}\r\n"
            "@comment{ignored {braces} here}\r\n"
            "@article(paren, title = \"A (b) c\", year = 2000)\r\n"
            "stray text user@example.org\r\n@misc{last, note = {x}}\r\n")
    blocks = split_blocks(text)
    assert [(b.command, b.line) for b in blocks] == [
        ("preamble", 2), ("comment", 3), ("article", 4), ("misc", 6)]
    refs, errors = read_bib(text)
    assert errors == [] and [r.key for r in refs] == ["paren", "last"]
    out, _ = write_bibliography(refs, [{**export_fields(r.fields), "doi": "10.1/x"} for r in refs],
                                source_text=text)
    assert out.count("\r\n") == text.count("\r\n") and "stray text user@example.org" in out
    assert '@article(paren, title = "A (b) c", year = 2000, doi = {10.1/x})' in out


def test_lex_fields_reports_values_as_written() -> None:
    key, fields = lex_fields('@misc{k, month = "10~" # jan, title={{HTML} 5.2},}') or (None, [])
    assert key == "k" and [(f.name, f.value) for f in fields] == [
        ("month", '"10~" # jan'), ("title", "{{HTML} 5.2}")]
    assert edit_entry('@misc{k}', {"title": "{T}"}) == "@misc{k,\n  title = {T}}"


# --------------------------------------------------------------------------- field mapping


def test_field_names_follow_the_entry_type() -> None:
    thesis = Fields(author=[Name(family="A")], title="T", publisher="MIT", year="2000")
    assert export_fields(thesis, "phdthesis")["school"] == "MIT"
    assert "publisher" not in export_fields(thesis, "phdthesis")
    assert export_fields(thesis, "techreport")["institution"] == "MIT"
    web = Fields(title="T", journal="The Site", url="https://arxiv.org/abs/2101.00001v2")
    out = export_fields(web, "online")
    assert out["howpublished"] == "The Site" and "journal" not in out
    assert (out["eprint"], out["eprinttype"]) == ("2101.00001v2", "arxiv")
    # written whole, read back under the same names
    text = references_to_bib([Reference(raw="", key="t", type="phdthesis", fields=thesis)])
    back = read_bib(text)[0][0]
    assert "school = {MIT}" in text and back.fields.school == "MIT"


def test_a_bib_thesis_keeps_school_and_howpublished() -> None:
    text = ("@phdthesis{t, author={A, B}, title={T}, school={MIT}, year=2000}\n"
            "@misc{m, title={M}, howpublished={Online}, eprint={2101.00001}, eprinttype={arXiv}}\n")
    refs, _ = read_bib(text)
    assert refs[0].fields.school == "MIT" and refs[0].fields.publisher is None and not refs[0].missing
    assert refs[1].fields.howpublished == "Online" and refs[1].fields.eprint == "2101.00001"
    out, _ = write_bibliography(refs, source_text=text)
    assert out == text


def test_csl_and_ris_carry_the_same_facts() -> None:
    thesis = Entry(raw="", line=1, line_end=1, type="phdthesis", key="t",
                   fields={"author": ["A, B"], "title": "T", "school": "MIT", "year": "2000"})
    assert entry_to_csl(thesis)["publisher"] == "MIT" and entry_to_csl(thesis)["genre"] == "PhD thesis"
    assert entry_to_ris(thesis)["publisher"] == "MIT"
    report = Entry(raw="", line=1, line_end=1, type="techreport", key="r",
                   fields={"title": "R", "institution": "CERN", "number": "42", "year": "2001"})
    assert entry_to_csl(report)["publisher"] == "CERN" and entry_to_csl(report)["number"] == "42"
    preprint = Entry(raw="", line=1, line_end=1, type="misc", key="p",
                     fields={"title": "P", "eprint": "2101.00001", "eprinttype": "arxiv",
                             "url": "https://arxiv.org/abs/2101.00001", "urldate": "2024-03-01"})
    csl = entry_to_csl(preprint)
    assert csl["number"] == "arXiv:2101.00001" and csl["publisher"] == "arXiv"
    assert csl["accessed"] == {"date-parts": [[2024, 3, 1]]}
    ris = entry_to_ris(preprint)
    assert ris["number"] == "arXiv:2101.00001" and ris["access_date"] == "2024/03/01/"
    web = Entry(raw="", line=1, line_end=1, type="online", key="w",
                fields={"title": "W", "howpublished": "The Site", "url": "https://x.org"})
    assert entry_to_csl(web)["container-title"] == "The Site"
    biblatex = Entry(raw="", line=1, line_end=1, type="article", key="a",
                     fields={"title": "A", "journaltitle": "J", "date": "1999-04", "location": "X"})
    csl = entry_to_csl(biblatex)
    assert csl["container-title"] == "J" and csl["issued"] == {"date-parts": [[1999, 4]]}


# --------------------------------------------------------------------------- provenance


def test_enrichment_leaves_no_provenance_in_note() -> None:
    from citecheck.corrections import exported_fields
    from citecheck.models import Match, Suggestion

    ref = Reference(raw="x", line=3, key="k", type="book", fields=Fields(
        author=[Name(family="Avrich", given="Paul")], title="The Russian Anarchists", year="1967",
        note="A classic"))
    match = Match(verdict="verified", source="crossref", ids={"doi": "10.1/ra"},
                  suggestions=[Suggestion(field="publisher", current=None,
                                          suggested="Princeton University Press", source="Crossref 10.1/ra")])
    fields, provenance = exported_fields(ref, match, [], archive_urls=False, enrich=True,
                                         apply_suggestions=False)
    assert fields["doi"] == "10.1/ra" and fields["publisher"] == "Princeton University Press"
    assert fields["note"] == "A classic"
    assert not re.search("citecheck|crossref", json.dumps(fields), re.IGNORECASE)
    assert provenance == {"doi": "crossref", "publisher": "Crossref 10.1/ra"}


def test_enriching_a_bib_entry_adds_plain_fields_and_keeps_the_rest(tmp_path: Path) -> None:
    from citecheck.corrections import exported_fields
    from citecheck.models import Match

    text = ("@Book{avrich,\n  Author = {Avrich, Paul},\n  Title  = {The {Russian} Anarchists},\n"
            "  Year   = 1967,\n  Note   = {See \\cite{x}},\n}\n")
    refs, _ = read_bib(text)
    match = Match(verdict="verified", source="crossref", ids={"doi": "10.1/ra"})
    fields, _ = exported_fields(refs[0], match, [], archive_urls=False, enrich=True,
                                apply_suggestions=False)
    out, _ = write_bibliography(refs, [fields], source_text=text)
    assert out == text.replace("  Note   = {See \\cite{x}},\n",
                               "  Note   = {See \\cite{x}},\n  Doi    = {10.1/ra},\n")
