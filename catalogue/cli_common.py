"""What the `catalogue` commands share: the settings of the run, problems shown
from where the command was run, and the index brought up to date.
"""

from __future__ import annotations

import sys

import click

from catalogue.config import Settings, load_settings
from catalogue.problems import Problem


def current_settings() -> Settings:
    """The settings the `catalogue` group loaded for this run."""
    return click.get_current_context().find_root().obj or load_settings()


def run_index(settings: Settings, rebuild: bool, quiet: bool):
    """Update the index, with a progress bar when stderr is a terminal."""
    from search.generations import IndexUnavailable
    from search.indexer import update_index

    try:
        if quiet or not sys.stderr.isatty():
            return update_index(
                settings.entries_dir, settings.index_dir, rebuild=rebuild
            )
        from rich.progress import Progress

        with Progress(transient=True) as bar:
            task = bar.add_task("Indexing", total=None)
            return update_index(
                settings.entries_dir,
                settings.index_dir,
                rebuild=rebuild,
                progress=lambda done, total: bar.update(
                    task, completed=done, total=total
                ),
            )
    except IndexUnavailable as error:
        raise click.ClickException(str(error)) from None


def with_root(problem: Problem, settings: Settings) -> Problem:
    """The problem with its path inside the entries folder (a path from here)."""
    from dataclasses import replace

    return replace(problem, path=(settings.entries_dir / problem.path).as_posix())


def ensure_index(settings: Settings) -> None:
    """Build the index if there is none yet (messages on stderr)."""
    from search.generations import current_generation

    if current_generation(settings.index_dir) is None:
        click.echo(f"Building the index in {settings.index_dir}...", err=True)
        report = run_index(settings, rebuild=False, quiet=True)
        click.echo(
            f"Indexed {report.total} entries in {report.seconds:.2f} s.", err=True
        )
