"""Helpers for the book: pure functions of the source-bias tables."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.bias.voice_balance import NO_SIDE

# --------------------------------------------------------------------------------------------------------------
# Helpers for the book (pure functions of the tables above)
# --------------------------------------------------------------------------------------------------------------

def stance_matrix(stance_table: pd.DataFrame, doc_ids: list[str],
                  targets: tuple[str, ...] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Scores (targets x documents; NaN where the evidence is none or thin, so that such a cell is never a colour)
    and cell labels (score, its interval and the number of sentences: "-0.39\n[-0.52, -0.21]\nn=21"; "thin\nn=2";
    "no\nevidence");
    ``targets``: the rows, default the stance table's targets in their order."""
    if targets is None:
        targets = tuple(dict.fromkeys(stance_table["target"]))
    scores = pd.DataFrame(np.nan, index=list(targets), columns=doc_ids)
    labels = pd.DataFrame("", index=list(targets), columns=doc_ids)
    for r in stance_table.itertuples(index=False):
        if r.doc_id not in scores.columns or r.target not in scores.index:
            continue
        thin = getattr(r, "strength", "") in ("thin", "none")
        if r.n_sentences == 0 or pd.isna(r.score):
            labels.loc[r.target, r.doc_id] = "no\nevidence"
        elif thin:  # too little evidence to colour: the cell says so, and stays uncoloured
            labels.loc[r.target, r.doc_id] = f"thin\nn={r.n_sentences}"
        else:
            scores.loc[r.target, r.doc_id] = r.score
            low, high = getattr(r, "low", np.nan), getattr(r, "high", np.nan)
            interval = f"\n[{low:+.2f}, {high:+.2f}]" if pd.notna(low) and pd.notna(high) else ""
            labels.loc[r.target, r.doc_id] = f"{r.score:+.2f}{interval}\nn={r.n_sentences}"
    return scores, labels


def voice_shares(voice_table: pd.DataFrame, column: str = "share",
                 targets: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Documents x sides of a share column of the voices table: ``targets`` (default: the table's sides other than
    ``other`` and ``unknown``, in its order), then ``other`` and ``unknown``."""
    if targets is None:
        targets = tuple(s for s in dict.fromkeys(voice_table["side"]) if s not in NO_SIDE)
    sides = list(targets) + list(NO_SIDE)
    if voice_table.empty:
        return pd.DataFrame(columns=sides)
    out = voice_table.pivot(index="doc_id", columns="side", values=column).reindex(columns=sides)
    return out.fillna(0.0).sort_index()


def sentence_texts(corpus, sentence_ids) -> pd.DataFrame:
    """sentence_id and text of the given sentences (in document order)."""
    wanted = set(sentence_ids)
    rows = [{"sentence_id": s.sentence_id, "text": s.text} for d in corpus for s in d.sentences
            if s.sentence_id in wanted]
    return pd.DataFrame(rows, columns=["sentence_id", "text"])


def alignment_view(corpus, aligned: pd.DataFrame) -> pd.DataFrame:
    """An alignment table with both sentences' texts: derived sentence, source sentence, similarity."""
    text = {s.sentence_id: s.text for d in corpus for s in d.sentences}
    return pd.DataFrame({
        "derived": [sid.rsplit(":", 1)[-1] for sid in aligned["derived_sentence"]],
        "derived text": [text[s] for s in aligned["derived_sentence"]],
        "source": [sid.rsplit(":", 1)[-1] for sid in aligned["source_sentence"]],
        "source text": [text[s] for s in aligned["source_sentence"]],
        "similarity": aligned["similarity"].tolist(),
    })


def timeline(tables: dict, corpus, doc_id: str) -> dict:
    """The document's timeline reach and the dates it mentions, from the chronology tables ``reach`` and
    ``timexes`` (computed once per build).

    Returns {"reach": DataFrame, "dates": DataFrame, "problem": str}: ``problem`` explains an empty reach (no
    publication date, against which relative dates cannot be resolved).
    """
    reach = tables["reach"][tables["reach"]["doc_id"] == doc_id].reset_index(drop=True)
    dates = tables["timexes"][tables["timexes"]["doc_id"] == doc_id].reset_index(drop=True)
    problem = ""
    if not corpus[doc_id].value("published"):
        problem = "its publication date is unknown, so dates relative to it are listed unresolved"
    return {"reach": reach, "dates": dates, "problem": problem}
