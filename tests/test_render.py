"""newsbook.render: untrusted text always escaped; table layout classes."""

from __future__ import annotations

import pandas as pd
import pytest

from newsbook import render


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
    # by default the column named like running text ("evidence") gets the room, not the last one
    assert '<td class="text">[001:s009] This amendment, adopted on ...</td>' in default
    assert '<td class="text"></td>' not in default
    chosen = render.table(frame, wide=["conflict"])
    assert '<td class="text"></td>' in chosen and '<td class="text">[001:s009]' not in chosen
    # no column named like text: the one with long values, if any
    long = "a description of what the two sources say, long enough to need the room"
    reasons = render.table(pd.DataFrame({"side": ["Armenia"], "why": [long], "n": [3]}))
    assert f'<td class="text">{long}</td>' in reasons
    counts = render.table(pd.DataFrame({"side": ["Armenia"], "n": [3], "note": ["thin evidence"]}))
    assert 'class="text"' not in counts
    with pytest.raises(KeyError, match="sentence"):
        render.table(frame, wide=["sentence"])


def test_table_cuts_long_cells_with_an_ellipsis():
    frame = pd.DataFrame({"text": ["abcdefghij"]})
    assert ">abcd…<" in render.table(frame, max_chars=5)


def test_short_ids_for_display_leave_the_frame_alone():
    frame = pd.DataFrame({"doc_id": ["001_d448d77380b1797b", "report_2023"],
                          "sentence_id": ["001_d448d77380b1797b:s013", "report_2023:s002"], "n": [1, 2]})
    shown = render.short_ids(frame)
    assert list(shown["doc_id"]) == ["001", "report_2023"]
    assert list(shown["sentence_id"]) == ["001:s013", "report_2023:s002"]
    assert frame["doc_id"][0] == "001_d448d77380b1797b"  # a copy


def test_dates_in_words_keep_their_timex_value_as_tooltip():
    """chronology.plain_columns + render.table(tooltips=...): a reader sees "autumn 2020", the TIMEX value is
    the cell's tooltip, and the value column itself is not shown."""
    import pandas as pd

    from analysis.chronology import plain_columns
    from newsbook.render import table

    frame = pd.DataFrame({"event": ["E1", "E2"], "date": ["2020-FA", "P2W"]})
    shown, tips = plain_columns(frame, ["date"])
    html = table(shown, tooltips=tips)
    assert '<td title="2020-FA">autumn 2020</td>' in html and '<td title="P2W">two weeks</td>' in html
    assert "date (TIMEX)" not in html


def test_document_columns_link_to_the_article_pages():
    render.evidence_links(["001_d448d77380b1797b", "a<b>&c"])
    try:
        frame = pd.DataFrame({"doc_id": ["001", "a<b>&c", "unknown"], "derived_from": ["001", "", ""],
                              "title": ["001", "x", "y"]})
        html = render.table(frame, doc_links=["doc_id", "derived_from"])
        assert html.count('href="documents/001_d448d77380b1797b.html"') == 2  # doc_id and derived_from
        assert '<a class="doc-link" href="documents/a%3Cb%3E%26c.html">a&lt;b&gt;&amp;c</a>' in html  # quoted, escaped
        assert '<td class="nobreak">unknown</td>' in html  # no article of that name: plain text
        assert html.count("doc-link") == 3  # the title column is not linked though its text is a short id
        render.evidence_links(["001_d448d77380b1797b"], here="001_d448d77380b1797b")
        assert 'href="#"' in render.table(frame.head(1), doc_links=["doc_id"])  # its own page: the top
    finally:
        render.evidence_links([])
