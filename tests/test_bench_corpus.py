"""The benchmark corpus generator, query set and FTS5 reference.

The corpus must be deterministic, realistic enough to exercise every field of
the entry format, and readable by the catalogue; the FTS5 reference must
answer the query set with correct disjunctive facet counts, checked here
against a brute-force count over the generated front matter.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.fts5 import Fts5Reference, translate
from tests.support.corpus import banks
from tests.support.corpus.generate import (
    KEY_ORDER,
    GeneratedEntry,
    generate_entries,
    to_markdown,
    write_corpus,
)
from tests.support.queries import FACETS, KINDS, QUERIES, SORTS, BenchQuery

CORPUS_SIZE = 300
LIST_FIELDS = ("problem_areas", "techniques", "tags", "partners", "related")
ALL = 100_000  # a page size that holds every result


@pytest.fixture(scope="module")
def entries() -> list[GeneratedEntry]:
    """The 300-entry corpus most tests look at."""
    return generate_entries(CORPUS_SIZE)


@pytest.fixture(scope="module")
def reference(entries: list[GeneratedEntry]) -> Iterator[Fts5Reference]:
    """An FTS5 index of the 300-entry corpus."""
    ref = Fts5Reference()
    ref.build(entries)
    yield ref
    ref.close()


def _list(value: Any) -> list[Any]:
    """A list field as a list, whether written as a list or a single value."""
    return [] if value is None else value if isinstance(value, list) else [value]


def _files(directory: Path) -> dict[str, bytes]:
    """Every file below a folder, by relative path."""
    return {
        path.relative_to(directory).as_posix(): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


def _front_matter(text: str) -> tuple[Any, str]:
    """Split a generated file into its parsed front matter and its body."""
    assert text.startswith("---\n")
    front, body = text[4:].split("\n---\n", 1)
    return yaml.safe_load(front), body


# --- the generator -------------------------------------------------------------


def test_same_seed_gives_identical_files(tmp_path: Path) -> None:
    assert write_corpus(tmp_path / "a", 40, seed=3) == 40
    assert write_corpus(tmp_path / "b", 40, seed=3) == 40
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_front_matter_is_the_same_with_or_without_libyaml(
    entries: list[GeneratedEntry],
) -> None:
    options = {"sort_keys": False, "allow_unicode": True, "width": 4096}
    for entry in entries:
        front = yaml.safe_dump(entry.meta, **options)  # pure Python emitter
        assert to_markdown(entry).startswith(f"---\n{front}---\n\n")


def test_different_seeds_give_different_entries() -> None:
    first = [to_markdown(e) for e in generate_entries(20, seed=1)]
    second = [to_markdown(e) for e in generate_entries(20, seed=2)]
    assert first != second
    assert len(set(first) & set(second)) < 2


@pytest.mark.parametrize("count", [0, 1, 10, 57])
def test_count_is_respected(count: int) -> None:
    entries = generate_entries(count, seed=9)
    assert len(entries) == count
    assert len({entry.slug for entry in entries}) == count


def test_negative_count_is_refused() -> None:
    with pytest.raises(ValueError):
        generate_entries(-1)


def test_corpus_files_spread_over_sub_folders(tmp_path: Path) -> None:
    written = write_corpus(tmp_path, 120, seed=5, vocabulary=True)
    files = sorted(tmp_path.rglob("*.md"))
    assert written == len(files) == 120
    assert len({path.parent for path in files}) >= 3
    assert all(path.parent.parent == tmp_path for path in files)
    assert len({path.stem for path in files}) == 120
    assert (tmp_path / "vocabulary.yml").is_file()


def test_a_corpus_grows_without_changing_earlier_entries() -> None:
    small, large = generate_entries(80, seed=11), generate_entries(160, seed=11)
    small_slugs = {entry.slug for entry in small}
    for before, after in zip(small, large, strict=False):
        assert before.slug == after.slug
        assert before.body == after.body
        strip = {k: v for k, v in before.meta.items() if k != "related"}
        assert strip == {k: v for k, v in after.meta.items() if k != "related"}
        kept = [s for s in _list(after.meta.get("related")) if s in small_slugs]
        assert _list(before.meta.get("related")) == kept


def test_slugs_are_valid_and_unique(entries: list[GeneratedEntry]) -> None:
    slugs = [entry.slug for entry in entries]
    assert len(set(slugs)) == len(slugs)
    assert all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug) for slug in slugs)


def test_related_slugs_exist(entries: list[GeneratedEntry]) -> None:
    slugs = {entry.slug for entry in entries}
    related = [(e.slug, _list(e.meta.get("related"))) for e in entries]
    assert sum(1 for _, targets in related if targets) > CORPUS_SIZE / 3
    for slug, targets in related:
        assert len(targets) <= 4
        assert set(targets) <= slugs - {slug}
        assert len(set(targets)) == len(targets)


def test_summaries_and_bodies_have_sensible_lengths(
    entries: list[GeneratedEntry],
) -> None:
    for entry in entries:
        assert 0 < len(entry.meta["summary"]) <= 300
        assert "\n" not in entry.meta["summary"]
        assert 150 <= len(entry.body.split()) <= 700


def test_every_field_of_the_format_appears(entries: list[GeneratedEntry]) -> None:
    metas = [entry.meta for entry in entries]
    assert {key for meta in metas for key in meta} == set(KEY_ORDER)
    types = Counter(meta["type"] for meta in metas)
    assert set(types) == set(banks.TYPES)
    assert types.most_common(1)[0][0] == "project"
    assert {meta["status"] for meta in metas if "status" in meta} == set(banks.STATUSES)
    dates = [meta["date"] for meta in metas if "date" in meta]
    assert {len(date) for date in dates} == {4, 7, 10}
    assert {int(date[:4]) for date in dates} <= set(range(2018, 2027))
    assert all(isinstance(date, str) for date in dates)
    has_code = sum("code" in meta for meta in metas) / len(metas)
    assert 0.5 < has_code < 0.7
    for meta in metas:
        assert 1 <= len(_list(meta["problem_areas"])) <= 3
        assert 1 <= len(_list(meta["techniques"])) <= 3
        assert len(_list(meta.get("tags"))) <= 6
        if "code" in meta:
            assert set(meta["code"]) == {"url", "licence", "language"}
            assert meta["code"]["url"].startswith("https://")
        assert ("event" in meta) == (meta["type"] == "webinar")


def test_nested_fields_use_every_part(entries: list[GeneratedEntry]) -> None:
    metas = [entry.meta for entry in entries]
    adopters = [a for meta in metas for a in meta.get("adopters", [])]
    assert {a["status"] for a in adopters} == set(banks.ADOPTER_STATUSES)
    assert any("since" in a for a in adopters)
    assert any("since" not in a for a in adopters)
    assert max(len(meta.get("adopters", [])) for meta in metas) == 4
    links = [link for meta in metas for link in meta.get("links", [])]
    assert links and all(set(link) == {"title", "url"} for link in links)
    events = [meta["event"] for meta in metas if "event" in meta]
    assert {key for event in events for key in event} == {
        "date",
        "recording",
        "slides",
    }


def test_facet_values_are_canonical_with_some_aliases(
    entries: list[GeneratedEntry],
) -> None:
    areas = Counter(v for e in entries for v in _list(e.meta["problem_areas"]))
    techniques = Counter(v for e in entries for v in _list(e.meta["techniques"]))
    aliases = {alias for forms in banks.ALIASES.values() for alias in forms}
    assert set(banks.PROBLEM_AREAS) <= set(areas)
    assert set(banks.TECHNIQUES) <= set(techniques)
    assert set(areas) <= set(banks.PROBLEM_AREAS) | aliases
    assert set(techniques) <= set(banks.TECHNIQUES) | aliases
    used = (set(areas) | set(techniques)) & aliases
    assert len(used) >= 5
    assert sum(areas[a] + techniques[a] for a in used) < 0.1 * sum(areas.values())
    assert len({e.meta["organisation"] for e in entries}) > 60
    assert len(banks.organisations()) >= 190


def test_some_list_fields_are_single_strings(entries: list[GeneratedEntry]) -> None:
    singles = {
        key
        for entry in entries
        for key in LIST_FIELDS
        if isinstance(entry.meta.get(key), str)
    }
    assert len(singles) >= 3


def test_bodies_use_markdown_and_zipf_like_words(
    entries: list[GeneratedEntry],
) -> None:
    bodies = [entry.body for entry in entries]
    for marker in ("\n## ", "\n- ", "](https://", "| --- |", "```"):
        assert any(marker in body for body in bodies), marker
    words = Counter(w for body in bodies for w in re.findall(r"[a-z]+", body.lower()))
    for common in ("patients", "data", "model", "hospital"):
        assert words[common] > CORPUS_SIZE
    assert sum(1 for body in bodies if "length of stay" in body.lower()) > 30
    assert sum(1 for body in bodies if "bed management" in body.lower()) > 10
    assert sum(1 for count in words.values() if count <= 2) > 20  # a long tail


def test_every_file_parses_back_to_the_generated_data(tmp_path: Path) -> None:
    write_corpus(tmp_path, CORPUS_SIZE)
    generated = {entry.slug: entry for entry in generate_entries(CORPUS_SIZE)}
    files = sorted(tmp_path.rglob("*.md"))
    assert len(files) == CORPUS_SIZE
    for path in files:
        meta, body = _front_matter(path.read_text(encoding="utf-8"))
        entry = generated[path.stem]
        assert meta == entry.meta
        assert body.lstrip("\n") == entry.body
        assert path.parent.name == banks.TYPE_FOLDERS[meta["type"]]


def test_the_catalogue_accepts_every_entry(tmp_path: Path) -> None:
    validate = pytest.importorskip("catalogue.validate")
    loader = pytest.importorskip("catalogue.loader")
    vocabulary = pytest.importorskip("catalogue.vocabulary")
    write_corpus(tmp_path, CORPUS_SIZE, vocabulary=True)
    vocab, vocab_problems = vocabulary.load_vocabulary(tmp_path / "vocabulary.yml")
    assert vocab_problems == []
    raws = [
        loader.read_entry(path, str(path), path.relative_to(tmp_path).as_posix())
        for path in loader.find_entry_files(tmp_path)
    ]
    slugs = {raw.slug for raw in raws}
    for raw in raws:
        entry, problems = validate.validate_entry(raw, vocab, slugs)
        assert entry is not None and problems == [], raw.path


# --- the query set -------------------------------------------------------------


def test_query_set_covers_every_kind(entries: list[GeneratedEntry]) -> None:
    assert 45 <= len(QUERIES) <= 70
    assert len({query.name for query in QUERIES}) == len(QUERIES)
    assert {query.kind for query in QUERIES} == set(KINDS)
    values = {facet: set() for facet in FACETS}
    for entry in entries:
        for facet, found in _facet_values(entry.meta).items():
            values[facet] |= found
    for query in QUERIES:
        assert query.sort in SORTS and query.page >= 1
        for facet, ticked in query.filters.items():
            assert facet in FACETS and ticked
            assert set(ticked) <= values[facet], (query.name, facet)


# --- the FTS5 reference ----------------------------------------------------------


def _facet_values(meta: dict[str, Any]) -> dict[str, set[str]]:
    """An entry's value(s) of each facet, read straight from its front matter."""
    return {
        "type": {meta["type"]},
        "status": {meta["status"]} if "status" in meta else set(),
        "problem_area": set(_list(meta.get("problem_areas"))),
        "technique": set(_list(meta.get("techniques"))),
        "adopter": {a["organisation"] for a in _list(meta.get("adopters"))},
        "has_code": {"true" if "code" in meta else "false"},
    }


