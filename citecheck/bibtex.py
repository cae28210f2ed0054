"""BibTeX at the edges: read a .bib into References, write References as .bib.

Reading goes entry by entry through pybtex, so one broken entry is reported
with its line and the others are still read. Writing builds a pybtex
``BibliographyData`` and lets pybtex's writer emit the text (never string
concatenation); values are LaTeX-escaped with latexcodec (a pybtex
dependency) except verbatim fields such as ``url`` and ``doi``.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterable, Sequence

import latexcodec  # noqa: F401  (registers the "ulatex" codec)
from pybtex.database import BibliographyData, Entry as PybtexEntry, Person
from pybtex.database.input.bibtex import Parser
from pybtex.database.output.bibtex import Writer as BibtexWriter
from pybtex.exceptions import PybtexError

from .models import EntryType, Fields, Name, Reference

# --------------------------------------------------------------------------- types

_TYPE_IN: dict[str, EntryType] = {
    "article": "article",
    "book": "book",
    "mvbook": "book",
    "booklet": "book",
    "incollection": "incollection",
    "inproceedings": "inproceedings",
    "conference": "inproceedings",
    "inbook": "inbook",
    "phdthesis": "phdthesis",
    "mastersthesis": "mastersthesis",
    "thesis": "phdthesis",
    "techreport": "techreport",
    "report": "techreport",
    "online": "online",
    "www": "online",
    "electronic": "online",
}

VERBATIM = {"url", "doi", "urldate", "isbn", "eprint", "file", "archiveurl"}

BibFields = dict[str, str | list[str]]
"""BibTeX field name -> value; author/editor/translator as lists of 'Family, Given'."""
_SKIP_BLOCKS = {"comment", "preamble", "string"}
_ENTRY_START = re.compile(r"^\s*@\s*([A-Za-z]+)\s*[{(]")


def _latex_to_text(value: str) -> str:
    """Decode LaTeX escapes (\\'e, \\&, ``) and drop protective braces."""
    try:
        value = codecs.decode(value, "ulatex")
    except Exception:  # latexcodec is lenient; keep the raw value if it is not
        pass
    value = re.sub(r"\\([$#_&%])", r"\1", value)
    # braces are BibTeX markup; escaped ones (\{ \}) are literal text
    value = value.replace("\\{", "\0").replace("\\}", "\1").replace("{", "").replace("}", "")
    return re.sub(r"\s+", " ", value.replace("\0", "{").replace("\1", "}")).strip()


def _name_from_person(person: Person) -> Name:
    def part(names: Iterable[str]) -> str:
        return _latex_to_text(" ".join(names))

    return Name(
        family=part(person.last_names),
        given=part(person.first_names + person.middle_names),
        prefix=part(person.prelast_names),
        suffix=part(person.lineage_names),
    )


def reference_from_entry(
    key: str, entry: PybtexEntry, raw: str, line: int | None, line_end: int | None
) -> Reference:
    """Map one pybtex entry to a Reference (decoding LaTeX to Unicode)."""
    values = {k.lower(): v for k, v in entry.fields.items()}

    def get(*names: str) -> str | None:
        for name in names:
            if values.get(name):
                return values[name] if name in VERBATIM else _latex_to_text(values[name])
        return None

    people: dict[str, list[Name]] = {"author": [], "editor": [], "translator": []}
    others = False
    for role in people:
        for person in entry.persons.get(role, []):
            if str(person).strip().lower() == "others":
                others = others or role == "author"
                continue
            people[role].append(_name_from_person(person))
    year = get("year")
    date = get("date")
    if not year and date:
        m = re.match(r"\d{4}", date)
        year = m.group(0) if m else None
    fields = Fields(
        author=people["author"],
        editor=people["editor"],
        translator=people["translator"],
        others=others,
        title=get("title"),
        journal=get("journal", "journaltitle"),
        booktitle=get("booktitle"),
        series=get("series"),
        volume=get("volume"),
        volumes=get("volumes"),
        number=get("number", "issue"),
        pages=get("pages"),
        year=year,
        years=[year] if year else [],
        month=get("month"),
        publisher=get("publisher", "school", "institution", "organization"),
        address=get("address", "location"),
        edition=get("edition"),
        url=get("url"),
        urldate=get("urldate"),
        doi=get("doi"),
        isbn=get("isbn"),
        note=get("note"),
        type=get("type"),
    )
    return Reference(
        raw=raw, line=line, line_end=line_end, key=key,
        type=_TYPE_IN.get(entry.type.lower(), "misc"), fields=fields,
    )


def read_bib(text: str, lines: Sequence[str] | None = None) -> tuple[list[Reference], list[str]]:
    """Read BibTeX text entry by entry: (references, one-line errors with line numbers)."""
    lines = list(lines) if lines is not None else text.splitlines()
    starts = [(i, m.group(1).lower()) for i, ln in enumerate(lines) if (m := _ENTRY_START.match(ln))]
    strings = "\n".join(
        "\n".join(lines[s : (starts[j + 1][0] if j + 1 < len(starts) else len(lines))])
        for j, (s, kind) in enumerate(starts)
        if kind == "string"
    )
    refs: list[Reference] = []
    errors: list[str] = []
    seen: set[str] = set()
    if not starts and text.strip():
        errors.append("line 1: no BibTeX entry (an '@type{key,' line) found")
    for j, (start, kind) in enumerate(starts):
        end = starts[j + 1][0] if j + 1 < len(starts) else len(lines)
        while end > start + 1 and not lines[end - 1].strip():
            end -= 1
        if kind in _SKIP_BLOCKS:
            continue
        chunk = "\n".join(lines[start:end])
        try:
            data = Parser().parse_string(strings + "\n" + chunk)
        except (PybtexError, Exception) as exc:  # pybtex raises several error types
            message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            errors.append(f"line {start + 1}: {message}")
            continue
        if not data.entries:
            errors.append(f"line {start + 1}: could not read this entry")
            continue
        for key, entry in data.entries.items():
            unique = key
            if key.lower() in seen:
                # a second entry under the same key: kept, under a key of its own, so
                # that export and fix can write it (pybtex refuses a repeated key)
                n = 2
                while f"{key}-{n}".lower() in seen:
                    n += 1
                unique = f"{key}-{n}"
                errors.append(f"line {start + 1}: duplicate key {key!r} (this entry is {unique!r} here)")
            seen.add(unique.lower())
            refs.append(reference_from_entry(unique, entry, chunk, start + 1, end))
    return refs, errors


# --------------------------------------------------------------------------- keys

_STOP = {
    "a", "an", "the", "on", "of", "in", "and", "for", "to", "from", "with", "at", "by",
    "le", "la", "les", "el", "los", "der", "die", "das", "un", "une", "de", "du",
}


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^a-z0-9]", "", folded.encode("ascii", "ignore").decode().lower())


