"""Evidence tiers from real git repositories built in a temporary folder.

Every repository here is made with the git command line (fixed author and
committer dates), served to `catalogue evidence` through an
`url.<file-url>.insteadOf=https://github.com/` mapping in a git configuration
file, exactly as an operator would point the command at a mirror. Nothing is
mocked: git clones, licenseclassifier reads the licence, the CLI writes the file.
"""

from __future__ import annotations

import http.server
import json
import os
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from catalogue.cli import cli
from catalogue.collection import load_catalogue
from catalogue.evidence import (
    TIERS,
    Facts,
    check_entry,
    evaluate,
    inspect_repository,
    is_open_licence,
    tier_of,
)
from catalogue.evidence_store import (
    EVIDENCE_FILE,
    EvidenceFileError,
    evidence_for,
    evidence_from_record,
    load_evidence,
    record_of,
    refresh_evidence,
    save_evidence,
)
from catalogue.gitrepo import RepositoryError, clone_repository, clone_url
from catalogue.model import Code, Entry

ROOT = Path(__file__).resolve().parents[2]

#: The MIT licence as published by the OSI, with a copyright line filled in.
MIT = """\
MIT License

Copyright (c) 2023 Ridgeway Hospitals NHS Trust

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""

CODE = {"discharge/model.py": "def predict(row):\n    return 0.5\n"}
DOCUMENTED = {
    "README.md": (
        "# Discharge planner\n\nPredicts discharges.\n\n## Installation\n\n"
        "```sh\npip install -r requirements.txt\n```\n"
    ),
    "requirements.txt": "pandas>=2\n",
}
TESTED = {
    "tests/test_model.py": "from discharge.model import predict\n\n"
    "def test_predict():\n    assert predict({}) == 0.5\n",
    ".github/workflows/ci.yml": (
        "name: CI\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - uses: actions/checkout@v4\n"
        "      - run: pip install -r requirements.txt\n      - run: pytest -q\n"
    ),
}
GENERATOR = {
    "fake_data_generation/generate_fake_data.py": "import random\n\n"
    "def rows(n):\n    return [{'age': random.randint(18, 99)} for _ in range(n)]\n"
}
#: The files of a repository at each tier (cumulative).
LEVELS = {
    0: {**CODE, "README.md": "# Discharge planner\n"},
    1: {**CODE, "README.md": "# Discharge planner\n", "LICENSE": MIT},
    2: {**CODE, **DOCUMENTED, "LICENSE": MIT},
    3: {**CODE, **DOCUMENTED, **TESTED, "LICENSE": MIT},
    4: {**CODE, **DOCUMENTED, **TESTED, **GENERATOR, "LICENSE": MIT},
}
DATES = ["2023-01-02T03:04:05+00:00", "2023-02-03T04:05:06+00:00"]


@pytest.fixture
def repos(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder of repositories that https://github.com/<owner>/<name> reaches.

    git reads only the configuration file written here (GIT_CONFIG_GLOBAL,
    no system file): the insteadOf mapping, file transport allowed for it, and
    filters allowed by the local "server", as GitHub allows them.
    """
    root = tmp_path / "repos"
    root.mkdir()
    config = tmp_path / "gitconfig"
    write_config(config, root)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)
    return root


def write_config(
    config: Path, root: Path, filters: bool = True, mapping: bool = True
) -> None:
    """The one git configuration file the tests use (the "server" reads it too)."""
    text = (
        "[user]\n\tname = Test\n\temail = test@example.org\n"
        "[init]\n\tdefaultBranch = main\n"
        '[protocol "file"]\n\tallow = always\n'
    )
    if filters:
        text += "[uploadpack]\n\tallowFilter = true\n"
    if mapping:
        text += f'[url "{root.as_uri()}/"]\n\tinsteadOf = https://github.com/\n'
    config.write_text(text, encoding="utf-8")


def make_repo(
    root: Path, name: str, files: dict[str, str | bytes], commits: int = 1
) -> str:
    """A git repository at root/test/<name>; returns its https://github.com URL."""
    path = root / "test" / name
    path.mkdir(parents=True)
    _git(path, "init", "-q")
    for number in range(commits):
        for relpath, content in files.items():
            target = path / relpath
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content + "\n" * number, encoding="utf-8")
        _git(path, "add", "-A")
        _git(path, "commit", "-q", "-m", f"Change {number}", date=_date(number))
    return f"https://github.com/test/{name}"


def _date(number: int) -> str:
    return DATES[number] if number < len(DATES) else f"2023-03-{number:02d}T12:00:00Z"


