"""Bring the index up to date with the entry files, safely.

Layout of the index folder:

    CURRENT          names the published generation (and the previous one)
    gen-<stamp>/     a Whoosh index plus meta.json and problems.json
    write.lock       held by the one writer allowed at a time

An update touches only files whose content hash changed (plus the few whose
validity depends on them); Whoosh commits it atomically in the current
generation. A full rebuild (asked for, or forced by a new schema or
vocabulary) is written to a new generation beside the old one, and `CURRENT`
is swapped to it in one rename: a reader never sees a half-built index.
"""

from __future__ import annotations

import errno
import fcntl
import functools
import json
import multiprocessing.util
import os
import shutil
import signal
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from catalogue.collection import build_catalogue
from catalogue.loader import (
    RawEntry,
    digest_bytes,
    parse_entry_bytes,
    read_entry_bytes,
    walk_entry_files,
)
from catalogue.problems import Problem, problem_from_dict
from catalogue.vocabulary import (
    FILE_NAME,
    Vocabulary,
    load_vocabulary,
    vocabulary_file,
)
from search.documents import document_and_words
from search.schema import SCHEMA_VERSION, VALUE_SEPARATOR, build_schema

POINTER, LOCK, META, PROBLEMS = "CURRENT", "write.lock", "meta.json", "problems.json"
WORDS = "words.json"  # word -> entries using it: the spelling dictionary
STATS = "stats.json"  # path -> [mtime_ns, size, digest]: files not to re-read
Progress = Callable[[int, int], None]
PARALLEL_FROM = 2000  # entries from which a full build uses two processes
LIMIT_MB = 256  # postings held in memory per writer before spilling to disk


class IndexUnavailable(Exception):
    """The index cannot be written or read; the message says why and what to do."""


class IndexLocked(IndexUnavailable):
    """Another writer holds the index."""


@dataclass
class IndexReport:
    """What an update did."""

    total: int = 0  # entries in the index afterwards
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    invalid: int = 0  # files left out because of errors
    rebuilt: bool = False
    reason: str = ""  # why a rebuild happened
    seconds: float = 0.0
    problems: list[Problem] = field(default_factory=list)  # in the files this run read


def _slug(relpath: str) -> str:
    return relpath.rsplit("/", 1)[-1][: -len(".md")]


