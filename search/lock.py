"""The writer lock: one process at a time updates an index folder."""

from __future__ import annotations

import errno
import fcntl
import functools
import multiprocessing.util
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from search.generations import LOCK, IndexLocked, IndexUnavailable, now


@contextmanager
def writer_lock(index_dir: Path) -> Iterator[None]:
    """Hold the index's write lock, or raise IndexLocked saying who holds it."""
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        handle = open(index_dir / LOCK, "a+", encoding="utf-8")
    except OSError as error:
        raise IndexUnavailable(
            f"cannot write to the index folder {index_dir}: "
            f"{error.strerror}; check its permissions or set "
            "CATALOGUE_INDEX to a writable folder"
        ) from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise IndexLocked(
                f"the index at {index_dir} is being updated by {holder};"
                " wait for it to finish, then run this again"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"process {os.getpid()} since {now()}")
        handle.flush()
        multiprocessing.util.register_after_fork(
            handle, functools.partial(_in_forked_worker, parent=os.getpid())
        )
        try:
            yield
        finally:  # the lock goes with the process too, even on SIGKILL
            handle.truncate(0)
            fcntl.flock(handle, fcntl.LOCK_UN)


def _in_forked_worker(handle: Any, parent: int) -> None:
    """Run in each MpWriter worker just after it is forked (see `_bulk_writer`).

    A worker inherits the lock file's descriptor, and an flock lasts while any
    copy of it is open: after a SIGKILL of `catalogue index` its orphaned
    workers kept the index locked ("being updated by process N", N long dead)
    and waited for work forever. So the worker closes its copy (the lock stays
    with the parent alone) and, on Linux, asks to be killed with its parent.
    """
    handle.close()
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the lock is still released
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)
