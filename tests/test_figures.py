"""newsbook.figures: the shared plotting helpers draw what they are given."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from newsbook import figures  # noqa: E402

COLORS = {"Azerbaijan": "#1f77b4", "Armenia": "#d62728", "United States": "#2ca02c"}


@pytest.fixture
def ax():
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


def test_stacked_barh_stacks_columns_left_to_right_and_skips_empty_ones(ax):
    frame = pd.DataFrame({"Azerbaijan": [3, 0], "Armenia": [0, 0], "United States": [1, 2]},
                         index=["001_d448d77380b1797b", "004_e62a52d1a1e40deb"])
    ends = figures.stacked_barh(ax, frame, color=lambda c: COLORS[c], label=lambda c: f"{c} side")
    assert list(ends) == [4.0, 2.0]
    bars = ax.patches
    # Armenia is all zero: two columns drawn, two bars each
    assert len(bars) == 4
    az, us = bars[:2], bars[2:]
    assert [b.get_width() for b in az] == [3, 0] and [b.get_x() for b in us] == [3, 0]
    assert [b.get_width() for b in us] == [1, 2]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["001", "004"]
    assert ax.yaxis_inverted()  # first row on top
    assert ax.get_legend_handles_labels()[1] == ["Azerbaijan side", "United States side"]
    assert [matplotlib.colors.to_hex(b.get_facecolor()) for b in (az[0], us[0])] == ["#1f77b4", "#2ca02c"]


def test_stacked_barh_applies_a_style_per_column(ax):
    frame = pd.DataFrame({("quoted", "Armenia"): [2.0], ("paraphrased", "Armenia"): [5.0]}, index=["x"])
    figures.stacked_barh(ax, frame, color=lambda c: COLORS[c[1]], label=lambda c: " ".join(c),
                         style=lambda c: {"hatch": "//"} if c[0] == "paraphrased" else {}, ylabels=["doc x"])
    solid, hatched = ax.patches
    assert solid.get_hatch() is None and hatched.get_hatch() == "//"
    assert hatched.get_x() == 2.0
    assert [t.get_text() for t in ax.get_yticklabels()] == ["doc x"]


def test_doc_label_keeps_short_ids_and_cuts_long_file_names():
    assert figures.doc_label("001_d448d77380b1797b") == "001"
    long = "breitbart_2016-09-30_the-latest-trump-urges-supporter"
    assert figures.doc_label(long) == long[:27] + "…" and len(figures.doc_label(long)) == 28


def test_heatmap_labels_many_columns_upright(ax):
    few = pd.DataFrame([[1, 0, 2]], index=["Actor"], columns=["001", "002", "003"])
    figures.heatmap(ax, few)
    assert {t.get_rotation() for t in ax.get_xticklabels()} == {30.0}
    assert [t.get_text() for t in ax.texts] == ["1", "2"]  # zero cells are left blank
    fig, other = plt.subplots()
    many = pd.DataFrame([list(range(20))], index=["Actor"], columns=[f"doc{i}" for i in range(20)])
    figures.heatmap(other, many)
    assert {t.get_rotation() for t in other.get_xticklabels()} == {90.0}
    plt.close(fig)


def test_a_figure_with_long_labels_is_narrowed_to_fit_the_column():
    """figures.svg: a figure whose labels would make it wider than the book's column is narrowed (its text keeps
    its size), and the SVG is the same bytes every time."""
    import re

    import matplotlib.pyplot as plt

    def draw():
        fig, ax = plt.subplots(figsize=(7, 2))
        ax.barh(["a label long enough to push the figure past the width of the column, surely"], [1])
        return fig

    first, second = figures.svg(draw()), figures.svg(draw())
    width = float(re.search(r'<svg[^>]*\swidth="([\d.]+)pt"', first).group(1))
    assert width <= figures.MAX_WIDTH_IN * 72 + 36
    assert first == second
    sizes = [100 * float(s) for s in re.findall(r'<g transform="[^"]*scale\(([\d.]+) -[\d.]+\)"', first)]
    assert sizes and min(sizes) >= figures.MIN_FONT_PT


def test_figure_html_escapes_alt_and_embeds_the_svg_at_its_own_size():
    html = figures.figure_html('<svg width="300pt" height="150pt"></svg>', alt='bars "<b>"', caption="c & d")
    assert 'alt="bars &quot;&lt;b&gt;&quot;"' in html and 'width="400" height="200"' in html
    assert "<figcaption>c &amp; d</figcaption>" in html and 'src="data:image/svg+xml;base64,' in html
