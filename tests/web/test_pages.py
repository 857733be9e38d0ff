"""Every page route through the real app: what a person sees."""

from __future__ import annotations

import re
from html import unescape

import pytest


def text_of(response) -> str:
    """The page's visible text, roughly: tags dropped, whitespace folded."""
    html = response.get_data(as_text=True)
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_home_has_search_browse_and_numbers(client):
    page = client.get("/")
    assert page.status_code == 200
    text = text_of(page)
    assert "Length of stay (3 entries)" in text and "Bed management (1 entry)" in text
    assert "Bed planner" in text  # most adopted
    assert 'action="/search"' in page.get_data(as_text=True)


def test_search_page_shows_count_results_and_filters(client):
    page = client.get("/search?q=bed")
    text = text_of(page)
    assert page.status_code == 200
    assert re.search(r"\b2 results\b", text), text[:500]
    assert "Bed planner" in text and "Apply filters" in text
    assert "<mark>" in page.get_data(as_text=True)


def test_selected_filter_has_a_remove_link_and_clear_all(client):
    page = client.get("/search?technique=NLP&has_code=false")
    html = page.get_data(as_text=True)
    assert re.search(r"\b1 result\b", text_of(page))
    assert 'href="/search?has_code=false"' in html  # removes the technique only
    assert "Clear all filters" in text_of(page)


def test_search_suggestion_and_no_results(client):
    suggested = text_of(client.get("/search?q=discharje+letters"))
    assert "Did you mean" in suggested and "discharge letters" in suggested
    nothing = client.get("/search?q=zzzzqqq")
    assert nothing.status_code == 200
    assert re.search(r"\b0 results\b", text_of(nothing))


def test_bad_page_numbers_fall_back_on_pages(client):
    assert client.get("/search?page=abc&sort=nope&per_page=0").status_code == 200


def test_too_long_query_is_a_friendly_400_page(client):
    page = client.get("/search?q=" + "x" * 1001)
    assert page.status_code == 400 and page.mimetype == "text/html"
    assert "1001 characters" in text_of(page)


def test_entry_page_shows_metadata_code_adopters_related_both_ways(client):
    page = client.get("/entries/los-predictor")
    html, text = page.get_data(as_text=True), text_of(page)
    assert page.status_code == 200
    assert "<h1" in html and "Predicting long hospital stays" in text
    assert "https://example.org/los" in html and "MIT" in text and "Python" in text
    assert "Beta Health NHS Foundation Trust" in text and "Adapting" in text
    assert 'href="/entries/los-webinar"' in html  # a backlink: the webinar names it
    assert 'href="/organisations/alpha-hospitals-nhs-trust"' in html
    assert "Edit this entry" in text


def test_webinar_page_links_to_its_project(client):
    html = client.get("/entries/los-webinar").get_data(as_text=True)
    assert 'href="/entries/los-predictor"' in html
    assert "https://example.org/rec" in html


def test_organisation_pages(client):
    page = client.get("/organisations/alpha-hospitals-nhs-trust")
    text = text_of(page)
    assert page.status_code == 200
    assert "Predicting long hospital stays" in text  # leads
    assert "Bed planner" in text and "In use" in text  # adopted, with status
    listing = client.get("/organisations")
    assert "Gamma Analytics" in text_of(listing)


def test_add_an_entry_page_lists_the_template_and_vocabulary(client):
    text = text_of(client.get("/add-an-entry"))
    assert "catalogue check" in text and "title: Name of your project" in text
    assert "Natural language processing" in text and "NLP" in text


@pytest.mark.parametrize("path", ["/entries/nope", "/organisations/nope", "/nope"])
def test_missing_pages_are_friendly_404s(client, path):
    page = client.get(path)
    assert page.status_code == 404 and page.mimetype == "text/html"
    assert "Page not found" in text_of(page)


def test_feed_lists_newest_entries(client):
    feed = client.get("/feed.atom")
    body = feed.get_data(as_text=True)
    assert feed.mimetype == "application/atom+xml"
    assert body.count("<entry>") == 6
    assert body.index("Sorting scans by urgency") < body.index("Bed planner")
    assert "<script" not in body  # entry HTML is sanitised, then escaped in the XML


def test_sitemap_lists_every_page(client):
    body = client.get("/sitemap.xml").get_data(as_text=True)
    for path in (
        "/entries/los-predictor",
        "/entries/flow-guide",
        "/organisations/gamma-analytics",
        "/search",
    ):
        assert f"http://localhost{path}</loc>" in body


def test_opensearch_and_robots(client):
    assert "{searchTerms}" in client.get("/opensearch.xml").get_data(as_text=True)
    assert "Disallow: /api/" in client.get("/robots.txt").get_data(as_text=True)


def test_pages_have_no_inline_script(client):
    for path in ("/", "/search?q=bed", "/entries/los-predictor", "/add-an-entry"):
        html = client.get(path).get_data(as_text=True)
        # JSON-LD is a data block, never run (tests/web/test_jsonld.py)
        data_block = r'type="application/ld\+json"'
        assert not re.search(rf"<script(?![^>]*\b(?:src=|{data_block}))[^>]*>", html)
        assert not re.search(r"\son[a-z]+=", html), path
        assert ' style="' not in html, path


def test_long_facets_show_the_commonest_values_and_a_show_all_link(tmp_path):
    from catalogue.app import create_app
    from tests.search.conftest import write_corpus

    entries = write_corpus(tmp_path / "entries")
    for number in range(14):
        (entries / f"projects/adopted-{number}.md").write_text(
            f"---\ntitle: Tool {number}\nsummary: s.\ntype: project\n"
            f"adopters: [Adopter {number:02d} Trust]\n---\n"
        )
    app = create_app(
        {"CATALOGUE_ENTRIES": str(entries), "CATALOGUE_INDEX": str(tmp_path / "index")}
    )
    client = app.test_client()
    html = client.get("/search").get_data(as_text=True)
    assert html.count('name="adopter"') == 10
    assert 'href="/search?all=adopter"' in html
    assert "Show all 17" in html
    expanded = client.get("/search?all=adopter").get_data(as_text=True)
    assert expanded.count('name="adopter"') == 17
