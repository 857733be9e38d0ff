"""`catalogue new`: a new entry file with every field present and explained."""

from __future__ import annotations

from pathlib import Path

import yaml

from catalogue.loader import SKIPPED_NAMES, find_entry_files
from catalogue.model import ADOPTER_STATUSES, STATUSES, TYPES, slugify

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

TEMPLATE = """\
---
# Required. The name people will recognise; shown as the page heading.
title: {title}
# Required. One or two plain-English sentences, at most 300 characters,
# shown in search results. Say what problem it solves and for whom.
summary:
# Required. One of: {types}.
type: {type}
# Optional. How far it got: {statuses}.
status:
# Optional. When it started, was published or was held: YYYY, YYYY-MM or YYYY-MM-DD.
date:
# Filters. Use names from entries/vocabulary.yml (an alias such as NLP also works;
# `catalogue check` suggests the closest name). Write [] for none, or [A, B].
problem_areas: []
techniques: []
# Free keywords people might search for (not a filter).
tags: []
# The lead organisation, and others who took part (names from vocabulary.yml).
organisation:
partners: []
# Reusable code: delete the three lines under `code:` (and leave `code:` empty)
# if there is none. licence is an SPDX id such as MIT or Apache-2.0.
code:
#  url: https://github.com/...
#  licence: MIT
#  language: Python
# Organisations re-using this work. status: {adopter_statuses};
# since: YYYY, YYYY-MM or YYYY-MM-DD. Example:
#  - organisation: Nottingham University Hospitals NHS Trust
#    status: adapting
#    since: 2021-11
adopters: []
# Slugs (file names without .md) of related entries: a project's case study,
# webinar or workshop. The link is shown on both pages.
related: []
# External pages: case study, report, recording, slides. Example:
#  - title: Technical report
#    url: https://example.org/report.pdf
links: []
# Webinars, workshops and meet-ups only: when it was held and where to catch up.
event:
#  date: 2021-10-12
#  recording: https://...
#  slides: https://...
---
{body}"""


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
