"""Speakers: the reporting verbs and cues of a sentence, and who speaks (subject, description, pronoun)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .. import actors, nlp
from ..resources import load_yaml
from .marks import _APOS, _WORD, UNKNOWN, _Speaker, _State

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


def _speaker_data(topic=None):
    """data/speakers.yaml with the topic's own descriptions and documents (analysis.actors.speaker_data)."""
    return actors.speaker_data(topic)


def _descriptions(topic=None):
    def build(topic):
        entries = sorted(_speaker_data(topic)["descriptions"], key=lambda d: (-len(d["text"]), d["text"]))
        return tuple((re.compile(r"(?<!\w)" + re.escape(d["text"].translate(_APOS)) + r"(?!\w)", re.I), d)
                     for d in entries)

    return actors._per_topic("rhetoric descriptions", topic, build)


def _nlp():
    return nlp.pipeline()


def _parse(state: _State, sent):
    """The sentence's parse: cut from the article's one parse when the state has it (analysis.nlp)."""
    return nlp.sentence_parse(state.article, sent)


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
    pronouns = _speaker_data(state.topic)["pronouns"]
    if low in pronouns:
        name = _resolve_pronoun(state, sent_index, a, pronouns[low])
        return _Speaker(name, surface, "pronoun" if name != UNKNOWN else "pronoun (unresolved)", a)
    inside = [m for m in state.mentions if m.start >= a and m.end <= b]
    if head is not None:
        at_head = [m for m in inside if m.start <= head < m.end]
        if at_head:
            return _Speaker(at_head[0].entity, surface, "name", a)
    normalized = surface.translate(_APOS)
    for pattern, desc in _descriptions(state.topic):
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
    parsed = _parse(state, sent)
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
            if actors.actor_by_name(spk.name, state.topic).type == "person":
                state.persons.append((sent_index, spk.at, spk.name))
        except KeyError:
            pass


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
