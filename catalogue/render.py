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
