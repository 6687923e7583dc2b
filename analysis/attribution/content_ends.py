"""Where a content ends: before the reporter's next act or another source's report, a closing gloss, a sentence
boundary the segmenter missed, or a comma-set relative clause or apposition of a noun phrase."""

from __future__ import annotations

import bisect


def _clause(tokens, lex) -> list:
    """A content clause cut before a relative clause that is a report of its own ("..., which Baku deems to be
    ...": the frame and its words are a second attribution)."""
    cut = None
    root = min(tokens, key=lambda t: (len(list(t.ancestors)), t.i)) if tokens else None
    doc = tokens[0].doc if tokens else None
    if tokens:
        # a full stop between two of the content's words (attached outside it, as the parser does when the
        # segmenter missed the boundary after '.”'): the content ends with its sentence
        for j in range(tokens[0].i + 1, tokens[-1].i):
            if doc[j].text in (".", "!", "?") and doc[j - 1].text not in (".", "!", "?"):
                k = j + 1
                while k < len(doc) and doc[k].text in ("”", '"', "’", "'", "''"):
                    k += 1
                if k <= tokens[-1].i and (doc[k].text[:1].isupper() or doc[k].text[:1] in "“\"") \
                        and len(doc[j - 1].text) > 1:
                    cut = k
                    break
    for k, t in enumerate(tokens):
        if cut is not None:
            break
        if root is not None and t.dep_ == "conj" and t.head.i == root.i and not any(
                c.dep_ in ("nsubj", "nsubjpass") for c in t.children) and (
                (t.tag_ == "VBD" and root.tag_ in ("VB", "VBP", "VBZ")) or t.lemma_.lower() in lex.speech):
            # "demanded that Washington should change ... and scoffed ...", "said she has released her returns and
            # called on Sanders to do the same": the reporter's second act
            cut = t.i
            break
        if root is not None and t.dep_ == "conj" and t.head.i == root.i and t.tag_ == "VBD" and any(
                c.dep_ == "nsubj" and c.lower_ in ("he", "she", "they") for c in t.children) and any(
                c.dep_ == "cc" for c in t.children) and t.lemma_.lower() in lex.cue_verbs:
            # "said the real extremist is Clinton, and he railed against ...": the reporter's next act
            cut = min(x.i for x in t.subtree if x.i > root.i and x.dep_ in ("cc", "punct", "nsubj") or x.i == t.i)
            break
        if root is not None and t.dep_ in ("advcl", "conj", "parataxis") and t.head.i == root.i and t.i > root.i \
                and t.lemma_.lower() in (lex.speech | lex.belief) and any(
                    c.dep_ == "nsubj" and c.i < t.i and c.lower_ not in ("who", "which", "that") for c in t.children) \
                and t.left_edge.i > root.i and (any(doc[j].text in (",", ";", "—", "–")
                                                    for j in range(max(root.i, t.left_edge.i - 2), t.left_edge.i + 1))
                                                or (t.dep_ == "conj" and any(c.dep_ == "cc" for c in t.children))):
            # "..., while nine in 10 said they thought ...", "... and one in four said ...": another report ends it
            cut = t.left_edge.i
            break
        if t.dep_ == "relcl" and tokens and t.right_edge.i >= tokens[-1].i and t.left_edge.i > tokens[0].i \
                and doc[t.left_edge.i].lower_ in ("which", "who") and doc[t.left_edge.i - 1].text == ",":
            # "he supports the final bill, which includes ...": the author's gloss closing the content
            cut = t.left_edge.i
            break
        if root is not None and t.tag_ == "VBG" and t.dep_ in ("advcl", "conj", "xcomp") and t.head.i == root.i \
                and t.i > root.i and t.lemma_.lower() in lex.speech and t.left_edge.i > 0 \
                and doc[t.left_edge.i - 1].text in (",", "—", "–", ";"):
            # "he saw no need to change ..., telling Stephanopoulos that ...": the reporter's next report
            cut = t.left_edge.i
            break
        if root is not None and t.tag_ == "VBG" and t.dep_ in ("advcl", "conj", "xcomp", "pcomp") and t.i > root.i \
                and t.lemma_.lower() in (lex.speech | lex.stance) and _reporter_act(t, root, doc):
            # (not a verb of wish or aim: "wanted the corridor opened, aiming to reduce ...": the content's subject's)
            # '“let’s not get ahead of ourselves,” before optimistically predicting ...', '..., calling it “meritless”',
            # '..., referencing a super PAC': the reporter's next act (its own attribution), deeper in the parse
            cut = t.left_edge.i if doc[t.left_edge.i].pos_ != "ADP" else t.left_edge.i
            if t.dep_ == "pcomp" and t.head.pos_ in ("ADP", "SCONJ"):
                cut = t.head.i
            break
        if t.text in (".", "!", "?") and k + 1 < len(tokens):
            j = t.i + 1
            while j < len(doc) and doc[j].text in ("”", '"', "’", "'", "''"):
                j += 1
            if j < len(doc) and j <= tokens[-1].i and doc[j].text[:1].isupper():
                cut = j  # a content ends with its sentence (the segmenter may have missed a boundary after a quote)
                break
        if t.dep_ == "relcl" and t.lemma_.lower() in (lex.distancing | lex.verbs) and any(
                c.dep_ == "nsubj" and c.lower_ not in ("who", "which", "that") for c in t.children) and (
                t.lemma_.lower() in lex.distancing or any(c.lower_ in ("which", "that", "what", "whom")
                                                          for c in t.children)):
            # "..., which Baku deems to be ...", "what they perceive as" (not "the only thing people would support")
            cut = min(x.i for x in t.subtree)
            break
    if cut is None:
        return tokens
    kept = [t for t in tokens if t.i < cut]
    while kept and (kept[-1].is_punct or kept[-1].is_space or kept[-1].dep_ == "cc"
                    or kept[-1].lower_ in ("which", "that", "who")):
        kept.pop()
    return kept or tokens


