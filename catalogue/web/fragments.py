"""NHS.UK components rendered once per distinct set of parameters.

The filter panel calls the NHS.UK `checkboxes` macro for every facet on every
results page, and every page calls the `header` and `footer` macros: together
they were about half of a results page's time. A macro's output depends only
on its parameters, so templates call `cached(component, params)` instead,
which keeps what each rendered in a bounded cache keyed by the parameters:
repeated searches and browsing (the same counts) and every page's header and
footer render once.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from flask import Flask
from markupsafe import Markup

CACHED = 2048  # rendered components kept, least recently used dropped first
#: The components templates may render through the cache: name -> its macro file.
COMPONENTS = {
    "checkboxes": "nhsuk/components/checkboxes/macro.jinja",
    "header": "nhsuk/components/header/macro.jinja",
    "footer": "nhsuk/components/footer/macro.jinja",
}


def init_app(app: Flask) -> None:
    """Offer `cached(component, params)` to templates, called as the macro is."""

    @lru_cache(maxsize=CACHED)
    def render(component: str, key: str) -> Markup:
        module = app.jinja_env.get_template(COMPONENTS[component]).module
        return Markup(getattr(module, component)(json.loads(key)))

    def cached(component: str, params: dict[str, Any]) -> Markup:
        return render(component, json.dumps(params, sort_keys=True, ensure_ascii=False))

    app.jinja_env.globals["cached"] = cached
