"""Event mentions: who did what to whom, when, whether it happened, read from one document's parse.

``event_mentions(document, parsed, mentions, timexes)`` is the per-document (map) step. A mention is a predicate
(a verb, or an event noun such as "rejection" or "attack") with

* its **agent** and **patient** from the dependency parse (subject / "by" agent; object / passive subject / the
  object of the deepest infinitive in "refused to attend the talks"), named by the gazetteer actors inside them;
  "he"/"she" is the person last named before, "it"/"they" in a reported clause the reporter;
* its **time**: the temporal expression whose dependency path reaches this predicate first (so "the war that
  started on September 27" dates the start, not the sentence's main verb). A date that modifies a noun belongs to
  that noun, and reaches the verb only when the noun is an event noun the verb takes as its object ("refused to
  attend the November 20 talks"); a date inside a named entity ("the Freedom Support Act of 1992", an
  organization, a title) is no time at all; a date inside a quotation anchors only the quoted content, never the
  reporting verb. A reported event without a time of its own takes the report's ("On 5 December, APA reported
  that the minister rejected ...");
* its **polarity** (``asserted`` or ``negated``: "not", "never", "neither ... nor", "nothing") and **modality**:
  ``happened``, ``planned`` (will, going to, plans to, a purpose "to arrange"), ``hypothetical`` (would, could,
  might, may, "if"), ``recommended`` (should, must, or the complement of demand/urge/call on/recommend);
* a ``claim`` when the sentence says it is the "first such instance", "for the first time" or "never".

The verb lists and event nouns are data: ``data/chronology.yaml``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .codebook import lexicon, place_adjectives, predicate_class, summarize
from .syntax import (
    _OBJ,
    _PASS_NOUNS,
    _PRONOUN_OTHER,
    _PRONOUN_PERSON,
    _antecedent,
    _chain,
    _children,
    _governors,
    _inside,
    _modality,
    _negated,
    _participant,
    in_named_entity,
    named_spans,
    quote_spans,
)
from .values import is_calendar, rank, value_interval


@dataclass
class EventMention:
    """One predicate of one sentence with its participants, time, polarity and modality."""

    doc_id: str
    sentence_id: str
    index: int  # the sentence's index in its document
    start: int  # the predicate's offsets in the document's text
    end: int
    lemma: str  # main lemma ("attend" in "refused to attend"; the verb of a noun: "reject" for "rejection")
    predicate: str  # as the summary says it: "refuse to attend", "reject"
    predicate_class: str
    agent: str
    agent_actors: tuple[str, ...]
    patient: str
    patient_head: str  # lemma of the patient's head noun ("talk", "waiver")
    patient_actors: tuple[str, ...]
    actors: tuple[str, ...]  # every actor named in the sentence
    persons: tuple[str, ...]
    polarity: str  # asserted | negated
    modality: str  # happened | planned | hypothetical | recommended
    date: str = ""  # TIMEX3 value, "" when the mention has no time
    date_text: str = ""
    date_role: str = ""  # own | object | report
    sentence: str = ""
    quoted: bool = False
    claim: str = ""  # first | never | ""
    summary: str = ""
    published: str = ""  # the document's publication date (bounds an undated past event)
    sides: tuple[str, ...] = field(default_factory=tuple)  # sides of the agent actors
    nominal: bool = False  # told by an event noun ("the rejection by ...", "the September 19 attack")

    @property
    def interval(self):
        return value_interval(self.date) if self.date else None





# ----------------------------------------------------------------------------------------------------------------
# The per-document step
# ----------------------------------------------------------------------------------------------------------------

def _as_dict(m) -> dict:
    if isinstance(m, dict):
        return m
    return {"entity": m.entity, "start": m.start, "end": m.end, "type": m.type, "side": m.side,
            "sentence_id": m.sentence_id}


def event_mentions(document, parsed=None, mentions=None, timexes=None, topic=None) -> list[EventMention]:
    """The event mentions of one document (see the module docstring), from its one parse.

    ``parsed``: the document's spaCy parse (``analysis.nlp.parse_document``; parsed here when None);
    ``mentions``: its actor mentions (``actors.find_mentions``; dicts or Mention records, found here when None);
    ``timexes``: its timexes (``doc_timexes``; found here when None). Mentions with neither a time nor a named
    participant are left out: they cannot be placed or merged. ``topic``: the corpus's (its actors' sides and
    its sides' demonyms), None for none.
    """
    from .. import actors as actors_mod
    from .. import nlp as nlp_mod
    from .tagger import dct_of, doc_timexes

    if parsed is None:
        parsed = nlp_mod.parse_document(document)
    if mentions is None:
        mentions = actors_mod.find_mentions(document, topic=topic)
    mentions = [_as_dict(m) for m in mentions]
    if timexes is None:
        timexes = doc_timexes(document, parsed)
    published = dct_of(document) or ""
    text = document.text
    lex = {**lexicon(), "places": place_adjectives(topic)}  # the general lexicon and this topic's demonyms
    sides = {a.canonical: a.side for a in actors_mod.gazetteer(topic)}
    out: list[EventMention] = []
    people = sorted((m["start"], m["entity"]) for m in mentions if m["type"] == "person")
    people_starts = [p[0] for p in people]

    def person_before(pos: int) -> str:
        k = bisect.bisect_left(people_starts, pos)
        return people[k - 1][1] if k else ""

    named = named_spans(parsed)
    mentions = sorted(mentions, key=lambda m: (m["start"], m["end"]))
    starts = [m["start"] for m in mentions]
    by_sentence: dict[str, list[dict]] = {}
    for t in timexes:
        by_sentence.setdefault(t["sentence_id"], []).append(t)
    for sentence in document.sentences:
        span = parsed.char_span(sentence.start, sentence.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        quotes = quote_spans(text, sentence.start, sentence.end)
        lo = bisect.bisect_left(starts, sentence.start)
        hi = bisect.bisect_left(starts, sentence.end)
        sent_mentions = [m for m in mentions[lo:hi] if m["end"] <= sentence.end]
        sent_actors = tuple(sorted({m["entity"] for m in sent_mentions}))
        persons = tuple(sorted({m["entity"] for m in sent_mentions if m["type"] == "person"}))
        here = by_sentence.get(sentence.sentence_id, [])
        dated = [t for t in here if is_calendar(t) and not in_named_entity(parsed, text, t, named)]
        time_tokens = {tok.i for t in here
                       for tok in (parsed.char_span(t["start"], t["end"], alignment_mode="expand") or [])}
        words = {t.text for t in span}
        sent_actors = tuple(sorted(set(sent_actors) | {a for w, a in lex["places"].items() if w in words}))
        claim = ""
        if re.search(r"\bfirst\s+(?:such\s+)?(?:instance|time|case)\b|\bfor\s+the\s+first\s+time\b", sentence.text, re.I):
            claim = "first"
        elif re.search(r"\bnever\b", sentence.text, re.I):
            claim = "never"

        # 1. the predicates of the sentence
        heads = _predicates(span, lex)
        # 2. the time of each: the first predicate (or noun) on the path up from the expression
        own, noun_time = _predicate_times(parsed, dated, quotes, heads, lex)
        _lend_times(heads, own)
        for _i, (kind, tok) in sorted(heads.items()):
            if kind == "told":
                continue
            if kind == "noun_of_report":
                kind = "noun"
            m = _mention(document, sentence, tok, kind, parsed, text, lex, sent_mentions, quotes, own, noun_time,
                         heads, person_before, published, time_tokens)
            if m is None:
                continue
            m.actors = sent_actors
            m.persons = persons
            m.claim = claim if claim and m.claim == "" else m.claim
            m.sides = tuple(sorted({sides.get(a, "other") for a in m.agent_actors}))
            out.append(m)
    return [m for m in out if m.date or m.agent_actors or m.patient_actors]


def _predicate_times(parsed, dated, quotes, heads, lex) -> tuple[dict, dict]:
    """The dates of a sentence by predicate (token index -> its timexes) and by the noun they modify: each date
    belongs to the first predicate (or noun) on its path up the parse, never past the quotation it stands in; an
    event noun a date reaches first becomes a predicate (``heads`` gains it)."""
    own: dict[int, list[dict]] = {}
    noun_time: dict[int, list[dict]] = {}
    for t in dated:
        tspan = parsed.char_span(t["start"], t["end"], alignment_mode="expand")
        if tspan is None:
            continue
        tok = tspan.root
        q = _inside(quotes, t["start"], t["end"])
        node = tok.head if tok.head.i != tok.i else None
        while node is not None:
            if q is not None and not (q[0] <= node.idx < q[1]):
                # the quoted date does not anchor what is outside the quotation
                break
            if node.i in heads:
                own.setdefault(node.i, []).append(t)
                break
            if node.pos_ in ("NOUN", "PROPN") and node.i not in {x.i for x in tspan} \
                    and node.lemma_.lower() not in _PASS_NOUNS:
                noun_time.setdefault(node.i, []).append(t)
                if node.lemma_.lower() in lex["nouns"] and node.i not in heads:
                    heads[node.i] = ("noun", node)
                    own.setdefault(node.i, []).append(t)
                break
            if node.head.i == node.i:
                break
            node = node.head
    return own, noun_time


def _lend_times(heads, own) -> None:
    """A dated noun or clause that tells when its verb happened lends the verb its time (``own`` and ``heads``
    updated in place)."""
    for i, (kind, tok) in sorted(heads.items()):
        if kind == "noun" and own.get(i) and tok.dep_ == "pobj" and tok.head.dep_ == "prep" \
                and tok.head.head.i in heads and heads[tok.head.head.i][0] in ("verb", "report") \
                and not own.get(tok.head.head.i):
            own[tok.head.head.i] = own[i]  # the act happened in that call, at that meeting, in that statement
            if heads[tok.head.head.i][0] == "verb":
                heads[i] = ("told", tok)  # the verb tells it
            else:
                heads[i] = ("noun_of_report", tok)  # "In an October 28 statement, Biden said ...": the statement
        # "Biden criticized it at a time when they were fighting in the autumn of 2020": the clause's time is
        # the time of the verb that "at a time" belongs to
        if kind == "verb" and own.get(i) and tok.dep_ == "relcl" and tok.head.lemma_.lower() in _PASS_NOUNS \
                and tok.head.dep_ == "pobj" and tok.head.head.dep_ == "prep":
            target = tok.head.head.head
            if target.i in heads and heads[target.i][0] == "verb" and not own.get(target.i):
                own[target.i] = own[i]


def _predicates(span, lex) -> dict:
    """Predicate tokens of a sentence: the main verb (through reporting and light verbs to what is reported),
    conjoined verbs, verbs of relative and adverbial clauses, and event nouns that a reporting verb takes."""
    heads: dict[int, tuple[str, object]] = {}
    root = span.root
    todo = [root]
    seen = set()
    while todo:
        v = todo.pop()
        if v.i in seen:
            continue
        seen.add(v.i)
        lemma = v.lemma_.lower()
        comps = _children(v, "ccomp", "xcomp")
        if v.pos_ in ("VERB", "AUX") or (v.pos_ == "ADJ" and comps):
            if (lemma in lex["reporting"] or lemma in lex["demand"] or v.pos_ in ("AUX", "ADJ")
                    or lemma in ("appear", "seem")) and comps:
                todo.extend(comps)  # what is reported, not the reporting
                if (lemma in lex["reporting"] or lemma in lex["demand"]) and v.pos_ == "VERB":
                    heads.setdefault(v.i, ("report", v))
            elif v.pos_ == "VERB" and lemma in lex["reporting"]:
                heads[v.i] = ("report", v)  # "APA reported a rejection": the rejection is the event
            elif v.pos_ == "VERB":
                heads[v.i] = ("verb", v)
            for c in _children(v, "conj"):
                if c.pos_ == "VERB":
                    todo.append(c)
            # a reporting verb with an event noun as object: "APA reported a rejection by ..."
            if lemma in lex["reporting"]:
                for o in _children(v, *_OBJ):
                    if o.lemma_.lower() in lex["nouns"]:
                        heads[o.i] = ("noun", o)
        elif v.pos_ in ("NOUN", "PROPN") and v.lemma_.lower() in lex["nouns"]:
            heads[v.i] = ("noun", v)
    for t in span:
        if t.pos_ == "VERB" and t.dep_ in ("relcl", "acl", "advcl", "conj") and t.i not in heads \
                and (t.tag_ != "VBG" or any(c.dep_ == "aux" for c in t.children)):
            heads.setdefault(t.i, ("verb", t))
    return heads


@dataclass
class _Reading:
    """What a predicate's parse says, before it becomes a mention: its lemma and predicate, the tokens of its
    agent and patient, its times (and whose they are), polarity and modality."""

    lemma: str
    predicate: str
    agent_tok: object
    patient_tok: object
    times: list
    date_role: str
    polarity: str
    modality: str
    purpose: str = ""  # " to use ...": what the patient is let do ("permitted Washington to use ...")


def _mention(document, sentence, tok, kind, parsed, text, lex, sent_mentions, quotes, own, noun_time, heads,
             person_before, published, time_tokens=frozenset()) -> EventMention | None:
    if kind == "report":
        return None  # the report is not the event: what it reports is
    def ok(t):
        return t is not None and t.i not in time_tokens
    q = _inside(quotes, tok.idx, tok.idx + len(tok.text))
    if kind == "noun":
        r = _noun_reading(tok, lex, own, heads, ok)
    else:
        r = _verb_reading(tok, lex, own, noun_time, heads, quotes, sent_mentions, ok)
    agent_text, agent_actors = _participant(r.agent_tok, sent_mentions, person_before, lex)
    patient_text, patient_actors = _participant(r.patient_tok, sent_mentions, person_before, lex)
    if r.purpose and patient_text:
        patient_text += r.purpose.rsplit(" ", 1)[0] if len(r.purpose) >= 60 else r.purpose
    patient_head = r.patient_tok.lemma_.lower() if r.patient_tok is not None else ""
    start, end = tok.idx, tok.idx + len(tok.text)
    if kind != "noun" and q is None and tok.dep_ in ("xcomp",) and tok.head.i in heads:
        return None  # told by the verb it completes
    lemma, predicate, polarity, modality, times = r.lemma, r.predicate, r.polarity, r.modality, r.times
    if lemma in lex["stative"] or not re.fullmatch(r"[a-z][a-z -]*", lemma):
        return None  # a state ("has a lead", "remains unclear") or a misparsed token ("’s") is no act
    best = max(times, key=lambda t: (rank(t["value"]), -t["start"])) if times else None
    cls = predicate_class(lemma, polarity)
    if polarity == "negated" and lemma in lex["negated"]:
        polarity, predicate = "asserted", f"not {predicate}"  # a decision not to: an act of its class
    if kind == "noun" and not (agent_actors or patient_actors or (best and (agent_text or patient_text))):
        return None  # an event noun with no named participant ("the events of ...") cannot be placed
    if not agent_text and not patient_text:
        return None
    summary = _summary(tok, kind, lemma, predicate, agent_text, patient_text, polarity, modality, lex,
                       sent_mentions, person_before)
    return EventMention(
        document.doc_id, sentence.sentence_id, sentence.index, start, end, lemma, predicate,
        cls, agent_text, agent_actors, patient_text, patient_head, patient_actors,
        (), (), polarity, modality, best["value"] if best else "", best["text"] if best else "",
        r.date_role if best else "", sentence.text, q is not None, "", summary, published, (), kind == "noun")


def _summary(tok, kind, lemma, predicate, agent_text, patient_text, polarity, modality, lex, sent_mentions,
             person_before) -> str:
    """The mention in a line: "Ruritania rejected the talks"; a patient and a participle when no agent is named
    ("the amendment adopted"); a recommendation as its demander's ("Hajiyev demands: ...")."""
    if not agent_text and kind == "verb" and tok.tag_ == "VBN" and patient_text:
        summary = f"{patient_text} {tok.text}" + (" (planned)" if modality == "planned" else "")
    else:
        summary = summarize(agent_text, predicate if kind != "noun" else lemma, patient_text, polarity, modality)
    if kind == "verb" and modality == "recommended":
        demander = next((g for g in _governors(tok) if g.lemma_.lower() in lex["demand"]), None)
        who = next((c for c in demander.children if c.dep_ == "nsubj"), None) if demander is not None else None
        if who is not None:
            name, _ = _participant(who, sent_mentions, person_before, lex)
            summary = f"{name} demands: {summary}"  # whose demand it is
    return summary


