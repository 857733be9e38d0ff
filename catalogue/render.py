"""Markdown -> sanitised HTML, and Markdown -> plain text for search.

Whatever an entry contains, the HTML that leaves here holds only an
allow-list of tags and attributes: no script or style, no event attributes,
and links only to http, https and mailto addresses (nh3, the Ammonia
sanitiser). Headings get ids so they can be linked to; `##` is an h2, and if a
body uses `#` every heading moves down a level, as the page's h1 is the title.
"""

from __future__ import annotations

import re

import markdown
import nh3

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


def render_markdown(text: str) -> str:
    """Render Markdown (tables, fenced code, heading anchors) to sanitised HTML."""
    html = markdown.markdown(
        text,
        extensions=_EXTENSIONS,
        extension_configs=_EXTENSION_CONFIG,
        output_format="html",
    )
    return sanitise(_below_title(html))


def _below_title(html: str) -> str:
    """Shift headings down a level if the body uses `#`: the page's h1 is the title."""
    if not re.search(r"<h1\b", html):
        return html
    return _HEADING_TAG.sub(lambda m: f"<{m[1]}h{min(6, int(m[2]) + 1)}", html)


def sanitise(html: str) -> str:
    """Keep only allow-listed tags, attributes and URL schemes."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


# No pattern here may run across a line break or past the next `[` or `<`
# where it then has to backtrack: `^\s*` over 80,000 blank lines, or `\[[^\]]+`
# over 40,000 `[`, took more than a minute.
_FENCE_MARK = re.compile(r"^[ \t]*(```|~~~).*$", re.M)
_IMAGE = re.compile(r"!\[([^\[\]]*)\]\([^()\[]*\)")
_LINK = re.compile(r"\[([^\[\]]+)\]\([^()\[]*\)")
_AUTOLINK = re.compile(r"<(?:https?|mailto):[^<>\s]+>")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_MARKUP = re.compile(
    r"^[ \t]*[-=:|* ]{3,}[ \t]*$|^[ \t]{0,3}(?:#{1,6}|>|[-*+]|\d+[.)])\s+|[*_`~|]+",
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
