"""A bounded load test against the real server: `catalogue serve` on 127.0.0.1.

    python -m bench.load CORPUS INDEX [--seconds 30] [--clients 16] [--port P]
    python -m bench.load CORPUS INDEX --contention [--seconds 20] [--slow-clients 2]

From the command line, with its figures as JSON. The clients are those of
`tests.support.load` (`run_load`, `run_contention`: see there for the request
mix and what counts as an error); `bench.run` runs the same code and reports
the figures with the rest of the benchmark.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from tests.support.load import run_contention, run_load
from tests.support.server import PORTS


def contention_summary(result: dict[str, Any]) -> str:
    """One line per run: throughput, ordinary searches' p50/p95, slow ones'."""
    lines = []
    for name in ("without", "with"):
        run = result[name]
        search = run["by_kind"].get("search", {})
        line = (
            f"{name} slow queries: {run['throughput']:.1f} req/s,"
            f" {run['errors']} errors; ordinary searches"
            f" {search.get('requests', 0)}, p50 {search.get('p50_ms', 0):.0f} ms,"
            f" p95 {search.get('p95_ms', 0):.0f} ms"
        )
        slow = run["by_kind"].get("slow")
        if slow:
            line += (
                f"; slow {slow['requests']}, p50 {slow['p50_ms']:.0f} ms,"
                f" p95 {slow['p95_ms']:.0f} ms"
            )
        lines.append(line)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the load test (or the contention test) and print its figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("index", type=Path)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--port", type=int, choices=PORTS, metavar="5300-5399")
    parser.add_argument(
        "--contention",
        action="store_true",
        help="ordinary searches with and without slow ones beside them",
    )
    parser.add_argument("--slow-clients", type=int, default=2)
    args = parser.parse_args(argv)
    if args.contention:
        result = run_contention(
            args.corpus,
            args.index,
            args.seconds,
            args.clients,
            args.slow_clients,
            args.port,
        )
        print(json.dumps(result, indent=2))
        print(contention_summary(result), file=sys.stderr)
        errors = result["without"]["errors"] + result["with"]["errors"]
        return 1 if errors else 0
    result = run_load(args.corpus, args.index, args.seconds, args.clients, args.port)
    print(json.dumps(result, indent=2))
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
