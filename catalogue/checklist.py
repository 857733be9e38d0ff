"""The "Can we run this here?" checklist: an entry's reuse needs in sections.

The entry page's panel, the `/entries/<slug>/checklist.md` download and the
comparison page all show what `checklist()` builds: Data, Information
governance, Skills, Runs on and Regulation, each item with why it matters
(and, for governance steps, whether it is Required or Best practice) from the
vocabulary. What the entry does not record is shown as not recorded, never
guessed. `to_markdown()` writes the checklist a Trust team pastes into its plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from catalogue.model import Entry, Reuse
from catalogue.vocabulary import Vocabulary

#: What each technology readiness level means, in short.
READINESS = {
    1: "basic principles observed",
    2: "the idea has been formulated",
    3: "a proof of concept has been tested by experiment",
    4: "shown to work in a lab setting, such as on historical data, not in real use",
    5: "checked in a setting close to real use",
    6: "demonstrated in a setting close to real use",
    7: "a prototype has been demonstrated in real operation",
    8: "complete and qualified for use",
    9: "proven in everyday use",
}
SAMPLE_DATA_TEXT = {
    "none": "It cannot be tried without patient data: no synthetic, sample or"
    " public data comes with it",
    "synthetic": "It can be tried without patient data: synthetic (fake) data,"
    " or a generator for it, comes with it",
    "sample": "It can be tried without patient data: a small sample of example"
    " data comes with it",
    "public": "It can be tried without patient data: it runs on public data",
}
RUNS_ON_TEXT = {
    "Laptop": "A laptop or desktop computer",
    "Server": "A server your organisation runs",
    "GPU": "A computer with a graphics processing unit (GPU)",
    "Cloud": "A cloud service",
    "Trusted research environment": "A trusted research environment (TRE)",
}
MEDICAL_DEVICE_TEXT = {
    "no": (
        "Recorded as not a medical device",
        "If you change what it does, or use it to inform the care of individual"
        " patients, check this again with your clinical safety officer.",
    ),
    "yes": (
        "It is a medical device",
        "It must meet the UK Medical Devices Regulations 2002 (UKCA or CE"
        " marked) before it is used in care, and your organisation needs DCB0160"
        " clinical risk management to deploy it.",
    ),
    "not-assessed": (
        "Whether it is a medical device has not been assessed",
        "Before any use in care, assess it against the UK Medical Devices"
        " Regulations 2002 with your clinical safety officer.",
    ),
}
NOT_RECORDED = "Not recorded"


@dataclass(frozen=True)
class Item:
    """One thing to check: what it is, why it matters, how strongly it applies."""

    text: str
    why: str = ""
    level: str | None = None  # governance steps: Required or Best practice
    recorded: bool = True  # False: the entry does not say; find out
    url: str | None = None  # more about it (a dataset's page)


@dataclass(frozen=True)
class Section:
    """A group of the checklist, and steps that may apply though not recorded."""

    title: str
    items: tuple[Item, ...]
    also: tuple[Item, ...] = ()  # "check whether these apply too"


def checklist(entry: Entry, vocabulary: Vocabulary) -> tuple[Section, ...]:
    """The five sections for an entry (every item not recorded when it has no
    `reuse` block)."""
    reuse = entry.reuse or Reuse()
    return (
        Section("Data", _data(reuse, vocabulary)),
        _governance(reuse, vocabulary),
        Section("Skills", _skills(reuse)),
        Section("Runs on", _runs_on(reuse)),
        Section("Regulation", _regulation(reuse)),
    )


def _missing(text: str) -> Item:
    return Item(text, recorded=False)


def _data(reuse: Reuse, vocabulary: Vocabulary) -> tuple[Item, ...]:
    items = []
    for need in reuse.data:
        parts = []
        if need.patient_level is True:
            parts.append("Person-level records are needed.")
        elif need.patient_level is False:
            parts.append("No person-level records are needed.")
        else:
            parts.append("Whether person-level records are needed is not recorded.")
        url = None
        if need.standard:
            parts.append(f"National dataset or standard: {need.standard}.")
            term = vocabulary.term("datasets", need.standard)
            url = term.url if term else None
        items.append(Item(need.name, " ".join(parts), url=url))
    if not items:
        items.append(_missing("The data it needs is not recorded"))
    if reuse.sample_data:
        items.append(Item(SAMPLE_DATA_TEXT[reuse.sample_data]))
    else:
        items.append(
            _missing("Whether it can be tried without patient data is not recorded")
        )
    return tuple(items)


def _governance(reuse: Reuse, vocabulary: Vocabulary) -> Section:
    def item(name: str) -> Item:
        term = vocabulary.term("governance", name)
        why = term.why if term and term.why else "Why it matters is not recorded."
        return Item(name, why, term.level if term else None)

    items = tuple(item(name) for name in reuse.governance) or (
        _missing(
            "No governance steps are recorded for this entry; that does not mean"
            " none apply"
        ),
    )
    also = tuple(
        item(term.name)
        for term in vocabulary.groups["governance"]
        if term.name not in reuse.governance
    )
    return Section("Information governance", items, also)


def _skills(reuse: Reuse) -> tuple[Item, ...]:
    items = [Item(skill) for skill in reuse.skills] or [
        _missing("The skills it needs are not recorded")
    ]
    if reuse.effort:
        items.append(Item(f"Effort: {reuse.effort}"))
    else:
        items.append(_missing("The effort it takes is not recorded"))
    return tuple(items)


def _runs_on(reuse: Reuse) -> tuple[Item, ...]:
    return tuple(Item(RUNS_ON_TEXT.get(r, r)) for r in reuse.runs_on) or (
        _missing("What it runs on is not recorded"),
    )


def _regulation(reuse: Reuse) -> tuple[Item, ...]:
    if reuse.medical_device:
        text, why = MEDICAL_DEVICE_TEXT[reuse.medical_device]
        device = Item(text, why)
    else:
        device = _missing("Whether it is a medical device is not recorded")
    level = reuse.readiness_level
    readiness = (
        Item(f"Technology readiness level {level} of 9", f"{READINESS[level]}.")
        if level
        else _missing("Its technology readiness level is not recorded")
    )
    return (device, readiness)


# --- Markdown ------------------------------------------------------------------------

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _md(text: str) -> str:
    """Text as Markdown that shows it as written (one line, specials escaped)."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _line(item: Item) -> str:
    text = _md(item.text)
    if not item.recorded:
        return f"- [ ] {text}: find out before you start"
    if item.level:
        text = f"**{text}** ({_md(item.level)})"
    line = f"- [ ] {text}"
    if item.why:
        line += f": {_md(item.why)}"
    if item.url:
        line += f" <{item.url}>"
    return line


def to_markdown(
    entry: Entry, vocabulary: Vocabulary, page_url: str, today: date
) -> str:
    """The checklist as Markdown, with the entry's address and today's date."""
    lines = [
        f"# Can we run this here? {_md(entry.title)}",
        "",
        f"A checklist from the NHS AI use-case catalogue for {_md(entry.title)}"
        f" <{page_url}>, downloaded on {today.isoformat()}"
        + (f"; the entry is dated {entry.date}." if entry.date else "."),
        "",
        "Tick each item when your team has confirmed it for your organisation."
        " Anything the catalogue does not record is marked so: find it out.",
    ]
    for section in checklist(entry, vocabulary):
        lines += ["", f"## {section.title}", ""]
        lines += [_line(item) for item in section.items]
        if section.also:
            lines += ["", "Check whether these apply too:", ""]
            lines += [_line(item) for item in section.also]
    return "\n".join(lines) + "\n"
