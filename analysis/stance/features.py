"""Features of one target mention in one sentence, for the target-dependent sentiment classifier.

Everything here is plain Python over a regular-expression tokenization (no parse), so that a call costs well under
a millisecond. :func:`features` returns ``(sparse, dense)``:

* ``sparse``: a list of string features (repeats count), turned into TF-IDF by the model:

  - ``w:`` / ``b:`` the sentence's words and word bigrams, the mention itself replaced by the token ``<t>`` (so the
    name of the person never becomes evidence, and bigrams such as ``<t> blamed`` tie words to the target);
  - ``L1:`` ``R1:`` ``L2:`` ``R2:`` the words one and two places left and right of the mention; ``Lw:`` ``Rw:``
    the words within :data:`WINDOW` tokens on each side;
  - ``c:`` the words of the mention's clause (between the nearest clause punctuation , ; : ( ) or quotation
    marks on each side) and ``o:`` the words outside it;
  - ``lex:`` the VADER lexicon words of the sentence with their side (``lex:L:`` / ``lex:R:``), negated ones
    marked ``neg``;
  - ``pos:`` where the mention stands (first token, early, late) and ``q:`` whether it or the sentence is quoted.

* ``dense``: numbers (names in :data:`DENSE`): VADER compound and pos/neg of the whole sentence, of the words left
  and right of the mention and of its clause; sums of lexicon valences weighted by ``1 / (1 + distance)`` from the
  mention on each side, negation flipping the sign of the next three words (VADER's own rule); counts of negations.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

WINDOW = 5
TARGET = "<t>"
_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")
_CLAUSE = {",", ";", ":", "(", ")", "“", "”", '"', "—", "–", "‘", "’"}
_QUOTES_OPEN = "“\"‘"

DENSE = (
    "vader_sent", "vader_pos", "vader_neg", "vader_left", "vader_right", "vader_clause", "vader_window",
    "lex_left", "lex_right", "lex_near", "neg_window", "neg_sentence", "in_quote",
)


@lru_cache(maxsize=1)
def _vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@lru_cache(maxsize=1 << 15)
def _polarity(text: str) -> tuple[float, float, float]:
    """VADER's (compound, pos, neg) of ``text``, remembered: a sentence with several targets, and the same
    windows of it, are scored once per process (a third of the stance features' time)."""
    scores = _vader().polarity_scores(text)
    return scores["compound"], scores["pos"], scores["neg"]


@lru_cache(maxsize=1)
def _negations() -> frozenset:
    from vaderSentiment.vaderSentiment import NEGATE

    return frozenset(w.replace("'", "").replace("’", "") for w in NEGATE) | frozenset(NEGATE) | {"n't", "never",
                                                                                                  "no", "not"}


def tokens(sentence: str, start: int, end: int) -> tuple[list[str], int, list[tuple[int, int]]]:
    """Lower-cased tokens with the mention ``sentence[start:end]`` collapsed into one :data:`TARGET` token; returns
    the tokens, the index of the target token and each token's character span."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    t_index = -1
    for m in _TOKEN.finditer(sentence):
        s, e = m.span()
        if s < end and e > start:  # overlaps the mention
            if t_index < 0:
                t_index = len(out)
                out.append(TARGET)
                spans.append((start, end))
            continue
        if t_index < 0 and s >= end:
            t_index = len(out)
            out.append(TARGET)
            spans.append((start, end))
        out.append(m.group().lower().replace("’", "'"))
        spans.append((s, e))
    if t_index < 0:
        t_index = len(out)
        out.append(TARGET)
        spans.append((start, end))
    return out, t_index, spans


def _quoted(sentence: str, pos: int) -> bool:
    """Whether character ``pos`` is inside a quotation opened earlier in the sentence (curly or straight)."""
    depth = 0
    straight = False
    for ch in sentence[:pos]:
        if ch == "“":
            depth += 1
        elif ch == "”":
            depth = max(0, depth - 1)
        elif ch == '"':
            straight = not straight
    return depth > 0 or straight


def features(sentence: str, start: int, end: int) -> tuple[list[str], list[float]]:
    if not (0 <= start < end <= len(sentence)):
        raise ValueError(f"target span [{start}, {end}) is not inside the sentence of length {len(sentence)}")
    vader = _vader()
    lexicon = vader.lexicon
    negs = _negations()
    toks, t, _ = tokens(sentence, start, end)
    n = len(toks)
    words = [w for w in toks]
    sparse: list[str] = []
    sparse += ["w:" + w for w in words]
    sparse += ["b:" + a + "_" + b for a, b in zip(words, words[1:])]
    for k in (1, 2):
        if t - k >= 0:
            sparse.append(f"L{k}:" + words[t - k])
        if t + k < n:
            sparse.append(f"R{k}:" + words[t + k])
    if t + 2 < n:
        sparse.append("R12:" + words[t + 1] + "_" + words[t + 2])
    if t - 2 >= 0:
        sparse.append("L21:" + words[t - 2] + "_" + words[t - 1])
    sparse += ["Lw:" + w for w in words[max(0, t - WINDOW):t]]
    sparse += ["Rw:" + w for w in words[t + 1:t + 1 + WINDOW]]
    # clause of the mention
    lo = t
    while lo > 0 and words[lo - 1] not in _CLAUSE:
        lo -= 1
    hi = t
    while hi + 1 < n and words[hi + 1] not in _CLAUSE:
        hi += 1
    sparse += ["c:" + w for w in words[lo:hi + 1] if w != TARGET]
    sparse += ["o:" + w for i, w in enumerate(words) if (i < lo or i > hi) and w not in _CLAUSE]
    # lexicon words with side and negation
    lex_left = lex_right = lex_near = 0.0
    neg_window = neg_sentence = 0
    negated_until = -1
    for i, w in enumerate(words):
        if w in negs:
            neg_sentence += 1
            if abs(i - t) <= WINDOW:
                neg_window += 1
            negated_until = i + 3
            continue
        v = lexicon.get(w)
        if v is None or i == t:
            continue
        negated = i <= negated_until
        side = "L" if i < t else "R"
        polarity = "+" if v > 0 else "-"
        sparse.append(f"lex:{side}:{'neg' if negated else ''}{polarity}")
        sparse.append(f"lex:{'neg:' if negated else ''}{w}")
        value = (-0.74 * v if negated else v) / 4.0
        weight = 1.0 / (1.0 + abs(i - t))
        if i < t:
            lex_left += value * weight
        else:
            lex_right += value * weight
        if abs(i - t) <= WINDOW:
            lex_near += value
    # position and quotation
    if t == 0:
        sparse.append("pos:first")
    elif t <= 3:
        sparse.append("pos:early")
    elif t >= n - 3:
        sparse.append("pos:late")
    else:
        sparse.append("pos:middle")
    in_quote = _quoted(sentence, start)
    if in_quote:
        sparse.append("q:target")
    if any(q in sentence for q in _QUOTES_OPEN):
        sparse.append("q:sentence")

    def compound(ws: list[str]) -> float:
        ws = [w for w in ws if w != TARGET]
        return _polarity(" ".join(ws))[0] if ws else 0.0

    dense = [
        *_polarity(sentence),
        compound(words[:t]), compound(words[t + 1:]), compound(words[lo:hi + 1]),
        compound(words[max(0, t - WINDOW):t + 1 + WINDOW]),
        math.tanh(lex_left), math.tanh(lex_right), math.tanh(lex_near / 2.0),
        min(neg_window, 2) / 2.0, min(neg_sentence, 3) / 3.0, float(in_quote),
    ]
    return sparse, dense


# ---- dependency features (optional: need a spaCy parse of the sentence) -------------------------------------------

DEP_DENSE = ("dep_lex_path", "dep_lex_head", "dep_vader_clause")


def _clause_root(tok):
    """The nearest verb (or the root) governing ``tok``, the head of its clause."""
    t = tok
    for _ in range(30):
        if t.pos_ in ("VERB", "AUX") or t.head is t:
            return t
        t = t.head
    return t


def _tree_distance(a, b) -> int:
    path_a = [a] + list(a.ancestors)
    index = {t.i: k for k, t in enumerate(path_a)}
    for k, t in enumerate([b] + list(b.ancestors)):
        if t.i in index:
            return index[t.i] + k
    return 99


def _path(a, b) -> str:
    """Dependency labels from ``a`` up to the lowest common ancestor and down to ``b`` (at most 3 each way)."""
    up_a = [a] + list(a.ancestors)
    index = {t.i: k for k, t in enumerate(up_a)}
    down = []
    t = b
    while t.i not in index:
        down.append(t.dep_)
        if t.head is t:
            return "far"
        t = t.head
    up = [x.dep_ for x in up_a[:index[t.i]]]
    return "^".join(up[:3]) + "|" + ">".join(reversed(down[-3:] if len(down) > 3 else down))


def dep_features(span, start: int, end: int) -> tuple[list[str], list[float]]:
    """Features from the parse of the sentence ``span`` (a spaCy Span/Doc whose token.idx are offsets into the same
    string as ``start``/``end``): the target's relation and head, the head's clause verb and its complements,
    lexicon valences weighted by tree distance from the target."""
    vader = _vader()
    lexicon = vader.lexicon
    target = [t for t in span if t.idx < end and t.idx + len(t.text) > start]
    sparse: list[str] = []
    if not target:
        return sparse, [0.0] * len(DEP_DENSE)
    # the target's syntactic head token: the one whose head lies outside the mention
    ids = {t.i for t in target}
    head_tok = next((t for t in target if t.head.i not in ids or t.head is t), target[0])
    rel = head_tok.dep_
    gov = head_tok.head
    if rel == "pobj" and gov.dep_ == "prep":
        sparse.append(f"dep:prep:{gov.lower_}>{gov.head.lemma_.lower()}")
        rel, gov = f"pobj_{gov.lower_}", gov.head
    elif rel == "poss":
        sparse.append(f"dep:poss>{gov.lemma_.lower()}")
        rel, gov = "poss", gov
    sparse.append(f"dep:{rel}")
    sparse.append(f"dep:{rel}>{gov.lemma_.lower()}")
    sparse.append(f"dep:>{gov.lemma_.lower()}")
    verb = _clause_root(head_tok)
    sparse.append(f"dep:verb:{verb.lemma_.lower()}")
    sparse.append(f"dep:{rel}|verb:{verb.lemma_.lower()}")
    v_val = lexicon.get(verb.lower_) or lexicon.get(verb.lemma_.lower())
    if v_val:
        negated = any(c.dep_ == "neg" for c in verb.children)
        sparse.append(f"dep:{rel}|verbval:{'neg' if negated else ''}{'+' if v_val > 0 else '-'}")
    for child in verb.children:
        if child.i not in ids and child.dep_ in ("dobj", "acomp", "attr", "xcomp", "ccomp", "oprd", "neg", "advmod",
                                                  "prt"):
            sparse.append(f"dep:verb.{child.dep_}:{child.lemma_.lower()}")
    for child in head_tok.children:
        if child.dep_ in ("amod", "appos", "compound", "acl", "relcl"):
            sparse.append(f"dep:t.{child.dep_}:{child.lemma_.lower()}")
    # lexicon by tree distance; the clause of the target's verb
    path = head_val = 0.0
    clause_words = []
    clause_ids = {t.i for t in verb.subtree}
    for t in span:
        v = lexicon.get(t.lower_)
        if t.i in clause_ids and t.i not in ids:
            clause_words.append(t.text)
        if v is None or t.i in ids:
            continue
        neg = any(c.dep_ == "neg" for c in t.children) or (
            t.dep_ in ("acomp", "attr", "dobj", "xcomp", "oprd", "advmod")
            and any(c.dep_ == "neg" for c in t.head.children))
        v = -0.74 * v if neg else v
        d = _tree_distance(head_tok, t)
        path += (v / 4.0) / (1.0 + d)
        sign = "+" if v > 0 else "-"
        if d <= 4:
            sparse.append(f"dep:path:{_path(head_tok, t)}:{sign}")
        if t.i == gov.i or t.i == verb.i or t.head.i == verb.i or t.head.i == head_tok.i:
            head_val += v / 4.0
            sparse.append(f"dep:lexnear:{'+' if v > 0 else '-'}|{rel}")
    clause = _polarity(" ".join(clause_words))[0] if clause_words else 0.0
    return sparse, [math.tanh(path), math.tanh(head_val), clause]


# ---- contextual token vectors (optional: need the pipeline's tok2vec over the sentence) ---------------------------
# The spaCy pipeline's ``tok2vec`` component (shared by its tagger and parser) gives every token a 96-dimensional
# contextual vector (``doc.tensor``). The parse cache does not keep tensors (``DocBin`` stores none), so the vectors
# are recomputed by running ``tok2vec`` alone over the tokenized sentence (:func:`sentence_tensor`, about a
# millisecond a sentence; no tagger or parser run). Five mean vectors are features: over the target's tokens, the
# tokens within :data:`TENSOR_WINDOW` of it, its syntactic governor, the governor's subtree without the target, and
# the whole sentence. They are standardized with the training mean and deviation stored in the model.

TENSOR_WIDTH = 96
TENSOR_WINDOW = 3
TENSOR_POOLS = ("target", "window", "gov", "gov_subtree", "sentence")
TENSOR_DENSE = tuple(f"t2v:{p}:{i}" for p in TENSOR_POOLS for i in range(TENSOR_WIDTH))


def _tok2vec():
    from .. import nlp

    pipe = nlp.pipeline()
    return pipe, pipe.get_pipe("tok2vec")


def _as_tensor(doc):
    import numpy as np

    starts = np.array([t.idx for t in doc], dtype=np.int64)
    ends = np.array([t.idx + len(t.text) for t in doc], dtype=np.int64)
    ten = np.asarray(doc.tensor, dtype=np.float64)
    if ten.shape != (len(doc), TENSOR_WIDTH):
        raise ValueError(f"tok2vec gave a tensor of shape {ten.shape}, expected ({len(doc)}, {TENSOR_WIDTH})")
    return starts, ends, ten


@lru_cache(maxsize=4096)
def sentence_tensor(sentence: str):
    """``(starts, ends, tensor)``: the character span of every token of ``sentence`` (the pipeline's tokenizer) and
    its contextual vector from the pipeline's ``tok2vec``."""
    pipe, tok2vec = _tok2vec()
    return _as_tensor(tok2vec(pipe.make_doc(sentence)))


def sentence_tensors(sentences: list[str], batch_size: int = 64) -> dict:
    """:func:`sentence_tensor` of many sentences at once (training)."""
    pipe, tok2vec = _tok2vec()
    out = {}
    for s, doc in zip(sentences, tok2vec.pipe((pipe.make_doc(s) for s in sentences), batch_size=batch_size)):
        out[s] = _as_tensor(doc)
    return out


def tensor_features(tensor, span, start: int, end: int, offset: int = 0) -> list[float]:
    """The five pooled vectors (:data:`TENSOR_DENSE`, unstandardized) of the mention ``[start, end)`` of a sentence
    whose :func:`sentence_tensor` is ``tensor``; ``span`` is the sentence's parse (token.idx = ``offset`` + offsets
    into the sentence), read only for the mention's governor and its subtree."""
    import numpy as np

    starts, ends, ten = tensor
    n = len(starts)
    if n == 0:
        return [0.0] * len(TENSOR_DENSE)
    tgt = np.where((starts < end) & (ends > start))[0]
    if not len(tgt):
        tgt = np.array([max(0, int(np.searchsorted(starts, start, side="right")) - 1)])
    a, b = int(tgt[0]), int(tgt[-1])
    tset = set(tgt.tolist())
    win = [i for i in range(max(0, a - TENSOR_WINDOW), min(n, b + 1 + TENSOR_WINDOW)) if i not in tset]
    at = {int(s): i for i, s in enumerate(starts)}
    gov, sub = [], []
    ptoks = [t for t in span if t.idx < end + offset and t.idx + len(t.text) > start + offset] if span is not None \
        else []
    if ptoks:
        ids = {t.i for t in ptoks}
        head = next((t for t in ptoks if t.head.i not in ids or t.head is t), ptoks[0])
        g = head.head
        gov = [at[g.idx - offset]] if (g.idx - offset) in at else []
        sub = [at[t.idx - offset] for t in g.subtree if t.i not in ids and (t.idx - offset) in at]
    pools = [list(tgt), win or list(tgt), gov or list(tgt), sub or list(tgt), list(range(n))]
    return np.concatenate([ten[p].mean(axis=0) for p in pools]).tolist()
