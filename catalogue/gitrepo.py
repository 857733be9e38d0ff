"""Clone an entry's code repository with the git command line, safely and within limits.

git's own configuration applies (credentials, proxies, `url.<base>.insteadOf`
mirrors), because the clone is made by the `git` program with the caller's
environment. What an entry may ask for is limited here, before git sees it:

- **Transports.** Only `https://`, `http://` and `git://` URLs are accepted
  from entry content. `file://`, local paths, `ext::` and other remote helpers,
  `ssh://` and `user@host:path` are refused, as are URLs with a user name or
  password in them. An operator's own `insteadOf` rewrite may still point an
  accepted URL at a local mirror (`file://`): that is their configuration, not
  the entry's. (git's `protocol.file.allow` defaults to `user`, which allows
  it for a clone the operator starts; set it to `always` in the same config if
  an older or stricter setting refuses it.)
- **No prompts.** `GIT_TERMINAL_PROMPT=0`, an empty `GIT_ASKPASS` and
  `GCM_INTERACTIVE=never`: a private or deleted repository fails at once
  instead of waiting for a password (credential helpers still answer).
- **Time and size.** Every git command has a time limit, and a clone is stopped
  as soon as its folder grows past a size cap (git has no such option, so the
  folder is measured while git runs).
- **Only what is read is downloaded.** The clone is partial: the last commit's
  tree without file contents (`--depth 1 --filter=blob:none --no-checkout`),
  then the rest of the history without trees or contents (`--unshallow
  --filter=tree:0`) so that the commits can be counted. Inspection then fetches
  the contents of the few files it reads (README, licence, manifests, CI
  configuration) in one request, `fetch_objects`, as git itself does for a
  partial clone. Nothing is checked out, so a large file is never downloaded.
  A server without filters sends everything, within the size cap.

If the history step fails the clone stays shallow and the commit count is
unknown; the clone itself is still used.

Nothing here imports a framework; paths are passed in.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

#: URL schemes an entry's `code.url` may use.
ALLOWED_SCHEMES = ("https", "http", "git")
#: Seconds one git command may take.
DEFAULT_TIMEOUT = 120.0
#: Bytes a clone may take on disk before it is stopped.
DEFAULT_MAX_BYTES = 200 * 1024 * 1024

#: Hosts whose repository pages have the form /owner/name[/tree/branch/...].
_FORGES = {"github.com", "gitlab.com", "bitbucket.org", "codeberg.org"}


class RepositoryError(Exception):
    """A repository that could not be cloned, with why, in plain English.

    `kind` is one of `refused` (the URL is not allowed), `gone` (not found, or
    private), `unreachable` (network), `timeout`, `too-big` or `failed`.
    """

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message

    def __str__(self) -> str:
        return f"{self.kind}: {self.message}"


def clone_url(url: str) -> str:
    """The URL to clone for an entry's `code.url`; RepositoryError if not allowed.

    A forge page deeper than the repository (`.../tree/main/src`) is cloned
    from the repository itself.
    """
    text = url.strip()
    if not text or any(ch.isspace() or ord(ch) < 32 for ch in text):
        raise RepositoryError("refused", f"'{url}' is not a repository URL")
    if "::" in text.split("/", 1)[0]:
        raise RepositoryError(
            "refused", f"'{url}' asks git for a remote helper; only https is allowed"
        )
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        shown = f"{scheme}://" if scheme else "a local path or ssh address"
        raise RepositoryError(
            "refused",
            f"'{url}' uses {shown}; only https://, http:// and git:// URLs are cloned",
        )
    if not parts.hostname:
        raise RepositoryError("refused", f"'{url}' has no host name")
    if parts.username or parts.password or "@" in parts.netloc:
        raise RepositoryError(
            "refused",
            f"'{url}' has a user name in it; credentials belong in git's"
            " configuration, never in an entry",
        )
    path = parts.path.rstrip("/")
    host = parts.hostname.lower()
    if host in _FORGES:
        segments = [s for s in path.split("/") if s]
        if len(segments) > 2 and host != "gitlab.com":
            segments = segments[:2]
        elif "-" in segments and host == "gitlab.com":  # /group/sub/name/-/tree/...
            segments = segments[: segments.index("-")]
        path = "/" + "/".join(segments)
    return f"{scheme}://{parts.netloc}{path}"


def cache_name(url: str) -> str:
    """A folder name for a URL's clone: readable, and unique by a short hash."""
    readable = re.sub(r"[^a-z0-9]+", "-", urlsplit(url).path.lower()).strip("-")
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:10]
    return f"{readable[:60] or 'repository'}-{digest}"


def git_environment() -> dict[str, str]:
    """The caller's environment (so git's configuration applies), never prompting."""
    env = dict(os.environ)
    env.update(
        {
            "GIT_TERMINAL_PROMPT": "0",
            # An empty GIT_ASKPASS also stops core.askPass and SSH_ASKPASS: no
            # window pops up waiting for a person. Credential helpers still run.
            "GIT_ASKPASS": "",
            "SSH_ASKPASS": "",
            "GCM_INTERACTIVE": "never",
            "GIT_LFS_SKIP_SMUDGE": "1",
            "LC_ALL": "C",
            "LANGUAGE": "C",
        }
    )
    return env


@dataclass(frozen=True)
class Clone:
    """A clone in the cache: where it is, and whether its history is complete."""

    path: Path
    url: str  # the URL that was cloned
    history_error: str | None = None  # why the commit history could not be fetched


