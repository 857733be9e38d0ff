"""XSS: payloads in every field, in bodies, in the vocabulary and in queries.

Content arrives through pull requests, so every field of an entry is treated
as hostile. Each page that shows the payloads (entry, results with highlights,
organisation, home, lists, the feed, the API's `html` and `highlights`) is
checked three ways:

1. its markup, parsed: no inline or foreign script, no event-handler
   attribute, no `javascript:`/`data:` link target, no frame, object or base;
2. in real Chromium with the CSP switched off (so the markup alone is what is
   tested): no payload runs;
3. its headers: a Content-Security-Policy that would block inline script,
   event handlers and `javascript:` URLs anyway, shown in Chromium by
   injecting a script into a real page under the real headers.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
import yaml

from catalogue.app import create_app
from catalogue.text import slugify
from tests.reliability.support import Site
from tests.search.conftest import VOCABULARY

PAYLOADS = [
    '<script>alert("xss-01")</script>',
    '<img src=x onerror=alert("xss-02")>',
    '"><svg onload=alert("xss-03")>',
    "'><iframe src=javascript:alert('xss-04')></iframe>",
    "<a href=\"javascript:alert('xss-05')\">click</a>",
    '</title><script>alert("xss-06")</script>',
    '</textarea></style></noscript><script>alert("xss-07")</script>',
    '<details open ontoggle=alert("xss-08")>x</details>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert("xss-09")>',
    '<svg><script>alert("xss-10")</script></svg>',
    ']]><script>alert("xss-11")</script><![CDATA[',
    "{{ 7*7 }} {% raw %} ${alert('xss-12')}",
    '<base href="https://evil.example/"><meta http-equiv="refresh" content="0">',
    "<object data=\"javascript:alert('xss-14')\"></object><embed src=x>",
    "<form action=\"javascript:alert('xss-15')\"><button>go</button></form>",
    '<input autofocus onfocus=alert("xss-16")>',
    '&lt;script&gt;alert("xss-17")&lt;/script&gt; &#60;img src=x onerror=alert(1)&#62;',
    '<scr<script>ipt>alert("xss-18")</scr</script>ipt>',
    "<IMG SRC=\"jav&#x09;ascript:alert('xss-19');\">",
    "<div style=\"background:url(javascript:alert('xss-20'))\">s</div>",
    "\u2028\u2029<script>alert('xss-21')</script>\u202e",
    "` onmouseover=alert('xss-22') `",
]
BODY_EXTRAS = """
[a markdown link](javascript:alert('xss-b1'))
[another](JaVaScRiPt:alert('xss-b2'))
![an image](javascript:alert('xss-b3'))
<a href="jav&#x61;script:alert('xss-b4')">entity link</a>
<a href="https://example.org/ok" onclick="alert('xss-b5')">ok link</a>
<img src="https://example.org/x.png" onerror="alert('xss-b6')">
<iframe srcdoc="<script>alert('xss-b7')</script>"></iframe>
<!-- <script>alert('xss-b8')</script> -->
<style>body { background: url("javascript:alert('xss-b9')") }</style>
<Callout onClick={() => alert('xss-b10')}>callout text</Callout>

