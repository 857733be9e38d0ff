"""A draft Algorithmic Transparency Recording Standard (ATRS) record of an entry.

The UK public sector publishes ATRS records about the algorithmic tools it
uses. A Trust that leads or re-uses an entry can start its record from what
the catalogue knows: the draft fills the tier 1 fields and the tier 2 fields
the entry can answer (description, owner, data, technical details, and risks
from the `reuse` block) and marks every other field as a gap to complete.

The field list (reference numbers, attribute names and tiers) is that of
ATRS version 3.0 (March 2024), from the template table the standard's
maintainers publish in the public repository
co-cddo/algorithmic-transparency-recording-standard
(`previous-versions/v3.0/template_table.md`, commit 9b076c4). Version 4.0 is
published there only as a PDF; its field table was not used. The words of
the draft are the catalogue's own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from catalogue.model import Adopter, Entry
from catalogue.vocabulary import Vocabulary

STANDARD = "Algorithmic Transparency Recording Standard v3.0 (March 2024)"
SOURCE = (
    "github.com/co-cddo/algorithmic-transparency-recording-standard,"
    " previous-versions/v3.0/template_table.md"
)
GAP = "**To complete:** the catalogue does not record this."

#: ATRS phase suggested by an entry's status or an adopter's status.
PHASES = {
    "idea": "Pre-deployment",
    "discovery": "Pre-deployment",
    "proof-of-concept": "Pre-deployment",
    "exploring": "Pre-deployment",
    "adapting": "Pre-deployment",
    "pilot": "Beta/pilot",
    "piloting": "Beta/pilot",
    "in-use": "Production",
    "retired": "Retired",
    "stopped": "Retired",
}


@dataclass(frozen=True)
class Draft:
    """What the record is about: the entry, and for whom it is drafted."""

    entry: Entry
    organisation: str
    ods: str | None
    adopter: Adopter | None  # None: the lead organisation's record
    vocabulary: Vocabulary
    page_url: str  # the entry's page on the catalogue


Filler = Callable[[Draft], str | None]


def _status(d: Draft) -> str | None:
    status = d.adopter.status if d.adopter else d.entry.status
    phase = PHASES.get(status or "")
    return (
        f"{phase} (suggested from the catalogue status '{status}')" if phase else None
    )


def _description(d: Draft) -> str:
    parts = [d.entry.summary]
    if d.entry.problem_areas:
        parts.append("Problem areas: " + ", ".join(d.entry.problem_areas) + ".")
    if d.adopter and d.adopter.changes:
        parts.append(f"What {d.organisation} changed to fit: {d.adopter.changes}")
    return " ".join(parts)


def _organisation(d: Draft) -> str:
    code = f" (ODS code {d.ods})" if d.ods else ""
    return d.organisation + code


def _suppliers(d: Draft) -> list[str]:
    names = []
    for name in d.entry.partners:
        term = d.vocabulary.term("organisations", name)
        if term and term.kind and "supplier" in term.kind.casefold():
            names.append(name)
    return names


def _supplier_involvement(d: Draft) -> str | None:
    return "Yes" if _suppliers(d) else None


def _detailed(d: Draft) -> str | None:
    text = d.entry.text.strip()
    if not text:
        return None
    first = text.split("\n\n", 1)[0]
    return first[:1200] + (" ..." if len(first) > 1200 else "")


def _benefit(d: Draft) -> str | None:
    return d.adopter.outcome if d.adopter and d.adopter.outcome else None


def _architecture(d: Draft) -> str | None:
    parts = []
    if d.entry.code:
        language = f" ({d.entry.code.language})" if d.entry.code.language else ""
        parts.append(f"Published code: {d.entry.code.url}{language}.")
    if d.entry.reuse and d.entry.reuse.runs_on:
        parts.append("Runs on: " + ", ".join(d.entry.reuse.runs_on) + ".")
    return " ".join(parts) or None


def _techniques(d: Draft) -> str | None:
    return ", ".join(d.entry.techniques) or None


def _datasets(d: Draft) -> str | None:
    data = d.entry.reuse.data if d.entry.reuse else ()
    if not data:
        return None
    return "; ".join(
        need.name + (f" (standard: {need.standard})" if need.standard else "")
        for need in data
    )


def _sensitive(d: Draft) -> str | None:
    data = d.entry.reuse.data if d.entry.reuse else ()
    if any(need.patient_level for need in data):
        return "Person-level patient records are needed (which fields: to complete)."
    return None


def _sample_data(d: Draft) -> str | None:
    reuse = d.entry.reuse
    if reuse and reuse.without_patient_data:
        return f"It can be tried on {reuse.sample_data} data first; see {d.page_url}"
    return None


def _governance(d: Draft) -> str | None:
    steps = d.entry.reuse.governance if d.entry.reuse else ()
    if not steps:
        return None
    return (
        "The catalogue lists these steps as needed before reuse: "
        + ", ".join(steps)
        + ". Give the name, date and findings of each one you completed."
    )


def _sharing(d: Draft) -> str | None:
    steps = d.entry.reuse.governance if d.entry.reuse else ()
    found = [s for s in steps if "shar" in s.casefold() or "agreement" in s.casefold()]
    return ", ".join(found) + " (details: to complete)" if found else None


def _risks(d: Draft) -> str | None:
    reuse = d.entry.reuse
    if reuse is None:
        return None
    parts = []
    device = {
        "yes": "It is a medical device: UK medical device regulation applies.",
        "no": "It has been judged not to be a medical device.",
        "not-assessed": "It has not been assessed as a medical device; do so before"
        " clinical use.",
    }.get(reuse.medical_device or "")
    if device:
        parts.append(device)
    if reuse.readiness_level:
        parts.append(f"Technology readiness level {reuse.readiness_level} of 9.")
    if reuse.effort:
        parts.append(f"Effort to reuse: {reuse.effort}")
    if d.adopter and d.adopter.stopped_reason:
        parts.append(f"{d.organisation} stopped: {d.adopter.stopped_reason}")
    return " ".join(parts) or None


#: (reference, attribute, tier, section, how the catalogue fills it or None).
FIELDS: tuple[tuple[str, str, str, str, Filler | None], ...] = (
    ("0.11", "title", "-", "Title information", lambda d: d.entry.title),
    ("0.12", "organisation_name", "-", "Title information", _organisation),
    ("0.13", "phase", "-", "Title information", _status),
    ("0.14", "region", "-", "Title information", None),
    (
        "0.15",
        "one_sentence_description",
        "-",
        "Title information",
        lambda d: d.entry.summary,
    ),
    ("1.1", "name", "1", "Tier 1 information", lambda d: d.entry.title),
    ("1.2", "description", "1", "Tier 1 information", _description),
    ("1.3", "website_url", "1", "Tier 1 information", lambda d: d.page_url),
    (
        "1.4",
        "contact_email",
        "1",
        "Tier 1 information",
        lambda d: d.adopter.contact if d.adopter else None,
    ),
    (
        "2.1.1",
        "organisation_or_department",
        "2",
        "Owner and responsibility",
        _organisation,
    ),
    ("2.1.2", "team", "2", "Owner and responsibility", None),
    ("2.1.3", "senior_responsible_owner", "2", "Owner and responsibility", None),
    (
        "2.1.4",
        "external_supplier_involvement",
        "2",
        "Owner and responsibility",
        _supplier_involvement,
    ),
    (
        "2.1.4.1",
        "external_supplier",
        "2",
        "Owner and responsibility",
        lambda d: ", ".join(_suppliers(d)) or None,
    ),
    ("2.1.4.2", "companies_house_number", "2", "Owner and responsibility", None),
    ("2.1.4.3", "external_supplier_role", "2", "Owner and responsibility", None),
    ("2.1.4.4", "procurement_procedure_type", "2", "Owner and responsibility", None),
    ("2.1.4.5", "data_access_terms", "2", "Owner and responsibility", None),
    ("2.2.1", "detailed_description", "2", "Description and rationale", _detailed),
    ("2.2.2", "scope", "2", "Description and rationale", None),
    ("2.2.3", "benefit", "2", "Description and rationale", _benefit),
    ("2.2.4", "previous_process", "2", "Description and rationale", None),
    ("2.2.5", "alternatives_considered", "2", "Description and rationale", None),
    ("2.3.1", "process_integration", "2", "Decision-making process", None),
    ("2.3.2", "provided_information", "2", "Decision-making process", None),
    ("2.3.3", "frequency_and_scale_of_usage", "2", "Decision-making process", None),
    ("2.3.4", "human_decisions_and_review", "2", "Decision-making process", None),
    ("2.3.5", "required_training", "2", "Decision-making process", None),
    ("2.3.6", "appeals_and_review", "2", "Decision-making process", None),
    ("2.4.1.1", "system_architecture", "2", "Tool specification", _architecture),
    ("2.4.1.2", "phase", "2", "Tool specification", _status),
    ("2.4.1.3", "maintenance", "2", "Tool specification", None),
    ("2.4.1.4", "models", "2", "Tool specification", _techniques),
    ("2.4.2.1", "model_name", "2", "Model specification", lambda d: d.entry.title),
    ("2.4.2.2", "model_version", "2", "Model specification", None),
    ("2.4.2.3", "model_task", "2", "Model specification", None),
    ("2.4.2.4", "model_input", "2", "Model specification", None),
    ("2.4.2.5", "model_output", "2", "Model specification", None),
    ("2.4.2.6", "model_architecture", "2", "Model specification", _techniques),
    ("2.4.2.7", "model_performance", "2", "Model specification", _benefit),
    ("2.4.2.8", "datasets", "2", "Model specification", _datasets),
    ("2.4.2.9", "dataset_purposes", "2", "Model specification", None),
    ("2.4.3.1", "source_data_name", "2", "Data specification", _datasets),
    ("2.4.3.2", "data_modality", "2", "Data specification", None),
    ("2.4.3.3", "data_description", "2", "Data specification", _datasets),
    ("2.4.3.4", "data_quantities", "2", "Data specification", None),
    ("2.4.3.5", "sensitive_attributes", "2", "Data specification", _sensitive),
    (
        "2.4.3.6",
        "data_completeness_and_representativeness",
        "2",
        "Data specification",
        None,
    ),
    ("2.4.3.7", "source_data_url", "2", "Data specification", _sample_data),
    ("2.4.3.8", "data_collection", "2", "Data specification", None),
    ("2.4.3.9", "data_cleaning", "2", "Data specification", None),
    ("2.4.3.10", "data_sharing_agreements", "2", "Data specification", _sharing),
    ("2.4.3.11", "data_access_and_storage", "2", "Data specification", None),
    (
        "2.5.1",
        "impact_assessment",
        "2",
        "Risks, mitigations and impact assessments",
        _governance,
    ),
    (
        "2.5.2",
        "risks_and_mitigations",
        "2",
        "Risks, mitigations and impact assessments",
        _risks,
    ),
)


def atrs_markdown(draft: Draft, today: dt.date) -> str:
    """The draft record as Markdown: each field filled from the entry, or a gap."""
    who = "an adopter" if draft.adopter else "the lead organisation"
    lines = [
        f"# Draft ATRS record: {draft.entry.title}",
        "",
        f"Drafted on {today.isoformat()} for {_organisation(draft)}, {who} of"
        f" this catalogue entry: {draft.page_url}",
        "",
        f"Fields: {STANDARD}, as listed in {SOURCE}. This is not a published"
        " record. Check every field against the standard's guidance, complete the"
        " gaps and remove anything that does not apply before you publish.",
    ]
    section = None
    filled = gaps = 0
    for reference, attribute, tier, heading, fill in FIELDS:
        if heading != section:
            section = heading
            lines += ["", f"## {heading}"]
        value = fill(draft) if fill else None
        filled, gaps = (filled + 1, gaps) if value else (filled, gaps + 1)
        tier_text = f", tier {tier}" if tier != "-" else ""
        lines += ["", f"### {reference} `{attribute}`{tier_text}", "", value or GAP]
    lines += ["", "---", "", f"{filled} fields drafted, {gaps} to complete."]
    return "\n".join(lines) + "\n"
