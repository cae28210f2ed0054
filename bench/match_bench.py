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
from citecheck.match import decide, norm_title  # noqa: E402
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
    return Reference(raw=title, type="book" if is_book else "article", fields=fields)


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
        y = str(int(f.year) + (rng.choice([1, -1]) if ref.type == "article" else rng.choice([3, 12])))
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
            cases.append(Case(kind, ref, cands, keys))
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
            cases.append(Case("neg:chimera-authors", chimera, cands, None))
        words_t, words_o = (truth.title.split(), other.title.split())
        if len(words_t) >= 4 and len(words_o) >= 4:
            spliced = " ".join(words_t[: len(words_t) // 2] + words_o[len(words_o) // 2:])
            ref = base.model_copy(update={"fields": base.fields.model_copy(update={"title": spliced})})
            cands = [truth, other, *pool]
            rng.shuffle(cands)
            cases.append(Case("neg:spliced-title", ref, cands, None))
    return cases


def correct(m: Match, case: Case, by_label: dict[str, Candidate]) -> bool:
    chosen = by_label.get(m.source or "")
    return chosen is not None and case.truth is not None and work_key(chosen) in case.truth


# --------------------------------------------------------------------------- report


def run(seed: int, distractors: int) -> tuple[str, float, float]:
    rng = random.Random(seed)
    records = load_records()
    cases = build_cases(records, distractors, rng)
    by_label = {r.label(): r for r in records}
    per_kind: dict[str, Counter[str]] = defaultdict(Counter)
    tp = fp = positives = 0
    failures: list[str] = []
    t0 = time.perf_counter()
    for case in cases:
        m = decide(case.ref, case.candidates)
        per_kind[case.kind][m.verdict] += 1
        if case.truth is not None:
            positives += 1
        if m.verdict == "verified":
            if case.truth is not None and correct(m, case, by_label):
                tp += 1
                per_kind[case.kind]["correct"] += 1
            else:
                fp += 1
                failures.append(f"- false verified ({case.kind}): cited “{case.ref.fields.title}” "
                                f"by {', '.join(a.family for a in case.ref.fields.author)} -> {m.source}")
        elif case.truth is not None and len(failures) < 40:
            failures.append(f"- missed ({case.kind}, {m.verdict}): “{case.ref.fields.title}”")
    elapsed = time.perf_counter() - t0
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / positives if positives else 0.0
    sources = Counter(r.source for r in records)
    lines = [
        "# Matcher benchmark: precision and recall of `verified`",
        "",
        f"Command: `.venv/bin/python bench/match_bench.py --seed {seed} --distractors {distractors}`",
        "",
        f"Real records: {len(records)} ({', '.join(f'{k} {v}' for k, v in sorted(sources.items()))}), "
        f"from `tests/fixtures/catalogues/`. Cases: {len(cases)} "
        f"({positives} with a right answer, {len(cases) - positives} without).",
        "",
        f"**verified: precision {precision:.4f} ({tp}/{tp + fp}), recall {recall:.4f} ({tp}/{positives})**",
        "",
        f"Scoring time: {elapsed * 1000 / max(len(cases), 1):.2f} ms per case "
        f"({len(cases)} cases, {distractors} distractors each).",
        "",
        "| case kind | n | verified (right work) | verified | probable | ambiguous | not-found |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for kind in [*POSITIVE_KINDS, "neg:absent", "neg:chimera-authors", "neg:spliced-title"]:
        c = per_kind.get(kind)
        if not c:
            continue
        n = sum(v for k, v in c.items() if k != "correct")
        lines.append(f"| {kind} | {n} | {c['correct']} | {c['verified']} | {c['probable']} | "
                     f"{c['ambiguous']} | {c['not-found']} |")
    lines += ["", "Negatives should never be `verified`; `probable` on a chimera is a lead "
              "for the user (title right, authors wrong), not a confirmation.", "",
              "## Errors (first 40)", "", *(failures[:40] or ["none"]), ""]
    return "\n".join(lines), precision, recall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--also-seeds", default="2,3,4,5",
                    help="further seeds, summarised (damage and distractor order differ)")
    ap.add_argument("--distractors", type=int, default=5)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "match.md")
    args = ap.parse_args()
    text, _, _ = run(args.seed, args.distractors)
    extra = ["", "## Other seeds", "",
             "Seed 1 was the development seed (thresholds were set while reading its errors); "
             "these runs draw other damage and candidate orders:", "",
             "| seed | precision | recall |", "|---:|---:|---:|"]
    for seed in [int(x) for x in args.also_seeds.split(",") if x.strip()]:
        _, p, r = run(seed, args.distractors)
        extra.append(f"| {seed} | {p:.4f} | {r:.4f} |")
    text += "\n".join(extra) + "\n"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
