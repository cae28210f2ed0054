"""Link checking: cited URLs -> one ``LinkCheck`` each, with evidence.

Takes the URLs a document cites (``LinkTarget`` or ``(url, line, entry_key)``
tuples), the shared :class:`~citecheck.net.HttpLayer` and the Settings;
returns ``models.LinkCheck`` records in the order of the targets. Every
request goes through net.py; this module never builds its own client.

Steps for one URL:

1. normalise (pure): scheme-less ``www.`` gets ``http://``, trailing
   punctuation is dropped, non-web schemes and ``settings.skip_patterns`` are
   ``skipped``, unparsable URLs ``invalid``;
2. fetch: a page is fetched with a byte-capped GET, because telling a real
   page from a "not found" or parking page needs its title and text; a URL
   that names a file (``.pdf``, ``.zip`` …) is first tried with HEAD, and
   GET is used where HEAD is refused (405/501/403/400) or answers anything
   but 2xx, since many servers implement HEAD badly;
3. classify (pure, :func:`classify`): one status of ``models.LinkStatus``
   and the evidence for it;
4. weigh (pure, :func:`weigh_history`): the check history kept in the cache
   decides whether the evidence is strong. A 404/410 or a vanished domain is
   strong at once; other failures only after three failures at least three
   days apart, the rule of Wikipedia's InternetArchiveBot.

If no link got any HTTP answer and a probe of the network fails too, the
network is down: every link is ``unchecked`` with one message, never dead.
"""

from __future__ import annotations

import asyncio
import dataclasses
import html
import re
import socket
import sqlite3
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from . import errors
from .config import Settings, current_run
from .models import BROKEN, NETWORK_FAILURES, ROT, UNSEEN, WORKING, LinkCheck, LinkStatus
from .net import HttpLayer, Response

# Bytes of a page read for classification: titles and "not found" texts sit
# near the top; the cap keeps 10,000 links cheap in memory and in the cache.
PAGE_BYTES = 128 * 1024
# HEAD answers that mean "ask again with GET" (refused or unreliable HEAD).
HEAD_REFUSED = frozenset({400, 403, 405, 501})
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
# IABot: a link is dead after 3 failed checks, each at least 3 days after the last.
WEAK_FAILURES_NEEDED = 3
WEAK_FAILURE_GAP_DAYS = 3.0


@dataclass(frozen=True)
class LinkTarget:
    """A URL as cited: where it was printed and which entry cites it."""

    url: str
    line: int | None = None
    entry: str | None = None


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
        parsed = httpx.URL(url)
        host = parsed.host
        if parsed.port is not None and not 0 < parsed.port < 65536:
            raise ValueError(f"port {parsed.port} out of range")
    except (httpx.InvalidURL, ValueError, TypeError) as exc:
        return Normalised(url, "invalid", f"not a valid URL: {exc}")
    if not host or not _valid_host(host):
        return Normalised(url, "invalid", f"not a valid host name: {host or '(none)'}")
    # The fragment is never sent to the server; two URLs differing only in it are one check.
    url = str(parsed.copy_with(fragment=None))
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

