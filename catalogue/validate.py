"""Front matter -> Entry, collecting every problem; never raises for bad content.

Errors leave the entry out of the site; warnings keep it. Errors: a missing,
empty or wrong-typed required field, an unknown type or status, a bad date or
URL, a wrongly shaped optional field, an unknown `related` slug, a slug with
characters other than a-z, 0-9 and '-'. Warnings: a value the vocabulary does
not know (the closest known value is suggested), an unknown field name, a
summary over 300 characters, a field written twice.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection
from typing import Any

from catalogue import legacy
from catalogue.checks import Check, without_controls
from catalogue.fields import FIELDS as DECLARED
from catalogue.fields import Reading
from catalogue.loader import REPEATED, RawEntry
from catalogue.model import SLUG_RE, Entry
from catalogue.problems import Problem
from catalogue.text import slugify
from catalogue.vocabulary import Vocabulary

#: The names of the front-matter fields, in the order of the template.
FIELDS = tuple(field.name for field in DECLARED)
#: The fields of each mapping or list-of-mappings field.
SUBFIELDS = {field.name: field.subfields for field in DECLARED if field.subfields}


def validate_entry(
    raw: RawEntry, vocabulary: Vocabulary, slugs: Collection[str]
) -> tuple[Entry | None, list[Problem]]:
    """Check a RawEntry: (the Entry or None if any error, every problem found)."""
    check = Check(raw)
    meta, body = without_controls(check, raw)
    body, mdx_tags = legacy.strip_components(body)
    _check_slug(check, raw.slug)
    _check_field_names(check, meta)
    reading = Reading(check, meta, vocabulary, raw.slug, slugs, mdx_tags)
    fields = {field.name: field.read(reading) for field in DECLARED}
    if check.failed:
        return None, check.problems
    entry = Entry(
        slug=raw.slug,
        body=body,
        path=raw.relpath,
        digest=raw.digest,
        organisation_ods=vocabulary.ods_of(fields["organisation"]),
        **fields,
    )
    return entry, check.problems


def _check_slug(check: Check, slug: str) -> None:
    if not SLUG_RE.match(slug):
        check.report(
            (),
            f"the file name '{slug}.md' is not a valid slug",
            f"rename the file to '{slugify(slug) or 'my-entry'}.md': lower-case"
            " letters a-z, digits 0-9 and single hyphens only",
        )


def _check_field_names(check: Check, meta: dict[str, Any]) -> None:
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
