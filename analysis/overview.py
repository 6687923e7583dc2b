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


def furniture_summary(boilerplate: pd.DataFrame, doc_ids: list[str] | None = None) -> pd.DataFrame:
    """Removed lines per reason (rows, with a total) and document (columns, ``doc_ids`` in that order with 0 for a
    document that lost nothing): a corpus has fewer documents than reasons, so the table stays narrow."""
    if boilerplate.empty:
        return pd.DataFrame(0, index=pd.Index(["total"], name="reason"), columns=list(doc_ids or []))
    out = boilerplate.groupby(["reason", "doc_id"]).size().unstack("doc_id", fill_value=0).sort_index()
    if doc_ids is not None:
        out = out.reindex(columns=list(doc_ids), fill_value=0)
    out.columns.name = None
    out.loc["total"] = out.sum()
    return out
