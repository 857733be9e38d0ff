"""Faults while serving: each gives a clear message and loses nothing.

- re-indexing three times while clients search: no failed or empty answers;
- SIGKILL of `catalogue index --rebuild` half-way: the site keeps serving the
  last good index, the build's workers go too, the next `catalogue index`
  recovers;
- a read-only index folder (a real other user, not a mocked error);
- a missing entries folder, before and while serving;
- an entry deleted while serving.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest

from search.indexer import update_index
from tests.reliability.support import Site, copy_site, run_catalogue
from tests.search.conftest import write_corpus
from tests.support.corpus.generate import write_corpus as write_generated
from tests.support.load import drive, entry_slugs
from tests.support.server import Server, catalogue_command

MID_ENTRIES = 400  # re-indexed several times: one process, a second or so each


def eventually(check, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return check()


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file below a folder: size and modification time."""
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def published(index: Path) -> set[str]:
    """The generations CURRENT names."""
    return set((index / "CURRENT").read_text(encoding="utf-8").split())


def totals_checker(expected: dict[str, int]):
    """A `drive` check: a 200 and, for a known search, the same total as before."""

    def check(path: str, status: int, body: bytes) -> str | None:
        if status != 200:
            return f"status {status}: {body[:200]!r}"
        if path in expected:
            total = json.loads(body)["total"]
            if total != expected[path]:
                return f"total {total}, expected {expected[path]}"
        return None

    return check


class Clients:
    """A few clients in the background while a test does something else."""

    def __init__(self, server: Server, paths: list[str], expected: dict[str, int]):
        assert server.port is not None
        self.stop = threading.Event()
        self.result: dict = {}
        self.thread = threading.Thread(
            target=lambda: self.result.update(
                drive(
                    server.port,  # type: ignore[arg-type]
                    lambda rng: ("mixed", rng.choice(paths)),
                    seconds=180,
                    clients=4,
                    check=totals_checker(expected),
                    stop=self.stop,
                )
            ),
            daemon=True,
        )

    def __enter__(self) -> Clients:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop.set()
        self.thread.join(timeout=60)
        assert not self.thread.is_alive(), "the clients did not stop"


SEARCHES = [
    {"q": "data"},
    {"q": "patients model"},
    {"q": '"length of stay"'},
    {"q": "predict*"},
    {"q": "bed management", "sort": "title"},
    {"q": "", "type": "case-study"},
    {"q": "", "has_code": "true", "per_page": "100"},
]


def known_answers(server: Server) -> dict[str, int]:
    """The totals of SEARCHES now (each must find something)."""
    expected = {}
    for params in SEARCHES:
        path = "/api/search?" + urlencode(params)
        total = server.json(path)["total"]
        assert total > 0, path
        expected[path] = total
    return expected


@pytest.fixture(scope="module")
def mid_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """MID_ENTRIES generated entries, indexed once (read-only; tests copy it)."""
    root = tmp_path_factory.mktemp("mid-site")
    count = write_generated(root / "entries", MID_ENTRIES, 11, vocabulary=True)
    update_index(root / "entries", root / "index")
    return Site(root / "entries", root / "index", count)


# --- re-indexing while clients search -----------------------------------------------


@pytest.mark.slow
def test_reindexing_three_times_while_clients_search(mid_site, tmp_path, serve):
    site = copy_site(mid_site, tmp_path)
    server = serve(site)
    expected = known_answers(server)
    slugs = entry_slugs(site.entries, limit=30)
    paths = [*expected, "/search?q=data", "/api/facets"]
    paths += [f"/entries/{slug}" for slug in slugs]
    edited = next(site.entries.rglob(f"{slugs[0]}.md"))
    outputs = []
    with Clients(server, paths, expected) as clients:
        for step in ("rebuild", "edit and update", "rebuild"):
            time.sleep(0.5)  # let the clients see each version
            if step.startswith("edit"):
                edited.write_text(edited.read_text() + "\nzebracorn\n")
            args = ("index", "--rebuild") if step == "rebuild" else ("index",)
            done = run_catalogue(site, *args)
            assert done.returncode == 0, done.stderr
            outputs.append(done.stdout.strip())
        time.sleep(0.5)
    result = clients.result
    assert result["errors"] == 0, result["error_samples"]
    assert result["requests"] > 20, result
    assert outputs[0].startswith("Index rebuilt (asked for)")
    assert outputs[1].startswith("Index updated") and "1 updated" in outputs[1]
    assert server.json("/api/health")["entries"] == site.count
    hits = server.json("/api/search?q=zebracorn")["results"]
    assert [h["slug"] for h in hits] == [slugs[0]]
    assert {g.name for g in site.index.glob("gen-*")} <= published(site.index)


