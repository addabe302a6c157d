# labsite: `make run` serves the demo lab, `make test` runs the suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-postgres test-browser lint audit bench bench-http bench-instructions serve clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py loaddemo
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

# Two pytest-xdist workers (each with its own test database): 9 minutes instead of 14 on
# two cores. PYTEST_ARGS="-n 0" runs the suite in one process.
PYTEST_ARGS ?= -n 2

test: $(STAMP)
	$(BIN)/pytest $(PYTEST_ARGS)

test-postgres: $(STAMP)
	tests/with-postgres.sh $(BIN)/pytest $(PYTEST_ARGS)

# Production: static files with hashed names, migrations, each lab's next scheduled metadata
# refresh on the task queue (one per lab, never a duplicate), then gunicorn. Needs the
# production environment (SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, HTTPS=1 behind TLS; README,
# Deploying). WORKERS (default 2, or $$WEB_CONCURRENCY) and BIND are configurable.
WORKERS ?= $(or $(WEB_CONCURRENCY),2)
BIND ?= 127.0.0.1:8000
serve: $(STAMP)
	$(BIN)/python manage.py collectstatic --noinput
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py refresh_metadata --schedule --verbosity 0
	$(BIN)/python manage.py check --deploy
	exec $(BIN)/gunicorn config.wsgi --workers $(WORKERS) --bind $(BIND) \
	  --access-logfile - --timeout 30 --graceful-timeout 30 \
	  --max-requests 2000 --max-requests-jitter 200

# Benchmarks (README, Performance): synthetic labs in a throw-away SQLite file with production
# settings. $(call throwaway_bench,NAME,COMMAND) runs `manage.py COMMAND $(ARGS)` on a
# fresh var/NAME.sqlite3 and deletes it after.
bench_env = DATABASE_URL=sqlite:///$(CURDIR)/var/$(1).sqlite3 DEBUG=0 \
  SECRET_KEY=bench-only-not-a-secret ALLOWED_HOSTS=localhost LOG_LEVEL=WARNING
define throwaway_bench
	mkdir -p var && rm -f var/$(1).sqlite3
	$(call bench_env,$(1)) $(BIN)/python manage.py migrate --noinput --verbosity 0
	$(call bench_env,$(1)) $(BIN)/python manage.py $(2) $(ARGS)
	rm -f var/$(1).sqlite3
endef

# Pages, imports and edit → file. `make bench ARGS="--json var/bench.json"` (or
# BENCH_JSON=path) also writes JSON.
bench: $(STAMP)
	$(call throwaway_bench,bench,bench)

# HTTP benchmark of static publishing: nginx over the published files vs nginx over plain
# copies vs gunicorn page-cache hits, wrk on loopback, in ~3 minutes. Needs nginx and wrk.
bench-http: $(STAMP)
	$(call throwaway_bench,bench-http,bench_http)

# The bench pages counted in CPU instructions per cold request: figures that do not move
# with a shared machine's speed. Needs valgrind; ~2.5 minutes by default.
bench-instructions: $(STAMP)
	$(call throwaway_bench,bench-instructions,bench_instructions)

# ruff, and the layers of docs/architecture.md (import-linter contract in pyproject.toml).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

# Known vulnerabilities in the installed dependencies (needs PyPI's JSON API on the network).
audit: $(STAMP)
	$(BIN)/pip-audit --skip-editable --progress-spinner off

clean:
	rm -rf $(VENV) var/*.sqlite3 var/static
