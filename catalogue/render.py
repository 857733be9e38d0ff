"""Markdown -> sanitised HTML, and Markdown -> plain text for search.

Whatever an entry contains, the HTML that leaves here holds only an
allow-list of tags and attributes: no script or style, no event attributes,
and links only to http, https and mailto addresses (nh3, the Ammonia
sanitiser). Headings get ids so they can be linked to; `##` is an h2, and if a
body uses `#` every heading moves down a level, as the page's h1 is the title.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import markdown
import nh3

from catalogue.bounded import Bounded, Failed, Overrun

_EXTENSIONS = ["tables", "fenced_code", "sane_lists", "toc"]
_EXTENSION_CONFIG = {"toc": {"permalink": False}}
_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "details",
    "dl",
    "dt",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "summary",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title"},
    "code": {"class"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
URL_SCHEMES = {"http", "https", "mailto"}
#: Prefix of every id in a body, so none can collide with the page's own
#: (`maincontent`, the skip link's target, or the ids of the page's forms).
ID_PREFIX = "h-"
_ABSOLUTE_URL = re.compile(r"(?:https?://[^/?#\s\\]|mailto:\S)", re.I)
#: Links to the catalogue's own pages (`/entries/other-slug`) are the one kind
#: of relative address kept: they cannot leave the site.
_SITE_PAGE = re.compile(
    r"/(?:entries|organisations)/[a-z0-9-]+(?:#[\w-]*)?|/search(?:\?[\w%&=+.-]*)?"
)
_CODE_CLASS = re.compile(r"language-[A-Za-z0-9_+#.-]{1,40}")


#: What no real entry needs and Python-Markdown handles in super-linear time.
MAX_LINE = 20_000  # characters on one line
MAX_DEPTH = 20  # nested blockquotes and lists
#: The hard budget for rendering one body; what takes longer is left out.
RENDER_SECONDS = 5.0
RENDER_PROCESSES = 2
#: Bodies this short may wait in a worker's pipe behind the one it renders.
QUEUED_CHARS = 8_000


@dataclass(frozen=True)
class Rendered:
    """A body as sanitised HTML and as plain text for search."""

    html: str
    text: str


@dataclass(frozen=True)
class BodyProblem:
    """Why a body cannot be rendered: the line within the body, message and fix."""

    line: int | None
    message: str
    fix: str


# The start of a line that nests: quote marks, list markers and indentation.
_NESTING = re.compile(r"(?:[ \t>]|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))*+")
_LIST_MARKER = re.compile(r"(?:[-*+]|\d{1,9}[.)])(?=[ \t])")
_SPACES = re.compile(r"[ \t]+")


def body_limits(body: str) -> list[BodyProblem]:
    """What in a body is beyond the limits (the first line of each kind)."""
    problems: list[BodyProblem] = []
    long_line = deep_line = None
    fence = ""
    for number, line in enumerate(body.split("\n"), start=1):
        if len(line) > MAX_LINE:
            long_line = long_line or (number, len(line))
            continue
        stripped = line.lstrip(" \t>")
        if stripped.startswith(("```", "~~~")):
            mark = stripped[:3]
            fence = "" if fence == mark else fence or mark
            continue
        if fence or deep_line:
            continue
        prefix = _NESTING.match(line).group(0)  # type: ignore[union-attr]
        depth = (
            prefix.count(">")
            + len(_LIST_MARKER.findall(prefix))
            + sum(len(run.expandtabs(4)) // 4 for run in _SPACES.findall(prefix))
        )
        if depth > MAX_DEPTH:
            deep_line = number
    if long_line:
        problems.append(
            BodyProblem(
                long_line[0],
                f"a line of the body is {long_line[1]:,} characters long;"
                f" the limit is {MAX_LINE:,}",
                "break the text into paragraphs, or link to a long document"
                " instead of pasting it",
            )
        )
    if deep_line:
        problems.append(
            BodyProblem(
                deep_line,
                f"the body nests quotes or lists more than {MAX_DEPTH} levels deep",
                "use at most a few levels of `>` quotes and indented lists",
            )
        )
    return problems


def render_body(body: str) -> Rendered | BodyProblem:
    """A body's HTML and plain text, or why it is refused (no time limit here)."""
    refused = body_limits(body)
    if refused:
        return refused[0]
    return Rendered(render_markdown(body), plain_text(body))


