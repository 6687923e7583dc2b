"""Quotations and indirect reports of an article, with kind, speaker and verb."""

from __future__ import annotations

import re
from functools import lru_cache

from .. import actors, nlp
from .marks import _DOUBLE_OPEN, UNKNOWN, Quote, QuoteProblem, Span, _side, _Speaker, _State, scan_quotes
from .quote_speakers import (
    _Cue,
    _cue_speaker,
    _cues,
    _in_any,
    _lemma_of,
    _record_person,
    _resolve_span,
    _speaker_data,
    _trim,
    _verb_forms,
    _words,
    reporting_verbs,
    verb_class,
)

# ----------------------------------------------------------------------------------------------------------------
# extraction

_NP_START = r"(?:[A-Z][\w’'.\-]*|the|a|an|he|she|they|it|we|its|his|her|their|our)"
@lru_cache(maxsize=None)
def _post_patterns():
    verbs = "|".join(sorted(_verb_forms(), key=lambda v: (-len(v), v)))
    a = re.compile(r"^[\s,.!?]*(?P<np>" + _NP_START + r"(?:\s+[\w’'\-()]+|\.\w+){0,7}?)"
                   r"(?:\s+(?:has|had|was|were|is|also|then|later|further))*\s+(?P<verb>" + verbs + r")\b")
    b = re.compile(r"^[\s,.!?]*(?P<verb>" + verbs + r")\s+(?P<np>" + _NP_START + r"(?:\s+[\w’'\-]+){0,5}?)"
                   r"\s*(?:[,.;]|$)")
    return a, b


@lru_cache(maxsize=None)
def _verb_before_re():
    verbs = "|".join(sorted(_verb_forms(), key=lambda v: (-len(v), v)))
    return re.compile(r"\b(?:" + verbs + r")(?:\s+that)?\s*[:,]?\s*$", re.I)


def _post_attribution(state: _State, sent, span: Span) -> tuple[_Speaker, str] | None:
    """'“…,” he said', '“…,” said Hajiyev', '“…,” Hajiyev was quoted … as saying': the attribution right after."""
    text = state.doc.text
    post = text[span.close:sent.end]
    verbs = reporting_verbs()
    for pattern in _post_patterns():
        m = pattern.match(post)
        if m and _lemma_of(m.group("verb").lower()) in verbs:
            a, b = span.close + m.start("np"), span.close + m.end("np")
            while b > a + 1 and text[b - 1] == "." and text[b - 2].islower():
                b -= 1
            verb = m.group("verb")
            if _lemma_of(verb) == "quote" and re.match(r".{0,60}?\bas saying\b", post[m.end("verb"):]):
                verb = "quoted as saying"
            spk = _resolve_span(state, sent.index, a, b)
            if spk.how == "none":
                spk.how = "attribution after the quote"
            return spk, verb
    return None


def _clause_tokens(root) -> list:
    """The tokens of a reported clause, cut before a part that belongs to the reporter, not to the report.

    Two parser attachments are undone: a coordinated past-tense verb with no subject of its own after a present or
    modal clause ("demanded that Washington should change ... and scoffed ...": "scoffed" is the reporter's second
    act), and a relative clause with its own named subject and reporting verb ("..., which Baku deems to be ...":
    a second report).
    """
    verbs = reporting_verbs()
    toks = list(root.subtree)
    cut = None
    for t in toks:
        if t.i <= root.i:
            continue
        own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)
        if t.dep_ == "conj" and t.head.i == root.i and t.tag_ == "VBD" and root.tag_ in ("VB", "VBP", "VBZ") \
                and not own_subject:
            cut = t
        elif t.dep_ == "relcl" and t.lemma_ in verbs and any(
                c.dep_ == "nsubj" and c.pos_ == "PROPN" for c in t.children):
            cut = min(t.subtree, key=lambda x: x.i)
        if cut is not None:
            break
    if cut is None:
        return toks
    kept = [t for t in toks if t.i < cut.i]
    while kept and (kept[-1].is_punct or kept[-1].dep_ == "cc" or kept[-1].lower_ in ("which", "who")):
        kept.pop()
    return kept or toks


