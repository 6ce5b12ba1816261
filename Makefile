# Two commands on a fresh machine:  `make run`  and  `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin

.PHONY: run test lint bench bytecode clean

$(BIN)/newsbot: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@$(MAKE) --no-print-directory bytecode
	@touch $@

# The project's own modules compiled, as pip does for what it installs (an editable
# install compiles nothing): where PYTHONDONTWRITEBYTECODE is set, a one-shot
# `newsbot ask` would otherwise compile every module it imports, every time.
# Only changed sources are compiled again; __pycache__ is ignored by git.
bytecode:
	$(BIN)/python -m compileall -q bot digests

# Chat with the bot in this terminal (Discord/Slack when their tokens are set).
run: $(BIN)/newsbot
	$(BIN)/newsbot run

# Install what the tests need and run them (SQLite; PostgreSQL too when
# TEST_DATABASE_URL is set), then the linters, the layering contracts and the type checker.
test: $(BIN)/newsbot
	$(BIN)/python -m pytest -q
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy

bench: $(BIN)/newsbot bytecode
	for b in bench/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .mypy_cache .ruff_cache
	find bot digests -name __pycache__ -type d -prune -exec rm -rf {} +
