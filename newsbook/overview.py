"""Corpus-level summaries for the Corpus chapter: functions of the export tables."""

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


# ------------------------------------------------------------------------------------------------- outlet cards

QUOTED_KINDS = ("direct", "mixed")  # attributions whose content is (partly) in quotation marks
MARKED_QUOTES = ("direct", "partial")  # quotations (quotes table) in quotation marks
VOICE_KINDS = ("direct", "mixed", "indirect", "according_to", "distancing")  # statements; not beliefs or plans
UNNAMED = "unnamed source"


def _blank(value) -> bool:
    return value is None or (isinstance(value, float) and value != value) or (isinstance(value, str)
                                                                              and not value.strip())


def _str(value) -> str:
    return "" if _blank(value) else str(value)


def _num(value):
    return None if _blank(value) else float(value)


def affiliation(author: str, evidence: str) -> str:
    """What an author line says the author is, after the name: "Source: Dr Jane Roe, is a Senior Fellow at the
    Institute ... in Lyon, France." -> "Senior Fellow at the Institute ... in Lyon, France"; "" when the line says
    nothing more than the name ("Post Author: Intercourier")."""
    import re

    author, evidence = _str(author), _str(evidence)
    if not author or author not in evidence:
        return ""
    rest = evidence[evidence.index(author) + len(author):]
    rest = re.sub(r"^[\s,;:–—-]*(?:(?:who\s+)?is\s+|was\s+)?(?:(?:a|an|the)\s+)?", "", rest, flags=re.I)
    return rest.strip().rstrip(".").strip()


def _side_order(topic, present) -> dict[str, int]:
    sides = book_sides(topic, present)
    order = {s: i for i, s in enumerate(sides)}
    for s in present:
        order.setdefault(s, len(order) + (100 if s in ("neutral", "other", "unknown") else 0))
    return order


def _naming(terms: pd.DataFrame, order: dict[str, int]) -> list[dict]:
    """The codebook variants an article uses: group, variant, the side it signals, how often (and how often inside
    quotation marks), and the surfaces it was written as."""
    if terms is None or terms.empty:
        return []
    out = []
    for (group, variant, side), rows in terms.groupby(["group", "variant", "side"], sort=False):
        rows = rows.sort_values(["count", "surface"], ascending=[False, True], kind="mergesort")
        out.append({"group": group, "variant": variant, "side": side, "count": int(rows["count"].sum()),
                    "quoted": int(rows["quoted"].sum()) if "quoted" in rows else 0,
                    "surfaces": list(dict.fromkeys(rows["surface"]))})
    return sorted(out, key=lambda r: (order.get(r["side"], 99), r["group"], -r["count"], r["variant"]))


def _voices(attributions: pd.DataFrame, order: dict[str, int], quotes: pd.DataFrame | None = None) -> list[dict]:
    """Who speaks in the article: each speaker of its reported statements (attributions of kind direct, mixed,
    indirect, according_to, distancing; beliefs and plans are not voices) with the side, the number of statements,
    how many of them are (partly) in quotation marks (a direct or mixed statement, or one that a quotation in
    quotation marks of the ``quotes`` table is linked to), and their sentences."""
    if attributions is None or attributions.empty:
        return []
    said = attributions[attributions["kind"].isin(VOICE_KINDS)]
    marked = set()
    if quotes is not None and not quotes.empty and "attribution_id" in quotes:
        marked = set(quotes.loc[quotes["kind"].isin(MARKED_QUOTES), "attribution_id"].dropna()) - {""}
    out = []
    for (speaker, side), rows in said.groupby(["speaker", "speaker_side"], sort=False):
        name = _str(speaker)
        quoted = rows["kind"].isin(QUOTED_KINDS) | rows["attribution_id"].isin(marked)
        out.append({"speaker": UNNAMED if name in ("", "unknown") else name, "side": _str(side) or "unknown",
                    "statements": len(rows), "quoted": int(quoted.sum()),
                    "sentence_ids": list(dict.fromkeys(rows["sentence_id"]))})
    return sorted(out, key=lambda r: (order.get(r["side"], 99), r["speaker"] == UNNAMED, -r["statements"],
                                      r["speaker"]))


def top_evidence(tables: dict, doc_id: str, target: str, k: int = 3) -> list[str]:
    """The ``k`` evidence sentences of the author's stance toward ``target`` in ``doc_id`` that pull hardest in the
    direction of its score (ties in text order); only sentences of the stance table's ``evidence``. Read from the
    stance table's ``ranked_evidence`` (:func:`analysis.stance.by_voice.author_rows`), so a notebook needs no parse."""
    stance = tables["stance"]
    row = stance[(stance["doc_id"] == doc_id) & (stance["target"] == target)]
    if row.empty:
        return []
    ranked = [x for x in _str(row["ranked_evidence"].iloc[0]).split(";") if x]  # ranked by the map step
    return ranked[:k]


