# Prima's task runner. `make run` and `make test` do all set-up on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP_PY := $(VENV)/.installed
STAMP_NODE := node_modules/.installed
MO_FILES := locale/id/LC_MESSAGES/django.mo locale/en/LC_MESSAGES/django.mo
BIND ?= 127.0.0.1:8000

.PHONY: run test test-fast test-browser lint typecheck check translations-check messages makemessages bench demo migrate clean

## One command to run Prima: SQLite, demo data, web + worker + periodic runner on http://127.0.0.1:8000
run: setup
	@$(PY) manage.py migrate --noinput
	@$(PY) manage.py load_demo --if-empty
	@$(PY) manage.py collectstatic --noinput -v 0
	@$(PY) manage.py demo_logins
	@$(PY) manage.py run_prima --bind $(BIND)

## One command to run the whole test suite, browser tests included
test: setup chromium
	PRIMA_TESTING=1 $(PY) -m pytest $(PYTEST_ARGS)

test-fast: setup
	PRIMA_TESTING=1 $(PY) -m pytest -m "not browser" $(PYTEST_ARGS)

test-browser: setup chromium
	PRIMA_TESTING=1 $(PY) -m pytest -m browser $(PYTEST_ARGS)

setup: $(STAMP_PY) $(STAMP_NODE) $(MO_FILES) var/secret_key

$(STAMP_PY): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Prima needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

$(STAMP_NODE): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po $(STAMP_PY)
	$(PY) scripts/translations.py compile $<

var/secret_key: | $(STAMP_PY)
	@mkdir -p var
	@$(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@
	@chmod 600 $@

chromium:
	@bash scripts/ensure_chromium.sh

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: setup
	PRIMA_TESTING=1 $(VENV)/bin/mypy prima config

translations-check: setup
	$(PY) scripts/translations.py check locale/id/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po

makemessages: setup
	PRIMA_TESTING=1 $(PY) manage.py makemessages -l id -l en --no-obsolete --no-location --ignore 'bench/*' --ignore 'var/*' --ignore '.venv/*' --ignore 'node_modules/*'

migrations-check: setup
	PRIMA_TESTING=1 $(PY) manage.py makemigrations --check --dry-run

check: lint typecheck migrations-check translations-check

demo: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo --if-empty

## Benchmarks: ratios against baselines measured in the same run
bench: setup
	$(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules var .pytest_cache .mypy_cache .ruff_cache
