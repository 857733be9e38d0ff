"""Facet semantics: OR within a facet, AND across, disjunctive counts, has_code."""

from __future__ import annotations

from tests.search.conftest import slugs


def counts(results, facet):
    return {v.value: v.count for v in results.facets[facet]}


def test_counts_over_the_whole_catalogue(run):
    results = run(q="")
    assert counts(results, "type") == {
        "project": 3,
        "case-study": 1,
        "webinar": 1,
        "guidance": 1,
    }
    assert counts(results, "has_code") == {"true": 2, "false": 4}
    assert counts(results, "technique") == {
        "Gradient boosting": 2,
        "Natural language processing": 1,
        "Computer vision": 1,
    }
    assert counts(results, "adopter") == {
        "Alpha Hospitals NHS Trust": 1,
        "Beta Health NHS Foundation Trust": 1,
        "Gamma Analytics": 1,
    }


def test_values_of_one_facet_are_ored(run):
    results = run(technique=["Gradient boosting", "Natural language processing"])
    assert set(slugs(results)) == {"los-predictor", "bed-planner", "notes-reader"}


def test_facets_are_anded(run):
    results = run(technique=["Gradient boosting"], problem_area=["Bed management"])
    assert slugs(results) == ["bed-planner"]


def test_counts_are_disjunctive(run):
    results = run(technique=["Gradient boosting"])
    # the technique facet ignores its own selection...
    assert counts(results, "technique")["Natural language processing"] == 1
    # ...while other facets count only gradient-boosting entries
    assert counts(results, "problem_area") == {"Length of stay": 1, "Bed management": 1}
    assert counts(results, "type") == {"project": 2}


def test_selected_values_are_marked_even_with_no_match(run):
    results = run(technique=["Gradient boosting"], status=["retired"])
    assert results.total == 0
    selected = [v for v in results.facets["status"] if v.selected]
    assert [(v.value, v.count) for v in selected] == [("retired", 0)]


def test_has_code_true_and_false(run):
    assert set(slugs(run(has_code=["true"]))) == {"los-predictor", "bed-planner"}
    assert len(slugs(run(has_code=["false"]))) == 4


def test_alias_in_url_is_its_canonical_value(run):
    results = run(technique=["NLP"])
    assert slugs(results) == ["notes-reader"]
    assert results.request.filters["technique"] == ("Natural language processing",)


def test_query_and_filters_together(run):
    results = run(q="patients", has_code=["true"])
    assert set(slugs(results)) == {"los-predictor", "bed-planner"}
    # disjunctive: has_code counts ignore the has_code selection itself
    assert counts(results, "has_code") == {"true": 2, "false": 2}
