# Plenary: `make run` serves the demo, `make test` runs the whole suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PORT ?= 8000
HOST ?= 127.0.0.1
VENV := .venv
PY := $(VENV)/bin/python
# The demo runs in development mode unless DEBUG is set explicitly.
DEV := DEBUG=$${DEBUG-1}

# A Python >= 3.12: pyenv/uv users get the one .python-version names, others the first that fits.
PYTHON ?= $(shell for p in python3.13 python3.12 python3; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; \
	then echo $$p; break; fi; done)

.PHONY: help run test lint format bench migrate demo messages screenshots clean check-python

help:
	@echo "make run    serve Plenary with demo data on http://$(HOST):$(PORT)"
	@echo "make test   lint and run the whole test suite"
	@echo "make bench  run the benchmarks and write docs/benchmarks.md"
	@echo "make screenshots  screenshots of the live room from the demo, for the README"

check-python:
	@if [ -z "$(PYTHON)" ]; then echo "Plenary needs Python 3.12 or newer (python3.13, python3.12 or python3 on PATH)." >&2; exit 1; fi

$(VENV)/.run-installed: pyproject.toml | check-python
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.test-installed: pyproject.toml | check-python
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@ $(VENV)/.run-installed

migrate: $(VENV)/.run-installed
	@mkdir -p var
	$(DEV) $(PY) manage.py migrate --noinput

demo: migrate
	$(DEV) $(PY) manage.py seed_demo

run: demo
	@echo ""
	@echo "Plenary is served on http://$(HOST):$(PORT)/ (HTTP and WebSocket, one daphne process). Stop with Ctrl-C."
	@echo ""
	$(DEV) HOST=$(HOST) PORT=$(PORT) $(PY) -m plenary.server -b $(HOST) -p $(PORT) config.asgi:application

lint: $(VENV)/.test-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.test-installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# The calendar clients the feed tests read with (ical.js), from the npm registry at the
# versions of tests/js/package-lock.json.
JS_DIR := tests/js
JS_INSTALLED := $(JS_DIR)/node_modules/.installed

$(JS_INSTALLED): $(JS_DIR)/package.json $(JS_DIR)/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --prefix $(JS_DIR) --no-audit --no-fund --ignore-scripts --loglevel=error && touch $@; \
	else \
		echo "npm not found: the ical.js feed tests skip (and fail with REQUIRE_SERVICES=1)."; \
	fi

# First pass: the embedded default (SQLite, in-memory channel layer).
# Second pass, when TEST_DATABASE_URL / TEST_REDIS_URL are set or REQUIRE_SERVICES=1:
# the whole suite again on PostgreSQL and Redis.
# Each pass runs in parallel test processes (pytest-xdist, one test module per process at
# a time): the embedded pass works the CPU, the second one mostly waits on servers and
# the browser, so it runs more processes than there are cores.
EMBEDDED_WORKERS ?= 2
SERVICES_WORKERS ?= 4
test: lint $(JS_INSTALLED)
	env -u DATABASE_URL -u REDIS_URL PLENARY_TEST_PASS=embedded $(PY) -m pytest \
		-n $(EMBEDDED_WORKERS) --dist loadfile $(PYTEST_ARGS)
	@if [ -n "$$TEST_DATABASE_URL$$TEST_REDIS_URL" ] || [ "$$REQUIRE_SERVICES" = "1" ]; then \
		echo "--- second pass: PostgreSQL ($$TEST_DATABASE_URL) and Redis ($$TEST_REDIS_URL)"; \
		PLENARY_TEST_PASS=services DATABASE_URL="$$TEST_DATABASE_URL" REDIS_URL="$$TEST_REDIS_URL" \
			$(PY) -m pytest -n $(SERVICES_WORKERS) --dist loadfile $(PYTEST_ARGS); \
	fi

bench: $(VENV)/.test-installed
	$(PY) bench/run.py

MESSAGES_IGNORE := --ignore '.venv/*' --ignore 'var/*' --ignore 'tests/*' --ignore 'bench/*' --ignore 'harness/*' \
	--ignore 'docs/*' --ignore 'staticfiles/*' --ignore 'test-artifacts/*'

messages: $(VENV)/.test-installed
	$(DEV) $(PY) manage.py makemessages -l fr -l es $(MESSAGES_IGNORE)
	$(DEV) $(PY) manage.py makemessages -d djangojs -l fr -l es $(MESSAGES_IGNORE)
	$(DEV) $(PY) manage.py compilemessages --ignore '.venv/*'

# Screenshots of the live room from the demo data, for the README (docs/screenshots/).
screenshots: $(VENV)/.test-installed
	$(PY) docs/screenshots/take.py

clean:
	rm -rf $(VENV) var/test*.sqlite3 .pytest_cache .ruff_cache $(JS_DIR)/node_modules
