"""The import rules of docs/architecture.md."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = [
    "model",
    "problems",
    "loader",
    "vocabulary",
    "legacy",
    "validate",
    "collection",
    "render",
    "scaffold",
    "config",
    "front_matter_schema",
    "link_check",
    "evidence",
    "evidence_repository",
    "evidence_files",
    "evidence_readme",
    "evidence_licences",
    "evidence_tiers",
    "evidence_store",
    "gitrepo",
    "bounded",
    "text",
    "facets",
    "fields",
    "checks",
    "reuse",
    "checklist",
]


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
