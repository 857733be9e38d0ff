"""Why a result matched, in plain English, from what the search already holds.

For each hit on the page: the words of the query it lacks (`missing`, always)
and, when asked (`explain=true`, and on every results page), its reasons
(`why`): which fields matched which words, which alias or word stem linked
them, a likely typing slip, the share of a long query's words it holds, the
filters it passed and the priors that moved it up.

Cheap by design: every check is a bitmap bit or a lookup in a score map the
search has just used (cached per index version), plus the words of the
title, summary, tags and highlighted snippet; no body is re-read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

from catalogue.facets import BY_PARAM, TYPE_NAMES
from catalogue.vocabulary import normalise
from search.docsets import CODE_WEIGHT, TYPE_WEIGHTS
from search.documents import stems
from search.query import Clause, SearchRequest
from search.results import Hit
from search.schema import TEXT_FIELDS

if TYPE_CHECKING:
    from search.versions import Version


class Synonym(Protocol):
    """Words of a query naming a vocabulary value (`matching.Synonym`)."""

    @property
    def field(self) -> str: ...  # the facet holding the value
    @property
    def forms(self) -> tuple[str, ...]: ...  # (canonical, *aliases)
    @property
    def typed(self) -> str: ...  # what the person typed


class Compiled(Protocol):
    """A clause matched against the index (`matching.Compiled`)."""

    @property
    def bits(self) -> int: ...
    @property
    def stems(self) -> set[str]: ...
    @property
    def source(self) -> Clause | Synonym | None: ...


#: How each searched field is named in a reason.
FIELD_NAMES = {
    "title": "title",
    "tags": "tags",
    "summary": "summary",
    "people": "organisations",
    "body": "text",
}
MAX_FIELD_WORDS = 4  # words named per field
MAX_ALIASES = 2  # alias reasons per synonym clause (a value can have dozens)
MAX_STEM_FORMS = 3  # other forms of a word named per reason
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_MARKED = re.compile(r"<mark>(.*?)</mark>")


@lru_cache(maxsize=20_000)
def _stem_of(word: str) -> str:
    found = stems(word)
    return found[0] if len(found) == 1 else ""


def typed_text(clause: Clause | Synonym) -> str:
    """A clause as the person typed it: `word`, `"a phrase"`, `pre*`."""
    if not isinstance(clause, Clause):
        return clause.typed
    if clause.kind == "phrase":
        return f'"{clause.text}"'
    return f"{clause.text}*" if clause.kind == "prefix" else clause.text


class Explainer:
    """Reasons for the hits of one search."""

    def __init__(
        self,
        version: Version,
        positive: Sequence[Compiled],
        request: SearchRequest,
        every: int = 0,
    ) -> None:
        """`every`: the documents known to hold every clause (nothing to name)."""
        self.version, self.request = version, request
        self.docsets = version.docsets
        self.positive = [c for c in positive if c.source is not None]
        self.every = every

    def annotate(self, hits: list[Hit], page: list[tuple[int, float]]) -> list[Hit]:
        """The hits with `missing` and, if asked for, `why` filled in."""
        annotated = []
        for hit, (docnum, _score) in zip(hits, page, strict=True):
            missing = self.missing(docnum)
            if not (missing or self.request.explain):
                annotated.append(hit)
                continue
            why = self.reasons(hit, docnum, missing) if self.request.explain else ()
            annotated.append(replace(hit, missing=missing, why=tuple(why)))
        return annotated

    def missing(self, docnum: int) -> tuple[str, ...]:
        """The clauses of the query a document lacks, as typed."""
        if not self.positive or self.every >> docnum & 1:
            return ()
        return tuple(
            typed_text(c.source)  # type: ignore[arg-type]
            for c in self.positive
            if not c.bits >> docnum & 1
        )

    def reasons(self, hit: Hit, docnum: int, missing: tuple[str, ...]) -> list[str]:
        """Every reason for one hit, the strongest first."""
        found: list[str] = []
        if self.positive and missing:
            held = len(self.positive) - len(missing)
            found.append(
                f"has {held} of the {len(self.positive)} words searched for"
                f" (missing: {', '.join(missing)})"
            )
        surfaces = self._surfaces(hit)
        fields: dict[str, list[str]] = {}  # field -> the words it matched
        linked: list[str] = []  # aliases, word forms and slips
        for compiled in self.positive:
            source = compiled.source
            linked += self._slip(source)
            if not compiled.bits >> docnum & 1 or source is None:
                continue
            if isinstance(source, Clause):
                linked += self._clause(source, compiled, docnum, fields, surfaces)
            else:
                linked += self._synonym(source, docnum, fields)
        for name in FIELD_NAMES.values():  # in field order: title first
            words = fields.get(name, [])
            more = ", …" if len(words) > MAX_FIELD_WORDS else ""
            if words:
                found.append(
                    f"{name} matches {', '.join(words[:MAX_FIELD_WORDS])}{more}"
                )
        found += linked
        found += self._filters(docnum)
        found += self._priors(hit)
        return list(dict.fromkeys(found))

    # the words of one clause

    def _fields_with(self, stems_: list[str], docnum: int) -> list[str]:
        """The searched fields holding every one of these stems."""
        return [
            name
            for name in TEXT_FIELDS
            if stems_ and all(docnum in self.docsets.scores(name, s) for s in stems_)
        ]

    def _clause(
        self,
        clause: Clause,
        compiled: Compiled,
        docnum: int,
        fields: dict[str, list[str]],
        surfaces: dict[str, set[str]],
    ) -> list[str]:
        if clause.kind == "prefix":
            forms = sorted(
                w
                for s in compiled.stems
                for w in surfaces.get(s, ())
                if w.startswith(clause.text)
            )[:MAX_STEM_FORMS]
            holders = self._fields_with_any(sorted(compiled.stems), docnum)
            _add(fields, holders, f"'{clause.text}*'")
            return [f"'{clause.text}*' matched {_quoted(forms)}"] if forms else []
        found = stems(clause.text)
        _add(fields, self._fields_with(found, docnum), f"'{clause.text}'")
        if clause.kind != "word" or len(found) != 1:
            return []
        typed = clause.text.lower()
        others = sorted(w for w in surfaces.get(found[0], ()) if w != typed)
        if not others:
            return []
        return [
            f"'{clause.text}' also matches {_quoted(others[:MAX_STEM_FORMS])}"
            " (another form of the word)"
        ]

    def _fields_with_any(self, stems_: list[str], docnum: int) -> list[str]:
        return [
            name
            for name in TEXT_FIELDS
            if any(docnum in self.docsets.scores(name, s) for s in stems_)
        ]

    def _synonym(
        self, synonym: Synonym, docnum: int, fields: dict[str, list[str]]
    ) -> list[str]:
        """The forms of a vocabulary value this entry holds, and its facet value."""
        canonical, typed_key = synonym.forms[0], normalise(synonym.typed)
        found: list[str] = []
        if normalise(canonical) != typed_key:
            found.append(f"'{synonym.typed}' is another name for {canonical}")
        aliases = 0
        for form in synonym.forms:
            holders = self._fields_with(stems(form), docnum)
            if not holders:
                continue
            is_typed = normalise(form) == typed_key
            _add(fields, holders, f"'{synonym.typed if is_typed else form}'")
            if not is_typed and form != canonical and aliases < MAX_ALIASES:
                aliases += 1
                found.append(f"'{form}' is another name for {canonical}")
        facet = BY_PARAM.get(synonym.field)
        if facet and self.docsets.postings(synonym.field, canonical) >> docnum & 1:
            found.append(f"{facet.label.lower()} is {canonical}")
        return found

    def _slip(self, source: Clause | Synonym | None) -> list[str]:
        """A word this entry lacks that looks like a typing slip, and its fix."""
        if not isinstance(source, Clause) or source.kind != "word":
            return []
        speller = self.version.speller
        if not speller.needs_correction(source.text, self._is_vocabulary):
            return []
        correction = speller.correct(source.text)
        if not correction:
            return [f"'{source.text}' is not a word in the catalogue"]
        typed = source.text
        return [f"'{typed}' is not in the catalogue: did you mean '{correction}'?"]

    def _is_vocabulary(self, word: str) -> bool:
        key = normalise(word)
        return key in self.version.synonyms or any(
            key in table for table in self.version.canonical.values()
        )

    def _surfaces(self, hit: Hit) -> dict[str, set[str]]:
        """stem -> the words with it in the hit's title, summary, tags and snippet."""
        data = hit.data
        text = " ".join(
            [
                str(data.get("title") or ""),
                str(data.get("summary") or ""),
                " ".join(str(t) for t in data.get("tags") or ()),
                " ".join(_MARKED.findall(hit.highlights)),
            ]
        )
        found: dict[str, set[str]] = {}
        for match in _WORD.finditer(text):
            word = match.group(0).lower()
            found.setdefault(_stem_of(word), set()).add(word)
        return found

    # what else moved it

    def _filters(self, docnum: int) -> list[str]:
        found = []
        for param, values in self.request.filters.items():
            facet, known = BY_PARAM.get(param), self.docsets.facets.get(param, {})
            held = [v for v in values if known.get(v, 0) >> docnum & 1]
            if facet and held:
                labels = ", ".join(facet.value_label(v) for v in held)
                found.append(f"filtered: {facet.label.lower()} is {labels}")
        return found

    def _priors(self, hit: Hit) -> list[str]:
        if self.request.effective_sort != "relevance" or not self.positive:
            return []
        found = []
        kind = hit.data.get("type")
        if kind in TYPE_WEIGHTS:
            found.append(f"ranked higher: a {TYPE_NAMES.get(kind, kind).lower()}")
        if hit.data.get("code") and CODE_WEIGHT != 1.0:
            found.append("ranked higher: has reusable code")
        return found


def _add(fields: dict[str, list[str]], holders: list[str], words: str) -> None:
    for name in holders:
        listed = fields.setdefault(FIELD_NAMES.get(name, name), [])
        if words not in listed:
            listed.append(words)


def _quoted(words: list[str]) -> str:
    return ", ".join(f"'{w}'" for w in words)
