"""Response headers on every response: CSP, nosniff, referrer policy, caching.

The Content-Security-Policy allows no inline script at all: the page layout
sets its `js-enabled` class from a static module instead of the inline snippet
in NHS.UK's page template. Pages and API answers carry an ETag, so a repeat
visit that changed nothing gets a 304 with no body.
"""

from __future__ import annotations

from flask import Flask, Response, request

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' https: data:",
        "font-src 'self' https://assets.nhs.uk",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
_CONDITIONAL_TYPES = (
    "text/html",
    "application/json",
    "application/atom+xml",
    "application/xml",
    "application/opensearchdescription+xml",
)


def add_headers(response: Response) -> Response:
    """Security headers everywhere; ETag and revalidation on pages and API answers."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if (
        request.method in ("GET", "HEAD")
        and response.status_code == 200
        and not response.direct_passthrough
        and response.mimetype in _CONDITIONAL_TYPES
    ):
        response.headers.setdefault("Cache-Control", "no-cache")
        response.add_etag()
        response.make_conditional(request)
    return response


def init_app(app: Flask) -> None:
    """Install the headers on the app."""
    app.after_request(add_headers)
