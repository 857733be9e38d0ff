"""The catalogue's data: an entry and its parts, as plain frozen data classes.

Nothing here reads files or knows about the web: an `Entry` is built by
`catalogue.validate` from a file and can be turned to and from a plain dict
(`to_dict` / `entry_from_dict`), which is the shape of the JSON API and of the
copy kept in the search index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# Re-exported: dates were defined here first, and many modules import them here.
from catalogue.dates import PartialDate as PartialDate
from catalogue.dates import parse_partial_date as parse_partial_date

#: The kinds of entry, in the order pages list them.
TYPES = ("project", "case-study", "webinar", "playbook", "guidance")
#: How far a piece of work got.
STATUSES = ("idea", "discovery", "proof-of-concept", "pilot", "in-use", "retired")
#: How far an adopting organisation got with re-using an entry.
ADOPTER_STATUSES = ("exploring", "adapting", "piloting", "in-use")
#: An adopter that tried an entry and gave up (`stopped_reason` says why).
STOPPED = "stopped"
#: Every status an adopter (and each step of its history) may have.
ADOPTION_STATUSES = (*ADOPTER_STATUSES, STOPPED)
#: Whether an entry can be tried without patient data, and how.
SAMPLE_DATA = ("none", "synthetic", "sample", "public")
#: The `sample_data` values that mean "yes, it can be tried without patient data".
TRY_WITHOUT_PATIENT_DATA = ("synthetic", "sample", "public")
#: What an entry runs on.
RUNS_ON = ("Laptop", "Server", "GPU", "Cloud", "Trusted research environment")
#: Whether an entry is a medical device.
MEDICAL_DEVICE = ("no", "yes", "not-assessed")
#: The technology readiness levels (TRL).
READINESS_LEVELS = range(1, 10)

#: Plural headings for each type, used where related material is grouped.
TYPE_LABELS = {
    "project": "Projects",
    "case-study": "Case studies",
    "webinar": "Webinars and events",
    "playbook": "Playbooks",
    "guidance": "Guidance",
}

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Code:
    """Reusable code published for an entry."""

    url: str  # where the code lives (a repository page)
    licence: str | None = None  # SPDX licence id, such as MIT
    language: str | None = None  # main programming language(s)
    #: What `catalogue evidence` measured of the repository (the API's
    #: `code.evidence`: tier, label, checked_at, facts, reasons), if it has run.
    evidence: dict[str, Any] | None = None


@dataclass(frozen=True)
class Step:
    """One step of an adopter's history: its status from a date on."""

    status: str  # one of ADOPTION_STATUSES
    date: PartialDate
    note: str | None = None  # what happened


@dataclass(frozen=True)
class Adopter:
    """An organisation re-using an entry, and how far it got."""

    organisation: str  # canonical organisation name
    status: str | None = None  # the current status, one of ADOPTION_STATUSES
    since: PartialDate | None = None  # when the re-use started
    history: tuple[Step, ...] = ()  # earlier statuses, oldest first
    changes: str | None = None  # what they changed to make it fit
    outcome: str | None = None  # what happened, with figures where known
    stopped_reason: str | None = None  # why they stopped (status stopped)
    contact: str | None = None  # a team mailbox
    ods: str | None = None  # the organisation's ODS code, from the vocabulary

    @property
    def stopped(self) -> bool:
        """Whether the organisation tried it and stopped."""
        return self.status == STOPPED

    @property
    def started(self) -> PartialDate | None:
        """When the re-use began: `since`, else the first step of its history."""
        return self.since or (self.history[0].date if self.history else None)


@dataclass(frozen=True)
class Retirement:
    """Why and when an entry with `status: retired` was retired."""

    reason: str
    date: PartialDate | None = None
    superseded_by: str | None = None  # slug of the entry that replaces it


@dataclass(frozen=True)
class Link:
    """An external page about an entry: case study, report, recording, slides."""

    title: str
    url: str


@dataclass(frozen=True)
class Event:
    """When a webinar, workshop or meet-up was held, and where to catch up."""

    date: PartialDate | None = None
    recording: str | None = None  # URL of the recording
    slides: str | None = None  # URL of the slides


@dataclass(frozen=True)
class DataNeed:
    """Data an entry was built on and needs to run elsewhere."""

    name: str  # what the data is
    standard: str | None = None  # a national dataset or standard (vocabulary: datasets)
    patient_level: bool | None = None  # person-level records needed; None: not recorded


