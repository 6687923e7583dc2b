"""The tense and the direction of a sentence around an expression, read from the dependency parse.

Every function takes the parse it reads (``parsed``: a spaCy Doc over the same text, e.g. the document's one parse
from ``analysis.nlp``); without one, the text is parsed once with ``analysis.nlp`` (sentences split as
``analysis.segment`` splits them) and that parse is reused for every expression of the text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .. import nlp as nlp_mod
from ..segment import split_sentences
from .values import When

_PARAGRAPH_BREAK = re.compile(r"\n+")


@lru_cache(maxsize=1024)
def _paragraph_sentences(paragraph: str) -> tuple[tuple[int, int], ...]:
    return tuple((s, e) for s, e, _ in split_sentences(paragraph))


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around text[start:end], split as ``analysis.segment`` splits a paragraph (abbreviations such
    as "vs." and "Oct." do not end it, nor does a full stop inside a quotation)."""
    left = 0
    for m in _PARAGRAPH_BREAK.finditer(text, 0, start):
        left = m.end()
    m = _PARAGRAPH_BREAK.search(text, end)
    right = m.start() if m else len(text)
    for s, e in _paragraph_sentences(text[left:right]):
        if s <= start - left < max(e, s + 1):
            return left + s, max(left + e, end)
    return left, right


_FUTURE_CUE = re.compile(r"\b(?:will|shall|'ll|going to|next|upcoming|forthcoming|coming|scheduled|expected to|plans? to|due to)\b", re.I)


FUTURE_MODALS = ("will", "shall", "'ll", "wo")


class LazyParse:
    """The parse of a whole text, made on first use (``analysis.nlp``, sentences as ``analysis.segment`` splits
    them), or a parse given by the caller. One per text: every expression of the text reads the same parse."""

    def __init__(self, text: str, parsed=None):
        self.text = text
        self._parsed = parsed

    def get(self):
        if self._parsed is None:
            self._parsed = parse_text(self.text)
        elif hasattr(self._parsed, "get") and not hasattr(self._parsed, "char_span"):
            self._parsed = self._parsed.get()  # a deferred parse (e.g. the document's, through the cache)
        return self._parsed


def sentence_starts(text: str) -> list[int]:
    """Sentence starts of a free text, split as ``analysis.segment`` splits each paragraph."""
    starts = []
    left = 0
    for m in list(_PARAGRAPH_BREAK.finditer(text)) + [None]:
        right = m.start() if m else len(text)
        starts.extend(left + s for s, _ in _paragraph_sentences(text[left:right]))
        if m:
            left = m.end()
    return starts


def parse_text(text: str):
    """One parse of a free text with the project's sentence boundaries (cached like every parse)."""
    return nlp_mod.parse_texts([text], [sentence_starts(text)])[0]


def _resolve_parse(text: str, parsed):
    if parsed is None:
        return parse_text(text)
    if isinstance(parsed, LazyParse):
        return parsed.get()
    return parsed


def tense(text: str, start: int, end: int, calendar: bool = False, parsed=None) -> str:
    """'past', 'future' or 'present' for the sentence around text[start:end] (see the module docstring).

    The governing verb is preferred: the first verb above the expression in the dependency tree; when it is a
    past form (VBD, or a participle with 'had'), the sentence is past; a will/shall modal makes it future.
    ``calendar`` is for choosing the year of a month or a day of the month: there "would" is the future seen from
    a reported past ("the summit would be held on April 24"), and since a date that close to the DCT is decided
    by nearness anyway (``_choose``), it can only mean a date still ahead. (A weekday is a week either way, and
    "would" on its own does not say which.) ``parsed`` is the parse of the whole ``text`` (a spaCy Doc or a
    :class:`LazyParse`); the sentence's tokens are taken from it with ``char_span``.
    """
    modals = FUTURE_MODALS + (("would",) if calendar else ())
    s, e = _sentence_bounds(text, start, end)
    sentence = text[s:e]
    if not sentence.strip():
        return "present"
    whole = _resolve_parse(text, parsed)
    doc = whole.char_span(s, e, alignment_mode="expand")
    if doc is None:
        return "present"
    tok = None
    for t in doc:
        if t.idx <= start < t.idx + len(t.text) + 1:
            tok = t
            break
    # climb to the governing verb
    head = tok
    seen = 0
    while head is not None and head.pos_ not in ("VERB", "AUX") and head.head is not head and seen < 8:
        head = head.head
        seen += 1
    if head is not None and head.pos_ in ("VERB", "AUX"):
        verdict = _verb_tense(head, modals)
        if verdict:
            return verdict
    tags = [t.tag_ for t in doc]
    lemmas = [t.lower_ for t in doc]
    if any(t.tag_ == "MD" and t.lower_ in FUTURE_MODALS for t in doc):
        return "future"
    if "VBD" in tags:
        return "past"
    if "had" in lemmas:
        return "past"
    if _FUTURE_CUE.search(sentence):
        return "future"
    return "present"


