"""The real Flask app over the small search corpus, indexed once per session."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from catalogue.app import create_app
from tests.search.conftest import entries_copy, write_corpus  # noqa: F401 - fixture


@pytest.fixture(scope="session")
def site_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    write_corpus(root / "entries")
    return root


@pytest.fixture(scope="session")
def app(site_root: Path) -> Flask:
    """The app; its index is built on creation (read-only for tests)."""
    return create_app(
        {
            "CATALOGUE_ENTRIES": str(site_root / "entries"),
            "CATALOGUE_INDEX": str(site_root / "index"),
            "TESTING": True,
        }
    )


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def assert_error_shape(response, status: int, code: str) -> None:
    """Every API error: the status and {"error": {"code", "message"}}."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == code and body["error"]["message"]
