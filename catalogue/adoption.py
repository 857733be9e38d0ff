"""The adoption ledger: every dated change in who re-uses what, across entries.

Each step of an adopter's `history` is an event; an adopter written in the
one-line form is one event, dated by `since`. An adopter with no date at all
has no event (it cannot be placed in time), but it still counts on its entry.
The entry page's timeline, the organisation page, the home page's recent
events and `/adoptions.atom` all read these events, so they always agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from catalogue.dates import PartialDate
from catalogue.model import Adopter, Entry
from catalogue.text import slugify


@dataclass(frozen=True)
class AdoptionEvent:
    """One organisation reaching one status for one entry, on a date."""

    slug: str  # the entry
    title: str  # the entry's title
    organisation: str
    status: str  # one of ADOPTION_STATUSES
    date: PartialDate
    note: str | None = None
    ods: str | None = None  # the organisation's ODS code, if known
    number: int = 0  # the event's place in its adopter's history, from 0

    @property
    def anchor(self) -> str:
        """A fragment naming the event on its entry page (stable while the
        history only grows)."""
        return f"adoption-{slugify(self.organisation)}-{self.number}"

    @property
    def url(self) -> str:
        """The event on its entry's page."""
        return f"/entries/{self.slug}#{self.anchor}"


def adopter_events(entry: Entry, adopter: Adopter) -> list[AdoptionEvent]:
    """The dated events of one adopter of an entry, oldest first."""
    if adopter.history:
        steps = [(s.status, s.date, s.note) for s in adopter.history]
    elif adopter.since and adopter.status:
        steps = [(adopter.status, adopter.since, None)]
    else:
        return []
    return [
        AdoptionEvent(
            entry.slug,
            entry.title,
            adopter.organisation,
            status,
            date,
            note,
            adopter.ods,
            number,
        )
        for number, (status, date, note) in enumerate(steps)
    ]


def adoption_events(entries: Iterable[Entry]) -> list[AdoptionEvent]:
    """Every adoption event of the entries, newest first.

    Events on the same date keep a fixed order (entry title, organisation,
    then the later step first), so the feed and pages never shuffle.
    """
    events = [
        event
        for entry in entries
        for adopter in entry.adopters
        for event in adopter_events(entry, adopter)
    ]
    events.sort(key=lambda e: (e.title.casefold(), e.organisation, -e.number))
    events.sort(key=lambda e: e.date.first_day, reverse=True)
    return events


@dataclass(frozen=True)
class Span:
    """A stretch of an adopter's timeline spent in one status."""

    status: str
    start: PartialDate
    end: dt.date  # the next step's first day, or today for the last one
    note: str | None = None
    current: bool = False  # the last span: the adopter's status now


def adopter_spans(adopter: Adopter, today: dt.date) -> list[Span]:
    """The adopter's history as consecutive spans, oldest first."""
    steps = [(s.status, s.date, s.note) for s in adopter.history]
    if not steps and adopter.since and adopter.status:
        steps = [(adopter.status, adopter.since, None)]
    spans = []
    for index, (status, start, note) in enumerate(steps):
        last = index == len(steps) - 1
        end = today if last else steps[index + 1][1].first_day
        spans.append(Span(status, start, max(end, start.first_day), note, last))
    return spans
