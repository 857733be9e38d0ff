"""Web pages: home, the finder, entries, organisations, the guide to adding entries.

Views are thin: read parameters, ask the Site, hand plain values to a template
in `templates/pages/`. Everything works without JavaScript: filters are plain
GET forms, and every selected filter has a link that removes it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any
from urllib.parse import urlencode, urlsplit

from flask import Blueprint, abort, render_template, request, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from catalogue.facets import BY_PARAM, FACETS, TYPE_NAMES
from catalogue.model import (
    ADOPTER_STATUSES,
    STATUSES,
    TYPE_LABELS,
    TYPES,
    Entry,
)
from catalogue.scaffold import render_template as entry_template
from catalogue.text import slugify
from catalogue.web import searchlog
from catalogue.web.adoptions import redirect_to_ods
from catalogue.web.contributing import new_file_url, repository_url
from catalogue.web.finder import (
    adopted_by,
    corrected,
    empty_advice,
    facet_universe,
    filter_panel,
    past_the_end,
)
from catalogue.web.finder_requests import (
    adopted_url,
    as_typed_asked,
    query_error,
    search_referrer,
)
from catalogue.web.site import get_site
from search.query import (
    MAX_QUERY_CHARS,
    SORTS,
    BadRequest,
    SearchRequest,
    parse_request,
)
from search.results import SearchResults

bp = Blueprint("pages", __name__)

#: Facet parameter -> the label of its filter group, in the order the panel shows them.
FACET_LABELS = {facet.param: facet.label for facet in FACETS}
SORT_LABELS = {
    "relevance": "Best match",
    "newest": "Newest",
    "title": "Title (A to Z)",
    "adopted": "Most adopted",
}


def value_label(facet: str, value: str) -> str:
    """How a facet value reads on a page."""
    return BY_PARAM[facet].value_label(value) if facet in BY_PARAM else value


def status_label(value: str | None) -> str:
    """`proof-of-concept` -> `Proof of concept`."""
    return value_label("status", value or "")


@bp.app_context_processor
def helpers() -> dict[str, Any]:
    """Functions every template can use."""
    return {
        "value_label": value_label,
        "status_label": status_label,
        "type_name": lambda t: TYPE_NAMES.get(t, t),
        "organisation_url": organisation_url,
        "facet_labels": FACET_LABELS,
        "adopted_by": adopted_by,
        "max_query_chars": MAX_QUERY_CHARS,
    }


def organisation_url(name: str) -> str:
    """The page of an organisation."""
    return url_for("pages.organisation", slug=slugify(name))


# --- home ----------------------------------------------------------------------------


@bp.get("/")
def index() -> str:
    """Search box, browse by problem area and technique, newest and most adopted."""
    site = get_site()
    catalogue = site.catalogue()
    entries = list(catalogue.entries.values())
    newest = sorted(
        (e for e in entries if e.date),
        key=lambda e: e.date.first_day,  # type: ignore[union-attr]
        reverse=True,
    )[:6]
    adopted = sorted(
        (e for e in entries if e.reusing), key=lambda e: (-len(e.reusing), e.title)
    )
    stats = {
        "entries": len(entries),
        "projects": sum(e.type == "project" for e in entries),
        "with_code": sum(e.has_code for e in entries),
        "without_patient_data": sum(
            e.type == "project" and bool(e.reuse and e.reuse.without_patient_data)
            for e in entries
        ),
        "organisations": len(catalogue.organisations),
        "adoptions": sum(len(e.reusing) for e in entries),
        "adopted_url": adopted_url(entries),
        "left_out": catalogue.invalid,
    }
    return render_template(
        "pages/index.html",
        facets=site.engine.facet_counts(),
        newest=newest,
        most_adopted=adopted[:6],
        stats=stats,
    )


# --- the finder ----------------------------------------------------------------------


@bp.get("/search")
def search() -> tuple[str, int] | str:
    """Results with filters, counts, sort, pagination and 'did you mean'."""
    engine = get_site().engine
    params = request.args.to_dict(flat=False)
    try:
        parsed = parse_request(params, engine.canonical_values(), strict=False)
    except BadRequest as error:
        if error.code != "query_too_long":
            raise
        return query_error(error), 400
    results = engine.search(replace(parsed, explain=True))  # "Why this matched"
    searchlog.record(results)  # what was typed, before any correction
    results, typed = corrected(engine, results, as_typed_asked())
    # Every link below is built from what the engine used: values no entry
    # can have were left out first (results.ignored), so a URL full of made-up
    # values cannot make a page full of links repeating them.
    search_request = results.request
    return render_template(
        "pages/search.html",
        results=results,
        request=search_request,
        selected=selected_filters(search_request),
        ignored=[
            {"group": FACET_LABELS.get(f, f), "label": value_label(f, v)}
            for f, v in results.ignored
        ],
        clear_url=search_url(search_request, filters={}),
        sort_options=sort_options(search_request),
        pagination=pagination(results),
        panel=filter_panel(
            results,
            facet_universe(engine, results),
            search_url(search_request, page=search_request.page),
            expanded_facets(),
        ),
        suggestion_url=search_url(search_request, q=results.suggestion or "", page=1),
        typed=typed,
        typed_url=search_url(search_request, q=typed or "") + "&as_typed=true",
        past_the_end=past_the_end(results),
        first_page_url=search_url(search_request, page=1),
        advice=empty_advice(engine, results, search_url) if not results.total else {},
        max_query=MAX_QUERY_CHARS,
    )


def expanded_facets() -> list[str]:
    """The facets whose every value is shown (`all=`): known names, once each."""
    asked = set(request.args.getlist("all"))
    return [facet for facet in FACET_LABELS if facet in asked]


def search_url(current: SearchRequest, **changes: Any) -> str:
    """The /search URL for the current request with some parts changed."""
    q = changes.get("q", current.q)
    filters = changes.get("filters", current.filters)
    sort = changes.get("sort", current.sort)
    page = changes.get("page", 1)
    pairs: list[tuple[str, str]] = [("q", q)] if q else []
    for facet in FACET_LABELS:
        pairs += [(facet, value) for value in filters.get(facet, ())]
    if sort:
        pairs.append(("sort", sort))
    if page and page > 1:
        pairs.append(("page", str(page)))
    return url_for("pages.search") + ("?" + urlencode(pairs) if pairs else "")


def selected_filters(current: SearchRequest) -> list[dict[str, str]]:
    """Each selected filter with a link that removes just it."""
    chosen = []
    for facet in FACET_LABELS:
        for value in current.filters.get(facet, ()):
            rest = {
                f: tuple(v for v in values if not (f == facet and v == value))
                for f, values in current.filters.items()
            }
            chosen.append(
                {
                    "facet": facet,
                    "group": FACET_LABELS[facet],
                    "value": value,
                    "label": value_label(facet, value),
                    "remove_url": search_url(current, filters=rest),
                }
            )
    return chosen


def sort_options(current: SearchRequest) -> list[dict[str, Any]]:
    """The sort choices, with the one in force marked."""
    usable = SORTS if current.q else ("newest", "title", "adopted")
    return [
        {
            "value": s,
            "label": SORT_LABELS[s],
            "selected": s == current.effective_sort,
            "url": search_url(current, sort=s),
        }
        for s in usable
    ]


def pagination(results: SearchResults) -> dict[str, Any]:
    """Previous/next links and numbered pages around the current one."""
    current, last = results.request.page, results.pages
    numbers = sorted({1, last, *range(max(1, current - 2), min(last, current + 2) + 1)})
    items: list[dict[str, Any]] = []
    for number in numbers:
        if items and number - items[-1]["number"] > 1:
            items.append({"ellipsis": True, "number": number - 1})
        items.append(
            {
                "number": number,
                "href": search_url(results.request, page=number),
                "current": number == current,
            }
        )
    return {
        "previous": search_url(results.request, page=current - 1)
        if current > 1
        else None,
        "next": search_url(results.request, page=current + 1)
        if current < last
        else None,
        "items": items if last > 1 else [],
    }


# --- entries and organisations -------------------------------------------------------


@bp.get("/entries/<slug>")
def entry(slug: str) -> str:
    """The entry, its metadata, code, adopters, related material both ways, similar."""
    site = get_site()
    catalogue = site.catalogue()
    found = catalogue.get(slug)
    if found is None:
        abort(404)
    related = catalogue.related_to(found)
    listed = {e.slug for e in related}
    similar = site.engine.similar(slug, limit=5 + len(listed))
    return render_template(
        "pages/entry.html",
        entry=found,
        related_groups=group_by_type(related),
        similar=[s for s in similar if s["slug"] not in listed][:5],
        edit_url=site.settings.edit_url + found.path,
        back_url=search_referrer(),
    )


def group_by_type(entries: Iterable[Entry]) -> list[tuple[str, list[Entry]]]:
    """Entries grouped under the plural label of their type, in TYPES order."""
    groups: dict[str, list[Entry]] = {t: [] for t in TYPES}
    for entry in entries:
        groups[entry.type].append(entry)
    return [(TYPE_LABELS[t], found) for t, found in groups.items() if found]


@bp.get("/organisations")
def organisations() -> str:
    """Every organisation named in the catalogue, with what it did."""
    catalogue = get_site().catalogue()
    return render_template(
        "pages/organisations.html", organisations=list(catalogue.organisations.values())
    )


@bp.get("/organisations/<slug>")
def organisation(slug: str) -> str | WerkzeugResponse:
    """What an organisation leads, took part in and has adopted.

    An ODS code in place of the slug (`/organisations/RTE`) redirects to it.
    """
    catalogue = get_site().catalogue()
    found = catalogue.organisations.get(slug)
    if found is None:
        return redirect_to_ods(catalogue, slug)
    get = catalogue.entries.get
    return render_template(
        "pages/organisation.html",
        organisation=replace(found, url=web_address(found.url)),
        leads=[e for s in found.leads if (e := get(s))],
        partner_in=[e for s in found.partner_in if (e := get(s))],
        adopted=[(e, adopter) for s, adopter in found.adopted if (e := get(s))],
    )


def web_address(url: object) -> str | None:
    """`url` if it is an http(s) address, else None: safe to put in a link.

    Organisation websites come from vocabulary.yml, which is not checked like
    entry URLs are: `url: javascript:...` there became a link that runs script
    (the CSP blocked it, but the markup must not rely on that).
    """
    if not isinstance(url, str):
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


# --- for staff -----------------------------------------------------------------------


@bp.get("/add-an-entry")
def add_entry() -> str:
    """How to add an entry: format, template, `catalogue check`, the vocabulary."""
    edit_url = get_site().settings.edit_url
    template_text = entry_template("project", "Name of your project")
    return render_template(
        "pages/add_entry.html",
        template_text=template_text,
        repository_url=repository_url(edit_url),
        new_file_url=new_file_url(edit_url, template_text),
        types=TYPES,
        statuses=STATUSES,
        adopter_statuses=ADOPTER_STATUSES,
    )


@bp.get("/add-an-entry/vocabulary")
def vocabulary() -> str:
    """The names filters use (problem areas, techniques, organisations, ...)."""
    catalogue = get_site().catalogue()
    return render_template("pages/vocabulary.html", vocabulary=catalogue.vocabulary)
