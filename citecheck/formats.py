"""Exports beside BibTeX: CSL-JSON (Zotero, Pandoc) and RIS (reference managers).

Takes the report's ``Entry`` list (``Entry.fields`` uses BibTeX field names;
``author``/``editor``/``translator`` are lists of ``"Family, Given"`` strings
where ``"others"`` means *et al.*) and returns text:

* ``to_csl_json(entries) -> str`` a CSL-JSON array (CSL 1.0.2 variable names);
* ``to_ris(entries) -> str`` RIS records, written by the maintained ``rispy``
  library so tag layout and list tags follow its tested writer.

Pure: no I/O, no lookups. Whatever a field holds is passed on as text; only
names, dates and page ranges are split into the structures the formats want.
A name list ending in "others" ends in CSL's ``{"literal": "others"}`` (pandoc's
et al.) and RIS lists the names alone; a date that is no number is CSL's
``status`` ("in press"), ``circa`` or ``literal`` ("n.d."), and RIS's ``DA``
other-info part (``///in press``), never a made-up year.
The BibTeX/biblatex field names each type uses are read as the same facts:
a thesis's ``school``, a report's ``institution``, a manual's
``organization`` and a @misc's ``howpublished`` are the publisher (a web
page's ``howpublished`` is its site, the container); ``journaltitle``,
``location`` and ``date`` are biblatex's journal, address and year; an arXiv
``eprint`` is the preprint's number (``arXiv:ID``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import rispy
from pybtex.database import Person
from rispy.writer import RisWriter

from .latextext import latex_text
from .models import Entry, EntryType, Name
from .text import RUN_START, as_int

__all__ = ["PUBSTATE_WORDS", "CSL_TYPES", "RIS_TYPES", "parse_name", "split_name", "ris_name", "plain_text", "to_csl_json", "to_ris", "RIS_MAPPING"]

# BibTeX entry type -> CSL type. "document" is CSL 1.0.2's generic type
# (Zotero and Pandoc read it); theses keep their genre in "genre".
CSL_TYPES: dict[EntryType, str] = {
    "article": "article-journal",
    "book": "book",
    "incollection": "chapter",
    "inbook": "chapter",
    "inproceedings": "paper-conference",
    "online": "webpage",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "techreport": "report",
    "misc": "document",
}

# BibTeX entry type -> RIS TY value (RIS spec reference types).
RIS_TYPES: dict[EntryType, str] = {
    "article": "JOUR",
    "book": "BOOK",
    "incollection": "CHAP",
    "inbook": "CHAP",
    "inproceedings": "CPAPER",
    "online": "ELEC",
    "phdthesis": "THES",
    "mastersthesis": "THES",
    "techreport": "RPRT",
    "misc": "GEN",
}

# BibTeX/biblatex types the coarse EntryType folds into another (most into "misc"), read
# from the entry as written (a .bib's @unpublished, @patent, @dataset …): CSL type, RIS TY
_WRITTEN_TYPES: dict[str, tuple[str, str]] = {
    "unpublished": ("manuscript", "UNPB"),
    "manual": ("report", "GEN"),
    "booklet": ("pamphlet", "PAMP"),
    "patent": ("patent", "PAT"),
    "dataset": ("dataset", "DATA"),
    "software": ("software", "COMP"),
    "standard": ("standard", "STAND"),
    "periodical": ("periodical", "JFULL"),
    "artwork": ("graphic", "ART"),
    "audio": ("song", "SOUND"),
    "video": ("motion_picture", "VIDEO"),
    "movie": ("motion_picture", "MPCT"),
    "legislation": ("legislation", "STAT"),
    "jurisdiction": ("legal_case", "CASE"),
    "review": ("review", "JOUR"),
}
_WRITTEN = re.compile(r"@\s*([A-Za-z]+)\s*[{(]")


def _types(entry: Entry) -> tuple[str, str]:
    """(CSL type, RIS TY) of *entry*: from its type as written in a .bib where that says more."""
    m = _WRITTEN.match(entry.raw.lstrip()) if entry.raw else None
    written = _WRITTEN_TYPES.get(m.group(1).lower()) if m else None
    return written or (CSL_TYPES[entry.type], RIS_TYPES[entry.type])


_THESIS_GENRE = {"phdthesis": "PhD thesis", "mastersthesis": "Master's thesis"}
# biblatex's type field holds a key it prints in words (its english.lbx strings)
_TYPE_KEYS = {"phdthesis": "PhD thesis", "mathesis": "Master's thesis", "candthesis": "Candidate thesis",
              "techreport": "Technical report", "resreport": "Research report",
              "software": "Computer software", "datacd": "CD-ROM", "audiocd": "Audio CD"}


def _genre(f: dict[str, str | list[str]], entry_type: EntryType) -> str | None:
    """The genre: the entry's type field (a biblatex key in words), else its thesis kind."""
    written = _text(f, "type")
    if written:
        return _TYPE_KEYS.get(written.lower(), written)
    return _THESIS_GENRE.get(entry_type)

