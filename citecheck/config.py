"""Settings and run options: defaults < config file < environment < command-line flags.

Two models. :class:`Settings` belong to the process: endpoints, limits, the
cache, the contact address; one HTTP layer is built from them and shared by
every run. :class:`RunOptions` belong to one check: offline, refresh, which
stages run, what fails the run. The CLI builds both for one run; a service
builds Settings once and RunOptions per request.

The config file is ``citecheck.toml`` in the current directory (keys at top
level) or ``[tool.citecheck]`` in ``pyproject.toml``. Every external base URL
is a setting, so a mirror or a local test server can stand in for a real
service.
"""

from __future__ import annotations

import math
import os
import re
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Annotated, Any, Literal

import platformdirs
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator

from .errors import ConfigError

# a count or a number of seconds: a number given as such or as text (an environment
# variable), never a boolean (pydantic would take true as 1) and never nan or infinity
StrictCount = Annotated[int, BeforeValidator(lambda v: _not_bool(v))]
StrictNumber = Annotated[float, BeforeValidator(lambda v: _not_bool(v))]


def _not_bool(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("expected a number, not true/false")
    return value

# Published limits, requests per second (see README "Rate limits").
DEFAULT_RATE_LIMITS: dict[str, float] = {
    "crossref": 3.0,  # polite pool searches; single-record lookups allow 10/s
    "openalex": 10.0,
    "openlibrary": 1.0,
    "googlebooks": 1.0,
    "loc": 1.0,  # loc.gov: 80 a minute and 20 per 10 s for search/format endpoints
    "doi": 1.0,  # doi.org handle look-ups, only for a cited DOI no catalogue knows
    "wayback": 1.0,  # availability API is tightly limited
    "cdx": 1.0,
    "memento": 1.0,
}

# every service a rate can be set for: the above, and "web" (link checks, per origin)
RATE_SERVICES = (*DEFAULT_RATE_LIMITS, "web")


# Catalogues citecheck has clients for (the `catalogues` setting picks among them).
CATALOGUES = ("crossref", "openalex", "openlibrary", "googlebooks", "loc")


# What `--fail-on` can count, and what it counts by default.
FAIL_ON = {
    "dead-links": "a cited link is dead, soft-404, parked or its domain is gone",
    "not-found": "a reference no catalogue knows",
    "unverified": "a reference checked and not verified (not-found, ambiguous, probable)",
    "missing-fields": "an entry lacks a field its type needs",
    "footnotes": "footnote numbering has gaps, repeats or backward jumps",
    "citations": "a citation in the text names no entry, is out of range or has another year",
    "parse-errors": "an entry could not be parsed",
    "bibliography": "the bibliography looks shuffled or cut short",
}
DEFAULT_FAIL_ON = ["dead-links", "parse-errors"]


class RunOptions(BaseModel):
    """What one check does: per run, never per process (a service takes them per request)."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    offline: bool = Field(default=False, description="use only cached answers; the rest is 'unchecked'")
    refresh: bool = Field(default=False, description="ignore cached answers")
    links: bool = Field(default=True, description="check every cited URL")
    resolve: bool = Field(default=True, description="resolve references against catalogues")
    footnotes: bool = Field(default=True, description="check footnote and citation numbering")
    archive: Literal["none", "broken", "all"] = Field(
        default="broken", description="look up archived copies for no link, broken ones, or all")
    max_time: float | None = Field(
        default=None, gt=0, description="seconds for the network stages; the rest is 'unchecked'")
    fail_on: list[str] = Field(default_factory=lambda: list(DEFAULT_FAIL_ON),
                               description="problems that make the exit code 1")

    @field_validator("fail_on", mode="before")
    @classmethod
    def _fail_on_text(cls, value: Any) -> Any:
        """`fail_on = "dead-links,citations"` in a config file reads as the flag's comma list does."""
        return [n.strip() for n in value.split(",") if n.strip()] if isinstance(value, str) else value

    @field_validator("fail_on")
    @classmethod
    def _known_fail_on(cls, names: list[str]) -> list[str]:
        names = [n for n in names if n != "none"]
        unknown = [n for n in names if n not in FAIL_ON]
        if unknown:
            raise ValueError(f"unknown value {unknown[0]!r} (one of: {', '.join(FAIL_ON)})")
        return names

    @property
    def network(self) -> bool:
        """Whether any network stage runs."""
        return self.links or self.resolve


# The options of the run the current task belongs to. Set by pipeline.check() for the
# duration of a run, so the shared HTTP layer serves each concurrent run with its own
# offline/refresh choice (asyncio copies the context into every task a run starts).
_CURRENT_RUN: ContextVar[RunOptions] = ContextVar("citecheck_run_options", default=RunOptions())


# What the network layer keeps for the run the current task belongs to (the waits hosts
# have cost it): a fresh dict per run, shared by every task the run starts.
_RUN_STATE: ContextVar[dict[str, Any] | None] = ContextVar("citecheck_run_state", default=None)


def current_run() -> RunOptions:
    """The RunOptions of the run this code is part of (defaults outside any run)."""
    return _CURRENT_RUN.get()


def run_state() -> dict[str, Any] | None:
    """The current run's own state (None outside any run)."""
    return _RUN_STATE.get()


@contextmanager
def running(options: RunOptions) -> Iterator[None]:
    """Make *options* the current run's options within the block (and tasks started in it);
    the run gets a state of its own."""
    token = _CURRENT_RUN.set(options)
    state = _RUN_STATE.set({})
    try:
        yield
    finally:
        _RUN_STATE.reset(state)
        _CURRENT_RUN.reset(token)


class Settings(BaseModel):
    """Process settings: endpoints, limits, cache and contact address (shared by all runs)."""

    # strict numbers (a boolean is not a count), no nan or infinity (a rate or timeout
    # of nan would hang a run): a bad value is a one-line configuration error
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    mailto: str | None = Field(default=None, description="contact address for User-Agent/mailto")
    cache_dir: Path = Field(
        default_factory=lambda: Path(platformdirs.user_cache_dir("citecheck", appauthor=False))
    )
    # bounds: a zero or negative value would hang the run or fail every request
    host_concurrency: StrictCount = Field(default=4, ge=1)
    total_concurrency: StrictCount = Field(default=128, ge=1)  # lychee's default too
    connect_timeout: StrictNumber = Field(default=10.0, gt=0)
    read_timeout: StrictNumber = Field(default=20.0, gt=0)
    # one request, all told: connect + headers + body, retries and redirects included
    deadline: StrictNumber = Field(default=30.0, gt=0)
    max_redirects: StrictCount = Field(default=10, ge=0)
    max_body_bytes: StrictCount = Field(default=2 * 1024 * 1024, ge=1)
    retries: StrictCount = Field(default=3, ge=0)
    backoff_base: StrictNumber = Field(default=0.5, ge=0)
    # how long hosts that ask to wait (429/503 with Retry-After, retries' pauses) may hold
    # one run back: per host, and all hosts together; past it a request goes without the
    # wait, or is not sent ('unchecked', rate limited), so a run ends without --max-time
    max_host_wait: StrictNumber = Field(
        default=60.0, ge=0, description="seconds one host's waits may cost a run")
    max_run_wait: StrictNumber = Field(
        default=300.0, ge=0, description="seconds all hosts' waits may cost a run")
    # what one document may hold (limits.py applies them; each is reported when hit)
    max_document_bytes: StrictCount = Field(
        default=50 * 1024 * 1024, ge=1, description="largest input accepted, in bytes")
    max_line_chars: StrictCount = Field(
        default=20_000, ge=80, description="longer lines are cut to this for the stages")
    max_entries: StrictCount = Field(
        default=10_000, ge=1, description="bibliography entries parsed per document")
    max_links: StrictCount = Field(default=20_000, ge=0, description="links checked per document")
    max_notes: StrictCount = Field(
        default=100_000, ge=0, description="footnote markers and notes reported per document")
    max_pdf_pages: StrictCount = Field(default=5_000, ge=1, description="PDF pages extracted")
    max_pdf_bytes: StrictCount = Field(
        default=75_000_000, ge=1, description="largest PDF stream inflated, in bytes")
    max_pdf_seconds: StrictNumber = Field(
        default=120.0, gt=0, description="time for PDF text extraction, in seconds")
    rate_limits: dict[str, float] = Field(default_factory=lambda: dict(DEFAULT_RATE_LIMITS))
    skip_patterns: list[str] = Field(default_factory=list, description="URL regexes not to fetch")
    catalogues: list[str] = Field(default_factory=lambda: list(CATALOGUES))
    wayback_url: str = "https://archive.org/wayback/available"
    cdx_url: str = "https://web.archive.org/cdx/search/cdx"
    memento_url: str = "https://timetravel.mementoweb.org/timemap/json"
    crossref_url: str = "https://api.crossref.org"
    openalex_url: str = "https://api.openalex.org"
    openalex_key: str | None = None
    openlibrary_url: str = "https://openlibrary.org"
    googlebooks_url: str = "https://www.googleapis.com/books/v1"
    loc_url: str = "https://www.loc.gov"
    doi_url: str = "https://doi.org"

    def user_agent(self) -> str:
        from . import __version__

        contact = f"; mailto:{self.mailto}" if self.mailto else ""
        return f"citecheck/{__version__} (+https://github.com/citecheck/citecheck{contact})"


    # A typo in a config file must not switch a check off without a word, nor
    # surface later as a crash in the middle of a run.
    @field_validator("skip_patterns")
    @classmethod
    def _patterns_compile(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"{pattern!r} is not a regular expression ({exc})") from None
        return patterns

    @field_validator("catalogues")
    @classmethod
    def _known_catalogues(cls, names: list[str]) -> list[str]:
        unknown = [n for n in names if n not in CATALOGUES]
        if unknown:
            raise ValueError(f"unknown catalogue {unknown[0]!r} (one of: {', '.join(CATALOGUES)})")
        return names

    @field_validator("rate_limits", mode="before")
    @classmethod
    def _positive_rates(cls, rates: Any) -> Any:
        if not isinstance(rates, dict):
            return rates
        for name, rate in rates.items():
            if isinstance(rate, bool) or not isinstance(rate, (int, float)):
                raise ValueError(f"{name} = {rate!r}: must be a positive number")
            if not math.isfinite(rate) or rate <= 0:
                raise ValueError(f"{name} = {rate}: must be a positive number")
        return rates


# environment variable -> setting (or run option) name
ENV = {
    "CITECHECK_MAILTO": "mailto",
    "CITECHECK_CACHE_DIR": "cache_dir",
    "CITECHECK_HOST_CONCURRENCY": "host_concurrency",
    "CITECHECK_TOTAL_CONCURRENCY": "total_concurrency",
    "CITECHECK_WAYBACK_URL": "wayback_url",
    "CITECHECK_CDX_URL": "cdx_url",
    "CITECHECK_MEMENTO_URL": "memento_url",
    "CITECHECK_CROSSREF_URL": "crossref_url",
    "CITECHECK_OPENALEX_URL": "openalex_url",
    "CITECHECK_OPENALEX_KEY": "openalex_key",
    "CITECHECK_OPENLIBRARY_URL": "openlibrary_url",
    "CITECHECK_GOOGLEBOOKS_URL": "googlebooks_url",
    "CITECHECK_LOC_URL": "loc_url",
    "CITECHECK_DOI_URL": "doi_url",
    "CITECHECK_RATE_LIMITS": "rate_limits",
    "CITECHECK_OFFLINE": "offline",
    "CITECHECK_DEADLINE": "deadline",
    "CITECHECK_MAX_HOST_WAIT": "max_host_wait",
    "CITECHECK_MAX_RUN_WAIT": "max_run_wait",
    "CITECHECK_MAX_TIME": "max_time",
    "CITECHECK_ARCHIVE": "archive",
    "CITECHECK_MAX_DOCUMENT_BYTES": "max_document_bytes",
    "CITECHECK_MAX_LINE_CHARS": "max_line_chars",
    "CITECHECK_MAX_ENTRIES": "max_entries",
    "CITECHECK_MAX_LINKS": "max_links",
    "CITECHECK_MAX_NOTES": "max_notes",
    "CITECHECK_MAX_PDF_PAGES": "max_pdf_pages",
    "CITECHECK_MAX_PDF_BYTES": "max_pdf_bytes",
    "CITECHECK_MAX_PDF_SECONDS": "max_pdf_seconds",
}
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


def parse_bool(name: str, raw: str) -> bool:
    """'1', 'true', 'yes', 'on' / '0', 'false', 'no', 'off': anything else is a config error."""
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigError(f"bad setting {name}={raw!r}: expected true/false, yes/no, on/off or 1/0")


def parse_rate_limits(text: str) -> dict[str, float]:
    """'crossref=10,openalex=10,openlibrary=1' -> {'crossref': 10.0, ...}."""
    out: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, sep, value = part.partition("=")
        name = name.strip().lower()
        try:
            if not sep or not name:
                raise ValueError
            rate = float(value)
        except ValueError:
            raise ConfigError(
                f"bad rate limit {part!r}: expected service=requests-per-second"
            ) from None
        if not math.isfinite(rate) or rate <= 0:
            raise ConfigError(f"bad rate limit {part!r}: must be a positive number")
        if name not in RATE_SERVICES:
            raise ConfigError(f"bad rate limit {part!r}: unknown service "
                              f"(one of: {', '.join(RATE_SERVICES)})")
        out[name] = rate
    return out


def read_config_file(directory: Path) -> dict[str, Any]:
    """Settings and run options from citecheck.toml, else [tool.citecheck] in pyproject.toml."""
    for name, table in (("citecheck.toml", None), ("pyproject.toml", ("tool", "citecheck"))):
        path = directory / name
        if not path.is_file():
            continue
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: not valid TOML ({exc})") from None
        if table:
            for key in table:
                data = data.get(key, {}) if isinstance(data, dict) else {}
            if not data:
                continue
        values = {k.replace("-", "_"): v for k, v in data.items()}
        # a misspelt key would otherwise be ignored without a word
        unknown = sorted(set(values) - set(Settings.model_fields) - set(RunOptions.model_fields))
        if unknown:
            raise ConfigError(f"{path}: unknown setting {unknown[0]!r}")
        return values
    return {}


def load_config(
    overrides: dict[str, Any] | None = None,
    *,
    directory: Path | None = None,
    environ: dict[str, str] | None = None,
) -> tuple[Settings, RunOptions]:
    """Settings and RunOptions from the config file, the environment and explicit overrides.

    *overrides* (the command line's flags) may name fields of either model; a
    None value means "not given".
    """
    values: dict[str, Any] = read_config_file(directory or Path.cwd())
    if isinstance(values.get("rate_limits"), dict):
        # a user names services citecheck knows (the model itself takes any name, so a
        # program or a test can rate-limit a service of its own)
        unknown = [n for n in values["rate_limits"] if n not in RATE_SERVICES]
        if unknown:
            raise ConfigError(f"bad setting rate_limits: unknown service {unknown[0]!r} "
                              f"(one of: {', '.join(RATE_SERVICES)})")
        values["rate_limits"] = {**DEFAULT_RATE_LIMITS, **values["rate_limits"]}
    env = os.environ if environ is None else environ
    for var, name in ENV.items():
        if env.get(var):
            raw = env[var]
            if name == "rate_limits":
                values[name] = {**values.get(name, DEFAULT_RATE_LIMITS), **parse_rate_limits(raw)}
            elif name == "offline":
                values[name] = parse_bool(var, raw)
            else:
                values[name] = raw
    for key, value in (overrides or {}).items():
        if value is None:
            continue
        if key == "rate_limits" and isinstance(value, str):
            value = {**values.get("rate_limits", DEFAULT_RATE_LIMITS), **parse_rate_limits(value)}
        values[key] = value
    run = {k: v for k, v in values.items() if k in RunOptions.model_fields}
    process = {k: v for k, v in values.items() if k not in RunOptions.model_fields}
    return _build(Settings, process), _build(RunOptions, run)


def _build(model: type[BaseModel], values: dict[str, Any]) -> Any:
    try:
        return model(**values)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        message = str(err["msg"]).removeprefix("Value error, ")
        raise ConfigError(f"bad setting {where}: {message}") from None


def load_settings(
    overrides: dict[str, Any] | None = None,
    *,
    directory: Path | None = None,
    environ: dict[str, str] | None = None,
) -> Settings:
    """The process Settings alone (see :func:`load_config`)."""
    return load_config(overrides, directory=directory, environ=environ)[0]
