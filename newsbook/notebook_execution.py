"""Executing the notebook runs with papermill: in parallel worker processes, the stale runs only (their cache keys:
``newsbook.notebook_runs``), the export tables computed once for all of them, the light article pages of a large
corpus written from the tables.

Determinism: executed notebooks lose papermill's timestamps and durations (:func:`scrub`), kernels run with
``SOURCE_DATE_EPOCH`` and ``PYTHONHASHSEED`` fixed (:func:`environment`), figures are SVG with a fixed hash salt
and no date (``newsbook.figures.setup``).

Failures: the build stops (running notebooks finish, queued ones are cancelled) with a message naming the
notebook, the cell (its number in the source notebook, its execution count and the first lines of its source)
and the error; the executed notebook is kept in ``_build/failed/`` for inspection.
"""

from __future__ import annotations

import concurrent.futures as cf
import json
import os
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from .book_project import ROOT, BuildError, Project
from .notebook_runs import KERNEL, Run, stale_reason, store_key

SOURCE_DATE_EPOCH = "1700000000"


_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+>")  # default object reprs ("<newsbook.render.HTML at 0x7f..>")


def scrub(path: Path) -> None:
    """Remove what makes executed notebooks differ between runs; hide the injected parameters and the defaults."""
    import nbformat  # imported here: a rebuild with nothing to execute need not pay for it

    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("papermill", None)
    nb.metadata.pop("widgets", None)
    injected = any("injected-parameters" in c.metadata.get("tags", []) for c in nb.cells)
    _apply_page_title(nb)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags:
            cell["id"] = "injected-parameters"  # papermill gives it a random id
        # Neither the injected values nor the defaults they override are shown: the defaults would be wrong on the
        # page (another document's id, another corpus).
        if ("injected-parameters" in tags or (injected and "parameters" in tags)) and "remove-cell" not in tags:
            cell.metadata["tags"] = tags + ["remove-cell"]
        for output in cell.get("outputs", []):
            plain = output.get("data", {}).get("text/plain")
            if isinstance(plain, str):
                output["data"]["text/plain"] = _ADDRESS.sub(">", plain)
            elif isinstance(plain, list):
                output["data"]["text/plain"] = [_ADDRESS.sub(">", line) for line in plain]
    nbformat.write(nb, path)


def _apply_page_title(nb) -> None:
    """A page's title from its run: the plain-text output of a cell tagged ``page-title`` replaces the text of the
    notebook's first ``# `` heading (escaped so that it renders literally), so that per-document pages are told
    apart in the book's navigation. Without such a cell the notebook is left as it is."""
    from .render import markdown_literal

    title = None
    for cell in nb.cells:
        if cell.cell_type == "code" and "page-title" in cell.metadata.get("tags", []):
            for output in cell.get("outputs", []):
                if output.get("output_type") == "stream" and output.get("name") == "stdout":
                    title = "".join(output.get("text", "")).strip()
            break
    if not title:
        return
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            lines = cell.source.split("\n")
            for i, line in enumerate(lines):
                if line.startswith("# "):
                    lines[i] = "# " + markdown_literal(title)
                    cell.source = "\n".join(lines)
                    return


def _excerpt(source: str, lines: int = 4, width: int = 100) -> str:
    rows = source.splitlines() or [""]
    shown = [("    | " + row[:width] + ("…" if len(row) > width else "")) for row in rows[:lines]]
    if len(rows) > lines:
        shown.append(f"    | … ({len(rows) - lines} more lines)")
    return "\n".join(shown)


