"""The notebook runs of a book and their cache keys: which runs a corpus needs, and which are stale.

Runs are listed in ``notebooks/runs.yaml``; each is executed into ``<project>/book/`` with the corpus folder
injected as ``corpus_dir`` (and ``doc_id`` for ``per_document`` entries, one run per article of the corpus).

Cache: a run is skipped when the sha256 of its inputs (notebook bytes, parameters, every corpus file, every file
of the ``analysis`` package including ``data/``, ``requirements.lock``) equals the key stored next to its executed
notebook in ``book/.cache/<output>.json`` and the executed notebook is still the one written then. Pages of runs
that are no longer planned (a removed article) are deleted.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from analysis.digest import tree_digest

from .book_project import BOOK_PACKAGE, BOOK_PAGES, LOCK, NOTEBOOKS, PACKAGE, ROOT, BuildError, Project

KERNEL = "analysis-book"
CACHE_VERSION = 1


@dataclass
class Run:
    notebook: Path
    output: Path  # where the executed notebook goes when the project is the repository (book/<name>)
    parameters: dict = field(default_factory=dict)
    static: bool = False  # a light article page written from the tables (newsbook.article.page_notebook), no kernel

    @property
    def name(self) -> str:
        """The output path relative to the pages folder, e.g. ``corpus.ipynb`` or ``documents/001_x.ipynb``."""
        return self.output.relative_to(BOOK_PAGES).as_posix()

    @property
    def docname(self) -> str:
        """The page name in the toc, e.g. ``book/corpus``."""
        return "book/" + self.name.rsplit(".", 1)[0]


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
    corpus_param = corpus_parameter(corpus_dir)
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
    from analysis.corpus import load_corpus

    return [d.doc_id for d in load_corpus(corpus_dir)]


def corpus_parameter(corpus_dir: Path) -> str:
    """The corpus folder as the executed notebooks see it: relative to the project root when inside it."""
    corpus_dir = Path(corpus_dir).resolve()
    try:
        return corpus_dir.relative_to(ROOT).as_posix()
    except ValueError:
        return str(corpus_dir)


# ------------------------------------------------------------------------------------------------- cache keys


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def shared_inputs(corpus_dir: Path) -> dict:
    """The inputs every run depends on: the corpus files, the analysis library and the book package, and the lock
    file."""
    return {
        "corpus": tree_digest(corpus_dir),
        "analysis": tree_digest(PACKAGE),
        "newsbook": tree_digest(BOOK_PACKAGE),
        "lock": sha256(LOCK.read_bytes()) if LOCK.exists() else "",
        "kernel": KERNEL,
        "version": CACHE_VERSION,
    }


def run_inputs(run: Run, shared: dict) -> dict:
    """What an executed notebook depends on (hashes of files, and the parameters)."""
    return {
        "notebook": sha256(run.notebook.read_bytes()),
        "name": run.name,
        "parameters": run.parameters,
        **shared,
    }


def run_key(run: Run, shared: dict) -> str:
    return sha256(json.dumps(run_inputs(run, shared), sort_keys=True, ensure_ascii=True).encode("ascii"))


def stale_reason(project: Project, run: Run, shared: dict) -> str | None:
    """None when the executed notebook is up to date, else why it must be executed (e.g. 'analysis changed')."""
    cache_file, output = project.cache_file(run), project.output(run)
    if not output.is_file():
        return "not executed yet"
    try:
        stored = json.loads(cache_file.read_text(encoding="utf-8"))
    except (ValueError, OSError):
        return "no cache key"
    if stored.get("output_sha256") != sha256(output.read_bytes()):
        return "executed notebook edited since"
    if stored.get("key") == run_key(run, shared):
        return None
    before, now = stored.get("inputs") or {}, run_inputs(run, shared)
    changed = sorted(k for k in set(before) | set(now) if before.get(k) != now.get(k))
    return f"{', '.join(changed) or 'inputs'} changed"


def store_key(project: Project, run: Run, shared: dict) -> None:
    cache_file = project.cache_file(run)
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    record = {"key": run_key(run, shared), "inputs": run_inputs(run, shared),
              "output_sha256": sha256(project.output(run).read_bytes())}
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
