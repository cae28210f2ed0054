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
  cited.

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
from dataclasses import dataclass, field

from .locate import entry_labels, furniture_lines, is_bibliography_heading
from .models import (
    Bibliography,
    CleanText,
    FootnoteReport,
    FootnoteSection,
    Marker,
    Note,
    Reference,
)

__all__ = ["find_footnotes", "find_markers", "parse_notes", "cited_keys"]

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
    r"|anmerkungen|fußnoten|endnoten|notas)\s*:?\s*#*\s*$",
    re.IGNORECASE,
)


def _is_section_heading(line: str) -> bool:
    if len(line.strip()) > 100 or _NOTES_HEADING_RE.match(line):
        return False
    return bool(_SECTION_RE.match(line) or _MD_HEADING_RE.match(line))


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
    (re.compile(rf"[”\"»](?:\s?)(\d{{1,3}}){_END}{_NOT_LIST}"), "strong"),
    # after a closing single quote: ‘neutral republics.’ 2 -- also an apostrophe, so doubtful
    (re.compile(rf"’\s?(\d{{1,3}}){_END}{_NOT_LIST}"), "medium"),
    # glued to a word's punctuation: revolution.5 / Bolsheviks,22
    (re.compile(rf"(?<=[A-Za-z)\]’])[.,;:!?](\d{{1,3}}){_END}{_NOT_LIST}"), "strong"),
    # sentence end, space, number: death. 9 / dissolve. 16
    (re.compile(rf"(?<=[A-Za-z)\]])[.!?]\s(\d{{1,3}}){_END}{_NOT_LIST}"), "medium"),
    # glued to a year: 1920.23 -- or a year then the marker: in 1918 14 and
    (re.compile(rf"\b(?:1[5-9]|20)\d\d[.,]?\s?(\d{{1,3}}){_END}{_NOT_LIST}"), "weak"),
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
            if d.number == c.number + 1 and d.strength != "weak":
                out.update((id(c), id(d)))
                break
    return out


# --------------------------------------------------------------------------- sections


@dataclass
class _Section:
    title: str
    line: int  # 1-based
    markers: list[Marker] = field(default_factory=list)


def _excluded_lines(clean: CleanText, bibliography: Bibliography, note_lines: set[int]) -> set[int]:
    out = set(furniture_lines(clean.lines)) | {n - 1 for n in clean.removed} | note_lines
    for s in bibliography.sections:
        out.update(range(s.line - 1, s.line_end))
    for e in bibliography.entries:
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
        prev, top = c.number, max(top, c.number)
    found = [s for s in sections if s.markers]
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
        missing=[n for n in range(start, max(numbers) + 1) if n not in seen],
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


