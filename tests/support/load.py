"""Load clients: threads sending a realistic mix to a running server, with figures.

`run_load` starts the server (`tests.support.server.Server`) over a corpus and
its index, then `clients` threads, each with its own keep-alive `http.client`
connection, send a realistic mix for `seconds`: API searches from the fixed
query set (`tests.support.queries`), the same searches as result pages, entry
pages and facet counts. Every loop is bounded in time and in count. Any answer
other than a 200, and any connection failure, is an error.
`tests/reliability/test_load.py` asserts zero errors; `bench.run` and
`python -m bench.load` report the figures.

`run_contention` asks whether one slow search holds up everyone: API searches
from the same query set by `clients` clients, twice on one warmed server:
once with `slow_clients` of them sending only cold worst-case queries (24
random two-letter prefixes, or 24 misspelt words), once with those clients
sending ordinary searches like the rest. It reports the ordinary searches'
p50 and p95 both ways (and the slow ones'), with throughput.
"""

from __future__ import annotations

import http.client
import random
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from tests.support.queries import QUERIES, params_of
from tests.support.server import HOST, REQUEST_TIMEOUT, Server
from tests.support.stats import percentile

MAX_REQUESTS_PER_CLIENT = 200_000  # a count bound as well as the time bound
#: The request mix: kind -> weight.
MIX = {"api_search": 50, "search_page": 20, "entry_page": 20, "facets": 10}

#: Cold worst-case queries (`slow_query`): prefixes from these two-letter
#: stems, and misspellings of these common corpus words.
SLOW_PREFIXES = [a + b for a in "pscdmrtfhlbaw" for b in "aeiou"]
SLOW_WORDS = (
    "patients clinicians dashboard hospital project pipeline approach results"
    " information learning managers explain working predictions several common"
    " nurses analysts foundation record system performed electronic synthetic"
    " discharge problem baseline accurate hospitals length package interested"
    " contact adopting replacing queries extraction against deploying published"
).split()
SLOW_TERMS = 24  # as many as a query may have (search.query.MAX_CLAUSES)

#: Checks one answer: (path, status, body) -> an error message, or None if fine.
Check = Callable[[str, int, bytes], "str | None"]


def entry_slugs(corpus: Path, limit: int = 500, seed: int = 7) -> list[str]:
    """Up to `limit` slugs of the corpus's entries (a fixed sample)."""
    slugs = sorted(
        p.stem
        for p in Path(corpus).rglob("*.md")
        if p.name.lower() != "readme.md" and not p.name.startswith((".", "_"))
    )
    return sorted(random.Random(seed).sample(slugs, min(limit, len(slugs))))


def request_mix(slugs: Sequence[str]) -> Callable[[random.Random], tuple[str, str]]:
    """A chooser of the next request: rng -> (kind, path), weighted by MIX."""
    searches = [urlencode(params_of(q), doseq=True) for q in QUERIES]
    kinds, weights = list(MIX), list(MIX.values())
    if not slugs:
        weights[kinds.index("entry_page")] = 0

    def choose(rng: random.Random) -> tuple[str, str]:
        kind = rng.choices(kinds, weights)[0]
        if kind == "api_search":
            return kind, f"/api/search?{rng.choice(searches)}"
        if kind == "search_page":
            return kind, f"/search?{rng.choice(searches)}"
        if kind == "entry_page":
            return kind, f"/entries/{rng.choice(slugs)}"
        return kind, "/api/facets"

    return choose


def slow_query(rng: random.Random) -> str:
    """A worst-case query, different each time so that caches do not help.

    Half are 24 random two-letter prefixes (`pa* se* ...`: the most words a
    query can expand to), half 24 misspelt common words (each one corrected
    for "did you mean", then the corrected query run too).
    """
    if rng.random() < 0.5:
        return " ".join(f"{p}*" for p in rng.sample(SLOW_PREFIXES, SLOW_TERMS))
    words = rng.sample(SLOW_WORDS, SLOW_TERMS)
    return " ".join(w[:2] + w[3] + w[2] + w[4:] for w in words)  # swap two letters


def search_mix() -> Callable[[random.Random], tuple[str, str]]:
    """Ordinary API searches only: the fixed query set (kind `search`)."""
    searches = [urlencode(params_of(q), doseq=True) for q in QUERIES]

    def choose(rng: random.Random) -> tuple[str, str]:
        return "search", f"/api/search?{rng.choice(searches)}"

    return choose


def slow_mix(rng: random.Random) -> tuple[str, str]:
    """Cold worst-case API searches only (kind `slow`)."""
    return "slow", "/api/search?" + urlencode({"q": slow_query(rng)})


def status_only(_path: str, status: int, _body: bytes) -> str | None:
    """The default check: anything but a 200 is an error."""
    return None if status == 200 else f"status {status}"


