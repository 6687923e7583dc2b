"""Views for the chapter: filtering, numbering, the event, conflict and corroboration tables."""

from __future__ import annotations

import datetime as dt

from analysis.chronology.values import value_interval
from analysis.corpus import sentence_label, short_id


def select_events(chron, start: str = "", end: str = "", actors=(), topic=None) -> list:
    """The events whose date overlaps [start, end] (ISO, empty = open) and that involve any of ``actors``
    (canonical names of ``topic``'s gazetteer; empty = all). Unknown actor names are an error, not an empty
    result."""
    from analysis import actors as actors_mod

    for name in actors:
        actors_mod.actor_by_name(name, topic)  # KeyError names the unknown actor
    lo = value_interval(start)[0] if start else dt.date.min
    hi = value_interval(end)[1] if end else dt.date.max
    if start and value_interval(start) is None or end and value_interval(end) is None:
        raise ValueError(f"start/end must be ISO dates, got {start!r}, {end!r}")
    out = []
    for e in chron.events:
        if not e.date:
            if start or end:
                continue  # an undated event (told by several documents) is shown only when no period is asked
            out.append(e) if not actors or set(actors) & set(e.actors) else None
            continue
        s, f = value_interval(e.date)
        if f < lo or s > hi:
            continue
        if actors and not set(actors) & set(e.actors):
            continue
        out.append(e)
    return out


def event_numbers(events: list) -> dict[str, str]:
    """Short labels E1, E2, … in chronological order (the order of ``events``)."""
    return {e.event_id: f"E{i}" for i, e in enumerate(events, 1)}


def _sentence_texts(corpus) -> dict[str, str]:
    return {s.sentence_id: s.text for d in corpus for s in d.sentences}


def _evidence_text(texts: dict[str, str], sentence_ids) -> str:
    """Evidence sentences as the book shows them: "[001:s013] text | [001:s015] text"."""
    return " | ".join(f"[{sentence_label(s)}] {texts[s]}" for s in sentence_ids)


def conflict_view(corpus, chron):
    """The conflict table of the chapter: kind, documents, what is inconsistent, and the evidence sentences' text."""
    import pandas as pd

    texts = _sentence_texts(corpus)
    rows = [{"kind": c.kind, "documents": ", ".join(short_id(d) for d in c.doc_ids),
             "what does not hold": c.description, "evidence": _evidence_text(texts, c.evidence)}
            for c in chron.conflicts]
    return pd.DataFrame(rows, columns=["kind", "documents", "what does not hold", "evidence"])


def event_view(corpus, events: list):
    """The event table of the chapter: number, date, what and who, the documents that tell it with how many of them
    are independent ("000, 001 (1 independent)"), the evidence sentences' text, and any conflict."""
    import pandas as pd

    texts = _sentence_texts(corpus)
    numbers = event_numbers(events)
    rows = [{
        "event": numbers[e.event_id], "date": e.date, "what": e.summary,
        "sources": f"{', '.join(short_id(x) for x in e.doc_ids)} ({e.independent_sources} independent)",
        "evidence": _evidence_text(texts, e.evidence), "conflict": e.conflict,
    } for e in events]
    return pd.DataFrame(rows, columns=["event", "date", "what", "sources", "evidence", "conflict"])


def corroboration(events: list):
    """How many events rest on 1, 2, … independent sources, and how many are told by more than one document."""
    import pandas as pd

    counts: dict[int, list[int]] = {}
    for e in events:
        c = counts.setdefault(e.independent_sources, [0, 0])
        c[0] += 1
        c[1] += len(e.doc_ids) > 1
    rows = [{"independent sources": k, "events": v[0], "of which told by several documents": v[1]}
            for k, v in sorted(counts.items())]
    return pd.DataFrame(rows, columns=["independent sources", "events", "of which told by several documents"])


