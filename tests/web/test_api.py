"""The JSON API of contract section 4, through the real app."""

from __future__ import annotations

import pytest

from tests.web.conftest import assert_error_shape


def test_search_answers_the_contract_shape(client):
    body = client.get("/api/search?q=bed").get_json()
    assert {
        "query",
        "total",
        "page",
        "per_page",
        "suggestion",
        "results",
        "facets",
    } <= set(body)
    assert (body["query"], body["page"], body["per_page"]) == ("bed", 1, 20)
    first = body["results"][0]
    assert first["slug"] == "bed-planner" and first["url"] == "/entries/bed-planner"
    assert first["code"] == {
        "url": "https://example.org/beds",
        "licence": None,
        "language": None,
    }
    assert first["adopters"][0] == {
        "organisation": "Alpha Hospitals NHS Trust",
        "status": "in-use",
        "since": None,
    }
    assert isinstance(first["score"], float) and "<mark>" in first["highlights"]
    assert set(body["facets"]) >= {
        "type",
        "problem_area",
        "technique",
        "adopter",
        "status",
        "has_code",
    }


def test_facets_repeat_or_within_and_across(client):
    either = client.get(
        "/api/search?technique=NLP&technique=Computer+vision"
    ).get_json()
    assert {r["slug"] for r in either["results"]} == {"notes-reader", "scan-sorter"}
    both = client.get("/api/search?technique=NLP&problem_area=LoS").get_json()
    assert [r["slug"] for r in both["results"]] == ["notes-reader"]


def test_facet_counts_are_disjunctive(client):
    body = client.get("/api/search?has_code=true").get_json()
    assert body["total"] == 2
    assert body["facets"]["has_code"] == [
        {"value": "true", "count": 2, "selected": True},
        {"value": "false", "count": 4, "selected": False},
    ]
    types = {v["value"]: v["count"] for v in body["facets"]["type"]}
    assert types == {"project": 2}


def test_per_page_and_page(client):
    body = client.get("/api/search?per_page=2&page=3").get_json()
    assert (body["total"], len(body["results"]), body["page"]) == (6, 2, 3)


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("per_page=0", "bad_per_page"),
        ("per_page=101", "bad_per_page"),
        ("per_page=ten", "bad_per_page"),
        ("page=0", "bad_page"),
        ("page=-1", "bad_page"),
        ("page=1.5", "bad_page"),
        ("sort=random", "bad_sort"),
        ("has_code=maybe", "bad_has_code"),
        ("q=" + "x" * 1001, "query_too_long"),
    ],
)
def test_bad_parameters_are_400_in_the_error_shape(client, query, code):
    assert_error_shape(client.get(f"/api/search?{query}"), 400, code)


def test_entry_has_every_field_html_related_and_backlinks(client):
    body = client.get("/api/entries/los-predictor").get_json()
    assert body["title"] == "Predicting long hospital stays"
    assert (
        body["date"] == "2021-04"
        and body["organisation"] == "Alpha Hospitals NHS Trust"
    )
    assert body["html"].startswith("<p>The model scores each admission")
    assert body["related"] == []
    assert body["backlinks"] == [
        {
            "slug": "los-webinar",
            "title": "Webinar on reducing LoS",
            "type": "webinar",
            "url": "/entries/los-webinar",
        }
    ]


def test_entry_html_is_sanitised(client):
    html = client.get("/api/entries/scan-sorter").get_json()["html"]
    assert "<script" not in html and "alert" not in html  # script and its content go
    assert "5 &lt; 6 mm" in html


def test_facets_cover_the_whole_catalogue(client):
    body = client.get("/api/facets").get_json()
    assert {v["value"]: v["count"] for v in body["type"]} == {
        "project": 3,
        "case-study": 1,
        "webinar": 1,
        "guidance": 1,
    }


def test_health(client):
    body = client.get("/api/health").get_json()
    assert (body["status"], body["entries"], body["invalid"]) == ("ok", 6, 0)
    assert body["indexed_at"].endswith("+00:00")


@pytest.mark.parametrize("path", ["/api/entries/nope", "/api/nothing-here", "/api"])
def test_unknown_api_paths_are_404_json(client, path):
    assert_error_shape(client.get(path), 404, "not_found")


def test_wrong_method_is_405_json(client):
    assert_error_shape(client.post("/api/search"), 405, "method_not_allowed")


def test_every_response_has_the_security_headers(client):
    for path in ("/api/search?q=bed", "/api/nope", "/", "/feed.atom"):
        headers = client.get(path).headers
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_repeat_requests_get_304(client):
    first = client.get("/api/search?q=bed")
    again = client.get(
        "/api/search?q=bed", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304 and again.data == b""
