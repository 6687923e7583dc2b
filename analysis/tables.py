"""The export: every table of a corpus, built and written.

The tables and their columns are named in :mod:`analysis.contract` (``COLUMNS``, re-exported here); they are
computed from a loaded :class:`~analysis.corpus.Corpus` by :mod:`analysis.pipeline` (map per article, reduce across
articles). ``export`` writes them all as UTF-8 CSV (fixed float format, ``\\n`` endings) or Parquet,
deterministically.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import table_cache
from .contract import COLUMNS  # noqa: F401  (re-exported: the contract is read as tables.COLUMNS)
from .corpus import Corpus

TABLES = tuple(COLUMNS)
FORMATS = ("csv", "parquet")
_MEMO: dict[str, dict[str, pd.DataFrame]] = {}  # the last corpus's tables in this process (a notebook asks often)


def build(corpus: Corpus, names: list[str] | None = None, engine: str = "local", jobs: int | None = None,
          scheduler: str | None = None, quiet: bool | None = None) -> dict[str, pd.DataFrame]:
    """The named tables (all by default), each with its contract columns first.

    All tables are computed together (:func:`analysis.pipeline.run`: map per article, reduce across articles),
    once per corpus and process, and read from the book build's cache when there is one."""
    from . import pipeline

    unknown = [n for n in names or [] if n not in COLUMNS]
    if unknown:
        raise KeyError(f"no export table {unknown} (tables: {', '.join(COLUMNS)})")
    key = table_cache.corpus_fingerprint(corpus)
    everything = _MEMO.get(key)
    if everything is None:
        everything = table_cache.get_all(
            corpus, lambda c: pipeline.run(c, engine=engine, jobs=jobs, scheduler=scheduler, quiet=quiet))
        _MEMO.clear()
        _MEMO[key] = everything
    out = {}
    for name in names or list(COLUMNS):
        frame = everything[name]
        required = COLUMNS[name]
        missing = [c for c in required if c not in frame.columns]
        if missing:
            raise AssertionError(f"table {name}: builder lost contract columns {missing}")
        extra = [c for c in frame.columns if c not in required]
        out[name] = frame[required + extra].reset_index(drop=True)
    return out


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Deterministic CSV: UTF-8, '\\n' line endings, floats with 4 decimals, empty string for missing."""
    frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\n", float_format="%.4f", na_rep="")


def _arrow_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Object columns that mix types (a text column with a missing value read as NaN, say) as strings."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object:
            kinds = {type(v) for v in out[column] if v is not None and not (isinstance(v, float) and v != v)}
            if len(kinds) > 1:
                out[column] = out[column].map(lambda v: v if v is None or (isinstance(v, float) and v != v)
                                              else str(v))
    return out


def write_parquet(frame: pd.DataFrame, path: Path) -> None:
    """Deterministic Parquet (pyarrow, no index, zstd): the same table gives the same bytes."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(_arrow_safe(frame), preserve_index=False)
    pq.write_table(table, path, compression="zstd")


def export(corpus: Corpus, out_dir: str | Path, names: list[str] | None = None, fmt: str = "csv",
           engine: str = "local", jobs: int | None = None, scheduler: str | None = None,
           quiet: bool | None = None) -> dict[str, Path]:
    """Write the tables into ``out_dir`` as ``NAME.csv`` (default) or ``NAME.parquet``."""
    if fmt not in FORMATS:
        raise ValueError(f"format: {fmt!r} is not one of {FORMATS}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, frame in build(corpus, names, engine=engine, jobs=jobs, scheduler=scheduler, quiet=quiet).items():
        path = out_dir / f"{name}.{fmt}"
        (write_csv if fmt == "csv" else write_parquet)(frame, path)
        written[name] = path
    return written
