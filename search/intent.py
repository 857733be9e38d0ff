"""Words of a query that ask for a kind of entry: "a talk about...", "a tool that...".

People describe what they want as well as what it is about: "is there a
recording of the session on ...", "a tool that predicts ...", "lessons from
...". Such a word still matches text as any word does; it also lifts entries
of the type it names by INTENT_WEIGHT in relevance ranking, as the type and
code priors do (`docsets.TYPE_WEIGHTS`).
"""

from __future__ import annotations

from collections.abc import Iterable

from search.docsets import iter_bits

INTENT_WEIGHT = 1.5
#: Entry type -> the words that ask for it (lower case, as typed).
TYPE_WORDS: dict[str, frozenset[str]] = {
    "webinar": frozenset(
        "webinar webinars session sessions recording recordings"
        " presentation presentations event events meetup meetups meet-up"
        " workshop workshops seminar seminars conference video videos".split()
    ),
    "project": frozenset("tool tools software app apps".split()),
    "case-study": frozenset("lessons learned learnt casestudy case-study".split()),
    "guidance": frozenset("guide guides guidance advice checklist".split()),
    "playbook": frozenset("playbook playbooks".split()),
}
_BY_WORD = {word: kind for kind, words in TYPE_WORDS.items() for word in words}


def asked_types(words: Iterable[str]) -> dict[str, str]:
    """Entry type -> the first word of a query that asked for it."""
    found: dict[str, str] = {}
    previous = ""
    for word in words:
        lowered = word.lower()
        kind = _BY_WORD.get(lowered)
        if previous == "case" and lowered in ("study", "studies"):
            kind, lowered = "case-study", f"case {lowered}"
        if kind:
            found.setdefault(kind, lowered)
        previous = lowered
    return found


def boost_asked_types(
    factors: dict[int, float],
    asked: Iterable[str],
    type_bits: dict[str, int],
    results: int,
    size: int,
) -> None:
    """Multiply (in place) the factor of each result of a type the query asked for."""
    for kind in asked:
        for d in iter_bits(type_bits.get(kind, 0) & results, size):
            factors[d] = factors.get(d, 1.0) * INTENT_WEIGHT
