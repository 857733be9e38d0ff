"""Dates known to the year, the month or the day, as entries write them."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day: `2021`, `2021-04`, `2021-04-01`.

    It is shown as written and sorts as its first day.
    """

    first_day: date
    text: str = field(compare=False)

    def __str__(self) -> str:
        return self.text

    @property
    def last_day(self) -> date:
        """The last day the date may stand for: `2021` -> 2021-12-31."""
        parts = self.text.split("-")
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 12
        if len(parts) > 2:
            return self.first_day
        return date(year, month, calendar.monthrange(year, month)[1])


def parse_partial_date(text: str) -> PartialDate:
    """Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; ValueError says what is wrong."""
    match = _DATE_RE.match(text.strip())
    if not match:
        raise ValueError(
            f"'{text}' is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD"
        )
    year, month, day = match.groups()
    if month and not 1 <= int(month) <= 12:
        raise ValueError(f"'{text}' has month {month}; months run from 01 to 12")
    if day:
        last = calendar.monthrange(int(year), int(month))[1]
        if not 1 <= int(day) <= last:
            raise ValueError(f"'{text}' has day {day}; that month has {last} days")
    first = date(int(year), int(month or 1), int(day or 1))
    return PartialDate(first, text.strip())
