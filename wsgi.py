"""WSGI entry point: `gunicorn wsgi:app`, `waitress-serve wsgi:app`, `flask run`."""

from catalogue.app import create_app

app = create_app()
