"""Properties of query parsing and of random requests against the real app.

- `parse_query` never raises, whatever the text, and keeps its limits.
- `parse_request` only ever raises `BadRequest`, and raises it exactly when a
  parameter cannot be used (checked against an independent statement of the
  rules): every problem is reported, with the first one's code.
- Random parameters and raw query strings against /api/search and /search
  never give a 5xx; a 400 is in the contract's error shape.

(The entry loader's properties are in tests/catalogue/test_properties.py.)
"""

from __future__ import annotations

import re
from urllib.parse import quote_from_bytes, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalogue.facets import BY_PARAM as FACETS
from search.engine import SearchEngine
from search.query import (
    MAX_CLAUSES,
    MAX_PAGE,
    MAX_QUERY_CHARS,
    MAX_VALUE_CHARS,
    MAX_VALUES,
    PER_PAGE_DEFAULT,
    PER_PAGE_MAX,
    SORTS,
    BadRequest,
    clean_text,
    parse_query,
    parse_request,
)

SETTINGS = settings(
    deadline=None,  # a shared machine: timing is not what these tests check
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SYNTAX = '"*-+:()[]{}~^?!&|\\/ \t\x00\u202e'
NAMES = ["q", "page", "per_page", "sort", *FACETS]
BOOLEANS = {"true", "1", "yes", "on", "false", "0", "no", "off"}
KNOWN_VALUES = [
    "relevance",
    "newest",
    "title",
    "true",
    "false",
    "yes",
    "0",
    "1",
    "2",
    "100",
    "101",
    "10000",
    "10001",
    " 3 ",
    "NLP",
    "LoS",
    "Bed management",
    "project",
    "case-study",
    "bed",
    "stay*",
    '"length of stay"',
]

query_texts = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=st.sampled_from(SYNTAX + "abcdeAND OR NOT"), max_size=200),
    st.lists(
        st.sampled_from(["bed", "stay*", '"bed', "-los", "nlp", "a&e", "x:y", "*"]),
        max_size=40,
    ).map(" ".join),
)
values = st.one_of(
    st.text(max_size=30),
    st.sampled_from(KNOWN_VALUES),
    st.from_regex(r"-?[0-9]{1,7}", fullmatch=True),
    st.text(alphabet='ab *"-', min_size=990, max_size=1010),
    st.text(
        alphabet="ab -é", min_size=MAX_VALUE_CHARS - 5, max_size=MAX_VALUE_CHARS + 5
    ),
)
value_lists = st.one_of(
    st.lists(values, max_size=4),
    st.lists(st.text(alphabet="abcdefgh", max_size=3), min_size=45, max_size=60),
)
parameters = st.dictionaries(
    st.one_of(st.sampled_from(NAMES), st.text(max_size=8)), value_lists, max_size=8
)


# --- parse_query --------------------------------------------------------------------


@SETTINGS
@given(query_texts)
def test_parse_query_never_raises_and_keeps_its_limits(text):
    clauses = parse_query(text)
    assert len(clauses) <= MAX_CLAUSES
    for clause in clauses:
        assert clause.kind in ("word", "phrase", "prefix")
        assert clause.text and clause.text == clause.text.strip()
        assert isinstance(clause.negated, bool)
        if clause.kind == "prefix":
            assert len(clause.text) >= 2 and clause.text == clause.text.lower()
            assert "*" not in clause.text


@SETTINGS
@given(st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zs", "Zl", "Zp"])))
def test_control_and_space_characters_alone_are_no_query(text):
    assert parse_query(clean_text(text).strip()) == []


# --- parse_request ------------------------------------------------------------------


def _first(params, name: str) -> str:
    found = params.get(name) or []
    return found[0] if found else ""


def _number_ok(text: str, high: int) -> bool:
    text = text.strip()
    return not text or bool(re.fullmatch(r"[0-9]+", text)) and 1 <= int(text) <= high


def expected_problem(params, strict: bool) -> str | None:
    """The first problem in a request, by the rules of contract section 4."""
    if len(clean_text(_first(params, "q")).strip()) > MAX_QUERY_CHARS:
        return "query_too_long"
    selected = 0  # filter values, all facets together
    for facet in FACETS:
        cleaned = (clean_text(v).strip() for v in params.get(facet) or [])
        chosen = list(dict.fromkeys(v for v in cleaned if v))
        if any(len(v) > MAX_VALUE_CHARS for v in chosen):
            return "value_too_long"
        selected += len(chosen)
        if selected > MAX_VALUES:
            return "too_many_values"
        if FACETS[facet].boolean and strict:
            if any(v.lower() not in BOOLEANS for v in chosen):
                return f"bad_{facet}"
    if not strict:
        return None
    sort = _first(params, "sort")
    if sort and sort not in SORTS:
        return "bad_sort"
    if not _number_ok(_first(params, "page"), MAX_PAGE):
        return "bad_page"
    if not _number_ok(_first(params, "per_page"), PER_PAGE_MAX):
        return "bad_per_page"
    return None


@SETTINGS
@given(parameters, st.booleans())
def test_parse_request_raises_only_bad_request_and_exactly_when_needed(params, strict):
    problem = expected_problem(params, strict)
    try:
        request = parse_request(params, {}, strict=strict)
    except BadRequest as error:
        assert problem is not None, f"refused a usable request: {error.code}"
        assert error.code == problem
        assert error.message and len(error.message) < 300
        return
    assert problem is None, f"{problem} was not reported"
    assert len(request.q) <= MAX_QUERY_CHARS and request.q == request.q.strip()
    assert 1 <= request.page <= MAX_PAGE
    assert 1 <= request.per_page <= PER_PAGE_MAX
    assert request.sort in (None, *SORTS)
    assert set(request.filters) <= set(FACETS)
    assert sum(len(chosen) for chosen in request.filters.values()) <= MAX_VALUES
    for facet, chosen in request.filters.items():
        assert 0 < len(chosen) <= MAX_VALUES and all(chosen)
        assert all(len(v) <= MAX_VALUE_CHARS for v in chosen)
        assert len(set(chosen)) == len(chosen)
        if FACETS[facet].boolean:
            assert set(chosen) <= {"true", "false"}
    if strict and _first(params, "page").strip():
        assert request.page == int(_first(params, "page"))
    if strict and not _first(params, "per_page").strip():
        assert request.per_page == PER_PAGE_DEFAULT


@SETTINGS
@given(parameters)
def test_pages_accept_whatever_the_api_would_refuse_but_limits(params):
    """Web pages fall back to defaults for paging and sort; limits still apply."""
    problem = expected_problem(params, strict=False)
    if problem:
        with pytest.raises(BadRequest):
            parse_request(params, {}, strict=False)
    else:
        parse_request(params, {}, strict=False)


# --- the engine -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def engine(small_site) -> SearchEngine:
    return SearchEngine(small_site.index)


_MARKS = re.compile(r"</?mark>")


@SETTINGS
@given(text=query_texts, sort=st.sampled_from(["", *SORTS]), page=st.integers(1, 3))
def test_any_query_is_answered(engine, text, sort, page):
    params = {"q": [text[:MAX_QUERY_CHARS]], "sort": [sort], "page": [str(page)]}
    request = parse_request(params, engine.canonical_values())
    results = engine.search(request)
    assert 0 <= len(results.hits) <= request.per_page
    assert results.total >= len(results.hits)
    assert results.suggestion is None or isinstance(results.suggestion, str)
    for hit in results.hits:
        assert "<" not in _MARKS.sub("", hit.highlights)  # only <mark> is markup


# --- random requests against the real app --------------------------------------------


def _assert_answer(response, api: bool) -> None:
    assert response.status_code in (200, 400), response.get_data(as_text=True)[:500]
    if api:
        body = response.get_json()
        if response.status_code == 400:
            assert set(body) == {"error"}
            assert set(body["error"]) == {"code", "message"}
            assert body["error"]["code"] and body["error"]["message"]
        else:
            assert body["total"] >= 0 and isinstance(body["results"], list)
    else:
        assert response.mimetype == "text/html"


@SETTINGS
@given(params=parameters)
def test_random_parameters_never_give_a_server_error(app, params):
    client = app.test_client()
    query = urlencode(params, doseq=True)
    api = client.get(f"/api/search?{query}")
    _assert_answer(api, api=True)
    problem = expected_problem(params, strict=True)
    if api.status_code == 400:
        assert api.get_json()["error"]["code"] == problem
    else:
        assert problem is None
    _assert_answer(client.get(f"/search?{query}"), api=False)


@SETTINGS
@given(raw=st.binary(max_size=300))
def test_random_query_string_bytes_never_give_a_server_error(app, raw):
    client = app.test_client()
    query = quote_from_bytes(raw, safe="=&;+%")
    _assert_answer(client.get(f"/api/search?{query}"), api=True)
    _assert_answer(client.get(f"/search?{query}"), api=False)
