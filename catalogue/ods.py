"""Organisations' NHS ODS codes in the vocabulary (`ods: RTE`).

The Organisation Data Service gives every NHS organisation a code; the
vocabulary may carry it, pages show it, exports include it and
`/organisations/<code>` leads to the organisation's page. A malformed code
is reported and left out; a code given to two organisations is an error.
"""

from __future__ import annotations

import re
from typing import Any

from catalogue.problems import Problem

#: What an ODS code looks like: capital letters and digits (RTE, RX1, W2U3Z).
ODS_CODE = re.compile(r"^[A-Z0-9]{3,10}$")


def read_ods(
    value: Any, where: tuple, lines: dict, shown: str, problems: list[Problem]
) -> str | None:
    """An organisation's ODS code; a malformed one is reported and left out."""
    if value is None:
        return None
    text = str(value).strip()
    if ODS_CODE.match(text):
        return text
    fix = (
        f"write it in capitals: `ods: {text.upper()}`"
        if ODS_CODE.match(text.upper())
        else "copy the organisation's code from the NHS ODS data (3 to 10 capital"
        " letters and digits, such as RTE), or delete the line"
    )
    problems.append(
        Problem(
            shown,
            lines.get(where + ("ods",)) or lines.get(where),
            f"{where[0]}[{where[1]}].ods",
            f"'{text}' is not an ODS code, so it is left out",
            fix,
        )
    )
    return None


def shared_codes(
    organisations: list[tuple[int, str, str | None]], lines: dict, shown: str
) -> list[Problem]:
    """(index, name, code) of each organisation -> a problem per code used twice."""
    problems = []
    owner: dict[str, str] = {}
    for index, name, code in organisations:
        if code and owner.setdefault(code, name) != name:
            problems.append(
                Problem(
                    shown,
                    lines.get(("organisations", index, "ods"))
                    or lines.get(("organisations", index)),
                    f"organisations[{index}].ods",
                    f"ODS code {code} is already the code of '{owner[code]}'",
                    "check the code in the NHS ODS data and keep it on one"
                    " organisation only",
                )
            )
    return problems
