"""What a result shows: highlights, suggestions, similar entries, the API shape."""

from __future__ import annotations

import pytest

from tests.search.conftest import slugs


def test_highlights_mark_matches_and_escape_everything_else(run):
    hit = run(q="scans").hits[0]
    assert hit.data["slug"] == "scan-sorter"
    assert "<mark>scans</mark>" in hit.highlights
    assert "5 &lt; 6 mm" in hit.highlights and "images &amp;" in hit.highlights
    assert "<script>" not in hit.highlights and "alert(&quot;x&quot;)" in hit.highlights


def test_highlights_mark_stemmed_forms(run):
    hit = run(q="supporting").hits[0]
    assert hit.data["slug"] == "los-predictor"
    assert "discharge <mark>support</mark> early" in hit.highlights


def test_browse_shows_the_summary(run):
    hit = run(q="", sort="title").hits[0]
    assert (
        hit.highlights
        == "Where to start when planning an AI project about patient flow."
    )


def test_misspelt_query_gets_a_suggestion(run):
    # "bed managment" stems like "management" and finds the same entries, so
    # (issue 14) it is no longer corrected: "mangement" does not.
    assert run(q="bed mangement").suggestion == "bed management"
    assert run(q="discharje letters").suggestion == "discharge letters"


@pytest.mark.parametrize(
    "q", ["NLP", "LoS", "XGBoost", "2021", "bed management", "wards"]
)
def test_no_suggestion_for_known_words_acronyms_numbers_or_aliases(run, q):
    assert run(q=q).suggestion is None


def test_similar_entries_share_words_and_filters(engine):
    similar = [e["slug"] for e in engine.similar("los-predictor", limit=3)]
    assert len(similar) == 3 and "los-predictor" not in similar
    assert {"notes-reader", "los-webinar"} <= set(similar)  # both about length of stay


def test_api_shape(run):
    data = run(q="bed", per_page=1).to_dict()
    assert set(data) >= {
        "query",
        "total",
        "page",
        "per_page",
        "suggestion",
        "results",
        "facets",
    }
    assert set(data["facets"]) >= {
        "type",
        "problem_area",
        "technique",
        "adopter",
        "status",
        "has_code",
    }
    result = data["results"][0]
    assert set(result) >= {
        "slug",
        "url",
        "title",
        "summary",
        "type",
        "status",
        "date",
        "score",
        "highlights",
        "problem_areas",
        "techniques",
        "tags",
        "organisation",
        "code",
        "adopters",
    }
    assert result["url"] == f"/entries/{result['slug']}"


def test_partial_dates_are_returned_as_written(run):
    dates = {h.data["slug"]: h.data["date"] for h in run(q="").hits}
    assert dates["bed-planner"] == "2022" and dates["los-predictor"] == "2021-04"


def test_pages_hold_per_page_results(run):
    first, second = run(q="", per_page=4), run(q="", per_page=4, page=2)
    assert len(first.hits) == 4 and len(second.hits) == 2
    assert not set(slugs(first)) & set(slugs(second))
