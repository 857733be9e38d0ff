"""Adopters with a history, stopped adopters, retired entries and ODS codes:
each mistake gives the exact line a person sees, and a broken entry is left
out while the others keep working."""

from __future__ import annotations

import datetime as dt

import pytest

from catalogue.collection import load_catalogue
from catalogue.model import Step, parse_partial_date

VOCABULARY = """\
organisations:
  - name: Ridgeway Hospitals NHS Trust
    aliases: [Ridgeway]
    ods: RRR
  - name: Moorside NHS Foundation Trust
"""

HEAD = "---\ntitle: Bed finder\nsummary: Finds a bed.\ntype: project\n"


def text(*lines: str) -> str:
    """An entry whose extra front matter lines start on line 5."""
    return HEAD + "".join(f"{line}\n" for line in lines) + "---\nBody.\n"


@pytest.fixture
def checked(make_entries):
    """Check `a.md` beside a valid `b.md`: (a's entry or None, every problem)."""

    def run(*lines: str, vocabulary: str = VOCABULARY):
        root = make_entries(
            {"a.md": text(*lines), "b.md": text()}, vocabulary=vocabulary
        )
        catalogue = load_catalogue(root, shown_root="entries")
        assert "b" in catalogue.entries  # one broken entry never stops the rest
        return catalogue.get("a"), [p.format() for p in catalogue.problems]

    return run


def test_a_full_history_is_read(checked):
    found, problems = checked(
        "adopters:",
        "  - organisation: Ridgeway",
        "    status: piloting",
        "    since: 2021-09",
        "    history:",
        "      - {status: exploring, date: 2021-09, note: Saw the webinar}",
        "      - {status: piloting, date: 2022}",
        "    changes: New feature list",
        "    outcome: Found 60% of long stayers",
        "    contact: mailto:team@ridgeway.example.nhs.uk",
    )
    assert problems == []
    adopter = found.adopters[0]
    assert adopter.history == (
        Step("exploring", parse_partial_date("2021-09"), "Saw the webinar"),
        Step("piloting", parse_partial_date("2022")),
    )
    assert (adopter.ods, adopter.contact) == ("RRR", "team@ridgeway.example.nhs.uk")
    assert (adopter.changes, adopter.outcome) == (
        "New feature list",
        "Found 60% of long stayers",
    )


@pytest.mark.parametrize(
    "lines",
    [
        ("adopters: Moorside NHS Foundation Trust",),
        ("adopters: [{organisation: Ridgeway, status: adapting, since: 2021-11}]",),
        ("adopters: [{organisation: Ridgeway}]",),
    ],
    ids=["one-name", "one-line", "organisation-only"],
)
def test_the_old_one_line_form_stays_valid(checked, lines):
    found, problems = checked(*lines)
    assert problems == [] and found is not None and found.adopters


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        pytest.param(
            (
                "adopters:",
                "  - organisation: Ridgeway",
                "    status: exploring",
                "    history:",
                "      - {status: adapting, date: 2022-03}",
                "      - {status: exploring, date: 2021-09}",
            ),
            "entries/a.md:10: adopters[0].history[1].date: error: history is not"
            " oldest first: 2021-09 comes after 2022-03 in the list\n"
            "    fix: put the steps in date order, the oldest first",
            id="not-oldest-first",
        ),
        pytest.param(
            (
                "adopters:",
                "  - organisation: Ridgeway",
                "    status: in-use",
                "    history:",
                "      - {status: exploring, date: 2021-09}",
            ),
            "entries/a.md:7: adopters[0].status: error: status is 'in-use' but the"
            " last step of history is 'exploring'\n    fix: make them agree: set"
            " `status: exploring`, or add a step for 'in-use' at the end of history",
            id="last-step-differs",
        ),
        pytest.param(
            (
                "adopters:",
                "  - organisation: Ridgeway",
                "    history:",
                "      - {status: exploring, date: 2021-09}",
            ),
            "entries/a.md:6: adopters[0]: error: an adopter with a history needs a"
            " status: its last step is 'exploring'\n    fix: add `status: exploring`",
            id="history-without-status",
        ),
        pytest.param(
            ("adopters: [{organisation: Ridgeway, status: adapting, since: 2999-01}]",),
            "entries/a.md:5: adopters[0].since: error: 2999-01 is in the future\n"
            "    fix: record only what has happened: use today's date or an earlier"
            " one",
            id="future-since",
        ),
        pytest.param(
            (
                "adopters:",
                "  - organisation: Ridgeway",
                "    status: exploring",
                "    history:",
                "      - {status: exploring, date: 2999}",
            ),
            "entries/a.md:9: adopters[0].history[0].date: error: 2999 is in the"
            " future\n    fix: record only what has happened: use today's date or an"
            " earlier one",
            id="future-step",
        ),
        pytest.param(
            (
                "adopters:",
                "  - organisation: Ridgeway",
                "    status: exploring",
                "    history:",
                "      - {status: exploring}",
            ),
            "entries/a.md:9: adopters[0].history[0]: error: a history step needs a"
            " date\n    fix: add `date: YYYY-MM` (or YYYY, or YYYY-MM-DD): when the"
            " status began",
            id="step-without-date",
        ),
        pytest.param(
            ("adopters: [{organisation: Ridgeway, status: stopped, since: 2022}]",),
            "entries/a.md:5: adopters[0].status: error: an adopter that stopped needs"
            " a `stopped_reason`\n    fix: add `stopped_reason: ...`: a sentence or"
            " two on why they stopped; it helps the next Trust as much as a success"
            " does",
            id="stopped-without-reason",
        ),
        pytest.param(
            ("adopters: [{organisation: Ridgeway, contact: Dr Smith}]",),
            "entries/a.md:5: adopters[0].contact: error: 'Dr Smith' is not an email"
            " address or a web address\n    fix: give a team mailbox, such as"
            " data.science@example.nhs.uk",
            id="contact-not-a-mailbox",
        ),
        pytest.param(
            ("adopters: [{organisation: Ridgeway, history: exploring}]",),
            "entries/a.md:5: adopters[0].history: error: 'history' must be a list of"
            " steps, not str\n    fix: write one `- {status: ..., date: ...}` line"
            " per step, oldest first",
            id="history-not-a-list",
        ),
    ],
)
def test_a_wrong_adopter_is_reported_and_the_entry_left_out(checked, lines, expected):
    found, problems = checked(*lines)
    assert (found, problems) == (None, [expected])


