"""`citecheck batch`: a corpus checked resumably, with aggregates by document, host and year."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from citecheck.batch import expand_inputs
from citecheck.cli import main
from citecheck.errors import InputError
from loopback import Handler, serve


def _doc(web: str, year: int, paths: list[str]) -> str:
    entries = "\n\n".join(
        f"Writer{i}, Ann. {year}. On the Topic Number {i}. Journal of Things {i}: 1-9. {web}{p}"
        for i, p in enumerate(paths, start=1))
    return f"Text.\n\nReferences\n\n{entries}\n"


@pytest.fixture
def corpus(tmp_path: Path):
    def ok(h: Handler) -> None:
        h.reply(200, b"<html><head><title>Page</title></head><body>" + b"words " * 200
                + b"</body></html>")

    def empty(h: Handler) -> None:
        h.reply(200, b"[]", content_type="application/json")

    with serve({"/ok": ok, "/ok2": ok}) as site, serve({}, fallback=empty) as archive:
        web = f"http://127.0.0.1:{site.port}"
        folder = tmp_path / "docs"
        folder.mkdir()
        (folder / "old.txt").write_text(_doc(web, 1999, ["/gone", "/ok"]), "utf-8")
        (folder / "new.md").write_text(_doc(web, 2021, ["/ok2", "/also-gone", "/ok"]), "utf-8")
        (folder / "<odd>.txt").write_text("no references at all\n", "utf-8")
        env = {"CITECHECK_CDX_URL": f"http://127.0.0.1:{archive.port}/cdx",
               "CITECHECK_WAYBACK_URL": f"http://127.0.0.1:{archive.port}/wb",
               "CITECHECK_MEMENTO_URL": f"http://127.0.0.1:{archive.port}/tm",
               "CITECHECK_CACHE_DIR": str(tmp_path / "cache")}
        yield folder, env


def run_batch(monkeypatch, capsys, folder: Path, out: Path, env: dict[str, str]) -> tuple[int, str]:
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    code = main(["batch", str(folder), "-o", str(out), "--no-resolve"])
    return code, capsys.readouterr().err


def test_batch_aggregates_by_document_host_and_year_and_resumes(monkeypatch, capsys, corpus,
                                                                tmp_path: Path) -> None:
    folder, env = corpus
    out = tmp_path / "out"
    code, err = run_batch(monkeypatch, capsys, folder, out, env)
    assert code == 1  # one document failed (no bibliography): said, and the rest went on
    assert "2 checked, 0 already done, 1 failed" in err
    rows = {Path(r["path"]).name: r for r in csv.DictReader((out / "documents.csv").open())}
    assert rows["old.txt"]["dead_links"] == "1" and rows["new.md"]["dead_links"] == "1"
    assert rows["<odd>.txt"]["status"] == "failed"
    summary = json.loads((out / "summary.json").read_text("utf-8"))["summary"]
    assert summary["link_groups"] == {"ok": 3, "broken": 2}  # /ok is cited twice: one per doc
    [host] = summary["rot_by_host"]
    assert (host["links"], host["rotten"]) == (5, 2)
    assert [(y["key"], y["links"], y["rotten"]) for y in summary["rot_by_year"]] == [
        ("1999", 2, 1), ("2021", 3, 1)]
    assert summary["problems"]["dead links"] == 2
    page = (out / "overview.html").read_text("utf-8")
    assert "<svg" in page and "&lt;odd&gt;" in page and "<odd>" not in page

    # interrupted: one stored result lost; the rerun checks only that document again
    stored = sorted((out / "results").glob("*.json"))
    assert len(stored) == 2
    stored[0].unlink()
    code, err = run_batch(monkeypatch, capsys, folder, out, env)
    assert "1 checked, 1 already done, 1 failed" in err
    assert json.loads((out / "summary.json").read_text("utf-8"))["summary"]["links"] == 5


def test_inputs_from_dir_glob_and_list(tmp_path: Path) -> None:
    for name in ("a.txt", "b.md", "c.pdf", "skip.png"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "d.bib").write_bytes(b"x")
    names = [p.name for p in expand_inputs([str(tmp_path)])]
    assert names == ["a.txt", "b.md", "c.pdf", "d.bib"]
    assert [p.name for p in expand_inputs([str(tmp_path / "*.md")])] == ["b.md"]
    listing = tmp_path / "list"
    listing.write_text("# my corpus\na.txt\n\nsub/d.bib\na.txt\n", "utf-8")
    assert [p.name for p in expand_inputs([f"@{listing}"])] == ["a.txt", "d.bib"]
    with pytest.raises(InputError, match="no such file"):
        expand_inputs([str(tmp_path / "missing")])
