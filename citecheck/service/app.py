"""The service's HTTP API and editor page (FastAPI): submit, follow, fetch results, fix, list, delete.

Routes (all JSON unless said; errors are RFC 9457 ``application/problem+json``):

    POST   /v1/checks                 JSON: text | bibtex | references, options -> 202 JobStatus
    POST   /v1/checks/upload          multipart: file (.txt .md .pdf .bib), options -> 202
    GET    /v1/checks                 list, newest first, paginated (?limit=&cursor=)
    GET    /v1/checks/{id}            status, stage, progress per stage, notices
    GET    /v1/checks/{id}/events     the same as server-sent events, until the job ends
    GET    /v1/checks/{id}/report     ?format=json|html|markdown|text
    GET    /v1/checks/{id}/export     ?to=bibtex|csl-json|ris
    GET    /v1/checks/{id}/changes    proposed changes, each with an id
    POST   /v1/checks/{id}/fix        the corrected .bib with the accepted changes
    DELETE /v1/checks/{id}
    POST   /v1/parse                  reference strings -> parsed references (synchronous)
    GET    /healthz /readyz /metrics  /  (the editor page)  /assets/{name}

Everything a client sends is bounded (body size, rate per client); with
bearer tokens configured every /v1 route needs one and a token sees only its
own jobs; job ids are 128-bit random. Every HTML page carries a strict
Content-Security-Policy; the report is rendered by ``render.html``, which
escapes every document-derived string.
"""



import asyncio
import base64
import contextlib
import functools
import hashlib
import hmac
import json
import logging
import secrets
import time
from collections import OrderedDict
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, File, Form, Header, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response, StreamingResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..config import RunOptions, Settings
from ..corrections import Change, apply_changes, document_style, result_changes
from ..errors import CitecheckError
from ..ingest import document_from_bytes
from ..models import Reference, Result
from ..render import assets as report_assets
from .jobs import JobRunner
from . import plain
from .metrics import Metrics
from .names import part_filename, safe_name
from .schemas import (
    CheckRequest, FixRequest, FixResponse, Health, JobLinks, JobPage, JobStatus, ParseRequest,
    Problem, ProposedChange,
)
from .store import FINISHED, JobRecord, JobStore, NewJob, StoreUnavailable

log = logging.getLogger("citecheck.service")

UPLOAD_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".pdf", ".bib"}
PAGE_ASSETS = {"page.js": "text/javascript", "page.css": "text/css"}
REPORT_ASSETS = {"report.css": "text/css", "report.js": "text/javascript"}


@dataclass
class ServiceConfig:
    """What the operator sets for the service (the check's own settings stay in Settings)."""

    data_dir: Path
    workers: int = 2
    tokens: list[str] = field(default_factory=list)
    allow: list[str] = field(default_factory=list)  # address policy allow-list (ssrf.py)
    guard: bool = True  # refuse non-public addresses; off only for a trusted library use
    lease: float = 30.0
    max_attempts: int = 3
    job_timeout: float = 1800.0
    retention: float = 7 * 86400.0
    drain_seconds: float = 20.0
    max_upload_bytes: int = 20 * 1024 * 1024
    max_body_bytes: int = 6 * 1024 * 1024
    body_timeout: float = 30.0  # seconds a request body may stop arriving before 408
    submits_per_minute: float = 60.0
    requests_per_minute: float = 1200.0
    poll: float = 1.0
    switch_interval: float = 0.001  # seconds (sys.setswitchinterval), see serve()
    # scaled out: jobs in PostgreSQL, run by `citecheck worker` processes (citecheck.scale)
    queue: str | None = None
    worker_stale: float = 30.0  # with a queue: no worker heartbeat for this long -> 'waiting'


