"""The public API: check(document, options, *, http) -> Result, shared by concurrent runs.

Two runs in one event loop share one HTTP layer, against loopback stand-ins
that record what they see: the per-origin concurrency and the per-catalogue
rate hold across both runs together (not per run), each run keeps its own
options (one offline, one not), and the Result is storable as JSON and
renders every format afterwards without running a stage again.
"""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

import pytest

from citecheck import RunOptions, check, document_from_bytes
from citecheck.config import Settings
from citecheck.export import export
from citecheck.models import Result
from citecheck.net import HttpLayer
from citecheck.render import render
from loopback import Handler, serve

DOC = """A Paper

Some text citing the works below.

References

{entries}
"""


def document(name: str, web: str, n: int) -> bytes:
    entries = "\n\n".join(
        f"Author{i}, Alpha. {2000 + i}. A Study of {name} Things, Part {i}. "
        f"Journal of Tests {i}: 1-10. {web}/{name}/{i}"
        for i in range(1, n + 1)
    )
    return DOC.format(entries=entries).encode()


class Gauge:
    """Requests in flight at a server, and the most seen at once."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.now = 0
        self.peak = 0
        self.starts: list[float] = []

    def __enter__(self) -> None:
        with self.lock:
            self.now += 1
            self.peak = max(self.peak, self.now)
            self.starts.append(time.monotonic())

    def __exit__(self, *exc: object) -> None:
        with self.lock:
            self.now -= 1


@pytest.fixture
def world(tmp_path: Path):
    web, crossref = Gauge(), Gauge()

    def page(h: Handler) -> None:
        if "no-such-page" in h.path:  # a real site: a path that cannot exist is a 404
            h.reply(404, b"<html><title>Not found</title></html>")  # (else: soft-404 by probe)
            return
        with web:
            time.sleep(0.15)
            h.reply(200, b"<html><head><title>A page</title></head><body>" + b"text " * 300
                    + b"</body></html>")

    def works(h: Handler) -> None:
        with crossref:
            h.reply(200, b'{"status":"ok","message":{"items":[],"total-results":0}}',
                    content_type="application/json")

    def empty(h: Handler) -> None:
        h.reply(200, b"[]", content_type="application/json")

    with serve({}, fallback=page) as site, serve({"/works": works}, fallback=empty) as api:
        base = f"http://127.0.0.1:{api.port}"
        settings = Settings(
            cache_dir=tmp_path / "cache", host_concurrency=2, retries=0,
            catalogues=["crossref"], crossref_url=base, mailto="test@example.org",
            rate_limits={"crossref": 10.0}, cdx_url=f"{base}/cdx", wayback_url=f"{base}/wb",
            memento_url=f"{base}/tm",
        )
        yield settings, f"http://127.0.0.1:{site.port}", web, crossref


async def test_two_concurrent_runs_share_one_layer_and_its_limits(world) -> None:
    settings, web_base, web, crossref = world
    docs = [document_from_bytes(document(name, web_base, 4), f"{name}.txt") for name in "AB"]
    async with HttpLayer(settings) as http:
        results = await asyncio.gather(*(check(d, RunOptions(), http=http) for d in docs))
    for result in results:
        assert len(result.report.entries) == 4
        assert {c.status for c in result.report.links} == {"ok"}
    # per-origin concurrency (2) held across both runs: 8 pages, never more than 2 at once
    assert web.peak == 2
    # the catalogue's rate (10/s) held across both runs: 8 searches take at least 7 intervals
    # (two independent layers would start two at a time: about half that)
    starts = sorted(crossref.starts)
    assert len(starts) == 8
    assert starts[-1] - starts[0] >= 7 * 0.1 * 0.9


async def test_each_run_keeps_its_own_options(world) -> None:
    settings, web_base, web, _ = world
    online = document_from_bytes(document("C", web_base, 2), "c.txt")
    offline = document_from_bytes(document("D", web_base, 2), "d.md")
    async with HttpLayer(settings) as http:
        a, b = await asyncio.gather(
            check(online, RunOptions(resolve=False), http=http),
            check(offline, RunOptions(offline=True, resolve=False), http=http),
        )
    assert {c.status for c in a.report.links} == {"ok"}
    assert {c.status for c in b.report.links} == {"unchecked"}  # never fetched, never "dead"
    assert len(web.starts) == 2  # only the online run's pages were asked for
    assert all(e.match is None for e in a.report.entries + b.report.entries)
    assert any(n.code == "links" and "offline" in n.text for n in b.report.notices)


async def test_result_is_stored_as_json_and_rendered_later(world, tmp_path: Path) -> None:
    settings, web_base, _, _ = world
    doc = document_from_bytes(document("E", web_base, 3), "e.txt")
    result = await check(doc, RunOptions(offline=True, links=False, resolve=False),
                         settings=settings)
    stored = tmp_path / "result.json"
    stored.write_text(result.model_dump_json(), "utf-8")
    again = Result.model_validate_json(stored.read_text("utf-8"))
    assert again == result
    for fmt in ("text", "json", "markdown", "html"):
        assert render(again.report, fmt) == render(result.report, fmt)
    bib = export(again, to="bibtex")
    assert bib.count("@article") == 3 and "Journal of Tests" in bib
    assert "Journal of Tests" in export(again, to="csl-json")
    assert "JO  - Journal of Tests" in export(again, to="ris") or "Journal of Tests" in export(
        again, to="ris")


def test_document_from_bytes_picks_the_reader_by_name_and_signature() -> None:
    bib = document_from_bytes(b"@book{k, title={T}, author={A, B}, year={2000}}\n", "x.bib")
    assert bib.kind == "bib" and bib.bib_entries and bib.bib_entries[0].key == "k"
    assert document_from_bytes(b"# T\n\ntext\n", "notes.md").kind == "markdown"
    assert document_from_bytes("caf\xe9 1990\n".encode("cp1252"), "x.txt").encoding == "cp1252"


@pytest.mark.parametrize("data, message", [(b"", "empty"), (b"\x00\x01\x02" * 100, "binary")])
def test_document_from_bytes_refuses_bad_input_in_one_line(data: bytes, message: str) -> None:
    from citecheck.errors import InputError

    with pytest.raises(InputError, match=message):
        document_from_bytes(data, "upload.txt")


async def test_max_time_bounds_the_catalogue_stage_too(tmp_path: Path) -> None:
    """--max-time: lookups still running when it is spent are 'unchecked', with that reason."""
    def slow(h: Handler) -> None:
        time.sleep(3)
        h.reply(200, b'{"status":"ok","message":{"items":[]}}', content_type="application/json")

    with serve({}, fallback=slow) as api:
        base = f"http://127.0.0.1:{api.port}"
        settings = Settings(cache_dir=tmp_path / "c", catalogues=["crossref"], crossref_url=base,
                            retries=0, cdx_url=f"{base}/cdx", wayback_url=f"{base}/wb",
                            memento_url=f"{base}/tm", doi_url=base)
        doc = document_from_bytes(document("F", "http://127.0.0.1:9", 2), "f.txt")
        t0 = time.monotonic()
        result = await check(doc, RunOptions(links=False, max_time=0.5), settings=settings)
    assert time.monotonic() - t0 < 2.5  # not the 3 s the catalogue takes
    assert [e.match.verdict for e in result.report.entries] == ["unchecked", "unchecked"]
    assert all("--max-time" in (e.match.reason or "") for e in result.report.entries)
