"""Helpers shared by the reliability tests: sites (entries + index) and commands.

Kept out of conftest.py so that test modules import one copy of them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.support.server import catalogue_command

BIG_ENTRIES = 2500  # over search.indexer.PARALLEL_FROM: the two-process build
BIG_SEED = 42
REQUEST_SECONDS = 5.0  # a hang guard for one request, not a speed test


@dataclass(frozen=True)
class Site:
    """An entries folder and its index folder."""

    entries: Path
    index: Path
    count: int
    build_seconds: float = 0.0  # how long `catalogue index` took to build it

    def env(self) -> dict[str, str]:
        """The environment pointing `catalogue` at this site."""
        return {
            **os.environ,
            "CATALOGUE_ENTRIES": str(self.entries),
            "CATALOGUE_INDEX": str(self.index),
        }


def run_catalogue(
    site: Site, *args: str, timeout: float = 120, **popen: object
) -> subprocess.CompletedProcess[str]:
    """Run a `catalogue` command on a site; its output as text."""
    return subprocess.run(
        [*catalogue_command(), *args],
        env=site.env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        **popen,  # type: ignore[arg-type]
    )


def copy_site(site: Site, folder: Path) -> Site:
    """A copy of a site's entries and index that a test may change."""
    folder.mkdir(parents=True, exist_ok=True)
    entries = Path(shutil.copytree(site.entries, folder / "entries"))
    index = Path(shutil.copytree(site.index, folder / "index"))
    return Site(entries, index, site.count, site.build_seconds)
