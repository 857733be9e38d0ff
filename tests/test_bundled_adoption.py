"""The bundled catalogue's adoption ledger: every adoption the facts support,
with its history, retired entries with their reasons, and the ODS code of
every bundled NHS trust (from the cited ODS extract, see vocabulary.yml)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from catalogue.adoption import adoption_events
from catalogue.collection import load_catalogue

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT.parent / "shared" / "facts" / "skunkworks-facts.yaml"

#: Every bundled organisation that is an NHS trust in NHS Digital's ODS "etr"
#: extract (etr.csv, mirrored in jah-photoshop/nhsparse), with its code.
ODS_CODES = {
    "Gloucestershire Hospitals NHS Foundation Trust": "RTE",
    "Nottingham University Hospitals NHS Trust": "RX1",
    "Kettering General Hospital NHS Foundation Trust": "RNQ",
    "George Eliot Hospital NHS Trust": "RLT",
    "Imperial College Healthcare NHS Trust": "RYJ",
    "University Hospitals of North Midlands NHS Trust": "RJE",
    "University Hospital Southampton NHS Foundation Trust": "RHM",
    "University Hospitals Plymouth NHS Trust": "RK9",
    "Royal Free London NHS Foundation Trust": "RAL",
    "South Central Ambulance Service NHS Foundation Trust": "RYE",
    "North West Ambulance Service NHS Trust": "RX7",
    "University Hospitals of Leicester NHS Trust": "RWE",
}


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(ROOT / "entries")


def test_every_bundled_trust_carries_its_ods_code(catalogue):
    terms = catalogue.vocabulary.groups["organisations"]
    assert {t.name: t.ods for t in terms if t.ods} == ODS_CODES
    for name, code in ODS_CODES.items():
        assert catalogue.vocabulary.by_ods(code).name == name


def test_every_adoption_in_the_facts_is_recorded_with_its_history(catalogue):
    if not FACTS.exists():
        pytest.skip(f"{FACTS} is not beside this checkout")
    facts = yaml.safe_load(FACTS.read_text(encoding="utf-8"))["entries"]
    expected = {
        (item["suggested_slug"], a["organisation"], a["status"])
        for item in facts
        for a in item.get("adopters") or ()
    }
    recorded = {
        (entry.slug, a.organisation, a.status)
        for entry in catalogue.entries.values()
        for a in entry.adopters
    }
    assert recorded == expected
    for entry in catalogue.entries.values():
        for adopter in entry.adopters:
            assert adopter.history, (entry.slug, adopter.organisation)


def test_nottingham_explored_then_adapted_long_stay(catalogue):
    (adopter,) = catalogue.get("long-stay").adopters
    assert adopter.ods == "RX1"
    assert [(s.status, s.date.text) for s in adopter.history] == [
        ("exploring", "2021"),
        ("adapting", "2021"),
    ]
    events = adoption_events(catalogue.entries.values())
    assert [(e.slug, e.status) for e in events] == [
        ("long-stay", "adapting"),
        ("long-stay", "exploring"),
    ]


def test_retired_entries_say_why(catalogue):
    retired = {
        e.slug: e.retired for e in catalogue.entries.values() if e.status == "retired"
    }
    assert set(retired) == {"clinical-coding", "home"}
    assert all(r is not None and r.reason for r in retired.values())
    assert retired["home"].date.text == "2022-12"
