"""Quotations and their speakers, reporting verbs, loaded language, hedges, national voice and actor sentiment.

Quotations (``extract_quotes``)
    Quote marks are paired per paragraph (``scan_quotes``): curly double (“ ”), guillemets, straight double
    quotes (which toggle), and single quotes (‘ ’ or ') when they open at a word start and close before a non-letter,
    so that apostrophes (don’t, Azerbaijan’s, O’Brien) are not quotes. Only outermost quotes become rows; a quote
    inside a quote, a quote with no closing mark (kept up to the paragraph end) and a closing mark with no opening
    one are reported as problems (``Quote.problems``, ``quote_problems``), never silently dropped. A quote left open
    at a paragraph end when the next paragraph opens with a quote mark is the newsroom convention for a quote over
    several paragraphs: reported as a continuation, and given the speaker of its last part.
    Each quotation's ``start``/``end`` cover the quoted words without the marks. Indirect speech is found with
    spaCy's dependency parse: a reporting verb (``data/reporting_verbs.yaml``) with a ``that``-clause (or a bare
    clause after say/believe/think), a promise/threat verb with a ``to``-infinitive, "made it clear that", and
    "according to X"; its span is the reported clause. An indirect clause may contain a partial quotation (both are
    rows); a clause that is entirely a quotation is only the direct quotation.

Kinds: ``title`` (after "titled", "entitled", ...), ``direct`` (a quotation that opens its sentence, or follows
a reporting verb, "that", a colon or a comma, with at least five words; or the second part of a quote split by its
attribution), ``partial`` (other quoted words with a speaker), ``scare`` (at most four quoted words with no
reporting verb in the sentence), ``indirect``.

Speakers: the attribution right after the closing mark ("…,” he said", "…,” said Hajiyev", "…,” Hajiyev was
quoted … as saying"), else the reporting verb nearest the quotation in its sentence (the one after it when the
quotation opens the sentence, else the one before) and that verb's grammatical subject (when the parse gives none,
the words between the last comma and the verb) (inherited through coordination and
participles: "..., adding that", "was quoted ... as saying"; a relative "who/which" stands for its antecedent);
"according to X"; a quotation opening a sentence with no reporting verb continues the previous sentence's quotation
and speaker. A subject is resolved to a canonical gazetteer actor (``analysis.actors``) by the name it contains, by
a description in ``data/speakers.yaml`` ("the Azerbaijani president", "the analyst" = nearest person, "the
statement" = the previous quotation's speaker), or, for he/she, by the nearest compatible person (same sentence
first, the subject preferred). Quoted texts of laws are attributed to their authors (``documents`` in
speakers.yaml). Anything else stays ``unknown`` with the words kept in ``speaker_surface``.

Language (``language_features``): loaded terms (``data/loaded_terms.yaml``), hedges and boosters
(``data/hedges_boosters.yaml``; a booster right after a negation, "don’t know", is not counted), first-person
plural voice (case-sensitive, so that "US" is not "us"), second-person direct address, and questions (every
question in the body is treated as rhetorical: news articles do not ask their readers for answers). Each hit has
offsets, a category and whether it lies inside a quotation.

Sentiment (``actor_sentiment``): VADER's compound score (vaderSentiment 3.3.2, lexicon shipped in the package,
negation and intensifiers handled by VADER) for every sentence, one row per actor mentioned in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import actors, nlp
from .corpus import short_id
from .resources import load_yaml

KINDS = ("direct", "partial", "scare", "title", "indirect")
UNKNOWN = "unknown"
FEATURES = ("loaded", "hedge", "booster", "we_voice", "direct_address", "rhetorical_question")

QUOTE_COLUMNS = ["doc_id", "quote_id", "sentence_id", "start", "end", "text", "kind", "speaker", "speaker_side",
                 "verb", "verb_class", "speaker_surface", "attribution", "problems"]
FEATURE_COLUMNS = ["doc_id", "sentence_id", "start", "end", "text", "feature", "category", "in_quote"]
SENTIMENT_COLUMNS = ["doc_id", "sentence_id", "actor", "side", "score", "pos", "neu", "neg", "text"]
PROBLEM_COLUMNS = ["doc_id", "offset", "problem", "context"]

_DOUBLE_OPEN = "“„«"
_DOUBLE_CLOSE = "”»"
_WORD = re.compile(r"\w+(?:[’'\-]\w+)*")
_APOS = str.maketrans({"’": "'", "‘": "'"})


# ----------------------------------------------------------------------------------------------------------------
# data

@dataclass(frozen=True)
class Verb:
    lemma: str
    cls: str
    mode: str
    indirect: bool
    zero_that: bool
    commissive: bool


@lru_cache(maxsize=None)
def reporting_verbs() -> dict[str, Verb]:
    data = load_yaml("reporting_verbs.yaml")
    out = {}
    for i, v in enumerate(data["verbs"]):
        if v.get("class") not in ("neutral", "evaluative"):
            raise ValueError(f"reporting_verbs.yaml: verbs[{i}] ({v.get('lemma')}): class must be neutral or evaluative")
        out[v["lemma"]] = Verb(v["lemma"], v["class"], v["mode"], bool(v.get("indirect")), bool(v.get("zero_that")),
                               bool(v.get("commissive")))
    return out


def verb_class(verb: str) -> str:
    """neutral | evaluative for a reporting verb or cue as it appears in the quotes table ('' when none)."""
    if not verb:
        return ""
    data = load_yaml("reporting_verbs.yaml")
    low = verb.lower()
    for cue in data["cues"]:
        if low == cue["cue"]:
            return cue["class"]
    lemma = _lemma_of(low)
    v = reporting_verbs().get(lemma)
    return v.cls if v else ""


@lru_cache(maxsize=None)
def _speaker_data():
    return load_yaml("speakers.yaml")


@lru_cache(maxsize=None)
def _descriptions():
    entries = sorted(_speaker_data()["descriptions"], key=lambda d: (-len(d["text"]), d["text"]))
    return tuple((re.compile(r"(?<!\w)" + re.escape(d["text"].translate(_APOS)) + r"(?!\w)", re.I), d)
                 for d in entries)


def _nlp():
    return nlp.pipeline()


def _parse(text: str):
    """The sentence's parse, cut from the article's one parse (analysis.nlp)."""
    return nlp.sentence_doc(text)


# ----------------------------------------------------------------------------------------------------------------
# quote marks

@dataclass(frozen=True)
class Span:
    open: int  # offset of the opening mark
    close: int  # offset just after the closing mark (or the paragraph end when unclosed)
    problems: tuple[str, ...] = ()

    @property
    def inner(self) -> tuple[int, int]:
        closed = not {"no closing mark", "continues in the next paragraph"} & set(self.problems)
        return self.open + 1, self.close - 1 if closed else self.close


def _is_space(ch: str) -> bool:
    return ch == "" or ch.isspace()


def scan_quotes(text: str, start: int = 0, end: int | None = None) -> tuple[list[Span], list[tuple[int, str]]]:
    """Outermost quotations in text[start:end] (one paragraph) and the problems met: (offset, message)."""
    end = len(text) if end is None else end
    spans: list[Span] = []
    problems: list[tuple[int, str]] = []
    stack: list[list] = []  # [kind, offset, problems]

    def close(i: int) -> None:
        kind, at, probs = stack.pop()
        if stack:
            stack[0][2].append(f"nested quote at {at}")
            problems.append((at, "nested quote inside a quotation"))
        else:
            spans.append(Span(at, i + 1, tuple(probs)))

    for i in range(start, end):
        ch = text[i]
        prev = text[i - 1] if i > start else ""
        nxt = text[i + 1] if i + 1 < end else ""
        if ch in _DOUBLE_OPEN:
            stack.append(["double", i, []])
        elif ch in _DOUBLE_CLOSE:
            while stack and stack[-1][0] in ("single", "straight-single"):
                kind, at, _ = stack.pop()
                problems.append((at, "single quote not closed before the double quote closes"))
            if stack and stack[-1][0] == "double":
                close(i)
            elif stack and stack[-1][0] == "straight":
                problems.append((i, "straight quote closed by a curly mark"))
                close(i)
            else:
                problems.append((i, "closing quote mark without an opening one"))
        elif ch == '"':
            if stack and stack[-1][0] == "straight":
                close(i)
            elif _is_space(prev) or prev in "([{—–-/":
                stack.append(["straight", i, []])
            elif any(k == "straight" for k, _, _ in stack):
                while stack[-1][0] != "straight":
                    kind, at, _ = stack.pop()
                    problems.append((at, "single quote not closed before the double quote closes"))
                close(i)
            else:
                problems.append((i, "closing quote mark without an opening one"))
        elif ch == "‘":
            if (_is_space(prev) or prev in "“\"([—–-") and not _is_space(nxt):
                stack.append(["single", i, []])
        elif ch == "’":
            if stack and stack[-1][0] == "single" and not nxt.isalnum() and not _is_space(prev):
                close(i)
        elif ch == "'":
            if stack and stack[-1][0] == "straight-single" and not nxt.isalnum() and not _is_space(prev):
                close(i)
            elif (_is_space(prev) or prev in "“\"([—–") and nxt.isalpha():
                stack.append(["straight-single", i, []])
    double_open = [s for s in stack if s[0] in ("double", "straight")]
    for kind, at, probs in stack:
        if kind in ("single", "straight-single"):
            if not double_open:
                problems.append((at, "opening single quote with no closing mark (read as an apostrophe)"))
            continue
    if double_open:
        kind, at, probs = double_open[0]
        problems.append((at, "quotation with no closing mark before the paragraph end"))
        stop = end
        while stop > at + 1 and text[stop - 1].isspace():
            stop -= 1
        spans.append(Span(at, stop, tuple(probs) + ("no closing mark",)))
    spans.sort(key=lambda s: s.open)
    return spans, problems


# ----------------------------------------------------------------------------------------------------------------
# records

@dataclass(frozen=True)
class Quote:
    doc_id: str
    quote_id: str
    sentence_id: str
    start: int
    end: int
    text: str
    kind: str
    speaker: str
    speaker_side: str
    verb: str
    verb_class: str
    speaker_surface: str
    attribution: str  # how the speaker was found
    problems: str


@dataclass(frozen=True)
class QuoteProblem:
    doc_id: str
    offset: int
    problem: str
    context: str


@dataclass(frozen=True)
class Feature:
    doc_id: str
    sentence_id: str
    start: int
    end: int
    text: str
    feature: str
    category: str
    in_quote: bool


@dataclass
class _Speaker:
    name: str = UNKNOWN
    surface: str = ""
    how: str = "none"
    at: int = -1  # offset of the speaker expression (for later pronoun resolution)


@dataclass
class _State:
    """What attribution has seen so far in a document (for pronouns, descriptions and continuations)."""

    doc: object
    persons: list[tuple[int, int, str]] = field(default_factory=list)  # (sentence index, offset, canonical)
    mentions: list[actors.Mention] = field(default_factory=list)
    quotes: list[tuple[int, int, _Speaker, str]] = field(default_factory=list)  # (sentence idx, offset, spk, verb)


def _side(name: str) -> str:
    if name == UNKNOWN:
        return UNKNOWN
    try:
        return actors.actor_by_name(name).side
    except KeyError:
        return UNKNOWN


# ----------------------------------------------------------------------------------------------------------------
# speaker resolution

def _in_any(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _resolve_pronoun(state: _State, sent_index: int, pos: int, kind: str = "person") -> str:
    same = [(o, c) for s, o, c in state.persons if s == sent_index and o < pos]
    if same:
        return min(same)[1]
    for back in range(sent_index - 1, max(-1, sent_index - 4), -1):
        cands = [(o, c) for s, o, c in state.persons if s == back]
        if cands:
            return min(cands)[1]
    return UNKNOWN


def _resolve_description(state: _State, desc: dict, pos: int) -> tuple[str, str]:
    if desc.get("unknown"):
        return UNKNOWN, "description (anonymous)"
    if "canonical" in desc:
        return desc["canonical"], "description"
    if desc.get("previous_quote"):
        prior = [(o, q) for _, o, q, _ in state.quotes if o < pos and q.name != UNKNOWN]
        return (max(prior, key=lambda t: t[0])[1].name, "description -> previous quotation") if prior else (UNKNOWN, "none")
    want = desc.get("type")
    contains = desc.get("name_contains", "")
    cands = [m for m in state.mentions if m.start < pos and m.type == want and contains in m.entity]
    if want == "person":
        persons = [(o, c) for _, o, c in state.persons if o < pos]
        return (max(persons)[1], "description -> nearest person") if persons else (UNKNOWN, "none")
    if cands:
        return max(cands, key=lambda m: m.start).entity, f"description -> nearest {want}"
    return UNKNOWN, "none"


def _resolve_span(state: _State, sent_index: int, a: int, b: int, head: int | None = None) -> _Speaker:
    """The speaker named by doc.text[a:b] (a subject phrase or the noun phrase after 'according to')."""
    text = state.doc.text
    cut = min([i for i in (text.find(m, a, b) for m in "“\"‘") if i != -1] or [b])
    b = cut  # a speaker phrase holds no quoted words ("the agency in reference to “diplomatic sources”")
    surface = re.sub(r"\s+in reference to$", "", text[a:b].strip(" ,"))
    if not surface:
        return _Speaker()
    low = surface.lower()
    pronouns = _speaker_data()["pronouns"]
    if low in pronouns:
        name = _resolve_pronoun(state, sent_index, a, pronouns[low])
        return _Speaker(name, surface, "pronoun" if name != UNKNOWN else "pronoun (unresolved)", a)
    inside = [m for m in state.mentions if m.start >= a and m.end <= b]
    if head is not None:
        at_head = [m for m in inside if m.start <= head < m.end]
        if at_head:
            return _Speaker(at_head[0].entity, surface, "name", a)
    normalized = surface.translate(_APOS)
    for pattern, desc in _descriptions():
        if pattern.search(normalized):
            name, how = _resolve_description(state, desc, a)
            return _Speaker(name, surface, how, a)
    if head is None and inside:
        return _Speaker(inside[0].entity, surface, "name", a)
    return _Speaker(UNKNOWN, surface, "unresolved subject", a)


def _subject(tok, depth: int = 0):
    for c in tok.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            if c.lower_ in ("who", "which", "that") and tok.dep_ == "relcl":
                return tok.head
            return c
    if depth < 4 and tok.dep_ in ("conj", "advcl", "xcomp", "pcomp", "acomp", "ccomp", "csubj") and tok.head.i != tok.i:
        head = tok.head
        if tok.dep_ == "pcomp":
            head = head.head
        return _subject(head, depth + 1)
    return None


_AUX_ADV = re.compile(r"(?:\s+(?:has|have|had|was|were|is|are|also|then|later|further|has been|\w+ly))+\s*$")


def _regex_subject(state: _State, sent, verb_pos: int) -> _Speaker:
    """Fallback when the parse gives a reporting verb no subject: the words between the last clause boundary
    (comma, semicolon, dash, quote mark) and the verb, auxiliaries and adverbs removed."""
    text = state.doc.text
    left = text[sent.start:verb_pos]
    cut = max(left.rfind(ch) for ch in ",;—–“”\"")
    a = sent.start + cut + 1
    seg = text[a:verb_pos]
    m = _AUX_ADV.search(seg)
    b = a + (m.start() if m else len(seg.rstrip()))
    a, b = _trim(text, a, b)
    if b <= a or _words(text[a:b]) > 10:
        return _Speaker()
    return _resolve_span(state, sent.index, a, b)


def _speaker_of_token(state: _State, sent, tok) -> _Speaker:
    subj = _subject(tok)
    if subj is None:
        return _regex_subject(state, sent, sent.start + tok.idx)
    tokens = list(subj.subtree)
    if subj.dep_ not in ("nsubj", "nsubjpass"):  # a relative clause's antecedent: the noun and its left modifiers
        tokens = [t for t in subj.subtree if t.i <= subj.i and t.i >= subj.left_edge.i]
    a = sent.start + tokens[0].idx
    b = sent.start + tokens[-1].idx + len(tokens[-1].text)
    return _resolve_span(state, sent.index, a, b, head=sent.start + subj.idx)


# ----------------------------------------------------------------------------------------------------------------
# cues (verbs and multi-word cues) in a sentence

@dataclass
class _Cue:
    pos: int  # offset of the cue in doc.text
    verb: str  # surface shown in the tables
    lemma: str
    token: object = None  # spaCy token for verbs
    after: tuple[int, int] | None = None  # the noun phrase after 'according to'


def _cues(state: _State, sent, quote_spans: list[tuple[int, int]]) -> list[_Cue]:
    text = state.doc.text
    verbs = reporting_verbs()
    cues: list[_Cue] = []
    parsed = _parse(sent.text)
    for tok in parsed:
        pos = sent.start + tok.idx
        if _in_any(pos, quote_spans):
            continue
        lemma = tok.lemma_.lower()
        if lemma not in verbs or tok.pos_ in ("NOUN", "PROPN"):
            continue
        if tok.head.lower_ == "worth":
            continue  # "It is worth noting that ...": the author's comment, not a report
        if lemma == "call" and any(c.dep_ == "dobj" and c.pos_ in ("PROPN",) for c in tok.children):
            continue  # "Blinken called Pashinyan": a phone call, not a report
        if lemma == "read" and not any(c.dep_ == "nsubj" and c.lemma_ in ("statement", "document", "letter", "text")
                                       for c in tok.children):
            continue
        verb = tok.text
        if lemma == "quote" and tok.dep_ == "ROOT":
            saying = [t for t in tok.subtree if t.lemma_ == "say" and t.dep_ == "pcomp"]
            if saying:
                verb = "quoted as saying"
        cues.append(_Cue(pos, verb, lemma, tok))
    data = load_yaml("reporting_verbs.yaml")
    for cue in data["cues"]:
        for m in re.finditer(cue["pattern"], sent.text, re.I):
            pos = sent.start + m.start()
            if _in_any(pos, quote_spans):
                continue
            after = None
            if cue["speaker"] == "after":
                rest = re.match(r"\s*([^,.;:“”\"]+)", sent.text[m.end():])
                if rest:
                    a = sent.start + m.end() + rest.start(1)
                    b = sent.start + m.end() + rest.end(1)
                    while b > a and text[b - 1].isspace():
                        b -= 1
                    head_word = text[a:b].split()[-1].lower() if text[a:b].split() else ""
                    if head_word in data["according_to_not_speakers"]:
                        continue
                    after = (a, b)
            tok = None
            if cue["cue"] == "made it clear":
                tok = next((t for t in parsed if sent.start + t.idx >= pos and t.lemma_ == "make"), None)
            elif cue["cue"] == "in reference to":
                tok = next((t for t in parsed if t.dep_ == "ROOT"), None)
            cues.append(_Cue(pos, cue["cue"], cue["cue"], tok, after))
    cues.sort(key=lambda c: c.pos)
    return cues


def _cue_speaker(state: _State, sent, cue: _Cue) -> _Speaker:
    if cue.after is not None:
        return _resolve_span(state, sent.index, *cue.after)
    if cue.token is not None:
        return _speaker_of_token(state, sent, cue.token)
    return _Speaker()


def _record_person(state: _State, sent_index: int, spk: _Speaker) -> None:
    if spk.name != UNKNOWN and spk.at >= 0:
        try:
            if actors.actor_by_name(spk.name).type == "person":
                state.persons.append((sent_index, spk.at, spk.name))
        except KeyError:
            pass


# ----------------------------------------------------------------------------------------------------------------
# extraction

def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and (text[a].isspace() or text[a] in ",;:"):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ",;:.—–-"):
        b -= 1
    return a, b


_IRREGULAR = {"say": ["said"], "tell": ["told"], "write": ["wrote", "written"], "think": ["thought"],
              "read": ["read"]}


@lru_cache(maxsize=None)
def _verb_forms() -> dict[str, str]:
    """Inflected form -> lemma for every reporting verb (regular inflection plus a few irregular forms)."""
    forms = {}
    for lemma in reporting_verbs():
        stem = lemma[:-1] if lemma.endswith("e") else lemma
        cands = [lemma, lemma + "s", lemma + "es", stem + "ed", stem + "ing", lemma + "d"]
        if lemma.endswith("y") and lemma[-2] not in "aeiou":
            cands += [lemma[:-1] + "ies", lemma[:-1] + "ied"]
        if len(lemma) > 2 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou" and lemma[-3] not in "aeiou":
            cands += [lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"]  # admit -> admitted
        cands += _IRREGULAR.get(lemma, [])
        for c in cands:
            forms.setdefault(c, lemma)
    return forms


def _lemma_of(word: str) -> str:
    word = word.split()[-1].lower() if word.split() else word
    return _verb_forms().get(word, word)


_NP_START = r"(?:[A-Z][\w’'.\-]*|the|a|an|he|she|they|it|we|its|his|her|their|our)"
@lru_cache(maxsize=None)
def _post_patterns():
    verbs = "|".join(sorted(_verb_forms(), key=lambda v: (-len(v), v)))
    a = re.compile(r"^[\s,.!?]*(?P<np>" + _NP_START + r"(?:\s+[\w’'\-()]+|\.\w+){0,7}?)"
                   r"(?:\s+(?:has|had|was|were|is|also|then|later|further))*\s+(?P<verb>" + verbs + r")\b")
    b = re.compile(r"^[\s,.!?]*(?P<verb>" + verbs + r")\s+(?P<np>" + _NP_START + r"(?:\s+[\w’'\-]+){0,5}?)"
                   r"\s*(?:[,.;]|$)")
    return a, b


@lru_cache(maxsize=None)
def _verb_before_re():
    verbs = "|".join(sorted(_verb_forms(), key=lambda v: (-len(v), v)))
    return re.compile(r"\b(?:" + verbs + r")(?:\s+that)?\s*[:,]?\s*$", re.I)


def _post_attribution(state: _State, sent, span: Span) -> tuple[_Speaker, str] | None:
    """'“…,” he said', '“…,” said Hajiyev', '“…,” Hajiyev was quoted … as saying': the attribution right after."""
    text = state.doc.text
    post = text[span.close:sent.end]
    verbs = reporting_verbs()
    for pattern in _post_patterns():
        m = pattern.match(post)
        if m and _lemma_of(m.group("verb").lower()) in verbs:
            a, b = span.close + m.start("np"), span.close + m.end("np")
            while b > a + 1 and text[b - 1] == "." and text[b - 2].islower():
                b -= 1
            verb = m.group("verb")
            if _lemma_of(verb) == "quote" and re.match(r".{0,60}?\bas saying\b", post[m.end("verb"):]):
                verb = "quoted as saying"
            spk = _resolve_span(state, sent.index, a, b)
            if spk.how == "none":
                spk.how = "attribution after the quote"
            return spk, verb
    return None


def _clause_tokens(root) -> list:
    """The tokens of a reported clause, cut before a part that belongs to the reporter, not to the report.

    Two parser attachments are undone: a coordinated past-tense verb with no subject of its own after a present or
    modal clause ("demanded that Washington should change ... and scoffed ...": "scoffed" is the reporter's second
    act), and a relative clause with its own named subject and reporting verb ("..., which Baku deems to be ...":
    a second report).
    """
    verbs = reporting_verbs()
    toks = list(root.subtree)
    cut = None
    for t in toks:
        if t.i <= root.i:
            continue
        own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)
        if t.dep_ == "conj" and t.head.i == root.i and t.tag_ == "VBD" and root.tag_ in ("VB", "VBP", "VBZ") \
                and not own_subject:
            cut = t
        elif t.dep_ == "relcl" and t.lemma_ in verbs and any(
                c.dep_ == "nsubj" and c.pos_ == "PROPN" for c in t.children):
            cut = min(t.subtree, key=lambda x: x.i)
        if cut is not None:
            break
    if cut is None:
        return toks
    kept = [t for t in toks if t.i < cut.i]
    while kept and (kept[-1].is_punct or kept[-1].dep_ == "cc" or kept[-1].lower_ in ("which", "who")):
        kept.pop()
    return kept or toks


def _indirect(state: _State, sent, quote_spans, cues: list[_Cue]) -> list[tuple[int, int, _Cue]]:
    """(start, end, cue) of the reported clauses of indirect speech in a sentence."""
    text = state.doc.text
    verbs = reporting_verbs()
    out: list[tuple[int, int, _Cue]] = []
    for cue in cues:
        clause = None
        if cue.lemma == "according to" and cue.after is not None:
            sent_end = sent.end
            if cue.pos == sent.start or not text[sent.start:cue.pos].strip():
                comma = text.find(",", cue.after[1], sent_end)
                if comma != -1:
                    clause = (comma + 1, sent_end)
            elif text[sent.start:cue.pos].rstrip().endswith(","):
                clause = (sent.start, cue.pos)
        elif cue.token is not None and cue.lemma in verbs or cue.lemma == "made it clear":
            tok = cue.token
            if cue.lemma == "made it clear":
                clear = next((t for t in tok.children if t.lower_ == "clear"), None)
                holders = [clear] if clear is not None else []
                want_that = True
            else:
                v = verbs[cue.lemma]
                if not v.indirect and not v.commissive:
                    continue
                holders = [tok] + [c for c in tok.children if c.dep_ == "acomp"]
                want_that = not v.zero_that
            for holder in holders:
                for c in holder.children:
                    has_that = any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
                    is_commissive = (cue.lemma in verbs and verbs[cue.lemma].commissive and c.dep_ == "xcomp"
                                     and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children))
                    if (c.dep_ == "ccomp" and (has_that or not want_that)) or (c.dep_ == "advcl" and has_that) \
                            or is_commissive:
                        toks = _clause_tokens(c)
                        a = sent.start + toks[0].idx
                        b = sent.start + toks[-1].idx + len(toks[-1].text)
                        clause = (a, b)
                        break
                if clause:
                    break
        if not clause:
            continue
        a, b = _trim(text, *clause)
        if text[a:a + 5].lower() == "that ":
            a += 5
        a, b = _trim(text, a, b)
        if b - a < 3 or _in_any(cue.pos, quote_spans) or _in_any(a, quote_spans):
            continue
        quoted = sum(1 for i in range(a, b) if _in_any(i, quote_spans) or text[i] in "“”\"")
        if quoted >= 0.8 * (b - a):
            continue  # the clause is itself a quotation: the direct quote row carries it
        if any(x <= a and b <= y for x, y, _ in out):
            continue
        out.append((a, b, cue))
    return out


def _cache_key(doc) -> tuple[str, int]:
    return doc.doc_id, hash(doc.text)


_CACHE: dict[tuple[str, int], tuple[list[Quote], list[QuoteProblem]]] = {}


def extract_quotes(doc) -> list[Quote]:
    """Every quotation (direct, partial, scare, title) and indirect report of a document, in text order."""
    return _extract(doc)[0]


def quote_problems(doc) -> list[QuoteProblem]:
    """The quote-mark problems of a document: unclosed quotes, stray closing marks, nested quotes."""
    return _extract(doc)[1]


def _extract(doc):
    key = _cache_key(doc)
    if key not in _CACHE:
        _CACHE[key] = _extract_uncached(doc)
    return _CACHE[key]


def _extract_uncached(doc):
    text = doc.text
    spans: list[Span] = []
    problems: list[QuoteProblem] = []
    for i, (p_start, p_end) in enumerate(doc.paragraphs):
        found, probs = scan_quotes(text, p_start, p_end)
        nxt = text[doc.paragraphs[i + 1][0]:doc.paragraphs[i + 1][0] + 1] if i + 1 < len(doc.paragraphs) else ""
        if nxt and nxt in _DOUBLE_OPEN + '"':
            # newsroom convention: a quote running over paragraphs has no closing mark until its last paragraph,
            # and each following paragraph opens with a quote mark
            found = [Span(sp.open, sp.close, tuple("continues in the next paragraph" if p == "no closing mark" else p
                                                   for p in sp.problems)) for sp in found]
            probs = [(o, "quotation continues in the next paragraph (no closing mark, next paragraph opens a quote)"
                      if m == "quotation with no closing mark before the paragraph end" else m) for o, m in probs]
        spans.extend(found)
        for offset, message in probs:
            problems.append(QuoteProblem(doc.doc_id, offset, message, text[max(0, offset - 40): offset + 40]))
    quote_spans = [(s.open, s.close) for s in spans]
    state = _State(doc)
    state.mentions = [m for m in actors.find_mentions(doc) if not _in_any(m.start, quote_spans)]
    title_cues = _speaker_data()["title_cues"]
    title_re = re.compile(r"\b(?:" + "|".join(re.escape(c) for c in title_cues) + r")\s*[:,]?\s*$", re.I)
    doc_rules = [(re.compile(d["pattern"]), d) for d in _speaker_data()["documents"]]
    raw: list[tuple[int, int, str, str, _Speaker, str, str]] = []  # start, end, sentence_id, kind, spk, verb, probs
    for sent in doc.sentences:
        for m in state.mentions:
            if sent.start <= m.start < sent.end and m.type == "person":
                state.persons.append((sent.index, m.start, m.entity))
        in_sent = [s for s in spans if sent.start <= s.open < sent.end]
        cues = _cues(state, sent, quote_spans)
        for span in in_sent:
            a, b = span.inner
            while b > a + 1 and text[b - 1] in ",;":
                b -= 1  # "…,” he said": the comma is the attribution's, not the speaker's
            pre = text[sent.start:span.open]
            starts_sentence = not pre.strip()
            if title_re.search(pre):
                raw.append((a, b, sent.sentence_id, "title", _Speaker(how="title"), "", "; ".join(span.problems)))
                continue
            verb_before = _verb_before_re().search(pre)
            post = None if verb_before else _post_attribution(state, sent, span)
            before = [c for c in cues if c.pos < span.open]
            after = [c for c in cues if c.pos >= span.close]
            chosen = None
            if starts_sentence:
                chosen = after[0] if after else None
            else:
                chosen = before[-1] if before else (after[0] if after else None)
            spk, verb = _Speaker(), ""
            if post is not None:
                spk, verb = post
                chosen = _Cue(span.close, verb, _lemma_of(verb))
            elif chosen is not None:
                spk = _cue_speaker(state, sent, chosen)
                verb = chosen.verb
                if spk.how == "none" and chosen.pos < span.open and after:
                    # "Citing “…”, the source stated …": a participle shares the main verb's subject
                    spk = _cue_speaker(state, sent, after[0])
                if spk.how == "none":
                    spk.how = "verb without subject"
            elif starts_sentence:
                prior = [q for q in state.quotes if q[0] in (sent.index - 1, sent.index)]
                if prior:
                    _, _, pspk, pverb = prior[-1]
                    spk = _Speaker(pspk.name, pspk.surface, "continuation", -1)
                    verb = pverb
            if chosen is None and spk.name == UNKNOWN and spk.how != "continuation":
                for pattern, rule in doc_rules:
                    if pattern.search(sent.text):
                        spk = _Speaker(rule["canonical"], pattern.search(sent.text).group(0), "quoted document", -1)
                        verb = rule.get("verb", "")
                        break
            n_words = _words(text[a:b])
            prev_direct = [r for r in raw if r[2] == sent.sentence_id and r[3] == "direct"]
            if prev_direct and not starts_sentence and _words(text[prev_direct[-1][1]:span.open]) <= 8 \
                    and re.search(r",\s*$", pre):
                # '“We are ready,” he said, “to talk.”': the second part continues the first
                kind = "direct"
                spk, verb = prev_direct[-1][4], prev_direct[-1][5]
            elif starts_sentence or ((verb_before or re.search(r"(?:\bthat|[:,])\s*$", pre)) and n_words >= 5):
                kind = "direct"
            elif chosen is not None or spk.how in ("continuation", "quoted document"):
                kind = "partial"
            elif n_words <= 4:
                kind = "scare"
                spk, verb = _Speaker(how="scare quote"), ""
            else:
                kind = "partial"
            raw.append((a, b, sent.sentence_id, kind, spk, verb, "; ".join(span.problems)))
            state.quotes.append((sent.index, span.open, spk, verb))
            _record_person(state, sent.index, spk)
        for a, b, cue in _indirect(state, sent, quote_spans, cues):
            spk = _cue_speaker(state, sent, cue)
            raw.append((a, b, sent.sentence_id, "indirect", spk, cue.verb, ""))
            _record_person(state, sent.index, spk)
    raw.sort(key=lambda r: (r[0], r[1]))
    # a quote running into the next paragraph takes the speaker of its continuation (backwards, so chains carry)
    marked = [i for i, r in enumerate(raw) if r[3] != "indirect"]
    for k in range(len(marked) - 2, -1, -1):
        cur, nxt = raw[marked[k]], raw[marked[k + 1]]
        if "continues in the next paragraph" in cur[6] and cur[4].name == UNKNOWN and nxt[4].name != UNKNOWN:
            spk = _Speaker(nxt[4].name, nxt[4].surface, "continued in the next paragraph", -1)
            raw[marked[k]] = (cur[0], cur[1], cur[2], "direct", spk, nxt[5], cur[6])
    quotes = []
    for n, (a, b, sid, kind, spk, verb, probs) in enumerate(raw, start=1):
        quotes.append(Quote(doc.doc_id, f"{doc.doc_id}:q{n:02d}", sid, a, b, text[a:b], kind, spk.name,
                            _side(spk.name), verb, verb_class(verb), spk.surface, spk.how, probs))
    problems.sort(key=lambda p: (p.offset, p.problem))
    return quotes, problems


# ----------------------------------------------------------------------------------------------------------------
# language features

@lru_cache(maxsize=None)
def _feature_patterns() -> tuple[tuple[re.Pattern, str, str], ...]:
    out = []
    for t in load_yaml("loaded_terms.yaml")["terms"]:
        out.append((re.compile(r"(?<![\w-])(?:" + t["pattern"] + r")(?![\w-])", re.I), "loaded", t["category"]))
    hb = load_yaml("hedges_boosters.yaml")
    for feature, key in (("hedge", "hedges"), ("booster", "boosters")):
        for category, words in sorted(hb[key].items()):
            for w in words:
                out.append((re.compile(r"(?<![\w-])" + re.escape(str(w)) + r"(?![\w-])", re.I), feature, category))
    # case-sensitive: "US" is the United States, not "us"
    out.append((re.compile(r"\b[Oo]ur (?:country|nation|state|people|government|leadership|sovereignty|authority|"
                           r"policy|neighbours|neighbors|relationships?|region)\b"), "we_voice", "our_nation"))
    out.append((re.compile(r"\b(?:[Ww]e|us|[Oo]ur|[Oo]urs|[Oo]urselves)\b"), "we_voice", "first_person_plural"))
    out.append((re.compile(r"\b(?:you|your|yours|yourself|yourselves)\b", re.I), "direct_address", "second_person"))
    return tuple(out)


_NEGATED = re.compile(r"(?:n[’']t|\bnot|\bno)\s+$")


def language_features(doc) -> list[Feature]:
    """Loaded terms, hedges, boosters, we-voice, direct address and questions of a document, with offsets."""
    text = doc.text
    quote_spans = [(q.start, q.end) for q in extract_quotes(doc) if q.kind != "indirect"]
    hits: list[Feature] = []
    taken: dict[str, list[tuple[int, int]]] = {}
    for sent in doc.sentences:
        for pattern, feature, category in _feature_patterns():
            for m in pattern.finditer(text, sent.start, sent.end):
                a, b = m.start(), m.end()
                if any(x < b and a < y for x, y in taken.get(feature, [])):
                    continue  # one hit per stretch of text and feature ("our country" not also "our")
                if feature == "booster" and _NEGATED.search(text, max(0, a - 12), a):
                    continue  # "I don’t know" does not boost
                taken.setdefault(feature, []).append((a, b))
                hits.append(Feature(doc.doc_id, sent.sentence_id, a, b, text[a:b], feature, category,
                                    _in_any(a, quote_spans)))
        for m in re.finditer(r"[^.!?…]*\?", text[sent.start:sent.end]):
            a, b = _trim(text, sent.start + m.start(), sent.start + m.end())
            while a < b and text[a] in "“”\"‘’ ":
                a += 1
            if b > a:
                hits.append(Feature(doc.doc_id, sent.sentence_id, a, b, text[a:b], "rhetorical_question",
                                    "in_quote" if _in_any(a, quote_spans) else "author", _in_any(a, quote_spans)))
    hits.sort(key=lambda f: (f.start, f.end, f.feature, f.category))
    return hits


# ----------------------------------------------------------------------------------------------------------------
# sentiment

@lru_cache(maxsize=None)
def _vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def sentence_sentiment(text: str) -> dict[str, float]:
    """VADER polarity scores (compound, pos, neu, neg) of one sentence."""
    return _vader().polarity_scores(text)


def actor_sentiment(doc) -> list[dict]:
    """One row per (sentence, actor mentioned in it) with the sentence's VADER compound score."""
    rows = []
    by_sentence: dict[str, list[actors.Mention]] = {}
    for m in actors.find_mentions(doc):
        by_sentence.setdefault(m.sentence_id, []).append(m)
    for sent in doc.sentences:
        mentioned = sorted({(m.entity, m.side) for m in by_sentence.get(sent.sentence_id, [])})
        if not mentioned:
            continue
        s = sentence_sentiment(sent.text)
        for entity, side in mentioned:
            rows.append({"doc_id": doc.doc_id, "sentence_id": sent.sentence_id, "actor": entity, "side": side,
                         "score": round(s["compound"], 4), "pos": round(s["pos"], 4), "neu": round(s["neu"], 4),
                         "neg": round(s["neg"], 4), "text": sent.text})
    return rows


