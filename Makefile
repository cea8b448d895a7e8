# Rectify — see README.md. Everything runs from a fresh clone; nothing needs Node.js.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
HOST ?= 127.0.0.1
PORT ?= 8000
export UV_PYTHON_DOWNLOADS := never
# The browser tests' screenshots (journey-NN-*.png, public-*.png): one stable, gitignored folder
# of the checkout, emptied of the last run's pictures when `make test` starts; CI keeps it.
RECTIFY_ARTIFACTS ?= $(CURDIR)/var/artifacts
export RECTIFY_ARTIFACTS

.PHONY: install assets bundle demo serve test test-sqlite test-postgres artifacts lint typecheck format security bench messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check "uv==0.13.8"

# Dependencies from the pinned lock file (uv.lock), the package itself in editable mode, the
# assets and the compiled translations. The stamp makes `make test` and `make demo` skip all of
# it until the lock, pyproject.toml, assets.lock.json or a translation catalogue changes.
PO_FILES := $(wildcard src/rectify/locale/*/LC_MESSAGES/*.po src/rectify/*/locale/*/LC_MESSAGES/*.po)
INSTALL_STAMP := $(VENV)/.rectify-installed

install: $(INSTALL_STAMP)

$(INSTALL_STAMP): $(BIN)/python uv.lock pyproject.toml assets.lock.json $(PO_FILES)
	$(UV) sync --frozen --extra dev --python $(BIN)/python
	$(BIN)/python scripts/fetch_assets.py
	$(BIN)/python scripts/compile_messages.py
	touch $@

assets: $(BIN)/python
	$(BIN)/python scripts/fetch_assets.py

# The offline bundle for machines with no network (docs/deployment.md):
# dist/rectify-<version>-py3.11-linux-<arch>.tar.gz; the dependency wheels are cached per uv.lock.
bundle: install
	$(BIN)/python scripts/build_bundle.py

# Fresh clone → migrated SQLite demo with the seed notice loaded → server on 127.0.0.1:8000.
demo: install
	DEBUG=true $(BIN)/rectify demo --addrport $(HOST):$(PORT)

serve: install
	DEBUG=true $(BIN)/rectify runserver $(HOST):$(PORT)

# Lint, types, migrations, then both databases. PostgreSQL (PG_URL) must answer: its database
# is created when missing, and a server that is down fails the run unless SKIP_PG=1 (never in CI).
test: install
	@mkdir -p "$(RECTIFY_ARTIFACTS)" && find "$(RECTIFY_ARTIFACTS)" -maxdepth 1 -name '*.png' -delete
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(MAKE) --no-print-directory typecheck
	$(BIN)/bandit -q -c pyproject.toml -r src -ll
	RECTIFY_TESTING=true DATABASE_URL=sqlite:///:memory: $(BIN)/rectify makemigrations --check --dry-run
	@if [ -n "$(SKIP_PG)" ] && [ -n "$$CI" ]; then \
		echo "FAIL: SKIP_PG is set, but CI must run the PostgreSQL suite"; exit 1; \
	elif [ -z "$(SKIP_PG)" ] && ! $(BIN)/python scripts/pg_ready.py "$(PG_URL)"; then \
		echo "FAIL: PostgreSQL at $(PG_URL) is not usable (see above): start it, or make test SKIP_PG=1"; \
		exit 1; \
	fi
	$(MAKE) --no-print-directory test-sqlite
	@if [ -n "$(SKIP_PG)" ]; then \
		echo "SKIPPED: PostgreSQL (SKIP_PG=$(SKIP_PG)); only SQLite was tested"; \
	else \
		$(MAKE) --no-print-directory test-postgres; \
	fi
	@$(MAKE) --no-print-directory artifacts

# Where the browser tests' screenshots are (also printed when a suite fails).
artifacts:
	@echo "== screenshots of the browser tests: $(RECTIFY_ARTIFACTS) ($$(ls "$(RECTIFY_ARTIFACTS)"/*.png 2>/dev/null | wc -l) PNG files)"

test-sqlite:
	@echo "== test suite on SQLite"
	RECTIFY_TESTING=true DATABASE_URL=sqlite:///:memory: $(BIN)/pytest -n 2 -q $(PYTEST_ARGS) \
		|| { $(MAKE) --no-print-directory artifacts; exit 1; }

test-postgres:
	@echo "== test suite on PostgreSQL ($(PG_URL))"
	RECTIFY_TESTING=true DATABASE_URL=$(PG_URL) $(BIN)/pytest -n 2 -q $(PYTEST_ARGS) \
		|| { $(MAKE) --no-print-directory artifacts; exit 1; }

lint:
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

# mypy over the packages annotated so far (pyproject.toml [tool.mypy]); add packages here as
# they get their annotations.
# Fully typed: lib, parsing; with django-stubs: core and every app's services, selectors,
# policy and workflow (the seams other code calls).
TYPECHECK ?= src/rectify/parsing src/rectify/lib src/rectify/core $(wildcard src/rectify/*/services.py) \
	src/rectify/measures/services $(wildcard src/rectify/*/selectors.py) $(wildcard src/rectify/*/policy.py) src/rectify/jobs/queue.py \
	src/rectify/measures/workflow.py

typecheck:
	RECTIFY_TESTING=true $(BIN)/mypy $(TYPECHECK)

format:
	$(BIN)/ruff check --fix src tests benchmarks scripts
	$(BIN)/ruff format src tests benchmarks scripts

# Static analysis (bandit: no medium or high findings) and known vulnerabilities of the locked
# dependencies (pip-audit: needs PyPI's vulnerability service, which some networks block).
security: install
	$(BIN)/bandit -q -c pyproject.toml -r src -ll
	$(UV) export --frozen --no-emit-project --no-hashes --extra dev --format requirements-txt -o var/requirements-audit.txt
	$(BIN)/pip-audit --no-deps --disable-pip -r var/requirements-audit.txt --strict || \
		echo "pip-audit could not complete (vulnerability service unreachable?): see above"

# Every benchmark on the synthetic city of SCALE (ci: a tenth of the city, on SQLite and
# PostgreSQL; city: 120 000 measures, on PostgreSQL), as one JSON list of rows, the last line
# of standard output (progress on standard error). Benchmark databases are flushed and
# written by `rectify synth --seed 1` when they do not hold that city yet. Not part of `test`.
SCALE ?= ci
BENCH_PG ?= postgres://postgres@127.0.0.1:5432/rectify_bench_$(SCALE)
BENCH_DATABASES ?= $(if $(filter city,$(SCALE)),$(BENCH_PG),sqlite:///$(CURDIR)/var/bench-$(SCALE).sqlite3 $(BENCH_PG))
bench: install
	RECTIFY_TESTING=true RECTIFY_BENCH_SCALE=$(SCALE) RECTIFY_BENCH_DATABASES="$(BENCH_DATABASES)" \
		$(BIN)/python benchmarks/run_all.py

messages:
	cd src/rectify && ../../$(BIN)/rectify makemessages -l zh_Hans --no-obsolete --ignore=vendor/*
	$(BIN)/python scripts/compile_messages.py

clean:
	rm -rf $(VENV) var build dist src/rectify/static/vendor
