"""resolve.py: catalogue order per entry type, early stop, failures as `unchecked`,
messages, and enrich_fields — against the shared HTTP layer with a MockTransport
serving real recorded responses."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from citecheck.config import RunOptions, Settings, running
from citecheck.models import Fields, Match, Name, Reference, Suggestion
from citecheck.net import HttpLayer
from citecheck.corrections import enrich_fields
from citecheck.resolve import OPENALEX_SKIPPED, ONLINE_ONLY, resolve_references

FIX = Path(__file__).resolve().parent / "fixtures" / "catalogues"
EMPTY_CROSSREF = "crossref/paperqa__works_query.title_gibberish_nomatch_rows1.body.json"


def load(path: str) -> dict:
    return json.loads((FIX / path).read_text(encoding="utf-8"))


def settings(tmp_path: Path, **kw: object) -> Settings:
    fast = {k: 1000.0 for k in ("crossref", "openalex", "openlibrary", "googlebooks", "loc")}
    return Settings(cache_dir=tmp_path, rate_limits=fast, retries=0, **kw)


ADAK = Reference(
    raw="Adak, S. et al., An essential role …, Mol. Cell. Biochem. 218 (2001) 1-11",
    type="article",
    fields=Fields(
        author=[Name(family="Adak", given="Subrata")],
        title="An essential role of active site arginine residue in iodide binding and histidine "
        "residue in electron transfer for iodide oxidation by horseradish peroxidase",
        journal="Molecular and Cellular Biochemistry", volume="218", year="2001",
    ),
)
TIMEWAR = Reference(
    raw="El-Mohtar, Amal and Gladstone, Max, This Is How You Lose the Time War, 2019.",
    type="book",
    fields=Fields(author=[Name(family="El-Mohtar", given="Amal")],
                  title="This Is How You Lose the Time War", year="2019"),
)
SHAPIRO = Reference(
    raw="Shapiro, Josie, Everything is Beautiful and Everything Hurts, Allen & Unwin 2023.",
    type="book",
    fields=Fields(author=[Name(family="Shapiro", given="Josie")],
                  title="Everything is Beautiful and Everything Hurts", publisher="Allen & Unwin",
                  year="2023"),
)
WEBPAGE = Reference(
    raw="Anarcho, “Lying for Leninism” www.anarchism.ws/writers/anarcho/zinoviev.html",
    type="misc",
    fields=Fields(author=[Name(family="Anarcho")], title="Lying for Leninism",
                  url="http://www.anarchism.ws/writers/anarcho/zinoviev.html"),
)


class Catalogues:
    """Answers like the four catalogues, from real recorded bodies; counts requests per host."""

    def __init__(self, routes: dict[tuple[str, str], tuple[int, object]]) -> None:
        self.routes = routes
        self.seen: list[tuple[str, str]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        key = (request.url.host, request.url.path)
        self.seen.append(key)
        status, body = self.routes.get(key, (404, {}))
        return httpx.Response(status, json=body)

    def hosts(self) -> list[str]:
        return [h for h, _ in self.seen]


async def resolve(refs: list[Reference], s: Settings, cats: Catalogues) -> tuple[list[Match], list[str]]:
    async with HttpLayer(s, transport=httpx.MockTransport(cats)) as http:
        return await resolve_references(refs, http, s)


def crossref_list(*bodies: str) -> dict:
    items = [load(b)["message"] for b in bodies]
    return {"status": "ok", "message-type": "work-list", "message": {"items": items, "total-results": len(items)}}


async def test_article_verified_by_crossref_and_openalex_skipped_once(tmp_path: Path) -> None:
    cats = Catalogues({("api.crossref.org", "/works"): (200, crossref_list(
        "crossref/paperqa__works_query.title_native_oxide_rows1.body.json",  # wrong top hit
        "crossref/paperqa__works_doi_10.1023_a_1007154515475.body.json"))})
    matches, messages = await resolve([ADAK, ADAK], settings(tmp_path), cats)
    assert [m.verdict for m in matches] == ["verified", "verified"]
    assert matches[0].ids["doi"] == "10.1023/a:1007154515475"
    assert messages.count(OPENALEX_SKIPPED) == 1
    assert "api.openalex.org" not in cats.hosts()


async def test_offline_says_nothing_of_openalex_key(tmp_path: Path) -> None:
    # offline, no catalogue is asked: a missing key changes nothing and is not noted
    from citecheck.config import RunOptions, running

    with running(RunOptions(offline=True)):
        _, messages = await resolve([ADAK], settings(tmp_path), Catalogues({}))
    assert OPENALEX_SKIPPED not in messages


async def test_openalex_used_with_a_key(tmp_path: Path) -> None:
    cats = Catalogues({
        ("api.crossref.org", "/works"): (200, load(EMPTY_CROSSREF)),
        ("api.openalex.org", "/works"): (200, {"results": [load("openalex/paperqa__works_doi_10.1023_a_1007154515475.body.json")]}),
    })
    [m], messages = await resolve([ADAK], settings(tmp_path, openalex_key="k"), cats)
    assert m.verdict == "verified" and m.source == "OpenAlex W1554322594"
    assert OPENALEX_SKIPPED not in messages


async def test_book_stops_at_open_library_when_verified(tmp_path: Path) -> None:
    cats = Catalogues({("openlibrary.org", "/search.json"): (200, load("openlibrary/bookwyrm__ol_search.json"))})
    [m], _ = await resolve([TIMEWAR], settings(tmp_path), cats)
    assert m.verdict == "verified" and m.ids["openlibrary"] == "OL20639540W"
    assert set(cats.hosts()) == {"openlibrary.org"}  # Google Books and Crossref not asked


async def test_book_falls_back_to_google_books(tmp_path: Path) -> None:
    cats = Catalogues({
        ("openlibrary.org", "/search.json"): (200, {"numFound": 0, "docs": []}),
        ("www.googleapis.com", "/books/v1/volumes"): (200, load("googlebooks/koder__volumes_q_isbn_9781761186769.json")),
    })
    [m], _ = await resolve([SHAPIRO], settings(tmp_path), cats)
    assert m.verdict == "verified" and m.source == "Google Books iEGqEAAAQBAJ"
    assert ("isbn", None, "9781761186769") in {(s.field, s.current, s.suggested) for s in m.suggestions}


async def test_online_only_not_looked_up(tmp_path: Path) -> None:
    cats = Catalogues({})
    [m], messages = await resolve([WEBPAGE], settings(tmp_path), cats)
    assert m.verdict == "unchecked" and m.reason == ONLINE_ONLY
    assert cats.seen == [] and any("online-only" in msg for msg in messages)


async def test_service_failure_is_unchecked_not_not_found(tmp_path: Path) -> None:
    cats = Catalogues({("api.crossref.org", "/works"): (503, {})})
    [m], messages = await resolve([ADAK], settings(tmp_path), cats)
    assert m.verdict == "unchecked" and "Crossref" in (m.reason or "")
    assert any(msg.startswith("Crossref: 1 lookup(s) failed") for msg in messages)


async def test_offline_without_cache_is_unchecked(tmp_path: Path) -> None:
    cats = Catalogues({})
    with running(RunOptions(offline=True)):
        [m], messages = await resolve([ADAK], settings(tmp_path), cats)
    assert m.verdict == "unchecked" and cats.seen == []
    assert any("offline" in msg for msg in messages)


async def test_not_found_names_the_catalogues_searched(tmp_path: Path) -> None:
    cats = Catalogues({("api.crossref.org", "/works"): (200, load(EMPTY_CROSSREF))})
    [m], _ = await resolve([ADAK], settings(tmp_path), cats)
    assert m.verdict == "not-found" and m.reason.endswith("Searched: Crossref.")


# --------------------------------------------------------------------------- enrich_fields

MATCH = Match(
    verdict="verified", score=0.97, source="Open Library OL1W",
    ids={"openlibrary": "OL1W", "isbn": "9780060273224"},
    suggestions=[
        Suggestion(field="author", current="Coutois, Stephane", suggested="Courtois, Stéphane",
                   source="Open Library OL1W", score=0.97),
        Suggestion(field="publisher", current=None, suggested="Harvard University Press",
                   source="Open Library OL1W", score=0.97),
        Suggestion(field="year", current="1999", suggested="1997", source="Open Library OL1W", score=0.97),
    ],
)
BLACK_BOOK = Reference(raw="…", type="book", fields=Fields(
    author=[Name(family="Coutois", given="Stephane")], title="The Black Book of Communism", year="1999"))


def test_enrich_fills_empty_fields_only() -> None:
    fields, prov = enrich_fields(BLACK_BOOK, MATCH, apply_suggestions=False)
    assert fields.isbn == "9780060273224" and fields.publisher == "Harvard University Press"
    assert fields.year == "1999" and fields.author[0].family == "Coutois"
    assert prov == {"isbn": "Open Library OL1W", "publisher": "Open Library OL1W"}


def test_enrich_applies_corrections_when_asked() -> None:
    fields, prov = enrich_fields(BLACK_BOOK, MATCH, apply_suggestions=True)
    assert fields.author[0] == Name(family="Courtois", given="Stéphane")
    assert fields.year == "1997" and fields.years == ["1997"]
    assert prov["author"] == "Open Library OL1W" and "replaced '1999'" in prov["year"]


def test_enrich_ignores_unverified() -> None:
    probable = MATCH.model_copy(update={"verdict": "probable"})
    assert enrich_fields(BLACK_BOOK, probable, apply_suggestions=True) == (BLACK_BOOK.fields, {})


# --------------------------------------------------------------------------- identifiers, invented


OXIDE_DOI = "10.1063/1.4938384"


async def test_cited_doi_of_another_work_is_reported_with_the_right_one(tmp_path: Path) -> None:
    ref = ADAK.model_copy(update={"fields": ADAK.fields.model_copy(update={"doi": OXIDE_DOI})})
    oxide = load("crossref/paperqa__works_query.title_native_oxide_rows1.body.json")["message"]["items"][0]
    cats = Catalogues({
        ("api.crossref.org", f"/works/{OXIDE_DOI}"): (200, {"status": "ok", "message-type": "work", "message": oxide}),
        ("api.crossref.org", "/works"): (200, crossref_list(
            "crossref/paperqa__works_doi_10.1023_a_1007154515475.body.json")),
    })
    [m], _ = await resolve([ref], settings(tmp_path), cats)
    assert m.verdict == "verified" and m.source == "Crossref 10.1023/a:1007154515475"
    [check] = m.identifiers
    assert (check.field, check.status, check.cited, check.correct) == (
        "doi", "wrong", OXIDE_DOI, "10.1023/a:1007154515475")
    assert m.suggestions[0].field == "doi" and m.suggestions[0].current == OXIDE_DOI
    assert m.suggestions[0].suggested == "10.1023/a:1007154515475"
    assert "another work" in (m.suggestions[0].evidence or "")
    assert m.searched[0].startswith(f"Crossref: the cited DOI {OXIDE_DOI} → “Effect of native oxide")


async def test_doi_that_resolves_nowhere(tmp_path: Path) -> None:
    ref = ADAK.model_copy(update={"fields": ADAK.fields.model_copy(update={"doi": "10.1023/a:100715451547x"})})
    cats = Catalogues({
        ("api.crossref.org", "/works"): (200, crossref_list(
            "crossref/paperqa__works_doi_10.1023_a_1007154515475.body.json")),
        # doi.org's handle API: 404 with responseCode 100 for a DOI that is not registered
        ("doi.org", "/api/handles/10.1023/a:100715451547x"): (404, {"responseCode": 100}),
    })
    [m], _ = await resolve([ref], settings(tmp_path), cats)
    assert m.verdict == "verified"
    [check] = m.identifiers
    assert check.status == "unresolved" and check.correct == "10.1023/a:1007154515475"
    assert "doi.org has no such DOI" in check.note


async def test_book_no_catalogue_knows_may_not_exist(tmp_path: Path) -> None:
    invented = Reference(raw="…", type="book", fields=Fields(
        author=[Name(family="Gladstone", given="Max")], title="The Clockwork Archive of Lost Hours",
        year="2017", publisher="Tor"))
    cats = Catalogues({
        ("openlibrary.org", "/search.json"): (200, load("openlibrary/bookwyrm__ol_search.json")),
        ("www.googleapis.com", "/books/v1/volumes"): (200, {"kind": "books#volumes", "totalItems": 0}),
        ("www.loc.gov", "/books/"): (200, load("loc/books_empty.json")),
        ("api.crossref.org", "/works"): (200, load(EMPTY_CROSSREF)),
    })
    [m], _ = await resolve([invented], settings(tmp_path), cats)
    assert m.verdict == "not-found" and m.may_not_exist
    assert "it may not exist" in m.reason
    assert any(s.startswith("Library of Congress: search") for s in m.searched)
    assert [s.split(":")[0] for s in m.searched if "search by" in s][:1] == ["Open Library"]
    assert {"www.loc.gov", "www.googleapis.com", "openlibrary.org", "api.crossref.org"} <= set(cats.hosts())


async def test_right_title_wrong_author_is_not_found_never_probable(tmp_path: Path) -> None:
    chimera = TIMEWAR.model_copy(update={"fields": TIMEWAR.fields.model_copy(update={
        "author": [Name(family="Shapiro", given="Josie")]})})
    cats = Catalogues({
        ("openlibrary.org", "/search.json"): (200, load("openlibrary/bookwyrm__ol_search.json")),
        ("www.googleapis.com", "/books/v1/volumes"): (200, {"kind": "books#volumes", "totalItems": 0}),
        ("www.loc.gov", "/books/"): (200, load("loc/books_empty.json")),
        ("api.crossref.org", "/works"): (200, load(EMPTY_CROSSREF)),
    })
    [m], _ = await resolve([chimera], settings(tmp_path), cats)
    assert m.verdict == "not-found" and m.relation == "other-authors" and m.may_not_exist


def test_a_document_with_keys_and_no_list_of_its_own_reports_instead_of_crashing(
        tmp_path: Path, capsys) -> None:
    """Nothing to look up (pandoc keys, no list): the resolve stage runs with no entries."""
    from citecheck.cli import main

    md = tmp_path / "nolist.md"
    md.write_text("As shown [@klein2014].\n", encoding="utf-8")
    assert main(["report", str(md), "--offline", "--cache-dir", str(tmp_path / "c")]) == 0
    assert "no reference list" in capsys.readouterr().out
