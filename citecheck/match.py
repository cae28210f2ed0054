"""Decide whether catalogue records describe a reference: (Reference, [Candidate]) -> Match.

Pure: no I/O (but for wordfreq's word list, read once, when a short title without
names needs judging: :func:`common_title`). Every candidate is scored field by field (:func:`score`), and the
verdict (:func:`decide`) rests on that evidence, never on the order the
catalogue returned its hits nor on its relevance score.

The fields that identify a work are weighed *together*, and a clear mismatch
on one of them is never outweighed by a strong match on another:

* title: folded (case, punctuation, diacritics, a leading article), numbers in
  digits ('Ten years' / '10 years', 'Twentieth' / '20th'), Cyrillic and Greek script
  in Latin letters (a title cited transliterated), a Greek letter of a Latin title by
  its name (α- and β-synuclein stay two titles), an edition statement left out, a
  volume statement written one way ('Vol. 2' / 'Volume II'), formulas and markup as
  plain text ('CO$_2$', 'CO\\textsubscript{2}', '\\ce{CO2}', 'CO<sub>2</sub>', MathML, 'CO₂'
  are 'CO2'), other scripts (kana, Han, Hangul …) compared as written, and compared
  with and without the subtitle, typos tolerated (rapidfuzz) — but not in a formula or
  code ('H2O2' / 'H2O', 'NO2' / 'N2O', 'BRCA1' / 'BRCA2' are other words);
* authors: EVERY cited family name (up to five) must be in the record —
  folded for diacritics, transliteration (Archinov/Arshinov, Trotsky/Trotzki),
  Cyrillic and Greek script (Чехов/Chekhov), a corporate author's acronym
  (WHO/World Health Organization, only between organisations: 'LEE' is not Laura
  E. Evans) and typos (Coutois/Courtois); an organisation cited is compared with the
  record's whole name ('World Bank' is not Jonathan Bank). The right title
  by other people is another work (or an invented reference), never a
  `probable`; names in a script that cannot be read in Latin (張偉) are one person only
  when written alike on both sides; otherwise they compare as no names, and a cited
  name may be one of them (a lead at most, never 'other authors'); a preprint naming
  the article's first author first and most of its people is its preprint (people
  join a work before it is published);
* year, with a tolerance that depends on the type: an article or chapter one
  year off (online vs print) agrees, more is a mismatch unless journal and
  volume/pages agree; a book may be cited in a later edition or reprint, but
  not before the work first appeared;
* type: a book is not a chapter, a journal article or a review of it (nor the
  reverse); a thesis is not the book made of it, nor the article drawn from it; a notice about a work
  ('Correction to: X', 'Erratum', 'Retraction Note', 'Comment on “X”',
  'Reply to …', an abstract, a poster, demo or talk, a summary or highlight of it)
  and its data or supplement (a dataset record,
  'Data from: X') are not the work, nor is the paper a cited data set or
  program; 'Part I' is not 'Part II', nor the 2018 report the 2019 one, nor
  phase 2 phase 3 (numbers in titles, read as written: '2009–10' is 2009-2010,
  'Roe v. Wade' and 'World War II' name no series); a record that
  is one volume of a set, another volume, or a translation is named as such;
* another version of the cited record — another edition (a year none of the
  work's records has), the preprint of a cited article, the article of a cited
  preprint — is the same work but not the record cited: `probable` with the
  relation named, never `verified` silently;
* a namesake is not the author: the same family name with given names that
  share no initial (transliterations folded), or with given names written out on both
  sides that are two names of one initial (Wang Lei / Wang Lin), is another person;
* the list of people, not only its members: the record's first author left out of the
  entry ('Jones and Lee' for Smith, Jones and Lee) is a lead, never `verified`; a
  record that names people a complete cited list leaves out, or the cited people in
  another order, matched only by family names and initials (Wang L., Li Y., Zhang J.:
  another team of namesakes as likely) is a lead unless the DOI or the journal's volume
  and pages place it — the difference named ('author list', and who);
* a title word replaced by another ('The Early Years' / 'The Late Years') is
  a lead (`probable`), not a confirmation; a generic title ('Introduction',
  'Editorial', 'Front matter' …) identifies nothing without the authors and
  the journal or book it is in (named with or without its subtitle, a bracketed
  place, an 'of …' phrase, or abbreviated);
* container, volume/issue/pages (articles, chapters) and publisher (books);
  most of the cited numbers elsewhere in the journal (a meeting abstract in a
  supplement has the paper's title) is a lead with corrections, not `verified`;
* a cited DOI or ISBN is checked, not trusted: the record it points at must
  be the cited work (:func:`check_identifiers`).

Verdicts: `verified` needs title AND every author (or a shared identifier and
the title) with nothing contradicting; `probable` is the same work on weaker
evidence (no authors on one side, a slightly different title, another
journal) — a record without names is no lead when it is in another journal, or when
its title is a few common words ('Memory') and neither its year nor its journal or
publisher agrees; `ambiguous` means several different works fit about equally;
`not-found` says only that no record is the cited work — with the closest
record and what it is (a review, a chapter, another author's work …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from .models import Candidate, IdentifierCheck, Match, Name, Reference, Suggestion
from .parse.normalize import is_corporate
from .text import (DATA_TYPES, NON_WORD, RUN_START, as_int, clean_doi, clean_isbn, fold, isbn13, norm_title,
                   romanised, strip_markup)

# Thresholds (similarities are 0..1). Measured by bench/match_bench.py.
TITLE_OK = 0.88  # same title up to typos / punctuation / a dropped subtitle
TITLE_LOOSE = 0.8  # enough for `probable` when authors, year and container agree …
COVERAGE_OK = 0.85  # … and this share of the cited title's words is in the record's
FAMILY_OK = 0.85  # one family name matches another
TYPO = 0.86  # one edit in a family name of 5+ letters
CONTAINER_OK = 0.6
# A generic title ('Introduction') is placed only by its book or journal: 'Handbook of
# Soils' is not 'Handbook of Wetlands', however alike the names (typos, abbreviations pass).
GENERIC_CONTAINER_OK = 0.85
PUBLISHER_OK = 0.8
MISSING_SUBTITLE = 0.95  # main titles equal, one side has no subtitle
TIE = 0.05  # scores this close are "equally good"
MAX_CITED_AUTHORS = 5  # cited names checked one by one (the rest of a long list: et al.)

WEIGHTS = {
    "title": 0.45,
    "author": 0.30,
    "year": 0.10,
    "container": 0.05,
    "numbers": 0.05,
    "publisher": 0.05,
}

LEVELS = {"verified": 2, "probable": 1, "none": 0}

BOOKISH = {"book", "phdthesis", "mastersthesis", "techreport", "misc"}
PARTS = {"article", "incollection", "inbook", "inproceedings"}

# ------------------------------------------------------------------ normalisation

def _main_title(text: str) -> str:
    """The title before its subtitle separator (':' or ' - ' or '. ', or after a question
    or exclamation: 'Does grazing matter? Soil carbon in the Sahel')."""
    return re.split(r"\s*[:;]\s+|\s+[-–—]\s+|\.\s+|(?<=[?!])\s+", text, maxsplit=1)[0]


# Transliteration folds, applied in order to a folded, letters-only family name:
# one Russian/Ukrainian sound written the English, French or German way.
_TRANSLIT = [
    ("tsch", "ch"), ("sch", "sh"), ("tch", "ch"), ("ch", "sh"), ("kh", "h"), ("ks", "x"),
    ("tz", "ts"), ("zh", "j"), ("dj", "j"), ("ou", "u"), ("w", "v"), ("y", "i"), ("j", "i"),
    ("ff", "v"), ("ph", "f"), ("ck", "k"), ("c", "k"), ("q", "k"),
]
_DOUBLE = re.compile(r"(.)\1+")


@lru_cache(maxsize=1 << 14)
def norm_family(name: str) -> str:
    """Letters only, folded, Cyrillic and Greek in Latin ('Müller' -> 'muller',
    'Чехов' -> 'chekhov')."""
    # a record may give 'Чехов' where the entry cites 'Chekhov' (or the reverse); the
    # _TRANSLIT folds then absorb the other romanisations (Tschechow, Čechov)
    return re.sub(r"[^a-z]", "", romanised(name))


@lru_cache(maxsize=1 << 14)
def translit(name: str) -> str:
    s = norm_family(name)
    for a, b in _TRANSLIT:
        s = s.replace(a, b)
    return _DOUBLE.sub(r"\1", s)


@lru_cache(maxsize=1 << 16)
def family_similarity(a: str, b: str) -> float:
    """Similarity of two family names, tolerant of diacritics, transliteration, typos;
    a Cyrillic 'г' read as Russian g and as Ukrainian h ('Гнатюк' is Hnatiuk,
    'Гейзенберг' Heisenberg)."""
    return max(_family_similarity(x, y) for x in _variants(a) for y in _variants(b))


# The scholarly (ISO 9, Library of Congress without ligatures) and Czech/Croatian way of
# writing a Slavic sound with a háček, as the English way writes it: 'Šklovskij' is
# Shklovsky, 'Čajkovskij' Chaikovsky, 'Žukov' Zhukov (folding the mark off alone gives
# 'Sklovskij').
_HACEK = str.maketrans({"š": "sh", "Š": "Sh", "č": "ch", "Č": "Ch", "ž": "zh", "Ž": "Zh"})


def _variants(name: str) -> tuple[str, ...]:
    """The name, with its 'г' as h (:func:`_g_or_h`), and its háčeks written out."""
    out = _g_or_h(name)
    if any(c in name for c in "šŠčČžŽ"):
        out = (*out, name.translate(_HACEK))
    return out


def _g_or_h(name: str) -> tuple[str, ...]:
    """The name, and with its 'г' as h (everywhere, or first only) when it has one."""
    if "г" not in name.lower():
        return (name,)
    h = name.replace("г", "h").replace("Г", "H")
    first = re.sub("[гГ]", lambda m: "h" if m[0] == "г" else "H", name, count=1)
    return (name, h, first)


def _family_similarity(a: str, b: str) -> float:
    fa, fb = norm_family(a), norm_family(b)
    if not fa or not fb:
        return 0.0
    if fa == fb:
        return 1.0
    ta, tb = translit(a), translit(b)
    if ta == tb:
        return 0.97
    # A multi-word family that holds the other ('Alex Perkins' / 'Perkins'):
    # registries often put part of the given name into the family field.
    wa, wb = set(re.findall(r"[a-z]{3,}", fold(a))), set(re.findall(r"[a-z]{3,}", fold(b)))
    if (len(wa) > 1 or len(wb) > 1) and (fa in wb or fb in wa):
        return 0.9
    # Plain spellings only: the transliteration fold merges doubled letters and
    # sounds, so a fuzzy ratio on it takes Kessler for Keller.
    sim = fuzz.ratio(fa, fb) / 100
    # One slip (a wrong, missing or swapped letter) in a name of 5+ letters is a
    # typo, although the ratio of a short name falls below FAMILY_OK.
    if min(len(fa), len(fb)) >= 5 and OSA.distance(fa, fb) <= 1:
        sim = max(sim, TYPO)
    return sim


# ------------------------------------------------------------------ field scores


# The label a publisher puts on the retracted (or withdrawn) article itself: the record
# is still the work, so the label is not part of its title.
_RETRACTED_LABEL = re.compile(
    r"^\s*(?:(?:retracted|withdrawn)(?:\s+(?:article|paper|chapter))?\s*:|\[\s*retracted\s*\])"
    r"\s*", re.IGNORECASE)


def unlabelled(title: str) -> str:
    """'RETRACTED ARTICLE: X', 'WITHDRAWN: X', '[Retracted] X' -> 'X'."""
    return _RETRACTED_LABEL.sub("", title, count=1) or title


# Numbers written as words: 'Ten years of X' is '10 years of X', 'Twentieth-century' is
# '20th-century', 'one hundred and twenty' is 120 — and 'Two decades' is not 'Three'.
_UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
          "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
          "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
          "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
          "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
                  "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11,
                  "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
                  "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
                  "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
                  "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90,
                  "hundredth": 100, "thousandth": 1000}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_NUMBER_WORD = "|".join(sorted([*_UNITS, *_ORDINAL_WORDS, *_SCALES], key=len, reverse=True))
_NUMBER_RUN = re.compile(rf"\b(?:{_NUMBER_WORD})(?:(?:[\s-]+(?:and[\s-]+)?)(?:{_NUMBER_WORD}))*\b")
_DIGIT_ORDINAL = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b")


def _run_value(run: str) -> str:
    """'twenty one' -> '21', 'one hundred and twenty' -> '120', 'twentieth' -> '20';
    a run that is no one number ('the first ten years', 'one two') is read word by word."""
    words = [w for w in re.split(r"[\s-]+", run) if w and w != "and"]
    if not words:
        return run
    if len(words) > 1 and (spelt := _one_number(words)) is None:
        return " ".join(_run_value(w) for w in re.split(r"[\s-]+", run) if w)
    return spelt if len(words) > 1 else _one_number(words) or run


def _one_number(words: list[str]) -> str | None:
    """The number the words spell together, or None."""
    total = current = 0

    def fits(v: int) -> bool:  # 'twenty' takes 'one'; 'one' takes nothing after it
        low = current % 100
        return low == 0 or (low >= 20 and low % 10 == 0 and v < 10)

    for i, w in enumerate(words):
        if w in _SCALES or w in ("hundredth", "thousandth"):
            scale = _SCALES.get(w) or _ORDINAL_WORDS[w]
            current = max(current, 1) * scale
            if scale >= 1000:
                total, current = total + current, 0
        elif w in _ORDINAL_WORDS:
            if i != len(words) - 1 or not fits(_ORDINAL_WORDS[w]):
                return None
            current += _ORDINAL_WORDS[w]
        elif w in _UNITS:
            if not fits(_UNITS[w]):
                return None
            current += _UNITS[w]
        else:
            return None
    return str(total + current)


@lru_cache(maxsize=1 << 14)
def words_as_digits(text: str) -> str:
    """Folded text with its numbers written in digits: 'ten years' -> '10 years',
    'twentieth century' and '20th century' -> '20 century'."""
    t = _NUMBER_RUN.sub(lambda m: _run_value(m[0]), text)
    return _DIGIT_ORDINAL.sub(r"\1", t)


_GREEK = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")
_GREEK_RUN = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]{2,}")
_GREEK_NAMES = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta",
    "η": "eta", "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu",
    "ξ": "xi", "ο": "omicron", "π": "pi", "ρ": "rho", "σ": "sigma", "ς": "sigma", "τ": "tau",
    "υ": "upsilon", "φ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega"}


@lru_cache(maxsize=1 << 15)
def title_key(text: str | None) -> str:
    """A title as compared: :func:`norm_title`, with a title in Cyrillic or Greek script
    in Latin letters ('Война и мир' -> 'voina i mir', as cited transliterated), a Greek
    letter of a Latin title by its name ('α-synuclein' -> 'alpha synuclein': α and β name
    different molecules, which dropping the letter would make one), numbers in digits
    ('Ten years' / '10 years') and an edition statement left out ('…, 2nd edition': the
    edition is weighed on its own)."""
    t = plain_title(text or "")
    if _GREEK.search(t) and not _GREEK_RUN.search(t):
        t = _GREEK.sub(lambda m: _GREEK_NAMES.get(m[0].lower(), m[0]), t)
    latin = _EDITION.sub(" ", romanised(t))
    key = _script_title(latin) if _OTHER_SCRIPT.search(latin) else norm_title(latin)
    return words_as_digits(_VOLUME_KEY.sub(_volume_key, key))


# A formula as a .bib or a web page keeps it: TeX sub- and superscripts ('CO$_2$', 'CO$_{2}$',
# 'Ca$^2+$': latexcodec leaves math alone), \textsubscript{2}, mhchem's \ce{CO2}, a font
# inside math ('$\mathrm{CO_2}$'); HTML or MathML tags ('CO<sub>2</sub>'). The catalogues'
# titles lose their tags (text.strip_markup) and Unicode subscripts fold to digits (CO₂):
# the cited title is read the same way. (A '$' of money, '$100 and $50', is no math: the
# math read has no blank and a '_' or '^'.)
_TEX_WRAP = re.compile(r"\\(?:textsubscript|textsuperscript|ce|ch|mathrm|mathit|mathbf|mathsf"
                       r"|textrm|textit|text|rm)\s*\{([^{}]*)\}")
_TEX_SCRIPT = re.compile(r"\$([^$\s]{0,30}[_^][^$\s]{0,30})\$")


@lru_cache(maxsize=1 << 14)
def plain_title(text: str) -> str:
    """'CO$_2$', 'CO\\textsubscript{2}', '\\ce{CO2}', 'CO<sub>2</sub>' -> 'CO2'."""
    if "\\" in text:
        for _ in range(2):  # '$\mathrm{CO_{2}}$': one wrapper inside another
            text = _TEX_WRAP.sub(r"\1", text)
    if "$" in text:
        text = _TEX_SCRIPT.sub(lambda m: re.sub(r"[_^{}]", "", m[1]), text)
    if "<" in text or "&" in text:
        text = strip_markup(text)
    return text


# A letter no fold writes in Latin (kana, Han, Hangul, Arabic, Hebrew, Thai …): a title in
# such a script is compared in it, not emptied by the Latin-only normaliser.
_OTHER_SCRIPT = re.compile(r"[^\W\d_a-z]")


def _script_title(folded: str) -> str:
    """A folded title with letters of another script: its words (of any script), lower-case,
    a leading Latin article dropped (as norm_title)."""
    words = re.findall(r"[^\W_]+", folded.replace("&", " and "))
    if len(words) > 1 and words[0] in ("the", "a", "an", "le", "la", "les", "l", "der", "die",
                                       "das", "el", "il", "lo"):
        words = words[1:]
    return " ".join(words)


# A volume statement ('Vol. 2', 'Volume II', 'tome 2', 'Bd. 3') written one way, 'volume 2':
# another volume is weighed on its own (volume_relation); the same one is no other word.
_VOLUME_KEY = re.compile(r"\b(?:vol(?:ume)?|tome|bd)\s+([0-9]{1,3}|[ivxlc]{1,6})\b")


def _volume_key(m: re.Match[str]) -> str:
    raw = m[1]
    n = as_int(raw) if raw.isdigit() else _roman(raw)
    return f"volume {n}" if n else m[0]


def title_similarity(ref: Reference, cand: Candidate) -> float:
    """Best of full-vs-full and with one side's subtitle dropped (0..1)."""
    ref_title = unlabelled(ref.fields.title or "")
    title = unlabelled(cand.title)
    norm_title = title_key  # noqa: N806 (the comparison's normaliser)
    r_full = norm_title(ref_title)
    c_main = norm_title(title)
    c_full = norm_title(f"{title} {cand.subtitle}") if cand.subtitle else c_main
    if not r_full or not c_main:
        return 0.0
    best = max(fuzz.ratio(r_full, c_full), fuzz.ratio(r_full, c_main)) / 100
    # Words in another order ("Russia, 1917" / "1917 Russia") cost a little.
    best = max(best, 0.97 * fuzz.token_sort_ratio(r_full, c_full) / 100)
    r_main = norm_title(_main_title(ref_title))
    c_main_only = norm_title(_main_title(title)) if not cand.subtitle else c_main
    ref_has_sub = r_main != r_full
    cand_has_sub = c_full != c_main or c_main_only != c_main
    # One side cites without a subtitle the other has: equal main titles of some
    # length. Two *different* subtitles are not this case (they may be two works).
    if ref_has_sub != cand_has_sub and len(r_main) >= 5:
        if (not cand_has_sub and r_main == c_main) or (not ref_has_sub and r_full == c_main_only):
            best = max(best, MISSING_SUBTITLE)
    return round(best, 4)