# ----------------------------------------------------------------------------------------------------------------
# tables

def _selected(corpus, documents=None):
    wanted = set(documents or [])
    return [d for d in corpus if not wanted or d.doc_id in wanted]


def quotes_table(corpus, documents=None) -> pd.DataFrame:
    rows = [vars(q) for d in _selected(corpus, documents) for q in extract_quotes(d)]
    return pd.DataFrame(rows, columns=QUOTE_COLUMNS)


def quote_problems_table(corpus, documents=None) -> pd.DataFrame:
    rows = [vars(p) for d in _selected(corpus, documents) for p in quote_problems(d)]
    return pd.DataFrame(rows, columns=PROBLEM_COLUMNS)


def rhetoric_table(corpus, documents=None) -> pd.DataFrame:
    rows = [vars(f) for d in _selected(corpus, documents) for f in language_features(d)]
    out = pd.DataFrame(rows, columns=FEATURE_COLUMNS)
    out["in_quote"] = out["in_quote"].astype(bool)
    return out


def actor_sentiment_table(corpus, documents=None) -> pd.DataFrame:
    rows = [r for d in _selected(corpus, documents) for r in actor_sentiment(d)]
    return pd.DataFrame(rows, columns=SENTIMENT_COLUMNS)


# ----------------------------------------------------------------------------------------------------------------
# summaries for the chapter

