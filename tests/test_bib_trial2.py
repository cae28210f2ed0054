"""A second adversarial trial of citecheck's BibTeX handling (branch ``bibtrial``).

Every .bib text here is hand-written for this file (inline): the habits of
JabRef, Zotero/Better BibTeX, BibDesk and Mendeley exports, and of people who
edit a .bib by hand. None describes a real work. Each case says what BibTeX or
biber does with the text and what citecheck must do: read the fields as they
read them, give the file back byte for byte, keep the user's data in every
export, say in one line at its own line what is truly broken, and warn where
BibTeX or biber would warn.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citecheck.bibtex import read_bib, write_with_changes
from citecheck.cli import main


def _refs(text: str) -> dict:
    refs, _ = read_bib(text)
    return {r.key: r for r in refs}


def _one(text: str):
    refs, errors = read_bib(text)
    return refs[0], errors


def _export(tmp_path: Path, data: bytes | str, suffix: str, *extra: str) -> bytes:
    src = tmp_path / "in.bib"
    src.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    out = tmp_path / f"out{suffix}"
    assert main(["export", str(src), "--offline", "-q", "-o", str(out), *extra]) == 0
    return out.read_bytes()


def _csl(tmp_path: Path, text: str) -> dict[str, dict]:
    return {i["id"]: i for i in json.loads(_export(tmp_path, text, ".json"))}


# ------------------------------------------------------------------ read as BibTeX reads it

JABREF = """% Encoding: UTF-8

