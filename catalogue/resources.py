"""Where the site's own files are: templates, static files, the bundled vocabulary.

In a checkout they sit at the top of the repository, beside the packages (the
layout keeps `templates/`, `static/` and `entries/` there). An installed
package carries copies in `catalogue/bundled/`, made when it is built
(`setup.py`), so `pip install .` works from any folder.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
_BUNDLED = PACKAGE / "bundled"

#: The folder holding templates/, static/ and entries/vocabulary.yml.
ROOT = _BUNDLED if (_BUNDLED / "templates").is_dir() else PACKAGE.parent
TEMPLATES = ROOT / "templates"
STATIC = ROOT / "static"
NHSUK_ASSETS = STATIC / "vendor" / "nhsuk" / "assets"
VOCABULARY = ROOT / "entries" / "vocabulary.yml"

#: What a built package copies into catalogue/bundled/, relative to the checkout.
SHIPPED = ("templates", "static", "entries/vocabulary.yml")