def quote_view(quotes: pd.DataFrame) -> pd.DataFrame:
    """The quotation table of the chapter: where (document and sentence), kind, speaker with side, verb, the words
    the text attributes it to with how they were resolved ("he · pronoun"), and the quoted text."""
    def speaker(r):
        return r.speaker if r.speaker_side in ("", r.speaker, UNKNOWN) else f"{r.speaker} ({r.speaker_side})"

    def attributed(r):
        return " · ".join(x for x in (r.speaker_surface, r.attribution) if x)

    rows = [{"doc": short_id(r.doc_id), "sentence": r.sentence_id.rsplit(":", 1)[-1], "kind": r.kind,
             "speaker": speaker(r), "verb": r.verb, "attributed to": attributed(r), "text": r.text}
            for r in quotes.itertuples(index=False)]
    return pd.DataFrame(rows, columns=["doc", "sentence", "kind", "speaker", "verb", "attributed to", "text"])


def quoted_words(quotes: pd.DataFrame) -> pd.DataFrame:
    """Words per document, speaker and side: quoted (direct + partial) and paraphrased (indirect)."""
    q = quotes[quotes["kind"].isin(["direct", "partial", "indirect"])].copy()
    if q.empty:
        return pd.DataFrame(columns=["doc_id", "speaker", "speaker_side", "quoted", "paraphrased"])
    q["words"] = q["text"].map(_words)
    q["mode"] = q["kind"].map(lambda k: "paraphrased" if k == "indirect" else "quoted")
    out = (q.pivot_table(index=["doc_id", "speaker", "speaker_side"], columns="mode", values="words", aggfunc="sum",
                         fill_value=0)
           .reindex(columns=["quoted", "paraphrased"], fill_value=0).reset_index())
    out.columns.name = None
    return out.sort_values(["doc_id", "quoted", "paraphrased", "speaker"], ascending=[True, False, False, True],
                           ignore_index=True)


