"""The "Can we run this here?" checklist: grouped, explained, and honest about
what is not recorded."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from catalogue.checklist import Item, checklist, to_markdown
from catalogue.collection import load_catalogue
from catalogue.model import Reuse

TITLES = ["Data", "Information governance", "Skills", "Runs on", "Regulation"]


@pytest.fixture(scope="module")
def good(good_dir):
    return load_catalogue(good_dir)


@pytest.fixture(scope="module")
def predictor(good):
    return good.entries["discharge-delay-predictor"]


def by_title(sections):
    return {section.title: section for section in sections}


def test_the_sections_and_their_items(good, predictor):
    sections = by_title(checklist(predictor, good.vocabulary))
    assert list(sections) == TITLES
    data = sections["Data"].items
    assert data[0] == Item(
        "Admissions and attendances from the patient administration system",
        "Person-level records are needed. National dataset or standard: SUS APC.",
        url="https://example.org/sus-apc",
    )
    assert data[1].why == "Whether person-level records are needed is not recorded."
    assert data[2].text.startswith("It can be tried without patient data: synthetic")
    governance = sections["Information governance"]
    assert [(i.text, i.level) for i in governance.items] == [
        ("DPIA", "Required"),
        ("Data sharing agreement", "Best practice"),
    ]
    assert governance.items[0].why.startswith("The law asks for one")
    # The vocabulary's other steps, to check whether they apply.
    assert [i.text for i in governance.also] == ["DSPT"]
    assert [i.text for i in sections["Skills"].items] == [
        "Python",
        "Gradient boosting libraries",
        "Effort: One analyst for about six weeks",
    ]
    assert [i.text for i in sections["Runs on"].items] == [
        "A laptop or desktop computer",
        "A server your organisation runs",
    ]
    device, readiness = sections["Regulation"].items
    assert device.text == "Recorded as not a medical device"
    assert readiness.text == "Technology readiness level 6 of 9"
    assert all(i.recorded for s in sections.values() for i in s.items)


def test_nothing_recorded_is_shown_as_not_recorded_never_guessed(good, predictor):
    bare = replace(predictor, reuse=None)
    sections = checklist(bare, good.vocabulary)
    items = [i for s in sections for i in s.items]
    assert [i.recorded for i in items] == [False] * len(items)
    assert [i.text for i in items] == [
        "The data it needs is not recorded",
        "Whether it can be tried without patient data is not recorded",
        "No governance steps are recorded for this entry; that does not mean"
        " none apply",
        "The skills it needs are not recorded",
        "The effort it takes is not recorded",
        "What it runs on is not recorded",
        "Whether it is a medical device is not recorded",
        "Its technology readiness level is not recorded",
    ]


@pytest.mark.parametrize(
    ("sample_data", "start"),
    [
        ("none", "It cannot be tried without patient data"),
        ("sample", "It can be tried without patient data: a small sample"),
        ("public", "It can be tried without patient data: it runs on public data"),
    ],
)
def test_each_sample_data_value_reads_plainly(good, predictor, sample_data, start):
    entry = replace(predictor, reuse=Reuse(sample_data=sample_data))
    data = by_title(checklist(entry, good.vocabulary))["Data"]
    assert data.items[-1].text.startswith(start)


@pytest.mark.parametrize(
    ("status", "text"),
    [
        ("yes", "It is a medical device"),
        ("not-assessed", "Whether it is a medical device has not been assessed"),
    ],
)
def test_medical_device_status_says_what_to_do(good, predictor, status, text):
    entry = replace(predictor, reuse=Reuse(medical_device=status))
    device = by_title(checklist(entry, good.vocabulary))["Regulation"].items[0]
    assert device.text == text
    assert "UK Medical Devices Regulations 2002" in device.why


def test_a_step_missing_from_the_vocabulary_says_its_why_is_not_recorded(good):
    entry = good.entries["discharge-delay-predictor"]
    entry = replace(entry, reuse=Reuse(governance=("Local sign-off",)))
    governance = by_title(checklist(entry, good.vocabulary))["Information governance"]
    assert governance.items[0] == Item(
        "Local sign-off", "Why it matters is not recorded.", None
    )


def test_the_markdown_checklist(good, predictor):
    text = to_markdown(
        predictor,
        good.vocabulary,
        "https://catalogue.example.nhs.uk/entries/discharge-delay-predictor",
        date(2025, 3, 4),
    )
    lines = text.splitlines()
    assert lines[0] == "# Can we run this here? Discharge delay predictor"
    assert (
        "<https://catalogue.example.nhs.uk/entries/discharge-delay-predictor>,"
        " downloaded on 2025-03-04; the entry is dated 2021-04." in lines[2]
    )
    assert [line for line in lines if line.startswith("## ")] == [
        f"## {t}" for t in TITLES
    ]
    assert (
        "- [ ] Admissions and attendances from the patient administration system:"
        " Person-level records are needed. National dataset or standard: SUS APC."
        " <https://example.org/sus-apc>" in lines
    )
    assert (
        "- [ ] **DPIA** (Required): The law asks for one before high-risk"
        " processing of health data." in lines
    )
    assert "Check whether these apply too:" in lines
    assert "- [ ] Python" in lines
    assert "- [ ] Technology readiness level 6 of 9: demonstrated in a setting" in text
    assert text.endswith("\n")


def test_markdown_marks_what_is_not_recorded_and_escapes_text(good, predictor):
    entry = replace(
        predictor, title="Beds *now* [v2]", date=None, reuse=Reuse(skills=("C#",))
    )
    text = to_markdown(entry, good.vocabulary, "https://x.example/e", date(2025, 1, 2))
    assert text.startswith(r"# Can we run this here? Beds \*now\* \[v2\]")
    assert "downloaded on 2025-01-02." in text
    assert r"- [ ] C\#" in text
    assert "- [ ] The data it needs is not recorded: find out before you start" in (
        text
    )
