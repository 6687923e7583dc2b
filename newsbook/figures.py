"""Shared figure style for the notebooks: deterministic SVG output and a few plotting helpers."""

from __future__ import annotations

import matplotlib

from analysis.corpus import short_id  # noqa: F401  (the notebooks label documents with figures.short_id)

STYLE = {
    "figure.figsize": (7.0, 3.6),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 9,  # MIN_FONT_PT: no text of a figure is smaller
    "axes.titlesize": 10,
    "legend.fontsize": 9,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "figure.titlesize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.hashsalt": "analysis-book",
    "svg.fonttype": "path",
    "path.simplify": True,
}

# Colour-blind-safe categorical colours for the sides (Okabe & Ito 2008, "Color Universal Design", then Paul
# Tol's "muted" olive, teal and sand), most distinct first: the colours sides take when the topic gives them none
# (the corpus's book.yaml may give its own, see analysis.topic). One colour, one meaning across the book: the
# orange, vermillion and purple of Okabe-Ito are left out because they are the two ends of the stance scale
# (STANCE_CMAP), and no figure uses a side colour for anything but its side (neutral marks are greys).
CB_PALETTE = ("#0072B2", "#009E73", "#F0E442", "#56B4E9", "#999933", "#44AA99", "#DDCC77")
# the diverging scale of stance (ColorBrewer PuOr, colour-blind safe): orange hostile, white neutral, purple
# favourable
STANCE_CMAP = "PuOr"
NEUTRAL = "#5a5a5a"  # bars and marks that stand for no side


def side_colors(topic=None, sides=()) -> dict:
    """{side: colour} for the book's sides: the topic's own colours (book.yaml ``colours``), the others from
    :data:`CB_PALETTE` in the topic's colour order, then any further side of ``sides`` (e.g. an actor compared
    when the topic has no sides) from the colours left; "other" and "unknown" are grey. A side beyond the palette
    is grey too."""
    from analysis.topic import GREYS, Topic

    topic = topic if topic is not None else Topic.default("")
    colours = topic.side_colours(palette=CB_PALETTE)
    free = [c for c in CB_PALETTE if c not in colours.values()]
    for side in sides:
        if side not in colours:
            colours[side] = free.pop(0) if free else GREYS["other"]
    return colours


def doc_label(doc_id: str, width: int = 28) -> str:
    """A document's label on a figure's axis: its short id ("001"), cut with an ellipsis when a long file name
    would take the figure's width (the tables give the full id)."""
    label = short_id(str(doc_id))
    return label if len(label) <= width else label[: width - 1] + "…"


def setup() -> None:
    """Apply the style; in a notebook, emit SVG figures without a date so pages are byte-stable."""
    matplotlib.rcParams.update(STYLE)
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - outside IPython
        return
    ip = get_ipython()
    if ip is None:
        return
    ip.run_line_magic("matplotlib", "inline")
    from matplotlib_inline.backend_inline import set_matplotlib_formats

    set_matplotlib_formats("svg", metadata={"Date": None})


# the widest a figure may be drawn (inches) so that it is shown at its own size, text at least 9 pt, in the book's
# text column at a desktop width (about 750 CSS px); on a phone it scrolls sideways inside its own box
MAX_WIDTH_IN = 7.0
MIN_FONT_PT = 9


def svg(fig) -> str:
    """The figure as SVG text, deterministic (no date, fixed hash salt: ``STYLE``), closed after saving."""
    import io
    import re

    import matplotlib.pyplot as plt

    limit = MAX_WIDTH_IN * 72 + 36  # pt: the drawn width with its labels may take half an inch more
    for _ in range(4):  # long labels widen the tight box: narrow the plot until the whole fits the column
        buf = io.StringIO()
        with matplotlib.rc_context({k: STYLE[k] for k in ("svg.hashsalt", "svg.fonttype")}):  # same bytes each time
            fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
        width = float(re.search(r'<svg[^>]*\swidth="([\d.]+)pt"', buf.getvalue()).group(1))
        if width <= limit or fig.get_figwidth() <= 2:
            break
        fig.set_size_inches(max(2.0, fig.get_figwidth() - (width - limit) / 72 - 0.05), fig.get_figheight())
    plt.close(fig)
    return buf.getvalue()


def show(fig, alt: str, caption: str | None = None, table_html: str | None = None) -> None:
    """Display ``fig`` in a notebook as the book shows figures: an ``<img>`` of the SVG (a data URL: a figure in
    an image never runs script) with ``alt`` saying what it shows, drawn at its own size, an optional caption, and
    optionally the numbers behind it as a table a reader can open (``table_html``, escaped by
    ``render.table``)."""
    from IPython.display import display

    from .render import HTML

    display(HTML(figure_html(svg(fig), alt, caption, table_html)))


def figure_html(svg_text: str, alt: str, caption: str | None = None, table_html: str | None = None) -> str:
    import base64
    import re

    from .render import escape

    m = re.search(r'<svg[^>]*\swidth="([\d.]+)pt"[^>]*\sheight="([\d.]+)pt"', svg_text)
    size = f' width="{round(float(m.group(1)) * 4 / 3)}" height="{round(float(m.group(2)) * 4 / 3)}"' if m else ""
    data = base64.b64encode(svg_text.encode("utf-8")).decode("ascii")
    parts = [f'<figure class="analysis-figure"><div class="figure-scroll">'
             f'<img src="data:image/svg+xml;base64,{data}" alt="{escape(alt)}"{size}></div>']
    if caption:
        parts.append(f"<figcaption>{escape(caption)}</figcaption>")
    if table_html:
        parts.append(f'<details class="figure-table"><summary>The numbers behind this figure</summary>{table_html}'
                     "</details>")
    parts.append("</figure>")
    return "".join(parts)


def heatmap(ax, matrix, title: str = "", cmap: str = "Blues", fmt: str = "{:d}", xlabels=None, ylabels=None):
    """Annotated heatmap of a DataFrame (rows on y, columns on x)."""
    import numpy as np

    values = matrix.to_numpy()
    im = ax.imshow(values, cmap=cmap, aspect="auto")
    many = matrix.shape[1] > 12  # many columns (articles): upright labels, one per column, that do not overlap
    ax.set_xticks(range(matrix.shape[1]), labels=xlabels if xlabels is not None else list(matrix.columns),
                  rotation=90 if many else 30, ha="center" if many else "right")
    ax.set_yticks(range(matrix.shape[0]), labels=ylabels if ylabels is not None else list(matrix.index))
    vmax = np.nanmax(values) if values.size else 0
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            v = values[i, j]
            if v:
                ax.text(j, i, fmt.format(v), ha="center", va="center", fontsize=9,
                        color="white" if vmax and v > 0.6 * vmax else "black")
    ax.set_title(title)
    ax.spines[:].set_visible(False)
    return im


def stacked_barh(ax, frame, color, label=str, style=None, ylabels=None):
    """Horizontal stacked bars: one bar per row of ``frame`` (top to bottom in its order), one segment per column
    (left to right in its order). ``color``, ``label`` and ``style`` (extra ``barh`` keywords) map a column to its
    look; an all-zero column draws nothing and has no legend entry. Rows are labelled ``ylabels`` or the short ids
    of the index. Returns the bar ends (each row's total)."""
    import numpy as np

    y = np.arange(len(frame))
    left = np.zeros(len(frame))
    for column in frame.columns:
        values = frame[column].to_numpy(dtype=float)
        if not values.any():
            continue
        ax.barh(y, values, left=left, color=color(column), label=label(column), **(style(column) if style else {}))
        left += values
    ax.set_yticks(y, labels=list(ylabels) if ylabels is not None else [doc_label(i) for i in frame.index])
    ax.invert_yaxis()
    return left
