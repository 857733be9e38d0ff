"""Answer search requests from the published index: results, facets, suggestions.

Matching is done on document bitmaps (`docsets`), so the whole match set is
known for every query: facet counts are exact and disjunctive, and ranking
scores every matching document (Whoosh's BM25F, summed over fields and
clauses) before taking the top k. No block-skipping optimisation is used, so
Whoosh bug #413 (a wrong top k with `limit=k`) cannot occur.

Searches run in parallel threads, and no lock is held for a whole search:
`SearchEngine._lock` guards only which index version is in use; the one
thread opening a new version holds `_opening` while the others keep
answering from the old one; each search borrows a Whoosh searcher of its own
(`DocSets.reading`) and shares the version's thread-safe caches.
"""

from __future__ import annotations

import heapq
import json
import os
import threading
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from catalogue.facets import BY_PARAM, FACETS
from catalogue.model import entry_from_dict
from catalogue.problems import Problem
from catalogue.vocabulary import Vocabulary, normalise, vocabulary_from_dict
from search.docsets import DocSets, Membership, iter_bits
from search.documents import pairs_of, stems
from search.generations import (
    IndexUnavailable,
    current_generation,
    read_meta,
    read_problems,
    read_words,
)
from search.highlight import Highlighter
from search.query import Clause, SearchRequest, parse_query
from search.results import FacetValue, Hit, SearchResults
from search.schema import TEXT_FIELDS
from search.spelling import Speller

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
SIMILAR_TERMS = 12
# Words of one query looked up for "did you mean": each costs a scan of the
# indexed words of its first letter and length, and 24 unknown words queued
# every other search behind them.
MAX_CORRECTIONS = 3

ScoreMaps = list[dict[int, float]]


@dataclass
class _Compiled:
    """A clause matched against one index version."""

    bits: int
    alternatives: list[
        tuple[float, ScoreMaps]
    ]  # score: max over (factor x sum of maps)
    stems: set[str] = field(default_factory=set)
    prefixes: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class _Synonym:
    """Words of a query that name a vocabulary value."""

    field: str  # the facet field holding the value
    forms: tuple[str, ...]  # (canonical, *aliases)
    typed: str  # what the person typed


class _Version:
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
        self.synonyms = _synonym_table(self.vocabulary)
        self.canonical = _canonical_tables(self.vocabulary)
        self.known = _known_values(self.vocabulary, self.docsets)
        self._speller: Speller | None = None
        self._speller_lock = threading.Lock()

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


def _synonym_table(vocabulary: Vocabulary) -> dict[str, tuple[str, tuple[str, ...]]]:
    """normalised form -> (facet field, (canonical, *aliases))."""
    table: dict[str, tuple[str, tuple[str, ...]]] = {}
    for facet in FACETS:
        if facet.query_synonyms and facet.vocabulary_group:
            for term in vocabulary.groups[facet.vocabulary_group]:
                forms = (term.name, *term.aliases)
                for form in forms:
                    table.setdefault(normalise(form), (facet.param, forms))
    return table


def _known_values(
    vocabulary: Vocabulary, docsets: DocSets
) -> dict[str, frozenset[str]]:
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


def _canonical_tables(vocabulary: Vocabulary) -> dict[str, dict[str, str]]:
    """facet -> {normalised alias: canonical value}, for URL parameters."""
    tables: dict[str, dict[str, str]] = {}
    for facet in FACETS:
        if facet.vocabulary_group:
            tables[facet.param] = {
                normalise(form): term.name
                for term in vocabulary.groups[facet.vocabulary_group]
                for form in (term.name, *term.aliases)
            }
    return tables


