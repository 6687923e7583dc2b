"""Distancing: the frames "what X called ...", "what has been characterized as ...", "which they perceive as ...",
"which Baku deems to be ..." (the words characterised are the content, X if any the source) and "so-called ...",
"self-styled ..." (the words after it, no source)."""

from __future__ import annotations

from .candidates import _Attr, _span, _trim
from .source_phrases import _source_span, _subject


def _frame_content(tok) -> list:
    """The words a distancing frame characterises: what follows the verb in its subtree ("as", "to be" left out)."""
    doc = tok.doc
    i, end = tok.i + 1, tok.right_edge.i
    while i <= end and (doc[i].lower_ in ("as", "to", "be", "it", "them", "being") or doc[i].dep_ in ("advmod", "prt")
                        or doc[i].is_space):
        i += 1
    toks = [t for t in doc[i:end + 1] if not t.is_space]
    while toks and toks[-1].is_punct and toks[-1].text not in "”’\"'":
        toks.pop()
    return toks


def _is_frame(tok) -> bool:
    """'what X called', 'what has been characterized as', 'which they perceive as', 'which Baku deems'."""
    for c in tok.children:
        if c.lower_ == "what" and c.i < tok.i and c.dep_ in ("dobj", "nsubjpass", "nsubj", "attr", "oprd"):
            return True
    if tok.dep_ == "relcl":
        return any(c.lower_ in ("which", "that") and c.dep_ in ("dobj", "nsubjpass") for c in tok.children)
    return False


def _frame_attribution(tok, text: str) -> _Attr | None:
    """The attribution of a distancing frame's verb ``tok`` (one :func:`_is_frame` accepts): the words characterised,
    the verb (and a following "as") as the cue, its subject (unless the frame's own "what") the source."""
    toks = _frame_content(tok)
    if not toks:
        return None
    doc = tok.doc
    ca, cb = _trim(text, *_span(toks))
    subj = _subject(tok)
    src = _source_span(subj) if subj is not None and subj.lower_ not in ("what", "which", "that") else None
    cue_end = tok.idx + len(tok.text)
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if nxt is not None and nxt.lower_ == "as":
        cue_end = nxt.idx + len(nxt.text)
    return _Attr((ca, cb), (tok.idx, cue_end), src, subj if src else None, "distancing", tok.idx)


_SELF_LABELS = ("so-called", "self-styled", "self-described", "self-proclaimed")


def _is_so_called(tok) -> bool:
    """'so-called', 'self-styled', ... (and 'so - called' split by the tokenizer)."""
    doc = tok.doc
    low = tok.lower_
    return low in _SELF_LABELS or (
        low == "so" and tok.i + 2 < len(doc) and doc[tok.i + 1].text == "-" and doc[tok.i + 2].lower_ == "called")


def _so_called(tok, text: str, quotes, quote_at) -> _Attr | None:
    """'so-called ...': the quotation after it, else the word after it up to its head (within six words), with no
    source."""
    doc = tok.doc
    n = len(doc)
    last = tok if tok.lower_ != "so" else doc[tok.i + 2]
    j = last.i + 1
    while j < n and doc[j].is_space:
        j += 1
    if j >= n:
        return None
    qi = quote_at(doc[j].idx)
    if qi >= 0:
        ca, cb = quotes[qi].a, quotes[qi].b
    else:
        head = doc[j].head if doc[j].head.i > j and doc[j].head.i - j <= 6 else doc[j]
        ca, cb = doc[j].idx, head.idx + len(head.text)
    return _Attr(_trim(text, ca, cb), (tok.idx, last.idx + len(last.text)), None, None, "distancing", tok.idx)