def describe_failure(source_nb: Path, executed: Path | None, error: BaseException) -> str:
    """Which cell failed (number in the source notebook, execution count, source excerpt) and why."""
    import nbformat

    ename = getattr(error, "ename", type(error).__name__)
    evalue = getattr(error, "evalue", str(error))
    where = "before any cell ran (kernel or papermill error)"
    if executed is not None and executed.is_file():
        try:
            nb = nbformat.read(executed, as_version=4)
            source_ids = [c.get("id") for c in nbformat.read(source_nb, as_version=4).cells]
        except Exception:  # noqa: BLE001 - an unreadable notebook is reported as such below
            nb, source_ids = None, []
        for index, cell in enumerate(nb.cells if nb is not None else []):
            if cell.cell_type != "code":
                continue
            failed = cell.metadata.get("papermill", {}).get("exception") or any(
                o.get("output_type") == "error" for o in cell.get("outputs", []))
            if not failed:
                continue
            number = (f"cell {source_ids.index(cell.get('id')) + 1} of {len(source_ids)}"
                      if cell.get("id") in source_ids else f"cell {index + 1} of the executed notebook")
            where = f"in {number} (execution count {cell.get('execution_count')}):\n{_excerpt(cell.source)}"
            break
    return f"{where}\n  {ename}: {evalue}"


def _kernel_manager_class():
    """The kernel manager papermill starts kernels with: CurveZMQ keys provisioned for the kernel when pyzmq has
    Curve and the kernelspec declares it (ipykernel's does), so that ipykernel does not log "Kernel is running over
    TCP without encryption ..." once per run. Without Curve, jupyter_client's default (and its warning) is kept."""
    import zmq
    from jupyter_client import AsyncKernelManager
    from traitlets import default

    if not zmq.has("curve"):
        return AsyncKernelManager

    class EncryptedKernelManager(AsyncKernelManager):
        @default("transport_encryption")
        def _default_transport_encryption(self):
            return "auto"  # keys only when the kernelspec says it supports them

    return EncryptedKernelManager


def _execute(notebook: str, output: str, parameters: dict, failed_dir: str) -> float:
    """Execute one run (in a worker process); returns seconds, raises BuildError with the description."""
    import papermill as pm

    start = time.perf_counter()
    out = Path(output)
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        pm.execute_notebook(notebook, output, parameters=parameters, kernel_name=KERNEL, language="python",
                            cwd=str(ROOT), progress_bar=False, log_output=False, request_save_on_cell_execute=False,
                            kernel_manager_class=_kernel_manager_class())
    except BaseException as exc:  # noqa: BLE001 - every failure is reported with the notebook and cell
        kept = Path(failed_dir) / out.name
        if out.is_file():
            kept.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(out), kept)
        message = describe_failure(Path(notebook), kept if kept.is_file() else None, exc)
        if kept.is_file():
            message += f"\n  The executed notebook is kept at {kept} for inspection."
        raise BuildError(message) from None
    scrub(out)
    return time.perf_counter() - start


def _write_static(corpus_dir: str, pages: list[tuple[str, str]]) -> float:
    """Write the light article pages ``[(doc_id, output)]`` of a large corpus from its tables (in a worker; waits
    for the table cache like a kernel would). Returns seconds."""
    import nbformat

    from analysis import chronology, tables
    from analysis.corpus import load_corpus
    from analysis.topic import load_topic

    from . import article, findings

    start = time.perf_counter()
    corpus = load_corpus(Path(corpus_dir))
    topic = load_topic(Path(corpus_dir))
    t = tables.build(corpus, ["documents", "quotes", "attributions", "rhetoric", "timexes", "term_hits", "stance"])
    found = findings.corpus_findings(corpus, topic)
    for doc_id, output in pages:
        nb = article.page_notebook(corpus[doc_id], t, found, len(corpus), plain_date=chronology.plain_date)
        out = Path(output)
        out.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, str(out))
    return time.perf_counter() - start


def environment() -> None:
    """Fix what would make kernels and Sphinx differ between builds."""
    os.environ["SOURCE_DATE_EPOCH"] = os.environ.get("SOURCE_DATE_EPOCH") or SOURCE_DATE_EPOCH
    os.environ["PYTHONHASHSEED"] = "0"
    os.environ.setdefault("MPLBACKEND", "Agg")
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    os.environ["TZ"] = "UTC"


