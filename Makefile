# PartnerNet — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app partnernet
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint install install-dev assets db demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev
assets: node_modules/.package-lock.json

db: install assets
	$(FLASK) db upgrade

## make run: set up, migrate, load the demo group if the database is empty, serve on http://127.0.0.1:5000
run: db
	$(FLASK) demo --if-empty
	$(FLASK) run --host $(HOST) --port $(PORT)

## make test: install what the tests need and run the whole suite (in TEST_WORKERS processes)
TEST_WORKERS ?= 2
test: install-dev assets
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache
