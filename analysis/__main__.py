"""Command line: ``python -m analysis export | build | bench``.

  export --corpus DIR --out DIR [--lenient] [--format csv|parquet] [--engine local|dask] [--scheduler ADDR]
         [--jobs N]                          write the tables of the export contract (map per article, reduce
                                              across articles; a process pool, or Dask)
  build [--corpus DIR] [--force] [--no-book] [--out DIR] [--jobs N]
                                              execute every notebook run with papermill (parallel, cached),
                                              then build the book into <out>/_build/html
  bench [--out DIR]                           time clean / unchanged / one-notebook-changed builds and the floor
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .corpus import LoadError, load_corpus


def _export(args) -> int:
    from . import tables

    corpus = load_corpus(args.corpus, strict=not args.lenient)
    for status in corpus.report:
        if status.status == "rejected":
            print(f"rejected {status.path}: {status.reason}", file=sys.stderr)
    written = tables.export(corpus, args.out, fmt=args.format, engine=args.engine, jobs=args.jobs,
                            scheduler=args.scheduler, quiet=True if args.quiet else None)
    for name, path in written.items():
        print(f"{name}: {path}")
    return 0


def _build(args) -> int:
    from newsbook import build  # the book package: the command line is the one front door to both

    out = args.out or os.environ.get("ANALYSIS_BOOK_OUT") or None
    try:
        build.main(Path(args.corpus), force=args.force, book=not args.no_book, out=Path(out) if out else None,
                   jobs=args.jobs, runs_file=Path(args.runs) if args.runs else None)
    except build.BuildError as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    return 0


def _bench(args) -> int:
    import runpy

    from newsbook.build import ROOT

    bench = runpy.run_path(str(ROOT / "benchmarks" / "build_bench.py"))
    return bench["main"](["--out", args.out] if args.out else [])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("export", help="write the export tables as CSV")
    p.add_argument("--corpus", required=True, help="folder of .txt articles (with an optional metadata.yaml)")
    p.add_argument("--out", required=True, help="folder to write the CSV tables into")
    p.add_argument("--lenient", action="store_true", help="report rejected files and go on (default: fail)")
    p.add_argument("--format", choices=("csv", "parquet"), default="csv", help="table files (default: csv)")
    p.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local: a process pool over the cores (default); dask: dask.distributed")
    p.add_argument("--scheduler", help="with --engine dask: the scheduler's address (default: a LocalCluster)")
    p.add_argument("--jobs", type=int, help="worker processes (default: the number of cores)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_export)
    p = sub.add_parser("build", help="execute the notebooks and build the book")
    p.add_argument("--corpus", default="seeds", help="folder of articles (default: seeds)")
    p.add_argument("--force", action="store_true", help="re-execute every notebook")
    p.add_argument("--no-book", action="store_true", help="execute the notebooks only")
    p.add_argument("--out", help="build in this folder instead of the repository (the book sources are copied "
                                 "there; env ANALYSIS_BOOK_OUT does the same)")
    p.add_argument("--jobs", type=int, help="parallel notebook runs (default: the number of cores)")
    p.add_argument("--runs", help=argparse.SUPPRESS)  # another runs.yaml (the benchmark's floor notebooks)
    p.set_defaults(func=_build)
    p = sub.add_parser("bench", help="benchmark the build (results in _build/bench)")
    p.add_argument("--out", help="folder for the benchmark's results and scratch builds (default _build/bench)")
    p.set_defaults(func=_bench)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except LoadError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
