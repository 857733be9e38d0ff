"""The filter panel's cached checkbox groups are exactly what the macro renders."""

from __future__ import annotations

import re

GROUP = {
    "idPrefix": "filter-type",
    "name": "type",
    "small": True,
    "fieldset": {"legend": {"text": "Type", "classes": "nhsuk-fieldset__legend--s"}},
    "items": [
        {"value": "project", "text": "Project (2)", "checked": True, "id": "t-1"},
        {"value": "case-study", "text": "Case <study> (1)", "checked": False},
    ],
}


def _direct(app, params) -> str:
    template = app.jinja_env.from_string(
        '{% from "nhsuk/components/checkboxes/macro.jinja" import checkboxes %}'
        "{{ checkboxes(params) }}"
    )
    return template.render(params=params)


def test_a_cached_group_is_the_macro_output_every_time(app):
    cached = app.jinja_env.globals["cached_checkboxes"]
    with app.app_context():
        first, again = str(cached(GROUP)), str(cached(GROUP))
        assert first == again == _direct(app, GROUP)
    assert "Case &lt;study&gt; (1)" in first  # escaped once, not twice
    assert re.search(r'value="project"[^>]*checked', first)


def test_other_counts_are_another_group(app):
    cached = app.jinja_env.globals["cached_checkboxes"]
    other = {**GROUP, "items": [{**GROUP["items"][0], "text": "Project (5)"}]}
    with app.app_context():
        assert "Project (5)" in str(cached(other))
        assert "Project (2)" in str(cached(GROUP))


def test_the_results_page_shows_the_filter_groups(client):
    page = client.get("/search?q=bed").get_data(as_text=True)
    assert page.count('class="nhsuk-checkboxes__input"') >= 2
    assert 'name="type"' in page
