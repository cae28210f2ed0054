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

from .bibtex import (bib_fields as entry_bib_fields, ascii_kept_notice, describe_unescaped, encode_bib,
                     write_bibliography)
from .corrections import Change, apply_changes, document_style, result_changes
from .models import Result
from .errors import OutputError
from .output import check_outputs, refuse_other_kind, write_all, write_atomic

Ask = Callable[[str], str]


def review(changes: list[Change], state_path: Path, ask: Ask, out: Callable[[str], None]) -> list[Change]:
    """Ask about each change (accept/reject/edit/skip/quit); answers persist in *state_path*."""
    try:
        state: dict[str, dict] = json.loads(state_path.read_text("utf-8")) if state_path.exists() else {}
    except (OSError, ValueError):
        state = {}
    accepted: list[Change] = []
    if changes:
        out(f"citecheck: answers are kept in {state_path} (run again to resume; delete it to start over)")
    for i, change in enumerate(changes, start=1):
        ident = f"{change.key}|{change.field}|{change.before}|{change.after}"
        decision = state.get(ident)
        if decision is None:
            now = repr(change.before) if change.before else "(none)"
            out(f"\n[{i}/{len(changes)}] {change.key} (line {change.line}) {change.field}\n"
                f"  now:      {now}\n  proposed: {change.after!r}\n"
                f"  evidence: {change.source}" + (f", {change.verdict} match" if change.verdict else ""))
            answer, edited = _ask_key(ask, out)
            if answer == "q":
                break
            if answer == "e":
                decision = {"action": "edit", "value": edited} if edited else None
                if not edited:  # said, not silently passed over
                    out("  nothing typed: skipped (asked again next time)")
            elif answer in ("a", "r"):
                decision = {"action": "accept" if answer == "a" else "reject"}
            if decision is not None:
                state[ident] = decision
                write_atomic(state_path, json.dumps(state, indent=1, ensure_ascii=False))
        if decision and decision["action"] == "accept":
            accepted.append(change)
        elif decision and decision["action"] == "edit":  # the user's value, not the catalogue's
            accepted.append(change.model_copy(update={
                "after": decision["value"], "verdict": None,
                "source": f"edited by hand (proposed: {change.after!r} from {change.source})"}))
    return accepted


KEYS = {"a": "accept", "r": "reject", "e": "edit", "s": "skip", "q": "quit"}
PROMPT = "  a = accept, r = reject, e = edit, s = skip, q = quit > "


def _ask_key(ask: Ask, out: Callable[[str], None]) -> tuple[str, str]:
    """One of the KEYS (asked again on anything else), and the new value after 'e'.

    End of input (Ctrl-D, no terminal) answers 'q', keeping the answers given.
    """
    try:
        while True:
            answer = ask(PROMPT).strip().lower()[:1]
            if answer in KEYS:
                break
            out("  please type one of: " + ", ".join(f"{k} ({v})" for k, v in KEYS.items()))
        edited = ask("  new value: ").strip() if answer == "e" else ""
    except EOFError:
        return "q", ""
    return answer, edited


def _why_none(result: Result, accept: str) -> str:
    """Why a fix changed nothing: nothing could be looked up, or nothing qualified."""
    verdicts = [m.verdict for m in result.matches if m is not None]
    checked = [v for v in verdicts if v != "unchecked"]
    links = [c for c in result.report.links if c.status != "unchecked"]
    if not checked and not links:
        codes = {n.code for n in result.report.notices}
        reason = ("the network is unreachable" if "network-unreachable" in codes
                  else "offline, and nothing was in the cache" if verdicts or result.report.links
                  else "catalogue and link checks were turned off")
        return f" (nothing could be looked up: {reason})"
    return f" (no suggestion from a match --accept {accept} takes, and no dead link with a copy)"


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
    if not bib_input and output.suffix.lower() != ".bib":
        # `-o fixed.txt`: the entries in the document's own words, and fixed.bib beside it.
        # `-o fixed.bib`: the .bib alone; no text file the user did not name.
        outputs["text"] = output
    outputs["changes"] = changes or output.with_name(output.name + ".changes.json")
    if interactive:
        outputs["review"] = output.with_name(output.name + ".review.json")
    return outputs