def render_bodies(bodies: Iterable[str]) -> Iterator[Rendered | BodyProblem]:
    """Each body rendered within the budget, or why it was not, in order.

    Bodies render in worker processes that are killed when one takes longer
    than RENDER_SECONDS; bodies beyond the limits are refused before any
    Markdown is parsed. `bodies` may be lazy: it is read as workers free up.
    """
    with Bounded(
        render_body, RENDER_SECONDS, RENDER_PROCESSES, queues=_short
    ) as workers:
        for result in workers.map(bodies):
            if isinstance(result, Overrun):
                yield BodyProblem(
                    None,
                    f"rendering took longer than {result.seconds:g} s",
                    "simplify the body: fewer nested lists and quotes, shorter"
                    " tables, no long runs of brackets or emphasis marks",
                )
            elif isinstance(result, Failed):
                yield BodyProblem(
                    None,
                    f"the body cannot be rendered ({result.error})",
                    "simplify the Markdown around the part that was added last",
                )
            else:
                yield result


def _short(body: str) -> bool:
    return len(body) <= QUEUED_CHARS


_LOCAL = threading.local()  # one Markdown converter per thread: building one is slow


def render_markdown(text: str) -> str:
    """Render Markdown (tables, fenced code, heading anchors) to sanitised HTML."""
    converter = getattr(_LOCAL, "converter", None)
    if converter is None:
        converter = _LOCAL.converter = markdown.Markdown(
            extensions=_EXTENSIONS,
            extension_configs=_EXTENSION_CONFIG,
            output_format="html",
        )
    html = converter.reset().convert(text)
    return sanitise(_below_title(html))


def _below_title(html: str) -> str:
    """Shift headings down a level if the body uses `#`: the page's h1 is the title."""
    if not re.search(r"<h1\b", html):
        return html
    return _HEADING_TAG.sub(lambda m: f"<{m[1]}h{min(6, int(m[2]) + 1)}", html)


def sanitise(html: str) -> str:
    """Keep only allow-listed tags, attributes and URL schemes.

    Addresses must be absolute (`http://host`, `https://host`, `mailto:`):
    protocol-relative (`//host`) and other relative ones are dropped, except
    links to a heading of the same body (`#section`) and to the catalogue's
    own entry and organisation pages (`/entries/slug`). Images must be
    absolute. Every id gets ID_PREFIX, and in-page links are rewritten to
    match. `code` keeps only `language-*` classes (fenced code), never the
    page's own utility classes.
    """
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_attribute_filter,
        url_schemes=URL_SCHEMES,
        url_relative=_in_page_link,
        id_prefix=ID_PREFIX,
        link_rel="noopener noreferrer",
    )


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    """An allowed attribute's value as kept, or None to drop the attribute."""
    if attribute in ("href", "src"):
        address = value.strip()
        if attribute == "href" and (
            address.startswith("#") or _SITE_PAGE.fullmatch(address)
        ):
            return address  # `_in_page_link` checks it again
        return value if _ABSOLUTE_URL.match(address) else None
    if attribute == "class":
        kept = [c for c in value.split() if _CODE_CLASS.fullmatch(c)]
        return " ".join(kept) or None
    return value


def _in_page_link(url: str) -> str | None:
    """`#section` -> `#h-section` (the heading's prefixed id); a page of this
    site as it is; any other relative address: None (dropped)."""
    if _SITE_PAGE.fullmatch(url):
        return url
    if not url.startswith("#"):
        return None
    fragment = url[1:]
    if not fragment or fragment.startswith(ID_PREFIX):
        return url
    return f"#{ID_PREFIX}{fragment}"


# No pattern here may run across a line break or past the next `[` or `<`
# where it then has to backtrack: `^\s*` over 80,000 blank lines, or `\[[^\]]+`
# over 40,000 `[`, took more than a minute.
_FENCE_MARK = re.compile(r"^[ \t]*(```|~~~).*$", re.M)
_IMAGE = re.compile(r"!\[([^\[\]]*)\]\([^()\[]*\)")
_LINK = re.compile(r"\[([^\[\]]+)\]\([^()\[]*\)")
_AUTOLINK = re.compile(r"<(?:https?|mailto):[^<>\s]+>")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
# Possessive quantifiers (`*+`, `{3,}+`): nothing gives back what it took, so
# an indented list 200 levels deep (38 s with `^[ \t]*[-=:|* ]{3,}`) is linear.
_MARKUP = re.compile(
    r"^[-=:|* \t]{3,}+$|^[ \t]{0,3}+(?:#{1,6}+|>|[-*+]|\d++[.)])\s++|[*_`~|]++",
    re.M,
)


def plain_text(text: str) -> str:
    """Markdown reduced to its words, cheaply, for indexing and snippets."""
    text = _FENCE_MARK.sub(" ", text)
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(" ", text)
    text = _TAG.sub(" ", text)
    text = _MARKUP.sub(" ", text)
    return " ".join(text.split())
