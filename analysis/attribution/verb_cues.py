"""Verb cues: an article's reporting verbs, each with its content (:mod:`.verb_contents`), its source
(:mod:`.source_phrases`) and, for a parenthetical "X, he said, Y", its host clause; "X is seen as Y"; and a
sentence closing with a misparsed ", records show"."""

from __future__ import annotations

from .candidates import _WORD, _Attr, _trim
from .source_phrases import _animate


def _passive_as(tok, lemma: str, lex):
    """'X is widely seen as Y', 'she is seen by party leaders as credible', 'he was considered the frontrunner', 'an
    option seen by organizers as a lifeboat': ((content start, end), agent token or None), or None. The content runs
    from the characterised one to the end of the complement; when the cue and its "by" phrase between them are
    longer than the characterised one, it starts at the complement (a content is one span: it holds the words
    characterised, not mainly the author's reporting words)."""
    doc = tok.doc
    subj = [c for c in tok.children if c.dep_ == "nsubjpass" and c.i < tok.i]
    if subj:
        first = subj[0].left_edge.i
        subj_end = subj[0].right_edge.i
    elif tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.head.pos_ in ("NOUN", "PROPN") and tok.head.i < tok.i:
        first, subj_end = tok.head.left_edge.i, tok.i - 1
    else:
        return None
    if not any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children) and tok.dep_ != "acl":
        return None
    words = lex.passive[lemma]
    sub = [t for t in tok.subtree if t.i > tok.i and t.sent == tok.sent and not t.is_space]
    opener = None
    for t in sub:
        if t.lower_ in words and t.pos_ in ("ADP", "SCONJ", "ADV") and t.head.i in {x.i for x in sub} | {tok.i}:
            opener = t
            break
        if "oprd" in words and t.dep_ in ("oprd", "xcomp") and t.head.i == tok.i and subj:
            opener = t.left_edge
            break
    if opener is None:
        return None
    last = max(t.i for t in sub)
    while last > opener.i and (doc[last].is_punct and doc[last].text not in "”’\"'" or doc[last].is_space):
        last -= 1
    if last <= opener.i and opener.lower_ in words:
        return None  # "as" with nothing after it
    agent = None
    for c in tok.children:
        if c.dep_ == "agent":
            pobj = [g for g in c.children if g.dep_ == "pobj"]
            agent = pobj[0] if pobj else None
    while first < subj_end and (doc[first].is_punct or doc[first].is_space):
        first += 1
    subject_words = len(_WORD.findall(doc[first:subj_end + 1].text))
    between_words = len(_WORD.findall(doc[subj_end + 1:opener.i].text))
    start = first if between_words < subject_words else opener.i
    return (doc[start].idx, doc[last].idx + len(doc[last].text)), agent


def _closing_frames(document, doc, lex, quote_at, cues: set[int]) -> list[_Attr]:
    """'The aircraft was insured at $35 million in 2011, records show.', '..., fundraising documents show.': a
    sentence that closes with a comma, a short noun phrase and a verb of saying or showing, which the tagger misreads
    (a noun "show", a participle "fundraising"): the clause before the comma is the content, the noun phrase the
    source. Only where the parse gave that verb no attribution of its own."""
    out = []
    text = document.text
    speech_or_evidence = lex.speech | lex.evidence
    for sent in doc.sents:
        toks = [t for t in sent if not t.is_space]
        while toks and toks[-1].is_punct and toks[-1].text in ".!?":
            toks.pop()
        if len(toks) < 6:
            continue
        cue = toks[-1]
        if cue.idx in cues or quote_at(cue.idx) >= 0 or cue.lemma_.lower() not in speech_or_evidence \
                or not cue.text.islower():
            continue
        comma = next((k for k in range(len(toks) - 2, max(-1, len(toks) - 7), -1) if toks[k].text == ","), None)
        if comma is None or comma < 3:
            continue
        source = toks[comma + 1:-1]
        if not source or any(t.pos_ in ("AUX", "ADP", "SCONJ", "PRON") or t.is_punct for t in source):
            continue
        head = source[-1]
        if not (head.pos_ in ("NOUN", "PROPN") or head.tag_ == "NNS") or not (
                _animate(head, lex) or head.lemma_.lower() in lex.evidence_sources):
            continue
        a, b = _trim(text, toks[0].idx, toks[comma].idx)
        if quote_at(a) >= 0 or len(_WORD.findall(text[a:b])) < 3:
            continue
        out.append(_Attr((a, b), (cue.idx, cue.idx + len(cue.text)), (source[0].idx, head.idx + len(head.text)),
                         head, "speech", cue.idx))
    return out
