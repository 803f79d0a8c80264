# The README's two set-up commands are `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)
HOST   ?= 127.0.0.1
PORT   ?= 8000
SCALE  ?= 1
# Parallel test workers (pytest-xdist; each gets its own test database). A test module stays on one
# worker (--dist loadgroup; tests/conftest.py groups by file) so its module-scoped demo is built
# once; files marked `spread` share their tests out; the longest files go first, in the order
# tests/conftest.py gives (--no-loadscope-reorder).
PYTEST_WORKERS ?= 2
PYTEST := $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup --no-loadscope-reorder

.PHONY: install demo serve test test-sqlite test-postgres bench lint format messages clean

$(STAMP): pyproject.toml
	@scripts/ensure-python-venv $(PYTHON)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

## make demo: install, load the demo CASP group into the embedded SQLite database, serve it.
demo: $(STAMP)
	$(BIN)/midora init
	MIDORA_BASE_URL=http://$(HOST):$(PORT) $(BIN)/midora demo --reset --scale $(SCALE)
	$(BIN)/midora serve --host $(HOST) --port $(PORT)

serve: $(STAMP)
	$(BIN)/midora serve --host $(HOST) --port $(PORT)

## make test: the whole suite on SQLite, then on PostgreSQL when MIDORA_TEST_DATABASE_URL is set.
test: $(STAMP)
	@scripts/ensure-test-deps
	$(MAKE) --no-print-directory test-sqlite
	@if [ -n "$$MIDORA_TEST_DATABASE_URL" ]; then $(MAKE) --no-print-directory test-postgres; \
	 else echo "MIDORA_TEST_DATABASE_URL is not set: the PostgreSQL run is skipped (.ci/run sets it)."; fi

test-sqlite: $(STAMP)
	@echo "== test suite on SQLite"
	MIDORA_HOME=$$(mktemp -d) $(PYTEST) $(PYTEST_ARGS)

test-postgres: $(STAMP)
	@echo "== test suite on PostgreSQL ($$MIDORA_TEST_DATABASE_URL)"
	MIDORA_HOME=$$(mktemp -d) MIDORA_DATABASE_URL=$$MIDORA_TEST_DATABASE_URL $(PYTEST) $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

## make lint: ruff, the layer contract (import-linter) and the engines' types (mypy); both are
## configured in pyproject.toml.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	PYTHONPATH=src $(BIN)/lint-imports
	$(BIN)/mypy

## make messages: update and compile every app's German and French catalogue (docs/i18n.md).
messages: $(STAMP)
	$(BIN)/python scripts/messages

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) build *.egg-info