@dataclass
class _Tally:
    """What the clients saw, merged under a lock."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: list[float] = field(default_factory=list)
    by_kind: dict[str, list[float]] = field(default_factory=dict)
    statuses: Counter[str] = field(default_factory=Counter)
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)

    def add(self, kind: str, ms: float, status: str, error: str | None) -> None:
        with self.lock:
            self.latencies.append(ms)
            self.by_kind.setdefault(kind, []).append(ms)
            self.statuses[status] += 1
            if error:
                self.errors += 1
                if len(self.error_samples) < 10:
                    self.error_samples.append(error)


def _client(
    port: int,
    choose: Callable[[random.Random], tuple[str, str]],
    deadline: float,
    seed: int,
    tally: _Tally,
    check: Check,
    max_requests: int,
    stop: threading.Event,
) -> None:
    """One client: one keep-alive connection, requests until the deadline."""
    rng = random.Random(seed)
    connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    try:
        for _ in range(max_requests):
            if time.monotonic() >= deadline or stop.is_set():
                break
            kind, path = choose(rng)
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException) as error:
                connection.close()  # reconnects on the next request
                ms = (time.perf_counter() - started) * 1000
                tally.add(kind, ms, "exception", f"{path}: {error!r}")
                continue
            ms = (time.perf_counter() - started) * 1000
            problem = check(path, response.status, body)
            error = f"{path}: {problem}" if problem else None
            tally.add(kind, ms, str(response.status), error)
    finally:
        connection.close()


def drive(
    port: int,
    choose: Callable[[random.Random], tuple[str, str]],
    seconds: float,
    clients: int,
    check: Check = status_only,
    max_requests: int = MAX_REQUESTS_PER_CLIENT,
    seed: int = 1,
    stop: threading.Event | None = None,
    choosers: Sequence[Callable[[random.Random], tuple[str, str]]] = (),
) -> dict[str, Any]:
    """Run `clients` threads against a running server for `seconds`; the figures.

    `check` judges each answer; `stop`, when set, ends the run early.
    `choosers`, when given, replaces `choose` for the first clients (client n
    uses `choosers[n]`).
    """
    tally = _Tally()
    stop = stop or threading.Event()
    started = time.perf_counter()
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(
            target=_client,
            args=(
                port,
                choosers[n] if n < len(choosers) else choose,
                deadline,
                seed + n,
                tally,
                check,
                max_requests,
                stop,
            ),
            daemon=True,
            name=f"load-client-{n}",
        )
        for n in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.monotonic()) + REQUEST_TIMEOUT + 5)
    hung = sum(thread.is_alive() for thread in threads)
    elapsed = time.perf_counter() - started
    with tally.lock:
        latencies = list(tally.latencies)
        requests = len(latencies)
        return {
            "clients": clients,
            "seconds": elapsed,
            "requests": requests,
            "errors": tally.errors + hung,
            "throughput": requests / elapsed if elapsed else 0.0,
            "p50_ms": percentile(latencies, 0.50) if latencies else 0.0,
            "p99_ms": percentile(latencies, 0.99) if latencies else 0.0,
            "status_counts": dict(sorted(tally.statuses.items())),
            "by_kind": {
                kind: {
                    "requests": len(values),
                    "p50_ms": percentile(values, 0.50),
                    "p95_ms": percentile(values, 0.95),
                    "p99_ms": percentile(values, 0.99),
                }
                for kind, values in sorted(tally.by_kind.items())
            },
            "error_samples": list(tally.error_samples)
            + [f"{hung} client(s) still waiting at the end"] * bool(hung),
        }


def warm_up(server: Server, slugs: Sequence[str]) -> None:
    """One request of each kind, so the first timed ones do not load the catalogue."""
    paths = ["/api/facets", "/search?q=data", "/api/search?q=data"]
    paths += [f"/entries/{slug}" for slug in slugs[:1]]
    for path in paths:
        server.get(path)


def run_load(
    corpus: Path,
    index: Path,
    seconds: float = 30,
    clients: int = 16,
    port: int | None = None,
) -> dict[str, Any]:
    """Serve `corpus` with `catalogue serve` and load it: the figures as a dict.

    Returns clients, seconds (measured), requests, errors, throughput
    (requests per second), p50_ms, p99_ms, status_counts, plus per-kind
    figures (`by_kind`) and up to ten `error_samples`.
    """
    slugs = entry_slugs(Path(corpus))
    with Server(Path(corpus), Path(index), port=port) as server:
        assert server.port is not None
        warm_up(server, slugs)
        return drive(server.port, request_mix(slugs), seconds, clients)


def run_contention(
    corpus: Path,
    index: Path,
    seconds: float = 20,
    clients: int = 16,
    slow_clients: int = 2,
    port: int | None = None,
) -> dict[str, Any]:
    """Ordinary searches with and without slow ones beside them: both figures.

    One server, warmed with the whole query set; then `clients` clients for
    `seconds` sending ordinary API searches (`without`), then the same with
    the first `slow_clients` clients sending only `slow_query`s (`with`).
    Each run's figures are those of `drive`; `by_kind["search"]` holds the
    ordinary searches' and `by_kind["slow"]` the slow ones'.
    """
    with Server(Path(corpus), Path(index), port=port) as server:
        assert server.port is not None
        for query in QUERIES:
            server.get(f"/api/search?{urlencode(params_of(query), doseq=True)}")
        ordinary = search_mix()
        without = drive(server.port, ordinary, seconds, clients, seed=101)
        with_slow = drive(
            server.port,
            ordinary,
            seconds,
            clients,
            seed=101,
            choosers=[slow_mix] * slow_clients,
        )
    return {
        "clients": clients,
        "slow_clients": slow_clients,
        "seconds": seconds,
        "without": without,
        "with": with_slow,
    }
