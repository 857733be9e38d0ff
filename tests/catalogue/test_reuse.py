"""The `reuse` block ("Can we run this here?"): every sub-field read and checked,
with the exact line a person sees."""

from __future__ import annotations

import pytest

from catalogue.loader import RawEntry, parse_entry_bytes
from catalogue.model import DataNeed, Reuse, entry_from_dict, reuse_from_dict
from catalogue.scaffold import render_template
from catalogue.validate import validate_entry
from catalogue.vocabulary import load_vocabulary

RUNS_ON = "Laptop, Server, GPU, Cloud, Trusted research environment"
READINESS_FIX = (
    "    fix: write the technology readiness level as one number, such as"
    " `readiness_level: 4` (1 is basic research, 9 proven in everyday use)"
)


@pytest.fixture(scope="module")
def vocabulary(good_dir):
    found, problems = load_vocabulary(good_dir / "vocabulary.yml")
    assert problems == []
    return found


@pytest.fixture
def check(vocabulary):
    """Validate front matter lines (the first on line 5): (Entry or None, problems)."""

    def run(*lines: str):
        extra = "".join(f"{line}\n" for line in lines)
        head = "---\ntitle: Bed finder\nsummary: Finds a bed.\ntype: project\n"
        text = f"{head}{extra}---\n"
        raw = parse_entry_bytes(text.encode("utf-8"), "entries/a.md", "a.md")
        assert isinstance(raw, RawEntry), raw
        entry, problems = validate_entry(raw, vocabulary, {"a"})
        return entry, [p.format() for p in problems]

    return run


def test_a_full_block_is_read_with_canonical_values(check):
    entry, problems = check(
        "reuse:",
        "  data:",
        "    - name: Admissions from the PAS",
        "      standard: Secondary Uses Service Admitted Patient Care",
        "      patient_level: true",
        "    - Ward discharge lists",
        "  sample_data: synthetic",
        "  governance: [data protection impact assessment, DSA]",
        "  skills: [python, XGBoost]",
        "  runs_on: [Laptop, GPU]",
        "  medical_device: not-assessed",
        "  readiness_level: 4",
        "  effort: One analyst for six weeks",
    )
    assert problems == []
    assert entry.reuse == Reuse(
        data=(
            DataNeed("Admissions from the PAS", "SUS APC", True),
            DataNeed("Ward discharge lists"),
        ),
        sample_data="synthetic",
        governance=("DPIA", "Data sharing agreement"),
        skills=("Python", "Gradient boosting libraries"),
        runs_on=("Laptop", "GPU"),
        medical_device="not-assessed",
        readiness_level=4,
        effort="One analyst for six weeks",
    )
    assert entry.reuse.without_patient_data


def test_single_values_stand_for_lists(check):
    entry, problems = check(
        "reuse:",
        "  data: Ward lists",
        "  governance: DPIA",
        "  skills: SQL",
        "  runs_on: Cloud",
        "  readiness_level: '3'",
    )
    assert problems == []
    assert entry.reuse == Reuse(
        data=(DataNeed("Ward lists"),),
        governance=("DPIA",),
        skills=("SQL",),
        runs_on=("Cloud",),
        readiness_level=3,
    )


@pytest.mark.parametrize("value", ["no", "'no'"])
def test_medical_device_no_is_read_even_as_yaml_false(check, value):
    entry, problems = check("reuse:", f"  medical_device: {value}")
    assert problems == [] and entry.reuse == Reuse(medical_device="no")


@pytest.mark.parametrize(
    ("sample_data", "tried"),
    [("none", False), ("synthetic", True), ("sample", True), ("public", True)],
)
def test_what_counts_as_tried_without_patient_data(check, sample_data, tried):
    entry, _problems = check("reuse:", f"  sample_data: {sample_data}")
    assert entry.reuse.without_patient_data is tried


