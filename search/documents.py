"""Entry -> index document, and the tokens queries share with documents."""

from __future__ import annotations

import json
import re
from typing import Any

from catalogue.model import Entry
from catalogue.render import plain_text
from search.schema import ANALYZER, VALUE_SEPARATOR

STORED_TEXT_LIMIT = 20_000  # characters of body kept for highlights
_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]", re.UNICODE)


def stems(text: str) -> list[str]:
    """The stemmed, stop-word-free tokens of a text, as the index holds them."""
    return [token.text for token in ANALYZER(text)]


def pairs_of(text: str) -> list[str]:
    """Adjacent stem pairs (`length of stay` -> `length_stai`): what phrases match."""
    tokens = stems(text)
    return [f"{a}_{b}" for a, b in zip(tokens, tokens[1:])]


def words_of(text: str) -> set[str]:
    """Unstemmed lower-case words of three letters or more, for spelling and prefixes."""
    return {w for w in (m.group(0).lower() for m in _WORD.finditer(text)) if len(w) >= 3}


def result_data(entry: Entry) -> dict[str, Any]:
    """What a search hit shows: the API result fields but score and highlights."""
    full = entry.to_dict()
    keys = ("slug", "url", "title", "summary", "type", "status", "date", "problem_areas",
            "techniques", "tags", "organisation", "code", "adopters")
    return {key: full[key] for key in keys}


def entry_document(entry: Entry) -> dict[str, Any]:
    """The index document of an entry."""
    body = plain_text(entry.body)
    tags = " ; ".join(entry.tags)
    people = " ; ".join(_organisations(entry))
    texts = (entry.title, entry.summary, tags, body)
    return {
        "slug": entry.slug,
        "path": entry.path,
        "source": f"{entry.path}{VALUE_SEPARATOR}{entry.digest}",
        "title": entry.title,
        "summary": entry.summary,
        "tags": tags,
        "people": people,
        "body": body,
        "pairs": " ".join(p for text in texts for p in pairs_of(text)),
        "spell": " ".join(sorted(set().union(*(words_of(t) for t in texts)))),
        "related": " ".join(entry.related),
        "type": entry.type,
        "status": entry.status or "",
        "problem_area": VALUE_SEPARATOR.join(entry.problem_areas),
        "technique": VALUE_SEPARATOR.join(entry.techniques),
        "adopter": VALUE_SEPARATOR.join(a.organisation for a in entry.adopters),
        "organisation": entry.organisation or "",
        "has_code": "true" if entry.has_code else "false",
        "date_sort": entry.date.first_day.toordinal() if entry.date else 0,
        "title_sort": entry.title.casefold(),
        "data": json.dumps(result_data(entry), ensure_ascii=False),
        "text": body[:STORED_TEXT_LIMIT],
    }


def _organisations(entry: Entry) -> list[str]:
    names = [entry.organisation] if entry.organisation else []
    return names + list(entry.partners) + [a.organisation for a in entry.adopters]
