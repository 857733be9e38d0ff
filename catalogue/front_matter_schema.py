"""The JSON Schema of an entry's front matter, for editors and other tools.

`catalogue schema` prints it and the repository ships it as
`entries/entry.schema.json`, so an editor with the YAML language server flags
a wrong field while you type. It is derived from the declarations the checker
uses: field names from `validate.FIELDS` (and their sub-fields), enums from
the model's TYPES, STATUSES, ADOPTER_STATUSES and the `reuse` choices. It can
also accept contract fields `catalogue check` does not look at yet
(`NEWER_FIELDS`, `NEWERSUBFIELDS`: none at present), so editors do not flag
them.

The schema describes what a careful author writes; `catalogue check` stays the
judge (it also knows the vocabulary and the other entries' slugs).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from catalogue import legacy
from catalogue.fields import SUMMARY_LIMIT
from catalogue.model import (
    ADOPTER_STATUSES,
    MEDICAL_DEVICE,
    RUNS_ON,
    SAMPLE_DATA,
    STATUSES,
    STOPPED,
    TYPES,
)
from catalogue.reuse import DATA_FIELDS
from catalogue.validate import FIELDS, SUBFIELDS

Schema = dict[str, Any]

DRAFT = "http://json-schema.org/draft-07/schema#"  # what editors support best

#: Contract fields `catalogue check` does not read yet (it warns of them).
NEWER_FIELDS: tuple[str, ...] = ()
#: Contract sub-fields of the same kind.
NEWERSUBFIELDS: dict[str, tuple[str, ...]] = {}

_DATE_PATTERN = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
_URL_PATTERN = r"^(https?://[^\s/?#]+|mailto:\S+)"


# --- building blocks -----------------------------------------------------------------


def _nullable(schema: Schema) -> Schema:
    """An optional field may also be left empty (`status:`), as the template does."""
    inner = dict(schema)
    description = inner.pop("description", "")
    return _described({"anyOf": [inner, {"type": "null"}]}, description)


def _text(description: str = "") -> Schema:
    """A line of text; numbers count as text, as in `tags: [2.5D, 2021]`."""
    return _described({"type": ["string", "number"]}, description)


def _required_text(description: str, max_length: int | None = None) -> Schema:
    schema: Schema = {"type": ["string", "number"], "minLength": 1, "pattern": r"\S"}
    if max_length:
        schema["maxLength"] = max_length
    return _described(schema, description)


def _choice(values: tuple[str, ...], description: str) -> Schema:
    return _described({"type": "string", "enum": list(values)}, description)


def _date(description: str) -> Schema:
    """YYYY, YYYY-MM or YYYY-MM-DD; an unquoted year is a number to YAML."""
    return _described(
        {
            "anyOf": [
                {"type": "string", "pattern": _DATE_PATTERN},
                {"type": "integer", "minimum": 1000, "maximum": 9999},
            ]
        },
        description,
    )


def _url(description: str) -> Schema:
    return _described({"type": "string", "pattern": _URL_PATTERN}, description)


def _one_or_many(item: Schema, description: str) -> Schema:
    """A list field: a list of items, or a single item standing for a list of one."""
    return _described({"anyOf": [item, {"type": "array", "items": item}]}, description)


def _described(schema: Schema, description: str) -> Schema:
    return {"description": description, **schema} if description else schema


def _object(
    field: str,
    subfields: dict[str, Schema],
    required: tuple[str, ...] = (),
    shortcut: bool = True,
) -> Schema:
    """A set of sub-fields; with `shortcut`, a plain string stands for the first.

    The sub-fields are those the checker knows (`SUBFIELDS`) and the newer
    ones, each of which must have a definition here.
    """
    names = (*SUBFIELDS.get(field, ()), *NEWERSUBFIELDS.get(field, ()))
    names = tuple(dict.fromkeys(names))
    missing = [name for name in names if name not in subfields]
    if missing:
        raise KeyError(f"no schema for {field} sub-fields {missing}")
    mapping: Schema = {
        "type": "object",
        "properties": {name: subfields[name] for name in names},
        "additionalProperties": False,
    }
    if required:
        mapping["required"] = list(required)
    if not shortcut:
        return mapping
    return {"anyOf": [{"type": "string", "minLength": 1}, mapping]}


# --- fields --------------------------------------------------------------------------


def _code() -> Schema:
    code = _object(
        "code",
        {
            "url": _url("where the code lives, such as its GitHub repository"),
            "licence": _text("SPDX licence id, such as MIT or Apache-2.0"),
            "language": _text("main programming language(s)"),
        },
        required=("url",),
    )
    return _described(code, "reusable code; present means the entry has code")


def _history_item() -> Schema:
    return {
        "type": "object",
        "properties": {
            "status": _choice((*ADOPTER_STATUSES, STOPPED), "status from this date"),
            "date": _date("when the status changed"),
            "note": _text("what happened"),
        },
        "required": ["status", "date"],
        "additionalProperties": False,
    }


def _adopter() -> Schema:
    adopter = _object(
        "adopters",
        {
            "organisation": _required_text("organisation re-using it (vocabulary)"),
            "status": _choice(
                (*ADOPTER_STATUSES, STOPPED), "how far the re-use has got"
            ),
            "since": _date("when the re-use started"),
            "history": _described(
                {"type": "array", "items": _history_item()},
                "earlier statuses, oldest first; the last equals `status`",
            ),
            "changes": _text("what they changed to make it fit"),
            "outcome": _text("what happened, with figures where known"),
            "stopped_reason": _text("why they stopped (needed with status stopped)"),
            "contact": _text("a team mailbox to ask about the re-use"),
        },
        required=("organisation",),
    )
    adopter["anyOf"][1]["if"] = {
        "properties": {"status": {"const": STOPPED}},
        "required": ["status"],
    }
    adopter["anyOf"][1]["then"] = {"required": ["stopped_reason"]}
    return adopter


def _link() -> Schema:
    return _object(
        "links",
        {"url": _url("the page's address"), "title": _text("what the page is")},
        required=("url",),
    )


def _event() -> Schema:
    event = _object(
        "event",
        {
            "date": _date("when it was held"),
            "recording": _url("where to watch it"),
            "slides": _url("where to read the slides"),
        },
    )
    event["anyOf"][0] = {"type": "string", "pattern": _DATE_PATTERN}
    event["anyOf"].append({"type": "integer", "minimum": 1000, "maximum": 9999})
    return _described(event, "webinars, workshops and meet-ups")


def _reuse() -> Schema:
    data_item = {
        "name": _required_text("what the data is"),
        "standard": _text("a national dataset or standard, if any (vocabulary)"),
        "patient_level": _described(
            {"type": "boolean"}, "whether person-level records are needed"
        ),
    }
    dataset = {
        "anyOf": [
            {"type": "string", "minLength": 1},
            {
                "type": "object",
                "properties": {name: data_item[name] for name in DATA_FIELDS},
                "required": ["name"],
                "additionalProperties": False,
            },
        ]
    }
    medical_device = _choice(MEDICAL_DEVICE, "")
    subfields = {
        "data": _one_or_many(dataset, "data it was built on and needs"),
        "sample_data": _choice(SAMPLE_DATA, "can it be tried without patient data"),
        "governance": _one_or_many(_text(), "approvals needed (vocabulary)"),
        "skills": _one_or_many(_text(), "skills needed (vocabulary)"),
        "runs_on": _one_or_many(_choice(RUNS_ON, ""), "where it runs"),
        # YAML 1.1 reads an unquoted `no` as false; the checker accepts it.
        "medical_device": _described(
            {"anyOf": [medical_device, {"type": "boolean"}]}, "is it a medical device"
        ),
        "readiness_level": _described(
            {"type": "integer", "minimum": 1, "maximum": 9},
            "technology readiness level, 1 to 9",
        ),
        "effort": _text("how much work reuse takes"),
    }
    reuse = _object("reuse", subfields, shortcut=False)
    return _described(reuse, '"Can we run this here?": what a Trust needs')


def _retired() -> Schema:
    retired = _object(
        "retired",
        {
            "date": _date("when it was retired"),
            "reason": _required_text("why it was retired"),
            "superseded_by": _text("slug of the entry that replaces it"),
        },
        required=("reason",),
    )
    return _described(retired, "with status: retired; the entry stays findable")


#: Each front matter field's schema; FIELDS and NEWER_FIELDS must all be here.
_FIELD_SCHEMAS: dict[str, Callable[[], Schema]] = {
    "title": lambda: _required_text("the name people know it by"),
    "summary": lambda: _required_text(
        f"one or two sentences, at most {SUMMARY_LIMIT} characters", SUMMARY_LIMIT
    ),
    "type": lambda: _choice(TYPES, "what kind of entry"),
    "status": lambda: _choice(STATUSES, "how far the work got"),
    "date": lambda: _date("started, published or held: YYYY, YYYY-MM or YYYY-MM-DD"),
    "problem_areas": lambda: _one_or_many(_text(), "problem areas (vocabulary)"),
    "techniques": lambda: _one_or_many(_text(), "AI techniques (vocabulary)"),
    "tags": lambda: _one_or_many(_text(), "free keywords, searched"),
    "organisation": lambda: _text("lead organisation (vocabulary)"),
    "partners": lambda: _one_or_many(_text(), "others who took part (vocabulary)"),
    "code": _code,
    "adopters": lambda: _one_or_many(_adopter(), "organisations re-using it"),
    "related": lambda: _one_or_many(_text(), "slugs of related entries"),
    "links": lambda: _one_or_many(_link(), "external pages"),
    "event": _event,
    "reuse": _reuse,
    "retired": _retired,
}
_REQUIRED = ("title", "summary")  # and `type`, or a legacy `category`


def build_schema() -> Schema:
    """The JSON Schema (draft 7) of an entry's front matter."""
    names = tuple(dict.fromkeys((*FIELDS, *NEWER_FIELDS)))
    missing = [name for name in names if name not in _FIELD_SCHEMAS]
    if missing:
        raise KeyError(f"no schema for front matter fields {missing}")
    properties = {
        name: _FIELD_SCHEMAS[name]()
        if name in _REQUIRED or name == "type"
        # Optional fields may be left empty, as `catalogue new` writes them.
        else _nullable(_FIELD_SCHEMAS[name]())
        for name in names
    }
    legacy_fields = {
        name: {"description": "a field of the old Skunkworks website's pages"}
        for name in sorted(legacy.LEGACY_FIELDS)
    }
    legacy_fields["category"] = _described(
        {"type": "string"},
        "old website's kind of page (Projects, CaseStudies, Playbooks, Overview);"
        " write `type` instead",
    )
    return {
        "$schema": DRAFT,
        "title": "NHS AI use-case catalogue entry (front matter)",
        "description": "The YAML between the --- lines at the top of an entry file."
        " Only title, summary and type are required.",
        "type": "object",
        "properties": {**properties, **legacy_fields},
        "required": list(_REQUIRED),
        "anyOf": [{"required": ["type"]}, {"required": ["category"]}],
        # Old-website fields are accepted only in a file that has `category`.
        "if": {"not": {"required": ["category"]}},
        "then": {"propertyNames": {"enum": list(names)}},
        "additionalProperties": False,
    }


def schema_text() -> str:
    """The schema as the JSON text `catalogue schema` prints and the repo ships."""
    return json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n"
