"""WSGI entry point: `gunicorn wsgi:app`, `waitress-serve wsgi:app`, `flask run`.

This is how the site is run in production, so it logs a warning for each
unsafe setting (no CATALOGUE_SITE_URL, no CATALOGUE_TRUSTED_HOSTS).
"""

from catalogue.app import create_app, warn_if_unsafe

app = create_app()
warn_if_unsafe(app)
