"""Reading the dependency parse for events: quotations and names, participant phrases, negation, modality, the
verbs an event is framed by, the noun a relative clause tells about."""

from __future__ import annotations

import re

from .codebook import lexicon

# ----------------------------------------------------------------------------------------------------------------
# Quotations and named entities
# ----------------------------------------------------------------------------------------------------------------

_QUOTE = re.compile(r"“[^”]*”|\"[^\"]*\"")


def quote_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans (document offsets) of the quotations inside text[start:end] (curly or straight double quotes)."""
    return [(start + m.start(), start + m.end()) for m in _QUOTE.finditer(text[start:end])]


def _inside(spans, a: int, b: int) -> tuple[int, int] | None:
    for s, e in spans:
        if s <= a and b <= e:
            return s, e
    return None


_NAMED = {"LAW", "ORG", "WORK_OF_ART", "FAC", "PRODUCT", "EVENT"}


def named_spans(parsed) -> list[tuple[int, int]]:
    """Character spans of the parse's names that a date can be part of (laws, organizations, titles, ...)."""
    return [(e.start_char, e.end_char) for e in parsed.ents if e.label_ in _NAMED]


def in_named_entity(parsed, text: str, t: dict, named: list[tuple[int, int]] | None = None) -> bool:
    """A date that is part of a name: a law ("the Freedom Support Act of 1992"), an organization, a title; from
    spaCy's entities (``named``: :func:`named_spans`, computed once per document), or a capitalized name ending in
    "Act/Law/Treaty/... of" just before it."""
    for s, e in (named if named is not None else named_spans(parsed)):
        if s <= t["start"] and t["end"] <= e and (e - s) > (t["end"] - t["start"]):
            return True
    words = "|".join(lexicon()["entity_words"])
    before = text[max(0, t["start"] - 60):t["start"]]
    return bool(words and re.search(rf"\b[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*\s+(?:{words})\s+of\s+$", before))


# ----------------------------------------------------------------------------------------------------------------
# Dependency helpers
# ----------------------------------------------------------------------------------------------------------------

_SUBJ = ("nsubj", "nsubjpass", "csubj")
_OBJ = ("dobj", "obj", "attr", "oprd")
_PRONOUN_PERSON = {"he", "she", "him", "her"}
_PRONOUN_OTHER = {"it", "they", "them"}


def _children(tok, *deps):
    return [c for c in tok.children if c.dep_ in deps]


_PASS_NOUNS = {"time", "period", "moment", "day", "week", "month", "year"}  # "at a time when ...": not an event


def _phrase(tok, limit: int = 8) -> list:
    """The short noun phrase of a head: its left modifiers, the head, and a first short prepositional phrase;
    no relative clauses, appositions or long tails."""
    left = [t for t in tok.subtree if t.i < tok.i and t.dep_ not in ("det", "punct", "predet", "cc", "preconj")
            and t.left_edge.i >= tok.left_edge.i]
    left = [t for t in left if not any(a.dep_ in ("relcl", "acl", "appos", "advcl") and a.i < tok.i
                                      for a in t.ancestors if a.i > t.i and a != tok and a.i < tok.i)]
    out = left + [tok]
    for p in tok.children:
        if p.i > tok.i and p.dep_ == "prep":
            tail = [t for t in p.subtree if t.dep_ not in ("relcl", "acl", "punct", "appos")]
            if len(tail) <= 5:
                out += tail
            break
    out = sorted(set(out), key=lambda t: t.i)
    return out[:limit]


def _text(tokens) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    last = tokens[-1].i
    while last + 1 < len(doc) and doc[last + 1].idx == doc[last].idx + len(doc[last].text) \
            and (doc[last + 1].text == "-" or doc[last].text == "-"):
        last += 1  # a hyphenated word stays whole: "de-escalation", "co-chairs"
    span = doc[tokens[0].i: last + 1].text  # not doc.text: spaCy rebuilds the whole text on every call
    return re.sub(r"\s+", " ", span).strip(" ,;:")


def _actors_in(mentions, start: int, end: int) -> tuple[str, ...]:
    return tuple(dict.fromkeys(m["entity"] for m in mentions if start <= m["start"] and m["end"] <= end))


def _subtree_bounds(tok) -> tuple[int, int]:
    return tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge.text)


def _negated(tokens) -> bool:
    for v in tokens:
        for c in v.children:
            if c.dep_ == "neg" or c.lower_ in ("never",):
                return True
            if c.dep_ in _SUBJ:
                if c.lower_ in ("nothing", "nobody", "none", "neither") or any(
                        g.lower_ in ("neither", "no") and g.dep_ in ("preconj", "det") for g in c.children):
                    return True
    return False


