"""Is the network usable? Decided per configured endpoint and from failures, never one host.

Two questions, two answers:

* :func:`endpoints_reachable` — before the network stages: can any endpoint
  this run will use (the enabled catalogues, the archive services; every one
  a setting, so a mirror on 127.0.0.1 counts) be reached? Each is tried on
  its own: a loopback or IP-literal endpoint by opening a TCP connection, a
  named one by resolving its name. If none can, every lookup is 'unchecked'
  at once instead of failing one by one.
* :func:`public_web_down` — after the links were checked: when no cited
  link got an HTTP answer, were the failures the links' or the network's?
  An HTTP answer from any public host in this layer's recent life says the
  network works; so does any configured public endpoint that resolves now.
  A mirror on this machine says nothing about the public web.
"""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Iterable
from urllib.parse import urlsplit

from ..config import Settings, current_run
from .layer import HttpLayer, is_loopback

PROBE_TIMEOUT = 3.0
# An HTTP answer from a public host this recent shows the network works.
RECENT_ANSWER = 600.0


def endpoints(settings: Settings, *, links: bool = True, catalogues: bool = True) -> list[str]:
    """Base URLs of the services a run uses (archives for links, enabled catalogues)."""
    out: list[str] = []
    if links and current_run().archive != "none":
        out += [settings.cdx_url, settings.wayback_url, settings.memento_url]
    if catalogues:
        for name in settings.catalogues:
            if name == "openalex" and not settings.openalex_key:
                continue  # skipped without a key
            out.append(getattr(settings, f"{name}_url"))
    return list(dict.fromkeys(u for u in out if u))


async def endpoint_reachable(url: str, timeout: float = PROBE_TIMEOUT) -> bool:
    """Can *url*'s host be reached: a TCP connection for local/IP hosts, a name lookup else."""
    parts = urlsplit(url)
    host = parts.hostname
    if not host:
        return False
    port = parts.port or (443 if parts.scheme == "https" else 80)
    literal = _is_ip(host)
    try:
        async with asyncio.timeout(timeout):
            if literal or is_loopback(host):
                _, writer = await asyncio.open_connection(host, port)
                writer.close()
                try:
                    await writer.wait_closed()
                except OSError:
                    pass
            else:
                await asyncio.get_running_loop().getaddrinfo(host, port,
                                                             type=socket.SOCK_STREAM)
    except (TimeoutError, OSError):
        return False
    return True


def _is_ip(host: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


async def any_reachable(urls: Iterable[str], timeout: float = PROBE_TIMEOUT) -> bool:
    """True as soon as one of *urls* is reachable (all are tried at once)."""
    urls = list(urls)
    if not urls:
        return False
    results = await asyncio.gather(*(endpoint_reachable(u, timeout) for u in urls))
    return any(results)


async def endpoints_reachable(settings: Settings, *, links: bool = False,
                              catalogues: bool = True) -> bool:
    """Can the network stages of this run reach any of their endpoints? (the pipeline asks).

    With nothing to reach (a links-only run), the links themselves decide.
    """
    # links (and their archive look-ups) are judged from their own failures afterwards
    # (public_web_down): a run that only checks links is never stopped here
    urls = endpoints(settings, links=links, catalogues=catalogues)
    if not urls:
        return True
    return await any_reachable(urls)


async def public_web_down(settings: Settings, http: HttpLayer | None = None) -> bool:
    """When no link got an answer: is the public web out of reach? (links ask).

    Not down if a public host answered this layer recently or any configured
    public endpoint resolves; down if none does. With no public endpoint
    configured at all there is no other evidence: the links' failures stand.
    """
    if http is not None and http.last_public_answer is not None and (
        time.monotonic() - http.last_public_answer < RECENT_ANSWER
    ):
        return False
    public = [u for u in endpoints(settings)
              if (h := urlsplit(u).hostname) and not is_loopback(h) and not _is_ip(h)]
    if not public:
        return False
    return not await any_reachable(public)
