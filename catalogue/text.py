"""Small rules about text that entries, the vocabulary and XML output share."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import urlsplit

#: Characters XML 1.0 cannot carry (C0 controls but tab, newline and carriage
#: return; U+FFFE, U+FFFF) and that no entry needs: a form feed pasted from a
#: PDF made the Atom feed fail for everyone.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def find_control(text: str) -> tuple[int, str] | None:
    """The 1-based line and the name of the first control character, if any."""
    found = CONTROL.search(text)
    if found is None:
        return None
    line = text.count("\n", 0, found.start()) + 1
    char = found.group(0)
    name = unicodedata.name(char, "") or {
        "\x0c": "FORM FEED",
        "\x0b": "LINE TABULATION",
        "\x1b": "ESCAPE",
    }.get(char, "control character")
    return line, f"U+{ord(char):04X} ({name.lower()})"


def strip_control(text: str) -> str:
    """The text without characters XML cannot carry."""
    return CONTROL.sub("", text)


def is_web_address(text: str, mailto: bool = False) -> bool:
    """An absolute http(s) address with a host (or a mailto: address if allowed)."""
    parts = urlsplit(text)
    if parts.scheme in ("http", "https") and parts.netloc:
        return True
    return mailto and parts.scheme == "mailto" and bool(parts.path)


WEB_ADDRESS_FIX = "write the full address, starting with https://"


def slugify(text: str) -> str:
    """A URL slug from a title or a name: `Parkinson's UK` -> `parkinsons-uk`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"['\u2019]", "", ascii_text.lower())
    slug = re.sub(r"[^a-z0-9]+", "-", cleaned).strip("-")
    if slug or not text.strip():
        return slug
    # No Latin letters or digits (a name in another script): a stable short
    # hash, so different names never share a page.
    return "x-" + hashlib.sha1(text.strip().encode("utf-8")).hexdigest()[:10]
