"""`catalogue serve --watch`: re-index entries as staff edit, add or delete them.

A watchdog observer notices changes to `*.md` files and `vocabulary.yml` below
the entries folder; after a short quiet spell (editors save in bursts) it runs
the same incremental update as `catalogue index`. The site picks up the new
index on its next request.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from search.generations import IndexUnavailable
from search.indexer import IndexReport, update_index

log = logging.getLogger(__name__)
QUIET_SECONDS = 0.3


class EntryWatcher(FileSystemEventHandler):
    """Re-indexes the entries folder shortly after it changes."""

    def __init__(
        self,
        entries_dir: Path,
        index_dir: Path,
        on_update: Callable[[IndexReport], None] | None = None,
        quiet: float = QUIET_SECONDS,
    ) -> None:
        self.entries_dir, self.index_dir = Path(entries_dir), Path(index_dir)
        self.on_update = on_update
        self.quiet = quiet
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()
        self._observer = Observer()

    def on_any_event(self, event: FileSystemEvent) -> None:
        """Schedule an update for a change to an entry or the vocabulary."""
        paths = [str(event.src_path), str(getattr(event, "dest_path", "") or "")]
        if event.event_type in ("opened", "closed_no_write"):
            return
        if any(
            p.endswith((".md", ".yml")) or (event.is_directory and p) for p in paths
        ):
            self.schedule()

    def schedule(self) -> None:
        """Update after QUIET_SECONDS without further changes."""
        with self._lock:
            if self._timer:
                self._timer.cancel()
            self._timer = threading.Timer(self.quiet, self.update)
            self._timer.daemon = True
            self._timer.start()

    def update(self) -> None:
        """Run an incremental update; a busy index is tried again shortly."""
        try:
            report = update_index(self.entries_dir, self.index_dir)
        except IndexUnavailable as error:
            log.warning("Not re-indexed yet: %s", error)
            self.schedule()
            return
        log.info(
            "Re-indexed in %.2f s: %d added, %d updated, %d removed, %d left out",
            report.seconds,
            report.added,
            report.updated,
            report.removed,
            report.invalid,
        )
        for problem in report.problems:
            log.warning("%s", problem)
        if self.on_update:
            self.on_update(report)

    def start(self) -> None:
        """Start watching (in a background thread)."""
        self._observer.schedule(self, str(self.entries_dir), recursive=True)
        self._observer.daemon = True
        self._observer.start()

    def stop(self) -> None:
        """Stop watching."""
        self._observer.stop()
        self._observer.join(timeout=5)
        with self._lock:
            if self._timer:
                self._timer.cancel()
