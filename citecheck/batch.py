"""`citecheck batch`: check a corpus of documents, resumably, and write its aggregates.

Every document is checked with :func:`citecheck.pipeline.check` on one shared
HTTP layer (so politeness holds across the corpus), at most ``jobs`` at a
time. Each Result is stored as JSON under ``OUT/results/`` named by a digest
of the document's bytes and the run options, written atomically: an
interrupted batch, run again, skips what it already finished and checks the
rest. At the end ``OUT/documents.csv``, ``OUT/summary.json`` and
``OUT/overview.html`` are written from the stored Results
(:mod:`citecheck.corpus`).
"""

from __future__ import annotations

import asyncio
import csv
import glob
import hashlib
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .config import RunOptions, Settings
from .corpus import CorpusSummary, DocumentRow, summarise
from .errors import CitecheckError, InputError, OutputError
from .models import Result
from .output import write_all, write_atomic

SUFFIXES = {".txt", ".text", ".md", ".markdown", ".pdf", ".bib"}


def expand_inputs(items: Sequence[str]) -> list[Path]:
    """Documents named by DIR (every .txt/.md/.pdf/.bib under it), GLOB, @LIST or FILE.

    A LIST file holds one path per line (blank lines and ``#`` comments skipped),
    relative to the list's folder. Order is kept, duplicates dropped.
    """
    out: list[Path] = []
    for item in items:
        if item.startswith("@"):
            listing = Path(item[1:])
            try:
                lines = listing.read_text("utf-8").splitlines()
            except OSError as exc:
                raise InputError(f"{listing}: cannot read the list ({exc.strerror or exc})") from None
            listed = [listing.parent / ln.strip() for ln in lines
                      if ln.strip() and not ln.lstrip().startswith("#")]
            if listed and not any(p.is_file() for p in listed):
                # `batch @paper.txt`: a document, not a list of paths
                raise InputError(f"@{listing}: none of its {len(listed)} line(s) names a file; "
                                 "@LIST is a file of paths, one per line (a document is "
                                 f"named without '@': {listing})")
            out += listed
        elif any(c in item for c in "*?["):
            matches = sorted(glob.glob(item, recursive=True))
            if not matches:
                raise InputError(f"{item}: no file matches")
            out += [Path(m) for m in matches if Path(m).is_file()]
        elif Path(item).is_dir():
            out += sorted(p for p in Path(item).rglob("*")
                          if p.is_file() and p.suffix.lower() in SUFFIXES)
        elif Path(item).is_file():
            out.append(Path(item))
        else:
            raise InputError(f"{item}: no such file or directory")
    seen: set[Path] = set()
    unique = []
    for p in out:
        if p.resolve() not in seen:
            seen.add(p.resolve())
            unique.append(p)
    if not unique:
        raise InputError("no documents to check (.txt, .md, .pdf or .bib)")
    return unique


def digest(data: bytes, options: RunOptions) -> str:
    """The name a document's Result is stored under: its bytes and the options that shaped it."""
    h = hashlib.sha256(data)
    h.update(options.model_dump_json(exclude={"fail_on", "refresh"}).encode())
    return h.hexdigest()[:32]


@dataclass
class BatchOutcome:
    checked: int = 0
    skipped: int = 0
    failed: dict[str, str] = field(default_factory=dict)
    rows: list[DocumentRow] = field(default_factory=list)
    summary: CorpusSummary | None = None


async def run_batch(
    paths: Sequence[Path], out: Path, options: RunOptions, settings: Settings, *, jobs: int = 4,
    tick: Callable[[], None] | None = None, queue: str | None = None, poll: float = 0.5,
) -> BatchOutcome:
    """Check every document not already done, then write the aggregates under *out*.

    With *queue* (a PostgreSQL URL) the documents are submitted as jobs to the
    task queue and ``citecheck worker`` processes run them; this process waits
    for them and collects their Results. A rerun finds the jobs already done
    (each job is named by the document's digest) and submits none twice.
    """
    check_batch_output(out)
    results_dir = out / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    outcome = BatchOutcome()
    stored: dict[str, Path] = {}
    if queue:
        await _run_queued(paths, results_dir, options, settings, queue, outcome, stored, tick,
                          poll)
    else:
        await _run_here(paths, results_dir, options, settings, jobs, outcome, stored, tick)
    pairs = [(path, _load(stored[path])) for path in map(str, paths) if path in stored]
    rows, summary = summarise(pairs)
    summary.failed = len(outcome.failed)
    rows += [DocumentRow(path=p, status="failed", error=e) for p, e in outcome.failed.items()]
    outcome.rows, outcome.summary = rows, summary
    write_aggregates(out, rows, summary)
    return outcome


async def _run_here(
    paths: Sequence[Path], results_dir: Path, options: RunOptions, settings: Settings,
    jobs: int, outcome: BatchOutcome, stored: dict[str, Path],
    tick: Callable[[], None] | None,
) -> None:
    """Check the documents in this process, *jobs* at a time, on one shared HTTP layer."""
    from .ingest import document_from_bytes, read_input
    from .net import HttpLayer
    from .pipeline import check

    gate = asyncio.Semaphore(jobs)

    async def one(path: Path, http: HttpLayer) -> None:
        async with gate:
            try:  # the same size limit and refusals as every other command
                data = await asyncio.to_thread(read_input, path, settings)
            except CitecheckError as exc:
                outcome.failed[str(path)] = str(exc)
                return
            target = results_dir / f"{digest(data, options)}.json"
            stored[str(path)] = target
            if target.exists():
                outcome.skipped += 1
            else:
                try:
                    result = await check(document_from_bytes(data, str(path), settings), options,
                                         http=http)
                except CitecheckError as exc:  # this document, not the batch
                    outcome.failed[str(path)] = str(exc)
                    stored.pop(str(path))
                else:
                    await asyncio.to_thread(write_atomic, target, result.model_dump_json())
                    outcome.checked += 1
            if tick:
                tick()

    async with HttpLayer(settings) as http:
        await asyncio.gather(*(one(p, http) for p in paths))


