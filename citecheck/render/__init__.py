"""Renderers: Report -> str. They only render: no lookups, no scoring.

``render(report, fmt)`` picks the renderer for a format name; each module
exposes ``render(report: Report) -> str``.
"""

from __future__ import annotations

from importlib import import_module
from typing import Literal

from ..models import Report

Format = Literal["text", "json", "markdown", "html"]
FORMATS: tuple[Format, ...] = ("text", "json", "markdown", "html")

_MODULES: dict[Format, str] = {
    "text": "text",
    "json": "json_",
    "markdown": "markdown",
    "html": "html",
}


def render(report: Report, fmt: Format, *, details: bool = False) -> str:
    """Render *report* in format *fmt* (one of FORMATS).

    Every format opens with what to fix first; the long lists (each repair) are
    summarised by kind unless *details* is asked for (HTML folds them instead).
    """
    module = import_module(f"{__name__}.{_MODULES[fmt]}")
    return module.render(report, details=details)


__all__ = ["FORMATS", "Format", "render"]
