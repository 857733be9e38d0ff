"""Benchmark work run in a fresh process, so each measure has its own memory and caches.

    python -m bench.worker cold INDEX
    python -m bench.worker queries INDEX ROUNDS
    python -m bench.worker fts5 COUNT SEED ROUNDS

Each prints one JSON object on stdout.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.support.queries import QUERIES, BenchQuery, params_of


def cold(index: str) -> dict[str, Any]:
    """Seconds from opening the index to the first answer (imports already done)."""
    from search.engine import SearchEngine
    from search.query import parse_request

    started = time.perf_counter()
    engine = SearchEngine(Path(index))
    answer = engine.search(
        parse_request({"q": ["length of stay"]}, engine.canonical_values())
    )
    json.dumps(answer.to_dict())
    return {"seconds": time.perf_counter() - started}


def time_rounds(answer: Callable[[BenchQuery], Any], rounds: int) -> dict[str, Any]:
    """First-pass and warm timings of the query set: percentiles, by kind, slowest."""
    from tests.support.stats import percentile

    first = [_timed(answer, q) for q in QUERIES]
    warm: dict[str, list[float]] = {q.name: [] for q in QUERIES}
    for _ in range(rounds):
        for query in QUERIES:
            warm[query.name].append(_timed(answer, query))
    samples = [ms for values in warm.values() for ms in values]
    medians = {name: statistics.median(values) for name, values in warm.items()}
    kinds: dict[str, list[float]] = {}
    for query in QUERIES:
        kinds.setdefault(query.kind, []).append(medians[query.name])
    return {
        "p50_ms": percentile(samples, 0.50),
        "p95_ms": percentile(samples, 0.95),
        "first_p50_ms": percentile(first, 0.50),
        "first_p95_ms": percentile(first, 0.95),
        "by_kind_ms": {kind: statistics.median(v) for kind, v in kinds.items()},
        "slowest": sorted(medians.items(), key=lambda kv: -kv[1])[:8],
        "samples": len(samples),
    }


def _timed(answer: Callable[[BenchQuery], Any], query: BenchQuery) -> float:
    started = time.perf_counter()
    answer(query)
    return (time.perf_counter() - started) * 1000


def queries(index: str, rounds: int) -> dict[str, Any]:
    """The query set in the `/api/search` shape: JSON with facets and highlights."""
    from search.engine import SearchEngine
    from search.query import parse_request

    engine = SearchEngine(Path(index))

    def answer(query: BenchQuery) -> str:
        request = parse_request(params_of(query), engine.canonical_values())
        return json.dumps(engine.search(request).to_dict())

    return time_rounds(answer, rounds)


def fts5(count: int, seed: int, rounds: int) -> dict[str, Any]:
    """The query set on SQLite FTS5 over the same generated entries."""
    from bench.fts5 import Fts5Reference
    from tests.support.corpus.generate import generate_entries

    reference = Fts5Reference()
    started = time.perf_counter()
    reference.build(generate_entries(count, seed))
    build_s = time.perf_counter() - started
    result = time_rounds(lambda q: json.dumps(reference.search(q)), rounds)
    result["build_s"] = build_s
    return result


def main(argv: list[str]) -> int:
    """Dispatch on the first argument; print the JSON result."""
    mode, *rest = argv
    if mode == "cold":
        result = cold(rest[0])
    elif mode == "queries":
        result = queries(rest[0], int(rest[1]))
    elif mode == "fts5":
        result = fts5(int(rest[0]), int(rest[1]), int(rest[2]))
    else:
        raise SystemExit(f"unknown mode {mode}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
