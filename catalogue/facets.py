"""The facets: one declaration each, from which everything else is derived.

A facet is a way to narrow the catalogue (problem area, technique, ...). Its
declaration here is the only place it is named: the Whoosh schema and the
index documents (`search.schema`, `search.documents`), the engine's bitmaps
and counts, URL parameters (`search.query`), the API's facet keys
(`search.results`), the filter panel and labels (`catalogue.web.pages`) and
the `catalogue search` options (`catalogue.cli`) all loop over `FACETS`.

Adding a facet is one `Facet(...)` below plus its tests (`docs/architecture.md`
shows an example). The order of `FACETS` is the order of the filter panel.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from catalogue.evidence_tiers import TIERS
from catalogue.model import (
    ADOPTION_STATUSES,
    MEDICAL_DEVICE,
    RUNS_ON,
    STATUSES,
    TYPES,
    Entry,
)


def _status_label(value: str) -> str:
    return value.replace("-", " ").capitalize()


@dataclass(frozen=True, eq=False)
class Facet:
    """One facet: its URL parameter (also its index field and API key) and how
    an entry's values, labels, aliases and command-line option come about."""

    param: str  # URL parameter, API facet key and index field
    label: str  # heading of its filter group
    values: Callable[[Entry], tuple[str, ...]]  # an entry's canonical values
    vocabulary_group: str | None = None  # aliases in URLs resolve through this group
    query_synonyms: bool = False  # words of a query naming a value match it too
    boolean: bool = False  # values "true" / "false"; URLs may say yes, no, 1, 0
    labels: Mapping[str, str] | None = None  # how values read on pages
    label_of: Callable[[str], str] | None = None  # or a function of the value
    order: tuple[str, ...] = ()  # a fixed order of values, where there is one
    fixed_values: tuple[str, ...] = ()  # values it can have whatever is indexed
    cli_help: str = ""  # help of its `catalogue search` option
    similar_weight: float = 0.0  # how much sharing a value makes entries similar

    @property
    def cli_option(self) -> str:
        """The `catalogue search` option: `--problem-area`."""
        return "--" + self.param.replace("_", "-")

    def value_label(self, value: str) -> str:
        """How a value reads on a page."""
        if self.labels and value in self.labels:
            return self.labels[value]
        return self.label_of(value) if self.label_of else value


MEDICAL_DEVICE_NAMES = {
    "no": "Not a medical device",
    "yes": "A medical device",
    "not-assessed": "Not assessed",
}

ADOPTION_NAMES = {
    "exploring": "Exploring",
    "adapting": "Adapting",
    "piloting": "Piloting",
    "in-use": "In use",
    "stopped": "Tried and stopped",
}

TYPE_NAMES = {
    "project": "Project",
    "case-study": "Case study",
    "webinar": "Webinar or event",
    "playbook": "Playbook",
    "guidance": "Guidance",
}


def _code_tier(entry: Entry) -> tuple[str, ...]:
    evidence = entry.code.evidence if entry.code else None
    return (str(evidence["tier"]),) if evidence else ()


FACETS: tuple[Facet, ...] = (
    Facet(
        "problem_area",
        "Problem area",
        lambda e: e.problem_areas,
        vocabulary_group="problem_areas",
        query_synonyms=True,
        cli_help="Only this problem area (repeatable).",
        similar_weight=2.0,
    ),
    Facet(
        "technique",
        "AI technique",
        lambda e: e.techniques,
        vocabulary_group="techniques",
        query_synonyms=True,
        cli_help="Only this AI technique (repeatable).",
        similar_weight=2.0,
    ),
    Facet(
        "adopter",
        "Adopted by",
        lambda e: tuple(a.organisation for a in e.adopters),
        vocabulary_group="organisations",
        cli_help="Only entries this organisation adopted (repeatable).",
    ),
    Facet(
        "adoption",
        "Adoption",
        lambda e: tuple(dict.fromkeys(a.status for a in e.adopters if a.status)),
        labels=ADOPTION_NAMES,
        order=ADOPTION_STATUSES,
        fixed_values=ADOPTION_STATUSES,
        cli_help="Only entries with an adopter whose current status is this"
        " (repeatable): " + ", ".join(ADOPTION_STATUSES),
    ),
    Facet(
        "has_code",
        "Reusable code",
        lambda e: ("true" if e.has_code else "false",),
        boolean=True,
        labels={"true": "Has reusable code", "false": "No code published"},
        order=("true", "false"),
        fixed_values=("true", "false"),
        cli_help="Only entries with reusable code.",
    ),
    Facet(
        "sample_data",
        "Try without patient data",
        lambda e: ("true" if e.reuse and e.reuse.without_patient_data else "false",),
        boolean=True,
        labels={
            "true": "Can be tried without patient data",
            "false": "No sample, synthetic or public data recorded",
        },
        order=("true", "false"),
        fixed_values=("true", "false"),
        cli_help="Only entries that can be tried without patient data.",
    ),
    Facet(
        "runs_on",
        "Runs on",
        lambda e: e.reuse.runs_on if e.reuse else (),
        order=RUNS_ON,
        fixed_values=RUNS_ON,
        cli_help="Only entries that run on this (repeatable): " + ", ".join(RUNS_ON),
    ),
    Facet(
        "skill",
        "Skills needed",
        lambda e: e.reuse.skills if e.reuse else (),
        vocabulary_group="skills",
        cli_help="Only entries that need this skill (repeatable).",
    ),
    Facet(
        "medical_device",
        "Medical device",
        lambda e: (
            (e.reuse.medical_device,) if e.reuse and e.reuse.medical_device else ()
        ),
        labels=MEDICAL_DEVICE_NAMES,
        order=MEDICAL_DEVICE,
        fixed_values=MEDICAL_DEVICE,
        cli_help="Only this medical-device status (repeatable): "
        + ", ".join(MEDICAL_DEVICE),
    ),
    Facet(
        "code_tier",
        "Code evidence",
        _code_tier,
        labels={
            str(tier): f"Tier {tier}: {label}" for tier, (label, _why) in TIERS.items()
        },
        order=tuple(str(tier) for tier in sorted(TIERS, reverse=True)),
        fixed_values=tuple(str(tier) for tier in TIERS),
        cli_help="Only entries whose code reached this evidence tier, 0 to 4"
        " (repeatable; `catalogue evidence` measures it).",
    ),
    Facet(
        "type",
        "Type",
        lambda e: (e.type,),
        labels=TYPE_NAMES,
        order=TYPES,  # the contract's order
        fixed_values=TYPES,
        cli_help="Only this type of entry (repeatable).",
    ),
    Facet(
        "status",
        "Status",
        lambda e: (e.status,) if e.status else (),
        label_of=_status_label,
        order=STATUSES,  # lifecycle order
        fixed_values=STATUSES,
        cli_help="Only this status (repeatable).",
    ),
    Facet(
        "organisation",
        "Lead organisation",
        lambda e: (e.organisation,) if e.organisation else (),
        vocabulary_group="organisations",
        cli_help="Only entries this organisation led (repeatable).",
    ),
)


BY_PARAM: dict[str, Facet] = {facet.param: facet for facet in FACETS}
