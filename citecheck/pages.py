"""What an HTTP answer says about a cited page: working, dead, soft-404, parked or blocked.

Pure functions of a :class:`~citecheck.net.Response` (status, headers, the
first part of the body): the page's title and words, "not found" and
for-sale wording in several languages, parking services' markup and hosts,
bot challenges. Used by the link checker (:mod:`citecheck.links`) on live
pages and by the archive look-up (:mod:`citecheck.archive`) on captures, so
neither imports the other for it. Every verdict carries the evidence that
decided it.
"""

from __future__ import annotations

import bisect
import functools
import html
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit

from . import errors
from .models import LinkStatus
from .net import Response, parse_retry_after
from .net.layer import RETRY_STATUSES
from .net.limits import MAX_RETRY_AFTER

# Every pattern run on a body is bounded so that a page of any shape costs linear time:
# attribute runs stop at the next "<" and are capped, and an element's content may not
# run past the next tag of its own kind (a page of 30,000 unclosed "<h2>" is scanned once).
_ATTRS = r"[^<>]{0,500}"
_TITLE = re.compile(r"<title\b" + _ATTRS + r">((?:[^<]|<(?!/?title\b)){0,2000}+)</title\s*>",
                    re.IGNORECASE)
_H1 = re.compile(r"<h1\b" + _ATTRS + r">((?:[^<]|<(?!/?h1\b)){0,3000}+)</h1\s*>", re.IGNORECASE)
_HEADINGS = re.compile(r"<h([1-3])\b" + _ATTRS + r">((?:[^<]|<(?!/?h[1-6]\b)){0,3000}+)</h\1\s*>",
                       re.IGNORECASE)
_TAGS = re.compile(r"<[^<>]++>")
_COMMENTS = re.compile(r"<!--(?:[^-]|-(?!->))*+(?:-->|$)")
_RAW_START = re.compile(r"<(script|style)\b" + _ATTRS + r">", re.IGNORECASE)


def _without_scripts(body: str) -> str:
    """The body without its <script> and <style> elements (linear: one pass)."""
    lower = body.lower()
    out: list[str] = []
    at = 0
    while (start := _RAW_START.search(body, at)) is not None:
        out.append(body[at:start.start()])
        end = lower.find("</" + start.group(1).lower(), start.end())
        if end < 0:
            return " ".join(out)  # an unclosed script runs to the end, as in a browser
        close = lower.find(">", end)
        at = len(body) if close < 0 else close + 1
        out.append(" ")
    out.append(body[at:])
    return "".join(out)


# Phrases of "not found" pages served with 200, in the languages a
# bibliography most often cites. Matched against the title and first heading, and every
# heading of a page that has little else (SHORT_PAGE): body text can legitimately
# discuss "page not found". "404" counts alone or beside "error"/"page" at the end of a title
# part ("404 | Site", "Oops! 404 error"), not inside a phrase ("Why 404 pages matter").
_PART_END = r"(?=\W*$|\s*[|–—·:-])"
_SEE = (r"(?:you(?:'re|’re| are| were)?|that you) "
        r"(?:requested|looking for|(?:tried|trying) to (?:reach|access|find|visit))")
NOT_FOUND = re.compile(
    r"^\W*(?:error\W*)?404(?:\W*(?:error|page))?" + _PART_END + r"|"
    r"\b404\W*(?:error|page)(?:\W*(?:error|page))?(?=\W*$|\s*[|–—·-])|\b404\W*not\b|"
    r"\b(?:page|seite|página|pagina)\W*404" + _PART_END + r"|"
    r"(?:error|fehler|erreur|errore|código|ошибка|fout|hata|błąd|chyba|virhe|エラー)\W*404\b|"
    r"\b404\s*(?:エラー|ошибка)|"
    r"page not found|not found|(?:page|file|document|article|content) "
    r"(?:does not|doesn't|no longer) exists?|"
    r"(?:page|file|document|article|resource|content)(?: " + _SEE + r")? "
    r"(?:cannot|can't|can’t|could not|couldn't|couldn’t|was not|wasn't) (?:be )?found|"
    r"no longer available|page (?:has been )?removed|seite nicht gefunden|"
    r"nicht gefunden|seite\b[^.|]{0,30}?\b(?:existiert nicht|ist nicht mehr verfügbar)|"
    r"page introuvable|(?:page|document|fichier|article)\b[^.|]{0,30}?\best introuvable|"
    r"(?:page|document|fichier|article)\b[^.|]{0,30}?\bn[’']existe (?:pas|plus)|"
    r"page non trouvée|página no encontrada|"
    r"(?:página|documento|artículo)\b[^.|]{0,30}?\bno existe|"
    r"no se (?:ha )?(?:pudo |podido )?encontr(?:ó|ar|ado) la página|"
    r"pagina non trovata|pagina niet gevonden|страница не найдена|не найдено|"
    r"страница\b[^.|]{0,20}?\bне существует|ページ(?:は|が)存在しません|"
    r"página não encontrada|nie znaleziono strony|strona nie (?:została znaleziona|istnieje)|"
    r"sayfa bulunamadı|sidan (?:kunde inte hittas|hittades inte)|siden (?:blev|ble) ikke funnet|"
    r"siden findes ikke|stránka (?:nenalezena|nebyla nalezena)|sivua ei löytynyt|"
    r"ページが見つかりません|ページは見つかりませんでした|页面不存在|找不到(?:该|此)?页面|"
    r"頁面不存在|页面未找到|页面找不到|找不到页面|페이지를 찾을 수 없습니다|الصفحة غير موجودة|"
    r"הדף לא נמצא|(?:article|story|post|content|video|item|listing) (?:has been|was) "
    r"(?:removed|deleted|taken down)",
    re.IGNORECASE,
)
# Redirect targets that announce an error page (IABot's DeadlinkChecker checks these).
NOT_FOUND_PATH = re.compile(r"/404\b|404\.s?html?|not[-_]?found|/error(?:[/.?]|$)|pagenotfound",
                            re.IGNORECASE)
# Parking / for-sale page signatures (title and text) and parking services' hosts.
PARKED_TEXT = re.compile(
    r"(?:this|the) domain (?:name )?(?:is|may be) for sale|domain (?:name )?for sale|"
    r"buy this domain|(?:this|the) domain (?:has expired|is parked)|parked (?:free|domain)\b|"
    r"domain parking\b|this web ?page is parked|is for sale!|make an offer on this domain|"
    r"(?<![\w-])(?:hugedomains\.com|sedoparking(?:\.com)?|parkingcrew(?:\.net)?|bodis\.com|"
    r"above\.com/marketplace|afternic\.com|dan\.com|undeveloped\.com)(?![\w-])|"
    r"domain is available for purchase|"
    r"diese domain (?:steht zum verkauf|kaufen|ist zu verkaufen)|domain (?:steht )?zum verkauf|"
    r"ce (?:nom de )?domaine est à vendre|este dominio (?:está a la venta|se vende|puede estar a la venta)|"
    r"questo dominio è in vendita|deze domeinnaam is te koop|domena (?:jest )?na sprzedaż|"
    r"этот домен продаётся|этот домен продается|домен продаётся|このドメインは販売|"
    r"该域名(?:正在)?出售|此域名(?:正在)?出售|o domínio .{0,40} está à venda|"
    r"(?:este|o|esse) domínio (?:[^\s<>]{1,80} )?está à venda|domínio à venda|"
    r"(?:este|el) dominio (?:[^\s<>]{1,80} )?(?:está|esta) en venta|dominio en venta|"
    r"get this domain|own this domain|lease to own this domain",
    re.IGNORECASE,
)
# A sales page's words: a second sign beside a parking phrase, never a sign alone (a shop
# says them too).
SALE_TEXT = re.compile(
    r"\bmake (?:an|us an|your) offer\b|\blease to own\b|\bbuy (?:it )?now\b|"
    r"\bjetzt (?:preis anfragen|kaufen)\b|\bhaga una oferta\b|\bfaça uma oferta\b|"
    r"\bfaites une offre\b", re.IGNORECASE)
