"""Safe HTML for the book: article text is untrusted and is always escaped.

Notebooks display tables and evidence through these helpers (never raw Markdown or HTML built from article text).
"""

from __future__ import annotations

import html
import re
import urllib.parse
from typing import Iterable

import pandas as pd


def escape(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True)


_MD_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")


def markdown_literal(value, max_chars: int = 140) -> str:
    """One line of untrusted text as Markdown/MyST that renders literally.

    Every ASCII punctuation character is backslash-escaped (CommonMark makes any escaped punctuation literal), so no
    markup, role, directive, link or raw HTML can form; line breaks become spaces; long text is cut with an ellipsis.
    """
    text = " ".join(str(value or "").split())
    if len(text) > max_chars:
        text = text[: max_chars - 1] + "…"
    return _MD_PUNCT.sub(r"\\\1", text)


# ---------------------------------------------------------------------------------------------------------------
# Evidence links: every sentence id the book prints is a link to that sentence's anchor on its article's page.

_SENTENCE_ID = re.compile(r"(?<![\w.-])([\w.-]+):(s\d+)(?![\w])")
_LOCAL_ID = re.compile(r"^s\d+$")


class _Links:
    """Where the page being written stands: the corpus's document ids (and their short labels) and the page's
    own document, if it is an article page. Set by :func:`evidence_links` at the top of a notebook."""

    def __init__(self):
        self.docs: dict[str, str] = {}  # full id or short label -> full id
        self.here: str | None = None
        self.prefix = "documents/"


LINKS = _Links()


def evidence_links(doc_ids, here: str | None = None) -> None:
    """Make every sentence id printed on this page a link to its sentence (``sentence_href``).

    ``doc_ids``: the corpus's document ids (or documents); ``here``: the document of an article page (its pages
    live in ``documents/`` beside the chapters), None on a chapter.
    """
    from analysis.corpus import short_id

    ids = [getattr(d, "doc_id", d) for d in doc_ids]
    labels: dict[str, list[str]] = {}
    for doc_id in ids:
        labels.setdefault(short_id(doc_id), []).append(doc_id)
    LINKS.docs = {label: group[0] for label, group in labels.items() if len(group) == 1}
    LINKS.docs.update({doc_id: doc_id for doc_id in ids})
    LINKS.here = here
    LINKS.prefix = "" if here is not None else "documents/"


def anchor(sentence_id: str) -> str:
    """The HTML id of a sentence on its article's page: the sentence id's own part ("001_ab…:s013" -> "s013")."""
    return sentence_id.rpartition(":")[2]


def sentence_href(sentence_id: str) -> str | None:
    """The link to a sentence from the current page (None for an id of no known document)."""
    doc, _, local = sentence_id.rpartition(":")
    if not doc:
        return f"#{local}" if LINKS.here is not None and _LOCAL_ID.match(local) else None
    doc_id = LINKS.docs.get(doc)
    if doc_id is None:
        return None
    if doc_id == LINKS.here:
        return f"#{local}"
    return f"{LINKS.prefix}{urllib.parse.quote(doc_id)}.html#{local}"


def doc_href(doc: str) -> str | None:
    """The link to an article's page (its full id or short label) from the current page; None if unknown."""
    doc_id = LINKS.docs.get(doc)
    if doc_id is None:
        return None
    return "#" if doc_id == LINKS.here else f"{LINKS.prefix}{urllib.parse.quote(doc_id)}.html"


def sentence_link(sentence_id: str, label: str | None = None) -> str:
    """``<a class="evidence-link">`` to a sentence (label: the book's short form "001:s013"), escaped; plain
    escaped text when the id names no document of the corpus."""
    from analysis.corpus import sentence_label

    if label is None:
        label = sentence_label(sentence_id) if ":" in sentence_id else sentence_id
    href = sentence_href(sentence_id)
    if href is None:
        return escape(label)
    return f'<a class="evidence-link" href="{escape(href)}">{escape(label)}</a>'


def linkify(escaped: str) -> str:
    """Escaped HTML text with every sentence id of a known document ("001:s013", full ids) made a link."""
    if not LINKS.docs:
        return escaped

    def one(match: re.Match) -> str:
        doc_id = LINKS.docs.get(match.group(1))
        if doc_id is None:
            return match.group(0)
        return sentence_link(f"{doc_id}:{match.group(2)}")  # labelled the book's way, "001:s013"

    return _SENTENCE_ID.sub(one, escaped)


def cut(text: str, max_chars: int) -> str:
    """``text`` cut to at most ``max_chars`` characters at a word boundary, with an ellipsis."""
    if len(text) <= max_chars:
        return text
    head = text[: max_chars - 1]
    space = head.rfind(" ")
    if space >= max_chars // 2:
        head = head[:space]
    return head.rstrip(" ,;:") + "…"


