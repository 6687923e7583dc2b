"""The export contract: the one place that names tables and their columns.

Each table is built from a loaded :class:`~analysis.corpus.Corpus` by a function registered in ``BUILDERS``;
``COLUMNS`` fixes the order and names of the columns that outside benchmarks read (extra columns may follow the
required ones). Every ``start``/``end`` is a character offset into the document's normalized ``text``.
``export`` writes them all as UTF-8 CSV, deterministically (rows sorted, fixed float format, ``\\n`` endings).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pandas as pd

from . import actors, table_cache
from .corpus import Corpus

COLUMNS: dict[str, list[str]] = {
    "documents": [
        "doc_id", "path", "title", "outlet", "author", "published", "genre", "origin", "derived_from", "n_words",
        "sha256", "text",
    ],
    "metadata_evidence": ["doc_id", "field", "value", "source", "evidence"],
    "load_report": ["path", "status", "reason", "doc_id"],
    "sentences": ["doc_id", "sentence_id", "paragraph", "start", "end", "text"],
    "boilerplate": ["doc_id", "line", "text", "reason"],
    "mentions": ["doc_id", "entity", "surface", "type", "side", "start", "end", "sentence_id"],
    # source bias (analysis.bias)
    "terms": ["doc_id", "group", "variant", "surface", "side", "count"],
    "term_hits": ["doc_id", "sentence_id", "start", "end", "surface", "group", "variant", "side"],
    "voices": ["doc_id", "side", "quotes", "quoted_words", "share"],
    "stance": ["doc_id", "target", "score", "n_sentences", "evidence"],
    "derivations": ["source_doc", "derived_doc", "containment", "similarity", "is_derivative", "aligned_passages"],
    # rhetoric (analysis.rhetoric)
    "quotes": ["doc_id", "quote_id", "sentence_id", "start", "end", "text", "kind", "speaker", "speaker_side", "verb"],
    "quote_problems": ["doc_id", "offset", "problem", "context"],
    "rhetoric": ["doc_id", "sentence_id", "start", "end", "text", "feature", "category"],
    "actor_sentiment": ["doc_id", "sentence_id", "actor", "side", "score"],
    # chronology (analysis.chronology)
    "timexes": ["doc_id", "sentence_id", "start", "end", "text", "type", "value", "anchor", "rule"],
    "events": ["event_id", "date", "summary", "actors", "doc_ids", "independent_sources", "evidence", "conflict"],
    "loaded_attribution": ["doc_id", "sentence_id", "start", "end", "text", "category", "counted_for", "polarity",
                           "done_to", "rule"],
    "reach": ["doc_id", "published", "earliest", "earliest_text", "latest", "latest_text", "n_dates", "years_back",
              "future"],
}


def documents(corpus: Corpus) -> pd.DataFrame:
    derived = derived_from(corpus)
    rows = []
    for doc in corpus:
        rows.append({
            "doc_id": doc.doc_id,
            "path": doc.path,
            "title": doc.value("title"),
            "outlet": doc.value("outlet"),
            "author": doc.value("author"),
            "published": doc.value("published"),
            "genre": doc.value("genre"),
            "origin": doc.value("origin"),
            "derived_from": derived.get(doc.doc_id, ""),
            "n_words": doc.n_words,
            "sha256": doc.sha256,
            "text": doc.text,
        })
    return pd.DataFrame(rows, columns=COLUMNS["documents"])


def derived_from(corpus: Corpus) -> dict[str, str]:
    """{derived doc_id: source doc_id} for the pairs judged derivative (see analysis.bias)."""
    from . import bias  # imported here: bias is a later stage than the tables it feeds

    return bias.derived_map(corpus)


def metadata_evidence(corpus: Corpus) -> pd.DataFrame:
    rows = [
        {"doc_id": doc.doc_id, "field": name, "value": mv.value, "source": mv.source, "evidence": mv.evidence}
        for doc in corpus
        for name, mv in sorted(doc.meta.items())
    ]
    return pd.DataFrame(rows, columns=COLUMNS["metadata_evidence"])


def load_report(corpus: Corpus) -> pd.DataFrame:
    rows = [vars(r) for r in corpus.report]
    return pd.DataFrame(rows, columns=COLUMNS["load_report"])


def sentences(corpus: Corpus) -> pd.DataFrame:
    rows = [
        {"doc_id": doc.doc_id, "sentence_id": s.sentence_id, "paragraph": s.paragraph, "start": s.start,
         "end": s.end, "text": s.text}
        for doc in corpus
        for s in doc.sentences
    ]
    return pd.DataFrame(rows, columns=COLUMNS["sentences"])


def boilerplate(corpus: Corpus) -> pd.DataFrame:
    rows = [
        {"doc_id": doc.doc_id, "line": r.line, "text": r.text, "reason": r.reason}
        for doc in corpus
        for r in doc.removed
    ]
    return pd.DataFrame(rows, columns=COLUMNS["boilerplate"])


def mentions(corpus: Corpus) -> pd.DataFrame:
    rows = [vars(m) for doc in corpus for m in actors.find_mentions(doc)]
    return pd.DataFrame(rows, columns=COLUMNS["mentions"])


BUILDERS: dict[str, Callable[[Corpus], pd.DataFrame]] = {
    "documents": documents,
    "metadata_evidence": metadata_evidence,
    "load_report": load_report,
    "sentences": sentences,
    "boilerplate": boilerplate,
    "mentions": mentions,
    "terms": lambda corpus: _bias().terms_table(corpus),
    "term_hits": lambda corpus: _bias().term_hits(corpus),
    "voices": lambda corpus: _bias().voices_table(corpus),
    "stance": lambda corpus: _bias().stance_table(corpus),
    "derivations": lambda corpus: _bias().derivations(corpus),
    "quotes": lambda corpus: _rhetoric().quotes_table(corpus),
    "quote_problems": lambda corpus: _rhetoric().quote_problems_table(corpus),
    "rhetoric": lambda corpus: _rhetoric().rhetoric_table(corpus),
    "actor_sentiment": lambda corpus: _rhetoric().actor_sentiment_table(corpus),
    "timexes": lambda corpus: _chronology().timexes_table(corpus),
    "events": lambda corpus: _chronology().events_table(corpus),
    "reach": lambda corpus: _chronology().reach(corpus),
    "loaded_attribution": lambda corpus: _bias().loaded_attribution_table(corpus),
}


def _chronology():
    from . import chronology  # imported late: spaCy loads only when a chronology table is built

    return chronology


def _rhetoric():
    from . import rhetoric  # imported late: spaCy loads only when a rhetoric table is built

    return rhetoric


def _bias():
    from . import bias  # imported late: bias reads the rhetoric tables through this module

    return bias


def build(corpus: Corpus, names: list[str] | None = None) -> dict[str, pd.DataFrame]:
    """The named tables (all by default), each with its contract columns first."""
    out = {}
    for name in names or list(BUILDERS):
        frame = table_cache.get(name, corpus, BUILDERS[name])  # computes, unless a book build already did
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


def export(corpus: Corpus, out_dir: str | Path, names: list[str] | None = None) -> dict[str, Path]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, frame in build(corpus, names).items():
        path = out_dir / f"{name}.csv"
        write_csv(frame, path)
        written[name] = path
    return written
