"""The Rhetoric chapter's summaries of the rhetoric tables: the quotation table, words and verbs by speaker and
side, feature counts, highlighted sentences, and the quotation finder's agreement with the hand annotation."""

from __future__ import annotations

import pandas as pd

from analysis.corpus import short_id
from analysis.rhetoric.evaluate import Scores
from analysis.rhetoric.marks import UNKNOWN
from analysis.rhetoric.quote_speakers import _lemma_of, _words


def quote_view(quotes: pd.DataFrame) -> pd.DataFrame:
    """The quotation table of the chapter: where (document and sentence), kind, speaker with side, verb, the words
    the text attributes it to with how they were resolved ("he · pronoun"), and the quoted text."""
    def speaker(r):
        return r.speaker if r.speaker_side in ("", r.speaker, UNKNOWN) else f"{r.speaker} ({r.speaker_side})"

    def attributed(r):
        return " · ".join(x for x in (r.speaker_surface, r.attribution) if x)

    rows = [{"doc": short_id(r.doc_id), "sentence": r.sentence_id.rsplit(":", 1)[-1], "kind": r.kind,
             "speaker": speaker(r), "verb": r.verb, "attributed to": attributed(r), "text": r.text}
            for r in quotes.itertuples(index=False)]
    return pd.DataFrame(rows, columns=["doc", "sentence", "kind", "speaker", "verb", "attributed to", "text"])


def quoted_words(quotes: pd.DataFrame) -> pd.DataFrame:
    """Words per document, speaker and side: quoted (direct + partial) and paraphrased (indirect)."""
    q = quotes[quotes["kind"].isin(["direct", "partial", "indirect"])].copy()
    if q.empty:
        return pd.DataFrame(columns=["doc_id", "speaker", "speaker_side", "quoted", "paraphrased"])
    q["words"] = q["text"].map(_words)
    q["mode"] = q["kind"].map(lambda k: "paraphrased" if k == "indirect" else "quoted")
    out = (q.pivot_table(index=["doc_id", "speaker", "speaker_side"], columns="mode", values="words", aggfunc="sum",
                         fill_value=0)
           .reindex(columns=["quoted", "paraphrased"], fill_value=0).reset_index())
    out.columns.name = None
    return out.sort_values(["doc_id", "quoted", "paraphrased", "speaker"], ascending=[True, False, False, True],
                           ignore_index=True)


def verb_tally(quotes: pd.DataFrame, by: str = "speaker_side") -> pd.DataFrame:
    """Counts of neutral and evaluative reporting verbs per speaker side (or per doc_id)."""
    q = quotes[quotes["verb_class"].isin(["neutral", "evaluative"])]
    if q.empty:
        return pd.DataFrame(columns=["neutral", "evaluative", "evaluative_share"])
    out = pd.crosstab(q[by], q["verb_class"]).reindex(columns=["neutral", "evaluative"], fill_value=0)
    out["evaluative_share"] = (out["evaluative"] / out.sum(axis=1)).round(3)
    out.columns.name = None
    return out.sort_index()


def feature_counts(features: pd.DataFrame, kinds, by=("feature", "category", "in_quote")) -> pd.DataFrame:
    """Hits of the language features ``kinds`` (e.g. loaded, hedge, booster), counted by the columns ``by``."""
    f = features[features["feature"].isin(list(kinds))]
    return f.groupby(list(by)).size().rename("hits").reset_index()


def verb_list(quotes: pd.DataFrame) -> pd.DataFrame:
    """Each reporting verb (as a lemma) with its class, the sides it introduces and how often."""
    q = quotes[quotes["verb"] != ""].copy()
    q["verb"] = q["verb"].map(lambda v: v.lower() if " " in v else _lemma_of(v))  # lemmas: said, says -> say
    out = (q.groupby(["verb", "verb_class", "speaker_side"]).size().rename("n").reset_index()
           .sort_values(["verb_class", "n", "verb", "speaker_side"], ascending=[True, False, True, True],
                        ignore_index=True))
    return out


