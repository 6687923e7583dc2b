"""Cues that modify a clause or a subject rather than govern it: hearsay adverbs ("is reportedly spending") and
emotion adjectives with their preposition ("Baku is upset at Washington's posturing")."""

from __future__ import annotations

from .source_phrases import _animate, _subject


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
