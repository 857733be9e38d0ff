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
