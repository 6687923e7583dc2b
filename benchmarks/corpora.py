"""Generated corpora of real news text for the scale benchmark and for tests of the derived-text detector.

Three functions, all deterministic (``random.Random(seed)``), none of which writes anywhere but the folder it is
given (callers pass a temporary folder or ``_build/``; the articles of ``../shared`` are never copied into the
repository):

``news_pool(shared)``
    the texts of 1,180 real news articles read in place: the 924 PolNeAR articles (``polnear/train/text`` and
    ``polnear/dev/text``) and the 256 TempEval-3 articles (the ``<TEXT>`` element of the TimeML files in
    ``tempeval3/TimeBank`` and ``tempeval3/AQUAINT``, tags stripped, entities unescaped). Each text is its
    non-blank lines (the loader's paragraphs) joined by one blank line.
``resample(pool, n, seed, out_dir)``
    ``n`` articles, each one pool article with a random 20-40% of its paragraphs dropped and the rest shuffled,
    under new file names ``a000000.txt`` ... (see its docstring for the derived-looking pairs this makes).
``planted_rewrites(pool, n, n_rewrites, seed, out_dir)``
    ``n`` mutually distinct pool articles plus ``n_rewrites`` rewrites of some of them (sentences dropped, some
    reworded, paragraphs in order), and the planted (source, rewrite) file-name pairs: what a derived-text
    detector should find, and nothing else.

Import from a test or a script as ``sys.path.insert(0, str(ROOT / "benchmarks")); import corpora``.
"""

from __future__ import annotations

import html
import random
import re
import xml.etree.ElementTree as ET
from collections import Counter
from functools import lru_cache
from itertools import chain, repeat
from pathlib import Path

VERSION = 1  # part of the benchmark's corpus cache key: bump when the output of resample() changes

POLNEAR_SPLITS = ("train", "dev")
TEMPEVAL_FOLDERS = ("TimeBank", "AQUAINT")

DROP_MIN, DROP_MAX = 0.2, 0.4  # share of paragraphs (resample) or sentences (rewrites) dropped
REWORD_SHARE = 0.5  # share of a rewrite's kept sentences that are reworded
MAX_POOL_OVERLAP = 0.05  # planted_rewrites: largest 3-word-shingle containment between two of its pool articles
MIN_REWRITE_SENTENCES = 10  # planted_rewrites: a rewrite's source has at least this many sentences
MIN_POOL_SHINGLES = 60  # planted_rewrites: articles shorter than this (in 3-word shingles) are not used


# ---- the pool -------------------------------------------------------------------------------------------------

def paragraphs(text: str) -> list[str]:
    """The non-blank lines of a text, stripped: the paragraphs as ``analysis.clean`` splits them."""
    return [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n") if line.strip()]


def timeml_text(path: Path) -> str:
    """The plain text of a TimeML file's ``<TEXT>`` element (tags stripped, entities unescaped)."""
    raw = Path(path).read_text(encoding="utf-8")
    try:
        body = ET.fromstring(raw).find("TEXT")
        if body is not None:
            return "".join(body.itertext())
    except ET.ParseError:
        pass  # not well-formed: fall back to the text between the tags
    m = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.DOTALL)
    if m is None:
        raise ValueError(f"{path}: no <TEXT> element")
    return html.unescape(re.sub(r"<[^>]+>", "", m.group(1)))


def _folder(path: Path) -> Path:
    if not path.is_dir():
        raise FileNotFoundError(f"{path}: folder not found (news_pool reads ../shared/polnear and ../shared/tempeval3)")
    return path


@lru_cache(maxsize=4)
def _pool(shared: str) -> tuple[tuple[str, str], ...]:
    root = Path(shared)
    items: list[tuple[str, str]] = []
    for split in POLNEAR_SPLITS:
        for path in sorted(_folder(root / "polnear" / split / "text").glob("*.txt")):
            items.append((f"polnear/{split}/{path.name}", path.read_text(encoding="utf-8")))
    for folder in TEMPEVAL_FOLDERS:
        for path in sorted(_folder(root / "tempeval3" / folder).glob("*.tml")):
            items.append((f"tempeval3/{folder}/{path.name}", timeml_text(path)))
    out = []
    for name, text in items:
        paras = paragraphs(text)
        if paras:
            out.append((name, "\n\n".join(paras)))
    return tuple(out)


