"""Archived copies of cited URLs: Wayback CDX first, then fallbacks.

Takes a URL and the date it was cited (an access date, else the entry's
year) and returns an ``models.ArchivedCopy`` (snapshot URL, 14-digit
timestamp, source) or None.

Sources, in order:

1. the Wayback CDX server (``settings.cdx_url``), ``output=json`` with
   ``filter=statuscode:…``, ``closest`` + ``sort=closest`` (``closest`` alone
   does not sort: internetarchive/wayback issue #237) and a ``limit``;
2. the Wayback availability API (``settings.wayback_url``) only when the CDX
   query fails: it is known to answer "nothing archived" for archived pages
   and is tightly rate-limited (lychee PR #2167, waybackpy issue #155);
3. a Memento TimeMap (``settings.memento_url``, RFC 7089; link-format or the
   JSON TimeMap of mementoweb.org/guide/timemap-json) when the Wayback Machine
   has no capture at all.

The capture is the good one nearest the citation (or access) date, on
either side. Good means archived with status 200 and, before a copy is
suggested as a replacement, its content fetched and found to be neither a
"not found" page, a parking page, a redirect to the site's home page, nor a
different page than the one cited (the site's content after it changed
owner: its title and text share nothing with the citation's title).
Credentials in a cited URL (``user:pass@``) never reach an archive service.
When the look-up fails (the archive API answers an error, or does not
answer), the result says "not checked", never "no archived copy".

The response parsers are pure functions, tested on real responses
(tests/fixtures/archives).
"""

from __future__ import annotations

import calendar
import email.utils
import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from rapidfuzz import fuzz

from . import errors
from .config import Settings
from .pages import classify, is_home, is_root, page_of
from .models import ArchivedCopy
from .net import HttpLayer, Response

GOOD_CAPTURE = frozenset({200})
# A capture whose page shares less than this with the cited title is another page.
TITLE_MATCH = 60.0
CDX_FIELDS = "timestamp,original,statuscode,mimetype"
CDX_LIMIT = 25
# Candidates whose content is fetched before one is accepted as a replacement.
MAX_VERIFY = 3
SNAPSHOT_BYTES = 128 * 1024


@dataclass(frozen=True)
class Capture:
    """One archived capture: 14-digit timestamp, URL captured, HTTP status if known."""

    timestamp: str
    original: str
    status: int | None = None
    mimetype: str = ""
    memento: str | None = None  # URI-M, when the capture came from a TimeMap


# --------------------------------------------------------------------------- dates


_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m} | {
    m.lower(): i for i, m in enumerate(calendar.month_abbr) if m
} | {"sept": 9}
_YEAR = r"(1[89]\d\d|20\d\d)"
_NUMERIC = re.compile(_YEAR + r"(?:[-/.]?(0[1-9]|1[0-2])(?:[-/.]?(0[1-9]|[12]\d|3[01]))?)?")
_DAY_MONTH = re.compile(r"\b(\d{1,2})\.?\s+([a-z]{3,9})\.?,?\s+" + _YEAR, re.IGNORECASE)
_MONTH_DAY = re.compile(r"\b([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+" + _YEAR, re.IGNORECASE)
_MONTH_YEAR = re.compile(r"\b([a-z]{3,9})\.?,?\s+" + _YEAR, re.IGNORECASE)


def _ymd(text: str) -> tuple[str, str | None, str | None] | None:
    """(year, month, day) from ISO-like or English dates ('3 May 2019', 'May 3, 2019')."""
    for pattern, order in ((_DAY_MONTH, "dmy"), (_MONTH_DAY, "mdy"), (_MONTH_YEAR, "my")):
        for m in pattern.finditer(text):
            parts = dict(zip(order, m.groups()))
            month = _MONTHS.get(parts["m"].lower())
            if month is None:
                continue
            day = parts.get("d")
            if day is not None and not 1 <= int(day) <= 31:
                continue
            return parts["y"], f"{month:02d}", f"{int(day):02d}" if day else None
    m = _NUMERIC.search(text)
    return (m.group(1), m.group(2), m.group(3)) if m else None


def to_timestamp(value: str | int | None, *, end: bool = True) -> str | None:
    """A citation or access date -> 14-digit timestamp ('2019-05-03', '3 May 2019', '2019').

    Missing parts are filled with the end of the period (``end=True``): a page
    accessed "in 2019" may have been seen as late as 31 December.
    """
    if value is None:
        return None
    found = _ymd(str(value))
    if found is None:
        return None
    year, month, day = found
    if month is None:
        month = "12" if end else "01"
    last = calendar.monthrange(int(year), int(month))[1]
    if day is None or int(day) > last:
        day = f"{last:02d}" if end else "01"
    return f"{year}{month}{day}" + ("235959" if end else "000000")


