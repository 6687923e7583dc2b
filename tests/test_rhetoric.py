"""analysis.rhetoric: quotations, speakers, reporting verbs, language features, actor sentiment.

Expectations are written by hand: the gold file (seeds/quotes_gold.yaml) from reading the seeds, and the
small sentences below with their speakers named in the gazetteer.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import load_corpus, rhetoric, tables
from analysis.corpus import build_document
from analysis.topic import load_topic
from newsbook import rhetoric_views

ROOT = Path(__file__).resolve().parent.parent
SEEDS = load_topic(ROOT / "seeds")  # the small sentences below name the seeds' actors: every stage is given it
GOLD = Path(__file__).resolve().parent.parent / "seeds" / "quotes_gold.yaml"  # the seeds' gold travels with them

# Thresholds we can honestly meet on the seeds (measured: P 1.00, R 1.00, kind 0.98, speaker 0.98). They sit well
# above the Gender Gap Tracker's published quote F1 (83.7) and speaker accuracy (86.5), as expected on five texts
# whose quotations the rules were written while reading.
MIN_PRECISION = 0.95
MIN_RECALL = 0.95
MIN_KIND_ACCURACY = 0.95
MIN_SPEAKER_ACCURACY = 0.95


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(ROOT / "seeds")


def doc(text: str, doc_id: str = "t"):
    return build_document(doc_id, f"{doc_id}.txt", text.encode("utf-8"))


def quotes(text: str, kind: str | None = None):
    return [q for q in rhetoric.extract_quotes(doc(text), topic=SEEDS) if kind is None or q.kind == kind]


def only(text: str, kind: str | None = None):
    found = quotes(text, kind)
    assert len(found) == 1, [(q.kind, q.text) for q in quotes(text)]
    return found[0]


# ---------------------------------------------------------------------------------------------------------------
# the gold comparison

def test_gold_scores(corpus):
    s = rhetoric.evaluate(corpus, GOLD, topic=SEEDS)
    assert s.gold == 63
    assert s.precision >= MIN_PRECISION, s.detail[s.detail.status != "matched"]
    assert s.recall >= MIN_RECALL, s.detail[s.detail.status != "matched"]
    assert s.kind_accuracy >= MIN_KIND_ACCURACY
    assert s.speaker_accuracy >= MIN_SPEAKER_ACCURACY


def test_gold_every_seed_quote_mark_is_annotated(corpus):
    """Every pair of curly double quotes in the seeds is inside some gold item (the annotation is complete)."""
    gold = rhetoric.load_gold(GOLD)
    for d in corpus:
        spans, _ = rhetoric.scan_quotes(d.text)
        texts = [g["text"] for g in gold if g["doc_id"] == d.doc_id]
        for span in spans:
            a, b = span.inner
            inner = d.text[a:b].rstrip(",")
            assert any(inner in t or t in inner for t in texts), (d.doc_id, inner)


def test_gold_rejects_bad_entries(tmp_path, corpus):
    bad = tmp_path / "gold.yaml"
    bad.write_text("quotes:\n  - {doc_id: 001_d448d77380b1797b, text: nowhere to be found, kind: direct, speaker: x}\n")
    with pytest.raises(ValueError, match="text not found in 001_d448d77380b1797b"):
        rhetoric.evaluate(corpus, bad, topic=SEEDS)
    bad.write_text("quotes:\n  - {doc_id: 001_d448d77380b1797b, text: progress, kind: shouted, speaker: x}\n")
    with pytest.raises(ValueError, match=r"quotes\[0\]: unknown kind 'shouted'"):
        rhetoric.evaluate(corpus, bad, topic=SEEDS)
    bad.write_text("quotes:\n  - {doc_id: 001_d448d77380b1797b, kind: direct, speaker: x}\n")
    with pytest.raises(ValueError, match=r"missing field 'text'"):
        rhetoric.evaluate(corpus, bad, topic=SEEDS)


def test_seed_hand_checks(corpus):
    q = rhetoric.quotes_table(corpus, topic=SEEDS)
    # 000 paraphrases without quotation marks or that-clauses of speech
    assert q[q.doc_id == "000_589b5f047ad3e4c1"].empty
    # 002: the conference title is a title, not a quote of anyone
    title = q[(q.doc_id == "002_cdba987897c2a20e") & (q.kind == "title")]
    assert list(title.text) == ["New vision for South Caucasus: Post-conflict development and cooperation"]
    assert list(title.speaker) == ["unknown"]
    # 004: Hajiyev is quoted directly three times (one a continuation after "was quoted ... as saying")
    haj = q[(q.doc_id == "004_e62a52d1a1e40deb") & (q.kind == "direct") & (q.speaker == "Hikmet Hajiyev")]
    assert len(haj) == 3
    assert set(haj.speaker_side) == {"Azerbaijan"}
    # 001: "he stated" after Aliyev's July speech
    row = q[q.text.str.startswith("Of course, if you look at")].iloc[0]
    assert (row.speaker, row.verb, row.kind) == ("Ilham Aliyev", "stated", "direct")


# ---------------------------------------------------------------------------------------------------------------
# attribution patterns

def test_pronoun_after_quote_resolves_to_person_of_previous_sentence():
    q = only("Aliyev met reporters in Baku. “We will not sign anything,” he said.")
    assert (q.kind, q.speaker, q.speaker_side, q.verb) == ("direct", "Ilham Aliyev", "Azerbaijan", "said")
    assert q.attribution == "pronoun"


def test_pronoun_prefers_the_subject_of_its_own_sentence():
    q = only("Hajiyev, an advisor to President Aliyev, scoffed at what he called a “one-sided approach” of the US.")
    assert q.speaker == "Hikmet Hajiyev"


def test_unresolvable_pronoun_stays_unknown():
    q = only("“We will not sign anything,” he said.")
    assert (q.speaker, q.speaker_side, q.speaker_surface) == ("unknown", "unknown", "he")


def test_verb_before_name():
    q = only("“We are ready for peace,” said President Aliyev.")
    assert (q.speaker, q.verb, q.attribution) == ("Ilham Aliyev", "said", "name")


def test_quoted_as_saying():
    q = only("“We do expect some different attitudes,” Hajiyev was quoted by newsweek.com as saying.")
    assert (q.speaker, q.verb) == ("Hikmet Hajiyev", "quoted as saying")


def test_the_statement_read_is_the_previous_speaker():
    text = "President Biden said Trump must “push for de-escalation.” “We will lead that effort,” the statement read."
    found = quotes(text)
    direct = [q for q in found if q.text == "We will lead that effort"]
    assert len(direct) == 1
    assert (direct[0].speaker, direct[0].verb) == ("Joe Biden", "read")


def test_ministry_responded_that():
    q = only("The Azerbaijani Foreign Ministry responded that “the U.S. side has always considered our support "
             "as occasional.”")
    assert (q.kind, q.speaker, q.verb) == ("direct", "Azerbaijani Foreign Ministry", "responded")


def test_according_to_leading_and_trailing():
    q = only("According to President Aliyev, the talks have failed.")
    assert (q.kind, q.text, q.speaker, q.verb) == ("indirect", "the talks have failed", "Ilham Aliyev", "according to")
    q = only("The talks have failed, according to Hajiyev.")
    assert (q.kind, q.text, q.speaker) == ("indirect", "The talks have failed", "Hikmet Hajiyev")


def test_according_to_a_line_of_reasoning_is_not_a_speaker():
    assert quotes("According to their logic, Baku should be grateful.") == []


def test_nominal_anaphors():
    q = only("Aliyev spoke at the conference. “No message came from the new administration,” the Azerbaijani "
             "president said.")
    assert (q.speaker, q.attribution) == ("Ilham Aliyev", "description")
    q = only("Azerbaijan’s top official is convinced that Washington should deliver a balanced policy.")
    assert (q.kind, q.speaker, q.verb) == ("indirect", "Ilham Aliyev", "convinced")
    q = only("Daniel Baer spoke to us. “Washington should act now and meet the co-chairs,” the analyst wrote.")
    assert (q.speaker, q.verb) == ("Daniel Baer", "wrote")


def test_continuation_after_attribution_keeps_the_speaker():
    found = quotes("Daniel Baer wrote a report. “Washington should meet the co-chairs regularly,” the analyst wrote. "
                   "“In addition, Washington should talk with Moscow.”")
    assert [q.speaker for q in found] == ["Daniel Baer", "Daniel Baer"]
    assert [q.verb for q in found] == ["wrote", "wrote"]
    assert found[1].attribution == "continuation"


def test_speaker_named_in_previous_sentence_continues():
    found = quotes("“The co-chairs should meet,” Baer wrote.\n\n“In addition, Washington should talk with Moscow.”")
    assert [(q.speaker, q.attribution) for q in found] == [("Daniel Baer", "name"), ("Daniel Baer", "continuation")]


def test_quoted_law_is_attributed_to_its_author():
    q = only("The 907 amendment bars aid unless Baku takes “demonstrable steps to cease all blockades”.")
    assert (q.kind, q.speaker, q.speaker_side, q.attribution) == ("partial", "US Congress", "United States",
                                                                  "quoted document")


def test_anonymous_and_group_speakers_stay_unknown():
    q = only("Analysts believe that the talks will fail.")
    assert (q.kind, q.speaker, q.speaker_surface) == ("indirect", "unknown", "Analysts")
    q = only("The minister said “we are ready to talk about it”.")
    assert (q.speaker, q.speaker_surface) == ("unknown", "The minister")


def test_commissive_and_relative_subject():
    found = quotes("Blinken spoke in January. He has also vowed to review security assistance to Azerbaijan.")
    assert [(q.kind, q.text, q.speaker) for q in found] == [
        ("indirect", "to review security assistance to Azerbaijan", "Antony Blinken")]
    found = quotes("It followed a statement from O’Brien, who stated that the U.S. wanted the corridor opened.")
    assert [(q.text, q.speaker) for q in found] == [("the U.S. wanted the corridor opened", "James O'Brien")]


def test_authors_comment_is_not_a_report():
    found = quotes("It is worth noting that leaders of Iran have acknowledged that Karabakh belongs to Azerbaijan.")
    assert [(q.text, q.speaker, q.verb) for q in found] == [("Karabakh belongs to Azerbaijan", "unknown",
                                                             "acknowledged")]


# ---------------------------------------------------------------------------------------------------------------
# quote shapes

def test_straight_double_quotes():
    q = only('Hajiyev said "we are ready to continue our discussions now".')
    assert (q.kind, q.text, q.speaker) == ("direct", "we are ready to continue our discussions now", "Hikmet Hajiyev")


def test_single_quotes_curly_and_straight():
    for text in ("Pashinyan accused Baku of ‘artificially delaying’ the talks.",
                 "Pashinyan accused Baku of 'artificially delaying' the talks."):
        q = only(text)
        assert (q.kind, q.text, q.speaker, q.verb) == ("partial", "artificially delaying", "Nikol Pashinyan", "accused")


def test_apostrophes_are_not_quotes():
    d = doc("Azerbaijan’s president didn’t attend O’Brien’s meeting, and the US' allies' plans changed.")
    assert rhetoric.extract_quotes(d, topic=SEEDS) == []
    assert rhetoric.quote_problems(d, topic=SEEDS) == []


def test_quote_over_several_sentences():
    q = only("“The US was absent. We resolved the problem. Zero,” the Azerbaijani president said.")
    assert q.text == "The US was absent. We resolved the problem. Zero"
    assert (q.kind, q.speaker) == ("direct", "Ilham Aliyev")


def test_partial_quote_inside_sentence():
    q = only("Aliyev criticized what he described as “unrealistic demands” from Washington.")
    assert (q.kind, q.text, q.speaker, q.verb) == ("partial", "unrealistic demands", "Ilham Aliyev", "described")


def test_ellipsis_and_bracketed_insertion_stay_in_the_quote():
    q = only("“Once it’s done, [we can] continue … our discussions,” said Hajiyev.")
    assert q.text == "Once it’s done, [we can] continue … our discussions"
    assert q.speaker == "Hikmet Hajiyev"


def test_scare_quote():
    q = only("There was no “progress” in the talks.")
    assert (q.kind, q.speaker, q.verb) == ("scare", "unknown", "")


def test_title():
    q = only("The conference titled “New vision for South Caucasus” took place in Baku.")
    assert (q.kind, q.text, q.speaker) == ("title", "New vision for South Caucasus", "unknown")


def test_indirect_zero_that():
    q = only("Blinken said the US welcomed the efforts of both sides.")
    assert (q.kind, q.text, q.speaker, q.verb) == ("indirect", "the US welcomed the efforts of both sides",
                                                   "Antony Blinken", "said")


def test_indirect_with_partial_quote_gives_both_rows():
    found = quotes("O’Brien said that Washington has cancelled “high-level visits” by Azerbaijani officials.")
    assert [(q.kind, q.text) for q in found] == [
        ("indirect", "Washington has cancelled “high-level visits” by Azerbaijani officials"),
        ("partial", "high-level visits")]
    assert {q.speaker for q in found} == {"James O'Brien"}


# ---------------------------------------------------------------------------------------------------------------
# bad input

def test_unclosed_quote_is_kept_and_reported():
    d = doc("The minister said “we are ready to talk and so are they.\n\nNext paragraph here.")
    [q] = rhetoric.extract_quotes(d, topic=SEEDS)
    assert q.text == "we are ready to talk and so are they."
    assert "no closing mark" in q.problems
    [p] = rhetoric.quote_problems(d, topic=SEEDS)
    assert p.problem == "quotation with no closing mark before the paragraph end" and p.offset == 18


def test_unbalanced_straight_quote():
    d = doc('He said "we are ready.')
    [q] = rhetoric.extract_quotes(d, topic=SEEDS)
    assert q.text == "we are ready." and "no closing mark" in q.problems


def test_stray_closing_mark_is_reported():
    d = doc("There was no progress” in the talks.")
    assert rhetoric.extract_quotes(d, topic=SEEDS) == []
    [p] = rhetoric.quote_problems(d, topic=SEEDS)
    assert (p.problem, p.offset) == ("closing quote mark without an opening one", 21)


def test_nested_quotes_keep_the_outer_and_report_the_inner():
    d = doc("Baku said “the deal is ‘dead’ for now,” officials added.")
    [q] = rhetoric.extract_quotes(d, topic=SEEDS)
    assert q.text == "the deal is ‘dead’ for now"
    assert "nested quote" in q.problems
    assert [p.problem for p in rhetoric.quote_problems(d, topic=SEEDS)] == ["nested quote inside a quotation"]


def test_scan_quotes_on_raw_strings():
    spans, problems = rhetoric.scan_quotes("“a” and “b")
    assert [(s.open, s.close) for s in spans] == [(0, 3), (8, 10)]
    assert problems == [(8, "quotation with no closing mark before the paragraph end")]


# ---------------------------------------------------------------------------------------------------------------
# language

def test_reporting_verb_classes():
    assert rhetoric.verb_class("said") == "neutral"
    assert rhetoric.verb_class("stated") == "neutral"
    assert rhetoric.verb_class("according to") == "neutral"
    for v in ("claimed", "insisted", "scoffed", "accused", "complained", "threatened", "warned", "admitted",
              "hinted", "vowed"):
        assert rhetoric.verb_class(v) == "evaluative", v
    assert rhetoric.verb_class("") == ""


def test_verb_tally_on_seeds(corpus):
    q = rhetoric.quotes_table(corpus, topic=SEEDS)
    by_side = rhetoric_views.verb_tally(q)
    # Hajiyev "hinted" and Pashinyan/Azerbaijan "accused": evaluative verbs are not only one side's
    assert by_side.loc["Azerbaijan", "evaluative"] >= 3
    assert by_side.loc["Armenia", "evaluative"] >= 2  # Pashinyan accused; Yerevan asserts
    by_doc = rhetoric_views.verb_tally(q, by="doc_id")
    assert "000_589b5f047ad3e4c1" not in by_doc.index


def features(text: str):
    return [(f.feature, f.category, f.text) for f in rhetoric.language_features(doc(text), topic=SEEDS)]


def test_loaded_terms_with_categories():
    got = features("American lawmakers punished the victim of the aggression; the US wants us to do its dirty work.")
    assert ("loaded", "victimhood", "punished the victim") in got
    assert ("loaded", "aggression", "aggression") in got
    assert ("loaded", "delegitimization", "dirty work") in got


def test_hedges_boosters_we_voice_address_questions():
    got = features("Biden may not seek a second term. Clearly, our country will not yield. We do not have any "
                   "territorial claims. Why should we? If you look closely, it is obvious.")
    assert ("hedge", "modal", "may") in got
    assert ("booster", "certainty_adverb", "Clearly") in got
    assert ("we_voice", "our_nation", "our country") in got
    assert ("we_voice", "first_person_plural", "our") not in got  # counted once, as "our country"
    assert ("we_voice", "first_person_plural", "We") in got
    assert ("loaded", "occupation_territory", "territorial claims") in got
    assert ("rhetorical_question", "author", "Why should we?") in got
    assert ("direct_address", "second_person", "you") in got


def test_features_in_quotes_are_flagged(corpus):
    d = corpus["002_cdba987897c2a20e"]
    qs = [f for f in rhetoric.language_features(d, topic=SEEDS) if f.feature == "rhetorical_question"]
    assert [f.text for f in qs] == [
        "Is there a room for a group which was supposed to help resolve the conflict after the conflict is resolved?",
        "Why should I say that?"]
    assert all(f.in_quote and f.category == "in_quote" for f in qs)


# ---------------------------------------------------------------------------------------------------------------
# sentiment

def test_actor_sentiment_rows_and_negation():
    pos = rhetoric.actor_sentiment(doc("Azerbaijan is happy with the good talks."), topic=SEEDS)
    neg = rhetoric.actor_sentiment(doc("Azerbaijan is not happy with the talks."), topic=SEEDS)
    assert [(r["actor"], r["side"]) for r in pos] == [("Azerbaijan", "Azerbaijan")]
    assert pos[0]["score"] > 0 > neg[0]["score"]
    two = rhetoric.actor_sentiment(doc("Baku and Washington signed a good deal."), topic=SEEDS)
    assert [r["actor"] for r in two] == ["Azerbaijan", "United States"]
    assert two[0]["score"] == two[1]["score"] == round(rhetoric.sentence_sentiment(
        "Baku and Washington signed a good deal.")["compound"], 4)


# ---------------------------------------------------------------------------------------------------------------
# the export contract

def test_tables_offsets_and_ids(corpus):
    t = tables.build(corpus, ["quotes", "rhetoric", "actor_sentiment", "quote_problems"])
    docs = {d.doc_id: d for d in corpus}
    for name in ("quotes", "rhetoric"):
        for row in t[name].itertuples():
            assert docs[row.doc_id].text[row.start:row.end] == row.text, (name, row)
            s = docs[row.doc_id].sentence_at(row.start)
            assert s is not None and s.sentence_id == row.sentence_id
    q = t["quotes"]
    assert q.quote_id.is_unique
    assert all(qid.startswith(f"{d}:q") for qid, d in zip(q.quote_id, q.doc_id))
    assert set(q.kind) <= set(rhetoric.KINDS)
    assert t["quote_problems"].empty  # the seeds' quote marks are balanced
    assert list(t["actor_sentiment"].columns[:5]) == ["doc_id", "sentence_id", "actor", "side", "score"]
    again = tables.build(corpus, ["quotes"])["quotes"]
    assert again.equals(q)


# ---------------------------------------------------------------------------------------------------------------
# chapter helpers

def test_quote_view_names_sentence_speaker_side_and_attribution(corpus):
    q = tables.build(corpus, ["quotes"])["quotes"]
    view = rhetoric_views.quote_view(q)
    assert list(view.columns) == ["doc", "sentence", "kind", "speaker", "verb", "attributed to", "text"]
    assert len(view) == len(q)
    # 004: Pashinyan's interview, with the verb that introduces his words
    row = view[view["text"].str.contains("artificially delaying", regex=False)].iloc[0]
    assert (row["doc"], row["sentence"]) == ("004", "s014")
    assert row["speaker"] == "Nikol Pashinyan (Armenia)" and row["verb"] == "accused"
    assert row["attributed to"].startswith("Pashinyan · ")
    # an anonymous source stays unknown, without a side in brackets
    assert "unknown" in set(view["speaker"])


def test_words_by_speaker_and_side():
    d = doc("“We will not sign this deal now,” said Hajiyev. Blinken said the US welcomed talks.")
    q = rhetoric.quotes_table([d], topic=SEEDS)
    words = rhetoric_views.quoted_words(q)
    got = {(r.speaker, r.speaker_side): (r.quoted, r.paraphrased) for r in words.itertuples()}
    assert got == {("Hikmet Hajiyev", "Azerbaijan"): (7, 0), ("Antony Blinken", "United States"): (0, 4)}
    sides = rhetoric_views.side_words(q)
    assert sides.loc["t", ("quoted", "Azerbaijan")] == 7
    assert sides.loc["t", ("paraphrased", "United States")] == 4


def test_helpers_accept_a_corpus_without_quotes():
    d = doc("Azerbaijan and Armenia met in Washington on Monday.")
    q = rhetoric.quotes_table([d], topic=SEEDS)
    assert q.empty and list(q.columns) == rhetoric.QUOTE_COLUMNS
    assert rhetoric_views.quoted_words(q).empty
    assert rhetoric_views.verb_tally(q).empty
    assert rhetoric_views.side_words(q).empty
    assert rhetoric_views.verb_list(q).empty
    f = rhetoric.rhetoric_table([d], topic=SEEDS)
    assert f.empty and f["in_quote"].dtype == bool
    assert rhetoric_views.highlighted_sentences([d], f) == []


def test_highlighted_sentences_carry_offsets(corpus):
    f = rhetoric.rhetoric_table(corpus, ["001_d448d77380b1797b"], topic=SEEDS)
    rows = rhetoric_views.highlighted_sentences(corpus, f)
    victim = [r for r in rows if "punished the victim" in r[1]]
    assert len(victim) == 1
    doc_id, text, start, spans = victim[0]
    labels = {text[a - start:b - start]: label for a, b, label in spans}
    assert labels["punished the victim"] == "loaded:victimhood"
    assert labels["lobby"] == "loaded:lobby_influence"  # "under the influence of the Armenian lobby"
    assert labels["aggression"] == "loaded:aggression"


def test_documents_filter_and_gold_scores_only_on_the_seeds(corpus):
    q = rhetoric.quotes_table(corpus, ["004_e62a52d1a1e40deb"], topic=SEEDS)
    assert set(q.doc_id) == {"004_e62a52d1a1e40deb"}
    assert rhetoric.gold_scores([doc("Nothing quoted here at all.")]) is None
    assert rhetoric.gold_scores(corpus, topic=SEEDS).gold == 63


def test_national_voice_of_the_seeds(corpus):
    """By reading: only 003 (Caliber.az) writes as a nation ("military aid to our country", "We do not have any
    territorial claims against Iran or Russia"); the others use "we" only inside quotations."""
    f = rhetoric.rhetoric_table(corpus, topic=SEEDS)
    author = f[(f.feature == "we_voice") & ~f.in_quote]
    assert set(author.doc_id) == {"003_13b3c454c77720c4"}
    assert "our country" in set(author.text)
    we = author[author.sentence_id == "003_13b3c454c77720c4:s025"]
    assert list(we.text) == ["We", "our sovereignty"]


def test_us_is_not_we_and_negated_boosters_do_not_count():
    got = features("The US said it does not know the plan. I don’t know. We know the US.")
    assert [t for f, c, t in got if f == "we_voice"] == ["We"]
    assert [t for f, c, t in got if f == "booster"] == ["know"]


def test_quote_split_by_its_attribution_in_one_sentence():
    found = quotes("“We are ready,” Hajiyev said, “to talk with Yerevan.”")
    assert [(q.kind, q.text, q.speaker, q.verb) for q in found] == [
        ("direct", "We are ready", "Hikmet Hajiyev", "said"),
        ("direct", "to talk with Yerevan.", "Hikmet Hajiyev", "said")]


def test_quote_running_over_paragraphs_is_the_convention_not_an_error():
    d = doc("Hajiyev spoke. “We are ready to talk to everyone in the region.\n\n“We will not wait for Washington,” "
            "he said.")
    found = rhetoric.extract_quotes(d, topic=SEEDS)
    assert [(q.text, q.speaker) for q in found] == [
        ("We are ready to talk to everyone in the region.", "Hikmet Hajiyev"),
        ("We will not wait for Washington", "Hikmet Hajiyev")]
    assert found[0].problems == "continues in the next paragraph"
    assert [p.problem for p in rhetoric.quote_problems(d, topic=SEEDS)] == [
        "quotation continues in the next paragraph (no closing mark, next paragraph opens a quote)"]


def test_random_quote_marks_never_crash_and_offsets_stay_exact():
    import random

    rng = random.Random(7)
    pieces = ["“", "”", "‘", "’", '"', "'", "Aliyev", "said", "he", "that", "the", "US", "war", ".", ",", "?", "…",
              "[we]", "according to", "Baku", "wrote", "\n\n"]
    for _ in range(60):
        text = "Start " + " ".join(rng.choice(pieces) for _ in range(rng.randint(3, 30))) + " end."
        d = doc(text)
        for q in rhetoric.extract_quotes(d, topic=SEEDS):
            assert d.text[q.start:q.end] == q.text
            assert q.kind in rhetoric.KINDS
        for f in rhetoric.language_features(d, topic=SEEDS):
            assert d.text[f.start:f.end] == f.text
        for p in rhetoric.quote_problems(d, topic=SEEDS):
            assert 0 <= p.offset < len(d.text)


def test_scores_table_and_disagreements(corpus):
    s = rhetoric.evaluate(corpus, GOLD, topic=SEEDS)
    t = rhetoric_views.scores_table(s)
    values = dict(zip(t["measure"], t.iloc[:, 1]))  # the book's figures: the second column, caveat in its header
    assert "not held out" in t.columns[1] and "held-out" in t.columns[2]
    assert values["hand-annotated items"] == "63"
    assert values["precision"] == f"{s.precision:.3f}"
    d = rhetoric_views.disagreements(s)
    assert len(d) <= round((1 - s.kind_accuracy) * s.matched) + round((1 - s.speaker_accuracy) * s.matched) \
        + (s.gold - s.matched) + (s.predicted - s.matched)
    for row in d.itertuples():
        assert row.status != "matched" or row.gold_kind != row.pred_kind or row.gold_speaker != row.pred_speaker


def test_evaluation_from_the_quotes_table_equals_evaluation_from_extraction():
    corpus = load_corpus(ROOT / "seeds")
    fresh = rhetoric.gold_scores(corpus, topic=SEEDS)
    from_table = rhetoric.gold_scores(corpus, quotes=tables.build(corpus, ["quotes"])["quotes"])
    assert fresh is not None and from_table is not None
    assert fresh == from_table  # every figure (the detail frame is compared next)
    assert fresh.detail.equals(from_table.detail)


def test_feature_counts_tally_only_the_named_features():
    import pandas as pd

    features = pd.DataFrame({
        "doc_id": ["a", "a", "a", "b"],
        "feature": ["loaded", "loaded", "hedge", "we_voice"],
        "category": ["aggression", "aggression", "modal", "possessive"],
        "in_quote": [False, True, False, False],
    })
    got = rhetoric_views.feature_counts(features, ["loaded", "hedge"])
    assert got.values.tolist() == [["hedge", "modal", False, 1], ["loaded", "aggression", False, 1],
                                   ["loaded", "aggression", True, 1]]
    by_doc = rhetoric_views.feature_counts(features, ["we_voice"], by=["doc_id", "feature"])
    assert by_doc.values.tolist() == [["b", "we_voice", 1]]
