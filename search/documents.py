"""Entry -> index document, and the tokens queries share with documents."""

from __future__ import annotations

import json
import re
from typing import Any

from whoosh.analysis import STOP_WORDS
from whoosh.lang.porter import stem as porter_stem

from catalogue.facets import FACETS
from catalogue.fields import FIELDS
from catalogue.model import Entry
from search.schema import VALUE_SEPARATOR

#: What a search hit holds: the entry's place, then the fields marked `in_results`.
RESULT_KEYS = ("slug", "url", *(f.name for f in FIELDS if f.in_results))
STORED_TEXT_LIMIT = 20_000  # characters of body kept for highlights
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")  # letters, inner apostrophes
# The same tokens as Whoosh's StemmingAnalyzer (RegexTokenizer, LowercaseFilter,
# StopFilter, StemFilter), computed without its per-token generator chain:
# documents are stemmed here once and the index fields just split on spaces.
_TOKEN = re.compile(r"\w+(?:\.?\w+)*", re.UNICODE)
_STEMS: dict[str, str] = {}


def stems(text: str) -> list[str]:
    """The stemmed, stop-word-free tokens of a text, as the index holds them."""
    found = []
    for match in _TOKEN.finditer(text):
        word = match.group(0).lower()
        if len(word) < 2 or word in STOP_WORDS:
            continue
        stem = _STEMS.get(word)
        if stem is None:
            if len(_STEMS) > 200_000:
                _STEMS.clear()
            stem = _STEMS[word] = porter_stem(word)
        found.append(stem)
    return found


def pairs_from(tokens: list[str]) -> list[str]:
    """Adjacent stem pairs (`length of stay` -> `length_stai`): what phrases match."""
    return [f"{a}_{b}" for a, b in zip(tokens, tokens[1:], strict=False)]


def pairs_of(text: str) -> list[str]:
    """The adjacent stem pairs of a text."""
    return pairs_from(stems(text))


def words_of(text: str) -> set[str]:
    """Unstemmed lower-case words of three letters or more, for spelling."""
    return {
        w for w in (m.group(0).lower() for m in _WORD.finditer(text)) if len(w) >= 3
    }


def result_data(entry: Entry) -> dict[str, Any]:
    """What a search hit shows: the API result fields but score and highlights."""
    full = entry.to_dict()
    return {key: full[key] for key in RESULT_KEYS}


def document_and_words(entry: Entry) -> tuple[dict[str, Any], set[str]]:
    """The index document of an entry, and its words for the spelling dictionary.

    The entry comes from the pipeline (`build_catalogue`), which has rendered
    its body: the document stores the HTML and every field, so pages are
    served from the index and never render a body again.
    """
    body = entry.text
    tags = " ; ".join(entry.tags)
    texts = {
        "title": entry.title,
        "summary": entry.summary,
        "tags": tags,
        "body": body,
        "people": " ; ".join(_organisations(entry)),
    }
    tokens = {name: stems(text) for name, text in texts.items()}
    pairs = [
        p
        for name in ("title", "summary", "tags", "body")
        for p in pairs_from(tokens[name])
    ]
    spelling = set().union(
        *(words_of(texts[name]) for name in ("title", "summary", "tags", "body"))
    )
    return {
        "slug": entry.slug,
        "path": entry.path,
        "source": f"{entry.path}{VALUE_SEPARATOR}{entry.digest}",
        **{name: " ".join(found) for name, found in tokens.items()},
        "pairs": " ".join(pairs),
        "related": " ".join(entry.related),
        **{f.param: VALUE_SEPARATOR.join(f.values(entry)) for f in FACETS},
        "date_sort": entry.date.first_day.toordinal() if entry.date else 0,
        "title_sort": entry.title.casefold(),
        # adopters that have not stopped: the "most adopted" sort
        "adopted_sort": len(entry.reusing),
        "data": json.dumps(result_data(entry), ensure_ascii=False),
        "entry": json.dumps(entry.to_dict(), ensure_ascii=False),
        "html": entry.html,
        "text": body[:STORED_TEXT_LIMIT],
    }, spelling


def _organisations(entry: Entry) -> list[str]:
    names = [entry.organisation] if entry.organisation else []
    return names + list(entry.partners) + [a.organisation for a in entry.adopters]
