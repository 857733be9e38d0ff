"""Machine-readable files: Atom feed, sitemap, OpenSearch, robots.txt, NHS.UK assets."""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

from feedgen.feed import FeedGenerator
from flask import (
    Blueprint,
    Response,
    render_template,
    request,
    send_from_directory,
    url_for,
)

from catalogue.resources import NHSUK_ASSETS
from catalogue.text import strip_control
from catalogue.web.site import get_site

bp = Blueprint("feeds", __name__)
FEED_ENTRIES = 50


def site_url() -> str:
    """The public base URL: configured, or the one this request came to."""
    return get_site().settings.site_url or request.url_root.rstrip("/")


def new_feed(
    feed_id: str,
    title: str,
    subtitle: str,
    page: str,
    feed: str,
    updated: datetime,
) -> FeedGenerator:
    """An Atom feed's head: id, title, subtitle, its page and itself, language, date."""
    generator = FeedGenerator()
    generator.id(feed_id)
    generator.title(title)
    generator.subtitle(subtitle)
    generator.link(href=page, rel="alternate")
    generator.link(href=feed, rel="self")
    generator.language("en-GB")
    generator.updated(updated)
    return generator


def _published(entry: Any) -> datetime:
    day = entry.date.first_day if entry.date else datetime(2020, 1, 1).date()
    return datetime.combine(day, time(), tzinfo=UTC)


@bp.get("/feed.atom")
def atom() -> Response:
    """The newest entries as an Atom feed."""
    base = site_url()
    entries = sorted(
        get_site().catalogue().entries.values(), key=_published, reverse=True
    )[:FEED_ENTRIES]
    feed = new_feed(
        f"{base}/",
        "NHS AI use-case catalogue",
        "AI projects, case studies and events NHS organisations can reuse",
        f"{base}/",
        f"{base}/feed.atom",
        max((_published(e) for e in entries), default=datetime.now(UTC)),
    )
    for entry in reversed(entries):  # feedgen puts the last added first
        item = feed.add_entry()
        item.id(f"{base}{entry.url}")
        item.title(strip_control(entry.title))
        item.link(href=f"{base}{entry.url}")
        item.summary(strip_control(entry.summary))
        item.content(strip_control(entry.html), type="html")
        item.published(_published(entry))
        item.updated(_published(entry))
        item.category(term=entry.type)
    return Response(feed.atom_str(pretty=True), mimetype="application/atom+xml")


@bp.get("/sitemap.xml")
def sitemap() -> Response:
    """Every page of the site."""
    catalogue = get_site().catalogue()
    pages = [
        url_for("pages.index"),
        url_for("pages.search"),
        url_for("pages.organisations"),
        url_for("pages.add_entry"),
        url_for("pages.vocabulary"),
    ]
    pages += [e.url for e in catalogue.entries.values()]
    pages += [o.page for o in catalogue.organisations.values()]
    body = render_template("feeds/sitemap.xml", base=site_url(), pages=pages)
    return Response(body, mimetype="application/xml")


@bp.get("/opensearch.xml")
def opensearch() -> Response:
    """Lets browsers add the catalogue as a search engine."""
    body = render_template("feeds/opensearch.xml", base=site_url())
    return Response(body, mimetype="application/opensearchdescription+xml")


@bp.get("/robots.txt")
def robots() -> Response:
    """Crawlers may read everything but the API; the sitemap lists the pages."""
    text = f"User-agent: *\nDisallow: /api/\nSitemap: {site_url()}/sitemap.xml\n"
    return Response(text, mimetype="text/plain")


@bp.get("/assets/<path:filename>")
def assets(filename: str) -> Response:
    """NHS.UK frontend images and icons, at the /assets path its CSS expects."""
    return send_from_directory(Path(NHSUK_ASSETS), filename, max_age=86_400)
