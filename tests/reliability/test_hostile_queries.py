"""Hostile queries and parameters against /search and /api/search.

Each gets a 200, or a 400 in the contract's error shape (JSON under /api, the
error page elsewhere) that says what was wrong, within REQUEST_SECONDS: a hang
guard generous enough for a noisy shared machine, not a speed test. The cases
run through the Flask test client and, for a sample, through the real server.
"""

from __future__ import annotations

import json
import re
import socket
import time
from urllib.parse import quote, urlencode

import pytest

from catalogue.facets import BY_PARAM as FACETS
from search import matching as engine_module
from search.engine import SearchEngine
from search.matching import Search as _Search
from search.query import (
    MAX_CLAUSES,
    MAX_QUERY_CHARS,
    MAX_VALUES,
    SearchRequest,
    parse_query,
)
from tests.reliability.support import REQUEST_SECONDS
from tests.support.server import HOST, Server
from tests.web.conftest import assert_error_shape

TOO_LONG = "query_too_long"

#: (name, query text, expected error code or None for a 200)
QUERIES = [
    ("syntax error", "title:(bed AND", None),
    ("unbalanced quote", '"length of stay', None),
    ("odd quotes", 'a"b"c" "', None),
    ("only quotes", '"""""', None),
    ("brackets", "((bed]] {stay} <>", None),
    ("unknown field", "nosuchfield:bed", None),
    ("field without value", "title: summary:", None),
    ("bare wildcard", "*", None),
    ("wildcards only", "* ** *** ?", None),
    ("leading wildcard", "*bed", None),
    ("inner wildcard", "b*d", None),
    ("question mark wildcard", "be? st??", None),
    ("fuzzy syntax", "bed~2 stay~", None),
    ("boost syntax", "bed^10", None),
    ("range syntax", "[a TO z] {1 TO 5}", None),
    ("regex syntax", "/.*/ /(a+)+$/", None),
    ("operators only", "AND OR NOT && || !", None),
    ("dashes only", "- -- --- -*", None),
    ("backslashes", '\\"\\* \\\\', None),
    ("NUL", "bed\x00stay", None),
    ("control characters", "".join(map(chr, range(32))) + "\x7f\x85", None),
    ("emoji", "🏥🤖 bed 👩🏽‍⚕️", None),
    ("right-to-left", "مستشفى \u202eevil\u202c bed", None),
    ("Hebrew", "בית חולים", None),
    ("CJK", "医院 病床", None),
    ("combining accents", "be\u0301d sta\u0308y", None),
    ("zero-width", "b\u200bed\ufeff", None),
    ("fullwidth", "ｂｅｄ", None),
    ("format strings", "%s %d %n %% {0} ${x}", None),
    ("markup", "<script>alert(1)</script>", None),
    ("SQL", "' OR 1=1; DROP TABLE entries --", None),
    ("path", "../../etc/passwd", None),
    ("only whitespace", " \t\n\r ", None),
    (
        "many prefixes",
        " ".join(f"{a}{b}*" for a in "pscd" for b in "aeiou")[:200],
        None,
    ),
    (
        "many words",
        " ".join(["bed", "stay", "data", "model"] * 60)[:MAX_QUERY_CHARS],
        None,
    ),
    ("long phrase", '"' + " ".join(["patients data model"] * 60)[:990] + '"', None),
    ("many phrases", " ".join(['"bed stay"'] * 90)[:MAX_QUERY_CHARS], None),
    ("many exclusions", " ".join(f"-w{n}" for n in range(200))[:MAX_QUERY_CHARS], None),
    ("at the limit", "x" * MAX_QUERY_CHARS, None),
    ("over the limit", "x" * (MAX_QUERY_CHARS + 1), TOO_LONG),
    ("10,000 characters", "a" * 10_000, TOO_LONG),
    ("10,000 characters of words", "bed " * 2_500, TOO_LONG),
    ("10,000 quotes", '"' * 10_000, TOO_LONG),
]

