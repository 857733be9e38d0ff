"""Response headers on every response: CSP, nosniff, referrer policy, caching.

The Content-Security-Policy allows no inline script at all: the page layout
sets its `js-enabled` class from a static module instead of the inline snippet
in NHS.UK's page template. Pages and API answers carry an ETag, so a repeat
visit that changed nothing gets a 304 with no body.

Redirects and errors are never stored by a shared cache (`no-store`), and a
redirect's Location never names the host the request did: it is built from
CATALOGUE_SITE_URL, or left relative. HSTS belongs to the TLS proxy in front
(docs/security.md), not here.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from flask import Flask, Response, request
from markupsafe import escape

from catalogue.web.site import get_site

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
    status = response.status_code
    if 300 <= status < 400 and "Location" in response.headers:
        location = site_location(response.headers["Location"])
        response.headers["Location"] = location
        # Werkzeug's redirect page links to the target it built: replace it.
        response.set_data(f'<p>Redirecting to <a href="{escape(location)}">here</a>.')
        response.mimetype = "text/html"
    if status >= 300 and status != 304:
        response.headers["Cache-Control"] = "no-store"
        return response
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


def site_location(location: str) -> str:
    """A redirect target on this site, without the request's own host.

    Werkzeug builds the targets of its own redirects from the Host header;
    keep only path, query and fragment, under CATALOGUE_SITE_URL if set.
    """
    parts = urlsplit(location)
    path = "/" + parts.path.lstrip("/")  # `//host/...` would be another site
    relative = urlunsplit(("", "", path, parts.query, parts.fragment))
    site = urlsplit(get_site().settings.site_url)
    if site.scheme and site.netloc:
        return urlunsplit((site.scheme, site.netloc, *urlsplit(relative)[2:]))
    return relative


def init_app(app: Flask) -> None:
    """Install the headers on the app."""
    app.after_request(add_headers)