def _reporter_act(t, root, doc) -> bool:
    """An -ing cue set off after the content's main clause: a comma or dash before it (or before its "before",
    "after", "while", "by"), its head inside the content's main clause (not a quoted or embedded phrase's)."""
    start = t.left_edge.i
    if t.dep_ == "pcomp" and t.head.pos_ in ("ADP", "SCONJ"):
        if t.head.lower_ not in ("before", "after", "while", "by", "when"):
            return False
        start = t.head.i
    elif doc[start].lower_ in ("before", "after", "while", "by", "when") and doc[start].pos_ in ("ADP", "SCONJ"):
        pass
    elif doc[start].i != t.i and doc[start].pos_ not in ("ADV",):
        return False
    if start <= root.i or start < 1:
        return False
    prev = doc[start - 1]
    if prev.text in ("”", '"', "’", "''") and start >= 2:
        prev = doc[start - 2]
    if prev.text not in (",", "—", "–", "--", ";") and not (t.dep_ == "pcomp" and prev.text in ("”", '"')):
        # ('“…” before optimistically predicting': a quotation closing the content before the prepositional act)
        if doc[start - 1].text not in ("”", '"', "''"):
            return False
    head = t.head if t.dep_ != "pcomp" else t.head.head
    hops = 0
    while head.i != root.i and hops < 3:
        if head.dep_ in ("ccomp", "relcl", "acl") and head.i != root.i:
            return False
        head = head.head
        hops += 1
    return head.i == root.i


def _boundaries(sent) -> list[int]:
    """Token indices inside a parsed sentence where a new sentence starts that the segmenter missed: after a full
    stop and the closing quote marks that follow it, before a capital or an opening quote mark
    ('... called Trump “unhinged.” Sen. Rubio called ...')."""
    doc = sent.doc
    out = []
    for j in range(sent.start + 1, sent.end - 1):
        # (not after "?" or "!": '“Who pays for this?” Lindqvist said' is one sentence)
        if doc[j].text == "." and len(doc[j - 1].text) > 1 and doc[j - 1].text not in (".", "!", "?"):
            k = j + 1
            while k < sent.end and doc[k].text in ("”", '"', "’", "'", "''"):
                k += 1
            if k == j + 1:
                continue  # inside a quotation ('“We wrote songs. We got with him,” he said') or a real boundary
            while k < sent.end and doc[k].is_space:
                k += 1
            if k < sent.end and (doc[k].text[:1].isupper() or doc[k].text[:1] in "“\""):
                out.append(k)
    return out


def _same_part(bounds: list[int], i: int, j: int) -> bool:
    return bisect.bisect_right(bounds, i) == bisect.bisect_right(bounds, j)


def _np_end(d) -> int:
    """The last token of a noun phrase, a relative clause or apposition set off by a comma left out ("admired Pope
    Francis, who preaches ...": the object is "Pope Francis")."""
    doc = d.doc
    last = d.i
    for c in d.rights:
        if c.dep_ in ("relcl", "appos", "acl") and c.left_edge.i > 0 and doc[c.left_edge.i - 1].text in (",", "—", "–"):
            break
        last = max(last, c.right_edge.i)
    while last > d.i and (doc[last].is_punct and doc[last].text not in "”’\"'" or doc[last].is_space):
        last -= 1
    return last


def _comma_clause_end(d, end: int) -> int:
    """``end``, or the last token before a relative clause, apposition or participle of ``d`` set off by a comma."""
    doc = d.doc
    for c in d.rights:
        if c.dep_ in ("relcl", "appos", "acl") and c.left_edge.i > 0 and doc[c.left_edge.i - 1].text in (",", "—", "–"):
            last = c.left_edge.i - 2
            while last > d.i and (doc[last].is_punct and doc[last].text not in "”’\"'" or doc[last].is_space):
                last -= 1
            return min(end, last)
    return end