_TITLE_STOP = {"a", "an", "the", "of", "and", "or", "in", "on", "for", "to", "with", "by", "at",
               "from", "de", "la", "le", "les", "des", "der", "die", "das", "und", "el", "y"}


def content_words(text: str) -> list[str]:
    return [w for w in title_key(text).split() if w not in _TITLE_STOP]


def word_coverage(cited: str, found: str) -> float:
    """Share of the cited title's content words the record's title has (typos tolerated).

    A title whose first half is right and whose second half comes from elsewhere
    (a spliced, invented title) keeps a high character ratio but loses its words.
    """
    words = content_words(cited)
    other = content_words(found)
    if not words:
        return 1.0
    hits = sum(1 for w in words if any(w == o or (len(w) >= 5 and fuzz.ratio(w, o) >= 80)
                                       for o in other))
    return hits / len(words)


_CODE = re.compile(r"[a-z]\d|\d[a-z]")


@lru_cache(maxsize=1 << 16)
def _same_word(w: str, o: str) -> bool:
    """One word of a title and another: equal, a typo, or another form of one stem
    ('study' / 'studies', 'model' / 'models')."""
    if w == o:
        return True
    if _CODE.search(w) or _CODE.search(o):
        # a formula or a code (H2O2 / H2O, NO2 / N2O, BRCA1 / BRCA2): one letter or digit
        # apart is another molecule or gene, not a typo
        return False
    if ((n := as_int(w)) is not None and _roman(o) == n) or ((n := as_int(o)) is not None and _roman(w) == n):
        return True  # 'II' and '2' (a numbered kind: 'class II', 'MHC-2')
    short = min(len(w), len(o))
    if short >= 5 and fuzz.ratio(w, o) >= 80:
        return True
    if short >= 3 and OSA.distance(w, o) <= 1:
        return True
    if short < 5 or abs(len(w) - len(o)) > 3:  # 'public' is not 'publications'
        return False
    common = 0
    for x, y in zip(w, o):
        if x != y:
            break
        common += 1
    return common >= short - 1


def _unpaired(a: list[str], b: list[str]) -> list[str]:
    """Words of ``a`` left over when each is paired one-to-one with a like word of ``b``,
    a compound ('wellbeing') pairing with the two words it joins ('well being')."""
    pool = list(b)
    joined = {x + y for x, y in zip(b, b[1:])}
    left = []
    for i, w in enumerate(a):
        j = next((k for k, o in enumerate(pool) if w == o), None)
        if j is None:
            j = next((k for k, o in enumerate(pool) if _same_word(w, o)), None)
        if j is not None:
            pool.pop(j)
        elif w in joined or (i + 1 < len(a) and w + a[i + 1] in b) or (
                i > 0 and a[i - 1] + w in b):
            continue
        else:
            left.append(w)
    return left


@lru_cache(maxsize=1 << 14)
def word_swap(cited: str, found: str) -> bool:
    """A content word of the cited title is replaced by another in the record's
    ('The Early Years' / 'The Late Years'): a dropped or added word is not a swap."""
    a, b = content_words(cited), content_words(found)
    return bool(_unpaired(a, b) and _unpaired(b, a))


@dataclass(frozen=True)
class AuthorPair:
    cited: Name
    found: Name | None
    similarity: float
    # no readable name of the record is this person, who may be one of its names in a
    # script citecheck cannot read (张伟): unknown, not another person
    unread: bool = False


@lru_cache(maxsize=1 << 16)
def person_similarity(c_prefix: str, c_family: str, o_prefix: str, o_family: str,
                      o_given: str, c_given: str = "") -> float:
    """How well a cited name (prefix, family, given) matches a record's."""
    if _organisation(c_given, c_family) and o_given.strip():
        # 'World Bank' is the record's whole name ('World' / 'Bank' as a catalogue splits
        # it), not a person whose family name is one of its words (Jonathan Bank)
        return family_similarity(c_family, f"{o_given} {o_prefix} {o_family}")
    if _organisation(o_given, o_family) and c_given.strip():
        return family_similarity(f"{c_given} {c_prefix} {c_family}", o_family)
    sim = family_similarity(f"{c_prefix} {c_family}".strip(), f"{o_prefix} {o_family}".strip())
    sim = max(sim, family_similarity(c_family, o_family))
    if sim < FAMILY_OK and norm_family(c_family) in {
        norm_family(w) for w in f"{o_given} {o_family}".split()
    }:
        sim = 0.95  # name order swapped in the record (given/family)
    if sim < FAMILY_OK and _acronym_pair(c_given, f"{c_prefix} {c_family}",
                                         o_given, f"{o_prefix} {o_family}"):
        sim = 0.9  # 'WHO' / 'World Health Organization'
    return sim


def _organisation(given: str, family: str) -> bool:
    """A name given whole, of several words, an organisation's ('World Bank')."""
    return not given.strip() and len(family.split()) > 1 and is_corporate(family)


def _acronym_pair(c_given: str, c_name: str, o_given: str, o_name: str) -> bool:
    """One organisation, named by its acronym on one side: the acronym is a name without
    a given name, and the other side's name is an organisation's — 'LEE' is not Laura E.
    Evans, nor 'KIM, J.' Karl Ivar Mattsson. (A catalogue splits 'World Health
    Organization' into given and family names like a person's.)"""
    o_full = f"{o_given} {o_name}".strip()
    c_full = f"{c_given} {c_name}".strip()
    return bool(
        (not c_given.strip() and _corporate(o_given, o_full) and acronym_of(c_name, o_full))
        or (not o_given.strip() and _corporate(c_given, c_full) and acronym_of(o_name, c_full)))


def _corporate(given: str, full: str) -> bool:
    """An organisation's name: no given name, or an organisation's words."""
    return not given.strip() or is_corporate(full)


_ACRONYM_STOP = {"of", "the", "and", "for", "on", "in", "de", "des", "du", "la", "et", "fur",
                 "und", "der"}


@lru_cache(maxsize=1 << 14)
def acronym_of(short: str, full: str) -> bool:
    """A corporate author cited by its acronym: 'WHO' for 'World Health Organization',
    'OECD' for 'Organisation for Economic Co-operation and Development' (the capitals of
    the name's words, its small words left out)."""
    short = short.strip()
    # (three letters and three words at least: 'LI', a family name in capitals, is not
    # the initials of 'Lan Ivanova')
    if not (3 <= len(short) <= 8 and short.isalpha() and short.isupper()):
        return False
    words = [w for w in NON_WORD.sub(" ", fold(full).replace("-", "")).split()
             if w not in _ACRONYM_STOP]
    if words[:2] == ["u", "s"] or words[:1] == ["us"]:  # 'U.S. Environmental Protection Agency'
        words = words[2 if words[0] == "u" else 1:]
    # the acronym may leave the name's last words out: 'CDC' (Centers for Disease Control
    # and Prevention), 'FAO' (Food and Agriculture Organization of the United Nations)
    return len(words) >= 3 and "".join(w[0] for w in words).startswith(short.lower())


# Initials one given name takes in several transliterations (Evgeny / Yevgeny / Jewgeni,
# Grigory / Hryhoriy, Konstantin / Constantin): folded to one letter.
_INITIAL_FOLD = str.maketrans({"e": "i", "j": "i", "y": "i", "c": "k", "h": "g"})


def _given_words(given: str) -> list[str]:
    return [w for w in (translit(x) for x in re.split(r"[\s.\-]+", given)) if w]


def _initials(given: str) -> set[str]:
    """The initials a given name may be cited by, as spelt and as transliterated: the
    transliteration fold rewrites first letters ('Charles' -> 'sharles', 'Philip' ->
    'filip'), and 'C. Darwin' must still be Charles Darwin."""
    out = set()
    for x in re.split(r"[\s.\-]+", given):
        for w in (norm_family(x), translit(x)):
            if w:
                out.add(w[0].translate(_INITIAL_FOLD))
    return out


def given_conflict(cited: Name, found: Name) -> bool:
    """Both give given names and no initial is shared: two people of one family name
    (J. Smith is not Anna Smith). A name cited by its middle name only, or spelt in
    another transliteration (Evgeny / Yevgeny), still agrees."""
    a, b = _given_words(cited.given or ""), _given_words(found.given or "")
    if not a or not b:
        return False
    if _initials(cited.given or "") & _initials(found.given or ""):
        return _written_apart(_written_words(cited.given), _written_words(found.given))
    # 'Ievgenii' / 'Evgenii': one spelling of a full name, whatever its first letter
    return not any(len(x) >= 3 and len(y) >= 3 and fuzz.ratio(x, y) >= 75 for x in a for y in b)


def _written_words(given: str) -> list[str]:
    """The given names, transliteration-folded, with '' for each initial ('Yu.', 'Ch.', 'J',
    'JR' in Vancouver style are initials, not names)."""
    out = []
    for w in re.split(r"[\s\-]+", given.strip()):
        letters = translit(w)
        if not letters:
            continue
        abbreviated = w.endswith(".") or len(letters) < 2 or (w.isupper() and len(w) <= 3)
        out.append("" if abbreviated else letters)
    return out


