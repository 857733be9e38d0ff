"""The benchmark searches answered by SQLite FTS5, as a side-by-side reference.

`Fts5Reference` indexes generated entries in an FTS5 table (title, summary,
tags and body; porter stemming; bm25 column weights 3, 2, 2.5 and 1 for title,
summary, tags and body) beside a plain table of facet rows, and answers a
`BenchQuery` in the shape of the app's search API:

    {"total": 42,
     "results": [{"slug", "title", "summary", "score", "highlights"}],
     "facets": {"type": [{"value": "project", "count": 30, "selected": False}]}}

`score` is the negated bm25 (higher is better), or None when no word has to
match (browsing, or only `-excluded` words); `highlights` is a list holding one
HTML-escaped `snippet()` with matches inside `<mark>`...`</mark>` (empty when
no word has to match). Facet counts are
disjunctive: each facet's counts apply every other facet's ticked values but
not its own, so ticking a second value of one facet shows what it would add.
"""

from __future__ import annotations

import html
import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from tests.support.corpus.generate import GeneratedEntry
from tests.support.queries import FACETS, BenchQuery

#: bm25() weights, in the order of the FTS5 columns.
WEIGHTS = {"title": 3.0, "summary": 2.0, "tags": 2.5, "body": 1.0}
_COLUMNS = ", ".join(WEIGHTS)
_BM25 = f"bm25(fts, {', '.join(str(w) for w in WEIGHTS.values())})"
_OPEN, _CLOSE = "\x02", "\x03"  # snippet markers, swapped for <mark> after escaping
_TERM = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_TOKEN = re.compile(r"[^\W_]+")  # what FTS5's unicode61 tokenizer keeps
_SCHEMA = f"""
CREATE TABLE docs (  -- short columns first: sorting never reads past the body
    id INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE, sort_date TEXT NOT NULL,
    title_key TEXT NOT NULL, title TEXT NOT NULL, summary TEXT NOT NULL,
    tags TEXT NOT NULL, body TEXT NOT NULL);
CREATE INDEX docs_newest ON docs (sort_date DESC, title_key, slug);
CREATE INDEX docs_title ON docs (title_key, slug);
CREATE VIRTUAL TABLE fts USING fts5({_COLUMNS}, content='docs', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2');
CREATE TABLE facets (
    doc INTEGER NOT NULL, facet TEXT NOT NULL, value TEXT NOT NULL,
    PRIMARY KEY (facet, value, doc)) WITHOUT ROWID;
CREATE INDEX facets_doc ON facets (doc, facet, value);
CREATE TEMP TABLE hits (doc INTEGER PRIMARY KEY, rank REAL);
""" + "".join(
    f"CREATE TEMP TABLE ticked_{facet} (doc INTEGER PRIMARY KEY);\n" for facet in FACETS
)
_INSERT_DOC = (
    "INSERT INTO docs (id, slug, title, summary, tags, body, sort_date, title_key)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
_ORDERS = {
    "relevance": "h.rank, d.sort_date DESC, d.slug",
    "newest": "d.sort_date DESC, d.title_key, d.slug",
    "title": "d.title_key, d.slug",
}


@dataclass(frozen=True)
class MatchExpression:
    """A query translated to FTS5: what must match and what must not."""

    include: str | None  # ANDed quoted phrases, or None when nothing is required
    exclude: str | None  # ORed quoted phrases that must not match, or None

    @property
    def empty(self) -> bool:
        """Whether nothing was typed that can be searched for (browse)."""
        return self.include is None and self.exclude is None


def translate(q: str) -> MatchExpression:
    """Bench query syntax to FTS5: words ANDed, "phrases", -word, word*; all quoted.

    Every term becomes a double-quoted FTS5 string of its tokens, so operators,
    column names and stray punctuation in `q` cannot cause a syntax error.
    """
    include: list[str] = []
    exclude: list[str] = []
    for match in _TERM.finditer(q):
        negated, phrase, word = match.group(1), match.group(2), match.group(3)
        prefix = False
        if word is not None:
            negated = "-" if word.startswith("-") and len(word) > 1 else ""
            prefix = word.endswith("*")
            phrase = word.removeprefix("-") if negated else word
        tokens = _TOKEN.findall(phrase or "")
        if tokens:
            term = '"' + " ".join(tokens) + '"' + (" *" if prefix else "")
            (exclude if negated else include).append(term)
    return MatchExpression(" AND ".join(include) or None, " OR ".join(exclude) or None)


def as_list(value: Any) -> list[Any]:
    """A list field as a list: None is empty, a single value is a list of one."""
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def sort_date(text: Any) -> str:
    """`YYYY[-MM[-DD]]` as the ISO first day it stands for; '' when absent."""
    if not text:
        return ""
    parts = str(text).split("-") + ["01", "01"]
    return "-".join(parts[:3])


def facet_rows(meta: dict[str, Any]) -> set[tuple[str, str]]:
    """Every (facet, value) pair of an entry's front matter."""
    rows = {
        ("type", str(meta["type"])),
        ("has_code", "true" if meta.get("code") else "false"),
    }
    if meta.get("status"):
        rows.add(("status", str(meta["status"])))
    rows.update(("problem_area", str(v)) for v in as_list(meta.get("problem_areas")))
    rows.update(("technique", str(v)) for v in as_list(meta.get("techniques")))
    for adopter in as_list(meta.get("adopters")):
        name = adopter.get("organisation") if isinstance(adopter, dict) else adopter
        if name:
            rows.add(("adopter", str(name)))
    return rows


class Fts5Reference:
    """An SQLite FTS5 index of generated entries answering benchmark queries."""

    def __init__(self, path: str = ":memory:") -> None:
        self.db = sqlite3.connect(path)
        self.db.execute("PRAGMA temp_store = MEMORY")
        self.db.execute("PRAGMA synchronous = OFF")  # a reference, rebuilt at will
        self.count = 0  # documents indexed

    def close(self) -> None:
        """Close the database."""
        self.db.close()

    def __enter__(self) -> Fts5Reference:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def build(self, entries: Iterable[GeneratedEntry]) -> None:
        """Index entries, replacing anything indexed before."""
        db = self.db
        temp = ["temp.hits", *(f"temp.ticked_{facet}" for facet in FACETS)]
        for table in ("fts", "facets", "docs", *temp):
            db.execute(f"DROP TABLE IF EXISTS {table}")
        db.executescript(_SCHEMA)
        docs, facets = [], []
        for doc_id, entry in enumerate(entries, start=1):
            docs.append(_doc_row(doc_id, entry))
            facets += [(doc_id, f, v) for f, v in sorted(facet_rows(entry.meta))]
        with db:
            db.executemany(_INSERT_DOC, docs)
            db.executemany("INSERT INTO facets VALUES (?, ?, ?)", facets)
            db.execute("INSERT INTO fts(fts) VALUES ('rebuild')")
            db.execute("INSERT INTO fts(fts) VALUES ('optimize')")
        db.execute("ANALYZE")
        self.count = len(docs)

    def search(self, query: BenchQuery, per_page: int = 20) -> dict[str, Any]:
        """Answer a query: total, one page of results, disjunctive facet counts."""
        selected = _selected(query)
        order = _order(query)
        if query.page < 1 or per_page < 1:
            raise ValueError("page and per_page must be 1 or more")
        expression = translate(query.q)
        hits = self._fill_hits(expression)
        self._fill_ticked(selected)
        source = _Source(None if expression.empty else hits, self.count)
        where = _filters(selected, "d.id")
        total = self.db.execute(
            f"SELECT COUNT(*) FROM {source.tables} WHERE {where}"
        ).fetchone()[0]
        rows = self.db.execute(
            f"SELECT d.id, d.slug, d.title, d.summary, {source.rank} FROM"
            f" {source.tables} WHERE {where} ORDER BY {_ORDERS[order]}"
            " LIMIT ? OFFSET ?",
            [per_page, (query.page - 1) * per_page],
        ).fetchall()
        return {
            "total": total,
            "results": self._results(rows, expression),
            "facets": {f: self._facet(f, selected, source) for f in FACETS},
        }

    def _fill_hits(self, expression: MatchExpression) -> int:
        """Put the matching documents and bm25 ranks in `temp.hits`; count them."""
        self.db.execute("DELETE FROM temp.hits")
        if expression.include:
            sql = f"INSERT INTO temp.hits SELECT rowid, {_BM25} FROM fts"
            sql += " WHERE fts MATCH ?"
            text = expression.include
            if expression.exclude:
                text = f"({expression.include}) NOT ({expression.exclude})"
            return self.db.execute(sql, [text]).rowcount
        if expression.exclude:
            return self.db.execute(
                "INSERT INTO temp.hits SELECT id, NULL FROM docs WHERE id NOT IN"
                " (SELECT rowid FROM fts WHERE fts MATCH ?)",
                [expression.exclude],
            ).rowcount
        return 0

    def _fill_ticked(self, selected: dict[str, list[str]]) -> None:
        """Put the documents having a ticked value of each facet in `ticked_<facet>`."""
        for facet, values in selected.items():
            marks = ", ".join("?" * len(values))
            self.db.execute(f"DELETE FROM temp.ticked_{facet}")
            self.db.execute(
                f"INSERT OR IGNORE INTO temp.ticked_{facet} SELECT doc FROM facets"
                f" WHERE facet = ? AND value IN ({marks})",
                [facet, *values],
            )

    def _results(
        self, rows: Sequence[tuple[Any, ...]], expression: MatchExpression
    ) -> list[dict[str, Any]]:
        """Result dicts for one page of rows, with highlights when terms matched."""
        snippets = self._snippets([row[0] for row in rows], expression.include)
        return [
            {
                "slug": slug,
                "title": title,
                "summary": summary,
                "score": None if rank is None else round(-rank, 6),
                "highlights": [snippets[doc_id]] if doc_id in snippets else [],
            }
            for doc_id, slug, title, summary, rank in rows
        ]

    def _snippets(self, doc_ids: list[int], include: str | None) -> dict[int, str]:
        """An HTML-safe snippet per document, matches wrapped in <mark>."""
        if not doc_ids or not include:
            return {}
        marks = ", ".join("?" * len(doc_ids))
        rows = self.db.execute(
            "SELECT rowid, snippet(fts, -1, ?, ?, '…', 24) FROM fts"
            f" WHERE fts MATCH ? AND rowid IN ({marks})",
            [_OPEN, _CLOSE, include, *doc_ids],
        )
        return {doc_id: _marked(text) for doc_id, text in rows}

    def _facet(
        self, facet: str, selected: dict[str, list[str]], source: _Source
    ) -> list[dict[str, Any]]:
        """Counts for one facet: every other facet's filters apply, not its own."""
        others = {name: values for name, values in selected.items() if name != facet}
        tables, doc_column, matched = source.facet_plan()
        where = _filters(others, doc_column)
        counts = self.db.execute(
            f"SELECT f.value, COUNT(*) FROM {tables}"
            f" WHERE f.facet = ? AND {matched} AND {where}"
            " GROUP BY f.value ORDER BY COUNT(*) DESC, f.value",
            [facet],
        ).fetchall()
        ticked = selected.get(facet, [])
        found = {value for value, _ in counts}
        counts += [(value, 0) for value in ticked if value not in found]
        return [{"value": v, "count": n, "selected": v in ticked} for v, n in counts]


@dataclass(frozen=True)
class _Source:
    """Where results come from: the matches in `temp.hits`, or every document."""

    hits: int | None  # how many documents matched; None when browsing
    count: int  # how many documents are indexed

    @property
    def tables(self) -> str:
        """The FROM clause for results."""
        if self.hits is None:
            return "docs d"
        return "temp.hits h JOIN docs d ON d.id = h.doc"

    @property
    def rank(self) -> str:
        """The bm25 rank column (NULL when browsing)."""
        return "NULL" if self.hits is None else "h.rank"

    def facet_plan(self) -> tuple[str, str, str]:
        """FROM clause, document column and match condition for counting a facet.

        A few matches are looked up in the facet index one by one; many are
        joined, letting SQLite scan the facet's rows once.
        """
        if self.hits is None:
            return "facets f", "f.doc", "1"
        if self.hits * 4 < self.count:
            return "facets f", "f.doc", "f.doc IN (SELECT doc FROM temp.hits)"
        return "temp.hits h JOIN facets f ON f.doc = h.doc", "h.doc", "1"


def _doc_row(doc_id: int, entry: GeneratedEntry) -> tuple[Any, ...]:
    """The `docs` row of an entry."""
    meta = entry.meta
    tags = "; ".join(str(tag) for tag in as_list(meta.get("tags")))
    title = str(meta["title"])
    return (
        doc_id,
        entry.slug,
        title,
        str(meta.get("summary", "")),
        tags,
        entry.body,
        sort_date(meta.get("date")),
        title.casefold(),
    )


def _selected(query: BenchQuery) -> dict[str, list[str]]:
    """The ticked facet values, checking the facet names."""
    unknown = set(query.filters) - set(FACETS)
    if unknown:
        raise ValueError(f"unknown facets {sorted(unknown)}; known: {FACETS}")
    return {facet: list(values) for facet, values in query.filters.items() if values}


def _order(query: BenchQuery) -> str:
    """The ORDER BY key: relevance when words were typed, else newest first."""
    order = query.sort or "relevance"
    if order not in _ORDERS:
        raise ValueError(f"unknown sort '{query.sort}'; known: {sorted(_ORDERS)}")
    if order == "relevance" and translate(query.q).include is None:
        return "newest"
    return order


def _filters(selected: Iterable[str], column: str) -> str:
    """SQL requiring `column` to have a ticked value of each selected facet."""
    return " AND ".join(["1", *(f"{column} IN temp.ticked_{f}" for f in selected)])


def _marked(snippet: str) -> str:
    """A snippet HTML-escaped, with its match markers turned into <mark> tags."""
    escaped = html.escape(" ".join(snippet.split()), quote=False)
    return escaped.replace(_OPEN, "<mark>").replace(_CLOSE, "</mark>")
