"""Damage clean English text the way PDF extraction does, then repair it.

Usage: .venv/bin/python bench/repair_synthetic.py FILE [FILE ...]

For every damage mode (the f of fi/fl/ff lost leaving a space, lost leaving
nothing, the whole ligature lost leaving a space / nothing, the f replaced by
U+03D0, Unicode ligature code points) each damaged file is repaired and
compared word by word with the original: restored = damaged words put back,
false = words that were right in the damaged text but changed (the number
that must stay 0), doubtful = damaged words reported but not changed.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

from citecheck.models import Document
from citecheck.repair import repair

LIG = re.compile(r"(?<=\w)?(ffi|ffl|ff|fi|fl)(?=\w)|\b(ffi|ffl|ff|fi|fl)(?=\w)")
CODEPOINT = {"ff": "\ufb00", "fi": "\ufb01", "fl": "\ufb02", "ffi": "\ufb03", "ffl": "\ufb04"}

MODES: dict[str, Callable[[str], str]] = {
    "f->space": lambda lig: " " + lig[1:] if lig != "ff" else "f ",
    "f->nothing": lambda lig: lig[1:],
    "lig->space": lambda lig: " ",
    "lig->nothing": lambda lig: "",
    "f->glyph": lambda lig: "\u03d0" + lig[1:],
    "codepoint": lambda lig: CODEPOINT[lig],
}


def damage(line: str, how: Callable[[str], str]) -> str:
    # Damage only inside words: ligatures are drawn within a word.
    return re.sub(r"(ffi|ffl|ff|fi|fl)(?=[a-z])", lambda m: how(m.group(1)), line)


def contains(line: str, text: str) -> bool:
    return re.search(rf"(?<![^\W_]){re.escape(text)}(?![^\W_])", line) is not None


def main(paths: list[str]) -> None:
    print("false = a right word changed; wrong = a damaged word changed to another wrong one")
    for mode, how in MODES.items():
        spots = restored = false = wrong = doubtful = 0
        for path in paths:
            lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
            bad = [damage(line, how) for line in lines]
            spots += sum(len(re.findall(r"(ffi|ffl|ff|fi|fl)(?=[a-z])", line)) for line in lines)
            clean = repair(Document(path=path, kind="text", encoding="utf-8", lines=bad))
            for r in clean.repairs:
                if r.kind != "ligature":
                    continue
                if not r.applied:
                    doubtful += 1
                    continue
                orig = lines[r.line - 1]
                if contains(orig, r.before):
                    false += 1
                    print(f"  FALSE {mode} {path}:{r.line} {r.before!r} -> {r.after!r}")
                elif contains(orig, r.after):
                    restored += 1
                else:
                    wrong += 1
                    print(f"  WRONG {mode} {path}:{r.line} {r.before!r} -> {r.after!r}")
        print(
            f"{mode:13s} damaged spots {spots:5d} restored {restored:5d}"
            f" ({restored / max(spots, 1):.0%})"
            f"  false {false}  wrong {wrong}  doubtful {doubtful}"
        )


def show(path: str, mode: str) -> None:
    """Print every line the repair changed away from the original, for one mode."""
    lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    bad = [damage(line, MODES[mode]) for line in lines]
    clean = repair(Document(path=path, kind="text", encoding="utf-8", lines=bad))
    for n, (orig, dmg, fixed) in enumerate(zip(lines, bad, clean.lines), 1):
        if fixed != orig and fixed != dmg:
            print(f"{n}: ORIG {orig!r}\n{n}: DMG  {dmg!r}\n{n}: OUT  {fixed!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
