"""Every front-matter field, declared once: how it is read and checked, where it
goes in the `catalogue new` template, and whether a search hit shows it.

`FIELDS` is the one list: `validate_entry` builds an Entry from it, the
template and the JSON Schema are generated from it, and a search result
carries the fields marked `in_results`. Adding a field is one `Field(...)`
(with its `read` function and template lines) plus the Entry attribute.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from catalogue import legacy
from catalogue.adopters import ADOPTER_FIELDS, read_adopters
from catalogue.adopters import TEMPLATE as ADOPTERS_TEMPLATE
from catalogue.checks import (
    Check,
    as_text,
    canonical,
    fields_of,
    kind_of,
    located,
    located_texts,
    one_of,
    partial_date,
    text_list,
    unique,
    web_address,
)
from catalogue.loader import FieldPath
from catalogue.model import (
    STATUSES,
    TYPES,
    Code,
    Event,
    Link,
)
from catalogue.retirement import RETIRED_FIELDS, read_retired
from catalogue.retirement import TEMPLATE as RETIRED_TEMPLATE
from catalogue.reuse import REUSE_FIELDS, read_reuse
from catalogue.reuse import TEMPLATE as REUSE_TEMPLATE
from catalogue.vocabulary import Vocabulary

SUMMARY_LIMIT = 300
CODE_FIELDS = ("url", "licence", "language")
LINK_FIELDS = ("url", "title")
EVENT_FIELDS = ("date", "recording", "slides")


@dataclass(frozen=True)
class Reading:
    """What a field's `read` function gets: the file's checks and its context."""

    check: Check
    meta: dict[str, Any]  # the front matter, control characters removed
    vocabulary: Vocabulary
    slug: str  # the entry's own slug
    slugs: Collection[str]  # every entry file's slug
    body_tags: list[str]  # tags a legacy body gave (`<Tags .../>`)


@dataclass(frozen=True)
class Field:
    """One front-matter field: its name (also the Entry attribute), how it is
    read, its lines in the `catalogue new` template, its sub-fields, and
    whether a search hit (the API result) shows it."""

    name: str
    read: Callable[[Reading], Any]
    template: str  # YAML lines, comments first; {types} {statuses} ... (scaffold)
    subfields: tuple[str, ...] = ()
    in_results: bool = False


def _required_text(check: Check, meta: dict[str, Any], name: str) -> str:
    value = meta.get(name)
    text = as_text(value)
    if name not in meta or value is None or text == "":
        check.report(
            (name,),
            f"required field '{name}' is missing or empty",
            f"add a line `{name}: ...` to the front matter",
        )
    elif text is None:
        check.report(
            (name,),
            f"'{name}' must be text, not {kind_of(value)}",
            f"write `{name}: ...` with the text on the same line",
        )
    return text or ""


def _summary(check: Check, meta: dict[str, Any]) -> str:
    text = _required_text(check, meta, "summary")
    if len(text) > SUMMARY_LIMIT:
        check.warn(
            ("summary",),
            f"the summary is {len(text)} characters; the limit is {SUMMARY_LIMIT}",
            "shorten it to one or two sentences; put detail in the body",
        )
    return text


def _entry_type(check: Check, meta: dict[str, Any]) -> str:
    if "type" not in meta and "category" in meta:
        category = as_text(meta["category"]) or ""
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
    return one_of(check, meta["type"], ("type",), TYPES, required=True) or ""


def _facet(
    check: Check, vocabulary: Vocabulary, meta: dict[str, Any], name: str, group: str
) -> tuple[str, ...]:
    located = located_texts(check, meta.get(name), (name,))
    return unique([canonical(check, vocabulary, group, v, w) for w, v in located])


def _organisation(
    check: Check, vocabulary: Vocabulary, value: Any, where: FieldPath
) -> str | None:
    if value is None:
        return None
    text = as_text(value)
    if not text:
        check.report(
            where,
            f"'{where[-1]}' must be an organisation's name, not {kind_of(value)}",
            f"write `{where[-1]}: Name of the NHS Trust`",
        )
        return None
    return canonical(check, vocabulary, "organisations", text, where)


def _code(check: Check, value: Any) -> Code | None:
    if value is None:
        return None
    data = fields_of(check, value, ("code",), CODE_FIELDS)
    if data is None:
        return None
    url = web_address(check, data.get("url"), ("code", "url"))
    licence = as_text(data.get("licence")) or None
    language = as_text(data.get("language")) or None
    return Code(url, licence, language) if url else None


def _related(
    check: Check, value: Any, own_slug: str, slugs: Collection[str]
) -> tuple[str, ...]:
    related = []
    hints = RELATED_HINTS
    for where, text in located_texts(check, value, ("related",)):
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
    return unique(related)


#: Unknown related slugs per entry that get a "did you mean"; each looks at
#: most RELATED_CANDIDATES slugs, so a flood of them costs little.
RELATED_HINTS = 3
RELATED_CANDIDATES = 500


def _closest_slug(slug: str, slugs: Collection[str]) -> str:
    """`did you mean 'x'? ` for the closest slug sharing the first letter, or ''."""
    candidates = [s for s in slugs if s[:1] == slug[:1]][:RELATED_CANDIDATES]
    close = difflib.get_close_matches(slug, candidates, n=1)
    return f"did you mean '{close[0]}'? " if close else ""


def _links(check: Check, value: Any) -> tuple[Link, ...]:
    links = []
    for where, item in located(value, ("links",)):
        data = fields_of(check, item, where, LINK_FIELDS)
        if data is None:
            continue
        url = web_address(check, data.get("url"), where + ("url",))
        title = as_text(data.get("title")) or url
        if url and title:
            links.append(Link(title, url))
    return tuple(links)


def _event(check: Check, value: Any) -> Event | None:
    if value is None:
        return None
    data = fields_of(check, value, ("event",), EVENT_FIELDS)
    if data is None:
        return None
    return Event(
        partial_date(check, data.get("date"), ("event", "date")),
        web_address(
            check, data.get("recording"), ("event", "recording"), required=False
        ),
        web_address(check, data.get("slides"), ("event", "slides"), required=False),
    )


FIELDS: tuple[Field, ...] = (
    Field(
        "title",
        lambda r: _required_text(r.check, r.meta, "title"),
        "# Required. The name people will recognise; shown as the page heading.\n"
        "title: {title}",
        in_results=True,
    ),
    Field(
        "summary",
        lambda r: _summary(r.check, r.meta),
        "# Required. One or two plain-English sentences, at most 300 characters,\n"
        "# shown in search results. Say what problem it solves and for whom.\n"
        "summary:",
        in_results=True,
    ),
    Field(
        "type",
        lambda r: _entry_type(r.check, r.meta),
        "# Required. One of: {types}.\ntype: {type}",
        in_results=True,
    ),
    Field(
        "status",
        lambda r: one_of(r.check, r.meta.get("status"), ("status",), STATUSES),
        "# Optional. How far it got: {statuses}.\nstatus:",
        in_results=True,
    ),
    Field(
        "date",
        lambda r: partial_date(r.check, r.meta.get("date"), ("date",)),
        "# Optional. When it started, was published or was held:"
        " YYYY, YYYY-MM or YYYY-MM-DD.\ndate:",
        in_results=True,
    ),
    Field(
        "problem_areas",
        lambda r: _facet(
            r.check, r.vocabulary, r.meta, "problem_areas", "problem_areas"
        ),
        "# Filters. Use names from entries/vocabulary.yml (an alias such as NLP"
        " also works;\n"
        "# `catalogue check` suggests the closest name). Write [] for none, or"
        " [A, B].\n"
        "problem_areas: []",
        in_results=True,
    ),
    Field(
        "techniques",
        lambda r: _facet(r.check, r.vocabulary, r.meta, "techniques", "techniques"),
        "techniques: []",
        in_results=True,
    ),
    Field(
        "tags",
        lambda r: unique(
            text_list(r.check, r.meta.get("tags"), ("tags",)) + r.body_tags
        ),
        "# Free keywords people might search for (not a filter).\ntags: []",
        in_results=True,
    ),
    Field(
        "organisation",
        lambda r: _organisation(
            r.check, r.vocabulary, r.meta.get("organisation"), ("organisation",)
        ),
        "# The lead organisation, and others who took part (names from"
        " vocabulary.yml).\n"
        "organisation:",
        in_results=True,
    ),
    Field(
        "partners",
        lambda r: _facet(r.check, r.vocabulary, r.meta, "partners", "organisations"),
        "partners: []",
    ),
    Field(
        "code",
        lambda r: _code(r.check, r.meta.get("code")),
        "# Reusable code: delete the three lines under `code:` (and leave `code:`"
        " empty)\n"
        "# if there is none. licence is an SPDX id such as MIT or Apache-2.0.\n"
        "code:\n"
        "#  url: https://github.com/...\n"
        "#  licence: MIT\n"
        "#  language: Python",
        subfields=CODE_FIELDS,
        in_results=True,
    ),
    Field(
        "reuse",
        lambda r: read_reuse(r.check, r.vocabulary, r.meta.get("reuse")),
        REUSE_TEMPLATE,
        subfields=REUSE_FIELDS,
        in_results=True,
    ),
    Field(
        "adopters",
        lambda r: read_adopters(r.check, r.vocabulary, r.meta.get("adopters")),
        ADOPTERS_TEMPLATE,
        subfields=ADOPTER_FIELDS,
        in_results=True,
    ),
    Field(
        "related",
        lambda r: _related(r.check, r.meta.get("related"), r.slug, r.slugs),
        "# Slugs (file names without .md) of related entries: a project's case"
        " study,\n"
        "# webinar or workshop. The link is shown on both pages.\n"
        "related: []",
    ),
    Field(
        "links",
        lambda r: _links(r.check, r.meta.get("links")),
        "# External pages: case study, report, recording, slides. Example:\n"
        "links:\n"
        "#  - title: Technical report\n"
        "#    url: https://example.org/report.pdf",
        subfields=LINK_FIELDS,
    ),
    Field(
        "event",
        lambda r: _event(r.check, r.meta.get("event")),
        "# Webinars, workshops and meet-ups only: when it was held and where to"
        " catch up.\n"
        "event:\n"
        "#  date: 2021-10-12\n"
        "#  recording: https://...\n"
        "#  slides: https://...",
        subfields=EVENT_FIELDS,
    ),
    Field(
        "retired",
        lambda r: read_retired(r.check, r.meta, r.slug, r.slugs),
        RETIRED_TEMPLATE,
        subfields=RETIRED_FIELDS,
        in_results=True,
    ),
)
