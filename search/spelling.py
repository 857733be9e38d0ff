"""'Did you mean': corrections from the index's own words.

A word is corrected only when it is not in the index, is long enough to be a
typing slip, and is not an acronym, a number or a vocabulary alias; the
correction is the commonest indexed word within two edits.

Candidates are looked up by first letter and length (a word more than two
letters longer or shorter cannot be within two edits), and corrections are
cached; the engine looks up at most a few words of one query.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable

from search.cache import LRUCache

MIN_LENGTH = 4
MAX_DISTANCE = 2
CACHED_CORRECTIONS = 2048
_NONE = ""  # a cached "no correction"


def edit_distance(a: str, b: str, limit: int = MAX_DISTANCE) -> int:
    """Damerau-Levenshtein distance, giving up (limit + 1) once past `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = ca != cb
            current[j] = min(
                previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost
            )
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


class Speller:
    """Suggests indexed words for unknown ones."""

    def __init__(self, words: dict[str, int]) -> None:
        """`words`: every indexed word with its document frequency."""
        self.words = words
        self.sorted = sorted(words)
        self.by_initial_length: dict[tuple[str, int], list[str]] = defaultdict(list)
        for word in self.sorted:
            self.by_initial_length[word[0], len(word)].append(word)
        self._corrections: LRUCache[str, str] = LRUCache(CACHED_CORRECTIONS)

    def with_prefix(self, prefix: str, limit: int) -> list[tuple[int, str]]:
        """(entries using it, word) for up to `limit` words starting with a prefix."""
        start = bisect.bisect_left(self.sorted, prefix)
        found = []
        for word in self.sorted[start : start + limit]:
            if not word.startswith(prefix):
                break
            found.append((self.words[word], word))
        return found

    def needs_correction(self, word: str, protected: Callable[[str], bool]) -> bool:
        """Whether a query word looks like a slip worth correcting."""
        if len(word) < MIN_LENGTH or not word.isalpha():
            return False
        if word.isupper() or protected(word):  # acronyms and vocabulary aliases
            return False
        return word.lower() not in self.words

    def correct(self, word: str) -> str | None:
        """The closest indexed word within two edits (the commonest of those), if any.

        Only words with the same first letter are considered, as people
        rarely mistype that one.
        """
        lowered = word.lower()
        if not lowered:
            return None
        cached = self._corrections.get(lowered)
        if cached is None:
            cached = self._corrections.put(lowered, self._closest(lowered) or _NONE)
        return cached or None

    def _closest(self, lowered: str) -> str | None:
        best: tuple[int, int, str] | None = None
        length = len(lowered)
        for size in range(length - MAX_DISTANCE, length + MAX_DISTANCE + 1):
            for candidate in self.by_initial_length.get((lowered[0], size), ()):
                distance = edit_distance(lowered, candidate)
                if distance <= MAX_DISTANCE:
                    key = (distance, -self.words[candidate], candidate)
                    best = key if best is None or key < best else best
        return best[2] if best else None