# rispy's default tag table has no ED (editor, RIS 2011 spec); add it as a list tag.
RIS_MAPPING: dict[str, str] = {**rispy.TAG_KEY_MAPPING, "ED": "editors"}
RIS_LIST_TAGS: list[str] = [*rispy.LIST_TYPE_TAGS, "ED"]

_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_PAGE_SPLIT = re.compile(rf"{RUN_START}\s*(?:-{{1,3}}|–|—)\s*")


# --------------------------------------------------------------------------- shared helpers


def _text(fields: dict[str, str | list[str]], name: str) -> str | None:
    """A single-valued field as stripped text, None when absent or empty."""
    value = fields.get(name)
    if isinstance(value, list):
        value = "; ".join(value)
    value = (value or "").strip()
    return value or None


def plain_text(value: str | None, *, markup: bool = False) -> str | None:
    """A decoded value without the LaTeX it still holds (:func:`latextext.latex_text`).

    ``\\emph{Drosophila}`` and ``{\\em x}`` become CSL-JSON's ``<i>…</i>``
    with *markup* (``\\textbf`` ``<b>``, ``\\textsuperscript`` ``<sup>``,
    ``\\textsc`` small caps), else the bare text (RIS); ``\\TeX`` is "TeX",
    ``\\enquote{x}`` “x”, ``\\emdash`` "—"; a command nobody knows keeps its text.
    """
    if not value or "\\" not in value:
        return value
    return latex_text(value, markup=markup)


def _names(fields: dict[str, str | list[str]], name: str) -> list[str]:
    """A name-list field without the 'others' (et al.) marker."""
    value = fields.get(name) or []
    items = [value] if isinstance(value, str) else value
    return [n.strip() for n in items if n.strip() and n.strip().lower() != "others"]


def _et_al(fields: dict[str, str | list[str]], name: str) -> bool:
    """Whether a name-list field ends in BibTeX's 'others' (et al.)."""
    value = fields.get(name) or []
    items = [value] if isinstance(value, str) else value
    return bool(items) and items[-1].strip().lower() == "others"


def parse_name(name: str) -> Name | None:
    """A name as BibTeX writes it ('von Last, Jr, First' or 'First von Last') -> its parts, read
    by BibTeX's rules (pybtex's ``Person``): the von part is the lower-case words before the last
    name, so 'van der Berg, J.' is "van der" + "Berg" while '{van der Berg}, J.' is one family
    name; 'Smith, Jr., John' has the suffix "Jr.". None for a name that cannot be read so (more
    than two commas)."""
    try:
        person = Person(name)
    except Exception:  # pybtex's InvalidNameString (too many commas), or anything it rejects
        return None

    def part(words: list[str]) -> str:  # braces only group words here: the text is decoded
        return " ".join(words).replace("{", "").replace("}", "").strip()

    family = part(person.last_names)
    if not family:
        return None
    return Name(family=family, given=part(person.first_names + person.middle_names),
                prefix=part(person.prelast_names), suffix=part(person.lineage_names))