```html
<script>alert('fenced code is shown, never run')</script>
```
"""
#: A vocabulary organisation whose website is a script: staff edit this file too.
BAD_WEBSITE = "javascript:alert('xss-vocabulary')"
QUERY_PAYLOADS = [
    '<script>alert("xss-q1")</script>',
    '"><svg onload=alert("xss-q2")>',
    "javascript:alert('xss-q3')",
]
ALLOWED_SCRIPT = re.compile(r"^/static/[\w./-]+\.m?js$")
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "cite",
    "xlink:href",
    "srcset",
    "ping",
}
FORBIDDEN_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base"}
_SCHEME_NOISE = re.compile(r"[\x00-\x20\x7f]+")


# --- the corpus -----------------------------------------------------------------------


def _entry(number: int, payload: str, previous: str | None) -> str:
    url = f"https://example.org/{number}/{payload}"
    meta = {
        "title": f"Payload {number} {payload}",
        "summary": f"Payload summary {number} {payload}"[:300],
        "type": "project" if number % 2 else "webinar",
        "status": "pilot",
        "date": f"2024-{number % 12 + 1:02d}",
        "problem_areas": [f"Area {payload}", "Length of stay"],
        "techniques": [f"Technique {payload}"],
        "tags": [f"tag {payload}", "xsstag"],
        "organisation": f"Lead {number} {payload}",
        "partners": [f"Partner {number} {payload}"],
        "code": {"url": url, "licence": f"MIT {payload}", "language": payload},
        "adopters": [{"organisation": f"Adopter {number} {payload}"}],
        "links": [{"title": f"Report {payload}", "url": url}],
        "event": {"date": "2024-02-03", "recording": url, "slides": url},
    }
    if previous:
        meta["related"] = [previous]
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    body = f"Payload body {number} onerror script alert xsstag.\n\n{payload}\n"
    return f"---\n{front}---\n{body}{BODY_EXTRAS}"


LEGACY = """---
title: Legacy page <img src=x onerror=alert("xss-legacy")>
summary: A page in the old website's format <script>alert("xss-legacy")</script>
category: Projects
---
<Tags title="" tags={['<img src=x onerror=alert(\\'xss-tags\\')>', 'legacy']} />
<Hero onLoad={alert('xss-jsx')} title="<script>alert('x')</script>">Hero</Hero>
"""


def write_xss_corpus(folder: Path) -> list[str]:
    """Write the payload entries and a vocabulary; return the slugs."""
    folder.mkdir(parents=True, exist_ok=True)
    vocabulary = yaml.safe_load(VOCABULARY)
    vocabulary["organisations"].append(
        {"name": "Scripted Website Trust", "url": BAD_WEBSITE}
    )
    (folder / "vocabulary.yml").write_text(
        yaml.safe_dump(vocabulary, allow_unicode=True), encoding="utf-8"
    )
    slugs, previous = [], None
    for number, payload in enumerate(PAYLOADS, start=1):
        slug = f"xss-{number:02d}"
        (folder / f"{slug}.md").write_text(
            _entry(number, payload, previous), encoding="utf-8"
        )
        slugs.append(slug)
        previous = slug
    (folder / "legacy-page.md").write_text(LEGACY, encoding="utf-8")
    (folder / "scripted-website.md").write_text(
        "---\ntitle: Website check\nsummary: Led by a trust with a scripted"
        " website.\ntype: guidance\norganisation: Scripted Website Trust\n---\n",
        encoding="utf-8",
    )
    return [*slugs, "legacy-page", "scripted-website"]


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = tmp_path_factory.mktemp("xss")
    slugs = write_xss_corpus(root / "entries")
    return Site(root / "entries", root / "index", len(slugs))


@pytest.fixture(scope="module")
def xss_app(xss_site: Site):
    return create_app(
        {
            "CATALOGUE_ENTRIES": str(xss_site.entries),
            "CATALOGUE_INDEX": str(xss_site.index),
            "TESTING": True,
        }
    )


@pytest.fixture(scope="module")
def pages(xss_app) -> list[str]:
    """Every HTML page that shows the payloads."""
    client = xss_app.test_client()
    health = client.get("/api/health").get_json()
    assert health["entries"] == len(PAYLOADS) + 2, "every payload entry is served"
    assert health["invalid"] == 0
    catalogue = xss_app.extensions["catalogue"].catalogue()
    found = ["/", "/organisations", "/search", "/add-an-entry"]
    found += [entry.url for entry in catalogue.entries.values()]
    found += [org.page for org in catalogue.organisations.values()]
    for query in ["payload", "script alert", "onerror img", "xsstag", "legacy"]:
        found.append(f"/search?{urlencode({'q': query})}")
    found += [f"/search?{urlencode({'q': q})}" for q in QUERY_PAYLOADS]
    for payload in PAYLOADS[:6]:
        found.append(
            "/search?"
            + urlencode({"problem_area": f"Area {payload}", "technique": payload})
        )
    found.append("/search?" + urlencode({"q": "payload", "sort": "title", "page": 2}))
    found.append("/search?" + urlencode({"q": "payload", "per_page": 5}))
    return found


# --- 1. the markup ------------------------------------------------------------------


def _unsafe_url(value: str) -> bool:
    target = _SCHEME_NOISE.sub("", value).lower()
    return target.startswith(("javascript:", "vbscript:", "data:text", "data:app"))


class MarkupAudit(HTMLParser):
    """Everything in a page that could run script, as readable problems."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_script = False
        self.in_data = False  # inside <script type="application/ld+json">

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "script" and values.get("type") == "application/ld+json":
            self.in_data = True  # JSON-LD: data, never run; checked in handle_data
        elif tag == "script":
            self.in_script = True
            if not ALLOWED_SCRIPT.match(values.get("src", "")):
                self.problems.append(f"<script> not from /static: {attrs}")
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}> {attrs}")
        if tag == "meta" and "http-equiv" in values:
            self.problems.append(f"<meta http-equiv> {attrs}")
        for name, value in values.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            elif name == "srcdoc":
                self.problems.append(f"<{tag} srcdoc>")
            elif name in URL_ATTRIBUTES and _unsafe_url(value):
                self.problems.append(f"<{tag} {name}={value!r}>")
            elif name == "style" and re.search(
                r"javascript:|expression\(|url\(", value
            ):
                self.problems.append(f"<{tag} style={value!r}>")

    def handle_startendtag(self, tag, attrs) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.in_script = False

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_script = self.in_data = False

    def handle_data(self, data: str) -> None:
        if self.in_data and not _json_without_markup(data):
            self.problems.append(f"JSON-LD that is not plain JSON: {data[:80]!r}")
        elif self.in_script and data.strip():
            self.problems.append(f"inline script: {data[:80]!r}")


