"""`citecheck fix`: write a corrected bibliography; the input is never modified.

For a ``.bib`` input the output is a ``.bib`` with the accepted suggestions
applied and archived URLs added. For a document the output is the corrected
entries in the document's own words (each accepted change substituted where
the old value is printed, an archived copy appended to a rotten link), plus a
``.bib`` beside it. Every applied change is written, machine-readable, to
``--changes`` (default ``OUT.changes.json``).

Which suggestions are applied: ``--accept verified`` (default) takes only
those from verified catalogue matches, ``probable`` adds probable matches,
``all`` every suggestion. ``--interactive`` asks about each one (accept /
reject / edit / skip / quit); its answers are kept in ``OUT.review.json`` so a
review that was stopped resumes where it left off.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from pydantic import BaseModel, Field

from .config import Settings
from .errors import InputError
from .bibtex import BibFields, bib_fields as entry_bib_fields, describe_unescaped, write_bib, write_bibliography
from .export import with_archive
from .models import ROT, Entry, LinkCheck, Match, Reference
from .pipeline import Progress, collect

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


def apply_changes(fields: BibFields, changes: Sequence[Change]) -> BibFields:
    """BibTeX fields (names as 'Family, Given') with the changes applied, as a new dict."""
    out = dict(fields)
    for change in changes:
        if change.field in PEOPLE:
            names = out.get(change.field)
            if isinstance(names, list):
                out[change.field] = [change.after if n == change.before else n for n in names]
        elif change.field == "archiveurl":  # the same fields as export --archive-urls
            out = with_archive(out, change.after, change.timestamp)
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


def corrected_bibtex(entry: Entry, checks: Sequence[LinkCheck] = ()) -> str:
    """The entry as BibTeX with what --accept verified would change (the HTML report shows it)."""
    changes = proposed_changes(entry.key, entry.line, entry.fields, entry.match,
                               [c for c in checks if c.entry == entry.key], "verified")
    return write_bib([(entry.key, entry.type, apply_changes(entry.fields, changes))])


Ask = Callable[[str], str]


def review(changes: list[Change], state_path: Path, ask: Ask, out: Callable[[str], None]) -> list[Change]:
    """Ask about each change (accept/reject/edit/skip/quit); answers persist in *state_path*."""
    try:
        state: dict[str, dict] = json.loads(state_path.read_text("utf-8")) if state_path.exists() else {}
    except (OSError, ValueError):
        state = {}
    accepted: list[Change] = []
    for i, change in enumerate(changes, start=1):
        ident = f"{change.key}|{change.field}|{change.before}|{change.after}"
        decision = state.get(ident)
        if decision is None:
            out(f"\n[{i}/{len(changes)}] {change.key} (line {change.line}) {change.field}\n"
                f"  now:      {change.before!r}\n  proposed: {change.after!r}\n"
                f"  evidence: {change.source}" + (f", {change.verdict} match" if change.verdict else ""))
            try:
                answer = ask("  [a]ccept, [r]eject, [e]dit, [s]kip, [q]uit? ").strip().lower()[:1]
                edited = ask("  new value: ").strip() if answer == "e" else ""
            except EOFError:  # input closed (Ctrl-D, or no terminal): stop as with [q]uit
                answer = "q"
            if answer == "q":
                break
            if answer == "e":
                decision = {"action": "accept", "value": edited} if edited else None
            elif answer in ("a", "r"):
                decision = {"action": "accept" if answer == "a" else "reject"}
            if decision is not None:
                state[ident] = decision
                state_path.write_text(json.dumps(state, indent=1, ensure_ascii=False), "utf-8")
        if decision and decision["action"] == "accept":
            accepted.append(change.model_copy(update={"after": decision.get("value", change.after)}))
    return accepted


def _document_style(ref: Reference, changes: list[Change]) -> str:
    """The entry as printed, with each change substituted where the old value appears."""
    text = ref.raw
    for c in changes:
        if c.field == "archiveurl":
            text = text.rstrip() + f" [Archived: {c.after}]"
        elif c.before and c.before in text:
            text = text.replace(c.before, c.after, 1)
        elif c.field in PEOPLE and c.before:
            family = c.before.split(",")[0]
            if family and family in text:
                text = text.replace(family, c.after.split(",")[0], 1)
    return text


def _bib_path(output: Path, bib_input: bool) -> Path:
    return output if bib_input or output.suffix.lower() == ".bib" else output.with_suffix(".bib")


def fix(
    path: Path, output: Path, settings: Settings, *, accept: str = "verified",
    interactive: bool = False, changes: Path | None = None, progress: Progress | None = None,
    ask: Ask | None = None, ascii: bool = False,
) -> int:
    """Write the corrected bibliography for *path* to *output*; return the exit code."""
    found = collect(path, settings, progress)
    per_entry: list[list[Change]] = []
    bib_fields = [entry_bib_fields(ref) for ref in found.refs]
    for ref, fields, match in zip(found.refs, bib_fields, found.matches):
        links = [c for c in found.links if c.entry == ref.key]
        per_entry.append(proposed_changes(ref.key, ref.line, fields, match, links, accept))
    if interactive:
        kept = review([c for cs in per_entry for c in cs],
                      output.with_name(output.name + ".review.json"),
                      ask or input, lambda text: print(text, file=sys.stderr))
        by_key: dict[str, list[Change]] = {}
        for c in kept:
            by_key.setdefault(c.key, []).append(c)
        per_entry = [by_key.get(ref.key, []) for ref in found.refs]

    # a .bib input is written back as it was, only the changed fields of changed entries rewritten
    bib_text, unescaped = write_bibliography(
        found.refs, [apply_changes(fields, cs) for fields, cs in zip(bib_fields, per_entry)],
        source_text=found.doc.source_text, ascii=ascii)
    if unescaped:
        print(f"citecheck: --ascii: no LaTeX escape for {describe_unescaped(unescaped)}; "
              "written as UTF-8", file=sys.stderr)
    applied = [c for cs in per_entry for c in cs]
    outputs = {_bib_path(output, found.doc.kind == "bib"): bib_text}
    if found.doc.kind != "bib":
        text_path = output if output.suffix.lower() != ".bib" else output.with_suffix(".txt")
        # `fix paper.txt -o paper.bib`: the text written beside the .bib would be the
        # input itself. The user named the .bib; that side file is left out, not the run refused.
        if text_path == output or not (text_path.exists() and text_path.samefile(path)):
            outputs[text_path] = "\n\n".join(
                _document_style(r, cs) for r, cs in zip(found.refs, per_entry)) + "\n"
    changes_path = changes or output.with_name(output.name + ".changes.json")
    outputs[changes_path] = json.dumps([c.model_dump() for c in applied], indent=2,
                                       ensure_ascii=False) + "\n"
    # check every target before writing any, so a refused run leaves no partial output
    for target in outputs:
        if target.exists() and target.samefile(path):  # also a symlink or hard link
            raise InputError(f"{target}: refusing to overwrite the input file")
        if target.is_dir():
            raise InputError(f"{target}: cannot write (Is a directory)")
        if not target.parent.is_dir():
            raise InputError(f"{target}: cannot write (no such directory: {target.parent})")
    for target, text in outputs.items():
        try:
            target.write_text(text, "utf-8")
        except OSError as exc:
            raise InputError(f"{target}: cannot write ({exc.strerror or exc})") from None
    if not settings.quiet:
        print(f"citecheck: {len(applied)} change(s) applied to {sum(1 for cs in per_entry if cs)} "
              f"entr(y/ies); list in {changes_path}", file=sys.stderr)
    return 0