def base_key(fields: Fields) -> str:
    """author-year-word: the first author's (or editor's) family name, year, first title word."""
    people = fields.author or fields.editor
    who = _ascii(people[0].family) if people else ""
    words = [_ascii(w) for w in re.split(r"[\s\-–—/:]+", fields.title or "")]
    words = [w for w in words if w]
    content = [w for w in words if w not in _STOP] or words[:1]
    word = content[0] if content else ""
    if not who:  # no names: the title's first two content words, "bolshevik1925myth"
        who, word = (content[0], content[1] if len(content) > 1 else "") if content else ("anon", "")
    return f"{who}{fields.year or 'nd'}{word}"


def assign_keys(refs: Sequence[Reference]) -> list[str]:
    """Unique, stable keys in document order: a second 'avrich1967anarchists' gets 'a', 'b' …"""
    bases = [ref.key or base_key(ref.fields) for ref in refs]
    counts: dict[str, int] = {}
    for b in bases:
        counts[b] = counts.get(b, 0) + 1
    used: dict[str, int] = {}
    keys: list[str] = []
    for b in bases:
        if counts[b] == 1:
            keys.append(b)
            continue
        n = used.get(b, 0)
        used[b] = n + 1
        keys.append(b + _suffix(n))
    return keys


def _suffix(n: int) -> str:
    letters = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(ord("a") + r) + letters
    return letters


# --------------------------------------------------------------------------- writing