class ServiceError(Exception):
    """An error the client is told about as problem details."""

    def __init__(self, status: int, title: str, detail: str | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(detail or title)
        self.status, self.title, self.detail, self.headers = status, title, detail, headers or {}


def problem_response(status: int, title: str, detail: str | None = None,
                     headers: dict[str, str] | None = None, **extra: Any) -> JSONResponse:
    body = Problem(title=title, status=status, detail=detail, **extra).model_dump(exclude_none=True)
    return JSONResponse(body, status_code=status, headers=headers,
                        media_type="application/problem+json")


# --------------------------------------------------------------------------- rate limits


class RateLimits:
    """Token buckets per (client, kind): a burst of a minute's allowance, refilled steadily."""

    def __init__(self) -> None:
        self.buckets: dict[tuple[str, str], tuple[float, float]] = {}

    def take(self, client: str, kind: str, per_minute: float) -> float:
        """0 if allowed now, else the seconds to wait."""
        now = time.monotonic()
        capacity = max(1.0, per_minute)
        tokens, last = self.buckets.get((client, kind), (capacity, now))
        tokens = min(capacity, tokens + (now - last) * per_minute / 60.0)
        if tokens >= 1:
            self.buckets[(client, kind)] = (tokens - 1, now)
            if len(self.buckets) > 100_000:  # forget idle clients
                self.buckets.clear()
            return 0.0
        self.buckets[(client, kind)] = (tokens, now)
        return (1 - tokens) * 60.0 / per_minute


# --------------------------------------------------------------------------- body size limit


class BodyTooLarge(Exception):
    pass


class BodyTimeout(Exception):
    pass


class BodyLimit:
    """ASGI middleware: a request body larger than the route's limit gets 413, unread; one
    that stops arriving for ``body_timeout`` seconds (a client stalled or trickling on
    purpose) gets 408, so it cannot hold a connection and a worker's memory for ever.
    The page's form (``/submit``) gets these as a page, as its other errors."""

    def __init__(self, app: Any, config: ServiceConfig) -> None:
        self.app, self.config = app, config

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "DELETE", "OPTIONS"):
            return await self.app(scope, receive, send)
        form = scope["path"] == "/submit"
        limit = (self.config.max_upload_bytes if scope["path"].endswith("/upload")
                 or form else self.config.max_body_bytes)
        too_large = (413, "Request too large", f"the body is limited to {_size(limit)}")
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > limit:
                return await _send_refusal(send, *too_large, html=form)
        seen = 0
        started = finished = False
        failed: tuple[int, str, str] | None = None

        async def limited() -> dict:
            nonlocal seen, failed, finished
            if finished:  # the body is in: what follows is a wait for the client to leave
                return await receive()
            try:
                async with asyncio.timeout(self.config.body_timeout):
                    message = await receive()
            except TimeoutError:
                failed = (408, "Request timeout", "the request body stopped arriving for "
                          f"{self.config.body_timeout:g} s")
                raise BodyTimeout from None
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                finished = not message.get("more_body", False)
                if seen > limit:
                    failed = too_large
                    raise BodyTooLarge
            return message

        async def watch(message: dict) -> None:
            nonlocal started
            if failed is not None:
                # the framework caught BodyTooLarge/BodyTimeout while reading the body (a body
                # sent without a Content-Length, chunked; or one that stalled) and answers
                # 400: the answer is 413/408
                if message["type"] == "http.response.start" and not started:
                    started = True
                    await _send_refusal(send, *failed, html=form)
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited, watch)
        except (BodyTooLarge, BodyTimeout):
            if not started and failed is not None:
                await _send_refusal(send, *failed, html=form)


def _size(n: int) -> str:
    """A byte count as people read it: '20 MB' for a round number of megabytes, else bytes."""
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if n >= factor and n % factor == 0:
            return f"{n // factor} {unit} ({n} bytes)"
    return f"{n} bytes"