def _indirect(state: _State, sent, quote_spans, cues: list[_Cue]) -> list[tuple[int, int, _Cue]]:
    """(start, end, cue) of the reported clauses of indirect speech in a sentence."""
    text = state.doc.text
    verbs = reporting_verbs()
    out: list[tuple[int, int, _Cue]] = []
    for cue in cues:
        clause = None
        if cue.lemma == "according to" and cue.after is not None:
            sent_end = sent.end
            if cue.pos == sent.start or not text[sent.start:cue.pos].strip():
                comma = text.find(",", cue.after[1], sent_end)
                if comma != -1:
                    clause = (comma + 1, sent_end)
            elif text[sent.start:cue.pos].rstrip().endswith(","):
                clause = (sent.start, cue.pos)
        elif cue.token is not None and cue.lemma in verbs or cue.lemma == "made it clear":
            tok = cue.token
            if cue.lemma == "made it clear":
                clear = next((t for t in tok.children if t.lower_ == "clear"), None)
                holders = [clear] if clear is not None else []
                want_that = True
            else:
                v = verbs[cue.lemma]
                if not v.indirect and not v.commissive:
                    continue
                holders = [tok] + [c for c in tok.children if c.dep_ == "acomp"]
                want_that = not v.zero_that
            for holder in holders:
                for c in holder.children:
                    has_that = any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
                    is_commissive = (cue.lemma in verbs and verbs[cue.lemma].commissive and c.dep_ == "xcomp"
                                     and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children))
                    if (c.dep_ == "ccomp" and (has_that or not want_that)) or (c.dep_ == "advcl" and has_that) \
                            or is_commissive:
                        toks = _clause_tokens(c)
                        a = sent.start + toks[0].idx
                        b = sent.start + toks[-1].idx + len(toks[-1].text)
                        clause = (a, b)
                        break
                if clause:
                    break
        if not clause:
            continue
        a, b = _trim(text, *clause)
        if text[a:a + 5].lower() == "that ":
            a += 5
        a, b = _trim(text, a, b)
        if b - a < 3 or _in_any(cue.pos, quote_spans) or _in_any(a, quote_spans):
            continue
        quoted = sum(1 for i in range(a, b) if _in_any(i, quote_spans) or text[i] in "“”\"")
        if quoted >= 0.8 * (b - a):
            continue  # the clause is itself a quotation: the direct quote row carries it
        if any(x <= a and b <= y for x, y, _ in out):
            continue
        out.append((a, b, cue))
    return out


class _Memo:
    """The last few articles' quotations, so that the quotes table, the language features (which leave quoted
    words out) and the problems of one article find them once. Keyed by everything that changes the result: the
    article (its id, text and paragraphs), the topic object it was read with and the parse it was given (both held,
    so that their ids cannot be reused by other objects while the entry lives); at most ``size`` entries, the
    oldest dropped first."""

    def __init__(self, size: int = 8):
        self.size = size
        self._entries: dict[tuple, tuple[object, object, tuple[list[Quote], list[QuoteProblem]]]] = {}

    @staticmethod
    def key(doc, topic, parsed) -> tuple:
        return doc.doc_id, doc.text, tuple(doc.paragraphs), id(topic), id(parsed)

    def get(self, doc, topic, parsed):
        key = self.key(doc, topic, parsed)
        hit = self._entries.get(key)
        if hit is not None and hit[0] is topic and hit[1] is parsed:
            return hit[2]
        value = _extract_uncached(doc, topic, parsed)
        self._entries.pop(key, None)
        self._entries[key] = (topic, parsed, value)
        while len(self._entries) > self.size:
            self._entries.pop(next(iter(self._entries)))
        return value


_MEMO = _Memo()


def extract_quotes(doc, topic=None, parsed=None) -> list[Quote]:
    """Every quotation (direct, partial, scare, title) and indirect report of a document, in text order.
    ``topic``: the corpus's (its actors, sides and speaker descriptions), None for none; ``parsed``: the article's
    one parse (analysis.nlp), None to parse the sentences that need it one by one."""
    return _MEMO.get(doc, topic, parsed)[0]


def quote_problems(doc, topic=None, parsed=None) -> list[QuoteProblem]:
    """The quote-mark problems of a document: unclosed quotes, stray closing marks, nested quotes."""
    return _MEMO.get(doc, topic, parsed)[1]


