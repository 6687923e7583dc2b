"""Findings first, evidence one click away (issue 15): the findings written from the tables, the links from every
printed sentence id to its anchor, and the article page that holds the anchors.

Expectations are written by hand from the seed articles: 003 (Caliber.az) speaks as "we" and "our country"; 004
alone writes "Artsakh" and "forced displacement"; 000 is a summary of 001; 002 says Biden has been in office for
"four months" in April 2021, less than three months after 20 January.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from analysis import load_corpus, tables
from analysis.topic import load_topic
from newsbook import article, findings, render

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def seeds():
    corpus = load_corpus(SEEDS)
    topic = load_topic(SEEDS)
    found = findings.corpus_findings(corpus, topic)
    t = tables.build(corpus, ["quotes", "attributions", "rhetoric", "timexes", "term_hits", "sentences"])
    return corpus, found, t


def _doc(corpus, prefix):
    return next(d for d in corpus if d.doc_id.startswith(prefix))


def _sentence(corpus, sentence_id):
    doc_id, _, _ = sentence_id.rpartition(":")
    return next(s for s in corpus[doc_id].sentences if s.sentence_id == sentence_id)


def test_links_point_at_the_article_page_anchor():
    render.evidence_links(["001_d448d77380b1797b", "004_e62a52d1a1e40deb", "report_2023"])
    try:
        assert render.sentence_href("001_d448d77380b1797b:s013") == "documents/001_d448d77380b1797b.html#s013"
        # the short label the book prints resolves to the same sentence
        linked = render.linkify(render.escape("see [001:s013] and report_2023:s002, not 009:s001"))
        assert 'href="documents/001_d448d77380b1797b.html#s013">001:s013</a>' in linked
        assert 'href="documents/report_2023.html#s002"' in linked
        assert "009:s001" in linked and "009_" not in linked and linked.count("<a ") == 2
        # on an article page: its own sentences are on the page, the others' beside it
        render.evidence_links(["001_d448d77380b1797b", "004_e62a52d1a1e40deb"], here="004_e62a52d1a1e40deb")
        assert render.sentence_href("004_e62a52d1a1e40deb:s002") == "#s002"
        assert render.sentence_href("001_d448d77380b1797b:s002") == "001_d448d77380b1797b.html#s002"
        cell = render.table(__import__("pandas").DataFrame({"sentence_id": ["s003"], "text": ["x"]}))
        assert '<a class="evidence-link" href="#s003">s003</a>' in cell
    finally:
        render.evidence_links([])


def test_highlight_classes_come_from_the_kind_only():
    assert render.css_class("loaded:delegitimization") == "loaded"
    assert render.css_class("loaded: blame") == "loaded"
    assert render.css_class('x" onmouseover="alert(1)') == "other"
    marked = render.highlight("a <b> c", [(2, 5, "loaded: <b>")])
    assert 'class="hl-loaded"' in marked and "<b>" not in marked.replace("&lt;b&gt;", "")


def test_cells_are_cut_at_a_word():
    assert render.cut("the forced displacement of residents", 20) == "the forced…"
    assert render.cut("short", 20) == "short"


def test_article_page_has_every_sentence_anchored_and_the_text_intact(seeds):
    corpus, _, t = seeds
    doc = _doc(corpus, "004")
    page = article.article_html(doc, t)
    ids = re.findall(r'<span class="sentence" id="(s\d+)">', page)
    assert ids == [render.anchor(s.sentence_id) for s in doc.sentences]
    # the text of each sentence, marks removed, is the sentence exactly
    body = page.split('<div class="article-text">', 1)[1]
    for s, chunk in zip(doc.sentences, re.split(r'<span class="sentence" id="s\d+">', body)[1:]):
        chunk = re.sub(r'<a class="sid"[^>]*>[^<]*</a> ', "", chunk, count=1)
        assert html.unescape(re.sub(r"<[^>]+>", "", chunk)).startswith(s.text), s.sentence_id
    # "what he called" in s007: the distancing frame is an attribution, "one-sided" inside it a loaded word
    s007 = page.split('id="s007"', 1)[1].split('<span class="sentence"', 1)[0]
    assert re.search(r'<mark class="[^"]*hl-attribution[^"]*hl-loaded[^"]*"[^>]*>one-sided</mark>', s007)
    assert 'class="hl-legend"' in page


def test_article_text_is_escaped():
    from analysis.corpus import Corpus  # noqa: F401  (the loader is what makes a document)

    corpus = load_corpus(Path(__file__).resolve().parent / "data" / "unsafe_corpus")
    t = tables.build(corpus, ["quotes", "attributions", "rhetoric", "timexes", "term_hits"])
    for doc in corpus:
        page = article.article_html(doc, t)
        assert "<script" not in page.lower() and "onerror=" not in page.lower().replace("onerror=&quot;", "")


def test_seed_findings_name_what_a_reader_of_the_articles_sees(seeds):
    corpus, found, _ = seeds
    by_kind = {}
    for f in found:
        by_kind.setdefault(f.kind, []).append(f)
    # 003 speaks as the nation: "our country", "we"
    [we] = by_kind["we_voice"]
    assert we.doc_ids == (_doc(corpus, "003").doc_id,)
    assert all(re.search(r"\b(we|our|us)\b", _sentence(corpus, s).text, re.I) for s in we.evidence)
    # only 004 uses the Armenian naming ("Artskah", its misspelling of Artsakh, and "forced displacement")
    armenian = [f for f in by_kind["naming"] if "Armenia" in f.html]
    assert len(armenian) == 1 and armenian[0].html.startswith("Only <strong>004</strong>")
    assert any("forced displacement" in _sentence(corpus, s).text for s in armenian[0].evidence)
    # 000 retells 001
    [derived] = by_kind["derived_texts"]
    assert derived.html.startswith("<strong>000</strong> retells <strong>001</strong>")
    # 002's "four months" from Biden's inauguration to April 2021 does not hold
    assert any("four months" in f.html and f.doc_ids == (_doc(corpus, "002").doc_id,) for f in by_kind["date_errors"])
    # every finding rests on sentences that exist, and says its dates in words, not TIMEX codes
    for f in found:
        assert not re.search(r"\bP\d+[YMWD]\b|\d{4}-\d{2}|_REF\b", f.html), f.html
        assert f.evidence, f.kind
        for s in f.evidence:
            _sentence(corpus, s)


def test_rendered_findings_link_each_evidence_sentence(seeds):
    corpus, found, _ = seeds
    render.evidence_links(corpus)
    try:
        page = findings.render_findings(found, chapter_links=True)
    finally:
        render.evidence_links([])
    links = re.findall(r'href="documents/([^"#]+)\.html#(s\d+)"', page)
    assert len(links) >= 5
    ids = {d.doc_id for d in corpus}
    assert all(doc in ids for doc, _ in links)
    assert 'href="chronology.html"' in page and 'href="source_bias.html"' in page
    assert findings.render_findings(found, chapter="corpus", empty="nothing") == '<div class="findings"><p>nothing</p></div>'


def test_findings_are_computed_once_per_build(seeds, tmp_path, monkeypatch):
    """table_cache.derived: in a build (ANALYSIS_TABLE_CACHE set) a corpus-wide value is computed by the first page
    that needs it and read by the others (a page per article must not redo the corpus's chronology)."""
    from analysis import table_cache

    corpus = seeds[0]
    monkeypatch.setenv(table_cache.ENV, str(tmp_path))
    calls = []

    def compute():
        calls.append(1)
        return ["a finding"]

    table_cache._DERIVED.clear()
    assert table_cache.derived(corpus, "probe", compute) == ["a finding"]
    table_cache._DERIVED.clear()  # as in the next notebook's kernel
    assert table_cache.derived(corpus, "probe", compute) == ["a finding"]
    assert len(calls) == 1 and len(list(tmp_path.glob("tables-*.probe.pkl"))) == 1
    table_cache._DERIVED.clear()


def test_light_article_page_has_the_anchors_and_the_findings(seeds):
    """article.page_notebook (the page of an article of a large corpus, written without a kernel): its text with
    every sentence anchored, its findings with links, and the same bytes twice."""
    import nbformat

    corpus, found, _ = seeds
    t = tables.build(corpus, ["documents", "quotes", "attributions", "rhetoric", "timexes", "term_hits", "stance"])
    doc = _doc(corpus, "003")
    nb = article.page_notebook(doc, t, found, len(corpus))
    html_out = "".join(o["data"]["text/html"] for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert re.findall(r'<span class="sentence" id="(s\d+)">', html_out) == [render.anchor(s.sentence_id)
                                                                            for s in doc.sentences]
    assert 'href="#s003"' in html_out  # the we-voice finding's evidence, on its own page
    assert nb.cells[0].source.startswith("# 003\\: Baku resolute")  # the title escaped as literal Markdown
    assert nbformat.writes(nb) == nbformat.writes(article.page_notebook(doc, t, found, len(corpus)))
    nbformat.validate(nb)
