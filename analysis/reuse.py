"""Derived texts: which article is a rewrite of which, near-linearly in the size of the corpus.

Map (per article, :func:`fingerprint`): the article's 3-word shingles hashed to 64-bit integers, and one MinHash
(datasketch) per sentence of its content-word bigrams (stop words and numbers left out, so that "the president
said" is not evidence of anything). Reduce (:func:`derivations`):

1. **Candidates.** Every pair of articles when the corpus is small (at most :data:`ALL_PAIRS_UP_TO` articles);
   otherwise the pairs that share at least :data:`MIN_SENTENCE_HITS` sentences whose content-word bigrams are
   alike (MinHash LSH over the sentences at Jaccard :data:`LSH_THRESHOLD`): a rewrite keeps or rewords sentences,
   so it shares them; two articles on the same topic share words, not sentences. Chosen on a generated corpus of
   240 PolNeAR/TempEval articles with 20 planted rewrites plus the seeds (the summary 000 of 001 is the hardest
   case: it rewords): unigram sets or a higher threshold either flood the candidates (thousands of pairs) or
   lose 000/001; bigrams at 0.25 with three shared sentences keep every planted pair and 000/001 among 46
   candidates for 265 articles.
2. **Exact checks, for candidates only.** Containment of the shorter article's shingles in the longer one; its
   lift over the shorter article's median containment against other articles (all of them in a small corpus, a
   fixed sample of :data:`BASELINE_SAMPLE` otherwise); TF-IDF cosine of the two texts (:class:`Tfidf`, the
   numbers of scikit-learn's vectorizer, fitted once per corpus); sentences aligned by TF-IDF cosine (idf over
   every sentence of the corpus, fitted once). A pair is a derivative when all five thresholds hold.

The thresholds are those the book has used since the five seeds (000 is a summary of 001).
"""

from __future__ import annotations

import hashlib
import math
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from . import contract

SHINGLE = 3
MIN_CONTAINMENT = 0.08  # share of the shorter text's 3-word shingles found in the longer one
MIN_LIFT = 3.0  # and that many times the median containment of the derived text against the rest of the corpus
MIN_SIMILARITY = 0.4  # TF-IDF cosine of the two texts
ALIGN_MIN = 0.3  # TF-IDF cosine for a derived sentence to be aligned with a source sentence
MIN_ALIGNED = 5  # aligned sentences
MIN_ALIGNED_SHARE = 0.25  # share of the derived text's sentences aligned to the source

ALL_PAIRS_UP_TO = 30  # articles: below this every pair is compared exactly (and listed)
LSH_THRESHOLD = 0.25  # Jaccard of two sentences' content-word bigrams for LSH to propose them
MIN_SENTENCE_WORDS = 5  # distinct content words a sentence needs to be indexed
MIN_SENTENCE_HITS = 3  # shared sentences that make two articles a candidate pair
NUM_PERM = 32
SCHEME = "affine32"  # datasketch 2.0's default MinHash scheme (the fingerprints are made with it)
BASELINE_SAMPLE = 16

LOADED_FEATURE = "loaded"  # rhetoric features compared by changes()
HEDGE_FEATURE = "hedge"
_TOKEN = re.compile(r"[a-z0-9]+")
DERIVATION_COLUMNS = contract.COLUMNS["derivations"]


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower().replace("’", "'"))


def shingles(text: str, n: int = SHINGLE) -> set[tuple[str, ...]]:
    toks = tokens(text)
    return {tuple(toks[i : i + n]) for i in range(len(toks) - n + 1)}