def _written_apart(a: list[str], b: list[str]) -> bool:
    """Given names written out on both sides (the first of each), none of which is a
    spelling of one on the other side: two names that share an initial — Wang Lei is not
    Wang Lin, nor John Smith James Smith. A spelling of one name ('Debashis' / 'Debasish',
    'Mohammed' / 'Muhammad', 'Sergey' / 'Sergei', Korean 'Hyeon' / 'Hyun'), a short form
    ('Alex' / 'Alexander'), a name run together or split ('Xiaoming' / 'Xiao-Ming'), a
    middle name cited alone ('Somerset' / 'William Somerset') is one name; an initial first
    on either side ('J. Robert' / 'John R.') decides nothing."""
    if not a or not b or not a[0] or not b[0] or "".join(a) == "".join(b):
        return False
    return not any(_one_given_name(x, y) for x in a if x for y in b if y)


@lru_cache(maxsize=1 << 14)
def _one_given_name(x: str, y: str) -> bool:
    # (Korean given names in the Revised and the older romanisation: Hyeon / Hyun,
    # Seong / Sung, Eun / Un)
    x, y = (re.sub("e[ou]", "u", w) for w in (x, y))
    if x == y:
        return True
    short, long_ = sorted((x, y), key=len)
    if len(short) >= 3 and long_.startswith(short):
        return True
    # a short form of the longer name ('Tom' / 'Thomas', 'Jim' / 'James', 'Mike' / 'Michael',
    # 'Dave' / 'David'): a name of three or four letters with its initial, clearly shorter or
    # with its first two letters ('Lei' / 'Lin', 'John' / 'James', 'Jing' / 'Jun' stay apart)
    if 3 <= len(short) <= 4 and short[0] == long_[0] and (
            len(long_) - len(short) >= 2 or (short[:2] == long_[:2] and len(long_) > len(short))):
        return True
    return len(short) >= 3 and fuzz.ratio(x, y) >= 70


def author_pairs(ref: Reference, cand: Candidate) -> list[AuthorPair] | None:
    """Each cited person's best counterpart in the record; None if a side has no names."""
    # A name with no letter citecheck can read in Latin (張偉, 山田太郎) can be compared
    # with nothing: a side that names only such people names nobody comparable.
    people = (ref.fields.author or ref.fields.editor)[:MAX_CITED_AUTHORS]
    cited = [p for p in people if _readable(p)]
    everyone = [p for p in list(cand.authors) + list(cand.editors) if not _list_cut(p)]
    cut = len(everyone) < len(cand.authors) + len(cand.editors)
    found = [p for p in everyone if _readable(p)]
    # Such a name written alike on both sides (山田 太郎 / 山田 太郎) is that person; written
    # otherwise (another script, simplified and traditional characters) it stays unknown.
    scripted = {i: o for i, p in enumerate(people) if not _readable(p)
                for o in everyone if not _readable(o) and _script_key(p) & _script_key(o)}
    if scripted:
        readable = _readable_pairs(cited, found, everyone, cut) if cited and found else []
        merged, rest = [], iter(readable)
        for i, p in enumerate(people):
            if _readable(p):
                merged.append(next(rest, None) or AuthorPair(p, None, 0.0, True))
            else:
                o = scripted.get(i)
                merged.append(AuthorPair(p, o, 1.0) if o else AuthorPair(p, None, 0.0, True))
        return merged
    if not cited or not found:
        return None
    return _readable_pairs(cited, found, everyone, cut)


def _readable_pairs(cited: list[Name], found: list[Name], everyone: list[Name],
                    cut: bool) -> list[AuthorPair]:
    """Each cited name (readable in Latin) paired with its best counterpart in the record."""
    pairs, namesakes = [], set()
    for i, person in enumerate(cited):
        best, best_sim = None, 0.0
        for other in found:
            sim = person_similarity(person.prefix, person.family, other.prefix, other.family,
                                    other.given, person.given)
            if (sim >= FAMILY_OK and given_conflict(person, other)
                    and family_similarity(person.family, other.family) >= FAMILY_OK):
                sim = min(sim, FAMILY_OK - 0.05)  # same family name, another person
                namesakes.add(i)
            if sim > best_sim:
                best, best_sim = other, sim
                if sim == 1.0:
                    break
        pairs.append(AuthorPair(person, best, best_sim))
    # The cited names no readable name matches may be the record's unreadable ones, if
    # there are enough of those (a namesake found is another person, not one of them).
    missing = [i for i, p in enumerate(pairs) if p.similarity < FAMILY_OK]
    if cut and missing and len(missing) < len(pairs) and not namesakes & set(missing):
        # 'Margaret Whitfield, et al.': the record names some of the people and cuts the
        # rest; a cited name it does not give may be one it cut (when none it gives is
        # cited, the record is other people's)
        pairs = [AuthorPair(p.cited, p.found, p.similarity, True) if i in missing else p
                 for i, p in enumerate(pairs)]
    elif missing and not namesakes & set(missing) and len(missing) <= len(everyone) - len(found):
        pairs = [AuthorPair(p.cited, p.found, p.similarity, True) if i in missing else p
                 for i, p in enumerate(pairs)]
    return pairs


# What a record writes where it cuts its list of names: 'et al.', 'and others', 'u. a.',
# 'и др.'.
_LIST_CUT = re.compile(r"^\W*(?:et\s*al|and\s+others|others|u\.\s*a\.|и\s*др\.?|i\s+dr\.)\W*$",
                       re.IGNORECASE)


def _list_cut(name: Name) -> bool:
    """The 'name' is a record's mark that its list of names goes on: 'et al.'."""
    return bool(_LIST_CUT.match(f"{name.given} {name.prefix} {name.family}"))


def _given_name_agrees(pairs: list[AuthorPair] | None) -> bool:
    """The first cited person's given name, written out (not an initial), is the one the
    record gives its counterpart."""
    if not pairs or pairs[0].found is None or pairs[0].similarity < FAMILY_OK:
        return False
    cited = {w for w in _given_words(pairs[0].cited.given) if len(w) >= 2}
    return bool(cited & set(_given_words(pairs[0].found.given)))


def _readable(name: Name) -> bool:
    """The name has Latin letters (after folding Cyrillic and Greek) to compare."""
    return bool(norm_family(f"{name.prefix} {name.family}"))


def author_similarity(pairs: list[AuthorPair] | None) -> float | None:
    """First cited author counts half; the rest share the other half."""
    if pairs is None:
        return None
    first = pairs[0].similarity
    if len(pairs) == 1:
        return first
    rest = sum(p.similarity for p in pairs[1:]) / (len(pairs) - 1)
    return 0.5 * first + 0.5 * rest


def authors_agree(pairs: list[AuthorPair] | None) -> bool | None:
    """Every cited family name is in the record (None: a side names nobody, or the names
    not found may be the record's in a script citecheck cannot read)."""
    if pairs is None:
        return None
    missing = [p for p in pairs if p.similarity < FAMILY_OK]
    if missing and all(p.unread for p in missing):
        return None
    return not missing


# ------------------------------------------------------------------ the list of people

# Catalogues whose records list a work's people as its byline does, complete and in order.
# Library catalogues (Open Library, Google Books, LoC) list contributors too — illustrators,
# translators, editors of an edition — in no set order: only their first name is weighed.
ORDERED_LISTS = {"crossref", "openalex"}


@dataclass(frozen=True)
class ListDifference:
    """How the cited list of people differs from the record's, when every cited name is in
    it: the record's first person left out, people a complete cited list leaves out, or the
    same people in another order."""

    first: Name | None = None
    left_out: tuple[Name, ...] = ()
    reordered: bool = False

    def note(self) -> str:
        if self.first is not None:
            return (f"the author list differs: the record's first author, "
                    f"{_display(self.first)}, is not cited")
        if self.left_out:
            who = ", ".join(_display(n) for n in self.left_out[:3])
            more = f" and {len(self.left_out) - 3} more" if len(self.left_out) > 3 else ""
            return f"the author list differs: the record also names {who}{more}, not cited"
        return "the author list differs: the record names the cited people in another order"


def _display(name: Name) -> str:
    return f"{name.family}, {name.given}" if name.given else name.family


@lru_cache(maxsize=1 << 14)
def _script_key(name: Name) -> frozenset[str]:
    """A name no fold reads in Latin (山田 太郎) as written, both orders, blanks and marks
    out: two such names are one only when written alike."""
    fam = re.sub(r"[\W_]+", "", fold(f"{name.prefix}{name.family}"))
    giv = re.sub(r"[\W_]+", "", fold(name.given))
    return frozenset({fam + giv, giv + fam}) if fam else frozenset()


def same_person(cited: Name, found: Name) -> bool | None:
    """The cited person is the record's (None: a name citecheck cannot read, written
    otherwise on the other side — unknown)."""
    return _same_person(cited.prefix, cited.family, cited.given,
                        found.prefix, found.family, found.given)


@lru_cache(maxsize=1 << 15)
def _same_person(c_prefix: str, c_family: str, c_given: str,
                 o_prefix: str, o_family: str, o_given: str) -> bool | None:
    cited = Name(prefix=c_prefix, family=c_family, given=c_given)
    found = Name(prefix=o_prefix, family=o_family, given=o_given)
    if not _readable(cited) or not _readable(found):
        if _script_key(cited) & _script_key(found):
            return True
        return None
    sim = person_similarity(cited.prefix, cited.family, found.prefix, found.family,
                            found.given, cited.given)
    if sim < FAMILY_OK:
        return False
    if family_similarity(cited.family, found.family) >= FAMILY_OK:
        return not given_conflict(cited, found)
    if _organisation(cited.given, cited.family) or _organisation(found.given, found.family):
        return True
    # the family name found among the record's given names: names swapped on one side,
    # where the cited given name must be the record's family ('San, Zhang' / 'Zhang, San'),
    # not another person who shares one word of the name ('Yu, Meng' / 'Zhang, Yu'); or the
    # first of two surnames, a display name split before the last ('Gabriel García Márquez'),
    # where the cited given name is the record's first
    if not cited.given.strip():
        return True
    words = found.given.split()
    readings = [f"{found.prefix} {found.family}"]
    if len(words) >= 2 and family_similarity(cited.family, words[-1]) >= FAMILY_OK:
        readings.append(" ".join(words[:-1]))
    return any(_initials(cited.given) & _initials(r) for r in readings)


def list_difference(ref: Reference, cand: Candidate) -> ListDifference | None:
    """How the cited people differ from the record's (see :class:`ListDifference`), or None.

    Anyone the entry names in another role (editor, translator) counts as cited; a name
    that cannot be compared (another script on one side) is never taken for a difference.
    """
    f = ref.fields
    cited = list(f.author or f.editor)
    if not cited:
        return None
    recorded = [p for p in ((cand.authors or cand.editors) if f.author
                            else (cand.editors or cand.authors)) if not _list_cut(p)]
    if not any(_group(p) for p in cited):
        # a collaboration or consortium a record lists with its people ('ATLAS
        # Collaboration', 'GBD 2019 Collaborators') is no person an entry leaves out
        recorded = [p for p in recorded if not _group(p)]
    if not recorded:
        return None
    named = cited + [p for p in (*f.editor, *f.translator) if p not in cited]

    def in_entry(person: Name, among: list[Name]) -> bool | None:
        seen = [same_person(c, person) for c in among]
        return True if True in seen else (None if None in seen else False)

    lead = recorded[0]
    if not same_person(cited[0], lead) and in_entry(lead, named) is False and (
            _readable(lead) or _script_key(lead)):
        return ListDifference(first=lead)
    if cand.source not in ORDERED_LISTS:
        return None
    n = len(cited)
    if (n == len(recorded) or (f.others and n < len(recorded))) and all(
            same_person(c, r) for c, r in zip(cited, recorded)):
        return None  # the record's byline, in order (or its head, with 'et al.')
    left_out: tuple[Name, ...] = ()
    if not f.others and all(p.given.strip() for p in cited):
        # (a list of bare family names, 'Bran (2024)', is a short form, not a whole byline)
        left_out = tuple(p for p in recorded if in_entry(p, named) is False)
    places: list[int] = []
    for person in cited:  # each cited person's place in the record, one place each
        free = [k for k, p in enumerate(recorded) if k not in places and same_person(person, p)]
        if not free:
            break
        # ('Zhang, Yunyi' is the record's Zhang Yunyi, not the Zhang Yu before her)
        places.append(next((k for k in free if _written_given(person, recorded[k])), free[0]))
    reordered = len(places) == len(cited) and places != sorted(places)
    if left_out or reordered:
        return ListDifference(left_out=left_out, reordered=reordered)
    return None


def _group(name: Name) -> bool:
    """A name without a given name that is an organisation's ('ATLAS Collaboration')."""
    return not name.given.strip() and is_corporate(name.family)


def _written_given(cited: Name, found: Name) -> bool:
    """The record's person is the cited one by a given name written out on both sides (not
    only a family name and an initial, which many people share: Wang L., Kim J.)."""
    a = [w for w in _given_words(cited.given) if len(w) >= 2]
    b = [w for w in _given_words(found.given) if len(w) >= 2]
    if a and b and (set(a) & set(b) or "".join(a) == "".join(b)):
        return True
    # the names swapped on one side ('San, Zhang' / 'Zhang, San')
    return bool(a and translit(cited.given) == translit(found.family)
                and translit(cited.family) == translit(found.given))


def names_by_initials(pairs: list[AuthorPair] | None) -> bool:
    """Some cited person is matched by family name and initials alone."""
    return any(p.found is not None and p.similarity >= FAMILY_OK and not p.unread
               and _readable(p.cited) and not _written_given(p.cited, p.found)
               for p in pairs or [])


STRICT_KINDS = {"article", "chapter", "paper", "preprint", "review", "entry"}


def year_check(ref: Reference, cand: Candidate) -> tuple[float | None, str | None]:
    """(similarity, status): ok | near | later-edition | earlier-edition | mismatch.

    The tolerance depends on the type. An article, chapter or paper one year
    off is the online and the print date; more is another work (or a wrong
    year). A book is cited in many editions: a work-level record (all its
    editions' years) only rules out a year before its first edition; a record
    of one edition is another edition when the years differ.
    """
    cited = set(ref.fields.years or ([ref.fields.year] if ref.fields.year else []))
    found = {y for y in [cand.year, *cand.years] if y}
    if not cited or not found:
        return None, None
    if cand.year in cited:
        return 1.0, "ok"
    if cited & found:
        return 0.9, "ok"  # the cited year is one of the work's editions
    try:
        ci, fi = sorted(int(a) for a in cited), sorted(int(b) for b in found)
    except ValueError:
        return 0.0, "mismatch"
    gap = min(abs(a - b) for a in ci for b in fi)
    if gap <= 1:
        return 0.7, "near"
    if ref.type in PARTS or record_kind(cand) in STRICT_KINDS:
        return 0.0, "mismatch"
    if len(found) > 1:  # a work with several editions
        return (0.0, "mismatch") if ci[0] < fi[0] - 1 else (0.8, "later-edition")
    return (0.8, "later-edition") if ci[0] > fi[-1] else (0.8, "earlier-edition")


