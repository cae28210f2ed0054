"""Fuzz the service API from its own OpenAPI description (schemathesis, bounded examples).

Every operation is called with generated requests, valid and invalid, against
a real uvicorn server on 127.0.0.1. Checks: no 5xx, every answer's status is
documented, its content type is the documented one, and its body matches the
documented schema (problem details included). The server runs with
``workers=0`` (it stores jobs, runs none), so generated documents never turn
into network traffic.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="pip install -e .[test]")
pytest.importorskip("uvicorn", reason="the service needs uvicorn (pip install -e .)")

from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import (  # noqa: E402
    content_type_conformance, not_a_server_error, response_schema_conformance,
    status_code_conformance,
)

from citecheck.config import Settings  # noqa: E402
from asgi_server import running_app  # noqa: E402
from citecheck.service.app import ServiceConfig, create_app  # noqa: E402


def _start(tmp: Path) -> Iterator[str]:

    config = ServiceConfig(data_dir=tmp / "jobs", workers=0, submits_per_minute=1e6,
                           requests_per_minute=1e6, max_body_bytes=256 * 1024)
    app = create_app(config, Settings(cache_dir=tmp / "cache"))
    with running_app(app) as url:
        yield url


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from _start(tmp_path_factory.mktemp("fuzz"))


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture(scope="module")
def api_schema(base_url: str):  # type: ignore[no-untyped-def]
    return schemathesis.openapi.from_url(f"{base_url}/openapi.json")


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_answers_as_documented(case, base_url: str) -> None:  # type: ignore[no-untyped-def]
    case.call_and_validate(base_url=base_url, checks=[
        not_a_server_error, status_code_conformance, content_type_conformance,
        response_schema_conformance])
