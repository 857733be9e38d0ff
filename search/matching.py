"""One search request against one index version: clauses to bitmaps and score
maps, exact BM25F ranking of every match, disjunctive facet counts, a page.

Matching is done on document bitmaps (`docsets`), so the whole match set is
known for every query: facet counts are exact and disjunctive, and ranking
scores every matching document (Whoosh's BM25F, summed over fields and
clauses) before taking the top k. No block-skipping optimisation is used, so
Whoosh bug #413 (a wrong top k with `limit=k`) cannot occur.
"""

from __future__ import annotations

import heapq
import json
from collections import defaultdict
from dataclasses import dataclass, field

from catalogue.facets import BY_PARAM
from catalogue.vocabulary import normalise
from search.docsets import Membership, iter_bits
from search.documents import pairs_of, stems
from search.explain import Explainer
from search.graded import Graded, content_clauses, grade
from search.highlight import Highlighter
from search.intent import asked_types, boost_asked_types
from search.query import Clause, SearchRequest, parse_query
from search.results import FacetValue, Hit, SearchResults
from search.schema import TEXT_FIELDS
from search.suggestions import suggest
from search.versions import Version

PREFIX_EXPANSIONS = 32  # words a prefix* may stand for, the commonest first
PREFIX_SCAN = 2000  # indexed words looked at for one prefix
# Words all the prefixes of one query may stand for together: with many
# prefixes each gets a share (at least PREFIX_MIN), so `ab* cd* ...` cannot
# expand to 24 x 32 words and keep a worker busy for seconds.
PREFIX_BUDGET = 96
PREFIX_MIN = 4
# Words of a quoted phrase that count in its score; every word still has to
# match. Scoring a 150-word phrase of common words took 2.7 s at 10,000 entries.
PHRASE_SCORED_WORDS = 16
SYNONYM_WORDS = 6  # longest vocabulary phrase recognised in a query
SYNONYM_WEIGHT = 0.8  # another form of the value typed counts this much

ScoreMaps = list[dict[int, float]]


@dataclass
class Compiled:
    """A clause matched against one index version."""

    bits: int
    alternatives: list[
        tuple[float, ScoreMaps]
    ]  # score: max over (factor x sum of maps)
    stems: set[str] = field(default_factory=set)
    prefixes: set[str] = field(default_factory=set)
    source: Clause | Synonym | None = None  # what was typed (set by compile)


@dataclass(frozen=True)
class Synonym:
    """Words of a query that name a vocabulary value."""

    field: str  # the facet field holding the value
    forms: tuple[str, ...]  # (canonical, *aliases)
    typed: str  # what the person typed


