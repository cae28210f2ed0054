"""A third trial of citecheck's BibTeX handling (branch ``bibfix``): .bib text as users write it.

Every .bib text here is hand-written for this file (inline) and describes no
real work: the habits of hand-kept, biblatex and reference-manager files that
the earlier trials (test_bib_trial.py, test_bib_trial2.py, test_bib_roundtrip.py)
do not test. Each case is run as a user runs citecheck, through the command
line, offline:

(a) ``citecheck export x.bib -o y.bib`` gives the file back byte for byte (nothing
    was asked to change);
(b) ``citecheck export x.bib -o y.json`` / ``-o y.ris`` say what the BibTeX means,
    in CSL-JSON's and RIS's own conventions (read back with json and rispy);
(c) ``citecheck report x.bib --format json`` does not crash and says what it
    found honestly (a warning at its line where BibTeX would read something
    other than what was meant).

Conventions the expectations follow: CSL-JSON 1.0.2 (``status`` for a
publication state, ``issued.literal`` for a date that is no date,
``circa``/``season``); BibTeX's ``and others`` is ``{"literal": "others"}`` as
the last name, the form pandoc writes and citeproc (jgm/citeproc #61) prints as
"et al."; RIS as Reference Manager specifies dates: ``YYYY/MM/DD/other info``,
the year optional but the slashes not, so a date without a year is ``///in
press`` in ``DA`` and ``PY`` holds only a year.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest
import rispy

from citecheck.cli import main
from citecheck.formats import RIS_LIST_TAGS, RIS_MAPPING


@dataclass
class Out:
    source: bytes
    bib: bytes
    csl: dict[str, dict]
    ris: dict[str, dict]  # by the CSL id of the same entry (both list the entries in order)
    report: dict
    report_code: int
    stderr: str

    def entry(self, key: str) -> dict:
        return next(e for e in self.report["entries"] if e["key"] == key)

    def notices(self, code: str | None = None) -> list[str]:
        return [n["text"] for n in self.report["notices"] if code is None or n["code"] == code]


def export_all(src: Path, err: io.StringIO) -> tuple[bytes, dict[str, dict], dict[str, dict]]:
    """``export`` of *src* to .bib, CSL-JSON and RIS: (the .bib bytes, CSL items by id, RIS
    records by the CSL id of the same entry)."""
    outs: dict[str, bytes] = {}
    for suffix in (".bib", ".json", ".ris"):
        target = src.with_name(f"out{suffix}")
        with redirect_stderr(err):
            assert main(["export", str(src), "--offline", "-q", "-o", str(target)]) == 0, err.getvalue()
        outs[suffix] = target.read_bytes()
    items = json.loads(outs[".json"])
    records = rispy.loads(outs[".ris"].decode("utf-8"), mapping=RIS_MAPPING, list_tags=RIS_LIST_TAGS)
    assert len(items) == len(records)
    return outs[".bib"], {i["id"]: i for i in items}, {i["id"]: r for i, r in zip(items, records)}


def _run(tmp_path: Path, data: bytes) -> Out:
    src = tmp_path / "in.bib"
    src.write_bytes(data)
    err = io.StringIO()
    bib, csl, ris = export_all(src, err)
    stdout = io.StringIO()
    with redirect_stdout(stdout), redirect_stderr(err):
        code = main(["report", str(src), "--offline", "--format", "json"])
    return Out(data, bib, csl, ris, json.loads(stdout.getvalue()), code, err.getvalue())


def _names(item: dict, role: str = "author") -> list[dict]:
    return item.get(role, [])


BOOK = "title = {T}, publisher = {P}, address = {A}, year = 2000"


def _warned(out: Out, key: str, *words: str) -> None:
    """A one-line bib-warning at the entry, naming the field's line and the words given."""
    notice = out.entry(key)["notice"] or ""
    assert "\n" not in notice and notice.startswith("line "), notice
    for word in words:
        assert word in notice, (word, notice)
    assert any(key in n for n in out.notices("bib-warning"))


