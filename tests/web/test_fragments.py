"""Cached NHS.UK components are exactly what their macros render."""

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


def _direct(app, params, component="checkboxes") -> str:
    template = app.jinja_env.from_string(
        f'{{% from "nhsuk/components/{component}/macro.jinja" import {component} %}}'
        f"{{{{ {component}(params) }}}}"
    )
    return template.render(params=params)


def test_a_cached_group_is_the_macro_output_every_time(app):
    cached = app.jinja_env.globals["cached"]
    with app.app_context():
        first, again = (
            str(cached("checkboxes", GROUP)),
            str(cached("checkboxes", GROUP)),
        )
        assert first == again == _direct(app, GROUP)
    assert "Case &lt;study&gt; (1)" in first  # escaped once, not twice
    assert re.search(r'value="project"[^>]*checked', first)


def test_other_counts_are_another_group(app):
    cached = app.jinja_env.globals["cached"]
    other = {**GROUP, "items": [{**GROUP["items"][0], "text": "Project (5)"}]}
    with app.app_context():
        assert "Project (5)" in str(cached("checkboxes", other))
        assert "Project (2)" in str(cached("checkboxes", GROUP))


def test_the_results_page_shows_the_filter_groups(client):
    page = client.get("/search?q=bed").get_data(as_text=True)
    assert page.count('class="nhsuk-checkboxes__input"') >= 2
    assert 'name="type"' in page


def test_the_header_is_the_macro_output_and_marks_the_current_page(app, client):
    header = {
        "service": {"text": "AI use-case catalogue", "href": "/"},
        "navigation": {
            "ariaLabel": "Main",
            "items": [{"href": "/search", "text": "Search", "current": True}],
        },
    }
    with app.app_context():
        assert str(app.jinja_env.globals["cached"]("header", header)) == _direct(
            app, header, "header"
        )
    organisations = client.get("/organisations").get_data(as_text=True)
    search = client.get("/search?q=bed").get_data(as_text=True)
    current = re.compile(r'aria-current="page"[^>]*>\s*(?:<[^>]+>\s*)*([A-Za-z ]+)')
    assert current.search(organisations)[1].strip() == "Organisations"
    assert current.search(search)[1].strip() == "Search"
    assert 'maxlength="' in search  # still added after the cached header
