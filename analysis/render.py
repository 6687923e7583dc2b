"""Safe HTML for the book: article text is untrusted and is always escaped.

Notebooks display tables and evidence through these helpers (never raw Markdown or HTML built from article text).
"""

from __future__ import annotations

import html
import re
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
          wide: Iterable[str] | None = None, searchable: bool | None = None, page_length: int = PAGE_LENGTH) -> str:
    """An HTML table with every cell escaped (long cells optionally cut with an ellipsis).

    ``wide`` names the columns of running text (sentences, descriptions) that get the room to be read; by default
    the columns named like one (``TEXT_COLUMNS``), else the column with the longest values if they average over 30
    characters, else none. A short value with no space in it (a date, an id, a number) is kept on one line.

    ``searchable`` (default: more than ``page_length`` rows) marks the table for the book's script
    (``analysis.sphinx_ext``: DataTables from the itables package, shipped with the book, no network), which makes
    it searchable, sortable and paginated in the browser. The HTML stays the full escaped table: without
    JavaScript every row is there, and no cell text ever enters a script.
    """
    columns = list(frame.columns)
    if wide is None:
        wide = [c for c in columns if c in TEXT_COLUMNS] or _longest_column(frame)
    wide = set(wide)
    unknown = wide - set(columns)
    if unknown:
        raise KeyError(f"wide columns not in the table: {sorted(unknown)}")
    head = "".join(f"<th>{escape(c).replace('_', '_<wbr>')}</th>" for c in columns)  # may break after "_"
    rows = []
    for record in frame.itertuples(index=False):
        cells = []
        for column, value in zip(columns, record):
            text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
            if max_chars and len(text) > max_chars:
                text = text[: max_chars - 1] + "…"
            cls = "text" if column in wide else ("nobreak" if len(text) <= 10 and not re.search(r"\s", text) else "")
            cells.append(f'<td class="{cls}">{escape(text)}</td>' if cls else f"<td>{escape(text)}</td>")
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
    from .corpus import sentence_label, short_id

    out = frame.copy()
    for column in ("doc_id", "source_doc", "derived_doc"):
        if column in out.columns:
            out[column] = out[column].map(lambda v: short_id(v) if isinstance(v, str) else v)
    if "sentence_id" in out.columns:
        out["sentence_id"] = out["sentence_id"].map(lambda v: sentence_label(v) if isinstance(v, str) else v)
    return out


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
        out.append(f'<mark class="hl-{escape(label)}" title="{escape(label)}">{escape(text[start:end])}</mark>')
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
