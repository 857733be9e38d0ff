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
        "public base URL of the site, used for every absolute URL (feed, sitemap,"
        " robots.txt, OpenSearch, redirects); default: the request's own",
    ),
    "CATALOGUE_TRUSTED_HOSTS": (
        "",
        "comma-separated host names the site answers to (`.example.org` also"
        " matches its subdomains); any other Host header gets a 400. Default: any",
    ),
    "CATALOGUE_TRUSTED_PROXIES": (
        "0",
        "how many reverse proxies in front of the site set X-Forwarded-For,"
        " -Proto, -Host and -Port; 0 (the default) ignores those headers",
    ),
    "CATALOGUE_EVIDENCE_CACHE": (
        "./instance/evidence-cache",
        "folder where `catalogue evidence` keeps its clones of code repositories",
    ),
    "CATALOGUE_SEARCH_LOG": (
        "",
        "SQLite file of the search log (what was searched, never who; see"
        " /privacy); default: searches.sqlite beside the index folder, which is"
        " instance/searches.sqlite; `off` keeps no log",
    ),
    "CATALOGUE_SEARCH_LOG_ROWS": (
        "100000",
        "most rows the search log keeps (one per query, filters and day);"
        " the oldest days go first",
    ),
    "CATALOGUE_SEARCH_LOG_DAYS": (
        "365",
        "days the search log keeps a search for",
    ),
}


@dataclass(frozen=True)
class Settings:
    """Where the catalogue's files live, how pages link, whom the site trusts."""

    entries_dir: Path
    index_dir: Path
    edit_url: str
    site_url: str
    evidence_cache: Path
    trusted_hosts: tuple[str, ...] = ()
    trusted_proxies: int = 0
    search_log: Path | None = None  # None: no search log
    search_log_rows: int = 100_000
    search_log_days: int = 365

    def as_config(self) -> dict[str, str]:
        """Each setting by its name, as text (the form Flask config keys take)."""
        return {
            "CATALOGUE_ENTRIES": str(self.entries_dir),
            "CATALOGUE_INDEX": str(self.index_dir),
            "CATALOGUE_EDIT_URL": self.edit_url,
            "CATALOGUE_SITE_URL": self.site_url,
            "CATALOGUE_EVIDENCE_CACHE": str(self.evidence_cache),
            "CATALOGUE_TRUSTED_HOSTS": ",".join(self.trusted_hosts),
            "CATALOGUE_TRUSTED_PROXIES": str(self.trusted_proxies),
            "CATALOGUE_SEARCH_LOG": str(self.search_log or "off"),
            "CATALOGUE_SEARCH_LOG_ROWS": str(self.search_log_rows),
            "CATALOGUE_SEARCH_LOG_DAYS": str(self.search_log_days),
        }


def load_settings(overrides: Mapping[str, Any] | None = None) -> Settings:
    """Defaults, then the environment, then `overrides` (such as a test mapping)."""
    values = {name: default for name, (default, _help) in SETTINGS.items()}
    values.update({name: os.environ[name] for name in SETTINGS if name in os.environ})
    values.update({k: str(v) for k, v in (overrides or {}).items() if k in SETTINGS})
    return Settings(
        entries_dir=Path(values["CATALOGUE_ENTRIES"]),
        index_dir=Path(values["CATALOGUE_INDEX"]),
        edit_url=values["CATALOGUE_EDIT_URL"],
        site_url=values["CATALOGUE_SITE_URL"].strip().rstrip("/"),
        evidence_cache=Path(values["CATALOGUE_EVIDENCE_CACHE"]),
        trusted_hosts=tuple(
            host.strip().lower()
            for host in values["CATALOGUE_TRUSTED_HOSTS"].split(",")
            if host.strip()
        ),
        trusted_proxies=_proxies(values["CATALOGUE_TRUSTED_PROXIES"]),
        search_log=_search_log(
            values["CATALOGUE_SEARCH_LOG"], Path(values["CATALOGUE_INDEX"])
        ),
        search_log_rows=_whole(values, "CATALOGUE_SEARCH_LOG_ROWS", 100, 10_000_000),
        search_log_days=_whole(values, "CATALOGUE_SEARCH_LOG_DAYS", 1, 36_500),
    )


def _search_log(text: str, index_dir: Path) -> Path | None:
    """The search log's file: as given, beside the index folder if blank, or off."""
    text = text.strip()
    if text.lower() == "off":
        return None
    return Path(text) if text else index_dir.parent / "searches.sqlite"


def _whole(values: Mapping[str, str], name: str, low: int, high: int) -> int:
    text = values[name].strip() or SETTINGS[name][0]
    if not (text.isascii() and text.isdigit() and low <= int(text) <= high):
        raise ValueError(
            f"{name} must be a whole number from {low} to {high}, not {text!r}"
        )
    return int(text)


def _proxies(text: str) -> int:
    """A number of proxy hops, 0 to 10 (blank is 0)."""
    text = text.strip() or "0"
    if not (text.isascii() and text.isdigit() and int(text) <= 10):
        raise ValueError(
            f"CATALOGUE_TRUSTED_PROXIES must be a whole number from 0 to 10"
            f" (the proxies in front of the site), not {text!r}"
        )
    return int(text)
