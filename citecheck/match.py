"""Decide whether catalogue records describe a reference: (Reference, [Candidate]) -> Match.

Pure: no I/O. Every candidate is scored field by field (:func:`score`), and the
verdict (:func:`decide`) rests on that evidence, never on the order the
catalogue returned its hits nor on its relevance score.

* title: folded (case, punctuation, diacritics, a leading article) and
  compared with and without the subtitle, typos tolerated (rapidfuzz);
* authors: family names folded for diacritics and common transliteration
  variants (Archinov/Arshinov, Trotsky/Trotzki) and typos (Coutois/Courtois);
* year: a different year is reported, not rejected (reprints, later editions,
  print vs online);
* container, volume/issue/pages (articles, chapters) and publisher (books);
* a DOI or ISBN on both sides that agrees is strong evidence; a DOI that
  disagrees blocks `verified`.

Verdicts: `verified` needs title AND author agreement (or a shared identifier
and the title); `probable` is weaker evidence; `ambiguous` means several
different works fit about equally; `not-found` says only that no record
matched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from .models import Candidate, Match, Name, Reference, Suggestion
from .text import NON_WORD, clean_doi, fold, isbn13, norm_title

# Thresholds (similarities are 0..1). Measured by bench/match_bench.py.
TITLE_OK = 0.88  # same title up to typos / punctuation / a dropped subtitle
TITLE_LOOSE = 0.75  # enough when an identifier or the authors agree
FAMILY_OK = 0.85  # one family name matches another
TYPO = 0.86  # one edit in a family name of 5+ letters
AUTHOR_WEAK = 0.6
CONTAINER_OK = 0.6
PUBLISHER_OK = 0.8
MISSING_SUBTITLE = 0.95  # main titles equal, one side has no subtitle
TIE = 0.05  # scores this close are "equally good"

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
    """The title before its subtitle separator (':' or ' - ' or '. ')."""
    return re.split(r"\s*[:;]\s+|\s+[-–—]\s+|\.\s+", text, maxsplit=1)[0]


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
    return re.sub(r"[^a-z]", "", fold(name))


@lru_cache(maxsize=1 << 14)
def translit(name: str) -> str:
    s = norm_family(name)
    for a, b in _TRANSLIT:
        s = s.replace(a, b)
    return _DOUBLE.sub(r"\1", s)


@lru_cache(maxsize=1 << 16)
def family_similarity(a: str, b: str) -> float:
    """Similarity of two family names, tolerant of diacritics, transliteration, typos."""
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
    sim = max(fuzz.ratio(fa, fb), fuzz.ratio(ta, tb)) / 100
    # One slip (a wrong, missing or swapped letter) in a name of 5+ letters is a
    # typo, although the ratio of a short name falls below FAMILY_OK.
    if min(len(fa), len(fb)) >= 5 and OSA.distance(fa, fb) <= 1:
        sim = max(sim, TYPO)
    return sim


def _full_family(n: Name) -> str:
    return f"{n.prefix} {n.family}".strip()


# ------------------------------------------------------------------ field scores


def title_similarity(ref: Reference, cand: Candidate) -> float:
    """Best of full-vs-full and with one side's subtitle dropped (0..1)."""
    ref_title = ref.fields.title or ""
    r_full = norm_title(ref_title)
    c_main = norm_title(cand.title)
    c_full = norm_title(f"{cand.title} {cand.subtitle}") if cand.subtitle else c_main
    if not r_full or not c_main:
        return 0.0
    best = max(fuzz.ratio(r_full, c_full), fuzz.ratio(r_full, c_main)) / 100
    # Words in another order ("Russia, 1917" / "1917 Russia") cost a little.
    best = max(best, 0.97 * fuzz.token_sort_ratio(r_full, c_full) / 100)
    r_main = norm_title(_main_title(ref_title))
    c_main_only = norm_title(_main_title(cand.title)) if not cand.subtitle else c_main
    ref_has_sub = r_main != r_full
    cand_has_sub = c_full != c_main or c_main_only != c_main
    # One side cites without a subtitle the other has: equal main titles of some
    # length. Two *different* subtitles are not this case (they may be two works).
    if ref_has_sub != cand_has_sub and len(r_main) >= 5:
        if (not cand_has_sub and r_main == c_main) or (not ref_has_sub and r_full == c_main_only):
            best = max(best, MISSING_SUBTITLE)
    return round(best, 4)


@dataclass(frozen=True)
class AuthorPair:
    cited: Name
    found: Name | None
    similarity: float