class HeadAsGet:
    """ASGI middleware: HEAD is answered as GET without its body (RFC 9110: every GET
    resource answers HEAD), so a monitor or a link checker can probe a page or a check."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            return await self.app(scope, receive, send)
        ended = False

        async def headers_only(message: dict) -> None:
            nonlocal ended
            if message["type"] == "http.response.body":
                if ended:
                    return
                ended = True
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


class Headers:
    """ASGI middleware: security headers and a CSP on every answer; API requests counted.

    Pure ASGI (not Starlette's BaseHTTPMiddleware, which costs a task and a
    stream copy per request: measured in bench/serve_bench.py).
    """

    def __init__(self, app: Any, metrics: Metrics) -> None:
        self.app, self.metrics = app, metrics

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        status = 500

        async def with_headers(message: dict) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                for name, value in SECURITY_HEADERS.items():
                    if name.encode() not in names:
                        headers.append((name.encode(), value.encode()))
                if b"content-security-policy" not in names:
                    html = any(n.lower() == b"content-type" and v.startswith(b"text/html")
                               for n, v in headers)
                    csp = page_csp() if html else "default-src 'none'; frame-ancestors 'none'"
                    headers.append((b"content-security-policy", csp.encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, with_headers)
        finally:
            route = scope.get("route")
            self.metrics.api.labels(scope["method"], getattr(route, "path", "unmatched"),
                                    str(status)).inc()


async def _send_refusal(send: Any, status: int, title: str, detail: str, *,
                        html: bool = False) -> None:
    """Answer at once, before the app read the request (problem details, or for the page's
    form a page with the one line), and close the connection."""
    if html:
        body, media = plain.error_page(title, detail).encode(), b"text/html; charset=utf-8"
    else:
        body = json.dumps({"type": "about:blank", "title": title, "status": status,
                           "detail": detail}).encode()
        media = b"application/problem+json"
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", media),
                            (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


# --------------------------------------------------------------------------- CSP


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


@functools.cache
def page_csp() -> str:
    """The editor page's policy: its own files, and the report's inline blocks (in an iframe)."""
    css = _sha256(report_assets.text(report_assets.REPORT_CSS))
    js = _sha256(report_assets.text(report_assets.REPORT_JS))
    return (f"default-src 'none'; script-src 'self' '{js}'; style-src 'self' '{css}'; "
            "connect-src 'self'; img-src data:; frame-src 'self'; base-uri 'none'; "
            "form-action 'self'; frame-ancestors 'none'")


def report_csp() -> str:
    from ..render.html import CSP

    return CSP + "; frame-ancestors 'self'"


SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cross-origin-resource-policy": "same-origin",
}


# --------------------------------------------------------------------------- the app


def create_app(
    config: ServiceConfig, settings: Settings, *, store: JobStore | None = None,
    http: Any = None,
) -> FastAPI:
    """The ASGI app. Builds the store, the shared HTTP layer and the worker pool at startup."""
    from .store import SQLiteJobStore

    metrics = Metrics()
    limits = RateLimits()
    results: OrderedDict[str, Result] = OrderedDict()
    state: dict[str, Any] = {"draining": False}

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if config.queue:  # jobs go to the task queue; workers elsewhere run them
            from ..scale.queue import QueueDispatcher

            runner: Any = await QueueDispatcher.open(config.queue, metrics,
                                                     retention=config.retention,
                                                     worker_stale=config.worker_stale)
            job_store, layer = store or runner.store, http
        else:
            job_store = store or SQLiteJobStore(config.data_dir / "jobs.sqlite3")
            layer = http or build_http_layer(settings, config, metrics)
            if http is None and config.guard:
                await verify_guard(layer, config)
            runner = JobRunner(job_store, layer, settings, workers=config.workers,
                               lease=config.lease, max_attempts=config.max_attempts,
                               job_timeout=config.job_timeout, retention=config.retention,
                               poll=config.poll, metrics=metrics)
        state.update(store=job_store, runner=runner, http=layer)
        runner.start()
        try:
            yield
        finally:
            state["draining"] = True
            await runner.drain(config.drain_seconds)
            if http is None and layer is not None:
                await layer.aclose()
            if store is None:
                await job_store.close()

    app = FastAPI(
        title="citecheck",
        summary="Bibliography and citation verification as a service",
        version=_version(),
        lifespan=lifespan,
        openapi_url="/openapi.json",
        docs_url=None, redoc_url=None,  # the docs UIs load scripts from a CDN
    )
    app.state.service = state
    app.state.metrics = metrics
    app.state.config = config

    def begin_drain() -> None:
        state["draining"] = True
    app.state.begin_drain = begin_drain

    # -- errors: problem details, never a traceback or a server path

    @app.exception_handler(ServiceError)
    async def _service_error(request: Request, exc: ServiceError) -> JSONResponse:
        return problem_response(exc.status, exc.title, exc.detail, exc.headers)

    @app.exception_handler(StoreUnavailable)
    async def _store_down(request: Request, exc: StoreUnavailable) -> JSONResponse:
        # the database is down or restarting: nothing was lost, the client should retry
        log.warning("%s %s: %s", request.method, request.url.path, exc)
        return problem_response(503, "Service unavailable", "the job store cannot be reached "
                                "just now; retry shortly", {"retry-after": "5"})

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        titles = {404: "Not found", 405: "Method not allowed"}
        return problem_response(exc.status_code, titles.get(exc.status_code, "Error"),
                                exc.detail if isinstance(exc.detail, str) else None,
                                dict(exc.headers or {}))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"where": ".".join(str(p) for p in e.get("loc", ())), "why": str(e.get("msg"))}
                  for e in exc.errors()[:20]]
        for error in errors:  # a form without a file (or an empty one): say so, not the type
            if error["where"] == "body.file":
                error["why"] = "choose a file to upload (.txt, .md, .pdf or .bib)"
        return problem_response(422, "Invalid request", errors[0]["why"] if errors else None,
                                errors=errors)

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return problem_response(500, "Internal error", "the operator's log has the details")

    # -- middleware: headers, CSP, metrics

    app.add_middleware(HeadAsGet)
    app.add_middleware(BodyLimit, config=config)
    app.add_middleware(Headers, metrics=metrics)

    # -- who is asking

    def client_of(request: Request, authorization: str | None) -> str:
        """The owner id of the request: a token's hash, or '' without tokens."""
        if not config.tokens:
            return ""
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() == "bearer" and token:
            for known in config.tokens:
                if hmac.compare_digest(token.encode(), known.encode()):
                    return hashlib.sha256(known.encode()).hexdigest()[:32]
        raise ServiceError(401, "Unauthorized", "a valid bearer token is required",
                           {"www-authenticate": 'Bearer realm="citecheck"'})

    def limit(request: Request, who: str, kind: str, per_minute: float) -> None:
        key = who or (request.client.host if request.client else "?")
        wait = limits.take(key, kind, per_minute)
        if wait:
            raise ServiceError(429, "Too many requests", f"retry in {wait:.0f} s",
                               {"retry-after": str(max(1, round(wait)))})

    async def owner(request: Request,
                    authorization: Annotated[str | None, Header()] = None) -> str:
        who = client_of(request, authorization)
        limit(request, who, "request", config.requests_per_minute)
        return who

    Owner = Annotated[str, Depends(owner)]

    async def job_of(job_id: str, who: str) -> JobRecord:
        record = await state["store"].get(job_id) if len(job_id) <= 64 else None
        if record is None or (config.tokens and record.owner != who):
            raise ServiceError(404, "Not found", "no such check (it may have expired)")
        return record

    async def result_of(record: JobRecord) -> Result:
        if record.state == "failed":  # finished, without a result: say why, not "not finished"
            why = (record.error or {}).get("detail")
            raise ServiceError(409, "Check failed", "the check failed, so it has no result"
                               + (f": {why}" if why else ""))
        if record.state != "done":
            raise ServiceError(409, "Not finished", f"the check is still {record.state}")
        cached = results.get(record.id)
        if cached is not None:
            results.move_to_end(record.id)
            return cached
        text = await state["store"].get_result(record.id)
        if text is None:
            raise ServiceError(404, "Not found", "no such check (it may have expired)")
        result = await asyncio.to_thread(Result.model_validate_json, text)
        results[record.id] = result
        while len(results) > 32:
            results.popitem(last=False)
        return result

    def status_of(record: JobRecord, missing: str | None = None) -> JobStatus:
        """The API's view of *record*; *missing*: why no worker can start it (queued only)."""
        base = f"/v1/checks/{record.id}"
        stamp = (lambda t: datetime.fromtimestamp(t, timezone.utc) if t else None)
        return JobStatus(
            id=record.id, state=record.state, name=record.name,
            created_at=stamp(record.created_at), started_at=stamp(record.started_at),
            finished_at=stamp(record.finished_at), attempts=record.attempts,
            stage=record.progress.get("stage"), stages=record.progress.get("stages", []),
            notices=record.progress.get("notices", []),
            error=Problem(**record.error) if record.error else None,
            waiting=(f"waiting for a worker: {missing}; the check starts when one runs"
                     if missing and record.state == "queued" else None),
            links=JobLinks(status=base, events=f"{base}/events", report=f"{base}/report",
                           export=f"{base}/export", changes=f"{base}/changes", fix=f"{base}/fix"),
        )

    async def described(record: JobRecord) -> JobStatus:
        """status_of, saying why a queued check waits when no worker is there to run it."""
        missing = await state["runner"].workers_missing() if record.state == "queued" else None
        return status_of(record, missing)

    async def submit(request: Request, who: str, name: str, data: bytes, options: RunOptions,
                     idempotency_key: str | None) -> JSONResponse:
        record, created = await accept(request, who, name, data, options, idempotency_key)
        url = f"/v1/checks/{record.id}"
        return JSONResponse((await described(record)).model_dump(mode="json"),
                            status_code=202 if created else 200,
                            headers={"location": url})

    async def accept(request: Request, who: str, name: str, data: bytes, options: RunOptions,
                     idempotency_key: str | None) -> tuple[JobRecord, bool]:
        if state["draining"]:
            raise ServiceError(503, "Shutting down", "the service is stopping; retry shortly",
                               {"retry-after": "5"})
        limit(request, who, "submit", config.submits_per_minute)
        name = safe_name(name)
        try:  # refuse an unreadable input now, not as a failed job later
            await asyncio.to_thread(document_from_bytes, data, name, settings)
        except CitecheckError as exc:
            raise ServiceError(422, "Unreadable document", str(exc)) from None
        fingerprint = hashlib.sha256(
            name.encode() + b"\0" + data + b"\0" + options.model_dump_json().encode()).hexdigest()
        new = NewJob(id=secrets.token_urlsafe(16), owner=who, name=name, data=data,
                     options=options.model_dump(mode="json"), idempotency_key=idempotency_key,
                     fingerprint=fingerprint)
        record, created = await state["store"].create(new)
        if not created and record.fingerprint != fingerprint:
            raise ServiceError(422, "Idempotency-Key reused",
                               "this Idempotency-Key was used for a different request")
        if created:
            await state["runner"].submitted(record.id)
        return record, created

    problems = {s: {"model": Problem, "content": {"application/problem+json": {}}}
                for s in (400, 401, 404, 409, 413, 415, 422, 429, 503)}

    IdemKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=200,
                                           pattern=r"^[\x21-\x7e]+$")]

    # -- submit

    @app.post("/v1/checks", status_code=202, response_model=JobStatus, tags=["checks"],
              responses={200: {"model": JobStatus, "description": "a retry: the same job"},
                         **problems})
    async def create_check(request: Request, body: CheckRequest, who: Owner,
                           idempotency_key: IdemKey = None) -> JSONResponse:
        """Submit a check as JSON: a text, a .bib's text, or a list of reference strings."""
        if body.references is not None:
            name = body.name or "references.txt"
            data = ("References\n\n" + "\n\n".join(" ".join(r.split()) for r in body.references)
                    + "\n").encode("utf-8")
        elif body.bibtex is not None:
            name = body.name or "references.bib"
            if not name.lower().endswith(".bib"):
                name += ".bib"
            data = body.bibtex.encode("utf-8")
        else:
            name = body.name or "document.txt"
            if name.lower().endswith((".pdf", ".bib")):
                name += ".txt"
            data = (body.text or "").encode("utf-8")
        return await submit(request, who, name, data, body.options, idempotency_key)

    @app.post("/v1/checks/upload", status_code=202, response_model=JobStatus, tags=["checks"],
              responses={200: {"model": JobStatus, "description": "a retry: the same job"},
                         **problems})
    async def upload_check(
        request: Request, who: Owner, file: Annotated[UploadFile, File(description=
            "the document: .txt, .md, .pdf or .bib")],
        options: Annotated[str | None, Form(description="RunOptions as JSON")] = None,
        idempotency_key: IdemKey = None,
    ) -> JSONResponse:
        """Submit a check as a file upload (multipart/form-data)."""
        name = safe_name(part_filename(file.headers.get("content-disposition"), file.filename))
        suffix = Path(name).suffix.lower()
        if suffix not in UPLOAD_SUFFIXES:
            raise ServiceError(415, "Unsupported file type",
                               "send .txt, .md, .pdf or .bib (" + (f"not {suffix}" if suffix
                               else "the file name has no suffix") + ")")
        try:
            run = RunOptions.model_validate_json(options) if options else RunOptions()
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"]) or "options"
            raise ServiceError(422, "Invalid options", f"{where}: {err['msg']}") from None
        data = await file.read()
        return await submit(request, who, name, data, run, idempotency_key)

    # -- follow

    @app.get("/v1/checks", response_model=JobPage, tags=["checks"], responses=problems)
    async def list_checks(who: Owner, limit_: Annotated[int, Query(alias="limit", ge=1, le=200)] = 50,
                          cursor: Annotated[str | None, Query(max_length=20)] = None) -> JobPage:
        """Checks, newest first (each token sees its own)."""
        records, nxt = await state["store"].list(who if config.tokens else None,
                                                 limit=limit_, cursor=cursor)
        missing = (await state["runner"].workers_missing()
                   if any(r.state == "queued" for r in records) else None)
        return JobPage(items=[status_of(r, missing) for r in records], next=nxt)

    @app.get("/v1/checks/{job_id}", response_model=JobStatus, tags=["checks"], responses=problems)
    async def get_check(job_id: str, who: Owner) -> JobStatus:
        """The check's state, stage, progress per stage and notices."""
        return await described(await job_of(job_id, who))

    @app.get("/v1/checks/{job_id}/events", tags=["checks"], responses={
        200: {"content": {"text/event-stream": {}},
              "description": "`status` events (JobStatus JSON) until an `end` event"},
        **problems})
    async def check_events(job_id: str, who: Owner) -> StreamingResponse:
        """Server-sent events: the status whenever it changes, then ``end``."""
        await job_of(job_id, who)

        async def stream() -> AsyncIterator[bytes]:
            last, quiet = "", 0.0
            while True:
                record = await state["store"].get(job_id)
                if record is None:
                    yield b"event: end\ndata: {\"state\": \"deleted\"}\n\n"
                    return
                text = (await described(record)).model_dump_json()
                if text != last:
                    last, quiet = text, 0.0
                    yield f"event: status\ndata: {text}\n\n".encode()
                if record.state in FINISHED:
                    yield f"event: end\ndata: {json.dumps({'state': record.state})}\n\n".encode()
                    return
                if state["draining"]:
                    yield b"event: end\ndata: {\"state\": \"server-stopping\"}\n\n"
                    return
                await asyncio.sleep(0.3)
                quiet += 0.3
                if quiet > 15:
                    quiet = 0.0
                    yield b": keep-alive\n\n"

        return StreamingResponse(stream(), media_type="text/event-stream",
                                 headers={"cache-control": "no-store"})

    # -- results

    @app.get("/v1/checks/{job_id}/report", tags=["results"], responses={
        200: {"content": {"application/json": {}, "text/html": {}, "text/markdown": {},
                          "text/plain": {}}, "description": "the report"}, **problems})
    async def get_report(job_id: str, who: Owner,
                         format: Literal["json", "html", "markdown", "text"] = "json") -> Response:
        """The report as JSON (the `citecheck schema` model), HTML, Markdown or text."""
        from ..render import render

        result = await result_of(await job_of(job_id, who))
        body = await asyncio.to_thread(render, result.report, format)
        media = {"json": "application/json", "html": "text/html; charset=utf-8",
                 "markdown": "text/markdown; charset=utf-8",
                 "text": "text/plain; charset=utf-8"}[format]
        headers = {"content-security-policy": report_csp()} if format == "html" else {}
        return Response(body, media_type=media, headers=headers)

    @app.get("/v1/checks/{job_id}/export", tags=["results"], responses={
        200: {"content": {"application/x-bibtex": {}, "application/vnd.citationstyles.csl+json": {},
                          "application/x-research-info-systems": {}},
              "description": "the bibliography"}, **problems})
    async def get_export(job_id: str, who: Owner,
                         to: Literal["bibtex", "csl-json", "ris"] = "bibtex",
                         archive_urls: bool = False, enrich: bool = False) -> Response:
        """The bibliography as BibTeX, CSL-JSON or RIS (with archived copies, catalogue data)."""
        from ..export import export

        result = await result_of(await job_of(job_id, who))
        body = await asyncio.to_thread(export, result, to=to, archive_urls=archive_urls,
                                       enrich=enrich)
        media = {"bibtex": "application/x-bibtex; charset=utf-8",
                 "csl-json": "application/vnd.citationstyles.csl+json",
                 "ris": "application/x-research-info-systems; charset=utf-8"}[to]
        return Response(body, media_type=media)

    @app.get("/v1/checks/{job_id}/changes", response_model=list[ProposedChange],
             tags=["results"], responses=problems)
    async def get_changes(job_id: str, who: Owner,
                          policy: Literal["verified", "probable", "all"] = "all"
                          ) -> list[ProposedChange]:
        """Every change citecheck proposes under *policy*, numbered for /fix."""
        result = await result_of(await job_of(job_id, who))
        flat = [c for cs in result_changes(result, policy) for c in cs]
        return [ProposedChange(id=i, change=c) for i, c in enumerate(flat)]

    @app.post("/v1/checks/{job_id}/fix", response_model=FixResponse, tags=["results"],
              responses=problems)
    async def post_fix(job_id: str, body: FixRequest, who: Owner) -> FixResponse:
        """The corrected bibliography with the changes the client accepted (by id)."""
        from ..bibtex import bib_fields, write_bibliography

        result = await result_of(await job_of(job_id, who))
        per_entry = result_changes(result, body.policy)
        wanted = set(body.accept)
        total = sum(len(cs) for cs in per_entry)
        unknown = sorted(i for i in wanted if not 0 <= i < total)
        if unknown:
            raise ServiceError(422, "Unknown change", f"no change with id {unknown[0]}")
        kept: list[list[Change]] = []
        index = 0
        for cs in per_entry:
            kept.append([c for i, c in enumerate(cs, start=index) if i in wanted])
            index += len(cs)
        # as `citecheck fix` writes it: a .bib input keeps its text, only changed fields rewritten
        bib, _ = write_bibliography(
            result.references,
            [apply_changes(bib_fields(ref), cs) for ref, cs in zip(result.references, kept)],
            source_text=result.document.source_text)
        text = None
        if result.document.kind != "bib":
            text = "\n\n".join(document_style(r, cs) for r, cs in zip(result.references, kept))
        return FixResponse(bibtex=bib, text=text,
                           changes=[c for cs in kept for c in cs])

    @app.delete("/v1/checks/{job_id}", status_code=204, tags=["checks"], responses=problems)
    async def delete_check(job_id: str, who: Owner) -> Response:
        """Delete a check, its input and its results (a running check is stopped)."""
        record = await job_of(job_id, who)
        await state["runner"].cancel(record.id)
        await state["store"].delete(record.id)
        results.pop(record.id, None)
        return Response(status_code=204)

    # -- parse

    @app.post("/v1/parse", response_model=list[Reference], tags=["parse"], responses=problems)
    async def parse(body: ParseRequest, who: Owner) -> list[Reference]:
        """Parse up to 200 reference strings at once (synchronous; no network)."""
        from ..parse import parse_references

        if any(len(r) > 5000 for r in body.references):
            raise ServiceError(422, "Reference too long", "each reference is limited to 5000 "
                               "characters")
        return await asyncio.to_thread(parse_references, [" ".join(r.split()) for r in
                                                          body.references])

    # -- operations

    @app.get("/healthz", response_model=Health, tags=["operations"])
    async def healthz() -> Health:
        """The process is up."""
        return Health(status="ok")

    @app.get("/readyz", response_model=Health, tags=["operations"],
             responses={503: {"model": Health}})
    async def readyz() -> Any:
        """Ready for work: the store answers, the workers run, and not shutting down (503
        otherwise). With a queue and no worker heartbeat for ``worker_stale`` seconds:
        200 "degraded" (this process serves, submissions wait in the queue)."""
        runner = state.get("runner")
        store_ok = "store" in state and await state["store"].ping()
        if state["draining"] or runner is None or not runner.alive or not store_ok:
            why = "shutting down" if state["draining"] else "store or workers not available"
            return JSONResponse(Health(status="unavailable", detail=why).model_dump(),
                                status_code=503)
        missing = await runner.workers_missing()
        if missing:
            return Health(status="degraded", detail=f"{missing}: checks wait in the queue "
                          "until a worker runs")
        return Health(status="ok")

    @app.get("/metrics", tags=["operations"], response_class=PlainTextResponse,
             responses={200: {"content": {"text/plain": {}}}})
    async def get_metrics() -> Response:
        """Prometheus text format: jobs by state, stage durations, outgoing requests."""
        if "store" in state:
            for name, n in (await state["store"].counts()).items():
                metrics.jobs.labels(name).set(n)
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)

    # -- the editor page without JavaScript (plain.py): a form post, then a page that refreshes

    def html_problem(status: int, title: str, detail: str | None,
                     headers: dict[str, str] | None = None) -> Response:
        return Response(plain.error_page(title, detail), status_code=status, headers=headers,
                        media_type="text/html; charset=utf-8")

    @app.post("/submit", include_in_schema=False)
    async def submit_form(request: Request) -> Response:
        try:
            try:
                form = await request.form(max_part_size=config.max_body_bytes)
            except BodyTooLarge:
                raise
            except Exception:  # not a form the page sends
                raise ServiceError(400, "Bad request", "send the page's form") from None
            token = form.get("token")
            who = client_of(request, f"Bearer {token}" if isinstance(token, str) and token
                            else request.headers.get("authorization"))
            limit(request, who, "request", config.requests_per_minute)
            run = RunOptions(**plain.form_options(form))
            upload, text = form.get("file"), form.get("text")
            if not isinstance(text, str):
                text = ""
            if upload is not None and not isinstance(upload, str) and upload.filename:
                name = safe_name(part_filename(upload.headers.get("content-disposition"),
                                               upload.filename))
                if Path(name).suffix.lower() not in UPLOAD_SUFFIXES:
                    raise ServiceError(415, "Unsupported file type",
                                       f"send .txt, .md, .pdf or .bib (not {name})")
                data = await upload.read()
            elif text.strip():
                bib = "bibtex" in form
                name = "references.bib" if bib else "document.txt"
                data = text.encode("utf-8")
            else:
                raise ServiceError(422, "Nothing to check",
                                   "choose a file or paste some text first")
            record, _ = await accept(request, who, name, data, run, None)
        except ServiceError as exc:
            return html_problem(exc.status, exc.title, exc.detail, exc.headers)
        if config.tokens:  # the page that follows cannot send the token: answer here once
            return Response(plain.status_page(await described(record), follow=False),
                            status_code=202,
                            media_type="text/html; charset=utf-8")
        return Response(status_code=303, headers={"location": f"/checks/{record.id}"})

    @app.get("/checks/{job_id}", include_in_schema=False)
    async def check_page(job_id: str, request: Request) -> Response:
        try:
            limit(request, "", "request", config.requests_per_minute)  # as every API route
            if config.tokens:
                raise ServiceError(404, "Not found", "with tokens, follow a check with "
                                   "JavaScript on or through the API")
            record = await job_of(job_id, "")
        except ServiceError as exc:
            return html_problem(exc.status, exc.title, exc.detail)
        return Response(plain.status_page(await described(record)),
                        media_type="text/html; charset=utf-8",
                        headers={"cache-control": "no-store"})

    # -- the editor page

    @app.get("/", include_in_schema=False)
    async def page() -> Response:
        return Response(_page_file("page.html"), media_type="text/html; charset=utf-8")

    @app.get("/assets/{name}", include_in_schema=False)
    async def asset(name: str) -> Response:
        if name in PAGE_ASSETS:
            return Response(_page_file(name), media_type=PAGE_ASSETS[name])
        if name in REPORT_ASSETS:
            return Response(report_assets.text(name), media_type=REPORT_ASSETS[name])
        raise ServiceError(404, "Not found")

    _problem_openapi(app)
    return app


