"""What a cue verb reports (its content): a clausal complement, an answer ("said yes"), an evidential object, "V X
as Y", an -ing or to-infinitive complement, a phrasal particle's object ("called for"), the words a distancing verb
puts on someone, a direct object with its prepositional phrases, a prepositional content ("spoke about")."""

from __future__ import annotations

from .candidates import _subtree
from .content_ends import _boundaries, _clause, _comma_clause_end, _np_end, _same_part
from .source_phrases import _animate, _evidence_source, _subject

_NOT_OBJECT = {"it", "this", "that", "him", "her", "them", "me", "us", "you", "what", "which", "nothing",
               "something", "anything", "one", "those", "these", "so", "much"}


# the time or the occasion of a report, not what it is about ("criticized the plan at a time when ...", "at a rally")
_SETTING_NOUNS = {"time", "moment", "point", "period", "day", "week", "month", "year", "night", "morning", "evening",
                  "event", "meeting", "rally", "hearing", "conference", "debate", "interview", "speech", "session",
                  "summit", "appearance", "address", "briefing", "forum", "gathering", "ceremony", "dinner", "call",
                  "visit", "trip", "tour", "facebook", "twitter", "instagram", "tv", "television", "radio", "page",
                  "account", "feed", "show", "program", "programme", "broadcast", "podcast", "website", "blog",
                  "network", "channel", "air", "camera", "stage", "floor", "phone", "video", "behalf"}
_MANNER_PREPS = {"by", "with", "on", "during", "after", "before", "since", "until", "while", "despite", "amid"}


def _as_content(tok, lex):
    """'described his skills as a work in progress', 'sees Cruz as a uniter', 'referred to Rubio as a leader': the
    tokens from the characterised one to the end of the "as" phrase, or None."""
    kids = list(tok.children)
    as_ = [c for c in kids if c.dep_ == "prep" and c.lower_ == "as" and c.i > tok.i]
    if not as_:
        # "portraying Sanders as focused on ...": the parser may hang "as" on the object
        as_ = [g for c in kids if c.dep_ == "dobj" and c.i > tok.i for g in c.children
               if g.dep_ == "prep" and g.lower_ == "as" and g.i > c.i]
    if not as_:
        # "see Trump as most likely to deliver": the parser may take "as" for an adverb of the complement
        as_ = [c for c in kids if c.i > tok.i and c.dep_ in ("advcl", "xcomp", "oprd", "ccomp")
               and c.left_edge.lower_ == "as" and c.left_edge.i > tok.i]
        objs = [c for c in kids if c.dep_ == "dobj" and as_ and tok.i < c.i < as_[0].i]
        if objs:
            toks = [t for t in tok.doc[objs[0].left_edge.i:as_[0].right_edge.i + 1] if not t.is_space]
            while toks and toks[-1].is_punct and toks[-1].text not in "”’\"'":
                toks.pop()
            return toks or None
        return None
    objs = [c for c in kids if c.i > tok.i and c.i < as_[0].i and (
        c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ == "to" and tok.lemma_.lower() == "refer"))]
    if not objs or not any(g.dep_ in ("pobj", "amod", "acomp", "pcomp") for g in as_[0].children):
        return None  # ("sees the role as antiquated": the parser may take the adjective for a modifier of "as")
    start = objs[0].left_edge.i if objs[0].dep_ == "dobj" else objs[0].i + 1
    toks = [t for t in tok.doc[start:as_[0].right_edge.i + 1] if not t.is_space]
    while toks and toks[-1].is_punct and toks[-1].text not in "”’\"'":
        toks.pop()
    return toks or None


def _names_and_quotes(tok) -> bool:
    """'called her “weak”', 'called Obama a “petulant child”': an object after the verb, then (within three words)
    a quotation or an object predicate."""
    doc = tok.doc
    dobj = [c for c in tok.children if c.dep_ == "dobj" and c.i > tok.i]
    if not dobj:
        return False
    if any(c.dep_ == "oprd" and c.i > dobj[0].i for c in tok.children):
        return True
    j = dobj[0].right_edge.i + 1
    while j < len(doc) and j <= dobj[0].right_edge.i + 3 and doc[j].pos_ in ("DET", "ADJ", "ADV"):
        j += 1
    return j < len(doc) and doc[j].text in ("“", '"') and doc[j].sent == tok.sent