def verb_tally(quotes: pd.DataFrame, by: str = "speaker_side") -> pd.DataFrame:
    """Counts of neutral and evaluative reporting verbs per speaker side (or per doc_id)."""
    q = quotes[quotes["verb_class"].isin(["neutral", "evaluative"])]
    if q.empty:
        return pd.DataFrame(columns=["neutral", "evaluative", "evaluative_share"])
    out = pd.crosstab(q[by], q["verb_class"]).reindex(columns=["neutral", "evaluative"], fill_value=0)
    out["evaluative_share"] = (out["evaluative"] / out.sum(axis=1)).round(3)
    out.columns.name = None
    return out.sort_index()


def feature_counts(features: pd.DataFrame, kinds, by=("feature", "category", "in_quote")) -> pd.DataFrame:
    """Hits of the language features ``kinds`` (e.g. loaded, hedge, booster), counted by the columns ``by``."""
    f = features[features["feature"].isin(list(kinds))]
    return f.groupby(list(by)).size().rename("hits").reset_index()


def verb_list(quotes: pd.DataFrame) -> pd.DataFrame:
    """Each reporting verb (as a lemma) with its class, the sides it introduces and how often."""
    q = quotes[quotes["verb"] != ""].copy()
    q["verb"] = q["verb"].map(lambda v: v.lower() if " " in v else _lemma_of(v))  # lemmas: said, says -> say
    out = (q.groupby(["verb", "verb_class", "speaker_side"]).size().rename("n").reset_index()
           .sort_values(["verb_class", "n", "verb", "speaker_side"], ascending=[True, False, True, True],
                        ignore_index=True))
    return out


