"""`pip install .` (not editable) into a fresh virtualenv, then `catalogue serve`
from an unrelated folder: the templates, static files and bundled vocabulary
travel with the package."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import time
import urllib.request
from pathlib import Path

import pytest

from tests.support.server import free_port

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as answer:
        return answer.status, answer.read()


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtualenv with the catalogue's wheel; dependencies from this one."""
    root = tmp_path_factory.mktemp("install")
    wheels = root / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
        timeout=300,
    )
    venv = root / "venv"
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True
    )
    purelib = Path(sysconfig.get_paths(vars={"base": str(venv)})["purelib"])
    # Dependencies: this virtualenv's packages, after the new one's own.
    (purelib / "dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )
    wheel = next(wheels.glob("*.whl"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(purelib),
            str(wheel),
        ],
        check=True,
        timeout=300,
    )
    return venv


def test_the_installed_package_serves_from_any_folder(installed, tmp_path):
    entries = Path(shutil.copytree(ROOT / "tests" / "corpus" / "good", tmp_path / "e"))
    (entries / "vocabulary.yml").unlink()  # the bundled one applies
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    python = installed / "bin" / "python"
    where = subprocess.run(
        [str(python), "-c", "import catalogue.resources as r; print(r.ROOT)"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert where.startswith(str(installed)) and where.endswith("catalogue/bundled")
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("CATALOGUE_")},
        "CATALOGUE_ENTRIES": str(entries),
        "CATALOGUE_INDEX": str(tmp_path / "index"),
    }
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen(
        [str(python), "-m", "catalogue", "serve", "--port", str(port)],
        cwd=elsewhere,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _body = get(f"{base}/api/health")
                break
            except OSError:
                alive = server.poll() is None and time.monotonic() < deadline
                assert alive, (tmp_path / "serve.log").read_text()
                time.sleep(0.2)
        status, home = get(f"{base}/")
        assert status == 200 and b"Find AI projects you can reuse" in home
        status, css = get(f"{base}/static/css/catalogue.css")
        assert status == 200 and css
        _status, facets = get(f"{base}/api/facets")
        techniques = {v["value"] for v in json.loads(facets)["technique"]}
        assert "Natural language processing" in techniques
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()
