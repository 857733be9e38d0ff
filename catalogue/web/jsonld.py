"""schema.org JSON-LD for entry pages: what search engines and other tools read.

An entry with code is a `SoftwareSourceCode`, a webinar an `Event`, anything
else a `CreativeWork`; each names its organisations, topics and links.

The JSON goes in `<script type="application/ld+json">`, which browsers treat
as data, never as script (a data block is not run, so the Content-Security-
Policy's "no inline script" does not apply to it). Its text must still not
end the element early: `<`, `>` and `&` are written as JSON escapes
(`\\u003c`, ...), so no value an entry holds, `</script>` included, can
break out of it, and the JSON still parses to the same values.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Flask
from markupsafe import Markup

from catalogue.model import Entry
from catalogue.web.site import get_site

CONTEXT = "https://schema.org"
_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def entry_data(entry: Entry, base: str) -> dict[str, Any]:
    """The schema.org description of an entry."""
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": _type_of(entry),
        "@id": f"{base}{entry.url}",
        "url": f"{base}{entry.url}",
        "name": entry.title,
        "description": entry.summary,
        "inLanguage": "en-GB",
    }
    if entry.date:
        key = "startDate" if data["@type"] == "Event" else "dateCreated"
        data[key] = str(entry.date)
    if entry.organisation:
        key = "organizer" if data["@type"] == "Event" else "creator"
        data[key] = _organisation(entry.organisation)
    if entry.partners:
        data["contributor"] = [_organisation(p) for p in entry.partners]
    topics = [*entry.problem_areas, *entry.techniques]
    if topics:
        data["about"] = [{"@type": "Thing", "name": t} for t in topics]
    if entry.tags:
        data["keywords"] = ", ".join(entry.tags)
    data.update(_code(entry) if entry.code else {})
    data.update(_event(entry) if data["@type"] == "Event" else {})
    if entry.links:
        data["citation"] = [link.url for link in entry.links]
    return data


def _type_of(entry: Entry) -> str:
    if entry.code:
        return "SoftwareSourceCode"
    return "Event" if entry.type == "webinar" else "CreativeWork"


def _organisation(name: str) -> dict[str, str]:
    return {"@type": "Organization", "name": name}


def _code(entry: Entry) -> dict[str, Any]:
    code = entry.code
    assert code is not None
    found: dict[str, Any] = {"codeRepository": code.url}
    if code.language:
        found["programmingLanguage"] = code.language
    if code.licence:
        found["license"] = f"https://spdx.org/licenses/{code.licence}.html"
    return found


def _event(entry: Entry) -> dict[str, Any]:
    event = entry.event
    found: dict[str, Any] = {}
    if event and event.date:
        found["startDate"] = str(event.date)
    if event and event.recording:
        found["recordedIn"] = {"@type": "CreativeWork", "url": event.recording}
    if event and event.slides:
        slides = {"@type": "PresentationDigitalDocument", "url": event.slides}
        found["workFeatured"] = slides
    return found


def script_json(data: Any) -> Markup:
    """JSON that is safe as the text of a <script> element (`<`, `>`, `&` escaped)."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    for char, escape in _ESCAPES.items():
        text = text.replace(char, escape)
    return Markup(text)  # safe: no character HTML acts on is left unescaped


def entry_jsonld(entry: Entry) -> Markup:
    """The JSON-LD text of an entry page (for `pages/_jsonld.html`).

    Addresses are absolute under CATALOGUE_SITE_URL; without it they are
    relative (JSON-LD resolves them against the page), never built from the
    request's Host header, which a client chooses.
    """
    return script_json(entry_data(entry, get_site().settings.site_url))


def init_app(app: Flask) -> None:
    """Let templates write an entry's JSON-LD."""
    app.add_template_global(entry_jsonld, "entry_jsonld")
