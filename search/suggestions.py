"""What to offer besides the results: "did you mean" and similar entries."""

from __future__ import annotations

import heapq
import json
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from catalogue.facets import FACETS
from catalogue.model import entry_from_dict
from catalogue.vocabulary import normalise
from search.docsets import iter_bits
from search.english import is_english
from search.query import Clause
from search.versions import Version

SIMILAR_TERMS = 12
# Words of one query looked up for "did you mean": each costs a scan of the
# indexed words of its first letter and length, and 24 unknown words queued
# every other search behind them.
MAX_CORRECTIONS = 3


def suggest(
    version: Version, clauses: list[Clause], finds: Callable[[str], bool]
) -> str | None:
    """The query with misspelt words corrected, if `finds` says it finds better.

    A word is never corrected when the index, the vocabulary or the English
    word list knows it (`english.is_english`): only slips are. `finds` decides
    whether the corrected query finds clearly better results.
    """
    speller = version.speller
    words, changed, looked_up = [], False, 0
    for clause in clauses:
        if (
            clause.kind == "word"
            and not clause.negated
            and looked_up < MAX_CORRECTIONS
            and speller.needs_correction(
                clause.text,
                lambda word: is_vocabulary(version, word) or is_english(word),
            )
        ):
            looked_up += 1
            correction = speller.correct(clause.text)
            if correction:
                words.append(correction)
                changed = True
                continue
        words.append(clause_text(clause))
    if not changed:
        return None
    suggestion = " ".join(words)
    return suggestion if finds(suggestion) else None


def is_vocabulary(version: Version, word: str) -> bool:
    """Whether a word is a vocabulary value or alias (never "corrected")."""
    key = normalise(word)
    return key in version.synonyms or any(key in t for t in version.canonical.values())


def clause_text(clause: Clause) -> str:
    """A clause as it is typed."""
    text = f'"{clause.text}"' if clause.kind == "phrase" else clause.text
    text = f"{text}*" if clause.kind == "prefix" else text
    return f"-{text}" if clause.negated else text


def similar(version: Version, slug: str, limit: int) -> list[dict[str, Any]]:
    """The entries most like an entry: shared key words and filter values."""
    docsets = version.docsets
    docnum = docsets.docnum_of(slug)
    if docnum is None:
        return []
    stored = docsets.stored(docnum)
    data = json.loads(stored["data"])
    text = " ".join([data["title"], data["summary"], stored.get("text", "")[:5000]])
    with docsets.reading() as searcher:
        terms = searcher.key_terms_from_text("body", text, numterms=SIMILAR_TERMS)
    total: dict[int, float] = defaultdict(float)
    for term, weight in terms:
        for field_name in ("title", "summary", "body"):
            for d, score in docsets.scores(field_name, term).items():
                total[d] += score * weight
    entry = entry_from_dict(json.loads(stored["entry"]))
    for facet in FACETS:
        for value in facet.values(entry) if facet.similar_weight else ():
            bits = docsets.facets[facet.param].get(value, 0)
            for d in iter_bits(bits, docsets.size):
                total[d] += facet.similar_weight
    total.pop(docnum, None)
    best = heapq.nlargest(limit, total.items(), key=lambda ds: (ds[1], -ds[0]))
    return [json.loads(docsets.stored(d)["data"]) for d, _score in best]
