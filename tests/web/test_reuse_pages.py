"""The "Can we run this here?" pages through the real app: the entry panel, the
checklist download, /compare, the Compare boxes on results and the home count."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from flask import Flask

from catalogue.app import create_app
from tests.search.reuse_corpus import write_reuse_corpus
from tests.web.test_pages import text_of

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def reuse_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    root = tmp_path_factory.mktemp("reuse-site")
    write_reuse_corpus(root / "entries")
    return create_app(
        {
            "CATALOGUE_ENTRIES": str(root / "entries"),
            "CATALOGUE_INDEX": str(root / "index"),
            "CATALOGUE_SITE_URL": "https://catalogue.example.nhs.uk",
            "TESTING": True,
        }
    )


@pytest.fixture
def web(reuse_app):
    return reuse_app.test_client()


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory):
    """The app over the bundled entries (its own index)."""
    index = tmp_path_factory.mktemp("bundled") / "index"
    app = create_app(
        {
            "CATALOGUE_ENTRIES": str(ROOT / "entries"),
            "CATALOGUE_INDEX": str(index),
            "TESTING": True,
        }
    )
    return app.test_client()


# --- the entry page's panel ------------------------------------------------------


def test_the_entry_page_shows_the_panel_grouped_with_why_and_level(web):
    page = web.get("/entries/coding-helper")
    text = text_of(page)
    panel = text[text.index("Can we run this here?") :]
    headings = ["Data", "Information governance", "Skills", "Runs on", "Regulation"]
    positions = [panel.index(h) for h in headings]
    assert positions == sorted(positions)
    assert "DPIA Required Needed before high-risk processing of health data." in panel
    assert "DSPT Required A yearly self-assessment" in panel
    assert "It cannot be tried without patient data" in panel
    assert "Whether it is a medical device has not been assessed" in panel
    html = page.get_data(as_text=True)
    assert 'href="/entries/coding-helper/checklist.md"' in html


def test_what_is_not_recorded_is_shown_as_not_recorded(web):
    text = text_of(web.get("/entries/rota-idea"))
    panel = text[text.index("Can we run this here?") :]
    for missing in (
        "Not recorded Whether it can be tried without patient data is not recorded",
        "Not recorded The skills it needs are not recorded",
        "Not recorded What it runs on is not recorded",
        "Not recorded Whether it is a medical device is not recorded",
        "Not recorded Its technology readiness level is not recorded",
    ):
        assert missing in panel
    # Governance steps of the vocabulary, offered as ones to check.
    assert "Other governance steps to check (2)" in panel


def test_a_case_study_without_reuse_has_no_panel(web):
    assert "Can we run this here?" not in text_of(web.get("/entries/triage-story"))


# --- the checklist download ------------------------------------------------------


def test_the_checklist_downloads_as_markdown(web):
    response = web.get("/entries/triage-tool/checklist.md")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/markdown; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="triage-tool-checklist.md"'
    )
    text = response.get_data(as_text=True)
    assert text.startswith("# Can we run this here? Triage tool\n")
    assert "<https://catalogue.example.nhs.uk/entries/triage-tool>" in text
    assert f"downloaded on {date.today().isoformat()}" in text
    assert "- [ ] **DPIA** (Required): Needed before high-risk processing" in text
    assert "- [ ] PyTorch" in text


def test_an_unknown_checklist_is_a_404(web):
    assert web.get("/entries/no-such-entry/checklist.md").status_code == 404


def test_the_long_stay_checklist_lists_its_data_governance_and_skills(bundled):
    response = bundled.get("/entries/long-stay/checklist.md")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    sections = dict(
        re.findall(r"^## (.+)\n\n((?:- \[ \] .*\n)+)", text, flags=re.MULTILINE)
    )
    assert "Admissions history exported from the Trust" in sections["Data"]
    assert "Person-level records are needed." in sections["Data"]
    assert "can be tried without patient data: synthetic" in sections["Data"]
    governance = sections["Information governance"]
    assert "- [ ] **DPIA** (Required): UK GDPR Article 35" in governance
    assert "- [ ] **Data processing agreement** (Required)" in governance
    assert [line[6:] for line in sections["Skills"].splitlines()] == [
        "Python",
        "PyTorch",
        "Flask",
        "JavaScript",
        "Docker",
        "The effort it takes is not recorded: find out before you start",
    ]
    assert "Technology readiness level 4 of 9" in sections["Regulation"]


# --- compare -----------------------------------------------------------------------


def test_compare_puts_entries_side_by_side(web):
    page = web.get("/compare?slug=triage-tool&slug=catalogue-search&slug=scan-reader")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert html.count('<th scope="col"') == 3
    text = text_of(page)
    for label in (
        "Technology readiness level",
        "Reusable code",
        "Adopted by",
        "Data needed",
        "Try without patient data",
        "Information governance",
        "Skills",
        "Runs on",
        "Medical device",
    ):
        assert f" {label} " in text, label
    assert "Referral letters (person-level records)" in text
    assert "DPIA (Required)" in text
    assert "4 of 9" in text and "6 of 9" in text
    assert "Not a medical device" not in text  # catalogue-search says `no`
    assert "Recorded as not a medical device" in text
    assert "Not recorded" in text  # catalogue-search has no readiness level
    assert 'href="/entries/scan-reader/checklist.md"' in html


def test_repeated_slugs_count_once(web):
    page = web.get("/compare?slug=triage-tool&slug=triage-tool&slug=rota-idea")
    assert page.status_code == 200
    assert page.get_data(as_text=True).count('<th scope="col"') == 2


def test_an_unknown_slug_is_a_404_that_names_it(web):
    page = web.get("/compare?slug=triage-tool&slug=no-such-thing")
    assert page.status_code == 404
    text = text_of(page)
    assert "There is no entry called ‘no-such-thing’" in text
    assert "Compare entries" in text


def test_more_than_four_is_a_400_that_lets_you_untick_some(web):
    slugs = [
        "triage-tool",
        "catalogue-search",
        "coding-helper",
        "scan-reader",
        "rota-idea",
    ]
    page = web.get("/compare?" + "&".join(f"slug={s}" for s in slugs))
    assert page.status_code == 400
    text = text_of(page)
    assert "You chose 5 entries. You can compare up to four at a time" in text
    html = page.get_data(as_text=True)
    assert html.count('name="slug"') == 5 and html.count("checked") == 5
    assert '<form action="/compare" method="get"' in html


def test_one_entry_is_a_400_asking_for_two(web):
    page = web.get("/compare?slug=triage-tool")
    assert page.status_code == 400
    assert "Choose at least two entries to compare" in text_of(page)


def test_compare_alone_explains_how_to_choose(web):
    page = web.get("/compare")
    assert page.status_code == 200
    assert "tick “Compare” beside each entry" in text_of(page)


def test_hostile_slugs_are_shown_escaped_and_cut_short(web):
    page = web.get("/compare?slug=<script>alert(1)</script>" + "x" * 200)
    assert page.status_code == 404
    html = page.get_data(as_text=True)
    assert "<script>alert" not in html
    assert "x" * 100 not in html


def test_result_pages_have_compare_boxes_in_a_plain_form(web):
    html = web.get("/search").get_data(as_text=True)
    form = html[html.index('<form action="/compare" method="get"') :]
    form = form[: form.index("</form>")]
    assert form.count('type="checkbox" value="') == 6
    assert 'name="slug" type="checkbox" value="triage-tool"' in form
    assert "Compare selected" in form
    assert "data-auto-submit" not in form


# --- home, filters and API ---------------------------------------------------------


def test_the_home_page_counts_projects_that_can_be_tried_without_patient_data(web):
    page = web.get("/")
    assert "Try without patient data: 3 projects" in text_of(page)
    assert 'href="/search?type=project&amp;sample_data=true"' in page.get_data(
        as_text=True
    )


def test_the_filter_panel_has_the_reuse_facets(web):
    text = text_of(web.get("/search?sample_data=true"))
    assert "Try without patient data: Can be tried without patient data" in text
    for group in ("Runs on", "Skills needed", "Medical device"):
        assert group in text
    assert "Laptop (2)" in text


def test_the_api_returns_reuse_for_entries_and_results(web):
    entry = web.get("/api/entries/triage-tool").get_json()
    assert entry["reuse"]["governance"] == ["DPIA"]
    assert web.get("/api/entries/triage-story").get_json()["reuse"] is None
    found = web.get("/api/search?sample_data=true&runs_on=Laptop").get_json()
    assert {r["slug"] for r in found["results"]} == {"triage-tool", "scan-reader"}
    assert all("reuse" in r for r in found["results"])
    assert web.get("/api/search?sample_data=maybe").status_code == 400
