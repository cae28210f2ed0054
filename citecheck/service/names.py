"""The name a submitted document is kept under: safe anywhere, still recognisable.

A client's file name is a stranger's string that the service shows (JSON, the
pages, the report's title) and that the readers pick by (its suffix). It is
made safe once, when a job is accepted, rather than trusted and escaped later
by every reader:

* the file name of a multipart part may come as RFC 2231/5987
  (``filename*=UTF-8''th%C3%A8se.txt``), which is the one the browser meant;
* characters a file name cannot hold on common systems (``< > : " / \\ | ? *``)
  become ``_``, so ``<script>alert(1)</script>.txt`` is kept as
  ``script_alert(1)_script.txt`` (not cut at the ``/`` of ``</``), and a path
  (``C:\\Users\\ann\\thesis.txt``, ``../../etc/passwd``) becomes one name;
* control and format characters (a NUL, a newline, a right-to-left override)
  go, runs of spaces become one, and leading/trailing dots, spaces and ``_``
  are trimmed (no hidden or ``..`` names);
* at most :data:`MAX_NAME` characters, its suffix kept (the suffix chooses the
  reader), NFC-normalised.

Pure: no I/O. The pages still escape every string they show.
"""

from __future__ import annotations

import email.message
import email.utils
import re
import unicodedata

MAX_NAME = 200
_UNSAFE = re.compile(r'[<>:"/\\|?*]+')
_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,10}$")


def part_filename(disposition: str | None, fallback: str | None) -> str | None:
    """The file name a multipart part's Content-Disposition gives: ``filename*``
    (RFC 2231/5987, charset-decoded) before ``filename`` (*fallback*, as the form parser
    read it)."""
    if disposition:
        message = email.message.Message()
        try:
            message["content-disposition"] = disposition
            for key, value in message.get_params(header="content-disposition") or []:
                if key.lower() == "filename" and isinstance(value, tuple):  # filename*=…
                    decoded = email.utils.collapse_rfc2231_value(value).strip()
                    if decoded:
                        return decoded
        except (ValueError, LookupError, UnicodeError, TypeError):  # malformed: the plain name
            pass
    return fallback


def safe_name(name: str | None, default: str = "upload.txt") -> str:
    """*name* made safe to keep and show (see the module's docstring); *default* if nothing
    recognisable is left."""
    text = unicodedata.normalize("NFC", name or "")
    text = "".join(" " if ch.isspace() else ch for ch in text if ch.isprintable() or ch.isspace())
    text = _UNSAFE.sub("_", text)
    text = re.sub(r" {2,}", " ", text)
    match = _SUFFIX.search(text)
    suffix = match.group(0) if match else ""
    stem = text[: match.start()] if match else text
    stem = stem.strip(" ._")
    if not stem:
        if not suffix:
            return default
        stem = default.rsplit(".", 1)[0]
    stem = stem[: MAX_NAME - len(suffix)].rstrip(" ._") or default.rsplit(".", 1)[0]
    return stem + suffix
