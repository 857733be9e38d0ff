"""Settings, read from the environment in one place.

Each setting has a default and a help line; the same names work as Flask
config keys. Order of precedence: defaults, then the environment, then a test
mapping given to `create_app`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Every setting: name -> (default, help line). Documented in the README too.
SETTINGS: dict[str, tuple[str, str]] = {
    "CATALOGUE_ENTRIES": (
        "./entries",
        "folder of entry Markdown files (and vocabulary.yml)",
    ),
    "CATALOGUE_INDEX": ("./instance/index", "folder where the search index is kept"),
    "CATALOGUE_EDIT_URL": (
        "https://github.com/nhsx/ai-use-case-catalogue/edit/main/entries/",
        "base URL for 'Edit this entry' links; the entry's path is appended",
    ),
    "CATALOGUE_SITE_URL": (
        "",
        "public base URL for the feed and sitemap (default: the request's)",
    ),
    "CATALOGUE_EVIDENCE_CACHE": (
        "./instance/evidence-cache",
        "folder where `catalogue evidence` keeps its clones of code repositories",
    ),
}


@dataclass(frozen=True)
class Settings:
    """Where the catalogue's files live, and how pages link to their sources."""

    entries_dir: Path
    index_dir: Path
    edit_url: str
    site_url: str
    evidence_cache: Path


def load_settings(overrides: Mapping[str, Any] | None = None) -> Settings:
    """Defaults, then the environment, then `overrides` (such as a test mapping)."""
    values = {name: default for name, (default, _help) in SETTINGS.items()}
    values.update({name: os.environ[name] for name in SETTINGS if name in os.environ})
    values.update({k: str(v) for k, v in (overrides or {}).items() if k in SETTINGS})
    return Settings(
        entries_dir=Path(values["CATALOGUE_ENTRIES"]),
        index_dir=Path(values["CATALOGUE_INDEX"]),
        edit_url=values["CATALOGUE_EDIT_URL"],
        site_url=values["CATALOGUE_SITE_URL"].rstrip("/"),
        evidence_cache=Path(values["CATALOGUE_EVIDENCE_CACHE"]),
    )