def year_similarity(ref: Reference, cand: Candidate) -> float | None:
    return year_check(ref, cand)[0]


_CONTAINER_STOP = {"of", "the", "and", "for", "in", "on", "de", "la", "le", "des", "der", "und",
                   "a"}


def _abbreviates(short: str, full: str) -> bool:
    """'Mol. Cell. Biochem.' abbreviates 'Molecular and Cellular Biochemistry'; 'J. Appl.
    Ecol.' and 'N Engl J Med' too: a one-letter abbreviation ('J.', 'N') is taken only
    beside a longer one, which says the name is abbreviated, not another name's initials."""
    s = [w for w in NON_WORD.sub(" ", fold(short)).split() if w not in _CONTAINER_STOP]
    f = [w for w in NON_WORD.sub(" ", fold(full)).split() if w not in _CONTAINER_STOP]
    if not s or len(s) != len(f) or s == f:
        return False
    if not any(len(a) >= 3 and a != b for a, b in zip(s, f)):
        return all(b.startswith(a) and (len(a) >= 2 or len(b) == 1) for a, b in zip(s, f))
    return all(b.startswith(a) for a, b in zip(s, f))


# Where a journal's or book's name may go on and still be that name: a subtitle
# ('…Society B: Biological Sciences'), a place or edition in brackets ('BMJ (Clinical
# research ed.)', 'Lancet (London, England)'), an 'of …' phrase ('Proceedings of the
# National Academy of Sciences of the United States of America'). Not a bare word:
# 'Nature Communications' is not 'Nature'.
# (no start inside a run of blanks but right after a cut that ends in one, '. ' or ' - ':
# linear, the same cuts)
_CONTAINER_CUT = re.compile(r"(?!(?<=[^.\-–—]\s)\s)(?:\s*(?:[:;(,]|\.\s|\s[-–—]\s)|\s+(?P<of>of)\s+)",
                            re.IGNORECASE)


@lru_cache(maxsize=1 << 14)
def _container_stems(name: str) -> tuple[str, ...]:
    """The shorter names ``name`` extends (normalised): its text before each cut. An 'of'
    cut keeps three content words at least ('Proceedings' is no journal's name)."""
    out = []
    for m in _CONTAINER_CUT.finditer(name):
        stem = norm_title(name[: m.start()])
        if stem and (not m.group("of") or len(content_words(stem)) >= 3):
            out.append(stem)
    return tuple(out)


def _same_name(a: str, b: str) -> float:
    """Ratio of two normalised names whose words pair up (typos, word forms): 'Society
    A' is not 'Society B', however alike the letters."""
    wa, wb = a.split(), b.split()
    if a != b and (_unpaired(wa, wb) or _unpaired(wb, wa)):
        return 0.0
    return fuzz.ratio(a, b) / 100


def container_similarity(ref: Reference, cand: Candidate) -> float | None:
    """The cited journal or book name against the record's: the best of the whole names,
    and of one name against the shorter name the other extends (a subtitle, a bracketed
    place, an 'of …' phrase left out on one side), and an abbreviation."""
    cited = ref.fields.journal or ref.fields.booktitle
    if not cited or not cand.container:
        return None
    a, b = norm_title(cited), norm_title(cand.container)
    sim = fuzz.ratio(a, b) / 100
    for stem in _container_stems(cand.container):
        sim = max(sim, _same_name(a, stem))
    for stem in _container_stems(cited):
        sim = max(sim, _same_name(stem, b))
    if sim < 0.9 and (_abbreviates(cited, cand.container) or _abbreviates(cand.container, cited)
                      or _same_repository(cited, cand.container)):
        sim = 0.9
    if other_number(cited, cand.container):
        # 'Proceedings of the 12th Workshop …' is not the 13th's, nor 'ICML 2019' 'ICML 2020'
        sim = min(sim, CONTAINER_OK - 0.1)
    return sim


def _same_repository(a: str, b: str) -> bool:
    """Both name one data repository ('Dryad Digital Repository' / 'Dryad')."""
    ma, mb = _DATA_REPOSITORY.search(a), _DATA_REPOSITORY.search(b)
    return bool(ma and mb and fold(ma.group(0)).split() == fold(mb.group(0)).split())


_PUBLISHER_NOISE = {
    "press", "publishers", "publisher", "publishing", "publications", "inc", "ltd", "co",
    "company", "books", "and", "house", "verlag", "editions", "editores", "llc", "pty",
    "limited", "corporation", "corp", "group", "the", "media", "science", "business",
}


def norm_publisher(text: str) -> str:
    words = NON_WORD.sub(" ", fold(text).replace("&", " and ")).split()
    kept = [w for w in words if w not in _PUBLISHER_NOISE]
    return " ".join(kept or words)


def publisher_similarity(ref: Reference, cand: Candidate) -> float | None:
    cited = ref.fields.publisher or ref.fields.school or ref.fields.institution
    names = cand.publishers or ([cand.publisher] if cand.publisher else [])
    if not cited or not names:
        return None
    a = norm_publisher(cited)
    return max(fuzz.token_set_ratio(a, norm_publisher(p)) for p in names) / 100


def norm_issue(text: str | None) -> str:
    """'1-2', '1/2', '1–2' -> '1-2'; 'No. 4' -> '4'."""
    return "-".join(re.findall(r"\d+|[a-z]+", fold(text or "").replace("no", " "))).strip("-")


def first_page(text: str | None) -> str:
    m = re.search(r"[a-z]?\d+", fold(text or ""))
    return m.group(0) if m else ""


_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")


def issue_value(text: str | None) -> str:
    """A volume or issue as a number when it is written as a word: 'LVIII' -> '58',
    'March' / 'Mar.' -> '3'; else :func:`norm_issue` ('No. 4' -> '4', '3/4' -> '3-4')."""
    t = fold(text or "").strip().rstrip(".")
    if re.fullmatch(r"[a-z]{3,9}", t):
        month = next((i for i, m in enumerate(_MONTHS, 1) if m.startswith(t)), None)
        if month:
            return str(month)
    if len(t) >= 2 and re.fullmatch(r"[ivxlc]+", t) and (n := _roman(t)):
        return str(n)
    return norm_issue(text)


def _issues_agree(a: str, b: str) -> bool:
    """Equal, or one issue inside the other's double issue ('3' in '3-4')."""
    if a == b:
        return True
    ra, rb = re.fullmatch(r"(\d+)(?:-(\d+))?", a), re.fullmatch(r"(\d+)(?:-(\d+))?", b)
    if not (ra and rb):
        return False
    (a0, a1), (b0, b1) = ((int(m[1]), int(m[2] or m[1])) for m in (ra, rb))
    return (b0 <= a0 <= a1 <= b1) or (a0 <= b0 <= b1 <= a1)


def _article_number(pages: str) -> bool:
    """An article number, not a page: 'e0123456', '104567' (no range)."""
    return bool(re.fullmatch(r"e\d+|[a-z]?\d{5,}", fold(pages).strip()))


def number_checks(ref: Reference, cand: Candidate) -> dict[str, bool]:
    """volume / number / pages the reference and the record both give: equal? (Pages cited
    where the record gives an article number are left out: a PDF's pages '1–12' are no
    other place. The reverse is kept: a record's page 'S12' against a cited article
    number is a meeting abstract's place.)"""
    f = ref.fields
    out: dict[str, bool] = {}
    if f.volume and cand.volume:
        out["volume"] = issue_value(f.volume) == issue_value(cand.volume)
    if f.number and cand.issue:
        out["number"] = _issues_agree(issue_value(f.number), issue_value(cand.issue))
    if f.pages and cand.pages and ref.type in PARTS:
        same = first_page(f.pages) == first_page(cand.pages)
        if same or not _article_number(cand.pages) or _article_number(f.pages):
            out["pages"] = same
    return out


# ------------------------------------------------------------------ types of work

# BibTeX entry type -> the kind of work cited
CITED_KIND = {
    "article": "article", "incollection": "chapter", "inbook": "chapter",
    "inproceedings": "paper", "book": "book", "phdthesis": "thesis",
    "mastersthesis": "thesis", "techreport": "report",
}
# catalogue record types (Crossref, OpenAlex, Open Library, Google Books, LoC) -> kind
RECORD_KIND = {
    "journal-article": "article", "article": "article", "review": "article", "letter": "article",
    "editorial": "article", "erratum": "article", "magazine": "article",
    "book-chapter": "chapter", "book-part": "chapter", "book-section": "chapter",
    "chapter": "chapter",
    "book": "book", "monograph": "book", "edited-book": "book", "reference-book": "book",
    "book-set": "book", "book-series": "book", "book-track": "book", "work": "book",
    "edition": "book",
    "proceedings-article": "paper", "proceedings": "book",
    "posted-content": "preprint", "preprint": "preprint",
    "reference-entry": "entry", "peer-review": "review",
    "dissertation": "thesis", "report": "report", "dataset": "dataset", "component": "dataset",
    "supplementary-materials": "dataset", "software": "dataset", "grant": "grant",
}
# record types of a notice about a work, or of a journal's paratext (front matter, covers)
NOTICE_KINDS = {"erratum", "retraction", "paratext", "expression-of-concern"}
# cited kind -> record kinds that can be the cited work itself
COMPATIBLE = {
    "article": {"article", "preprint", "paper"},
    "chapter": {"chapter", "paper", "entry"},
    "paper": {"paper", "article", "chapter", "preprint"},
    # A dissertation and the book made of it are two works (years, publisher, text
    # differ); only a library catalogue's generic "book" record may be the thesis.
    "book": {"book", "report"},
    "thesis": {"thesis", "book"},
    "preprint": {"preprint", "article", "paper", "report"},
    "report": {"report", "book", "article", "preprint"},
    # A data set or a program is not the paper that uses it (nor the reverse).
    "dataset": {"dataset"},
}
# record kind that is not the cited work -> the relation reported
KIND_RELATION = {
    "chapter": "chapter", "book": "book", "article": "article", "entry": "entry",
    "review": "review", "preprint": "preprint", "thesis": "thesis", "dataset": "dataset",
    "notice": "notice",
}
# Preprint servers: a record there is a preprint, whatever type the catalogue gives it.
_PREPRINT_SERVER = re.compile(
    r"\b(?:arxiv|biorxiv|medrxiv|chemrxiv|psyarxiv|socarxiv|ssrn|research\s*square|preprints?"
    r"|osf\s+preprints|techrxiv|eartharxiv)", re.IGNORECASE)


# Data repositories: a record there without a paper's type is the data, not the paper.
_DATA_REPOSITORY = re.compile(r"\b(?:figshare|dryad|pangaea|dataverse|mendeley\s+data)\b",
                              re.IGNORECASE)


def cited_kind(ref: Reference) -> str | None:
    """The kind of work cited; an e-print (a preprint server as journal, or an arXiv id with
    no journal) is a preprint. A journal article that also gives its arXiv id (as INSPIRE
    and ADS export nearly every physics paper) is the article."""
    f = ref.fields
    if ref.type == "book" and f.publisher and _DATA_REPOSITORY.search(f.publisher):
        # '<title>. Dryad Digital Repository.': a data repository read as a book's publisher
        return "dataset"
    if ref.type not in ("misc", "unpublished", "article", "techreport"):
        return CITED_KIND.get(ref.type)
    if _PREPRINT_SERVER.search(" ".join(
            x for x in (f.journal, f.howpublished, f.publisher, f.institution) if x)):
        return "preprint"
    if (f.eprint or f.eprinttype) and not (ref.type == "article" and f.journal):
        return "preprint"
    if ref.type in ("misc", "unpublished") and cited_as_data(ref):
        return "dataset"
    if ref.type == "article" and f.journal and _DATA_REPOSITORY.search(f.journal):
        # '<title>. Harvard Dataverse. https://doi.org/…': the repository read as a journal
        return "dataset"
    return CITED_KIND.get(ref.type)


# How an entry says it cites data or a program: its type (APA's '[Data set]',
# '[Computer software]', BibLaTeX's @dataset/@software) or a data repository.
_DATA_TYPE = re.compile(rf"^\s*(?:{DATA_TYPES})\b", re.IGNORECASE)


def cited_as_data(ref: Reference) -> bool:
    """The entry cites a data set or software (not a paper)."""
    f = ref.fields
    written = (ref.source.entry_type if ref.source else "").lower()
    return (written in ("dataset", "software")
            or bool(f.type and _DATA_TYPE.search(f.type))
            or bool(_DATA_REPOSITORY.search(" ".join(
                x for x in (f.howpublished, f.publisher, f.journal) if x))))


def record_kind(cand: Candidate) -> str | None:
    kind = (cand.kind or "").lower()
    if cand.source in ("openlibrary", "loc") and kind in ("", "work", "edition", "book"):
        return "book"
    mapped = RECORD_KIND.get(kind)
    if mapped is None and kind in ("", "other") and _DATA_REPOSITORY.search(
            f"{cand.container or ''} {cand.publisher or ''}"):
        return "dataset"
    if mapped in (None, "article", "report") and _PREPRINT_SERVER.search(
            f"{cand.container or ''} {cand.publisher or ''}"):
        return "preprint"
    return mapped


_REVIEW = re.compile(
    r"^\s*(?:book\s+)?reviews?\s*(?:of\b|:)|^\s*rev\.\s+of\b|^\s*reviewed\s+works?\b|"
    r"^\s*(?:decision\s+letter|author\s+response|editor'?s\s+evaluation|referee\s+report)"
    r"\s*(?::|$)|"
    r"\(\s*(?:book\s+)?review\s*\)\s*$|"
    r"\[\s*review\s+of\b",  # APA: 'Essay title [Review of the book X, by A. Author]'
    re.IGNORECASE,
)
# APA's bracket: the reviewed work's kind and title, then its author
_REVIEW_BRACKET = re.compile(
    r"\[\s*review\s+of\s+(?:the\s+(?:book|film|edited\s+book|monograph)\s+)?(?P<title>[^\]]+?)"
    r"(?:,\s*(?:by|edited\s+by|ed\.|eds\.)\s[^\]]*)?\s*\]", re.IGNORECASE)