@pytest.mark.parametrize("lines", [["reuse:"], ["reuse: {}"]])
def test_an_empty_block_is_no_block(check, lines):
    entry, problems = check(*lines)
    assert problems == [] and entry.reuse is None


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        pytest.param(
            ["reuse: [a, b]"],
            "entries/a.md:5: reuse: error: 'reuse' must be a set of fields, not a"
            " list\n    fix: indent its fields under `reuse:`, such as"
            " `  sample_data: synthetic`",
            id="block-a-list",
        ),
        pytest.param(
            ["reuse: EPR data"],
            "entries/a.md:5: reuse: error: 'reuse' must be a set of fields, not"
            " text\n    fix: indent its fields under `reuse:`, such as"
            " `  sample_data: synthetic`",
            id="block-text",
        ),
        pytest.param(
            ["reuse:", "  data:", "    - standard: SUS APC"],
            "entries/a.md:7: reuse.data[0]: error: a data item needs a name\n"
            "    fix: add `name: what the data is` to the item, such as"
            " `name: Inpatient admissions history from the EPR`",
            id="data-without-name",
        ),
        pytest.param(
            ["reuse:", "  data:", "    - [a]"],
            "entries/a.md:7: reuse.data[0]: error: each item of 'data' must be a"
            " name or a set of fields, not a list\n    fix: write `- name: what the"
            " data is`, with `standard:` and `patient_level:` under it when they"
            " are known",
            id="data-item-a-list",
        ),
        pytest.param(
            ["reuse:", "  data:", "    - name: PAS", "      patient_level: yes please"],
            "entries/a.md:8: reuse.data[0].patient_level: error: 'patient_level'"
            " must be true or false, not 'yes please'\n    fix: write"
            " `patient_level: true` if person-level records are needed,"
            " `patient_level: false` if not",
            id="patient-level-not-boolean",
        ),
        pytest.param(
            ["reuse:", "  data:", "    - name: PAS", "      standard: [a]"],
            "entries/a.md:8: reuse.data[0].standard: error: 'standard' must be"
            " text, not a list\n    fix: write one dataset or standard, such as"
            " `standard: SUS APC`",
            id="standard-a-list",
        ),
        pytest.param(
            ["reuse:", "  sample_data: fake"],
            "entries/a.md:6: reuse.sample_data: error: unknown sample_data: 'fake'"
            " is not one of none, synthetic, sample, public\n    fix: use one of"
            " none, synthetic, sample, public",
            id="unknown-sample-data",
        ),
        pytest.param(
            ["reuse:", "  runs_on: [Laptop, Mainframe]"],
            "entries/a.md:6: reuse.runs_on[1]: error: unknown runs_on: 'Mainframe'"
            f" is not one of {RUNS_ON}\n    fix: use one of {RUNS_ON}",
            id="unknown-runs-on",
        ),
        pytest.param(
            ["reuse:", "  runs_on: laptop"],
            "entries/a.md:6: reuse.runs_on: error: unknown runs_on: 'laptop' is not"
            f" one of {RUNS_ON}\n    fix: use one of {RUNS_ON} (did you mean"
            " 'Laptop'?)",
            id="runs-on-in-lower-case",
        ),
        pytest.param(
            ["reuse:", "  medical_device: maybe"],
            "entries/a.md:6: reuse.medical_device: error: unknown medical_device:"
            " 'maybe' is not one of no, yes, not-assessed\n    fix: use one of no,"
            " yes, not-assessed",
            id="unknown-medical-device",
        ),
        pytest.param(
            ["reuse:", "  readiness_level: 12"],
            "entries/a.md:6: reuse.readiness_level: error: 'readiness_level' must"
            f" be a whole number from 1 to 9, not '12'\n{READINESS_FIX}",
            id="readiness-over-9",
        ),
        pytest.param(
            ["reuse:", "  readiness_level: 0"],
            "entries/a.md:6: reuse.readiness_level: error: 'readiness_level' must"
            f" be a whole number from 1 to 9, not '0'\n{READINESS_FIX}",
            id="readiness-0",
        ),
        pytest.param(
            ["reuse:", "  readiness_level: TRL 4"],
            "entries/a.md:6: reuse.readiness_level: error: 'readiness_level' must"
            f" be a whole number from 1 to 9, not 'TRL 4'\n{READINESS_FIX}",
            id="readiness-text",
        ),
        pytest.param(
            ["reuse:", "  readiness_level: true"],
            "entries/a.md:6: reuse.readiness_level: error: 'readiness_level' must"
            f" be a whole number from 1 to 9, not true/false\n{READINESS_FIX}",
            id="readiness-boolean",
        ),
        pytest.param(
            ["reuse:", "  effort: [a]"],
            "entries/a.md:6: reuse.effort: error: 'effort' must be text, not a"
            " list\n    fix: write `effort: ...` with the text on the same line",
            id="effort-a-list",
        ),
        pytest.param(
            ["reuse:", "  governance: [{a: 1}]"],
            "entries/a.md:6: reuse.governance[0]: error: 'governance' must hold"
            " text values, not a set of fields\n    fix: write `governance: [first,"
            " second]` or one value per `- ` line",
            id="governance-not-text",
        ),
    ],
)
def test_errors_leave_the_entry_out(check, lines, expected):
    entry, problems = check(*lines)
    assert entry is None
    assert problems == [expected]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        pytest.param(
            ["reuse:", "  data:", "    - name: PAS", "      standard: SUS ACP"],
            "entries/a.md:8: reuse.data[0].standard: warning: 'SUS ACP' is not in"
            " the vocabulary of datasets\n    fix: did you mean 'SUS APC'? use a"
            " value from the datasets in vocabulary.yml, or add 'SUS ACP' there",
            id="unknown-dataset",
        ),
        pytest.param(
            ["reuse:", "  governance: [DPIA, DSPD]"],
            "entries/a.md:6: reuse.governance[1]: warning: 'DSPD' is not in the"
            " vocabulary of governance\n    fix: did you mean 'DSPT'? use a value"
            " from the governance in vocabulary.yml, or add 'DSPD' there",
            id="unknown-governance-step",
        ),
        pytest.param(
            ["reuse:", "  skills: [Pyhton]"],
            "entries/a.md:6: reuse.skills[0]: warning: 'Pyhton' is not in the"
            " vocabulary of skills\n    fix: did you mean 'Python'? use a value"
            " from the skills in vocabulary.yml, or add 'Pyhton' there",
            id="unknown-skill",
        ),
        pytest.param(
            ["reuse:", "  colour: blue"],
            "entries/a.md:6: reuse.colour: warning: unknown field 'colour' is"
            " ignored\n    fix: known fields: data, sample_data, governance, skills,"
            " runs_on, medical_device, readiness_level, effort",
            id="unknown-sub-field",
        ),
        pytest.param(
            ["reuse:", "  data:", "    - name: PAS", "      format: csv"],
            "entries/a.md:8: reuse.data[0].format: warning: unknown field 'format'"
            " is ignored\n    fix: known fields: name, standard, patient_level",
            id="unknown-data-field",
        ),
    ],
)
def test_warnings_keep_the_entry(check, lines, expected):
    entry, problems = check(*lines)
    assert entry is not None
    assert problems == [expected]


