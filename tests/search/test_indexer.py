"""Indexing: incremental add/change/delete, rebuilds, the lock, concurrent readers."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from search.engine import SearchEngine
from search.generations import IndexLocked, IndexUnavailable
from search.indexer import update_index
from search.lock import writer_lock
from search.query import SearchRequest


def found(index: Path, q: str) -> list[str]:
    results = SearchEngine(index).search(SearchRequest(q=q))
    return [hit.data["slug"] for hit in results.hits]


def test_first_run_builds_then_nothing_changes(entries_copy, tmp_path):
    index = tmp_path / "index"
    first = update_index(entries_copy, index)
    assert (first.rebuilt, first.reason, first.total, first.added) == (
        True,
        "no index yet",
        6,
        6,
    )
    again = update_index(entries_copy, index)
    assert (again.rebuilt, again.added, again.updated, again.unchanged) == (
        False,
        0,
        0,
        6,
    )


def test_changed_file_is_updated(entries_copy, tmp_path):
    index = tmp_path / "index"
    update_index(entries_copy, index)
    path = entries_copy / "projects/bed-planner.md"
    path.write_text(path.read_text().replace("every morning", "every evening"))
    report = update_index(entries_copy, index)
    assert (report.updated, report.added, report.unchanged) == (1, 0, 5)
    assert found(index, "evening") == ["bed-planner"]
    assert found(index, "morning") == []


def test_new_file_is_added_and_deleted_file_removed(entries_copy, tmp_path):
    index = tmp_path / "index"
    update_index(entries_copy, index)
    (entries_copy / "projects/new-one.md").write_text(
        "---\ntitle: Porter scheduling\nsummary: Plans porter rounds.\n"
        "type: project\n---\n"
    )
    (entries_copy / "guidance/flow-guide.md").unlink()
    report = update_index(entries_copy, index)
    assert (report.added, report.removed, report.total) == (1, 1, 6)
    assert found(index, "porter") == ["new-one"]
    assert found(index, "digital") == []


def test_entry_naming_a_deleted_slug_is_left_out_and_reported(entries_copy, tmp_path):
    index = tmp_path / "index"
    update_index(entries_copy, index)
    (entries_copy / "projects/los-predictor.md").unlink()
    report = update_index(entries_copy, index)
    assert report.total == 4  # the predictor and the webinar naming it are out
    assert [str(p) for p in report.problems] == [
        "events/los-webinar.md:7: related[0]: error: unknown related slug"
        " 'los-predictor': no entry has that file name"
    ]


def test_broken_file_is_reported_and_skipped_never_aborts(entries_copy, tmp_path):
    (entries_copy / "projects/broken.md").write_text("---\ntitle: [unclosed\n---\n")
    report = update_index(entries_copy, tmp_path / "index")
    assert report.total == 6 and report.invalid == 1
    assert report.problems[0].path == "projects/broken.md"


def test_vocabulary_change_rebuilds(entries_copy, tmp_path):
    index = tmp_path / "index"
    update_index(entries_copy, index)
    vocabulary = entries_copy / "vocabulary.yml"
    vocabulary.write_text(vocabulary.read_text().replace("[XGBoost]", "[XGBoost, GBM]"))
    report = update_index(entries_copy, index)
    assert (report.rebuilt, report.reason) == (True, "the vocabulary changed")
    assert "bed-planner" in found(index, "GBM")


def test_rebuild_when_asked_keeps_one_previous_generation(entries_copy, tmp_path):
    index = tmp_path / "index"
    for _ in range(3):
        update_index(entries_copy, index, rebuild=True)
    assert len(list(index.glob("gen-*"))) == 2


def test_a_held_lock_is_reported_clearly(entries_copy, tmp_path):
    index = tmp_path / "index"
    with writer_lock(index):
        with pytest.raises(IndexLocked, match=r"is being updated by process \d+ since"):
            update_index(entries_copy, index)


def test_missing_entries_folder_leaves_the_index_alone(entries_copy, tmp_path):
    index = tmp_path / "index"
    update_index(entries_copy, index)
    with pytest.raises(
        IndexUnavailable, match="does not exist; the index was left as it was"
    ):
        update_index(tmp_path / "nowhere", index)
    assert found(index, "bed") != []


def test_readers_keep_answering_while_the_index_is_rebuilt(entries_copy, tmp_path):
    index = tmp_path / "index"
    update_index(entries_copy, index)
    engine = SearchEngine(index)
    errors: list[BaseException] = []
    totals: list[int] = []
    done = threading.Event()

    def search_until_done() -> None:
        while not done.is_set():
            try:
                totals.append(engine.search(SearchRequest(q="")).total)
            except BaseException as error:
                errors.append(error)

    reader = threading.Thread(target=search_until_done)
    reader.start()
    try:
        for _ in range(3):
            update_index(entries_copy, index, rebuild=True)
    finally:
        done.set()
        reader.join(timeout=10)
    assert errors == []
    assert totals and set(totals) == {6}


def _whoosh_files(index: Path) -> set[str]:
    """The segments and tables of contents (one a commit) of the current index."""
    from search.generations import current_generation

    generation = current_generation(index)
    assert generation is not None
    return {
        path.name for path in generation.iterdir() if path.suffix in {".seg", ".toc"}
    }


def test_nothing_changed_commits_nothing(entries_copy, tmp_path):
    index = tmp_path / "index"
    update_index(entries_copy, index)
    before = _whoosh_files(index)
    (entries_copy / "projects/bed-planner.md").touch()  # new mtime, same bytes
    report = update_index(entries_copy, index)
    assert (report.updated, report.unchanged, report.total) == (0, 6, 6)
    assert _whoosh_files(index) == before
    assert found(index, "morning") == ["bed-planner"]


def test_without_the_stats_file_deleted_files_still_leave_the_index(
    entries_copy, tmp_path
):
    from search.generations import STATS, current_generation

    index = tmp_path / "index"
    update_index(entries_copy, index)
    generation = current_generation(index)
    assert generation is not None
    (generation / STATS).write_text("{torn", encoding="utf-8")
    (entries_copy / "projects/bed-planner.md").unlink()
    report = update_index(entries_copy, index)
    assert (report.removed, report.total) == (1, 5)
    assert found(index, "morning") == []


def test_a_file_left_out_is_checked_again_when_what_it_names_appears(
    entries_copy, tmp_path
):
    index = tmp_path / "index"
    update_index(entries_copy, index)
    waiting = entries_copy / "projects/waits-for-friend.md"
    waiting.write_text(
        "---\ntitle: Theatre lists\nsummary: Orders theatre lists.\n"
        "type: project\nrelated: [porter-friend]\n---\n"
    )
    first = update_index(entries_copy, index)
    assert (first.added, first.invalid) == (0, 1)
    (entries_copy / "projects/porter-friend.md").write_text(
        "---\ntitle: Porter rounds\nsummary: Plans porter rounds.\ntype: project\n---\n"
    )
    second = update_index(entries_copy, index)
    assert (second.added, second.invalid, second.total) == (2, 0, 8)
    assert found(index, "theatre") == ["waits-for-friend"]