# A title or heading that is a bare domain name, as a parking page's is ("example.org").
_DOMAIN_NAME = re.compile(r"(?:www\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.){1,4}[a-z]{2,24}",
                          re.IGNORECASE)
PARKING_HOSTS = re.compile(
    r"(?:^|\.)(?:sedoparking\.com|sedo\.com|parkingcrew\.net|bodis\.com|hugedomains\.com|"
    r"afternic\.com|dan\.com|undeveloped\.com|above\.com|parklogic\.com|domainmarket\.com|"
    r"dynadot\.com|sav\.com|brandbucket\.com|squadhelp\.com|atom\.com|epik\.com|"
    r"domainnamesales\.com|uniregistry\.com|bodis\.net|parking\.reg\.ru|voodoo\.com)$",
    re.IGNORECASE,
)
# Parking services' scripts and the sales-page jumps of parked domains, in the live parts of
# the raw HTML (scripts are what a parked page mostly is): a script or frame loaded from a
# parking service or Google's AdSense-for-domains loader, and a window.location / meta refresh
# to a parking service or a for-sale page. A link or a mention in the text is not a sign: an
# article about domain parking names the services too. A service is told by the parsed host
# (cdn.visitjordan.com is not dan.com, static.kasav.com is not sav.com).
PARKING_SERVICE = re.compile(
    r"(?:^|\.)(?:sedoparking\.com|sedo\.com|parkingcrew\.net|bodis\.com|bodis\.net|above\.com|"
    r"parklogic\.com|hugedomains\.com|dan\.com|afternic\.com|undeveloped\.com|domainmarket\.com|"
    r"dynadot\.com|sav\.com|parking\.reg\.ru)$", re.IGNORECASE)
_CAF_LOADER = "/adsense/domains/caf.js"  # Google's AdSense-for-domains loader
# A for-sale page on the site itself: a sign on a short page only (an estate agent's long page
# has buttons to /homes-for-sale/, a news site links its /market/ section).
_SALE_PATH = re.compile(r"for-?sale|/buy-?domain|/market(?:place)?/", re.IGNORECASE)
# a script's or frame's source (the value read whole, then looked at: no backtracking)
_LOADED = re.compile(r"<(?:script|iframe|frame)\b[^<>]{0,500}?\bsrc\s*=\s*[\"']?"
                     r"([^\"'\s<>]{0,300}+)", re.IGNORECASE)
# where a script or a meta refresh sends the reader, matched where "location" or "refresh"
# starts (_jumps); "location" must start a name of its own (not data-location, geolocation)
PARKED_MARKUP = re.compile(
    r"location(?:\.href)?\s*=\s*[\"']([^\"'<>]{0,500})|"
    r"location\.(?:replace|assign)\(\s*[\"']([^\"'<>]{0,500})|"
    r"refresh[\"']?(?:(?!url=)[^<>]){0,300}+url=([^\"'<>\s]{0,300})",
    re.IGNORECASE,
)
# The ad block a parked domain shows instead of content, as a heading of its own.
PARKED_HEADING = re.compile(
    r"\W*(?:related (?:searches|links|topics)|sponsored (?:listings|links|results)|"
    r"top (?:searches|categories)|popular (?:searches|categories)|trending searches)\W*",
    re.IGNORECASE)
# A parking page is short: its wording alone decides on a page with less text than this.
# On a longer page it is a sign the site probe must confirm (links.probe_verdict): the
# same page answers every path of a parked domain, not of a site with an article on parking.
PARKED_PAGE = 1200


# Bot walls: challenge pages are unverifiable, not rot.
CHALLENGE_TEXT = re.compile(
    r"just a moment\.\.\.|attention required! \| cloudflare|cf-browser-verification|"
    r"challenge-platform|checking your browser|enable javascript and cookies to continue|"
    r"verify you are (?:a )?human|are you a robot|g-recaptcha|h-captcha|hcaptcha|"
    r"captcha-delivery|datadome|px-captcha|ddos protection by",
    re.IGNORECASE,
)


# What a "not found" page tells its reader in its text (a short page's only words may be
# that, in a paragraph): addressed to the reader, unlike a text about 404 errors.
_NOUN = r"(?:page|file|document|article|url|link|content|resource)s?"
SAYS_NOT_FOUND = re.compile(
    r"\b(?:sorry|oops|unfortunately)\b[^.!?:;]{0,60}?(?:"
    r"\b" + _NOUN + r"\b[^.!?:;]{0,40}?(?:not (?:be )?found|can(?:no|'|’)t be found|"
    r"could(?: not|n't|n’t) be found|does(?: not|n't|n’t) exist|no longer exists?)|"
    r"(?:can(?:no|'|’)t|could(?: not|n't|n’t)|(?:were|are) unable to) (?:find|locate) "
    r"(?:(?:the|that|this|your|a) )?"
    r"(?:" + _NOUN + r"\b|what you(?:'re|’re| are| were) looking for))|"
    r"\b(?:page|file|document)s? " + _SEE + r" (?:cannot|can't|can’t|could not|couldn't|"
    r"couldn’t|was not|wasn't|does not|doesn't|no longer) (?:be found|found|exists?)",
    re.IGNORECASE,
)
# A search that found nothing is a working page.
_NO_RESULTS = re.compile(r"\b(?:results?|search|matches|matching|hits)\b", re.IGNORECASE)
# A heading that *is* a not-found message: besides the message, only words of address
# ("Oops! Sorry, the …"), articles, "error"/"404", and punctuation that is not a question.
_LEAD = re.compile(
    r"[^\w?]*(?:(?:oops|whoops|ouch|sorry|uh[- ]?oh|oups|hoppla|ups|ops|упс|ой|error|erreur|"
    r"fehler|errore|ошибка|we(?:'re|’re| are) sorry|but|the|this|that|our|your|requested|"
    r"la|le|les|l|die|das|der|diese|cette|ce|esta|este|el|il|lo|questa|a|an|\d+)\b[^\w?]*){0,6}",
    re.IGNORECASE)
_TRAIL = re.compile(
    r"[^\w?]*(?:(?:error|fehler|erreur|errore|page|seite|found|on this server|here|anymore|"
    r"any more|mehr|plus|más|\d+)\b[^\w?]*){0,3}",
    re.IGNORECASE)