@dataclass(frozen=True)
class Reuse:
    """What a Trust needs before reusing an entry: "Can we run this here?".

    Anything left empty or None was not recorded, and pages say so.
    """

    data: tuple[DataNeed, ...] = ()
    sample_data: str | None = None  # one of SAMPLE_DATA
    governance: tuple[str, ...] = ()  # canonical values (vocabulary: governance)
    skills: tuple[str, ...] = ()  # canonical values (vocabulary: skills)
    runs_on: tuple[str, ...] = ()  # values of RUNS_ON
    medical_device: str | None = None  # one of MEDICAL_DEVICE
    readiness_level: int | None = None  # technology readiness level, 1..9
    effort: str | None = None  # free text

    @property
    def without_patient_data(self) -> bool:
        """Whether it can be tried without patient data (synthetic, sample, public)."""
        return self.sample_data in TRY_WITHOUT_PATIENT_DATA

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data, in the shape of the front matter."""
        return {
            "data": [
                {
                    "name": d.name,
                    "standard": d.standard,
                    "patient_level": d.patient_level,
                }
                for d in self.data
            ],
            "sample_data": self.sample_data,
            "governance": list(self.governance),
            "skills": list(self.skills),
            "runs_on": list(self.runs_on),
            "medical_device": self.medical_device,
            "readiness_level": self.readiness_level,
            "effort": self.effort,
        }


def reuse_from_dict(data: dict[str, Any] | None) -> Reuse | None:
    """Rebuild a Reuse from `Reuse.to_dict()` output."""
    if data is None:
        return None
    return Reuse(
        data=tuple(
            DataNeed(d["name"], d.get("standard"), d.get("patient_level"))
            for d in data.get("data", ())
        ),
        sample_data=data.get("sample_data"),
        governance=tuple(data.get("governance", ())),
        skills=tuple(data.get("skills", ())),
        runs_on=tuple(data.get("runs_on", ())),
        medical_device=data.get("medical_device"),
        readiness_level=data.get("readiness_level"),
        effort=data.get("effort"),
    )


@dataclass(frozen=True)
class Entry:
    """One catalogue entry: a project, case study, webinar, playbook or guidance."""

    slug: str  # the file name without .md; unique across the catalogue
    title: str
    summary: str  # one or two sentences, at most 300 characters
    type: str  # one of TYPES
    body: str = ""  # Markdown, legacy components already removed
    path: str = ""  # source file, relative to the entries folder
    digest: str = ""  # SHA-256 of the source file's bytes
    status: str | None = None  # one of STATUSES
    date: PartialDate | None = None  # started, published or held
    problem_areas: tuple[str, ...] = ()  # canonical vocabulary values
    techniques: tuple[str, ...] = ()  # canonical vocabulary values
    tags: tuple[str, ...] = ()  # free keywords, searched but not a facet
    organisation: str | None = None  # lead organisation, canonical name
    partners: tuple[str, ...] = ()  # other organisations that took part
    code: Code | None = None  # present when the entry has reusable code
    adopters: tuple[Adopter, ...] = ()
    related: tuple[str, ...] = ()  # slugs of other entries
    links: tuple[Link, ...] = ()
    event: Event | None = None
    reuse: Reuse | None = None  # "Can we run this here?"; None: nothing recorded
    retired: Retirement | None = None  # with status retired: when, why, successor
    #: ODS codes of the organisations the entry names, from the vocabulary
    organisation_ods: str | None = None  # the lead organisation's code
    html: str = ""  # the body as sanitised HTML, rendered once by the pipeline
    text: str = ""  # the body as plain text, for search and snippets

    @property
    def url(self) -> str:
        """The entry's page on the site."""
        return f"/entries/{self.slug}"

    @property
    def has_code(self) -> bool:
        """Whether the entry offers reusable code."""
        return self.code is not None

    @property
    def reusing(self) -> tuple[Adopter, ...]:
        """The adopters re-using it now (not those that tried it and stopped)."""
        return tuple(a for a in self.adopters if not a.stopped)

    def __html__(self) -> str:
        return self.html

    def to_dict(self) -> dict[str, Any]:
        """Every field as JSON-ready data; dates as written, absent values as None."""
        return {
            "slug": self.slug,
            "url": self.url,
            "title": self.title,
            "summary": self.summary,
            "type": self.type,
            "status": self.status,
            "date": _text(self.date),
            "problem_areas": list(self.problem_areas),
            "techniques": list(self.techniques),
            "tags": list(self.tags),
            "organisation": self.organisation,
            "partners": list(self.partners),
            "code": _code_dict(self.code),
            "adopters": [_adopter_dict(a) for a in self.adopters],
            "related": list(self.related),
            "links": [{"title": link.title, "url": link.url} for link in self.links],
            "event": _event_dict(self.event),
            "reuse": self.reuse.to_dict() if self.reuse else None,
            "retired": _retired_dict(self.retired),
            "organisation_ods": self.organisation_ods,
            "body": self.body,
            "path": self.path,
            "digest": self.digest,
        }


