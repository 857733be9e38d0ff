"""Long questions find the right entry as often as short queries do.

`data/questions*.yml` hold needs as Trust staff would put them, each twice:
the few words typed into a search box, and the question asked in full. Both
are searched on the bundled entries (`entries/`); the right entry must be in
the top three. `questions.yml` was written with the graded matching;
`questions_second_author.yml` and `questions_independent.yml` by two other
authors who had read neither the entries' text, nor the first set, nor the
search code (the facts file alone; the second also had the entries' titles).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from search.engine import SearchEngine
from search.indexer import update_index
from search.query import SearchRequest

ROOT = Path(__file__).resolve().parents[2]
SETS = {
    path.name: yaml.safe_load(path.read_text(encoding="utf-8"))
    for path in sorted((Path(__file__).parent / "data").glob("questions*.yml"))
}
QUESTIONS = [question for questions in SETS.values() for question in questions]
TOP = 3
#: Neither form may fall below this share of needs met (or a broken engine,
#: failing both alike, would pass the comparison).
FLOOR = 0.85


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> SearchEngine:
    index = tmp_path_factory.mktemp("bundled") / "index"
    update_index(ROOT / "entries", index)
    return SearchEngine(index)


def found(engine: SearchEngine, text: str, slug: str) -> bool:
    results = engine.search(SearchRequest(q=text, per_page=TOP))
    return slug in [hit.data["slug"] for hit in results.hits]


def hit_rate(
    engine: SearchEngine, questions: list[dict], form: str
) -> tuple[float, list[str]]:
    missed = [q[form] for q in questions if not found(engine, q[form], q["slug"])]
    return 1 - len(missed) / len(questions), missed


@pytest.mark.parametrize("name", sorted(SETS))
def test_long_questions_find_the_entry_as_often_as_short_queries(bundled, name):
    short, short_missed = hit_rate(bundled, SETS[name], "short")
    long, long_missed = hit_rate(bundled, SETS[name], "long")
    assert long >= short, f"long missed {long_missed}; short missed {short_missed}"
    assert min(short, long) >= FLOOR, (short_missed, long_missed)


def test_long_questions_show_the_few_entries_with_most_words_not_all(bundled):
    """Graded, not all-or-nothing: "43 of 43" for a question helps nobody."""
    size = bundled.status()["entries"]
    kept = 0
    for question in QUESTIONS:
        results = bundled.search(SearchRequest(q=question["long"], per_page=100))
        # the widest question of all three sets found 19 of 43; before graded
        # matching, a long question found most or all of them
        assert results.total <= 0.45 * size, (question["long"], results.total)
        kept += question["slug"] in [hit.data["slug"] for hit in results.hits]
    assert kept >= 0.9 * len(QUESTIONS)  # and the answer is still among them


@pytest.mark.parametrize(
    ("question", "slug"), [("tool that predicts how long patients stay", "long-stay")]
)
def test_the_questions_in_the_issue(bundled, question, slug):
    assert found(bundled, question, slug)


@pytest.mark.parametrize("name", sorted(SETS))
def test_every_question_names_a_bundled_entry(name):
    slugs = {p.stem for p in (ROOT / "entries").rglob("*.md") if p.name != "README.md"}
    assert {q["slug"] for q in SETS[name]} <= slugs
    assert len(SETS[name]) >= 25


def _grams(text: str, n: int) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9']+", text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def test_long_questions_are_not_copied_from_the_entries():
    """The first set's author had read the entries; the others had not."""
    entries = set().union(
        *(
            _grams(p.read_text(encoding="utf-8"), 5)
            for p in (ROOT / "entries").rglob("*.md")
        )
    )
    first = SETS["questions.yml"]
    copied = [q["long"] for q in first if _grams(q["long"], 5) & entries]
    assert copied == []
