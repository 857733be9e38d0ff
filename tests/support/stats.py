"""Summary statistics the benchmark and the load clients report."""

from __future__ import annotations


def percentile(samples: list[float], fraction: float) -> float:
    """The nearest-rank percentile of a list of samples."""
    ordered = sorted(samples)
    index = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]