def _text(value: PartialDate | None) -> str | None:
    return value.text if value else None


def _code_dict(code: Code | None) -> dict[str, Any] | None:
    if code is None:
        return None
    found: dict[str, Any] = {
        "url": code.url,
        "licence": code.licence,
        "language": code.language,
    }
    if code.evidence is not None:  # once `catalogue evidence` has measured it
        found["evidence"] = code.evidence
    return found


def _adopter_dict(adopter: Adopter) -> dict[str, Any]:
    """The adopter's fields; the newer ones only when recorded, so an adopter in
    the one-line form keeps the shape it always had."""
    found: dict[str, Any] = {
        "organisation": adopter.organisation,
        "status": adopter.status,
        "since": _text(adopter.since),
    }
    newer = {
        "ods": adopter.ods,
        "history": [
            {"status": s.status, "date": s.date.text, "note": s.note}
            for s in adopter.history
        ],
        "changes": adopter.changes,
        "outcome": adopter.outcome,
        "stopped_reason": adopter.stopped_reason,
        "contact": adopter.contact,
    }
    return found | {key: value for key, value in newer.items() if value}


def _adopter_from_dict(data: dict[str, Any]) -> Adopter:
    return Adopter(
        data["organisation"],
        data.get("status"),
        _date(data.get("since")),
        tuple(
            Step(s["status"], parse_partial_date(s["date"]), s.get("note"))
            for s in data.get("history", ())
        ),
        data.get("changes"),
        data.get("outcome"),
        data.get("stopped_reason"),
        data.get("contact"),
        data.get("ods"),
    )


def _retired_dict(retired: Retirement | None) -> dict[str, Any] | None:
    if retired is None:
        return None
    return {
        "date": _text(retired.date),
        "reason": retired.reason,
        "superseded_by": retired.superseded_by,
    }


def _retired_from_dict(data: dict[str, Any] | None) -> Retirement | None:
    if data is None:
        return None
    return Retirement(
        data["reason"], _date(data.get("date")), data.get("superseded_by")
    )


def _event_dict(event: Event | None) -> dict[str, Any] | None:
    if event is None:
        return None
    return {
        "date": _text(event.date),
        "recording": event.recording,
        "slides": event.slides,
    }


def _date(text: str | None) -> PartialDate | None:
    return parse_partial_date(text) if text else None


def entry_from_dict(data: dict[str, Any], html: str = "", text: str = "") -> Entry:
    """Rebuild an Entry from `Entry.to_dict()` output (already validated data)."""
    code = data.get("code")
    event = data.get("event")
    return Entry(
        slug=data["slug"],
        title=data["title"],
        summary=data["summary"],
        type=data["type"],
        body=data.get("body", ""),
        path=data.get("path", ""),
        digest=data.get("digest", ""),
        status=data.get("status"),
        date=_date(data.get("date")),
        problem_areas=tuple(data.get("problem_areas", ())),
        techniques=tuple(data.get("techniques", ())),
        tags=tuple(data.get("tags", ())),
        organisation=data.get("organisation"),
        partners=tuple(data.get("partners", ())),
        code=Code(**code) if code else None,
        adopters=tuple(_adopter_from_dict(a) for a in data.get("adopters", ())),
        related=tuple(data.get("related", ())),
        links=tuple(Link(**link) for link in data.get("links", ())),
        event=Event(
            _date(event.get("date")), event.get("recording"), event.get("slides")
        )
        if event
        else None,
        reuse=reuse_from_dict(data.get("reuse")),
        retired=_retired_from_dict(data.get("retired")),
        organisation_ods=data.get("organisation_ods"),
        html=html,
        text=text,
    )
