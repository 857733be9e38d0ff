"""The `catalogue` command: check, new, index, search, serve, evidence, report.

Commands stay thin: parse options, call a domain function, print the result.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from catalogue.cli_common import (
    current_settings,
    ensure_index,
    run_index,
    with_root,
)
from catalogue.cli_evidence import evidence_command
from catalogue.cli_report import report_command
from catalogue.collection import Catalogue, load_catalogue
from catalogue.config import Settings, load_settings
from catalogue.facets import FACETS
from catalogue.model import TYPES
from catalogue.problems import Problem
from catalogue.scaffold import ScaffoldError, create_entry
from catalogue.vocabulary import BUNDLED, FILE_NAME
from search.documents import document_and_words
from search.query import SORTS


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.pass_context
def cli(ctx: click.Context) -> None:
    """The NHS AI use-case catalogue: check, index, search and serve entries."""
    ctx.obj = load_settings()


@cli.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--strict", is_flag=True, help="Fail on warnings too, not only on errors."
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "github"]),
    default="text",
    show_default=True,
    help="`github`: each problem as a GitHub Actions annotation on its line.",
)
@click.option(
    "--base",
    metavar="REF",
    help="Also report entry files deleted since this git revision (retire them"
    " instead).",
)
def check_command(
    paths: tuple[Path, ...], strict: bool, output_format: str, base: str | None
) -> None:
    """Validate entries; print `path:line: field: message` and a fix for each problem.

    PATHS are entry files or folders (default: the entries folder). Exits 1
    if any error is found (with --strict, any warning too). With --base REF,
    an entry file that existed at git revision REF and is gone is an error.
    """
    settings = current_settings()
    paths = paths or (settings.entries_dir,)
    for folder in sorted({p if p.is_dir() else p.parent for p in paths if p.exists()}):
        if _vocabulary_for(folder, settings) == BUNDLED:
            click.echo(
                f"{folder.as_posix()} has no {FILE_NAME}: using the bundled"
                f" vocabulary, {BUNDLED}",
                err=True,
            )
    problems, files, invalid = check_paths(paths, settings)
    if base:
        problems += _deleted_since(base, paths)
    for problem in problems:
        shown = problem.format_github() if output_format == "github" else None
        click.echo(shown or problem.format())
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    click.echo(
        f"Checked {files} file{'s' * (files != 1)}: {files - invalid} valid,"
        f" {invalid} left out; {errors} error{'s' * (errors != 1)},"
        f" {warnings} warning{'s' * (warnings != 1)}."
    )
    if errors or (strict and warnings):
        sys.exit(1)


def check_paths(
    paths: tuple[Path, ...], settings: Settings
) -> tuple[list[Problem], int, int]:
    """Problems, files read and files left out, for folders and single files."""
    problems: list[Problem] = []
    files = invalid = 0
    for path in paths:
        if path.is_dir() or not path.exists():
            catalogue = _check_catalogue(path, settings, path.as_posix())
            problems += catalogue.problems
            files, invalid = files + catalogue.files, invalid + catalogue.invalid
        else:
            found, bad = _check_file(path, settings)
            problems += found
            files, invalid = files + 1, invalid + bad
    return problems, files, invalid


def _deleted_since(base: str, paths: tuple[Path, ...]) -> list[Problem]:
    """Entry files under the folders checked that git had at `base` and are gone."""
    from catalogue.deletions import GitError, deleted_entries

    problems: list[Problem] = []
    for folder in dict.fromkeys(p for p in paths if p.is_dir()):
        try:
            problems += deleted_entries(folder, base, folder.as_posix())
        except GitError as error:
            raise click.ClickException(str(error)) from None
    return problems


def _vocabulary_for(folder: Path, settings: Settings) -> Path:
    """The folder's own vocabulary, else the entries folder's, else the bundled one."""
    for candidate in (folder / FILE_NAME, settings.entries_dir / FILE_NAME):
        if candidate.exists() or candidate.is_symlink():
            return candidate
    return BUNDLED


def _check_catalogue(folder: Path, settings: Settings, shown_root: str) -> Catalogue:
    """Everything `catalogue index` does to the entries of a folder, but write."""
    catalogue = load_catalogue(folder, _vocabulary_for(folder, settings), shown_root)
    for entry in catalogue.entries.values():
        document_and_words(entry)
    return catalogue


def _check_file(path: Path, settings: Settings) -> tuple[list[Problem], int]:
    """Check one file against the catalogue it belongs to (for related slugs)."""
    root = settings.entries_dir
    try:
        relpath = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:  # a file outside the entries folder: its folder is its catalogue
        root, relpath = path.parent, path.name
    shown_root = path.as_posix()[: -len(relpath)].rstrip("/")
    catalogue = _check_catalogue(root, settings, shown_root)
    mine = [p for p in catalogue.problems if p.path == path.as_posix()]
    slug = path.stem
    left_out = catalogue.get(slug) is None or catalogue.entries[slug].path != relpath
    return mine, int(left_out)


@cli.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of an entry's front matter (editors use it as you type)."""
    from catalogue.front_matter_schema import schema_text

    click.echo(schema_text(), nl=False)


@cli.command("new")
@click.argument("entry_type", metavar="TYPE", type=click.Choice(TYPES))
@click.argument("title")
def new_command(entry_type: str, title: str) -> None:
    """Write entries/<slug>.md from a template with every field explained."""
    try:
        path = create_entry(current_settings().entries_dir, entry_type, title)
    except ScaffoldError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Created {path}")
    click.echo(f"Fill in the summary and the rest, then run: catalogue check {path}")


