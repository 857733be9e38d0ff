"""What Trust staff do, in real Chromium, with JavaScript on and off."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def count(page) -> int:
    """The number in the results heading."""
    text = page.locator("#results-count").inner_text()
    return int(re.search(r"([\d,]+) results?", text).group(1).replace(",", ""))


def apply_filters(watched, expected_url: re.Pattern[str]) -> None:
    """With JavaScript ticking submits by itself; without, press Apply filters."""
    if not watched.js:
        watched.page.get_by_role("button", name="Apply filters").first.click()
    watched.page.wait_for_url(expected_url)


def test_search_filter_remove_open_and_follow_related(server, watched):
    page = watched.page
    page.goto(server + "/")
    home_form = page.locator("main form[action='/search']")
    home_form.locator("input[name='q']").fill("length of stay")
    home_form.locator("button").click()
    page.wait_for_url(re.compile(r"/search\?q=length"))
    first = page.locator("ol.app-results > li").first
    assert "Long Stayer Risk Stratification" in first.inner_text()
    total = count(page)
    watched.shot(f"journey-1-results-{watched.mode}")

    page.get_by_label(re.compile(r"Has reusable code")).check()
    apply_filters(watched, re.compile(r"has_code=true"))
    filtered = count(page)
    assert 0 < filtered < total
    remove = page.get_by_role("link", name=re.compile("Remove filter"))
    assert remove.count() == 1
    watched.shot(f"journey-2-filtered-{watched.mode}")

    remove.click()
    page.wait_for_url(re.compile(r"/search\?q=length\+of\+stay$"))
    assert count(page) == total

    page.get_by_role("link", name="Long Stayer Risk Stratification").first.click()
    page.wait_for_url(re.compile(r"/entries/long-stay$"))
    assert "Long Stayer Risk Stratification" in page.locator("h1").inner_text()
    watched.shot(f"journey-3-entry-{watched.mode}")

    page.locator(".app-related a[href='/entries/casestudy-long-stay']").click()
    page.wait_for_url(re.compile(r"/entries/casestudy-long-stay$"))
    back = page.locator(".app-related a[href='/entries/long-stay']")
    assert back.count() == 1  # related material is shown both ways
    watched.shot(f"journey-4-related-{watched.mode}")
    assert watched.errors == [] and watched.dialogs == []


def test_organisation_link_from_an_entry(server, watched):
    page = watched.page
    page.goto(server + "/entries/long-stay")
    page.locator(
        "main a[href='/organisations/gloucestershire-hospitals-nhs-foundation-trust']"
    ).first.click()
    page.wait_for_url(re.compile(r"/organisations/gloucestershire"))
    assert page.locator("main a[href='/entries/long-stay']").count() >= 1
    watched.shot(f"organisation-{watched.mode}")


def test_did_you_mean_and_no_results(server, watched):
    page = watched.page
    # Issue 14: no entry has both words as typed, so the corrected results are
    # shown, with a way back to the words as typed and "Did you mean" there.
    page.goto(server + "/search?q=bed+mangement")
    assert "Showing results for bed management" in page.locator("main").inner_text()
    page.get_by_role("link", name="Search instead for bed mangement").click()
    page.wait_for_url(re.compile(r"as_typed=true"))
    page.get_by_role("link", name=re.compile("bed management")).first.click()
    page.wait_for_url(re.compile(r"q=bed\+management"))
    page.goto(server + "/search?q=qqqzzzx")
    assert count(page) == 0
    assert "spelling" in page.locator("main").inner_text().lower()
    watched.shot(f"no-results-{watched.mode}")


def test_pagination_of_browse(server, watched):
    page = watched.page
    page.goto(server + "/search")
    page.locator("a[href='/search?page=2']").first.click()
    page.wait_for_url(re.compile(r"/search\?page=2$"))
    assert page.locator("ol.app-results > li").count() > 0
    assert page.locator("ol.app-results").get_attribute("start") == "21"
