"""End to end: the ``citecheck`` command on a document, every outside service on loopback.

The chain under test is the product's: ``citecheck report`` reads a text
document, repairs it, finds the bibliography and the footnote markers,
parses the entries, checks the cited links (and looks dead ones up in the
Wayback Machine), resolves the entries against the catalogues and renders
JSON/HTML; ``export --enrich --archive-urls`` and ``fix`` write what a user
takes away. Nothing is faked inside citecheck: the services it calls are
real HTTP servers on 127.0.0.1 (``tests/loopback.py``) configured through
citecheck's own settings (``CITECHECK_*_URL``), answering with real recorded
responses (``tests/standins.py``, ``tests/fixtures``). So the works the
document cites, and the identifiers asserted, are real ones.

The document is written here, pdftotext-style: chapters with footnote
markers, a form feed before the bibliography, an ``ﬀ`` ligature and the
stray ``ϐ`` glyph pdftotext leaves for an f. Its bibliography cites works
in the fixtures (one author misspelt), one work in none of them, and three
pages of a loopback web site: one there, one gone (404, with Wayback
captures), one a "not found" page served with 200.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from loopback import Handler, LoopbackServer, closed_port, serve
from standins import ARCHIVES, ArchiveStandIn, as_loopback, catalogue_routes, load, no_timemap

from citecheck.cli import main
from citecheck.config import ENV

# The cited works, as the fixture records give them (see the PROVENANCE.md files).
SKARLINSKI_DOI = "10.1063/1.4938384"  # Crossref + OpenAlex: Skarlinski & Quesnel 2015
SADASIVAN_DOI = "10.1371/journal.pone.0033693"  # Crossref singleton: PLoS ONE 7(3) e33693
SHAPIRO_ISBN = "9781761186769"  # Google Books volume iEGqEAAAQBAJ
TIME_WAR_WORK = "OL20639540W"  # Open Library search doc, El-Mohtar & Gladstone 2019
CDX_ROWS = load(ARCHIVES / "cdx-example.json")  # three 1997 captures recorded by the IA README
# the capture closest before the dead link's citation (2016): the newest of the three
DEAD_CAPTURE = max(row[1] for row in CDX_ROWS[1:])

# --------------------------------------------------------------------------- the web site

OK_PAGE = b"""<!doctype html><html><head><title>Annual Report 2014 - Harbour Trust</title></head>
<body><h1>Annual Report 2014</h1><p>Water quality, dredging and moorings in the harbour
during 2014, with tables of monthly salinity readings.</p></body></html>"""
GONE_PAGE = b"<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>"
SOFT_404_PAGE = b"""<!doctype html><html><head><title>Page not found | Estuary Project</title>
</head><body><h1>Sorry, we couldn't find that page</h1><p>Try the search box.</p></body></html>"""
ARCHIVED_SURVEY = """<!doctype html><html><head><title>Estuary Survey Data, 2010-2014</title>
</head><body><h1>Estuary Survey Data, 2010-2014</h1><p>Monthly salinity and temperature
profiles from twelve stations, as comma-separated files.</p></body></html>"""


def _page(status: int, body: bytes) -> Any:
    def route(h: Handler) -> None:
        h.reply(status, body)
    return route


WEB_ROUTES = {
    "/reports/2014.html": _page(200, OK_PAGE),
    "/data/estuary-survey": _page(404, GONE_PAGE),
    "/notes/methods": _page(200, SOFT_404_PAGE),
}

# --------------------------------------------------------------------------- the document