def _git(path: Path, *args: str, date: str = DATES[0]) -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    done = subprocess.run(
        ["git", "-C", str(path), *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def entry(url: str, licence: str | None = "MIT", slug: str = "planner") -> Entry:
    return Entry(
        slug=slug,
        title="Discharge planner",
        summary="Predicts discharges.",
        type="project",
        path=f"projects/{slug}.md",
        code=Code(url, licence, "Python"),
    )


def checked(tmp_path: Path, url: str, licence: str | None = "MIT"):
    return check_entry(
        entry(url, licence), tmp_path / "cache", checked_at="2024-05-06T07:08:09Z"
    )


# Facts and tiers ---------------------------------------------------------------


@pytest.mark.parametrize("level", sorted(LEVELS))
def test_each_level_of_repository_reaches_its_tier(repos, tmp_path, level):
    url = make_repo(repos, f"level-{level}", LEVELS[level])
    evidence = checked(tmp_path, url)
    assert (evidence.tier, evidence.label) == (level, TIERS[level][0])
    assert [r.tier for r in evidence.reasons] == [0, 1, 2, 3, 4]
    assert [r.met for r in evidence.reasons] == [n <= level for n in range(5)]
    assert evidence.checked_at == "2024-05-06T07:08:09Z"
    assert evidence.source_url == url
    if level:  # the entry's MIT is right (tier 0 has no licence: a warning)
        assert evidence.problems == ()


def test_no_licence_file_is_tier_0_and_says_why(repos, tmp_path):
    evidence = checked(tmp_path, make_repo(repos, "bare", LEVELS[0]))
    facts = evidence.facts
    assert facts.licence_files == () and facts.licences == ()
    assert facts.licence_open is None and facts.licence_matches_entry is None
    assert "No licence file" in evidence.reasons[1].text
    (problem,) = evidence.problems
    assert problem.field == "code.licence" and problem.severity == "warning"
    assert "has no licence file" in problem.message
    assert "add a LICENSE file with the MIT text" in problem.fix


def test_mit_licence_text_is_recognised_as_open(repos, tmp_path):
    evidence = checked(tmp_path, make_repo(repos, "mit", LEVELS[1]))
    facts = evidence.facts
    assert facts.licence_files == ("LICENSE",)
    assert facts.licences == ("MIT",)
    assert facts.licence_open is True
    assert facts.entry_licence == "MIT" and facts.licence_matches_entry is True
    assert evidence.reasons[1].text == (
        "Open licence: the licence file LICENSE shows MIT License (MIT), open"
        " source. The entry says MIT, which matches."
    )


def test_a_licence_file_that_is_no_known_licence_is_not_open(repos, tmp_path):
    files = {**LEVELS[2], "LICENSE": "Copyright 2023 Ridgeway. All rights reserved.\n"}
    evidence = checked(tmp_path, make_repo(repos, "reserved", files))
    assert evidence.facts.licence_files == ("LICENSE",)
    assert evidence.facts.licences == () and evidence.facts.licence_open is None
    assert evidence.tier == 0  # documented, but not reusable: tiers are cumulative
    assert "not recognised as any SPDX licence" in evidence.reasons[1].text
    assert "(Tier 2 also needs every tier below it.)" in evidence.reasons[2].text
    (problem,) = evidence.problems
    assert "could not be recognised as any SPDX licence" in problem.message


def test_a_mismatched_licence_is_a_warning_with_the_fix(repos, tmp_path):
    url = make_repo(repos, "mismatch", LEVELS[2])
    evidence = checked(tmp_path, url, licence="Apache-2.0")
    assert evidence.tier == 2  # the repository's own licence is open
    assert evidence.facts.licence_matches_entry is False
    (problem,) = evidence.problems
    assert (problem.path, problem.field, problem.severity) == (
        "projects/planner.md",
        "code.licence",
        "warning",
    )
    assert problem.message == (
        "the entry says Apache-2.0, but the repository's licence file LICENSE shows MIT"
    )
    assert problem.fix.startswith(
        "change `licence: Apache-2.0` to `licence: MIT` under `code:`"
    )
    assert "which does not match" in evidence.reasons[1].text


def test_an_entry_without_a_licence_is_told_the_repository_s(repos, tmp_path):
    evidence = checked(tmp_path, make_repo(repos, "unsaid", LEVELS[1]), licence=None)
    (problem,) = evidence.problems
    assert problem.fix == "add `licence: MIT` under `code:`"


def test_licence_case_and_expressions_match(repos, tmp_path):
    url = make_repo(repos, "case", LEVELS[1])
    assert checked(tmp_path, url, licence="mit").problems == ()
    both = checked(tmp_path, url, licence="MIT OR Apache-2.0")
    assert both.facts.licence_matches_entry is False  # the repository has MIT only


def test_readme_install_and_manifest_are_facts(repos, tmp_path):
    evidence = checked(tmp_path, make_repo(repos, "documented", LEVELS[2]))
    facts = evidence.facts
    assert facts.readme == "README.md"
    assert facts.readme_install == ("Installation", "pip install -r requirements.txt")
    assert facts.manifests == ("requirements.txt",)
    assert evidence.reasons[2].text == (
        "Documented and installable: README.md explains how to install or use it"
        " (Installation and pip install -r requirements.txt); requirements.txt"
        " lists its dependencies."
    )


def test_a_readme_without_instructions_is_not_documented(repos, tmp_path):
    files = {**LEVELS[2], "README.md": "# Planner\n\n## Background\n\nIt plans.\n"}
    evidence = checked(tmp_path, make_repo(repos, "undocumented", files))
    assert evidence.tier == 1
    assert evidence.facts.readme_install == () and evidence.facts.readme_usage == ()
    assert "has no install or usage instructions" in evidence.reasons[2].text


def test_instructions_one_link_away_from_the_readme_count(repos, tmp_path):
    files = {
        **LEVELS[1],
        "README.md": "# Planner\n\nSee [how to deploy](docs/deploy.md).\n",
        "docs/deploy.md": "# Deploy\n\n```\nconda env create -f environment.yml\n```\n",
        "environment.yml": "name: planner\ndependencies:\n  - python=3.11\n",
    }
    facts = checked(tmp_path, make_repo(repos, "linked", files)).facts
    assert facts.readme_links == ("docs/deploy.md",)
    assert facts.readme_install == (
        "docs/deploy.md: conda env create -f environment.yml",
    )
    assert facts.manifests == ("environment.yml",)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("pyproject.toml", "[project]\nname = 'planner'\ndependencies = []\n"),
        ("package.json", '{"name": "planner", "dependencies": {}}\n'),
        ("renv.lock", '{"R": {"Version": "4.3.0"}, "Packages": {}}\n'),
        ("DESCRIPTION", "Package: planner\nImports: dplyr\n"),
        ("conda-env.yml", "dependencies:\n  - python\n"),
    ],
)
def test_dependency_manifests_of_several_ecosystems(repos, tmp_path, name, text):
    files = {**LEVELS[1], "README.md": DOCUMENTED["README.md"], name: text}
    evidence = checked(tmp_path, make_repo(repos, "manifest", files))
    assert evidence.facts.manifests == (name,)
    assert evidence.tier == 2


