"""Score maps are Whoosh's own BM25F scores, to the last bit, after changes too."""

from __future__ import annotations

import shutil

from search.generations import current_generation
from search.indexer import update_index
from search.schema import TEXT_FIELDS
from search.versions import Version


def _scoring_matcher(searcher, field: str, term: str) -> dict[int, float]:
    matcher = searcher.postings(field, term)
    found = {}
    while matcher.is_active():
        found[matcher.id()] = matcher.score()
        matcher.next()
    return found


def _every_score_agrees(index) -> int:
    version = Version(current_generation(index))
    try:
        checked = 0
        with version.docsets.reading() as searcher:
            reader = searcher.reader()
            for field in (*TEXT_FIELDS, "pairs"):
                for raw in reader.lexicon(field):
                    term = raw.decode("utf-8")
                    expected = _scoring_matcher(searcher, field, term)
                    assert version.docsets.scores(field, term) == expected, (
                        field,
                        term,
                    )
                    checked += 1
        return checked
    finally:
        version.close()


def test_every_term_scores_as_whoosh_scores_it(small_index):
    assert _every_score_agrees(small_index) > 200


def test_scores_agree_across_segments_and_deletions(entries_copy, tmp_path):
    index = tmp_path / "index"
    update_index(entries_copy, index)
    shutil.copy(
        entries_copy / "projects/bed-planner.md", entries_copy / "projects/beds-two.md"
    )
    (entries_copy / "guidance/flow-guide.md").unlink()
    update_index(entries_copy, index)  # a second segment and a deleted document
    assert _every_score_agrees(index) > 100
