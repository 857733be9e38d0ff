"""What the finder page shows besides the hits: a stable filter panel, spelling
corrections applied when nothing matched, and advice when nothing is found.

The filter panel keeps its shape when a filter is ticked, as GOV.UK finders
do: groups in FACETS order, values in a fixed order (a facet's declared
`order`, otherwise alphabetical), and every group and value the query offers
before any filter is applied stays in place, with its count under the other
filters (0 included). Ticking a box never moves or hides another one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from catalogue.facets import BY_PARAM, FACETS
from catalogue.model import STOPPED
from search.engine import SearchEngine
from search.query import MAX_QUERY_CHARS, SearchRequest, clean_text
from search.results import FacetValue, SearchResults

PANEL_VALUES = 10  # filter values shown per facet before "Show all"
#: Selected filters tried one at a time for "remove this filter to see N results".
ADVICE_FILTERS = 6
#: The URL parameter that shows the query as typed instead of its correction.
AS_TYPED = "as_typed"

SearchUrl = Callable[..., str]


def facet_universe(
    engine: SearchEngine, results: SearchResults
) -> dict[str, list[FacetValue]]:
    """Every facet's values for the query with no filter applied.

    Without filters, these are the results' own facets; with filters, one
    more search (a page of one) finds them.
    """
    request = results.request
    if not request.filters:
        return results.facets
    bare = replace(request, filters={}, page=1, per_page=1, sort="newest")
    return engine.search(bare).facets


def ordered(facet: str, values: list[FacetValue]) -> list[FacetValue]:
    """A facet's values in their fixed order: declared, else alphabetical."""
    order = BY_PARAM[facet].order if facet in BY_PARAM else ()
    if order:
        return sorted(
            values,
            key=lambda v: order.index(v.value) if v.value in order else len(order),
        )
    return sorted(values, key=lambda v: (v.value.casefold(), v.value))


def filter_panel(
    results: SearchResults,
    universe: dict[str, list[FacetValue]],
    base_url: str,
    expanded: list[str],
) -> dict[str, dict[str, Any]]:
    """Per facet, in FACETS order: its options and "Show all" link.

    A facet's options are the values the query offers without filters, with
    their current counts, plus any selected value; a group with a selected
    value is always shown. Long lists show the PANEL_VALUES commonest (by
    their unfiltered counts, so the choice does not change as boxes are
    ticked) and every selected value, alphabetically; "Show all" (`all=`)
    works without JavaScript.
    """
    panel = {}
    for facet in (f.param for f in FACETS):
        now = {v.value: v for v in results.facets.get(facet, [])}
        offered = universe.get(facet, [])
        values = [now.get(v.value, FacetValue(v.value, 0, False)) for v in offered]
        values += [v for v in now.values() if v.selected and v not in values]
        if not values:
            continue
        if facet in expanded or len(values) <= PANEL_VALUES + 2:
            shown = values
        else:
            commonest = {
                v.value for v in sorted(offered, key=lambda v: -v.count)[:PANEL_VALUES]
            }
            shown = [v for v in values if v.value in commonest or v.selected]
        expand = urlencode([("all", f) for f in (*expanded, facet)])
        panel[facet] = {
            "options": ordered(facet, shown),
            "hidden": len(values) - len(shown),
            "show_all_url": f"{base_url}{'&' if '?' in base_url else '?'}{expand}",
            "expanded": expanded,
        }
    return panel


def corrected(
    engine: SearchEngine, results: SearchResults, as_typed: bool
) -> tuple[SearchResults, str | None]:
    """The corrected query's results when the query as typed matched nothing.

    When no entry had every word typed (none at all, or graded matching showed
    entries with most or any of the words) and
    the spelling correction finds entries with every word, people see those
    ("Showing results for length of stay"), with a link back to what they
    typed (`as_typed=true`). Returns the results and the query as typed, or
    the results unchanged and None.
    """
    suggestion = results.suggestion
    if as_typed or not suggestion or (results.total and results.mode == "all"):
        return results, None
    request = replace(results.request, q=suggestion, page=1)
    fixed = engine.search(request)
    if not fixed.total:
        return results, None
    return replace(fixed, ignored=results.ignored), results.request.q


def empty_advice(
    engine: SearchEngine, results: SearchResults, search_url: SearchUrl
) -> dict[str, Any]:
    """What to suggest when a search found nothing.

    With filters: each selected filter whose removal finds something, with
    the number it would find (the first ADVICE_FILTERS filters are tried).
    Spelling advice only when the words alone find nothing.
    """
    request = results.request
    removals = []
    for facet, value in _selected(request)[:ADVICE_FILTERS]:
        rest = {
            f: tuple(v for v in values if not (f == facet and v == value))
            for f, values in request.filters.items()
        }
        rest = {f: values for f, values in rest.items() if values}
        found = engine.search(replace(request, filters=rest, page=1, per_page=1))
        if found.total:
            removals.append(
                {
                    "group": BY_PARAM[facet].label,
                    "label": BY_PARAM[facet].value_label(value),
                    "count": found.total,
                    "url": search_url(request, filters=rest),
                }
            )
    words_find = False
    if request.q and request.filters:
        alone = replace(request, filters={}, page=1, per_page=1)
        words_find = bool(engine.search(alone).total)
    return {
        "removals": sorted(removals, key=lambda r: -r["count"]),
        "check_spelling": bool(request.q) and not words_find,
    }


def _selected(request: SearchRequest) -> list[tuple[str, str]]:
    return [
        (facet.param, value)
        for facet in FACETS
        for value in request.filters.get(facet.param, ())
    ]


def past_the_end(results: SearchResults) -> bool:
    """Whether the page asked for is after the last page of results."""
    return results.request.page > results.pages and results.total > 0


def adopted_by(adopters: list[dict[str, Any]]) -> str:
    """A result's adoption tag: "Adopted by A", "A and B", "A, B and 2 others".

    Organisations that tried it and stopped are not named ("" if only they did).
    """
    names = [
        a["organisation"]
        for a in adopters
        if a.get("organisation") and a.get("status") != STOPPED
    ]
    if not names:
        return ""
    if len(names) <= 2:
        return "Adopted by " + " and ".join(names)
    others = len(names) - 2
    rest = "1 other" if others == 1 else f"{others} others"
    return f"Adopted by {names[0]}, {names[1]} and {rest}"


def nearest_entry(engine: SearchEngine, path: str) -> dict[str, Any] | None:
    """The entry most like the words of a missing page's address, if any.

    `/entries/long-stayer-risk` -> the best result for "long stayer risk"
    (corrected when misspelt), for the 404 page.
    """
    last = path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".md")
    words = " ".join(clean_text(last).replace("-", " ").replace("_", " ").split())
    words = words[: MAX_QUERY_CHARS // 10]
    if not any(ch.isalnum() for ch in words):
        return None
    results, _typed = corrected(
        engine, engine.search(SearchRequest(q=words, per_page=1)), as_typed=False
    )
    return results.hits[0].data if results.hits else None
