"""`catalogue report searches`: what people searched for and what found nothing.

Registered on the `catalogue` group by `catalogue.cli`. Reads the search log
(CATALOGUE_SEARCH_LOG) and the entries folder's vocabulary; the index, if
there is one, says which vocabulary values have entries (an alias of a value
no entry has would find nothing either).
"""

from __future__ import annotations

import json
from datetime import datetime

import click

from catalogue.cli_common import current_settings
from catalogue.config import Settings
from catalogue.search_log import read_searches
from catalogue.search_report import SearchReport, SearchSummary, build_report
from catalogue.vocabulary import load_vocabulary, vocabulary_file


@click.group("report")
def report_command() -> None:
    """Reports from what the site records."""


@report_command.command("searches")
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Only searches on or after this day (YYYY-MM-DD).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def searches_command(since: datetime | None, as_json: bool) -> None:
    """Top searches, those that found nothing or only through the fallback, and
    for each of those an alias to add to the vocabulary (with the YAML to
    paste) or "content gap"."""
    settings = current_settings()
    if settings.search_log is None:
        raise click.ClickException(
            "CATALOGUE_SEARCH_LOG is off: this site keeps no search log to report on"
        )
    day = since.date() if since else None
    rows = read_searches(settings.search_log, day)
    vocabulary, _problems = load_vocabulary(vocabulary_file(settings.entries_dir))
    report = build_report(
        rows, vocabulary, day.isoformat() if day else None, _entries_with(settings)
    )
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(format_report(report, settings))


def _entries_with(settings: Settings) -> dict[str, int] | None:
    """Vocabulary value -> entries having it, from the index (None if no index)."""
    from search.engine import SearchEngine
    from search.generations import IndexUnavailable

    try:
        counts = SearchEngine(settings.index_dir).facet_counts()
    except IndexUnavailable:
        return None
    found: dict[str, int] = {}
    for values in counts.values():
        for value in values:
            found[value.value] = found.get(value.value, 0) + value.count
    return found


def format_report(report: SearchReport, settings: Settings) -> str:
    """The report as text for a terminal."""
    if not report.searches:
        return f"No searches recorded in {settings.search_log}" + (
            f" since {report.since}." if report.since else "."
        )
    lines = [
        f"Searches from {report.first_day} to {report.last_day}:"
        f" {report.searches:,} searches, {report.queries:,} different queries.",
        "",
        "Top searches",
    ]
    lines += [_line(s) for s in report.top] or ["  (none)"]
    for title, found in (
        ("Found nothing", report.no_results),
        ("Found only through the any-word fallback", report.fallback),
    ):
        lines += ["", f"{title} ({len(found)})"]
        for summary in found:
            lines.append(_line(summary))
            lines += _proposal_lines(summary, settings)
        if not found:
            lines.append("  (none)")
    return "\n".join(lines)


def _line(summary: SearchSummary) -> str:
    hint = f"; did you mean: {summary.suggestion}" if summary.suggestion else ""
    results = f"{summary.results} result{'s' * (summary.results != 1)}"
    return f"  {summary.searches:>6,}  {summary.query}  ({results}{hint})"


def _proposal_lines(summary: SearchSummary, settings: Settings) -> list[str]:
    proposal = summary.proposal
    if proposal is None:
        return []
    if proposal.kind != "alias" or not proposal.yaml:
        return [f"          Content gap: {proposal.reason}."]
    target = (settings.entries_dir / "vocabulary.yml").as_posix()
    return [
        f"          Proposal: {proposal.reason}. Paste into {target},"
        f" under {proposal.group}:",
        *(f"          {line}" for line in proposal.yaml.rstrip("\n").split("\n")),
    ]