def _matching(reference: Fts5Reference, q: str) -> set[str]:
    """The slugs matching a query's text, with no filters."""
    answer = reference.search(BenchQuery("all", q), per_page=ALL)
    return {result["slug"] for result in answer["results"]}


def _brute_force(
    entries: list[GeneratedEntry], matched: set[str], filters: dict[str, list[str]]
) -> tuple[int, dict[str, Counter[str]]]:
    """Total and disjunctive facet counts, counted one entry at a time."""
    values = {e.slug: _facet_values(e.meta) for e in entries if e.slug in matched}

    def passes(slug: str, skip: str | None) -> bool:
        """Whether an entry has a ticked value of every facet but `skip`."""
        return all(
            values[slug][facet] & set(ticked)
            for facet, ticked in filters.items()
            if facet != skip and ticked
        )

    total = sum(passes(slug, None) for slug in values)
    counts = {
        facet: Counter(v for s in values if passes(s, facet) for v in values[s][facet])
        for facet in FACETS
    }
    return total, counts


FACET_CHECKS = [query for query in QUERIES if query.filters] + [
    BenchQuery("none", "", kind="browse"),
    BenchQuery("word", "model"),
    BenchQuery("exclude", "data -sepsis", {"status": ["pilot"]}, kind="exclude"),
    BenchQuery(
        "empty-selection",
        "sepsis",
        {"problem_area": ["Renal", "Clinical negligence"], "has_code": ["false"]},
    ),
    BenchQuery(
        "three-facets",
        '"the data"',
        {
            "type": ["project", "webinar"],
            "technique": ["Gradient boosting", "NLP"],
            "adopter": ["Leeds Teaching Hospitals NHS Trust"],
        },
    ),
]


