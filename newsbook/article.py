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


# ---------------------------------------------------------------------------------------------------------------
# Light article pages for large corpora: written directly (no kernel per article), with the same anchors.

def _cell(kind: str, source: str, outputs: list | None = None, tags=()):
    import nbformat

    if kind == "markdown":
        cell = nbformat.v4.new_markdown_cell(source)
    else:
        cell = nbformat.v4.new_code_cell(source, outputs=outputs or [])
        cell.execution_count = None
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def _html_output(html: str):
    import nbformat

    return nbformat.v4.new_output("display_data", data={"text/html": html, "text/plain": "<HTML>"})


def page_notebook(document, tables: dict, found: list, n_documents: int, plain_date=None):
    """The page of one article of a large corpus, as an executed notebook (the book renders it like the others):
    its findings, its metadata, whose words it reports, the author's stance toward each side with the top
    evidence, and its full text with an anchor per sentence. Written from the tables in the build's own process,
    so that a corpus of thousands of articles does not start a kernel per article. Deterministic: the same
    tables give the same bytes (cell ids are derived from the article and the section)."""
    import hashlib

    import nbformat

    from analysis.corpus import short_id

    from . import findings as findings_mod

    doc_id = document.doc_id
    render.evidence_links(tables["documents"]["doc_id"], here=doc_id)
    try:
        title = document.value("title") or "untitled"
        sections = []
        sections.append(("What this article shows", findings_mod.render_findings(
            found, doc_id=doc_id, empty="No finding of the book rests on this article; its readings follow.")))
        docs = tables["documents"]
        meta = docs[docs["doc_id"] == doc_id].drop(columns=["text", "sha256"], errors="ignore").T.reset_index()
        meta.columns = ["field", "value"]
        sections.append(("Metadata", render.table(meta)))
        q = tables["quotes"]
        q = q[q["doc_id"] == doc_id][["sentence_id", "kind", "speaker", "speaker_side", "verb", "text"]]
        sections.append(("Whose words it reports", render.table(q, max_chars=300) if len(q) else
                         "<p>It reports no one's words.</p>"))
        st = tables["stance"]
        st = st[(st["doc_id"] == doc_id) & (st["n_sentences"] > 0)]
        cols = [c for c in ("target", "score", "low", "high", "label", "strength", "n_sentences") if c in st.columns]
        sections.append(("The author's stance", render.table(st[cols].round(3)) if len(st) else
                         "<p>No side has evidence in the author's voice.</p>"))
        sections.append(("The article, sentence by sentence", article_html(document, tables, plain_date)))
    finally:
        render.evidence_links([])
    from .render import markdown_literal

    cells = [_cell("markdown", f"# {markdown_literal(f'{short_id(doc_id)}: {title}')}\n\n"
                               f"One of the {n_documents:,} articles of this corpus. A corpus this large gets a light "
                               "page per article, written from the tables without a kernel: its findings, metadata, "
                               "reported voices, the author's stance, and its full text with an anchor per sentence "
                               "(the evidence links of the book land there). The chapters explain each reading.")]
    for heading, html in sections:
        cells.append(_cell("markdown", f"## {heading}"))
        cells.append(_cell("code", "# written by newsbook.article.page_notebook", [_html_output(html)],
                           tags=("remove-input",)))
    for i, cell in enumerate(cells):
        cell["id"] = hashlib.sha256(f"{doc_id}:{i}".encode()).hexdigest()[:8]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "analysis-book", "display_name": "Python (analysis book)",
                                 "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb
