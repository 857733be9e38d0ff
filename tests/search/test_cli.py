"""`catalogue index` and `catalogue search` from the terminal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalogue.cli import cli

BUNDLED = Path(__file__).resolve().parents[2] / "entries"


@pytest.fixture
def invoke(entries_copy: Path, tmp_path: Path):
    env = {
        "CATALOGUE_ENTRIES": str(entries_copy),
        "CATALOGUE_INDEX": str(tmp_path / "index"),
    }

    def call(*args: str, **overrides: str):
        return CliRunner().invoke(cli, list(args), env={**env, **overrides})

    return call


def test_index_prints_counts_and_time(invoke):
    result = invoke("index")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Index rebuilt (no index yet) in ")
    assert result.output.rstrip().endswith(
        "6 entries; 6 added, 0 updated, 0 removed, 0 unchanged; 0 files left out."
    )
    again = invoke("index")
    assert "Index updated in" in again.output and "6 unchanged" in again.output


def test_index_reports_problems_with_the_entries_path(invoke, entries_copy):
    (entries_copy / "bad.md").write_text("---\ntitle: x\n---\n")
    result = invoke("index")
    assert result.exit_code == 0, result.output
    assert (
        f"{entries_copy.as_posix()}/bad.md:1: summary: error: required field 'summary'"
        " is missing or empty" in result.output
    )
    assert "1 file left out." in result.output


def test_index_on_a_missing_folder_fails_with_a_message(invoke, tmp_path):
    result = invoke("index", CATALOGUE_ENTRIES=str(tmp_path / "nowhere"))
    assert result.exit_code == 1
    assert "does not exist; the index was left as it was" in result.output
    assert "Traceback" not in result.output


def test_search_builds_the_index_if_needed_and_lists_results(invoke):
    result = invoke("search", "bed")
    assert result.exit_code == 0, result.output
    assert "Building the index" in result.output
    assert "1. Bed planner  [project] /entries/bed-planner" in result.output


def test_search_filters_and_json(invoke):
    result = invoke("search", "", "--technique", "NLP", "--json")
    data = json.loads(result.output[result.output.index("{") :])
    assert [r["slug"] for r in data["results"]] == ["notes-reader"]
    selected = [v for v in data["facets"]["technique"] if v["selected"]]
    assert selected == [
        {"value": "Natural language processing", "count": 1, "selected": True}
    ]


def test_search_json_on_bundled_entries_puts_long_stay_first(tmp_path):
    env = {
        "CATALOGUE_ENTRIES": str(BUNDLED),
        "CATALOGUE_INDEX": str(tmp_path / "index"),
    }
    result = CliRunner().invoke(cli, ["search", "length of stay", "--json"], env=env)
    data = json.loads(result.output[result.output.index("{") :])
    assert data["results"][0]["slug"] == "long-stay"


def test_search_suggests_a_spelling(invoke):
    result = invoke("search", "bed mangement")  # issue 14: "managment" stems right
    assert "Did you mean: bed management?" in result.output
