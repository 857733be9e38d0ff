"""The finder's request-side helpers: the inline error page for a query that
is too long, "as typed" instead of a correction, the way back to the search
an entry was opened from, and the search for every adopted entry.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from flask import render_template, request, url_for

from catalogue.model import Entry
from catalogue.web.finder import AS_TYPED
from search.query import (
    MAX_QUERY_CHARS,
    MAX_VALUES,
    BadRequest,
    SearchRequest,
    clean_text,
)
from search.results import SearchResults


def adopted_url(entries: list[Entry]) -> str:
    """The search for every entry another organisation adopted (OR of adopters);
    the home page's "most reused" list when there are too many to name."""
    adopters = sorted({a.organisation for e in entries for a in e.reusing})
    if not adopters or len(adopters) > MAX_VALUES:
        return "#adopted-heading"
    return url_for("pages.search") + "?" + urlencode([("adopter", a) for a in adopters])


def as_typed_asked() -> bool:
    """Whether the person asked for their query as typed, not its correction."""
    return request.args.get(AS_TYPED, "").lower() == "true"


def query_error(error: BadRequest) -> str:
    """The finder with an inline error beside the box, keeping what was typed.

    `error` is the BadRequest for the query's length (`query_too_long`).
    """
    del error  # its message is for the API; the page says it in its own words
    typed = clean_text(request.args.get("q", "")).strip()
    results = SearchResults(SearchRequest(), 0, [])
    return render_template(
        "pages/search.html",
        results=results,
        request=SearchRequest(q=typed),
        selected=[],
        ignored=[],
        clear_url=url_for("pages.search"),
        sort_options=[],
        pagination={"items": []},
        panel={},
        suggestion_url="",
        typed=None,
        typed_url="",
        past_the_end=False,
        advice={},
        max_query=MAX_QUERY_CHARS,
        query_error=(
            f"Your search has {len(typed)} characters. Enter {MAX_QUERY_CHARS}"
            " characters or fewer: the main words of what you are looking for"
            " are enough."
        ),
    )


def search_referrer() -> str | None:
    """The search results this page was opened from (query and filters kept).

    Built from the Referer's query alone, on this site's /search only, so the
    link cannot point anywhere else.
    """
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc != request.host or referrer.path != url_for("pages.search"):
        return None
    query = referrer.query[:4000]
    return url_for("pages.search") + (f"?{query}" if query else "")
