"""Benchmark of the book build on this machine (``make bench`` / ``python -m analysis bench``).

Four measurements, each a fresh ``python -m analysis build`` process timed by wall clock, into a scratch project
under ``_build/bench/`` (the repository's ``book/`` and ``_build/html`` are left alone):

1. clean: an empty project, every notebook run executed, the book built;
2. unchanged: the same build again, nothing changed (every run and the Sphinx step should come from the cache);
3. one notebook changed: a copy of ``notebooks/`` in which the first run's notebook gained one Markdown sentence;
   only that run re-executes, then the book is rebuilt;
4. floor: one run per run of the clean build, each of a notebook that only starts the kernel, takes the same
   parameters and makes the import statements of the real run's notebook (collected from its code cells),
   executed by the same parallel runner, without the book.

Targets: unchanged < 10% of clean; clean < 1.5 x (floor + the clean build's Sphinx step). Results are written to
``_build/bench/*.json`` and printed as a table with the per-notebook breakdown.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _build(out: Path, *extra: str) -> dict:
    cmd = [sys.executable, "-m", "analysis", "build", "--corpus", "seeds", "--out", str(out), *extra]
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-5000:] + result.stderr[-5000:])
        raise SystemExit(f"bench: build failed: {' '.join(cmd)}")
    record = json.loads((out / "_build" / ".cache" / "last_build.json").read_text(encoding="utf-8"))
    record["wall_seconds"] = wall
    return record


def _imports(notebooks: list[Path]) -> list[str]:
    """The import statements of the notebooks' code cells, de-duplicated, in first-seen order."""
    import nbformat

    seen: list[str] = []
    for path in notebooks:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "code":
                continue
            try:
                tree = ast.parse(cell.source)
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    line = ast.unparse(node)
                    if line not in seen:
                        seen.append(line)
    return seen


