"""The export contract's names: every table and its columns, in order (outside benchmarks read them).

``COLUMNS`` are the required columns, in order; ``EXTRA`` the columns the export writes after them (outside readers
may rely on the required ones only). Every ``start``/``end`` is a character offset into the document's normalized
``text``. This is the one place that names a table's columns: the stages that write a table's rows, the pipeline
that fills the tables and ``analysis.tables``, which builds and writes them, all read it (it imports nothing).
"""

from __future__ import annotations

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

EXTRA: dict[str, list[str]] = {
    "quotes": ["verb_class", "speaker_surface", "attribution", "problems"],
    "rhetoric": ["in_quote"],
    "actor_sentiment": ["pos", "neu", "neg", "text"],
    "term_hits": ["quoted"],
    "terms": ["quoted"],
    "voices": ["quote_share", "absent"],
    "stance": ["label", "low", "high", "strength", "n_mentions", "n_loaded", "loaded", "ranked_evidence"],
    "source_stance": ["label", "low", "high", "source_side"],
    "derivations": ["lift", "aligned_share"],
    # TimeML mod (LESS_THAN, APPROX, START, ...); the last day of a range ("April 10-13")
    "timexes": ["mod", "until"],
}


def columns(table: str) -> list[str]:
    """The columns the export writes for ``table``: the required ones, then its extra ones."""
    return COLUMNS[table] + EXTRA.get(table, [])