def author_pairs(ref: Reference, cand: Candidate) -> list[AuthorPair] | None:
    """Each cited person's best counterpart in the record; None if a side has no names."""
    cited = (ref.fields.author or ref.fields.editor)[:5]
    found = list(cand.authors) + list(cand.editors)
    if not cited or not found:
        return None
    pairs = []
    for person in cited:
        best, best_sim = None, 0.0
        for other in found:
            sim = family_similarity(_full_family(person), _full_family(other))
            sim = max(sim, family_similarity(person.family, other.family))
            if sim < FAMILY_OK and norm_family(person.family) in {
                norm_family(w) for w in f"{other.given} {other.family}".split()
            }:
                sim = 0.95  # name order swapped in the record (given/family)
            if sim > best_sim:
                best, best_sim = other, sim
        pairs.append(AuthorPair(person, best, best_sim))
    return pairs


def author_similarity(pairs: list[AuthorPair] | None) -> float | None:
    """First cited author counts half; the rest share the other half."""
    if pairs is None:
        return None
    first = pairs[0].similarity
    if len(pairs) == 1:
        return first
    rest = sum(p.similarity for p in pairs[1:]) / (len(pairs) - 1)
    return 0.5 * first + 0.5 * rest


def year_similarity(ref: Reference, cand: Candidate) -> float | None:
    cited = set(ref.fields.years or ([ref.fields.year] if ref.fields.year else []))
    if not cited or not (cand.year or cand.years):
        return None
    if cand.year in cited:
        return 1.0
    if cited & set(cand.years):
        return 0.9  # the cited year is one of the work's editions
    try:
        gap = min(abs(int(a) - int(cand.year or cand.years[0])) for a in cited)
    except ValueError:
        return 0.0
    return 0.7 if gap == 1 else 0.0


def container_similarity(ref: Reference, cand: Candidate) -> float | None:
    cited = ref.fields.journal or ref.fields.booktitle
    if not cited or not cand.container:
        return None
    return fuzz.ratio(norm_title(cited), norm_title(cand.container)) / 100


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
    cited = ref.fields.publisher
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


def number_checks(ref: Reference, cand: Candidate) -> dict[str, bool]:
    """volume / number / pages the reference and the record both give: equal?"""
    f = ref.fields
    out: dict[str, bool] = {}
    if f.volume and cand.volume:
        out["volume"] = norm_issue(f.volume) == norm_issue(cand.volume)
    if f.number and cand.issue:
        out["number"] = norm_issue(f.number) == norm_issue(cand.issue)
    if f.pages and cand.pages and ref.type in PARTS:
        out["pages"] = first_page(f.pages) == first_page(cand.pages)
    return out


# ------------------------------------------------------------------ one candidate


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


def _ids_agree(ref: Reference, cand: Candidate) -> tuple[bool, bool]:
    """(an identifier agrees, the DOI disagrees)."""
    doi = clean_doi(ref.fields.doi)
    match = bool(doi and cand.doi and doi == cand.doi)
    conflict = bool(doi and cand.doi and doi != cand.doi)
    isbn = isbn13(ref.fields.isbn) if ref.fields.isbn else None
    if isbn and isbn in cand.isbns:
        match = True
    return match, conflict


def _level(
    ref: Reference,
    title: float,
    first: float | None,
    author_ok: bool | None,
    container: float | None,
    id_match: bool,
    id_conflict: bool,
    numbers: dict[str, bool],
) -> str:
    if id_conflict:
        # Another DOI than the one cited: at best a lead, never a confirmation.
        return "probable" if title >= TITLE_OK and author_ok else "none"
    if id_match and title >= TITLE_LOOSE and author_ok is not False:
        return "verified"
    wrong_container = container is not None and container < CONTAINER_OK
    if title >= TITLE_OK and author_ok:
        return "probable" if wrong_container else "verified"
    if title >= TITLE_OK and (author_ok is None or (first or 0) >= AUTHOR_WEAK):
        return "probable"
    if title >= TITLE_LOOSE and author_ok:
        return "probable"
    # Authors wrong, but journal, volume, issue/pages all agree: the same article
    # cited with a wrong author list — worth showing, never verifying.
    corroborated = (container or 0) >= CONTAINER_OK and len(numbers) >= 2 and all(numbers.values())
    if title >= TITLE_OK and corroborated:
        return "probable"
    return "none"


def score(ref: Reference, cand: Candidate) -> MatchScore:
    """Field-by-field evidence that ``cand`` is the work ``ref`` cites."""
    title = title_similarity(ref, cand)
    pairs = author_pairs(ref, cand)
    author = author_similarity(pairs)
    first = pairs[0].similarity if pairs else None
    author_ok = None if pairs is None else (first or 0) >= FAMILY_OK and (author or 0) >= 0.75
    year = year_similarity(ref, cand)
    container = container_similarity(ref, cand)
    publisher = publisher_similarity(ref, cand)
    numbers = number_checks(ref, cand)
    id_match, id_conflict = _ids_agree(ref, cand)

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
    if id_conflict:
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
        level=_level(ref, title, first, author_ok, container, id_match, id_conflict, numbers),
        agreed=agreed,
        disagreed=disagreed,
        pairs=pairs,
    )


