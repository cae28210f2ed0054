"""Map a document's footnote/endnote markers, note texts and the works they cite.

Takes the repaired text (:class:`~citecheck.models.CleanText`), the located
:class:`~citecheck.models.Bibliography` and the parsed
:class:`~citecheck.models.Reference` list, and returns a
:class:`~citecheck.models.FootnoteReport`:

* marker sequences per section (Part/Chapter headings, or a restart of the
  numbering at 1), with numbers missing, repeated or going backwards -- the
  traces of lost or shuffled pages;
* note texts, when the document has them (a Notes/Endnotes section, Markdown
  ``[^1]: text`` definitions), linked to their markers and to the
  bibliography entries they cite (surname + title word, year, "Ibid.");
* works cited in notes but absent from the bibliography, and entries never
  cited;
* without note texts, how the text cites instead -- numbers, label keys or
  author and year (:mod:`citecheck.citations`) -- and what those citations
  name;
* before parsing, :func:`with_notes` keeps note repeats (Ibid., op. cit.)
  out of the reference list and makes notes the list when they are the
  document's only references (Markdown footnotes, endnotes).

A marker is a number placed where notes go -- after closing quotes or
punctuation, as a superscript, ``[1]`` or ``[^1]`` -- and its plausibility
depends on the running sequence: a doubtful candidate is taken only when it
is the next number expected. Years, counts, dates, list numbers, page
numbers, running heads and the bibliography itself are never markers.

Pure: no I/O, no network. Links are only made on evidence; when note texts
are absent nothing is linked and ``message`` says so.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from .citations import (
    GLUED_WORD,
    LABEL_KEY,
    author_year_citations,
    cite_number,
    cited_in_order,
    cites_by_glued_numbers,
    explicit_key_citation,
    find_key_cites,
    flattened_citations,
    key_citations,
    keys_could_cite,
    label_citations,
    may_have_keys,
    numbered_citations,
    parenthesised_citations,
    uncited,
    without_key_citations,
)
from .locate import entry_labels, furniture_lines, is_bibliography_heading
from .markup import fenced_code_lines
from .models import (
    Bibliography,
    BibliographySection,
    Citation,
    RawReference,
    CleanText,
    FootnoteReport,
    UnlistedInNote,
    FootnoteSection,
    Marker,
    Note,
    Reference,
)
from .text import lazy_compile

__all__ = [
    "find_footnotes", "has_key_citations", "find_markers", "parse_notes", "cited_keys", "with_notes", "repeat_of",
    "is_repeat", "markdown_labels",
]

# --------------------------------------------------------------------------- headings

_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
)
_SECTION_RE = re.compile(
    r"^\s*(?:#{1,6}\s*)?(?:part|chapter|section|book|appendix|chapitre|kapitel|teil|capítulo)\s+"
    rf"(?:\d+|[IVXLC]+|[A-Z]|{_NUMBER_WORDS})\b[^\n]{{0,80}}$",
    re.IGNORECASE,
)
_STRUCTURAL_RE = re.compile(
    r"^(?:part|chapter|book|chapitre|kapitel|teil|capítulo)\s", re.IGNORECASE
)
_MD_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s+\S")
_NOTES_HEADING_RE = re.compile(
    r"^\s*(?:#{1,6}\s*)?(?:\d+\.?\s+)?(?:notes|endnotes|footnotes|notes and references"
    r"|anmerkungen|fußnoten|endnoten|notas)\s*+(?::\s*+)?(?:#+\s*+)?$",
    re.IGNORECASE,
)


def _is_section_heading(line: str) -> bool:
    if not (_SECTION_RE.match(line) or _MD_HEADING_RE.match(line)):
        return False  # most lines: the long-line and notes-heading tests need not run
    return not (len(line.strip()) > 100 or _NOTES_HEADING_RE.match(line))


# --------------------------------------------------------------------------- marker candidates

_SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_MAP = {c: str(i) for i, c in enumerate(_SUP)}
_END = r"(?=[\s,.;:)\]”\"’]|$)"  # what may follow a marker: not letters, digits, %, -
_NOT_LIST = r"(?![.)]\s+[A-Z])"  # "2. In Marxist theory" is a list item

# (pattern, strength, group holding the number)
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"(?<=\S)([{_SUP}]+)"), "strong"),
    (re.compile(r"\[\^(\d{1,3})\](?!:)"), "strong"),
    (re.compile(r"(?<=[^\s\[])\[(\d{1,3})\](?!:)|(?<=\s)\[(\d{1,3})\](?!:)"), "strong"),
    # after a closing quote, glued or spaced: then” 1 demonstrations / popular” 2
    # (glued to the quote, "infâmes »7. Il faut", a number is no list item's)
    (re.compile(rf"[”\"»](\d{{1,3}}){_END}|[”\"»]\s(\d{{1,3}}){_END}{_NOT_LIST}"), "strong"),
    # after a closing single quote: ‘neutral republics.’ 2 -- also an apostrophe, so doubtful
    (re.compile(rf"’\s?(\d{{1,3}}){_END}{_NOT_LIST}"), "medium"),
    # glued to a word's punctuation: revolution.5 / Bolsheviks,22
    (re.compile(rf"(?<=[A-Za-z)\]’])[.,;:!?](\d{{1,3}}){_END}{_NOT_LIST}"), "strong"),
    # sentence end, space, number: death. 9 / dissolve. 16
    (re.compile(rf"(?<=[A-Za-z)\]])[.!?]\s(\d{{1,3}}){_END}{_NOT_LIST}"), "medium"),
    # glued to a year: 1920.23 -- or a year then the marker: in 1918 14 and
    (re.compile(rf"\b(?:1[5-9]|20)\d\d[.,]?\s?(\d{{1,3}}){_END}{_NOT_LIST}"), "weak"),
    # glued to a word: overload8 -- a superscript flattened by the PDF's text layer, or part of
    # the word (mp3): taken only as the next number expected, and then only as uncertain
    (re.compile(rf"(?<![\w])({GLUED_WORD})(\d{{1,3}}){_END}"), "glued"),
]
_LINE_START_RE = re.compile(r"^\s*(\d{1,3})\s+(?=[a-z])")
# abbreviations whose number is a locator, not a marker: "p.5", "vol. 3", "n. 12"
_PAGE_WORDS = frozenset("p pp vol vols no nr ch chap fig figs art para n nn col cols sec".split())


@dataclass
class _Candidate:
    line: int  # 0-based
    col: int
    number: int
    strength: str
    context: str


_SPACES_RE = re.compile(r"\s+")
_WORD_RE = re.compile(r"[A-Za-z§]+")
_MARKER_BEFORE_RE = re.compile(r"[”\"’.!?]\s*$")  # a line ending where a marker may follow


def _context(text: str, col: int, width: int = 40) -> str:
    return _SPACES_RE.sub(" ", text[max(0, col - width) : col + width]).strip()


def _preceding_word(text: str, col: int) -> str:
    words = _WORD_RE.findall(text[:col][-20:])
    return words[-1].lower() if words else ""


# Every marker pattern (and _LINE_START_RE) needs a digit: most lines of prose have none.
_ANY_DIGIT_RE = re.compile(rf"[\d{_SUP}]")


def _line_candidates(text: str, i: int, prev_text: str) -> list[_Candidate]:
    if not _ANY_DIGIT_RE.search(text):
        return []
    found: dict[int, _Candidate] = {}
    for pattern, strength in _PATTERNS:
        for m in pattern.finditer(text):
            group = next(g for g in range(1, (m.lastindex or 0) + 1) if m.group(g))
            if strength == "glued":
                if m.group(1) in _PAGE_WORDS:
                    continue
                group = 2
            digits = m.group(group)
            col = m.start(group)
            if col in found or _preceding_word(text, m.start()) in _PAGE_WORDS:
                continue
            number = int("".join(_SUP_MAP.get(c, c) for c in digits))
            if number == 0:
                continue
            found[col] = _Candidate(i, col, number, strength, _context(text, col))
    # a marker pushed to the start of the next line: ...the masses.”\n7 Many committees
    m = _LINE_START_RE.match(text)
    if m and _MARKER_BEFORE_RE.search(prev_text) and m.start(1) not in found:
        found[m.start(1)] = _Candidate(
            i, m.start(1), int(m.group(1)), "weak", _context(text, m.start(1))
        )
    return [found[c] for c in sorted(found)]


def _plausible(c: _Candidate, prev: int, top: int) -> bool:
    """Does the candidate fit the running sequence (``prev`` last accepted, ``top`` max)?"""
    step = c.number - prev
    if c.strength == "strong":
        # shuffled pages make real jumps; a count after a quote ("118 bands") jumps far
        return c.number <= max(top, prev) + 30 or step == 1
    if c.strength == "medium":
        return 1 <= step <= 3 or c.number == 1
    return step == 1


def _chained(cands: list[_Candidate]) -> set[int]:
    """ids of candidates that a neighbour continues (n then n+1 close by).

    A page shuffled in from elsewhere brings a run of far-off numbers; a run
    is evidence a count or a date never gives.
    """
    out: set[int] = set()
    for j, c in enumerate(cands):
        for d in cands[j + 1 : j + 4]:
            if d.number == c.number + 1 and d.strength not in ("weak", "glued"):
                out.update((id(c), id(d)))
                break
    return out


# --------------------------------------------------------------------------- sections


@dataclass
class _Section:
    title: str
    line: int  # 1-based
    markers: list[Marker] = field(default_factory=list)
    uncertain: list[int] = field(default_factory=list)
    # where each marker and each glued number sits, (0-based line, column): see _glued_markers
    at: list[tuple[int, int]] = field(default_factory=list)
    glued: list[tuple[int, int, Marker]] = field(default_factory=list)


def _excluded_lines(clean: CleanText, bibliography: Bibliography, note_lines: set[int]) -> set[int]:
    out = set(furniture_lines(clean.lines)) | {n - 1 for n in clean.removed} | note_lines
    out |= fenced_code_lines(clean.lines)  # 'doc["items"][4]' in a code block cites nothing
    for s in bibliography.sections:
        # notes at page feet, Markdown definitions: the text runs between them; inline notes
        # stand in it
        if s.heading not in (NOTES_HEADLESS, MD_DEFINITIONS, INLINE_NOTES):
            out.update(range(s.line - 1, s.line_end))
    sections = bibliography.sections
    for e in bibliography.entries:
        if not (e.section < len(sections) and sections[e.section].heading == INLINE_NOTES):
            out.update(range(e.line - 1, e.line_end))
    return out


def find_markers(
    clean: CleanText, bibliography: Bibliography, note_lines: set[int] | None = None
) -> list[FootnoteSection]:
    """Marker sequences per section, with missing, repeated and backward numbers.

    ``note_lines`` (0-based) are note texts, which are never scanned for markers.
    """
    lines = clean.lines
    excluded = _excluded_lines(clean, bibliography, note_lines or set())
    sections: list[_Section] = [_Section("(start of document)", 1)]
    # a heading opens a section when its own numbering starts. When the numbers
    # after it carry on the previous sequence, a Part/Chapter still opens one
    # (its 'missing' then shows the carried numbering), while any other heading
    # came with a page shuffled into the text (a glossary, an appendix) and the
    # sequence simply runs through it
    events: list[_Candidate | _Section] = []
    prev_text = ""
    for i, text in enumerate(lines):
        if i in excluded or not text.strip():
            continue
        if _is_section_heading(text) and not is_bibliography_heading(text):
            events.append(_Section(text.strip().lstrip("#").strip(), i + 1))
        else:
            events += _line_candidates(text, i, prev_text)
        prev_text = text
    cands = [e for e in events if isinstance(e, _Candidate)]
    chained = _chained(cands)

    pending: _Section | None = None
    prev = top = 0
    for e in events:
        if isinstance(e, _Section):
            pending = e
            continue
        c = e
        if c.strength == "glued":
            # never opens a section nor restarts one; fills the next place, uncertainly
            if pending is None and c.number == prev + 1:
                sections[-1].uncertain.append(c.number)
                sections[-1].glued.append((c.line, c.col, Marker(number=c.number, line=c.line + 1,
                                                                 context=c.context)))
                prev, top = c.number, max(top, c.number)
            continue
        ok = _plausible(c, prev, top) or (c.strength == "strong" and id(c) in chained)
        if pending is not None:
            fresh = _plausible(c, 0, 0) and c.number <= 3
            carried = ok and prev < c.number <= prev + 3
            if fresh and not (carried and c.number > 1):
                sections.append(pending)
                prev = top = 0
            elif carried:
                if _STRUCTURAL_RE.match(pending.title):
                    sections.append(pending)  # a Part keeps its own section, numbers carry on
            else:
                continue
            pending = None
        elif not ok:
            continue
        current = sections[-1]
        if c.number == 1 and top >= 2:
            # numbering restarts: a new chapter whose heading we did not see
            sections.append(_Section(f"{current.title} (numbering restarts)", c.line + 1))
            top = 0
        sections[-1].markers.append(Marker(number=c.number, line=c.line + 1, context=c.context))
        sections[-1].at.append((c.line, c.col))
        prev, top = c.number, max(top, c.number)
    found = [_glued_markers(s) for s in sections]
    found = [s for s in found if s.markers]
    # A book may number its notes straight through its chapters. When no section
    # after the first restarts at 1, that is the document's style: a chapter's
    # numbers are expected from where the previous chapter stopped, not from 1.
    # When others do restart, a Part that carries on is itself the anomaly.
    continuous = len(found) > 1 and all(s.markers[0].number != 1 for s in found[1:])
    out = []
    for before, s in zip([None, *found], found):
        start = 1
        if continuous and before is not None:
            start = min(s.markers[0].number, max(m.number for m in before.markers) + 1)
        out.append(_summarise(s, start))
    return out


GLUED_RUN = 3  # numbers glued to words, each the next expected, that make a document's markers


def _glued_markers(s: _Section) -> _Section:
    """A section whose markers the text layer glued to the words ('populaires1.', 'Settanta1,').

    French, Italian and Nature-style texts set the superscript before the
    punctuation, so a flattened PDF glues it to the word. One such number is
    a doubt ('overload8'); a run of them, each the very next number expected
    (a glued number is taken only so), outnumbering the section's other
    markers, is how the document marks its notes: they are its markers.
    """
    if len(s.glued) < GLUED_RUN or len(s.glued) < len(s.markers):
        return s
    merged = sorted([*zip(s.at, s.markers), *(((ln, col), m) for ln, col, m in s.glued)],
                    key=lambda x: x[0])
    return _Section(s.title, s.line, [m for _, m in merged], [], [at for at, _ in merged])


def _summarise(s: _Section, start: int = 1) -> FootnoteSection:
    numbers = [m.number for m in s.markers]
    seen: set[int] = set()
    repeated: list[int] = []
    for n in numbers:
        if n in seen and n not in repeated:
            repeated.append(n)
        seen.add(n)
    backward = [
        m.line for p, m in zip(s.markers, s.markers[1:]) if m.number < p.number
    ]
    return FootnoteSection(
        title=s.title,
        line=s.line,
        markers=s.markers,
        missing=[n for n in range(start, max(numbers) + 1) if n not in seen and n not in s.uncertain],
        uncertain=sorted(set(s.uncertain) - seen),
        repeated=sorted(repeated),
        backward=backward,
    )


# --------------------------------------------------------------------------- note texts

_NOTE_LINE_RE = re.compile(rf"^\s*(?:\[(\d{{1,3}})\]|(\d{{1,3}})[.)]?|([{_SUP}]+))\s+(\S.*)$")
_MD_DEF_RE = re.compile(r"^\s{0,3}\[\^(\d{1,3})\]:\s*(.*)$")


@dataclass
class _NoteGroup:
    notes: list[Note] = field(default_factory=list)
    markdown: bool = False
    page_foot: bool = False  # found at a page's foot, not in a Notes section


def parse_notes(
    lines: list[str], bib_lines: set[int] | None = None, inline: Sequence[InlineNote] = (),
) -> tuple[list[_NoteGroup], set[int]]:
    """Note texts grouped by numbering run, and the 0-based lines they occupy.

    Sources: a Notes/Endnotes section ("1. text" / "1 text" / "[1] text"
    lines, restarting at 1 per chapter), Markdown ``[^1]: text`` definitions
    anywhere and pandoc's inline notes (*inline*, from :func:`markdown_notes`;
    their lines are the text's, not notes'). Markdown notes come in the order
    of their numbers, the order a reader meets them ('Ibid.' repeats the note
    before it so).
    """
    bib_lines = bib_lines or set()
    groups: list[_NoteGroup] = []
    used: set[int] = set()
    md = _NoteGroup(markdown=True)
    current: list[tuple[int, int, list[str]]] | None = None  # (number, line, texts) in a Notes section
    pending: list[list[tuple[int, int, list[str]]]] = []

    def close_notes() -> None:
        nonlocal current
        if current:
            pending.append(current)
        current = None

    in_notes = False
    md_open: tuple[int, int, list[str]] | None = None
    subtitle: set[int] = set()
    for i, text in enumerate(lines):
        m = _MD_DEF_RE.match(text)
        if m:
            md_open = (int(m.group(1)), i + 1, [m.group(2)])
            md.notes.append(Note(number=md_open[0], line=i + 1, text=m.group(2).strip()))
            used.add(i)
            continue
        if md_open and text.startswith(("    ", "\t")) and text.strip():
            last = md.notes[-1]
            md.notes[-1] = last.model_copy(update={"text": f"{last.text} {text.strip()}"})
            used.add(i)
            continue
        md_open = None
        if _NOTES_HEADING_RE.match(text):
            close_notes()
            in_notes, current = True, []
            used.add(i)
            continue
        if not in_notes:
            continue
        if i in bib_lines or is_bibliography_heading(text):
            close_notes()
            in_notes = False
            continue
        if not text.strip():
            continue
        n = _NOTE_LINE_RE.match(text)
        if n:
            number = int(next(g for g in n.groups()[:3] if g).translate(str.maketrans(_SUP_MAP)))
            if current and number == 1:
                close_notes()
                current = []
            if current is None:
                current = []
            current.append((number, i + 1, [n.group(4)]))
            used.add(i)
        elif _is_section_heading(text) and (title := _notes_run_title(lines, i)) is not None:
            close_notes()  # a chapter heading inside the notes starts a new run
            current = []
            used.update(title)
            subtitle.update(title)
        elif _is_section_heading(text):
            close_notes()  # the next chapter of the text: the notes before it are over
            in_notes = False
        elif i in subtitle:
            continue
        elif current:
            current[-1][2].append(text.strip())  # a note's continuation line
            used.add(i)
        else:
            close_notes()
            in_notes = False
    close_notes()
    in_sections = len(pending)
    pending += _page_bottom_notes(lines, bib_lines | used, used)
    for k, run in enumerate(pending):
        groups.append(_NoteGroup([
            Note(number=num, line=ln, text=_join(texts)) for num, ln, texts in run
        ], page_foot=k >= in_sections))
    md.notes += [Note(number=n.number, line=n.line, text=n.text) for n in inline]
    if md.notes:
        md.notes.sort(key=lambda n: n.number)
        groups.append(md)
    return groups, used


def _notes_run_title(lines: list[str], i: int) -> list[int] | None:
    """The lines of a chapter heading inside a Notes section ('Chapter 2', maybe its title
    under it), when notes follow it; None when prose follows: the text's next chapter,
    which ends the notes before it ('CHAPTER TWO' / 'Strikes and Settlements' / 'The dock ...').
    """
    taken = [i]
    for j in range(i + 1, min(len(lines), i + 6)):
        text = lines[j]
        if not text.strip():
            continue
        if _NOTE_LINE_RE.match(text):
            return taken
        if len(taken) == 2 or len(text.strip()) > 80 or text.rstrip().endswith((".", ",", ";")):
            return None
        taken.append(j)  # the chapter's title under its number
    return None


def _wordy(text: str) -> bool:
    """More letters than digits: a note ('Ibid., 14.'), not a row of figures ('919 (24%) 235')."""
    letters = sum(c.isalpha() for c in text)
    return letters > 0 and letters >= sum(c.isdigit() for c in text)


_RULE_RE = re.compile(r"^\s*[_—–-]{3,}\s*$")
_PAGE_NUMBER_RE = re.compile(r"^\s*\d{1,4}\s*$")


def _heading_like(text: str) -> bool:
    """'2. Method', '3 EVALUATION': a short numbered line that ends no sentence."""
    t = text.strip()
    return len(t) < 40 and not t.endswith((".", ",", ";", ":"))


def _page_bottom_notes(
    lines: list[str], skip: set[int], used: set[int]
) -> list[list[tuple[int, int, list[str]]]]:
    """Notes printed at the foot of a page, just above the page number or running head.

    The block must follow a blank line or a rule (``_____``) and every note
    in it start with its number; numbering restarting at 1 starts a new run.
    The foot is page furniture, a page number alone on its line, or the
    bibliography's heading (the last page's notes above it). A line of a note
    that wraps to a number ('2. Aufl., Stuttgart 1967') is no note when a
    later line of the block starts with that number. Lines taken are added
    to ``used``.
    """
    furniture = furniture_lines(lines)
    feet = set(furniture) | {
        i for i, t in enumerate(lines)
        if i and not lines[i - 1].strip() and (_PAGE_NUMBER_RE.match(t) or is_bibliography_heading(t))
    }
    runs: list[list[tuple[int, int, list[str]]]] = []
    # the last page's foot is the text's end, where the other pages have notes at their feet
    for f in [*sorted(feet), len(lines)]:
        if f == len(lines) and not runs:
            break
        # walk up from the page foot to the blank line or rule above the notes
        j = f - 1
        while j >= 0 and not lines[j].strip():
            j -= 1
        end = j
        while j >= 0 and lines[j].strip() and not _RULE_RE.match(lines[j]) and j not in furniture:
            j -= 1
        block = list(range(j + 1, end + 1))
        if not block or any(i in skip for i in block) or not _NOTE_LINE_RE.match(lines[block[0]]):
            continue
        notes: list[tuple[int, int, list[str]]] = []
        numbers = {}
        for i in block:
            m = _NOTE_LINE_RE.match(lines[i])
            numbers[i] = int(next(g for g in m.groups()[:3] if g).translate(str.maketrans(_SUP_MAP))) if m else 0
        for i in block:
            m = _NOTE_LINE_RE.match(lines[i])
            number = numbers[i]
            later = any(numbers[k] == number for k in block if k > i)
            if m and (not notes or (number == notes[-1][0] + 1 and not later)):
                notes.append((number, i + 1, [m.group(4)]))
            else:
                notes[-1][2].append(lines[i].strip())
        if len(block) > 24 or sum(len(t) for _, _, ts in notes for t in ts) > 2000:
            continue  # a page of prose, not a foot of notes
        if sum(_wordy(" ".join(ts)) for _, _, ts in notes) * 2 < len(notes):
            continue  # rows of a table ("919 (24%) 235 28.6"), not notes: notes are words
        if f not in furniture and (len(notes) < 2 or any(_heading_like(lines[ln - 1]) for _, ln, _ in notes)):
            continue  # above a page number or the bibliography: a numbered section ('2. Method'), not notes
        if not runs or notes[0][0] == 1 or notes[0][0] <= runs[-1][-1][0]:
            runs.append([])
        runs[-1] += notes
        used.update(block)
    return runs


def _join(texts: list[str]) -> str:
    out = ""
    for t in texts:
        t = t.strip()
        out = out[:-1] + t if out.endswith("-") else (f"{out} {t}" if out else t)
    return out


# --------------------------------------------------------------------------- citations in notes

# Ibid., Id., Idem; German 'Ebd.'/'Ebenda', Spanish 'Íbid.'/'Íd.'
# (and in other languages: Italian 'Ivi', Polish 'Tamże', Czech/Slovak 'Tamtéž'/'Tamže',
# Russian 'Там же', Turkish 'Aynı yer')
_IBID_RE = lazy_compile(
    r"^\s*(?:(?:see|cf\.|vgl\.|s\.|voir|zob\.|см\.)\s+)?(?:[ií]b[ií]d(?:em)?|[ií]d(?:em)?|ebd|ebenda|ivi"
    r"|tamże|tamtéž|tamže|там\s+же|aynı\s+yer)\b\.?", re.IGNORECASE
)
# "Avrich, op. cit., 22" / "Carr, loc. cit." / German "Siemann, a. a. O., S. 30" -- the author's
# work cited in an earlier note
# (French 'art. cit.', Spanish 'ob. cit.', Polish 'dz. cyt.', Czech 'cit. d.', Russian 'указ. соч.',
# Turkish 'a.g.e.'/'a.g.m.', Italian ', cit.' after a short title)
_OP_CIT_RE = lazy_compile(
    r"\b(?:op|loc|art|ob)\.?\s*cit\b\.?|\ba\.\s?a\.\s?O\.|\bdz\.\s?cyt\.|\bcit\.\s?d\.|указ\.\s?соч\."
    r"|(?-i:\ba\.\s?g\.\s?[em]\.)|,\s*cit\.(?=,|\s*$)|(?<=[^\W\d_])\s+cit\.(?=,)", re.IGNORECASE)  # ('A.G.M. Jansen': initials)
# "Id., I limiti dell'interpretazione, Bompiani, Milano 1990, p. 32." -- Idem as the author of
# another work (the same author as the note before), not a repeat: a title and a year follow,
# not a locator ("Id. at 197", "Id., p. 5", "Idem, S. 12")
_IDEM_WORK_RE = lazy_compile(
    r"^\s*(?:id|idem|eadem|iid|eaed|eid)\.?,\s+"
    r"(?!(?:pp?|ss?|at|vol|vols|t|c|с|cap|ch|chap|n|nota|nt|fig|col|sp|bd|loc|op)\b\.?)[^\W\d_]",
    re.IGNORECASE)
_YEAR_IN_RE = re.compile(r"\b(?:1[5-9]|20)\d\d\b")


def _idem_work(text: str) -> bool:
    """'Id., Title, Place 1990': the author of the note before, another work."""
    return bool(_IDEM_WORK_RE.match(text) and _YEAR_IN_RE.search(text.split(";", 1)[0]))


def _ibid(text: str) -> bool:
    """Ibid., Id., Ebd., Ivi…: the note repeats the one before (not 'Id., Another Title, 1990')."""
    return bool(_IBID_RE.match(text)) and not _idem_work(text)


# "Prosser, supra note 3, at 422" (law reviews; "supra n. 3", "supra nota 3", "supra Fn. 3"): the work
# cited in note 3; "Prosser, supra, at 422" without the number: the latest note naming Prosser
_SUPRA_RE = re.compile(
    r"\bsupra\b(?:\s*(?:notes?|nn?\.|nota|nt\.|Fn\.|Anm\.)\s*(?P<note>\d{1,3}))?", re.IGNORECASE)
_CITE_LIKE_RE = lazy_compile(
    r"^(?:see\s+(?:also\s+)?|cf\.\s+)?[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+)*,\s|\bpp?\.\s*\d|\b(?:1[5-9]|20)\d\d\b"
)
# a short-title note: "Avrich, Kronstadt 1921, 20." -- a surname, a few title words, a page
_SHORT_RE = lazy_compile(
    r"^\s*(?:see\s+(?:also\s+)?|cf\.\s+)?(?P<name>[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+)?),\s+(?P<title>[^,;()]{3,80}?)"
    r"(?:,\s*(?:(?:pp?|S)\.\s*)?[a-z]?[\divxlc][\d\s–\-,ivxlcf.:]*)?\.?\s*$"
)
_UNQUOTE_RE = lazy_compile(r"[\"“”«»*_]")


QUOTED_CHARS = 100  # of a note's citation, quoted in the report


def _quoted(text: str, limit: int) -> str:
    """*text*, or its first words within *limit* characters and '…' (cut between words)."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    space = head.rfind(" ")
    return (head[:space] if space > limit // 2 else head).rstrip(" ,;:") + "…"


def is_repeat(text: str) -> bool:
    """Ibid., Id., op. cit., loc. cit., supra: a note that only points back to another."""
    head = text.split(";", 1)[0]  # (a note whose first work is cited in full is no repeat)
    return bool(_ibid(text) or _OP_CIT_RE.search(head[:80]) or _SUPRA_RE.search(head))


def repeat_of(texts: list[str], numbers: list[int] | None = None) -> list[int | None]:
    """For each note text, the index of the earlier note with the full citation it repeats.

    ``Ibid.``/``Id.`` repeat the note before (and what that one repeats);
    ``Surname, supra note 3`` the note numbered 3 (with ``numbers``, each
    note's number) and what it repeats; ``Surname, op. cit.`` / ``loc. cit.``
    / ``supra`` the latest full note naming that surname; a short title
    (``Surname, Short Title, 20``) the latest full note naming the surname and
    sharing a title word. None: a note of its own.
    """
    origin: list[int | None] = []
    for i, text in enumerate(texts):
        origin.append(_target(text, i, texts, origin, numbers))
    return origin


# words that open a note before the author ("Vgl. Huber, …", "Voir Roche, …", "See Avrich, …")
_SEE_RE = lazy_compile(
    r"^\s*(?:see(?:\s+also)?|cf\.?|cfr\.|vgl\.|siehe|s\.|voir(?:\s+aussi)?|v\.|vid\.|véase|vease|ver|veja|zob\.|см\.)\s+",
    re.IGNORECASE)


def _target(text: str, i: int, texts: list[str], origin: list[int | None],
            numbers: list[int] | None = None) -> int | None:
    """The earlier note (index) that ``text``, the note or a part of note ``i``, repeats."""
    head = text.split(";", 1)[0]
    if _ibid(text):
        return (origin[i - 1] if origin[i - 1] is not None else i - 1) if i else None
    m = _SUPRA_RE.search(head)
    if m and m.group("note") and numbers is not None:
        j = next((j for j in range(i - 1, -1, -1) if numbers[j] == int(m.group("note"))), None)
        return None if j is None else origin[j] if origin[j] is not None else j
    cut = _OP_CIT_RE if _OP_CIT_RE.search(head[:80]) else _SUPRA_RE if m else None
    if cut is not None:
        # "A. Farge, Le Goût de l'archive, op. cit." -- the author before the first comma, a
        # title after it: the latest note naming the author wins, among them one naming the title
        author, _, title = _SEE_RE.sub("", cut.split(head, 1)[0]).partition(",")
        # (the author's names are capitalised: 'as argued supra' names no one)
        name = {_fold(w) for w in re.findall(r"[^\W\d_]{2,}", author) if w[0].isupper()} - _STOP
        named = _words(title) - name
        if not name:
            return None
        if named:
            j = _latest(texts, origin, i, lambda w: bool(name & w) and bool(named & w))
            if j is not None:
                return j
        return _latest(texts, origin, i, lambda w: bool(name & w))
    if (m := _CASE_SHORT_RE.match(text)) and not _YEAR_IN_RE.search(head):
        # "Smith, 361 U.S. at 153.": the latest note naming the case and citing its volume
        need = set(re.findall(r"[^\W_]+", _fold(m.group("name") + " " + m.group("cite"))))
        j = _latest(texts, origin, i, lambda w: need <= w)
        if j is not None:
            return j
    if not _YEAR_IN_RE.search(head) and (j := _repeated_head(head, i, texts, origin)) is not None:
        return j  # "RESTATEMENT (SECOND) OF TORTS § 581 cmt. e." after the full citation
    if (m := _SHORT_RE.match(_UNQUOTE_RE.sub("", text))) and not re.search(
        r"\b(?:1[5-9]|20)\d\d\)", text
    ):
        name = set(re.findall(r"[^\W\d_]+", _fold(m.group("name"))))
        title = _words(m.group("title")) - name
        return _latest(
            texts, origin, i,
            lambda w: name <= w and bool(title & w) and len(w) > len(name | title),
        )
    return None


# a case's short form (Bluebook): the case's name, its volume and reporter, "at" and the pin page
_CASE_SHORT_RE = lazy_compile(
    r"^\s*(?:see\s+(?:also\s+)?|cf\.\s+)?(?P<name>[A-Z][\w’'\-.]*(?:\s+[A-Z][\w’'\-.]*){0,3}),\s+"
    r"(?P<cite>\d{1,4}\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,3})\s+at\s+\d")
# the locator a short form adds to the words of the full citation: "at 153", "cmt. e", "p. 12"
_LOCATOR_TAIL_RE = re.compile(r"(?:,?\s+(?:at\s+\d|cmt\.|(?:pp?|S)\.\s*\d).*)?\.?\s*$", re.IGNORECASE)


def _repeated_head(head: str, i: int, texts: list[str], origin: list[int | None]) -> int | None:
    """The latest earlier note holding this undated note's words, its locator left off: a note
    that adds nothing but a pin cite to a citation given in full before repeats it."""
    words = " ".join(_LOCATOR_TAIL_RE.sub("", head[:300], count=1).split()).casefold()
    if len(re.findall(r"[^\W\d_]{2,}", words)) < 3:
        return None
    for j in range(i - 1, -1, -1):
        if words in " ".join(texts[j].split()).casefold():
            return origin[j] if origin[j] is not None else j
    return None


def _latest(texts: list[str], origin: list[int | None], i: int, fits) -> int | None:
    """The latest note before note ``i`` that ``fits`` (its words), or the note it repeats."""
    for j in range(i - 1, -1, -1):
        if fits(set(re.findall(r"[^\W_]+", _fold(texts[j])))):
            return origin[j] if origin[j] is not None else j
    return None


_STOP = frozenset(
    "the a an and of in on to for from with by at as its his her their this that de la le les "
    "der die das und von zur des du et".split()
)


def _fold(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    ).lower()


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[^\W_]+", _fold(text)) if len(w) >= 4 and w not in _STOP}


@dataclass
class _Work:
    key: str
    surname: str
    title_words: set[str]
    year: str | None
    words: set[str] = field(default_factory=set)  # every word of the entry as printed


def _works(references: list[Reference]) -> list[_Work]:
    out: list[_Work] = []
    for ref in references:
        people = ref.fields.author or ref.fields.editor
        if not ref.key or not people:
            continue
        out.append(_Work(
            ref.key, _fold(people[0].family), _words(ref.fields.title or ""), ref.fields.year,
            _words(ref.raw),
        ))
    return out


def cited_keys(part: str, works: list[_Work]) -> list[str]:
    """Keys of the bibliography works one citation (a note or a part of one) names.

    A work matches when its first author's surname appears as a word; among
    several works by that author, the one sharing most title words (or the
    year) wins, and a tie names none -- a guess would be worse than nothing.
    """
    folded = _fold(part)
    words = set(re.findall(r"[^\W_]+", folded))
    by_surname: dict[str, list[_Work]] = {}
    for w in works:
        if w.surname and all(s in words for s in w.surname.split()):
            by_surname.setdefault(w.surname, []).append(w)
    out: list[str] = []
    # a short title ('Cowan, "What Was Masculine," 140'): a work it names none of the words of, of
    # the year of, is another work by that author, one the bibliography lacks
    short = _SHORT_RE.match(_UNQUOTE_RE.sub("", _SEE_RE.sub("", part)))
    titled = _words(short.group("title")) if short else set()
    for candidates in by_surname.values():
        if titled:
            # (the entry's words, not only the title parsed: a subtitle may be taken for it)
            candidates = [c for c in candidates if c.words & titled or (c.year and c.year in part)]
            if not candidates:
                continue
        if len(candidates) == 1:
            out.append(candidates[0].key)
            continue
        scored = sorted(
            ((len(c.title_words & words) + (2 if c.year and c.year in part else 0), c.key)
             for c in candidates),
            reverse=True,
        )
        if scored[0][0] > 0 and (len(scored) == 1 or scored[0][0] > scored[1][0]):
            out.append(scored[0][1])
    if len(out) > 1:
        # 'I metodi attuali della critica in Italia, a cura di M. Corti e C. Segre': a citation
        # naming one work by its title names its editors too; an author's other work it neither
        # names nor dates is not cited
        by_key = {w.key: w for w in works}
        fit = {k: len(by_key[k].title_words & words) + (2 if by_key[k].year and by_key[k].year in part else 0)
               for k in out}
        if max(fit.values()) >= 2:
            out = [k for k in out if fit[k] > 0]
    return out


def _link_notes(
    group: _NoteGroup, works: list[_Work], by_line: dict[int, list[str]] | None = None
) -> tuple[list[Note], list[UnlistedInNote]]:
    """Notes with their cited keys, and citations that match no bibliography entry.

    ``by_line`` maps a note's line to the keys of the entries made from it (when
    the notes are the document's only references).
    """
    by_line = by_line or {}
    texts = [n.text for n in group.notes]
    numbers = [n.number for n in group.notes]
    origin = repeat_of(texts, numbers)
    linked: list[Note] = []
    missing: list[UnlistedInNote] = []
    for i, (note, source) in enumerate(zip(group.notes, origin)):
        keys: list[str] = list(by_line.get(note.line, []))
        # each part of a note ('Vgl. Huber, Verfassungsgeschichte, S. 185; Koselleck, a. a. O.,
        # S. 570.') is a citation of its own: a full one, or one repeating an earlier note
        for k, part in enumerate(re.split(r";\s*", note.text)):
            if k == 0 and source is not None and _ibid(note.text):
                # what the note before cites (a short title there already names its one work)
                keys += linked[i - 1].cites
                continue
            if k == 0 and i and _idem_work(part):
                # 'Id., I limiti dell'interpretazione, …': a work of the author the note before cites
                authors = {w.key: w.surname for w in works}
                named = " ".join(dict.fromkeys(authors[x] for x in linked[i - 1].cites if x in authors))
                part = f"{named} {part}" if named else part
            target = source if k == 0 and source is not None else (
                _target(part, i, texts, origin, numbers) if k else None)
            if target is not None:
                repeated = linked[target].cites if target < len(linked) else []
                if len(repeated) > 1:
                    # 'Prentice, "Press Rates," 7.' repeats the note citing Hicks and Prentice:
                    # only Prentice's work is cited again
                    named = [x for x in cited_keys(part, works) if x in repeated]
                    repeated = named or repeated
                keys += repeated
                continue
            if k and is_repeat(part):
                continue  # repeats a note this run does not hold
            if keys and note.line in by_line:
                continue  # the note is itself an entry
            found = cited_keys(part, works)
            keys += found
            if not found and works and _CITE_LIKE_RE.search(part.strip()):
                missing.append(UnlistedInNote(line=note.line, note=note.number,
                                              text=_quoted(part.strip(), QUOTED_CHARS)))
        keys = list(dict.fromkeys(keys))
        linked.append(note.model_copy(update={
            "cites": keys,
            "repeats": group.notes[source].number if source is not None else None,
        }))
    return linked, missing


# --------------------------------------------------------------------------- entry point


def _pair(sections: list[FootnoteSection], groups: list[_NoteGroup]) -> dict[int, _NoteGroup]:
    """Which note group serves which marker section.

    Markdown definitions serve every section (their labels are unique); a
    Notes section's runs pair with the marker sections in order, and one run
    serves all sections when the numbering never restarts.
    """
    md = next((g for g in groups if g.markdown), None)
    runs = [g for g in groups if not g.markdown]
    out: dict[int, _NoteGroup] = {}
    for k in range(len(sections)):
        if len(runs) == len(sections):
            out[k] = runs[k]
        elif len(runs) == 1:
            out[k] = runs[0]
        elif k < len(runs):
            out[k] = runs[k]
        elif md is not None:
            out[k] = md
    if md is not None:
        for k in range(len(sections)):
            if k not in out:
                out[k] = md
    return out


def _numbered_citations(
    clean: CleanText, bibliography: Bibliography, references: list[Reference], skip: set[int],
    sections: list[FootnoteSection], markers_as_citations: bool = True,
) -> FootnoteReport | None:
    """In a numbered style (IEEE, Vancouver) a number cites the entry labelled with it.

    Only when there are no note texts and most entries carry a label ("[3]",
    "3."): then the numbers in the text are citations, not notes, and citing
    one again is normal. ``references`` are in the order of ``bibliography.entries``.
    """
    labels = entry_labels(bibliography.entries)
    if not labels or sum(n is not None for n in labels) * 2 <= len(labels):
        return None
    by_label = _works_by_label(labels, references)
    if not by_label:
        return None
    highest = max(n for n in labels if n is not None)
    found = numbered_citations(clean.lines, skip, by_label, highest)
    if cites_by_glued_numbers(found, len(by_label)):
        found = numbered_citations(clean.lines, skip, by_label, highest, glued_cite=True)
    certain = [c for c in found if c.status != "uncertain"]
    if not certain and markers_as_citations:
        # no [3] nor ³: the numbers are printed as the footnote markers are ("effect.6",
        # a superscript the PDF's text flattened); each one cites the entry with its number.
        # Lists and ranges ('care.4–6', 'units,2,3') are read whole; a marker the sequence
        # found elsewhere (after a quote, 'death. 9') is kept too
        flat = flattened_citations(clean.lines, skip, by_label, highest)
        paren = parenthesised_citations(clean.lines, skip, by_label, highest)
        if cited_in_order(paren, len(by_label)):  # Vancouver's '(1)', '(2,3)', not '(1)' equations
            flat += paren
        at = {(c.line, c.number) for c in flat}
        found = flat + [
            c for s in sections for m in s.markers if (m.line, m.number) not in at
            for c in cite_number(m.line, m.context, m.number, by_label, highest)
        ] + [c for c in found if c.status == "uncertain"]
        found.sort(key=lambda c: c.line)
        certain = [c for c in found if c.status != "uncertain"]
        plain = True
    else:
        plain = False
    if not certain:
        return None
    found = _in_own_list(found, bibliography, references, labels)
    certain = [c for c in found if c.status != "uncertain"]
    # one marker per cited number: a compound reference's later works share its first's citation
    later = {r.key for r in references if (r.part or 1) > 1}
    certain = [c for c in certain if c.cites is None or c.cites not in later]
    glued = [c for c in found if c.status == "uncertain" and (c.cites is None or c.cites not in later)]
    markers = [Marker(number=c.number or 0, line=c.line, context=c.text, cites=c.cites) for c in certain]
    never, doubtful = uncited([k for keys in by_label.values() for k in keys], found)
    # (counted in list numbers, as by_label is: a compound reference's works are one number)
    if plain and sum(any(k in never for k in keys) for keys in by_label.values()) * 5 > len(by_label):
        # numbers read as footnote markers are a sample of the citations (a marker must fit
        # a running sequence to be taken): which entries go uncited is not known
        never = []
    unknown = [c for c in certain if c.status in ("not-listed", "out-of-range")]
    message = (
        f"Numbered citations: {sum(c.status == 'linked' for c in certain)} of {len(certain)} "
        "cited numbers name a bibliography entry."
    )
    if unknown:
        message += f" No entry is numbered {', '.join(dict.fromkeys(str(c.number) for c in unknown))}."
    if glued:
        message += f" {len(glued)} numbers glued to a word may be citations (uncertain)."
    return FootnoteReport(
        sections=[FootnoteSection(
            title="Numbered citations", line=markers[0].line, markers=markers,
            uncertain=sorted({c.number for c in glued if c.number}),
        )],
        notes_found=False,
        style="numbered",
        message=message,
        citations=found,
        uncited_entries=never,
        missing_from_bibliography=list(dict.fromkeys(
            f"[{c.number}]: {c.detail} (line {c.line})" for c in unknown
        )),
        uncertain=[f"line {c.line}: {c.text!r} may cite [{c.number}]" for c in glued]
        + [f"{k}: cited only by a number glued to a word" for k in doubtful],
    )


def _in_own_list(
    found: list[Citation], bibliography: Bibliography, references: list[Reference], labels: list[int | None],
) -> list[Citation]:
    """Per-chapter numbered lists: '[1]' in chapter 2 cites chapter 2's [1], not every list's.

    When a number starts an entry in more than one section and text cites
    between the lists, each section is a list of its own (a chapter's
    references): a citation cites the list that closes its chapter, the first
    one ending after it (the last, after all).
    """
    firsts = [(e.section, n) for e, n in zip(bibliography.entries, labels)
              if n is not None and (e.part or 1) == 1]
    if len(firsts) == len(set(firsts)) and len({n for _, n in firsts}) == len(firsts):
        return found  # every number once: one list
    ends = sorted({(s.line_end, k) for k, s in enumerate(bibliography.sections)})
    spans = sorted((s.line, s.line_end) for s in bibliography.sections)
    if not any(a[1] < c.line < b[0] for a, b in zip(spans, spans[1:]) for c in found):
        return found  # the lists stand together (a book's end): which is whose is not known
    section_of = {r.key: e.section for e, r in zip(bibliography.entries, references) if r.key}
    numbers = {}
    for sec, n in firsts:
        numbers.setdefault(sec, set()).add(n)
    out: list[Citation] = []
    done: set[tuple[int, str, int]] = set()
    for c in found:
        own = next((k for end, k in ends if c.line <= end), ends[-1][1])
        if c.number is None or c.status not in ("linked", "uncertain"):
            out.append(c)
        elif c.cites is not None and section_of.get(c.cites) == own:
            out.append(c)
        elif c.number not in numbers.get(own, set()) and (c.line, c.text, c.number) not in done:
            top = max(numbers.get(own, {0}))
            out.append(c.model_copy(update={  # a number its own list lacks
                "cites": None, "status": "out-of-range" if c.number > top else "not-listed",
                "detail": f"the list is numbered up to {top}" if c.number > top
                else f"no entry is numbered {c.number}"}))
        done.add((c.line, c.text, c.number))
    # A numbered list in the body (a table's data sources) is no chapter's reference list:
    # when reading the lists as one per chapter leaves citations that the one list links
    # without an entry (more than a fifth of them), the text cites one list.
    # (counted once per citation: one cites every list's entry of its number)
    def unknown(cs: list[Citation]) -> int:
        return len({(c.line, c.text, c.number) for c in cs
                    if c.status in ("out-of-range", "not-listed")})

    linked = len({(c.line, c.text, c.number) for c in found if c.status == "linked"})
    if (unknown(out) - unknown(found)) * 5 > linked:
        return found
    return out


_ENTRY_LABEL_RE = re.compile(rf"^\s*\[({LABEL_KEY})\]\s+\S")

_Label = TypeVar("_Label", int, str)


def _works_by_label(labels: list[_Label | None], references: list[Reference]) -> dict[_Label, list[str]]:
    """Label -> keys of the entries printed under it: one, or each work of a compound reference."""
    out: dict[_Label, list[str]] = {}
    for label, ref in zip(labels, references):
        if label is not None and ref.key:
            out.setdefault(label, []).append(ref.key)
    return out


def _labelled_text(entry: RawReference) -> str:
    """An entry's text with its label: a compound reference's later works are printed without it."""
    return f"{entry.label} {entry.text}" if (entry.part or 1) > 1 and entry.label is not None else entry.text


def _label_citations(
    clean: CleanText, bibliography: Bibliography, references: list[Reference], skip: set[int],
    sections: list[FootnoteSection],
) -> FootnoteReport | None:
    """Label keys ([KLM19], [Lee 2015]): a key in the text cites the entry printed with it.

    Only when most entries start with such a key and the text cites at least one.
    """
    labels = [(m.group(1) if (m := _ENTRY_LABEL_RE.match(_labelled_text(e))) else None)
              for e in bibliography.entries]
    if not labels or sum(x is not None for x in labels) * 2 <= len(labels):
        return None
    by_label = _works_by_label(labels, references)
    found = label_citations(clean.lines, skip, by_label)
    if not any(c.status == "linked" for c in found):
        return None
    never, _ = uncited([k for keys in by_label.values() for k in keys], found)
    missing = [c for c in found if c.status == "not-listed"]
    # one per key cited: a compound reference's later works share its first work's citation
    later = {r.key for r in references if (r.part or 1) > 1}
    cited = [c for c in found if c.cites is None or c.cites not in later]
    message = (f"Label-key citations: {len(cited) - len(missing)} of {len(cited)} cited keys "
               "name a bibliography entry.")
    if missing:
        message += " No entry is labelled " + ", ".join(dict.fromkeys(f"[{c.label}]" for c in missing)) + "."
    return FootnoteReport(
        sections=sections, notes_found=False, style="label", message=message, citations=found,
        uncited_entries=never,
        missing_from_bibliography=list(dict.fromkeys(
            f"[{c.label}]: {c.detail} (line {c.line})" for c in missing
        )),
    )


def _chapter_lists(bibliography: Bibliography | None) -> list[tuple[int, int]] | None:
    """The (first, last) lines of each headed list when there is one per chapter: two lists
    at least, with running text between them; None when the lists stand together."""
    if bibliography is None or len(bibliography.sections) < 2:
        return None
    spans = sorted((s.line, s.line_end) for s in bibliography.sections)
    if not all(s.heading for s in bibliography.sections):
        return None
    if all(b[0] - a[1] <= 3 for a, b in zip(spans, spans[1:])):
        return None  # 'Primary sources' under 'Secondary sources': one bibliography's parts
    return spans


def _author_year(
    clean: CleanText, references: list[Reference], skip: set[int], sections: list[FootnoteSection],
    bibliography: Bibliography | None = None,
) -> FootnoteReport | None:
    """Author–year citations matched to the list; None when the text does not cite that way.

    The style is taken as author–year when at least two citations name a
    listed author: a stray "(Petrograd, 1917)" in a text that cites no one
    this way is not a citation.
    """
    found = author_year_citations(clean.lines, skip, references, _chapter_lists(bibliography))
    known = [c for c in found if c.status in ("linked", "year-mismatch", "ambiguous")]
    if len(known) < 2:
        return None
    never, _ = uncited(list(dict.fromkeys(r.key for r in references if r.key)), found)
    missing = [c for c in found if c.status == "not-listed"]
    mismatched = [c for c in found if c.status == "year-mismatch"]
    message = (
        f"Author–year citations: {sum(c.status == 'linked' for c in found)} of {len(found)} "
        "name a bibliography entry."
    )
    if missing:
        message += f" {len(missing)} cite{'s' if len(missing) == 1 else ''} a work not in the list."
    if mismatched:
        message += (f" {len(mismatched)} cite{'s' if len(mismatched) == 1 else ''} a year "
                    "the list does not give.")
    return FootnoteReport(
        sections=sections,
        notes_found=False,
        style="author-year",
        message=message,
        citations=found,
        uncited_entries=never,
        missing_from_bibliography=list(dict.fromkeys(
            f"{c.text} (line {c.line}): {c.detail}" for c in missing
        )),
        year_mismatches=[f"{c.text} (line {c.line}): {c.detail}" for c in mismatched],
    )


def _key_citations(
    clean: CleanText, references: list[Reference], skip: set[int],
    sections: list[FootnoteSection], bib: str | None,
) -> FootnoteReport | None:
    """Pandoc citation keys ([@klein2014], @jones2019) linked to the list; None when the text has none.

    The text cites by key when it has a bracketed key ('[@a]', '[see @a]'), or,
    with a .bib (*bib*), a narrative key the .bib has: '@home' alone in a text
    is no citation style. Entries no key cites are reported as uncited when
    every key was read; keys that could not be read (no .bib, a key that does
    not give its author and year) make that uncertain.
    """
    found = key_citations(clean.lines, skip, references, bib=bib)
    if not any(explicit_key_citation(c) for c in found) and not (
            bib is not None and any(c.status == "linked" for c in found)):
        return None
    n = len(found)
    if not references:
        shown = ", ".join(dict.fromkeys(f"@{c.key}" for c in found[:3])) + (" …" if n > 3 else "")
        return FootnoteReport(
            sections=sections, notes_found=False, style="key",  # nothing to list them against
            message=(f"Citation keys: {n} key citation{'' if n == 1 else 's'} found ({shown}), "
                     "but there is no reference list to check them against (give the .bib "
                     "with --bib)."))
    missing = [c for c in found if c.status == "not-listed"]
    unread = [c for c in found if c.status in ("uncertain", "ambiguous")]
    # (an entry renamed for a repeated key, 'smith2020-2', is reported as the duplicate it is:
    # '@smith2020' names the first, and nothing could cite it by its own key)
    never, _ = uncited(list(dict.fromkeys(r.key for r in references if r.key and r.duplicate is None)),
                       found)
    linked = sum(c.status == "linked" for c in found)
    source = f"an entry of {bib}" if bib is not None else "a bibliography entry"
    message = f"Citation keys: {linked} of {n} cited keys name {source}."
    if missing:
        message += " Not in the .bib: " + ", ".join(dict.fromkeys(f"@{c.key}" for c in missing)) + "."
    if unread:
        message += (f" {len(unread)} key{'s' if len(unread) > 1 else ''} could not be matched "
                    "with certainty (a key names an entry of the list only when it gives its "
                    "first author and year).")
    caseless = [c for c in found if c.status == "linked" and c.cites != c.key]
    if bib is not None and caseless:
        message += (f" {len(caseless)} key{'s match' if len(caseless) > 1 else ' matches'} only ignoring "
                    "case (BibTeX accepts that, biber does not).")
    # an entry no matched key cites is never cited, unless a key left unmatched may name it
    could = keys_could_cite([c.key for c in unread if c.key], references) if unread else set()
    hedged = [k for k in never if could is None or k in could]
    return FootnoteReport(
        sections=sections, notes_found=False, style="key", message=message, citations=found,
        uncited_entries=[k for k in never if k not in hedged],
        missing_from_bibliography=list(dict.fromkeys(
            f"@{c.key}: {c.detail} (line {c.line})" for c in missing)),
        uncertain=[f"line {c.line}: @{c.key}: {c.detail}" for c in unread]
        + [f"{k}: maybe never cited (a key that could not be matched may name it)"
           for k in hedged],
    )


def has_key_citations(clean: CleanText) -> bool:
    """Does the text cite by pandoc key in brackets ('[@klein2014]'), outside its code?"""
    if not may_have_keys(clean.text):
        return False
    return any(c.bracketed for c in find_key_cites(_without_code(clean).text))


def _cited_by(
    clean: CleanText, bibliography: Bibliography, references: list[Reference],
    note_lines: set[int], sections: list[FootnoteSection],
) -> FootnoteReport | None:
    """How the text cites when not by notes: numbers, label keys, or author and year."""
    skip = _excluded_lines(clean, bibliography, note_lines)
    return (
        _numbered_citations(clean, bibliography, references, skip, sections)
        or _label_citations(clean, bibliography, references, skip, sections)
        or _author_year(clean, references, skip, sections, bibliography)
    )


def _jumps_back(markers: list[Marker], allowed: set[int] | None = None) -> list[int]:
    """Lines where a marker's number falls below the highest so far: a jump back, unless
    the number is *allowed* (or, without *allowed*, was seen before: a reuse)."""
    seen: set[int] = set()
    backward: list[int] = []
    top = 0
    for m in markers:
        if m.number < top and m.number not in (seen if allowed is None else allowed):
            backward.append(m.line)
        seen.add(m.number)
        top = max(top, m.number)
    return backward


def _allow_reuse(s: FootnoteSection, defined: set[int]) -> FootnoteSection:
    # Markdown numbers footnotes in the order they are used, whatever their labels say:
    # '[^3]' before '[^2]' reads 1, 2 to the reader, so only a label with no definition
    # can jump back.
    # Labels name Markdown footnotes ('[^3]' may simply be unused): a gap is no lost note;
    # definitions no marker points to are reported as notes without markers.
    return s.model_copy(update={
        "repeated": [n for n in s.repeated if n not in defined],
        "backward": _jumps_back(s.markers, defined),
        "missing": [],
    })


def _reused(s: FootnoteSection) -> FootnoteSection:
    """A section whose '[2]' may be cited again (a note list printed '[1] ...', as a wiki has it).

    A number seen before is a reuse, neither a repeat nor a jump back; a new
    number below the highest so far still jumps back.
    """
    return s.model_copy(update={"repeated": [], "backward": _jumps_back(s.markers)})


def _bracketed(lines: list[str], groups: list[_NoteGroup], sections: list[FootnoteSection]) -> list[FootnoteSection]:
    """Sections cited by '[n]' against notes printed '[n] text': a note may be cited again."""
    numbers = {n.number for g in groups if not g.markdown for n in g.notes
               if lines[n.line - 1].lstrip().startswith(f"[{n.number}]")}
    if not numbers:
        return sections
    return [_reused(s) if s.markers and all(
        m.number in numbers and f"[{m.number}]" in lines[m.line - 1] for m in s.markers) else s
        for s in sections]


def _without_code(clean: CleanText) -> CleanText:
    """The text with Markdown code blanked: '`a[2]`' is an index, not a citation."""
    if not clean.code:
        return clean
    lines = list(clean.lines)
    for i, a, b in clean.code:
        if i < len(lines):
            lines[i] = lines[i][:a] + " " * (min(b, len(lines[i])) - a) + lines[i][b:]
    return clean.model_copy(update={"lines": lines})


def find_footnotes(
    clean: CleanText, bibliography: Bibliography, references: list[Reference],
    bib: str | None = None,
) -> FootnoteReport:
    """Markers per section, note texts and their links to the bibliography.

    A text that cites by pandoc keys ([@klein2014]) is read so, whatever else
    it has; *bib* names the .bib the references were read from (``--bib``).
    With note texts the document cites by notes; without, by numbers when
    the list is numbered, else by author and year when the text does.
    """
    lines, inline = markdown_notes(clean.lines, clean.code)
    if lines is not clean.lines:
        clean = clean.model_copy(update={"lines": lines})
    notes_sections = set(_notes_sections(clean.lines, bibliography.sections, bibliography.entries))
    bib_lines = {
        i for k, s in enumerate(bibliography.sections) if k not in notes_sections
        for i in range(s.line - 1, s.line_end)
    }
    groups, note_lines = parse_notes(clean.lines, bib_lines, inline)
    clean = _without_code(clean)  # markers and citations are looked for in prose only
    sections = find_markers(clean, bibliography, note_lines)
    if may_have_keys(clean.text):
        # keys are looked for in the notes too: '[^1]: See [@klein2014, p. 3].'
        keyed = _key_citations(clean, references, _excluded_lines(clean, bibliography, set()),
                               sections, bib)
        if keyed is not None and bib is None:
            # a stray '[@handle]' in a text that cites by author and year (or by number)
            # does not make it a keyed text: keys must be a real share of its citations
            other = _cited_by(clean, bibliography, references, note_lines, sections)
            keys = sum(explicit_key_citation(c) for c in keyed.citations)
            if other is not None and 2 * keys <= sum(c.status == "linked" for c in other.citations):
                how = "author and year" if other.style == "author-year" else other.style
                strays = [c.model_copy(update={
                    "status": "uncertain",
                    "detail": f"a citation key in a text that cites by {how}"
                    + (f" (it would name {c.cites})" if c.cites else "")}) for c in keyed.citations]
                named = {c.cites for c in strays if c.cites}
                return other.model_copy(update={
                    "citations": sorted([*other.citations, *strays], key=lambda c: c.line),
                    "uncited_entries": [k for k in other.uncited_entries if k not in named]})
        if keyed is not None:
            return keyed
    md = next((g for g in groups if g.markdown and g.notes), None)
    if md is not None:
        # a Markdown footnote may be referred to again: not a repeat, not a jump back
        defined = {n.number for n in md.notes}
        merged: list[FootnoteSection] = []
        for s in sections:  # "[^1]" again after "[^2]" is no restart of the numbering
            if merged and s.title == f"{merged[-1].title} (numbering restarts)":
                s = _summarise(_Section(merged[-1].title, merged[-1].line, merged[-1].markers + s.markers))
                merged.pop()
            merged.append(s)
        sections = [_allow_reuse(s, defined) for s in merged]
    else:
        sections = _bracketed(clean.lines, groups, sections)
    n_markers = sum(len(s.markers) for s in sections)
    has_notes = any(g.notes for g in groups)
    # the list is itself the notes (found at page feet, or under a Notes heading): its numbers
    # are the notes', not a numbered list's
    notes_only = bool(notes_sections) and len(notes_sections) == len(bibliography.sections)
    if has_notes and md is None and not notes_only:
        # [3] and ³ with a numbered list are citations, whatever notes the document has too
        skip = _excluded_lines(clean, bibliography, note_lines)
        found = _numbered_citations(clean, bibliography, references, skip, sections, False)
        if found is not None and sum(c.status == "linked" for c in found.citations) >= 2:
            return found
    if not has_notes or (all(g.page_foot for g in groups if g.notes) and not notes_only):
        # no note texts, or only a few lines at a page's foot (which a paper citing
        # by number or by author and year may have too): how does the text cite?
        found = _cited_by(clean, bibliography, references, note_lines, sections)
        if found is not None and (
            not has_notes or sum(c.status == "linked" for c in found.citations) >= 2
        ):
            return found
    if not has_notes:
        return FootnoteReport(
            sections=sections,
            notes_found=False,
            message=(
                f"No note texts found: {n_markers} markers in {len(sections)} sections "
                "cannot be linked to sources."
                if n_markers
                else "No footnote markers or note texts found."
            ),
        )
    works = _works(references)
    # the entries made from a note: one, or each work of a compound one, under its first line
    by_line: dict[int, list[str]] = {}
    first = 0
    for r in references:
        if r.line and r.key:
            first = first if (r.part or 1) > 1 and first else r.line
            by_line.setdefault(first, []).append(r.key)
    linked: list[list[Note]] = []
    unlisted: list[UnlistedInNote] = []
    for g in groups:
        notes, miss = _link_notes(g, works, by_line)
        linked.append(notes)
        unlisted += miss
    missing = [str(u) for u in unlisted]
    pairing = _pair(sections, groups)
    index = {id(g): gi for gi, g in enumerate(groups)}
    used: set[tuple[int, int]] = set()  # (group, note number) some marker points to
    out_sections: list[FootnoteSection] = []
    for k, s in enumerate(sections):
        gi = index[id(pairing[k])] if k in pairing else -1
        by_number = {n.number: n for n in linked[gi]} if gi >= 0 else {}
        markers: list[Marker] = []
        for m in s.markers:
            note = by_number.get(m.number)
            if note is not None:
                used.add((gi, m.number))
                m = m.model_copy(update={
                    "note_line": note.line, "cites": note.cites[0] if note.cites else None,
                })
            markers.append(m)
        out_sections.append(s.model_copy(update={
            "markers": markers,
            "markers_without_notes": sorted({m.number for m in markers if m.note_line is None}),
        }))
    # each note group is reported once, on the first section it serves (or the
    # first section at all), with the notes no marker pointed to
    first: dict[int, int] = {}
    for k in sorted(pairing):
        first.setdefault(index[id(pairing[k])], k)
    orphans: list[int] = []
    for gi, notes in enumerate(linked):
        unused = [n.number for n in notes if (gi, n.number) not in used]
        orphans += unused
        k = first.get(gi, 0 if out_sections else -1)
        if k >= 0:
            sec = out_sections[k]
            out_sections[k] = sec.model_copy(update={
                "notes": sec.notes + notes,
                "notes_without_markers": sorted(set(sec.notes_without_markers + unused)),
            })
    # a note that is itself an entry (Markdown definitions, endnotes as the list) does not
    # cite itself: when no marker points to it, the entry is never cited
    cited = {
        key for gi, notes in enumerate(linked) for n in notes for key in n.cites
        if (gi, n.number) in used or key not in by_line.get(n.line, [])
    }
    n_notes = sum(len(n) for n in linked)
    n_linked = sum(m.note_line is not None for s in out_sections for m in s.markers)
    if n_markers:
        message = f"{n_notes} note texts found; {n_linked} of {n_markers} markers linked to notes."
    else:
        message = f"{n_notes} note texts found but no markers in the body text."
    if orphans:
        one = len(orphans) == 1
        message += (f" {len(orphans)} note{' has' if one else 's have'} no marker "
                    f"(note{'' if one else 's'} {', '.join(map(str, orphans[:12]))}"
                    f"{' …' if len(orphans) > 12 else ''}).")
    if n_linked == 0:
        # no marker found its note: the 'notes' are something else (a table, a list at a
        # page foot); the text may cite by number, key or author and year instead
        found = _cited_by(clean, bibliography, references, note_lines, sections)
        if found is not None and sum(c.status == "linked" for c in found.citations) >= 2:
            return found
    # a text with notes may cite by author and year as well ('Figes (1996) argues'; APA
    # with explanatory endnotes): those citations are checked too, when there are some
    ay = _author_year(clean, references, _excluded_lines(clean, bibliography, note_lines), [],
                      bibliography)
    if ay is not None:
        cited |= {c.cites for c in ay.citations if c.cites}
        missing += ay.missing_from_bibliography
        message += " " + ay.message
    return FootnoteReport(
        sections=out_sections,
        notes_found=True,
        style="notes",
        message=message,
        citations=ay.citations if ay else [],
        year_mismatches=ay.year_mismatches if ay else [],
        # when no note names any entry, the notes are not citations (or not ours to read):
        # calling every entry uncited would be a guess
        uncited_entries=list(dict.fromkeys(w.key for w in works if w.key not in cited)) if cited else [],
        missing_from_bibliography=list(dict.fromkeys(missing)),
        unlisted_in_notes=list(dict.fromkeys(unlisted)),
    )


# --------------------------------------------------------------------------- notes as references


def _notes_heading_above(lines: list[str], line: int, inside: set[int] | None = None) -> int | None:
    """0-based line of the Notes heading that 1-based ``line`` falls under.

    Walks up over blank lines, chapter headings ("Chapter 2" between two runs
    of notes) and ``inside`` (0-based lines of notes already known).
    """
    inside = inside or set()
    j = line - 2
    while j >= 0 and (not lines[j].strip() or j in inside or _is_section_heading(lines[j])):
        if _NOTES_HEADING_RE.match(lines[j]):
            return j
        j -= 1
    return j if j >= 0 and _NOTES_HEADING_RE.match(lines[j]) else None


def _notes_sections(
    lines: list[str], sections: list[BibliographySection], entries: list[RawReference] | None = None,
) -> list[int]:
    """Indexes of the sections that are a Notes/Endnotes section taken for a reference list.

    With ``entries``, also a headless run of numbered notes before a headed
    bibliography (footnotes at a page's foot, '1 Vgl. Huber, …' / '4 Huber,
    a. a. O., S. 180.'): a list printing a note that only points back
    (:func:`is_repeat`) is notes, since a bibliography never does.
    """
    out: list[int] = []
    inside: set[int] = set()
    headed = [k for k, s in enumerate(sections) if s.heading and not _NOTES_HEADING_RE.match(s.heading)]
    for k, s in enumerate(sections):
        if ((s.heading == NOTES_HEADLESS or bool(_NOTES_HEADING_RE.match(s.heading))) if s.heading else (
            _notes_heading_above(lines, s.line, inside) is not None
        )) or (entries is not None and not s.heading and any(
            e.section == k and _NOTE_NUMBER_RE.match(e.text) and is_repeat(_label_text(e.text))
            for e in entries
        ) and (any(h > k for h in headed) or _page_foot_notes(lines, s))):
            out.append(k)
            inside.update(range(s.line - 1, s.line_end))
    return out


_NOTE_NUMBER_RE = re.compile(rf"^\s*(?:\[\d{{1,3}}\]|\d{{1,3}}[.)]?|[{_SUP}]+)\s")
NOTES_HEADLESS = "(notes)"  # the heading given to notes found without one (at page feet)
MD_DEFINITIONS = "(Markdown footnote definitions)"  # the heading given to Markdown's notes
INLINE_NOTES = "(Markdown inline notes)"  # the heading given to pandoc's inline notes '^[text]'



def _label_text(text: str) -> str:
    """An entry's text without its label: '2. Ibid., 14.' (or '2 Id. at 197.') -> 'Ibid., 14.'"""
    return re.sub(r"^\s*(?:\[\^?\w{1,12}\]:?|\d{1,4}[.)]|\d{1,3}(?=\s)|[" + _SUP + r"]+)\s*", "", text)


def _page_foot_notes(lines: list[str], section: BibliographySection) -> bool:
    """True when a headless numbered run sits at page feet: page furniture inside or right
    after it (law-review footnotes, '2 Id. at 197.', with text between the pages)."""
    furniture = furniture_lines(lines)
    return any(i in furniture for i in range(section.line - 1, min(len(lines), section.line_end + 3)))


def with_notes(clean: CleanText, bibliography: Bibliography) -> Bibliography:
    """The reference list the later stages parse, with notes put where they belong.

    * A note that only points back (``Ibid.``, ``Id.``, ``op. cit.``,
      ``loc. cit.``, a short title repeating an earlier note) is never an
      entry: it resolves to the note it repeats (see :func:`repeat_of`).
    * A Notes/Endnotes section taken for a reference list, when the document
      has a bibliography of its own, is notes: it leaves the list (the notes
      are linked to the bibliography instead).
    * A document whose only references are notes -- Markdown ``[^1]: ...``
      definitions or an endnote section -- gets them as its entries.
    """
    lines = clean.lines
    notes_sections = _notes_sections(lines, bibliography.sections, bibliography.entries)
    entries = list(bibliography.entries)
    sections = list(bibliography.sections)
    anomalies = list(bibliography.anomalies)
    others = [e for e in entries if e.section not in notes_sections]
    if notes_sections and others:
        # the notes section is not part of the bibliography: drop it, renumber the rest
        keep = [k for k in range(len(sections)) if k not in notes_sections]
        renumber = {k: i for i, k in enumerate(keep)}
        dropped = [sections[k] for k in notes_sections]
        sections = [sections[k] for k in keep]
        entries = [e.model_copy(update={"section": renumber[e.section]}) for e in others]
        anomalies = [
            a for a in anomalies
            if not (a.kind == "split" and len(sections) < 2)
            and not any(a.line is not None and d.line <= a.line <= d.line_end for d in dropped)
        ]
    elif notes_sections:
        # the notes are the references: name the section after its heading
        for k in notes_sections:
            s = sections[k]
            j = _notes_heading_above(lines, s.line)
            if not (s.heading and _NOTES_HEADING_RE.match(s.heading)) and j is not None:
                sections[k] = s.model_copy(update={"heading": lines[j].strip(), "line": j + 1})
            elif not s.heading:
                sections[k] = s.model_copy(update={"heading": NOTES_HEADLESS})
    # repeats are never entries (whatever section they sit in); but a later work of a compound
    # reference in a bibliography list ("[2] T. Sandoval, Phys. Rev. B 77, 1 (2008); ibid 79, 155303
    # (2009).") is a work in the journal before, by the same authors, not a repeated note
    in_notes = set() if notes_sections and others else set(notes_sections)
    texts = [_label_text(e.text) for e in entries]
    origin = repeat_of(texts)
    entries = [
        e for e, t, o in zip(entries, texts, origin)
        if ((e.part or 1) > 1 and e.section not in in_notes)
        or not (is_repeat(t) or (o is not None and e.section in in_notes))
    ]
    if not entries:
        made = _note_entries(lines, bibliography, clean.code)
        if made is not None:
            return made
    return bibliography.model_copy(update={
        "sections": sections, "entries": entries, "anomalies": anomalies,
    })


def _note_entries(
    lines: list[str], bibliography: Bibliography, code: list[tuple[int, int, int]] | None = None,
) -> Bibliography | None:
    """Note texts as the reference list, when the document has no other (repeats left out).

    Inline notes ('^[text]') are entries of a section of their own (INLINE_NOTES): their
    lines are the text's too.
    """
    marked, inline = markdown_notes(lines, code)
    groups, used = parse_notes(marked, set(), inline)
    inline_end = {(n.number, n.line): n.line_end for n in inline}
    inline_entries: list[RawReference] = []
    sections: list[BibliographySection] = []
    entries: list[RawReference] = []
    starts = sorted(n.line for g in groups for n in g.notes if (n.number, n.line) not in inline_end)
    for g in groups:
        if not g.notes:
            continue
        origin = repeat_of([n.text for n in g.notes])
        k = len(sections)
        for note, o in zip(g.notes, origin):
            if o is not None or is_repeat(note.text) or not _CITE_LIKE_RE.search(
                    without_key_citations(note.text)):
                # a repeat, or a remark ("To whom correspondence ...", "See [@klein2014, p. 3].")
                # rather than a work
                continue
            if g.markdown and (note.number, note.line) in inline_end:
                inline_entries.append(RawReference(
                    text=note.text, line=note.line, line_end=inline_end[note.number, note.line]))
                continue
            nxt = next((x for x in starts if x > note.line), None)
            entries.append(RawReference(
                text=note.text, line=note.line, line_end=_note_end(note.line, used, nxt), section=k,
            ))
        if any(e.section == k for e in entries):
            # a later run ('Chapter 2' notes restarting at 1) sits under the same Notes heading
            head = _notes_heading_above(lines, g.notes[0].line, used)
            taken = any(x.line == (head or 0) + 1 for x in sections)
            sections.append(BibliographySection(
                heading=MD_DEFINITIONS if g.markdown
                else (lines[head].strip() if head is not None else NOTES_HEADLESS),
                line=g.notes[0].line if head is None or g.markdown or taken else head + 1,
                # the run's last note, a repeat or not: a later run (notes restarting under
                # 'Chapter 2') is found under the same Notes heading through it
                line_end=max(e.line_end for e in entries if e.section == k) if g.markdown
                else _note_end(g.notes[-1].line, used, next((x for x in starts if x > g.notes[-1].line), None)),
            ))
    if inline_entries:
        k = len(sections)
        sections.append(BibliographySection(heading=INLINE_NOTES, line=inline_entries[0].line,
                                            line_end=max(e.line_end for e in inline_entries)))
        entries += [e.model_copy(update={"section": k}) for e in inline_entries]
        entries.sort(key=lambda e: e.line)
    if not entries:
        return None
    return Bibliography(sections=sections, entries=entries, anomalies=list(bibliography.anomalies))


def _note_end(line: int, used: set[int], nxt: int | None) -> int:
    """Last 1-based line of the note starting at ``line`` (``used`` holds 0-based note lines)."""
    end = line
    while end in used and (nxt is None or end + 1 < nxt):  # 0-based ``end`` is 1-based end + 1
        end += 1
    return end


_MD_LABEL_RE = re.compile(r"\[\^([^\]\s]{1,40})\]")
# pandoc's inline note '^[text]', glued to the word or punctuation it follows
_INLINE_OPEN_RE = lazy_compile(r"(?<=[\w.,;:!?)\]\"”’*_])\^\[")
_INLINE_LABEL = "\ue010"  # the label an inline note's marker is given: no label a writer uses


@dataclass(frozen=True)
class InlineNote:
    number: int
    line: int  # 1-based, where '^[' stands
    line_end: int
    text: str


def _inline_notes(lines: list[str], code: list[tuple[int, int, int]]) -> tuple[list[str], list[tuple[str, int, int, str]]]:
    """Lines with each inline note '^[text]' replaced by a footnote marker, and the notes.

    The marker ('[^' + a private label + ']') stands where the note opened and the note's
    text is blanked (padded with spaces, so offsets after it stay the line's): the prose is
    read without it, and the marker is numbered with the document's other footnotes in the
    order of use, as pandoc numbers them. A note runs to its matching ']', over lines but
    never over a blank one (brackets are matched once per paragraph: linear in its length).
    Returns (lines, [(label, line, line_end, text)]).
    """
    if not any("^[" in line for line in lines):
        return lines, []
    in_code: dict[int, list[tuple[int, int]]] = {}
    for i, a, b in code:
        in_code.setdefault(i, []).append((a, b))
    out = list(lines)
    notes: list[tuple[str, int, int, str]] = []
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        j = i
        while j + 1 < len(lines) and lines[j + 1].strip():
            j += 1
        if not any("^[" in lines[x] for x in range(i, j + 1)):
            i = j + 1
            continue
        para = "\n".join(lines[i:j + 1])
        starts = [0]
        for x in range(i, j):
            starts.append(starts[-1] + len(lines[x]) + 1)
        match: dict[int, int] = {}
        stack: list[int] = []
        for pos, ch in enumerate(para):
            if ch == "[":
                stack.append(pos)
            elif ch == "]" and stack:
                match[stack.pop()] = pos
        edits: list[tuple[int, int, str]] = []
        taken = -1
        for m in _INLINE_OPEN_RE.finditer(para):
            opening = m.end() - 1
            close = match.get(opening)
            row = bisect_right(starts, m.start()) - 1
            col = m.start() - starts[row]
            if close is None or opening < taken or any(a <= col < b for a, b in in_code.get(i + row, [])):
                continue
            body = _SPACES_RE.sub(" ", para[opening + 1:close]).strip()
            if len(body) < 3 or not any(ch.isalpha() for ch in body):
                continue
            label = f"{_INLINE_LABEL}{len(notes) + 1}"
            marker = f"[^{label}]"
            span = para[m.start():close + 1]
            head = span.find("\n") if "\n" in span else len(span)
            rest = span[len(marker):] if head >= len(marker) else span[head:]
            edits.append((m.start(), close + 1, marker + "".join(ch if ch == "\n" else " " for ch in rest)))
            notes.append((label, i + row + 1, i + bisect_right(starts, close), body))
            taken = close
        if edits:  # (joined once, in order: the edits neither overlap nor go back)
            pieces, pos = [], 0
            for a, b, text in edits:
                pieces += [para[pos:a], text]
                pos = b
            para = "".join(pieces) + para[pos:]
        out[i:j + 1] = para.split("\n")
        i = j + 1
    return out, notes


def markdown_notes(lines: list[str], code: list[tuple[int, int, int]] | None = None) -> tuple[list[str], list[InlineNote]]:
    """Lines with inline notes made markers and every footnote label numbered, and the inline notes.

    See :func:`markdown_labels` and :func:`_inline_notes`.
    """
    lines, found = _inline_notes(lines, code or [])
    lines, labels = markdown_labels(lines)
    number = {label: n for n, label in labels.items()}
    return lines, [InlineNote(number[label], a, b, text) for label, a, b, text in found if label in number]


def markdown_labels(lines: list[str]) -> tuple[list[str], dict[int, str]]:
    """Lines with Markdown footnote labels (``[^note-a]``) numbered, and number -> label.

    When every label is a number the lines are returned as they are; else
    every footnote is numbered in the order of its first use, as Markdown
    renders them (a definition no text refers to comes last).
    """
    labels: list[str] = []
    seen: set[str] = set()  # (a set: each inline note is a label of its own, thousands of them)
    for line in lines:
        for m in _MD_LABEL_RE.finditer(line):
            if m.group(1) not in seen:
                seen.add(m.group(1))
                labels.append(m.group(1))
    if all(x.isdigit() for x in labels):
        return lines, {}
    # named labels: number every footnote in the order of first use, as Markdown renders them
    number = {label: str(i + 1) for i, label in enumerate(labels)}
    out = [_MD_LABEL_RE.sub(lambda m: f"[^{number.get(m.group(1), m.group(1))}]", line)
           for line in lines]
    return out, {int(v): k for k, v in number.items()}
