"""BibTeX export through pybtex: keys, LaTeX escaping, and a lossless round trip."""

from __future__ import annotations

import pytest

from citecheck.bibtex import read_bib, references_to_bib, write_bib
from citecheck.completeness import missing_fields
from citecheck.keys import assign_keys, base_key
from citecheck.models import DuplicateKey, Fields, Name, Reference


def ref(**fields: object) -> Reference:
    return Reference(raw="", type="book", fields=Fields(**fields))


@pytest.mark.parametrize(
    "fields, key",
    [
        (dict(author=[Name(family="Avrich", given="Paul")], year="1967",
              title="The Anarchists in the Russian Revolution"), "avrich1967anarchists"),
        (dict(editor=[Name(family="Breitman", given="George")], year="1978",
              title="Writings of Leon Trotsky: 1936-37"), "breitman1978writings"),
        (dict(author=[Name(family="Dunayevskaya", given="Raya")], title="Marxism and Freedom"),
         "dunayevskayandmarxism"),
        (dict(author=[Name(family="Šmíd", given="Łukasz")], year="2001", title="Über alles"),
         "smid2001uber"),
        (dict(title="The Bolshevik Myth", year="1925"), "bolshevik1925myth"),
    ],
)
def test_base_key_is_author_year_word(fields: dict, key: str) -> None:
    assert base_key(Fields(**fields)) == key


def test_keys_are_unique_and_stable() -> None:
    a = ref(author=[Name(family="Brovkin", given="V.")], year="1985", title="Politics")
    b = ref(author=[Name(family="Brovkin", given="V.")], year="1990", title="Workers")
    refs = [a, a, b, a]
    keys = assign_keys(refs)
    assert keys == ["brovkin1985politicsa", "brovkin1985politicsb", "brovkin1990workers",
                    "brovkin1985politicsc"]
    assert assign_keys(refs) == keys


def test_latex_escaping_and_verbatim_urls() -> None:
    fields = {
        "author": ["Courtois, Stéphane", "others"],
        "title": "Crimes, “Terror” & Repression: 100% of $5 #1",
        "publisher": "Black & Red",
        "url": "http://www.example.org/a_b%20c?x=1&y=2",
    }
    text = write_bib([("k", "book", fields)], ascii=True)
    assert r"St{\'e}phane and others" in text
    assert r"``Terror'' \& Repression: 100\% of \$5 \#1" in text
    assert r"Black \& Red" in text
    assert "http://www.example.org/a_b%20c?x=1&y=2" in text  # URLs stay byte for byte
    assert text.isascii()
    utf8 = write_bib([("k", "book", fields)])  # the default: UTF-8, only BibTeX's specials escaped
    assert "Courtois, Stéphane and others" in utf8
    assert r"“Terror” \& Repression: 100\% of \$5 \#1" in utf8


def test_ascii_escapes_symbols_greek_and_the_no_break_space_and_reads_them_back() -> None:
    from citecheck.bibtex import _latex_to_text, encode_value

    text = "On\u00a0α-helices: 5\u00a0€ × ½ of Ω, µ and μ"
    unescaped: set[str] = set()
    value = encode_value(text, ascii=True, unescaped=unescaped)
    assert value.isascii() and not unescaped
    assert "On~{$\\alpha$}-helices" in value  # the tie is TeX's no-break space
    assert "{\\texteuro}" in value and "{$\\times$}" in value and "{\\textonehalf}" in value
    assert "{$\\Omega$}" in value  # braced: a style's lower-casing leaves it alone
    # read back, every character is what it was (Greek mu reads as the micro sign: $\\mu$)
    assert _latex_to_text(value) == "On α-helices: 5 € × ½ of Ω, µ and µ"
    # textcomp commands written by others read as their characters too
    assert _latex_to_text("10 {\\texteuro} and 3\\texttimes 4, \\euro{}5") == "10 € and 3×4, €5"
    # a character with no LaTeX form stays itself and is reported; so do the letters of
    # a Greek word, which are text, not formulas
    encode_value("中文 Ζορμπά", ascii=True, unescaped=unescaped)
    assert unescaped == {"中", "文", "Ζ", "ο", "ρ", "μ", "π", "ά"}


