"""`catalogue schema`: the JSON Schema editors use, and the copy the repo ships."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from catalogue.cli import cli
from catalogue.front_matter_schema import build_schema
from catalogue.loader import find_entry_files, split_entry
from catalogue.model import ADOPTER_STATUSES, STATUSES, TYPES
from catalogue.scaffold import render_template
from catalogue.validate import FIELDS

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "entries" / "entry.schema.json"
VALIDATOR = jsonschema.Draft7Validator(build_schema())


def as_json(value: Any) -> Any:
    """Front matter as the YAML language server sees it: dates stay text."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def front_matter(text: str) -> dict[str, Any]:
    return as_json(split_entry(text)[0])


def errors(meta: dict[str, Any]) -> list[str]:
    """What the schema says is wrong, one line per problem."""
    return [
        f"{'.'.join(map(str, e.absolute_path)) or '(front matter)'}: {e.message}"
        for e in VALIDATOR.iter_errors(as_json(meta))
    ]


def test_the_schema_is_valid_draft_7():
    jsonschema.Draft7Validator.check_schema(build_schema())


def test_the_shipped_file_is_what_catalogue_schema_prints():
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == build_schema()
    assert SHIPPED.read_text(encoding="utf-8") == result.output, (
        "entries/entry.schema.json is out of date:"
        " run `catalogue schema > entries/entry.schema.json`"
    )


def test_enums_and_fields_come_from_the_model_and_the_checker():
    properties = build_schema()["properties"]
    assert properties["type"]["enum"] == list(TYPES)
    assert properties["status"]["anyOf"][0]["enum"] == list(STATUSES)
    adopter = properties["adopters"]["anyOf"][0]["anyOf"][1]["items"]["anyOf"][1]
    assert adopter["properties"]["status"]["enum"] == [*ADOPTER_STATUSES, "stopped"]
    assert set(FIELDS) <= set(properties)


ENTRY_FILES = sorted(
    find_entry_files(ROOT / "entries") + find_entry_files(ROOT / "tests/corpus/good")
)


@pytest.mark.parametrize(
    "path", ENTRY_FILES, ids=[p.relative_to(ROOT).as_posix() for p in ENTRY_FILES]
)
def test_every_bundled_and_good_entry_is_accepted(path):
    assert errors(front_matter(path.read_text(encoding="utf-8"))) == []


def test_a_new_entry_from_the_template_is_accepted_once_summarised():
    text = render_template("webinar", "Discharge planning webinar")
    meta = front_matter(text.replace("\nsummary:\n", "\nsummary: What it covered.\n"))
    assert errors(meta) == []


def test_the_template_without_a_summary_is_flagged():
    meta = front_matter(render_template("project", "Bed finder"))
    assert errors(meta) == ["summary: None is not of type 'string', 'number'"]


MINIMAL = {"title": "Bed finder", "summary": "Finds a bed.", "type": "project"}

NEWER_FIELDS = """\
title: Long stay risk
summary: Scores each admission's risk of a long stay.
type: project
status: retired
reuse:
  data:
    - name: Admissions history from the EPR
      standard: SUS APC
      patient_level: true
  sample_data: synthetic
  governance: [DPIA]
  skills: [Python]
  runs_on: [Server, GPU]
  medical_device: not-assessed
  readiness_level: 4
  effort: A few weeks of one analyst
adopters:
  - organisation: Ridgeway Hospitals NHS Trust
    status: stopped
    since: 2021-11
    history:
      - {status: exploring, date: 2021-09, note: Heard about it at a webinar}
      - {status: stopped, date: 2022-06}
    changes: Retrained on local data
    outcome: Too few long stays to learn from
    stopped_reason: Data too sparse
    contact: data.team@example.nhs.uk
retired:
  date: 2023-07
  reason: Replaced by a national tool
  superseded_by: national-long-stay
"""


def test_the_contracts_newer_optional_fields_are_accepted():
    assert errors(yaml.safe_load(NEWER_FIELDS)) == []


def test_a_legacy_page_with_category_is_accepted():
    meta = {
        "title": "Old page",
        "summary": "From the old site.",
        "category": "Projects",
    }
    assert errors({**meta, "sidebar_position": 3}) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"type": "projet"}, "type: 'projet' is not one of"),
        ({"title": None}, "title: None is not of type"),
        ({"title": ""}, "title: '' should be non-empty"),
        ({"summary": ["one", "two"]}, "summary: ['one', 'two'] is not of type"),
        ({"summary": "x" * 301}, "summary: 'xxx"),
        ({"status": "live"}, "status: 'live' is not valid"),
        ({"date": "2021-13"}, "date: '2021-13' is not valid"),
        ({"date": "April 2021"}, "date: 'April 2021' is not valid"),
        ({"problem_area": ["LoS"]}, "(front matter): 'problem_area' is not one of"),
        ({"sidebar_position": 3}, "(front matter): 'sidebar_position' is not one"),
        ({"code": {"licence": "MIT"}}, "code: {'licence': 'MIT'} is not valid"),
        ({"code": {"url": "github.com/x"}}, "code: {'url': 'github.com/x'} is not"),
        (
            {"adopters": [{"organisation": "Ridgeway", "status": "adopted"}]},
            "adopters: [{'organisation': 'Ridgeway', 'status': 'adopted'}] is not",
        ),
        (
            {"adopters": [{"organisation": "Ridgeway", "status": "stopped"}]},
            "adopters: [{'organisation': 'Ridgeway', 'status': 'stopped'}] is not",
        ),
        (
            {"links": [{"title": "Report", "href": "https://example.org"}]},
            "links: [{'title': 'Report', 'href': 'https://example.org'}] is not",
        ),
        ({"reuse": {"readiness_level": 12}}, "reuse: {'readiness_level': 12} is not"),
        ({"reuse": {"runs_on": "Mainframe"}}, "reuse: {'runs_on': 'Mainframe'} is not"),
    ],
    ids=lambda value: next(iter(value)) if isinstance(value, dict) else None,
)
def test_obvious_mistakes_are_rejected(change, expected):
    found = errors({**MINIMAL, **change})
    assert any(line.startswith(expected) for line in found), found


@pytest.mark.parametrize("missing", ["title", "summary", "type"])
def test_a_missing_required_field_is_rejected(missing):
    meta = {k: v for k, v in MINIMAL.items() if k != missing}
    assert errors(meta), meta


def test_editor_settings_point_entries_at_the_shipped_schema():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text())
    assert settings["yaml.schemas"]["entries/entry.schema.json"] == ["entries/**/*.md"]