# --- an event noun: "the rejection by Ruritania of the talks", "Freedonia's attack" -----------------------------

def _noun_reading(tok, lex, own, heads, ok) -> _Reading:
    verb = lex["nouns"][tok.lemma_.lower()]
    agent_tok = next((c for c in tok.children if c.dep_ == "poss" and ok(c)), None)
    if agent_tok is None and tok.dep_ == "pobj" and tok.head.dep_ == "prep" \
            and tok.head.head.lemma_.lower() in lex["reporting"]:
        agent_tok = next((c for c in tok.head.head.children if c.dep_ == "nsubj"), None)  # the reporter
    if agent_tok is None:
        for p in _children(tok, "prep"):
            if p.lower_ in ("by", "from"):
                agent_tok = next(iter(_children(p, "pobj")), None)
    if agent_tok is not None and agent_tok.lower_ in ("its", "their"):
        agent_tok = None
    patient_tok = None
    for p in _children(tok, "prep"):
        if p.lower_ in ("of", "on", "against", "to", "with", "for"):
            patient_tok = next((x for x in _children(p, "pobj") if ok(x)), None)
            if patient_tok is not None:
                break
    times = own.get(tok.i, [])
    modality = "happened"
    mods = {c.lower_ for c in tok.children if c.dep_ in ("amod", "compound")}
    if mods & {"proposed", "planned", "forthcoming", "upcoming", "scheduled", "future"}:
        modality = "planned"
    date_role = "own" if times else ""
    if not times and (tok.head.i in heads and heads[tok.head.i][0] == "report"
                      or tok.head.lemma_.lower() in lex["reporting"]):
        times = own.get(tok.head.i, [])
        date_role = "report" if times else ""
    return _Reading(verb, verb, agent_tok, patient_tok, times, date_role, "asserted", modality)


