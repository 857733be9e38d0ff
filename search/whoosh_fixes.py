"""A small, targeted fix to Whoosh-Reloaded 2.7.5, applied on import of `search`.

`W3PerDocReader._cached_reader` caches the length column of scorable fields,
but not the *absence* of one: for every posting of a field without lengths
(our facets and word-list fields) it asks the file system again whether the
column file exists. Indexing 3,000 entries made over two million such calls.
Caching the negative answer is safe because a segment's files never change
once written.
"""

from __future__ import annotations

from typing import Any

import whoosh
from whoosh.codec import whoosh3

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
