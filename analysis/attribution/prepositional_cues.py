"""Prepositional cues: "according to X" and the source phrases "in a new poll", "in his words", "per CNN": X is
the source, the rest of its clause (or, for a phrase opening or closing its sentence, of the sentence) the content."""

from __future__ import annotations

from .candidates import _OPEN, _Attr, _span, _trim
from .source_phrases import _source_span


def _is_source_preposition(tok) -> bool:
    """'according to', or 'in' / 'per' as a preposition: the words this family reads."""
    doc = tok.doc
    low = tok.lower_
    according = low == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to"
    return according or (low in ("in", "per") and tok.dep_ == "prep")


def _names_a_source(tok, pobj, lex) -> bool:
    """A source the phrase names: "in a new poll", "in his words", "per CNN" (not "in Iowa", "per capita", "said in a
    statement", where the phrase belongs to the cue)."""
    return pobj.lemma_.lower() in lex.in_sources or (
        tok.lower_ == "per" and (pobj.pos_ == "PROPN" or pobj.ent_type_ in ("ORG", "PERSON"))) or (
        pobj.lemma_.lower() in lex.in_speech_sources and tok.head.lemma_.lower() not in lex.cue_verbs)


def _framed_tokens(tok, pobj, source_prep: bool):
    """The tokens the phrase frames: the clause of the word it modifies, on its side of the phrase; the rest of the
    sentence for a phrase that opens it, what comes before for one that closes it. None (or no tokens) for none."""
    doc = tok.doc
    head = tok.head if tok.head.i != tok.i else tok
    a_i, b_i = tok.left_edge.i, max(tok.right_edge.i, pobj.right_edge.i)
    sent = tok.sent
    if head.i == tok.i:
        return None
    h_l, h_r = head.left_edge.i, head.right_edge.i
    s_l, s_r = sent.start, sent.end - 1
    while s_r > s_l and (doc[s_r].is_punct or doc[s_r].is_space):
        s_r -= 1
    if source_prep and not (a_i <= s_l or (b_i >= s_r and doc[a_i - 1].text == ",")):
        return None  # only a phrase that opens its sentence or closes it after a comma frames the clause
    if b_i >= s_r and a_i > s_l:  # "..., according to X." closes its sentence: the content is before it
        h_l, h_r = s_l, s_r
    elif a_i <= s_l and b_i < s_r:  # "According to X, ...": the content is the rest of the sentence
        h_l, h_r = s_l, sent.end - 1
    if a_i <= h_l + 1 and b_i < h_r:
        toks = [t for t in doc[b_i + 1:h_r + 1]]
    elif b_i >= h_r - 1 and a_i > h_l:
        toks = [t for t in doc[h_l:a_i]]
    elif head.i > b_i and doc[a_i - 1].text == ",":
        # "While most were marked confidential, according to an official, two were upgraded": the clause
        # of the word the phrase modifies, on its side of the phrase
        toks = [t for t in doc[b_i + 1:h_r + 1]]
    elif head.i < a_i and doc[a_i - 1].text == ",":
        toks = [t for t in doc[h_l:a_i]]  # "Clinton leads by 271 delegates, according to a count, which ..."
    else:
        toks = [t for t in doc[h_l:h_r + 1]]
    return [t for t in toks if not t.is_space and t.sent == sent]


def _according_to(tok, text: str, lex) -> _Attr | None:
    """The attribution of an "according to" / "in" / "per" phrase at ``tok`` (one of
    :func:`_is_source_preposition`'s), or None."""
    according = tok.lower_ == "according"
    source_prep = not according
    to = tok.doc[tok.i + 1] if according else tok
    pobj = [c for c in to.children if c.dep_ == "pobj"]
    if not pobj or pobj[0].lemma_.lower() in lex.according_to_not_sources:
        return None
    if source_prep and not _names_a_source(tok, pobj[0], lex):
        return None
    toks = _framed_tokens(tok, pobj[0], source_prep)
    if not toks:
        return None
    ca, cb = _trim(text, *_span(toks))
    while cb > ca and text[cb - 1] in ".!?" and text[ca] not in _OPEN:
        cb -= 1
    if cb <= ca:
        return None
    src = _source_span(pobj[0])
    return _Attr((ca, cb), (tok.idx, to.idx + len(to.text)), src, pobj[0], "according_to", tok.idx)
