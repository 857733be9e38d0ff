"""The one patch to Whoosh is applied, and only on the release it was written for."""

from __future__ import annotations

import pytest
import whoosh
from whoosh.codec import whoosh3

import search  # noqa: F401 - importing `search` applies the fix
from search import whoosh_fixes


def test_the_fix_is_applied_on_import():
    assert whoosh3.W3PerDocReader._cached_reader is whoosh_fixes._cached_reader
    assert tuple(whoosh.__version__) == whoosh_fixes.WRITTEN_FOR


def test_a_missing_length_column_is_looked_up_once(small_index):
    from whoosh import index

    from search.generations import current_generation

    ix = index.open_dir(str(current_generation(small_index)))
    with ix.reader() as reader:
        per_doc = next(iter(reader.leaf_readers()))[0]._perdoc
        asked = []
        has_column = per_doc.has_column
        per_doc.has_column = lambda name: asked.append(name) or has_column(name)
        for _ in range(3):
            per_doc._cached_reader("related", None)
        assert asked == ["related"]


def test_another_release_is_refused(monkeypatch):
    monkeypatch.setattr(whoosh, "__version__", (2, 7, 6))
    with pytest.raises(RuntimeError, match="written for Whoosh-Reloaded 2.7.5"):
        whoosh_fixes.apply()


def test_the_lengths_fix_is_applied_on_import():
    from whoosh.codec import base

    assert (
        base.FieldWriter.add_postings is whoosh_fixes._add_postings_remembering_lengths
    )


def test_a_commit_reads_each_field_length_once(tmp_path):
    from whoosh import fields, index

    asked: list[tuple[int, str]] = []
    read = whoosh3.W3PerDocReader.doc_field_length

    def counting(self, docnum, fieldname, default=0):
        asked.append((docnum, fieldname))
        return read(self, docnum, fieldname, default)

    ix = index.create_in(str(tmp_path), fields.Schema(body=fields.TEXT()))
    writer = ix.writer()
    writer.add_document(body="alpha beta gamma delta")
    writer.add_document(body="beta gamma")
    whoosh3.W3PerDocReader.doc_field_length = counting
    try:
        writer.commit()
    finally:
        whoosh3.W3PerDocReader.doc_field_length = read
    assert sorted(asked) == [(0, "body"), (1, "body")]  # not once per word
    with ix.searcher() as searcher:
        assert searcher.doc_field_length(0, "body") == 4
