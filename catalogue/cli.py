"""The `catalogue` command: check, new, index, search, serve.

Commands stay thin: parse options, call a domain function, print the result.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from catalogue.collection import Catalogue, load_catalogue
from catalogue.config import Settings, load_settings
from catalogue.model import TYPES
from catalogue.problems import Problem
from catalogue.scaffold import ScaffoldError, create_entry
from catalogue.vocabulary import FILE_NAME


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.pass_context
def cli(ctx: click.Context) -> None:
    """The NHS AI use-case catalogue: check, index, search and serve entries."""
    ctx.obj = load_settings()


def _settings() -> Settings:
    return click.get_current_context().find_root().obj or load_settings()


@cli.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Fail on warnings too, not only on errors.")
def check_command(paths: tuple[Path, ...], strict: bool) -> None:
    """Validate entries; print `path:line: field: message` and a fix for each problem.

    PATHS are entry files or folders (default: the entries folder). Exits 1
    if any error is found (with --strict, any warning too).
    """
    settings = _settings()
    problems, files, invalid = check_paths(paths or (settings.entries_dir,), settings)
    for problem in problems:
        click.echo(problem.format())
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    click.echo(f"Checked {files} file{'s' * (files != 1)}: {files - invalid} valid,"
               f" {invalid} left out; {errors} error{'s' * (errors != 1)},"
               f" {warnings} warning{'s' * (warnings != 1)}.")
    if errors or (strict and warnings):
        sys.exit(1)


def check_paths(paths: tuple[Path, ...], settings: Settings) -> tuple[list[Problem], int, int]:
    """Problems, files read and files left out, for folders and single files."""
    problems: list[Problem] = []
    files = invalid = 0
    for path in paths:
        if path.is_dir() or not path.exists():
            catalogue = load_catalogue(path, _vocabulary_for(path, settings), path.as_posix())
            problems += catalogue.problems
            files, invalid = files + catalogue.files, invalid + catalogue.invalid
        else:
            found, bad = _check_file(path, settings)
            problems += found
            files, invalid = files + 1, invalid + bad
    return problems, files, invalid


def _vocabulary_for(folder: Path, settings: Settings) -> Path:
    own = folder / FILE_NAME
    return own if own.is_file() else settings.entries_dir / FILE_NAME


def _check_file(path: Path, settings: Settings) -> tuple[list[Problem], int]:
    """Check one file against the catalogue it belongs to (for related slugs)."""
    root = settings.entries_dir
    try:
        relpath = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:  # a file outside the entries folder: its folder is its catalogue
        root, relpath = path.parent, path.name
    shown_root = path.as_posix()[: -len(relpath)].rstrip("/")
    catalogue = load_catalogue(root, _vocabulary_for(root, settings), shown_root)
    mine = [p for p in catalogue.problems if p.path == path.as_posix()]
    slug = path.stem
    left_out = catalogue.get(slug) is None or catalogue.entries[slug].path != relpath
    return mine, int(left_out)


@cli.command("new")
@click.argument("entry_type", metavar="TYPE", type=click.Choice(TYPES))
@click.argument("title")
def new_command(entry_type: str, title: str) -> None:
    """Write entries/<slug>.md from a template with every field explained."""
    try:
        path = create_entry(_settings().entries_dir, entry_type, title)
    except ScaffoldError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Created {path}")
    click.echo(f"Fill in the summary and the rest, then run: catalogue check {path}")


def load(settings: Settings) -> Catalogue:
    """The catalogue of the configured entries folder."""
    return load_catalogue(settings.entries_dir)


def main() -> None:
    """Entry point of the console script."""
    cli(prog_name="catalogue")


__all__ = ["cli", "main", "json", "time"]