#: (name, parameters, expected API error code or None, expected page status)
PARAMETERS = [
    ("page 0", {"page": "0"}, "bad_page", 200),
    ("page negative", {"page": "-1"}, "bad_page", 200),
    ("page not a number", {"page": "two"}, "bad_page", 200),
    ("page decimal", {"page": "1.5"}, "bad_page", 200),
    ("page exponent", {"page": "1e3"}, "bad_page", 200),
    ("page hex", {"page": "0x10"}, "bad_page", 200),
    ("page huge", {"page": "9" * 400}, "bad_page", 200),
    ("page over the limit", {"page": "10001"}, "bad_page", 200),
    ("page Arabic digit", {"page": "٣"}, "bad_page", 200),
    ("page fullwidth digit", {"page": "２"}, "bad_page", 200),
    ("page NUL", {"page": "\x00"}, "bad_page", 200),
    ("page at the limit", {"page": "10000"}, None, 200),
    ("page with spaces", {"page": " 2 "}, None, 200),
    ("page empty", {"page": ""}, None, 200),
    ("per_page 0", {"per_page": "0"}, "bad_per_page", 200),
    ("per_page 101", {"per_page": "101"}, "bad_per_page", 200),
    ("per_page negative", {"per_page": "-20"}, "bad_per_page", 200),
    ("per_page word", {"per_page": "all"}, "bad_per_page", 200),
    ("per_page 100", {"per_page": "100"}, None, 200),
    ("sort unknown", {"sort": "bogus"}, "bad_sort", 200),
    ("sort upper case", {"sort": "NEWEST"}, "bad_sort", 200),
    ("sort injection", {"sort": "title; DROP TABLE"}, "bad_sort", 200),
    ("sort long", {"sort": "x" * 5000}, "bad_sort", 200),
    ("sort empty", {"sort": ""}, None, 200),
    ("has_code unknown", {"has_code": "maybe"}, "bad_has_code", 200),
    ("has_code yes", {"has_code": "yes"}, None, 200),
    ("has_code both", {"has_code": ["true", "false"]}, None, 200),
    ("unknown parameter", {"colour": "red"}, None, 200),
    ("unknown facet value", {"technique": "Telepathy"}, None, 200),
    ("unknown type", {"type": "<b>bogus</b>"}, None, 200),
    ("NUL facet value", {"problem_area": "\x00"}, None, 200),
    ("empty names", {"": ["", "x"]}, None, 200),
    ("repeated q", {"q": ["bed"] * 500}, None, 200),
    ("repeated page", {"page": ["2", "x", "0"] * 100}, None, 200),
    ("repeated bad page first", {"page": ["x"] + ["2"] * 300}, "bad_page", 200),
    ("repeated sort", {"sort": ["title"] * 300}, None, 200),
    ("repeated same facet value", {"technique": ["NLP"] * 500}, None, 200),
    (
        "facet values at the limit",
        {"technique": [f"t{n}" for n in range(MAX_VALUES)]},
        None,
        200,
    ),
    (
        "too many facet values",
        {"technique": [f"t{n}" for n in range(MAX_VALUES + 1)]},
        "too_many_values",
        400,
    ),
    ("hundreds of unknown parameters", {f"p{n}": "x" for n in range(500)}, None, 200),
    (
        "every facet at once",
        {f: ["a", "b"] for f, facet in FACETS.items() if not facet.boolean},
        None,
        200,
    ),
]


def _check_api(response, expected: str | None) -> None:
    if expected is None:
        assert response.status_code == 200, response.get_data(as_text=True)[:500]
        body = response.get_json()
        assert isinstance(body["results"], list) and body["total"] >= 0
    else:
        assert_error_shape(response, 400, expected)


def _check_page(response, status: int, code: str | None) -> None:
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == "text/html"
    if status == 400:
        assert code is not None
        # the page says what was wrong
        text = response.get_data(as_text=True)
        assert "There is a problem with your search" in text


def _timed(call):
    started = time.perf_counter()
    response = call()
    elapsed = time.perf_counter() - started
    assert elapsed < REQUEST_SECONDS, f"took {elapsed:.1f} s"
    return response


# --- through the Flask test client --------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [(q, e) for _n, q, e in QUERIES],
    ids=[n for n, _q, _e in QUERIES],
)
def test_hostile_query_text_through_the_app(client, query, expected):
    api = _timed(lambda: client.get("/api/search", query_string={"q": query}))
    _check_api(api, expected)
    page = _timed(lambda: client.get("/search", query_string={"q": query}))
    _check_page(page, 400 if expected else 200, expected)
    if expected:
        message = api.get_json()["error"]["message"]
        assert f"the limit is {MAX_QUERY_CHARS}" in message
        # Issue 14: the page says it in its own words, beside the search box,
        # with the same count as the API.
        length = re.search(r"the query is (\d+) characters", message).group(1)
        assert (
            f"Your search has {length} characters."
            f" Enter {MAX_QUERY_CHARS} characters or fewer"
        ) in page.get_data(as_text=True)


