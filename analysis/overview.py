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


# ------------------------------------------------------------------------------------ many articles, few shown


def top_documents(values, n: int, order=None) -> list[str]:
    """The ``n`` documents with the largest values (a Series or mapping doc_id -> number; ties by ``order``, the
    corpus order, else the Series' order), listed in ``order``: every document when there are at most ``n``.
    A document of ``order`` missing from ``values`` counts 0."""
    values = pd.Series(values, dtype=float) if not isinstance(values, pd.Series) else values.astype(float)
    order = list(order) if order is not None else list(values.index)
    if n is None or n <= 0 or len(order) <= n:
        return order
    rank = {d: i for i, d in enumerate(order)}
    chosen = set(sorted(order, key=lambda d: (-float(values.get(d, 0.0) or 0.0), rank[d]))[:n])
    return [d for d in order if d in chosen]


def left_out(shown: int, total: int, by: str, where: str) -> str:
    """One sentence for a figure that shows only some articles: how many are left out and where they are (HTML,
    escaped), or "" when every article is shown."""
    from .render import escape

    if shown >= total:
        return ""
    return (f"<p class='left-out'>Shown: the {shown} articles with the most {escape(by)}; the other "
            f"{total - shown} of the {total} articles are in {escape(where)}.</p>")


def book_sides(topic, present=()) -> list[str]:
    """The sides a chapter compares: the topic's sides (book.yaml ``sides``) in its order; for a topic without
    sides, the sides that have evidence in the tables (``present``, most evidence first), other than "other" and
    "unknown"."""
    if topic is not None and topic.sides:
        return list(topic.sides)
    return [s for s in dict.fromkeys(present) if s not in ("other", "unknown") and isinstance(s, str) and s]


def events_in(events, doc_ids) -> list:
    """Every event, in the same order (so that the timeline's labels E1, E2 … keep the numbers of the events
    table), each with only the records of ``doc_ids``: for a timeline that shows the lanes of some articles only.
    An event none of them tells keeps its place with no record, and draws nothing."""
    import dataclasses

    keep = set(doc_ids)
    out = []
    for event in events:
        records = [r for r in event.records if r.doc_id in keep]
        out.append(event if len(records) == len(event.records) else dataclasses.replace(event, records=records))
    return out


def record_counts(events) -> pd.Series:
    """Dated event records per document (the timeline's dots)."""
    return pd.Series([r.doc_id for e in events for r in e.records if getattr(r, "date", "")],
                     dtype=object).value_counts()
