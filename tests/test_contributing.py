"""Contributing without git: the issue forms, the links to them, the PR workflow.

GitHub rejects an issue form that lacks `name`, `description` or `body`, a body
element without a known `type`, a field without a `label`, a repeated `id` or
label, a dropdown without options; a workflow needs `on` and jobs that each have
`runs-on` and steps that `uses` or `run` something. These tests read the real
files and open the real entry pages.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from click.testing import CliRunner

from catalogue.app import create_app
from catalogue.cli import cli
from catalogue.link_check import main as link_check
from catalogue.model import ADOPTER_STATUSES, STATUSES, TYPES

ROOT = Path(__file__).resolve().parent.parent
FORMS_DIR = ROOT / ".github" / "ISSUE_TEMPLATE"
FORMS = sorted(p for p in FORMS_DIR.glob("*.yml") if p.name != "config.yml")
WORKFLOW = ROOT / ".github" / "workflows" / "entries.yml"
ELEMENT_TYPES = {"markdown", "input", "textarea", "dropdown", "checkboxes"}
ID = re.compile(r"^[A-Za-z0-9_-]+$")
GITHUB_QUERY_KEYS = {"template", "title", "labels", "assignees", "projects"}


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


def field_ids(form: dict) -> set[str]:
    return {item["id"] for item in form["body"] if "id" in item}


def test_there_are_forms_for_a_new_entry_a_correction_and_a_reuse():
    assert [p.name for p in FORMS] == ["correction.yml", "new-entry.yml", "reuse.yml"]


@pytest.mark.parametrize("path", FORMS, ids=lambda p: p.name)
def test_each_issue_form_has_what_github_requires(path):
    form = load(path)
    assert isinstance(form["name"], str) and form["name"].strip()
    assert isinstance(form["description"], str) and form["description"].strip()
    assert isinstance(form.get("title", ""), str)
    assert all(isinstance(label, str) for label in form.get("labels", []))
    body = form["body"]
    assert isinstance(body, list) and body
    assert any(item["type"] != "markdown" for item in body)
    ids: list[str] = []
    labels: list[str] = []
    for item in body:
        assert item["type"] in ELEMENT_TYPES, item
        attributes = item["attributes"]
        if item["type"] == "markdown":
            assert attributes["value"].strip()
            continue
        assert ID.match(item["id"]), item["id"]
        ids.append(item["id"])
        labels.append(attributes["label"])
        assert attributes["label"].strip()
        assert isinstance(item.get("validations", {}).get("required", False), bool)
        if item["type"] == "dropdown":
            options = attributes["options"]
            assert options and len(set(options)) == len(options), options
        if item["type"] == "checkboxes":
            assert all(option["label"].strip() for option in attributes["options"])
    assert len(set(ids)) == len(ids), ids
    assert len(set(labels)) == len(labels), labels


def test_the_forms_offer_the_catalogues_own_values():
    def options(name: str, field: str) -> list[str]:
        form = load(FORMS_DIR / name)
        item = next(i for i in form["body"] if i.get("id") == field)
        return [o.split(" ")[0] for o in item["attributes"]["options"]]

    assert options("reuse.yml", "status") == [*ADOPTER_STATUSES, "stopped"]
    assert options("new-entry.yml", "entry_type") == list(TYPES)
    assert options("new-entry.yml", "status") == [*STATUSES, "not"]


def test_the_forms_config_is_valid():
    config = load(FORMS_DIR / "config.yml")
    assert isinstance(config["blank_issues_enabled"], bool)
    for link in config.get("contact_links", []):
        assert link["name"] and link["about"]
        assert link["url"].startswith("https://")


# --- the links on entry pages --------------------------------------------------------


@pytest.fixture(scope="module")
def bundled_app(tmp_path_factory: pytest.TempPathFactory):
    return create_app(
        {
            "CATALOGUE_ENTRIES": str(ROOT / "entries"),
            "CATALOGUE_INDEX": str(tmp_path_factory.mktemp("bundled") / "index"),
            "TESTING": True,
        }
    )


def issue_links(html: str) -> dict[str, str]:
    """Link text -> address, for the links to GitHub's new-issue page."""
    found = re.findall(
        r'<a href="(https://github\.com/[^"]+/issues/new\?[^"]+)"[^>]*>'
        r"([^<]+)<",
        html,
    )
    return {text: url.replace("&amp;", "&") for url, text in found}