def _verdict_of(agreed: list[str], disagreed: list[str], name: str, ok: bool) -> None:
    (agreed if ok else disagreed).append(name)


# ------------------------------------------------------------------ many candidates


def same_work(a: Candidate, b: Candidate) -> bool:
    """Two records of one work: titles and a family agree.

    Covers the same record in two catalogues, two editions of a book, and two
    versions of a paper (preprint and article carry different DOIs): none of
    these make a citation ambiguous.
    """
    ta = norm_title(_main_title(a.title))
    tb = norm_title(_main_title(b.title))
    if fuzz.ratio(ta, tb) < 85 and fuzz.ratio(norm_title(a.title), norm_title(b.title)) < 85:
        return False
    fa = {translit(n.family) for n in a.authors + a.editors}
    fb = {translit(n.family) for n in b.authors + b.editors}
    return not fa or not fb or bool(fa & fb)


PREPRINT_KINDS = {"posted-content", "preprint", "repository"}


def _rank(s: MatchScore) -> tuple[int, float, bool]:
    # On equal evidence the published version wins over a preprint.
    return (LEVELS[s.level], s.total, s.candidate.kind not in PREPRINT_KINDS)


def decide(ref: Reference, candidates: list[Candidate]) -> Match:
    """The verdict for one reference from every candidate any catalogue returned."""
    if not candidates:
        return Match(verdict="not-found", reason=NOT_FOUND)
    scores = sorted((score(ref, c) for c in candidates), key=_rank, reverse=True)
    best = scores[0]
    if best.level == "none":
        return Match(
            verdict="not-found",
            score=best.total,
            reason=f"{NOT_FOUND} Closest record: {_describe(best.candidate)} "
            f"({best.candidate.label()}; agreed: {', '.join(best.agreed) or 'nothing'}).",
        )
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
        )
    allies = [s for s in scores[1:] if s.level != "none" and same_work(s.candidate, best.candidate)]
    ids = dict(best.candidate.ids)
    for s in allies:  # the same work in another catalogue: its identifiers too
        for key, value in s.candidate.ids.items():
            ids.setdefault(key, value)
    return Match(
        verdict="verified" if best.level == "verified" else "probable",
        score=best.total,
        source=best.candidate.label(),
        ids=ids,
        agreed=best.agreed,
        disagreed=best.disagreed,
        suggestions=suggestions(ref, best, allies),
    )


NOT_FOUND = (
    "No catalogue record matches this entry. The work may be obscure, unpublished, "
    "described differently in the catalogues, or not exist as cited."
)


def _describe(c: Candidate) -> str:
    who = c.authors[0].family if c.authors else "?"
    return f"“{c.title}”, {who}, {c.year or 'n.d.'}"


# ------------------------------------------------------------------ suggestions


def suggestions(ref: Reference, best: MatchScore, allies: list[MatchScore]) -> list[Suggestion]:
    """Corrections (current value set) and fillable fields (current None) from the match."""
    f = ref.fields
    c = best.candidate
    src, conf = c.label(), round(best.total, 2)
    out: list[Suggestion] = []

    def add(name: str, current: str | None, value: str | None, source: str = src) -> None:
        if value and (current or "") != value:
            out.append(Suggestion(field=name, current=current, suggested=value, source=source,
                                  score=conf))

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
        add("year", f.year, c.year)  # reported; for books often a later edition
    if ref.type in PARTS:
        for name, value in (("volume", c.volume), ("number", c.issue), ("pages", c.pages)):
            current = getattr(f, name)
            if not current or best.numbers.get(name) is False:
                add(name, current, _dash(value) if name == "pages" else value)
        if ref.type == "article" and not f.journal:
            add("journal", None, c.container)
    elif not f.publisher and c.publisher:
        add("publisher", None, c.publisher)

    doi = c.doi or next((a.candidate.doi for a in allies if a.candidate.doi), None)
    doi_src = src if c.doi else next((a.candidate.label() for a in allies if a.candidate.doi), src)
    if not f.doi and doi:
        add("doi", None, doi, doi_src)
    isbn = _edition_isbn(c) or next((i for a in allies if (i := _edition_isbn(a.candidate))), None)
    if not f.isbn and isbn and ref.type not in PARTS:
        add("isbn", None, isbn)
    return out


def _edition_isbn(c: Candidate) -> str | None:
    """An ISBN that names one edition: never one of the many ISBNs of a whole work."""
    if c.source == "openlibrary" and "openlibrary_edition" not in c.ids:
        return None
    return c.ids.get("isbn")


def _dash(pages: str | None) -> str | None:
    return re.sub(r"\s*[-–—]+\s*", "--", pages) if pages else pages
