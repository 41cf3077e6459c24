# The two commands of the README. Both build the virtual environment from nothing.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STORE  ?= data/store
HOST   ?= 127.0.0.1
PORT   ?= 5000

SOURCES = kg web tests $(wildcard bench)

KB_TABLES ?= ../shared/data/kb kg/link/tables

.PHONY: run test venv lint clean kb assets browser

$(BIN)/kg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/kg

venv: $(BIN)/kg

# The workbench (YASGUI) and the network picture (Cytoscape) from npm, served by the app itself.
# Without npm the pages still work: the query page is then a plain form.
VENDOR = web/static/vendor
$(VENDOR)/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then \
	  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error && \
	  mkdir -p $(VENDOR) && \
	  cp node_modules/@zazuko/yasgui/build/yasgui.min.js node_modules/@zazuko/yasgui/build/yasgui.min.css \
	     node_modules/cytoscape/dist/cytoscape.min.js $(VENDOR)/ && \
	  cp node_modules/@zazuko/yasgui/package.json $(VENDOR)/yasgui.package.json && \
	  cp node_modules/cytoscape/LICENSE $(VENDOR)/cytoscape.LICENSE && \
	  touch $@; \
	else echo "npm not found: the query page falls back to a plain form" >&2; fi

assets: $(VENDOR)/.installed

# Headless Chromium for the browser tests, from Debian, when it is missing.
browser:
	@command -v chromium >/dev/null || { \
	  echo "installing Debian's chromium for the browser tests" >&2; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver >/dev/null; }

run: venv assets
	$(BIN)/kg ingest seeds/ --store $(STORE)
	$(BIN)/kg serve --store $(STORE) --host $(HOST) --port $(PORT)

lint: venv
	$(BIN)/ruff check $(SOURCES)
	$(BIN)/ruff format --check $(SOURCES)
	$(BIN)/mypy

test: lint assets browser
	KG_REQUIRE_BROWSER=1 $(BIN)/pytest -q

# The starter knowledge base shipped in kg/link/data, rebuilt from the shared tables.
kb: venv
	$(BIN)/kg kb build $(KB_TABLES) --out kg/link/data/starter-kb.sqlite

clean:
	rm -rf $(VENV) data/store node_modules $(VENDOR) .pytest_cache .mypy_cache .ruff_cache
