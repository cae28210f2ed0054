"""Bench the HTML report: size, Python render time, and Chromium load time.

Usage (from the repo root)::

    .venv/bin/python bench/html_bench.py [--runs 5] [--screenshot docs/report-screenshot.png]

Reports measured: the sample in refs/ (built offline, empty cache, so every
verdict is 'unchecked') and generated reports of 100 and 1,000 entries.
Chromium time is navigation start -> end of the load event (Navigation Timing),
median of --runs fresh loads. Prints a Markdown table (bench/results/html.md).
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from citecheck.config import RunOptions, Settings  # noqa: E402
from citecheck.models import Report  # noqa: E402
from citecheck.render.html import render  # noqa: E402
from html_reports import big_report  # noqa: E402
from test_html_browser import CHROMIUM, load_ms, start_chromium  # noqa: E402

SAMPLE = ROOT / "refs" / "russia-revolution-counter-revolution.txt"


def sample_report(cache: Path) -> Report:
    from citecheck.pipeline import build_report

    return build_report(SAMPLE, Settings(cache_dir=cache), options=RunOptions(offline=True))


def measure(name: str, report: Report, driver, workdir: Path, runs: int) -> dict[str, str]:
    t0 = time.perf_counter()
    page = render(report)
    render_ms = (time.perf_counter() - t0) * 1000
    path = workdir / ("".join(ch if ch.isalnum() else "-" for ch in name) + ".html")
    path.write_text(page, encoding="utf-8")
    loads = []
    for _ in range(runs):
        driver.get("about:blank")
        driver.get(path.as_uri())
        loads.append(load_ms(driver))
    return {
        "report": name,
        "entries": str(len(report.entries)),
        "size": f"{len(page.encode()) / 1024:.0f} KiB",
        "render (Python)": f"{render_ms:.0f} ms",
        "Chromium load (median)": f"{statistics.median(loads):.0f} ms",
        "Chromium load (max)": f"{max(loads):.0f} ms",
    }


def screenshot(page: str, out: Path, workdir: Path, width: int = 1280, height: int = 2000) -> None:
    """Chromium's own --screenshot of the top of the page (what a reader sees first)."""
    path = workdir / "shot.html"
    path.write_text(page, encoding="utf-8")
    out.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={workdir / 'shot-profile'}", "--hide-scrollbars",
         f"--window-size={width},{height}", f"--screenshot={out}", path.as_uri()],
        check=True, capture_output=True, timeout=120,
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--screenshot", type=Path, help="write a PNG of the sample's report here")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="citecheck-bench-") as tmp:
        work = Path(tmp)
        sample = sample_report(work / "cache")
        reports = [("sample (refs/)", sample), ("generated 100", big_report(100)),
                   ("generated 1000", big_report(1000))]
        driver = start_chromium(work / "profile")
        try:
            rows = [measure(name, r, driver, work, args.runs) for name, r in reports]
            version = driver.capabilities.get("browserVersion", "?")
        finally:
            driver.quit()
        if args.screenshot:
            screenshot(render(sample), args.screenshot, work)
    cols = list(rows[0])
    print(f"Chromium {version} headless, Python {platform.python_version()}, "
          f"{platform.machine()}, {args.runs} loads per report\n")
    print("| " + " | ".join(cols) + " |")
    print("|" + "---|" * len(cols))
    for row in rows:
        print("| " + " | ".join(row[c] for c in cols) + " |")


if __name__ == "__main__":
    main()
