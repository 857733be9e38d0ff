"""Links for people adding entries: the repository, and GitHub's "new file"
page pre-filled with the entry template (no git or command line needed).

Both come from CATALOGUE_EDIT_URL (https://github.com/OWNER/REPO/edit/BRANCH/
entries/), the setting behind "Edit this entry"; on another host there are none.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

#: Where the pre-filled new file is proposed; people rename it on GitHub.
NEW_FILE = "entries/projects/name-of-your-project.md"


def repository_url(edit_url: str) -> str | None:
    """`https://github.com/OWNER/REPO` from the edit link's base, if on GitHub."""
    if not edit_url.startswith("https://github.com/") or "/edit/" not in edit_url:
        return None
    return edit_url.split("/edit/", 1)[0]


def new_file_url(edit_url: str, template: str, filename: str = NEW_FILE) -> str | None:
    """GitHub's "create new file" page with the file name and template filled in."""
    repository = repository_url(edit_url)
    if repository is None:
        return None
    branch = edit_url.split("/edit/", 1)[1].split("/", 1)[0] or "main"
    query = urlencode({"filename": filename, "value": template}, quote_via=quote)
    return f"{repository}/new/{quote(branch)}?{query}"