# Journals that publish only reviews, each titled with the reviewed book's title (and
# often listing its author): a record there is a review, unless that journal is cited.
_REVIEW_OUTLET = re.compile(
    r"^\s*(?:choice\s+reviews(?:\s+online)?|choice:.*|kirkus\s+reviews|publishers\s+weekly"
    r"|booklist|library\s+journal|school\s+library\s+journal|reference\s+reviews"
    r"|reference\s+&\s+research\s+book\s+news|the\s+booklist)\s*$",
    re.IGNORECASE)


def review_outlet(ref: Reference, cand: Candidate) -> bool:
    """The record is in a review-only journal the entry does not cite."""
    if not cand.container or not _REVIEW_OUTLET.match(cand.container):
        return False
    cited = ref.fields.journal or ref.fields.booktitle
    return not (cited and fuzz.ratio(norm_title(cited), norm_title(cand.container)) >= 80)


def review_title(text: str | None) -> bool:
    """'Review of …', 'Book review: …', 'Decision letter: …', '… (review)'."""
    return bool(text and _REVIEW.search(text))


def strip_review(text: str) -> str:
    """The reviewed work's title inside a review's title."""
    bracket = _REVIEW_BRACKET.search(text)
    if bracket:
        return bracket.group("title").strip(" :.-")
    m = _REVIEW.search(text)
    if not m:
        return text
    return (text[: m.start()] + text[m.end():]).strip(" :.-")


# A notice about a work, titled with the work's title: a correction, retraction,
# comment, reply, abstract, the data or supplement of a paper.
_NOTICE_WORDS = (
    r"corrections?|errat(?:um|a)|corrigend(?:um|a)|addend(?:um|a)|retraction(?:\s+notes?|\s+notice)?"
    r"|notice\s+of\s+retraction|expression\s+of\s+concern|withdrawal(?:\s+notice)?"
    r"|notice\s+of\s+violation\s+of\s+(?:ieee\s+)?publication\s+principles"
    r"|comments?|commentary|reply|replies|response|rejoinder|discussion|closure"
    r"|(?:conference\s+|meeting\s+)?abstracts?"
    r"|supplementa(?:ry|l)(?:\s+(?:material|materials|information|data|file|files|tables?))?"
    r"|supporting\s+(?:information|material|data)|data(?:set)?|source\s+data|peer\s+review\s+file"
    r"|replication\s+(?:package|data|files?|materials?|code)"
    # a short version or a digest of the work: the poster, demo or extended abstract of a
    # paper, a talk on it, a summary or highlight of it in another journal
    r"|posters?|demo(?:nstration)?s?|extended\s+abstracts?|keynote(?:\s+(?:talk|address|lecture))?"
    r"|invited\s+(?:talk|lecture|address)|(?:plain[\s-]+language\s+|lay\s+|video\s+"
    r"|graphical\s+|press\s+)?summary|summaries|in\s+brief|research\s+highlights?|highlights?"
    r"|news\s+(?:and|&)\s+views|press\s+release"
)
_NOTICE_HEAD = re.compile(
    # 'Author Correction', 'Publisher Correction', 'Editorial Expression of Concern'
    rf"^\s*(?:(?:authors?|publishers?|editors?)(?:'s|s')?\s+|editorial\s+)?"
    rf"(?P<word>{_NOTICE_WORDS})\b"
    r"(?:\s+(?:no\.\s*)?[a-z]{0,3}-?\d+[a-z]?)?"  # 'Abstract 2345:', 'Abstract P-12:'
    r"(?:\s+(?:to|on|for|of|from|in|regarding|about|concerning))?"
    # what the noticed work is ('Erratum for the Report “X”', as Science titles one)
    r"(?:\s+(?:the\s+)?(?:article|paper|comments?|reply|letter|review|report|research\s+article"
    r"|review\s+article|research\s+letter|perspective|brief\s+communication"
    r"|original\s+investigation|technical\s+comment))?"
    r"(?:\s+(?:to|on|for|of|from|by|in))?\s*(?::|[-–—]\s|[\"“”‘’«'])\s*[\"“”‘’«']?"
    rf"|^\s*(?:(?:authors?|publishers?|editors?)(?:'s|s')?\s+)?"
    rf"(?P<word2>{_NOTICE_WORDS})\s+(?:to|on|for|of|from|regarding|concerning)\s+"
    # JAMA: 'Notice of Retraction and Replacement. Hartmann et al. X. JAMA. 2021;…'
    r"|^\s*(?P<word3>(?:notice\s+of\s+)?retraction\s+and\s+replacement)\s*[.:]\s+",
    re.IGNORECASE,
)
# 'X (Erratum)', 'X [Poster]', 'X - Corrigendum' at a title's end. Either form alone (one of
# them only can end a text: in a bracket or in a word), from where it can start
# (_notice_tail): tried from every '(' of a long text, the bracket ran to its end each time
_NOTICE_TAIL_BRACKET = re.compile(
    rf"{RUN_START}(?:\s*[\(\[]\s*(?:errat(?:um|a)|corrigend(?:um|a)|correction|addendum|retraction"
    r"|poster|demo(?:nstration)?|(?:extended\s+)?abstract|keynote|invited\s+talk)"
    r"[^\)\]]*[\)\]]"
    # Web of Science titles a correction with the corrected article's place:
    # 'X (vol 58, pg 100, 2021)'
    r"|\s*\(\s*vol\.?\s*\w+\s*,\s*pg\.?\s*\w+(?:\s*,\s*(?:1[6-9]|20)\d\d)?\s*\))\s*$",
    re.IGNORECASE,
)
_NOTICE_TAIL_WORD = re.compile(
    rf"{RUN_START}\s*\s[-–—:]\s*(?:errat(?:um|a)|corrigend(?:um|a)|correction|addendum)\s*$",
    re.IGNORECASE,
)


def _notice_tail(text: str) -> re.Match[str] | None:
    """The notice word that ends *text* in a bracket or after a dash or colon, or None.

    A bracket ends the text, and holds no other ')' or ']': it opens after the one
    before its own, where the search starts (each try from a '(' before it would
    run to the end in vain). A text that ends in no bracket can only end in a word.
    """
    tail = text.rstrip()
    if tail.endswith((")", "]")):
        start = max(tail.rfind(")", 0, len(tail) - 1), tail.rfind("]", 0, len(tail) - 1)) + 1
        return _NOTICE_TAIL_BRACKET.search(text, start)
    return _NOTICE_TAIL_WORD.search(text)


# After a notice's head: the noticed work's place in brackets ('Erratum: X [Phys. Rev. B
# 58, 100 (2021)]', as APS titles one), its authors before its title ('Correction for
# Smith et al., X', 'Correction for Smith and Jones, X', as PNAS does).
# JAMA's: its authors before the title and its place after it, Vancouver style ('Hartmann
# et al. X. JAMA. 2021;325(4):100-110.').
# where the noticed article was printed, after its title: "[J. 5 (2020) 1]" or
# "Lancet. 2020;395(10223):497." (possessive: linear on long runs of spaces or digits)
_NOTICED_CITATION = re.compile(
    r"(?<=[.?!])\s++[A-Z][\w.&' ]{0,80}\.\s++(?:1[6-9]|20)\d\d\s*+;\s*+\d++(?:\s*+\([\w-]+\))?"
    r"\s*+:\s*+[\w-]++\.?\s*$")


def _without_noticed_place(text: str) -> str:
    """*text* without the bracketed or Vancouver citation of the noticed article at its end."""
    t = text.rstrip()
    if t.endswith("]"):
        k = t.rfind("[", 0, len(t) - 1)
        inner = t[k + 1:-1] if k >= 0 else ""
        if k >= 0 and "]" not in inner and any(c.isdigit() for c in inner):
            return t[:k].rstrip()
        return text
    m = _NOTICED_CITATION.search(t)
    return t[:m.start()] if m else text
_NOTICED_AUTHORS = re.compile(
    r"^[A-Z][\w'’\-]+(?:\s+et\s+al\.?,?|\s+(?:and|&)\s+[A-Z][\w'’\-]+,)\s+")
_DATA_WORD = re.compile(r"^(?:supplementa|supporting|data|source|peer|replication)",
                        re.IGNORECASE)


@lru_cache(maxsize=1 << 14)
def notice_of(text: str | None) -> tuple[str, str] | None:
    """('notice' | 'dataset', the noticed work's title) for 'Correction to: X',
    'Comment on “X”', 'Reply to: Comment on X', 'Data from: X', 'X (Erratum)'; else None."""
    if not text:
        return None
    rest, what = text, None
    for _ in range(3):  # 'Reply to: Comment on X'
        m = _NOTICE_HEAD.match(rest)
        if not m:
            break
        word = m.group("word") or m.group("word2") or m.group("word3")
        what = what or ("dataset" if _DATA_WORD.match(word) else "notice")
        rest = rest[m.end():]
    opening = re.search(r"([\"“‘«'])\s*$", text[: len(text) - len(rest)])
    if what and opening:  # 'Corrigendum to “X” [J. 5 (2020) 1]': X ends at its closing quote
        close = {"“": "”", "«": "»", "‘": "’", "'": "'", '"': '"'}[opening.group(1)]
        quoted = re.match(rf"^(.+?){close}(?=[\s.,;:)\]]|$)", rest)
        if quoted:
            rest = quoted.group(1)
    m = _notice_tail(rest)
    if m:
        what, rest = what or "notice", rest[: m.start()]
    if what is None:
        return None
    rest = _NOTICED_AUTHORS.sub("", _without_noticed_place(rest), count=1)
    rest = rest.strip(" :.-\"“”‘’«»'")
    return (what, rest) if rest else None


# A numbered member of a series: 'Part II', 'I. Theory', 'Book 2', '… 3'.
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "first": 1, "second": 2, "third": 3,
                 "fourth": 4, "fifth": 5, "sixth": 6}
_ROMAN_RE = r"(?:x{0,3})(?:ix|iv|v?i{0,3})"
_MARKED = rf"(?P<a>\d{{1,2}}|{'|'.join(_NUMBER_WORDS)}|(?=[ivx]){_ROMAN_RE})\b"
_PART = re.compile(
    r"\b(?:part|pt|book|paper|study|section|teil|partie|livre|parte)\.?\s*" + _MARKED +
    rf"|(?:^|[\s,;:.])(?P<b>(?=[ivx]){_ROMAN_RE})(?=\s*[.:]|\s*$)"
    r"|\s(?P<c>\d{1,2})(?=\s*:(?!\s*\d)|\.(?![\d.])|\s*$)"
    # '… (II)', '… (2)', '…-II' (not 'CO(2)', not 'COVID-19')
    rf"|\s\(\s*(?P<d>(?=[ivx]){_ROMAN_RE}|\d{{1,2}})\s*\)"
    rf"|\w-(?P<e>(?=[ivx]){_ROMAN_RE})\b",
    re.IGNORECASE,
)
# What names a paper of a series as such: a marker ('Part II', 'Paper 2', 'Vol. 3') or a
# numeral ending the title after '. ' ('Studies on X. II').
_SERIES = re.compile(
    r"\b(?:part|pt|book|paper|vol(?:ume)?|teil|partie|livre|parte)\.?\s*" + _MARKED +
    rf"|\.\s+(?P<b>(?=[ivx]){_ROMAN_RE}|\d{{1,2}})\s*\.?\s*$",
    re.IGNORECASE,
)


def _roman(raw: str) -> int | None:
    """'lviii' -> 58; None when ``raw`` is no roman numeral."""
    raw = raw.lower()
    if not raw or not re.fullmatch(r"m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})",
                                   raw):
        return None
    total = 0
    for i, ch in enumerate(raw):
        v = _ROMAN[ch]
        total += -v if i + 1 < len(raw) and _ROMAN[raw[i + 1]] > v else v
    return total


def _number(raw: str) -> int | None:
    raw = raw.lower()
    if raw.isdigit():
        return int(raw)
    if raw in _NUMBER_WORDS:
        return _NUMBER_WORDS[raw]
    if not re.fullmatch(_ROMAN_RE, raw):
        return None
    return _roman(raw)


def _numerals(pattern: re.Pattern[str], text: str | None) -> frozenset[int]:
    out = set()
    for m in pattern.finditer(fold(text or "")):
        raw = next((g for g in m.groups() if g), "")
        # a lone 'v' or 'x' is versus, an initial or a letter ('Roe v. Wade', 'V. Dokuchaev',
        # 'Generation X'), unless a marker names it ('Part V')
        if raw.lower() in ("v", "x") and not m.group("a"):
            continue
        n = _number(raw)
        if n:
            out.add(n)
    return frozenset(out)


@lru_cache(maxsize=1 << 14)
def part_numbers(text: str | None) -> frozenset[int]:
    """The series numbers a title carries ('Part II' -> {2}, 'Studies on X. I. Theory' -> {1},
    'X (II)', 'X (2)' and 'X-II' -> {2}; a lettered part, 'Part B:', -> {1002})."""
    letters = {_LETTERED + ord(m[1]) - ord("A") + 1 for m in _PART_LETTER.finditer(text or "")}
    return _numerals(_PART, text) | letters


# 'Part A: …' / 'Part B: …' (a capital letter after the marker, the title going on after a
# colon, a stop or a dash, or ending: 'Part A of the plan' is no lettered part). Counted
# apart from the numbers: Part A is not Part 1.
_PART_LETTER = re.compile(r"(?<![\w])(?:Part|PART|Pt\.?)\s+([A-H])(?=\s*(?:[:.,;)\]]|[-–—]\s|$))")
_LETTERED = 1000


@lru_cache(maxsize=1 << 14)
def series_numbers(text: str | None) -> frozenset[int]:
    """The numbers a title explicitly names a paper of a series by ('Part II', 'X. II')."""
    return _numerals(_SERIES, text)


_VOLUME = re.compile(
    r"\b(?:vol(?:ume)?s?\.?|tome|band|bd\.|t\.)\s*([0-9]{1,3}|[ivxlc]{1,6})\b"
    r"|\bpart\s+([0-9]{1,3})\b",
    re.IGNORECASE,
)
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


@lru_cache(maxsize=1 << 12)
def set_title(text: str | None) -> str:
    """The title of a multi-volume set a volume's title names before its own subtitle and
    without its number: 'Histoire de la sexualité, tome 2 : L'usage des plaisirs' ->
    'histoire de la sexualite'."""
    return title_key(_VOLUME.sub(" ", _main_title(text or "")))


def _volume_number(text: str | None) -> int | None:
    if not text:
        return None
    m = _VOLUME.search(text)
    if not m:
        return None
    raw = (m.group(1) or m.group(2)).lower()
    return as_int(raw) if raw.isdigit() else _roman(raw)


