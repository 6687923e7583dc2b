"""An article as the reader checks it: the full normalized text, one anchor per sentence, and the marks the
analysis put on it (quotations, attributions and their cues, loaded words, hedges, dates, naming choices).

Every finding in the book links to a sentence anchor on its article's page (``render.sentence_href``); this is the
page it lands on. The text is the document's normalized ``text`` exactly (the offsets of every table point into
it), escaped; marks are read from the export tables by their ``start``/``end`` offsets.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import render


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str  # one of render.HIGHLIGHT_KINDS
    note: str  # the tooltip: what the mark is ("loaded: blame", "date: 2020-09-27")


def _rows(tables: dict, name: str, doc_id: str) -> pd.DataFrame:
    frame = tables.get(name)
    if frame is None or frame.empty:
        return pd.DataFrame()
    return frame[frame["doc_id"] == doc_id]


def marks(tables: dict, doc_id: str, plain_date=None) -> list[Mark]:
    """The marks of one article from the export tables (``quotes``, ``attributions``, ``rhetoric``, ``timexes``,
    ``term_hits``), in text order. ``plain_date(value, type)`` words a TIMEX value for the date tooltips."""
    out: list[Mark] = []
    for r in _rows(tables, "attributions", doc_id).itertuples(index=False):
        who = r.speaker if isinstance(r.speaker, str) and r.speaker else "unknown"
        out.append(Mark(int(r.content_start), int(r.content_end), "attribution", f"{r.kind}, attributed to {who}"))
        if pd.notna(r.cue_start) and int(r.cue_end) > int(r.cue_start):
            out.append(Mark(int(r.cue_start), int(r.cue_end), "cue", f"cue of {who}'s words"))
    for r in _rows(tables, "quotes", doc_id).itertuples(index=False):
        if r.kind == "indirect":  # a paraphrase: marked as the attribution it is, not as quoted words
            continue
        who = r.speaker if isinstance(r.speaker, str) and r.speaker else "unknown"
        out.append(Mark(int(r.start), int(r.end), "quote", f"quotation ({r.kind}), speaker: {who}"))
    for r in _rows(tables, "rhetoric", doc_id).itertuples(index=False):
        kind = r.feature if r.feature in render.HIGHLIGHT_KINDS else None
        if kind is None:
            continue
        category = r.category if isinstance(r.category, str) and r.category else ""
        out.append(Mark(int(r.start), int(r.end), kind, f"{kind.replace('_', ' ')}: {category}" if category else kind))
    for r in _rows(tables, "timexes", doc_id).itertuples(index=False):
        words = plain_date(r.value, r.type) if plain_date is not None else r.value
        note = f"date: {words} ({r.value})" if words != r.value else f"date: {r.value}"
        out.append(Mark(int(r.start), int(r.end), "date", note))
    for r in _rows(tables, "term_hits", doc_id).itertuples(index=False):
        out.append(Mark(int(r.start), int(r.end), "term", f"naming: {r.variant} ({r.side} usage)"))
    return sorted(out, key=lambda m: (m.start, -m.end, m.kind))


def _segments(start: int, end: int, spans: list[Mark]):
    """Cut [start, end) at every mark boundary: (a, b, marks covering [a, b))."""
    cuts = {start, end}
    for m in spans:
        cuts.update(x for x in (m.start, m.end) if start < x < end)
    points = sorted(cuts)
    for a, b in zip(points, points[1:]):
        yield a, b, [m for m in spans if m.start <= a and m.end >= b]


def article_html(document, tables: dict, plain_date=None) -> str:
    """The article's full text as escaped HTML: paragraphs of sentences, each sentence a ``<span id="s013">``
    (the anchor evidence links point at) opened by its number, and every mark a ``<mark>`` with the classes of
    the kinds covering it and their notes as the tooltip (also shown on tap: the marks take focus)."""
    text = document.text
    spans = marks(tables, document.doc_id, plain_date)
    parts = ['<div class="article-text">', "<p>"]
    previous_end = None
    for s in document.sentences:
        if previous_end is not None and "\n" in text[previous_end:s.start]:
            parts.append("</p><p>")
        elif previous_end is not None:
            parts.append(" ")
        local = render.anchor(s.sentence_id)
        inside = [m for m in spans if m.start < s.end and m.end > s.start]
        body = []
        for a, b, covering in _segments(s.start, s.end, inside):
            chunk = render.escape(text[a:b])
            if not covering:
                body.append(chunk)
                continue
            kinds = sorted({m.kind for m in covering}, key=list(render.HIGHLIGHT_KINDS).index)
            notes = "; ".join(dict.fromkeys(m.note for m in covering))
            classes = " ".join(f"hl-{k}" for k in kinds)
            body.append(f'<mark class="{classes}" title="{render.escape(notes)}" tabindex="0">{chunk}</mark>')
        parts.append(f'<span class="sentence" id="{render.escape(local)}">'
                     f'<a class="sid" href="#{render.escape(local)}" title="sentence {render.escape(local)}">'
                     f"{render.escape(local)}</a> {''.join(body)}</span>")
        previous_end = s.end
    parts.append("</p></div>")
    used = {m.kind for m in spans}
    return render.legend(used) + "".join(parts)
