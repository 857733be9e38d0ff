"""The evidence tiers 0..4: which tier a repository's facts reach, and why.

`tier_of(facts, entry_licence)` gives the tier, its label (`TIERS`) and a
plain-English reason for every tier, met or not, and `licence_problems` the
warnings when an entry's licence and its repository's disagree. The rules are
in the docstring of `catalogue.evidence`. Light to import (the catalogue's
pipeline and facets use it): the repository inspection is not imported here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from catalogue.evidence_licences import (
    is_open_licence,
    licence_ids,
    licence_name,
    same_licences,
)
from catalogue.problems import WARNING, Problem

if TYPE_CHECKING:  # only a type here: the repository inspection is not imported
    from catalogue.evidence_repository import Facts

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


@dataclass(frozen=True)
class Reason:
    """Why a tier was or was not reached, in plain English."""

    tier: int
    met: bool
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"tier": self.tier, "met": self.met, "text": self.text}


def _list(items: Iterable[str], limit: int = 3) -> str:
    """`A`, `A and B`, `A, B and C`, `A, B, C and 2 more`."""
    items = list(items)
    if len(items) > limit:
        return ", ".join(items[:limit]) + f" and {len(items) - limit} more"
    if len(items) > 1:
        return ", ".join(items[:-1]) + " and " + items[-1]
    return items[0] if items else ""


def licence_files_text(paths: tuple[str, ...]) -> str:
    """`licence file LICENSE` or `licence files LICENCE and COPYING`."""
    return f"licence file{'s' * (len(paths) != 1)} {_list(paths)}"


def show_verb(paths: tuple[str, ...]) -> str:
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
    files = licence_files_text(facts.licence_files)
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
        shows = show_verb(facts.licence_files)
        if closed:
            text = (
                f"The {files} {shows} {names}; {_list(closed)} is not an"
                " open-source licence (neither OSI approved nor FSF free)."
            )
        else:
            kind = "all open source" if len(facts.licences) > 1 else "open source"
            text = f"Open licence: the {files} {shows} {names}, {kind}."
    if entry_licence and facts.licences:
        if same_licences(licence_ids(entry_licence), facts.licences):
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
    files = licence_files_text(facts.licence_files)

    def warning(message: str, fix: str) -> Problem:
        return Problem(path, None, "code.licence", message, fix, WARNING)

    if not entry_licence:
        if not found:
            return []
        return [
            warning(
                f"the entry gives no licence; the repository's {files}"
                f" {show_verb(facts.licence_files)} {shown}",
                f"add `licence: {shown}` under `code:`",
            )
        ]
    if same_licences(licence_ids(entry_licence), found):
        return []
    if not facts.licence_files:
        return [
            warning(
                f"the entry says {entry_licence}, but the repository has no licence"
                " file, so the code cannot legally be reused",
                f"ask the maintainers to add a LICENSE file with the {entry_licence}"
                " text, or remove `licence` from the entry",
            )
        ]
    if not found:
        return [
            warning(
                f"the entry says {entry_licence}, but the repository's {files}"
                " could not be recognised as any SPDX licence",
                "read the licence file and set `licence` to its SPDX id",
            )
        ]
    return [
        warning(
            f"the entry says {entry_licence}, but the repository's {files}"
            f" {show_verb(facts.licence_files)} {shown}",
            f"change `licence: {entry_licence}` to `licence: {shown}` under `code:`"
            " (or, if the entry is right, ask the maintainers to correct the"
            f" {files})",
        )
    ]