# --- a verb: its chain ("refused to attend"), subject, object, times ---------------------------------------------

def _verb_reading(tok, lex, own, noun_time, heads, quotes, sent_mentions, ok) -> _Reading:
    chain = _chain(tok, lex)
    lemmas = [v.lemma_.lower() for v in chain]
    main = chain[-1] if lemmas[0] in lex["light"] and len(chain) > 1 else chain[0]
    lemma = main.lemma_.lower()
    shown = [v for v in chain[chain.index(main):]]
    predicate = " to ".join(v.lemma_.lower() for v in shown)
    subj, passive = _subject(tok, quotes, sent_mentions)
    agent_tok = subj if ok(subj) else None
    patient_tok = None
    if passive is not None:
        patient_tok = passive
        for p in _children(tok, "agent"):
            agent_tok = next(iter(_children(p, "pobj")), None)
    patient_tok, predicate, purpose = _verb_patient(main, shown, lemma, predicate, patient_tok, lex, ok)
    # pronoun subjects of a reported clause: the reporter ("The State Department announced that it ...")
    if agent_tok is not None and agent_tok.lower_ in _PRONOUN_OTHER:
        for g in _governors(tok):
            s = next((c for c in g.children if c.dep_ == "nsubj"), None)
            if s is not None and s.lower_ not in _PRONOUN_OTHER | _PRONOUN_PERSON:
                agent_tok = s
                break
    polarity = "negated" if _negated(chain + _governors(tok)[:1] if tok.dep_ == "xcomp" else chain) else "asserted"
    modality = _modality(chain, _governors(tok), chain.index(main))
    times, date_role = _verb_times(tok, chain, lemma, patient_tok, own, noun_time, heads, lex)
    return _Reading(lemma, predicate, agent_tok, patient_tok, times, date_role, polarity, modality, purpose)


