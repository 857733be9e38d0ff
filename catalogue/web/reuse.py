"""The "Can we run this here?" pages: the entry page's panel, the checklist
download (`/entries/<slug>/checklist.md`) and side-by-side comparison
(`/compare?slug=a&slug=b`, two to four entries).

Comparison is a plain GET form: result pages tick "Compare" boxes named `slug`,
so it works without JavaScript. Unknown slugs (404) and fewer than two or more
than four entries (400) get a page that says what to do.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from flask import Blueprint, Response, abort, render_template, request

from catalogue.checklist import (
    MEDICAL_DEVICE_TEXT,
    NOT_RECORDED,
    RUNS_ON_TEXT,
    SAMPLE_DATA_TEXT,
    Section,
    checklist,
    to_markdown,
)
from catalogue.facets import BY_PARAM
from catalogue.model import Entry
from catalogue.web.feeds import site_url
from catalogue.web.site import get_site

bp = Blueprint("reuse", __name__)

MIN_COMPARE, MAX_COMPARE = 2, 4
#: Slugs looked at in one request; any more are not even looked up.
MAX_SLUGS = 20
SLUG_SHOWN = 60  # characters of an unknown slug repeated on the page

Cell = list[dict[str, str]]  # each part: {"text": ..., "href": ...?}
#: "Try without patient data" in a comparison: the checklist's words, shorter.
SAMPLE_DATA_SHORT = {
    value: ("No: " if value == "none" else "Yes: ") + text.split(": ", 1)[1]
    for value, text in SAMPLE_DATA_TEXT.items()
}


@bp.app_context_processor
def helpers() -> dict[str, Any]:
    """`reuse_panel_sections(entry)` for the entry page."""
    return {"reuse_panel_sections": reuse_panel}


def reuse_panel(entry: Entry) -> tuple[Section, ...]:
    """The sections of the entry page's "Can we run this here?" panel."""
    return checklist(entry, get_site().catalogue().vocabulary)


@bp.get("/entries/<slug>/checklist.md")
def checklist_download(slug: str) -> Response:
    """The entry's checklist as a Markdown file to download."""
    catalogue = get_site().catalogue()
    found = catalogue.get(slug)
    if found is None:
        abort(404)
    text = to_markdown(
        found, catalogue.vocabulary, site_url() + found.url, date.today()
    )
    response = Response(text, content_type="text/markdown; charset=utf-8")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{found.slug}-checklist.md"'
    )
    return response


@bp.get("/compare")
def compare() -> tuple[str, int]:
    """Two to four entries side by side: reuse needs, code, adopters, readiness."""
    catalogue = get_site().catalogue()
    asked = request.args.getlist("slug")[:MAX_SLUGS]
    slugs = list(dict.fromkeys(s.strip() for s in asked if s.strip()))
    entries = [e for s in slugs if (e := catalogue.get(s))]
    unknown = [s[:SLUG_SHOWN] for s in slugs if catalogue.get(s) is None]
    problems, status = [], 200
    if unknown:
        names = ", ".join(f"‘{s}’" for s in unknown)
        problems.append(
            f"There is no entry called {names}. Check the address, or choose"
            " entries from the search page."
        )
        status = 404
    if len(entries) > MAX_COMPARE:
        problems.append(
            f"You chose {len(entries)} entries. You can compare up to four at a"
            " time: untick some and compare again."
        )
        status = status if unknown else 400
    elif slugs and len(entries) < MIN_COMPARE:
        problems.append(
            "Choose at least two entries to compare: tick “Compare” beside them"
            " on the search page."
        )
        status = status if unknown else 400
    ok = not problems and len(entries) >= MIN_COMPARE
    return render_template(
        "pages/compare.html",
        entries=entries,
        problems=problems,
        rows=comparison_rows(entries) if ok else [],
        max_compare=MAX_COMPARE,
    ), status


def comparison_rows(entries: list[Entry]) -> list[dict[str, Any]]:
    """Each row of the comparison: a label and one cell per entry."""
    vocabulary = get_site().catalogue().vocabulary
    panels = [checklist(e, vocabulary) for e in entries]

    def row(label: str, cells: list[Cell]) -> dict[str, Any]:
        return {"label": label, "cells": cells}

    def governance(panel: tuple[Section, ...]) -> Cell:
        section = next(s for s in panel if s.title == "Information governance")
        return [
            {"text": i.text + (f" ({i.level})" if i.level else "")}
            for i in section.items
            if i.recorded
        ]

    reuse = [e.reuse for e in entries]
    return [
        row("Type", [_label("type", e.type) for e in entries]),
        row("Status", [_label("status", e.status) for e in entries]),
        row("Lead organisation", [_text(e.organisation) for e in entries]),
        row(
            "Technology readiness level",
            [
                _text(r and r.readiness_level and f"{r.readiness_level} of 9")
                for r in reuse
            ],
        ),
        row("Reusable code", [_code(e) for e in entries]),
        row(
            "Adopted by",
            [
                [
                    {"text": a.organisation + (f" ({a.status})" if a.status else "")}
                    for a in e.adopters
                ]
                or [{"text": "None recorded"}]
                for e in entries
            ],
        ),
        row(
            "Data needed",
            [
                [
                    {
                        "text": d.name
                        + (" (person-level records)" if d.patient_level else "")
                    }
                    for d in (r.data if r else ())
                ]
                for r in reuse
            ],
        ),
        row(
            "Try without patient data",
            [
                _text(r and r.sample_data and SAMPLE_DATA_SHORT[r.sample_data])
                for r in reuse
            ],
        ),
        row("Information governance", [governance(p) for p in panels]),
        row("Skills", [_texts(r.skills if r else ()) for r in reuse]),
        row("Effort", [_text(r and r.effort) for r in reuse]),
        row(
            "Runs on",
            [_texts(RUNS_ON_TEXT[v] for v in (r.runs_on if r else ())) for r in reuse],
        ),
        row(
            "Medical device",
            [
                _text(
                    r and r.medical_device and MEDICAL_DEVICE_TEXT[r.medical_device][0]
                )
                for r in reuse
            ],
        ),
        row(
            "Checklist",
            [
                [
                    {
                        "text": "Download the checklist",
                        "href": f"{e.url}/checklist.md",
                        "hidden": f" for {e.title}",
                    }
                ]
                for e in entries
            ],
        ),
    ]


def _text(value: Any) -> Cell:
    return [{"text": str(value)}] if value else []


def _texts(values: Iterable[str]) -> Cell:
    return [{"text": value} for value in values]


def _code(entry: Entry) -> Cell:
    if entry.code is None:
        return [{"text": "None published"}]
    parts = [
        {"text": entry.code.url.split("://", 1)[-1].rstrip("/"), "href": entry.code.url}
    ]
    parts.append({"text": f"Licence: {entry.code.licence or NOT_RECORDED.lower()}"})
    if entry.code.language:
        parts.append({"text": f"Language: {entry.code.language}"})
    evidence = entry.code.evidence
    if evidence:
        parts.append(
            {"text": f"Evidence: tier {evidence['tier']} of 4, {evidence['label']}"}
        )
    return parts


def _label(facet: str, value: str | None) -> Cell:
    return _text(BY_PARAM[facet].value_label(value) if value else None)
