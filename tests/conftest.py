"""Fixtures shared by every test folder: the corpus on disk, and tmp copies of it.

`tests/corpus/good` holds valid entries (it passes `catalogue check --strict`)
and `tests/corpus/broken` one file per way an entry can be wrong. Both are
read-only: a test that edits files works on `tmp_entries` or `write_entry`.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

CORPUS = Path(__file__).resolve().parent / "corpus"

#: Broken files that would be awkward in git (not text, or huge): `broken_dir`
#: writes them beside the files on disk.
GENERATED_BROKEN: dict[str, bytes] = {
    # "Café" saved as Latin-1: byte 0xe9 on line 2, at offset 14.
    "not-utf8.md": (
        b"---\ntitle: Caf\xe9 rota\nsummary: Saved as Latin-1.\ntype: project\n---\n"
    ),
    # The start of a PNG image: a NUL byte on line 3.
    "binary.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    # One byte over the 1 MiB limit: 1,048,577 bytes.
    "too-big.md": (
        b"---\ntitle: Too big\nsummary: A huge body.\ntype: project\n---\n"
    ).ljust(1024 * 1024 + 1, b"x"),
}

WriteEntry = Callable[[Path, str, "str | bytes"], Path]


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The corpus folder in the repository (do not edit it)."""
    return CORPUS


@pytest.fixture(scope="session")
def good_dir(corpus: Path) -> Path:
    """Valid entries in sub-folders, with their vocabulary.yml (read-only)."""
    return corpus / "good"


@pytest.fixture(scope="session")
def broken_dir(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the broken corpus plus GENERATED_BROKEN (read-only, per session)."""
    root = tmp_path_factory.mktemp("broken") / "broken"
    shutil.copytree(corpus / "broken", root)
    for relpath, data in GENERATED_BROKEN.items():
        write_file(root, relpath, data)
    return root


@pytest.fixture
def tmp_entries(good_dir: Path, tmp_path: Path) -> Path:
    """A copy of the good corpus that a test may edit."""
    root = tmp_path / "entries"
    shutil.copytree(good_dir, root)
    return root


@pytest.fixture
def write_entry() -> WriteEntry:
    """`write_entry(folder, "sub/slug.md", text_or_bytes)` writes one file."""
    return write_file


def write_file(folder: Path, relpath: str, content: str | bytes) -> Path:
    path = folder / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


#: A hang guard, not a speed test: linear work on the inputs used with it takes
#: well under a second, super-linear work minutes.
HANG_SECONDS = 20.0


@pytest.fixture
def finishes() -> Callable[..., bool]:
    """`finishes(function, argument)`: whether it returns within HANG_SECONDS.

    It runs in a worker process that is killed at the limit, so a test of a
    super-linear pattern fails instead of hanging the suite.
    """
    from catalogue.bounded import Bounded, Failed, Overrun

    def run(function: Callable[[Any], Any], argument: Any) -> bool:
        with Bounded(function, HANG_SECONDS) as worker:
            result = worker(argument)
        assert not isinstance(result, Failed), result
        return not isinstance(result, Overrun)

    return run
