"""The package's layout rules: every module says what it is for; front-end assets ship."""

from __future__ import annotations

import ast
import fnmatch
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "citecheck"
MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(ROOT)) for p in MODULES])
def test_first_docstring_line_says_what_the_module_is_for(path: Path) -> None:
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")), clean=False)
    assert doc, f"{path.name}: no module docstring"
    lines = doc.split("\n")
    # one complete line: a sentence wrapped onto a second line does not count
    assert len(lines[0].strip()) >= 15, f"{path.name}: first line too short: {lines[0]!r}"
    assert len(lines) == 1 or not lines[1].strip(), f"{path.name}: first line runs on"


def test_every_render_asset_is_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = config["tool"]["setuptools"]["package-data"]["citecheck.render.assets"]
    assets = [p for p in (PACKAGE / "render" / "assets").iterdir() if p.suffix != ".py"]
    assert {"report.css", "report.js"} <= {p.name for p in assets}
    for p in assets:
        if p.name != "__pycache__":
            assert any(fnmatch.fnmatch(p.name, g) for g in globs), p.name