def _page_file(name: str) -> str:
    return files("citecheck.service").joinpath("page", name).read_text(encoding="utf-8")


def _version() -> str:
    from .. import __version__

    return __version__


def _problem_openapi(app: FastAPI) -> None:
    """Describe validation errors as the problem details the handler sends (not FastAPI's)."""
    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = original()
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                answer = operation.get("responses", {}).get("422")
                if answer is not None:
                    answer["content"] = {"application/problem+json": {
                        "schema": {"$ref": "#/components/schemas/Problem"}}}
                    answer["description"] = "Invalid request"
        schema.get("components", {}).get("schemas", {}).pop("HTTPValidationError", None)
        schema.get("components", {}).get("schemas", {}).pop("ValidationError", None)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


async def verify_guard(layer: Any, config: ServiceConfig | list[str]) -> None:
    """Refuse to start when the address policy is not in the connection path.

    The policy is wired through the socket factory of the HTTP layer's
    transport; should a change there (or in httpx) bypass it, the service
    would fetch internal addresses without a word. One request to 0.0.0.0
    must come back refused by the policy.
    """
    import ipaddress

    from ..config import RunOptions, running
    from .ssrf import AddressPolicy, AddressRefused

    allow = config if isinstance(config, list) else config.allow
    if AddressPolicy(allow).check_address(ipaddress.ip_address("0.0.0.0"), 9).allowed:
        return  # the operator allowed everything: nothing to verify
    with running(RunOptions()):
        try:
            await layer.fetch("http://0.0.0.0:9/", cache=False)
        except AddressRefused:
            return
        except Exception:
            pass
    raise RuntimeError("the address policy is not applied to connections: refusing to start")