def clone_repository(
    url: str,
    cache_dir: Path,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Clone:
    """Clone `url` afresh into a folder of `cache_dir`; RepositoryError says why not.

    The previous clone of the same URL is replaced only once the new one has
    been made, so a failed attempt leaves it as it was.
    """
    target = clone_url(url)
    cache_dir = cache_dir.resolve()
    cache_dir.mkdir(parents=True, exist_ok=True)
    final = cache_dir / cache_name(target)
    partial = cache_dir / (final.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    try:
        _run_capped(
            [
                "git",
                "clone",
                "--quiet",
                "--no-checkout",
                "--template=",  # no sample hooks
                "--depth=1",
                "--single-branch",
                "--no-tags",
                "--filter=blob:none",
                "--",
                target,
                str(partial),
            ],
            cwd=cache_dir,
            watch=partial,
            timeout=timeout,
            max_bytes=max_bytes,
        )
        history_error = None
        try:
            _run_capped(
                [
                    "git",
                    "-C",
                    str(partial),
                    "fetch",
                    "--quiet",
                    "--unshallow",
                    "--no-tags",
                    "--filter=tree:0",
                    "origin",
                ],
                cwd=partial,
                watch=partial,
                timeout=timeout,
                max_bytes=max_bytes,
            )
        except RepositoryError as error:
            history_error = str(error)
        shutil.rmtree(final, ignore_errors=True)
        partial.rename(final)
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return Clone(final, target, history_error)


def fetch_objects(
    path: Path,
    object_ids: Sequence[str],
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> None:
    """Fetch the contents of some files of a partial clone, in one request."""
    if not object_ids:
        return
    path = path.resolve()
    _run_capped(
        [
            "git",
            "-C",
            str(path),
            "-c",
            "fetch.negotiationAlgorithm=noop",
            "fetch",
            "--quiet",
            "origin",
            "--no-tags",
            "--no-write-fetch-head",
            "--recurse-submodules=no",
            "--filter=blob:none",
            "--stdin",
        ],
        cwd=path,
        watch=path,
        timeout=timeout,
        max_bytes=max_bytes,
        data="".join(f"{oid}\n" for oid in object_ids).encode("ascii"),
    )


def _run_capped(
    command: Sequence[str],
    cwd: Path,
    watch: Path,
    timeout: float,
    max_bytes: int,
    data: bytes | None = None,
) -> None:
    """Run a git command; stop it past `timeout` seconds or `max_bytes` in `watch`."""
    started = time.monotonic()
    base = folder_size(watch)  # what was there before this command
    process = subprocess.Popen(
        list(command),
        cwd=cwd,
        env=git_environment(),
        stdin=subprocess.DEVNULL if data is None else subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # so that a stop reaches git's helpers too
    )
    stopped: RepositoryError | None = None
    pending = data
    while True:
        try:
            _out, err = process.communicate(pending, timeout=0.2)
            break
        except subprocess.TimeoutExpired:
            pending = None  # communicate() keeps feeding what it was given
            if time.monotonic() - started > timeout:
                stopped = RepositoryError(
                    "timeout", f"git took longer than {timeout:g} seconds"
                )
            elif folder_size(watch) - base > max_bytes:
                stopped = RepositoryError(
                    "too-big", f"the clone grew past {_size(max_bytes)}"
                )
            if stopped:
                _stop(process)
                process.communicate()
                raise stopped from None
    if process.returncode != 0:
        raise classify_failure(err.decode("utf-8", "replace"))
    if folder_size(watch) - base > max_bytes:  # finished between two looks
        raise RepositoryError("too-big", f"the clone grew past {_size(max_bytes)}")


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):g} MiB"
    return f"{count / 1024:g} KiB"


def _stop(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, 9)
    except (ProcessLookupError, PermissionError):
        process.kill()


def folder_size(path: Path) -> int:
    """Bytes of the files below a folder (0 when it does not exist yet)."""
    total = 0
    for folder, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(folder, name)).st_size
            except OSError:  # written or removed while we looked
                continue
    return total


_GONE = re.compile(
    r"repository .* not found|not found|\b404\b|does not exist|"
    r"does not appear to be a git repository|could not read username|"
    r"terminal prompts disabled|authentication failed|access denied",
    re.IGNORECASE,
)
_UNREACHABLE = re.compile(
    r"could not resolve|failed to connect|connection (refused|reset|timed out)|"
    r"timed out|network is unreachable|unable to access|ssl|proxy",
    re.IGNORECASE,
)
_REFUSED = re.compile(r"transport .* not allowed|protocol .* not allowed")


def classify_failure(stderr: str) -> RepositoryError:
    """A RepositoryError from what git printed when it failed."""
    lines = [
        line.strip()
        for line in stderr.splitlines()
        if line.strip() and not line.lower().startswith(("warning:", "hint:"))
    ]
    said = next(
        (line for line in lines if line.lower().startswith(("fatal:", "error:"))),
        lines[-1] if lines else "git failed without saying why",
    )[:300]
    everything = " ".join(lines)
    if _REFUSED.search(everything):
        return RepositoryError("refused", f"git refused the transport ({said})")
    if _GONE.search(everything):
        return RepositoryError(
            "gone",
            "the repository was not found: it was deleted, moved or made"
            f" private ({said})",
        )
    if _UNREACHABLE.search(everything):
        return RepositoryError(
            "unreachable", f"the server could not be reached ({said})"
        )
    return RepositoryError("failed", said)


def git(path: Path, *args: str, timeout: float = 60.0, data: bytes = b"") -> bytes:
    """Run a read-only git command in a repository and return what it printed."""
    try:
        done = subprocess.run(
            ["git", "-C", str(path), *args],
            input=data,
            capture_output=True,
            env=git_environment(),
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise RepositoryError(
            "timeout", f"git {args[0]} took longer than {timeout:g} seconds"
        ) from None
    if done.returncode != 0:
        raise classify_failure(done.stderr.decode("utf-8", "replace"))
    return done.stdout
