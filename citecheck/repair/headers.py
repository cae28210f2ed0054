"""Page headers and footers: find the page numbers and running heads left in extracted text.

``find_headers`` judges each line by its shape (a page number, a running
title, or both), by where it sits on a page when page breaks are known, and
otherwise by how regularly it repeats through the document.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Sequence

from ..text import as_int, lazy_compile

# possessive whitespace (no two runs of \\s that can share a space): linear on a line of spaces
PAGE_NUMBER = re.compile(
    r"^\s*+(?:page\s++)?(?:[-–—]\s*+)?(\d{1,4}|[ivxlcdm]{1,7})\s*+(?:[-–—]\s*+)?$", re.I)
TWO_SIDED = re.compile(r"^\s*(\d{1,4})\s{3,}\S.*?\S\s{3,}(\d{1,4})\s*$")
ONE_SIDED = re.compile(r"^\s*(?:\d{1,4}\s{3,}\S.*|\S.*?\S\s{3,}\d{1,4})\s*$")


# A publisher's download stamp, printed on every page of a copy fetched from its site: IEEE
# Xplore's licence line, OUP's and Wiley's "Downloaded from <url> by <reader>", JSTOR's "This
# content downloaded from <address>", Taylor & Francis's "Downloaded by [<reader>] at <time>",
# IOP's "This article has been downloaded from IOPscience", World Scientific's footer. Text
# that says where data were downloaded from goes on in lower case or names no reader.
_STAMP = re.compile(
    r"\bAuthorized licensed use limited to\b.*\bDownloaded on\b"
    r"|^\s*Downloaded from\s+(?:https?://|www\.)\S+\s+by\s+\S"
    r"|^\s*Downloaded by\s+\[[^\]]+\]\s+at\s+\d"
    r"|^\s*This (?:content|article) (?:has been )?downloaded from\b"
    r"|\bDownloaded from www\.[\w.-]+\.(?:com|org)\s*$"
    # their second lines when the stamp wraps: "38.66.77.2 on Wed, 14 Dec 2022 14:05:08 UTC",
    # "All use subject to https://about.jstor.org/terms", "by CERN on 08/31/17. For personal use only."
    r"|^\s*\d{1,3}(?:\.\d{1,3}){3} on \w{3}, \d{1,2} \w{3} \d{4}\b"
    r"|^\s*All use subject to https?://\S*jstor\.org/terms"
    r"|^\s*by\s.*\bon \d{1,2}/\d{1,2}/\d{2,4}\. For personal use only\.?\s*$",
)


def _is_stamp(line: str) -> bool:
    """A download stamp's line; the words every form holds are looked for first (the
    pattern alone, tried at every position of every line, was half of find_headers' time)."""
    return ("ownloaded" in line or "jstor.org/terms" in line or "personal use only" in line
            or (" on " in line and line.lstrip()[:1].isdigit())) and bool(_STAMP.search(line))


# a running head's column that holds the page number after a word for page: "Article e01432;
# page 18", "Page 5 of 12", "S. 214", "pág. 37"
_PAGE_CELL = lazy_compile(
    r"(?:^|\s)(?:page|p\.|S\.|Seite|pág\.|стр\.|с\.)\s*\d{1,4}(?:\s*(?:of|/|von|de|из)\s*\d{1,4})?$", re.I)

# A page break's edge line split at its column gaps ("A. Rivera and P. Okafor      Urban Climate
# 41 (2022) 101088"): a footer and the next page's running head print the same journal line
_COLUMNS = re.compile(r"\s{3,}")

_DIGITS = re.compile(r"\d+")
_LETTERS3 = re.compile(r"[^\W\d_]{3}")  # three letters in a row: a word, not just numbers


def _shape(line: str) -> str:
    """Digit-normalised form: running heads differ only in their page number.

    Runs of whitespace become one space and the ends are stripped (``str.split``
    and the regex ``\\s`` know the same whitespace characters).
    """
    return " ".join(_DIGITS.sub("#", line.replace("\f", "")).split()).lower()


def _page_edges(lines: Sequence[str], pages: Sequence[int] | None, depth: int = 2) -> set[int]:
    """Indices of the first/last `depth` non-blank lines of each page (empty if no pages)."""
    return {i for break_edges in _break_edges(lines, pages, depth) for i in break_edges}


def _break_edges(lines: Sequence[str], pages: Sequence[int] | None, depth: int = 2) -> list[list[int]]:
    """For each page break, the last `depth` non-blank lines before it and the first after it.

    (The first page's top and the last page's foot count as breaks of their own.)
    """
    starts = [i for i, line in enumerate(lines) if "\f" in line]
    if pages and len(pages) == len(lines):
        starts += [i for i in range(1, len(lines)) if pages[i] != pages[i - 1]]
    if not starts:
        return []
    bounds = sorted({0, *starts, len(lines)})
    bodies = [[i for i in range(lo, hi) if lines[i].strip()] for lo, hi in zip(bounds, bounds[1:])]
    out = [bodies[0][:depth]]
    for before, after in zip(bodies, bodies[1:]):
        out.append(before[-depth:] + after[:depth])
    out.append(bodies[-1][-depth:])
    return out


