"""The import rules of docs/architecture.md, and the size of modules."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: Delivery: the modules of `catalogue/` that may import flask, click and search.
DELIVERY = {"__init__", "__main__", "app", "cli", "cli_common", "cli_evidence"}
DELIVERY |= {"cli_report", "watch"}
#: The domain is every other module of `catalogue/` (web/ is delivery too), so a
#: new module is checked the day it is added.
DOMAIN = sorted(
    p.stem for p in (ROOT / "catalogue").glob("*.py") if p.stem not in DELIVERY
)
#: No module of the product or its harness is longer than this (issue 13).
MAX_LINES = 400


def imported(path: Path) -> set[str]:
    """Top-level names of every module a file imports."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("module", DOMAIN)
def test_domain_modules_import_no_framework(module):
    found = imported(ROOT / "catalogue" / f"{module}.py")
    assert not found & {"flask", "click", "whoosh", "search", "werkzeug"}, found


def test_only_search_imports_whoosh():
    offenders = [
        p.relative_to(ROOT).as_posix()
        for folder in ("catalogue", "bench", "tests/support")
        for p in (ROOT / folder).rglob("*.py")
        if "whoosh" in imported(p)
    ]
    assert offenders == []


def _contracts() -> list[dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["importlinter"]["contracts"]


def test_the_import_contracts_name_every_domain_module():
    """`make lint` checks only the modules its contracts name: all of the domain."""
    domain = {f"catalogue.{name}" for name in DOMAIN} - {"catalogue.__init__"}
    forbidden, layers = (
        next(c for c in _contracts() if c["type"] == kind)
        for kind in ("forbidden", "layers")
    )
    assert set(forbidden["source_modules"]) == domain
    assert set(layers["layers"][-1].split(" : ")) == domain


def test_no_module_is_longer_than_the_limit():
    long = {
        p.relative_to(ROOT).as_posix(): lines
        for folder in ("catalogue", "search", "bench", "tests/support")
        for p in (ROOT / folder).rglob("*.py")
        if (lines := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
