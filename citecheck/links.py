"""Link checking: cited URLs -> one ``LinkCheck`` each, with evidence.

Takes the URLs a document cites (``LinkTarget`` or ``(url, line, entry_key)``
tuples), the shared :class:`~citecheck.net.HttpLayer` and the Settings;
returns ``models.LinkCheck`` records in the order of the targets. Every
request goes through citecheck.net; this module never builds its own client.

Steps for one URL:

1. normalise (pure): scheme-less ``www.`` gets ``http://``, trailing
   punctuation is dropped, non-web schemes and ``settings.skip_patterns`` are
   ``skipped``, unparsable URLs ``invalid`` (internationalised names are valid);
2. fetch: a page is fetched with a byte-capped GET, because telling a real
   page from a "not found" or parking page needs its title and text; a URL
   that names a file (``.pdf``, ``.zip`` …) is first tried with HEAD, and
   GET is used where HEAD is refused or fails, or answers with a web page
   instead of the file; HEAD and GET share one deadline;
3. classify (pure, :func:`classify`): one status of ``models.LinkStatus``
   and the evidence for it; a page that looks fine is compared with what the
   site serves for a path that cannot exist (:func:`probe_url`, one probe per
   part of a site; Bar-Yossef et al., WWW 2004): the same page is a soft-404;
4. weigh (pure, :func:`weigh_history`): the link history (:class:`LinkHistory`)
   decides whether the evidence is strong. A 404/410 or a vanished domain is
   strong at once; other failures only after three failures at least three
   days apart, the rule of Wikipedia's InternetArchiveBot.

If no link got any HTTP answer, the failures are the network's when no public
host answered lately and no configured public endpoint resolves
(:mod:`citecheck.net.reach`): then every link is ``unchecked``, never dead.
The run's ``max_time`` (``RunOptions``) bounds the stage; :func:`run_link_stage`
adds archived copies by need (the run's ``archive``) and counts the look-ups.
"""

from __future__ import annotations

import asyncio
import collections
import concurrent.futures
import dataclasses
import hashlib
import logging
import os
import re
import sqlite3
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit

import httpx
from rapidfuzz import fuzz

from . import errors
from .config import Settings, current_run
from .models import BROKEN, NETWORK_FAILURES, ROT, UNSEEN, WORKING, LinkCheck, LinkStatus
from .net import Budget, HttpLayer, Response, parse_url
from .net.cache import open_db
from .pages import (Page, Verdict, classify, classify_error, forward_of, is_gate_page, is_home,
                    is_html, is_root, own_content, page_of, parking_words, removal_notice,
                    title_hint, without_cited_title)

# Bytes of a page read for classification: titles and "not found" texts sit
# near the top; the cap keeps 10,000 links cheap in memory and in the cache.
PAGE_BYTES = 128 * 1024
# HEAD answers that mean "ask again with GET" (refused or unreliable HEAD).
HEAD_REFUSED = frozenset({400, 403, 405, 501})
# The part of a link's deadline HEAD may take (servers that stall or drop HEAD exist; the
# GET after it gets the rest).
HEAD_SHARE = 1 / 3
# Paths that name a downloadable file: checking them with GET would fetch a
# body we do not need, so HEAD comes first.
FILE_SUFFIX = re.compile(
    r"\.(pdf|zip|gz|tgz|bz2|xz|7z|rar|epub|mobi|djvu|docx?|xlsx?|pptx?|odt|ods|csv|"
    r"mp3|mp4|m4a|avi|mov|mkv|wav|flac|ogg|jpe?g|png|gif|tiff?|svg|webp|iso|dmg|exe|tar)$",
    re.IGNORECASE,
)
WEB_SCHEMES = frozenset({"http", "https"})
TRAILING = ".,;:!?'\"”’»›"
BRACKETS = {")": "(", "]": "[", "}": "{", ">": "<"}

STRONG_CODES = frozenset({404, 410})
# how the evidence of a link not sent because its host's waits were spent begins
RATE_LIMITED = "not checked: rate limited"
# IABot: a link is dead after 3 failed checks, each at least 3 days after the last.
WEAK_FAILURES_NEEDED = 3
WEAK_FAILURE_GAP_DAYS = 3.0


@dataclass(frozen=True)
class LinkTarget:
    """A URL as cited: where it was printed and which entry cites it."""

    url: str
    line: int | None = None
    entry: str | None = None
    title: str | None = None  # the title the citation gives the work: evidence for its page


TargetLike = LinkTarget | tuple[str, int | None, str | None] | str
Probe = Callable[[], Awaitable[bool]]


# --------------------------------------------------------------------------- normalise


@dataclass(frozen=True)
class Normalised:
    url: str
    status: LinkStatus | None = None  # set when the URL is not to be fetched
    reason: str = ""


def strip_trailing(url: str) -> str:
    """Drop sentence punctuation after a URL; keep brackets the URL itself opened.

    ``https://en.wikipedia.org/wiki/Foo_(bar)`` keeps its ``)``, while the
    ``)`` of "(see https://example.org/x)." does not belong to the URL.
    """
    while url:
        last = url[-1]
        if last in TRAILING or last in BRACKETS and url.count(BRACKETS[last]) < url.count(last):
            url = url[:-1]
        else:
            break
    return url


_DOMAIN_START = re.compile(r"^(?:[a-z0-9-]+\.)+[a-z]{2,}(?::\d+)?(?:[/?#]|$)", re.IGNORECASE)
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)


