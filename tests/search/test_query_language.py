"""What people type: stemming, synonyms, phrases, exclusion, prefixes, odd input."""

from __future__ import annotations

import pytest

from search.query import Clause, parse_query
from tests.search.conftest import slugs


def test_stemming_matches_other_forms_of_a_word(run):
    assert "los-predictor" in slugs(run(q="predict"))
    assert "los-predictor" in slugs(run(q="predictions"))


@pytest.mark.parametrize(
    ("q", "expected", "why"),
    [
        ("NLP", "notes-reader", "written as 'natural language processing'"),
        ("natural language processing", "flow-guide", "written only as 'NLP'"),
        ("LoS", "los-predictor", "written as 'length of stay'"),
        ("length of stay", "los-webinar", "written only as 'LoS'"),
        ("xgboost", "bed-planner", "alias of a technique"),
    ],
)
def test_vocabulary_aliases_are_synonyms_both_ways(run, q, expected, why):
    assert expected in slugs(run(q=q)), why


def test_a_quoted_phrase_needs_the_words_together(run):
    found = slugs(run(q='"length of stay"'))
    assert found == [
        "los-predictor"
    ]  # notes-reader has "length of each patient's stay"


def test_quoted_words_get_no_synonyms(run):
    assert slugs(run(q='"NLP"')) == ["flow-guide"]


def test_minus_excludes_a_word(run):
    assert "bed-planner" in slugs(run(q="bed"))
    assert slugs(run(q="bed -meetings")) == ["flow-guide"]
    assert slugs(run(q='bed -"bed report"')) == ["bed-planner"]


def test_prefix_matches_words_starting_with_it(run):
    assert {"los-predictor"} <= set(slugs(run(q="predict*")))
    assert "notes-reader" in slugs(run(q="disch*"))


def test_words_are_anded_with_an_or_fallback(run):
    both = run(q="discharge letters")
    assert slugs(both) == ["notes-reader"] and not both.relaxed
    either = run(q="radiographers wards")  # no entry has both
    assert set(slugs(either)) == {
        "scan-sorter",
        "bed-planner",
        "los-predictor",
        "los-webinar",
        "flow-guide",
    }
    assert either.relaxed


def test_empty_query_browses_newest_first(run):
    results = run(q="")
    assert results.total == 6
    assert slugs(results)[:3] == ["scan-sorter", "bed-planner", "los-webinar"]
    assert slugs(results)[-1] == "flow-guide"  # no date sorts last


def test_sort_by_title(run):
    assert slugs(run(q="", sort="title"))[0] == "flow-guide"  # "A guide to..."


@pytest.mark.parametrize(
    "q",
    [
        '"unbalanced',
        "((((",
        "title:bed",
        "*",
        "*ward",
        "-",
        "AND OR NOT",
        "\x00\x01",
        "🏥 سرير",
        "a" * 900,
        '"" -"" *"',
    ],
)
def test_odd_input_never_raises(run, q):
    results = run(q=q)
    assert results.total >= 0


def test_field_syntax_is_just_words():
    assert parse_query("title:bed") == [Clause("word", "title"), Clause("word", "bed")]


def test_parse_query_caps_clauses():
    assert len(parse_query("word " * 500)) == 24
