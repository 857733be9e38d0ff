"""The evidence file, `entries/evidence.json`: every entry's last evidence, committed.

It is committed beside the entries so that the site works offline and shows
when each repository was checked; `catalogue evidence` rewrites it and a
weekly workflow proposes the changes in a pull request. It is JSON, not an
entry (entry files are `*.md`), sorted and indented so that a change reads
well in review:

```json
{
  "about": "...",
  "format": 1,
  "entries": {
    "long-stay": {
      "url": "https://github.com/nhsx/skunkworks-long-stayer-risk-stratification",
      "commit": "61937a6...",
      "checked_at": "2026-01-05T06:00:00Z",
      "tier": 2, "label": "Documented and installable",
      "facts": {...}, "reasons": [...], "problems": [...]
    }
  }
}
```

A repository that cannot be reached keeps its previous record, which gains
`last_error` (the reason) and `last_tried_at`; nothing is lost. A record for a
URL that the entry no longer has is not the entry's evidence (`evidence_for`).

Nothing here imports a framework; paths are passed in.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from catalogue.model import Entry
from catalogue.problems import WARNING, Problem, problem_from_dict

# The inspection machinery (git, README and licence readers) is imported where
# a record is read or refreshed, not here: `catalogue index` on a folder
# without code evidence never loads it, and the command starts sooner.
if TYPE_CHECKING:
    from catalogue.evidence import Evidence
    from catalogue.gitrepo import RepositoryError

#: The evidence file's name in the entries folder.
EVIDENCE_FILE = "evidence.json"
FORMAT = 1
ABOUT = (
    "Evidence tiers of each entry's code repository, measured by"
    " `catalogue evidence` (docs/evidence.md). Do not edit by hand: run the"
    " command, or let the weekly workflow propose the changes."
)

#: slug -> record, as stored.
Records = dict[str, dict[str, Any]]


class EvidenceFileError(Exception):
    """The evidence file exists but cannot be used, with what to do about it."""


def load_evidence(path: Path) -> Records:
    """Every record by slug; an empty mapping when the file does not exist yet."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as error:
        raise EvidenceFileError(f"{path}: cannot be read ({error})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise EvidenceFileError(
            f"{path}:{error.lineno}: not valid JSON ({error.msg}); restore it"
            " from git (git checkout -- the file) and run `catalogue evidence`"
        ) from None
    entries = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(entries, dict) or not all(
        isinstance(v, dict) for v in entries.values()
    ):
        raise EvidenceFileError(
            f"{path}: has no `entries` mapping of slug to record; restore it from git"
        )
    return {str(slug): dict(record) for slug, record in entries.items()}


def save_evidence(path: Path, records: Mapping[str, Mapping[str, Any]]) -> None:
    """Write every record, sorted and indented, replacing the file atomically."""
    data = {"about": ABOUT, "format": FORMAT, "entries": dict(records)}
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".evidence-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def record_of(evidence: Evidence) -> dict[str, Any]:
    """The stored form of an entry's evidence."""
    facts = evidence.facts.to_dict()
    commit = facts.pop("commit")
    return {
        "url": evidence.source_url,
        "commit": commit,
        "checked_at": evidence.checked_at,
        "tier": evidence.tier,
        "label": evidence.label,
        "facts": facts,
        "reasons": [reason.to_dict() for reason in evidence.reasons],
        "problems": [problem.to_dict() for problem in evidence.problems],
    }


def failed_record(
    previous: Mapping[str, Any] | None,
    url: str,
    error: RepositoryError,
    tried_at: str,
) -> dict[str, Any]:
    """The previous record kept as it was, plus why and when the last try failed."""
    record = dict(previous) if previous else {"url": url}
    record["last_error"] = str(error)
    record["last_tried_at"] = tried_at
    return record


