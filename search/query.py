"""Request parameters -> a checked SearchRequest; query text -> clauses.

Parsing never raises for what a person types: unbalanced quotes, stray
operators, field names and wildcards all become plain words. Only the API's
paging and sort parameters can be refused, with a `BadRequest` (a 400).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from catalogue.facets import FACETS
from catalogue.vocabulary import normalise

SORTS = ("relevance", "newest", "title", "adopted")
MAX_QUERY_CHARS = 1000  # longer queries are refused: nobody types more
MAX_CLAUSES = 24  # words beyond this are ignored, so no query can run away
MAX_VALUES = 50  # selected filter values, all facets together
# Characters of one filter value: the longest canonical value is under 100.
# Every selected value is repeated in the page's links, so both limits bound
# the size of a results page (a 64 KB value once made a 20 MB one).
MAX_VALUE_CHARS = 200
MAX_PAGE = 10_000
PER_PAGE_DEFAULT, PER_PAGE_MAX = 20, 100


class BadRequest(ValueError):
    """A parameter a client sent cannot be used; `code` names which kind."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


@dataclass(frozen=True)
class Clause:
    """One part of a query: a word, a "quoted phrase" or a prefix*, maybe excluded."""

    kind: str  # "word", "phrase" or "prefix"
    text: str
    negated: bool = False


@dataclass(frozen=True)
class SearchRequest:
    """A checked search: query text, facet filters, sort and page."""

    q: str = ""
    filters: Mapping[str, tuple[str, ...]] = field(
        default_factory=dict
    )  # facet -> values
    sort: str | None = None  # None: relevance with a query, newest without
    page: int = 1
    per_page: int = PER_PAGE_DEFAULT
    explain: bool = False  # add each result's reasons (`why`) to the API answer

    @property
    def effective_sort(self) -> str:
        """The sort in force: relevance needs a query to rank by."""
        if self.sort in ("newest", "title", "adopted"):
            return self.sort
        return "relevance" if self.q.strip() else "newest"


def clean_text(text: str) -> str:
    """Drop control characters (NUL included) and fold Unicode compatibility forms."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)


def parse_request(
    params: Mapping[str, Sequence[str]],
    canonical: Mapping[str, Mapping[str, str]] | None = None,
    strict: bool = True,
) -> SearchRequest:
    """Check request parameters (each name -> its list of values).

    `canonical` maps facet -> {normalised alias: canonical value}. With
    `strict` (the API), a bad page, per_page, sort or has_code is a
    BadRequest; otherwise (web pages) it falls back to the default.
    """
    q = clean_text(_first(params, "q")).strip()
    if len(q) > MAX_QUERY_CHARS:
        raise BadRequest(
            "query_too_long",
            f"the query is {len(q)} characters; the limit is {MAX_QUERY_CHARS}",
        )
    return SearchRequest(
        q=q,
        filters=_filters(params, canonical or {}, strict),
        sort=_sort(_first(params, "sort"), strict),
        page=_number(params, "page", 1, 1, MAX_PAGE, strict),
        per_page=_number(params, "per_page", PER_PAGE_DEFAULT, 1, PER_PAGE_MAX, strict),
        explain=_explain(params, strict),
    )


def _explain(params: Mapping[str, Sequence[str]], strict: bool) -> bool:
    """`explain=true` (or 1, yes, on); false or absent is no; else a 400 if strict."""
    text = _first(params, "explain").strip()
    checked = _booleans("explain", [text], strict) if text else []
    return checked == ["true"]


def _first(params: Mapping[str, Sequence[str]], name: str) -> str:
    values = params.get(name) or []
    return values[0] if values else ""


def _sort(value: str, strict: bool) -> str | None:
    if not value:
        return None
    if value in SORTS:
        return value
    if strict:
        raise BadRequest(
            "bad_sort", f"sort must be one of {', '.join(SORTS)}, not '{value[:40]}'"
        )
    return None


def _number(
    params: Mapping[str, Sequence[str]],
    name: str,
    default: int,
    low: int,
    high: int,
    strict: bool,
) -> int:
    text = _first(params, name).strip()
    if not text:
        return default
    if text.isascii() and text.isdigit() and low <= int(text) <= high:
        return int(text)
    if strict:
        raise BadRequest(
            f"bad_{name}",
            f"{name} must be a whole number from {low} to {high}, not '{text[:40]}'",
        )
    return default


def _filters(
    params: Mapping[str, Sequence[str]],
    canonical: Mapping[str, Mapping[str, str]],
    strict: bool,
) -> dict[str, tuple[str, ...]]:
    filters = {}
    selected = 0
    for declared in FACETS:
        facet = declared.param
        # Blank after cleaning (only control or unassigned characters) is no
        # value: it used to become an empty selected filter matching nothing.
        cleaned = (clean_text(v).strip() for v in params.get(facet) or [] if v)
        values = list(dict.fromkeys(v for v in cleaned if v))
        for value in values:
            if len(value) > MAX_VALUE_CHARS:
                raise BadRequest(
                    "value_too_long",
                    f"a {facet} value is {len(value)} characters;"
                    f" the limit is {MAX_VALUE_CHARS}",
                )
        selected += len(values)
        if selected > MAX_VALUES:
            raise BadRequest(
                "too_many_values",
                f"at most {MAX_VALUES} filter values can be selected at once"
                f" ({selected} with those of {facet})",
            )
        if declared.boolean:
            values = _booleans(facet, values, strict)
        table = canonical.get(facet, {})
        values = list(dict.fromkeys(table.get(normalise(v), v) for v in values))
        if values:
            filters[facet] = tuple(values)
    return filters


def _booleans(facet: str, values: list[str], strict: bool) -> list[str]:
    known = {
        "true": "true",
        "1": "true",
        "yes": "true",
        "on": "true",
        "false": "false",
        "0": "false",
        "no": "false",
        "off": "false",
    }
    checked = []
    for value in values:
        if value.lower() in known:
            checked.append(known[value.lower()])
        elif strict:
            raise BadRequest(
                f"bad_{facet}", f"{facet} must be true or false, not '{value[:40]}'"
            )
    return checked


_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_STRIP = re.compile(r"[^\w*'’&+#.-]+")


def parse_query(text: str) -> list[Clause]:
    """Split query text into clauses; never raises, whatever the text."""
    clauses: list[Clause] = []
    for match in _TOKEN.finditer(text):
        minus, phrase, bare = match.groups()
        if phrase is not None:
            if phrase.strip():
                clauses.append(Clause("phrase", phrase.strip(), negated=bool(minus)))
        else:
            for part in bare.split(":"):  # `field:value` is two words; no field syntax
                clauses.extend(_bare(part))
        if len(clauses) >= MAX_CLAUSES:
            break
    return clauses[:MAX_CLAUSES]


def _bare(token: str) -> list[Clause]:
    """A token without quotes: `-word`, `word*`, or words split at punctuation."""
    if token in ("AND", "OR", "NOT", "&&", "||"):
        return []  # operators are not supported: plain words are ANDed
    negated = token.startswith("-") and len(token) > 1
    token = token.lstrip("-+")
    prefix = token.endswith("*")
    parts = [p.strip("*.'’-") for p in _STRIP.sub(" ", token).replace("*", " ").split()]
    parts = [p for p in parts if p]
    if not parts:
        return []
    if prefix and len(parts) == 1 and len(parts[0]) >= 2:
        return [Clause("prefix", parts[0].lower(), negated)]
    if len(parts) > 1:  # `A&E`, `covid-19`, `field:value`: keep the words together
        return [Clause("phrase", " ".join(parts), negated)]
    return [Clause("word", parts[0], negated)]
