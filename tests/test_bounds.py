"""Limits, atomic outputs, outputs checked before the run, and settings validated in one line."""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest

from citecheck import output
from citecheck.cli import main
from citecheck.config import Settings, load_config
from citecheck.errors import ConfigError, OutputError
from citecheck.ingest import document_from_bytes
from citecheck.pipeline import check_sync
from citecheck.config import RunOptions

REF = "Smith, John. A Book about Things {n}. London: Penguin, 1990. https://example.org/{n}"
OFFLINE = RunOptions(offline=True)


def doc_text(n: int, extra: str = "") -> bytes:
    return ("Some prose.\n" + extra + "\nBibliography\n\n"
            + "\n".join(REF.format(n=i) for i in range(n)) + "\n").encode()


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def no_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import os

    for var in list(os.environ):
        if var.startswith("CITECHECK_"):
            monkeypatch.delenv(var)
    monkeypatch.setenv("CITECHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)


# --------------------------------------------------------------------------- limits


def limit_notices(result) -> list[str]:
    return [n.text for n in result.report.notices if n.code == "limit"]


def test_entry_limit_cuts_and_says_from_which_line() -> None:
    doc = document_from_bytes(doc_text(30), "d.txt")
    result = check_sync(doc, OFFLINE, settings=Settings(max_entries=10))
    assert len(result.report.entries) == 10
    [text] = limit_notices(result)
    first_left_out = 4 + 10 + 1  # prose, blank, heading, blank, then the entries
    assert "30 bibliography entries" in text and f"line {first_left_out}" in text
    assert "max_entries" in text
    # under the limit: no notice, every entry
    full = check_sync(doc, OFFLINE, settings=Settings(max_entries=30))
    assert len(full.report.entries) == 30 and not limit_notices(full)


def test_bib_entry_limit() -> None:
    bib = "".join(f"@book{{k{i}, author={{A, B}}, title={{T{i}}}, year=1990}}\n" for i in range(12))
    result = check_sync(document_from_bytes(bib.encode(), "x.bib"), OFFLINE,
                        settings=Settings(max_entries=5))
    assert len(result.report.entries) == 5 and "max_entries" in limit_notices(result)[0]


def test_link_limit() -> None:
    doc = document_from_bytes(doc_text(20), "d.txt")
    result = check_sync(doc, OFFLINE, settings=Settings(max_links=7))
    assert len(result.report.links) == 7
    assert any("20 links" in t and "max_links" in t for t in limit_notices(result))


def test_line_limit_names_every_line_cut() -> None:
    long = "word " * 400  # 2,000 characters
    doc = document_from_bytes(doc_text(3, extra=long + "\n" + long + "\n"),
                              "d.txt", Settings(max_line_chars=500))
    assert max(len(line) for line in doc.lines) == 500
    [notice] = doc.notices
    assert notice.code == "limit" and "lines 2, 3" in notice.text and "max_line_chars" in notice.text
    result = check_sync(doc, OFFLINE)
    assert notice in result.report.notices


def test_footnote_limit() -> None:
    from citecheck.models import FootnoteReport, FootnoteSection, Marker
    from citecheck.pipeline import cap_footnotes

    report = FootnoteReport(sections=[
        FootnoteSection(title="A", line=1, markers=[Marker(number=i, line=10 + i) for i in range(1, 6)]),
        FootnoteSection(title="B", line=50, markers=[Marker(number=i, line=60 + i) for i in range(1, 6)]),
    ])
    capped, [notice] = cap_footnotes(report, 7)
    assert sum(len(s.markers) for s in capped.sections) == 7
    assert "line 63" in notice.text and "max_notes" in notice.text
    assert cap_footnotes(report, 10) == (report, [])


def test_size_limit_is_the_same_message_for_bytes_and_files(tmp_path: Path) -> None:
    from citecheck.errors import InputError
    from citecheck.ingest import read_document

    data = doc_text(50)
    path = tmp_path / "d.txt"
    path.write_bytes(data)
    settings = Settings(max_document_bytes=1000)
    with pytest.raises(InputError) as from_file:
        read_document(path, settings)
    with pytest.raises(InputError) as from_bytes:
        document_from_bytes(data, str(path), settings)
    assert str(from_file.value) == str(from_bytes.value)
    assert "too large" in str(from_file.value)


def test_pdf_time_limit_is_a_clean_refusal() -> None:
    from hostile import pdf

    from citecheck.errors import InputError

    with pytest.raises(InputError, match="max_pdf_seconds"):
        document_from_bytes(pdf(pages=3), "x.pdf", Settings(max_pdf_seconds=1e-9))
    with pytest.raises(InputError, match="max_pdf_pages"):
        document_from_bytes(pdf(pages=3), "x.pdf", Settings(max_pdf_pages=2))
    with pytest.raises(InputError, match="max_pdf_bytes"):
        document_from_bytes(pdf(inflated=3 << 20), "x.pdf", Settings(max_pdf_bytes=1 << 20))


# --------------------------------------------------------------------------- atomic outputs


def test_failed_write_leaves_the_previous_file_and_no_partial(monkeypatch, tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    target.write_text("previous report\n")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output.os, "fsync", full)
    with pytest.raises(OutputError, match="no space left"):
        output.write_atomic(target, "new report that will not fit\n" * 1000)
    assert target.read_text() == "previous report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.txt"]


def test_atomic_write_replaces_whole_and_keeps_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.bib"
    target.write_text("old")
    target.chmod(0o640)
    output.write_atomic(target, "new")
    assert target.read_text() == "new" and (target.stat().st_mode & 0o777) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["out.bib"]


