"""Settings: defaults < config file < environment < flags; bad values are one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from citecheck.config import DEFAULT_RATE_LIMITS, load_config, load_settings, parse_rate_limits
from citecheck.errors import ConfigError


def test_defaults_are_the_published_limits(tmp_path: Path) -> None:
    s = load_settings(directory=tmp_path, environ={})
    assert s.rate_limits == DEFAULT_RATE_LIMITS
    assert s.crossref_url == "https://api.crossref.org"
    assert s.wayback_url == "https://archive.org/wayback/available"
    assert s.cdx_url == "https://web.archive.org/cdx/search/cdx"
    assert "citecheck/" in s.user_agent() and "mailto" not in s.user_agent()


def test_precedence_file_env_flags(tmp_path: Path) -> None:
    (tmp_path / "citecheck.toml").write_text(
        'mailto = "file@example.org"\nhost-concurrency = 2\nrate_limits = { crossref = 5 }\n'
        'skip_patterns = ["^https?://localhost"]\nfail_on = ["dead-links", "not-found"]\n',
        encoding="utf-8",
    )
    env = {"CITECHECK_MAILTO": "env@example.org", "CITECHECK_RATE_LIMITS": "openlibrary=0.5",
           "CITECHECK_CROSSREF_URL": "http://127.0.0.1:9/"}
    s = load_settings(directory=tmp_path, environ=env)
    assert s.mailto == "env@example.org"
    assert s.host_concurrency == 2
    assert s.rate_limits["crossref"] == 5 and s.rate_limits["openlibrary"] == 0.5
    assert s.rate_limits["openalex"] == DEFAULT_RATE_LIMITS["openalex"]
    assert s.crossref_url == "http://127.0.0.1:9/"
    assert s.skip_patterns == ["^https?://localhost"]
    # a run option in the same file: the run's options, not the process settings
    _, options = load_config(directory=tmp_path, environ=env)
    assert options.fail_on == ["dead-links", "not-found"] and not hasattr(s, "fail_on")
    s = load_settings({"mailto": "flag@example.org", "host_concurrency": 7}, directory=tmp_path, environ=env)
    assert s.mailto == "flag@example.org" and s.host_concurrency == 7
    assert "mailto:flag@example.org" in s.user_agent()


def test_pyproject_tool_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[tool.citecheck]\nmailto = "py@example.org"\n', encoding="utf-8"
    )
    assert load_settings(directory=tmp_path, environ={}).mailto == "py@example.org"


@pytest.mark.parametrize("text", ["crossref", "crossref=fast", "crossref=0", "=3"])
def test_bad_rate_limits(text: str) -> None:
    with pytest.raises(ConfigError):
        parse_rate_limits(text)


def test_bad_values_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="host_concurrency"):
        load_settings(directory=tmp_path, environ={"CITECHECK_HOST_CONCURRENCY": "many"})
    (tmp_path / "citecheck.toml").write_text("mailto = [unclosed", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(directory=tmp_path, environ={})


@pytest.mark.parametrize(
    "overrides",
    [{"host_concurrency": 0}, {"host_concurrency": -3}, {"read_timeout": -1.0},
     {"read_timeout": 0.0}, {"total_concurrency": 0}, {"retries": -1}],
)
def test_out_of_range_values_are_config_errors(tmp_path: Path, overrides: dict) -> None:
    # a zero/negative concurrency or timeout would hang or fail every request: refuse it up front
    with pytest.raises(ConfigError, match=next(iter(overrides))):
        load_settings(overrides, directory=tmp_path, environ={})


def test_cli_rejects_a_negative_timeout_in_one_line(tmp_path: Path, capsys) -> None:
    from citecheck.cli import main

    doc = tmp_path / "d.txt"
    doc.write_text("Bibliography\n\nSmith, John. A Book. London: Penguin, 1990.\n", encoding="utf-8")
    assert main(["report", str(doc), "--offline", "--cache-dir", str(tmp_path), "--timeout", "-1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "read_timeout" in err


@pytest.mark.parametrize(
    "name, text",
    [("citecheck.toml", "host_concurency = 2\n"),
     ("pyproject.toml", "[tool.citecheck]\nmail_to = 'a@b.org'\n")],
)
def test_misspelt_config_key_is_an_error(tmp_path: Path, name: str, text: str) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown setting"):
        load_settings(directory=tmp_path, environ={})


@pytest.mark.parametrize(
    "text, setting",
    [('skip_patterns = ["(unclosed"]\n', "skip_patterns"),
     ('catalogues = ["crossref", "crosref"]\n', "catalogues"),
     ("rate_limits = { crossref = -1 }\n", "rate_limits")],
)
def test_bad_values_in_the_config_file_are_config_errors(tmp_path: Path, text: str, setting: str) -> None:
    (tmp_path / "citecheck.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=setting):
        load_settings(directory=tmp_path, environ={})


def test_fail_on_in_the_file_reads_like_the_flag_and_errors_read_plainly(tmp_path: Path) -> None:
    (tmp_path / "citecheck.toml").write_text('fail_on = "citations, bibliography"\n', encoding="utf-8")
    _, options = load_config(directory=tmp_path, environ={})
    assert options.fail_on == ["citations", "bibliography"]
    (tmp_path / "citecheck.toml").write_text('fail_on = ["bogus"]\n', encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(directory=tmp_path, environ={})
    assert "unknown value 'bogus'" in str(err.value) and "Value error" not in str(err.value)