# A heading longer than this is a sentence about something, not the message.
MESSAGE_CHARS = 90


def _is_message(value: str) -> bool:
    """The heading is a "not found" message itself, not a sentence that contains the words."""
    if len(value) > MESSAGE_CHARS:
        return False
    for match in NOT_FOUND.finditer(value):
        if _LEAD.fullmatch(value[:match.start()]) and _TRAIL.fullmatch(value[match.end():]):
            return True
    return False


# Before the message in its part of a title: a lead (see _LEAD), and perhaps the thing not
# found ("Document not found", "File Not Found"), never other words ("MH370 debris not found").
_TITLE_LEAD = re.compile(
    _LEAD.pattern + r"(?:(?:page|file|document|article|resource|content|item|url|object|"
    r"record|entry|post|story|product|seite|página|pagina|страница)s?\b[^\w?]*)?",
    re.IGNORECASE)


def _title_says(value: str, url: str) -> bool:
    """A part of the title is a not-found message: only a lead before the wording, only
    what ends a message after it, not a question nor the URL's own number."""
    numbered = bool(re.search(r"(?<!\d)404(?!\d)", urlsplit(url).path + "?" + urlsplit(url).query))
    cuts = [(m.start(), m.end()) for m in _TITLE_PART.finditer(value)]
    for match in NOT_FOUND.finditer(value):
        if value[match.end():].lstrip().startswith("?"):
            continue  # "Not found? Contact us"
        if numbered and "404" in match.group(0) and not re.search(r"[^\W\d_]{3}.*found|"
                                                                   r"introuvable", match.group(0)):
            continue  # "Page 404 - Forum thread" at .../page/404: the URL's page number
        part_start = max((end for start, end in cuts if end <= match.start()), default=0)
        part_end = min((start for start, end in cuts if start >= match.end()), default=len(value))
        if not _TITLE_LEAD.fullmatch(value[part_start:match.start()]):
            continue  # a headline that ends in the words: "MH370 debris not found - BBC News"
        if not _TRAIL.fullmatch(value[match.end():part_end]):
            continue  # the words go on: "Not Found: The Lost Cities of …", "404エラーとは"
        return True
    return False


# Where one part of a title ends and the next (often the site's name) starts; a colon
# does not end a part: what follows it is a subtitle of the same words.
_TITLE_PART = re.compile(r"\s[|–—·»/-]+\s|\s::\s|\s?\|")


@dataclass(frozen=True)
class Page:
    title: str
    heading: str
    text: str
    markup: str = ""  # the raw HTML (head of it): scripts and meta tags are evidence too
    headings: tuple[str, ...] = ()  # h1-h3, in order (the first few)


@functools.lru_cache(maxsize=16)
def page_of(body: str) -> Page:
    """Title, first heading and tag-free text of an HTML (or plain) body (pure).

    Cached (a Page is frozen): a page compared with its site's probe is read by several
    rules, and each would parse the same body again."""
    title = _TITLE.search(body)
    h1 = _H1.search(body)

    def clean(s: str) -> str:
        return " ".join(html.unescape(_TAGS.sub(" ", s)).split())

    text = clean(_without_scripts(body))[:20000]
    headings = tuple(clean(m.group(2)) for _, m in zip(range(8), _HEADINGS.finditer(body)))
    return Page(clean(title.group(1)) if title else "", clean(h1.group(1)) if h1 else "", text,
                body[:65536], headings)


# A page with less text than this (title included) is little more than its message:
# its every heading, and a "sorry, not found" in its text, say what it is. Real pages,
# even short abstracts, carry more; longer error pages are found by the site probe.
SHORT_PAGE = 600


def title_hint(page: Page, url: str = "") -> tuple[str, str] | None:
    """(where, what) a page longer than SHORT_PAGE says "not found" in its title or first
    heading, else None (pure).

    A hint, not a verdict: a long page's title may be a headline that ends in the words
    ("Vermisster Wanderer nicht gefunden | tagesschau.de") or a work's name ("Page Not Found |
    MIT Press", a film "Error 404"); the site's answer for a path that cannot exist must
    confirm it (links.probe_verdict: the same words in the same place there)."""
    if len(page.text) < SHORT_PAGE:
        return None
    if page.title and _title_says(page.title, url):
        return "title", page.title
    if page.heading and _is_message(page.heading):
        return "heading", page.heading
    return None


# "No results for “river basin survey results”": what a site that turns a missing path into a
# search says, in the usual languages; the words searched for are group q.
_Q = r"\s*[\"“”„'‘«]?\s*(?P<q>[^\"“”'’»\n.!?]{3,160}?)\s*[\"“”'’»]?\s*(?:[.!?:]|$)"
NO_RESULTS_FOR = re.compile(
    r"(?:\b(?:no|0|zero) (?:search )?(?:results?|matches|hits|articles|items|entries|pages|"
    r"documents)(?: were| was)?(?: found)? (?:for|matching|containing)(?: the (?:query|search"
    r"(?: terms?)?))?|\bnothing (?:was )?found for|\byour search for|"
    r"\bkeine (?:treffer|ergebnisse|suchergebnisse)(?: gefunden)? für|"
    r"\baucun résultat(?: trouvé)? pour|\b(?:sin|ningún|ningun) resultados? para|"
    r"\bno se (?:encontraron|han encontrado) resultados? para|\bnessun risultato per|"
    r"\bgeen (?:zoek)?resultaten voor|\bnenhum resultado (?:encontrado )?para|"
    r"\bbrak wyników dla|\bничего не найдено по запросу)" + _Q,
    re.IGNORECASE)
_SEARCH_PATH = re.compile(r"/(?:search|suche|recherche|buscar?|busqueda|cerca|zoeken|szukaj|"
                          r"find|results?|query)\b", re.IGNORECASE)


def searched_for_path(page: Page, url: str) -> str | None:
    """What the page says when it is the site's search for the words of its own address
    (a missing article's slug), else None (pure). A search the citation itself asks for
    (a query, a /search/ path) is a working page, whatever it found."""
    parts = urlsplit(url)
    if parts.query or _SEARCH_PATH.search(parts.path):
        return None
    slug = {w.casefold() for w in re.findall(r"[^\W_]+", unquote(parts.path))}
    for text in (page.heading, *page.headings, page.text[:5000]):
        for match in NO_RESULTS_FOR.finditer(text):
            words = [w.casefold() for w in re.findall(r"[^\W_]+", match.group("q"))]
            if len(words) >= 2 and sum(w in slug for w in words) >= 0.8 * len(words):
                return match.group(0).strip()
    return None


