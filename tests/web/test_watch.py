"""`catalogue serve --watch`: edits, additions and deletions reach search quickly."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from catalogue.watch import EntryWatcher
from search.engine import SearchEngine
from search.indexer import update_index
from search.query import SearchRequest

WAIT_SECONDS = 10


def eventually(check, seconds: float = WAIT_SECONDS) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def watched(entries_copy: Path, tmp_path: Path):
    index = tmp_path / "index"
    update_index(entries_copy, index)
    reports = []
    watcher = EntryWatcher(entries_copy, index, on_update=reports.append, quiet=0.1)
    watcher.start()
    yield entries_copy, SearchEngine(index), reports
    watcher.stop()


def slugs_for(engine: SearchEngine, q: str) -> list[str]:
    return [h.data["slug"] for h in engine.search(SearchRequest(q=q)).hits]


def test_edit_add_and_delete_are_indexed(watched):
    entries, engine, reports = watched
    bed = entries / "projects/bed-planner.md"
    bed.write_text(bed.read_text().replace("every morning", "every fortnight"))
    assert eventually(lambda: slugs_for(engine, "fortnight") == ["bed-planner"])
    (entries / "guidance/porters.md").write_text(
        "---\ntitle: Porter rounds\nsummary: Planning porter rounds.\n"
        "type: guidance\n---\n"
    )
    assert eventually(lambda: slugs_for(engine, "porter") == ["porters"])
    (entries / "guidance/porters.md").unlink()
    assert eventually(lambda: slugs_for(engine, "porter") == [])
    assert reports, "the watcher reported its updates"


def test_a_broken_edit_is_reported_and_the_rest_keeps_working(watched):
    entries, engine, reports = watched
    (entries / "projects/bed-planner.md").write_text("---\ntitle: [broken\n---\n")
    assert eventually(lambda: any(r.invalid for r in reports))
    assert reports[-1].problems[0].path == "projects/bed-planner.md"
    assert "bed-planner" not in slugs_for(engine, "wards")
    assert "notes-reader" in slugs_for(engine, "discharge")  # the rest still answers