@pytest.mark.parametrize(
    ("params", "expected", "page_status"),
    [(p, e, s) for _n, p, e, s in PARAMETERS],
    ids=[n for n, _p, _e, _s in PARAMETERS],
)
def test_hostile_parameters_through_the_app(client, params, expected, page_status):
    query = urlencode(params, doseq=True)
    api = _timed(lambda: client.get(f"/api/search?{query}"))
    _check_api(api, expected)
    if expected:
        # the message names the parameter and the allowed values
        message = api.get_json()["error"]["message"]
        name = expected.removeprefix("bad_").replace("too_many_values", "technique")
        assert name in message
    page = _timed(lambda: client.get(f"/search?{query}"))
    _check_page(page, page_status, expected)


@pytest.mark.parametrize(
    "raw",
    [
        "q=%ED%A0%80",  # a UTF-8-encoded lone surrogate
        "q=%FF%FE%FD",  # not UTF-8 at all
        "q=%C0%AF",  # an overlong encoding of '/'
        "q=%00%00",
        "page=%FF",
        "technique=%FF%FE",
        "q=%",
        "q=%%%25%",
        "&&&=&==&q",
        "q=bed&q",
        "=x&=y",
        ";q=bed;page=2",
        "q=" + "%22" * 5000,
        "q=bed" + "&q=bed" * 999,
    ],
)
def test_malformed_query_strings_through_the_app(client, raw):
    for path in ("/api/search", "/search"):
        response = _timed(lambda p=path: client.get(f"{p}?{raw}"))
        assert response.status_code in (200, 400), response.get_data(as_text=True)
        if path.startswith("/api") and response.status_code == 400:
            assert set(response.get_json()["error"]) == {"code", "message"}


def test_other_methods_and_paths_answer_in_the_error_shape(client):
    assert_error_shape(client.post("/api/search?q=bed"), 405, "method_not_allowed")
    assert_error_shape(client.delete("/api/search"), 405, "method_not_allowed")
    assert_error_shape(client.get("/api/search/../../etc/passwd"), 404, "not_found")
    assert_error_shape(client.get("/api/entries/%00"), 404, "not_found")
    assert_error_shape(client.get("/api/entries/" + "x" * 5000), 404, "not_found")
    assert client.get("/entries/%3Cscript%3E").status_code == 404
    assert client.get("/organisations/%FF%FE").status_code == 404


# --- through the real server ----------------------------------------------------------


def _server_get(server: Server, path: str) -> tuple[int, dict, bytes]:
    started = time.perf_counter()
    status, headers, body = server.get(path, timeout=REQUEST_SECONDS + 5)
    elapsed = time.perf_counter() - started
    assert elapsed < REQUEST_SECONDS, f"{path[:80]} took {elapsed:.1f} s"
    return status, headers, body


def _server_check(server: Server, path: str, expected: str | None, page_status=None):
    status, headers, body = _server_get(server, path)
    if path.startswith("/api/"):
        assert headers["Content-Type"].startswith("application/json")
        data = json.loads(body)
        if expected is None:
            assert status == 200, body[:300]
            assert data["total"] >= 0
        else:
            assert status == 400, body[:300]
            assert data == {
                "error": {"code": expected, "message": data["error"]["message"]}
            }
            assert data["error"]["message"]
    else:
        want = page_status or (400 if expected else 200)
        assert status == want, body[:300]
        assert headers["Content-Type"].startswith("text/html")
    assert "script-src 'self'" in headers["Content-Security-Policy"]


SAMPLE_QUERIES = QUERIES[::3] + [q for q in QUERIES if q[2]]
SAMPLE_PARAMETERS = PARAMETERS[::3] + [p for p in PARAMETERS if p[0].startswith("rep")]


