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
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..rhetoric import scan_quotes
from ..segment import _abbreviations
from .cues import lexicon
from .speakers import UNKNOWN, Resolver, Speaker

KINDS = ("direct", "indirect", "mixed", "according_to", "belief", "distancing")
COLUMNS = ["doc_id", "attribution_id", "sentence_id", "source_start", "source_end", "source_text", "cue_start",
           "cue_end", "cue_text", "content_start", "content_end", "content_text", "speaker", "speaker_side", "kind"]

_OPEN = "“„«\"‘'"
_NOT_OBJECT = {"it", "this", "that", "him", "her", "them", "me", "us", "you", "what", "which", "nothing",
               "something", "anything", "one", "those", "these", "so", "much"}
_WORD = re.compile(r"\w+")


@dataclass
class _Quote:
    open: int
    close: int
    a: int  # inner start
    b: int  # inner end (trailing comma of "…,” he said" left out)
    continues: bool  # unclosed at a paragraph end, the next paragraph opening a quote (newsroom convention)
    words: int


@dataclass
class _Attr:
    content: tuple[int, int]
    cue: tuple[int, int] | None
    source: tuple[int, int] | None
    source_head: object
    base: str  # speech | belief | according_to | distancing | quote
    order: int = 0  # position of the cue (or content) for ordering and sentence ids
    quotes: list[int] = field(default_factory=list)  # indices of the quotations in the content
    speaker: Speaker | None = None
    inherit_from: int | None = None  # id() of the attribution whose speaker a cue-less quotation continues


# ----------------------------------------------------------------------------------------------------------------
# helpers

def _span(tokens) -> tuple[int, int]:
    first, last = tokens[0], tokens[-1]
    return first.idx, last.idx + len(last.text)


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and (text[a].isspace() or text[a] in ",;:—–-"):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ",;:—–-("):
        b -= 1
    return a, b


_MIXED_CLOSE = re.compile(r'“[^”"\n]{1,600}"(?=[\s,.;:!?)—–-]|$)')


def _quotes(document) -> list[_Quote]:
    """The article's quotations (``rhetoric.scan_quotes`` per paragraph). Two apostrophes ('') are read as a
    double quote mark, as some newspapers' archives print them (''I loved it,'' she said); a straight mark that
    closes a curly one as a curly closing mark."""
    text = document.text
    scan = text.replace("''", '"\x01') if "''" in text else text
    if "“" in scan and '"' in scan:
        # a curly opening mark closed by a straight one (“Our roads are crumbling," she said): read as ”
        scan = _MIXED_CLOSE.sub(lambda m: m.group(0)[:-1] + "”", scan)
    out = []
    paragraphs = document.paragraphs
    for i, (pa, pb) in enumerate(paragraphs):
        spans, _ = scan_quotes(scan, pa, pb)
        nxt = text[paragraphs[i + 1][0]] if i + 1 < len(paragraphs) and paragraphs[i + 1][0] < len(text) else ""
        for sp in spans:
            a, b = sp.inner
            if scan is not text:
                if scan[a:a + 1] == "\x01":
                    a += 1
                if scan[sp.close:sp.close + 1] == "\x01":
                    sp = type(sp)(sp.open, sp.close + 1, sp.problems)
            while b > a + 1 and text[b - 1] in ",;":
                b -= 1
            unclosed = "no closing mark" in sp.problems
            out.append(_Quote(sp.open, sp.close, a, b, unclosed and bool(nxt) and nxt in _OPEN,
                              len(_WORD.findall(text[a:b]))))
    return out


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


def _subtree(tok) -> list:
    return [t for t in tok.subtree if not t.is_space]


# ----------------------------------------------------------------------------------------------------------------
# cues in the parse

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


