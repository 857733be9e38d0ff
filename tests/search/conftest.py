"""A small corpus with known answers, indexed once per session (read-only)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from search.engine import SearchEngine
from search.indexer import update_index
from search.query import SearchRequest, parse_request

VOCABULARY = """\
problem_areas:
  - name: Length of stay
    aliases: [LoS, long stay]
  - name: Bed management
    aliases: [bed allocation]
techniques:
  - name: Natural language processing
    aliases: [NLP]
  - name: Gradient boosting
    aliases: [XGBoost]
  - name: Computer vision
organisations:
  - name: Alpha Hospitals NHS Trust
    aliases: [Alpha]
  - name: Beta Health NHS Foundation Trust
    aliases: [Beta]
  - name: Gamma Analytics
"""

ENTRIES = {
    "projects/los-predictor.md": """\
---
title: Predicting long hospital stays
summary: Flags on admission the patients likely to need a long stay.
type: project
status: proof-of-concept
date: 2021-04
problem_areas: [Length of stay]
techniques: [Gradient boosting]
tags: [admissions]
organisation: Alpha
code: {url: "https://example.org/los", licence: MIT, language: Python}
adopters:
  - {organisation: Beta, status: adapting, since: 2022-01}
---
The model scores each admission for its expected length of stay, so ward teams
can plan discharge support early for the patients who need it most.
""",
    "projects/bed-planner.md": """\
---
title: Bed planner
summary: Suggests which ward has room for each incoming patient.
type: project
status: pilot
date: 2022
problem_areas: Bed management
techniques: [XGBoost]
organisation: Beta Health NHS Foundation Trust
code: {url: "https://example.org/beds"}
adopters:
  - {organisation: Alpha, status: in-use}
  - {organisation: Gamma Analytics, status: exploring}
---
Bed management meetings use it every morning to match patients to wards.
""",
    "projects/notes-reader.md": """\
---
title: Discharge letter reader
summary: Pulls key facts out of free-text discharge letters.
type: project
status: idea
date: 2020-01-15
problem_areas: [LoS]
techniques: [natural language processing]
organisation: Gamma Analytics
---
Natural language processing reads the letters; it records the length of each
patient's stay alongside the diagnosis.
""",
    "case-studies/scan-sorter.md": """\
---
title: Sorting scans by urgency
summary: A case study of ordering x-ray images for reporting.
type: case-study
date: 2023-06
techniques: [Computer vision]
organisation: Alpha
---
Radiographers reviewed x-ray images & scans under 5 < 6 mm flagged by the model.
<script>alert("x")</script>
""",
    "events/los-webinar.md": """\
---
title: Webinar on reducing LoS
summary: Staff from two trusts talk through their LoS work.
type: webinar
date: 2021-10
problem_areas: [Length of stay]
related: [los-predictor]
event: {date: 2021-10-12, recording: "https://example.org/rec"}
---
Speakers shared what helped them cut LoS on medical wards.
""",
    "guidance/flow-guide.md": """\
---
title: A guide to patient flow projects
summary: Where to start when planning an AI project about patient flow.
type: guidance
---
Start small: one ward, one bed report, and an NLP pilot only if the notes are digital.
""",
}


def write_corpus(
    folder: Path, entries: dict[str, str] = ENTRIES, vocabulary: str = VOCABULARY
) -> Path:
    """Write a corpus (by default this one) and its vocabulary into a folder."""
    for relpath, text in entries.items():
        path = folder / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (folder / "vocabulary.yml").write_text(vocabulary, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def small_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small corpus indexed once; tests must not change it."""
    root = tmp_path_factory.mktemp("small")
    update_index(write_corpus(root / "entries"), root / "index")
    return root / "index"


@pytest.fixture(scope="session")
def engine(small_index: Path) -> SearchEngine:
    """A search engine over the small index."""
    return SearchEngine(small_index)


@pytest.fixture
def entries_copy(tmp_path: Path) -> Path:
    """A corpus of the small entries a test may edit."""
    return write_corpus(tmp_path / "entries")


@pytest.fixture
def run(engine: SearchEngine):
    """Search with URL-style parameters: run(q="...", technique=["NLP"])."""

    def search(**params: object):
        as_lists = {
            k: v if isinstance(v, list) else [str(v)] for k, v in params.items()
        }
        return engine.search(parse_request(as_lists, engine.canonical_values()))

    return search


def slugs(results) -> list[str]:
    """The slugs of a page of results, in order."""
    return [hit.data["slug"] for hit in results.hits]


__all__ = ["SearchRequest", "slugs", "shutil"]
