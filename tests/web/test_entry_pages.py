"""Entry pages and the home page's links (issue 14): what a person sees."""

from __future__ import annotations

import re

from tests.web.test_pages import text_of


def section(html: str, heading_id: str) -> str:
    """The HTML of the <section> labelled by a heading id."""
    found = re.search(
        rf'<section aria-labelledby="{heading_id}".*?</section>', html, re.S
    )
    return found.group(0) if found else ""


def test_back_to_search_results_keeps_the_query_and_filters(client):
    page = client.get(
        "/entries/los-predictor",
        headers={"Referer": "http://localhost/search?q=stay&type=project"},
    )
    html = page.get_data(as_text=True)
    assert "Back to search results" in text_of(page)
    assert 'href="/search?q=stay&amp;type=project"' in html


def test_back_link_is_plain_search_when_not_opened_from_results(client):
    for referrer in ("", "http://elsewhere.example/search?q=x", "http://localhost/"):
        headers = {"Referer": referrer} if referrer else {}
        page = client.get("/entries/los-predictor", headers=headers)
        assert "Back to search results" not in text_of(page), referrer
        assert "elsewhere.example" not in page.get_data(as_text=True)


def test_reusable_code_yes_links_to_the_code_box(client):
    html = client.get("/entries/los-predictor").get_data(as_text=True)
    assert '<a href="#code">Yes, see the code</a>' in html
    assert 'id="code"' in html


def test_similar_entries_leave_out_what_related_lists(client):
    html = client.get("/entries/los-predictor").get_data(as_text=True)
    related = section(html, "related-heading")
    assert 'href="/entries/los-webinar"' in related  # a backlink
    similar = section(html, "similar-heading")
    assert similar and 'href="/entries/los-webinar"' not in similar
    assert 'href="/entries/notes-reader"' in similar


def test_related_material_is_linked_from_the_top(client):
    html = client.get("/entries/los-predictor").get_data(as_text=True)
    top = html.index('class="app-entry-jump"')
    assert html.index('href="#related-heading"', top) < html.index('id="code"')


def test_the_home_reuse_figure_links_to_the_adopted_entries(client):
    html = client.get("/").get_data(as_text=True)
    link = re.search(
        r'<a class="app-stats__link" href="([^"]+)"><span[^>]*>3</span> reuses', html
    )
    assert link, "the reuse figure is a link"
    href = link.group(1).replace("&amp;", "&")
    assert href.startswith("/search?adopter=")
    text = text_of(client.get(href))
    assert re.search(r"\b2 results\b", text)  # the two adopted entries
    assert "Predicting long hospital stays" in text and "Bed planner" in text
