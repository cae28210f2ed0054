"""The service's Prometheus metrics: jobs by state, stage durations, requests to each catalogue.

One registry per app (so tests can build several). Outgoing requests are
counted by :class:`MeteredTransport`, an ``httpx.AsyncBaseTransport`` wrapped
around the HTTP layer's transport: it sees every request the layer sends
(each redirect hop and retry, never a cache hit) and names its service from
the configured endpoint URLs (``crossref_url`` -> ``crossref``), anything
else being ``web``.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from ..config import Settings

ENDPOINTS = {
    "crossref_url": "crossref", "openalex_url": "openalex", "openlibrary_url": "openlibrary",
    "googlebooks_url": "googlebooks", "loc_url": "loc", "wayback_url": "wayback",
    "cdx_url": "cdx", "memento_url": "memento",
}


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.jobs = Gauge("citecheck_jobs", "jobs in the store, by state", ["state"],
                          registry=self.registry)
        self.jobs_finished = Counter("citecheck_jobs_finished", "jobs finished by this process",
                                     ["state"], registry=self.registry)
        self.stage_seconds = Histogram(
            "citecheck_stage_seconds", "time spent in each pipeline stage", ["stage"],
            buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300),
            registry=self.registry)
        self.outgoing = Counter(
            "citecheck_outgoing_requests", "HTTP requests sent, by service and status "
            "(status 'error' when no answer came, 'refused' when the address policy refused)",
            ["service", "status"], registry=self.registry)
        self.api = Counter("citecheck_api_requests", "API requests served, by route and status",
                           ["method", "route", "status"], registry=self.registry)


def service_hosts(settings: Settings) -> dict[tuple[str, int | None], str]:
    """(host, port) of each configured endpoint -> its service name."""
    out: dict[tuple[str, int | None], str] = {}
    for setting, service in ENDPOINTS.items():
        parts = urlsplit(getattr(settings, setting))
        if parts.hostname:
            out[(parts.hostname.lower(), parts.port)] = service
    return out


class MeteredTransport(httpx.AsyncBaseTransport):
    """Counts each request by service and status, then hands it to the wrapped transport."""

    def __init__(self, inner: httpx.AsyncBaseTransport, settings: Settings, metrics: Metrics):
        self.inner = inner
        self.metrics = metrics
        self.hosts = service_hosts(settings)

    def service(self, url: httpx.URL) -> str:
        host = (url.host or "").lower()
        return self.hosts.get((host, url.port)) or self.hosts.get((host, None)) or "web"

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        from .ssrf import AddressRefused

        service = self.service(request.url)
        try:
            response = await self.inner.handle_async_request(request)
        except AddressRefused:
            self.metrics.outgoing.labels(service, "refused").inc()
            raise
        except BaseException:
            self.metrics.outgoing.labels(service, "error").inc()
            raise
        self.metrics.outgoing.labels(service, str(response.status_code)).inc()
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()
