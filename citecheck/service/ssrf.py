"""Which addresses the service may connect to: an SSRF policy, and the connect-time hook that applies it.

The service fetches URLs strangers put in documents, so it must never be
turned against the machine it runs on or the network behind it. Two parts:

* :class:`AddressPolicy` (pure): parse a host as written in a URL — dotted
  IPv4, the decimal (``2130706433``), hex (``0x7f000001``), octal
  (``0177.0.0.1``) and short (``127.1``) spellings that ``inet_aton`` accepts,
  IPv6 with or without brackets and zone, IPv4-mapped/compatible/6to4/NAT64
  IPv6 — and decide whether an *address* may be connected to, with a reason:
  loopback, private, link-local, multicast, reserved, unspecified, shared
  (CGNAT), documentation, benchmarking and every other non-global range are
  refused, unless the operator allow-lists a network or an exact ``host:port``.
* :func:`socket_factory`: the connect-time hook, for the HTTP layer's aiohttp
  transport (``aiohttp.TCPConnector(socket_factory=...)``): aiohttp calls it
  with the address it is about to connect to, after its own resolution, on
  every redirect hop, so what is checked is what is connected to — no gap for
  DNS rebinding.

A refusal raises :class:`AddressRefused`, a ``NetError`` that is not a
``ConnectError`` (so the HTTP layer does not retry it); the link checker
reports it as a connection error with the reason as evidence, so a refused
URL shows in the report with why.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

from ..errors import NetError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class AddressRefused(NetError):
    """The service's address policy refused the connection (never retried)."""


