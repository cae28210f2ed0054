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
    data = text.encode("utf-8") if isinstance(text, str) else text
    if target.exists() and not target.is_file():
        try:
            with target.open("wb") as f:
                f.write(data)
        except OSError as exc:
            raise OutputError(f"{target}: cannot write ({_reason(exc)})") from None
        return
    tmp: str | None = None
    name: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        _PENDING.add(name := tmp)
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
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        raise OutputError(f"{target}: cannot write ({_reason(exc)})") from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        if name is not None:
            _PENDING.discard(name)


def write_all(outputs: Mapping[Path, str | bytes]) -> None:
    """Write several outputs, each atomically (each one whole or not at all)."""
    for target, text in outputs.items():
        write_atomic(target, text)


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "no space left on the device; the previous file, if any, is unchanged"
    return exc.strerror or str(exc)