def _json_without_markup(data: str) -> bool:
    try:
        json.loads(data)
    except ValueError:
        return False
    return not any(c in data for c in "<>&")


def audit(html: str) -> list[str]:
    """What in this HTML could run script (empty when safe)."""
    parser = MarkupAudit()
    parser.feed(html)
    parser.close()
    return parser.problems


def test_the_audit_catches_what_it_looks_for():
    """The checker itself: each of these must be found."""
    for bad in [
        "<script>alert(1)</script>",
        '<script src="https://evil.example/x.js"></script>',
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        '<a href="jav&#x09;ascript:alert(1)">x</a>',
        '<a href=" JAVASCRIPT:alert(1)">x</a>',
        "<iframe srcdoc='x'></iframe>",
        '<form action="javascript:alert(1)">',
        "<base href=https://evil.example/>",
        '<meta http-equiv="refresh" content="0;url=https://evil.example">',
        '<div style="background:url(javascript:alert(1))">',
    ]:
        assert audit(bad), bad
    safe = '<script type="module" src="/static/js/catalogue.mjs"></script><p>&lt;'
    assert audit(safe) == []


def test_no_page_has_markup_that_could_run_a_payload(xss_app, pages):
    client = xss_app.test_client()
    problems = {}
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.mimetype == "text/html"
        found = audit(response.get_data(as_text=True))
        if found:
            problems[path] = found[:5]
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)


def test_payloads_are_shown_as_text(xss_app):
    """Escaped, not dropped: people see what the file says."""
    client = xss_app.test_client()
    text = client.get("/entries/xss-01").get_data(as_text=True)
    assert "Payload 1 &lt;script&gt;alert(" in text
    body = client.get("/api/entries/xss-02").get_json()
    assert body["title"] == f"Payload 2 {PAYLOADS[1]}"  # JSON keeps the raw text


def test_results_highlights_only_add_mark(xss_app):
    client = xss_app.test_client()
    for query in ["script alert", "onerror", "img src", "xsstag payload", "javascript"]:
        body = client.get("/api/search", query_string={"q": query}).get_json()
        assert body["results"], query
        for result in body["results"]:
            markup = re.sub(r"</?mark>", "", result["highlights"])
            assert "<" not in markup and ">" not in markup, result["highlights"]


