"""`catalogue check` and `catalogue new` as staff use them."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from catalogue.cli import cli
from tests.catalogue.conftest import GOOD, VOCABULARY, entry


def run(root: Path, *args: str):
    return CliRunner().invoke(cli, list(args), env={"CATALOGUE_ENTRIES": str(root)})


def test_check_names_every_broken_file_and_no_good_one(make_entries):
    root = make_entries(
        {
            "good/one.md": GOOD,
            "good/two.md": entry(title="Two"),
            "bad/type.md": entry(type="nope"),
            "bad/empty.md": "",
            "bad/yaml.md": "---\ntitle: [\n---\n",
            "bad/Bad Name.md": entry(),
        }
    )
    result = run(root, "check", str(root))
    assert result.exit_code == 1, result.output
    for name in ("bad/type.md", "bad/empty.md", "bad/yaml.md", "bad/Bad Name.md"):
        assert f"{root.as_posix()}/{name}" in result.output
    assert "good/one.md" not in result.output and "good/two.md" not in result.output
    assert result.output.splitlines()[-1] == (
        "Checked 6 files: 2 valid, 4 left out; 4 errors, 0 warnings."
    )


def test_check_passes_with_warnings_unless_strict(make_entries):
    root = make_entries({"a.md": entry(techniques="[Quantum]")})
    relaxed = run(root, "check", str(root))
    assert relaxed.exit_code == 0, relaxed.output
    assert relaxed.output.splitlines()[-1] == (
        "Checked 1 file: 1 valid, 0 left out; 0 errors, 1 warning."
    )
    assert run(root, "check", "--strict", str(root)).exit_code == 1


def test_check_a_single_file_knows_the_other_slugs(make_entries):
    root = make_entries({"a.md": entry(related="[b]"), "b.md": entry()})
    result = run(root, "check", str(root / "a.md"))
    assert result.exit_code == 0, result.output
    assert (
        result.output.strip()
        == "Checked 1 file: 1 valid, 0 left out; 0 errors, 0 warnings."
    )


def test_check_defaults_to_the_entries_folder(make_entries):
    root = make_entries({"a.md": entry(type="nope")})
    result = run(root, "check")
    assert result.exit_code == 1 and "a.md:4: type: error" in result.output


def test_new_writes_a_template_that_passes_once_filled(make_entries):
    root = make_entries({})
    result = run(root, "new", "project", "Theatre: list planner")
    assert result.exit_code == 0, result.output
    path = root / "theatre-list-planner.md"
    assert result.output.startswith(f"Created {path}")
    text = path.read_text()
    for field in (
        "title:",
        "summary:",
        "type: project",
        "status:",
        "date:",
        "problem_areas:",
        "techniques:",
        "tags:",
        "organisation:",
        "partners:",
        "code:",
        "adopters:",
        "related:",
        "links:",
        "event:",
    ):
        assert f"\n{field}" in text, field
    unfilled = run(root, "check", str(root))
    assert unfilled.exit_code == 1
    assert (
        "summary: error: required field 'summary' is missing or empty"
        in unfilled.output
    )
    path.write_text(text.replace("\nsummary:\n", "\nsummary: Plans theatre lists.\n"))
    filled = run(root, "check", "--strict", str(root))
    assert filled.exit_code == 0, filled.output


def test_new_refuses_to_overwrite(make_entries):
    root = make_entries({"sub/bed-finder.md": entry()})
    result = run(root, "new", "project", "Bed finder")
    assert result.exit_code == 1
    assert "already exists: choose another title, or edit that file" in result.output


def test_new_rejects_unknown_type(make_entries):
    result = run(make_entries({}), "new", "blog", "Title")
    assert result.exit_code == 2 and "'blog' is not one of" in result.output


def test_vocabulary_clash_is_an_error(make_entries):
    clash = VOCABULARY + "  - name: Other trust\n    aliases: [Ridgeway]\n"
    root = make_entries({"a.md": entry()}, vocabulary=clash)
    result = run(root, "check", str(root))
    assert result.exit_code == 1
    assert (
        "'Ridgeway' already stands for 'Ridgeway Hospitals NHS Trust'" in result.output
    )


def test_vocabulary_website_must_be_a_web_address(make_entries):
    bad = VOCABULARY.replace("https://ridgeway.example.org/", "javascript:alert(1)")
    root = make_entries({"a.md": entry(organisation="Ridgeway")}, vocabulary=bad)
    result = run(root, "check", str(root))
    assert result.exit_code == 1
    assert (
        "vocabulary.yml:12: organisations[0].url: error: 'javascript:alert(1)' is not a"
        " web address, so it is not shown"
    ) in result.output
