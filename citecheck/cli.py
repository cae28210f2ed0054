"""Command line: parse arguments, call the pipeline, pick a renderer. No logic of its own.

Exit codes (like a link checker, so `citecheck report` can gate CI):
  0    nothing found that --fail-on counts
  1    problems found (which ones count: --fail-on)
  2    usage, configuration, input or output error: a bad flag or setting, an unreadable,
       corrupt or too large input, an output that cannot be written (a bad path, a full
       disk, a closed stdout or broken pipe). One line on stderr, never a traceback.
  3    internal error: a bug in citecheck, which a user should never see
  130  interrupted (Ctrl-C)
"""

from __future__ import annotations

import argparse
import errno
import gc
import json
import os
import signal
import sys
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any, NoReturn

from . import __version__
from .config import DEFAULT_FAIL_ON, FAIL_ON, RunOptions, Settings, load_config
from .errors import CitecheckError, InputError, OutputError
from .models import Document, Report, Result
from .render import FORMATS


# output file extension -> format, for report and export
REPORT_SUFFIXES = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown",
                   ".json": "json", ".txt": "text", ".text": "text"}
EXPORT_FORMATS = ("bibtex", "csl-json", "ris")
EXPORT_SUFFIXES = {".bib": "bibtex", ".bibtex": "bibtex", ".json": "csl-json", ".ris": "ris"}
OUTPUT_SUFFIXES = {"report": REPORT_SUFFIXES, "export": EXPORT_SUFFIXES}



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
    g.add_argument("--timeout", type=float, dest="read_timeout", help="read timeout of one request in seconds (default 20)")
    g.add_argument("--max-time", type=float, dest="max_time",
                   help="seconds for the network stages; what is left is 'unchecked'")
    g.add_argument("--archive", choices=("none", "broken", "all"),
                   help="archived copies looked up for: no link, links not ok (default), all")
    g.add_argument("-q", "--quiet", action="store_true", default=None, help="no progress and no notices on stderr")


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
    p.add_argument("file", type=Path, metavar="FILE", help="the document: .txt, .md, .pdf or .bib (- reads stdin)")
    p.add_argument("-f", "--format", choices=FORMATS,
                   help="output format (default: from the -o extension .html/.md/.json/.txt, "
                   "else text)")
    p.add_argument("-o", "--output", type=Path,
                   help="write the report here instead of stdout (- is stdout)")
    p.add_argument("--details", action="store_true",
                   help="list every repair with its line (the report summarises them by kind)")
    p.add_argument("--fail-on", help="comma-separated problems that make the exit code 1: "
                   + ", ".join(FAIL_ON) + f" (default {','.join(DEFAULT_FAIL_ON)}; 'none' never fails)")
    p.add_argument("--bib", type=Path, metavar="BIB",
                   help="the .bib the document's citation keys ([@key], @key) name: its entries "
                   "are the reference list, checked like any .bib's (Markdown or text FILE)")
    _network_options(p)

    p = sub.add_parser("export", help="write the bibliography as BibTeX, CSL-JSON or RIS",
                       description="Write FILE's bibliography as BibTeX (via pybtex), CSL-JSON or RIS.")
    p.add_argument("file", type=Path, metavar="FILE", help="the document: .txt, .md, .pdf or .bib (- reads stdin)")
    p.add_argument("-o", "--output", type=Path, help="output file (default, or -: stdout)")
    p.add_argument("-t", "--to", choices=EXPORT_FORMATS,
                   help="output format (default: from the -o extension .bib/.json/.ris, else bibtex)")
    p.add_argument("--archive-urls", action="store_true",
                   help="check links and add archived copies (archiveurl, archivedate and a "
                   "printed note; see README)")
    p.add_argument("--enrich", action="store_true",
                   help="resolve against catalogues and add identifiers and missing fields")
    p.add_argument("--apply-suggestions", action="store_true",
                   help="with --enrich: also replace the document's values by the catalogue's")
    p.add_argument("--ascii", action="store_true",
                   help="BibTeX: write the non-ASCII letters of what citecheck writes as LaTeX "
                   "escapes where one exists (default UTF-8; a .bib input's unchanged entries "
                   "stay as written); the characters with none are named on stderr")
    _network_options(p)

    p = sub.add_parser("parse", help="parse reference strings, one per line, to JSON lines",
                       description="Read reference strings (one per line) from stdin or --file and "
                       "print one JSON object per line: {raw, type, fields} or {raw, error}.")
    p.add_argument("--file", type=Path, help="read from this file instead of stdin")
    # `citecheck parse refs.txt`, like every other command's FILE; --file still works
    p.add_argument("file_arg", nargs="?", type=Path, metavar="FILE",
                   help="the same as --file (- or nothing: stdin)")

    p = sub.add_parser("fix", help="write a corrected bibliography",
                       description="Apply accepted suggestions and archived URLs; write the "
                       "corrected bibliography to OUT (the input is never modified).")
    p.add_argument("file", type=Path, metavar="FILE", help="the document: .txt, .md, .pdf or .bib (- reads stdin)")
    p.add_argument("-o", "--output", type=Path, required=True, help="where to write the result: .bib, or .txt/.md for a document's entries in their "
                   "own words with the .bib beside it")
    p.add_argument("--accept", choices=("verified", "probable", "all"), default="verified",
                   help="which suggestions to apply (default: only those from verified matches)")
    p.add_argument("--interactive", action="store_true", help="review each suggestion in the terminal")
    p.add_argument("--changes", type=Path, help="write the applied changes as JSON here (default OUT.changes.json)")
    p.add_argument("--ascii", action="store_true",
                   help="write the non-ASCII letters of what citecheck writes as LaTeX escapes "
                   "where one exists (default UTF-8; a .bib input's unchanged entries stay as "
                   "written); the characters with none are named on stderr")
    _network_options(p)

    p = sub.add_parser("batch", help="check a corpus of documents and write its aggregates",
                       description="Check every document named (a folder's .txt/.md/.pdf/.bib "
                       "files, a glob, @LIST of paths, or files), resumably: results are kept in "
                       "OUT/results/ and a rerun skips what is done. Writes OUT/documents.csv, "
                       "OUT/summary.json and OUT/overview.html.")
    p.add_argument("inputs", nargs="+", metavar="DIR|GLOB|@LIST|FILE",
                   help="documents: a folder, a glob, @LIST (a file of paths) or files")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="OUT",
                   help="folder for results and aggregates (created)")
    p.add_argument("-j", "--jobs", type=int, default=4, help="documents checked at once (default 4)")
    p.add_argument("--queue", metavar="URL",
                   help="PostgreSQL URL: submit the documents to the task queue for "
                   "`citecheck worker` processes and collect their results")
    _network_options(p)

    sub.add_parser("schema", help="print the JSON schema of the report",
                   description="Print the JSON schema of `report --format json`.")

    p = sub.add_parser("worker", help="run jobs from the task queue (the scaled-out service)",
                       description="Run checks handed out by the task queue in PostgreSQL "
                       "(procrastinate), sharing the response cache there and, with --redis, "
                       "every rate limit across all workers. Start as many as needed.")
    p.add_argument("--queue", required=True, metavar="URL",
                   help="PostgreSQL URL of the queue and job store (postgresql://HOST/DB)")
    p.add_argument("--redis", metavar="URL", help="Redis URL for limits shared by all workers")
    p.add_argument("--concurrency", type=int, default=4, help="jobs run at once (default 4)")
    p.add_argument("--lease", type=float, default=30.0, help=argparse.SUPPRESS)
    p.add_argument("--heartbeat", type=float, default=5.0, help=argparse.SUPPRESS)
    p.add_argument("--stalled-after", type=float, default=30.0, help=argparse.SUPPRESS)

    p = sub.add_parser("serve", help="run the verification service (HTTP API and editor page)",
                       description="Serve the JSON API and the editor page; jobs are kept in "
                       "SQLite under --data-dir and survive a restart (see README, Service).")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--workers", type=int, help="checks run at once (default 2; 0: API only)")
    p.add_argument("--data-dir", type=Path, help="where jobs are stored (default: user data dir)")
    p.add_argument("--queue", metavar="URL",
                   help="PostgreSQL URL: store jobs there and queue them for `citecheck worker` "
                   "processes instead of running them in this process")
    return parser


