"""The author's stance toward a person or group in a whole article.

:func:`author_stance` (the stable interface) and :func:`author_evidence` (the same with every piece of evidence):

1. **Sentences**: the text's paragraphs (split at line breaks) cut into sentences by the project's splitter
   (:func:`analysis.segment.split_sentences`), or the caller's ``sentences`` spans.
2. **Mentions** (:func:`find_mentions`): the target's name and ``aliases`` as whole words; for a name of two or
   more capitalized words that is not an institution ("United States", "European Union" are left whole), also its
   last word (the surname: "Koellmann" for "Benjamin Koellmann"; a lower-case particle may be part of the name,
   "al-Maliki" for "Nouri al-Maliki"). The name is matched without its surrounding punctuation, and case-blind when
   the target is written in capitals ("JAMIE DIMON"). When no form occurs at all, the first word of a personal name
   alone is the name (a given name used alone, "Thaksin" for "Thaksin Shinawatra", or a name given surname first).
   A sentence without a name mention that follows
   a sentence with one (in a chain: each sentence of the chain follows the previous) takes its first personal
   pronoun of the target's gender as the mention; the gender is the one of he/him/his vs she/her that is more
   frequent in the sentences naming the target (no pronouns for groups or when neither is used). Callers who have
   their own mentions (offsets into ``text``) pass them as ``mentions``.
3. **Author's voice only**: with ``author_spans`` (character spans of the author's own voice, from the
   attribution layer), a mention outside them is not counted, and inside a counted sentence the characters
   outside them (attributed content: someone else's words) are cut out before the sentence is scored, so that a
   loaded word in a reported statement is never the author's. Reporting verbs and distancing frames are the
   author's and stay.
4. **Score per sentence**: the target classifier's class-balanced probabilities toward the sentence's first
   counted mention (:func:`analysis.stance.target.target_scores` with ``balanced=True``: NewsMTSC's own class mix,
   38% negative, is divided out); the sentence's evidence score is ``p(positive) - p(negative)``.
5. **Aggregate** (:func:`analysis.stance.aggregate.aggregate`): weighted mean with ``n_prior`` neutral
   pseudo-sentences (shrinkage toward neutral) and a bootstrap interval; a sentence whose mention is only a
   pronoun weighs ``pronoun_weight`` (a name weighs 1). Both are read from ``author_stance.json`` and were chosen
   with the thresholds on the even half of PerSenT dev (see 6): ``n_prior = 4``, ``pronoun_weight = 0.5``.
6. **Label**: ``negative`` below ``negative_below``, ``positive`` above ``positive_above``, ``neutral`` between;
   the two thresholds are read from ``analysis/data/models/author_stance.json``, fitted by
   :func:`analysis.stance.train.calibrate` on the even-numbered half of PerSenT dev only (the odd half stays
   held out for the benchmark). The band is not symmetric: in news about a person, mild praise is the norm
   and criticism is the marked case.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from .. import segment
from .aggregate import N_PRIOR, aggregate
from .model import MODEL_DIR, ModelError
from .target import needs_parse, target_scores, warm

LABELS = ("negative", "neutral", "positive")
CONFIG_FILE = MODEL_DIR / "author_stance.json"


@lru_cache(maxsize=1)
def thresholds() -> tuple[float, float]:
    """``(negative_below, positive_above)`` from ``analysis/data/models/author_stance.json``."""
    try:
        data = json.loads(CONFIG_FILE.read_text(encoding="utf-8"))
        low, high = float(data["negative_below"]), float(data["positive_above"])
    except FileNotFoundError:
        raise ModelError(f"{CONFIG_FILE}: missing; rebuild it with `make train-stance`") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise ModelError(f"{CONFIG_FILE}: bad or missing field ({exc})") from None
    if not -1 <= low <= high <= 1:
        raise ModelError(f"{CONFIG_FILE}: need -1 <= negative_below <= positive_above <= 1")
    return low, high


@lru_cache(maxsize=1)
def aggregation() -> tuple[float, float]:
    """``(n_prior, pronoun_weight)`` of :func:`author_evidence` from ``analysis/data/models/author_stance.json``
    (fitted with the thresholds on PerSenT dev's even rows; defaults 2 and 1 when the file does not say)."""
    try:
        data = json.loads(CONFIG_FILE.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"{CONFIG_FILE}: missing; rebuild it with `make train-stance`") from None
    try:
        n_prior = float(data.get("n_prior", N_PRIOR))
        weight = float(data.get("pronoun_weight", 1.0))
    except (TypeError, ValueError) as exc:
        raise ModelError(f"{CONFIG_FILE}: bad field n_prior or pronoun_weight ({exc})") from None
    if n_prior < 0 or not 0 <= weight <= 1:
        raise ModelError(f"{CONFIG_FILE}: need n_prior >= 0 and 0 <= pronoun_weight <= 1")
    return n_prior, weight


def label_of(score: float) -> str:
    low, high = thresholds()
    return "negative" if score < low else "positive" if score > high else "neutral"
_GROUP_WORDS = {
    "states", "union", "kingdom", "republic", "nations", "party", "department", "ministry", "council", "house",
    "senate", "congress", "court", "army", "forces", "government", "administration", "committee", "commission",
    "organization", "organisation", "bank", "fund", "agency", "office", "group", "company", "corporation", "inc",
    "association", "federation", "league", "university", "news", "times", "post", "press", "network", "service",
    "police", "parliament", "assembly", "emirates", "arabia", "africa", "america", "korea", "zealand", "lanka",
    "osce", "eu", "nato", "un", "us", "uk",
}
_MALE = re.compile(r"\b(?:he|him|his|himself)\b", re.IGNORECASE)
_FEMALE = re.compile(r"\b(?:she|her|hers|herself)\b", re.IGNORECASE)
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}


