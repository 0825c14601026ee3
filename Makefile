# Two commands for a new user: `make demo` and `make test`. Both bootstrap everything.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.ethos-installed

.PHONY: demo test bootstrap system-deps lint golden clean

demo: bootstrap
	$(BIN)/ethos build values/*.yaml --out output

test: bootstrap
	$(BIN)/python -m pytest

bootstrap: system-deps $(STAMP)

system-deps:
	@bash scripts/system-deps.sh

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

lint: bootstrap
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy

# Rewrites the golden Markdown/HTML files after an intended change; review them in `git diff`.
golden: bootstrap
	ETHOS_UPDATE_GOLDEN=1 $(BIN)/python -m pytest tests/test_golden.py

clean:
	rm -rf output/*/ dist build
