"""Prose for synthetic entries: titles, summaries and Markdown bodies.

Text is built from sentence templates whose `{slots}` are filled from the word
banks in `banks`, drawn with Zipf-like weights so a few words ("patients",
"data", "model") are everywhere and a long tail is rare. Every draw goes
through the `random.Random` held by a `Writer`, so the same seed always gives
the same text.
"""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from tests.support.corpus import banks
from tests.support.corpus import templates as T

_SLOT = re.compile(r"\{(\w+)\}")
_ARTICLE = re.compile(r"\b([Aa]) (?=[aeiouAEIOU])")  # "a open" -> "an open"


class Zipf:
    """Draws items from a sequence with weight 1 / rank ** exponent."""

    def __init__(self, items: Sequence[str], exponent: float = 1.0) -> None:
        self.items = tuple(items)
        weights = [1 / (rank + 1) ** exponent for rank in range(len(self.items))]
        self.cum_weights = list(itertools.accumulate(weights))

    def pick(self, rng: random.Random) -> str:
        """One item; earlier items are drawn more often."""
        return rng.choices(self.items, cum_weights=self.cum_weights)[0]


AREAS = Zipf(banks.PROBLEM_AREAS, 0.9)
TECHNIQUES = Zipf(banks.TECHNIQUES, 0.9)
NOUNS = Zipf(banks.NOUNS, 1.1)
ADJECTIVES = Zipf(banks.ADJECTIVES)
DATA_SOURCES = Zipf(banks.DATA_SOURCES)
STAFF = Zipf(banks.STAFF)
TOOLS = Zipf(banks.TOOLS)
VERBS = Zipf(banks.VERBS, 0.8)
RARE = Zipf(banks.RARE_WORDS, 1.1)
TAGS = Zipf(banks.TAGS, 0.9)

_ING = {
    "predict": "predicting",
    "forecast": "forecasting",
    "reduce": "reducing",
    "understand": "understanding",
    "prioritise": "prioritising",
    "detect": "detecting",
    "automate": "automating",
    "improve": "improving",
    "monitor": "monitoring",
    "identify": "identifying",
    "plan": "planning",
    "measure": "measuring",
}
_PAST = {verb: (verb + "d" if verb.endswith("e") else verb + "ed") for verb in _ING}
_PAST.update({"forecast": "forecast", "understand": "understood", "plan": "planned"})
_NAME_HEADS = tuple("Bed Flow Ward Care Triage Path Clinic Scan Code Rota".split())
_NAME_TAILS = tuple("Cast Finder Sense Lens Watch Wise Map Bot Check Scope".split())
_SHORT_NAME = re.compile(
    r"^NHS |(?: Teaching Hospitals| University Hospitals| Hospitals| Community"
    r" Healthcare| Partnership| and District)? NHS(?: Foundation)? Trust$"
    r"| Integrated Care Board$"
)


def short_name(organisation: str) -> str:
    """The place an organisation is named after (`Leeds ... NHS Trust` -> `Leeds`)."""
    return _SHORT_NAME.sub("", organisation)


@dataclass
class Writer:
    """Fills templates for one entry: its organisation, areas and techniques."""

    rng: random.Random
    organisation: str
    areas: Sequence[str]
    techniques: Sequence[str]
    partner: str

    def fill(self, template: str) -> str:
        """The template with every `{slot}` replaced, first letter capitalised."""
        text = _SLOT.sub(lambda match: self.slot(match.group(1)), template)
        text = _ARTICLE.sub(lambda match: match.group(1) + "n ", text)
        return text[0].upper() + text[1:]

    def slot(self, name: str) -> str:
        """A value for one slot name."""
        return _SLOTS[name](self)

    def area(self) -> str:
        """A noun phrase for one of the entry's problem areas."""
        area = self.areas[0] if self.rng.random() < 0.7 else self.rng.choice(self.areas)
        return self.rng.choice(banks.AREA_THINGS[area])

    def technique(self, second: bool = False) -> str:
        """One of the entry's techniques in lower case (another one if `second`)."""
        if second and len(self.techniques) > 1:
            return _lower(self.techniques[1])
        if second:
            return _lower(TECHNIQUES.pick(self.rng))
        return _lower(self.techniques[0])

    def number(self, low: int, high: int) -> str:
        """A whole number in a range, as text."""
        return str(self.rng.randint(low, high))