def not_found_reason(page: Page, url: str = "", *, whole: bool = True,
                     title_hints: bool = True) -> str | None:
    """Why the page is a "not found" page by its own words, else None (pure).

    The title may say it in a part ("Page not found | Site"); a heading must be the
    message itself (anchored, short), the first one on any page, every one on a short
    page; and a short page's text must address the reader about a page ("Sorry, we
    couldn't find that page"), never about search results. The short-page rules judge
    only a *whole* body (not cut short, nor at the byte cap). With *title_hints*, the title
    and first heading of a longer page are a :func:`title_hint` only: the site probe decides.
    """
    if page.title and (not title_hints or len(page.text) < SHORT_PAGE) \
            and _title_says(page.title, url):
        return f'page title says "{page.title[:80]}"'
    if page.heading and (not title_hints or len(page.text) < SHORT_PAGE) \
            and _is_message(page.heading):
        return f'page heading says "{page.heading[:80]}"'
    if whole and len(page.text) < SHORT_PAGE:
        for value in page.headings:
            if _is_message(value):
                return f'page heading says "{value[:80]}"'
        for match in SAYS_NOT_FOUND.finditer(page.text):
            if not _NO_RESULTS.search(match.group(0)):
                return f'page says "{match.group(0)[:80]}"'
    return None


# Pages that forward the reader elsewhere without an HTTP redirect: a meta refresh, the
# Refresh header, or a page that is nothing but a script setting the location.
_META_REFRESH = re.compile(r"<meta\b[^<>]{0,500}?http-equiv\s*=\s*[\"']?refresh\b[^<>]{0,500}>",
                           re.IGNORECASE)
_CONTENT = re.compile(r"\bcontent\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)", re.IGNORECASE)
# "<delay>[;,] [url=]<target>": the delay's digits, then the rest (no backtracking).
_REFRESH = re.compile(r"\s*(\d*)[.\d]*\s*[;,]?\s*(?:url\s*=\s*)?(.*)", re.IGNORECASE | re.DOTALL)
# A script that does nothing but set the location: one statement, unconditional, at the
# top level (a function, a handler, an "if" or a second statement make it something else).
_LOCATION_STATEMENT = re.compile(
    r"(?:(?:window|document|top|self)\.)?location(?:\.href)?\s*=\s*([\"'])([^\"'\s]{1,2000})\1"
    r"|(?:(?:window|document|top|self)\.)?location\.(?:replace|assign)\(\s*([\"'])"
    r"([^\"'\s]{1,2000})\3\s*\)",
)
_SCRIPT_ELEMENT = re.compile(
    r"<script\b([^<>]{0,500})>((?:[^<]|<(?!/?script\b)){0,2000}+)</script\s*>", re.IGNORECASE)
_SCRIPT_TYPE = re.compile(r"\btype\s*=\s*[\"']?([^\"'\s>]*)", re.IGNORECASE)
_NOSCRIPT = re.compile(r"<noscript\b[^<>]{0,500}>(?:[^<]|<(?!/?noscript\b))*+(?:</noscript\s*>|$)",
                       re.IGNORECASE)
# Hosts of consent and sign-in walls: a page that sends the reader there is gated, not gone.
GATE_HOST = re.compile(
    r"^(?:consent|cookies?|gdpr|privacy|login|log-in|signin|sign-in|auth|oauth|sso|idp|cas|"
    r"accounts?|myaccount|secure|passport|id|identity|shibboleth|wayf|guce|cmp)[.-]",
    re.IGNORECASE)


def is_gate(url: str) -> bool:
    """A consent or sign-in host (consent.example.org, login.example.org)."""
    return bool(GATE_HOST.match(urlsplit(url).hostname or ""))


# Consent walls (/collectConsent, /cookie-consent-page, /zustimmung, /cmp), privacy gates,
# sign-in, registration and subscription walls.
GATE_PATH = re.compile(r"/(?:log-?in|sign-?in|sign_in|signon|auth|sso|session|gdpr|cmp|"
                       r"age-?(?:gate|verification|check)|interstitial|zustimmung|einwilligung|"
                       r"paywall|subscribe|subscription|register|registration|accounts?|"
                       r"(?:privacy|cookie)-?(?:gate|wall))(?:[/.?]|$)|"
                       r"/[^/?#]{0,60}consent[^/?#]{0,60}(?:[/.?]|$)", re.IGNORECASE)
_PASSWORD = re.compile(r"<input\b[^<>]{0,500}?\btype\s*=\s*[\"']?password\b", re.IGNORECASE)


def is_gate_page(url: str, page: Page | None) -> bool:
    """A sign-in or consent page: its host or path says so, or it is a short page that asks
    for a password (a long one may have a sign-in box in its header, as many sites do).
    What is behind it is not seen, so it tells nothing of the page asked for."""
    return (is_gate(url) or bool(GATE_PATH.search(urlsplit(url).path))
            or (page is not None and len(page.text) < SHORT_PAGE
                and bool(_PASSWORD.search(page.markup))))


def _script_forward(script: str) -> str | None:
    """The target of a script that is one unconditional location statement, else None."""
    code = script.strip()
    for wrapper in ("<!--", "//-->", "-->", "//<![CDATA[", "//]]>"):
        code = code.replace(wrapper, " ")
    code = code.strip().rstrip(";").strip()
    match = _LOCATION_STATEMENT.fullmatch(code)
    return (match.group(2) or match.group(4)) if match else None


# A refresh later than this is a page that reloads itself, not one that forwards.
REFRESH_SECONDS = 30
# A page with less text than this that sets the location in a script is a forwarding page.
SCRIPT_ONLY_TEXT = 200


def _refresh_target(value: str) -> str | None:
    """Where a refresh value sends the reader soon enough to be a forward, else None (pure)."""
    match = _REFRESH.match(html.unescape(value[:4000]))
    if not match:
        return None
    delay, target = match.group(1), match.group(2).strip()
    if target and target[0] in "\"'":
        target = target[1:].split(target[0], 1)[0].strip()
    if not target:
        return None  # "300": reload this page
    # a delay of more digits than a refresh ever has is not a forward (nor a number to parse)
    if len(delay) > 6 or int(delay or 0) > REFRESH_SECONDS:
        return None
    return target


def forward_of(page: Page, headers: Mapping[str, str], base: str, *, whole: bool = True
               ) -> tuple[str, str] | None:
    """(where the page sends the reader, how) for a page that forwards, else None (pure).

    Only what a browser does at once counts: the Refresh header, a meta refresh that is
    not inside <noscript> or a comment, and in a page that is nothing else, a script
    that is one unconditional location statement. A handler, a function, a condition,
    a commented-out script or a script in a file that is not HTML is not a forward; nor
    is a script in a body that is not *whole* (its "nothing else" may be in the part lost).
    """
    found: list[tuple[str, str]] = []
    if headers.get("refresh"):
        found.append((headers["refresh"], "Refresh header"))
    ctype = headers.get("content-type", "").lower()
    live = ""
    if not ctype or "html" in ctype:  # a text/plain file is shown, not run
        live = _NOSCRIPT.sub(" ", page.markup)
    # a comment's start (a script's own "<!--" wrapper starts after its <script> tag)
    comments = [(m.start(), m.end()) for m in _COMMENTS.finditer(live)]
    starts = [start for start, _ in comments]

    def commented(at: int) -> bool:
        k = bisect.bisect_right(starts, at) - 1
        return k >= 0 and at < comments[k][1]

    for tag in _META_REFRESH.finditer(live):
        if commented(tag.start()):
            continue
        content = _CONTENT.search(tag.group(0))
        if content:
            value = content.group(1)
            found.append((value[1:-1] if value[:1] in "\"'" else value, "meta refresh"))
    candidates = [(t, how) for value, how in found if (t := _refresh_target(value))]
    if live and whole and len(page.text) < SCRIPT_ONLY_TEXT:
        for element in _SCRIPT_ELEMENT.finditer(live):
            if commented(element.start()):
                continue
            kind = _SCRIPT_TYPE.search(element.group(1))
            if kind and kind.group(1).lower() not in ("", "module", "text/javascript",
                                                      "application/javascript"):
                continue  # a template or data block, not run
            target = _script_forward(element.group(2))
            if target:
                candidates.append((target, "script"))
    for target, how in candidates:
        url = urljoin(base, target.strip())
        if urlsplit(url).scheme in ("http", "https") and url.split("#")[0] != base.split("#")[0]:
            return url, how
    return None