def parse_notes(lines: list[str], bib_lines: set[int] | None = None) -> tuple[list[_NoteGroup], set[int]]:
    """Note texts grouped by numbering run, and the 0-based lines they occupy.

    Sources: a Notes/Endnotes section ("1. text" / "1 text" / "[1] text"
    lines, restarting at 1 per chapter) and Markdown ``[^1]: text``
    definitions anywhere.
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
        elif _is_section_heading(text):
            close_notes()  # a chapter heading inside the notes starts a new run
            current = []
            used.add(i)
        elif current:
            current[-1][2].append(text.strip())  # a note's continuation line
            used.add(i)
        else:
            close_notes()
            in_notes = False
    close_notes()
    pending += _page_bottom_notes(lines, bib_lines | used, used)
    for run in pending:
        groups.append(_NoteGroup([
            Note(number=num, line=ln, text=_join(texts)) for num, ln, texts in run
        ]))
    if md.notes:
        groups.append(md)
    return groups, used


_RULE_RE = re.compile(r"^\s*[_—–-]{3,}\s*$")


def _page_bottom_notes(
    lines: list[str], skip: set[int], used: set[int]
) -> list[list[tuple[int, int, list[str]]]]:
    """Notes printed at the foot of a page, just above the page number or running head.

    The block must follow a blank line or a rule (``_____``) and every note
    in it start with its number; numbering restarting at 1 starts a new run.
    Lines taken are added to ``used``.
    """
    furniture = furniture_lines(lines)
    runs: list[list[tuple[int, int, list[str]]]] = []
    for f in sorted(furniture):
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
        for i in block:
            m = _NOTE_LINE_RE.match(lines[i])
            number = int(next(g for g in m.groups()[:3] if g).translate(str.maketrans(_SUP_MAP))) if m else 0
            if m and (not notes or number == notes[-1][0] + 1):
                notes.append((number, i + 1, [m.group(4)]))
            else:
                notes[-1][2].append(lines[i].strip())
        if len(block) > 12 or sum(len(t) for _, _, ts in notes for t in ts) > 2000:
            continue  # a page of prose, not a foot of notes
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

_IBID_RE = re.compile(r"^\s*(?:ibid(?:em)?|id)\b\.?", re.IGNORECASE)
_CITE_LIKE_RE = re.compile(
    r"^(?:see\s+(?:also\s+)?|cf\.\s+)?[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+)*,\s|\bpp?\.\s*\d|\b(?:1[5-9]|20)\d\d\b"
)
_STOP = frozenset(
    "the a an and of in on to for from with by at as its his her their this that de la le les "
    "der die das und von zur des du et".split()
)


def _fold(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    ).lower()


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", _fold(text)) if len(w) >= 4 and w not in _STOP}


@dataclass
class _Work:
    key: str
    surname: str
    title_words: set[str]
    year: str | None


def _works(references: list[Reference]) -> list[_Work]:
    out: list[_Work] = []
    for ref in references:
        people = ref.fields.author or ref.fields.editor
        if not ref.key or not people:
            continue
        out.append(_Work(
            ref.key, _fold(people[0].family), _words(ref.fields.title or ""), ref.fields.year
        ))
    return out


def cited_keys(part: str, works: list[_Work]) -> list[str]:
    """Keys of the bibliography works one citation (a note or a part of one) names.

    A work matches when its first author's surname appears as a word; among
    several works by that author, the one sharing most title words (or the
    year) wins, and a tie names none -- a guess would be worse than nothing.
    """
    folded = _fold(part)
    words = set(re.findall(r"[a-z0-9]+", folded))
    by_surname: dict[str, list[_Work]] = {}
    for w in works:
        if w.surname and all(s in words for s in w.surname.split()):
            by_surname.setdefault(w.surname, []).append(w)
    out: list[str] = []
    for candidates in by_surname.values():
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
    return out


def _link_notes(group: _NoteGroup, works: list[_Work]) -> tuple[list[Note], list[str]]:
    """Notes with their cited keys, and citations that match no bibliography entry."""
    linked: list[Note] = []
    missing: list[str] = []
    previous: list[str] = []
    for note in group.notes:
        keys: list[str] = []
        for part in re.split(r";\s*", note.text):
            if _IBID_RE.match(part):
                keys += previous
                continue
            found = cited_keys(part, works)
            keys += found
            if not found and _CITE_LIKE_RE.search(part.strip()):
                missing.append(f"{part.strip()[:100]} (note {note.number}, line {note.line})")
        keys = list(dict.fromkeys(keys))
        previous = keys or previous
        linked.append(note.model_copy(update={"cites": keys}))
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
    sections: list[FootnoteSection], bibliography: Bibliography, references: list[Reference]
) -> FootnoteReport | None:
    """In a numbered style (IEEE, Vancouver) a marker cites the entry with its number.

    Only when there are no note texts and most entries carry a label ("[3]",
    "3."): then the markers are citations, not notes. ``references`` are in
    the order of ``bibliography.entries``.
    """
    labels = entry_labels(bibliography.entries)
    if not labels or sum(n is not None for n in labels) * 2 <= len(labels):
        return None
    by_label = {n: ref.key for n, ref in zip(labels, references) if n is not None and ref.key}
    markers = [m for s in sections for m in s.markers]
    if not markers or not by_label:
        return None
    out_sections = [
        s.model_copy(update={
            "markers": [m.model_copy(update={"cites": by_label.get(m.number)}) for m in s.markers]
        })
        for s in sections
    ]
    cited = {by_label[m.number] for m in markers if m.number in by_label}
    unknown = sorted({m.number for m in markers if m.number not in by_label})
    message = (
        f"Numbered citations: {sum(m.number in by_label for m in markers)} of {len(markers)} "
        "markers cite the bibliography entry with their number."
    )
    if unknown:
        message += f" No entry is numbered {', '.join(map(str, unknown))}."
    return FootnoteReport(
        sections=out_sections,
        notes_found=False,
        message=message,
        uncited_entries=[k for k in by_label.values() if k not in cited],
        missing_from_bibliography=[f"[{n}]: no bibliography entry has this number" for n in unknown],
    )


def find_footnotes(
    clean: CleanText, bibliography: Bibliography, references: list[Reference]
) -> FootnoteReport:
    """Markers per section, note texts and their links to the bibliography."""
    bib_lines = {i for s in bibliography.sections for i in range(s.line - 1, s.line_end)}
    groups, note_lines = parse_notes(clean.lines, bib_lines)
    sections = find_markers(clean, bibliography, note_lines)
    n_markers = sum(len(s.markers) for s in sections)
    if not any(g.notes for g in groups):
        numbered = _numbered_citations(sections, bibliography, references)
        if numbered is not None:
            return numbered
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
    linked: list[list[Note]] = []
    missing: list[str] = []
    for g in groups:
        notes, miss = _link_notes(g, works)
        linked.append(notes)
        missing += miss
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
    cited = {key for notes in linked for n in notes for key in n.cites}
    n_notes = sum(len(n) for n in linked)
    n_linked = sum(m.note_line is not None for s in out_sections for m in s.markers)
    if n_markers:
        message = f"{n_notes} note texts found; {n_linked} of {n_markers} markers linked to notes."
    else:
        message = f"{n_notes} note texts found but no markers in the body text."
    if orphans:
        message += f" {len(orphans)} notes have no marker."
    return FootnoteReport(
        sections=out_sections,
        notes_found=True,
        message=message,
        uncited_entries=list(dict.fromkeys(w.key for w in works if w.key not in cited)),
        missing_from_bibliography=list(dict.fromkeys(missing)),
    )
