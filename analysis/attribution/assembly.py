"""From candidates to rows: one attribution per content, a report inside another's content dropped (every
character is the author's or one attribution's), the rest made disjoint; the speaker resolved (or inherited by a
cue-less quotation), the kind decided, the row written."""

from __future__ import annotations

import bisect

from .candidates import _WORD, _Attr, _trim
from .quoted_speech import _Quote
from .speakers import UNKNOWN, Resolver, Speaker


def _one_per_content(attrs: list[_Attr]) -> tuple[list[_Attr], dict[tuple[int, int], _Attr]]:
    """One attribution per content, in the order given: a quotation reached by two cues keeps the first."""
    seen: dict[tuple[int, int], _Attr] = {}
    kept: list[_Attr] = []
    for x in attrs:
        if x.content in seen:
            continue
        seen[x.content] = x
        kept.append(x)
    return kept, seen


def _drop_nested(kept: list[_Attr], seen: dict[tuple[int, int], _Attr]) -> list[_Attr]:
    """A report inside another's content ("Hajiyev hinted that Baku expects ...") is part of that content: each
    character of the article is the author's or belongs to one attribution (as PolNeAR annotates)."""
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

    return [y for y in kept if not nested(y)]


def _make_disjoint(text: str, kept: list[_Attr]) -> list[_Attr]:
    """What is left may still touch: a content inside another is dropped, a partial overlap is cut at the first's
    end."""
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
    return disjoint


def _speaker_of(x: _Attr, resolver: Resolver, by_id: dict[int, _Attr]) -> Speaker:
    """The speaker of a source (resolved, and remembered for the pronouns after it), or of the attribution a
    cue-less quotation continues, or no one."""
    if x.source is not None:
        spk = resolver.resolve(x.source[0], x.source[1], x.source_head)
        resolver.remember(x.source[0], spk, _type_of(resolver, spk.name))
    elif x.inherit_from in by_id and by_id[x.inherit_from].speaker is not None:
        spk = by_id[x.inherit_from].speaker
    else:
        spk = Speaker()
    return spk


def _kind(x: _Attr, text: str, quotes: list[_Quote], ca: int, cb: int) -> str:
    """direct, mixed (quoted and paraphrased), indirect, belief, according_to or distancing."""
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
    return kind


def _finish(document, attrs: list[_Attr], quotes: list[_Quote], resolver: Resolver) -> list[dict]:
    """The article's rows from its candidates: one per content, the nested dropped, the rest disjoint; in text order
    each speaker resolved (or inherited), the sentence's full stop left out of a content with no quotation, the kind
    decided; numbered in the order of their contents."""
    text = document.text
    attrs.sort(key=lambda x: (x.order, x.content))
    kept, seen = _one_per_content(attrs)
    kept = _drop_nested(kept, seen)
    kept = _make_disjoint(text, kept)
    by_id = {id(x): x for x in kept}
    rows = []
    sentences = document.sentences
    starts = [s.start for s in sentences]
    for x in kept:
        spk = _speaker_of(x, resolver, by_id)
        x.speaker = spk
        ca, cb = x.content
        if not x.quotes:
            while cb > ca + 1 and text[cb - 1] in ".!?;,":
                cb -= 1  # the sentence's full stop is not part of what was said
            x.content = (ca, cb)
        kind = _kind(x, text, quotes, ca, cb)
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
