"""A real server on 127.0.0.1 with the bundled entries, and real Chromium driving it.

Chromium is Debian's (/usr/bin/chromium); Playwright never downloads its own.
Without it these tests skip, unless CATALOGUE_REQUIRE_BROWSER=1 (CI), where a
missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.support.server import Server

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = ROOT / "tests" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.browser


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Skip (or, in CI, fail) the browser tests when Chromium is missing."""
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CATALOGUE_REQUIRE_BROWSER") == "1":
        return  # the browser fixture fails loudly
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing: install Debian's chromium")
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(skip)


@contextmanager
def serving(entries: Path, index: Path) -> Iterator[str]:
    """`catalogue serve` over a folder of entries on a free port: its base URL."""
    with Server(entries, index) as server:
        yield server.base


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site over a copy of the bundled entries."""
    root = tmp_path_factory.mktemp("browser")
    shutil.copytree(ROOT / "entries", root / "entries")
    with serving(root / "entries", root / "index") as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing and CATALOGUE_REQUIRE_BROWSER=1")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


class Watched:
    """A page with its console errors and dialogs recorded."""

    def __init__(self, page, js: bool = True) -> None:
        self.page, self.js = page, js
        self.mode = "js" if js else "nojs"
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("dialog", self._dialog)
        page.on("response", self._response)
        page.on("requestfailed", self._failed)

    def _console(self, message) -> None:
        # Failed loads are judged by _response/_failed, which know the address.
        if message.type == "error" and not message.text.startswith("Failed to load"):
            self.errors.append(message.text)

    def _response(self, response) -> None:
        local = response.url.startswith("http://127.0.0.1")
        if local and response.status >= 400 and not response.url.endswith(".map"):
            self.errors.append(f"{response.status} {response.url}")

    def _failed(self, request) -> None:
        # This machine has no internet: the NHS.UK web fonts (assets.nhs.uk) fail
        # to load here and fall back to Arial. Anything of ours failing counts.
        if request.url.startswith("http://127.0.0.1"):
            self.errors.append(f"failed {request.url}")

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def shot(self, name: str) -> None:
        """Save a full-page screenshot for people to look at."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.fixture(params=[True, False], ids=["js", "nojs"])
def watched(request, browser) -> Iterator[Watched]:
    """A fresh page, with JavaScript on and then off."""
    context = browser.new_context(java_script_enabled=request.param)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield Watched(page, js=request.param)
    context.close()


@pytest.fixture
def watched_js(browser) -> Iterator[Watched]:
    """A fresh page with JavaScript on."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield Watched(page)
    context.close()


def assert_accessible(page, axe) -> None:
    """axe-core finds no serious or critical violation; the page has one h1."""
    results = axe.run(page)
    serious = [
        v
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], results.generate_report()
    assert page.locator("h1").count() == 1
