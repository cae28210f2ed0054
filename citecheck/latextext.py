"""The LaTeX a decoded BibTeX value still holds, as the text it prints: for CSL-JSON and RIS only.

Reading a .bib (``bibtex._latex_to_text``) decodes what latexcodec knows
(accents, ``\\&``, dashes, quotes) and keeps every other command with its
braces, so that a value written back to the .bib is the same LaTeX. An
export is read by people and reference managers, not LaTeX: there the rest
becomes text too. pylatexenc's ``LatexNodes2Text`` does it, with its default
macros plus the ones it does not know that bibliographies use (biblatex's
``\\enquote``, ``\\mkbibquote``, ``\\mkbibemph``, ``\\psq``, ``\\adddot`` …,
``\\emdash``, logos), and CSL-JSON's rich-text tags for the font commands
(``\\emph{x}`` is ``<i>x</i>`` with ``markup``, ``x`` without).

A command neither knows keeps its text: its argument is printed
(``\\foo{Kept}`` is "Kept") and a command without one is its name
(``{\\METAFONT}`` is "METAFONT", as logos are), never dropped with its content.

The input is decoded text, not LaTeX: ``%``, ``&``, ``#``, ``_``, ``^`` and a
``$`` that opens no formula are literal there, and the link in ``\\url{…}`` or
``\\href{…}`` is verbatim; they are protected before pylatexenc reads the value.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

from pylatexenc import latexwalker, macrospec
from pylatexenc.latex2text import (LatexNodes2Text, MacroTextSpec,
                                   get_default_latex_context_db)

__all__ = ["latex_text"]

# font commands -> CSL-JSON's rich-text tag ("" for none); RIS is plain text
FONT_TAGS = {
    "emph": "i", "textit": "i", "textsl": "i", "mkbibemph": "i", "mkbibitalic": "i",
    "textbf": "b", "mkbibbold": "b", "textsuperscript": "sup", "mkbibsuperscript": "sup",
    "textsubscript": "sub", "textsc": "sc", "mkbibacro": "sc",
    "textup": "", "textrm": "", "textsf": "", "texttt": "", "textnormal": "", "textmd": "",
    "mbox": "", "text": "", "hbox": "", "mkbibparens": "()", "mkbibbrackets": "[]",
}
# {\em x}: a switch inside a group is the command with that argument
_SWITCHES = {"em": "emph", "it": "textit", "sl": "textsl", "bf": "textbf", "sc": "textsc",
             "rm": "textrm", "sf": "textsf", "tt": "texttt", "up": "textup", "normalfont": "textnormal",
             "itshape": "textit", "bfseries": "textbf", "scshape": "textsc", "upshape": "textup"}
_SWITCH_GROUP = re.compile(r"\{\\(%s)(?![A-Za-z])\s*([^{}]*)\}" % "|".join(_SWITCHES))

# commands without arguments that print a character or a word
_WORDS = {
    "emdash": "—", "endash": "–", "textemdash": "—", "textendash": "–", "hyphen": "-",
    "slash": "/", "textslash": "/", "dots": "…", "ldots": "…", "textellipsis": "…",
    "adddot": ".", "addperiod": ".", "addcomma": ",", "addcolon": ":", "addsemicolon": ";",
    "addspace": " ", "addnbspace": "\u00a0", "addthinspace": "\u2009", "addnbthinspace": "\u202f",
    "addabbrvspace": " ", "addlowpenspace": " ", "addhighpenspace": " ", "adddotspace": ". ",
    "addslash": "/", "addquestion": "?", "addexclam": "!",
    "psq": " f.", "psqq": " ff.", "bibrangedash": "–", "bibdatedash": "–",
    "newblock": " ", "newline": " ", "par": " ", "\\": " ", "/": "", "!": "", "-": "",
    "unskip": "", "relax": "", "nopunct": "", "isdot": "", "noligature": "", "nobreak": "",
    "TeX": "TeX", "LaTeX": "LaTeX", "LaTeXe": "LaTeX2e", "BibTeX": "BibTeX", "XeTeX": "XeTeX",
    "LuaTeX": "LuaTeX", "AmSTeX": "AMS-TeX", "AMSTEX": "AMS-TeX", "AmSLaTeX": "AMS-LaTeX",
    "METAFONT": "METAFONT", "MF": "METAFONT", "MP": "MetaPost", "POSTSCRIPT": "PostScript",
    "PS": "PostScript", "SLiTeX": "SLiTeX", "LAMSTeX": "LAMS-TeX", "ConTeXt": "ConTeXt",
}
# commands whose (last) argument is printed without a mark; with the walker's argument spec
_TEXT_ARG = {"bibstring": "{", "foreignlanguage": "{{", "hyphenation": "{", "nocite": "{",
             "mkbibnamefamily": "{", "mkbibnamegiven": "{", "NoCaseChange": "{", "MakeUppercase": "{",
             "MakeLowercase": "{", "uppercase": "{", "lowercase": "{", "ensuremath": "{"}
_SILENT = {"phantom": "{", "hphantom": "{", "vphantom": "{", "label": "{", "index": "{",
           "footnote": "{", "footnotemark": "[", "hspace": "*{", "vspace": "*{", "kern": "",
           "hskip": "", "vskip": ""}
_QUOTES = {"enquote": "*{", "mkbibquote": "{", "textquote": "[[{", "hyphenquote": "*{{"}
_CITES = ("cite", "citep", "citet", "parencite", "textcite", "autocite", "footcite", "citeauthor",
          "citeyear", "citetitle", "fullcite", "nocite")

# link commands: their URL argument is verbatim text, set aside before pylatexenc reads the rest
_LINK = re.compile(r"\\(url|nolinkurl|path|href)\s*(?:\{([^{}]*)\}|([|!+])(.*?)\3)")
_SLOT = "\ue100"  # private-use characters mark a set-aside link: _SLOT + index + _SLOT
_SLOT_RE = re.compile(_SLOT + r"(\d+)" + _SLOT)
# a $…$ that holds a command, ^ or _ is a formula; any other $ is a dollar sign
_MATH = re.compile(r"\$([^$]*[\\^_][^$]*)\$")
_LITERAL = re.compile(r"(?<!\\)([%&#_^])")


def _last_arg_text(node: Any, l2t: LatexNodes2Text) -> str:
    args = [a for a in (node.nodeargd.argnlist if node.nodeargd else []) if a is not None]
    return l2t.nodelist_to_text([args[-1]]) if args else ""


def _tagged(tag: str, markup: bool) -> Any:
    def repl(node: Any, l2tobj: LatexNodes2Text) -> str:
        inner = _last_arg_text(node, l2tobj)
        if tag in ("()", "[]"):
            return tag[0] + inner + tag[1]
        if not markup or not tag:
            return inner
        if tag == "sc":
            return f'<span style="font-variant:small-caps;">{inner}</span>'
        return f"<{tag}>{inner}</{tag}>"
    return repl


def _quoted(node: Any, l2tobj: LatexNodes2Text) -> str:
    args = node.nodeargd.argnlist if node.nodeargd else []
    starred = bool(args) and args[0] is not None and getattr(args[0], "chars", "") == "*"
    inner = _last_arg_text(node, l2tobj)
    return f"‘{inner}’" if starred else f"“{inner}”"


def _cited(node: Any, l2tobj: LatexNodes2Text) -> str:
    return f"[{_last_arg_text(node, l2tobj)}]"


def _linked(node: Any, l2tobj: LatexNodes2Text) -> str:
    """\\href{url}{text}: the text, and the link after it in brackets unless it is the text."""
    args = [a for a in (node.nodeargd.argnlist if node.nodeargd else []) if a is not None]
    texts = [l2tobj.nodelist_to_text([a]).strip() for a in args]
    if len(texts) < 2:
        return texts[0] if texts else ""
    link, text = texts[0], texts[1]
    return text if not link or link == text else f"{text} ({link})"


def _unknown(node: Any, l2tobj: LatexNodes2Text) -> str:
    """A command neither pylatexenc nor this module knows: the text of its argument (printed as
    a group after it), or, with none, its name (most such commands in a bibliography are logos:
    {\\METAFONT}, \\TUB{})."""
    rest = node.parsing_state.s[node.pos + node.len:].lstrip() if node.parsing_state else ""
    if rest.startswith("{") and not rest.startswith("{}"):
        return ""
    return node.macroname if node.macroname.isalpha() else ""


MacroSpec = macrospec.MacroSpec


@functools.cache
def _converter(markup: bool) -> LatexNodes2Text:
    specs = [MacroSpec(name, "{") for name in FONT_TAGS]
    specs += [MacroSpec(name, args) for name, args in {**_TEXT_ARG, **_SILENT, **_QUOTES}.items()]
    specs += [MacroSpec(name, "*[[{") for name in _CITES]
    specs.append(MacroSpec("href", "{{"))
    walker_db = latexwalker.get_default_latex_context_db()  # a new db, ours to add to
    walker_db.add_context_category("citecheck-bibliography", macros=specs, prepend=True)
    texts = [MacroTextSpec(name, simplify_repl=_tagged(tag, markup)) for name, tag in FONT_TAGS.items()]
    texts += [MacroTextSpec(name, simplify_repl=text) for name, text in _WORDS.items()]
    texts += [MacroTextSpec(name, simplify_repl=_tagged("", markup)) for name in _TEXT_ARG]
    texts += [MacroTextSpec(name, simplify_repl="") for name in _SILENT]
    texts += [MacroTextSpec(name, simplify_repl=_quoted) for name in _QUOTES]
    texts += [MacroTextSpec(name, simplify_repl=_cited) for name in _CITES]
    texts.append(MacroTextSpec("href", simplify_repl=_linked))
    text_db = get_default_latex_context_db()
    text_db.add_context_category("citecheck-bibliography", macros=texts, prepend=True)
    text_db.set_unknown_macro_spec(MacroTextSpec("", simplify_repl=_unknown))
    return _Converter(text_db, walker_db)


class _Converter(LatexNodes2Text):
    """LatexNodes2Text that parses with the walker context above (the public way: a
    LatexWalker built with ``latex_context``, whose nodes ``nodelist_to_text`` renders)."""

    def __init__(self, text_db: Any, walker_db: Any) -> None:
        super().__init__(latex_context=text_db, math_mode="text", strict_latex_spaces="macros")
        self.walker_db = walker_db

    def convert(self, latex: str) -> str:
        walker = latexwalker.LatexWalker(latex, latex_context=self.walker_db, tolerant_parsing=True)
        nodes, _, _ = walker.get_latex_nodes()
        return self.nodelist_to_text(nodes)


# TeX's \accent primitive with an OT1 slot ('{\accent'27u}' is ů): the accents plain TeX's own
# \`, \', \v, \u, \=, \r put there, as combining marks
_OT1_ACCENTS = {18: "\u0300", 19: "\u0301", 20: "\u030c", 21: "\u0306", 22: "\u0304", 23: "\u030a"}
_ACCENT = re.compile(r"\\accent\s*\\?(?:'([0-7]+)|\"([0-9A-Fa-f]+)|(\d+))\s*\{?([A-Za-z])\}?")


def _accent(m: re.Match[str]) -> str:
    slot = int(m.group(1), 8) if m.group(1) else int(m.group(2), 16) if m.group(2) else int(m.group(3))
    return unicodedata.normalize("NFC", m.group(4) + _OT1_ACCENTS.get(slot, ""))


def latex_text(value: str, *, markup: bool = False) -> str:
    """The text a decoded BibTeX value prints: every LaTeX command it still holds as its text
    (CSL-JSON's ``<i>``/``<b>``/small-caps tags for font commands with *markup*)."""
    if "\\" not in value:
        return value
    links: list[str] = []

    def set_aside(m: re.Match[str]) -> str:
        links.append(m.group(2) if m.group(2) is not None else m.group(4))
        slot = f"{_SLOT}{len(links) - 1}{_SLOT}"
        # \href{url}{text} prints its text; the bare link commands print the link
        return f"\\href{{{slot}}}" if m.group(1) == "href" else slot

    text = _LINK.sub(set_aside, value)
    text = _ACCENT.sub(_accent, text)
    before = None
    while before != text:  # innermost first: {\bf {\em x} y}
        before = text
        text = _SWITCH_GROUP.sub(lambda m: "\\" + _SWITCHES[m.group(1)] + "{" + m.group(2) + "}", text)
    maths: list[str] = []

    def math(m: re.Match[str]) -> str:
        maths.append(m.group(0))
        return f"\ue101{len(maths) - 1}\ue101"

    text = _MATH.sub(math, text)
    text = _LITERAL.sub(r"\\\1", text).replace("$", "\\$").replace("~", "\\~{}")
    text = re.sub("\ue101(\\d+)\ue101", lambda m: maths[int(m.group(1))], text)
    try:
        out = _converter(markup).convert(text)
    except Exception:  # pylatexenc is tolerant; if it still fails the value is kept as read
        return value
    out = _SLOT_RE.sub(lambda m: links[int(m.group(1))], out)
    return re.sub(r"[ \t\r\n]+", " ", out).strip()