# The first line of the .bib `fix` writes from a document (not from a .bib): the evidence
# that a file beside OUTPUT is one an earlier run wrote, which a new run may replace.
# (BibTeX reads a line outside every entry as a comment.)
FIX_BIB_MARK = "% Written by citecheck fix"


def _ours(role: str, target: Path) -> bool:
    """Is *target* a file an earlier `fix` wrote in this *role*? Judged by its content."""
    try:
        if role == "bib":
            with target.open("rb") as fh:
                return fh.read(len(FIX_BIB_MARK)) == FIX_BIB_MARK.encode()
        if role == "changes":
            if target.stat().st_size > 64 * 1024 * 1024:
                return False
            listed = json.loads(target.read_text(encoding="utf-8"))
            return isinstance(listed, list) and all(
                isinstance(c, dict) and {"key", "field", "after", "source"} <= c.keys() for c in listed)
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    return False


def _refuse_unnamed(paths: dict[str, Path], output: Path, changes: Path | None) -> None:
    """Refuse to replace a file the command line did not name, unless an earlier `fix` wrote it.

    ``fix thesis.pdf -o thesis.txt`` writes ``thesis.bib`` beside it: where the
    user keeps a ``thesis.bib`` of their own, that file must not be lost. A
    companion an earlier run wrote (its content says so: :func:`_ours`) is
    replaced, so a run can be repeated. The review file is state `fix
    --interactive` reads back, not a replacement.
    """
    named = {p.resolve() for p in (output, changes) if p is not None}
    for role, target in paths.items():
        if role == "review" or target.resolve() in named or not target.is_file():
            continue
        if not _ours(role, target):
            what = {"bib": "BibTeX", "changes": "changes list"}.get(role, f"{role} file")
            raise OutputError(
                f"{target}: exists, and is not a file an earlier `fix` wrote; `fix -o {output}` "
                f"would replace it with the {what} it writes beside {output.name}; move it away "
                "or choose another -o" + (" or --changes" if role == "changes" else ""))


# What `fix -o OUT` writes: BibTeX, or for a document its entries in their own words (text,
# Markdown) with the .bib beside; `--changes` a JSON list. An OUT or a --changes whose
# extension names another kind of file (`-o paper.pdf`, `--changes refs.bib`) is a slip of the
# command that would replace that file: refused before the run.
FIX_WRITES = (".bib", ".bibtex", ".txt", ".text", ".md", ".markdown")
FIX_BIB_WRITES = (".bib", ".bibtex")
CHANGES_WRITES = (".json",)


def _refuse_other_kinds(output: Path, changes: Path | None, bib_input: bool) -> None:
    refuse_other_kind(output, FIX_BIB_WRITES if bib_input else FIX_WRITES,
                      "`citecheck fix`" + (" of a .bib" if bib_input else ""))
    refuse_other_kind(changes, CHANGES_WRITES, "`citecheck fix --changes` (a JSON list)",
                      flag="--changes")


def check_fix_outputs(path: Path, output: Path, *, bib_input: bool, changes: Path | None = None,
                      interactive: bool = False) -> None:
    """Refuse `fix`'s outputs before the run: see :func:`citecheck.output.check_outputs`;
    an output named as another kind of file (:func:`_refuse_other_kinds`); a file not named
    on the command line is not replaced (:func:`_refuse_unnamed`)."""
    paths = fix_outputs(path, output, bib_input=bib_input, changes=changes, interactive=interactive)
    check_outputs(paths.values(), [path])
    _refuse_other_kinds(output, changes, bib_input)
    _refuse_unnamed(paths, output, changes)


