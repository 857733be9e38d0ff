"""What a README says: install and usage instructions, the documents it links to,
and whether it says the code is archived or unmaintained (for
`evidence_repository`).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from urllib.parse import unquote

from catalogue.evidence_files import EXAMPLES, unique

_HEADING_ATX = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$")
_HEADING_HTML = re.compile(r"<h[1-6][^>]*>(.+?)</h[1-6]>", re.IGNORECASE)
_HEADING_BOLD = re.compile(r"^\s*\*\*([^*]{2,60})\*\*\s*:?\s*$")
_UNDERLINE = re.compile(r"^\s*([=\-~^\"'*+#])\1{2,}\s*$")
_INSTALL_HEADING = re.compile(
    r"\b(install(ation|ing)?|set[\s-]?up|getting[\s-]started|get[\s-]started|"
    r"quick[\s-]?start|prerequisites)\b",
    re.IGNORECASE,
)
_USAGE_HEADING = re.compile(
    r"\b(usage|how[\s-]to[\s-](use|run)|using (it|the)|running|run(ning)? the|"
    r"examples?|tutorial|walk-?through|quick[\s-]?start|demo)\b",
    re.IGNORECASE,
)
_INSTALL_COMMAND = re.compile(
    r"(pip3? install [^\n`]+|python3? -m pip install [^\n`]+|conda (env )?create"
    r"[^\n`]*|conda install [^\n`]+|mamba (env )?create[^\n`]*|poetry install|"
    r"pipenv install|uv sync|npm (install|ci)|yarn install|pnpm install|"
    r"install\.packages\([^\n`]*\)|renv::restore\(\)|devtools::install[^\n`]*|"
    r"remotes::install[^\n`]*|docker build[^\n`]*|docker[ -]compose up[^\n`]*|"
    r"make install|python3? setup\.py (install|develop)|cargo build|go install"
    r"[^\n`]*|mvn install)"
)
_USAGE_COMMAND = re.compile(
    r"((?<![\w-])python3? (-m [\w.]+|[\w./-]+\.py)[^\n`]*|streamlit run [^\n`]+|"
    r"jupyter (notebook|lab)[^\n`]*|npm (run [\w:-]+|start)|yarn (start|dev|run "
    r"[\w:-]+)|docker run [^\n`]+|Rscript [^\n`]+|flask (--app \S+ )?run[^\n`]*|"
    r"uvicorn [^\n`]+|make run|cargo run|go run [^\n`]+|shiny::runApp[^\n`]*)"
)
_NOTICE = re.compile(
    r"[^\n.]*\b(no longer (maintained|supported|updated|under active development)|"
    r"(this|the) (repository|repo|project|code) (is|has been) (now )?"
    r"(archived|deprecated|retired|unmaintained))\b[^\n.]*",
    re.IGNORECASE,
)


#: A status badge (repostatus.org, GIScience badges): ![status: experimental](...)
_STATUS_BADGE = re.compile(
    r"!\[\s*(?:project\s+)?status\s*:\s*([a-z][a-z -]{0,30}?)\s*[\].]", re.I
)
#: Statuses that say nobody is working on it.
_RESTING = {
    "hibernate",
    "abandoned",
    "archived",
    "deprecated",
    "unsupported",
    "inactive",
    "suspended",
    "moved",
    "unmaintained",
}


def _headings(text: str) -> list[str]:
    lines = text.splitlines()
    found = []
    for number, line in enumerate(lines):
        match = _HEADING_ATX.match(line) or _HEADING_BOLD.match(line)
        if match:
            found.append(match.group(1))
        elif (
            number
            and _UNDERLINE.match(line)
            and lines[number - 1].strip()
            and not _UNDERLINE.match(lines[number - 1])
        ):
            found.append(lines[number - 1].strip())
    found += [m.group(1) for m in _HEADING_HTML.finditer(text)]
    return [_plain(h) for h in found]


def _plain(heading: str) -> str:
    text = re.sub(r"<[^>]+>|[*_`]|\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    return " ".join(text.split())[:80]


def install_evidence(readme: str) -> list[str]:
    """Install headings and commands in a README (at most EXAMPLES)."""
    headings = [h for h in _headings(readme) if _INSTALL_HEADING.search(h)]
    commands = [m.group(1) for m in _INSTALL_COMMAND.finditer(readme)]
    return unique([*headings, *map(_command, commands)])[:EXAMPLES]


def usage_evidence(readme: str) -> list[str]:
    """Usage headings and commands in a README (at most EXAMPLES)."""
    headings = [h for h in _headings(readme) if _USAGE_HEADING.search(h)]
    commands = [m.group(1) for m in _USAGE_COMMAND.finditer(readme)]
    return unique([*headings, *map(_command, commands)])[:EXAMPLES]


def _command(text: str) -> str:
    return " ".join(text.split())[:80]


_LINK = re.compile(r"\]\(\s*<?([^)\s>#?]+)|href=[\"']([^\"'#?]+)", re.IGNORECASE)


def linked_documents(readme: str, blobs: Mapping[str, str]) -> list[str]:
    """Documents in the repository that a top-level README links to (at most 10)."""
    found = []
    for match in _LINK.finditer(readme):
        target = unquote(match.group(1) or match.group(2))
        if "://" in target or target.startswith(("mailto:", "/")):
            continue
        path = posixpath.normpath(target)
        if path in blobs and path.lower().endswith((".md", ".rst", ".txt")):
            found.append(path)
    return unique(found)[:10]


def status_and_notice(readme: str) -> tuple[str | None, str | None]:
    """The README's status badge, and what it says about being unmaintained.

    The notice is a sentence such as "This repository is no longer maintained",
    or `status: <status>` when only the badge says that nobody works on it.
    """
    notice = _NOTICE.search(readme)
    badge = _STATUS_BADGE.search(readme)
    status = " ".join(badge.group(1).lower().split()) if badge else None
    said = " ".join(notice.group(0).split())[:200] if notice else None
    if said is None and status in _RESTING:
        said = f"status: {status}"
    return status, said
