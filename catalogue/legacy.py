"""Pages in the style of the old NHS AI Lab Skunkworks website (MDX).

Those pages name their kind with `category` rather than `type`, carry tags in
an MDX line such as `<Tags title="" tags={['bed management','eda']} />`, and
may use other JSX components. Components are never executed: `<Tags .../>`
becomes tags and disappears from the body; any other component tag is dropped
and the text between its tags is kept. Fenced code blocks are left untouched.
"""

from __future__ import annotations

import re

#: Old website `category` values and the entry type each stands for.
CATEGORY_TYPES = {
    "projects": "project",
    "casestudies": "case-study",
    "playbooks": "playbook",
    "playbook": "playbook",
    "overview": "guidance",
}
#: Front matter keys of the old website's pages, accepted without a warning.
LEGACY_FIELDS = frozenset(
    {
        "category",
        "origin",
        "id",
        "slug",
        "sidebar_label",
        "sidebar_position",
        "description",
        "hide_title",
        "hide_table_of_contents",
        "image",
        "keywords",
        "github",
        "authors",
    }
)

_FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.M | re.S)
# A `<Tags .../>` element, then its `tags={[...]}` list. Neither pattern can
# run past a `<` or `>`, or backtrack over a long line: a body of unclosed
# `<Tags tags={[` fragments took minutes with a single `.*?` pattern.
_TAGS = re.compile(r"<Tags\b[^<>]*/>[ \t]*\n?")
_TAGS_LIST = re.compile(r"\btags=\{\s*\[")
_QUOTED = re.compile(r"""'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)\"""")
# A component tag. Its attributes may hold quoted text and `{...}` expressions
# (braces nested up to three deep), which may contain `>`, as in `{() => go()}`.
_BRACES = r"\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}"
_COMPONENT = re.compile(
    rf"""</?[A-Z][A-Za-z0-9_.]*(?:\s(?:[^<>{{}}"']|{_BRACES}|"[^"]*"|'[^']*')*?)?/?>"""
)
_MDX_STATEMENT = re.compile(
    r"""^(?:import\s.+?\sfrom\s+['"][^'"]+['"]"""
    r"""|export\s+(?:const|default|function)\b.*);?[ \t]*$\n?""",
    re.M,
)


def type_for_category(category: str) -> str | None:
    """The entry type an old `category` stands for, or None if it is unknown."""
    return CATEGORY_TYPES.get(re.sub(r"[\s_-]", "", category).lower())


def strip_components(body: str) -> tuple[str, list[str]]:
    """Remove MDX components from a body; return (text, tags from any <Tags/> line)."""
    tags: list[str] = []
    pieces = []
    last = 0
    for fence in _FENCE.finditer(body):
        pieces.append(_strip_prose(body[last : fence.start()], tags))
        pieces.append(fence.group(0))
        last = fence.end()
    pieces.append(_strip_prose(body[last:], tags))
    return "".join(pieces), tags


def _strip_prose(text: str, tags: list[str]) -> str:
    def take_tags(match: re.Match[str]) -> str:
        element = match.group(0)
        start = _TAGS_LIST.search(element)
        end = element.find("]", start.end()) if start else -1
        if start is None or end < 0:
            return ""
        for single, double in _QUOTED.findall(element[start.end() : end]):
            tag = (single or double).strip()
            if tag and tag not in tags:
                tags.append(tag)
        return ""

    text = _TAGS.sub(take_tags, text)
    text = _MDX_STATEMENT.sub("", text)
    return _COMPONENT.sub("", text)
