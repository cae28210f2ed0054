"""Catalogue answers are validated where they come in; a bug in citecheck's own mapping is not.

A malformed answer (a list where an object belongs, records that are no objects, a
nested field of another kind) is the catalogue's fault: the entry is ``unchecked``
with a reason that names what was wrong and where. An exception raised by
citecheck's own code after the answer was validated is a bug: it must surface (in
the tests, as the exception), never be passed off as "the catalogue's answer was
unusable". Served by the loopback stand-in of test_api_trial (127.0.0.1 only).
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest
from test_api_trial import GOOD, SERVICES, StandIn, assert_unchecked, one_case, run, send_json, \
    settings_for
from loopback import serve


def bug(*args: Any, **kwargs: Any) -> Any:
    raise TypeError("a bug in citecheck's own mapping")


@pytest.mark.parametrize("service", SERVICES)
async def test_a_bug_in_a_mapper_surfaces(tmp_path: Path, service: str,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The catalogue's good answer, and a mapper that fails on it (every mapper builds its
    records as Candidates): the run raises the bug instead of calling the entry
    unchecked."""
    module = importlib.import_module(f"citecheck.catalogues.{service}")
    monkeypatch.setattr(module, "Candidate", bug)
    stand = StandIn()
    with serve({}, fallback=stand) as site:
        s = settings_for(tmp_path, f"http://127.0.0.1:{site.port}", service)
        with pytest.raises(TypeError, match="a bug in citecheck's own mapping"):
            await run(s, [GOOD[service][1]])


# service -> a good answer with one nested field of the wrong kind, and the field's name
MALFORMED: list[tuple[str, Any, str]] = [
    ("crossref", {"message-type": "work-list", "message": {"items": [
        {"DOI": "10.5555/x", "title": ["T"], "issued": "2019"}]}}, "issued"),
    ("crossref", {"message-type": "work-list", "message": {"items": {"DOI": "10.5555/x"}}},
     "items"),
    ("openalex", {"results": [{"id": "https://openalex.org/W1", "title": "T",
                               "biblio": ["12", "33"]}]}, "biblio"),
    ("openalex", {"results": [{"id": "https://openalex.org/W1", "title": "T",
                               "primary_location": {"source": "Nature"}}]}, "source"),
    ("openlibrary", {"docs": "none"}, "docs"),
    ("googlebooks", {"items": [{"id": "g1", "volumeInfo": "Salt Roads"}]}, "volumeInfo"),
    ("loc", {"results": [{"title": "Salt Roads", "item": ["x"]}]}, "item"),
]


@pytest.mark.parametrize(("service", "body", "field"), MALFORMED,
                         ids=[f"{s}-{f}" for s, _, f in MALFORMED])
async def test_a_malformed_answer_is_unchecked_and_says_where(
        tmp_path: Path, service: str, body: Any, field: str) -> None:
    m, _, _ = await one_case(tmp_path, service, lambda h, _: send_json(h, body))
    assert_unchecked(m, service)
    assert "documented shape" in (m.reason or "") and field in (m.reason or ""), m.reason

