"""The test harness shared by the tests and the benchmark (`bench/`).

- `server`: `catalogue serve` in a subprocess on 127.0.0.1 (`Server`), and the
  one `free_port`.
- `load`: clients that drive a running server for a while and report what they
  saw (`drive`, `run_load`, `run_contention`).
- `queries`: the fixed query set the load clients and the benchmark send.
- `corpus`: the synthetic corpus generator, the same for the same seed.

`bench/` imports from here; nothing here imports from `bench/`, and no test
does either, except `tests/test_bench_corpus.py`, which tests the benchmark.
"""
