"""`catalogue check --format github`: each problem as a GitHub Actions annotation.

GitHub's workflow command syntax is `::error file={name},line={line},title={title}::
{message}`; in the message `%`, CR and LF are written `%25`, `%0D` and `%0A`, and
in property values `:` and `,` also as `%3A` and `%2C`.
"""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner, Result

from catalogue.cli import cli
from catalogue.problems import ERROR, WARNING, Problem

ENTRY = "---\ntitle: Bed finder\nsummary: Finds a bed.\ntype: project\n{extra}---\n"

#: One annotation line as GitHub reads it: no raw `,` or `:` in a property value
#: and no raw CR or LF anywhere.
ANNOTATION = re.compile(
    r"^::(?P<kind>error|warning)"
    r" file=(?P<file>[^,:\r\n]+)(?:,line=(?P<line>[1-9][0-9]*))?"
    r"(?:,title=(?P<title>[^,:\r\n]+))?::(?P<message>[^\r\n]+)$"
)


def run(entries: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env={"CATALOGUE_ENTRIES": str(entries)})


def unescape(text: str) -> str:
    for code, char in (("%0A", "\n"), ("%0D", "\r"), ("%3A", ":"), ("%2C", ",")):
        text = text.replace(code, char)
    return text.replace("%25", "%")


def test_an_error_and_a_warning_become_annotations_on_their_lines(
    tmp_path, write_entry, monkeypatch
):
    write_entry(
        tmp_path, "entries/bed-finder.md", ENTRY.format(extra="problem_area: x\n")
    )
    write_entry(tmp_path, "entries/ward-list.md", ENTRY.format(extra="status: live\n"))
    monkeypatch.chdir(tmp_path)
    result = run(tmp_path / "entries", "check", "--format", "github", "entries")
    assert result.exit_code == 1, result.output
    assert result.stdout == (
        "::warning file=entries/bed-finder.md,line=5,title=problem_area::unknown"
        " field 'problem_area' is ignored%0Afix: did you mean 'problem_areas'?\n"
        "::error file=entries/ward-list.md,line=5,title=status::unknown status:"
        " 'live' is not one of idea, discovery, proof-of-concept, pilot, in-use,"
        " retired%0Afix: use one of idea, discovery, proof-of-concept, pilot,"
        " in-use, retired\n"
        "Checked 2 files: 1 valid, 1 left out; 1 error, 1 warning.\n"
    )


def test_every_annotation_line_follows_githubs_syntax(broken_dir, monkeypatch):
    monkeypatch.chdir(broken_dir.parent)
    result = run(broken_dir, "check", "--format", "github", "broken")
    assert result.exit_code == 1, result.output
    *annotations, summary = result.output.splitlines()
    assert summary.startswith("Checked 20 files:")
    assert len(annotations) == 17
    for line in annotations:
        match = ANNOTATION.match(line)
        assert match, line
        assert unescape(match["file"]).startswith("broken/")


def test_the_text_format_is_unchanged_and_the_default(broken_dir, monkeypatch):
    monkeypatch.chdir(broken_dir.parent)
    default = run(broken_dir, "check", "broken")
    text = run(broken_dir, "check", "--format", "text", "broken")
    assert default.output == text.output
    assert "::error" not in default.output
    assert "broken/bad-date.md:5: date: error: bad date: '2021-02-30'" in text.output


def test_strict_github_output_fails_on_warnings(tmp_path, write_entry):
    write_entry(tmp_path, "a.md", ENTRY.format(extra="colour: blue\n"))
    result = run(tmp_path, "check", "--strict", "--format", "github", str(tmp_path))
    assert result.exit_code == 1, result.output
    assert result.stdout.startswith("::warning file=")


def test_an_unknown_format_gets_a_clear_message(tmp_path):
    result = run(tmp_path, "check", "--format", "json", str(tmp_path))
    assert result.exit_code == 2, result.output
    assert result.output.endswith(
        "Error: Invalid value for '--format': 'json' is not one of 'text', 'github'.\n"
    )


def test_message_and_property_values_are_escaped():
    problem = Problem(
        "entries/a:b,c.md", 7, "links[0].url", "50% done\r\nsecond: line", "", ERROR
    )
    assert problem.format_github() == (
        "::error file=entries/a%3Ab%2Cc.md,line=7,title=links[0].url"
        "::50%25 done%0D%0Asecond: line"
    )


def test_no_line_number_leaves_out_the_line_property():
    problem = Problem("entries", None, "file", "folder missing", "create it", WARNING)
    assert problem.format_github() == (
        "::warning file=entries,title=file::folder missing%0Afix: create it"
    )
