"""Shared figure style for the notebooks: deterministic SVG output and a few plotting helpers."""

from __future__ import annotations

import matplotlib

from .corpus import short_id  # noqa: F401  (the notebooks label documents with figures.short_id)

STYLE = {
    "figure.figsize": (8.0, 4.0),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.hashsalt": "analysis-book",
    "svg.fonttype": "path",
    "path.simplify": True,
}

# Colour-blind-safe categorical colours (Okabe & Ito 2008, "Color Universal Design"), most distinct first: the
# colours sides take when the topic gives them none (the corpus's book.yaml may give its own, see analysis.topic).
CB_PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442")


def side_colors(topic=None, sides=()) -> dict:
    """{side: colour} for the book's sides: the topic's own colours (book.yaml ``colours``), the others from
    :data:`CB_PALETTE` in the topic's colour order, then any further side of ``sides`` (e.g. an actor compared
    when the topic has no sides) from the colours left; "other" and "unknown" are grey. A side beyond the palette
    is grey too."""
    from .topic import GREYS, Topic

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
                ax.text(j, i, fmt.format(v), ha="center", va="center", fontsize=7,
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
