"""WSGI entry point: `gunicorn wsgi:app`, `waitress-serve wsgi:app`, `flask --app wsgi run`."""

from catalogue.app import create_app

app = create_app()