# the time or the occasion of a report, not what it is about ("criticized the plan at a time when ...", "at a rally")
_SETTING_NOUNS = {"time", "moment", "point", "period", "day", "week", "month", "year", "night", "morning", "evening",
                  "event", "meeting", "rally", "hearing", "conference", "debate", "interview", "speech", "session",
                  "summit", "appearance", "address", "briefing", "forum", "gathering", "ceremony", "dinner", "call",
                  "visit", "trip", "tour", "facebook", "twitter", "instagram", "tv", "television", "radio", "page",
                  "account", "feed", "show", "program", "programme", "broadcast", "podcast", "website", "blog",
                  "network", "channel", "air", "camera", "stage", "floor", "phone", "video", "behalf"}
_MANNER_PREPS = {"by", "with", "on", "during", "after", "before", "since", "until", "while", "despite", "amid"}


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


def _evidence_source(subj, lex) -> bool:
    """A poll, a study, records ... as the subject of an evidential verb ("the poll showed a slim lead")."""
    if subj is None:
        return False
    return subj.lemma_.lower() in lex.evidence_sources or any(
        c.dep_ == "compound" and c.lemma_.lower() in lex.evidence_sources for c in subj.children)


def _verb_content(tok, lemma: str, lex):
    """(content tokens, base kind) of a cue verb, or (None, '')."""
    base = "belief" if (lemma in lex.belief or lemma in lex.infinitive) and lemma not in lex.speech \
        and lemma not in lex.stance else "speech"
    kids = list(tok.children)
    bounds = _boundaries(tok.sent)
    ccomp = [c for c in kids if c.dep_ == "ccomp" and not c.is_space and _same_part(bounds, c.i, tok.i)
             and (c.i > tok.i or _adjacent_before(c, tok)) and not any(
                 g.dep_ == "nsubj" and g.lower_.endswith(("self", "selves")) for g in c.children)]
    # ("found himself embroiled in a controversy": no report)
    if ccomp and all(c.i < tok.i for c in ccomp) and lemma in lex.distancing and _names_and_quotes(tok):
        ccomp = []  # "she drew his ire - he called her “weak”": the words put on "her", not the clause before
    if ccomp:
        toks = sorted({t for c in ccomp for t in _subtree(c)}, key=lambda t: t.i)
        if bounds:  # the content stays in the cue's own sentence when the segmenter joined two
            toks = [t for t in toks if _same_part(bounds, t.i, tok.i)] or toks
        if all(c.i < tok.i for c in ccomp) and toks[-1].i > tok.i:
            # '“We will tax you,” Trump said in February of the plan': what follows the cue is the author's
            first = min(t.i for t in tok.subtree if t.dep_ in ("nsubj", "nsubjpass") and t.head.i == tok.i) \
                if any(t.dep_ in ("nsubj", "nsubjpass") and t.head.i == tok.i for t in tok.children) else tok.i
            toks = [t for t in toks if t.i < min(first, tok.i)] or toks
        return _clause(toks, lex), base
    if lemma in ("say", "answer", "reply") and any(c.dep_ == "nsubj" for c in kids):  # (not "To say so would be")
        # "46 percent of voters said yes", "the candidate said no", "55 percent said so", "61 percent say the same of
        # Clinton": the answer is what was said
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
    if lemma in lex.evidence and lemma not in lex.speech and lemma not in lex.belief:
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
    if lemma in lex.as_verbs:
        toks = _as_content(tok, lex)
        if toks:
            return toks, ("belief" if lemma in lex.as_belief else "speech")
    for c in kids:
        if c.dep_ in ("xcomp", "ccomp") and c.tag_ == "VBG" and c.i == tok.i + 1 + sum(
                1 for k in kids if k.dep_ in ("advmod", "neg") and tok.i < k.i < c.i) and lemma not in lex.raising_skip:
            # "reported raising $9 million", "denied having met him", "recalled meeting Trump"
            return _clause(_subtree(c), lex), base
    if lemma in lex.infinitive:
        for c in kids:
            if c.dep_ == "xcomp" and c.i > tok.i and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children):
                objs = [d for d in kids if d.dep_ in ("dobj", "dative") and tok.i < d.i < c.i]
                start = objs[0] if objs else c
                toks = [t for t in tok.doc[start.left_edge.i:c.right_edge.i + 1] if not t.is_space]
                return _clause(toks, lex), base
    particles = lex.phrasal.get(lemma)
    if particles:
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
    oprd = [c for c in kids if c.dep_ == "oprd" and c.i > tok.i]
    dobj = [c for c in kids if c.dep_ == "dobj" and c.i > tok.i]
    if dobj and not oprd and lemma in lex.distancing:
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
    if len(oprd) >= 2 and not dobj and lemma in lex.distancing:
        # 'one lawmaker called Trump “the orange prince of ...”': the parser may read the named one as a second
        # object predicate
        toks = [t for t in tok.doc[oprd[0].left_edge.i:oprd[-1].right_edge.i + 1] if not t.is_space]
        if toks and toks[-1].i + 1 < len(tok.doc) and tok.doc[toks[-1].i + 1].text in ("”", '"') \
                and any(t.text in ("“", '"') for t in toks):
            toks = toks + [tok.doc[toks[-1].i + 1]]
        return toks, "speech"
    if oprd and dobj and lemma in (lex.speech | lex.distancing):
        toks = [t for t in tok.doc[dobj[0].left_edge.i:oprd[-1].right_edge.i + 1] if not t.is_space]
        return toks, "speech"
    if dobj and lemma in lex.addressee and _animate(dobj[0], lex) and not any(
            c.dep_ in ("xcomp", "oprd") or (c.dep_ == "prep" and c.lower_ in lex.object_preps) for c in kids
            if c.i > dobj[0].i):
        return None, ""  # "Lasry told Bloomberg Politics": the hearer, not what was said
    person = bool(dobj) and dobj[0].lower_ in ("him", "her", "them") and lemma not in lex.addressee
    if (lemma in lex.object or lemma in lex.stance) and dobj and (person or (
            dobj[0].lower_ not in _NOT_OBJECT and dobj[0].pos_ != "PRON")):
        # "voters supported her", "accused him of bias": a person as the object
        d = dobj[0]
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
        dative = [c for c in kids if c.dep_ == "dative" and tok.i < c.i < d.i and c.pos_ != "PRON"]
        first = dative[0].left_edge.i if dative else d.left_edge.i  # "offering Kasich the second spot"
        toks = [t for t in tok.doc[first:last + 1] if not t.is_space]
        named_subject = any(c.dep_ == "nsubj" and (c.pos_ == "PROPN" or c.ent_type_ in ("PERSON", "ORG", "NORP"))
                            for c in kids)
        if len(toks) >= 2 or (toks and (toks[0].pos_ == "PROPN" or person or (
                named_subject and toks[0].pos_ == "NOUN" and toks[0].ent_type_ not in ("DATE", "TIME")))):
            # "endorsed Cruz", "backed her", "Rubio opposes abortion"
            return _clause(toks, lex), base
    if not dobj:
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
    return None, ""


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


