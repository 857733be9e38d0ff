"""Benchmark support: a synthetic corpus, a fixed query set and an FTS5 reference.

`bench.generate` writes realistic catalogue entries at any size, `bench.queries`
holds the queries every engine is timed on, and `bench.fts5` answers them with
SQLite FTS5 so results and timings can be compared side by side.
"""
