"""The search log: what is searched, never who; bounded; never in a search's way."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from catalogue.app import create_app
from catalogue.config import load_settings
from catalogue.search_log import (
    LoggedSearch,
    SearchLog,
    connect,
    normalise_query,
    read_searches,
    write_searches,
)


@pytest.fixture
def logged_app(tmp_path: Path, entries_copy: Path):
    """An app over the small corpus whose log is `tmp_path/log.sqlite`."""
    app = create_app(
        {
            "CATALOGUE_ENTRIES": str(entries_copy),
            "CATALOGUE_INDEX": str(tmp_path / "index"),
            "CATALOGUE_SEARCH_LOG": str(tmp_path / "log.sqlite"),
            "TESTING": True,
        }
    )
    yield app
    app.extensions["catalogue_search_log"].close()


def flushed(app) -> list[LoggedSearch]:
    search_log = app.extensions["catalogue_search_log"]
    assert search_log.flush(30)
    return read_searches(search_log.path)


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("  Length   of STAY ", "length of stay"),
        ("jo.bloggs@nhs.net bed", "[email] bed"),
        ("nhs number 943 476 5919", "nhs number [number]"),
        ("call 01632 960983 now", "call [number] now"),
        ("clinic GL1 3NN", "clinic [postcode]"),
        ("covid 2021 a&e", "covid 2021 a&e"),
        ("x" * 500, "x" * 200),
    ],
)
def test_queries_are_normalised_and_what_looks_personal_masked(typed, kept):
    assert normalise_query(typed) == kept


def test_searches_are_recorded_with_only_what_the_privacy_note_lists(logged_app):
    client = logged_app.test_client()
    headers = {"User-Agent": "Agent-Smith/1.0", "Cookie": "session=secret-cookie"}
    client.get("/search?q=LoS&technique=XGBoost", headers=headers)
    client.get("/api/search?q=LoS&technique=XGBoost", headers=headers)
    client.get("/api/search?q=radiographers+wards", headers=headers)
    client.get("/api/search?q=zzzyzzy", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    client.get("/search?q=LoS&page=2")  # turning a page is not a new search
    client.get("/search")  # opening the finder is not a search
    rows = {r.query: r for r in flushed(logged_app)}
    assert set(rows) == {"los", "radiographers wards", "zzzyzzy"}
    los = rows["los"]
    assert los.searches == 2 and los.filters == {"technique": ["Gradient boosting"]}
    assert (
        los.results == 1 and los.match == "all" and los.day == date.today().isoformat()
    )
    assert rows["radiographers wards"].match == "any"
    assert rows["zzzyzzy"].results == 0
    with sqlite3.connect(logged_app.extensions["catalogue_search_log"].path) as db:
        columns = [c[1] for c in db.execute("PRAGMA table_info(searches)")]
        dump = "\n".join(db.iterdump())
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert columns == [
        "day",
        "query",
        "filters",
        "results",
        "match",
        "suggestion",
        "searches",
    ]
    for personal in ("Agent-Smith", "secret-cookie", "203.0.113.9", "127.0.0.1"):
        assert personal not in dump


def test_the_log_keeps_at_most_its_rows_and_days(tmp_path: Path):
    connection = connect(tmp_path / "log.sqlite")

    def row(day: str, query: str) -> LoggedSearch:
        return LoggedSearch(day, query, {}, 1, "all", None, 1)

    days = ["2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04", "2026-01-05"]
    write_searches(
        connection,
        [row(d, f"q{i}") for i, d in enumerate(days)],
        3,
        3650,
        today=date(2026, 1, 5),
    )
    assert [r.query for r in read_searches(tmp_path / "log.sqlite")] == [
        "q2",
        "q3",
        "q4",
    ]
    write_searches(connection, [row("2026-01-05", "q4")], 3, 2, today=date(2026, 1, 5))
    kept = read_searches(tmp_path / "log.sqlite")
    assert [(r.day, r.query, r.searches) for r in kept] == [
        ("2026-01-03", "q2", 1),
        ("2026-01-04", "q3", 1),
        ("2026-01-05", "q4", 2),
    ]
    since = read_searches(tmp_path / "log.sqlite", date(2026, 1, 4))
    assert [r.query for r in since] == ["q3", "q4"]


def test_a_locked_log_never_fails_a_search(logged_app):
    client = logged_app.test_client()
    client.get("/api/search?q=bed")
    assert flushed(logged_app)
    search_log = logged_app.extensions["catalogue_search_log"]
    blocker = sqlite3.connect(search_log.path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")  # nobody else may write until it ends
    try:
        for n in range(20):
            assert client.get(f"/api/search?q=bed+{n}").status_code == 200
            assert client.get(f"/search?q=wards+{n}").status_code == 200
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    rows = flushed(logged_app)
    written = sum(r.searches for r in rows)
    assert written + search_log.dropped == 41  # each written or counted as dropped


def test_an_unusable_log_file_never_fails_a_search(tmp_path: Path, entries_copy):
    (tmp_path / "a-folder").mkdir()
    app = create_app(
        {
            "CATALOGUE_ENTRIES": str(entries_copy),
            "CATALOGUE_INDEX": str(tmp_path / "index"),
            "CATALOGUE_SEARCH_LOG": str(tmp_path / "a-folder"),  # not a file
            "TESTING": True,
        }
    )
    client = app.test_client()
    for n in range(5):
        assert client.get(f"/search?q=bed+{n}").status_code == 200
    search_log = app.extensions["catalogue_search_log"]
    assert search_log.flush(30) and search_log.dropped == 5


def test_a_full_queue_drops_searches_instead_of_waiting(tmp_path: Path, monkeypatch):
    import catalogue.search_log as module

    monkeypatch.setattr(module, "QUEUE_SIZE", 1)
    search_log = SearchLog(tmp_path / "log.sqlite", 100, 10)
    search_log._queue.put(None)  # the writer stops: nothing is taken off the queue
    search_log._thread.join(10)
    search_log.record("bed", {}, 1, "all", None)  # fills the queue
    search_log.record("beds", {}, 1, "all", None)  # cannot wait: dropped
    assert search_log.dropped == 1


def test_the_log_sits_beside_the_index_unless_told_otherwise(tmp_path: Path):
    index = tmp_path / "instance" / "index"
    assert load_settings({"CATALOGUE_INDEX": index}).search_log == (
        tmp_path / "instance" / "searches.sqlite"
    )
    assert load_settings({"CATALOGUE_SEARCH_LOG": "off"}).search_log is None
    other = tmp_path / "elsewhere.sqlite"
    assert load_settings({"CATALOGUE_SEARCH_LOG": other}).search_log == other
    with pytest.raises(ValueError, match="CATALOGUE_SEARCH_LOG_ROWS"):
        load_settings({"CATALOGUE_SEARCH_LOG_ROWS": "lots"})


def test_the_privacy_note_says_what_is_kept(logged_app, tmp_path: Path, entries_copy):
    html = logged_app.test_client().get("/privacy").get_data(as_text=True)
    assert "never who searched" in html and "IP address" in html
    assert "365 days" in html and "100,000 lines" in html
    assert 'href="/privacy"' in logged_app.test_client().get("/").get_data(as_text=True)
    off = create_app(
        {
            "CATALOGUE_ENTRIES": str(entries_copy),
            "CATALOGUE_INDEX": str(tmp_path / "index"),
            "CATALOGUE_SEARCH_LOG": "off",
            "TESTING": True,
        }
    )
    assert "keeps no log of searches" in off.test_client().get("/privacy").get_data(
        as_text=True
    )
