"""Random front matter and bodies: the loader and validator never raise."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from catalogue.loader import RawEntry, parse_entry_bytes
from catalogue.validate import FIELDS, validate_entry
from catalogue.vocabulary import Vocabulary

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.dates().map(str),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
keys = st.sampled_from([*FIELDS, "category", "other"])


@settings(max_examples=300, deadline=None)
@given(meta=st.dictionaries(keys, values, max_size=10), body=st.text(max_size=200))
def test_random_front_matter_never_raises(meta, body):
    text = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n" + body
    result = parse_entry_bytes(text.encode("utf-8"), "x.md", "x.md")
    if isinstance(result, RawEntry):
        entry, problems = validate_entry(result, Vocabulary(), {"x"})
        assert entry is not None or any(p.is_error for p in problems)
    else:
        assert result and all(p.is_error for p in result)


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=300))
def test_random_bytes_never_raise(data):
    result = parse_entry_bytes(b"---\n" + data, "x.md", "x.md")
    if isinstance(result, RawEntry):
        validate_entry(result, Vocabulary(), set())
    else:
        assert result
