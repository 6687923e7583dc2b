"""Nominal cues: nouns of saying and thinking ("Trump's claim that ...", "a warning from the ministry that ...",
"his criticisms of Trump"), and headline and transcript lines "Source: content" (a short noun phrase, a colon)."""

from __future__ import annotations

from .candidates import _WORD, _Attr, _span, _subtree, _trim
from .content_ends import _comma_clause_end
from .source_phrases import _animate, _source_span, _subject


def _is_report_noun(tok, lex) -> bool:
    """A noun of saying or thinking ("claim", "warning") or one that takes a prepositional content ("criticism")."""
    return tok.pos_ == "NOUN" and (tok.lemma_.lower() in lex.nouns or tok.lemma_.lower() in lex.prep_nouns)


def _noun_attribution(tok, lex) -> _Attr | None:
    """The attribution of a report noun ``tok`` (:func:`_noun_report`), or None."""
    found = _noun_report(tok, lex)
    if found is None:
        return None
    (ca, cb), src_tok = found
    src = _source_span(src_tok) if src_tok is not None else None
    base = "belief" if tok.lemma_.lower() in lex.belief_nouns else "speech"
    return _Attr((ca, cb), (tok.idx, tok.idx + len(tok.text)), src, src_tok, base, tok.idx)


def _noun_report(tok, lex):
    """'Trump's claim that ...', 'a warning from the ministry that ...': ((content start, end), source token)."""
    clause = [c for c in tok.children if c.dep_ in ("acl", "ccomp", "appos") and c.i > tok.i and any(
        g.dep_ == "mark" and g.lower_ == "that" for g in c.children)]
    if not clause:
        # "Trump's proposal to ban ...", "his criticisms of Trump", "her preference for ...": with a possessor who
        # can speak, the to-infinitive or the prepositional complement is the content
        poss = [c for c in tok.children if c.dep_ == "poss" and (c.pos_ in ("PRON", "PROPN") or c.ent_type_ in (
            "PERSON", "ORG", "NORP", "GPE") or c.lemma_.lower() in lex.person_nouns)]
        if tok.lemma_.lower() not in lex.prep_nouns:
            return None
        if not poss:
            if tok.lemma_.lower() not in lex.unowned_nouns:
                return None
            # "criticism of the plan from Democrats", "an impassioned defense of New York values": someone's act
            # even where no possessor names whose ("by"/"from" names the source when it is there)
            poss = [None]
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ in ("by", "from"):
                    pobj = [g for g in c.children if g.dep_ == "pobj"]
                    if pobj and _animate(pobj[0], lex):
                        poss = [pobj[0]]
            if poss == [None] and tok.dep_ == "dobj" and tok.head.lemma_.lower() in lex.light_verbs:
                # "Trump delivered an impassioned defense of ...": the one who delivers it
                subj = _subject(tok.head)
                if subj is not None and subj.lower_ not in ("who", "which", "that") and _animate(subj, lex):
                    poss = [subj]
        comp = [c for c in tok.children if c.i > tok.i and (
            (c.dep_ == "acl" and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)) or
            (c.dep_ == "prep" and c.lower_ in lex.noun_preps and any(g.dep_ in ("pobj", "pcomp") for g in c.children)))]
        if not comp:
            return None
        c = comp[0]
        if c.dep_ == "acl":
            toks = _subtree(c)
        else:
            pobj = [g for g in c.children if g.dep_ == "pobj"]
            end = _comma_clause_end(pobj[0], c.right_edge.i) if pobj else c.right_edge.i
            # ("of Gordon Humphrey, who told ...": his own words)
            toks = [t for t in _subtree(c) if c.i < t.i <= end]
        if c.dep_ == "acl":
            toks = [t for t in toks if not (t.dep_ == "aux" and t.lower_ == "to" and t.head.i == c.i)] or toks
        a, b = _trim(tok.doc.text, *_span(toks))
        return ((a, b), poss[0]) if b > a else None
    toks = [t for t in _subtree(clause[0])]
    toks = [t for t in toks if not (t.dep_ == "mark" and t.lower_ == "that" and t.head.i == clause[0].i)]
    if not toks:
        return None
    a, b = _trim(tok.doc.text, *_span(toks))
    source = None
    for c in tok.children:
        if c.dep_ == "poss":  # "Trump's claim", "his claim" (resolved as a pronoun)
            source = c
        elif c.dep_ == "prep" and c.lower_ in ("by", "from") and c.i < clause[0].i:
            pobj = [g for g in c.children if g.dep_ == "pobj"]
            if pobj:
                source = pobj[0]
    if source is None and tok.lemma_.lower() not in lex.nouns:
        return None
    return (a, b), source  # "the claim that ...": someone's claim, even where the article does not say whose


def _headlines(document, doc, lex, quote_at) -> list[_Attr]:
    """'Kerry: No deal without inspections', 'Poll: Trump ties Clinton', 'TAPPER: ...' (a transcript): a paragraph
    that opens with a short noun phrase (a name, a pronoun, a person, group or evidence noun; no verb) and a colon
    gives the rest of the paragraph to that phrase; the colon is the cue."""
    out = []
    text = document.text
    for pa, pb in document.paragraphs:
        span = doc.char_span(pa, pb, alignment_mode="expand")
        if span is None:
            continue
        toks = [t for t in span[:24] if not t.is_space]
        colon = next((k for k, t in enumerate(toks) if t.text == ":"), None)
        if not colon or quote_at(toks[colon].idx) >= 0:
            continue
        dash = max((k for k, t in enumerate(toks[:colon]) if t.text in ("-", "—", "–", "--")), default=-1)
        head_toks = toks[dash + 1:colon]  # "A SECTION TITLE - Jeffrey Jones: “...”"
        if not head_toks or len(head_toks) > 6 or any(
                t.pos_ in ("VERB", "AUX", "ADP", "SCONJ", "NUM") or t.is_punct for t in head_toks):
            continue
        first, last = head_toks[0], head_toks[-1]
        if first.lower_ in lex.headline_not_sources or last.lower_ in lex.headline_not_sources:
            continue
        lem = last.lemma_.lower()
        # a name (the tagger often takes a headline's or a transcript's capitalised name for a common noun)
        name = last.pos_ == "PROPN" or (first.lower_ != "the" and all(
            t.text[:1].isupper() or t.pos_ in ("CCONJ", "PART") for t in head_toks) and last.pos_ == "NOUN")
        if not (name or last.lower_ in ("he", "she", "they", "i", "we") or lem in lex.person_nouns
                or lem in lex.organization_nouns or lem in lex.group_nouns or lem in lex.evidence_sources):
            continue
        a, b = _trim(text, toks[colon].idx + 1, pb)
        while b > a and text[b - 1] in ".!?":
            b -= 1
        if len(_WORD.findall(text[a:b])) < 3:
            continue
        cue = (toks[colon].idx, toks[colon].idx + 1)
        out.append(_Attr((a, b), cue, (first.idx, last.idx + len(last.text)), last, "speech", cue[0]))
    return out