# ------------------------------------------------------------------ the cases

Check = Callable[[Out], None]
CASES: list[tuple[str, str | bytes, Check]] = []


def case(name: str, text: str | bytes) -> Callable[[Check], Check]:
    def add(check: Check) -> Check:
        CASES.append((name, text, check))
        return check
    return add


# --- et al.

@case("others_author", "@article{a,\n  author = {Smith, J. and others},\n  title = {T},\n  journal = {J},\n"
      "  year = 2001, volume = 1, pages = {1--2},\n}\n")
def _(out: Out) -> None:
    assert _names(out.csl["a"]) == [{"family": "Smith", "given": "J."}, {"literal": "others"}]
    assert out.ris["a"]["authors"] == ["Smith, J."]  # RIS has no et-al mark: no fake author
    assert out.entry("a")["fields"]["author"] == ["Smith, J.", "others"]


@case("others_editor", "@incollection{c,\n  author = {Roe, A.},\n  editor = {Doe, J. and Poe, E. and others},\n"
      "  title = {C}, booktitle = {B}, publisher = {P}, address = {A}, year = 2001, pages = {3--4},\n}\n")
def _(out: Out) -> None:
    assert _names(out.csl["c"], "editor") == [{"family": "Doe", "given": "J."},
                                              {"family": "Poe", "given": "E."}, {"literal": "others"}]
    assert out.ris["c"]["editors"] == ["Doe, J.", "Poe, E."]
    assert _names(out.csl["c"]) == [{"family": "Roe", "given": "A."}]  # the author list is whole


@case("others_upper_case", "@book{b,\n  author = {Smith, J. and Others},\n  " + BOOK + ",\n}\n")
def _(out: Out) -> None:
    # BibTeX's test for "others" ignores case
    assert _names(out.csl["b"])[-1] == {"literal": "others"}
    assert out.ris["b"]["authors"] == ["Smith, J."]


# --- empty names: BibTeX reads something else than was meant, and says nothing

@case("and_and", "@book{d,\n  author = {Smith, J. and and Doe, K.},\n  " + BOOK + ",\n}\n")
def _(out: Out) -> None:
    _warned(out, "d", "line 2", "author")
    assert _names(out.csl["d"]) == [{"family": "Smith", "given": "J."}, {"family": "Doe", "given": "K."}]
    assert out.ris["d"]["authors"] == ["Smith, J.", "Doe, K."]


@case("and_AND", "@book{d,\n  title = {T}, publisher = {P}, address = {A}, year = 2000,\n"
      "  author = {Smith, J. AND and Doe, K.},\n}\n")
def _(out: Out) -> None:
    _warned(out, "d", "line 3", "author")
    assert [n.get("family") for n in _names(out.csl["d"])] == ["Smith", "Doe"]


@case("trailing_and", "@book{t,\n  author = {Roe, A. and},\n  " + BOOK + ",\n}\n")
def _(out: Out) -> None:
    _warned(out, "t", "line 2", "author")
    assert _names(out.csl["t"]) == [{"family": "Roe", "given": "A."}]


@case("leading_and", "@book{l,\n  author = {and Smith, J.},\n  " + BOOK + ",\n}\n")
def _(out: Out) -> None:
    _warned(out, "l", "line 2", "author")
    assert _names(out.csl["l"]) == [{"family": "Smith", "given": "J."}]


@case("no_family", "@book{f,\n  " + BOOK + ",\n  editor = {Doe, K. and , J.},\n}\n")
def _(out: Out) -> None:
    _warned(out, "f", "line 3", "editor")
    assert all(n.get("family") or n.get("literal") for n in _names(out.csl["f"], "editor")[:1])