@dataclass
class _Scan:
    """The entry files on disk, by relative path.

    `data` holds a file's bytes, the problems that stop it being read, or None
    when its size and modification time match the last update (not re-read).
    """

    root: Path
    data: dict[str, bytes | list[Problem] | None]
    digests: dict[str, str]
    stats: dict[str, list[Any]]  # relpath -> [mtime_ns, size, digest]

    @cached_property
    def slugs(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for relpath in self.data:
            found.setdefault(_slug(relpath), []).append(relpath)
        return found

    def content(self, relpath: str) -> bytes | list[Problem]:
        """A file's bytes or problems, reading it now if the scan skipped it."""
        found = self.data[relpath]
        if found is None:
            found = read_entry_bytes(self.root / relpath, relpath)
            self.data[relpath] = found
        return found


# --- the published generation -------------------------------------------------------


def current_generation(index_dir: Path) -> Path | None:
    """The folder of the published index, or None if there is none yet."""
    try:
        name = (index_dir / POINTER).read_text(encoding="utf-8").split()[0]
    except (OSError, IndexError):  # no index published yet
        return None
    folder = index_dir / name
    return folder if folder.is_dir() else None


def read_meta(generation: Path) -> dict[str, Any]:
    """The generation's meta.json (schema version, vocabulary, times), or {}."""
    try:
        return json.loads((generation / META).read_text(encoding="utf-8"))
    except (OSError, ValueError):  # missing or torn: treated as needing a rebuild
        return {}


def read_problems(generation: Path) -> dict[str, list[Problem]]:
    """Problems recorded at the last update, by entry path."""
    try:
        data = json.loads((generation / PROBLEMS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {path: [problem_from_dict(p) for p in items] for path, items in data.items()}


def _write_json(path: Path, data: Any) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, path)


def _publish(index_dir: Path, generation: Path, previous: Path | None) -> None:
    names = generation.name + (f"\n{previous.name}" if previous else "")
    temporary = index_dir / f".{POINTER}.{os.getpid()}.tmp"
    with temporary.open("w", encoding="utf-8") as out:
        out.write(names + "\n")
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, index_dir / POINTER)  # the atomic swap


def _remove_old_generations(index_dir: Path, keep: set[str]) -> None:
    for folder in index_dir.glob("gen-*"):
        if folder.name not in keep:
            shutil.rmtree(folder, ignore_errors=True)


# --- the writer lock ----------------------------------------------------------------


@contextmanager
def writer_lock(index_dir: Path) -> Iterator[None]:
    """Hold the index's write lock, or raise IndexLocked saying who holds it."""
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        handle = open(index_dir / LOCK, "a+", encoding="utf-8")  # noqa: SIM115
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
        handle.write(f"process {os.getpid()} since {_now()}")
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


def _remove_unpublished(index_dir: Path) -> None:
    """Remove generations CURRENT does not name: a killed rebuild's half-built one.

    Called with the write lock held, so no rebuild is under way.
    """
    try:
        names = (index_dir / POINTER).read_text(encoding="utf-8").split()
    except OSError:
        return
    if names:
        _remove_old_generations(index_dir, set(names))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# --- updating -----------------------------------------------------------------------


def update_index(
    entries_dir: Path,
    index_dir: Path,
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
) -> IndexReport:
    """Bring the index up to date with the entries folder; rebuild if needed."""
    started = time.perf_counter()
    if not entries_dir.is_dir():
        raise IndexUnavailable(
            f"the entries folder {entries_dir} does not exist; the index"
            " was left as it was. Set CATALOGUE_ENTRIES to the folder"
            " of entries"
        )
    with writer_lock(index_dir):
        path = vocabulary_file(entries_dir)
        vocabulary, vocabulary_problems = load_vocabulary(
            path, FILE_NAME if path.parent == entries_dir else path.as_posix()
        )
        generation = current_generation(index_dir)
        scan = _scan(entries_dir, {} if rebuild else read_stats(generation))
        reason = _rebuild_reason(generation, vocabulary, rebuild)
        if reason:
            report = _rebuild(index_dir, generation, scan, vocabulary, progress)
            report.reason = reason
        else:
            assert generation is not None
            report = _update(generation, scan, vocabulary, progress)
            _remove_unpublished(index_dir)
        report.problems = vocabulary_problems + report.problems
    report.seconds = time.perf_counter() - started
    return report


def _scan(entries_dir: Path, known: dict[str, list[Any]]) -> _Scan:
    """List the entry files; read and hash only those whose size or mtime changed."""
    data: dict[str, bytes | list[Problem] | None] = {}
    digests: dict[str, str] = {}
    stats: dict[str, list[Any]] = {}
    for relpath, item in walk_entry_files(entries_dir):
        try:
            info = item.stat(follow_symlinks=False)
        except OSError:  # deleted while we looked: read_entry_bytes reports it
            info = None
        seen = known.get(relpath)
        if (
            info
            and seen
            and seen[:2] == [info.st_mtime_ns, info.st_size]
            and not item.is_symlink()
        ):
            data[relpath], digests[relpath] = None, seen[2]
        else:
            content = read_entry_bytes(Path(item.path), relpath)
            data[relpath] = content
            digests[relpath] = (
                digest_bytes(content) if isinstance(content, bytes) else ""
            )
        if info and digests[relpath]:
            stats[relpath] = [info.st_mtime_ns, info.st_size, digests[relpath]]
    return _Scan(entries_dir, data, digests, stats)


def read_stats(generation: Path | None) -> dict[str, list[Any]]:
    """Size, mtime and digest of each file at the last update."""
    if generation is None:
        return {}
    try:
        return json.loads((generation / STATS).read_text(encoding="utf-8"))
    except (OSError, ValueError):  # missing or torn: every file is read and hashed
        return {}


def _rebuild_reason(
    generation: Path | None, vocabulary: Vocabulary, asked: bool
) -> str:
    if asked:
        return "asked for"
    if generation is None:
        return "no index yet"
    meta = read_meta(generation)
    if meta.get("schema_version") != SCHEMA_VERSION:
        return "the index format changed"
    if meta.get("vocabulary_digest") != vocabulary.digest:
        return "the vocabulary changed"
    return ""


def _parse(scan: _Scan, relpaths: list[str]) -> Iterator[RawEntry | list[Problem]]:
    """The files parsed one by one, as the pipeline asks for them."""
    for relpath in relpaths:
        content = scan.content(relpath)
        if isinstance(content, bytes):
            yield parse_entry_bytes(content, relpath, relpath, scan.digests[relpath])
        else:
            yield content


def _check(scan: _Scan, relpaths: list[str], vocabulary: Vocabulary):
    """Check files against all file names: (entries, problems by path, invalid)."""
    catalogue = build_catalogue(
        _parse(scan, relpaths), vocabulary, known_slugs=set(scan.slugs)
    )
    problems: dict[str, list[Problem]] = {}
    for problem in catalogue.problems:
        problems.setdefault(problem.path, []).append(problem)
    return list(catalogue.entries.values()), problems, catalogue.invalid


def _add_documents(
    writer: Any, entries: list[Any], progress: Progress | None, words: Counter[str]
) -> None:
    """Add the entries' documents, made one at a time as the writer takes them.

    Each entry's words are counted into `words`. On an incremental update the
    counts of replaced or removed entries are not taken back: the dictionary
    only suggests corrections, and a full rebuild makes it exact again.
    """
    for done, entry in enumerate(entries, start=1):
        document, found = document_and_words(entry)
        writer.add_document(**document)
        words.update(found)
        if progress and (done % 50 == 0 or done == len(entries)):
            progress(done, len(entries))


def read_words(generation: Path) -> dict[str, int]:
    """The spelling dictionary: every indexed word and how many entries use it."""
    try:
        return json.loads((generation / WORDS).read_text(encoding="utf-8"))
    except (
        OSError,
        ValueError,
    ):  # missing or torn: no suggestions until the next update
        return {}


def _rebuild(
    index_dir: Path,
    previous: Path | None,
    scan: _Scan,
    vocabulary: Vocabulary,
    progress: Progress | None,
) -> IndexReport:
    generation = Path(
        tempfile.mkdtemp(prefix=f"gen-{time.strftime('%Y%m%d%H%M%S')}-", dir=index_dir)
    )
    entries, problems, invalid = _check(scan, list(scan.data), vocabulary)
    ix = whoosh_index.create_in(str(generation), build_schema())
    writer = _bulk_writer(ix, len(entries))
    words: Counter[str] = Counter()
    _add_documents(writer, entries, progress, words)
    writer.commit()
    _write_json(generation / WORDS, dict(words))
    _write_json(generation / STATS, scan.stats)
    _write_state(generation, vocabulary, problems, created=True)
    _publish(index_dir, generation, previous)
    _remove_old_generations(
        index_dir, {generation.name, previous.name if previous else ""}
    )
    return IndexReport(
        total=len(entries),
        added=len(entries),
        invalid=invalid,
        rebuilt=True,
        problems=_flatten(problems),
    )


def _bulk_writer(ix: Any, count: int) -> Any:
    """A writer for a full build: two processes for large catalogues.

    Each process writes its own segment (no final merge); later incremental
    commits merge small segments as usual. `optimize()` is never called.
    """
    if count < PARALLEL_FROM or (os.cpu_count() or 1) < 2:
        return ix.writer(limitmb=LIMIT_MB)
    from whoosh.multiproc import MpWriter

    return MpWriter(ix, procs=2, multisegment=True, batchsize=250, limitmb=LIMIT_MB)


def _write_state(
    generation: Path,
    vocabulary: Vocabulary,
    problems: dict[str, list[Problem]],
    created: bool,
) -> None:
    meta: dict[str, Any] = (
        read_meta(generation) if not created else {"created_at": _now()}
    )
    meta.update(
        schema_version=SCHEMA_VERSION,
        vocabulary_digest=vocabulary.digest,
        vocabulary=vocabulary.to_dict(),
        updated_at=_now(),
    )
    _write_json(
        generation / PROBLEMS,
        {path: [p.to_dict() for p in items] for path, items in problems.items()},
    )
    _write_json(generation / META, meta)


def _flatten(problems: dict[str, list[Problem]]) -> list[Problem]:
    return [p for path in sorted(problems) for p in problems[path]]


def _indexed_sources(reader: Any) -> dict[str, str]:
    """The digest of every indexed file, by path."""
    sources = {}
    for term in reader.lexicon("source"):
        path, _, digest = term.decode("utf-8").partition(VALUE_SEPARATOR)
        sources[path] = digest
    return sources


def _naming(reader: Any, slugs: set[str]) -> set[str]:
    """Slugs of indexed entries whose `related` names any of these slugs."""
    found = set()
    for slug in slugs:
        if reader.doc_frequency("related", slug):
            for docnum in reader.postings("related", slug).all_ids():
                if not reader.is_deleted(docnum):
                    found.add(reader.stored_fields(docnum)["slug"])
    return found


def _update(
    generation: Path, scan: _Scan, vocabulary: Vocabulary, progress: Progress | None
) -> IndexReport:
    ix = whoosh_index.open_dir(str(generation))
    slugs = scan.slugs
    on_disk = set(scan.data)
    with ix.reader() as reader:
        indexed = _indexed_sources(reader)
        removed = sorted(set(indexed) - on_disk)
        dependants = _naming(reader, {_slug(p) for p in removed} - set(slugs))
    changed = sorted(
        p
        for p in on_disk
        if indexed.get(p) != scan.digests[p]  # new, changed, or left out last time
        or len(slugs[_slug(p)]) > 1  # duplicates are decided together
        or _slug(p) in dependants  # names a slug that has gone
    )
    entries, problems, invalid = _check(scan, changed, vocabulary)
    writer = ix.writer()
    for path in (*removed, *changed):
        writer.delete_by_term("path", path)
    words = Counter(read_words(generation))
    _add_documents(writer, entries, progress, words)
    writer.commit()
    if entries:
        _write_json(generation / WORDS, dict(words))
    _write_json(generation / STATS, scan.stats)
    all_problems = read_problems(generation)
    for path in (*removed, *changed, FILE_NAME):
        all_problems.pop(path, None)
    all_problems.update(problems)
    _write_state(generation, vocabulary, all_problems, created=False)
    updated = sum(entry.path in indexed for entry in entries)
    with ix.searcher() as searcher:
        total = searcher.doc_count()
    return IndexReport(
        total=total,
        added=len(entries) - updated,
        updated=updated,
        removed=len(removed),
        unchanged=len(on_disk) - len(changed),
        invalid=invalid,
        problems=_flatten(problems),
    )
