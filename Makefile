# One-command set-up: `make run` serves the site, `make test` runs every test.
# Both create the virtualenv, install dependencies and copy the NHS.UK
# front-end assets first; `make install` does only that and is idempotent.
# Python dependencies come from requirements/lock.txt (exact versions with
# hashes, as package-lock.json is for npm); `make lock` regenerates it.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000
PYTEST_ARGS ?=
LOCK_ARGS ?= --upgrade

LOCK   := requirements/lock.txt
STAMP  := $(VENV)/.installed
ASSETS := static/vendor/nhsuk/.copied
NHSUK  := node_modules/nhsuk-frontend/dist/nhsuk

.PHONY: install lock run index test test-fast check lint format bench bench-quick clean

install: $(STAMP) $(ASSETS)

# Every package (pip and setuptools included) from the lock, each checked
# against its hashes; then this project itself, built with the setuptools
# just installed (no other download); then its bytecode, as pip compiles an
# installed package's (where PYTHONDONTWRITEBYTECODE is set, commands would
# otherwise compile the source on every start).
$(STAMP): pyproject.toml $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		--require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		--no-deps --no-build-isolation -e .
	$(BIN)/python -m compileall -q catalogue search
	touch $@

# Resolve pyproject.toml's ranges (with the dev extra and the build backend)
# to the newest versions on the public index alone: this machine's own pip
# configuration (extra indexes, local wheels) is ignored, so that the lock
# installs anywhere.
lock: $(STAMP)
	env -u PIP_FIND_LINKS -u PIP_EXTRA_INDEX_URL -u PIP_INDEX_URL \
		PIP_CONFIG_FILE=/dev/null \
		$(BIN)/pip-compile --quiet $(LOCK_ARGS) --extra dev --all-build-deps \
		--generate-hashes --allow-unsafe --strip-extras \
		--no-emit-index-url --no-emit-find-links \
		--output-file $(LOCK) pyproject.toml

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
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	$(BIN)/python -m bench.run --entries 10000

bench-quick: install
	$(BIN)/python -m bench.run --entries 1000

clean:
	rm -rf $(VENV) node_modules static/vendor instance .pytest_cache .mypy_cache .ruff_cache
