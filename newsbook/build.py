"""Build the book: execute every notebook run with papermill (in parallel, cached), then ``jupyter-book build``.

The front of the build (``python -m analysis build``): :func:`main` and the build's report, and the names the
tests, the benchmark and the command line read from ``newsbook.build``. The work is done in

- ``newsbook.book_project``: the project a book is built in (the repository, or any folder given with ``--out``,
  into which the book sources are copied), the repository's paths, :class:`BuildError`;
- ``newsbook.notebook_runs``: the runs of ``notebooks/runs.yaml`` for a corpus, their cache keys, stale pages;
- ``newsbook.notebook_execution``: executing the stale runs with papermill, in parallel, deterministically;
- ``newsbook.jupyter_book_step``: the first page, the configuration and the toc of the book, ``jupyter-book build``.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from analysis.digest import tree_digest

from .book_project import BOOK_PAGES, NOTEBOOKS, ROOT, BuildError, Project, default_out, prepare_project, project_lock
from .jupyter_book_step import (
    book_config,
    build_book,
    expand_toc,
    intro_page,
    load_topic_or_fail,
    write_topic_pages,
)
from .notebook_execution import Timing, _apply_page_title, environment, execute_runs, scrub
from .notebook_runs import Run, corpus_parameter, document_ids, plan, remove_stale, run_key, shared_inputs

# What other code reads from here (the tests, the benchmark, the command line), besides main.
__all__ = [
    "BOOK_PAGES", "ROOT", "BuildError", "Project", "Run", "_apply_page_title", "book_config", "build_book",
    "default_out", "document_ids", "expand_toc", "intro_page", "main", "plan", "remove_stale", "run_key", "scrub",
    "shared_inputs", "tree_digest",
]


# ------------------------------------------------------------------------------------------------------- main


REPORT_ROWS = 30  # pages listed one by one in the build's report (the slowest)


def report(timings: list[Timing], book: tuple[str, float] | None, total: float) -> str:
    width = max([len(t.name) for t in timings] + [4])
    lines = [f"{'page':<{width}}  {'notebook':<24} {'status':<9} {'seconds':>8}"]
    ranked = sorted(timings, key=lambda t: (-t.seconds, t.name))
    for t in ranked[:REPORT_ROWS]:
        lines.append(f"{t.name:<{width}}  {t.notebook:<24} {t.status:<9} {t.seconds:8.1f}")
    if len(ranked) > REPORT_ROWS:  # a corpus of hundreds of articles: the rest in one line per status
        rest = ranked[REPORT_ROWS:]
        for status in sorted({t.status for t in rest}):
            some = [t for t in rest if t.status == status]
            lines.append(f"{f'({len(some)} more pages)':<{width}}  {'':<24} {status:<9} "
                         f"{sum(t.seconds for t in some):8.1f}")
    if book is not None:
        lines.append(f"{'(jupyter-book build)':<{width}}  {'':<24} {book[0]:<9} {book[1]:8.1f}")
    lines.append(f"{'total':<{width}}  {'':<24} {'':<9} {total:8.1f}")
    return "\n".join(lines)


def main(corpus_dir: Path, force: bool = False, book: bool = True, out: Path | None = None,
         jobs: int | None = None, runs_file: Path | None = None) -> dict:
    """Execute every run for ``corpus_dir`` into the project ``out`` (default: the repository), build the book.

    Returns the build record (also written to ``_build/.cache/last_build.json``): per-run timings, the Sphinx
    step and the total.
    """
    start = time.perf_counter()
    environment()
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        raise BuildError(f"{corpus_dir}: corpus folder not found")
    out = Path(out) if out else default_out(corpus_dir)
    project = Project(out.resolve() if out else ROOT)
    if out:
        print(f"[build] corpus {corpus_dir}: building into {project.root}", flush=True)
    with project_lock(project):
        return _main(project, corpus_dir, force, book, jobs, runs_file, start)


def _main(project: Project, corpus_dir: Path, force: bool, book: bool, jobs: int | None, runs_file: Path | None,
          start: float) -> dict:
    prepare_project(project)
    load_topic_or_fail(corpus_dir)  # a bad book.yaml stops the build before anything is executed
    runs = plan(corpus_dir, runs_file or NOTEBOOKS / "runs.yaml")
    removed = remove_stale(project, runs)
    for name in removed:
        print(f"[build] removed stale page {name}", flush=True)
    timings = execute_runs(project, runs, shared_inputs(corpus_dir), force=force, jobs=jobs, corpus_dir=corpus_dir)
    book_step = None
    if book:
        doc_ids = document_ids(corpus_dir)
        # articles with light pages (a large corpus): the sidebar lists the chapters only
        write_topic_pages(project, corpus_dir, doc_ids, list_articles=not any(r.static for r in runs))
        print("[build] jupyter-book build", flush=True)
        book_step = build_book(project, runs, doc_ids, force=force)
    total = time.perf_counter() - start
    print(report(timings, book_step, total), flush=True)
    record = {
        "project": str(project.root), "corpus": corpus_parameter(corpus_dir), "force": force,
        "runs": [t.__dict__ for t in timings],
        "book": {"status": book_step[0], "seconds": book_step[1]} if book_step else None,
        "total_seconds": total,
    }
    last = project.build_dir / ".cache" / "last_build.json"
    last.parent.mkdir(parents=True, exist_ok=True)
    last.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    if book:
        print(f"[build] the book is in {project.html / 'index.html'}", flush=True)
    return record
