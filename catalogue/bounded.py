"""Run a function on untrusted input with a hard time limit per item.

Python cannot interrupt a regular expression or a parser stuck in its own
loops, so the work runs in worker processes that can be killed. Each worker
takes one item at a time; an item that overruns its budget has its worker
killed and replaced, and is answered with `Overrun`. Everything else goes on.

The workers are forked, so the function needs no pickling and starts warm
(its modules are already imported); items and results travel through pipes.
"""

from __future__ import annotations

import multiprocessing
import os
import time
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
        self.task: tuple[int, float] | None = None  # (item index, deadline)

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()


class Bounded(Generic[T, R]):
    """A few workers that apply `function` to items, each within `seconds`.

    Use as a context manager; `map()` yields results (or Overrun / Failed) in
    the order of the items.
    """

    def __init__(
        self,
        function: Callable[[T], R],
        seconds: float = DEFAULT_SECONDS,
        processes: int = 1,
    ) -> None:
        self.function = function
        self.seconds = seconds
        self.processes = max(1, processes)
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
        done: dict[int, R | Overrun | Failed] = {}
        following = 0
        more = True
        while more or any(w.task for w in self._workers):
            more = self._dispatch(pending)
            self._collect(done)
            while following in done:
                yield done.pop(following)
                following += 1

    def __call__(self, item: T) -> R | Overrun | Failed:
        """One item's result, or why there is none."""
        return next(self.map([item]))

    def _dispatch(self, pending: Iterator[tuple[int, T]]) -> bool:
        """Give free workers the next items; False once there are no more."""
        while True:
            idle = [w for w in self._workers if w.task is None]
            if not idle and len(self._workers) < self.processes:
                idle = [None]  # type: ignore[list-item]
            if not idle:
                return True
            following = next(pending, None)
            if following is None:
                return False
            worker = idle[0] or self._start()
            index, item = following
            worker.conn.send(item)
            worker.task = (index, time.monotonic() + self.seconds)

    def _start(self) -> _Worker:
        worker = _Worker(self.function)
        self._workers.append(worker)
        return worker

    def _collect(self, done: dict[int, R | Overrun | Failed]) -> None:
        busy = [w for w in self._workers if w.task is not None]
        if not busy:
            return
        soonest = min(w.task[1] for w in busy if w.task)
        ready = wait([w.conn for w in busy], max(0.0, soonest - time.monotonic()))
        for worker in busy:
            assert worker.task is not None
            index, deadline = worker.task
            if worker.conn in ready:
                try:
                    kind, value = worker.conn.recv()
                except (EOFError, OSError):  # the worker died (out of memory?)
                    self._replace(worker)
                    done[index] = Failed("the worker stopped unexpectedly")
                    continue
                done[index] = value if kind == "ok" else Failed(value)
                worker.task = None
            elif time.monotonic() >= deadline:
                self._replace(worker)
                done[index] = Overrun(self.seconds)

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        self._workers.remove(worker)
