"""Sentence segmentation: abbreviations, quotes that span sentences, offsets."""

from pathlib import Path

import pytest

from analysis import load_corpus
from analysis.segment import segment, split_sentences

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(SEEDS)


def texts(paragraph):
    return [paragraph[s:e] for s, e, _ in split_sentences(paragraph)]


def test_abbreviations_do_not_split():
    p = ("In addition, Washington should ratify the Nov. 9 ceasefire. Dr. Smith met U.S. Assistant Secretary "
         "James O'Brien. Then he left.")
    assert texts(p) == [
        "In addition, Washington should ratify the Nov. 9 ceasefire.",
        "Dr. Smith met U.S. Assistant Secretary James O'Brien.",
        "Then he left.",
    ]


def test_abbreviation_at_sentence_end_before_a_sentence_starter():
    assert texts("It reassessed its partnership with the U.S. The talks stopped.") == [
        "It reassessed its partnership with the U.S.",
        "The talks stopped.",
    ]


def test_quote_over_several_sentences_stays_with_its_attribution():
    p = "“Is there a room? I don’t know. No. Why should I say that?” the Azerbaijani president said. “Therefore, yes.”"
    assert texts(p) == [
        "“Is there a room? I don’t know. No. Why should I say that?” the Azerbaijani president said.",
        "“Therefore, yes.”",
    ]


def test_unclosed_quote_does_not_swallow_the_paragraph():
    spans = split_sentences("He said “this never closes. Then another sentence. And a third.")
    assert len(spans) == 3
    assert all(unbalanced for _, _, unbalanced in spans)


def test_seed_004_sentences_by_hand(corpus):
    doc = corpus["004_e62a52d1a1e40deb"]
    # 14 paragraphs; three of them hold two sentences each (counted by reading the article)
    assert len(doc.sentences) == 17
    hajiyev = [s.text for s in doc.sentences if s.text.startswith("“We do expect")]
    assert hajiyev == [
        "“We do expect that there could be some different attitudes … demonstrated by the United States executive "
        "branch of government,” Hajiyev was quoted by newsweek.com as saying."
    ]
    # the ellipsis inside a quote does not end the sentence
    assert any(s.text.startswith("“Azerbaijan doesn’t need any foreign aid or support … But here") and
               s.text.endswith("said Hajiyev.") for s in doc.sentences)


def test_seed_002_multi_sentence_quote_is_one_sentence(corpus):
    doc = corpus["002_cdba987897c2a20e"]
    quote = [s for s in doc.sentences if s.text.startswith("“Is there a room for a group")]
    assert len(quote) == 1
    assert quote[0].text.endswith("Why should I say that?” the Azerbaijani president said.")
    nov9 = [s for s in doc.sentences if "Nov. 9 ceasefire" in s.text]
    assert len(nov9) == 1 and nov9[0].text.startswith("“In addition, Washington should begin talks with Moscow")


def test_sentence_offsets_and_ids(corpus):
    for doc in corpus:
        for i, s in enumerate(doc.sentences):
            assert doc.text[s.start : s.end] == s.text
            assert s.sentence_id == f"{doc.doc_id}:s{i:03d}"
            p_start, p_end = doc.paragraphs[s.paragraph]
            assert p_start <= s.start < s.end <= p_end


def test_segment_numbers_across_paragraphs():
    body = "One. Two.\n\nThree."
    sents = segment("d", body, [(0, 9), (11, 17)])
    assert [(s.text, s.paragraph, s.sentence_id) for s in sents] == [
        ("One.", 0, "d:s000"), ("Two.", 0, "d:s001"), ("Three.", 1, "d:s002")]
