# Consultation portal. `make run` and `make test` are all a newcomer needs.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_DEBUG ?= true

.DEFAULT_GOAL := help

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-12s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt requirements-dev.txt constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	touch $@

install: $(VENV)/.installed ## Create the virtualenv and install the pinned packages

node_modules/.package-lock.json: package.json package-lock.json
	@# A git worktree may link node_modules to the main checkout's: npm ci would empty that shared folder.
	@if [ -L node_modules ]; then echo "node_modules is a link to a shared install: left as it is"; \
	else npm ci --no-audit --no-fund --loglevel=error; fi

static/dist/main.css: node_modules/.package-lock.json static/scss/main.scss static/build.mjs
	npm run --silent build

assets: static/dist/main.css ## Build the CSS and copy GOV.UK Frontend's script

setup: install assets ## Install everything, migrate, load the centres, demo consultation and demo staff
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --staff-accounts --responses 200 --closed-responses 1576

run: setup ## Set up, then start the portal, a Celery worker and beat on http://127.0.0.1:8000 (PORT=8001 make run to change)
	@echo ""
	@echo "  The portal is at http://$(HOST):$(PORT)/   (staff area: http://$(HOST):$(PORT)/staff/)"
	@echo "  Stop it with Ctrl+C."
	@echo ""
	@$(PY) bin/run.py --host $(HOST) --port $(PORT)

export CHROMIUM_PATH ?= /usr/bin/chromium

chromium: ## Make sure Debian's Chromium is there for the browser tests (installs it with apt-get as root)
	@if [ ! -x "$(CHROMIUM_PATH)" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "The browser tests need Chromium at $(CHROMIUM_PATH). Install it (Debian: sudo apt-get install chromium)" >&2; \
	    echo "or set CHROMIUM_PATH=/path/to/chromium." >&2; exit 1; \
	  fi; \
	fi; \
	test -x "$(CHROMIUM_PATH)" || { echo "No Chromium at $(CHROMIUM_PATH)" >&2; exit 1; }

calc: ## Make sure LibreOffice Calc is there for the spreadsheet test (installs it with apt-get as root)
	@if ! command -v soffice >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's libreoffice-calc-nogui for the spreadsheet test"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null; \
	  else \
	    echo "The spreadsheet test opens an export in LibreOffice Calc. Install it (Debian: sudo apt-get install libreoffice-calc-nogui)." >&2; exit 1; \
	  fi; \
	fi; \
	command -v soffice >/dev/null || { echo "No soffice on PATH" >&2; exit 1; }

test: install assets chromium calc ## Run every test (SQLite, or PostgreSQL and Redis when DATABASE_URL and CELERY_BROKER_URL are set)
	$(PY) bin/test.py

test-fast: install ## Run the tests for daily work: no browser, fault, spreadsheet or worker-process tests
	$(VENV)/bin/pytest -m "not (browser or faults or spreadsheet or processes)"

bench-load: install ## Load test: 50 clients send responses to gunicorn + PostgreSQL, beside a one-row insert view
	$(VENV)/bin/python bench/load.py

lint: install ## Check style with ruff
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install ## Fix style with ruff
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench-export: install ## Time the CSV export on 1,000,000 responses (PostgreSQL database portal_bench)
	$(PY) bench/export.py

bench: install ## Every benchmark in turn (PostgreSQL on 127.0.0.1), then the goals table in docs/benchmarks.md
	$(PY) bench/all.py $(BENCH_ARGS)

.PHONY: help install assets setup run test test-fast lint format chromium calc bench bench-load bench-export
