"""Measure the matcher: precision and recall of `verified` on a labelled set
built from real recorded catalogue responses.

Usage (from the repo root)::

    .venv/bin/python bench/match_bench.py            # writes bench/results/match.md
    .venv/bin/python bench/match_bench.py --seed 7 --distractors 6

How the labelled set is built (everything starts from the real records in
``tests/fixtures/catalogues/``: Crossref singletons, list pages and the
habanero ``query.author`` cassette, OpenAlex singletons and a 49-work search
page, Open Library search docs, a Google Books volume):

* **truth**: every record with a title and at least one author is, in turn,
  the work a reference cites;
* **positives**: the citation is written from the truth record, then damaged
  the way real bibliographies are (typos in a family name or the title, a
  dropped subtitle, diacritics lost, a year one off or a later edition, no
  journal, a lower-cased title, authors cut to the first + et al.). The
  candidates are the truth record plus ``--distractors`` other real records,
  the most similar titles first (the hard ones), in random order — so the top
  hit is often wrong;
* **negatives** (right answer: none): the same kind of citation, but the
  truth record is removed from the candidates; or a "chimera" (the truth's
  title with another record's authors, as fabricated citations often are);
  or the truth's authors with a title spliced from another record.

**Traps** (the harder benchmark of issue 12): the candidate offered is a
*different* work that looks like the cited one, built from the same real
records —

* ``trap:other-author`` the cited title with another record's authors, the
  real record offered (an invented reference: must be `not-found`);
* ``trap:author-other-title`` the cited authors with another record's whole
  title, the authors' real work offered (invented: `not-found`);
* ``trap:chapter-as-book`` a book chapter (OpenAlex ``book-chapter``) cited
  as a book; ``trap:book-as-chapter`` a book (Open Library, Google Books)
  cited as a chapter: `not-found`, relation named;
* ``trap:review`` a book cited, the candidates a journal record "Review of
  <the book>" and a journal record titled like the book, made from real
  journal-article records (their authors, journal, DOI) re-titled — the one
  synthetic record kind here, as no review was recorded; ``trap:peer-review``
  an eLife article cited, only its real decision letter / author response /
  editor's evaluation offered: `not-found`, relation ``review``;
* ``trap:other-edition`` the 1996 Harper Trophy *Sabriel* cited, only other
  real English editions (Open Library edition records) offered: the same
  work, so `probable` is right if the relation ``other-edition`` is named;
  ``trap:translation`` the same citation, only the Spanish edition offered:
  `not-found`, relation ``translation``;
* ``trap:wrong-doi`` a citation carrying another record's DOI, that record
  (found by the DOI) offered with the right one: `verified` on the right one,
  the DOI reported wrong and its correction suggested; ``trap:dead-doi`` a DOI
  that resolves nowhere (the resolver's doi.org answer given to ``decide``):
  the same, reported unresolved; ``trap:wrong-doi-only`` the wrong DOI's
  record without the right one: `not-found`.

Look-alikes of a cited journal article (the real record re-titled or re-typed,
as Crossref's records of notices and datasets carry the paper's authors and
journal): ``trap:notice`` "Correction to: X", "Erratum: X", "Corrigendum to
“X”", "Retraction Note: X", "Comment on “X”", "Reply to: Comment on “X”",
"X (Erratum)" or a record typed ``erratum``; ``trap:dataset`` the paper's
title on a ``dataset``/``component`` record; ``trap:other-part`` "X. Part I"
cited, "X. Part II" offered; ``trap:namesake`` the first author's family name
with another person's initial (invented); ``trap:thesis`` a dissertation's
book cited (three years later), only the dissertation offered, or a book cited
and a dissertation of it two years earlier offered: all `not-found`, relation
named. ``trap:notice+work`` the paper among its notices: `verified` on the
paper. ``trap:preprint`` only the preprint of the cited article: the same work,
another record, so `probable` with relation ``preprint`` is right and
`verified` is wrong. ``trap:word-swap`` one content word of the title replaced
by a word of another record's title: never `verified`; a `probable` naming the
real record is a fair lead (the swap may be a slip) and is not counted wrong.
``trap:wrong-year-journal`` the real title and authors with a year three off
and another record's journal: neither `verified` nor `probable`.

The second trial (``second_trial_cases``, deterministic, after the others): numbers as
words ('the first ten years' / '10', 'two' / 'three'), a Greek letter (α / alpha / β), the
thesis an article was drawn from, an organisation named with the author's family name,
a record without names in another journal or with a common short title ('Memory'), a
poster, talk or summary titled as the paper; and the hand-written cases of
tests/test_match_lookalikes2.py and of the third trial, tests/test_match_lookalikes3.py
(generic titles in another year or on other pages, notices as indexes title them, review
headings, a record's 'et al.', scholarly transliterations, markup in titles, a cited DOI
of the authors' companion paper), each counted on their own line.

The fourth trial (``fourth_trial_cases``, deterministic, after the others): the record
cited without its first author (``trap:first-author-dropped``), cited by family names and
initials alone with only another team's record of the title (same family names and
initials, one more person: ``trap:namesake-team``, and ``+work`` with the cited record
after it), a formula written as TeX in the entry and folded in the record (``2:formula``,
'CO$_2$' / 'CO₂') and another formula one letter off (``trap:other-formula``, 'H$_2$O' /
'H₂O₂'); and the hand-written cases of tests/test_match_lookalikes4.py.

Look-alikes ranked FIRST (deterministic, drawn after the seeded cases so those stay
as they were; see ``ranked_first_cases``): ``trap:notice-first`` a notice titled
the big publishers' way ('Author Correction: X', 'Publisher Correction: X',
'Editorial Expression of Concern: X', 'Retraction notice to “X”' …) ahead of the
paper (`verified` on the paper) or alone (`not-found`, relation ``notice``);
``trap:other-number`` 'X 2019' cited, 'X 2018' offered (an annual report's other
year: `not-found`, relation ``other-part``), and ``trap:other-number+work`` with the
2019 record after it (`verified` on that one); ``trap:supplement`` the paper's
title, authors and journal at another volume, issue and pages (a meeting abstract
in a supplement) ahead of the paper (`verified` on the paper), and
``trap:supplement-only`` alone: never `verified` (a `probable` with the numbers to
correct is a fair lead).

A case whose right answer is another version of the cited record (another
edition: a book cited in a year none of its records has; the preprint) counts
as right only when `probable`: `verified` there is a silent verification and
counts against precision.

Reported: precision and recall of `verified` and of `verified`+`probable`,
the wrong-record count (a `verified`/`probable` verdict naming a record that
is not the cited work), invented references caught (`not-found`), DOI
corrections offered, relations named.

A `verified` verdict counts as correct only if it names the truth record or
another version of the same work (same DOI; or the same title with a shared
family name — a preprint and its article, one work in two catalogues).
Negatives drop every version of the work from the candidates. Precision = correct verified / all
verified; recall = correct verified / positives.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from citecheck.catalogues import crossref, googlebooks, openalex, openlibrary  # noqa: E402
from citecheck.models import Candidate  # noqa: E402
from citecheck.match import content_words, decide, norm_title  # noqa: E402
from citecheck.models import Fields, Match, Name, Reference  # noqa: E402
from standins import cassette_bodies  # noqa: E402  (shared with the tests' stand-ins)

FIX = ROOT / "tests" / "fixtures" / "catalogues"


# --------------------------------------------------------------------------- real records


def load_records() -> list[Candidate]:
    recs: list[Candidate] = []
    for p in sorted((FIX / "crossref").glob("*.body.json")):
        recs += crossref.map_response(json.loads(p.read_text()))
    for p in sorted((FIX / "crossref").glob("*.yaml")):
        for body in cassette_bodies(p):
            if "message" in body:
                recs += crossref.map_response(body)
    for p in sorted((FIX / "openalex").glob("*.json")):
        recs += openalex.map_response(json.loads(p.read_text()))
    recs += openlibrary.map_search(json.loads((FIX / "openlibrary/bookwyrm__ol_search.json").read_text()))
    recs += googlebooks.map_response(
        json.loads((FIX / "googlebooks/koder__volumes_q_isbn_9781761186769.json").read_text()))
    seen, unique = set(), []
    for r in recs:  # one record per (catalogue, id)
        if (r.source, r.id) not in seen and r.title:
            seen.add((r.source, r.id))
            unique.append(r)
    return unique


def work_key(c: Candidate) -> str:
    return c.doi or f"{c.source}:{c.id}"


# --------------------------------------------------------------------------- damage


def typo(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(["drop", "swap", "sub"])
    if kind == "drop":
        return word[:i] + word[i + 1:]
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word[:i] + rng.choice("aeiourstnl") + word[i + 1:]


def title_typo(title: str, rng: random.Random) -> str:
    words = title.split()
    long = [i for i, w in enumerate(words) if len(w) >= 5]
    if not long:
        return title
    i = rng.choice(long)
    words[i] = typo(words[i], rng)
    return " ".join(words)


def cite(c: Candidate) -> Reference:
    """A clean citation of a record, typed as a reference manager would."""
    is_book = c.source in ("openlibrary", "googlebooks") or (c.kind or "") in ("book", "monograph")
    title = f"{c.title}: {c.subtitle}" if c.subtitle else c.title
    fields = Fields(
        author=list(c.authors[:6]),
        others=len(c.authors) > 6,
        title=title,
        journal=None if is_book else c.container,
        volume=None if is_book else c.volume,
        number=None if is_book else c.issue,
        pages=None if is_book or not c.pages else c.pages.replace("-", "--"),
        year=c.year,
        years=[c.year] if c.year else [],
        publisher=c.publisher if is_book else None,
    )
    kind = (c.kind or "").lower()
    # typed as a reference manager types the record (a chapter is not an article)
    typ = "book" if is_book else CITE_TYPE.get(kind, "article")
    if typ in ("incollection", "inproceedings"):
        fields = fields.model_copy(update={"journal": None, "booktitle": c.container})
    elif typ in ("misc", "phdthesis"):
        fields = fields.model_copy(update={"journal": None, "volume": None, "number": None,
                                           "pages": None})
    return Reference(raw=title, type=typ, fields=fields)


CITE_TYPE = {"book-chapter": "incollection", "reference-entry": "incollection",
             "proceedings-article": "inproceedings", "dataset": "misc", "peer-review": "misc",
             "dissertation": "phdthesis", "posted-content": "misc"}


def damaged(ref: Reference, kind: str, rng: random.Random) -> Reference | None:
    f = ref.fields
    up: dict[str, object] = {}
    if kind == "exact":
        pass
    elif kind == "author-typo":
        if not f.author or len(f.author[0].family) < 5:
            return None
        a = f.author[0]
        up["author"] = [Name(family=typo(a.family, rng), given=a.given), *f.author[1:]]
    elif kind == "title-typo":
        up["title"] = title_typo(f.title or "", rng)
    elif kind == "no-subtitle":
        if ":" not in (f.title or ""):
            return None
        up["title"] = (f.title or "").split(":")[0]
    elif kind == "diacritics-lost":
        from citecheck.text import fold

        if all(fold(a.family) == a.family.lower() for a in f.author):
            return None
        up["author"] = [Name(family=fold(a.family).capitalize(), given=fold(a.given).title())
                        for a in f.author]
    elif kind == "other-year":
        if not f.year:
            return None
        # a book is cited in later editions; anything else one year off (online vs print)
        y = str(int(f.year) + (rng.choice([3, 12]) if ref.type == "book" else rng.choice([1, -1])))
        up["year"], up["years"] = y, [y]
    elif kind == "no-journal":
        if ref.type != "article":
            return None
        up.update(journal=None, volume=None, number=None, pages=None)
    elif kind == "typos-author+title":
        if not f.author or len(f.author[0].family) < 5:
            return None
        a = f.author[0]
        up["author"] = [Name(family=typo(a.family, rng), given=a.given), *f.author[1:]]
        up["title"] = title_typo(f.title or "", rng)
    elif kind == "title-word-dropped":
        words = (f.title or "").split()
        if len(words) < 6:
            return None
        i = rng.randrange(1, len(words))
        up["title"] = " ".join(words[:i] + words[i + 1:])
    elif kind == "translit-author":
        # How a name travels between languages: sh/ch, v/ff/w, ks/x, y/i.
        a = f.author[0] if f.author else None
        swaps = [("sh", "ch"), ("v", "ff"), ("w", "v"), ("ks", "x"), ("y", "i"), ("i", "y"),
                 ("k", "c"), ("ts", "tz")]
        options = [(x, y) for x, y in swaps if a and x in a.family]
        if not options:
            return None
        x, y = rng.choice(options)
        up["author"] = [Name(family=a.family.replace(x, y, 1), given=a.given), *f.author[1:]]
    elif kind == "lowercase":
        up["title"] = (f.title or "").lower()
    elif kind == "first-author-et-al":
        if len(f.author) < 2:
            return None
        up.update(author=f.author[:1], others=True)
    return ref.model_copy(update={"fields": f.model_copy(update=up)})


POSITIVE_KINDS = [
    "exact", "author-typo", "title-typo", "no-subtitle", "diacritics-lost", "other-year",
    "no-journal", "lowercase", "first-author-et-al", "typos-author+title", "title-word-dropped",
    "translit-author",
]


# --------------------------------------------------------------------------- cases


@dataclass
class Case:
    kind: str
    ref: Reference
    candidates: list[Candidate]
    truth: set[str] | None  # work keys of right candidates (versions), None: none is right
    relation: str | None = None  # the relation the verdict must name
    invented: bool = False  # the reference does not exist: must be not-found
    id_status: dict | None = None  # what the resolver learnt of the cited DOI
    doi_fix: set[str] | None = None  # the DOI corrections that are right (the work's versions)
    probable_ok: bool = False  # the right answer is `probable` (another version: never verified)
    lead_ok: bool = False  # no right record, but a `probable` naming the look-alike is a fair lead


def similar(records: list[Candidate], truth: Candidate, k: int) -> list[Candidate]:
    """The k other records whose titles are closest to the truth's (hard distractors)."""
    t = norm_title(truth.title)
    others = [r for r in records if work_key(r) != work_key(truth)]
    others.sort(key=lambda r: fuzz.token_set_ratio(t, norm_title(r.title)), reverse=True)
    return others[:k]


