"""Entry files deleted since a git revision: `catalogue check --base REF`.

An entry's page address is its slug; deleting the file breaks every link to
it and loses what was learnt. An entry that is no longer current is retired
instead (`status: retired` with a `retired:` block), so a slug that existed
at REF and exists nowhere now is an error. Moving a file to another folder
keeps its slug and is fine; renaming it changes the slug and is reported.

git is run as a program (no library), in the folder's own repository.
"""

from __future__ import annotations

import subprocess
from pathlib import Path, PurePosixPath

from catalogue.loader import SKIPPED_NAMES, find_entry_files
from catalogue.problems import Problem

GIT_TIMEOUT = 60.0  # seconds one git command may take


class GitError(Exception):
    """git could not answer: not a repository, an unknown revision, no git."""


def deleted_entries(folder: Path, base: str, shown_root: str) -> list[Problem]:
    """An error for each entry slug under `folder` at `base` that is gone now."""
    top = Path(_git(folder, "rev-parse", "--show-toplevel").strip())
    inside = folder.resolve().relative_to(top.resolve()).as_posix()
    try:
        _git(top, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}")
    except GitError:
        raise GitError(
            f"'{base}' is not a commit in the git repository {top}: give a branch,"
            " tag or commit, such as origin/main"
        ) from None
    listed = _git(top, "ls-tree", "-r", "-z", "--name-only", base, "--", inside or ".")
    now = {path.stem for path in find_entry_files(folder)}
    problems = []
    for path in sorted(p for p in listed.split("\0") if p):
        relpath = PurePosixPath(path).relative_to(inside) if inside else path
        relpath = PurePosixPath(relpath)
        if not _is_entry(relpath) or relpath.stem in now:
            continue
        shown = f"{shown_root.rstrip('/')}/{relpath}" if shown_root else str(relpath)
        problems.append(
            Problem(
                shown,
                None,
                "file",
                f"the entry '{relpath.stem}' was deleted since {base}: its page and"
                " every link to it would stop working",
                f"retire it instead: restore it (`git checkout {base} -- {path}`),"
                " set `status: retired` and add a `retired:` block with its reason,"
                " date and, if another entry replaces it, `superseded_by`",
            )
        )
    return problems


def _is_entry(relpath: PurePosixPath) -> bool:
    """What `find_entry_files` would read: `.md`, not a README, no hidden parts."""
    if relpath.suffix != ".md" or relpath.name.lower() in SKIPPED_NAMES:
        return False
    return not any(part.startswith((".", "_")) for part in relpath.parts)


def _git(where: Path, *args: str) -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(where), *args],
            capture_output=True,
            text=True,
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:  # no git, or it hung
        raise GitError(f"could not run git: {error}") from None
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()
        raise GitError(
            f"git {args[0]} failed in {where}: {detail[-1] if detail else 'no output'}"
        )
    return done.stdout
