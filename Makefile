# balkan-kg developer tasks. Needs only Python 3.11 or newer and pip with PyPI.
# The demo runs each showcase query with its first '# example:' header line, so the
# parameters live with the query.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
SERVE_STAMP := $(VENV)/.installed-serve
HOST ?= 127.0.0.1
PORT ?= 8000

EDITOR_DIR := src/balkan_kg/server/static
EDITOR := $(EDITOR_DIR)/node_modules/@zazuko/yasgui/build/yasgui.min.js

.PHONY: venv editor demo serve test lint format clean python-version

python-version:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null || { \
	  echo "balkan-kg needs Python 3.11 or newer; '$(PYTHON)' is $$($(PYTHON) --version 2>&1)."; \
	  echo "Install Python 3.11 and run: make PYTHON=python3.11 ..."; exit 1; }

# The package with its fast SHACL validator, as a user installs it, and the query
# editor of 'balkan-kg serve' when npm is there.
venv: $(STAMP) editor
$(STAMP): pyproject.toml | python-version
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[fast]'
	@touch $(STAMP)

# The query editor of 'balkan-kg serve': YASGUI from the npm registry, at the versions of
# the committed lockfile. Without npm the server shows a plain query form instead.
editor: $(EDITOR)
$(EDITOR): $(EDITOR_DIR)/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  cd $(EDITOR_DIR) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error \
	  && touch node_modules/@zazuko/yasgui/build/yasgui.min.js; \
	else \
	  echo "npm is not installed: 'balkan-kg serve' will show a plain query form, not the editor"; \
	fi

# The same with the test, lint and DataFrame extras.
$(TEST_STAMP): pyproject.toml | python-version
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP) $(TEST_STAMP) $(SERVE_STAMP)

demo: venv
	$(BIN)/balkan-kg build
	@echo
	@echo "== Which states joined NATO, and when?"
	@$(BIN)/balkan-kg query members-since --example
	@echo
	@echo "== Which states of the region are not NATO members?"
	@$(BIN)/balkan-kg query non-members-in-region --example
	@echo
	@echo "== Who takes which stance towards whom?"
	@$(BIN)/balkan-kg query stances-towards --example

# The package with the web server and the query editor; then serve the graph (building
# it first if needed)
# at http://$(HOST):$(PORT)/ until Ctrl-C. 'make serve PORT=8080' picks another port.
$(SERVE_STAMP): pyproject.toml | python-version
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[fast,serve]'
	@touch $(STAMP) $(SERVE_STAMP)

serve: $(SERVE_STAMP) editor
	$(BIN)/balkan-kg serve --host $(HOST) --port $(PORT)

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint editor
	$(BIN)/python -m pytest -q

format: $(TEST_STAMP)
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix .

clean:
	rm -rf build dist .pytest_cache .ruff_cache .mypy_cache src/*.egg-info $(VENV) $(EDITOR_DIR)/node_modules
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
