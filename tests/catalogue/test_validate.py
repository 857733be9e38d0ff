"""Checking front matter: each mistake gives the exact line a person sees."""

from __future__ import annotations

import pytest

from catalogue.collection import load_catalogue
from catalogue.loader import RawEntry, parse_entry_bytes
from catalogue.model import PartialDate, parse_partial_date
from catalogue.validate import validate_entry
from catalogue.vocabulary import load_vocabulary

DATE_FIX = "write the date as YYYY, YYYY-MM or YYYY-MM-DD, such as 2021-04"
URL_FIX = "write the full address, starting with https://"


@pytest.fixture(scope="module")
def vocabulary(good_dir):
    found, problems = load_vocabulary(good_dir / "vocabulary.yml")
    assert problems == []
    return found


@pytest.fixture(scope="module")
def broken(broken_dir):
    """Every problem in the broken corpus, by path, as `catalogue check` prints it."""
    catalogue = load_catalogue(broken_dir, shown_root="entries")
    found: dict[str, list[str]] = {}
    for problem in catalogue.problems:
        found.setdefault(problem.path, []).append(problem.format())
    return found


@pytest.fixture
def check(vocabulary):
    """Validate a text: (the Entry or None, the problems as printed)."""

    def run(text: str, slugs=("a", "bed-finder", "bed-planner")):
        raw = parse_entry_bytes(text.encode("utf-8"), "entries/a.md", "a.md")
        assert isinstance(raw, RawEntry), raw
        entry, problems = validate_entry(raw, vocabulary, set(slugs))
        return entry, [p.format() for p in problems]

    return run


def entry(*lines: str) -> str:
    """A valid entry with extra front matter lines, the first of them on line 5."""
    extra = "".join(f"{line}\n" for line in lines)
    return f"---\ntitle: Bed finder\nsummary: Finds a bed.\ntype: project\n{extra}---\n"


