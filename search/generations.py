"""The index folder's published generations, read by the engine and the indexer.

    CURRENT          names the published generation (and the previous one)
    gen-<stamp>/     a Whoosh index plus meta.json, problems.json, words.json
                     and stats.json
    write.lock       held by the one writer allowed at a time (`search.lock`)

Readers (the engine) need only this module: they never import the writer.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from catalogue.problems import Problem, problem_from_dict

POINTER, LOCK, META, PROBLEMS = "CURRENT", "write.lock", "meta.json", "problems.json"
WORDS = "words.json"  # word -> entries using it: the spelling dictionary
STATS = "stats.json"  # path -> [mtime_ns, size, digest, indexed 0/1]: not to re-read


class IndexUnavailable(Exception):
    """The index cannot be written or read; the message says why and what to do."""


class IndexLocked(IndexUnavailable):
    """Another writer holds the index."""


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


def write_json(path: Path, data: Any) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, path)


def publish(index_dir: Path, generation: Path, previous: Path | None) -> None:
    names = generation.name + (f"\n{previous.name}" if previous else "")
    temporary = index_dir / f".{POINTER}.{os.getpid()}.tmp"
    with temporary.open("w", encoding="utf-8") as out:
        out.write(names + "\n")
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, index_dir / POINTER)  # the atomic swap


def remove_old_generations(index_dir: Path, keep: set[str]) -> None:
    for folder in index_dir.glob("gen-*"):
        if folder.name not in keep:
            shutil.rmtree(folder, ignore_errors=True)


def remove_unpublished(index_dir: Path) -> None:
    """Remove generations CURRENT does not name: a killed rebuild's half-built one.

    Called with the write lock held, so no rebuild is under way.
    """
    try:
        names = (index_dir / POINTER).read_text(encoding="utf-8").split()
    except OSError:
        return
    if names:
        remove_old_generations(index_dir, set(names))


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def read_stats(generation: Path | None) -> dict[str, list[Any]]:
    """Size, mtime and digest of each file at the last update."""
    if generation is None:
        return {}
    try:
        return json.loads((generation / STATS).read_text(encoding="utf-8"))
    except (OSError, ValueError):  # missing or torn: every file is read and hashed
        return {}


def read_words(generation: Path) -> dict[str, int]:
    """The spelling dictionary: every indexed word and how many entries use it."""
    try:
        return json.loads((generation / WORDS).read_text(encoding="utf-8"))
    except (
        OSError,
        ValueError,
    ):  # missing or torn: no suggestions until the next update
        return {}
