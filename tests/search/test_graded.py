"""Graded matching: every word for short queries, most of them for long ones."""

from __future__ import annotations

import random

import pytest

from search.graded import at_least, content_clauses, grade, required_clauses
from search.query import parse_query
from tests.search.conftest import slugs


@pytest.mark.parametrize(
    ("clauses", "required"), [(1, 1), (2, 2), (3, 3), (4, 3), (5, 3), (6, 4), (8, 6)]
)
def test_three_of_four_then_three_quarters(clauses, required):
    assert required_clauses(clauses) == required


def test_at_least_counts_like_a_loop_over_documents():
    rng = random.Random(3)
    size = 300
    sets = [rng.getrandbits(size) for _ in range(7)]
    universe = (1 << size) - 1
    found = at_least(sets, universe)
    for k in range(len(sets) + 1):
        expected = sum(
            1 << d for d in range(size) if sum(bits >> d & 1 for bits in sets) >= k
        )
        assert found[k] == expected, k


def test_a_short_query_needs_every_word_then_any():
    assert grade([0b0110, 0b0011], 0b1111).mode == "all"
    relaxed = grade([0b0100, 0b0011], 0b1111)
    assert relaxed.mode == "any" and relaxed.bits == 0b0111


def test_a_long_query_needs_most_words_and_says_who_holds_how_many():
    sets = [0b11111, 0b01111, 0b00111, 0b00011, 0b00001]  # doc 0 holds all five
    graded = grade(sets, 0b11111)
    assert graded.mode == "most" and graded.required == 3
    assert graded.bits == 0b00111 and graded.every == 0b00001
    assert graded.coordination(graded.bits, 5) == {1: 4 / 5, 2: 3 / 5}


def test_words_no_entry_has_do_not_count_against_anyone():
    sets = [0b111, 0b011, 0b001, 0, 0]  # five words, three known
    graded = grade(sets, 0b111)
    assert graded.required == 2 and graded.bits == 0b011  # 3 known: all, then half


def test_no_word_matching_anything_is_not_relaxed():
    assert grade([0, 0, 0, 0], 0b11).bits == 0
    assert grade([0, 0, 0, 0], 0b11).mode == "all"


def test_question_words_are_left_out_of_long_queries_only():
    long = [c.text for c in content_clauses(parse_query("how do we reduce bed moves"))]
    assert long == ["we", "reduce", "bed", "moves"]  # `we`: a stop word, later
    short = [c.text for c in content_clauses(parse_query("how bed"))]
    assert short == ["how", "bed"]


def test_long_query_shows_entries_with_most_words_and_what_they_miss(run):
    results = run(q="patient stay wards discharge")  # no entry but one has all
    assert results.mode == "most" and not results.relaxed
    assert slugs(results) == [
        "los-predictor",
        "notes-reader",
        "bed-planner",
        "flow-guide",
    ]
    first = results.hits[0]
    assert [h.missing for h in results.hits] == [
        (),
        ("wards",),
        ("stay", "discharge"),
        ("stay", "discharge"),
    ]
    assert results.to_dict()["match"] == "most"
    assert results.to_dict()["results"][0]["missing"] == list(first.missing)


def test_when_only_entries_with_every_word_qualify_it_is_all(run):
    results = run(q="patients discharge letters facts diagnosis")
    assert slugs(results) == ["notes-reader"] and results.mode == "all"
    assert not results.hits[0].missing


def test_a_word_asking_for_a_type_lifts_that_type(run):
    plain = run(q="length of stay")
    asked = run(q="length of stay webinar recording")
    assert slugs(asked)[0] == "los-webinar"
    assert slugs(plain)[0] != "los-webinar"
