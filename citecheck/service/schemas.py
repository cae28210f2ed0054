"""The service API's request and response models (the OpenAPI description is generated from them)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..config import RunOptions
from ..corrections import Change
from ..models import Notice

MAX_REFERENCES = 5000
MAX_TEXT = 5_000_000


class Problem(BaseModel):
    """An error, as RFC 9457 problem details (``application/problem+json``)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    errors: list[dict[str, str]] | None = Field(
        default=None, description="for a request that failed validation: where and why")


class CheckRequest(BaseModel):
    """A check submitted as JSON: exactly one of ``text``, ``bibtex`` or ``references``."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(default=None, max_length=MAX_TEXT,
                             description="a document's plain text (or Markdown with name *.md)")
    bibtex: str | None = Field(default=None, max_length=MAX_TEXT, description="a .bib file's text")
    references: list[str] | None = Field(
        default=None, min_length=1, max_length=MAX_REFERENCES,
        description="reference strings, one entry each, checked as a bibliography")
    name: str | None = Field(default=None, min_length=1, max_length=200,
                             description="what the report calls the input (e.g. paper.md)")
    options: RunOptions = Field(default_factory=RunOptions)

    @model_validator(mode="after")
    def _one_input(self) -> CheckRequest:
        given = [k for k in ("text", "bibtex", "references") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of text, bibtex or references")
        return self


class StageProgress(BaseModel):
    name: str = Field(description="analyse, links, resolve …")
    description: str
    done: int
    total: int | None = Field(description="None while a stage's size is unknown")
    seconds: float | None = Field(description="how long the stage took, once it ended")


class JobLinks(BaseModel):
    status: str
    events: str
    report: str
    export: str
    changes: str
    fix: str


JobStateName = Literal["queued", "running", "done", "failed"]


class JobStatus(BaseModel):
    id: str
    state: JobStateName
    name: str = Field(description="the input's name")
    created_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None
    attempts: int = Field(description="times a worker started it (more than 1 after a crash)")
    stage: str | None = Field(default=None, description="the stage running now (or last run)")
    stages: list[StageProgress] = Field(default_factory=list)
    notices: list[Notice] = Field(default_factory=list)
    error: Problem | None = None
    waiting: str | None = Field(default=None, description=(
        "why a queued check has not started, when the service knows (scaled out: no worker "
        "has sent a heartbeat lately)"))
    links: JobLinks


class JobPage(BaseModel):
    items: list[JobStatus]
    next: str | None = Field(description="cursor for the next page (pass as ?cursor=), or None")


class ProposedChange(BaseModel):
    id: int = Field(description="pass it in FixRequest.accept to apply this change")
    change: Change


class FixRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    accept: list[int] = Field(default_factory=list, max_length=100_000,
                              description="ids (from /changes) of the changes to apply")
    policy: Literal["verified", "probable", "all"] = Field(
        default="all", description="the policy the ids were listed under")


class FixResponse(BaseModel):
    bibtex: str = Field(description="the corrected bibliography as BibTeX")
    text: str | None = Field(default=None,
                             description="for a document: the entries in its own words, corrected")
    changes: list[Change] = Field(description="the changes applied")


class ParseRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    references: list[str] = Field(min_length=1, max_length=200,
                                  description="reference strings, one entry each")


class Health(BaseModel):
    status: Literal["ok", "degraded", "unavailable"] = Field(description=(
        "ok; degraded: this process serves but checks cannot run now (no worker seen); "
        "unavailable (503): store away or shutting down"))
    detail: str | None = None
