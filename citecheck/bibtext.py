"""A .bib file as text: its blocks with their spans and lines, and edits that keep every other byte.

pybtex reads what an entry *means* (bibtex.py uses it for that) but not where
each piece of it is written, so it cannot give a file back as it was. This
module only cuts the text, never interprets values:

* ``split_blocks(text)`` -> every ``@...`` block (entries, ``@string``,
  ``@preamble``, ``@comment``) with its character span and 1-based line, in
  file order; the text between blocks is left where it is. A block whose
  braces never close ends before the next line that starts a block, so one
  broken entry does not swallow the rest of the file.
* ``lex_fields(entry_text)`` -> each field's name and the span of its value
  as written (delimiters, ``#`` concatenations and macros included).
* ``edit_entry(entry_text, changes)`` -> the entry with only the named
  fields' values replaced, added or removed; everything else byte for byte.
* ``splice(text, replacements)`` -> the file with some blocks' text replaced.

Lines are counted as ``ingest.split_lines`` counts them (``\\r\\n``, ``\\r``
and ``\\n`` each end a line).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

__all__ = ["Block", "RawField", "comment_before", "split_blocks", "lex_fields", "diagnose", "edit_entry", "splice", "LineIndex"]

_COMMAND = re.compile(r"@[ \t]*([A-Za-z_][\w:.+\-]*)[ \t\r\n]*([{(])")
_LINE_START_COMMAND = re.compile(r"(?:\r\n|\r|\n)[ \t]*@[ \t]*[A-Za-z_][\w:.+\-]*[ \t]*[{(]")
_NAME = re.compile(r"[^\s=,{}\"#()%]+")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class LineIndex:
    """Character offset -> 1-based line number, counting line ends as ingest does."""

    def __init__(self, text: str) -> None:
        self._starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self._starts, offset)


@dataclass(frozen=True)
class Block:
    """One ``@command{...}`` of the file, as written."""

    command: str  # as written: "article", "MvBook", "string", "comment" …
    start: int  # offset of the '@'
    end: int  # offset just past the closing delimiter (or where a broken block stops)
    line: int
    line_end: int
    closed: bool  # False: the delimiters never balance (an unclosed brace)

    @property
    def kind(self) -> str:
        c = self.command.lower()
        return c if c in ("string", "preamble", "comment") else "entry"


def _matching_end(text: str, open_at: int) -> int | None:
    """Offset just past the delimiter closing the one at *open_at*, or None."""
    opener = text[open_at]
    closer = "}" if opener == "{" else ")"
    depth = 0
    quoted = False
    i = open_at + 1
    n = len(text)
    while i < n:
        ch = text[i]
        # every brace counts, a backslash before it or not: BibTeX and biber count them so
        # ('\\{' opens a group that a '}' must close)
        if ch == "{":
            depth += 1
        elif ch == "}":
            if depth == 0:
                return i + 1 if closer == "}" else None
            depth -= 1
        elif ch == '"' and depth == 0 and opener == "(":
            quoted = not quoted
        elif ch == ")" and closer == ")" and depth == 0 and not quoted:
            return i + 1
        i += 1
    return None


def comment_before(text: str, at: int, since: int = 0) -> bool:
    """Whether a '%' comes before offset *at* on its line (and after *since*, where the block
    before ends): an '@' there is in a comment for biber, while BibTeX reads from it on."""
    line_start = max(text.rfind("\n", 0, at), text.rfind("\r", 0, at)) + 1
    return "%" in text[max(line_start, since):at]


def split_blocks(text: str, lines: LineIndex | None = None) -> list[Block]:
    """Every ``@`` block of *text* in order, with spans and lines (text between is not a block)."""
    lines = lines or LineIndex(text)
    blocks: list[Block] = []
    pos = 0
    while (m := _COMMAND.search(text, pos)) is not None:
        start, command, open_at = m.start(), m.group(1), m.end() - 1
        closed = True
        end = _matching_end(text, open_at)
        if end is not None and comment_before(text, start, pos):
            # an '@' in a '%' comment line ('% mail me@example.org (office 3') must not swallow
            # the entries below it: BibTeX starts again at the next '@', biber skips the line
            nxt = _LINE_START_COMMAND.search(text, open_at, end)
            if nxt is not None:
                end = None
        if end is None:
            closed = False
            nxt = _LINE_START_COMMAND.search(text, open_at)
            end = nxt.start() if nxt else len(text)
            # a broken block ends with its last non-blank line
            while end > open_at + 1 and text[end - 1] in " \t\r\n":
                end -= 1
        blocks.append(Block(command, start, end, lines.line(start), lines.line(max(start, end - 1)),
                            closed))
        pos = end
    return blocks


@dataclass(frozen=True)
class RawField:
    """One ``name = value`` of an entry; offsets are into the entry's text."""

    name: str  # as written ("Author", "title")
    name_start: int
    value_start: int
    value_end: int  # just past the value's last part
    value: str  # the value as written: '{The {HTML} 5.2}', '"10~" # jan', 'cup'


