"""Exports beside BibTeX: CSL-JSON (Zotero, Pandoc) and RIS (reference managers).

Takes the report's ``Entry`` list (``Entry.fields`` uses BibTeX field names;
``author``/``editor``/``translator`` are lists of ``"Family, Given"`` strings
where ``"others"`` means *et al.*) and returns text:

* ``to_csl_json(entries) -> str`` a CSL-JSON array (CSL 1.0.2 variable names);
* ``to_ris(entries) -> str`` RIS records, written by the maintained ``rispy``
  library so tag layout and list tags follow its tested writer.

Pure: no I/O, no lookups. Whatever a field holds is passed on as text; only
names, dates and page ranges are split into the structures the formats want.
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
from typing import Any

import rispy
from rispy.writer import RisWriter

from .models import Entry, EntryType
from .text import RUN_START, as_int

__all__ = ["CSL_TYPES", "RIS_TYPES", "split_name", "ris_name", "plain_text", "to_csl_json", "to_ris", "RIS_MAPPING"]

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
_YEAR = re.compile(r"^\d{1,4}$")
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_PAGE_SPLIT = re.compile(rf"{RUN_START}\s*(?:-{{1,3}}|–|—)\s*")


# --------------------------------------------------------------------------- shared helpers


def _text(fields: dict[str, str | list[str]], name: str) -> str | None:
    """A single-valued field as stripped text, None when absent or empty."""
    value = fields.get(name)
    if isinstance(value, list):
        value = "; ".join(value)
    value = (value or "").strip()
    return value or None


# LaTeX font commands a decoded BibTeX value can still hold (\emph{Drosophila}, {\em x}):
# CSL-JSON's rich-text tags for them, or nothing for RIS's plain text
_FONT_TAGS = {
    "emph": "i", "textit": "i", "textsl": "i", "em": "i", "it": "i", "sl": "i",
    "textbf": "b", "bf": "b", "textsuperscript": "sup", "textsubscript": "sub",
    "textsc": "sc", "sc": "sc",
    "textup": "", "textrm": "", "textsf": "", "texttt": "", "textnormal": "", "mbox": "",
    "text": "", "rm": "", "sf": "", "tt": "", "up": "", "normalfont": "", "url": "", "nolinkurl": "",
}
_COMMAND_ARG = re.compile(r"\\(%s)\s*\{([^{}]*)\}" % "|".join(
    k for k in _FONT_TAGS if k.startswith("text") or k in ("emph", "mbox", "url", "nolinkurl")))
_SWITCH_GROUP = re.compile(r"\{\\(em|it|sl|bf|sc|rm|sf|tt|up|normalfont)\b\s*([^{}]*)\}")
_LOGOS = re.compile(r"\\(LaTeXe|LaTeX|TeX|BibTeX)\b(?:\{\})?")


def _tagged(tag: str, inner: str, markup: bool) -> str:
    if not markup or not tag:
        return inner
    if tag == "sc":
        return f'<span style="font-variant:small-caps;">{inner}</span>'
    return f"<{tag}>{inner}</{tag}>"


def plain_text(value: str | None, *, markup: bool = False) -> str | None:
    """A decoded value without the LaTeX font commands it still holds.

    ``\\emph{Drosophila}`` and ``{\\em x}`` become CSL-JSON's ``<i>…</i>``
    with *markup* (``\\textbf`` ``<b>``, ``\\textsuperscript`` ``<sup>``,
    ``\\textsc`` small caps), else the bare text (RIS); ``\\TeX`` is "TeX".
    Math and commands it does not know are left as written.
    """
    if not value or "\\" not in value:
        return value
    before = None
    while before != value:  # innermost first: \textbf{\emph{x}}
        before = value
        value = _COMMAND_ARG.sub(lambda m: _tagged(_FONT_TAGS[m.group(1)], m.group(2), markup), value)
        value = _SWITCH_GROUP.sub(lambda m: _tagged(_FONT_TAGS[m.group(1)], m.group(2), markup), value)
    value = _LOGOS.sub(lambda m: {"LaTeXe": "LaTeX2e"}.get(m.group(1), m.group(1)), value)
    return value


def _names(fields: dict[str, str | list[str]], name: str) -> list[str]:
    """A name-list field without the 'others' (et al.) marker."""
    value = fields.get(name) or []
    items = [value] if isinstance(value, str) else value
    return [n.strip() for n in items if n.strip() and n.strip().lower() != "others"]


def split_name(name: str) -> dict[str, str]:
    """'Family, Given' -> CSL name object.

    'Family, Suffix, Given' (BibTeX's three-part form) keeps the suffix; a name
    without a comma cannot be split safely (an organisation, or a name the
    parser left whole), so it becomes a CSL ``literal``.
    """
    if _whole(name) is not None:  # '{Barnes and Noble, Inc.}': a name kept whole
        return {"literal": _whole(name) or ""}
    parts = [p.strip() for p in name.split(",")]
    if len(parts) == 1:
        return {"literal": parts[0]}
    if len(parts) == 2:
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

    BibTeX's three-part form puts the suffix second ('King, Jr., Martin
    Luther'); RIS puts it last ('King, Martin Luther, Jr.').
    """
    if (inner := _whole(name)) is not None:
        return inner
    parts = [p.strip() for p in name.split(",")]
    if len(parts) == 3:
        return ", ".join(p for p in (parts[0], parts[2], parts[1]) if p)
    return name


def _page_range(pages: str) -> tuple[str, str | None]:
    """'341--350' -> ('341', '350'); a single page -> ('296', None)."""
    parts = [p for p in _PAGE_SPLIT.split(pages.strip(), maxsplit=1) if p]
    if len(parts) == 2:
        return parts[0], parts[1]
    return pages.strip(), None


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


# --------------------------------------------------------------------------- CSL-JSON


def _csl_date(year: str | None, month: str | None) -> dict[str, Any] | None:
    """BibTeX year/month -> CSL date; a year we cannot read whole stays 'raw'."""
    if not year:
        return None
    if not _YEAR.match(year):
        return {"raw": year}
    parts = [int(year)]
    number, day = _month_day(month)
    if number is not None:
        parts.append(number)
        if day is not None:
            parts.append(day)
    return {"date-parts": [parts]}


def _ris_date(year: str | None, month: str | None) -> str | None:
    """BibTeX year/month -> RIS DA ('2019/01/01/', '2019/01//'); None without a month."""
    number, day = _month_day(month)
    if not year or not _YEAR.match(year) or number is None:
        return None
    return f"{int(year):04d}/{number:02d}/{f'{day:02d}' if day else ''}/"


def _range_end(issued: dict[str, Any] | None, date: str | None) -> dict[str, Any] | None:
    """A biblatex date range ('2020-05/2020-06') gives CSL its end too, as a second date-parts."""
    if not issued or "date-parts" not in issued or not date or "/" not in date:
        return issued
    start, _, end = date.strip().partition("/")
    m = _ISO_DATE.match(start)
    if m is None or m.group(1) != str(issued["date-parts"][0][0]) or not (e := _ISO_DATE.fullmatch(end.strip())):
        return issued
    return {"date-parts": [issued["date-parts"][0], [int(g) for g in e.groups() if g]]}


def _csl_iso_date(value: str | None) -> dict[str, Any] | None:
    """'2024-03-01' -> {'date-parts': [[2024, 3, 1]]}; other text stays 'raw'."""
    if not value:
        return None
    if m := _ISO_DATE.match(value.strip()):
        return {"date-parts": [[int(g) for g in m.groups() if g]]}
    return {"raw": value}


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
    URL (not a publisher), a DOI written as a link is the DOI, '2020a' is the year 2020."""
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
    if isinstance(f.get("date"), str) and not f.get("month"):
        # biblatex's date ('2019-03-05'): its month and day when it is the year the entry gives
        if (m := _ISO_DATE.match(str(f["date"]))) and f.get("year") in (None, "", m.group(1)):
            f["year"] = m.group(1)
            if m.group(2):
                f["month"] = m.group(2) + (f" {int(m.group(3))}" if m.group(3) else "")
    return f


def entry_to_csl(entry: Entry) -> dict[str, Any]:
    """One report entry -> one CSL-JSON item (absent fields are left out)."""
    f = _normalised(entry.fields)
    item: dict[str, Any] = {"id": entry.key or f"line-{entry.line}", "type": _types(entry)[0]}
    for role in ("author", "editor", "translator"):
        if names := _names(f, role):
            item[role] = [split_name(n) for n in names]
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
        "page": pages.replace("--", "-") if pages else None,
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
        "genre": _text(f, "type") or _THESIS_GENRE.get(entry.type),
        "issued": _range_end(_csl_date(_text(f, "year"), _text(f, "month")), _text(f, "date")),
        "accessed": _csl_iso_date(_text(f, "urldate")),
    }
    for name in ("title", "container-title", "collection-title", "publisher", "note", "abstract"):
        simple[name] = plain_text(simple[name], markup=name != "publisher")
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
    rec["year"] = _text(f, "year")
    rec["date"] = _ris_date(_text(f, "year"), _text(f, "month"))
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
    rec["access_date"] = _text(f, "urldate")
    rec["type_of_work"] = _text(f, "type") or _THESIS_GENRE.get(entry.type)
    if note := _text(f, "note"):
        rec["notes"] = [note]
    for name in ("title", "journal_name", "secondary_title", "tertiary_title", "publisher", "abstract"):
        rec[name] = plain_text(rec.get(name))
    if rec.get("notes"):
        rec["notes"] = [plain_text(n) for n in rec["notes"]]
    return {k: v for k, v in rec.items() if v}


def to_ris(entries: Iterable[Entry]) -> str:
    """Entries -> RIS text, one TY … ER record per entry."""
    records = [entry_to_ris(e) for e in entries]
    return _PlainRisWriter(mapping=RIS_MAPPING, list_tags=RIS_LIST_TAGS).formats(records)
