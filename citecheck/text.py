"""Shared text helpers: folding, years, DOI/ISBN cleaning, names and title normalising.

Pure functions of strings used by more than one stage (catalogue clients,
matching, resolving); one definition each, so a DOI or a year is recognised
the same way everywhere.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache
from typing import Any, cast

from .models import Name

YEAR = r"(?:1[5-9]\d\d|20\d\d)"  # a plausible publication year, 1500-2099
# How an entry names a data set or a program as its type (APA's '[Data set]', '[Computer
# software]'): one alternation for the parser, which splits the bracket off the title, and
# the matcher, which then knows a data set is cited.
DATA_TYPES = (r"data\s*sets?|datasets?|data|(?:computer\s+)?software(?:\s+package)?"
              r"|computer\s+(?:program|code)|source\s+code")
_YEAR = re.compile(rf"\b({YEAR})\b")
# Put before a pattern that starts with a run of blanks (``\s*X``, ``\s+X``): a search then
# tries no position inside a run of them, only its first. A match from inside a run is also
# one from the blank before it, so the leftmost match is the same -- as long as no match
# ends inside a run either (split, sub and finditer go on where the last match ended). The
# run is scanned once instead of once from each of its blanks: linear, not quadratic.
RUN_START = r"(?!(?<=\s)\s)"


class _LazyPattern:
    """A regular expression compiled on its first use (:func:`lazy_compile`)."""

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self._flags = flags

    def __getattr__(self, name: str) -> Any:
        # Reached until the first use only: from then on the compiled pattern's methods
        # and attributes are this object's own (one lookup, as on a compiled pattern).
        compiled = re.compile(self.pattern, self._flags)
        for attr in ("match", "fullmatch", "search", "finditer", "findall", "sub", "subn",
                     "split", "scanner", "flags", "groups", "groupindex"):
            setattr(self, attr, getattr(compiled, attr))
        return getattr(compiled, name)


def lazy_compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, done when the pattern is first used.

    Python's regular expression parser and compiler are Python code, and a
    character class with letters beyond Latin-1 builds a map of 65,536 entries:
    compiling the ~300 patterns a report imports is ~1.1 G instructions, ~15 % of
    an offline report on the sample. A costly pattern that only some texts need
    (a layout's, a citation style's) is compiled by the run that uses it.
    """
    return cast("re.Pattern[str]", _LazyPattern(pattern, flags))


def as_int(text: str, most: int = 18) -> int | None:
    """*text* as a whole number when it is one written in decimal digits (at most *most* of
    them), else None. ``str.isdigit`` also holds for '²' and '①', which ``int`` refuses, and
    ``int`` refuses a number of more than 4,300 digits: a line of them is text, not a crash."""
    return int(text) if text.isdecimal() and len(text) <= most else None


def year_of(text: str | int | None) -> str | None:
    """First plausible 4-digit year in free text ('November 2006' -> '2006')."""
    if text is None:
        return None
    m = _YEAR.search(str(text))
    return m.group(1) if m else None


_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
_PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "del", "della", "ter"}


# an HTML, JATS or MathML tag: a name after '<' ('p < 0.05 and q > 1' is no tag)
_TAG = re.compile(r"</?[A-Za-z][^<>]{0,200}>")


def strip_markup(text: str) -> str:
    """'<scp>T</scp>reebase: an <scp>R</scp> package' -> 'Treebase: an R package';
    'Soil &amp; water' -> 'Soil & water'.

    Publishers deposit titles with JATS/MathML tags, HTML entities and line breaks
    (seen in the recorded habanero responses), and OpenAlex keeps them; tags go,
    entities are read, whitespace collapses.
    """
    if "math" in text:
        text = _MATH_BLOCK.sub(_math_text, text)
    return " ".join(_TAG.sub("", html.unescape(_TAG.sub("", text))).split())


# a MathML formula ('<mml:math …><mml:msub><mml:mi>CO</mml:mi><mml:mn>2</mml:mn></mml:msub>
# </mml:math>'), often laid out on several lines: the blanks between its tags are layout,
# not text ('CO2', not 'CO 2')
_MATH_BLOCK = re.compile(
    r"<(?P<p>(?:[A-Za-z]+:)?)math\b[^<>]{0,300}>(?P<body>.{0,2000}?)</(?P=p)math>", re.DOTALL)


def _math_text(m: re.Match[str]) -> str:
    return re.sub(r">\s+<", "><", m.group(0))