# verbs whose to-infinitive names something still to come ("planned to leave on Thursday", "is scheduled to
# close Monday", "is to resume trading Tuesday"): the date of the infinitive is after the statement
PROSPECTIVE = {"plan", "schedule", "set", "expect", "intend", "due", "hope", "want", "aim", "prepare", "be", "vow",
               "promise", "going", "go", "likely", "ready", "propose", "seek"}


def _verb_tense(verb, modals=FUTURE_MODALS) -> str | None:
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if verb.tag_ == "VB" and any(a.tag_ == "TO" for a in aux) and verb.dep_ == "xcomp" \
            and verb.head.lemma_.lower() in PROSPECTIVE:
        # ... unless the plan itself is told in the past perfect ("had been due to expire Friday")
        governors = [verb.head, verb.head.head]  # "had been scheduled to", "had been due to" (due <- been)
        if any(a.lower_ == "had" for h in governors for a in h.children if a.dep_ in ("aux", "auxpass")):
            return "past"
        return "future"
    if verb.tag_ == "VBN" and verb.dep_ == "acl" and not aux:
        return "past"  # a reduced relative: "the injunction issued Thursday", "shares bought from Sept. 14 to Thursday"
    if verb.tag_ == "VBN" and any(a.lower_ == "would" for a in aux) and any(a.dep_ == "auxpass" and a.lower_ == "be"
                                                                          for a in aux):
        return "future"  # a schedule reported: "a new package of measures would be presented on Thursday"
    for a in aux:
        if a.tag_ == "MD" and a.lower_ in modals:
            return "future"
        if a.lower_ in ("had", "did", "was", "were"):
            return "past"
        if a.lower_ in ("have", "has", "is", "are", "am"):
            return "present"
    if verb.tag_ == "VBD":
        return "past"
    if verb.tag_ in ("VBZ", "VBP"):
        return "present"
    # participles and infinitives: ask the verb they depend on
    if verb.dep_ in ("xcomp", "acl", "advcl", "relcl", "conj", "ccomp", "pcomp") and verb.head is not verb:
        if verb.head.pos_ in ("VERB", "AUX"):
            return _verb_tense(verb.head, modals)
    return None


NEAR_DAYS = 62  # days: a candidate this close to the DCT wins over the tense (TimeBank: 31 -> 62 +0.4 pt)


def _choose(cands: list[When], ref: When, mode: str) -> When:
    """The candidate for ``mode`` (past/future/present) relative to the reference interval (see module doc)."""
    rs, re_ = ref.interval()

    def rel(c):
        cs, ce = c.interval()
        if ce < rs:
            return -1, (rs - ce).days
        if cs > re_:
            return 1, (cs - re_).days
        return 0, 0

    near = min(cands, key=lambda c: (rel(c)[1], rel(c)[0] > 0))
    if rel(near)[1] <= NEAR_DAYS:
        return near  # a date within a month of the DCT is that one, whatever the tense
    if mode == "past":
        ok = [c for c in cands if rel(c)[0] <= 0]
        if ok:
            return max(ok, key=lambda c: c.interval()[0])
    if mode == "future":
        ok = [c for c in cands if rel(c)[0] >= 0]
        if ok:
            return min(ok, key=lambda c: c.interval()[0])
    return min(cands, key=lambda c: (rel(c)[1], rel(c)[0] > 0))

