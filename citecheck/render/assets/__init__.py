"""Front-end files (CSS, JS) shared by the HTML report and any web page of the service.

The files sit beside this module as package data; ``text(name)`` reads one
through ``importlib.resources`` (so it works from a wheel or a zip too),
without its trailing newline, exactly as it is inlined into a page.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

__all__ = ["text", "REPORT_CSS", "REPORT_JS"]

REPORT_CSS = "report.css"
REPORT_JS = "report.js"


@cache
def text(name: str) -> str:
    """The asset *name* (e.g. ``"report.css"``) as text, trailing whitespace stripped."""
    return files(__name__).joinpath(name).read_text(encoding="utf-8").strip()