# Ranges named for the reason given; checked in this order, before the library's
# is_global (which catches the rest of the IANA special-purpose registries).
_NAMED: list[tuple[str, list[str]]] = [
    ("unspecified", ["0.0.0.0/8", "::/128"]),
    ("loopback", ["127.0.0.0/8", "::1/128"]),
    ("link-local", ["169.254.0.0/16", "fe80::/10"]),
    ("private", ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"]),
    ("shared address space (carrier-grade NAT)", ["100.64.0.0/10"]),
    ("multicast", ["224.0.0.0/4", "ff00::/8"]),
    ("broadcast", ["255.255.255.255/32"]),
    ("reserved", ["240.0.0.0/4", "192.0.0.0/24", "198.18.0.0/15", "192.0.2.0/24",
                  "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32", "100::/64",
                  "2001::/23", "5f00::/16", "3fff::/20"]),
]
NAMED_RANGES: list[tuple[str, Network]] = [
    (reason, ipaddress.ip_network(net)) for reason, nets in _NAMED for net in nets
]

_INT_PART = re.compile(r"^(0[xX][0-9a-fA-F]*|0[0-7]*|[1-9][0-9]*)$")


def parse_ipv4_loose(text: str) -> ipaddress.IPv4Address | None:
    """An IPv4 address in any spelling ``inet_aton`` (and so a resolver) accepts, else None.

    ``127.0.0.1``, ``2130706433``, ``0x7f000001``, ``0177.0.0.1``, ``127.1``,
    ``0x7f.1``: one to four parts, each decimal, octal (leading 0) or hex
    (``0x``); the last part fills the remaining bytes.
    """
    parts = text.split(".")
    if text.endswith("."):  # a trailing dot is allowed by resolvers ("127.0.0.1.")
        parts = parts[:-1]
    if not 1 <= len(parts) <= 4 or not all(_INT_PART.match(p) for p in parts):
        return None
    values = []
    for p in parts:
        if p[:2].lower() == "0x":
            values.append(int(p[2:] or "0", 16))
        elif len(p) > 1 and p.startswith("0"):
            values.append(int(p, 8))
        else:
            values.append(int(p))
    *head, last = values
    if any(v > 255 for v in head) or last >= 256 ** (4 - len(head)):
        return None
    number = 0
    for v in head:
        number = number * 256 + v
    number = number * 256 ** (4 - len(head)) + last
    return ipaddress.IPv4Address(number)


def parse_ip(host: str) -> IPAddress | None:
    """The address a URL host denotes when it is a literal (any spelling), else None (a name)."""
    text = host.strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    if "%" in text:  # an IPv6 zone ("fe80::1%eth0")
        text = text.split("%", 1)[0]
    if ":" in text:
        try:
            return ipaddress.IPv6Address(text)
        except ValueError:
            return None
    return parse_ipv4_loose(text)


def embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one carries: mapped, compatible, 6to4, NAT64 (64:ff9b::/96)."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    packed = address.packed
    if packed[:12] == b"\0" * 12 and packed[12:] not in (b"\0\0\0\0", b"\0\0\0\1"):
        return ipaddress.IPv4Address(packed[12:])  # IPv4-compatible (deprecated, still routed)
    if address in ipaddress.ip_network("64:ff9b::/96"):
        return ipaddress.IPv4Address(packed[12:])
    return None


def classify(address: IPAddress) -> str | None:
    """Why connecting to *address* is refused ("loopback", "private" …), or None if it is public."""
    if isinstance(address, ipaddress.IPv6Address):
        inner = embedded_ipv4(address)
        if inner is not None:
            reason = classify(inner)
            return f"{reason} (IPv4 {inner} inside IPv6)" if reason else None
    for reason, network in NAMED_RANGES:
        if address.version == network.version and address in network:
            return reason
    if not address.is_global:
        return "reserved"
    return None


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str


@dataclass
class AddressPolicy:
    """Allow public addresses only, plus what the operator allow-lists.

    *allow* holds networks (``10.1.0.0/16``, ``127.0.0.1``) any port of which
    is allowed, and exact ``host:port`` pairs (``127.0.0.1:8081``,
    ``[::1]:9000``, ``catalogue.intranet:443``) for one service each; a name in
    a pair is matched against the URL's host as connected to.
    """

    allow: Sequence[str] = ()
    networks: list[Network] = field(init=False, default_factory=list)
    endpoints: set[tuple[str, int]] = field(init=False, default_factory=set)

    def __post_init__(self) -> None:
        for item in self.allow:
            item = item.strip()
            if not item:
                continue
            endpoint = _split_endpoint(item)
            if endpoint is not None:
                self.endpoints.add(endpoint)
                continue
            try:
                self.networks.append(ipaddress.ip_network(item.strip("[]"), strict=False))
            except ValueError:
                raise ValueError(f"allow-list entry {item!r}: not a network or host:port") from None

    def allows_endpoint(self, host: str, port: int) -> bool:
        """Whether *host*:*port* (as the URL names it) is allow-listed as a pair."""
        ip = parse_ip(host)
        name = str(ip) if ip is not None else host.strip("[]").rstrip(".").lower()
        return (name, port) in self.endpoints

    def check_address(self, address: IPAddress, port: int, host: str | None = None) -> Decision:
        """May the service connect to *address*:*port* (reached as *host*)?"""
        if (str(address), port) in self.endpoints or (
            host is not None and self.allows_endpoint(host, port)
        ):
            return Decision(True, "allow-listed endpoint")
        if any(address.version == n.version and address in n for n in self.networks):
            return Decision(True, "allow-listed network")
        reason = classify(address)
        if reason is None:
            return Decision(True, "public address")
        return Decision(False, f"{address} is a {reason} address")

    def check_literal(self, host: str, port: int) -> Decision | None:
        """The decision for a host that is an address literal, or None for a name."""
        ip = parse_ip(host)
        return None if ip is None else self.check_address(ip, port, host)


def _split_endpoint(item: str) -> tuple[str, int] | None:
    match = re.fullmatch(r"\[([0-9a-fA-F:.]+)\]:(\d+)|([^:\[\]/]+):(\d+)", item)
    if not match:
        return None
    host = match.group(1) or match.group(3)
    port = int(match.group(2) or match.group(4))
    ip = parse_ip(host)
    return (str(ip) if ip is not None else host.rstrip(".").lower(), port)


def refusal(host: str, port: int, decision: Decision) -> AddressRefused:
    where = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return AddressRefused(
        f"refused by the service's address policy: {where}:{port} -> {decision.reason}", host)


def socket_factory(policy: AddressPolicy, refused: list[str] | None = None) -> Any:
    """The same policy for an aiohttp transport: ``aiohttp.TCPConnector(socket_factory=...)``.

    aiohttp (3.12+) calls the factory with the address it is about to connect
    to — after its own resolution, for names and literals alike, on every
    redirect hop — so vetting here also leaves no DNS-rebinding gap. Exact
    ``host:port`` allow-list entries match by address here (the factory is
    not told the host name). A refusal is a ``PermissionError`` whose text is
    the reason (and is appended to *refused*, if given); the HTTP layer should
    report it without retrying.
    """

    def factory(addr_info: Any) -> socket.socket:
        family, type_, proto, _canon, sockaddr = addr_info
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        decision = policy.check_address(address, int(sockaddr[1]))
        if not decision.allowed:
            message = str(refusal(str(address), int(sockaddr[1]), decision))
            if refused is not None:
                refused.append(message)
            raise PermissionError(message)
        return socket.socket(family=family, type=type_, proto=proto)

    return factory


# --------------------------------------------------------------------------- through a proxy


def proxy_endpoints(proxies: dict[str, str] | None = None) -> list[str]:
    """The environment's proxies (``HTTP_PROXY``, ``HTTPS_PROXY``, ``ALL_PROXY``) as
    allow-list entries: the operator configured them, as the catalogue endpoints, so
    connecting to them is allowed. A proxy named by a host name is entered by the addresses
    it resolves to now (the connect-time hook sees addresses, not names)."""
    import urllib.request
    from urllib.parse import urlsplit

    found = urllib.request.getproxies_environment() if proxies is None else proxies
    out: list[str] = []
    for key, value in found.items():
        if key == "no" or not value:
            continue
        try:
            parts = urlsplit(value if "://" in value else "http://" + value)
            host, port = parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            continue
        if not host:
            continue
        if parse_ip(host) is not None:
            addresses = [str(parse_ip(host))]
        else:
            try:
                addresses = sorted({str(info[4][0]).split("%", 1)[0] for info in
                                    socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)})
            except (OSError, UnicodeError):
                addresses = []  # not resolvable now: connecting to it will fail anyway
        out += [f"[{a}]:{port}" if ":" in a else f"{a}:{port}" for a in addresses]
    return out