@case("empty_braced_name", "@book{e,\n  author = {Smith and {} and Doe},\n  " + BOOK + ",\n}\n")
def _(out: Out) -> None:
    _warned(out, "e", "line 2", "author")
    assert _names(out.csl["e"]) == [{"literal": "Smith"}, {"literal": "Doe"}]
    assert "" not in out.entry("e")["fields"]["author"]


@case("names_fine_no_warning", "@book{g,\n  author = {Anderson, Ann and Sandberg, Sven and Andrews, A.},\n  "
      + BOOK + ",\n}\n")
def _(out: Out) -> None:
    # 'and' inside a name is no separator: nothing to warn about
    assert out.entry("g")["notice"] is None
    assert [n["family"] for n in _names(out.csl["g"])] == ["Anderson", "Sandberg", "Andrews"]


# --- name forms

@case("jr_part", "@book{j,\n  author = {Smith, Jr., John and {van der Berg}, J.},\n  " + BOOK + ",\n}\n")
def _(out: Out) -> None:
    assert _names(out.csl["j"]) == [{"family": "Smith", "suffix": "Jr.", "given": "John"},
                                    {"family": "van der Berg", "given": "J."}]
    assert out.ris["j"]["authors"] == ["Smith, John, Jr.", "van der Berg, J."]


@case("corporate_double_braces", "@report{r,\n  author = {{{World Bank}} and {{Barnes and Noble}}},\n"
      "  title = {R}, institution = {I}, year = 2001,\n}\n")
def _(out: Out) -> None:
    assert _names(out.csl["r"]) == [{"literal": "World Bank"}, {"literal": "Barnes and Noble"}]
    assert out.ris["r"]["authors"] == ["World Bank", "Barnes and Noble"]


@case("relax_and_accents", "@book{m,\n  author = {{\\relax Ch}ristopher, A. and M{\\\"u}ller, B. and "
      "M{\\\"{u}}ller, C. and M\\\"{u}ller, D. and M\\\"uller, E.},\n  " + BOOK + ",\n}\n")
def _(out: Out) -> None:
    assert [n["family"] for n in _names(out.csl["m"])] == ["Christopher"] + ["Müller"] * 4


# --- years and dates that are no plain year

@case("year_in_press", "@article{p,\n  author = {Doe, J.},\n  title = {T},\n  journal = {J},\n"
      "  year = {in press},\n}\n")
def _(out: Out) -> None:
    item = out.csl["p"]
    assert item["status"] == "in press"
    assert "date-parts" not in item.get("issued", {}) and "raw" not in item.get("issued", {})
    rec = out.ris["p"]
    assert "year" not in rec  # PY holds a year: never the words
    assert rec["date"] == "///in press"


@case("year_bracketed", "@book{y,\n  author = {Doe, J.},\n  title = {T}, publisher = {P},\n"
      "  year = {2020 [1998]},\n}\n@book{z,\n  author = {Doe, J.},\n  title = {U}, publisher = {P},\n"
      "  year = {1998?},\n}\n")
def _(out: Out) -> None:
    # PY takes the year printed first; the words stay in DA
    assert (out.ris["y"]["year"], out.ris["y"]["date"]) == ("2020", "2020///2020 [1998]")
    assert (out.ris["z"]["year"], out.ris["z"]["date"]) == ("1998", "1998///1998?")


@case("year_forthcoming", "@book{f,\n  author = {Doe, J.},\n  title = {T}, publisher = {P}, address = {A},\n"
      "  year = {Forthcoming},\n}\n")
def _(out: Out) -> None:
    assert out.csl["f"]["status"] == "Forthcoming"
    assert "year" not in out.ris["f"] and out.ris["f"]["date"] == "///Forthcoming"


@case("year_with_status", "@article{p,\n  author = {Doe, J.},\n  title = {T},\n  journal = {J},\n"
      "  year = {2023, in press},\n}\n")
def _(out: Out) -> None:
    assert out.csl["p"]["status"] == "in press"
    assert out.csl["p"]["issued"] == {"date-parts": [[2023]]}
    assert out.ris["p"]["year"] == "2023" and out.ris["p"]["date"] == "2023///in press"


