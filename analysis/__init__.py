"""The analysis library: everything that computes lives here; it never imports the book package (newsbook).

Flow: corpus -> clean -> segment -> parse (once) -> stages per article (context.Stage, pipeline.STAGES: actors,
attribution, rhetoric, naming, voices, loaded words, stance, chronology, reuse) -> cross-article steps -> contract
tables -> notebooks and the book.
"""

from .corpus import Corpus, Document, LoadError, find_corpus, load_corpus

__all__ = ["Corpus", "Document", "LoadError", "find_corpus", "load_corpus"]