def normalise(raw: str, skip_patterns: Iterable[str] = ()) -> Normalised:
    """The URL to check, or the reason it is skipped/invalid (pure)."""
    url = raw.strip().strip("<>\"'“”‘’«»")
    url = url.lstrip("([{")  # an opening bracket before the scheme is prose, not URL
    url = strip_trailing(url)
    if not url:
        return Normalised(raw, "invalid", "empty URL")
    if url.lower().startswith("www."):
        url = "http://" + url
    match = _SCHEME.match(url)
    if match is None or (
        # "example.org:8080/x" parses as scheme "example.org"
        "." in match.group(1) and _DOMAIN_START.match(url)
    ):
        if _DOMAIN_START.match(url):
            url = "http://" + url
        else:
            return Normalised(url, "invalid", "no scheme and not a host name")
    scheme = _SCHEME.match(url).group(1).lower()  # type: ignore[union-attr]
    if scheme not in WEB_SCHEMES:
        return Normalised(url, "skipped", f"{scheme}: links are not fetched")
    try:
        parsed = parse_url(url)
        # the host as sent (IDNA/punycode): bücher.de and 例え.jp are valid names
        host = parsed.raw_host.decode("ascii", "replace")
        if parsed.port is not None and not 0 < parsed.port < 65536:
            raise ValueError(f"port {parsed.port} out of range")
    except (httpx.InvalidURL, ValueError, TypeError) as exc:
        return Normalised(url, "invalid", f"not a valid URL: {exc}")
    if not host or not _valid_host(host):
        return Normalised(url, "invalid", f"not a valid host name: {host or '(none)'}")
    # The fragment is never sent to the server; two URLs differing only in it are one check.
    if "#" in url:
        url = str(parsed.copy_with(fragment=None))
    else:
        url = str(parsed)  # httpx's normal form (host case, default port, quoting)
    for pattern in skip_patterns:
        if re.search(pattern, url):
            return Normalised(url, "skipped", f"matches skip pattern {pattern!r}")
    return Normalised(url)


def _valid_host(host: str) -> bool:
    if re.fullmatch(r"[\d.]+", host):
        parts = host.split(".")
        return len(parts) == 4 and all(p.isdigit() and int(p) < 256 for p in parts)
    if ":" in host:  # IPv6 literal, already validated by httpx
        return True
    labels = host.rstrip(".").split(".")
    label = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$", re.IGNORECASE)
    return len(labels) >= 1 and all(label.match(x) for x in labels) and len(host) <= 253


# --------------------------------------------------------------------------- page signals

SAME_PAGE = 90.0


def probe_url(url: str) -> str:
    """A path on the same site and directory level that cannot exist (Bar-Yossef et al. 2004).

    Deterministic per (origin, first path segment), so one probe serves every cited page
    of that part of the site and its answer is cached like any other.
    """
    parts = urlsplit(url)
    segments = [p for p in parts.path.split("/") if p]
    prefix = "/" + segments[0] + "/" if len(segments) > 1 else "/"
    base = f"{parts.scheme}://{parts.netloc}{prefix}"
    digest = hashlib.sha1(base.encode()).hexdigest()
    return f"{base}citecheck-no-such-page-{digest[:12]}"


def _whole(resp: Response) -> bool:
    return not resp.truncated and not resp.body_broken


def same_as_probe(resp: Response, probe: Response, cited_title: str | None = None) -> str | None:
    """Evidence that ``resp`` is what the site serves for any path, or None (pure).

    A page that carries the title its citation gives (``cited_title``) where the probe's
    answer does not is not that answer, however much of the site's template they share.
    """
    if not 200 <= probe.status < 300:
        return None  # the site answers a missing path honestly: its 200s mean something
    if probe.url == resp.url and resp.history:
        return f"a path that cannot exist ({_path(_asked(probe))}) lands on the same page"
    if (resp.history and probe.history and resp.url != probe.url
            and _path(resp.url) == _path(probe.url) and not is_root(resp.url)
            and _alike(resp, probe)):
        return (f"a path that cannot exist ({_path(_asked(probe))}) is redirected to the "
                f"same page ({_path(resp.url)}, its query aside)")
    if (resp.status == probe.status == 200 and not resp.content and _whole(resp)
            and is_html(resp) and not probe.content and _whole(probe)):  # 204 says it is empty
        return (f"the page is empty, as is the site's answer for a path that cannot exist "
                f"({_path(probe.url)})")
    if not (probe.content and resp.content and is_html(resp) and is_html(probe)):
        return None
    mine, theirs = page_of(resp.text), page_of(probe.text)
    if (without_cited_title(mine, cited_title) is not mine
            and without_cited_title(theirs, cited_title) is theirs
            and not _echoes(cited_title or "", resp)):
        return None  # the page names the cited work; the site's answer for any path does not
    here = forward_of(mine, resp.headers, resp.url,
                      whole=not resp.truncated and not resp.body_broken)
    if here is not None:
        there = forward_of(theirs, probe.headers, probe.url,
                           whole=not probe.truncated and not probe.body_broken)
        if there is not None and there[0] == here[0]:
            return (f"a path that cannot exist ({_path(probe.url)}) forwards ({there[1]}) to "
                    f"the same page {here[0]}")
        if probe.history and probe.url == here[0]:
            return (f"a path that cannot exist ({_path(_asked(probe))}) is redirected to "
                    f"where the page forwards ({here[0]})")
    if mine.title != theirs.title or not (mine.title or len(mine.text) >= 50):
        return None  # different pages, or nothing to compare (an empty or binary body)
    score = fuzz.ratio(mine.text[:3000], theirs.text[:3000])
    if score < SAME_PAGE:
        return None
    if not _same_own(mine, resp, theirs, probe):
        return None  # the same template around content of its own (a site-wide title)
    if len(mine.text) < 200 and "<script" in mine.markup.lower():
        return None  # a script-rendered shell: every path looks the same before scripts run
    return (f"the site answers a path that cannot exist ({_path(probe.url)}) with the same page "
            f"(title \"{mine.title[:60]}\", {score:.0f}% the same text)")


