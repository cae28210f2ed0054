"""Read a file into a Document: FILE -> Document.

Plain text (UTF-8, or Latin-1/cp1252 detected), Markdown, PDF (pypdf text
extraction) and BibTeX (pybtex, entry by entry so one bad entry does not
hide the others) all become the same model. Lines are counted as ``grep -n``
counts them: a form feed (pdftotext's page break) moves to the next page but
does not start a new line.
"""

from __future__ import annotations

import codecs
import io
import re
import sys
import time
from pathlib import Path
from typing import BinaryIO

from .config import Settings
from .errors import InputError
from .limits import check_size, cut_lines, read_limited
from .models import Document, DocumentKind, Notice

MAX_BYTES = 50 * 1024 * 1024  # default of Settings.max_document_bytes (see limits.py)

# The refusals every input path shares (a file on the command line, a batch list, an
# upload to the service): the same input is refused in the same words wherever it came from.
EMPTY = "the document is empty"


def refuse_empty(name: str, data: bytes) -> None:
    """Raise the one refusal of an empty (or blank) input."""
    if not data.strip():
        raise InputError(f"{name}: {EMPTY}")


TEXT_SUFFIXES = {".txt", ".text", ""}
MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown"}


def _limit(settings: Settings | None) -> int:
    return settings.max_document_bytes if settings is not None else MAX_BYTES


def read_document(path: Path, settings: Settings | None = None) -> Document:
    """Read *path* into a Document, or raise InputError with a one-line reason."""
    return document_from_bytes(read_input(path, settings), str(path), settings)


def document_from_bytes(data: bytes, name: str, settings: Settings | None = None) -> Document:
    """A Document from bytes already in memory (an upload, a request body, a file read).

    *name* is what messages and the report call the input; its suffix (``.pdf``,
    ``.bib``, ``.md``…) picks the reader unless the bytes say otherwise (a PDF
    is recognised by its signature whatever its name). The same size limit and
    one-line refusals apply as for a file; lines longer than the line limit are
    cut, with a notice (see limits.py).
    """
    check_size(name, len(data), _limit(settings))
    refuse_empty(name, data)
    path = Path(name)
    kind = _kind(path, data)
    if kind == "pdf":
        doc = _read_pdf(name, data, settings)
    else:
        text, encoding = decode_text(data, name)
        lines, pages = split_lines(text)
        if kind == "bib":
            from .bibtex import read_bib

            notices: list[Notice] = []
            legacy: list[tuple[str, int]] = []
            # a UTF-8 byte-order mark is text outside every entry: kept, so that the file
            # written back is the file read, byte for byte (offsets count it)
            if data.startswith(codecs.BOM_UTF8) and encoding == "utf-8":
                text = "\ufeff" + text
            elif encoding in ("cp1252", "latin-1") and (mixed := mixed_utf8_lines(data)) is not None:
                # UTF-8 but for some 8-bit lines: each line read in its own encoding, so that
                # 'Müller' is not read as 'MÃ¼ller'; the 8-bit lines are written back in theirs
                text, at, legacy = mixed
                encoding = "utf-8"
                lines, pages = split_lines(text)
                shown = ", ".join(map(str, at[:5])) + (" …" if len(at) > 5 else "")
                notices.append(Notice(
                    code="bib-encoding", stage="ingest", line=at[0],
                    text=f"{name}: the file is UTF-8 but line{'s' if len(at) > 1 else ''} {shown} "
                         f"{'are' if len(at) > 1 else 'is'} not (an 8-bit encoding, read as cp1252): "
                         f"read so and written back as {'they were' if len(at) > 1 else 'it was'}; "
                         "save the file as UTF-8 to mend it"))
            entries, errors = read_bib(text)
            # refused only when nothing at all could be read (an entry with an undefined
            # macro still has its other fields: it is reported, with its line, not refused)
            if not any(e.error is None or e.fields.model_dump(exclude_defaults=True)
                       for e in entries):
                reason = f": {errors[0]}" if errors else ""
                raise InputError(f"{name}: no readable BibTeX entries{reason}")
            # the text exactly as decoded (BOM and line ends kept): what is written back, in
            # the file's own encoding (bibtex.encode_bib)
            return Document(
                path=name, kind="bib", encoding=encoding, lines=lines,
                bib_entries=entries, bib_errors=errors, source_text=text,
                notices=notices, legacy_lines=legacy,
            )
        del text
        doc = Document(path=name, kind=kind, encoding=encoding, lines=lines, pages=pages)
    max_chars = settings.max_line_chars if settings is not None else Settings.model_fields[
        "max_line_chars"].default
    lines, notices = cut_lines(doc.lines, max_chars)
    if notices:
        doc = doc.model_copy(update={"lines": lines, "notices": [*doc.notices, *notices]})
    return doc


