"""The tests, as packages under `tests`: `search` and `catalogue` always name
the product, never a test folder of the same name."""
