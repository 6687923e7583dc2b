"""analysis.stance: target-dependent sentiment, the author's stance, masking, shrinkage, deterministic training.

Sentences here are written for the test; the expectations are what a reader of each sentence would say.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.stance import aggregate, author_evidence, author_stance, find_mentions, target_sentiment
from analysis.stance import model as M
from analysis.stance import train as T
from analysis.stance.target import target_scores

NEWSMTSC = Path(__file__).resolve().parents[1].parent / "shared" / "newsmtsc" / "train.jsonl"


def _at(sentence: str, mention: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = sentence.index(mention, start + 1)
    return start, start + len(mention)


# ---- target_sentiment ------------------------------------------------------------------------------------------

TWO_TARGETS = ("Voters across the state praised Anna Berg for her honest and generous leadership, "
               "while Mark Olsen was convicted of fraud and bribery.")


def test_two_mentions_in_one_sentence_get_opposite_sentiments():
    assert target_sentiment(TWO_TARGETS, *_at(TWO_TARGETS, "Anna Berg")) == 1
    assert target_sentiment(TWO_TARGETS, *_at(TWO_TARGETS, "Mark Olsen")) == -1


@pytest.mark.parametrize("sentence, mention, expected", [
    ("Prosecutors say Tom Reyes stole millions from the pension fund and lied to investigators.", "Tom Reyes", -1),
    ("Maria Lopez won the award for her brilliant and courageous reporting.", "Maria Lopez", 1),
    ("Paul Grant will travel to Denver on Tuesday for the meeting.", "Paul Grant", 0),
])
def test_clear_single_mentions(sentence, mention, expected):
    assert target_sentiment(sentence, *_at(sentence, mention)) == expected


def test_target_sentiment_returns_int_and_probabilities_sum_to_one():
    s = TWO_TARGETS
    value = target_sentiment(s, *_at(s, "Anna Berg"))
    assert type(value) is int and value in (-1, 0, 1)
    p = target_scores(s, *_at(s, "Mark Olsen"))
    assert p.shape == (3,) and abs(p.sum() - 1) < 1e-9 and (p >= 0).all()


@pytest.mark.parametrize("start, end", [(-1, 3), (5, 5), (10, 2), (0, 10_000)])
def test_bad_offsets_are_rejected(start, end):
    with pytest.raises(ValueError, match="mention"):
        target_sentiment("A short sentence about nobody.", start, end)


# ---- mentions ---------------------------------------------------------------------------------------------------

ARTICLE = ("Dana Whitfield opened the new children's hospital on Monday.\n"
           "She thanked the nurses and donated her own salary to the wards.\n"
           "The weather was cold. Officials expect the hospital to serve the whole county.\n"
           "Whitfield, a former nurse, was widely admired for her kindness.")


def test_mentions_name_surname_and_following_pronoun():
    found = find_mentions(ARTICLE, "Dana Whitfield")
    surfaces = [(ARTICLE[a:b], kind) for a, b, kind in found]
    assert surfaces == [("Dana Whitfield", "name"), ("She", "pronoun"), ("Whitfield", "name")]


def test_group_names_are_not_cut_to_their_last_word():
    text = "The United States imposed sanctions. The States of Jersey were not affected."
    assert [text[a:b] for a, b, _ in find_mentions(text, "United States")] == ["United States"]


# ---- author_stance ----------------------------------------------------------------------------------------------

def test_author_stance_positive_article_and_score_range():
    label, score = author_stance(ARTICLE, "Dana Whitfield")
    assert label == "positive"
    assert 0 < score <= 1


def test_author_stance_negative_article():
    text = ("Carl Menning was arrested on Friday on charges of fraud and embezzlement.\n"
            "Menning stole money from elderly victims and lied to the police, prosecutors said.\n"
            "He faces twenty years in prison after a scandal that disgraced the company.")
    label, score = author_stance(text, "Carl Menning")
    assert label == "negative"
    assert -1 <= score < 0


def test_no_mention_is_neutral_zero_with_full_interval():
    r = author_evidence("Nothing here concerns the person at all.", "Zed Quill")
    assert (r.label, r.score, r.low, r.high, r.n_sentences) == ("neutral", 0.0, -1.0, 1.0, 0)


def test_pronoun_only_sentences_weigh_less_than_names():
    text = ("Carl Menning arrived in Oslo on Monday with his wife for the annual meeting.\n"
            "He was later convicted of fraud, bribery and theft.")
    full = author_evidence(text, "Carl Menning", pronoun_weight=1.0, n_prior=0)
    half = author_evidence(text, "Carl Menning", pronoun_weight=0.5, n_prior=0)
    none = author_evidence(text, "Carl Menning", pronoun_weight=0.0, n_prior=0)
    assert [ev.kind for ev in full.evidence] == ["name", "pronoun"]
    assert full.evidence[1].score < full.evidence[0].score  # the conviction is the negative sentence
    assert none.score == pytest.approx(full.evidence[0].score, abs=1e-4)  # the pronoun's sentence not counted
    assert full.score < half.score < none.score


def test_author_stance_reads_its_fitted_aggregation():
    from analysis.stance import author as A
    from analysis.stance import train as T

    n_prior, weight = A.aggregation()
    config = json.loads(A.CONFIG_FILE.read_text(encoding="utf-8"))
    assert (n_prior, weight) == (config["n_prior"], config["pronoun_weight"])
    assert n_prior in T.CAL_PRIORS and weight in T.CAL_PRONOUN_WEIGHTS
    r = author_evidence(ARTICLE, "Dana Whitfield")
    assert r.score == author_evidence(ARTICLE, "Dana Whitfield", n_prior=n_prior, pronoun_weight=weight).score


# ---- masking: attributed content is not the author's ------------------------------------------------------------

MASKED = "Olsen rejected what critics called a corrupt, disgraceful and criminal deal."


def test_loaded_words_inside_attributed_content_are_not_counted():
    content = _at(MASKED, "a corrupt, disgraceful and criminal deal")
    author = [(0, content[0]), (content[1], len(MASKED))]
    free = author_evidence(MASKED, "Olsen")
    masked = author_evidence(MASKED, "Olsen", author_spans=author)
    assert free.n_sentences == masked.n_sentences == 1
    assert "corrupt" in free.evidence[0].text
    assert "corrupt" not in masked.evidence[0].text and "criminal" not in masked.evidence[0].text
    assert masked.evidence[0].text.startswith("Olsen rejected what critics called")
    assert masked.score > free.score


def test_mention_inside_attributed_content_is_not_counted():
    text = ("Olsen met the delegation in Oslo on Monday.\n"
            "His rivals said that Olsen is a corrupt and disgraceful liar who stole from voters.")
    content = _at(text, "Olsen is a corrupt and disgraceful liar who stole from voters")
    author = [(0, content[0]), (content[1], len(text))]
    free = author_evidence(text, "Olsen")
    masked = author_evidence(text, "Olsen", author_spans=author)
    assert free.n_sentences == 2
    assert min(ev.score for ev in free.evidence) < -0.5  # the rivals' words, read as the author's
    assert masked.n_sentences == 1
    assert masked.evidence[0].sentence_start == 0
    assert masked.score > free.score
    assert masked.label != "negative"


# ---- shrinkage and the interval ---------------------------------------------------------------------------------

def test_shrinkage_of_one_sentence():
    score, low, high = aggregate([-0.6], n_prior=2)
    assert score == pytest.approx(-0.2)
    assert (low, high) == pytest.approx((-1 / 3, 1 / 3))


def test_more_agreeing_evidence_moves_the_score_further_and_the_interval_holds_it():
    one = aggregate([0.8])[0]
    ten = aggregate([0.8, 0.7, 0.9, 0.8, 0.6, 0.8, 0.7, 0.9, 0.8, 0.75])
    assert 0 < one < ten[0] < 0.8
    assert ten[1] <= ten[0] <= ten[2]
    assert aggregate([0.8, 0.7, -0.9, 0.1]) == aggregate([0.8, 0.7, -0.9, 0.1])  # fixed seed


def test_one_weak_sentence_gives_a_score_near_zero():
    text = "Lena Fox said the budget was somewhat disappointing."
    r = author_evidence(text, "Lena Fox")
    assert r.n_sentences == 1
    assert abs(r.score) < 0.35


def test_aggregate_rejects_scores_out_of_range():
    with pytest.raises(ValueError, match=r"\[-1, 1\]"):
        aggregate([0.5, 1.5])


# ---- the model file and training --------------------------------------------------------------------------------

def test_shipped_model_matches_its_checksum_and_is_small():
    raw = M.MODEL_FILE.read_bytes()
    assert len(raw) < 5_000_000
    line = M.SUMS_FILE.read_text(encoding="utf-8").split()
    assert line == [M.sha256(raw), M.MODEL_FILE.name]
    meta = M.load().meta
    assert meta["method"] == T.CHOSEN and meta["rebuild"] == "make train-stance"


def test_damaged_model_is_refused(tmp_path):
    bad = tmp_path / "target_sentiment.json.gz"
    bad.write_bytes(b"not a model")
    with pytest.raises(M.ModelError, match="not a gzip'd JSON model"):
        M.load(bad, sums=None)
    sums = tmp_path / "SHA256SUMS"
    sums.write_text("0" * 64 + "  target_sentiment.json.gz\n")
    with pytest.raises(M.ModelError, match="sha256 differs"):
        M.load(bad, sums=sums)


@pytest.mark.skipif(not NEWSMTSC.exists(), reason="../shared/newsmtsc not present")
def test_training_is_deterministic_on_a_subset(tmp_path):
    a = T.train(NEWSMTSC, limit=120)
    b = T.train(NEWSMTSC, limit=120)
    assert a.to_bytes() == b.to_bytes()
    path = tmp_path / "m.json.gz"
    M.save(a, path, sums=None)
    loaded = M.load(path, sums=None)
    s = TWO_TARGETS
    assert (loaded.scores(s, *_at(s, "Anna Berg")) == M.Model.from_bytes(a.to_bytes()).scores(
        s, *_at(s, "Anna Berg"))).all()


@pytest.mark.skipif(not NEWSMTSC.exists(), reason="../shared/newsmtsc not present")
def test_an_ensemble_model_is_deterministic_and_round_trips(tmp_path):
    a = T.train(NEWSMTSC, limit=150, method_name="ensemble-target+dep")
    assert a.to_bytes() == T.train(NEWSMTSC, limit=150, method_name="ensemble-target+dep").to_bytes()
    assert [m.norm for m in a.members] == ["all", "blocks", "all"]
    path = tmp_path / "e.json.gz"
    M.save(a, path, sums=None)
    loaded = M.load(path, sums=None)
    s = TWO_TARGETS
    p = loaded.scores(s, *_at(s, "Mark Olsen"))
    assert p.shape == (3,) and abs(p.sum() - 1) < 1e-9
    assert p == pytest.approx(a.scores(s, *_at(s, "Mark Olsen")), abs=1e-4)  # coefficients stored to 6 digits


def test_bad_training_record_names_file_and_line(tmp_path):
    data = tmp_path / "train.jsonl"
    good = {"primary_gid": "x_1_2_3", "sentence_normalized": "Ann won.",
            "targets": [{"from": 0, "to": 3, "polarity": 6.0}]}
    bad = {"primary_gid": "x_1_2_4", "sentence_normalized": "Bo lost.",
           "targets": [{"from": 0, "to": 30, "polarity": 2.0}]}
    data.write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n")
    with pytest.raises(T.DataError, match=r"train.jsonl:2: targets\[0\]: offsets"):
        T.read_newsmtsc(data)


# ---- contextual token vectors (tok2vec) ---------------------------------------------------------------------------

def test_tensor_features_pool_the_target_its_governor_and_the_sentence():
    import numpy as np

    from analysis import nlp
    from analysis.stance.features import TENSOR_DENSE, TENSOR_WIDTH, sentence_tensor, tensor_features

    s = "The board praised Anna Berg warmly."
    a, b = _at(s, "Anna Berg")
    starts, ends, ten = sentence_tensor(s)
    words = [s[x:y] for x, y in zip(starts, ends)]
    assert words == ["The", "board", "praised", "Anna", "Berg", "warmly", "."]
    feats = np.array(tensor_features((starts, ends, ten), nlp.parse_texts([s])[0], a, b))
    assert feats.shape == (len(TENSOR_DENSE),)
    pools = feats.reshape(5, TENSOR_WIDTH)
    assert pools[0] == pytest.approx(ten[[3, 4]].mean(axis=0))  # the target's two tokens
    assert pools[1] == pytest.approx(ten[[0, 1, 2, 5, 6]].mean(axis=0))  # three tokens each side, target left out
    assert pools[2] == pytest.approx(ten[2])  # its governor: "praised" (Berg is its object)
    assert pools[4] == pytest.approx(ten.mean(axis=0))


@pytest.mark.skipif(not NEWSMTSC.exists(), reason="../shared/newsmtsc not present")
def test_a_model_with_token_vectors_scores_a_sentence_as_in_training(tmp_path):
    name = "lr-target+dep+t2v C=2"
    a = T.train(NEWSMTSC, limit=120, method_name=name)
    assert a.vectorizer.needs_tensor and a.to_bytes() == T.train(NEWSMTSC, limit=120, method_name=name).to_bytes()
    path = tmp_path / "t.json.gz"
    M.save(a, path, sums=None)
    loaded = M.load(path, sums=None)
    ex = T.read_newsmtsc(NEWSMTSC, limit=5)
    T.featurize(ex, parse=True, tensor=True)
    for e in ex[:3]:
        # the features computed at scoring time (from the sentence alone) are the training-time features
        trained = a.proba_matrix(*T._rows(T.method(name), [e]))[0]
        assert loaded.scores(e.sentence, e.start, e.end) == pytest.approx(trained, abs=1e-4)
    data = json.loads(__import__("gzip").decompress(a.to_bytes()))
    data["dense_scale"] = data["dense_scale"][:-1]
    with pytest.raises(M.ModelError, match="one number per dense feature"):
        M.Model.from_json(data)


# ---- name matching ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("target, text, expected", [
    # a target written in capitals matches the name as the article writes it
    ("JANE KOWALSKI", "Jane Kowalski spoke first. Later Kowalski left.", ["Jane Kowalski", "Kowalski"]),
    # surrounding punctuation is not part of the name
    ("-- Peter Dunn", "Peter Dunn arrived. Dunn smiled.", ["Peter Dunn", "Dunn"]),
    # a particle belongs to the surname
    ("Karim al-Rashid", "Officials met al-Rashid on Monday.", ["al-Rashid"]),
    # when neither the name nor the surname occurs, the given name alone is the name
    ("Somchai Wattana", "Opponents of Somchai marched. Somchai did not respond.", ["Somchai", "Somchai"]),
])
def test_name_forms(target, text, expected):
    assert [text[a:b] for a, b, _ in find_mentions(text, target, pronouns=False)] == expected


def test_the_given_name_alone_is_not_searched_when_the_surname_occurs():
    text = "Somchai Wattana won. Somchai Preecha, his rival, lost. Wattana thanked voters."
    assert [text[a:b] for a, b, _ in find_mentions(text, "Somchai Wattana", pronouns=False)] == [
        "Somchai Wattana", "Wattana"]


# ---- the sentence encoder (all-MiniLM-L6-v2's first layers, analysis.stance.encoder) -------------------------------

@pytest.mark.skipif(not NEWSMTSC.exists(), reason="../shared/newsmtsc not present")
def test_a_model_with_the_encoder_scores_a_sentence_as_in_training(tmp_path):
    name = "lr-target+dep+enc1 C=2"
    a = T.train(NEWSMTSC, limit=120, method_name=name)
    assert a.vectorizer.needs_encoder and a.meta["encoder_layers"] == 1
    assert a.to_bytes() == T.train(NEWSMTSC, limit=120, method_name=name).to_bytes()
    path = tmp_path / "enc.json.gz"
    M.save(a, path, sums=None)
    loaded = M.load(path, sums=None)
    ex = T.read_newsmtsc(NEWSMTSC, limit=5)
    T.featurize(ex, parse=True, encoder_layers=(1,))
    for e in ex[:3]:
        # the features computed at scoring time (from the sentence alone) are the training-time features
        trained = a.proba_matrix(*T._rows(T.method(name), [e]))[0]
        assert loaded.scores(e.sentence, e.start, e.end) == pytest.approx(trained, abs=1e-4)
    data = json.loads(__import__("gzip").decompress(a.to_bytes()))
    data["meta"]["encoder_layers"] = 0
    with pytest.raises(M.ModelError, match="meta.encoder_layers is 0"):
        M.Model.from_json(data)


def test_the_shipped_model_reads_the_encoder_and_warming_changes_no_score():
    model = M.load()
    assert model.vectorizer.needs_encoder and model.encoder_layers == T.method(T.CHOSEN).encoder
    s = TWO_TARGETS
    cold = [target_scores(s, *_at(s, name)) for name in ("Anna Berg", "Mark Olsen")]
    model.encoder()._cache.clear()
    from analysis.stance.target import warm

    warm([(s, *_at(s, name)) for name in ("Anna Berg", "Mark Olsen")] + [("Another sentence entirely.", 0, 7)])
    assert [list(target_scores(s, *_at(s, name))) for name in ("Anna Berg", "Mark Olsen")] == [list(p) for p in cold]
