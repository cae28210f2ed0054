"""Hostile input files, generated: bombs, binary, mixed encodings, giant lines, nested braces, PDFs.

Shared by tests/test_hostile_files.py (every file ends with exit <= 2 within the
README's time and memory ceiling) and bench/bounds_bench.py. Nothing is read
from outside the repository; every file is built from code here.
"""

from __future__ import annotations

import gzip
import io
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

REF = "Smith, John. A Book about Things. London: Penguin, 1990. https://example.org/{n}"


def _refs(n: int) -> str:
    return "\n".join(REF.format(n=i) for i in range(n))


def pdf(content: bytes | None = None, *, inflated: int = 0, pages: int = 1) -> bytes:
    """A small valid PDF; *inflated* bytes of blanks appended to each page's content stream.

    The stream is compressed in pieces, so a 200 MB bomb costs the generator
    little memory.
    """
    text = content or b"BT /F1 12 Tf 72 720 Td (Bibliography) Tj ET\n"
    comp = zlib.compressobj(9)
    body = comp.compress(text)
    block = b" " * (1 << 20)
    for _ in range(inflated >> 20):
        body += comp.compress(block)
    body += comp.flush()
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
        + b"] /Count %d >>" % pages,
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for _ in range(pages):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
                       b"/Resources << /Font << /F1 4 0 R >> >> >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    return out.getvalue()


def _gzip_bomb() -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9) as gz:
        block = b"\0" * (1 << 20)
        for _ in range(100):
            gz.write(block)
    return buf.getvalue()


def _zip_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("refs.txt", ("Bibliography\n" + _refs(10) + "\n") * 20_000)
    return buf.getvalue()


def _mixed_encodings() -> bytes:
    return ("Bibliography\n\n" + _refs(20) + "\n").encode("utf-8") + (
        "Müller, Jürgen. Über Dinge. Köln: Verlag, 1999.\n".encode("latin-1")) + (
        "Ἀριστοτέλης. Πολιτικά. Athens: Kaktos, 1993.\n".encode("utf-8")) + b"\xff\xfe\x80\x81\n"


def _nul_late() -> bytes:  # NUL bytes past the binary sniffing window
    return ("Bibliography\n\n" + _refs(300) + "\n").encode() + b"x" * 70_000 + b"\nDoe\x00\x00, Jane. A\x00Book. 2001.\n"


def _nested_bib() -> bytes:
    depth = 50_000
    return (b"@book{deep, title = {" + b"{" * depth + b"x" + b"}" * depth + b"}, year = 1990}\n"
            b"@book{ok, author = {Avrich, Paul}, title = {Kronstadt, 1921}, year = 1970}\n")


def _unbalanced_bib() -> bytes:
    return b"@book{open, title = {" + b"{" * 200_000 + b"\n@article{x, title={y}}\n"


def _markdown_nesting() -> bytes:
    return ("# Notes\n\n" + "[" * 100_000 + "x" + "](" * 50_000 + "\n\n## References\n\n"
            + _refs(10) + "\n").encode()


# name -> (file name, bytes maker)
HOSTILE: dict[str, tuple[str, Callable[[], bytes]]] = {
    "gzip-bomb": ("refs.txt", _gzip_bomb),
    "gzip-bomb-named-gz": ("refs.txt.gz", _gzip_bomb),
    "zip-bomb": ("refs.zip", _zip_bomb),
    "nul-bytes": ("nul.txt", lambda: b"Bibliography\n\n\x00\x00\x00" * 1000),
    "nul-bytes-late": ("late.txt", _nul_late),
    "mixed-encodings": ("mixed.txt", _mixed_encodings),
    "utf16-odd-length": ("odd.txt", lambda: b"\xff\xfe" + "Bibliography\n".encode("utf-16-le") + b"\x00"),
    "one-mb-line": ("line.txt", lambda: ("Bibliography\n\n" + " ".join(
        REF.format(n=i) for i in range(12_000)) + "\n").encode()),
    "one-mb-line-no-spaces": ("word.txt", lambda: b"References\n\n" + b"x" * (1 << 20) + b"\n"),
    "many-short-lines": ("many.txt", lambda: ("References\n\n" + "a.\n" * 100_000).encode()),
    "nested-braces-bib": ("deep.bib", _nested_bib),
    "unbalanced-braces-bib": ("open.bib", _unbalanced_bib),
    "markdown-nesting": ("deep.md", _markdown_nesting),
    "pdf-huge-stream": ("huge.pdf", lambda: pdf(inflated=200 << 20)),
    "pdf-corrupt": ("bad.pdf", lambda: pdf()[:200] + b"\x00garbage" * 100),
    "pdf-signature-only": ("sig.txt", lambda: b"%PDF-1.7\n" + b"A" * 1000),
    "pdf-many-pages": ("pages.pdf", lambda: pdf(pages=6000)),
    "only-whitespace": ("blank.txt", lambda: b" \n\t\n" * 1000),
    "control-characters": ("ctl.txt", lambda: bytes(range(1, 32)) * 5000),
}


def write_corpus(folder: Path) -> dict[str, Path]:
    """Write every hostile file into *folder*; name -> path."""
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for name, (filename, make) in HOSTILE.items():
        path = folder / f"{name}-{filename}"
        path.write_bytes(make())
        out[name] = path
    return out