@dataclass
class Evidence:
    sentence_start: int
    sentence_end: int
    mention_start: int
    mention_end: int
    kind: str  # "name" | "pronoun" | "given"
    text: str  # the scored text (the sentence, attributed content cut out)
    probabilities: tuple[float, float, float]  # negative, neutral, positive
    score: float  # p(positive) - p(negative)


@dataclass
class StanceResult:
    label: str
    score: float
    low: float
    high: float
    n_sentences: int
    probabilities: tuple[float, float, float]
    evidence: list[Evidence] = field(default_factory=list)

    def top(self, k: int = 3) -> list[Evidence]:
        """The ``k`` evidence sentences that pull hardest in the direction of the score (strongest first)."""
        sign = 1.0 if self.score >= 0 else -1.0
        return sorted(self.evidence, key=lambda e: (-sign * e.score, e.sentence_start))[:k]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a plain text: paragraphs at line breaks, then the project's sentence splitter."""
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        para = m.group()
        if not para.strip():
            continue
        for s, e, _ in segment.split_sentences(para):
            # trim surrounding blanks so that spans start and end on text
            while s < e and para[s].isspace():
                s += 1
            while e > s and para[e - 1].isspace():
                e -= 1
            if e > s:
                spans.append((m.start() + s, m.start() + e))
    return spans


_PARTICLES = {"al", "el", "bin", "ibn", "bint", "abu", "de", "del", "della", "der", "den", "di", "da", "du", "dos",
              "la", "le", "van", "von", "ter", "y"}


def _clean_target(target: str) -> str:
    """The target without surrounding punctuation ("-- Donald Trump" -> "Donald Trump")."""
    return re.sub(r"^[^\w]+|[^\w.]+$", "", target.strip())


def _is_particle(word: str) -> bool:
    """A lower-case name particle: "al-Maliki", "bin", "van", "de" ..."""
    return word.lower().split("-")[0].strip(".") in _PARTICLES


def _personal_words(target: str) -> list[str] | None:
    """The words of a personal name (two or more capitalized words or particles, no institution word), else None."""
    words = [w for w in re.split(r"\s+", _clean_target(target)) if w]
    while len(words) > 2 and words[-1].lower().strip(",") in _SUFFIXES:
        words = words[:-1]
    if (len(words) >= 2 and all(w[:1].isupper() or _is_particle(w) for w in words) and words[0][:1].isupper()
            and not any(w.lower().strip(".") in _GROUP_WORDS for w in words)):
        return words
    return None


def name_forms(target: str, aliases: list[str] | None = None) -> list[str]:
    """The surface forms searched for ``target``: the name (without surrounding punctuation), the aliases, and the
    surname of a personal name (its last word, with a particle: "al-Maliki")."""
    forms = [_clean_target(target)] + [a.strip() for a in aliases or [] if a and a.strip()]
    words = _personal_words(target)
    if words and len(words[-1]) >= 3:
        forms.append(words[-1])
    out = []
    for f in sorted(set(forms), key=lambda x: (-len(x), x)):
        if f:
            out.append(f)
    return out


