"""The adoption ledger through the real app, on a hand-made corpus.

Histories, a stopped adoption, a one-line adopter and a retired entry with a
successor: the API, the entry page, the organisation page, the `adoption`
facet, `/adoptions.atom`, the home page and the ATRS draft must all tell the
same story.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from catalogue.app import create_app

ATOM = "{http://www.w3.org/2005/Atom}"

VOCABULARY = """\
problem_areas:
  - name: Bed management
organisations:
  - name: Alpha Hospitals NHS Trust
    ods: AAA
  - name: Beta Health NHS Foundation Trust
    aliases: [Beta]
    ods: BBB
  - name: Gamma Community Trust
  - name: Delta Analytics
    kind: supplier (analytics company)
"""

ENTRIES = {
    "projects/beds.md": """\
---
title: Bed finder
summary: Suggests which ward has room for each incoming patient.
type: project
status: proof-of-concept
date: 2021-03
problem_areas: [Bed management]
organisation: Alpha Hospitals NHS Trust
partners: [Delta Analytics]
code: {url: "https://example.org/beds", licence: MIT, language: Python}
reuse:
  data:
    - {name: Ward occupancy by hour, patient_level: true}
  governance: [DPIA]
  medical_device: not-assessed
  readiness_level: 4
adopters:
  - organisation: Beta
    status: in-use
    since: 2021-06
    history:
      - {status: exploring, date: 2021-06, note: Saw the webinar}
      - {status: piloting, date: 2022-01}
      - {status: in-use, date: 2022-09}
    changes: Retrained on two years of local occupancy
    outcome: Bed waits fell by a fifth in the pilot wards
    contact: beds.team@beta.example.nhs.uk
  - organisation: Gamma Community Trust
    status: stopped
    history:
      - {status: exploring, date: 2022-02}
      - {status: stopped, date: 2022-05}
    stopped_reason: Our ward system could not export occupancy by the hour
---
The tool reads bed states and suggests a ward for each admission.
""",
    "projects/triage.md": """\
---
title: Triage helper
summary: Sorts referrals by urgency for the triage team.
type: project
status: pilot
date: 2020-01
organisation: Beta
adopters:
  - {organisation: Alpha Hospitals NHS Trust, status: adapting, since: 2023-04}
---
Sorts referrals.
""",
    "projects/old-bed-tool.md": """\
---
title: Old bed spreadsheet
summary: The spreadsheet that bed managers used before the bed finder.
type: project
status: retired
date: 2024-05
retired:
  date: 2022-01
  reason: Replaced by the bed finder, which does the same job live
  superseded_by: beds
---
A spreadsheet.
""",
    "case-studies/notes.md": """\