@pytest.mark.parametrize("query", FACET_CHECKS, ids=lambda query: query.name)
def test_facet_counts_are_disjunctive(
    entries: list[GeneratedEntry], reference: Fts5Reference, query: BenchQuery
) -> None:
    matched = _matching(reference, query.q)
    total, expected = _brute_force(entries, matched, query.filters)
    answer = reference.search(query)
    assert answer["total"] == total
    for facet in FACETS:
        rows = answer["facets"][facet]
        got = {row["value"]: row["count"] for row in rows if row["count"]}
        assert got == dict(expected[facet]), facet
        ticked = set(query.filters.get(facet, []))
        assert {row["value"] for row in rows if row["selected"]} == ticked
        counts = [row["count"] for row in rows if not row["selected"]]
        assert counts == sorted(counts, reverse=True)


def test_results_pass_the_filters(
    entries: list[GeneratedEntry], reference: Fts5Reference
) -> None:
    by_slug = {entry.slug: entry.meta for entry in entries}
    query = BenchQuery(
        "f", "data", {"type": ["project"], "has_code": ["true", "false"]}
    )
    answer = reference.search(query, per_page=ALL)
    assert answer["total"] == len(answer["results"]) > 0
    assert all(by_slug[r["slug"]]["type"] == "project" for r in answer["results"])