def _config(args: argparse.Namespace, **run: Any) -> tuple[Settings, RunOptions]:
    """Process Settings and this run's RunOptions from flags, environment and config file."""
    names = ("offline", "refresh", "cache_dir", "mailto", "host_concurrency", "rate_limits",
             "read_timeout", "max_time", "archive")
    overrides: dict[str, Any] = {n: getattr(args, n, None) for n in names}
    if overrides["offline"] and overrides["refresh"]:  # only the cache, and not the cache: nothing
        raise CitecheckError("--offline uses only cached answers and --refresh ignores them: "
                             "choose one")
    if getattr(args, "no_links", None):
        overrides["links"] = False
    if getattr(args, "no_resolve", None):
        overrides["resolve"] = False
    if getattr(args, "fail_on", None) is not None:
        names = [n.strip() for n in args.fail_on.split(",") if n.strip()]
        unknown = [n for n in names if n not in FAIL_ON and n != "none"]
        if unknown:
            raise CitecheckError(
                f"unknown --fail-on value {unknown[0]!r} (one of: {', '.join(FAIL_ON)})")
        overrides["fail_on"] = names
    overrides.update(run)
    return load_config(overrides)


def _quiet(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "quiet", None)) or not sys.stderr.isatty()


def _check(args: argparse.Namespace, settings: Settings, options: RunOptions,
           outputs: Sequence[Path | None] = ()) -> Result:
    """Read the document named on the command line and run every stage the options ask for.

    The output paths are checked after the input is read and before any stage
    runs, so a bad path is refused at once, not after the network checks.
    """
    from .ingest import read_document
    from .output import check_outputs
    from .pipeline import check_sync

    document = read_document(args.file, settings)
    if getattr(args, "bib", None) is not None:
        document = with_bib(document, args.bib, settings)
    if args.command == "fix":
        from .fix import check_fix_outputs

        check_fix_outputs(args.file, args.output, bib_input=document.kind == "bib",
                          changes=args.changes, interactive=args.interactive)
    else:
        check_outputs([p for p in outputs if p is not None], [args.file])
        refuse_foreign_suffix(args.command, args.output)
    with _progress(_quiet(args)) as progress:
        return check_sync(document, options, settings=settings, progress=progress)


