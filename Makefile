# balkan-kg developer tasks. The demo runs each showcase query with its first
# '# example:' header line, so the parameters live with the query.
# Needs only Python 3.11 (or python3) and pip with PyPI.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: venv demo test lint format clean

# Bytecode is compiled here, as pip does for a regular install: an editable install
# leaves it to the first import, and with PYTHONDONTWRITEBYTECODE set every command
# would recompile the package (~15 ms of a ~50 ms `balkan-kg query`). Only stale
# files are recompiled, so this is quick when nothing changed.
venv: $(STAMP)
	@$(BIN)/python -m compileall -q src

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

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

test: venv
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check src tests

format: venv
	$(BIN)/ruff format src tests
	$(BIN)/ruff check --fix .

clean:
	rm -rf build dist .pytest_cache .ruff_cache src/*.egg-info
	find . -name __pycache__ -type d -not -path './$(VENV)/*' -prune -exec rm -rf {} +
