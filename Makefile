# The two commands: `make demo` and `make test`. Both create .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
#: serving needs only the application's own dependencies; the tests need the test extras too
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
HOST ?= 127.0.0.1
PORT ?= 5000
export ASSESSMENT_DATABASE_URL ?= sqlite:///$(CURDIR)/instance/assessment.sqlite

.PHONY: demo test lint bench install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	@echo "Installing the application into $(VENV)..."
	$(BIN)/python -m pip install --quiet -e .
	touch $(STAMP)

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	@echo "Installing the application and its test tools into $(VENV)..."
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP) $(TEST_STAMP)

install: $(TEST_STAMP)

demo: $(STAMP)
	mkdir -p instance
	$(BIN)/assessment translations compile
	$(BIN)/assessment db upgrade
	$(BIN)/assessment members sync
	$(BIN)/assessment demo --host $(HOST) --port $(PORT)
	ASSESSMENT_SECRET_KEY=$${ASSESSMENT_SECRET_KEY:-demo-only-development-key-not-for-production} \
	ASSESSMENT_BASE_URL=$${ASSESSMENT_BASE_URL:-http://$(HOST):$(PORT)} \
	ASSESSMENT_DEMO=true \
	$(BIN)/assessment run --host $(HOST) --port $(PORT)

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

#: the suite starts many Python processes (its workers, served apps, command-line runs): each keeps the bytecode
#: it compiles (and pytest its rewritten test modules) in __pycache__ for the next, even where the environment
#: says not to write it (PYTHONDONTWRITEBYTECODE)
test bench: export PYTHONDONTWRITEBYTECODE :=

#: pytest-xdist workers for `make test`: one per core (`make test TEST_WORKERS=0` runs in this one process)
TEST_WORKERS ?= auto

#: the whole suite; a plain `pytest` leaves out the benchmarks' quick forms (marker bench), this runs each once.
#: Each worker has its own database; a module with a served, browser, LibreOffice, benchmark or PostgreSQL test
#: stays on one worker (tests/conftest.py, share_out).
test: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/assessment translations compile
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup -m 'bench or not bench' $(PYTEST_ARGS)

bench: $(TEST_STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache .hypothesis
