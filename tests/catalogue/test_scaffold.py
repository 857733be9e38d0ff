"""`catalogue new`: a template with every field explained, never overwriting."""

from __future__ import annotations

import re

import pytest

from catalogue.collection import load_catalogue
from catalogue.model import TYPES
from catalogue.scaffold import ScaffoldError, create_entry, render_template
from catalogue.validate import FIELDS

BODY_HEADINGS = {
    "project": ["The problem", "What was built", "Results", "Reusing it"],
    "case-study": [
        "The challenge",
        "How the work ran",
        "What came out",
        "Lessons for other Trusts",
    ],
    "webinar": ["What it covered", "Speakers", "Who it is for", "Recording and slides"],
    "playbook": ["Who it is for", "How to run it", "What you need", "Results so far"],
    "guidance": ["Who it is for", "What to do", "Find out more"],
}


def fill_summary(text: str) -> str:
    """What a person does before the entry can be used: write the summary."""
    assert "\nsummary:\n" in text
    return text.replace("\nsummary:\n", "\nsummary: Plans theatre lists.\n")


def front_matter_lines(text: str) -> list[str]:
    return text.split("---\n")[1].splitlines()


@pytest.mark.parametrize("entry_type", TYPES)
def test_every_field_is_present_in_order(entry_type):
    lines = front_matter_lines(render_template(entry_type, "Bed finder"))
    fields = [m[1] for line in lines if (m := re.match(r"^([a-z_]+):", line))]
    assert fields == list(FIELDS)


@pytest.mark.parametrize("entry_type", TYPES)
def test_every_field_is_explained_by_a_comment_above_it(entry_type):
    lines = front_matter_lines(render_template(entry_type, "Bed finder"))
    for index, line in enumerate(lines):
        if re.match(r"^[a-z_]+:", line):
            above = lines[index - 1]
            assert above.startswith("#") or re.match(r"^[a-z_]+:", above), line


@pytest.mark.parametrize(
    "explanation",
    [
        "# Required. One of: project, case-study, webinar, playbook, guidance.",
        "# Optional. How far it got: idea, discovery, proof-of-concept, pilot, in-use,"
        " retired.",
        "# Organisations re-using this work. status: exploring, adapting, piloting,"
        " in-use;",
        "# Optional. When it started, was published or was held: YYYY, YYYY-MM or"
        " YYYY-MM-DD.",
    ],
)
def test_allowed_values_are_listed(explanation):
    assert explanation in render_template("project", "Bed finder").splitlines()


@pytest.mark.parametrize("entry_type", TYPES)
def test_the_body_has_headings_for_the_type(entry_type):
    body = render_template(entry_type, "Bed finder").split("---\n")[2]
    assert re.findall(r"^## (.+)$", body, re.M) == BODY_HEADINGS[entry_type]


@pytest.mark.parametrize("entry_type", TYPES)
def test_a_new_entry_passes_check_once_the_summary_is_written(
    tmp_path, write_entry, entry_type
):
    text = render_template(entry_type, "Theatre list planner")
    write_entry(tmp_path, "theatre-list-planner.md", fill_summary(text))
    catalogue = load_catalogue(tmp_path)
    assert catalogue.problems == []
    found = catalogue.entries["theatre-list-planner"]
    assert (found.title, found.type) == ("Theatre list planner", entry_type)


def test_an_unfilled_entry_needs_only_its_summary(tmp_path):
    create_entry(tmp_path, "project", "Theatre list planner")
    catalogue = load_catalogue(tmp_path, shown_root="entries")
    assert [p.format() for p in catalogue.problems] == [
        "entries/theatre-list-planner.md:6: summary: error: required field 'summary'"
        " is missing or empty\n    fix: add a line `summary: ...` to the front matter"
    ]


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Theatre: list planner", "theatre-list-planner"),
        ("Bed finder #2", "bed-finder-2"),
        ("yes", "yes"),
        ("2021", "2021"),
        ("- dash", "dash"),
        ("[Beds] & *flow*", "beds-flow"),
        ("St Mary's 'quoted' \"title\"", "st-marys-quoted-title"),
        ("Ünïcode tïtle", "unicode-title"),
        ("  spaced  ", "spaced"),
    ],
)
def test_any_title_is_written_safely(tmp_path, title, slug):
    path = create_entry(tmp_path, "project", title)
    assert path == tmp_path / f"{slug}.md"
    path.write_text(fill_summary(path.read_text(encoding="utf-8")), encoding="utf-8")
    catalogue = load_catalogue(tmp_path)
    assert catalogue.problems == []
    assert catalogue.entries[slug].title == title.strip()


def test_a_long_title_gets_a_shorter_file_name(tmp_path):
    title = "A study of " + "very " * 60 + "long titles"
    path = create_entry(tmp_path, "project", title)
    assert path.name == "a-study-of" + "-very" * 14 + ".md"  # 80 characters
    assert f"title: {title}\n" in path.read_text(encoding="utf-8")


def test_the_entries_folder_is_created(tmp_path):
    path = create_entry(tmp_path / "new" / "entries", "webinar", "Data day")
    assert path == tmp_path / "new" / "entries" / "data-day.md" and path.is_file()


@pytest.mark.parametrize(
    ("existing", "shown"),
    [
        ("bed-finder.md", "bed-finder.md"),
        ("projects/bed-finder.md", "projects/bed-finder.md"),
    ],
    ids=["same-folder", "sub-folder"],
)
def test_it_refuses_to_overwrite_or_reuse_a_slug(
    tmp_path, write_entry, existing, shown
):
    path = write_entry(tmp_path, existing, "my work")
    with pytest.raises(ScaffoldError) as caught:
        create_entry(tmp_path, "project", "Bed finder")
    assert str(caught.value) == (
        f"{tmp_path / shown} already exists: choose another title, or edit that file"
    )
    assert path.read_text(encoding="utf-8") == "my work"
    assert [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.md")] == [
        existing
    ]


@pytest.mark.parametrize(
    ("entry_type", "title", "message"),
    [
        (
            "blog",
            "Bed finder",
            "unknown type 'blog': use one of project, case-study, webinar, playbook,"
            " guidance",
        ),
        (
            "project",
            "   ",
            'give the entry a title, such as: catalogue new project "Bed finder"',
        ),
        (
            "project",
            "README",
            "readme.md would be read as notes, not as an entry: choose another title",
        ),
    ],
)
def test_what_cannot_be_created(tmp_path, entry_type, title, message):
    with pytest.raises(ScaffoldError) as caught:
        create_entry(tmp_path, entry_type, title)
    assert str(caught.value) == message
    assert list(tmp_path.iterdir()) == []
