"""The finder on hand-labelled documents in layouts the other tests do not cover (issue 9).

Each ``tests/fixtures/finding/trial/NAME.txt`` is a document as pdftotext would
extract it, written for this trial; ``NAME.gold.json`` beside it gives, labelled by
hand before the finder ran on it, every entry's first and last line (``entries``,
1-based, inclusive) and each list's zone (``zones``: its heading line, or its first
entry's line when it has no heading, to its last entry's last line). See the
folder's PROVENANCE.md.

The document goes through ``repair``, ``locate`` and ``with_notes`` (a note that
only points back, ``Id.`` or ``supra note 3``, leaves the list) as ``report`` runs
them, and both must be exact: the entries (one per work a compound reference
cites) and the zones.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citecheck.footnotes import with_notes
from citecheck.ingest import read_document
from citecheck.locate import locate
from citecheck.repair import repair

TRIAL = Path(__file__).resolve().parent / "fixtures" / "finding" / "trial"


def _golds() -> list[Path]:
    return sorted(TRIAL.glob("*.gold.json"))


def found(path: Path) -> tuple[list[list[int]], list[list[int]]]:
    """(entries, zones) the finder gives for the document at ``path``."""
    clean = repair(read_document(path))
    bib = with_notes(clean, locate(clean))
    return ([[e.line, e.line_end] for e in bib.entries],
            [[s.line, s.line_end] for s in bib.sections])


@pytest.mark.parametrize("gold_path", _golds(), ids=lambda p: p.name.split(".")[0])
def test_trial_document(gold_path: Path) -> None:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    entries, zones = found(TRIAL / gold["document"])
    missed = [e for e in gold["entries"] if e not in entries]
    extra = [e for e in entries if e not in gold["entries"]]
    assert (missed, extra) == ([], []), "entries"
    assert zones == gold["zones"], "zones"


def test_trial_set_is_there() -> None:
    assert len(_golds()) >= 12
