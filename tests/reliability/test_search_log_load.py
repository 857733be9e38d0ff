"""The search log under load: 16 clients, two server processes, one log file.

Every search answers 200 and every one is recorded: none lost, none failed.
The writers are background threads, so the test waits (with a hang guard,
not a timing assertion) until the file holds what was sent.
"""

from __future__ import annotations

import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import pytest

from catalogue.search_log import read_searches

pytestmark = pytest.mark.slow

CLIENTS = 16
SEARCHES = 12  # per client
WORDS = ["bed", "LoS", "discharge letters", "scans", "zzqx", "patient stay wards"]
WAIT_SECONDS = 60.0  # a hang guard: the writers finish in well under a second


def _queries(client: int) -> list[str]:
    return [f"{WORDS[n % len(WORDS)]} c{client}" for n in range(SEARCHES)]


def test_sixteen_clients_on_two_workers_lose_no_search(serve, small_site, tmp_path):
    log = tmp_path / "searches.sqlite"
    env = {"CATALOGUE_SEARCH_LOG": str(log)}
    workers = [serve(small_site, env=env), serve(small_site, env=env)]

    def client(number: int) -> list[int]:
        server = workers[number % 2]
        statuses = []
        for query in _queries(number):
            path = "/api/search" if len(statuses) % 2 else "/search"
            status, _headers, _body = server.get(f"{path}?{urlencode({'q': query})}")
            statuses.append(status)
        return statuses

    with ThreadPoolExecutor(CLIENTS) as pool:
        statuses = [s for found in pool.map(client, range(CLIENTS)) for s in found]
    assert statuses == [200] * CLIENTS * SEARCHES
    expected = Counter(
        " ".join(q.casefold().split()) for c in range(CLIENTS) for q in _queries(c)
    )
    recorded = _recorded(log, sum(expected.values()))
    assert recorded == expected
    for worker in workers:
        assert "search log" not in worker.log()  # no write was refused


def _recorded(log: Path, total: int) -> Counter:
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        rows = read_searches(log) if log.exists() else []
        found = Counter()
        for row in rows:
            found[row.query] += row.searches
        if sum(found.values()) >= total or time.monotonic() > deadline:
            return found
        time.sleep(0.1)
