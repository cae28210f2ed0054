"""citecheck on .bib files as reference managers write them (tests/fixtures/bib-trial, made up).

Each test was written against a misfire found by running the CLI on these
files as a new user would: the output must be the input byte for byte when
nothing changed (encodings and byte-order marks included), and CSL-JSON/RIS
must carry names, dates and texts as BibTeX means them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from citecheck.bibtex import encode_bib
from citecheck.cli import main

ROOT = Path(__file__).resolve().parents[1]
TRIAL = ROOT / "tests" / "fixtures" / "bib-trial" / "jabref.bib"


def _variant(tmp_path: Path, name: str) -> Path:
    text = TRIAL.read_text(encoding="utf-8")
    path = tmp_path / f"{name}.bib"
    if name == "bom":
        path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    elif name == "latin1":
        # the same file as an 8-bit user keeps it: only Latin-1 letters
        ascii_keys = text.replace("日本語キー", "japkey").replace("山田, 太郎", "Yamada, Tarô")
        ascii_keys = ascii_keys.replace("日本語の本", "Nihongo").replace("出版社", "Shuppansha")
        ascii_keys = ascii_keys.replace("Müller:2019", "Mueller:2019").replace("Symphonies", "Symphonies für Groß")
        path.write_bytes(ascii_keys.encode("latin-1"))
    elif name in ("utf-16-le", "utf-16-be"):
        bom = b"\xff\xfe" if name == "utf-16-le" else b"\xfe\xff"
        path.write_bytes(bom + text.encode(name))
    else:
        path.write_bytes(text.encode("utf-8"))
    return path


@pytest.mark.parametrize("variant", ["utf8", "bom", "latin1", "utf-16-le", "utf-16-be"])
def test_export_gives_the_file_back_byte_for_byte(tmp_path: Path, variant: str,
                                                  capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    src = _variant(tmp_path, variant)
    out = tmp_path / "out.bib"
    assert main(["export", str(src), "--offline", "-o", str(out)]) == 0
    assert out.read_bytes() == src.read_bytes()
    capsysbinary.readouterr()
    assert main(["export", str(src), "--offline"]) == 0  # to stdout: the same bytes
    assert capsysbinary.readouterr().out == src.read_bytes()


def test_encode_bib_keeps_latin1_and_escapes_what_it_lacks() -> None:
    data, said = encode_bib("title = {Gro\u00df \u0160koda}", "latin-1")
    assert said is None
    assert data.decode("latin-1").startswith("title = {Gro\u00df ")
    assert b"\\v{S}" in data or b"\\v S" in data
    data, said = encode_bib("title = {\u4e2d}", "cp1252")  # no escape: UTF-8, said
    assert data == "title = {\u4e2d}".encode("utf-8") and said and "UTF-8" in said
    assert encode_bib("\ufeff@misc{a,}", "utf-8")[0].startswith(b"\xef\xbb\xbf")


def _export(tmp_path: Path, suffix: str) -> str:
    out = tmp_path / f"out{suffix}"
    assert main(["export", str(TRIAL), "--offline", "-q", "-o", str(out)]) == 0
    return out.read_text(encoding="utf-8")


def _ris_record(ris: str, title: str) -> list[str]:
    return next(r.splitlines() for r in ris.split("ER  - ") if f"TI  - {title}" in r)


def test_corporate_name_with_a_comma_stays_whole_in_csl_ris_and_bibtex(tmp_path: Path) -> None:
    import json

    from citecheck.bibtex import encode_field, read_bib

    items = {i["id"]: i for i in json.loads(_export(tmp_path, ".json"))}
    authors = items["ludwig-van-beethoven"]["author"]
    assert {"literal": "Barnes and Noble, Inc."} in authors
    assert {"family": "King", "given": "Martin Luther", "suffix": "Jr."} in authors
    # BibTeX's von part is CSL's non-dropping particle (as pandoc reads it)
    assert {"non-dropping-particle": "van", "family": "Beethoven", "given": "Ludwig"} in authors
    record = _ris_record(_export(tmp_path, ".ris"), "Symphonies")
    assert "AU  - Barnes and Noble, Inc." in record
    assert "AU  - King, Martin Luther, Jr." in record  # RIS: Last, First, Suffix
    refs, _ = read_bib(TRIAL.read_text(encoding="utf-8"))
    names = next(r for r in refs if r.key == "ludwig-van-beethoven").fields.bibtex()["author"]
    assert "{Barnes and Noble, Inc.}" in names
    # written again (a changed entry), it is braced once, not escaped
    assert encode_field("author", ["{Barnes and Noble, Inc.}"]) == "{{Barnes and Noble, Inc.}}"


def test_month_with_a_day_gives_the_day_in_csl_and_ris(tmp_path: Path) -> None:
    import json

    items = {i["id"]: i for i in json.loads(_export(tmp_path, ".json"))}
    assert items["Müller:2019/chem-1"]["issued"] == {"date-parts": [[2019, 1, 1]]}  # jan # "~1"
    record = _ris_record(_export(tmp_path, ".ris"), "On the DNA of α-helices: a 50% study")
    assert "DA  - 2019/01/01/" in record


def test_abstract_and_keywords_are_carried_to_csl_and_ris(tmp_path: Path) -> None:
    import json

    item = {i["id"]: i for i in json.loads(_export(tmp_path, ".json"))}["Müller:2019/chem-1"]
    assert item["abstract"] == "We study braces and 50% of things; nested deeply stuff."
    assert item["keyword"] == "helix; DNA"
    record = _ris_record(_export(tmp_path, ".ris"), "On the DNA of α-helices: a 50% study")
    assert "KW  - helix" in record and "KW  - DNA" in record
    assert "AB  - We study braces and 50% of things; nested deeply stuff." in record


MANAGERS = ROOT / "tests" / "fixtures" / "bib-trial" / "managers.bib"


def _items(tmp_path: Path, src: Path) -> dict[str, dict]:
    import json

    out = tmp_path / "out.json"
    assert main(["export", str(src), "--offline", "-q", "-o", str(out)]) == 0
    return {i["id"]: i for i in json.loads(out.read_text(encoding="utf-8"))}


def test_a_bare_percent_in_a_value_is_text_not_a_comment(tmp_path: Path) -> None:
    from citecheck.bibtex import _latex_to_text

    assert _latex_to_text("a 100% rise in \\'etudes") == "a 100% rise in études"
    assert _latex_to_text("50\\% of") == "50% of"
    item = _items(tmp_path, MANAGERS)["Doe:2020aa"]
    assert item["abstract"].startswith("Yields rose 50% in RCTs; see")


def test_biblatex_date_gives_month_and_day(tmp_path: Path) -> None:
    item = _items(tmp_path, MANAGERS)["zotero_item_2019"]
    assert item["issued"] == {"date-parts": [[2019, 3, 5]]}  # date = {2019-03-05}
    out = tmp_path / "out.ris"
    assert main(["export", str(MANAGERS), "--offline", "-q", "-o", str(out)]) == 0
    assert "DA  - 2019/03/05/" in out.read_text(encoding="utf-8")


def test_manager_exports_come_back_byte_for_byte(tmp_path: Path) -> None:
    out = tmp_path / "out.bib"
    assert main(["export", str(MANAGERS), "--offline", "-q", "-o", str(out)]) == 0
    assert out.read_bytes() == MANAGERS.read_bytes()


def test_ascii_uses_text_commands_for_symbols_latexcodec_writes_as_math() -> None:
    from citecheck.bibtex import _latex_to_text, encode_value

    unescaped: set[str] = set()
    written = encode_value("5°C, x², ±1", ascii=True, unescaped=unescaped)
    assert written == "5{\\textdegree}C, x{\\texttwosuperior}, {\\textpm}1" and not unescaped
    assert _latex_to_text(written) == "5°C, x², ±1"


def test_font_commands_become_csl_markup_and_plain_ris(tmp_path: Path) -> None:
    from citecheck.formats import entry_to_csl, entry_to_ris
    from citecheck.models import Entry

    entry = Entry(raw="", line=1, line_end=1, type="article", key="k", fields={
        "title": "\\emph{Drosophila} in {\\em vivo}: H\\textsubscript{2}O and \\TeX{}",
        "journal": "\\textit{J. Flies}"})
    csl = entry_to_csl(entry)
    assert csl["title"] == "<i>Drosophila</i> in <i>vivo</i>: H<sub>2</sub>O and TeX"
    assert csl["container-title"] == "<i>J. Flies</i>"
    ris = entry_to_ris(entry)
    assert ris["title"] == "Drosophila in vivo: H2O and TeX" and ris["journal_name"] == "J. Flies"


def test_an_added_field_follows_the_entrys_own_spacing() -> None:
    from citecheck.bibtext import edit_entry

    # Mendeley/Zotero write 'name = value' without padding: the new field does the same
    plain = "@article{a,\n  author = {X},\n  title = {T},\n  year = {2000},\n}"
    assert edit_entry(plain, {"doi": "{1}"}).endswith("  year = {2000},\n  doi = {1},\n}")
    # JabRef pads names so the '=' line up: the new field is padded too
    padded = "@article{a,\n  author    = {X},\n  title     = {T},\n  year      = {2000},\n}"
    assert edit_entry(padded, {"doi": "{1}"}).endswith("  doi       = {1},\n}")
    assert edit_entry("@article{a,\n  year = {2000},\n}", {"doi": "{1}"}).endswith("  doi = {1},\n}")


def test_a_broken_entry_is_said_in_words_at_its_line_and_the_others_are_read() -> None:
    from citecheck.bibtex import read_bib

    refs, errors = read_bib(TRIAL.read_text(encoding="utf-8"))
    lines = TRIAL.read_text(encoding="utf-8").splitlines()
    by_key = {r.key: r for r in refs}
    comma = by_key["missingcomma"].error or ""
    # the 'author' line is the one lacking its comma (as grep -n counts)
    author_line = next(n for n, t in enumerate(lines, 1) if t.strip() == "author = {G, H}")
    assert f"a comma is missing after the 'author' field (before 'title') (line {author_line})" in comma
    unclosed = by_key["unbal"].error or ""
    title_line = next(n for n, t in enumerate(lines, 1) if "Unbalanced {brace}" in t)
    assert f"the value of 'title' is never closed" in unclosed and f"(line {title_line})" in unclosed
    assert by_key["after-broken"].error is None and by_key["after-broken"].fields.title
    assert len(errors) == 2  # missing comma, unclosed brace (a duplicate field is a warning)
    dup = by_key["DupKey-2"].duplicate  # a repeated key is data, not a read error
    assert dup is not None and dup.key == "DupKey" and dup.first_line == by_key["dupkey"].line


def test_diagnose_names_what_is_wrong() -> None:
    from citecheck.bibtext import diagnose

    assert "no key" in diagnose("@article{title = {x}, year = 2001}")[1]
    assert diagnose("@article{k, title {x}}")[1] == "'=' is missing after the field name 'title'"
    assert diagnose("@article{k, title = {x}}") is None


def test_preamble_commands_are_expanded_so_noopsort_years_are_years() -> None:
    from citecheck.bibtex import read_bib

    text = ('@preamble{ "\\newcommand{\\noopsort}[1]{} " # "\\newcommand{\\switchargs}[2]{#2#1}" }\n'
            '@book{a, title = {T}, year = "{\\noopsort{1973b}}1973"}\n'
            '@book{b, title = {T}, year = "{\\noopsort{1973a}}{\\switchargs{--90}{1968}}"}\n')
    refs, errors = read_bib(text)
    assert not errors
    assert [r.fields.year for r in refs] == ["1973", "1968–90"]
    # \\noopsort is BibTeX's documented trick: read so even when defined elsewhere
    refs, _ = read_bib('@book{c, title = {T}, year = "{\\noopsort{1985a}}1985"}\n')
    assert refs[0].fields.year == "1985"
    assert refs[0].raw.endswith('"{\\noopsort{1985a}}1985"}')  # the file's text is untouched


def test_fix_writes_a_latin1_bib_back_in_latin1(tmp_path: Path) -> None:
    src = _variant(tmp_path, "latin1")
    out = tmp_path / "fixed.bib"
    assert main(["fix", str(src), "--offline", "-q", "-o", str(out)]) == 0
    assert out.read_bytes() == src.read_bytes()


BIBLATEX = ROOT / "tests" / "fixtures" / "bib-trial" / "biblatex.bib"


def test_xdata_fields_count_for_the_entries_that_name_it() -> None:
    from citecheck.ingest import read_document

    refs = {r.key: r for r in read_document(BIBLATEX).bib_entries or []}
    assert refs["main"].fields.publisher == "Springer"
    assert refs["main"].fields.address == "Berlin and Heidelberg"
    assert refs["vol2"].fields.publisher == "Springer"  # crossref main, which has xdata
    assert "xdata" not in {r.type for r in refs.values()} and "pub:springer" not in refs
    assert "publisher" not in refs["main"].source.fields  # for checking only: the text is as written


def test_translator_is_a_name_list(tmp_path: Path) -> None:
    item = _items(tmp_path, BIBLATEX)["vol3"]
    assert item["translator"] == [{"family": "Roe", "given": "Richard"}]


def test_biblatex_file_comes_back_byte_for_byte(tmp_path: Path) -> None:
    out = tmp_path / "out.bib"
    assert main(["export", str(BIBLATEX), "--offline", "-q", "-o", str(out)]) == 0
    assert out.read_bytes() == BIBLATEX.read_bytes()


def test_a_journal_article_with_an_eprint_is_not_published_by_arxiv(tmp_path: Path) -> None:
    item = _items(tmp_path, BIBLATEX)["art1"]
    assert item["container-title"] == "J. Biblatex" and "publisher" not in item


def test_a_repeated_field_is_said_with_the_lines_of_both() -> None:
    from citecheck.bibtex import read_bib

    text = TRIAL.read_text(encoding="utf-8")
    lines = [n for n, t in enumerate(text.splitlines(), 1) if t.strip().startswith("title = {Title ")]
    ref = next(r for r in read_bib(text)[0] if r.key == "dupfield")
    assert f"the field 'title' is given twice (lines {lines[0]} and {lines[1]})" in (ref.notice or "")
    assert ref.fields.title == "Title one"  # BibTeX's reading: the first
    # a warning, as in BibTeX: the entry is read and checked, not a parse error that fails the run;
    # which of the two values is meant is the author's call, so fix leaves its text alone
    assert ref.error is None and ref.source is not None and not ref.source.editable


def test_a_repeated_field_is_a_warning_in_the_report_not_a_parse_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    bib = tmp_path / "dup.bib"
    bib.write_text("@article{a1,\n  author = {Smith, John},\n  title = {First},\n  title = {Second},\n"
                   "  journal = {J. Ex.}, volume = 1, pages = {1--2},\n  year = 2001\n}\n", encoding="utf-8")
    assert main(["report", str(bib), "--offline", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    entry = report["entries"][0]
    assert entry["error"] is None and "given twice (lines 3 and 4)" in entry["notice"]
    assert [n["line"] for n in report["notices"] if n["code"] == "bib-warning"] == [1]


def test_bib_parse_error_notices_carry_their_line(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    main(["report", str(TRIAL), "--offline", "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    notices = [n for n in report["notices"] if n["code"] == "bib-parse-error"]
    assert notices and all(n["line"] == int(n["text"].split()[2].rstrip(":")) for n in notices)


def test_a_percent_line_inside_an_entry_is_explained() -> None:
    from citecheck.bibtext import diagnose

    entry = "@article{pc,\n  author = {A, B},\n  % title = {old},\n  title = {new},\n}"
    at, why = diagnose(entry)
    assert entry[at] == "%" and "not a comment to BibTeX" in why


HABITS = ROOT / "tests" / "fixtures" / "bib-trial" / "habits.bib"


def test_hand_written_habits_read_as_what_they_mean_in_csl_and_ris(tmp_path: Path) -> None:
    items = _items(tmp_path, HABITS)
    web = items["web1"]
    assert web["URL"] == "https://example.org/res_1" and "publisher" not in web  # \url{...}
    assert web["author"] == [{"family": "Dickens", "given": "Charles"}]  # {\relax Ch}arles
    assert items["doiurl"]["DOI"] == "10.1000/ABC.1"  # https://doi.org/10.1000/ABC.1
    assert items["ed"]["issued"] == {"date-parts": [[2020]]}  # 2020a
    out = tmp_path / "out.ris"
    assert main(["export", str(HABITS), "--offline", "-q", "-o", str(out)]) == 0
    ris = out.read_text(encoding="utf-8")
    assert "UR  - https://example.org/res_1" in ris and "\\url" not in ris and "\\relax" not in ris
    assert "DO  - 10.1000/ABC.1" in ris


def test_written_types_give_their_own_csl_and_ris_types(tmp_path: Path) -> None:
    src = ROOT / "tests" / "fixtures" / "bib-trial" / "types.bib"
    items = _items(tmp_path, src)
    assert {k: v["type"] for k, v in items.items()} == {
        "u1": "manuscript", "p1": "patent", "d1": "dataset", "s1": "software", "m1": "report",
        "b1": "pamphlet"}
    assert items["s1"]["version"] == "1.0"
    out = tmp_path / "out.ris"
    assert main(["export", str(src), "--offline", "-q", "-o", str(out)]) == 0
    assert [ln[6:] for ln in out.read_text(encoding="utf-8").splitlines() if ln.startswith("TY")] == [
        "UNPB", "PAT", "DATA", "COMP", "GEN", "PAMP"]


@pytest.mark.parametrize("latex, text", [
    ("\\'{\\i}", "í"), ("{\\'\\i}", "í"), ("\\=Pot", "P̄ot"), ("{\\=P}ot", "P̄ot"), ("\\~{e}", "ẽ"),
    ("\\H{a}", "a̋"), ("\\b{t}", "ṯ"), ("\\u{\\i}", "ĭ"), ("\\v S", "Š"), ("\\Huge x", "\\Huge x"),
])
def test_every_accent_form_is_decoded(latex: str, text: str) -> None:
    from citecheck.bibtex import _latex_to_text

    assert _latex_to_text(latex) == text


def test_an_inbook_chapter_is_carried_to_csl(tmp_path: Path) -> None:
    src = tmp_path / "inbook.bib"
    src.write_text("@inbook{k, author = {K, D}, title = {Algorithms}, chapter = {1.2}, "
                   "pages = {10--119}, publisher = {AW}, year = 1973}\n", encoding="utf-8")
    assert _items(tmp_path, src)["k"]["chapter-number"] == "1.2"


def test_a_brace_in_a_key_is_an_error_not_an_entry_without_fields(tmp_path: Path) -> None:
    from citecheck.bibtex import read_bib

    text = ('@article{M{\\"u}ller:2019,\n  author = {M{\\"u}ller, J.},\n  title = {Braced key},\n}\n'
            "@article{ok, author = {C, D}, title = {T}, journal = {J}, year = 2001}\n")
    refs, errors = read_bib(text)
    assert refs[0].error and "the key holds a brace" in refs[0].error
    assert refs[0].key == 'M{\\"u}ller:2019' and not refs[0].source.editable
    assert refs[1].error is None and refs[1].fields.title == "T"
    src = tmp_path / "k.bib"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "out.bib"
    main(["export", str(src), "--offline", "-q", "-o", str(out)])
    assert out.read_text(encoding="utf-8") == text  # kept as written
