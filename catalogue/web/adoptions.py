"""Adoption on the site: the entry page's timeline and "Tried and stopped",
tombstones and successors, organisations by ODS code, recent events on the
home page, `/adoptions.atom` and the ATRS draft (`/entries/<slug>/atrs.md`).

Every view reads the adoption events of `catalogue.adoption`, so the pages,
the feed and the API agree. Markup lives in `templates/pages/_adoption.html`,
`_retired.html`, `_recent_adoptions.html` and `_organisation_adoptions.html`,
which call the helpers below.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from flask import Blueprint, Response, abort, redirect, request, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from catalogue.adoption import AdoptionEvent, adopter_spans, adoption_events
from catalogue.atrs import Draft, atrs_markdown
from catalogue.collection import Catalogue, Organisation
from catalogue.facets import ADOPTION_NAMES
from catalogue.model import STOPPED, Adopter, Entry
from catalogue.text import slugify, strip_control
from catalogue.web.feeds import new_feed, site_url
from catalogue.web.site import get_site

bp = Blueprint("adoptions", __name__)

FEED_EVENTS = 100  # events in /adoptions.atom
RECENT_EVENTS = 5  # events on the home page
TIMELINE_WIDTH = 600  # SVG user units
#: Fill of each status on the timeline (NHS identity colours); the text
#: equivalent beside it says the same in words.
STATUS_COLOURS = {
    "exploring": "#768692",
    "adapting": "#005eb8",
    "piloting": "#330072",
    "in-use": "#007f3b",
    "stopped": "#d5281b",
}


def status_name(status: str | None) -> str:
    """`in-use` -> `In use`, `stopped` -> `Tried and stopped`."""
    return ADOPTION_NAMES.get(status or "", status or "Not recorded")


@bp.app_context_processor
def helpers() -> dict[str, Any]:
    """What the adoption templates call."""
    return {
        "adoption_panel": adoption_panel,
        "retirement_panel": retirement_panel,
        "recent_adoptions": recent_adoptions,
        "organisation_adoptions": organisation_adoptions,
        "adoption_status_name": status_name,
    }


# --- the entry page -------------------------------------------------------------------


def adoption_panel(entry: Entry) -> dict[str, Any]:
    """The entry page's adoption section: current adopters with timelines,
    those who tried and stopped, and the snippet to report a reuse."""
    today = dt.date.today()
    return {
        "current": entry.reusing,
        "stopped": [a for a in entry.adopters if a.stopped],
        "timelines": timelines(entry.adopters, today),
        "snippet": reuse_snippet(entry, today),
    }


def timelines(adopters: Iterable[Adopter], today: dt.date) -> list[dict[str, Any]]:
    """Each dated adopter's spans as SVG rectangles on one shared time axis."""
    rows = [(a, adopter_spans(a, today)) for a in adopters]
    rows = [(a, spans) for a, spans in rows if spans]
    if not rows:
        return []
    start = min(spans[0].start.first_day for _a, spans in rows)
    start = dt.date(start.year, 1, 1)
    days = max(1, (today - start).days)

    def x(day: dt.date) -> float:
        return round((day - start).days / days * TIMELINE_WIDTH, 1)

    ticks = [
        {"x": x(dt.date(year, 1, 1)), "label": str(year)}
        for year in range(start.year, today.year + 1)
    ]
    found = []
    for adopter, spans in rows:
        bars = [
            {
                "x": x(s.start.first_day),
                "width": max(3.0, round(x(s.end) - x(s.start.first_day), 1)),
                "colour": STATUS_COLOURS.get(s.status, "#425563"),
                "span": s,
                "label": status_name(s.status),
            }
            for s in spans
        ]
        found.append(
            {
                "adopter": adopter,
                "id": "timeline-" + slugify(adopter.organisation),
                "bars": bars,
                "ticks": ticks,
                "summary": timeline_summary(adopter.organisation, spans),
            }
        )
    return found


def timeline_summary(organisation: str, spans: list[Any]) -> str:
    """The timeline in one sentence, for the SVG's title."""
    parts = [f"{status_name(s.status).lower()} from {s.start}" for s in spans]
    return f"{organisation}: " + ", then ".join(parts)


def reuse_snippet(entry: Entry, today: dt.date) -> str:
    """YAML to add under the entry's `adopters:` for those who edit the file."""
    month = f"{today.year:04d}-{today.month:02d}"
    lines = [
        "  - organisation: Full name of your organisation",
        "    status: exploring",
        f"    since: {month}",
        "    history:",
        f"      - {{status: exploring, date: {month}, note: How you found it}}",
        "    changes: What you changed to make it fit",
        "    outcome: What happened, with figures where you have them",
        "    contact: team.mailbox@nhs.net",
    ]
    head = [] if entry.adopters else ["adopters:"]
    return "\n".join(head + lines)


