# Hamahang: `make run` serves the demo, `make test` runs every check. Both set up what is missing.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# The first interpreter that really runs and is >= 3.11 (pyenv shims may exist for absent ones).
PYTHON ?= $(shell for p in python3 python3.13 python3.12 python3.11; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && { command -v $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

# Development defaults; production sets its own environment (see README.md).
export DEBUG ?= 1

.PHONY: help setup run test lint format migrate demo assets clean reset-demo

help:
	@echo "make run    set up everything and serve the demo on http://$(HOST):$(PORT)"
	@echo "make test   set up everything and run lint, migration check and all tests"

$(BIN)/activate:
	@test -n "$(PYTHON)" || { echo "Python >= 3.11 is required (none found on PATH)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/activate pyproject.toml requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -c requirements.lock -e ".[dev]"
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

hamahang/static/vendor/.copied: node_modules/.installed scripts/vendor_assets.py
	$(PYTHON) scripts/vendor_assets.py
	@touch $@

assets: hamahang/static/vendor/.copied

setup: $(VENV)/.installed assets

migrate: setup
	$(PY) manage.py migrate --no-input

demo: migrate
	$(PY) manage.py load_demo

run: demo
	@echo "Serving Hamahang on http://$(HOST):$(PORT)  (stop with Ctrl+C)"
	$(PY) manage.py runserver $(HOST):$(PORT)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint
	$(PY) manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

reset-demo: setup
	rm -f db.sqlite3 db.sqlite3-wal db.sqlite3-shm
	$(MAKE) demo

clean:
	rm -rf $(VENV) node_modules hamahang/static/vendor staticfiles artifacts
