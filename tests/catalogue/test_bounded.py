"""Work with a hard budget: the worker processes behind bounded rendering."""

from __future__ import annotations

import os
import time

from catalogue.bounded import Bounded, Failed, Overrun


def slow_when_negative(n: int) -> int:
    """Stands in for a parser stuck on one input: loops for ever on n < 0."""
    while n < 0:
        time.sleep(0.01)
    if n == 13:
        raise ValueError("thirteen is refused")
    if n == 99:
        os._exit(3)  # the worker dies, as it would when out of memory
    return n * 2


def test_results_come_in_order_across_workers():
    with Bounded(slow_when_negative, seconds=5, processes=2) as workers:
        assert list(workers.map(range(20, 60))) == [n * 2 for n in range(20, 60)]


def test_an_item_over_budget_is_stopped_and_the_rest_go_on():
    with Bounded(slow_when_negative, seconds=0.5, processes=2) as workers:
        results = list(workers.map([1, -1, 2, -2, 3]))
    assert results == [2, Overrun(0.5), 4, Overrun(0.5), 6]


def test_an_exception_or_a_dead_worker_answers_that_item_only():
    with Bounded(slow_when_negative, seconds=5) as workers:
        results = list(workers.map([1, 13, 99, 2]))
    assert results == [
        2,
        Failed("ValueError: thirteen is refused"),
        Failed("the worker stopped unexpectedly"),
        4,
    ]


def test_workers_are_stopped_on_close():
    workers = Bounded(slow_when_negative, seconds=5, processes=2)
    assert list(workers.map([1, 2, 3])) == [2, 4, 6]
    processes = [w.process for w in workers._workers]
    assert processes and all(p.is_alive() for p in processes)
    workers.close()
    assert not any(p.is_alive() for p in processes)


def test_no_items_start_no_worker():
    with Bounded(slow_when_negative) as workers:
        assert list(workers.map([])) == []
        assert workers._workers == []


def _always(n: int) -> bool:
    return True


def test_queued_items_keep_their_order_and_budget():
    with Bounded(slow_when_negative, seconds=0.5, processes=2, queues=_always) as w:
        assert list(w.map(range(20, 60))) == [n * 2 for n in range(20, 60)]
        results = list(w.map([1, -1, 2, 3, -2, 4, 5]))
    assert results == [2, Overrun(0.5), 4, 6, Overrun(0.5), 8, 10]


def test_an_item_waiting_behind_a_killed_worker_is_answered_by_another():
    with Bounded(slow_when_negative, seconds=0.5, processes=1, queues=_always) as w:
        assert list(w.map([-1, 7, 99, 8])) == [
            Overrun(0.5),
            14,
            Failed("the worker stopped unexpectedly"),
            16,
        ]


def test_only_items_that_may_wait_are_queued():
    sent: list[tuple[int, int]] = []  # (item, items already with that worker)

    class Recording(Bounded):
        def _start(self):
            worker = super()._start()
            send = worker.conn.send

            def recorded(item):
                sent.append((item, len(worker.tasks)))
                send(item)

            worker.conn.send = recorded
            return worker

    def small(n: int) -> bool:
        return n < 100

    with Recording(slow_when_negative, seconds=5, processes=1, queues=small) as w:
        assert list(w.map([1, 2, 300, 3, 4])) == [2, 4, 600, 6, 8]
    assert (2, 1) in sent  # a small item waited behind another
    assert (300, 0) in sent  # a large one was sent only to an idle worker
