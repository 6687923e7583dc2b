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

.PHONY: help install book test lab export bench lock clean

help:
	@echo "make book    install, execute every notebook with papermill, build the book into _build/html"
	@echo "make test    install and run the tests (units, export contract, notebooks, book, browser)"
	@echo "make lab     open JupyterLab on the notebooks with the project's kernel"
	@echo "make export  write the export tables for CORPUS (default seeds) into _build/tables"
	@echo "make bench   run the benchmarks"
	@echo "make bench-tempeval  the chronology tagger on TimeML (TEMPEVAL_DATA, default ../shared/tempeval3)"
	@echo "make lock    re-resolve requirements.lock from pyproject.toml"

# The environment is rebuilt whenever the lock or the project metadata change.
$(STAMP): requirements.lock pyproject.toml
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(PY) -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (analysis book)"
	touch $(STAMP)

install: $(STAMP)

book: install
	$(PY) -m analysis build --corpus $(CORPUS)

test: install
	$(PY) -m pytest

lab: install
	$(VENV)/bin/jupyter lab notebooks

export: install
	$(PY) -m analysis export --corpus $(CORPUS) --out _build/tables

# TempEval-3 style scores of analysis.chronology.extract_timexes: TimeBank (development) and AQUAINT (held out).
TEMPEVAL_DATA ?= ../shared/tempeval3
.PHONY: bench-tempeval
bench-tempeval: install
	$(PY) benchmarks/tempeval.py $(TEMPEVAL_DATA)

lock:
	$(PYTHON) -m pip install --quiet uv
	$(PYTHON) -m uv pip compile pyproject.toml --python-version 3.11 --generate-hashes -o requirements.lock

clean:
	rm -rf _build book .pytest_cache
