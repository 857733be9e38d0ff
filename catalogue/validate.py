"""Front matter -> Entry, collecting every problem; never raises for bad content.

Errors leave the entry out of the site; warnings keep it. Errors: a missing,
empty or wrong-typed required field, an unknown type or status, a bad date or
URL, a wrongly shaped optional field, an unknown `related` slug, a slug with
characters other than a-z, 0-9 and '-'. Warnings: a value the vocabulary does
not know (the closest known value is suggested), an unknown field name, a
summary over 300 characters, a field written twice.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Collection
from typing import Any

from catalogue import legacy
from catalogue.loader import REPEATED, FieldPath, RawEntry
from catalogue.model import (
    ADOPTER_STATUSES,
    SLUG_RE,
    STATUSES,
    TYPES,
    Adopter,
    Code,
    Entry,
    Event,
    Link,
    PartialDate,
    parse_partial_date,
)
from catalogue.problems import ERROR, WARNING, Problem
from catalogue.text import (
    WEB_ADDRESS_FIX,
    find_control,
    is_web_address,
    strip_control,
)
from catalogue.vocabulary import Vocabulary

SUMMARY_LIMIT = 300
FIELDS = (
    "title",
    "summary",
    "type",
    "status",
    "date",
    "problem_areas",
    "techniques",
    "tags",
    "organisation",
    "partners",
    "code",
    "adopters",
    "related",
    "links",
    "event",
)
_SUBFIELDS = {
    "code": ("url", "licence", "language"),
    "adopters": ("organisation", "status", "since"),
    "links": ("url", "title"),
    "event": ("date", "recording", "slides"),
}
_DATE_FIX = "write the date as YYYY, YYYY-MM or YYYY-MM-DD, such as 2021-04"


class _Check:
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


def validate_entry(
    raw: RawEntry, vocabulary: Vocabulary, slugs: Collection[str]
) -> tuple[Entry | None, list[Problem]]:
    """Check a RawEntry: (the Entry or None if any error, every problem found)."""
    check = _Check(raw)
    meta, body = _without_controls(check, raw)
    body, mdx_tags = legacy.strip_components(body)
    _check_slug(check, raw.slug)
    _check_field_names(check, meta)
    fields: dict[str, Any] = {
        "title": _required_text(check, meta, "title"),
        "summary": _summary(check, meta),
        "type": _entry_type(check, meta),
        "status": _choice(check, meta.get("status"), ("status",), STATUSES),
        "date": _date(check, meta.get("date"), ("date",)),
        "problem_areas": _facet(
            check, vocabulary, meta, "problem_areas", "problem_areas"
        ),
        "techniques": _facet(check, vocabulary, meta, "techniques", "techniques"),
        "tags": _unique(_text_list(check, meta.get("tags"), ("tags",)) + mdx_tags),
        "organisation": _organisation(
            check, vocabulary, meta.get("organisation"), ("organisation",)
        ),
        "partners": _facet(check, vocabulary, meta, "partners", "organisations"),
        "code": _code(check, meta.get("code")),
        "adopters": _adopters(check, vocabulary, meta.get("adopters")),
        "related": _related(check, meta.get("related"), raw.slug, slugs),
        "links": _links(check, meta.get("links")),
        "event": _event(check, meta.get("event")),
    }
    if check.failed:
        return None, check.problems
    entry = Entry(
        slug=raw.slug, body=body, path=raw.relpath, digest=raw.digest, **fields
    )
    return entry, check.problems


_CONTROL_FIX = (
    "delete it: such characters come with text pasted from a PDF or a word processor"
)


def _without_controls(check: _Check, raw: RawEntry) -> tuple[dict[str, Any], str]:
    """The front matter and body without characters XML cannot carry, each warned."""

    def clean(value: Any, where: FieldPath) -> Any:
        if isinstance(value, list):
            return [clean(item, where + (i,)) for i, item in enumerate(value)]
        if isinstance(value, dict):
            return {key: clean(item, where + (key,)) for key, item in value.items()}
        if isinstance(value, str) and (found := find_control(value)):
            check.warn(where, _control_message(found[1]), _CONTROL_FIX)
            return strip_control(value)
        return value

    meta = {key: clean(value, (key,)) for key, value in raw.meta.items()}
    found = find_control(raw.body)
    if found is None:
        return meta, raw.body
    line, name = found
    check.report(
        ("body",),
        _control_message(name),
        _CONTROL_FIX,
        WARNING,
        line=raw.body_line + line - 1,
    )
    return meta, strip_control(raw.body)


def _control_message(name: str) -> str:
    return (
        f"holds the control character {name}, which pages and feeds cannot"
        " show; it is left out"
    )


def _check_slug(check: _Check, slug: str) -> None:
    if not SLUG_RE.match(slug):
        from catalogue.model import slugify

        check.report(
            (),
            f"the file name '{slug}.md' is not a valid slug",
            f"rename the file to '{slugify(slug) or 'my-entry'}.md': lower-case"
            " letters a-z, digits 0-9 and single hyphens only",
        )


def _check_field_names(check: _Check, meta: dict[str, Any]) -> None:
    is_legacy = "category" in meta
    for key in meta:
        if key in FIELDS or (is_legacy and key in legacy.LEGACY_FIELDS):
            continue
        if key == "category":
            continue
        close = difflib.get_close_matches(str(key), FIELDS, n=1)
        hint = (
            f"did you mean '{close[0]}'?"
            if close
            else f"known fields: {', '.join(FIELDS)}"
        )
        check.warn((key,), f"unknown field '{key}' is ignored", hint)
    for where in check.raw.lines:
        if where and where[0] == REPEATED:
            check.warn(
                where[1:],
                f"field '{where[-1]}' is written twice; the last one is used",
                "delete one of the two lines",
            )


def _as_text(value: Any) -> str | None:
    """A scalar as text (numbers, dates too); None for lists, mappings, booleans."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        return " ".join(value.replace("\0", "").split())
    if isinstance(value, (int, float, dt.date)):
        return str(value)
    return None


