"""The entry files on disk: which changed since the last update, read only if so."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from catalogue.loader import digest_bytes, read_entry_bytes, walk_entry_files
from catalogue.problems import Problem


def slug_of(relpath: str) -> str:
    return relpath.rsplit("/", 1)[-1][: -len(".md")]


@dataclass
class Scan:
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
            found.setdefault(slug_of(relpath), []).append(relpath)
        return found

    def content(self, relpath: str) -> bytes | list[Problem]:
        """A file's bytes or problems, reading it now if the scan skipped it."""
        found = self.data[relpath]
        if found is None:
            found = read_entry_bytes(self.root / relpath, relpath)
            self.data[relpath] = found
        return found


def scan_entries(entries_dir: Path, known: dict[str, list[Any]]) -> Scan:
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
    return Scan(entries_dir, data, digests, stats)
