"""The export contract's names: every table and its columns, in order (outside benchmarks read them).

Extra columns may follow the required ones. Every ``start``/``end`` is a character offset into the document's
normalized ``text``. A module of its own so that the pipeline, which fills the tables, and ``analysis.tables``,
which builds and writes them, both read it from below.
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
