"""Who reports, read from the parse: the subject of a reporting verb (through coordination, participles, relatives
and passives), a fallback when the parse gives it none, the source phrase's extent, and whether it can speak.
(Who the source *is*, a name of the topic or an unknown, is :mod:`.speakers`'.)"""

from __future__ import annotations

from .cues import lexicon


def _subject(tok, depth: int = 0):
    """(subject token, passive agent or None): who does the reporting verb ``tok``."""
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)
    if tok.lemma_ == "quote":  # "Hajiyev was quoted by newsweek.com as saying": the quoted one speaks
        for c in tok.children:
            if c.dep_ == "nsubjpass":
                return c
    for c in tok.children:
        if c.dep_ == "agent":
            pobj = [g for g in c.children if g.dep_ == "pobj"]
            if pobj:
                return pobj[0]
    for c in tok.children:
        if c.dep_ == "nsubj" or (c.dep_ == "nsubjpass" and tok.lemma_ == "quote"):
            if c.lower_ in ("who", "which", "that") and tok.dep_ == "relcl":
                return tok.head
            if c.lower_ == "it" and tok.lemma_ in ("seem", "appear"):
                return None
            return c
        if c.dep_ == "expl":
            return None
    if passive:
        return None
    if any(c.dep_ == "ccomp" and c.i < tok.i for c in tok.children):
        # '“…,” added another Democrat': the parser takes the inverted subject for an object
        for c in tok.children:
            if c.i > tok.i and c.dep_ in ("dobj", "attr", "npadvmod", "oprd") and c.pos_ in ("PROPN", "NOUN", "PRON"):
                return c
    if tok.dep_ == "conj" and tok.head.dep_ == "ccomp" and tok.head.head.i != tok.head.i and depth < 4 and (
            tok.lemma_.lower() in lexicon().speech or (tok.tag_ == "VBD" and tok.head.tag_ in ("VB", "VBP", "VBZ"))):
        # "the envoy said that the country was ready ... and pushed a new scheme": the reporter's second act (as
        # ``_clause`` cuts it), whose subject is the reporter's
        return _subject(tok.head.head, depth + 1)
    if tok.dep_ == "acl" and tok.tag_ == "VBG" and tok.head.pos_ in ("NOUN", "PROPN", "PRON"):
        prev = tok.doc[tok.i - 1] if tok.i > 0 else None
        if prev is not None and prev.pos_ in ("NOUN", "PROPN", "PRON") and prev.i > tok.head.i:
            return prev  # "the spectacle of Mr. Netanyahu denouncing ...": the one right before the participle
        return tok.head  # "a group backing Bush", "those supporting deportation"
    if depth < 4 and tok.dep_ in ("conj", "advcl", "xcomp", "pcomp", "acomp", "acl", "ccomp", "relcl") \
            and tok.head.i != tok.i:
        head = tok.head
        if tok.dep_ == "pcomp":
            head = head.head
        if tok.dep_ == "relcl":
            return None
        if tok.dep_ == "ccomp" and tok.i > head.i:
            return None  # the subject of a reported clause is not the reporter's
        return _subject(head, depth + 1)
    return None


_BOUNDARY = set(",;:—–“”\"()[]")


def _fallback_subject(tok):
    """When the parse gives a finite reporting verb no subject (or a dateline: "CLEVELAND — Mukasey said"): the
    noun phrase between the last clause boundary (comma, dash, quote mark) and the verb, auxiliaries and adverbs
    left out. Returns (head token, (start, end)) or None."""
    doc = tok.doc
    sent_start = tok.sent.start
    j = tok.i - 1
    while j >= sent_start and (doc[j].dep_ in ("aux", "auxpass", "advmod", "neg") or doc[j].is_space):
        j -= 1
    if j < sent_start or doc[j].text in _BOUNDARY or doc[j].text == "--":
        return None
    end = j
    k = j
    while k - 1 >= sent_start and doc[k - 1].text not in _BOUNDARY and doc[k - 1].text != "--" \
            and not doc[k - 1].is_space and end - k < 8:
        k -= 1
    span = [t for t in doc[k:end + 1]]
    for n_, t in enumerate(span):
        if t.pos_ == "ADP" and n_ > 0:  # "Gov. Mike Pence on Thursday said": the name, not the day
            span = span[:n_]
            end = t.i - 1
            break
    heads = [t for t in span if t.pos_ in ("PROPN", "NOUN", "PRON")]
    if not heads or end - k >= 8:
        return None
    head = heads[-1]
    return head, (doc[k].idx, doc[end].idx + len(doc[end].text))


def _is_dateline(subj, tok) -> bool:
    if not (subj.text.isupper() and len(subj.text) >= 2 and subj.i < tok.i):
        return False
    return any(t.text in ("—", "–", "--") for t in subj.doc[subj.i:tok.i])


def _source_span(subj) -> tuple[int, int]:
    """The source expression: the subject's left modifiers, the head, and its right-hand name parts and
    prepositional phrases ("a spokesman for the campaign"), not its appositions or relative clauses."""
    right = subj.i
    for c in subj.rights:
        if c.dep_ in ("prep", "compound", "flat", "nummod", "npadvmod", "nmod", "case"):
            right = max(right, c.right_edge.i)
        else:
            break
    left = subj.left_edge.i
    doc = subj.doc
    while left < subj.i and (doc[left].is_punct or doc[left].is_space):
        left += 1
    return doc[left].idx, doc[right].idx + len(doc[right].text)


def _animate(subj, lex) -> bool:
    """A subject that can speak: a name, a pronoun, a person or organization noun ("the senator", "the paper")."""
    if subj is None:
        return True  # a participle or passive whose speaker is named elsewhere
    if subj.pos_ in ("PROPN", "PRON") or subj.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return True
    if subj.pos_ == "NOUN" and subj.text[:1].isupper() and subj.i > subj.sent.start and not subj.text.isupper() \
            and subj.doc[subj.i - 1].text not in ("“", '"', "‘", "'", ":", "—", "-"):
        return True  # a name the tagger took for a common noun ("Sanders" as the plural of "sander")
    if subj.pos_ == "NUM" or subj.lemma_.lower() in lex.group_nouns or subj.lemma_.lower() in lex.evidence_sources:
        return True  # "19 percent of students", "a majority of voters", "critics", "6 in 10", "the ad", "the report"
    return subj.lemma_.lower() in lex.person_nouns or subj.lemma_.lower() in lex.organization_nouns or any(
        t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") for t in subj.lefts if t.dep_ in ("compound", "poss", "amod"))


def _evidence_source(subj, lex) -> bool:
    """A poll, a study, records ... as the subject of an evidential verb ("the poll showed a slim lead")."""
    if subj is None:
        return False
    return subj.lemma_.lower() in lex.evidence_sources or any(
        c.dep_ == "compound" and c.lemma_.lower() in lex.evidence_sources for c in subj.children)