def _skip_space(text: str, i: int) -> int:
    n = len(text)
    while i < n and text[i] in " \t\r\n\f":
        i += 1
    return i


def _scan_to(text: str, i: int, stops: str) -> int:
    """The first index from *i* holding one of *stops* (or the end)."""
    n = len(text)
    while i < n and text[i] not in stops:
        i += 1
    return i


def _value_part_end(text: str, i: int) -> int | None:
    """End of one value part starting at *i*: {…}, "…" or a bare word/number."""
    n = len(text)
    if i >= n:
        return None
    if text[i] == "{":
        depth = 0
        while i < n:
            if text[i] == "{":
                depth += 1
            elif text[i] == "}":
                depth -= 1
                if depth == 0:
                    return i + 1
            i += 1
        return None
    if text[i] == '"':
        depth = 0
        i += 1
        while i < n:
            ch = text[i]
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
            elif ch == '"' and depth == 0:
                return i + 1
            i += 1
        return None
    m = _NAME.match(text, i)
    return m.end() if m and _bare_value_ok(m.group(0)) else None


def _bare_value_ok(word: str) -> bool:
    """A value written without delimiters is a number (digits only) or a @string name, which
    BibTeX never lets start with a digit: '12-15' or '2020a' is neither."""
    return word.isdigit() or not word[:1].isdigit()


def lex_fields(entry: str) -> tuple[str | None, list[RawField]] | None:
    """(key as written, fields) of one entry's text, or None when it cannot be cut into fields."""
    m = _COMMAND.match(entry)
    if m is None:
        return None
    closer = "}" if m.group(2) == "{" else ")"
    i = _skip_space(entry, m.end())
    key_end = _scan_to(entry, i, ",}) \t\r\n" + closer)
    key = entry[i:key_end] or None
    i = _skip_space(entry, key_end)
    if i < len(entry) and entry[i] == closer:
        # '@misc{key}'; a closer before the entry's end is a brace in the key ('M{\"u}ller'),
        # which ends the entry there for BibTeX: the entry cannot be cut into fields
        return (key, []) if _skip_space(entry, i + 1) >= len(entry) else None
    if i >= len(entry) or entry[i] != ",":
        return None
    fields: list[RawField] = []
    while True:
        i = _skip_space(entry, i + 1 if entry[i] == "," else i)
        if i >= len(entry):
            return None
        if entry[i] == closer:
            return key, fields
        if entry[i] == ",":  # a stray extra comma
            continue
        nm = _NAME.match(entry, i)
        if nm is None:
            return None
        j = _skip_space(entry, nm.end())
        if j >= len(entry) or entry[j] != "=":
            return None
        value_start = j = _skip_space(entry, j + 1)
        while True:
            end = _value_part_end(entry, j)
            if end is None:
                return None
            k = _skip_space(entry, end)
            if k < len(entry) and entry[k] == "#":
                j = _skip_space(entry, k + 1)
                continue
            break
        fields.append(RawField(nm.group(0), nm.start(), value_start, end, entry[value_start:end]))
        i = k
        if i >= len(entry):
            return None
        if entry[i] not in "," + closer:
            return None


