"""CSL-JSON and RIS from a .bib say names and text as BibTeX means them (branch ``bibexport``).

Every .bib text here is hand-written for this file and describes no real
work; the macros are the ones the five real files of tests/fixtures/bib-corpus
leave in exports (bench/bib_export_latex.py counts them) plus the biblatex
and LaTeX commands users write in titles and notes. Each case runs as a user
runs citecheck, offline, through the command line:

(a) ``citecheck export x.bib -o y.bib`` gives the file back byte for byte;
(b) ``-o y.json`` / ``-o y.ris`` hold no LaTeX: no backslash in any value, and
    the text, quotes, dashes and markup the commands stand for.

Names follow BibTeX's rules (btxdoc; pybtex reads them so): in ``von Last,
First`` the von part is the lower-case words before the last name, so
``van der Berg, J.`` is the particle "van der" and the family "Berg", while
``{van der Berg}, J.`` is one family name. CSL-JSON writes a von part as its
``non-dropping-particle`` (as pandoc's BibTeX reader does) and a Jr part as
``suffix``; RIS, which has no particle tag, writes ``van der Berg, J.`` and
a suffix last (``Smith, John, Jr.``).
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from contextlib import redirect_stderr
from dataclasses import dataclass
from pathlib import Path

import pytest

from citecheck.cli import main
from test_bib_trial3 import export_all


@dataclass
class Out:
    source: bytes
    bib: bytes
    csl: dict[str, dict]
    ris: dict[str, dict]  # by the CSL id of the same entry


def _run(tmp_path: Path, text: str) -> Out:
    src = tmp_path / "in.bib"
    src.write_bytes(text.encode("utf-8"))
    return Out(text.encode("utf-8"), *export_all(src, io.StringIO()))


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    return []


Check = Callable[[Out], None]
CASES: list[tuple[str, str, Check]] = []


def case(name: str, text: str) -> Callable[[Check], Check]:
    def add(check: Check) -> Check:
        CASES.append((name, text, check))
        return check
    return add


def _book(key: str, people: str = "author = {Doe, Jane}", title: str = "T", extra: str = "") -> str:
    return (f"@book{{{key},\n  {people},\n  title = {{{title}}},\n  publisher = {{P}},\n"
            f"  address = {{A}},\n  year = 2000,{extra}\n}}\n")


# ------------------------------------------------------------------ names


@case("von_last_first", _book("v", "author = {van der Berg, J.}"))
def _(out: Out) -> None:
    assert out.csl["v"]["author"] == [{"non-dropping-particle": "van der", "family": "Berg",
                                       "given": "J."}]
    assert out.ris["v"]["authors"] == ["van der Berg, J."]


@case("braced_family_is_one_name", _book("b", "author = {{van der Berg}, J.}"))
def _(out: Out) -> None:
    assert out.csl["b"]["author"] == [{"family": "van der Berg", "given": "J."}]
    assert out.ris["b"]["authors"] == ["van der Berg, J."]


@case("von_neumann", _book("n", "author = {von Neumann, John}"))
def _(out: Out) -> None:
    assert out.csl["n"]["author"] == [{"non-dropping-particle": "von", "family": "Neumann",
                                       "given": "John"}]


@case("two_word_particle", _book("f", "author = {de la Fontaine, Jean}"))
def _(out: Out) -> None:
    assert out.csl["f"]["author"] == [{"non-dropping-particle": "de la", "family": "Fontaine",
                                       "given": "Jean"}]
    assert out.ris["f"]["authors"] == ["de la Fontaine, Jean"]


@case("first_von_last", _book("g", "author = {Jean de La Fontaine and Ludwig van Beethoven}"))
def _(out: Out) -> None:
    assert out.csl["g"]["author"] == [
        {"non-dropping-particle": "de", "family": "La Fontaine", "given": "Jean"},
        {"non-dropping-particle": "van", "family": "Beethoven", "given": "Ludwig"}]
    assert out.ris["g"]["authors"] == ["de La Fontaine, Jean", "van Beethoven, Ludwig"]


@case("jr_part", _book("j", "author = {Smith, Jr., John and King, Jr., Martin Luther}"))
def _(out: Out) -> None:
    assert out.csl["j"]["author"] == [{"family": "Smith", "suffix": "Jr.", "given": "John"},
                                      {"family": "King", "suffix": "Jr.", "given": "Martin Luther"}]
    assert out.ris["j"]["authors"] == ["Smith, John, Jr.", "King, Martin Luther, Jr."]


@case("particle_and_jr_editor", _book("e", "editor = {van Dyke, III, Henry and {de Gruyter}, Walter}"))
def _(out: Out) -> None:
    assert out.csl["e"]["editor"] == [
        {"non-dropping-particle": "van", "family": "Dyke", "suffix": "III", "given": "Henry"},
        {"family": "de Gruyter", "given": "Walter"}]


@case("capitalised_words_are_family", _book("c", "author = {Della Porta, Giambattista}"))
def _(out: Out) -> None:
    assert out.csl["c"]["author"] == [{"family": "Della Porta", "given": "Giambattista"}]


# ------------------------------------------------------------------ text macros


def _title(out: Out, key: str) -> tuple[str, str]:
    return out.csl[key]["title"], out.ris[key]["title"]


@case("dashes", _book("d", title="Colophon\\emdash{}Adobe\\endash Systems -- 1990---91"))
def _(out: Out) -> None:
    assert _title(out, "d") == ("Colophon—Adobe–Systems – 1990—91",) * 2


@case("quotes", _book("q", title="\\enquote{Um keinen Kranz} und \\mkbibquote{Intention}"))
def _(out: Out) -> None:
    assert _title(out, "q") == ("“Um keinen Kranz” und “Intention”",) * 2


@case("emphasis", _book("m", title="\\mkbibemph{Homo} \\textit{sapiens} \\emph{x} \\textbf{B} "
                                   "\\textsc{Sc}"))
def _(out: Out) -> None:
    csl, ris = _title(out, "m")
    assert csl == ('<i>Homo</i> <i>sapiens</i> <i>x</i> <b>B</b> '
                   '<span style="font-variant:small-caps;">Sc</span>')
    assert ris == "Homo sapiens x B Sc"


@case("biblatex_punctuation", _book("p", title="Rahden/Westf\\adddot{} Heft 98\\psq{} und 12\\psqq",
                                    extra="\n  note = {Vol\\adddot\\addspace 2\\addcomma\\addspace rev}"))
def _(out: Out) -> None:
    assert _title(out, "p") == ("Rahden/Westf. Heft 98 f. und 12 ff.",) * 2
    assert out.csl["p"]["note"] == "Vol. 2, rev"
    assert out.ris["p"]["notes"] == ["Vol. 2, rev"]


@case("ellipsis_and_escapes", _book("l", title="Wait\\ldots{} and\\dots{} 50\\% \\& more~here"))
def _(out: Out) -> None:
    csl, ris = _title(out, "l")
    assert csl.replace("\u00a0", " ") == "Wait… and… 50% & more here"
    assert ris.replace("\u00a0", " ") == "Wait… and… 50% & more here"


@case("links_in_a_note", _book("u", extra="\n  note = {See \\url{http://example.org/a_b} and "
                                          "\\href{http://example.org/x}{the site}}"))
def _(out: Out) -> None:
    for note in (out.csl["u"]["note"], out.ris["u"]["notes"][0]):
        assert "http://example.org/a_b" in note and "the site" in note and "\\" not in note
        assert "{" not in note


@case("math", _book("a", title="$\\alpha$-decay and $\\beta$ rays"))
def _(out: Out) -> None:
    assert _title(out, "a") == ("α-decay and β rays",) * 2


@case("unknown_macros_keep_their_text", _book("k", title="Teaching {\\METAFONT} with "
                                                         "\\foocmd{Kept Words} today"))
def _(out: Out) -> None:
    for title in _title(out, "k"):
        assert "METAFONT" in title and "Kept Words" in title and "today" in title
        assert "\\" not in title and "{" not in title


@case("plain_text_is_left_alone", _book("z", title="Rose 50\\% in 2000: A & B, \\$5 each"))
def _(out: Out) -> None:
    assert _title(out, "z") == ("Rose 50% in 2000: A & B, $5 each",) * 2


@pytest.mark.parametrize(("name", "text", "check"), [pytest.param(*c, id=c[0]) for c in CASES])
def test_case(tmp_path: Path, name: str, text: str, check: Check) -> None:
    out = _run(tmp_path, text)
    assert out.bib == out.source  # (a) nothing asked to change: the file itself
    for item in out.csl.values():  # (b) no LaTeX left in any value
        assert not [s for s in _strings(item) if "\\" in s], item
    for rec in out.ris.values():
        assert not [s for s in _strings(rec) if "\\" in s], rec
    check(out)


def test_the_corpus_exports_carry_no_latex(tmp_path: Path) -> None:
    """The real files of tests/fixtures/bib-corpus: no backslash left in CSL-JSON or RIS but the
    few commands that name no text (counted by bench/bib_export_latex.py)."""
    corpus = Path(__file__).resolve().parent / "fixtures" / "bib-corpus"
    left = 0
    for path in sorted(corpus.glob("*.bib")):
        for suffix in (".json", ".ris"):
            target = tmp_path / f"{path.stem}{suffix}"
            with redirect_stderr(io.StringIO()):
                assert main(["export", str(path), "--offline", "-q", "-o", str(target)]) == 0
            text = target.read_text(encoding="utf-8")
            values = _strings(json.loads(text)) if suffix == ".json" else [text]
            left += sum(v.count("\\") for v in values)
    assert left <= 20, left


@pytest.mark.parametrize("name", [
    dict(family="Berg", prefix="van der", given="J."), dict(family="van der Berg", given="J."),
    dict(family="Neumann", prefix="von", given="John"), dict(family="La Fontaine", prefix="de", given="Jean"),
    dict(family="Smith", suffix="Jr.", given="John"), dict(family="Dyke", prefix="van", suffix="III", given="H."),
    dict(family="la Cruz", prefix="de", given="Ana"), dict(family="Della Porta", given="G."),
])
def test_a_names_text_form_reads_back_as_the_same_parts(name: dict[str, str]) -> None:
    """str(Name) is what BibFields, the report and the exporters carry: BibTeX's rules (pybtex)
    read the same parts back from it, and the .bib writer keeps its braces as BibTeX groups."""
    from pybtex.database import Person

    from citecheck.bibtex import encode_field
    from citecheck.formats import parse_name
    from citecheck.models import Name

    n = Name(**name)
    assert parse_name(str(n)) == n
    written = encode_field("author", [str(n)])[1:-1]  # as a rewritten author field holds it
    person = Person(written)
    assert " ".join(person.last_names).replace("{", "").replace("}", "") == n.family
    assert " ".join(person.prelast_names) == n.prefix


@pytest.mark.parametrize(("latex", "text"), [
    ("{V\\TeX} Typesetting", "VTeX Typesetting"),  # the group's brace ends the command word
    ("Skalsk{\\'y} Dv{\\accent'27u}r", "Skalský Dvůr"),  # TeX's \accent with an OT1 slot
    ("From {\\em Computing Reviews\\/}: x", "From Computing Reviews: x"),
    ("Intro \\\\ \\hphantom{Chapter }2 - More", "Intro 2 - More"),
])
def test_corpus_forms_read_as_text(latex: str, text: str) -> None:
    """Forms bench/bib_export_latex.py found in tests/fixtures/bib-corpus/texbook1.bib."""
    from citecheck.bibtex import _latex_to_text
    from citecheck.formats import plain_text

    assert plain_text(_latex_to_text(latex)) == text
