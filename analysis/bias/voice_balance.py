"""Voice balance: quotations and quoted words per article and speaker side."""

from __future__ import annotations

import math
import re

import pandas as pd

from .. import contract
from .. import topic as topic_mod

# --------------------------------------------------------------------------------------------------------------
# Voices
# --------------------------------------------------------------------------------------------------------------

_WORD = re.compile(r"\w+(?:[’'\-.]\w+)*")
VOICE_COLUMNS = contract.COLUMNS["voices"]
NO_SIDE = (topic_mod.OTHER_SIDE, topic_mod.UNKNOWN_SIDE)  # the voices table's last two sides


def count_words(text: str) -> int:
    return len(_WORD.findall(text or ""))


def _targets(targets) -> tuple[str, ...]:
    """``targets`` as a tuple; () when None."""
    return tuple(targets) if targets is not None else ()


def voice_sides(targets=None) -> tuple[str, ...]:
    """The rows of the voices table per document: the targets, then ``other`` and ``unknown``."""
    return _targets(targets) + NO_SIDE


def _side(value, targets=None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value == "":
        return "unknown"
    sides = voice_sides(targets)
    if value not in sides:
        raise ValueError(f"quotes.speaker_side: unknown side {value!r} (expected one of {sides})")
    return value


def voices(quotes: pd.DataFrame, doc_ids: list[str], targets: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Quotations and quoted words per document and speaker side, one row for every side of
    :func:`voice_sides` (``targets``, the sides the book compares; then ``other`` and
    ``unknown``).

    ``share`` is the side's share of the document's quoted words, ``quote_share`` its share of the quotations
    (both 0 when the document quotes nobody); ``absent`` marks the sides never quoted. A quotation whose speaker
    is unknown counts for the side ``unknown``.
    """
    targets = _targets(targets)
    sides_order = voice_sides(targets)
    unknown_docs = sorted(set(quotes["doc_id"]) - set(doc_ids)) if not quotes.empty else []
    if unknown_docs:
        raise ValueError(f"quotes.doc_id: documents not in the corpus: {unknown_docs}")
    rows = []
    per_doc: dict[str, tuple[list[str], list[int]]] = {}  # one pass over the quotations, not one mask per document
    if not quotes.empty:
        for doc_id, side, text in zip(quotes["doc_id"], quotes["speaker_side"], quotes["text"]):
            sides_words = per_doc.setdefault(doc_id, ([], []))
            sides_words[0].append(_side(side, targets))
            sides_words[1].append(count_words(text))
    for doc_id in doc_ids:
        sides, words = per_doc.get(doc_id, ([], []))
        total_q, total_w = len(sides), sum(words)
        for side in sides_order:
            nq = sum(1 for s in sides if s == side)
            nw = sum(w for s, w in zip(sides, words) if s == side)
            rows.append({"doc_id": doc_id, "side": side, "quotes": nq, "quoted_words": nw,
                         "share": round(nw / total_w, 4) if total_w else 0.0,
                         "quote_share": round(nq / total_q, 4) if total_q else 0.0,
                         "absent": nq == 0})
    return pd.DataFrame(rows, columns=contract.columns("voices"))


def absent_sides(voice_table: pd.DataFrame, doc_id: str, targets: tuple[str, ...] | None = None) -> list[str]:
    """The sides the book compares (``targets``; default: the sides of the voices table other than ``other`` and
    ``unknown``, in its order) that a document never quotes."""
    if targets is None:
        targets = tuple(s for s in dict.fromkeys(voice_table["side"]) if s not in NO_SIDE)
    v = voice_table[(voice_table["doc_id"] == doc_id) & voice_table["side"].isin(targets)]
    return [s for s in targets if s in set(v.loc[v["quotes"] == 0, "side"])]
