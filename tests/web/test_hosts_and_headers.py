"""Host headers, redirects, caching headers and error messages.

A forged `Host` (or `X-Forwarded-Host`) never appears in any header or body
once CATALOGUE_SITE_URL is set: `GET /entries//x` used to answer a cacheable
308 to that host (Werkzeug's slash merging). With CATALOGUE_TRUSTED_HOSTS a
request naming another host is a 400 that does not repeat it. Redirects and
errors are `no-store`; static files are cached; 503s show no server paths.
"""

from __future__ import annotations

import logging
import runpy
import shutil
from pathlib import Path

import pytest
from flask import Flask

from catalogue.app import create_app, production_warnings
from catalogue.config import load_settings
from catalogue.resources import ROOT
from tests.web.conftest import assert_error_shape

FORGED = "evil-host.attacker.example"
SITE = "https://catalogue.example.nhs.uk"
#: Every kind of route, and paths that routing used to redirect.
PATHS = [
    "/",
    "/search?q=bed",
    "/search?q=bed&technique=NLP&sort=title",
    "/search/",
    "/entries/los-predictor",
    "/entries//los-predictor",
    "//entries/los-predictor",
    "/entries/los-predictor/",
    "/entries/no-such-entry",
    "/organisations",
    "/organisations//alpha-hospitals-nhs-trust",
    "/add-an-entry",
    "/feed.atom",
    "/sitemap.xml",
    "/robots.txt",
    "/opensearch.xml",
    "/api/search?q=bed",
    "/api//search?q=bed",
    "/api/entries/los-predictor",
    "/api/facets",
    "/api/health",
    "/api/nothing",
    "/static/css/catalogue.css",
    "/static//css/catalogue.css",
    "/nothing/here",
]


def _app(site_root: Path, **settings: str) -> Flask:
    return create_app(
        {
            "CATALOGUE_ENTRIES": str(site_root / "entries"),
            "CATALOGUE_INDEX": str(site_root / "index"),
            "TESTING": True,
            **settings,
        }
    )


def _everything(response) -> str:
    """Every header and the whole body, as one text to search."""
    headers = "\n".join(f"{k}: {v}" for k, v in response.headers.items())
    body = response.get_data(as_text=True)
    response.close()  # a static file is sent from an open file
    return headers + "\n" + body


@pytest.mark.parametrize("path", PATHS)
def test_a_forged_host_never_appears_in_any_header_or_body(app, site_root, path):
    client = _app(site_root, CATALOGUE_SITE_URL=SITE).test_client()
    response = client.get(
        path, headers={"Host": FORGED, "X-Forwarded-Host": f"x.{FORGED}"}
    )
    assert response.status_code in (200, 404), (path, response.status_code)
    assert FORGED not in _everything(response)


def test_the_public_address_comes_from_the_site_url(site_root):
    client = _app(site_root, CATALOGUE_SITE_URL=SITE + "/").test_client()
    robots = client.get("/robots.txt", headers={"Host": FORGED}).get_data(as_text=True)
    assert f"Sitemap: {SITE}/sitemap.xml" in robots
    sitemap = client.get("/sitemap.xml", headers={"Host": FORGED})
    assert f"<loc>{SITE}/entries/los-predictor</loc>" in sitemap.get_data(as_text=True)


def test_double_slashes_are_not_redirected(client):
    for path in ("/entries//los-predictor", "/api//search", "/organisations//x"):
        response = client.get(path, headers={"Host": FORGED})
        assert response.status_code == 404, path
        assert "Location" not in response.headers
        assert FORGED not in _everything(response)


def test_redirects_never_name_the_request_host_even_without_a_site_url(client):
    """The test client reads `//search` as host `search`, path ``: Werkzeug
    redirects that to `/`, which it used to write as an absolute URL."""
    response = client.get("//search", headers={"Host": FORGED})
    if response.status_code == 404:
        return
    assert 300 <= response.status_code < 400
    assert response.headers["Location"].startswith("/")
    assert not response.headers["Location"].startswith("//")
    assert FORGED not in _everything(response)
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    ("path", "json"), [("/search?q=bed", False), ("/api/search?q=bed", True)]
)
def test_an_untrusted_host_is_a_400_that_does_not_repeat_it(site_root, path, json):
    client = _app(
        site_root, CATALOGUE_TRUSTED_HOSTS="catalogue.example.nhs.uk, .nhs.example"
    ).test_client()
    refused = client.get(path, headers={"Host": FORGED})
    if json:
        assert_error_shape(refused, 400, "bad_host")
    else:
        assert refused.status_code == 400 and refused.mimetype == "text/html"
        assert "does not answer to that address" in refused.get_data(as_text=True)
    assert FORGED not in _everything(refused)
    assert refused.headers["Cache-Control"] == "no-store"
    for host in ("catalogue.example.nhs.uk", "catalogue.example.nhs.uk:8443"):
        assert client.get(path, headers={"Host": host}).status_code == 200
    assert client.get(path, headers={"Host": "www.nhs.example"}).status_code == 200


