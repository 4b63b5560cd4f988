# fixtext: `make run` sets everything up and repairs an example; `make test` runs the suite.
# Setup is idempotent: the venv and packages are reinstalled only when pyproject.toml
# changes (pip's cache is reused), LanguageTool's jars come from Maven's cache.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.fixtext-installed
EXAMPLE ?= examples/port-strike.txt

.PHONY: setup run test lint clean-languagetool

setup: $(STAMP)
	$(BIN)/fixtext languagetool install

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: setup
	$(BIN)/fixtext fix $(EXAMPLE) --diff || test $$? -eq 1

test: setup
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check fixtext tests scripts benchmarks
	$(BIN)/ruff format --check fixtext tests scripts benchmarks

clean-languagetool:
	-$(BIN)/fixtext languagetool stop
