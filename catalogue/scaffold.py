"""`catalogue new`: a new entry file with every field present and explained."""

from __future__ import annotations

from pathlib import Path

import yaml

from catalogue.fields import FIELDS
from catalogue.loader import SKIPPED_NAMES, find_entry_files
from catalogue.model import (
    ADOPTER_STATUSES,
    MEDICAL_DEVICE,
    RUNS_ON,
    SAMPLE_DATA,
    STATUSES,
    TYPES,
)
from catalogue.text import slugify

#: Longest file name made from a title (file systems refuse names over 255 bytes).
MAX_SLUG = 80


class ScaffoldError(Exception):
    """The entry cannot be created; the message says why and what to do."""


_BODIES = {
    "project": ("The problem", "What was built", "Results", "Reusing it"),
    "case-study": (
        "The challenge",
        "How the work ran",
        "What came out",
        "Lessons for other Trusts",
    ),
    "webinar": ("What it covered", "Speakers", "Who it is for", "Recording and slides"),
    "playbook": ("Who it is for", "How to run it", "What you need", "Results so far"),
    "guidance": ("Who it is for", "What to do", "Find out more"),
}

#: The template: every field's lines from its declaration, then the body.
TEMPLATE = "---\n" + "\n".join(f.template for f in FIELDS) + "\n---\n{body}"


def render_template(entry_type: str, title: str) -> str:
    """The text of a new entry of a type, with the title filled in."""
    if entry_type not in TYPES:
        raise ScaffoldError(
            f"unknown type '{entry_type}': use one of {', '.join(TYPES)}"
        )
    if not title.strip():
        raise ScaffoldError(
            'give the entry a title, such as: catalogue new project "Bed finder"'
        )
    quoted = yaml.safe_dump(title.strip(), allow_unicode=True, width=10_000)
    quoted = quoted.removesuffix("\n...\n").strip()
    body = "\n".join(
        f"## {heading}\n\nWrite here.\n" for heading in _BODIES[entry_type]
    )
    return TEMPLATE.format(
        title=quoted,
        type=entry_type,
        types=", ".join(TYPES),
        statuses=", ".join(STATUSES),
        adopter_statuses=", ".join(ADOPTER_STATUSES),
        sample_data=" | ".join(SAMPLE_DATA),
        runs_on=", ".join(RUNS_ON),
        medical_device=" | ".join(MEDICAL_DEVICE),
        body=body,
    )


def create_entry(entries_dir: Path, entry_type: str, title: str) -> Path:
    """Write `entries/<slug>.md` from the template; never overwrite or reuse a slug."""
    text = render_template(entry_type, title)
    slug = _file_slug(title)
    if not slug:
        raise ScaffoldError(
            "the title has no letters or digits to make a file name from"
        )
    if f"{slug}.md" in SKIPPED_NAMES:
        raise ScaffoldError(
            f"{slug}.md would be read as notes, not as an entry: choose another title"
        )
    target = entries_dir / f"{slug}.md"
    taken = (
        next((p for p in find_entry_files(entries_dir) if p.stem == slug), None)
        if entries_dir.is_dir()
        else None
    )
    if target.exists() or taken:
        raise ScaffoldError(
            f"{taken or target} already exists: choose another title, or edit that file"
        )
    entries_dir.mkdir(parents=True, exist_ok=True)
    with target.open(
        "x", encoding="utf-8"
    ) as out:  # "x": never overwrite, even in a race
        out.write(text)
    return target


def _file_slug(title: str) -> str:
    """The title's slug, cut at a word break if it is longer than MAX_SLUG."""
    slug = slugify(title)
    if len(slug) <= MAX_SLUG:
        return slug
    cut = slug[: MAX_SLUG + 1].rsplit("-", 1)[0]
    return cut if "-" in slug[: MAX_SLUG + 1] else slug[:MAX_SLUG]