def _cue_span(tok) -> tuple[int, int]:
    """The cue words: the verb with its particle when one follows it ("pointed out")."""
    end = tok.idx + len(tok.text)
    for c in tok.children:
        if c.dep_ == "prt" and c.i == tok.i + 1:
            end = c.idx + len(c.text)
    return tok.idx, end


# ----------------------------------------------------------------------------------------------------------------
# the article

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


def _attach_quotes(document, doc, quotes: list[_Quote], attrs: list[_Attr], pending, lex) -> None:
    text = document.text
    starts = [s.start for s in document.sentences]

    def sent_of(pos: int) -> int:
        return max(0, bisect.bisect_right(starts, pos) - 1)

    used_pending: set[int] = set()
    attrs.sort(key=lambda x: x.order)
    for qi, q in enumerate(quotes):
        if q.b <= q.a:
            continue
        # a content that overlaps the quotation
        hits = [x for x in attrs if x.content[0] < q.close and q.open < x.content[1] and x.base != "according_to"]
        if not hits:
            hits = [x for x in attrs if x.content[0] < q.close and q.open < x.content[1]]
        if hits:
            best = min(hits, key=lambda x: abs(x.order - q.a))
            _extend(best, q, qi, quotes)
            continue
        qs, qe = sent_of(q.open), sent_of(max(q.open, q.close - 1))
        # a reporting verb with no content of its own in the quotation's sentence(s) ("X said: “…”")
        cands = [(k, p) for k, p in enumerate(pending) if k not in used_pending
                 and qs - 1 <= sent_of(p[1][0]) <= qe and (p[1][0] >= q.close or p[1][1] <= q.open)]
        if cands:
            before = [(k, p) for k, p in cands if p[1][1] <= q.open and (sent_of(p[1][0]) >= qs or
                                                                        text[p[1][1]:q.open].strip().endswith(":"))]
            after = [(k, p) for k, p in cands if p[1][0] >= q.close and sent_of(p[1][0]) <= qe]
            pick = after[0] if after and (not before or not text[document.sentences[qs].start:q.open].strip()) \
                else (before[-1] if before else None)
            if pick is not None:
                k, (tok, cue, src, subj) = pick
                used_pending.add(k)
                content = (q.a, q.b)
                if cue[1] <= q.open:
                    content = _embedded_quote(text, tok, cue, q, lex) or content
                attrs.append(_Attr(content, cue, src, subj if src else None, "speech", tok.idx, [qi]))
                attrs.sort(key=lambda x: x.order)
                continue
        # a continuation of the previous quotation (same speaker, quotation over sentences or paragraphs)
        prev = [x for x in attrs if x.quotes and x.content[1] <= q.open]
        if prev:
            last = max(prev, key=lambda x: x.content[1])
            pq = quotes[last.quotes[-1]]
            gap = text[pq.close:q.open]
            close_by = sent_of(q.open) - sent_of(last.content[1] - 1) <= 1 + gap.count("\n")
            own = last.cue is not None and pq.close <= last.cue[0] < q.open \
                and len(_WORD.findall(gap)) <= min(40, max(8, pq.words + q.words)) \
                and "\n" not in gap and _sentence_ends(gap) <= 1
            # '“A,” he said, popping a soda as he sat on a couch. “B.”': the frame's one sentence between two parts
            # (not longer than the two parts: then they are two contents)
            if close_by and (not gap.strip() or pq.continues or own):
                # '“…,” he said. “…”': one content over both parts (the cue and source stay the author's words)
                _extend(last, q, qi, quotes)
                continue
        # a full quotation opening its sentence with no cue: the speaker of the attribution just before it
        # (within two sentences: '“…,” she said. The crowd cheered. “…”')
        before = [x for x in attrs if x.content[1] <= q.open and x.base != "distancing"]
        if before and not max(before, key=lambda x: x.content[1]).quotes:
            before = []  # only a quotation continues a quotation's speaker
        if before and q.words >= 5 and not text[document.sentences[qs].start:q.open].strip():
            last = max(before, key=lambda x: x.content[1])
            if sent_of(q.open) - sent_of(last.content[1] - 1) <= 2:
                attrs.append(_Attr((q.a, q.b), None, None, None, "quote", q.open, [qi], inherit_from=id(last)))
                attrs.sort(key=lambda x: x.order)
                continue