@dataclass
class Timing:
    name: str
    notebook: str
    status: str  # executed | cached | failed | cancelled
    seconds: float = 0.0
    reason: str = ""  # why it was executed (what changed)


def _progress(done: int, total: int, timing: Timing, running: int) -> None:
    print(f"[build] {done:>3}/{total} {timing.status:<9} {timing.seconds:6.1f}s  {timing.name}"
          f"{f'  ({running} to go)' if running else ''}", flush=True)


def _precompute(corpus_dir: str, cache: str) -> tuple[float, dict]:
    from analysis import pipeline, table_cache
    from analysis.contract import COLUMNS
    from analysis.corpus import load_corpus

    start = time.perf_counter()
    try:
        status = table_cache.precompute(load_corpus(corpus_dir), cache, pipeline.run, list(COLUMNS))
    except Exception as exc:  # noqa: BLE001 - the notebooks then compute (and report) for themselves
        status = {"*": f"failed: {type(exc).__name__}: {exc}"}
    return time.perf_counter() - start, status


def _report_tables(seconds: float, status: dict) -> None:
    """One line on the export tables computed for the kernels, and one per table that failed."""
    computed = sum(1 for v in status.values() if v == "computed")
    failed = {k: v for k, v in status.items() if v.startswith("failed")}
    print(f"[build] tables: {computed} computed, {len(status) - computed - len(failed)} cached, "
          f"{len(failed)} failed, {seconds:.1f}s", flush=True)
    for name, why in sorted(failed.items()):
        print(f"[build]   table {name} {why[:300]}", flush=True)


def _stale_runs(project: Project, runs: list[Run], shared: dict, force: bool, timings: dict[str, Timing]) -> list[Run]:
    """The runs to execute (every run with ``force``), each one's timing given the reason; says so on the terminal."""
    reasons = {r.name: "--force" if force else stale_reason(project, r, shared) for r in runs}
    todo = [r for r in runs if reasons[r.name]]
    cached = len(runs) - len(todo)
    if cached:
        print(f"[build] {cached}/{len(runs)} runs unchanged (cached)", flush=True)
    for run in todo:
        timings[run.name].reason = reasons[run.name]
        print(f"[build] to execute: {run.name} ({reasons[run.name]})", flush=True)
    return todo


