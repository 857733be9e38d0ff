"""A small thread-safe LRU cache, for values that are expensive to compute.

Searches run in parallel threads, so the per-index caches (postings bitmaps,
score maps, spelling corrections) are shared between them. Each cache has its
own lock, held only to look up, insert or evict: a value is computed outside
it, so two threads may compute the same value at once (the result is the
same) but neither waits for the other's work.

Bounded in entries and, when `weigh` is given, in total weight (bytes of a
bitmap, postings in a score map), so no sequence of queries can make it grow
without limit.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class LRUCache(Generic[K, V]):
    """At most `max_items` values (and `max_weight` in total), least recent out."""

    def __init__(
        self,
        max_items: int,
        max_weight: int | None = None,
        weigh: Callable[[V], int] | None = None,
    ) -> None:
        self.max_items, self.max_weight = max_items, max_weight
        self._weigh = weigh or (lambda _value: 1)
        self._items: OrderedDict[K, tuple[V, int]] = OrderedDict()
        self._weight = 0
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        """The cached value, marked as just used; None if absent."""
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            self._items.move_to_end(key)
            return found[0]

    def put(self, key: K, value: V) -> V:
        """Cache a value (evicting the least recently used); returns it."""
        weight = self._weigh(value)
        if self.max_weight is not None and weight > self.max_weight:
            return value  # larger than the whole cache: not kept
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._weight -= old[1]
            self._items[key] = (value, weight)
            self._weight += weight
            while len(self._items) > self.max_items or (
                self.max_weight is not None and self._weight > self.max_weight
            ):
                _key, (_value, dropped) = self._items.popitem(last=False)
                self._weight -= dropped
        return value

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    @property
    def weight(self) -> int:
        """The total weight of what is cached."""
        with self._lock:
            return self._weight
