"""Markdown markup that is not text: emphasis, link syntax, code spans.  [pure]

Applied line by line to a Markdown document's repaired text, so line numbers
stay the input's own. Footnote syntax (``[^1]``, ``[^1]: note``), list
bullets and numbered list labels are kept: the footnote and bibliography
stages read them (a bullet starts a bibliography entry).
"""

from __future__ import annotations

import re

# Spans are bounded (emphasis and link text at most 1,000 characters, link text
# without brackets): an unclosed marker then costs a bounded scan, not one to the end
# of the line, so a line of 20,000 '[' or '**' is linear, not quadratic.
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.{1,1000}?)(?<=\S)\1")
_EM_STAR = re.compile(r"(?<![\w*])\*(?=[^\s*])(.{1,1000}?)(?<=[^\s*])\*(?![\w*])")
_EM_UNDERSCORE = re.compile(r"(?<![\w_])_(?=[^\s_])(.{1,1000}?)(?<=[^\s_])_(?![\w_])")
_LINK = re.compile(r"(?<!\!)\[(?!\^)([^\[\]]{1,1000})\]\((\S{1,4000}?)\)")
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^>\s]+)>")
_CODE = re.compile(r"`([^`]+)`")


def plain_line(line: str) -> str:
    """One Markdown line as plain text: '- *Title*, [site](http://x)' -> '- Title, site http://x'."""
    line = _AUTOLINK.sub(r"\1", _LINK.sub(r"\1 \2", line))
    if "http" in line or "www." in line:
        # leave URLs alone: underscores and asterisks inside them are not emphasis
        parts = re.split(r"((?:https?://|www\.)\S+)", line)
        return "".join(p if i % 2 else _plain(p) for i, p in enumerate(parts))
    return _plain(line)


def _plain(text: str) -> str:
    text = _CODE.sub(r"\1", text)
    text = _STRONG.sub(r"\2", text)
    text = _EM_STAR.sub(r"\1", text)
    return _EM_UNDERSCORE.sub(r"\1", text)


def plain_lines(lines: list[str]) -> list[str]:
    return [plain_line(line) for line in lines]