_EDITION = re.compile(
    r"\b(\d{1,2}|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)"
    r"(?:st|nd|rd|th|\.)?(?:\s+(?:rev(?:ised)?\.?|revised\s+and\s+\w+|enl(?:arged)?\.?))?"
    r"\s*(?:ed(?:ition)?|edn|aufl(?:age)?|auflage)\b\.?",
    re.IGNORECASE)
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
             "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10}


@lru_cache(maxsize=1 << 14)
def edition_number(text: str | None, *, in_title: bool = False) -> int | None:
    """'3rd edition', 'Second ed.', '2. Auflage', a bare '2' (BibTeX edition) -> the number.

    ``in_title``: *text* is a title, where only a stated edition counts ("First Things
    First" is no first edition).
    """
    if in_title:
        m = _EDITION.search(fold(text or ""))
        if not m:
            return None
        raw = m.group(1).lower()
        return as_int(raw) if raw.isdigit() else _ORDINALS.get(raw)
    t = fold(text or "").strip()
    if re.fullmatch(r"\d{1,2}", t):
        return int(t)
    if t in _ORDINALS:
        return _ORDINALS[t]
    m = _EDITION.search(t) or re.match(r"^(\d{1,2})(?:st|nd|rd|th)\b", t) or re.match(
        rf"^({'|'.join(_ORDINALS)})\b", t)
    if not m:
        return None
    raw = m.group(1).lower()
    return as_int(raw) if raw.isdigit() else _ORDINALS[raw]


@lru_cache(maxsize=1 << 14)
def _number_text(text: str | None) -> str:
    """A title with its numbers written one way: any dash is '-', '10,000' is '10000',
    '1914–18' is '1914-1918' ('1999–00' 1999-2000), '10⁶' is '10 6' (not 106); the edition
    and the volume statements left out, which other rules weigh ('2nd ed.' is another
    edition of the work, 'Vol. 2' another volume)."""
    t = _DASHES.sub("-", text or "")
    t = _SUPERSCRIPT.sub(lambda m: f" {m[0]}", t)
    t = _THOUSANDS.sub("", t)  # before folding, which makes a thin space a space
    t = words_as_digits(_VOLUME.sub(" ", _EDITION.sub(" ", fold(t))))
    t = _KIND_NUMERAL.sub(lambda m: f"{m[1]} {_roman(m[2])}", t)
    return _SHORT_RANGE.sub(_full_range, t)


# A roman numeral that numbers a kind ('Type I', 'class II', 'phase III', 'stage IV'):
# another number than another numeral's, as 'type 1' is not 'type 2'.
_KIND_NUMERAL = re.compile(
    r"\b(type|class|phase|stage|grade|group|level|category|tier)\s*-?\s*"
    r"(i{1,3}|iv|vi{0,3}|ix)\b")  # ('X' left out: 'Generation X', 'Type X' are names)


def _full_range(m: re.Match[str]) -> str:
    century = int(m[1][:2]) + (int(m[2]) < int(m[1][2:]))
    return f"{m[1]}-{century}{m[2]}"


@lru_cache(maxsize=1 << 14)
def title_numbers(text: str | None) -> frozenset[str]:
    """The numbers a title names its work by ('Report 2019', 'a phase 2 trial', '1990–2017',
    'a 12-month follow-up')."""
    return frozenset(n.lstrip("0") or "0" for n in re.findall(r"\d+", _number_text(text)))


_DASHES = re.compile(r"[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")
_SUPERSCRIPT = re.compile(r"[\u2070\u00b9\u00b2\u00b3\u2074-\u2079]+")
# a thousands separator: not a plain space ('COVID-19 100 days on' is 19 and 100)
_THOUSANDS = re.compile(r"(?<=\d)[,.\u00a0\u2009\u202f](?=\d{3}(?!\d))")
_SHORT_RANGE = re.compile(r"(?<![0-9])(1\d{3}|20\d{2})\s*[-/]\s*(\d{2})\b(?!\s*[-/]?\d)")


def other_number(cited: str | None, found: str) -> bool:
    """Both titles carry numbers and neither's are all in the other's: the 2018 and the
    2019 report, phase 2 and phase 3, a 12- and a 24-month follow-up are different works
    (one side giving a number the other leaves out is not a difference, nor the same
    digits grouped another way: '2 000' / '2000')."""
    a, b = title_numbers(cited), title_numbers(found)
    if not (a and b and not (a <= b or b <= a)):
        return False
    return re.sub(r"\D", "", _number_text(cited)) != re.sub(r"\D", "", _number_text(found))


def volume_relation(ref: Reference, cand: Candidate) -> str | None:
    """'other-volume' / 'volume' (the record is one volume, the entry cites the set) / None.

    Only for books: a journal's volume is a number to compare, not a set.
    """
    if ref.type in PARTS or record_kind(cand) not in (None, "book"):
        return None
    cited = _volume_number(ref.fields.title) or _volume_number(
        f"vol. {ref.fields.volume}" if ref.fields.volume else None)
    found = _volume_number(f"{cand.title} {cand.subtitle}") or _volume_number(
        f"vol. {cand.volume}" if cand.volume else None)
    if cited is not None and found is not None and cited != found:
        return "other-volume"
    if cited is None and found is not None:
        return "volume"
    return None


# ISO 639-2 (Open Library, MARC) and names (Library of Congress) -> ISO 639-1
_LANG = {
    "eng": "en", "english": "en", "spa": "es", "spanish": "es", "fre": "fr", "fra": "fr",
    "french": "fr", "ger": "de", "deu": "de", "german": "de", "ita": "it", "italian": "it",
    "por": "pt", "portuguese": "pt", "rus": "ru", "russian": "ru", "dut": "nl", "nld": "nl",
    "dutch": "nl",
}
# Function words and publishing words that say which language a citation is written in.
_LANG_WORDS = {
    "en": {"the", "of", "and", "in", "to", "for", "on", "with", "from", "new", "york", "london",
           "press", "university", "books", "an", "how", "what", "why", "is", "are", "my", "your"},
    "es": {"el", "los", "las", "del", "y", "una", "con", "por", "para", "editorial", "madrid",
           "barcelona", "libros", "sobre", "como"},
    "fr": {"le", "les", "des", "du", "et", "une", "dans", "pour", "sur", "avec", "paris",
           "editions", "presses", "au", "aux"},
    "de": {"der", "die", "das", "und", "ein", "eine", "mit", "von", "zur", "zum", "verlag",
           "berlin", "munchen", "uber", "im"},
    "it": {"il", "gli", "della", "delle", "dei", "e", "una", "con", "per", "editore", "milano",
           "roma", "nella"},
}


def language_code(text: str | None) -> str | None:
    t = (text or "").lower().strip()
    return _LANG.get(t, t if len(t) == 2 else None)


@lru_cache(maxsize=1 << 12)
def _guess_language(text: str) -> str | None:
    words = NON_WORD.sub(" ", fold(text)).split()
    counts = {lang: sum(w in vocab for w in words) for lang, vocab in _LANG_WORDS.items()}
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    (top, n), (_, second) = ranked[0], ranked[1]
    return top if n >= 2 and n >= 2 * second else None


def cited_language(ref: Reference) -> str | None:
    """The language a citation is written in, when its words say so clearly; else None."""
    f = ref.fields
    return _guess_language(" ".join(x for x in (f.title, f.publisher, f.address, f.journal,
                                                 f.booktitle) if x))


def translation_relation(ref: Reference, cand: Candidate) -> bool:
    """The record is a translation of the cited work (or the original of a cited translation)."""
    if cand.translation_of and not ref.fields.translator:
        return True
    lang = language_code(cand.language)
    cited = cited_language(ref)
    return bool(lang and cited and lang != cited)

# ------------------------------------------------------------------ one candidate

# Relations that make a record another work than the one cited, whatever else agrees.
HARD_RELATIONS = {"review", "chapter", "book", "article", "entry", "translation", "other-volume",
                  "other-authors", "other-work", "notice", "other-part", "dataset"}
# Relations that name another record of the same work (another edition, the preprint
# of the article, the article of the preprint): a lead to suggest, never `verified`.
VERSION_RELATIONS = {"other-edition", "preprint", "published"}


@dataclass(frozen=True)
class MatchScore:
    """The evidence for one candidate: field similarities, totals and a level."""

    candidate: Candidate
    total: float
    title: float
    author: float | None
    first_author: float | None
    year: float | None
    container: float | None
    publisher: float | None
    numbers: dict[str, bool]
    id_match: bool
    id_conflict: bool
    level: str  # verified | probable | none
    agreed: list[str] = field(default_factory=list)
    disagreed: list[str] = field(default_factory=list)
    pairs: list[AuthorPair] | None = None
    author_ok: bool | None = None
    year_status: str | None = None
    relation: str | None = None  # what the record is, when not simply the cited work
    note: str | None = None  # a difference the verdict rests on (the list of people)


def grown_byline(pairs: list[AuthorPair] | None, cand: Candidate) -> bool:
    """The preprint names the cited article's first author first and most of its people,
    but not all: people who joined the work before it was published (ChemCrow's arXiv
    record names four of the article's six)."""
    if not pairs or not cand.authors or pairs[0].found is None:
        return False
    first = pairs[0]
    matched = sum(1 for p in pairs if p.similarity >= FAMILY_OK)
    return (first.similarity >= FAMILY_OK and first.found == cand.authors[0]
            and matched >= 2 and 2 * matched > len(pairs))


def _ids_agree(ref: Reference, cand: Candidate) -> tuple[bool, bool]:
    """(an identifier agrees, the DOI disagrees)."""
    doi = clean_doi(ref.fields.doi)
    match = bool(doi and cand.doi and doi == cand.doi)
    conflict = bool(doi and cand.doi and doi != cand.doi)
    isbn = isbn13(ref.fields.isbn) if ref.fields.isbn else None
    if isbn and isbn in cand.isbns:
        match = True
    return match, conflict


def relation_of(ref: Reference, cand: Candidate, title: float, author_ok: bool | None,
                year_status: str | None, publisher: float | None = None,
                pairs: list[AuthorPair] | None = None) -> str | None:
    """What the record is, when it is not simply the cited work (see models.Relation)."""
    if review_title(cand.title) and not review_title(ref.fields.title) and (
            title_ratio_plain(ref, strip_review(cand.title)) >= title):
        return "review"  # the entry names the reviewed work (not the review, typo'd)
    if review_outlet(ref, cand):
        return "review"  # Choice, Kirkus …: the book's title on a review of it
    if _author_then_title(ref, cand.title) and not any(
            family_similarity(p.family, o.family) >= FAMILY_OK
            for p in (ref.fields.author or ref.fields.editor)[:1] for o in cand.authors):
        return "review"  # 'Whitfield, Margaret. The Architecture of Memory.' by a reviewer
    notice = notice_of(cand.title)
    if notice and not notice_of(ref.fields.title) and (
            notice_ratio(ref, notice[1]) >= max(title, TITLE_LOOSE)):
        return notice[0]  # 'Correction to: X', 'Data from: X' — about the work, not it
    ck, rk = cited_kind(ref), record_kind(cand)
    if (cand.kind or "").lower() in NOTICE_KINDS and not notice_of(ref.fields.title) and not (
            generic_title(ref.fields.title)):
        return "notice"
    # (the record's title alone too: 'Generation X' ends there, not after its subtitle)
    pa = part_numbers(ref.fields.title)
    pb = part_numbers(f"{cand.title} {cand.subtitle}") | part_numbers(cand.title)
    sa = series_numbers(ref.fields.title)
    if (pa and pb and not (pa <= pb or pb <= pa)) or (sa and not pb and min(sa) >= 2):
        # 'Part I' cited, 'Part II' found: another paper of the series (a book's: volume).
        # 'Part II' cited and a record with no number: the series' first paper, unnumbered
        # (only a marked number: 'World War II', 'MHC class II' name no series).
        return "other-volume" if ref.type not in PARTS and rk in (None, "book") else "other-part"
    if other_number(ref.fields.title, f"{cand.title} {cand.subtitle}"):
        return "other-part"  # 'Report 2018' for 'Report 2019', 'phase 3' for 'phase 2'
    if "thesis" in (ck, rk) and ck != rk and (rk == "thesis" or cand.source in (
            "crossref", "openalex")):
        # Crossref and OpenAlex type a dissertation as one: their book is the later book.
        return "thesis"
    if ck == "preprint" and rk in ("article", "paper"):
        return "published"
    if ck and rk and ck in COMPATIBLE and rk not in COMPATIBLE[ck]:
        # A journal record titled like the book is a review of it.
        return "review" if ck == "book" and rk == "article" else KIND_RELATION.get(rk, "other-work")
    vol = volume_relation(ref, cand)
    if vol == "other-volume":
        return vol
    if translation_relation(ref, cand):
        return "translation"
    if author_ok is False and not (ck == "article" and rk == "preprint"
                                   and grown_byline(pairs, cand)):
        return "other-authors"
    if vol:
        return vol
    if ck == "article" and rk == "preprint":
        return "preprint"
    if year_status in ("later-edition", "earlier-edition"):
        return "other-edition"
    cited_ed = (edition_number(ref.fields.edition)
                or edition_number(ref.fields.title, in_title=True))
    found_ed = edition_number(f"{cand.title} {cand.subtitle}", in_title=True)
    if cited_ed and found_ed and cited_ed != found_ed:
        return "other-edition"  # '2nd ed.' cited, the record says '3rd edition'
    if (rk == "book" and publisher is not None and publisher < 0.5
            and len({y for y in [cand.year, *cand.years] if y}) <= 1):
        return "other-edition"  # one edition's record, another publisher: another edition
    return None


# Titles that many different works carry: the title says nothing about which one.
GENERIC_TITLES = {
    "introduction", "editorial", "preface", "foreword", "index", "front matter", "back matter",
    "frontmatter", "backmatter", "book reviews", "book review", "reviews", "untitled",
    "contents", "table of contents", "acknowledgements", "acknowledgments", "conclusion",
    "conclusions", "abstracts", "letter to the editor", "letters", "correspondence",
    "in this issue", "obituary", "news", "announcements", "erratum", "errata", "corrigendum",
    "correction", "epilogue", "prologue", "afterword", "bibliography", "references",
    "notes on contributors", "list of contributors", "reviewers", "editors note",
    "editor s note", "guest editorial", "commentary", "discussion", "summary", "overview",
    "title page", "copyright page", "dedication", "appendix", "glossary", "masthead",
    "reply", "response", "comment", "comments", "authors reply", "author reply", "retraction",
    "retraction notice", "expression of concern", "withdrawn", "correction notice", "notes",
    "books received", "call for papers", "guest editors introduction", "editors introduction",
    "introduction to the special issue", "review", "review article", "short communication",
}