@case("year_nd", "@book{n,\n  author = {Doe, J.},\n  title = {T}, publisher = {P}, address = {A},\n"
      "  year = {n.d.},\n}\n")
def _(out: Out) -> None:
    assert out.csl["n"]["issued"] == {"literal": "n.d."}
    assert "year" not in out.ris["n"] and out.ris["n"]["date"] == "///n.d."
    assert "year" not in out.entry("n")["missing"]  # the file says there is no date: not forgotten


@case("year_circa", "@book{c,\n  author = {Doe, J.},\n  title = {T}, publisher = {P}, address = {A},\n"
      "  year = {c. 1890},\n}\n")
def _(out: Out) -> None:
    assert out.csl["c"]["issued"] == {"date-parts": [[1890]], "circa": True}
    assert out.ris["c"]["year"] == "1890"


@case("year_range", "@book{r,\n  author = {Doe, J.},\n  title = {T}, publisher = {P}, address = {A},\n"
      "  year = {1990--1991},\n}\n")
def _(out: Out) -> None:
    assert out.csl["r"]["issued"] == {"date-parts": [[1990], [1991]]}
    assert out.ris["r"]["year"] == "1990"


@case("pubstate", "@article{s,\n  author = {Doe, J.},\n  title = {T},\n  journaltitle = {J},\n"
      "  pubstate = {inpress},\n}\n")
def _(out: Out) -> None:
    # biblatex's way to say it: the key 'inpress' is printed "in press"
    assert out.csl["s"]["status"] == "in press"
    assert "year" not in out.entry("s")["missing"]
    assert out.ris["s"]["date"] == "///in press"


@case("date_timestamp", "@online{o,\n  author = {Doe, J.},\n  title = {T},\n  url = {http://example.org/o},\n"
      "  date = {2019-04-03T14:22:01Z},\n  urldate = {2020-01-02T10:00:00},\n}\n")
def _(out: Out) -> None:
    assert out.csl["o"]["issued"] == {"date-parts": [[2019, 4, 3]]}
    assert out.csl["o"]["accessed"] == {"date-parts": [[2020, 1, 2]]}
    assert out.ris["o"]["access_date"] == "2020/01/02/"  # Y2: RIS's date form, no clock time


@case("date_season", "@article{s,\n  author = {Doe, J.},\n  title = {T},\n  journaltitle = {J},\n"
      "  date = {2001-22},\n}\n")
def _(out: Out) -> None:
    # biblatex (EDTF): 21-24 are spring, summer, autumn, winter; CSL's season 2 is summer
    assert out.csl["s"]["issued"] == {"date-parts": [[2001]], "season": 2}
    assert out.ris["s"]["year"] == "2001" and out.ris["s"]["date"] == "2001///Summer"


@case("date_approximate", "@book{a,\n  author = {Doe, J.},\n  title = {T}, publisher = {P}, address = {A},\n"
      "  date = {1850~},\n}\n")
def _(out: Out) -> None:
    assert out.csl["a"]["issued"] == {"date-parts": [[1850]], "circa": True}


@case("date_unspecified_digits", "@book{u,\n  author = {Doe, J.},\n  title = {T}, publisher = {P}, address = {A},\n"
      "  date = {199X},\n}\n")
def _(out: Out) -> None:
    # EDTF 'some year of the 1990s': not a year CSL can hold as numbers, and not missing
    assert out.csl["u"]["issued"] == {"literal": "199X"}
    assert "year" not in out.entry("u")["missing"]


@case("date_range_month", "@online{d,\n  author = {Doe, J.},\n  title = {T},\n  url = {http://example.org/d},\n"
      "  date = {2001-03/2001-05},\n}\n")
def _(out: Out) -> None:
    assert out.csl["d"]["issued"] == {"date-parts": [[2001, 3], [2001, 5]]}
    assert out.ris["d"]["year"] == "2001"