def _kind(value: Any) -> str:
    return {
        bool: "true/false",
        list: "a list",
        dict: "a set of fields",
        type(None): "empty",
    }.get(type(value), type(value).__name__)


def _required_text(check: _Check, meta: dict[str, Any], name: str) -> str:
    value = meta.get(name)
    text = _as_text(value)
    if name not in meta or value is None or text == "":
        check.report(
            (name,),
            f"required field '{name}' is missing or empty",
            f"add a line `{name}: ...` to the front matter",
        )
    elif text is None:
        check.report(
            (name,),
            f"'{name}' must be text, not {_kind(value)}",
            f"write `{name}: ...` with the text on the same line",
        )
    return text or ""


def _summary(check: _Check, meta: dict[str, Any]) -> str:
    text = _required_text(check, meta, "summary")
    if len(text) > SUMMARY_LIMIT:
        check.warn(
            ("summary",),
            f"the summary is {len(text)} characters; the limit is {SUMMARY_LIMIT}",
            "shorten it to one or two sentences; put detail in the body",
        )
    return text


def _entry_type(check: _Check, meta: dict[str, Any]) -> str:
    if "type" not in meta and "category" in meta:
        category = _as_text(meta["category"]) or ""
        mapped = legacy.type_for_category(category)
        if mapped is None:
            check.report(
                ("category",),
                f"unknown type: category '{category}' is not one of"
                f" {', '.join(legacy.CATEGORY_TYPES)}",
                f"replace it with `type: ...`, one of {', '.join(TYPES)}",
            )
        return mapped or ""
    if "type" not in meta:
        _required_text(check, meta, "type")
        return ""
    return _choice(check, meta["type"], ("type",), TYPES, required=True) or ""


def _choice(
    check: _Check,
    value: Any,
    where: FieldPath,
    allowed: tuple[str, ...],
    required: bool = False,
) -> str | None:
    if value is None and not required:
        return None
    text = _as_text(value)
    if text in allowed:
        return text
    field = where[-1]
    # 0.6: at 0.5 `live` was answered with "did you mean 'idea'?"
    close = difflib.get_close_matches(str(text or "").lower(), allowed, n=1, cutoff=0.6)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    shown = f"'{text}'" if text is not None else _kind(value)
    check.report(
        where,
        f"unknown {field}: {shown} is not one of {', '.join(allowed)}",
        f"use one of {', '.join(allowed)}{hint}",
    )
    return None


def _date(check: _Check, value: Any, where: FieldPath) -> PartialDate | None:
    if value is None or _as_text(value) == "":  # `date: ""` is no date, as `date:`
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    text = value.isoformat() if isinstance(value, dt.date) else _as_text(value)
    try:
        return parse_partial_date(text or "")
    except ValueError as error:
        detail = str(error) if text else f"{_kind(value)} is not a date"
        check.report(where, f"bad date: {detail}", _DATE_FIX)
        return None


def _text_list(check: _Check, value: Any, where: FieldPath) -> list[str]:
    """A list of text values; a single string stands for a list of one."""
    return [text for _at, text in _located_texts(check, value, where)]


def _located_texts(
    check: _Check, value: Any, where: FieldPath
) -> list[tuple[FieldPath, str]]:
    """The non-empty text values of a list field, each with its own field path."""
    texts = []
    for at, item in _located(value, where):
        text = _as_text(item)
        if text is None:
            check.report(
                at,
                f"'{where[-1]}' must hold text values, not {_kind(item)}",
                f"write `{where[-1]}: [first, second]` or one value per `- ` line",
            )
        elif text:
            texts.append((at, text))
    return texts


