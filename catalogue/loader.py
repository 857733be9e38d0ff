"""Read entry files: bytes -> front matter mapping with line numbers, and body.

Reading never raises for bad content: a file that cannot be read gives
`Problem`s instead. YAML is parsed with PyYAML's safe loader (the C one where
available): Python tags are refused, and anchors/aliases are refused outright
so an alias bomb cannot expand.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from catalogue.problems import Problem

MAX_BYTES = 1024 * 1024  # a larger file is refused, to keep the site responsive
MAX_NESTING = 32  # deeper YAML is refused before parsing (entries need 3 levels)
SKIPPED_NAMES = {"readme.md"}  # staff notes that live among the entries


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """PyYAML's safe loader (the C one where available), keeping dates as text.

    YAML would turn `2021-04-01` into a date and fail on `2021-02-30` with a
    bare ValueError; as text, dates are checked by `model.parse_partial_date`,
    which says what is wrong with them.
    """

    yaml_implicit_resolvers = {
        first: [
            (tag, regexp)
            for tag, regexp in resolvers
            if tag != "tag:yaml.org,2002:timestamp"
        ]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


_HANDLER = frontmatter.YAMLHandler()
_SYNTAX_FIX = (
    "check the indentation and quoting on that line: a value containing ': ' or"
    " starting with [ { * & ! % @ or ` needs quotes around it"
)

#: A field path inside the front matter, such as ("adopters", 0, "status").
FieldPath = tuple[Any, ...]
#: First element of a line-map key that records a field written twice.
REPEATED = "\0repeated"


@dataclass(frozen=True)
class RawEntry:
    """A readable entry file, before validation."""

    path: str  # as shown in messages
    relpath: str  # relative to the entries folder, with forward slashes
    slug: str  # the file name without .md
    digest: str  # SHA-256 of the file's bytes
    meta: dict[str, Any]  # the front matter as parsed
    body: str  # the Markdown after the front matter
    lines: dict[FieldPath, int] = field(default_factory=dict)  # field -> file line
    first_line: int = 1  # line of the opening ---
    body_line: int = 1  # first line of the body

    def line_of(self, path: FieldPath) -> int:
        """The file line of a field, or of its nearest parent, or of the opening ---."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.first_line


class YamlProblem(Exception):
    """YAML that cannot be used, with the line (within the YAML) and a fix."""

    def __init__(self, line: int | None, message: str, fix: str) -> None:
        super().__init__(message)
        self.line, self.message, self.fix = line, message, fix


def find_entry_files(entries_dir: Path) -> list[Path]:
    """Every `*.md` below a folder, sorted, except READMEs and hidden files."""
    return [entries_dir / relpath for relpath, _entry in walk_entry_files(entries_dir)]


def walk_entry_files(entries_dir: Path) -> list[tuple[str, os.DirEntry[str]]]:
    """(relative path, directory entry) of every entry file, sorted by path.

    Folders and files starting with `.` or `_` are skipped, and so are READMEs;
    symbolic links are listed (never followed) so that reading can report them.
    """
    found: list[tuple[str, os.DirEntry[str]]] = []
    pending = [("", str(entries_dir))]
    while pending:
        prefix, folder = pending.pop()
        try:
            listing = list(os.scandir(folder))
        except OSError:  # vanished or unreadable: nothing to list there
            continue
        for item in listing:
            if item.name.startswith((".", "_")):
                continue
            relpath = prefix + item.name
            if item.is_dir(follow_symlinks=False):
                pending.append((relpath + "/", item.path))
            elif item.name.endswith(".md") and item.name.lower() not in SKIPPED_NAMES:
                found.append((relpath, item))
    found.sort(key=lambda pair: pair[0])
    return found


def digest_bytes(data: bytes) -> str:
    """The content hash used to notice a changed file."""
    return hashlib.sha256(data).hexdigest()


def read_entry(path: Path, shown: str, relpath: str) -> RawEntry | list[Problem]:
    """Read one file: a RawEntry, or the problems that stop it being read."""
    data = read_entry_bytes(path, shown)
    if isinstance(data, list):
        return data
    return parse_entry_bytes(data, shown, relpath)


