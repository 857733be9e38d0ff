"""The site's state: the search engine and the catalogue, kept in step with the index.

The catalogue (entries, backlinks, organisations) is built from what the
published index stored (every field and the rendered HTML of each entry) and
rebuilt whenever the index changes (after `catalogue index` or a `--watch`
update): the entry files are never read here. This is the only module the
views use to reach the data.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from flask import Flask, current_app

from catalogue.collection import Catalogue, catalogue_of
from catalogue.config import Settings
from catalogue.model import entry_from_dict
from search.engine import SearchEngine
from search.generations import IndexLocked, IndexUnavailable, current_generation
from search.indexer import update_index

INDEX_WAIT_SECONDS = (
    60  # how long a starting worker waits for another to build the index
)


class Site:
    """The engine and the catalogue of one app."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.engine = SearchEngine(settings.index_dir)
        self._lock = threading.Lock()
        self._catalogue: Catalogue | None = None
        self._catalogue_version: object = None

    def catalogue(self) -> Catalogue:
        """The catalogue the index in use holds (reloaded when the index changes).

        Pages are served from what the index stored, never from the files:
        a page and its search hit always agree, and no request renders a body.
        """
        version = self.engine.version()
        with self._lock:
            if self._catalogue is None or self._catalogue_version is not version:
                entries = {
                    data["slug"]: entry_from_dict(data, html)
                    for data, html in self.engine.stored_entries(version)
                }
                # Everything from the one version, even if a newer one is
                # published meanwhile: pages and counts always agree.
                invalid = self.engine.status(version)["invalid"]
                self._catalogue = catalogue_of(
                    entries,
                    version.vocabulary,
                    self.engine.problems(version),
                    files=len(entries) + invalid,
                    invalid=invalid,
                )
                self._catalogue_version = version
            return self._catalogue

    def ensure_index(self) -> None:
        """Build the index if none is published; wait if another process builds it."""
        deadline = time.monotonic() + INDEX_WAIT_SECONDS
        while current_generation(self.settings.index_dir) is None:
            try:
                update_index(self.settings.entries_dir, self.settings.index_dir)
            except IndexLocked:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
            except IndexUnavailable:
                return  # reported on every request until it is fixed


def init_app(app: Flask, settings: Settings) -> None:
    """Attach a Site to the app and make sure an index exists."""
    site = Site(settings)
    if not app.config.get("CATALOGUE_SKIP_INDEX"):
        site.ensure_index()
        try:  # load the entries now rather than on the first visitor's request
            site.catalogue()
        except IndexUnavailable:
            pass  # answered as a 503 on each request until it is fixed
    app.extensions["catalogue"] = site


def get_site() -> Site:
    """The Site of the current app."""
    return current_app.extensions["catalogue"]


def entries_dir() -> Path:
    """The entries folder of the current app."""
    return get_site().settings.entries_dir