def news_pool(shared: Path) -> list[str]:
    """The texts of the PolNeAR train+dev and TempEval-3 TimeBank+AQUAINT articles, in that order (file names
    sorted within each folder); paragraphs separated by one blank line. Read once per process (cached)."""
    return [text for _, text in _pool(str(Path(shared).resolve()))]


def news_pool_names(shared: Path) -> list[str]:
    """The source of each text of :func:`news_pool`, e.g. ``polnear/train/<file>.txt`` (same order)."""
    return [name for name, _ in _pool(str(Path(shared).resolve()))]


# ---- writing ----------------------------------------------------------------------------------------------------

def _empty_folder(out_dir: Path) -> Path:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if any(out_dir.glob("*.txt")):
        raise FileExistsError(f"{out_dir}: already holds .txt files; give an empty folder")
    return out_dir


def _write(out_dir: Path, name: str, paras: list[str]) -> None:
    (out_dir / name).write_text("\n\n".join(paras) + "\n", encoding="utf-8")


def file_name(i: int) -> str:
    return f"a{i:06d}.txt"


# ---- resample ---------------------------------------------------------------------------------------------------

def same_source_pairs(n: int, pool_size: int) -> int:
    """How many pairs of a ``resample(pool, n, ...)`` corpus come from the same pool article."""
    full, rest = divmod(n, pool_size)
    return rest * (full + 1) * full // 2 + (pool_size - rest) * full * (full - 1) // 2


def resample(pool: list[str], n: int, seed: int, out_dir: Path) -> Path:
    """Write ``n`` articles into ``out_dir`` (created; must hold no .txt file) and return it.

    Article ``i`` is ``a{i:06d}.txt`` (UTF-8, paragraphs separated by a blank line, no manifest): one pool
    article with a random 20-40% of its paragraphs dropped (at least one paragraph is kept) and the kept
    paragraphs in a random order. Paragraphs of different pool articles are never mixed. The pool is used in
    rounds: each round is a fresh random permutation of the whole pool, so for ``n <= len(pool)`` every output
    comes from a different pool article, and for larger ``n`` every pool article is used ``n // len(pool)`` or
    one more times; each repeat is a different (paragraph subset, order) draw whenever the article has enough
    paragraphs for one (a one-paragraph article can only repeat itself).

    Derived-looking pairs, i.e. pairs a derived-text detector may rightly call derived:

    * repeats of one pool article: their kept paragraphs overlap (each keeps 60-80% of the source's), so
      every two of them share most of their shingles. There are none for ``n <= len(pool)`` and
      :func:`same_source_pairs` ``(n, len(pool))`` in general: with the 1,180-article pool, 0 at 1,000,
      4,920 at 4,000 and 100,620 at 16,000 articles (about ``n**2 / (2 * len(pool))``, so a detector that
      does exact work per candidate pair does quadratically more of it on large resampled corpora);
    * pairs of different pool articles that are related in the pool itself (successive wire updates of one
      AQUAINT story; PolNeAR articles quoting the same speech): in the 1,180 pool, 12 pairs have a 3-word
      shingle containment (shorter in longer) of at least 0.5 and 368 of at least 0.08 (:func:`shingle_set`,
      measured 2026-11-30); every output inherits them with its source, so for ``n > len(pool)`` each such pool
      pair becomes about ``(n / len(pool))**2`` output pairs (about 68,000 at 16,000 articles for the 0.08 ones).

    Exact copies: 36 pool articles are a single paragraph and 27 more have two, which allow only 1 or 4
    distinct draws; their repeats beyond that are byte-identical files (at 16,000 articles, seed 0: 918 files
    are exact copies of another).
    """
    if n < 1:
        raise ValueError(f"resample: n must be at least 1 (got {n})")
    if not pool:
        raise ValueError("resample: the pool is empty")
    out_dir = _empty_folder(out_dir)
    rng = random.Random(seed)
    order: list[int] = []
    while len(order) < n:
        perm = list(range(len(pool)))
        rng.shuffle(perm)
        order.extend(perm)
    seen: set[tuple[int, tuple[int, ...]]] = set()
    split = {}
    for i, src in enumerate(order[:n]):
        paras = split.get(src) or split.setdefault(src, paragraphs(pool[src]))
        m = len(paras)
        for _attempt in range(20):
            keep = max(1, m - round(m * rng.uniform(DROP_MIN, DROP_MAX)))
            draw = (src, tuple(rng.sample(range(m), keep)))  # a random subset in a random order
            if draw not in seen:
                break
        seen.add(draw)
        _write(out_dir, file_name(i), [paras[j] for j in draw[1]])
    return out_dir