def _embedded_quote(text: str, tok, cue: tuple[int, int], q: _Quote, lex) -> tuple[int, int] | None:
    """A cue verb before a quotation that is only part of its clause ('told a town hall on Monday that waterboarding
    is “peanuts,” compared to ...', 'Comey testified “thousands” of emails had not been turned over', 'called Obama
    a “petulant child”'): the content is the clause after the cue (after its "that"), the quotation inside it, not
    the quoted words alone. None when the quotation is the whole of what follows the cue ('said: “…”', 'said
    Tuesday, “…”')."""
    sent = tok.sent
    if not (sent.start_char <= q.open and q.close <= sent.end_char):
        return None
    between = text[cue[1]:q.open]
    after = text[q.close:sent.end_char]
    words_after = len(_WORD.findall(after))
    if between.rstrip().endswith((",", ":", ";", "—", "–", "-")) and words_after < 2:
        return None
    if not _WORD.findall(between) and words_after < 2:
        return None
    doc = tok.doc
    last_cue = max(t.i for t in doc[tok.i:tok.i + 3] if t.idx < cue[1])
    toks = [t for t in tok.subtree if t.i > last_cue and not t.is_space]
    if not toks or not (toks[0].idx <= q.open and q.close <= toks[-1].idx + len(toks[-1].text) + 1):
        toks = [t for t in doc[last_cue + 1:sent.end] if not t.is_space]
    that = [t for t in toks if t.lower_ == "that" and t.idx < q.open and (t.dep_ == "mark" or (
        t.head.dep_ == "relcl" and t.head.head.dep_ == "pobj" and t.head.head.head.head.i == tok.i))]
    # ("predicted at the debate that ...": the parser may read the "that"-clause as a relative of the setting)
    if that:
        toks = [t for t in toks if t.i > that[-1].i]
    toks = _clause(toks, lex) if toks else toks
    while toks and toks[-1].is_punct and toks[-1].text not in "”’\"'":
        toks = toks[:-1]  # the sentence's full stop
    if not toks:
        return None
    a, b = _trim(text, *_span(toks))
    if a > q.open or b < q.close - 1:
        return None  # the clause found does not hold the quotation: keep the quoted words
    return a, max(b, q.b)


