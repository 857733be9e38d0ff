"""What a file's path says about a repository: licence, README, manifests, tests,
CI, sample data, data generators and languages (for `evidence_repository`).

Names and patterns only: nothing here reads a file, except that `is_manifest`
and `synthetic_tools` look at a manifest's text when it is given.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from pathlib import PurePosixPath

#: How many example paths a fact keeps (the counts are kept in full).
EXAMPLES = 5

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

LICENCE_NAME = re.compile(
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

CI_FILES = re.compile(
    r"^(\.github/workflows/[^/]+\.ya?ml|\.gitea/workflows/[^/]+\.ya?ml|"
    r"\.forgejo/workflows/[^/]+\.ya?ml|\.gitlab-ci\.ya?ml|\.travis\.ya?ml|"
    r"\.circleci/config\.ya?ml|azure-pipelines\.ya?ml|\.azure-pipelines/.+\.ya?ml|"
    r"Jenkinsfile|bitbucket-pipelines\.ya?ml|\.drone\.ya?ml|\.?appveyor\.ya?ml|"
    r"\.buildkite/.+\.ya?ml|cloudbuild\.ya?ml|\.woodpecker(\.ya?ml|/.+\.ya?ml)|"
    r"buildspec\.ya?ml)$"
)
#: Commands that run tests, as CI configurations write them.
TEST_COMMANDS = re.compile(
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


def skipped(path: str) -> bool:
    """Whether a file is vendored or generated (in node_modules/, ..., or minified)."""
    parts = path.split("/")
    return any(part in _SKIPPED_DIRS for part in parts[:-1]) or ".min." in parts[-1]


def pick_readme(top: list[str]) -> str | None:
    """The top-level README, preferring README.md-like names; None if there is none."""
    found = [p for p in top if _README_NAME.match(p)]
    # README.md before README.rst before README (EHR-PREDICTIONS).md
    found.sort(key=lambda p: (not re.fullmatch(r"readme(\.\w+)?", p, re.I), len(p), p))
    return found[0] if found else None


def maybe_manifest(path: str) -> bool:
    """Whether a file may be a dependency manifest, by its path alone."""
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


def is_manifest(path: str, text: str | None) -> bool:
    """Whether a candidate really lists dependencies (checked where a name is vague)."""
    name = PurePosixPath(path).name
    if name == "DESCRIPTION":
        return text is not None and bool(re.search(r"^Package:", text, re.M))
    if _ENV_YAML.search(name) and name not in _MANIFEST_NAMES:
        return text is not None and bool(re.search(r"^dependencies:", text, re.M))
    return True


def is_test(path: str) -> bool:
    """Whether a code file is a test: in a tests/-style folder or named like one."""
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


def is_sample_data(path: str) -> bool:
    """Whether a data file's path says it is sample, synthetic or test data."""
    lower = path.lower()
    pure = PurePosixPath(lower)
    is_data = pure.suffix in _DATA_EXTENSIONS or lower.endswith((".nii.gz", ".csv.gz"))
    if not is_data or lower.startswith(".") or pure.name.startswith("package"):
        return False
    return bool(_SAMPLE_PATH.search(lower))


def is_generator(path: str) -> bool:
    """Whether a code file's name says it makes up data."""
    name = PurePosixPath(path).name
    return (
        _is_code(name)
        and name != "__init__.py"
        and bool(_GENERATOR_NAME.search(name.lower()))
    )


def synthetic_tools(text: str) -> list[str]:
    """The synthetic-data libraries a manifest's text names."""
    found = []
    for name, shown in _SYNTHETIC_TOOLS.items():
        if re.search(rf"(?<![\w./@-]){re.escape(name)}(?![\w/-])", text, re.I):
            found.append(shown)
    return found


def count_languages(paths: list[str]) -> dict[str, int]:
    """Language -> files, most files first."""
    counts = Counter(
        language
        for path in paths
        if (language := _language_of(PurePosixPath(path).name)) is not None
    )
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def unique(items: Iterable[str]) -> list[str]:
    """The non-empty items, each once, in order."""
    return list(dict.fromkeys(item for item in items if item))