def test_api_html_is_sanitised(xss_app, pages):
    client = xss_app.test_client()
    for path in pages:
        if not path.startswith("/entries/"):
            continue
        response = client.get("/api" + path)
        assert response.mimetype == "application/json"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        html = response.get_json()["html"]
        assert audit(html) == [], (path, audit(html))
        assert "<style" not in html and "<iframe" not in html


def test_the_feed_and_sitemap_carry_no_markup_that_runs(xss_app):
    client = xss_app.test_client()
    feed = client.get("/feed.atom")
    assert feed.mimetype == "application/atom+xml"
    root = ET.fromstring(feed.data)  # well-formed XML whatever the titles hold
    atom = "{http://www.w3.org/2005/Atom}"
    entries = root.findall(f"{atom}entry")
    assert len(entries) == len(PAYLOADS) + 2
    for element in root.iter():
        assert not element.tag.lower().endswith("script"), element.tag
    for entry in entries:
        content = entry.find(f"{atom}content")
        if content is not None and content.get("type") == "html":
            assert audit(content.text or "") == [], content.text
        for name in ("title", "summary"):
            part = entry.find(f"{atom}{name}")
            assert part is not None and part.get("type", "text") == "text"
    sitemap = ET.fromstring(client.get("/sitemap.xml").data)
    for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"):
        assert loc.text and loc.text.startswith("http://localhost/"), loc.text


