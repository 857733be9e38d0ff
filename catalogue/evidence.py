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

Where each part lives: `evidence_repository` reads a repository into `Facts`,
with `evidence_files` (what paths say), `evidence_readme` (what the README
says) and `evidence_licences` (licence texts, SPDX flags); `evidence_tiers`
holds `TIERS` and `tier_of` with its plain-English reasons and the licence
warnings (`licence_problems`); this module adds `notice_problems`, `evaluate`
and `check_entry`. Import the public names from here.

Nothing here imports a framework; paths are passed in.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from catalogue.evidence_licences import (
    is_open_licence,
    licence_ids,
    licence_name,
    same_licences,
)
from catalogue.evidence_repository import Facts, inspect_repository
from catalogue.evidence_tiers import (
    TIERS,
    Reason,
    licence_problems,
    tier_of,
)
from catalogue.gitrepo import (
    DEFAULT_MAX_BYTES,
    DEFAULT_TIMEOUT,
    RepositoryError,
    clone_repository,
)
from catalogue.model import Entry
from catalogue.problems import WARNING, Problem

#: Public names, wherever they are defined: import them from here.
__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_TIMEOUT",
    "TIERS",
    "Evidence",
    "Facts",
    "Reason",
    "check_entry",
    "evaluate",
    "inspect_repository",
    "is_open_licence",
    "licence_ids",
    "licence_name",
    "licence_problems",
    "notice_problems",
    "tier_of",
    "utc_now",
]


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
        same_licences(licence_ids(entry_licence), found)
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