class SearchEngine:
    """Searches the index in a folder, following it as it is updated."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()  # the version in use and its stamp
        self._opening = threading.Lock()  # held by the one thread opening a version
        self._version_: _Version | None = None
        self._seen: tuple[Any, ...] | None = None

    # --- the index version in use -------------------------------------------------

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
            _latest_toc(generation),
        )

    def version(self) -> _Version:
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
            fresh = _Version(current_generation(self.index_dir) or Path())
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

    def canonical_values(self) -> dict[str, dict[str, str]]:
        """facet -> {normalised alias: canonical value}: for `parse_request`."""
        return self.version().canonical

    @property
    def vocabulary(self) -> Vocabulary:
        """The vocabulary the index was built with."""
        return self.version().vocabulary

    def status(self) -> dict[str, Any]:
        """Entries served, files left out, and when the index was last updated."""
        version = self.version()
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

    def problems(self) -> list[Problem]:
        """Problems recorded at the last update."""
        return [p for found in self.version().problems.values() for p in found]

    def entry_data(self, slug: str) -> dict[str, Any] | None:
        """The stored result fields of an entry."""
        docsets = self.version().docsets
        docnum = docsets.docnum_of(slug)
        if docnum is None:
            return None
        return json.loads(docsets.stored(docnum)["data"])

    def stored_entries(self, version: _Version) -> list[tuple[dict[str, Any], str]]:
        """Every entry an index version holds: (its fields, its rendered HTML)."""
        with self._lock:
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
        return replace(_Search(version, request).run(), ignored=ignored)

    def facet_counts(self) -> dict[str, list[FacetValue]]:
        """Every facet's values with counts over the whole catalogue."""
        return self.search(SearchRequest(per_page=1)).facets

    def similar(self, slug: str, limit: int = 5) -> list[dict[str, Any]]:
        """The entries most like an entry: shared key words and filters."""
        return _similar(self.version(), slug, limit)


def _latest_toc(generation: Path) -> int:
    """The newest Whoosh commit (TOC generation) in a folder."""
    best = -1
    for name in os.listdir(generation):
        if name.startswith("_MAIN_") and name.endswith(".toc"):
            try:
                best = max(best, int(name[6:-4]))
            except ValueError:
                continue
    return best


