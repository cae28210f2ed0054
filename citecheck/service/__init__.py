"""`citecheck serve`: the verification service (HTTP API, editor page, jobs that survive a crash).

Layout:

* ``app.py``     the FastAPI app: routes, problem details, limits, tokens, CSP, metrics
* ``jobs.py``    the worker pool: claims jobs under a lease, runs ``pipeline.check``
* ``store.py``   the ``JobStore`` interface and its SQLite (WAL) implementation
* ``ssrf.py``    the address policy, the connect-time hook that applies it, and its check
                 of a proxied request's target
* ``names.py``   the safe, recognisable name a submitted document is kept under
* ``metrics.py`` Prometheus metrics and the transport wrapper counting outgoing requests
* ``schemas.py`` request/response models (the OpenAPI description)
* ``page/``      the editor page (HTML, JS, CSS; the report's CSS/JS come from render/assets)

:func:`serve` runs it on uvicorn. SIGTERM (or Ctrl-C) stops accepting
submissions, ends event streams, lets running jobs finish for
``drain_seconds`` and re-queues the rest, then exits.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any

import platformdirs

from ..config import Settings

__all__ = ["ServiceConfig", "create_app", "serve", "default_data_dir", "config_from_env"]


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("citecheck", appauthor=False)) / "service"


def config_from_env(environ: dict[str, str] | None = None, **overrides: Any) -> Any:
    """ServiceConfig from CITECHECK_SERVE_* variables, then explicit overrides (None = not given).

    CITECHECK_SERVE_TOKENS (comma-separated bearer tokens), CITECHECK_SERVE_ALLOW
    (allow-listed networks or host:port, comma-separated), CITECHECK_SERVE_RETENTION
    (seconds a finished job is kept), CITECHECK_SERVE_WORKERS, CITECHECK_SERVE_DATA_DIR,
    CITECHECK_SERVE_SUBMITS_PER_MINUTE, CITECHECK_SERVE_REQUESTS_PER_MINUTE,
    CITECHECK_SERVE_LEASE, CITECHECK_SERVE_DRAIN_SECONDS, CITECHECK_SERVE_BODY_TIMEOUT
    (seconds a request body may stop arriving: 408), CITECHECK_SERVE_WORKER_STALE (with
    --queue: seconds without a worker's heartbeat before jobs are said to wait for one).
    """
    from ..errors import ConfigError
    from .app import ServiceConfig

    env = os.environ if environ is None else environ
    values: dict[str, Any] = {"data_dir": default_data_dir()}
    lists = {"TOKENS": "tokens", "ALLOW": "allow"}
    numbers = {"RETENTION": ("retention", float), "WORKERS": ("workers", int),
               "SUBMITS_PER_MINUTE": ("submits_per_minute", float),
               "REQUESTS_PER_MINUTE": ("requests_per_minute", float),
               "LEASE": ("lease", float), "DRAIN_SECONDS": ("drain_seconds", float),
               "POLL": ("poll", float), "BODY_TIMEOUT": ("body_timeout", float),
               "WORKER_STALE": ("worker_stale", float)}
    for var, name in lists.items():
        raw = env.get(f"CITECHECK_SERVE_{var}")
        if raw:
            values[name] = [p.strip() for p in raw.split(",") if p.strip()]
    for var, (name, kind) in numbers.items():
        raw = env.get(f"CITECHECK_SERVE_{var}")
        if raw:
            try:
                values[name] = kind(raw)
            except ValueError:
                raise ConfigError(f"bad setting CITECHECK_SERVE_{var}={raw!r}: "
                                  f"expected a number") from None
            if values[name] < 0 or (values[name] == 0 and name != "workers"):
                raise ConfigError(f"bad setting CITECHECK_SERVE_{var}={raw!r}: must be positive")
    if env.get("CITECHECK_SERVE_DATA_DIR"):
        values["data_dir"] = Path(env["CITECHECK_SERVE_DATA_DIR"])
    values.update({k: v for k, v in overrides.items() if v is not None})
    if values.get("workers", 1) < 0:
        raise ConfigError("--workers must be 0 (API only) or more")
    from .ssrf import AddressPolicy

    try:
        AddressPolicy(values.get("allow", []))
    except ValueError as exc:
        raise ConfigError(f"bad setting CITECHECK_SERVE_ALLOW: {exc}") from None
    return ServiceConfig(**values)


def create_app(config: Any, settings: Settings, **kwargs: Any) -> Any:
    from .app import create_app as _create

    return _create(config, settings, **kwargs)


def _can_listen(host: str, port: int) -> None:
    """A port in use or an address not on this machine is the operator's to fix: one line, exit 2.

    (uvicorn logs the reason and exits 3, which citecheck keeps for its own bugs.)
    """
    import socket

    from ..errors import ConfigError

    if not 0 <= port <= 65535:
        raise ConfigError(f"--port {port}: a port is a number from 0 to 65535")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise ConfigError(f"--host {host}: cannot listen there ({exc})") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind(address)
        except OSError as exc:
            raise ConfigError(f"cannot listen on {host}:{port} ({exc.strerror or exc}); "
                              "choose another with --port or --host") from None


def serve(config: Any, settings: Settings, *, host: str = "127.0.0.1", port: int = 8000) -> int:
    """Run the service until SIGTERM/SIGINT; returns the exit code."""
    import sqlite3

    import uvicorn

    from ..errors import ConfigError
    from .store import SQLiteJobStore

    _can_listen(host, port)
    if config.queue:  # an unreachable or unusable database: one line and exit 2, before serving
        from ..scale.db import upgrade

        upgrade(config.queue)
    else:
        try:  # an unusable data directory is the operator's setting to fix, said in one line
            probe = SQLiteJobStore(Path(config.data_dir) / "jobs.sqlite3")
            probe.db.close()
        except (OSError, sqlite3.Error) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise ConfigError(f"data directory {config.data_dir}: cannot use it ({reason}); "
                              "choose another with --data-dir") from None
    app = create_app(config, settings)
    # The pure stages run in threads; with CPython's default 5 ms switch interval the event
    # loop waits up to that long for the GIL at every await, so API answers queue behind a
    # parse. A shorter interval keeps the API responsive (bench/serve_bench.py measures it).
    sys.setswitchinterval(config.switch_interval)

    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: Any) -> None:
            app.state.begin_drain()  # submissions get 503 and event streams end at once
            super().handle_exit(sig, frame)

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    uv = uvicorn.Config(app, host=host, port=port, log_level="info", access_log=False,
                        timeout_graceful_shutdown=5, server_header=False, proxy_headers=False,
                        lifespan="on", loop="asyncio")
    server = Server(uv)
    server.run()
    return 0 if server.started else 1
