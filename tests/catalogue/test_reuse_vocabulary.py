"""The vocabulary groups of `reuse`: datasets, governance (each step with its
`why` and `level`) and skills, and the checks of the vocabulary file itself."""

from __future__ import annotations

import pytest

from catalogue.vocabulary import (
    BUNDLED,
    LEVELS,
    Term,
    load_vocabulary,
    vocabulary_from_dict,
)

GOVERNANCE = """\
governance:
  - name: DPIA
    aliases: [data protection impact assessment]
    level: Required
    why: The law asks for one before high-risk processing of health data.
"""


def load_text(tmp_path, text: str):
    path = tmp_path / "vocabulary.yml"
    path.write_text(text, encoding="utf-8")
    found, problems = load_vocabulary(path, "entries/vocabulary.yml")
    return found, [p.format() for p in problems]


def test_a_governance_step_has_its_why_and_level(tmp_path):
    found, problems = load_text(tmp_path, GOVERNANCE)
    assert problems == []
    assert found.term("governance", "DPIA") == Term(
        "DPIA",
        ("data protection impact assessment",),
        why="The law asks for one before high-risk processing of health data.",
        level="Required",
    )
    assert found.canonical("governance", "Data Protection Impact Assessment") == "DPIA"


def test_why_and_level_round_trip_and_change_the_digest(tmp_path):
    found, _ = load_text(tmp_path, GOVERNANCE)
    again = vocabulary_from_dict(found.to_dict())
    assert again.term("governance", "DPIA") == found.term("governance", "DPIA")
    other, _ = load_text(tmp_path, GOVERNANCE.replace("Required", "Best practice"))
    assert other.digest != found.digest


def test_datasets_may_have_a_web_address_and_skills_aliases(tmp_path):
    text = (
        "datasets:\n  - name: MIMIC-III\n    url: https://physionet.org/x\n"
        "skills:\n  - name: Python\n    aliases: [python3]\n"
    )
    found, problems = load_text(tmp_path, text)
    assert problems == []
    assert found.term("datasets", "MIMIC-III").url == "https://physionet.org/x"
    assert found.canonical("skills", "Python3") == "Python"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "governance:\n  - name: DPIA\n    level: Required\n",
            "entries/vocabulary.yml:2: governance[0]: warning: has no `why`, so"
            " pages cannot say why the step matters\n    fix: add a line `why:"
            " ...`: one sentence on what the step protects and when it applies",
            id="no-why",
        ),
        pytest.param(
            "governance:\n  - name: DPIA\n    why: It protects patients.\n",
            "entries/vocabulary.yml:2: governance[0]: warning: has no `level`\n"
            "    fix: add `level: Required` or `level: Best practice`",
            id="no-level",
        ),
        pytest.param(
            "governance:\n  - name: DPIA\n    why: It protects patients.\n"
            "    level: best practise\n",
            "entries/vocabulary.yml:4: governance[0].level: error: unknown level:"
            " 'best practise' is not one of Required, Best practice\n    fix: use"
            " one of Required, Best practice (did you mean 'Best practice'?)",
            id="unknown-level",
        ),
        pytest.param(
            "governance:\n  - DPIA\n",
            "entries/vocabulary.yml:2: governance[0]: warning: has no `level`\n"
            "    fix: add `level: Required` or `level: Best practice`",
            id="just-a-name",
        ),
        pytest.param(
            "skills:\n  - name: Python\n  - name: Python 3\n    aliases: [python]\n",
            "entries/vocabulary.yml:3: skills[1]: error: 'python' already stands"
            " for 'Python'\n    fix: remove it from one of the two values",
            id="alias-of-two-skills",
        ),
    ],
)
def test_vocabulary_problems(tmp_path, text, expected):
    assert expected in load_text(tmp_path, text)[1]


def test_an_unknown_level_keeps_the_step_without_a_level(tmp_path):
    found, _ = load_text(
        tmp_path, GOVERNANCE.replace("level: Required", "level: Optional")
    )
    assert found.term("governance", "DPIA").level is None


def test_why_and_level_mean_nothing_outside_governance(tmp_path):
    found, problems = load_text(
        tmp_path, "skills:\n  - name: Python\n    why: x\n    level: Required\n"
    )
    assert problems == []
    assert found.term("skills", "Python") == Term("Python")


def test_the_bundled_governance_steps_all_say_why_and_how_strongly():
    found, problems = load_vocabulary(BUNDLED)
    assert problems == []
    steps = {t.name: t for t in found.groups["governance"]}
    for name in (
        "DPIA",
        "Data sharing agreement",
        "DSPT",
        "DCB0129",
        "DCB0160",
        "Ethics approval",
        "Caldicott Guardian approval",
    ):
        assert steps[name].why and steps[name].level in LEVELS, name
    assert steps["DPIA"].level == "Required"
    assert "Article 35" in steps["DPIA"].why
    assert "section 250" in steps["DCB0129"].why
    assert "section 250" in steps["DCB0160"].why
    assert "annual" in steps["DSPT"].why
    assert steps["Caldicott Guardian approval"].level == "Best practice"
    assert found.canonical("governance", "Data Security and Protection Toolkit") == (
        "DSPT"
    )
