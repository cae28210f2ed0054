"""citecheck on .bib files as reference managers write them (tests/fixtures/bib-trial, made up).

Each test was written against a misfire found by running the CLI on these
files as a new user would: the output must be the input byte for byte when
nothing changed (encodings and byte-order marks included), and CSL-JSON/RIS
must carry names, dates and texts as BibTeX means them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from citecheck.bibtex import encode_bib
from citecheck.cli import main

ROOT = Path(__file__).resolve().parents[1]
TRIAL = ROOT / "tests" / "fixtures" / "bib-trial" / "jabref.bib"


def _variant(tmp_path: Path, name: str) -> Path:
    text = TRIAL.read_text(encoding="utf-8")
    path = tmp_path / f"{name}.bib"
    if name == "bom":
        path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    elif name == "latin1":
        # the same file as an 8-bit user keeps it: only Latin-1 letters
        ascii_keys = text.replace("日本語キー", "japkey").replace("山田, 太郎", "Yamada, Tarô")
        ascii_keys = ascii_keys.replace("日本語の本", "Nihongo").replace("出版社", "Shuppansha")
        ascii_keys = ascii_keys.replace("Müller:2019", "Mueller:2019").replace("Symphonies", "Symphonies für Groß")
        path.write_bytes(ascii_keys.encode("latin-1"))
    else:
        path.write_bytes(text.encode("utf-8"))
    return path


@pytest.mark.parametrize("variant", ["utf8", "bom", "latin1"])
def test_export_gives_the_file_back_byte_for_byte(tmp_path: Path, variant: str,
                                                  capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    src = _variant(tmp_path, variant)
    out = tmp_path / "out.bib"
    assert main(["export", str(src), "--offline", "-o", str(out)]) == 0
    assert out.read_bytes() == src.read_bytes()
    capsysbinary.readouterr()
    assert main(["export", str(src), "--offline"]) == 0  # to stdout: the same bytes
    assert capsysbinary.readouterr().out == src.read_bytes()


def test_encode_bib_keeps_latin1_and_escapes_what_it_lacks() -> None:
    data, said = encode_bib("title = {Gro\u00df \u0160koda}", "latin-1")
    assert said is None
    assert data.decode("latin-1").startswith("title = {Gro\u00df ")
    assert b"\\v{S}" in data or b"\\v S" in data
    data, said = encode_bib("title = {\u4e2d}", "cp1252")  # no escape: UTF-8, said
    assert data == "title = {\u4e2d}".encode("utf-8") and said and "UTF-8" in said
    assert encode_bib("\ufeff@misc{a,}", "utf-8")[0].startswith(b"\xef\xbb\xbf")
