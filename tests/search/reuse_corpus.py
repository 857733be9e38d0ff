"""A hand-made corpus for the reuse facets, with counts known by heart.

| slug | type | sample_data | runs_on | skills | medical_device |
|---|---|---|---|---|---|
| triage-tool | project | synthetic | Laptop, Server | Python, PyTorch | not-assessed |
| catalogue-search | project | public | Cloud | Python | no |
| coding-helper | project | none | Laptop | R | not-assessed |
| scan-reader | project | sample | Laptop, GPU | Python | yes |
| triage-story | case-study | (no reuse block) | | | |
| rota-idea | project | (not recorded) | | | |
"""

from __future__ import annotations

from pathlib import Path

from tests.search.conftest import write_corpus

VOCABULARY = """\
datasets:
  - name: SUS APC
governance:
  - name: DPIA
    level: Required
    why: Needed before high-risk processing of health data.
  - name: DSPT
    level: Required
    why: A yearly self-assessment for anyone using NHS patient data.
skills:
  - name: Python
    aliases: [python3]
  - name: PyTorch
  - name: R
"""

ENTRIES = {
    "projects/triage-tool.md": """\
---
title: Triage tool
summary: Suggests a triage category from the referral letter.
type: project
date: 2022-01
reuse:
  data:
    - name: Referral letters
      standard: SUS APC
      patient_level: true
  sample_data: synthetic
  governance: [DPIA]
  skills: [Python, PyTorch]
  runs_on: [Laptop, Server]
  medical_device: not-assessed
  readiness_level: 4
---
Reads the letter and proposes a category.
""",
    "projects/catalogue-search.md": """\
---
title: Catalogue search
summary: Searches data catalogues in one place.
type: project
date: 2021-05
reuse:
  data: [{name: Public catalogue metadata, patient_level: false}]
  sample_data: public
  skills: python3
  runs_on: Cloud
  medical_device: no
---
One search box over many catalogues.
""",
    "projects/coding-helper.md": """\
---
title: Coding helper
summary: Suggests clinical codes for discharge summaries.
type: project
date: 2020-03
reuse:
  data: Discharge summaries
  sample_data: none
  governance: [DPIA, DSPT]
  skills: [R]
  runs_on: [Laptop]
  medical_device: not-assessed
---
Suggests codes for a coder to check.
""",
    "projects/scan-reader.md": """\
---
title: Scan reader
summary: Flags scans that may show a fracture.
type: project
date: 2023-02
reuse:
  data: X-ray images
  sample_data: sample
  skills: [Python]
  runs_on: [Laptop, GPU]
  medical_device: yes
  readiness_level: 6
  effort: Two weeks of one data scientist
---
Flags scans for a radiologist.
""",
    "case-studies/triage-story.md": """\
---
title: How the triage tool was built
summary: The story of the triage tool.
type: case-study
related: [triage-tool]
---
A case study.
""",
    "projects/rota-idea.md": """\
---
title: Rota idea
summary: An idea for building staff rotas.
type: project
status: idea
reuse:
  data: Staff rotas
---
Only an idea so far.
""",
}


def write_reuse_corpus(folder: Path) -> Path:
    """Write the corpus and its vocabulary into a folder."""
    return write_corpus(folder, ENTRIES, VOCABULARY)