def _form_regex(forms: list[str], ignore_case: bool = False) -> re.Pattern:
    alts = [r"\s+".join(re.escape(p) for p in f.split()) for f in forms]
    return re.compile(r"(?<![\w])(?:" + "|".join(alts) + r")(?![\w])", re.IGNORECASE if ignore_case else 0)


def _name_mentions(text: str, target: str, aliases: list[str] | None) -> list[tuple[int, int, str]]:
    """The target's name mentions: its forms (:func:`name_forms`; case-blind when the target is written in capitals,
    "JAMIE DIMON"); when none occurs, the first word of a personal name alone (a given name used as the name,
    "Thaksin" for "Thaksin Shinawatra", or a name given surname first)."""
    clean = _clean_target(target)
    caps = clean.isupper() and sum(c.isalpha() for c in clean) > 2
    found = [(m.start(), m.end(), "name") for m in _form_regex(name_forms(target, aliases), caps).finditer(text)]
    if found:
        return found
    words = _personal_words(target)
    if words and len(words[0].strip(".")) >= 2:
        return [(m.start(), m.end(), "name") for m in _form_regex([words[0]], caps).finditer(text)]
    return found


def find_mentions(text: str, target: str, aliases: list[str] | None = None,
                  sentences: list[tuple[int, int]] | None = None,
                  pronouns: bool = True) -> list[tuple[int, int, str]]:
    """``(start, end, kind)`` of the target's mentions in ``text``, kind ``name`` or ``pronoun``, by offset."""
    if not target or not target.strip():
        raise ValueError("author_stance: target is empty")
    sentences = sentence_spans(text) if sentences is None else sentences
    names = _name_mentions(text, target, aliases)
    if not pronouns or not names:
        return names
    named = [any(s <= a < e for a, _, _ in names) for s, e in sentences]
    male = sum(len(_MALE.findall(text[s:e])) for (s, e), n in zip(sentences, named) if n)
    female = sum(len(_FEMALE.findall(text[s:e])) for (s, e), n in zip(sentences, named) if n)
    if male == female:
        return names
    rx = _MALE if male > female else _FEMALE
    out = list(names)
    chain = False
    for (s, e), n in zip(sentences, named):
        if n:
            chain = True
            continue
        m = rx.search(text, s, e) if chain else None
        if m:
            out.append((m.start(), m.end(), "pronoun"))
        else:
            chain = False
    return sorted(out)


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _author_text(text: str, s: int, e: int, spans: list[tuple[int, int]], m_start: int, m_end: int):
    """The sentence ``text[s:e]`` with the characters outside ``spans`` cut out (pieces joined by a space), and the
    mention's offsets in it."""
    pieces = []
    for a, b in sorted(spans):
        a, b = max(a, s), min(b, e)
        if a < b:
            pieces.append((a, b))
    out, new_start = "", None
    for a, b in pieces:
        if out:
            out += " "
        if a <= m_start < b:
            new_start = len(out) + (m_start - a)
        out += text[a:b]
    if new_start is None:
        return None
    return out, new_start, new_start + (m_end - m_start)


def scored_texts(text: str, target: str, *, author_spans: list[tuple[int, int]] | None = None,
                 aliases: list[str] | None = None, mentions: list[tuple[int, int]] | None = None,
                 sentences: list[tuple[int, int]] | None = None, pronouns: bool = True) -> list[tuple]:
    """The texts that :func:`author_evidence` scores, one per evidence sentence: tuples ``(sentence_start,
    sentence_end, mention_start, mention_end, kind, scored_text, start_in_it, end_in_it, whole)`` (``whole``:
    the sentence is scored as it stands, else it is cut to the author's words)."""
    if not isinstance(text, str):
        raise TypeError("author_stance: text must be a string")
    sentences = sentence_spans(text) if sentences is None else sorted(sentences)
    if mentions is None:
        found = find_mentions(text, target, aliases, sentences, pronouns)
    else:
        found = []
        for i, (a, b) in enumerate(mentions):
            if not (0 <= a < b <= len(text)):
                raise ValueError(f"author_stance: mentions[{i}] = ({a}, {b}) is outside the text")
            found.append((a, b, "given"))
        found.sort()
    spans = None if author_spans is None else sorted((int(a), int(b)) for a, b in author_spans)
    todo = []
    used = set()
    for a, b, kind in found:
        if spans is not None and not _inside(spans, a, b):
            continue
        sent = next(((s, e) for s, e in sentences if s <= a < e), None)
        if sent is None or sent in used:
            continue
        s, e = sent
        b = min(b, e)
        whole = spans is None or _inside(spans, s, e)
        if whole:
            sentence_text, ms, me = text[s:e], a - s, b - s
        else:
            cut = _author_text(text, s, e, spans, a, b)
            if cut is None:
                continue
            sentence_text, ms, me = cut
        used.add(sent)
        todo.append((s, e, a, b, kind, sentence_text, ms, me, whole))
    return todo