def open_input(path: Path | None) -> BinaryIO:
    """*path* opened for reading bytes (stdin when None or ``-``), or a one-line refusal.

    The refusals every command shares: no such file, a folder, permission denied.
    stdin without a byte stream (a test's StringIO) is returned as it is.
    """
    if path is None or str(path) == "-":
        return getattr(sys.stdin, "buffer", sys.stdin)
    try:
        if path.is_dir():
            raise InputError(f"{path}: is a directory, not a document")
        return path.open("rb")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None


def read_input(path: Path | None, settings: Settings | None = None) -> bytes:
    """The bytes of *path*, or of stdin when *path* is None or ``-``: one limit, one refusal.

    Used by every command, so ``report``, ``export``, ``fix`` and ``parse`` refuse
    the same inputs with the same message.
    """
    limit = _limit(settings)
    name = "stdin" if path is None or str(path) == "-" else str(path)
    if name != "stdin":
        try:
            check_size(name, path.stat().st_size, limit)  # type: ignore[union-attr]
        except FileNotFoundError:
            raise InputError(f"{path}: no such file") from None
        except OSError:
            pass  # open_input says why
    stream = open_input(path)
    try:
        if isinstance(stream, io.TextIOBase):  # text without bytes (a test's StringIO)
            data = stream.read().encode("utf-8")
            check_size(name, len(data), limit)
        else:
            # read at most one byte past the limit: a device or pipe reports size 0
            # (``/dev/zero``, ``<(cmd)``) and must not be read into memory without end
            data = read_limited(stream, name, limit)
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None
    finally:
        if name != "stdin":
            stream.close()
    if name != "stdin":
        refuse_empty(name, data)
    return data


# the start of a BibTeX file: blank lines and `%` comment lines, then `@type{` or `@type(`
# (each line can be read one way only: a comment's '%[^\n]*' takes its '\r' too, so that
# '\r?' after it cannot also: two readings a line were 2^n tries on a run of CRLF comments)
_BIB_START = re.compile(rb"(?:[ \t]*(?:%[^\n]*|\r)?\n)*[ \t]*@[ \t]*[A-Za-z]+[ \t]*[{(]")


def _kind(path: Path, data: bytes) -> DocumentKind:
    suffix = path.suffix.lower()
    if data.startswith(b"%PDF-") or suffix == ".pdf":
        return "pdf"
    if suffix == ".bib":
        return "bib"
    # a name without an extension (stdin, `-`): a file that opens with an entry is BibTeX
    if not suffix and _BIB_START.match(data.removeprefix(codecs.BOM_UTF8)):
        return "bib"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    return "text"


# control characters that text does not hold (all below 32 but tab, newline, CR, form feed)
_CONTROLS = [chr(c) for c in range(32) if chr(c) not in "\n\r\t\f"]


