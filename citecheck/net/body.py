"""Reading a streamed body up to a byte cap, decoded, in bounded memory.

The status line and headers are the server's answer; a body that ends early
(a wrong Content-Length, a connection closed mid-chunk), is mislabelled
(``Content-Encoding: gzip`` on plain bytes) or is sent in an encoding
citecheck never asked for is kept as far as it goes, with a note saying what
was wrong with it (:class:`Body`), instead of turning the answer into a
connection failure.
"""

from __future__ import annotations

import zlib
from typing import Any, NamedTuple

import httpx

# The Accept-Encoding citecheck sends, and so the encodings it decodes itself.
DECODED = ("gzip", "x-gzip", "deflate")
# Compressions a server may send though not asked for: decoding them needs libraries
# citecheck does not use (and httpx's decoders are not bounded per chunk): not read.
NOT_READ = frozenset({"br", "zstd", "compress", "x-compress"})


class Body(NamedTuple):
    content: bytes
    truncated: bool  # cut at the byte cap (the body went on)
    note: str = ""  # what was wrong with the body as sent ("" when nothing)
    cut: bool = False  # the transfer broke off: another try may get all of it
    broken: bool = False  # not all of the body: cut, or undecodable past a point


class _Inflater:
    """gzip/deflate decoding that never produces more than asked for.

    httpx's decoders inflate each network chunk in full, so one chunk of a
    gzip bomb (ratio ~1000:1) would become tens of megabytes at once; zlib's
    ``max_length`` keeps each step bounded by the cap.
    """

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self._first = encoding == "deflate"
        if encoding in ("gzip", "x-gzip"):
            self._z: Any = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._z = zlib.decompressobj()
        else:
            self._z = None

    def plain(self) -> None:
        """Read the rest as sent (the body was not in the encoding its label says)."""
        self._z = None

    def feed(self, data: bytes, limit: int) -> bytes:
        if self._z is None:
            return data[:limit]
        if self._first:
            self._first = False
            if data and (data[0] & 0x0F) != 8:  # raw deflate without the zlib header
                self._z = zlib.decompressobj(-zlib.MAX_WBITS)
        return self._z.decompress(data, limit)


def _looks_encoded(encoding: str, data: bytes) -> bool:
    """The first bytes are those of the encoding (gzip's magic number, zlib's header)."""
    if encoding in ("gzip", "x-gzip"):
        return data[:2] == b"\x1f\x8b"
    # deflate: a zlib header (CM 8, checksum); raw deflate has no mark to tell
    return len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] * 256 + data[1]) % 31 == 0


def _encoding(resp: httpx.Response) -> str:
    """The one content coding to undo ('' for none); several are named joined by ', '."""
    codings = [c.strip().lower() for c in resp.headers.get("content-encoding", "").split(",")]
    codings = [c for c in codings if c and c != "identity"]
    return ", ".join(codings)


def _why(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:120] or type(exc).__name__


async def read_capped(resp: httpx.Response, max_bytes: int) -> Body:
    """Read at most ``max_bytes`` *decoded* bytes of a streamed response."""
    encoding = _encoding(resp)
    if resp.is_stream_consumed:  # in-memory responses (httpx.MockTransport) arrive read
        return Body(resp.content[:max_bytes], len(resp.content) > max_bytes)
    if "," in encoding or encoding in NOT_READ:
        return Body(b"", False, f"the body is sent with Content-Encoding: {encoding[:40]}, "
                                "which citecheck did not ask for; not read")
    inflater = _Inflater(encoding if encoding in DECODED else "identity")
    chunks: list[bytes] = []
    size = 0
    truncated = False
    # a coding no one registered ('x-funky'): the bytes may be plain or not; said, read as sent
    note = (f"the body is sent with an unknown Content-Encoding: {encoding[:40]}; read as sent"
            if encoding and encoding not in DECODED else "")
    cut = False
    broken = False
    first = True
    try:
        async for data in resp.aiter_raw():  # as it arrives: a break-off keeps what came
            # one byte more than the cap: a body of exactly max_bytes is not "truncated"
            want = max_bytes + 1 - size
            try:
                out = inflater.feed(data, want)
            except zlib.error as exc:
                if not first or note or _looks_encoded(encoding, data):
                    # a damaged stream: what was decoded is kept, and it is not the whole body
                    note = f"the {encoding} body is corrupt after {size} bytes ({exc})"
                    broken = True
                    break
                # the first bytes are not of the encoding: the label is wrong, read as sent
                note = f"the body is labelled {encoding} but is not {encoding}; read as sent"
                inflater.plain()
                out = inflater.feed(data, want)
            first = False
            chunks.append(out)
            size += len(out)
            if size > max_bytes:
                truncated = True
                break
    except (httpx.ReadError, httpx.RemoteProtocolError) as exc:
        # the answer's status and headers arrived; the body broke off
        cut = True
        note = (f"the body was cut short after {size} bytes ({_why(exc)})" if size
                else f"the body could not be read ({_why(exc)})")
    body = b"".join(chunks)
    return Body(body[:max_bytes], truncated, note, cut, broken or cut)