def test_files_that_only_look_like_manifests_are_not(repos, tmp_path):
    files = {
        **LEVELS[1],
        "DESCRIPTION": "A description of the project, not an R package.\n",
        "dev-env.yml": "name: only a name\n",
        "node_modules/left-pad/package.json": "{}\n",
    }
    facts = checked(tmp_path, make_repo(repos, "lookalikes", files)).facts
    assert facts.manifests == ()


def test_tests_and_ci_that_runs_them_are_facts(repos, tmp_path):
    evidence = checked(tmp_path, make_repo(repos, "tested", LEVELS[3]))
    facts = evidence.facts
    assert (facts.test_files, facts.tests) == (1, ("tests/test_model.py",))
    assert facts.ci == (".github/workflows/ci.yml",)
    assert facts.ci_test_commands == ("pytest",)
    assert evidence.reasons[3].text == (
        "Tested: 1 test file (tests/test_model.py); CI (.github/workflows/ci.yml)"
        " runs pytest."
    )


def test_ci_that_runs_no_tests_does_not_make_code_tested(repos, tmp_path):
    docs_only = (
        "on: [push]\njobs:\n  docs:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: pip install -r tests/requirements.txt\n"
        "      - run: mkdocs build\n"
    )
    files = {**LEVELS[3], ".github/workflows/ci.yml": docs_only}
    evidence = checked(tmp_path, make_repo(repos, "docs-ci", files))
    assert evidence.tier == 2
    assert evidence.facts.ci == (".github/workflows/ci.yml",)
    assert evidence.facts.ci_test_commands == ()
    assert "CI is configured (.github/workflows/ci.yml) but runs no tests" in (
        evidence.reasons[3].text
    )


def test_tests_without_ci_are_not_enough(repos, tmp_path):
    files = {**LEVELS[3]}
    del files[".github/workflows/ci.yml"]
    evidence = checked(tmp_path, make_repo(repos, "no-ci", files))
    assert evidence.tier == 2 and evidence.facts.test_files == 1
    assert "there is no CI configuration" in evidence.reasons[3].text


