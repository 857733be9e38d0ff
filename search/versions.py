"""Index versions: one opened generation with its caches, and following the
newest one as `catalogue index` publishes it.

`Published.version()` is the only place that decides which version is in use:
`_lock` guards that choice; the one thread opening a new version holds
`_opening` while the others keep answering from the old one.
"""

from __future__ import annotations

import os
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from catalogue.facets import FACETS
from catalogue.vocabulary import Vocabulary, normalise, vocabulary_from_dict
from search.cache import LRUCache
from search.docsets import DocSets
from search.generations import (
    IndexUnavailable,
    current_generation,
    read_meta,
    read_problems,
    read_words,
)
from search.query import SearchRequest
from search.spelling import Speller

CACHED_SIMILAR = 4096  # entries whose similar entries are kept per version


class Version:
    """One opened version of the index, with its caches."""

    def __init__(self, generation: Path) -> None:
        self.generation = generation
        self.ix = whoosh_index.open_dir(str(generation))
        searcher = self.ix.searcher()
        self.toc = self.ix.latest_generation()
        self.docsets = DocSets(searcher, self.ix)
        self.meta = read_meta(generation)
        self.problems = read_problems(generation)
        self.vocabulary: Vocabulary = vocabulary_from_dict(
            self.meta.get("vocabulary", {})
        )
        self.synonyms = synonym_table(self.vocabulary)
        self.canonical = canonical_tables(self.vocabulary)
        self.known = known_values(self.vocabulary, self.docsets)
        self._speller: Speller | None = None
        self._speller_lock = threading.Lock()
        #: Similar entries by (slug, limit): fixed for a version, and the
        #: slowest part of an entry page (key terms, then scoring them).
        self.similar: LRUCache[tuple[str, int], list[dict[str, Any]]] = LRUCache(
            CACHED_SIMILAR
        )

    @property
    def speller(self) -> Speller:
        """Indexed words and their document frequencies (read on first use)."""
        with self._speller_lock:
            if self._speller is None:
                words = read_words(self.generation)
                for term in (
                    term
                    for facet in FACETS
                    if facet.query_synonyms and facet.vocabulary_group
                    for term in self.vocabulary.groups[facet.vocabulary_group]
                ):
                    for word in " ".join((term.name, *term.aliases)).lower().split():
                        words.setdefault(word, 1)
                self._speller = Speller(words)
            return self._speller

    def close(self) -> None:
        """Release the index files."""
        self.docsets.close()


def synonym_table(vocabulary: Vocabulary) -> dict[str, tuple[str, tuple[str, ...]]]:
    """normalised form -> (facet field, (canonical, *aliases))."""
    table: dict[str, tuple[str, tuple[str, ...]]] = {}
    for facet in FACETS:
        if facet.query_synonyms and facet.vocabulary_group:
            for term in vocabulary.groups[facet.vocabulary_group]:
                forms = (term.name, *term.aliases)
                for form in forms:
                    table.setdefault(normalise(form), (facet.param, forms))
    return table


def known_values(vocabulary: Vocabulary, docsets: DocSets) -> dict[str, frozenset[str]]:
    """facet -> every value it can have: indexed, in the vocabulary or fixed."""
    known = {}
    for facet in FACETS:
        values = set(docsets.facets.get(facet.param, ())) | set(facet.fixed_values)
        if facet.vocabulary_group:
            values.update(t.name for t in vocabulary.groups[facet.vocabulary_group])
        known[facet.param] = frozenset(values)
    return known


def known_filters(
    request: SearchRequest, known: dict[str, frozenset[str]]
) -> tuple[SearchRequest, tuple[tuple[str, str], ...]]:
    """The request without filter values no entry can have, and those values.

    Such a value can only match nothing, yet every link on a results page
    repeated it; it is now left out before anything is built from it.
    """
    kept: dict[str, tuple[str, ...]] = {}
    ignored: list[tuple[str, str]] = []
    for facet, values in request.filters.items():
        allowed = known.get(facet, frozenset())
        ignored += [(facet, v) for v in values if v not in allowed]
        chosen = tuple(v for v in values if v in allowed)
        if chosen:
            kept[facet] = chosen
    if not ignored:
        return request, ()
    return replace(request, filters=kept), tuple(ignored)


def canonical_tables(vocabulary: Vocabulary) -> dict[str, dict[str, str]]:
    """facet -> {normalised alias: canonical value}, for URL parameters."""
    tables: dict[str, dict[str, str]] = {}
    for facet in FACETS:
        if facet.vocabulary_group:
            tables[facet.param] = {
                normalise(form): term.name
                for term in vocabulary.groups[facet.vocabulary_group]
                for form in (term.name, *term.aliases)
            }
        elif facet.fixed_values and not facet.boolean:  # `laptop` is Laptop
            tables[facet.param] = {normalise(v): v for v in facet.fixed_values}
    return tables


class Published:
    """The newest published version of the index in a folder, opened as it changes."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()  # the version in use and its stamp
        self._opening = threading.Lock()  # held by the one thread opening a version
        self._version_: Version | None = None
        self._seen: tuple[Any, ...] | None = None

    def _stamp(self) -> tuple[Any, ...] | None:
        try:
            pointer = os.stat(self.index_dir / "CURRENT")
        except OSError:
            return None
        generation = current_generation(self.index_dir)
        if generation is None:
            return None
        return (
            pointer.st_mtime_ns,
            pointer.st_ino,
            generation.name,
            latest_toc(generation),
        )

    def version(self) -> Version:
        """The newest published index, reopened when it changes.

        One thread opens a new version; meanwhile the others keep answering
        from the one they had (they wait only when there is none yet).
        """
        stamp = self._stamp()
        with self._lock:
            current = self._version_
            if stamp is None:
                if current is not None:
                    return current  # keep serving what we had
                raise IndexUnavailable(
                    f"there is no index in {self.index_dir} yet: run"
                    " `catalogue index` to build it"
                )
            if stamp == self._seen and current is not None:
                return current
        if current is None:
            self._opening.acquire()  # nothing to answer from until it is open
        elif not self._opening.acquire(blocking=False):
            return current  # another thread is opening the new version
        try:
            with self._lock:
                if stamp == self._seen and self._version_ is not None:
                    return self._version_  # opened while this thread waited
            fresh = Version(current_generation(self.index_dir) or Path())
            with self._lock:
                self._version_, self._seen = fresh, stamp
            return fresh
        finally:
            self._opening.release()

    def close(self) -> None:
        """Release the index files."""
        with self._lock:
            if self._version_:
                self._version_.close()
            self._version_ = None

    # --- what the index holds -----------------------------------------------------


def latest_toc(generation: Path) -> int:
    """The newest Whoosh commit (TOC generation) in a folder."""
    best = -1
    for name in os.listdir(generation):
        if name.startswith("_MAIN_") and name.endswith(".toc"):
            try:
                best = max(best, int(name[6:-4]))
            except ValueError:
                continue
    return best
