"""The controlled vocabulary: canonical facet values and the aliases people type.

Staff edit one YAML file (`entries/vocabulary.yml`). Each group (problem areas,
techniques, organisations, and the datasets, governance steps and skills of
`reuse`) lists values with a canonical `name` and `aliases`;
matching ignores case, spaces, hyphens, underscores and apostrophes, so
`NLP`, `nlp` and `natural-language processing` all fold to one value.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from catalogue.loader import YamlProblem, parse_yaml, read_text_file
from catalogue.ods import read_ods, shared_codes
from catalogue.problems import ERROR, WARNING, Problem
from catalogue.resources import VOCABULARY
from catalogue.text import WEB_ADDRESS_FIX, is_web_address

#: Vocabulary groups, and the entry fields each one controls.
GROUPS = {
    "problem_areas": ("problem_areas",),
    "techniques": ("techniques",),
    "organisations": ("organisation", "partners", "adopters"),
    "datasets": ("reuse",),
    "governance": ("reuse",),
    "skills": ("reuse",),
}
#: How strongly a governance step applies: the `level` of a governance value.
LEVELS = ("Required", "Best practice")
FILE_NAME = "vocabulary.yml"
#: The vocabulary that ships with the catalogue, for entries folders without one.
BUNDLED = VOCABULARY


def vocabulary_file(entries_dir: Path) -> Path:
    """The folder's own vocabulary file, or the bundled one when it has none."""
    own = entries_dir / FILE_NAME
    if own.exists() or own.is_symlink() or not BUNDLED.is_file():
        return own
    return BUNDLED


def normalise(value: str) -> str:
    """The form values are compared in.

    `Natural-Language  Processing` -> `natural language processing`.
    """
    folded = re.sub(r"['\u2019`]", "", value.casefold())
    return " ".join(re.sub(r"[-_/]+", " ", folded).split())


@dataclass(frozen=True)
class Term:
    """One canonical value of a vocabulary group, with its aliases."""

    name: str
    aliases: tuple[str, ...] = ()
    url: str | None = None  # organisations only: their website
    kind: str | None = None  # organisations only: acute trust, supplier, ...
    why: str | None = None  # governance only: one line on why the step matters
    level: str | None = None  # governance only: one of LEVELS
    ods: str | None = None  # organisations only: NHS ODS code, such as RTE


