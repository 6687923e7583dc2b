"""Actor sentiment: VADER's score of each sentence, one row per actor mentioned in it."""

from __future__ import annotations

from functools import lru_cache

from .. import actors

# ----------------------------------------------------------------------------------------------------------------
# sentiment

@lru_cache(maxsize=None)
def _vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def sentence_sentiment(text: str) -> dict[str, float]:
    """VADER polarity scores (compound, pos, neu, neg) of one sentence."""
    return _vader().polarity_scores(text)


def actor_sentiment(doc, topic=None) -> list[dict]:
    """One row per (sentence, actor of ``topic``'s gazetteer mentioned in it) with the sentence's VADER compound
    score."""
    rows = []
    by_sentence: dict[str, list[actors.Mention]] = {}
    for m in actors.find_mentions(doc, topic=topic):
        by_sentence.setdefault(m.sentence_id, []).append(m)
    for sent in doc.sentences:
        mentioned = sorted({(m.entity, m.side) for m in by_sentence.get(sent.sentence_id, [])})
        if not mentioned:
            continue
        s = sentence_sentiment(sent.text)
        for entity, side in mentioned:
            rows.append({"doc_id": doc.doc_id, "sentence_id": sent.sentence_id, "actor": entity, "side": side,
                         "score": round(s["compound"], 4), "pos": round(s["pos"], 4), "neu": round(s["neu"], 4),
                         "neg": round(s["neg"], 4), "text": sent.text})
    return rows


