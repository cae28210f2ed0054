"""The transports requests are sent on: a maintained fast one, proxies from the environment.

httpx's default connection pool (httpcore) matches every queued request
against every open connection, which at a few hundred requests in flight
costs more CPU than the network time (a plain ``AsyncClient`` took ~9x the
latency bound on bench/links_bench.py's shape). ``httpx-aiohttp`` (by an
httpx maintainer) puts aiohttp's connector behind httpx's transport
interface (``httpx.AsyncBaseTransport.handle_async_request``), which the
layer calls directly: ``AsyncClient.send`` on top of it cost another ~0.25
ms of CPU per request (auth flow, redirect bookkeeping, a cookie-jar pass on
every answer), a third of citecheck's whole cost per link, for machinery the
layer does itself on httpx's public types (redirect loop, ``httpx.Cookies``
per chain). citecheck's own per-origin limits sit above (layer.py).

Proxies come from the environment as ``trust_env`` does (``HTTP_PROXY``,
``HTTPS_PROXY``, ``ALL_PROXY``, ``NO_PROXY``), read with the standard
library's ``urllib.request`` functions: one transport per proxy.
"""

from __future__ import annotations

import urllib.request

import httpx

from ..config import Settings


def _fast_transport(settings: Settings, proxy: str | None) -> httpx.AsyncBaseTransport:
    limits = httpx.Limits(max_connections=settings.total_concurrency,
                          max_keepalive_connections=settings.total_concurrency)
    try:
        from httpx_aiohttp import AiohttpTransport
    except ImportError:  # a dependency; without it httpx's own pool still works
        return httpx.AsyncHTTPTransport(limits=limits, proxy=proxy)
    return AiohttpTransport(limits=limits, proxy=httpx.Proxy(proxy) if proxy else None)


class Transports:
    """The transport for each URL: direct, or through the environment's proxy for it."""

    def __init__(self, settings: Settings,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.settings = settings
        self._given = transport
        self._proxies = {} if transport is not None else urllib.request.getproxies_environment()
        self._open: dict[str | None, httpx.AsyncBaseTransport] = {}

    def proxy_for(self, url: httpx.URL) -> str | None:
        proxy = self._proxies.get(url.scheme) or self._proxies.get("all")
        if not proxy:
            return None
        host = url.host if url.port is None else f"{url.host}:{url.port}"
        if urllib.request.proxy_bypass_environment(host, self._proxies):
            return None
        return proxy if "://" in proxy else "http://" + proxy

    def for_url(self, url: httpx.URL) -> httpx.AsyncBaseTransport:
        if self._given is not None:
            return self._given
        proxy = self.proxy_for(url)
        transport = self._open.get(proxy)
        if transport is None:
            transport = self._open[proxy] = _fast_transport(self.settings, proxy)
        return transport

    async def aclose(self) -> None:
        opened, self._open = list(self._open.values()), {}
        if self._given is not None:
            opened.append(self._given)
        for transport in opened:
            await transport.aclose()
