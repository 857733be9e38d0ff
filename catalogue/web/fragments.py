"""NHS.UK components rendered once per distinct set of parameters.

The filter panel calls the NHS.UK `checkboxes` macro for every facet on every
results page, and the macro is the slowest part of the page (about half its
time). A macro's output depends only on its parameters, so the panel's groups
are kept in a bounded cache keyed by them: repeated searches and browsing,
which show the same counts, render each group once.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from flask import Flask
from markupsafe import Markup

CACHED_GROUPS = 2048  # rendered groups kept, least recently used dropped first


def init_app(app: Flask) -> None:
    """Offer `cached_checkboxes(params)` to templates, as the macro is called."""

    @lru_cache(maxsize=CACHED_GROUPS)
    def render(key: str) -> Markup:
        macros = app.jinja_env.get_template("nhsuk/components/checkboxes/macro.jinja")
        return Markup(macros.module.checkboxes(json.loads(key)))  # type: ignore[attr-defined]

    def cached_checkboxes(params: dict[str, Any]) -> Markup:
        return render(json.dumps(params, sort_keys=True, ensure_ascii=False))

    app.jinja_env.globals["cached_checkboxes"] = cached_checkboxes
