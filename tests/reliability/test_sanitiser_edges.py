"""The sanitiser's edges: addresses, ids and classes in entry bodies.

The docs promise links and images only to http, https and mailto addresses:
protocol-relative (`//host`) and relative addresses used to pass. Heading ids
from a body could take the page's own (`maincontent`, the skip link's
target), and `class` on `code` took any class, NHS.UK utility classes
included. Checked on rendered bodies and on the real entry page and API.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from flask.testing import FlaskClient

from catalogue.app import create_app
from catalogue.collection import load_catalogue
from catalogue.render import ID_PREFIX, render_markdown
from catalogue.resources import ROOT

BODY = """\
## Data used

See [the data section](#data-used), [the results](#results) and [the top](#).

<h2 id="maincontent">Main content</h2>

<h3 id="filters">Filters</h3>

## Results

[another entry](/entries/other-entry) [its section](/entries/other-entry#h-data)
[a search](/search?technique=NLP&sort=title)
[page](other.html) [parent](../x) [static](/static/catalogue.css)

[protocol-relative](//evil.example/phish)
[backslashes](\\\\evil.example/phish)
[no slashes](https:evil.example/phish)
[fine](https://example.org/report)
[mail](mailto:team@example.nhs.uk)

![relative image](/static/logo.png)
![protocol-relative image](//evil.example/pixel.png)
![fine image](https://example.org/chart.png)

<code class="nhsuk-u-visually-hidden">hidden code</code>
<code class="language-python nhsuk-button">mixed</code>

```python
print("fenced")
```
"""


class _Page(HTMLParser):
    """Every id, href, src and class in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.code_classes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.append(values["id"] or "")
        if tag == "a" and "href" in values:
            self.hrefs.append(values["href"] or "")
        if tag == "img" and "src" in values:
            self.srcs.append(values["src"] or "")
        if tag == "code" and "class" in values:
            self.code_classes.append(values["class"] or "")


def _parsed(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def test_only_absolute_http_https_and_mailto_addresses_are_kept():
    page = _parsed(render_markdown(BODY))
    outside = [h for h in page.hrefs if not h.startswith("#")]
    assert outside == [
        "/entries/other-entry",  # the catalogue's own pages are kept
        "/entries/other-entry#h-data",
        "/search?technique=NLP&sort=title",
        "https://example.org/report",
        "mailto:team@example.nhs.uk",
    ]
    assert page.srcs == ["https://example.org/chart.png"]


@pytest.mark.parametrize(
    "address",
    [
        "//evil.example/x",
        "//entries/other",
        "/entries/../etc/passwd",
        "/entries/other/",
        "/static/x.css",
        "/assets/x.png",
        "other.html",
        "../x",
        "?q=1",
        "https:evil.example",
        "https:/evil.example",
        "https:///evil.example",
        "\\\\evil.example",
        "/\\evil.example",
        "mailto:",
        "tel:+441234",
        "ftp://example.org/",
    ],
)
def test_relative_and_other_addresses_lose_their_link(address):
    html = render_markdown(f'<a href="{address}">x</a> <img src="{address}" alt="i">')
    page = _parsed(html)
    assert page.hrefs == [] and page.srcs == [], html


def test_body_ids_are_prefixed_and_in_page_links_follow():
    page = _parsed(render_markdown(BODY))
    assert page.ids == [
        f"{ID_PREFIX}data-used",
        f"{ID_PREFIX}maincontent",
        f"{ID_PREFIX}filters",
        f"{ID_PREFIX}results",
    ]
    in_page = [h for h in page.hrefs if h.startswith("#")]
    assert in_page == [f"#{ID_PREFIX}data-used", f"#{ID_PREFIX}results", "#"]
    assert all(h[1:] in page.ids for h in in_page if h != "#")


def test_code_keeps_only_language_classes():
    page = _parsed(render_markdown(BODY))
    assert page.code_classes == ["language-python", "language-python"]
    assert "nhsuk-" not in render_markdown(BODY)


# --- on the real page -----------------------------------------------------------------


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> FlaskClient:
    root = tmp_path_factory.mktemp("sanitiser")
    (root / "entries").mkdir()
    (root / "entries" / "edges.md").write_text(
        "---\ntitle: Sanitiser edges\nsummary: Every edge in one body.\n"
        f"type: project\n---\n{BODY}",
        encoding="utf-8",
    )
    return create_app(
        {
            "CATALOGUE_ENTRIES": str(root / "entries"),
            "CATALOGUE_INDEX": str(root / "index"),
            "TESTING": True,
        }
    ).test_client()


def test_the_entry_page_has_one_of_each_id_and_its_skip_link_works(client):
    response = client.get("/entries/edges")
    assert response.status_code == 200
    page = _parsed(response.get_data(as_text=True))
    assert page.ids.count("maincontent") == 1  # the skip link's target, ours
    assert len(page.ids) == len(set(page.ids)), page.ids
    assert "#maincontent" in page.hrefs
    for href in page.hrefs:
        if href.startswith("#") and len(href) > 1:
            assert href[1:] in page.ids, href  # every in-page link has a target
    assert not [h for h in page.hrefs if h.startswith("//")]
    assert not [s for s in page.srcs if not s.startswith(("/", "https://"))]


def test_the_api_html_is_the_same_sanitised_body(client):
    html = client.get("/api/entries/edges").get_json()["html"]
    assert html == render_markdown(BODY)
    assert 'id="maincontent"' not in html and "//evil.example" not in html


def test_the_bundled_entries_lose_no_link():
    """Every link in the bundled entries is absolute: the stricter rule drops none."""
    catalogue = load_catalogue(ROOT / "entries")
    assert catalogue.entries
    for entry in catalogue.entries.values():
        anchors = entry.html.count("<a ")
        assert anchors == len(_parsed(entry.html).hrefs), entry.slug
