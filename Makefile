# The archive's commands. `make run` and `make test` work from a fresh clone.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PYTHON ?= $(shell command -v python3.12 || command -v python3)
export DJANGO_DEBUG ?= 1

.PHONY: run test bench admin lint format migrate demo chromium clean

$(VENV)/.installed: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

migrate: $(VENV)/.installed
	@mkdir -p var
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

run: demo
	@echo "The archive is at http://127.0.0.1:8000/  (admin: http://127.0.0.1:8000/admin/ — create a user with 'make admin')"
	$(PY) manage.py runserver 127.0.0.1:8000

admin: migrate
	$(PY) manage.py createsuperuser

# Debian's Chromium drives the browser tests; installed here so a new machine needs nothing by hand.
chromium:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Chromium is missing: install Debian's 'chromium' package for the browser tests."; fi; }

# axe-core, injected by the browser tests for the accessibility audit.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --silent && touch $@; \
	else echo "npm is missing: the accessibility audit of the browser tests needs it."; fi

test: $(VENV)/.installed-dev chromium node_modules/.installed
	@mkdir -p var
	$(PY) -m pytest $(PYTEST_ARGS)

bench: $(VENV)/.installed-dev
	@mkdir -p var
	$(PY) manage.py bench $(BENCH_ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) var/staticfiles
