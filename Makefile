# The two commands of the README. Both build the virtual environment from nothing.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STORE  ?= data/store
HOST   ?= 127.0.0.1
PORT   ?= 5000

SOURCES = kg web tests $(wildcard bench)

KB_TABLES ?= ../shared/data/kb

.PHONY: run test venv lint clean kb

$(BIN)/kg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/kg

venv: $(BIN)/kg

run: venv
	$(BIN)/kg ingest seeds/ --store $(STORE)
	$(BIN)/kg serve --store $(STORE) --host $(HOST) --port $(PORT)

lint: venv
	$(BIN)/ruff check $(SOURCES)
	$(BIN)/ruff format --check $(SOURCES)
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -q

# The starter knowledge base shipped in kg/link/data, rebuilt from the shared tables.
kb: venv
	$(BIN)/kg kb build $(KB_TABLES) --out kg/link/data/starter-kb.sqlite

clean:
	rm -rf $(VENV) data/store .pytest_cache .mypy_cache .ruff_cache
