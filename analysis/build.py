"""Build the book: execute every notebook run with papermill (in parallel, cached), then ``jupyter-book build``.

Runs are listed in ``notebooks/runs.yaml``; each is executed into ``<project>/book/`` with the corpus folder
injected as ``corpus_dir`` (and ``doc_id`` for ``per_document`` entries, one run per article of the corpus). The
project is the repository itself by default, or any folder given with ``--out``: the book sources
(``_config.yml``, ``_toc.yml``, the pages the toc names outside ``book/``, ``_static/``) are then copied there, so
that a test or a second corpus can be built without touching the repository's ``book/`` and ``_build/``.

Cache: a run is skipped when the sha256 of its inputs (notebook bytes, parameters, every corpus file, every file
of the ``analysis`` package including ``data/``, ``requirements.lock``) equals the key stored next to its executed
notebook in ``book/.cache/<output>.json`` and the executed notebook is still the one written then. The Sphinx
build is skipped when neither the pages nor the book sources changed. ``--force`` re-executes everything and
rebuilds the book from scratch. Pages of runs that are no longer planned (a removed article) are deleted.

Per-document pages in the table of contents: an entry ``- glob: book/documents/*`` is expanded by Jupyter Book
itself; an entry ``- file: book/documents/{doc_id}`` is expanded here into one entry per article, in corpus
order, in a generated toc (``_build/.cache/_toc.yml``).

Determinism: executed notebooks lose papermill's timestamps and durations (:func:`scrub`), kernels run with
``SOURCE_DATE_EPOCH`` and ``PYTHONHASHSEED`` fixed (:func:`environment`), figures are SVG with a fixed hash salt
and no date (``analysis.figures.setup``).

Failures: the build stops (running notebooks finish, queued ones are cancelled) with a message naming the
notebook, the cell (its number in the source notebook, its execution count and the first lines of its source)
and the error; the executed notebook is kept in ``_build/failed/`` for inspection.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .digest import tree_digest  # noqa: F401  (also read here by the tests and the benchmark)

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
BOOK_PAGES = ROOT / "book"
PACKAGE = ROOT / "analysis"
LOCK = ROOT / "requirements.lock"
KERNEL = "analysis-book"
SOURCE_DATE_EPOCH = "1700000000"
# The book sources copied into a project built with --out (besides the pages its toc names outside book/).
BOOK_SOURCES = ("_config.yml", "_toc.yml", "_static")
SEEDS = ROOT / "seeds"
CORPORA = ROOT / "_build" / "corpora"  # where `make book CORPUS=DIR` builds a corpus other than the seeds
INTRO_TEMPLATE = ROOT / "intro.md"  # the first page's generic text; the build writes book/intro.md from it
CACHE_VERSION = 1


class BuildError(RuntimeError):
    pass


@dataclass
class Run:
    notebook: Path
    output: Path  # where the executed notebook goes when the project is the repository (book/<name>)
    parameters: dict = field(default_factory=dict)
    static: bool = False  # a light article page written from the tables (analysis.article.page_notebook), no kernel

    @property
    def name(self) -> str:
        """The output path relative to the pages folder, e.g. ``corpus.ipynb`` or ``documents/001_x.ipynb``."""
        return self.output.relative_to(BOOK_PAGES).as_posix()

    @property
    def docname(self) -> str:
        """The page name in the toc, e.g. ``book/corpus``."""
        return "book/" + self.name.rsplit(".", 1)[0]


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
        """The book's configuration as built (``_config.yml`` with the topic's title): see ``write_topic_pages``."""
        return self.build_dir / ".cache" / "_config.yml"

    def output(self, run: Run) -> Path:
        return self.pages / run.name

    def cache_file(self, run: Run) -> Path:
        return self.cache / (run.name + ".json")


# --------------------------------------------------------------------------------------------------- planning


def _load_runs(runs_file: Path) -> list[dict]:
    try:
        spec = yaml.safe_load(runs_file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BuildError(f"{runs_file}: not found") from None
    except yaml.YAMLError as exc:
        raise BuildError(f"{runs_file}: not valid YAML: {exc}") from None
    if not isinstance(spec, dict) or not isinstance(spec.get("runs"), list):
        raise BuildError(f"{runs_file}: expected a mapping with a 'runs' list")
    for index, entry in enumerate(spec["runs"]):
        where = f"{runs_file}: runs[{index}]"
        if not isinstance(entry, dict):
            raise BuildError(f"{where}: expected a mapping")
        unknown = set(entry) - {"notebook", "output", "parameters", "per_document", "static_above"}
        if unknown:
            raise BuildError(f"{where}: unknown fields {sorted(unknown)}")
        for key in ("notebook", "output"):
            if not isinstance(entry.get(key), str) or not entry[key]:
                raise BuildError(f"{where}, field {key!r}: missing")
        if not entry["output"].endswith(".ipynb") or entry["output"].startswith(("/", "..")):
            raise BuildError(f"{where}, field 'output': {entry['output']!r} must be a relative path ending in .ipynb")
        if not (runs_file.parent / entry["notebook"]).is_file():
            raise BuildError(f"{where}, field 'notebook': no such notebook {entry['notebook']!r}")
        if not isinstance(entry.get("parameters") or {}, dict):
            raise BuildError(f"{where}, field 'parameters': expected a mapping")
        above = entry.get("static_above")
        if above is not None and (not entry.get("per_document") or not isinstance(above, int) or above < 0):
            raise BuildError(f"{where}, field 'static_above': a number of articles, for a per_document entry only")
        if entry.get("per_document") and "{doc_id}" not in entry["output"]:
            raise BuildError(f"{where}, field 'output': a per_document output must contain {{doc_id}}")
    return spec["runs"]


def plan(corpus_dir: Path, runs_file: Path = NOTEBOOKS / "runs.yaml") -> list[Run]:
    """The runs for a corpus: one per entry, or one per document for per_document entries."""
    runs_file = Path(runs_file)
    runs = []
    corpus_param = _corpus_param(corpus_dir)
    doc_ids = None
    for entry in _load_runs(runs_file):
        params = {"corpus_dir": corpus_param, **(entry.get("parameters") or {})}
        notebook = runs_file.parent / entry["notebook"]
        if entry.get("per_document"):
            if doc_ids is None:
                doc_ids = document_ids(corpus_dir)
            # above static_above articles, light pages written from the tables (no kernel per article)
            static = entry.get("static_above") is not None and len(doc_ids) > entry["static_above"]
            for doc_id in doc_ids:
                runs.append(Run(notebook, BOOK_PAGES / entry["output"].format(doc_id=doc_id),
                                {**params, "doc_id": doc_id, **({"static": True} if static else {})}, static))
        else:
            runs.append(Run(notebook, BOOK_PAGES / entry["output"], params))
    names = [r.name for r in runs]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise BuildError(f"{runs_file}: several runs write the same output: {', '.join(duplicates)}")
    return runs


def document_ids(corpus_dir: Path) -> list[str]:
    from .corpus import load_corpus

    return [d.doc_id for d in load_corpus(corpus_dir)]


def _corpus_param(corpus_dir: Path) -> str:
    """The corpus folder as the executed notebooks see it: relative to the project root when inside it."""
    corpus_dir = Path(corpus_dir).resolve()
    try:
        return corpus_dir.relative_to(ROOT).as_posix()
    except ValueError:
        return str(corpus_dir)


# ------------------------------------------------------------------------------------------------------ cache


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def shared_inputs(corpus_dir: Path) -> dict:
    """The inputs every run depends on: the corpus files, the analysis package and the lock file."""
    return {
        "corpus": tree_digest(corpus_dir),
        "analysis": tree_digest(PACKAGE),
        "lock": _sha256(LOCK.read_bytes()) if LOCK.exists() else "",
        "kernel": KERNEL,
        "version": CACHE_VERSION,
    }


def run_inputs(run: Run, shared: dict) -> dict:
    """What an executed notebook depends on (hashes of files, and the parameters)."""
    return {
        "notebook": _sha256(run.notebook.read_bytes()),
        "name": run.name,
        "parameters": run.parameters,
        **shared,
    }


def run_key(run: Run, shared: dict) -> str:
    return _sha256(json.dumps(run_inputs(run, shared), sort_keys=True, ensure_ascii=True).encode("ascii"))


def stale_reason(project: Project, run: Run, shared: dict) -> str | None:
    """None when the executed notebook is up to date, else why it must be executed (e.g. 'analysis changed')."""
    cache_file, output = project.cache_file(run), project.output(run)
    if not output.is_file():
        return "not executed yet"
    try:
        stored = json.loads(cache_file.read_text(encoding="utf-8"))
    except (ValueError, OSError):
        return "no cache key"
    if stored.get("output_sha256") != _sha256(output.read_bytes()):
        return "executed notebook edited since"
    if stored.get("key") == run_key(run, shared):
        return None
    before, now = stored.get("inputs") or {}, run_inputs(run, shared)
    changed = sorted(k for k in set(before) | set(now) if before.get(k) != now.get(k))
    return f"{', '.join(changed) or 'inputs'} changed"


def _store_key(project: Project, run: Run, shared: dict) -> None:
    cache_file = project.cache_file(run)
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    record = {"key": run_key(run, shared), "inputs": run_inputs(run, shared),
              "output_sha256": _sha256(project.output(run).read_bytes())}
    cache_file.write_text(json.dumps(record, sort_keys=True, indent=1) + "\n", encoding="utf-8")


def remove_stale(project: Project, runs: list[Run]) -> list[str]:
    """Delete executed notebooks (and their cache keys) that no planned run writes any more."""
    planned = {r.name for r in runs}
    removed = []
    if not project.pages.is_dir():
        return removed
    for path in sorted(project.pages.rglob("*.ipynb")):
        rel = path.relative_to(project.pages)
        if rel.parts[0] == ".cache" or ".ipynb_checkpoints" in rel.parts:
            continue
        if rel.as_posix() not in planned:
            path.unlink()
            (project.cache / (rel.as_posix() + ".json")).unlink(missing_ok=True)
            removed.append(rel.as_posix())
    for path in sorted(project.cache.rglob("*.json"), reverse=True) if project.cache.is_dir() else []:
        if path.relative_to(project.cache).as_posix()[: -len(".json")] not in planned:
            path.unlink()
    for folder in sorted((p for p in project.pages.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
    return removed


# -------------------------------------------------------------------------------------------------- execution


_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+>")  # default object reprs ("<analysis.render.HTML at 0x7f..>")


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

    from . import article, chronology, findings, tables
    from .corpus import load_corpus
    from .topic import load_topic

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
    from . import pipeline, table_cache
    from .contract import COLUMNS
    from .corpus import load_corpus

    start = time.perf_counter()
    try:
        status = table_cache.precompute(load_corpus(corpus_dir), cache, pipeline.run, list(COLUMNS))
    except Exception as exc:  # noqa: BLE001 - the notebooks then compute (and report) for themselves
        status = {"*": f"failed: {type(exc).__name__}: {exc}"}
    return time.perf_counter() - start, status


def execute_runs(project: Project, runs: list[Run], shared: dict, force: bool = False,
                 jobs: int | None = None, corpus_dir: Path | None = None) -> list[Timing]:
    """Execute the runs whose inputs changed, in parallel; raise BuildError naming every failed run.

    With ``corpus_dir``, the export tables of the corpus are computed once, in the first worker, into the
    project's table cache (``analysis.table_cache``) that the kernels read, while the other workers start theirs.
    """
    timings = {r.name: Timing(r.name, r.notebook.name, "cached") for r in runs}
    reasons = {r.name: "--force" if force else stale_reason(project, r, shared) for r in runs}
    todo = [r for r in runs if reasons[r.name]]
    total = len(runs)
    done = total - len(todo)
    if done:
        print(f"[build] {done}/{total} runs unchanged (cached)", flush=True)
    for run in todo:
        timings[run.name].reason = reasons[run.name]
        print(f"[build] to execute: {run.name} ({reasons[run.name]})", flush=True)
    if not todo:
        return [timings[r.name] for r in runs]
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    print(f"[build] executing {len(todo)} run(s) with {jobs} worker(s)", flush=True)
    shutil.rmtree(project.failed, ignore_errors=True)
    failures: list[str] = []
    table_cache_dir = project.build_dir / ".cache" / "tables"
    if force:
        shutil.rmtree(table_cache_dir, ignore_errors=True)
    if corpus_dir is not None:
        os.environ["ANALYSIS_TABLE_CACHE"] = str(table_cache_dir)
    with cf.ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = {}
        precompute = None
        if corpus_dir is not None:
            from . import table_cache

            table_cache.announce(table_cache_dir)  # before any kernel can ask for the tables
            precompute = pool.submit(_precompute, str(Path(corpus_dir).resolve()), str(table_cache_dir))
        static = [r for r in todo if r.static]
        for run in todo:
            project.cache_file(run).unlink(missing_ok=True)
            if run.static:
                continue
            futures[pool.submit(_execute, str(run.notebook), str(project.output(run)), run.parameters,
                                str(project.failed / Path(run.name).parent))] = run
        if static:  # one task writes them all, in chunks so that both workers share them
            chunk = max(1, -(-len(static) // jobs))
            for i in range(0, len(static), chunk):
                part = static[i:i + chunk]
                future = pool.submit(_write_static, str(Path(corpus_dir or ".").resolve()),
                                     [(r.parameters["doc_id"], str(project.output(r))) for r in part])
                futures[future] = part
        pending = set(futures) | ({precompute} if precompute else set())
        while pending:
            finished, pending = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
            if precompute in finished:
                finished.discard(precompute)
                seconds, status = precompute.result()
                computed = sum(1 for v in status.values() if v == "computed")
                failed = {k: v for k, v in status.items() if v.startswith("failed")}
                print(f"[build] tables: {computed} computed, {len(status) - computed - len(failed)} cached, "
                      f"{len(failed)} failed, {seconds:.1f}s", flush=True)
                for name, why in sorted(failed.items()):
                    print(f"[build]   table {name} {why[:300]}", flush=True)
            for future in sorted(finished, key=lambda f: _first(futures[f]).name):
                if isinstance(futures[future], list):  # light article pages, written together
                    part = futures[future]
                    try:
                        seconds = future.result()
                    except Exception as exc:  # noqa: BLE001 - reported with the pages it concerned
                        failures.append(f"light article pages ({len(part)}, from {part[0].name}) failed: "
                                        f"{type(exc).__name__}: {exc}")
                        continue
                    for run in part:
                        timings[run.name].status = "written"
                        timings[run.name].seconds = seconds / len(part)
                        _store_key(project, run, shared)
                    done += len(part)
                    print(f"[build] {done:>3}/{total} written   {seconds:6.1f}s  {len(part)} light article pages",
                          flush=True)
                    continue
                run = futures[future]
                timing = timings[run.name]
                if future.cancelled():
                    timing.status = "cancelled"
                    continue
                try:
                    timing.seconds = future.result()
                    timing.status = "executed"
                    _store_key(project, run, shared)
                except BuildError as exc:
                    timing.status = "failed"
                    project.output(run).unlink(missing_ok=True)
                    failures.append(f"notebook {run.notebook.relative_to(ROOT) if run.notebook.is_relative_to(ROOT) else run.notebook}"
                                    f" (page {run.name}, parameters {json.dumps(run.parameters, sort_keys=True)})"
                                    f" failed {exc}")
                except Exception as exc:  # noqa: BLE001 - a worker crash is a failure of that run
                    timing.status = "failed"
                    failures.append(f"notebook {run.notebook.name} (page {run.name}) failed: "
                                    f"{type(exc).__name__}: {exc}")
                done += 1
                _progress(done, total, timing, len(pending))
            if failures:
                for future in pending:
                    if future.cancel():
                        for run in futures[future] if isinstance(futures[future], list) else [futures[future]]:
                            timings[run.name].status = "cancelled"
    if failures:
        cancelled = [t.name for t in timings.values() if t.status == "cancelled"]
        tail = f"\n(not executed after the failure: {', '.join(cancelled)})" if cancelled else ""
        raise BuildError("\n\n".join(failures) + tail)
    return [timings[r.name] for r in runs]


def _first(item):
    return item[0] if isinstance(item, list) else item


# ------------------------------------------------------------------------------------------------------- book


def _toc_files(toc: dict) -> list[str]:
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


def expand_toc(toc, doc_ids: list[str]):
    """Replace every toc entry whose ``file`` contains ``{doc_id}`` by one entry per document."""
    if isinstance(toc, list):
        out = []
        for item in toc:
            if isinstance(item, dict) and "{doc_id}" in str(item.get("file", "")):
                out.extend({**item, "file": item["file"].format(doc_id=d)} for d in doc_ids)
            else:
                out.append(expand_toc(item, doc_ids))
        return out
    if isinstance(toc, dict):
        return {k: expand_toc(v, doc_ids) for k, v in toc.items()}
    return toc


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
    for docname in _toc_files(toc):
        if docname.startswith("book/"):
            continue
        for candidate in [ROOT / docname, *(ROOT.glob(docname + ".*"))]:
            if candidate.is_file():
                dst = project.root / candidate.relative_to(ROOT)
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(candidate, dst)


# ------------------------------------------------------------------------------------------------------ topic


def _topic(corpus_dir: Path):
    from .topic import TopicError, load_topic

    try:
        return load_topic(corpus_dir)
    except TopicError as exc:
        raise BuildError(str(exc)) from None


def intro_page(topic, corpus_name: str, n_docs: int, template: Path = INTRO_TEMPLATE) -> str:
    """The book's first page: ``intro.md`` (generic) with the topic's title, subtitle and introduction in place of
    ``{{ title }}`` and ``{{ introduction }}``, and one line for what the book leaves out for want of a codebook
    (or of a book.yaml)."""
    from .render import markdown_literal

    text = template.read_text(encoding="utf-8")
    text = re.sub(r"<!--.*?-->\n*", "", text, count=1, flags=re.S)  # the template's note to its editors
    if "{{ title }}" not in text or "{{ introduction }}" not in text:
        raise BuildError(f"{template}: the template must hold the lines {{{{ title }}}} and {{{{ introduction }}}}")
    title = markdown_literal(topic.title, max_chars=300)
    if topic.subtitle:
        title += "\n\n*" + markdown_literal(topic.subtitle, max_chars=300) + "*"
    parts = []
    if topic.is_default:
        parts.append(f"This book reads the {n_docs} article{'s' if n_docs != 1 else ''} of the folder "
                     f"`{corpus_name.replace('`', '')}`.")
        parts.append("*No `book.yaml` in the corpus folder: the book is titled from the folder, leaves out the naming "
                     "choices (they need a framing codebook) and compares the sides the corpus's actors are found "
                     "on.*")
    else:
        if topic.introduction:
            parts.append(topic.introduction.strip())
        if topic.codebook is None:
            parts.append("*The corpus's `book.yaml` names no framing codebook: the naming choices of the Source bias "
                         "chapter are left out.*")
    if topic.note("intro"):
        parts.append(topic.note("intro").strip())
    return (text.replace("{{ title }}", title, 1).replace("{{ introduction }}", "\n\n".join(parts), 1)
            .rstrip() + "\n")


def book_config(topic, corpus_name: str, source: Path | None = None, list_articles: bool = True) -> str:
    """The Jupyter Book configuration of this book: the repository's ``_config.yml`` with the topic's title and
    the corpus folder's name in the footer. Without ``list_articles`` (a large corpus, whose articles get light
    pages) the sidebar shows the chapters only (the theme's ``max_navbar_depth`` 1): a sidebar listing thousands
    of articles on every page is unreadable, and writing it makes the Sphinx step grow with the square of the
    corpus. The article pages stay in the table of contents; the corpus chapter's documents table, the evidence
    links and the search lead to them."""
    import html as html_module

    source = source or ROOT / "_config.yml"
    config = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    config["title"] = topic.title
    config.setdefault("html", {})["extra_footer"] = (
        f"Built from the articles in <code>{html_module.escape(corpus_name)}</code> with the <code>analysis</code> "
        "package.")
    if not list_articles:
        sphinx = config.setdefault("sphinx", {})
        sphinx["recursive_update"] = True  # merged into Jupyter Book's theme options, not in place of them
        sphinx.setdefault("config", {}).setdefault("html_theme_options", {})["max_navbar_depth"] = 1
    return ("# Generated by `python -m analysis build` from _config.yml and the corpus's book.yaml.\n"
            + yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=120))


def _write_if_changed(path: Path, text: str) -> None:
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return  # unchanged: Sphinx need not read it again
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def write_topic_pages(project: Project, corpus_dir: Path, doc_ids: list[str], list_articles: bool = True) -> None:
    """Write the book's first page (``book/intro.md``) and its configuration (``_build/.cache/_config.yml``) from
    the corpus's topic (``analysis.topic.load_topic``); ``list_articles``: see :func:`book_config`."""
    topic = _topic(corpus_dir)
    name = Path(corpus_dir).resolve().name
    _write_if_changed(project.pages / "intro.md", intro_page(topic, name, len(doc_ids)))
    _write_if_changed(project.config, book_config(topic, name, list_articles=list_articles))


def book_key(project: Project, runs: list[Run], toc_text: str) -> str:
    h = hashlib.sha256()
    for run in sorted(runs, key=lambda r: r.name):
        h.update(run.name.encode() + b"\0" + _sha256(project.output(run).read_bytes()).encode() + b"\n")
    h.update(b"toc\0" + toc_text.encode("utf-8"))
    for generated in (project.pages / "intro.md", project.config):
        h.update(generated.name.encode() + b"\0" + (_sha256(generated.read_bytes()) if generated.is_file() else "").encode())
    h.update(b"sources\0" + tree_digest_excluding(project.root, {"book", "_build"}).encode())
    h.update(b"lock\0" + (_sha256(LOCK.read_bytes()) if LOCK.exists() else "").encode())
    return h.hexdigest()


def tree_digest_excluding(root: Path, excluded: set[str]) -> str:
    """Digest of the book sources of a project: _config.yml, _toc.yml, _static and the toc's own pages."""
    h = hashlib.sha256()
    for name in BOOK_SOURCES:
        path = root / name
        if path.is_dir():
            h.update(name.encode() + b"\0" + tree_digest(path).encode())
        elif path.is_file():
            h.update(name.encode() + b"\0" + _sha256(path.read_bytes()).encode())
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    for docname in sorted(_toc_files(toc)):
        if docname.split("/", 1)[0] in excluded:
            continue
        for candidate in sorted([root / docname, *root.glob(docname + ".*")]):
            if candidate.is_file():
                h.update(docname.encode() + b"\0" + _sha256(candidate.read_bytes()).encode())
    return h.hexdigest()


def build_book(project: Project | None = None, runs: list[Run] | None = None, doc_ids: list[str] | None = None,
               strict: bool = True, force: bool = False) -> tuple[str, float]:
    """Run ``jupyter-book build`` on the project unless nothing changed; returns (status, seconds)."""
    project = project or Project(ROOT)
    start = time.perf_counter()
    toc = yaml.safe_load((project.root / "_toc.yml").read_text(encoding="utf-8"))
    expanded = expand_toc(toc, doc_ids or [])
    toc_path = project.root / "_toc.yml"
    toc_text = toc_path.read_text(encoding="utf-8")
    if expanded != toc:
        toc_path = project.build_dir / ".cache" / "_toc.yml"
        toc_path.parent.mkdir(parents=True, exist_ok=True)
        toc_text = yaml.safe_dump(expanded, sort_keys=False, allow_unicode=True)
        toc_path.write_text(toc_text, encoding="utf-8")
    stamp = project.build_dir / ".cache" / "book.json"
    key = book_key(project, runs or [], toc_text)
    pages = sorted(r.name for r in runs or [])
    previous = {}
    if stamp.is_file():
        try:
            previous = json.loads(stamp.read_text(encoding="utf-8"))
        except ValueError:
            previous = {}
    if not force and previous.get("key") == key and (project.html / "index.html").is_file():
        return "cached", time.perf_counter() - start
    # Sphinx copies static files only while writing pages, and writes nothing when no page is out of date: a change
    # to _static/ (or to the theme, through the lock) alone would leave the old CSS in the book. Re-read every page then.
    static = project.root / "_static"
    assets = hashlib.sha256(((tree_digest(static) if static.is_dir() else "") + "\0"
                             + (_sha256(LOCK.read_bytes()) if LOCK.exists() else "")).encode()).hexdigest()
    if force or previous.get("pages") != pages:
        # A clean Sphinx build: no HTML of a removed page may linger, and nothing stale is reused.
        shutil.rmtree(project.html, ignore_errors=True)
        shutil.rmtree(project.build_dir / ".doctrees", ignore_errors=True)
        shutil.rmtree(project.build_dir / "jupyter_execute", ignore_errors=True)
    stamp.unlink(missing_ok=True)
    cmd = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(project.root),
           "--path-output", str(project.root), "--toc", str(toc_path)]
    if project.config.is_file():
        cmd += ["--config", str(project.config)]
    if strict:
        cmd += ["-W", "-n", "--keep-going"]
    if previous.get("assets") != assets:
        cmd.append("--all")
    result = subprocess.run(cmd, cwd=project.root)
    if result.returncode != 0:
        raise BuildError(f"jupyter-book build failed (exit {result.returncode}); see the Sphinx messages above")
    complete_redirect(project.html)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(json.dumps({"key": key, "pages": pages, "assets": assets}, indent=1) + "\n", encoding="utf-8")
    return "built", time.perf_counter() - start


