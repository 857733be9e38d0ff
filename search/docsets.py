"""Per-version caches: documents as bitmaps, term scores, facet values, sort orders.

A set of documents is a Python int with bit `d` set for document number `d`:
AND, OR, AND NOT and counting are single C operations whatever the size, so
facet counts over the whole catalogue cost microseconds. Facet values, sort
orders and priors are built once per opened index version and never change: a
new version gets new ones.

Searches run in parallel threads. A Whoosh searcher is not safe to share
between them (its files are read by seek-then-read), so each search borrows
one from a small pool (`reading()`): all of them open the same commit, so
document numbers and scores agree. Postings bitmaps and score maps are cached
in thread-safe LRUs, and only for terms the index holds: a query of made-up
words costs a lookup each, and fills nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from whoosh.index import FileIndex
from whoosh.scoring import BM25FScorer, bm25
from whoosh.searching import Searcher

from catalogue.facets import FACETS
from search.cache import LRUCache

SCORE_CACHE_TERMS = 4096  # (field, term) score maps kept per index version
SCORE_CACHE_POSTINGS = 1_000_000  # ... holding at most this many scores in all
POSTINGS_CACHE_TERMS = 100_000  # (field, term) bitmaps kept per index version
POSTINGS_CACHE_BYTES = 64 * 1024 * 1024  # ... of at most this many bytes in all
#: Relevance weights: people come for reusable projects, so at equal text
#: relevance a project (and one with code) comes before talk about it.
TYPE_WEIGHTS = {"project": 1.25, "case-study": 1.1, "playbook": 1.1}
CODE_WEIGHT = 1.1


def to_bits(docnums: Iterable[int], size: int) -> int:
    """A bitmap of document numbers."""
    buffer = bytearray((size >> 3) + 1)
    for d in docnums:
        buffer[d >> 3] |= 1 << (d & 7)
    return int.from_bytes(buffer, "little")


def iter_bits(bits: int, size: int) -> Iterable[int]:
    """The document numbers in a bitmap, in order."""
    data = bits.to_bytes((size >> 3) + 1, "little")
    for index, byte in enumerate(data):
        while byte:
            low = byte & -byte
            yield (index << 3) + low.bit_length() - 1
            byte ^= low


class Membership:
    """Fast `d in bitmap` tests for many documents."""

    def __init__(self, bits: int, size: int) -> None:
        self.data = bits.to_bytes((size >> 3) + 1, "little")

    def __contains__(self, d: int) -> bool:
        return bool(self.data[d >> 3] >> (d & 7) & 1)


class _SearcherPool:
    """Whoosh searchers over one commit: one per thread using it at a time.

    The first is opened by the caller; the others are opened on demand from
    the same segments, so they see exactly the same documents. If one cannot
    be opened (a later commit has removed the segment files), the caller
    waits for a free one instead.
    """

    def __init__(self, first: Searcher, index: Any) -> None:
        self.first = first
        reader = first.reader()
        self._open_args = (
            (index.storage, reader.schema, list(reader.segments()), reader.generation())
            if isinstance(index, FileIndex) and reader.segments()
            else None
        )
        self._index = index
        self._idle: list[Searcher] = [first]
        self._opened: list[Searcher] = [first]
        self._free = threading.Condition(threading.Lock())
        self._closed = False

    @contextmanager
    def borrow(self) -> Iterator[Searcher]:
        """A searcher no other thread is using, until the block ends."""
        searcher = self._take()
        try:
            yield searcher
        finally:
            with self._free:
                self._idle.append(searcher)
                self._free.notify()

    def _take(self) -> Searcher:
        with self._free:
            self._check_open()
            if self._idle:
                return self._idle.pop()
        fresh = self._open()
        with self._free:
            if fresh is not None:
                self._opened.append(fresh)
                return fresh
            while not self._idle:
                self._check_open()
                self._free.wait(timeout=1.0)
            return self._idle.pop()

    def _check_open(self) -> None:
        if self._closed:
            raise RuntimeError("this index version was closed")

    def _open(self) -> Searcher | None:
        if self._open_args is None or self._closed:
            return None
        storage, schema, segments, generation = self._open_args
        try:
            reader = FileIndex._reader(storage, schema, list(segments), generation)
        except OSError:
            return None  # the segment files are gone: share the ones we have
        return Searcher(reader, fromindex=self._index)

    def close(self) -> None:
        """Close every searcher opened."""
        with self._free:
            self._closed = True
            opened, self._opened, self._idle = self._opened, [], []
            self._free.notify_all()
        for searcher in opened:
            searcher.close()


class DocSets:
    """The cached view of one opened index version."""

    def __init__(self, searcher: Searcher, index: Any = None) -> None:
        #: The first searcher: for one thread at a time (tests, building these
        #: caches). Concurrent users borrow one with `reading()`.
        self.searcher = searcher
        self._pool = _SearcherPool(searcher, index)
        self.reader = searcher.reader()
        self.size = self.reader.doc_count_all()
        self.live = to_bits(self.reader.all_doc_ids(), self.size)
        self._postings: LRUCache[tuple[str, str], int] = LRUCache(
            POSTINGS_CACHE_TERMS, POSTINGS_CACHE_BYTES, _bitmap_bytes
        )
        self._scores: LRUCache[tuple[str, str], dict[int, float]] = LRUCache(
            SCORE_CACHE_TERMS, SCORE_CACHE_POSTINGS, len
        )
        #: Field lengths as Whoosh's scorer reads them, by field and document,
        #: read on first use.
        self._field_lengths: dict[str, dict[int, int]] = {}
        self.facets = {facet.param: self._facet_values(facet.param) for facet in FACETS}
        self.newest_order, self.title_order, self.adopted_order = self._orders()
        self.browse_orders = self._current_first()
        self.prior = self._priors()
        self.newest_rank = {d: rank for rank, d in enumerate(self.newest_order)}

    def reading(self) -> AbstractContextManager[Searcher]:
        """`with docsets.reading() as searcher:` a searcher for this thread alone."""
        return self._pool.borrow()

    def close(self) -> None:
        """Release the index files."""
        self._pool.close()

    def postings(self, field: str, term: str) -> int:
        """The documents holding a term in a field (cached if the term exists)."""
        key = (field, term)
        bits = self._postings.get(key)
        if bits is not None:
            return bits
        with self.reading() as searcher:
            reader = searcher.reader()
            if not reader.doc_frequency(field, term):
                return 0  # not in the index: nothing to cache
            ids = reader.postings(field, term).all_ids()
            bits = to_bits(ids, self.size) & self.live
        return self._postings.put(key, bits)

    def scores(self, field: str, term: str) -> dict[int, float]:
        """Whoosh's BM25F score of each document for a term in a field (cached).

        The scores are Whoosh's own (its scorer's statistics and `bm25`), but
        computed from each posting's weight and the field lengths (each read
        once per version), not through a scoring matcher's chain of calls. The map
        returned is shared: callers must not change it.
        """
        key = (field, term)
        found = self._scores.get(key)
        if found is not None:
            return found
        with self.reading() as searcher:
            if not searcher.reader().doc_frequency(field, term):
                return _NO_SCORES  # not in the index: nothing to cache
            # Searchers use Whoosh's default weighting, BM25F; tests/search/
            # test_scores.py holds these scores equal to its matchers' own.
            scorer: BM25FScorer = searcher.weighting.scorer(searcher, field, term)
            lengths = self._field_lengths.setdefault(field, {})
            length_of = searcher.reader().doc_field_length
            idf, avgfl, b, k1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1
            found = {}
            for docnum, weight in _weights(searcher.postings(field, term)):
                length = lengths.get(docnum)
                if length is None:  # the same for every thread: no lock needed
                    length = lengths[docnum] = length_of(docnum, field, 1)
                found[docnum] = bm25(idf, weight, length, avgfl, b, k1)
        return self._scores.put(key, found)

    def _facet_values(self, field: str) -> dict[str, int]:
        values = {}
        for term in self.reader.lexicon(field):
            value = term.decode("utf-8")
            bits = self.postings(field, value)
            if bits:
                values[value] = bits
        return values

    def _orders(self) -> tuple[list[int], list[int], list[int]]:
        if not self.live:  # an empty index has no columns to read
            return [], [], []
        dates = self.reader.column_reader("date_sort")
        titles = self.reader.column_reader("title_sort")
        rows = [
            (dates[d], _text(titles[d]), d) for d in iter_bits(self.live, self.size)
        ]
        newest = [
            d for _date, _title, d in sorted(rows, key=lambda r: (-r[0], r[1], r[2]))
        ]
        by_title = [d for _date, _title, d in sorted(rows, key=lambda r: (r[1], r[2]))]
        adopters = self.reader.column_reader("adopted_sort")
        rank = {d: i for i, d in enumerate(newest)}
        adopted = sorted(newest, key=lambda d: (-adopters[d], rank[d]))
        return newest, by_title, adopted

    def order_for(self, sort: str, browsing: bool = False) -> list[int]:
        """Document numbers in a sort's order; browsing puts retired ones last."""
        if browsing:
            return self.browse_orders[sort if sort in self.browse_orders else "newest"]
        if sort == "title":
            return self.title_order
        return self.adopted_order if sort == "adopted" else self.newest_order

    def _current_first(self) -> dict[str, list[int]]:
        """Each sort order with retired entries moved after the current ones.

        An empty query browses the catalogue: tombstones stay findable, but
        what can still be reused comes first.
        """
        retired = Membership(self.facets["status"].get("retired", 0), self.size)
        orders = {}
        for sort in ("newest", "title", "adopted"):
            order = self.order_for(sort)
            orders[sort] = [d for d in order if d not in retired] + [
                d for d in order if d in retired
            ]
        return orders

    def _priors(self) -> dict[int, float]:
        """Each document's weight in relevance ranking, from its type and code."""
        prior = dict.fromkeys(iter_bits(self.live, self.size), 1.0)
        for value, weight in TYPE_WEIGHTS.items():
            for d in iter_bits(self.facets["type"].get(value, 0), self.size):
                prior[d] *= weight
        for d in iter_bits(self.facets["has_code"].get("true", 0), self.size):
            prior[d] *= CODE_WEIGHT
        return prior

    def stored(self, docnum: int) -> dict[str, Any]:
        """The stored fields of a document."""
        with self.reading() as searcher:
            return searcher.stored_fields(docnum)

    def docnum_of(self, slug: str) -> int | None:
        """The live document number of a slug."""
        bits = self.postings("slug", slug)
        return next(iter(iter_bits(bits, self.size)), None) if bits else None


_NO_SCORES: dict[int, float] = {}  # shared: never changed


def _bitmap_bytes(bits: int) -> int:
    return (bits.bit_length() + 7) // 8 + 32


def _text(value: Any) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value or "")


def _weights(matcher: Any) -> Iterator[tuple[int, float]]:
    """(document number, weight) of every posting of a matcher."""
    while matcher.is_active():
        yield matcher.id(), matcher.weight()
        matcher.next()
