"""Loaded words attributed to the actor they are about, read from the dependency parse of the article."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from .. import contract
from .. import topic as topic_mod
from ..resources import load_yaml
from .terms import CodebookError
from .voice_balance import NO_SIDE


@lru_cache(maxsize=None)
def _loaded_polarity() -> dict[str, int]:
    data = load_yaml("framing.yaml").get("loaded_categories") or {}
    out = {}
    for category, sign in data.items():
        if sign not in (-1, 0, 1):
            raise CodebookError(f"framing.yaml: loaded_categories: {category!r} must be -1, 0 or 1, not {sign!r}")
        out[category] = int(sign)
    return out


def loaded_polarity(category: str) -> int:
    """Direction of a loaded-language category for the actor it is about (see data/framing.yaml)."""
    table = _loaded_polarity()
    if category not in table:
        raise CodebookError(f"framing.yaml: loaded_categories: no direction for rhetoric category {category!r}")
    return table[category]


LOADED_FEATURE = "loaded"  # the rhetoric feature whose words are attributed
HEDGE_FEATURE = "hedge"

ATTRIBUTION_COLUMNS = ["doc_id", "sentence_id", "start", "end", "text", "category", "target", "polarity"]
ATTRIBUTION_EXTRA = ["role", "rule"]
ROLES = ("agent", "patient", "")  # "" = unattributed: no agent could be read from the parse


class AttributionError(ValueError):
    pass


@lru_cache(maxsize=None)
def _attribution_lists() -> dict[str, frozenset]:
    section = load_yaml("framing.yaml").get("loaded_attribution")
    if not isinstance(section, dict):
        raise CodebookError("framing.yaml: missing section 'loaded_attribution'")
    out = {}
    for key in ("agent_preps", "patient_preps", "of_patient", "victim_nouns", "support_verbs", "causes"):
        values = section.get(key)
        if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
            raise CodebookError(f"framing.yaml: loaded_attribution: {key!r} must be a list of words")
        out[key] = frozenset(v.lower() for v in values)
    return out


def demonyms(topic: "topic_mod.Topic | None" = None) -> dict[str, str]:
    """Demonym or adjective (lower case) -> side, from the topic's book.yaml ``demonyms:`` ({} without a
    topic)."""
    if topic is None:
        return {}
    return {str(form).lower(): side for side, forms in topic.demonyms.items() for form in forms}


_RELATIVE = {"which", "that", "who", "whom", "whose"}
_SUBJ = ("nsubj", "csubj")
_CLIMB = ("xcomp", "advcl", "conj")


class _Reader:
    """Who a loaded span is about, in one sentence's parse: actors are the sentence's mentions (``spans`` of
    (start, end, label) in the parsed text's offsets; the label is a side, or an entity) and the topic's demonyms
    (``demonyms``: lower-case word -> label)."""

    def __init__(self, spans, demonyms=None):
        self.spans = spans
        self.lists = _attribution_lists()
        self.demonyms = demonyms or {}

    # -- actors -------------------------------------------------------------------------------------------------
    def side(self, tok):
        a, b = tok.idx, tok.idx + len(tok.text)
        for s, e, side in self.spans:
            if s < b and a < e:
                return side
        return self.demonyms.get(tok.text.lower().replace("’", "'"))

    def sides_of_phrase(self, tok, depth=0):
        """Sides named by a noun phrase: the head itself, else its owner (possessor, compound, demonym, of/by
        phrase), with coordinated phrases ("Baku and Washington")."""
        out = []
        for t in [tok] + [c for c in tok.conjuncts if c.i > tok.i]:
            s = self.side(t)
            if s:
                out.append(s)
            elif depth < 3:
                owners, _, _ = self.owner(t, depth + 1)
                out += owners
        return out

    # -- nouns --------------------------------------------------------------------------------------------------
    def owner(self, noun, depth=0):
        """(owner sides, patient sides, blocked): ``blocked`` when the owner is a pronoun we do not resolve."""
        owners, patients, blocked = [], [], False
        word = [noun]  # a hyphenated word the parser split ("re - imposition"): its parts' dependents are its own
        j = noun.i
        doc = noun.doc
        while j >= 2 and doc[j - 1].text == "-" and not doc[j - 1].whitespace_ and not doc[j - 2].whitespace_:
            word += [doc[j - 1], doc[j - 2]]
            j -= 2
        parts = {t.i for t in word}
        children = [c for t in word for c in t.children if c.i not in parts]
        first = min(parts)
        if first >= 2 and doc[first - 1].tag_ == "POS" and not any(c.dep_ == "poss" for c in children):
            # "the Biden administration's re-imposition", where the parser made the possessor a sibling
            children.append(doc[first - 2])
        for c in children:
            if c.dep_ == "poss" or c.i == first - 2:
                s = self.side(c)
                if s:
                    owners.append(s)
                elif c.lower_ == "its":  # bound by the clause's subject: "Washington ... reconsiders its posturing"
                    verb = self._governing_verb(noun)
                    sides = self.agent_of_verb(verb, depth + 1)[0] if verb is not None and depth < 3 else []
                    owners += sides
                    blocked = blocked or not sides
                elif c.pos_ == "PRON":
                    blocked = True
                else:
                    owners += self.sides_of_phrase(c, depth + 1)
            elif c.dep_ in ("compound", "amod", "nmod"):
                s = self.side(c) or next((self.side(g) for g in c.children if g.dep_ == "compound" and self.side(g)),
                                         None)
                if s:
                    owners.append(s)
            elif c.dep_ == "prep":
                objs = [g for g in c.children if g.dep_ == "pobj"]
                if not objs:
                    continue
                prep = c.lower_
                found = [x for o in objs for x in self.sides_of_phrase(o, depth + 1)]
                if prep == "of":
                    (patients if noun.lemma_.lower() in self.lists["of_patient"] else owners).extend(found)
                elif prep in self.lists["agent_preps"]:
                    owners += found
                elif prep in self.lists["patient_preps"]:
                    patients += found
        return owners, patients, blocked

    def _governing_verb(self, tok):
        t = tok
        for _ in range(6):
            if t.head.i == t.i:
                return t if t.pos_ in ("VERB", "AUX") else None
            t = t.head
            if t.pos_ in ("VERB", "AUX"):
                return t
        return None

    def noun_agent(self, noun, rules):
        """Agent/owner of a loaded noun; falls back on the support verb or the cause it depends on."""
        owners, patients, blocked = self.owner(noun)
        if owners:
            rules.append("owner")
            return owners, patients
        if blocked:
            rules.append("pronoun owner")
            return [], patients
        head = noun.head
        anchor = noun
        if noun.dep_ == "conj":  # "threats and sanctions": the second conjunct depends like the first
            anchor = noun.head
            while anchor.dep_ == "conj" and anchor.head.i != anchor.i:
                anchor = anchor.head
            head = anchor.head
        if anchor.dep_ == "dobj" and head.lemma_.lower() in self.lists["support_verbs"]:
            rules.append(f"subject of '{head.lemma_.lower()}'")
            agents, p2 = self.agent_of_verb(head)
            return agents, patients + [p for p in p2 if p not in agents]
        if anchor.dep_ == "pobj":
            prep = head
            verb = prep.head
            if f"{verb.lemma_.lower()} {prep.lower_}" in self.lists["causes"]:
                subj = next((c for c in verb.children if c.dep_ in _SUBJ), None)
                if subj is not None and subj.lower_ in _RELATIVE and verb.dep_ == "relcl":
                    subj = verb.head
                    # an event results in something, not a place or a state: "Freedonia's attack on the enclave,
                    # which resulted in ...", where the parser attaches "which" to the nearest noun, is the attack's
                    while self.side(subj) and subj.dep_ == "pobj" and subj.head.head.pos_ == "NOUN":
                        subj = subj.head.head
                if subj is not None:
                    rules.append(f"cause ('{verb.lemma_.lower()} {prep.lower_}')")
                    s = self.side(subj)
                    return ([s] if s else self.owner(subj)[0]), patients
            if prep.lower_ == "of" and verb.pos_ in ("NOUN", "PROPN"):  # "re-imposition of sanctions by ..."
                rules.append("owner of the head noun")
                agents, _ = self.noun_agent(verb, rules)
                return agents, patients
        return [], patients

    # -- verbs --------------------------------------------------------------------------------------------------
    def agent_of_verb(self, verb, depth=0):
        """(agent sides, patient sides) of a verb: subject, or the "by" phrase of a passive; a verb without a
        subject takes its controller's (xcomp, advcl, conj, "warned Baku against attacking")."""
        patients = []
        for c in (verb.children if depth == 0 else ()):  # the patients of the verb itself, not of a controller
            if c.dep_ in ("dobj", "nsubjpass"):
                patients += self.sides_of_phrase(c)
            elif c.dep_ == "prep" and c.lower_ in self.lists["patient_preps"]:
                patients += [x for g in c.children if g.dep_ == "pobj" for x in self.sides_of_phrase(g)]
        subj = next((c for c in verb.children if c.dep_ in _SUBJ), None)
        if subj is not None:
            if subj.lower_ in _RELATIVE and verb.dep_ == "relcl":
                subj = verb.head
            if subj.pos_ == "PRON":
                return [], patients
            return self.sides_of_phrase(subj, depth + 1), patients
        by = next((c for c in verb.children if c.dep_ == "agent"), None)
        if by is not None:
            return [x for g in by.children if g.dep_ == "pobj" for x in self.sides_of_phrase(g)], patients
        if any(c.dep_ == "nsubjpass" for c in verb.children) or depth >= 4 or verb.head.i == verb.i:
            return [], patients
        head = verb.head
        if verb.dep_ in _CLIMB:
            return self.agent_of_verb(head, depth + 1)[0], patients
        if verb.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN") and verb.tag_ in ("VBN", "VBG"):
            return self.sides_of_phrase(head), patients  # "Freedonia, focused on ..."
        if verb.dep_ == "pcomp" and head.dep_ == "prep":
            governor = head.head
            if governor.pos_ in ("VERB", "AUX"):
                obj = next((c for c in governor.children if c.dep_ == "dobj"), None)
                if obj is not None:  # object control: "warned the capital against attacking Ruritania"
                    return self.sides_of_phrase(obj), patients
                return self.agent_of_verb(governor, depth + 1)[0], patients
            if governor.pos_ in ("NOUN", "PROPN") and governor.dep_ == "dobj":  # "has reasons for putting"
                return self.agent_of_verb(governor.head, depth + 1)[0], patients
        return [], patients

    # -- adjectives ---------------------------------------------------------------------------------------------
    def described(self, adj):
        """The noun an evaluative adjective describes (attributive, predicative or "perceive X as")."""
        head = adj.head
        if adj.dep_ == "amod" and head.pos_ in ("NOUN", "PROPN"):
            return head
        if head.lower_ == "as" and head.pos_ == "ADP":
            verb = head.head
            target = next((c for c in verb.children if c.dep_ == "dobj"), None) or next(
                (c for c in verb.children if c.dep_ in _SUBJ), None)
        elif adj.dep_ in ("acomp", "attr", "oprd"):
            verb = head
            target = next((c for c in verb.children if c.dep_ in _SUBJ), None)
        else:
            return None
        if target is not None and target.lower_ in _RELATIVE and verb.dep_ == "relcl":
            target = verb.head
        return target

    # -- a span ------------------------------------------------------------------------------------------------
    def read(self, span, category):
        """(agent sides, patient sides, rule) for a parsed span."""
        heads = [t for t in span if t.head.i < span.start or t.head.i >= span.end or t.head.i == t.i]
        if not heads:
            raise AttributionError(f"no head in span {span.text!r}: {[(t.text, t.head.i) for t in span]} {span.start}")
        head = heads[0]
        rules: list[str] = []
        own = next((self.side(t) for t in span if self.side(t)), None)
        if own:  # the term names its actor: "the Ruritanian lobby", "pro-Ruritanian political groups"
            return [own], [], "names the actor"
        passive = not any(c.dep_ in _SUBJ + ("dobj",) for c in head.children) and (
            head.tag_ == "VBN" or (head.dep_ == "conj" and head.head.lemma_ == "be"))  # "was ..., and occupied"
        if head.pos_ in ("VERB", "AUX") and passive and head.dep_ in _CLIMB:
            # "the territory of Freedonia was under attack ..., and subsequently occupied": the subject it shares is
            # the patient; the agent only from a "by" phrase
            by = next((c for c in head.children if c.dep_ == "agent"), None)
            agents = [x for g in by.children if g.dep_ == "pobj" for x in self.sides_of_phrase(g)] if by else []
            shared = next((c for c in head.head.children if c.dep_ in _SUBJ + ("nsubjpass",)), None)
            patients = self.sides_of_phrase(shared) if shared is not None and shared.pos_ != "PRON" else []
            return agents, patients, "passive participle"
        if head.pos_ in ("VERB", "AUX") and not (head.dep_ in ("amod", "acl") and head.tag_ == "VBN"):
            agents, patients = self.agent_of_verb(head)
            return agents, patients, "subject of the verb" if agents else "verb without a named agent"
        if head.pos_ in ("VERB", "AUX"):  # "the occupied districts": the noun is the patient
            by = next((c for c in head.children if c.dep_ == "agent"), None)
            agents = [x for g in by.children if g.dep_ == "pobj" for x in self.sides_of_phrase(g)] if by else []
            return agents, self.sides_of_phrase(head.head), "passive participle"
        if head.pos_ in ("NOUN", "PROPN"):
            agents, patients = self.noun_agent(head, rules)
            if category == "victimhood" and head.lemma_.lower() in self.lists["victim_nouns"]:
                return [], agents + patients, "owner is the victim"
            return agents, patients, "; ".join(rules) or "noun without a named owner"
        if head.pos_ == "ADJ" or (head.pos_ == "ADV" and head.dep_ == "amod"):
            noun = self.described(head)
            if noun is None:
                return [], [], "adjective without a described noun"
            s = self.side(noun)
            if s:
                return [s], [], "describes the actor"
            agents, patients = self.noun_agent(noun, rules)
            return agents, patients, "; ".join(["describes a noun"] + rules)
        if head.pos_ in ("ADV", "ADP"):  # "act aggressively", "under the influence of"
            verb = head.head
            if verb.pos_ in ("VERB", "AUX"):
                agents, patients = self.agent_of_verb(verb)
                return agents, patients, "modifies the verb"
            if verb.pos_ in ("NOUN", "PROPN"):
                agents, patients = self.noun_agent(verb, rules)
                return agents, patients, "; ".join(["modifies a noun"] + rules)
        return [], [], f"no rule for a {head.pos_}"


def _ordered(sides, order=None):
    """Distinct labels in the order of ``order`` (sides: the topic's, then other and unknown), others by name."""
    order = {s: i for i, s in enumerate(order or ())}
    return sorted(set(sides), key=lambda s: (order.get(s, len(order)), s))


def _side_order(topic) -> tuple[str, ...]:
    return (topic.targets if topic is not None else ()) + NO_SIDE


def attribute_span(text: str, start: int, end: int, category: str, actors,
                   topic: "topic_mod.Topic | None" = None, parsed=None) -> dict:
    """Who the loaded words ``text[start:end]`` are about, from the dependency parse of ``text`` (one sentence or a
    whole document; ``parsed`` when the caller has it, else parsed here). ``actors``: (start, end, side) of the actors named in the same sentence (mentions), offsets
    into ``text``; ``topic`` (None: no topic) gives the demonyms and the order of the sides. Returns
    {"agents": [...], "patients": [...], "rule": str}, sides in the topic's order."""
    from .. import nlp

    doc = parsed if parsed is not None else nlp.parse_text(text)
    return _attribute_span(doc, text, start, end, category, actors, demonyms(topic), _side_order(topic))


def _attribute_span(doc, text, start, end, category, actors, demonym_map, order) -> dict:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        raise AttributionError(f"loaded span {start}:{end} {text[start:end]!r} is not on token boundaries")
    agents, patients, rule = _Reader(list(actors), demonym_map).read(span, category)
    agents = _ordered(agents, order)
    return {"agents": agents, "patients": [p for p in _ordered(patients, order) if p not in agents], "rule": rule}


def attribute_loaded(rhetoric: pd.DataFrame, mentions: pd.DataFrame, texts: dict[str, str],
                     topic: "topic_mod.Topic | None" = None, parses: dict | None = None) -> pd.DataFrame:
    """Loaded-language rows in the writer's own words (``in_quote`` false), each with the actor it is about, read
    from the dependency parse (see data/framing.yaml ``loaded_categories`` and :func:`attribute_span`).

    One row per (term, actor): ``role`` "agent" (scored with the category's direction, ``polarity``) or "patient"
    (the actor the act is done to; listed, ``polarity`` NaN, not scored). A term with no agent that the parse can
    name keeps one row with an empty ``target`` and role "" (unattributed, not scored). ``rule`` says which
    relation decided. Actors are the sentence's mentions (any side; only the topic's sides enter the stance) and
    the topic's demonyms (book.yaml ``demonyms:``).

    ``topic`` (None: no topic) without sides (a corpus without book.yaml, whose sides are only known
    once the whole corpus is read): ``target`` is the actor's canonical name (the mentions' ``entity``), for
    :func:`analysis.bias.sides.apply_sides` to map to the sides in the reduce step. ``parses``: doc_id -> the
    article's one parse (the map step gives its article's); a document without one is parsed here, once.
    """
    from .. import nlp

    columns = ATTRIBUTION_COLUMNS + ATTRIBUTION_EXTRA
    if rhetoric is None or rhetoric.empty:
        return pd.DataFrame(columns=columns)
    label = "side" if topic is not None and topic.sides else "entity"
    demonym_map, order = demonyms(topic), _side_order(topic)
    loaded = rhetoric[rhetoric["feature"] == LOADED_FEATURE]
    if "in_quote" in loaded.columns:
        loaded = loaded[~loaded["in_quote"].astype(bool)]
    by_sentence = {k: g for k, g in mentions.groupby("sentence_id")} if len(mentions) else {}
    parses = dict(parses or {})
    rows = []
    for r in loaded.sort_values(["doc_id", "start", "end"], kind="mergesort").itertuples(index=False):
        if texts is None or r.doc_id not in texts:
            raise AttributionError(f"rhetoric.doc_id: no text for document {r.doc_id!r}")
        text = texts[r.doc_id]
        if text[r.start:r.end] != r.text:
            raise AttributionError(f"rhetoric row {r.doc_id} {r.start}:{r.end}: text {r.text!r} is not at its offsets")
        m = by_sentence.get(r.sentence_id)
        actors = [] if m is None else sorted(zip(m["start"], m["end"], m[label]))
        if r.doc_id not in parses:
            parses[r.doc_id] = nlp.parse_text(text)
        res = _attribute_span(parses[r.doc_id], text, r.start, r.end, r.category, actors, demonym_map, order)
        polarity = loaded_polarity(r.category)
        base = {"doc_id": r.doc_id, "sentence_id": r.sentence_id, "start": r.start, "end": r.end, "text": r.text,
                "category": r.category}
        for side in res["agents"]:
            rows.append({**base, "target": side, "polarity": polarity, "role": "agent", "rule": res["rule"]})
        if not res["agents"]:
            rows.append({**base, "target": "", "polarity": float("nan"), "role": "", "rule": res["rule"]})
        for side in res["patients"]:
            rows.append({**base, "target": side, "polarity": float("nan"), "role": "patient", "rule": res["rule"]})
    return pd.DataFrame(rows, columns=columns)


ATTRIBUTION_WORD_COLUMNS = contract.COLUMNS["loaded_attribution"]


def attribution_by_word(attributed: pd.DataFrame) -> pd.DataFrame:
    """One row per loaded word of :func:`attribute_loaded`: ``counted_for`` the agents (``"unattributed"`` when the
    parse names none), ``polarity`` the direction they are counted with (NaN when unattributed), ``done_to`` the
    patients (listed, not scored), ``rule`` the relation that decided; sorted by document and offset."""
    rows = []
    if attributed is None or attributed.empty:
        return pd.DataFrame(columns=ATTRIBUTION_WORD_COLUMNS)
    for (doc_id, start, end), g in attributed.groupby(["doc_id", "start", "end"], sort=True):
        agents = g[g["role"] == "agent"]
        first = g.iloc[0]
        rows.append({"doc_id": doc_id, "sentence_id": first["sentence_id"], "start": start, "end": end,
                     "text": first["text"], "category": first["category"],
                     "counted_for": "; ".join(agents["target"]) if len(agents) else "unattributed",
                     "polarity": agents["polarity"].iloc[0] if len(agents) else float("nan"),
                     "done_to": "; ".join(g.loc[g["role"] == "patient", "target"]), "rule": first["rule"]})
    return pd.DataFrame(rows, columns=ATTRIBUTION_WORD_COLUMNS)


