"""One declaration per facet and per field: everything derived agrees with it."""

from __future__ import annotations

import dataclasses

from catalogue.cli import cli
from catalogue.facets import FACETS
from catalogue.fields import FIELDS
from catalogue.model import Entry
from catalogue.scaffold import TEMPLATE
from catalogue.web.pages import FACET_LABELS
from search.documents import RESULT_KEYS
from search.query import parse_request
from search.results import SearchResults
from search.schema import build_schema

PARAMS = [facet.param for facet in FACETS]


def test_every_facet_is_an_index_field():
    names = set(build_schema().names())
    assert set(PARAMS) <= names


def test_the_filter_panel_shows_every_facet_in_order():
    assert list(FACET_LABELS) == PARAMS
    assert list(FACET_LABELS.values()) == [facet.label for facet in FACETS]


def test_every_facet_is_a_url_parameter():
    params = {
        facet.param: ["true" if facet.boolean else "Some value"] for facet in FACETS
    }
    assert list(parse_request(params, {}).filters) == PARAMS


def test_every_facet_is_an_api_key(engine):
    from search.query import SearchRequest

    results: SearchResults = engine.search(SearchRequest())
    assert list(results.to_dict()["facets"]) == PARAMS


def test_every_facet_is_a_search_option():
    search = cli.commands["search"]
    options = {opt for param in search.params for opt in getattr(param, "opts", [])}
    for facet in FACETS:
        assert facet.cli_option in options
        declared = next(p for p in search.params if p.name == facet.param)
        assert declared.is_flag == facet.boolean  # type: ignore[attr-defined]


def test_every_field_is_an_entry_attribute_a_template_line_and_maybe_a_result():
    attributes = {f.name for f in dataclasses.fields(Entry)}
    for field in FIELDS:
        assert field.name in attributes
        assert f"\n{field.name}:" in "\n" + TEMPLATE
    assert RESULT_KEYS == ("slug", "url", *(f.name for f in FIELDS if f.in_results))
