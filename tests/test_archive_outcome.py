"""An archive look-up that failed is never reported as "no archived copy found".

"No archived copy" is only for a look-up that succeeded and found no good
capture. An error answer from the archive API (404, 5xx), a timeout or a
refused connection is a failed look-up: "archive not checked", alike on the
first run and on a rerun from the cache, in every renderer and in the CLI.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from loopback import Handler, closed_port, serve

from citecheck.cli import main
from citecheck.config import Settings
from citecheck.links import run_link_stage
from citecheck.models import ArchivedCopy, LinkCheck, Report
from citecheck.net import HttpLayer
from citecheck.render import FORMATS, render
from citecheck.render.summary import priorities

NO_COPY = "no archived copy"


async def up() -> bool:
    return True


def settings_for(tmp_path: Path, port: int, **kw: object) -> Settings:
    base = f"http://127.0.0.1:{port}"
    values: dict[str, object] = dict(
        cache_dir=tmp_path / "cache", retries=0, backoff_base=0.01, rate_limits={},
        cdx_url=f"{base}/cdx", wayback_url=f"{base}/available", memento_url=f"{base}/timemap")
    values.update(kw)
    return Settings(**values)  # type: ignore[arg-type]


def _json(h: Handler, status: int, body: object) -> None:
    h.reply(status, json.dumps(body).encode(), content_type="application/json")


# --------------------------------------------------------------------------- the link stage


@pytest.mark.parametrize(("cdx", "timemap", "lookup"), [
    (404, None, "failed"),  # CDX and availability API both answer 404: the API failed
    (503, None, "failed"),
    (200, 500, "failed"),  # Wayback has no capture, the Memento service fails
    (200, 404, "no-copy"),  # ... the TimeMap's 404 is its "no mementos": a look-up that succeeded
])
async def test_only_a_look_up_that_succeeded_says_no_copy(
    tmp_path: Path, cdx: int, timemap: int | None, lookup: str
) -> None:
    def cdx_route(h: Handler) -> None:
        _json(h, cdx, [] if cdx == 200 else {"error": "x"})

    def timemap_route(h: Handler) -> None:
        h.reply(timemap or 404, b"")

    routes = {"/gone": lambda h: h.reply(404, b"gone"), "/cdx": cdx_route,
              "/available": lambda h: h.reply(cdx, b"error")}
    with serve(routes, fallback=timemap_route) as site:
        settings = settings_for(tmp_path, site.port)
        async with HttpLayer(settings) as http:
            stage = await run_link_stage([f"http://127.0.0.1:{site.port}/gone"], http, settings,
                                         probe=up)
    (check,) = stage.checks
    assert (check.status, check.archive_lookup, check.archive) == ("dead", lookup, None)
    failed = lookup == "failed"
    assert bool(check.archive_reason) is failed
    assert any(NO_COPY in m for m in stage.messages) is not failed
    assert any("archive not checked for 1 link" in m for m in stage.messages) is failed
    report = Report(document="d.md", kind="markdown", lines=1, links=[check])
    (todo,) = [p.text for p in priorities(report)]
    assert (NO_COPY in todo) is not failed and ("archive not checked" in todo) is failed


# --------------------------------------------------------------------------- renderers


def _report() -> Report:
    copy = ArchivedCopy(url="http://127.0.0.1:9/web/20190101000000/http://a.test/1",
                        timestamp="20190101000000")
    return Report(document="d.md", kind="markdown", lines=9, links=[
        LinkCheck(url="http://a.test/1", line=1, status="dead", archive=copy,
                  archive_lookup="copy", suggestion=copy.url),
        LinkCheck(url="http://b.test/2", line=2, status="dead", archive_lookup="no-copy"),
        LinkCheck(url="http://c.test/3", line=3, status="dead", archive_lookup="failed",
                  archive_reason="the archive service answered HTTP 503"),
        LinkCheck(url="http://d.test/4", line=4, status="dead"),  # no look-up (--archive none)
    ])


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "json"])
def test_every_renderer_words_the_three_outcomes_apart(fmt: str) -> None:
    out = render(_report(), fmt)  # type: ignore[arg-type]
    lower = out.lower()
    # the priorities list and the links list each name each outcome once
    assert lower.count(NO_COPY) == 2, out
    assert lower.count("archive not checked: the archive service answered http 503") == 2, out
    assert "http://127.0.0.1:9/web/20190101000000/http://a.test/1" in out


def test_fix_these_first_says_nothing_of_the_archive_without_a_look_up() -> None:
    texts = {p.line: p.text for p in priorities(_report())}
    assert texts[4] == "dead: http://d.test/4"
    assert texts[2].endswith("; no archived copy found")
    assert texts[3].endswith("; archive not checked: the archive service answered HTTP 503")


# --------------------------------------------------------------------------- the command, twice


DOC = """# Paper

Some text [1].

## References

1. Smith, J. (2019). A page. {url} (accessed 3 May 2019).
"""


@pytest.mark.parametrize("archive", ["404", "refused"])
def test_first_run_and_cached_rerun_say_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    archive: str,
) -> None:
    with serve({}, fallback=lambda h: h.reply(404, b"not found")) as site:
        port = site.port if archive == "404" else closed_port()
        for var, path in (("WAYBACK", "/wayback/available"), ("CDX", "/cdx/search/cdx"),
                          ("MEMENTO", "/timemap/link")):
            monkeypatch.setenv(f"CITECHECK_{var}_URL", f"http://127.0.0.1:{port}{path}")
        doc = tmp_path / "doc.md"
        doc.write_text(DOC.format(url=f"http://127.0.0.1:{site.port}/gone/page.html"), "utf-8")
        cache = str(tmp_path / "cache")
        runs = []
        for fmt in ("text", "text", "json", "markdown", "html"):
            main(["report", str(doc), "--no-resolve", "--cache-dir", cache, "--format", fmt])
            runs.append(capsys.readouterr().out)
        main(["export", str(doc), "--no-resolve", "--archive-urls", "--cache-dir", cache])
        err = capsys.readouterr().err
    first, second = ([line for line in out.splitlines() if "archive" in line.lower()]
                     for out in runs[:2])
    assert first == second and first
    for out in runs:
        assert NO_COPY not in out.lower(), out
        assert "archive not checked" in out.lower()
    (link,) = json.loads(runs[2])["links"]
    assert (link["status"], link["archive_lookup"]) == ("dead", "failed")
    assert "--archive-urls added nothing: the archive look-up failed for 1 link(s)" in err
    assert NO_COPY not in err
