"""The project a book is built in, and its files: the repository itself by default, or any folder given with
``--out``, into which the book sources (``_config.yml``, ``_toc.yml``, the pages the toc names outside ``book/``,
``_static/``) are then copied, so that a test or a second corpus can be built without touching the repository's
``book/`` and ``_build/``. Also the paths of the repository the build reads, and the build's error."""

from __future__ import annotations

import contextlib
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import yaml

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
BOOK_PAGES = ROOT / "book"
PACKAGE = ROOT / "analysis"  # the library
BOOK_PACKAGE = ROOT / "newsbook"  # this package
LOCK = ROOT / "requirements.lock"
# The book sources copied into a project built with --out (besides the pages its toc names outside book/).
BOOK_SOURCES = ("_config.yml", "_toc.yml", "_static")
SEEDS = ROOT / "seeds"
CORPORA = ROOT / "_build" / "corpora"  # where `make book CORPUS=DIR` builds a corpus other than the seeds


class BuildError(RuntimeError):
    pass


class _Page(Protocol):
    """What the project needs of a run (``newsbook.notebook_runs.Run``, which imports this module)."""

    @property
    def name(self) -> str:
        """The output path relative to the pages folder, e.g. ``documents/001_x.ipynb``."""


@dataclass
class Project:
    """Where a book is built: the pages, the HTML and the caches all live under ``root``."""

    root: Path

    @property
    def pages(self) -> Path:
        return self.root / "book"

    @property
    def cache(self) -> Path:
        return self.pages / ".cache"

    @property
    def build_dir(self) -> Path:
        return self.root / "_build"

    @property
    def html(self) -> Path:
        return self.build_dir / "html"

    @property
    def failed(self) -> Path:
        return self.build_dir / "failed"

    @property
    def config(self) -> Path:
        """The book's configuration as built (``_config.yml`` with the topic's title): see
        ``newsbook.jupyter_book_step.write_topic_pages``."""
        return self.build_dir / ".cache" / "_config.yml"

    def output(self, run: _Page) -> Path:
        return self.pages / run.name

    def cache_file(self, run: _Page) -> Path:
        return self.cache / (run.name + ".json")


def toc_files(toc: dict) -> list[str]:
    """Every page a table of contents names (its ``file`` and ``root`` entries)."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("file", "root") and isinstance(value, str):
                    found.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc)
    return found


def prepare_project(project: Project) -> None:
    """Copy the book sources into a project outside the repository (a no-op for the repository itself)."""
    if project.root.resolve() == ROOT:
        return
    project.root.mkdir(parents=True, exist_ok=True)
    for name in BOOK_SOURCES:
        src, dst = ROOT / name, project.root / name
        if src.is_dir():
            shutil.copytree(src, dst, dirs_exist_ok=True)
        elif src.is_file():
            shutil.copyfile(src, dst)
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    for docname in toc_files(toc):
        if docname.startswith("book/"):
            continue
        for candidate in [ROOT / docname, *(ROOT.glob(docname + ".*"))]:
            if candidate.is_file():
                dst = project.root / candidate.relative_to(ROOT)
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(candidate, dst)


def default_out(corpus_dir: Path) -> Path | None:
    """Where a corpus's book is built without ``--out``: the repository itself for the seeds, else a folder of its
    own, ``_build/corpora/NAME`` (so that building another corpus never overwrites or re-executes the seed book)."""
    corpus_dir = Path(corpus_dir).resolve()
    if corpus_dir == SEEDS.resolve():
        return None
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", corpus_dir.name).strip("._") or "corpus"
    return CORPORA / name


@contextlib.contextmanager
def project_lock(project: Project):
    """One build at a time per project folder: a second one waits (two would overwrite each other's pages)."""
    import fcntl

    lock = project.build_dir / ".cache" / "build.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"[build] another build of {project.root} is running; waiting for it", flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
