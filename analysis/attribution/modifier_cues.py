"""Cues that modify a clause or a subject rather than govern it: hearsay adverbs ("is reportedly spending") and
emotion adjectives with their preposition ("Baku is upset at Washington's posturing")."""

from __future__ import annotations

from .candidates import _Attr, _span, _subtree, _trim
from .content_ends import _clause
from .source_phrases import _animate, _source_span, _subject


def _is_hearsay(tok, lex) -> bool:
    """A hearsay adverb modifying a verb that is not itself a cue ("has reportedly discussed" keeps the verb's own
    attribution) nor a copula of feeling."""
    return tok.lower_ in lex.hearsay_adverbs and tok.dep_ == "advmod" and tok.head.pos_ in ("VERB", "AUX") \
        and tok.head.lemma_.lower() not in lex.verbs and not any(
            c.dep_ == "acomp" and c.lower_ in lex.emotions for c in tok.head.children)


def _hearsay(tok, text: str, lex) -> _Attr | None:
    """'The club is reportedly spending $1.5 million': the clause is hearsay, its source unnamed."""
    toks = [t for t in _subtree(tok.head) if t.i != tok.i and t.sent == tok.sent]
    toks = _clause(toks, lex) if toks else toks
    if toks:
        ca, cb = _trim(text, *_span(toks))
        if cb - ca >= 2:
            return _Attr((ca, cb), (tok.idx, tok.idx + len(tok.text)), None, None, "speech", tok.idx)
    return None


def _emotion(tok, lex):
    """A feeling of someone who can feel toward something: ((content start, end), cue span, subject) or None.
    "Baku is upset at Washington's posturing": the subject of the copula, the adjective and its preposition as the
    cue, the preposition's object as the content."""
    if tok.dep_ not in ("acomp", "ROOT", "conj", "xcomp"):
        return None
    preps = [c for c in tok.children if c.dep_ == "prep" and c.lower_ in lex.emotion_preps]
    objs = [o for p in preps for o in p.children if o.dep_ == "pobj"]
    if not objs:
        return None
    subj = _subject(tok) if tok.dep_ != "acomp" else next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
    if subj is None or not _animate(subj, lex):
        return None
    obj = objs[0]
    toks = sorted(obj.subtree, key=lambda t: t.i)
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    prep = obj.head
    return (start, end), (tok.idx, prep.idx + len(prep.text)), subj


def _emotion_attribution(tok, lex) -> _Attr | None:
    """The attribution of an emotion word ``tok`` (a belief of its subject), or None."""
    found = _emotion(tok, lex)
    if found is None:
        return None
    (ca, cb), cue, subj = found
    return _Attr((ca, cb), cue, _source_span(subj), subj, "belief", tok.idx)
