"""The search log: what was searched for, never who searched.

One SQLite file (`instance/searches.sqlite` by default; WAL, so several
worker processes can write it and a report can read it meanwhile). A row is
one search text with one set of filters on one day, and how many times it
was made: the normalised query (long numbers, email addresses and postcodes
masked), the filters, how many results the last one found, whether it needed
the graded or any-word fallback, the "did you mean" offered, and the day. No
time of day, address, user agent, cookie or anything else about the person.

Writing never slows or fails a search: `SearchLog.record` puts the search on
a bounded queue and returns; one background thread per process writes what
is queued in one transaction and prunes the file to its bounds (rows, days).
If the file cannot be written (locked for long, read-only, disk full), the
searches queued are dropped, counted and logged; searching goes on.
"""

from __future__ import annotations

import json
import logging
import queue
import re
import sqlite3
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

log = logging.getLogger(__name__)

QUEUE_SIZE = 10_000  # searches waiting to be written; beyond it they are dropped
QUERY_CHARS = 200  # characters of a query kept
BUSY_MS = 5_000  # how long the writer waits for another process's write
SCHEMA = """
CREATE TABLE IF NOT EXISTS searches (
    day TEXT NOT NULL,          -- YYYY-MM-DD (UTC); no time of day
    query TEXT NOT NULL,        -- normalised: lower case, masked, <= 200 chars
    filters TEXT NOT NULL,      -- JSON {facet: [values]}, canonical values
    results INTEGER NOT NULL,   -- how many results the last such search found
    match TEXT NOT NULL,        -- all | most | any: which words results needed
    suggestion TEXT,            -- the "did you mean" offered, if any
    searches INTEGER NOT NULL,  -- how many times that day
    UNIQUE (day, query, filters)
);
CREATE INDEX IF NOT EXISTS searches_by_day ON searches (day);
"""
_MASKS = (
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[email]"),
    (re.compile(r"\b[a-z]{1,2}\d[a-z\d]?\s*\d[a-z]{2}\b"), "[postcode]"),
    (re.compile(r"\b(?:\d[ -]?){6,}\d\b"), "[number]"),  # 7+ digits: NHS, phone
)


@dataclass(frozen=True)
class LoggedSearch:
    """One row: a query with its filters on one day, and what it found."""

    day: str
    query: str
    filters: dict[str, list[str]]
    results: int
    match: str  # "all", "most" or "any"
    suggestion: str | None
    searches: int  # how many times


def normalise_query(text: str) -> str:
    """Lower case, single spaces, personal-looking parts masked, at most 200 chars."""
    text = " ".join(text.casefold().split())
    for pattern, mask in _MASKS:
        text = pattern.sub(mask, text)
    return text[:QUERY_CHARS].strip()


def connect(path: Path) -> sqlite3.Connection:
    """A connection in WAL mode with the table created."""
    connection = sqlite3.connect(path, timeout=BUSY_MS / 1000, isolation_level=None)
    connection.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    connection.executescript(SCHEMA)
    return connection


def write_searches(
    connection: sqlite3.Connection,
    searches: Sequence[LoggedSearch],
    max_rows: int,
    max_days: int,
    today: date | None = None,
) -> None:
    """Add searches in one transaction, then prune to `max_rows` and `max_days`."""
    today = today or datetime.now(UTC).date()
    oldest = date.fromordinal(today.toordinal() - max_days).isoformat()
    with connection:
        connection.execute("BEGIN IMMEDIATE")
        connection.executemany(
            "INSERT INTO searches VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (day, query, filters) DO UPDATE SET"
            " searches = searches + excluded.searches, results = excluded.results,"
            " match = excluded.match, suggestion = excluded.suggestion",
            [
                (
                    s.day,
                    s.query,
                    _filters_json(s.filters),
                    s.results,
                    s.match,
                    s.suggestion,
                    s.searches,
                )
                for s in searches
            ],
        )
        connection.execute("DELETE FROM searches WHERE day < ?", (oldest,))
        (rows,) = connection.execute("SELECT count(*) FROM searches").fetchone()
        if rows > max_rows:  # the oldest days go first
            connection.execute(
                "DELETE FROM searches WHERE rowid IN (SELECT rowid FROM searches"
                " ORDER BY day, rowid LIMIT ?)",
                (rows - max_rows,),
            )


