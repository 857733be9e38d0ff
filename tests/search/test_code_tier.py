"""The code evidence of `entries/evidence.json` reaches the index, the facet,
the API, the entry page and `catalogue check` (issue 17)."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalogue.app import create_app
from catalogue.cli import cli
from catalogue.collection import load_catalogue
from search.indexer import update_index

BUNDLED = Path(__file__).resolve().parents[2] / "entries"


@pytest.fixture(scope="module")
def bundled_client(tmp_path_factory):
    index = tmp_path_factory.mktemp("bundled") / "index"
    update_index(BUNDLED, index)
    return create_app(
        {"CATALOGUE_ENTRIES": str(BUNDLED), "CATALOGUE_INDEX": str(index)}
    ).test_client()


def recorded_tiers() -> Counter[str]:
    """Tiers in the evidence file, of records about each entry's current URL."""
    records = json.loads((BUNDLED / "evidence.json").read_text())["entries"]
    catalogue = load_catalogue(BUNDLED)
    return Counter(
        str(records[slug]["tier"])
        for slug, entry in catalogue.entries.items()
        if entry.code and slug in records and records[slug]["url"] == entry.code.url
    )


def test_the_code_tier_facet_counts_agree_with_the_evidence_file(bundled_client):
    facets = bundled_client.get("/api/facets").get_json()["code_tier"]
    counts = Counter({f["value"]: f["count"] for f in facets})
    assert counts == recorded_tiers() and sum(counts.values()) >= 10
    assert [f["value"] for f in facets] == sorted(counts, reverse=True)


def test_a_tier_filters_and_the_api_returns_the_evidence(bundled_client):
    tier = recorded_tiers().most_common(1)[0][0]
    found = bundled_client.get(f"/api/search?code_tier={tier}&per_page=100").get_json()
    assert found["total"] == recorded_tiers()[tier]
    for result in found["results"]:
        evidence = result["code"]["evidence"]
        assert str(evidence["tier"]) == tier
        assert evidence["label"] and evidence["checked_at"] and evidence["facts"]
    entry = bundled_client.get("/api/entries/long-stay").get_json()
    assert set(entry["code"]["evidence"]) >= {"tier", "label", "checked_at", "facts"}


def test_the_entry_page_shows_the_tier_its_reasons_and_the_date(bundled_client):
    evidence = bundled_client.get("/api/entries/long-stay").get_json()["code"][
        "evidence"
    ]
    page = bundled_client.get("/entries/long-stay").get_data(as_text=True)
    assert f"Tier {evidence['tier']} of 4" in page and evidence["label"] in page
    assert f"Checked on {evidence['checked_at'][:10]}" in page
    assert page.count("app-evidence__reasons") == 1 and "Not met: " in page
    no_code = bundled_client.get("/entries/casestudy-long-stay").get_data(as_text=True)
    assert "How far the code can be trusted" not in no_code


def test_a_licence_the_repository_contradicts_is_a_warning(tmp_path):
    entries = Path(shutil.copytree(BUNDLED, tmp_path / "entries"))
    path = entries / "projects" / "long-stay.md"
    path.write_text(
        path.read_text().replace("licence: MIT", "licence: Apache-2.0"),
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli,
        ["check", "--strict", str(entries)],
        env={"CATALOGUE_ENTRIES": str(entries)},
    )
    assert result.exit_code == 1, result.output
    warnings = [line for line in result.output.splitlines() if "code.licence" in line]
    assert len(warnings) == 1 and "long-stay.md:" in warnings[0]
    assert "Apache-2.0" in warnings[0] and "MIT" in warnings[0]


def test_a_new_evidence_file_rebuilds_the_index(tmp_path):
    entries = Path(shutil.copytree(BUNDLED, tmp_path / "entries"))
    index = tmp_path / "index"
    update_index(entries, index)
    data = json.loads((entries / "evidence.json").read_text())
    del data["entries"]["long-stay"]
    (entries / "evidence.json").write_text(json.dumps(data), encoding="utf-8")
    report = update_index(entries, index)
    assert report.rebuilt and report.reason == "the code evidence changed"
    client = create_app(
        {"CATALOGUE_ENTRIES": str(entries), "CATALOGUE_INDEX": str(index)}
    ).test_client()
    assert "evidence" not in client.get("/api/entries/long-stay").get_json()["code"]
    page = client.get("/entries/long-stay").get_data(as_text=True)
    assert "Not checked yet" in page


def test_a_broken_evidence_file_is_reported_and_costs_nothing_else(tmp_path):
    entries = Path(shutil.copytree(BUNDLED, tmp_path / "entries"))
    (entries / "evidence.json").write_text("{not json", encoding="utf-8")
    catalogue = load_catalogue(entries)
    assert len(catalogue.entries) == len(load_catalogue(BUNDLED).entries)
    [problem] = [p for p in catalogue.problems if p.path.endswith("evidence.json")]
    assert problem.severity == "warning" and "not valid JSON" in problem.message
