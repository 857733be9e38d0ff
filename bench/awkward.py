"""The render path on a pathological corpus: the worst time one body costs.

    python -m bench.awkward

Each body is rendered as `catalogue index` renders it (`render_bodies`:
limits first, then worker processes with the hard budget), one body per call
so its own time is measured. Prints JSON: per body its outcome and seconds,
and the worst.
"""

from __future__ import annotations

import json
import time

from catalogue.render import RENDER_SECONDS, BodyProblem, render_bodies

#: name -> body: what Python-Markdown or our own patterns find hard.
AWKWARD = {
    "quotes nested 5,000 deep": "> " * 5_000 + "deep\n",
    "lists nested 5,000 deep": "- " * 5_000 + "deep\n",
    "indented lists 20 deep": "".join("    " * i + "- x\n" for i in range(20)),
    "a 500,000-character word": "a" * 500_000 + "\n",
    "20,000 brackets on one line": "[" * 19_999 + "\n",
    "20,000 brackets, one a line": "[\n" * 20_000,
    "a 10,000-row table": "| a | b |\n|---|---|\n" + "| 1 | 2 |\n" * 10_000,
    "40,000 emphasis marks": "*a _b\n" * 20_000,
    "5,000 reference links": "".join(
        f"[r{i}]: https://example.org/{i}\n[x][r{i}]\n" for i in range(5_000)
    ),
    "10,000 unclosed tags": "<a \n" * 10_000,
    "10,000 legacy Tags openings": "<Tags tags={[\n" * 10_000,
    "1,000 nested divs": "<div>" * 1_000,
}


def measure() -> dict[str, object]:
    """Outcome and seconds of each awkward body, and the worst."""
    found = {}
    for name, body in AWKWARD.items():
        started = time.perf_counter()
        result = next(render_bodies([body]))
        seconds = time.perf_counter() - started
        outcome = result.message if isinstance(result, BodyProblem) else "rendered"
        found[name] = {"seconds": round(seconds, 3), "outcome": outcome}
    worst = max(found, key=lambda n: found[n]["seconds"])  # type: ignore[arg-type,return-value]
    return {
        "budget_s": RENDER_SECONDS,
        "bodies": found,
        "worst": worst,
        "worst_s": found[worst]["seconds"],
    }


if __name__ == "__main__":
    print(json.dumps(measure(), indent=2))