# ---- planted rewrites -----------------------------------------------------------------------------------------

_TOKEN = re.compile(r"[a-z0-9]+")


def shingle_set(text: str, k: int = 3) -> set[tuple[str, ...]]:
    """Lower-cased word k-shingles (the same tokens as ``analysis.reuse.tokens``)."""
    toks = _TOKEN.findall(text.lower().replace("’", "'"))
    return {tuple(toks[i : i + k]) for i in range(len(toks) - k + 1)}


def containment(a: str, b: str, k: int = 3) -> float:
    """Share of ``a``'s k-shingles that are in ``b``."""
    sa = shingle_set(a, k)
    return len(sa & shingle_set(b, k)) / len(sa) if sa else 0.0


_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st sen rep gov gen lt col sgt capt jr sr inc corp co ltd vs no jan feb mar apr jun jul aug sep "
    "sept oct nov dec u.s u.k u.n d.c a.m p.m e.g i.e ft mt ave".split()
)
_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[\"“‘'(A-Z0-9])|(?<=[.!?][\"”’'])\s+(?=[\"“‘'(A-Z0-9])")


def sentences(paragraph: str) -> list[str]:
    """A simple sentence split (end punctuation, optional closing quote, space, capital or opening quote), not
    splitting after common abbreviations and single initials. Good enough to generate rewrites."""
    parts = _SPLIT.split(paragraph)
    out: list[str] = []
    for part in parts:
        if out:
            last = out[-1].rstrip("\"”’'").rstrip(".").rsplit(None, 1)[-1].lower()
            if last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
                out[-1] = f"{out[-1]} {part}"
                continue
        out.append(part)
    return [s for s in (p.strip() for p in out) if s]


SYNONYMS = {
    "announced": "unveiled", "big": "large", "help": "assist", "helped": "assisted", "people": "individuals",
    "officials": "authorities", "buy": "purchase", "bought": "purchased", "start": "begin", "started": "began",
    "important": "significant", "many": "numerous", "because": "since", "before": "prior to",
    "after": "following", "plan": "proposal", "plans": "proposals", "candidate": "contender",
    "candidates": "contenders", "show": "indicate", "shows": "indicates", "showed": "indicated",
    "percent": "per cent", "tried": "attempted", "try": "attempt", "enough": "sufficient", "get": "obtain",
    "need": "require", "needs": "requires", "needed": "required", "told": "informed", "asked": "questioned",
    "said": "said",
}
ADJECTIVES = ("new", "former", "top", "senior", "major", "key", "recent", "strong", "serious", "local", "possible",
              "huge", "tremendous", "great", "real", "whole", "entire", "significant", "massive", "particular",
              "important", "current", "longtime", "powerful", "popular", "controversial", "so-called")
_SYNONYM_RE = re.compile(r"\b(" + "|".join(sorted(SYNONYMS, key=len, reverse=True)) + r")\b", re.IGNORECASE)
_ADJECTIVE_RE = re.compile(r"\b(?:" + "|".join(re.escape(a) for a in ADJECTIVES) + r") (?=[a-z])", re.IGNORECASE)
# Capitalized first words that are lower-cased when a rewording moves them inside the sentence.
_DETERMINERS = frozenset(
    "The A An His Her Their Its Our My Your This That These Those Some Any Other Another Each Every One Two Three "
    "Four Five Most Many Several Half Both All No He She It They We You There About In On At For From With By "
    "After Before During Since While When If As Officials Analysts Critics Experts Aides Supporters Voters".split()
)

