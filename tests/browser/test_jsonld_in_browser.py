"""JSON-LD in a real browser: read as data, never run, and no CSP violation."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.browser.conftest import ROOT, serving
from tests.web.test_jsonld import HOSTILE

pytestmark = pytest.mark.browser

#: Collects every Content-Security-Policy violation the page reports.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture(scope="module")
def jsonld_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("jsonld")
    shutil.copytree(ROOT / "entries", root / "entries")
    (root / "entries" / "projects" / "bed-finder.md").write_text(
        HOSTILE, encoding="utf-8"
    )
    with serving(root / "entries", root / "index") as base:
        yield base


@pytest.mark.parametrize(
    ("slug", "name"),
    [
        ("long-stay", "Long Stayer Risk Stratification"),
        (
            "bed-finder",
            "Bed finder </script><script>window.__xss = 1</script> & <!-- co",
        ),
    ],
)
def test_json_ld_is_data_the_browser_neither_runs_nor_blocks(
    jsonld_server, watched_js, slug, name
):
    page = watched_js.page
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(f"{jsonld_server}/entries/{slug}")
    text = page.evaluate(
        "document.querySelector('script[type=\"application/ld+json\"]').textContent"
    )
    assert json.loads(text)["name"] == name
    assert page.evaluate("window.__xss") is None
    assert page.evaluate("window.__violations") == []
    assert page.evaluate("document.querySelectorAll('script').length") == 2
    assert watched_js.errors == [] and watched_js.dialogs == []


def test_the_violation_recorder_sees_an_inline_script(jsonld_server, watched_js):
    """The control: the same page does report an inline script the CSP blocks."""
    page = watched_js.page
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(f"{jsonld_server}/entries/long-stay")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.__ran = 1'; document.body.append(s); }"
    )
    page.wait_for_function("window.__violations.length > 0")
    assert page.evaluate("window.__ran") is None
    watched_js.errors.clear()  # the browser logs the refusal as a console error