def containment(shorter: str, longer: str, n: int = SHINGLE) -> float:
    a, b = shingles(shorter, n), shingles(longer, n)
    return len(a & b) / len(a) if a else 0.0


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    """spaCy's English stop words, read from its ``spacy/lang/en/stop_words.py`` without importing spaCy (a
    notebook kernel that only aligns sentences would spend most of a second importing it)."""
    import importlib.util

    spec = importlib.util.find_spec("spacy")  # finds the package without importing it
    path = Path(list(spec.submodule_search_locations)[0]) / "lang" / "en" / "stop_words.py"  # type: ignore[union-attr]
    module = importlib.util.module_from_spec(importlib.util.spec_from_file_location("_spacy_en_stop_words", path))
    module.__spec__.loader.exec_module(module)  # type: ignore[union-attr]
    return frozenset(w.lower() for w in module.STOP_WORDS)


def content_tokens(text: str) -> list[str]:
    stop = _stop_words()
    return [t for t in tokens(text) if t not in stop and not t.isdigit() and len(t) > 1]


class Tfidf:
    """TF-IDF over content words, fitted on ``texts`` (or on content-word ``counts`` already made, as the map step
    makes them): raw counts, smooth idf ``ln((1+N)/(1+df)) + 1``, rows L2-normalized, vocabulary in sorted order:
    what scikit-learn's ``TfidfVectorizer(analyzer=content_tokens, smooth_idf=True, norm="l2")`` computes (a test
    compares the two). Written with numpy and scipy so that a notebook aligning two articles' sentences does not
    import scikit-learn (over a second per kernel)."""

    def __init__(self, texts: list[str] | None = None, counts: list[dict[str, int]] | None = None):
        if counts is None:
            counts = [Counter(content_tokens(t)) for t in texts or []]
        self.vocabulary_ = {w: i for i, w in enumerate(sorted(set().union(*counts)))}
        df = np.zeros(len(self.vocabulary_), dtype=np.float64)
        for c in counts:
            df[[self.vocabulary_[w] for w in c]] += 1
        n = len(counts)
        self.idf_ = np.log((1 + n) / (1 + df)) + 1.0

    def transform(self, texts: list[str]):
        """Rows for ``texts`` (see :meth:`rows`)."""
        return self.rows([Counter(content_tokens(text)) for text in texts])

    def rows(self, counts: list[dict[str, int]]):
        """Rows for content-word ``counts``, in scikit-learn's order of operations (counts times idf, then each
        row divided by its norm summed entry by entry), so the numbers are the same to the last bit."""
        from scipy import sparse

        rows, cols, values = [], [], []
        for r, row in enumerate(counts):
            for w, k in row.items():
                j = self.vocabulary_.get(w)
                if j is not None:
                    rows.append(r)
                    cols.append(j)
                    values.append(k)
        matrix = sparse.csr_matrix((np.asarray(values, dtype=np.float64), (rows, cols)),
                                   shape=(len(counts), len(self.vocabulary_)))
        matrix.sort_indices()
        matrix.data *= self.idf_[matrix.indices]
        data, indptr = matrix.data, matrix.indptr
        for r in range(len(counts)):
            total = 0.0
            for x in data[indptr[r]:indptr[r + 1]].tolist():
                total += x * x
            if total:
                data[indptr[r]:indptr[r + 1]] /= math.sqrt(total)
        return matrix


def vectorizer(texts: list[str]) -> Tfidf:
    """TF-IDF over content words, fitted on ``texts`` (:class:`Tfidf`)."""
    return Tfidf(texts)


def tfidf(texts: list[str], idf_texts: list[str] | None = None) -> np.ndarray:
    """Dense L2-normalized TF-IDF rows for ``texts``, idf over ``idf_texts`` (default the texts themselves)."""
    basis = texts if idf_texts is None else list(idf_texts) + list(texts)
    if not any(content_tokens(t) for t in basis):
        return np.zeros((len(texts), 0))
    vec = vectorizer(basis if idf_texts is None else list(idf_texts))
    return vec.transform(texts).toarray()


