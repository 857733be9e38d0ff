"""The benchmark: timings of indexing and search, an FTS5 reference, load figures.

`bench.run` measures everything and writes `bench/results/`; `bench.worker`
runs each measure in its own process; `bench.fts5` answers the same query set
with SQLite FTS5 so results and timings can be compared side by side;
`bench.load` runs the load or contention test alone; `bench.awkward` times the
render path on pathological bodies. The synthetic corpus, the query set, the
server and the load clients are the shared test harness in `tests/support/`.
"""