@pytest.mark.parametrize(
    ("path", "command"),
    [
        (".gitlab-ci.yml", "test:\n  script:\n    - tox -e py311\n"),
        ("azure-pipelines.yml", "steps:\n  - script: python -m pytest\n"),
        (".circleci/config.yml", "jobs:\n  t:\n    steps:\n      - run: npm test\n"),
        ("Jenkinsfile", "pipeline { stages { stage('t') { sh 'make test' } } }\n"),
        (".github/workflows/r.yml", "steps:\n  - run: R CMD check .\n"),
    ],
)
def test_ci_systems_and_test_commands(repos, tmp_path, path, command):
    files = {**LEVELS[3], path: command}
    del files[".github/workflows/ci.yml"]
    facts = checked(tmp_path, make_repo(repos, "ci", files)).facts
    assert facts.ci == (path,)
    assert len(facts.ci_test_commands) == 1


def test_a_data_generator_makes_tier_4(repos, tmp_path):
    evidence = checked(tmp_path, make_repo(repos, "generator", LEVELS[4]))
    assert evidence.facts.data_generators == (
        "fake_data_generation/generate_fake_data.py",
    )
    assert evidence.reasons[4].text == (
        "Can be tried without patient data: it has a data generator"
        " (fake_data_generation/generate_fake_data.py)."
    )


def test_sample_data_files_make_tier_4(repos, tmp_path):
    files = {**LEVELS[3], "data/sample/patients.csv": "age,stay\n54,3\n"}
    evidence = checked(tmp_path, make_repo(repos, "sample", files))
    assert evidence.tier == 4
    assert evidence.facts.sample_data == ("data/sample/patients.csv",)
    assert evidence.facts.sample_data_files == 1


def test_a_synthetic_data_library_makes_tier_4(repos, tmp_path):
    files = {**LEVELS[3], "requirements.txt": "pandas>=2\nFaker==25.0\n"}
    evidence = checked(tmp_path, make_repo(repos, "faker", files))
    assert evidence.tier == 4
    assert evidence.facts.synthetic_data_tools == ("Faker",)


def test_real_looking_data_is_not_sample_data(repos, tmp_path):
    files = {**LEVELS[3], "data/admissions.csv": "age,stay\n54,3\n"}
    evidence = checked(tmp_path, make_repo(repos, "real-data", files))
    assert evidence.tier == 3
    assert evidence.facts.sample_data == () and evidence.facts.data_generators == ()


def test_tiers_are_cumulative(repos, tmp_path):
    files = {**LEVELS[4]}
    del files["LICENSE"]
    evidence = checked(tmp_path, make_repo(repos, "no-licence", files))
    assert evidence.tier == 0
    assert [r.met for r in evidence.reasons] == [True, False, True, True, True]
    for reason in evidence.reasons[2:]:
        assert reason.text.endswith(
            f"(Tier {reason.tier} also needs every tier below it.)"
        )


def test_a_closed_licence_is_not_open():
    assert is_open_licence("MIT") and is_open_licence("GPL-3.0-only")
    assert not is_open_licence("CC-BY-NC-4.0") and not is_open_licence("Nonsense")
    facts = Facts(
        licence_files=("LICENSE",), licences=("CC-BY-NC-4.0",), licence_open=False
    )
    tier, label, reasons = tier_of(facts)
    assert (tier, label) == (0, "Code published")
    assert "CC-BY-NC-4.0 is not an open-source licence" in reasons[1].text


def test_history_dates_and_commit_count(repos, tmp_path):
    evidence = checked(tmp_path, make_repo(repos, "history", LEVELS[1], commits=3))
    assert evidence.facts.commits == 3
    assert evidence.facts.last_commit == "2023-03-02T12:00:00+00:00"
    assert evidence.reasons[0].text == (
        "The code is published: the repository could be cloned (3 commits, the"
        " last on 2023-03-02)."
    )


def test_a_shallow_clone_has_an_unknown_commit_count(repos, tmp_path):
    make_repo(repos, "deep", LEVELS[1], commits=3)
    shallow = tmp_path / "shallow"
    _git(
        tmp_path,
        "clone",
        "-q",
        "--depth=1",
        (repos / "test" / "deep").as_uri(),
        str(shallow),
    )
    facts = inspect_repository(shallow)
    assert facts.commits is None  # not 1: a shallow clone does not show the history
    assert facts.last_commit == "2023-03-02T12:00:00+00:00"


def test_languages_by_file_count(repos, tmp_path):
    files = {
        **LEVELS[1],
        "discharge/features.py": "X = 1\n",
        "analysis/plots.R": "plot(1)\n",
        "web/app.js": "export {}\n",
        "web/vendor.min.js": "x\n",
        "node_modules/dep/index.js": "x\n",
        "notebooks/explore.ipynb": "{}\n",
    }
    facts = checked(tmp_path, make_repo(repos, "languages", files)).facts
    assert facts.languages == {
        "Python": 2,
        "JavaScript": 1,
        "Jupyter Notebook": 1,
        "R": 1,
    }
    assert list(facts.languages) == ["Python", "JavaScript", "Jupyter Notebook", "R"]