def alignment(source, derived, idf_texts: list[str] | None = None, threshold: float = ALIGN_MIN,
              vec=None) -> pd.DataFrame:
    """For each sentence of ``derived``, its best match among the sentences of ``source`` (TF-IDF cosine with idf
    over ``idf_texts`` or a fitted ``vec``, by default the sentences of both); rows above ``threshold`` only."""
    cols = ["derived_doc", "derived_sentence", "source_doc", "source_sentence", "similarity"]
    s_texts = [s.text for s in source.sentences]
    d_texts = [s.text for s in derived.sentences]
    if not s_texts or not d_texts:
        return pd.DataFrame(columns=cols)
    if vec is None:
        basis = idf_texts if idf_texts is not None else d_texts + s_texts
        if not any(content_tokens(t) for t in basis):
            return pd.DataFrame(columns=cols)
        vec = vectorizer(list(basis))
    sims = (vec.transform(d_texts) @ vec.transform(s_texts).T).toarray()
    rows = []
    for i, sent in enumerate(derived.sentences):
        j = int(np.argmax(sims[i]))  # first best on ties
        if sims[i, j] >= threshold:
            rows.append({"derived_doc": derived.doc_id, "derived_sentence": sent.sentence_id,
                         "source_doc": source.doc_id, "source_sentence": source.sentences[j].sentence_id,
                         "similarity": round(float(sims[i, j]), 4)})
    return pd.DataFrame(rows, columns=cols)


# ---- map: one article's fingerprint ----------------------------------------------------------------------------

@dataclass
class Fingerprint:
    doc_id: str
    length: int  # characters of the normalized text (the shorter article of a pair is the derived one)
    shingles: np.ndarray  # sorted unique uint64 hashes of the 3-word shingles
    minhashes: np.ndarray  # (indexed sentences, NUM_PERM) uint64
    counts: dict[str, int] = field(default_factory=dict)  # content-word counts of the text (for TF-IDF)
    sentence_counts: list[dict[str, int]] = field(default_factory=list)  # the same per sentence, in order

    def __setstate__(self, state: dict) -> None:
        """Read back (from a worker or the map cache), the words become one shared str object each across the
        corpus's fingerprints, where every article would bring its own copies: half their memory in the reduce."""
        state = dict(state)
        state["counts"] = {sys.intern(w): c for w, c in state["counts"].items()}
        state["sentence_counts"] = [{sys.intern(w): c for w, c in counts.items()} for counts in state["sentence_counts"]]
        self.__dict__.update(state)


def _hash64(items) -> np.ndarray:
    out = np.fromiter((int.from_bytes(hashlib.blake2b(" ".join(s).encode("utf-8"), digest_size=8).digest(), "little")
                       for s in items), dtype=np.uint64)
    return np.unique(out)


def fingerprint(document) -> Fingerprint:
    from datasketch import MinHash

    sets = []
    for sentence in document.sentences:
        words = content_tokens(sentence.text)
        if len(set(words)) >= MIN_SENTENCE_WORDS:
            pairs = sorted({f"{a} {b}" for a, b in zip(words, words[1:])})
            sets.append([p.encode("utf-8") for p in pairs])
    hashes = [m.hashvalues.astype(np.uint64) for m in MinHash.bulk(sets, num_perm=NUM_PERM, seed=1)] if sets else []
    minhashes = np.vstack(hashes) if hashes else np.zeros((0, NUM_PERM), dtype=np.uint64)
    return Fingerprint(document.doc_id, len(document.text), _hash64(shingles(document.text)), minhashes,
                       _counts(document.text), [_counts(sentence.text) for sentence in document.sentences])


def _counts(text: str) -> dict[str, int]:
    return dict(Counter(content_tokens(text)))


def _tfidf_rows(counts: list[dict[str, int]]):
    """The rows :func:`vectorizer` fitted on these texts would give them, from the content-word counts the map step
    counted: the reduce does not tokenize any text again."""
    return Tfidf(counts=counts).rows(counts)


def _containment(a: np.ndarray, b: np.ndarray) -> float:
    return float(len(np.intersect1d(a, b, assume_unique=True)) / len(a)) if len(a) else 0.0


