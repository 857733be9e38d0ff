"""One pipeline for `check` and `index`: whatever index would leave out, check names.

The awkward bodies here are what once took `catalogue index` minutes or for
ever: nesting thousands of levels deep, a word half a million characters long,
tens of thousands of brackets, a huge table.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalogue import render
from catalogue.cli import cli
from catalogue.collection import load_catalogue
from catalogue.render import BodyProblem, Rendered, body_limits, render_bodies
from tests.catalogue.test_properties import assert_safe_html

HEAD = "---\ntitle: {title}\nsummary: An awkward body.\ntype: project\n---\n"

#: file name -> body (the front matter is HEAD, five lines).
AWKWARD = {
    "deep-quotes.md": "Intro.\n\n" + "> " * 5_000 + "deep\n",
    "deep-lists.md": "Lists:\n\n"
    + "".join("    " * i + "- item\n" for i in range(30))
    + "- " * 5_000
    + "deep\n",
    "long-word.md": "Start.\n\n" + "a" * 500_000 + "\n",
    "brackets.md": "Some text.\n\n" + "[\n" * 20_000,
    "big-table.md": "| Ward | Beds |\n|---|---|\n" + "| A | 1 |\n" * 10_000,
}
#: Rows of the big table where the budget is cut to BUDGET: 10,000 rows take
#: 0.7 s on a quiet machine, several seconds on a busy one.
SMALLER_TABLE = 2_000
BUDGET = 4.0  # seconds, for these tests: the brackets take minutes to render


def awkward_folder(good_dir: Path, folder: Path, table_rows: int = 10_000) -> Path:
    """The good corpus plus the awkward entries."""
    shutil.copytree(good_dir, folder)
    bodies = dict(AWKWARD)
    bodies["big-table.md"] = "| Ward | Beds |\n|---|---|\n" + "| A | 1 |\n" * table_rows
    for name, body in bodies.items():
        title = name.removesuffix(".md").replace("-", " ").capitalize()
        (folder / "awkward").mkdir(exist_ok=True)
        (folder / "awkward" / name).write_text(
            HEAD.format(title=title) + body, encoding="utf-8"
        )
    return folder


def run(entries: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env={"CATALOGUE_ENTRIES": str(entries)})


@pytest.fixture
def budget(monkeypatch: pytest.MonkeyPatch) -> float:
    monkeypatch.setattr(render, "RENDER_SECONDS", BUDGET)
    return BUDGET


def test_check_names_every_entry_index_would_leave_out(
    good_dir, tmp_path, budget, monkeypatch
):
    awkward_folder(good_dir, tmp_path / "entries", SMALLER_TABLE)
    monkeypatch.chdir(tmp_path)
    result = run(tmp_path / "entries", "check", "entries")
    assert result.exit_code == 1, result.output
    assert result.output.splitlines() == [
        "entries/awkward/brackets.md:6: body: error: rendering took longer than 4 s",
        "    fix: simplify the body: fewer nested lists and quotes, shorter tables,"
        " no long runs of brackets or emphasis marks",
        "entries/awkward/deep-lists.md:28: body: error: the body nests quotes or"
        " lists more than 20 levels deep",
        "    fix: use at most a few levels of `>` quotes and indented lists",
        "entries/awkward/deep-quotes.md:8: body: error: the body nests quotes or"
        " lists more than 20 levels deep",
        "    fix: use at most a few levels of `>` quotes and indented lists",
        "entries/awkward/long-word.md:8: body: error: a line of the body is 500,000"
        " characters long; the limit is 20,000",
        "    fix: break the text into paragraphs, or link to a long document instead"
        " of pasting it",
        "Checked 15 files: 11 valid, 4 left out; 4 errors, 0 warnings.",
    ]


def test_the_catalogue_keeps_every_good_entry_rendered(good_dir, tmp_path, budget):
    entries = awkward_folder(good_dir, tmp_path / "entries", SMALLER_TABLE)
    catalogue = load_catalogue(entries)
    assert sorted(catalogue.entries) == sorted(
        [p.stem for p in good_dir.rglob("*.md") if p.name != "README.md"]
        + ["big-table"]
    )
    table = catalogue.entries["big-table"].html
    assert table.startswith("<table>") and table.count("<tr>") == SMALLER_TABLE + 1
    for entry in catalogue.entries.values():
        assert entry.html and entry.text, entry.slug


@pytest.mark.parametrize(
    ("body", "found"),
    [
        ("> " * 20 + "fine\n", []),
        ("> " * 21 + "too deep\n", [(1, "nests")]),
        ("    " * 21 + "- deep item\n", [(1, "nests")]),
        ("- " * 21 + "x\n", [(1, "nests")]),
        ("1. " * 30 + "x\n", [(1, "nests")]),
        ("```\n" + "    " * 40 + "code keeps its indent\n```\n", []),
        ("ok\n" + "b" * 20_000 + "\n", []),
        ("ok\n" + "b" * 20_001 + "\n" + "> " * 30, [(2, "line"), (3, "nests")]),
    ],
    ids=[
        "20-quotes",
        "21-quotes",
        "indented",
        "markers",
        "numbered",
        "fenced-code",
        "20000-chars",
        "both",
    ],
)
def test_body_limits(body, found):
    problems = body_limits(body)
    assert [p.line for p in problems] == [line for line, _word in found]
    for problem, (_line, word) in zip(problems, found, strict=True):
        assert word in problem.message


def test_a_body_that_breaks_the_renderer_is_reported(monkeypatch):
    def broken(body: str) -> Rendered:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(render, "render_body", broken)
    assert list(render_bodies(["x"])) == [
        BodyProblem(
            None,
            "the body cannot be rendered (RecursionError: maximum recursion depth"
            " exceeded)",
            "simplify the Markdown around the part that was added last",
        )
    ]


#: Characters Python-Markdown and the sanitiser treat specially.
MARKUP = st.text(
    alphabet=st.sampled_from(list("[]()!<>*_`~#>-+|:=\\&'\"/ \n\t1.aA")), max_size=3000
)
RUNS = st.builds(
    lambda piece, times, tail: piece * times + tail,
    st.sampled_from(["[", "](", "> ", "- ", "    ", "*", "<a ", "|", "![", "\n"]),
    st.integers(0, 3000),
    MARKUP,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(MARKUP, RUNS), min_size=1, max_size=6))
def test_any_body_renders_or_is_reported_and_stays_safe(bodies):
    results = list(render_bodies(bodies))
    assert len(results) == len(bodies)
    for result in results:
        if isinstance(result, BodyProblem):
            assert result.message and result.fix
            continue
        assert_safe_html(result.html)
        assert "\n" not in result.text
