"""Run a function on untrusted input with a hard time limit per item.

Python cannot interrupt a regular expression or a parser stuck in its own
loops, so the work runs in worker processes that can be killed. Each worker
takes one item at a time; an item that overruns its budget has its worker
killed and replaced, and is answered with `Overrun`. Everything else goes on.

The workers are forked, so the function needs no pickling and starts warm
(its modules are already imported); items and results travel through pipes.
A worker may be handed one *small* item more while it works (`queues`), so it
never waits for the next: the next item's budget starts when the previous
result arrives, and if the worker is killed the waiting item goes to another.
Only small items wait in a pipe: both ends' buffers then always have room, so
neither side can block the other.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: How long one item may take before its worker is killed.
DEFAULT_SECONDS = 5.0


@dataclass(frozen=True)
class Overrun:
    """An item's work took longer than the budget and was stopped."""

    seconds: float


@dataclass(frozen=True)
class Failed:
    """An item's work raised an exception (its type and message)."""

    error: str


def _serve(function: Callable[[Any], Any], conn: Connection) -> None:
    """The worker's loop: one item in, one ("ok" | "error", value) out."""
    while True:
        try:
            item = conn.recv()
        except EOFError:
            os._exit(0)
        try:
            conn.send(("ok", function(item)))
        except Exception as error:  # reported for that item; the worker goes on
            conn.send(("error", f"{type(error).__name__}: {error}"[:300]))


class _Worker:
    def __init__(self, function: Callable[[Any], Any]) -> None:
        context = multiprocessing.get_context("fork")
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=_serve, args=(function, child), daemon=True
        )
        self.process.start()
        child.close()
        self.tasks: deque[int] = deque()  # items sent, in order; the first is worked on
        self.deadline = 0.0  # when the first item's budget runs out

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()


class Bounded(Generic[T, R]):
    """A few workers that apply `function` to items, each within `seconds`.

    Use as a context manager; `map()` (one at a time) yields results (or
    Overrun / Failed) in the order of the items.
    """

    def __init__(
        self,
        function: Callable[[T], R],
        seconds: float = DEFAULT_SECONDS,
        processes: int = 1,
        queues: Callable[[T], bool] | None = None,
    ) -> None:
        self.function = function
        self.seconds = seconds
        self.processes = max(1, processes)
        self.queues = queues  # which items may wait behind a worker's current one
        self._workers: list[_Worker] = []

    def __enter__(self) -> Bounded[T, R]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop every worker."""
        for worker in self._workers:
            worker.kill()
        self._workers = []

    def map(self, items: Iterable[T]) -> Iterator[R | Overrun | Failed]:
        """Each item's result in order, or why there is none.

        Items are taken from `items` only as workers become free, so a lazy
        iterable is produced (say, files read and checked) while earlier
        items are being worked on.
        """
        pending = enumerate(items)
        self._retry: deque[tuple[int, T]] = deque()
        self._items: dict[int, T] = {}  # sent and not answered yet
        self._done: dict[int, R | Overrun | Failed] = {}  # answered, not yielded
        following = 0
        more = True
        while more or self._retry or any(w.tasks for w in self._workers):
            more = self._dispatch(pending) and more
            self._collect()
            while following in self._done:
                yield self._done.pop(following)
                following += 1

    def __call__(self, item: T) -> R | Overrun | Failed:
        """One item's result, or why there is none."""
        return next(self.map([item]))

    def _dispatch(self, pending: Iterator[tuple[int, T]]) -> bool:
        """Give workers with room the next items; False once there are no more."""
        while True:
            room, worker = self._room()
            if not room:
                return True
            following = self._retry.popleft() if self._retry else next(pending, None)
            if following is None:
                return False
            index, item = following
            if worker is not None and worker.tasks and not self._may_wait(item):
                self._retry.appendleft(following)  # waits for an idle worker
                return True
            worker = worker or self._start()
            try:
                worker.conn.send(item)
            except OSError:  # it died on the item it had: answer that, then go on
                self._retry.appendleft(following)
                self._replace(worker, Failed("the worker stopped unexpectedly"))
                continue
            if not worker.tasks:
                worker.deadline = time.monotonic() + self.seconds
            worker.tasks.append(index)
            self._items[index] = item

    def _room(self) -> tuple[bool, _Worker | None]:
        """Whether an item can be sent now, and to which worker (None: a new one)."""
        idle = [w for w in self._workers if not w.tasks]
        if idle:
            return True, idle[0]
        if len(self._workers) < self.processes:
            return True, None
        if self.queues:
            waiting = [w for w in self._workers if len(w.tasks) < 2]
            if waiting:
                return True, waiting[0]
        return False, None

    def _may_wait(self, item: T) -> bool:
        return self.queues is not None and self.queues(item)

    def _start(self) -> _Worker:
        worker = _Worker(self.function)
        self._workers.append(worker)
        return worker

    def _collect(self) -> None:
        busy = [w for w in self._workers if w.tasks]
        if not busy:
            return
        soonest = min(w.deadline for w in busy)
        ready = wait([w.conn for w in busy], max(0.0, soonest - time.monotonic()))
        for worker in busy:
            index = worker.tasks[0]
            if worker.conn in ready:
                try:
                    kind, value = worker.conn.recv()
                except (EOFError, OSError):  # the worker died (out of memory?)
                    self._replace(worker, Failed("the worker stopped unexpectedly"))
                    continue
                self._done[index] = value if kind == "ok" else Failed(value)
                del self._items[worker.tasks.popleft()]
                worker.deadline = time.monotonic() + self.seconds
            elif time.monotonic() >= worker.deadline:
                self._replace(worker, Overrun(self.seconds))

    def _replace(self, worker: _Worker, why: Overrun | Failed) -> None:
        """Answer the worker's current item with `why`; its waiting item goes again."""
        worker.kill()
        self._workers.remove(worker)
        if not worker.tasks:
            return
        first, *waiting = worker.tasks
        self._done[first] = why
        del self._items[first]
        for index in reversed(waiting):
            self._retry.appendleft((index, self._items.pop(index)))
