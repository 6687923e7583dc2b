"""Target-dependent sentence sentiment: the stable interface :func:`target_sentiment` and its probabilities.

The model is the linear classifier in ``analysis/data/models/target_sentiment.json.gz`` trained on NewsMTSC by
``make train-stance`` (see :mod:`analysis.stance.train`); its features are those of :mod:`analysis.stance.features`
(the words around the mention, lexicon numbers and the mention's place in the dependency parse) and the sentence
encoder's (:mod:`analysis.stance.encoder`: the first layer of all-MiniLM-L6-v2 over the sentence). A call costs
about 2 ms with the sentence's parse given; :func:`warm` encodes many sentences at once beforehand.
"""

from __future__ import annotations

import numpy as np

from .model import CLASSES, default_model


def _check(sentence, start, end) -> None:
    if not isinstance(sentence, str):
        raise TypeError("target_sentiment: sentence must be a string")
    if not (isinstance(start, (int, np.integer)) and isinstance(end, (int, np.integer))):
        raise TypeError("target_sentiment: start and end must be integers")
    if not (0 <= start < end <= len(sentence)):
        raise ValueError(f"target_sentiment: mention [{start}, {end}) is not inside the sentence "
                         f"(length {len(sentence)})")


def needs_parse() -> bool:
    """Whether the shipped model reads dependency features (then each sentence is parsed, through the parse
    cache, unless the caller passes ``parsed``)."""
    return default_model().vectorizer.needs_parse


def warm(mentions) -> None:
    """Prepare the scoring of many mentions ``(sentence, start, end)`` at once: the sentence encoder runs once over
    all their sentences (packed), instead of once per call of :func:`target_scores`. Optional: only for speed."""
    default_model().warm(mentions)


def target_scores(sentence: str, start: int, end: int, balanced: bool = False, parsed=None,
                  offset: int = 0) -> np.ndarray:
    """Probabilities (negative, neutral, positive) of the sentence's sentiment toward ``sentence[start:end]``.

    ``parsed``/``offset``: the sentence's parse, if the caller has one (see :meth:`analysis.stance.model.Model.scores`).
    ``balanced``: divided by the class mix of the training data (NewsMTSC: 38% negative, 35% neutral, 27%
    positive) and renormalized, i.e. the probabilities under equal class priors. The training mix is a property of
    how NewsMTSC sampled its sentences, not of news in general; :func:`analysis.stance.author_stance` uses the
    balanced probabilities so that a neutral article scores near 0.
    """
    _check(sentence, start, end)
    model = default_model()
    p = model.scores(sentence, int(start), int(end), parsed, offset)
    if balanced:
        prior = np.asarray(model.meta.get("class_prior") or [1 / 3] * 3, dtype=float)
        p = p / prior
        p = p / p.sum()
    return p


def target_sentiment(sentence: str, start: int, end: int, parsed=None, offset: int = 0) -> int:
    """-1, 0 or 1: the sentiment of ``sentence`` toward the mention ``sentence[start:end]``."""
    return int(CLASSES[int(np.argmax(target_scores(sentence, start, end, parsed=parsed, offset=offset)))])
