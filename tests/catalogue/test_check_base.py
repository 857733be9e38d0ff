"""`catalogue check --base REF`: an entry file deleted since REF is an error,
tested on a real git repository in a temporary folder."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from catalogue.cli import cli

ENTRY = "---\ntitle: {title}\nsummary: Finds a bed.\ntype: project\n{extra}---\nBody.\n"


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args],
        capture_output=True,
        text=True,
        check=True,
        env={
            "GIT_AUTHOR_NAME": "Test",
            "GIT_AUTHOR_EMAIL": "test@example.org",
            "GIT_COMMITTER_NAME": "Test",
            "GIT_COMMITTER_EMAIL": "test@example.org",
            "GIT_CONFIG_GLOBAL": "/dev/null",
            "GIT_CONFIG_NOSYSTEM": "1",
            "PATH": "/usr/bin:/bin:/usr/local/bin",
        },
    )
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository whose first commit (tag `base`) holds three entries."""
    root = tmp_path / "repo"
    entries = root / "entries"
    (entries / "projects").mkdir(parents=True)
    for slug in ("bed-finder", "triage", "old-tool"):
        (entries / "projects" / f"{slug}.md").write_text(
            ENTRY.format(title=slug.replace("-", " ").title(), extra=""),
            encoding="utf-8",
        )
    (entries / "README.md").write_text("# Notes\n", encoding="utf-8")
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", ".")
    git(root, "commit", "--quiet", "-m", "First entries")
    git(root, "tag", "base")
    return root


def check(repo: Path, *args: str) -> Result:
    entries = repo / "entries"
    return CliRunner().invoke(
        cli,
        ["check", *args, str(entries)],
        env={"CATALOGUE_ENTRIES": str(entries)},
    )


def test_nothing_deleted_passes(repo):
    result = check(repo, "--base", "base")
    assert result.exit_code == 0, result.output


def test_a_deleted_entry_fails_naming_it(repo):
    (repo / "entries/projects/triage.md").unlink()
    (repo / "entries/README.md").unlink()  # not an entry: never reported
    result = check(repo, "--base", "base")
    assert result.exit_code == 1, result.output
    shown = (repo / "entries").as_posix()
    lines = [line for line in result.output.splitlines() if "vocabulary" not in line]
    assert lines[:2] == [
        f"{shown}/projects/triage.md: file: error: the entry 'triage' was deleted"
        " since base: its page and every link to it would stop working",
        "    fix: retire it instead: restore it (`git checkout base --"
        " entries/projects/triage.md`), set `status: retired` and add a `retired:`"
        " block with its reason, date and, if another entry replaces it,"
        " `superseded_by`",
    ]
    assert result.output.splitlines()[-1].endswith("1 error, 0 warnings.")


def test_a_committed_deletion_is_found_too(repo):
    git(repo, "rm", "--quiet", "entries/projects/old-tool.md")
    git(repo, "commit", "--quiet", "-m", "Remove the old tool")
    result = check(repo, "--base", "base")
    assert result.exit_code == 1 and "'old-tool' was deleted" in result.output


def test_moving_an_entry_to_another_folder_keeps_its_slug(repo):
    (repo / "entries/archive").mkdir()
    (repo / "entries/projects/old-tool.md").rename(repo / "entries/archive/old-tool.md")
    assert check(repo, "--base", "base").exit_code == 0


def test_retiring_instead_of_deleting_passes(repo):
    (repo / "entries/projects/old-tool.md").write_text(
        ENTRY.format(
            title="Old tool",
            extra="status: retired\n"
            "retired: {reason: Replaced, superseded_by: triage}\n",
        ),
        encoding="utf-8",
    )
    result = check(repo, "--base", "base")
    assert result.exit_code == 0, result.output


def test_without_base_deletions_are_not_looked_for(repo):
    (repo / "entries/projects/triage.md").unlink()
    assert check(repo).exit_code == 0


def test_an_unknown_revision_is_a_plain_error(repo):
    result = check(repo, "--base", "no-such-branch")
    assert result.exit_code == 1
    assert "Error: 'no-such-branch' is not a commit in the git repository" in (
        result.output
    )
    assert "Traceback" not in result.output


def test_a_folder_outside_git_is_a_plain_error(tmp_path):
    entries = tmp_path / "entries"
    entries.mkdir()
    result = CliRunner().invoke(
        cli,
        ["check", "--base", "main", str(entries)],
        env={
            "CATALOGUE_ENTRIES": str(entries),
            "GIT_CEILING_DIRECTORIES": str(tmp_path),
        },
    )
    assert result.exit_code == 1 and "Error: git rev-parse failed" in result.output