def test_every_entry_page_opens_the_forms_with_its_slug_and_title(bundled_app):
    client = bundled_app.test_client()
    catalogue = bundled_app.extensions["catalogue"].catalogue()
    for entry in catalogue.entries.values():
        html = client.get(entry.url).get_data(as_text=True)
        links = issue_links(html)
        assert set(links) == {
            "Suggest a change",
            "Report a problem with this entry",
            "We reused this: report it on a short form",  # in "Reusing this?"
        }, entry.slug
        for url in links.values():
            parts = urlsplit(url)
            assert parts.path == "/nhsx/ai-use-case-catalogue/issues/new"
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            form = load(FORMS_DIR / query["template"])
            assert set(query) - GITHUB_QUERY_KEYS <= field_ids(form), query
            assert query["slug"] == entry.slug
            assert query["entry"] == entry.title
            assert entry.title in query["title"]
        assert "Edit this entry" in html


def test_the_links_use_the_repository_of_the_edit_setting(tmp_path):
    app = create_app(
        {
            "CATALOGUE_ENTRIES": str(ROOT / "entries"),
            "CATALOGUE_INDEX": str(tmp_path / "index"),
            "CATALOGUE_EDIT_URL": "https://github.com/example/fork/edit/dev/entries/",
        }
    )
    html = app.test_client().get("/entries/long-stay").get_data(as_text=True)
    urls = issue_links(html).values()
    assert urls and all(
        u.startswith("https://github.com/example/fork/issues/new?") for u in urls
    )


def test_on_another_host_only_the_edit_link_is_shown(tmp_path):
    app = create_app(
        {
            "CATALOGUE_ENTRIES": str(ROOT / "entries"),
            "CATALOGUE_INDEX": str(tmp_path / "index"),
            "CATALOGUE_EDIT_URL": "https://git.example.org/x/y/-/edit/main/entries/",
        }
    )
    html = app.test_client().get("/entries/long-stay").get_data(as_text=True)
    assert issue_links(html) == {}
    assert 'href="https://git.example.org/x/y/-/edit/main/entries/projects/' in html


def test_the_add_an_entry_page_offers_the_new_entry_form(bundled_app):
    html = bundled_app.test_client().get("/add-an-entry").get_data(as_text=True)
    url = next(iter(issue_links(html).values()))
    query = parse_qs(urlsplit(url).query)
    assert query["template"] == ["new-entry.yml"]


# --- the pull-request workflow -------------------------------------------------------


@pytest.fixture(scope="module")
def workflow() -> dict:
    data = load(WORKFLOW)
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads `on` as true
    return data


def run_lines(job: dict) -> list[str]:
    return [step["run"] for step in job["steps"] if "run" in step]


def test_the_workflow_runs_on_pull_requests_that_touch_entries(workflow):
    assert workflow["name"]
    assert "entries/**" in workflow["on"]["pull_request"]["paths"]
    for name, job in workflow["jobs"].items():
        assert job["runs-on"], name
        assert job["steps"], name
        for step in job["steps"]:
            assert ("uses" in step) != ("run" in step), step


def test_the_workflow_checks_strictly_as_annotations(workflow):
    commands = [
        shlex.split(line)
        for job in workflow["jobs"].values()
        for line in run_lines(job)
        if line.startswith("catalogue check")
    ]
    assert commands == [
        [
            "catalogue",
            "check",
            "--strict",
            "--format",
            "github",
            "--base",
            "origin/${GITHUB_BASE_REF}",
            "entries",
        ]
    ]
    # Here the base is this checkout's own HEAD (nothing deleted since), or
    # none where the tests run outside a git checkout.
    args = commands[0][1:]
    base = args.index("--base")
    args[base : base + 2] = ["--base", "HEAD"] if (ROOT / ".git").exists() else []
    result = CliRunner().invoke(
        cli, args, env={"CATALOGUE_ENTRIES": str(ROOT / "entries")}
    )
    assert result.exit_code == 0, result.output  # the bundled entries pass it


def test_the_link_check_reports_but_never_fails(workflow):
    links = workflow["jobs"]["links"]
    assert links["continue-on-error"] is True
    assert any(
        "python -m catalogue.link_check --format github" in line
        for line in run_lines(links)
    )


def test_the_link_check_command_exists_and_explains_itself(capsys):
    with pytest.raises(SystemExit) as done:
        link_check(["--help"])
    assert done.value.code == 0
    assert "--format {text,github}" in capsys.readouterr().out
