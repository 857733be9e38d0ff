"""The bundled catalogue: complete against the facts, linked both ways, original."""

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


def test_every_project_with_code_in_the_facts_has_code(catalogue, facts):
    for item in facts:
        if item.get("code_url"):
            entry = catalogue.get(item["suggested_slug"])
            assert entry.code and entry.code.url == item["code_url"], entry.slug


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


def test_bodies_are_200_to_600_words(catalogue):
    for entry in catalogue.entries.values():
        words = len(plain_text(entry.body).split())
        assert 200 <= words <= 600, (entry.slug, words)