def _same_own(mine: Page, resp: Response, theirs: Page, probe: Response) -> bool:
    """Page and probe have no content of their own, their template and addresses aside, or
    the same (a count, a time, a token apart)."""
    own = _unechoed(own_content(mine, theirs), resp)
    other = _unechoed(own_content(theirs, mine), probe)
    return max(len(own), len(other)) < OWN_TEXT or fuzz.ratio(own[:3000], other[:3000]) >= 50


def _alike(resp: Response, probe: Response) -> bool:
    """Two answers at one path (their queries aside) are one page: both empty, or one title
    and the same own content. A CMS that serves every article at /index.php?alias=… serves
    the probe's "Article not found" there too."""
    if not (resp.content or probe.content):
        return True
    if not (resp.content and probe.content and is_html(resp) and is_html(probe)):
        return resp.content == probe.content
    mine, theirs = page_of(resp.text), page_of(probe.text)
    return mine.title == theirs.title and _same_own(mine, resp, theirs, probe)


# Own text (the template aside, and the words of its URL) of this many characters, unlike
# the probe's, is a page's own; less is what changes between any two answers (a count, a
# time, a token).
OWN_TEXT = 20


def _url_words(resp: Response) -> set[str]:
    """The words of the URLs asked and answered (path and query), case aside."""
    return {w.casefold() for u in (resp.url, _asked(resp))
            for w in re.findall(r"[^\W_]+", unquote(urlsplit(u).path + " " + urlsplit(u).query))}


def _echoes(title: str, resp: Response) -> bool:
    """Every word of *title* is in the page's address: a page that shows it may be
    repeating its address (a search for the path's words), not naming the work."""
    words = {w.casefold() for w in re.findall(r"[^\W_]+", title)}
    return bool(words) and words <= _url_words(resp)


def _unechoed(own: str, resp: Response) -> str:
    """*own* without the words of the URLs asked and answered: a site's answer for a missing
    path often repeats it ("No results for 'river basin survey'")."""
    echoed = _url_words(resp)
    return " ".join(w for w in re.findall(r"[^\W_]+", own) if w.casefold() not in echoed)


def probe_verdict(resp: Response, probe: Response, cited_title: str | None = None
                  ) -> tuple[LinkStatus, str] | None:
    """(status, evidence) the site's answer for a path that cannot exist gives a page that
    looked fine on its own, or None (pure).

    The same page at a path that cannot exist is a soft-404, or a parked domain's lander
    when it has parking words (a parked domain answers every path with it). Where the site
    answers that path with an honest error page, the template they share is set aside:
    a page whose own content is only a short removal notice is a soft-404 too.
    """
    why = same_as_probe(resp, probe, cited_title)
    if why:
        page = page_of(resp.text) if resp.content and is_html(resp) else None
        if resp.history and is_gate_page(resp.url, page):  # members-only: every path gated
            return "forbidden", (f"{why}, a sign-in or consent page: what is behind it is not "
                                 "seen; unverifiable, not rot")
        said = parking_words(without_cited_title(page, cited_title), resp.url) if page else None
        if said:
            return "parked", f"{said}, and {why}"
        return "soft-404", why
    if _same_shell(resp, probe):
        return "ok", (f"the page is a script shell, the same the site serves for a path that "
                      f"cannot exist ({_path(probe.url)}): what its scripts show is not checked")
    if resp.content and probe.content and is_html(resp) and is_html(probe):
        mine = without_cited_title(page_of(resp.text), cited_title)
        theirs = page_of(probe.text)
        hint = title_hint(mine, resp.url)
        if (hint and _same_words(hint, resp, theirs, probe)
                and len(_unechoed(own_content(mine, theirs), resp)) < ERROR_OWN_TEXT):
            return "soft-404", (f'the page {hint[0]} says "{hint[1][:80]}", as does the '
                                "site's answer for a path that cannot exist "
                                f"({_path(probe.url)}, HTTP {probe.status})")
    if (probe.status in (404, 410) and resp.content and probe.content and _whole(resp)
            and is_html(resp) and is_html(probe)):
        mine = without_cited_title(page_of(resp.text), cited_title)
        notice = removal_notice(mine, own_content(mine, page_of(probe.text)))
        if notice and notice[0]:
            return "soft-404", (f"{notice[1]} (the site's answer for a path that cannot exist, "
                                f"{_path(probe.url)}, HTTP {probe.status}, shares the rest)")
        if notice:  # words said of live pages too: a note for the reader, not rot
            return "ok", (f"{notice[1]}; said of live pages too (withdrawn, expired, not "
                          "available somewhere or for a while), so only a note")
    return None


# A page with the probe's not-found title has at most this much text of its own (the
# template aside) when it is that error page: a book titled "Page Not Found" has more.
ERROR_OWN_TEXT = 200


def _same_words(hint: tuple[str, str], resp: Response, theirs: Page, probe: Response) -> bool:
    """The probe's page has the hint's words in the same place (title or first heading), the
    words of either address aside (an error page may name the path asked for)."""
    where, value = hint
    echoed = _url_words(resp) | _url_words(probe)

    def words(text: str) -> list[str]:
        return [w.casefold() for w in re.findall(r"[^\W_]+", text) if w.casefold() not in echoed]

    mine = words(value)
    return bool(mine) and mine == words(theirs.title if where == "title" else theirs.heading)


def _same_shell(resp: Response, probe: Response) -> bool:
    """Page and probe are one script shell (an app that draws every path in the browser)."""
    if not (200 <= probe.status < 300 and resp.content and probe.content and is_html(resp)
            and is_html(probe)):
        return False
    mine, theirs = page_of(resp.text), page_of(probe.text)
    return (mine.title == theirs.title and mine.text == theirs.text and len(mine.text) < 200
            and "<script" in mine.markup.lower())


