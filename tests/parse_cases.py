"""Shared by the parser trials: hand-written (style, text, kind, expected fields) cases.

A case whose style is in ``known_failures`` runs as a strict xfail with that reason, so a
case that starts passing has to be moved out of the list.
"""

from __future__ import annotations

import pytest

from citecheck.bibtex import export_fields
from citecheck.parse import parse_reference


def trial_params(cases: list[tuple], known_failures: dict[str, str]) -> dict:
    """Keyword arguments for ``pytest.mark.parametrize`` over *cases*."""
    return {
        "argnames": ("style", "text", "kind", "expected"),
        "argvalues": [pytest.param(*c, marks=pytest.mark.xfail(reason=known_failures[c[0]], strict=True))
                      if c[0] in known_failures else c for c in cases],
        "ids": [c[0] for c in cases],
    }


def assert_parsed(text: str, kind: str | set[str], expected: dict) -> None:
    """*text* parses without error, as one of *kind*, with every field of *expected*."""
    ref = parse_reference(text)
    assert ref.error is None
    got = export_fields(ref.fields, ref.type)
    kinds = {kind} if isinstance(kind, str) else kind
    assert ref.type in kinds, (ref.type, got)
    for field, value in expected.items():
        assert got.get(field) == value, (field, got)