def diagnose(entry: str) -> tuple[int, str] | None:
    """Why *entry* cannot be cut into fields, in words, and the offset where it goes wrong.

    For the message a user reads: ``a comma is missing after the 'author'
    field (before 'title')`` rather than the parser's ``'}' expected``. None
    when the entry can be cut into fields (or nothing more precise is known).
    """
    m = _COMMAND.match(entry)
    if m is None or lex_fields(entry) is not None:
        return None
    closer = "}" if m.group(2) == "{" else ")"
    i = _skip_space(entry, m.end())
    key_end = _scan_to(entry, i, ",}) \t\r\n=" + closer)
    j = _skip_space(entry, key_end)
    if j < len(entry) and entry[j] == "=":
        return i, "the entry has no key (a field comes right after the '{')"
    if "{" in entry[i:key_end] or (j < len(entry) and entry[j] == closer and
                                   _skip_space(entry, j + 1) < len(entry)):
        return i, ("the key holds a brace, which ends the entry for BibTeX: "
                   "write the key without braces or accents (M{\\\"u}ller -> Mueller)")
    if j >= len(entry) or entry[j] not in "," + closer:
        return j, "a comma is missing after the key"
    i = j
    previous: str | None = None
    while i < len(entry):
        i = _skip_space(entry, i + 1 if entry[i] == "," else i)
        if i >= len(entry) or entry[i] in closer + ",":
            if i < len(entry) and entry[i] == ",":
                continue
            return None
        nm = _NAME.match(entry, i)
        if nm is None and entry[i] == "%":
            return i, ("a '%' line inside an entry is not a comment to BibTeX: "
                       "move it out of the entry or delete it")
        if nm is None:
            return i, f"a field name is expected here, not {entry[i]!r}"
        k = _skip_space(entry, nm.end())
        if k >= len(entry) or entry[k] != "=":
            return k, f"'=' is missing after the field name {nm.group(0)!r}"
        j = _skip_space(entry, k + 1)
        while True:
            end = _value_part_end(entry, j)
            if end is None:
                bare = _NAME.match(entry, j)
                if bare is not None and not _bare_value_ok(bare.group(0)):
                    return j, (f"the value of {nm.group(0)!r} is neither a number nor a @string name: "
                               f"write it in braces, {{{bare.group(0)}}}")
                if j < len(entry) and entry[j] in "{\"":
                    return j, f"the value of {nm.group(0)!r} is never closed (unbalanced braces or quotes)"
                return j, f"the field {nm.group(0)!r} has no value"
            k = _skip_space(entry, end)
            if k < len(entry) and entry[k] == "#":
                j = _skip_space(entry, k + 1)
                continue
            break
        previous = nm.group(0)
        value_at, i = j, k
        if i >= len(entry):
            # the value ran to the end of the entry: when it swallowed lines that start a
            # field ("  year = "), its braces do not balance
            if re.search(r"[,\r\n][ \t]*[A-Za-z][\w\-]*[ \t]*=", entry[value_at:end]):
                return value_at, (f"the value of {previous!r} is never closed "
                                  "(unbalanced braces or quotes)")
            return None
        if entry[i] not in "," + closer:
            after = _NAME.match(entry, i)
            if after and _skip_space(entry, after.end()) < len(entry) \
                    and entry[_skip_space(entry, after.end())] == "=":
                return end, f"a comma is missing after the {previous!r} field (before {after.group(0)!r})"
            return i, f"unexpected text after the value of {previous!r}"
    return None


