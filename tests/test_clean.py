"""Normalization and page-furniture removal, against what the seed pages visibly contain."""

from pathlib import Path

import pytest

from analysis import clean, load_corpus

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(SEEDS)


def removed(doc):
    return {r.text: r.reason for r in doc.removed}


def test_normalize_spaces_line_endings_and_nfc_keep_quotes():
    raw = "He said\u00a0“yes”.\r\nCafe\u0301  it’s \"so\"\rend\u200b"
    assert clean.normalize(raw) == "He said “yes”.\nCafé it’s \"so\"\nend"


def test_caliber_page_furniture_is_removed_with_reasons(corpus):
    doc = corpus["003_13b3c454c77720c4"]
    gone = removed(doc)
    assert gone["twitter"] == "social-link"
    assert gone["apple store"] == "app-store-link"
    assert gone["WHAT ARE YOU LOOKING FOR ?"] == "navigation"
    assert gone["Any use of materials is allowed only if there is a hyperlink to Caliber.az"] == "reuse-notice"
    assert gone["Caliber.az © 2024. ."] == "copyright"
    assert gone["Views: 399"] == "view-counter"
    assert gone["share-lineLiked the story? Share it on social media!"] == "share-prompt"
    assert gone["Ссылка скопирована"] == "share-prompt"
    assert gone["29 November 2023 18:00"] == "dateline"
    assert gone["Caliber.Az"] == "signature"
    assert doc.text.startswith("Less than two weeks after the memorable speech of Assistant Secretary of State")
    assert doc.text.endswith("over the last three decades, and it will continue to do so.")
    assert "Views" not in doc.text and "twitter" not in doc.text


def test_wordpress_counter_comment_prompt_and_byline(corpus):
    doc = corpus["002_cdba987897c2a20e"]
    gone = removed(doc)
    assert gone["This post has already been read 326 times!"] == "view-counter"
    assert gone["Добавить комментарий"] == "comment-prompt"
    assert gone["Post Author: Intercourier"] == "byline"
    assert gone["President Aliyev Says Balance in US Policy in South Caucasus is Disturbed"] == "title"
    assert doc.text.startswith("Azerbaijan’s President Ilham Aliyev said the US new government’s foreign policy")
    assert doc.text.endswith("maximum flexibility of movement in the Karabakh region.")


def test_related_articles_block_and_disclaimer_are_cut(corpus):
    doc = corpus["001_d448d77380b1797b"]
    gone = removed(doc)
    assert gone["Related articles"] == "related-block"
    assert gone["Popular"] == "related-block"
    assert "Council of Europe launches new Convention" not in doc.text
    assert "Zelenskyy" not in doc.text
    assert "do not necessarily reflect the position of commonspace.eu" not in doc.text
    assert "Source: Dr Vasif Huseynov" not in doc.text
    # the article's own subheadings are body text
    assert "Azerbaijan complained about the transactional character of U.S. foreign policy" in doc.text
    assert doc.text.endswith("grounded in mutual interests and pragmatic diplomacy.")


def test_articles_without_furniture_keep_every_line(corpus):
    doc = corpus["004_e62a52d1a1e40deb"]
    assert doc.removed == []
    assert len(doc.paragraphs) == 14
    assert doc.text.startswith("Azerbaijan has signaled that it will continue to ignore United States mediation")


def test_every_raw_line_is_body_or_recorded(corpus):
    """Nothing is lost: each non-blank line of each raw file is a body paragraph or a removed line."""
    for doc in corpus:
        paragraphs = {doc.text[s:e] for s, e in doc.paragraphs}
        recorded = {(r.line, r.text) for r in doc.removed}
        for number, line in enumerate(clean.normalize(doc.raw).split("\n"), start=1):
            if line:
                assert line in paragraphs or (number, line) in recorded, (doc.doc_id, number, line)
