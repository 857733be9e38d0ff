"""`catalogue report searches`: top searches, failures, and vocabulary edits to try."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from catalogue.cli import cli
from catalogue.search_log import LoggedSearch, connect, write_searches
from catalogue.search_report import build_report, propose
from catalogue.vocabulary import load_vocabulary
from search.indexer import update_index


def logged(day: str, query: str, results: int, match: str = "all", times: int = 1):
    return LoggedSearch(day, query, {}, results, match, None, times)


#: A test log: two that found things, a misspelling that found nothing, an
#: alias nobody added, a subject the catalogue lacks, and one only the
#: any-word fallback answered.
ROWS = [
    logged("2026-11-02", "bed management", 2, times=5),
    logged("2026-11-03", "lenght of stay", 0, times=3),
    logged("2026-11-03", "length of stay", 3, times=9),
    logged("2026-11-04", "nlp pipeline", 0, times=2),
    logged("2026-11-05", "sepsis", 0, times=4),
    logged("2026-11-06", "radiographers wards", 5, "any"),
    logged("2026-11-07", "lenght of stay", 0, times=1),
]


@pytest.fixture
def vocabulary(entries_copy: Path):
    found, problems = load_vocabulary(entries_copy / "vocabulary.yml")
    assert problems == []
    return found


def test_top_searches_are_the_commonest_first(vocabulary):
    report = build_report(ROWS, vocabulary)
    assert [(s.query, s.searches) for s in report.top[:3]] == [
        ("length of stay", 9),
        ("bed management", 5),
        ("lenght of stay", 4),
    ]
    assert report.searches == 25 and report.queries == 6
    assert (report.first_day, report.last_day) == ("2026-11-02", "2026-11-07")


def test_a_misspelt_failing_query_gets_an_alias_with_yaml_to_paste(vocabulary):
    report = build_report(ROWS, vocabulary)
    failed = {s.query: s.proposal for s in report.no_results}
    assert list(failed) == ["lenght of stay", "sepsis", "nlp pipeline"]  # commonest
    proposal = failed["lenght of stay"]
    assert proposal.kind == "alias" and proposal.value == "Length of stay"
    assert proposal.group == "problem_areas"
    assert "spelt like 'Length of stay'" in proposal.reason
    pasted = yaml.safe_load(f"problem_areas:\n{proposal.yaml}")
    assert pasted == {
        "problem_areas": [
            {
                "name": "Length of stay",
                "aliases": ["LoS", "long stay", "lenght of stay"],
            }
        ]
    }


def test_shared_words_propose_the_closest_value(vocabulary):
    proposal = propose("nlp pipeline", vocabulary)
    assert proposal.kind == "alias" and proposal.value == "Natural language processing"
    assert "shares the words nlp" in proposal.reason


def test_nothing_close_is_a_content_gap(vocabulary):
    assert propose("sepsis", vocabulary).kind == "content gap"
    report = build_report(ROWS, vocabulary)
    assert [s.query for s in report.fallback] == ["radiographers wards"]


def test_a_value_no_entry_has_is_not_proposed(vocabulary):
    proposal = propose("nlp pipeline", vocabulary, {"Natural language processing": 0})
    assert proposal.kind == "content gap"


@pytest.fixture
def invoke(entries_copy: Path, tmp_path: Path):
    log = tmp_path / "instance" / "searches.sqlite"
    log.parent.mkdir()
    connection = connect(log)
    write_searches(connection, ROWS, 1000, 3650, today=date(2026, 11, 30))
    connection.close()
    update_index(entries_copy, tmp_path / "instance" / "index")
    env = {
        "CATALOGUE_ENTRIES": str(entries_copy),
        "CATALOGUE_INDEX": str(tmp_path / "instance" / "index"),
    }
    return lambda *args, **more: CliRunner().invoke(
        cli, list(args), env={**env, **more}
    )


def test_report_searches_prints_the_report_and_the_yaml(invoke, entries_copy):
    result = invoke("report", "searches")
    assert result.exit_code == 0, result.output
    assert "25 searches, 6 different queries" in result.output
    assert "lenght of stay  (0 results)" in result.output
    assert (
        "Proposal: add 'lenght of stay' as an alias of Length of stay" in result.output
    )
    assert "- name: Length of stay" in result.output
    assert "aliases: [LoS, long stay, lenght of stay]" in result.output
    assert "sepsis  (0 results)" in result.output and "Content gap" in result.output


def test_report_searches_as_json_since_a_day(invoke):
    result = invoke("report", "searches", "--json", "--since", "2026-11-04")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["since"] == "2026-11-04" and data["searches"] == 8
    failed = {s["query"]: s["proposal"] for s in data["no_results"]}
    assert failed["lenght of stay"]["kind"] == "alias"
    assert failed["sepsis"]["kind"] == "content gap"
    assert [s["query"] for s in data["fallback"]] == ["radiographers wards"]


def test_report_searches_without_a_log_says_so(invoke, tmp_path):
    empty = invoke("report", "searches", CATALOGUE_SEARCH_LOG=str(tmp_path / "none"))
    assert empty.exit_code == 0 and "No searches recorded" in empty.output
    off = invoke("report", "searches", CATALOGUE_SEARCH_LOG="off")
    assert off.exit_code == 1 and "keeps no search log" in off.output
    bad = invoke("report", "searches", "--since", "last week")
    assert bad.exit_code == 2 and "--since" in bad.output
