"""The JSON API (contract section 4).

/api/search, /api/entries/<slug>, /api/facets, /api/health.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, jsonify, request

from catalogue.model import Entry
from catalogue.web import searchlog
from catalogue.web.site import get_site
from search.query import parse_request

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/search")
def search() -> Any:
    """Results, facets, suggestion; a bad page, per_page, sort, has_code or
    explain is a 400. `explain=true` adds each result's reasons (`why`)."""
    engine = get_site().engine
    search_request = parse_request(
        request.args.to_dict(flat=False), engine.canonical_values()
    )
    results = engine.search(search_request)
    searchlog.record(results)
    return jsonify(results.to_dict())


def entry_link(entry: Entry) -> dict[str, str]:
    """The short form of an entry used in related lists."""
    return {
        "slug": entry.slug,
        "title": entry.title,
        "type": entry.type,
        "url": entry.url,
    }


@bp.get("/entries/<slug>")
def entry(slug: str) -> Any:
    """Every field of an entry, its sanitised HTML, related entries and backlinks."""
    catalogue = get_site().catalogue()
    found = catalogue.get(slug)
    if found is None:
        abort(404)
    data = found.to_dict()
    data["html"] = found.html
    data["related"] = [entry_link(e) for s in found.related if (e := catalogue.get(s))]
    data["backlinks"] = [
        entry_link(e)
        for s in catalogue.backlinks.get(slug, ())
        if (e := catalogue.get(s))
    ]
    return jsonify(data)


@bp.get("/facets")
def facets() -> Any:
    """Every facet's values with counts over the whole catalogue."""
    counts = get_site().engine.facet_counts()
    return jsonify(
        {name: [v.to_dict() for v in values] for name, values in counts.items()}
    )


@bp.get("/health")
def health() -> Any:
    """Entries served, files left out, and when the index was last updated."""
    return jsonify({"status": "ok", **get_site().engine.status()})


@bp.route("/<path:anything>")
def not_found(anything: str) -> Any:
    """Unknown API paths answer with the JSON error shape."""
    abort(404)