def test_partial_dates_in_one_year_are_in_order(checked):
    found, problems = checked(
        "adopters:",
        "  - organisation: Ridgeway",
        "    status: adapting",
        "    history:",
        "      - {status: exploring, date: 2021-09}",
        "      - {status: adapting, date: 2021}",  # may be later in 2021
    )
    assert problems == [] and found is not None


def test_a_stopped_adopter_with_its_reason_is_kept(checked):
    found, problems = checked(
        "adopters:",
        "  - organisation: Ridgeway",
        "    status: stopped",
        "    history:",
        "      - {status: piloting, date: 2022-01}",
        "      - {status: stopped, date: 2022-06}",
        "    stopped_reason: The EPR export lacked the admission source",
    )
    assert problems == []
    assert found.adopters[0].stopped and found.adopters[0].started.text == "2022-01"


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        pytest.param(
            ("retired: {reason: Gone}",),
            "entries/a.md:5: retired: error: `retired` is only for entries with"
            " `status: retired`\n    fix: set `status: retired`, or delete the"
            " `retired` block",
            id="not-retired",
        ),
        pytest.param(
            ("status: retired", "retired: {date: 2022}"),
            "entries/a.md:6: retired: error: a retired entry needs a reason\n"
            "    fix: add `reason: ...` under `retired:`: one sentence on why it was"
            " retired",
            id="no-reason",
        ),
        pytest.param(
            ("status: retired", "retired: {reason: Replaced, superseded_by: nope}"),
            "entries/a.md:6: retired.superseded_by: error: unknown slug 'nope' in"
            " superseded_by: no entry has that file name\n    fix: use the file name"
            " of the entry that replaces this one, without .md",
            id="unknown-successor",
        ),
        pytest.param(
            ("status: retired", "retired: {reason: Replaced, superseded_by: a}"),
            "entries/a.md:6: retired.superseded_by: error: an entry cannot supersede"
            " itself\n    fix: name the entry that replaces it",
            id="own-successor",
        ),
        pytest.param(
            ("status: retired", "retired: {reason: Old, date: 2999-12}"),
            "entries/a.md:6: retired.date: error: 2999-12 is in the future\n"
            "    fix: record only what has happened: use today's date or an earlier"
            " one",
            id="future-retirement",
        ),
    ],
)
def test_a_wrong_retired_block_is_reported(checked, lines, expected):
    found, problems = checked(*lines)
    assert (found, problems) == (None, [expected])


def test_a_retired_entry_names_its_successor(checked):
    found, problems = checked(
        "status: retired",
        "retired:",
        "  date: 2023-07",
        "  reason: Replaced by the national tool",
        "  superseded_by: b",
    )
    assert problems == []
    assert found.retired.superseded_by == "b" and found.retired.date.text == "2023-07"


def test_a_retired_entry_without_the_block_is_still_valid(checked):
    found, problems = checked("status: retired")
    assert problems == [] and found.retired is None


def test_the_lead_organisations_code_comes_from_the_vocabulary(checked):
    found, _problems = checked("organisation: Ridgeway")
    assert found.organisation_ods == "RRR"


@pytest.mark.parametrize(
    ("ods", "expected"),
    [
        pytest.param(
            "rrr",
            "entries/vocabulary.yml:4: organisations[0].ods: error: 'rrr' is not an"
            " ODS code, so it is left out\n    fix: write it in capitals: `ods: RRR`",
            id="lower-case",
        ),
        pytest.param(
            "'R R'",
            "entries/vocabulary.yml:4: organisations[0].ods: error: 'R R' is not an"
            " ODS code, so it is left out\n    fix: copy the organisation's code from"
            " the NHS ODS data (3 to 10 capital letters and digits, such as RTE), or"
            " delete the line",
            id="malformed",
        ),
    ],
)
def test_a_malformed_ods_code_is_reported(checked, ods, expected):
    vocabulary = (
        f"organisations:\n  - name: Ridgeway\n    aliases: []\n    ods: {ods}\n"
    )
    found, problems = checked(vocabulary=vocabulary)
    assert problems == [expected]


def test_an_ods_code_used_twice_is_an_error(checked):
    vocabulary = (
        "organisations:\n  - name: Ridgeway\n    ods: RRR\n"
        "  - name: Moorside\n    ods: RRR\n"
    )
    _found, problems = checked(vocabulary=vocabulary)
    assert problems == [
        "entries/vocabulary.yml:5: organisations[1].ods: error: ODS code RRR is"
        " already the code of 'Ridgeway'\n    fix: check the code in the NHS ODS"
        " data and keep it on one organisation only"
    ]


def test_dates_today_are_not_in_the_future(checked):
    today = dt.date.today().isoformat()
    found, problems = checked(
        f"adopters: [{{organisation: Ridgeway, status: exploring, since: {today}}}]"
    )
    assert problems == [] and found.adopters[0].since.text == today
