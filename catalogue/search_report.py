"""What the search log says: top searches, failed ones, and vocabulary edits to try.

`build_report(rows, vocabulary)` reads the rows of the search log
(`catalogue.search_log`) and, for every search that found nothing or only
through the any-word fallback, proposes either an alias to add to
`vocabulary.yml` (the closest existing value, by shared words or spelling),
with the YAML to paste, or "content gap" when no value is close: the
catalogue has nothing on it yet. Pure: rows and vocabulary in, data out.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import yaml

from catalogue.search_log import LoggedSearch
from catalogue.vocabulary import Term, Vocabulary, normalise

TOP = 20  # searches listed as the commonest
#: Vocabulary groups whose aliases a query can match (facets with query synonyms).
GROUPS = ("problem_areas", "techniques", "organisations")
SPELLING = 0.8  # similarity of two spellings (difflib ratio) that counts as a slip
SHARED = 0.5  # share of a query's words a value must have to be proposed
#: Words too common to count as shared (besides one- and two-letter words).
COMMON_WORDS = frozenset(
    "and for the with from into about using use how what which who nhs data"
    " patient patients care health ai".split()
)


@dataclass(frozen=True)
class Proposal:
    """An alias to add (kind "alias") or a gap in the content ("content gap")."""

    kind: str  # "alias" or "content gap"
    reason: str  # in plain English
    group: str | None = None  # vocabulary group of the value
    value: str | None = None  # the canonical value the alias would join
    yaml: str | None = None  # the value's item with the alias added, to paste


@dataclass(frozen=True)
class SearchSummary:
    """One query over the period: how often, what it last found, and a proposal."""

    query: str
    searches: int
    results: int  # what the latest search found
    match: str  # "all", "most" or "any" (the any-word fallback)
    suggestion: str | None = None
    proposal: Proposal | None = None


@dataclass(frozen=True)
class SearchReport:
    """The report `catalogue report searches` prints."""

    since: str | None
    first_day: str | None
    last_day: str | None
    searches: int  # searches made
    queries: int  # different query texts
    top: list[SearchSummary] = field(default_factory=list)
    no_results: list[SearchSummary] = field(default_factory=list)
    fallback: list[SearchSummary] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain data (`--json`)."""
        return asdict(self)


def build_report(
    rows: Iterable[LoggedSearch],
    vocabulary: Vocabulary,
    since: str | None = None,
    entries_with: Mapping[str, int] | None = None,
) -> SearchReport:
    """Summarise log rows; `entries_with` (value -> entries) rules out empty values."""
    rows = list(rows)
    summaries = _by_query(rows)
    ranked = sorted(summaries, key=lambda s: (-s.searches, s.query))
    failed = [s for s in ranked if s.query and s.results == 0]
    fallback = [s for s in ranked if s.query and s.results and s.match == "any"]
    return SearchReport(
        since=since,
        first_day=rows[0].day if rows else None,
        last_day=max((r.day for r in rows), default=None),
        searches=sum(r.searches for r in rows),
        queries=len({r.query for r in rows if r.query}),
        top=[s for s in ranked if s.query][:TOP],
        no_results=[_with_proposal(s, vocabulary, entries_with) for s in failed],
        fallback=[_with_proposal(s, vocabulary, entries_with) for s in fallback],
    )


def _by_query(rows: list[LoggedSearch]) -> list[SearchSummary]:
    """One summary per query text (all filters together); the latest row decides."""
    counts: dict[str, int] = {}
    latest: dict[str, LoggedSearch] = {}
    for row in rows:  # oldest day first: a later row replaces an earlier one
        counts[row.query] = counts.get(row.query, 0) + row.searches
        latest[row.query] = row
    return [
        SearchSummary(q, counts[q], r.results, r.match, r.suggestion)
        for q, r in latest.items()
    ]


def _with_proposal(
    summary: SearchSummary,
    vocabulary: Vocabulary,
    entries_with: Mapping[str, int] | None,
) -> SearchSummary:
    proposal = propose(summary.query, vocabulary, entries_with)
    return SearchSummary(**{**asdict(summary), "proposal": proposal})


def propose(
    query: str, vocabulary: Vocabulary, entries_with: Mapping[str, int] | None = None
) -> Proposal:
    """The alias that would most likely have found something, or a content gap."""
    best: tuple[float, str, Term, str] | None = None
    for group in GROUPS:
        for term in vocabulary.groups.get(group, []):
            if entries_with is not None and not entries_with.get(term.name):
                continue  # an alias of a value no entry has finds nothing either
            found = _closeness(query, term)
            if found and (best is None or found[0] > best[0]):
                best = (found[0], group, term, found[1])
    if best is None:
        return Proposal(
            "content gap",
            "no vocabulary value is close to it: the catalogue may have nothing"
            " on this yet (or it needs a new value)",
        )
    _score, group, term, reason = best
    return Proposal(
        "alias",
        f"add '{query}' as an alias of {term.name} ({reason})",
        group,
        term.name,
        alias_yaml(term, query),
    )


def _closeness(query: str, term: Term) -> tuple[float, str] | None:
    """How close a query is to a value (0..1) and why, if it is close enough."""
    key = normalise(query)
    words = _words(key)
    best: tuple[float, str] | None = None
    for form in (term.name, *term.aliases):
        form_key = normalise(form)
        if form_key == key:
            return None  # already an alias: the query failed for another reason
        spelling = difflib.SequenceMatcher(None, key, form_key).ratio()
        if spelling >= SPELLING:
            found = (1.0 + spelling, f"spelt like '{form}'")
        else:
            shared = words & _words(form_key)
            share = len(shared) / len(words) if words else 0.0
            if share < SHARED:
                continue
            found = (share, f"shares the words {', '.join(sorted(shared))}")
        best = found if best is None or found[0] > best[0] else best
    return best


def _words(text: str) -> set[str]:
    return {w for w in text.split() if len(w) > 2 and w not in COMMON_WORDS}


def alias_yaml(term: Term, alias: str) -> str:
    """The vocabulary item of a value with one more alias, indented for its group."""
    item = {"name": term.name, "aliases": [*term.aliases, alias]}
    text = yaml.safe_dump(
        [item],
        default_flow_style=None,
        allow_unicode=True,
        sort_keys=False,
        width=10_000,
    )
    return "".join(f"  {line}\n" for line in text.splitlines())