def _lower(name: str) -> str:
    """A facet name for use mid-sentence: `Gradient boosting` -> `gradient boosting`."""
    if name[:2].isupper() or name.startswith("Bayesian"):  # acronyms, proper names
        return name
    return name[0].lower() + name[1:]


_SLOTS: dict[str, Callable[[Writer], str]] = {
    "org": lambda w: w.organisation,
    "place": lambda w: short_name(w.organisation),
    "partner": lambda w: w.partner,
    "area": Writer.area,
    "tech": Writer.technique,
    "tech2": lambda w: w.technique(second=True),
    "noun": lambda w: NOUNS.pick(w.rng),
    "adj": lambda w: ADJECTIVES.pick(w.rng),
    "data": lambda w: DATA_SOURCES.pick(w.rng),
    "staff": lambda w: STAFF.pick(w.rng),
    "tool": lambda w: TOOLS.pick(w.rng),
    "verb": lambda w: VERBS.pick(w.rng),
    "verbing": lambda w: _ING[VERBS.pick(w.rng)],
    "verbed": lambda w: _PAST[VERBS.pick(w.rng)],
    "feature": lambda w: w.rng.choice(banks.FEATURES),
    "language": lambda w: w.rng.choice(banks.LANGUAGES[:3]),
    "rare": lambda w: RARE.pick(w.rng),
    "name": lambda w: w.rng.choice(_NAME_HEADS) + w.rng.choice(_NAME_TAILS),
    "n": lambda w: w.number(3, 40),
    "n2": lambda w: w.number(41, 60),
    "big": lambda w: f"{w.rng.randint(2, 600) * 1000:,}",
    "pct": lambda w: w.number(5, 45),
    "pct2": lambda w: w.number(60, 95),
    "auc": lambda w: f"0.{w.rng.randint(70, 94)}",
    "year": lambda w: w.number(2012, 2019),
    "years": lambda w: w.number(2, 8),
    "months": lambda w: w.number(3, 18),
    "minutes": lambda w: w.number(10, 90),
    "tenth": lambda w: f"{w.rng.randint(2, 19) / 10:.1f}",
}


def title(writer: Writer, kind: str) -> str:
    """A title for an entry of a type."""
    return writer.fill(writer.rng.choice(T.TITLES[kind]))


def summary(writer: Writer, kind: str, limit: int = 300) -> str:
    """One or two sentences, at most `limit` characters."""
    text = writer.fill(writer.rng.choice(T.SUMMARIES[kind]))
    if writer.rng.random() < 0.4:
        longer = f"{text} {writer.fill(writer.rng.choice(T.SUMMARY_EXTRAS))}"
        text = longer if len(longer) <= limit else text
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "."
    return text


@dataclass
class Section:
    """Part of a body: an optional heading, sentences, then Markdown blocks."""

    heading: str | None
    pool: Iterator[str]  # templates not used yet
    sentences: list[str] = field(default_factory=list)
    blocks: list[str] = field(default_factory=list)

    def add(self, writer: Writer) -> int:
        """Add the next sentence; return its word count (0 when the pool is empty)."""
        template = next(self.pool, None)
        if template is None:
            return 0
        self.sentences.append(writer.fill(template))
        return len(self.sentences[-1].split())

    @property
    def words(self) -> int:
        """The number of words in the section as it stands."""
        parts = [self.heading or "", *self.sentences, *self.blocks]
        return sum(len(part.split()) for part in parts)


def body(writer: Writer, kind: str, slug: str, link_url: str) -> str:
    """A Markdown body of 150 to 700 words for an entry of a type."""
    rng = writer.rng
    target = int(rng.triangular(160, 640, 280))
    if kind == "webinar":
        sections = _webinar_sections(writer)
    elif kind in ("playbook", "guidance"):
        sections = _guide_sections(writer)
    else:
        sections = _project_sections(writer, slug, link_url)
    _grow(writer, sections, target)
    return "\n\n".join(_render(rng, section) for section in sections) + "\n"


def _shuffled(rng: random.Random, *pools: Sequence[str]) -> Iterator[str]:
    """The templates of some pools in a random order, each once."""
    templates = [template for pool in pools for template in pool]
    return iter(rng.sample(templates, len(templates)))


