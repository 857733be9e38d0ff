"""Corrections people trust (issue 14): only misspelt words are corrected, and
only when the correction finds clearly better results."""

from __future__ import annotations

from pathlib import Path

import pytest

from search.engine import SearchEngine
from search.english import is_english
from search.indexer import update_index
from search.query import parse_request
from tests.search.conftest import ENTRIES, write_corpus

#: An entry whose words are one edit from everyday words typed in queries:
#: "stack" (stuck), "wards" (words), "bed" (beds, bad).
AMBULANCE = """\
---
title: Ambulance stack forecaster
summary: Forecasts the stack of ambulances waiting to hand over at the front door.
type: project
---
Crews wait in a stack outside the emergency department.
"""


@pytest.fixture(scope="module")
def corrections(tmp_path_factory: pytest.TempPathFactory) -> SearchEngine:
    root = tmp_path_factory.mktemp("corrections")
    entries = write_corpus(
        root / "entries", {**ENTRIES, "projects/stack.md": AMBULANCE}
    )
    update_index(entries, root / "index")
    return SearchEngine(root / "index")


def search(engine: SearchEngine, q: str):
    return engine.search(parse_request({"q": [q]}, engine.canonical_values()))


@pytest.mark.parametrize(
    "q",
    [
        "ambulances stuck outside A&E",  # was offered "ambulances stack outside A&E"
        "stuck ambulances",
        "words on wards",
        "bad beds",
        "handover delays",
    ],
)
def test_no_suggestion_for_correctly_spelt_everyday_words(corrections, q):
    assert search(corrections, q).suggestion is None


def test_the_word_list_knows_everyday_words_and_not_slips():
    assert all(is_english(w) for w in ("stuck", "Ambulances", "outside", "beds"))
    assert not any(is_english(w) for w in ("lenght", "mangement", "discharje"))


def test_a_slip_is_corrected_when_the_correction_finds_every_word(corrections):
    results = search(corrections, "ambulance stcak")
    assert results.relaxed  # "ambulance" alone matched
    assert results.suggestion == "ambulance stack"


def test_no_suggestion_when_the_words_as_typed_already_find_the_same(corrections):
    # "managment" is a slip, but it stems like "management": the query as
    # typed finds the entry, so a correction would find nothing better.
    results = search(corrections, "bed managment")
    assert results.total == 1 and not results.relaxed
    assert results.suggestion is None


def test_no_suggestion_when_the_correction_finds_nothing_with_every_word(corrections):
    assert search(corrections, "ambulance qwertyx").suggestion is None


def test_the_index_words_are_never_corrected(tmp_path: Path):
    # "stak" is no English word, but an entry uses it: it is not a slip here.
    entries = write_corpus(
        tmp_path / "entries",
        {**ENTRIES, "projects/stack.md": AMBULANCE + "The STAK tool.\n"},
    )
    update_index(entries, tmp_path / "index")
    assert search(SearchEngine(tmp_path / "index"), "stak").suggestion is None
