"""The stance tables of the export (issue 12): the author's voice apart from the sources', on the seeds.

Expectations written from the articles: 003 (Caliber.az) is the most hostile of the five to the United States in
its own voice ("dirty work", "intimidate", "putting pressure on Azerbaijan"); 004 is a news report whose criticism
of the United States is Baku's and Hajiyev's ("upset at Washington's posturing", "one-sided and lopsided
approach"), and it alone writes of Armenians' "forced displacement"."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import load_corpus, tables

ROOT = Path(__file__).resolve().parent.parent
US, AM = "United States", "Armenia"


@pytest.fixture(scope="module")
def t():
    corpus = load_corpus(ROOT / "seeds")
    out = tables.build(corpus, ["stance", "source_stance", "sentences", "attributions"])
    out["ids"] = {d.doc_id[:3]: d.doc_id for d in corpus}
    out["text"] = {d.doc_id: d.text for d in corpus}
    return out


def _score(t, doc, target):
    st = t["stance"].set_index(["doc_id", "target"])
    return st.loc[(t["ids"][doc], target)]


def test_003_is_the_least_favourable_to_the_united_states(t):
    scores = {d: _score(t, d, US)["score"] for d in t["ids"]}
    assert min(scores, key=scores.get) == "003", scores
    assert scores["003"] < 0


def test_004s_criticism_of_washington_is_bakus_and_hajiyevs_not_its_authors(t):
    d = t["ids"]["004"]
    text = t["text"][d]
    sentences = t["sentences"].set_index("sentence_id")
    posturing = next(sid for sid, row in sentences.iterrows() if row["doc_id"] == d and "posturing" in row["text"])
    # the author's stance toward the US does not read the sentence of Baku's feeling about "posturing" as its own
    row = _score(t, "004", US)
    assert row["n_loaded"] == 0  # no loaded word of the author's own voice is counted for the US in 004
    att = t["attributions"][t["attributions"]["doc_id"] == d]
    feeling = att[att["content_text"].str.contains("posturing") & (att["kind"] == "belief")]
    assert len(feeling) == 1 and feeling.iloc[0]["speaker_side"] == "Azerbaijan"
    assert text[int(feeling.iloc[0]["cue_start"]):int(feeling.iloc[0]["cue_end"])] == "upset at"
    # every "posturing" of 004 lies inside someone's attributed content
    for at in [i for i in range(len(text)) if text.startswith("posturing", i)]:
        assert ((att["content_start"] <= at) & (at < att["content_end"])).any()
    # and the sources' stance table has what Hajiyev and Baku say about the United States
    src = t["source_stance"][(t["source_stance"]["doc_id"] == d) & (t["source_stance"]["target"] == US)]
    assert {"Hikmet Hajiyev", "Azerbaijan"} <= set(src["source"])
    assert posturing in ";".join(src["evidence"])


def test_004_toward_armenia_is_not_negative(t):
    assert _score(t, "004", AM)["label"] != "negative"


def test_scores_have_intervals_and_thin_cells_say_so(t):
    st = t["stance"]
    scored = st[st["n_sentences"] > 0]
    assert (scored["low"] <= scored["score"]).all() and (scored["score"] <= scored["high"]).all()
    none = st[st["n_sentences"] == 0]
    assert none["score"].isna().all() and set(none["strength"]) == {"none"}
    assert set(st.loc[st["n_sentences"].between(1, 2), "strength"]) <= {"thin"}
