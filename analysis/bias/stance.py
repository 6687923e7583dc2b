"""Stance of each article toward each target: the weighted components (see the package docstring)."""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pandas as pd

from ..resources import DATA_DIR, load_yaml
from .loaded import ATTRIBUTION_COLUMNS, ATTRIBUTION_EXTRA, attribute_loaded
from .terms import TARGETS, CodebookError
from .voices import _side

# --------------------------------------------------------------------------------------------------------------
# Stance
# --------------------------------------------------------------------------------------------------------------

STANCE_WEIGHTS = {"loaded": 0.4, "sentiment": 0.3, "verbs": 0.2, "last_word": 0.1}
THIN = 3  # fewer sentences about a target than this: the evidence is "thin"
STANCE_COLUMNS = ["doc_id", "target", "score", "n_sentences", "evidence"]


@lru_cache(maxsize=None)
def _verb_lexicon() -> dict[str, int]:
    """Reporting-verb lemma -> polarity toward the speaker (-1 distancing, +1 endorsing), from the
    ``reporting_verbs`` section of ``data/framing.yaml``; verbs not listed count 0."""
    section = load_yaml("framing.yaml").get("reporting_verbs") or {}
    lexicon: dict[str, int] = {}
    for key, sign in (("distancing", -1), ("endorsing", 1)):
        for lemma in section.get(key) or []:
            if lemma.lower() in lexicon:
                raise CodebookError(f"framing.yaml: reporting_verbs: {lemma!r} listed twice")
            lexicon[lemma.lower()] = sign
    return lexicon


@lru_cache(maxsize=None)
def _verb_classes() -> dict[str, str]:
    """lemma -> neutral | evaluative from the rhetoric module's data/reporting_verbs.yaml (empty if absent)."""
    if not (DATA_DIR / "reporting_verbs.yaml").exists():
        return {}
    data = load_yaml("reporting_verbs.yaml") or {}
    return {v["lemma"].lower(): v.get("class", "") for v in data.get("verbs") or [] if isinstance(v, dict)
            and v.get("lemma")}


def verb_class(verb) -> str:
    """'evaluative' or 'neutral' per the rhetoric verb file, '' for a verb it does not list (the rhetoric
    module's own :func:`analysis.rhetoric.verb_class` when it is there, so that both chapters agree)."""
    if not isinstance(verb, str):
        return ""
    try:
        from ..rhetoric import verb_class as rhetoric_verb_class
    except ImportError:  # the rhetoric stage is absent: read its data file directly
        rhetoric_verb_class = None
    if rhetoric_verb_class is not None:
        return rhetoric_verb_class(verb)
    classes = _verb_classes()
    for form in _lemmas(verb):
        if form in classes:
            return classes[form]
    return ""


_IRREGULAR = {"said": "say", "says": "say", "told": "tell", "wrote": "write", "thought": "think",
              "spoke": "speak", "spoken": "speak", "written": "write", "saw": "see", "shown": "show"}


def _lemmas(verb: str) -> list[str]:
    words = verb.lower().split()
    if not words:
        return []
    head, rest = words[0], words[1:]
    forms = [head] + ([_IRREGULAR[head]] if head in _IRREGULAR else [])
    for suffix, repl in (("ied", "y"), ("ies", "y"), ("ed", ""), ("ed", "e"), ("es", ""), ("s", ""), ("d", ""),
                         ("ing", ""), ("ing", "e")):
        if head.endswith(suffix) and len(head) > len(suffix) + 2:
            forms.append(head[: -len(suffix)] + repl)
    if head.endswith("ed") and len(head) > 4 and head[-3] == head[-4]:  # scoffed -> scoff, admitted -> admit
        forms.append(head[:-3])
    if head.endswith("ing") and len(head) > 5 and head[-4] == head[-5]:  # admitting -> admit
        forms.append(head[:-4])
    return [" ".join([f] + rest) for f in forms]


def verb_polarity(verb, lexicon: dict[str, int] | None = None) -> int:
    """-1 for a distancing reporting verb, +1 for an endorsing one, 0 for a neutral or unknown one."""
    if not isinstance(verb, str) or not verb.strip():
        return 0
    lexicon = _verb_lexicon() if lexicon is None else lexicon
    for form in _lemmas(verb):
        if form in lexicon:
            return lexicon[form]
    return 0