def _longest_column(frame: pd.DataFrame) -> list[str]:
    if frame.empty:
        return []
    means = {c: frame[c].map(lambda v: len(str(v)) if isinstance(v, str) else 0).mean() for c in frame.columns}
    best = max(frame.columns, key=lambda c: means[c])
    return [best] if means[best] > 30 else []


# columns of running text: the ones a table gives its width to unless told otherwise
TEXT_COLUMNS = ("text", "evidence", "context", "description", "sentence_text", "gold_text", "pred_text", "title")


# a table longer than this is searchable, sortable and paginated in the browser (a page of this many rows)
PAGE_LENGTH = 25


def table(frame: pd.DataFrame, caption: str | None = None, max_chars: int | None = None,
          wide: Iterable[str] | None = None, searchable: bool | None = None, page_length: int = PAGE_LENGTH,
          tooltips: dict[str, str] | None = None, doc_links: Iterable[str] = ()) -> str:
    """An HTML table with every cell escaped (long cells optionally cut with an ellipsis).

    ``wide`` names the columns of running text (sentences, descriptions) that get the room to be read; by default
    the columns named like one (``TEXT_COLUMNS``), else the column with the longest values if they average over 30
    characters, else none. A short value with no space in it (a date, an id, a number) is kept on one line.

    ``searchable`` (default: more than ``page_length`` rows) marks the table for the book's script
    (``newsbook.sphinx_ext``: DataTables from the itables package, shipped with the book, no network), which makes
    it searchable, sortable and paginated in the browser. The HTML stays the full escaped table: without
    JavaScript every row is there, and no cell text ever enters a script.

    Sentence ids in a cell ("001:s013", or a bare "s013" on an article page) become links to the sentence
    (:func:`evidence_links`); ``tooltips`` maps a shown column to the column whose value is its cell's tooltip
    (e.g. a date in words with the TIMEX value behind it), the latter not shown. Cells are cut at a word.
    ``doc_links`` names columns of document ids (full or short): each becomes a link to the article's page, the
    way to an article when a large corpus leaves its pages out of the navigation.
    """
    tooltips = dict(tooltips or {})
    doc_links = set(doc_links)
    hidden = set(tooltips.values())
    tips = {shown: frame[source].tolist() for shown, source in tooltips.items()}
    frame = frame.drop(columns=[c for c in hidden if c in frame.columns and c not in tooltips])
    columns = list(frame.columns)
    if wide is None:
        wide = [c for c in columns if c in TEXT_COLUMNS] or _longest_column(frame)
    wide = set(wide)
    unknown = wide - set(columns)
    if unknown:
        raise KeyError(f"wide columns not in the table: {sorted(unknown)}")
    head = "".join(f"<th>{escape(c).replace('_', '_<wbr>')}</th>" for c in columns)  # may break after "_"
    rows = []
    for i, record in enumerate(frame.itertuples(index=False)):
        cells = []
        for column, value in zip(columns, record):
            text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
            if max_chars:
                text = cut(text, max_chars)
            cls = "text" if column in wide else ("nobreak" if len(text) <= 10 and not re.search(r"\s", text) else "")
            attrs = f' class="{cls}"' if cls else ""
            if column in tips:
                tip = tips[column][i]
                if tip is not None and not (isinstance(tip, float) and pd.isna(tip)) and str(tip) != text:
                    attrs += f' title="{escape(tip)}"'
            body = escape(text)
            href = doc_href(text) if column in doc_links and text else None
            if href is not None:
                body = f'<a class="doc-link" href="{escape(href)}">{body}</a>'
            elif LINKS.here is not None and _LOCAL_ID.match(text):  # "s013" on an article page: its own sentence
                body = sentence_link(text)
            elif LINKS.docs and ":s" in text:
                body = linkify(body)
            cells.append(f"<td{attrs}>{body}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    if searchable is None:
        searchable = len(rows) > page_length
    attrs = f' class="dataframe searchable" data-page-length="{int(page_length)}"' if searchable else ' class="dataframe"'
    return (
        f'<div class="analysis-table"><table{attrs}>{cap}<thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def short_ids(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy for display with document ids shortened ("001_d448…" -> "001", see ``corpus.short_id``) in the
    columns that hold them (doc_id, source_doc, derived_doc) and sentence ids printed as "001:s013"."""
    from analysis.corpus import sentence_label, short_id

    out = frame.copy()
    for column in ("doc_id", "source_doc", "derived_doc"):
        if column in out.columns:
            out[column] = out[column].map(lambda v: short_id(v) if isinstance(v, str) else v)
    if "sentence_id" in out.columns:
        out["sentence_id"] = out["sentence_id"].map(lambda v: sentence_label(v) if isinstance(v, str) else v)
    return out


def css_class(label: str) -> str:
    """The highlight class of a label: its kind before any ":" ("loaded:delegitimization" -> "loaded"), reduced
    to letters, digits, "-" and "_" (a codebook variant or an article's word never makes a class of its own)."""
    kind = str(label).split(":", 1)[0].strip().lower()
    kind = re.sub(r"[^a-z0-9_-]+", "-", kind).strip("-")
    return kind if kind in HIGHLIGHT_KINDS else "other"


# the kinds of mark the book highlights, with what each means (the legend; _static/book.css has a rule for each)
HIGHLIGHT_KINDS = {
    "quote": "words in quotation marks",
    "attribution": "what a source is reported to say or believe (not the author's own voice)",
    "cue": "the reporting verb or phrase (said, according to, called)",
    "loaded": "loaded language (blame, delegitimization, …)",
    "hedge": "hedge (may, reportedly, appears)",
    "booster": "booster (clearly, undoubtedly)",
    "we_voice": "the author speaking as a nation or group (we, our country)",
    "date": "date or duration",
    "term": "a naming choice of the framing codebook",
    "other": "other mark",
}


def legend(kinds: Iterable[str]) -> str:
    """The legend of the highlight kinds used on a page (escaped HTML, a swatch per kind)."""
    items = [f'<li><mark class="hl-{k}">{escape(k.replace("_", " "))}</mark> {escape(HIGHLIGHT_KINDS[k])}</li>'
             for k in HIGHLIGHT_KINDS if k in set(kinds)]
    return f'<ul class="hl-legend">{"".join(items)}</ul>' if items else ""


def highlight(text: str, spans: Iterable[tuple[int, int, str]], offset: int = 0) -> str:
    """Escaped ``text`` with ``<mark>`` around each (start, end, label) span; offsets relative to ``offset``.

    Overlapping spans are shown as the first (earliest, longest) one.
    """
    out = []
    pos = 0
    for start, end, label in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        start, end = start - offset, end - offset
        if start < pos or start < 0 or end > len(text):
            continue
        out.append(escape(text[pos:start]))
        out.append(f'<mark class="hl-{css_class(label)}" title="{escape(label)}" tabindex="0">'
                   f"{escape(text[start:end])}</mark>")
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


class Markdown:
    """Markdown written by the book's editors (a note of the corpus's book.yaml), displayed as Markdown: MyST-NB
    renders it like the notebook's own prose. Never for article text (use :func:`table`, :func:`highlight`)."""

    def __init__(self, data: str):
        self.data = data

    def _repr_markdown_(self) -> str:
        return self.data


def marked_sentences(doc, spans: pd.DataFrame, label_column: str, sentence_ids=None, kind: str | None = None) -> str:
    """Escaped HTML: each sentence of ``doc`` that holds a span (or is listed in ``sentence_ids``), with ``<mark>``
    around the spans (columns start, end and ``label_column``), one paragraph per sentence with its id as a link
    to the sentence on the article's page. ``kind`` (a :data:`HIGHLIGHT_KINDS` key) prefixes each label
    ("loaded: blame"), which gives the marks their highlight class."""
    by_sentence: dict[str, list[tuple[int, int, str]]] = {}
    for r in spans.itertuples(index=False):
        s = doc.sentence_at(r.start)
        if s is not None:
            label = str(getattr(r, label_column))
            by_sentence.setdefault(s.sentence_id, []).append((r.start, r.end, f"{kind}: {label}" if kind else label))
    wanted = set(by_sentence) | set(sentence_ids or [])
    parts = []
    for s in doc.sentences:
        if s.sentence_id in wanted:
            body = highlight(s.text, by_sentence.get(s.sentence_id, []), offset=s.start)
            link = sentence_link(s.sentence_id, label=anchor(s.sentence_id))
            parts.append(f'<p class="evidence">{link} {body}</p>')
    return "".join(parts)


def note(topic, key: str):
    """The book.yaml note for ``key`` ("chapter/place") as Markdown to display, or None when the topic has none."""
    text = topic.note(key) if topic is not None else ""
    return Markdown(text) if text else None


def show_note(topic, key: str) -> None:
    """Display the book.yaml note for ``key`` in a notebook (nothing when the topic has none)."""
    shown = note(topic, key)
    if shown is not None:
        from IPython.display import display

        display(shown)


class HTML:
    """A minimal displayable HTML object (what IPython.display.HTML does, without importing IPython here)."""

    def __init__(self, data: str):
        self.data = data

    def _repr_html_(self) -> str:
        return self.data
