"""`catalogue evidence`: check each entry's code repository, record its tier.

Registered on the `catalogue` group by `catalogue.cli`.
"""

from __future__ import annotations

import sys

import click

from catalogue.cli_common import current_settings, with_root
from catalogue.collection import load_catalogue


@click.command("evidence")
@click.argument("slugs", nargs=-1)
def evidence_command(slugs: tuple[str, ...]) -> None:
    """Check each entry's code repository and record its evidence tier.

    Clones each `code.url` (default: every entry with code) with git into the
    evidence cache, inspects it and writes entries/evidence.json. git's own
    configuration applies: credentials, proxies and `url.<base>.insteadOf`
    mirrors. A repository that cannot be reached keeps its previous evidence.
    Exits 1 if any repository could not be checked.
    """
    from catalogue.evidence_store import (
        EVIDENCE_FILE,
        EvidenceFileError,
        load_evidence,
        refresh_evidence,
        save_evidence,
        stale_slugs,
    )
    from catalogue.loader import find_entry_files

    settings = current_settings()
    catalogue = load_catalogue(settings.entries_dir)
    path = settings.entries_dir / EVIDENCE_FILE
    try:
        records = load_evidence(path)
    except EvidenceFileError as error:
        raise click.ClickException(str(error)) from None
    with_code = {s: e for s, e in catalogue.entries.items() if e.code}
    refused = 0
    for slug in dict.fromkeys(slugs):
        if slug not in with_code:
            refused += 1
            why = (
                "has no `code:` block"
                if slug in catalogue.entries
                else "is not a valid entry (run `catalogue check`)"
            )
            click.echo(f"{slug}: error: {why}")
    chosen = [with_code[s] for s in dict.fromkeys(slugs) if s in with_code]
    recorded = failed = 0
    for outcome in refresh_evidence(
        chosen if slugs else with_code.values(), records, settings.evidence_cache
    ):
        if outcome.evidence:
            recorded += 1
            evidence = outcome.evidence
            click.echo(f"{outcome.slug}: tier {evidence.tier} {evidence.label}")
        else:
            failed += 1
            kept = (
                f"kept tier {outcome.kept.tier} from {outcome.kept.checked_on}"
                if outcome.kept
                else "nothing recorded yet"
            )
            click.echo(f"{outcome.slug}: failed: {outcome.error} ({kept})")
        for problem in outcome.problems:
            click.echo(with_root(problem, settings).format(), err=True)
    if not slugs:  # a full run: drop records of entries deleted or without code
        files = {p.stem for p in find_entry_files(settings.entries_dir)}
        unreadable = files - set(catalogue.entries)
        for slug in stale_slugs(records, set(with_code) | unreadable):
            del records[slug]
    save_evidence(path, records)
    checked = recorded + failed
    click.echo(
        f"Checked {checked} repositor{'ies' if checked != 1 else 'y'}:"
        f" {recorded} recorded, {failed} failed (previous evidence kept);"
        f" wrote {path.as_posix()}."
    )
    if failed or refused:
        sys.exit(1)
