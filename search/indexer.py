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

import os
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from catalogue.collection import build_catalogue, read_evidence
from catalogue.evidence_store import EVIDENCE_FILE, Records
from catalogue.loader import RawEntry, digest_bytes, parse_entry_bytes
from catalogue.problems import Problem
from catalogue.vocabulary import (
    FILE_NAME,
    Vocabulary,
    load_vocabulary,
    vocabulary_file,
)
from search.documents import document_and_words
from search.generations import (
    META,
    PROBLEMS,
    STATS,
    WORDS,
    IndexUnavailable,
    current_generation,
    now,
    publish,
    read_meta,
    read_problems,
    read_stats,
    read_words,
    remove_old_generations,
    remove_unpublished,
    write_json,
)
from search.lock import writer_lock
from search.scan import Scan, scan_entries, slug_of
from search.schema import SCHEMA_VERSION, VALUE_SEPARATOR, build_schema

Progress = Callable[[int, int], None]
PARALLEL_FROM = 2000  # entries from which a full build uses two processes
LIMIT_MB = 1024  # estimated postings memory per writer before spilling to disk


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


# --- updating -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    """What every entry is checked against: the vocabulary and the code evidence."""

    vocabulary: Vocabulary
    evidence: Records
    evidence_digest: str  # a new evidence file re-indexes every entry


def _context(entries_dir: Path) -> tuple[_Context, list[Problem]]:
    path = vocabulary_file(entries_dir)
    vocabulary, problems = load_vocabulary(
        path, FILE_NAME if path.parent == entries_dir else path.as_posix()
    )
    evidence, found = read_evidence(entries_dir, EVIDENCE_FILE)
    try:
        digest = digest_bytes((entries_dir / EVIDENCE_FILE).read_bytes())
    except OSError:
        digest = ""
    return _Context(vocabulary, evidence, digest), problems + found


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
        context, context_problems = _context(entries_dir)
        generation = current_generation(index_dir)
        known = {} if rebuild else read_stats(generation)
        scan = scan_entries(entries_dir, known)
        reason = _rebuild_reason(generation, context, rebuild)
        if reason:
            report = _rebuild(index_dir, generation, scan, context, progress)
            report.reason = reason
        else:
            assert generation is not None
            report = _update(generation, scan, known, context, progress)
            remove_unpublished(index_dir)
        report.problems = context_problems + report.problems
    report.seconds = time.perf_counter() - started
    return report


def _rebuild_reason(generation: Path | None, context: _Context, asked: bool) -> str:
    if asked:
        return "asked for"
    if generation is None:
        return "no index yet"
    meta = read_meta(generation)
    if meta.get("schema_version") != SCHEMA_VERSION:
        return "the index format changed"
    if meta.get("vocabulary_digest") != context.vocabulary.digest:
        return "the vocabulary changed"
    if meta.get("evidence_digest") != context.evidence_digest:
        return "the code evidence changed"
    return ""


def _parse(scan: Scan, relpaths: list[str]) -> Iterator[RawEntry | list[Problem]]:
    """The files parsed one by one, as the pipeline asks for them."""
    for relpath in relpaths:
        content = scan.content(relpath)
        if isinstance(content, bytes):
            yield parse_entry_bytes(content, relpath, relpath, scan.digests[relpath])
        else:
            yield content


