"""Read a file into a Document: FILE -> Document.

Plain text (UTF-8, or Latin-1/cp1252 detected), Markdown, PDF (pypdf text
extraction) and BibTeX (pybtex, entry by entry so one bad entry does not
hide the others) all become the same model. Lines are counted as ``grep -n``
counts them: a form feed (pdftotext's page break) moves to the next page but
does not start a new line.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from .errors import InputError
from .models import Document, DocumentKind

MAX_BYTES = 50 * 1024 * 1024  # a bibliography document larger than this is not a document

# The refusals every input path shares (a file on the command line, a batch list, an
# upload to the service): the same input is refused in the same words wherever it came from.
EMPTY = "the document is empty"


def too_large(name: str, size: int | None = None) -> InputError:
    """The refusal of an input over MAX_BYTES (*size* unknown: read past the limit)."""
    shown = f"{size / 1e6:.0f} MB" if size is not None else f"more than {MAX_BYTES // 10**6} MB"
    return InputError(f"{name}: {shown} is too large (limit {MAX_BYTES // 10**6} MB)")


def refuse_empty(name: str, data: bytes) -> None:
    """Raise the one refusal of an empty (or blank) input."""
    if not data.strip():
        raise InputError(f"{name}: {EMPTY}")


TEXT_SUFFIXES = {".txt", ".text", ""}
MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown"}


def read_document(path: Path) -> Document:
    """Read *path* into a Document, or raise InputError with a one-line reason."""
    return document_from_bytes(read_input(path), str(path))


def document_from_bytes(data: bytes, name: str) -> Document:
    """A Document from bytes already in memory (an upload, a request body, a file read).

    *name* is what messages and the report call the input; its suffix (``.pdf``,
    ``.bib``, ``.md``…) picks the reader unless the bytes say otherwise (a PDF
    is recognised by its signature whatever its name). The same size limit and
    one-line refusals apply as for a file.
    """
    if len(data) > MAX_BYTES:
        raise too_large(name, len(data))
    refuse_empty(name, data)
    path = Path(name)
    kind = _kind(path, data)
    if kind == "pdf":
        return _read_pdf(name, data)
    text, encoding = decode_text(data, name)
    lines, pages = split_lines(text)
    if kind == "bib":
        from .bibtex import read_bib

        entries, errors = read_bib(text)
        # refused only when nothing at all could be read (an entry with an undefined macro
        # still has its other fields: it is reported, with its line, not refused)
        if not any(e.error is None or e.fields.model_dump(exclude_defaults=True) for e in entries):
            reason = f": {errors[0]}" if errors else ""
            raise InputError(f"{name}: no readable BibTeX entries{reason}")
        # the text exactly as decoded (a BOM dropped, line ends kept): what is written back
        return Document(
            path=name, kind="bib", encoding=encoding, lines=lines,
            bib_entries=entries, bib_errors=errors, source_text=text,
        )
    return Document(path=name, kind=kind, encoding=encoding, lines=lines, pages=pages)


def read_input(path: Path) -> bytes:
    """The bytes of the input file *path*, or InputError with the shared one-line refusal."""
    try:
        if path.is_dir():
            raise InputError(f"{path}: is a directory, not a document")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise too_large(str(path), size)
        # read at most one byte past the limit: a device or pipe reports size 0
        # (``/dev/zero``, ``<(cmd)``) and must not be read into memory without end
        with path.open("rb") as f:
            data = f.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise too_large(str(path))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    refuse_empty(str(path), data)
    return data


def _kind(path: Path, data: bytes) -> DocumentKind:
    suffix = path.suffix.lower()
    if data.startswith(b"%PDF-") or suffix == ".pdf":
        return "pdf"
    if suffix == ".bib":
        return "bib"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    return "text"


def decode_text(data: bytes, name: str = "input") -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252/Latin-1.

    Binary data (NUL bytes or many control characters) is refused.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise InputError(f"{name}: cannot decode UTF-16 text") from None
    if b"\x00" in data[:65536]:
        raise InputError(f"{name}: looks like a binary file, not text")
    try:
        text, encoding = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        try:
            text, encoding = data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            text, encoding = data.decode("latin-1"), "latin-1"
    sample = text[:65536]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > max(8, len(sample) // 100):
        raise InputError(f"{name}: looks like a binary file, not text")
    return text, encoding


def split_lines(text: str) -> tuple[list[str], list[int]]:
    """Split into lines as grep -n counts them; form feeds mark page breaks.

    Returns (lines, page of each line). A form feed is removed from the line
    it appears in; the text after it is on the next page.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    raw = text.split("\n")
    if raw and raw[-1] == "":
        raw.pop()
    lines: list[str] = []
    pages: list[int] = []
    page = 1
    for line in raw:
        if "\f" in line:
            head, *rest = line.split("\f")
            # a line that starts with \f belongs to the new page
            if head.strip():
                pages.append(page)
            page += len(rest)
            if not head.strip():
                pages.append(page)
            line = head + "".join(rest)
        else:
            pages.append(page)
        lines.append(line)
    return lines, pages


def _read_pdf(path: str, data: bytes) -> Document:
    import io
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception:
                raise InputError(f"{path}: the PDF is encrypted") from None
        lines: list[str] = []
        pages: list[int] = []
        for number, page in enumerate(reader.pages, start=1):
            page_lines, _ = split_lines(page.extract_text() or "")
            lines.extend(page_lines)
            pages.extend([number] * len(page_lines))
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise InputError(f"{path}: not a readable PDF ({exc})") from None
    if not any(line.strip() for line in lines):
        raise InputError(f"{path}: the PDF has no extractable text (a scan needs OCR first)")
    return Document(path=path, kind="pdf", encoding="pdf", lines=lines, pages=pages)
