"""axe-core on every page type: no serious or critical violation, no errors."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/",
    "results": "/search?q=length+of+stay",
    "results-filtered": "/search?q=data&technique=NLP&has_code=true",
    "no-results": "/search?q=qqqzzzx",
    "browse": "/search",
    "entry-project": "/entries/long-stay",
    "entry-webinar": "/entries/long-stay-webinar",
    "entry-case-study": "/entries/casestudy-bed-allocation",
    "organisation": "/organisations/gloucestershire-hospitals-nhs-foundation-trust",
    "organisations": "/organisations",
    "add-an-entry": "/add-an-entry",
    "vocabulary": "/add-an-entry/vocabulary",
    "not-found": "/entries/no-such-entry",
    # issue 14: corrected results, advice for empty filters, past the end
    "corrected": "/search?q=lenght+of+stay",
    "empty-filters": "/search?q=length+of+stay&type=playbook",
    "past-the-end": "/search?q=length+of+stay&page=9",
}


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_has_no_serious_violation(server, watched_js, axe, name):
    page = watched_js.page
    response = page.goto(server + PAGES[name])
    assert response.status == (404 if name == "not-found" else 200)
    assert_accessible(page, axe)
    watched_js.shot(f"page-{name}")
    expected = [f"404 {server}{PAGES[name]}"] if name == "not-found" else []
    assert watched_js.errors == expected