def _endpoint_ports(settings: Settings) -> list[tuple[str, int]]:
    from urllib.parse import urlsplit

    from .metrics import ENDPOINTS

    out = []
    for setting in ENDPOINTS:
        parts = urlsplit(getattr(settings, setting))
        if parts.hostname:
            out.append((parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)))
    return out


def address_guard(settings: Settings, allow: list[str]) -> Any:
    """The connect-time address policy (aiohttp's socket factory) every process that fetches
    strangers' URLs applies: the service's pool and the scaled-out workers alike.

    The operator's own endpoints (catalogues, archives: Settings) and proxies (the
    environment's ``HTTP(S)_PROXY``) are trusted as configured; anything else non-public
    must be in *allow* (``CITECHECK_SERVE_ALLOW``).
    """
    from .ssrf import AddressPolicy, AddressRefused, proxy_endpoints, socket_factory

    endpoints = [f"[{h}]:{p}" if ":" in h else f"{h}:{p}" for (h, p) in _endpoint_ports(settings)]
    vet = socket_factory(AddressPolicy([*allow, *endpoints, *proxy_endpoints()]))

    def guard(addr_info: Any) -> Any:
        # aiohttp passes other exceptions than OSError through as they are: the
        # refusal reaches the layer as AddressRefused (a NetError, not retried)
        try:
            return vet(addr_info)
        except PermissionError as exc:
            raise AddressRefused(str(exc)) from None
    return guard