def _submit(pool: cf.Executor, project: Project, todo: list[Run], jobs: int,
            corpus_dir: Path | None) -> dict[cf.Future, list[Run]]:
    """Start the runs: one task per notebook, and the light article pages in at most ``jobs`` tasks of several
    pages each (so that every worker shares them). Returns the runs of each task."""
    tasks: dict[cf.Future, list[Run]] = {}
    static = [r for r in todo if r.static]
    for run in todo:
        project.cache_file(run).unlink(missing_ok=True)
        if run.static:
            continue
        tasks[pool.submit(_execute, str(run.notebook), str(project.output(run)), run.parameters,
                          str(project.failed / Path(run.name).parent))] = [run]
    if static:  # one task writes them all, in chunks so that both workers share them
        chunk = max(1, -(-len(static) // jobs))
        for i in range(0, len(static), chunk):
            part = static[i:i + chunk]
            future = pool.submit(_write_static, str(Path(corpus_dir or ".").resolve()),
                                 [(r.parameters["doc_id"], str(project.output(r))) for r in part])
            tasks[future] = part
    return tasks


@dataclass
class _Progress:
    """What the finished tasks came to: the runs' timings and cache keys, the failures, how many runs are done."""

    project: Project
    shared: dict
    timings: dict[str, Timing]
    done: int
    total: int
    failures: list[str] = field(default_factory=list)

    def light_pages_written(self, future: cf.Future, part: list[Run]) -> None:
        try:
            seconds = future.result()
        except Exception as exc:  # noqa: BLE001 - reported with the pages it concerned
            self.failures.append(f"light article pages ({len(part)}, from {part[0].name}) failed: "
                                 f"{type(exc).__name__}: {exc}")
            return
        for run in part:
            self.timings[run.name].status = "written"
            self.timings[run.name].seconds = seconds / len(part)
            store_key(self.project, run, self.shared)
        self.done += len(part)
        print(f"[build] {self.done:>3}/{self.total} written   {seconds:6.1f}s  {len(part)} light article pages",
              flush=True)

    def notebook_executed(self, future: cf.Future, run: Run, running: int) -> None:
        timing = self.timings[run.name]
        if future.cancelled():
            timing.status = "cancelled"
            return
        try:
            timing.seconds = future.result()
            timing.status = "executed"
            store_key(self.project, run, self.shared)
        except BuildError as exc:
            timing.status = "failed"
            self.project.output(run).unlink(missing_ok=True)
            notebook = run.notebook.relative_to(ROOT) if run.notebook.is_relative_to(ROOT) else run.notebook
            self.failures.append(f"notebook {notebook}"
                                 f" (page {run.name}, parameters {json.dumps(run.parameters, sort_keys=True)})"
                                 f" failed {exc}")
        except Exception as exc:  # noqa: BLE001 - a worker crash is a failure of that run
            timing.status = "failed"
            self.failures.append(f"notebook {run.notebook.name} (page {run.name}) failed: "
                                 f"{type(exc).__name__}: {exc}")
        self.done += 1
        _progress(self.done, self.total, timing, running)


def execute_runs(project: Project, runs: list[Run], shared: dict, force: bool = False,
                 jobs: int | None = None, corpus_dir: Path | None = None) -> list[Timing]:
    """Execute the runs whose inputs changed, in parallel; raise BuildError naming every failed run.

    With ``corpus_dir``, the export tables of the corpus are computed once, in the first worker, into the
    project's table cache (``analysis.table_cache``) that the kernels read, while the other workers start theirs.
    """
    timings = {r.name: Timing(r.name, r.notebook.name, "cached") for r in runs}
    todo = _stale_runs(project, runs, shared, force, timings)
    if not todo:
        return [timings[r.name] for r in runs]
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    print(f"[build] executing {len(todo)} run(s) with {jobs} worker(s)", flush=True)
    shutil.rmtree(project.failed, ignore_errors=True)
    progress = _Progress(project, shared, timings, done=len(runs) - len(todo), total=len(runs))
    table_cache_dir = project.build_dir / ".cache" / "tables"
    if force:
        shutil.rmtree(table_cache_dir, ignore_errors=True)
    if corpus_dir is not None:
        os.environ["ANALYSIS_TABLE_CACHE"] = str(table_cache_dir)
    with cf.ProcessPoolExecutor(max_workers=jobs) as pool:
        precompute = None
        if corpus_dir is not None:
            from analysis import table_cache
            table_cache.announce(table_cache_dir)  # before any kernel can ask for the tables
            precompute = pool.submit(_precompute, str(Path(corpus_dir).resolve()), str(table_cache_dir))
        tasks = _submit(pool, project, todo, jobs, corpus_dir)
        pending = set(tasks) | ({precompute} if precompute else set())
        while pending:
            finished, pending = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
            if precompute in finished:
                finished.discard(precompute)
                _report_tables(*precompute.result())
            for future in sorted(finished, key=lambda f: tasks[f][0].name):
                part = tasks[future]
                if part[0].static:  # light article pages, written together
                    progress.light_pages_written(future, part)
                else:  # one notebook, executed by a kernel
                    progress.notebook_executed(future, part[0], len(pending))
            if progress.failures:
                for future in pending:
                    if future.cancel():
                        for run in tasks[future]:
                            timings[run.name].status = "cancelled"
    if progress.failures:
        cancelled = [t.name for t in timings.values() if t.status == "cancelled"]
        tail = f"\n(not executed after the failure: {', '.join(cancelled)})" if cancelled else ""
        raise BuildError("\n\n".join(progress.failures) + tail)
    return [timings[r.name] for r in runs]
