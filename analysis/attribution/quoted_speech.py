"""Quotation-driven attribution: the article's quotations as the attribution layer reads them, each attached to
the content it overlaps, to a cue with no content of its own ("X said: “…”"), to the quotation it continues, or
to the speaker just before it; and the link from quotes.csv rows to the attributions."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from ..rhetoric import scan_quotes
from ..segment import _abbreviations
from .candidates import _OPEN, _WORD, _Attr, _span, _trim
from .content_ends import _clause


@dataclass
class _Quote:
    open: int
    close: int
    a: int  # inner start
    b: int  # inner end (trailing comma of "…,” he said" left out)
    continues: bool  # unclosed at a paragraph end, the next paragraph opening a quote (newsroom convention)
    words: int


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


def _quote_finder(quotes: list[_Quote]):
    """``quote_at(pos)``: the index of the quotation (marks included) that holds the character ``pos``, or -1."""
    q_opens = [q.open for q in quotes]

    def quote_at(pos: int) -> int:
        i = bisect.bisect_right(q_opens, pos) - 1
        return i if i >= 0 and quotes[i].open <= pos < quotes[i].close else -1

    return quote_at


def quotation_spans(document) -> list[tuple[int, int]]:
    """(open, close) of every quotation of the article, marks included, as the attribution layer reads them."""
    return [(q.open, q.close) for q in _quotes(document)]


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