def _modality(chain, governors, main_index: int = 0) -> str:
    lex = lexicon()
    auxes = [c for v in chain for c in v.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    top = chain[0]
    if top.tag_ == "VB" and any(a.tag_ == "TO" for a in auxes):
        # an infinitive takes the mood of the clause above it ("should begin talks ... to ratify the ceasefire")
        above = {c.lower_ for a in top.ancestors if a.pos_ in ("VERB", "AUX") for c in a.children
                 if c.dep_ in ("aux", "auxpass")}
        words |= above & {"should", "must", "ought", "would", "could", "might", "may"}
    if words & {"should", "must", "ought"} or any(g.lemma_.lower() in lex["demand"] for g in governors):
        return "recommended"
    if words & {"would", "could", "might", "may"} and not (words & {"will"}) or any(
            c.dep_ == "mark" and c.lower_ in ("if", "unless") for v in chain for c in v.children):
        return "hypothetical"
    if words & {"will", "shall", "'ll", "wo"} or (main_index > 0 and any(v.lemma_.lower() in lex["plan"]
                                                                          for v in chain[:main_index])) \
            or any(g.lemma_.lower() in lex["plan"] for g in governors):
        return "planned"
    if top.dep_ in ("advcl", "xcomp", "acl", "relcl") and top.tag_ == "VB" and any(a.tag_ == "TO" for a in auxes):
        return "planned"  # a purpose: "reached out to the minister to arrange a visit"
    return "happened"


def _chain(v, lex):
    """The verb and the infinitives it takes: [refuse, attend], [go, seek]."""
    chain = [v]
    while True:
        x = [c for c in _children(chain[-1], "xcomp") if c.pos_ in ("VERB", "AUX")]
        if not x or len(chain) > 3:
            break
        chain.append(x[0])
    return chain


def _governors(v):
    """The verbs above a predicate that frame it: "demanded that Washington should change", "plans to"."""
    out = []
    node = v
    for _ in range(4):
        if node.dep_ in ("ccomp", "xcomp", "advcl") and node.head.i != node.i:
            node = node.head
            out.append(node)
        else:
            break
    return out


def _antecedent(verb, quotes, sent_mentions):
    """The noun a relative clause tells about: its head, unless that head is a place named after the noun ("the war
    in the Donbas region that started ...") or a word of a quoted title ("the conference titled “New vision for
    South Caucasus” that took place ..."): then the noun before them."""
    cand = verb.head
    for _ in range(4):
        in_quote = _inside(quotes, cand.idx, cand.idx + len(cand.text)) is not None \
            and _inside(quotes, verb.idx, verb.idx + len(verb.text)) is None
        place = cand.dep_ == "pobj" and any(cand.left_edge.idx <= m["start"] and m["end"] <= cand.idx + len(cand.text)
                                            and m["type"] in ("place", "state") for m in sent_mentions)
        if not (in_quote or place or cand.pos_ not in ("NOUN", "PROPN")) or cand.head.i == cand.i:
            break
        cand = cand.head
        while cand.dep_ == "prep" or (cand.pos_ not in ("NOUN", "PROPN", "VERB") and cand.head.i != cand.i):
            cand = cand.head
    return cand


def _participant(tok, sent_mentions, person_before, lex) -> tuple[str, tuple[str, ...]]:
    """The text and the actors of a participant phrase."""
    if tok is None:
        return "", ()
    if tok.lower_ in _PRONOUN_PERSON | {"his"}:
        name = person_before(tok.idx)
        return (name, (name,)) if name else (tok.text, ())
    s, e = _subtree_bounds(tok)
    phrase = _phrase(tok)
    ps, pe = (phrase[0].idx, phrase[-1].idx + len(phrase[-1].text)) if phrase else (s, e)
    actors = _actors_in(sent_mentions, ps, pe) or _actors_in(sent_mentions, s, e)
    words = {t.text for t in tok.subtree}
    adjectives = tuple(dict.fromkeys(a for w, a in lex["places"].items() if w in words))
    own = [m for m in sent_mentions if m["start"] <= tok.idx < m["end"]]
    people = [m["entity"] for m in sent_mentions if s <= m["start"] and m["end"] <= e and m["type"] == "person"]
    subtree = list(tok.subtree)
    if people and (tok.dep_ in ("nsubj", "nsubjpass", "poss") or tok.head.lower_ in ("by", "from")
                   and tok.dep_ == "pobj" and tok.head.head.dep_ in ("agent",) + ("prep",) and tok.head.head.pos_ != "NOUN"):
        text = people[0]  # "Germany's finance minister Lena Brant": Lena Brandt
    elif own and len(phrase) <= 2:
        text = own[0]["entity"]
    elif len(subtree) <= 6:
        text = _text([t for t in subtree if t.dep_ not in ("det",) or t.i != subtree[0].i])
    else:
        text = _text(phrase)
    text = re.sub(r"^(?:the|a|an) ", "", text)  # "Minsk Group co-chairs", not "the Minsk Group co-chairs"
    return text, tuple(dict.fromkeys(actors + adjectives))