def test_a_notice_that_the_repository_is_unmaintained_is_reported(repos, tmp_path):
    readme = DOCUMENTED["README.md"] + (
        "\n> This repository is archived and no longer maintained.\n"
    )
    files = {**LEVELS[2], "README.md": readme}
    evidence = checked(tmp_path, make_repo(repos, "archived", files))
    assert evidence.facts.maintenance_notice == (
        "> This repository is archived and no longer maintained"
    )
    assert evidence.facts.archived is None  # the forge's flag is not in git
    (problem,) = evidence.problems
    assert problem.field == "code.url" and "retired" in problem.fix


def test_a_resting_status_badge_is_reported(repos, tmp_path):
    badge = (
        "[![status: hibernate](https://example.org/hibernate.svg)](https://example.org)"
    )
    files = {**LEVELS[2], "README.md": badge + "\n\n" + DOCUMENTED["README.md"]}
    evidence = checked(tmp_path, make_repo(repos, "resting", files))
    assert evidence.facts.status_badge == "hibernate"
    assert evidence.facts.maintenance_notice == "status: hibernate"
    assert [p.field for p in evidence.problems] == ["code.url"]
    lively = {**LEVELS[2], "README.md": badge.replace("hibernate", "experimental")}
    facts = checked(tmp_path, make_repo(repos, "lively", lively)).facts
    assert (facts.status_badge, facts.maintenance_notice) == ("experimental", None)


# Cloning: partial, bounded, safe -------------------------------------------------


def test_the_clone_fetches_only_the_files_it_reads(repos, tmp_path):
    big = os.urandom(300_000)
    url = make_repo(repos, "big", {**LEVELS[2], "model/weights.bin": big})
    evidence = checked(tmp_path, url)
    assert evidence.tier == 2
    (clone,) = [p for p in (tmp_path / "cache").iterdir()]
    absent = _git(
        clone, "rev-list", "--objects", "--missing=print", "--no-walk", "HEAD"
    )
    weights = _git(clone, "rev-parse", "HEAD:model/weights.bin").strip()
    readme = _git(clone, "rev-parse", "HEAD:README.md").strip()
    assert f"?{weights}" in absent.split()  # never downloaded
    assert f"?{readme}" not in absent.split()  # read, so fetched
    assert not (clone / "README.md").exists()  # nothing is checked out


def test_a_server_without_filters_still_works(repos, tmp_path):
    write_config(tmp_path / "gitconfig", repos, filters=False)
    evidence = checked(tmp_path, make_repo(repos, "nofilter", LEVELS[4], commits=2))
    assert (evidence.tier, evidence.facts.commits) == (4, 2)
    (clone,) = (tmp_path / "cache").iterdir()
    absent = _git(
        clone, "rev-list", "--objects", "--missing=print", "--no-walk", "HEAD"
    )
    assert "?" not in absent  # it sent everything


def test_git_command_line_configuration_applies(repos, tmp_path, monkeypatch):
    # GIT_CONFIG_COUNT/KEY/VALUE is git's environment form of `git -c`.
    url = make_repo(repos, "elsewhere", LEVELS[1])
    write_config(tmp_path / "gitconfig", repos, mapping=False)
    monkeypatch.setenv("GIT_CONFIG_COUNT", "1")
    monkeypatch.setenv("GIT_CONFIG_KEY_0", f"url.{repos.as_uri()}/.insteadOf")
    monkeypatch.setenv("GIT_CONFIG_VALUE_0", "https://git.example.org/")
    mirrored = url.replace("https://github.com/", "https://git.example.org/")
    assert checked(tmp_path, mirrored).tier == 1


def test_a_clone_past_the_size_cap_is_stopped(repos, tmp_path):
    url = make_repo(repos, "huge", {**LEVELS[1], "blob.bin": os.urandom(300_000)})
    clone_repository(url, tmp_path / "c", max_bytes=150_000)  # the blob stays behind
    write_config(tmp_path / "gitconfig", repos, filters=False)  # now it is sent
    with pytest.raises(RepositoryError) as raised:
        clone_repository(url, tmp_path / "c", max_bytes=150_000)
    assert raised.value.kind == "too-big"
    assert str(raised.value) == "too-big: the clone grew past 146.484 KiB"
    # The previous clone is still there; nothing half-made is left beside it.
    assert len(list((tmp_path / "c").iterdir())) == 1