def service_http_layer(settings: Settings, allow: list[str], *, guard: bool = True,
                       metrics: Metrics | None = None, cache: Any = None,
                       limits: Any = None) -> Any:
    """The HTTP layer of every process that checks strangers' documents: ``serve``'s pool
    and each ``citecheck worker`` build it here, so they route, vet and count alike.

    Proxies come from the environment (``HTTP_PROXY``, ``HTTPS_PROXY``, ``NO_PROXY``:
    citecheck/net/transport.py) for both. With *guard* the address policy is applied at
    connect time, and to the target of a request sent through a proxy before it is sent
    (``ssrf.ProxiedTargets``: the proxy, not this process, connects to it). *metrics*
    counts each request by service and status; *cache* and *limits* are the shared ones of
    a scaled-out worker (None: the process's own).
    """
    from ..net import HttpLayer
    from .metrics import MeteredTransport
    from .ssrf import AddressPolicy, ProxiedTargets

    policy = AddressPolicy([*allow, *(f"[{h}]:{p}" if ":" in h else f"{h}:{p}"
                                      for (h, p) in _endpoint_ports(settings))])

    def wrap(transport: Any, proxy: str | None) -> Any:
        if guard and proxy is not None:
            transport = ProxiedTargets(transport, policy)
        if metrics is not None:
            transport = MeteredTransport(transport, settings, metrics)
        return transport

    return HttpLayer(settings, cache=cache, limits=limits, wrap=wrap,
                     socket_factory=address_guard(settings, allow) if guard else None)


def build_http_layer(settings: Settings, config: ServiceConfig, metrics: Metrics) -> Any:
    """The one HTTP layer all jobs share: the address policy at connect time, requests counted."""
    return service_http_layer(settings, config.allow, guard=config.guard, metrics=metrics)