def test_report_on_full_disk_keeps_previous_report(capsys, monkeypatch, tmp_path: Path, no_env) -> None:
    src = tmp_path / "doc.txt"
    src.write_bytes(doc_text(5))
    out = tmp_path / "report.txt"
    out.write_text("yesterday's report\n")
    monkeypatch.setattr(output.os, "fsync", lambda fd: (_ for _ in ()).throw(
        OSError(errno.ENOSPC, "No space left on device")))
    code, _, err = run(capsys, "report", str(src), "-o", str(out), "--offline")
    assert code == 2 and err.count("\n") == 1 and "no space left" in err
    assert out.read_text() == "yesterday's report\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["doc.txt", "report.txt"]


def test_fix_refuses_two_outputs_on_one_file_before_any_stage(capsys, monkeypatch, tmp_path: Path,
                                                              no_env) -> None:
    import citecheck.pipeline as pipeline

    def never(*args, **kwargs):
        raise AssertionError("a stage ran before the outputs were checked")

    monkeypatch.setattr(pipeline, "check_sync", never)
    src = tmp_path / "doc.txt"
    src.write_bytes(doc_text(5))
    out = tmp_path / "X.txt"
    code, _, err = run(capsys, "fix", str(src), "-o", str(out), "--changes", str(out))
    assert code == 2 and "same file as the output" in err and err.count("\n") == 1
    # the .bib side file and --changes on one file
    code, _, err = run(capsys, "fix", str(src), "-o", str(out), "--changes", str(tmp_path / "X.bib"))
    assert code == 2 and "same file as the output" in err
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["doc.txt"]


@pytest.mark.parametrize("command", ["report", "export", "fix"])
def test_bad_output_path_is_refused_before_the_network_stages(capsys, monkeypatch, tmp_path: Path,
                                                             no_env, command: str) -> None:
    import citecheck.pipeline as pipeline

    monkeypatch.setattr(pipeline, "check_sync", lambda *a, **k: (_ for _ in ()).throw(
        AssertionError("a stage ran before the outputs were checked")))
    src = tmp_path / "doc.txt"
    src.write_bytes(doc_text(5))
    code, _, err = run(capsys, command, str(src), "-o", str(tmp_path / "no" / "such" / "out.txt"))
    assert code == 2 and "cannot write" in err and err.count("\n") == 1


def test_fix_writes_every_file_atomically(capsys, tmp_path: Path, no_env) -> None:
    src = tmp_path / "doc.txt"
    src.write_bytes(doc_text(5))
    out = tmp_path / "fixed.txt"
    code, _, err = run(capsys, "fix", str(src), "-o", str(out), "--offline")
    assert code == 0, err
    names = sorted(p.name for p in tmp_path.iterdir() if p.is_file())
    assert names == ["doc.txt", "fixed.bib", "fixed.txt", "fixed.txt.changes.json"]
    assert json.loads((tmp_path / "fixed.txt.changes.json").read_text()) == []


# --------------------------------------------------------------------------- settings


@pytest.mark.parametrize("env, words", [
    ({"CITECHECK_RATE_LIMITS": "crossref=nan"}, "positive number"),
    ({"CITECHECK_RATE_LIMITS": "crossref=inf"}, "positive number"),
    ({"CITECHECK_RATE_LIMITS": "crosref=3"}, "unknown service"),
    ({"CITECHECK_OFFLINE": "maybe"}, "CITECHECK_OFFLINE"),
    ({"CITECHECK_HOST_CONCURRENCY": "true"}, "host_concurrency"),
    ({"CITECHECK_MAX_ENTRIES": "0"}, "max_entries"),
    ({"CITECHECK_MAX_PDF_SECONDS": "nan"}, "max_pdf_seconds"),
    ({"CITECHECK_MAX_LINE_CHARS": "lots"}, "max_line_chars"),
])
def test_bad_environment_setting_is_one_line(capsys, monkeypatch, tmp_path: Path, no_env,
                                             env: dict[str, str], words: str) -> None:
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    src = tmp_path / "doc.txt"
    src.write_bytes(doc_text(3))
    code, _, err = run(capsys, "report", str(src), "--offline")
    assert code == 2 and words in err and err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.parametrize("toml, words", [
    ("host_concurrency = true", "not true/false"),
    ("read_timeout = nan", "finite"),
    ("deadline = inf", "finite"),
    ("max_links = false", "not true/false"),
    ("rate_limits = { crossref = nan }", "positive number"),
    ("rate_limits = { crossref = inf }", "positive number"),
    ("rate_limits = { crossref = true }", "positive number"),
    ("rate_limits = { nosuch = 1 }", "unknown service"),
    ("offline = \"maybe\"", "offline"),
])
def test_bad_config_file_setting_is_one_line(tmp_path: Path, toml: str, words: str) -> None:
    (tmp_path / "citecheck.toml").write_text(toml + "\n")
    with pytest.raises(ConfigError) as exc:
        load_config({}, directory=tmp_path, environ={})
    assert words in str(exc.value) and "\n" not in str(exc.value)


def test_good_numbers_as_text_still_read() -> None:
    settings, _ = load_config({}, environ={"CITECHECK_MAX_ENTRIES": "50",
                                           "CITECHECK_MAX_PDF_SECONDS": "2.5"})
    assert settings.max_entries == 50 and settings.max_pdf_seconds == 2.5