@pytest.mark.parametrize(
    ("relpath", "expected"),
    [
        pytest.param(
            "missing-title.md",
            "entries/missing-title.md:1: title: error: required field 'title' is"
            " missing or empty\n    fix: add a line `title: ...` to the front matter",
            id="missing-title",
        ),
        pytest.param(
            "wrong-typed-summary.md",
            "entries/wrong-typed-summary.md:3: summary: error: 'summary' must be text,"
            " not a list\n    fix: write `summary: ...` with the text on the same line",
            id="wrong-typed-summary",
        ),
        pytest.param(
            "unknown-type.md",
            "entries/unknown-type.md:4: type: error: unknown type: 'projet' is not one"
            " of project, case-study, webinar, playbook, guidance\n    fix: use one of"
            " project, case-study, webinar, playbook, guidance (did you mean"
            " 'project'?)",
            id="unknown-type",
        ),
        pytest.param(
            "unknown-status.md",
            "entries/unknown-status.md:5: status: error: unknown status: 'live' is not"
            " one of idea, discovery, proof-of-concept, pilot, in-use, retired\n"
            "    fix: use one of idea, discovery, proof-of-concept, pilot, in-use,"
            " retired",
            id="unknown-status",
        ),
        pytest.param(
            "bad-date.md",
            "entries/bad-date.md:5: date: error: bad date: '2021-02-30' has day 30;"
            f" that month has 28 days\n    fix: {DATE_FIX}",
            id="bad-date",
        ),
        pytest.param(
            "duplicates-b/outpatient-no-shows.md",
            "entries/duplicates-b/outpatient-no-shows.md: slug: error: duplicate slug"
            " 'outpatient-no-shows': duplicates-a/outpatient-no-shows.md already uses"
            " it, and is kept\n    fix: rename one of the two files; slugs are unique"
            " across all sub-folders",
            id="duplicate-slug",
        ),
        pytest.param(
            "unknown-related.md",
            "entries/unknown-related.md:5: related[0]: error: unknown related slug"
            " 'ward-round-sumariser': no entry has that file name\n    fix: did you"
            " mean 'ward-round-summariser'? use the file name of another entry,"
            " without .md",
            id="unknown-related-slug",
        ),
        pytest.param(
            "Ward_Round_Copy.md",
            "entries/Ward_Round_Copy.md:1: file: error: the file name"
            " 'Ward_Round_Copy.md' is not a valid slug\n    fix: rename the file to"
            " 'ward-round-copy.md': lower-case letters a-z, digits 0-9 and single"
            " hyphens only",
            id="bad-slug-characters",
        ),
        pytest.param(
            "javascript-url.md",
            "entries/javascript-url.md:7: links[0].url: error:"
            " 'javascript:alert(document.cookie)' is not a web address\n"
            f"    fix: {URL_FIX}",
            id="javascript-url",
        ),
    ],
)
def test_a_broken_file_gets_its_one_problem(broken, relpath, expected):
    assert broken[f"entries/{relpath}"] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "---\ntitle: [Bed, finder]\nsummary: s\ntype: project\n---\n",
            "entries/a.md:2: title: error: 'title' must be text, not a list",
            id="title-list",
        ),
        pytest.param(
            "---\ntitle: ''\nsummary: s\ntype: project\n---\n",
            "entries/a.md:2: title: error: required field 'title' is missing or empty",
            id="title-empty",
        ),
        pytest.param(
            "---\ntitle: t\nsummary: {text: s}\ntype: project\n---\n",
            "entries/a.md:3: summary: error: 'summary' must be text, not a set of"
            " fields",
            id="summary-mapping",
        ),
        pytest.param(
            "---\ntitle: t\nsummary: yes\ntype: project\n---\n",
            "entries/a.md:3: summary: error: 'summary' must be text, not true/false",
            id="summary-boolean",
        ),
        pytest.param(
            "---\ntitle: t\nsummary: s\n---\n",
            "entries/a.md:1: type: error: required field 'type' is missing or empty",
            id="type-missing",
        ),
        pytest.param(
            "---\ntitle: t\nsummary: s\ntype: [project]\n---\n",
            "entries/a.md:4: type: error: unknown type: a list is not one of project,"
            " case-study, webinar, playbook, guidance",
            id="type-list",
        ),
    ],
)
def test_required_field_errors(check, text, expected):
    found, problems = check(text)
    assert found is None
    assert [p.split("\n")[0] for p in problems] == [expected]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        pytest.param(
            "status: Pilot",
            "entries/a.md:5: status: error: unknown status: 'Pilot' is not one of idea,"
            " discovery, proof-of-concept, pilot, in-use, retired\n    fix: use one of"
            " idea, discovery, proof-of-concept, pilot, in-use, retired (did you mean"
            " 'pilot'?)",
            id="capital-letter",
        ),
        pytest.param(
            "status: true",
            "entries/a.md:5: status: error: unknown status: true/false is not one of"
            " idea, discovery, proof-of-concept, pilot, in-use, retired\n    fix: use"
            " one of idea, discovery, proof-of-concept, pilot, in-use, retired",
            id="boolean",
        ),
        pytest.param(
            "adopters: [{organisation: Fenmoor, status: adopted}]",
            "entries/a.md:5: adopters[0].status: error: unknown status: 'adopted' is"
            " not one of exploring, adapting, piloting, in-use, stopped\n    fix: use"
            " one of exploring, adapting, piloting, in-use, stopped",
            id="adopter-status",
        ),
    ],
)
def test_unknown_status(check, line, expected):
    assert check(entry(line)) == (None, [expected])


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2021-13", "'2021-13' has month 13; months run from 01 to 12"),
        ("2023-02-29", "'2023-02-29' has day 29; that month has 28 days"),
        (
            "April 2021",
            "'April 2021' is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD",
        ),
        ("2021-4", "'2021-4' is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD"),
        ("21", "'21' is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD"),
        (
            "2021-04-01T09:30:00",
            "'2021-04-01T09:30:00' is not a date in the form YYYY, YYYY-MM or"
            " YYYY-MM-DD",
        ),
        ("[2021, 2022]", "a list is not a date"),
    ],
)
def test_bad_dates(check, written, message):
    assert check(entry(f"date: {written}")) == (
        None,
        [f"entries/a.md:5: date: error: bad date: {message}\n    fix: {DATE_FIX}"],
    )


def test_bad_dates_in_adopters_and_events_name_the_field(check):
    text = entry(
        "adopters:",
        "  - organisation: Fenmoor",
        "    since: 2022-00",
        "event:",
        "  date: soon",
    )
    assert check(text) == (
        None,
        [
            "entries/a.md:7: adopters[0].since: error: bad date: '2022-00' has month"
            f" 00; months run from 01 to 12\n    fix: {DATE_FIX}",
            "entries/a.md:9: event.date: error: bad date: 'soon' is not a date in the"
            f" form YYYY, YYYY-MM or YYYY-MM-DD\n    fix: {DATE_FIX}",
        ],
    )


@pytest.mark.parametrize("written", ["2021", "2021-04", "2021-04-01", "2024-02-29"])
def test_dates_may_be_partial_and_are_kept_as_written(check, written):
    found, problems = check(entry(f"date: {written}"))
    assert problems == []
    assert str(found.date) == written and found.to_dict()["date"] == written


