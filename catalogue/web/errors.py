"""Errors: one JSON shape under /api, NHS-styled pages everywhere else.

`{"error": {"code": "...", "message": "..."}}` with the HTTP status. Nothing
a client sends can produce a 500: bad parameters are 400s (`BadRequest` from
the search package), unknown pages 404s. A 500 still answers in the same
shapes, without details, and is logged.
"""

from __future__ import annotations

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from search.generations import IndexUnavailable
from search.query import BadRequest


def wants_json() -> bool:
    """Whether the request is for the API (and so gets JSON errors)."""
    return request.path.startswith("/api/") or request.path == "/api"


def error_response(status: int, code: str, message: str) -> tuple[Response | str, int]:
    """The error in the shape the client expects."""
    if wants_json():
        return jsonify({"error": {"code": code, "message": message}}), status
    return render_template(
        "errors/error.html", status=status, code=code, message=message
    ), status


def handle_http(error: HTTPException) -> tuple[Response | str, int]:
    """404, 405 and other HTTP errors."""
    code = (error.name or "error").lower().replace(" ", "_")
    messages = {
        404: "There is no page at this address.",
        405: f"{request.method} is not allowed here.",
    }
    status = error.code or 500
    return error_response(status, code, messages.get(status, error.description or code))


def handle_bad_request(error: BadRequest) -> tuple[Response | str, int]:
    """A parameter that cannot be used."""
    return error_response(400, error.code, error.message)


def handle_unavailable(error: IndexUnavailable) -> tuple[Response | str, int]:
    """No index to search (not the client's fault; try again later)."""
    return error_response(503, "index_unavailable", str(error))


def handle_unexpected(error: Exception) -> tuple[Response | str, int]:
    """A bug: logged with its traceback, answered without details."""
    from flask import current_app

    current_app.logger.exception("Unhandled error on %s", request.path)
    return error_response(500, "internal_error", "Something went wrong on our side.")


def init_app(app: Flask) -> None:
    """Register the handlers."""
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(BadRequest, handle_bad_request)
    app.register_error_handler(IndexUnavailable, handle_unavailable)
    app.register_error_handler(Exception, handle_unexpected)