class ProxiedTargets(httpx.AsyncBaseTransport):
    """The address policy for requests a proxy sends on (an ``httpx`` transport wrapper).

    Through a proxy the connection is to the proxy, so the connect-time hook vets
    the proxy, not the cited host. Before a request is handed to the proxy its
    target is vetted here: an address literal as it is, a name by the addresses
    this machine resolves it to (every one must be allowed). A name this machine
    cannot resolve is left to the proxy (an egress proxy often resolves what the
    machine cannot): a proxy that can reach an internal network should refuse
    internal destinations itself. Decisions are kept for a minute per host and port.
    """

    TTL = 60.0

    def __init__(self, inner: Any, policy: AddressPolicy, resolve: Any = None) -> None:
        self.inner, self.policy = inner, policy
        self._resolve = resolve
        self._seen: dict[tuple[str, int], tuple[float, Decision]] = {}

    async def _addresses(self, host: str, port: int) -> list[str]:
        if self._resolve is not None:
            return list(await self._resolve(host, port))
        import asyncio

        infos = await asyncio.get_running_loop().getaddrinfo(host, port,
                                                             type=socket.SOCK_STREAM)
        return [str(info[4][0]) for info in infos]

    async def decide(self, host: str, port: int) -> Decision:
        import time

        key = (host.lower(), port)
        now = time.monotonic()
        kept = self._seen.get(key)
        if kept is not None and kept[0] > now:
            return kept[1]
        decision = self.policy.check_literal(host, port)
        if decision is None and self.policy.allows_endpoint(host, port):
            decision = Decision(True, "allow-listed endpoint")
        name = host.rstrip(".").lower()
        if decision is None and (name == "localhost" or name.endswith(".localhost")):
            # RFC 6761: loopback on every resolver, the proxy's too (no lookup needed here)
            decision = Decision(False, f"{host} is a loopback name")
        if decision is None:
            try:
                addresses = await self._addresses(host.strip("[]"), port)
            except (OSError, UnicodeError):
                addresses = []
            decision = Decision(True, "not resolvable here: left to the proxy")
            for text in addresses:
                verdict = self.policy.check_address(
                    ipaddress.ip_address(text.split("%", 1)[0]), port, host)
                decision = verdict
                if not verdict.allowed:
                    break
        if len(self._seen) > 4096:
            self._seen.clear()
        self._seen[key] = (now + self.TTL, decision)
        return decision

    async def handle_async_request(self, request: Any) -> Any:
        url = request.url
        port = url.port or (443 if url.scheme == "https" else 80)
        decision = await self.decide(url.host, port)
        if not decision.allowed:
            raise refusal(url.host, port, decision)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()