class _Writer(BibtexWriter):
    """pybtex's BibTeX writer, LaTeX-escaping to ASCII but leaving verbatim fields alone.

    pybtex encodes every value with latexcodec (é -> \\'e, & -> \\&, “ -> ``);
    a URL or DOI must stay byte for byte, so those bypass the encoder.
    """

    def _encode(self, text):  # type: ignore[no-untyped-def]
        encoded = super()._encode(text)
        # brace accents and special letters ({\\'e}, {\\L}) so BibTeX's case changes and
        # sorting treat them as one letter
        encoded = re.sub(r"\\([LlOo]|ss|ae|AE|oe|OE|aa|AA)(?![A-Za-z])\s?", r"{\\\1}", encoded)
        encoded = re.sub(
            r"(?<!{)(\\['`^\"~=.]|\\[uvHcdbrtk](?= ))\s*(\\[ij](?![A-Za-z])|[A-Za-z])\s?",
            lambda m: "{%s%s%s}" % (m.group(1), " " if m.group(1)[-1].isalpha() else "", m.group(2)),
            encoded,
        )
        return re.sub(r"(?<!\\)([$#])", r"\\\1", encoded)

    def _write_field(self, stream, type, value):  # type: ignore[no-untyped-def]
        if type.lower() in VERBATIM:
            text = value
        elif type.lower() in ("author", "editor", "translator"):
            text = self._encode(value)  # braces in names protect corporate names
        else:  # literal braces in the text are escaped; the braces we add are markup
            text = "".join(
                "\\" + part if part in "{}" else self._encode(part)
                for part in re.split(r"([{}])", value) if part
            )
        stream.write(f",\n    {type} = {self.quote(text)}")


def _unbraced(value: str) -> str:
    """Drop braces that do not balance in a name: pybtex refuses to write them."""
    depth = 0
    for ch in value:
        depth += ch == "{"
        depth -= ch == "}"
        if depth < 0:
            break
    return value if depth == 0 else value.replace("{", "").replace("}", "")


def _corporate_braced(name: str) -> str:
    """"Sydney Harbour Trust" -> "{Sydney Harbour Trust}".

    Names arrive as "Family, Given"; one with several words and no comma is a
    corporate name kept whole (Name(family="World Health Organization")).
    BibTeX would read it as given names plus a family name ("Trust, Sydney
    Harbour"), so it is braced. A lower-case first word is a von-part
    ("van Dijk"), which BibTeX splits correctly.
    """
    words = name.split()
    if len(words) < 2 or "," in name or name.startswith("{") or words[0][:1].islower():
        return name
    return "{" + name + "}"


def to_pybtex_entry(entry_type: str, fields: dict[str, str | list[str]]) -> PybtexEntry:
    """BibTeX field dict (names as 'Family, Given' strings) -> pybtex Entry, Unicode kept."""
    persons: dict[str, list[Person]] = {}
    values: dict[str, str] = {}
    for name, value in fields.items():
        if isinstance(value, list):
            if name in ("author", "editor", "translator"):
                persons[name] = [Person(_corporate_braced(_unbraced(v))) for v in value]
            else:
                values[name] = ", ".join(value)
        else:
            values[name] = value
    return PybtexEntry(entry_type, fields=values, persons=persons)


def write_bib(items: Iterable[tuple[str, str, dict[str, str | list[str]]]]) -> str:
    """(key, type, bibtex fields) triples -> BibTeX text written by pybtex (ASCII, LaTeX-escaped)."""
    data = BibliographyData()
    for key, entry_type, fields in items:
        data.add_entry(key, to_pybtex_entry(entry_type, fields))
    return _Writer(encoding="ascii").to_string(data)


def references_to_bib(refs: Sequence[Reference]) -> str:
    """Write parsed References as BibTeX (keys must already be assigned)."""
    return write_bib((r.key, r.type, export_fields(r.fields)) for r in refs)


def export_fields(fields: Fields) -> dict[str, str | list[str]]:
    """Fields -> what goes into the .bib (drops the internal `years` list)."""
    out = fields.bibtex()
    if len(fields.years) > 1:
        out["note"] = "; ".join(filter(None, [str(out.get("note") or ""), "Years: " + ", ".join(fields.years)]))
    return out