def _subject(tok, quotes, sent_mentions):
    """The subject and the passive subject of a verb, from its own children, the verb it is conjoined to or
    completes, or the noun its relative clause tells about."""
    subj = next((c for c in tok.children if c.dep_ in ("nsubj", "csubj")), None)
    passive = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
    if subj is None and passive is None and tok.dep_ in ("conj", "xcomp", "advcl"):
        head = tok.head
        subj = next((c for c in head.children if c.dep_ in ("nsubj", "csubj")), None)
        passive = next((c for c in head.children if c.dep_ == "nsubjpass"), None)
    if subj is not None and passive is None and tok.tag_ == "VBN" \
            and not any(c.dep_ in ("aux", "auxpass") for c in tok.children):
        passive, subj = subj, None  # "This amendment, adopted on 24 October 1992, bars ...": a reduced relative
    infinitive = tok.tag_ == "VB" and any(c.tag_ == "TO" for c in tok.children if c.dep_ == "aux")
    if subj is None and passive is None and tok.dep_ in ("relcl", "acl") and infinitive:
        # "Washington should begin talks about a resolution to ratify the ceasefire": Washington's act
        for a in tok.ancestors:
            if a.pos_ in ("VERB", "AUX"):
                subj = next((c for c in a.children if c.dep_ == "nsubj"), None)
                break
    elif subj is None and passive is None and tok.dep_ in ("relcl", "acl") \
            and tok.head.pos_ in ("NOUN", "PROPN"):
        # "the war that started on September 27": the noun is the subject; "waivers granted since 2002" and
        # "This amendment, adopted on 24 October 1992, ..." (a reduced relative): the object
        if tok.tag_ == "VBN" or (tok.dep_ == "acl" and tok.tag_ == "VBD"):
            passive = _antecedent(tok, quotes, sent_mentions)
        else:
            subj = _antecedent(tok, quotes, sent_mentions)
    if subj is not None and (subj.tag_ in ("WDT", "WP") or subj.lower_ in ("that", "which", "who")) \
            and tok.dep_ == "relcl":
        subj = _antecedent(tok, quotes, sent_mentions)  # "the war that started": the war
    return subj, passive