async def _run_queued(
    paths: Sequence[Path], results_dir: Path, options: RunOptions, settings: Settings, queue: str,
    outcome: BatchOutcome, stored: dict[str, Path], tick: Callable[[], None] | None,
    poll: float,
) -> None:
    """Submit the documents to the task queue and collect the workers' Results."""
    from .ingest import read_input
    from .scale.db import upgrade
    from .scale.pgstore import PostgresJobStore
    from .scale.queue import enqueue, make_app
    from .service.store import NewJob

    await asyncio.to_thread(upgrade, queue)
    store = await PostgresJobStore(queue).open()
    app = make_app(queue)
    waiting: dict[str, tuple[str, Path]] = {}  # job id -> (path, where its Result goes)
    try:
        async with app.open_async():
            for path in paths:
                try:  # the same limits and refusals as every other input path
                    data = await asyncio.to_thread(read_input, path, settings)
                except CitecheckError as exc:
                    outcome.failed[str(path)] = str(exc)
                    continue
                name = digest(data, options)
                target = results_dir / f"{name}.json"
                if target.exists():
                    stored[str(path)] = target
                    outcome.skipped += 1
                    if tick:
                        tick()
                    continue
                record, created = await store.create(NewJob(
                    id=f"batch-{name}", owner="batch", name=str(path), data=data,
                    options=options.model_dump(mode="json"), idempotency_key=name,
                    fingerprint=name))
                if created or record.state in ("queued", "running"):
                    await enqueue(app, record.id)
                waiting[record.id] = (str(path), target)
        while waiting:
            for job_id, (path, target) in list(waiting.items()):
                record = await store.get(job_id)
                if record is None:
                    outcome.failed[path] = "the job was deleted before it finished"
                elif record.state == "done":
                    await asyncio.to_thread(write_atomic, target,
                                            await store.get_result(job_id) or "")
                    stored[path] = target
                    outcome.checked += 1
                elif record.state == "failed":
                    outcome.failed[path] = (record.error or {}).get("detail", "failed")
                else:
                    continue
                del waiting[job_id]
                if tick:
                    tick()
            if waiting:
                await asyncio.sleep(poll)
    finally:
        await store.close()


def _load(path: Path) -> Result:
    return Result.model_validate_json(path.read_text("utf-8"))


def rows_csv(rows: Sequence[DocumentRow]) -> str:
    buf = io.StringIO()
    names = list(DocumentRow.model_fields)
    writer = csv.DictWriter(buf, fieldnames=names, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row.model_dump())
    return buf.getvalue()


AGGREGATES = ("documents.csv", "summary.json", "overview.html")


def _ours(target: Path) -> bool:
    """Is *target* (one of AGGREGATES) a file an earlier batch wrote? Judged by its content."""
    try:
        if target.stat().st_size > 256 * 1024 * 1024:
            return False
        if target.name == "documents.csv":
            with target.open(encoding="utf-8") as fh:
                return fh.readline().rstrip("\r\n") == ",".join(DocumentRow.model_fields)
        if target.name == "summary.json":
            data = json.loads(target.read_text("utf-8"))
            return isinstance(data, dict) and set(data) == {"summary", "documents"}
        from .render.corpus import OVERVIEW_TITLE

        with target.open(encoding="utf-8") as fh:
            return OVERVIEW_TITLE in fh.read(4096)
    except (OSError, UnicodeDecodeError, ValueError):
        return False


def check_batch_output(out: Path) -> None:
    """Refuse, before any document is read, an OUT folder whose aggregates are someone else's.

    ``batch -o audit/`` writes ``documents.csv``, ``summary.json`` and
    ``overview.html`` there (and ``results/``): a file of those names that an
    earlier batch did not write (told by its content) is the user's own and is
    not replaced; one an earlier batch wrote is, so a batch can be run again.
    """
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: exists and is not a folder")
    results = out / "results"
    if results.exists() and not results.is_dir():
        raise OutputError(f"{results}: exists and is not a folder; `citecheck batch -o {out}` "
                          "keeps its results there: choose another -o")
    for name in AGGREGATES:
        target = out / name
        if target.exists() and (not target.is_file() or not _ours(target)):
            raise OutputError(f"{target}: exists, and is not a file an earlier `citecheck batch` "
                              f"wrote; `batch -o {out}` would replace it; move it away or choose "
                              "another -o")


def write_aggregates(out: Path, rows: Sequence[DocumentRow], summary: CorpusSummary) -> None:
    from .render.corpus import render_overview

    check_batch_output(out)  # again: the folder may have changed during the run
    write_all({
        out / "documents.csv": rows_csv(rows),
        out / "summary.json": json.dumps(
            {"summary": summary.model_dump(), "documents": [r.model_dump() for r in rows]},
            indent=2, ensure_ascii=False) + "\n",
        out / "overview.html": render_overview(rows, summary),
    })
