"""The README documents every setting, every command and both set-up commands."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalogue.cli import cli
from catalogue.config import SETTINGS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(
    encoding="utf-8"
)


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_every_setting_is_documented_with_its_default(name):
    default, _help = SETTINGS[name]
    assert f"`{name}`" in README
    if default:
        assert f"`{default}`" in README


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_is_documented(command):
    assert f"`catalogue {command}" in README


def test_two_commands_set_everything_up():
    assert "make run" in README and "make test" in README


DOCS = Path(__file__).resolve().parent.parent / "docs"
REFERENCE = ("entry-format.md", "command-line.md", "pages-and-api.md")


@pytest.mark.parametrize("name", REFERENCE)
def test_the_readme_points_at_the_reference_docs_in_the_repository(name):
    assert (DOCS / name).is_file()
    assert f"(docs/{name})" in README


def test_the_readme_needs_nothing_outside_the_repository():
    assert "../shared" not in README and "CONTRACT.md" not in README


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_the_command_line_doc_covers_every_command_and_option(command):
    text = (DOCS / "command-line.md").read_text(encoding="utf-8")
    assert f"## `catalogue {command}" in text
    for param in cli.commands[command].params:
        for option in getattr(param, "opts", []):
            if option.startswith("--") and option != "--help":
                assert option in text, (command, option)