def test_forwarded_headers_are_ignored_unless_proxies_are_trusted(site_root):
    forwarded = {
        "Host": "catalogue.example.nhs.uk",
        "X-Forwarded-Host": FORGED,
        "X-Forwarded-Proto": "https",
    }
    direct = _app(site_root).test_client().get("/robots.txt", headers=forwarded)
    text = direct.get_data(as_text=True)
    assert "Sitemap: http://catalogue.example.nhs.uk/sitemap.xml" in text
    assert FORGED not in text
    behind = _app(
        site_root,
        CATALOGUE_TRUSTED_PROXIES="1",
        CATALOGUE_TRUSTED_HOSTS="catalogue.example.nhs.uk",
    ).test_client()
    proxied = {**forwarded, "X-Forwarded-Host": "catalogue.example.nhs.uk"}
    text = behind.get("/robots.txt", headers=proxied).get_data(as_text=True)
    assert "Sitemap: https://catalogue.example.nhs.uk/sitemap.xml" in text
    # a trusted proxy that passes on a forged host: refused, not used
    refused = behind.get("/robots.txt", headers=forwarded)
    assert refused.status_code == 400 and FORGED not in _everything(refused)


def test_a_bad_number_of_proxies_is_refused_at_start(site_root):
    with pytest.raises(ValueError, match="CATALOGUE_TRUSTED_PROXIES"):
        _app(site_root, CATALOGUE_TRUSTED_PROXIES="all")


# --- caching headers ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/entries/no-such-entry", 404),
        ("/api/entries/no-such-entry", 404),
        ("/api/search?page=0", 400),
        ("/search?q=" + "x" * 1001, 400),
        ("/static/no-such-file.css", 404),
    ],
)
def test_errors_are_never_stored_by_a_cache(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    assert response.headers["Cache-Control"] == "no-store"


def test_pages_revalidate_and_static_files_are_cached_a_day(client):
    assert client.get("/search?q=bed").headers["Cache-Control"] == "no-cache"
    static = client.get("/static/css/catalogue.css")
    static.close()
    assert static.status_code == 200
    assert static.cache_control.max_age == 86_400
    assert "no-cache" not in static.headers["Cache-Control"]


# --- errors do not show server paths ----------------------------------------------


def test_a_missing_entries_folder_costs_no_page_and_shows_no_path(site_root, tmp_path):
    """Pages are served from the index: without the entries folder they still
    answer, and nothing names a server path."""
    shutil.copytree(site_root / "index", tmp_path / "index")
    missing = tmp_path / "entries-folder-that-is-not-there"
    client = create_app(
        {"CATALOGUE_ENTRIES": str(missing), "CATALOGUE_INDEX": str(tmp_path / "index")}
    ).test_client()
    api = client.get("/api/entries/los-predictor")
    page = client.get("/entries/los-predictor")
    assert api.status_code == 200 and api.get_json()["slug"] == "los-predictor"
    assert page.status_code == 200
    for response in (api, page):
        assert str(tmp_path) not in _everything(response)


def test_a_503_without_an_index_shows_no_path(tmp_path):
    entries = tmp_path / "entries"
    entries.mkdir()
    client = create_app(
        {
            "CATALOGUE_ENTRIES": str(entries),
            "CATALOGUE_INDEX": str(tmp_path / "no-index"),
            "CATALOGUE_SKIP_INDEX": True,
        }
    ).test_client()
    response = client.get("/api/search?q=bed")
    assert_error_shape(response, 503, "index_unavailable")
    assert str(tmp_path) not in _everything(response)


# --- warnings at start ------------------------------------------------------------


def test_production_warns_without_a_site_url_or_trusted_hosts():
    warnings = production_warnings(load_settings({}))
    assert any("CATALOGUE_SITE_URL is not set" in w for w in warnings)
    assert any("CATALOGUE_TRUSTED_HOSTS is not set" in w for w in warnings)
    configured = load_settings(
        {"CATALOGUE_SITE_URL": SITE, "CATALOGUE_TRUSTED_HOSTS": "catalogue.example"}
    )
    assert production_warnings(configured) == []


def test_the_wsgi_entry_point_logs_the_warnings(site_root, caplog, monkeypatch):
    monkeypatch.setenv("CATALOGUE_ENTRIES", str(site_root / "entries"))
    monkeypatch.setenv("CATALOGUE_INDEX", str(site_root / "index"))
    monkeypatch.delenv("CATALOGUE_SITE_URL", raising=False)
    monkeypatch.setenv("CATALOGUE_TRUSTED_HOSTS", "catalogue.example")
    with caplog.at_level(logging.WARNING):
        runpy.run_path(str(ROOT / "wsgi.py"))
    assert "CATALOGUE_SITE_URL is not set" in caplog.text
    assert "CATALOGUE_TRUSTED_HOSTS" not in caplog.text
