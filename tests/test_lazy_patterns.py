"""Patterns compiled on first use (``citecheck.text.lazy_compile``) behave as compiled ones.

Compiling a regular expression is Python code in CPython, and the long name
patterns cost millions of instructions each: the ones an offline report seldom
needs are compiled when a text first needs them. They must answer exactly as
``re.compile`` would, and importing the stages must not compile them.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from citecheck.text import lazy_compile

ROOT = Path(__file__).resolve().parent.parent

CASES = [
    (r"(?P<num>\d+)\s*(?P<unit>cm|mm)", 0),
    (r"^\s*[A-ZÀ-Þ][\w'’\-]+,\s+[A-Z]\.", 0),
    (r"\bdoi\b|arxiv", re.IGNORECASE),
    (r"(a)(b)?", 0),
]
TEXTS = ["12 cm and 3mm", "Smith, J. and Ó Gráda, C.", "DOI: 10.1/x, arXiv", "ab a", "", "x\ny"]


def _span(m: re.Match[str] | None) -> tuple[int, int] | None:
    return m.span() if m else None


@pytest.mark.parametrize(("pattern", "flags"), CASES)
def test_a_lazy_pattern_answers_as_the_compiled_one(pattern: str, flags: int) -> None:
    lazy, compiled = lazy_compile(pattern, flags), re.compile(pattern, flags)
    assert lazy.pattern == compiled.pattern
    for text in TEXTS:
        assert _span(lazy.search(text)) == _span(compiled.search(text))
        assert _span(lazy.search(text, 2, 8)) == _span(compiled.search(text, 2, 8))
        assert _span(lazy.match(text)) == _span(compiled.match(text))
        assert _span(lazy.fullmatch(text)) == _span(compiled.fullmatch(text))
        assert lazy.findall(text) == compiled.findall(text)
        assert [m.span() for m in lazy.finditer(text, 1)] == [m.span() for m in compiled.finditer(text, 1)]
        assert lazy.sub("_", text) == compiled.sub("_", text)
        assert lazy.subn("_", text, count=1) == compiled.subn("_", text, count=1)
        assert lazy.split(text) == compiled.split(text)
    assert (lazy.flags, lazy.groups, lazy.groupindex) == (compiled.flags, compiled.groups, compiled.groupindex)


def test_the_first_use_compiles_once() -> None:
    lazy = lazy_compile(r"\d+")
    assert "search" not in vars(lazy)  # not compiled yet
    assert lazy.search("a1").group() == "1"  # type: ignore[union-attr]
    search = vars(lazy)["search"]
    assert lazy.findall("1 22") == ["1", "22"]
    assert vars(lazy)["search"] is search  # the compiled pattern's own method, kept


def test_importing_the_stages_compiles_no_deferred_pattern() -> None:
    code = (
        "import json, citecheck.text as t, citecheck.cli, citecheck.repair, citecheck.locate, "
        "citecheck.parse, citecheck.pipeline, citecheck.footnotes, citecheck.citations\n"
        "import sys\n"
        "lazy = [(m, n) for m, mod in sys.modules.items() if m.startswith('citecheck')\n"
        "        for n, v in vars(mod).items() if isinstance(v, t._LazyPattern)]\n"
        "print(json.dumps({'lazy': len(lazy), 'compiled': [f'{m}.{n}' for m, n in lazy\n"
        "                  if 'match' in vars(vars(sys.modules[m])[n])]}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    found = json.loads(out.stdout)
    assert found["lazy"] >= 40 and found["compiled"] == []
