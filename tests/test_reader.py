"""The reader's book (issue 15): dates in plain words, one event as each article tells it, outlet cards.

Expectations are written by hand: the plain words from how a reader writes each date, the seed expectations from
reading seeds/ (which article uses which names, who is quoted, which sentences tell O'Brien's hearing).
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from analysis import chronology as ch
from analysis import load_corpus, tables
from analysis.chronology.plain import plain_date, plain_span, plain_timex
from analysis.chronology.tellings import GAP, tellings
from analysis.topic import load_topic
from newsbook.overview import affiliation, outlet_cards, top_evidence

ROOT = Path(__file__).resolve().parent.parent
D003, D004 = "003_13b3c454c77720c4", "004_e62a52d1a1e40deb"
D000, D001, D002 = "000_589b5f047ad3e4c1", "001_d448d77380b1797b", "002_cdba987897c2a20e"


@pytest.fixture(scope="module")
def seed_tables():
    return tables.build(load_corpus(ROOT / "seeds"))


# ---------------------------------------------------------------------------------------------------- plain dates


@pytest.mark.parametrize("value, plain", [
    ("2020-09-27", "27 September 2020"), ("2020-09", "September 2020"), ("2020", "2020"),
    ("1992-10-24", "24 October 1992"), ("2024-02-29", "29 February 2024"),
    ("2020-SP", "spring 2020"), ("2020-SU", "summer 2020"), ("2020-FA", "autumn 2020"), ("2020-WI", "winter 2020"),
    ("2020-Q3", "third quarter of 2020"), ("2021-Q1", "first quarter of 2021"), ("2022-H1", "first half of 2022"),
    ("2020-W05", "week 5 of 2020"), ("2023-W47-WE", "weekend of 25–26 November 2023"),
    ("2026-W05-WE", "weekend of 31 January – 1 February 2026"),
    ("199", "the 1990s"), ("200", "the 2000s"), ("201", "the 2010s"),
    ("19", "the 20th century"), ("20", "the 21st century"), ("18", "the 19th century"),
    ("PAST_REF", "the past"), ("PRESENT_REF", "the present"), ("FUTURE_REF", "the future"),
    ("2023-11-29T18:00", "29 November 2023, 18:00"), ("2023-11-29T24:00", "29 November 2023, midnight"),
    ("2023-11-29TEV", "evening of 29 November 2023"), ("2023-11-29TMO", "morning of 29 November 2023"),
    ("2023-11-29TAF", "afternoon of 29 November 2023"), ("2023-11-29TNI", "night of 29 November 2023"),
    ("XXXX-09", "September (year unknown)"), ("XXXX-09-27", "27 September (year unknown)"),
])
def test_dates_as_a_reader_writes_them(value, plain):
    assert plain_date(value) == plain
    assert plain_date(value, "TIME" if "T" in value[4:] else "DATE") == plain


@pytest.mark.parametrize("value, plain", [
    ("P2W", "two weeks"), ("P3D", "three days"), ("P1Y", "a year"), ("P30Y", "30 years"), ("P29Y", "29 years"),
    ("P44D", "44 days"), ("P4M", "four months"), ("P6M", "six months"), ("P9Y", "nine years"),
    ("P10Y", "10 years"), ("PXY", "years"), ("PXW", "weeks"), ("PXM", "months"), ("PXDE", "decades"),
    ("P3DE", "three decades"), ("P1DE", "a decade"), ("P2CE", "two centuries"), ("P1CE", "a century"),
    ("PT1H", "an hour"), ("PT4H", "four hours"), ("PT30M", "30 minutes"), ("PT1S", "a second"),
    ("P1Y6M", "a year and six months"),
])
def test_durations_in_words(value, plain):
    assert plain_date(value, "DURATION") == plain


def test_modifiers_and_ranges_in_words():
    # 003: "Less than two weeks after the memorable speech"; 000: "the early 1990s"; 002: "April 10-13"
    assert plain_date("P2W", "DURATION", mod="LESS_THAN") == "less than two weeks"
    assert plain_date("P1Y", "DURATION", mod="APPROX") == "about a year"
    assert plain_date("P3Y", "DURATION", mod="MORE_THAN") == "more than three years"
    assert plain_date("P2D", "DURATION", mod="EQUAL_OR_MORE") == "at least two days"
    assert plain_date("199", mod="START") == "the early 1990s"
    assert plain_date("199", mod="MID") == "the mid-1990s"
    assert plain_date("199", mod="END") == "the late 1990s"
    assert plain_date("2023", mod="END") == "late 2023"  # "by the end of the year", "year-end"
    assert plain_date("2020-11", mod="START") == "early November 2020"
    assert plain_date("2020", mod="BEFORE") == "before 2020"
    assert plain_date("2021-04-10", until="2021-04-13") == "10–13 April 2021"
    assert plain_date("2021-04-28", until="2021-05-03") == "28 April – 3 May 2021"
    assert plain_date("2021-12-30", until="2022-01-02") == "30 December 2021 – 2 January 2022"


def test_sets_in_words():
    assert plain_date("XXXX-WXX-4", "SET") == "every Thursday"
    assert plain_date("XXXX-WXX-2TNI", "SET") == "every Tuesday night"
    assert plain_date("XXXX-07", "SET") == "every July"
    assert plain_date("P1W", "SET") == "every week"
    assert plain_date("P2W", "SET") == "every two weeks"
    assert plain_date("TMO", "SET") == "every morning"


@pytest.mark.parametrize("odd", ["2020-13", "2020-02-30", "2020-Q5", "2022-H3", "2020-W60", "P", "PT", "P3Z",
                                 "hello", "199x", "XXXX", "2020-09-27T25:00", "2020-FALL", "-1", "P2W2"])
def test_unknown_shapes_come_back_unchanged(odd):
    assert plain_date(odd) == odd
    assert plain_date(odd, "SET") == odd


def test_odd_input_never_raises_and_blank_is_blank():
    assert plain_date(None) == plain_date(float("nan")) == plain_date("") == plain_date("  ") == ""
    assert plain_date(3) == "3"
    assert plain_date("2020", None, None, None) == "2020"
    assert plain_date("2020", float("nan"), float("nan"), float("nan")) == "2020"
    assert plain_date(object()).startswith("<object")  # anything is shown as itself rather than stop a page
    assert plain_timex({"value": "P2W", "type": "DURATION", "mod": "LESS_THAN"}) == "less than two weeks"
    assert plain_timex(pd.Series({"value": "2021-04-10", "type": "DATE", "mod": "", "until": "2021-04-13"})) \
        == "10–13 April 2021"


def test_every_shape_the_tagger_emits_has_words():
    """Sentences written for the test, one expression of each family of the tagger's rules: each value is put in
    words (never shown as the code)."""
    text = ("The talks were held in the autumn of 2020 and again in the third quarter of 2021. "
            "Sales fell in the first half of 2022. The feud goes back to the 1990s and to the 19th century. "
            "He will arrive next week and speak tonight. She spoke on Tuesday evening. "
            "They meet every Thursday and on Tuesday nights. The ministers have argued for years. "
            "The war lasted 44 days, about a year after three decades of talks. The meeting ended at 6 p.m. "
            "It happened over the weekend. The future is uncertain, as it was in the past; now things change. "
            "The conference ran April 10-13. The report covers less than two weeks. Each July the council meets. "
            "The early 1990s were hard.")
    found = {t["text"]: plain_timex(t) for t in ch.extract_timexes(text, "2023-11-29")}
    expected = {
        "the autumn of 2020": "autumn 2020", "the third quarter of 2021": "third quarter of 2021",
        "the first half of 2022": "first half of 2022", "the 1990s": "the 1990s",
        "the 19th century": "the 19th century", "next week": "week 49 of 2023",
        "tonight": "night of 29 November 2023", "Tuesday evening": "evening of 28 November 2023",
        "every Thursday": "every Thursday", "Tuesday nights": "every Tuesday night", "years": "years",
        "44 days": "44 days", "about a year": "about a year", "three decades": "three decades",
        "6 p.m.": "29 November 2023, 18:00", "the weekend": "weekend of 25–26 November 2023",
        "The future": "the future", "the past": "the past", "now": "the present",
        "April 10-13": "10–13 April 2023", "less than two weeks": "less than two weeks", "Each July": "every July",
        "The early 1990s": "the early 1990s",
    }
    assert found == expected


def test_seed_timexes_all_have_plain_words(seed_tables):
    tx = seed_tables["timexes"]
    plain = {(r.doc_id, r.text): plain_timex(r) for r in tx.itertuples()}
    for r in tx.itertuples():
        if not (len(r.value) == 4 and r.value.isdigit()):  # a year is its own plain word
            assert plain[(r.doc_id, r.text)] != r.value, r  # no code shown to a reader
    assert plain[(D003, "Less than two weeks")] == "less than two weeks"
    assert plain[(D003, "the last three decades")] == "three decades"
    assert plain[(D000, "the early 1990s")] == "the early 1990s"
    assert plain[(D002, "the autumn of 2020")] == "autumn 2020"
    assert plain[(D002, "April 10-13")] == "10–13 April 2021"


def test_plain_span_of_the_reach_table(seed_tables):
    assert plain_span("1992", "2024-12-05") == "1992 to 5 December 2024"
    assert plain_span("2023-12", "2023-12") == "December 2023"
    assert plain_span("", "2023-12") == "December 2023"
    assert plain_span(float("nan"), None) == ""
    reach = seed_tables["reach"].set_index("doc_id")
    # 001 speaks of 1992 ("the amendment adopted on 24 October 1992") up to 5 December 2024
    assert plain_span(reach.loc[D001, "earliest"], reach.loc[D001, "latest"]) == "1992 to 5 December 2024"
    assert plain_span(reach.loc[D000, "earliest"], reach.loc[D000, "latest"]) == "the 1990s to 5 December 2024"


# ------------------------------------------------------------------------------------ same event, different telling


def test_obrien_hearing_is_told_by_003_and_004(seed_tables):
    t = seed_tables
    rows = tellings(t["events"], t["sentences"], t["documents"], t["mentions"])
    obrien = rows[rows["agent"].str.replace("’", "'").str.contains("O'Brien")]
    assert not obrien.empty
    both = [e for e, g in obrien.groupby("event_id") if set(g["doc_id"]) == {D003, D004}]
    assert both, "O'Brien's warning at the hearing is not joined across 003 and 004"
    for r in obrien[obrien["event_id"] == both[0]].itertuples():
        passage = r.passage.replace("’", "'")
        assert "O'Brien" in passage and "hearing" in passage, r.passage
    by_doc = obrien[obrien["event_id"] == both[0]].set_index("doc_id")
    # 003 tells it in "Specifically, he threatened to take action ..." (s002): "he" is O'Brien of s001, shown first
    assert by_doc.loc[D003, "telling_ids"] == (f"{D003}:s002",)
    assert by_doc.loc[D003, "context_ids"] == (f"{D003}:s001",)
    assert by_doc.loc[D003, "passage"].startswith("It is worth remembering that during the hearings")
    assert "he threatened to take action" in by_doc.loc[D003, "passage"]
    # 004: "During the hearing O’Brien warned Baku against attacking Armenia ..." names him itself
    assert by_doc.loc[D004, "telling_ids"] == (f"{D004}:s004",)
    assert by_doc.loc[D004, "context_ids"] == ()
    assert by_doc.loc[D004, "passage"].startswith("During the hearing O’Brien warned Baku")
    assert list(by_doc.index) == [D003, D004]  # 003 (29 November 2023) before 004 (December 2023)
    assert by_doc.loc[D003, "outlet"] == "Caliber.az" and by_doc.loc[D004, "outlet"] == ""
    assert by_doc.loc[D003, "published_plain"] == "29 November 2023, 18:00"


def test_the_refusal_of_the_washington_talks_is_told_by_003_and_004(seed_tables):
    t = seed_tables
    rows = tellings(t["events"], t["sentences"], t["documents"], t["mentions"])
    refusal = [g.set_index("doc_id") for _, g in rows.groupby("event_id")
               if {D003, D004} <= set(g["doc_id"]) and any("refused to attend" in p for p in g["passage"])]
    assert len(refusal) == 1
    r = refusal[0]
    assert "refused the forthcoming negotiations on the Washington platform" in r.loc[D003, "passage"]
    assert "Baku refused to attend the November 20 talks in Washington" in r.loc[D004, "passage"]
    assert r.loc[D004, "description"].endswith(", 20 November 2023")


def test_tellings_texts_are_exact_slices_and_rewrites_are_marked(seed_tables):
    t = seed_tables
    rows = tellings(t["events"], t["sentences"], t["documents"], t["mentions"])
    texts = dict(zip(t["documents"]["doc_id"], t["documents"]["text"]))
    assert (rows["n_documents"] >= 2).all()
    for r in rows.itertuples():
        assert len(r.sentence_ids) == len(r.starts) == len(r.ends) == len(r.texts) >= 1
        assert set(r.telling_ids) | set(r.context_ids) == set(r.sentence_ids)
        for a, b, s in zip(r.starts, r.ends, r.texts):
            assert texts[r.doc_id][a:b] == s
        assert r.passage.startswith(r.texts[0]) and r.passage.endswith(r.texts[-1])
    # 000 is the summary of 001: their shared events say so
    rewrites = rows[rows["doc_id"] == D000]
    assert not rewrites.empty and (rewrites["derived_from"] == D001).all()
    assert (rows.groupby("event_id")["event_rank"].nunique() == 1).all()
    # told by independent sources only: the events 000 shares with its source 001 alone drop out; 003 and 004 stay
    apart = tellings(t["events"], t["sentences"], t["documents"], t["mentions"], independent=True)
    assert (apart["independent_sources"] >= 2).all() and {D003, D004} <= set(apart["doc_id"])
    assert D000 not in set(apart["doc_id"])
    assert list(rows["event_rank"]) == sorted(rows["event_rank"])


def _toy():
    text_a = "Alice Smith spoke. She warned Bob.\n\nLater she warned Bob again."
    text_b = "Alice Smith warned Bob on Monday."
    documents = pd.DataFrame([{"doc_id": "a", "text": text_a, "outlet": "A Times", "title": "A", "published": "2024-02",
                               "derived_from": ""},
                              {"doc_id": "b", "text": text_b, "outlet": float("nan"), "title": "B",
                               "published": "2024-01-15", "derived_from": ""}])
    sents = []
    for doc_id, text, cuts in (("a", text_a, [(0, 18, 0), (19, 34, 0), (36, 63, 1)]), ("b", text_b, [(0, 33, 0)])):
        for i, (s, e, p) in enumerate(cuts):
            sents.append({"doc_id": doc_id, "sentence_id": f"{doc_id}:s{i:03d}", "paragraph": p, "start": s, "end": e,
                          "text": text[s:e]})
    sentences = pd.DataFrame(sents)
    mentions = pd.DataFrame([
        {"doc_id": "a", "entity": "Alice Smith", "surface": "Alice Smith", "sentence_id": "a:s000"},
        {"doc_id": "a", "entity": "Bob", "surface": "Bob", "sentence_id": "a:s001"},
        {"doc_id": "b", "entity": "Alice Smith", "surface": "Alice Smith", "sentence_id": "b:s000"},
    ])
    events = pd.DataFrame([
        {"event_id": "ev1", "date": "2024-01", "summary": "Alice Smith warns Bob", "doc_ids": "a;b",
         "independent_sources": 2, "evidence": "a:s001;a:s002;b:s000", "conflict": "", "agent": "Alice Smith"},
        {"event_id": "ev2", "date": "", "summary": "Bob replies", "doc_ids": "a", "independent_sources": 1,
         "evidence": "a:s002", "conflict": "", "agent": "Bob"},
    ])
    return events, sentences, documents, mentions


def test_tellings_on_sentences_written_for_the_test():
    events, sentences, documents, mentions = _toy()
    rows = tellings(events, sentences, documents, mentions)
    assert list(rows["event_id"]) == ["ev1", "ev1"]  # ev2 is told by one article only
    assert list(rows["doc_id"]) == ["b", "a"]  # b (15 January 2024) was published before a (February 2024)
    a = rows.set_index("doc_id").loc["a"]
    # "She warned Bob." names no Alice: the sentence before it in its paragraph does; "Later she warned Bob again."
    # is in the next paragraph, whose earlier sentences do not name her (none are there): no context
    assert a["context_ids"] == ("a:s000",)
    assert a["sentence_ids"] == ("a:s000", "a:s001", "a:s002")
    assert a["passage"] == "Alice Smith spoke. She warned Bob.\n\nLater she warned Bob again."
    assert rows.set_index("doc_id").loc["b", "outlet"] == ""  # blank is blank
    assert a["description"] == "Alice Smith warns Bob, January 2024"
    assert a["published_plain"] == "February 2024"
    # without mentions no context is added, and sentences apart are joined by the gap mark
    plain = tellings(events, sentences, documents).set_index("doc_id").loc["a"]
    assert plain["sentence_ids"] == ("a:s001", "a:s002")
    assert plain["passage"] == "She warned Bob.\n\nLater she warned Bob again."
    gap = events.assign(evidence=["a:s000;a:s002;b:s000", "a:s002"])
    assert tellings(gap, sentences, documents).set_index("doc_id").loc["a", "passage"] == \
        "Alice Smith spoke." + GAP + "Later she warned Bob again."
    assert len(tellings(events, sentences, documents, min_documents=1)) == 3
    with pytest.raises(KeyError, match="events table has no column"):
        tellings(events.drop(columns=["evidence"]), sentences, documents)


# ------------------------------------------------------------------------------------------------------ outlet cards


def test_affiliation_read_off_the_author_line():
    line = ("Source: Dr Vasif Huseynov, is a Senior Advisor at the Center of Analysis of International Relations "
            "(AIR Center) and Adjunct Lecturer at Khazar University in Baku, Azerbaijan.")
    assert affiliation("Dr Vasif Huseynov", line) == ("Senior Advisor at the Center of Analysis of International "
                                                      "Relations (AIR Center) and Adjunct Lecturer at Khazar "
                                                      "University in Baku, Azerbaijan")
    assert affiliation("Intercourier", "Post Author: Intercourier") == ""
    assert affiliation("Jane Roe", "By Jane Roe, a reporter for the Daily Bugle") == "reporter for the Daily Bugle"
    assert affiliation("", "anything") == affiliation("Jane Roe", "") == affiliation(float("nan"), "x") == ""


@pytest.fixture(scope="module")
def cards(seed_tables):
    return {c["doc_id"]: c for c in outlet_cards(seed_tables, load_topic(ROOT / "seeds"))}


def _walk(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _walk(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _walk(v)
    else:
        yield value


def test_cards_say_who_published_what(cards, seed_tables):
    assert list(cards) == list(seed_tables["documents"]["doc_id"])
    c3, c1, c2 = cards[D003], cards[D001], cards[D002]
    assert c3["outlet"] == "Caliber.az" and c3["genre"] == "analysis"  # "ANALYTICS", "hyperlink to Caliber.az"
    assert c3["date"] == "29 November 2023, 18:00" and c3["published"] == "2023-11-29T18:00"
    assert c1["author"] == "Dr Vasif Huseynov" and "(AIR Center)" in c1["affiliation"]
    assert c1["outlet"] == "commonspace.eu" and c1["genre"] == "opinion"
    assert c2["author"] == "Intercourier" and c2["affiliation"] == ""
    assert cards[D000]["derived_from"] == D001 and cards[D000]["genre"] == "summary"
    assert cards[D000]["outlet"] == "" and cards[D004]["author"] == ""  # unknown is blank, not NaN
    for card in cards.values():
        assert not any(isinstance(v, float) and math.isnan(v) for v in _walk(card))


def test_cards_naming_choices(cards):
    armenian = {d for d, c in cards.items() if any(n["side"] == "Armenia" for n in c["naming"])}
    assert armenian == {D004}  # Artskah, Nakhichevan, "the September 19 attack", "forced displacement"
    names = {(n["variant"], n["side"]): n for n in cards[D004]["naming"]}
    assert names[("Artsakh", "Armenia")]["surfaces"] == ["Artskah"]
    assert ("Nakhichevan", "Armenia") in names and names[("attack", "Armenia")]["count"] == 2
    assert ("forced displacement", "Armenia") in names
    assert cards[D004]["naming_sides"]["Armenia"] == 5
    three = {(n["variant"], n["side"]) for n in cards[D003]["naming"]}
    assert {("Nakhchivan", "Azerbaijan"), ("Karabakh", "Azerbaijan")} <= three
    assert "Armenia" not in cards[D003]["naming_sides"]
    assert cards[D002]["naming_sides"] == {"Azerbaijan": 10}  # "Karabakh region" eight times, two 1990s words
    sides = [n["side"] for n in cards[D004]["naming"]]
    assert sides.index("neutral") > max(i for i, s in enumerate(sides) if s != "neutral")  # neutral last


def test_cards_voices(cards):
    four = {v["speaker"]: v for v in cards[D004]["voices"]}
    # Hajiyev: "We do expect ...", "Azerbaijan doesn't need any foreign aid ..."; O'Brien: "We've made clear ...";
    # Pashinyan: Baku is "artificially delaying" peace talks
    assert four["Hikmet Hajiyev"]["side"] == "Azerbaijan" and four["Hikmet Hajiyev"]["quoted"] >= 2
    assert four["James O'Brien"]["side"] == "United States" and four["James O'Brien"]["quoted"] >= 1
    assert four["Nikol Pashinyan"]["side"] == "Armenia" and four["Nikol Pashinyan"]["quoted"] == 1
    assert f"{D004}:s014" in four["Nikol Pashinyan"]["sentence_ids"]
    # 003 quotes nobody of Azerbaijan: its one attributed quotation is O'Brien's "things will not be the same"
    quoted = {v["side"] for v in cards[D003]["voices"] if v["quoted"]}
    assert quoted == {"United States"}
    assert {v["speaker"] for v in cards[D003]["voices"] if v["quoted"]} == {"James O'Brien"}
    assert sum(cards[D004]["voice_sides"].values()) == sum(v["statements"] for v in cards[D004]["voices"])
    assert cards[D000]["voices"] and all(v["quoted"] == 0 for v in cards[D000]["voices"])  # the summary quotes no one


def test_cards_stance_and_top_evidence(cards, seed_tables):
    stance = seed_tables["stance"]
    for doc_id, card in cards.items():
        mine = stance[stance["doc_id"] == doc_id]
        assert [s["target"] for s in card["stance"]] == ["Azerbaijan", "Armenia", "United States", "Russia",
                                                         "EU/OSCE"]  # the order of book.yaml's sides
        assert len(card["stance"]) == len(mine)
        for s in card["stance"]:
            assert set(s["top_evidence"]) <= set(s["evidence"]) and len(s["top_evidence"]) == min(3, len(s["evidence"]))
            if not s["evidence"]:
                assert s["score"] is None and s["low"] is None and s["strength"] == "none"
    us = next(s for s in cards[D003]["stance"] if s["target"] == "United States")
    assert us["score"] < 0 and us["strength"] == "ok"
    # 003's author on Washington: "O'Brien made statements that were too harsh" (s001), "planned to act
    # aggressively, hoping to intimidate Baku" (s015), "putting pressure on Azerbaijan" (s017), "follow
    # Washington's instructions unconditionally" (s020): the sentences a reader would cite first
    assert {f"{D003}:s{i:03d}" for i in (1, 15, 17, 20)} & set(us["top_evidence"])


def test_ranked_evidence_is_the_stance_tables_evidence(seed_tables):
    """The stance table's ranking (made in the map step) names the sentences of its evidence column, each once, and
    the cards' top evidence is its head; unranked cards take the evidence in text order."""
    for r in seed_tables["stance"].itertuples():
        ids = [x for x in str(r.evidence).split(";") if x and x != "nan"]
        ranked = [x for x in str(r.ranked_evidence).split(";") if x and x != "nan"]
        assert sorted(ranked) == sorted(ids) and len(set(ranked)) == len(ranked), (r.doc_id, r.target)
        assert top_evidence(seed_tables, r.doc_id, r.target) == ranked[:3], (r.doc_id, r.target)
    unranked = outlet_cards(seed_tables, rank=False)
    for card in unranked:
        for s in card["stance"]:
            assert s["top_evidence"] == s["evidence"][:3]
    assert top_evidence(seed_tables, D003, "no such side") == []


