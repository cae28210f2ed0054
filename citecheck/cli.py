"""Command line: parse arguments, call the pipeline, pick a renderer. No logic of its own.

Exit codes (like a link checker, so `citecheck report` can gate CI):
  0  nothing found that --fail-on counts
  1  problems found (which ones count: --fail-on)
  2  usage, configuration or input error (one line on stderr, never a traceback)
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any, NoReturn

from . import __version__
from .config import Settings, load_settings
from .errors import CitecheckError, InputError
from .models import Report
from .render import FORMATS

FAIL_ON = {
    "dead-links": "a cited link is dead, soft-404, parked or its domain is gone",
    "not-found": "a reference no catalogue knows",
    "unverified": "a reference not verified (not-found, ambiguous, probable)",
    "missing-fields": "an entry lacks a field its type needs",
    "footnotes": "footnote numbering has gaps, repeats or backward jumps",
    "parse-errors": "an entry could not be parsed",
    "bibliography": "the bibliography looks shuffled or cut short",
}
DEFAULT_FAIL_ON = ["dead-links", "parse-errors"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2
        self.exit(2, f"citecheck: error: {message} (see: citecheck --help)\n")


def _network_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("network")
    g.add_argument("--offline", action="store_true", default=None,
                   help="use only cached answers; everything else is 'unchecked'")
    g.add_argument("--no-links", action="store_true", default=None, help="skip the link-rot stage")
    g.add_argument("--no-resolve", action="store_true", default=None, help="skip catalogue resolution")
    g.add_argument("--refresh", action="store_true", default=None, help="ignore cached answers")
    g.add_argument("--cache-dir", type=Path, help="response cache folder (env CITECHECK_CACHE_DIR)")
    g.add_argument("--mailto", help="contact address sent to APIs (env CITECHECK_MAILTO)")
    g.add_argument("--host-concurrency", type=int,
                   help="requests in flight per origin (env CITECHECK_HOST_CONCURRENCY)")
    g.add_argument("--rate-limits", dest="rate_limits",
                   help="per-service requests/second, e.g. crossref=3,openlibrary=1")
    g.add_argument("--timeout", type=float, dest="read_timeout", help="read timeout in seconds")
    g.add_argument("-q", "--quiet", action="store_true", default=None, help="no progress output")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="citecheck",
        description="Check a document's bibliography: repair the text, parse the references, "
        "check footnotes, links and catalogue records, and report what is wrong.",
        epilog="Settings also come from citecheck.toml or [tool.citecheck] in pyproject.toml, "
        "and CITECHECK_* environment variables; flags win.",
    )
    parser.add_argument("--version", action="version", version=f"citecheck {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("report", help="report on a document's references",
                       description="Report link rot, completeness, discrepancies and footnote "
                       "anomalies for FILE (.txt, .md, .pdf or .bib).")
    p.add_argument("file", type=Path, metavar="FILE", help="the document: .txt, .md, .pdf or .bib")
    p.add_argument("-f", "--format", choices=FORMATS, default="text", help="output format (default text)")
    p.add_argument("-o", "--output", type=Path, help="write the report here instead of stdout")
    p.add_argument("--fail-on", help="comma-separated problems that make the exit code 1: "
                   + ", ".join(FAIL_ON) + f" (default {','.join(DEFAULT_FAIL_ON)}; 'none' never fails)")
    _network_options(p)

    p = sub.add_parser("export", help="write the bibliography as BibTeX, CSL-JSON or RIS",
                       description="Write FILE's bibliography as BibTeX (via pybtex), CSL-JSON or RIS.")
    p.add_argument("file", type=Path, metavar="FILE", help="the document: .txt, .md, .pdf or .bib")
    p.add_argument("-o", "--output", type=Path, help="output file (default stdout)")
    p.add_argument("-t", "--to", choices=("bibtex", "csl-json", "ris"), default="bibtex",
                   help="output format (default bibtex)")
    p.add_argument("--archive-urls", action="store_true",
                   help="check links and add archived copies (archiveurl, archivedate and a "
                   "printed note; see README)")
    p.add_argument("--enrich", action="store_true",
                   help="resolve against catalogues and add identifiers and missing fields")
    p.add_argument("--apply-suggestions", action="store_true",
                   help="with --enrich: also replace the document's values by the catalogue's")
    _network_options(p)

    p = sub.add_parser("parse", help="parse reference strings, one per line, to JSON lines",
                       description="Read reference strings (one per line) from stdin or --file and "
                       "print one JSON object per line: {raw, type, fields} or {raw, error}.")
    p.add_argument("--file", type=Path, help="read from this file instead of stdin")

    p = sub.add_parser("fix", help="write a corrected bibliography",
                       description="Apply accepted suggestions and archived URLs; write the "
                       "corrected bibliography to OUT (the input is never modified).")
    p.add_argument("file", type=Path, metavar="FILE", help="the document: .txt, .md, .pdf or .bib")
    p.add_argument("-o", "--output", type=Path, required=True, help="where to write the result")
    p.add_argument("--accept", choices=("verified", "probable", "all"), default="verified",
                   help="which suggestions to apply (default: only those from verified matches)")
    p.add_argument("--interactive", action="store_true", help="review each suggestion in the terminal")
    p.add_argument("--changes", type=Path, help="write the applied changes as JSON here")
    _network_options(p)

    sub.add_parser("schema", help="print the JSON schema of the report",
                   description="Print the JSON schema of `report --format json`.")
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    names = ("offline", "no_links", "no_resolve", "refresh", "cache_dir", "mailto",
             "host_concurrency", "rate_limits", "read_timeout", "quiet")
    overrides: dict[str, Any] = {n: getattr(args, n, None) for n in names}
    settings = load_settings(overrides)
    if not settings.quiet and not sys.stderr.isatty():
        settings = settings.model_copy(update={"quiet": True})
    return settings


class TerminalProgress:
    """Progress on stderr with rich: a status line per step, a bar per network stage.

    Only used when stderr is a terminal and --quiet is off; colours follow
    NO_COLOR (rich also turns them off for a dumb terminal).
    """

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.console = Console(stderr=True, no_color=bool(os.environ.get("NO_COLOR")))
        self.bars = Progress(
            TextColumn("citecheck: {task.description}"), BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn(), console=self.console, transient=True,
        )

    def __call__(self, message: str) -> None:
        self.console.print(f"[dim]citecheck: {message}…[/dim]")

    def stage(self, description: str, total: int):  # type: ignore[no-untyped-def]
        if not self.bars.live.is_started:
            self.bars.start()
        task = self.bars.add_task(description, total=total)
        return lambda: self.bars.advance(task)

    def __enter__(self) -> TerminalProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bars.live.is_started:
            self.bars.stop()


def _progress(settings: Settings) -> AbstractContextManager[TerminalProgress | None]:
    return nullcontext() if settings.quiet else TerminalProgress()


def _write(text: str, output: Path | None, source: Path) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    # samefile: the same file by another path, a symlink or a hard link
    if output.exists() and source.exists() and output.samefile(source):
        raise InputError(f"{output}: refusing to overwrite the input file")
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{output}: cannot write ({exc.strerror or exc})") from None


def problems(report: Report, fail_on: Sequence[str]) -> list[str]:
    """The --fail-on categories that this report triggers."""
    from .models import ROT
    from .render.summary import footnote_anomalies

    found = {
        "dead-links": any(c.status in ROT for c in report.links),
        "not-found": any(e.match and e.match.verdict == "not-found" for e in report.entries),
        "unverified": any(e.match and e.match.verdict != "verified" for e in report.entries),
        "missing-fields": any(e.missing for e in report.entries),
        "footnotes": footnote_anomalies(report) > 0,
        "parse-errors": any(e.error for e in report.entries),
        "bibliography": bool(report.bibliography.anomalies),
    }
    return [name for name in fail_on if found.get(name)]


def _fail_on(args: argparse.Namespace, settings: Settings) -> list[str]:
    raw = args.fail_on if args.fail_on is not None else ",".join(settings.fail_on or DEFAULT_FAIL_ON)
    names = [n.strip() for n in raw.split(",") if n.strip() and n.strip() != "none"]
    unknown = [n for n in names if n not in FAIL_ON]
    if unknown:
        raise CitecheckError(f"unknown --fail-on value {unknown[0]!r} (one of: {', '.join(FAIL_ON)})")
    return names


def cmd_report(args: argparse.Namespace) -> int:
    settings = _settings(args)
    fail_on = _fail_on(args, settings)
    from .pipeline import build_report
    from .render import render

    with _progress(settings) as progress:
        report = build_report(args.file, settings, progress)
    _write(render(report, args.format), args.output, args.file)
    return 1 if problems(report, fail_on) else 0


def cmd_export(args: argparse.Namespace) -> int:
    from .export import export

    overrides = {"no_links": not args.archive_urls, "no_resolve": not args.enrich}
    for name, value in overrides.items():
        setattr(args, name, value or getattr(args, name) or None)
    settings = _settings(args)
    with _progress(settings) as progress:
        text = export(args.file, settings, to=args.to, archive_urls=args.archive_urls,
                      enrich=args.enrich, apply_suggestions=args.apply_suggestions,
                      progress=progress)
    _write(text, args.output, args.file)
    return 0


def cmd_parse(args: argparse.Namespace) -> int:
    """Stream: one line in, one JSON object out, in memory bounded by the line limit."""
    from .ingest import decode_text
    from .parse import MAX_REFERENCE_CHARS, parse_reference

    max_chars = getattr(args, "max_reference_chars", None) or MAX_REFERENCE_CHARS
    # a line is read in pieces of at most this many bytes (UTF-8: up to 4 per character);
    # the rest of an over-long line is skipped piece by piece, never held
    piece = 4 * max_chars + 4

    def lines(fh, name: str):
        """(line number, text, characters beyond the limit) per line, as `wc -l` counts."""
        number = 0
        while True:
            chunk = fh.readline(piece)
            if not chunk:
                return
            number += 1
            newline = b"\n" if isinstance(chunk, bytes) else "\n"
            cut = len(chunk) == piece and not chunk.endswith(newline)
            chunk = chunk.removesuffix(newline)
            if isinstance(chunk, bytes):
                chunk = chunk.removesuffix(b"\r")
                if cut:  # the piece may end inside a UTF-8 character: leave that out
                    for k in range(4):
                        try:
                            chunk[: len(chunk) - k].decode("utf-8")
                        except UnicodeDecodeError:
                            continue
                        chunk = chunk[: len(chunk) - k]
                        break
                # decoded (and binary data refused) before the rest of the line is read
                text = decode_text(chunk, f"{name}, line {number}")[0] if chunk else ""
            else:
                text = chunk.removesuffix("\r")
            dropped = 0
            while cut:  # over-long: skip to the end of the line, piece by piece
                rest = fh.readline(piece)
                dropped += len(rest.removesuffix(newline))
                cut = bool(rest) and not rest.endswith(newline)
            yield number, text, dropped

    if args.file:
        try:
            fh = args.file.open("rb")
        except OSError as exc:
            raise InputError(f"{args.file}: cannot read ({exc.strerror or exc})") from None
        source = (fh, str(args.file))
    elif hasattr(sys.stdin, "buffer"):
        # bytes, decoded like a file: stdin in cp1252 or with stray bytes is not a crash
        source = (sys.stdin.buffer, "stdin")
    else:
        source = (sys.stdin, "stdin")
    try:
        for number, line, dropped in lines(*source):
            ref = parse_reference(line, max_chars=max_chars, line=number)
            out: dict[str, Any] = {"raw": line, "type": ref.type, "fields": ref.fields.bibtex()}
            if ref.error:
                out = {"raw": line, "type": None, "fields": {}, "error": ref.error}
            notice = ref.notice
            if dropped:  # the line was cut while reading: say how long it really was
                notice = (f"line {number}: reference string is over the limit of {max_chars:,} "
                          f"characters: only its first {min(len(line), max_chars):,} were parsed")
            if notice:
                out["raw"] = line[:max_chars]
                out["notice"] = notice
            sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    finally:
        if args.file:
            source[0].close()
    return 0


def cmd_fix(args: argparse.Namespace) -> int:
    from .fix import fix

    settings = _settings(args)
    with _progress(settings) as progress:
        return fix(args.file, args.output, settings, accept=args.accept,
                   interactive=args.interactive, changes=args.changes, progress=progress)


def cmd_schema(args: argparse.Namespace) -> int:
    sys.stdout.write(json.dumps(Report.model_json_schema(), indent=2) + "\n")
    return 0


COMMANDS = {"report": cmd_report, "export": cmd_export, "parse": cmd_parse,
            "fix": cmd_fix, "schema": cmd_schema}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help(sys.stderr)
        return 2
    try:
        return COMMANDS[args.command](args)
    except CitecheckError as exc:
        sys.stderr.write(f"citecheck: error: {exc}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("citecheck: interrupted\n")
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: still one line, with a way to see more
        if os.environ.get("CITECHECK_DEBUG"):
            raise
        sys.stderr.write(
            f"citecheck: internal error: {type(exc).__name__}: {exc} "
            "(set CITECHECK_DEBUG=1 for a traceback)\n"
        )
        return 3


GC_THRESHOLD = 10_000  # allocations between young-generation collections (Python's default: 700)


def tune_gc() -> None:
    """Collect garbage less often during a run (the ``citecheck`` program only).

    A report builds many objects that live to the end (word tokens, caches,
    the 320,000-word frequency list), and with the default threshold the
    collector walks them again and again, finding little garbage: about
    0.1 s of an offline report. Reference cycles are still collected, just
    in larger batches.
    """
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])


def run() -> NoReturn:
    """The ``citecheck`` program: :func:`main` on this process's command line, then exit.

    A run leaves large objects alive (the word list, the parser model,
    caches), and at interpreter shutdown the garbage collector walks them all
    again: about 0.15 s, as long as a whole stage. Freezing them first
    (``gc.freeze``) skips that walk; exit still flushes output and runs
    ``atexit`` handlers, and the memory goes back to the system as usual.
    """
    tune_gc()
    code = main()
    gc.freeze()
    raise SystemExit(code)


if __name__ == "__main__":
    run()
