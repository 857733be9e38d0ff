"""Exact ranking: our top k is the top k of scoring every match (no whoosh#413).

Whoosh's `searcher.search(q, limit=k)` skips blocks it believes cannot make
the top k and can leave out a better hit. The engine scores every match. Here
its page of results is checked against Whoosh scoring the equivalent query
with `limit=None`, on a generated corpus, for a whole query set.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import query as wq

from search.documents import stems
from search.engine import SearchEngine
from search.indexer import update_index
from search.query import SearchRequest
from search.schema import TEXT_FIELDS
from tests.support.corpus.generate import write_corpus

QUERIES = [
    "patients",
    "data",
    "model",
    "hospital",
    "dashboard",
    "forecasting",
    "weekly",
    "patients data",
    "hospital discharge",
    "model weekly",
    "wards staff",
    "clinicians report",
    "admissions winter",
    "validated evidence",
    "missing values",
    "beds",
    "pilot",
    "team",
    "trust data model",
    "simple models",
    "evidence",
    "morning",
    "imputation",
    "occupancy",
]
K = 10


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> SearchEngine:
    root = tmp_path_factory.mktemp("generated")
    write_corpus(root / "entries", 600, seed=7, vocabulary=True)
    update_index(root / "entries", root / "index")
    return SearchEngine(root / "index")


def whoosh_ranking(engine: SearchEngine, text: str) -> list[tuple[str, float]]:
    """Whoosh scoring every match of the equivalent query, times our priors."""
    docsets = engine.version().docsets
    clauses = [wq.Or([wq.Term(f, stem) for f in TEXT_FIELDS]) for stem in stems(text)]
    hits = docsets.searcher.search(wq.And(clauses), limit=None)
    scored = [(hit.docnum, hit.score * docsets.prior[hit.docnum]) for hit in hits]
    scored.sort(key=lambda ds: (-ds[1], docsets.newest_rank[ds[0]]))
    return [(docsets.stored(d)["slug"], score) for d, score in scored]


@pytest.mark.parametrize("text", QUERIES)
def test_top_k_equals_scoring_every_match(generated, text):
    expected = whoosh_ranking(generated, text)
    assert expected, f"'{text}' should match something in the generated corpus"
    ours = generated.search(SearchRequest(q=text, per_page=K))
    assert ours.total == len(expected)
    got = [(hit.data["slug"], hit.score) for hit in ours.hits]
    assert [s for s, _ in got] == [s for s, _ in expected[:K]]
    assert [round(x, 3) for _, x in got] == [round(x, 3) for _, x in expected[:K]]


def test_later_pages_continue_the_same_order(generated):
    full = [
        h.data["slug"]
        for h in generated.search(SearchRequest(q="patients", per_page=30)).hits
    ]
    pages = []
    for page in (1, 2, 3):
        results = generated.search(SearchRequest(q="patients", per_page=10, page=page))
        pages += [h.data["slug"] for h in results.hits]
    assert pages == full


def test_every_query_in_the_set_matches(generated):
    assert all(generated.search(SearchRequest(q=q)).total for q in QUERIES)


def test_bundled_catalogue_puts_long_stay_first(tmp_path: Path):
    entries = Path(__file__).resolve().parents[2] / "entries"
    update_index(entries, tmp_path / "index")
    results = SearchEngine(tmp_path / "index").search(SearchRequest(q="length of stay"))
    assert results.hits[0].data["slug"] == "long-stay"


# --- graded matching (search/graded.py): the same check for long queries ---------

#: Long queries: each word is its own clause (none names a vocabulary value).
LONG_QUERIES = [
    "patients data model hospital",
    "weekly dashboard forecasting admissions winter",
    "trust data model validated evidence pilot",
    "clinicians report missing values imputation wards",
    "simple models beds occupancy morning team staff",
    "hospital discharge evidence dashboard weekly",
]


def whoosh_graded(engine: SearchEngine, text: str) -> list[tuple[str, float]]:
    """Whoosh scoring every document with any clause, then the graded rule.

    Written out here from the rule (docs/pages-and-api.md), not from the
    engine: at least max(3, 75%) of the clauses the index knows, or one
    clause fewer while under 5 documents have that many, down to half; each
    score times the share of clauses held (coordination) and the prior.
    """
    docsets = engine.version().docsets
    searcher = docsets.searcher
    clauses = [wq.Or([wq.Term(f, stem) for f in TEXT_FIELDS]) for stem in stems(text)]
    holders = [set(searcher.docs_for_query(c)) for c in clauses]
    held = {d: sum(d in h for h in holders) for d in set().union(*holders)}
    known = sum(1 for h in holders if h)
    required = max(3, int(known * 0.75)) if known > 3 else known
    while required > -(-known // 2) and sum(k >= required for k in held.values()) < 5:
        required -= 1
    hits = searcher.search(wq.Or(clauses), limit=None)
    scored = [
        (h.docnum, h.score * docsets.prior[h.docnum] * held[h.docnum] / len(clauses))
        for h in hits
        if held[h.docnum] >= required
    ]
    scored.sort(key=lambda ds: (-ds[1], docsets.newest_rank[ds[0]]))
    return [(docsets.stored(d)["slug"], score) for d, score in scored]


@pytest.mark.parametrize("text", LONG_QUERIES)
def test_graded_top_k_equals_scoring_every_match(generated, text):
    expected = whoosh_graded(generated, text)
    ours = generated.search(SearchRequest(q=text, per_page=K))
    assert ours.mode == "most", f"'{text}' should need most, not all, of its words"
    assert ours.total == len(expected)
    got = [(hit.data["slug"], hit.score) for hit in ours.hits]
    assert [s for s, _ in got] == [s for s, _ in expected[:K]]
    assert [round(x, 3) for _, x in got] == [round(x, 3) for _, x in expected[:K]]


@pytest.mark.parametrize("text", LONG_QUERIES[:3])
def test_graded_facet_counts_are_those_of_the_graded_match(generated, text):
    everything = generated.search(SearchRequest(q=text, per_page=1))
    for value in everything.facets["type"]:
        narrowed = generated.search(
            SearchRequest(q=text, filters={"type": (value.value,)}, per_page=1)
        )
        assert narrowed.total == value.count
        # disjunctive: the type facet's own counts ignore the type filter
        counts = [(v.value, v.count) for v in narrowed.facets["type"]]
        assert counts == [(v.value, v.count) for v in everything.facets["type"]]