# ---- reduce: candidates, exact checks ----------------------------------------------------------------------------

def candidate_pairs(fps: list[Fingerprint]) -> set[tuple[int, int]]:
    """Index pairs (i < j) to check exactly: all pairs of a small corpus, else LSH on shared sentences.

    The banding is datasketch's :class:`~datasketch.MinHashLSH` (its ``b`` bands of ``r`` hash values, chosen for
    :data:`LSH_THRESHOLD`): two sentences are candidates when all the values of one band are equal. A pair of
    articles counts the sentences of each that share a band with some sentence of the other, and is kept with
    :data:`MIN_SENTENCE_HITS` shared sentences. datasketch's in-memory index keeps a Python ``bytes`` key per
    sentence and band and is queried sentence by sentence (0.7 GiB and 26 s for 16,000 articles' fingerprints),
    so the same buckets are found here with numpy and scipy's sparse products instead (0.45 GiB for a moment and
    4 s), with the same result (a test compares the two)."""
    n = len(fps)
    if n <= ALL_PAIRS_UP_TO:
        return {(i, j) for i in range(n) for j in range(i + 1, n)}
    from datasketch import MinHashLSH
    from scipy import sparse

    ranges = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM).hashranges
    sizes = np.fromiter((len(fp.minhashes) for fp in fps), dtype=np.int64, count=n)
    if not sizes.sum():
        return set()
    rows = np.vstack([fp.minhashes for fp in fps if len(fp.minhashes)]).astype(np.uint64, copy=False)
    owner = np.repeat(np.arange(n, dtype=np.int64), sizes)
    n_rows = len(rows)
    member_rows, member_buckets, n_buckets = [], [], 0
    for start, end in ranges:  # each band's buckets of two or more sentences
        band = np.ascontiguousarray(rows[:, start:end])
        keys = band.view(np.dtype((np.void, band.dtype.itemsize * (end - start)))).ravel()
        _, bucket, count = np.unique(keys, return_inverse=True, return_counts=True)
        bucket = bucket.ravel()
        shared = count[bucket] > 1
        member_rows.append(np.flatnonzero(shared))
        member_buckets.append(bucket[shared] + n_buckets)
        n_buckets += len(count)
    member_rows, member_buckets = np.concatenate(member_rows), np.concatenate(member_buckets)
    ones = np.ones(len(member_rows), dtype=np.int32)
    in_bucket = sparse.csr_matrix((ones, (member_rows, member_buckets)), shape=(n_rows, n_buckets))
    of_doc = sparse.csr_matrix((np.ones(n_rows, dtype=np.int32), (np.arange(n_rows), owner)), shape=(n_rows, n))
    linked = in_bucket @ (in_bucket.T @ of_doc)  # sentence x article: shares a band with one of its sentences
    linked.data[:] = 1
    linked = (linked - linked.multiply(of_doc)).tocsr()  # not with its own article's sentences
    linked.eliminate_zeros()
    hits = (of_doc.T @ linked).tocsr()  # article i x article j: i's sentences that share a band with j's
    hits = sparse.triu(hits + hits.T, k=1).tocoo()
    chosen = hits.data >= 2 * MIN_SENTENCE_HITS  # each shared sentence counted from both sides
    return {(int(i), int(j)) for i, j in zip(hits.row[chosen], hits.col[chosen])}