def _extract_uncached(doc, topic, parsed):
    text = doc.text
    spans: list[Span] = []
    problems: list[QuoteProblem] = []
    for i, (p_start, p_end) in enumerate(doc.paragraphs):
        found, probs = scan_quotes(text, p_start, p_end)
        nxt = text[doc.paragraphs[i + 1][0]:doc.paragraphs[i + 1][0] + 1] if i + 1 < len(doc.paragraphs) else ""
        if nxt and nxt in _DOUBLE_OPEN + '"':
            # newsroom convention: a quote running over paragraphs has no closing mark until its last paragraph,
            # and each following paragraph opens with a quote mark
            found = [Span(sp.open, sp.close, tuple("continues in the next paragraph" if p == "no closing mark" else p
                                                   for p in sp.problems)) for sp in found]
            probs = [(o, "quotation continues in the next paragraph (no closing mark, next paragraph opens a quote)"
                      if m == "quotation with no closing mark before the paragraph end" else m) for o, m in probs]
        spans.extend(found)
        for offset, message in probs:
            problems.append(QuoteProblem(doc.doc_id, offset, message, text[max(0, offset - 40): offset + 40]))
    quote_spans = [(s.open, s.close) for s in spans]
    state = _State(doc, topic, nlp.ArticleParse(parsed) if parsed is not None else None)
    state.mentions = [m for m in actors.find_mentions(doc, topic=topic) if not _in_any(m.start, quote_spans)]
    title_cues = _speaker_data(topic)["title_cues"]
    title_re = re.compile(r"\b(?:" + "|".join(re.escape(c) for c in title_cues) + r")\s*[:,]?\s*$", re.I)
    doc_rules = [(re.compile(d["pattern"]), d) for d in _speaker_data(topic)["documents"]]
    raw: list[tuple[int, int, str, str, _Speaker, str, str]] = []  # start, end, sentence_id, kind, spk, verb, probs
    for sent in doc.sentences:
        for m in state.mentions:
            if sent.start <= m.start < sent.end and m.type == "person":
                state.persons.append((sent.index, m.start, m.entity))
        in_sent = [s for s in spans if sent.start <= s.open < sent.end]
        cues = _cues(state, sent, quote_spans)
        for span in in_sent:
            a, b = span.inner
            while b > a + 1 and text[b - 1] in ",;":
                b -= 1  # "…,” he said": the comma is the attribution's, not the speaker's
            pre = text[sent.start:span.open]
            starts_sentence = not pre.strip()
            if title_re.search(pre):
                raw.append((a, b, sent.sentence_id, "title", _Speaker(how="title"), "", "; ".join(span.problems)))
                continue
            verb_before = _verb_before_re().search(pre)
            post = None if verb_before else _post_attribution(state, sent, span)
            before = [c for c in cues if c.pos < span.open]
            after = [c for c in cues if c.pos >= span.close]
            chosen = None
            if starts_sentence:
                chosen = after[0] if after else None
            else:
                chosen = before[-1] if before else (after[0] if after else None)
            spk, verb = _Speaker(), ""
            if post is not None:
                spk, verb = post
                chosen = _Cue(span.close, verb, _lemma_of(verb))
            elif chosen is not None:
                spk = _cue_speaker(state, sent, chosen)
                verb = chosen.verb
                if spk.how == "none" and chosen.pos < span.open and after:
                    # "Citing “…”, the source stated …": a participle shares the main verb's subject
                    spk = _cue_speaker(state, sent, after[0])
                if spk.how == "none":
                    spk.how = "verb without subject"
            elif starts_sentence:
                prior = [q for q in state.quotes if q[0] in (sent.index - 1, sent.index)]
                if prior:
                    _, _, pspk, pverb = prior[-1]
                    spk = _Speaker(pspk.name, pspk.surface, "continuation", -1)
                    verb = pverb
            if chosen is None and spk.name == UNKNOWN and spk.how != "continuation":
                for pattern, rule in doc_rules:
                    if pattern.search(sent.text):
                        spk = _Speaker(rule["canonical"], pattern.search(sent.text).group(0), "quoted document", -1)
                        verb = rule.get("verb", "")
                        break
            n_words = _words(text[a:b])
            prev_direct = [r for r in raw if r[2] == sent.sentence_id and r[3] == "direct"]
            if prev_direct and not starts_sentence and _words(text[prev_direct[-1][1]:span.open]) <= 8 \
                    and re.search(r",\s*$", pre):
                # '“We are ready,” he said, “to talk.”': the second part continues the first
                kind = "direct"
                spk, verb = prev_direct[-1][4], prev_direct[-1][5]
            elif starts_sentence or ((verb_before or re.search(r"(?:\bthat|[:,])\s*$", pre)) and n_words >= 5):
                kind = "direct"
            elif chosen is not None or spk.how in ("continuation", "quoted document"):
                kind = "partial"
            elif n_words <= 4:
                kind = "scare"
                spk, verb = _Speaker(how="scare quote"), ""
            else:
                kind = "partial"
            raw.append((a, b, sent.sentence_id, kind, spk, verb, "; ".join(span.problems)))
            state.quotes.append((sent.index, span.open, spk, verb))
            _record_person(state, sent.index, spk)
        for a, b, cue in _indirect(state, sent, quote_spans, cues):
            spk = _cue_speaker(state, sent, cue)
            raw.append((a, b, sent.sentence_id, "indirect", spk, cue.verb, ""))
            _record_person(state, sent.index, spk)
    raw.sort(key=lambda r: (r[0], r[1]))
    # a quote running into the next paragraph takes the speaker of its continuation (backwards, so chains carry)
    marked = [i for i, r in enumerate(raw) if r[3] != "indirect"]
    for k in range(len(marked) - 2, -1, -1):
        cur, nxt = raw[marked[k]], raw[marked[k + 1]]
        if "continues in the next paragraph" in cur[6] and cur[4].name == UNKNOWN and nxt[4].name != UNKNOWN:
            spk = _Speaker(nxt[4].name, nxt[4].surface, "continued in the next paragraph", -1)
            raw[marked[k]] = (cur[0], cur[1], cur[2], "direct", spk, nxt[5], cur[6])
    quotes = []
    for n, (a, b, sid, kind, spk, verb, probs) in enumerate(raw, start=1):
        quotes.append(Quote(doc.doc_id, f"{doc.doc_id}:q{n:02d}", sid, a, b, text[a:b], kind, spk.name,
                            _side(spk.name, topic), verb, verb_class(verb), spk.surface, spk.how, probs))
    problems.sort(key=lambda p: (p.offset, p.problem))
    return quotes, problems


