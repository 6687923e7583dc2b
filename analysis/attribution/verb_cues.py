"""Verb cues: an article's reporting verbs, each with its content (:mod:`.verb_contents`), its source
(:mod:`.source_phrases`) and, for a parenthetical "X, he said, Y", its host clause; "X is seen as Y"; and a
sentence closing with a misparsed ", records show"."""

from __future__ import annotations

from .candidates import _WORD, _Attr, _cue_span, _span, _subtree, _trim
from .content_ends import _clause
from .distancing import _frame_attribution, _is_frame
from .source_phrases import _animate, _evidence_source, _fallback_subject, _is_dateline, _source_span, _subject
from .verb_contents import _as_content, _verb_content


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


def _verb_cue(tok, text: str, lex, quotes, quote_at):
    """The attribution of the verb ``tok``: an ``_Attr``; a speech verb with a source and no content yet, to be
    given a quotation (a pending cue: (token, cue span, source span, source token)); or None. Tried in turn: "X
    is seen as Y", "sees X as Y", a verb outside the lexicon with a "that"-clause, a distancing frame, a verb of
    the lexicon."""
    cue_verbs = lex.cue_verbs
    lemma = tok.lemma_.lower()
    if lemma not in cue_verbs and tok.tag_ in ("VBD", "VBN", "VBG") and lemma + "e" in cue_verbs:
        lemma = lemma + "e"  # the lemmatizer's "hop" for "hoped", "hoping"
    if lemma in lex.passive and not (lemma in lex.distancing and _is_frame(tok)):
        # ("what has been characterized as": a distancing frame)
        found = _passive_as_attribution(tok, lemma, lex)
        if found is not None:
            return found
    if lemma in lex.as_verbs and lemma not in lex.verbs:
        found = _as_attribution(tok, lemma, text, lex)
        if found is not None:
            return found
    if lemma not in cue_verbs and lemma not in lex.distancing:
        return _that_clause_report(tok, lemma, text, lex)
    if tok.head.lower_ == "worth":
        return None  # "it is worth noting that ...": the author's comment
    if lemma in lex.distancing and _is_frame(tok):
        found = _frame_attribution(tok, text)
        if found is not None:
            return found
    if lemma not in cue_verbs:
        return None
    return _lexicon_verb(tok, lemma, text, lex, quotes, quote_at)


def _passive_as_attribution(tok, lemma: str, lex) -> _Attr | None:
    """'X is widely seen as Y' (:func:`_passive_as`), the agent (if any) the source."""
    found = _passive_as(tok, lemma, lex)
    if found is None:
        return None
    (ca, cb), agent = found
    return _Attr((ca, cb), _cue_span(tok), _source_span(agent) if agent is not None else None,
                 agent, "belief" if lemma in lex.as_belief else "speech", tok.idx)


def _as_attribution(tok, lemma: str, text: str, lex) -> _Attr | None:
    """V X as Y: "sees Cruz as a uniter", "identified the deficit as the main threat": with a subject who can speak."""
    toks = _as_content(tok, lex)
    subj = _subject(tok) if toks else None
    if toks and subj is not None and subj.lower_ not in ("what", "which", "that") and _animate(subj, lex):
        ca, cb = _trim(text, *_span(toks))
        return _Attr((ca, cb), _cue_span(tok), _source_span(subj), subj,
                     "belief" if lemma in lex.as_belief else "speech", tok.idx)
    return None


def _that_clause_report(tok, lemma: str, text: str, lex) -> _Attr | None:
    """A verb outside the lexicon with a "that"-clause and a subject who can speak ("Ryan made clear that", "the
    campaign countered that"): a report too."""
    that_clause = [c for c in tok.children if c.dep_ == "ccomp" and c.i > tok.i and any(
        g.dep_ == "mark" and g.lower_ == "that" for g in c.children)]
    subj = _subject(tok) if that_clause and tok.tag_.startswith("VB") else None
    if subj is None or not (subj.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or subj.lower_ in (
            "he", "she", "they") or subj.lemma_.lower() in lex.person_nouns) or lemma in ("be", "have", "make"):
        return None
    toks = _clause(sorted({t for c in that_clause for t in _subtree(c)}, key=lambda t: t.i), lex)
    ca, cb = _trim(text, *_span(toks))
    if text[ca:ca + 5].lower() == "that ":
        ca += 5
    return _Attr((ca, cb), _cue_span(tok), _source_span(subj), subj, "speech", tok.idx)


def _verb_source(tok):
    """(source token, source span) of a cue verb: its subject, or the noun phrase before it when a finite verb has
    none or only a dateline; (None, None) for none."""
    subj = _subject(tok)
    src = _source_span(subj) if subj is not None else None
    if (subj is None or _is_dateline(subj, tok)) and tok.tag_ in ("VBD", "VBZ", "VBP") \
            and tok.dep_ not in ("xcomp", "acl", "relcl", "amod", "pcomp"):
        found = _fallback_subject(tok)
        subj, src = found if found else (None, None)
    return subj, src


