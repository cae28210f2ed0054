"""`citecheck export`: a checked document's bibliography as BibTeX, CSL-JSON or RIS.

Renders a :class:`~citecheck.models.Result`; what is added to each entry
(archived copies with ``archive_urls``, catalogue identifiers and missing
fields with ``enrich``) comes from :mod:`citecheck.corrections`. Where each
added value came from is returned as data beside the fields
(:func:`export_items`), never written into the bibliography.
"""

from __future__ import annotations

from .bibtex import BibFields
from .corrections import exported_fields
from .models import Entry, Result


def export_items(
    result: Result, *, archive_urls: bool = False, enrich: bool = False,
    apply_suggestions: bool = False,
) -> list[tuple[str, str, BibFields, dict[str, str]]]:
    """(key, type, BibTeX fields, provenance) per entry, in the document's order."""
    out = []
    for ref, match in zip(result.references, result.matches):
        fields, provenance = exported_fields(
            ref, match, result.report.links, archive_urls=archive_urls, enrich=enrich,
            apply_suggestions=apply_suggestions)
        out.append((ref.key, ref.type, fields, provenance))
    return out


def export(
    result: Result, *, to: str = "bibtex", archive_urls: bool = False, enrich: bool = False,
    apply_suggestions: bool = False, ascii: bool = False,
) -> str:
    """The bibliography of *result* as BibTeX, CSL-JSON or RIS text.

    A ``.bib`` input comes back as it was, only the changed fields of changed
    entries rewritten (``bibtex.write_bibliography``). BibTeX is UTF-8; with
    *ascii* non-ASCII letters become LaTeX escapes where one exists, and the
    characters with none are named on stderr.
    """
    items = export_items(result, archive_urls=archive_urls, enrich=enrich,
                         apply_suggestions=apply_suggestions)
    if to == "bibtex":
        import sys

        from .bibtex import ascii_kept_notice, describe_unescaped, write_bibliography

        text, unescaped = write_bibliography(
            result.references, [fields for _, _, fields, _ in items],
            source_text=result.document.source_text, ascii=ascii)
        if unescaped:  # said even when quiet: the file is not what --ascii asked for
            sys.stderr.write(f"citecheck: --ascii: no LaTeX escape for {describe_unescaped(unescaped)}; "
                             "written as UTF-8\n")
        if ascii and result.document.source_text is not None and (said := ascii_kept_notice(text)):
            sys.stderr.write(f"citecheck: {said}\n")
        return text
    from .bibtex import carried_fields

    # an abstract, keywords, ISSN or language the .bib holds are carried over too
    entries = [
        Entry(**{**e.model_dump(), "fields": {**carried_fields(ref), **fields}})
        for e, ref, (_, _, fields, _) in zip(result.report.entries, result.references, items)
    ]
    # an entry that could not be read has no fields: an empty record is junk in a reference
    # manager, so it is left out and named (BibTeX keeps it as written)
    unread = [e for e in entries if e.error and not e.fields.get("title")]
    if unread:
        import sys

        named = "; ".join(f"line {e.line} ({e.key})" if e.line else e.key for e in unread)
        sys.stderr.write(f"citecheck: left out of the {'CSL-JSON' if to == 'csl-json' else 'RIS'}: "
                         f"{len(unread)} entr{'y' if len(unread) == 1 else 'ies'} that could not be "
                         f"read: {named}\n")
        entries = [e for e in entries if not (e.error and not e.fields.get("title"))]
    from . import formats

    return formats.to_csl_json(entries) if to == "csl-json" else formats.to_ris(entries)