_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1\s*>", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")
_SCRIPTS = re.compile(r"<(script|style)[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)

# Phrases of "not found" pages served with 200, in the languages a
# bibliography most often cites. Matched against the title and first heading only:
# body text can legitimately discuss "page not found".
NOT_FOUND = re.compile(
    r"\b404\b|page not found|not found|(?:page|file|document|article|content) "
    r"(?:does not|doesn't|no longer) exists?|(?:page|file) (?:cannot|can't|could not|couldn't) be "
    r"found|no longer available|page (?:has been )?removed|seite nicht gefunden|"
    r"nicht gefunden|page introuvable|page non trouvée|página no encontrada|"
    r"pagina non trovata|pagina niet gevonden|страница не найдена|не найдено",
    re.IGNORECASE,
)
# Redirect targets that announce an error page (IABot's DeadlinkChecker checks these).
NOT_FOUND_PATH = re.compile(r"/404\b|404\.s?html?|not[-_]?found|/error(?:[/.?]|$)|pagenotfound",
                            re.IGNORECASE)
# Parking / for-sale page signatures (title and text) and parking services' hosts.
PARKED_TEXT = re.compile(
    r"(?:this|the) domain (?:name )?(?:is|may be) for sale|domain (?:name )?for sale|"
    r"buy this domain|(?:this|the) domain (?:has expired|is parked)|parked (?:free|domain)|"
    r"domain parking|this web ?page is parked|is for sale!|make an offer on this domain|"
    r"hugedomains\.com|sedoparking|parkingcrew|bodis\.com|above\.com/marketplace|"
    r"afternic\.com|dan\.com|undeveloped\.com|domain is available for purchase",
    re.IGNORECASE,
)
PARKING_HOSTS = re.compile(
    r"(?:^|\.)(?:sedoparking\.com|sedo\.com|parkingcrew\.net|bodis\.com|hugedomains\.com|"
    r"afternic\.com|dan\.com|undeveloped\.com|above\.com|parklogic\.com|domainmarket\.com)$",
    re.IGNORECASE,
)
# Bot walls: challenge pages are unverifiable, not rot.
CHALLENGE_TEXT = re.compile(
    r"just a moment\.\.\.|attention required! \| cloudflare|cf-browser-verification|"
    r"challenge-platform|checking your browser|enable javascript and cookies to continue|"
    r"verify you are (?:a )?human|are you a robot|g-recaptcha|h-captcha|hcaptcha|"
    r"captcha-delivery|datadome|px-captcha|ddos protection by",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Page:
    title: str
    heading: str
    text: str


def page_of(body: str) -> Page:
    """Title, first heading and tag-free text of an HTML (or plain) body (pure)."""
    title = _TITLE.search(body)
    h1 = _H1.search(body)

    def clean(s: str) -> str:
        return " ".join(html.unescape(_TAGS.sub(" ", s)).split())

    text = clean(_SCRIPTS.sub(" ", body))[:20000]
    return Page(clean(title.group(1)) if title else "", clean(h1.group(1)) if h1 else "", text)


def not_found_reason(page: Page) -> str | None:
    for where, value in (("title", page.title), ("heading", page.heading)):
        if value and NOT_FOUND.search(value):
            return f'page {where} says "{value[:80]}"'
    return None


def parked_reason(page: Page, final_url: str) -> str | None:
    host = urlsplit(final_url).hostname or ""
    if PARKING_HOSTS.search(host):
        return f"lands on the parking/for-sale service {host}"
    for where, value in (("title", page.title), ("heading", page.heading), ("text", page.text)):
        match = PARKED_TEXT.search(value)
        if match:
            return f'{where} says "{match.group(0)}" (a parking/for-sale page)'
    return None


def challenge_reason(headers: Mapping[str, str], page: Page | None) -> str | None:
    if headers.get("cf-mitigated", "").lower() == "challenge":
        return "cf-mitigated: challenge header (Cloudflare bot check)"
    if page is not None:
        for value in (page.title, page.text[:3000]):
            match = CHALLENGE_TEXT.search(value)
            if match:
                return f'challenge page ("{match.group(0)}")'
    return None


def is_root(url: str) -> bool:
    parts = urlsplit(url)
    return parts.path in ("", "/") and not parts.query


# --------------------------------------------------------------------------- classify


@dataclass(frozen=True)
class Verdict:
    status: LinkStatus
    evidence: str
    http_status: int | None = None
    final_url: str | None = None
    redirects: tuple[str, ...] = ()


def _is_html(resp: Response) -> bool:
    ctype = resp.headers.get("content-type", "").lower()
    return not ctype or "html" in ctype or "text/plain" in ctype


def classify(url: str, resp: Response) -> Verdict:
    """One status and its evidence for the final answer to ``url`` (pure)."""
    chain = tuple(u for _, u in resp.history)
    code = resp.status
    page = page_of(resp.text) if resp.content and _is_html(resp) else None
    hops = " -> ".join(f"{s} {u}" for s, u in resp.history)
    via = f" via {hops} -> {resp.url}" if resp.history else ""

    def verdict(status: LinkStatus, evidence: str) -> Verdict:
        return Verdict(status, evidence, code, resp.url, chain)

    challenge = challenge_reason(resp.headers, page) if code >= 400 or page else None
    if code in (401, 403, 407, 999) or (challenge and code >= 400):
        why = challenge or f"HTTP {code}"
        return verdict("forbidden", f"{why}: access refused, often bot protection; "
                       "unverifiable, not rot{0}".format(via))
    if code == 429:
        wait = resp.headers.get("retry-after")
        return verdict("rate-limited", "HTTP 429 after retries"
                       + (f" (Retry-After: {wait})" if wait else "") + via)
    if code in (404, 410):
        return verdict("dead", f"HTTP {code} {'Not Found' if code == 404 else 'Gone'}{via}")
    if code == 408:
        return verdict("timeout", f"HTTP 408 Request Timeout{via}")
    if code >= 500:
        return verdict("server-error", f"HTTP {code} after retries{via}")
    if code >= 400:
        return verdict("dead", f"HTTP {code}{via}")
    if 300 <= code < 400:
        return verdict("ok", f"HTTP {code} without a usable Location{via}")

    # 2xx (and 1xx oddities): look for soft-404 and parking signs.
    if challenge:
        return verdict("forbidden", f"{challenge}: unverifiable, not rot{via}")
    if page is not None:
        parked = parked_reason(page, resp.url)
        if parked:
            return verdict("parked", parked + via)
    elif PARKING_HOSTS.search(urlsplit(resp.url).hostname or ""):
        return verdict("parked", f"lands on a parking/for-sale service{via}")
    if resp.history:
        if is_root(resp.url) and not is_root(url):
            return verdict("soft-404", f"redirected to the site's home page{via}")
        if NOT_FOUND_PATH.search(urlsplit(resp.url).path) and not NOT_FOUND_PATH.search(
            urlsplit(url).path
        ):
            return verdict("soft-404", f"redirected to an error page{via}")
    if page is not None:
        nf = not_found_reason(page)
        if nf:
            return verdict("soft-404", f"HTTP {code} but the {nf}{via}")
    cut = f"; body read up to {len(resp.content)} bytes (cap)" if resp.truncated else ""
    if resp.history and resp.history[0][0] in (301, 308):
        return verdict("redirected", f"moved permanently: {hops} -> {code} {resp.url}{cut}")
    return verdict("ok", f"HTTP {code}{via}{cut}")


def classify_error(exc: errors.NetError) -> Verdict:
    """The status for a request that got no HTTP answer (pure)."""
    table: list[tuple[type[errors.NetError], LinkStatus]] = [
        (errors.OfflineError, "unchecked"),
        (errors.DNSError, "dns-error"),
        (errors.TLSError, "tls-error"),
        (errors.TimeoutError_, "timeout"),
        (errors.TooManyRedirects, "too-many-redirects"),
        (errors.ConnectError, "connection-error"),
    ]
    for kind, status in table:
        if isinstance(exc, kind):
            return Verdict(status, str(exc))
    if str(exc).startswith("invalid URL") or "non-web URL" in str(exc):
        return Verdict("invalid", str(exc))
    return Verdict("connection-error", str(exc))


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


# --------------------------------------------------------------------------- checking


def as_target(t: TargetLike) -> LinkTarget:
    if isinstance(t, LinkTarget):
        return t
    if isinstance(t, str):
        return LinkTarget(t)
    url, line, entry = (list(t) + [None, None])[:3]
    return LinkTarget(str(url), line, entry)


async def fetch_verdict(url: str, http: HttpLayer, *, cache: bool = True) -> tuple[Verdict, bool]:
    """Fetch ``url`` as the module docstring says; returns (verdict, answered from cache)."""
    head_first = bool(FILE_SUFFIX.search(urlsplit(url).path))
    note = ""
    try:
        if head_first:
            try:
                resp = await http.fetch(url, method="HEAD", max_bytes=0, cache=cache)
            except (errors.ConnectError, errors.TimeoutError_) as exc:
                # some servers drop or stall HEAD requests: GET decides
                note = f"HEAD failed ({exc}), so checked with GET: "
            else:
                if 200 <= resp.status < 300:
                    return classify(url, resp), resp.from_cache
                # HEAD_REFUSED answers mean HEAD is not supported; any other non-2xx is
                # confirmed with GET too, because servers that botch HEAD also say 404/500.
                refused = " (HEAD refused)" if resp.status in HEAD_REFUSED else ""
                note = f"HEAD answered {resp.status}{refused}, so checked with GET: "
        resp = await http.fetch(url, method="GET", max_bytes=PAGE_BYTES, cache=cache)
        verdict = classify(url, resp)
        if note:
            verdict = dataclasses.replace(verdict, evidence=note + verdict.evidence)
        return verdict, resp.from_cache
    except errors.NetError as exc:
        return classify_error(exc), False


async def default_probe(settings: Settings) -> bool:
    """Can this machine resolve a host name at all? (the archive service's host)."""
    host = urlsplit(settings.cdx_url).hostname or "web.archive.org"
    try:
        await asyncio.wait_for(
            asyncio.get_running_loop().getaddrinfo(host, 443, type=socket.SOCK_STREAM), 5.0
        )
    except (TimeoutError, OSError):
        return False
    return True


def network_down(verdicts: Iterable[Verdict]) -> bool:
    """True when checks were tried and none got an HTTP answer (pure)."""
    tried = [v for v in verdicts if v.status not in ("skipped", "invalid", "unchecked")]
    return bool(tried) and all(v.status in NETWORK_FAILURES for v in tried)


async def check_links(
    targets: list[Any],
    http: HttpLayer,
    settings: Settings,
    *,
    probe: Probe | None = None,
    record: bool = True,
    cache: bool = True,
    tick: Callable[[], None] | None = None,
) -> tuple[list[LinkCheck], list[str]]:
    """Check every target; returns LinkChecks in target order and one-line messages.

    Each distinct URL is fetched once however often it is cited. ``probe``
    decides, when every link failed without an HTTP answer, whether the
    network itself is down (default: resolve the CDX service's host name).
    ``record=False`` keeps the checks out of the history and ``cache=False``
    bypasses the response cache (benchmarks compare against a cache-less peer).
    """
    items = [as_target(t) for t in targets]
    norms = [normalise(t.url, settings.skip_patterns) for t in items]
    to_fetch = sorted({n.url for n in norms if n.status is None})
    messages: list[str] = []

    # progress: one tick per target, when its URL's check is done (at once if not fetched)
    done = tick or (lambda: None)
    per_url = Counter(n.url for n in norms if n.status is None)
    for _ in range(len(norms) - sum(per_url.values())):
        done()

    async def fetch(url: str) -> tuple[Verdict, bool]:
        result = await fetch_verdict(url, http, cache=cache)
        for _ in range(per_url[url]):
            done()
        return result

    results = await asyncio.gather(*(fetch(u) for u in to_fetch))
    verdicts = dict(zip(to_fetch, results))

    if to_fetch and network_down(v for v, _ in verdicts.values()):
        up = await (probe() if probe else default_probe(settings))
        if not up:
            why = "the network looks unreachable (no link got an answer and a DNS probe failed)"
            messages.append(f"links not checked: {why}")
            verdicts = {
                u: (Verdict("unchecked", f"not checked: {why}; last error: {v.evidence}"), False)
                for u, (v, _) in verdicts.items()
            }
    if current_run().offline:
        n = sum(1 for v, _ in verdicts.values() if v.status == "unchecked")
        if n:
            messages.append(f"offline: {n} URL(s) not in the cache were not checked")

    weights: dict[str, Weight] = {}
    for url, (verdict, cached) in verdicts.items():
        weights[url] = _record_and_weigh(http, url, verdict, cached, record)

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


def _record_and_weigh(
    http: HttpLayer, url: str, verdict: Verdict, cached: bool, record: bool
) -> Weight:
    """Add this check to the history (unless the answer came from the cache) and weigh it."""
    if verdict.status == "unchecked":
        return Weight(0, 0, 0.0, False)
    history: list[tuple[float, str, int | None]] = []
    if record:
        try:
            if not cached:
                http.cache.record_check(url, verdict.status, verdict.http_status)
            history = http.cache.check_history(url)
        except sqlite3.Error:  # a broken cache file must not lose the check itself
            history = []
    if not history or cached and history[-1][1] != verdict.status:
        history = history + [(time.time(), verdict.status, verdict.http_status)]
    return weigh_history(history, verdict.status, verdict.http_status)


# --------------------------------------------------------------------------- with archives



def citation_date(target: LinkTarget, cited: Mapping[str, Any] | None) -> str | None:
    """14-digit time the work was cited: its access date (urldate), else its year.

    ``cited`` maps an entry key (or a URL) to a Reference-like object with
    ``fields.urldate``/``fields.year``, or directly to a date string.
    """
    from .archive import to_timestamp

    if not cited:
        return None
    value = (cited.get(target.entry) if target.entry else None) or cited.get(target.url)
    if value is None:
        return None
    fields = getattr(value, "fields", None)
    if fields is not None:
        return to_timestamp(getattr(fields, "urldate", None)) or to_timestamp(
            getattr(fields, "year", None)
        )
    return to_timestamp(value)


async def check_document_links(
    targets: list[Any],
    http: HttpLayer,
    settings: Settings,
    *,
    cited: Mapping[str, Any] | None = None,
    probe: Probe | None = None,
    tick: Callable[[], None] | None = None,
) -> tuple[list[LinkCheck], list[str]]:
    """Check every cited URL and look up archived copies; the pipeline's entry point.

    Returns the LinkChecks (target order) and one-line messages. Broken
    links (dead, soft-404, parked, dns-error) get the archived copy closest
    before their citation date as ``suggestion``; other checked links get
    ``archive`` set when a copy exists, so editors can add one before the
    link rots.
    """
    from .archive import find_archived_copy

    checks, messages = await check_links(targets, http, settings, probe=probe, tick=tick)
    if any(m.startswith("links not checked") for m in messages):
        return checks, messages  # network down: no archive lookups either
    items = [as_target(t) for t in targets]
    wanted: dict[str, tuple[str | None, bool]] = {}
    for check, target in zip(checks, items):
        if check.status in UNSEEN or check.url in wanted:
            continue
        wanted[check.url] = (citation_date(target, cited), check.status in ROT)

    async def lookup(url: str, when: str | None, verify: bool) -> Any:
        return await find_archived_copy(url, http, settings, when=when, verify=verify)

    found = await asyncio.gather(
        *(lookup(u, when, verify) for u, (when, verify) in wanted.items())
    )
    copies = dict(zip(wanted, found))
    out = []
    for check in checks:
        copy = copies.get(check.url)
        if copy is None:
            out.append(check)
            continue
        suggestion = copy.url if check.status in ROT else None
        out.append(check.model_copy(update={"archive": copy, "suggestion": suggestion}))
    missing = sum(1 for u, (_, s) in wanted.items() if s and copies.get(u) is None)
    if missing:
        messages.append(f"{missing} broken link(s) have no archived copy to suggest")
    return out, messages