def _quotation_before(tok, subj, text: str, quotes, quote_at) -> bool:
    """'“Who do they think they are?” Trump said of Apple': a quotation just before the cue (and its subject), not
    closed by a full stop (a quotation closed by a full stop ends its own sentence: '“… fight.” She predicts')."""
    doc = tok.doc
    left = min(tok.i, subj.i) if subj is not None and subj.head.i == tok.i else tok.i
    k = left - 1
    while k >= tok.sent.start and (doc[k].is_space or doc[k].text in (",", "—", "–")):
        k -= 1
    return k >= tok.sent.start and doc[k].text in ("”", '"', "''", "’") and quote_at(doc[k].idx) >= 0 \
        and quotes[quote_at(doc[k].idx)].b <= doc[k].idx + len(doc[k].text) \
        and text[quotes[quote_at(doc[k].idx)].b - 1:quotes[quote_at(doc[k].idx)].b] != "."


def _parenthetical_host(tok, lemma: str, subj, lex):
    """A host clause: "The talks, he said, will resume", "Tariffs will not help, said David Autor, a professor ...",
    "Most residents oppose the tax, a new poll finds": the host clause of a parenthetical or comma-set cue with its
    own subject (its tokens), the cue's own words (its subject and their appositions) left out; None when the cue is
    not one."""
    doc = tok.doc
    own_subject = subj is not None and subj.head.i == tok.i
    # a comma-set cue read by the parser as a relative clause of the noun before it ("Most residents oppose
    # the tax, a new poll finds"): its host is the sentence's main clause
    subordinate = any(c.dep_ in ("mark", "dobj") for c in tok.children)  # "..., after X stated an interest"
    bare_relcl = tok.dep_ == "relcl" and tok.left_edge.i > 0 and doc[tok.left_edge.i - 1].text == "," and \
        tok.sent.root.i < tok.i and not any(c.dep_ in ("dobj", "ccomp", "xcomp") or c.tag_ in ("WDT", "WP")
                                           for c in tok.children)
    if not (own_subject and not subordinate and (lemma in lex.speech or lemma in lex.belief or (
            lemma in lex.evidence and _evidence_source(subj, lex))) and (bare_relcl or (
            (tok.head.pos_ in ("VERB", "AUX") or (tok.dep_ == "parataxis" and tok.head.pos_ in ("NOUN", "PROPN")
                                                    and tok.head.i < tok.i)) and (tok.dep_ == "parataxis" or (
                tok.head.i < tok.i and tok.dep_ in ("ccomp", "advcl", "conj") and tok.left_edge.i > 0
                and doc[tok.left_edge.i - 1].text in (",", "—", "–")))))):
        return None
    host = tok.sent.root if bare_relcl else tok.head
    own = {t.i for t in tok.subtree}
    toks = [t for t in _subtree(host) if t.sent == tok.sent and t.i not in own]
    while toks and toks[-1].is_punct and toks[-1].i > tok.right_edge.i:
        toks.pop()  # the full stop after the cue ("..., a new poll finds.")
    if toks and toks[-1].i > tok.right_edge.i:
        toks = [t for t in _subtree(host) if t.sent == tok.sent]  # the cue stands inside its content
    return toks


def _agent_patient(tok, subj, lex):
    """A passive's patient: "The meeting was first reported by Politico", "the proposal was rejected by 60 percent of
    voters": the passive's subject (its tokens) when the source is its agent and can speak; else None."""
    if subj is None or subj.dep_ != "pobj" or subj.head.dep_ != "agent":
        return None
    patient = [c for c in tok.children if c.dep_ == "nsubjpass" and c.lower_ not in ("who", "which", "that")]
    if patient and _animate(subj, lex):
        return _subtree(patient[0])
    return None


def _lexicon_verb(tok, lemma: str, text: str, lex, quotes, quote_at):
    """A verb of the cue lexicon: its content (:func:`.verb_contents._verb_content`; not the phrase after it when a
    quotation just before it is what was said), else the host clause of a parenthetical cue or the patient of a
    passive; its source. A speech verb with a source and no content waits for a quotation (a pending cue)."""
    toks, base = _verb_content(tok, lemma, lex)
    subj, src = _verb_source(tok)
    cue = _cue_span(tok)
    if toks is not None and lemma in lex.speech and not any(c.dep_ == "ccomp" for c in tok.children) \
            and _quotation_before(tok, subj, text, quotes, quote_at):
        toks = None  # the quotation before the cue is what was said, not the prepositional or object phrase after
    if toks is None:
        host = _parenthetical_host(tok, lemma, subj, lex)
        if host is not None:
            toks, base = host, "speech"
    if toks is None:
        patient = _agent_patient(tok, subj, lex)
        if patient is not None:
            toks, base = patient, ("belief" if lemma in lex.belief else "speech")
    if toks is None:
        return (tok, cue, src, subj) if subj is not None and lemma in lex.speech else None
    if base not in ("belief", "evidence") and not any(c.dep_ == "ccomp" for c in tok.children) \
            and not _animate(subj, lex):
        return None  # "the dismissal underscores a shift": an object or phrase content needs someone who speaks
    ca, cb = _trim(text, *_span(toks))
    if text[ca:ca + 5].lower() == "that " and ca < tok.idx or (ca > cue[1] and text[ca:ca + 5].lower() == "that "):
        ca += 5
    if cb - ca < 2:
        return None
    return _Attr((ca, cb), cue, src, subj if src else None, base, tok.idx)
