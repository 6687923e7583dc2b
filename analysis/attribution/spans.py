"""Attributions: who (source) says or thinks what (content) through which words (cue), found in the parse.

``find_attributions(document, parsed, mentions)`` reads one article's spaCy parse (``analysis.nlp``) and its actor
mentions (``analysis.actors.find_mentions(document, parsed)``):

- **verbs** of the cue lexicon (``data/attribution_cues.yaml``): a clausal complement is the content ("said (that)
  ...", "“…,” he said", "believes ..."); else a to-infinitive for promise/wish verbs ("vowed to ..."); else, for
  the verbs listed under ``object``, the direct object and the prepositional phrases completing it ("reported a
  significant rejection", "criticized the administration's demands", "accused the EU of bias"); "called for/on ...";
  a parenthetical "X, he said, Y" (parataxis) gives its host clause. The source is the verb's subject (inherited
  through coordination and participles: "..., adding that"; the antecedent of a relative "who"; the agent of a
  passive "was quoted by"; none for "it was reported that").
  Also: "V X as Y" ("sees Cruz as a uniter", "described the plan as a gift"); an evidential verb whose subject is
  a poll, a record or a report takes its object ("the poll showed a narrow lead"); the stance verbs of the lexicon
  (``stance``: "bashed the proposal", "endorsed Cruz", "backed her") take their object, a hearer of tell/ask is no
  content ("Lasry told Bloomberg"); an -ing complement ("reported raising $9 million"); a passive with its agent
  gives its subject ("The meeting was first reported by Politico"); counted and collective subjects can speak ("19
  percent of students support ...", "critics"), as can ads, platforms and reports; a participle's subject is the
  noun it modifies ("a group backing Bush"); a comma-set cue after its clause, even when misparsed ("X, a new poll
  finds").
- **nouns** of saying and thinking with a "that"-clause and a named possessor or "by/from" phrase ("Trump's
  claim that ...", "a warning from the ministry that ..."; with no one named, "the claim that ...", the source is
  unknown), or with a possessor and a to-infinitive or
  prepositional complement ("Trump's proposal to ban ...", "his criticisms of Trump").
- **headline and transcript lines** "Source: content" (a short noun phrase headed by a name, a person, group or
  evidence noun, then a colon): the rest of the paragraph.
- **hearsay adverbs** ("The club is reportedly spending ..."): the clause, with no source.
- **a verb outside the lexicon** with a "that"-clause and a subject who can speak (a name, he/she/they, a person
  noun): "the campaign countered that ...".
- **"according to X"**: X is the source, the rest of its clause the content; likewise "in a new poll" / "in his
  words" / "per CNN" opening a sentence or closing it after a comma.
- **distancing frames**: "what X called ...", "what has been characterized as ...", "which they perceive as ...",
  "which Baku deems to be ...", "so-called ...": the words characterised are the content, X (if any) the source.
- **quotations** (quote marks paired as in ``analysis.rhetoric.scan_quotes``): a quotation that overlaps a verb's
  content extends it (kind ``direct`` when the content is the quotation, ``mixed`` when it also holds the author's
  paraphrase); a quotation that continues the previous attribution's quotation (only white space between, or the
  next paragraph opening with a quote mark) extends that content over several sentences; "X said:" before a
  quotation; a full quotation (five words or more) with no cue takes the speaker of the attribution just before it
  (within two sentences) when that attribution is itself a quotation; a short quotation with no cue is a scare
  quote, not an attribution.

A content ends with its sentence (unless a quotation carries it on; also where the segmenter joined two sentences
after '.”'), before a coordinated second act of the reporter ("said that ... and called on ...", ", telling X
that ...", "and he railed ..."), before another source's report (", while most said ..."), before a closing ",
which ..." gloss, and, for an object, before a comma-set relative clause or the time or occasion of the report ("on
Tuesday", "at a time when", "in a phone call"). A quotation split by its cue's one-sentence frame ('“A,” he said,
sitting down. “B.”') is one content. An object or prepositional content needs a subject that can speak
("the dismissal underscores a shift" is the author's analysis). Contents are disjoint: a report inside another
report's content ("Hajiyev hinted that Baku expects ...") is part of that content, as PolNeAR annotates; so every
character of an article is the author's or belongs to exactly one attribution's content.

Kinds: ``direct``, ``indirect``, ``mixed``, ``according_to``, ``belief`` (verbs of thinking, fearing, wanting),
``distancing``. Offsets are exact into ``document.text``; source and cue are ``""`` with offsets -1 when the
article gives none. ``sentence_id`` is the sentence of the cue (of the content when there is no cue).

``author_spans`` and ``author_share`` give the author's voice: every character of a sentence that is not inside
an attribution's content, the cues and sources inside a content (the author's own reporting words) included.
"""

