"""The whole catalogue: broken files are left out, relations resolve both ways."""

from __future__ import annotations

import pytest

from catalogue.collection import build_catalogue, load_catalogue, read_entries
from catalogue.model import (
    TYPES,
    Adopter,
    entry_from_dict,
    parse_partial_date,
)
from catalogue.text import slugify

GOOD_SLUGS = [
    "ambulance-handover-forecast",
    "bed-board-simulator",
    "buying-ai-playbook",
    "chest-xray-prioritiser",
    "clinic-letter-coder",
    "clinic-letter-coder-lessons",
    "discharge-delay-case-study",
    "discharge-delay-predictor",
    "discharge-delay-webinar",
    "what-counts-as-ai",
]
BROKEN_FILES = [
    "Ward_Round_Copy.md",
    "alias-bomb.md",
    "bad-date.md",
    "bad-yaml.md",
    "binary.md",
    "duplicates-b/outpatient-no-shows.md",
    "empty.md",
    "javascript-url.md",
    "missing-title.md",
    "not-utf8.md",
    "python-tag.md",
    "too-big.md",
    "unknown-category.md",
    "unknown-related.md",
    "unknown-status.md",
    "unknown-type.md",
    "wrong-typed-summary.md",
]


@pytest.fixture(scope="module")
def good(good_dir):
    return load_catalogue(good_dir, shown_root="entries")


@pytest.fixture(scope="module")
def broken(broken_dir):
    return load_catalogue(broken_dir, shown_root="entries")


def test_the_good_corpus_loads_without_a_problem(good):
    assert good.problems == []
    assert list(good.entries) == GOOD_SLUGS
    assert (good.files, good.invalid) == (10, 0)


def test_the_good_corpus_has_every_type(good):
    assert {e.type for e in good.entries.values()} == set(TYPES)


def test_every_broken_file_is_reported_and_no_good_one(broken):
    paths = sorted({p.path for p in broken.problems})
    assert paths == [f"entries/{name}" for name in BROKEN_FILES]


def test_the_good_files_beside_broken_ones_still_load(broken):
    assert list(broken.entries) == [
        "outpatient-no-shows",
        "theatre-list-planner",
        "ward-round-summariser",
    ]
    assert broken.entries["outpatient-no-shows"].path == (
        "duplicates-a/outpatient-no-shows.md"
    )
    assert broken.entries["theatre-list-planner"].related == ("ward-round-summariser",)


def test_files_left_out_are_counted(broken):
    assert (broken.files, broken.invalid) == (20, 17)


def test_every_problem_in_the_broken_corpus_is_an_error(broken):
    assert [p for p in broken.problems if not p.is_error] == []


def test_one_broken_file_never_stops_the_others(tmp_entries, write_entry):
    write_entry(tmp_entries, "zz/broken.md", "---\ntitle: [\n---\n")
    write_entry(tmp_entries, "aa/empty.md", b"")
    catalogue = load_catalogue(tmp_entries)
    assert list(catalogue.entries) == GOOD_SLUGS
    assert (catalogue.files, catalogue.invalid) == (12, 2)


def test_problems_are_sorted_by_file_then_line(broken):
    keys = [(p.path, p.line or 0) for p in broken.problems]
    assert keys == sorted(keys)


@pytest.mark.parametrize(
    ("slug", "backlinks"),
    [
        (
            "discharge-delay-predictor",
            ("discharge-delay-case-study", "discharge-delay-webinar"),
        ),
        ("clinic-letter-coder", ("clinic-letter-coder-lessons",)),
    ],
)
def test_related_entries_are_linked_back(good, slug, backlinks):
    assert good.backlinks[slug] == backlinks
    assert good.entries[slug].related == ()  # the link is only written the other way


def test_only_linked_entries_have_backlinks(good):
    assert set(good.backlinks) == {"discharge-delay-predictor", "clinic-letter-coder"}


@pytest.mark.parametrize(
    ("slug", "related"),
    [
        (
            "discharge-delay-predictor",
            ["discharge-delay-case-study", "discharge-delay-webinar"],
        ),
        ("discharge-delay-webinar", ["discharge-delay-predictor"]),
        ("clinic-letter-coder-lessons", ["clinic-letter-coder"]),
        ("what-counts-as-ai", []),
    ],
)
def test_related_to_works_both_ways(good, slug, related):
    assert [e.slug for e in good.related_to(good.entries[slug])] == related


def test_an_unknown_related_slug_is_an_error(broken):
    assert "unknown-related" not in broken.entries
    assert [str(p) for p in broken.problems if "unknown-related" in p.path] == [
        "entries/unknown-related.md:5: related[0]: error: unknown related slug"
        " 'ward-round-sumariser': no entry has that file name"
    ]


