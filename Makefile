# The two commands: `make demo` and `make test`. Both create .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 5000
export ASSESSMENT_DATABASE_URL ?= sqlite:///$(CURDIR)/instance/assessment.sqlite

.PHONY: demo test lint bench install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	mkdir -p instance
	$(BIN)/assessment db upgrade
	$(BIN)/assessment demo --host $(HOST) --port $(PORT)
	ASSESSMENT_SECRET_KEY=$${ASSESSMENT_SECRET_KEY:-demo-only-development-key-not-for-production} \
	ASSESSMENT_BASE_URL=$${ASSESSMENT_BASE_URL:-http://$(HOST):$(PORT)} \
	ASSESSMENT_DEMO=true \
	$(BIN)/assessment run --host $(HOST) --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache .hypothesis