@Article{Smith2020,
  author    = {{World Health Organization} and van der Berg, J. and others},
  title     = {The {COVID}-19 pandemic: 100% of {\\"o}ther things},
  journal   = {Lancet},
  year      = {2020a},
  month     = jan,
  file      = {:C\\:/Users/me/Smith2020.pdf:PDF},
  abstract  = {We find {that} 50% of cases (p < 0.05; see [1) are ... },
}

@Comment{jabref-meta: databaseType:bibtex;}

@Comment{jabref-meta: grouping:
0 AllEntriesGroup:;
1 StaticGroup:Reviews\\;0\\;1\\;\\;\\;\\;;
}
"""


def test_01_jabref_export_reads_names_others_accents_and_month() -> None:
    ref, errors = _one(JABREF)
    assert not errors
    f = ref.fields
    assert [str(n) for n in f.author] == ["World Health Organization", "van der Berg, J."]
    assert f.others and f.title == "The COVID-19 pandemic: 100% of öther things"
    assert f.month == "January" and f.year == "2020a"


def test_02_jabref_meta_comments_are_no_entries_and_come_back(tmp_path: Path) -> None:
    assert list(_refs(JABREF)) == ["Smith2020"]
    assert _export(tmp_path, JABREF, ".bib") == JABREF.encode("utf-8")


def test_03_jabref_file_field_with_colons_and_abstract_with_percent_go_to_csl(tmp_path: Path) -> None:
    item = _csl(tmp_path, JABREF)["Smith2020"]
    assert item["abstract"].startswith("We find that 50% of cases (p < 0.05; see [1) are")
    assert item["author"][0] == {"literal": "World Health Organization"}


BIBDESK = """%% This BibTeX bibliography file was created using BibDesk.
%% https://bibdesk.sourceforge.io/

%% Created for Jane Roe at 2021-01-01 10:00:00 +0000


%% Saved with string encoding Unicode (UTF-8)


@string{jgr = {J. Geophys. Res.}}

@article{Roe:2019aa,
\tAuthor = {Roe, Jane and M{\\"u}ller, J{\\"u}rgen},
\tBdsk-File-1 = {YnBsaXN0MDDSAQIDBFxyZWxhdGl2ZVBhdGhZYWxpYXNEYXRhXxAR+/==},
\tBdsk-Url-1 = {https://doi.org/10.1000/xyz},
\tDate-Added = {2020-01-01 10:00:00 +0000},
\tDate-Modified = {2020-01-02 10:00:00 +0000},
\tJournal = jgr,
\tTitle = {Plate {T}ectonics},
\tYear = {2019}}

@comment{BibDesk Static Groups{
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<array>
\t<dict>
\t\t<key>group name</key>
\t\t<string>Mine</string>
\t</dict>
</array>
</plist>
}}
"""


def test_04_bibdesk_export_reads_macro_journal_and_tab_layout() -> None:
    ref, errors = _one(BIBDESK)
    assert not errors and ref.key == "Roe:2019aa"
    assert ref.fields.journal == "J. Geophys. Res." and ref.fields.title == "Plate Tectonics"
    assert [n.family for n in ref.fields.author] == ["Roe", "Müller"]


def test_05_bibdesk_export_comes_back_byte_for_byte_with_crlf(tmp_path: Path) -> None:
    data = BIBDESK.replace("\n", "\r\n").encode("utf-8")
    assert _export(tmp_path, data, ".bib") == data


ZOTERO = """
@article{doe_study_2021,
\ttitle = {A study of things},
\tvolume = {12},
\tissn = {1234-5678},
\turl = {https://example.org/a_b%20c#frag},
\tdoi = {10.1000/abc.1},
\tlanguage = {en},
\tnumber = {3},
\turldate = {2021-03-04},
\tjournal = {Journal of Things},
\tauthor = {Doe, John and Ólafsdóttir, Guðrún and 王, 小明},
\tmonth = mar,
\tyear = {2021},
\tnote = {Publisher: Example Press},
\tkeywords = {things, study},
\tpages = {1--10},
\tfile = {Full Text PDF:/home/u/Zotero/storage/ABC/Doe - 2021.pdf:application/pdf;Snapshot:/home/u/Zotero/storage/DEF/x.html:text/html},
}
"""


def test_06_zotero_export_reads_unicode_names_url_and_pages() -> None:
    ref, errors = _one(ZOTERO)
    assert not errors
    assert [str(n) for n in ref.fields.author] == ["Doe, John", "Ólafsdóttir, Guðrún", "王, 小明"]
    assert ref.fields.url == "https://example.org/a_b%20c#frag" and ref.fields.pages == "1–10"
    assert ref.fields.month == "March" and ref.fields.urldate == "2021-03-04"


def test_07_zotero_export_to_csl_keeps_url_accessed_and_keywords(tmp_path: Path) -> None:
    item = _csl(tmp_path, ZOTERO)["doe_study_2021"]
    assert item["URL"] == "https://example.org/a_b%20c#frag"
    assert item["accessed"] == {"date-parts": [[2021, 3, 4]]}
    assert item["issued"] == {"date-parts": [[2021, 3]]} and item["DOI"] == "10.1000/abc.1"


MENDELEY = """Automatically generated by Mendeley Desktop 1.19.8
Any changes to this file will be lost if it is regenerated by Mendeley.

BibTeX export options can be customized via Options -> BibTeX in Mendeley Desktop

@article{Doe2018,
archivePrefix = {arXiv},
arxivId = {1801.00001},
author = {Doe, Jane and {van der Berg}, Jan},
eprint = {1801.00001},
file = {:C$\\backslash$:/Users/jane/Documents/Mendeley Desktop/Doe - 2018 - Title.pdf:pdf},
mendeley-groups = {Thesis/Ch1},
title = {{Deep learning of things}},
year = {2018}
}
"""


def test_08_mendeley_export_reads_arxiv_and_braced_von_name() -> None:
    ref, errors = _one(MENDELEY)
    assert not errors
    assert ref.fields.eprint == "1801.00001" and (ref.fields.eprinttype or "").lower() == "arxiv"
    assert ref.fields.author[1].family == "van der Berg" and not ref.fields.author[1].prefix
    assert ref.fields.title == "Deep learning of things"


def test_09_mendeley_export_header_text_comes_back(tmp_path: Path) -> None:
    assert _export(tmp_path, MENDELEY, ".bib") == MENDELEY.encode("utf-8")


def test_10_parentheses_delimiters_with_quoted_values() -> None:
    ref, errors = _one('@article(paren, author = "D{\\\'e}j{\\`a}, Ren{\\\'e} and Smith, Jr., John",'
                       ' title = "The {"}Quoted{"} word", journal = "J", year = 1999)\n')
    assert not errors
    assert [str(n) for n in ref.fields.author] == ["Déjà, René", "Smith, Jr., John"]
    assert ref.fields.title == 'The "Quoted" word'


def test_11_a_parenthesised_entry_with_no_fields_is_read_as_bibtex_reads_it() -> None:
    # BibTeX takes '@misc(key)' like '@misc{key}'; an entry of a key alone is not an error
    refs, errors = read_bib("@misc(lonely)\n@misc{alone}\n@misc(a, title = {T})\n")
    assert not errors
    assert [r.key for r in refs] == ["lonely", "alone", "a"] and not any(r.error for r in refs)


def test_12_string_macros_with_parentheses_and_concatenation() -> None:
    ref, errors = _one('@STRING(acm = "ACM")\n@String{press = acm # " Press"}\n'
                       '@book{a, title={A} # " and " # {B}, publisher=press, year=2000}\n')
    assert not errors
    assert ref.fields.publisher == "ACM Press" and ref.fields.title == "A and B"


def test_13_macro_names_ignore_case_as_in_bibtex() -> None:
    ref, errors = _one("@string{JPhys = {J. Phys.}}\n@article{a, journal=jphys, title={T}, "
                       "year=2000, month=DEC}\n")
    assert not errors and ref.fields.journal == "J. Phys." and ref.fields.month == "December"


@pytest.mark.parametrize("latex, family", [
    ('G{\\"o}del', "Gödel"), ('G\\"{o}del', "Gödel"), ("Erd\\H{o}s", "Erdős"), ("\\v{C}ech", "Čech"),
    ('{\\AA}str{\\"o}m', "Åström"), ("{\\c C}elik", "Çelik"), ("Jos\\'{e}", "José"),
    ("{\\L}ukasiewicz", "Łukasiewicz"),
])
def test_14_accents_in_every_form_in_names(latex: str, family: str) -> None:
    ref, _ = _one(f"@book{{a, author={{{latex}, K.}}, title={{T}}, year=2000}}\n")
    assert ref.fields.author[0].family == family


def test_15_names_as_bibtex_splits_them() -> None:
    ref, _ = _one("@book{a, author={d'Alembert, Jean and Jean-Paul Sartre and Aristotle and "
                  "al-Khwarizmi, Muhammad and {\\'E}mile Zola and King, Jr., Martin Luther and "
                  "{Smith Jr.}, John and von Neumann, John}, title={T}, year=2000}\n")
    assert [str(n) for n in ref.fields.author] == [
        "d'Alembert, Jean", "Sartre, Jean-Paul", "Aristotle", "al-Khwarizmi, Muhammad", "Zola, Émile",
        "King, Jr., Martin Luther", "Smith Jr., John", "von Neumann, John"]


def test_16_biblatex_fields_date_journaltitle_location_eprint() -> None:
    ref, errors = _one("@online{a, author={A, B}, title={T}, date={2021-02-03}, urldate={2021-03-04}, "
                       "eprint={2101.00001}, eprinttype={arxiv}, eprintclass={cs.CL}, "
                       "journaltitle={JT}, location={Berlin}, related={b}, ids={a1}}\n")
    f = ref.fields
    assert not errors and ref.type == "online"
    assert (f.year, f.journal, f.address, f.eprintclass) == ("2021", "JT", "Berlin", "cs.CL")


def test_17_crossref_parent_after_the_child_gives_booktitle_and_year() -> None:
    refs = _refs("@inproceedings{c, author={A, B}, title={Chap}, crossref={P}, pages={1--2}}\n"
                 "@proceedings{p, title={Proc of X}, year=2001, publisher={Pub}}\n")
    assert refs["c"].fields.booktitle == "Proc of X" and refs["c"].fields.year == "2001"


def test_18_crossref_chains_are_followed_as_biber_does() -> None:
    # biber follows a crossref whose parent has a crossref itself
    refs = _refs("@inbook{c, title={Chap}, crossref={b}}\n@book{b, title={Book}, crossref={s}}\n"
                 "@book{s, title={Series}, year=1999, publisher={P}}\n")
    assert refs["c"].fields.booktitle == "Book"
    assert refs["c"].fields.year == "1999" and refs["c"].fields.publisher == "P"


def test_19_a_crossref_to_no_entry_is_warned_as_bibtex_warns() -> None:
    ref, errors = _one("@inproceedings{c, author={A, B}, title={C}, crossref={nope}, year=2000}\n")
    assert not errors and ref.error is None
    assert "nope" in (ref.notice or "") and "cross" in (ref.notice or "").lower()


def test_20_keys_with_odd_characters() -> None:
    refs = _refs("@article{doi:10.1000/xyz, title={A}, year=2000}\n@article{Müller2019, title={B}, year=2000}\n"
                 "@article{a+b'c&d, title={C}, year=2000}\n@article{x.y-z_w/1, title={D}, year=2000}\n")
    assert list(refs) == ["doi:10.1000/xyz", "Müller2019", "a+b'c&d", "x.y-z_w/1"]


def test_21_keys_differing_only_in_case_are_duplicates_for_bibtex() -> None:
    refs, errors = read_bib("@article{Smith2020, title={A}, year=2000}\n@article{smith2020, title={B}, year=2000}\n")
    assert not errors and refs[1].duplicate is not None and refs[1].duplicate.first_line == 1


def test_22_two_entries_on_one_line_and_cr_only_line_ends() -> None:
    assert list(_refs("@misc{a, title={A}} @misc{b, title={B}}\n")) == ["a", "b"]
    refs, errors = read_bib("@book{a,\r  title={T},\r  year=2000\r}\r@book{b,\r  title={B}}\r")
    assert not errors and refs[1].line == 5


def test_23_year_forms_are_kept_as_written() -> None:
    for year in ("2020a", "in press", "n.d."):
        ref, errors = _one(f"@book{{a, title={{T}}, year={{{year}}}}}\n")
        assert not errors and ref.fields.year == year


@pytest.mark.parametrize("month, number", [
    ("jan", 1), ("{January}", 1), ("3", 3), ("{Mar.}", 3), ("{jun}", 6), ("{Sept.}", 9), ("DEC", 12)])
def test_24_month_forms_give_the_month_in_csl(tmp_path: Path, month: str, number: int) -> None:
    item = _csl(tmp_path, f"@article{{m, author={{A, B}}, title={{T}}, journal={{J}}, year=2020, "
                          f"month={month}}}\n")["m"]
    assert item["issued"] == {"date-parts": [[2020, number]]}


def test_25_a_biblatex_date_range_keeps_its_end_in_csl(tmp_path: Path) -> None:
    item = _csl(tmp_path, "@article{r, author={A, B}, title={T}, journal={J}, date={2020-05/2020-06}}\n")["r"]
    assert item["issued"] == {"date-parts": [[2020, 5], [2020, 6]]}


# ------------------------------------------------------------------ warnings where BibTeX/biber warn

def test_26_an_undefined_month_macro_is_a_warning_not_an_error() -> None:
    ref, errors = _one("@article{a, title={T}, year=2000, month=sept}\n")
    assert not errors and "undefined macro 'sept'" in (ref.notice or "")


def test_27_too_many_commas_in_a_name_keeps_the_rest_of_the_entry() -> None:
    # BibTeX: "Too many commas in name 1"; biber warns and goes on. The title is still the title.
    refs, _ = read_bib("@article{a, author={Smith, John, Jr, X and Doe, Jane}, title={Kept title}, "
                       "journal={J}, year=2000}\n")
    ref = refs[0]
    assert ref.fields.title == "Kept title" and ref.fields.year == "2000"
    assert "Doe" in [n.family for n in ref.fields.author]
    assert "too many commas" in ((ref.notice or "") + (ref.error or "")).lower()


def test_28_first_last_name_with_jr_last_is_warned() -> None:
    # BibTeX reads 'Martin Luther King Jr.' with the family name 'Jr.'
    ref, _ = _one("@book{a, author={Martin Luther King Jr. and Doe, Jane}, title={T}, year=2000}\n")
    assert ref.error is None
    assert "King, Jr., Martin Luther" in (ref.notice or "")


def test_29_text_after_a_closing_brace_that_looks_like_fields_is_warned() -> None:
    # '}}' closes the entry early: BibTeX silently skips ', year=2000}' as text between entries
    refs, errors = read_bib("@article{a, title={A}}, year=2000}\n@article{b, title={B}}\n")
    assert not errors and refs[0].fields.year is None
    assert "year" in (refs[0].notice or "") and "line 1" in (refs[0].notice or "")
    assert refs[1].notice is None


def test_30_a_percent_commented_entry_is_read_as_bibtex_reads_it_and_warned() -> None:
    # BibTeX reads an entry on a '%' line; biber takes the line as a comment
    refs, errors = read_bib("%@article{old, title={Old}}\n@article{a, title={T}, year=2000}\n")
    assert not errors
    assert "biber" in (refs[0].notice or "") and refs[1].notice is None
    # a '%' inside the entry before it on the same line comments nothing out
    refs, errors = read_bib("@misc{a, title={50% of}} @misc{b, title={B}}\n")
    assert not errors and [r.notice for r in refs] == [None, None]


def test_31_an_email_in_a_percent_comment_is_no_entry_and_no_error() -> None:
    refs, errors = read_bib("% maintained by me@example.org (Jane Roe)\n"
                            "@article{a, author={A, B}, title={T}, journal={J}, year=2000}\n")
    assert not errors and [r.key for r in refs] == ["a"]
    # an unclosed '(' in the comment does not swallow the entries below it
    refs, errors = read_bib("% mail me@example.org (office 3\n@article{a, title={A}, year=2000}\n"
                            "@article(b, title={B}, year=2001)\n")
    assert not errors and [r.key for r in refs] == ["a", "b"]


# ------------------------------------------------------------------ errors in words, at their line

def test_32_an_escaped_brace_counts_as_a_brace_for_bibtex() -> None:
    # BibTeX and biber count every brace, backslash or not: '\\{' opens a group that never closes
    refs, errors = read_bib("@article{a, title={A set \\{x}, year=2000}\n@article{b, title={B}, year=2001}\n")
    assert errors == ["line 1: the entry's braces are never closed: the value of 'title' is never "
                      "closed (unbalanced braces or quotes)"]
    assert refs[-1].key == "b" and refs[-1].error is None


def test_33_balanced_escaped_braces_read_as_braces() -> None:
    ref, errors = _one("@article{a, title={A set $\\{x\\}$}, year=2000}\n")
    assert not errors and ref.fields.title == "A set ${x}$"


def test_34_a_bare_value_that_is_no_number_or_macro_is_said_in_words() -> None:
    ref, errors = _one("@article{a, title={T},\n  pages = 12-15, year=2000}\n")
    assert ref.error and "pages" in ref.error and "{12-15}" in ref.error and "line 2" in ref.error


def test_35_a_percent_line_inside_an_entry_still_lets_the_other_fields_be_read() -> None:
    # BibTeX stops at it (an error); biber reads the line as a comment: the rest is read
    ref, errors = _one("@book{a, title={Kept},\n%  volume = {7},\n  year=2000}\n")
    assert errors and "not a comment to BibTeX" in errors[0]
    assert ref.fields.title == "Kept" and ref.fields.year == "2000" and ref.fields.volume is None


def test_36_unclosed_entry_at_the_end_of_the_file() -> None:
    refs, errors = read_bib("@article{a, title={T}, year=2000}\n@article{b, title={B}, year=2001\n")
    assert refs[0].error is None and errors == ["line 2: the entry's braces are never closed"]


def test_37_missing_comma_between_fields_is_said_with_its_line() -> None:
    _, errors = _one("@article{a,\n  author = {A, B}\n  title = {T},\n  year = 2000\n}\n")
    assert errors == ["line 1: a comma is missing after the 'author' field (before 'title') (line 2)"]


# ------------------------------------------------------------------ nothing lost on the way out

ROUNDTRIP = {
    "bom_crlf_tabs": b"\xef\xbb\xbf@article{a,\r\n\tauthor\t= {M\xc3\xbcller, J.},\r\n\ttitle\t= {T},\r\n}\r\n",
    "latin1": "@article{a, author={M\u00fcller, J\u00fcrgen}, title={\u00dcber Stra\u00dfen}, year=2000}\n"
              .encode("latin-1"),
    "cr_only": b"@book{a,\r  title={T},\r  year=2000\r}\r",
    "no_final_newline": b"@article{a, title={T}, year=2000}",
    "junk_between": b"Some notes.\n}\n@article{a, title={T}, year=2000}\n}} more junk\n",
    "broken_and_fine": b"@article{a, title={T}\n  year=2000}\n@article{b, title={B}, year=2001}\n",
    "utf16": b"\xff\xfe" + "@article{a, title={\u00c9t\u00e9}, year=2000}\n".encode("utf-16-le"),
}


@pytest.mark.parametrize("name", sorted(ROUNDTRIP))
def test_38_files_come_back_byte_for_byte(tmp_path: Path, name: str) -> None:
    assert _export(tmp_path, ROUNDTRIP[name], ".bib") == ROUNDTRIP[name]


def test_39_latin1_file_is_read_as_latin1() -> None:
    from citecheck.ingest import document_from_bytes

    doc = document_from_bytes(ROUNDTRIP["latin1"], "l.bib")
    assert doc.bib_entries[0].fields.title == "Über Straßen"


def test_40_a_utf8_file_with_one_latin1_byte_reads_its_utf8_names_right(tmp_path: Path) -> None:
    # a file saved as UTF-8 with one entry pasted from a Latin-1 file: the UTF-8 names are
    # not to be read as 'MÃ¼ller'; the file still comes back byte for byte
    from citecheck.ingest import document_from_bytes

    text = ("@article{a, author={M\u00fcller, J\u00fcrgen}, title={\u00dcber}, journal={J}, year=2000}\n"
            "@article{b, author={Caf\u00e9, B}, title={T}, journal={J}, year=2001}\n")
    data = text.encode("utf-8").replace("Caf\u00e9".encode("utf-8"), "Caf\u00e9".encode("latin-1"))
    doc = document_from_bytes(data, "mixed.bib")
    by_key = {r.key: r for r in doc.bib_entries}
    assert by_key["a"].fields.author[0].family == "Müller" and by_key["a"].fields.title == "Über"
    assert by_key["b"].fields.author[0].family == "Café"
    assert any("UTF-8" in n.text and "line 2" in n.text for n in doc.notices)
    assert _export(tmp_path, data, ".bib") == data
    fixed = tmp_path / "fixed.bib"
    assert main(["fix", str(tmp_path / "in.bib"), "--offline", "-q", "-o", str(fixed)]) == 0
    assert fixed.read_bytes() == data
    # a change to the 8-bit entry writes that entry in UTF-8; every other line stays as it was
    from citecheck.bibtex import encode_bib

    changed, _ = write_with_changes(doc.bib_entries, {"b": {"doi": "10.1000/x"}}, source_text=doc.source_text)
    out, said = encode_bib(changed, doc.encoding, doc.legacy_lines)
    assert said is None and out.decode("utf-8").count("Café") == 1
    assert out.startswith(data.split(b"\n")[0] + b"\n")


def test_41_edits_keep_the_layout_of_odd_entries() -> None:
    for text in ("@article(a,\n  title = {T},\n  year = 2000\n)\n",
                 "@article{a,\r\n\ttitle\t= {T},\r\n\tyear\t= 2000,\r\n}\r\n",
                 "@article{a,\n\tAuthor = {A, B},\n\tYear = {2000}}\n",
                 "@article{a}\n"):
        refs, _ = read_bib(text)
        out, _ = write_with_changes(refs, {"a": {"doi": "10.1000/x"}}, source_text=text)
        again, errors = read_bib(out)
        assert not errors and again[0].fields.doi == "10.1000/x"
        # one line more (the new field's), every other line as it was
        assert out.replace("\r\n", "\n").count("\n") == text.replace("\r\n", "\n").count("\n") + 1
        assert ("\r\n" in out) == ("\r\n" in text)


def test_42_export_to_csl_keeps_an_entry_with_a_name_bibtex_complains_about(tmp_path: Path) -> None:
    items = _csl(tmp_path, "@article{a, author={Smith, John, Jr, X}, title={Kept}, journal={J}, year=2000}\n")
    assert items["a"]["title"] == "Kept"


def test_43_ids_aliases_link_pandoc_keys_as_biber_does(tmp_path: Path, capsys) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text("@article{doe2020, ids={doe2020old}, author={Doe, J}, title={T}, journal={J}, "
                   "volume=1, pages={1--2}, year=2020}\n", encoding="utf-8")
    doc = tmp_path / "paper.md"
    doc.write_text("As shown [@doe2020old].\n", encoding="utf-8")
    main(["report", str(doc), "--bib", str(bib), "--offline", "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    cites = [c for c in report["footnotes"]["citations"] if c.get("key") == "doe2020old"]
    assert cites and cites[0]["status"] == "linked" and cites[0]["cites"] == "doe2020"


# ------------------------------------------------------------------ the command line on bad input

@pytest.mark.parametrize("data", [b"", b"  \n\n", b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe garbage",
                                  bytes(range(256)) * 8, b"Just text, no entries.\n",
                                  b"% only comments\n@comment{x}\n@string{a = {b}}\n"])
def test_44_bad_input_is_one_line_and_exit_2(tmp_path: Path, capsys, data: bytes) -> None:
    src = tmp_path / "bad.bib"
    src.write_bytes(data)
    for command in (["report", str(src), "--offline"], ["export", str(src), "--offline", "-o",
                                                         str(tmp_path / "o.bib")]):
        assert main(command) == 2
        err = capsys.readouterr().err.strip()
        assert err.count("\n") == 0 and "Traceback" not in err and err.startswith("citecheck")


def test_45_a_directory_and_an_unreadable_file_are_one_line_errors(tmp_path: Path, capsys,
                                                                   monkeypatch) -> None:
    folder = tmp_path / "dir.bib"
    folder.mkdir()
    assert main(["report", str(folder), "--offline"]) == 2
    assert "directory" in capsys.readouterr().err
    locked = tmp_path / "locked.bib"
    locked.write_text("@misc{a, title={T}}\n", encoding="utf-8")
    real_open = Path.open

    def refuse(self, *args, **kwargs):  # root ignores chmod 000: refuse the way the OS does
        if self == locked:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    assert main(["report", str(locked), "--offline"]) == 2
    err = capsys.readouterr().err.strip()
    assert "permission denied" in err and "\n" not in err