def _floor_notebooks(folder: Path, runs: list) -> tuple[Path, dict[str, list[str]]]:
    """For each real run, a run of a notebook that only takes the same parameters and makes the same imports."""
    import nbformat

    folder.mkdir(parents=True, exist_ok=True)
    imports = {}
    for notebook in sorted({r.notebook for r in runs}):
        imports[notebook.name] = _imports([notebook])
        source = nbformat.read(notebook, as_version=4)
        params = next(c for c in source.cells if "parameters" in c.metadata.get("tags", []))
        nb = nbformat.v4.new_notebook()
        nb.metadata["language_info"] = {"name": "python"}
        cell = nbformat.v4.new_code_cell(params.source)
        cell.metadata["tags"] = ["parameters"]
        nb.cells = [cell, nbformat.v4.new_code_cell("\n".join(imports[notebook.name]) or "pass")]
        nbformat.write(nb, folder / f"floor_{notebook.name}")
    lines = ["runs:"]
    for i, run in enumerate(runs):
        extra = {k: v for k, v in run.parameters.items() if k != "corpus_dir"}
        lines += [f"  - notebook: floor_{run.notebook.name}", f"    output: floor_{i:03d}.ipynb",
                  f"    parameters: {json.dumps(extra, sort_keys=True)}"]
    (folder / "runs.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder / "runs.yaml", imports


def _touched_notebooks(folder: Path, notebook_name: str) -> Path:
    """A copy of notebooks/ in which one notebook gained a Markdown sentence (its content hash changes)."""
    import nbformat

    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(ROOT / "notebooks", folder)
    nb = nbformat.read(folder / notebook_name, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("(A sentence added by the benchmark.)"))
    nbformat.write(nb, folder / notebook_name)
    return folder / "runs.yaml"


def _row(label: str, record: dict) -> list[str]:
    book = record.get("book") or {}
    executed = [r for r in record["runs"] if r["status"] == "executed"]
    return [label, f"{record['wall_seconds']:.1f}", f"{len(executed)}/{len(record['runs'])}",
            f"{sum(r['seconds'] for r in executed):.1f}", f"{book.get('seconds', 0):.1f} ({book.get('status', '-')})"]


def _table(rows: list[list[str]], head: list[str]) -> str:
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    def fmt(r):
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
    return "\n".join([fmt(head), fmt(["-" * w for w in widths]), *map(fmt, rows)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=str(ROOT / "_build" / "bench"))
    args = parser.parse_args(argv)
    out = Path(args.out).resolve()
    project = out / "project"
    shutil.rmtree(project, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    print(f"bench: {os.cpu_count()} cores; scratch project {project}", flush=True)

    print("bench: clean build ...", flush=True)
    clean = _build(project)
    for attempt in range(3):  # noqa: B007 (the count is read after the loop)
        print("bench: rebuild, nothing changed ...", flush=True)
        unchanged = _build(project)
        reasons = sorted({r["reason"] for r in unchanged["runs"] if r["status"] == "executed"})
        if not reasons:
            break
        # Someone edited an input (the analysis package, a notebook) while the benchmark ran: measure again.
        print(f"bench: inputs changed during the benchmark ({'; '.join(reasons)}); measuring again", flush=True)
    unchanged["attempts"] = attempt + 1
    first = clean["runs"][0]
    print(f"bench: rebuild after changing {first['notebook']} ...", flush=True)
    touched = _build(project, "--runs", str(_touched_notebooks(out / "notebooks_touched", first["notebook"])))

    from newsbook import build

    runs = build.plan(ROOT / "seeds")
    print(f"bench: floor: {len(runs)} runs that only start a kernel and import ...", flush=True)
    floor_runs, imports = _floor_notebooks(out / "floor_notebooks", runs)
    floor_project = out / "floor_project"
    shutil.rmtree(floor_project, ignore_errors=True)
    floor = _build(floor_project, "--runs", str(floor_runs), "--no-book", "--force")

    sphinx = (clean.get("book") or {}).get("seconds", 0.0)
    summary = {
        "cores": os.cpu_count(),
        "load_average_at_end": os.getloadavg(),  # other work on the machine makes every figure slower
        "runs": len(runs),
        "clean_seconds": clean["wall_seconds"],
        "unchanged_seconds": unchanged["wall_seconds"],
        "one_notebook_changed_seconds": touched["wall_seconds"],
        "floor_seconds": floor["wall_seconds"],
        "sphinx_seconds": sphinx,
        "floor_imports": imports,
        "unchanged_over_clean": unchanged["wall_seconds"] / clean["wall_seconds"],
        "clean_over_floor_plus_sphinx": clean["wall_seconds"] / (floor["wall_seconds"] + sphinx),
    }
    summary["targets_met"] = {
        "unchanged < 10% of clean": summary["unchanged_over_clean"] < 0.10,
        "clean < 1.5 x (floor + sphinx)": summary["clean_over_floor_plus_sphinx"] < 1.5,
    }
    for name, record in (("clean", clean), ("unchanged", unchanged), ("one_notebook_changed", touched),
                         ("floor", floor), ("summary", summary)):
        (out / f"{name}.json").write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")

    print()
    print(_table([_row("clean build", clean), _row("rebuild, nothing changed", unchanged),
                  _row(f"rebuild, {first['notebook']} changed", touched), _row("floor (kernel + imports)", floor)],
                 ["build", "wall s", "executed", "sum of runs s", "sphinx s"]))
    print()
    rows = []
    for rec_c, rec_u, rec_t in zip(clean["runs"], unchanged["runs"], touched["runs"]):
        rows.append([rec_c["name"], f"{rec_c['seconds']:.1f}", f"{rec_u['seconds']:.1f} {rec_u['status']}",
                     f"{rec_t['seconds']:.1f} {rec_t['status']}"])
    print(_table(rows, ["page", "clean s", "unchanged", "one changed"]))
    print()
    print(f"unchanged / clean = {summary['unchanged_over_clean']:.3f} (target < 0.10): "
          f"{'met' if summary['targets_met']['unchanged < 10% of clean'] else 'NOT met'}")
    print(f"clean / (floor + sphinx) = {clean['wall_seconds']:.1f} / ({floor['wall_seconds']:.1f} + {sphinx:.1f}) = "
          f"{summary['clean_over_floor_plus_sphinx']:.2f} (target < 1.5): "
          f"{'met' if summary['targets_met']['clean < 1.5 x (floor + sphinx)'] else 'NOT met'}")
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores (other work on the machine skews all figures)")
    print(f"results in {out}/*.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
