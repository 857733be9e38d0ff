"""The fixed benchmark query set: what people type and click, as search requests.

The benchmark times it (`bench.worker`, `bench.fts5`); the load clients
(`tests.support.load`) send it; `params_of` turns a query into request
parameters.

Query syntax (`q`): words are ANDed; "quoted words" are a phrase; `-word`
excludes; `word*` is a prefix. `filters` maps a facet (type, status,
problem_area, technique, adopter, has_code) to the values ticked: OR within a
facet, AND across facets. `has_code` takes "true" or "false". An empty `q`
browses, newest first unless `sort` says otherwise. `kind` groups queries for
reporting: word, and, phrase, exclude, prefix, alias, typo, facet, browse, sort,
page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: The facets a query can filter on, in the order pages show them.
FACETS = ("type", "status", "problem_area", "technique", "adopter", "has_code")
#: The sort orders; None means relevance (or newest first when `q` is empty).
SORTS = (None, "relevance", "newest", "title")
#: The kinds of query, for grouping timings.
KINDS = tuple(
    "word and phrase exclude prefix alias typo facet browse sort page".split()
)

_ADOPTER = "Leeds Teaching Hospitals NHS Trust"  # the most common organisation


@dataclass(frozen=True)
class BenchQuery:
    """One benchmark search: the text typed, the facets ticked, sort and page."""

    name: str  # unique, short, for reports
    q: str  # what was typed; "" to browse
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str | None = None  # one of SORTS
    page: int = 1
    kind: str = "word"  # one of KINDS


def params_of(query: BenchQuery) -> dict[str, list[str]]:
    """A benchmark query as request parameters (name -> values)."""
    params = {name: list(values) for name, values in query.filters.items()}
    params["q"] = [query.q]
    params["page"] = [str(query.page)]
    if query.sort:
        params["sort"] = [query.sort]
    return params


def _q(
    name: str,
    q: str,
    kind: str,
    sort: str | None = None,
    page: int = 1,
    **filters: list[str],
) -> BenchQuery:
    """A BenchQuery, with filters given as keyword arguments."""
    return BenchQuery(name, q, dict(filters), sort, page, kind)


QUERIES: list[BenchQuery] = [
    # single words, common to rare
    _q("word-patients", "patients", "word"),
    _q("word-data", "data", "word"),
    _q("word-model", "model", "word"),
    _q("word-hospital", "hospital", "word"),
    _q("word-forecasting", "forecasting", "word"),
    _q("word-dashboard", "dashboard", "word"),
    _q("word-sepsis", "sepsis", "word"),
    _q("word-radiotherapy", "radiotherapy", "word"),
    _q("word-stemmed", "pseudonymisation", "word"),
    _q("word-glioblastoma", "glioblastoma", "word"),
    _q("word-circadian", "circadian", "word"),
    _q("word-absent", "xylophone", "word"),
    # several words, all required
    _q("and-bed-management", "bed management", "and"),
    _q("and-length-of-stay", "length of stay", "and"),
    _q("and-predict-admissions", "predict admissions model", "and"),
    _q("and-imaging-cnn", "chest x-rays convolutional", "and"),
    _q("and-synthetic-privacy", "synthetic data privacy", "and"),
    _q("and-waiting-list", "waiting list prioritisation", "and"),
    _q("and-five-words", "patients data model hospital staff", "and"),
    # phrases, including phrases of very common words
    _q("phrase-patients-in-hospital", '"patients in hospital"', "phrase"),
    _q("phrase-the-data", '"the data"', "phrase"),
    _q("phrase-length-of-stay", '"length of stay"', "phrase"),
    _q("phrase-bed-management", '"bed management"', "phrase"),
    _q("phrase-nlp", '"natural language processing"', "phrase"),
    _q("phrase-proof-of-concept", '"proof of concept"', "phrase"),
    _q("phrase-and-word", '"the data" sepsis', "phrase"),
    # exclusions
    _q("exclude-imaging-cancer", "imaging -cancer", "exclude"),
    _q("exclude-forecasting-covid", "forecasting -covid", "exclude"),
    _q("exclude-phrase", '"length of stay" -winter', "exclude"),
    # prefixes
    _q("prefix-predict", "predict*", "prefix"),
    _q("prefix-radiol", "radiol*", "prefix"),
    _q("prefix-with-word", "optim* theatre", "prefix"),
    # acronyms and aliases
    _q("alias-nlp", "NLP", "alias"),
    _q("alias-los", "LoS", "alias"),
    _q("alias-cnn", "CNN", "alias"),
    _q("alias-ae", "A&E", "alias"),
    # misspellings
    _q("typo-bed-managment", "bed managment", "typo"),
    _q("typo-pateints", "pateints", "typo"),
    # facet-only browsing and filtered searches
    _q("facet-area", "", "facet", problem_area=["Bed management"]),
    _q("facet-technique", "", "facet", technique=["Natural language processing"]),
    _q("facet-type", "", "facet", type=["case-study"]),
    _q("facet-status", "", "facet", status=["in-use"]),
    _q("facet-has-code", "", "facet", has_code=["true"]),
    _q("facet-adopter", "", "facet", adopter=[_ADOPTER]),
    _q(
        "facet-multi-area",
        "",
        "facet",
        problem_area=["Bed management", "Patient flow", "Length of stay"],
    ),
    _q(
        "facet-across",
        "",
        "facet",
        type=["project"],
        technique=["Gradient boosting", "Random forests"],
        has_code=["true"],
    ),
    _q("facet-with-words", "forecasting", "facet", problem_area=["Length of stay"]),
    _q(
        "facet-phrase-status",
        '"the data"',
        "facet",
        status=["pilot", "in-use"],
        has_code=["false"],
    ),
    # browsing everything
    _q("browse-all", "", "browse"),
    # sort orders
    _q("sort-newest", "data", "sort", sort="newest"),
    _q("sort-title", "model", "sort", sort="title"),
    _q("sort-browse-title", "", "sort", sort="title"),
    _q(
        "sort-newest-filtered",
        "bed management",
        "sort",
        sort="newest",
        type=["project", "case-study"],
    ),
    # later pages
    _q("page-3-word", "patients", "page", page=3),
    _q("page-3-browse", "", "page", page=3),
    _q("page-3-facet", "", "page", page=3, problem_area=["Cancer"]),
]
