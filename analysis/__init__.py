"""Helper package of the analysis book: everything that computes lives here.

Flow: seeds -> corpus -> clean -> segment -> actors -> (chronology | rhetoric -> bias) -> tables -> notebooks.
"""

from .corpus import Corpus, Document, LoadError, find_corpus, load_corpus

__all__ = ["Corpus", "Document", "LoadError", "find_corpus", "load_corpus"]
