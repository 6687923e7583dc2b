"""Naming choices, voices, stance and derived texts (issue: source bias).

For now: derived-text detection, which the documents table and the chronology need. A document is derived from
another when most of its word shingles are contained in the other (containment of the shorter in the longer
suits a summary against its source better than Jaccard similarity).
"""

from __future__ import annotations

import re
from functools import lru_cache

SHINGLE = 3
MIN_CONTAINMENT = 0.08  # share of the shorter text's 3-word shingles found in the longer one
MIN_LIFT = 3.0  # and that many times the median containment of the derived text against the rest of the corpus

_TOKEN = re.compile(r"[a-z0-9]+")


def shingles(text: str, n: int = SHINGLE) -> set[tuple[str, ...]]:
    tokens = _TOKEN.findall(text.lower().replace("’", "'"))
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def containment(shorter: str, longer: str, n: int = SHINGLE) -> float:
    a, b = shingles(shorter, n), shingles(longer, n)
    return len(a & b) / len(a) if a else 0.0


def derived_pairs(corpus) -> list[tuple[str, str, float]]:
    """(source_doc, derived_doc, containment) for every ordered pair, the shorter document as the derived one."""
    docs = list(corpus)
    out = []
    for i, a in enumerate(docs):
        for b in docs[i + 1 :]:
            shorter, longer = (a, b) if len(a.text) <= len(b.text) else (b, a)
            out.append((longer.doc_id, shorter.doc_id, containment(shorter.text, longer.text)))
    return out


def derived_map(corpus) -> dict[str, str]:
    """{derived doc_id: source doc_id} for pairs whose containment passes MIN_CONTAINMENT (best source wins)."""
    pairs = derived_pairs(corpus)
    scores: dict[str, list[float]] = {}
    for source, derived, score in pairs:
        scores.setdefault(derived, []).append(score)
        scores.setdefault(source, []).append(score)
    best: dict[str, tuple[float, str]] = {}
    for source, derived, score in pairs:
        others = sorted(scores[derived])
        baseline = others[len(others) // 2] if len(others) > 2 else 0.0
        if score >= MIN_CONTAINMENT and score >= MIN_LIFT * baseline and score > best.get(derived, (0.0, ""))[0]:
            best[derived] = (score, source)
    return {d: s for d, (score, s) in sorted(best.items())}
