"""ingest: every input kind becomes a Document; bad input is one clear InputError."""

from __future__ import annotations

import codecs

from pathlib import Path

import pytest

from citecheck.errors import InputError
from citecheck.ingest import decode_text, read_document, split_lines


@pytest.mark.parametrize(
    "text, lines, pages",
    [
        ("a\nb\n", ["a", "b"], [1, 1]),
        ("a\r\nb", ["a", "b"], [1, 1]),
        # pdftotext: a form feed starts the next page on the same line count
        ("a\n\fb\nc\n", ["a", "b", "c"], [1, 2, 2]),
        ("a\fb\n", ["ab"], [1]),
        ("a\n\f", ["a", ""], [1, 2]),
    ],
)
def test_split_lines_counts_like_grep(text: str, lines: list[str], pages: list[int]) -> None:
    assert split_lines(text) == (lines, pages)


@pytest.mark.parametrize(
    "data, text, encoding",
    [
        ("Stéphane “x”".encode("utf-8"), "Stéphane “x”", "utf-8"),
        ("\ufeffabc".encode("utf-8"), "abc", "utf-8"),
        ("Stéphane “x”".encode("cp1252"), "Stéphane “x”", "cp1252"),
        (b"caf\xe9 \x81", "café \x81", "latin-1"),  # 0x81 is undefined in cp1252
        (codecs.BOM_UTF16_LE + "naïve".encode("utf-16-le"), "naïve", "utf-16-le"),
        (codecs.BOM_UTF16_BE + "naïve".encode("utf-16-be"), "naïve", "utf-16-be"),
    ],
)
def test_decode_detects_encoding(data: bytes, text: str, encoding: str) -> None:
    assert decode_text(data) == (text, encoding)


def test_sample_reads_with_grep_line_numbers(sample_path: Path) -> None:
    doc = read_document(sample_path)
    assert doc.kind == "text" and doc.encoding == "utf-8"
    assert len(doc.lines) == 3881  # grep -c "" (the last line has no newline; wc -l says 3880)
    assert doc.lines[404] == "Bibliography:"  # grep -n says line 405


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n", "empty"),
        ("binary.txt", b"\x00\x01\x02binary", "binary"),
        ("noise.txt", bytes(range(1, 32)) * 20, "binary"),
        ("broken.pdf", b"%PDF-1.4 not really", "PDF"),
        ("bad.bib", b"@article{x, title = {unclosed\n", "BibTeX"),
    ],
)
def test_bad_input_is_one_clear_error(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError, match=message):
        read_document(path)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="directory"):
        read_document(tmp_path)


def test_bib_with_one_bad_entry_keeps_the_others(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_text(
        "@string{nr = {Norton}}\n"
        "@book{avrich1970, author = {Avrich, Paul}, title = {Kronstadt, 1921},\n"
        "  publisher = nr, year = 1970}\n\n"
        "@article{broken, title = {no closing brace,\n\n"
        "@article{brovkin1983, author = {Brovkin, Vladimir}, title = {The Mensheviks' Comeback},\n"
        "  journal = {Russian Review}, volume = 42, number = 1, pages = {1--50}, year = 1983}\n",
        encoding="utf-8",
    )
    doc = read_document(path)
    assert doc.kind == "bib"
    # the broken entry is one of the entries too: a parse error with its own line
    assert [r.key for r in doc.bib_entries or []] == ["avrich1970", "broken", "brovkin1983"]
    assert [r.error is not None for r in doc.bib_entries or []] == [False, True, False]
    assert doc.bib_entries[0].fields.publisher == "Norton"  # @string macros resolved
    assert doc.bib_entries[1].line == 5 and doc.bib_entries[2].line == 7
    assert len(doc.bib_errors) == 1 and doc.bib_errors[0].startswith("line 5:")


def test_pdf_text_is_extracted(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = pypdf.PdfWriter()
    page = writer.add_blank_page(width=300, height=200)
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"),
                             NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})})
    stream = DecodedStreamObject()
    stream.set_data(b"BT /F1 12 Tf 20 150 Td (References) Tj 0 -20 Td "
                    b"(Avrich, Paul, Kronstadt, 1921, Norton, New York 1970.) Tj ET")
    page[NameObject("/Contents")] = writer._add_object(stream)
    path = tmp_path / "doc.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    doc = read_document(path)
    assert doc.kind == "pdf"
    assert "References" in doc.text and "Kronstadt" in doc.text
    assert doc.pages and set(doc.pages) == {1}


def test_huge_input_is_refused_even_when_its_size_is_unknown(monkeypatch, tmp_path: Path) -> None:
    import citecheck.ingest as ingest

    monkeypatch.setattr(ingest, "MAX_BYTES", 1000)
    big = tmp_path / "big.txt"
    big.write_bytes(b"Smith, John. A Book. London: Penguin, 1990.\n" * 100)
    with pytest.raises(InputError, match="too large"):
        read_document(big)
    # a character device reports size 0: only a bounded read catches it
    with pytest.raises(InputError, match="too large"):
        read_document(Path("/dev/zero"))


def test_unreadable_file_is_one_clear_error(monkeypatch, tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("Bibliography\n\nSmith, John. A Book. London: Penguin, 1990.\n", encoding="utf-8")

    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)  # chmod 000 does not stop root, which CI may be
    with pytest.raises(InputError, match="permission denied"):
        read_document(path)


@pytest.mark.parametrize("data", [b"", b" \n\t\n"])
def test_an_empty_input_is_refused_in_the_same_words_on_every_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    data: bytes,
) -> None:
    """`report` (a file), `batch` (a list of files) and the service (bytes uploaded)."""
    import csv

    from citecheck.cli import main
    from citecheck.ingest import EMPTY, document_from_bytes

    folder = tmp_path / "docs"
    folder.mkdir()
    doc = folder / "paper.md"
    doc.write_bytes(data)
    monkeypatch.setenv("CITECHECK_OFFLINE", "1")
    assert main(["report", str(doc), "--no-resolve", "--cache-dir", str(tmp_path / "c")]) == 2
    said = {"report": capsys.readouterr().err.strip().removeprefix("citecheck: error: ")}
    main(["batch", str(folder), "-o", str(tmp_path / "out"), "--no-resolve",
          "--cache-dir", str(tmp_path / "c")])
    capsys.readouterr()
    with (tmp_path / "out" / "documents.csv").open(encoding="utf-8") as f:
        (row,) = list(csv.DictReader(f))
    said["batch"] = row["error"]
    with pytest.raises(InputError) as refused:
        document_from_bytes(data, str(doc))  # what the service's upload and jobs call
    said["service"] = str(refused.value)
    assert set(said.values()) == {f"{doc}: {EMPTY}"}, said
