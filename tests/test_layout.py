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


def _imports(path: Path, package: str) -> set[str]:
    """citecheck modules *path* imports, at module level or inside functions (not under
    ``if TYPE_CHECKING``, which never runs)."""
    tree = ast.parse(path.read_text("utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip |= {id(n) for n in ast.walk(node)}
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found |= {target, *(f"{target}.{a.name}" for a in node.names)}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
    return found


def test_no_import_cycles() -> None:
    """No two citecheck modules import each other, directly or round a loop, even lazily."""
    package_root = PACKAGE
    modules: dict[str, Path] = {}
    for path in package_root.rglob("*.py"):
        parts = list(path.relative_to(package_root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    graph = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        graph[name] = {m for m in _imports(path, package) if m in modules and m != name}

    def cycle_from(start: str) -> list[str] | None:
        stack, seen = [(start, [start])], set()
        while stack:
            node, trail = stack.pop()
            for nxt in graph[node]:
                if nxt == start:
                    return trail + [start]
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, trail + [nxt]))
        return None

    # a package importing its own submodules (its __init__ re-exporting them) is not a cycle
    cycles = [c for m in sorted(graph) if (c := cycle_from(m))
              and not any(a.startswith(b + ".") or b.startswith(a + ".") for a, b in zip(c, c[1:]))]
    assert cycles == []
