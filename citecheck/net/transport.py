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
library's ``urllib.request`` functions: one transport per proxy. Every process
that builds a layer reads them the same way (the CLI, ``serve``, each
``worker``); a process that needs a policy or counting around each transport
passes ``wrap`` rather than a transport of its own, so proxies still apply.
"""

from __future__ import annotations

import os
import socket
import ssl
import threading
import urllib.request
from collections.abc import Callable
from typing import Any

import httpx

from ..config import Settings


SocketFactory = Callable[[Any], socket.socket]
# (a transport the layer opened, the proxy it goes through or None) -> the transport to use:
# how a process adds its own policy or counting around every transport, proxied or direct
Wrap = Callable[[httpx.AsyncBaseTransport, "str | None"], httpx.AsyncBaseTransport]

# Response headers as large as real sites send (a long Content-Security-Policy, a big
# cookie, a CDN's trace headers), which aiohttp's defaults (8 KiB a line, 128 headers)
# refuse; still bounded, so one answer's headers stay within a few megabytes.
MAX_HEADER_BYTES = 32 * 1024
MAX_HEADERS = 200


# --------------------------------------------------------------------------- TLS

# One verifying TLS context per process (httpx's defaults: certifi's roots, or SSL_CERT_FILE /
# SSL_CERT_DIR), shared by every transport of every layer: loading the roots costs ~20 ms of
# CPU, which each new layer (a service runs one per job) and each transport used to pay again,
# the first request of a run waiting for it.
_tls_lock = threading.Lock()
_tls: dict[tuple[str | None, str | None], ssl.SSLContext] = {}  # by SSL_CERT_FILE, SSL_CERT_DIR


def _roots() -> tuple[str | None, str | None]:
    return os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR")


def tls_context() -> ssl.SSLContext:
    """The process's TLS context for the roots the environment names, built on first use."""
    roots = _roots()
    with _tls_lock:
        context = _tls.get(roots)
        if context is None:
            context = _tls[roots] = httpx.create_ssl_context()
        return context


def warm_tls() -> None:
    """Start building the TLS context on a thread (OpenSSL reads the roots without the GIL),
    so that a run's first request finds it ready."""
    if _roots() not in _tls:
        threading.Thread(target=tls_context, name="citecheck-tls", daemon=True).start()


def no_roots_context() -> ssl.SSLContext:
    """A TLS context that trusts no root, for the transport of plain-http requests, which
    never use TLS: built at once (there are no roots to read), so a run's first http://
    requests do not wait for :func:`tls_context`; and if it were ever used, no
    certificate would verify (``PROTOCOL_TLS_CLIENT`` checks host names and requires a
    trusted chain)."""
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def _new_tls_lock() -> None:
    global _tls_lock
    _tls_lock = threading.Lock()  # a forked child: no thread behind a lock held at the fork


os.register_at_fork(after_in_child=_new_tls_lock)


def fast_transport(settings: Settings, *, proxy: str | None = None,
                   socket_factory: SocketFactory | None = None,
                   tls: bool = True) -> httpx.AsyncBaseTransport:
    """An httpx transport on aiohttp's connector (httpx-aiohttp).

    ``tls=False``: for plain-http requests (and a plain-http proxy) only, with
    :func:`no_roots_context` instead of the verifying context.

    ``socket_factory`` is aiohttp's connect-time hook
    (``aiohttp.TCPConnector(socket_factory=...)``): it is given every address
    about to be connected to, after resolution and on every redirect hop, so an
    address policy applied there leaves no gap (the service's, service/ssrf.py).
    """
    limits = httpx.Limits(max_connections=settings.total_concurrency,
                          max_keepalive_connections=settings.total_concurrency)
    try:
        import aiohttp
        from httpx_aiohttp import AiohttpTransport
    except ImportError:  # a dependency; without it httpx's own pool still works
        if socket_factory is not None:
            raise
        return httpx.AsyncHTTPTransport(verify=tls_context() if tls else no_roots_context(),
                                        limits=limits, proxy=proxy)
    ssl_context = tls_context() if tls else no_roots_context()

    def client() -> Any:  # built on first use, inside the running event loop
        connector = aiohttp.TCPConnector(
            limit=settings.total_concurrency, ssl=ssl_context,
            keepalive_timeout=limits.keepalive_expiry, socket_factory=socket_factory)
        return aiohttp.ClientSession(
            connector=connector, max_line_size=MAX_HEADER_BYTES,
            max_field_size=MAX_HEADER_BYTES, max_headers=MAX_HEADERS)

    return AiohttpTransport(verify=ssl_context, limits=limits,
                            proxy=httpx.Proxy(proxy) if proxy else None, client=client)


