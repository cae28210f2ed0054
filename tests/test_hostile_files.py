"""Hostile inputs and hostile surroundings: every failure a user can cause is one line, exit <= 2.

Each hostile file (tests/hostile.py) runs in its own process, under a wrapper
process whose only child it is, so ``RUSAGE_CHILDREN``'s ``ru_maxrss`` is that
run's peak memory. The ceilings are the README's ("Limits").
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from hostile import HOSTILE, REF, write_corpus

ROOT = Path(__file__).resolve().parent.parent
CEILING_SECONDS = 60  # README "Limits": each hostile file within 60 s ...
CEILING_MB = 1024  # ... and 1 GB of memory (peak resident set)

CACHE = tempfile.mkdtemp(prefix="citecheck-hostile-cache-")  # never inside the repository
WRAPPER = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
           "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)")


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CITECHECK_")}
    env.update(PYTHONPATH=str(ROOT), CITECHECK_CACHE_DIR=CACHE, **extra)
    env.pop("CITECHECK_DEBUG", None)
    return env


def measured(args: list[str], **env: str) -> tuple[int, int, str, float]:
    """(exit code, peak RSS in MB, stderr, seconds) of `python -m citecheck ARGS`."""
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-c", WRAPPER, sys.executable, "-m", "citecheck", *args],
        capture_output=True, text=True, env=_env(**env), timeout=CEILING_SECONDS * 2)
    seconds = time.monotonic() - start
    rss_kb, code = proc.stdout.split()[-2:]
    return int(code), int(rss_kb) // 1024, proc.stderr, seconds


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_corpus(tmp_path_factory.mktemp("hostile"))


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_file_ends_cleanly_within_ceilings(corpus: dict[str, Path], name: str,
                                                   tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    code, rss_mb, err, seconds = measured(
        ["report", str(corpus[name]), "--offline", "--format", "json", "-o", str(out)])
    assert code <= 2, err
    assert "Traceback" not in err and "internal error" not in err
    assert err.count("\n") <= 1, err  # at most one line: the refusal
    assert code != 2 or err.startswith("citecheck: error: "), err
    assert rss_mb < CEILING_MB, f"{name}: {rss_mb} MB"
    assert seconds < CEILING_SECONDS, f"{name}: {seconds:.1f} s"
    if code < 2:
        assert out.exists() and not list(tmp_path.glob(".*.tmp"))


def test_expected_refusals(corpus: dict[str, Path]) -> None:
    """The bombs and binaries are refused, not read: the refusal names why."""
    for name, words in {
        "gzip-bomb": "binary", "zip-bomb": "binary", "nul-bytes": "binary",
        "pdf-huge-stream": "max_pdf_bytes", "pdf-corrupt": "not a readable PDF",
        "pdf-many-pages": "max_pdf_pages",
    }.items():
        code, _, err, _ = measured(["report", str(corpus[name]), "--offline"])
        assert code == 2 and words in err, (name, err)


def test_over_long_line_is_cut_with_a_notice_naming_it(corpus: dict[str, Path], tmp_path: Path) -> None:
    import json

    out = tmp_path / "r.json"
    code, _, err, _ = measured(["report", str(corpus["one-mb-line"]), "--offline", "-f", "json",
                                "-o", str(out)])
    assert code <= 1, err
    notices = [n for n in json.loads(out.read_text("utf-8"))["notices"] if n["code"] == "limit"]
    assert notices and "line 3" in notices[0]["text"] and "max_line_chars" in notices[0]["text"]


def test_same_refusal_on_every_input_path(tmp_path: Path) -> None:
    """report, export, fix and parse (file and stdin) refuse an over-size input alike."""
    big = tmp_path / "big.txt"
    big.write_text("Bibliography\n\n" + "\n".join(REF.format(n=i) for i in range(100)) + "\n")
    limit = {"CITECHECK_MAX_DOCUMENT_BYTES": "1000"}
    messages = []
    for args in (["report", str(big), "--offline"], ["export", str(big), "--offline"],
                 ["fix", str(big), "-o", str(tmp_path / "out.txt"), "--offline"],
                 ["parse", "--file", str(big)]):
        code, _, err, _ = measured(args, **limit)
        assert code == 2, err
        messages.append(err)
    with big.open("rb") as stdin:
        proc = subprocess.run([sys.executable, "-m", "citecheck", "parse"], stdin=stdin,
                              capture_output=True, text=True, env=_env(**limit))
    assert proc.returncode == 2
    assert len(set(messages)) == 1 and "too large" in messages[0] and messages[0].count("\n") == 1
    assert proc.stderr == messages[0].replace(str(big), "stdin")
    assert not (tmp_path / "out.txt").exists()


def test_endless_device_is_refused_in_bounded_memory() -> None:
    for args in (["report", "/dev/zero"], ["parse", "--file", "/dev/zero"]):
        code, rss_mb, err, _ = measured(args)
        # read whole, it is too large; streamed (parse), its first line is already binary
        assert code == 2 and rss_mb < 400, (args, rss_mb, err)
        assert "too large" in err or "binary" in err, err
    # an endless text stream, streamed by parse: refused at the size limit
    producer = subprocess.Popen(
        [sys.executable, "-c", "while True: print('Smith, John. A Book. London: Penguin, 1990.')"],
        stdout=subprocess.PIPE)
    try:
        proc = subprocess.run([sys.executable, "-m", "citecheck", "parse"], stdin=producer.stdout,
                              capture_output=True, text=True, timeout=120,
                              env=_env(CITECHECK_MAX_DOCUMENT_BYTES="20000"))
    finally:
        producer.kill()
        producer.wait()
    assert proc.returncode == 2 and proc.stderr.startswith("citecheck: error: stdin: too large")
    assert proc.stderr.count("\n") == 1 and proc.stdout.count("\n") < 20000 // 40


SMALL = "Bibliography\n\n" + "\n".join(REF.format(n=i) for i in range(30)) + "\n"


def test_stdout_on_a_full_device_is_one_line(tmp_path: Path) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text(SMALL, "utf-8")
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "citecheck", "report", str(doc), "--offline"],
                              stdout=full, stderr=subprocess.PIPE, text=True, env=_env())
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr
    assert "No space left" in proc.stderr


def test_output_file_on_a_full_device_is_one_line(tmp_path: Path) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text(SMALL, "utf-8")
    code, _, err, _ = measured(["report", str(doc), "--offline", "-o", "/dev/full"])
    assert code == 2 and err.count("\n") == 1 and "cannot write" in err, err


def test_closed_stdout_and_broken_pipe_are_one_line(tmp_path: Path) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text(SMALL * 20, "utf-8")
    read, write = os.pipe()
    os.close(read)  # nobody will ever read: the first write is a broken pipe
    try:
        proc = subprocess.run([sys.executable, "-m", "citecheck", "report", str(doc), "--offline"],
                              stdout=write, stderr=subprocess.PIPE, text=True, env=_env())
    finally:
        os.close(write)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr
    assert "broken pipe" in proc.stderr
    # stdout closed altogether (`citecheck ... >&-`)
    proc = subprocess.run([sys.executable, "-m", "citecheck", "report", str(doc), "--offline"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          env=_env(), preexec_fn=lambda: os.close(1))
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr


def test_ctrl_c_is_one_line_and_exit_130(tmp_path: Path) -> None:
    doc = tmp_path / "long.txt"
    doc.write_text("Bibliography\n\n" + "\n".join(REF.format(n=i) for i in range(30_000)) + "\n")
    proc = subprocess.Popen([sys.executable, "-m", "citecheck", "report", str(doc), "--offline"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=_env())
    time.sleep(4)  # well into the stages (imports take about one second)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert err == "citecheck: interrupted\n"