def _asked(resp: Response) -> str:
    """The URL a request asked for (before its redirects)."""
    return resp.history[0][1] if resp.history else resp.url


def _path(url: str) -> str:
    return urlsplit(url).path


def needs_probe(url: str, verdict: Verdict, resp: Response) -> bool:
    """Only a page that looks fine, is not the site's home (nor its /en/ or /home), and is
    HTML gets probed."""
    return (verdict.status in WORKING and 200 <= resp.status < 300 and not is_home(url)
            and (bool(resp.content) or _whole(resp)) and is_html(resp))


# --------------------------------------------------------------------------- history


@dataclass(frozen=True)
class Weight:
    checks: int
    agree: int
    days: float
    strong: bool


def _group(status: str) -> str:
    if status in WORKING:
        return "working"
    if status in BROKEN:
        return "broken"
    return status


def weigh_history(
    history: list[tuple[float, str, int | None]], status: str, http_status: int | None = None
) -> Weight:
    """How much the recorded checks (oldest first, current one last) back ``status`` (pure).

    ``agree`` counts the latest run of checks in the same group (working,
    broken, or the same unverifiable status) and ``days`` the time that run spans.
    A 404/410 or a name that no longer resolves is strong at once.
    """
    checks = len(history)
    group = _group(status)
    streak: list[tuple[float, str, int | None]] = []
    for record in reversed(history):
        if _group(record[1]) != group:
            break
        streak.append(record)
    streak.reverse()
    days = (streak[-1][0] - streak[0][0]) / 86400.0 if len(streak) > 1 else 0.0
    strong = False
    if group == "broken":
        if status == "dns-error" or (status == "dead" and http_status in STRONG_CODES):
            strong = True
        else:
            spaced, last = 0, None
            for when, _, _ in streak:
                if last is None or (when - last) / 86400.0 >= WEAK_FAILURE_GAP_DAYS:
                    spaced, last = spaced + 1, when
            strong = spaced >= WEAK_FAILURES_NEEDED
    return Weight(checks, len(streak), round(days, 2), strong)


# --------------------------------------------------------------------------- link history