def split_name(name: str) -> dict[str, str]:
    """'Family, Given' (a BibTeX name: 'von Last, Jr, First') -> CSL name object.

    The von part is CSL's ``non-dropping-particle`` (as pandoc reads BibTeX)
    and the Jr part its ``suffix`` (:func:`parse_name`); a name without a
    comma cannot be split safely (an organisation, or a name the parser left
    whole), so it becomes a CSL ``literal``.
    """
    if _whole(name) is not None:  # '{Barnes and Noble, Inc.}': a name kept whole
        return {"literal": _whole(name) or ""}
    parts = [p.strip() for p in name.split(",")]
    if len(parts) == 1:
        return {"literal": parts[0]}
    if (parsed := parse_name(name)) is not None:
        out = {"non-dropping-particle": parsed.prefix, "family": parsed.family,
               "given": parsed.given, "suffix": parsed.suffix}
    elif len(parts) == 2:
        out = {"family": parts[0], "given": parts[1]}
    else:
        out = {"family": parts[0], "suffix": parts[1], "given": ", ".join(parts[2:])}
    return {k: v for k, v in out.items() if v}


def _whole(name: str) -> str | None:
    """The inside of a name braced whole ('{Barnes and Noble, Inc.}'), else None."""
    if len(name) < 2 or name[0] != "{" or name[-1] != "}":
        return None
    depth = 0
    for i, ch in enumerate(name):
        depth += (ch == "{") - (ch == "}")
        if depth == 0 and i < len(name) - 1:
            return None  # '{Foo} and {Bar}': the first brace closes early
    return name[1:-1].strip()


def ris_name(name: str) -> str:
    """'Family, Given' as RIS writes a name: 'Family, Given, Suffix'; a name kept whole as it is.

    RIS has no tag for a von part: it stays before the family name ('van der
    Berg, J.'), as reference managers write it. BibTeX's three-part form puts
    the suffix second ('King, Jr., Martin Luther'); RIS puts it last ('King,
    Martin Luther, Jr.').
    """
    if (inner := _whole(name)) is not None:
        return inner
    if "," not in name:
        return name
    if (parsed := parse_name(name)) is not None:
        return ", ".join(p for p in (f"{parsed.prefix} {parsed.family}".strip(), parsed.given,
                                      parsed.suffix) if p)
    parts = [p.strip() for p in name.split(",")]
    if len(parts) == 3:
        return ", ".join(p for p in (parts[0], parts[2], parts[1]) if p)
    return name


def _page_range(pages: str) -> tuple[str, str | None]:
    """'341--350' -> ('341', '350'); a single page -> ('296', None); a range left open
    ('123--': the end is not known) -> ('123', None); several pages or ranges ('12, 15--17')
    are no one range: (the whole, None)."""
    text = _open_end(pages)
    if re.search(r"[,;&]|\band\b", text):
        return text, None
    parts = [p for p in _PAGE_SPLIT.split(text, maxsplit=1) if p]
    if len(parts) == 2:
        return parts[0], parts[1]
    return text, None


def _open_end(pages: str) -> str:
    """Pages without the dash of a range whose end is not given ('123--', '123–')."""
    text = pages.strip()
    cut = text.rstrip("-–—")  # string methods: linear on any run of blanks or dashes
    return cut.rstrip() if cut != text else text


def _month_day(month: str | None) -> tuple[int | None, int | None]:
    """A BibTeX month -> (month, day): 'jan', 'January', '1', 'January 1' (``jan # "~1"``), '1 Jan.'."""
    if not month:
        return None, None
    m = month.strip().lower().rstrip(".")
    if (number := as_int(m)) is not None and 1 <= number <= 12:
        return number, None
    if (nd := re.fullmatch(r"(\d{1,2}) (\d{1,2})", m)) and 1 <= int(nd.group(1)) <= 12 \
            and 1 <= int(nd.group(2)) <= 31:  # '3 5': month and day of an ISO date
        return int(nd.group(1)), int(nd.group(2))
    if m in _MONTHS:
        return _MONTHS[m], None
    words = re.fullmatch(r"([a-z]+)\.?\s+(\d{1,2})|(\d{1,2})\.?\s+([a-z]+)", m)
    if words:
        name, day = (words.group(1), words.group(2)) if words.group(1) else (words.group(4), words.group(3))
        if name in _MONTHS and 1 <= int(day) <= 31:
            return _MONTHS[name], int(day)
    return None, None


# --------------------------------------------------------------------------- dates