def side_words(quotes: pd.DataFrame) -> pd.DataFrame:
    """Quoted and paraphrased words per document and speaker side (rows: doc_id; columns: (mode, side))."""
    words = quoted_words(quotes)
    if words.empty:
        return pd.DataFrame()
    out = words.groupby(["doc_id", "speaker_side"])[["quoted", "paraphrased"]].sum().unstack(fill_value=0)
    return out.sort_index()


def sentiment_by_side(sentiment: pd.DataFrame) -> pd.DataFrame:
    """Mean VADER compound score of the sentences mentioning each side, per document (with the sentence count)."""
    if sentiment.empty:
        return pd.DataFrame(columns=["doc_id", "side", "mean_score", "n_sentences"])
    per = sentiment.drop_duplicates(["doc_id", "sentence_id", "side"])
    out = (per.groupby(["doc_id", "side"])["score"].agg(["mean", "size"]).reset_index()
           .rename(columns={"mean": "mean_score", "size": "n_sentences"}))
    out["mean_score"] = out["mean_score"].round(3)
    return out.sort_values(["doc_id", "side"], ignore_index=True)


def highlighted_sentences(corpus, features: pd.DataFrame, kinds=("loaded", "hedge", "booster"),
                          require: str = "loaded") -> list[tuple[str, str, int, list[tuple[int, int, str]]]]:
    """(doc_id, sentence text, sentence start, [(start, end, label)]) for every sentence with a ``require`` hit,
    its ``kinds`` hits as spans — ready for ``render.highlight`` (which escapes the text)."""
    out = []
    docs = {d.doc_id: d for d in corpus}
    f = features[features["feature"].isin(kinds)]
    for (doc_id, sid), group in f.groupby(["doc_id", "sentence_id"], sort=True):
        if require and require not in set(group["feature"]):
            continue
        sent = next(s for s in docs[doc_id].sentences if s.sentence_id == sid)
        spans = [(int(r.start), int(r.end), f"{r.feature}:{r.category}") for r in group.itertuples()]
        out.append((doc_id, sent.text, sent.start, spans))
    return out