@lru_cache(maxsize=1)
def _abbreviations_lower() -> frozenset[str]:
    return frozenset(_abbreviations()[1])


def _sentence_ends(gap: str) -> int:
    """Full stops (or ! ?) that end a sentence in a quotation's frame: not after an initial or an abbreviation
    ('said Mark S. Mellman, ...', 'said Sen. Tom Udall, ...': one sentence)."""
    abbrevs = _abbreviations_lower()
    n = 0
    for m in re.finditer(r"(\S*)[.!?](?=\s|$)", gap):
        word = m.group(0)
        if re.fullmatch(r"[A-Z]\.", word) or word.lower() in abbrevs:
            continue
        n += 1
    return n


def _extend(x: _Attr, q: _Quote, qi: int, quotes: list[_Quote]) -> None:
    """Extend an attribution's content over a quotation; a content that is all quotation keeps no quote mark."""
    x.quotes.append(qi)
    a, b = min(x.content[0], q.a), max(x.content[1], q.b)
    first, last = quotes[min(x.quotes)], quotes[max(x.quotes)]
    if first.open <= a and b <= last.close:
        a, b = first.a, last.b
    elif first.open == a:
        a = first.a
    x.content = (a, b)


def quotation_spans(document) -> list[tuple[int, int]]:
    """(open, close) of every quotation of the article, marks included, as the attribution layer reads them."""
    return [(q.open, q.close) for q in _quotes(document)]


