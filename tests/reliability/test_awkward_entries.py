"""No entry can take the catalogue down (issue 10), tried as a new user would:
awkward bodies beside good entries, an empty folder, only broken files,
control characters pasted from a PDF, a folder without a vocabulary."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from catalogue.app import create_app
from search.indexer import update_index
from tests.catalogue.test_pipeline import AWKWARD, awkward_folder
from tests.reliability.support import Site, run_catalogue

BUNDLED = Path(__file__).resolve().parents[2] / "entries"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def awkward_site(tmp_path_factory: pytest.TempPathFactory, good_dir: Path) -> Site:
    root = tmp_path_factory.mktemp("awkward")
    entries = awkward_folder(good_dir, root / "entries")
    return Site(entries, root / "index", 0)


def test_index_finishes_and_serve_answers_with_every_good_entry(awkward_site, serve):
    done = run_catalogue(awkward_site, "index", "--rebuild", timeout=120)
    assert done.returncode == 0, done.stderr
    assert "11 entries" in done.stdout and "4 files left out" in done.stdout
    for name in set(AWKWARD) - {"big-table.md"}:
        assert f"awkward/{name}" in done.stderr
    server = serve(awkward_site)
    health = server.json("/api/health")
    assert (health["entries"], health["invalid"]) == (11, 4)
    listed = server.json("/api/search?per_page=100")["results"]
    assert len(listed) == 11
    for result in listed:  # every page is served from what the index stored
        status, _headers, body = server.get(result["url"], timeout=2)
        assert status == 200, result["url"]
        assert result["title"].encode() in body
    status, _headers, body = server.get("/entries/big-table", timeout=2)
    assert status == 200 and body.count(b"<tr>") == 10_001
    assert server.get("/entries/brackets")[0] == 404


@pytest.mark.parametrize("contents", ["nothing", "only-broken"])
def test_an_empty_catalogue_serves(tmp_path, serve, contents, broken_dir):
    entries = tmp_path / "entries"
    entries.mkdir()
    if contents == "only-broken":
        for name in ("bad-date.md", "bad-yaml.md", "missing-title.md"):
            shutil.copy(broken_dir / name, entries / name)
    server = serve(Site(entries, tmp_path / "index", 0))
    health = server.json("/api/health")
    left_out = 3 if contents == "only-broken" else 0
    assert (health["entries"], health["invalid"]) == (0, left_out)
    status, _headers, home = server.get("/")
    assert status == 200
    assert b"The catalogue is empty: there are no entries to show yet." in home
    assert (b"3 files were left out because of problems" in home) == bool(left_out)
    status, _headers, page = server.get("/search?q=beds")
    assert status == 200 and b"0 results" in page
    assert server.json("/api/search?q=beds")["total"] == 0
    assert server.json("/api/search")["results"] == []


CONTROLS = (
    '---\ntitle: "Ward \\x01rota"\nsummary: Pasted from a PDF.\ntype: project\n'
    "---\nFirst page.\n\x0c\nSecond page.\n"
)


def test_control_characters_are_warned_and_never_reach_the_feed(tmp_path):
    entries = tmp_path / "entries"
    entries.mkdir()
    (entries / "ward-rota.md").write_text(CONTROLS, encoding="utf-8")
    site = Site(entries, tmp_path / "index", 1)
    checked = run_catalogue(site, "check", "--strict", str(entries))
    assert checked.returncode == 1
    warnings = [line for line in checked.stdout.splitlines() if ": warning: " in line]
    assert warnings == [
        f"{entries.as_posix()}/ward-rota.md:2: title: warning: holds the control"
        " character U+0001 (control character), which pages and feeds cannot show;"
        " it is left out",
        f"{entries.as_posix()}/ward-rota.md:7: body: warning: holds the control"
        " character U+000C (form feed), which pages and feeds cannot show; it is"
        " left out",
    ]
    assert run_catalogue(site, "check", str(entries)).returncode == 0
    client = create_app(
        {"CATALOGUE_ENTRIES": str(entries), "CATALOGUE_INDEX": str(site.index)}
    ).test_client()
    feed = client.get("/feed.atom")
    assert feed.status_code == 200
    root = ET.fromstring(feed.data)  # valid XML, or this raises
    titles = [e.findtext(f"{ATOM}title") for e in root.iter(f"{ATOM}entry")]
    assert titles == ["Ward rota"]
    assert ET.fromstring(client.get("/sitemap.xml").data) is not None
    page = client.get("/entries/ward-rota").get_data(as_text=True)
    assert "Ward rota" in page and "\x0c" not in page and "\x01" not in page


def test_a_folder_without_a_vocabulary_merges_aliases_as_the_bundled_one(tmp_path):
    copy = Path(shutil.copytree(BUNDLED, tmp_path / "entries"))
    (copy / "vocabulary.yml").unlink()
    answers = []
    for folder, index in ((BUNDLED, tmp_path / "bundled"), (copy, tmp_path / "own")):
        update_index(folder, index)
        client = create_app(
            {"CATALOGUE_ENTRIES": str(folder), "CATALOGUE_INDEX": str(index)}
        ).test_client()
        answers.append(
            (
                client.get("/api/facets").get_json(),
                client.get("/api/search?technique=NLP").get_json()["total"],
                client.get("/api/search?q=LoS").get_json()["total"],
            )
        )
    assert answers[0] == answers[1]
    facets, nlp, _los = answers[0]
    techniques = {f["value"] for f in facets["technique"]}
    assert "Natural language processing" in techniques and "NLP" not in techniques
    assert nlp > 0