def with_bib(document: Document, bib: Path, settings: Settings) -> Document:
    """*document* with the .bib its citation keys name (--bib), or a one-line refusal."""
    from .ingest import read_document

    if document.kind == "bib":
        raise InputError(f"{document.path} is a .bib itself: --bib gives the .bib of a Markdown "
                         "or text document (report a .bib alone without --bib)")
    if bib.suffix.lower() != ".bib":
        raise InputError(f"--bib {bib}: not a .bib file (BibTeX or biblatex, named *.bib)")
    if not bib.exists():
        raise InputError(f"--bib {bib}: no such file")
    try:
        companion = read_document(bib, settings)
    except InputError as exc:
        raise InputError(f"--bib: {exc}") from None
    if companion.kind != "bib":
        raise InputError(f"--bib {bib}: not a BibTeX file")
    return document.model_copy(update={"companion": companion})


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


def _progress(quiet: bool) -> AbstractContextManager[TerminalProgress | None]:
    return nullcontext() if quiet else TerminalProgress()


def _write(text: str | bytes, output: Path | None, source: Path) -> None:
    """The output to stdout, or atomically to *output* (checked before the run).

    Bytes (a .bib written back in its own encoding) go to stdout as they are.
    """
    if output is None:
        if isinstance(text, bytes):
            buffer = getattr(sys.stdout, "buffer", None)
            if buffer is None:  # a text-only stdout (a test's StringIO)
                text = text.decode("utf-8", errors="replace")
            else:
                sys.stdout.flush()
                try:
                    buffer.write(text)
                    buffer.flush()
                except BrokenPipeError:
                    raise
                except OSError as exc:
                    _stdout_gone()
                    raise OutputError(f"stdout: cannot write ({exc.strerror or exc})") from None
                return
        write_stdout(text)
        return
    from .output import check_outputs, write_atomic

    check_outputs([output], [source])  # again: the file system may have changed during the run
    write_atomic(output, text)


def write_stdout(text: str, *, flush: bool = True) -> None:
    """Write to stdout (and flush), so a closed pipe or a full device is seen here, not at exit."""
    if sys.stdout is None:  # started with stdout closed (`citecheck ... >&-`)
        raise OutputError("stdout: cannot write (stdout is closed)")
    try:
        sys.stdout.write(text)
        if flush:
            sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        _stdout_gone()
        raise OutputError(f"stdout: cannot write ({exc.strerror or exc})") from None


