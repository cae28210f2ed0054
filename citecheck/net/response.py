"""One HTTP answer as the rest of citecheck sees it: the ``Response`` record."""

from __future__ import annotations

import codecs
import functools
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
    # why a status that gets retries (429, 5xx) stands without them ("" when it got them)
    retry_note: str = ""

    def json(self) -> Any:
        try:
            return json.loads(self.content)
        except (ValueError, UnicodeDecodeError) as exc:
            raise errors.NetError(f"invalid JSON from {self.url}: {exc}", self.url) from None

    @functools.cached_property
    def text(self) -> str:
        """The body decoded (see decode_body); read once, as several rules read it."""
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


def _decode(content: bytes, codec: str, errors: str, cut: bool) -> str:
    return codecs.getincrementaldecoder(codec)(errors).decode(content, final=not cut)


def _badly_utf8(content: bytes, cut: bool) -> bool:
    """The bytes are not UTF-8 at all: more broken sequences than good non-ASCII ones."""
    text = _decode(content, "utf-8", "replace", cut)
    broken = text.count("\ufffd")
    return broken > sum(1 for ch in text if ch > "\x7f") - broken


def _single_byte(codec: str) -> bool:
    """A one-byte-per-character codec (ASCII, Latin-1, windows-125x, ISO 8859-x, KOI8, Mac)."""
    return codec == "ascii" or codec.startswith(("iso8859-", "latin", "cp125", "koi8", "mac-"))


def _utf8_instead(content: bytes, cut: bool) -> str | None:
    """The body read as UTF-8, when its bytes are UTF-8 with characters beyond ASCII in
    them (None if not): text in a one-byte encoding almost never is (its accented letters
    would have to fall in pairs like "Ã©"), so a label naming one is wrong."""
    if content.isascii():
        return None
    try:
        return _decode(content, "utf-8", "strict", cut)
    except (UnicodeDecodeError, ValueError):
        return None


def decode_body(content: bytes, headers: dict[str, str], *, cut: bool = False) -> str:
    """A body as text, as a browser would read it (pure).

    A byte-order mark decides; else the charset of Content-Type, then the one a
    ``<meta>`` names (UTF-16 there means UTF-8, as in browsers). A declared charset
    that meets a stray byte is still the charset: the byte is replaced, the page is
    not re-read in another encoding. Only a page declared UTF-8 whose bytes are not
    UTF-8 at all (a Latin-1 page sent as UTF-8, common), or one that declares nothing,
    is read as UTF-8 if it mostly is, else as windows-1252, HTML's fallback. Two labels
    are wrong on their face and set aside: UTF-16/32 on bytes with no NUL among them (no
    UTF-16 page is without one), and a one-byte encoding (Latin-1, windows-1252 …) on
    bytes that are UTF-8 beyond ASCII (a UTF-8 page behind a server's default). In a body
    that was *cut* (at the byte cap, or by the server) a multi-byte character cut at
    the end is dropped, not an error.
    """
    for bom, codec in _BOMS:
        if content.startswith(bom):
            return content[len(bom):].decode(codec, errors="replace")
    meta = _META_CHARSET.search(content[:4096])
    named = _known(meta.group(1).decode("ascii")) if meta else None
    if named and named.startswith(("utf-16", "utf-32")):
        named = "utf-8"  # a page that can say so in ASCII is not UTF-16
    for codec in dict.fromkeys(c for c in (_known(charset_of(headers)), named) if c):
        if codec.startswith(("utf-16", "utf-32")) and b"\x00" not in content[:4096]:
            continue  # no UTF-16 at all: ASCII bytes read as UTF-16 are CJK nonsense
        if _single_byte(codec) and (text := _utf8_instead(content, cut)) is not None:
            return text
        try:
            return _decode(content, codec, "strict", cut)
        except (UnicodeDecodeError, ValueError):
            if codec == "utf-8" and _badly_utf8(content, cut):
                continue  # labelled UTF-8, written in another encoding
            return _decode(content, codec, "replace", cut)
    try:
        return _decode(content, "utf-8", "strict", cut)
    except (UnicodeDecodeError, ValueError):
        if not _badly_utf8(content, cut):
            return _decode(content, "utf-8", "replace", cut)
    return content.decode("windows-1252", errors="replace")