@dataclass(frozen=True)
class _When:
    """A work's date as the entry gives it, cut into the parts CSL and RIS have places for."""

    start: tuple[int, ...] = ()  # (year, month, day) as far as known
    end: tuple[int, ...] = ()  # the end of a range
    circa: bool = False
    season: int | None = None  # CSL's numbers: 1 spring, 2 summer, 3 autumn, 4 winter
    status: str | None = None  # a publication state as written: 'in press', 'forthcoming' …
    literal: str | None = None  # a date that is no date: 'n.d.', '199X'


_SEASONS = {"spring": 1, "summer": 2, "autumn": 3, "fall": 3, "winter": 4}
_SEASON_NAMES = {1: "Spring", 2: "Summer", 3: "Autumn", 4: "Winter"}
# a publication state written where the year goes ("in press", "2023, forthcoming"), in the
# languages bibliographies are kept in; CSL's 'status' holds it
_STATUS = re.compile(
    r"\b(?:in press|in the press|forthcoming|to appear|in preparation|in prep\.|submitted|"
    r"accepted(?: for publication)?|under review|in review|under revision|in print|"
    r"advance online publication|online first|(?:e-?pub )?ahead of print|preprint|"
    r"im druck|in vorbereitung|sous presse|à paraître|en prensa|in stampa|no prelo|w druku)(?!\w)",
    re.IGNORECASE)
# biblatex's pubstate keys, printed in words
PUBSTATE_WORDS = {"inpress": "in press", "inpreparation": "in preparation", "prepublished": "pre-published",
             "forthcoming": "forthcoming", "submitted": "submitted"}
_CIRCA = re.compile(r"^(?:(?:c|ca|circa|approx|approximately)\.?\s*|~\s*)(\d{3,4})$|^(\d{3,4})\s*[~%]$",
                    re.IGNORECASE)
_YEAR_RANGE = re.compile(r"^(\d{4})\s*(?:-{1,3}|–|—|/)\s*(\d{2}|\d{4})$")
# biblatex's date (ISO 8601 / EDTF level 1): 2019-04-03, 2019-04-03T14:22Z, 2001-22 (a season), 1850~
_EDTF = re.compile(r"^(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T[\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?([~%])?$")


def _edtf(value: str) -> _When | None:
    """A biblatex ``date`` (ISO 8601, EDTF level 1, a range 'A/B', open '1997/') -> _When, or
    None when it is not one of those forms (the text is then the date's literal)."""
    first, slash, last = value.strip().partition("/")
    ends = []
    for part in (first, last) if slash else (first,):
        if not part.strip() or part.strip() == "..":  # an open end
            ends.append(_When())
            continue
        m = _EDTF.match(part.strip())
        if m is None:
            return None
        year, month, day, qualifier = m.groups()
        season = None
        parts = [int(year)]
        if month and 21 <= int(month) <= 24:  # EDTF's seasons
            season = int(month) - 20
        elif month and 1 <= int(month) <= 12:
            parts.append(int(month))
            if day and 1 <= int(day) <= 31:
                parts.append(int(day))
        elif month:
            return None
        ends.append(_When(start=tuple(parts), circa=qualifier is not None, season=season))
    start = ends[0]
    if not start.start:
        return None  # '/2001': a range without its start says too little to be a date here
    end = ends[1].start if len(ends) > 1 else ()
    return _When(start=start.start, end=end, circa=start.circa, season=start.season)


def _year_when(year: str, month: str | None) -> _When:
    """A BibTeX year (and month) -> _When: a number, a range, 'c. 1890', a publication state
    ('in press', '2023, in press'), or text kept as the date's literal ('n.d.')."""
    text = year.strip()
    status = None
    if (m := _STATUS.search(text)) is not None:
        status = m.group(0)
        text = (text[: m.start()] + text[m.end():]).strip(" ,;:()[]")
        if not text:
            return _When(status=status)
    number, day = _month_day(month)
    season = _SEASONS.get((month or "").strip().lower().rstrip("."))
    if re.fullmatch(r"\d{1,4}", text):
        parts = [int(text)] + ([number] if number else []) + ([day] if number and day else [])
        return _When(start=tuple(parts), season=season, status=status)
    if (m := _CIRCA.match(text)) is not None:
        return _When(start=(int(m.group(1) or m.group(2)),), circa=True, status=status)
    if (m := _YEAR_RANGE.match(text)) is not None:
        first, last = m.group(1), m.group(2)
        end = int(first[:2] + last) if len(last) == 2 else int(last)
        if end > int(first):
            return _When(start=(int(first),), end=(end,), status=status)
    if status is not None and (m := re.fullmatch(r"(\d{4})[a-z]", text)):
        return _When(start=(int(m.group(1)),), status=status)
    return _When(literal=text, status=status)


