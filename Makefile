# Everyday commands. Each target sets up what it needs first (a .venv with the project installed).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
INDEX ?= $(or $(NEWSARCHIVE_INDEX),var/index)
CORPUS ?= corpus

.PHONY: setup serve rebuild test test-fast lint fmt bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# setuptools' banner about editable installs is noise here (the licence is an SPDX string)
	PYTHONWARNINGS=ignore $(BIN)/python -m pip install --quiet -e . --group dev
	touch $(STAMP)

## Build the index from corpus/ (or CORPUS=...) and serve the web UI on http://127.0.0.1:8000
serve: setup
	$(BIN)/newsarchive --index $(INDEX) rebuild --corpus $(CORPUS)
	NEWSARCHIVE_INDEX=$(INDEX) $(BIN)/gunicorn -c web/gunicorn.conf.py web.wsgi:app

rebuild: setup
	$(BIN)/newsarchive --index $(INDEX) rebuild --corpus $(CORPUS)

## Lint, then the whole suite: unit, corpus-wide (slow) and end-to-end (gunicorn + chromium)
test: setup lint
	$(BIN)/python -m pytest -n 2 --dist loadgroup -q

## The suite without the slow corpus-wide and browser tests
test-fast: setup
	$(BIN)/python -m pytest -n 2 -q -m "not slow and not e2e"

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

fmt: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: setup
	for name in rebuild search typed_latency relevance taggers extraction web hostile; do \
		$(BIN)/python -m bench.$$name || exit 1; done

clean:
	rm -rf $(VENV) var bench/out .pytest_cache .ruff_cache .mypy_cache
