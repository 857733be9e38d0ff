# One-command set-up: `make run` serves the site, `make test` runs every test.
# Both create the virtualenv, install dependencies and copy the NHS.UK
# front-end assets first; `make install` does only that and is idempotent.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000
PYTEST_ARGS ?=

STAMP  := $(VENV)/.installed
ASSETS := static/vendor/nhsuk/.copied
NHSUK  := node_modules/nhsuk-frontend/dist/nhsuk

.PHONY: install run index test test-fast check lint format bench bench-quick clean

install: $(STAMP) $(ASSETS)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

$(ASSETS): node_modules/.package-lock.json
	rm -rf static/vendor/nhsuk
	mkdir -p static/vendor/nhsuk
	cp $(NHSUK)/nhsuk-frontend.min.css $(NHSUK)/nhsuk-frontend.min.js static/vendor/nhsuk/
	cp -R $(NHSUK)/assets static/vendor/nhsuk/assets
	touch $@

index: install
	$(BIN)/catalogue index

run: install
	$(BIN)/catalogue serve --host $(HOST) --port $(PORT)

check: install
	$(BIN)/catalogue check --strict entries

test: install
	bash .ci/ensure-chromium
	$(BIN)/catalogue check --strict entries
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The inner loop: everything but the browser, load and fault tests.
test-fast: install
	$(BIN)/catalogue check --strict entries
	$(BIN)/python -m pytest -m "not browser and not slow" $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	$(BIN)/python -m bench.run --entries 10000

bench-quick: install
	$(BIN)/python -m bench.run --entries 1000

clean:
	rm -rf $(VENV) node_modules static/vendor instance .pytest_cache .mypy_cache .ruff_cache
