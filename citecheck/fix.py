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
from collections.abc import Callable
from pathlib import Path

from .bibtex import export_fields, write_bib
from .corrections import Change, apply_changes, document_style, result_changes
from .models import Result
from .output import check_outputs, write_all, write_atomic

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
                write_atomic(state_path, json.dumps(state, indent=1, ensure_ascii=False))
        if decision and decision["action"] == "accept":
            accepted.append(change.model_copy(update={"after": decision.get("value", change.after)}))
    return accepted


def _bib_path(output: Path, bib_input: bool) -> Path:
    return output if bib_input or output.suffix.lower() == ".bib" else output.with_suffix(".bib")


def fix_outputs(
    path: Path, output: Path, *, bib_input: bool, changes: Path | None = None,
    interactive: bool = False,
) -> dict[str, Path]:
    """Every file `fix` writes, by role (bib, text, changes, review), for input *path*.

    Known before any stage runs, so :func:`check_outputs` can refuse a bad path
    (the input, two roles on one file, a missing folder) before any work is done.
    """
    outputs = {"bib": _bib_path(output, bib_input)}
    if not bib_input:
        text_path = output if output.suffix.lower() != ".bib" else output.with_suffix(".txt")
        # `fix paper.txt -o paper.bib`: the text written beside the .bib would be the
        # input itself. The user named the .bib; that side file is left out, not the run refused.
        if text_path == output or not (text_path.exists() and text_path.samefile(path)):
            outputs["text"] = text_path
    outputs["changes"] = changes or output.with_name(output.name + ".changes.json")
    if interactive:
        outputs["review"] = output.with_name(output.name + ".review.json")
    return outputs


def check_fix_outputs(path: Path, output: Path, *, bib_input: bool, changes: Path | None = None,
                      interactive: bool = False) -> None:
    """Refuse `fix`'s outputs before the run: see :func:`citecheck.output.check_outputs`."""
    check_outputs(fix_outputs(path, output, bib_input=bib_input, changes=changes,
                              interactive=interactive).values(), [path])


def fix(
    result: Result, path: Path, output: Path, *, accept: str = "verified",
    interactive: bool = False, changes: Path | None = None, quiet: bool = False,
    ask: Ask | None = None,
) -> int:
    """Write the corrected bibliography of *result* (read from *path*) to *output*."""
    bib_input = result.document.kind == "bib"
    paths = fix_outputs(path, output, bib_input=bib_input, changes=changes, interactive=interactive)
    # checked again here (the CLI checks before the run): a library caller gets the same refusals
    check_outputs(paths.values(), [path])
    refs = result.references
    per_entry = result_changes(result, accept)
    bib_fields = [export_fields(ref.fields) for ref in refs]
    if interactive:
        kept = review([c for cs in per_entry for c in cs], paths["review"],
                      ask or input, lambda text: print(text, file=sys.stderr))
        by_key: dict[str, list[Change]] = {}
        for c in kept:
            by_key.setdefault(c.key, []).append(c)
        per_entry = [by_key.get(ref.key, []) for ref in refs]

    items = [
        (ref.key, ref.type, apply_changes(fields, cs))
        for ref, fields, cs in zip(refs, bib_fields, per_entry)
    ]
    applied = [c for cs in per_entry for c in cs]
    outputs = {paths["bib"]: write_bib(items)}
    if "text" in paths:
        outputs[paths["text"]] = "\n\n".join(
            document_style(r, cs) for r, cs in zip(refs, per_entry)) + "\n"
    outputs[paths["changes"]] = json.dumps([c.model_dump() for c in applied], indent=2,
                                           ensure_ascii=False) + "\n"
    write_all(outputs)  # each file whole or not at all; a failed write leaves the old one
    if not quiet:
        print(f"citecheck: {len(applied)} change(s) applied to {sum(1 for cs in per_entry if cs)} "
              f"entr(y/ies); list in {paths['changes']}", file=sys.stderr)
    return 0