def _baseline(i: int, fps: list[Fingerprint], exact: dict[tuple[int, int], float]) -> float:
    """Median containment of article ``i`` against the others (all of them when few, else a fixed sample)."""
    n = len(fps)
    others = [j for j in range(n) if j != i]
    if n > BASELINE_SAMPLE + 1:
        step = max(1, (n - 1) // BASELINE_SAMPLE)
        others = [others[(k * step + i) % len(others)] for k in range(BASELINE_SAMPLE)]
    values = []
    for j in others:
        pair = (min(i, j), max(i, j))
        if pair not in exact:
            a, b = fps[pair[0]], fps[pair[1]]
            shorter, longer = (a, b) if a.length <= b.length else (b, a)
            exact[pair] = _containment(shorter.shingles, longer.shingles)
        values.append(exact[pair])
    values.sort()
    return values[len(values) // 2] if len(values) > 2 else 0.0


def derivations(corpus, fps: list[Fingerprint] | None = None, progress=None) -> pd.DataFrame:
    """The compared pairs (the shorter document as ``derived_doc``) with both views and the decision.

    Extra columns: ``lift`` (containment over the derived text's median containment against other documents),
    ``aligned_share`` (share of the derived text's sentences aligned to the source).
    """
    docs = sorted(corpus, key=lambda d: d.doc_id)
    if fps is None:
        fps = [fingerprint(d) for d in docs]
    else:
        by_id = {f.doc_id: f for f in fps}
        fps = [by_id[d.doc_id] for d in docs]
    columns = contract.columns("derivations")
    if len(docs) < 2:
        return pd.DataFrame(columns=columns)
    pairs = sorted(candidate_pairs(fps))
    exact: dict[tuple[int, int], float] = {}
    for i, j in pairs:
        a, b = fps[i], fps[j]
        shorter, longer = (a, b) if a.length <= b.length else (b, a)
        exact[(i, j)] = _containment(shorter.shingles, longer.shingles)
    # TF-IDF of the texts (idf over the corpus's texts) and of the sentences (idf over all its sentences), each
    # fitted once per corpus from the counts of the map step; an article's sentences are consecutive rows
    doc_rows = _tfidf_rows([f.counts for f in fps]) if pairs else None
    sent_rows = _tfidf_rows([c for f in fps for c in f.sentence_counts]) if pairs else None
    first_row, at = {}, 0
    for k, f in enumerate(fps):
        first_row[k] = at
        at += len(f.sentence_counts)
    rows = []
    iterator = progress(pairs, desc="derived texts") if progress else pairs
    baselines: dict[int, float] = {}
    for i, j in iterator:
        a, b = docs[i], docs[j]
        if len(a.text) <= len(b.text):
            shorter, longer, s_index = a, b, i
        else:
            shorter, longer, s_index = b, a, j
        c = exact[(i, j)]
        sim = float((doc_rows[i] @ doc_rows[j].T).toarray()[0, 0])
        if s_index not in baselines:
            baselines[s_index] = _baseline(s_index, fps, exact)
        baseline = baselines[s_index]
        lift = c / baseline if baseline else float("inf") if c else 0.0
        n_aligned = _aligned_count(sent_rows, first_row[s_index], len(shorter.sentences),
                                   first_row[j if s_index == i else i], len(longer.sentences))
        share = n_aligned / len(shorter.sentences) if shorter.sentences else 0.0
        strong = (c >= MIN_CONTAINMENT and lift >= MIN_LIFT and sim >= MIN_SIMILARITY
                  and n_aligned >= MIN_ALIGNED and share >= MIN_ALIGNED_SHARE)
        rows.append({"source_doc": longer.doc_id, "derived_doc": shorter.doc_id, "containment": round(c, 4),
                     "similarity": round(sim, 4), "is_derivative": bool(strong), "aligned_passages": n_aligned,
                     "lift": round(lift, 4) if math.isfinite(lift) else lift, "aligned_share": round(share, 4)})
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["source_doc", "derived_doc"], kind="mergesort").reset_index(drop=True)


def _aligned_count(rows, derived_at: int, n_derived: int, source_at: int, n_source: int,
                   threshold: float = ALIGN_MIN) -> int:
    """How many sentences of the derived article :func:`alignment` would align with the source: those whose best
    TF-IDF cosine with a source sentence reaches ``threshold`` (the articles' sentences are consecutive rows of
    ``rows``)."""
    if not n_derived or not n_source:
        return 0
    sims = (rows[derived_at : derived_at + n_derived] @ rows[source_at : source_at + n_source].T).toarray()
    return int((sims.max(axis=1) >= threshold).sum())


def derived_map_from(table: pd.DataFrame) -> dict[str, str]:
    """{derived doc_id: source doc_id} for the pairs judged derivative (the best-contained source wins)."""
    if table.empty:
        return {}
    d = table[table["is_derivative"].astype(bool)].sort_values(["derived_doc", "containment", "source_doc"],
                                                              ascending=[True, False, True], kind="mergesort")
    best = d.drop_duplicates("derived_doc")
    return dict(sorted(zip(best["derived_doc"], best["source_doc"])))


# ---- what a derivative kept, rewrote, dropped and added ------------------------------------------------------

CHANGE_COLUMNS = ["category", "status", "text", "source_sentence", "derived_sentence"]
CATEGORIES = ("quotation", "loaded language", "hedge", "named source", "framing term")


def _contains(item: str, text_tokens: list[str], text_shingles: set) -> bool:
    """Whether ``item`` occurs in a text: as a token sequence (short items) or with most of its shingles."""
    it = tokens(item)
    if not it:
        return False
    if len(it) <= 4:
        n = len(it)
        return any(text_tokens[k : k + n] == it for k in range(len(text_tokens) - n + 1))
    sh = {tuple(it[k : k + SHINGLE]) for k in range(len(it) - SHINGLE + 1)}
    return len(sh & text_shingles) / len(sh) >= 0.5


def _compare(category: str, source_items: list[tuple[str, str]], derived_items: list[tuple[str, str]],
             source_doc, derived_doc, aligned: pd.DataFrame) -> list[dict]:
    """Items are (sentence_id, text). kept: found in the derived text; rewrote: not found, but its sentence is
    aligned with a derived sentence; dropped: neither. Derived items absent from the source are 'added'."""
    d_tokens, d_sh = tokens(derived_doc.text), shingles(derived_doc.text)
    s_tokens, s_sh = tokens(source_doc.text), shingles(source_doc.text)
    back = {}
    for r in aligned.itertuples(index=False):
        back.setdefault(r.source_sentence, r.derived_sentence)
    rows = []
    for sid, text in source_items:
        if _contains(text, d_tokens, d_sh):
            status = "kept"
        elif sid in back:
            status = "rewrote"
        else:
            status = "dropped"
        rows.append({"category": category, "status": status, "text": text, "source_sentence": sid,
                     "derived_sentence": back.get(sid, "")})
    forward = dict(zip(aligned["derived_sentence"], aligned["source_sentence"]))
    for sid, text in derived_items:
        if not _contains(text, s_tokens, s_sh):
            rows.append({"category": category, "status": "added", "text": text,
                         "source_sentence": forward.get(sid, ""), "derived_sentence": sid})
    return rows


def changes(corpus, source_id: str, derived_id: str, tables: dict[str, pd.DataFrame] | None = None,
            topic=None) -> pd.DataFrame:
    """What ``derived_id`` kept, rewrote, dropped and added relative to ``source_id``.

    Categories: quotations (``quotes`` table), loaded language and hedges (``rhetoric`` table, features
    :data:`LOADED_FEATURE` and :data:`HEDGE_FEATURE`), named sources (quoted speakers), framing terms (the
    codebook, ``term_hits`` table). Categories whose table is missing from ``tables`` are left out. ``topic``: the
    corpus's (a named source counts as kept under any variant of its gazetteer name).
    """
    tables = tables or {}
    source, derived = corpus[source_id], corpus[derived_id]
    aligned = alignment(source, derived, [s.text for d in corpus for s in d.sentences])

    def items(frame, doc_id, column="text", mask=None):
        f = frame[frame["doc_id"] == doc_id]
        if mask is not None:
            f = f[mask(f)]
        f = f.sort_values(["start"] if "start" in f.columns else ["sentence_id"], kind="mergesort")
        return [(r["sentence_id"], r[column]) for _, r in f.iterrows() if isinstance(r[column], str) and r[column]]

    rows: list[dict] = []
    quotes = tables.get("quotes")
    if quotes is not None:
        rows += _compare("quotation", items(quotes, source_id), items(quotes, derived_id), source, derived, aligned)
    rh = tables.get("rhetoric")
    if rh is not None:
        for category, feature in (("loaded language", LOADED_FEATURE), ("hedge", HEDGE_FEATURE)):
            sel = lambda f, feature=feature: f["feature"] == feature  # noqa: E731
            rows += _compare(category, items(rh, source_id, mask=sel), items(rh, derived_id, mask=sel),
                             source, derived, aligned)
    if quotes is not None:
        rows += _named_sources(quotes, source, derived, topic)
    hits = tables.get("term_hits")
    if hits is not None:
        rows += _compare("framing term", items(hits, source_id, "surface"), items(hits, derived_id, "surface"),
                         source, derived, aligned)
    out = pd.DataFrame(rows, columns=CHANGE_COLUMNS)
    order = {c: i for i, c in enumerate(CATEGORIES)}
    status_order = {"kept": 0, "rewrote": 1, "dropped": 2, "added": 3}
    out = out.assign(_c=out["category"].map(order), _s=out["status"].map(status_order))
    return out.sort_values(["_c", "_s", "source_sentence", "derived_sentence", "text"], kind="mergesort").drop(
        columns=["_c", "_s"]).reset_index(drop=True)


def _named_sources(quotes: pd.DataFrame, source, derived, topic=None) -> list[dict]:
    """Quoted speakers of the source: kept if the derived text names them (or quotes them), else dropped; speakers
    quoted only in the derived text are added."""
    def speakers(doc_id):
        q = quotes[(quotes["doc_id"] == doc_id) & quotes["speaker"].notna()
                   & ~quotes["speaker"].isin(["", "unknown"])]  # an unresolved speaker is not a named source
        first = q.sort_values("start", kind="mergesort").drop_duplicates("speaker")
        return list(zip(first["sentence_id"], first["speaker"]))

    rows = []
    d_speakers = {s for _, s in speakers(derived.doc_id)}
    s_speakers = {s for _, s in speakers(source.doc_id)}
    for sid, name in speakers(source.doc_id):
        kept = name in d_speakers or _names_in(name, derived.text, topic)
        rows.append({"category": "named source", "status": "kept" if kept else "dropped", "text": name,
                     "source_sentence": sid, "derived_sentence": ""})
    for sid, name in speakers(derived.doc_id):
        if name not in s_speakers and not _names_in(name, source.text, topic):
            rows.append({"category": "named source", "status": "added", "text": name, "source_sentence": "",
                         "derived_sentence": sid})
    return rows


def _names_in(name: str, text: str, topic=None) -> bool:
    """Whether a speaker is named in a text: the name itself or, for a canonical gazetteer actor, a variant."""
    from . import actors

    forms = {name}
    try:
        forms |= set(actors.actor_by_name(name, topic).variants)
    except (KeyError, AttributeError):
        pass
    return any(re.search(r"(?<!\w)" + re.escape(f) + r"(?!\w)", text) for f in forms if f)


def change_summary(change_table: pd.DataFrame) -> pd.DataFrame:
    """Counts of kept / rewrote / dropped / added per category (categories in :data:`CATEGORIES` order)."""
    statuses = ["kept", "rewrote", "dropped", "added"]
    if change_table.empty:
        return pd.DataFrame(columns=statuses)
    counts = change_table.groupby(["category", "status"]).size().unstack("status", fill_value=0)
    counts = counts.reindex(columns=statuses, fill_value=0)
    return counts.reindex([c for c in CATEGORIES if c in counts.index])


def derived_map(corpus) -> dict[str, str]:
    """{derived doc_id: source doc_id} of a corpus, computed from scratch (the export reads its table instead)."""
    return derived_map_from(derivations(corpus))
