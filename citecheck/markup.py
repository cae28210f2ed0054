"""Markdown markup that is not text: emphasis, link syntax, code spans.  [pure]

Applied line by line to a Markdown document's repaired text, so line numbers
stay the input's own. Footnote syntax (``[^1]``, ``[^1]: note``), list
bullets and numbered list labels are kept: the footnote and bibliography
stages read them (a bullet starts a bibliography entry).
"""

from __future__ import annotations

import re

from .models import CleanText

# Spans are bounded (emphasis and link text at most 1,000 characters, link text
# without brackets): an unclosed marker then costs a bounded scan, not one to the end
# of the line, so a line of 20,000 '[' or '**' is linear, not quadratic.
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.{1,1000}?)(?<=\S)\1")
_EM_STAR = re.compile(r"(?<![\w*])\*(?=[^\s*])(.{1,1000}?)(?<=[^\s*])\*(?![\w*])")
_EM_UNDERSCORE = re.compile(r"(?<![\w_])_(?=[^\s_])(.{1,1000}?)(?<=[^\s_])_(?![\w_])")
_LINK = re.compile(r"(?<!\!)\[(?!\^)([^\[\]]{1,1000})\]\((\S{1,4000}?)\)")
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^>\s]+)>")
_CODE = re.compile(r"`([^`]+)`")
# superscript numbers written as HTML or Pandoc markup: 'later.<sup>2,3</sup>', 'too.^7^'
_SUP_TAG = re.compile(r"<sup>\s*(\d{1,3}(?:\s*[,–\-]\s*\d{1,3})*)\s*</sup>", re.IGNORECASE)
_PANDOC_SUP = re.compile(r"(?<=[^\s\[])\^(\d{1,3}(?:[,–\-]\d{1,3})*)\^")
_TO_SUP = str.maketrans({**{str(i): c for i, c in enumerate("⁰¹²³⁴⁵⁶⁷⁸⁹")}, "–": "⁻", "-": "⁻"})


def _superscript(m: re.Match[str]) -> str:
    return re.sub(r"\s+", "", m.group(1)).translate(_TO_SUP)


def plain_line(line: str) -> str:
    """One Markdown line as plain text: '- *Title*, [site](http://x)' -> '- Title, site http://x'."""
    return _plain_line(line)[0]


_HELD = re.compile("\ue000(\\d+)\ue001")  # a code span held out of the emphasis rules
# a backslash escape: '\\[1\\]' (as pandoc writes brackets converting a Word file) prints '[1]';
# held as a private-use character through the emphasis rules ('\\*' is no emphasis), then put back
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_ESCAPED_BASE = 0xE100
_UNESCAPE = {_ESCAPED_BASE + c: chr(c) for c in range(0x21, 0x7F)}


def _plain_line(line: str) -> tuple[str, list[tuple[int, int]]]:
    """The plain line and the spans (start, end) of its code spans' text."""
    line = _AUTOLINK.sub(r"\1", _LINK.sub(r"\1 \2", line))
    code: list[str] = []
    # the placeholders are private-use characters: a line that has them itself keeps its
    # code spans in place (read as text) rather than have its own characters taken for ours
    if "`" in line and "\ue000" not in line and "\ue001" not in line:
        def hold(m: re.Match[str]) -> str:
            code.append(m.group(1))
            return f"\ue000{len(code) - 1}\ue001"
        line = _CODE.sub(hold, line)
    escaped = "\\" in line and not any(_ESCAPED_BASE <= ord(ch) < _ESCAPED_BASE + 0x7F for ch in line)
    if escaped:
        line = _ESCAPE.sub(lambda m: chr(_ESCAPED_BASE + ord(m.group(1))), line)
    if "http" in line or "www." in line:
        # leave URLs alone: underscores and asterisks inside them are not emphasis
        parts = re.split(r"((?:https?://|www\.)\S+)", line)
        line = "".join(p if i % 2 else _plain(p) for i, p in enumerate(parts))
    else:
        line = _plain(line)
    if escaped:
        line = line.translate(_UNESCAPE)
    if not code:
        return line, []
    out, spans, pos = [], [], 0
    for m in _HELD.finditer(line):
        out.append(line[pos:m.start()])
        start = sum(map(len, out))
        out.append(code[int(m.group(1))])
        spans.append((start, start + len(out[-1])))
        pos = m.end()
    out.append(line[pos:])
    return "".join(out), spans