def _repeated_across_break(lines: Sequence[str], pages: Sequence[int] | None) -> set[int]:
    """Lines at one page break that print the same journal line: a footer and a running head.

    A page's foot and the next page's head often both carry the journal's name, volume and
    article number ("Urban Climate 41 (2022) 101088"), the head beside the authors' names in
    another column. A column of one edge line that another edge line of the same break holds
    (digits blurred; a column with words and a number, not ending like a sentence) marks both:
    text that a page break cuts does not repeat itself across it.
    """
    found: set[int] = set()
    for edge in _break_edges(lines, pages):
        where: dict[str, set[int]] = {}
        for i in edge:
            for cell in _COLUMNS.split(lines[i].replace("\f", "").strip()):
                if len(cell) >= 8 and _LETTERS3.search(cell) and _DIGITS.search(cell) and not _prose(cell):
                    where.setdefault(_shape(cell), set()).add(i)
        for held in where.values():
            if len(held) >= 2:
                found |= held
    return found


def _number_runs(lines: Sequence[str], candidates: list[int]) -> set[int]:
    """Bare numbers that count up like page numbers at regular line spacing.

    Without page breaks a bare number may just as well be a year heading or a
    list item, so it counts as a page number only in a run of three or more
    consecutive values (below 1000, so years never qualify) whose line gaps
    are similar.
    """
    found: set[int] = set()
    values = {i: n for i in candidates if (n := as_int(lines[i].strip(" -–—\f"))) is not None}
    seq = [i for i in candidates if i in values and values[i] < 1000]
    run: list[int] = []
    for i in seq + [-1]:
        if run and i >= 0 and values[i] == values[run[-1]] + 1 and i - run[-1] >= 10:
            run.append(i)
            continue
        if len(run) >= 3:
            gaps = [b - a for a, b in zip(run, run[1:])]
            if max(gaps) <= 2 * min(gaps):
                found.update(run)
        run = [i] if i >= 0 else []
    return found


def find_headers(lines: Sequence[str], pages: Sequence[int] | None = None) -> dict[int, str]:
    """0-based indices of page header/footer lines -> the reason each was judged one."""
    edges = _page_edges(lines, pages)
    shape_of = [_shape(line) if line.strip() else "" for line in lines]
    shapes = Counter(s for s in shape_of if s)
    where: dict[str, list[int]] = {}
    for i, shape in enumerate(shape_of):
        if shape and shapes[shape] >= 3:
            where.setdefault(shape, []).append(i)
    n_pages = len(set(pages)) if pages else sum("\f" in line for line in lines) + 1
    found: dict[int, str] = {}
    bare: list[int] = []
    across = _repeated_across_break(lines, pages)
    for i, line in enumerate(lines):
        shape = shape_of[i]
        if not shape:
            continue
        two = TWO_SIDED.match(line)
        if _is_stamp(line):
            found[i] = "publisher's download stamp"
            continue
        if i in across:
            found[i] = "journal line repeated at the foot and the head of a page"
            continue
        # Two years around a text are a table row or a period ("1917  ...  1921").
        if two and not all(1000 <= int(n) <= 2100 for n in two.groups()):
            found[i] = "page number, running title, page number"
        elif PAGE_NUMBER.match(line):
            if i in edges:
                found[i] = "bare page number at a page break"
            else:
                bare.append(i)
        elif (
            shapes[shape] >= 2  # cheap test first: most lines are unique
            and ONE_SIDED.match(line)
            and _LETTERS3.search(line)
            # Neighbours of the same shape are a table of contents, not page furniture.
            and shape not in _neighbours(shape_of, i)
        ):
            found[i] = "page number and running title, repeated"
        elif i in edges and _page_cell(line):
            found[i] = "running head with its page number at a page break"
        elif edges and i in edges and shapes[shape] >= max(3, n_pages // 3) and not _prose(line):
            found[i] = f"running head repeated on {shapes[shape]} pages"
        elif (
            not edges
            and shapes[shape] >= 4  # seen fewer times, it is no running head (see below)
            and _looks_like_running_head(lines, i, where[shape])
        ):
            found[i] = f"running head repeated {shapes[shape]} times"
    for i in _number_runs(lines, bare):
        found[i] = "bare page number in a counting sequence"
    return dict(sorted(found.items()))


def _page_cell(line: str) -> bool:
    """A line set in columns whose first or last column is a page number with its word."""
    cells = _COLUMNS.split(line.replace("\f", "").strip())
    return len(cells) >= 2 and any(_PAGE_CELL.search(c) for c in (cells[0], cells[-1]))


def _neighbours(items: Sequence[str], i: int) -> tuple[str, str]:
    return (items[i - 1] if i else "", items[i + 1] if i + 1 < len(items) else "")


def _prose(line: str) -> bool:
    """Ends like a sentence or clause, or starts in lower case: body text, not a running head."""
    text = line.replace("\f", "").strip()
    return not text or text[-1] in ".,;:" or text[0].islower()


def _looks_like_running_head(lines: Sequence[str], i: int, seen: list[int]) -> bool:
    """A line repeated at a page's interval, set apart by blank lines, not prose.

    Without page breaks only the rhythm tells a running head from a repeated
    section heading: pages are about equally long, so the gaps between the
    repeats must be similar, at least a short page long, and cover the text.
    """
    text = lines[i].strip()
    if len(seen) < 4 or len(text) < 8 or _prose(text):
        return False
    gaps = [b - a for a, b in zip(seen, seen[1:])]
    median = statistics.median(gaps)
    if min(gaps) < 15 or any(abs(g - median) > 0.3 * median for g in gaps):
        return False
    # A running head is on (nearly) every page, so its repeats span the document.
    if len(seen) * median < 0.6 * len(lines):
        return False
    if not _LETTERS3.search(text):
        return False
    above = i == 0 or not lines[i - 1].strip()
    below = i + 1 >= len(lines) or not lines[i + 1].strip()
    return above or below
