# Onroll — the two commands are `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
EXTRAS ?= dev
comma := ,
STAMP := $(VENV)/.installed-$(subst $(comma),-,$(EXTRAS))
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run serve test test-postgres check format bench docs vendor postgres postgres-stop clean help

help:
	@echo "make run       set up (venv, install, migrate, demo data) and serve on $(HOST):$(PORT)"
	@echo "make test      install and run the whole test suite"
	@echo "make check     formatting, lint, types, migrations"
	@echo "make bench     benchmarks into docs/performance.md"
	@echo "make postgres  start a local PostgreSQL for development (needs Debian's postgresql)"
	@echo "make postgres-stop  stop it"
	@echo "make docs      regenerate docs/rules.md from the rules engine"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[$(EXTRAS)]"
	@touch $@

install: $(STAMP)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	@echo
	@echo "Onroll is running at http://$(HOST):$(PORT)/ — sign in with a demo login above."
	@echo "Press Ctrl+C to stop."
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

serve: install
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The whole suite; onroll.rules must keep 100% branch coverage (issue 3).
test: install
	$(BIN)/python -m pytest --cov=onroll.rules --cov-branch --cov-report=term:skip-covered \
		--cov-fail-under=100

# The database tests again, against PostgreSQL (ONROLL_DATABASE_URL must point at it; the
# pure-engine tests do not touch a database and are not repeated).
test-postgres: install
	@test -n "$$ONROLL_DATABASE_URL" || { echo "Set ONROLL_DATABASE_URL=postgres://..."; exit 2; }
	$(BIN)/python -m pytest -m "not browser" -p no:randomly \
		--ignore=tests/rules --ignore=tests/analytics --ignore=tests/linkage

check: install
	$(BIN)/ruff format --check src tests bench
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m onroll.rules.catalogue | diff -q - docs/rules.md >/dev/null || \
		{ echo "docs/rules.md is out of date: run make docs"; exit 1; }

format: install
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

bench: install
	$(BIN)/python -m bench.attendance
	$(BIN)/python -m bench.linkage

docs: install
	$(BIN)/python -m onroll.rules.catalogue > docs/rules.md

vendor:
	scripts/vendor-govuk-frontend.sh

postgres:
	scripts/dev-postgres.sh

postgres-stop:
	scripts/dev-postgres.sh stop

clean:
	rm -rf $(VENV) var db.sqlite3 .pytest_cache .mypy_cache .ruff_cache