def problem_counts(report: Report) -> dict[str, int]:
    """How many of each --fail-on category this report holds.

    ``unverified`` counts references checked and not verified (not-found,
    ambiguous, probable): one that could not be checked (offline, a catalogue
    down) is ``unchecked``, never ``unverified``.
    """
    from .models import ROT
    from .render.summary import citation_problem_count, footnote_anomalies

    verdicts = [e.match.verdict for e in report.entries if e.match]
    return {
        "dead-links": sum(1 for c in report.links if c.status in ROT),
        "not-found": verdicts.count("not-found"),
        "unverified": sum(1 for v in verdicts if v in ("not-found", "ambiguous", "probable")),
        "missing-fields": sum(1 for e in report.entries if e.missing),
        "footnotes": footnote_anomalies(report),
        # in the text: no entry, out of range, another year; a work a note cites the list lacks
        "citations": citation_problem_count(report),
        "parse-errors": sum(1 for e in report.entries if e.error),
        "bibliography": len(report.bibliography.anomalies),
    }


def problems(report: Report, fail_on: Sequence[str]) -> list[str]:
    """The --fail-on categories that this report triggers."""
    counts = problem_counts(report)
    return [name for name in fail_on if counts.get(name)]


def output_format(output: Path | None, given: str | None, suffixes: dict[str, str],
                  default: str, flag: str) -> str:
    """The format named by the flag, else by the -o extension, else the default.

    A flag that contradicts a known extension (``-o r.html --format text``) is a
    usage error: a file whose name lies about its content helps nobody.
    """
    implied = suffixes.get(output.suffix.lower()) if output is not None else None
    if given and implied and given != implied:
        raise CitecheckError(f"{flag} {given} does not match the output file {output} "
                             f"(its extension means {implied}); change one of them")
    return given or implied or default


def refuse_foreign_suffix(command: str, output: Path | None) -> None:
    """Refuse an output whose extension names a kind of file *command* does not write.

    ``report paper.txt -o refs.bib`` would put a text report into (and over) a
    BibTeX file, ``export -o notes.md`` BibTeX into a Markdown file: a slip of
    the command, said before the run. An extension citecheck does not know
    (``-o report.log``) gets the default format.
    """
    from .output import refuse_other_kind

    suffixes = OUTPUT_SUFFIXES.get(command)
    if suffixes is not None:
        refuse_other_kind(output, suffixes, f"`citecheck {command}`", hint=(
            " (BibTeX, CSL-JSON and RIS: citecheck export)" if command == "report" else ""))


def _fired(report: Report, fail_on: Sequence[str]) -> str:
    """'dead-links (3), parse-errors (1)': the --fail-on categories that fired, with counts."""
    counts = problem_counts(report)
    return ", ".join(f"{name} ({counts[name]})" for name in fail_on if counts.get(name))


def _say_notices(result: Result, args: argparse.Namespace) -> None:
    """Notices on stderr, for commands whose output has no room for them (export, fix)."""
    if getattr(args, "quiet", None):
        return
    for notice in result.report.notices:
        sys.stderr.write(f"citecheck: {notice.text}\n")


def _exit_code(report: Report, options: RunOptions) -> int:
    fired = _fired(report, options.fail_on)
    if fired:
        sys.stderr.write(f"citecheck: exit 1: {fired} (--fail-on {','.join(options.fail_on)})\n")
        return 1
    return 0


def _dash(path: Path | None) -> bool:
    return path is not None and str(path) == "-"


def _stdout_for_dash(args: argparse.Namespace) -> None:
    """`-o -` is stdout (as FILE `-` is stdin), never a file named '-'."""
    if _dash(args.output):
        args.output = None


def cmd_report(args: argparse.Namespace) -> int:
    _stdout_for_dash(args)
    fmt = output_format(args.output, args.format, REPORT_SUFFIXES, "text", "--format")
    settings, options = _config(args)
    from .render import render

    result = _check(args, settings, options, [args.output])
    _write(render(result.report, fmt, details=args.details), args.output, args.file)  # type: ignore[arg-type]
    return _exit_code(result.report, options)