def _finish(document, attrs: list[_Attr], quotes: list[_Quote], resolver: Resolver) -> list[dict]:
    text = document.text
    attrs.sort(key=lambda x: (x.order, x.content))
    # one attribution per content: a quotation reached by two cues keeps the first
    seen: dict[tuple[int, int], _Attr] = {}
    kept: list[_Attr] = []
    for x in attrs:
        if x.content in seen:
            continue
        seen[x.content] = x
        kept.append(x)
    # a report inside another's content ("Hajiyev hinted that Baku expects ...") is part of that content: each
    # character of the article is the author's or belongs to one attribution (as PolNeAR annotates)
    contents = sorted(x.content for x in kept)
    starts_ = [c[0] for c in contents]

    def nested(y: _Attr) -> bool:
        anchor = y.cue[0] if y.cue is not None else y.content[0]
        i = bisect.bisect_right(starts_, anchor) - 1
        while i >= 0:
            a, b = contents[i]
            if a <= anchor < b and (a, b) != y.content and not (y.content[0] <= a and b <= y.content[1]):
                z = seen[(a, b)]
                z_anchor = z.cue[0] if z.cue is not None else z.content[0]
                if not (y.content[0] <= z_anchor < y.content[1]):
                    return True
                # each anchor in the other's content ('Kasich said he would have fired him, according to press
                # reports': "said" holds "according to", and the other way round): "according to" frames the
                # whole report, else the longer content stays
                if (z.base == "according_to") != (y.base == "according_to"):
                    if z.base == "according_to":
                        return True
                elif b - a > y.content[1] - y.content[0]:
                    return True
            if b < anchor - 2000:
                break
            i -= 1
        return False

    kept = [y for y in kept if not nested(y)]
    # what is left may still touch: a content inside another is dropped, a partial overlap is cut at the first's end
    kept.sort(key=lambda x: (x.content[0], -x.content[1]))
    disjoint: list[_Attr] = []
    for x in kept:
        if disjoint and x.content[0] < disjoint[-1].content[1]:
            prev_end = disjoint[-1].content[1]
            if x.content[1] <= prev_end:
                continue
            a, b = _trim(text, prev_end, x.content[1])
            if b - a < 2:
                continue
            x.content = (a, b)
        disjoint.append(x)
    kept = disjoint
    by_id = {id(x): x for x in kept}
    rows = []
    sentences = document.sentences
    starts = [s.start for s in sentences]
    for x in kept:
        if x.source is not None:
            spk = resolver.resolve(x.source[0], x.source[1], x.source_head)
            resolver.remember(x.source[0], spk, _type_of(resolver, spk.name))
        elif x.inherit_from in by_id and by_id[x.inherit_from].speaker is not None:
            spk = by_id[x.inherit_from].speaker
        else:
            spk = Speaker()
        x.speaker = spk
        ca, cb = x.content
        if not x.quotes:
            while cb > ca + 1 and text[cb - 1] in ".!?;,":
                cb -= 1  # the sentence's full stop is not part of what was said
            x.content = (ca, cb)
        if x.base == "according_to":
            kind = "according_to"
        elif x.base == "distancing":
            kind = "distancing"
        elif x.quotes:
            # words of the content outside its quotations, the attribution's own frame between two parts of a
            # split quotation ('“…,” Hajiyev was quoted as saying. “…”') left out
            first, last = quotes[min(x.quotes)], quotes[max(x.quotes)]
            outside = len(_WORD.findall(text[ca:max(ca, first.open)] + " " + text[min(cb, last.close):cb]))
            kind = "direct" if outside <= 0 else "mixed"
        elif x.base == "belief":
            kind = "belief"
        else:
            kind = "indirect"
        pos = x.cue[0] if x.cue else ca
        si = max(0, bisect.bisect_right(starts, pos) - 1)
        sa, sb = x.source if x.source else (-1, -1)
        cua, cub = x.cue if x.cue else (-1, -1)
        rows.append({
            "doc_id": document.doc_id, "attribution_id": "",
            "sentence_id": sentences[si].sentence_id if sentences else "",
            "source_start": sa, "source_end": sb, "source_text": text[sa:sb] if sa >= 0 else "",
            "cue_start": cua, "cue_end": cub, "cue_text": text[cua:cub] if cua >= 0 else "",
            "content_start": ca, "content_end": cb, "content_text": text[ca:cb],
            "speaker": spk.name, "speaker_side": spk.side if spk.name != UNKNOWN else UNKNOWN, "kind": kind,
        })
    rows.sort(key=lambda r: (r["content_start"], r["content_end"], r["cue_start"]))
    for k, r in enumerate(rows, start=1):
        r["attribution_id"] = f"{document.doc_id}:a{k:03d}"
    return rows