def plain_text(clean: CleanText) -> CleanText:
    """A Markdown document's repaired text as plain text, with where its code is.

    ``code`` holds each inline code span (line, start, end) and every line of
    a fenced code block: code, not prose, where no citation is looked for.
    """
    lines: list[str] = []
    code: list[tuple[int, int, int]] = []
    for i, line in enumerate(clean.lines):
        text, spans = _plain_line(line)
        lines.append(text)
        code += [(i, a, b) for a, b in spans]
    fenced = fenced_code_lines(lines)
    code += [(i, 0, len(lines[i])) for i in sorted(fenced | indented_code_lines(lines, fenced))]
    code += html_comment_spans(lines)
    return clean.model_copy(update={"lines": lines, "code": sorted(code)})


# what an indented line may continue rather than be code: a list item, a footnote definition
_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,9}[.)])\s+\S|^\s{0,3}\[\^[^\]\s]+\]:")


def indented_code_lines(lines: list[str], fenced: set[int] | None = None) -> set[int]:
    """0-based lines of indented code blocks: four spaces (or a tab) in, after a blank line.

    An indented line continues a list item or a footnote definition above it
    (up to the next line that starts at the margin), and never interrupts a
    paragraph: neither is code.
    """
    out: set[int] = set()
    fenced = fenced or set()
    in_item = False  # inside a list item or a footnote definition
    prev_blank, in_block = True, False
    for i, line in enumerate(lines):
        if i in fenced:
            prev_blank, in_block = False, False
            continue
        if not line.strip():
            prev_blank = True
            continue
        indented = line.startswith(("    ", "\t"))
        if indented and not in_item and (prev_blank or in_block):
            out.add(i)
            in_block = True
        else:
            in_block = False
            if _ITEM.match(line):
                in_item = True
            elif not indented and prev_blank:
                in_item = False  # a paragraph at the margin ends the list
        prev_blank = False
    return out


_COMMENT_OPEN, _COMMENT_CLOSE = "<!--", "-->"


def html_comment_spans(lines: list[str]) -> list[tuple[int, int, int]]:
    """(0-based line, start, end) of the text of HTML comments, '<!--' to '-->' (an unclosed one
    runs to the end): not shown, so nothing in them is cited."""
    out: list[tuple[int, int, int]] = []
    inside = False
    for i, line in enumerate(lines):
        pos = 0
        while True:
            if not inside:
                a = line.find(_COMMENT_OPEN, pos)
                if a < 0:
                    break
                inside, start, pos = True, a, a + len(_COMMENT_OPEN)
            else:
                start = pos
            b = line.find(_COMMENT_CLOSE, pos)
            if b < 0:
                out.append((i, start, len(line)))
                break
            out.append((i, start, b + len(_COMMENT_CLOSE)))
            inside, pos = False, b + len(_COMMENT_CLOSE)
    return out


def _plain(text: str) -> str:
    if "^" in text or "<" in text:  # as printed: '²˒³', a superscript the later stages read
        text = _PANDOC_SUP.sub(_superscript, _SUP_TAG.sub(_superscript, text))
    text = _STRONG.sub(r"\2", text)
    text = _EM_STAR.sub(r"\1", text)
    return _EM_UNDERSCORE.sub(r"\1", text)


def plain_lines(lines: list[str]) -> list[str]:
    return [plain_line(line) for line in lines]


_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")


def fenced_code_lines(lines: list[str]) -> set[int]:
    """0-based lines of fenced code blocks (fences included): code, not prose.

    A block opens with three or more backticks or tildes and closes with a
    fence of the same character at least as long; an unclosed block runs to
    the end, as CommonMark has it.
    """
    out: set[int] = set()
    if not any("```" in line or "~~~" in line for line in lines):
        return out
    fence: str | None = None
    for i, line in enumerate(lines):
        m = _FENCE.match(line)
        if fence is None:
            if m:
                fence = m.group(1)
                out.add(i)
            continue
        out.add(i)
        if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not line[m.end():].strip():
            fence = None
    return out