def side_words(quotes: pd.DataFrame) -> pd.DataFrame:
    """Quoted and paraphrased words per document and speaker side (rows: doc_id; columns: (mode, side))."""
    words = quoted_words(quotes)
    if words.empty:
        return pd.DataFrame()
    out = words.groupby(["doc_id", "speaker_side"])[["quoted", "paraphrased"]].sum().unstack(fill_value=0)
    return out.sort_index()


def sentiment_by_side(sentiment: pd.DataFrame) -> pd.DataFrame:
    """Mean VADER compound score of the sentences mentioning each side, per document (with the sentence count)."""
    if sentiment.empty:
        return pd.DataFrame(columns=["doc_id", "side", "mean_score", "n_sentences"])
    per = sentiment.drop_duplicates(["doc_id", "sentence_id", "side"])
    out = (per.groupby(["doc_id", "side"])["score"].agg(["mean", "size"]).reset_index()
           .rename(columns={"mean": "mean_score", "size": "n_sentences"}))
    out["mean_score"] = out["mean_score"].round(3)
    return out.sort_values(["doc_id", "side"], ignore_index=True)


def highlighted_sentences(corpus, features: pd.DataFrame, kinds=("loaded", "hedge", "booster"),
                          require: str = "loaded") -> list[tuple[str, str, int, list[tuple[int, int, str]]]]:
    """(doc_id, sentence text, sentence start, [(start, end, label)]) for every sentence with a ``require`` hit,
    its ``kinds`` hits as spans — ready for ``render.highlight`` (which escapes the text)."""
    out = []
    docs = {d.doc_id: d for d in corpus}
    f = features[features["feature"].isin(kinds)]
    for (doc_id, sid), group in f.groupby(["doc_id", "sentence_id"], sort=True):
        if require and require not in set(group["feature"]):
            continue
        sent = next(s for s in docs[doc_id].sentences if s.sentence_id == sid)
        spans = [(int(r.start), int(r.end), f"{r.feature}:{r.category}") for r in group.itertuples()]
        out.append((doc_id, sent.text, sent.start, spans))
    return out




def scores_table(scores: "Scores") -> pd.DataFrame:
    """The evaluation figures as a small display table (counts as integers, rates with three decimals), next to
    the Gender Gap Tracker's published figures where there is one (quote F1 0.837, speaker accuracy 0.865)."""
    rows = [
        ("hand-annotated items", f"{scores.gold:d}", ""),
        ("extracted items", f"{scores.predicted:d}", ""),
        ("matched (Dice overlap >= 0.5)", f"{scores.matched:d}", ""),
        ("identical spans among matched", f"{scores.exact_spans:d}", ""),
        ("precision", f"{scores.precision:.3f}", ""),
        ("recall", f"{scores.recall:.3f}", ""),
        ("F1", f"{scores.f1:.3f}", "0.837"),
        ("kind accuracy (matched)", f"{scores.kind_accuracy:.3f}", ""),
        ("speaker accuracy (matched)", f"{scores.speaker_accuracy:.3f}", "0.865"),
    ]
    # the caveat goes in the headers, where the figures are read: the book's rules were written from these five
    # texts, so its figure is not a held-out one like the Tracker's
    return pd.DataFrame(rows, columns=["measure", "this book on the 5 seed texts (developed on them: not held out)",
                                       "Gender Gap Tracker (published, held-out news)"])


def disagreements(scores: "Scores") -> pd.DataFrame:
    """The hand-annotated items the extractor missed, got another kind or speaker for, and its spurious items."""
    d = scores.detail
    bad = (d["status"] != "matched") | (d["gold_kind"] != d["pred_kind"]) | (d["gold_speaker"] != d["pred_speaker"])
    return d[bad].reset_index(drop=True)
