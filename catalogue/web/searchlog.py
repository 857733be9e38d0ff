"""The search log on the site: each search recorded, and the privacy note.

`record(results)` is called by the finder and the API after a search; it
hands the search to the log's writer thread (`catalogue.search_log`) and
returns at once. Only the first page of a search is recorded (turning pages
is not searching again), and only what the privacy note (`/privacy`) lists.
"""

from __future__ import annotations

import atexit

from flask import Blueprint, Flask, current_app, render_template

from catalogue.config import Settings
from catalogue.search_log import QUERY_CHARS, SearchLog
from search.results import SearchResults

bp = Blueprint("searchlog", __name__)
EXTENSION = "catalogue_search_log"


def init_app(app: Flask, settings: Settings) -> None:
    """Start the writer of the configured log (none if CATALOGUE_SEARCH_LOG=off)."""
    if settings.search_log is not None:
        search_log = SearchLog(
            settings.search_log, settings.search_log_rows, settings.search_log_days
        )
        atexit.register(search_log.close)  # write what is queued on a clean exit
        app.extensions[EXTENSION] = search_log
    app.register_blueprint(bp)


def get_log() -> SearchLog | None:
    """The current app's search log, if it keeps one."""
    return current_app.extensions.get(EXTENSION)


def record(results: SearchResults) -> None:
    """Record a search (first pages only); never slows or fails the request."""
    search_log = get_log()
    request = results.request
    if search_log is None or request.page != 1:
        return
    if not request.q and not request.filters:
        return  # the finder opened with nothing asked: not a search
    search_log.record(
        request.q, request.filters, results.total, results.mode, results.suggestion
    )


@bp.get("/privacy")
def privacy() -> str:
    """What the site keeps about searches, and what it never keeps."""
    settings = current_app.extensions["catalogue"].settings
    return render_template(
        "searchlog/privacy.html",
        enabled=get_log() is not None,
        rows=settings.search_log_rows,
        days=settings.search_log_days,
        query_chars=QUERY_CHARS,
    )