# What a page says of itself when it was taken down: the page (article, listing …) as the
# subject, so that a news brief about a bus service "no longer available" is not one.
# Judged on what is left of a page once the site's template is set aside (own_content).
# Only words that say the content is gone count: "withdrawn", "expired", "unavailable" and
# "not available" are said of live pages too (a retracted paper, an embargoed data file, a
# video blocked in one country, a guidance page replaced by a newer one).
_REMOVED_NOUN = (r"(?:page|article|story|post|item|listing|product|content|video|offer|job|"
                 r"ad|advert|entry|document|file|record)s?")
_REMOVED_STATE = (r"(?:(?:has|have|had) been |was |were |is |are )?(?:(?P<gone>removed|deleted|"
                  r"taken down|unpublished)|no longer (?:available|online|published))")
REMOVED = re.compile(
    r"\b(?:this|the|that|your|requested) (?:\w+ )?" + _REMOVED_NOUN + r"\b[^.!?]{0,60}?\b"
    + _REMOVED_STATE + r"\b", re.IGNORECASE)
# A heading that is such a notice and nothing else ("Listing removed", "Content deleted").
REMOVED_HEADING = re.compile(
    r"[^\w?]*(?:(?:this|the|that|sorry|oops|we(?:'re|’re| are) sorry)\b[^\w?]*){0,3}"
    + _REMOVED_NOUN + r" " + _REMOVED_STATE + r"[^\w?]*", re.IGNORECASE)
# What makes a notice say the content is elsewhere, for some readers, or for a while: not gone.
_ELSEWHERE = re.compile(r"\b(?:in|from|outside) (?:your|this|some|certain) (?:country|countries|"
                        r"region|regions|location|area)|\breplaced (?:by|with)\b|\buntil\b",
                        re.IGNORECASE)
# ... and what makes "no longer available" a matter of access, a cause or a request.
_ACCESS = re.compile(r"\bdue to\b|\bto (?:non-?)?(?:subscribers|members|users|readers|the "
                     r"public)\b|\bat the request\b", re.IGNORECASE)
# Said of live pages as often as of removed ones: a note, never a verdict.
LIVE_STATE = re.compile(
    r"\b(?:this|the|that|your|requested) (?:\w+ )?" + _REMOVED_NOUN + r"\b[^.!?]{0,60}?\b"
    r"(?:(?:has|have|had) been |was |were |is |are )?(?:withdrawn|expired|unavailable|"
    r"not available)\b|^\W*" + _REMOVED_NOUN + r" (?:withdrawn|expired|unavailable)\W*$",
    re.IGNORECASE)
# A notice and little else: what is left of the page's own content, its headings aside, is at
# most this many characters, and besides the notice (a heading, or the opening sentence) at
# most one sentence ("Read more news.").
NOTICE_CHARS = 200


def _body_words(page: Page) -> list[str]:
    """The page's words without its title (which page_of's text starts with)."""
    text = page.text
    if page.title and text.startswith(page.title):
        text = text[len(page.title):]
    return text.split()


def own_content(page: Page, template: Page) -> str:
    """What of *page* differs from *template*, the site's page for a path that cannot exist:
    the words before the first difference and after the last one are the site's template
    (header, navigation, footer), the rest is the page's own; titles aside (pure, linear)."""
    mine, theirs = _body_words(page), _body_words(template)
    start = 0
    for a, b in zip(mine, theirs):
        if a != b:
            break
        start += 1
    end = 0
    for a, b in zip(reversed(mine[start:]), reversed(theirs[start:])):
        if a != b:
            break
        end += 1
    return " ".join(mine[start:len(mine) - end])


def _qualified(sentence: str, match: re.Match[str]) -> bool:
    """The rest of the notice's sentence says the page is gone only somewhere, for a while,
    for some readers or for a reason that is not removal ("… in your region", "… until")."""
    rest = sentence[match.end():]
    if _ELSEWHERE.search(rest):
        return True
    return not match.groupdict().get("gone") and bool(_ACCESS.search(rest))


def removal_notice(page: Page, own: str) -> tuple[bool, str] | None:
    """(whether it says the page is gone, what says so) when the page's own content *own* is
    nearly all a notice: its headings, the notice, and at most one more short sentence.

    Gone: "removed", "deleted", "taken down", "no longer available" (unqualified), or a
    "not found" message. Not gone, a note only: "withdrawn", "expired", "unavailable" and
    notices qualified by a place, a time or a reader ("… in your region", "… until 2026").
    """
    if not own or len(own) >= SHORT_PAGE:
        return None
    rest = own
    headings = []
    for value in (h.strip() for h in page.headings):
        if value and value in rest:
            rest = rest.replace(value, " ", 1)
            headings.append(value)
    rest = " ".join(rest.split())
    sentences = [x for x in re.split(r"(?<=[.!?])\s+", rest) if re.search(r"\w", x)]
    if len(rest) > NOTICE_CHARS:
        return None  # the page has content of its own besides any notice
    found: list[tuple[bool, str]] = []
    if len(sentences) <= 1:
        for value in headings:
            if _is_message(value) or REMOVED_HEADING.fullmatch(value):
                found.append((True, "its own content, the template aside, is a heading that "
                                    f'says "{value[:80]}"'))
            elif LIVE_STATE.search(value):
                found.append((False, f'its own content, the template aside, is a heading '
                                     f'"{value[:80]}"'))
    opening = sentences[0] if 0 < len(sentences) <= 2 else ""
    for pattern in (SAYS_NOT_FOUND, REMOVED, LIVE_STATE):
        match = pattern.search(opening)
        if (match and not _NO_RESULTS.search(match.group(0))
                and _LEAD.fullmatch(opening[:match.start()])):
            gone = pattern is not LIVE_STATE and not _qualified(opening, match)
            found.append((gone, "its own content, the template aside, says "
                                f'"{match.group(0)[:80]}"'))
    return max(found, key=lambda f: f[0]) if found else None  # a "gone" first


# Every parking phrase has one of these in it (lower case): PARKED_TEXT runs only near them.
_PARKED_KEYS = ("domain", "domin", "domín", "domena", "domein", "домен", "ドメイン", "域名",
                "parked", "for sale", "sedoparking", "parkingcrew", "bodis.com", "above.com",
                "afternic", "dan.com", "undeveloped")


