"""The finder at GOV.UK-finder quality (issue 14), in real Chromium.

On a phone the first result is near the top; the count is announced through
an aria-live region and is in the title; ticking a filter keeps every group in
its place; the skip link shows when focused at desktop width. Each with axe.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import Watched, assert_accessible

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def check_accessible(watched: Watched, axe: Axe) -> None:
    """axe, where it can run: it injects a script, which needs JavaScript on."""
    if watched.js:
        assert_accessible(watched.page, axe)


def open_page(browser, viewport: dict[str, int], js: bool) -> Watched:
    context = browser.new_context(viewport=viewport, java_script_enabled=js)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return Watched(page, js=js)


@pytest.fixture(params=[True, False], ids=["js", "nojs"])
def phone(request, browser) -> Iterator[Watched]:
    watched = open_page(browser, PHONE, request.param)
    yield watched
    watched.page.context.close()


@pytest.fixture(params=[True, False], ids=["js", "nojs"])
def desktop(request, browser) -> Iterator[Watched]:
    watched = open_page(browser, DESKTOP, request.param)
    yield watched
    watched.page.context.close()


def legends(page) -> list[str]:
    """The filter groups, in the order shown."""
    return [
        " ".join(text.split())
        for text in page.locator("#filters legend").all_inner_texts()
    ]


def options(page, group: str) -> list[str]:
    """A group's option labels without their counts, in order."""
    fieldset = page.locator("#filters fieldset").filter(
        has=page.locator("legend", has_text=group)
    )
    labels = fieldset.locator("label").all_inner_texts()
    return [re.sub(r"\s*\(\d+\)$", "", " ".join(label.split())) for label in labels]


def count_text(page) -> str:
    """`3 results` from the results heading."""
    text = page.locator("#results-count").inner_text()
    return re.search(r"[\d,]+ results?", text).group(0)


def test_first_result_is_within_a_screen_and_a_half_on_a_phone(server, phone, axe):
    page = phone.page
    page.goto(server + "/search?q=length+of+stay")
    first = page.locator("ol.app-results > li").first.bounding_box()
    assert first is not None and first["y"] < 1.5 * PHONE["height"], first
    toggle = page.locator("summary.app-filter-toggle__summary")
    assert toggle.is_visible() and toggle.inner_text() == "Filter"
    assert not page.locator("#filters").is_visible()  # folded away
    status = page.locator("#results-status")
    assert status.is_visible()
    assert status.inner_text() == f"{count_text(page)} for length of stay"
    status_box, toggle_box = status.bounding_box(), toggle.bounding_box()
    assert status_box["y"] < toggle_box["y"]  # the count is above the button
    check_accessible(phone, axe)
    phone.shot(f"finder-phone-{phone.mode}")

    toggle.click()
    assert page.locator("#filters").is_visible()
    page.get_by_label(re.compile(r"Has reusable code")).check()
    if not phone.js:
        page.get_by_role("button", name="Apply filters").first.click()
    page.wait_for_url(re.compile(r"has_code=true"))
    assert page.locator("summary.app-filter-toggle__summary").inner_text() == (
        "Filter (1 selected)"
    )
    check_accessible(phone, axe)
    assert phone.errors == []


def test_filters_are_open_beside_the_results_on_a_desktop(server, desktop):
    page = desktop.page
    page.goto(server + "/search?q=length+of+stay")
    assert page.locator("#filters").is_visible()
    assert not page.locator("summary.app-filter-toggle__summary").is_visible()
    # the heading shows the count; the live region is for screen readers only
    assert page.locator("#results-status").bounding_box()["width"] <= 1
    assert page.get_by_label(re.compile(r"Has reusable code")).is_visible()