@case("year_open_range_unskip", "@periodical{s,\n  title = {A Serial},\n  year = \"1987\" # \"\\unskip--\",\n}\n")
def _(out: Out) -> None:
    # texbook1.bib's habit for a serial still running: \unskip prints nothing
    assert out.csl["s"]["issued"] == {"literal": "1987–"}
    assert out.entry("s")["fields"]["year"] == "1987–"


# --- pages

@case("pages_open_end", "@article{p,\n  author = {Doe, J.},\n  title = {T},\n  journal = {J},\n  year = 2001,\n"
      "  volume = 3,\n  pages = {123--},\n}\n")
def _(out: Out) -> None:
    assert out.csl["p"]["page"] == "123"
    assert out.ris["p"]["start_page"] == "123" and "end_page" not in out.ris["p"]


@case("pages_several_ranges", "@article{p,\n  author = {Doe, J.},\n  title = {T},\n  journal = {J},\n"
      "  year = 2001,\n  volume = 3,\n  pages = {12, 15--17},\n}\n")
def _(out: Out) -> None:
    # RIS has one start and one end page: a list of ranges is not cut into a false range 12–17
    rec = out.ris["p"]
    assert "end_page" not in rec and rec["start_page"].startswith("12, 15") and rec["start_page"].endswith("17")


@case("pages_article_number", "@article{p,\n  author = {Doe, J.},\n  title = {T},\n  journal = {J},\n"
      "  year = 2001,\n  volume = 3,\n  pages = {e12345},\n}\n")
def _(out: Out) -> None:
    assert out.csl["p"]["page"] == "e12345" and out.ris["p"]["start_page"] == "e12345"


# --- identifiers and links

@case("doi_as_link", "@article{d,\n  author = {Doe, J.},\n  title = {T},\n  journal = {J},\n  year = 2001,\n"
      "  doi = {https://doi.org/10.1000/ABC.1},\n}\n")
def _(out: Out) -> None:
    assert out.csl["d"]["DOI"] == "10.1000/ABC.1" and out.ris["d"]["doi"] == "10.1000/ABC.1"


@case("doi_escaped_underscore", "@article{d,\n  author = {Doe, J.},\n  title = {T},\n  journal = {J},\n"
      "  year = 2001,\n  doi = {10.1000/abc\\_def},\n}\n")
def _(out: Out) -> None:
    # '\_' is written for LaTeX; no DOI holds a backslash
    assert out.csl["d"]["DOI"] == "10.1000/abc_def" and out.ris["d"]["doi"] == "10.1000/abc_def"
    assert out.entry("d")["fields"]["doi"] == "10.1000/abc_def"


@case("url_wrapped_in_url_command", "@misc{u,\n  author = {Doe, J.},\n  title = {T},\n  year = 2001,\n"
      "  url = {\\url{http://example.org/x%20y}},\n}\n")
def _(out: Out) -> None:
    assert out.csl["u"]["URL"] == "http://example.org/x%20y"
    assert out.ris["u"]["urls"] == ["http://example.org/x%20y"]
    assert [link["url"] for link in out.report["links"]] == ["http://example.org/x%20y"]


@case("url_escaped_for_latex", "@misc{u,\n  author = {Doe, J.},\n  title = {T},\n  year = 2001,\n"
      "  url = {http://example.org/a\\_b\\%7E},\n}\n")
def _(out: Out) -> None:
    assert out.csl["u"]["URL"] == "http://example.org/a_b%7E"
    assert [link["url"] for link in out.report["links"]] == ["http://example.org/a_b%7E"]


@case("url_kept_verbatim", "@misc{u,\n  author = {Doe, J.},\n  title = {T},\n  year = 2001,\n"
      "  url = {http://example.org/~u/a%20b?x=1&y=2#f},\n}\n")
def _(out: Out) -> None:
    assert out.csl["u"]["URL"] == "http://example.org/~u/a%20b?x=1&y=2#f"


