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
# Line and branch coverage, summarised in one line after the tests (COVERAGE= to skip it).
COVERAGE ?= --cov --cov-branch --cov-report=

# Development defaults; production sets its own environment (see README.md).
export DEBUG ?= 1

.PHONY: help setup run test lint format migrate demo assets clean reset-demo bench bench-peer prod-up prod-down prod-drill

help:
	@echo "make run    set up everything and serve the demo on http://$(HOST):$(PORT)"
	@echo "make test   set up everything and run lint, migration check and all tests"
	@echo "make bench  benchmarks on PostgreSQL (BENCH_SCALE=1 for one province, 31 the country)"
	@echo "make bench-peer  Hamahang beside Redmine on Redmine's workload (root; installs Redmine)"

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
	$(BIN)/lint-imports --no-cache

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint
	$(PY) manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(COVERAGE) $(PYTEST_ARGS)
	@if [ -n "$(COVERAGE)" ]; then $(PY) scripts/coverage_summary.py; fi

# Benchmarks on PostgreSQL with production settings; the dataset is built once and reused.
BENCH_SCALE ?= 31
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/hamahang_bench
# Production's shared cache (Redis); set BENCH_CACHE_URL= (empty) for the per-process cache.
BENCH_CACHE_URL ?= redis://127.0.0.1:6379/3
BENCH_DB = $(lastword $(subst /, ,$(BENCH_DATABASE_URL)))
BENCH_ADMIN_URL = $(BENCH_DATABASE_URL:/$(BENCH_DB)=/postgres)
bench: setup
	@command -v wrk >/dev/null || { echo "installing wrk (load tool)"; apt-get install -y -qq wrk >/dev/null; }
	psql "$(BENCH_ADMIN_URL)" -tAc "SELECT 1 FROM pg_database WHERE datname = '$(BENCH_DB)'" | grep -q 1 \
		|| psql "$(BENCH_ADMIN_URL)" -qc "CREATE DATABASE $(BENCH_DB)"
	export DEBUG=0 SECRET_KEY=bench-only-$$(hostname)-key-not-for-production-use-0123456789 \
		ALLOWED_HOSTS=127.0.0.1,testserver SECURE_SSL_REDIRECT=0 LOG_LEVEL=ERROR \
		DATABASE_URL=$(BENCH_DATABASE_URL) CACHE_URL=$(BENCH_CACHE_URL); \
	$(PY) manage.py migrate --no-input -v0 && \
	$(PY) manage.py generate_load --scale $(BENCH_SCALE) && \
	$(PY) manage.py collectstatic --no-input -v0 && \
	$(PY) manage.py bench --scale $(BENCH_SCALE) > /dev/null && \
	echo "wrote bench/results.json and BENCHMARKS.md"

# Hamahang beside Redmine (issue 20): Redmine from Debian's packages set up and loaded by the
# shared peer scripts, the same workload generated in Hamahang, both measured by one script.
PEER_DIR ?= ../shared/peers/redmine
PEER_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/hh_peer
PEER_CACHE_URL ?= redis://127.0.0.1:6379/10
PEER_PORT ?= 8106
PEER_DB = $(lastword $(subst /, ,$(PEER_DATABASE_URL)))
PEER_ADMIN_URL = $(PEER_DATABASE_URL:/$(PEER_DB)=/postgres)
bench-peer: setup
	@test -d $(PEER_DIR) || { echo "$(PEER_DIR) (the Redmine peer scripts) is missing"; exit 1; }
	bash $(PEER_DIR)/setup.sh
	@if [ "$$(runuser -u postgres -- psql -d redmine_default -tAc 'SELECT count(*) FROM issues')" != "200000" ]; then \
	  bash $(PEER_DIR)/load.sh && runuser -u postgres -- psql -qc checkpoint && sleep 30; fi
	psql "$(PEER_ADMIN_URL)" -tAc "SELECT 1 FROM pg_database WHERE datname = '$(PEER_DB)'" | grep -q 1 \
		|| psql "$(PEER_ADMIN_URL)" -qc "CREATE DATABASE $(PEER_DB)"
	export DEBUG=0 SECRET_KEY=bench-only-$$(hostname)-key-not-for-production-use-0123456789 \
		ALLOWED_HOSTS=127.0.0.1,testserver SECURE_SSL_REDIRECT=0 LOG_LEVEL=ERROR \
		DATABASE_URL=$(PEER_DATABASE_URL) CACHE_URL=$(PEER_CACHE_URL) PEER_PORT=$(PEER_PORT); \
	$(PY) manage.py migrate --no-input -v0 && \
	$(PY) manage.py generate_load --workload redmine && \
	$(PY) manage.py collectstatic --no-input -v0 && \
	$(PY) manage.py bench_peer > /dev/null && \
	echo "wrote bench/peer.json and the peer table in BENCHMARKS.md"

reset-demo: setup
	rm -f db.sqlite3 db.sqlite3-wal db.sqlite3-shm
	$(MAKE) demo

clean:
	rm -rf $(VENV) node_modules hamahang/static/vendor staticfiles artifacts

# The production topology on this machine (nginx, two gunicorn app servers, PostgreSQL primary
# + hot standby, Redis, two db_workers, pgBackRest) under PROD_DIR; see README, production.
PROD_DIR ?= /tmp/hamahang-prod
# Its ports: PROD_PORT_BASE + 432 (primary), +433 (standby), +379 (Redis), +1/+2 (app), +443.
PROD_PORT_BASE ?= 55000
export PROD_PORT_BASE
prod-packages:
	@missing=""; for p in nginx pgbackrest redis-server postgresql-15 openssl; do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "installing:$$missing"; apt-get update -qq; \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; fi
	@systemctl disable --now nginx >/dev/null 2>&1 || true

prod-up: setup prod-packages
	PROD_DIR=$(PROD_DIR) $(PY) deploy/prod.py up

prod-down:
	PROD_DIR=$(PROD_DIR) $(PY) deploy/prod.py down

# Up, the throughput (artifacts/throughput.json), every drill (artifacts/drill.json), the logs
# kept (artifacts/prod-logs), down — even when a measurement or a drill fails.
prod-drill: setup prod-packages
	PROD_DIR=$(PROD_DIR) $(PY) deploy/prod.py down
	PROD_DIR=$(PROD_DIR) $(PY) deploy/prod.py up
	PROD_DIR=$(PROD_DIR) $(PY) deploy/throughput.py; throughput=$$?; \
	  PROD_DIR=$(PROD_DIR) $(PY) deploy/drills.py; drills=$$?; \
	  rm -rf artifacts/prod-logs; cp -r $(PROD_DIR)/log artifacts/prod-logs; \
	  PROD_DIR=$(PROD_DIR) $(PY) deploy/prod.py down; \
	  test $$throughput -eq 0 -a $$drills -eq 0
