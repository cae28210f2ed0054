"""httpx/OS exceptions -> citecheck's ``NetError`` tree (other modules never see httpx's)."""

from __future__ import annotations

import socket
import ssl
from collections.abc import Iterable
import re

import httpx

from .. import errors

_DNS_PATTERNS = re.compile(
    r"name or service not known|nodename nor servname|temporary failure in name resolution|"
    r"no address associated|getaddrinfo failed|name resolution|cannot connect to host .*"
    r"\[(?:name|no address)|errno -[235]\b|errno 11001",
    re.IGNORECASE,
)
# a resolver that did not answer (EAI_AGAIN, Windows' WSATRY_AGAIN): the name may well exist
_DNS_TEMPORARY = re.compile(r"temporary failure in name resolution|errno -3\b|errno 11002\b|"
                            r"try again|server failure", re.IGNORECASE)
_TLS_PATTERNS = re.compile(r"ssl|certificate|tls|handshake", re.IGNORECASE)
# what OpenSSL says when the other end answers a TLS hello in plain text (HTTP on the port)
_NOT_TLS = re.compile(r"wrong version number|packet length too long|record layer failure|"
                      r"unknown protocol", re.IGNORECASE)


def _tls(chain: list[BaseException], text: str, url: str) -> errors.TLSError:
    """A TLS failure, said as what went wrong: the certificate and why, or no TLS at all."""
    # the ssl module's own error, in the chain or kept by aiohttp as ``certificate_error``
    # (aiohttp's exception is an ssl.CertificateError too, without the verify details)
    found = [*chain, *(getattr(e, "certificate_error", None) for e in chain)]
    cert = next((e for e in found if isinstance(e, ssl.SSLCertVerificationError)
                 and hasattr(e, "verify_message")), None)
    if cert is not None:
        why = (cert.verify_message or cert.reason or "verification failed").rstrip(".")
        why = why.replace("self signed", "self-signed")
        return errors.TLSError(f"TLS certificate not accepted: {why}", url)
    if _NOT_TLS.search(text):
        return errors.TLSError("TLS handshake failed: the server does not speak TLS on this port "
                               f"(plain HTTP?): {_short(text)}", url)
    return errors.TLSError(f"TLS failure: {_short(text)}", url)


def _dns(chain: list[BaseException], text: str, url: str) -> errors.NetError:
    """A name that did not resolve: gone (DNSError), or not resolved for now (the resolver
    did not answer: NameLookupFailed, which is no evidence about the name)."""
    again = getattr(socket, "EAI_AGAIN", None)
    if _DNS_TEMPORARY.search(text) or any(
            isinstance(e, socket.gaierror) and e.errno == again for e in chain):
        return errors.NameLookupFailed(
            f"host name lookup failed for now (temporary failure in name resolution: the "
            f"resolver did not answer); not evidence the name is gone: {_short(text)}", url)
    return errors.DNSError(f"host name does not resolve: {_short(text)}", url)


def translate(exc: BaseException, url: str) -> errors.NetError:
    """Map an httpx/OS exception to citecheck's NetError tree."""
    if isinstance(exc, errors.NetError):
        return exc
    chain = list(_chain(exc))
    text = " ".join(dict.fromkeys(str(e) for e in chain))  # each message once
    aio = next((e for e in chain if type(e).__module__.startswith("aiohttp")), None)
    if aio is not None:
        # the transport's own exception decides: httpx-aiohttp maps a refused connection
        # and a dropped one to httpx.ConnectTimeout, which would read as a timeout
        mro = {c.__name__ for c in type(aio).__mro__}
        if "InvalidUrlClientError" in mro or "NonHttpUrlClientError" in mro:
            return errors.NetError(f"invalid URL: {_short(str(aio))}", url)
        if isinstance(aio, TimeoutError):
            return errors.TimeoutError_(f"timed out ({type(aio).__name__})", url)
        if "ClientSSLError" in mro or any(isinstance(e, ssl.SSLError) for e in chain):
            return _tls(chain, text, url)
        if "ClientConnectorDNSError" in mro or _DNS_PATTERNS.search(text):
            return _dns(chain, text, url)
        if "ClientResponseError" in mro:  # the answer came, but is not HTTP aiohttp can parse
            why = str(getattr(aio, "message", "") or text)
            return errors.ProtocolError(f"the server's answer is not valid HTTP: "
                                        f"{_not_http(why)}", url)
        if "ServerDisconnectedError" in mro:
            # aiohttp keeps what it had parsed of the answer as ``message``: a status line
            # and some headers when the server hung up in the middle of them
            code = getattr(getattr(aio, "message", None), "code", None)
            if isinstance(code, int):
                return errors.ProtocolError(
                    f"the server closed the connection in the middle of its answer's headers "
                    f"(after a status line saying {code})", url)
            return errors.ConnectError("connection failed: the server closed the connection "
                                       "without answering", url)
        return errors.ConnectError(f"connection failed: {_short(text) or type(aio).__name__}",
                                   url)
    if isinstance(exc, (httpx.TimeoutException, TimeoutError)):
        return errors.TimeoutError_(f"timed out ({type(exc).__name__})", url)
    if isinstance(exc, httpx.RemoteProtocolError):  # h11's refusal (the second parser)
        if "disconnected" in text.lower():
            return errors.ConnectError("connection failed: the server closed the connection "
                                       "without answering", url)
        return errors.ProtocolError(f"the server's answer is not valid HTTP: {_not_http(text)}",
                                    url)
    if isinstance(exc, httpx.TooManyRedirects):
        return errors.TooManyRedirects(str(exc), url)
    if isinstance(exc, (httpx.UnsupportedProtocol, httpx.InvalidURL)):
        return errors.NetError(f"invalid URL: {exc}", url)
    if any(isinstance(e, ssl.SSLError) for e in chain) or (
        isinstance(exc, httpx.ConnectError) and _TLS_PATTERNS.search(text)
    ):
        return _tls(chain, text, url)
    if _DNS_PATTERNS.search(text) or any(type(e).__name__ == "gaierror" for e in chain):
        return _dns(chain, text, url)
    if isinstance(exc, (httpx.TransportError, OSError)):
        return errors.ConnectError(f"connection failed: {_short(text) or type(exc).__name__}", url)
    return errors.NetError(f"request failed: {_short(text) or type(exc).__name__}", url)


# the first bytes of a TLS record (an alert or a handshake), as aiohttp quotes them
_TLS_RECORD = re.compile(r"b'\\x1[56]\\x03\\x0[0-4]")


def _not_http(why: str) -> str:
    """What aiohttp said of an answer it could not parse, and what it was when that is clear:
    a TLS record is a TLS server on the port of an http:// URL."""
    if _TLS_RECORD.search(why):
        return ("the port answers in TLS, not plain HTTP (an https:// server?): "
                + _short(why)[:100])
    return _short(why)


def _chain(exc: BaseException) -> Iterable[BaseException]:
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        yield cur
        cur = cur.__cause__ or cur.__context__


def _short(text: str) -> str:
    return " ".join(text.split())[:200]
