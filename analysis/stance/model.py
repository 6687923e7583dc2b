"""The target-sentiment model as data: a TF-IDF vocabulary and linear coefficients, read into numpy.

The model file (``analysis/data/models/target_sentiment.json.gz``) is gzip'd JSON written with sorted keys, floats
rounded to :data:`DIGITS` significant digits and a zero gzip timestamp, so that training twice on the same data
writes the same bytes. It holds no code (no pickle): loading it is reading numbers. Its ``sha256`` in
``analysis/data/models/SHA256SUMS`` is checked on load.

Scoring a mention (:meth:`Model.scores`): the sparse features of :func:`analysis.stance.features.features` are
counted, weighted ``(1 + log tf) * idf`` (scikit-learn's ``sublinear_tf`` with smooth idf), l2-normalized; the dense
features are appended multiplied by ``dense_weight``; the class scores are ``x @ coef.T + intercept`` and the
probabilities their softmax (multinomial logistic regression) or, for a margin classifier, a softmax of the
margins.

A model may hold several linear *members* over the same vocabulary (an ensemble): each has its own ``coef`` and
``intercept`` and a ``norm``: ``"all"`` (the sparse part l2-normalized as a whole, above) or ``"blocks"`` (each
block of sparse features l2-normalized on its own: the sentence's words and bigrams ``w:``/``b:``, the dependency
features ``dep:``, and every other, target-local, feature; see :func:`block_of`). The probabilities are the mean
of the members' softmaxes.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..resources import DATA_DIR
from .encoder import ENCODER_DENSE
from .features import DENSE, DEP_DENSE, TENSOR_DENSE, dep_features, features, sentence_tensor, tensor_features

MODEL_DIR = DATA_DIR / "models"
MODEL_FILE = MODEL_DIR / "target_sentiment.json.gz"
SUMS_FILE = MODEL_DIR / "SHA256SUMS"
DIGITS = 6
CLASSES = (-1, 0, 1)


class ModelError(ValueError):
    pass


NORMS = ("all", "blocks")
N_BLOCKS = 3


def block_of(name: str) -> int:
    """The normalization block of a sparse feature: 0 the sentence's words and bigrams, 2 the dependency features,
    1 everything else (the features placed relative to the target: windows, clause, lexicon sides, position)."""
    if name.startswith(("w:", "b:")):
        return 0
    if name.startswith("dep:"):
        return 2
    return 1


def _round(x: float) -> float:
    if x == 0 or not math.isfinite(x):
        return 0.0
    return float(f"{x:.{DIGITS}g}")


@dataclass
class Vectorizer:
    vocabulary: dict[str, int]
    idf: np.ndarray
    dense_weight: float = 1.0
    dense_names: tuple = DENSE
    # standardization of the dense features (x - mean) * scale, when given (the contextual vectors); else
    # x * dense_weight
    dense_mean: np.ndarray | None = None
    dense_scale: np.ndarray | None = None

    @property
    def use_dense(self) -> bool:
        return bool(self.dense_names)

    @property
    def needs_parse(self) -> bool:
        return any(n in DEP_DENSE for n in self.dense_names) or self.needs_tensor

    @property
    def needs_tensor(self) -> bool:
        return bool(self.dense_names) and self.dense_names[-1] == TENSOR_DENSE[-1]

    @property
    def needs_encoder(self) -> bool:
        return bool(self.dense_names) and self.dense_names[-1] == ENCODER_DENSE[-1]

    @classmethod
    def fit(cls, sparse_lists: list[list[str]], min_df: int = 2, dense_weight: float = 1.0,
            dense_names: tuple = DENSE, keep=None) -> "Vectorizer":
        df: Counter = Counter()
        for feats in sparse_lists:
            df.update({f for f in feats if keep is None or keep(f)})
        names = sorted(f for f, c in df.items() if c >= min_df)
        n = len(sparse_lists)
        idf = np.array([math.log((1 + n) / (1 + df[f])) + 1.0 for f in names])
        return cls({f: i for i, f in enumerate(names)}, idf, dense_weight, tuple(dense_names))

    @property
    def width(self) -> int:
        return len(self.vocabulary) + len(self.dense_names)

    @property
    def blocks(self) -> np.ndarray:
        """The normalization block (:func:`block_of`) of every sparse column."""
        if getattr(self, "_blocks", None) is None or len(self._blocks) != len(self.vocabulary):
            names = sorted(self.vocabulary, key=self.vocabulary.get)
            self._blocks = np.array([block_of(f) for f in names], dtype=np.int64)
        return self._blocks

    def row(self, sparse: list[str], dense: list[float], norm: str = "all") -> tuple[np.ndarray, np.ndarray]:
        """Column indices and values of one example (``norm``: see the module's description)."""
        counts = Counter(f for f in sparse if f in self.vocabulary)
        idx = np.fromiter((self.vocabulary[f] for f in counts), dtype=np.int64, count=len(counts))
        val = np.fromiter(((1.0 + math.log(c)) for c in counts.values()), dtype=float, count=len(counts))
        if len(idx):
            val = val * self.idf[idx]
            if norm == "blocks":
                blk = self.blocks[idx]
                sq = np.bincount(blk, weights=val ** 2, minlength=N_BLOCKS)
                norms = np.sqrt(sq)
                norms[norms == 0] = 1.0
                val = val / norms[blk]
            else:
                val = val / np.sqrt((val ** 2).sum())
        if self.use_dense:
            base = len(self.vocabulary)
            if len(dense) != len(self.dense_names):
                raise ModelError(f"{len(dense)} dense features given, the model has {len(self.dense_names)}")
            idx = np.concatenate([idx, np.arange(base, base + len(dense))])
            d = np.asarray(dense, dtype=float)
            d = (d - self.dense_mean) * self.dense_scale if self.dense_scale is not None else d * self.dense_weight
            val = np.concatenate([val, d])
        return idx, val

    def matrix(self, sparse_lists, dense_lists, norm: str = "all"):
        from scipy.sparse import csr_matrix

        indptr, indices, data = [0], [], []
        for sparse, dense in zip(sparse_lists, dense_lists):
            idx, val = self.row(sparse, dense, norm)
            indices.append(idx)
            data.append(val)
            indptr.append(indptr[-1] + len(idx))
        indices = np.concatenate(indices) if indices else np.zeros(0, dtype=np.int64)
        data = np.concatenate(data) if data else np.zeros(0)
        return csr_matrix((data, indices, np.array(indptr)), shape=(len(indptr) - 1, self.width))


@dataclass
class Member:
    """One linear scorer of an ensemble: class scores ``x @ coef.T + intercept`` over the rows built with ``norm``."""
    coef: np.ndarray  # (3, width)
    intercept: np.ndarray  # (3,)
    norm: str = "all"


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    p = np.exp(z)
    return p / p.sum(axis=-1, keepdims=True)


@dataclass
class Model:
    vectorizer: Vectorizer
    members: list  # of Member
    meta: dict

    @property
    def coef(self) -> np.ndarray:
        return self.members[0].coef

    @property
    def intercept(self) -> np.ndarray:
        return self.members[0].intercept

    @property
    def encoder_layers(self) -> int:
        return int(self.meta.get("encoder_layers") or 0)

    def encoder(self):
        from .encoder import encoder

        if not self.encoder_layers:
            raise ModelError("this model reads no sentence encoder (meta.encoder_layers is missing)")
        return encoder(self.encoder_layers)

    def warm(self, mentions) -> None:
        """Encode at once the sentences of many mentions ``(sentence, start, end)`` that are about to be scored
        (one packed forward pass instead of one per sentence); a no-op for a model without the encoder."""
        if self.vectorizer.needs_encoder:
            self.encoder().warm(mentions)

    def proba_matrix(self, sparse_lists, dense_lists) -> np.ndarray:
        """Probabilities of many examples (rows of features), the mean over the members."""
        out = 0.0
        for m in self.members:
            X = self.vectorizer.matrix(sparse_lists, dense_lists, m.norm)
            out = out + softmax(np.asarray(X @ m.coef.T) + m.intercept)
        return out / len(self.members)

    def scores(self, sentence: str, start: int, end: int, parsed=None, offset: int = 0) -> np.ndarray:
        """Probabilities of (negative, neutral, positive) toward the mention ``sentence[start:end]``.

        A model trained with dependency features reads the parse ``parsed`` of the sentence (a spaCy Doc or Span
        whose ``token.idx`` are ``offset`` + offsets into ``sentence``, e.g. the document's parse and the
        sentence's start in the document); without one the sentence is parsed through the parse cache
        (:func:`analysis.nlp.parse_texts`)."""
        sparse, dense = features(sentence, start, end)
        if self.vectorizer.needs_parse:
            if parsed is None:
                from .. import nlp

                parsed, offset = nlp.parse_texts([sentence])[0], 0
            # only the tokens of the scored sentence (a whole article's parse would be read token by token for
            # every mention)
            window = parsed.char_span(offset, offset + len(sentence), alignment_mode="expand")
            window = window if window is not None and len(window) else parsed
            ds, dd = dep_features(window, start + offset, end + offset)
            sparse, dense = sparse + ds, dense + dd
            if self.vectorizer.needs_tensor:
                dense = dense + tensor_features(sentence_tensor(sentence), window, start, end, offset)
        if self.vectorizer.needs_encoder:
            dense = dense + self.encoder().features(sentence, start, end).tolist()
        p = np.zeros(3)
        rows = {}
        for m in self.members:
            if m.norm not in rows:
                rows[m.norm] = self.vectorizer.row(sparse, dense, m.norm)
            idx, val = rows[m.norm]
            p += softmax(m.coef[:, idx] @ val + m.intercept)
        return p / len(self.members)

    # ---- serialization -------------------------------------------------------------------------------------
    def to_json(self) -> dict:
        names = sorted(self.vectorizer.vocabulary, key=self.vectorizer.vocabulary.get)
        out = {
            "classes": list(CLASSES),
            "features": names,
            "idf": [_round(x) for x in self.vectorizer.idf],
            "dense": list(self.vectorizer.dense_names),
            "dense_weight": self.vectorizer.dense_weight,
            "meta": self.meta,
        }
        if self.vectorizer.dense_scale is not None:
            out["dense_mean"] = [_round(x) for x in self.vectorizer.dense_mean]
            out["dense_scale"] = [_round(x) for x in self.vectorizer.dense_scale]
        if len(self.members) == 1 and self.members[0].norm == "all":  # format v1: one linear model
            m = self.members[0]
            out.update({"format": "analysis.stance target_sentiment v1",
                        "coef": [[_round(x) for x in row] for row in m.coef],
                        "intercept": [_round(x) for x in m.intercept]})
        else:
            out.update({"format": "analysis.stance target_sentiment v2",
                        "members": [{"norm": m.norm, "coef": [[_round(x) for x in row] for row in m.coef],
                                     "intercept": [_round(x) for x in m.intercept]} for m in self.members]})
        return out

    @classmethod
    def from_json(cls, data: dict, where: str = "model") -> "Model":
        for key in ("features", "idf", "dense", "dense_weight"):
            if key not in data:
                raise ModelError(f"{where}: missing field {key!r}")
        if data["dense"] and tuple(data["dense"]) not in (DENSE, DENSE + DEP_DENSE, DENSE + DEP_DENSE + TENSOR_DENSE,
                                                          DENSE + DEP_DENSE + ENCODER_DENSE):
            raise ModelError(f"{where}: dense features {data['dense'][:20]}... differ from the code's")
        mean = scale = None
        if "dense_scale" in data or "dense_mean" in data:
            try:
                mean = np.asarray(data["dense_mean"], dtype=float)
                scale = np.asarray(data["dense_scale"], dtype=float)
            except (KeyError, TypeError, ValueError) as exc:
                raise ModelError(f"{where}: bad field dense_mean/dense_scale ({exc})") from None
            if mean.shape != scale.shape or mean.shape != (len(data["dense"]),):
                raise ModelError(f"{where}: dense_mean and dense_scale need one number per dense feature")
        vec = Vectorizer({f: i for i, f in enumerate(data["features"])}, np.asarray(data["idf"], dtype=float),
                         float(data["dense_weight"]), tuple(data["dense"]), mean, scale)
        layers = (data.get("meta") or {}).get("encoder_layers")
        if vec.needs_encoder and not (isinstance(layers, int) and 1 <= layers <= 6):
            raise ModelError(f"{where}: the model reads the sentence encoder but meta.encoder_layers is {layers!r} "
                             "(1 to 6 expected)")
        if "members" in data:
            raw = data["members"]
        elif "coef" in data and "intercept" in data:  # format v1: one member
            raw = [{"norm": "all", "coef": data["coef"], "intercept": data["intercept"]}]
        else:
            raise ModelError(f"{where}: missing field 'members'")
        if not raw:
            raise ModelError(f"{where}: no members")
        members = []
        for k, m in enumerate(raw):
            try:
                coef = np.asarray(m["coef"], dtype=float)
                intercept = np.asarray(m["intercept"], dtype=float)
                norm = m.get("norm", "all")
            except (KeyError, TypeError, ValueError) as exc:
                raise ModelError(f"{where}: members[{k}]: bad field ({exc})") from None
            if coef.shape != (3, vec.width):
                raise ModelError(f"{where}: members[{k}]: coef has shape {coef.shape}, expected (3, {vec.width})")
            if intercept.shape != (3,):
                raise ModelError(f"{where}: members[{k}]: intercept has shape {intercept.shape}, expected (3,)")
            if norm not in NORMS:
                raise ModelError(f"{where}: members[{k}]: norm {norm!r} is not one of {NORMS}")
            members.append(Member(coef, intercept, norm))
        return cls(vec, members, data.get("meta", {}))

    def to_bytes(self) -> bytes:
        text = json.dumps(self.to_json(), sort_keys=True, separators=(",", ":"), ensure_ascii=True)
        return gzip.compress(text.encode("ascii"), compresslevel=9, mtime=0)

    @classmethod
    def from_bytes(cls, raw: bytes, where: str = "model") -> "Model":
        try:
            data = json.loads(gzip.decompress(raw).decode("ascii"))
        except (OSError, ValueError) as exc:
            raise ModelError(f"{where}: not a gzip'd JSON model: {exc}") from None
        return cls.from_json(data, where)


def sha256(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def save(model: Model, path: Path = MODEL_FILE, sums: Path | None = SUMS_FILE) -> str:
    raw = model.to_bytes()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    digest = sha256(raw)
    if sums is not None:
        sums.write_text(f"{digest}  {path.name}\n", encoding="utf-8")
    return digest


def load(path: Path = MODEL_FILE, sums: Path | None = SUMS_FILE) -> Model:
    if not path.exists():
        raise ModelError(f"{path}: the target-sentiment model is missing; rebuild it with `make train-stance`")
    raw = path.read_bytes()
    if sums is not None and sums.exists():
        expected = {line.split()[1]: line.split()[0] for line in sums.read_text(encoding="utf-8").splitlines()
                    if line.strip()}
        if path.name in expected and expected[path.name] != sha256(raw):
            raise ModelError(f"{path}: sha256 differs from {sums} (the model file was changed or damaged)")
    return Model.from_bytes(raw, str(path))


@lru_cache(maxsize=1)
def default_model() -> Model:
    return load()