@case("howpublished_url", "@misc{h,\n  author = {Doe, J.},\n  title = {T},\n  year = 2001,\n"
      "  howpublished = {\\url{https://example.org/a_b}},\n}\n")
def _(out: Out) -> None:
    assert out.csl["h"]["URL"] == "https://example.org/a_b" and "publisher" not in out.csl["h"]


@case("old_arxiv_id", "@misc{e,\n  author = {Doe, J.},\n  title = {T},\n  year = 1999,\n"
      "  eprint = {hep-th/9901001},\n  archivePrefix = {arXiv},\n  primaryClass = {hep-th},\n}\n")
def _(out: Out) -> None:
    assert out.csl["e"]["number"] == "arXiv:hep-th/9901001"


@case("thesis_type_key", "@thesis{t,\n  author = {Doe, J.},\n  title = {T},\n  type = {phdthesis},\n"
      "  institution = {MIT},\n  year = 2000,\n}\n")
def _(out: Out) -> None:
    # biblatex's type is a key it prints in words ('phdthesis' -> "PhD thesis")
    assert out.csl["t"]["genre"] == "PhD thesis" and out.ris["t"]["type_of_work"] == "PhD thesis"


# --- file structure

@case("set_and_related", "@set{s,\n  entryset = {a,b},\n}\n@article{a,\n  author = {Doe, J.},\n  title = {A},\n"
      "  journal = {J},\n  year = 2001,\n}\n@article{b,\n  author = {Roe, A.},\n  title = {B},\n  journal = {J},\n"
      "  year = 2001,\n  related = {a},\n  relatedtype = {reprintof},\n}\n")
def _(out: Out) -> None:
    assert list(out.csl) == ["a", "b"]  # a @set is no work of its own
    assert [e["key"] for e in out.report["entries"]] == ["a", "b"]


@case("xdata_and_ids", "@xdata{pub,\n  publisher = {Springer},\n  location = {Berlin},\n}\n"
      "@book{x,\n  author = {Doe, J.},\n  title = {T},\n  year = 2000,\n  xdata = {pub},\n  ids = {oldkey},\n}\n")
def _(out: Out) -> None:
    assert (out.csl["x"]["publisher"], out.csl["x"]["publisher-place"]) == ("Springer", "Berlin")
    assert out.entry("x")["missing"] == []


@case("comment_with_unbalanced_brace", "@comment{ keep { this note\n@book{after,\n  author = {Poe, E.},\n"
      "  " + BOOK + ",\n}\n")
def _(out: Out) -> None:
    assert list(out.csl) == ["after"] and out.report_code == 0


@case("preamble_newcommand", "@preamble{ \"\\newcommand{\\SortNoop}[1]{}\" }\n@book{p,\n  author = {Doe, J.},\n"
      "  title = {{\\SortNoop{b}}The Title},\n  publisher = {P}, address = {A}, year = 2000,\n}\n")
def _(out: Out) -> None:
    assert out.csl["p"]["title"] == "The Title"


@case("string_concatenation", "@string{jgr = \"J. Geophys. Res.\"}\n@STRING{ed = {2nd}}\n@article{s,\n"
      "  author = {Doe, J.},\n  title = \"A \" # {B},\n  journal = jgr # \" (Atmospheres)\",\n  year = 2010,\n"
      "  note = ed # { printing},\n  month = jan # \"~15\",\n}\n")
def _(out: Out) -> None:
    item = out.csl["s"]
    assert (item["title"], item["container-title"], item["note"]) == (
        "A B", "J. Geophys. Res. (Atmospheres)", "2nd printing")
    assert item["issued"] == {"date-parts": [[2010, 1, 15]]}


@case("upper_case_everything", "@ARTICLE{Up,\n  AUTHOR = {Doe, J.},\n  TITLE = {T},\n  JOURNAL = {J},\n"
      "  YEAR = {2001},\n  MONTH = MAR,\n  VOLUME = {3},\n  PAGES = {1--9},\n}\n")