def http_date_to_timestamp(value: str) -> str | None:
    """RFC 1123 date (Memento ``datetime``) or ISO 8601 -> 14-digit timestamp."""
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        when = None
    if when is None:
        try:
            when = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    if when.tzinfo is not None:
        when = when.astimezone(UTC)
    return when.strftime("%Y%m%d%H%M%S")


# --------------------------------------------------------------------------- parsers (pure)


def parse_cdx(data: Any) -> list[Capture]:
    """CDX ``output=json`` rows -> captures.

    The first row names the fields. A trailing empty row followed by a
    one-element row is the resume key of ``showResumeKey=true``; rows after
    the empty one are not captures. ``[]`` means no capture. pywb-based
    archives answer NDJSON objects with ``url/status/mime``; pass those as
    a list of dicts.
    """
    return parse_cdx_checked(data) or []


def parse_cdx_checked(data: Any) -> list[Capture] | None:
    """As :func:`parse_cdx`, but None for an answer that is no CDX answer: not a list, no
    header row, or rows none of which is a capture (too few columns, a timestamp that is
    no date or a date to come). ``[]`` (or a header alone) is the CDX's "no capture"."""
    if not isinstance(data, list):
        return None
    if not data:
        return []
    if all(isinstance(row, dict) for row in data):
        found = [c for c in (_capture_from_obj(row) for row in data) if c]
        return found if found else None
    header = data[0]
    if not isinstance(header, list) or "timestamp" not in header:
        return None
    idx = {name: i for i, name in enumerate(header)}
    out: list[Capture] = []
    rows = 0
    for row in data[1:]:
        if not row:
            break  # resume-key section follows
        rows += 1
        if not isinstance(row, list) or len(row) < len(header):
            continue
        capture = Capture(
            timestamp=str(row[idx["timestamp"]]),
            original=str(row[idx["original"]]) if "original" in idx else "",
            status=_status(row[idx["statuscode"]]) if "statuscode" in idx else None,
            mimetype=str(row[idx["mimetype"]]) if "mimetype" in idx else "",
        )
        if valid_timestamp(capture.timestamp):
            out.append(capture)
    return None if rows and not out else out