def _when(f: dict[str, str | list[str]]) -> _When:
    """The date of an entry: biblatex's ``date`` where it agrees with the year (or there is none)
    and no month says otherwise, else ``year``/``month``; a ``pubstate`` gives the status."""
    year, month, date = _text(f, "year"), _text(f, "month"), _text(f, "date")
    when = _When()
    parsed = _edtf(date) if date else None
    if parsed is not None and (not year or str(parsed.start[0]) == year) \
            and (not month or len(parsed.start) == 1 and not parsed.season):
        when = parsed
        if month and len(parsed.start) == 1:  # a year-only date and a BibTeX month
            when = _year_when(str(parsed.start[0]), month)
            when = _When(start=when.start, end=parsed.end, circa=parsed.circa, season=when.season)
    elif year:
        when = _year_when(year, month)
    elif date:
        when = _When(literal=date)
    if when.status is None and (state := _text(f, "pubstate")):
        when = _When(start=when.start, end=when.end, circa=when.circa, season=when.season,
                     literal=when.literal, status=PUBSTATE_WORDS.get(state.lower().replace(" ", ""), state))
    return when


def _csl_issued(when: _When) -> dict[str, Any] | None:
    """CSL's date object: date-parts (a range as two), circa, season; else the literal."""
    if when.start:
        out: dict[str, Any] = {"date-parts": [list(when.start)] + ([list(when.end)] if when.end else [])}
        if when.circa:
            out["circa"] = True
        if when.season:
            out["season"] = when.season
        return out
    if when.literal:
        return {"literal": when.literal}
    return None


def _ris_dates(when: _When) -> tuple[str | None, str | None]:
    """(PY, DA) in RIS's forms: PY the year alone ('1967'); DA 'YYYY/MM/DD/other info', each part
    optional but not its slash ('1967/10//', '2001///Summer', '///in press'), written when it
    says more than PY."""
    other = " ".join(filter(None, [_SEASON_NAMES.get(when.season or 0), "circa" if when.circa else None,
                                   when.status, when.literal])).replace("/", " ")
    year = f"{when.start[0]:04d}" if when.start and when.start[0] >= 0 else None
    if year is None and when.literal:
        # "[1998]", "1998?", "2020 [1998]": the year printed first is the year RIS asks for
        found = re.search(r"(?<!\d)(1[0-9]\d\d|20\d\d)(?!\d)", when.literal)
        year = found.group(1) if found else None
    if not other and len(when.start) < 2:
        return year, None
    month = f"{when.start[1]:02d}" if len(when.start) > 1 else ""
    day = f"{when.start[2]:02d}" if len(when.start) > 2 else ""
    return year, f"{year or ''}/{month}/{day}/{other}"


def _csl_iso_date(value: str | None) -> dict[str, Any] | None:
    """'2024-03-01' (or a timestamp) -> {'date-parts': [[2024, 3, 1]]}; other text is the literal."""
    if not value:
        return None
    if (when := _edtf(value)) is not None:
        return _csl_issued(when)
    return {"literal": value}


def _ris_access_date(value: str | None) -> str | None:
    """A urldate in RIS's date form ('2020/01/02/'), or as written when it is no ISO date."""
    if not value or (when := _edtf(value)) is None:
        return value
    return _ris_dates(when)[1] or f"{when.start[0]:04d}///"


# --------------------------------------------------------------------------- CSL-JSON