@pytest.mark.parametrize("line", ["date:", 'date: ""', "date: '  '"])
def test_an_empty_date_is_no_date(check, line):
    found, problems = check(entry(line))
    assert (found.date, problems) == (None, [])


@pytest.mark.parametrize(
    ("written", "first_day"),
    [("2021", "2021-01-01"), ("2021-04", "2021-04-01"), ("2021-04-09", "2021-04-09")],
)
def test_a_partial_date_sorts_as_its_first_day(written, first_day):
    assert parse_partial_date(written).first_day.isoformat() == first_day


def test_partial_dates_sort_between_full_ones():
    written = ["2021-05", "2021-04-30", "2021", "2020-12-31"]
    ordered = sorted(parse_partial_date(w) for w in written)
    assert [str(d) for d in ordered] == ["2020-12-31", "2021", "2021-04-30", "2021-05"]
    assert isinstance(ordered[0], PartialDate)


@pytest.mark.parametrize(
    ("line", "field", "url"),
    [
        ("code: {url: 'javascript:alert(1)'}", "code.url", "javascript:alert(1)"),
        ("code: 'data:text/html,<b>x</b>'", "code.url", "data:text/html,<b>x</b>"),
        (
            "links: [{title: x, url: 'vbscript:msgbox'}]",
            "links[0].url",
            "vbscript:msgbox",
        ),
        ("event: {recording: 'javascript:x'}", "event.recording", "javascript:x"),
        (
            "event: {slides: 'ftp://example.org/s'}",
            "event.slides",
            "ftp://example.org/s",
        ),
        ("links: [{title: x, url: example.org}]", "links[0].url", "example.org"),
    ],
)
def test_only_web_addresses_are_accepted(check, line, field, url):
    assert check(entry(line)) == (
        None,
        [
            f"entries/a.md:5: {field}: error: '{url}' is not a web address\n"
            f"    fix: {URL_FIX}"
        ],
    )


def test_a_url_field_without_an_address(check):
    assert check(entry("links: [{title: Report}]")) == (
        None,
        [f"entries/a.md:5: links[0].url: error: 'url' needs a URL\n    fix: {URL_FIX}"],
    )


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        pytest.param(
            ["adopters: [{status: adapting}]"],
            "entries/a.md:5: adopters[0]: error: an adopter needs an organisation\n"
            "    fix: add `organisation: Name of the NHS Trust` to the adopter",
            id="adopter-without-organisation",
        ),
        pytest.param(
            ["adopters: [[Fenmoor]]"],
            "entries/a.md:5: adopters[0]: error: 'adopters' must be a set of fields,"
            " not a list\n    fix: indent its fields under `adopters:`, such as"
            " `  organisation: ...`",
            id="adopter-list",
        ),
        pytest.param(
            ["organisation: [Fenmoor, Westbridge]"],
            "entries/a.md:5: organisation: error: 'organisation' must be an"
            " organisation's name, not a list\n    fix: write `organisation: Name of"
            " the NHS Trust`",
            id="two-lead-organisations",
        ),
        pytest.param(
            ["tags:", "  - beds", "  - {name: flow}"],
            "entries/a.md:7: tags[1]: error: 'tags' must hold text values, not a set"
            " of fields\n    fix: write `tags: [first, second]` or one value per `- `"
            " line",
            id="tag-mapping",
        ),
    ],
)
def test_wrongly_shaped_fields(check, lines, expected):
    assert check(entry(*lines)) == (None, [expected])


def test_an_event_may_be_just_its_date(check):
    found, problems = check(entry("event: 2022-09-14"))
    assert problems == [] and str(found.event.date) == "2022-09-14"


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        pytest.param(
            ["techinques: [NLP]"],
            "entries/a.md:5: techinques: warning: unknown field 'techinques' is"
            " ignored\n    fix: did you mean 'techniques'?",
            id="misspelt-field",
        ),
        pytest.param(
            ["colour: blue"],
            "entries/a.md:5: colour: warning: unknown field 'colour' is ignored\n"
            "    fix: known fields: title, summary, type, status, date, problem_areas,"
            " techniques, tags, organisation, partners, code, reuse, adopters,"
            " related, links, event, retired",
            id="unknown-field",
        ),
        pytest.param(
            ["tags: [beds]", "tags: [flow]"],
            "entries/a.md:6: tags: warning: field 'tags' is written twice; the last"
            " one is used\n    fix: delete one of the two lines",
            id="field-twice",
        ),
        pytest.param(
            ["related: [a]"],
            "entries/a.md:5: related[0]: warning: an entry cannot be related to"
            " itself\n    fix: remove 'a'",
            id="related-to-itself",
        ),
        pytest.param(
            ["code: {url: 'https://example.org/x', licence: MIT, lisence: MIT}"],
            "entries/a.md:5: code.lisence: warning: unknown field 'lisence' is"
            " ignored\n    fix: known fields: url, licence, language",
            id="unknown-sub-field",
        ),
    ],
)
def test_warnings_keep_the_entry(check, lines, expected):
    found, problems = check(entry(*lines))
    assert found is not None
    assert problems == [expected]


