"""A valid entry: folded vocabulary, lists, dates, legacy pages, relations, HTML."""

from __future__ import annotations

from catalogue.collection import load_catalogue
from catalogue.model import Adopter, Code, parse_partial_date
from catalogue.render import render_markdown
from catalogue.text import slugify
from tests.catalogue.conftest import GOOD, entry

LEGACY = """\
---
title: Bed tetris helper
summary: Finds a bed for each patient waiting in the emergency department.
category: Projects
origin: Skunkworks
tags: ['bed management', 'simulation']
---
import { Tags } from '../components/Tags'

<Tags title="" tags={['bed management','eda']} />

<Callout type="info">Keep this sentence.</Callout>

Run it on a laptop.

```jsx
<Tags tags={['inside code']} />
```
"""


def test_values_fold_to_the_vocabulary_and_lists_take_one_string(make_entries):
    found = load_catalogue(make_entries({"planner.md": GOOD})).entries["planner"]
    assert found.problem_areas == ("Length of stay",)  # written `LoS`, a single string
    assert found.techniques == ("Natural language processing",)  # written `NLP`
    assert found.tags == ("discharge",)
    assert found.organisation == "Ridgeway Hospitals NHS Trust"
    assert found.code == Code("https://example.org/planner", "MIT", "Python")
    assert found.adopters == (
        Adopter(
            "Moorside NHS Foundation Trust", "piloting", parse_partial_date("2023")
        ),
    )


def test_partial_dates_show_as_written_and_sort_as_first_day(make_entries):
    found = load_catalogue(make_entries({"planner.md": GOOD})).entries["planner"]
    assert (
        str(found.date) == "2022-03"
        and found.date.first_day.isoformat() == "2022-03-01"
    )
    assert parse_partial_date("2021") < parse_partial_date("2021-01-02")


def test_legacy_page_loads_unchanged(make_entries):
    catalogue = load_catalogue(make_entries({"bed-tetris.md": LEGACY}))
    assert catalogue.problems == []
    found = catalogue.entries["bed-tetris"]
    assert found.type == "project"
    assert found.tags == ("bed management", "simulation", "eda")
    assert "<Tags" not in found.html and "import" not in found.html
    assert "Keep this sentence." in found.html and "Callout" not in found.html
    assert "inside code" in found.html  # code blocks are left as written


def test_unknown_legacy_category_is_an_unknown_type(make_entries):
    text = LEGACY.replace("category: Projects", "category: Blog")
    catalogue = load_catalogue(make_entries({"x.md": text}), shown_root="entries")
    assert str(catalogue.problems[0]) == (
        "entries/x.md:4: category: error: unknown type: category 'Blog' is not one of"
        " projects, casestudies, playbooks, playbook, overview"
    )


def test_related_is_shown_both_ways(make_entries):
    root = make_entries(
        {
            "a.md": entry(related="[b]"),
            "b.md": entry(title="B"),
            "c.md": entry(related="b"),
        }
    )
    catalogue = load_catalogue(root)
    assert catalogue.backlinks == {"b": ("a", "c")}
    assert [e.slug for e in catalogue.related_to(catalogue.entries["b"])] == ["a", "c"]
    assert [e.slug for e in catalogue.related_to(catalogue.entries["a"])] == ["b"]


def test_organisations_lead_take_part_and_adopt(make_entries):
    text = GOOD.replace(
        "organisation: Ridgeway",
        "organisation: Ridgeway\npartners: Moorside NHS Foundation Trust",
    )
    catalogue = load_catalogue(make_entries({"planner.md": text}))
    ridgeway = catalogue.organisations["ridgeway-hospitals-nhs-trust"]
    assert (
        ridgeway.leads == ("planner",)
        and ridgeway.url == "https://ridgeway.example.org/"
    )
    moorside = catalogue.organisations["moorside-nhs-foundation-trust"]
    assert moorside.partner_in == ("planner",)
    assert moorside.adopted == (("planner", catalogue.entries["planner"].adopters[0]),)


PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    "[click](javascript:alert(3))",
    '<a href="javascript:alert(4)">x</a>',
    "![x](data:text/html;base64,PHNjcmlwdD4=)",
    '<svg onload="alert(5)"></svg>',
    '<iframe src="https://evil.example"></iframe>',
    "<style>body{display:none}</style>",
]


def test_rendering_removes_every_payload():
    html = render_markdown("\n\n".join(PAYLOADS))
    for bad in (
        "<script",
        "onerror",
        "onload",
        "javascript:",
        "data:",
        "<iframe",
        "<style",
        "<svg",
    ):
        assert bad not in html, html


def test_payloads_in_front_matter_stay_text(make_entries):
    text = entry(
        title="'<script>alert(1)</script>'", summary="'<img src=x onerror=alert(2)>'"
    )
    found = load_catalogue(make_entries({"x.md": text})).entries["x"]
    assert (
        found.title == "<script>alert(1)</script>"
    )  # kept as text: templates escape it
    assert "javascript:" not in found.html


def test_markdown_features_render():
    html = render_markdown(
        "## Results\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nprint('x')\n```\n"
    )
    assert '<h2 id="h-results">Results</h2>' in html
    assert "<table>" in html and "<td>1</td>" in html
    assert '<code class="language-python">' in html


def test_organisation_names_in_other_scripts_get_their_own_pages():

    first, second = slugify("東京病院"), slugify("大阪病院")
    assert first.startswith("x-") and second.startswith("x-") and first != second
    assert slugify("東京病院") == first  # stable
