"""Adoption on the bundled site, in real Chromium with JavaScript on and off:
the timeline and its words, the reuse report, the tombstone, the organisation
reached by its ODS code; axe finds no serious or critical violation."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_the_long_stay_timeline_and_the_reuse_report(server, watched):
    page = watched.page
    page.goto(server + "/entries/long-stay")
    figure = page.locator("#timeline-nottingham-university-hospitals-nhs-trust")
    chart = figure.locator("svg.app-timeline__chart")
    assert chart.is_visible() and chart.bounding_box()["width"] > 100
    steps = figure.locator("ol li").all_inner_texts()
    assert steps[0].startswith("Exploring from 2021")
    assert steps[1].startswith("Adapting from 2021 (current)")
    assert "(ODS code RX1)" in figure.inner_text()
    form = page.get_by_role("link", name=re.compile("^We reused this: report it"))
    assert "template=reuse.yml" in form.get_attribute("href")
    page.locator("details.nhsuk-details summary").filter(
        has_text="Add it to the entry file yourself"
    ).click()
    snippet = page.locator("pre.app-snippet")
    assert snippet.is_visible() and "status: exploring" in snippet.inner_text()
    watched.shot(f"adoption-timeline-{watched.mode}")
    assert watched.errors == []


def test_a_retired_entry_is_a_tombstone(server, watched):
    page = watched.page
    page.goto(server + "/entries/home")
    banner = page.locator(".app-tombstone")
    assert banner.is_visible()
    text = banner.inner_text()
    assert "retired since 2022-12" in text and "no new projects" in text
    assert watched.errors == []


def test_an_ods_code_leads_to_the_organisation(server, watched_js):
    page = watched_js.page
    page.goto(server + "/organisations/RX1")
    assert page.url.endswith("/organisations/nottingham-university-hospitals-nhs-trust")
    assert "ODS code: RX1" in page.locator("main").inner_text()
    reused = page.locator("section[aria-labelledby='adopted']").inner_text()
    assert "Long Stayer Risk Stratification" in reused and "Adapting from 2021" in (
        reused
    )
    assert watched_js.errors == []


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.mark.parametrize(
    "path",
    [
        "/entries/long-stay",
        "/entries/home",
        "/organisations/nottingham-university-hospitals-nhs-trust",
    ],
)
def test_adoption_pages_have_no_serious_violation(server, watched_js, axe, path):
    page = watched_js.page
    page.goto(server + path)
    assert_accessible(page, axe)
    assert watched_js.errors == []
