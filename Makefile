# The archive's commands. `make run` and `make test` work from a fresh clone.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PYTHON ?= $(shell command -v python3.12 || command -v python3)
export DJANGO_DEBUG ?= 1

.PHONY: run test bench admin lint format migrate demo chromium clean serve loadtest wrk postgres messages

$(VENV)/.installed: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

# The Persian catalogues of the admin (core/locale/fa), compiled with polib (pinned in
# requirements.txt): pure Python, so no machine needs GNU gettext's msgfmt.
MESSAGES := $(patsubst %.po,%.mo,$(wildcard core/locale/*/LC_MESSAGES/*.po))
messages: $(MESSAGES)
core/locale/%.mo: core/locale/%.po $(VENV)/.installed
	$(PY) -c "import sys, polib; polib.pofile(sys.argv[1]).save_as_mofile(sys.argv[2])" $< $@

migrate: $(VENV)/.installed messages
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

test: $(VENV)/.installed-dev messages chromium node_modules/.installed
	@mkdir -p var
	$(PY) -m pytest $(PYTEST_ARGS)

# The benchmarks app (benchmarks/) holds `bench` and `loadtest`; DJANGO_BENCHMARKS=1 installs it.
bench: $(VENV)/.installed-dev
	@mkdir -p var
	DJANGO_BENCHMARKS=1 $(PY) manage.py bench $(BENCH_ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) var/staticfiles $(MESSAGES)

# Production serving: gunicorn + whitenoise with DJANGO_DEBUG=0, on the database of
# DATABASE_URL (PostgreSQL in production). See docs/deploy.md for the whole set-up.
serve: $(VENV)/.installed messages
	@test -n "$$DJANGO_SECRET_KEY" || { echo "make serve runs the production settings: set DJANGO_SECRET_KEY and DATABASE_URL (docs/deploy.md)."; exit 1; }
	@mkdir -p var
	DJANGO_DEBUG=0 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=0 $(PY) manage.py collectstatic --noinput -v0
	DJANGO_DEBUG=0 $(VENV)/bin/gunicorn --config deploy/gunicorn.conf.py core.wsgi

# PostgreSQL on this machine, started if it is down (as .ci/run does).
postgres:
	@pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null || { \
	  pg_ctlcluster --skip-systemctl-redirect "$$(ls /etc/postgresql | head -1)" main start; \
	  for _ in $$(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done; }

# Debian's wrk drives the load test; installed here so a new machine needs nothing by hand.
wrk:
	@command -v wrk >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else echo "wrk is missing: install Debian's 'wrk' package for the load test."; exit 1; fi; }

# gunicorn (2 workers) on 127.0.0.1 against PostgreSQL with 100,000 generated articles,
# wrk for 60 s with 16 connections; figures into docs/benchmarks.md. Stops by itself.
loadtest: $(VENV)/.installed-dev wrk postgres
	@mkdir -p var
	DJANGO_BENCHMARKS=1 $(PY) manage.py loadtest $(LOADTEST_ARGS)
