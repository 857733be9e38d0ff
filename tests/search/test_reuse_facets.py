"""The reuse facets on a hand-made corpus: sample_data, runs_on, skill and
medical_device count exactly, disjunctively, like every other facet."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalogue.cli import cli
from search.engine import SearchEngine
from search.indexer import update_index
from search.query import BadRequest, parse_request
from tests.search.reuse_corpus import write_reuse_corpus

ALL = {
    "triage-tool",
    "catalogue-search",
    "coding-helper",
    "scan-reader",
    "triage-story",
    "rota-idea",
}


@pytest.fixture(scope="module")
def reuse_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("reuse")
    update_index(write_reuse_corpus(root / "entries"), root / "index")
    return root


@pytest.fixture(scope="module")
def engine(reuse_root: Path) -> SearchEngine:
    return SearchEngine(reuse_root / "index")


@pytest.fixture
def run(engine):
    def search(strict: bool = True, **params: object):
        as_lists = {
            k: v if isinstance(v, list) else [str(v)] for k, v in params.items()
        }
        request = parse_request(as_lists, engine.canonical_values(), strict=strict)
        return engine.search(request)

    return search


def slugs(results) -> set[str]:
    return {hit.data["slug"] for hit in results.hits}


def counts(results, facet):
    return {v.value: v.count for v in results.facets[facet]}


def test_counts_over_the_whole_catalogue(run):
    results = run(q="")
    assert results.total == len(ALL)
    assert counts(results, "sample_data") == {"true": 3, "false": 3}
    assert counts(results, "runs_on") == {
        "Laptop": 3,
        "Server": 1,
        "GPU": 1,
        "Cloud": 1,
    }
    assert counts(results, "skill") == {"Python": 3, "PyTorch": 1, "R": 1}
    assert counts(results, "medical_device") == {"not-assessed": 2, "no": 1, "yes": 1}


def test_fixed_values_come_in_their_own_order(run):
    results = run(q="")
    assert [v.value for v in results.facets["runs_on"]] == [
        "Laptop",
        "Server",
        "GPU",
        "Cloud",
    ]
    assert [v.value for v in results.facets["medical_device"]] == [
        "no",
        "yes",
        "not-assessed",
    ]
    assert [v.value for v in results.facets["sample_data"]] == ["true", "false"]


def test_sample_data_true_with_runs_on_laptop_finds_exactly_those(run):
    results = run(sample_data="true", runs_on="Laptop")
    assert slugs(results) == {"triage-tool", "scan-reader"}
    assert results.total == 2


def test_sample_data_true_and_false(run):
    assert slugs(run(sample_data="true")) == {
        "triage-tool",
        "catalogue-search",
        "scan-reader",
    }
    # `none`, an entry without the block, and one that does not say: all false.
    assert slugs(run(sample_data="false")) == {
        "coding-helper",
        "triage-story",
        "rota-idea",
    }


def test_counts_are_disjunctive(run):
    results = run(runs_on="Laptop")
    # runs_on ignores its own selection...
    assert counts(results, "runs_on") == {
        "Laptop": 3,
        "Server": 1,
        "GPU": 1,
        "Cloud": 1,
    }
    # ...while the other facets count only what runs on a laptop.
    assert counts(results, "sample_data") == {"true": 2, "false": 1}
    assert counts(results, "skill") == {"Python": 2, "PyTorch": 1, "R": 1}
    assert counts(results, "medical_device") == {"not-assessed": 2, "yes": 1}

    results = run(sample_data="true")
    assert counts(results, "sample_data") == {"true": 3, "false": 3}
    assert counts(results, "runs_on") == {
        "Laptop": 2,
        "Server": 1,
        "GPU": 1,
        "Cloud": 1,
    }


def test_values_of_one_facet_are_ored_and_facets_anded(run):
    assert slugs(run(runs_on=["Cloud", "GPU"])) == {"catalogue-search", "scan-reader"}
    assert slugs(run(skill="Python", medical_device="not-assessed")) == {"triage-tool"}
    assert slugs(run(skill=["R", "PyTorch"], medical_device=["not-assessed"])) == {
        "triage-tool",
        "coding-helper",
    }


def test_selected_values_are_marked(run):
    results = run(runs_on="Server", medical_device="yes")
    assert results.total == 0
    chosen = [
        (v.value, v.count) for v in results.facets["medical_device"] if v.selected
    ]
    assert chosen == [("yes", 0)]


@pytest.mark.parametrize(
    ("param", "written", "canonical"),
    [
        ("runs_on", "laptop", "Laptop"),
        ("runs_on", "trusted-research environment", "Trusted research environment"),
        ("skill", "python3", "Python"),
        ("medical_device", "Not Assessed", "not-assessed"),
        ("sample_data", "yes", "true"),
    ],
)
def test_url_values_are_read_as_their_canonical_value(run, param, written, canonical):
    results = run(**{param: written})
    assert results.request.filters[param] == (canonical,)


def test_a_bad_sample_data_is_a_400_on_the_api_and_ignored_on_pages(run):
    with pytest.raises(BadRequest) as error:
        run(sample_data="perhaps")
    assert error.value.code == "bad_sample_data"
    assert run(strict=False, sample_data="perhaps").total == len(ALL)


def test_the_api_shape_has_the_facets_and_each_result_its_reuse(run):
    data = run(q="", sort="title").to_dict()
    for facet in ("sample_data", "runs_on", "skill", "medical_device"):
        assert facet in data["facets"]
    results = {r["slug"]: r for r in data["results"]}
    assert results["triage-story"]["reuse"] is None
    assert results["scan-reader"]["reuse"] == {
        "data": [{"name": "X-ray images", "standard": None, "patient_level": None}],
        "sample_data": "sample",
        "governance": [],
        "skills": ["Python"],
        "runs_on": ["Laptop", "GPU"],
        "medical_device": "yes",
        "readiness_level": 6,
        "effort": "Two weeks of one data scientist",
    }


def test_catalogue_search_has_an_option_per_reuse_facet(reuse_root):
    env = {
        "CATALOGUE_ENTRIES": str(reuse_root / "entries"),
        "CATALOGUE_INDEX": str(reuse_root / "index"),
    }
    result = CliRunner().invoke(
        cli,
        ["search", "--sample-data", "--runs-on", "laptop", "--json"],
        env=env,
    )
    assert result.exit_code == 0, result.output
    found = {r["slug"] for r in json.loads(result.output)["results"]}
    assert found == {"triage-tool", "scan-reader"}
    result = CliRunner().invoke(
        cli,
        ["search", "--skill", "R", "--medical-device", "not-assessed", "--json"],
        env=env,
    )
    assert [r["slug"] for r in json.loads(result.output)["results"]] == [
        "coding-helper"
    ]
