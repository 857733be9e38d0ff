"""The Flask application factory: `create_app(test_config=None)`."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from jinja2 import ChainableUndefined, ChoiceLoader, FileSystemLoader, PackageLoader
from werkzeug.middleware.proxy_fix import ProxyFix

from catalogue.config import Settings, load_settings
from catalogue.resources import STATIC, TEMPLATES

STATIC_MAX_AGE = 86_400  # seconds browsers may keep /static files


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the site: defaults, then the environment, then `test_config`."""
    app = Flask(
        __name__,
        template_folder=None,
        static_folder=str(STATIC),
        instance_path=str(Path.cwd() / "instance"),
    )
    settings = load_settings(test_config)
    app.config.update(settings.as_config())
    # Flask defines this key (as None, which sends static files `no-cache`),
    # so `setdefault` never set it: our CSS and JavaScript are cached a day.
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = STATIC_MAX_AGE
    # A Host header this site does not answer to is a 400 (never echoed).
    app.config["TRUSTED_HOSTS"] = list(settings.trusted_hosts) or None
    app.config.update(dict(test_config or {}))
    # `/entries//x` was a cacheable 308 to whatever Host the request named.
    app.url_map.merge_slashes = False
    if settings.trusted_proxies:
        hops = settings.trusted_proxies
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops
        )
    # NHS.UK frontend macros need ChainableUndefined (their README); `.jinja`
    # macro files must be autoescaped too, so autoescape everything.
    app.jinja_options = {
        "undefined": ChainableUndefined,
        "autoescape": True,
        "loader": ChoiceLoader(
            [
                FileSystemLoader(str(TEMPLATES)),
                PackageLoader("nhsuk_frontend_jinja"),
            ]
        ),
    }
    from catalogue.web import (
        adoptions,
        api,
        errors,
        exports,
        feeds,
        fragments,
        jsonld,
        pages,
        reuse,
        searchlog,
        security,
        site,
    )

    site.init_app(app, settings)
    searchlog.init_app(app, settings)
    jsonld.init_app(app)
    fragments.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(feeds.bp)
    app.register_blueprint(reuse.bp)
    app.register_blueprint(adoptions.bp)
    app.register_blueprint(exports.bp)
    return app


def production_warnings(settings: Settings) -> list[str]:
    """What is unsafe about these settings for a public site."""
    warnings = []
    if not settings.site_url:
        warnings.append(
            "CATALOGUE_SITE_URL is not set: the feed, sitemap, robots.txt and"
            " OpenSearch file take their links from each request's Host header;"
            " set it to the site's public address, such as"
            " https://catalogue.example.nhs.uk"
        )
    elif not settings.site_url.startswith(("https://", "http://")):
        warnings.append(
            f"CATALOGUE_SITE_URL is {settings.site_url!r}: it must start with"
            " https:// (or http://), or every absolute link will be wrong"
        )
    if not settings.trusted_hosts:
        warnings.append(
            "CATALOGUE_TRUSTED_HOSTS is not set: requests naming any host are"
            " answered; set it to the site's host names, comma-separated"
        )
    return warnings


def warn_if_unsafe(app: Flask) -> None:
    """Log each production warning: called where the site starts for the public."""
    for warning in production_warnings(app.extensions["catalogue"].settings):
        app.logger.warning("%s", warning)
