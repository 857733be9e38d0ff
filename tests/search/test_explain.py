"""'Why this matched': plain-English reasons from what the search already holds."""

from __future__ import annotations

from tests.search.conftest import slugs


def why(run, slug: str, **params) -> list[str]:
    results = run(explain="true", **params)
    hit = next(h for h in results.hits if h.data["slug"] == slug)
    return list(hit.why)


def test_reasons_name_the_synonym_of_an_alias(run):
    reasons = why(run, "los-predictor", q="LoS")
    assert "'LoS' is another name for Length of stay" in reasons
    assert "problem area is Length of stay" in reasons


def test_reasons_name_the_alias_that_linked_a_canonical_value(run):
    reasons = why(run, "los-webinar", q="length of stay")
    assert "'LoS' is another name for Length of stay" in reasons
    assert "title matches 'LoS'" in reasons


def test_reasons_name_the_correction_of_a_misspelling(run):
    results = run(q="discharje letters", explain="true")
    assert results.suggestion == "discharge letters"
    for hit in results.hits:
        assert "'discharje' is not in the catalogue: did you mean 'discharge'?" in (
            hit.why
        ), hit.data["slug"]
        assert hit.missing == ("discharje",)


def test_reasons_name_fields_word_forms_and_priors(run):
    reasons = why(run, "los-predictor", q="supporting")
    assert "text matches 'supporting'" in reasons
    assert "'supporting' also matches 'support' (another form of the word)" in reasons
    assert "ranked higher: a project" in reasons
    assert "ranked higher: has reusable code" in reasons


def test_reasons_name_prefix_expansions_and_filters(run):
    reasons = why(run, "los-predictor", q="predict*", technique="XGBoost")
    assert "title matches 'predict*'" in reasons
    assert "'predict*' matched 'predicting'" in reasons
    assert "filtered: ai technique is Gradient boosting" in reasons


def test_a_long_query_says_how_many_words_an_entry_has(run):
    reasons = why(run, "notes-reader", q="patient stay wards discharge")
    assert reasons[0] == "has 3 of the 4 words searched for (missing: wards)"


def test_browsing_ranks_by_date_so_no_prior_is_named(run):
    results = run(q="", sort="newest", explain="true", technique="XGBoost")
    assert all(not any("ranked" in r for r in h.why) for h in results.hits)
    assert slugs(results)


def test_why_is_in_the_api_shape_only_when_asked_for(run):
    plain = run(q="LoS").to_dict()["results"][0]
    explained = run(q="LoS", explain="true").to_dict()["results"][0]
    assert "why" not in plain and plain["missing"] == []
    assert explained["why"] and all(isinstance(r, str) for r in explained["why"])