@cli.command("index")
@click.option(
    "--rebuild", is_flag=True, help="Rebuild from scratch instead of updating."
)
def index_command(rebuild: bool) -> None:
    """Bring the search index up to date (only changed files unless --rebuild)."""
    settings = current_settings()
    report = run_index(settings, rebuild, quiet=False)
    for problem in report.problems:
        click.echo(with_root(problem, settings).format(), err=True)
    how = f"rebuilt ({report.reason})" if report.rebuilt else "updated"
    click.echo(
        f"Index {how} in {report.seconds:.2f} s: {report.total} entries;"
        f" {report.added} added, {report.updated} updated, {report.removed} removed,"
        f" {report.unchanged} unchanged; {report.invalid} file"
        f"{'s' * (report.invalid != 1)} left out."
    )


def _facet_options(command: Callable[..., None]) -> Callable[..., None]:
    """A `catalogue search` option per facet: a flag for yes/no facets."""
    for facet in reversed(FACETS):
        option = click.option(
            facet.cli_option,
            facet.param,
            is_flag=facet.boolean,
            multiple=not facet.boolean,
            help=facet.cli_help,
        )
        command = option(command)
    return command


@cli.command("search")
@click.argument("query", default="")
@_facet_options
@click.option("--sort", type=click.Choice(list(SORTS)))
@click.option("--page", type=click.IntRange(1, 10_000), default=1, show_default=True)
@click.option("--per-page", type=click.IntRange(1, 100), default=10, show_default=True)
@click.option(
    "--json", "as_json", is_flag=True, help="Print the /api/search JSON shape."
)
def search_command(
    query: str,
    sort: str | None,
    page: int,
    per_page: int,
    as_json: bool,
    **facets: Any,
) -> None:
    """Search the catalogue from the terminal."""
    from search.engine import SearchEngine
    from search.query import BadRequest, parse_request

    settings = current_settings()
    ensure_index(settings)
    params: dict[str, list[str]] = {
        "q": [query],
        "sort": [sort or ""],
        "page": [str(page)],
        "per_page": [str(per_page)],
    }
    for facet in FACETS:
        chosen = facets[facet.param]
        if facet.boolean:
            params[facet.param] = ["true"] if chosen else []
        else:
            params[facet.param] = list(chosen)
    engine = SearchEngine(settings.index_dir)
    try:
        results = engine.search(parse_request(params, engine.canonical_values()))
    except BadRequest as error:
        raise click.ClickException(error.message) from None
    if as_json:
        click.echo(json.dumps(results.to_dict(), indent=2, ensure_ascii=False))
        return
    _print_results(results)


def _print_results(results) -> None:
    import html
    import re

    if results.suggestion:
        click.echo(f"Did you mean: {results.suggestion}?")
    click.echo(
        f"{results.total} result{'s' * (results.total != 1)}"
        f" (page {results.request.page} of {results.pages})"
    )
    first = (results.request.page - 1) * results.request.per_page
    for number, hit in enumerate(results.hits, start=first + 1):
        data = hit.data
        click.echo(
            f"\n{number}. "
            + click.style(data["title"], bold=True)
            + f"  [{data['type']}] /entries/{data['slug']}"
        )
        snippet = re.sub(r"</?mark>", "", hit.highlights)
        click.echo(f"   {html.unescape(snippet)}")
        if hit.missing:  # a long query: the words this entry lacks
            click.echo(f"   Missing: {', '.join(hit.missing)}")


@cli.command("serve")
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on."
)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--watch", is_flag=True, help="Re-index entries as they are edited.")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64))
def serve_command(host: str, port: int, watch: bool, threads: int) -> None:
    """Refresh the index if needed and serve the site (with waitress)."""
    import logging

    from waitress import serve

    from catalogue.app import create_app, warn_if_unsafe
    from catalogue.watch import EntryWatcher

    settings = current_settings()
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s"
    )
    try:
        report = run_index(settings, rebuild=False, quiet=True)
        click.echo(
            f"Index up to date: {report.total} entries, {report.invalid} left out"
            f" ({report.seconds:.2f} s)."
        )
    except click.ClickException as error:
        from search.generations import current_generation

        if current_generation(settings.index_dir) is None:
            raise  # nothing to serve
        # A read-only index or a missing entries folder: serve the last good index.
        click.echo(f"Warning: {error.message}; serving the existing index.", err=True)
    app = create_app()
    if host not in ("127.0.0.1", "localhost", "::1"):
        warn_if_unsafe(app)  # reachable from other machines: say what is unsafe
    watcher = None
    if watch:
        watcher = EntryWatcher(settings.entries_dir, settings.index_dir)
        watcher.start()
        click.echo(f"Watching {settings.entries_dir} for changes.")
    click.echo(f"Serving the catalogue on http://{host}:{port}/ (Ctrl+C to stop)")
    try:
        serve(app, host=host, port=port, threads=threads, ident="catalogue")
    finally:
        if watcher:
            watcher.stop()


cli.add_command(evidence_command)  # defined in catalogue/cli_evidence.py
cli.add_command(report_command)  # defined in catalogue/cli_report.py


def main() -> None:
    """Entry point of the console script."""
    cli(prog_name="catalogue")
