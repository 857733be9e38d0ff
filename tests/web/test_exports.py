"""Any search as a feed (`/search.atom`) or a file (`/search.csv`)."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import pytest

from catalogue.app import create_app
from catalogue.facets import FACETS
from catalogue.vocabulary import Vocabulary
from catalogue.web.exports import csv_rows
from search.engine import SearchEngine
from search.query import SearchRequest
from tests.support.corpus.generate import write_corpus as write_generated

ATOM = "{http://www.w3.org/2005/Atom}"
SEARCHES = [
    "q=bed",
    "q=LoS",
    "q=",
    "technique=NLP",
    "q=patients&sort=title",
    "q=&type=project&page=2&per_page=2",
    "q=patient+stay+wards+discharge",
]


def feed_of(client, query: str) -> ET.Element:
    response = client.get(f"/search.atom?{query}")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    return ET.fromstring(response.data)


@pytest.mark.parametrize("query", SEARCHES)
def test_the_feed_is_atom_with_the_entries_of_the_api(client, query):
    feed = feed_of(client, query)
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):  # what RFC 4287 requires of a feed
        assert feed.find(f"{ATOM}{name}") is not None and feed.findtext(f"{ATOM}{name}")
    entries = feed.findall(f"{ATOM}entry")
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert entry.findtext(f"{ATOM}{name}"), name
        assert entry.find(f"{ATOM}link").get("href") == entry.findtext(f"{ATOM}id")
    api = client.get(f"/api/search?{query}").get_json()
    assert [e.findtext(f"{ATOM}id") for e in entries] == [
        f"http://localhost{r['url']}" for r in api["results"]
    ]


def test_the_results_page_links_a_newest_first_feed_and_the_file(client):
    html = client.get("/search?q=letters&technique=NLP&sort=title").get_data(
        as_text=True
    )
    assert (
        'href="/search.atom?q=letters&amp;technique=Natural+language+processing&amp;sort=newest"'
        in html
    )
    assert (
        'href="/search.csv?q=letters&amp;technique=Natural+language+processing&amp;sort=title"'
        in html
    )
    assert "Get updates for this search" in html and "Download these results" in html


def rows_of(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_the_file_has_every_result_every_facet_and_ods_columns(client):
    response = client.get("/search.csv?q=")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.is_streamed
    assert "attachment" in response.headers["Content-Disposition"]
    rows = rows_of(response)
    assert len(rows) == client.get("/api/search?q=").get_json()["total"] == 6
    columns = set(rows[0])
    assert {f.param for f in FACETS} <= columns
    assert {"url", "slug", "title", "organisation_ods", "adopter_ods"} <= columns
    by_slug = {r["slug"]: r for r in rows}
    assert by_slug["los-predictor"]["problem_area"] == "Length of stay"
    assert by_slug["los-predictor"]["adopter"] == "Beta Health NHS Foundation Trust"
    assert by_slug["bed-planner"]["has_code"] == "true"
    assert by_slug["los-predictor"]["organisation_ods"] == ""  # no ods: in vocabulary


def test_the_file_lists_results_in_the_order_of_the_pages(client):
    rows = rows_of(client.get("/search.csv?q=patients"))
    api = client.get("/api/search?q=patients&per_page=100").get_json()
    assert [r["slug"] for r in rows] == [r["slug"] for r in api["results"]]


def test_ods_codes_come_from_the_vocabulary_and_are_empty_when_absent():
    vocabulary = Vocabulary(
        {
            "organisations": [
                SimpleNamespace(name="Alpha Trust", aliases=(), ods="RTE"),
                SimpleNamespace(name="Beta Trust", aliases=()),
            ]
        }
    )
    entry = {
        "slug": "x",
        "title": '=HYPERLINK("https://evil.example")',
        "summary": "S",
        "type": "project",
        "organisation": "Alpha Trust",
        "partners": ["Beta Trust"],
        "adopters": [{"organisation": "Beta Trust", "status": "in-use"}],
    }
    header, line = csv_rows([entry], vocabulary, "https://site")
    row = next(csv.DictReader(io.StringIO(header + line)))
    assert row["organisation_ods"] == "RTE"
    assert row["partner_ods"] == "" and row["adopter_ods"] == ""
    assert row["title"].startswith("'=")  # a spreadsheet shows it, never runs it


@pytest.mark.parametrize(
    "query",
    [
        "page=abc&per_page=-1&sort=nonsense&has_code=maybe",
        "q=%00%01%ff&type=%00",
        'q="unbalanced&technique=' + "x" * 150,
        "q=" + "a*+" * 30,
        "all=type&all=nope&explain=nonsense",
    ],
)
@pytest.mark.parametrize("path", ["/search.atom", "/search.csv"])
def test_hostile_parameters_are_answered_never_a_500(client, path, query):
    response = client.get(f"{path}?{query}")
    assert response.status_code == 200
    response.get_data()  # the whole stream


@pytest.mark.parametrize("path", ["/search.atom", "/search.csv"])
def test_a_query_over_the_limit_is_a_400(client, path):
    assert client.get(f"{path}?q={'x' * 1001}").status_code == 400


@pytest.mark.slow
def test_the_file_of_2000_generated_entries_has_total_rows(tmp_path: Path):
    write_generated(tmp_path / "entries", 2000, seed=11, vocabulary=True)
    app = create_app(
        {
            "CATALOGUE_ENTRIES": str(tmp_path / "entries"),
            "CATALOGUE_INDEX": str(tmp_path / "index"),
            "TESTING": True,
        }
    )
    client = app.test_client()
    for query in ("q=", "q=patients", "q=hospital+data&type=project"):
        total = client.get(f"/api/search?{query}").get_json()["total"]
        rows = rows_of(client.get(f"/search.csv?{query}"))
        assert len(rows) == total, query
        assert len({r["slug"] for r in rows}) == total
    assert total and len(rows_of(client.get("/search.csv?q="))) == 2000
    engine = SearchEngine(tmp_path / "index")
    assert engine.export(SearchRequest(q="patients"))[0] == len(
        rows_of(client.get("/search.csv?q=patients"))
    )
