# claimkit: the one entry point for set-up, tests, docs and the worked example.
# Every target creates the virtualenv and installs what it needs when missing,
# and does nothing twice: the stamps below record what is installed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HYPOTHESIS_PROFILE ?= default

.PHONY: help demo test test-long test-floor lint typecheck pytest docs docs-doctest linkcheck bench fuzz clean

help:
	@echo "make demo       install and run the worked example (the NATO casualty figures)"
	@echo "make test       install test and docs extras; ruff, mypy --strict, pytest, Sphinx -W"
	@echo "make test-long  the property tests under the ci-long hypothesis profile"
	@echo "make test-floor the unit tests against the oldest dependency versions pyproject allows"
	@echo "make docs       build the HTML documentation (warnings are errors)"
	@echo "make linkcheck  check the documentation's own links (no network)"
	@echo "make bench      run the benchmarks (figures go to benchmarks/README.md by hand)"
	@echo "make fuzz       run the fuzz targets for a fixed number of inputs"
	@echo "make clean      remove the virtualenv and build products"

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.stamp-base: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.stamp-dev: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[test,docs,plot]"
	touch $@ $(VENV)/.stamp-base

demo: $(VENV)/.stamp-base
	$(PY) examples/nato_2024.py
	$(BIN)/claimkit check examples/nato_2024.toml

lint: $(VENV)/.stamp-dev
	$(BIN)/ruff check .

typecheck: $(VENV)/.stamp-dev
	$(BIN)/mypy src

pytest: $(VENV)/.stamp-dev
	$(BIN)/pytest -q --hypothesis-profile=$(HYPOTHESIS_PROFILE)

docs: $(VENV)/.stamp-dev
	$(BIN)/sphinx-build -W --keep-going -n -q -b html docs docs/_build/html

docs-doctest: $(VENV)/.stamp-dev
	$(BIN)/sphinx-build -W --keep-going -n -q -b doctest docs docs/_build/doctest

# The link check covers the documentation's own links (pages, anchors, downloads);
# links to other sites are left out, since the build must not need the network.
linkcheck: $(VENV)/.stamp-dev
	$(BIN)/sphinx-build -W --keep-going -q -b linkcheck -D "linkcheck_ignore=https?://.*" docs docs/_build/linkcheck

test: lint typecheck pytest docs docs-doctest linkcheck

test-long: $(VENV)/.stamp-dev
	$(BIN)/pytest -q tests/properties --hypothesis-profile=ci-long

bench: $(VENV)/.stamp-dev
	$(PY) benchmarks/bench_range.py
	$(PY) benchmarks/bench_import.py
	$(PY) benchmarks/bench_check.py
	$(PY) benchmarks/bench_reconcile.py

# The oldest versions of the dependencies that pyproject.toml allows, in a virtualenv of
# their own (ci/floor-constraints.txt lists them): a floor is a tested promise. Warnings
# of the old releases about their newer dependencies are not claimkit's, so the unit
# tests run with deprecation warnings shown rather than raised.
FLOOR_VENV := .venv-floor

$(FLOOR_VENV)/.stamp-floor: pyproject.toml ci/floor-constraints.txt
	$(PYTHON) -m venv $(FLOOR_VENV)
	$(FLOOR_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(FLOOR_VENV)/bin/python -m pip install --quiet --constraint ci/floor-constraints.txt -e ".[test,plot]"
	touch $@

test-floor: $(FLOOR_VENV)/.stamp-floor
	$(FLOOR_VENV)/bin/python -m pip list --format=freeze | grep -iE '^(attrs|numpy|pint|highspy|scipy|matplotlib)=='
	$(FLOOR_VENV)/bin/pytest -q -p no:cacheprovider -W "default::DeprecationWarning" tests/unit

# Each fuzz target starts from its seed corpus in fuzz/corpus/<target>/ and keeps the
# inputs it finds, and any failing input, under build/fuzz/<target>/.
FUZZ_RUNS ?= 20000
FUZZ_TARGETS := parse_quantity load

$(VENV)/.stamp-fuzz: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[fuzz]"
	touch $@

fuzz: $(VENV)/.stamp-fuzz
	@for target in $(FUZZ_TARGETS); do \
		mkdir -p build/fuzz/$$target/found; \
		echo "fuzz_$$target: $(FUZZ_RUNS) inputs"; \
		$(PY) fuzz/fuzz_$$target.py -runs=$(FUZZ_RUNS) -print_final_stats=1 \
			-artifact_prefix=build/fuzz/$$target/ \
			build/fuzz/$$target/found fuzz/corpus/$$target || exit 1; \
	done

clean:
	rm -rf $(VENV) $(FLOOR_VENV) docs/_build build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis
