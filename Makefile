# The two commands a newcomer needs: `make demo` and `make test`. Everything else supports them.
PYTHON_VERSION := $(shell cat .python-version)
PYTHON ?= $(shell command -v python$(PYTHON_VERSION) || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
VENDOR := src/netweave/web/static/vendor
VENDOR_STAMP := $(VENDOR)/.installed
PO := src/netweave/locale/nl/LC_MESSAGES/django.po
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: demo test test-sqlite test-postgres lint typecheck check-migrations install clean benchmarks messages

demo: $(STAMP) $(VENDOR_STAMP)
	$(BIN)/netweave demo

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

# Front-end packages come from the npm registry, pinned in frontend/package-lock.json, and are
# served by netweave itself: no page ever asks a CDN.
$(VENDOR_STAMP): frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --silent
	mkdir -p $(VENDOR)
	cp frontend/node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/
	cp frontend/node_modules/@picocss/pico/css/pico.min.css $(VENDOR)/
	cp frontend/node_modules/sigma/dist/sigma.min.js $(VENDOR)/
	cp frontend/node_modules/graphology/dist/graphology.umd.min.js $(VENDOR)/
	touch $(VENDOR_STAMP)

install: $(STAMP) $(VENDOR_STAMP)

test: lint typecheck check-migrations test-sqlite test-postgres

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

check-migrations: $(STAMP)
	DJANGO_SETTINGS_MODULE=netweave.settings.test $(BIN)/django-admin makemigrations --check --dry-run

test-sqlite: $(STAMP) $(VENDOR_STAMP)
	$(BIN)/pytest -n 2 -q

# The pure libraries (insights, synth, matching) touch no database: their tests run once, in test-sqlite.
test-postgres: $(STAMP) $(VENDOR_STAMP)
	NETWEAVE_DATABASE_URL=$(POSTGRES_URL) $(BIN)/pytest -n 2 -q --ignore=tests/insights --ignore=tests/synth --ignore=tests/matching

# After changing user-facing strings: refresh the Dutch catalogue, translate, run again to compile.
# No source locations in the catalogue: they change with every edit and make merges conflict.
# No fuzzy guesses either: a new string stays empty until someone translates it.
messages: $(STAMP)
	cd src/netweave && DJANGO_SETTINGS_MODULE=netweave.settings.test ../../$(BIN)/django-admin makemessages -l nl --no-obsolete --no-wrap --no-location
	msgattrib --clear-fuzzy --empty --clear-previous --no-wrap -o $(PO) $(PO)
	cd src/netweave && ../../$(BIN)/django-admin compilemessages

benchmarks: $(STAMP)
	$(BIN)/pip install --quiet -e ".[dev,bench]"
	$(BIN)/python benchmarks/generate.py
	$(BIN)/python benchmarks/insights.py
	$(BIN)/python benchmarks/report.py
	$(BIN)/python benchmarks/load.py
	$(BIN)/python benchmarks/engines.py

clean:
	rm -rf $(VENV) build src/*.egg-info frontend/node_modules $(VENDOR)