---
title: Lessons from bed finding
summary: What the bed finder teams learnt.
type: case-study
date: 2023-01
---
Notes.
""",
}

EVENTS = [  # (date, organisation, status, entry) newest first
    ("2023-04", "Alpha Hospitals NHS Trust", "adapting", "Triage helper"),
    ("2022-09", "Beta Health NHS Foundation Trust", "in-use", "Bed finder"),
    ("2022-05", "Gamma Community Trust", "stopped", "Bed finder"),
    ("2022-02", "Gamma Community Trust", "exploring", "Bed finder"),
    ("2022-01", "Beta Health NHS Foundation Trust", "piloting", "Bed finder"),
    ("2021-06", "Beta Health NHS Foundation Trust", "exploring", "Bed finder"),
]


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    root = tmp_path_factory.mktemp("adoption")
    entries = root / "entries"
    for relpath, text in ENTRIES.items():
        path = entries / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (entries / "vocabulary.yml").write_text(VOCABULARY, encoding="utf-8")
    return create_app(
        {
            "CATALOGUE_ENTRIES": str(entries),
            "CATALOGUE_INDEX": str(root / "index"),
            "CATALOGUE_EDIT_URL": "https://github.com/nhs/catalogue/edit/main/entries/",
            "TESTING": True,
        }
    )


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def page(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_every_entry_is_served(client):
    health = client.get("/api/health").get_json()
    assert (health["entries"], health["invalid"]) == (4, 0)


def test_the_api_carries_history_codes_and_the_stopped_reason(client):
    beds = client.get("/api/entries/beds").get_json()
    beta, gamma = beds["adopters"]
    assert beta["ods"] == "BBB" and beta["status"] == "in-use"
    assert beta["history"] == [
        {"status": "exploring", "date": "2021-06", "note": "Saw the webinar"},
        {"status": "piloting", "date": "2022-01", "note": None},
        {"status": "in-use", "date": "2022-09", "note": None},
    ]
    assert beta["contact"] == "beds.team@beta.example.nhs.uk"
    assert gamma["status"] == "stopped" and "ods" not in gamma
    assert gamma["stopped_reason"].startswith("Our ward system")
    assert beds["organisation_ods"] == "AAA"


def test_a_one_line_adopter_keeps_its_old_shape(client):
    triage = client.get("/api/entries/triage").get_json()
    assert triage["adopters"] == [
        {
            "organisation": "Alpha Hospitals NHS Trust",
            "status": "adapting",
            "since": "2023-04",
            "ods": "AAA",
        }
    ]


def test_the_adoption_facet_counts_entries_by_current_status(client):
    facets = client.get("/api/facets").get_json()["adoption"]
    assert facets == [
        {"value": "adapting", "count": 1, "selected": False},
        {"value": "in-use", "count": 1, "selected": False},
        {"value": "stopped", "count": 1, "selected": False},
    ]
    stopped = client.get("/api/search?adoption=stopped").get_json()
    assert [r["slug"] for r in stopped["results"]] == ["beds"]


def test_the_facet_the_api_and_the_feed_agree(client):
    """Facet counts and feed events derived again from what the API returns."""
    api_entries = [
        client.get(f"/api/entries/{slug}").get_json()
        for slug in ("beds", "triage", "old-bed-tool", "notes")
    ]
    counts: dict[str, int] = {}
    for found in api_entries:
        for status in {a["status"] for a in found["adopters"]}:
            counts[status] = counts.get(status, 0) + 1
    facets = client.get("/api/facets").get_json()["adoption"]
    assert {f["value"]: f["count"] for f in facets} == counts
    steps = sum(
        len(a.get("history") or [a]) for found in api_entries for a in found["adopters"]
    )
    feed = ET.fromstring(client.get("/adoptions.atom").data)
    assert len(feed.findall(f"{ATOM}entry")) == steps == len(EVENTS)


def test_adoptions_atom_is_valid_atom_one_entry_per_event_newest_first(client):
    response = client.get("/adoptions.atom")
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{required}") is not None
    entries = feed.findall(f"{ATOM}entry")
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids)
    found = [
        (
            e.findtext(f"{ATOM}updated")[:7],
            e.find(f"{ATOM}category").get("term"),
            e.findtext(f"{ATOM}title"),
        )
        for e in entries
    ]
    assert [(d, s) for d, s, _t in found] == [(d, s) for d, _o, s, _e in EVENTS]
    for (_d, _s, title), (_date, organisation, _status, entry) in zip(
        found, EVENTS, strict=True
    ):
        assert title.startswith(organisation) and title.endswith(entry)
    assert entries[0].findtext(f"{ATOM}updated") == "2023-04-01T00:00:00+00:00"
    assert feed.findtext(f"{ATOM}updated") == "2023-04-01T00:00:00+00:00"
    stopped = entries[2]
    assert "tried and stopped Bed finder in 2022-05" in stopped.findtext(
        f"{ATOM}summary"
    )
    link = entries[1].find(f"{ATOM}link").get("href")
    assert link.endswith("/entries/beds#adoption-beta-health-nhs-foundation-trust-2")


def test_the_entry_page_shows_timelines_and_what_was_stopped(client):
    html = page(client, "/entries/beds")
    assert html.count('class="app-timeline"') == 2
    assert html.count('<svg class="app-timeline__chart"') == 2
    main = html.split("</main>")[0]  # drawn on the server: no script but data
    assert main.count("<script") == main.count('<script type="application/ld+json"')
    assert "Exploring</strong> from 2021-06: Saw the webinar" in html
    assert "Piloting</strong> from 2022-01" in html
    assert "In use</strong> from 2022-09 (current)" in html
    assert 'id="adoption-beta-health-nhs-foundation-trust-2"' in html
    stopped = html.split('id="tried-and-stopped"')[1].split("</section>")[0]
    assert "Gamma Community Trust" in stopped and "stopped in 2022-05" in stopped
    assert "could not export occupancy by the hour" in stopped
    table = html.split('class="nhsuk-table app-adopters"')[1].split("</table>")[0]
    assert "Beta Health" in table and "Gamma" not in table  # stopped: not current


def test_the_entry_page_links_the_reuse_form_the_snippet_and_atrs(client):
    html = page(client, "/entries/beds")
    assert (
        'href="https://github.com/nhs/catalogue/issues/new?template=reuse.yml'
        "&amp;title=Reused%3A+Bed+finder&amp;slug=beds&amp;entry=Bed+finder"
    ) in html
    snippet = html.split('<pre class="app-snippet"><code>')[1].split("</code>")[0]
    assert snippet.startswith("  - organisation: Full name of your organisation")
    assert "status: exploring" in snippet and "history:" in snippet
    assert 'href="/entries/beds/atrs.md"' in html
    assert 'href="/entries/beds/atrs.md?adopter=BBB"' in html


def test_the_organisation_page_shows_what_it_adopted_and_stopped_with_dates(client):
    beta = page(client, "/organisations/beta-health-nhs-foundation-trust")
    assert "ODS code: <strong>BBB</strong>" in beta
    reused = beta.split('id="adopted"')[1].split("</section>")[0]
    assert "Bed finder" in reused and "since 2021-06" in reused
    assert "Piloting</strong> from 2022-01" in reused
    assert "Work it leads" in beta and "Triage helper" in beta
    gamma = page(client, "/organisations/gamma-community-trust")
    stopped = gamma.split('id="stopped"')[1].split("</section>")[0]
    assert "Bed finder" in stopped and "Stopped in 2022-05:" in stopped
    assert "could not export occupancy" in stopped
    assert 'id="adopted"' not in gamma  # nothing it still reuses
    assert "tried and stopped 1 entry" in gamma


@pytest.mark.parametrize("code", ["BBB", "bbb"])
def test_an_ods_code_redirects_to_the_organisation(client, code):
    response = client.get(f"/organisations/{code}")
    assert response.status_code == 301
    assert response.headers["Location"].endswith(
        "/organisations/beta-health-nhs-foundation-trust"
    )


def test_an_unknown_ods_code_is_not_found(client):
    assert client.get("/organisations/ZZZ").status_code == 404


def test_the_home_page_lists_recent_adoption_events(client):
    html = page(client, "/")
    recent = html.split('id="recent-adoptions-heading"')[1].split("</section>")[0]
    assert recent.index("2023-04") < recent.index("2022-09") < recent.index("2022-05")
    assert "tried and stopped" in recent
    assert 'href="/adoptions.atom"' in recent


def test_a_retired_entry_and_its_successor_link_both_ways(client):
    old = page(client, "/entries/old-bed-tool")
    banner = old.split('app-tombstone"')[1].split("</main>")[0]
    assert "retired since 2022-01" in banner
    assert "Replaced by the bed finder" in banner
    assert '<a href="/entries/beds">Bed finder</a> instead' in banner
    beds = page(client, "/entries/beds")
    replaces = beds.split("app-replaces")[1].split("</div>")[0]
    assert '<a href="/entries/old-bed-tool">Old bed spreadsheet</a> (retired)' in (
        replaces
    )
    api = client.get("/api/entries/old-bed-tool").get_json()
    assert api["retired"] == {
        "date": "2022-01",
        "reason": "Replaced by the bed finder, which does the same job live",
        "superseded_by": "beds",
    }


def test_browsing_lists_retired_entries_after_current_ones(client):
    body = client.get("/api/search").get_json()
    slugs = [r["slug"] for r in body["results"]]
    # The retired entry is the newest by date, yet comes last.
    assert slugs == ["notes", "beds", "triage", "old-bed-tool"]
    by_title = client.get("/api/search?sort=title").get_json()
    assert by_title["results"][-1]["slug"] == "old-bed-tool"
    found = client.get("/api/search?q=spreadsheet").get_json()
    assert [r["slug"] for r in found["results"]] == ["old-bed-tool"]


def test_most_adopted_sorts_by_current_adopters(client):
    body = client.get("/api/search?sort=adopted").get_json()
    assert body["sort"] == "adopted"
    # beds: one current adopter (one stopped); triage: one; then by date.
    assert [r["slug"] for r in body["results"]][:2] == ["beds", "triage"]
    html = page(client, "/search")
    assert "Most adopted" in html


def test_the_atrs_draft_fills_what_the_entry_knows_and_marks_gaps(client):
    response = client.get("/entries/beds/atrs.md?adopter=bbb")
    assert response.status_code == 200
    assert response.mimetype == "text/markdown"
    assert (
        'filename="beds-bbb-atrs-draft.md"' in response.headers["Content-Disposition"]
    )
    text = response.get_data(as_text=True)
    assert "Algorithmic Transparency Recording Standard v3.0" in text
    assert "Beta Health NHS Foundation Trust (ODS code BBB)" in text
    section = text.split("### 1.4 `contact_email`, tier 1\n\n")[1].split("\n")[0]
    assert section == "beds.team@beta.example.nhs.uk"
    assert "### 2.1.4.1 `external_supplier`, tier 2\n\nDelta Analytics" in text
    assert "### 2.2.3 `benefit`, tier 2\n\nBed waits fell by a fifth" in text
    assert "Retrained on two years of local occupancy" in text
    gap = text.split("### 2.1.3 `senior_responsible_owner`, tier 2\n\n")[1]
    assert gap.startswith("**To complete:**")
    lead = client.get("/entries/beds/atrs.md").get_data(as_text=True)
    assert "Alpha Hospitals NHS Trust (ODS code AAA)" in lead


@pytest.mark.parametrize(
    "url", ["/entries/beds/atrs.md?adopter=ZZZ", "/entries/nope/atrs.md"]
)
def test_an_unknown_atrs_target_is_not_found(client, url):
    assert client.get(url).status_code == 404


def test_sitemap_and_feed_pages_still_work(client, tmp_path: Path):
    assert client.get("/feed.atom").status_code == 200
    assert client.get("/sitemap.xml").status_code == 200
