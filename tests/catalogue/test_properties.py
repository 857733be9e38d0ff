"""Random front matter, bytes and bodies: nothing raises, nothing unsafe gets out."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from catalogue.legacy import strip_components
from catalogue.loader import RawEntry, parse_entry_bytes
from catalogue.model import SLUG_RE, parse_partial_date
from catalogue.render import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, render_markdown
from catalogue.text import slugify
from catalogue.validate import FIELDS, validate_entry
from catalogue.vocabulary import Term, Vocabulary, normalise

VOCABULARY = Vocabulary(
    {
        "techniques": [Term("Natural language processing", ("NLP",))],
        "organisations": [Term("Fenmoor Hospitals NHS Foundation Trust", ("Fenmoor",))],
    }
)
SUB_FIELDS = ["url", "title", "organisation", "status", "since", "date", "recording"]
WORDS = ["project", "pilot", "in-use", "2021", "2021-04", "2021-02-30", "NLP", "a"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.sampled_from(WORDS),
    st.text(max_size=30),
    st.dates().map(str),
    st.sampled_from(["https://example.org/x", "javascript:alert(1)", "data:,x"]),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(SUB_FIELDS) | st.text(max_size=8), inner)
    ),
    max_leaves=12,
)
front_matter = st.dictionaries(
    st.sampled_from([*FIELDS, "category", "origin", "other"]), values, max_size=10
)
#: Markdown and HTML fragments that combine into hostile bodies.
FRAGMENTS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">',
    "](javascript:alert(1))",
    "](data:text/html,x)",
    "<svg/onload=alert(1)>",
    "<Tags tags={['x']} />",
    "<Callout type='info'>",
    "</Callout>",
    "```\n",
    "# ",
    "[",
    "]",
    "(",
    ")",
    "<",
    ">",
    '"',
    "'",
    "=",
    "\n",
    " ",
    "text",
    "https://example.org",
    "&#106;",
    "<style>",
    "<iframe src=//x>",
]
bodies = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=5), max_size=30).map(
    "".join
)


@settings(max_examples=300, deadline=None)
@given(meta=front_matter, body=st.text(max_size=200))
def test_random_front_matter_never_raises(meta, body):
    text = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n" + body
    result = parse_entry_bytes(text.encode("utf-8"), "x.md", "x.md")
    if not isinstance(result, RawEntry):
        assert result and all(p.is_error for p in result)
        return
    entry, problems = validate_entry(result, VOCABULARY, {"x", "a"})
    assert (entry is None) == any(p.is_error for p in problems)
    last_line = text.count("\n") + 1
    assert all(p.line is None or 1 <= p.line <= last_line for p in problems)
    if entry is not None:
        assert entry.to_dict()["slug"] == "x"


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=300))
def test_random_bytes_never_raise(data):
    result = parse_entry_bytes(b"---\n" + data, "x.md", "x.md")
    if isinstance(result, RawEntry):
        entry, problems = validate_entry(result, VOCABULARY, set())
        assert (entry is None) == any(p.is_error for p in problems)
    else:
        assert result and all(p.is_error for p in result)


class _Elements(HTMLParser):
    """Every tag and attribute in a piece of HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


def assert_safe_html(html: str) -> None:
    """Only allow-listed tags and attributes, and links to allowed schemes."""
    parser = _Elements()
    parser.feed(html)
    for tag, attrs in parser.found:
        assert tag in ALLOWED_TAGS
        for name, value in attrs:
            assert name in ALLOWED_ATTRIBUTES.get(tag, set()) or (
                tag == "a" and name == "rel"
            )
            if name in ("href", "src"):
                assert urlsplit(value or "").scheme in ("", "http", "https", "mailto")


@settings(max_examples=300, deadline=None)
@given(body=bodies)
def test_rendered_bodies_hold_only_allowed_tags_attributes_and_links(body):
    text, _tags = strip_components(body)
    assert_safe_html(render_markdown(text))


@settings(max_examples=200, deadline=None)
@given(day=st.dates(), precision=st.sampled_from([4, 7, 10]))
def test_partial_dates_are_shown_as_written(day, precision):
    written = day.isoformat()[:precision]
    parsed = parse_partial_date(written)
    assert str(parsed) == written
    assert parsed.first_day <= day


@settings(max_examples=200, deadline=None)
@given(title=st.text(max_size=40))
def test_slugs_are_always_valid(title):
    slug = slugify(title)
    assert slug == "" if not title.strip() else SLUG_RE.match(slug)


@settings(max_examples=200, deadline=None)
@given(value=st.text(max_size=30))
def test_normalising_twice_changes_nothing(value):
    once = normalise(value)
    assert normalise(once) == once
    assert not re.search(r"\s{2}|^\s|\s$", once)