# "Smith said (that) the plan failed."  ->  "The plan failed, Smith said."
_SAID_FRONT = re.compile(r"^(?P<src>[A-Z][^,\"“”;:()–—]{1,40}?) said (?:that )?"
                         r"(?!(?:on|in|at|during|last|this|earlier|later|late|it|there)\b)"
                         r"(?P<rest>[a-z][^\"“”]+?)(?P<end>[.!?])$")
# "The plan failed, Smith said."  ->  "Smith said the plan failed."
_SAID_BACK = re.compile(r"^(?P<rest>[A-Z][^\"“”]+?), (?P<src>[^,\"“”]{2,60}?) said(?P<end>[.!?])$")
# "“It was a bomb,” said a U.S. official."  <->  "“It was a bomb,” a U.S. official said."
_QUOTE_SAID_SRC = re.compile(r"^(?P<q>[\"“].+?,[\"”]) said (?P<src>[^\"“”]{2,60}?)\.$")
_QUOTE_SRC_SAID = re.compile(r"^(?P<q>[\"“].+?,[\"”]) (?P<src>[^\"“”]{2,60}?) said\.$")


def _lower_first(phrase: str) -> str:
    first = phrase.split(" ", 1)[0]
    return phrase[0].lower() + phrase[1:] if first in _DETERMINERS else phrase


def _upper_first(phrase: str) -> str:
    return phrase[:1].upper() + phrase[1:]


def reorder_said(sentence: str) -> str:
    """Move the attribution of a sentence with "said" to the other end of it (unchanged when no pattern fits)."""
    if m := _QUOTE_SAID_SRC.match(sentence):
        return f"{m['q']} {m['src']} said."
    if m := _QUOTE_SRC_SAID.match(sentence):
        return f"{m['q']} said {m['src']}."
    if (m := _SAID_FRONT.match(sentence)) and len(m["src"].split()) <= 5 and m["src"].split()[0] != "I":
        return f"{_upper_first(m['rest'])}, {_lower_first(m['src'])} said{m['end']}"
    if m := _SAID_BACK.match(sentence):
        return f"{_upper_first(m['src'])} said {_lower_first(m['rest'])}{m['end']}"
    return sentence


def reword(sentence: str, rng: random.Random) -> str:
    """A simple deterministic rewording: the attribution moved around "said", prenominal adjectives from
    :data:`ADJECTIVES` dropped, words of :data:`SYNONYMS` swapped (case kept)."""
    out = reorder_said(sentence)
    out = _ADJECTIVE_RE.sub(lambda m: "" if rng.random() < 0.8 else m.group(0), out)

    def swap(m: re.Match) -> str:
        word = m.group(0)
        new = SYNONYMS[word.lower()]
        return _upper_first(new) if word[0].isupper() else new

    out = _SYNONYM_RE.sub(swap, out)
    return _upper_first(out) if sentence[:1].isupper() else out


def rewrite(text: str, rng: random.Random) -> str:
    """A derived version of ``text``: 20-40% of its sentences dropped (at least one), about half of the rest
    reworded (:func:`reword`), sentences and paragraphs kept in order, emptied paragraphs left out."""
    paras = [sentences(p) for p in paragraphs(text)]
    flat = [(i, j) for i, p in enumerate(paras) for j in range(len(p))]
    n_drop = max(1, round(len(flat) * rng.uniform(DROP_MIN, DROP_MAX)))
    dropped = set(rng.sample(flat, n_drop))
    out = []
    for i, p in enumerate(paras):
        kept = [reword(s, rng) if rng.random() < REWORD_SHARE else s for j, s in enumerate(p) if (i, j) not in dropped]
        if kept:
            out.append(" ".join(kept))
    return "\n\n".join(out)