def outlet_cards(tables: dict[str, pd.DataFrame], topic=None, top: int = 3, rank: bool = True) -> list[dict]:
    """One card per article (in the documents table's order): who published it and how it tells the story.

    Keys: ``doc_id``, ``title``, ``outlet``, ``origin``, ``author``, ``affiliation`` (what the author line says
    after the name; "" if nothing), ``genre``, ``published`` (ISO, for a tooltip) and ``date`` (in plain words),
    ``derived_from``, ``n_words``;
    ``naming``: the codebook variants it uses, each ``{group, variant, side, count, quoted, surfaces}`` (the side
    its usage signals; ``quoted``: occurrences inside quotation marks), the topic's sides first, neutral last;
    ``naming_sides``: ``{side: occurrences}`` of the variants that signal a side (neutral left out);
    ``voices``: the speakers of its reported statements, each ``{speaker, side, statements, quoted, sentence_ids}``
    (``statements``: attributions of kind direct, mixed, indirect, according_to or distancing; ``quoted``: those in
    quotation marks, kinds direct and mixed; an unnamed speaker is "unnamed source");
    ``voice_sides``: ``{side: statements}``;
    ``stance``: the author's stance toward each side with evidence, each ``{target, score, label, low, high,
    strength, n_sentences, evidence, top_evidence}`` (``score``/``low``/``high`` None when there is no evidence;
    ``top_evidence``: the ``top`` sentence ids that pull hardest in the score's direction when ``rank``, else the
    first ones), in the topic's order of sides.

    Reads the tables ``documents``, ``terms``, ``attributions``, ``stance`` (its ``ranked_evidence`` ranks the
    evidence) and, when present, ``metadata_evidence`` (the author line)."""
    from analysis.chronology.plain import plain_date

    docs = tables["documents"]
    terms, attributions, stance = tables.get("terms"), tables.get("attributions"), tables.get("stance")
    meta = tables.get("metadata_evidence")
    present = []
    for frame, column in ((stance, "target"), (attributions, "speaker_side"), (terms, "side")):
        if frame is not None and not frame.empty:
            present += list(frame[column].dropna())
    order = _side_order(topic, list(dict.fromkeys(present)))
    cards = []
    for d in docs.to_dict("records"):
        doc_id = d["doc_id"]
        author = _str(d.get("author"))
        line = ""
        if meta is not None and not meta.empty:
            hit = meta[(meta["doc_id"] == doc_id) & (meta["field"] == "author") & (meta["source"] == "text")]
            line = _str(hit["evidence"].iloc[0]) if not hit.empty else ""
        naming = _naming(terms[terms["doc_id"] == doc_id] if terms is not None else None, order)
        naming_sides: dict[str, int] = {}
        for n in naming:
            if n["side"] not in ("neutral", ""):
                naming_sides[n["side"]] = naming_sides.get(n["side"], 0) + n["count"]
        quotes = tables.get("quotes")
        voices = _voices(attributions[attributions["doc_id"] == doc_id] if attributions is not None else None, order,
                         quotes[quotes["doc_id"] == doc_id] if quotes is not None else None)
        voice_sides: dict[str, int] = {}
        for v in voices:
            voice_sides[v["side"]] = voice_sides.get(v["side"], 0) + v["statements"]
        stances = []
        if stance is not None and not stance.empty:
            mine = stance[stance["doc_id"] == doc_id]
            for r in sorted(mine.to_dict("records"), key=lambda r: order.get(r["target"], 99)):
                ids = [x for x in _str(r.get("evidence")).split(";") if x]
                has = bool(ids) and _num(r.get("score")) is not None
                stances.append({
                    "target": r["target"], "score": _num(r.get("score")), "label": _str(r.get("label")),
                    "low": _num(r.get("low")) if has else None, "high": _num(r.get("high")) if has else None,
                    "strength": _str(r.get("strength")), "n_sentences": int(r.get("n_sentences") or 0),
                    "evidence": ids,
                    "top_evidence": (top_evidence(tables, doc_id, r["target"], top) if rank else ids[:top])
                    if ids else [],
                })
        published = _str(d.get("published"))
        cards.append({
            "doc_id": doc_id, "title": _str(d.get("title")), "outlet": _str(d.get("outlet")),
            "origin": _str(d.get("origin")), "author": author, "affiliation": affiliation(author, line),
            "genre": _str(d.get("genre")), "published": published, "date": plain_date(published),
            "derived_from": _str(d.get("derived_from")),
            "n_words": int(d["n_words"]) if not _blank(d.get("n_words")) else None,
            "naming": naming, "naming_sides": naming_sides, "voices": voices, "voice_sides": voice_sides,
            "stance": stances,
        })
    return cards