class LinkHistory:
    """Every link check's outcome, kept between runs (SQLite beside the HTTP cache).

    The link checker's own record: the HTTP cache keeps answers, this keeps what
    they meant, so a failure's persistence can be weighed (:func:`weigh_history`).
    """

    def __init__(self, path: Path) -> None:
        self.db = open_db(
            path,
            """
            CREATE TABLE IF NOT EXISTS link_checks (
                url TEXT, checked_at REAL, status TEXT, http_status INTEGER);
            CREATE INDEX IF NOT EXISTS link_checks_url ON link_checks(url);
            """,
        )

    @classmethod
    def for_settings(cls, settings: Settings) -> LinkHistory:
        return cls(Path(settings.cache_dir) / "link-history.sqlite3")

    def record(self, url: str, status: str, http_status: int | None,
               when: float | None = None) -> None:
        self.record_many([(url, time.time() if when is None else when, status, http_status)])

    def record_many(self, rows: list[tuple[str, float, str, int | None]]) -> None:
        """(url, checked_at, status, http_status) rows, in one transaction."""
        if not rows:
            return
        with self.db:  # one commit for the lot: a write per link cost more than its check
            self.db.execute("BEGIN")
            self.db.executemany("INSERT INTO link_checks VALUES (?, ?, ?, ?)", rows)

    def of_many(self, urls: list[str]) -> dict[str, list[tuple[float, str, int | None]]]:
        """Every URL's recorded checks, oldest first (one query per 500 URLs)."""
        out: dict[str, list[tuple[float, str, int | None]]] = {u: [] for u in urls}
        for i in range(0, len(urls), 500):
            chunk = urls[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for u, t, st, h in self.db.execute(
                "SELECT url, checked_at, status, http_status FROM link_checks "
                f"WHERE url IN ({marks}) ORDER BY checked_at", chunk,
            ):
                out[u].append((float(t), st, h))
        return out

    def of(self, url: str) -> list[tuple[float, str, int | None]]:
        """(checked_at, status, http_status) of every recorded check, oldest first."""
        return [
            (float(t), s, h)
            for t, s, h in self.db.execute(
                "SELECT checked_at, status, http_status FROM link_checks "
                "WHERE url = ? ORDER BY checked_at",
                (url,),
            )
        ]

    def close(self) -> None:
        self.db.close()


# --------------------------------------------------------------------------- checking


def as_target(t: TargetLike) -> LinkTarget:
    if isinstance(t, LinkTarget):
        return t
    if isinstance(t, str):
        return LinkTarget(t)
    url, line, entry = (list(t) + [None, None])[:3]
    return LinkTarget(str(url), line, entry)


ProbeFetch = Callable[[str], Awaitable["Response | None"]]


async def fetch_verdict(
    url: str, http: HttpLayer, *, cache: bool = True, soft404: ProbeFetch | None = None,
    fetched: Callable[[], None] | None = None, title: str | None = None,
) -> tuple[Verdict, bool]:
    """Fetch ``url`` as the module docstring says; returns (verdict, answered from cache).

    HEAD and the GET after it share one deadline (``settings.deadline``).
    ``soft404`` fetches the site's answer for a path that cannot exist; ``title`` is the
    title the citation gives the work (its words on the page are the work's, not a message).
    """
    head_first = bool(FILE_SUFFIX.search(urlsplit(url).path))
    note = ""
    deadline = http.settings.deadline
    started = time.monotonic()
    try:
        if head_first:
            try:
                # a third of the deadline: a server that stalls HEAD leaves GET the rest
                resp = await http.fetch(url, method="HEAD", max_bytes=0, cache=cache,
                                        deadline=deadline * HEAD_SHARE)
            except (errors.ConnectError, errors.TimeoutError_) as exc:
                # some servers drop or stall HEAD requests: GET decides
                note = f"HEAD failed ({exc}), so checked with GET: "
            else:
                page_for_file = "html" in resp.headers.get("content-type", "").lower()
                if 200 <= resp.status < 300 and not page_for_file:
                    return classify(url, resp, cited_title=title), resp.from_cache
                # HEAD_REFUSED answers mean HEAD is not supported; any other non-2xx is
                # confirmed with GET too, because servers that botch HEAD also say 404/500.
                # A web page where a file was named (a login, an error or a home page
                # answered with 200) is judged by its content, which only GET shows.
                refused = (" (HEAD refused)" if resp.status in HEAD_REFUSED
                           else " with a web page, not the file" if page_for_file else "")
                note = f"HEAD answered {resp.status}{refused}, so checked with GET: "
        left = deadline - (time.monotonic() - started)
        if left <= 0:
            return Verdict("timeout", note + f"no answer within the {deadline:g} s deadline"), False
        resp = await http.fetch(url, method="GET", max_bytes=PAGE_BYTES, cache=cache,
                                deadline=left)
        verdict = classify(url, resp, cited_title=title)
        if resp.status == 405 and not head_first:
            # GET refused as a method: HEAD says whether the page is there (some servers
            # and API gateways answer only HEAD, or only what a form posts)
            verdict = await _head_after_405(url, http, verdict, cache,
                                            deadline - (time.monotonic() - started))
        if fetched is not None:
            fetched()  # the page is in: progress moves on while the site's probe answers
        if soft404 is not None and needs_probe(url, verdict, resp):
            probe = await soft404(url)
            found = probe_verdict(resp, probe, title) if probe is not None else None
            if found and found[0] in WORKING:  # a note on what was not checked
                verdict = dataclasses.replace(verdict, evidence=f"{verdict.evidence}; {found[1]}")
            elif found:
                verdict = dataclasses.replace(verdict, status=found[0],
                                              evidence=f"HTTP {resp.status} but {found[1]}")
        if note:
            verdict = dataclasses.replace(verdict, evidence=note + verdict.evidence)
        return verdict, resp.from_cache
    except errors.NetError as exc:
        verdict = classify_error(exc)
        if note:
            verdict = dataclasses.replace(verdict, evidence=note + verdict.evidence)
        return verdict, False


async def _head_after_405(url: str, http: HttpLayer, verdict: Verdict, cache: bool,
                          left: float) -> Verdict:
    """*verdict* for a GET answered 405, or ``ok`` when HEAD finds the page there."""
    if left <= 0:
        return verdict
    try:
        head = await http.fetch(url, method="HEAD", max_bytes=0, cache=cache, deadline=left)
    except errors.NetError:
        return verdict
    if not 200 <= head.status < 300:
        return verdict
    return dataclasses.replace(
        verdict, status="ok", http_status=head.status, final_url=head.url,
        redirects=tuple(u for _, u in head.history),
        evidence=f"GET answered 405 Method Not Allowed, HEAD answered {head.status}: the page is "
                 "there (its content not seen)")


def network_down(verdicts: Iterable[Verdict]) -> bool:
    """True when checks were tried and none got an HTTP answer (pure)."""
    tried = [v for v in verdicts if v.status not in ("skipped", "invalid", "unchecked")]
    return bool(tried) and all(v.status in NETWORK_FAILURES for v in tried)


def out_of_time(budget: Budget) -> str:
    return (f"not checked: the run's time limit (--max-time {budget.seconds:g} s) was reached"
            if budget.seconds is not None else "not checked: the run was stopped")


# jobs started per turn of the event loop by `within` and `per_origin`
START_BATCH = 8


async def per_origin(
    budget: Budget, urls: Iterable[str],
    run: Callable[[str, Callable[[], None]], Awaitable[Any]], *, ahead: int,
) -> dict[str, Any]:
    """``run(url, release)`` for every URL until the budget is spent; unfinished ones are
    left out.

    At most *ahead* checks of one origin are started at a time, the next one
    as one ends or calls ``release()`` (its request is answered, and what it
    still waits for, such as the site's soft-404 probe, takes no slot of the
    site's): the HTTP layer lets only a few requests to an origin through
    at once anyway, and a thousand checks queued on one site's slots would
    cost the CPU of starting them all before the first answers are read. With
    *ahead* above the layer's per-origin limit, a freed slot always has a
    request waiting for it.
    """
    loop = asyncio.get_running_loop()
    results: dict[str, Any] = {}
    running: set[asyncio.Future[Any]] = set()
    queued: dict[tuple[str, str], collections.deque[str]] = collections.defaultdict(
        collections.deque)
    active: Counter[tuple[str, str]] = Counter()
    failures: list[BaseException] = []
    all_done: asyncio.Future[None] = loop.create_future()
    listed = False

    def start(url: str, origin: tuple[str, str]) -> None:
        active[origin] += 1
        released = False

        def release() -> None:  # its request is answered (or it ended): the next may start
            nonlocal released
            if not released:
                released = True
                active[origin] -= 1
                if queued[origin] and not all_done.done():
                    start(queued[origin].popleft(), origin)

        task = asyncio.ensure_future(run(url, release))
        running.add(task)
        task.add_done_callback(lambda t: ended(t, url, release))

    def ended(task: asyncio.Future[Any], url: str, release: Callable[[], None]) -> None:
        running.discard(task)
        if not task.cancelled():
            if task.exception() is not None:
                failures.append(task.exception())  # type: ignore[arg-type]
            else:
                results[url] = task.result()
        release()
        if listed and not running and not all_done.done():
            all_done.set_result(None)

    try:
        for n, url in enumerate(urls, 1):
            parts = urlsplit(url)
            origin = (parts.scheme, parts.netloc)
            if active[origin] < ahead:
                start(url, origin)
            else:
                queued[origin].append(url)
            if n % START_BATCH == 0:
                await asyncio.sleep(0)  # let the started ones connect and send
        listed = True
        if running:  # the budget as it is now: reading the list took some of it
            await asyncio.wait_for(asyncio.shield(all_done), budget.timeout())
    except TimeoutError:
        pass
    finally:
        if running:  # the time limit, or the stage was cancelled: nothing more starts
            all_done.cancel()
            for task in list(running):
                task.cancel()
            await asyncio.gather(*running, return_exceptions=True)
    if failures:
        raise failures[0]
    return results


async def within(budget: Budget, jobs: dict[str, Awaitable[Any]]) -> dict[str, Any]:
    """Run *jobs* concurrently until the budget is spent; unfinished ones are left out."""
    tasks: dict[str, asyncio.Future[Any]] = {}
    pending: set[asyncio.Future[Any]] = set()
    try:
        for n, (key, job) in enumerate(jobs.items(), 1):
            tasks[key] = asyncio.ensure_future(job)
            if n % START_BATCH == 0:
                # let the started ones connect and send before the rest queue up: each
                # start costs CPU, and a thousand of them would hold back the first requests
                await asyncio.sleep(0)
        if tasks:  # the budget as it is now: starting them took some of it
            _, pending = await asyncio.wait(tasks.values(), timeout=budget.timeout())
    except BaseException:  # cancelled while starting or waiting: stop them all
        pending = {t for t in tasks.values() if not t.done()}
        for job in list(jobs.values())[len(tasks):]:
            close = getattr(job, "close", None)  # a coroutine never started: no warning
            if close is not None:
                close()
        raise
    finally:
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)
    return {key: t.result() for key, t in tasks.items() if t not in pending}


async def check_links(
    targets: list[Any],
    http: HttpLayer,
    settings: Settings,
    *,
    probe: Probe | None = None,
    record: bool = True,
    cache: bool = True,
    tick: Callable[[], None] | None = None,
    budget: Budget | None = None,
) -> tuple[list[LinkCheck], list[str]]:
    """Check every target; returns LinkChecks in target order and one-line messages.

    Each distinct URL is fetched once however often it is cited. ``probe``
    decides, when every link failed without an HTTP answer, whether the
    network itself is down (default :func:`citecheck.net.reach.public_web_down`:
    a public host answered recently, or a configured public endpoint resolves).
    ``budget`` bounds the whole stage: links not checked in time are
    ``unchecked`` with that reason. ``record=False`` keeps the checks out of
    the history and ``cache=False`` bypasses the response cache (benchmarks
    compare against a cache-less peer).
    """
    from .net.reach import public_web_down

    budget = budget or Budget(current_run().max_time)
    items = [as_target(t) for t in targets]
    messages: list[str] = []

    # progress: one tick per target, when its URL's check is done (at once if not fetched)
    done = tick or (lambda: None)
    norms: list[Normalised] = []
    per_url: Counter[str] = Counter()  # targets per URL to fetch, in first-cited order
    ticked: set[str] = set()
    titles: dict[str, str] = {}  # the title a citation of the URL gives, the first one seen
    past_job: asyncio.Future[Past] | None = None

    def tick_once(url: str) -> None:
        if url not in ticked:
            ticked.add(url)
            for _ in range(per_url[url]):
                done()

    # one probe per part of a site (see probe_url), started with the first page that needs it
    probes: dict[str, asyncio.Future[Response | None]] = {}

    async def fetch_probe(target: str) -> Response | None:
        try:
            return await http.fetch(target, max_bytes=PAGE_BYTES, cache=cache)
        except errors.NetError:
            return None

    def soft404(url: str) -> Awaitable[Response | None]:
        target = probe_url(url)
        if target not in probes:
            probes[target] = asyncio.ensure_future(fetch_probe(target))
        return asyncio.shield(probes[target])

    async def fetch(url: str, release: Callable[[], None]) -> tuple[Verdict, bool]:
        def fetched() -> None:
            tick_once(url)
            release()

        result = await fetch_verdict(url, http, cache=cache, soft404=soft404, fetched=fetched,
                                     title=titles.get(url))
        tick_once(url)
        return result

    def checks() -> Iterator[str]:
        """Each distinct URL to check, as soon as it is normalised (the first
        requests go out while the rest of a long list is still being read)."""
        nonlocal past_job
        for target in items:
            norm = normalise(target.url, settings.skip_patterns)
            norms.append(norm)
            if norm.status is not None:
                done()
                continue
            per_url[norm.url] += 1
            if target.title and norm.url not in titles:
                titles[norm.url] = target.title
            if per_url[norm.url] == 1:
                yield norm.url
            elif norm.url in ticked:
                done()  # cited again after its check was done
        if record and per_url:  # the links' history, read in a thread while they are checked
            past_job = asyncio.get_running_loop().run_in_executor(
                history_io(), _past_checks, settings, list(per_url))

    verdicts: dict[str, tuple[Verdict, bool]] = await per_origin(
        budget, checks(), fetch, ahead=2 * settings.host_concurrency)
    to_fetch = list(per_url)
    for pending in probes.values():
        pending.cancel()
    late = [u for u in to_fetch if u not in verdicts]
    if late:
        messages.append(f"{len(late)} link(s) {out_of_time(budget)}")
        for url in late:
            verdicts[url] = (Verdict("unchecked", out_of_time(budget)), False)
            tick_once(url)

    if to_fetch and network_down(v for v, _ in verdicts.values()):
        down = not await probe() if probe else await public_web_down(settings, http)
        if down:
            why = ("the network looks unreachable (no link got an answer, and no public host "
                   "or configured service answered or resolved)")
            messages.append(f"links not checked: {why}")
            verdicts = {
                u: (Verdict("unchecked", f"not checked: {why}; last error: {v.evidence}"), False)
                if v.status in NETWORK_FAILURES else (v, c)
                for u, (v, c) in verdicts.items()
            }
    held = sum(1 for v, _ in verdicts.values()
               if v.status == "unchecked" and v.evidence.startswith(RATE_LIMITED))
    if held:
        messages.append(f"{held} link(s) not checked: rate limited (their hosts kept asking "
                        "to wait, and the waiting a run allows was spent: max_host_wait, "
                        "max_run_wait)")
    if current_run().offline:
        n = sum(1 for v, _ in verdicts.values() if v.status == "unchecked")
        if n:
            messages.append(f"offline: {n} URL(s) not in the cache were not checked")

    now = time.time()
    past = await past_job if past_job is not None else {}
    weights = weigh_all(verdicts, past, now)
    if record:  # not those answered from the cache
        history_io().submit(_record_checks, settings, [
            (u, now, v.status, v.http_status)
            for u, (v, cached) in verdicts.items() if not cached and v.status != "unchecked"
        ]).add_done_callback(_log_record_failure)

    out: list[LinkCheck] = []
    for target, norm in zip(items, norms):
        if norm.status is not None:
            out.append(LinkCheck(url=norm.url, original=target.url, line=target.line,
                                 entry=target.entry, status=norm.status, evidence=norm.reason))
            continue
        verdict, _ = verdicts[norm.url]
        w = weights[norm.url]
        out.append(
            LinkCheck(
                url=norm.url, original=target.url, line=target.line, entry=target.entry,
                status=verdict.status, http_status=verdict.http_status,
                final_url=verdict.final_url, redirects=list(verdict.redirects),
                evidence=verdict.evidence, checks=w.checks, checks_agree=w.agree,
                days_spanned=w.days, strong=w.strong,
            )
        )
    return out, messages


