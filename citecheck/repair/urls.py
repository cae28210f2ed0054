"""URLs broken across a line end: find them and rejoin them on their first line.

A URL (or e-mail address, or DOI) that a PDF extraction split at a line end is
joined on its first line; the next line keeps only what follows the URL
(``", 1927."``). ``protected`` gives the spans of a line that other repairs
must leave alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..models import Repair

_TLDS = "com|org|net|edu|gov|int|mil|info|ws|io|co|uk|de|fr|ru"
# The e-mail and host alternatives are bounded as the standards bound them (a local part
# of at most 64 characters, RFC 5321; at most 127 labels of 63, RFC 1035): a failed try
# from each start of a run like '1.1.1.1…' or 'a-a-a-a…' then costs a bounded scan, not
# one to the end of the line (which made a line of them quadratic).
URL = re.compile(
    r"(?:(?:https?|ftp)://|www\.)[^\s<>\"“”‘’]*"  # "*": a bare "http://" may end a line
    r"|\b[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,126}"  # e-mail addresses
    r"|\b10\.\d{4,9}/[^\s\"<>]+"  # DOIs
    rf"|\b[a-z0-9-]{{1,63}}(?:\.[a-z0-9-]{{1,63}}){{0,126}}\.(?:{_TLDS})\b"
    r"(?:/[^\s<>\"“”]*)?",
    re.IGNORECASE,
)
# What every URL match contains, one piece per alternative of URL (same flags):
# a quick search that rules out almost every line before the slow URL search.
_URL_HINT = re.compile(rf"://|www\.|@|10\.|\.(?:{_TLDS})\b", re.IGNORECASE)
URL_TAIL = ".,;:!?)]}'\"’”»"  # prose punctuation that can follow a URL

@dataclass
class _UrlJoin:
    line: int  # 0-based index of the line the URL starts on
    next_line: int
    head: str
    tail: str


_URL_BREAK_ENDS = tuple("./-_?=&#")
_CONTINUATION = re.compile(r"^[A-Za-z0-9._~%/+\-?=&#:;@!$*]+")


def _url_continuation(url: str, nxt: str) -> str | None:
    """The part of `nxt` (the following line) that continues `url`, if any."""
    text = nxt.lstrip()
    m = _CONTINUATION.match(text)
    if not m:
        return None
    cont = m.group(0).rstrip(URL_TAIL)
    if not cont:
        return None
    if url.endswith("."):
        # After a dot (maybe a full stop) only a TLD or file extension may follow.
        if not re.match(r"[a-z]{2,6}(?:[/.:?#]|$)", cont):
            return None
    if re.fullmatch(r"(?:[a-z]\.)+[a-z]?", cont, re.I):
        return None  # "e.g.", "i.e.": prose, not a path
    if any(c in cont for c in "/._=&%#?"):
        return cont
    # "www.struggle.ws/russia/arshinov_2_oct." + "html, 1927.": a bare short
    # lowercase word after a dot is a TLD or file extension only if it is not
    # followed by more prose on the same line in the same sentence.
    rest = text[len(cont) :]
    if url.endswith(".") and cont.isalnum() and cont.islower() and len(cont) <= 5:
        if not rest.strip() or rest.lstrip()[0] in URL_TAIL:
            return cont
    if url.endswith(("-", "_", "=", "&", "?", "#")) and (not rest or rest[0] in " " + URL_TAIL):
        return cont
    return None


def _find_url_joins(lines: Sequence[str], skip: set[int]) -> list[_UrlJoin]:
    joins: list[_UrlJoin] = []
    for i in range(len(lines) - 1):
        if i in skip or i + 1 in skip:
            continue
        line = lines[i].rstrip()
        if not line.endswith(_URL_BREAK_ENDS):  # cheap test first: most lines end in a word
            continue
        urls = [m for m in URL.finditer(line) if m.end() == len(line)]
        if not urls:
            continue
        url = urls[-1].group(0)
        cont = _url_continuation(url, lines[i + 1])
        if cont:
            joins.append(_UrlJoin(i, i + 1, url, cont))
    return joins


def protected(line: str) -> list[tuple[int, int]]:
    if not _URL_HINT.search(line):
        return []
    return [m.span() for m in URL.finditer(line)]


def join_urls(lines: list[str], removed: set[int]) -> list[Repair]:
    """Rejoin URLs broken at a line end (edits `lines`); `removed`: header lines to skip."""
    repairs: list[Repair] = []
    for join in _find_url_joins(lines, removed):
        head = lines[join.line].rstrip()
        rest = lines[join.next_line].lstrip()[len(join.tail) :].lstrip()
        repairs.append(
            Repair(
                line=join.line + 1,
                kind="url",
                before=f"{join.head}\n{join.tail}",
                after=join.head + join.tail,
                reason="URL broken at a line end",
            )
        )
        lines[join.line] = head + join.tail
        lines[join.next_line] = rest
    return repairs