def valid_timestamp(timestamp: str) -> bool:
    """A Wayback timestamp: 4 to 14 digits of a real date, not in the future (pure)."""
    if not re.fullmatch(r"\d{4,14}", timestamp or ""):
        return False
    padded = timestamp + "0101000000"[len(timestamp) - 4:] if len(timestamp) < 14 else timestamp
    try:
        when = datetime.strptime(padded[:14], "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return False
    return when <= datetime.now(UTC)


def parse_cdx_text(text: str) -> list[Capture]:
    """A CDX body as text: JSON array (IA) or NDJSON objects (pywb)."""
    return parse_cdx_text_checked(text) or []


def parse_cdx_text_checked(text: str) -> list[Capture] | None:
    """As :func:`parse_cdx_text`; None for a body that is no CDX answer (HTML, cut JSON)."""
    text = text.strip()
    if not text:
        return []
    if text.startswith("{"):
        rows = []
        for line in text.splitlines():
            try:
                rows.append(json.loads(line))
            except ValueError:
                continue
        return parse_cdx_checked(rows) if rows else None
    try:
        return parse_cdx_checked(json.loads(text))
    except ValueError:
        return None


def _capture_from_obj(row: dict[str, Any]) -> Capture | None:
    ts = row.get("timestamp")
    if not ts or not valid_timestamp(str(ts)):
        return None
    return Capture(
        timestamp=str(ts),
        original=str(row.get("original") or row.get("url") or ""),
        status=_status(row.get("statuscode", row.get("status"))),
        mimetype=str(row.get("mimetype") or row.get("mime") or ""),
    )


def _status(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None  # '-' for revisit records


def parse_availability(data: Any) -> ArchivedCopy | None:
    """Availability API JSON -> the closest snapshot, if it is a good capture."""
    try:
        closest = data["archived_snapshots"]["closest"]
    except (KeyError, TypeError):
        return None
    if not closest or not closest.get("available", True):
        return None
    status = _status(closest.get("status"))  # a string in real responses
    if status is not None and status not in GOOD_CAPTURE:
        return None
    url, ts = closest.get("url"), closest.get("timestamp")
    if not url or not ts:
        return None
    return ArchivedCopy(url=url, timestamp=str(ts), source="wayback-availability", status=status)


def availability_problem(data: Any, settings: Settings) -> str | None:
    """Why an availability API answer cannot be taken at its word, or None (pure): another
    shape than documented, or a snapshot that is no Wayback snapshot (on another host than
    the archive's, not http(s), or dated in the future or not at all)."""
    snapshots = data.get("archived_snapshots") if isinstance(data, dict) else None
    if not isinstance(snapshots, dict):
        return "not in the documented shape"
    closest = snapshots.get("closest")
    if not closest:
        return None  # "nothing archived"
    if not isinstance(closest, dict):
        return "not in the documented shape"
    if not closest.get("available", True):
        return None
    url, ts = str(closest.get("url") or ""), str(closest.get("timestamp") or "")
    parts = urlsplit(url)
    hosts = {urlsplit(u).hostname for u in (settings.cdx_url, settings.wayback_url)}
    if parts.scheme not in ("http", "https") or parts.hostname not in hosts:
        return f"a snapshot on another host ({url[:60]})"
    if not valid_timestamp(ts):
        return f"a snapshot dated {ts[:20]!r}"
    return None


_LINK = re.compile(r"<([^>]*)>((?:\s*;\s*[^;,<]+?(?:=(?:\"[^\"]*\"|[^;,<]*))?)*)\s*(?:,|$)")
_PARAM = re.compile(r";\s*([\w*.-]+)\s*(?:=\s*(?:\"([^\"]*)\"|([^;,\s]*)))?")


def parse_link_format(text: str) -> list[tuple[str, dict[str, str]]]:
    """application/link-format (RFC 6690 / RFC 8288 syntax) -> [(uri, params)].

    Link-values may span lines; parameter values may be quoted.
    """
    out: list[tuple[str, dict[str, str]]] = []
    for match in _LINK.finditer(text):
        params = {
            m.group(1).lower(): (m.group(2) if m.group(2) is not None else m.group(3) or "")
            for m in _PARAM.finditer(match.group(2))
        }
        out.append((match.group(1), params))
    return out


def mementos_from_link_format(text: str) -> list[Capture]:
    """The mementos of a link-format TimeMap (rel contains 'memento')."""
    original = ""
    out: list[Capture] = []
    for uri, params in parse_link_format(text):
        rels = params.get("rel", "").split()
        if "original" in rels:
            original = uri
        if "memento" in rels and params.get("datetime"):
            ts = http_date_to_timestamp(params["datetime"])
            if ts:
                out.append(Capture(timestamp=ts, original=original, memento=uri))
    return out


def mementos_from_json_timemap(data: Any) -> list[Capture]:
    """A JSON TimeMap (mementoweb.org/guide/timemap-json): ``mementos.list[{uri, datetime}]``."""
    try:
        items = data["mementos"]["list"]
        original = data.get("original_uri", "")
    except (KeyError, TypeError, AttributeError):
        return []
    out = []
    for item in items or []:
        if not isinstance(item, dict) or not item.get("uri"):
            continue
        ts = http_date_to_timestamp(str(item.get("datetime", "")))
        if ts:
            out.append(Capture(timestamp=ts, original=original, memento=item["uri"]))
    return out


def _seconds(timestamp: str) -> float:
    ts = (timestamp + "00000000000000")[:14]
    try:
        return datetime.strptime(ts, "%Y%m%d%H%M%S").replace(tzinfo=UTC).timestamp()
    except ValueError:
        return 0.0


def order_candidates(captures: list[Capture], when: str | None) -> list[Capture]:
    """Good captures, nearest ``when`` first, on either side (pure).

    Without a date, the newest comes first. Captures of unknown status (TimeMaps
    carry none) are kept; those with a bad status are dropped.
    """
    good = [c for c in captures if c.status is None or c.status in GOOD_CAPTURE]
    unique = {(c.timestamp, c.memento or c.original): c for c in good}
    good = list(unique.values())
    if when is None:
        return sorted(good, key=lambda c: c.timestamp, reverse=True)
    target = _seconds(when.ljust(14, "0")[:14])
    # ties: the earlier capture (what the citing author could have seen)
    return sorted(good, key=lambda c: (abs(_seconds(c.timestamp) - target), c.timestamp))


def choose_capture(captures: list[Capture], when: str | None) -> Capture | None:
    ordered = order_candidates(captures, when)
    return ordered[0] if ordered else None


def wayback_base(settings: Settings) -> str:
    """Where snapshots are served: the CDX server's origin + ``/web/``."""
    parts = urlsplit(settings.cdx_url)
    return f"{parts.scheme}://{parts.netloc}/web/"


def snapshot_url(base: str, capture: Capture, raw: bool = False) -> str:
    """``<base><timestamp>/<original>``; ``raw`` adds ``id_`` (the capture as archived)."""
    if capture.memento and not raw:
        return capture.memento
    return f"{base}{capture.timestamp}{'id_' if raw else ''}/{capture.original}"


def cdx_params(url: str, when: str | None) -> dict[str, str]:
    params = {
        "url": url,
        "output": "json",
        "fl": CDX_FIELDS,
        # 200, 203, 206 asked (IABot's set; recorded answers match it); only 200 is chosen
        "filter": "statuscode:20[036]",
        "limit": str(CDX_LIMIT),
    }
    if when:
        params["closest"] = when
        params["sort"] = "closest"
    else:
        params["limit"] = str(-CDX_LIMIT)  # the newest ones
    return params


# --------------------------------------------------------------------------- lookups

Verifier = Callable[[str], Awaitable[bool | None]]
_SNAPSHOT = re.compile(r"/web/\d{1,14}(?:[a-z]{2}_)?/(.+)$")


def archived_original(url: str) -> str:
    """The page a Wayback snapshot URL replays (``…/web/<ts>id_/<original>``), else *url*."""
    match = _SNAPSHOT.search(url)
    return match.group(1) if match else url


def strip_credentials(url: str) -> str:
    """*url* without ``user:pass@``: credentials never go to a third party."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def capture_problem(resp: Response, cited: str, title: str | None) -> str | None:
    """Why a fetched capture is not a good copy of *cited*, or None (pure)."""
    if resp.status >= 400:
        return f"the capture answers HTTP {resp.status}"
    shown = archived_original(resp.url)
    if resp.history and is_root(shown) and not is_home(cited):
        return "the capture redirects to the site's home page"
    replay = Response(url=shown, status=resp.status, headers=resp.headers,
                      content=resp.content, truncated=resp.truncated,
                      body_note=resp.body_note, body_broken=resp.body_broken)
    # the work's own words are not a sign; no site probe here, so a title decides
    verdict = classify(cited, replay, cited_title=title, title_hints=False)
    if verdict.status in ("soft-404", "parked"):
        return f"the capture is a {verdict.status} page"
    if title and resp.content:
        page = page_of(resp.text)
        seen = " ".join((page.title, page.heading, page.text[:5000]))
        if seen.strip() and fuzz.partial_token_set_ratio(title.lower(), seen.lower()) < TITLE_MATCH:
            return "the capture shows another page (nothing of the cited title)"
    return None


async def page_is_usable(url: str, http: HttpLayer, service: str = "wayback",
                         cited: str | None = None, title: str | None = None) -> bool | None:
    """Fetch an archived page: False if it is not a good copy, None if unknown."""
    try:
        resp = await http.fetch(url, service=service, max_bytes=SNAPSHOT_BYTES)
    except errors.NetError:
        return None
    return capture_problem(resp, cited or archived_original(url), title) is None


async def _cdx(url: str, http: HttpLayer, settings: Settings, when: str | None
               ) -> list[Capture] | None:
    """Captures from the CDX server; None when the query failed."""
    try:
        resp = await http.fetch(settings.cdx_url, service="cdx", params=cdx_params(url, when))
    except errors.NetError:
        return None
    if resp.status != 200 or not answer_is_its_own(settings.cdx_url, resp):
        return None
    return parse_cdx_text_checked(resp.text)


def answer_is_its_own(asked: str, resp: Response) -> bool:
    """The answer came from the host asked (not from another one a redirect led to: a login
    page, a captive portal) and is whole (not cut short, not over the byte cap)."""
    a, b = urlsplit(asked), urlsplit(resp.url)
    if resp.history and (a.hostname, a.port) != (b.hostname, b.port):
        return False
    return not (resp.truncated or resp.body_broken)


async def _memento(url: str, http: HttpLayer, settings: Settings) -> list[Capture] | str:
    """The TimeMap's mementos, or why the look-up failed.

    A 404 is the TimeMap protocol's "no mementos" (RFC 7089 §4.3, what Memento
    TimeTravel answers): a look-up that succeeded. Any other error answer, or
    none, is a failed look-up, never "no copy".
    """
    base = settings.memento_url.rstrip("/")
    try:
        resp = await http.fetch(f"{base}/{url}", service="memento")
    except errors.NetError as exc:
        return f"the Memento service did not answer: {exc}"
    if resp.status == 404:
        return []
    if resp.status != 200:
        return f"the Memento service answered HTTP {resp.status}"
    if not answer_is_its_own(f"{base}/{url}", resp):
        return "the Memento service's answer was incomplete or came from another host"
    ctype = resp.headers.get("content-type", "")
    text = resp.text
    unreadable = "the Memento service's answer is not a TimeMap"
    if "json" in ctype or text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except ValueError:
            return unreadable
        mementos = (data.get("mementos") if isinstance(data, dict) else None)
        if not isinstance(mementos, dict) or not isinstance(mementos.get("list", []), list):
            return unreadable
        return [c for c in mementos_from_json_timemap(data) if valid_timestamp(c.timestamp)]
    rels = [params.get("rel", "").split() for _, params in parse_link_format(text)]
    if text.strip() and not any("original" in r for r in rels):
        return unreadable  # every TimeMap names its original (RFC 7089 s5.1.1)
    read = mementos_from_link_format(text)
    if not read and any("memento" in r for r in rels):
        return unreadable  # mementos listed, none with a date that can be read
    return [c for c in read if valid_timestamp(c.timestamp)]


def _source_of(capture: Capture, default: str) -> str:
    if capture.memento:
        host = urlsplit(capture.memento).hostname or "unknown"
        return f"memento:{host}"
    return default


@dataclass(frozen=True)
class Lookup:
    """An archive look-up's outcome: the copy (or None), and whether the look-up succeeded.

    ``checked`` False: the look-up failed (an error answer from the archive API, a
    timeout, a refused connection), ``reason`` says how; ``copy`` None with
    ``checked`` True is the only "no archived copy".
    """

    copy: ArchivedCopy | None
    checked: bool = True
    reason: str = ""


async def look_up(
    url: str,
    http: HttpLayer,
    settings: Settings,
    *,
    when: str | None = None,
    title: str | None = None,
    verify: bool = True,
) -> Lookup:
    """The archived copy to show for ``url`` cited at ``when`` (14 digits), with honesty.

    With ``verify`` the candidates' content is fetched and captures that are not
    good copies are passed over (used when the copy is offered as a replacement).
    """
    url = strip_credentials(url)
    captures = await _cdx(url, http, settings, when)
    if captures is None:
        try:
            params = {"url": url, **({"timestamp": when} if when else {})}
            resp = await http.fetch(settings.wayback_url, service="wayback", params=params)
        except errors.NetError as exc:
            return Lookup(None, False, f"the archive service did not answer: {exc}")
        if resp.status != 200:
            return Lookup(None, False, f"the archive service answered HTTP {resp.status}")
        if not answer_is_its_own(settings.wayback_url, resp):
            return Lookup(None, False, "the archive service's answer was incomplete or came "
                                       "from another host")
        try:
            data = resp.json()
        except errors.NetError:
            return Lookup(None, False, "the archive service's answer was not JSON")
        why = availability_problem(data, settings)
        if why:
            return Lookup(None, False, f"the archive service's answer is unusable: {why}")
        return Lookup(parse_availability(data))
    source = "wayback"
    if not captures:
        timemap = await _memento(url, http, settings)
        if isinstance(timemap, str):
            return Lookup(None, False, timemap)
        captures, source = timemap, "memento"
    candidates = order_candidates(captures, when)
    if not candidates:
        return Lookup(None)
    base = wayback_base(settings)

    def copy_of(capture: Capture) -> ArchivedCopy:
        return ArchivedCopy(url=snapshot_url(base, capture), timestamp=capture.timestamp,
                            source=_source_of(capture, source), status=capture.status)

    if not verify:
        return Lookup(copy_of(candidates[0]))
    unknown: Capture | None = None
    for capture in candidates[:MAX_VERIFY]:
        usable = await page_is_usable(snapshot_url(base, capture, raw=not capture.memento),
                                      http, cited=url, title=title)
        if usable:
            return Lookup(copy_of(capture))
        if usable is None and unknown is None:
            unknown = capture
    if unknown is not None:  # could not look inside: still better than nothing
        return Lookup(copy_of(unknown))
    return Lookup(None)


async def find_archived_copy(
    url: str,
    http: HttpLayer,
    settings: Settings,
    *,
    when: str | None = None,
    verify: bool = True,
) -> ArchivedCopy | None:
    """The archived copy for ``url``, or None (no copy, or the archive did not answer)."""
    return (await look_up(url, http, settings, when=when, verify=verify)).copy
