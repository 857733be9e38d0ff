"""`catalogue check` and `catalogue new` as staff use them: output and exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from catalogue.cli import cli
from catalogue.vocabulary import BUNDLED
from tests.catalogue.test_collection import BROKEN_FILES

ENTRY = "---\ntitle: Bed finder\nsummary: Finds a bed.\ntype: project\n{extra}---\n"


def run(entries: Path, *args: str) -> Result:
    """Invoke the command line with CATALOGUE_ENTRIES set to a folder."""
    return CliRunner().invoke(cli, list(args), env={"CATALOGUE_ENTRIES": str(entries)})


def last_line(result: Result) -> str:
    return result.output.splitlines()[-1]


def test_check_passes_the_good_corpus_strictly(good_dir):
    result = run(good_dir, "check", "--strict", str(good_dir))
    assert result.exit_code == 0, result.output
    assert result.output == (
        "Checked 10 files: 10 valid, 0 left out; 0 errors, 0 warnings.\n"
    )


def test_check_names_every_broken_file_and_no_good_one(broken_dir, monkeypatch):
    monkeypatch.chdir(broken_dir.parent)
    result = run(broken_dir, "check", "broken")
    assert result.exit_code == 1, result.output
    named = {
        line.split(":")[0]
        for line in result.output.splitlines()[:-1]
        if not line.startswith("    fix: ")
    }
    assert sorted(named) == [f"broken/{name}" for name in BROKEN_FILES]
    for good in (
        "good/ward-round-summariser.md",
        "good/theatre-list-planner.md",
        "duplicates-a/outpatient-no-shows.md:",
    ):
        assert f"broken/{good}" not in result.output
    assert last_line(result) == (
        "Checked 20 files: 3 valid, 17 left out; 17 errors, 0 warnings."
    )


def test_each_problem_is_a_line_and_its_fix(tmp_path, write_entry, monkeypatch):
    write_entry(tmp_path, "entries/bed-finder.md", ENTRY.format(extra="status: live\n"))
    monkeypatch.chdir(tmp_path)
    result = run(tmp_path / "entries", "check", "entries")
    assert result.exit_code == 1, result.output
    assert result.output == (
        "entries has no vocabulary.yml: using the bundled vocabulary,"
        f" {BUNDLED}\n"
        "entries/bed-finder.md:5: status: error: unknown status: 'live' is not one of"
        " idea, discovery, proof-of-concept, pilot, in-use, retired\n"
        "    fix: use one of idea, discovery, proof-of-concept, pilot, in-use,"
        " retired\n"
        "Checked 1 file: 0 valid, 1 left out; 1 error, 0 warnings.\n"
    )


@pytest.mark.parametrize(
    ("extra", "strict", "exit_code", "summary"),
    [
        ("", False, 0, "Checked 1 file: 1 valid, 0 left out; 0 errors, 0 warnings."),
        ("", True, 0, "Checked 1 file: 1 valid, 0 left out; 0 errors, 0 warnings."),
        (
            "colour: blue\n",
            False,
            0,
            "Checked 1 file: 1 valid, 0 left out; 0 errors, 1 warning.",
        ),
        (
            "colour: blue\n",
            True,
            1,
            "Checked 1 file: 1 valid, 0 left out; 0 errors, 1 warning.",
        ),
        (
            "colour: blue\nshade: red\ndate: 2021-13\n",
            False,
            1,
            "Checked 1 file: 0 valid, 1 left out; 1 error, 2 warnings.",
        ),
        (
            "status: live\ndate: 2021-13\n",
            False,
            1,
            "Checked 1 file: 0 valid, 1 left out; 2 errors, 0 warnings.",
        ),
    ],
    ids=["clean", "clean-strict", "warning", "warning-strict", "mixed", "errors"],
)
def test_check_exit_code_and_summary(
    tmp_path, write_entry, extra, strict, exit_code, summary
):
    write_entry(tmp_path, "a.md", ENTRY.format(extra=extra))
    args = ["check", "--strict", str(tmp_path)] if strict else ["check", str(tmp_path)]
    result = run(tmp_path, *args)
    assert result.exit_code == exit_code, result.output
    assert last_line(result) == summary


def test_check_of_an_empty_folder(tmp_path):
    result = run(tmp_path, "check", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"{tmp_path.as_posix()} has no vocabulary.yml: using the bundled vocabulary,"
        f" {BUNDLED}\n"
        "Checked 0 files: 0 valid, 0 left out; 0 errors, 0 warnings.\n"
    )


def test_check_defaults_to_the_entries_folder(tmp_entries, write_entry):
    write_entry(tmp_entries, "new/bed-finder.md", ENTRY.format(extra="status: on\n"))
    result = run(tmp_entries, "check")
    assert result.exit_code == 1, result.output
    assert (
        f"{tmp_entries.as_posix()}/new/bed-finder.md:5: status: error" in result.output
    )
    assert last_line(result) == (
        "Checked 11 files: 10 valid, 1 left out; 1 error, 0 warnings."
    )


def test_check_of_one_file_knows_the_rest_of_the_catalogue(tmp_entries):
    path = tmp_entries / "case-studies" / "discharge-delay-case-study.md"
    result = run(tmp_entries, "check", "--strict", str(path))
    assert result.exit_code == 0, result.output
    assert (
        result.output == "Checked 1 file: 1 valid, 0 left out; 0 errors, 0 warnings.\n"
    )


def test_check_of_one_file_shows_only_its_problems(broken_dir):
    result = run(broken_dir, "check", str(broken_dir / "bad-date.md"))
    assert result.exit_code == 1, result.output
    assert result.output == (
        f"{broken_dir.as_posix()}/bad-date.md:5: date: error: bad date: '2021-02-30'"
        " has day 30; that month has 28 days\n"
        "    fix: write the date as YYYY, YYYY-MM or YYYY-MM-DD, such as 2021-04\n"
        "Checked 1 file: 0 valid, 1 left out; 1 error, 0 warnings.\n"
    )


def test_check_of_a_missing_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(tmp_path, "check", "nowhere")
    assert result.exit_code == 1, result.output
    assert result.output == (
        "nowhere: file: error: the entries folder does not exist\n"
        "    fix: create it, or set CATALOGUE_ENTRIES to the folder of entries\n"
        "Checked 0 files: 0 valid, 0 left out; 1 error, 0 warnings.\n"
    )


def test_python_dash_m_runs_the_same_command(good_dir):
    done = subprocess.run(
        [sys.executable, "-m", "catalogue", "check", "--strict", str(good_dir)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert (
        done.stdout == "Checked 10 files: 10 valid, 0 left out; 0 errors, 0 warnings.\n"
    )


def test_new_writes_an_entry_and_says_what_to_do_next(tmp_path):
    result = run(tmp_path, "new", "case-study", "Theatre: list planner")
    assert result.exit_code == 0, result.output
    path = tmp_path / "theatre-list-planner.md"
    assert result.output == (
        f"Created {path}\n"
        f"Fill in the summary and the rest, then run: catalogue check {path}\n"
    )
    assert "\ntype: case-study\n" in path.read_text(encoding="utf-8")


def test_new_entry_passes_check_once_the_summary_is_filled(tmp_path):
    run(tmp_path, "new", "project", "Theatre list planner")
    path = tmp_path / "theatre-list-planner.md"
    unfilled = run(tmp_path, "check", str(path))
    assert unfilled.exit_code == 1, unfilled.output
    assert "6: summary: error: required field 'summary' is missing" in unfilled.output
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nsummary:\n", "\nsummary: Plans lists.\n"))
    filled = run(tmp_path, "check", "--strict", str(path))
    assert filled.exit_code == 0, filled.output


def test_new_refuses_to_overwrite(tmp_entries):
    path = tmp_entries / "projects" / "clinic-letter-coder.md"
    before = path.read_bytes()
    result = run(tmp_entries, "new", "project", "Clinic letter coder")
    assert result.exit_code == 1, result.output
    assert result.output == (
        f"Error: {path} already exists: choose another title, or edit that file\n"
    )
    assert path.read_bytes() == before
    assert not (tmp_entries / "clinic-letter-coder.md").exists()


def test_new_rejects_an_unknown_type(tmp_path):
    result = run(tmp_path, "new", "blog", "Bed finder")
    assert result.exit_code == 2, result.output
    assert result.output.endswith(
        "Error: Invalid value for 'TYPE': 'blog' is not one of 'project', 'case-study',"
        " 'webinar', 'playbook', 'guidance'.\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_new_rejects_a_blank_title(tmp_path):
    result = run(tmp_path, "new", "project", " ")
    assert result.exit_code == 1, result.output
    assert result.output == (
        'Error: give the entry a title, such as: catalogue new project "Bed finder"\n'
    )
