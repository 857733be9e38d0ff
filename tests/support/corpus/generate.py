"""Generate a realistic synthetic catalogue of any size, the same for the same seed.

Entry `i` depends only on the seed and `i` (each entry has its own
`random.Random`), so a corpus of 1,000 entries is the first 1,000 entries of a
corpus of 10,000 with the same seed; only `related`, which may name only
entries that exist, can differ. Run as a program to write a corpus:

    python -m tests.support.corpus.generate --count 10000 --seed 42 OUT_DIR
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tests.support.corpus import banks, text
from tests.support.corpus.text import Writer, Zipf, short_name

_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_DUMP_OPTIONS: dict[str, Any] = {
    "sort_keys": False,
    "allow_unicode": True,
    "width": 4096,
}
#: Every organisation name used, as (name, kind), most frequently used first.
ORGANISATIONS = banks.organisations()
_ORGS = Zipf([name for name, _ in ORGANISATIONS], 0.8)
_TYPE_WEIGHTS = (70, 12, 8, 5, 5)
_STATUS_WEIGHTS = {
    "project": (8, 15, 30, 22, 18, 7),
    "case-study": (0, 0, 0, 30, 60, 10),
}
_TAG_WEIGHTS = (15, 15, 20, 20, 15, 10, 5)  # 0 to 6 tags
_YEAR_WEIGHTS = (5, 8, 12, 15, 16, 15, 12, 10, 7)  # 2018 to 2026
LAST_ADOPTION = "2026-06"  # the latest `since` written (compared as text)
_LINK_TITLES = (
    "Project report",
    "Evaluation report",
    "Blog post",
    "Case study",
    "Presentation slides",
    "Published paper",
    "Data protection impact assessment",
)
_SINGLE_FIELDS = ("tags", "problem_areas", "techniques", "partners", "related")
#: Front matter keys in the order files list them.
KEY_ORDER = tuple(
    "title summary type status date problem_areas techniques tags organisation"
    " partners code adopters related links event".split()
)


@dataclass(frozen=True)
class GeneratedEntry:
    """One synthetic entry: its slug, front matter (dates as strings) and body."""

    slug: str
    meta: dict[str, Any]
    body: str


@dataclass
class _Draft:
    """An entry before `related` is chosen (which needs the whole corpus)."""

    slug: str
    meta: dict[str, Any]
    body: str
    areas: list[str]  # canonical problem areas
    single: str | None = None  # a list field to write as a single string
    related: list[str] = field(default_factory=list)


def generate_entries(count: int, seed: int = 42) -> list[GeneratedEntry]:
    """`count` entries for a seed; entry i is the same whatever the count."""
    if count < 0:
        raise ValueError(f"count must be 0 or more, not {count}")
    seen: dict[str, int] = {}
    drafts = [_draft(seed, index, seen) for index in range(count)]
    _choose_related(drafts, seed)
    return [_finish(draft) for draft in drafts]


def to_markdown(entry: GeneratedEntry) -> str:
    """The entry as a file: YAML front matter between `---` lines, then the body.

    The front matter is `yaml.safe_dump(sort_keys=False, allow_unicode=True)`
    output, made by libyaml's emitter when PyYAML has it (five times faster,
    the same bytes) and by the pure Python one otherwise.
    """
    front = yaml.dump(entry.meta, Dumper=_DUMPER, **_DUMP_OPTIONS)
    return f"---\n{front}---\n\n{entry.body}"


def write_corpus(
    directory: Path, count: int, seed: int = 42, vocabulary: bool = False
) -> int:
    """Write `count` entries as `<directory>/<type folder>/<slug>.md`; return the count.

    Existing files are overwritten, other files left alone. With `vocabulary`,
    also write `vocabulary.yml` naming every facet value, alias and organisation
    used, so the catalogue folds aliases and warns about nothing.
    """
    directory = Path(directory)
    entries = generate_entries(count, seed)
    for folder in {banks.TYPE_FOLDERS[entry.meta["type"]] for entry in entries}:
        (directory / folder).mkdir(parents=True, exist_ok=True)
    for entry in entries:
        path = directory / banks.TYPE_FOLDERS[entry.meta["type"]] / f"{entry.slug}.md"
        path.write_bytes(to_markdown(entry).encode("utf-8"))
    if vocabulary:
        directory.mkdir(parents=True, exist_ok=True)
        data = yaml.safe_dump(vocabulary_data(), sort_keys=False, allow_unicode=True)
        (directory / "vocabulary.yml").write_bytes(data.encode("utf-8"))
    return len(entries)


def vocabulary_data() -> dict[str, list[dict[str, Any]]]:
    """The catalogue vocabulary for generated corpora, as `vocabulary.yml` data."""
    return {
        "problem_areas": _terms(banks.PROBLEM_AREAS),
        "techniques": _terms(banks.TECHNIQUES),
        "organisations": [{"name": name, "kind": kind} for name, kind in ORGANISATIONS],
    }


def _terms(names: Sequence[str]) -> list[dict[str, Any]]:
    """Vocabulary terms: each canonical name with its aliases, if it has any."""
    terms: list[dict[str, Any]] = []
    for name in names:
        term: dict[str, Any] = {"name": name}
        if name in banks.ALIASES:
            term["aliases"] = list(banks.ALIASES[name])
        terms.append(term)
    return terms


def slugify(title: str) -> str:
    """A slug of at most 60 characters: lower-case a-z, 0-9 and single hyphens."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"['\u2019]", "", ascii_text.lower())
    slug = re.sub(r"[^a-z0-9]+", "-", cleaned).strip("-") or "entry"
    return slug if len(slug) <= 60 else slug[:61].rsplit("-", 1)[0]


def _unique_slug(base: str, seen: dict[str, int]) -> str:
    """`base`, or `base-2`, `base-3`... if taken; records the slug in `seen`."""
    slug, number = base, seen.get(base, 1)
    while slug in seen:
        number += 1
        slug = f"{base}-{number}"
    seen[base] = number
    seen.setdefault(slug, 1)
    return slug


def _choose_related(drafts: list[_Draft], seed: int) -> None:
    """Pick nought to four related entries each, dropping any past the corpus end.

    Most point back to an earlier entry on the same main problem area, the
    rest forward by up to 50 entries; the draws never depend on the count.
    """
    earlier: dict[str, list[int]] = {}
    for index, draft in enumerate(drafts):
        rng = random.Random(f"{seed}:{index}:related")
        wanted = rng.choices(range(5), (35, 25, 20, 12, 8))[0]
        if draft.single == "related":  # written as one string: `related: slug`
            wanted = min(wanted, 1)
        targets: list[int] = []
        for _ in range(wanted):
            backwards = rng.random() < 0.7
            same = earlier.get(draft.areas[0])
            if backwards and same:
                target = rng.choice(same)
            else:
                target = index + rng.randint(1, 50)
            if target < len(drafts) and target != index and target not in targets:
                targets.append(target)
        draft.related = [drafts[target].slug for target in targets]
        for area in draft.areas:
            earlier.setdefault(area, []).append(index)


def _finish(draft: _Draft) -> GeneratedEntry:
    """The entry with its related slugs, keys in order, empty fields left out."""
    meta = {**draft.meta, "related": draft.related}
    if draft.single and meta.get(draft.single):
        meta[draft.single] = meta[draft.single][0]  # `tags: NLP` instead of a list
    ordered = {key: meta[key] for key in KEY_ORDER if meta.get(key) not in (None, [])}
    return GeneratedEntry(draft.slug, ordered, draft.body)


def _draft(seed: int, index: int, seen: dict[str, int]) -> _Draft:
    """Everything about entry `index` except its related entries."""
    rng = random.Random(f"{seed}:{index}")
    kind = rng.choices(banks.TYPES, weights=_TYPE_WEIGHTS)[0]
    areas = _distinct(rng, text.AREAS.pick, rng.choices((1, 2, 3), (50, 35, 15))[0])
    techniques = _techniques(rng, areas)
    organisation = _ORGS.pick(rng)
    partners = _organisations(
        rng, rng.choices(range(4), (40, 35, 17, 8))[0], {organisation}
    )
    writer = Writer(
        rng,
        organisation,
        areas,
        techniques,
        partners[0] if partners else "the NHS AI Lab",
    )
    title = text.title(writer, kind)
    slug = _unique_slug(slugify(title), seen)
    meta = _meta(writer, kind, title, slug, partners)
    link_url = (meta.get("links") or [{}])[0].get("url") or _site(organisation, slug)
    body = text.body(writer, kind, slug, link_url)
    single = rng.choice(_SINGLE_FIELDS) if rng.random() < 0.04 else None
    return _Draft(slug, meta, body, areas, single)


def _meta(
    writer: Writer, kind: str, title: str, slug: str, partners: list[str]
) -> dict[str, Any]:
    """The front matter of an entry, except `related`; absent values are None."""
    rng = writer.rng
    date = _date(rng, 2018)
    year = int(date[:4]) if date else 2018
    return {
        "title": title,
        "summary": text.summary(writer, kind),
        "type": kind,
        "status": _status(rng, kind),
        "date": date,
        "problem_areas": [_maybe_alias(rng, area) for area in writer.areas],
        "techniques": [_maybe_alias(rng, name) for name in writer.techniques],
        "tags": _distinct(rng, text.TAGS.pick, rng.choices(range(7), _TAG_WEIGHTS)[0]),
        "organisation": writer.organisation,
        "partners": partners,
        "code": _code(rng, kind, writer.organisation, slug),
        "adopters": _adopters(rng, writer.organisation, partners, year),
        "links": _links(rng, writer.organisation, slug),
        "event": _event(rng, slug, date) if kind == "webinar" else None,
    }


def _distinct(rng: random.Random, pick: Any, count: int) -> list[str]:
    """`count` different values from a picking function, in the order drawn."""
    values: list[str] = []
    while len(values) < count:
        value = pick(rng)
        if value not in values:
            values.append(value)
    return values


def _techniques(rng: random.Random, areas: Sequence[str]) -> list[str]:
    """One to three techniques, the first often one that suits the main area."""
    count = rng.choices((1, 2, 3), (45, 38, 17))[0]
    suited = banks.AREA_TECHNIQUES.get(areas[0])
    chosen = [rng.choice(suited)] if suited and rng.random() < 0.6 else []
    while len(chosen) < count:
        name = text.TECHNIQUES.pick(rng)
        if name not in chosen:
            chosen.append(name)
    return chosen


def _organisations(rng: random.Random, count: int, exclude: set[str]) -> list[str]:
    """`count` different organisations, none of them in `exclude`."""
    chosen: list[str] = []
    while len(chosen) < count:
        name = _ORGS.pick(rng)
        if name not in exclude and name not in chosen:
            chosen.append(name)
    return chosen


def _maybe_alias(rng: random.Random, name: str) -> str:
    """Usually the canonical name; now and then an alias people write instead."""
    aliases = banks.ALIASES.get(name)
    return rng.choice(aliases) if aliases and rng.random() < 0.08 else name


def _status(rng: random.Random, kind: str) -> str | None:
    """A status that suits the type; webinars and most guidance have none."""
    if kind in _STATUS_WEIGHTS:
        return rng.choices(banks.STATUSES, _STATUS_WEIGHTS[kind])[0]
    if kind in ("playbook", "guidance") and rng.random() < 0.3:
        return rng.choice(("in-use", "retired"))
    return None


def _date(rng: random.Random, first_year: int, blank: float = 0.05) -> str | None:
    """A date from `first_year` to 2026 as YYYY-MM-DD, YYYY-MM or YYYY (or None)."""
    years = range(first_year, 2027)
    year = rng.choices(years, _YEAR_WEIGHTS[-len(years) :])[0]
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    form = rng.random()
    if form < blank:
        return None
    if form < 0.5:
        return f"{year}-{month:02d}-{day:02d}"
    return f"{year}-{month:02d}" if form < 0.8 else str(year)


def _site(organisation: str, slug: str) -> str:
    """A web page about an entry on its organisation's site."""
    domain = slugify(short_name(organisation))[:30].strip("-") or "nhs"
    return f"https://www.{domain}.nhs.uk/ai/{slug}"


def _code(
    rng: random.Random, kind: str, organisation: str, slug: str
) -> dict[str, str] | None:
    """A code repository for about 60% of entries (most projects, few guides)."""
    chance = {"project": 0.7, "case-study": 0.5, "webinar": 0.2, "playbook": 0.4}
    if rng.random() >= chance.get(kind, 0.1):
        return None
    owner = "nhs-" + slugify(short_name(organisation))[:20].strip("-")
    return {
        "url": f"https://github.com/{owner}/{slug[:40].strip('-')}",
        "licence": rng.choices(banks.LICENCES, (50, 20, 12, 10, 5, 3))[0],
        "language": rng.choices(banks.LANGUAGES, (55, 20, 10, 6, 5, 2, 2))[0],
    }


def _adopters(
    rng: random.Random, organisation: str, partners: list[str], year: int
) -> list[dict[str, str]]:
    """Nought to four organisations re-using the entry, some with a start date."""
    count = rng.choices(range(5), (45, 25, 15, 10, 5))[0]
    adopters = []
    for name in _organisations(rng, count, {organisation, *partners}):
        adopter = {"organisation": name, "status": rng.choice(banks.ADOPTER_STATUSES)}
        since = _date(rng, max(year, 2020), blank=0.3)
        # An adoption date may not lie in the future (`catalogue check`): keep
        # the dates of the corpus's last year to its first half, whatever today.
        if since and since <= LAST_ADOPTION:
            adopter["since"] = since
        adopters.append(adopter)
    return adopters


def _links(rng: random.Random, organisation: str, slug: str) -> list[dict[str, str]]:
    """Nought to three pages about the entry."""
    count = rng.choices(range(4), (30, 40, 20, 10))[0]
    titles = rng.sample(_LINK_TITLES, count)
    base = _site(organisation, slug)
    return [{"title": title, "url": f"{base}/{slugify(title)}"} for title in titles]


def _event(rng: random.Random, slug: str, date: str | None) -> dict[str, str]:
    """When a webinar was held, with a recording and usually slides."""
    held = _date(rng, 2019, blank=0.0) or "2021"
    event = {"date": date if date and len(date) == 10 else held}
    if rng.random() < 0.9:
        event["recording"] = f"https://www.youtube.com/watch?v={slug[:11]}"
    if rng.random() < 0.6:
        event["slides"] = f"https://www.example.nhs.uk/slides/{slug}.pdf"
    return event


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: write a corpus and say how long it took."""
    parser = argparse.ArgumentParser(
        prog="python -m tests.support.corpus.generate",
        description=__doc__.splitlines()[0],
    )
    parser.add_argument("--count", type=int, required=True, help="number of entries")
    parser.add_argument("--seed", type=int, default=42, help="random seed (42)")
    parser.add_argument(
        "--vocabulary",
        action="store_true",
        help="also write vocabulary.yml for the values used",
    )
    parser.add_argument("out_dir", type=Path, help="folder to write the entries into")
    args = parser.parse_args(argv)
    if not 0 <= args.count <= 1_000_000:
        parser.error("--count must be between 0 and 1,000,000")
    started = time.perf_counter()
    written = write_corpus(args.out_dir, args.count, args.seed, args.vocabulary)
    took = time.perf_counter() - started
    print(f"wrote {written} entries to {args.out_dir} in {took:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
