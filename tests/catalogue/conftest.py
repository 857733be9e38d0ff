"""Entry folders written inline for each test (MkDocs-style `tempdir(files=...)`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import write_file

VOCABULARY = """\
problem_areas:
  - name: Length of stay
    aliases: [LoS, long stay]
  - name: Bed management
techniques:
  - name: Natural language processing
    aliases: [NLP]
  - name: Computer vision
organisations:
  - name: Ridgeway Hospitals NHS Trust
    aliases: [Ridgeway]
    url: https://ridgeway.example.org/
  - name: Moorside NHS Foundation Trust
"""

GOOD = """\
---
title: Ward discharge planner
summary: Suggests which patients on a ward are ready to go home tomorrow.
type: project
status: pilot
date: 2022-03
problem_areas: LoS
techniques: [NLP]
tags: discharge
organisation: Ridgeway
code:
  url: https://example.org/planner
  licence: MIT
  language: Python
adopters:
  - organisation: Moorside NHS Foundation Trust
    status: piloting
    since: 2023
---
## What it does

Reads the ward list each evening.
"""


@pytest.fixture
def make_entries(tmp_path: Path):
    """Write {relative path: text or bytes} into an entries folder with a vocabulary."""

    def make(files: dict[str, str | bytes], vocabulary: str = VOCABULARY) -> Path:
        root = tmp_path / "entries"
        root.mkdir(exist_ok=True)
        (root / "vocabulary.yml").write_text(vocabulary, encoding="utf-8")
        for relpath, content in files.items():
            write_file(root, relpath, content)
        return root

    return make


def entry(**fields: str) -> str:
    """A minimal valid entry with some front matter lines replaced or added."""
    lines = {"title": "A title", "summary": "A summary.", "type": "project", **fields}
    front = "\n".join(f"{k}: {v}" for k, v in lines.items() if v is not None)
    return f"---\n{front}\n---\nBody text.\n"
