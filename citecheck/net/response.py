"""One HTTP answer as the rest of citecheck sees it: the ``Response`` record."""

from __future__ import annotations

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

    def json(self) -> Any:
        try:
            return json.loads(self.content)
        except (ValueError, UnicodeDecodeError) as exc:
            raise errors.NetError(f"invalid JSON from {self.url}: {exc}", self.url) from None

    @property
    def text(self) -> str:
        return self.content.decode(charset_of(self.headers) or "utf-8", errors="replace")


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
