"""Shared figure style for the notebooks: deterministic SVG output and a few plotting helpers."""

from __future__ import annotations

import matplotlib

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

SIDE_COLORS = {
    "Azerbaijan": "#1f77b4",
    "Armenia": "#d62728",
    "United States": "#2ca02c",
    "Russia": "#9467bd",
    "EU/OSCE": "#ff7f0e",
    "other": "#7f7f7f",
    "unknown": "#c7c7c7",
}


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
    ax.set_xticks(range(matrix.shape[1]), labels=xlabels if xlabels is not None else list(matrix.columns),
                  rotation=30, ha="right")
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


def short_id(doc_id: str) -> str:
    """A compact label for a document id in figures ('001_d448d7…' -> '001')."""
    return doc_id.split("_", 1)[0]