def fix(
    result: Result, path: Path, output: Path, *, accept: str = "verified",
    interactive: bool = False, changes: Path | None = None, quiet: bool = False,
    ask: Ask | None = None, ascii: bool = False,
) -> int:
    """Write the corrected bibliography of *result* (read from *path*) to *output*."""
    bib_input = result.document.kind == "bib"
    paths = fix_outputs(path, output, bib_input=bib_input, changes=changes, interactive=interactive)
    # checked again here (the CLI checks before the run): a library caller gets the same refusals
    check_outputs(paths.values(), [path])
    _refuse_other_kinds(output, changes, bib_input)
    _refuse_unnamed(paths, output, changes)
    refs = result.references
    held: list[str] = []  # entries kept as written, whose changes are not applied
    per_entry = result_changes(result, accept, held=held)
    proposed = sum(len(cs) for cs in per_entry)
    bib_fields = [entry_bib_fields(ref) for ref in refs]
    if interactive:
        kept = review([c for cs in per_entry for c in cs], paths["review"],
                      ask or input, lambda text: print(text, file=sys.stderr))
        by_key: dict[str, list[Change]] = {}
        for c in kept:
            by_key.setdefault(c.key, []).append(c)
        per_entry = [by_key.get(ref.key, []) for ref in refs]

    # a .bib input is written back as it was, only the changed fields of changed entries rewritten
    bib_text, unescaped = write_bibliography(
        refs, [apply_changes(fields, cs) for fields, cs in zip(bib_fields, per_entry)],
        source_text=result.document.source_text, ascii=ascii)
    if unescaped:
        print(f"citecheck: --ascii: no LaTeX escape for {describe_unescaped(unescaped)}; "
              "written as UTF-8", file=sys.stderr)
    if ascii and result.document.source_text is not None and (said := ascii_kept_notice(bib_text)):
        print(f"citecheck: {said}", file=sys.stderr)
    applied = [c for cs in per_entry for c in cs]
    bib_data: str | bytes = bib_text
    if not bib_input:  # written from a document: marked, so that a later run may replace it
        source = path.name.replace("\n", " ").replace("\r", " ")
        bib_data = f"{FIX_BIB_MARK} from {source}\n\n{bib_text}"
    if bib_input:  # a .bib comes back in its own encoding (Latin-1 stays Latin-1)
        bib_data, said = encode_bib(bib_text, result.document.encoding,
                                     result.document.legacy_lines)
        if said:
            print(f"citecheck: {said}", file=sys.stderr)
    outputs: dict[Path, str | bytes] = {paths["bib"]: bib_data}
    if "text" in paths:
        outputs[paths["text"]] = "\n\n".join(
            document_style(r, cs) for r, cs in zip(refs, per_entry)) + "\n"
    outputs[paths["changes"]] = json.dumps([c.model_dump() for c in applied], indent=2,
                                           ensure_ascii=False) + "\n"
    if not quiet:
        print("citecheck: writing " + ", ".join(map(str, outputs)), file=sys.stderr)
    write_all(outputs)  # all files whole or none at all; a failed write leaves the old ones
    if not quiet:
        entries = sum(1 for cs in per_entry if cs)
        why = ("" if applied
               else f" (none of the {proposed} proposed was accepted in the review)" if interactive and proposed
               else _why_none(result, accept))
        print(f"citecheck: {len(applied)} change(s) applied to {entries} "
              f"entr{'y' if entries == 1 else 'ies'}{why}; list in {paths['changes']}",
              file=sys.stderr)
        if held:
            print(f"citecheck: {len(held)} entr{'y' if len(held) == 1 else 'ies'} kept as written "
                  f"(unreadable, or with a BibTeX warning: a field given twice, an undefined macro, a name with too many commas; see the report), "
                  f"their suggestions not applied: {', '.join(held[:10])}"
                  + (" …" if len(held) > 10 else ""), file=sys.stderr)
    return 0
