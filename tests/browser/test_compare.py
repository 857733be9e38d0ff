"""Comparing entries and the "Can we run this here?" checklist, in real Chromium
with JavaScript on and off; axe finds no serious or critical violation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser

LONG_STAY = "Long Stayer Risk Stratification"
BASELINE = "Long Stayer Risk Stratification Baseline Models"


def not_downloads(errors: list[str]) -> list[str]:
    """Errors other than Chromium reporting a download as an aborted request."""
    return [e for e in errors if not re.match(r"failed \S+/checklist\.md$", e)]


def test_tick_two_results_compare_them_and_download_a_checklist(server, watched):
    page = watched.page
    page.goto(server + "/search?q=length+of+stay")
    page.get_by_label(f"Compare {LONG_STAY}", exact=True).check()
    page.get_by_label(f"Compare {BASELINE}", exact=True).check()
    watched.shot(f"compare-1-ticked-{watched.mode}")
    page.get_by_role("button", name="Compare selected").click()
    page.wait_for_url(re.compile(r"/compare\?slug=long-stay&slug=long-stay-baseline$"))
    assert page.locator("h1").inner_text() == "Compare entries"
    headers = page.locator("table.app-compare__table th[scope='col']")
    assert headers.all_inner_texts() == [LONG_STAY, BASELINE]
    table = page.locator("table.app-compare__table").inner_text()
    for label in ("Data needed", "Information governance", "Skills", "Runs on"):
        assert label in table
    assert "DPIA (Required)" in table
    watched.shot(f"compare-2-table-{watched.mode}")

    with page.expect_download() as download:
        page.get_by_role(
            "link", name=f"Download the checklist for {LONG_STAY}", exact=True
        ).click()
    assert download.value.suggested_filename == "long-stay-checklist.md"
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.startswith(f"# Can we run this here? {LONG_STAY}")
    assert not_downloads(watched.errors) == [] and watched.dialogs == []


def test_ticking_one_says_to_choose_two(server, watched):
    page = watched.page
    page.goto(server + "/search?q=length+of+stay")
    page.get_by_label(f"Compare {LONG_STAY}", exact=True).check()
    page.get_by_role("button", name="Compare selected").click()
    page.wait_for_url(re.compile(r"/compare\?slug=long-stay$"))
    assert (
        "Choose at least two entries"
        in page.locator(".nhsuk-error-summary").inner_text()
    )
    assert watched.errors == [f"400 {server}/compare?slug=long-stay"]


def test_the_entry_page_panel_and_its_download(server, watched):
    page = watched.page
    page.goto(server + "/entries/long-stay")
    panel = page.locator("section.app-reuse")
    assert panel.locator("h2").inner_text() == "Can we run this here?"
    assert panel.locator("h3").all_inner_texts() == [
        "Data",
        "Information governance",
        "Skills",
        "Runs on",
        "Regulation",
    ]
    assert "Required" in panel.inner_text()
    with page.expect_download() as download:
        panel.get_by_role("link", name=re.compile("Download this checklist")).click()
    assert download.value.suggested_filename == "long-stay-checklist.md"
    watched.shot(f"entry-reuse-panel-{watched.mode}")
    assert not_downloads(watched.errors) == []


PAGES = {
    "compare": (
        "/compare?slug=long-stay&slug=long-stay-baseline&slug=bed-allocation",
        200,
    ),
    "compare-four": (
        "/compare?slug=long-stay&slug=ct-alignment&slug=open-safely&slug=nwas",
        200,
    ),
    "compare-too-many": (
        "/compare?slug=long-stay&slug=ct-alignment&slug=open-safely&slug=nwas"
        "&slug=data-lens",
        400,
    ),
    "compare-unknown": ("/compare?slug=long-stay&slug=no-such-entry", 404),
    "compare-empty": ("/compare", 200),
    "entry-without-reuse-facts": ("/entries/uhs-endoscopy-prioritisation", 200),
    "results-with-reuse-filters": ("/search?sample_data=true&runs_on=Laptop", 200),
}


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.mark.parametrize("name", sorted(PAGES))
def test_compare_pages_have_no_serious_violation(server, watched_js, axe, name):
    path, status = PAGES[name]
    page = watched_js.page
    response = page.goto(server + path)
    assert response.status == status
    assert_accessible(page, axe)
    watched_js.shot(f"page-{name}")
    expected = [f"{status} {server}{path}"] if status != 200 else []
    assert watched_js.errors == expected
