"""The whole catalogue: every valid entry, every problem, and the links between them.

`load_catalogue(entries_dir)` reads every entry file below a folder, checks it
and resolves `related` both ways (backlinks) and the organisations each entry
names. A broken file is reported and left out; it never stops the others.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from catalogue.evidence_store import (
    EVIDENCE_FILE,
    EvidenceFileError,
    Records,
    evidence_for,
    load_evidence,
)
from catalogue.evidence_tiers import licence_problems
from catalogue.loader import (
    RawEntry,
    digest_bytes,
    find_entry_files,
    parse_entry_bytes,
    read_entry_bytes,
)
from catalogue.model import Adopter, Entry
from catalogue.problems import WARNING, Problem
from catalogue.render import Rendered, render_bodies
from catalogue.retirement import find_successors
from catalogue.text import slugify
from catalogue.validate import validate_entry
from catalogue.vocabulary import (
    FILE_NAME,
    Vocabulary,
    load_vocabulary,
    vocabulary_file,
)

#: Parsed files by (relative path, digest): lets a reload skip unchanged files.
ParseCache = dict[tuple[str, str], "RawEntry | list[Problem]"]


@dataclass(frozen=True)
class Organisation:
    """An organisation and the entries it leads, took part in and adopted."""

    slug: str
    name: str
    url: str | None = None
    leads: tuple[str, ...] = ()  # slugs of entries it leads
    partner_in: tuple[str, ...] = ()  # slugs of entries it took part in
    adopted: tuple[tuple[str, Adopter], ...] = ()  # (slug, how it adopted it)
    ods: str | None = None  # its NHS ODS code, from the vocabulary

    @property
    def page(self) -> str:
        """The organisation's page on the site."""
        return f"/organisations/{self.slug}"


@dataclass
class Catalogue:
    """Every valid entry by slug, the problems found, and derived relations."""

    entries: dict[str, Entry]
    problems: list[Problem]
    vocabulary: Vocabulary
    files: int = 0  # entry files read
    invalid: int = 0  # entry files left out because of errors
    backlinks: dict[str, tuple[str, ...]] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    #: For each slug, the retired entries it supersedes (`retired.superseded_by`).
    successors: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def get(self, slug: str) -> Entry | None:
        """The entry with this slug, if it is valid."""
        return self.entries.get(slug)

    def related_to(self, entry: Entry) -> list[Entry]:
        """Entries related to this one either way: its own `related`, then backlinks."""
        slugs = dict.fromkeys((*entry.related, *self.backlinks.get(entry.slug, ())))
        return [self.entries[s] for s in slugs if s in self.entries]


def load_catalogue(
    entries_dir: Path,
    vocabulary_path: Path | None = None,
    shown_root: str | None = None,
    cache: ParseCache | None = None,
) -> Catalogue:
    """Read, check and link every entry below a folder."""
    shown_root = entries_dir.as_posix() if shown_root is None else shown_root
    vocabulary_path = vocabulary_path or vocabulary_file(entries_dir)
    own = vocabulary_path == entries_dir / FILE_NAME
    vocabulary, problems = load_vocabulary(
        vocabulary_path,
        _shown(shown_root, FILE_NAME) if own else vocabulary_path.as_posix(),
    )
    if not entries_dir.is_dir():
        problems.append(
            Problem(
                shown_root,
                None,
                "file",
                "the entries folder does not exist",
                "create it, or set CATALOGUE_ENTRIES to the folder of entries",
            )
        )
        return Catalogue({}, problems, vocabulary)
    raws = read_entries(entries_dir, shown_root, cache)
    evidence, found = read_evidence(entries_dir, _shown(shown_root, EVIDENCE_FILE))
    return build_catalogue(raws, vocabulary, problems + found, evidence=evidence)


def read_evidence(entries_dir: Path, shown: str) -> tuple[Records, list[Problem]]:
    """The code evidence records of a folder, or none and why (never raising)."""
    try:
        return load_evidence(entries_dir / EVIDENCE_FILE), []
    except EvidenceFileError as error:
        fix = "restore it from git, then run `catalogue evidence`"
        return {}, [Problem(shown, None, "file", str(error), fix, WARNING)]


def read_entries(
    entries_dir: Path, shown_root: str, cache: ParseCache | None = None
) -> list[RawEntry | list[Problem]]:
    """Read every entry file below a folder, reusing `cache` for unchanged files."""
    results = []
    for path in find_entry_files(entries_dir):
        relpath = path.relative_to(entries_dir).as_posix()
        results.append(_read_cached(path, _shown(shown_root, relpath), relpath, cache))
    return results


def _read_cached(
    path: Path, shown: str, relpath: str, cache: ParseCache | None
) -> RawEntry | list[Problem]:
    data = read_entry_bytes(path, shown)
    if isinstance(data, list):
        return data
    digest = digest_bytes(data)
    if cache is None:
        return parse_entry_bytes(data, shown, relpath, digest)
    key = (relpath, digest)
    if key not in cache:
        cache[key] = parse_entry_bytes(data, shown, relpath, digest)
    return cache[key]


def _shown(root: str, relpath: str) -> str:
    return f"{root.rstrip('/')}/{relpath}" if root else relpath


