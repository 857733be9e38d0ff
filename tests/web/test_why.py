"""The results page explains itself: most-words notice, Missing:, Why this matched."""

from __future__ import annotations

import re


def test_a_long_query_says_it_shows_entries_with_most_words(client):
    html = client.get("/search?q=patient+stay+wards+discharge").get_data(as_text=True)
    assert "Showing entries that match most of your words" in html
    missing = re.findall(r'app-result__missing">(.*?)</p>', html)
    assert missing == [
        "Missing: <s>wards</s>",
        "Missing: <s>stay</s>, <s>discharge</s>",
        "Missing: <s>stay</s>, <s>discharge</s>",
    ]


def test_a_query_every_result_matches_says_nothing_of_the_kind(client):
    html = client.get("/search?q=discharge+letters").get_data(as_text=True)
    assert "most of your words" not in html and "app-result__missing" not in html


def test_every_result_has_its_reasons_in_a_details_element(client):
    html = client.get("/search?q=LoS").get_data(as_text=True)
    results = html.count('<li class="app-result">')
    assert results >= 2
    assert html.count('<details class="nhsuk-details app-result__why">') == results
    assert "<li>&#39;LoS&#39; is another name for Length of stay</li>" in html


def test_reasons_are_escaped(client):
    html = client.get('/search?q="bed <i>"').get_data(as_text=True)  # a phrase
    assert "<li>title matches &#39;bed &lt;i&gt;&#39;</li>" in html
    assert "<i>" not in html