def name_from_display(display: str) -> Name:
    """'Amal El-Mohtar' -> Name(family='El-Mohtar', given='Amal'); 'Nix, Garth' too.

    Catalogues without structured names (Open Library, Google Books, OpenAlex)
    give one display string; the last word is the family name, with a
    lower-case particle ('van', 'de') kept as the prefix.
    """
    display = " ".join(display.split()).strip(" ,")
    if "," in display:
        family, _, given = display.partition(",")
        return Name(family=family.strip(), given=given.strip())
    words = display.split(" ")
    suffix = ""
    if len(words) > 1 and words[-1].lower().strip(",") in _SUFFIXES:
        suffix = words.pop().strip(",")
    if len(words) == 1:
        return Name(family=words[0], suffix=suffix)
    family = words[-1]
    i = len(words) - 1
    while i > 1 and words[i - 1] in _PARTICLES:  # only lower-case particles
        i -= 1
    prefix = " ".join(words[i:-1])
    return Name(family=family, given=" ".join(words[:i]), prefix=prefix, suffix=suffix)


def clean_isbn(text: str) -> str | None:
    """Digits (and a final X) of an ISBN-10/13 with a valid check digit, else None."""
    s = re.sub(r"[^0-9Xx]", "", text).upper()
    if len(s) == 10 and re.fullmatch(r"\d{9}[\dX]", s):
        total = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(s))
        return s if total % 11 == 0 else None
    if len(s) == 13 and s.isdigit():
        total = sum((1 if i % 2 == 0 else 3) * int(c) for i, c in enumerate(s[:12]))
        return s if (10 - total % 10) % 10 == int(s[12]) else None
    return None


def isbn13(isbn: str) -> str | None:
    """Any valid ISBN as ISBN-13 (the form compared and reported)."""
    s = clean_isbn(isbn)
    if s is None:
        return None
    if len(s) == 13:
        return s
    core = "978" + s[:9]
    total = sum((1 if i % 2 == 0 else 3) * int(c) for i, c in enumerate(core))
    return core + str((10 - total % 10) % 10)


def clean_doi(text: str | None) -> str | None:
    """'https://doi.org/10.1023/A:1' -> '10.1023/a:1' (DOIs are case-insensitive)."""
    if not text:
        return None
    m = re.search(r"10\.\d{4,9}/\S+", text)
    return m.group(0).rstrip(".,;").lower() if m else None


# Cached: matching folds the same few names and titles thousands of times per run
# (each candidate is compared field by field with every cited reference).
@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower-case ASCII fold: 'Stéphane' -> 'stephane', 'Łódź' -> 'lodz'."""
    text = text.translate(_SPECIAL)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


# letters NFKD does not decompose to ASCII
_SPECIAL = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae",
     "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i", "þ": "th", "ð": "d",
     "‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"}
)


# Cyrillic and Greek letters in Latin (the common English romanisation), for names and
# keys written in ASCII: 'Иванов' -> 'ivanov', 'Παπαδόπουλος' -> 'papadopoulos'
TO_LATIN = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "e", "є": "ye",
    "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "yi", "й": "y", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ў": "u", "ф": "f",
    "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya", "ј": "j", "љ": "lj", "њ": "nj", "ћ": "c", "ђ": "dj",
    "џ": "dz",
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th", "ι": "i",
    "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p", "ρ": "r", "σ": "s",
    "ς": "s", "τ": "t", "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps", "ω": "o",
})


# Greek letter pairs read as one sound, before the single letters: 'Μπαλτάς' is Baltas,
# 'Ντόκος' Dokos at the start of a word (Lampros, Antoniou inside one), 'Ευαγγέλου'
# Evangelou.
_GREEK_PAIRS = [(re.compile(r"(?<![^\W\d_])μπ"), "b"), (re.compile(r"(?<![^\W\d_])ντ"), "d"),
                (re.compile(r"(?<![^\W\d_])γκ"), "g"), (re.compile("γγ"), "ng"),
                (re.compile("ου"), "ou"), (re.compile("αυ"), "av"), (re.compile("ευ"), "ev")]


def romanised(text: str) -> str:
    """:func:`fold`, with Cyrillic and Greek letters in Latin ('Чехов' -> 'chekhov')."""
    latin = fold(text)
    for pair, sound in _GREEK_PAIRS:
        latin = pair.sub(sound, latin)
    return fold(latin.translate(TO_LATIN))


_ARTICLES = {"the", "a", "an", "le", "la", "les", "l", "der", "die", "das", "el", "il", "lo"}
NON_WORD = re.compile(r"[^0-9a-z]+")


# Title normalisers are pure functions of strings and are called for every
# (reference, candidate) pair, mostly on the same strings: cached.
@lru_cache(maxsize=1 << 14)
def norm_title(text: str | None) -> str:
    """'The Soviets: the Russian Workers…' -> 'soviets the russian workers…'."""
    words = NON_WORD.sub(" ", fold(text or "").replace("&", " and ")).split()
    if words and words[0] in _ARTICLES and len(words) > 1:
        words = words[1:]
    return " ".join(words)