def read_searches(path: Path, since: date | None = None) -> list[LoggedSearch]:
    """Every row of a log (from `since` on), oldest day first; none if no file."""
    if not path.is_file():
        return []
    uri = f"{path.resolve().as_uri()}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True, timeout=BUSY_MS / 1000)) as db:
        rows = db.execute(
            "SELECT day, query, filters, results, match, suggestion, searches"
            " FROM searches WHERE day >= ? ORDER BY day, rowid",
            ((since or date.min).isoformat(),),
        ).fetchall()
    return [
        LoggedSearch(day, query, json.loads(filters), results, match, hint, times)
        for day, query, filters, results, match, hint, times in rows
    ]


def _filters_json(filters: Mapping[str, Sequence[str]]) -> str:
    return json.dumps(
        {k: sorted(v) for k, v in sorted(filters.items()) if v}, ensure_ascii=False
    )


class SearchLog:
    """Records searches from any thread; one writer thread keeps the file."""

    def __init__(self, path: Path, max_rows: int, max_days: int) -> None:
        self.path, self.max_rows, self.max_days = path, max_rows, max_days
        self.dropped = 0  # searches not written (queue full or file unusable)
        self._queue: queue.Queue[LoggedSearch | None] = queue.Queue(QUEUE_SIZE)
        self._pending = 0  # queued and not yet written or dropped
        self._done = threading.Condition()
        self._thread = threading.Thread(
            target=self._run, name="search-log", daemon=True
        )
        self._thread.start()

    def record(
        self,
        query: str,
        filters: Mapping[str, Sequence[str]],
        results: int,
        match: str,
        suggestion: str | None,
    ) -> None:
        """Queue one search; returns at once and never raises."""
        with self._done:
            self._pending += 1
        try:
            self._queue.put_nowait(
                LoggedSearch(
                    datetime.now(UTC).date().isoformat(),
                    normalise_query(query),
                    {k: list(v) for k, v in filters.items()},
                    results,
                    match,
                    normalise_query(suggestion) if suggestion else None,
                    1,
                )
            )
        except queue.Full:
            self._finished(1, dropped=True)
        except Exception:  # anything at all: logging must never fail a search
            self._finished(1, dropped=True)
            log.exception("search log: a search could not be queued")

    def _finished(self, count: int, dropped: bool = False) -> None:
        with self._done:
            self._pending -= count
            self.dropped += count if dropped else 0
            self._done.notify_all()

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until everything queued so far is written (or dropped)."""
        with self._done:
            return self._done.wait_for(lambda: self._pending <= 0, timeout)

    def close(self) -> None:
        """Write what is queued and stop the writer."""
        self._queue.put(None)
        self._thread.join(timeout=10)

    def _run(self) -> None:
        connection = None
        while True:
            batch = list(self._take())
            stop = None in batch
            searches = [s for s in batch if s is not None]
            if searches:
                connection = self._write(connection, searches)
            if stop:
                if connection:
                    connection.close()
                return

    def _take(self) -> Iterator[LoggedSearch | None]:
        """Everything queued now, waiting for the first."""
        yield self._queue.get()
        while True:
            try:
                yield self._queue.get_nowait()
            except queue.Empty:
                return

    def _write(
        self, connection: sqlite3.Connection | None, searches: list[LoggedSearch]
    ) -> sqlite3.Connection | None:
        try:
            if connection is None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                connection = connect(self.path)
            write_searches(connection, _merged(searches), self.max_rows, self.max_days)
            self._finished(len(searches))
            return connection
        except (sqlite3.Error, OSError) as error:  # locked, read-only, disk full
            self._finished(len(searches), dropped=True)
            log.warning(
                "search log %s: %s; %d searches not recorded (searching goes on)",
                self.path,
                error,
                len(searches),
            )
            if connection is not None:
                connection.close()
            return None
        except Exception:  # a bug here must not stop the writer for good
            self._finished(len(searches), dropped=True)
            log.exception("search log %s: searches not recorded", self.path)
            return connection


def _merged(searches: list[LoggedSearch]) -> list[LoggedSearch]:
    """One row per (day, query, filters), with its count and latest outcome."""
    merged: dict[tuple[str, str, str], LoggedSearch] = {}
    for s in searches:
        key = (s.day, s.query, _filters_json(s.filters))
        before = merged.get(key)
        times = s.searches + (before.searches if before else 0)
        merged[key] = LoggedSearch(
            s.day, s.query, s.filters, s.results, s.match, s.suggestion, times
        )
    return list(merged.values())