class _Search:
    """One request against one index version."""

    def __init__(self, version: _Version, request: SearchRequest) -> None:
        self.version, self.request = version, request
        self.docsets = version.docsets
        self.prefix_limit = PREFIX_EXPANSIONS  # set per query by compile()

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
        suggestion = self.suggest(clauses)
        return SearchResults(
            self.request,
            total,
            hits,
            self.facets(match, filter_bits),
            suggestion,
            relaxed,
        )

    # clauses -> bitmaps and score maps

    def compile(self, clauses: list[Clause]) -> tuple[list[_Compiled], int]:
        positive, negative = [], 0
        prefixes = sum(c.kind == "prefix" for c in clauses)
        self.prefix_limit = min(
            PREFIX_EXPANSIONS, max(PREFIX_MIN, PREFIX_BUDGET // max(1, prefixes))
        )
        for clause in self.group_synonyms(clauses):
            compiled = self.compile_clause(clause)
            if compiled is None:
                continue
            if isinstance(clause, Clause) and clause.negated:
                negative |= compiled.bits
            else:
                positive.append(compiled)
        return positive, negative

    def group_synonyms(self, clauses: list[Clause]) -> list[Clause | _Synonym]:
        """Replace runs of words naming a vocabulary value by its synonym set."""
        grouped: list[Clause | _Synonym] = []
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
                return length, _Synonym(*hit, typed)
        return None

    def compile_clause(self, clause: Clause | _Synonym) -> _Compiled | None:
        if isinstance(clause, _Synonym):
            return self.synonyms(clause.field, clause.forms, clause.typed)
        if clause.kind == "prefix":
            return self.prefix(clause.text)
        return self.words(clause.text)

    def words(self, text: str) -> _Compiled | None:
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
        return _Compiled(bits, [(1.0, maps)], set(found))

    def stem(self, stem: str) -> _Compiled:
        bits = 0
        for field_name in TEXT_FIELDS:
            bits |= self.docsets.postings(field_name, stem)
        maps = [self.docsets.scores(f, stem) for f in TEXT_FIELDS]
        return _Compiled(bits, [(1.0, maps)], {stem})

    def synonyms(
        self, field_name: str, forms: tuple[str, ...], typed: str
    ) -> _Compiled:
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
        return _Compiled(bits, alternatives, found_stems)

    def prefix(self, prefix: str) -> _Compiled | None:
        """Words starting with a prefix: the commonest PREFIX_EXPANSIONS of them."""
        candidates = self.version.speller.with_prefix(prefix, PREFIX_SCAN)
        words = [w for _freq, w in heapq.nlargest(self.prefix_limit, candidates)]
        if not words:
            return _Compiled(0, [], set(), {prefix})
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
        return _Compiled(bits, alternatives, found_stems, {prefix})

    def match(self, positive: list[_Compiled]) -> tuple[int, bool]:
        """Documents with every clause; failing that, with any (relaxed)."""
        if not positive:
            return self.docsets.live, False
        bits = self.docsets.live
        for compiled in positive:
            bits &= compiled.bits
        if bits or len(positive) == 1:
            return bits, False
        anyone = 0
        for compiled in positive:
            anyone |= compiled.bits
        return anyone, bool(anyone)

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

    def page(self, results: int, positive: list[_Compiled]) -> list[tuple[int, float]]:
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
        order = (
            self.docsets.title_order
            if request.effective_sort == "title"
            else self.docsets.newest_order
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

    def scores(self, results: int, positive: list[_Compiled]) -> dict[int, float]:
        """The exact score of every result: no document is skipped.

        A result's score is the sum over clauses of Whoosh's BM25F scores of
        its terms in each field (the best form, for a vocabulary value), times
        the document's prior (docsets.TYPE_WEIGHTS, CODE_WEIGHT).
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
        return {d: score * prior[d] for d, score in total.items()}

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

    # suggestions

    def suggest(self, clauses: list[Clause]) -> str | None:
        """The query with unknown words corrected, if that finds something."""
        speller = self.version.speller
        words, changed, looked_up = [], False, 0
        for clause in clauses:
            if (
                clause.kind == "word"
                and not clause.negated
                and looked_up < MAX_CORRECTIONS
                and speller.needs_correction(clause.text, self.is_vocabulary)
            ):
                looked_up += 1
                correction = speller.correct(clause.text)
                if correction:
                    words.append(correction)
                    changed = True
                    continue
            words.append(_clause_text(clause))
        if not changed:
            return None
        suggestion = " ".join(words)
        other = _Search(
            self.version, SearchRequest(q=suggestion, filters=self.request.filters)
        )
        positive, negative = other.compile(parse_query(suggestion))
        bits, _relaxed = other.match(positive)
        found = bits & ~negative & self.docsets.live
        for value in other.filter_bits().values():
            found &= value
        return suggestion if found else None

    def is_vocabulary(self, word: str) -> bool:
        key = normalise(word)
        return key in self.version.synonyms or any(
            key in t for t in self.version.canonical.values()
        )


def _clause_text(clause: Clause) -> str:
    text = f'"{clause.text}"' if clause.kind == "phrase" else clause.text
    text = f"{text}*" if clause.kind == "prefix" else text
    return f"-{text}" if clause.negated else text


def _facet_order(facet: str):
    order = BY_PARAM[facet].order
    if order:
        return lambda f: order.index(f.value) if f.value in order else len(order)
    return lambda f: (-f.count, f.value.casefold())


def _similar(version: _Version, slug: str, limit: int) -> list[dict[str, Any]]:
    docsets = version.docsets
    docnum = docsets.docnum_of(slug)
    if docnum is None:
        return []
    stored = docsets.stored(docnum)
    data = json.loads(stored["data"])
    text = " ".join([data["title"], data["summary"], stored.get("text", "")[:5000]])
    with docsets.reading() as searcher:
        terms = searcher.key_terms_from_text("body", text, numterms=SIMILAR_TERMS)
    total: dict[int, float] = defaultdict(float)
    for term, weight in terms:
        for field_name in ("title", "summary", "body"):
            for d, score in docsets.scores(field_name, term).items():
                total[d] += score * weight
    entry = entry_from_dict(json.loads(stored["entry"]))
    for facet in FACETS:
        for value in facet.values(entry) if facet.similar_weight else ():
            bits = docsets.facets[facet.param].get(value, 0)
            for d in iter_bits(bits, docsets.size):
                total[d] += facet.similar_weight
    total.pop(docnum, None)
    best = heapq.nlargest(limit, total.items(), key=lambda ds: (ds[1], -ds[0]))
    return [json.loads(docsets.stored(d)["data"]) for d, _score in best]