Past = dict[str, list[tuple[float, str, int | None]]]


T = TypeVar("T")


def _using_history(settings: Settings, use: Callable[[LinkHistory], T], default: T) -> T:
    """``use(history)``, or *default* when the history cannot be used: an unusable cache
    folder or a broken history file must not lose the checks themselves. Blocking (SQLite):
    run on :func:`history_io`'s thread."""
    try:
        history = LinkHistory.for_settings(settings)
    except errors.ConfigError:
        return default
    try:
        return use(history)
    except sqlite3.Error:
        return default
    finally:
        history.close()


def _past_checks(settings: Settings, urls: list[str]) -> Past:
    """The history's earlier checks of *urls* ({} when the history cannot be used)."""
    return _using_history(settings, lambda h: h.of_many(urls), {})


_history_io: concurrent.futures.ThreadPoolExecutor | None = None


def history_io() -> concurrent.futures.ThreadPoolExecutor:
    """The one thread that reads and writes the link history, in the order asked.

    A stage's record is written after the stage returns (closing SQLite's WAL
    costs more than the write); a later stage's read queues behind it, so it
    always sees it, and the interpreter waits for the thread at a normal exit.
    A run stopped by Ctrl-C (``os._exit`` in the CLI) may lose its last record,
    as it loses the response cache's last batch: a history, not a result.
    """
    global _history_io
    if _history_io is None:
        _history_io = concurrent.futures.ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="citecheck-link-history")
    return _history_io


def _log_record_failure(done: concurrent.futures.Future[None]) -> None:
    """A record that failed for a reason `_record_checks` does not expect is logged, not lost."""
    if not done.cancelled() and done.exception() is not None:
        logging.getLogger("citecheck.links").warning(
            "the link history could not be written: %s", done.exception())


def _forget_history_io() -> None:
    global _history_io
    _history_io = None  # a forked child has no thread behind its parent's pool


os.register_at_fork(after_in_child=_forget_history_io)


def _record_checks(settings: Settings, rows: list[tuple[str, float, str, int | None]]) -> None:
    """Add this run's checks to the history (failures only lose the record)."""
    if rows:
        _using_history(settings, lambda h: h.record_many(rows), None)


def weigh_all(verdicts: dict[str, tuple[Verdict, bool]], past: Past,
              now: float) -> dict[str, Weight]:
    """Each URL's weight from its earlier checks plus this one (pure).

    A check answered from the cache is not a new observation: it adds to the
    history only when the history's last word differs from it.
    """
    weights: dict[str, Weight] = {}
    for url, (verdict, cached) in verdicts.items():
        if verdict.status == "unchecked":
            weights[url] = Weight(0, 0, 0.0, False)
            continue
        seen = past.get(url, [])
        if not cached or not seen or seen[-1][1] != verdict.status:
            seen = seen + [(now, verdict.status, verdict.http_status)]
        weights[url] = weigh_history(seen, verdict.status, verdict.http_status)
    return weights


# --------------------------------------------------------------------------- with archives


def _cited_field(target: LinkTarget, cited: Mapping[str, Any] | None) -> Any:
    if not cited:
        return None
    return (cited.get(target.entry) if target.entry else None) or cited.get(target.url)


def citation_date(target: LinkTarget, cited: Mapping[str, Any] | None) -> str | None:
    """14-digit time the work was cited: its access date (urldate), else its year.

    ``cited`` maps an entry key (or a URL) to a Reference-like object with
    ``fields.urldate``/``fields.year``, or directly to a date string.
    """
    from .archive import to_timestamp

    value = _cited_field(target, cited)
    if value is None:
        return None
    fields = getattr(value, "fields", None)
    if fields is not None:
        return to_timestamp(getattr(fields, "urldate", None)) or to_timestamp(
            getattr(fields, "year", None)
        )
    return to_timestamp(value) if isinstance(value, (str, int)) else None


