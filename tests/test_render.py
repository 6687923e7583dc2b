"""analysis.render: untrusted text always escaped; table layout classes."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import render


def test_table_escapes_every_cell_and_header():
    frame = pd.DataFrame({"<b>col</b>": ['<script>alert("x")</script>'], "text": ["a & b"]})
    html = render.table(frame)
    assert "<script>" not in html and "<b>col</b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&lt;b&gt;col&lt;/b&gt;" in html and "a &amp; b" in html


def test_table_gives_room_to_the_text_column_and_keeps_short_values_whole():
    frame = pd.DataFrame({"date": ["1992-10-24"], "evidence": ["[001:s009] This amendment, adopted on ..."],
                          "conflict": [""]})
    default = render.table(frame)
    assert '<td class="nobreak">1992-10-24</td>' in default
    assert '<td class="text"></td>' in default  # by default the last column is the text column
    chosen = render.table(frame, wide=["evidence"])
    assert '<td class="text">[001:s009] This amendment, adopted on ...</td>' in chosen
    assert '<td class="text"></td>' not in chosen
    with pytest.raises(KeyError, match="sentence"):
        render.table(frame, wide=["sentence"])


def test_table_cuts_long_cells_with_an_ellipsis():
    frame = pd.DataFrame({"text": ["abcdefghij"]})
    assert ">abcd…<" in render.table(frame, max_chars=5)
