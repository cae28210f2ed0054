"""Size and shape limits on one document: one refusal for every input path, notices when cut.

Every front end (``report``, ``export``, ``fix``, ``parse`` from a file or stdin,
the library's ``document_from_bytes``) reads its input through :func:`read_limited`
or :func:`check_size`, so they all refuse the same inputs with the same one line.
Inside a document, what passes a limit is cut, not refused, and the report says
so in a ``Notice(code="limit")`` naming the lines and the setting:

=====================  ==============================  =================================
setting                environment variable            what
=====================  ==============================  =================================
max_document_bytes     CITECHECK_MAX_DOCUMENT_BYTES    input size (refused above it)
max_line_chars         CITECHECK_MAX_LINE_CHARS        a longer line is cut for the stages
max_entries            CITECHECK_MAX_ENTRIES           entries parsed (the rest left out)
max_links              CITECHECK_MAX_LINKS             links checked
max_notes              CITECHECK_MAX_NOTES             footnote markers reported
max_pdf_pages          CITECHECK_MAX_PDF_PAGES         PDF pages (refused above it)
max_pdf_bytes          CITECHECK_MAX_PDF_BYTES         one PDF stream inflated (refused)
max_pdf_seconds        CITECHECK_MAX_PDF_SECONDS       PDF text extraction time (refused)
=====================  ==============================  =================================
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, BinaryIO

from .errors import TooLarge
from .models import Notice


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):g} MiB" if n % (1024 * 1024) == 0 else f"{n / 1e6:.1f} MB"
    return f"{n:,} bytes"


def too_large(name: str, limit: int) -> TooLarge:
    """The one refusal of an input over *limit* bytes, whatever path it came by."""
    return TooLarge(f"{name}: too large (more than {_size(limit)}; the limit is the setting "
                    "max_document_bytes, CITECHECK_MAX_DOCUMENT_BYTES)")


def check_size(name: str, size: int, limit: int) -> None:
    """Refuse *size* bytes over *limit*."""
    if size > limit:
        raise too_large(name, limit)


def read_limited(stream: BinaryIO, name: str, limit: int) -> bytes:
    """Read a whole stream (a file, a pipe, a device, stdin), refusing it past *limit* bytes.

    Reads at most one byte past the limit, so ``/dev/zero`` or an endless pipe
    is refused in bounded memory instead of read until memory runs out.
    """
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = stream.read(min(1 << 20, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise too_large(name, limit)
    return b"".join(chunks)


class LimitedReader:
    """A stream read line by line that refuses to go past *limit* bytes (``parse``'s input).

    ``readline`` as the wrapped stream's (bytes or text); past the limit it raises
    the same refusal as :func:`read_limited`, so streaming input has the same
    size limit and message as input read whole.
    """

    def __init__(self, stream: Any, name: str, limit: int) -> None:
        self.stream, self.name, self.limit, self.read = stream, name, limit, 0

    def readline(self, size: int = -1) -> Any:
        chunk = self.stream.readline(size)
        self.read += len(chunk)
        if self.read > self.limit:
            raise too_large(self.name, self.limit)
        return chunk


def _line_list(numbers: Sequence[int], most: int = 5) -> str:
    shown = ", ".join(str(n) for n in numbers[:most])
    more = len(numbers) - most
    return (f"line {shown}" if len(numbers) == 1 else f"lines {shown}") + (
        f" and {more:,} more" if more > 0 else "")


def cut_lines(lines: list[str], limit: int, stage: str = "ingest") -> tuple[list[str], list[Notice]]:
    """Cut every line longer than *limit* characters; one notice naming the lines cut."""
    cut: list[int] = []
    longest = 0
    out = lines
    for number, line in enumerate(lines, start=1):
        if len(line) > limit:
            if out is lines:
                out = list(lines)
            out[number - 1] = line[:limit]
            cut.append(number)
            longest = max(longest, len(line))
    if not cut:
        return lines, []
    return out, [Notice(code="limit", stage=stage, text=(
        f"{_line_list(cut)}: longer than {limit:,} characters (the longest {longest:,}); "
        f"only the first {limit:,} characters were read (setting max_line_chars, "
        "CITECHECK_MAX_LINE_CHARS)"))]


def cap_notice(what: str, found: int, limit: int, setting: str, stage: str,
               first_line: int | None = None) -> Notice:
    """The notice for a document holding more *what* than *limit*: the rest was left out."""
    where = f" from line {first_line} on" if first_line else ""
    return Notice(code="limit", stage=stage, text=(
        f"{found:,} {what} found, more than the limit of {limit:,}: those{where} were left out "
        f"(setting {setting}, CITECHECK_{setting.upper()})"))
