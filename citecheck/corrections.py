"""Corrections in one place: proposed changes, applying them, enrichment, corrected BibTeX.

Every front end that changes a bibliography — the report's "corrected
BibTeX", ``export --enrich``/``--archive-urls``, ``fix``, the service — asks
this module, so a change is proposed, applied and described the same way
everywhere. Pure: it reads a :class:`~citecheck.models.Result` (or its
parts) and never runs a stage.

Provenance (where a value came from, with what evidence) is returned as
data for the changes file and the JSON report; it is never written into
the bibliography itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, Field

from .bibtex import BibFields, bib_fields, write_bib
from .formats import parse_name
from .models import ROT, Entry, Fields, LinkCheck, Match, Name, Reference, Result

ACCEPT = {"verified": {"verified"}, "probable": {"verified", "probable"},
          "all": {"verified", "probable", "ambiguous"}}
PEOPLE = ("author", "editor", "translator")


class Change(BaseModel):
    """One change applied to an entry (the list `--changes` writes)."""

    key: str
    line: int | None
    field: str
    before: str | None
    after: str
    source: str
    verdict: str | None = None
    timestamp: str = Field(default="", description="capture time of an archived copy")


def archive_fields(fields: BibFields, url: str, timestamp: str = "") -> BibFields:
    """*fields* plus an archived copy: ``archiveurl``, ``archivedate`` and a printed ``note``.

    BibTeX has no standard field for an archived copy: styles ignore the first
    two (Zotero's names; biblatex users map them with a source map, README),
    so the copy is also said in ``note``, which every style prints. That note
    names the copy a reader can follow, not what citecheck did.
    """
    date = f"{timestamp[0:4]}-{timestamp[4:6]}-{timestamp[6:8]}" if len(timestamp) >= 8 else ""
    out = dict(fields)
    out["archiveurl"] = url
    if date:
        out["archivedate"] = date
    note = f"Archived copy: {url}" + (f" (captured {date})" if date else "")
    out["note"] = ". ".join(filter(None, [str(out.get("note") or ""), note]))
    return out


def apply_changes(fields: BibFields, changes: Sequence[Change]) -> BibFields:
    """BibTeX fields (names as 'Family, Given') with the changes applied, as a new dict."""
    out = dict(fields)
    for change in changes:
        if change.field in PEOPLE:
            names = out.get(change.field)
            if isinstance(names, list):
                out[change.field] = [change.after if n == change.before else n for n in names]
        elif change.field == "archiveurl":
            out = archive_fields(out, change.after, change.timestamp)
        else:
            out[change.field] = change.after
    return out


def proposed_changes(
    key: str, line: int | None, fields: BibFields, match: Match | None,
    links: Sequence[LinkCheck], accept: str,
) -> list[Change]:
    """The changes citecheck proposes for one entry under the --accept policy."""
    changes: list[Change] = []
    if match is not None and match.verdict in ACCEPT[accept]:
        for s in match.suggestions:
            changes.append(Change(key=key, line=line, field=s.field, before=s.current,
                                  after=s.suggested, source=s.source, verdict=match.verdict))
        for id_name in ("doi", "isbn"):
            if match.ids.get(id_name) and not fields.get(id_name) and not any(
                c.field == id_name for c in changes
            ):
                changes.append(Change(key=key, line=line, field=id_name, before=None,
                                      after=match.ids[id_name], source=match.source or "catalogue",
                                      verdict=match.verdict))
    for check in links:
        if check.status in ROT and check.archive:
            changes.append(Change(key=key, line=line, field="archiveurl", before=check.url,
                                  after=check.archive.url, timestamp=check.archive.timestamp,
                                  source=f"{check.archive.source} {check.archive.timestamp} "
                                  f"({check.status})"))
    return changes


def can_edit(ref: Reference) -> bool:
    """Whether a fix may change the entry: not a .bib entry that is kept as written (one
    that could not be read, or has a field given twice or an undefined macro)."""
    return ref.source is None or (ref.error is None and ref.source.editable)


def result_changes(result: Result, accept: str, *,
                   held: list[str] | None = None) -> list[list[Change]]:
    """Per entry of *result*, in order, the changes proposed under the --accept policy.

    An entry kept as written (:func:`can_edit`) gets none: its key is added to *held*
    when it had some, so that the caller can say so.
    """
    out = []
    for ref, match in zip(result.references, result.matches):
        links = [c for c in result.report.links if c.entry == ref.key]
        changes = proposed_changes(ref.key, ref.line, bib_fields(ref), match, links, accept)
        if changes and not can_edit(ref):
            if held is not None:
                held.append(ref.key)
            changes = []
        out.append(changes)
    return out


def corrected_bibtex(entry: Entry, checks: Sequence[LinkCheck] = ()) -> str:
    """The entry as BibTeX with what --accept verified would change (the HTML report shows it)."""
    changes = proposed_changes(entry.key, entry.line, entry.fields, entry.match,
                               [c for c in checks if c.entry == entry.key], "verified")
    return write_bib([(entry.key, entry.type, apply_changes(entry.fields, changes))])


def document_style(ref: Reference, changes: list[Change]) -> str:
    """The entry as printed, with each change substituted where the old value appears.

    A change whose old value is not printed as such (an added DOI, a year printed
    another way) is appended in brackets, so the text lists every change the
    changes file does.
    """
    text = ref.raw
    added: list[str] = []
    for c in changes:
        if c.field == "archiveurl":
            added.append(f"Archived: {c.after}")
        elif c.before and c.before in text:
            text = text.replace(c.before, c.after, 1)
        elif c.field in PEOPLE and c.before and (family := c.before.split(",")[0]) in text:
            text = text.replace(family, c.after.split(",")[0], 1)
        else:
            added.append(f"{c.field}: {c.after}")
    return text.rstrip() + "".join(f" [{a}]" for a in added)


def enrich_fields(
    ref: Reference, match: Match, apply_suggestions: bool
) -> tuple[Fields, dict[str, str]]:
    """The entry's fields with what the catalogue adds; provenance per changed field.

    Only a `verified` match adds anything: a probable one is a lead for the
    user, not a source to copy from. Empty fields are filled (DOI, ISBN,
    pages, number, publisher …); a value the document already has is
    replaced only with ``apply_suggestions``.
    """
    fields = ref.fields
    provenance: dict[str, str] = {}
    if match.verdict != "verified":
        return fields, provenance
    update: dict[str, object] = {}
    for key in ("doi", "isbn"):
        if not getattr(fields, key) and match.ids.get(key):
            update[key] = match.ids[key]
            provenance[key] = match.source or "catalogue"
    authors = list(fields.author)
    for s in match.suggestions:
        if s.field == "author":
            if apply_suggestions:
                for i, name in enumerate(authors):
                    if str(name) == s.current:
                        authors[i] = _name(s.suggested)
                        provenance["author"] = s.source
            continue
        if not hasattr(fields, s.field) or s.field in ("author", "editor", "translator"):
            continue
        current = update.get(s.field, getattr(fields, s.field))
        if current and not apply_suggestions:
            continue
        update[s.field] = s.suggested
        provenance[s.field] = s.source if not current else f"{s.source} (replaced {current!r})"
    if authors != list(fields.author):
        update["author"] = authors
    if update.get("year"):
        update["years"] = [update["year"]]
    return fields.model_copy(update=update), provenance


def _name(text: str) -> Name:
    """A suggested name ('van der Berg, J.', '{van der Berg}, J.') back into its parts, as
    Name writes them (BibTeX's rules)."""
    if "," in text and (parsed := parse_name(text)) is not None:
        return parsed
    family, _, given = text.partition(", ")
    return Name(family=family, given=given)


def exported_fields(
    ref: Reference, match: Match | None, links: Sequence[LinkCheck], *, archive_urls: bool,
    enrich: bool, apply_suggestions: bool,
) -> tuple[BibFields, dict[str, str]]:
    """One entry's BibTeX fields after the requested additions, and where each added value
    came from (field -> source) for the changes file; nothing of it goes into ``note``."""
    fields = ref.fields
    provenance: dict[str, str] = {}
    if enrich and match is not None:
        fields, provenance = enrich_fields(ref, match, apply_suggestions)
    out = bib_fields(ref, fields)  # the names the entry's type uses (a .bib entry: its own)
    if archive_urls:
        copy = next((c.archive for c in links if c.entry == ref.key and c.archive), None)
        if copy is not None:
            out = archive_fields(out, copy.url, copy.timestamp)
            provenance["archiveurl"] = f"{copy.source} {copy.timestamp}"
    return out, provenance