from __future__ import annotations

import bisect

from .assembly import _finish
from .candidates import _OPEN, _Attr, _cue_span, _span, _subtree, _trim
from .content_ends import _clause
from .cues import lexicon
from .distancing import _frame_content, _is_frame
from .modifier_cues import _emotion
from .nominal_cues import _headlines, _noun_report
from .quoted_speech import _attach_quotes, _quotes
from .source_phrases import _animate, _evidence_source, _fallback_subject, _is_dateline, _source_span, _subject
from .speakers import Resolver
from .verb_contents import _as_content, _verb_content
from .verb_cues import _closing_frames, _passive_as

KINDS = ("direct", "indirect", "mixed", "according_to", "belief", "distancing")
COLUMNS = ["doc_id", "attribution_id", "sentence_id", "source_start", "source_end", "source_text", "cue_start",
           "cue_end", "cue_text", "content_start", "content_end", "content_text", "speaker", "speaker_side", "kind"]


def find_attributions(document, parsed, mentions, topic=None) -> list[dict]:
    """Every attribution of an article, in text order; see the module docstring. ``parsed`` is the article's parse
    (``analysis.nlp.parse_document``), ``mentions`` its actors (``analysis.actors.find_mentions(document, parsed,
    topic)``), ``topic`` the corpus's (its speaker descriptions), None for none.
    """
    text = document.text
    if parsed.text != text:
        raise ValueError(f"{document.doc_id}: the parse is not of this document's text")
    lex = lexicon()
    cue_verbs = lex.cue_verbs
    quotes = _quotes(document)
    qspans = [(q.open, q.close) for q in quotes]
    q_opens = [q.open for q in quotes]

    def quote_at(pos: int) -> int:
        i = bisect.bisect_right(q_opens, pos) - 1
        return i if i >= 0 and quotes[i].open <= pos < quotes[i].close else -1

    resolver = Resolver(document, parsed, mentions, qspans, topic)
    attrs: list[_Attr] = []
    pending: list[tuple[object, tuple[int, int], tuple[int, int] | None, object]] = []  # cues with no content yet
    doc = parsed
    n = len(doc)
    for tok in doc:
        if tok.is_space or tok.is_punct or quote_at(tok.idx) >= 0:
            continue
        if tok.i > 0 and doc[tok.i - 1].text in ("<", "</"):
            continue  # the name of a markup element left in the text ('<tweet pic="" author=...>')
        low = tok.lower_
        # "according to X"
        according = low == "according" and tok.i + 1 < n and doc[tok.i + 1].lower_ == "to"
        source_prep = low in ("in", "per") and tok.dep_ == "prep"
        if according or source_prep:
            to = doc[tok.i + 1] if according else tok
            pobj = [c for c in to.children if c.dep_ == "pobj"]
            if not pobj or pobj[0].lemma_.lower() in lex.according_to_not_sources:
                continue
            if source_prep and not (pobj[0].lemma_.lower() in lex.in_sources or (
                    low == "per" and (pobj[0].pos_ == "PROPN" or pobj[0].ent_type_ in ("ORG", "PERSON"))) or (
                    pobj[0].lemma_.lower() in lex.in_speech_sources and tok.head.lemma_.lower() not in cue_verbs)):
                continue  # "in a new poll", "in his words", "per CNN" (not "in Iowa", "per capita", "said in a
                # statement", where the phrase belongs to the cue)
            head = tok.head if tok.head.i != tok.i else tok
            a_i, b_i = tok.left_edge.i, max(tok.right_edge.i, pobj[0].right_edge.i)
            sent = tok.sent
            if head.i == tok.i:
                continue
            h_l, h_r = head.left_edge.i, head.right_edge.i
            s_l, s_r = sent.start, sent.end - 1
            while s_r > s_l and (doc[s_r].is_punct or doc[s_r].is_space):
                s_r -= 1
            if source_prep and not (a_i <= s_l or (b_i >= s_r and doc[a_i - 1].text == ",")):
                continue  # only a phrase that opens its sentence or closes it after a comma frames the clause
            if b_i >= s_r and a_i > s_l:  # "..., according to X." closes its sentence: the content is before it
                h_l, h_r = s_l, s_r
            elif a_i <= s_l and b_i < s_r:  # "According to X, ...": the content is the rest of the sentence
                h_l, h_r = s_l, sent.end - 1
            if a_i <= h_l + 1 and b_i < h_r:
                toks = [t for t in doc[b_i + 1:h_r + 1]]
            elif b_i >= h_r - 1 and a_i > h_l:
                toks = [t for t in doc[h_l:a_i]]
            elif head.i > b_i and doc[a_i - 1].text == ",":
                # "While most were marked confidential, according to an official, two were upgraded": the clause
                # of the word the phrase modifies, on its side of the phrase
                toks = [t for t in doc[b_i + 1:h_r + 1]]
            elif head.i < a_i and doc[a_i - 1].text == ",":
                toks = [t for t in doc[h_l:a_i]]  # "Clinton leads by 271 delegates, according to a count, which ..."
            else:
                toks = [t for t in doc[h_l:h_r + 1]]
            toks = [t for t in toks if not t.is_space and t.sent == sent]
            if not toks:
                continue
            ca, cb = _trim(text, *_span(toks))
            while cb > ca and text[cb - 1] in ".!?" and text[ca] not in _OPEN:
                cb -= 1
            if cb <= ca:
                continue
            src = _source_span(pobj[0])
            attrs.append(_Attr((ca, cb), (tok.idx, to.idx + len(to.text)), src, pobj[0], "according_to", tok.idx))
            continue
        if low in ("so-called", "self-styled", "self-described", "self-proclaimed") or (
                low == "so" and tok.i + 2 < n and doc[tok.i + 1].text == "-" and doc[tok.i + 2].lower_ == "called"):
            last = tok if low != "so" else doc[tok.i + 2]
            j = last.i + 1
            while j < n and doc[j].is_space:
                j += 1
            if j >= n:
                continue
            qi = quote_at(doc[j].idx)
            if qi >= 0:
                ca, cb = quotes[qi].a, quotes[qi].b
            else:
                head = doc[j].head if doc[j].head.i > j and doc[j].head.i - j <= 6 else doc[j]
                ca, cb = doc[j].idx, head.idx + len(head.text)
            attrs.append(_Attr(_trim(text, ca, cb), (tok.idx, last.idx + len(last.text)), None, None, "distancing",
                               tok.idx))
            continue
        if low in lex.hearsay_adverbs and tok.dep_ == "advmod" and tok.head.pos_ in ("VERB", "AUX") \
                and tok.head.lemma_.lower() not in lex.verbs and not any(
                    c.dep_ == "acomp" and c.lower_ in lex.emotions for c in tok.head.children):
            # "The club is reportedly spending $1.5 million": the clause is hearsay, its source unnamed (a cue verb it
        # modifies, "has reportedly discussed", keeps its own attribution)
            toks = [t for t in _subtree(tok.head) if t.i != tok.i and t.sent == tok.sent]
            toks = _clause(toks, lex) if toks else toks
            if toks:
                ca, cb = _trim(text, *_span(toks))
                if cb - ca >= 2:
                    attrs.append(_Attr((ca, cb), (tok.idx, tok.idx + len(tok.text)), None, None, "speech", tok.idx))
            continue
        if tok.pos_ == "NOUN" and (tok.lemma_.lower() in lex.nouns or tok.lemma_.lower() in lex.prep_nouns):
            found = _noun_report(tok, lex)
            if found is not None:
                (ca, cb), src_tok = found
                src = _source_span(src_tok) if src_tok is not None else None
                base = "belief" if tok.lemma_.lower() in lex.belief_nouns else "speech"
                attrs.append(_Attr((ca, cb), (tok.idx, tok.idx + len(tok.text)), src, src_tok, base, tok.idx))
            continue
        if tok.lower_ in lex.emotions:
            found = _emotion(tok, lex)
            if found is not None:
                (ca, cb), cue, subj = found
                attrs.append(_Attr((ca, cb), cue, _source_span(subj), subj, "belief", tok.idx))
                continue
        if tok.pos_ not in ("VERB", "AUX"):
            continue
        lemma = tok.lemma_.lower()
        if lemma not in cue_verbs and tok.tag_ in ("VBD", "VBN", "VBG") and lemma + "e" in cue_verbs:
            lemma = lemma + "e"  # the lemmatizer's "hop" for "hoped", "hoping"
        if lemma in lex.passive and not (lemma in lex.distancing and _is_frame(tok)):
            found = _passive_as(tok, lemma, lex)  # ("what has been characterized as": a distancing frame)
            if found is not None:
                (ca, cb), agent = found
                attrs.append(_Attr((ca, cb), _cue_span(tok), _source_span(agent) if agent is not None else None,
                                   agent, "belief" if lemma in lex.as_belief else "speech", tok.idx))
                continue
        if lemma in lex.as_verbs and lemma not in lex.verbs:
            # "sees Cruz as a uniter", "identified the deficit as the main threat"
            toks = _as_content(tok, lex)
            subj = _subject(tok) if toks else None
            if toks and subj is not None and subj.lower_ not in ("what", "which", "that") and _animate(subj, lex):
                ca, cb = _trim(text, *_span(toks))
                attrs.append(_Attr((ca, cb), _cue_span(tok), _source_span(subj), subj,
                                   "belief" if lemma in lex.as_belief else "speech", tok.idx))
                continue
        if lemma not in cue_verbs and lemma not in lex.distancing:
            # a verb outside the lexicon with a "that"-clause and a subject who can speak ("Ryan made clear that",
            # "the campaign countered that"): a report too
            that_clause = [c for c in tok.children if c.dep_ == "ccomp" and c.i > tok.i and any(
                g.dep_ == "mark" and g.lower_ == "that" for g in c.children)]
            subj = _subject(tok) if that_clause and tok.tag_.startswith("VB") else None
            if subj is None or not (subj.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or subj.lower_ in (
                    "he", "she", "they") or subj.lemma_.lower() in lex.person_nouns) or lemma in ("be", "have", "make"):
                continue
            toks = _clause(sorted({t for c in that_clause for t in _subtree(c)}, key=lambda t: t.i), lex)
            ca, cb = _trim(text, *_span(toks))
            if text[ca:ca + 5].lower() == "that ":
                ca += 5
            attrs.append(_Attr((ca, cb), _cue_span(tok), _source_span(subj), subj, "speech", tok.idx))
            continue
        if tok.head.lower_ == "worth":
            continue  # "it is worth noting that ...": the author's comment
        if lemma in lex.distancing and _is_frame(tok):
            toks = _frame_content(tok)
            if toks:
                ca, cb = _trim(text, *_span(toks))
                subj = _subject(tok)
                src = _source_span(subj) if subj is not None and subj.lower_ not in ("what", "which", "that") else None
                cue_end = tok.idx + len(tok.text)
                nxt = doc[tok.i + 1] if tok.i + 1 < n else None
                if nxt is not None and nxt.lower_ == "as":
                    cue_end = nxt.idx + len(nxt.text)
                attrs.append(_Attr((ca, cb), (tok.idx, cue_end), src, subj if src else None, "distancing", tok.idx))
                continue
        if lemma not in cue_verbs:
            continue
        toks, base = _verb_content(tok, lemma, lex)
        subj = _subject(tok)
        src = _source_span(subj) if subj is not None else None
        if (subj is None or _is_dateline(subj, tok)) and tok.tag_ in ("VBD", "VBZ", "VBP") \
                and tok.dep_ not in ("xcomp", "acl", "relcl", "amod", "pcomp"):
            found = _fallback_subject(tok)
            subj, src = found if found else (None, None)
        cue = _cue_span(tok)
        if toks is not None and lemma in lex.speech and not any(c.dep_ == "ccomp" for c in tok.children):
            # '“Who do they think they are?” Trump said of Apple': the quotation just before the cue is what was
            # said, not the prepositional or object phrase after it
            left = min(tok.i, subj.i) if subj is not None and subj.head.i == tok.i else tok.i
            k = left - 1
            while k >= tok.sent.start and (doc[k].is_space or doc[k].text in (",", "—", "–")):
                k -= 1
            if k >= tok.sent.start and doc[k].text in ("”", '"', "''", "’") and quote_at(doc[k].idx) >= 0 \
                    and quotes[quote_at(doc[k].idx)].b <= doc[k].idx + len(doc[k].text) \
                    and text[quotes[quote_at(doc[k].idx)].b - 1:quotes[quote_at(doc[k].idx)].b] != ".":
                toks = None  # (a quotation closed by a full stop ends its own sentence: '“… fight.” She predicts')
        own_subject = subj is not None and subj.head.i == tok.i
        # a comma-set cue read by the parser as a relative clause of the noun before it ("Most residents oppose
        # the tax, a new poll finds"): its host is the sentence's main clause
        subordinate = any(c.dep_ in ("mark", "dobj") for c in tok.children)  # "..., after X stated an interest"
        bare_relcl = tok.dep_ == "relcl" and tok.left_edge.i > 0 and doc[tok.left_edge.i - 1].text == "," and \
            tok.sent.root.i < tok.i and not any(c.dep_ in ("dobj", "ccomp", "xcomp") or c.tag_ in ("WDT", "WP")
                                               for c in tok.children)
        if toks is None and own_subject and not subordinate and (lemma in lex.speech or lemma in lex.belief or (
                lemma in lex.evidence and _evidence_source(subj, lex))) and (bare_relcl or (
                (tok.head.pos_ in ("VERB", "AUX") or (tok.dep_ == "parataxis" and tok.head.pos_ in ("NOUN", "PROPN")
                                                        and tok.head.i < tok.i)) and (tok.dep_ == "parataxis" or (
                    tok.head.i < tok.i and tok.dep_ in ("ccomp", "advcl", "conj") and tok.left_edge.i > 0
                    and doc[tok.left_edge.i - 1].text in (",", "—", "–"))))):
            # "The talks, he said, will resume", "Tariffs will not help, said David Autor, a professor ...": the
            # host clause is the content, the cue's own words (its subject and their appositions) are not
            host = tok.sent.root if bare_relcl else tok.head
            own = {t.i for t in tok.subtree}
            toks = [t for t in _subtree(host) if t.sent == tok.sent and t.i not in own]
            while toks and toks[-1].is_punct and toks[-1].i > tok.right_edge.i:
                toks.pop()  # the full stop after the cue ("..., a new poll finds.")
            if toks and toks[-1].i > tok.right_edge.i:
                toks = [t for t in _subtree(host) if t.sent == tok.sent]  # the cue stands inside its content
            base = "speech"
        if toks is None and subj is not None and subj.dep_ == "pobj" and subj.head.dep_ == "agent":
            # "The meeting was first reported by Politico", "the proposal was rejected by 60 percent of voters"
            patient = [c for c in tok.children if c.dep_ == "nsubjpass" and c.lower_ not in ("who", "which", "that")]
            if patient and _animate(subj, lex):
                toks, base = _subtree(patient[0]), ("belief" if lemma in lex.belief else "speech")
        if toks is None:
            if subj is not None and lemma in lex.speech:
                pending.append((tok, cue, src, subj))
            continue
        if base not in ("belief", "evidence") and not any(c.dep_ == "ccomp" for c in tok.children) \
                and not _animate(subj, lex):
            continue  # "the dismissal underscores a shift": an object or phrase content needs someone who speaks
        ca, cb = _trim(text, *_span(toks))
        if text[ca:ca + 5].lower() == "that " and ca < tok.idx or (ca > cue[1] and text[ca:ca + 5].lower() == "that "):
            ca += 5
        if cb - ca < 2:
            continue
        attrs.append(_Attr((ca, cb), cue, src, subj if src else None, base, tok.idx))

    attrs.extend(_closing_frames(document, doc, lex, quote_at, {x.cue[0] for x in attrs if x.cue is not None}))
    attrs.extend(_headlines(document, doc, lex, quote_at))
    _attach_quotes(document, doc, quotes, attrs, pending, lex)
    return _finish(document, attrs, quotes, resolver)