def _check(scan: Scan, relpaths: list[str], context: _Context):
    """Check files against all file names: (entries, problems by path, invalid)."""
    catalogue = build_catalogue(
        _parse(scan, relpaths),
        context.vocabulary,
        known_slugs=set(scan.slugs),
        evidence=context.evidence,
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


def _rebuild(
    index_dir: Path,
    previous: Path | None,
    scan: Scan,
    context: _Context,
    progress: Progress | None,
) -> IndexReport:
    generation = Path(
        tempfile.mkdtemp(prefix=f"gen-{time.strftime('%Y%m%d%H%M%S')}-", dir=index_dir)
    )
    entries, problems, invalid = _check(scan, list(scan.data), context)
    ix = whoosh_index.create_in(str(generation), build_schema())
    writer = _bulk_writer(ix, len(entries))
    words: Counter[str] = Counter()
    _add_documents(writer, entries, progress, words)
    writer.commit()
    write_json(generation / WORDS, dict(words))
    write_json(generation / STATS, _stats(scan, {e.path for e in entries}))
    _write_state(generation, context, problems, created=True)
    publish(index_dir, generation, previous)
    remove_old_generations(
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
    context: _Context,
    problems: dict[str, list[Problem]],
    created: bool,
) -> None:
    meta: dict[str, Any] = (
        read_meta(generation) if not created else {"created_at": now()}
    )
    meta.update(
        schema_version=SCHEMA_VERSION,
        vocabulary_digest=context.vocabulary.digest,
        vocabulary=context.vocabulary.to_dict(),
        evidence_digest=context.evidence_digest,
        updated_at=now(),
    )
    write_json(
        generation / PROBLEMS,
        {path: [p.to_dict() for p in items] for path, items in problems.items()},
    )
    write_json(generation / META, meta)


def _flatten(problems: dict[str, list[Problem]]) -> list[Problem]:
    return [p for path in sorted(problems) for p in problems[path]]


def _stats(scan: Scan, indexed: set[str]) -> dict[str, list[Any]]:
    """What to remember of each file: [mtime_ns, size, digest, 1 if indexed else 0]."""
    return {
        path: [*found[:3], int(path in indexed)] for path, found in scan.stats.items()
    }


def _indexed(known: dict[str, list[Any]], reader: Callable[[], Any]) -> dict[str, str]:
    """The digest of every indexed file, by path.

    The last update wrote it into the stats file; without that file (missing,
    torn, or from an older release) the index's own `source` terms are read.
    """
    if known and all(len(found) == 4 for found in known.values()):
        return {path: found[2] for path, found in known.items() if found[3]}
    with reader() as opened:
        sources = {}
        for term in opened.lexicon("source"):
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
    generation: Path,
    scan: Scan,
    known: dict[str, list[Any]],
    context: _Context,
    progress: Progress | None,
) -> IndexReport:
    ix = whoosh_index.open_dir(str(generation))
    slugs = scan.slugs
    on_disk = set(scan.data)
    indexed = _indexed(known, ix.reader)
    removed = sorted(set(indexed) - on_disk)
    dependants: set[str] = set()
    if removed:
        with ix.reader() as reader:
            dependants = _naming(reader, {slug_of(p) for p in removed} - set(slugs))
    changed = sorted(
        p
        for p in on_disk
        if indexed.get(p) != scan.digests[p]  # new, changed, or left out last time
        or len(slugs[slug_of(p)]) > 1  # duplicates are decided together
        or slug_of(p) in dependants  # names a slug that has gone
    )
    entries, problems, invalid = _check(scan, changed, context)
    if removed or changed:  # nothing to write otherwise: no Whoosh commit
        writer = ix.writer()
        for path in (*removed, *changed):
            writer.delete_by_term("path", path)
        words = Counter(read_words(generation))
        _add_documents(writer, entries, progress, words)
        writer.commit()
        if entries:
            write_json(generation / WORDS, dict(words))
    now_indexed = (set(indexed) - set(removed) - set(changed)) | {
        entry.path for entry in entries
    }
    write_json(generation / STATS, _stats(scan, now_indexed))
    all_problems = read_problems(generation)
    for path in (*removed, *changed, FILE_NAME):
        all_problems.pop(path, None)
    all_problems.update(problems)
    _write_state(generation, context, all_problems, created=False)
    updated = sum(entry.path in indexed for entry in entries)
    return IndexReport(
        total=len(now_indexed),
        added=len(entries) - updated,
        updated=updated,
        removed=len(removed),
        unchanged=len(on_disk) - len(changed),
        invalid=invalid,
        problems=_flatten(problems),
    )
