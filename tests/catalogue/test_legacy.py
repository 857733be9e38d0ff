"""Pages from the old Skunkworks website (MDX) load without edits; nothing runs."""

from __future__ import annotations

import pytest

from catalogue.collection import load_catalogue
from catalogue.legacy import strip_components, type_for_category

LEGACY = """\
---
title: Bed board simulator
summary: Replays a month of bed moves.
category: {category}
origin: Skunkworks
---
Body.
"""


@pytest.fixture(scope="module")
def simulator(good_dir):
    """The legacy page of the good corpus."""
    return load_catalogue(good_dir).entries["bed-board-simulator"]


def test_category_stands_for_type(simulator):
    assert simulator.type == "project"


def test_tags_come_from_front_matter_then_the_tags_line(simulator):
    assert simulator.tags == ("simulation", "patient flow", "bed management", "eda")


def test_the_tags_line_and_imports_are_not_shown(simulator):
    assert "<Tags" not in simulator.body.split("```")[0]
    assert "import" not in simulator.body
    assert "bed management" not in simulator.html


def test_other_components_keep_their_text(simulator):
    assert "<p>keep this text</p>" in simulator.html
    assert "Callout" not in simulator.html


def test_code_blocks_are_left_as_written(simulator):
    assert "<Tags title=\"\" tags={['left as written']} />" in simulator.body
    assert "&lt;Tags title=\"\" tags={['left as written']} /&gt;" in simulator.html
    assert "left as written" not in simulator.tags


@pytest.mark.parametrize(
    ("category", "entry_type"),
    [
        ("Projects", "project"),
        ("CaseStudies", "case-study"),
        ("Case Studies", "case-study"),
        ("Playbooks", "playbook"),
        ("Playbook", "playbook"),
        ("Overview", "guidance"),
        ("projects", "project"),
    ],
)
def test_each_old_category_has_a_type(category, entry_type):
    assert type_for_category(category) == entry_type


@pytest.mark.parametrize("category", ["Blog", "Webinars", ""])
def test_other_categories_have_none(category):
    assert type_for_category(category) is None


def test_an_unknown_category_is_an_unknown_type(broken_dir):
    catalogue = load_catalogue(broken_dir, shown_root="entries")
    found = [p.format() for p in catalogue.problems if "unknown-category" in p.path]
    assert found == [
        "entries/unknown-category.md:4: category: error: unknown type: category 'Blog'"
        " is not one of projects, casestudies, playbooks, playbook, overview\n"
        "    fix: replace it with `type: ...`, one of project, case-study, webinar,"
        " playbook, guidance"
    ]


def test_type_wins_over_category(tmp_path, write_entry):
    text = LEGACY.format(category="Projects").replace(
        "origin", "type: playbook\norigin"
    )
    write_entry(tmp_path, "sim.md", text)
    catalogue = load_catalogue(tmp_path)
    assert catalogue.problems == []
    assert catalogue.entries["sim"].type == "playbook"


def test_old_website_fields_are_unknown_outside_legacy_pages(tmp_path, write_entry):
    text = LEGACY.format(category="Projects").replace("category: Projects\n", "")
    text = text.replace("origin", "type: project\norigin")
    write_entry(tmp_path, "sim.md", text)
    catalogue = load_catalogue(tmp_path, shown_root="entries")
    assert [str(p) for p in catalogue.problems] == [
        "entries/sim.md:5: origin: warning: unknown field 'origin' is ignored"
    ]


@pytest.mark.parametrize(
    ("body", "text", "tags"),
    [
        pytest.param(
            '<Tags title="" tags={[\'a\', "b"]} />\nText\n',
            "Text\n",
            ["a", "b"],
            id="single-and-double-quotes",
        ),
        pytest.param(
            "<Tags\n  title=\"\"\n  tags={[ 'a',\n 'b' ]}\n/>\nText\n",
            "Text\n",
            ["a", "b"],
            id="over-several-lines",
        ),
        pytest.param(
            "<Tags tags={['a','a',' ']} />\n<Tags tags={['b','a']} />\n",
            "",
            ["a", "b"],
            id="repeated",
        ),
        pytest.param("<Tags title='x' />\nText\n", "Text\n", [], id="no-tags"),
        pytest.param(
            "<Tags tags={['<script>alert(1)</script>']} />\nText\n",
            "\nText\n",
            [],
            id="markup-in-tags-is-dropped",
        ),
        pytest.param(
            "<Tags tags={['it\\'s']} />\n", "", ["it\\'s"], id="escaped-quote"
        ),
        pytest.param(
            "A <Badge color='red'/> and <Note>\nkept\n</Note>.\n",
            "A  and \nkept\n.\n",
            [],
            id="components-removed-text-kept",
        ),
        pytest.param(
            "<Outer><Inner.Part a={1}>deep</Inner.Part></Outer>\n",
            "deep\n",
            [],
            id="nested-components",
        ),
        pytest.param(
            "import { Tags } from '../components/Tags'\n"
            "export const meta = { a: 1 }\n"
            "Importing data from a file is covered below.\n",
            "Importing data from a file is covered below.\n",
            [],
            id="mdx-statements",
        ),
        pytest.param(
            "~~~\n<Tags tags={['x']} />\n<Note>n</Note>\n~~~\n",
            "~~~\n<Tags tags={['x']} />\n<Note>n</Note>\n~~~\n",
            [],
            id="tilde-fence-untouched",
        ),
        pytest.param(
            '<Callout type="info" title="a > b">\nkept\n</Callout>\n',
            "\nkept\n\n",
            [],
            id="quoted-attribute-with-angle-bracket",
        ),
        pytest.param(
            "<Button onClick={() => go({to: 'x'})}>Go</Button>\n",
            "Go\n",
            [],
            id="expression-attribute",
        ),
        pytest.param(
            "Use <b>bold</b> and <em>em</em>.\n",
            "Use <b>bold</b> and <em>em</em>.\n",
            [],
            id="html-is-left-to-the-sanitiser",
        ),
    ],
)
def test_strip_components(body, text, tags):
    assert strip_components(body) == (text, tags)


def test_a_component_never_runs_and_its_code_is_not_shown(tmp_path, write_entry):
    body = (
        "<Chart onLoad={() => fetch('https://evil.example')} data={{a: {b: 1}}}>"
        "Beds</Chart>\n"
    )
    write_entry(tmp_path, "sim.md", LEGACY.format(category="Projects") + body)
    found = load_catalogue(tmp_path).entries["sim"]
    assert found.html == "<p>Body.\nBeds</p>"


@pytest.mark.parametrize(
    "body",
    [
        "<Tags tags={[ 'a' \n" * 1_000,  # 26 s with the old single-pattern regex
        "<Tags " + "tags={[" * 50_000,
        "<Note " * 50_000,
        "<Note {" * 50_000,
        "<Note '" * 50_000,
        "```\n" + "x\n" * 100_000,
        "<Tags tags={[" * 20_000,  # over a minute at 20 KB with `.*?` patterns
        '<Note "' * 50_000,
        "<Note {{{" * 30_000,
        "<Note b={() => " * 20_000,
        "import x from 'y'\n" * 20_000,
    ],
    ids=[
        "unclosed-tags",
        "repeated-tags-attribute",
        "unclosed-component",
        "unclosed-expression",
        "unclosed-quote",
        "fence",
        "tags-openings",
        "double-quotes",
        "nested-braces",
        "arrow-functions",
        "imports",
    ],
)
def test_hostile_bodies_are_handled_in_linear_time(body, finishes):
    assert finishes(strip_components, body)
