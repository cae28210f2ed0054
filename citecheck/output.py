"""Output files written atomically, and every output path checked before a run starts.

A report, an export or a fix is written to a temporary file beside its target,
flushed to disk (fsync) and renamed over the target in one step, so a failed
write (a full disk, a killed process) leaves the previous file as it was and
no partial file behind. :func:`check_outputs` refuses, before any work is done
(and before any request is sent), an output that is the input, two outputs that
are the same file, a folder, or a folder that does not exist.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from .errors import OutputError

_UMASK = os.umask(0o022)  # read once, at import (os.umask can only be read by setting it)
os.umask(_UMASK)

# temporary files being written now: an interrupted program removes them (see cli.run)
_PENDING: set[str] = set()

# what an extension tells a reader the file holds, for every kind of file citecheck reads or
# writes: an output named so gets that format, or is refused (never a report in refs.bib,
# never a changes list over a bibliography, never text over a PDF)
SUFFIX_KINDS = {".html": "an HTML report", ".htm": "an HTML report", ".md": "Markdown",
                ".markdown": "Markdown", ".json": "JSON", ".txt": "text", ".text": "text",
                ".bib": "BibTeX", ".bibtex": "BibTeX", ".ris": "RIS", ".pdf": "a PDF"}


def refuse_other_kind(target: Path | None, writes: Iterable[str], who: str, flag: str = "-o",
                      hint: str = "") -> None:
    """Refuse *target* when its extension names a kind of file *who* does not write.

    *writes* are the extensions *who* writes; an extension citecheck does not know
    (``report.log``, none at all) is not refused. Said before the run, in one line.
    """
    if target is None:
        return
    suffix = target.suffix.lower()
    writes = list(dict.fromkeys(writes))
    if suffix in SUFFIX_KINDS and suffix not in writes:
        raise OutputError(f"{target}: its extension {suffix} means {SUFFIX_KINDS[suffix]}, which "
                          f"{who} does not write (it writes {', '.join(writes)}); give {flag} one "
                          f"of those{hint}")


def discard_temporaries() -> None:
    """Remove the temporary files of writes still in progress (on Ctrl-C, before exit)."""
    for tmp in list(_PENDING):
        try:
            os.unlink(tmp)
        except OSError:
            pass
        _PENDING.discard(tmp)


def _same(a: Path, b: Path) -> bool:
    """Whether *a* and *b* name the same file (also by a symlink, a hard link or `..`)."""
    try:
        if a.exists() and b.exists():
            return a.samefile(b)
    except OSError:
        pass
    return os.path.realpath(a) == os.path.realpath(b)


def check_outputs(outputs: Iterable[Path], inputs: Iterable[Path] = ()) -> None:
    """Refuse, with one line, outputs that cannot or must not be written.

    Called before any stage runs: an output that is an input, two outputs that
    are one file, a folder, a missing or read-only folder.
    """
    outputs = list(outputs)
    inputs = [p for p in inputs if p is not None]
    for i, target in enumerate(outputs):
        for source in inputs:
            if _same(target, source):
                raise OutputError(f"{target}: refusing to overwrite the input file")
        for other in outputs[:i]:
            if _same(target, other):
                raise OutputError(f"{target}: the same file as the output {other}; name another")
        if target.is_dir():
            raise OutputError(f"{target}: cannot write (is a directory)")
        if target.exists() and not target.is_file():  # /dev/null, a pipe: written in place
            if not os.access(target, os.W_OK):
                raise OutputError(f"{target}: cannot write (permission denied)")
            continue
        parent = target.parent
        if not parent.is_dir():
            raise OutputError(f"{target}: cannot write (no such directory: {parent})")
        if not os.access(parent, os.W_OK | os.X_OK):
            raise OutputError(f"{target}: cannot write (permission denied in {parent})")
        if target.exists() and not os.access(target, os.W_OK):
            raise OutputError(f"{target}: cannot write (permission denied)")


def write_atomic(target: Path, text: str | bytes) -> None:
    """Write *text* (UTF-8; bytes as they are) to *target*: temporary file beside it, fsync, rename.

    On any failure the temporary file is removed, the previous *target* (if
    any) is untouched, and OutputError carries a one-line reason. A target
    that is not a regular file (``/dev/null``, a named pipe) is written in place:
    it cannot be renamed over and holds nothing to protect.
    """
    write_all({target: text})


def _in_place(target: Path) -> bool:
    return target.exists() and not target.is_file()


def _data(text: str | bytes) -> bytes:
    return text.encode("utf-8") if isinstance(text, str) else text


def _stage(target: Path, data: bytes) -> str:
    """*data* in a temporary file beside *target*, flushed to disk: its name, to rename later."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    _PENDING.add(tmp)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if target.exists():  # keep the permissions of the file being replaced
            try:
                os.chmod(tmp, target.stat().st_mode & 0o7777)
            except OSError:
                pass
        else:  # mkstemp makes 0600: a new file gets the usual permissions
            os.chmod(tmp, 0o666 & ~_UMASK)
    except BaseException:
        _discard(tmp)
        raise
    return tmp


def _discard(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass
    _PENDING.discard(tmp)


def write_all(outputs: Mapping[Path, str | bytes]) -> None:
    """Write several outputs, all or none.

    Every regular file is first written whole to a temporary file beside it;
    then the targets that are not regular files (``/dev/null``, a pipe) are
    written in place; only when all of that succeeded is each temporary file
    renamed over its target. A failure anywhere before the renames (a full
    disk, a full device) leaves every previous file as it was and no new
    one: `fix` never leaves its ``.bib`` without the text and the changes
    list it goes with.
    """
    staged: list[tuple[str, Path]] = []
    current: Path | None = None
    try:
        for target, text in outputs.items():
            current = target
            if not _in_place(target):
                staged.append((_stage(target, _data(text)), target))
        for target, text in outputs.items():
            current = target
            if _in_place(target):
                with target.open("wb") as f:
                    f.write(_data(text))
        for tmp, target in staged:
            current = target
            os.replace(tmp, target)
            _PENDING.discard(tmp)
    except OSError as exc:
        raise OutputError(f"{current}: cannot write ({_reason(exc)})") from None
    finally:
        for tmp, _ in staged:
            if tmp in _PENDING:
                _discard(tmp)


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "no space left on the device; the previous file, if any, is unchanged"
    return exc.strerror or str(exc)