def _(out: Out) -> None:
    assert out.csl["Up"]["issued"] == {"date-parts": [[2001, 3]]}
    assert out.ris["Up"]["start_page"] == "1" and out.ris["Up"]["end_page"] == "9"


@case("crlf_bom_tabs", b"\xef\xbb\xbf@book{k,\r\n\tauthor\t=\t{M\xc3\xbcller, J.},\r\n\ttitle\t=\t{T},\r\n"
      b"\tpublisher = {P},\r\n\taddress = {A},\r\n\tyear\t=\t2000,\r\n}\r\n")
def _(out: Out) -> None:
    assert _names(out.csl["k"]) == [{"family": "Müller", "given": "J."}]
    assert out.entry("k")["line"] == 1 and out.entry("k")["line_end"] == 7


@case("non_ascii_and_duplicate_keys", "@book{Gödel1931,\n  author = {Gödel, K.},\n  " + BOOK + ",\n}\n"
      "@book{gödel1931,\n  author = {Gödel, K.},\n  title = {U}, publisher = {P}, address = {A}, year = 2001,\n}\n")
def _(out: Out) -> None:
    assert len(out.csl) == 2  # CSL ids stay unique
    assert out.notices("bib-duplicate-key")


@case("duplicate_field", "@book{d,\n  author = {Doe, J.},\n  title = {First},\n  title = {Second},\n"
      "  publisher = {P}, address = {A}, year = 2000,\n}\n")
def _(out: Out) -> None:
    assert out.csl["d"]["title"] == "First"  # as BibTeX: the first value
    assert any("lines 3 and 4" in n for n in out.notices("bib-warning"))


@case("percent_line_in_entry", "@book{c,\n  author = {Doe, J.},\n  % title = {Old},\n  title = {New},\n"
      "  publisher = {P}, address = {A}, year = 2000,\n}\n")
def _(out: Out) -> None:
    # an error for BibTeX, said at its line; the rest is read as biber reads it
    assert "(line 3)" in (out.entry("c")["error"] or "")
    assert out.csl["c"]["title"] == "New"


@case("math_and_logos", "@book{m,\n  author = {Doe, J.},\n  title = {On $\\alpha$-decay with \\LaTeX{} and \\emph{Drosophila}},\n"
      "  publisher = {P}, address = {A}, year = 2000,\n}\n")
def _(out: Out) -> None:
    assert out.csl["m"]["title"] == "On α-decay with LaTeX and <i>Drosophila</i>"
    assert out.ris["m"]["title"] == "On α-decay with LaTeX and Drosophila"


# ------------------------------------------------------------------ the run

# cases that fail before the fixes of this branch are listed in its commit message; none is
# left expected to fail
KNOWN_FAILURES: dict[str, str] = {}


@pytest.mark.parametrize(("name", "text", "check"), [
    pytest.param(*c, id=c[0], marks=[pytest.mark.xfail(reason=KNOWN_FAILURES[c[0]], strict=True)]
                 if c[0] in KNOWN_FAILURES else []) for c in CASES])
def test_case(tmp_path: Path, name: str, text: str | bytes, check: Check) -> None:
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    out = _run(tmp_path, data)
    assert out.bib == out.source  # (a) nothing asked to change: the file itself
    assert out.report_code in (0, 1) and "Traceback" not in out.stderr  # (c) no crash
    for item in out.csl.values():  # (b) no empty person in any export
        for role in ("author", "editor", "translator"):
            assert all(any(v for v in n.values()) for n in item.get(role, [])), item
    for rec in out.ris.values():
        for role in ("authors", "editors"):
            assert all(n.strip(" ,") and n.lower() != "others" for n in rec.get(role, [])), rec
    check(out)


def test_there_are_forty_cases() -> None:
    assert len(CASES) >= 40 and len({c[0] for c in CASES}) == len(CASES)