class Vocabulary:
    """Canonical values by group, looked up through their aliases."""

    def __init__(self, groups: dict[str, list[Term]] | None = None) -> None:
        self.groups = {name: list((groups or {}).get(name, [])) for name in GROUPS}
        self._lookup = {
            name: _lookup_table(terms) for name, terms in self.groups.items()
        }

    def canonical(self, group: str, value: str) -> str | None:
        """The canonical name of a value or alias, or None if it is unknown."""
        return self._lookup[group].get(normalise(value))

    def closest(self, group: str, value: str) -> str | None:
        """The canonical name most like an unknown value, if any is close."""
        table = self._lookup[group]
        match = difflib.get_close_matches(
            normalise(value), table.keys(), n=1, cutoff=0.75
        )
        return table[match[0]] if match else None

    def term(self, group: str, name: str) -> Term | None:
        """The Term of a canonical name."""
        return next((t for t in self.groups[group] if t.name == name), None)

    def ods_of(self, name: str | None) -> str | None:
        """The ODS code of an organisation (its canonical name), if recorded."""
        term = self.term("organisations", name) if name else None
        return term.ods if term else None

    def by_ods(self, code: str) -> Term | None:
        """The organisation with an ODS code (any case), if any."""
        wanted = code.strip().upper()
        return next((t for t in self.groups["organisations"] if t.ods == wanted), None)

    def to_dict(self) -> dict[str, Any]:
        """Plain data, as in the file (for storing beside the index)."""
        return {
            group: [
                {
                    k: v
                    for k, v in (
                        ("name", t.name),
                        ("aliases", list(t.aliases)),
                        ("url", t.url),
                        ("kind", t.kind),
                        ("why", t.why),
                        ("level", t.level),
                        ("ods", t.ods),
                    )
                    if v
                }
                for t in terms
            ]
            for group, terms in self.groups.items()
        }

    @property
    def digest(self) -> str:
        """A hash of the content: a change means the index must be rebuilt."""
        text = json.dumps(self.to_dict(), sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def _lookup_table(terms: list[Term]) -> dict[str, str]:
    table: dict[str, str] = {}
    for term in terms:
        for form in (term.name, *term.aliases):
            table.setdefault(normalise(form), term.name)
    return table


def vocabulary_from_dict(data: dict[str, Any]) -> Vocabulary:
    """Build a Vocabulary from already-checked plain data (`Vocabulary.to_dict()`)."""
    return Vocabulary(
        {
            group: [
                Term(
                    t["name"],
                    tuple(t.get("aliases", ())),
                    t.get("url"),
                    t.get("kind"),
                    t.get("why"),
                    t.get("level"),
                    t.get("ods"),
                )
                for t in data.get(group, [])
            ]
            for group in GROUPS
        }
    )


def load_vocabulary(
    path: Path, shown: str | None = None
) -> tuple[Vocabulary, list[Problem]]:
    """Read the vocabulary file; missing is empty, bad parts are reported."""
    shown = shown or str(path)
    if not (path.exists() or path.is_symlink()):
        return Vocabulary(), []
    text = read_text_file(path, shown)
    if isinstance(text, list):  # unusable: reported, and the catalogue goes on
        return Vocabulary(), text
    try:
        data, lines = parse_yaml(text)
    except YamlProblem as problem:
        return Vocabulary(), [
            Problem(shown, problem.line, "yaml", problem.message, problem.fix)
        ]
    problems: list[Problem] = []
    positions: dict[str, list[int]] = {}
    groups = _read_groups(
        data if isinstance(data, dict) else {}, lines, shown, problems, positions
    )
    _report_clashes(groups, positions, lines, shown, problems)
    return Vocabulary(groups), problems


def _read_groups(
    data: dict[str, Any],
    lines: dict,
    shown: str,
    problems: list[Problem],
    positions: dict[str, list[int]],
) -> dict[str, list[Term]]:
    """Each group's terms; `positions` gets each term's index in the file's list."""
    groups: dict[str, list[Term]] = {}
    for group in GROUPS:
        items = data.get(group) or []
        if not isinstance(items, list):
            problems.append(
                Problem(
                    shown,
                    lines.get((group,)),
                    group,
                    "must be a list of values",
                    "write each value as a `- name: ...` line under the group",
                )
            )
            continue
        read = [
            (i, t)
            for i, item in enumerate(items)
            if (t := _read_term(item, (group, i), lines, shown, problems))
        ]
        groups[group] = [t for _i, t in read]
        positions[group] = [i for i, _t in read]
    return groups


def _read_term(
    item: Any, where: tuple, lines: dict, shown: str, problems: list[Problem]
) -> Term | None:
    if isinstance(item, str):
        item = {"name": item}
    name = item.get("name") if isinstance(item, dict) else None
    if not isinstance(name, str) or not name.strip():
        problems.append(
            Problem(
                shown,
                lines.get(where),
                f"{where[0]}[{where[1]}]",
                "has no name",
                "give the value a `name: ...` line",
            )
        )
        return None
    aliases = item.get("aliases") or []
    if not isinstance(aliases, list):  # one alias (`aliases: LoS`, even a number)
        aliases = [aliases]
    why, level = (
        _governance(item, where, lines, shown, problems)
        if where[0] == "governance"
        else (None, None)
    )
    return Term(
        name.strip(),
        tuple(str(a).strip() for a in aliases if str(a).strip()),
        _web_address(item.get("url"), where, lines, shown, problems),
        str(item["kind"]) if item.get("kind") else None,
        why,
        level,
        read_ods(item.get("ods"), where, lines, shown, problems)
        if where[0] == "organisations"
        else None,
    )


def _governance(
    item: dict, where: tuple, lines: dict, shown: str, problems: list[Problem]
) -> tuple[str | None, str | None]:
    """A governance step's `why` and `level`; each missing or unknown one reported."""
    field = f"{where[0]}[{where[1]}]"
    why = item.get("why")
    why = " ".join(why.split()) if isinstance(why, str) else None
    if not why:
        problems.append(
            Problem(
                shown,
                lines.get(where + ("why",)) or lines.get(where),
                field,
                "has no `why`, so pages cannot say why the step matters",
                "add a line `why: ...`: one sentence on what the step protects"
                " and when it applies",
                WARNING,
            )
        )
    level = item.get("level")
    if level is None:
        problems.append(
            Problem(
                shown,
                lines.get(where),
                field,
                "has no `level`",
                f"add `level: {LEVELS[0]}` or `level: {LEVELS[1]}`",
                WARNING,
            )
        )
        return why, None
    if level in LEVELS:
        return why, level
    close = difflib.get_close_matches(str(level), LEVELS, n=1, cutoff=0.6)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    problems.append(
        Problem(
            shown,
            lines.get(where + ("level",)) or lines.get(where),
            f"{field}.level",
            f"unknown level: '{level}' is not one of {', '.join(LEVELS)}",
            f"use one of {', '.join(LEVELS)}{hint}",
        )
    )
    return why, None


def _web_address(
    url: Any, where: tuple, lines: dict, shown: str, problems: list[Problem]
) -> str | None:
    """An organisation's website, only if it is an http(s) address (pages link it)."""
    if url is None:
        return None
    if is_web_address(str(url).strip()):
        return str(url).strip()
    problems.append(
        Problem(
            shown,
            lines.get(where + ("url",)) or lines.get(where),
            f"{where[0]}[{where[1]}].url",
            f"'{url}' is not a web address, so it is not shown",
            WEB_ADDRESS_FIX,
        )
    )
    return None


def _report_clashes(
    groups: dict[str, list[Term]],
    positions: dict[str, list[int]],
    lines: dict,
    shown: str,
    problems: list[Problem],
) -> None:
    problems += shared_codes(
        [
            (index, term.name, term.ods)
            for index, term in zip(
                positions.get("organisations", []),
                groups.get("organisations", []),
                strict=True,
            )
        ],
        lines,
        shown,
    )
    for group, terms in groups.items():
        owner: dict[str, str] = {}
        for index, term in zip(positions[group], terms, strict=True):
            for form in (term.name, *term.aliases):
                key = normalise(form)
                if owner.setdefault(key, term.name) != term.name:
                    problems.append(
                        Problem(
                            shown,
                            lines.get((group, index)),
                            f"{group}[{index}]",
                            f"'{form}' already stands for '{owner[key]}'",
                            "remove it from one of the two values",
                            ERROR,
                        )
                    )