def test_a_sample_through_the_real_server(small_server):
    for _name, query, expected in SAMPLE_QUERIES:
        encoded = quote(query, safe="")
        _server_check(small_server, f"/api/search?q={encoded}", expected)
        _server_check(small_server, f"/search?q={encoded}", expected)
    for _name, params, expected, page_status in SAMPLE_PARAMETERS:
        query = urlencode(params, doseq=True)
        _server_check(small_server, f"/api/search?{query}", expected)
        _server_check(small_server, f"/search?{query}", expected, page_status)
    body = small_server.json("/api/search?q=bed+management")
    assert [r["slug"] for r in body["results"]][:1] == ["bed-planner"]


def _raw_request(port: int, request: bytes) -> bytes:
    """Send bytes as they are (no client-side checks); the start of the answer."""
    with socket.create_connection((HOST, port), timeout=REQUEST_SECONDS) as sock:
        sock.sendall(request)
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except (TimeoutError, ConnectionResetError):
            pass  # waitress may refuse an oversized request by closing
    return b"".join(chunks)


@pytest.mark.parametrize(
    "request_line",
    [
        b"GET /api/search?q=bed\x00stay HTTP/1.1",
        b"GET /api/search?q=\xff\xfe HTTP/1.1",
        b"GET /api/search?q=a b c HTTP/1.1",
        b"GET /search?q=<script> HTTP/1.1",
        b"GET /api/search?q=" + b"a" * 300_000 + b" HTTP/1.1",
        b"GET " + b"/" * 5000 + b" HTTP/1.1",
        b"BREW /api/search HTTP/1.1",
        b"GET /api/search HTTP/9.9",
    ],
    ids=["nul", "bytes", "spaces", "markup", "huge", "slashes", "method", "version"],
)
def test_malformed_http_never_breaks_the_server(small_server, request_line):
    assert small_server.port is not None
    started = time.perf_counter()
    answer = _raw_request(
        small_server.port,
        request_line + b"\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    )
    assert time.perf_counter() - started < REQUEST_SECONDS + 1
    status_line = answer.split(b"\r\n", 1)[0]
    if status_line:  # waitress may also just close a request it cannot parse
        status = status_line.split()[1]
        assert status in (b"200", b"400", b"404", b"405", b"414", b"431"), status_line
    assert small_server.json("/api/health")["status"] == "ok"


# --- expansion is capped ------------------------------------------------------------


@pytest.fixture(scope="module")
def big_engine(big_site) -> SearchEngine:
    return SearchEngine(big_site.index)


def test_a_prefix_expands_to_a_bounded_number_of_words(big_engine):
    search = _Search(big_engine.version(), SearchRequest(q="pa*"))
    search.compile(parse_query("pa*"))  # sets the query's expansion limits
    compiled = search.prefix("pa")
    assert compiled is not None
    assert 1 <= len(compiled.alternatives) <= engine_module.PREFIX_EXPANSIONS


def test_many_prefixes_share_one_budget(big_engine):
    prefixes = [f"{a}{b}" for a in "pscdmrt" for b in "aeiou"][:MAX_CLAUSES]
    request = SearchRequest(q=" ".join(f"{p}*" for p in prefixes))
    search = _Search(big_engine.version(), request)
    positive, _negative = search.compile(parse_query(request.q))
    expanded = sum(len(c.alternatives) for c in positive)
    limit = max(engine_module.PREFIX_MIN, engine_module.PREFIX_BUDGET // len(prefixes))
    assert expanded <= len(prefixes) * limit
    assert expanded <= max(
        engine_module.PREFIX_BUDGET, len(prefixes) * engine_module.PREFIX_MIN
    )


def test_the_worst_queries_answer_in_time_on_thousands_of_entries(serve, big_site):
    server = serve(big_site)
    words = ["patients", "data", "model", "hospital", "staff", "care", "ward"]
    worst = [
        " ".join(f"{a}{b}*" for a in "pscdmrt" for b in "aeiou")[:MAX_QUERY_CHARS],
        '"' + " ".join(words * 30)[: MAX_QUERY_CHARS - 2] + '"',
        " ".join(f'"{a} {b}"' for a, b in zip(words, words[1:], strict=False)) * 4,
        " ".join(f"-{w}*" for w in words) + " pa*",
        " ".join(w[::-1] + "x" for w in words * 3),  # unknown words: spelling
    ]
    for query in worst:
        for path in ("/api/search", "/search"):
            for sort in ("", "title"):
                _server_check(
                    server,
                    f"{path}?q={quote(query[:MAX_QUERY_CHARS])}&sort={sort}",
                    None,
                )
    assert server.json("/api/health")["entries"] == big_site.count