def document(web: str) -> str:
    """A pdftotext-style chapter text and its bibliography, citing ``web``'s pages."""
    return f"""Copper, Time and Tides: Notes on a Reading List

Chapter 1

Studies of copper thin films have shown that native oxide layers change the
way a film stretches and breaks under load.1 The same questions of method come
up in pharmacology, where the eﬀect of exposure is measured in mice over weeks
and months.2 Fiction has its own way of treating time and letters sent across
it, and the ϐirst novel on this list is a good example.3 A recent novel about
distance running shows the same patience with long efforts.4

Chapter 2

Estuary studies remain mostly unpublished, and the survey data once posted
online is the only public trace of the work.1 The harbour trust publishes an
annual report that describes the same waters.2 The project's methods page is
at {web}/notes/methods and was last updated in 2016.3
\f
References

El-Mohtar, Amal & Gladstone, Max, This Is How You Lose the Time War, Simon and
Schuster, New York 2019.

Harbour Trust, “Annual Report 2014”, {web}/reports/2014.html,
accessed 12 March 2016.

Okafor, Chidi, “Estuary Survey Data, 2010-2014”, {web}/data/estuary-survey,
accessed 3 May 2016.

Okafor, Chidi, Tidal Mixing in Small Estuaries, Harbour Lane Press, Bristol 2009.

Sadasivan, Shankar, Pond, Brooks B., Pani, Amar K., et al., “Methylphenidate
Exposure Induces Dopamine Neuron Loss and Activation of Microglia in the Basal
Ganglia of Mice”, PLoS ONE, vol. 7, no. 3, 2012, e33693.

Shapiro, Josie, Everything is Beautiful and Everything Hurts, Allen & Unwin,
Sydney 2023.

Skarlinsky, Michael D. & Quesnel, David J., “Effect of native oxide layers on
copper thin-ϐilm tensile properties: A reactive molecular dynamics study”,
Journal of Applied Physics, vol. 118, no. 23, 2015.
"""


# --------------------------------------------------------------------------- the world


@dataclass
class World:
    """The stand-in servers, the document and the environment that points citecheck at them."""

    home: Path
    doc: Path
    web: str
    servers: dict[str, LoopbackServer]
    env: dict[str, str] = field(default_factory=dict)

    def requests(self) -> dict[str, int]:
        """Requests each stand-in has answered so far (counted by the server)."""
        return {name: sum(s.hits.values()) for name, s in self.servers.items()}

    def run(self, *argv: str | Path, cwd: Path | None = None, **env: str) -> int:
        """``citecheck ARGV`` in this process, configured by the environment (plus ``env``)
        and by a ``citecheck.toml`` in ``cwd``, if there is one."""
        with pytest.MonkeyPatch.context() as mp:
            for var in ENV:
                mp.delenv(var, raising=False)
            for var, value in (self.env | env).items():
                mp.setenv(var, value)
            mp.chdir(cwd or self.home)  # never the repo's own pyproject.toml settings
            return main([str(a) for a in argv] + ["--quiet"])


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    home = tmp_path_factory.mktemp("e2e")
    with ExitStack() as stack:
        web = stack.enter_context(serve(WEB_ROUTES))
        web_url = f"http://127.0.0.1:{web.port}"
        dead_url = f"{web_url}/data/estuary-survey"
        archive = ArchiveStandIn({dead_url: CDX_ROWS}, {dead_url: ARCHIVED_SURVEY})
        servers = {"web": web, "archive": stack.enter_context(serve({}, fallback=archive.handle)),
                   "memento": stack.enter_context(serve({}, fallback=no_timemap))}
        for name, route in catalogue_routes().items():
            servers[name] = stack.enter_context(serve({}, fallback=as_loopback(route)))
        base = {name: f"http://127.0.0.1:{s.port}" for name, s in servers.items()}
        doc = home / "reading-list.txt"
        doc.write_text(document(web_url), encoding="utf-8")
        env = {
            "CITECHECK_CROSSREF_URL": base["crossref"],
            "CITECHECK_OPENALEX_URL": base["openalex"],
            "CITECHECK_OPENALEX_KEY": "e2e-test-key",  # OpenAlex is only asked with a key
            "CITECHECK_OPENLIBRARY_URL": base["openlibrary"],
            "CITECHECK_GOOGLEBOOKS_URL": base["googlebooks"],
            "CITECHECK_LOC_URL": base["loc"],
            "CITECHECK_CDX_URL": base["archive"] + ArchiveStandIn.CDX_PATH,
            "CITECHECK_WAYBACK_URL": base["archive"] + ArchiveStandIn.AVAILABLE_PATH,
            "CITECHECK_MEMENTO_URL": base["memento"] + "/timemap/json",
            "CITECHECK_MAILTO": "e2e@example.org",
            # the stand-ins have no limits: pace nothing, so the test stays fast
            "CITECHECK_RATE_LIMITS": ",".join(
                f"{s}=1000" for s in ("crossref", "openalex", "openlibrary", "googlebooks",
                                      "loc", "doi", "wayback", "cdx", "memento", "web")),
        }
        yield World(home, doc, web_url, servers, env)


