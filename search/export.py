"""A search's whole result set, in order, read one entry at a time.

For `/search.csv`: the same match, filters and order as a page of results
(`matching.Search`), but every result, and without snippets or facet counts.
The order is worked out once (scores are exact, as for a page); each entry's
stored fields are read only when the consumer asks for the next one, so a
download of 10,000 entries never holds them all in memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from search.docsets import Membership
from search.matching import Search
from search.query import SearchRequest, parse_query
from search.versions import Version


def result_order(version: Version, request: SearchRequest) -> list[int]:
    """Every result's document number, in the order its pages list them."""
    search = Search(version, request)
    docsets = version.docsets
    positive, negative = search.compile(parse_query(request.q))
    text_bits, _relaxed = search.match(positive)
    results = text_bits & ~negative & docsets.live
    for bits in search.filter_bits().values():
        results &= bits
    if request.effective_sort == "relevance" and positive:
        scores = search.scores(results, positive)
        rank = docsets.newest_rank
        return sorted(scores, key=lambda d: (-scores[d], rank[d]))
    order = (
        docsets.title_order
        if request.effective_sort == "title"
        else docsets.newest_order
    )
    member = Membership(results, docsets.size)
    return [d for d in order if d in member]


def iter_entries(version: Version, docnums: list[int]) -> Iterator[dict[str, Any]]:
    """Every field of each entry (`Entry.to_dict()`), read as it is asked for."""
    for docnum in docnums:
        yield json.loads(version.docsets.stored(docnum)["entry"])
