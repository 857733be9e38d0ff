"""Real servers, real corpora: the fixtures of the reliability and security tests.

- `small_site`: the small corpus of tests/search (six entries) and its index,
  built once per session; `app` / `client` are the Flask app over it.
- `big_site`: a generated corpus (tests.support.corpus, realistic text and
  vocabulary) of BIG_ENTRIES entries, indexed once per session by the real
  `catalogue index` command; tests that change it work on `copy_site`.
- `small_server`: `catalogue serve` on 127.0.0.1 (a free port in 5300-5399)
  over the small site, for the whole session; `serve(...)` starts others and
  always stops them at the end of the test.

Every fixture here treats its folders as read-only unless it made a copy.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from catalogue.app import create_app
from search.indexer import update_index
from tests.reliability.support import BIG_ENTRIES, BIG_SEED, Site, run_catalogue
from tests.search.conftest import write_corpus
from tests.support.corpus.generate import write_corpus as write_generated
from tests.support.server import Server


@pytest.fixture(scope="session")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The six-entry corpus of tests/search, indexed once (read-only)."""
    root = tmp_path_factory.mktemp("small-site")
    write_corpus(root / "entries")
    report = update_index(root / "entries", root / "index")
    return Site(root / "entries", root / "index", report.total)


@pytest.fixture(scope="session")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """BIG_ENTRIES generated entries, indexed by `catalogue index` (read-only)."""
    root = tmp_path_factory.mktemp("big-site")
    count = write_generated(root / "entries", BIG_ENTRIES, BIG_SEED, vocabulary=True)
    site = Site(root / "entries", root / "index", count)
    started = time.perf_counter()
    result = run_catalogue(site, "index", timeout=300)
    assert result.returncode == 0, result.stderr
    return Site(site.entries, site.index, count, time.perf_counter() - started)


@pytest.fixture(scope="session")
def app(small_site: Site) -> Flask:
    """The real app over the small site."""
    return create_app(
        {
            "CATALOGUE_ENTRIES": str(small_site.entries),
            "CATALOGUE_INDEX": str(small_site.index),
            "TESTING": True,
        }
    )


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def serve() -> Iterator:
    """Start `catalogue serve` on a site: serve(site, **Server options) -> Server."""
    started: list[Server] = []

    def start(site: Site, **options: object) -> Server:
        server = Server(site.entries, site.index, **options)  # type: ignore[arg-type]
        started.append(server)
        return server.start()

    yield start
    for server in started:
        server.stop()


@pytest.fixture(scope="session")
def small_server(small_site: Site) -> Iterator[Server]:
    """`catalogue serve` over the small site for the whole session (read-only)."""
    with Server(small_site.entries, small_site.index) as server:
        yield server


def pytest_terminal_summary(terminalreporter) -> None:
    """Show the load test's figures (recorded with `record_property`) at the end."""
    for outcome in ("passed", "failed"):
        for report in terminalreporter.stats.get(outcome, []):
            for name, value in getattr(report, "user_properties", []):
                if name == "load":
                    result = json.loads(value)
                    terminalreporter.write_sep("-", "load test")
                    terminalreporter.write_line(
                        f"{result['clients']} clients x {result['seconds']:.1f} s on"
                        f" 127.0.0.1, {result['entries']} entries:"
                        f" {result['requests']} requests, {result['errors']} errors,"
                        f" {result['throughput']:.1f} req/s,"
                        f" p50 {result['p50_ms']:.0f} ms,"
                        f" p99 {result['p99_ms']:.0f} ms;"
                        f" statuses {result['status_counts']}"
                    )
                    kinds = ", ".join(
                        f"{kind} {figures['requests']} (p50 {figures['p50_ms']:.0f}"
                        f" / p99 {figures['p99_ms']:.0f} ms)"
                        for kind, figures in result["by_kind"].items()
                    )
                    terminalreporter.write_line(f"by kind: {kinds}")