def _verb_patient(main, shown, lemma, predicate, patient_tok, lex, ok):
    """The patient (a passive subject given, else the object, else the object of a preposition the verb takes),
    the predicate (with that preposition: "result in") and the purpose of "permitted Washington to use ..."."""
    last = shown[-1]
    first_obj = [c for c in main.children if c.dep_ in _OBJ]
    purpose = ""
    if len(shown) > 1 and first_obj and patient_tok is None:
        last = main  # "permitted Washington to use ...": the object of the main verb
        predicate = main.lemma_.lower()
        purpose = " to " + " ".join(t.text for t in shown[1].subtree if t.i >= shown[1].i)[:60]
    objs = [c for c in last.children if c.dep_ in _OBJ]
    if objs and patient_tok is None:
        patient_tok = objs[0]
    if patient_tok is None:
        for p in _children(last, "prep"):
            if p.lower_ in ("with", "to", "against", "on", "of", "for", "from", "about", "into") \
                    or p.lower_ == lex["prep_objects"].get(lemma):
                patient_tok = next((x for x in _children(p, "pobj") if ok(x)), None)
                if patient_tok is not None:
                    if p.lower_ == lex["prep_objects"].get(lemma):
                        predicate = f"{predicate} {p.lower_}"  # "result in"
                    break
    return patient_tok, predicate, purpose


def _verb_times(tok, chain, lemma, patient_tok, own, noun_time, heads, lex):
    """The times of a verb and whose they are: its chain's own ("own"), else its event object's ("object"), else
    the report's that frames it ("report")."""
    times = []
    for v in chain:
        times += own.get(v.i, [])
    date_role = "own" if times else ""
    if not times and patient_tok is not None and (patient_tok.lemma_.lower() in lex["nouns"]
                                                  or patient_tok.lemma_.lower() in lex["objects"]) \
            and (predicate_class(lemma) in lex["object_time"] or lemma in lex["object_time"]):
        # "refused to attend the November 20 talks": attending, refusing, hosting an event takes its time
        # (but "ratify the Nov. 9 ceasefire" is not done on November 9)
        times = noun_time.get(patient_tok.i, []) or own.get(patient_tok.i, [])
        date_role = "object" if times else ""
    if not times:
        for g in _governors(tok):
            if g.i in heads and heads[g.i][0] == "report" or g.lemma_.lower() in lex["reporting"] \
                    or g.lemma_.lower() in lex["demand"]:
                gt = own.get(g.i, [])
                if gt:
                    times, date_role = gt, "report"
                break
    return times, date_role
