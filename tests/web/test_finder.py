"""The finder page at GOV.UK-finder quality (issue 14): what a person sees."""

from __future__ import annotations

import re
from html import unescape

import pytest

from tests.web.test_pages import text_of


def title_of(response) -> str:
    html = response.get_data(as_text=True)
    return unescape(re.search(r"<title>(.*?)</title>", html, re.S).group(1)).strip()


def legends(response) -> list[str]:
    html = response.get_data(as_text=True)
    found = re.findall(r"<legend[^>]*>(.*?)</legend>", html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", f).split()) for f in found]


def options(response, facet: str) -> list[str]:
    """A facet's option labels, with counts, in the order shown."""
    html = response.get_data(as_text=True)
    labels = re.findall(
        rf'<label[^>]*for="filter-{facet}-\d+"[^>]*>(.*?)</label>', html, re.S
    )
    return [" ".join(unescape(label).split()) for label in labels]


def test_the_count_is_in_the_title_and_a_polite_live_region(client):
    page = client.get("/search?q=bed")
    assert title_of(page).startswith("2 results for bed – Search – ")
    html = page.get_data(as_text=True)
    status = re.search(r'<p [^>]*id="results-status"[^>]*>(.*?)</p>', html, re.S)
    assert 'aria-live="polite"' in status.group(0)
    assert status.group(1) == "2 results for bed"
    assert title_of(client.get("/search")).startswith("6 results – Search – ")


def test_filters_fold_behind_a_filter_button_saying_how_many_are_selected(client):
    text = text_of(client.get("/search?technique=NLP&has_code=false"))
    assert "Filter (2 selected)" in text
    html = client.get("/search").get_data(as_text=True)
    assert re.search(r"<summary[^>]*>\s*<span[^>]*>Filter</span>\s*</summary>", html)
    # top and bottom, for people without JavaScript
    assert len(re.findall(r">\s*Apply filters\s*<", html)) == 2


def test_values_keep_a_fixed_order(client):
    page = client.get("/search")
    assert options(page, "type") == [
        "Project (3)",
        "Case study (1)",
        "Webinar or event (1)",
        "Guidance (1)",
    ]  # contract order, not by count
    assert options(page, "status") == ["Idea (1)", "Proof of concept (1)", "Pilot (1)"]
    assert options(page, "technique") == [
        "Computer vision (1)",
        "Gradient boosting (2)",
        "Natural language processing (1)",
    ]  # alphabetical, with counts


def test_ticking_a_filter_keeps_every_group_and_option_in_place(client):
    before = client.get("/search")
    after = client.get("/search?type=webinar")
    assert legends(after) == legends(before)
    assert "Adopted by" in legends(after)  # no webinar is adopted, yet it stays
    assert [o.split(" (")[0] for o in options(after, "technique")] == [
        o.split(" (")[0] for o in options(before, "technique")
    ]
    assert "Computer vision (0)" in options(after, "technique")


def test_a_selected_value_shows_its_zero_count(client):
    page = client.get("/search?type=webinar&technique=NLP")
    assert "Natural language processing (0)" in options(page, "technique")
    assert "AI technique" in legends(page)


def test_results_name_their_adopters(client):
    text = text_of(client.get("/search?q=bed+planner"))
    assert "Adopted by Alpha Hospitals NHS Trust and Gamma Analytics" in text
    text = text_of(client.get("/search?q=predicting"))
    assert "Adopted by Beta Health NHS Foundation Trust" in text


def test_nothing_matching_every_word_shows_the_corrected_results(client):
    page = client.get("/search?q=lenght+of+stay")
    text, html = text_of(page), page.get_data(as_text=True)
    assert "Showing results for length of stay" in text
    assert "Search instead for lenght of stay" in text
    assert 'href="/search?q=lenght+of+stay&amp;as_typed=true"' in html
    assert re.match(r"\d results for length of stay – Search", title_of(page))
    as_typed = text_of(client.get("/search?q=lenght+of+stay&as_typed=true"))
    assert "Showing results for" not in as_typed
    assert re.search(r"Did you mean (search for )?length of stay \?", as_typed)


def test_correct_words_are_never_replaced(client):
    text = text_of(client.get("/search?q=stuck+beds"))
    assert "Showing results for" not in text and "Did you mean" not in text


def test_a_too_long_query_is_an_inline_error_that_keeps_the_text(client):
    typed = "waiting list " * 80
    page = client.get("/search", query_string={"q": typed})
    html, text = page.get_data(as_text=True), text_of(page)
    assert page.status_code == 400 and page.mimetype == "text/html"
    assert title_of(page).startswith("Error: ")
    assert "There is a problem" in text and 'href="#q"' in html
    message = (
        f"Your search has {len(typed.strip())} characters."
        " Enter 1000 characters or fewer"
    )
    assert re.search(rf'id="q-error"[^>]*>.*?{message}', html, re.S)
    assert f'value="{typed.strip()}"' in html
    assert 'aria-describedby="q-error"' in html
    assert html.count('maxlength="1000"') == 2  # header box and page box
    assert "We could not run this search" not in text  # not a separate page
    assert re.search(r'id="finder" data-finder-part hidden', html)  # no "0 results"


def test_the_search_boxes_have_a_maxlength(client):
    for path in ("/", "/search", "/entries/los-predictor", "/nope"):
        assert 'maxlength="1000"' in client.get(path).get_data(as_text=True), path


@pytest.mark.parametrize("page_number", [2, 9])
def test_past_the_last_page_never_says_page_n_of_1(client, page_number):
    page = client.get(f"/search?q=bed&page={page_number}")
    text, title = text_of(page), title_of(page)
    assert f"page {page_number} of" not in (title + text).lower()
    assert "only 1 page" not in text.lower()
    assert title.startswith("2 results for bed (past the last page) – Search")
    assert "This page is past the end of the results." in text
    assert "All 2 results are on one page." in text
    assert "Go to the first page of results" in text
    assert 'href="/search?q=bed"' in page.get_data(as_text=True)


def test_an_empty_filter_combination_suggests_the_filter_to_remove(client):
    page = client.get("/search?q=bed&type=case-study")
    text = text_of(page)
    assert "There are no entries matching your search and filters." in text
    assert "Remove type: Case study (2 results)" in text
    assert 'href="/search?q=bed"' in page.get_data(as_text=True)
    assert "checking your spelling" not in text  # the words do find entries


def test_words_that_find_nothing_still_get_spelling_advice(client):
    text = text_of(client.get("/search?q=zzzzqqq&type=project"))
    assert "checking your spelling" in text
    assert "Remove type" not in text  # removing it finds nothing either
