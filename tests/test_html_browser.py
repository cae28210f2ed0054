"""The HTML report in a real browser: headless Chromium driven by Selenium.

Checks what a person would see: the counts at the top, a dead link's archived
copy, and the filters hiding and showing cards; also that hostile text never
runs and that the page renders within a second. Uses the system's Chromium
and chromedriver (Debian ``chromium`` + ``chromium-driver``, installed by
``.ci/install-browser.sh``); skipped, with the reason, only where they are
missing. Nothing leaves the machine: the page loads from a file:// URL, its
CSP forbids fetches, and Chromium's background services are switched off.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from citecheck.render.html import render

from html_reports import ARCHIVE_URL, EVIL, small_report

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

# Without the background-networking flags Chromium tries to reach Google hosts.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,1000",
]


def start_chromium(user_data_dir: Path) -> Any:
    """A Selenium driver for the system Chromium (never Selenium Manager's download)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM or ""
    for flag in [*CHROMIUM_FLAGS, f"--user-data-dir={user_data_dir}"]:
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    if not CHROMIUM or not CHROMEDRIVER:
        pytest.skip(
            "headless Chromium not installed (needs Debian packages chromium and "
            "chromium-driver; run .ci/install-browser.sh)"
        )
    pytest.importorskip("selenium", reason="selenium not installed (pip install -e .[test])")
    with tempfile.TemporaryDirectory(prefix="citecheck-chromium-") as profile:
        drv = start_chromium(Path(profile))
        try:
            yield drv
        finally:
            drv.quit()


def open_report(driver: Any, page: str, directory: Path) -> None:
    path = directory / "report.html"
    path.write_text(page, encoding="utf-8")
    driver.get(path.as_uri())


def count(driver: Any, key: str) -> str:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, f'[data-count="{key}"] .n').text


def visible_cards(driver: Any) -> list[str]:
    from selenium.webdriver.common.by import By

    return [c.get_attribute("id") for c in driver.find_elements(By.CSS_SELECTOR, "article.card")
            if c.is_displayed()]


def choose(driver: Any, label: str) -> None:
    from selenium.webdriver.common.by import By

    driver.find_element(By.XPATH, f'//form[@id="filters"]//label[contains(., "{label}")]').click()


def load_ms(driver: Any) -> float:
    """Navigation start to the end of the load event, from the Navigation Timing API."""
    return float(driver.execute_script(
        "const n = performance.getEntriesByType('navigation')[0]; return n.loadEventEnd - n.startTime;"
    ))


@pytest.fixture(scope="module")
def small(driver: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    open_report(driver, render(small_report()), tmp_path_factory.mktemp("small"))
    return driver


def test_counts_at_the_top(small: Any) -> None:
    assert count(small, "entries") == "6"
    assert count(small, "verified") == "1"
    assert count(small, "not-found") == "1"
    assert count(small, "dead-links") == "1"
    assert count(small, "footnote-anomalies") == "4"


def test_dead_link_shows_its_archived_copy(small: Any) -> None:
    from selenium.webdriver.common.by import By

    card = small.find_element(By.ID, "entry-archinov1927")
    badge = card.find_element(By.CSS_SELECTOR, "li.link .badge")
    assert badge.text == "dead"
    archived = card.find_element(By.CSS_SELECTOR, "a.archived")
    assert archived.is_displayed()
    assert archived.get_attribute("href") == ARCHIVE_URL
    assert "captured 2005-02-11" in card.find_element(By.CSS_SELECTOR, ".archive").text


def test_filters(small: Any) -> None:
    everything = visible_cards(small)
    assert len(everything) == 6
    choose(small, "only dead links")
    assert visible_cards(small) == ["entry-archinov1927"]
    assert "showing 1 of 6" in small.find_element("id", "shown").text
    choose(small, "only unverified")
    assert "entry-avrich1970" not in visible_cards(small)
    assert len(visible_cards(small)) == 5
    choose(small, "only problems")
    assert visible_cards(small) == [c for c in everything if c != "entry-avrich1970"]
    choose(small, "all entries")
    assert visible_cards(small) == everything


def test_hostile_text_is_inert(small: Any) -> None:
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    with pytest.raises(NoAlertPresentException):
        small.switch_to.alert.text  # noqa: B018 (reading it is the check)
    card = small.find_element(By.ID, "entry-mallory")
    assert EVIL in card.find_element(By.CSS_SELECTOR, "blockquote.raw").text
    assert small.execute_script("return document.scripts.length") == 1


def test_copy_button_shows_with_js(small: Any) -> None:
    from selenium.webdriver.common.by import By

    card = small.find_element(By.ID, "entry-avrich1970")
    card.find_element(By.CSS_SELECTOR, "details.bib summary").click()
    assert card.find_element(By.CSS_SELECTOR, "button.copy").is_displayed()
    assert card.find_element(By.CSS_SELECTOR, "pre").text.startswith("@book{avrich1970,")


def test_renders_within_a_second(small: Any) -> None:
    assert load_ms(small) < 1000


def test_sample_document_report(driver: Any, tmp_path: Path, sample_path: Path) -> None:
    pipeline = pytest.importorskip("citecheck.pipeline", reason="pipeline not available yet")
    from citecheck.config import RunOptions, Settings

    settings = Settings(cache_dir=tmp_path / "cache")
    report = pipeline.build_report(sample_path, settings, options=RunOptions(offline=True))
    open_report(driver, render(report), tmp_path)
    assert count(driver, "entries") == str(len(report.entries))
    verified = sum(1 for e in report.entries if e.match and e.match.verdict == "verified")
    assert count(driver, "verified") == str(verified)
    assert count(driver, "links") == str(sum(report.link_summary.values()))
    assert len(visible_cards(driver)) == len(report.entries)
    assert load_ms(driver) < 1000
    choose(driver, "only unverified")
    assert len(visible_cards(driver)) == len(report.entries) - verified
