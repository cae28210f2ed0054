"""Word frequencies for the repairs: the same as wordfreq's, without importing it per run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from citecheck.repair import words

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "refs" / "russia-revolution-counter-revolution.txt"


@pytest.mark.parametrize("word", ["café", "CAFÉ", "naïve", "Müller", "straße", "ﬁnd", "ofϐicers",
                                  "Pétain", "déjà", "Ωmega", "İstanbul", "officers", "don’t",
                                  "peasant-soldiers", "self-evident", "x-zzzzqq", "women’s"])
def test_zipf_is_wordfreqs_zipf_frequency(word: str) -> None:
    from wordfreq import zipf_frequency

    assert words.zipf(word, "en") == zipf_frequency(word.replace("’", "'"), "en")


@pytest.fixture
def kept_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CITECHECK_CACHE_DIR", str(tmp_path))
    words._frequencies.cache_clear()
    yield tmp_path / "wordlists"
    words._frequencies.cache_clear()


def test_the_word_list_is_kept_and_read_back_the_same(kept_folder: Path) -> None:
    from wordfreq import get_frequency_dict

    assert words._frequencies("en") == get_frequency_dict("en", "best")
    (kept,) = kept_folder.iterdir()
    assert kept.name.startswith("wordfreq-") and kept.name.endswith("-en-best.txt")
    assert words._kept_list("en") == get_frequency_dict("en", "best")


def test_a_damaged_or_foreign_kept_list_is_not_used_and_is_written_again(kept_folder: Path) -> None:
    from wordfreq import get_frequency_dict

    words._frequencies("en")
    (kept,) = kept_folder.iterdir()
    whole = kept.read_text(encoding="utf-8")
    kept.write_text(whole[: len(whole) // 2], encoding="utf-8")  # cut short
    assert words._kept_list("en") is None
    kept.write_text(whole.replace("\t", " ", 1), encoding="utf-8")  # not our header
    assert words._kept_list("en") is None
    kept.write_bytes(b"\xff\xfe garbage")
    assert words._kept_list("en") is None
    head = whole.partition("\n")[0]
    for freq in ("-1", "nan", "inf", "2.5", "x"):
        kept.write_text(f"{head.rsplit(chr(9), 1)[0]}\t1\n{freq}\tword", encoding="utf-8")
        assert words._kept_list("en") is None
    kept.write_text(f"{head.rsplit(chr(9), 1)[0]}\t1\n0.001\tword", encoding="utf-8")
    assert words._kept_list("en") == {"word": 0.001}  # the check itself lets a good file by
    kept.write_text(whole[:100], encoding="utf-8")
    words._frequencies.cache_clear()
    assert words._frequencies("en") == get_frequency_dict("en", "best")
    assert words._kept_list("en") == get_frequency_dict("en", "best")  # written again


def test_an_unwritable_cache_folder_costs_only_time(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("CITECHECK_CACHE_DIR", str(blocker))
    words._frequencies.cache_clear()
    try:
        assert words.zipf("the", "en") > 7
    finally:
        words._frequencies.cache_clear()


def test_a_later_report_repairs_the_same_without_importing_wordfreq(tmp_path: Path) -> None:
    probe = (
        "import sys, json\n"
        "from pathlib import Path\n"
        "from citecheck.ingest import read_document\n"
        "from citecheck.repair import repair\n"
        f"clean = repair(read_document(Path({str(SAMPLE)!r})))\n"
        "print(json.dumps(['wordfreq' in sys.modules, [r.after for r in clean.repairs]]))\n"
    )
    env = {**os.environ, "CITECHECK_CACHE_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}

    def run() -> list:
        import json

        out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True,
                             text=True, timeout=120, check=True)
        return json.loads(out.stdout)

    first_imported, first = run()
    later_imported, later = run()
    assert first_imported and not later_imported
    assert later == first and len(first) > 300


def test_the_runs_cache_folder_keeps_the_word_list(tmp_path: Path, kept_folder: Path) -> None:
    """--cache-dir (Settings.cache_dir) is where the word list goes, as the responses do."""
    from citecheck.config import Settings
    from citecheck.ingest import read_document
    from citecheck.pipeline import analyse

    analyse(read_document(SAMPLE), Settings(cache_dir=tmp_path / "run-cache"))
    kept = list((tmp_path / "run-cache" / "wordlists").iterdir())
    assert [p.name.endswith("-en-best.txt") for p in kept] == [True]
    assert not kept_folder.exists()  # not in CITECHECK_CACHE_DIR's folder
