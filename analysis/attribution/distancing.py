"""Distancing frames: "what X called ...", "what has been characterized as ...", "which they perceive as ...";
the words characterised are the content, X (if any) the source."""

from __future__ import annotations


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
