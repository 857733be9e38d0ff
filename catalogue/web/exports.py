"""Any search as a feed or a file: `/search.atom?...` and `/search.csv?...`.

Both take every `/search` parameter. The feed holds the same entries as
`/api/search` with the same parameters (that page, in that order); the
finder links to it sorted newest first, for updates. The CSV is the whole
result set, not a page: one row per entry, streamed as it is read, with
every facet's values (from `FACETS`, so a new facet is a new column) and
the ODS code of each organisation where the vocabulary has one (`ods:`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime, time
from typing import Any
from urllib.parse import urlencode

from feedgen.feed import FeedGenerator
from flask import Blueprint, Response, request

from catalogue.facets import FACETS
from catalogue.model import entry_from_dict, parse_partial_date
from catalogue.text import strip_control
from catalogue.vocabulary import Vocabulary
from catalogue.web.feeds import new_feed, site_url
from catalogue.web.site import get_site
from search.query import SearchRequest, parse_request
from search.results import Hit

bp = Blueprint("exports", __name__)
SEPARATOR = "; "  # between several values in one CSV cell
#: Columns before the ODS codes and the facets (whose columns are named by
#: their parameters: organisation, adopter, ...): (heading, reader).
COLUMNS: tuple[tuple[str, Any], ...] = (
    ("slug", lambda e: e["slug"]),
    ("title", lambda e: e["title"]),
    ("summary", lambda e: e["summary"]),
    ("date", lambda e: e.get("date") or ""),
    ("partners", lambda e: e.get("partners") or []),
    ("tags", lambda e: e.get("tags") or []),
    ("code_url", lambda e: (e.get("code") or {}).get("url", "")),
    ("code_licence", lambda e: (e.get("code") or {}).get("licence") or ""),
    ("code_language", lambda e: (e.get("code") or {}).get("language") or ""),
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # spreadsheets run these


def _search_request() -> SearchRequest:
    engine = get_site().engine
    params = request.args.to_dict(flat=False)
    return parse_request(params, engine.canonical_values(), strict=False)


# --- the feed ------------------------------------------------------------------------


@bp.get("/search.atom")
def search_feed() -> Response:
    """The entries `/api/search` answers with for these parameters, as Atom."""
    search_request = _search_request()
    results = get_site().engine.search(search_request)
    base = site_url()
    query = urlencode(_params(results.request))
    stamps = [_published(hit.data) for hit in results.hits]
    feed = new_feed(
        f"{base}/search?{query}",
        f"{_describe(results.request)} – NHS AI use-case catalogue",
        "Entries of the AI use-case catalogue found by this search",
        f"{base}/search?{query}",
        f"{base}/search.atom?{query}",
        max(stamps, default=datetime(2020, 1, 1, tzinfo=UTC)),
    )
    for hit in reversed(results.hits):  # feedgen puts the last added first
        _add_item(feed, hit, base)
    return Response(feed.atom_str(pretty=True), mimetype="application/atom+xml")


def _add_item(feed: FeedGenerator, hit: Hit, base: str) -> None:
    data = hit.data
    item = feed.add_entry()
    item.id(f"{base}{data['url']}")
    item.title(strip_control(data["title"]))
    item.link(href=f"{base}{data['url']}")
    item.summary(strip_control(data["summary"]))
    item.published(_published(data))
    item.updated(_published(data))
    item.category(term=data["type"])


def _published(data: Mapping[str, Any]) -> datetime:
    try:
        day = parse_partial_date(str(data.get("date") or "")).first_day
    except ValueError:  # no date: the catalogue's start, as /feed.atom does
        day = datetime(2020, 1, 1).date()
    return datetime.combine(day, time(), tzinfo=UTC)


def _describe(search_request: SearchRequest) -> str:
    if search_request.q:
        return f"Search: {strip_control(search_request.q)[:100]}"
    return "Browse" if not search_request.filters else "Filtered entries"


def _params(search_request: SearchRequest) -> list[tuple[str, str]]:
    """The search's parameters as the finder's URLs carry them."""
    pairs = [("q", search_request.q)] if search_request.q else []
    for facet in FACETS:
        pairs += [(facet.param, v) for v in search_request.filters.get(facet.param, ())]
    if search_request.sort:
        pairs.append(("sort", search_request.sort))
    return pairs


# --- the file ------------------------------------------------------------------------


@bp.get("/search.csv")
def search_csv() -> Response:
    """Every result of the search as CSV, one row per entry, streamed."""
    site = get_site()
    total, entries = site.engine.export(_search_request())
    rows = csv_rows(entries, site.engine.vocabulary, site_url())
    response = Response(rows, mimetype="text/csv")
    response.headers["Content-Disposition"] = (
        'attachment; filename="ai-catalogue-search.csv"'
    )
    response.headers["X-Total-Count"] = str(total)
    return response


def csv_rows(
    entries: Iterable[dict[str, Any]], vocabulary: Vocabulary, base: str
) -> Iterator[str]:
    """The header line, then one CSV line per entry, as each is read."""
    ods = ods_codes(vocabulary)
    yield _line(
        [
            "url",
            *(name for name, _read in COLUMNS),
            "organisation_ods",
            "partner_ods",
            "adopter_ods",
            *(f.param for f in FACETS),
        ]
    )
    for data in entries:
        entry = entry_from_dict(data)
        yield _line(
            [
                f"{base}{entry.url}",
                *(read(data) for _name, read in COLUMNS),
                ods.get(entry.organisation or "", ""),
                _codes(ods, entry.partners),
                _codes(ods, [a.organisation for a in entry.adopters]),
                *(list(f.values(entry)) for f in FACETS),
            ]
        )


def ods_codes(vocabulary: Vocabulary) -> dict[str, str]:
    """Organisation name -> its ODS code, where the vocabulary gives one (`ods:`)."""
    codes = {}
    for term in vocabulary.groups.get("organisations", []):
        code = getattr(term, "ods", None)  # present once organisations carry it
        if code:
            codes[term.name] = str(code)
    return codes


def _codes(ods: Mapping[str, str], names: Iterable[str]) -> list[str] | str:
    """Each organisation's code in order, or nothing if none of them has one."""
    codes = [ods.get(name, "") for name in names]
    return codes if any(codes) else ""


def _line(cells: list[Any]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([_cell(c) for c in cells])
    return buffer.getvalue()


def _cell(value: Any) -> str:
    """Text for a cell: lists joined, and no formula a spreadsheet would run."""
    if isinstance(value, list | tuple):
        text = SEPARATOR.join(str(v) for v in value)
    else:
        text = str(value)
    text = strip_control(text)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


@bp.app_template_global()
def search_export_urls(search_request: SearchRequest) -> dict[str, str]:
    """The feed (newest first, for updates) and the CSV of a search, for its page."""
    pairs = _params(search_request)
    newest = [p for p in pairs if p[0] != "sort"] + [("sort", "newest")]
    return {
        "atom": f"/search.atom?{urlencode(newest)}",
        "csv": f"/search.csv?{urlencode(pairs)}" if pairs else "/search.csv",
    }
