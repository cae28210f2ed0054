"""One HTTP answer as the rest of citecheck sees it: the ``Response`` record."""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass, field
from typing import Any

from .. import errors


@dataclass(frozen=True)
class Response:
    """One HTTP answer, after redirects, with a byte-capped body."""

    url: str
    status: int
    headers: dict[str, str]
    content: bytes
    truncated: bool
    history: list[tuple[int, str]] = field(default_factory=list)
    from_cache: bool = False
    elapsed: float = 0.0
    # why the body is not the whole body as sent, when it is not: cut short by the
    # server, not decodable ("" for a body read in full, or up to the byte cap)
    body_note: str = ""
    # the body as read is not all of it: it broke off or could not be decoded past a point
    # (a body cut at the byte cap is ``truncated`` instead)
    body_broken: bool = False

    def json(self) -> Any:
        try:
            return json.loads(self.content)
        except (ValueError, UnicodeDecodeError) as exc:
            raise errors.NetError(f"invalid JSON from {self.url}: {exc}", self.url) from None

    @property
    def text(self) -> str:
        return decode_body(self.content, self.headers,
                           cut=self.truncated or self.body_broken)


def charset_of(headers: dict[str, str]) -> str | None:
    """The charset parameter of Content-Type, if it names a codec Python knows."""
    match = re.search(r"charset=[\"']?([\w.:-]+)", headers.get("content-type", ""), re.IGNORECASE)
    if not match:
        return None
    try:
        "".encode(match.group(1))
    except LookupError:
        return None
    return match.group(1)


_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)


def _known(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_body(content: bytes, headers: dict[str, str], *, cut: bool = False) -> str:
    """A body as text, as a browser would read it (pure).

    A byte-order mark decides; else the charset of Content-Type, then the one a
    ``<meta>`` names, then UTF-8, whichever decodes the bytes without an error
    (servers mislabel: a Latin-1 page sent as UTF-8 is common); else
    windows-1252, HTML's fallback. In a body that was *cut* (at the byte cap, or
    by the server) a multi-byte character cut at the end is dropped, not an error.
    """
    for bom, codec in _BOMS:
        if content.startswith(bom):
            return content[len(bom):].decode(codec, errors="replace")
    meta = _META_CHARSET.search(content[:4096])
    tried = [_known(charset_of(headers)), _known(meta.group(1).decode("ascii")) if meta else None,
             "utf-8"]
    for codec in dict.fromkeys(c for c in tried if c):
        try:
            return codecs.getincrementaldecoder(codec)("strict").decode(content, final=not cut)
        except (UnicodeDecodeError, ValueError):
            continue
    return content.decode("windows-1252", errors="replace")