def _project_sections(writer: Writer, slug: str, link_url: str) -> list[Section]:
    """Problem, approach, results and reuse sections, some with extra blocks."""
    rng = writer.rng
    headings: Sequence[str | None] = (
        rng.choice(T.HEADINGS) if rng.random() < 0.55 else (None,) * 4
    )
    pools = (T.PROBLEM, T.APPROACH, T.RESULTS, T.REUSE)
    sections = [
        Section(heading, _shuffled(rng, pool))
        for heading, pool in zip(headings, pools, strict=True)
    ]
    for section, count in zip(sections, (2, 2, 1, 1), strict=True):
        for _ in range(count):
            section.add(writer)
    _add_blocks(writer, sections, slug, link_url)
    return sections


def _add_blocks(
    writer: Writer, sections: list[Section], slug: str, link_url: str
) -> None:
    """Now and then: a list, a table, a code block, a link and a rare word."""
    rng = writer.rng
    _, approach, results, reuse = sections
    if rng.random() < 0.3:
        features = rng.sample(banks.FEATURES, rng.randint(3, 5))
        approach.blocks.append("The model used:\n\n" + _bullets(features))
    if rng.random() < 0.12:
        results.blocks.append(_table(writer))
    if rng.random() < 0.25:
        results.sentences.append(writer.fill(rng.choice(T.RARE)))
    if rng.random() < 0.4:
        reuse.sentences.append(rng.choice(T.LINK_SENTENCES).format(url=link_url))
    if rng.random() < 0.15:
        module = slug.replace("-", "_")[:24].strip("_")
        reuse.blocks.append(
            rng.choice(T.CODE_BLOCKS).format(
                package=slug[:24].strip("-"), module=module
            )
        )


def _bullets(items: Sequence[str]) -> str:
    """A Markdown bullet list."""
    return "\n".join(f"- {item}" for item in items)


def _table(writer: Writer) -> str:
    """A Markdown table comparing models."""
    rows = ["| Model | AUC | Sensitivity |", "| --- | --- | --- |"]
    for name in (writer.technique(), writer.technique(second=True), "baseline"):
        rows.append(
            f"| {name.capitalize()} | {writer.slot('auc')} | {writer.slot('auc')} |"
        )
    return "\n".join(rows)


def _webinar_sections(writer: Writer) -> list[Section]:
    """An introduction, an agenda list and the questions asked."""
    rng = writer.rng
    intro = Section(None, _shuffled(rng, T.WEBINAR))
    for _ in range(3):
        intro.add(writer)
    agenda = Section("## Agenda", iter(()))
    items = T.WEBINAR_AGENDA[: rng.randint(4, len(T.WEBINAR_AGENDA))]
    agenda.blocks.append(_bullets([writer.fill(item) for item in items]))
    questions = Section(
        "## Questions from the audience", _shuffled(rng, T.APPROACH, T.RESULTS)
    )
    questions.add(writer)
    return [intro, agenda, questions]


def _guide_sections(writer: Writer) -> list[Section]:
    """An introduction, then three to five numbered steps."""
    rng = writer.rng
    pool = _shuffled(rng, T.GUIDE, T.REUSE, T.APPROACH)
    sections = [Section(None, pool)]
    steps = T.GUIDE_STEPS[: rng.randint(3, 5)]
    sections += [
        Section(f"## Step {number}: {step}", pool)
        for number, step in enumerate(steps, start=1)
    ]
    for section in sections:
        section.add(writer)
    return sections


def _grow(writer: Writer, sections: list[Section], target: int) -> None:
    """Add sentences round the sections until the body reaches `target` words."""
    words = sum(section.words for section in sections)
    growing = [section for section in sections if section.heading != "## Agenda"]
    while words < target and growing:
        for section in list(growing):
            added = section.add(writer)
            if not added:
                growing.remove(section)
            words += added
            if words >= target:
                break


def _render(rng: random.Random, section: Section) -> str:
    """A section as Markdown: heading, paragraphs of 1 to 4 sentences, blocks."""
    parts = [section.heading] if section.heading else []
    sentences = section.sentences
    start = 0
    while start < len(sentences):
        size = rng.randint(1, 4)
        parts.append(" ".join(sentences[start : start + size]))
        start += size
    parts.extend(section.blocks)
    return "\n\n".join(parts)
