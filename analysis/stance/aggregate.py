"""Aggregation of per-sentence stance scores into one score with shrinkage and a bootstrap interval.

Shrinkage: the score is the mean of the evidence scores with ``n_prior`` pseudo-sentences of score 0 (neutral)
added, ``sum(w_i s_i) / (sum(w_i) + n_prior)``. One sentence of score ``s`` gives ``s / (1 + n_prior)``: with the
default ``n_prior = 2`` a single clearly negative sentence (s = -0.9) gives -0.3, ten give -0.75. The evidence
"votes" must outnumber two neutral ones before the score moves far from 0.

Interval: a percentile bootstrap over the evidence sentences (resampled with replacement, :data:`N_BOOT` times,
``numpy.random.default_rng(seed)`` with a fixed seed, so the same scores always give the same interval), each
resample aggregated with the same shrinkage. With fewer than two sentences the bootstrap cannot say anything, so
the interval is the whole range one shrunk sentence can reach, ``[-1 / (1 + n_prior), 1 / (1 + n_prior)]``; with no
sentence it is ``[-1, 1]`` around a score of 0 ("unknown"), which a heatmap must show as too little evidence.
"""

from __future__ import annotations

import numpy as np

N_PRIOR = 2.0
N_BOOT = 1000
SEED = 12
LEVEL = 0.90


def shrunk_mean(scores, weights=None, n_prior: float = N_PRIOR) -> float:
    s = np.asarray(scores, dtype=float)
    w = np.ones_like(s) if weights is None else np.asarray(weights, dtype=float)
    if s.size == 0 or w.sum() + n_prior <= 0:  # no evidence with any weight: neutral
        return 0.0
    return float(np.clip((w * s).sum() / (w.sum() + n_prior), -1.0, 1.0))


def aggregate(scores: list[float], n_prior: float = N_PRIOR, weights: list[float] | None = None,
              n_boot: int = N_BOOT, level: float = LEVEL, seed: int = SEED) -> tuple[float, float, float]:
    """``(score, low, high)``: the shrunk mean of ``scores`` (each in [-1, 1]) and a ``level`` bootstrap interval.

    No evidence gives ``(0.0, -1.0, 1.0)``; one sentence gives its shrunk score and the interval
    ``[-1/(1+n_prior), 1/(1+n_prior)]`` (one sentence cannot be resampled into a spread).
    """
    s = np.asarray(scores, dtype=float)
    if s.ndim != 1:
        raise ValueError("aggregate: scores must be a flat list of numbers")
    if s.size and (np.isnan(s).any() or (np.abs(s) > 1 + 1e-9).any()):
        raise ValueError("aggregate: every score must be a number in [-1, 1]")
    w = np.ones_like(s) if weights is None else np.asarray(weights, dtype=float)
    if w.shape != s.shape or (w < 0).any():
        raise ValueError("aggregate: weights must be non-negative and as many as the scores")
    if s.size == 0:
        return 0.0, -1.0, 1.0
    score = shrunk_mean(s, w, n_prior)
    if s.size == 1:
        bound = 1.0 / (1.0 + n_prior)
        return score, -bound, bound
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, s.size, size=(n_boot, s.size))
    ws, ss = w[idx], s[idx]
    denom = ws.sum(axis=1) + n_prior
    num = (ws * ss).sum(axis=1)
    # a resample of weight 0 (only zero-weight sentences, no prior) says nothing: neutral
    boots = np.clip(np.divide(num, denom, out=np.zeros_like(num), where=denom > 0), -1.0, 1.0)
    alpha = (1.0 - level) / 2.0
    low, high = np.quantile(boots, [alpha, 1.0 - alpha])
    return score, float(min(low, score)), float(max(high, score))
