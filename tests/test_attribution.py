"""analysis.attribution: who says (or thinks) what, through which words; and the author's own voice.

Every expectation is written by hand from the text: the seeds' reported statements (000, 004) and small articles
written for the test.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from analysis import actors, load_corpus, nlp
from analysis.attribution import (
    COLUMNS,
    KINDS,
    CueLexiconError,
    author_share,
    author_spans,
    find_attributions,
    lexicon,
    link_quotes,
)
from analysis.corpus import build_document
from analysis.topic import load_topic

ROOT = Path(__file__).resolve().parent.parent
TOPIC = load_topic(ROOT / "seeds")  # the seeds' actors and speakers, given to every stage called below


@pytest.fixture(scope="module")
def seeds():
    corpus = load_corpus(ROOT / "seeds")
    parses = nlp.parse_documents(corpus.documents)
    out = {}
    for doc, parsed in zip(corpus.documents, parses):
        out[doc.doc_id[:3]] = (doc, parsed, find_attributions(doc, parsed, actors.find_mentions(doc, parsed, topic=TOPIC), topic=TOPIC))
    return out


def attribute(text: str, doc_id: str = "t"):
    doc = build_document(doc_id, f"{doc_id}.txt", text.encode("utf-8"))
    parsed = nlp.parse_document(doc)
    return doc, find_attributions(doc, parsed, actors.find_mentions(doc, parsed, topic=TOPIC), topic=TOPIC)


def by_cue(rows, cue: str):
    found = [r for r in rows if r["cue_text"] == cue]
    assert len(found) == 1, [(r["cue_text"], r["content_text"]) for r in rows]
    return found[0]


# ---------------------------------------------------------------------------------------------------------------
# the seeds

def test_seed_000_four_reported_statements(seeds):
    doc, _, rows = seeds["000"]
    apa = by_cue(rows, "reported")
    assert apa["speaker"] == "Azerbaijani Press Agency" and apa["speaker_side"] == "Azerbaijan"
    assert apa["source_text"] == "the Azerbaijani Press Agency"
    assert apa["content_text"].startswith("a significant rejection by Azerbaijan’s Foreign Minister")
    assert apa["kind"] == "indirect"
    crit = by_cue(rows, "criticized")
    assert (crit["speaker"], crit["content_text"]) == ("Ilham Aliyev", "the Biden administration’s unrealistic demands")
    pref = by_cue(rows, "expressed")
    assert pref["speaker"] == "Ilham Aliyev" and pref["source_text"] == "Aliyev"
    assert pref["content_text"] == "a preference for relations with previous Republican administrations"
    analysts = by_cue(rows, "anticipate")
    # "analysts" names no one: the words are the source, the speaker is unknown
    assert (analysts["source_text"], analysts["speaker"], analysts["kind"]) == ("analysts", "unknown", "belief")
    assert analysts["content_text"] == "a recalibration in U.S.-Azerbaijan relations"


def test_seed_000_distancing_frames(seeds):
    doc, _, rows = seeds["000"]
    characterized = by_cue(rows, "characterized as")
    assert characterized["kind"] == "distancing"
    assert characterized["content_text"] == "a prejudiced approach from the Biden administration"
    assert characterized["source_text"] == "" and characterized["source_start"] == -1
    assert characterized["speaker"] == "unknown"  # "what has been characterized as": the article does not say by whom
    perceive = by_cue(rows, "perceive as")
    assert perceive["content_text"] == "transactional"
    # "they" are the Azerbaijani officials of the same sentence ("Recent statements from Azerbaijani officials")
    assert (perceive["source_text"], perceive["speaker"], perceive["kind"]) == ("they", "Azerbaijan", "distancing")


def test_seed_004_what_he_called_and_a_pronoun_speaker(seeds):
    doc, _, rows = seeds["004"]
    called = by_cue(rows, "called")
    assert called["kind"] == "distancing"
    assert (called["source_text"], called["speaker"]) == ("he", "Hikmet Hajiyev")  # the subject of the sentence
    assert "one-sided and lopsided approach" in called["content_text"]
    # '“We’ve made clear ...,” he said': "he" is O'Brien, named in the sentence before
    said = [r for r in rows if r["cue_text"] == "said" and r["content_text"].startswith("We’ve made clear")]
    assert len(said) == 1 and said[0]["speaker"] == "James O'Brien" and said[0]["kind"] == "direct"


def test_seed_004_posturing_is_inside_the_reported_clause(seeds):
    doc, _, rows = seeds["004"]
    signaled = by_cue(rows, "signaled")
    assert signaled["speaker"] == "Azerbaijan" and signaled["kind"] == "indirect"
    at = doc.text.index("posturing")
    assert signaled["content_start"] <= at < signaled["content_end"]
    assert not any(a <= at < b for a, b in author_spans(doc, rows))
    # "which Baku deems to be a “one-sided approach.”" is Baku's own characterisation, not part of the clause
    deems = by_cue(rows, "deems")
    assert deems["kind"] == "distancing" and deems["speaker"] == "Azerbaijan" and deems["source_text"] == "Baku"
    assert "one-sided approach" in deems["content_text"]
    assert signaled["content_end"] <= deems["source_start"]


def test_a_report_inside_another_report_is_part_of_its_content(seeds):
    doc, _, rows = seeds["004"]
    hinted = by_cue(rows, "hinted")
    assert hinted["speaker"] == "Hikmet Hajiyev"
    assert hinted["content_text"] == "Baku expects U.S. President Joe Biden to waive Section 907"
    assert not [r for r in rows if r["cue_text"] == "expects"]  # Baku's expectation is what Hajiyev hinted
    contents = sorted((r["content_start"], r["content_end"]) for r in rows)
    assert all(b1 <= a2 for (_, b1), (a2, _) in zip(contents, contents[1:]))  # no character in two contents


def test_seed_004_quoted_as_saying_and_a_continuation(seeds):
    doc, _, rows = seeds["004"]
    quoted = by_cue(rows, "quoted")
    assert quoted["speaker"] == "Hikmet Hajiyev"  # "Hajiyev was quoted by newsweek.com": Hajiyev speaks
    assert quoted["kind"] == "direct"
    # the quotation of the next sentence ("“Once it’s done ...”", no cue of its own) is the same content
    once = doc.text.index("Once it’s done")
    assert quoted["content_start"] < once < quoted["content_end"]
    # ... but the frame between the two parts is the author's
    frame = doc.text.index("was quoted by newsweek.com")
    assert any(a <= frame < b for a, b in author_spans(doc, rows))


def test_offsets_ids_kinds_and_columns_on_every_seed(seeds, seed_topic):
    for key, (doc, _, rows) in seeds.items():
        assert rows, key
        ids = [r["attribution_id"] for r in rows]
        assert ids == [f"{doc.doc_id}:a{n:03d}" for n in range(1, len(rows) + 1)]
        sentences = {s.sentence_id: s for s in doc.sentences}
        for r in rows:
            assert list(r) == COLUMNS
            assert r["kind"] in KINDS
            for part in ("source", "cue", "content"):
                a, b = r[f"{part}_start"], r[f"{part}_end"]
                if a == -1:
                    assert b == -1 and r[f"{part}_text"] == "" and part != "content"
                else:
                    assert doc.text[a:b] == r[f"{part}_text"] and b > a
            s = sentences[r["sentence_id"]]
            anchor = r["cue_start"] if r["cue_start"] >= 0 else r["content_start"]
            assert s.start <= anchor < s.end
            assert r["speaker"] == "unknown" or r["speaker_side"] in seed_topic.voice_sides
            assert (r["speaker"] == "unknown") == (r["speaker_side"] == "unknown")


def test_fast_enough_beyond_the_parse(seeds):
    doc, parsed, _ = seeds["004"]
    mentions = actors.find_mentions(doc, parsed, topic=TOPIC)
    t0 = time.perf_counter()
    for _ in range(5):
        find_attributions(doc, parsed, mentions, topic=TOPIC)
    per_call = (time.perf_counter() - t0) / 5
    assert per_call < 0.1, per_call  # measured about 12 ms on a ~800-word seed


# ---------------------------------------------------------------------------------------------------------------
# each kind on small articles

ARTICLE = (
    "Senator Elizabeth Warren spoke to reporters in Boston on Monday. The crowd was large.\n\n"
    "“We will win this state and we will win it by a wide margin,” she said. Her aides cheered.\n\n"
    "“Nobody in this room believes the budget will pass the Senate this year.”\n\n"
    "According to the National Rifle Association, the bill would cost jobs. The NRA spent heavily on the race. "
    "Warren believes that the group is wrong. Ms. Warren told the Boston Globe that she would vote against the bill. "
    "The senator said the vote was close. The newspaper reported that turnout was high."
)


@pytest.fixture(scope="module")
def article():
    return attribute(ARTICLE, "warren")


def test_direct_quote_with_a_pronoun_speaker(article):
    doc, rows = article
    r = next(r for r in rows if r["source_text"] == "she")
    assert r["cue_text"] == "said"
    assert r["kind"] == "direct" and r["source_text"] == "she" and r["speaker"] == "Elizabeth Warren"
    assert r["content_text"] == "We will win this state and we will win it by a wide margin"
    assert r["speaker_side"] == "other"  # not a gazetteer actor


def test_quote_whose_speaker_is_named_two_sentences_earlier(article):
    doc, rows = article
    r = [r for r in rows if r["content_text"].startswith("Nobody in this room")]
    assert len(r) == 1
    assert r[0]["kind"] == "direct" and r[0]["speaker"] == "Elizabeth Warren"
    assert r[0]["cue_text"] == "" and r[0]["cue_start"] == -1  # no cue of its own: it continues Warren's words


def test_according_to(article):
    doc, rows = article
    r = by_cue(rows, "According to")
    assert r["kind"] == "according_to"
    assert r["source_text"] == "the National Rifle Association"
    assert r["speaker"] == "National Rifle Association"
    assert r["content_text"] == "the bill would cost jobs"


def test_according_to_after_the_clause():
    doc, rows = attribute("The talks will resume in May, according to Nikol Pashinyan.")
    r = by_cue(rows, "according to")
    assert (r["content_text"], r["speaker"], r["speaker_side"]) == ("The talks will resume in May", "Nikol Pashinyan",
                                                                    "Armenia")


def test_belief_surname_title_and_nominal_sources(article):
    doc, rows = article
    belief = by_cue(rows, "believes")
    assert (belief["kind"], belief["speaker"], belief["content_text"]) == ("belief", "Elizabeth Warren",
                                                                          "the group is wrong")
    told = by_cue(rows, "told")
    assert (told["source_text"], told["speaker"]) == ("Ms. Warren", "Elizabeth Warren")
    assert told["content_text"] == "she would vote against the bill"
    said = [r for r in rows if r["source_text"] == "The senator"]
    assert len(said) == 1 and said[0]["speaker"] == "Elizabeth Warren"
    reported = by_cue(rows, "reported")
    assert (reported["source_text"], reported["speaker"]) == ("The newspaper", "Boston Globe")


def test_mixed_quote_and_indirect():
    doc, rows = attribute("Pashinyan accused Baku of “artificially delaying” peace talks. "
                          "Aliyev said that the talks had stalled.")
    accused = by_cue(rows, "accused")
    assert accused["kind"] == "mixed" and accused["speaker"] == "Nikol Pashinyan"
    assert accused["content_text"] == "Baku of “artificially delaying” peace talks"
    said = by_cue(rows, "said")
    assert (said["kind"], said["content_text"], said["speaker"]) == ("indirect", "the talks had stalled",
                                                                     "Ilham Aliyev")


def test_so_called_and_what_x_called():
    doc, rows = attribute("The so-called peace plan collapsed in May. Mirzoyan scoffed at what he called "
                          "“a campaign of lies” by Baku.")
    so = by_cue(rows, "so-called")
    assert so["kind"] == "distancing" and so["speaker"] == "unknown" and so["content_text"] == "peace plan"
    called = by_cue(rows, "called")
    assert called["kind"] == "distancing" and called["speaker"] == "Ararat Mirzoyan"
    assert "a campaign of lies" in called["content_text"]


def test_the_authors_own_comment_is_not_an_attribution():
    doc, rows = attribute("It is worth noting that the talks resumed. The ceasefire held through May.")
    assert rows == []
    spans = author_spans(doc, rows)
    assert spans == [(s.start, s.end) for s in doc.sentences]
    assert set(author_share(doc, rows).values()) == {1.0}


# ---------------------------------------------------------------------------------------------------------------
# the author's voice

def test_author_spans_partition_each_sentence(article):
    doc, rows = article
    spans = author_spans(doc, rows)
    assert spans == sorted(spans) and all(b > a for a, b in spans)
    assert all(b1 < a2 for (_, b1), (a2, _) in zip(spans, spans[1:]))  # merged, disjoint
    given_back = [(r[f"{k}_start"], r[f"{k}_end"]) for r in rows for k in ("source", "cue") if r[f"{k}_start"] >= 0]
    for r in rows:
        for pos in range(r["content_start"], r["content_end"]):
            in_author = any(a <= pos < b for a, b in spans)
            assert not in_author or any(a <= pos < b for a, b in given_back)
    share = author_share(doc, rows)
    assert set(share) == {s.sentence_id for s in doc.sentences}
    assert all(0.0 <= v <= 1.0 for v in share.values())
    by_text = {s.text: share[s.sentence_id] for s in doc.sentences}
    assert by_text["The crowd was large."] == 1.0
    assert by_text["“Nobody in this room believes the budget will pass the Senate this year.”"] < 0.05
    sid = next(s for s in doc.sentences if s.text.startswith("Warren believes"))
    # "Warren believes that" (21 of 40 characters) is the author's, "the group is wrong" the belief
    assert share[sid.sentence_id] == pytest.approx(len("Warren believes that .") / len(sid.text), abs=0.01)


# ---------------------------------------------------------------------------------------------------------------
# bad input

def test_a_parse_of_another_text_is_refused(article):
    doc, _ = article
    other = build_document("o", "o.txt", "Something else entirely.".encode())
    with pytest.raises(ValueError, match="warren: the parse is not of this document's text"):
        find_attributions(doc, nlp.parse_document(other), [], topic=TOPIC)


def test_cue_lexicon_names_a_missing_field(tmp_path):
    bad = tmp_path / "cues.yaml"
    bad.write_text("speech: [say]\n")
    with pytest.raises(CueLexiconError, match="cues.yaml: missing field 'evidence'"):
        lexicon(str(bad))
    assert "say" in lexicon().speech and "believe" in lexicon().belief


def test_quotes_table_rows_link_to_their_attribution(seeds):
    from analysis import rhetoric

    doc, _, rows = seeds["004"]
    quotes = rhetoric.extract_quotes(doc, topic=TOPIC)
    links = link_quotes(rows, quotes)
    we_made = next(q for q in quotes if q.text.startswith("We’ve made clear"))
    aid, speaker, side = links[we_made.quote_id]
    assert speaker == "James O'Brien" and side == "United States"
    assert next(r for r in rows if r["attribution_id"] == aid)["cue_text"] == "said"
    once = next(q for q in quotes if q.text.startswith("Once it’s done"))
    assert links[once.quote_id][1] == "Hikmet Hajiyev"


def test_seed_quotation_speakers_hold_when_taken_from_the_attribution_layer(seeds):
    """quotes.csv's speaker filled from the linked attribution (where it names one) keeps the seeds' hand-checked
    quotation results (seeds/quotes_gold.yaml: speaker accuracy 0.98 with rhetoric's own speakers)."""
    from analysis import rhetoric

    corpus = load_corpus(ROOT / "seeds")
    quotes = rhetoric.quotes_table(corpus, topic=TOPIC)
    rows = [r for _, _, rs in seeds.values() for r in rs]
    links = link_quotes(rows, quotes.to_dict("records"))
    assert len(links) >= 50  # nearly every quotation of the seeds belongs to an attribution
    for i, q in quotes.iterrows():
        if q.quote_id in links and links[q.quote_id][1] != "unknown":
            quotes.at[i, "speaker"] = links[q.quote_id][1]
    scores = rhetoric.evaluate(corpus, ROOT / "seeds" / rhetoric.GOLD_NAME, quotes=quotes, topic=TOPIC)
    assert scores.speaker_accuracy >= 0.95


def test_parenthetical_and_inverted_cues():
    doc, rows = attribute("The talks, Pashinyan said, will resume in May. The deal is dead, said Hikmet Hajiyev, "
                          "a top advisor to the president.")
    assert len(rows) == 2
    inside = rows[0]
    assert (inside["speaker"], inside["content_text"]) == ("Nikol Pashinyan",
                                                           "The talks, Pashinyan said, will resume in May")
    # the cue and its source stand inside the content: they are the author's words all the same
    spans = author_spans(doc, rows)
    said = doc.text.index("Pashinyan said")
    assert any(a <= said and said + len("Pashinyan said") <= b for a, b in spans)
    inverted = rows[1]
    assert (inverted["speaker"], inverted["content_text"]) == ("Hikmet Hajiyev", "The deal is dead")
    assert inverted["source_text"] == "Hikmet Hajiyev"


def test_a_feeling_toward_something_is_the_feelers_not_the_authors():
    doc, rows = attribute("Official Baku is upset at Washington's posturing since the attack. "
                          "The minister was angry with the court's ruling. The weather was unhappy with nobody.\n")
    upset = by_cue(rows, "upset at")
    assert upset["kind"] == "belief" and upset["content_text"] == "Washington's posturing"
    assert upset["speaker"] != "unknown" and "Baku" in upset["source_text"]
    angry = by_cue(rows, "angry with")
    assert angry["content_text"] == "the court's ruling" and angry["source_text"] == "The minister"
    assert not [r for r in rows if r["cue_text"].startswith("unhappy")]  # the weather feels nothing
    spans = author_spans(doc, rows)
    at = doc.text.index("posturing")
    assert not any(a <= at < b for a, b in spans)  # the loaded word is not the author's


# ---------------------------------------------------------------------------------------------------------------
# constructions added for PolNeAR recall (issue 11): sentences written for these tests

def one(rows, content_part: str):
    """The one attribution whose content holds ``content_part``."""
    found = [r for r in rows if content_part in r["content_text"]]
    assert len(found) == 1, [(r["cue_text"], r["content_text"]) for r in rows]
    return found[0]


def test_headline_and_transcript_lines_give_the_rest_of_the_paragraph_to_the_source():
    doc, rows = attribute("Mayor Ingrid Lindqvist: The harbour will reopen in spring\n\n"
                          "The council met on Monday to discuss the ferry.\n\n"
                          "Update: the meeting ran late into the night.")
    line = one(rows, "harbour will reopen")
    assert (line["cue_text"], line["source_text"]) == (":", "Mayor Ingrid Lindqvist")
    assert line["content_text"] == "The harbour will reopen in spring"
    assert line["speaker"] == "Ingrid Lindqvist"
    assert not [r for r in rows if "meeting ran late" in r["content_text"]]  # "Update:" is a label, not a source


def test_seeing_or_describing_x_as_y():
    doc, rows = attribute("The dockworkers' union sees the new contract as a betrayal of its members. "
                          "Ingrid Lindqvist described the harbour plan as a gift to the town.")
    sees = by_cue(rows, "sees")
    assert sees["content_text"] == "the new contract as a betrayal of its members" and sees["kind"] == "belief"
    described = by_cue(rows, "described")
    assert described["content_text"] == "the harbour plan as a gift to the town"
    assert described["speaker"] == "Ingrid Lindqvist" and described["kind"] == "indirect"


def test_a_poll_that_shows_and_a_poll_in_parentheses():
    doc, rows = attribute("A new survey of harbour residents shows a narrow lead for the mayor. "
                          "Most residents oppose the ferry tax, a second poll finds.")
    shows = by_cue(rows, "shows")
    assert shows["content_text"] == "a narrow lead for the mayor"
    assert shows["source_text"] == "A new survey of harbour residents"
    finds = by_cue(rows, "finds")
    assert finds["content_text"] == "Most residents oppose the ferry tax"
    assert finds["source_text"] == "a second poll"


def test_counted_and_collective_subjects_hold_stances():
    doc, rows = attribute("Sixty percent of the fishermen support the new quota. "
                          "Critics bashed the ferry timetable on Tuesday.")
    assert by_cue(rows, "support")["content_text"] == "the new quota"
    bashed = by_cue(rows, "bashed")
    assert bashed["content_text"] == "the ferry timetable"  # "on Tuesday" is when, not what
    assert bashed["speaker"] == "unknown"  # bare "critics" name no one


def test_a_passive_with_its_agent_and_a_hearsay_adverb():
    doc, rows = attribute("The closure of the fish market was first reported by the Harbour Gazette. "
                          "The council is reportedly weighing a new tax on cruise ships.")
    reported = by_cue(rows, "reported")
    assert reported["content_text"] == "The closure of the fish market"
    assert reported["source_text"] == "the Harbour Gazette"
    hearsay = by_cue(rows, "reportedly")
    assert hearsay["content_text"] == "The council is reportedly weighing a new tax on cruise ships"
    assert (hearsay["source_start"], hearsay["speaker"]) == (-1, "unknown")


def test_nominal_cues_with_a_possessor_and_a_complement():
    doc, rows = attribute("Ingrid Lindqvist spoke first. Lindqvist's proposal to close the old ferry angered the "
                          "fishermen. Her criticism of the budget was sharp.")
    proposal = by_cue(rows, "proposal")
    assert proposal["content_text"] == "close the old ferry" and proposal["speaker"] == "Ingrid Lindqvist"
    criticism = by_cue(rows, "criticism")
    assert criticism["content_text"] == "the budget" and criticism["source_text"] == "Her"


def test_the_hearer_of_told_is_not_the_content_and_a_quote_before_said_of():
    doc, rows = attribute("“We will rebuild the pier,” Ingrid Lindqvist told the Harbour Gazette. "
                          "“Who pays for this?” Lindqvist said of the budget.")
    told = by_cue(rows, "told")
    assert told["content_text"] == "We will rebuild the pier" and told["kind"] == "direct"
    said = by_cue(rows, "said")
    assert said["content_text"] == "Who pays for this?" and said["speaker"] == "Ingrid Lindqvist"


def test_a_quotation_split_by_a_one_sentence_frame_is_one_content():
    doc, rows = attribute("Ingrid Lindqvist visited the pier on Monday. “We will rebuild the old pier before the "
                          "summer,” she said, standing by the water as the rain began. “The town deserves a working "
                          "harbour again.”")
    said = by_cue(rows, "said")
    assert said["content_text"].startswith("We will rebuild") and said["content_text"].endswith("harbour again.")
    assert said["speaker"] == "Ingrid Lindqvist" and said["kind"] == "direct"
    # a frame longer than the quoted words around it parts them: two contents, the second with the same speaker
    doc, rows = attribute("Ingrid Lindqvist visited the pier. “We will rebuild,” she told the reporters who had "
                          "followed her from the station to the water on a cold morning. “It is ours and we will keep it.”")
    assert [r["content_text"] for r in rows] == ["We will rebuild", "It is ours and we will keep it."]
    assert {r["speaker"] for r in rows} == {"Ingrid Lindqvist"}


def test_contents_end_where_the_report_ends():
    doc, rows = attribute("Ingrid Lindqvist said she supports the final bill, which includes a levy on cruise "
                          "ships. Four in ten voters said the economy was weak, while most said they trusted the "
                          "mayor. The mayor says she is “ready for the fight.” She predicts a close vote in May.")
    assert one(rows, "supports the final bill")["content_text"] == "she supports the final bill"
    assert one(rows, "economy was weak")["content_text"] == "the economy was weak"
    assert one(rows, "they trusted the mayor")["content_text"] == "they trusted the mayor"
    ready = one(rows, "ready for the fight")
    assert "predicts" not in ready["content_text"]
    assert by_cue(rows, "predicts")["content_text"] == "a close vote"  # "in May" is when, not what


def test_ing_complements_hoped_and_participles():
    doc, rows = attribute("Ingrid Lindqvist reported raising two million crowns for the pier. "
                          "Lindqvist hoped to win the seat. A group supporting Lindqvist bought radio ads.")
    assert by_cue(rows, "reported")["content_text"] == "raising two million crowns for the pier"
    hoped = by_cue(rows, "hoped")
    assert hoped["kind"] == "belief" and hoped["content_text"].endswith("win the seat")
    supporting = by_cue(rows, "supporting")  # the participle's subject is the noun it modifies
    assert supporting["content_text"] == "Lindqvist" and supporting["source_text"] == "A group"


def test_in_a_poll_frames_its_clause():
    doc, rows = attribute("In a new poll, most residents favour a second bridge. "
                          "The bridge was built in 1990.")
    poll = by_cue(rows, "In")
    assert poll["kind"] == "according_to" and poll["content_text"] == "most residents favour a second bridge"
    assert poll["source_text"] == "a new poll"
    assert not [r for r in rows if "1990" in r["content_text"]]  # "in 1990" is a date, no source


def test_a_curly_quotation_closed_by_a_straight_mark():
    doc, rows = attribute('Ingrid Lindqvist spoke at the pier. “Our roads and bridges are crumbling," she said.')
    said = by_cue(rows, "said")
    assert (said["content_text"], said["kind"], said["speaker"]) == (
        "Our roads and bridges are crumbling", "direct", "Ingrid Lindqvist")


def test_according_to_in_the_middle_of_a_sentence():
    doc, rows = attribute("While most of the boats were repaired, according to a harbour official, two were sold "
                          "for scrap. Lindqvist leads by 300 votes, according to a count by the Gazette, which "
                          "closed at noon.")
    first, second = [r for r in rows if r["kind"] == "according_to"]
    assert (first["content_text"], first["source_text"]) == ("two were sold for scrap", "a harbour official")
    assert second["content_text"] == "Lindqvist leads by 300 votes"


def test_a_claim_whose_claimant_the_article_does_not_name():
    doc, rows = attribute("The claim that the ferry will close next year spread quickly in the harbour. "
                          "The fact that the ferry is old is plain.")
    claim = by_cue(rows, "claim")
    assert claim["content_text"] == "the ferry will close next year"
    assert (claim["source_start"], claim["speaker"]) == (-1, "unknown")
    assert not [r for r in rows if "ferry is old" in r["content_text"]]  # "the fact that": the author's


def test_an_object_content_does_not_end_on_the_that_opening_what_was_said():
    """'declared ... a statement that "..."': the parser may hang the clause after "that" on the verb; the content
    goes on through it (003 s003: O'Brien's "things will not be the same as before")."""
    doc, rows = attribute('Furthermore, the minister declared the closure of the port and a general statement '
                          'that "nothing will be the same again".\n')
    declared = by_cue(rows, "declared")
    assert declared["content_text"].endswith('that "nothing will be the same again"')
    assert declared["content_text"].startswith("the closure of the port")


# ---------------------------------------------------------------------------------------------------------------
# recall work on PolNeAR train (issue 11, second round): each construction on sentences written for the test

def test_a_short_quotation_inside_the_reported_clause_takes_the_clause():
    """'predicted ... that the ferry will carry "every passenger" if ...': the quoted words are part of a clause
    the cue reports; the content is the clause (after its "that"), not the two quoted words alone."""
    doc, rows = attribute('The harbour board met on Monday. Halvorsen called Lindqvist a "reckless captain" who is '
                          'steering "straight onto the rocks." Halvorsen predicted at the most recent council debate '
                          'that fishermen will take "every berth" if Dahl wins the vote. She said: “We will rebuild '
                          'the pier.”')
    predicted = by_cue(rows, "predicted")
    assert predicted["content_text"] == 'fishermen will take "every berth" if Dahl wins the vote'
    assert predicted["kind"] == "mixed"
    called = by_cue(rows, "called")
    assert called["content_text"].startswith('Lindqvist a "reckless captain" who is steering')
    # a quotation that is all of what follows its cue stays the quotation
    said = by_cue(rows, "said")
    assert (said["content_text"], said["kind"]) == ("We will rebuild the pier.", "direct")


def test_calling_for_someone_to_act_and_admitting_to_something():
    doc, rows = attribute("Governor Halvorsen is calling for the harbour board to close the old pier. "
                          "Lindqvist admitted to hiding the inspection reports.")
    calling = by_cue(rows, "calling")
    assert calling["content_text"] == "the harbour board to close the old pier"
    assert calling["speaker"] == "Governor Halvorsen" or "Halvorsen" in calling["speaker"]
    admitted = by_cue(rows, "admitted")
    assert (admitted["content_text"], admitted["source_text"]) == ("hiding the inspection reports", "Lindqvist")
    doc, rows = attribute("The harbour board asked for proof of the repairs.")
    assert by_cue(rows, "asked")["content_text"] == "proof of the repairs"


def test_the_passive_of_seeing_x_as_y():
    doc, rows = attribute("The two northern ports are widely seen as Halvorsen strongholds. Lindqvist is seen by "
                          "other harbour pilots as uniquely careful.")
    first, second = [r for r in rows if r["cue_text"] == "seen"]
    # the characterised ports and the characterisation, seen by no one the article names
    assert first["content_text"] == "The two northern ports are widely seen as Halvorsen strongholds"
    assert (first["kind"], first["speaker"], first["source_start"]) == ("belief", "unknown", -1)
    # a "by" phrase longer than the characterised one: the content starts at the characterisation
    assert second["content_text"] == "as uniquely careful"
    assert second["source_text"] == "other harbour pilots"


def test_a_reporters_next_act_is_its_own_attribution_but_an_aim_inside_the_content_is_not():
    """The rule that ends a content before the reporter's next act (', calling it ...', ', referencing ...') must
    not cut an aim or a wish of the content's own subject (seed 001: 'the U.S. wanted ..., aiming to ...')."""
    doc, rows = attribute("The mayor criticized the new ferry contract, calling it “reckless” and “wasteful.” "
                          "The mayor said the council wanted the pier rebuilt by spring, aiming to reopen the fish "
                          "market before summer.")
    assert by_cue(rows, "criticized")["content_text"] == "the new ferry contract"
    assert by_cue(rows, "calling")["content_text"].startswith("it “reckless” and “wasteful")
    said = by_cue(rows, "said")
    assert said["content_text"] == ("the council wanted the pier rebuilt by spring, aiming to reopen the fish "
                                    "market before summer")
    assert not [r for r in rows if r["cue_text"] == "aiming"]


def test_a_quotation_frame_with_a_title_abbreviation_is_one_sentence():
    """'“A,” said Sen. Erik Dahl of Nordland, who ... “B.”': the full stop of "Sen." ends no sentence, so the
    second part continues the same content."""
    doc, rows = attribute("The ferry will be late again this winter.\n\n“We have patched the hull twice. It will not "
                          "hold another storm,” said Sen. Erik Dahl of Nordland, who sails the route every week. "
                          "“The board must buy a new ship before the ice comes.”\n")
    said = by_cue(rows, "said")
    assert said["content_text"].startswith("We have patched the hull twice.")
    assert said["content_text"].endswith("The board must buy a new ship before the ice comes.")
    assert "Erik Dahl" in said["speaker"]
    assert len([r for r in rows if "new ship" in r["content_text"]]) == 1


def test_a_public_judgement_with_no_possessor_and_support_with_none():
    doc, rows = attribute("Dahl delivered an impassioned defense of the old harbour master. Criticism of the new "
                          "timetable grew. Support for a new ship is growing.")
    defense = by_cue(rows, "defense")  # the one who delivers it is its source
    assert (defense["content_text"], defense["source_text"], defense["speaker"]) == (
        "the old harbour master", "Dahl", "Dahl")
    criticism = by_cue(rows, "Criticism")  # no one named
    assert (criticism["content_text"], criticism["speaker"]) == ("the new timetable", "unknown")
    assert not [r for r in rows if r["cue_text"] == "Support"]  # (support with no one's name: too often no report)


def test_a_lawsuit_can_call_for_something():
    doc, rows = attribute("The lawsuit is calling on the court to review the ferry contract.")
    calling = by_cue(rows, "calling")
    assert "review the ferry contract" in calling["content_text"] and calling["kind"] == "indirect"


def test_a_report_framed_by_according_to_is_kept_whole():
    """'Dahl said ..., according to press reports': "said" holds the "according to" phrase and the phrase's content
    holds "said"; neither may drop the other to leave nothing: the report as a whole is the press reports'."""
    doc, rows = attribute("The ferry is late. Dahl said he would have fired the captain if such an incident had "
                          "happened on his watch, according to press reports.")
    assert len(rows) == 1
    (row,) = rows
    assert row["kind"] == "according_to" and row["source_text"] == "press reports"
    assert row["content_text"] == ("Dahl said he would have fired the captain if such an incident had happened on "
                                   "his watch")


def test_a_prepositional_content_leaves_out_a_relative_clause_set_off_by_a_comma():
    doc, rows = attribute("Dahl referred to the old harbour master, who retired in 2011. Lindqvist had won the "
                          "endorsement of Mayor Halvorsen, who leads the harbour council.")
    assert by_cue(rows, "referred")["content_text"] == "the old harbour master"
    assert not [r for r in rows if "retired" in r["content_text"] or "leads the" in r["content_text"]]


def test_said_yes_said_so_and_the_same_of():
    doc, rows = attribute("Asked if the ferry was safe, 46 percent of passengers said yes, compared with 23 percent. "
                          "Most pilots call Dahl careful, while 61 percent of them say the same of Lindqvist.")
    assert by_cue(rows, "said")["content_text"] == "yes"
    assert by_cue(rows, "say")["content_text"] == "the same of Lindqvist"
    doc, rows = attribute("The ferry is not safe. To say so would be to ignore the new hull.")
    assert not [r for r in rows if r["cue_text"] == "say"]  # no one says it


def test_a_sentence_closed_by_records_show():
    """'..., records show.' (the tagger reads "show" as a noun): the clause before the comma is what the records
    show."""
    doc, rows = attribute("The ferry is late. The old ferry was insured at a value of $35 million in 2011, records "
                          "show.")
    show = by_cue(rows, "show")
    assert show["content_text"] == "The old ferry was insured at a value of $35 million in 2011"
    assert (show["source_text"], show["speaker"]) == ("records", "unknown")



def test_what_x_called_someone_not_the_clause_before():
    """'she drew his ire - he called her “weak”': the words he put on her, not the clause before the dash; 'one
    pilot called Dahl “the worst captain of the fleet”' when the parser reads both as object predicates."""
    doc, rows = attribute('The debate was long.\n\nFor that she drew his ire - he called her "weak" and said she had '
                          '"zero support" in New Hampshire.\n\nThe council debated whether to ban Dahl; one pilot '
                          'called Dahl "the worst captain of the fleet." But the move to ban him failed.\n')
    called = [r for r in rows if r["cue_text"] == "called"]
    assert [r["content_text"] for r in called] == ['her "weak', 'Dahl "the worst captain of the fleet."']
    assert not [r for r in rows if "drew his ire" in r["content_text"]]


def test_a_named_subject_opposes_a_one_word_object():
    doc, rows = attribute("The ferry is late. Lindqvist opposes subsidies. The storm delayed repairs.")
    opposes = by_cue(rows, "opposes")
    assert (opposes["content_text"], opposes["source_text"]) == ("subsidies", "Lindqvist")
    assert [r["cue_text"] for r in rows] == ["opposes"]
