# Two commands for a fresh machine with Python 3.11: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= config.settings.dev

.PHONY: install install-production lock run serve test test-postgres lint messages clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Development and CI: the runtime lock and the tools' lock, both with hashes (docs/deployment.md).
$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements.txt -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# Production: the runtime lock only (no test runner, browser driver or linters on the server).
install-production: | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements.txt

# Recompile the locks after editing a requirements*.in file (pip-tools, from requirements-dev.txt).
LOCK := $(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links
lock: install
	$(LOCK) -o requirements.txt requirements.in
	$(LOCK) -o requirements-dev.txt requirements-dev.in
	$(LOCK) -o requirements-opensearch.txt requirements-opensearch.in

run: install
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py load_demo --if-empty
	# runserver, the background worker (index updates, emails) and the schedule, stopped together.
	PYTHON=$(BIN)/python PORT=$(PORT) sh scripts/run-dev.sh

test: install
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python -m pytest $(PYTEST_ARGS)

test-postgres: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/extranet} \
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python -m pytest $(PYTEST_ARGS)

# The benchmark (docs/benchmarks.md) on its own throwaway database: var/bench/ (SQLite) for the
# region scale; `BENCH_SCALE=country DATABASE_URL=postgres://postgres@127.0.0.1:5432/extranet_bench make bench`.
BENCH_SCALE ?= region
BENCH_VAR := $(CURDIR)/var/bench
bench: install
	rm -rf $(BENCH_VAR) && mkdir -p $(BENCH_VAR)/static
	if [ -n "$$DATABASE_URL" ]; then \
		$(BIN)/python -c "import os,psycopg; u=os.environ['DATABASE_URL']; b,n=u.rsplit('/',1); assert n.endswith('_bench'), 'DATABASE_URL must name a *_bench database: it is dropped'; c=psycopg.connect(b+'/postgres',autocommit=True); c.execute('DROP DATABASE IF EXISTS '+n); c.execute('CREATE DATABASE '+n)"; fi
	EXTRANET_VAR_DIR=$(BENCH_VAR) DJANGO_SETTINGS_MODULE=config.settings.dev DJANGO_DEBUG=0 sh -c \
		'$(BIN)/python manage.py migrate --noinput -v0 && $(BIN)/python manage.py bench --scale $(BENCH_SCALE) $(BENCH_ARGS)'

lint: install
	$(BIN)/ruff check .

messages: install
	# One project catalogue (locale/) that wins over the apps' own; the apps' locale/
	# folders are left out so makemessages does not rewrite them.
	$(BIN)/python manage.py makemessages -l fr -l en --no-obsolete --ignore=.venv --ignore=var --ignore=tests \
		--ignore=test-artifacts $(foreach d,$(shell find . -path ./.venv -prune -o -type d -name locale -print | grep -v '^\./locale$$'),--ignore=$(d:./%=%))
	$(BIN)/python manage.py compilemessages -v0 --ignore=.venv

clean:
	rm -rf $(VENV) var
