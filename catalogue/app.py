"""The Flask application factory: `create_app(test_config=None)`."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from jinja2 import ChainableUndefined, ChoiceLoader, FileSystemLoader, PackageLoader

from catalogue.config import SETTINGS, load_settings
from catalogue.resources import STATIC, TEMPLATES


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the site: defaults, then the environment, then `test_config`."""
    app = Flask(
        __name__,
        template_folder=None,
        static_folder=str(STATIC),
        instance_path=str(Path.cwd() / "instance"),
    )
    settings = load_settings(test_config)
    app.config.update(
        {name: str(getattr(settings, _attribute(name))) for name in SETTINGS}
    )
    app.config.update(dict(test_config or {}))
    app.config.setdefault("SEND_FILE_MAX_AGE_DEFAULT", 86_400)
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
    from catalogue.web import api, errors, feeds, pages, reuse, security, site

    site.init_app(app, settings)
    security.init_app(app)
    errors.init_app(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(feeds.bp)
    app.register_blueprint(reuse.bp)
    return app


def _attribute(name: str) -> str:
    return {
        "CATALOGUE_ENTRIES": "entries_dir",
        "CATALOGUE_INDEX": "index_dir",
        "CATALOGUE_EDIT_URL": "edit_url",
        "CATALOGUE_SITE_URL": "site_url",
        "CATALOGUE_EVIDENCE_CACHE": "evidence_cache",
    }[name]
