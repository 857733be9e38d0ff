"""The "Add an entry" page (issue 14): the repository, a GitHub file pre-filled
with the template for people who do not use the command line."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import yaml

from catalogue.scaffold import render_template


def links(html: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'href="([^"]+)"', html)]


def test_the_page_links_the_repository(client):
    html = client.get("/add-an-entry").get_data(as_text=True)
    assert "https://github.com/nhsx/ai-use-case-catalogue" in links(html)


def test_the_new_file_link_opens_github_with_the_template_filled_in(client):
    html = client.get("/add-an-entry").get_data(as_text=True)
    found = [u for u in links(html) if "/new/" in u]
    assert len(found) == 1
    url = urlsplit(found[0])
    assert (url.scheme, url.netloc, url.path) == (
        "https",
        "github.com",
        "/nhsx/ai-use-case-catalogue/new/main",
    )
    query = parse_qs(url.query)
    assert query["filename"] == ["entries/projects/name-of-your-project.md"]
    assert query["value"] == [render_template("project", "Name of your project")]
    assert "create the file on GitHub with the template filled in" in html


def test_no_new_file_link_off_github(tmp_path):
    from catalogue.app import create_app
    from tests.search.conftest import write_corpus

    app = create_app(
        {
            "CATALOGUE_ENTRIES": str(write_corpus(tmp_path / "entries")),
            "CATALOGUE_INDEX": str(tmp_path / "index"),
            "CATALOGUE_EDIT_URL": "https://git.example.org/x/y/-/edit/main/entries/",
        }
    )
    html = app.test_client().get("/add-an-entry").get_data(as_text=True)
    assert not [u for u in links(html) if "/new/" in u]
    assert "catalogue new TYPE" in html


def test_the_vocabulary_has_its_own_page(client):
    page = client.get("/add-an-entry/vocabulary")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Names for filters (the vocabulary)" in html
    assert "Gradient boosting" in html and "XGBoost" in html
    assert "/add-an-entry/vocabulary</loc>" in client.get("/sitemap.xml").get_data(
        as_text=True
    )


def uncommented(template: str, key: str) -> str:
    """The template with the commented example lines under `key:` uncommented."""
    lines = template.splitlines()
    start = lines.index(f"{key}:")
    end = start + 1
    while end < len(lines) and lines[end].startswith("#  "):
        lines[end] = lines[end][1:]
        end += 1
    assert end > start + 1, f"no commented example right under {key}:"
    return "\n".join(lines)


def test_uncommenting_an_example_in_the_template_leaves_valid_yaml():
    template = render_template("project", "Bed finder")
    front = template.split("---\n")[1]
    assert yaml.safe_load(front)["adopters"] is None  # no `[]` above examples
    for key, first in [
        ("adopters", [{"organisation": "Nottingham University Hospitals NHS Trust"}]),
        ("links", [{"title": "Technical report"}]),
        ("code", {"url": "https://github.com/..."}),
        ("reuse", {"sample_data": "synthetic"}),
        ("event", {"date": "2021-10-12"}),
    ]:
        value = yaml.safe_load(uncommented(front, key))[key]
        if isinstance(first, list):
            assert isinstance(value, list) and first[0].items() <= value[0].items()
        else:
            assert first.items() <= {k: str(v) for k, v in value.items()}.items()