# What a reply or comment may be about without naming a work: 'Reply to comments',
# 'Response to the reviewers', 'Reply to the discussion'.
_GENERIC_NOTICED = {"comments", "comment", "discussion", "discussions", "reviewers", "referees",
                    "editor", "letter", "letters", "critics", "commentators", "commentaries",
                    "commentary", "discussants", "correspondents", "responses", "replies"}


@lru_cache(maxsize=1 << 14)
def generic_title(text: str | None) -> bool:
    """'Introduction', 'Editorial', 'Front matter', 'Index', 'Book reviews', 'Reply to
    comments' …"""
    t = norm_title(text)
    if t in GENERIC_TITLES or re.fullmatch(r"(?:issue\s+)?information", t):
        return True
    noticed = notice_of(text)
    return bool(noticed and norm_title(noticed[1]) in GENERIC_TITLES | _GENERIC_NOTICED)


def _level(
    title: float,
    author_ok: bool | None,
    container: float | None,
    id_match: bool,
    id_conflict: bool,
    numbers: dict[str, bool],
    year_status: str | None,
    relation: str | None,
    trust_cited_doi: bool,
    coverage: float = 1.0,
    swapped: bool = False,
    generic: bool = False,
    thesis_lead: bool = True,
    unplaced: bool = False,
    other_imprint: bool = False,
) -> str:
    if relation in HARD_RELATIONS:
        return "none"
    if generic and not id_match:
        # 'Introduction', 'Editorial': the title names no work; only the people AND the
        # journal or book it is in (in the cited year) can. Otherwise no match at all.
        placed = (container or 0) >= GENERIC_CONTAINER_OK and year_status in ("ok", "near")
        pinned = placed and any(numbers.values()) and all(numbers.values())
        if author_ok is None and pinned:
            return "probable"  # an unsigned editorial: its journal, year and volume/pages
        if not (author_ok and placed):
            return "none"
        if year_status != "ok" or not all(numbers.values()):
            # An editor writes an 'Editorial' every year, an author may reply to several
            # comments in one volume: another year or other pages are another of them
            # (or a slip in the citation) — a lead, not a confirmation.
            return "probable"
    if author_ok is None and unplaced and not id_match:
        # No names to compare, and nothing else that places the record: another journal,
        # or a title of a word or three ('Memory', 'Climate change and health') that many
        # works carry, with neither its year nor its journal or publisher agreeing.
        return "none"
    if relation == "thesis":
        # A thesis and the book made of it: two works, the book years later. In the same
        # year the entry may cite the thesis as a book (a common BibTeX habit): a lead.
        # An article (or paper, chapter) drawn from a thesis is never the thesis.
        return "probable" if (thesis_lead and title >= TITLE_OK and author_ok
                              and year_status == "ok") else "none"
    if relation in VERSION_RELATIONS:
        # Another edition, the preprint or the published version: the same work,
        # but not the record cited — suggested, never verified silently.
        # A word of the title replaced as well ('Critique of Pure Reason', 1781 / 'Critique
        # of Practical Reason', 1788): two differences, a companion work — no lead.
        # A title of one common word ('Globalization', 'Democracy') from another
        # publisher in another year, the first author's given name not written out on
        # both sides: nothing but the word and a family name (an initial) say it is this
        # work — another person's book of that name as likely as another edition.
        if relation == "other-edition" and other_imprint:
            return "none"
        # (a preprint may lack people who joined the work later: relation_of's byline test)
        return "probable" if title >= TITLE_LOOSE and (
            author_ok is not False or relation == "preprint") and (
            year_status != "mismatch") and not swapped else "none"
    wrong_container = container is not None and container < CONTAINER_OK
    # A year far off for an article is another work, unless journal and volume/pages say
    # it is this one (then the year is a slip in the citation: a lead, never a confirmation).
    corroborated = ((container or 0) >= CONTAINER_OK and numbers.get("volume") is True
                    and numbers.get("number") is not False)
    if year_status == "mismatch":
        return "probable" if title >= TITLE_OK and author_ok and corroborated else "none"
    if swapped and not all(numbers.values()):
        # A word of the title replaced AND another place in the journal ('Soil nitrogen
        # …', pages 111–120, for 'Soil carbon …', 100–110): two differences, the same
        # authors' companion paper — no lead, even under the cited DOI (a DOI typo).
        return "none"
    if id_match and title >= TITLE_LOOSE and author_ok is not False:
        level = "verified"
    elif title >= TITLE_OK and author_ok:
        level = "probable" if wrong_container or relation == "volume" else "verified"
    elif title >= TITLE_OK and author_ok is None:
        level = "probable"  # no names on one side: the title alone is a lead
    elif title >= TITLE_LOOSE and author_ok and not wrong_container and coverage >= COVERAGE_OK:
        level = "probable"
    else:
        return "none"
    if id_conflict and trust_cited_doi:
        # The entry cites another DOI, not known to be wrong: a lead, never a confirmation.
        level = "probable"
    wrong_numbers = sum(1 for ok in numbers.values() if not ok)
    if wrong_numbers >= 2 and wrong_numbers > len(numbers) - wrong_numbers and not id_match:
        # Most of the cited volume / issue / pages are another place in the journal: maybe
        # a slip, maybe another record of that title there (a meeting abstract in a
        # supplement, a reprint) — the corrections are offered, the record not confirmed.
        level = "probable"
    if swapped:
        # A word of the title replaced by another ('Early' / 'Late', 'nitrogen' /
        # 'carbon'): maybe a slip, maybe a companion work — a lead, not a confirmation,
        # even under the cited DOI (the DOI alone does not make the titles one).
        level = "probable"
    return level


# Kinds of work a thesis is never cited as (nor the reverse): its article, a chapter.
THESIS_NOT = {"article", "paper", "chapter", "preprint"}
SHORT_TITLE = 3  # content words: a title this short, of common words, is many works' …
COMMON_WORD = 3.0  # … ('Memory', 'Climate change and health'): Zipf frequency, English


def _unplaced(ref: Reference, year_status: str | None, container: float | None,
              publisher: float | None) -> bool:
    """Nothing but the title says the record is the cited work: another journal or book
    named, or a short title whose year and journal or publisher do not agree."""
    if container is not None and container < CONTAINER_OK:
        return True
    placed = year_status == "ok" and ((container or 0) >= CONTAINER_OK
                                      or (publisher or 0) >= PUBLISHER_OK)
    return not placed and common_title(ref.fields.title)


@lru_cache(maxsize=1 << 12)
def common_title(text: str | None) -> bool:
    """A title of a few common words ('Memory', 'Trust', 'Climate change and health'),
    which many works carry; not a coined name ('Sabriel') nor a longer title. (The word
    frequencies are wordfreq's, read once, when a title is short enough to ask.)"""
    words = content_words(text or "")
    if not words or len(words) > SHORT_TITLE:
        return False
    from .repair.words import zipf

    return all(w.isdigit() or zipf(w, "en") >= COMMON_WORD for w in words)


def score(ref: Reference, cand: Candidate, trust_cited_doi: bool = True) -> MatchScore:
    """Field-by-field evidence that ``cand`` is the work ``ref`` cites.

    ``trust_cited_doi=False`` when the cited DOI is known to be wrong (its record
    is another work, or it resolves nowhere): then a record under another DOI
    can be verified, and the DOI is reported for correction.
    """
    title = title_similarity(ref, cand)
    pairs = author_pairs(ref, cand)
    author = author_similarity(pairs)
    first = pairs[0].similarity if pairs else None
    author_ok = authors_agree(pairs)
    year, year_status = year_check(ref, cand)
    container = container_similarity(ref, cand)
    publisher = publisher_similarity(ref, cand)
    numbers = number_checks(ref, cand)
    id_match, id_conflict = _ids_agree(ref, cand)
    relation = relation_of(ref, cand, title, author_ok, year_status, publisher, pairs)
    # (an entry without a subtitle against the record's main title: a subtitle it
    # leaves out adds no swapped word)
    cited_title = ref.fields.title or ""
    whole = f"{cand.title} {cand.subtitle}"
    swapped = TITLE_LOOSE <= title < 1.0 and word_swap(cited_title, whole) and (
        _main_title(cited_title) != cited_title or word_swap(cited_title, _main_title(whole)))

    parts = {
        "title": title,
        "author": author,
        "year": year,
        "container": container,
        "numbers": (sum(numbers.values()) / len(numbers)) if numbers else None,
        "publisher": publisher,
    }
    known = {k: v for k, v in parts.items() if v is not None}
    total = sum(WEIGHTS[k] * v for k, v in known.items()) / sum(WEIGHTS[k] for k in known)
    if id_match:
        total = min(1.0, total + 0.05)
    if id_conflict and trust_cited_doi:
        total *= 0.8

    agreed, disagreed = [], []
    _verdict_of(agreed, disagreed, "title", title >= TITLE_OK)
    if pairs is not None:
        _verdict_of(agreed, disagreed, "author", bool(author_ok))
    if year is not None:
        _verdict_of(agreed, disagreed, "year", year >= 0.9)
    if container is not None:
        _verdict_of(agreed, disagreed, "journal" if ref.fields.journal else "booktitle",
                    container >= CONTAINER_OK)
    for name, ok in numbers.items():
        _verdict_of(agreed, disagreed, name, ok)
    if publisher is not None:
        _verdict_of(agreed, disagreed, "publisher", publisher >= PUBLISHER_OK)
    if clean_doi(ref.fields.doi) and cand.doi:
        _verdict_of(agreed, disagreed, "doi", not id_conflict)
    if ref.fields.isbn and cand.isbns:
        _verdict_of(agreed, disagreed, "isbn", isbn13(ref.fields.isbn) in cand.isbns)
    ck, rk = cited_kind(ref), record_kind(cand)
    if ck and rk:
        _verdict_of(agreed, disagreed, "type",
                    relation not in ("review", "chapter", "book", "article", "entry", "other-work"))
    level = _level(title, author_ok, container, id_match, id_conflict, numbers, year_status,
                   relation, trust_cited_doi,
                   word_coverage(ref.fields.title or "", f"{cand.title} {cand.subtitle}")
                   if TITLE_LOOSE <= title < TITLE_OK else 1.0, swapped,
                   ref.type != "book" and (generic_title(ref.fields.title)
                                           or generic_title(cand.title)),
                   not {cited_kind(ref), record_kind(cand)} & THESIS_NOT,
                   _unplaced(ref, year_status, container, publisher),
                   publisher is not None and publisher < PUBLISHER_OK
                   and len(content_words(ref.fields.title or "")) == 1
                   and common_title(ref.fields.title) and not _given_name_agrees(pairs))
    # Every cited name is in the record, but the lists differ. The record's first author
    # left out is another byline (or another work of most of the same people): a lead. The
    # record naming people a complete cited list leaves out, or the cited people in another
    # order, matched only by family names and initials (Wang L., Li Y., Zhang J.: thousands
    # of people each) is another team's work as likely as this one, unless the cited DOI or
    # the journal's volume and pages place it.
    diff = list_difference(ref, cand) if author_ok else None
    note = None
    if diff is not None:
        disagreed.append("author list")
        note = diff.note()
        total = round(total - 0.01, 4)
        placed = id_match or ((container or 0) >= CONTAINER_OK and bool(numbers)
                              and all(numbers.values())
                              and bool({"volume", "pages"} & set(numbers)))
        if level == "verified" and (diff.first is not None
                                    or (names_by_initials(pairs) and not placed)):
            level = "probable"

    return MatchScore(
        candidate=cand,
        total=round(total, 4),
        title=title,
        author=author,
        first_author=first,
        year=year,
        container=container,
        publisher=publisher,
        numbers=numbers,
        id_match=id_match,
        id_conflict=id_conflict,
        level=level,
        agreed=agreed,
        disagreed=disagreed,
        pairs=pairs,
        author_ok=author_ok,
        year_status=year_status,
        relation=relation,
        note=note,
    )


def _verdict_of(agreed: list[str], disagreed: list[str], name: str, ok: bool) -> None:
    (agreed if ok else disagreed).append(name)


# ------------------------------------------------------------------ many candidates


def same_work(a: Candidate, b: Candidate) -> bool:
    """Two records of one work: titles and a family agree.

    Covers the same record in two catalogues, two editions of a book, and two
    versions of a paper (preprint and article carry different DOIs): none of
    these make a citation ambiguous. A review of a work is not the work.
    """
    if review_title(a.title) != review_title(b.title):
        return False
    if bool(notice_of(a.title)) != bool(notice_of(b.title)):
        return False
    pa, pb = part_numbers(f"{a.title} {a.subtitle}"), part_numbers(f"{b.title} {b.subtitle}")
    if pa and pb and not (pa <= pb or pb <= pa):
        return False  # Part I and Part II: two works of a series
    if other_number(f"{a.title} {a.subtitle}", f"{b.title} {b.subtitle}"):
        return False  # the 2018 and the 2019 report
    ta = title_key(_main_title(a.title))
    tb = title_key(_main_title(b.title))
    if fuzz.ratio(ta, tb) < 85 and fuzz.ratio(title_key(a.title), title_key(b.title)) < 85:
        return False
    fa = {translit(n.family) for n in a.authors + a.editors}
    fb = {translit(n.family) for n in b.authors + b.editors}
    return not fa or not fb or bool(fa & fb)


PREPRINT_KINDS = {"posted-content", "preprint", "repository"}


def _rank(s: MatchScore) -> tuple[int, float, bool, bool]:
    # On equal evidence the published version wins over a preprint, and a record
    # of the cited edition over one of another edition.
    return (LEVELS[s.level], s.total, s.candidate.kind not in PREPRINT_KINDS,
            s.relation is None)


# The cited identifier's state as the resolver found it, for ids no record came back for:
# {"doi": ("unresolved" | "unknown", note), "isbn": ("unknown", note)}
IdStatus = dict[str, tuple[str, str]]