class Search:
    """One request against one index version."""

    def __init__(self, version: Version, request: SearchRequest) -> None:
        self.version, self.request = version, request
        self.docsets = version.docsets
        self.prefix_limit = PREFIX_EXPANSIONS  # set per query by compile()
        self.graded = Graded(0, "all", 0, 0)  # set by match()
        self.asked: dict[str, str] = {}  # entry type -> the word asking for it

    def run(self) -> SearchResults:
        clauses = parse_query(self.request.q)
        positive, negative = self.compile(clauses)
        text_bits, relaxed = self.match(positive)
        match = text_bits & ~negative & self.docsets.live
        filter_bits = self.filter_bits()
        results = match
        for bits in filter_bits.values():
            results &= bits
        total = results.bit_count()
        page = self.page(results, positive)
        highlighter = Highlighter(
            set().union(*(c.stems for c in positive)),
            set().union(*(c.prefixes for c in positive)),
        )
        hits = [self.hit(d, score, highlighter) for d, score in page]
        suggestion = None
        if not (total and self.graded.mode == "all"):  # else nothing is better
            suggestion = suggest(
                self.version, clauses, lambda q: self.finds(q, bool(total))
            )
        if page:  # missing words always; reasons when asked (explain.py)
            explainer = Explainer(
                self.version, positive, self.request, self.graded.every
            )
            hits = explainer.annotate(hits, page)
        return SearchResults(
            self.request,
            total,
            hits,
            self.facets(match, filter_bits),
            suggestion,
            relaxed,
            mode=self.graded.shown_mode(results),
        )

    # clauses -> bitmaps and score maps

    def compile(self, clauses: list[Clause]) -> tuple[list[Compiled], int]:
        positive, negative = [], 0
        self.asked = asked_types(c.text for c in clauses if not c.negated)
        prefixes = sum(c.kind == "prefix" for c in clauses)
        self.prefix_limit = min(
            PREFIX_EXPANSIONS, max(PREFIX_MIN, PREFIX_BUDGET // max(1, prefixes))
        )
        for clause in self.group_synonyms(content_clauses(clauses)):
            compiled = self.compile_clause(clause)
            if compiled is None:
                continue
            if isinstance(clause, Clause) and clause.negated:
                negative |= compiled.bits
            else:
                compiled.source = clause
                positive.append(compiled)
        return positive, negative

    def group_synonyms(self, clauses: list[Clause]) -> list[Clause | Synonym]:
        """Replace runs of words naming a vocabulary value by its synonym set."""
        grouped: list[Clause | Synonym] = []
        index = 0
        while index < len(clauses):
            found = self.synonym_at(clauses, index)
            if found:
                length, synonym = found
                grouped.append(synonym)
                index += length
            else:
                grouped.append(clauses[index])
                index += 1
        return grouped

    def synonym_at(self, clauses: list[Clause], start: int):
        table = self.version.synonyms
        first = clauses[start]
        if first.negated or first.kind != "word":
            return None  # "quoted" means these exact words: no synonyms
        for length in range(min(SYNONYM_WORDS, len(clauses) - start), 0, -1):
            run = clauses[start : start + length]
            if any(c.kind != "word" or c.negated for c in run):
                continue
            typed = " ".join(c.text for c in run)
            hit = table.get(normalise(typed))
            if hit:
                return length, Synonym(*hit, typed)
        return None

    def compile_clause(self, clause: Clause | Synonym) -> Compiled | None:
        if isinstance(clause, Synonym):
            return self.synonyms(clause.field, clause.forms, clause.typed)
        if clause.kind == "prefix":
            return self.prefix(clause.text)
        return self.words(clause.text)

    def words(self, text: str) -> Compiled | None:
        """A word (or a phrase if it analyses to several stems)."""
        found = stems(text)
        if not found:
            return None  # only stop words
        if len(found) == 1:
            return self.stem(found[0])
        bits = self.docsets.live
        pairs = pairs_of(text)
        for pair in pairs:
            if not bits:
                break  # no document has the phrase so far: the rest cannot help
            bits &= self.docsets.postings("pairs", pair)
        scored = PHRASE_SCORED_WORDS  # bounds the score maps of a long phrase
        maps = [self.docsets.scores("pairs", p) for p in pairs[:scored]]
        for stem in found[:scored]:
            maps += [self.docsets.scores(f, stem) for f in TEXT_FIELDS]
        return Compiled(bits, [(1.0, maps)], set(found))

    def stem(self, stem: str) -> Compiled:
        bits = 0
        for field_name in TEXT_FIELDS:
            bits |= self.docsets.postings(field_name, stem)
        maps = [self.docsets.scores(f, stem) for f in TEXT_FIELDS]
        return Compiled(bits, [(1.0, maps)], {stem})

    def synonyms(self, field_name: str, forms: tuple[str, ...], typed: str) -> Compiled:
        """A vocabulary value in any of its forms, or its facet value.

        The form typed scores in full; another form scores at SYNONYM_WEIGHT,
        scaled down when it has more words than the typed one, so long aliases
        do not outweigh what the person asked for. Highlights show the typed
        form and short aliases only.
        """
        bits = self.docsets.postings(field_name, forms[0])
        typed_key, typed_length = normalise(typed), max(1, len(stems(typed)))
        alternatives, found_stems = [], set()
        for form in forms:
            compiled = self.words(form)
            if not compiled:
                continue
            bits |= compiled.bits
            length = len(compiled.stems) or 1
            factor = (
                1.0
                if normalise(form) == typed_key
                else SYNONYM_WEIGHT * min(1.0, typed_length / length)
            )
            alternatives += [(factor * f, maps) for f, maps in compiled.alternatives]
            if factor == 1.0 or length <= 2:
                found_stems |= compiled.stems
        return Compiled(bits, alternatives, found_stems)

    def prefix(self, prefix: str) -> Compiled | None:
        """Words starting with a prefix: the commonest PREFIX_EXPANSIONS of them."""
        candidates = self.version.speller.with_prefix(prefix, PREFIX_SCAN)
        words = [w for _freq, w in heapq.nlargest(self.prefix_limit, candidates)]
        if not words:
            return Compiled(0, [], set(), {prefix})
        unique = {
            tuple(stems(word)): word for word in words
        }  # predicts, predicted: one stem
        bits, alternatives, found_stems = 0, [], set()
        for word in unique.values():
            compiled = self.words(word)
            if compiled:
                bits |= compiled.bits
                alternatives += compiled.alternatives
                found_stems |= compiled.stems
        return Compiled(bits, alternatives, found_stems, {prefix})

    def match(self, positive: list[Compiled]) -> tuple[int, bool]:
        """Documents with every clause, most of them (graded.py) or any (relaxed)."""
        self.graded = grade([c.bits for c in positive], self.docsets.live)
        return self.graded.bits, self.graded.mode == "any"

    # filters and facets

    def filter_bits(self) -> dict[str, int]:
        bits = {}
        for facet, values in self.request.filters.items():
            known = self.docsets.facets.get(facet, {})
            selected = 0
            for value in values:
                selected |= known.get(value, 0)
            bits[facet] = selected
        return bits

    def facets(
        self, match: int, filter_bits: dict[str, int]
    ) -> dict[str, list[FacetValue]]:
        counts = {}
        for facet, values in self.docsets.facets.items():
            base = match
            for other, bits in filter_bits.items():
                if other != facet:
                    base &= bits
            selected = set(self.request.filters.get(facet, ()))
            found = [
                FacetValue(v, (base & b).bit_count(), v in selected)
                for v, b in values.items()
            ]
            found = [f for f in found if f.count or f.selected]
            found += [FacetValue(v, 0, True) for v in selected if v not in values]
            counts[facet] = sorted(found, key=_facet_order(facet))
        return counts

    # ordering and pages

    def page(self, results: int, positive: list[Compiled]) -> list[tuple[int, float]]:
        request = self.request
        start = (request.page - 1) * request.per_page
        end = start + request.per_page
        if request.effective_sort == "relevance" and positive:
            scores = self.scores(results, positive)
            rank = self.docsets.newest_rank
            best = heapq.nlargest(
                end, scores.items(), key=lambda ds: (ds[1], -rank[ds[0]])
            )
            return best[start:end]
        order = self.docsets.order_for(
            request.effective_sort, browsing=not request.q.strip()
        )
        scores = self.scores(results, positive) if positive else {}
        member = Membership(results, self.docsets.size)
        picked = []
        for d in order:
            if d in member:
                picked.append(d)
                if len(picked) >= end:
                    break
        return [(d, scores.get(d, 0.0)) for d in picked[start:end]]

    def scores(self, results: int, positive: list[Compiled]) -> dict[int, float]:
        """The exact score of every result: no document is skipped.

        A result's score is the sum over clauses of Whoosh's BM25F scores of
        its terms in each field (the best form, for a vocabulary value), times
        the document's prior (docsets.TYPE_WEIGHTS, CODE_WEIGHT) and, if it
        lacks some clauses, the share it has (graded.py).
        """
        member = Membership(results, self.docsets.size)
        total: dict[int, float] = defaultdict(float)
        for compiled in positive:
            best: dict[int, float] = {}
            for factor, maps in compiled.alternatives:
                summed: dict[int, float] = defaultdict(float)
                for scores in maps:
                    for d, score in scores.items():
                        if d in member:
                            summed[d] += score
                for d, score in summed.items():
                    if score * factor > best.get(d, 0.0):
                        best[d] = score * factor
            for d, score in best.items():
                total[d] += score
        if len(total) < results.bit_count():  # matched through a filter value only
            for d in iter_bits(results, self.docsets.size):
                total.setdefault(d, 0.0)
        prior = self.docsets.prior
        coord = self.graded.coordination(results, self.docsets.size)
        types = self.docsets.facets["type"]
        boost_asked_types(coord, self.asked, types, results, self.docsets.size)
        return {d: score * prior[d] * coord.get(d, 1.0) for d, score in total.items()}

    def hit(self, docnum: int, score: float, highlighter: Highlighter) -> Hit:
        stored = self.docsets.stored(docnum)
        data = json.loads(stored["data"])
        if highlighter.pattern is None:
            highlights = highlighter.snippet(data["summary"])
        else:
            highlights = highlighter.snippet(
                stored.get("text", ""), fallback=data["summary"]
            )
            if "<mark>" not in highlights and highlighter.hits(data["summary"]):
                highlights = highlighter.mark(data["summary"])
        return Hit(data, score, highlights)

    # "did you mean"

    def finds(self, query: str, every_word: bool = False) -> bool:
        """Whether another query, with the same filters, finds anything (with
        `every_word`, entries that have every word).

        A correction is offered only when it is clearly better: the query as
        typed found nothing and the correction finds something, or no entry
        had all the words typed (graded matching showed most or any of them)
        and some have all the corrected ones.
        """
        other = Search(
            self.version, SearchRequest(q=query, filters=self.request.filters)
        )
        positive, negative = other.compile(parse_query(query))
        bits, _relaxed = other.match(positive)
        found = bits & ~negative & self.docsets.live
        for value in other.filter_bits().values():
            found &= value
        return bool(found) and not (every_word and other.graded.mode != "all")


def _facet_order(facet: str):
    order = BY_PARAM[facet].order
    if order:
        return lambda f: order.index(f.value) if f.value in order else len(order)
    return lambda f: (-f.count, f.value.casefold())
