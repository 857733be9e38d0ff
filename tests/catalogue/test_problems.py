"""Each way an entry can be wrong: the exact line a person sees; it is skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalogue.collection import load_catalogue
from catalogue.loader import MAX_BYTES
from tests.catalogue.conftest import GOOD, entry


def problems_of(root: Path) -> list[str]:
    catalogue = load_catalogue(root, shown_root="entries")
    return [p.format() for p in catalogue.problems]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "---\ntitle: Fine\nsummary: x: y: z\ntype: project\n---\n",
            "entries/a.md:3: yaml: error: the YAML cannot be read: mapping values are"
            " not allowed in this context",
            id="bad-yaml-with-line",
        ),
        pytest.param(
            entry(title=None),
            "entries/a.md:1: title: error: required field 'title' is missing or empty\n"
            "    fix: add a line `title: ...` to the front matter",
            id="missing-title",
        ),
        pytest.param(
            entry(summary="[one, two]"),
            "entries/a.md:3: summary: error: 'summary' must be text, not a list",
            id="wrong-typed-summary",
        ),
        pytest.param(
            entry(type="projet"),
            "entries/a.md:4: type: error: unknown type: 'projet' is not one of project,"
            " case-study, webinar, playbook, guidance\n    fix: use one of project,"
            " case-study, webinar, playbook, guidance (did you mean 'project'?)",
            id="unknown-type",
        ),
        pytest.param(
            entry(status="live"),
            "entries/a.md:5: status: error: unknown status: 'live' is not one of idea,"
            " discovery, proof-of-concept, pilot, in-use, retired",
            id="unknown-status",
        ),
        pytest.param(
            entry(date="2021-02-30"),
            "entries/a.md:5: date: error: bad date: '2021-02-30' has day 30; that month"
            " has 28 days\n    fix: write the date as YYYY, YYYY-MM or YYYY-MM-DD, such"
            " as 2021-04",
            id="impossible-date",
        ),
        pytest.param(
            entry(date="April 2021"),
            "entries/a.md:5: date: error: bad date: 'April 2021' is not a date in"
            " the form YYYY, YYYY-MM or YYYY-MM-DD",
            id="bad-date-form",
        ),
        pytest.param(
            entry(related="[no-such-entry]"),
            "entries/a.md:5: related[0]: error: unknown related slug 'no-such-entry':"
            " no entry has that file name",
            id="unknown-related",
        ),
        pytest.param(
            entry(links="[{title: Bad, url: 'javascript:alert(1)'}]"),
            "entries/a.md:5: links[0].url: error: 'javascript:alert(1)' is not a web"
            " address\n    fix: write the full address, starting with https://",
            id="javascript-url",
        ),
        pytest.param(
            "", "entries/a.md: file: error: the file is empty", id="empty-file"
        ),
        pytest.param(
            "Just text, no front matter.\n",
            "entries/a.md:1: yaml: error: the file has no front matter",
            id="no-front-matter",
        ),
    ],
)
def test_error_message(make_entries, text, expected):
    found = problems_of(make_entries({"a.md": text}))
    assert any(p.startswith(expected) for p in found), "\n".join(found)


def test_problem_is_not_fatal_to_the_others(make_entries):
    root = make_entries({"good.md": GOOD, "bad.md": entry(type="nope")})
    catalogue = load_catalogue(root)
    assert list(catalogue.entries) == ["good"]
    assert (catalogue.files, catalogue.invalid) == (2, 1)


def test_duplicate_slug_keeps_the_first_and_reports_the_other(make_entries):
    root = make_entries({"a/same.md": entry(), "b/same.md": entry(title="Other")})
    catalogue = load_catalogue(root, shown_root="entries")
    assert catalogue.entries["same"].path == "a/same.md"
    assert [str(p) for p in catalogue.problems] == [
        "entries/b/same.md: slug: error: duplicate slug 'same': a/same.md already uses"
        " it, and is kept"
    ]


def test_bad_slug_characters(make_entries):
    found = problems_of(make_entries({"Bed_Finder.md": entry()}))
    assert found == [
        "entries/Bed_Finder.md:1: file: error: the file name 'Bed_Finder.md' is not a"
        " valid slug\n    fix: rename the file to 'bed-finder.md': lower-case letters"
        " a-z, digits 0-9 and single hyphens only"
    ]


def test_not_utf8_names_the_line(make_entries):
    data = entry().encode() + "caf\xe9\n".encode("latin-1")
    found = problems_of(make_entries({"a.md": data}))
    assert found[0].startswith(
        "entries/a.md:7: file: error: the file is not UTF-8 text (byte 0xe9 at offset"
    )
    assert found[0].endswith("fix: save the file with UTF-8 encoding in your editor")


def test_binary_file(make_entries):
    found = problems_of(make_entries({"a.md": b"\x89PNG\r\n\x1a\n\x00\x00"}))
    assert found[0].startswith(
        "entries/a.md:3: file: error: the file is a binary file, not Markdown text"
    )


def test_over_one_mebibyte(make_entries):
    big = entry() + "x" * MAX_BYTES
    found = problems_of(make_entries({"a.md": big}))
    assert found[0].startswith(
        f"entries/a.md: file: error: the file is {len(big):,} bytes; the limit is 1 MiB"
    )


def test_alias_bomb_is_refused_at_once(make_entries):
    bomb = (
        "---\ntitle: Bomb\nsummary: s\ntype: project\n"
        + "a: &a [x, x, x, x, x, x]\n"
        + "".join(
            f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
            for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        )
        + "---\n"
    )
    found = problems_of(make_entries({"a.md": bomb}))
    assert found == [
        "entries/a.md:5: yaml: error: YAML anchors and aliases (&name, *name)"
        " are not allowed\n    fix: write the value out in full instead of"
        " referring to it"
    ]


def test_python_tag_is_refused_and_nothing_runs(make_entries, tmp_path):
    marker = tmp_path / "pwned"
    text = f'---\ntitle: !!python/object/apply:os.system ["touch {marker}"]\n---\n'
    found = problems_of(make_entries({"a.md": text}))
    assert not marker.exists()
    assert found[0].startswith(
        "entries/a.md:2: yaml: error: the YAML tag !!python/object/apply:os.system is"
        " not allowed (nothing was run)"
    )


def test_symbolic_links_are_not_followed(make_entries, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text(entry(title="Secret"))
    root = make_entries({})
    (root / "link.md").symlink_to(secret)
    catalogue = load_catalogue(root, shown_root="entries")
    assert catalogue.entries == {}
    assert str(catalogue.problems[0]).startswith(
        "entries/link.md: file: error: the file is a symbolic link"
    )


def test_warnings_keep_the_entry(make_entries):
    text = entry(techniques="[Computer visoin]", techinques="[x]", summary="x" * 301)
    catalogue = load_catalogue(make_entries({"a.md": text}), shown_root="entries")
    assert "a" in catalogue.entries
    assert [p.format() for p in catalogue.problems] == [
        "entries/a.md:3: summary: warning: the summary is 301 characters; the limit is"
        " 300\n    fix: shorten it to one or two sentences; put detail in the body",
        "entries/a.md:5: techniques[0]: warning: 'Computer visoin' is not in the"
        " vocabulary of techniques\n    fix: did you mean 'Computer vision'? use a"
        " value from the techniques in vocabulary.yml, or add 'Computer visoin' there",
        "entries/a.md:6: techinques: warning: unknown field 'techinques' is ignored\n"
        "    fix: did you mean 'techniques'?",
    ]


@pytest.mark.parametrize(
    ("value", "field"),
    [
        ('["", "Computer visoin"]', "techniques[1]"),
        ('["Computer vision", "", "", "Computer visoin"]', "techniques[3]"),
        ('"Computer visoin"', "techniques"),
    ],
)
def test_a_list_item_is_named_by_its_own_position(make_entries, value, field):
    catalogue = load_catalogue(
        make_entries({"a.md": entry(techniques=value)}), shown_root="entries"
    )
    assert [(p.field, p.message) for p in catalogue.problems] == [
        (field, "'Computer visoin' is not in the vocabulary of techniques")
    ]


def test_only_the_first_unknown_related_slugs_get_a_suggestion(make_entries):
    names = ", ".join(f"ambulance-handover-forecast-{n}" for n in range(5))
    root = make_entries(
        {
            "a.md": entry(related=f"[{names}]"),
            "ambulance-handover-forecast.md": entry(title="Forecast"),
        }
    )
    fixes = [
        p.fix for p in load_catalogue(root).problems if p.field.startswith("related")
    ]
    assert fixes == 3 * [
        "did you mean 'ambulance-handover-forecast'? use the file name of another"
        " entry, without .md"
    ] + 2 * ["use the file name of another entry, without .md"]
