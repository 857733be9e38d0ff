"""Reading files: bytes -> front matter with line numbers and a body, or problems."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from catalogue.loader import (
    MAX_BYTES,
    RawEntry,
    find_entry_files,
    parse_entry_bytes,
    read_entry,
    read_entry_bytes,
)

YAML_FIX = (
    "check the indentation and quoting on that line: a value containing ': ' or"
    " starting with [ { * & ! % @ or ` needs quotes around it"
)


def read(folder: Path, relpath: str) -> RawEntry | list[str]:
    """Read one file as `catalogue check` shows it: problems as formatted lines."""
    found = read_entry(folder / relpath, f"entries/{relpath}", relpath)
    return found if isinstance(found, RawEntry) else [p.format() for p in found]


def parse(text: str) -> RawEntry | list[str]:
    found = parse_entry_bytes(text.encode("utf-8"), "entries/a.md", "a.md")
    return found if isinstance(found, RawEntry) else [p.format() for p in found]


@pytest.mark.parametrize(
    ("relpath", "expected"),
    [
        pytest.param(
            "bad-yaml.md",
            "entries/bad-yaml.md:3: yaml: error: the YAML cannot be read: mapping"
            f" values are not allowed in this context\n    fix: {YAML_FIX}",
            id="bad-yaml-with-its-line",
        ),
        pytest.param(
            "empty.md",
            "entries/empty.md: file: error: the file is empty\n"
            '    fix: start from a template: catalogue new project "Title"',
            id="empty",
        ),
        pytest.param(
            "not-utf8.md",
            "entries/not-utf8.md:2: file: error: the file is not UTF-8 text (byte"
            " 0xe9 at offset 14)\n"
            "    fix: save the file with UTF-8 encoding in your editor",
            id="not-utf8",
        ),
        pytest.param(
            "binary.md",
            "entries/binary.md:3: file: error: the file is a binary file, not Markdown"
            " text\n    fix: save the entry as plain UTF-8 text with a .md name",
            id="binary",
        ),
        pytest.param(
            "too-big.md",
            "entries/too-big.md: file: error: the file is 1,048,577 bytes; the limit"
            " is 1 MiB\n    fix: shorten the body or link to a longer document",
            id="over-1-mib",
        ),
        pytest.param(
            "alias-bomb.md",
            "entries/alias-bomb.md:5: yaml: error: YAML anchors and aliases (&name,"
            " *name) are not allowed\n"
            "    fix: write the value out in full instead of referring to it",
            id="alias-bomb",
        ),
        pytest.param(
            "python-tag.md",
            "entries/python-tag.md:2: yaml: error: the YAML tag"
            " !!python/object/apply:os.system is not allowed (nothing was run)\n"
            "    fix: remove the tag: fields hold only text, numbers, dates, lists"
            " and field: value mappings",
            id="python-tag",
        ),
    ],
)
def test_a_file_that_cannot_be_read_gives_one_problem(broken_dir, relpath, expected):
    assert read(broken_dir, relpath) == [expected]


def test_the_python_tag_in_the_corpus_runs_nothing(broken_dir):
    marker = Path("/tmp/catalogue-corpus-pwned")  # the file python-tag.md would touch
    assert not marker.exists(), f"remove {marker} left by an earlier run"
    read(broken_dir, "python-tag.md")
    assert not marker.exists()


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system",
        "!!python/object/new:os.system",
        "!!python/name:os.system",
        "!!python/module:os",
    ],
)
def test_no_python_tag_runs_anything(tmp_path, tag):
    marker = tmp_path / "ran"
    text = f'---\ntitle: {tag} ["touch {marker}"]\nsummary: s\ntype: project\n---\n'
    found = parse(text)
    assert not marker.exists()
    assert found[0].startswith(
        f"entries/a.md:2: yaml: error: the YAML tag {tag} is not allowed (nothing"
        " was run)\n"
    )


def test_a_single_alias_is_refused_at_its_anchor():
    text = "---\ntitle: &t Bed finder\nsummary: *t\ntype: project\n---\n"
    assert parse(text) == [
        "entries/a.md:2: yaml: error: YAML anchors and aliases (&name, *name) are not"
        " allowed\n    fix: write the value out in full instead of referring to it"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Just a note, with no front matter.\n",
            "entries/a.md:1: yaml: error: the file has no front matter\n    fix: start"
            " the file with a line of three dashes (---), then the fields, then"
            " another --- line, then the body",
            id="no-front-matter",
        ),
        pytest.param(
            "---\ntitle: Bed finder\n",
            "entries/a.md:1: yaml: error: the front matter is never closed\n"
            "    fix: add a line of three dashes (---) after the last field",
            id="never-closed",
        ),
        pytest.param(
            "---\n- title\n- summary\n---\n",
            "entries/a.md:1: yaml: error: the front matter is not a list of `field:"
            " value` lines\n    fix: write one `field: value` per line, such as"
            " `title: My project`",
            id="not-a-mapping",
        ),
        pytest.param(
            "---\ntitle: x\nextra: " + "[" * 40 + "]" * 40 + "\n---\n",
            "entries/a.md:1: yaml: error: the front matter is nested too deeply\n"
            "    fix: entries need at most three levels of lists and mappings",
            id="nested-too-deeply",
        ),
        pytest.param(
            "---\ntitle: [Bed finder\nsummary: s\n---\n",
            "entries/a.md:3: yaml: error: the YAML cannot be read: while parsing a flow"
            " sequence did not find expected ',' or ']'\n"
            f"    fix: {YAML_FIX}",
            id="unclosed-bracket",
        ),
    ],
)
def test_front_matter_problems(text, expected):
    assert parse(text) == [expected]


@pytest.mark.parametrize(
    "data",
    [b"   \n\n\t\n", b""],
    ids=["whitespace", "nothing"],
)
def test_blank_files_are_empty(data):
    found = parse_entry_bytes(data, "entries/a.md", "a.md")
    assert [str(p) for p in found] == ["entries/a.md: file: error: the file is empty"]


def test_a_file_of_exactly_1_mib_is_read(tmp_path, write_entry):
    head = "---\ntitle: Big\nsummary: s\ntype: project\n---\n"
    write_entry(tmp_path, "big.md", head + "x" * (MAX_BYTES - len(head)))
    found = read(tmp_path, "big.md")
    assert isinstance(found, RawEntry) and len(found.body) == MAX_BYTES - len(head)


def test_front_matter_and_body_are_split(good_dir):
    found = read(good_dir, "guidance/what-counts-as-ai.md")
    assert isinstance(found, RawEntry)
    assert found.meta == {
        "title": "What counts as AI in this catalogue",
        "summary": "The kinds of work we list here, and the kinds we leave out.",
        "type": "guidance",
    }
    assert found.body.startswith("We list work that learns from data")
    assert (found.slug, found.relpath) == (
        "what-counts-as-ai",
        "guidance/what-counts-as-ai.md",
    )


def test_every_field_knows_its_line(good_dir):
    found = read(good_dir, "projects/discharge-delay-predictor.md")
    assert found.lines[("title",)] == 2
    assert found.lines[("code", "licence")] == 14
    assert found.lines[("adopters", 1)] == 20
    assert found.lines[("adopters", 1, "status")] == 21
    assert found.line_of(("adopters", 1, "since")) == 20  # absent: its parent's line
    assert found.line_of(("nothing", "here")) == 1  # unknown: the opening ---


def test_dates_stay_as_written():
    found = parse("---\ndate: 2021-04-01\nsince: 2021\nmonth: 2021-04\n---\n")
    assert found.meta == {"date": "2021-04-01", "since": 2021, "month": "2021-04"}


@pytest.mark.parametrize(
    "data",
    [
        b"---\r\ntitle: Bed finder\r\ntype: x\r\n---\r\nBody\r\n",
        b"\xef\xbb\xbf---\ntitle: Bed finder\ntype: x\n---\nBody\n",
    ],
    ids=["windows-line-endings", "byte-order-mark"],
)
def test_windows_files_read_like_any_other(data):
    found = parse_entry_bytes(data, "entries/a.md", "a.md")
    assert found.meta == {"title": "Bed finder", "type": "x"}
    assert (found.body, found.lines[("type",)]) == ("Body\n", 3)


def test_the_digest_is_the_sha256_of_the_bytes():
    data = b"---\ntitle: x\n---\n"
    found = parse_entry_bytes(data, "entries/a.md", "a.md")
    assert found.digest == hashlib.sha256(data).hexdigest()


def test_only_entry_files_are_found(tmp_path, write_entry):
    for relpath in (
        "b.md",
        "sub/a.md",
        "README.md",
        "sub/readme.md",
        ".hidden.md",
        "_drafts/draft.md",
        ".git/x.md",
        "notes.txt",
        "vocabulary.yml",
    ):
        write_entry(tmp_path, relpath, "x")
    assert [p.relative_to(tmp_path).as_posix() for p in find_entry_files(tmp_path)] == [
        "b.md",
        "sub/a.md",
    ]


def test_a_symbolic_link_is_not_followed(tmp_path, write_entry):
    secret = write_entry(tmp_path, "outside/secret.md", "---\ntitle: Secret\n---\n")
    (tmp_path / "link.md").symlink_to(secret)
    assert read(tmp_path, "link.md") == [
        "entries/link.md: file: error: the file is a symbolic link, which is never"
        " followed\n    fix: replace the link with the file itself"
    ]


def test_a_vanished_file_is_reported(tmp_path):
    found = read_entry_bytes(tmp_path / "gone.md", "entries/gone.md")
    assert [p.format() for p in found] == [
        "entries/gone.md: file: error: the file cannot be read (No such file or"
        " directory)\n    fix: check the file exists and is readable"
    ]
