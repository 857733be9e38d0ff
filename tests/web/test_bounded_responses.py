"""No request makes a response much bigger than the largest legitimate one.

The filter panel gives every selected value a link that removes it, holding
all the other values: a 64 KB URL of filter values once produced a 20 MB
page, and `all=` repeated 12,000 times multiplied it again. Now a value has
at most MAX_VALUE_CHARS characters, at most MAX_VALUES values are selected in
all, values no entry can have are left out before any link is built, and
`all` names each known facet once at most.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest

from catalogue.facets import BY_PARAM as FACET_FIELDS
from search.query import MAX_QUERY_CHARS, MAX_VALUE_CHARS, MAX_VALUES
from tests.web.conftest import assert_error_shape

#: A hostile response may be at most this many times the legitimate one.
BOUND = 2
FACETS = list(FACET_FIELDS)
PANEL_FACETS = ["problem_area", "technique", "adopter", "type", "status"]


def _known_values(client) -> list[tuple[str, str]]:
    """Every (facet, value) the catalogue has, as /api/facets lists them."""
    facets = client.get("/api/facets").get_json()
    return [(f, v["value"]) for f in FACETS for v in facets.get(f, [])]


def _made_up(number: int) -> str:
    """A value no entry has, as long as a value may be, mostly non-ASCII (so
    each character takes six in a URL)."""
    return f"{number:03d}" + "é" * (MAX_VALUE_CHARS - 3)


def _legitimate(client) -> str:
    """The largest page a person can ask for here: every known value ticked,
    every facet expanded, the longest query."""
    pairs = [("q", "é" * MAX_QUERY_CHARS), *_known_values(client)]
    pairs += [("all", facet) for facet in FACETS]
    return urlencode(pairs)


def _hostile(client) -> str:
    """The largest URL of filter values that is still answered: the known
    values, made-up ones up to MAX_VALUES in all, `all=` 12,000 times."""
    known = _known_values(client)
    filler = MAX_VALUES - len(known)
    assert filler > 0
    pairs = [("q", "é" * MAX_QUERY_CHARS), *known]
    pairs += [(PANEL_FACETS[n % 5], _made_up(n)) for n in range(filler)]
    pairs += [("all", FACETS[n % len(FACETS)]) for n in range(12_000)]
    pairs += [("all", "x" * 100)] * 100
    return urlencode(pairs)


def test_a_maximum_size_url_of_filter_values_answers_within_the_bound(client):
    legitimate = client.get(f"/search?{_legitimate(client)}")
    hostile = client.get(f"/search?{_hostile(client)}")
    assert legitimate.status_code == 200 and hostile.status_code == 200
    size, largest = len(hostile.get_data()), len(legitimate.get_data())
    assert size <= BOUND * largest, f"{size:,} bytes against {largest:,}"
    assert size < 1_000_000


def test_the_api_answers_a_maximum_size_url_within_the_bound(client):
    legitimate = client.get(f"/api/search?{_legitimate(client)}")
    hostile = client.get(f"/api/search?{_hostile(client)}")
    assert legitimate.status_code == 200 and hostile.status_code == 200
    assert len(hostile.get_data()) <= BOUND * len(legitimate.get_data())
    # the made-up values are not selected filters: they were left out
    selected = [
        v["value"]
        for values in hostile.get_json()["facets"].values()
        for v in values
        if v["selected"]
    ]
    assert selected and not [v for v in selected if "éé" in v]


def test_made_up_values_are_not_applied_and_the_page_says_so(client):
    made_up = "Telepathy"
    page = client.get(
        "/search?" + urlencode([("technique", made_up), ("technique", "NLP")])
    )
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "not applied, because no entry in the catalogue has it" in html
    assert "AI technique: Telepathy" in html
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert not [h for h in hrefs if made_up in h]  # in no link at all
    # the known value still filters: one entry uses NLP
    assert re.search(r"\b1 result\b", html)
    assert 'href="/search"' in html or 'href="/search?' in html


def test_a_facet_of_only_made_up_values_is_no_filter(client):
    everything = client.get("/api/search").get_json()["total"]
    body = client.get("/api/search?technique=Telepathy").get_json()
    assert body["total"] == everything
    assert not [v for v in body["facets"]["technique"] if v["selected"]]


def test_a_known_value_without_entries_still_matches_nothing(client):
    """`retired` is a status no entry here has, but a real one: it stays."""
    body = client.get("/api/search?status=retired").get_json()
    assert body["total"] == 0
    assert {"value": "retired", "count": 0, "selected": True} in body["facets"][
        "status"
    ]


def test_all_names_each_known_facet_once(client):
    query = urlencode([("all", f) for f in FACETS * 2000] + [("all", "x" * 50)] * 50)
    html = client.get(f"/search?{query}").get_data(as_text=True)
    hidden = re.findall(r'<input type="hidden" name="all" value="([^"]*)"', html)
    assert sorted(hidden) == sorted(FACETS)  # each facet once, nothing else
    for href in re.findall(r'href="(/search\?[^"]*)"', html):
        query = urlsplit(href.replace("&amp;", "&")).query
        expanded = [value for name, value in parse_qsl(query) if name == "all"]
        assert len(expanded) == len(set(expanded)), href[:200]
        assert set(expanded) <= set(FACETS), href[:200]


@pytest.mark.parametrize("path", ["/api/search", "/search"])
def test_a_value_over_the_length_limit_is_refused(client, path):
    query = urlencode({"technique": "x" * (MAX_VALUE_CHARS + 1)})
    response = client.get(f"{path}?{query}")
    if path.startswith("/api"):
        assert_error_shape(response, 400, "value_too_long")
        message = response.get_json()["error"]["message"]
        assert f"the limit is {MAX_VALUE_CHARS}" in message and "technique" in message
    else:
        assert response.status_code == 400 and response.mimetype == "text/html"
        text = response.get_data(as_text=True)
        assert "There is a problem with your search" in text
        assert f"the limit is {MAX_VALUE_CHARS}" in text
        assert "x" * 100 not in text  # the value itself is not shown back


def test_a_value_at_the_length_limit_is_answered(client):
    query = urlencode({"technique": "x" * MAX_VALUE_CHARS})
    assert client.get(f"/api/search?{query}").status_code == 200
    assert client.get(f"/search?{query}").status_code == 200


@pytest.mark.parametrize("path", ["/api/search", "/search"])
def test_more_values_than_the_limit_across_facets_are_refused(client, path):
    facets = [f for f in FACETS if not FACET_FIELDS[f].boolean]
    pairs = [(facets[n % len(facets)], f"value {n}") for n in range(MAX_VALUES + 1)]
    response = client.get(f"{path}?{urlencode(pairs)}")
    if path.startswith("/api"):
        assert_error_shape(response, 400, "too_many_values")
        assert f"at most {MAX_VALUES}" in response.get_json()["error"]["message"]
    else:
        assert response.status_code == 400
        assert f"at most {MAX_VALUES}" in response.get_data(as_text=True)
