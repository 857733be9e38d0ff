"""Answer search requests from the published index: results, facets, suggestions.

The engine is the one door to the index for the site and the command line:
`versions` follows the published generation, `matching` runs one request on
its bitmaps (exact top k, disjunctive facets), `suggestions` offers "did you
mean" and similar entries.

Searches run in parallel threads, and no lock is held for a whole search:
`Published` guards only which index version is in use, and each search
borrows a Whoosh searcher of its own (`DocSets.reading`) and shares the
version's thread-safe caches.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from catalogue.problems import Problem
from catalogue.vocabulary import Vocabulary
from search.docsets import iter_bits
from search.export import iter_entries, result_order
from search.matching import Search
from search.query import SearchRequest
from search.results import FacetValue, SearchResults
from search.suggestions import similar
from search.versions import Published, Version, known_filters


class SearchEngine:
    """Searches the index in a folder, following it as it is updated."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = Path(index_dir)
        self._published = Published(self.index_dir)

    def version(self) -> Version:
        """The newest published index, reopened when it changes."""
        return self._published.version()

    def close(self) -> None:
        """Release the index files."""
        self._published.close()

    def canonical_values(self) -> dict[str, dict[str, str]]:
        """facet -> {normalised alias: canonical value}: for `parse_request`."""
        return self.version().canonical

    @property
    def vocabulary(self) -> Vocabulary:
        """The vocabulary the index was built with."""
        return self.version().vocabulary

    def status(self, version: Version | None = None) -> dict[str, Any]:
        """Entries served, files left out, and when the index (or `version`) was
        last updated."""
        version = version or self.version()
        invalid = sum(
            any(p.is_error for p in found)
            for path, found in version.problems.items()
            if path.endswith(".md")
        )
        return {
            "entries": version.docsets.live.bit_count(),
            "invalid": invalid,
            "indexed_at": version.meta.get("updated_at"),
        }

    def problems(self, version: Version | None = None) -> list[Problem]:
        """Problems recorded at the last update (of the index, or of `version`)."""
        version = version or self.version()
        return [p for found in version.problems.values() for p in found]

    def entry_data(self, slug: str) -> dict[str, Any] | None:
        """The stored result fields of an entry."""
        docsets = self.version().docsets
        docnum = docsets.docnum_of(slug)
        if docnum is None:
            return None
        return json.loads(docsets.stored(docnum)["data"])

    def stored_entries(self, version: Version) -> list[tuple[dict[str, Any], str]]:
        """Every entry an index version holds: (its fields, its rendered HTML)."""
        docsets = version.docsets
        found = []
        for docnum in iter_bits(docsets.live, docsets.size):
            stored = docsets.stored(docnum)
            found.append((json.loads(stored["entry"]), stored["html"]))
        return found

    # --- searching ----------------------------------------------------------------

    def search(self, request: SearchRequest) -> SearchResults:
        """Results, facet counts and a suggestion for a checked request.

        Thread-safe, and run without a lock: searches in parallel threads do
        not wait for each other. Filter values no entry can have (not indexed,
        not in the vocabulary) are left out, and listed in `ignored`.
        """
        version = self.version()
        request, ignored = known_filters(request, version.known)
        return replace(Search(version, request).run(), ignored=ignored)

    def export(self, request: SearchRequest) -> tuple[int, Iterator[dict[str, Any]]]:
        """The number of results and every one in order, read as it is asked for."""
        version = self.version()
        request, _ignored = known_filters(request, version.known)
        order = result_order(version, request)
        return len(order), iter_entries(version, order)

    def facet_counts(self) -> dict[str, list[FacetValue]]:
        """Every facet's values with counts over the whole catalogue."""
        return self.search(SearchRequest(per_page=1)).facets

    def similar(self, slug: str, limit: int = 5) -> list[dict[str, Any]]:
        """The entries most like an entry: shared key words and filters.

        The list is cached for the index version and shared: do not change it.
        """
        version = self.version()
        found = version.similar.get((slug, limit))
        if found is None:
            found = version.similar.put((slug, limit), similar(version, slug, limit))
        return found
