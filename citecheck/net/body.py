"""Reading a streamed body up to a byte cap, decoded, in bounded memory."""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator
from typing import Any

import httpx

from .. import errors

CHUNK = 64 * 1024


class _Inflater:
    """gzip/deflate decoding that never produces more than asked for.

    httpx's decoders inflate each network chunk in full, so one chunk of a
    gzip bomb (ratio ~1000:1) would become tens of megabytes at once; zlib's
    ``max_length`` keeps each step bounded by the cap. Other encodings (br,
    zstd) are decoded by httpx.
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

    def feed(self, data: bytes, limit: int) -> bytes:
        if self._z is None:
            return data[:limit]
        if self._first:
            self._first = False
            if data and (data[0] & 0x0F) != 8:  # raw deflate without the zlib header
                self._z = zlib.decompressobj(-zlib.MAX_WBITS)
        return self._z.decompress(data, limit)


async def read_capped(resp: httpx.Response, max_bytes: int) -> tuple[bytes, bool]:
    """Read at most ``max_bytes`` *decoded* bytes of a streamed response."""
    encoding = resp.headers.get("content-encoding", "identity").strip().lower()
    if resp.is_stream_consumed:  # in-memory responses (httpx.MockTransport) arrive read
        return resp.content[:max_bytes], len(resp.content) > max_bytes
    chunks: list[bytes] = []
    size = 0
    truncated = False
    own = encoding in ("", "identity", "gzip", "x-gzip", "deflate")
    inflater = _Inflater(encoding if own else "identity")
    source: AsyncIterator[bytes] = resp.aiter_raw(CHUNK) if own else resp.aiter_bytes(CHUNK)
    try:
        async for data in source:
            # one byte more than the cap: a body of exactly max_bytes is not "truncated"
            want = max_bytes + 1 - size
            out = inflater.feed(data, want)
            chunks.append(out)
            size += len(out)
            if size > max_bytes:
                truncated = True
                break
    except zlib.error as exc:
        raise errors.NetError(f"corrupt {encoding} body: {exc}", str(resp.url)) from None
    body = b"".join(chunks)
    return body[:max_bytes], truncated
