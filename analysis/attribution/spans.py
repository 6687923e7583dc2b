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

The rules live by cue family: :mod:`.verb_cues` (the verbs; their contents in :mod:`.verb_contents`),
:mod:`.prepositional_cues` ("according to", "in a poll", "per CNN"), :mod:`.nominal_cues` (nouns of saying,
headline lines), :mod:`.modifier_cues` (hearsay adverbs, emotion adjectives), :mod:`.distancing` (frames,
"so-called") and :mod:`.quoted_speech` (quotations); what they share in :mod:`.candidates` (the candidate
attribution), :mod:`.source_phrases` (who reports) and :mod:`.content_ends` (where a content stops);
:mod:`.assembly` turns the candidates into rows, :mod:`.author_voice` gives the rest to the author.
"""

from __future__ import annotations

from .. import contract
from .assembly import _finish
from .candidates import _Attr
from .cues import lexicon
from .distancing import _is_so_called, _so_called
from .modifier_cues import _emotion_attribution, _hearsay, _is_hearsay
from .nominal_cues import _headlines, _is_report_noun, _noun_attribution
from .prepositional_cues import _according_to, _is_source_preposition
from .quoted_speech import _attach_quotes, _quote_finder, _quotes
from .speakers import Resolver
from .verb_cues import _closing_frames, _verb_cue

KINDS = ("direct", "indirect", "mixed", "according_to", "belief", "distancing")
COLUMNS = contract.COLUMNS["attributions"]  # each row's keys, in order


def find_attributions(document, parsed, mentions, topic=None) -> list[dict]:
    """Every attribution of an article, in text order; see the module docstring. ``parsed`` is the article's parse
    (``analysis.nlp.parse_document``), ``mentions`` its actors (``analysis.actors.find_mentions(document, parsed,
    topic)``), ``topic`` the corpus's (its speaker descriptions), None for none.
    """
    text = document.text
    if parsed.text != text:
        raise ValueError(f"{document.doc_id}: the parse is not of this document's text")
    lex = lexicon()
    quotes = _quotes(document)
    quote_at = _quote_finder(quotes)
    resolver = Resolver(document, parsed, mentions, [(q.open, q.close) for q in quotes], topic)
    attrs: list[_Attr] = []
    pending: list[tuple[object, tuple[int, int], tuple[int, int] | None, object]] = []  # cues with no content yet
    doc = parsed
    for tok in doc:
        if tok.is_space or tok.is_punct or quote_at(tok.idx) >= 0:
            continue
        if tok.i > 0 and doc[tok.i - 1].text in ("<", "</"):
            continue  # the name of a markup element left in the text ('<tweet pic="" author=...>')
        found = _cue_at(tok, text, lex, quotes, quote_at)
        if isinstance(found, _Attr):
            attrs.append(found)
        elif found is not None:
            pending.append(found)

    attrs.extend(_closing_frames(document, doc, lex, quote_at, {x.cue[0] for x in attrs if x.cue is not None}))
    attrs.extend(_headlines(document, doc, lex, quote_at))
    _attach_quotes(document, doc, quotes, attrs, pending, lex)
    return _finish(document, attrs, quotes, resolver)


def _cue_at(tok, text: str, lex, quotes, quote_at):
    """The attribution whose cue is ``tok`` (an ``_Attr``), a speech verb waiting for a quotation (a pending cue),
    or None: the cue families tried in turn, the first that reads the token deciding (an emotion word that gives
    nothing may still be a verb)."""
    if _is_source_preposition(tok):
        return _according_to(tok, text, lex)
    if _is_so_called(tok):
        return _so_called(tok, text, quotes, quote_at)
    if _is_hearsay(tok, lex):
        return _hearsay(tok, text, lex)
    if _is_report_noun(tok, lex):
        return _noun_attribution(tok, lex)
    if tok.lower_ in lex.emotions:
        found = _emotion_attribution(tok, lex)
        if found is not None:
            return found
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    return _verb_cue(tok, text, lex, quotes, quote_at)