def check_identifiers(
    ref: Reference, candidates: list[Candidate], id_status: IdStatus | None = None
) -> tuple[list[IdentifierCheck], set[str]]:
    """Each cited DOI/ISBN checked against the record it points at.

    Returns the checks and the fields whose cited value is known to be bad
    (wrong or unresolved), so a record under another identifier may be verified.
    """
    id_status = id_status or {}
    checks: list[IdentifierCheck] = []
    bad: set[str] = set()
    for name in ("doi", "isbn"):
        raw = getattr(ref.fields, name)
        if not raw:
            continue
        value = clean_doi(raw) if name == "doi" else (isbn13(raw) if clean_isbn(raw) else None)
        if value is None:
            checks.append(IdentifierCheck(field=name, cited=raw, status="invalid",
                                          note=f"not a well-formed {name.upper()}"))
            bad.add(name)
            continue
        own = [c for c in candidates if c.found_by == name
               or (name == "doi" and c.doi == value)
               or (name == "isbn" and c.found_by == "isbn" and value in c.isbns)]
        if own:
            scored = [score(ref, c) for c in own]
            good = [s for s in scored if s.level != "none"]
            if good:
                checks.append(IdentifierCheck(field=name, cited=value, status="ok",
                                              record=_describe(good[0].candidate)))
            else:
                worst = max(scored, key=lambda s: s.total)
                checks.append(IdentifierCheck(
                    field=name, cited=value, status="wrong", record=_describe(worst.candidate),
                    note=f"the {name.upper()} is the record of another work "
                    f"({worst.candidate.label()})"))
                bad.add(name)
        elif name in id_status:
            status, note = id_status[name]
            checks.append(IdentifierCheck(field=name, cited=value, status=status, note=note))
            if status == "unresolved":
                bad.add(name)
    return checks, bad


def decide(
    ref: Reference, candidates: list[Candidate], id_status: IdStatus | None = None
) -> Match:
    """The verdict for one reference from every candidate any catalogue returned.

    ``id_status`` says what the resolver learnt of a cited DOI/ISBN no record
    came back for (resolves nowhere, or no catalogue knows it).
    """
    checks, bad_ids = check_identifiers(ref, candidates, id_status)
    if not candidates:
        return Match(verdict="not-found", reason=NOT_FOUND, identifiers=checks,
                     may_not_exist=True)
    trust = "doi" not in bad_ids
    scores = sorted((score(ref, c, trust) for c in candidates), key=_rank, reverse=True)
    best = scores[0]
    if best.level == "none":
        return _not_found(ref, scores, checks)
    rivals = [
        s for s in scores[1:]
        if s.level == best.level and s.total >= best.total - TIE
        and not same_work(s.candidate, best.candidate)
    ]
    if rivals:
        names = "; ".join(
            f"{_describe(s.candidate)} ({s.candidate.label()})" for s in [best, *rivals]
        )
        return Match(
            verdict="ambiguous",
            score=best.total,
            source=best.candidate.label(),
            agreed=best.agreed,
            disagreed=best.disagreed,
            reason=f"several different works fit equally well: {names}",
            identifiers=checks,
            alternatives=[s.candidate.label() for s in rivals],
        )
    allies = [s for s in scores[1:] if s.level != "none" and same_work(s.candidate, best.candidate)]
    dated = [s for s in allies if s.year_status is not None]
    if best.year_status is None and dated and all(
            s.relation == "other-edition" for s in dated):
        # A record of the work without a year cannot confirm the cited year when the
        # work's dated records all say it is not theirs: another edition, as those say.
        best, allies = dated[0], [s for s in [best, *allies] if s is not dated[0]]
    ids = dict(best.candidate.ids)
    for s in allies:  # the same work in another catalogue: its identifiers too
        for key, value in s.candidate.ids.items():
            ids.setdefault(key, value)
    checks = [_with_correction(c, ids) for c in checks]
    return Match(
        verdict="verified" if best.level == "verified" else "probable",
        score=best.total,
        source=best.candidate.label(),
        ids=ids,
        agreed=best.agreed,
        disagreed=best.disagreed,
        suggestions=suggestions(ref, best, allies, checks),
        reason="; ".join(x for x in (_relation_note(best) if best.relation else None, best.note)
                         if x) or None,
        relation=best.relation,
        identifiers=checks,
    )


def _with_correction(check: IdentifierCheck, ids: dict[str, str]) -> IdentifierCheck:
    if check.status == "ok" or not ids.get(check.field):
        return check
    right = ids[check.field]
    if check.cited == right:
        return check
    return check.model_copy(update={"correct": right})


NOT_FOUND = (
    "No catalogue record matches this entry. The work may be obscure, unpublished, "
    "described differently in the catalogues, or not exist as cited."
)
MAY_NOT_EXIST = (
    "No catalogue knows this work: it may not exist. Check it by hand (or find a copy) "
    "before keeping it."
)


def _not_found(ref: Reference, scores: list[MatchScore], checks: list[IdentifierCheck]) -> Match:
    """`not-found`, naming the closest record and why it is not the cited work."""
    # The closest record: one with the cited title (whatever it turned out to be) first.
    titled = [s for s in scores if s.title >= TITLE_OK or (
        s.relation == "review"
        and (title_ratio_plain(ref, strip_review(s.candidate.title)) >= TITLE_OK
             or _author_then_title(ref, s.candidate.title)
             or _reviewed_as(ref.fields.title, s.candidate.title))) or (
        s.relation in ("notice", "dataset")
        and notice_ratio(ref, (notice_of(s.candidate.title) or ("", ""))[1]) >= TITLE_OK) or (
        s.relation == "other-volume" and fuzz.ratio(
            set_title(ref.fields.title), set_title(s.candidate.title)) >= TITLE_OK * 100)]
    closest = max(titled or scores, key=lambda s: (s.title, s.total))
    relation = closest.relation if titled else None
    if relation is None and titled and closest.year_status == "mismatch":
        relation = "other-work"
    # The work is known to exist when a record of it was found, only not as cited.
    exists = bool(titled) and (relation in ("review", "translation", "chapter", "book",
                                            "article", "entry", "other-volume", "other-work",
                                            "notice", "dataset", "thesis")
                               or closest.author_ok is not False)
    why = _relation_note(closest) if relation else (
        f"agreed: {', '.join(closest.agreed) or 'nothing'}")
    if relation == "other-work" and closest.relation is None:
        why = (f"same title and authors but {closest.candidate.year}, cited "
               f"{ref.fields.year}: another work, or the year is wrong")
    reason = (f"{NOT_FOUND} Closest record: {_describe(closest.candidate)} "
              f"({closest.candidate.label()}; {why}).")
    return Match(
        verdict="not-found",
        score=closest.total,
        reason=reason,
        relation=relation,
        identifiers=checks,
        disagreed=closest.disagreed if titled else [],
        agreed=closest.agreed if titled else [],
        may_not_exist=not exists,
    )


_NAME_HEAD = re.compile(r"^\s*(?P<family>[^.,:;]{2,40}),\s*(?P<given>[^.,:;]{1,40})\.\s+(?P<rest>.+)$")


@lru_cache(maxsize=1 << 14)
def _author_then_title_text(family: str, cited: str, record: str) -> bool:
    m = _NAME_HEAD.match(record)
    if not m or family_similarity(family, m["family"]) < FAMILY_OK:
        return False
    return fuzz.ratio(title_key(cited), title_key(m["rest"])) / 100 >= TITLE_OK


def _author_then_title(ref: Reference, record: str) -> bool:
    """The record is titled with the cited work's first author and then its title
    ('Whitfield, Margaret. The Architecture of Memory.'), as reviews are headed."""
    people = ref.fields.author or ref.fields.editor
    return bool(people and ref.fields.title) and _author_then_title_text(
        people[0].family, ref.fields.title or "", record)


_REVIEW_TAIL = re.compile(r"^\W*(?:by|edited\s+by|ed\.|eds\.|translated|trans\.|pp\.|\(|\[)",
                          re.IGNORECASE)


@lru_cache(maxsize=1 << 14)
def _reviewed_as(cited: str | None, record: str) -> bool:
    """A review titled 'X, by A. Author (Publisher, 2015), pp. 320': the book X's
    title, then its author, publisher or extent."""
    c = fold(cited or "").strip()
    r = fold(record)
    i = r.find(c) if len(c) >= 5 else -1
    return i == 0 and bool(_REVIEW_TAIL.match(r[len(c):]))


# 'Summary of X by Margaret Whitfield': the noticed work's author after its title
_BY_TAIL = re.compile(r"\s*,?\s+by\s+[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*){0,3}\s*$")


def notice_ratio(ref: Reference, noticed: str) -> float:
    """How well the cited title is the title a notice names (with or without a 'by
    Author' after it: 'Summary of X by M. Whitfield')."""
    if not noticed:
        return 0.0
    bare = _BY_TAIL.sub("", noticed)
    return max(title_ratio_plain(ref, noticed), title_ratio_plain(ref, bare) if bare else 0.0)


def title_ratio_plain(ref: Reference, title: str) -> float:
    return fuzz.ratio(title_key(ref.fields.title or ""), title_key(title)) / 100


_RELATION_TEXT = {
    "review": "a review of the work, not the work",
    "chapter": "a chapter of that title, not the book cited",
    "book": "a book of that title, not the part of a book or journal cited",
    "article": "a journal article of that title, not the type of work cited",
    "entry": "a reference-work entry of that title, not the type of work cited",
    "translation": "a translation (or the original) of the work, not the edition cited",
    "other-volume": "another volume of the set",
    "volume": "one volume of a multi-volume set; the entry cites no volume",
    "other-authors": "the title matches but the authors do not ({cited} cited; record: {found})",
    "other-edition": "another edition or reprint of the work ({year}{publisher})",
    "preprint": "the preprint of the article: the published version is the one cited",
    "published": "the published version of the preprint cited",
    "other-work": "another work",
    "notice": "a correction, retraction, comment or reply about the work, or an abstract, "
              "poster or summary of it, not the work",
    "dataset": "the data or supplementary material of the work, not the work",
    "thesis": "a thesis of that title where a book is cited, or a book where a thesis is cited",
    "other-part": "another part or number of a series (Part I / Part II, the 2018 / 2019 "
                  "report, phase 2 / phase 3): another work",
}


def _relation_note(s: MatchScore) -> str:
    c = s.candidate
    cited = "; ".join(str(p.cited.family) for p in s.pairs or []) or "none"
    found = "; ".join(n.family for n in (c.authors + c.editors)[:5]) or "none"
    text = _RELATION_TEXT.get(s.relation or "", s.relation or "")
    return text.format(cited=cited, found=found, year=c.year or "n.d.",
                       publisher=f", {c.publisher}" if c.publisher else "")


def _describe(c: Candidate) -> str:
    who = c.authors[0].family if c.authors else "?"
    return f"“{c.title}”, {who}, {c.year or 'n.d.'}"


# ------------------------------------------------------------------ suggestions

# Suggestions are listed most consequential first: a wrong identifier sends the
# reader to another work; a misspelt title or name hides the work from a search.
SUGGESTION_ORDER = ("doi", "isbn", "title", "author", "year", "journal", "booktitle", "volume",
                    "number", "pages", "publisher")


def suggestions(
    ref: Reference, best: MatchScore, allies: list[MatchScore],
    checks: list[IdentifierCheck] | None = None,
) -> list[Suggestion]:
    """Corrections (current value set) and fillable fields (current None) from the match.

    Only from a record of the cited work (the caller passes a verified/probable
    best); nothing that belongs to another edition (ISBN, publisher) when the
    record is one.
    """
    f = ref.fields
    c = best.candidate
    src, conf = c.label(), round(best.total, 2)
    evidence = f"{c.label()} agrees on {', '.join(best.agreed) or 'the title'}"
    other_edition = best.relation in ("other-edition", "translation", "volume")
    out: list[Suggestion] = []

    def add(name: str, current: str | None, value: str | None, source: str = src,
            why: str = evidence) -> None:
        if value and (current or "") != value:
            out.append(Suggestion(field=name, current=current, suggested=value, source=source,
                                  score=conf, evidence=why))

    for check in checks or []:
        if check.status in ("wrong", "unresolved", "invalid") and check.correct:
            what = {"wrong": f"the cited {check.field.upper()} is the record of another work: "
                              f"{check.record or '?'}",
                    "unresolved": f"the cited {check.field.upper()} resolves nowhere",
                    "invalid": f"the cited {check.field.upper()} is not well-formed"}[check.status]
            add(check.field, getattr(f, check.field), check.correct, why=f"{what}; {evidence}")

    for pair in best.pairs or []:
        if (pair.found and pair.similarity >= FAMILY_OK
                and norm_family(pair.cited.family) != norm_family(pair.found.family)):
            add("author", str(pair.cited), str(pair.found))
    cand_full = f"{c.title}: {c.subtitle}" if c.subtitle else c.title
    if f.title and best.title < 0.99:
        shortened = norm_title(cand_full).startswith(norm_title(f.title)) or norm_title(
            f.title).startswith(norm_title(c.title))
        if not shortened:
            add("title", f.title, cand_full)
    if f.year and best.year is not None and best.year < 0.9 and c.year:
        why = evidence
        if best.year_status in ("later-edition", "earlier-edition"):
            why = (f"{evidence}; the record is the {c.year} edition: keep {f.year} if that is "
                   "the edition cited")
        add("year", f.year, c.year, why=why)
    if ref.type in PARTS:
        for name, value in (("volume", c.volume), ("number", c.issue), ("pages", c.pages)):
            current = getattr(f, name)
            if not current or best.numbers.get(name) is False:
                add(name, current, _dash(value) if name == "pages" else value)
        if ref.type == "article" and not f.journal:
            add("journal", None, c.container)
    elif not other_edition and c.publisher and (
            not f.publisher or (best.publisher is not None and best.publisher < PUBLISHER_OK
                                and best.year_status == "ok" and c.source != "openlibrary")):
        add("publisher", f.publisher, c.publisher)

    doi = c.doi or next((a.candidate.doi for a in allies if a.candidate.doi), None)
    doi_src = src if c.doi else next((a.candidate.label() for a in allies if a.candidate.doi), src)
    if not f.doi and doi:
        add("doi", None, doi, doi_src)
    if not other_edition:
        isbn = _edition_isbn(c) or next(
            (i for a in allies if a.relation is None and (i := _edition_isbn(a.candidate))), None)
        if not f.isbn and isbn and ref.type not in PARTS:
            add("isbn", None, isbn)
    order = {name: i for i, name in enumerate(SUGGESTION_ORDER)}
    return sorted(out, key=lambda s: order.get(s.field, len(order)))


def _edition_isbn(c: Candidate) -> str | None:
    """An ISBN that names one edition: never one of the many ISBNs of a whole work."""
    if c.source == "openlibrary" and "openlibrary_edition" not in c.ids:
        return None
    return c.ids.get("isbn")


def _dash(pages: str | None) -> str | None:
    return re.sub(r"\s*[-–—]+\s*", "--", pages) if pages else pages
