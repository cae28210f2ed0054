"""The quick pre-checks in front of slow regex searches never change an answer.

Each hint (a cheap search run first) must be found in every string its slow
pattern matches; otherwise the pre-check would hide a match. Checked on the
sample document, hand-picked strings (including the characters that
IGNORECASE folds to ASCII letters: dotless i, long s, the Kelvin sign) and
seeded random strings built from the pieces the patterns look for.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from importlib import import_module
from pathlib import Path

import pytest

# the modules themselves (``citecheck.repair`` is also the name of the repair function)
footnotes = import_module("citecheck.footnotes")
locate = import_module("citecheck.locate")
repair_urls = import_module("citecheck.repair.urls")
hyphenation = import_module("citecheck.repair.hyphenation")

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "refs" / "russia-revolution-counter-revolution.txt"

PIECES = [
    "http://", "HTTPS://", "ftp://", "www.", "WWW.", "wWw.", "@", "10.", "10.1234/", "10.12345/x",
    "doi:", "DOI :", "urn:", "isbn", "ISBN", "ıSBN", "ſ", "K", "İ", "ı", ".com", ".ınfo", ".io",
    ".uK", ".ws", ".wſ", "example", "a-b", "-", "\u2010", "\u00ad", "(eds.)", "(ed)", "(trans.)",
    "(hg.)", "(Hrsg.)", "et al.", "In: ", "in:\t", "edited by", "ed by ", "Hrsg.", "vol. 3",
    "pp.12", "12(3)", "12–14", "12 - 14", "no 4", "t.2", "1917", "2nd", "³", "¹²", "[4]", "[^5]",
    "”3 ", "’ 7", ".5", ", 9", "٣", "a", "Z", " ", "  ", ".", ",", ":", "/", "(", ")", "x\n",
    "Notes", "NOTE", "end nOtes", "Anmerkungen", "notas", "nota", "Chapter 4 ",
]


def _strings() -> list[str]:
    rng = random.Random(20261126)
    out = SAMPLE.read_text(encoding="utf-8").splitlines()
    out += ["".join(rng.choice(PIECES) for _ in range(rng.randint(1, 12))) for _ in range(20_000)]
    return out


STRINGS = _strings()

def _holds(hints: tuple[str, ...]) -> Callable[[str], bool]:
    return lambda s: locate._may_hold(s, hints)


PAIRS: list[tuple[str, re.Pattern[str], Callable[[str], object]]] = [
    ("repair URL", repair_urls.URL, repair_urls._URL_HINT.search),
    ("locate URL", locate._URL_RE, _holds(locate._URL_HINTS)),
    ("locate link", locate._LINKISH_RE, _holds(locate._LINKISH_HINTS)),
    ("locate notes heading", locate._NOTES_HEADING_RE, _holds(locate._NOTES_HINTS)),
    ("locate volume", locate._VOLUME_RE, locate._VOLUME_HINT_RE.search),
    ("locate editor", locate._EDITOR_RE, locate._EDITOR_HINT_RE.search),
    *[
        (f"footnote marker {k}", p, footnotes._ANY_DIGIT_RE.search)
        for k, (p, _) in enumerate(footnotes._PATTERNS)
    ],
    ("footnote line start", footnotes._LINE_START_RE, footnotes._ANY_DIGIT_RE.search),
]


@pytest.mark.parametrize(("name", "pattern", "hint"), PAIRS, ids=[p[0] for p in PAIRS])
def test_hint_found_wherever_pattern_matches(
    name: str, pattern: re.Pattern[str], hint: Callable[[str], object]
) -> None:
    missed = [s for s in STRINGS if pattern.search(s) and not hint(s)]
    assert missed == [], f"{name}: hint misses {missed[:5]}"
    assert any(pattern.search(s) for s in STRINGS), f"{name}: no string exercises the pattern"


def test_only_the_wider_folds_match_ascii_letters_beyond_lower() -> None:
    """The premise of ``_may_hold``: besides the Kelvin sign (lowercased to "k"), the only
    characters an IGNORECASE search matches to an ASCII letter are ASCII letters and the
    three it names."""
    every = "".join(chr(c) for c in range(0x80, 0x110000) if not 0xD800 <= c < 0xE000)
    folded = set(re.findall("(?i)[a-z]", every))
    assert folded == {*locate._WIDER_FOLDS, "\u212a"}
    assert "\u212a".lower() == "k"


@pytest.mark.parametrize("hints", [locate._URL_HINTS, locate._LINKISH_HINTS])
def test_may_hold_finds_what_an_ignorecase_search_finds(hints: tuple[str, ...]) -> None:
    search = re.compile("|".join(map(re.escape, hints)), re.IGNORECASE).search
    for s in STRINGS + ["İSBN", "doı", "arxıv", "DOİ:", "ISBN:", "\u212a", "wWW.", "Arxiv"]:
        if search(s):
            assert locate._may_hold(s, hints), s
        elif not any(c in s for c in locate._WIDER_FOLDS):
            assert not locate._may_hold(s, hints), s  # (and no more than it finds)


def test_line_hyphen_needs_a_hyphen_at_the_end() -> None:
    for s in STRINGS:
        stripped = s.rstrip()
        if hyphenation.LINE_HYPHEN.search(stripped):
            assert stripped.endswith(hyphenation.LINE_END_HYPHENS), s


@pytest.mark.parametrize(
    "text",
    ["a b", "a  b ", "one", "x-\u00ad", " lead trail ", "tab\tend", "nb\u00a0sp", "multi\nline"],
)
def test_last_word_as_split_gives_it(text: str) -> None:
    assert text.rsplit(None, 1)[-1] == text.split()[-1]


def _heading_without_the_quick_test(line: str) -> bool:
    """``locate.is_bibliography_heading`` as it was before its quick test on ASCII lines."""
    if len(line) > 120:
        return False
    text = line.replace("*", "").replace("_", " ").lstrip(locate._HEADING_MARKS)
    if locate._SPACED_LETTERS_RE.match(text):
        text = text.replace(" ", "")
    m = locate._HEADING_RE.match(text)
    if m and m.group("word").lower() in locate._SOURCES_WORDS and text.rstrip(" #").endswith(":"):
        return False
    return bool(m)


def test_heading_quick_test_changes_no_answer() -> None:
    # no heading word holds a letter that IGNORECASE matches to an ASCII letter (see _may_hold)
    assert not any(c in w for w in locate._HEADING_WORDS for c in (*locate._WIDER_FOLDS, "\u212a"))
    rng = random.Random(20261203)
    words = list(locate._HEADING_WORDS)
    heads = ["", "  ", "## ", "7. ", "VII ", "Chapter 9. ", "Appendix B: ", "■ ", "*"]
    tails = ["", ":", " :", " #", "##", ":  ", "\t", "\n", ".", " and more", "*"]
    made = [rng.choice(heads) + rng.choice([w, w.upper(), w.title()]) + rng.choice(tails)
            for w in words for _ in range(6)]
    made += ["R E F E R E N C E S", "S O U R C E S :", "Quellen:", "Quellen", "WORKS  CITED ", "references",
             "Referenceſ", "REFERENCES\n", "7.References", "##References##", "Further reading :", ""]
    found = 0
    for s in STRINGS + made:
        expected = _heading_without_the_quick_test(s)
        assert locate.is_bibliography_heading(s) == expected, repr(s)
        found += expected
    assert found > 100
