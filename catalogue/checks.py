"""The checks every field shares: text, lists, choices, dates, web addresses.

`Check` collects the problems of one file with the line of each field; the
functions here read one value each, report what is wrong with a plain-English
fix, and return what can be used (never raising for bad content).
"""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Any

from catalogue.loader import FieldPath, RawEntry
from catalogue.model import PartialDate, parse_partial_date
from catalogue.problems import ERROR, WARNING, Problem
from catalogue.text import (
    WEB_ADDRESS_FIX,
    find_control,
    is_web_address,
    strip_control,
)
from catalogue.vocabulary import Vocabulary

DATE_FIX = "write the date as YYYY, YYYY-MM or YYYY-MM-DD, such as 2021-04"


class Check:
    """The problems found so far in one file, with lines looked up by field."""

    def __init__(self, raw: RawEntry) -> None:
        self.raw = raw
        self.problems: list[Problem] = []

    def report(
        self,
        where: FieldPath,
        message: str,
        fix: str,
        severity: str = ERROR,
        line: int | None = None,
    ) -> None:
        """Record a problem at a field (`("adopters", 0, "status")`)."""
        name = "".join(
            f"[{p}]" if isinstance(p, int) else f".{p}" for p in where
        ).lstrip(".")
        self.problems.append(
            Problem(
                self.raw.path,
                line or self.raw.line_of(where),
                name or "file",
                message,
                fix,
                severity,
            )
        )

    def warn(self, where: FieldPath, message: str, fix: str) -> None:
        """Record a problem that keeps the entry."""
        self.report(where, message, fix, WARNING)

    @property
    def failed(self) -> bool:
        """Whether any error was found."""
        return any(p.is_error for p in self.problems)


CONTROL_FIX = (
    "delete it: such characters come with text pasted from a PDF or a word processor"
)


def without_controls(check: Check, raw: RawEntry) -> tuple[dict[str, Any], str]:
    """The front matter and body without characters XML cannot carry, each warned."""

    def clean(value: Any, where: FieldPath) -> Any:
        if isinstance(value, list):
            return [clean(item, where + (i,)) for i, item in enumerate(value)]
        if isinstance(value, dict):
            return {key: clean(item, where + (key,)) for key, item in value.items()}
        if isinstance(value, str) and (found := find_control(value)):
            check.warn(where, control_message(found[1]), CONTROL_FIX)
            return strip_control(value)
        return value

    meta = {key: clean(value, (key,)) for key, value in raw.meta.items()}
    found = find_control(raw.body)
    if found is None:
        return meta, raw.body
    line, name = found
    check.report(
        ("body",),
        control_message(name),
        CONTROL_FIX,
        WARNING,
        line=raw.body_line + line - 1,
    )
    return meta, strip_control(raw.body)


def control_message(name: str) -> str:
    return (
        f"holds the control character {name}, which pages and feeds cannot"
        " show; it is left out"
    )


def as_text(value: Any) -> str | None:
    """A scalar as text (numbers, dates too); None for lists, mappings, booleans."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        return " ".join(value.replace("\0", "").split())
    if isinstance(value, (int, float, dt.date)):
        return str(value)
    return None


def optional_text(check: Check, value: Any, where: FieldPath, fix: str) -> str | None:
    """An optional text value; anything else is reported with `fix`."""
    if value is None:
        return None
    text = as_text(value)
    if text is None:
        check.report(where, f"'{where[-1]}' must be text, not {kind_of(value)}", fix)
    return text or None


def kind_of(value: Any) -> str:
    return {
        bool: "true/false",
        list: "a list",
        dict: "a set of fields",
        type(None): "empty",
    }.get(type(value), type(value).__name__)


def one_of(
    check: Check,
    value: Any,
    where: FieldPath,
    allowed: tuple[str, ...],
    required: bool = False,
    name: str | None = None,
) -> str | None:
    """A value from a fixed list; `name` names the field where `where` ends in
    a list index."""
    if value is None and not required:
        return None
    text = as_text(value)
    if text in allowed:
        return text
    field = name or where[-1]
    # 0.6: at 0.5 `live` was answered with "did you mean 'idea'?"
    close = difflib.get_close_matches(str(text or "").lower(), allowed, n=1, cutoff=0.6)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    shown = f"'{text}'" if text is not None else kind_of(value)
    check.report(
        where,
        f"unknown {field}: {shown} is not one of {', '.join(allowed)}",
        f"use one of {', '.join(allowed)}{hint}",
    )
    return None


def partial_date(check: Check, value: Any, where: FieldPath) -> PartialDate | None:
    if value is None or as_text(value) == "":  # `date: ""` is no date, as `date:`
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    text = value.isoformat() if isinstance(value, dt.date) else as_text(value)
    try:
        return parse_partial_date(text or "")
    except ValueError as error:
        detail = str(error) if text else f"{kind_of(value)} is not a date"
        check.report(where, f"bad date: {detail}", DATE_FIX)
        return None


def text_list(check: Check, value: Any, where: FieldPath) -> list[str]:
    """A list of text values; a single string stands for a list of one."""
    return [text for _at, text in located_texts(check, value, where)]


def located_texts(
    check: Check, value: Any, where: FieldPath
) -> list[tuple[FieldPath, str]]:
    """The non-empty text values of a list field, each with its own field path."""
    texts = []
    for at, item in located(value, where):
        text = as_text(item)
        if text is None:
            check.report(
                at,
                f"'{where[-1]}' must hold text values, not {kind_of(item)}",
                f"write `{where[-1]}: [first, second]` or one value per `- ` line",
            )
        elif text:
            texts.append((at, text))
    return texts


def unique(values: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def canonical(
    check: Check, vocabulary: Vocabulary, group: str, value: str, where: FieldPath
) -> str:
    """The canonical name of a vocabulary value; unknown ones are kept and warned of."""
    canonical = vocabulary.canonical(group, value)
    if canonical:
        return canonical
    close = vocabulary.closest(group, value)
    group_name = group.replace("_", " ")
    fix = (f"did you mean '{close}'? " if close else "") + (
        f"use a value from the {group_name} in vocabulary.yml, or add '{value}' there"
    )
    check.warn(where, f"'{value}' is not in the vocabulary of {group_name}", fix)
    return value


def web_address(
    check: Check, value: Any, where: FieldPath, required: bool = True
) -> str | None:
    if value is None and not required:
        return None
    text = as_text(value) or ""
    if is_web_address(text, mailto=True):
        return text
    check.report(
        where,
        f"'{text}' is not a web address" if text else f"'{where[-1]}' needs a URL",
        WEB_ADDRESS_FIX,
    )
    return None


def fields_of(
    check: Check, value: Any, where: FieldPath, known: tuple[str, ...]
) -> dict[str, Any] | None:
    """A field made of sub-fields; a plain string stands for its first sub-field."""
    if isinstance(value, str):
        return {known[0]: value}
    if isinstance(value, dict):
        for key in value:
            if key not in known:
                check.warn(
                    where + (key,),
                    f"unknown field '{key}' is ignored",
                    f"known fields: {', '.join(known)}",
                )
        return value
    check.report(
        where,
        f"'{where[0]}' must be a set of fields, not {kind_of(value)}",
        f"indent its fields under `{where[0]}:`, such as `  {known[0]}: ...`",
    )
    return None


def located(value: Any, where: FieldPath) -> list[tuple[FieldPath, Any]]:
    """The items of a list field with their field paths (one value: a list of one)."""
    if value is None:
        return []
    if isinstance(value, list):
        return [(where + (index,), item) for index, item in enumerate(value)]
    return [(where, value)]