def build_catalogue(
    raws: Iterable[RawEntry | list[Problem]],
    vocabulary: Vocabulary,
    problems: list[Problem] | None = None,
    known_slugs: set[str] | None = None,
    evidence: Records | None = None,
) -> Catalogue:
    """Check read files against each other (slugs, related), render and link them.

    This is the one pipeline `catalogue check` and `catalogue index` share:
    validate, then render each valid body within a hard time budget. An entry
    that fails either is reported and left out; it never stops the others.
    `known_slugs`, when given, are the slugs of every entry file (`related`
    may name them); `raws` is then read lazily, while bodies render.
    """
    problems = list(problems or [])
    if known_slugs is None:
        raws = list(raws)
        known_slugs = {r.slug for r in raws if isinstance(r, RawEntry)}
    files = [0]
    valid: dict[str, tuple[Entry, RawEntry]] = {}

    def checked() -> Iterator[tuple[Entry, RawEntry]]:
        for raw in raws:
            files[0] += 1
            if not isinstance(raw, RawEntry):
                problems.extend(raw)
                continue
            entry, found = validate_entry(raw, vocabulary, known_slugs)
            problems.extend(found)
            if entry is not None and entry.slug in valid:
                problems.append(_duplicate(raw, valid[entry.slug][0]))
            elif entry is not None:
                valid[entry.slug] = (entry, raw)
                yield entry, raw

    entries = _render(checked(), problems)
    if evidence:
        entries = _with_evidence(entries, valid, evidence, problems)
    return catalogue_of(
        entries, vocabulary, problems, files[0], invalid=files[0] - len(entries)
    )


def _render(
    valid: Iterator[tuple[Entry, RawEntry]], problems: list[Problem]
) -> dict[str, Entry]:
    """The entries whose bodies render within the limits, with HTML and text."""
    order: list[tuple[Entry, RawEntry]] = []

    def bodies() -> Iterator[str]:
        for entry, raw in valid:
            order.append((entry, raw))
            yield entry.body

    entries = {}
    for index, result in enumerate(render_bodies(bodies())):
        entry, raw = order[index]
        if isinstance(result, Rendered):
            entries[entry.slug] = replace(entry, html=result.html, text=result.text)
            continue
        line = raw.body_line + result.line - 1 if result.line else raw.body_line
        problems.append(Problem(raw.path, line, "body", result.message, result.fix))
    return entries


def _with_evidence(
    entries: dict[str, Entry],
    valid: dict[str, tuple[Entry, RawEntry]],
    records: Records,
    problems: list[Problem],
) -> dict[str, Entry]:
    """Entries with code carry what `catalogue evidence` measured of it.

    A licence in the entry that the repository's licence files contradict is
    a warning with the fix.
    """
    found = {}
    for slug, entry in entries.items():
        measured = evidence_for(records, entry)
        if measured is None or entry.code is None:
            found[slug] = entry
            continue
        raw = valid[slug][1]
        for problem in licence_problems(raw.path, entry.code.licence, measured.facts):
            line = raw.line_of(("code", "licence"))
            problems.append(replace(problem, line=problem.line or line))
        code = replace(entry.code, evidence=measured.to_api())
        found[slug] = replace(entry, code=code)
    return found


def catalogue_of(
    entries: dict[str, Entry],
    vocabulary: Vocabulary,
    problems: list[Problem],
    files: int,
    invalid: int,
) -> Catalogue:
    """A Catalogue of checked entries, with backlinks and organisations found."""
    entries = dict(sorted(entries.items()))
    return Catalogue(
        entries,
        sorted(problems, key=_problem_order),
        vocabulary,
        files,
        invalid,
        find_backlinks(entries.values()),
        find_organisations(entries.values(), vocabulary),
        find_successors(entries.values()),
    )


def _duplicate(raw: RawEntry, kept: Entry) -> Problem:
    return Problem(
        raw.path,
        None,
        "slug",
        f"duplicate slug '{raw.slug}': {kept.path} already uses it, and is kept",
        "rename one of the two files; slugs are unique across all sub-folders",
    )


def _problem_order(problem: Problem) -> tuple[str, int, str]:
    return (problem.path, problem.line or 0, problem.field)


def find_backlinks(entries: Iterable[Entry]) -> dict[str, tuple[str, ...]]:
    """For each slug, the entries whose `related` names it."""
    found: dict[str, list[str]] = defaultdict(list)
    for entry in entries:
        for slug in entry.related:
            found[slug].append(entry.slug)
    return {slug: tuple(sources) for slug, sources in found.items()}


def find_organisations(
    entries: Iterable[Entry], vocabulary: Vocabulary
) -> dict[str, Organisation]:
    """Every organisation named by an entry: what it leads, took part in and adopted."""
    roles: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    names: dict[str, str] = {}
    for entry in entries:
        for role, name, item in _roles(entry):
            slug = slugify(name)
            names.setdefault(slug, name)
            roles[slug][role].append(item)
    organisations = {}
    for slug, name in sorted(names.items()):
        term = vocabulary.term("organisations", name)
        found = roles[slug]
        organisations[slug] = Organisation(
            slug,
            name,
            term.url if term else None,
            tuple(found["leads"]),
            tuple(found["partner_in"]),
            tuple(found["adopted"]),
            term.ods if term else None,
        )
    return organisations


def _roles(entry: Entry) -> Iterable[tuple[str, str, object]]:
    if entry.organisation:
        yield "leads", entry.organisation, entry.slug
    for partner in entry.partners:
        yield "partner_in", partner, entry.slug
    for adopter in entry.adopters:
        yield "adopted", adopter.organisation, (entry.slug, adopter)
