"""The rhetoric tables of a corpus (quotes, quote problems, language features, actor sentiment): the stages' rows
for each document, with the contract's columns."""

from __future__ import annotations

import pandas as pd

from .language import language_features
from .marks import FEATURE_COLUMNS, PROBLEM_COLUMNS, QUOTE_COLUMNS, SENTIMENT_COLUMNS
from .quotes import extract_quotes, quote_problems
from .sentiment import actor_sentiment


def _selected(corpus, documents=None):
    wanted = set(documents or [])
    return [d for d in corpus if not wanted or d.doc_id in wanted]


def _with_parses(corpus, documents=None, parses=None):
    """(document, its parse or None) for the selected documents; ``parses``: doc_id -> the article's one parse
    (the map step gives its article's), else each sentence that needs a parse is parsed alone."""
    parses = parses or {}
    return [(d, parses.get(d.doc_id)) for d in _selected(corpus, documents)]


def quotes_table(corpus, documents=None, topic=None, parses=None) -> pd.DataFrame:
    rows = [vars(q) for d, parsed in _with_parses(corpus, documents, parses) for q in extract_quotes(d, topic, parsed)]
    return pd.DataFrame(rows, columns=QUOTE_COLUMNS)


def quote_problems_table(corpus, documents=None, topic=None, parses=None) -> pd.DataFrame:
    rows = [vars(p) for d, parsed in _with_parses(corpus, documents, parses) for p in quote_problems(d, topic, parsed)]
    return pd.DataFrame(rows, columns=PROBLEM_COLUMNS)


def rhetoric_table(corpus, documents=None, topic=None, parses=None) -> pd.DataFrame:
    rows = [vars(f) for d, parsed in _with_parses(corpus, documents, parses)
            for f in language_features(d, topic, parsed)]
    out = pd.DataFrame(rows, columns=FEATURE_COLUMNS)
    out["in_quote"] = out["in_quote"].astype(bool)
    return out


def actor_sentiment_table(corpus, documents=None, topic=None) -> pd.DataFrame:
    rows = [r for d in _selected(corpus, documents) for r in actor_sentiment(d, topic)]
    return pd.DataFrame(rows, columns=SENTIMENT_COLUMNS)