def _text(meta: dict[str, Any], body: str) -> str:
    """The searched text of an entry: title, summary, tags and body."""
    tags = " ".join(_list(meta.get("tags")))
    return f"{meta['title']}\n{meta['summary']}\n{tags}\n{body}".lower()


def test_phrases_need_the_words_together(
    entries: list[GeneratedEntry], reference: Fts5Reference
) -> None:
    texts = {entry.slug: _text(entry.meta, entry.body) for entry in entries}
    phrase = _matching(reference, '"patients in hospital"')
    words = _matching(reference, "patients in hospital")
    assert phrase and phrase < words
    together = re.compile(r"\bpatient\w*\W+in\W+hospital\w*")
    assert all(together.search(texts[slug]) for slug in phrase)
    assert not any(together.search(texts[slug]) for slug in words - phrase)


def test_phrase_of_common_words(
    entries: list[GeneratedEntry], reference: Fts5Reference
) -> None:
    texts = {entry.slug: _text(entry.meta, entry.body) for entry in entries}
    phrase = _matching(reference, '"the data"')
    expected = {
        slug for slug, text in texts.items() if re.search(r"\bthe\W+data\b", text)
    }
    assert phrase == expected


def test_excluded_words_are_left_out(
    entries: list[GeneratedEntry], reference: Fts5Reference
) -> None:
    texts = {entry.slug: _text(entry.meta, entry.body) for entry in entries}
    both = _matching(reference, "dashboard winter")
    without = _matching(reference, "dashboard -winter")
    assert without and both
    assert without | both == _matching(reference, "dashboard")
    assert not without & both
    assert not any(re.search(r"\bwinters?\b", texts[slug]) for slug in without)
    only_excluded = _matching(reference, "-winter")
    assert only_excluded == set(texts) - _matching(reference, "winter")