@pytest.mark.parametrize(
    ("name", "leads", "partner_in", "adopted"),
    [
        (
            "Fenmoor Hospitals NHS Foundation Trust",
            ("discharge-delay-case-study", "discharge-delay-predictor"),
            ("ambulance-handover-forecast",),
            [
                ("ambulance-handover-forecast", "in-use", "2021"),
                ("chest-xray-prioritiser", None, None),
            ],
        ),
        (
            "Westbridge University Hospitals NHS Trust",
            ("clinic-letter-coder", "clinic-letter-coder-lessons"),
            ("ambulance-handover-forecast",),
            [
                ("ambulance-handover-forecast", "piloting", "2022-03-07"),
                ("discharge-delay-predictor", "adapting", "2022-11"),
            ],
        ),
        (
            "Harbourside Community Health NHS Trust",
            ("chest-xray-prioritiser",),
            (),
            [("discharge-delay-predictor", "exploring", None)],
        ),
        ("Lumen Data Ltd", (), ("discharge-delay-predictor",), []),
        ("NHS AI Lab", ("buying-ai-playbook", "discharge-delay-webinar"), (), []),
    ],
)
def test_what_each_organisation_leads_takes_part_in_and_adopts(
    good, name, leads, partner_in, adopted
):
    found = good.organisations[slugify(name)]
    assert (found.name, found.leads, found.partner_in) == (name, leads, partner_in)
    assert [
        (slug, a.status, a.since and str(a.since)) for slug, a in found.adopted
    ] == adopted


def test_the_organisation_index_lists_every_organisation_named(good):
    assert list(good.organisations) == [
        "fenmoor-hospitals-nhs-foundation-trust",
        "harbourside-community-health-nhs-trust",
        "lumen-data-ltd",
        "nhs-ai-lab",
        "northvale-ambulance-service-nhs-trust",
        "westbridge-university-hospitals-nhs-trust",
    ]


def test_an_organisation_has_its_website_and_page(good):
    found = good.organisations[slugify("Fenmoor Hospitals NHS Foundation Trust")]
    assert found.url == "https://fenmoor.example.nhs.uk/"
    assert found.page == "/organisations/fenmoor-hospitals-nhs-foundation-trust"
    assert (
        good.organisations[slugify("Westbridge University Hospitals NHS Trust")].url
        is None
    )


def test_an_adopter_keeps_its_status_and_date(good):
    assert good.entries["discharge-delay-predictor"].adopters == (
        Adopter(
            "Westbridge University Hospitals NHS Trust",
            "adapting",
            parse_partial_date("2022-11"),
        ),
        Adopter("Harbourside Community Health NHS Trust", "exploring", None),
    )


@pytest.mark.parametrize("slug", GOOD_SLUGS)
def test_every_entry_round_trips_through_plain_data(good, slug):
    found = good.entries[slug]
    assert entry_from_dict(found.to_dict(), found.html, found.text) == found


def test_the_plain_data_shows_dates_as_written(good):
    data = good.entries["ambulance-handover-forecast"].to_dict()
    assert data["date"] == "2020-09"
    assert [a["since"] for a in data["adopters"]] == ["2021", "2022-03-07"]


def test_a_missing_entries_folder_is_reported(tmp_path):
    catalogue = load_catalogue(tmp_path / "nowhere", shown_root="entries")
    assert catalogue.entries == {}
    assert [p.format() for p in catalogue.problems] == [
        "entries: file: error: the entries folder does not exist\n"
        "    fix: create it, or set CATALOGUE_ENTRIES to the folder of entries"
    ]


def test_related_may_name_a_slug_known_elsewhere(good_dir, good):
    raws = [
        r
        for r in read_entries(good_dir, "entries")
        if r.slug == "discharge-delay-case-study"
    ]
    alone = build_catalogue(raws, good.vocabulary)
    assert alone.entries == {}
    known = build_catalogue(
        raws, good.vocabulary, known_slugs={"discharge-delay-predictor"}
    )
    assert list(known.entries) == ["discharge-delay-case-study"]


def test_a_reload_reuses_unchanged_files(tmp_entries):
    cache: dict = {}
    first = load_catalogue(tmp_entries, cache=cache)
    parsed = dict(cache)
    path = tmp_entries / "guidance" / "what-counts-as-ai.md"
    path.write_text(path.read_text(encoding="utf-8") + "More.\n", encoding="utf-8")
    second = load_catalogue(tmp_entries, cache=cache)
    assert len(parsed) == 10 and len(cache) == 11
    assert all(cache[key] is raw for key, raw in parsed.items())
    assert second.entries["what-counts-as-ai"].body.endswith("More.\n")
    assert first.entries["what-counts-as-ai"].digest != (
        second.entries["what-counts-as-ai"].digest
    )


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Parkinson's UK", "parkinsons-uk"),
        (
            "Guy's and St Thomas\u2019 NHS Foundation Trust",
            "guys-and-st-thomas-nhs-foundation-trust",
        ),
        ("Ysbyty Gwynedd – Betsi Cadwaladr", "ysbyty-gwynedd-betsi-cadwaladr"),
    ],
)
def test_organisation_pages_are_named_from_their_names(name, slug):
    assert slugify(name) == slug


def test_names_in_other_scripts_get_their_own_stable_pages():
    first, second = slugify("東京病院"), slugify("大阪病院")
    assert first.startswith("x-") and second.startswith("x-") and first != second
    assert slugify("東京病院") == first