def test_the_count_is_announced_and_in_the_title(server, watched_js, axe):
    page = watched_js.page
    page.goto(server + "/search?q=length+of+stay")
    before = count_text(page)
    status = page.locator("#results-status")
    assert status.get_attribute("aria-live") == "polite"
    assert page.title().startswith(f"{before} for length of stay – Search")
    page.evaluate("window.__notReloaded = true")

    box = page.get_by_label(re.compile(r"Has reusable code"))
    box_id = box.get_attribute("id")
    box.check()
    page.wait_for_url(re.compile(r"has_code=true"))
    page.wait_for_function("(before) => !document.title.startsWith(before)", arg=before)
    after = count_text(page)
    assert after != before
    assert page.title().startswith(f"{after} for length of stay – Search")
    # the same live region, new words
    assert status.inner_text() == f"{after} for length of stay"
    assert page.evaluate("window.__notReloaded") is True  # updated in place
    assert page.evaluate("document.activeElement.id") == box_id
    assert page.locator(f"#{box_id}").is_checked()
    check_accessible(watched_js, axe)

    page.go_back()
    page.wait_for_function("(before) => document.title.startsWith(before)", arg=before)
    assert count_text(page) == before
    assert watched_js.errors == []


def test_the_count_is_in_the_title_without_javascript(server, browser):
    watched = open_page(browser, DESKTOP, js=False)
    page = watched.page
    page.goto(server + "/search?q=length+of+stay")
    assert page.title().startswith(f"{count_text(page)} for length of stay")
    page.get_by_label(re.compile(r"Has reusable code")).check()
    page.get_by_role("button", name="Apply filters").first.click()
    page.wait_for_url(re.compile(r"has_code=true"))
    assert page.title().startswith(f"{count_text(page)} for length of stay")
    page.context.close()


def test_ticking_a_filter_keeps_group_order_and_groups(server, desktop, axe):
    page = desktop.page
    page.goto(server + "/search?q=length+of+stay")
    groups, types = legends(page), options(page, "Type")
    assert groups[:2] == ["Problem area", "AI technique"] and "Status" in groups
    assert len(types) > 1

    page.locator("#filters input[name='type'][value='webinar']").check()
    if not desktop.js:
        page.get_by_role("button", name="Apply filters").first.click()
    page.wait_for_url(re.compile(r"type=webinar"))
    page.wait_for_selector("#filters input[value='webinar']:checked")
    assert legends(page) == groups  # no group vanished or moved
    assert options(page, "Type") == types  # no option moved
    check_accessible(desktop, axe)
    assert desktop.errors == []


def test_skip_link_is_visible_on_focus_at_desktop_width(server, desktop, axe):
    page = desktop.page
    page.goto(server + "/search?q=length+of+stay")
    skip = page.locator(".app-skip-to-results a")
    assert skip.bounding_box()["width"] <= 1  # hidden until focused
    page.locator("#finder-search button").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == (
        "app-skip-to-results__link"
    )
    box = skip.bounding_box()
    assert box["width"] > 100 and box["height"] > 10
    assert re.fullmatch(r"Skip filters and go to the \d+ results", skip.inner_text())
    check_accessible(desktop, axe)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#results$"))


def test_long_query_error_is_inline_and_keeps_the_text(server, desktop, axe):
    page = desktop.page
    typed = "waiting list " * 80
    response = page.goto(server + "/search?q=" + typed.replace(" ", "+"))
    assert response.status == 400
    assert page.title().startswith("Error:")
    box = page.locator("#q")
    assert box.input_value() == typed.strip()
    assert box.get_attribute("maxlength") == "1000"
    assert "Enter 1000 characters or fewer" in page.locator("#q-error").inner_text()
    assert box.get_attribute("aria-describedby") == "q-error"
    check_accessible(desktop, axe)


def test_past_the_last_page_says_so(server, desktop, axe):
    page = desktop.page
    page.goto(server + "/search?q=length+of+stay&page=9")
    text = page.locator("main").inner_text()
    title = page.title()
    assert "page 9 of" not in title and "page 9 of" not in text
    assert "only 1 page" not in text.lower()
    assert "past the last page" in title
    assert "This page is past the end of the results." in text
    page.get_by_role("link", name="Go to the first page of results").click()
    page.wait_for_url(re.compile(r"q=length\+of\+stay$"))
    assert page.locator("ol.app-results > li").count() > 0
    check_accessible(desktop, axe)
