"""Pydantic models handed from stage to stage.

The pipeline is a chain of states, each a model named after what it captures::

    Document        (ingest)   the input as read: raw lines, page of each line
    CleanText       (repair)   repaired lines, one per input line, + Repair records
    Bibliography    (locate)   sections found, RawReference list, anomalies
    Reference       (parse)    typed fields of one entry + where it came from
    FootnoteReport  (footnotes) marker sequences per section, notes, anomalies
    LinkCheck       (links)    one URL's status with evidence and archived copy
    Match           (resolve)  catalogue verdict, ids and suggestions
    Report          (pipeline) everything above, the JSON schema of `report`

Line numbers are 1-based and count input lines as ``grep -n`` does; a form
feed (pdftotext's page break) starts a new page, never a new line.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


# --------------------------------------------------------------------------- ingest

DocumentKind = Literal["text", "markdown", "pdf", "bib"]


class Document(Frozen):
    """The input as read, before any repair."""

    path: str
    kind: DocumentKind
    encoding: str = Field(description="encoding the bytes were decoded with")
    lines: list[str] = Field(description="raw lines without line ends; lines[0] is line 1")
    pages: list[int] | None = Field(
        default=None, description="page number (1-based) of each line, when the input has pages"
    )
    bib_entries: list["Reference"] | None = Field(
        default=None, description="for a .bib input: the entries read by pybtex"
    )
    bib_errors: list[str] = Field(default_factory=list, description="per-entry .bib read errors")
    notices: list["Notice"] = Field(
        default_factory=list, description="what reading had to cut (a limit hit, see limits.py)")
    source_text: str | None = Field(
        default=None,
        description="for a .bib input: the decoded text exactly as read (line ends included), "
        "so that entries nobody changed are written back as they were",
    )
    legacy_lines: list[tuple[str, int]] = Field(
        default_factory=list,
        description="for a .bib in UTF-8 with some lines in an 8-bit encoding (an entry pasted from "
        "a Latin-1 file): those lines as read (cp1252), each with its occurrence among the file's "
        "lines of the same text (0: the first), which are written back in it, byte for byte",
    )
    companion: "Document | None" = Field(
        default=None,
        description="a .bib given with the document (--bib): its entries are the document's "
        "reference list, which the document's citation keys ([@key]) name",
    )

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


# --------------------------------------------------------------------------- repair

RepairKind = Literal["ligature", "hyphenation", "url", "header"]


class Repair(Frozen):
    """One change the repair stage made (or declined to make) to the text."""

    line: int = Field(description="1-based input line where the repaired text starts")
    kind: RepairKind
    before: str
    after: str
    applied: bool = Field(
        default=True, description="False when the reading was doubtful: reported, not made"
    )
    reason: str | None = None


class CleanText(Frozen):
    """Repaired text that keeps the input's line structure.

    ``lines[i]`` is the repaired form of input line ``i + 1``. When a repair
    joins two lines (a hyphenated word, a URL broken across lines) the joined
    text stays on the first line and the second keeps only what is left, so
    every character can be traced to an input line. Header/footer lines
    become empty strings.
    """

    lines: list[str]
    repairs: list[Repair] = Field(default_factory=list)
    removed: list[int] = Field(
        default_factory=list, description="1-based lines removed as page headers/footers"
    )
    code: list[tuple[int, int, int]] = Field(
        default_factory=list,
        description="Markdown code (0-based line, start, end): inline code spans and fenced blocks",
    )

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


# --------------------------------------------------------------------------- locate


class BibliographySection(Frozen):
    heading: str | None = Field(description="the heading as printed, None for a headless run")
    line: int = Field(description="1-based line of the heading (or first entry)")
    line_end: int


PART_DOC = ("a compound reference (one list number citing several works) is one entry per "
            "work: its works are parts 1, 2, … under the same label; None for an entry of one work")
LABEL_DOC = "the list label the entry is printed under ('[3]', '3.'), shared by a compound reference's parts"


class RawReference(Frozen):
    """One bibliography entry's text, joined from its lines, unparsed.

    A compound reference ("[3] A, Z. Phys. C 46, 93 (1990); B, Phys. Rev. D 41,
    142 (1990).") is one RawReference per work it cites, each with its own
    lines (the second may start on the line where the first ends) and only its
    own text; ``label`` and ``part`` say which number they share.
    """

    text: str
    line: int
    line_end: int
    section: int = Field(default=0, description="index into Bibliography.sections")
    label: str | None = Field(default=None, description=LABEL_DOC)
    part: int | None = Field(default=None, description=PART_DOC)


class Anomaly(Frozen):
    kind: str = Field(description="e.g. out-of-order, stops-early, split-section")
    line: int | None = None
    message: str


class Bibliography(Frozen):
    sections: list[BibliographySection] = Field(default_factory=list)
    entries: list[RawReference] = Field(default_factory=list)
    anomalies: list[Anomaly] = Field(default_factory=list)


# --------------------------------------------------------------------------- parse

EntryType = Literal[
    "article",
    "book",
    "incollection",
    "inproceedings",
    "inbook",
    "phdthesis",
    "mastersthesis",
    "techreport",
    "online",
    "misc",
]


class Name(Frozen):
    family: str
    given: str = ""
    suffix: str = ""
    prefix: str = Field(default="", description="von-part: van, de, von …")

    def __str__(self) -> str:  # "Family, Given" as the parse/report JSON shows names
        fam = f"{self.prefix} {self.family}".strip()
        if not self.given and not self.suffix:
            # a name kept whole that holds a comma ("Barnes and Noble, Inc."): braced, as
            # BibTeX writes it, so that it is not read as "Family, Given"
            return "{" + fam + "}" if "," in fam else fam
        # written so that BibTeX (and formats.parse_name) read the same parts back: a von part
        # is the lower-case words before the family name ("van der Berg, J." is "van der" +
        # "Berg"), so a family name that itself holds such a word is braced ("{van der Berg},
        # J.": one name, as a .bib that braces it means)
        if _reads_as_von(self.family):
            fam = f"{self.prefix} {{{self.family}}}".strip()
        if self.suffix:
            return f"{fam}, {self.suffix}, {self.given}".rstrip(", ")
        return f"{fam}, {self.given}"


def _reads_as_von(family: str) -> bool:
    """Whether BibTeX would read a von part out of *family* written unbraced before a comma: a
    word other than the last whose first letter is lower case (btxdoc; pybtex's is_von_name)."""
    words = family.split()
    return len(words) > 1 and any(
        next((c.islower() for c in w if c.isalpha()), False) for w in words[:-1])


# name list -> the Fields flag that says it ends in "et al." (BibTeX's "and others")
OTHERS_FLAG = {"author": "others", "editor": "editor_others", "translator": "translator_others"}


class Fields(Frozen):
    """Typed fields of a reference, with BibTeX names."""

    author: list[Name] = Field(default_factory=list)
    editor: list[Name] = Field(default_factory=list)
    translator: list[Name] = Field(default_factory=list)
    others: bool = Field(default=False, description="'et al.': the author list is incomplete")
    editor_others: bool = Field(default=False, description="'et al.': the editor list is incomplete")
    translator_others: bool = Field(default=False,
                                    description="'et al.': the translator list is incomplete")
    title: str | None = None
    journal: str | None = None
    booktitle: str | None = None
    series: str | None = None
    volume: str | None = None
    volumes: str | None = Field(default=None, description="number of volumes, 'Vols. 1-3' -> '3'")
    number: str | None = None
    pages: str | None = None
    eid: str | None = Field(
        default=None, description="article number printed instead of pages ('e0234567'); biblatex's eid"
    )
    year: str | None = Field(default=None, description="first year; all years in `years`")
    years: list[str] = Field(default_factory=list)
    month: str | None = None
    publisher: str | None = None
    address: str | None = None
    edition: str | None = None
    url: str | None = None
    urldate: str | None = None
    doi: str | None = None
    isbn: str | None = None
    note: str | None = None
    type: str | None = Field(default=None, description="genre: 'PhD thesis', 'Report' …")
    school: str | None = Field(default=None, description="a thesis's university (BibTeX school)")
    institution: str | None = Field(default=None, description="a report's issuing institution")
    organization: str | None = Field(default=None, description="a manual's or conference's organiser")
    howpublished: str | None = Field(default=None, description="how a @misc work was published")
    eprint: str | None = Field(default=None, description="e-print id, e.g. an arXiv id")
    eprinttype: str | None = Field(default=None, description="the e-print archive: 'arxiv' …")
    eprintclass: str | None = Field(default=None, description="the archive's class, e.g. 'cs.CL'")

    def incomplete(self, role: str) -> bool:
        """Whether the *role*'s name list ends in 'et al.' (BibTeX's ``and others``)."""
        return bool(getattr(self, OTHERS_FLAG[role]))

    def bibtex(self) -> dict[str, str | list[str]]:
        """BibTeX field name -> value; names as 'Family, Given' strings."""
        out: dict[str, str | list[str]] = {}
        for name in ("author", "editor", "translator"):
            names = getattr(self, name)
            if names:
                out[name] = [str(n) for n in names] + (["others"] if self.incomplete(name) else [])
        for key in (
            "title", "journal", "booktitle", "series", "volume", "volumes", "number", "pages", "eid",
            "year", "month", "publisher", "address", "edition", "url", "urldate", "doi", "isbn",
            "note", "type", "school", "institution", "organization", "howpublished", "eprint",
            "eprinttype", "eprintclass",
        ):
            value = getattr(self, key)
            if value:
                out[key] = value
        return out


class BibSource(Frozen):
    """Where an entry read from a .bib is written, and its fields as written there.

    ``start``/``end`` are character offsets into ``Document.source_text``; the
    entry's text is ``Reference.raw``. An entry nobody changed is written back
    as that text, byte for byte; a changed one has only its changed fields
    rewritten (``bibtex.apply_field_changes``).
    """

    start: int
    end: int
    entry_type: str = Field(description="the type as written: 'MvBook', 'online', 'COMMENTED'")
    key: str | None = Field(default=None, description="the key as written")
    fields: dict[str, str] = Field(
        default_factory=dict,
        description="field name (lower case) -> value as written, delimiters and macros included",
    )
    editable: bool = Field(default=True, description="False when the text cannot be cut into fields")


class DuplicateKey(Frozen):
    """A .bib entry whose key an earlier entry already has (BibTeX keys ignore case)."""

    key: str = Field(description="the key as written")
    first_line: int | None = Field(default=None, description="line of the entry that has it first")
    renamed: str = Field(description="the key this entry goes by in the report, export and fix")


class Reference(Frozen):
    """A parsed bibliography entry and where it came from."""

    raw: str
    line: int | None = None
    line_end: int | None = None
    type: EntryType = "misc"
    key: str = ""
    fields: Fields = Field(default_factory=Fields)
    missing: list[str] = Field(default_factory=list, description="fields its type needs")
    error: str | None = Field(default=None, description="why parsing failed, if it did")
    notice: str | None = Field(
        default=None, description="what parsing left out, e.g. the tail of an over-long string"
    )
    source: BibSource | None = Field(
        default=None, description="for an entry of a .bib: its span and fields as written"
    )
    duplicate: DuplicateKey | None = Field(
        default=None, description="for an entry of a .bib: the key it repeats, if it does"
    )
    label: str | None = Field(default=None, description=LABEL_DOC)
    part: int | None = Field(default=None, description=PART_DOC)


# --------------------------------------------------------------------------- footnotes


class Marker(Frozen):
    number: int
    line: int
    context: str = Field(default="", description="a few words around the marker")
    note_line: int | None = Field(default=None, description="line of the linked note text")
    cites: str | None = Field(default=None, description="key of the bibliography entry cited")


class Note(Frozen):
    number: int
    line: int
    text: str
    cites: list[str] = Field(default_factory=list, description="keys of entries it cites")
    repeats: int | None = Field(
        default=None,
        description="for Ibid./Id./op. cit./loc. cit. or a short title: the number of the note it repeats",
    )


CitationKind = Literal["numbered", "label", "author-year", "footnote", "key"]
CitationStatus = Literal["linked", "not-listed", "year-mismatch", "out-of-range", "uncertain", "ambiguous"]


class Citation(Frozen):
    """One citation in the running text and the bibliography entry it names.

    A number that labels a compound reference (one number, several works, each
    an entry of its own) names each of them: "[3]" is then one Citation per
    work, with the same line, text and number.

    ``linked``: the entry was found; ``not-listed``: no entry has this number or
    author; ``year-mismatch``: the author is listed with another year;
    ``out-of-range``: a number above the highest entry (or 0); ``uncertain``: a
    number glued to a word (``overload8``), which may be a citation or part of
    the word; ``ambiguous``: several entries fit equally.
    """

    kind: CitationKind
    line: int
    text: str = Field(description="the citation as printed, e.g. '[3, 5–7]' or '(Smith 2020, p. 4)'")
    number: int | None = Field(default=None, description="numbered styles: one cited number")
    label: str | None = Field(default=None, description="label-key styles: one cited key, e.g. 'KLM19'")
    key: str | None = Field(default=None, description="pandoc citation keys: the key as written, e.g. 'klein2014'")
    author: str | None = Field(default=None, description="author-year: the first author's surname")
    year: str | None = Field(default=None, description="author-year: the year as cited, e.g. '2021a'")
    cites: str | None = Field(default=None, description="key of the bibliography entry cited")
    status: CitationStatus = "linked"
    detail: str | None = Field(default=None, description="e.g. 'listed as 2020'")


class FootnoteSection(Frozen):
    title: str
    line: int
    markers: list[Marker] = Field(default_factory=list)
    missing: list[int] = Field(default_factory=list, description="numbers absent from 1..max")
    repeated: list[int] = Field(default_factory=list)
    backward: list[int] = Field(
        default_factory=list, description="lines where the sequence jumps backwards"
    )
    notes: list[Note] = Field(default_factory=list)
    markers_without_notes: list[int] = Field(default_factory=list)
    notes_without_markers: list[int] = Field(default_factory=list)
    uncertain: list[int] = Field(
        default_factory=list,
        description="numbers seen only glued to a word ('overload8'): maybe present, not counted as missing",
    )


class UnlistedInNote(Frozen):
    """A work a note cites that the bibliography does not list."""

    line: int = Field(description="the note's line")
    note: int = Field(description="the note's number")
    text: str = Field(description="the citation as the note gives it")

    def __str__(self) -> str:
        return f"{self.text} (note {self.note}, line {self.line})"


class FootnoteReport(Frozen):
    sections: list[FootnoteSection] = Field(default_factory=list)
    notes_found: bool = False
    message: str | None = Field(default=None, description="plain statement, e.g. notes absent")
    uncited_entries: list[str] = Field(default_factory=list, description="keys never cited")
    missing_from_bibliography: list[str] = Field(
        default_factory=list, description="works cited in notes or the text with no bibliography entry"
    )
    unlisted_in_notes: list[UnlistedInNote] = Field(
        default_factory=list,
        description="of those, the works notes cite, each with its note's number and line",
    )
    style: Literal["notes", "numbered", "label", "author-year", "key"] | None = Field(
        default=None,
        description="how the text cites: notes, numbers ([3]), label keys ([KLM19]), author and "
        "year, or pandoc citation keys ([@klein2014])",
    )
    citations: list[Citation] = Field(
        default_factory=list, description="numbered and author-year citations in the running text"
    )
    year_mismatches: list[str] = Field(
        default_factory=list, description="author cited with a year the bibliography does not list"
    )
    uncertain: list[str] = Field(
        default_factory=list, description="markers glued to a word: maybe citations, never counted missing"
    )


# --------------------------------------------------------------------------- links

LinkStatus = Literal[
    "ok",
    "redirected",
    "soft-404",
    "parked",
    "dead",
    "server-error",
    "forbidden",
    "rate-limited",
    "timeout",
    "dns-error",
    "connection-error",
    "tls-error",
    "too-many-redirects",
    "invalid",
    "skipped",
    "unchecked",
]


# The groups of link statuses, defined once (links, archive, fix and every renderer use them).
WORKING: frozenset[str] = frozenset({"ok", "redirected"})
# the cited page is gone or replaced: the statuses --fail-on dead-links counts and whose
# archived copy is offered as the replacement
ROT: frozenset[str] = frozenset({"dead", "soft-404", "parked", "dns-error"})
# not working now, on evidence of any strength (rot, plus failures that may pass)
BROKEN: frozenset[str] = ROT | frozenset(
    {"server-error", "timeout", "connection-error", "tls-error", "too-many-redirects"})
# the server refused to say: neither working nor broken
BLOCKED: frozenset[str] = frozenset({"forbidden", "rate-limited"})
# nothing was (or could be) checked
UNSEEN: frozenset[str] = frozenset({"skipped", "invalid", "unchecked"})
NETWORK_FAILURES: frozenset[str] = frozenset({"dns-error", "connection-error", "timeout"})


def link_group(status: str) -> Literal["ok", "broken", "blocked", "unknown"]:
    """The group a link status belongs to: ok, broken, blocked or unknown (not checked)."""
    if status in WORKING:
        return "ok"
    if status in BROKEN:
        return "broken"
    if status in BLOCKED:
        return "blocked"
    return "unknown"


class ArchivedCopy(Frozen):
    url: str
    timestamp: str = Field(description="14-digit capture time, YYYYMMDDhhmmss")
    source: str = Field(default="wayback", description="wayback, memento:<archive> …")
    status: int | None = None


# The outcome of one archive look-up: only a look-up that succeeded may say "no copy".
ArchiveLookup = Literal["copy", "no-copy", "failed"]


class LinkCheck(Frozen):
    url: str = Field(description="the URL as normalised for checking")
    original: str = Field(default="", description="the URL as printed in the document")
    line: int | None = None
    entry: str | None = Field(default=None, description="key of the entry citing it")
    status: LinkStatus = "unchecked"
    http_status: int | None = None
    final_url: str | None = None
    redirects: list[str] = Field(default_factory=list, description="redirect chain, in order")
    evidence: str = ""
    checks: int = Field(default=0, description="checks in the cache history")
    checks_agree: int = 0
    days_spanned: float = 0.0
    strong: bool = Field(default=False, description="evidence strong enough to call it rot")
    archive: ArchivedCopy | None = None
    archive_lookup: ArchiveLookup | None = Field(
        default=None,
        description="the archive look-up's outcome: copy (a good capture found), no-copy (the "
        "archive answered and has no good capture), failed (the look-up did not succeed: an "
        "error answer, no answer, or the run's time limit; see archive_reason); "
        "null when no look-up was wanted (a working link, --archive none, offline)")
    archive_reason: str = Field(default="", description="why the archive look-up failed")
    suggestion: str | None = None


# --------------------------------------------------------------------------- resolve

Verdict = Literal["verified", "probable", "ambiguous", "not-found", "unchecked"]


class Suggestion(Frozen):
    field: str
    current: str | None
    suggested: str
    source: str
    score: float | None = None
    evidence: str | None = Field(
        default=None, description="why: the fields on which the record agrees with the entry"
    )


# How the closest catalogue record relates to the cited work, when it is not simply it.
Relation = Literal[
    "review", "chapter", "book", "article", "preprint", "entry", "other-edition", "translation",
    "volume", "other-volume", "whole-set", "other-authors", "other-work", "notice", "thesis",
    "other-part", "dataset", "published",
]


class IdentifierCheck(Frozen):
    """A DOI or ISBN the entry cites, checked against the record it points at."""

    field: Literal["doi", "isbn"]
    cited: str
    status: Literal["ok", "wrong", "unresolved", "unknown", "invalid"] = Field(
        description="ok: its record is the cited work; wrong: its record is another work; "
        "unresolved: registered nowhere (DOI: doi.org has no such handle); unknown: no "
        "catalogue asked knows it; invalid: not a well-formed identifier"
    )
    record: str | None = Field(default=None, description="the record it points at, described")
    correct: str | None = Field(
        default=None, description="the identifier of the record the search found instead"
    )
    note: str = ""


class Match(Frozen):
    verdict: Verdict = "unchecked"
    score: float = 0.0
    source: str | None = None
    ids: dict[str, str] = Field(default_factory=dict)
    agreed: list[str] = Field(default_factory=list)
    disagreed: list[str] = Field(default_factory=list)
    suggestions: list[Suggestion] = Field(default_factory=list)
    reason: str | None = None
    relation: Relation | None = Field(
        default=None,
        description="what the closest record is when it is not the cited work itself "
        "(a review of it, a chapter, another edition, a translation …)",
    )
    identifiers: list[IdentifierCheck] = Field(default_factory=list)
    searched: list[str] = Field(
        default_factory=list, description="every catalogue search and look-up tried, in order"
    )
    may_not_exist: bool = Field(
        default=False,
        description="no catalogue knows the work after every search its type calls for",
    )
    alternatives: list[str] = Field(
        default_factory=list, description="for `ambiguous`: the records that fit equally well"
    )


# --------------------------------------------------------------------------- catalogues


class Candidate(Frozen):
    """One catalogue record that might be the work a reference describes."""

    source: str = Field(
        description="catalogue key: crossref, openalex, openlibrary, googlebooks, loc")
    id: str = Field(description="the catalogue's own id: DOI, OL…W, W…, Google volume id")
    title: str = ""
    subtitle: str = ""
    authors: list[Name] = Field(default_factory=list)
    editors: list[Name] = Field(default_factory=list)
    year: str | None = None
    years: list[str] = Field(
        default_factory=list, description="every year the catalogue knows (editions of a work)"
    )
    container: str | None = Field(default=None, description="journal or book title")
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    publisher: str | None = None
    publishers: list[str] = Field(default_factory=list, description="all publishers of a work")
    place: str | None = None
    doi: str | None = None
    isbns: list[str] = Field(default_factory=list)
    ids: dict[str, str] = Field(
        default_factory=dict,
        description="doi/isbn/openlibrary/openlibrary_edition/openalex/lccn/oclc",
    )
    kind: str | None = Field(default=None, description="the catalogue's record type, as given")
    language: str | None = Field(default=None, description="ISO 639 code where the record gives one")
    translation_of: str | None = Field(
        default=None, description="the original's title, when the record says it is a translation"
    )
    found_by: Literal["search", "doi", "isbn"] = Field(
        default="search", description="how the record was found: a search, or the cited DOI/ISBN"
    )
    url: str | None = None
    raw_score: float | None = Field(
        default=None, description="the catalogue's relevance score: never a threshold"
    )

    def label(self) -> str:
        """'Open Library OL15832982W' — how reports name the evidence."""
        return f"{SOURCE_LABELS.get(self.source, self.source)} {self.id}"


SOURCE_LABELS = {
    "crossref": "Crossref",
    "openalex": "OpenAlex",
    "openlibrary": "Open Library",
    "googlebooks": "Google Books",
    "loc": "Library of Congress",
}


# --------------------------------------------------------------------------- report


class Entry(Frozen):
    """One bibliography entry as the report shows it."""

    raw: str
    line: int | None
    line_end: int | None
    type: EntryType
    key: str
    fields: dict[str, str | list[str]]
    missing: list[str] = Field(default_factory=list)
    error: str | None = None
    notice: str | None = Field(
        default=None, description="what reading it left out or warned about (a repeated .bib field)"
    )
    match: Match | None = None
    links: list[str] = Field(default_factory=list, description="URLs cited by this entry")
    duplicate: DuplicateKey | None = Field(
        default=None, description="the key it repeats (an entry of a .bib), if it does"
    )
    label: str | None = Field(default=None, description=LABEL_DOC)
    part: int | None = Field(default=None, description=PART_DOC)


class RepairSummary(Frozen):
    counts: dict[str, int] = Field(default_factory=dict)
    doubtful: int = 0


class Notice(Frozen):
    """One thing the user should know about the run: a stable code (for programs) and the text.

    Codes name the situation, never the wording: ``offline``, ``network-unreachable``,
    ``bib-parse-error``, ``bib-duplicate-key``, ``bib-warning``, ``footnotes``, ``links``, ``resolve``, ``limit`` …; code that
    reacts to a notice tests its code.
    """

    code: str
    text: str
    stage: str | None = Field(default=None, description="the stage that raised it, if one did")
    line: int | None = Field(default=None, description="the input line it is about, if one")


class Report(Frozen):
    """Everything citecheck found in one document. `report --format json` prints this."""

    schema_version: str = "1"
    document: str
    kind: DocumentKind
    lines: int
    entries: list[Entry] = Field(default_factory=list)
    entries_source: str | None = Field(
        default=None,
        description="the .bib the entries were read from when not the document itself "
        "(--bib): the entries' line numbers are that file's")
    bibliography: Bibliography = Field(default_factory=Bibliography)
    footnotes: FootnoteReport = Field(default_factory=FootnoteReport)
    repairs: list[Repair] = Field(default_factory=list)
    repair_summary: RepairSummary = Field(default_factory=RepairSummary)
    links: list[LinkCheck] = Field(default_factory=list)
    link_summary: dict[str, int] = Field(default_factory=dict)
    notices: list[Notice] = Field(default_factory=list, description="what the user should know")

    @computed_field(description="the notices' texts, one line each")  # type: ignore[prop-decorator]
    @property
    def messages(self) -> list[str]:
        return [n.text for n in self.notices]


class Result(Frozen):
    """One check's outcome, storable as JSON: the report, and what export and fix need.

    Everything a front end renders later — any report format, BibTeX, CSL-JSON,
    RIS, a fix — is computed from a Result without re-running a stage.
    """

    schema_version: str = "1"
    report: Report
    document: Document = Field(description="the input as read")
    references: list[Reference] = Field(description="parsed entries, in report order")

    @property
    def matches(self) -> list[Match | None]:
        return [e.match for e in self.report.entries]


Document.model_rebuild()