def read_text_file(path: Path, shown: str) -> str | list[Problem]:
    """A staff-edited file as text, with the same limits and messages as entries.

    Used for the vocabulary: no symbolic links, at most 1 MiB, UTF-8 text.
    An empty file is empty text.
    """
    data = read_entry_bytes(path, shown, VOCABULARY_TEXTS)
    if isinstance(data, list):
        return data
    if not data.strip():
        return ""
    found = _decode(data, shown, VOCABULARY_TEXTS)
    return [found] if isinstance(found, Problem) else found


#: What the file-level messages call the file and how to fix it, by kind of file.
ENTRY_TEXTS = {
    "kind": "Markdown",
    "too_big": "shorten the body or link to a longer document",
    "save": "save the entry as plain UTF-8 text with a .md name",
}
VOCABULARY_TEXTS = {
    "kind": "YAML",
    "too_big": "remove values no entry uses; a vocabulary needs far less than 1 MiB",
    "save": "save the vocabulary as plain UTF-8 text",
}


def read_entry_bytes(
    path: Path, shown: str, texts: dict[str, str] = ENTRY_TEXTS
) -> bytes | list[Problem]:
    """A file's bytes, unless it is a link, too large or unreadable."""
    if path.is_symlink():
        return [
            _file_problem(
                shown,
                None,
                "is a symbolic link, which is never followed",
                "replace the link with the file itself",
            )
        ]
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return [
                _file_problem(
                    shown,
                    None,
                    f"is {size:,} bytes; the limit is 1 MiB",
                    texts["too_big"],
                )
            ]
        return path.read_bytes()
    except OSError as error:  # vanished or unreadable between listing and reading
        return [
            _file_problem(
                shown,
                None,
                f"cannot be read ({error.strerror})",
                "check the file exists and is readable",
            )
        ]


def parse_entry_bytes(
    data: bytes, shown: str, relpath: str, digest: str | None = None
) -> RawEntry | list[Problem]:
    """Decode and split a file's bytes: a RawEntry, or the problems found."""
    text_or_problem = _decode(data, shown)
    if isinstance(text_or_problem, Problem):
        return [text_or_problem]
    text = text_or_problem
    slug = Path(relpath).name[: -len(".md")]
    try:
        meta, lines, first_line, body, body_line = split_entry(text)
    except YamlProblem as problem:
        return [Problem(shown, problem.line, "yaml", problem.message, problem.fix)]
    return RawEntry(
        shown,
        relpath,
        slug,
        digest or digest_bytes(data),
        meta,
        body,
        lines,
        first_line,
        body_line,
    )


