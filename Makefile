# The two commands: `make lab` (set up and open the course) and `make test`.
# While changing the library: `make test-fast` (lint and library tests, well under a minute).
# setup, lab, lab-zh, test and test-fast are tools/course.py's steps (one source, also for
# Windows, which has no make: `py tools\course.py lab`). TORCH_INDEX_URL=... (optional) installs
# torch from that index: see tools/course.py and the README.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Re-install when the pins or the package metadata change (tools/course.py names it the same way).
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: lab lab-zh test test-fast test-seeds lint setup execute po zh bench slides present present-zh site clean

# JupyterLab on 127.0.0.1 with Jupyter's token, on lesson 00 (set up first when needed).
lab:
	$(PYTHON) tools/course.py lab

# The Chinese edition (notebooks/zh/), with JupyterLab's own menus in Simplified Chinese.
lab-zh:
	$(PYTHON) tools/course.py lab-zh

# Lint, every test, then the stored outputs again on torch's portable scalar kernels.
# Browser tests need Debian's Chromium (apt-get install chromium), the real Fashion-MNIST test
# Debian's dataset-fashion-mnist; without them those tests are skipped with a note, unless
# DROPOUT_REQUIRE_BROWSER=1 / DROPOUT_REQUIRE_DATA=1 (CI) make that a failure.
test:
	$(PYTHON) tools/course.py test

# The quick loop: lint and the library's tests; no notebook runs, no servers, no browser.
test-fast:
	$(PYTHON) tools/course.py test-fast

# Slow, outside `make test`: every lesson over 20 seeds the other tests never use; prints,
# for every cell that asserts something, how many seeds pass (all must).
test-seeds: $(STAMP)
	OMP_NUM_THREADS=1 $(BIN)/python -m tools.seed_sweep notebooks/*.ipynb --seeds 20

lint: $(STAMP)
	$(BIN)/ruff check .

setup:
	$(PYTHON) tools/course.py setup

$(STAMP):
	$(PYTHON) tools/course.py setup

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

# Benchmarks: every budget (in tools/bench.py) measured; writes BENCHMARKS.md (slow: several minutes).
bench: $(STAMP)
	@$(BIN)/python -m tools.slides fetch || echo "NOTE: without the slides' npm assets the deck sizes are not measured."
	$(BIN)/python -m tools.bench

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .ruff_cache build test-artifacts *.egg-info
