"""The schema's pre-split formats give exactly the postings Whoosh's analyzers give."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from whoosh import formats

from search.schema import _VALUES, _WORDS, VALUE_SEPARATOR, Pieces

# Words as documents.stems() writes them, with every kind of space between.
_WORD = st.text(st.characters(blacklist_categories=("Z", "C")), min_size=1, max_size=8)
_SPACES = st.sampled_from([" ", "  ", "\t", "\n", "\u00a0", "\u2003"])


def _analysed(format_: formats.Format, value: str, analyzer) -> list:
    return sorted(formats.Frequency.word_values(format_, value, analyzer))


@given(st.lists(st.tuples(_WORD, _SPACES), max_size=30), st.floats(0.5, 4.0))
def test_words_split_on_spaces_as_the_words_analyzer_does(pieces, boost):
    value = "".join(word + space for word, space in pieces)
    pieces_format = Pieces(field_boost=boost)
    assert sorted(pieces_format.word_values(value, None)) == _analysed(
        pieces_format, value, _WORDS
    )


@given(
    st.lists(
        st.text(min_size=0, max_size=12).filter(lambda v: VALUE_SEPARATOR not in v),
        max_size=8,
    )
)
def test_facet_values_split_on_the_separator_as_the_values_analyzer_does(values):
    value = VALUE_SEPARATOR.join(values)
    pieces_format = Pieces(separator=VALUE_SEPARATOR)
    assert sorted(pieces_format.word_values(value, None)) == _analysed(
        pieces_format, value, _VALUES
    )
