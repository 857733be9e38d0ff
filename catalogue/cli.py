"""The `catalogue` command: check, new, index, search, serve.

Commands stay thin: parse options, call a domain function, print the result.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from catalogue.collection import load_catalogue
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
@click.option(
    "--strict", is_flag=True, help="Fail on warnings too, not only on errors."
)
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
            catalogue = load_catalogue(
                path, _vocabulary_for(path, settings), path.as_posix()
            )
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


@cli.command("index")
@click.option(
    "--rebuild", is_flag=True, help="Rebuild from scratch instead of updating."
)
def index_command(rebuild: bool) -> None:
    """Bring the search index up to date (only changed files unless --rebuild)."""
    settings = _settings()
    report = _run_index(settings, rebuild, quiet=False)
    for problem in report.problems:
        click.echo(_with_root(problem, settings).format(), err=True)
    how = f"rebuilt ({report.reason})" if report.rebuilt else "updated"
    click.echo(
        f"Index {how} in {report.seconds:.2f} s: {report.total} entries;"
        f" {report.added} added, {report.updated} updated, {report.removed} removed,"
        f" {report.unchanged} unchanged; {report.invalid} file"
        f"{'s' * (report.invalid != 1)} left out."
    )


def _run_index(settings: Settings, rebuild: bool, quiet: bool):
    """Update the index, with a progress bar when stderr is a terminal."""
    from search.indexer import IndexUnavailable, update_index

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


def _with_root(problem: Problem, settings: Settings) -> Problem:
    from dataclasses import replace

    return replace(problem, path=(settings.entries_dir / problem.path).as_posix())


def ensure_index(settings: Settings) -> None:
    """Build the index if there is none yet (messages on stderr)."""
    from search.indexer import current_generation

    if current_generation(settings.index_dir) is None:
        click.echo(f"Building the index in {settings.index_dir}...", err=True)
        report = _run_index(settings, rebuild=False, quiet=True)
        click.echo(
            f"Indexed {report.total} entries in {report.seconds:.2f} s.", err=True
        )


@cli.command("search")
@click.argument("query", default="")
@click.option("--type", "types", multiple=True, help="Only this type (repeatable).")
@click.option(
    "--problem-area", multiple=True, help="Only this problem area (repeatable)."
)
@click.option("--technique", multiple=True, help="Only this AI technique (repeatable).")
@click.option(
    "--adopter", multiple=True, help="Only entries this organisation adopted."
)
@click.option("--status", multiple=True, help="Only this status (repeatable).")
@click.option("--has-code", is_flag=True, help="Only entries with reusable code.")
@click.option("--sort", type=click.Choice(["relevance", "newest", "title"]))
@click.option("--page", type=click.IntRange(1, 10_000), default=1, show_default=True)
@click.option("--per-page", type=click.IntRange(1, 100), default=10, show_default=True)
@click.option(
    "--json", "as_json", is_flag=True, help="Print the /api/search JSON shape."
)
def search_command(
    query: str,
    types: tuple[str, ...],
    problem_area: tuple[str, ...],
    technique: tuple[str, ...],
    adopter: tuple[str, ...],
    status: tuple[str, ...],
    has_code: bool,
    sort: str | None,
    page: int,
    per_page: int,
    as_json: bool,
) -> None:
    """Search the catalogue from the terminal."""
    from search.engine import SearchEngine
    from search.query import BadRequest, parse_request

    settings = _settings()
    ensure_index(settings)
    params = {
        "q": [query],
        "type": list(types),
        "problem_area": list(problem_area),
        "technique": list(technique),
        "adopter": list(adopter),
        "status": list(status),
        "has_code": ["true"] if has_code else [],
        "sort": [sort or ""],
        "page": [str(page)],
        "per_page": [str(per_page)],
    }
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

    settings = _settings()
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s"
    )
    try:
        report = _run_index(settings, rebuild=False, quiet=True)
        click.echo(
            f"Index up to date: {report.total} entries, {report.invalid} left out"
            f" ({report.seconds:.2f} s)."
        )
    except click.ClickException as error:
        from search.indexer import current_generation

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


def main() -> None:
    """Entry point of the console script."""
    cli(prog_name="catalogue")
