"""Same event, different telling: for each event told by several articles, the sentences of each article side by
side (issue 15).

:func:`tellings` reads only the export tables: ``events`` (its ``evidence`` is the sentences that tell the event,
``doc_ids`` the articles), ``sentences`` (their exact text and offsets), ``documents`` (outlet, title, date,
normalized text) and, optionally, ``mentions``. With mentions, a telling sentence that does not name the event's
agent ("Specifically, he threatened to take action ...": the event extractor resolved *he* to the person last named
before) is preceded by the sentence of the same paragraph that last names it, marked as context, so that a reader
sees who "he" is. Every text it returns is ``documents.text[start:end]`` exactly.
"""

from __future__ import annotations

import re

import pandas as pd

from .plain import plain_date
from .values import value_interval

COLUMNS = ["event_id", "event_rank", "description", "summary", "date", "date_plain", "agent", "n_documents",
           "independent_sources", "conflict", "doc_id", "title", "outlet", "published", "published_plain",
           "derived_from", "sentence_ids", "telling_ids", "context_ids", "starts", "ends", "texts", "passage"]
GAP = " … "  # between two sentences of one article that are not next to each other


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def _ids(value) -> list[str]:
    return [x for x in _text(value).split(";") if x]


def _number(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def _fold(name: str) -> str:
    """A name compared across spellings: apostrophes and case folded, spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"[’‘`´]", "'", name)).strip().casefold()


def _agent_entities(agent: str, mentions: pd.DataFrame | None) -> set[str]:
    """The canonical actors the event's agent names (an entity or a surface of the mentions table equal to it)."""
    if mentions is None or mentions.empty or not agent:
        return set()
    folded = _fold(agent)
    hit = mentions[(mentions["entity"].map(lambda e: _fold(_text(e))) == folded)
                   | (mentions["surface"].map(lambda s: _fold(_text(s))) == folded)]
    return set(hit["entity"])


def _published_key(value: str):
    iv = value_interval(value) if value else None
    return (0, iv[0]) if iv else (1, None)


def tellings(events: pd.DataFrame, sentences: pd.DataFrame, documents: pd.DataFrame,
             mentions: pd.DataFrame | None = None, min_documents: int = 2,
             independent: bool = False) -> pd.DataFrame:
    """One row per (event, article) for every event that at least ``min_documents`` articles tell (with
    ``independent``, only events that at least two independent sources tell: a rewrite and its source count once).

    Rows come in the events table's order (chronological; ``event_rank`` is the event's position there, so that
    E-numbers of the events table can be reused), and within an event in the articles' order of publication (then
    doc_id). Columns (``COLUMNS``):

    * the event: ``event_id``, ``event_rank``, ``description`` (its summary and, when dated, the date in plain
      words: "Farmers block the border crossing, 20 November 2023"), ``summary``,
      ``date`` (TIMEX3 value) and ``date_plain``, ``agent``, ``n_documents``, ``independent_sources`` (a rewrite
      counts for its source), ``conflict``;
    * the article: ``doc_id``, ``title``, ``outlet`` ("" when unknown), ``published`` and ``published_plain``,
      ``derived_from`` (the article it rewrites, "" if none);
    * its telling: ``sentence_ids`` (tuple, in text order: the telling sentences and any context sentence),
      ``telling_ids`` (the event's evidence in this article), ``context_ids`` (sentences added to name the
      agent), ``starts``, ``ends``, ``texts`` (tuples aligned with ``sentence_ids``; each text is the document's
      ``text[start:end]``) and ``passage``: the sentences as one string, taken whole from the text where they are
      next to each other and joined by " … " where they are not.
    """
    for name, frame, needed in (("events", events, ("event_id", "evidence", "doc_ids", "summary", "date")),
                                ("sentences", sentences, ("doc_id", "sentence_id", "start", "end")),
                                ("documents", documents, ("doc_id", "text"))):
        missing = [c for c in needed if c not in frame.columns]
        if missing:
            raise KeyError(f"tellings: the {name} table has no column {missing}")
    docs = {r["doc_id"]: r for r in documents.to_dict("records")}
    by_doc: dict[str, list[dict]] = {}
    for r in sentences.to_dict("records"):
        by_doc.setdefault(r["doc_id"], []).append(r)
    position: dict[str, tuple[str, int]] = {}
    for doc_id, rows in by_doc.items():
        rows.sort(key=lambda r: (int(r["start"]), int(r["end"])))
        for i, r in enumerate(rows):
            position[r["sentence_id"]] = (doc_id, i)
    named: dict[str, set[str]] = {}  # sentence_id -> entities mentioned in it
    if mentions is not None and not mentions.empty:
        for sid, entity in zip(mentions["sentence_id"], mentions["entity"]):
            named.setdefault(_text(sid), set()).add(_text(entity))

    out = []
    for rank, ev in enumerate(events.to_dict("records")):
        evidence = [s for s in _ids(ev["evidence"]) if s in position]
        doc_ids = list(dict.fromkeys(position[s][0] for s in evidence))
        if len(doc_ids) < max(1, min_documents):
            continue
        if independent and not (_number(ev.get("independent_sources")) >= 2):
            continue
        date = _text(ev.get("date"))
        summary = _text(ev.get("summary"))
        date_plain = plain_date(date) if date else ""
        agent = _text(ev.get("agent"))
        agents = _agent_entities(agent, mentions)
        order = sorted(doc_ids, key=lambda d: (_published_key(_text(docs.get(d, {}).get("published"))), d))
        for doc_id in order:
            doc = docs.get(doc_id, {})
            text = _text(doc.get("text"))
            rows = by_doc[doc_id]
            told = sorted({position[s][1] for s in evidence if position[s][0] == doc_id})
            context: set[int] = set()
            if agents:
                for i in told:
                    if agents & named.get(rows[i]["sentence_id"], set()):
                        continue
                    paragraph = rows[i].get("paragraph")
                    for j in range(i - 1, -1, -1):
                        if paragraph is not None and rows[j].get("paragraph") != paragraph:
                            break
                        if j in told or j in context:
                            break  # an earlier telling or context sentence of this paragraph already shows it
                        if agents & named.get(rows[j]["sentence_id"], set()):
                            context.add(j)
                            break
            chosen = sorted(set(told) | context)
            starts = tuple(int(rows[i]["start"]) for i in chosen)
            ends = tuple(int(rows[i]["end"]) for i in chosen)
            texts = tuple(text[a:b] for a, b in zip(starts, ends))
            passage = ""
            for k, i in enumerate(chosen):
                if k == 0:
                    passage = texts[0]
                elif chosen[k - 1] == i - 1:
                    passage += text[ends[k - 1]:starts[k]] + texts[k]
                else:
                    passage += GAP + texts[k]
            published = _text(doc.get("published"))
            out.append({
                "event_id": ev["event_id"], "event_rank": rank,
                "description": summary + (f", {date_plain}" if date_plain else ""), "summary": summary,
                "date": date, "date_plain": date_plain, "agent": agent, "n_documents": len(doc_ids),
                "independent_sources": ev.get("independent_sources"), "conflict": _text(ev.get("conflict")),
                "doc_id": doc_id, "title": _text(doc.get("title")), "outlet": _text(doc.get("outlet")),
                "published": published, "published_plain": plain_date(published),
                "derived_from": _text(doc.get("derived_from")),
                "sentence_ids": tuple(rows[i]["sentence_id"] for i in chosen),
                "telling_ids": tuple(rows[i]["sentence_id"] for i in told),
                "context_ids": tuple(rows[i]["sentence_id"] for i in sorted(context)),
                "starts": starts, "ends": ends, "texts": texts, "passage": passage,
            })
    return pd.DataFrame(out, columns=COLUMNS)
