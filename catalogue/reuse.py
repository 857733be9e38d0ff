"""The `reuse` block of an entry's front matter ("Can we run this here?"), read
and checked with the same messages and fixes as every other field.

Errors (the entry is left out): a block or data item of the wrong shape, a data
item without a name, `patient_level` other than true or false, an unknown
`sample_data`, `runs_on` or `medical_device` value, a `readiness_level` outside
1..9. Warnings (the entry is kept): an unknown sub-field, a dataset, governance
step or skill the vocabulary does not know (the closest known value is named).
"""

from __future__ import annotations

from typing import Any

from catalogue.checks import (
    Check,
    as_text,
    canonical,
    fields_of,
    kind_of,
    located,
    located_texts,
    one_of,
    optional_text,
    unique,
)
from catalogue.loader import FieldPath
from catalogue.model import (
    MEDICAL_DEVICE,
    READINESS_LEVELS,
    RUNS_ON,
    SAMPLE_DATA,
    DataNeed,
    Reuse,
)
from catalogue.vocabulary import Vocabulary

REUSE_FIELDS = (
    "data",
    "sample_data",
    "governance",
    "skills",
    "runs_on",
    "medical_device",
    "readiness_level",
    "effort",
)
DATA_FIELDS = ("name", "standard", "patient_level")
WHERE: FieldPath = ("reuse",)

#: The block's lines in the `catalogue new` template.
TEMPLATE = (
    '# "Can we run this here?": what another Trust needs to reuse this work.'
    " Fill in\n"
    "# what your sources say and leave out the rest: pages show it as not"
    " recorded.\n"
    "reuse:\n"
    "#  data:                     # what it was built on and needs\n"
    "#    - name: Inpatient admissions history from the EPR\n"
    "#      standard: SUS APC      # a national dataset or standard (vocabulary:"
    " datasets)\n"
    "#      patient_level: true    # are person-level records needed?\n"
    "#  sample_data: synthetic    # can it be tried without patient data?"
    " {sample_data}\n"
    "#  governance: [DPIA]        # approvals needed (vocabulary: governance)\n"
    "#  skills: [Python]          # skills a team needs (vocabulary: skills)\n"
    "#  runs_on: [Laptop]         # any of: {runs_on}\n"
    "#  medical_device: not-assessed   # {medical_device}\n"
    "#  readiness_level: 4        # technology readiness level (TRL), 1 to 9\n"
    "#  effort: One analyst for about six weeks"
)


def read_reuse(check: Check, vocabulary: Vocabulary, value: Any) -> Reuse | None:
    """The block as a Reuse; None when it is absent, empty or unusable."""
    if value is None:
        return None
    if not isinstance(value, dict):
        shown = "text" if isinstance(value, str) else kind_of(value)
        check.report(
            WHERE,
            f"'reuse' must be a set of fields, not {shown}",
            "indent its fields under `reuse:`, such as `  sample_data: synthetic`",
        )
        return None
    data = fields_of(check, value, WHERE, REUSE_FIELDS) or {}
    reuse = Reuse(
        data=_data(check, vocabulary, data.get("data")),
        sample_data=one_of(
            check, data.get("sample_data"), WHERE + ("sample_data",), SAMPLE_DATA
        ),
        governance=_terms(check, vocabulary, data.get("governance"), "governance"),
        skills=_terms(check, vocabulary, data.get("skills"), "skills"),
        runs_on=_runs_on(check, data.get("runs_on")),
        medical_device=_medical_device(check, data.get("medical_device")),
        readiness_level=_readiness_level(check, data.get("readiness_level")),
        effort=_effort(check, data.get("effort")),
    )
    return None if reuse == Reuse() else reuse


def _data(check: Check, vocabulary: Vocabulary, value: Any) -> tuple[DataNeed, ...]:
    needs = []
    for where, item in located(value, WHERE + ("data",)):
        if isinstance(item, str):
            item = {"name": item}
        if not isinstance(item, dict):
            check.report(
                where,
                f"each item of 'data' must be a name or a set of fields,"
                f" not {kind_of(item)}",
                "write `- name: what the data is`, with `standard:` and"
                " `patient_level:` under it when they are known",
            )
            continue
        fields_of(check, item, where, DATA_FIELDS)  # warns of unknown sub-fields
        name = as_text(item.get("name"))
        if not name:
            check.report(
                where,
                "a data item needs a name",
                "add `name: what the data is` to the item, such as"
                " `name: Inpatient admissions history from the EPR`",
            )
            continue
        needs.append(
            DataNeed(
                name,
                _standard(check, vocabulary, item.get("standard"), where),
                _patient_level(check, item.get("patient_level"), where),
            )
        )
    return tuple(needs)


def _standard(
    check: Check, vocabulary: Vocabulary, value: Any, where: FieldPath
) -> str | None:
    text = optional_text(
        check,
        value,
        where + ("standard",),
        "write one dataset or standard, such as `standard: SUS APC`",
    )
    if text is None:
        return None
    return canonical(check, vocabulary, "datasets", text, where + ("standard",))


def _patient_level(check: Check, value: Any, where: FieldPath) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    text = as_text(value)
    shown = f"'{text}'" if text is not None else kind_of(value)
    check.report(
        where + ("patient_level",),
        f"'patient_level' must be true or false, not {shown}",
        "write `patient_level: true` if person-level records are needed,"
        " `patient_level: false` if not",
    )
    return None


def _terms(
    check: Check, vocabulary: Vocabulary, value: Any, field: str
) -> tuple[str, ...]:
    found = located_texts(check, value, WHERE + (field,))
    return unique([canonical(check, vocabulary, field, v, w) for w, v in found])


def _runs_on(check: Check, value: Any) -> tuple[str, ...]:
    found = located_texts(check, value, WHERE + ("runs_on",))
    chosen = [
        one_of(check, text, where, RUNS_ON, name="runs_on") for where, text in found
    ]
    return unique([value for value in chosen if value])


def _medical_device(check: Check, value: Any) -> str | None:
    if isinstance(value, bool):  # YAML reads an unquoted `no` as false
        return "yes" if value else "no"
    return one_of(check, value, WHERE + ("medical_device",), MEDICAL_DEVICE)


def _readiness_level(check: Check, value: Any) -> int | None:
    if value is None:
        return None
    text = as_text(value)
    if text and text.isdigit() and int(text) in READINESS_LEVELS:
        return int(text)
    shown = f"'{text}'" if text is not None else kind_of(value)
    check.report(
        WHERE + ("readiness_level",),
        f"'readiness_level' must be a whole number from 1 to 9, not {shown}",
        "write the technology readiness level as one number, such as"
        " `readiness_level: 4` (1 is basic research, 9 proven in everyday use)",
    )
    return None


def _effort(check: Check, value: Any) -> str | None:
    return optional_text(
        check,
        value,
        WHERE + ("effort",),
        "write `effort: ...` with the text on the same line",
    )
