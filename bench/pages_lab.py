"""Soft-404 and parked-domain lab: real-looking sites on loopback, judged by the link stage.

Each "site" is one HTTP server on 127.0.0.1 (its own port), imitating a kind of
web site: one that answers a removed page with 200 and "page not found" in some
language, a search page, a redirect home; a parked domain with a parking service's
markup; and genuine pages that must stay working (an article about 404 errors, a
page titled "Not Found: ...", a real page on a template-heavy site ...). The cited
URLs go through citecheck's real link stage (``links.run_link_stage``: the check,
the site probe, the archive look-up with every archive endpoint pointed at a
closed loopback port), with the citation's title where the citation gives one.

    python bench/pages_lab.py              # writes bench/results/pages_lab.md

``SITES`` is the lab; ``run_lab(sites)`` checks any slice of it (the regression
test ``tests/test_pages_lab.py`` runs a few of each class). Nothing leaves
127.0.0.1: every redirect a site sends is relative to itself, and the parking
hosts named in pages are text the link stage reads, never fetches. Every server
is stopped when the run ends.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import http.server
import random
import re
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote, unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "pages_lab.md"

Answer = tuple[int, dict[str, str], bytes]
HTML = "text/html; charset=utf-8"


@dataclass(frozen=True)
class Site:
    """One lab site: what it answers for any path, the URL cited, what it truly is."""

    name: str
    kind: str  # "soft-404" | "parked" | "genuine": what a reader would find
    path: str  # the cited path (and query)
    answer: Callable[[str, str], Answer]  # (path?query, Host) -> status, headers, body
    title: str | None = None  # the title the citation gives the work, if any
    about: str = ""


# --------------------------------------------------------------------------- page parts

_WORDS = (
    "survey data river basin climate model archive record public policy history city "
    "council report museum collection trade route harbour census migration school reform "
    "energy market price index rural land water quality coastal erosion study method "
    "sample interview field season excavation pottery layer coin letter diary press "
    "newspaper editor article review journal volume issue chapter author translation "
    "edition library catalogue digital access licence open source software release "
    "version feature user guide tutorial example network protocol server request answer"
).split()


def prose(seed: int, chars: int) -> str:
    """Deterministic sentences of ordinary words (a page's own text)."""
    rng = random.Random(seed)
    out: list[str] = []
    size = 0
    while size < chars:
        words = [rng.choice(_WORDS) for _ in range(rng.randint(8, 18))]
        sentence = " ".join(words).capitalize() + "."
        out.append(sentence)
        size += len(sentence) + 1
    return " ".join(out)


def paragraphs(seed: int, chars: int) -> str:
    text = prose(seed, chars)
    parts = text.split(". ")
    step = max(1, len(parts) // 4)
    return "".join(f"<p>{html.escape('. '.join(parts[i:i + step]))}.</p>"
                   for i in range(0, len(parts), step))


def page(title: str, body: str, *, head: str = "", lang: str = "en") -> bytes:
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{title}</title>{head}</head><body>{body}</body></html>").encode()


def template(site: str, inner: str, *, title: str | None = None, lang: str = "en",
             head: str = "") -> bytes:
    """A site whose header, navigation and footer dominate every page."""
    nav = "".join(f'<li><a href="/section/{w}">{w.title()}</a></li>' for w in _WORDS[:30])
    foot = "".join(f'<li><a href="/about/{w}">About our {w}</a></li>' for w in _WORDS[30:70])
    body = (f'<header><h1 class="logo"><a href="/">{site}</a></h1><form action="/search"><input name=q>'
            f"<button>Search</button></form></header><nav><ul>{nav}</ul></nav>"
            f"<main>{inner}</main><aside><h3>Most read</h3><ul>"
            + "".join(f"<li><a href='/news/{i}'>{prose(900 + i, 60)}</a></li>" for i in range(8))
            + f"</ul></aside><footer><ul>{foot}</ul><p>© 2024 {site}. All rights reserved. "
            "We use cookies to improve your experience.</p></footer>")
    return page(title or site, body, head=head, lang=lang)


def TEMPLATE_404(site: str) -> Callable[[str, str], Answer]:  # noqa: N802
    """A real 404 dressed in the site's template (as most sites' 404 pages are)."""
    return fixed((404, {"Content-Type": HTML}, template(
        site, "<h2>Page not found</h2><p>Sorry, we couldn't find that page.</p>",
        title=f"Page not found | {site}")))


def ok(body: bytes, ctype: str = HTML, **headers: str) -> Answer:
    return 200, {"Content-Type": ctype, **headers}, body


def moved(status: int, location: str) -> Answer:
    return status, {"Location": location}, b""


NOT_FOUND_404: Answer = (404, {"Content-Type": HTML},
                         page("404 Not Found", "<h1>Not Found</h1><p>The requested URL was not "
                              "found on this server.</p>"))


def article(name: str, seed: int, title: str, *, chars: int = 1600, lang: str = "en") -> bytes:
    return page(f"{title} | {name}", f"<header><a href='/'>{name}</a></header><h1>{title}</h1>"
                + paragraphs(seed, chars), lang=lang)


def home(name: str, seed: int) -> bytes:
    return page(name, f"<h1>Welcome to {name}</h1>" + paragraphs(seed, 900))


def routes(table: dict[str, Callable[[str, str], Answer]],
           fallback: Callable[[str, str], Answer]) -> Callable[[str, str], Answer]:
    """Exact paths first (query aside), then the site's answer for anything else."""
    def answer(target: str, host: str) -> Answer:
        path = target.split("?")[0]
        return table[path](target, host) if path in table else fallback(target, host)
    return answer


def fixed(value: Answer) -> Callable[[str, str], Answer]:
    return lambda target, host: value


def slug_words(target: str) -> str:
    return " ".join(unquote(urlsplit(target).path).strip("/").replace("-", " ").split("/"))


# --------------------------------------------------------------------------- soft-404 sites

CITED = "/articles/2019/river-basin-survey-results"


def titled_not_found(name: str, title: str, lang: str, seed: int) -> Site:
    """200 for every missing path, the message only in the title; a site-wide template."""
    miss = fixed(ok(template(name, f"<h2>{name}</h2>" + paragraphs(seed, 200), title=title,
                             lang=lang)))
    return Site(f"{lang} title", "soft-404", CITED,
                routes({"/": fixed(ok(home(name, seed)))}, miss), about=f"title {title!r}")


def heading_not_found(name: str, heading: str, lang: str, seed: int) -> Site:
    """200 for every missing path, the message only in the page's first heading."""
    miss = fixed(ok(template(name, f"<h1>{heading}</h1><p><a href='/'>→</a></p>", lang=lang)))
    return Site(f"{lang} heading", "soft-404", CITED,
                routes({"/": fixed(ok(home(name, seed)))}, miss), about=f"h1 {heading!r}")


def search_page(target: str, host: str) -> Answer:
    query = unquote(urlsplit(target).query.partition("q=")[2]).replace("+", " ") \
        or slug_words(target)
    inner = (f"<h1>Search</h1><p>No results for “{html.escape(query)}”.</p><p>Try different "
             "keywords, check the spelling, or browse the sections above.</p>")
    return ok(template("Northfield Gazette", inner, title="Search | Northfield Gazette"))


def suggesting_search(target: str, host: str) -> Answer:
    """A search page for the path's words that suggests articles picked by those words."""
    words = slug_words(target)
    seed = sum(map(ord, words))
    items = "".join(f"<li><a href='/a/{seed % 97 + i}'>{prose(seed + i, 90)}</a></li>"
                    for i in range(5))
    inner = (f"<h1>Search</h1><p>No results for “{html.escape(words)}”.</p><h2>You may "
             f"also like</h2><ul>{items}</ul>")
    return ok(template("Northfield Gazette", inner, title="Search | Northfield Gazette"))


def removed_notice(site: str, heading: str, text: str) -> Callable[[str, str], Answer]:
    return fixed(ok(template(site, f"<h2>{heading}</h2><p>{text}</p>")))


SPA = page("Atlas", '<div id="root"></div><script src="/static/js/main.3f9a1c.js"></script>'
           "<noscript>You need to enable JavaScript to run this app.</noscript>")

SOFT_404 = [
    titled_not_found("Beispiel Verlag", "Seite nicht gefunden – Beispiel Verlag", "de", 1),
    heading_not_found("Éditions Exemple", "Oups ! Cette page est introuvable", "fr", 2),
    titled_not_found("Revista Ejemplo", "Página no encontrada | Revista Ejemplo", "es", 3),
    heading_not_found("Rivista Esempio", "Pagina non trovata", "it", 4),
    titled_not_found("Revista Exemplo", "Erro 404 - Página não encontrada", "pt", 5),
    heading_not_found("Voorbeeld Tijdschrift", "Oeps! Deze pagina bestaat niet", "nl", 6),
    titled_not_found("Пример", "Страница не найдена — Пример", "ru", 7),
    heading_not_found("例のサイト", "お探しのページは見つかりませんでした", "ja", 8),
    titled_not_found("示例网站", "404 页面未找到 - 示例网站", "zh", 9),
    heading_not_found("Przykład", "Ups! Nie znaleziono strony", "pl", 10),
    Site("search page", "soft-404", CITED, routes({"/": fixed(ok(home("Gazette", 11)))},
                                                   search_page),
         about="200 search page: no results for the path's words"),
    Site("301 home", "soft-404", CITED, routes({"/": fixed(ok(home("Old Press", 12)))},
                                               fixed(moved(301, "/"))),
         about="every missing path 301 to /"),
    Site("302 /404.html", "soft-404", CITED, routes(
        {"/": fixed(ok(home("Museum", 13))),
         "/404.html": fixed(ok(template("City Museum", "<h2>We looked everywhere.</h2>")))},
        fixed(moved(302, "/404.html"))), about="302 to /404.html, which answers 200"),
    Site("302 search", "soft-404", CITED, routes(
        {"/": fixed(ok(home("Gazette", 14))), "/search": search_page},
        lambda t, h: moved(302, "/search?q=" + quote(slug_words(t)))),
         about="302 to /search?q=<the path's words>"),
    Site("meta refresh home", "soft-404", CITED, routes(
        {"/": fixed(ok(home("Archive", 15)))},
        fixed(ok(page("Archive", "<p>Redirecting…</p>",
                      head='<meta http-equiv="refresh" content="0; url=/">')))),
         about="200 meta refresh to /"),
    Site("js home", "soft-404", CITED, routes(
        {"/": fixed(ok(home("Blog", 16)))},
        fixed(ok(page("Blog", "<script>window.location.href = '/';</script>")))),
         about="200 page that only sets window.location to /"),
    Site("template notice", "soft-404", "/stories/2018/04/harbour-census", routes(
        {"/": fixed(ok(home("Herald", 17)))},
        removed_notice("The Coastal Herald", "Content unavailable",
                       "The item you are trying to view has been removed or has expired.")),
         about="template-dominated site, generic removed/expired notice"),
    Site("login wall", "soft-404", "/papers/4411-coastal-erosion", routes(
        {"/": fixed(ok(home("Portal", 18))),
         "/login": fixed(ok(template("Research Portal", "<h1>Sign in</h1><form><input name=u>"
                                     "<input type=password name=p></form>")))},
        lambda t, h: moved(302, "/login?next=" + quote(urlsplit(t).path, safe=""))),
         about="every missing path 302 to /login?next=…"),
    Site("shop discontinued", "soft-404", "/product/kettle-2000-steel", routes(
        {"/": fixed(ok(home("Acme Shop", 19)))},
        removed_notice("Acme Shop", "Sorry, this product is no longer available",
                       "Browse similar products in our catalogue.")),
         about="e-commerce: product no longer available"),
    Site("news removed", "soft-404", "/news/2017/council-report-leak", routes(
        {"/": fixed(ok(home("Daily", 20)))},
        removed_notice("The Daily Courier", "This article has been removed",
                       "The article you requested is no longer on our website.")),
         about="news site: article has been removed"),
    Site("spa shell", "soft-404", "/dataset/river-flow-2019", fixed(ok(SPA)),
         about="every path: the same script shell"),
    Site("empty 200", "soft-404", "/node/4412", routes(
        {"/": fixed(ok(home("CMS", 22)))}, fixed(ok(b""))), about="CMS: 200, empty body"),
    Site("news removed, honest 404", "soft-404", "/world/2016/05/harbour-strike", routes(
        {"/world/2016/05/harbour-strike": removed_notice(
            "The Morning Post", "This article has been removed",
            "It is no longer available on our website.")}, TEMPLATE_404("The Morning Post")),
         about="logo in h1, 'article has been removed' in h2; other missing paths a real 404"),
    Site("listing expired, honest 404", "soft-404", "/jobs/4471-field-archaeologist", routes(
        {"/jobs/4471-field-archaeologist": removed_notice(
            "Field Jobs", "Listing expired", "This listing has expired and was removed "
            "by the employer.")}, TEMPLATE_404("Field Jobs")),
         about="'listing has expired' under a template; other missing paths a real 404"),
    Site("headline kept, body removed", "soft-404", "/politics/2015/council-report-leaked",
         routes({"/politics/2015/council-report-leaked": fixed(ok(template(
             "The Morning Post", "<h2>Council report leaked</h2><p>This article has been "
             "removed at the request of the council.</p>",
             title="Council report leaked | The Morning Post")))},
             TEMPLATE_404("The Morning Post")),
         title="Council report leaked",
         about="headline kept in title and heading, body says removed; other paths a real 404"),
    Site("search with suggestions", "soft-404", CITED, routes(
        {"/": fixed(ok(home("Gazette", 24)))}, suggesting_search),
         about="200 search page whose suggested articles vary with the path's words"),
    Site("search echoes the title", "soft-404", CITED, routes(
        {"/": fixed(ok(home("Gazette", 25)))},
        lambda t, h: ok(template("Northfield Gazette", f"<h1>Results for “"
                                 f"{html.escape(slug_words(t))}”</h1><p>Nothing matched.</p>",
                                 title="Search | Northfield Gazette"))),
         title="River basin survey results",
         about="200 search page whose heading repeats the path, which is the cited title"),
    Site("200 error page, honest 404 elsewhere", "soft-404", "/news/2016/07/ferry-strike",
         routes({"/news/2016/07/ferry-strike": fixed(ok(template(
             "The Morning Post", "<h2>Page not found</h2><p>Sorry, we couldn't find that "
             "page.</p>", title="Page not found | The Morning Post")))},
             TEMPLATE_404("The Morning Post")),
         about="a removed page answers the site's long error page with 200, others with 404"),
    Site("en template title", "soft-404", CITED, routes(
        {"/": fixed(ok(home("Journal", 23)))},
        fixed(ok(template("Journal of Things", "<h2>Oh no!</h2><p>We can't seem to find the "
                          "page you're looking for.</p>", title="Page Not Found | Journal")))),
         about="en: title 'Page Not Found | Journal'"),
]

# --------------------------------------------------------------------------- parked domains

PARKED_PATH = "/research/project.html"


def parked(name: str, body: Callable[[str], bytes], about: str, *,
           lander: bool = False) -> Site:
    """A parked domain: every path answers the parking page (or goes to /lander first)."""
    if lander:
        answer = routes({"/lander": lambda t, h: ok(body(h))}, fixed(moved(302, "/lander")))
    else:
        def answer(t: str, h: str) -> Answer:
            return ok(body(h))
    return Site(name, "parked", PARKED_PATH, answer, about=about)


def related(host: str, terms: list[str]) -> str:
    return "".join(f'<li><a href="/?q={quote(t)}&amp;dp=1">{t}</a></li>' for t in terms)


TERMS = ["Cheap Flights", "Car Insurance", "Online Degrees", "Credit Cards", "Web Hosting",
         "Mortgage Rates", "Dating Sites", "Cloud Storage"]

PARKED = [
    parked("sedo", lambda h: page(h, f"<h1>{h}</h1><ul>{related(h, TERMS)}</ul>"
                                  f"<p>This domain may be for sale. <a href='https://sedo.com/"
                                  f"search/details/?domain={h}'>Buy</a></p>",
                                  head='<script src="//img.sedoparking.com/js/jquery.js">'
                                       "</script>"), "Sedo: sedoparking script, for-sale line"),
    parked("bodis", lambda h: page(h, '<div id="target"></div>',
                                   head='<script src="https://www.google.com/adsense/domains/'
                                        'caf.js"></script><script src="/js/lander.js"></script>'),
           "Bodis: 302 to /lander, AdSense-for-domains loader", lander=True),
    parked("parkingcrew", lambda h: page(h, '<div id="c"></div><script>var pc_domain="' + h
                                         + '";</script><script src="https://www.parkingcrew.net/'
                                         'assets/scripts/js3.js"></script>'),
           "ParkingCrew script"),
    parked("dan.com", lambda h: page(f"{h} is for sale", f"<h1>The domain name {h} is for sale"
                                     "</h1><p>Buy now for $2,495 or make an offer. Secure "
                                     "transfer, buyer protection.</p>"),
           "Dan.com style: 'The domain name … is for sale'"),
    parked("afternic", lambda h: page(h, f"<h1>{h}</h1><h2>Get this domain</h2><p>Own it "
                                      "today for $1,999, or select Lease to Own.</p><p>Make an "
                                      "offer</p>"), "Afternic/GoDaddy: 'Get this domain'"),
    parked("godaddy free", lambda h: page(h, "<p>This Web page is parked FREE, courtesy of "
                                          "GoDaddy.com.</p><ul>" + related(h, TERMS) + "</ul>"),
           "GoDaddy 'parked FREE'"),
    parked("buy this domain", lambda h: page(h, f"<h1>Buy this domain</h1><p>{h}</p>"),
           "short 'Buy this domain'"),
    parked("js to sales page", lambda h: page(h, "<script>window.location.href = "
                                              f"'https://www.dynadot.com/market/user-listings/"
                                              f"{h}';</script>"),
           "window.location.href to a marketplace listing naming the domain"),
    parked("iframe parking", lambda h: page(h, f'<iframe src="https://park.above.com/?d={h}" '
                                            'width="100%" height="100%" frameborder="0">'
                                            "</iframe>"),
           "frame filled by a parking host"),
    parked("ads only", lambda h: page(h, f"<h1>{h}</h1><h2>Related Searches</h2><ul>"
                                      + related(h, TERMS) + "</ul><p>Privacy Policy</p>"),
           "a short page of sponsored 'related searches' links only"),
    parked("de for sale", lambda h: page(h, f"<h1>{h}</h1><p>Diese Domain steht zum Verkauf."
                                         "</p><p>Jetzt Preis anfragen.</p>", lang="de"),
           "de: 'Diese Domain steht zum Verkauf'"),
    parked("es for sale", lambda h: page(h, f"<h1>{h}</h1><p>Este dominio está en venta.</p>"
                                         "<p>Haga una oferta.</p>", lang="es"),
           "es: 'Este dominio está en venta'"),
    parked("pt for sale", lambda h: page(h, f"<h1>{h}</h1><p>Este domínio está à venda!</p>",
                                         lang="pt"), "pt: 'Este domínio está à venda'"),
    parked("one sign, every path", lambda h: page("Welcome", "<h1>Welcome</h1><p>Domain for "
                                                  "sale. Contact the owner.</p>"),
           "a single for-sale line under a plain title; the same page at every path"),
    parked("fr for sale", lambda h: page(h, f"<h1>{h}</h1><p>Ce nom de domaine est à vendre."
                                         "</p>", lang="fr"), "fr: 'Ce nom de domaine est à vendre'"),
]

# --------------------------------------------------------------------------- genuine pages


def genuine(name: str, path: str, table: dict[str, Callable[[str, str], Answer]],
            fallback: Callable[[str, str], Answer] = fixed(NOT_FOUND_404), *,
            title: str | None = None, about: str = "") -> Site:
    return Site(name, "genuine", path, routes(table, fallback), title=title, about=about)


SOFT_MISS = fixed(ok(template("Beispiel Verlag", "<h2>Nichts da</h2>",
                              title="Seite nicht gefunden – Beispiel Verlag", lang="de")))
LOST_CITIES = "Not Found: The Lost Cities of the Amazon"
SOFT_SEO = "Soft 404 errors: what they are and how to fix them"
JA_404 = "404エラーとは？原因と対処法をわかりやすく解説"
PARKING_STUDY = "Parked Domains and Typosquatting: A Measurement Study"
PNF_BOOK = "Page Not Found: Error Messages and Web Design, 1995–2005"
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n" * 20)


def news_article(slug_seed: int) -> Callable[[str, str], Answer]:
    inner = "<article><h2>Harbour census counts record arrivals</h2>" + paragraphs(slug_seed, 700) \
        + "</article>"
    return fixed(ok(template("The Coastal Herald", inner)))


def cms_alias(target: str, host: str) -> Answer:
    """A legacy CMS: /index.php?…&alias=<slug> is the article, or its 'not found' page."""
    alias = target.rpartition("alias=")[2]
    if alias == "annual-report-2019":
        return ok(article("Ministry", 54, "Annual report 2019", chars=2500))
    return ok(page("Ministry", "<h1>Article not found</h1>"))


GENUINE = [
    genuine("about 404 errors", "/blog/soft-404-errors", {
        "/blog/soft-404-errors": fixed(ok(article("SEO Weekly", 31, SOFT_SEO) .replace(
            b"<h1>", b"<p>A page not found error tells a visitor the page is gone; a soft 404 "
            b"says Page Not Found with status 200.</p><h1>")))},
            title=SOFT_SEO, about="an article that discusses 404 errors"),
    genuine("Not Found: lost cities", "/features/lost-cities", {
        "/features/lost-cities": fixed(ok(article("History Magazine", 32, LOST_CITIES)))},
            title=LOST_CITIES, about="title 'Not Found: The Lost Cities of …'"),
    genuine("Not Found, no citation title", "/features/lost-cities", {
        "/features/lost-cities": fixed(ok(article("History Magazine", 32, LOST_CITIES)))},
            about="the same page cited without a title"),
    genuine("Not Found: lost cities, short, subtitle cited", "/features/lost-cities-brief", {
        "/features/lost-cities-brief": fixed(ok(article("History Magazine", 52, LOST_CITIES,
                                                        chars=200)))},
            title="The Lost Cities of the Amazon",
            about="a short page titled 'Not Found: The Lost Cities …', cited by its subtitle"),
    genuine("template real page", "/stories/2018/04/harbour-census", {
        "/": fixed(ok(home("Herald", 17))),
        "/stories/2018/04/harbour-census": news_article(33)},
            removed_notice("The Coastal Herald", "Content unavailable",
                           "The item you are trying to view has been removed or has expired."),
            about="site-wide title and template; the probe's page shares most markup"),
    genuine("slug is the title, soft-404 site", "/stories/2018/04/harbour-census-counts-"
            "record-arrivals", {
                "/stories/2018/04/harbour-census-counts-record-arrivals": news_article(47)},
            removed_notice("The Coastal Herald", "Content unavailable",
                           "The item you are trying to view has been removed or has expired."),
            title="Harbour census counts record arrivals",
            about="a real article whose address spells its cited title, on a site-wide template"),
    genuine("short brief, templated 404", "/world/2016/05/port-opens", {
        "/world/2016/05/port-opens": fixed(ok(template("The Morning Post", "<h2>Port opens new "
                                                        "terminal</h2><p>" + prose(45, 260)
                                                        + "</p>")))},
            TEMPLATE_404("The Morning Post"),
            about="a short real news brief; the site's 404 page shares its template"),
    genuine("brief: service no longer available", "/local/2016/05/bus-service", {
        "/local/2016/05/bus-service": fixed(ok(template(
            "The Morning Post", "<h2>Rural bus service no longer available</h2><p>The council "
            "said the evening service is no longer available after the budget was cut, and "
            "the timetable has been withdrawn.</p>")))},
            TEMPLATE_404("The Morning Post"),
            about="a short real brief whose words say 'no longer available', 'withdrawn'"),
    genuine("withdrawn paper, templated 404", "/doi/10.1000/xyz", {
        "/doi/10.1000/xyz": fixed(ok(template("Journal Site", "<h2>A study of X</h2><p>This "
                                              "article has been withdrawn at the request of "
                                              "the authors.</p>")))},
            TEMPLATE_404("Journal Site"),
            about="a retracted paper's live landing page: 'withdrawn at the request of …'"),
    genuine("geo-blocked video, templated 404", "/video/interview-1", {
        "/video/interview-1": fixed(ok(template("Broadcaster", "<h2>Interview with the "
                                                "minister</h2><p>This video is not available "
                                                "in your region.</p>")))},
            TEMPLATE_404("Broadcaster"), about="a video blocked in one country, live elsewhere"),
    genuine("embargoed data, templated 404", "/record/ocean-temps", {
        "/record/ocean-temps": fixed(ok(template("Data Repository", "<h2>Ocean temps 1990-2000"
                                                 "</h2><p>The data files for this record are "
                                                 "unavailable until 2026-01-01 (embargo).</p>")))},
            TEMPLATE_404("Data Repository"), about="a dataset's landing page under embargo"),
    genuine("CMS serves articles at /index.php?alias=", "/publications/annual-report-2019", {
        "/index.php": cms_alias},
            lambda t, h: moved(301, "/index.php?option=com_content&view=article&alias="
                               + urlsplit(t).path.rstrip("/").rsplit("/", 1)[-1]),
            about="every pretty path 301 to /index.php?alias=…; a missing alias: 'Article not "
                  "found' at that one path"),
    genuine("consent wall (/zustimmung)", "/politik/2020-01/artikel", {
        "/zustimmung": fixed(ok(template("Zeit Beispiel", "<h1>Lesen Sie mit Werbung oder im "
                                         "Abo</h1><p>" + prose(53, 900) + "</p><button>"
                                         "Zustimmen</button>", lang="de")))},
            lambda t, h: moved(302, "/zustimmung?url=" + quote(urlsplit(t).path, safe="")),
            about="every path 302 to a consent page (/zustimmung?url=…)"),
    genuine("members-only site", "/wiki/field-notes-2019", {
        "/login": fixed(ok(template("Lab Wiki", "<h1>Sign in</h1><form><input name=u>"
                                    "<input type=password name=p></form>")))},
            lambda t, h: moved(302, "/login?next=" + quote(urlsplit(t).path, safe="")),
            about="every path, real or not, 302 to the sign-in page"),
    genuine("personal page, related links", "/~smith/", {
        "/~smith/": lambda t, h: ok(page(h, f"<h1>{h}</h1><p>J. Smith, hydrologist.</p>"
                                         "<h2>Related Links</h2><ul><li><a href='https://"
                                         "www.example.org/'>Hydrology Society</a></li><li><a "
                                         "href='/~smith/papers.html'>Papers</a></li><li><a "
                                         "href='https://data.example.net/'>River data</a></li>"
                                         "</ul>"))},
            about="a short home page titled by its host, with a 'Related Links' list"),
    genuine("tiny brief, soft-404 template", "/stories/2018/04/ferry-times", {
        "/": fixed(ok(home("Herald", 17))),
        "/stories/2018/04/ferry-times": fixed(ok(template(
            "The Coastal Herald", "<h2>Ferry times change</h2><p>Winter ferry times start "
            "on 3 November; the last boat leaves at 18:40.</p>")))},
            removed_notice("The Coastal Herald", "Content unavailable",
                           "The item you are trying to view has been removed or has expired."),
            about="a two-line brief under a site-wide title; missing paths a 200 notice"),
    genuine("forward to new address", "/old/report-2019", {
        "/old/report-2019": fixed(ok(page("Moved", "<p>This report has moved.</p>",
                                          head='<meta http-equiv="refresh" content="0; '
                                               'url=/reports/2019/annual">'))),
        "/reports/2019/annual": fixed(ok(article("Agency", 46, "Annual report 2019")))},
            about="a meta refresh to the page's new address on the same site"),
    genuine("honest 404 site", "/papers/river-basin", {
        "/papers/river-basin": fixed(ok(article("Hydro Lab", 34, "River basin survey")))},
            about="missing paths answer 404"),
    genuine("soft-404 site, real page", "/artikel/flussgebiet", {
        "/artikel/flussgebiet": fixed(ok(template(
            "Beispiel Verlag", "<h1>Flussgebiet</h1>" + paragraphs(35, 900),
            title="Flussgebiet – Beispiel Verlag", lang="de")))}, SOFT_MISS,
            about="a real page on a site whose missing paths are soft-404s"),
    genuine("home-redirect site, real page", "/reports/annual-2020", {
        "/": fixed(ok(home("Agency", 36))),
        "/reports/annual-2020": fixed(ok(article("Agency", 36, "Annual report 2020")))},
            fixed(moved(302, "/")), about="missing paths go home; this page exists"),
    genuine("home page cited by its language path", "/en/", {
        "/": fixed(ok(home("World Agency", 57))), "/en/": fixed(moved(301, "/"))},
            fixed(moved(301, "/")),
            about="/en/ 301 to / (the home page in the reader's language); missing paths go "
                  "home too"),
    genuine("trailing slash", "/docs/guide", {
        "/docs/guide": fixed(moved(301, "/docs/guide/")),
        "/docs/guide/": fixed(ok(article("Docs", 37, "User guide")))},
            fixed(moved(301, "/")), about="301 to the same path with a slash"),
    genuine("canonical redirect", "/a/5", {
        "/a/5": fixed(moved(302, "/articles/5-coastal-erosion")),
        "/articles/5-coastal-erosion": fixed(ok(article("Coast", 38, "Coastal erosion")))},
            about="302 to the canonical URL on the same site"),
    genuine("index to root", "/index.html", {
        "/index.html": fixed(moved(301, "/")), "/": fixed(ok(home("Project", 39)))},
            about="the cited home page's file name 301 to /"),
    genuine("dataset landing", "/record/88412", {
        "/record/88412": fixed(ok(page("Ocean temperature grid 1990–2020 | Data Repository",
                                       "<h1>Ocean temperature grid 1990–2020</h1><p>NetCDF, 2.1 "
                                       "GB. DOI 10.5281/zenodo.88412.</p><a href='/f.nc'>"
                                       "Download</a>")))},
            title="Ocean temperature grid 1990-2020", about="a short dataset landing page"),
    genuine("dataset on soft site", "/record/77", {
        "/record/77": fixed(ok(page("Rainfall stations 1950–2000 | Data", "<h1>Rainfall "
                                    "stations</h1><p>CSV, 40 MB.</p>")))},
            fixed(ok(page("Data", "<h1>Oops, nothing here</h1>"))),
            about="a short page on a site with 200 for missing paths"),
    genuine("domain-sales article", "/2021/why-this-domain-is-for-sale", {
        "/2021/why-this-domain-is-for-sale": fixed(ok(article(
            "Domain Insider", 40, "Why “this domain is for sale” pages still pay").replace(
            b"<h1>", b"<p>Parking firms such as Sedo (sedoparking.com) and Bodis show "
            b"'Buy this domain' banners; see <a href='https://www.parkingcrew.net/'>"
            b"ParkingCrew</a>.</p><h1>")))},
            about="an article about domain sales and parking"),
    genuine("parking study", "/papers/parked-domains", {
        "/papers/parked-domains": fixed(ok(article("Security Lab", 41, PARKING_STUDY)))},
            title=PARKING_STUDY, about="an academic page titled 'Parked Domains …'"),
    genuine("parking study, no title", "/papers/parked-domains", {
        "/papers/parked-domains": fixed(ok(article("Security Lab", 41, PARKING_STUDY)))},
            about="the same cited without a title"),
    genuine("japanese", "/rekishi/tokyo", {
        "/rekishi/tokyo": fixed(ok(page("東京の歴史 | 例サイト", "<h1>東京の歴史</h1><p>"
                                        + "江戸時代から現代までの東京の歴史を紹介します。" * 20
                                        + "</p>", lang="ja")))}, about="a Japanese page"),
    genuine("japanese 404 article", "/seo/404-error", {
        "/seo/404-error": fixed(ok(page(JA_404 + " | ウェブ講座", f"<h1>{JA_404}</h1><p>"
                                        + "ページが見つからない場合の原因を説明します。" * 15
                                        + "</p>", lang="ja")))},
            title=JA_404, about="a Japanese article titled '404エラーとは？…'"),
    genuine("russian", "/stati/istoriya", {
        "/stati/istoriya": fixed(ok(page("История города — Пример", "<h1>История города</h1>"
                                         "<p>" + "Город был основан в XII веке. " * 30 + "</p>"
                                         "<aside><h3>Поиск</h3><p>Ничего не найдено</p></aside>",
                                         lang="ru")))}, about="a Russian page"),
    genuine("headline ends 'not found'", "/news/2014/mh370-debris", {
        "/news/2014/mh370-debris": fixed(ok(article("World News", 48, "MH370 debris not found",
                                                    chars=3000)))},
            about="a long news article whose headline ends in 'not found'"),
    genuine("headline ends 'nicht gefunden'", "/inland/wanderer-100", {
        "/inland/wanderer-100": fixed(ok(article("tagesschau.de", 49, "Vermisster Wanderer "
                                                 "nicht gefunden", chars=3000, lang="de")))},
            about="a long German news article: '… nicht gefunden | tagesschau.de'"),
    genuine("headline 'video was removed'", "/news/2021/why-video-removed", {
        "/news/2021/why-video-removed": fixed(ok(article(
            "The Herald", 50, "Why the viral video was removed", chars=3000)))},
            TEMPLATE_404("The Herald"),
            about="a long article headlined 'Why the viral video was removed'; templated 404"),
    genuine("book 'Page Not Found', no citation title", "/books/pnf", {
        "/books/pnf": fixed(ok(article("University Press", 51, "Page Not Found",
                                       chars=3000)))}, TEMPLATE_404("University Press"),
            about="a long book page titled 'Page Not Found | …', cited without a title"),
    genuine("estate agent's report, for-sale buttons", "/news/market-report-2023", {
        "/news/market-report-2023": fixed(ok(article("Example Realty", 55, "Market report 2023",
                                                     chars=3000).replace(
            b"</body>", b"<button onclick=\"window.location.href='/homes-for-sale/'\">Homes"
            b"</button><div data-location=\"/marketplace/\">Marketplace</div></body>")))},
            about="a long page whose buttons jump to /homes-for-sale/ and /marketplace/"),
    genuine("script from a host ending in dan.com", "/travel/petra", {
        "/travel/petra": fixed(ok(article("Travel Notes", 56, "Three days in Petra",
                                          chars=1500).replace(
            b"</head>", b"<script src='https://cdn.visitjordan.com/app.js'></script>"
                        b"<script src='https://static.kasav.com/x.js'></script></head>")))},
            about="scripts from cdn.visitjordan.com and static.kasav.com (not dan.com, sav.com)"),
    genuine("short abstract on domain parking", "/conference/sec14/alrwais", {
        "/conference/sec14/alrwais": fixed(ok(page(
            "Understanding the Dark Side of Domain Parking | USENIX",
            "<h1>Understanding the Dark Side of Domain Parking</h1><p>Authors: S. Alrwais et "
            "al.</p><h2>Abstract</h2><p>Domain parking is a booming business with millions of "
            "dollars in revenues. We report the first study of how parking services monetize "
            "traffic and whether they defraud advertisers.</p>")))},
            about="a short abstract page: 'Domain parking is …', cited without a title"),
    genuine("bookshop: rare copy for sale", "/shop/darwin-first-edition", {
        "/shop/darwin-first-edition": fixed(ok(page(
            "First edition Darwin | Old Books", "<h1>First edition Darwin</h1><p>This rare copy "
            "is for sale! Contact us.</p>")))},
            about="a short shop page: 'This rare copy is for sale!'"),
    genuine("travel note naming visitjordan.com", "/blog/travel", {
        "/blog/travel": fixed(ok(page("Travel notes", "<h1>Travel notes</h1><p>We booked "
                                      "through visitjordan.com and it went well.</p>")))},
            about="a short page naming visitjordan.com (not dan.com)"),
    genuine("pdf", "/files/paper.pdf", {
        "/files/paper.pdf": fixed(ok(PDF, "application/pdf"))}, about="a PDF"),
    genuine("title matches citation", "/books/page-not-found", {
        "/books/page-not-found": fixed(ok(article("University Press", 42, PNF_BOOK)))},
            title=PNF_BOOK, about="a book page titled 'Page Not Found: …'"),
    genuine("real search page", "/search?q=climate", {
        "/search": fixed(ok(template("Library", "<h1>Search</h1><ol>" + "".join(
            f"<li>{prose(50 + i, 120)}</li>" for i in range(10)) + "</ol>", title="Search")))},
            about="a cited search with results"),
    genuine("shop available", "/product/kettle-3000", {
        "/product/kettle-3000": fixed(ok(template(
            "Acme Shop", "<h1>Kettle 3000</h1><p>In stock. €49.</p>" + paragraphs(43, 500),
            title="Kettle 3000 | Acme Shop")))},
            removed_notice("Acme Shop", "Sorry, this product is no longer available",
                           "Browse similar products in our catalogue."),
            about="an available product on the shop that answers discontinued ones with 200"),
    genuine("gated paper, honest 404", "/papers/901", {
        "/papers/901": fixed(moved(302, "/login?next=%2Fpapers%2F901")),
        "/login": fixed(ok(template("Portal", "<h1>Sign in</h1><form></form>")))},
            about="a real paper behind a login; missing paths 404"),
    genuine("page with scripts", "/app/report", {
        "/app/report": fixed(ok(page("Quarterly report | Atlas", "<h1>Quarterly report</h1>"
                                     + paragraphs(44, 900) + '<script src="/js/app.js">'
                                     '</script>')))},
            fixed(ok(SPA)), about="server-rendered page on a site whose other paths are a shell"),
]

SITES: list[Site] = SOFT_404 + PARKED + GENUINE


# --------------------------------------------------------------------------- servers


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _SiteServer

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _answer(self) -> None:
        status, headers, body = self.server.site.answer(self.path, self.headers.get("Host", ""))
        self.send_response(status)
        for name, value in {"Content-Length": str(len(body)), **headers}.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_HEAD = _answer


class _SiteServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, site: Site) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.site = site


@contextmanager
def serving(sites: list[Site]) -> Iterator[list[int]]:
    """One loopback server per site for the block; every one stopped after it."""
    servers: list[_SiteServer] = []
    threads: list[threading.Thread] = []
    try:
        for site in sites:
            server = _SiteServer(site)
            servers.append(server)
            thread = threading.Thread(target=server.serve_forever,
                                      kwargs={"poll_interval": 0.05}, daemon=True)
            thread.start()
            threads.append(thread)
        yield [s.server_address[1] for s in servers]
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
        for thread in threads:
            thread.join(timeout=5)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------- the run


@dataclass(frozen=True)
class Outcome:
    site: Site
    url: str
    status: str
    evidence: str

    @property
    def right(self) -> bool:
        if self.site.kind == "genuine":  # a false alarm: rot said of a live page
            return self.status not in ("soft-404", "parked", "dead")
        return self.status == self.site.kind


async def check_sites(sites: list[Site], ports: list[int], cache_dir: Path) -> list[Outcome]:
    sys.path.insert(0, str(ROOT))
    from citecheck.config import RunOptions, Settings, running
    from citecheck.links import LinkTarget, run_link_stage
    from citecheck.net import HttpLayer

    nowhere = f"http://127.0.0.1:{closed_port()}"  # closed: nothing leaves the machine
    settings = Settings(cache_dir=cache_dir, cdx_url=f"{nowhere}/cdx",
                        wayback_url=f"{nowhere}/available", memento_url=f"{nowhere}/timemap",
                        connect_timeout=2.0, read_timeout=2.0, deadline=5.0, retries=0)
    urls = [f"http://127.0.0.1:{port}{site.path}" for site, port in zip(sites, ports)]
    targets = [LinkTarget(url, n + 1, f"e{n}") for n, url in enumerate(urls)]
    cited = {f"e{n}": SimpleNamespace(fields=SimpleNamespace(title=s.title, urldate=None,
                                                              year=None))
             for n, s in enumerate(sites)}
    async with HttpLayer(settings) as layer:
        with running(RunOptions(refresh=True, max_time=60)):
            stage = await run_link_stage(targets, layer, settings, cited=cited)
    return [Outcome(site, url, c.status, c.evidence)
            for site, url, c in zip(sites, urls, stage.checks)]


def run_lab(sites: list[Site]) -> list[Outcome]:
    """Serve *sites* on loopback, check their cited URLs, stop the servers."""
    with tempfile.TemporaryDirectory(prefix="pages-lab-") as tmp, serving(sites) as ports:
        return asyncio.run(check_sites(sites, ports, Path(tmp)))


def summary(outcomes: list[Outcome]) -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    for kind in ("soft-404", "parked", "genuine"):
        mine = [o for o in outcomes if o.site.kind == kind]
        out[kind] = (sum(o.right for o in mine), len(mine))
    return out


def write_results(outcomes: list[Outcome], wall: float, path: Path) -> None:
    s = summary(outcomes)
    lines = [
        "# Soft-404 and parked-domain lab",
        "",
        "`python bench/pages_lab.py`: every site a loopback server (127.0.0.1, one port each),",
        "the cited URLs checked by the link stage (`links.run_link_stage`, archive endpoints at a",
        "closed loopback port), with the citation's title where the lab gives one.",
        "",
        "| class | right | total |",
        "|---|---|---|",
        f"| soft-404 detected | {s['soft-404'][0]} | {s['soft-404'][1]} |",
        f"| parked detected | {s['parked'][0]} | {s['parked'][1]} |",
        f"| genuine kept working (no false alarm) | {s['genuine'][0]} | {s['genuine'][1]} |",
        "",
        f"Wall time {wall:.2f} s.",
        "",
        "| class | site | imitates | cited title | status | evidence |",
        "|---|---|---|---|---|---|",
    ]
    for o in outcomes:
        mark = "" if o.right else " **✗**"
        ev = o.evidence.replace("|", "\\|").replace("\n", " ")
        ev = ev.replace(o.url.rsplit(o.site.path, 1)[0], "")  # the port says nothing
        ev = re.sub(r"(citecheck-no-such-page-)[0-9a-f]{12}", r"\1…", ev)  # nor its digest
        ev = re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1:PORT", ev)
        lines.append(f"| {o.site.kind} | {o.site.name} | {o.site.about} | "
                     f"{'yes' if o.site.title else ''} | {o.status}{mark} | {ev[:220]} |")
    path.write_text("\n".join(lines) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args()
    started = time.perf_counter()
    outcomes = run_lab(SITES)
    wall = time.perf_counter() - started
    write_results(outcomes, wall, args.out)
    for kind, (right, total) in summary(outcomes).items():
        print(f"{kind:9} {right}/{total}")
    for o in outcomes:
        if not o.right:
            print(f"  ✗ {o.site.kind:8} {o.site.name:30} {o.status:10} {o.evidence[:150]}")
    print(f"wall {wall:.2f} s -> {args.out}")


if __name__ == "__main__":
    main()