def test_prefix_queries_match_longer_words(reference: Fts5Reference) -> None:
    prefixed = _matching(reference, "radiol*")
    radiology = _matching(reference, "radiology")
    assert radiology < prefixed
    assert radiology | _matching(reference, "radiologists") <= prefixed
    assert _matching(reference, "predict") <= _matching(reference, "predict*")


def test_relevance_sort_and_highlights(reference: Fts5Reference) -> None:
    answer = reference.search(BenchQuery("w", "sepsis"))
    scores = [result["score"] for result in answer["results"]]
    assert scores and scores == sorted(scores, reverse=True)
    for result in answer["results"]:
        (highlight,) = result["highlights"]
        assert "<mark>" in highlight and "</mark>" in highlight
        assert "<" not in re.sub(r"</?mark>", "", highlight)


def test_title_and_newest_sorts(
    entries: list[GeneratedEntry], reference: Fts5Reference
) -> None:
    dates = {e.slug: e.meta.get("date", "") for e in entries}
    titles = [
        r["title"].casefold()
        for r in reference.search(BenchQuery("t", "", sort="title"))["results"]
    ]
    assert titles == sorted(titles)
    for sort in ("newest", None):  # browsing is newest first
        answer = reference.search(BenchQuery("n", "", sort=sort), ALL)
        firsts = [_first_day(dates[r["slug"]]) for r in answer["results"]]
        assert firsts == sorted(firsts, reverse=True)
        assert all(r["score"] is None for r in answer["results"])


def _first_day(date: str) -> str:
    """A partial date as the first day it stands for ('' when there is none)."""
    return "-".join((date.split("-") + ["01", "01"])[:3]) if date else ""


def test_pages_are_slices_of_the_whole_ranking(reference: Fts5Reference) -> None:
    for q, sort in (("patients", None), ("", None), ("model", "title")):
        everything = reference.search(BenchQuery("a", q, sort=sort), ALL)
        page_3 = reference.search(BenchQuery("p", q, sort=sort, page=3))
        slugs = [r["slug"] for r in everything["results"]]
        assert [r["slug"] for r in page_3["results"]] == slugs[40:60]
        assert page_3["total"] == everything["total"]


def test_every_benchmark_query_runs(reference: Fts5Reference) -> None:
    for query in QUERIES:
        answer = reference.search(query)
        assert len(answer["results"]) <= 20
        assert set(answer["facets"]) == set(FACETS)
        assert answer["total"] >= len(answer["results"])


def test_bad_queries_are_refused(reference: Fts5Reference) -> None:
    with pytest.raises(ValueError):
        reference.search(BenchQuery("x", "a", {"colour": ["red"]}))
    with pytest.raises(ValueError):
        reference.search(BenchQuery("x", "a", sort="oldest"))
    with pytest.raises(ValueError):
        reference.search(BenchQuery("x", "a", page=0))


def test_translation_quotes_every_token() -> None:
    expression = translate('bed "length of stay" -covid-19 predict* NEAR(x) AND')
    assert expression.include == (
        '"bed" AND "length of stay" AND "predict" * AND "NEAR x" AND "AND"'
    )
    assert expression.exclude == '"covid 19"'
    assert translate('  *  - "" ').empty


NASTY = ['"', '"unclosed phrase', "*", "-", "--x", "OR", "NOT a", "a OR b",
         "NEAR(a b)", "title:bed", "^bed", "{title}: x", "a'b", "(", ")", "+x",
         '"a" "', "x\x00y", "ünïcödé", "日本語", "-\"the data\"", "a -a"]  # fmt: skip


@pytest.mark.parametrize("q", NASTY)
def test_awkward_queries_never_break_fts5(reference: Fts5Reference, q: str) -> None:
    answer = reference.search(BenchQuery("nasty", q))
    assert answer["total"] >= 0


@settings(max_examples=60, deadline=None, database=None)
@given(q=st.text(max_size=40))
def test_any_text_is_a_valid_query(reference: Fts5Reference, q: str) -> None:
    answer = reference.search(BenchQuery("any", q), per_page=5)
    assert answer["total"] >= len(answer["results"])