def cmd_export(args: argparse.Namespace) -> int:
    from .export import export

    _stdout_for_dash(args)
    # flags that cancel each other: said at once, not as "added nothing" after the run
    if args.archive_urls and args.no_links:
        raise CitecheckError("--archive-urls checks the links: it cannot work with --no-links")
    if args.enrich and args.no_resolve:
        raise CitecheckError("--enrich looks entries up: it cannot work with --no-resolve")
    if args.apply_suggestions and not args.enrich:
        raise CitecheckError("--apply-suggestions works with --enrich: add it")
    run = {"links": bool(args.archive_urls) and not args.no_links,
           "resolve": bool(args.enrich) and not args.no_resolve}
    if args.archive_urls:
        run["archive"] = "all"  # an archived copy for every cited link, not only broken ones
    to = output_format(args.output, args.to, EXPORT_SUFFIXES, "bibtex", "--to")
    if args.ascii and to != "bibtex":
        raise CitecheckError(f"--ascii writes LaTeX escapes, which only BibTeX reads: {to} is UTF-8")
    settings, options = _config(args, **run)
    result = _check(args, settings, options, [args.output])
    _say_notices(result, args)
    if args.archive_urls and not any(c.archive for c in result.report.links):
        checked = [c for c in result.report.links if c.status != "unchecked"]
        failed = sum(1 for c in result.report.links if c.archive_lookup == "failed")
        answered = sum(1 for c in result.report.links if c.archive_lookup == "no-copy")
        # "no archived copy" only where a look-up succeeded: a failed one is not checked
        why = ("no link could be checked (offline, or the network is unreachable)" if not checked
               else f"the archive look-up failed for {failed} link(s) (archive not checked)"
               + (f"; no archived copy was found for {answered}" if answered else "")
               if failed else "no archived copy was found for any cited link" if answered
               else "no archive look-up was made")
        sys.stderr.write(f"citecheck: --archive-urls added nothing: {why}\n")
    text = export(result, to=to, archive_urls=args.archive_urls, enrich=args.enrich,
                  apply_suggestions=args.apply_suggestions, ascii=args.ascii)
    data: str | bytes = text
    if to == "bibtex" and result.document.kind == "bib":
        from .bibtex import encode_bib

        # a .bib comes back in its own encoding (Latin-1 stays Latin-1)
        data, said = encode_bib(text, result.document.encoding, result.document.legacy_lines)
        if said:
            sys.stderr.write(f"citecheck: {said}\n")
    _write(data, args.output, args.file)
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

    if args.file and args.file_arg:
        raise InputError("parse takes one file: FILE or --file, not both")
    if args.file_arg and str(args.file_arg) != "-":
        args.file = args.file_arg
    from .config import load_settings
    from .ingest import open_input
    from .limits import LimitedReader

    # the same size limit and refusals as every other command: a missing file, a folder,
    # an unreadable file, and input past max_document_bytes (counted while streaming, so
    # /dev/zero or an endless pipe is refused in bounded memory, not read forever)
    name = str(args.file) if args.file else "stdin"
    fh = open_input(args.file)
    source = (LimitedReader(fh, name, load_settings().max_document_bytes), name)
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
            write_stdout(json.dumps(out, ensure_ascii=False) + "\n", flush=False)
    finally:
        if args.file:
            fh.close()
    return 0


def cmd_fix(args: argparse.Namespace) -> int:
    from .fix import fix

    for flag, path in (("-o", args.output), ("--changes", args.changes)):
        if _dash(path):
            raise CitecheckError(f"{flag} -: `citecheck fix` writes files (OUT, the .bib beside "
                                 "it, the changes list), not stdout; name a file "
                                 "(citecheck export writes a bibliography to stdout)")
    settings, options = _config(args)
    result = _check(args, settings, options)
    _say_notices(result, args)
    return fix(result, args.file, args.output, accept=args.accept, interactive=args.interactive,
               changes=args.changes, quiet=bool(args.quiet),  # what it writes: said unless -q
               ascii=args.ascii)


def cmd_batch(args: argparse.Namespace) -> int:
    import asyncio

    from .batch import expand_inputs, run_batch

    if args.jobs < 1:
        raise CitecheckError("--jobs must be at least 1")
    if _dash(args.output):
        raise CitecheckError("-o -: `citecheck batch` writes a folder, not stdout; name a folder")
    if args.output.exists() and not args.output.is_dir():
        raise InputError(f"{args.output}: exists and is not a folder")
    paths = expand_inputs(args.inputs)
    settings, options = _config(args)
    with _progress(_quiet(args)) as progress:
        tick = progress.stage("checking documents", len(paths)) if progress else None
        if args.queue:
            _scale_installed()
        outcome = asyncio.run(run_batch(paths, args.output, options, settings, jobs=args.jobs,
                                        tick=tick, queue=args.queue))
    if not args.quiet:
        sys.stderr.write(
            f"citecheck: {outcome.checked} checked, {outcome.skipped} already done, "
            f"{len(outcome.failed)} failed; wrote {args.output / 'documents.csv'}, "
            f"{args.output / 'summary.json'}, {args.output / 'overview.html'}\n")
        for path, error in outcome.failed.items():
            sys.stderr.write(f"citecheck: failed: {error}\n" if path in error
                             else f"citecheck: failed: {path}: {error}\n")
    return 1 if outcome.failed else 0


