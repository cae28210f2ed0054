"""The editor page end to end in headless Chromium: upload -> progress -> report -> accept -> download.

The service runs in this process on uvicorn (127.0.0.1) with the address
policy on and the loopback web site allow-listed; the catalogues and the
archive are the recorded stand-ins of ``test_end_to_end`` (real records).
An editor uploads the reading list, watches the stages, reads the HTML
report (its own script runs inside the sandboxed frame), accepts the
catalogue's spelling of a misspelt author, rejects everything else and
downloads the corrected .bib, which holds exactly that change. The page
must raise no Content-Security-Policy violation. Skipped, with the reason,
where Chromium or chromedriver is missing.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("uvicorn", reason="the service needs uvicorn (pip install -e .)")

from test_end_to_end import World, world  # noqa: E402,F401  (the stand-ins, as a fixture)
from test_html_browser import CHROMEDRIVER, CHROMIUM, CHROMIUM_FLAGS  # noqa: E402

from citecheck.config import ENV, load_config  # noqa: E402
from asgi_server import running_app  # noqa: E402
from citecheck.service.app import ServiceConfig, create_app  # noqa: E402

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def service(world: World, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:  # noqa: F811

    home = tmp_path_factory.mktemp("service")
    env = {k: v for k, v in world.env.items() if k in ENV}
    env["CITECHECK_CACHE_DIR"] = str(home / "cache")
    settings = load_config(environ=env, directory=home)[0]
    config = ServiceConfig(data_dir=home / "jobs", poll=0.1,
                           allow=[f"127.0.0.1:{world.servers['web'].port}"])
    with running_app(create_app(config, settings)) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[tuple[Any, Path]]:
    if not CHROMIUM or not CHROMEDRIVER:
        pytest.skip("headless Chromium not installed (needs Debian packages chromium and "
                    "chromium-driver; run .ci/install-browser.sh)")
    pytest.importorskip("selenium", reason="selenium not installed (pip install -e .[test])")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    with tempfile.TemporaryDirectory(prefix="citecheck-chromium-") as profile:
        downloads = Path(profile) / "downloads"
        downloads.mkdir()
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM or ""
        for flag in [*CHROMIUM_FLAGS, f"--user-data-dir={Path(profile) / 'user'}"]:
            options.add_argument(flag)
        options.add_experimental_option("prefs", {
            "download.default_directory": str(downloads), "download.prompt_for_download": False})
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
        driver.execute_cdp_cmd("Browser.setDownloadBehavior",
                               {"behavior": "allow", "downloadPath": str(downloads)})
        try:
            yield driver, downloads
        finally:
            driver.quit()


def until(check: Any, timeout: float = 120, what: str = "condition") -> Any:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            value = check()
        except Exception:  # the element is not there yet, or was redrawn
            value = None
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_upload_progress_report_accept_download(
        world: World, service: str, browser: tuple[Any, Path]) -> None:  # noqa: F811
    from selenium.webdriver.common.by import By

    driver, downloads = browser
    driver.get(service + "/")
    assert driver.title == "citecheck"
    driver.find_element(By.ID, "file").send_keys(str(world.doc))
    driver.find_element(By.ID, "check").click()

    # progress: the stages appear as the check runs, with counts
    until(lambda: driver.find_element(By.ID, "progress-section").is_displayed(), what="progress")
    until(lambda: driver.find_elements(By.CSS_SELECTOR, "#stages li[data-stage=links]"),
          what="the links stage")
    until(lambda: driver.find_element(By.ID, "result-section").is_displayed(), what="the report")
    assert driver.find_element(By.ID, "job-state").text.startswith("done")
    assert "/" in driver.find_element(By.CSS_SELECTOR, "#stages li[data-stage=resolve] .count").text

    # the report, in its sandboxed frame, with its own script running (filters shown)
    frame = driver.find_element(By.ID, "report")
    driver.switch_to.frame(frame)
    try:
        cards = until(lambda: driver.find_elements(By.CSS_SELECTOR, "article.card"), what="cards")
        assert len(cards) == 7
        assert until(lambda: driver.find_element(By.ID, "filters").is_displayed(),
                     what="the report's script")
    finally:
        driver.switch_to.default_content()

    # the changes: accept the catalogue's spelling of the misspelt author, reject the rest
    rows = until(lambda: driver.find_elements(By.CSS_SELECTOR, "#changes tbody tr"),
                 what="the changes")
    author = [r for r in rows if r.find_elements(By.TAG_NAME, "td")[1].text == "author"
              and "Skarlinsky" in r.text]
    assert len(author) == 1 and "Skarlinski" in author[0].text
    assert any(r.find_elements(By.TAG_NAME, "td")[1].text == "archiveurl" for r in rows)
    author[0].find_element(By.CSS_SELECTOR, "input.decision-accept").click()
    assert "accepted" in author[0].get_attribute("class")
    assert driver.find_element(By.ID, "accepted-count").text.startswith("1 of ")

    driver.find_element(By.ID, "download").click()
    bib = until(lambda: (downloads / "corrected.bib").exists()
                and (downloads / "corrected.bib").read_text("utf-8"), what="the download")
    assert "Skarlinski, Michael D." in bib and "Skarlinsky" not in bib
    assert "archiveurl" not in bib  # the rejected archived copy is not added
    assert bib.count("@") == 7

    violations = [e["message"] for e in driver.get_log("browser")
                  if "Content Security Policy" in e["message"] or e["level"] == "SEVERE"]
    assert violations == []
    shutil.rmtree(downloads, ignore_errors=True)
    downloads.mkdir()