# --- SIGKILL half-way through a rebuild ---------------------------------------------


def _children(pid: int) -> set[int]:
    """Processes whose parent is `pid` (from /proc)."""
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                text = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(text.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry))
    return found


def _running(pid: int) -> bool:
    """Whether a process exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def _wait_until_half_way(indexer: subprocess.Popen, build_seconds: float) -> set[int]:
    """Wait until the rebuild is writing documents; return its worker processes.

    Half-way is a second into the two writer processes' work (validation is
    done, documents are being written), or half the time a full build took
    if no workers appear.
    """
    started, first_seen = time.monotonic(), None
    workers: set[int] = set()
    while indexer.poll() is None:
        now = time.monotonic()
        found = _children(indexer.pid)
        if found and first_seen is None:
            first_seen = now
        workers |= found
        if first_seen is not None and now - first_seen >= 1.0:
            break
        if first_seen is None and now - started >= build_seconds / 2:
            break
        time.sleep(0.05)
    return workers


def _answers(server: Server, paths: list[str]) -> dict[str, dict]:
    found = {}
    for path in paths:
        body = server.json(path)
        found[path] = {
            "total": body["total"],
            "slugs": [r["slug"] for r in body["results"]],
            "facets": body["facets"],
        }
    return found


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_sigkill_half_way_through_a_rebuild_loses_nothing(big_site, tmp_path, serve):
    site = copy_site(big_site, tmp_path)
    server = serve(site)
    expected = known_answers(server)
    before = _answers(server, list(expected))
    health = server.json("/api/health")
    paths = [*expected, *(f"/entries/{s}" for s in entry_slugs(site.entries, 20))]
    log = tmp_path / "indexer.log"
    with Clients(server, paths, expected) as clients:
        with log.open("wb") as out:
            indexer = subprocess.Popen(
                [*catalogue_command(), "index", "--rebuild"],
                env=site.env(),
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        workers = _wait_until_half_way(indexer, big_site.build_seconds)
        assert indexer.poll() is None, "the rebuild ended before half-way"
        os.kill(indexer.pid, signal.SIGKILL)
        indexer.wait(timeout=10)
        # the last good index is still published and served, unchanged
        assert _answers(server, list(expected)) == before
        assert server.json("/api/health") == health
        # the build's worker processes went with it: they used to live on,
        # holding the write lock ("being updated by process N", N dead)
        gone = eventually(lambda: not any(map(_running, workers)))
        for pid in filter(_running, workers):  # we started them: never leave them
            os.kill(pid, signal.SIGKILL)
        assert gone, f"worker processes {workers} outlived the killed indexer"
        recovered = run_catalogue(site, "index", timeout=180)
    assert recovered.returncode == 0, recovered.stderr + recovered.stdout
    assert recovered.stdout.startswith("Index updated"), recovered.stdout
    assert f"{site.count} unchanged" in recovered.stdout
    result = clients.result
    assert result["errors"] == 0, result["error_samples"]
    after = _answers(server, list(expected))
    assert {p: a["total"] for p, a in after.items()} == {
        p: a["total"] for p, a in before.items()
    }
    assert server.json("/api/health")["entries"] == site.count
    # the half-built generation was cleared away by the next update
    assert {g.name for g in site.index.glob("gen-*")} <= published(site.index)


# --- a read-only index folder -------------------------------------------------------


def _other_user() -> list[str] | None:
    """A command prefix that runs as a user who cannot write the index, or None.

    As an ordinary user, chmod is enough (no prefix). As root it is not: the
    command runs as `nobody`, if that user can run this Python at all.
    """
    if os.geteuid() != 0:
        return []
    for prefix in (
        ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"],
        ["runuser", "-u", "nobody", "--"],
    ):
        if shutil.which(prefix[0]):
            probe = subprocess.run(
                [*prefix, sys.executable, "-c", "import catalogue"],
                capture_output=True,
                timeout=60,
                check=False,
            )
            if probe.returncode == 0:
                return prefix
    return None


def _as_other_user() -> list[str]:
    prefix = _other_user()
    if prefix is None:
        pytest.skip("cannot run Python as another user here (see the injected test)")
    return prefix


@pytest.fixture
def read_only_site() -> Iterator[Site]:
    """The small site in a world-readable folder; its index not writable to the user.

    As root, the commands run as `nobody` (65534) on root's files; as an
    ordinary user, the index folder is made read-only with chmod.
    """
    root = Path(tempfile.mkdtemp(prefix="catalogue-read-only-"))
    try:
        write_corpus(root / "entries")
        report = update_index(root / "entries", root / "index")
        for path in [root, *root.rglob("*")]:  # readable by everyone
            path.chmod(0o755 if path.is_dir() else 0o644)
        if os.geteuid() != 0:
            for path in [root / "index", *(root / "index").rglob("*")]:
                path.chmod(0o555 if path.is_dir() else 0o444)
        yield Site(root / "entries", root / "index", report.total)
    finally:
        for path in [root, *root.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        shutil.rmtree(root, ignore_errors=True)


def test_a_read_only_index_folder_is_reported_and_left_alone(read_only_site):
    prefix = _as_other_user()
    before = snapshot(read_only_site.index)
    for args in (["index"], ["index", "--rebuild"]):
        done = subprocess.run(
            [*prefix, *catalogue_command(), *args],
            env=read_only_site.env(),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 1, done.stdout + done.stderr
        message = done.stderr
        assert f"cannot write to the index folder {read_only_site.index}" in message
        assert "check its permissions" in message and "Traceback" not in message
    assert snapshot(read_only_site.index) == before


def test_an_unwritable_index_folder_is_reported_by_injection(small_site, tmp_path):
    """Only where no other user can run the commands: the same check with the
    lock file's open failing as it would (a narrowly scoped fault injection)."""
    if _other_user() is not None:
        pytest.skip("tested for real above, as another user")
    import builtins
    from unittest import mock

    from search.generations import IndexUnavailable

    site = copy_site(small_site, tmp_path)
    before = snapshot(site.index)
    real_open = builtins.open

    def refusing(path, *args, **kwargs):
        if str(path).endswith("write.lock"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    with mock.patch("builtins.open", refusing):
        with pytest.raises(IndexUnavailable, match="cannot write to the index"):
            update_index(site.entries, site.index)
    assert snapshot(site.index) == before


READ_ONLY_PROBE = """
import json
from catalogue.app import create_app
client = create_app().test_client()
answers = {}
for path in ["/api/health", "/api/search?q=bed", "/search?q=bed",
             "/entries/bed-planner", "/api/entries/bed-planner", "/feed.atom"]:
    response = client.get(path)
    answers[path] = [response.status_code, response.get_data(as_text=True)[:20000]]
print(json.dumps(answers))
"""


def test_a_read_only_index_is_served(read_only_site):
    """The WSGI app (gunicorn wsgi:app) serves an index it cannot write."""
    prefix = _as_other_user()
    before = snapshot(read_only_site.index)
    done = subprocess.run(
        [*prefix, sys.executable, "-c", READ_ONLY_PROBE],
        env=read_only_site.env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    answers = json.loads(done.stdout)
    assert {path: status for path, (status, _body) in answers.items()} == dict.fromkeys(
        answers, 200
    )
    assert json.loads(answers["/api/health"][1])["entries"] == read_only_site.count
    assert json.loads(answers["/api/search?q=bed"][1])["total"] == 2
    assert snapshot(read_only_site.index) == before


def test_catalogue_serve_on_a_read_only_index_says_why_or_serves(read_only_site):
    """`catalogue serve` refreshes the index first; on a read-only folder it must
    either serve the index that is there or stop with the clear message."""
    server = Server(read_only_site.entries, read_only_site.index)
    server.prefix = _as_other_user()
    server.start_seconds = 30
    try:
        server.start()
    except RuntimeError:
        log = server.log()
        assert f"cannot write to the index folder {read_only_site.index}" in log
        assert "Traceback" not in log
    else:
        assert server.json("/api/health")["entries"] == read_only_site.count
    finally:
        server.stop()


# --- a missing entries folder -------------------------------------------------------


def test_indexing_a_missing_entries_folder_leaves_the_index_alone(small_site, tmp_path):
    site = copy_site(small_site, tmp_path)
    before = snapshot(site.index)
    gone = Site(tmp_path / "no-such-folder", site.index, 0)
    for args in (("index",), ("index", "--rebuild")):
        done = run_catalogue(gone, *args)
        assert done.returncode == 1
        assert f"the entries folder {gone.entries} does not exist" in done.stderr
        assert "the index was left as it was" in done.stderr
        assert "Traceback" not in done.stderr
    assert snapshot(site.index) == before


def test_the_entries_folder_going_missing_while_serving(small_site, tmp_path, serve):
    site = copy_site(small_site, tmp_path)
    server = serve(site)
    expected = {"/api/search?q=bed": 2, "/api/search?type=project": 3}
    assert {p: server.json(p)["total"] for p in expected} == expected
    assert server.get("/entries/bed-planner")[0] == 200
    away = site.entries.rename(tmp_path / "entries-away")
    try:
        assert server.json("/api/health")["entries"] == site.count
        assert {p: server.json(p)["total"] for p in expected} == expected
        for path in ("/entries/bed-planner", "/", "/feed.atom", "/organisations"):
            assert server.get(path)[0] == 200, path  # the last catalogue is kept
        refused = run_catalogue(site, "index")
        assert refused.returncode == 1
        assert "does not exist; the index was left as it was" in refused.stderr
        assert server.json("/api/health")["entries"] == site.count
    finally:
        away.rename(site.entries)
    done = run_catalogue(site, "index")
    assert done.returncode == 0, done.stderr
    assert {p: server.json(p)["total"] for p in expected} == expected


def test_serving_with_the_entries_folder_missing_from_the_start(small_site, tmp_path):
    """An index but no entries folder: every page is served from what the
    index stored, as it was when it was built; nothing reads the folder."""
    from catalogue.app import create_app

    site = copy_site(small_site, tmp_path)
    site.entries.rename(tmp_path / "entries-away")
    client = create_app(
        {"CATALOGUE_ENTRIES": str(site.entries), "CATALOGUE_INDEX": str(site.index)}
    ).test_client()
    assert client.get("/api/health").get_json()["entries"] == site.count
    assert client.get("/api/search?q=bed").get_json()["total"] == 2
    entry = client.get("/api/entries/bed-planner")
    assert entry.status_code == 200
    assert entry.get_json()["slug"] == "bed-planner"
    assert "<p>" in entry.get_json()["html"]
    page = client.get("/entries/bed-planner")
    assert page.status_code == 200
    assert entry.get_json()["title"] in page.get_data(as_text=True)


# --- an entry deleted while serving -------------------------------------------------


def test_an_entry_deleted_while_serving(small_site, tmp_path, serve):
    site = copy_site(small_site, tmp_path)
    server = serve(site)
    every = [s["slug"] for s in server.json("/api/search?per_page=100")["results"]]
    assert len(every) == site.count and "scan-sorter" in every
    assert server.get("/entries/scan-sorter")[0] == 200
    (site.entries / "case-studies" / "scan-sorter.md").unlink()
    # until the next index update: the last catalogue, consistently, no errors
    for path in ["/", "/search?q=scans", "/entries/scan-sorter", "/feed.atom"]:
        assert server.get(path)[0] == 200, path
    done = run_catalogue(site, "index")
    assert done.returncode == 0, done.stderr
    assert "1 removed" in done.stdout and "5 entries" in done.stdout
    status, headers, body = server.get("/api/entries/scan-sorter")
    assert status == 404 and json.loads(body)["error"]["code"] == "not_found"
    status, headers, body = server.get("/entries/scan-sorter")
    assert status == 404 and headers["Content-Type"].startswith("text/html")
    assert server.json("/api/search?q=scans")["total"] == 0
    assert server.json("/api/health")["entries"] == site.count - 1
    for slug in every:  # nothing else is lost
        if slug != "scan-sorter":
            assert server.get(f"/entries/{slug}")[0] == 200, slug
            assert server.json(f"/api/entries/{slug}")["slug"] == slug


def test_deleting_an_entry_others_relate_to_is_reported(small_site, tmp_path, serve):
    """Contract section 1: an unknown `related` slug leaves the file out and is
    reported with its path and a fix; everything else is kept."""
    site = copy_site(small_site, tmp_path)
    server = serve(site)
    (site.entries / "projects" / "los-predictor.md").unlink()
    done = run_catalogue(site, "index")
    assert done.returncode == 0, done.stderr
    assert "events/los-webinar.md" in done.stderr
    assert "unknown related slug 'los-predictor'" in done.stderr
    health = server.json("/api/health")
    assert (health["entries"], health["invalid"]) == (site.count - 2, 1)
    for slug in ("bed-planner", "notes-reader", "scan-sorter", "flow-guide"):
        assert server.get(f"/entries/{slug}")[0] == 200, slug
