"""Searches run in parallel threads, share their caches safely and stay exact.

`SearchEngine.search` used to run under one lock, so a cold worst-case query
(1.3 s at 10,000 entries) queued every other search. Now each search borrows
a Whoosh searcher of its own and the caches are thread-safe LRUs that keep
only terms the index has. Nothing here times anything: `bench.load
--contention` measures what this changes.
"""

from __future__ import annotations

import json
import random
import sys
import threading

import pytest

from search import suggestions as engine_module
from search.engine import SearchEngine
from search.query import parse_request
from search.spelling import MAX_DISTANCE, Speller, edit_distance
from tests.reliability.support import REQUEST_SECONDS
from tests.support.load import SLOW_PREFIXES, SLOW_WORDS, run_contention, slow_query
from tests.support.queries import QUERIES, params_of

THREADS = 8


def _answer(engine: SearchEngine, params: dict[str, list[str]]) -> str:
    request = parse_request(params, engine.canonical_values())
    return json.dumps(engine.search(request).to_dict(), sort_keys=True)


def _workload() -> list[dict[str, list[str]]]:
    """The benchmark queries and a few worst-case ones, each several times."""
    rng = random.Random(11)
    worst = [{"q": [slow_query(rng)]} for _ in range(4)]
    return [params_of(q) for q in QUERIES] + worst


def test_searches_in_parallel_threads_give_exactly_the_sequential_answers(big_site):
    workload = _workload()
    sequential = SearchEngine(big_site.index)
    expected = [_answer(sequential, params) for params in workload]
    sequential.close()

    engine = SearchEngine(big_site.index)  # cold caches, filled concurrently
    answers: dict[tuple[int, int], str] = {}
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        order = list(range(len(workload)))
        random.Random(worker).shuffle(order)
        try:
            for index in order:
                answers[worker, index] = _answer(engine, workload[index])
        except BaseException as error:  # reported below, with the others
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # switch threads often: races show up at once
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
    finally:
        sys.setswitchinterval(interval)
    assert not [t for t in threads if t.is_alive()], "a search never finished"
    assert errors == []
    for (_worker, index), answer in answers.items():
        assert answer == expected[index], workload[index]
    assert len(answers) == THREADS * len(workload)
    engine.close()


def test_a_search_finishes_while_another_holds_a_searcher(big_site):
    """With one lock around every search, the second would wait for the first."""
    engine = SearchEngine(big_site.index)
    docsets = engine.version().docsets
    finished = threading.Event()
    found: list[int] = []

    def search() -> None:
        found.append(engine.search(parse_request({"q": ["patients"]})).total)
        finished.set()

    with docsets.reading():  # as a long search would, for its whole run
        other = threading.Thread(target=search)
        other.start()
        assert finished.wait(REQUEST_SECONDS * 6), "the second search waited"
    other.join()
    assert found and found[0] > 0
    engine.close()


def test_made_up_words_fill_no_cache(big_site):
    engine = SearchEngine(big_site.index)
    _answer(engine, {"q": ["patients data"]})
    docsets = engine.version().docsets
    postings, scores = len(docsets._postings), len(docsets._scores)
    rng = random.Random(5)
    for _ in range(40):
        words = [
            "".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(9))
            for _ in range(20)
        ]
        _answer(engine, {"q": [" ".join(words)]})
    assert (len(docsets._postings), len(docsets._scores)) == (postings, scores)
    engine.close()


def test_caches_stay_within_their_bounds(big_site):
    engine = SearchEngine(big_site.index)
    docsets = engine.version().docsets
    rng = random.Random(9)
    for _ in range(30):
        _answer(engine, {"q": [slow_query(rng)]})
    assert len(docsets._scores) <= docsets._scores.max_items
    assert docsets._scores.weight <= (docsets._scores.max_weight or 0)
    assert docsets._postings.weight <= (docsets._postings.max_weight or 0)
    engine.close()


# --- "did you mean" ------------------------------------------------------------------


def _misspelt(word: str) -> str:
    return word[:2] + word[3] + word[2] + word[4:]  # two letters swapped


def test_did_you_mean_corrects_at_most_a_few_words(big_site):
    engine = SearchEngine(big_site.index)
    words = SLOW_WORDS[:6]
    typed = [_misspelt(w) for w in words]
    results = engine.search(parse_request({"q": [" ".join(typed)]}))
    assert results.suggestion is not None
    suggested = results.suggestion.split()
    limit = engine_module.MAX_CORRECTIONS
    assert suggested[:limit] == words[:limit]  # the first few are corrected
    assert suggested[limit:] == typed[limit:]  # the rest are left as typed
    engine.close()


def test_candidates_by_first_letter_and_length_find_what_a_full_scan_finds(big_site):
    speller = SearchEngine(big_site.index).version().speller

    def full_scan(word: str) -> str | None:
        best = None
        for candidate in speller.sorted:
            if candidate[0] != word[0]:
                continue
            distance = edit_distance(word, candidate)
            if distance <= MAX_DISTANCE:
                key = (distance, -speller.words[candidate], candidate)
                best = key if best is None or key < best else best
        return best[2] if best else None

    rng = random.Random(3)
    words = [w for w in speller.sorted if w.isalpha() and len(w) >= 4]
    tried = 0
    for word in rng.sample(words, 150):
        for typo in (
            _misspelt(word),
            word[:-1],
            word + rng.choice("aeiou"),
            word[:2] + word[3:],
            word[0] + "x" + word[1:],
        ):
            assert speller.correct(typo) == full_scan(typo), typo
            tried += 1
    assert tried == 750


def test_a_speller_caches_its_answers():
    speller = Speller({"discharge": 5, "dashboard": 3})
    assert speller.correct("discharje") == "discharge"
    assert speller.correct("Discharje") == "discharge"  # the same lookup
    assert speller.correct("qqqqqq") is None
    assert speller.correct("qqqqqq") is None  # "no correction" is cached too


# --- the benchmark's contention test runs -----------------------------------------


@pytest.mark.slow
def test_the_contention_benchmark_runs_with_and_without_slow_queries(big_site):
    result = run_contention(big_site.entries, big_site.index, seconds=4, clients=6)
    for name in ("without", "with"):
        run = result[name]
        assert run["errors"] == 0, run["error_samples"]
        assert run["by_kind"]["search"]["requests"] > 0
    assert "slow" not in result["without"]["by_kind"]
    assert result["with"]["by_kind"]["slow"]["requests"] > 0
    assert len(SLOW_PREFIXES) >= 24
