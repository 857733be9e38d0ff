"""Search results and their API shape (contract section 4)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from catalogue.facets import FACETS
from search.query import SearchRequest


@dataclass(frozen=True)
class FacetValue:
    """One value of a facet with its count under the other selected filters."""

    value: str
    count: int
    selected: bool

    def to_dict(self) -> dict[str, Any]:
        """The API shape."""
        return {"value": self.value, "count": self.count, "selected": self.selected}


@dataclass(frozen=True)
class Hit:
    """One result: the stored entry fields plus score and highlighted snippet."""

    data: dict[str, Any]  # slug, url, title, summary, type, status, date, ...
    score: float
    highlights: str  # HTML: escaped text with <mark> around matched words
    missing: tuple[str, ...] = ()  # words of the query this entry lacks
    why: tuple[str, ...] = ()  # plain-English reasons it matched (explain.py)

    def to_dict(self, explain: bool = False) -> dict[str, Any]:
        """The API shape of a result; `why` only when asked for (`explain=true`)."""
        shape = {
            **self.data,
            "score": round(self.score, 4),
            "highlights": self.highlights,
            "missing": list(self.missing),
        }
        if explain:
            shape["why"] = list(self.why)
        return shape


@dataclass(frozen=True)
class SearchResults:
    """A page of results, the total, facet counts and a spelling suggestion."""

    request: SearchRequest
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    suggestion: str | None = None
    relaxed: bool = False  # no entry had every word, so any word was enough
    #: "all": every result has every word; "most": some lack a few (a long
    #: query, graded.py); "any": no entry had every word (relaxed)
    mode: str = "all"
    #: (facet, value) filters left out because no entry can have them
    ignored: tuple[tuple[str, str], ...] = ()

    @property
    def pages(self) -> int:
        """How many pages the results fill."""
        return max(1, -(-self.total // self.request.per_page))

    def to_dict(self) -> dict[str, Any]:
        """The `/api/search` answer."""
        return {
            "query": self.request.q,
            "total": self.total,
            "page": self.request.page,
            "per_page": self.request.per_page,
            "sort": self.request.effective_sort,
            "suggestion": self.suggestion,
            "relaxed": self.relaxed,
            "match": self.mode,
            "results": [hit.to_dict(self.request.explain) for hit in self.hits],
            "facets": {
                facet.param: [v.to_dict() for v in self.facets.get(facet.param, [])]
                for facet in FACETS
            },
        }
