"""Shared fixtures. The book builds are session-scoped: each book is built once per test session, into a temporary
project folder (``python -m analysis build --out DIR``), so that the tests never touch the repository's
``book/`` and ``_build/`` and the slow part of the suite runs once."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
UNSAFE_CORPUS = ROOT / "tests" / "data" / "unsafe_corpus"
FARM_CORPUS = ROOT / "tests" / "data" / "farm_corpus"  # another topic, with its own book.yaml
HARBOUR_CORPUS = ROOT / "tests" / "data" / "harbour_corpus"  # no book.yaml
_CONFIG = None


def pytest_configure(config):
    global _CONFIG
    _CONFIG = config


def progress(line: str) -> None:
    """One line on the terminal while the tests run (past pytest's output capture): a book build is slow."""
    if _CONFIG is None:
        return
    reporter = _CONFIG.pluginmanager.get_plugin("terminalreporter")
    capture = _CONFIG.pluginmanager.get_plugin("capturemanager")
    if reporter is None:
        return
    if capture is None:
        reporter.write_line(line)
        return
    with capture.global_and_fixture_disabled():
        reporter.write_line(line)


@pytest.fixture(scope="session")
def seed_topic():
    """The seeds' topic (seeds/book.yaml: actors, sides, demonyms, codebook, loaded terms), for a test that calls a
    stage directly on a seed article or on sentences about its actors: the stage is given it, as the pipeline's map
    step gives each article its corpus's topic. Nothing is made active: there is no session topic."""
    from analysis import topic

    return topic.load_topic(ROOT / "seeds")


@dataclass
class BuiltBook:
    root: Path  # the project folder: book/ (executed notebooks) and _build/html
    corpus: Path
    record: dict  # _build/.cache/last_build.json: per-run timings and statuses
    log: str

    @property
    def html(self) -> Path:
        return self.root / "_build" / "html"

    @property
    def pages(self) -> Path:
        return self.root / "book"


def run_build(out: Path, corpus: Path, *extra: str) -> subprocess.CompletedProcess:
    """``python -m analysis build --corpus CORPUS --out OUT [extra]``, as ``make book`` runs it."""
    cmd = [sys.executable, "-m", "analysis", "build", "--corpus", str(corpus), "--out", str(out), *extra]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)


def build_book(out: Path, corpus: Path, *extra: str) -> BuiltBook:
    import time

    name = corpus.name if corpus.name != "text" else str(corpus)
    progress(f"[book] building the book of {name} ...")
    start = time.perf_counter()
    result = run_build(out, corpus, *extra)
    progress(f"[book] {name}: {'built' if result.returncode == 0 else 'FAILED'} in {time.perf_counter() - start:.0f} s")
    log = f"$ build --corpus {corpus} --out {out}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
    if result.returncode != 0:
        pytest.fail(f"the book build failed (exit {result.returncode}):\n{log[-20000:]}", pytrace=False)
    record = json.loads((out / "_build" / ".cache" / "last_build.json").read_text(encoding="utf-8"))
    return BuiltBook(out, corpus, record, log)


@pytest.fixture(scope="session")
def seed_book(tmp_path_factory) -> BuiltBook:
    """The book of the seed corpus, built once for the session (every notebook run executed)."""
    return build_book(tmp_path_factory.mktemp("seed_book"), ROOT / "seeds")


@pytest.fixture(scope="session")
def unsafe_book(tmp_path_factory) -> BuiltBook:
    """The book of tests/data/unsafe_corpus: article text and metadata full of HTML, Markdown and MyST."""
    return build_book(tmp_path_factory.mktemp("unsafe_book"), UNSAFE_CORPUS)


@pytest.fixture(scope="session")
def farm_book(tmp_path_factory) -> BuiltBook:
    """The book of tests/data/farm_corpus: another topic, with its own book.yaml (sides, no codebook)."""
    return build_book(tmp_path_factory.mktemp("farm_book"), FARM_CORPUS)


@pytest.fixture(scope="session")
def harbour_book(tmp_path_factory) -> BuiltBook:
    """The book of tests/data/harbour_corpus: no book.yaml at all (the default topic)."""
    return build_book(tmp_path_factory.mktemp("harbour_book"), HARBOUR_CORPUS)
