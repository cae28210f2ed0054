"""The httpx client every request is sent with, on a maintained fast transport.

httpx's default connection pool (httpcore) matches every queued request
against every open connection, which at a few hundred requests in flight
costs more CPU than the network time (a plain ``AsyncClient`` took ~9x the
latency bound on bench/links_bench.py's shape). ``httpx-aiohttp`` (by an
httpx maintainer) plugs aiohttp's connector in through httpx's transport
interface; citecheck keeps its own per-origin limits above it (layer.py).
Proxies come from the environment (``trust_env``: HTTP(S)_PROXY, NO_PROXY).
"""

from __future__ import annotations

import httpx

from ..config import Settings


STASHED_LOCATION = "citecheck.location"


async def keep_odd_location(response: httpx.Response) -> None:
    """Move a Location httpx cannot follow out of the headers (a response event hook).

    httpx builds the next request for every redirect, even when not following,
    and raises on ``javascript:`` or garbage Locations before the response
    reaches us; the layer needs the status and the Location to say "redirect to
    a non-web scheme". The value is kept in the response's extensions.
    """
    location = response.headers.get("location")
    if location is None:
        return
    try:
        nxt = response.request.url.join(location)
        usable = nxt.scheme in ("http", "https") and bool(nxt.host)
    except (httpx.InvalidURL, ValueError, TypeError):
        usable = False
    if not usable:
        response.extensions[STASHED_LOCATION] = location
        del response.headers["location"]


def make_client(
    settings: Settings, transport: httpx.AsyncBaseTransport | None = None
) -> httpx.AsyncClient:
    """One client for every request of a layer; ``transport`` replaces the network (tests)."""
    timeout = httpx.Timeout(
        connect=settings.connect_timeout,
        read=settings.read_timeout,
        write=settings.read_timeout,
        pool=None,  # waiting for a slot is bounded by the layer's deadline
    )
    # connections: the layer's overall bound, so the pool never makes requests queue twice
    limits = httpx.Limits(
        max_connections=settings.total_concurrency,
        max_keepalive_connections=settings.total_concurrency,
    )
    common = dict(timeout=timeout, limits=limits, trust_env=True, follow_redirects=False,
                  event_hooks={"response": [keep_odd_location]})
    if transport is not None:
        return httpx.AsyncClient(transport=transport, **common)  # type: ignore[arg-type]
    try:
        from httpx_aiohttp import HttpxAiohttpClient
    except ImportError:  # the transport is a dependency; without it httpx's own pool works
        return httpx.AsyncClient(**common)  # type: ignore[arg-type]
    return HttpxAiohttpClient(**common)  # type: ignore[arg-type]