def versions(records: list[Candidate], truth: Candidate) -> list[Candidate]:
    """Records of the same work: same DOI, or the same title (preprint vs article,
    two catalogues) with a shared family name. These are labelled right answers."""
    t = norm_title(truth.title)
    fam = {a.family.split()[-1].lower() for a in truth.authors if a.family}
    out = []
    for r in records:
        if r is truth:
            continue
        same_title = fuzz.ratio(t, norm_title(r.title)) >= 90
        shared = bool(fam & {a.family.split()[-1].lower() for a in r.authors if a.family})
        if work_key(r) == work_key(truth) or (same_title and shared):
            out.append(r)
    return out


def build_cases(records: list[Candidate], distractors: int, rng: random.Random) -> list[Case]:
    cases: list[Case] = []
    truths = [r for r in records if r.authors]
    for truth in truths:
        base = cite(truth)
        same = versions(records, truth)
        keys = {work_key(truth), *(work_key(r) for r in same)}
        pool = [r for r in similar(records, truth, distractors + len(same)) if work_key(r) not in keys][:distractors]
        for kind in POSITIVE_KINDS:
            ref = damaged(base, kind, rng)
            if ref is None:
                continue
            cands = [truth, *same, *pool]
            rng.shuffle(cands)
            # A book cited in a year none of its records has is another edition: named
            # and suggested (`probable`), never verified silently.
            known = {y for r in (truth, *same) for y in (r.year, *r.years) if y}
            edition = ref.type == "book" and bool(ref.fields.year and known) and (
                ref.fields.year not in known)
            cases.append(Case(kind, ref, cands, keys, probable_ok=edition))
        # negatives: the work is not among the candidates
        ref = damaged(base, rng.choice(["exact", "title-typo", "author-typo"]), rng) or base
        absent = [r for r in similar(records, truth, distractors + 1 + len(same))
                  if work_key(r) not in keys][: distractors + 1]
        cases.append(Case("neg:absent", ref, absent, None))
        # The donor of authors / half a title must be another work, not another
        # record with the same title (eLife publishes one "Decision letter" per reviewer).
        others = [r for r in truths if work_key(r) not in keys
                  and fuzz.ratio(norm_title(r.title), norm_title(truth.title)) < 80]
        other = rng.choice(others)
        if not set(a.family for a in other.authors) & set(a.family for a in truth.authors):
            chimera = base.model_copy(update={"fields": base.fields.model_copy(
                update={"author": list(other.authors[:3])})})
            cands = [truth, *pool]
            rng.shuffle(cands)
            cases.append(Case("neg:chimera-authors", chimera, cands, None, invented=True))
        words_t, words_o = (truth.title.split(), other.title.split())
        spliced = " ".join(words_t[: len(words_t) // 2] + words_o[len(words_o) // 2:])
        # A splice that adds at most one word the real title lacks is the real work
        # cited with a garbled title, not an invention (no title check can tell them apart).
        new_words = set(content_words(spliced)) - set(content_words(truth.title))
        keeps_main = len(new_words) < 2
        if len(words_t) >= 4 and len(words_o) >= 4 and not keeps_main:
            ref = base.model_copy(update={"fields": base.fields.model_copy(update={"title": spliced})})
            cands = [truth, other, *pool]
            rng.shuffle(cands)
            cases.append(Case("neg:spliced-title", ref, cands, None, invented=True))
    cases += trap_cases(records, truths, distractors, rng)
    return cases



# --------------------------------------------------------------------------- traps


def sabriel_editions() -> list[Candidate]:
    """The real Open Library edition records of Sabriel (one work, many editions)."""
    body = json.loads((FIX / "openlibrary/bookwyrm__ol_edition_list.json").read_text())
    return [openlibrary.map_edition(e) for e in body["entries"]]


def _with(ref: Reference, **fields: object) -> Reference:
    return ref.model_copy(update={"fields": ref.fields.model_copy(update=fields)})


def trap_cases(records: list[Candidate], truths: list[Candidate], distractors: int,
               rng: random.Random) -> list[Case]:
    """Cases where the candidate offered is a different work (module docstring)."""
    cases: list[Case] = []
    articles = [r for r in truths if r.kind == "journal-article" and r.doi and r.container]
    for truth in truths:
        base = cite(truth)
        same = versions(records, truth)
        right = {work_key(truth), *(work_key(r) for r in same)}
        pool = [r for r in similar(records, truth, distractors + len(same))
                if work_key(r) not in right][:distractors]
        fam = {a.family for a in truth.authors}
        others = [r for r in truths if work_key(r) not in right and r.authors
                  and not fam & {a.family for a in r.authors}
                  and fuzz.ratio(norm_title(r.title), norm_title(truth.title)) < 80]
        other = rng.choice(others)
        # the right title, other people: an invented reference
        cands = [truth, *same, *pool]
        rng.shuffle(cands)
        cases.append(Case("trap:other-author", _with(base, author=list(other.authors[:2])), cands,
                          None, relation="other-authors", invented=True))
        # the right people, a title they never wrote (another record's whole title)
        cands = [truth, *pool]
        rng.shuffle(cands)
        cases.append(Case("trap:author-other-title", _with(base, title=other.title), cands, None,
                          invented=True))
        kind = (truth.kind or "").lower()
        if kind == "book-chapter":
            as_book = Reference(raw=truth.title, type="book", fields=Fields(
                author=list(truth.authors[:3]), title=truth.title, year=truth.year,
                years=[truth.year] if truth.year else []))
            cases.append(Case("trap:chapter-as-book", as_book, [truth, *pool], None,
                              relation="chapter"))
        if truth.source in ("openlibrary", "googlebooks"):
            as_chapter = base.model_copy(update={"type": "incollection"})
            cases.append(Case("trap:book-as-chapter", as_chapter, [truth, *pool], None,
                              relation="book"))
            for art in articles[:3]:
                reviews = [
                    art.model_copy(update={"title": f"Review of {truth.title}", "subtitle": "",
                                           "id": art.id}),
                    art.model_copy(update={"title": truth.title, "subtitle": "", "id": art.id}),
                ]
                for rev in reviews:
                    cases.append(Case("trap:review", base, [rev, *pool], None, relation="review"))
        # a wrong DOI (another record's), the right record found by the search too
        if truth.doi and kind not in ("peer-review",):
            donor = rng.choice([r for r in records if r.doi and work_key(r) not in right
                                and r.title and fuzz.ratio(norm_title(r.title),
                                                           norm_title(truth.title)) < 80])
            ref = _with(base, doi=donor.doi)
            by_doi = donor.model_copy(update={"found_by": "doi"})
            cands = [truth, *same, *pool]
            rng.shuffle(cands)
            fixes = {truth.doi, *(r.doi for r in same if r.doi)}
            cases.append(Case("trap:wrong-doi", ref, [by_doi, *cands], right, doi_fix=fixes))
            cases.append(Case("trap:wrong-doi-only", ref, [by_doi, *pool], None, invented=False))
            dead = _with(base, doi=f"{truth.doi}x9")
            cases.append(Case("trap:dead-doi", dead, [truth, *same, *pool], right,
                              id_status={"doi": ("unresolved", "doi.org has no such DOI")},
                              doi_fix=fixes))
        if kind == "journal-article" and truth.title:
            cases += look_alike_cases(truth, base, pool, right, rng)
            cases += ranked_first_cases(truth, base, pool, right)
            cases += second_trial_cases(truth, base, pool, right)
            cases += fourth_trial_cases(truth, base, pool, right)
        # a thesis and the book made of it years later: two works
        if kind == "dissertation" and truth.year:
            later = str(int(truth.year) + 3)
            as_book = _with(base.model_copy(update={"type": "book"}), year=later, years=[later])
            cases.append(Case("trap:thesis", as_book, [truth, *pool], None, relation="thesis"))
        if truth.source in ("openlibrary", "googlebooks") and truth.year:
            earlier = str(int(truth.year) - 2)
            diss = truth.model_copy(update={"source": "openalex", "id": f"W{truth.id}-thesis",
                                            "kind": "dissertation", "publisher": None,
                                            "publishers": [], "year": earlier,
                                            "years": [earlier]})
            cases.append(Case("trap:thesis", base, [diss, *pool], None, relation="thesis"))
    # eLife's peer-review records of one article: none of them is the article
    elife = [r for r in records if (r.kind or "") == "peer-review"]
    response = next((r for r in elife if r.title.lower().startswith("author response")), None)
    if response:
        title = response.title.split(":", 1)[1].strip()
        ref = Reference(raw=title, type="article", fields=Fields(
            author=list(response.authors[:3]), title=title, year=response.year,
            years=[response.year] if response.year else []))
        cases.append(Case("trap:peer-review", ref, list(elife), None, relation="review"))
    # Sabriel: the 1996 Harper Trophy edition cited; other editions and a translation offered
    editions = sabriel_editions()
    cited = Reference(raw="Nix, Garth, Sabriel, Harper Trophy, New York 1996.", type="book",
                      fields=Fields(author=[Name(family="Nix", given="Garth")], title="Sabriel",
                                    publisher="Harper Trophy", address="New York", year="1996",
                                    years=["1996"]))
    sabriel = {work_key(e) for e in editions}
    for ed in editions:
        if ed.ids.get("openlibrary_edition") in ("OL22951843M", "OL965004M", "OL24743307M"):
            continue  # the cited edition itself (and its 1995 records)
        if ed.language == "spa":
            cases.append(Case("trap:translation", cited, [ed], None, relation="translation"))
        elif ed.year and ed.year != "1996":
            cases.append(Case("trap:other-edition", cited, [ed], sabriel,
                              relation="other-edition", probable_ok=True))
    return cases

NOTICES = ["Correction to: {t}", "Erratum: {t}", "Corrigendum to “{t}”", "Retraction Note: {t}",
           "Comment on “{t}”", "Reply to: Comment on “{t}”", "{t} (Erratum)"]


def look_alike_cases(truth: Candidate, base: Reference, pool: list[Candidate], right: set[str],
                     rng: random.Random) -> list[Case]:
    """A journal article cited; offered a record that shares its title but is another
    work — a notice (correction, comment, reply), a dataset, the next part of a series,
    a namesake's paper — or another version of it (the preprint). All but the
    namesake are the real record re-titled or re-typed, as Crossref records of
    notices and datasets carry the paper's authors and journal."""
    out: list[Case] = []
    t = truth.title
    doi = f"{truth.doi}.n" if truth.doi else None
    notice = truth.model_copy(update={"title": rng.choice(NOTICES).format(t=t), "subtitle": "",
                                      "id": doi or f"{truth.id}.n", "doi": doi})
    out.append(Case("trap:notice", base, [notice, *pool], None, relation="notice"))
    erratum = truth.model_copy(update={"kind": "erratum", "id": f"{truth.id}.e",
                                       "doi": f"{truth.doi}.e" if truth.doi else None})
    out.append(Case("trap:notice", base, [erratum, *pool], None, relation="notice"))
    # the paper itself among its notices: still verified on the paper
    cands = [truth, notice, erratum, *pool]
    rng.shuffle(cands)
    out.append(Case("trap:notice+work", base, cands, right))
    data = truth.model_copy(update={"kind": rng.choice(["dataset", "component"]),
                                    "container": "Dryad Digital Repository", "volume": None,
                                    "issue": None, "pages": None, "id": f"{truth.id}.d",
                                    "doi": f"{truth.doi}.d" if truth.doi else None})
    out.append(Case("trap:dataset", base, [data, *pool], None, relation="dataset"))
    # Part I cited, Part II offered (the same authors, journal, year)
    part = truth.model_copy(update={"title": f"{t}. Part II", "subtitle": "",
                                    "id": f"{truth.id}.2", "doi": doi and f"{doi}2"})
    out.append(Case("trap:other-part", _with(base, title=f"{t}. Part I"), [part, *pool], None,
                    relation="other-part"))
    # a namesake: the first author's family name with another person's given name
    first = truth.authors[0]
    initials = {w[:1].lower() for w in (first.given or "").replace(".", " ").split()}
    if initials:
        other = next(ch for ch in "mrtwbdk" if ch not in initials)
        namesake = [Name(family=first.family, given=f"{other.upper()}.")]
        out.append(Case("trap:namesake", _with(base, author=namesake), [truth, *pool], None,
                        relation="other-authors", invented=True))
    # only the preprint of the cited article: the same work, another record (probable)
    pre = truth.model_copy(update={"kind": "posted-content", "container": None, "volume": None,
                                   "issue": None, "pages": None, "id": f"{truth.id}.p",
                                   "doi": f"{truth.doi}.p" if truth.doi else None,
                                   "source": "crossref"})
    out.append(Case("trap:preprint", base, [pre, *pool], {work_key(pre)}, relation="preprint",
                    probable_ok=True))
    # the real title and authors, a year three off and another record's journal: the
    # pieces of a real paper put together wrong (an invented citation or a garbled one)
    journals = [r.container for r in pool if r.container and r.container != truth.container]
    if truth.year and journals:
        y = str(int(truth.year) + rng.choice([-3, 3]))
        garbled = _with(base, year=y, years=[y], journal=rng.choice(journals), volume=None,
                        number=None, pages=None)
        out.append(Case("trap:wrong-year-journal", garbled, [truth, *pool], None))
    # one content word of the title swapped for a word of another record's title
    words = t.split()
    slots = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha() and i > 0]
    donors = [w for r in pool for w in r.title.split() if len(w) >= 5 and w.isalpha()
              and fuzz.ratio(w.lower(), " ".join(words).lower()) < 60
              and all(fuzz.ratio(w.lower(), x.lower()) < 70 for x in words)]
    if slots and donors:
        i = rng.choice(slots)
        swapped = " ".join(words[:i] + [rng.choice(donors).lower()] + words[i + 1:])
        out.append(Case("trap:word-swap", _with(base, title=swapped), [truth, *pool], None,
                        lead_ok=True))
    return out


# Notice titles of the big publishers (Nature's 'Author Correction', Elsevier's
# 'Retraction notice to', IEEE's 'Notice of Retraction' …), one per paper in turn.
NOTICES_FIRST = ["Author Correction: {t}", "Publisher Correction: {t}",
                 "Editorial Expression of Concern: {t}", "Retraction notice to “{t}”",
                 "Notice of Retraction: {t}", "Erratum to: {t}", "Addendum: {t}"]


def ranked_first_cases(truth: Candidate, base: Reference, pool: list[Candidate],
                       right: set[str]) -> list[Case]:
    """The look-alike ranked FIRST, the cited paper (when offered) after it, as a
    catalogue that ranks the look-alike higher would. Deterministic (no draw from the
    seeded generator, so the other cases stay as they were).

    * ``trap:notice-first`` a notice titled the big publishers' way, then the paper:
      `verified` on the paper; the notice alone: `not-found`, relation ``notice``;
    * ``trap:other-number`` the paper cited as '<title> 2019', the record '<title> 2018'
      (an annual report's other year): `not-found`, relation ``other-part``; with the
      2019 record after it: `verified` on that one (``trap:other-number+work``);
    * ``trap:supplement`` the paper's title, authors and journal at another volume and
      pages (a meeting abstract in a supplement) ranked first, then the paper:
      `verified` on the paper; alone (``trap:supplement-only``) never `verified`
      (a `probable` with the numbers to correct is a fair lead).
    """
    out: list[Case] = []
    t = truth.title
    turn = sum(map(ord, truth.id)) % len(NOTICES_FIRST)
    doi = f"{truth.doi}.f" if truth.doi else None
    notice = truth.model_copy(update={"title": NOTICES_FIRST[turn].format(t=t), "subtitle": "",
                                      "id": doi or f"{truth.id}.f", "doi": doi})
    out.append(Case("trap:notice-first", base, [notice, truth, *pool], right))
    out.append(Case("trap:notice-first", base, [notice, *pool], None, relation="notice"))
    this = truth.model_copy(update={"title": f"{t} 2019", "subtitle": ""})
    last = truth.model_copy(update={"title": f"{t} 2018", "subtitle": "",
                                    "id": f"{truth.id}.y", "doi": doi and f"{doi}y"})
    cited = _with(base, title=f"{t} 2019")
    out.append(Case("trap:other-number", cited, [last, *pool], None, relation="other-part"))
    out.append(Case("trap:other-number+work", cited, [last, this, *pool], right))
    if truth.volume and truth.pages and base.fields.volume and base.fields.pages:
        volume = str(int(truth.volume) + 1) if truth.volume.isdigit() else f"{truth.volume}S"
        abstract = truth.model_copy(update={"volume": volume, "pages": "S12", "issue": "S1",
                                            "id": f"{truth.id}.s", "doi": doi and f"{doi}s"})
        out.append(Case("trap:supplement", base, [abstract, truth, *pool], right))
        out.append(Case("trap:supplement-only", base, [abstract, *pool], None, lead_ok=True))
    return out


# Common short titles many works carry (second trial: an invented entry with one of them,
# a record of it without names offered).
COMMON_TITLES = ["Memory", "Trust", "Climate change and health", "Democracy", "Identity",
                 "Public health", "Power"]


# A short version or digest of a paper titled with its title (a poster, a demo, an extended
# abstract, a talk, a summary or highlight in another journal), one per paper in turn.
DIGESTS = ["Poster: {t}", "Extended Abstract: {t}", "Demo: {t}", "{t} (poster)",
           "Keynote: {t}", "Summary of “{t}”", "In brief: {t}", "Research highlight: {t}",
           "Plain language summary: {t}"]


def second_trial_cases(truth: Candidate, base: Reference, pool: list[Candidate],
                       right: set[str]) -> list[Case]:
    """The second trial's look-alikes of a cited journal article (tests/test_match_lookalikes2.py),
    made from the real record re-titled or re-typed; deterministic (no draw from the seeded
    generator, so the other cases stay as they were).

    * ``2:number-words`` the record titled '<t>: the first ten years', cited with '10':
      `verified` (numbers written as words or digits are one title);
      ``trap:other-count`` 'the first two years' cited, 'the first three years' offered:
      `not-found`, relation ``other-part``; ``trap:other-count+work`` with the cited one
      after it: `verified` on it;
    * ``2:greek-name`` the record '<t> in α-cells', cited '<t> in alpha-cells': `verified`;
      ``trap:greek-letter`` cited '… α-cells', offered '… β-cells' (the same people): never
      `verified` (a `probable` is a word-swap's lead);
    * ``trap:thesis-of-article`` the article cited, a dissertation of its title by its first
      author the same year offered: `not-found`, relation ``thesis``; with the article
      after it (``trap:thesis-of-article+work``): `verified` on the article;
    * ``trap:org-named-like-author`` an organisation named with the first author's family
      name ('Hartmann Foundation') cited as the author: invented, `not-found`;
    * ``trap:unsigned-other-journal`` a record of the title without names in another
      journal: neither `verified` nor `probable`;
    * ``trap:digest`` 'Poster: <t>', '<t> (poster)', 'Summary of “<t>”', 'In brief: <t>' …
      (the record re-titled): `not-found`, relation ``notice``; ``trap:digest+work`` with
      the paper after it: `verified` on the paper;
    * ``trap:common-title-unsigned`` the authors with a common short title ('Memory') cited
      as a book, a record of that title without names, another year and publisher:
      invented, `not-found`.
    """
    out: list[Case] = []
    t = truth.title.rstrip(" .")
    doi = f"{truth.doi}.t2" if truth.doi else None

    def other(suffix: str, **update: object) -> Candidate:
        return truth.model_copy(update={"id": f"{truth.id}.{suffix}",
                                        "doi": doi and f"{doi}{suffix}", "subtitle": "",
                                        **update})

    ten = truth.model_copy(update={"title": f"{t}: the first ten years", "subtitle": ""})
    out.append(Case("2:number-words", _with(base, title=f"{t}: the first 10 years"),
                    [ten, *pool], right))
    two = truth.model_copy(update={"title": f"{t}: the first two years", "subtitle": ""})
    three = other("3", title=f"{t}: the first three years")
    cited = _with(base, title=f"{t}: the first two years")
    out.append(Case("trap:other-count", cited, [three, *pool], None, relation="other-part"))
    out.append(Case("trap:other-count+work", cited, [three, two, *pool], right))
    alpha = truth.model_copy(update={"title": f"{t} in α-cells", "subtitle": ""})
    out.append(Case("2:greek-name", _with(base, title=f"{t} in alpha-cells"), [alpha, *pool],
                    right))
    beta = other("b", title=f"{t} in β-cells")
    out.append(Case("trap:greek-letter", _with(base, title=f"{t} in α-cells"), [beta, *pool],
                    None, lead_ok=True))
    first = truth.authors[0]
    thesis = other("d", kind="dissertation", source="openalex", authors=[first], editors=[],
                   container="University of Göttingen", volume=None, issue=None, pages=None,
                   publisher=None, publishers=[])
    solo = _with(base, author=[first], others=False)
    out.append(Case("trap:thesis-of-article", solo, [thesis, *pool], None, relation="thesis"))
    out.append(Case("trap:thesis-of-article+work", solo, [thesis, truth, *pool], right))
    if len(first.family) >= 3:
        org = _with(base, author=[Name(family=f"{first.family} Foundation")], others=False)
        out.append(Case("trap:org-named-like-author", org, [truth, *pool], None,
                        relation="other-authors", invented=True))
    journals = [r.container for r in pool if r.container and fuzz.ratio(
        norm_title(r.container), norm_title(truth.container or "")) < 60]
    if journals and base.fields.journal:
        unsigned = other("u", authors=[], editors=[], container=journals[0], volume="12",
                         issue="1", pages="1-9")
        out.append(Case("trap:unsigned-other-journal", base, [unsigned, *pool], None))
    digest = other("g", title=DIGESTS[sum(map(ord, truth.id)) % len(DIGESTS)].format(t=t),
                   pages="1-2")
    out.append(Case("trap:digest", base, [digest, *pool], None, relation="notice"))
    out.append(Case("trap:digest+work", base, [digest, truth, *pool], right))
    if truth.year:
        common = COMMON_TITLES[sum(map(ord, truth.id)) % len(COMMON_TITLES)]
        book = Reference(raw=common, type="book", fields=Fields(
            author=list(truth.authors[:3]), title=common, year=truth.year, years=[truth.year],
            publisher="Polity"))
        later = str(int(truth.year) + 7)
        record = other("c", title=common, authors=[], editors=[], source="openlibrary",
                       kind="work", container=None, volume=None, issue=None, pages=None,
                       year=later, years=[later], publisher="Time-Life Books",
                       publishers=["Time-Life Books"], doi=None)
        out.append(Case("trap:common-title-unsigned", book, [record, *pool], None,
                        invented=True))
    return out


def fourth_trial_cases(truth: Candidate, base: Reference, pool: list[Candidate],
                       right: set[str]) -> list[Case]:
    """The fourth trial's look-alikes of a cited journal article (tests/test_match_lookalikes4.py),
    made from the real record; deterministic (drawn after the seeded cases).

    * ``trap:first-author-dropped`` the record cited without its first author: never
      `verified` (a `probable` naming the record, the author list named as the difference,
      is a fair lead);
    * ``trap:namesake-team`` the authors cited by family name and initials alone, without
      volume or pages, and offered only a record of the title by the same family names and
      initials in the same journal with one more person (another team's paper): never
      `verified`; ``trap:namesake-team+work`` with the cited record after it: `verified`
      on it;
    * ``2:formula`` the record titled 'CO₂ and <t>' (as a catalogue folds its
      'CO<sub>2</sub>'), cited 'CO$_2$ and <t>' (a .bib's TeX): `verified`;
      ``trap:other-formula`` 'H$_2$O and <t>' cited, 'H₂O₂ and <t>' offered: never
      `verified` (a `probable` is a word-swap's lead).
    """
    out: list[Case] = []
    t = truth.title.rstrip(" .")
    doi = f"{truth.doi}.t4" if truth.doi else None

    def other(suffix: str, **update: object) -> Candidate:
        return truth.model_copy(update={"id": f"{truth.id}.{suffix}",
                                        "doi": doi and f"{doi}{suffix}", **update})

    if len(truth.authors) >= 2 and len(truth.authors) <= 6:
        dropped = _with(base, author=list(truth.authors[1:]))
        out.append(Case("trap:first-author-dropped", dropped, [truth, *pool], None,
                        lead_ok=True))
        initials = [Name(family=a.family, given=" ".join(f"{w[0]}." for w in a.given.split()))
                    for a in truth.authors]
        if all(n.given for n in initials) and base.fields.journal:
            cited = _with(base, author=initials, volume=None, number=None, pages=None)
            team = other("n", authors=[*truth.authors, Name(family="Chen", given="Hao")],
                         volume=None, issue=None, pages=None)
            out.append(Case("trap:namesake-team", cited, [team, *pool], None, lead_ok=True))
            out.append(Case("trap:namesake-team+work", cited, [team, truth, *pool], right))
    formula = truth.model_copy(update={"title": f"CO₂ and {t}", "subtitle": ""})
    out.append(Case("2:formula", _with(base, title=f"CO$_2$ and {t}"), [formula, *pool], right))
    peroxide = other("h", title=f"H₂O₂ and {t}", subtitle="")
    out.append(Case("trap:other-formula", _with(base, title=f"H$_2$O and {t}"),
                    [peroxide, *pool], None, lead_ok=True))
    return out


def correct(m: Match, case: Case, by_label: dict[str, Candidate]) -> bool:
    chosen = by_label.get(m.source or "")
    return chosen is not None and case.truth is not None and work_key(chosen) in case.truth


# --------------------------------------------------------------------------- report


TRAP_KINDS = ["trap:other-author", "trap:author-other-title", "trap:chapter-as-book",
              "trap:book-as-chapter", "trap:review", "trap:peer-review", "trap:other-edition",
              "trap:translation", "trap:wrong-doi", "trap:dead-doi", "trap:wrong-doi-only",
              "trap:notice", "trap:notice+work", "trap:dataset", "trap:other-part",
              "trap:namesake", "trap:preprint", "trap:word-swap", "trap:thesis",
              "trap:wrong-year-journal", "trap:notice-first", "trap:other-number",
              "trap:other-number+work", "trap:supplement", "trap:supplement-only",
              "2:number-words", "2:greek-name", "trap:other-count", "trap:other-count+work",
              "trap:greek-letter", "trap:thesis-of-article", "trap:thesis-of-article+work",
              "trap:org-named-like-author", "trap:unsigned-other-journal",
              "trap:common-title-unsigned", "trap:digest", "trap:digest+work",
              "trap:first-author-dropped", "trap:namesake-team", "trap:namesake-team+work",
              "2:formula", "trap:other-formula"]


def hand_written(trial: int = 2) -> tuple[list[str], list[str]]:
    """A trial's hand-written cases (entry, records shaped as the catalogues send them,
    expected verdict, relation, source): their names, and those decided otherwise. Trial 2
    is tests/test_match_lookalikes2.py, trial 3 tests/test_match_lookalikes3.py, trial 4
    tests/test_match_lookalikes4.py."""
    import importlib

    HAND = importlib.import_module(f"test_match_lookalikes{trial}").CASES  # noqa: N806

    bad = []
    for name, entry, records, verdict, relation, source in HAND:
        m = decide(entry, records)
        if not (m.verdict == verdict and (relation is None or m.relation == relation)
                and (source is None or m.source == source)):
            bad.append(f"{name} -> {m.verdict}/{m.relation or '-'}")
    return [c[0] for c in HAND], bad


def run(seed: int, distractors: int) -> tuple[str, dict[str, float]]:
    rng = random.Random(seed)
    records = load_records()
    cases = build_cases(records, distractors, rng)
    by_label = {r.label(): r for r in records}
    for e in sabriel_editions():
        by_label.setdefault(e.label(), e)
    for case in cases:  # the look-alike records made from real ones
        for c in case.candidates:
            by_label.setdefault(c.label(), c)
    per_kind: dict[str, Counter[str]] = defaultdict(Counter)
    tp = fp = tp2 = fp2 = positives = positives_v = wrong = invented = caught = 0
    doi_cases = doi_fixed = rel_cases = rel_named = 0
    failures: list[str] = []
    t0, cpu0 = time.perf_counter(), time.process_time()
    for case in cases:
        m = decide(case.ref, case.candidates, case.id_status)
        per_kind[case.kind][m.verdict] += 1
        right = case.truth is not None and correct(m, case, by_label)
        if case.truth is not None:
            positives += 1
            positives_v += not case.probable_ok
        if case.invented:
            invented += 1
            caught += m.verdict == "not-found"
        if case.relation:
            rel_cases += 1
            if m.relation == case.relation:
                rel_named += 1
                per_kind[case.kind]["named"] += 1
        if case.doi_fix:
            doi_cases += 1
            if any(s.field == "doi" and s.suggested in case.doi_fix and s.current
                   for s in m.suggestions):
                doi_fixed += 1
                per_kind[case.kind]["doi fixed"] += 1
        # another version (edition, preprint) verified silently is a wrong verdict
        silent = case.probable_ok and m.verdict == "verified"
        lead = case.lead_ok and m.verdict == "probable"
        if m.verdict in ("verified", "probable") and not lead:
            if right and not silent:
                tp2 += 1
            else:
                fp2 += 1
                wrong += 1
        if m.verdict == "verified":
            if right and not silent:
                tp += 1
                per_kind[case.kind]["correct"] += 1
            else:
                fp += 1
        if silent:
            failures.append(f"- VERIFIED SILENTLY ({case.kind}): cited “{case.ref.fields.title}” "
                            f"-> {m.source} ({m.relation})")
        elif m.verdict in ("verified", "probable") and not right and not lead:
            failures.append(f"- WRONG RECORD ({case.kind}, {m.verdict}): cited “{case.ref.fields.title}” "
                            f"by {', '.join(a.family for a in case.ref.fields.author)} -> {m.source}")
        elif case.truth is not None and m.verdict != "verified" and not (
                case.probable_ok and m.verdict == "probable") and len(failures) < 60:
            failures.append(f"- missed ({case.kind}, {m.verdict}): “{case.ref.fields.title}”")
        elif case.invented and m.verdict != "not-found":
            failures.append(f"- invented not caught ({case.kind}, {m.verdict}): "
                            f"“{case.ref.fields.title}”")
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    hand, hand_bad = hand_written()
    figures_hand = (len(hand) - len(hand_bad), len(hand))
    hand3, hand3_bad = hand_written(3)
    hand4, hand4_bad = hand_written(4)
    figures = {
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / positives_v if positives_v else 0.0,
        "precision_vp": tp2 / (tp2 + fp2) if tp2 + fp2 else 1.0,
        "recall_vp": tp2 / positives if positives else 0.0,
        "wrong": wrong, "invented": invented, "caught": caught,
        "hand": figures_hand[0], "hand_n": figures_hand[1],
        "hand3": len(hand3) - len(hand3_bad), "hand3_n": len(hand3),
        "hand4": len(hand4) - len(hand4_bad), "hand4_n": len(hand4),
    }
    sources = Counter(r.source for r in records)
    lines = [
        "# Matcher benchmark: precision and recall, with traps",
        "",
        f"Command: `python bench/match_bench.py --seed {seed} --distractors {distractors}`",
        "",
        f"Real records: {len(records)} ({', '.join(f'{k} {v}' for k, v in sorted(sources.items()))}), "
        f"plus the {len(sabriel_editions())} Open Library edition records of *Sabriel*, "
        f"from `tests/fixtures/catalogues/`. Cases: {len(cases)} "
        f"({positives} with a right answer among the candidates, {len(cases) - positives} without; "
        f"{sum(1 for c in cases if c.kind.startswith('trap:'))} traps).",
        "",
        f"**verified: precision {figures['precision']:.4f} ({tp}/{tp + fp}), "
        f"recall {figures['recall']:.4f} ({tp}/{positives_v}; the {positives - positives_v} "
        "cases whose right record is another version — an edition, the preprint — are right "
        "only as `probable`)**",
        "",
        f"**verified + probable: precision {figures['precision_vp']:.4f} ({tp2}/{tp2 + fp2}), "
        f"recall {figures['recall_vp']:.4f} ({tp2}/{positives})**",
        "",
        f"**wrong records (verified/probable naming another work): {wrong}**; "
        f"**invented references caught (not-found): {caught}/{invented}**; "
        f"DOI corrections offered: {doi_fixed}/{doi_cases}; relations named: {rel_named}/{rel_cases}.",
        "",
        f"Hand-written look-alikes of the second trial (tests/test_match_lookalikes2.py): "
        f"**{figures_hand[0]}/{figures_hand[1]} as expected**"
        + (": " + "; ".join(hand_bad) if hand_bad else "") + "; of the third "
        f"(tests/test_match_lookalikes3.py): **{len(hand3) - len(hand3_bad)}/{len(hand3)} as "
        "expected**" + (": " + "; ".join(hand3_bad) if hand3_bad else "") + "; of the fourth "
        f"(tests/test_match_lookalikes4.py): **{len(hand4) - len(hand4_bad)}/{len(hand4)} as "
        "expected**" + (": " + "; ".join(hand4_bad) if hand4_bad else "") + ".",
        "",
        f"Scoring time: {elapsed * 1000 / max(len(cases), 1):.2f} ms per case "
        f"({cpu * 1000 / max(len(cases), 1):.2f} ms of CPU: the wall time grows on a busy "
        "machine).",
        "",
        "| case kind | n | verified (right work) | verified | probable | ambiguous | not-found "
        "| relation named | DOI fixed |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for kind in [*POSITIVE_KINDS, "neg:absent", "neg:chimera-authors", "neg:spliced-title",
                 *TRAP_KINDS]:
        c = per_kind.get(kind)
        if not c:
            continue
        n = sum(v for k, v in c.items() if k not in ("correct", "named", "doi fixed"))
        lines.append(f"| {kind} | {n} | {c['correct']} | {c['verified']} | {c['probable']} | "
                     f"{c['ambiguous']} | {c['not-found']} | {c['named']} | {c['doi fixed']} |")
    lines += ["", "A `probable` on `trap:other-edition`, `trap:preprint` (or a book cited in a "
              "year its records lack) names another version of the work, so it counts as right "
              "(`verified` there counts as wrong); a `probable` on `trap:word-swap`, "
              "`trap:supplement-only`, `trap:greek-letter`, `trap:first-author-dropped`, "
              "`trap:namesake-team` or `trap:other-formula` is a lead, "
              "not counted; every other trap and negative must not be `verified` or "
              "`probable`.", "",
              "Method notes (see the module docstring): every candidate is a real recorded "
              "record, except the `trap:review` candidates, which are real journal-article "
              "records re-titled as a review of the book (no review was recorded), and the "
              "look-alikes of `trap:notice`, `trap:dataset`, `trap:other-part`, `trap:preprint`, "
              "`trap:notice-first`, `trap:other-number`, `trap:supplement` "
              "and the offered dissertation of `trap:thesis`: real records re-titled, "
              "re-numbered or "
              "re-typed (no notice or dataset of a recorded paper was recorded). Invented "
              "references: `neg:chimera-authors`, `neg:spliced-title`, `trap:other-author`, "
              "`trap:author-other-title`, `trap:namesake`. A spliced title that adds fewer than two content "
              "words to the real title is the real work cited with a garbled title, not an "
              "invention, and is not generated. `trap:dead-doi` gives `decide` the resolver's "
              "doi.org answer (unresolved) directly.", "",
              "## Errors (first 60)", "", *(failures[:60] or ["none"]), ""]
    return "\n".join(lines), figures


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--also-seeds", default="2,3,4,5",
                    help="further seeds, summarised (damage and distractor order differ)")
    ap.add_argument("--distractors", type=int, default=5)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "match.md")
    args = ap.parse_args()
    text, _ = run(args.seed, args.distractors)
    extra = ["", "## Other seeds", "",
             "Seed 1 was the development seed (thresholds were set while reading its errors); "
             "these runs draw other damage, traps and candidate orders:", "",
             "| seed | precision (verified) | recall (verified) | precision (v+p) | recall (v+p) "
             "| wrong records | invented caught |", "|---:|---:|---:|---:|---:|---:|---:|"]
    for seed in [int(x) for x in args.also_seeds.split(",") if x.strip()]:
        _, f = run(seed, args.distractors)
        extra.append(f"| {seed} | {f['precision']:.4f} | {f['recall']:.4f} | "
                     f"{f['precision_vp']:.4f} | {f['recall_vp']:.4f} | {f['wrong']} | "
                     f"{f['caught']}/{f['invented']} |")
    text += "\n".join(extra) + "\n"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