def test_ranked_evidence_puts_first_what_pulls_hardest_toward_the_score():
    """On a hand-made article whose only evidence is loaded words in the author's voice: the sentences whose items
    pull hardest in the direction of the score come first, ties in text order (what the book cites for a cell)."""
    from types import SimpleNamespace

    from analysis.stance.by_voice import author_rows

    text = "".join(f"Sentence number {i} here. " for i in range(4))
    sentences = [SimpleNamespace(sentence_id=f"d:s{i}", start=25 * i, end=25 * i + 24) for i in range(4)]
    document = SimpleNamespace(doc_id="d", text=text, sentences=sentences)

    def word(i, polarity):
        return {"target": "Union", "role": "agent", "polarity": polarity, "start": 25 * i, "end": 25 * i + 8,
                "sentence_id": f"d:s{i}"}

    # items: s0 +1; s1 -1; s2 -1 and +1 (mean 0); s3 -1: three against two, the score is negative
    loaded = [word(0, 1.0), word(1, -1.0), word(2, -1.0), word(2, 1.0), word(3, -1.0)]
    row, = author_rows(document, None, [], [(0, len(text))], loaded, ("Union",))
    assert row["score"] < 0
    assert row["evidence"] == "d:s0;d:s1;d:s2;d:s3"
    assert row["ranked_evidence"] == "d:s1;d:s3;d:s2;d:s0"
    assert top_evidence({"stance": pd.DataFrame([row])}, "d", "Union", k=2) == ["d:s1", "d:s3"]
