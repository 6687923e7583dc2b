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


# ---- intentions an article ascribes to an actor (sentences written for the test, the seeds' actors and sides) ----

INTENT = ("Washington wants Baku to do its dirty work in the region.\n\n"
          "Washington said that Baku was a disgraceful and corrupt partner.\n\n"
          "Washington wants “a fair and lasting deal” soon.\n")


@pytest.fixture(scope="module")
def intent(tmp_path_factory):
    folder = tmp_path_factory.mktemp("intent")
    (folder / "a.txt").write_text(INTENT, encoding="utf-8")
    for name in ("book.yaml", "codebook.yaml"):
        (folder / name).write_bytes((ROOT / "seeds" / name).read_bytes())
    corpus = load_corpus(folder)
    out = tables.build(corpus, ["stance", "attributions", "sentences"])
    return corpus.documents[0], out


def test_an_ascribed_intention_is_the_authors_account_of_that_side(intent):
    from analysis import nlp
    from analysis.stance.by_voice import ascribed_intentions

    doc, out = intent
    atts = out["attributions"].to_dict("records")
    assert sorted(r["cue_text"] for r in atts) == ["said", "wants", "wants"]
    found = ascribed_intentions(doc, nlp.parse_document(doc), atts)
    # the first "wants": unquoted, Washington's side; "said" is speech; the second "wants" quotes its content
    assert [(side, doc.text[a:b]) for side, a, b in found] == [
        ("United States", "Baku to do its dirty work in the region")]


def test_an_ascribed_intention_counts_toward_its_own_side_only(intent):
    doc, out = intent
    st = out["stance"].set_index("target")
    first = out["sentences"]["sentence_id"].iloc[0]
    # the first sentence is evidence for the author's stance toward the United States (whose intention it
    # describes); Baku's mention inside it is not the author's: Azerbaijan's evidence is none of the three
    # sentences (the second and third are Washington's words)
    assert first in st.loc[US, "evidence"].split(";")
    assert "Azerbaijan" not in st.index or st.loc["Azerbaijan", "n_sentences"] == 0


def test_the_intention_is_scored_whole_for_its_side_and_masked_for_the_others(intent):
    from analysis import nlp
    from analysis.attribution import author_spans
    from analysis.stance import author_evidence
    from analysis.stance.by_voice import _voice_of, ascribed_intentions

    doc, out = intent
    atts = out["attributions"].to_dict("records")
    author = author_spans(doc, atts)
    found = ascribed_intentions(doc, nlp.parse_document(doc), atts)
    washington = [(0, len("Washington"))]
    masked = author_evidence(doc.text, US, author_spans=author, mentions=washington)
    mine = author_evidence(doc.text, US, author_spans=_voice_of(author, found, US), mentions=washington)
    assert "dirty work" not in masked.evidence[0].text
    assert mine.evidence[0].text == "Washington wants Baku to do its dirty work in the region."
    assert _voice_of(author, found, "Azerbaijan") == author
