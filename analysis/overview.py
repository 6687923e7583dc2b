"""Corpus-level summaries for the Corpus chapter (pure functions of the export tables)."""

from __future__ import annotations

import pandas as pd


def mention_matrix(mentions: pd.DataFrame, top: int = 20, min_docs: int = 1) -> pd.DataFrame:
    """Mentions per document (columns) of the ``top`` most mentioned actors (rows), most mentioned first."""
    if mentions.empty:
        return pd.DataFrame()
    counts = mentions.groupby(["entity", "doc_id"]).size().unstack("doc_id", fill_value=0)
    present = (counts > 0).sum(axis=1)
    counts = counts[present >= min_docs]
    order = counts.sum(axis=1).sort_values(ascending=False, kind="mergesort")
    ranked = sorted(order.index, key=lambda e: (-order[e], e))
    return counts.loc[ranked[:top]].sort_index(axis=1)


def mention_sides(mentions: pd.DataFrame) -> pd.DataFrame:
    """Mentions per document and side (share of the document's mentions)."""
    if mentions.empty:
        return pd.DataFrame()
    counts = mentions.groupby(["doc_id", "side"]).size().unstack("side", fill_value=0)
    return counts.div(counts.sum(axis=1), axis=0).round(3)


def furniture_summary(boilerplate: pd.DataFrame) -> pd.DataFrame:
    """Removed lines per document and reason."""
    if boilerplate.empty:
        return pd.DataFrame()
    return boilerplate.groupby(["doc_id", "reason"]).size().unstack("reason", fill_value=0).sort_index()
