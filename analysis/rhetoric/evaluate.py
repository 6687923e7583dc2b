"""Quotation finding scored against hand annotations (a corpus folder's quotes_gold.yaml, e.g. seeds/quotes_gold.yaml)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .marks import KINDS
from .quotes import extract_quotes

# ----------------------------------------------------------------------------------------------------------------
# evaluation against hand annotations

@dataclass(frozen=True)
class Scores:
    gold: int
    predicted: int
    matched: int
    precision: float
    recall: float
    f1: float
    kind_accuracy: float
    speaker_accuracy: float
    exact_spans: int  # matched pairs whose spans are identical
    detail: pd.DataFrame = field(compare=False, repr=False)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    return 2 * inter / ((a[1] - a[0]) + (b[1] - b[0])) if inter else 0.0


def load_gold(path: str | Path) -> list[dict]:
    """Hand annotations: a YAML list of {doc_id, text, kind, speaker[, verb, note]}; errors name the entry."""
    import yaml

    path = Path(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or "quotes" not in data:
        raise ValueError(f"{path}: expected a mapping with a 'quotes' list")
    out = []
    for i, e in enumerate(data["quotes"]):
        for key in ("doc_id", "text", "kind", "speaker"):
            if key not in e:
                raise ValueError(f"{path}: quotes[{i}]: missing field '{key}'")
        if e["kind"] not in KINDS:
            raise ValueError(f"{path}: quotes[{i}]: unknown kind {e['kind']!r}")
        out.append(dict(e))
    return out


def evaluate(corpus, gold_path: str | Path, min_overlap: float = 0.5, quotes: pd.DataFrame | None = None,
             topic=None) -> Scores:
    """Precision, recall, F1, kind and speaker accuracy of ``extract_quotes`` against hand annotations.

    A gold quotation is located in its document by its text (its first occurrence; ``occurrence: n`` picks
    another). A prediction matches a gold quotation of the same document when their spans overlap with a Dice
    coefficient >= ``min_overlap`` (one-to-one, best overlap first). Kind and speaker accuracy are over matched
    pairs. ``quotes`` may give the corpus's quotes table instead of extracting again (with ``topic``, the
    corpus's).
    """
    gold = load_gold(gold_path)
    docs = {d.doc_id: d for d in corpus}
    gold_spans = []
    for i, g in enumerate(gold):
        doc = docs.get(g["doc_id"])
        if doc is None:
            raise ValueError(f"{gold_path}: quotes[{i}]: no document {g['doc_id']!r} in the corpus")
        pos = -1
        for _ in range(int(g.get("occurrence", 1))):
            pos = doc.text.find(g["text"], pos + 1)
        if pos == -1:
            raise ValueError(f"{gold_path}: quotes[{i}]: text not found in {g['doc_id']}: {g['text'][:60]!r}")
        gold_spans.append((g["doc_id"], pos, pos + len(g["text"])))
    if quotes is None:
        predicted = [q for d in corpus for q in extract_quotes(d, topic)]
    else:  # rows of the quotes table of the same corpus: the same records as extract_quotes gives
        predicted = list(quotes.itertuples(index=False))
    pairs = []
    for gi, (doc_id, a, b) in enumerate(gold_spans):
        for pi, q in enumerate(predicted):
            if q.doc_id == doc_id:
                o = _overlap((a, b), (q.start, q.end))
                if o >= min_overlap:
                    pairs.append((-o, gi, pi))
    pairs.sort()
    used_g, used_p, match = set(), set(), {}
    for _, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            match[gi] = pi
    rows = []
    for gi, g in enumerate(gold):
        q = predicted[match[gi]] if gi in match else None
        rows.append({"doc_id": g["doc_id"], "gold_text": g["text"], "gold_kind": g["kind"],
                     "gold_speaker": g["speaker"], "pred_text": q.text if q else "", "pred_kind": q.kind if q else "",
                     "pred_speaker": q.speaker if q else "", "status": "matched" if q else "missed"})
    for pi, q in enumerate(predicted):
        if pi not in used_p:
            rows.append({"doc_id": q.doc_id, "gold_text": "", "gold_kind": "", "gold_speaker": "", "pred_text": q.text,
                         "pred_kind": q.kind, "pred_speaker": q.speaker, "status": "spurious"})
    detail = pd.DataFrame(rows)
    matched = detail[detail["status"] == "matched"]
    n_m = len(matched)
    precision = n_m / len(predicted) if predicted else 0.0
    recall = n_m / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    kind_acc = float((matched["gold_kind"] == matched["pred_kind"]).mean()) if n_m else 0.0
    spk_acc = float((matched["gold_speaker"] == matched["pred_speaker"]).mean()) if n_m else 0.0
    return Scores(len(gold), len(predicted), n_m, round(precision, 4), round(recall, 4), round(f1, 4),
                  round(kind_acc, 4), round(spk_acc, 4), int((matched["gold_text"] == matched["pred_text"]).sum()),
                  detail)


GOLD_NAME = "quotes_gold.yaml"  # a corpus's hand annotation of its quotations, in its folder (seeds/quotes_gold.yaml)


def gold_scores(corpus, gold_path: str | Path | None = None, quotes: pd.DataFrame | None = None,
                topic=None) -> Scores | None:
    """``evaluate`` on the hand annotations (``gold_path``, default the corpus folder's ``quotes_gold.yaml``) when
    there are some and every annotated document is in the corpus (None otherwise).

    ``quotes``: the corpus's quotes table when the caller has it already (the chapter does), to avoid extracting
    again; otherwise the quotations are extracted under ``topic`` (the corpus's)."""
    if gold_path is None:
        folder = getattr(corpus, "folder", None)
        gold_path = Path(folder) / GOLD_NAME if folder is not None else None
        if gold_path is None or not gold_path.is_file():
            return None
    wanted = {g["doc_id"] for g in load_gold(gold_path)}
    if not wanted <= {d.doc_id for d in corpus}:
        return None
    return evaluate(corpus, gold_path, quotes=quotes, topic=topic)
