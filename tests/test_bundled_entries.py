"""The bundled catalogue: complete against the facts, linked both ways, original,
and right about the facts a Trust relies on when deciding whether to reuse."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from catalogue.collection import load_catalogue
from catalogue.render import plain_text

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT.parent / "shared" / "facts" / "skunkworks-facts.yaml"


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(ROOT / "entries")


@pytest.fixture(scope="module")
def facts() -> list[dict]:
    if not FACTS.exists():
        pytest.skip(f"{FACTS} is not beside this checkout")
    return yaml.safe_load(FACTS.read_text(encoding="utf-8"))["entries"]


def test_bundled_entries_have_no_problem(catalogue):
    assert catalogue.problems == [] and catalogue.invalid == 0


def test_every_fact_item_has_its_entry_with_its_type(catalogue, facts):
    for item in facts:
        entry = catalogue.get(item["suggested_slug"])
        assert entry is not None, item["suggested_slug"]
        assert entry.type == item["type"], item["suggested_slug"]


#: Facts items whose `code_url` is not reusable code, and why.
NOT_REUSABLE_CODE = {"home": "the repository is the team's own website"}


def test_every_project_with_code_in_the_facts_has_code(catalogue, facts):
    for item in facts:
        if item.get("code_url") and item["suggested_slug"] not in NOT_REUSABLE_CODE:
            entry = catalogue.get(item["suggested_slug"])
            assert entry.code and entry.code.url == item["code_url"], entry.slug


@pytest.mark.parametrize("slug", sorted(NOT_REUSABLE_CODE))
def test_a_website_is_not_offered_as_reusable_code(catalogue, slug):
    assert catalogue.get(slug).code is None


def test_case_studies_and_events_link_to_what_they_are_about(catalogue):
    for entry in catalogue.entries.values():
        if entry.type in ("case-study", "webinar"):
            linked = catalogue.related_to(entry)
            assert linked, f"{entry.slug} links to nothing"
            for other in linked:  # shown both ways
                assert entry in catalogue.related_to(other), (entry.slug, other.slug)


def sentences(text: str) -> list[str]:
    plain = re.sub(r"[#*_`>\[\]()|-]", " ", text)
    parts = re.split(r"(?<=[.!?])\s+", " ".join(plain.split()))
    return [p.lower() for p in parts if len(p.split()) >= 8 and "http" not in p]


def test_no_entry_repeats_a_sentence_of_another(catalogue):
    seen: dict[str, set[str]] = defaultdict(set)
    for entry in catalogue.entries.values():
        for sentence in sentences(entry.body):
            seen[sentence].add(entry.slug)
    repeated = {s: slugs for s, slugs in seen.items() if len(slugs) > 1}
    assert repeated == {}


MAX_WORDS = 600  # an entry is as long as what is known, and no longer


def words_in(entry) -> int:
    return len(plain_text(entry.body).split())


def test_no_body_is_padded_past_the_maximum(catalogue):
    long = {e.slug: words_in(e) for e in catalogue.entries.values()}
    assert {slug: n for slug, n in long.items() if n > MAX_WORDS} == {}


def test_every_body_says_something(catalogue):
    assert [e.slug for e in catalogue.entries.values() if words_in(e) < 40] == []


# --- the facts a reader relies on ----------------------------------------------------

NURSING = ("nursing-placement-optimisation", "casestudy-nursing-placement-optimisation")


@pytest.mark.parametrize("slug", NURSING)
def test_nursing_rule_every_student_gets_a_placement(catalogue, slug):
    text = plain_text(catalogue.get(slug).body).lower()
    assert "every student" in text and "placement" in text
    assert "spare" in text  # the tool reports spare ward capacity
    for reversed_rule in ("each slot on offer gets a student", "slot is left empty"):
        assert reversed_rule not in text, slug


@pytest.mark.parametrize("slug", ["ct-alignment", "casestudy-ct-alignment"])
def test_ct_alignment_is_not_tagged_self_supervised(catalogue, slug):
    entry = catalogue.get(slug)
    assert "Self-supervised learning" not in entry.techniques
    assert "Convolutional neural networks" in entry.techniques


def test_ct_case_study_times_the_assessment_and_the_bid_was_submitted(catalogue):
    text = plain_text(catalogue.get("casestudy-ct-alignment").body)
    assert "Assessing one patient's scans this way typically takes 30 to 40" in text
    assert "submitted a joint application" in text
    assert "planned a joint bid" not in text


@pytest.mark.parametrize("slug", ["bed-allocation", "casestudy-bed-allocation"])
def test_bed_allocation_is_not_tagged_reinforcement_learning(catalogue, slug):
    assert "Reinforcement learning" not in catalogue.get(slug).techniques


@pytest.mark.parametrize(
    "slug", ["parkinsons-detection", "adrenal-lesions", "ct-alignment", "long-stay"]
)
def test_imaging_and_sequence_work_built_on_cnns_says_so(catalogue, slug):
    assert "Convolutional neural networks" in catalogue.get(slug).techniques


#: Each case study and the project it tells the story of.
CASE_STUDY_PROJECTS = {
    "casestudy-adrenal": "adrenal-lesions",
    "casestudy-bed-allocation": "bed-allocation",
    "casestudy-ct-alignment": "ct-alignment",
    "casestudy-data-lens": "data-lens",
    "casestudy-long-stay": "long-stay",
    "casestudy-nhs-resolution": "nhs-resolution",
    "casestudy-nursing-placement-optimisation": "nursing-placement-optimisation",
    "casestudy-opensafely": "open-safely",
    "casestudy-parkinsons-detection": "parkinsons-detection",
    "casestudy-recruitment-shortlisting": "recruitment-shortlisting",
    "casestudy-synthetic-data-pipeline": "synthetic-data-pipeline",
}
#: Case studies about something other than a project.
CASE_STUDIES_OF_OTHER_WORK = {"casestudy-ai-deep-dive": "a playbook run at a Trust"}


def test_every_case_study_is_paired(catalogue):
    case_studies = {
        e.slug for e in catalogue.entries.values() if e.type == "case-study"
    }
    assert case_studies == set(CASE_STUDY_PROJECTS) | set(CASE_STUDIES_OF_OTHER_WORK)


@pytest.mark.parametrize("case_study", sorted(CASE_STUDY_PROJECTS))
def test_project_and_case_study_agree(catalogue, case_study):
    story = catalogue.get(case_study)
    project = catalogue.get(CASE_STUDY_PROJECTS[case_study])
    assert project.type == "project"
    assert project in catalogue.related_to(story)
    assert story.organisation == project.organisation
    assert set(story.partners) == set(project.partners)
    assert set(story.techniques) == set(project.techniques)


EDITORS_NOTES = re.compile(
    r"please (add|check|correct|update)|if you know (it|the)|correct this entry"
    r"|if you took part|add it under",
    re.I,
)


def test_no_editors_notes_reach_readers(catalogue):
    found = {
        e.slug: m.group(0)
        for e in catalogue.entries.values()
        if (m := EDITORS_NOTES.search(e.body + " " + e.summary))
    }
    assert found == {}


RESULTS = re.compile(r"^## Results\b(.*?)(?=^## |\Z)", re.M | re.S)


def test_every_project_states_its_results(catalogue):
    missing = []
    for entry in catalogue.entries.values():
        if entry.type != "project":
            continue
        section = RESULTS.search(entry.body)
        said = section and (
            re.search(r"\d", section.group(1))
            or re.search(
                r"\b(none|no)\b[^.]*\bpublished\b|^None\b",
                section.group(1),
                re.I | re.M,
            )
        )
        if not said:
            missing.append(entry.slug)
    assert missing == []


def archived_pages(catalogue) -> dict[str, str]:
    """Archived and published copies of pages that are entries -> their slug."""
    pages = {}
    for entry in catalogue.entries.values():
        pages[f"https://nhsx.github.io/skunkworks/{entry.slug}"] = entry.slug
        if entry.type == "case-study":
            for link in entry.links:
                if "transform.england.nhs.uk" in link.url:
                    pages[link.url.rstrip("/")] = entry.slug
    return pages


def test_text_links_to_other_entries_point_at_the_entry(catalogue):
    pages = archived_pages(catalogue)
    stale = [
        (entry.slug, url)
        for entry in catalogue.entries.values()
        for url in re.findall(r"\]\(([^)\s]+)\)", entry.body)
        if pages.get(url.rstrip("/"), entry.slug) != entry.slug
    ]
    assert stale == []


def test_entry_links_in_text_name_real_entries(catalogue):
    unknown = [
        (entry.slug, slug)
        for entry in catalogue.entries.values()
        for slug in re.findall(r"\]\(/entries/([a-z0-9-]+)\)", entry.body)
        if catalogue.get(slug) is None
    ]
    assert unknown == []


def test_talks_link_the_entries_they_name_both_ways(catalogue):
    for entry in catalogue.entries.values():
        if entry.type != "webinar":
            continue
        linked = {e.slug for e in catalogue.related_to(entry)}
        for slug in re.findall(r"\]\(/entries/([a-z0-9-]+)\)", entry.body):
            if catalogue.get(slug).type == "project":
                assert slug in linked, (entry.slug, slug)


def test_partners_are_named_by_the_sources_not_inferred(catalogue):
    assert catalogue.get("long-stay-webinar").partners == ()
    assert catalogue.get("long-stay-workshop").partners == ()
    assert (
        "University of Plymouth"
        not in catalogue.get("community-week-radiology-qi-plymouth").partners
    )
    renal = catalogue.get("renal-health-prediction")
    assert renal.organisation == "University Hospitals of Leicester NHS Trust"


@pytest.mark.parametrize(
    ("group", "typed", "canonical"),
    [
        ("organisations", "AHSN", "Health Innovation Networks"),
        (
            "organisations",
            "Academic Health Science Networks",
            "Health Innovation Networks",
        ),
        (
            "organisations",
            "North West London ICB",
            "North West London Clinical Commissioning Group",
        ),
        ("organisations", "UHL", "University Hospitals of Leicester NHS Trust"),
        ("techniques", "optimization", "Optimisation"),
        ("techniques", "XAI", "Explainability"),
        ("techniques", "algorithmic bias", "Fairness and bias"),
        ("techniques", "binary classification", "Classification"),
        ("techniques", "ConvNets", "Convolutional neural networks"),
        ("techniques", "mean shift", "Clustering"),
        ("problem_areas", "super-stranded patients", "Length of stay"),
        ("problem_areas", "A and E", "Urgent and emergency care"),
        ("problem_areas", "virtual wards", "Care at home"),
        ("problem_areas", "malpractice", "Clinical negligence"),
    ],
)
def test_the_vocabulary_knows_what_people_type(catalogue, group, typed, canonical):
    assert catalogue.vocabulary.canonical(group, typed) == canonical


def test_a_vision_transformer_is_not_filed_as_self_supervised(catalogue):
    assert catalogue.vocabulary.canonical("techniques", "vision transformers") is None


# --- "Can we run this here?" -------------------------------------------------------


def projects(catalogue):
    return [e for e in catalogue.entries.values() if e.type == "project"]


def test_every_project_records_its_data_and_whether_it_needs_patient_data(catalogue):
    for entry in projects(catalogue):
        assert entry.reuse and entry.reuse.data, entry.slug
        assert entry.reuse.sample_data, entry.slug


def test_a_repository_with_a_fake_data_generator_can_be_tried_without_patient_data(
    catalogue,
):
    import json

    records = json.loads((ROOT / "entries" / "evidence.json").read_text())["entries"]
    for slug, record in records.items():
        facts = record.get("facts") or {}
        if facts.get("data_generators"):
            entry = catalogue.get(slug)
            assert entry.reuse.without_patient_data, slug


@pytest.mark.parametrize(
    ("slug", "field", "value"),
    [
        ("long-stay", "sample_data", "synthetic"),
        ("long-stay", "readiness_level", 4),
        ("long-stay", "governance", ("DPIA", "Data processing agreement")),
        ("long-stay", "medical_device", "not-assessed"),
        ("ct-alignment", "sample_data", "public"),
        ("synthetic-data-pipeline", "sample_data", "public"),
        ("renal-health-prediction", "sample_data", "sample"),
        ("adrenal-lesions", "sample_data", "none"),
        ("parkinsons-detection", "runs_on", ("GPU",)),
        ("open-safely", "runs_on", ("Trusted research environment", "Cloud")),
        ("nwas", "sample_data", "none"),
    ],
)
def test_the_reuse_facts_a_trust_relies_on(catalogue, slug, field, value):
    assert getattr(catalogue.get(slug).reuse, field) == value


def test_reuse_standards_are_the_vocabularys_datasets(catalogue):
    known = {t.name for t in catalogue.vocabulary.groups["datasets"]}
    for entry in projects(catalogue):
        for need in entry.reuse.data:
            assert need.standard is None or need.standard in known, entry.slug


# --- summaries a Trust reader can take in (issue 14) -----------------------------

MAX_SUMMARY_WORDS = 30  # every summary has fewer words than this

#: Acronyms Trust readers may not know, and the words that spell them out.
ACRONYMS = {
    "LoS": "length of stay",
    "EPR": "electronic patient record",
    "TRL": "technology readiness level",
    "DC-GAN": "deep convolutional generative adversarial network",
    "ACE": "Accelerated Capability Environment",
    "BAU": "business as usual",
    "TRE": "trusted research environment",
    "NWAS": "North West Ambulance Service",
    "UHS": "University Hospital Southampton",
}


def test_every_summary_is_under_30_words(catalogue):
    long = {
        slug: len(entry.summary.split())
        for slug, entry in catalogue.entries.items()
        if len(entry.summary.split()) >= MAX_SUMMARY_WORDS
    }
    assert long == {}


def first_use(text: str, acronym: str) -> int:
    found = re.search(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])", text)
    return found.start() if found else -1


@pytest.mark.parametrize("acronym", sorted(ACRONYMS))
def test_acronyms_are_spelt_out_on_first_use(catalogue, acronym):
    """In the title and summary together, and in the body: the words come first,
    or straight after (`ACE, the Accelerated Capability Environment`)."""
    words = ACRONYMS[acronym].lower()
    for entry in catalogue.entries.values():
        for text in (f"{entry.title} {entry.summary}", plain_text(entry.body)):
            at = first_use(text, acronym)
            if at >= 0:
                assert words in text[: at + len(acronym) + 60].lower() or (
                    words in f"{entry.title} {entry.summary}".lower()
                ), (entry.slug, acronym)


def test_titles_are_distinct(catalogue):
    titles = defaultdict(list)
    for entry in catalogue.entries.values():
        titles[entry.title.casefold()].append(entry.slug)
    assert {t: s for t, s in titles.items() if len(s) > 1} == {}
