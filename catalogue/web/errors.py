"""Errors: one JSON shape under /api, NHS-styled pages everywhere else.

`{"error": {"code": "...", "message": "..."}}` with the HTTP status. Nothing
a client sends can produce a 500: bad parameters are 400s (`BadRequest` from
the search package), unknown pages 404s. A 500 still answers in the same
shapes, without details, and is logged.

No error message shows what the client sent in a header, or where the
server keeps its files: a Host header the site does not answer to is a 400
that does not repeat it, and a 503 says what is unavailable, not which
folder (the log has the details).
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, current_app, jsonify, render_template, request
from werkzeug.exceptions import BadHost, HTTPException, SecurityError

from catalogue.web.finder import nearest_entry
from catalogue.web.site import get_site
from search.generations import IndexUnavailable
from search.query import BadRequest


def wants_json() -> bool:
    """Whether the request is for the API (and so gets JSON errors)."""
    return request.path.startswith("/api/") or request.path == "/api"


def error_response(
    status: int, code: str, message: str, **extra: Any
) -> tuple[Response | str, int]:
    """The error in the shape the client expects (`extra` for the page only)."""
    if wants_json():
        return jsonify({"error": {"code": code, "message": message}}), status
    return render_template(
        "errors/error.html", status=status, code=code, message=message, **extra
    ), status


BAD_HOST = "This site does not answer to the host name this request was sent to."
UNAVAILABLE = (
    "The catalogue's search index is not available at the moment."
    " Please try again in a few minutes."
)
RETRY_AFTER_SECONDS = 30


def handle_http(error: HTTPException) -> tuple[Response | str, int]:
    """404, 405 and other HTTP errors."""
    if isinstance(error, SecurityError | BadHost):  # Werkzeug's says which host
        return error_response(400, "bad_host", BAD_HOST)
    code = (error.name or "error").lower().replace(" ", "_")
    messages = {
        404: "There is no page at this address.",
        405: f"{request.method} is not allowed here.",
    }
    status = error.code or 500
    extra = {"nearest": nearest(request.path)} if status == 404 else {}
    message = messages.get(status, error.description or code)
    return error_response(status, code, message, **extra)


def nearest(path: str) -> dict[str, Any] | None:
    """The entry nearest a missing page's address, for the 404 page; None
    when there is no index to ask (a 404 must not become a 503 or 500)."""
    if wants_json():
        return None
    try:
        return nearest_entry(get_site().engine, path)
    except IndexUnavailable:  # no published index yet: the page still answers
        return None


def handle_bad_request(error: BadRequest) -> tuple[Response | str, int]:
    """A parameter that cannot be used."""
    return error_response(400, error.code, error.message)


def handle_unavailable(error: IndexUnavailable) -> tuple[Response | str, int]:
    """No index to search (not the client's fault; try again later).

    The log says exactly why, with paths; the answer says what is missing in
    words (`public_message`, where the error has one) and when to come back.
    """
    current_app.logger.error("Unavailable on %s: %s", request.path, error)
    message = getattr(error, "public_message", UNAVAILABLE)
    body, status = error_response(503, "index_unavailable", message)
    response = current_app.make_response((body, status))
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response, status


def handle_unexpected(error: Exception) -> tuple[Response | str, int]:
    """A bug: logged with its traceback, answered without details."""
    current_app.logger.exception("Unhandled error on %s", request.path)
    return error_response(500, "internal_error", "Something went wrong on our side.")


def init_app(app: Flask) -> None:
    """Register the handlers."""
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(BadRequest, handle_bad_request)
    app.register_error_handler(IndexUnavailable, handle_unavailable)
    app.register_error_handler(Exception, handle_unexpected)