def _name_case(fields: Sequence[RawField], name: str) -> str:
    """*name* in the case the entry writes its field names in (AUTHOR, Author, author)."""
    written = [f.name for f in fields if f.name.isalpha()]
    if written and all(w.isupper() for w in written):
        return name.upper()
    if written and all(w[:1].isupper() and w[1:].islower() for w in written):
        return name.capitalize()
    return name


def _aligned(entry: str, fields: Sequence[RawField]) -> bool:
    """Whether the entry lines its '=' signs up in one column (names of different lengths padded).

    One field, or fields whose names are all as long, cannot tell: their
    spacing is kept as the last field has it.
    """
    ends = set()
    for f in fields:
        eq = entry.find("=", f.name_start + len(f.name))
        ends.add(eq - f.name_start)  # how far the '=' is from the start of the name
    if len({len(f.name) for f in fields}) < 2:
        return False
    return len(ends) == 1


def edit_entry(entry: str, changes: Mapping[str, str | None]) -> str:
    """*entry* with field values replaced (value text as it should be written), added, or removed (None).

    Field names match case-insensitively. A new field is written after the
    last one, in the layout of the last one (indentation, spacing around
    ``=``, case of field names). Raises ValueError when the entry cannot be
    cut into fields (the caller keeps such an entry as it was).
    """
    lexed = lex_fields(entry)
    if lexed is None:
        raise ValueError("the entry cannot be cut into fields")
    _, fields = lexed
    by_name = {f.name.lower(): f for f in fields}
    edits: list[tuple[int, int, str]] = []
    additions: list[tuple[str, str]] = []
    for name, value in changes.items():
        field = by_name.get(name.lower())
        if field is not None and value is not None:
            edits.append((field.value_start, field.value_end, value))
        elif field is not None:  # removed: from the end of the previous value (its comma) on
            index = fields.index(field)
            if index:
                edits.append((fields[index - 1].value_end, field.value_end, ""))
            elif len(fields) > 1:  # the first field: up to where the second starts
                edits.append((field.name_start, fields[1].name_start, ""))
            else:
                edits.append((field.name_start, _skip_space(entry, field.value_end), ""))
        elif value is not None:
            additions.append((name, value))
    if additions:
        m = _COMMAND.match(entry)
        assert m is not None
        if fields:
            last = fields[-1]
            line_start = max(entry.rfind("\n", 0, last.name_start), entry.rfind("\r", 0, last.name_start))
            indent = entry[line_start + 1 : last.name_start] if line_start >= 0 else " "
            if indent.strip():  # several fields on one line: one space between them
                sep = " "
            else:
                sep = _LINE_BREAK.search(entry).group(0) + indent if _LINE_BREAK.search(entry) else " "
            name_end = last.name_start + len(last.name)
            between = entry[name_end : last.value_start]
            at = last.value_end
        else:
            key_end = _scan_to(entry, _skip_space(entry, m.end()), ",})")
            sep, between, at = "\n  ", " = ", key_end
        def aligned(name: str) -> str:  # keep the '=' in the column the fields have it in
            m = re.fullmatch(r"( *)=(.*)", between, re.DOTALL)
            if not fields or m is None or not sep.startswith(("\n", "\r")) or not _aligned(entry, fields):
                return between
            width = len(fields[-1].name) + len(m.group(1))
            return " " * max(1, width - len(name)) + "=" + m.group(2)

        text = "".join(f",{sep}{_name_case(fields, name)}{aligned(name)}{value}"
                       for name, value in additions)
        edits.append((at, at, text))
    out = entry
    for start, end, text in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        out = out[:start] + text + out[end:]
    return out


def splice(text: str, replacements: Iterable[tuple[int, int, str]]) -> str:
    """*text* with each (start, end) span replaced; spans must not overlap."""
    parts: list[str] = []
    pos = 0
    for start, end, new in sorted(replacements):
        if start < pos:
            raise ValueError("overlapping replacements")
        parts.append(text[pos:start])
        parts.append(new)
        pos = end
    parts.append(text[pos:])
    return "".join(parts)