def cmd_schema(args: argparse.Namespace) -> int:
    sys.stdout.write(json.dumps(Report.model_json_schema(), indent=2) + "\n")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .service import config_from_env, serve

    if args.queue:
        _scale_installed()
    config = config_from_env(workers=args.workers, data_dir=args.data_dir, queue=args.queue)
    return serve(config, load_config()[0], host=args.host, port=args.port)


def _scale_installed() -> None:
    try:
        import procrastinate  # noqa: F401
        import psycopg  # noqa: F401
    except ImportError:
        raise CitecheckError("the scaled-out mode needs its extra packages: "
                             "pip install 'citecheck[scale]'") from None


def cmd_worker(args: argparse.Namespace) -> int:
    import asyncio

    _scale_installed()
    from .scale.worker import run
    from .service import config_from_env

    if args.concurrency < 1:
        raise CitecheckError("--concurrency must be at least 1")
    settings = load_config()[0]
    # the address policy of the service (CITECHECK_SERVE_ALLOW): workers fetch strangers' URLs
    allow = config_from_env().allow
    return asyncio.run(run(args.queue, settings, concurrency=args.concurrency,
                           redis_url=args.redis, lease=args.lease, heartbeat=args.heartbeat,
                           stalled_after=args.stalled_after, allow=allow))


COMMANDS = {"report": cmd_report, "export": cmd_export, "parse": cmd_parse,
            "fix": cmd_fix, "batch": cmd_batch, "schema": cmd_schema, "serve": cmd_serve,
            "worker": cmd_worker}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help(sys.stderr)
        return 2
    try:
        code = COMMANDS[args.command](args)
        if sys.stdout is not None:
            sys.stdout.flush()  # a full device or a closed pipe fails here, not at exit
        return code
    except CitecheckError as exc:
        _say(f"citecheck: error: {exc}")
        return 2
    except KeyboardInterrupt:
        _say("citecheck: interrupted")
        return 130
    except BrokenPipeError:
        _stdout_gone()
        _say("citecheck: error: stdout was closed before the output was written (broken pipe)")
        return 2
    except MemoryError:
        _say("citecheck: error: out of memory (lower the limits: see README \"Limits\")")
        return 2
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            _stdout_gone()
            _say(f"citecheck: error: cannot write: {exc.strerror or exc}")
            return 2
        return _internal(exc)
    except Exception as exc:  # a bug: still one line, with a way to see more
        return _internal(exc)


def _internal(exc: Exception) -> int:
    if os.environ.get("CITECHECK_DEBUG"):
        raise exc
    _say(f"citecheck: internal error: {type(exc).__name__}: {exc} "
         "(set CITECHECK_DEBUG=1 for a traceback)")
    return 3


def _say(line: str) -> None:
    """One line on stderr; a closed stderr is not a second failure."""
    try:
        sys.stderr.write(line.replace("\n", " ") + "\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass


def _stdout_gone() -> None:
    """After a broken pipe: point stdout at /dev/null so the flush at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


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


def _interrupted(signum: int, frame: object) -> None:
    """Ctrl-C in the program: one line, exit 130 at once.

    A stage running in a worker thread cannot be stopped, and waiting for it
    (as asyncio.run does when it shuts down) could take minutes. Outputs are
    written atomically, so leaving now leaves no partial file: the temporary
    files of writes in progress are removed first.
    """
    from .output import discard_temporaries

    discard_temporaries()
    _say("citecheck: interrupted")
    os._exit(130)


def run() -> NoReturn:
    """The ``citecheck`` program: :func:`main` on this process's command line, then exit.

    A run leaves large objects alive (the word list, the parser model,
    caches), and at interpreter shutdown the garbage collector walks them all
    again: about 0.15 s, as long as a whole stage. Freezing them first
    (``gc.freeze``) skips that walk; exit still flushes output and runs
    ``atexit`` handlers, and the memory goes back to the system as usual.
    """
    tune_gc()
    signal.signal(signal.SIGINT, _interrupted)
    try:
        code = main()
    except KeyboardInterrupt:  # Ctrl-C outside the command (while starting or finishing)
        _say("citecheck: interrupted")
        code = 130
    if code == 130:
        # a stage still running in a worker thread would hold the exit until it ends
        try:
            sys.stdout.flush()
        except (OSError, ValueError):
            pass
        os._exit(130)
    gc.freeze()
    raise SystemExit(code)


if __name__ == "__main__":
    run()
