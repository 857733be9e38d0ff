"""Reading a repository: the `Facts` of a git repository's last commit.

`inspect_repository(path)` reads the committed tree of a clone (a partial
one from `catalogue.gitrepo`, whose missing file contents are fetched as
needed) or of any working copy, and detects what it shows with
`evidence_files` (paths), `evidence_readme` (the README) and
`evidence_licences` (licence texts). Facts that cannot be had from git are
left unknown (`None`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from catalogue.evidence_files import (
    CI_FILES,
    EXAMPLES,
    LICENCE_NAME,
    TEST_COMMANDS,
    count_languages,
    is_generator,
    is_manifest,
    is_sample_data,
    is_test,
    maybe_manifest,
    pick_readme,
    skipped,
    synthetic_tools,
    unique,
)
from catalogue.evidence_licences import is_open_licence, recognised_licences
from catalogue.evidence_readme import (
    install_evidence,
    linked_documents,
    status_and_notice,
    usage_evidence,
)
from catalogue.gitrepo import (
    DEFAULT_MAX_BYTES,
    DEFAULT_TIMEOUT,
    RepositoryError,
    fetch_objects,
    git,
)

#: Bytes read of any one file (README, licence, manifest, CI configuration).
READ_LIMIT = 256 * 1024
_BIG = 4 * 1024 * 1024  # a larger file is not read at all


@dataclass(frozen=True)
class Facts:
    """What a repository's last commit shows. `None` means not known."""

    commit: str | None = None  # the commit inspected
    last_commit: str | None = None  # its committer date, ISO 8601
    commits: int | None = None  # commits in its history (unknown for a shallow clone)
    files: int = 0  # files in the commit
    licence_files: tuple[str, ...] = ()  # top-level LICENSE, LICENCE, COPYING, ...
    licences: tuple[str, ...] = ()  # SPDX ids recognised in them, sorted
    licence_open: bool | None = None  # every recognised licence is OSI/FSF approved
    readme: str | None = None  # the top-level README
    readme_install: tuple[str, ...] = ()  # install headings or commands found in it
    readme_usage: tuple[str, ...] = ()  # usage headings or commands found in it
    readme_links: tuple[str, ...] = ()  # documents it links to, read when it has none
    manifests: tuple[str, ...] = ()  # dependency manifests
    test_files: int = 0
    tests: tuple[str, ...] = ()  # examples of test files
    ci: tuple[str, ...] = ()  # CI configuration files
    ci_test_commands: tuple[str, ...] = ()  # test commands the CI configuration runs
    sample_data: tuple[str, ...] = ()  # examples of sample or synthetic data files
    sample_data_files: int = 0
    data_generators: tuple[str, ...] = ()  # code that generates fake or synthetic data
    synthetic_data_tools: tuple[str, ...] = ()  # synthetic-data libraries depended on
    languages: dict[str, int] = field(default_factory=dict)  # language -> files
    status_badge: str | None = None  # the README's status badge: experimental, ...
    maintenance_notice: str | None = None  # README text saying it is unmaintained
    archived: bool | None = None  # archived on its forge: not knowable from git
    entry_licence: str | None = None  # what the entry says (set by `evaluate`)
    licence_matches_entry: bool | None = None  # None when either side has none

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: tuples as lists."""
        data = asdict(self)
        return {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Facts:
        """Rebuild from `to_dict()` output; unknown keys are ignored."""
        values: dict[str, Any] = {}
        for item in fields(cls):
            if item.name in data:
                value = data[item.name]
                values[item.name] = tuple(value) if isinstance(value, list) else value
        return cls(**values)


@dataclass
class _Tree:
    """The files of one commit: path -> object id, and which are not in the clone."""

    path: Path
    blobs: dict[str, str]
    missing: set[str]
    timeout: float
    max_bytes: int

    def read(self, names: Iterable[str]) -> dict[str, str]:
        """The text of files (at most READ_LIMIT bytes each), fetched if need be."""
        wanted = [n for n in dict.fromkeys(names) if n in self.blobs]
        absent = sorted({self.blobs[n] for n in wanted} & self.missing)
        if absent:  # a partial clone: fetch these contents in one request
            fetch_objects(
                self.path, absent, timeout=self.timeout, max_bytes=self.max_bytes
            )
            self.missing -= set(absent)
        if not wanted:
            return {}
        ids = [self.blobs[n] for n in wanted]
        sizes = _batch(self.path, "--batch-check", ids)
        small = [
            n for n, i in zip(wanted, ids, strict=True) if 0 <= sizes.get(i, -1) <= _BIG
        ]
        contents = _batch(self.path, "--batch", [self.blobs[n] for n in small], True)
        return {
            name: contents[self.blobs[name]]
            for name in small
            if isinstance(contents.get(self.blobs[name]), str)
        }


def _batch(path: Path, mode: str, ids: list[str], content: bool = False) -> dict:
    """`git cat-file --batch[-check]` for object ids: id -> size, or id -> text."""
    output = git(path, "cat-file", mode, data="".join(f"{i}\n" for i in ids).encode())
    found: dict[str, Any] = {}
    position = 0
    while position < len(output):
        end = output.index(b"\n", position)
        header = output[position:end].decode("ascii", "replace").split()
        position = end + 1
        if len(header) < 3:  # "<id> missing"
            continue
        object_id, size = header[0], int(header[2])
        if content:
            data = output[position : position + size]
            position += size + 1
            found[object_id] = data[:READ_LIMIT].decode("utf-8", "replace")
        else:
            found[object_id] = size
    return found


def _read_tree(path: Path, timeout: float, max_bytes: int) -> _Tree:
    listing = git(path, "ls-tree", "-r", "-z", "--full-tree", "HEAD")
    blobs: dict[str, str] = {}
    for item in listing.split(b"\0"):
        if not item:
            continue
        meta, _tab, name = item.partition(b"\t")
        mode, kind, object_id = meta.decode("ascii").split()
        if kind == "blob" and mode != "120000":  # files, not symbolic links
            blobs[name.decode("utf-8", "replace")] = object_id
    missing = git(
        path, "rev-list", "--objects", "--missing=print", "--no-walk", "HEAD"
    ).decode("ascii", "replace")
    absent = {
        line[1:].split()[0] for line in missing.splitlines() if line.startswith("?")
    }
    return _Tree(path, blobs, absent, timeout, max_bytes)


def inspect_repository(
    path: Path,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Facts:
    """The facts of a git repository's last commit (HEAD); RepositoryError if none.

    `path` is a clone (a partial one from `gitrepo.clone_repository`, whose
    missing file contents are fetched as needed within `timeout` and
    `max_bytes`) or any working copy; the committed tree is read, not the files
    on disk.
    """
    try:
        head = git(path, "log", "-1", "--format=%H%x00%cI", "HEAD").decode()
    except RepositoryError as error:
        raise RepositoryError(
            "failed", f"the repository has no commit to inspect ({error.message})"
        ) from None
    commit, _nul, last_commit = head.strip().partition("\0")
    shallow = git(path, "rev-parse", "--is-shallow-repository").strip() == b"true"
    commits = None if shallow else int(git(path, "rev-list", "--count", "HEAD"))
    tree = _read_tree(path, timeout, max_bytes)
    paths = sorted(tree.blobs)
    if not paths:
        raise RepositoryError("failed", "the last commit has no files")
    own = [p for p in paths if not skipped(p)]
    top = [p for p in paths if "/" not in p]

    licence_files = sorted(
        [p for p in top if LICENCE_NAME.match(p)]
        + [p for p in paths if p.startswith(("LICENSES/", "LICENCES/"))]
    )
    readme = pick_readme(top)
    manifest_candidates = [p for p in own if maybe_manifest(p)]
    ci = [p for p in paths if CI_FILES.match(p)]
    texts = tree.read(
        [*licence_files, *([readme] if readme else []), *manifest_candidates, *ci]
    )

    licences = recognised_licences(texts[p] for p in licence_files if p in texts)
    manifests = [p for p in manifest_candidates if is_manifest(p, texts.get(p))]
    readme_text = texts.get(readme or "", "")
    install = install_evidence(readme_text)
    usage = usage_evidence(readme_text)
    linked: list[str] = []
    if readme and not (install or usage):  # instructions may be one link away
        linked = linked_documents(readme_text, tree.blobs)
        for name, text in tree.read(linked).items():
            install += [f"{name}: {found}" for found in install_evidence(text)]
            usage += [f"{name}: {found}" for found in usage_evidence(text)]
    tests = [p for p in own if is_test(p)]
    ci_commands = unique(
        m.group(1).strip() for p in ci for m in TEST_COMMANDS.finditer(texts.get(p, ""))
    )
    sample = [p for p in own if is_sample_data(p)]
    generators = [p for p in own if is_generator(p)]
    tools = unique(
        tool for p in manifests for tool in synthetic_tools(texts.get(p, ""))
    )
    status, said = status_and_notice(readme_text)
    return Facts(
        commit=commit,
        last_commit=last_commit,
        commits=commits,
        files=len(paths),
        licence_files=tuple(licence_files),
        licences=tuple(licences),
        licence_open=all(map(is_open_licence, licences)) if licences else None,
        readme=readme,
        readme_install=tuple(install[:EXAMPLES]),
        readme_usage=tuple(usage[:EXAMPLES]),
        readme_links=tuple(linked),
        manifests=tuple(manifests),
        test_files=len(tests),
        tests=tuple(tests[:EXAMPLES]),
        ci=tuple(ci),
        ci_test_commands=tuple(ci_commands[:EXAMPLES]),
        sample_data=tuple(sample[:EXAMPLES]),
        sample_data_files=len(sample),
        data_generators=tuple(generators[:EXAMPLES]),
        synthetic_data_tools=tuple(tools),
        languages=count_languages(own),
        status_badge=status,
        maintenance_notice=said,
    )
