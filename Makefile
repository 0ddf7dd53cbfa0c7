# The two quick-start commands live here so that the README, a workshop laptop and CI run the very same steps.
#   make shell  — set up, start the local sandbox Flink (JobManager, TaskManager, SQL Gateway), open cdcshell on it
#   make test   — set up, then run the whole test suite (unit + integration against a real sandbox with PostgreSQL,
#                 MariaDB and a Kafka broker; the broker is assembled from Maven Central on first use)

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
# `make shell` needs only cdcshell itself: no test extras, and no pip/setuptools chatter for a first-time user
# (the output is kept in $(VENV)/install.log and shown only when the install fails).
SHELL_STAMP := $(VENV)/.installed-shell-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
QUIET_PIP   := $(BIN)/python -m pip install --quiet --disable-pip-version-check --no-warn-script-location

.PHONY: shell test unit lint bench sandbox-down clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

$(SHELL_STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@test -f $(STAMP) || { echo "Installing cdcshell into $(VENV) ..."; \
	  $(QUIET_PIP) -e . > $(VENV)/install.log 2>&1 || { cat $(VENV)/install.log; exit 1; }; }
	@touch $(SHELL_STAMP)

shell: $(SHELL_STAMP)
	@$(BIN)/cdcshell --sandbox

# A skipped test fails `make test` unless tests/allowed_skips.py names it (tests/skip_policy.py), and every test
# has a time limit; so the tools the tests need are installed first instead of being skipped over.
test: $(STAMP)
	bash scripts/install-postgres.sh
	bash scripts/install-mysql.sh
	bash scripts/install-java.sh
	$(BIN)/python -m ruff check cdcshell tests bench
	$(BIN)/lint-imports && $(BIN)/python -m mypy  # the layer contracts and the types (pyproject.toml)
	$(BIN)/python -m pytest tests

# No Java, no sandbox: the catalog drift test and every live test are in tests/integration.
unit: $(STAMP)
	$(BIN)/python -m pytest tests/unit

lint: $(STAMP)
	$(BIN)/python -m ruff check cdcshell tests bench

bench: $(STAMP)
	$(BIN)/python bench/run.py --strict

sandbox-down: $(STAMP)
	$(BIN)/cdcshell sandbox down

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