def _adjacent_before(c, tok) -> bool:
    """A clause before its cue is its content only when nothing but the cue's subject, punctuation, quote marks and
    adverbs stands between them ('“…,” he said', 'The talks will resume, he said'), not across a coordination
    ('Cranston stood at his pulpit and, citing Exodus, endorsed Cruz')."""
    doc = tok.doc
    subj = {t.i for k in tok.children if k.dep_ in ("nsubj", "nsubjpass") for t in k.subtree}
    for t in doc[c.right_edge.i + 1:tok.i]:
        if t.i in subj or t.is_punct or t.is_space or t.dep_ in ("advmod", "aux", "auxpass", "neg", "npadvmod"):
            continue
        if t.dep_ == "prep" or t.head.dep_ == "prep" or t.head.head.dep_ == "prep":
            continue  # "..., Trump said in an interview"
        return False
    return True


def _complement_clause(tok, lemma: str, lex, base: str):
    """'said (that) ...', '“…,” he said', 'believes ...': the clausal complement, in the cue's own sentence."""
    kids = list(tok.children)
    bounds = _boundaries(tok.sent)
    ccomp = [c for c in kids if c.dep_ == "ccomp" and not c.is_space and _same_part(bounds, c.i, tok.i)
             and (c.i > tok.i or _adjacent_before(c, tok)) and not any(
                 g.dep_ == "nsubj" and g.lower_.endswith(("self", "selves")) for g in c.children)]
    # ("found himself embroiled in a controversy": no report)
    if ccomp and all(c.i < tok.i for c in ccomp) and lemma in lex.distancing and _names_and_quotes(tok):
        ccomp = []  # "she drew his ire - he called her “weak”": the words put on "her", not the clause before
    if not ccomp:
        return None
    toks = sorted({t for c in ccomp for t in _subtree(c)}, key=lambda t: t.i)
    if bounds:  # the content stays in the cue's own sentence when the segmenter joined two
        toks = [t for t in toks if _same_part(bounds, t.i, tok.i)] or toks
    if all(c.i < tok.i for c in ccomp) and toks[-1].i > tok.i:
        # '“We will tax you,” Trump said in February of the plan': what follows the cue is the author's
        first = min(t.i for t in tok.subtree if t.dep_ in ("nsubj", "nsubjpass") and t.head.i == tok.i) \
            if any(t.dep_ in ("nsubj", "nsubjpass") and t.head.i == tok.i for t in tok.children) else tok.i
        toks = [t for t in toks if t.i < min(first, tok.i)] or toks
    return _clause(toks, lex), base


def _answer(tok, lemma: str, lex, base: str):
    """An answer: "46 percent of voters said yes", "the candidate said no", "55 percent said so", "61 percent say the
    same of Clinton": the answer is what was said."""
    kids = list(tok.children)
    if lemma not in ("say", "answer", "reply") or not any(c.dep_ == "nsubj" for c in kids):
        return None  # (not "To say so would be")
    for c in kids:
        if c.i > tok.i and ((c.dep_ in ("intj", "dobj", "advmod", "attr") and c.lower_ in ("yes", "no", "so")
                             and c.i == tok.i + 1) or (c.dep_ == "dobj" and c.lower_ == "same")):
            last = c.right_edge.i
            if c.lower_ == "same":
                for g in kids:
                    if g.dep_ == "prep" and g.lower_ in ("of", "about", "for") and g.i == c.right_edge.i + 1:
                        last = g.right_edge.i
                return [t for t in tok.doc[c.left_edge.i:last + 1] if not t.is_space], base
            return [c], base
    return None


