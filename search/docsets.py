"""Per-searcher caches: documents as bitmaps, term scores, facet values, sort orders.

A set of documents is a Python int with bit `d` set for document number `d`:
AND, OR, AND NOT and counting are single C operations whatever the size, so
facet counts over the whole catalogue cost microseconds. The caches are built
once per opened index version and never change: a new version gets new ones.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from typing import Any

from whoosh.searching import Searcher

from catalogue.facets import FACETS

SCORE_CACHE_TERMS = 4096  # (field, term) score maps kept per index version
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


class DocSets:
    """The cached view of one opened index version."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.size = self.reader.doc_count_all()
        self.live = to_bits(self.reader.all_doc_ids(), self.size)
        self._postings: dict[tuple[str, str], int] = {}
        self._scores: OrderedDict[tuple[str, str], dict[int, float]] = OrderedDict()
        self.facets = {facet.param: self._facet_values(facet.param) for facet in FACETS}
        self.newest_order, self.title_order = self._orders()
        self.prior = self._priors()
        self.newest_rank = {d: rank for rank, d in enumerate(self.newest_order)}

    def postings(self, field: str, term: str) -> int:
        """The documents holding a term in a field."""
        key = (field, term)
        bits = self._postings.get(key)
        if bits is None:
            bits = 0
            if self.reader.doc_frequency(field, term):
                ids = self.reader.postings(field, term).all_ids()
                bits = to_bits(ids, self.size) & self.live
            if len(self._postings) < 200_000:
                self._postings[key] = bits
        return bits

    def scores(self, field: str, term: str) -> dict[int, float]:
        """Whoosh's BM25F score of each document for a term in a field (cached)."""
        key = (field, term)
        found = self._scores.get(key)
        if found is not None:
            self._scores.move_to_end(key)
            return found
        found = {}
        if self.reader.doc_frequency(field, term):
            matcher = self.searcher.postings(field, term)
            while matcher.is_active():
                found[matcher.id()] = matcher.score()
                matcher.next()
        self._scores[key] = found
        if len(self._scores) > SCORE_CACHE_TERMS:
            self._scores.popitem(last=False)
        return found

    def _facet_values(self, field: str) -> dict[str, int]:
        values = {}
        for term in self.reader.lexicon(field):
            value = term.decode("utf-8")
            bits = self.postings(field, value)
            if bits:
                values[value] = bits
        return values

    def _orders(self) -> tuple[list[int], list[int]]:
        if not self.live:  # an empty index has no columns to read
            return [], []
        dates = self.reader.column_reader("date_sort")
        titles = self.reader.column_reader("title_sort")
        rows = [
            (dates[d], _text(titles[d]), d) for d in iter_bits(self.live, self.size)
        ]
        newest = [
            d for _date, _title, d in sorted(rows, key=lambda r: (-r[0], r[1], r[2]))
        ]
        by_title = [d for _date, _title, d in sorted(rows, key=lambda r: (r[1], r[2]))]
        return newest, by_title

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
        return self.searcher.stored_fields(docnum)

    def docnum_of(self, slug: str) -> int | None:
        """The live document number of a slug."""
        bits = self.postings("slug", slug)
        return next(iter(iter_bits(bits, self.size)), None) if bits else None


def _text(value: Any) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value or "")