def _publisher(f: dict[str, str | list[str]], entry_type: EntryType) -> str | None:
    """The publishing body under whichever name the entry type gives it."""
    names = ["publisher", "institution", "school", "organization"]
    if entry_type != "online":
        names.append("howpublished")
    found = next((v for n in names if (v := _text(f, n))), None)
    # a preprint's publisher is the archive; a journal article that also gives its e-print is not
    if found is None and _eprint(f) and not (_text(f, "journal") or _text(f, "booktitle")):
        return "arXiv"
    return found


def _eprint(f: dict[str, str | list[str]]) -> str | None:
    """'arXiv:2101.00001' for an arXiv e-print, the bare id for another archive."""
    eprint = _text(f, "eprint")
    if not eprint:
        return None
    archive = (_text(f, "eprinttype") or _text(f, "archiveprefix") or "").lower()
    if archive == "arxiv" and not eprint.lower().startswith("arxiv:"):
        return f"arXiv:{eprint}"
    return eprint


_URL_COMMAND = re.compile(r"^\s*\\url\s*\{([^{}\s]+)\}\s*$")
_DOI_PREFIX = re.compile(r"^\s*(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_YEAR_SUFFIX = re.compile(r"^(\d{4})[a-z]$")


def _normalised(fields: dict[str, str | list[str]]) -> dict[str, str | list[str]]:
    """biblatex names read as their BibTeX equivalents (journaltitle, location, date), and the
    habits of hand-written .bib files read as what they mean: ``howpublished = {\\url{…}}`` is the
    URL (not a publisher), a DOI written as a link is the DOI, '2020a' is the year 2020 (dates are
    read by ``_when``)."""
    f = dict(fields)
    if isinstance(f.get("howpublished"), str) and (m := _URL_COMMAND.match(str(f["howpublished"]))):
        f.pop("howpublished")
        if not f.get("url"):
            f["url"] = m.group(1)
    if isinstance(f.get("doi"), str):
        f["doi"] = _DOI_PREFIX.sub("", str(f["doi"])).strip()
    if isinstance(f.get("year"), str) and (m := _YEAR_SUFFIX.match(str(f["year"]))):
        f["year"] = m.group(1)
    for bibtex, biblatex in (("journal", "journaltitle"), ("address", "location")):
        if not f.get(bibtex) and f.get(biblatex):
            f[bibtex] = f[biblatex]
    return f


# CSL-JSON variables that hold rich text (<i>, <b>, small caps); the link and identifiers are
# never LaTeX-decoded further
_RICH_CSL = {"title", "container-title", "collection-title", "note", "abstract"}
_VERBATIM_CSL = {"URL", "DOI", "ISBN", "ISSN"}


def entry_to_csl(entry: Entry) -> dict[str, Any]:
    """One report entry -> one CSL-JSON item (absent fields are left out)."""
    f = _normalised(entry.fields)
    when = _when(f)
    item: dict[str, Any] = {"id": entry.key or f"line-{entry.line}", "type": _types(entry)[0]}
    for role in ("author", "editor", "translator"):
        if names := _names(f, role):
            # et al. (BibTeX's 'and others') as pandoc writes it and citeproc prints it
            item[role] = [{k: plain_text(v) or "" for k, v in split_name(n).items()} for n in names] + (
                [{"literal": "others"}] if _et_al(f, role) else [])
    container = _text(f, "journal") if entry.type == "article" else _text(f, "booktitle")
    # an online entry's "journal" (or howpublished) is the site or magazine it appeared in
    container = container or _text(f, "journal") or _text(f, "booktitle")
    if entry.type == "online":
        container = container or _text(f, "howpublished")
    number = _text(f, "number") or (_eprint(f) if entry.type in ("misc", "online", "techreport") else None)
    pages = _text(f, "pages")
    simple = {
        "title": _text(f, "title"),
        "container-title": container,
        "collection-title": _text(f, "series"),
        "volume": _text(f, "volume"),
        "number-of-volumes": _text(f, "volumes"),
        # a report's number is its report number, an article's is its issue
        "issue": number if entry.type not in ("techreport", "misc", "online") else None,
        "number": number if entry.type in ("techreport", "misc", "online") else None,
        "page": _open_end(pages).replace("--", "-") if pages else None,
        "edition": _text(f, "edition"),
        "publisher": _publisher(f, entry.type),
        "publisher-place": _text(f, "address"),
        "URL": _text(f, "url"),
        "DOI": _text(f, "doi"),
        "ISBN": _text(f, "isbn"),
        "ISSN": _text(f, "issn"),
        "abstract": _text(f, "abstract"),
        "keyword": _text(f, "keywords"),
        "language": _text(f, "language"),
        "version": _text(f, "version"),
        "chapter-number": _text(f, "chapter"),
        "note": _text(f, "note"),
        "genre": _genre(f, entry.type),
        "issued": _csl_issued(when),
        "status": when.status,
        "accessed": _csl_iso_date(_text(f, "urldate")),
    }
    for name, value in simple.items():  # no LaTeX left in any text (links and ids are as they are)
        if isinstance(value, str) and name not in _VERBATIM_CSL:
            simple[name] = plain_text(value, markup=name in _RICH_CSL)
    item.update({k: v for k, v in simple.items() if v})
    return item


def to_csl_json(entries: Iterable[Entry]) -> str:
    """Entries -> a CSL-JSON array as text (UTF-8 kept readable, not \\u-escaped)."""
    return json.dumps([entry_to_csl(e) for e in entries], ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------- RIS


class _PlainRisWriter(RisWriter):
    """rispy's writer without the numbered '1.' line it puts before each record.

    Those counter lines are not RIS tags; some importers show them as junk.
    """

    def set_header(self, count: int) -> str:
        return ""


def entry_to_ris(entry: Entry) -> dict[str, Any]:
    """One report entry -> a rispy record (keys are rispy's names for RIS tags)."""
    f = _normalised(entry.fields)
    rec: dict[str, Any] = {"type_of_reference": _types(entry)[1]}
    if authors := _names(f, "author"):
        rec["authors"] = [ris_name(n) for n in authors]
    if editors := _names(f, "editor"):
        rec["editors"] = [ris_name(n) for n in editors]
    rec["title"] = _text(f, "title")
    if entry.type == "article":
        rec["journal_name"] = _text(f, "journal")
    else:
        # a chapter's or paper's book/proceedings, a web page's site
        rec["secondary_title"] = _text(f, "booktitle") or _text(f, "journal") or (
            _text(f, "howpublished") if entry.type == "online" else None)
    rec["tertiary_title"] = _text(f, "series")
    rec["volume"] = _text(f, "volume")
    rec["number"] = _text(f, "number") or _eprint(f)
    if pages := _text(f, "pages"):
        rec["start_page"], rec["end_page"] = _page_range(pages)
    rec["year"], rec["date"] = _ris_dates(_when(f))
    rec["publisher"] = _publisher(f, entry.type)
    rec["place_published"] = _text(f, "address")
    if url := _text(f, "url"):
        rec["urls"] = [url]
    rec["doi"] = _text(f, "doi")
    rec["issn"] = _text(f, "isbn") or _text(f, "issn")  # SN holds ISBN or ISSN; rispy's key "issn"
    rec["abstract"] = _text(f, "abstract")
    if keywords := _text(f, "keywords"):
        rec["keywords"] = [k.strip() for k in re.split(r"[;,]", keywords) if k.strip()]
    rec["language"] = _text(f, "language")
    rec["edition"] = _text(f, "edition")
    rec["access_date"] = _ris_access_date(_text(f, "urldate"))
    rec["type_of_work"] = _genre(f, entry.type)
    if note := _text(f, "note"):
        rec["notes"] = [note]
    for name, value in rec.items():  # no LaTeX left in any text (links and ids are as they are)
        if name in ("urls", "doi", "issn"):
            continue
        if isinstance(value, str):
            rec[name] = plain_text(value)
        elif isinstance(value, list):
            rec[name] = [plain_text(v) if isinstance(v, str) else v for v in value]
    return {k: v for k, v in rec.items() if v}


def to_ris(entries: Iterable[Entry]) -> str:
    """Entries -> RIS text, one TY … ER record per entry."""
    records = [entry_to_ris(e) for e in entries]
    return _PlainRisWriter(mapping=RIS_MAPPING, list_tags=RIS_LIST_TAGS).formats(records)
