# The two commands: `make lab` (set up and open the course) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Re-install when the pins or the package metadata change.
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: lab test setup execute bench clean

# Jupyter refuses to start as root unless told; containers often run as root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=notebooks $(ALLOW_ROOT) notebooks/00_start_here.ipynb

# Browser tests need Debian's Chromium (apt-get install chromium); without it they
# are skipped with a note, unless DROPOUT_REQUIRE_BROWSER=1 (CI) makes that a failure.
test: $(STAMP)
	@test -x "$${DROPOUT_CHROMIUM:-/usr/bin/chromium}" || echo "NOTE: Chromium not found: the browser tests (tests/browser) will be skipped. Install it with: apt-get install chromium"
	$(BIN)/python -m pytest

setup: $(STAMP)

$(STAMP):
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 10), "Python 3.10 or newer is needed, found " + sys.version.split()[0]'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade --quiet pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -e .
	rm -f $(VENV)/.installed-*
	touch $@

# Re-run every notebook top to bottom in a fresh kernel and store the outputs
# (do this before committing a changed notebook).
execute: $(STAMP)
	$(BIN)/python -m tests.notebook_runner notebooks/*.ipynb

# Benchmarks for the budgets in the issues; writes BENCHMARKS.md (slow: several minutes).
bench: $(STAMP)
	$(BIN)/python -m tests.bench

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
