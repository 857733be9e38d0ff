"""The `retired` field: a retired entry stays findable, as a tombstone.

An entry with `status: retired` says when and why (`retired: {date, reason,
superseded_by}`); a successor named in `superseded_by` is linked both ways
(`successors_of` finds, for each entry, the retired ones it replaces). A file
deleted instead of retired is what `catalogue check --base` reports
(`catalogue.deletions`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable
from typing import Any

from catalogue.adopters import past_date
from catalogue.checks import Check, as_text, fields_of, optional_text
from catalogue.model import Entry, Retirement

RETIRED_FIELDS = ("reason", "date", "superseded_by")

TEMPLATE = (
    "# Only with status: retired. When and why it was retired, and the slug of"
    " the entry\n"
    "# that replaces it, if any (linked both ways). Example:\n"
    "#  reason: Replaced by the national tool\n"
    "#  date: 2023-07\n"
    "#  superseded_by: other-slug\n"
    "retired:"
)


def read_retired(
    check: Check,
    meta: dict[str, Any],
    own_slug: str,
    slugs: Collection[str],
    today: dt.date | None = None,
) -> Retirement | None:
    """The `retired` block, checked against `status` and the other entries."""
    today = today or dt.date.today()
    value = meta.get("retired")
    retired_status = as_text(meta.get("status")) == "retired"
    if value is None:
        # Optional: retired entries written before the block existed stay clean.
        return None
    if not retired_status:
        check.report(
            ("retired",),
            "`retired` is only for entries with `status: retired`",
            "set `status: retired`, or delete the `retired` block",
        )
    data = fields_of(check, value, ("retired",), RETIRED_FIELDS)
    if data is None:
        return None
    reason = optional_text(
        check, data.get("reason"), ("retired", "reason"), "write `reason: ...` as text"
    )
    if not reason:
        check.report(
            ("retired",),
            "a retired entry needs a reason",
            "add `reason: ...` under `retired:`: one sentence on why it was retired",
        )
    date = past_date(check, data.get("date"), ("retired", "date"), today)
    successor = _successor(check, data.get("superseded_by"), own_slug, slugs)
    return Retirement(reason, date, successor) if reason else None


def _successor(
    check: Check, value: Any, own_slug: str, slugs: Collection[str]
) -> str | None:
    if value is None:
        return None
    where = ("retired", "superseded_by")
    text = as_text(value) or ""
    slug = text.removesuffix(".md").strip("/").rsplit("/", 1)[-1]
    if slug == own_slug:
        check.report(
            where, "an entry cannot supersede itself", "name the entry that replaces it"
        )
        return None
    if slug not in slugs:
        check.report(
            where,
            f"unknown slug '{slug}' in superseded_by: no entry has that file name",
            "use the file name of the entry that replaces this one, without .md",
        )
        return None
    return slug


def find_successors(entries: Iterable[Entry]) -> dict[str, tuple[str, ...]]:
    """For each slug, the retired entries whose `superseded_by` names it."""
    found: dict[str, list[str]] = defaultdict(list)
    for entry in entries:
        if entry.retired and entry.retired.superseded_by:
            found[entry.retired.superseded_by].append(entry.slug)
    return {slug: tuple(sources) for slug, sources in found.items()}