def _type_of(resolver: Resolver, name: str) -> str:
    for m in resolver.mentions:
        if m.entity == name:
            return m.type
    return "person" if " " in name and name[:1].isupper() else "organization"


# ----------------------------------------------------------------------------------------------------------------
# the author's voice

def author_spans(document, attributions) -> list[tuple[int, int]]:
    """The spans of the article in the author's voice: every sentence's characters outside all attribution
    contents, plus the sources and cues that lie inside a content (the author's reporting words)."""
    voiced: list[tuple[int, int]] = []
    given_back: list[tuple[int, int]] = []
    quoted = None
    for r in attributions:
        voiced.append((r["content_start"], r["content_end"]))
        if r["kind"] == "direct":
            # a split quotation's frame ('“…,” he said. “…”') is the author's: only the quoted words are the source's
            if quoted is None:
                quoted = _merge([(q.a, q.b) for q in _quotes(document)])
            given_back.extend(_subtract([(r["content_start"], r["content_end"])], quoted))
        parts = [(r[f"{k}_start"], r[f"{k}_end"]) for k in ("source", "cue") if r[f"{k}_start"] >= 0]
        given_back.extend(p for p in parts if p[1] > p[0])
        if len(parts) == 2:
            (a1, b1), (a2, b2) = sorted(parts)
            between = document.text[b1:a2] if a2 >= b1 else ""
            if len(_WORD.findall(between)) <= 3 and not any(ch in between for ch in "“”\".;"):
                given_back.append((a1, max(b1, b2)))  # "Pashinyan has said": the frame is one stretch
    voiced = _merge(voiced)
    out: list[tuple[int, int]] = []
    for s in document.sentences:
        out.extend(_subtract([(s.start, s.end)], voiced))
    out.extend(g for g in given_back)
    return _merge(out)


def author_share(document, attributions) -> dict[str, float]:
    """sentence_id -> the share of the sentence's characters that are in the author's voice (0..1)."""
    spans = author_spans(document, attributions)
    out = {}
    for s in document.sentences:
        total = s.end - s.start
        mine = sum(max(0, min(b, s.end) - max(a, s.start)) for a, b in spans)
        out[s.sentence_id] = round(mine / total, 4) if total else 1.0
    return out


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if b <= a:
            continue
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _subtract(spans: list[tuple[int, int]], holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for a, b in spans:
        pos = a
        for x, y in holes:
            if y <= pos or x >= b:
                continue
            if x > pos:
                out.append((pos, x))
            pos = max(pos, y)
        if pos < b:
            out.append((pos, b))
    return out


# ----------------------------------------------------------------------------------------------------------------
# links for the export tables

def link_quotes(attributions, quotes) -> dict:
    """For each quotation (a mapping or object with ``doc_id``, ``quote_id``, ``start``, ``end``: a row of
    quotes.csv), the attribution of the same document whose content holds most of its characters:
    quote_id -> (attribution_id, speaker, speaker_side). Quotations no content reaches (scare quotes, titles) are
    left out."""
    by_doc: dict[str, list] = {}
    for r in attributions:
        by_doc.setdefault(r["doc_id"], []).append(
            (r["content_start"], r["content_end"], r["attribution_id"], r["speaker"], r["speaker_side"]))
    for contents in by_doc.values():
        contents.sort()
    out = {}
    for q in quotes:
        get = q.get if isinstance(q, dict) else (lambda k, q=q: getattr(q, k))
        contents = by_doc.get(get("doc_id"), [])
        a, b = get("start"), get("end")
        best, best_overlap = None, 0
        for ca, cb, aid, spk, side in contents:
            if ca >= b:
                break
            overlap = min(b, cb) - max(a, ca)
            if overlap > best_overlap:
                best, best_overlap = (aid, spk, side), overlap
        if best is not None and best_overlap >= 0.5 * max(1, b - a):
            out[get("quote_id")] = best
    return out
