"""The export contract: the one place that names tables and their columns.

Every table is computed from a loaded :class:`~analysis.corpus.Corpus` by :mod:`analysis.pipeline` (map per
article, reduce across articles); ``COLUMNS`` fixes the order and names of the columns that outside benchmarks
read (extra columns may follow the required ones). Every ``start``/``end`` is a character offset into the document's normalized ``text``.
``export`` writes them all as UTF-8 CSV (fixed float format, ``\\n`` endings) or Parquet, deterministically.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import table_cache
from .corpus import Corpus

COLUMNS: dict[str, list[str]] = {
    "documents": [
        "doc_id", "path", "title", "outlet", "author", "published", "genre", "origin", "derived_from", "n_words",
        "sha256", "text",
    ],
    "metadata_evidence": ["doc_id", "field", "value", "source", "evidence"],
    "load_report": ["path", "status", "reason", "doc_id"],
    "sentences": ["doc_id", "sentence_id", "paragraph", "start", "end", "text", "author_share"],
    "boilerplate": ["doc_id", "line", "text", "reason"],
    "mentions": ["doc_id", "entity", "surface", "type", "side", "start", "end", "sentence_id", "in_gazetteer"],
    # who says what (analysis.attribution): one row per reported statement or belief
    "attributions": ["doc_id", "attribution_id", "sentence_id", "source_start", "source_end", "source_text",
                     "cue_start", "cue_end", "cue_text", "content_start", "content_end", "content_text", "speaker",
                     "speaker_side", "kind"],
    # source bias (analysis.bias)
    "terms": ["doc_id", "group", "variant", "surface", "side", "count"],
    "term_hits": ["doc_id", "sentence_id", "start", "end", "surface", "group", "variant", "side"],
    "voices": ["doc_id", "side", "quotes", "quoted_words", "share"],
    "stance": ["doc_id", "target", "score", "n_sentences", "evidence"],  # the author's voice only
    "source_stance": ["doc_id", "source", "target", "score", "n_sentences", "evidence"],  # each source's content
    "derivations": ["source_doc", "derived_doc", "containment", "similarity", "is_derivative", "aligned_passages"],
    # rhetoric (analysis.rhetoric)
    "quotes": ["doc_id", "quote_id", "sentence_id", "start", "end", "text", "kind", "speaker", "speaker_side", "verb",
               "attribution_id"],
    "quote_problems": ["doc_id", "offset", "problem", "context"],
    "rhetoric": ["doc_id", "sentence_id", "start", "end", "text", "feature", "category"],
    "actor_sentiment": ["doc_id", "sentence_id", "actor", "side", "score"],
    # chronology (analysis.chronology)
    "timexes": ["doc_id", "sentence_id", "start", "end", "text", "type", "value", "anchor", "rule"],
    "events": ["event_id", "date", "summary", "actors", "doc_ids", "independent_sources", "evidence", "conflict",
               "polarity", "modality", "predicate", "agent", "patient"],
    "loaded_attribution": ["doc_id", "sentence_id", "start", "end", "text", "category", "counted_for", "polarity",
                           "done_to", "rule"],
    "reach": ["doc_id", "published", "earliest", "earliest_text", "latest", "latest_text", "n_dates", "years_back",
              "future"],
}


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