def retirement_panel(entry: Entry) -> dict[str, Any]:
    """A retired entry's successor, and the retired entries this one replaces."""
    catalogue = get_site().catalogue()
    successor = (
        catalogue.get(entry.retired.superseded_by)
        if entry.retired and entry.retired.superseded_by
        else None
    )
    replaces = [
        found
        for slug in catalogue.successors.get(entry.slug, ())
        if (found := catalogue.get(slug))
    ]
    return {"successor": successor, "replaces": replaces}


# --- organisations and the home page --------------------------------------------------


def organisation_adoptions(organisation: Organisation) -> dict[str, Any]:
    """What an organisation re-uses (with its history) and what it stopped."""
    get = get_site().catalogue().get
    rows = [(e, a) for slug, a in organisation.adopted if (e := get(slug))]
    return {
        "current": [(e, a) for e, a in rows if not a.stopped],
        "stopped": [(e, a) for e, a in rows if a.stopped],
    }


def recent_adoptions(limit: int = RECENT_EVENTS) -> list[AdoptionEvent]:
    """The newest adoption events of the whole catalogue."""
    return adoption_events(get_site().catalogue().entries.values())[:limit]


def organisation_by_ods(catalogue: Catalogue, code: str) -> Organisation | None:
    """The organisation whose vocabulary entry carries this ODS code, if named."""
    term = catalogue.vocabulary.by_ods(code)
    return catalogue.organisations.get(slugify(term.name)) if term else None


def redirect_to_ods(catalogue: Catalogue, code: str) -> WerkzeugResponse:
    """`/organisations/<ODS code>` -> the organisation's page, or a 404."""
    found = organisation_by_ods(catalogue, code)
    if found is None:
        abort(404)
    return redirect(url_for("pages.organisation", slug=found.slug), code=301)


# --- the feed and the transparency record ---------------------------------------------


def _moment(event: AdoptionEvent) -> dt.datetime:
    return dt.datetime.combine(event.date.first_day, dt.time(), tzinfo=dt.UTC)


@bp.get("/adoptions.atom")
def adoptions_atom() -> Response:
    """Every adoption event, newest first, as an Atom feed."""
    base = site_url()
    events = adoption_events(get_site().catalogue().entries.values())[:FEED_EVENTS]
    feed = new_feed(
        f"{base}/adoptions.atom",
        "NHS AI use-case catalogue: adoptions",
        "Who started, changed or stopped reusing what, newest first",
        f"{base}/",
        f"{base}/adoptions.atom",
        max((_moment(e) for e in events), default=dt.datetime.now(dt.UTC)),
    )
    for event in reversed(events):  # feedgen puts the last added first
        item = feed.add_entry()
        item.id(f"{base}{event.url}")
        item.title(strip_control(event_title(event)))
        item.link(href=f"{base}{event.url}")
        item.summary(strip_control(event_text(event)))
        item.published(_moment(event))
        item.updated(_moment(event))
        item.category(term=event.status, label=status_name(event.status))
    return Response(feed.atom_str(pretty=True), mimetype="application/atom+xml")


def event_title(event: AdoptionEvent) -> str:
    """`Nottingham University Hospitals NHS Trust: adapting Long Stayer ...`."""
    return f"{event.organisation}: {status_name(event.status).lower()} {event.title}"


def event_text(event: AdoptionEvent) -> str:
    """The event in a sentence, with its note."""
    ods = f" ({event.ods})" if event.ods else ""
    text = (
        f"{event.organisation}{ods} is {status_name(event.status).lower()}"
        f" {event.title}, from {event.date}."
    )
    if event.status == STOPPED:
        text = (
            f"{event.organisation}{ods} tried and stopped {event.title}"
            f" in {event.date}."
        )
    return f"{text} {event.note}" if event.note else text


@bp.get("/entries/<slug>/atrs.md")
def atrs_draft(slug: str) -> Response:
    """A draft ATRS record for the lead organisation, or `?adopter=<ODS code>`."""
    catalogue = get_site().catalogue()
    entry = catalogue.get(slug)
    if entry is None:
        abort(404)
    asked = request.args.get("adopter", "").strip()
    adopter = _adopter_asked(entry, asked) if asked else None
    if asked and adopter is None:
        abort(404)
    name = (
        adopter.organisation if adopter else entry.organisation or "Your organisation"
    )
    ods = adopter.ods if adopter else entry.organisation_ods
    draft = Draft(
        entry, name, ods, adopter, catalogue.vocabulary, site_url() + entry.url
    )
    text = atrs_markdown(draft, dt.date.today())
    response = Response(text, content_type="text/markdown; charset=utf-8")
    suffix = f"-{(ods or slugify(name)).lower()}" if adopter else ""
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{entry.slug}{suffix}-atrs-draft.md"'
    )
    return response


def _adopter_asked(entry: Entry, asked: str) -> Adopter | None:
    """The adopter named by its ODS code (any case) or its organisation's slug."""
    wanted = asked.upper()
    for adopter in entry.adopters:
        if (adopter.ods and adopter.ods == wanted) or slugify(
            adopter.organisation
        ) == asked.lower():
            return adopter
    return None
