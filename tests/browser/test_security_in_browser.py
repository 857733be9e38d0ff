"""Payloads written into an entry run nowhere in the browser."""

from __future__ import annotations

import shutil

import pytest

from tests.browser.conftest import ROOT, serving

pytestmark = pytest.mark.browser

HOSTILE = """\
---
title: "Bed finder <script>window.__xss = 1; alert('title')</script>"
summary: "Finds beds <img src=x onerror=\\"window.__xss = 2; alert('summary')\\">"
type: project
tags: ["<svg onload=alert('tag')>", bedfinder]
organisation: "Evil <b onmouseover=alert(1)>Trust</b>"
links:
  - title: "<script>alert('link')</script>"
    url: https://example.org/
---
Bedfinder text <script>window.__xss = 3</script>
<img src=x onerror="window.__xss = 4">
[click](javascript:window.__xss=5)
<a href="javascript:window.__xss=6">bedfinder link</a>
<iframe src="javascript:window.__xss=7"></iframe>
"""


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(ROOT / "entries", root / "entries")
    (root / "entries" / "bed-finder.md").write_text(HOSTILE, encoding="utf-8")
    with serving(root / "entries", root / "index") as base:
        yield base


@pytest.mark.parametrize(
    "path",
    [
        "/entries/bed-finder",
        "/search?q=bedfinder",
        "/search?q=beds+finds",
        "/organisations/evil-b-onmouseover-alert-1-trust-b",
        "/",
    ],
)
def test_no_payload_runs(hostile_server, watched_js, path):
    page = watched_js.page
    assert page.goto(hostile_server + path).status == 200
    assert "Bed finder" in page.content() or path == "/"
    for link in page.locator("a[href^='javascript']").all():
        raise AssertionError(
            f"a javascript: link survived: {link.get_attribute('href')}"
        )
    page.mouse.move(10, 10)
    assert page.evaluate("window.__xss === undefined")
    assert watched_js.dialogs == []
    watched_js.shot(
        "xss-" + path.strip("/").replace("/", "-").replace("?", "-") or "home"
    )