def _near_keywords(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The matches of *pattern* in *text* within 300 characters before and 160 after one of
    _PARKED_KEYS: a pattern of many alternatives tried at every position of a 20,000
    character text costs ~10 ms; the keywords are found with str.find."""
    spans: list[list[int]] = []
    for at in sorted(_starts(text, _PARKED_KEYS)):
        lo, hi = max(0, at - 300), min(len(text), at + 160)
        if spans and lo <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], hi)
        else:
            spans.append([lo, hi])
    for lo, hi in spans:  # lookbehinds see before lo; a span ends past any match's end
        yield from pattern.finditer(text, lo, hi)


# "<name> is for sale": counted when the name is the page's own (see parking_signs); one
# pattern for every host (one compiled per host cost ~0.3 ms each, a first page of each site)
_NAME_FOR_SALE = re.compile(r"(?:\bthe domain(?: name)? )?(?<![\w.-])(?:www\.)?"
                            r"(?P<name>[\w-]+(?:\.[\w-]+)*\.?(?::\d+)?) (?:is|may be) for sale\b",
                            re.IGNORECASE)


def parking_signs(page: Page, url: str = "") -> list[str]:
    """Where the page says it is parked or for sale, and how: one entry per distinct phrase
    ("x.org is for sale" in the title and "The domain name x.org is for sale" in a heading
    are one), on a page of any length.

    "<name> is for sale" counts when the name is the page's own domain (*url*'s host):
    a news brief may say another domain is for sale.
    """
    parts = urlsplit(url)
    names = sorted({n for n in (parts.netloc, parts.hostname) if n}, key=len, reverse=True)
    own = {n.casefold().removeprefix("www.") for n in names}
    signs: dict[str, str] = {}
    for where, value in (("title", page.title), ("heading", page.heading), ("text", page.text)):
        for pattern in (PARKED_TEXT, _NAME_FOR_SALE if own else None):
            for match in (_near_keywords(pattern, value) if pattern else ()):
                if (pattern is _NAME_FOR_SALE
                        and match.group("name").casefold().removeprefix("www.") not in own):
                    continue  # another domain is for sale, not this page's
                said = match.group(0).casefold()
                for name in names:
                    said = said.replace(name.casefold(), " ")
                key = " ".join(re.sub(r"\b(?:the|this) domain(?: name)?\b|\bwww\.", " ",
                                      said).split())
                signs.setdefault(key, f'{where} says "{match.group(0)}"')
    return list(signs.values())


def parking_words(page: Page, url: str = "") -> str | None:
    """The first of :func:`parking_signs`, or None."""
    signs = parking_signs(page, url)
    return signs[0] if signs else None


def _short_page_parked(page: Page, url: str) -> str | None:
    """Two independent signs that a short page is a parking page: parking phrases, a title
    or heading that is a bare domain name, a sales page's words beside a phrase. One sign
    alone is for the site probe to confirm (an abstract says "Domain parking is …", a shop
    "This rare copy is for sale!")."""
    signs = parking_signs(page, url)
    if not signs:
        return None
    for where, value in (("title", page.title), ("heading", page.heading)):
        if _DOMAIN_NAME.fullmatch(value.strip()) or _named_for_host(page, url):
            signs.append(f"the {where} is a bare domain name ({value.strip()[:60]})")
            break
    sale = SALE_TEXT.search(page.text)
    if sale:
        signs.append(f'text says "{sale.group(0)}"')
    return "; ".join(signs[:2]) if len(signs) >= 2 else None


_HREF = re.compile(r"<a\b[^<>]{0,500}?\bhref\s*=\s*[\"']?([^\"'\s<>]{0,500})", re.IGNORECASE)
_AD_QUERY = re.compile(r"^(?:/[^?#]{0,200})?\?(?:[^#]{0,300}&(?:amp;)?)?"
                       r"(?:q|kw|query|search|term|keyword|s)=", re.IGNORECASE)
# links of a parking page's ad feed: at least this many, and this share of all its links
AD_LINKS, AD_SHARE = 3, 0.6


def _ad_feed(markup: str) -> bool:
    """Most of the page's links are searches on the page's own site (an ad feed's keywords),
    unlike a home page's "related links", which lead to other pages and sites."""
    hrefs = [m.group(1) for _, m in zip(range(500), _HREF.finditer(markup))]
    ads = sum(1 for h in hrefs if _AD_QUERY.match(html.unescape(h)))
    return ads >= AD_LINKS and ads >= AD_SHARE * len(hrefs)


def _named_for_host(page: Page, final_url: str) -> bool:
    """The page's title or first heading is its own domain name (as parking pages are)."""
    parts = urlsplit(final_url)
    names = {n.lower() for n in (parts.netloc, parts.hostname or "") if n}
    return bool(names) and bool({page.title.lower().strip(), page.heading.lower().strip()}
                                & (names | {"www." + n for n in names}))


def _starts(markup: str, words: tuple[str, ...]) -> Iterator[int]:
    """Where each of *words* starts in *markup*, case aside (str.find on the lowered text: a
    regular expression scanning 50 KB for them costs a hundred times more)."""
    lower = markup.lower()
    if len(lower) != len(markup):  # a letter whose lower case is longer: offsets differ
        pattern = re.compile("|".join(map(re.escape, words)), re.IGNORECASE)
        yield from (m.start() for m in pattern.finditer(markup))
        return
    for word in words:
        at = lower.find(word)
        while at >= 0:
            yield at
            at = lower.find(word, at + 1)


def _jumps(markup: str) -> Iterator[re.Match[str]]:
    """The location settings and meta refreshes of the markup (not data-location=, nor
    geolocation, nor a refresh outside an http-equiv)."""
    for at in _starts(markup, ("location", "refresh")):
        match = PARKED_MARKUP.match(markup, at)
        if match is None:
            continue
        before = markup[max(0, at - 20):at]
        if match.group(3) is not None:
            if re.search(r"http-equiv\s*=\s*[\"']?$", before, re.IGNORECASE):
                yield match
        elif not before or not (before[-1].isalnum() or before[-1] in "_-"):
            yield match


def _parking_target(target: str, base: str, *, short: bool) -> bool:
    """The address is a parking service's (by its host), Google's parking loader, a /lander
    path, or on a *short* page a for-sale page."""
    try:
        parts = urlsplit(urljoin(base, html.unescape(target.strip())))
        host = parts.hostname or ""
    except ValueError:
        return False
    path = parts.path.lower()
    return (bool(PARKING_SERVICE.search(host.rstrip("."))) or _CAF_LOADER in path
            or path.rstrip("/").endswith("/lander")
            or (short and bool(_SALE_PATH.search(path))))


def parked_reason(page: Page, final_url: str, *, redirected: bool = False,
                  cited_url: str = "") -> str | None:
    """Why the page is a parked domain's, else None (pure).

    Strong signs count on any page: a parking service's host, its scripts or frames, a
    jump to a sales page, or (after a redirect) Bodis' /lander path. Wording counts on a
    short page only; a longer one needs the site probe (see :data:`PARKED_PAGE`). A page
    of a parking or domain-sales service's own site, cited as such, is not parked.
    """
    if cited_url and PARKING_HOSTS.search(urlsplit(cited_url).hostname or ""):
        return None
    parts = urlsplit(final_url)
    host = parts.hostname or ""
    if PARKING_HOSTS.search(host):
        return f"lands on the parking/for-sale service {host}"
    for loaded in _LOADED.finditer(page.markup):
        if _parking_target(loaded.group(1), final_url, short=False):
            return f'the page loads a parking service\'s script or frame ("{loaded.group(0)[:80]}")'
    short = len(page.text) < PARKED_PAGE
    for match in _jumps(page.markup):
        if _parking_target(next(g for g in match.groups() if g is not None), final_url,
                           short=short):
            return f'the page\'s markup has a parking service\'s sign ("{match.group(0)[:80]}")'
    if redirected and parts.path.rstrip("/") == "/lander":
        return "redirected to /lander, a parking service's landing path"
    if len(page.text) < PARKED_PAGE:
        said = _short_page_parked(page, final_url)
        if said:
            return f"{said} (a parking/for-sale page)"
        if _named_for_host(page, final_url) and _ad_feed(page.markup):
            for value in page.headings:
                if PARKED_HEADING.fullmatch(value):
                    return (f'a short page named after its domain, with only "{value[:40]}" '
                            "links to searches on itself (a parking page's ad feed)")
    return None


# What stands where the cited title was: words, which no rule reads as a message's.
CITED_TITLE = " [cited title] "


def without_cited_title(page: Page, cited_title: str | None) -> Page:
    """The page with the cited work's own title taken out of its title, headings and text,
    when the page carries it in its title or a heading.

    "Page Not Found: Error Messages and Web Design" is a book's title, not a message: words
    that belong to the title the citation gives are the work's, so they decide nothing.
    A title of fewer than two words or eight letters is too common to take out. The title
    is replaced by a word (:data:`CITED_TITLE`), not by nothing: a shortened cited title
    taken out of "Not Found: The Lost Cities of the Amazon" must not leave "Not Found:".
    """
    words = re.findall(r"\w+", cited_title or "")[:40]
    if len(words) < 2 or sum(map(len, words)) < 8:
        return page
    pattern = re.compile(r"\W{0,5}".join(re.escape(w) for w in words), re.IGNORECASE)
    if not any(pattern.search(v) for v in (page.title, page.heading, *page.headings)):
        return page  # the page does not carry the cited title where a page names itself
    strip = lambda value: pattern.sub(CITED_TITLE, value)  # noqa: E731
    return Page(strip(page.title), strip(page.heading), strip(page.text), page.markup,
                tuple(strip(h) for h in page.headings))


def challenge_reason(headers: Mapping[str, str], page: Page | None) -> str | None:
    if headers.get("cf-mitigated", "").lower() == "challenge":
        return "cf-mitigated: challenge header (Cloudflare bot check)"
    if page is not None:
        for value in (page.title, page.text[:3000]):
            match = CHALLENGE_TEXT.search(value)
            if match:
                return f'challenge page ("{match.group(0)}")'
    return None


# a site's home page under its file name: /index.html, /default.aspx, /index.php
_INDEX_PAGE = re.compile(r"/(?:index|default)(?:\.\w{2,5})?", re.IGNORECASE)


def is_root(url: str) -> bool:
    """The site's home page: its root path, or the root's index file."""
    parts = urlsplit(url)
    return (parts.path in ("", "/") or bool(_INDEX_PAGE.fullmatch(parts.path))) and not parts.query


# A home page cited by its language or home path (/en/, /de-de/, /home, /en/index.html): sent
# to the root, it is the same home page in the reader's language, not a page gone.
_LANGUAGES = ("en|de|fr|es|it|pt|nl|ru|ja|zh|ko|ar|pl|sv|da|no|nb|nn|fi|cs|sk|tr|el|he|hu|ro|"
              "bg|hr|sl|sr|uk|et|lv|lt|id|ms|vi|th|hi|fa|ca|eu|gl|is|ga|cy")
_HOME_PATH = re.compile(
    r"(?:/(?:(?:" + _LANGUAGES + r")(?:[-_][a-z]{2,4})?|home|start|index|default|welcome)"
    r"(?:\.\w{2,5})?){1,2}/?", re.IGNORECASE)


def is_home(url: str) -> bool:
    """The site's home page: :func:`is_root`, or its language or home path (/en/, /home)."""
    parts = urlsplit(url)
    return is_root(url) or (not parts.query and bool(_HOME_PATH.fullmatch(parts.path)))


# 4xx answers that refuse the request as it was sent (its method, its Accept, its headers'
# size, the robot asking, the country it came from) or ask for payment: they say nothing
# of whether the page is there, so they are not rot (a 404/410, or another 4xx, is)
REFUSALS = {
    402: "Payment Required (a paywall)",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    411: "Length Required",
    412: "Precondition Failed",
    413: "Content Too Large",
    414: "URI Too Long",
    415: "Unsupported Media Type",
    417: "Expectation Failed",
    418: "I'm a teapot (a refusal some sites give robots)",
    421: "Misdirected Request",
    426: "Upgrade Required",
    428: "Precondition Required",
    431: "Request Header Fields Too Large",
    451: "Unavailable For Legal Reasons (blocked where citecheck runs)",
}


def _login_asked(headers: Mapping[str, str]) -> str:
    """' (asks for a login: Basic realm="staff")' for an answer with WWW-Authenticate."""
    asked = " ".join((headers.get("www-authenticate") or "").split())
    return f" (asks for a login: {asked[:60]})" if asked else ""


def _wait_asked(headers: Mapping[str, str]) -> tuple[str, bool]:
    """(" (Retry-After: ...)" or "", whether that wait is longer than a check waits)."""
    raw = (headers.get("retry-after") or "").strip()
    if not raw:
        return "", False
    wait = parse_retry_after(raw)
    if wait is not None and wait > MAX_RETRY_AFTER:
        return f" (Retry-After: {raw[:40]}, longer than a check waits)", True
    return f" (Retry-After: {raw[:40]})", False


# --------------------------------------------------------------------------- classify


@dataclass(frozen=True)
class Verdict:
    status: LinkStatus
    evidence: str
    http_status: int | None = None
    final_url: str | None = None
    redirects: tuple[str, ...] = ()


def is_html(resp: Response) -> bool:
    ctype = resp.headers.get("content-type", "").lower()
    return not ctype or "html" in ctype or "text/plain" in ctype


def classify(url: str, resp: Response, *, cited_title: str | None = None,
             title_hints: bool = True) -> Verdict:
    """One status and its evidence for the final answer to ``url`` (pure).

    ``cited_title``, the title the citation gives the work: a page that carries it in its
    title or first heading is not judged by the words of that title. ``title_hints``: the
    title of a page longer than SHORT_PAGE is a hint noted for the site probe, not a
    verdict (False where no probe is made, as for archived captures).
    """
    chain = tuple(u for _, u in resp.history)
    code = resp.status
    page = page_of(resp.text) if resp.content and is_html(resp) else None
    if page is not None:
        page = without_cited_title(page, cited_title)
    hops = " -> ".join(f"{s} {u}" for s, u in resp.history)
    via = f" via {hops} -> {resp.url}" if resp.history else ""

    body_note = f"; {resp.body_note}" if resp.body_note else ""

    def verdict(status: LinkStatus, evidence: str) -> Verdict:
        return Verdict(status, evidence + body_note, code, resp.url, chain)

    challenge = challenge_reason(resp.headers, page) if code >= 400 or page else None
    if code in (401, 403, 407, 999) or (challenge and code >= 400):
        why = challenge or f"HTTP {code}{_login_asked(resp.headers) if code == 401 else ''}"
        return verdict("forbidden", f"{why}: access refused, often bot protection; "
                       "unverifiable, not rot{0}".format(via))
    if code in REFUSALS:
        return verdict("forbidden", f"HTTP {code} {REFUSALS[code]}: the server refused the "
                       f"request as sent, which says nothing of the page; unverifiable, not "
                       f"rot{via}")
    wait, long_wait = _wait_asked(resp.headers) if code in (429, 503) else ("", False)
    # only the statuses the layer retries were retried (a 501 or a 600 is the first answer)
    retried = "" if long_wait or code not in RETRY_STATUSES else " after retries"
    if resp.retry_note and not long_wait:
        retried = f" ({resp.retry_note})"
    if code == 429:
        return verdict("rate-limited", f"HTTP 429{retried}{wait}{via}")
    if code in (404, 410):
        return verdict("dead", f"HTTP {code} {'Not Found' if code == 404 else 'Gone'}{via}")
    if code == 408:
        return verdict("timeout", f"HTTP 408 Request Timeout{via}")
    if code < 200:
        # an informational status as the last answer: aiohttp hands over a 101 (a protocol
        # switch nobody asked for, a WebSocket endpoint) as final; there is no page
        upgrade = " ".join((resp.headers.get("upgrade") or "").split())[:40]
        to = f" to {upgrade}" if code == 101 and upgrade else ""
        return verdict("connection-error", f"HTTP {code}{to} as the final answer to a request "
                       f"that asked for no protocol switch: no web page here{via}")
    if code >= 600:
        return verdict("server-error", f"HTTP {code}, not a status HTTP defines (100-599): a "
                       f"broken server{via}")
    if code >= 500:
        return verdict("server-error", f"HTTP {code}{retried}{wait}{via}")
    if code >= 400:
        return verdict("dead", f"HTTP {code}{via}")
    if code == 304:
        return verdict("ok", f"HTTP 304 Not Modified to a request that set no condition: the "
                       f"server says the page is there, but sent none{via}")
    if code == 300:  # Multiple Choices: the page is there, in several forms
        return verdict("ok", f"HTTP 300 Multiple Choices{via}")
    if 300 <= code < 400:
        # a redirect that names no place (no Location, or an empty one): the server says
        # the page is elsewhere and not where; nothing was seen, and nothing is gone
        return verdict("unchecked", f"HTTP {code} redirect with no Location: where the page "
                       f"went is not said, so it was not seen{via}")

    # 2xx: look for soft-404 and parking signs.
    if challenge:
        return verdict("forbidden", f"{challenge}: unverifiable, not rot{via}")
    if page is not None:
        parked = parked_reason(page, resp.url, redirected=bool(resp.history), cited_url=url)
        if parked:
            return verdict("parked", parked + via)
    elif PARKING_HOSTS.search(urlsplit(resp.url).hostname or "") and not PARKING_HOSTS.search(
            urlsplit(url).hostname or ""):
        return verdict("parked", f"lands on a parking/for-sale service{via}")
    if resp.history and not is_gate(resp.url):
        if is_root(resp.url) and not is_home(url):
            return verdict("soft-404", f"redirected to the site's home page{via}")
        if NOT_FOUND_PATH.search(urlsplit(resp.url).path) and not NOT_FOUND_PATH.search(
            urlsplit(url).path
        ):
            return verdict("soft-404", f"redirected to an error page{via}")
    # the short-page and script rules judge only a body read whole
    whole = not resp.truncated and not resp.body_broken
    forward = forward_of(page, resp.headers, resp.url, whole=whole) if page is not None else None
    forwards = ""
    if forward is not None:
        target, how = forward
        # a forward to the home page alone is a note: the site probe or the page's own
        # words decide (links.same_as_probe); a forward to an error page names itself
        if NOT_FOUND_PATH.search(urlsplit(target).path) and not NOT_FOUND_PATH.search(
            urlsplit(url).path
        ) and not is_gate(target):
            return verdict("soft-404", f"HTTP {code} but the page forwards ({how}) to an error "
                           f"page {target}{via}")
        if is_root(target) and not is_home(url) and not is_gate(target):
            target = f"the site's home page {target}"
        forwards = f"; the page forwards ({how}) to {target}, not followed"
    if page is not None:
        nf = not_found_reason(page, resp.url, whole=whole, title_hints=title_hints)
        if nf:
            return verdict("soft-404", f"HTTP {code} but the {nf}{via}")
        searched = searched_for_path(page, url) or (
            searched_for_path(page, resp.url) if resp.url != url else None)
        if searched:
            return verdict("soft-404", f"HTTP {code} but the page is the site's search for the "
                           f'words of the address ("{searched[:100]}"): the cited page is not '
                           f"there{via}")
        hint = title_hint(page, resp.url) if title_hints else None
        if hint:
            forwards += (f'; the page {hint[0]} says "{hint[1][:80]}", on a long page only a '
                         "hint (the site's answer for a path that cannot exist decides)")
    cut = f"; body read up to {len(resp.content)} bytes (cap)" if resp.truncated else ""
    if resp.history and resp.history[0][0] in (301, 308):
        return verdict("redirected",
                       f"moved permanently: {hops} -> {code} {resp.url}{cut}{forwards}")
    return verdict("ok", f"HTTP {code}{via}{cut}{forwards}")


def classify_error(exc: errors.NetError) -> Verdict:
    """The status for a request that got no HTTP answer (pure)."""
    if isinstance(exc, errors.NonWebRedirect):
        # the cited URL answered; where it points cannot be fetched over the web
        return Verdict("unchecked", str(exc), exc.status or None, exc.location or None)
    if isinstance(exc, errors.WaitBudgetSpent):
        # never sent: its host has held the run back as long as the run allows
        return Verdict("unchecked", f"not checked: {exc}", None, exc.final_url,
                       tuple(exc.redirects))
    table: list[tuple[type[errors.NetError], LinkStatus]] = [
        (errors.OfflineError, "unchecked"),
        (errors.RateLimitedError, "rate-limited"),
        (errors.DNSError, "dns-error"),
        (errors.TLSError, "tls-error"),
        (errors.TimeoutError_, "timeout"),
        (errors.TooManyRedirects, "too-many-redirects"),
        (errors.ConnectError, "connection-error"),
    ]
    chain = (None, exc.final_url, tuple(exc.redirects))  # where a redirect chain led
    for kind, status in table:
        if isinstance(exc, kind):
            why = str(exc)
            if status == "tls-error":  # the site may well be there: a browser may trust it
                why += "; unverifiable, not rot"
            return Verdict(status, why, *chain)
    if str(exc).startswith("invalid URL"):
        return Verdict("invalid", str(exc), *chain)
    return Verdict("connection-error", str(exc), *chain)


# --------------------------------------------------------------------------- soft-404 probe

# A page this alike the site's answer for a path that cannot exist is that answer.
