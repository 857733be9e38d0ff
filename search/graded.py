"""Graded matching: between "every word" and "any word", for long queries.

A query of up to ALL_WORDS_UP_TO clauses needs every one (failing that, any
one: the old fallback). A longer one, usually a question typed as a sentence,
needs most of them: at least MOST_SHARE of the clauses some entry holds,
rounded down, and never fewer than ALL_WORDS_UP_TO (Lucene's `3<75%`: 3 of
4, 3 of 5, 4 of 6, 6 of 8). When fewer than ENOUGH_RESULTS entries hold that
many, one clause fewer will do, down to half of them; failing that, any one.

Everything is done on document bitmaps, so the match set stays exact and the
facet counts keep their meaning: `at_least` builds "documents holding at least
k of these sets" for every k with AND and OR on whole bitmaps, never per
document. A document's score is then multiplied by its coordination factor,
the share of clauses it holds (Lucene's classic `coord`), so at equal BM25F an
entry with more of the words comes first.

Question words (`how`, `what`, `anyone`, ...) carry no meaning in a sentence
but count as clauses: in a long query they are left out (`content_clauses`),
as stop words are everywhere; a short query keeps them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from search.docsets import iter_bits
from search.query import Clause

ALL_WORDS_UP_TO = 3  # queries of this many clauses or fewer need every clause
MOST_SHARE = 0.75  # longer ones need this share of their clauses (rounded down)
# With fewer entries than this holding that share, one clause fewer will do,
# down to half of them: a question's right answer often lacks two of its
# words ("online session" for a webinar), and a share that leaves two
# results hides it.
ENOUGH_RESULTS = 5
#: Words of a question that say nothing about what is wanted. Whoosh's stop
#: words (a, can, for, is, the, we, will, ...) are gone already.
QUESTION_WORDS = frozenset(
    "how what which who whom whose why where does do did done doing has had"
    " anyone anybody someone somebody something anything there here our ours"
    " i me my mine they them their would should could might must been being"
    " was were am any some".split()
)

T = TypeVar("T")


@dataclass(frozen=True)
class Graded:
    """How a query's clauses matched: the documents, and who holds how many."""

    bits: int  # the matching documents (before filters and exclusions)
    mode: str  # "all", "most" or "any": what a document had to hold
    clauses: int  # positive clauses of the query
    required: int  # clauses a document had to hold
    every: int = 0  # documents holding every clause
    #: k -> documents holding exactly k clauses, for required <= k < clauses
    holding: dict[int, int] = field(default_factory=dict)

    def coordination(self, results: int, size: int) -> dict[int, float]:
        """Each result's share of the clauses, for those not holding them all."""
        factors: dict[int, float] = {}
        for count, bits in self.holding.items():
            share = count / self.clauses
            for d in iter_bits(bits & results, size):
                factors[d] = share
        return factors

    def shown_mode(self, results: int) -> str:
        """The mode the results show: "all" when each of them holds every clause."""
        return "all" if results & ~self.every == 0 else self.mode


def required_clauses(count: int) -> int:
    """How many of `count` clauses a document must hold in graded matching."""
    if count <= ALL_WORDS_UP_TO:
        return count
    return max(ALL_WORDS_UP_TO, int(count * MOST_SHARE))


def at_least(sets: Sequence[int], universe: int) -> list[int]:
    """`found[k]`: the documents of `universe` in at least k of `sets`, k = 0..len."""
    found = [universe] + [0] * len(sets)
    for done, bits in enumerate(sets, start=1):
        for k in range(done, 0, -1):  # downwards: each set counts once
            found[k] |= found[k - 1] & bits
    return found


def grade(sets: Sequence[int], universe: int) -> Graded:
    """Match clause bitmaps: every clause, most of them (long queries), or any."""
    count = len(sets)
    if not count:
        return Graded(universe, "all", 0, 0, universe)
    levels = at_least(sets, universe)
    every = levels[count]
    if not levels[1]:
        return Graded(0, "all", count, count)  # no entry has any of the words
    if count <= ALL_WORDS_UP_TO:
        if every or count == 1:
            return Graded(every, "all", count, count, every)
        return Graded(levels[1], "any", count, 1, every, _holding(levels, 1))
    # A word no entry has (a slip, a word the catalogue never uses) cannot
    # count against anyone: the share is of the words the catalogue knows.
    known = sum(1 for bits in sets if bits)
    required = required_clauses(known)
    half = max(1, -(-known // 2))
    while required > half and levels[required].bit_count() < ENOUGH_RESULTS:
        required -= 1
    if not required or not levels[required]:
        return Graded(levels[1], "any", count, 1, every, _holding(levels, 1))
    mode = "all" if levels[required] == every else "most"
    holding = _holding(levels, required)
    return Graded(levels[required], mode, count, required, every, holding)


def _holding(levels: list[int], required: int) -> dict[int, int]:
    count = len(levels) - 1
    return {k: levels[k] & ~levels[k + 1] for k in range(required, count)}


def content_clauses(clauses: list[T]) -> list[T]:
    """The clauses without question words, when there are enough left to grade."""
    kept = [c for c in clauses if not _is_question_word(c)]
    return kept if len(clauses) > ALL_WORDS_UP_TO and kept else clauses


def _is_question_word(clause: object) -> bool:
    return (
        isinstance(clause, Clause)
        and clause.kind == "word"
        and not clause.negated
        and clause.text.lower() in QUESTION_WORDS
    )