def complete_redirect(html: Path) -> None:
    """Give the root redirect page (``index.html`` -> the toc's root page) a title, a charset and the favicon.

    sphinx-external-toc writes it as a bare ``<meta http-equiv="Refresh">``, so that a browser opening the book's
    address asks for a missing ``/favicon.ico`` (a 404 in the console of every first visit).
    """
    index = html / "index.html"
    if not index.is_file():
        return
    text = index.read_text(encoding="utf-8").strip()
    match = re.fullmatch(r'<meta http-equiv="Refresh" content="0; url=([^"]+)" />', text)
    if not match or not (html / match.group(1)).is_file():
        return
    target_html = (html / match.group(1)).read_text(encoding="utf-8")
    icons = re.findall(r'<link rel="(?:shortcut )?icon"[^>]*>', target_html)
    title = re.search(r"<title>(.*?)</title>", target_html, re.S)
    index.write_text(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n"
        f"<title>{title.group(1) if title else ''}</title>\n{text}\n" + "".join(f"{i}\n" for i in icons)
        + f'</head>\n<body><p><a href="{match.group(1)}">{match.group(1)}</a></p></body>\n</html>\n',
        encoding="utf-8")


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
    with _project_lock(project):
        return _main(project, corpus_dir, force, book, jobs, runs_file, start)


def default_out(corpus_dir: Path) -> Path | None:
    """Where a corpus's book is built without ``--out``: the repository itself for the seeds, else a folder of its
    own, ``_build/corpora/NAME`` (so that building another corpus never overwrites or re-executes the seed book)."""
    corpus_dir = Path(corpus_dir).resolve()
    if corpus_dir == SEEDS.resolve():
        return None
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", corpus_dir.name).strip("._") or "corpus"
    return CORPORA / name


@contextlib.contextmanager
def _project_lock(project: Project):
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


def _main(project: Project, corpus_dir: Path, force: bool, book: bool, jobs: int | None, runs_file: Path | None,
          start: float) -> dict:
    prepare_project(project)
    _topic(corpus_dir)  # a bad book.yaml stops the build before anything is executed
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
        "project": str(project.root), "corpus": _corpus_param(corpus_dir), "force": force,
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
