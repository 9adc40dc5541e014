# Two commands set up everything on a fresh machine: `make run` and `make test`.
# Both create (or reuse) the virtual environment in .venv first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run console test lint format messages synapse

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

# Synapse for the Matrix tests, in a virtual environment of its own; the tests call this target themselves.
SYNAPSE_VENV ?= .synapse-venv
SYNAPSE_STAMP := $(SYNAPSE_VENV)/.installed-stamp

$(SYNAPSE_STAMP): tests/matrix/synapse-requirements.txt
	@test -x $(SYNAPSE_VENV)/bin/python || $(PYTHON) -m venv $(SYNAPSE_VENV)
	@$(SYNAPSE_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r tests/matrix/synapse-requirements.txt
	@touch $(SYNAPSE_STAMP)

synapse: $(SYNAPSE_STAMP)

run: $(STAMP)
	@$(BIN)/kindling run

test: $(STAMP)
	@$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# After changing an English text (bot/i18n/en.py): rewrite the .pot and merge it into every .po.
messages: $(STAMP)
	$(BIN)/python -m bot.i18n.extract