def decode_text(data: bytes, name: str = "input") -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252/Latin-1.

    Binary data (NUL bytes or many control characters) is refused.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # the byte order is part of the encoding: a file written back keeps it
        order = "utf-16-le" if data.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"
        try:
            return data.decode("utf-16"), order
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
    controls = sum(map(sample.count, _CONTROLS))
    if controls > max(8, len(sample) // 100):
        raise InputError(f"{name}: looks like a binary file, not text")
    return text, encoding


_BYTE_LINE = re.compile(rb"[^\r\n]*(?:\r\n|\r|\n)?")


def mixed_utf8_lines(data: bytes) -> tuple[str, list[int], list[tuple[str, int]]] | None:
    """A file in UTF-8 except for some lines in an 8-bit encoding (an entry pasted from a Latin-1
    file): (its text, each line read in its own encoding; the numbers of the 8-bit lines; those
    lines as read, line ends included, each with its occurrence among the lines of the same text:
    a UTF-8 line may read the same, 'address = {München},' in an entry of each kind). None
    unless it has both UTF-8 letters and such lines.
    """
    parts: list[str] = []
    at: list[int] = []
    legacy: list[tuple[str, int]] = []
    seen: dict[str, int] = {}
    utf8 = False
    for number, m in enumerate(_BYTE_LINE.finditer(data), start=1):
        raw = m.group(0)
        if not raw:
            break
        try:
            line = raw.decode("utf-8")
            utf8 = utf8 or not raw.isascii()
        except UnicodeDecodeError:
            try:
                line = raw.decode("cp1252")
            except UnicodeDecodeError:  # the five bytes cp1252 leaves undefined
                line = raw.decode("latin-1")
            at.append(number)
            legacy.append((line, seen.get(line, 0)))
        parts.append(line)
        seen[line] = seen.get(line, 0) + 1
    if not utf8 or not at:
        return None
    return "".join(parts), at, legacy


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


def _pdf_limits(settings: Settings | None) -> dict[str, int]:
    """pypdf's own decompression limits, set from max_pdf_bytes (those this pypdf has)."""
    import dataclasses

    import pypdf

    cap = settings.max_pdf_bytes if settings is not None else Settings.model_fields[
        "max_pdf_bytes"].default
    if not hasattr(pypdf, "Configuration"):
        return {}
    names = {f.name for f in dataclasses.fields(pypdf.Configuration)}
    wanted = ("maximum_declared_stream_length", "array_based_stream_maximum_output_length",
              "zlib_maximum_output_length", "lzw_maximum_output_length",
              "run_length_maximum_output_length", "brotli_maximum_output_length",
              "jbig2_maximum_output_length", "image_maximum_buffer_size")
    return {n: cap for n in wanted if n in names}


def _read_pdf(path: str, data: bytes, settings: Settings | None = None) -> Document:
    """Extract a PDF's text within the PDF limits: pages, inflated stream size, time.

    pypdf parses hostile bytes; whatever it raises (its own errors, its limit
    errors, or a stray exception from a malformed object) is one line: the file
    is not a readable PDF, or it passes a limit.
    """
    import contextlib
    import io
    import logging

    import pypdf
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError

    s = settings if settings is not None else Settings()
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    configure = getattr(pypdf, "apply_configuration", None)
    scope = configure(**_pdf_limits(s)) if configure else contextlib.nullcontext()
    deadline = time.monotonic() + s.max_pdf_seconds
    lines: list[str] = []
    pages: list[int] = []
    chars = 0
    try:
        with scope:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                try:
                    reader.decrypt("")
                except Exception:
                    raise InputError(f"{path}: the PDF is encrypted") from None
            count = len(reader.pages)
            if count > s.max_pdf_pages:
                raise InputError(
                    f"{path}: the PDF has {count:,} pages, more than the limit of "
                    f"{s.max_pdf_pages:,} (setting max_pdf_pages, CITECHECK_MAX_PDF_PAGES)")
            for number, page in enumerate(reader.pages, start=1):
                if time.monotonic() > deadline:
                    raise InputError(
                        f"{path}: PDF text extraction passed {s.max_pdf_seconds:g} s at page "
                        f"{number} (setting max_pdf_seconds, CITECHECK_MAX_PDF_SECONDS)")
                page_lines, _ = split_lines(page.extract_text() or "")
                chars += sum(len(line) + 1 for line in page_lines)
                if chars > s.max_document_bytes:
                    raise InputError(
                        f"{path}: the PDF's text passes {s.max_document_bytes:,} characters at "
                        f"page {number} (setting max_document_bytes, CITECHECK_MAX_DOCUMENT_BYTES)")
                lines.extend(page_lines)
                pages.extend([number] * len(page_lines))
    except InputError:
        raise
    except LimitReachedError as exc:
        raise InputError(f"{path}: the PDF passes a safety limit ({_first_line(exc)}; "
                         "setting max_pdf_bytes, CITECHECK_MAX_PDF_BYTES)") from None
    except (Exception, RecursionError) as exc:  # noqa: BLE001 - hostile bytes, any failure
        raise InputError(f"{path}: not a readable PDF ({type(exc).__name__}: "
                         f"{_first_line(exc)})") from None
    if not any(line.strip() for line in lines):
        raise InputError(f"{path}: the PDF has no extractable text (a scan needs OCR first)")
    return Document(path=path, kind="pdf", encoding="pdf", lines=lines, pages=pages)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else "no detail"
