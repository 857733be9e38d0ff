"""Snippets around the matched words, with `<mark>`, escaped everywhere else.

Cheap by design: one regular expression built from the query's stems finds
candidate words, and only those are stemmed to confirm a match (Whoosh's own
highlighter re-tokenises the whole text of every hit).
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape

from search.documents import stems

SNIPPET_CHARS = 240
SCAN_CHARS = 20_000


@lru_cache(maxsize=20_000)
def _stem(word: str) -> str:
    found = stems(word)
    return found[0] if len(found) == 1 else ""


class Highlighter:
    """Marks the words of a text whose stem is one of the query's."""

    def __init__(
        self, query_stems: set[str], prefixes: frozenset[str] | set[str] = frozenset()
    ) -> None:
        self.stems = {s for s in query_stems if s}
        self.prefixes = {p.lower() for p in prefixes if p}
        roots = {s[:-1] if s.endswith("i") and len(s) > 2 else s for s in self.stems}
        roots |= self.prefixes
        alternatives = "|".join(
            re.escape(r) for r in sorted(roots, key=len, reverse=True)
        )
        self.pattern = (
            re.compile(rf"\b(?:{alternatives})\w*", re.I) if alternatives else None
        )

    def hits(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of each matching word in the first SCAN_CHARS of a text."""
        if self.pattern is None:
            return []
        found = []
        for match in self.pattern.finditer(text, 0, min(len(text), SCAN_CHARS)):
            word = match.group(0).lower()
            if _stem(word) in self.stems or word.startswith(tuple(self.prefixes)):
                found.append(match.span())
        return found

    def snippet(self, text: str, fallback: str = "") -> str:
        """An escaped snippet of about SNIPPET_CHARS around the best cluster of hits."""
        hits = self.hits(text)
        if not hits:
            source = fallback or text
            return escape(_cut(source, 0, SNIPPET_CHARS))
        start = _best_window(hits, text)
        end = min(len(text), start + SNIPPET_CHARS)
        while end < len(text) and not text[end].isspace():
            end += 1
        pieces = ["…"] if start > 0 else []
        pieces.append(_marked(text, hits, start, end))
        if end < len(text):
            pieces.append("…")
        return "".join(pieces)

    def mark(self, text: str) -> str:
        """The whole (short) text escaped, with its matching words marked."""
        return _marked(text, self.hits(text), 0, len(text))


def _marked(text: str, hits: list[tuple[int, int]], start: int, end: int) -> str:
    """text[start:end] escaped, with the hits inside it wrapped in <mark>."""
    pieces, position = [], start
    for hit_start, hit_end in hits:
        if hit_start < start or hit_end > end:
            continue
        pieces += [
            escape(text[position:hit_start]),
            "<mark>",
            escape(text[hit_start:hit_end]),
            "</mark>",
        ]
        position = hit_end
    pieces.append(escape(text[position:end]))
    return "".join(pieces)


def _best_window(hits: list[tuple[int, int]], text: str) -> int:
    """Start of the window holding the most distinct matched words."""
    best, best_count = hits[0][0], 0
    for index, (start, _end) in enumerate(hits[:100]):
        words = {
            text[s:e].lower()
            for s, e in hits[index : index + 40]
            if s < start + SNIPPET_CHARS
        }
        if len(words) > best_count:
            best, best_count = start, len(words)
    back = max(0, best - 60)  # a little context before the first hit
    while back > 0 and not text[back - 1].isspace():
        back -= 1
    return back


def _cut(text: str, start: int, length: int) -> str:
    if len(text) <= start + length:
        return text[start:]
    end = text.rfind(" ", start, start + length)
    return text[start : end if end > start else start + length] + "…"
