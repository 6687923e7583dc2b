"""Stance: target-dependent sentence sentiment learned from NewsMTSC, and the author's stance toward an actor.

Stable interfaces (called by benchmarks outside the project):

* :func:`target_sentiment` ``(sentence, start, end) -> int`` (-1, 0, 1): sentiment toward ``sentence[start:end]``;
* :func:`author_stance` ``(text, target, *, author_spans=None, aliases=None, mentions=None) -> (label, score)``:
  the author's stance toward ``target`` in a whole article, from the author's own voice when ``author_spans`` is
  given;

and for the tables: :func:`author_evidence` (the same with evidence sentences, bootstrap interval and class
probabilities), :func:`target_scores` (class probabilities of one mention), :func:`aggregate` (shrunk mean and
bootstrap interval of any list of scores), :func:`find_mentions`.
"""

from .aggregate import N_PRIOR, aggregate, shrunk_mean
from .author import Evidence, StanceResult, author_evidence, author_stance, find_mentions, sentence_spans
from .target import target_scores, target_sentiment

__all__ = ["target_sentiment", "target_scores", "author_stance", "author_evidence", "aggregate", "shrunk_mean",
           "find_mentions", "sentence_spans", "Evidence", "StanceResult", "N_PRIOR"]