def test_an_unknown_value_is_kept_as_written(check):
    entry, _problems = check("reuse:", "  skills: [Fortran]")
    assert entry.reuse.skills == ("Fortran",)


def test_reuse_round_trips_through_plain_data(check):
    entry, _problems = check(
        "reuse:",
        "  data: [{name: PAS, standard: SUS APC, patient_level: false}, Lists]",
        "  sample_data: none",
        "  runs_on: [Trusted research environment]",
        "  readiness_level: 9",
    )
    data = entry.to_dict()
    assert data["reuse"] == {
        "data": [
            {"name": "PAS", "standard": "SUS APC", "patient_level": False},
            {"name": "Lists", "standard": None, "patient_level": None},
        ],
        "sample_data": "none",
        "governance": [],
        "skills": [],
        "runs_on": ["Trusted research environment"],
        "medical_device": None,
        "readiness_level": 9,
        "effort": None,
    }
    assert entry_from_dict(data) == entry
    assert reuse_from_dict(None) is None


def test_the_template_explains_the_block_and_checks_clean(check):
    text = render_template("project", "Bed finder")
    # Issue 14: `reuse:` now comes before its commented example lines.
    block = text[text.index('# "Can we run this here?"') : text.index("\nadopters:")]
    for words in (
        "sample_data:",
        "none | synthetic | sample | public",
        "vocabulary: governance",
        "vocabulary: skills",
        "vocabulary: datasets",
        "Laptop, Server, GPU, Cloud, Trusted research environment",
        "no | yes | not-assessed",
        "1 to 9",
        "not recorded",
    ):
        assert words in block, words
    # Uncommenting the example gives a valid block.
    lines = [line[1:] for line in block.splitlines() if line.startswith("#  ")]
    entry, problems = check("reuse:", *lines)
    assert problems == [] and entry.reuse.sample_data == "synthetic"


def test_the_json_schema_accepts_what_the_checker_accepts():
    import jsonschema

    from catalogue.front_matter_schema import build_schema

    validator = jsonschema.Draft7Validator(build_schema())
    meta = {
        "title": "Bed finder",
        "summary": "Finds a bed.",
        "type": "project",
        "reuse": {
            "data": ["Ward lists", {"name": "PAS", "patient_level": True}],
            "sample_data": "none",
            "runs_on": "Laptop",
            "medical_device": False,  # an unquoted `no`, as YAML 1.1 reads it
            "readiness_level": 9,
        },
    }
    assert list(validator.iter_errors(meta)) == []
    meta["reuse"]["data"] = [{"standard": "SUS APC"}]  # no name
    assert list(validator.iter_errors(meta))
