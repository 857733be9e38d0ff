"""The one Whoosh schema and its analyzers.

Text fields are stemmed (English) and carry no positions: phrases are matched
through `pairs`, a field of adjacent word pairs, which is far cheaper than
Whoosh's positional phrase matching. Facet fields hold exact canonical values.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from whoosh import analysis, fields, formats
from whoosh.system import pack_uint

from catalogue.facets import FACETS

#: Bump when the schema or what goes into a document changes: forces a rebuild.
SCHEMA_VERSION = 12

#: Searched text fields and their weight in the score.
TEXT_FIELDS = {"title": 3.0, "tags": 2.5, "summary": 2.0, "people": 1.5, "body": 1.0}
PAIRS_BOOST = 2.0

VALUE_SEPARATOR = "\x1f"  # joins several facet values in one field

ANALYZER = analysis.StemmingAnalyzer()
_VALUES = analysis.RegexTokenizer(r"[^\x1f]+")
_WORDS = analysis.RegexTokenizer(r"\S+")


# Documents arrive already analysed (`documents.stems()`), so indexing only
# splits them: this format counts the pieces directly, giving the postings the
# analyzers above would give, without a Token object per word.
WordPostings = Iterator[tuple[str, int, float, bytes]]


class Pieces(formats.Frequency):
    """Frequencies of the pieces of a value split on `separator` (or on spaces)."""

    def __init__(self, field_boost: float = 1.0, separator: str | None = None) -> None:
        super().__init__(field_boost=field_boost)
        self.separator = separator

    def word_values(
        self, value: str, analyzer: object, **kwargs: object
    ) -> WordPostings:
        boost = self.field_boost
        for word, freq in Counter(value.split(self.separator)).items():
            if word:
                yield word, freq, freq * boost, pack_uint(freq)


def _facet_field() -> fields.KEYWORD:
    field = fields.KEYWORD(scorable=False)
    field.analyzer = _VALUES
    field.format = Pieces(separator=VALUE_SEPARATOR)
    return field


def _words_field(scorable: bool = False, boost: float = 1.0) -> fields.KEYWORD:
    field = fields.KEYWORD(scorable=scorable, field_boost=boost)
    field.analyzer = _WORDS
    field.format = Pieces(field_boost=boost)
    return field


def _text_field(boost: float) -> fields.TEXT:
    field = fields.TEXT(analyzer=_WORDS, phrase=False, field_boost=boost)
    field.format = Pieces(field_boost=boost)
    return field


def build_schema() -> fields.Schema:
    """The catalogue's schema."""
    schema = fields.Schema(
        slug=fields.ID(unique=True, stored=True),
        path=fields.ID(unique=True),  # source file, relative to the entries folder
        source=fields.ID(),  # "path\x1fdigest": what was indexed, for updates
        pairs=_words_field(
            scorable=True, boost=PAIRS_BOOST
        ),  # "word_word" adjacent stems
        related=_words_field(),  # slugs this entry names in `related`
        date_sort=fields.NUMERIC(sortable=True, bits=32, signed=False),
        title_sort=fields.ID(sortable=True),
        adopted_sort=fields.NUMERIC(sortable=True, bits=32, signed=False),
        data=fields.STORED(),  # the result as JSON (everything a hit shows)
        entry=fields.STORED(),  # every field of the entry as JSON, for its page
        html=fields.STORED(),  # the body rendered once, at index time
        text=fields.STORED(),  # plain body text, for highlights
    )
    for (
        name,
        boost,
    ) in TEXT_FIELDS.items():  # documents.stems() has already analysed them
        schema.add(name, _text_field(boost))
    for facet in FACETS:  # each facet's field is named by its URL parameter
        schema.add(facet.param, _facet_field())
    return schema
