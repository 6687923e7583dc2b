"""Build the book: execute every notebook run with papermill, then ``jupyter-book build``.

Runs are listed in ``notebooks/runs.yaml``; each is executed into ``book/`` with the corpus folder injected as
``corpus_dir``. Executed notebooks are made deterministic (papermill's timestamps and durations removed) and their
injected-parameters cell is tagged ``remove-cell`` so that the book does not show it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
BOOK_PAGES = ROOT / "book"
KERNEL = "analysis-book"
SOURCE_DATE_EPOCH = "1700000000"


class BuildError(RuntimeError):
    pass


@dataclass
class Run:
    notebook: Path
    output: Path
    parameters: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        return str(self.output.relative_to(BOOK_PAGES))


def plan(corpus_dir: Path, runs_file: Path = NOTEBOOKS / "runs.yaml") -> list[Run]:
    """The runs for a corpus: one per entry, or one per document for per_document entries."""
    spec = yaml.safe_load(runs_file.read_text(encoding="utf-8"))
    runs = []
    corpus_param = _corpus_param(corpus_dir)
    doc_ids = None
    for entry in spec["runs"]:
        params = {"corpus_dir": corpus_param, **(entry.get("parameters") or {})}
        notebook = NOTEBOOKS / entry["notebook"]
        if entry.get("per_document"):
            if doc_ids is None:
                from .corpus import load_corpus

                doc_ids = [d.doc_id for d in load_corpus(corpus_dir)]
            for doc_id in doc_ids:
                runs.append(Run(notebook, BOOK_PAGES / entry["output"].format(doc_id=doc_id),
                                {**params, "doc_id": doc_id}))
        else:
            runs.append(Run(notebook, BOOK_PAGES / entry["output"], params))
    return runs


def _corpus_param(corpus_dir: Path) -> str:
    """The corpus folder as the executed notebooks see it: relative to the project root when inside it."""
    corpus_dir = Path(corpus_dir).resolve()
    try:
        return str(corpus_dir.relative_to(ROOT))
    except ValueError:
        return str(corpus_dir)


def scrub(path: Path) -> None:
    """Remove what makes executed notebooks differ between runs, and hide the injected parameters."""
    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("papermill", None)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags and "remove-cell" not in tags:
            cell.metadata["tags"] = tags + ["remove-cell"]
    nbformat.write(nb, path)


def execute(run: Run) -> None:
    import papermill as pm

    run.output.parent.mkdir(parents=True, exist_ok=True)
    try:
        pm.execute_notebook(
            str(run.notebook), str(run.output), parameters=run.parameters, kernel_name=KERNEL,
            cwd=str(ROOT), progress_bar=False, log_output=False,
        )
    except pm.PapermillExecutionError as exc:
        raise BuildError(
            f"{run.notebook.name} -> {run.output}: cell {exc.exec_count} failed: {exc.ename}: {exc.evalue}\n"
            f"The executed notebook is kept at {run.output} for inspection."
        ) from None
    scrub(run.output)


def environment() -> None:
    os.environ.setdefault("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    os.environ.setdefault("PYTHONHASHSEED", "0")
    os.environ.setdefault("MPLBACKEND", "Agg")


def build_book(strict: bool = True) -> None:
    cmd = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(ROOT), "--path-output", str(ROOT)]
    if strict:
        cmd += ["-W", "-n", "--keep-going"]
    result = subprocess.run(cmd, cwd=ROOT)
    if result.returncode != 0:
        raise BuildError(f"jupyter-book build failed (exit {result.returncode})")


def main(corpus_dir: Path, force: bool = False, book: bool = True) -> None:
    environment()
    if BOOK_PAGES.exists():
        shutil.rmtree(BOOK_PAGES)
    for run in plan(corpus_dir):
        print(f"[build] executing {run.notebook.name} -> {run.name}", flush=True)
        execute(run)
    if book:
        build_book()