@pytest.fixture
def silent_server():
    """A loopback TCP server that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join(5)
    for conn in held:
        conn.close()
    listener.close()


def test_a_server_that_never_answers_times_out(repos, tmp_path, silent_server):
    started = time.monotonic()
    with pytest.raises(RepositoryError) as raised:
        clone_repository(
            f"git://127.0.0.1:{silent_server}/test/x", tmp_path / "c", timeout=1.0
        )
    assert raised.value.kind == "timeout"
    assert time.monotonic() - started < 10


class _AskForPassword(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="private"')
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_a_password_prompt_never_hangs(repos, tmp_path, monkeypatch):
    # A password window that would wait for a person (as in a desktop session).
    askpass = tmp_path / "askpass"
    askpass.write_text("#!/bin/sh\nsleep 60\n", encoding="utf-8")
    askpass.chmod(0o755)
    monkeypatch.setenv("GIT_ASKPASS", str(askpass))
    monkeypatch.setenv("SSH_ASKPASS", str(askpass))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _AskForPassword)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        started = time.monotonic()
        with pytest.raises(RepositoryError) as raised:
            clone_repository(
                f"http://127.0.0.1:{server.server_port}/test/private",
                tmp_path / "c",
                timeout=30,
            )
    finally:
        server.shutdown()
        server.server_close()
    assert raised.value.kind == "gone"
    assert "private" in raised.value.message
    assert time.monotonic() - started < 10  # failed at once, no prompt waited for


def test_a_refused_connection_is_unreachable(repos, tmp_path):
    with pytest.raises(RepositoryError) as raised:
        clone_repository("https://127.0.0.1:1/test/x", tmp_path / "c", timeout=30)
    assert raised.value.kind == "unreachable"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc",
        "FILE:///etc",
        "/srv/git/planner",
        "../planner",
        "ext::sh -c touch% /tmp/pwned",
        "ext::sh",
        "ssh://git@github.com/test/x",
        "git@github.com:test/x.git",
        "https://user:secret@github.com/test/x",
        "mailto:someone@example.org",
        "fd::17",
        "-uhttps://github.com/test/x",
        "",
    ],
)
def test_entries_may_not_use_other_transports(url):
    with pytest.raises(RepositoryError) as raised:
        clone_url(url)
    assert raised.value.kind == "refused"


def test_file_urls_are_refused_before_git_sees_them(repos, tmp_path):
    target = repos / "test" / "local"
    make_repo(repos, "local", LEVELS[4])
    with pytest.raises(RepositoryError) as raised:
        check_entry(entry(target.as_uri()), tmp_path / "cache")
    assert raised.value.kind == "refused"
    assert "only https://, http:// and git:// URLs are cloned" in raised.value.message
    assert not (tmp_path / "cache").exists()  # nothing was cloned


@pytest.mark.parametrize(
    ("url", "cloned"),
    [
        ("https://github.com/nhsx/x", "https://github.com/nhsx/x"),
        ("https://github.com/nhsx/x/", "https://github.com/nhsx/x"),
        ("https://github.com/nhsx/x/tree/main/src", "https://github.com/nhsx/x"),
        ("https://gitlab.com/g/sub/x/-/tree/main", "https://gitlab.com/g/sub/x"),
        ("https://git.example.org/a/b/c.git", "https://git.example.org/a/b/c.git"),
        ("git://git.example.org/x", "git://git.example.org/x"),
    ],
)
def test_repository_urls_accepted(url, cloned):
    assert clone_url(url) == cloned


# The evidence file -------------------------------------------------------------


def test_records_round_trip_through_the_file(repos, tmp_path):
    evidence = checked(tmp_path, make_repo(repos, "round", LEVELS[4]), "Apache-2.0")
    path = tmp_path / "entries" / EVIDENCE_FILE
    save_evidence(path, {"planner": record_of(evidence)})
    again = evidence_from_record(load_evidence(path)["planner"])
    assert again == evidence
    assert again is not None and again.to_api()["facts"]["commit"] == (
        evidence.facts.commit
    )


def test_the_file_is_sorted_indented_and_stable(repos, tmp_path):
    evidence = checked(tmp_path, make_repo(repos, "stable", LEVELS[2]))
    path = tmp_path / EVIDENCE_FILE
    save_evidence(path, {"b": record_of(evidence), "a": record_of(evidence)})
    first = path.read_text(encoding="utf-8")
    save_evidence(path, load_evidence(path))
    assert path.read_text(encoding="utf-8") == first
    assert first.endswith("}\n") and '\n  "entries": {\n    "a": {' in first
    data = json.loads(first)
    assert list(data["entries"]) == ["a", "b"]
    assert data["entries"]["a"]["commit"] == evidence.facts.commit


def test_a_broken_file_is_reported_not_overwritten(tmp_path):
    path = tmp_path / EVIDENCE_FILE
    path.write_text('{"entries": {', encoding="utf-8")
    with pytest.raises(EvidenceFileError, match="not valid JSON"):
        load_evidence(path)
    assert load_evidence(tmp_path / "missing.json") == {}


def test_an_unreachable_repository_keeps_its_previous_evidence(repos, tmp_path):
    url = make_repo(repos, "moving", LEVELS[2])
    planner = entry(url)
    records: dict = {}
    (first,) = refresh_evidence(
        [planner], records, tmp_path / "cache", checked_at="2024-01-01T00:00:00Z"
    )
    before = dict(records["planner"])
    shutil.rmtree(repos / "test" / "moving")  # the repository is gone
    (second,) = refresh_evidence(
        [planner], records, tmp_path / "cache", checked_at="2024-02-01T00:00:00Z"
    )
    assert first.evidence is not None and second.evidence is None
    assert second.error is not None and second.error.kind == "gone"
    assert second.kept == first.evidence
    after = records["planner"]
    assert {k: v for k, v in after.items() if not k.startswith("last_")} == before
    assert after["last_tried_at"] == "2024-02-01T00:00:00Z"
    assert after["last_error"].startswith("gone: the repository was not found")
    (problem,) = second.problems
    assert problem.field == "code.url"
    assert "the evidence checked on 2024-01-01 is kept meanwhile" in problem.fix
    assert evidence_for(records, planner) == first.evidence


def test_evidence_for_another_url_is_not_the_entry_s(repos, tmp_path):
    evidence = checked(tmp_path, make_repo(repos, "old", LEVELS[1]))
    records = {"planner": record_of(evidence)}
    assert evidence_for(records, entry("https://github.com/test/old")) == evidence
    assert evidence_for(records, entry("https://github.com/test/new")) is None


# The command -------------------------------------------------------------------


def _entry_file(url: str, licence: str = "MIT") -> str:
    return (
        "---\ntitle: Discharge planner\nsummary: Predicts discharges.\n"
        f"type: project\ncode:\n  url: {url}\n  licence: {licence}\n---\nBody.\n"
    )


@pytest.fixture
def site(repos, tmp_path):
    """An entries folder with three entries with code and one without."""
    entries = tmp_path / "entries"
    (entries / "projects").mkdir(parents=True)
    for slug, level in (("alpha", 4), ("beta", 1)):
        url = make_repo(repos, slug, LEVELS[level])
        (entries / "projects" / f"{slug}.md").write_text(
            _entry_file(url, "Apache-2.0" if slug == "beta" else "MIT"),
            encoding="utf-8",
        )
    (entries / "gamma.md").write_text(
        _entry_file("https://github.com/test/gamma"), encoding="utf-8"
    )  # no such repository
    (entries / "delta.md").write_text(
        "---\ntitle: Delta\nsummary: No code.\ntype: guidance\n---\nBody.\n",
        encoding="utf-8",
    )
    return entries


def run(entries: Path, tmp_path: Path, *args: str):
    env = {
        "CATALOGUE_ENTRIES": str(entries),
        "CATALOGUE_EVIDENCE_CACHE": str(tmp_path / "cache"),
    }
    return CliRunner().invoke(cli, ["evidence", *args], env=env)


def test_the_command_checks_every_entry_with_code(site, tmp_path):
    result = run(site, tmp_path)
    assert result.exit_code == 1, result.output  # gamma could not be checked
    lines = result.stdout.splitlines()
    assert lines[:2] == [
        "alpha: tier 4 Can be tried without patient data",
        "beta: tier 1 Open licence",
    ]
    assert lines[2].startswith("gamma: failed: gone: the repository was not found")
    assert lines[2].endswith("(nothing recorded yet)")
    assert lines[3] == (
        "Checked 3 repositories: 2 recorded, 1 failed (previous evidence kept);"
        f" wrote {(site / EVIDENCE_FILE).as_posix()}."
    )
    assert (
        f"{site.as_posix()}/projects/beta.md: code.licence: warning: the entry says"
        " Apache-2.0, but the repository's licence file LICENSE shows MIT\n"
        "    fix: change `licence: Apache-2.0` to `licence: MIT`"
    ) in result.stderr
    assert f"{site.as_posix()}/gamma.md: code.url: warning:" in result.stderr
    records = load_evidence(site / EVIDENCE_FILE)
    assert sorted(records) == ["alpha", "beta", "gamma"]
    assert records["alpha"]["tier"] == 4 and records["beta"]["tier"] == 1
    assert "tier" not in records["gamma"] and "last_error" in records["gamma"]
    # The loader skips the evidence file as an entry, and `check` repeats the
    # licence warning the evidence supports.
    catalogue = load_catalogue(site)
    assert len(catalogue.entries) == 4
    assert [(p.path, p.field, p.severity) for p in catalogue.problems] == [
        (f"{site.as_posix()}/projects/beta.md", "code.licence", "warning")
    ]


def test_the_cache_folder_may_be_relative(site, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    env = {"CATALOGUE_ENTRIES": "entries", "CATALOGUE_EVIDENCE_CACHE": "instance/c"}
    result = CliRunner().invoke(cli, ["evidence", "alpha"], env=env)
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("wrote entries/evidence.json.\n")
    (clone,) = (tmp_path / "instance" / "c").iterdir()
    assert clone.name.startswith("test-alpha-")


def test_the_command_keeps_old_evidence_when_a_repository_is_unreachable(
    site, repos, tmp_path
):
    assert run(site, tmp_path, "alpha").exit_code == 0
    before = load_evidence(site / EVIDENCE_FILE)["alpha"]
    hidden = tmp_path / "hidden"
    (repos / "test" / "alpha").rename(hidden)
    result = run(site, tmp_path, "alpha")
    assert result.exit_code == 1
    assert result.stdout.startswith("alpha: failed: gone: ")
    assert f"(kept tier 4 from {before['checked_at'][:10]})" in result.stdout
    after = load_evidence(site / EVIDENCE_FILE)["alpha"]
    assert after["tier"] == 4 and after["checked_at"] == before["checked_at"]
    assert after["facts"] == before["facts"]
    assert "not found" in after["last_error"] and after["last_tried_at"]
    hidden.rename(repos / "test" / "alpha")  # back again: a fresh record
    assert run(site, tmp_path, "alpha").exit_code == 0
    assert "last_error" not in load_evidence(site / EVIDENCE_FILE)["alpha"]


def test_named_entries_only_and_others_kept(site, tmp_path):
    run(site, tmp_path)
    records = load_evidence(site / EVIDENCE_FILE)
    records["old-entry"] = {"url": "https://github.com/test/old", "tier": 0}
    save_evidence(site / EVIDENCE_FILE, records)
    result = run(site, tmp_path, "beta", "delta", "nope")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:3] == [
        "delta: error: has no `code:` block",
        "nope: error: is not a valid entry (run `catalogue check`)",
        "beta: tier 1 Open licence",
    ]
    assert "old-entry" in load_evidence(site / EVIDENCE_FILE)  # not a full run
    run(site, tmp_path)  # a full run drops records of entries gone
    assert "old-entry" not in load_evidence(site / EVIDENCE_FILE)


def test_a_full_run_keeps_the_record_of_a_broken_entry_file(site, tmp_path):
    run(site, tmp_path)
    (site / "projects" / "beta.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    run(site, tmp_path)
    assert load_evidence(site / EVIDENCE_FILE)["beta"]["tier"] == 1


def test_the_command_refuses_a_file_url_entry(repos, tmp_path):
    make_repo(repos, "local", LEVELS[4])
    entries = tmp_path / "entries"
    entries.mkdir()
    (entries / "local.md").write_text(
        _entry_file((repos / "test" / "local").as_uri()), encoding="utf-8"
    )
    result = run(entries, tmp_path, "local")
    assert result.exit_code == 1
    assert result.stdout.startswith("local: error: is not a valid entry")
    assert not (tmp_path / "cache").exists()


# The weekly workflow and the bundled evidence ------------------------------------


def test_the_weekly_workflow_refreshes_the_file_in_a_pull_request():
    workflow = yaml.safe_load(
        (ROOT / ".github" / "workflows" / "evidence.yml").read_text(encoding="utf-8")
    )
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads `on` as true
    assert triggers["schedule"][0]["cron"].split()[4] != "*"  # one day a week
    assert "workflow_dispatch" in triggers
    (job,) = workflow["jobs"].values()
    steps = job["steps"]
    runs = " ".join(step.get("run", "") for step in steps)
    assert "catalogue evidence" in runs
    (pull,) = [s for s in steps if s.get("uses", "").startswith("peter-evans/")]
    assert pull["uses"].startswith("peter-evans/create-pull-request@")
    assert "entries/evidence.json" in pull["with"]["add-paths"]
    assert workflow["permissions"] == {"contents": "write", "pull-requests": "write"}


def test_every_bundled_entry_with_code_has_measured_evidence():
    catalogue = load_catalogue(ROOT / "entries")
    records = load_evidence(ROOT / "entries" / EVIDENCE_FILE)
    with_code = {s: e for s, e in catalogue.entries.items() if e.code}
    assert sorted(records) == sorted(with_code)
    for slug, item in with_code.items():
        evidence = evidence_for(records, item)
        assert evidence is not None, slug
        assert "last_error" not in records[slug], slug
        # What is committed is what the tiers make of the recorded facts.
        again = evaluate(item, evidence.facts, evidence.checked_at)
        assert (again.tier, again.label, again.reasons) == (
            evidence.tier,
            evidence.label,
            evidence.reasons,
        ), slug
        assert evidence.facts.commit and len(evidence.facts.commit) == 40
        assert evidence.facts.files > 0 and evidence.facts.languages