def _decode(
    data: bytes, shown: str, texts: dict[str, str] = ENTRY_TEXTS
) -> str | Problem:
    if not data.strip():
        return _file_problem(
            shown,
            None,
            "is empty",
            'start from a template: catalogue new project "Title"',
        )
    if b"\0" in data:
        line = data[: data.index(b"\0")].count(b"\n") + 1
        return _file_problem(
            shown,
            line,
            f"is a binary file, not {texts['kind']} text",
            texts["save"],
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return _file_problem(
            shown,
            line,
            f"is not UTF-8 text (byte 0x{data[error.start]:02x}"
            f" at offset {error.start})",
            "save the file with UTF-8 encoding in your editor",
        )
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


def _file_problem(shown: str, line: int | None, message: str, fix: str) -> Problem:
    return Problem(shown, line, "file", f"the file {message}", fix)


def split_entry(
    text: str,
) -> tuple[dict[str, Any], dict[FieldPath, int], int, str, int]:
    """Split into (meta, field lines, first line, body, body line), or YamlProblem."""
    if not _HANDLER.detect(text):
        raise YamlProblem(
            1,
            "the file has no front matter",
            "start the file with a line of three dashes (---), then the"
            " fields, then another --- line, then the body",
        )
    opening = _HANDLER.FM_BOUNDARY.match(text)
    assert opening is not None  # detect() just matched it
    closing = _HANDLER.FM_BOUNDARY.search(text, opening.end())
    if closing is None:
        raise YamlProblem(
            1,
            "the front matter is never closed",
            "add a line of three dashes (---) after the last field",
        )
    fm_text = text[opening.end() : closing.start()]
    offset = text.count("\n", 0, opening.end())  # YAML line 0 is this file line - 1
    meta, lines = parse_yaml(fm_text, offset)
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise YamlProblem(
            offset + 1,
            "the front matter is not a list of `field: value` lines",
            "write one `field: value` per line, such as `title: My project`",
        )
    rest = text[closing.end() :]
    body = rest.lstrip("\n")
    body_start = len(text) - len(body)  # after the blank lines that are skipped
    body_line = text.count("\n", 0, body_start) + 1
    return meta, lines, 1, body, body_line


def parse_yaml(text: str, line_offset: int = 0) -> tuple[Any, dict[FieldPath, int]]:
    """Parse YAML safely into data plus the 1-based file line of every field."""
    _refuse_deep_nesting(text, line_offset)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        lines: dict[FieldPath, int] = {}
        _record_lines(node, (), lines, set(), line_offset)
        return loader.construct_document(node), lines
    except yaml.MarkedYAMLError as error:
        raise _yaml_problem(error, line_offset) from None
    except yaml.YAMLError as error:  # unmarked errors, such as bad characters
        raise YamlProblem(
            line_offset + 1, f"the YAML cannot be read: {error}", _SYNTAX_FIX
        ) from None
    except (ValueError, OverflowError, RecursionError) as error:
        # PyYAML's constructors can still raise plain errors on odd values
        # (such as an explicit !!timestamp that is no date): report, never crash.
        raise YamlProblem(
            line_offset + 1,
            f"the YAML has a value that cannot be used: {error}",
            _SYNTAX_FIX,
        ) from None
    finally:
        loader.dispose()


def _yaml_problem(error: yaml.MarkedYAMLError, line_offset: int) -> YamlProblem:
    mark = error.problem_mark or error.context_mark
    line = line_offset + mark.line + 1 if mark else None
    problem = error.problem or "is not valid YAML"
    if isinstance(error, yaml.constructor.ConstructorError) and "tag" in problem:
        tag = problem.split("tag", 1)[1].strip(" '").replace("tag:yaml.org,2002:", "!!")
        return YamlProblem(
            line,
            f"the YAML tag {tag} is not allowed (nothing was run)",
            "remove the tag: fields hold only text, numbers, dates, lists"
            " and field: value mappings",
        )
    context = f" {error.context}" if error.context else ""
    return YamlProblem(
        line,
        f"the YAML cannot be read:{context} {problem}".replace("  ", " "),
        _SYNTAX_FIX,
    )


def _refuse_deep_nesting(text: str, line_offset: int) -> None:
    depth = deepest = 0
    for char in text:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    longest_indent = max(
        (len(ln) - len(ln.lstrip(" ")) for ln in text.splitlines()), default=0
    )
    if deepest > MAX_NESTING or longest_indent > MAX_NESTING * 8:
        raise YamlProblem(
            line_offset + 1,
            "the front matter is nested too deeply",
            "entries need at most three levels of lists and mappings",
        )


def _record_lines(
    node: yaml.Node,
    path: FieldPath,
    lines: dict[FieldPath, int],
    seen: set[int],
    offset: int,
) -> None:
    if id(node) in seen:
        # The same node twice means an alias (*name): refused, so nothing can expand.
        raise YamlProblem(
            offset + node.start_mark.line + 1,
            "YAML anchors and aliases (&name, *name) are not allowed",
            "write the value out in full instead of referring to it",
        )
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = (
                key_node.value
                if isinstance(key_node, yaml.ScalarNode)
                else str(key_node.value)
            )
            line = offset + key_node.start_mark.line + 1
            if path + (key,) in lines:
                lines[(REPEATED, *path, key)] = line
            lines[path + (key,)] = line  # a field written twice: the last one is used
            _record_lines(value_node, path + (key,), lines, seen, offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[path + (index,)] = offset + item.start_mark.line + 1
            _record_lines(item, path + (index,), lines, seen, offset)