def combine(components: dict[str, float | None], weights: dict[str, float] = STANCE_WEIGHTS) -> float:
    """Weighted mean of the components that have evidence (not None), clipped to [-1, 1]; NaN if none has."""
    present = {k: v for k, v in components.items() if v is not None and not (isinstance(v, float) and math.isnan(v))}
    if not present:
        return float("nan")
    total = sum(weights[k] for k in present)
    score = sum(weights[k] * present[k] for k in present) / total
    return float(max(-1.0, min(1.0, score)))


def _empty(columns):
    return pd.DataFrame(columns=columns)


def stance(sentences: pd.DataFrame, mentions: pd.DataFrame, actor_sentiment: pd.DataFrame | None = None,
           quotes: pd.DataFrame | None = None, rhetoric: pd.DataFrame | None = None,
           lexicon: dict[str, int] | None = None, texts: dict[str, str] | None = None,
           attributed: pd.DataFrame | None = None) -> pd.DataFrame:
    """Stance of every document toward every target of :data:`TARGETS` (see the module docstring).

    Inputs are the export tables ``sentences``, ``mentions`` and, when the rhetoric module provides them,
    ``actor_sentiment``, ``quotes`` and ``rhetoric`` (None: that evidence is not available).
    A sentence is *about* a target when it mentions an actor of the target's side (mentions table) or carries an
    actor-sentiment row for that side.
    """
    asent = actor_sentiment if actor_sentiment is not None else _empty(["doc_id", "sentence_id", "actor", "side", "score"])
    qts = quotes if quotes is not None else _empty(["doc_id", "start", "speaker_side", "verb"])
    if attributed is None:  # the loaded words' attribution, unless the caller has it already
        attributed = (attribute_loaded(rhetoric, mentions, texts) if rhetoric is not None
                      else _empty(ATTRIBUTION_COLUMNS + ATTRIBUTION_EXTRA))
    doc_ids = sorted(set(sentences["doc_id"]))

    def by_doc(frame: pd.DataFrame) -> dict[str, list[dict]]:  # plain records: pandas costs more than the work
        out: dict[str, list[dict]] = {}
        for r in frame.to_dict("records"):
            out.setdefault(r["doc_id"], []).append(r)
        return out

    m_by, a_by, lt_by = by_doc(mentions), by_doc(asent), by_doc(attributed)
    q_by = {d: sorted(rs, key=lambda r: r["start"]) for d, rs in by_doc(qts).items()}  # stable, as mergesort
    rows = []
    for doc_id in doc_ids:
        m, a, q, lt = m_by.get(doc_id, []), a_by.get(doc_id, []), q_by.get(doc_id, []), lt_by.get(doc_id, [])
        q_sides = [_side(r["speaker_side"]) for r in q]
        last_side = q_sides[-1] if q_sides else None
        for target in TARGETS:
            lt_t = [r for r in lt if r["target"] == target and r["role"] == "agent"]
            about = sorted({r["sentence_id"] for r in m if r["side"] == target}
                           | {r["sentence_id"] for r in a if r["side"] == target}
                           | {r["sentence_id"] for r in lt_t})  # a demonym ("French provocations") is about it too
            about = [s for s in about if isinstance(s, str) and s]
            at = [float(r["score"]) for r in a if r["side"] == target]
            sentiment = float(np.mean(at)) if at else None
            loaded = float(np.mean([float(r["polarity"]) for r in lt_t])) if lt_t else None
            own = [i for i, s in enumerate(q_sides) if s == target]
            verbs = float(np.mean([verb_polarity(q[i]["verb"], lexicon) for i in own])) if own else None
            n_evaluative = sum(1 for i in own if verb_class(q[i]["verb"]) == "evaluative")
            if last_side == target:
                last_word = 1.0
            elif own and last_side in TARGETS:
                last_word = -1.0
            else:
                last_word = None
            components = {"sentiment": sentiment, "loaded": loaded, "verbs": verbs, "last_word": last_word}
            n = len(about)
            rows.append({
                "doc_id": doc_id, "target": target, "score": round(combine(components), 4), "n_sentences": n,
                "evidence": ";".join(about),
                "strength": "none" if n == 0 else ("thin" if n < THIN else "ok"),
                **{k: (round(v, 4) if v is not None else float("nan")) for k, v in components.items()},
                "n_quotes": len(own), "n_evaluative": n_evaluative, "n_loaded": len(lt_t),
            })
    return pd.DataFrame(rows, columns=STANCE_COLUMNS + ["strength", "sentiment", "loaded", "verbs", "last_word",
                                                        "n_quotes", "n_evaluative", "n_loaded"])


