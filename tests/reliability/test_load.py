"""Load: 16 clients for 30 seconds against the real server, zero errors.

The server is `catalogue serve` (waitress) on 127.0.0.1 over a few thousand
generated entries; the clients send the realistic mix of `tests.support.load` (API
searches from the benchmark query set, result pages, entry pages, facet
counts) over keep-alive connections. Throughput and p99 are reported, not
asserted: timings belong to `bench/` (`make bench` writes them to
bench/results/); here the assertion is that nothing fails.
"""

from __future__ import annotations

import json

import pytest

from tests.support.load import run_load

CLIENTS = 16
SECONDS = 30.0


@pytest.mark.slow
def test_sixteen_clients_for_thirty_seconds_without_an_error(big_site, record_property):
    result = run_load(big_site.entries, big_site.index, SECONDS, CLIENTS)
    record_property("load", json.dumps({**result, "entries": big_site.count}))
    print(
        f"\nload: {result['requests']} requests in {result['seconds']:.1f} s,"
        f" {result['throughput']:.1f} req/s, p50 {result['p50_ms']:.0f} ms,"
        f" p99 {result['p99_ms']:.0f} ms, {result['errors']} errors"
    )
    assert result["errors"] == 0, result["error_samples"]
    assert set(result["status_counts"]) == {"200"}, result["status_counts"]
    assert result["clients"] == CLIENTS
    assert SECONDS <= result["seconds"] < SECONDS + 60  # bounded in time
    # every kind of request in the mix was made and answered
    assert set(result["by_kind"]) == {
        "api_search",
        "search_page",
        "entry_page",
        "facets",
    }
    assert result["requests"] >= CLIENTS  # every client got answers
