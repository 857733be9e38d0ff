"""Two small, targeted fixes to Whoosh-Reloaded 2.7.5, applied on import of `search`.

- `W3PerDocReader._cached_reader` caches the length column of scorable
  fields, but not the *absence* of one: for every posting of a field without
  lengths (our facets and word-list fields) it asks the file system again
  whether the column file exists. Indexing 3,000 entries made over two
  million such calls. Caching the negative answer is safe because a
  segment's files never change once written.
- `FieldWriter.add_postings` reads a document's field length from the
  segment's length column once per *posting* (to keep each block's shortest
  and longest length): 480 reads a document for our bodies, a fifth of a
  commit's time. The length of a (document, field) never changes while a
  segment is written, so each is read once and remembered for that call.
"""

from __future__ import annotations

from typing import Any

import whoosh
from whoosh.codec import base, whoosh3

#: The release the fix was written for and checked against.
WRITTEN_FOR = (2, 7, 5)
_MISSING = object()


def _cached_reader(self: Any, fieldname: str, column: Any) -> Any:
    reader = self._readers.get(fieldname, _MISSING)
    if reader is _MISSING:
        reader = (
            self.column_reader(fieldname, column)
            if self.has_column(fieldname)
            else None
        )
        self._readers[fieldname] = reader
    return reader


class _RememberedLengths:
    """A segment's field lengths, each read from its column once."""

    def __init__(self, lengths: Any) -> None:
        self._lengths = lengths
        self._known: dict[tuple[int, str], int] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        key = (docnum, fieldname)
        length = self._known.get(key)
        if length is None:
            length = self._known[key] = self._lengths.doc_field_length(
                docnum, fieldname, default
            )
        return length


_add_postings = base.FieldWriter.add_postings


def _add_postings_remembering_lengths(
    self: Any, schema: Any, lengths: Any, items: Any
) -> Any:
    remembered = _RememberedLengths(lengths) if lengths else lengths
    return _add_postings(self, schema, remembered, items)


def apply() -> None:
    """Install the fix (idempotent), on the Whoosh release it was written for.

    Another release may have changed the method it replaces: the catalogue
    refuses to start rather than run with a patch nobody checked against it.
    """
    if tuple(whoosh.__version__) != WRITTEN_FOR:
        raise RuntimeError(
            f"search/whoosh_fixes.py was written for Whoosh-Reloaded"
            f" {'.'.join(map(str, WRITTEN_FOR))}, but {whoosh.versionstring()} is"
            " installed: check the fix against it, then update WRITTEN_FOR"
        )
    whoosh3.W3PerDocReader._cached_reader = _cached_reader
    base.FieldWriter.add_postings = _add_postings_remembering_lengths