def test_a_scripted_organisation_website_is_not_linked(xss_app):
    client = xss_app.test_client()
    page = client.get(f"/organisations/{slugify('Scripted Website Trust')}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Scripted Website Trust" in text
    assert "javascript:" not in text.replace("javascript:alert(", "")
    assert audit(text) == []


def test_a_configured_site_url_ignores_a_forged_host_header(xss_site, xss_app):
    """Without CATALOGUE_SITE_URL the feed and sitemap use the request's Host
    (docs/security.md says to set it in production); with it, a forged Host
    header cannot put another site's address into them."""
    app = create_app(
        {
            "CATALOGUE_ENTRIES": str(xss_site.entries),
            "CATALOGUE_INDEX": str(xss_site.index),
            "CATALOGUE_SITE_URL": "https://catalogue.example.nhs.uk/",
        }
    )
    client = app.test_client()
    for path in ("/feed.atom", "/sitemap.xml", "/robots.txt", "/opensearch.xml"):
        text = client.get(path, headers={"Host": "forged-host.invalid"}).get_data(
            as_text=True
        )
        assert "forged-host.invalid" not in text, path
        assert "https://catalogue.example.nhs.uk/" in text, path


# --- 3. the headers -----------------------------------------------------------------


def _policy(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = [w.lower() for w in words[1:]]
    return directives


def test_every_page_carries_a_policy_that_blocks_inline_script(xss_app, pages):
    client = xss_app.test_client()
    for path in [*pages, "/feed.atom", "/api/search?q=x", "/api/entries/xss-01"]:
        headers = client.get(path).headers
        policy = _policy(headers["Content-Security-Policy"])
        scripts = policy.get("script-src", policy.get("default-src"))
        assert scripts is not None, path
        for loose in (
            "'unsafe-inline'",
            "'unsafe-eval'",
            "*",
            "data:",
            "http:",
            "https:",
        ):
            assert loose not in scripts, (path, loose)
        assert "'unsafe-hashes'" not in scripts and "'strict-dynamic'" not in scripts
        assert policy["object-src"] == ["'none'"]
        assert policy["base-uri"] in (["'none'"], ["'self'"])
        assert policy["frame-ancestors"] == ["'none'"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"]


# --- 2. in real Chromium --------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def in_chromium(work):
    """`work(browser)` in a thread of its own with its own Playwright.

    Playwright's sync API refuses to start where another instance is already
    running an event loop (tests/browser keeps one for the whole session).
    """
    outcome: dict = {}

    def run() -> None:
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=["--no-sandbox"]
                )
                try:
                    outcome["value"] = work(browser)
                finally:
                    browser.close()
        except BaseException as error:  # re-raised in the test's thread
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True, name="xss-chromium")
    thread.start()
    thread.join(timeout=300)
    if thread.is_alive():
        pytest.fail("Chromium did not finish within 5 minutes")
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


@pytest.fixture(scope="module")
def chromium():
    """`in_chromium`, if Chromium is installed (required in CI)."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CATALOGUE_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium is required but not found at {CHROMIUM}")
        pytest.skip(f"Chromium is not installed ({CHROMIUM}): install 'chromium'")
    return in_chromium


def offline(context) -> None:
    """Refuse every request that is not to 127.0.0.1 (no internet here; and
    a refused image still fires `onerror`, which is what a payload waits for)."""
    context.route(re.compile(r"^(?!http://127\.0\.0\.1[:/])"), lambda r: r.abort())


@pytest.fixture(scope="module")
def xss_server(xss_site, xss_app):  # xss_app has built the index
    from tests.support.server import Server

    with Server(xss_site.entries, xss_site.index) as server:
        yield server


def _browser_pages(pages: list[str]) -> list[str]:
    """Every page but most organisation pages (they share one template)."""
    organisations = [p for p in pages if p.startswith("/organisations/")]
    keep = set(organisations[:6]) | {
        p for p in organisations if p.endswith(slugify("Scripted Website Trust"))
    }
    return [p for p in pages if not p.startswith("/organisations/") or p in keep]


@pytest.mark.browser
def test_no_payload_runs_in_chromium_even_without_the_policy(
    chromium, xss_server, pages
):
    def visit_all(browser) -> list[str]:
        context = browser.new_context(bypass_csp=True)
        offline(context)
        page = context.new_page()
        dialogs: list[str] = []
        page.on(
            "dialog",
            lambda d: (dialogs.append(f"{page.url}: {d.message}"), d.dismiss()),
        )
        try:
            for path in _browser_pages(pages):
                response = page.goto(xss_server.base + path, wait_until="load")
                assert response is not None and response.status == 200, path
                page.wait_for_timeout(100)  # ontoggle, autofocus and the like
        finally:
            context.close()
        return dialogs

    assert chromium(visit_all) == []


@pytest.mark.browser
def test_the_real_policy_blocks_script_injected_into_a_real_page(chromium, xss_server):
    """A template slip that let a payload through would still not run."""
    injected = (
        "<script>alert('inline')</script>"
        "<img src=x onerror=\"alert('handler')\">"
        "<a id=js href=\"javascript:alert('url')\">x</a>"
    )

    def inject(route) -> None:
        response = route.fetch()
        body = response.text().replace("</main>", injected + "</main>", 1)
        assert injected in body
        route.fulfill(response=response, body=body)

    def visit(browser) -> tuple[list[str], list[str], str]:
        context = browser.new_context()
        offline(context)
        page = context.new_page()
        dialogs: list[str] = []
        refused: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on(
            "console",
            lambda m: (
                refused.append(m.text) if "Content Security Policy" in m.text else None
            ),
        )
        try:
            page.route(f"{xss_server.base}/entries/*", inject)
            response = page.goto(f"{xss_server.base}/entries/xss-01", wait_until="load")
            assert response is not None
            policy = response.headers["content-security-policy"]
            page.click("#js")
            page.wait_for_timeout(300)
        finally:
            context.close()
        return dialogs, refused, policy

    dialogs, refused, policy = chromium(visit)
    assert "script-src 'self'" in policy
    assert dialogs == []
    assert len(refused) >= 2, refused  # the inline script and the handler at least


@pytest.mark.browser
def test_the_search_box_reflects_a_query_payload_as_text(chromium, xss_server):
    def search(browser) -> tuple[list[str], list[str]]:
        context = browser.new_context(bypass_csp=True)
        offline(context)
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        shown = []
        try:
            for payload in QUERY_PAYLOADS:
                page.goto(f"{xss_server.base}/search?q={quote(payload)}")
                shown.append(page.input_value("#q"))
        finally:
            context.close()
        return dialogs, shown

    dialogs, shown = chromium(search)
    assert shown == QUERY_PAYLOADS  # the box holds exactly what was typed
    assert dialogs == []
