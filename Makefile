# The two commands: `make lab` (set up and open the course) and `make test`.
# While changing the library: `make test-fast` (lint and library tests, well under a minute).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Re-install when the pins or the package metadata change.
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: lab lab-zh test test-fast test-seeds lint setup execute po zh bench slides present present-zh site clean

# Jupyter refuses to start as root unless told; containers often run as root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=notebooks $(ALLOW_ROOT) notebooks/00_start_here.ipynb

# The Chinese edition (notebooks/zh/), with JupyterLab's own menus in Simplified Chinese.
lab-zh: $(STAMP)
	mkdir -p build/lab-zh-settings/@jupyterlab/translation-extension
	echo '{"locale": "zh_CN"}' > build/lab-zh-settings/@jupyterlab/translation-extension/plugin.jupyterlab-settings
	JUPYTERLAB_SETTINGS_DIR=build/lab-zh-settings $(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 \
		--ServerApp.root_dir=notebooks $(ALLOW_ROOT) notebooks/zh/00_start_here.ipynb

# Browser tests need Debian's Chromium (apt-get install chromium); without it they
# are skipped with a note, unless DROPOUT_REQUIRE_BROWSER=1 (CI) makes that a failure.
test: lint
	@test -x "$${DROPOUT_CHROMIUM:-/usr/bin/chromium}" || echo "NOTE: Chromium not found: the browser tests (tests/browser) will be skipped. Install it with: apt-get install chromium"
	@# The slides' JavaScript, from the npm registry into build/vendor (once): the tests then need no network.
	@$(BIN)/python -m tools.slides fetch || echo "NOTE: without these, the browser tests of the slides will be skipped."
	$(BIN)/python -m pytest
	@echo "Stored notebook outputs again on torch's portable scalar kernels (what a CPU without AVX runs):"
	ATEN_CPU_CAPABILITY=default $(BIN)/python -m pytest notebooks -q -p no:cacheprovider

# The quick loop: no notebook runs (nbval, other seeds, slides), no servers, no browser.
test-fast: lint
	$(BIN)/python -m pytest tests -m "not slow and not browser"

# Slow, outside `make test`: every lesson over 20 seeds the other tests never use; prints,
# for every cell that asserts something, how many seeds pass (all must).
test-seeds: $(STAMP)
	OMP_NUM_THREADS=1 $(BIN)/python -m tools.seed_sweep notebooks/*.ipynb --seeds 20

lint: $(STAMP)
	$(BIN)/ruff check .

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
	$(BIN)/python -m tools.notebook_runner notebooks/*.ipynb

# Translations (see CONTRIBUTING.md): `make po` brings the catalogues in
# locales/zh_CN/LC_MESSAGES/ up to date with the English notebooks (changed cells become
# fuzzy); `make zh` regenerates notebooks/zh/ from them (after `make execute`, to copy fresh outputs).
po: $(STAMP)
	$(BIN)/python -m tools.i18n update

zh: $(STAMP)
	$(BIN)/python -m tools.i18n build

# Static reveal.js decks of every notebook, both editions (build/slides/ and build/slides/zh/; figures and
# widget state embedded: precomputed-frame sliders work with no kernel), for sharing after class. They need
# no internet: reveal.js, MathJax, require.js, jQuery and the widget renderer are copied into
# build/slides/vendor from the npm registry (pinned in tools/slides.py; fetched once into build/vendor, which needs npm).
slides: $(STAMP)
	$(BIN)/python -m tools.slides build --out build/slides notebooks/*.ipynb notebooks/zh/*.ipynb

# Live slides with working sliders (Voila's reveal template) on localhost: make present LESSON=02
# (the Chinese edition: make present-zh LESSON=02).
# Served with local assets only (template tools/templates/voila/templates/offline-reveal; its
# reveal.js, jQuery and Font Awesome are copied into build/present by tools/slides.py).
PRESENT_PORT ?= 8866
PRESENT_BROWSER ?=
define present_lesson  # $(1): the edition's folder of notebooks
	@test -n "$(LESSON)" || { echo "usage: make present LESSON=NN (e.g. LESSON=02), or make present-zh LESSON=NN"; exit 2; }
	@test -n "$(wildcard $(1)/$(LESSON)_*.ipynb)" || { echo "no lesson $(1)/$(LESSON)_*.ipynb"; exit 2; }
	$(BIN)/python -m tools.slides present $(wildcard $(1)/$(LESSON)_*.ipynb) -- \
		--Voila.ip=127.0.0.1 --port=$(PRESENT_PORT) $(PRESENT_BROWSER)
endef
present: $(STAMP)
	$(call present_lesson,notebooks)

present-zh: $(STAMP)
	$(call present_lesson,notebooks/zh)

# The zero-install web edition: build/site/ (en/, zh/, a language switch on every page), the lessons as
# executed, precomputed-frames sliders working with no kernel, no internet needed to view it (open
# build/site/index.html, or serve the folder). Links to each notebook name SITE_REPO (default: the GitHub
# URL of the git remote) on SITE_BRANCH. Its scripts come from the npm tarballs the slides use (build/vendor).
SITE_REPO ?=
SITE_BRANCH ?= main
site: $(STAMP)
	$(BIN)/python -m tools.site --out build/site --repository "$(SITE_REPO)" --branch "$(SITE_BRANCH)"

# Benchmarks for the budgets in the issues; writes BENCHMARKS.md (slow: several minutes).
bench: $(STAMP)
	@$(BIN)/python -m tools.slides fetch || echo "NOTE: without the slides' npm assets the deck sizes are not measured."
	$(BIN)/python -m tools.bench

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .ruff_cache build test-artifacts *.egg-info