def test_round_trip_reads_back_the_same_records() -> None:
    originals = [
        Reference(raw="", key="courtois1999black", type="book", fields=Fields(
            author=[Name(family="Courtois", given="Stéphane")], others=True,
            title="The Black Book of Communism: Crimes, Terror, Repression",
            publisher="Harvard University Press", address="Cambridge", year="1999")),
        Reference(raw="", key="avrich1967anarchists", type="article", fields=Fields(
            author=[Name(family="Avrich", given="Paul")],
            title="The Anarchists in the “Russian” Revolution", journal="Russian Review",
            volume="26", number="4", month="oct", pages="341–350", year="1967")),
        Reference(raw="", key="lodz2000naive", type="online", fields=Fields(
            author=[Name(family="Łódź", given="Ana-María"), Name(family="Beethoven", prefix="van",
                                                              given="Ludwig")],
            title="Naïve {braces} & 50% off", url="http://x.org/a_b%7E", year="2000")),
    ]
    text = references_to_bib(originals)
    back, errors = read_bib(text)
    assert errors == []
    assert [r.key for r in back] == [r.key for r in originals]
    for before, after in zip(originals, back):
        assert after.type == before.type
        expected = before.fields.model_copy(update={"years": [before.fields.year]})
        assert after.fields.model_dump() == expected.model_dump()


@pytest.mark.parametrize(
    "entry_type, fields, missing",
    [
        ("article", dict(author=[Name(family="A")], title="T", journal="J", year="1990"),
         ["volume", "pages"]),
        ("book", dict(editor=[Name(family="E")], title="T", publisher="P", year="1990"), ["address"]),
        ("online", dict(title="T", url="http://x"), ["author|editor", "year|urldate"]),
        ("phdthesis", dict(author=[Name(family="A")], title="T", year="2000"), ["school"]),
    ],
)
def test_missing_fields_by_type(entry_type: str, fields: dict, missing: list[str]) -> None:
    assert missing_fields(entry_type, Fields(**fields)) == missing  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "name,written",
    [
        (Name(family="Sydney Harbour Trust"), "{Sydney Harbour Trust}"),
        (Name(family="Bank of England"), "{Bank of England}"),
        (Name(family="Avrich", given="Paul"), "Avrich, Paul"),
        (Name(family="UNESCO"), "UNESCO"),
        (Name(family="Dijk", prefix="van"), "van Dijk"),
    ],
)
def test_corporate_author_is_braced_and_round_trips(name: Name, written: str) -> None:
    original = Reference(raw="", key="k", type="techreport", fields=Fields(
        author=[name, Name(family="Ortiz", given="L.")], title="Annual report", year="2016"))
    text = references_to_bib([original])
    assert f"author = {{{written} and Ortiz, L.}}" in text
    back, errors = read_bib(text)
    assert errors == []
    assert back[0].fields.author == original.fields.author


def test_repeated_keys_in_a_bib_get_keys_of_their_own() -> None:
    text = (
        "@book{a, title={One}, author={Smith, John}, year=1990, publisher={P}}\n"
        "@book{A, title={Two}, author={Doe, Jane}, year=1991, publisher={Q}}\n"
        "@book{a, title={Three}, author={Roe, Rick}, year=1992, publisher={R}}\n"
    )
    refs, errors = read_bib(text)
    assert [(r.key, r.fields.title) for r in refs] == [("a", "One"), ("A-2", "Two"), ("a-3", "Three")]
    assert errors == []  # a repeated key is not a read error: it is carried as data
    assert [r.duplicate for r in refs] == [
        None, DuplicateKey(key="A", first_line=1, renamed="A-2"),
        DuplicateKey(key="a", first_line=1, renamed="a-3")]
    # and the whole set can be written and read back (pybtex refuses a repeated key)
    back, errors = read_bib(references_to_bib(refs))
    assert errors == [] and [r.key for r in back] == ["a", "A-2", "a-3"]


def test_keys_spell_letters_nfkd_leaves_alone_in_ascii() -> None:
    from citecheck.keys import base_key

    def key(family: str) -> str:
        return base_key(Fields(author=[Name(family=family, given="A.")], year="2020",
                               title="The Title"))

    assert [key(f) for f in ("Yılmaz", "Øster", "Łódź", "Straße", "Æsop", "Müller")] == [
        "yilmaz2020title", "oster2020title", "lodz2020title", "strasse2020title",
        "aesop2020title", "muller2020title"]