def _evidence_object(tok, lemma: str, lex, base: str):
    """An evidential verb (not one of saying or thinking) whose subject is a poll, a record or a report takes its
    object ("the poll showed a narrow lead"); with any other subject it reports nothing."""
    if lemma not in lex.evidence or lemma in lex.speech or lemma in lex.belief:
        return None
    kids = list(tok.children)
    dobj = [c for c in kids if c.dep_ == "dobj" and c.i > tok.i]
    if dobj and _evidence_source(_subject(tok), lex) and dobj[0].pos_ != "PRON":
        last = dobj[0].right_edge.i
        for c in kids:
            if c.i > dobj[0].i and (c.dep_ in ("xcomp", "oprd", "ccomp") or (c.dep_ == "prep" and not any(
                    g.ent_type_ in ("DATE", "TIME") for g in c.children))):
                last = max(last, c.right_edge.i)  # "show Clinton with a narrow lead"
        toks = [t for t in tok.doc[dobj[0].left_edge.i:last + 1] if not t.is_space]
        if len(toks) >= 2:
            return _clause(toks, lex), "evidence"
    return None, ""


def _as_phrase(tok, lemma: str, lex, base: str):
    """The "as" phrase of "V X as Y": "sees Cruz as a uniter", "described the plan as a gift"."""
    if lemma not in lex.as_verbs:
        return None
    toks = _as_content(tok, lex)
    if toks:
        return toks, ("belief" if lemma in lex.as_belief else "speech")
    return None


def _ing_complement(tok, lemma: str, lex, base: str):
    """An -ing complement: "reported raising $9 million", "denied having met him", "recalled meeting Trump"."""
    kids = list(tok.children)
    for c in kids:
        if c.dep_ in ("xcomp", "ccomp") and c.tag_ == "VBG" and c.i == tok.i + 1 + sum(
                1 for k in kids if k.dep_ in ("advmod", "neg") and tok.i < k.i < c.i) and lemma not in lex.raising_skip:
            return _clause(_subtree(c), lex), base
    return None


def _infinitive(tok, lemma: str, lex, base: str):
    """A promise or wish verb's to-infinitive, its object included ("vowed to ...", "urged them to ...")."""
    if lemma not in lex.infinitive:
        return None
    kids = list(tok.children)
    for c in kids:
        if c.dep_ == "xcomp" and c.i > tok.i and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children):
            objs = [d for d in kids if d.dep_ in ("dobj", "dative") and tok.i < d.i < c.i]
            start = objs[0] if objs else c
            toks = [t for t in tok.doc[start.left_edge.i:c.right_edge.i + 1] if not t.is_space]
            return _clause(toks, lex), base
    return None


def _phrasal_particle(tok, lemma: str, lex, base: str):
    """'called for/on ...': what follows the verb's particle or preposition."""
    particles = lex.phrasal.get(lemma)
    if not particles:
        return None
    kids = list(tok.children)
    for c in kids:
        if c.dep_ in ("prep", "prt") and c.lower_ in particles and c.i > tok.i:
            if c.dep_ == "prep":
                pobj = [g for g in c.children if g.dep_ == "pobj"]
                end = _comma_clause_end(pobj[0], c.right_edge.i) if pobj else c.right_edge.i
                # (", who headed ..." left out)
                toks = [t for t in c.subtree if c.i < t.i <= end and not t.is_space]
            else:
                rest = [d for d in kids if d.i > c.i and d.dep_ in ("dobj", "pobj", "ccomp", "xcomp", "prep")]
                toks = [t for d in rest for t in _subtree(d)]
            if toks:
                return toks, base
    for c in kids:
        # "is calling for the United States to step up ...": the parser reads the particle as the mark of an
        # infinitive clause; the clause (its subject included) is the content
        mark = [g for g in c.children if g.dep_ == "mark" and g.lower_ in particles and g.i > tok.i]
        if c.dep_ in ("advcl", "ccomp", "xcomp") and c.i > tok.i and mark and mark[0].i == c.left_edge.i:
            toks = [t for t in _subtree(c) if t.i > mark[0].i]
            if toks:
                return _clause(toks, lex), base
    return None


def _words_put_on(tok, lemma: str, lex, base: str):
    """A distancing verb's object and the quoted words put on it: 'calls Horgos “a mistake”', 'called Obama a
    “petulant child”', 'called Trump “the orange prince of ...”' (the named one parsed as an object predicate)."""
    if lemma not in lex.distancing:
        return None
    kids = list(tok.children)
    oprd = [c for c in kids if c.dep_ == "oprd" and c.i > tok.i]
    dobj = [c for c in kids if c.dep_ == "dobj" and c.i > tok.i]
    if dobj and not oprd:
        # 'calls Horgos “a mistake”', 'called Obama a “petulant child”': the named one and the words put on them
        doc = tok.doc
        j = dobj[0].right_edge.i + 1
        while j < len(doc) and j < dobj[0].right_edge.i + 4 and doc[j].text not in ("“", '"') and \
                doc[j].pos_ in ("DET", "ADJ", "ADV"):
            j += 1
        if j < len(doc) and doc[j].text in ("“", '"') and doc[j].sent == tok.sent:
            k = j + 1
            while k < tok.sent.end and doc[k].text not in ("”", '"'):
                k += 1
            if k < tok.sent.end:
                return [t for t in doc[dobj[0].left_edge.i:k + 1] if not t.is_space], base
    if len(oprd) >= 2 and not dobj:
        # 'one lawmaker called Trump “the orange prince of ...”': the parser may read the named one as a second
        # object predicate
        toks = [t for t in tok.doc[oprd[0].left_edge.i:oprd[-1].right_edge.i + 1] if not t.is_space]
        if toks and toks[-1].i + 1 < len(tok.doc) and tok.doc[toks[-1].i + 1].text in ("”", '"') \
                and any(t.text in ("“", '"') for t in toks):
            toks = toks + [tok.doc[toks[-1].i + 1]]
        return toks, "speech"
    return None


def _object_predicate(tok, lemma: str, lex, base: str):
    """An object and its predicate after a verb of saying or distancing ("called the plan a disaster")."""
    kids = list(tok.children)
    oprd = [c for c in kids if c.dep_ == "oprd" and c.i > tok.i]
    dobj = [c for c in kids if c.dep_ == "dobj" and c.i > tok.i]
    if oprd and dobj and lemma in (lex.speech | lex.distancing):
        toks = [t for t in tok.doc[dobj[0].left_edge.i:oprd[-1].right_edge.i + 1] if not t.is_space]
        return toks, "speech"
    return None


def _hearer(tok, lemma: str, lex, base: str):
    """'Lasry told Bloomberg Politics': the hearer, not what was said (no content)."""
    kids = list(tok.children)
    dobj = [c for c in kids if c.dep_ == "dobj" and c.i > tok.i]
    if dobj and lemma in lex.addressee and _animate(dobj[0], lex) and not any(
            c.dep_ in ("xcomp", "oprd") or (c.dep_ == "prep" and c.lower_ in lex.object_preps) for c in kids
            if c.i > dobj[0].i):
        return None, ""
    return None


def _object_end(tok, d, kids, lex) -> int:
    """The last token of a direct object's content: the noun phrase, the prepositional phrases completing it (not
    the time or occasion of the report), an object predicate, the clause a closing "that" opens, a closing quote
    mark the parser hung on the verb."""
    last = _np_end(d)
    for c in kids:
        if c.i > d.i and c.dep_ == "prep" and not any(
                g.dep_ == "pobj" and (g.ent_type_ in ("DATE", "TIME") or g.lemma_.lower() in _SETTING_NOUNS)
                for g in c.children) and (
                c.lower_ in lex.object_preps or (c.i == last + 1 and c.lower_ not in _MANNER_PREPS)):
            # "accused the EU of bias", "reported 20 victims at a center" (not "on Tuesday")
            last = max(last, c.right_edge.i)
        elif c.i > d.i and c.dep_ in ("xcomp", "oprd"):
            last = max(last, c.right_edge.i)
        elif c.i > d.i and c.dep_ not in ("prep", "punct", "advmod", "npadvmod"):
            break
    end = tok.doc[last]
    if end.lower_ == "that" and end.dep_ == "mark" and end.head.i > last:
        # "declared ... a statement that “things will change”": a content never ends on the "that" that opens
        # what was said; the clause it opens (attached by the parser to the verb) is said too
        last = max(last, end.head.right_edge.i)
    span = tok.doc[d.left_edge.i:last + 1].text
    if (span.count('"') % 2 or span.count("“") > span.count("”")) and last + 1 < len(tok.doc) \
            and tok.doc[last + 1].text in ('”', '"') and tok.doc[last + 1].sent == tok.sent:
        last += 1  # a quotation the content opens ends with it (the parser hangs the closing mark on the verb)
    return last


