"""The `adopters` field: who re-uses an entry, and how it went over time.

The old one-line form (`organisation`, `status`, `since`) stays valid; the
contract adds `history` (oldest first, its last status equal to `status`),
`changes`, `outcome`, `stopped_reason` (required with `status: stopped`) and
`contact`. Dates may not lie in the future. Each problem names its field and
says how to fix it; an adopter with an error leaves the entry out, as any
other error does.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from catalogue.checks import (
    Check,
    as_text,
    canonical,
    fields_of,
    kind_of,
    located,
    one_of,
    optional_text,
    partial_date,
)
from catalogue.dates import PartialDate
from catalogue.loader import FieldPath
from catalogue.model import ADOPTION_STATUSES, STOPPED, Adopter, Step
from catalogue.text import is_web_address
from catalogue.vocabulary import Vocabulary

ADOPTER_FIELDS = (
    "organisation",
    "status",
    "since",
    "history",
    "changes",
    "outcome",
    "stopped_reason",
    "contact",
)
STEP_FIELDS = ("status", "date", "note")
_MAILBOX = re.compile(r"^(mailto:)?[^@\s]+@[^@\s]+\.[^@\s]+$")

TEMPLATE = (
    "# Organisations re-using this work. status: {adopter_statuses};\n"
    "# or stopped, with stopped_reason saying why. since: YYYY, YYYY-MM or"
    " YYYY-MM-DD.\n"
    "# history (optional) lists earlier statuses, oldest first; its last status"
    " is `status`.\n"
    "# Example (remove the # to use it):\n"
    "adopters:\n"
    "#  - organisation: Nottingham University Hospitals NHS Trust\n"
    "#    status: adapting\n"
    "#    since: 2021-11\n"
    "#    history:\n"
    "#      - {{status: exploring, date: 2021-09, note: Saw the webinar}}\n"
    "#      - {{status: adapting, date: 2021-11}}\n"
    "#    changes: Retrained on local admissions\n"
    "#    outcome: What happened, with figures where known\n"
    "#    contact: data.science@example.nhs.uk"
)

FUTURE_FIX = "record only what has happened: use today's date or an earlier one"
STOPPED_FIX = (
    "add `stopped_reason: ...`: a sentence or two on why they stopped; it helps"
    " the next Trust as much as a success does"
)


def read_adopters(
    check: Check, vocabulary: Vocabulary, value: Any, today: dt.date | None = None
) -> tuple[Adopter, ...]:
    """Every usable adopter of an entry; each problem reported where it is."""
    today = today or dt.date.today()
    adopters = []
    for where, item in located(value, ("adopters",)):
        data = fields_of(check, item, where, ADOPTER_FIELDS)
        if data is None:
            continue
        adopter = _adopter(check, vocabulary, data, where, today)
        if adopter:
            adopters.append(adopter)
    return tuple(adopters)


def _adopter(
    check: Check,
    vocabulary: Vocabulary,
    data: dict[str, Any],
    where: FieldPath,
    today: dt.date,
) -> Adopter | None:
    name = _organisation(check, vocabulary, data.get("organisation"), where)
    status = one_of(check, data.get("status"), where + ("status",), ADOPTION_STATUSES)
    since = past_date(check, data.get("since"), where + ("since",), today)
    history = _history(check, data.get("history"), where + ("history",), today)
    _check_agreement(check, data, status, history, where)
    text = {
        key: optional_text(
            check, data.get(key), where + (key,), f"write `{key}: ...` as text"
        )
        for key in ("changes", "outcome", "stopped_reason")
    }
    if status == STOPPED and not text["stopped_reason"]:
        check.report(
            where + ("status",),
            "an adopter that stopped needs a `stopped_reason`",
            STOPPED_FIX,
        )
    contact = _contact(check, data.get("contact"), where + ("contact",))
    if not name:
        return None
    term = vocabulary.term("organisations", name)
    return Adopter(
        name,
        status,
        since,
        history,
        text["changes"],
        text["outcome"],
        text["stopped_reason"],
        contact,
        term.ods if term else None,
    )


def _organisation(
    check: Check, vocabulary: Vocabulary, value: Any, where: FieldPath
) -> str | None:
    if value is None:
        check.report(
            where,
            "an adopter needs an organisation",
            "add `organisation: Name of the NHS Trust` to the adopter",
        )
        return None
    text = as_text(value)
    if not text:
        check.report(
            where + ("organisation",),
            f"'organisation' must be an organisation's name, not {kind_of(value)}",
            "write `organisation: Name of the NHS Trust`",
        )
        return None
    return canonical(
        check, vocabulary, "organisations", text, where + ("organisation",)
    )


def past_date(
    check: Check, value: Any, where: FieldPath, today: dt.date
) -> PartialDate | None:
    """A partial date that has begun by `today`; a later one is reported."""
    found = partial_date(check, value, where)
    if found is not None and found.first_day > today:
        check.report(where, f"{found} is in the future", FUTURE_FIX)
        return None
    return found


def _history(
    check: Check, value: Any, where: FieldPath, today: dt.date
) -> tuple[Step, ...]:
    """The steps of a history, each checked, and their order (oldest first)."""
    if value is not None and not isinstance(value, list):
        check.report(
            where,
            f"'history' must be a list of steps, not {kind_of(value)}",
            "write one `- {status: ..., date: ...}` line per step, oldest first",
        )
        return ()
    steps: list[Step] = []
    for at, item in located(value, where):
        step = _step(check, item, at, today)
        if step is None:
            continue
        if steps and step.date.last_day < steps[-1].date.first_day:
            check.report(
                at + ("date",),
                f"history is not oldest first: {step.date} comes after"
                f" {steps[-1].date} in the list",
                "put the steps in date order, the oldest first",
            )
        steps.append(step)
    return tuple(steps)


def _step(check: Check, item: Any, where: FieldPath, today: dt.date) -> Step | None:
    if not isinstance(item, dict):
        check.report(
            where,
            f"a history step must be a set of fields, not {kind_of(item)}",
            "write the step as `- {status: exploring, date: 2021-09}`",
        )
        return None
    for key in item:
        if key not in STEP_FIELDS:
            check.warn(
                where + (key,),
                f"unknown field '{key}' is ignored",
                f"known fields: {', '.join(STEP_FIELDS)}",
            )
    status = one_of(
        check,
        item.get("status"),
        where + ("status",),
        ADOPTION_STATUSES,
        required=True,
        name="status",
    )
    date = past_date(check, item.get("date"), where + ("date",), today)
    if item.get("date") is None:
        check.report(
            where,
            "a history step needs a date",
            "add `date: YYYY-MM` (or YYYY, or YYYY-MM-DD): when the status began",
        )
    note = optional_text(
        check, item.get("note"), where + ("note",), "write `note: ...` as text"
    )
    return Step(status, date, note) if status and date else None


def _check_agreement(
    check: Check,
    data: dict[str, Any],
    status: str | None,
    history: tuple[Step, ...],
    where: FieldPath,
) -> None:
    """The current status is the history's last status."""
    if not history:
        return
    last = history[-1].status
    if data.get("status") is None:
        check.report(
            where,
            f"an adopter with a history needs a status: its last step is '{last}'",
            f"add `status: {last}`",
        )
    elif status and status != last:
        check.report(
            where + ("status",),
            f"status is '{status}' but the last step of history is '{last}'",
            f"make them agree: set `status: {last}`, or add a step for '{status}'"
            " at the end of history",
        )


def _contact(check: Check, value: Any, where: FieldPath) -> str | None:
    if value is None:
        return None
    text = as_text(value) or ""
    if _MAILBOX.match(text) or is_web_address(text):
        return text.removeprefix("mailto:")
    check.report(
        where,
        f"'{text}' is not an email address or a web address"
        if text
        else f"'contact' must be a mailbox, not {kind_of(value)}",
        "give a team mailbox, such as data.science@example.nhs.uk",
    )
    return None