@dataclass
class Run:
    code: int
    report: dict[str, Any]
    cache: Path
    requests: dict[str, int]


@pytest.fixture(scope="module")
def first(world: World) -> Run:
    """The first report on a fresh cache: every answer comes from the stand-ins."""
    cache, out = world.home / "cache", world.home / "first.json"
    code = world.run("report", world.doc, "-f", "json", "-o", out, "--fail-on", "dead-links",
                     "--cache-dir", cache, "--timeout", "5")
    return Run(code, json.loads(out.read_text("utf-8")), cache, world.requests())



def by_title(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Entries by the first words of their title (how a reader finds them)."""
    return {" ".join(e["fields"]["title"].split()[:3]): e for e in report["entries"]}


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line containing ``needle``, as ``grep -n`` counts."""
    return next(i for i, line in enumerate(text.split("\n"), start=1) if needle in line)


# --------------------------------------------------------------------------- report --format json


def test_entries_are_found_typed_and_parsed(world: World, first: Run) -> None:
    text = world.doc.read_text("utf-8")
    report = first.report
    # lines as `wc -l` counts them: the form feed starts a page, not a line
    assert report["kind"] == "text" and report["lines"] == text.count("\n")
    [section] = report["bibliography"]["sections"]
    assert section["heading"] == "References"  # after the form feed, on the same line
    assert section["line"] == line_of(text, "References")

    entries = by_title(report)
    assert {t: e["type"] for t, e in entries.items()} == {
        "This Is How": "book",
        "Annual Report 2014": "online",
        "Estuary Survey Data,": "online",
        "Tidal Mixing in": "book",
        "Methylphenidate Exposure Induces": "article",
        "Everything is Beautiful": "book",
        "Effect of native": "article",
    }
    assert all(e["error"] is None for e in report["entries"])
    assert len({e["key"] for e in report["entries"]}) == 7
    for e in report["entries"]:  # line numbers point at the printed entry
        assert e["line"] == line_of(text, e["raw"][:25])

    article = entries["Effect of native"]["fields"]
    assert article["author"] == ["Skarlinsky, Michael D.", "Quesnel, David J."]
    assert article["title"] == ("Effect of native oxide layers on copper thin-film tensile "
                                "properties: A reactive molecular dynamics study")  # ϐ repaired
    assert (article["journal"], article["volume"], article["number"], article["year"]) == (
        "Journal of Applied Physics", "118", "23", "2015")
    book = entries["Everything is Beautiful"]["fields"]
    assert (book["author"], book["publisher"], book["address"], book["year"]) == (
        ["Shapiro, Josie"], "Allen & Unwin", "Sydney", "2023")
    assert entries["Estuary Survey Data,"]["fields"]["url"] == f"{world.web}/data/estuary-survey"


def test_catalogues_verify_the_real_works_and_suggest_the_spelling(first: Run) -> None:
    entries = by_title(first.report)
    skarlinski = entries["Effect of native"]["match"]
    assert skarlinski["verdict"] == "verified"
    assert skarlinski["ids"]["doi"] == SKARLINSKI_DOI
    assert skarlinski["source"] == f"Crossref {SKARLINSKI_DOI}"
    author = [s for s in skarlinski["suggestions"] if s["field"] == "author"]
    assert [(s["current"], s["suggested"]) for s in author] == [
        ("Skarlinsky, Michael D.", "Skarlinski, Michael D.")]

    sadasivan = entries["Methylphenidate Exposure Induces"]["match"]
    assert (sadasivan["verdict"], sadasivan["ids"]["doi"]) == ("verified", SADASIVAN_DOI)
    shapiro = entries["Everything is Beautiful"]["match"]
    assert (shapiro["verdict"], shapiro["ids"]["isbn"]) == ("verified", SHAPIRO_ISBN)
    assert shapiro["source"].startswith("Google Books")  # Open Library has no record of it
    time_war = entries["This Is How"]["match"]
    assert (time_war["verdict"], time_war["ids"]["openlibrary"]) == ("verified", TIME_WAR_WORK)

    unknown = entries["Tidal Mixing in"]["match"]
    assert unknown["verdict"] == "not-found" and unknown["may_not_exist"]
    # said plainly, and neutrally: no catalogue knows it, which is not an accusation
    assert unknown["reason"].startswith("No catalogue knows this work: it may not exist.")
    assert not any(w in unknown["reason"].lower()
                   for w in ("fake", "fabricat", "hallucinat", "invented", "bogus"))
    assert ("Searched: Open Library, Google Books, Library of Congress, Crossref, OpenAlex."
            in unknown["reason"])
    assert [s.split(":")[0] for s in unknown["searched"]] == [
        "Open Library", "Open Library", "Google Books", "Google Books", "Library of Congress",
        "Crossref", "OpenAlex"]

    for title in ("Annual Report 2014", "Estuary Survey Data,"):  # web pages: not looked up
        assert entries[title]["match"]["verdict"] == "unchecked"
        assert "online-only" in entries[title]["match"]["reason"]
    assert "catalogues: 4 verified, 1 not-found, 2 unchecked" in first.report["messages"]


def test_links_are_ok_dead_and_soft_404_with_the_archived_copy(world: World, first: Run) -> None:
    links = {c["url"].removeprefix(world.web): c for c in first.report["links"]}
    assert {path: c["status"] for path, c in links.items()} == {
        "/reports/2014.html": "ok", "/data/estuary-survey": "dead", "/notes/methods": "soft-404"}
    assert first.report["link_summary"] == {"dead": 1, "ok": 1, "soft-404": 1}

    dead = links["/data/estuary-survey"]
    keys = {e["fields"]["title"]: e["key"] for e in first.report["entries"]}
    assert dead["entry"] == keys["Estuary Survey Data, 2010-2014"]
    assert (dead["http_status"], dead["strong"]) == (404, True)  # a 404 is strong at once
    archive_base = world.env["CITECHECK_CDX_URL"].removesuffix(ArchiveStandIn.CDX_PATH)
    snapshot = f"{archive_base}/web/{DEAD_CAPTURE}/{world.web}/data/estuary-survey"
    assert dead["archive"] == {"url": snapshot, "timestamp": DEAD_CAPTURE, "source": "wayback",
                               "status": 200}
    assert dead["suggestion"] == snapshot

    soft = links["/notes/methods"]
    assert soft["entry"] is None  # cited in the running text, not by an entry
    assert soft["line"] == line_of(world.doc.read_text("utf-8"), "/notes/methods")
    assert "Page not found" in soft["evidence"]
    assert soft["archive"] is None  # no capture anywhere: nothing is made up
    assert links["/reports/2014.html"]["archive"] is None
    assert "1 broken link(s) have no archived copy to suggest" in first.report["messages"]


def test_footnotes_and_repairs(world: World, first: Run) -> None:
    notes = first.report["footnotes"]
    assert [(s["title"], [m["number"] for m in s["markers"]]) for s in notes["sections"]] == [
        ("Chapter 1", [1, 2, 3, 4]), ("Chapter 2", [1, 2, 3])]
    assert all(not (s["missing"] or s["repeated"] or s["backward"]) for s in notes["sections"])
    assert notes["notes_found"] is False  # the document has markers but no note texts
    assert notes["message"] in first.report["messages"]

    text = world.doc.read_text("utf-8")
    repairs = {(r["before"], r["after"]): r for r in first.report["repairs"]}
    assert set(repairs) == {("eﬀect", "effect"), ("ϐirst", "first"), ("ϐilm", "film")}
    assert all(r["kind"] == "ligature" and r["applied"] for r in repairs.values())
    assert repairs[("ϐirst", "first")]["line"] == line_of(text, "ϐirst")
    assert repairs[("ϐilm", "film")]["line"] == line_of(text, "ϐilm")  # inside the bibliography
    assert first.report["repair_summary"] == {"counts": {"ligature": 3}, "doubtful": 0}


def test_every_stand_in_was_asked(first: Run) -> None:
    assert all(first.requests[name] > 0 for name in first.requests), first.requests


# --------------------------------------------------------------------------- exit codes, cache


def test_exit_codes_follow_fail_on(world: World, first: Run) -> None:
    assert first.code == 1  # --fail-on dead-links, and a link is dead
    assert world.run("report", world.doc, "-f", "json", "-o", world.home / "none.json",
                     "--fail-on", "none", "--cache-dir", first.cache) == 0
    # the installed program, as CI calls it: a real process exit status
    env = {k: v for k, v in os.environ.items() if k not in ENV} | world.env
    proc = subprocess.run(
        [sys.executable, "-m", "citecheck", "report", str(world.doc), "--fail-on", "dead-links",
         "--cache-dir", str(first.cache), "--quiet"],
        cwd=world.home, env=env, capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 1, proc.stderr
    assert "dead" in proc.stdout


def test_second_run_is_answered_from_the_cache(world: World, first: Run) -> None:
    before = world.requests()
    out = world.home / "second.json"
    code = world.run("report", world.doc, "-f", "json", "-o", out, "--fail-on", "dead-links",
                     "--cache-dir", first.cache)
    assert world.requests() == before  # counted by the servers: not one request
    assert code == first.code
    assert json.loads(out.read_text("utf-8")) == first.report


def test_a_catalogue_that_is_down_leaves_its_entries_unchecked(
    world: World, tmp_path: Path
) -> None:
    # few, quick retries (a config-file setting): the refused connection is the point here
    (tmp_path / "citecheck.toml").write_text("retries = 1\nbackoff_base = 0.01\n", "utf-8")
    out = tmp_path / "down.json"
    world.run("report", world.doc, "-f", "json", "-o", out, "--fail-on", "none",
              "--cache-dir", tmp_path / "cache", cwd=tmp_path,
              CITECHECK_CROSSREF_URL=f"http://127.0.0.1:{closed_port()}")
    report = json.loads(out.read_text("utf-8"))
    entries = by_title(report)
    # OpenAlex, asked next for articles, knows the Skarlinski paper: the same DOI
    skarlinski = entries["Effect of native"]["match"]
    assert (skarlinski["verdict"], skarlinski["ids"]["doi"]) == ("verified", SKARLINSKI_DOI)
    assert skarlinski["source"].startswith("OpenAlex")
    # no catalogue that answered knows these, but Crossref could not be asked: no claim
    for title in ("Methylphenidate Exposure Induces", "Tidal Mixing in"):
        match = entries[title]["match"]
        assert match["verdict"] == "unchecked"
        assert match["reason"].startswith("lookup failed: Crossref")
    # three entries needed Crossref (Skarlinski too, before OpenAlex answered)
    assert any(m.startswith("Crossref: 3 lookup(s) failed") for m in report["messages"])


def test_offline_with_an_empty_cache_claims_nothing(world: World) -> None:
    before = world.requests()
    out = world.home / "offline.json"
    code = world.run("report", world.doc, "-f", "json", "-o", out, "--offline",
                     "--fail-on", "dead-links,not-found", "--cache-dir", world.home / "empty")
    report = json.loads(out.read_text("utf-8"))
    assert world.requests() == before
    assert code == 0
    assert len(report["entries"]) == 7
    assert {c["status"] for c in report["links"]} == {"unchecked"}
    assert {e["match"]["verdict"] for e in report["entries"]} == {"unchecked"}
    assert all(c["archive"] is None for c in report["links"])


# --------------------------------------------------------------------------- export, fix, html


def read_bib(path: Path) -> Any:
    from pybtex.database import parse_string

    return parse_string(path.read_text("utf-8"), "bibtex").entries


def test_export_enriches_and_archives(world: World, first: Run) -> None:
    keys = {" ".join(e["fields"]["title"].split()[:3]): e["key"] for e in first.report["entries"]}
    out = world.home / "out.bib"
    assert world.run("export", world.doc, "--enrich", "--archive-urls", "-o", out,
                     "--cache-dir", world.home / "export-cache") == 0
    bib = read_bib(out)
    assert set(bib) == set(keys.values())
    article = bib[keys["Effect of native"]]
    assert article.fields["doi"] == SKARLINSKI_DOI
    # without --apply-suggestions the document's spelling stays
    assert [p.last_names for p in article.persons["author"]] == [["Skarlinsky"], ["Quesnel"]]
    assert bib[keys["Everything is Beautiful"]].fields["isbn"] == SHAPIRO_ISBN
    assert bib[keys["Methylphenidate Exposure Induces"]].fields["doi"] == SADASIVAN_DOI
    survey = bib[keys["Estuary Survey Data,"]]
    archive_url = f"/web/{DEAD_CAPTURE}/{world.web}/data/estuary-survey"
    assert survey.fields["archiveurl"].endswith(archive_url)
    ts = DEAD_CAPTURE
    assert survey.fields["archivedate"] == f"{ts[:4]}-{ts[4:6]}-{ts[6:8]}"
    assert "Archived copy:" in survey.fields["note"]
    assert "doi" not in bib[keys["Tidal Mixing in"]].fields  # nothing invented for it

    applied = world.home / "applied.bib"
    assert world.run("export", world.doc, "--enrich", "--apply-suggestions", "-o", applied,
                     "--cache-dir", world.home / "export-cache") == 0
    article = read_bib(applied)[keys["Effect of native"]]
    assert [p.last_names for p in article.persons["author"]] == [["Skarlinski"], ["Quesnel"]]
    assert article.fields["doi"] == SKARLINSKI_DOI


def test_fix_writes_corrections_and_leaves_the_input_alone(world: World, first: Run) -> None:
    original = world.doc.read_bytes()
    out = world.home / "fixed.txt"
    assert world.run("fix", world.doc, "-o", out, "--cache-dir", world.home / "fix-cache") == 0
    assert world.doc.read_bytes() == original
    fixed = out.read_text("utf-8")
    assert "Skarlinski, Michael D." in fixed and "Skarlinsky" not in fixed
    assert f"[Archived: http://127.0.0.1:{world.servers['archive'].port}/web/{DEAD_CAPTURE}/" \
           f"{world.web}/data/estuary-survey]" in fixed
    changes = json.loads((world.home / "fixed.txt.changes.json").read_text("utf-8"))
    made = {(c["field"], c["after"]) for c in changes}
    assert ("author", "Skarlinski, Michael D.") in made
    assert ("doi", SKARLINSKI_DOI) in made and ("isbn", SHAPIRO_ISBN) in made
    assert any(field == "archiveurl" for field, _ in made)
    bib = read_bib(world.home / "fixed.bib")
    assert any(e.fields.get("doi") == SKARLINSKI_DOI for e in bib.values())


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.anchors: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.anchors.append(dict(attrs))


def test_html_report_links_the_archived_copy(world: World, first: Run) -> None:
    out = world.home / "report.html"
    assert world.run("report", world.doc, "-f", "html", "-o", out, "--fail-on", "none",
                     "--cache-dir", first.cache) == 0
    parser = _Anchors()
    parser.feed(out.read_text("utf-8"))
    dead = next(c for c in first.report["links"] if c["status"] == "dead")
    assert any(a.get("href") == dead["archive"]["url"] and a.get("class") == "archived"
               for a in parser.anchors)


def test_fix_to_a_bib_named_after_the_input(world: World, tmp_path: Path) -> None:
    """``fix paper.txt -o paper.bib`` writes the .bib; the text beside it would be the input."""
    paper = tmp_path / "paper.txt"
    paper.write_bytes(world.doc.read_bytes())
    out = tmp_path / "paper.bib"
    assert world.run("fix", paper, "-o", out, "--cache-dir", world.home / "fix-cache") == 0
    assert paper.read_bytes() == world.doc.read_bytes()
    entries = read_bib(out)
    assert any(e.fields.get("doi") == SKARLINSKI_DOI for e in entries.values())
    assert (tmp_path / "paper.bib.changes.json").is_file()
    # the user's own -o naming the input is still refused
    assert world.run("fix", paper, "-o", paper, "--cache-dir", world.home / "fix-cache") == 2
    assert paper.read_bytes() == world.doc.read_bytes()