def author_evidence(text: str, target: str, *, author_spans: list[tuple[int, int]] | None = None,
                    aliases: list[str] | None = None, mentions: list[tuple[int, int]] | None = None,
                    sentences: list[tuple[int, int]] | None = None, n_prior: float | None = None,
                    pronouns: bool = True, parsed=None, pronoun_weight: float | None = None) -> StanceResult:
    """The author's stance toward ``target`` with its evidence sentences, interval and probabilities.

    ``n_prior`` (neutral pseudo-sentences) and ``pronoun_weight`` (the weight of a sentence whose mention is only a
    pronoun, against 1 for a name): by default those of ``author_stance.json`` (:func:`aggregation`).

    ``parsed``: the caller's spaCy parse of ``text`` (e.g. :func:`analysis.nlp.parse_document`), used for the
    sentences scored whole; sentences cut by ``author_spans`` are parsed afresh (through the parse cache)."""
    todo = scored_texts(text, target, author_spans=author_spans, aliases=aliases, mentions=mentions,
                        sentences=sentences, pronouns=pronouns)
    # the parse of each scored text (dependency features): the caller's parse of the whole text when there is one
    # (for a sentence cut to the author's words, the mention's place in its whole sentence: the dependency
    # features read only the mention's tokens and their heads), else a parse of the scored text (through the
    # parse cache), all at once
    parses: list = [(None, 0)] * len(todo)
    if todo and needs_parse():
        from .. import nlp

        missing = [i for i, t in enumerate(todo) if parsed is None]
        for i, doc in zip(missing, nlp.parse_texts([todo[i][5] for i in missing]) if missing else []):
            parses[i] = (doc, 0)
        for i, t in enumerate(todo):
            if parsed is not None:
                parses[i] = (parsed, t[0] if t[8] else t[2] - t[6])  # whole: sentence start; cut: a - ms
    warm([(t[5], t[6], t[7]) for t in todo])
    evidence: list[Evidence] = []
    for (s, e, a, b, kind, sentence_text, ms, me, _), (doc, offset) in zip(todo, parses):
        p = target_scores(sentence_text, ms, me, balanced=True, parsed=doc, offset=offset)
        evidence.append(Evidence(s, e, a, b, kind, sentence_text, tuple(round(float(x), 4) for x in p),
                                 round(float(p[2] - p[0]), 4)))
    default_prior, default_weight = aggregation()
    n_prior = default_prior if n_prior is None else float(n_prior)
    pronoun_weight = default_weight if pronoun_weight is None else float(pronoun_weight)
    weights = [pronoun_weight if ev.kind == "pronoun" else 1.0 for ev in evidence]
    score, low, high = aggregate([ev.score for ev in evidence], n_prior=n_prior, weights=weights)
    if evidence and sum(weights) > 0:
        w = np.asarray(weights)[:, None]
        probs = (np.sum(w * np.asarray([ev.probabilities for ev in evidence]), axis=0)
                 + np.array([0.0, n_prior, 0.0]))
        probs = probs / (sum(weights) + n_prior)
    else:
        probs = np.array([0.0, 1.0, 0.0])
    label = label_of(score) if evidence else "neutral"
    return StanceResult(label, round(score, 4), round(low, 4), round(high, 4), len(evidence),
                        tuple(round(float(x), 4) for x in probs), evidence)


def author_stance(text: str, target: str, *, author_spans: list[tuple[int, int]] | None = None,
                  aliases: list[str] | None = None, mentions: list[tuple[int, int]] | None = None,
                  sentences: list[tuple[int, int]] | None = None, parsed=None,
                  n_prior: float | None = None) -> tuple[str, float]:
    """``(label, score)``: the author's stance toward ``target`` ("negative" | "neutral" | "positive", and a score
    in [-1, 1]) in a whole article's plain ``text``; see the module's description. ``author_spans`` restricts the
    evidence to the author's own voice."""
    r = author_evidence(text, target, author_spans=author_spans, aliases=aliases, mentions=mentions,
                        sentences=sentences, parsed=parsed, n_prior=n_prior)
    return r.label, r.score
