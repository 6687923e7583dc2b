"""The sides of a corpus without a book.yaml, settled in the reduce step.

A topic with sides (its book.yaml ``sides:``) labels every per-article table in the map step: mentions, speakers,
loaded words, voices and stance all carry the book's sides. A corpus without a book.yaml has no sides until the
whole corpus is read: its sides are its most mentioned actors (:func:`analysis.topic.resolve_sides`). The map step
then labels every actor ``other`` (the loaded words by the actor's canonical name instead, and the stance toward
every actor it mentions), and :func:`apply_sides` relabels the concatenated tables and recomputes voices, the table
built from sides; :func:`select_targets` cuts the per-actor stance table down to the resolved sides.
"""

from __future__ import annotations

import pandas as pd

from .. import topic as topic_mod
from .loaded import _ordered
from .voice_balance import NO_SIDE, voices

SEPARATOR = "; "  # how loaded_attribution joins several actors in counted_for / done_to


def _side(topic, name, keep=None) -> str:
    """The side of an actor name in ``topic``; ``keep`` (else "other") when it has none."""
    if not isinstance(name, str) or not name:
        return keep if keep is not None else topic_mod.OTHER_SIDE
    side = topic.side_of(name)
    if side is not None:
        return side
    return keep if keep is not None else topic_mod.OTHER_SIDE


def _names(value) -> list[str]:
    if not isinstance(value, str) or not value or value == "unattributed":
        return []
    return value.split(SEPARATOR)


def relabel_sides(tables: dict[str, pd.DataFrame], topic: "topic_mod.Topic") -> dict[str, pd.DataFrame]:
    """The corpus's tables with the side columns relabelled for ``topic`` (a topic with sides, e.g. the result of
    :func:`analysis.topic.resolve_sides`); the other tables are passed through unchanged:

    - ``mentions.side`` from ``entity`` and ``actor_sentiment.side`` from ``actor``: the actor's side, else "other";
    - ``quotes.speaker_side`` and ``attributions.speaker_side`` from ``speaker``: the speaker's side where it has
      one, else the value the map step gave ("other" for a named speaker, "unknown");
    - ``source_stance`` (when present): the rows whose target is a side, ``source_side`` from ``source``;
    - ``loaded_attribution.counted_for`` / ``done_to``: the actors (canonical names, as the map step writes them
      for a topic without sides) replaced by their sides, each side once, in the topic's order; a patient that is
      also an agent's side is dropped, as :func:`analysis.bias.attribute_span` does.
    """
    order = topic.targets + NO_SIDE
    out = dict(tables)
    if "mentions" in out and len(out["mentions"]):
        m = out["mentions"].copy()
        m["side"] = [_side(topic, e) for e in m["entity"]]
        out["mentions"] = m
    if "actor_sentiment" in out and len(out["actor_sentiment"]):
        a = out["actor_sentiment"].copy()
        a["side"] = [_side(topic, e) for e in a["actor"]]
        out["actor_sentiment"] = a
    for name in ("quotes", "attributions"):
        if name in out and len(out[name]):
            t = out[name].copy()
            t["speaker_side"] = [_side(topic, s, keep=k) for s, k in zip(t["speaker"], t["speaker_side"])]
            out[name] = t
    if "source_stance" in out and len(out["source_stance"]):  # each source's stance (issue 12), per actor in map
        ss = out["source_stance"]
        ss = ss[ss["target"].isin(topic.targets)].copy()
        if "source_side" in ss.columns:
            ss["source_side"] = [_side(topic, s, keep=k) for s, k in zip(ss["source"], ss["source_side"])]
        out["source_stance"] = ss.reset_index(drop=True)
    if "loaded_attribution" in out and len(out["loaded_attribution"]):
        la = out["loaded_attribution"].copy()
        counted, done = [], []
        for c, d in zip(la["counted_for"], la["done_to"]):
            agents = _ordered([_side(topic, n) for n in _names(c)], order)
            patients = [p for p in _ordered([_side(topic, n) for n in _names(d)], order) if p not in agents]
            counted.append(SEPARATOR.join(agents) if agents else "unattributed")
            done.append(SEPARATOR.join(patients))
        la["counted_for"], la["done_to"] = counted, done
        out["loaded_attribution"] = la
    return out


def select_targets(stance: pd.DataFrame, targets: tuple[str, ...], doc_ids: list[str], empty_row) -> pd.DataFrame:
    """A stance table computed per actor (a topic without sides: in the map step every actor the article mentions
    is a target, its mentions labelled by its canonical name) cut down to the resolved ``targets``: per document (in
    ``doc_ids`` order) one row per target in ``targets`` order, its own row where the article mentions it, else
    ``empty_row(doc_id, target)`` (the row the stance stage writes for a target without evidence). Exact, because
    each resolved side is one actor."""
    by_key = {(r["doc_id"], r["target"]): r for r in stance.to_dict("records")}
    rows = [by_key.get((d, t)) or empty_row(d, t) for d in doc_ids for t in targets]
    return pd.DataFrame(rows, columns=list(stance.columns)) if len(stance.columns) else pd.DataFrame(rows)


def apply_sides(tables: dict[str, pd.DataFrame], topic: "topic_mod.Topic",
                n: int = topic_mod.TOP_ACTORS) -> tuple[dict[str, pd.DataFrame], "topic_mod.Topic"]:
    """For the reduce step: ``(tables, topic)`` unchanged when the topic has sides (the map step labelled them);
    otherwise the topic with the corpus's ``n`` most mentioned actors as sides
    (:func:`analysis.topic.resolve_sides` of the ``mentions`` table) and the tables relabelled for it
    (:func:`relabel_sides`), with ``voices`` recomputed from the relabelled tables (in the documents' order of the
    ``voices`` table, which has rows for every document). The stance table is not recomputed here: the reduce step
    takes the map step's per-actor ``stance`` out first and cuts it to the resolved sides (:func:`select_targets`)."""
    if topic.sides:
        return tables, topic
    resolved = topic_mod.resolve_sides(topic, tables.get("mentions"), n)
    out = relabel_sides(tables, resolved)
    doc_ids = list(dict.fromkeys(out["voices"]["doc_id"])) if "voices" in out and len(out["voices"]) else \
        list(dict.fromkeys(out["sentences"]["doc_id"]))
    out["voices"] = voices(out.get("quotes", pd.DataFrame(columns=["doc_id", "speaker_side", "text"])), doc_ids,
                           targets=resolved.targets)
    return out, resolved