GOLD_PATH = Path(__file__).resolve().parent / "data" / "quotes_gold.yaml"


def gold_scores(corpus, gold_path: str | Path = GOLD_PATH, quotes: pd.DataFrame | None = None) -> Scores | None:
    """``evaluate`` on the hand annotations when every annotated document is in the corpus (None otherwise).

    ``quotes``: the corpus's quotes table when the caller has it already (the chapter does), to avoid extracting
    again."""
    wanted = {g["doc_id"] for g in load_gold(gold_path)}
    if not wanted <= {d.doc_id for d in corpus}:
        return None
    return evaluate(corpus, gold_path, quotes=quotes)


def scores_table(scores: "Scores") -> pd.DataFrame:
    """The evaluation figures as a small display table (counts as integers, rates with three decimals), next to
    the Gender Gap Tracker's published figures where there is one (quote F1 0.837, speaker accuracy 0.865)."""
    rows = [
        ("hand-annotated items", f"{scores.gold:d}", ""),
        ("extracted items", f"{scores.predicted:d}", ""),
        ("matched (Dice overlap >= 0.5)", f"{scores.matched:d}", ""),
        ("identical spans among matched", f"{scores.exact_spans:d}", ""),
        ("precision", f"{scores.precision:.3f}", ""),
        ("recall", f"{scores.recall:.3f}", ""),
        ("F1", f"{scores.f1:.3f}", "0.837"),
        ("kind accuracy (matched)", f"{scores.kind_accuracy:.3f}", ""),
        ("speaker accuracy (matched)", f"{scores.speaker_accuracy:.3f}", "0.865"),
    ]
    return pd.DataFrame(rows, columns=["measure", "value", "Gender Gap Tracker (published)"])


