"""Citation keys for parsed references: author, year and first title word, unique per document.

``assign_keys`` gives every reference of a bibliography a stable key in
document order (``avrich1967anarchists``; a second one with the same base
gets ``a``, ``b`` …). Pure string work: no BibTeX library is needed to name
an entry, so an offline report does not load one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .models import Fields, Reference
from .text import romanised

_STOP = {
    "a", "an", "the", "on", "of", "in", "and", "for", "to", "from", "with", "at", "by",
    "le", "la", "les", "el", "los", "der", "die", "das", "un", "une", "de", "du",
}


def _ascii(text: str) -> str:
    """Letters and digits in ASCII: 'Müller' -> 'muller', 'Yılmaz' -> 'yilmaz', 'Øster' -> 'oster',
    'Иванов' -> 'ivanov'."""
    return re.sub(r"[^a-z0-9]", "", romanised(text))


def base_key(fields: Fields) -> str:
    """author-year-word: the first author's (or editor's) family name, year, first title word."""
    people = fields.author or fields.editor
    who = _ascii(people[0].family) if people else ""
    words = [_ascii(w) for w in re.split(r"[\s\-–—/:]+", fields.title or "")]
    words = [w for w in words if w]
    # a key word has a letter: the years of a title whose words ASCII cannot spell ('街头文化:
    # …, 1870-1930' -> '1870', '1930') would make a key of digits ('187020061930')
    lettered = [w for w in words if not w.isdigit()]
    if not who and not lettered:
        words = []
    content = [w for w in words if w not in _STOP] or words[:1]
    word = content[0] if content else ""
    if not who:  # no names: the title's first two content words, "bolshevik1925myth"
        who, word = (content[0], content[1] if len(content) > 1 else "") if content else ("anon", "")
    return f"{who}{fields.year or 'nd'}{word}"


def assign_keys(refs: Sequence[Reference]) -> list[str]:
    """Unique, stable keys in document order: a second 'avrich1967anarchists' gets 'a', 'b' …"""
    bases = [ref.key or base_key(ref.fields) for ref in refs]
    counts: dict[str, int] = {}
    for b in bases:
        counts[b] = counts.get(b, 0) + 1
    used: dict[str, int] = {}
    keys: list[str] = []
    for b in bases:
        if counts[b] == 1:
            keys.append(b)
            continue
        n = used.get(b, 0)
        used[b] = n + 1
        keys.append(b + _suffix(n))
    return keys


def _suffix(n: int) -> str:
    letters = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(ord("a") + r) + letters
    return letters