def citation_title(target: LinkTarget, cited: Mapping[str, Any] | None) -> str | None:
    """The title the citation gives the linked work, if it gives one."""
    fields = getattr(_cited_field(target, cited), "fields", None)
    title = getattr(fields, "title", None) if fields is not None else None
    return title if isinstance(title, str) and title.strip() else None


def wants_archive(status: str, mode: str) -> bool:
    """Whether a link of this status gets an archive look-up under ``--archive mode`` (pure).

    ``broken`` (the default, as Wikipedia's archive bot does): links that are
    not working (rot, failures, blocked); ``all``: every checked link.
    """
    if status in UNSEEN or mode == "none":
        return False
    return mode == "all" or status not in WORKING


@dataclass
class LinkStage:
    """What the link stage found, with the archive look-ups counted (the report's notices)."""

    checks: list[LinkCheck]
    messages: list[str] = field(default_factory=list)
    archive_lookups: int = 0  # look-ups made
    archive_skipped: int = 0  # checked links not looked up (working, under --archive broken)
    archive_unreachable: int = 0  # look-ups that failed (error answer, or none)
    archive_late: int = 0  # look-ups not made because --max-time was reached


async def run_link_stage(
    targets: list[Any],
    http: HttpLayer,
    settings: Settings,
    *,
    cited: Mapping[str, Any] | None = None,
    probe: Probe | None = None,
    tick: Callable[[], None] | None = None,
    budget: Budget | None = None,
) -> LinkStage:
    """Check every cited URL and look up archived copies where needed (the run's ``archive``).

    Rot (dead, soft-404, parked, dns-error) gets the good capture nearest its
    citation date as ``suggestion``; other looked-up links get ``archive`` set
    when a copy exists. Each looked-up link carries the outcome as data
    (``archive_lookup``): a look-up that failed (an error answer from the archive
    API, no answer, the time limit) is "failed", never "no-copy".
    """
    from .archive import look_up

    budget = budget or Budget(current_run().max_time)
    mode = current_run().archive
    # the titles the citations give go with their URLs: evidence for the pages (fetch_verdict)
    titled = [dataclasses.replace(t, title=t.title or citation_title(t, cited))
              for t in map(as_target, targets)]
    checks, messages = await check_links(titled, http, settings, probe=probe, tick=tick,
                                         budget=budget)
    stage = LinkStage(checks, messages)
    if any(m.startswith("links not checked") for m in messages):
        return stage  # network down: no archive lookups either
    items = [as_target(t) for t in targets]
    wanted: dict[str, tuple[str | None, str | None, bool]] = {}
    skipped: set[str] = set()
    for check, target in zip(checks, items):
        if check.url in wanted:
            continue
        if wants_archive(check.status, mode):
            wanted[check.url] = (citation_date(target, cited), citation_title(target, cited),
                                 check.status in ROT)
        elif check.status not in UNSEEN:
            skipped.add(check.url)
    stage.archive_skipped = len(skipped - set(wanted))

    found = await within(budget, {
        u: look_up(u, http, settings, when=when, title=title, verify=verify)
        for u, (when, title, verify) in wanted.items()
    })
    stage.archive_lookups = len(found)
    stage.archive_late = len(wanted) - len(found)
    stage.archive_unreachable = sum(1 for r in found.values() if not r.checked)
    late = out_of_time(budget).removeprefix("not checked: ")
    out = []
    for check in checks:
        result = found.get(check.url)
        if check.url not in wanted:
            out.append(check)
        elif result is None:
            out.append(check.model_copy(update={"archive_lookup": "failed",
                                                "archive_reason": late}))
        elif not result.checked:
            out.append(check.model_copy(update={"archive_lookup": "failed",
                                                "archive_reason": result.reason}))
        elif result.copy is None:
            out.append(check.model_copy(update={"archive_lookup": "no-copy"}))
        else:
            suggestion = result.copy.url if check.status in ROT else None
            out.append(check.model_copy(update={"archive": result.copy, "archive_lookup": "copy",
                                                "suggestion": suggestion}))
    stage.checks = out
    missing = sum(1 for u, (_, _, rot) in wanted.items()
                  if rot and u in found and found[u].checked and found[u].copy is None)
    if missing:
        messages.append(f"{missing} broken link(s) have no archived copy to suggest")
    if stage.archive_unreachable:
        reasons = {r.reason for r in found.values() if not r.checked}
        why = reasons.pop() if len(reasons) == 1 else "the archive service answered an error or did not answer"
        messages.append(f"archive not checked for {stage.archive_unreachable} link(s): the "
                        f"look-up failed ({why})")
    if stage.archive_late:
        messages.append(f"archive not checked for {stage.archive_late} link(s): {late}")
    if wanted or stage.archive_skipped:
        messages.append(
            f"archive: {stage.archive_lookups} look-up(s) made, {stage.archive_skipped} skipped "
            f"(--archive {mode}: "
            + {"broken": "working links are not looked up", "none": "look-ups off",
               "all": "every checked link"}[mode] + ")")
    return stage


async def check_document_links(
    targets: list[Any],
    http: HttpLayer,
    settings: Settings,
    *,
    cited: Mapping[str, Any] | None = None,
    probe: Probe | None = None,
    tick: Callable[[], None] | None = None,
    budget: Budget | None = None,
) -> tuple[list[LinkCheck], list[str]]:
    """:func:`run_link_stage` as (checks, messages): the pipeline's entry point."""
    stage = await run_link_stage(targets, http, settings, cited=cited, probe=probe, tick=tick,
                                 budget=budget)
    return stage.checks, stage.messages