def disagreements(scores: "Scores") -> pd.DataFrame:
    """The hand-annotated items the extractor missed, got another kind or speaker for, and its spurious items."""
    d = scores.detail
    bad = (d["status"] != "matched") | (d["gold_kind"] != d["pred_kind"]) | (d["gold_speaker"] != d["pred_speaker"])
    return d[bad].reset_index(drop=True)


# ----------------------------------------------------------------------------------------------------------------
# evaluation against hand annotations

@dataclass(frozen=True)
class Scores:
    gold: int
    predicted: int
    matched: int
    precision: float
    recall: float
    f1: float
    kind_accuracy: float
    speaker_accuracy: float
    exact_spans: int  # matched pairs whose spans are identical
    detail: pd.DataFrame = field(compare=False, repr=False)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    return 2 * inter / ((a[1] - a[0]) + (b[1] - b[0])) if inter else 0.0


def load_gold(path: str | Path) -> list[dict]:
    """Hand annotations: a YAML list of {doc_id, text, kind, speaker[, verb, note]}; errors name the entry."""
    import yaml

    path = Path(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or "quotes" not in data:
        raise ValueError(f"{path}: expected a mapping with a 'quotes' list")
    out = []
    for i, e in enumerate(data["quotes"]):
        for key in ("doc_id", "text", "kind", "speaker"):
            if key not in e:
                raise ValueError(f"{path}: quotes[{i}]: missing field '{key}'")
        if e["kind"] not in KINDS:
            raise ValueError(f"{path}: quotes[{i}]: unknown kind {e['kind']!r}")
        out.append(dict(e))
    return out


def evaluate(corpus, gold_path: str | Path, min_overlap: float = 0.5, quotes: pd.DataFrame | None = None) -> Scores:
    """Precision, recall, F1, kind and speaker accuracy of ``extract_quotes`` against hand annotations.

    A gold quotation is located in its document by its text (its first occurrence; ``occurrence: n`` picks
    another). A prediction matches a gold quotation of the same document when their spans overlap with a Dice
    coefficient >= ``min_overlap`` (one-to-one, best overlap first). Kind and speaker accuracy are over matched
    pairs. ``quotes`` may give the corpus's quotes table instead of extracting again.
    """
    gold = load_gold(gold_path)
    docs = {d.doc_id: d for d in corpus}
    gold_spans = []
    for i, g in enumerate(gold):
        doc = docs.get(g["doc_id"])
        if doc is None:
            raise ValueError(f"{gold_path}: quotes[{i}]: no document {g['doc_id']!r} in the corpus")
        pos = -1
        for _ in range(int(g.get("occurrence", 1))):
            pos = doc.text.find(g["text"], pos + 1)
        if pos == -1:
            raise ValueError(f"{gold_path}: quotes[{i}]: text not found in {g['doc_id']}: {g['text'][:60]!r}")
        gold_spans.append((g["doc_id"], pos, pos + len(g["text"])))
    if quotes is None:
        predicted = [q for d in corpus for q in extract_quotes(d)]
    else:  # rows of the quotes table of the same corpus: the same records as extract_quotes gives
        predicted = list(quotes.itertuples(index=False))
    pairs = []
    for gi, (doc_id, a, b) in enumerate(gold_spans):
        for pi, q in enumerate(predicted):
            if q.doc_id == doc_id:
                o = _overlap((a, b), (q.start, q.end))
                if o >= min_overlap:
                    pairs.append((-o, gi, pi))
    pairs.sort()
    used_g, used_p, match = set(), set(), {}
    for _, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            match[gi] = pi
    rows = []
    for gi, g in enumerate(gold):
        q = predicted[match[gi]] if gi in match else None
        rows.append({"doc_id": g["doc_id"], "gold_text": g["text"], "gold_kind": g["kind"],
                     "gold_speaker": g["speaker"], "pred_text": q.text if q else "", "pred_kind": q.kind if q else "",
                     "pred_speaker": q.speaker if q else "", "status": "matched" if q else "missed"})
    for pi, q in enumerate(predicted):
        if pi not in used_p:
            rows.append({"doc_id": q.doc_id, "gold_text": "", "gold_kind": "", "gold_speaker": "", "pred_text": q.text,
                         "pred_kind": q.kind, "pred_speaker": q.speaker, "status": "spurious"})
    detail = pd.DataFrame(rows)
    matched = detail[detail["status"] == "matched"]
    n_m = len(matched)
    precision = n_m / len(predicted) if predicted else 0.0
    recall = n_m / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    kind_acc = float((matched["gold_kind"] == matched["pred_kind"]).mean()) if n_m else 0.0
    spk_acc = float((matched["gold_speaker"] == matched["pred_speaker"]).mean()) if n_m else 0.0
    return Scores(len(gold), len(predicted), n_m, round(precision, 4), round(recall, 4), round(f1, 4),
                  round(kind_acc, 4), round(spk_acc, 4), int((matched["gold_text"] == matched["pred_text"]).sum()),
                  detail)
