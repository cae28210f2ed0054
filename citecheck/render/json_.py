"""JSON renderer: the Report model is the schema (see `citecheck schema`)."""

from __future__ import annotations

from ..models import Report


def render(report: Report, *, details: bool = False) -> str:
    return report.model_dump_json(indent=2) + "\n"