def _distinct(pool: list[str], n: int, rng: random.Random) -> list[int]:
    """``n`` pool indices in random order, no two of which share more than MAX_POOL_OVERLAP of the shorter one's
    3-word shingles (greedy over a random permutation of the pool, with an inverted index of the chosen ones)."""
    order = list(range(len(pool)))
    rng.shuffle(order)
    chosen: list[int] = []
    sizes: list[int] = []
    index: dict[tuple[str, ...], list[int]] = {}
    for src in order:
        sh = shingle_set(pool[src])
        if len(sh) < MIN_POOL_SHINGLES:
            continue
        counts = Counter(chain.from_iterable(map(index.get, sh, repeat(()))))  # shared shingles per chosen one
        if any(c > MAX_POOL_OVERLAP * min(len(sh), sizes[k]) for k, c in counts.items()):
            continue
        k = len(chosen)
        chosen.append(src)
        sizes.append(len(sh))
        for h in sh:
            index.setdefault(h, []).append(k)
        if len(chosen) == n:
            return chosen
    raise ValueError(f"planted_rewrites: the pool holds only {len(chosen)} mutually distinct articles "
                     f"(of at least {MIN_POOL_SHINGLES} shingles), {n} asked")


def planted_rewrites(pool: list[str], n: int, n_rewrites: int, seed: int,
                     out_dir: Path) -> tuple[Path, list[tuple[str, str]]]:
    """Write ``n`` distinct pool articles and ``n_rewrites`` rewrites of some of them into ``out_dir``; return the
    folder and the planted pairs ``(source file name, rewrite file name)``, sorted (a document's id is its file
    name without ``.txt``).

    The ``n`` articles are chosen so that no two share more than 5% (:data:`MAX_POOL_OVERLAP`) of the shorter
    one's 3-word shingles (related wire updates and shared speech quotes of the pool are left out) and are
    written as they are (paragraphs in order). Each rewrite comes from a different source with at least
    :data:`MIN_REWRITE_SENTENCES` sentences (so two rewrites are never derived from each other): a random 20-40%
    of its sentences dropped, about half of the rest reworded (attribution moved around "said", adjectives
    dropped, synonyms swapped), paragraph and sentence order kept, so the rewrite is shorter than its source
    and shares most of its shingles with it (at least 0.88 of the rewrite's 3-word shingles, against at most
    0.052 for any other pair: 300 articles and 30 rewrites, seeds 0-2; a rewrite can share slightly more than 5%
    with another article because it is shorter than its source). All ``n + n_rewrites`` files get names
    ``a000000.txt`` ... in a random order, so that a name says nothing about the pairing.

    Checked against the all-pairs detector of main before issue 10 (``reuse.derived_map``): on
    ``planted_rewrites(pool, 30, 6, seed=2)`` it finds exactly the 6 planted pairs, and no other pair comes near
    its thresholds (next best containment 0.04, against 0.89-0.97 for the planted ones).
    """
    if not 1 <= n <= len(pool):
        raise ValueError(f"planted_rewrites: n must be between 1 and the pool size {len(pool)} (got {n})")
    if not 0 <= n_rewrites <= n:
        raise ValueError(f"planted_rewrites: n_rewrites must be between 0 and n={n} (got {n_rewrites})")
    out_dir = _empty_folder(out_dir)
    rng = random.Random(seed)
    chosen = _distinct(pool, n, rng)
    eligible = [k for k, src in enumerate(chosen)
                if sum(len(sentences(p)) for p in paragraphs(pool[src])) >= MIN_REWRITE_SENTENCES]
    if len(eligible) < n_rewrites:
        raise ValueError(f"planted_rewrites: only {len(eligible)} of the {n} articles have at least "
                         f"{MIN_REWRITE_SENTENCES} sentences; {n_rewrites} rewrites asked")
    sources = sorted(rng.sample(eligible, n_rewrites))
    texts = [pool[src] for src in chosen] + [rewrite(pool[chosen[k]], rng) for k in sources]
    names = [file_name(i) for i in range(len(texts))]
    rng.shuffle(names)
    for name, text in zip(names, texts):
        _write(out_dir, name, paragraphs(text))
    pairs = sorted((names[k], names[n + r]) for r, k in enumerate(sources))
    return out_dir, pairs
