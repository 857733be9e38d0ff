"""The site's state: the search engine and the catalogue, kept in step with the index.

The catalogue (entries, backlinks, organisations) is loaded from the entries
folder and reloaded whenever the published index changes (after `catalogue
index` or a `--watch` update), reusing parsed files whose content is unchanged.
This is the only module the views use to reach the data.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from flask import Flask, current_app

from catalogue.collection import Catalogue, ParseCache, load_catalogue
from catalogue.config import Settings
from search.engine import SearchEngine
from search.indexer import (
    IndexLocked,
    IndexUnavailable,
    current_generation,
    update_index,
)

INDEX_WAIT_SECONDS = (
    60  # how long a starting worker waits for another to build the index
)


class EntriesMissing(IndexUnavailable):
    """The entries folder is gone: pages that need the entry files cannot be shown."""

    public_message = (
        "The catalogue's entries folder cannot be read at the moment, so this"
        " page cannot be shown. Search still works; please try again later."
    )


class Site:
    """The engine and the catalogue of one app."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.engine = SearchEngine(settings.index_dir)
        self._lock = threading.Lock()
        self._cache: ParseCache = {}
        self._catalogue: Catalogue | None = None
        self._catalogue_version: object = None

    def catalogue(self) -> Catalogue:
        """The catalogue matching the index in use (reloaded when the index changes)."""
        version = self.engine.version()
        with self._lock:
            if self._catalogue is None or self._catalogue_version is not version:
                if not self.settings.entries_dir.is_dir():
                    return self._without_entries()
                self._catalogue = load_catalogue(
                    self.settings.entries_dir, cache=self._cache
                )
                self._catalogue_version = version
                self._prune_cache()
            return self._catalogue

    def _without_entries(self) -> Catalogue:
        """The entries folder is missing: the last catalogue, or a 503 saying why.

        Loading it now cached an empty catalogue for the index version: every
        entry page was a 404 while search still listed the entries, even after
        the folder came back. Nothing is cached here, so the next request
        after the folder returns loads it.
        """
        if self._catalogue is not None:
            return self._catalogue
        raise EntriesMissing(
            f"the entries folder {self.settings.entries_dir} does not exist;"
            " set CATALOGUE_ENTRIES to the folder of entries"
        )

    def _prune_cache(self) -> None:
        if len(self._cache) > 2 * max(
            1, self._catalogue.files if self._catalogue else 1
        ):
            self._cache.clear()

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
