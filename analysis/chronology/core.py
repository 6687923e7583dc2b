"""The chronology of a corpus: the map step per document, the reduce step across documents.

* map: ``document_records(document, parsed, mentions=None, topic=None)`` -> (timexes, event mentions, interval
  conflicts) of one document, from its one parse;
* reduce: ``reduce(timexes, mentions, own_conflicts, derived, topic)`` -> merged events (with independent-source
  counts) and the contradictions between documents, each event carrying the conflicts of its evidence;
* ``analyse(corpus, derived=None, parsed=None, topic=None)`` runs both in one process. ``derived`` is the
  derived-text map (document -> the document it was derived from) that the bias/reuse stage computes; ``parsed``
  maps doc_id to its spaCy parse. Neither is computed here from other stages: a missing parse is made through
  ``analysis.nlp`` (and its cache), a missing derived map counts every document as independent. ``topic`` is the
  corpus's (its actors' sides and types, its demonyms), None for none: nothing is read from the session.
"""

from __future__ import annotations

from dataclasses import dataclass

from .conflicts import Conflict, interval_conflicts, mention_conflicts
from .events import EventMention, event_mentions
from .merge import Event, merge
from .tagger import doc_timexes


@dataclass
class Chronology:
    timexes: list[dict]
    records: list[EventMention]  # every event mention of every document
    events: list[Event]
    conflicts: list[Conflict]
    derived: dict[str, str]


def document_records(document, parsed, mentions=None,
                     topic=None) -> tuple[list[dict], list[EventMention], list[Conflict]]:
    """The map step for one document: its timexes, event mentions and interval conflicts, from its one parse."""
    timexes = doc_timexes(document, parsed)
    found = event_mentions(document, parsed, mentions, timexes, topic)
    return timexes, found, interval_conflicts(document, timexes)


def reduce(timexes: list[dict], mentions: list[EventMention], own_conflicts: list[Conflict],
           derived: dict[str, str] | None = None, topic=None) -> Chronology:
    """The reduce step: merge the mentions into events, find the contradictions, attach them to the events."""
    derived = dict(sorted((derived or {}).items()))
    events = merge(mentions, derived)
    conflicts = mention_conflicts(mentions, events, derived, topic) + list(own_conflicts)
    by_sentence: dict[str, list[int]] = {}  # sentence id -> the conflicts that cite it (indexed: not events x conflicts)
    for k, c in enumerate(conflicts):
        for sid in dict.fromkeys(c.evidence[:1] if c.kind == "interval" else c.evidence):
            by_sentence.setdefault(sid, []).append(k)
    for event in events:
        hits = sorted({k for sid in set(event.evidence) for k in by_sentence.get(sid, ())})
        event.conflict = "; ".join(dict.fromkeys(conflicts[k].description for k in hits))
    return Chronology(timexes, mentions, events, conflicts, derived)


def analyse(corpus, derived: dict[str, str] | None = None, parsed: dict | None = None, topic=None) -> Chronology:
    """Timexes, event mentions, merged events and conflicts of a corpus (map then reduce, in this process)."""
    from .. import nlp

    docs = list(corpus)
    parsed = dict(parsed or {})
    missing = [d for d in docs if d.doc_id not in parsed]
    if missing:
        for d, p in zip(missing, nlp.parse_documents(missing)):
            parsed[d.doc_id] = p
    timexes, mentions, own = [], [], []
    for d in docs:
        t, m, c = document_records(d, parsed[d.doc_id], topic=topic)
        timexes += t
        mentions += m
        own += c
    return reduce(timexes, mentions, own, derived, topic)
