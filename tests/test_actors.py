"""The gazetteer: variants and misspellings resolve to canonical actors with exact offsets."""

from pathlib import Path

import pytest

from analysis import actors, load_corpus
from analysis.topic import load_topic

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
TOPIC = load_topic(SEEDS)  # the seeds' gazetteer, given to every call below


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(SEEDS)


def surfaces(doc, entity):
    return sorted({m.surface for m in actors.find_mentions(doc, topic=TOPIC) if m.entity == entity})


def test_misspellings_and_variants_in_seed_004(corpus):
    doc = corpus["004_e62a52d1a1e40deb"]
    assert surfaces(doc, "Jeyhun Bayramov") == ["Jeyhum Bayramov"]
    assert surfaces(doc, "Nagorno-Karabakh") == ["Artskah"]
    assert surfaces(doc, "Nakhchivan") == ["Nakhichevan"]
    assert surfaces(doc, "James O'Brien") == ["James O’Brien", "O’Brien"]
    assert "Official Baku" in surfaces(doc, "Azerbaijan")
    assert surfaces(doc, "Newsweek") == ["newsweek.com"]


def test_blinken_spellings_and_straight_apostrophes(corpus):
    assert "Anthony Blinken" in surfaces(corpus["002_cdba987897c2a20e"], "Antony Blinken")
    assert surfaces(corpus["003_13b3c454c77720c4"], "James O'Brien") == ["James O'Brien", "O'Brien"]
    assert surfaces(corpus["003_13b3c454c77720c4"], "Nakhchivan") == ["Nakhchivan"]
    assert "Antony Blinken" in surfaces(corpus["001_d448d77380b1797b"], "Antony Blinken")


def test_metonyms_and_longest_match(corpus):
    doc = corpus["000_589b5f047ad3e4c1"]
    ms = actors.find_mentions(doc, topic=TOPIC)
    # "the Biden administration" is the administration, never a mention of Joe Biden
    assert not [m for m in ms if m.entity == "Joe Biden"]
    assert "Biden administration" in {m.entity for m in ms}
    by_surface = {m.surface: (m.entity, m.side) for m in ms}
    assert by_surface["Washington"] == ("United States", "United States")
    assert by_surface["Baku"] == ("Azerbaijan", "Azerbaijan")
    assert by_surface["Nagorno-Karabakh"] == ("Nagorno-Karabakh", "other")
    # "Nagorno-Karabakh" is one mention, not also "Karabakh"
    assert "Karabakh" not in by_surface


def test_hyphenated_compounds_count_both_sides():
    from analysis.corpus import build_document

    doc = build_document("x", "x.txt", "The U.S.-Azerbaijan relations and the Armenia-Azerbaijan peace process.".encode())
    assert [m.entity for m in actors.find_mentions(doc, topic=TOPIC)] == ["United States", "Azerbaijan", "Armenia", "Azerbaijan"]


def test_mentions_offsets_are_exact_and_inside_their_sentence(corpus):
    for doc in corpus:
        sentences = {s.sentence_id: s for s in doc.sentences}
        for m in actors.find_mentions(doc, topic=TOPIC):
            assert doc.text[m.start : m.end] == m.surface
            s = sentences[m.sentence_id]
            assert s.start <= m.start and m.end <= s.end


def test_gazetteer_entries_are_valid_and_sided(seed_topic):
    entries = actors.gazetteer(TOPIC)
    assert entries == actors.gazetteer(seed_topic) and len(entries) == len(seed_topic.actors)
    assert {a.side for a in entries} <= set(seed_topic.targets) | {"other"}
    assert actors.actor_by_name("Ilham Aliyev", topic=TOPIC).side == "Azerbaijan"
    assert actors.actor_by_name("Nikol Pashinyan", topic=TOPIC).side == "Armenia"
    assert actors.actor_by_name("Russia", topic=TOPIC).side == "Russia"


def test_gazetteer_rejects_unknown_side(tmp_path):
    from analysis.topic import TopicError, load_topic

    (tmp_path / "book.yaml").write_text("title: T\nactors:\n  - canonical: X\n    type: person\n    side: Mars\n"
                                        "    variants: [X]\n")
    with pytest.raises(TopicError, match=r"field 'actors\[0\].side': 'Mars' is not a side of the book"):
        load_topic(tmp_path)


def test_no_topic_no_gazetteer_and_a_topic_without_sides_has_only_other():
    from analysis import topic

    doc = build_document("x", "x.txt", b"Title\n\nIlham Aliyev met Joe Biden in Washington.\n")
    bare = topic.Topic.default("x")
    assert actors.gazetteer(bare) == () and actors.find_mentions(doc, topic=bare) == []
    assert actors.side_of("Ilham Aliyev", bare) == "other"
    assert actors.gazetteer(None) == () and actors.find_mentions(doc) == []


