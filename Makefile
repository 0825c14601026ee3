# Two commands for a new user: `make demo` and `make test`. Both bootstrap everything.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.ethos-installed
LOCK := requirements.lock
BROWSER := tests/browser
BROWSER_STAMP := $(BROWSER)/node_modules/.ethos-installed

.PHONY: demo test bootstrap system-deps lint golden messages fuzz bench clean lock

demo: bootstrap
	$(BIN)/ethos build values/*.yaml --out output --format md,html,pdf,docx

test: bootstrap $(BROWSER_STAMP)
	$(BIN)/python -m pytest

# The tests also check every page's HTML with the Nu HTML Checker and axe-core, so `make
# test` (only it: `make demo` stays light) also installs Chromium, Java and Node.
test: SYSTEM_DEPS_FLAGS := --test

bootstrap: system-deps $(STAMP)

system-deps:
	@bash scripts/system-deps.sh $(SYSTEM_DEPS_FLAGS)

# The pinned checkers of tests/browser/. No install scripts: vnu-jar's downloads a Java
# runtime when it finds none, and nothing here may download a browser either.
$(BROWSER_STAMP): $(BROWSER)/package.json $(BROWSER)/package-lock.json | system-deps
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix $(BROWSER) --ignore-scripts \
		--no-audit --no-fund --loglevel=error
	touch $@

# Every Python dependency, dev tools included, comes from requirements.lock: exact versions
# with their hashes, so a new release of anything changes nothing until `make lock`. Only
# pip is needed (the venv's own); ethos itself is then installed without its dependencies,
# built by the locked hatchling. A change to the lock or to pyproject.toml reinstalls.
$(STAMP): $(LOCK) pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# Re-resolves requirements.lock from pyproject.toml (dependencies and the dev extra), for
# every platform and Python ethos supports, keeping the pins that still satisfy it;
# `make lock LOCK_FLAGS=--upgrade` moves every pin to the newest release. Review git diff.
lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal --generate-hashes \
		--custom-compile-command "make lock" --quiet $(LOCK_FLAGS) --output-file $(LOCK)

lint: bootstrap
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy

# Rewrites the golden Markdown/HTML files after an intended change; review them in `git diff`.
golden: bootstrap
	ETHOS_UPDATE_GOLDEN=1 $(BIN)/python -m pytest tests/test_golden.py

clean:
	rm -rf output/*/ dist build

# Re-extracts the template strings into templates/locale/ethos.pot and merges them into
# every language's .po file (changed strings are marked fuzzy: `ethos check --lang` lists them).
messages: bootstrap
	$(BIN)/pybabel extract -F babel.cfg --no-location --sort-output --omit-header \
		--no-wrap -o templates/locale/ethos.pot .
	for lang in it tl ur zh; do \
		if [ -f templates/locale/$$lang/LC_MESSAGES/ethos.po ]; then \
			$(BIN)/pybabel update --no-wrap --ignore-obsolete -D ethos -l $$lang \
				-i templates/locale/ethos.pot -d templates/locale; \
		else \
			$(BIN)/pybabel init --no-wrap -D ethos -l $$lang -i templates/locale/ethos.pot \
				-d templates/locale; \
		fi; \
	done

# Runs the property tests at scale (ETHOS_FUZZ_EXAMPLES inputs each, default 20000) and
# prints how many inputs each one ran.
fuzz: bootstrap
	$(BIN)/python -m pytest tests/test_properties.py tests/hostile/test_template_dirs.py \
		tests/hostile/test_extends_paths.py::test_any_extends_path_gives_a_message_never_a_traceback \
		--hypothesis-profile=fuzz \
		--hypothesis-show-statistics -q -p no:randomly

# Benchmarks side by side (one company's languages in parallel vs in sequence, ethos vs
# pandoc per file, startup, memory, vs bare WeasyPrint, per page), each the median of three
# runs with the range, then the peer benchmark (compare --peers over 200 generated files);
# writes bench/RESULTS.md. Installs Debian pandoc for the comparison. Where the time goes:
# `$(BIN)/python bench/profiles.py batch` (cProfile in every process of a build).
bench: bootstrap
	@bash scripts/system-deps.sh pandoc
	$(BIN)/python bench/bench.py
	$(BIN)/python bench/peers.py
