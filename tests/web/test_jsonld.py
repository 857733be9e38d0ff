"""schema.org JSON-LD on entry pages: parses, validates, and cannot break out."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from catalogue.app import create_app
from catalogue.web.jsonld import script_json
from tests.search.conftest import ENTRIES, write_corpus

BLOCK = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
HOSTILE = """\
---
title: "Bed finder </script><script>window.__xss = 1</script> & <!-- co"
summary: "Ends early? </SCRIPT > \\u2028 <b>bold</b> & more"
type: project
tags: ["</script>", "a&b"]
code: {url: "https://example.org/beds", licence: MIT, language: Python}
---
Body.
"""


def json_ld(html: str) -> dict:
    blocks = BLOCK.findall(html)
    assert len(blocks) == 1, blocks
    return json.loads(blocks[0])


@pytest.mark.parametrize(
    ("slug", "kind"),
    [
        ("los-predictor", "SoftwareSourceCode"),
        ("los-webinar", "Event"),
        ("scan-sorter", "CreativeWork"),
        ("flow-guide", "CreativeWork"),
    ],
)
def test_entry_pages_describe_the_entry(client, slug, kind):
    data = json_ld(client.get(f"/entries/{slug}").get_data(as_text=True))
    api = client.get(f"/api/entries/{slug}").get_json()
    assert data["@context"] == "https://schema.org" and data["@type"] == kind
    assert data["url"] == data["@id"] == f"/entries/{slug}"  # no CATALOGUE_SITE_URL
    assert data["name"] == api["title"] and data["description"] == api["summary"]
    for value in data.values():  # every value is JSON-LD data, nothing empty
        assert value not in (None, "", [], {})


def test_code_and_events_carry_their_own_properties(client):
    code = json_ld(client.get("/entries/los-predictor").get_data(as_text=True))
    assert code["codeRepository"] == "https://example.org/los"
    assert code["programmingLanguage"] == "Python"
    assert code["license"] == "https://spdx.org/licenses/MIT.html"
    assert code["creator"] == {
        "@type": "Organization",
        "name": "Alpha Hospitals NHS Trust",
    }
    event = json_ld(client.get("/entries/los-webinar").get_data(as_text=True))
    assert event["startDate"] == "2021-10-12"
    assert event["recordedIn"]["url"] == "https://example.org/rec"


def test_no_value_can_end_the_script_element(tmp_path: Path):
    entries = write_corpus(
        tmp_path / "entries", {**ENTRIES, "projects/bed-finder.md": HOSTILE}
    )
    app = create_app(
        {
            "CATALOGUE_ENTRIES": str(entries),
            "CATALOGUE_INDEX": str(tmp_path / "index"),
            "TESTING": True,
        }
    )
    response = app.test_client().get("/entries/bed-finder")
    html = response.get_data(as_text=True)
    block = BLOCK.findall(html)[0]
    assert "<" not in block and ">" not in block and "&" not in block
    data = json_ld(html)
    assert (
        data["name"]
        == "Bed finder </script><script>window.__xss = 1</script> & <!-- co"
    )
    assert data["keywords"] == "</script>, a&b"
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]


def test_script_json_escapes_what_html_acts_on():
    text = str(script_json({"a": "</script>&<!--\u2028"}))
    assert text.count("\\u003c") == 2 and "\\u0026" in text and "\\u2028" in text
    assert json.loads(text) == {"a": "</script>&<!--\u2028"}


def test_addresses_are_absolute_under_the_site_url_never_the_host_header(tmp_path):
    app = create_app(
        {
            "CATALOGUE_ENTRIES": str(write_corpus(tmp_path / "entries")),
            "CATALOGUE_INDEX": str(tmp_path / "index"),
            "CATALOGUE_SITE_URL": "https://catalogue.example.nhs.uk",
            "TESTING": True,
        }
    )
    page = app.test_client().get(
        "/entries/los-predictor", headers={"Host": "evil.example"}
    )
    data = json_ld(page.get_data(as_text=True))
    assert data["url"] == "https://catalogue.example.nhs.uk/entries/los-predictor"
    assert "evil.example" not in page.get_data(as_text=True)