# ---------------------------------------------------------------------------------------------------------------
# actors from the text (find_mentions with the parse)

from analysis import nlp  # noqa: E402
from analysis.corpus import build_document  # noqa: E402

FOREIGN = (
    "CNN anchor Jake Tapper interviewed Senator Elizabeth Warren on Sunday. Tapper asked about the National Rifle "
    "Association (NRA) and its spending.\n\n"
    "Mr. Tapper said the NRA had spent heavily. Warren disagreed. The senator said the group was wrong. "
    "The Washington Post reported the figures first, and the Post later corrected them. Secretary of Defense Lloyd "
    "Austin spoke too; the secretary said nothing new."
)


@pytest.fixture(scope="module")
def foreign():
    doc = build_document("us", "us.txt", FOREIGN.encode())
    return doc, actors.find_mentions(doc, nlp.parse_document(doc), topic=TOPIC)


def resolved(mentions, surface):
    return [(m.entity, m.type, m.side, m.in_gazetteer) for m in mentions if m.surface == surface]


def test_surname_and_honorific_resolve_to_the_full_name(foreign):
    doc, ms = foreign
    assert resolved(ms, "Jake Tapper") == [("Jake Tapper", "person", "other", False)]
    # "Tapper" twice (once after "Mr."), "Warren" once
    assert resolved(ms, "Tapper") == [("Jake Tapper", "person", "other", False)] * 2
    assert resolved(ms, "Warren") == [("Elizabeth Warren", "person", "other", False)]


def test_title_resolves_to_the_person_who_holds_it(foreign):
    doc, ms = foreign
    assert resolved(ms, "The senator") == [("Elizabeth Warren", "person", "other", False)]
    assert resolved(ms, "the secretary") == [("Lloyd Austin", "person", "other", False)]


def test_acronym_and_short_form_resolve_to_the_long_form(foreign):
    doc, ms = foreign
    assert {e for e, *_ in resolved(ms, "NRA")} == {"National Rifle Association"}
    assert all(t == "organization" for _, t, *_ in resolved(ms, "NRA"))
    assert resolved(ms, "Post") == [("Washington Post", "organization", "other", False)]
    # "Washington" inside "The Washington Post" is the newspaper's name, not the United States
    assert not [m for m in ms if m.entity == "United States"]


def test_parsed_mentions_keep_every_gazetteer_mention_and_exact_offsets(corpus, seed_topic):
    for doc in corpus:
        parsed = nlp.parse_document(doc)
        with_parse = actors.find_mentions(doc, parsed, topic=TOPIC)
        keys = {(m.start, m.end, m.entity) for m in with_parse}
        for m in actors.find_mentions(doc, topic=TOPIC):
            if m.surface == "Washington" and any(p.start < m.start and m.end <= p.end and not p.in_gazetteer
                                                 for p in with_parse):
                continue
            assert (m.start, m.end, m.entity) in keys, (doc.doc_id, m)
        sentences = {s.sentence_id: s for s in doc.sentences}
        for m in with_parse:
            assert doc.text[m.start:m.end] == m.surface
            s = sentences[m.sentence_id]
            assert s.start <= m.start and m.end <= s.end
            assert m.in_gazetteer == (m.entity in {a.canonical for a in actors.gazetteer(topic=TOPIC)})
            assert m.side in set(seed_topic.targets) | {"other"}


def test_seed_titles_and_descriptions_resolve(corpus):
    doc = corpus["003_13b3c454c77720c4"]
    ms = actors.find_mentions(doc, nlp.parse_document(doc), topic=TOPIC)
    # "proposed by the Secretary of State": Blinken, not O'Brien the *assistant* secretary of state
    assert {m.entity for m in ms if m.surface.lower() == "the secretary of state"} == {"Antony Blinken"}


def test_one_typing_error_from_a_gazetteer_name_is_that_actor():
    assert actors._fuzzy_actor("Hikmet Hajiyew", topic=TOPIC).canonical == "Hikmet Hajiyev"
    assert actors._fuzzy_actor("Jeyhun Bayramow", topic=TOPIC).canonical == "Jeyhun Bayramov"
    assert actors._fuzzy_actor("Hikmet Hajiyevvvv", topic=TOPIC) is None
    assert actors._fuzzy_actor("Bay", topic=TOPIC) is None  # too short to guess


def test_without_a_parse_mentions_are_the_gazetteers_only(foreign):
    doc, _ = foreign
    assert {m.entity for m in actors.find_mentions(doc, topic=TOPIC)} <= {a.canonical for a in actors.gazetteer(topic=TOPIC)}
    assert all(m.in_gazetteer for m in actors.find_mentions(doc, topic=TOPIC))