class Transports:
    """The transport for each URL: direct, or through the environment's proxy for it; one
    with the verifying TLS context for https:// (or an https:// proxy), one without for
    plain http://, which so never waits for the roots to load."""

    def __init__(self, settings: Settings,
                 transport: httpx.AsyncBaseTransport | None = None, *,
                 socket_factory: SocketFactory | None = None, wrap: Wrap | None = None) -> None:
        self.settings = settings
        self._wrap = wrap
        self._given = wrap(transport, None) if transport is not None and wrap else transport
        self._socket_factory = socket_factory
        self._proxies = {} if transport is not None else urllib.request.getproxies_environment()
        self._open: dict[tuple[Any, ...], httpx.AsyncBaseTransport] = {}

    def proxy_for(self, url: httpx.URL) -> str | None:
        proxy = self._proxies.get(url.scheme) or self._proxies.get("all")
        if not proxy:
            return None
        host = url.host if url.port is None else f"{url.host}:{url.port}"
        if urllib.request.proxy_bypass_environment(host, self._proxies):
            return None
        return proxy if "://" in proxy else "http://" + proxy

    def _route(self, url: httpx.URL) -> tuple[str | None, bool]:
        """(the proxy for *url* or None, whether its connection needs the verifying TLS
        context: an https:// URL, or any URL through a proxy that is not plain http://)."""
        proxy = self.proxy_for(url)
        return proxy, url.scheme != "http" or (proxy is not None
                                               and not proxy.startswith("http://"))

    def for_url(self, url: httpx.URL) -> httpx.AsyncBaseTransport:
        if self._given is not None:
            return self._given
        proxy, tls = self._route(url)
        transport = self._open.get((proxy, tls))
        if transport is None:
            transport = fast_transport(self.settings, proxy=proxy,
                                       socket_factory=self._socket_factory, tls=tls)
            if self._wrap is not None:
                transport = self._wrap(transport, proxy)
            self._open[(proxy, tls)] = transport
        return transport

    def second_parser(self, url: httpx.URL) -> httpx.AsyncBaseTransport | None:
        """httpx's own transport (httpcore and h11) for *url*, for an answer aiohttp's parser
        refused: h11 reads what browsers read and llhttp does not (a body longer than its
        Content-Length, Transfer-Encoding beside Content-Length, a header of 100 KB or 500
        headers; all its headers bounded together at 100 KiB). None where the connections
        are not citecheck's to choose: a transport given to the layer, or a connect-time
        address policy (``socket_factory``), which httpcore has no hook for."""
        if self._given is not None or self._socket_factory is not None:
            return None
        proxy, tls = self._route(url)
        key = ("second parser", proxy, tls)
        transport = self._open.get(key)
        if transport is None:
            transport = httpx.AsyncHTTPTransport(
                verify=tls_context() if tls else no_roots_context(), proxy=proxy,
                limits=httpx.Limits(max_connections=self.settings.total_concurrency,
                                    max_keepalive_connections=0))
            self._open[key] = transport
        return transport

    async def aclose(self) -> None:
        opened, self._open = list(self._open.values()), {}
        if self._given is not None:
            opened.append(self._given)
        for transport in opened:
            await transport.aclose()