def _direct_object(tok, lemma: str, lex, base: str):
    """The object of a verb listed under ``object`` or ``stance`` with the phrases completing it ("reported a
    significant rejection", "accused the EU of bias", "endorsed Cruz", "voters supported her")."""
    kids = list(tok.children)
    dobj = [c for c in kids if c.dep_ == "dobj" and c.i > tok.i]
    person = bool(dobj) and dobj[0].lower_ in ("him", "her", "them") and lemma not in lex.addressee
    if not ((lemma in lex.object or lemma in lex.stance) and dobj and (person or (
            dobj[0].lower_ not in _NOT_OBJECT and dobj[0].pos_ != "PRON"))):
        return None
    # "voters supported her", "accused him of bias": a person as the object
    d = dobj[0]
    last = _object_end(tok, d, kids, lex)
    dative = [c for c in kids if c.dep_ == "dative" and tok.i < c.i < d.i and c.pos_ != "PRON"]
    first = dative[0].left_edge.i if dative else d.left_edge.i  # "offering Kasich the second spot"
    toks = [t for t in tok.doc[first:last + 1] if not t.is_space]
    named_subject = any(c.dep_ == "nsubj" and (c.pos_ == "PROPN" or c.ent_type_ in ("PERSON", "ORG", "NORP"))
                        for c in kids)
    if len(toks) >= 2 or (toks and (toks[0].pos_ == "PROPN" or person or (
            named_subject and toks[0].pos_ == "NOUN" and toks[0].ent_type_ not in ("DATE", "TIME")))):
        # "endorsed Cruz", "backed her", "Rubio opposes abortion"
        return _clause(toks, lex), base
    return None


def _prepositional(tok, lemma: str, lex, base: str):
    """With no object, a content preposition's phrase ("spoke about ..."), not when or where ("speaking on
    Tuesday", "wrote on Facebook", "said on CNN")."""
    kids = list(tok.children)
    if any(c.dep_ == "dobj" and c.i > tok.i for c in kids):
        return None
    for c in kids:
        if c.dep_ == "prep" and c.i > tok.i and c.lower_ in lex.content_preps and not any(
                g.dep_ == "pobj" and (g.ent_type_ in ("DATE", "TIME") or g.lemma_.lower() in _SETTING_NOUNS or (
                    c.lower_ == "on" and g.ent_type_ in ("ORG", "WORK_OF_ART", "PRODUCT")))
                for g in c.children):  # "speaking on Tuesday", "wrote on Facebook", "said on CNN": when, where
            pobj = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
            end = _np_end(pobj[0]) if pobj and pobj[0].dep_ == "pobj" else c.right_edge.i
            toks = [t for t in c.subtree if c.i < t.i <= end and not t.is_space]  # (", which ..." left out)
            if toks:
                return toks, base
    return None


# a cue verb's content rules, tried in this order: each gives (content tokens, base kind), (None, "") for a verb
# that reports nothing here, or None to pass to the next
_CONTENT_RULES = (_complement_clause, _answer, _evidence_object, _as_phrase, _ing_complement, _infinitive,
                  _phrasal_particle, _words_put_on, _object_predicate, _hearer, _direct_object, _prepositional)


def _verb_content(tok, lemma: str, lex):
    """(content tokens, base kind) of a cue verb, or (None, '')."""
    base = "belief" if (lemma in lex.belief or lemma in lex.infinitive) and lemma not in lex.speech \
        and lemma not in lex.stance else "speech"
    for rule in _CONTENT_RULES:
        found = rule(tok, lemma, lex, base)
        if found is not None:
            return found
    return None, ""