def test_a_long_summary_is_a_warning(check):
    text = entry().replace("Finds a bed.", "x" * 301)
    found, problems = check(text)
    assert found.summary == "x" * 301
    assert problems == [
        "entries/a.md:3: summary: warning: the summary is 301 characters; the limit"
        " is 300\n    fix: shorten it to one or two sentences; put detail in the body"
    ]


def test_a_summary_of_300_characters_is_fine(check):
    assert check(entry().replace("Finds a bed.", "x" * 300))[1] == []


def test_a_field_written_twice_is_checked_where_it_is_used(check):
    found, problems = check(entry("type: projet"))
    assert found is None
    assert [p.split(": ", 3)[:3] for p in problems] == [
        ["entries/a.md:5", "type", "warning"],
        ["entries/a.md:5", "type", "error"],
    ]


def test_every_problem_in_a_file_is_reported_at_once(check):
    text = "---\ntitle: t\nsummary: s\ntype: projet\nstatus: live\ndate: 2021-13\n---\n"
    found, problems = check(text)
    assert found is None
    assert [p.split(": error:")[0] for p in problems] == [
        "entries/a.md:4: type",
        "entries/a.md:5: status",
        "entries/a.md:6: date",
    ]


def test_warnings_name_the_right_item_after_an_empty_one(check):
    found, problems = check(entry("techniques:", "  - NLP", "  - ''", "  - Quantum"))
    assert problems[0].startswith(
        "entries/a.md:8: techniques[2]: warning: 'Quantum' is not in the vocabulary"
    )
    assert found.techniques == ("Natural language processing", "Quantum")


def test_errors_name_the_right_related_item_after_an_empty_one(check):
    _found, problems = check(entry("related:", "  - ''", "  - bed-findr"))
    assert problems == [
        "entries/a.md:7: related[1]: error: unknown related slug 'bed-findr': no"
        " entry has that file name\n    fix: did you mean 'bed-finder'? use the file"
        " name of another entry, without .md"
    ]


@pytest.mark.parametrize(
    "written", ["bed-finder", "bed-finder.md", "projects/bed-finder.md", "[bed-finder]"]
)
def test_related_may_name_a_file(check, written):
    found, problems = check(entry(f"related: {written}"))
    assert (found.related, problems) == (("bed-finder",), [])


def test_lists_accept_a_single_string(check):
    text = entry(
        "problem_areas: LoS",
        "techniques: NLP",
        "tags: beds",
        "partners: Lumen",
        "adopters: Westbridge",
        "related: bed-planner",
        "links: https://example.org/report",
        "code: https://example.org/code",
    )
    found, problems = check(text)
    assert problems == []
    assert found.problem_areas == ("Length of stay",)
    assert found.techniques == ("Natural language processing",)
    assert found.tags == ("beds",)
    assert found.partners == ("Lumen Data Ltd",)
    assert [a.organisation for a in found.adopters] == [
        "Westbridge University Hospitals NHS Trust"
    ]
    assert found.related == ("bed-planner",)
    assert [(link.title, link.url) for link in found.links] == [
        ("https://example.org/report", "https://example.org/report")
    ]
    assert found.code.url == "https://example.org/code"


def test_repeated_values_are_kept_once(check):
    found, _problems = check(
        entry("techniques: [NLP, text mining, nlp]", "tags: [a, a]")
    )
    assert (found.techniques, found.tags) == (("Natural language processing",), ("a",))


def test_text_values_are_tidied(check):
    found, _problems = check(entry("tags: ['  bed   flow ', 2021, '']"))
    assert found.tags == ("bed flow", "2021")


def test_a_mailto_link_is_a_web_address(check):
    found, problems = check(entry("links: [{title: Ask us, url: 'mailto:a@b.nhs.uk'}]"))
    assert problems == [] and found.links[0].url == "mailto:a@b.nhs.uk"