def evidence_from_record(record: Mapping[str, Any]) -> Evidence | None:
    """The Evidence a record holds; None for a record of failures only."""
    if not isinstance(record.get("tier"), int):
        return None
    from catalogue.evidence import Evidence, Facts, Reason

    facts = dict(record.get("facts") or {})
    facts["commit"] = record.get("commit")
    return Evidence(
        tier=record["tier"],
        label=str(record.get("label", "")),
        checked_at=str(record.get("checked_at", "")),
        facts=Facts.from_dict(facts),
        source_url=str(record.get("url", "")),
        problems=tuple(problem_from_dict(p) for p in record.get("problems", ())),
        reasons=tuple(Reason(**r) for r in record.get("reasons", ())),
    )


def evidence_for(
    records: Mapping[str, Mapping[str, Any]], entry: Entry
) -> Evidence | None:
    """An entry's evidence, if its record is about the code URL the entry has now."""
    record = records.get(entry.slug)
    if record is None or entry.code is None or record.get("url") != entry.code.url:
        return None
    return evidence_from_record(record)


@dataclass(frozen=True)
class Outcome:
    """What checking one entry gave: new evidence, or an error and what was kept."""

    slug: str
    evidence: Evidence | None = None  # the new evidence, when the check worked
    error: RepositoryError | None = None  # why it did not
    kept: Evidence | None = None  # the previous evidence, kept after an error
    problems: tuple[Problem, ...] = ()  # warnings for the entry


def refresh_evidence(
    entries: Iterable[Entry],
    records: Records,
    cache_dir: Path,
    *,
    checked_at: str | None = None,
    timeout: float | None = None,
    max_bytes: int | None = None,
) -> Iterator[Outcome]:
    """Check each entry's repository in turn, updating `records` as it goes.

    An entry whose repository cannot be cloned or read keeps its previous
    record, with `last_error` and `last_tried_at` added. `timeout` and
    `max_bytes` default to the evidence module's limits.
    """
    from catalogue.evidence import (
        DEFAULT_MAX_BYTES,
        DEFAULT_TIMEOUT,
        check_entry,
        utc_now,
    )
    from catalogue.gitrepo import RepositoryError

    timeout = DEFAULT_TIMEOUT if timeout is None else timeout
    max_bytes = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    for entry in entries:
        now = checked_at or utc_now()
        url = entry.code.url if entry.code else ""
        try:
            evidence = check_entry(
                entry, cache_dir, checked_at=now, timeout=timeout, max_bytes=max_bytes
            )
        except RepositoryError as error:
            records[entry.slug] = failed_record(
                records.get(entry.slug), url, error, now
            )
            kept = evidence_from_record(records[entry.slug])
            if kept and kept.source_url != url:
                kept = None  # about a URL the entry no longer has
            problem = repository_problem(entry, error, kept)
            yield Outcome(entry.slug, error=error, kept=kept, problems=(problem,))
        else:
            records[entry.slug] = record_of(evidence)
            yield Outcome(entry.slug, evidence=evidence, problems=evidence.problems)


def repository_problem(
    entry: Entry, error: RepositoryError, kept: Evidence | None
) -> Problem:
    """A warning for an entry whose repository could not be checked, with the fix."""
    url = entry.code.url if entry.code else ""
    keeping = (
        f"the evidence checked on {kept.checked_on} is kept meanwhile"
        if kept
        else "no evidence is recorded until it can be checked"
    )
    if error.kind == "gone":
        message = f"the repository {url} is gone: {error.message}"
        fix = (
            "update `code.url` to where the code lives now, or remove `code:` if"
            f" it was withdrawn; {keeping}"
        )
    elif error.kind == "refused":
        message = f"the repository URL is not allowed: {error.message}"
        fix = f"give the repository's https:// address in `code.url`; {keeping}"
    elif error.kind == "too-big":
        message = f"the repository {url} is too big to check: {error.message}"
        fix = f"nothing to fix in the entry; {keeping}"
    else:
        message = f"the repository {url} could not be checked: {error}"
        fix = f"try again later; {keeping}"
    return Problem(entry.path, None, "code.url", message, fix, WARNING)


def stale_slugs(records: Mapping[str, Any], keep: Iterable[str]) -> list[str]:
    """Slugs of records to drop after a full run: entries gone, or without code.

    `keep` holds the slugs of entries with code, and of entry files that
    could not be read this time (so a broken file does not lose its record).
    """
    kept = set(keep)
    return sorted(slug for slug in records if slug not in kept)
