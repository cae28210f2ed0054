"""`citecheck export`: a document's bibliography as BibTeX, CSL-JSON or RIS.

With ``--archive-urls`` every cited URL that has an archived copy gets it in
the entry. BibTeX has no standard field for that, so we write it twice over:

* ``note`` — "Archived copy: URL (captured YYYY-MM-DD)". Every BibTeX and
  biblatex style prints ``note``, so a reader sees the copy whatever the style.
* ``archiveurl`` / ``archivedate`` — the names Zotero's "Archive"/Wikipedia's
  ``archive-url`` use; styles ignore unknown fields, and biblatex users can
  map them with a ``\\DeclareSourcemap`` (README shows one).

With ``--enrich`` the catalogue's identifiers and the fields it can fill are
added (``doi``, ``isbn``, ``pages`` …); the document's own values are only
replaced with ``--apply-suggestions``. An added value reads like any other
field: where it came from is data (``enrichment_provenance``) for the changes
file and the JSON report, never text in the bibliography.

A ``.bib`` input is written back as it was, with only the changed fields of
the changed entries rewritten (``bibtex.write_bibliography``). Output is
UTF-8; with ``ascii`` non-ASCII letters become LaTeX escapes where one exists.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .config import Settings
from .models import Entry, Reference
from .bibtex import BibFields
from .pipeline import Findings, Progress, collect, to_report


def with_archive(fields: BibFields, url: str, timestamp: str = "") -> BibFields:
    """*fields* plus an archived copy: ``archiveurl``, ``archivedate`` and a printed ``note``."""
    date = f"{timestamp[0:4]}-{timestamp[4:6]}-{timestamp[6:8]}" if len(timestamp) >= 8 else ""
    out = dict(fields)
    out["archiveurl"] = url
    if date:
        out["archivedate"] = date
    note = f"Archived copy: {url}" + (f" (captured {date})" if date else "")
    out["note"] = ". ".join(filter(None, [str(out.get("note") or ""), note]))
    return out


def entry_fields(
    ref: Reference, found: Findings, index: int, *, archive_urls: bool, enrich: bool,
    apply_suggestions: bool,
) -> BibFields:
    """The BibTeX fields of one entry after the requested additions (no provenance in them)."""
    from .bibtex import bib_fields

    fields = ref.fields
    match = found.matches[index] if index < len(found.matches) else None
    if enrich and match is not None:
        from .resolve import enrich_fields

        fields, _ = enrich_fields(ref, match, apply_suggestions)
    out = bib_fields(ref, fields)
    if archive_urls:
        copy = next((c.archive for c in found.links if c.entry == ref.key and c.archive), None)
        if copy is not None:
            out = with_archive(out, copy.url, copy.timestamp)
    return out


def enrichment_provenance(found: Findings, apply_suggestions: bool = False) -> list[dict[str, str | int | None]]:
    """Where each value ``--enrich`` adds comes from, as data: key, line, field, value, source.

    For the changes file and the JSON report; the bibliography itself never
    carries it.
    """
    from .bibtex import bib_fields
    from .resolve import enrich_fields

    out: list[dict[str, str | int | None]] = []
    for ref, match in zip(found.refs, found.matches):
        if match is None:
            continue
        fields, provenance = enrich_fields(ref, match, apply_suggestions)
        values = bib_fields(ref, fields)
        for field, source in sorted(provenance.items()):
            value = values.get(field)
            out.append({"key": ref.key, "line": ref.line, "field": field,
                        "value": "; ".join(value) if isinstance(value, list) else value,
                        "source": source})
    return out


def export(
    path: Path, settings: Settings, *, to: str = "bibtex", archive_urls: bool = False,
    enrich: bool = False, apply_suggestions: bool = False, progress: Progress | None = None,
    ascii: bool = False,
) -> str:
    found = collect(path, settings, progress)
    items = [
        (ref.key, ref.type, entry_fields(ref, found, i, archive_urls=archive_urls, enrich=enrich,
                                         apply_suggestions=apply_suggestions))
        for i, ref in enumerate(found.refs)
    ]
    if to == "bibtex":
        from .bibtex import describe_unescaped, write_bibliography

        text, unescaped = write_bibliography(found.refs, [f for _, _, f in items],
                                             source_text=found.doc.source_text, ascii=ascii)
        if unescaped:  # said even when quiet: the file is not what --ascii asked for
            print(f"citecheck: --ascii: no LaTeX escape for {describe_unescaped(unescaped)}; "
                  "written as UTF-8", file=sys.stderr)
        return text
    report = to_report(found)
    entries = [
        Entry(**{**e.model_dump(), "fields": fields}) for e, (_, _, fields) in zip(report.entries, items)
    ]
    from . import formats

    return formats.to_csl_json(entries) if to == "csl-json" else formats.to_ris(entries)