def _unique(values: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def _fold(
    check: _Check, vocabulary: Vocabulary, group: str, value: str, where: FieldPath
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


def _facet(
    check: _Check, vocabulary: Vocabulary, meta: dict[str, Any], name: str, group: str
) -> tuple[str, ...]:
    located = _located_texts(check, meta.get(name), (name,))
    return _unique([_fold(check, vocabulary, group, v, w) for w, v in located])


def _organisation(
    check: _Check, vocabulary: Vocabulary, value: Any, where: FieldPath
) -> str | None:
    if value is None:
        return None
    text = _as_text(value)
    if not text:
        check.report(
            where,
            f"'{where[-1]}' must be an organisation's name, not {_kind(value)}",
            f"write `{where[-1]}: Name of the NHS Trust`",
        )
        return None
    return _fold(check, vocabulary, "organisations", text, where)


def _url(
    check: _Check, value: Any, where: FieldPath, required: bool = True
) -> str | None:
    if value is None and not required:
        return None
    text = _as_text(value) or ""
    if is_web_address(text, mailto=True):
        return text
    check.report(
        where,
        f"'{text}' is not a web address" if text else f"'{where[-1]}' needs a URL",
        WEB_ADDRESS_FIX,
    )
    return None


def _mapping(check: _Check, value: Any, where: FieldPath) -> dict[str, Any] | None:
    """A field made of sub-fields; a plain string stands for its first sub-field."""
    known = _SUBFIELDS[where[0]]
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
        f"'{where[0]}' must be a set of fields, not {_kind(value)}",
        f"indent its fields under `{where[0]}:`, such as `  {known[0]}: ...`",
    )
    return None


def _code(check: _Check, value: Any) -> Code | None:
    if value is None:
        return None
    data = _mapping(check, value, ("code",))
    if data is None:
        return None
    url = _url(check, data.get("url"), ("code", "url"))
    licence = _as_text(data.get("licence")) or None
    language = _as_text(data.get("language")) or None
    return Code(url, licence, language) if url else None


def _located(value: Any, where: FieldPath) -> list[tuple[FieldPath, Any]]:
    """The items of a list field with their field paths (one value: a list of one)."""
    if value is None:
        return []
    if isinstance(value, list):
        return [(where + (index,), item) for index, item in enumerate(value)]
    return [(where, value)]


def _adopters(check: _Check, vocabulary: Vocabulary, value: Any) -> tuple[Adopter, ...]:
    adopters = []
    for where, item in _located(value, ("adopters",)):
        data = _mapping(check, item, where)
        if data is None:
            continue
        name = _organisation(
            check, vocabulary, data.get("organisation"), where + ("organisation",)
        )
        if "organisation" not in data:
            check.report(
                where,
                "an adopter needs an organisation",
                "add `organisation: Name of the NHS Trust` to the adopter",
            )
        status = _choice(
            check, data.get("status"), where + ("status",), ADOPTER_STATUSES
        )
        since = _date(check, data.get("since"), where + ("since",))
        if name:
            adopters.append(Adopter(name, status, since))
    return tuple(adopters)


def _related(
    check: _Check, value: Any, own_slug: str, slugs: Collection[str]
) -> tuple[str, ...]:
    related = []
    hints = RELATED_HINTS
    for where, text in _located_texts(check, value, ("related",)):
        slug = text.removesuffix(".md").strip("/").rsplit("/", 1)[-1]
        if slug == own_slug:
            check.warn(
                where, "an entry cannot be related to itself", f"remove '{slug}'"
            )
        elif slug not in slugs:
            hint = _closest_slug(slug, slugs) if hints > 0 else ""
            hints -= 1
            check.report(
                where,
                f"unknown related slug '{slug}': no entry has that file name",
                f"{hint}use the file name of another entry, without .md",
            )
        else:
            related.append(slug)
    return _unique(related)


#: Unknown related slugs per entry that get a "did you mean"; each looks at
#: most RELATED_CANDIDATES slugs, so a flood of them costs little.
RELATED_HINTS = 3
RELATED_CANDIDATES = 500


def _closest_slug(slug: str, slugs: Collection[str]) -> str:
    """`did you mean 'x'? ` for the closest slug sharing the first letter, or ''."""
    candidates = [s for s in slugs if s[:1] == slug[:1]][:RELATED_CANDIDATES]
    close = difflib.get_close_matches(slug, candidates, n=1)
    return f"did you mean '{close[0]}'? " if close else ""


def _links(check: _Check, value: Any) -> tuple[Link, ...]:
    links = []
    for where, item in _located(value, ("links",)):
        data = _mapping(check, item, where)
        if data is None:
            continue
        url = _url(check, data.get("url"), where + ("url",))
        title = _as_text(data.get("title")) or url
        if url and title:
            links.append(Link(title, url))
    return tuple(links)


def _event(check: _Check, value: Any) -> Event | None:
    if value is None:
        return None
    data = _mapping(check, value, ("event",))
    if data is None:
        return None
    return Event(
        _date(check, data.get("date"), ("event", "date")),
        _url(check, data.get("recording"), ("event", "recording"), required=False),
        _url(check, data.get("slides"), ("event", "slides"), required=False),
    )
