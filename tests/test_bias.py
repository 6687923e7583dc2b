"""Source bias: naming choices, voice balance, stance, derived texts, and one book page per document.

Expectations for the seeds were written by reading the texts (seeds/*.txt), not from the code's output.
"""

import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis import bias, load_corpus, reuse, tables
from analysis.topic import load_topic
from newsbook import bias_views, build

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
TOPIC = load_topic(SEEDS)  # the seeds' codebook, sides and demonyms, given to every stage called below
D000, D001, D002, D003, D004 = (
    "000_589b5f047ad3e4c1", "001_d448d77380b1797b", "002_cdba987897c2a20e", "003_13b3c454c77720c4",
    "004_e62a52d1a1e40deb",
)


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(SEEDS)


@pytest.fixture(scope="module")
def hits(corpus):
    return bias.term_hits(corpus, bias.codebook(TOPIC))


def used(hits, doc_id):
    """{variant: [surfaces]} of one document."""
    out = {}
    for row in hits[hits["doc_id"] == doc_id].itertuples(index=False):
        out.setdefault(row.variant, []).append(row.surface)
    return out


# --- naming choices -------------------------------------------------------------------------------------------

def test_004_armenian_naming(hits):
    v = used(hits, D004)
    assert v["Artsakh"] == ["Artskah"]  # the misspelling, as written
    assert v["forced displacement"] == ["forced displacement"]
    assert v["Nakhichevan"] == ["Nakhichevan"]
    # "Azerbaijan's September 19 attack on Artskah" and "the September 19 attack"; "attacking Armenia" is not
    # the September events
    assert v["attack"] == ["September 19 attack", "September 19 attack"]
    assert v["land corridor"] == ["land corridor"]
    assert "Karabakh" not in v and "Nakhchivan" not in v


def test_003_azerbaijani_naming(hits):
    v = used(hits, D003)
    assert v["Nakhchivan"] == ["Nakhchivan"]
    assert v["Karabakh"] == ["Karabakh", "Karabakh region", "Karabakh"]
    assert v["regained control"] == ["regained control"]
    # "The attempt to attack Azerbaijan failed" is not a name for September 2023; "imposing threats and sanctions
    # against Baku" is not about Section 907 (no 907 in the paragraph)
    assert "attack" not in v and "sanctions" not in v
    assert "Artsakh" not in v and "Nagorno-Karabakh" not in v


def test_001_war_and_lobby_vocabulary(hits):
    v = used(hits, D001)
    assert v["occupied"] == ["occupied"]
    assert v["aggression"] == ["aggression"]
    assert v["Armenian lobby"] == ["Armenian lobby"]
    assert v["pro-Armenian"] == ["pro-Armenian"]
    assert v["Zangezur corridor"] == ["Zangezur corridor"]
    assert v["sanctions"] == ["sanctions", "sanctions"]  # both in paragraphs naming the 907 amendment


def test_002_karabakh_region_every_time(hits):
    v = used(hits, D002)
    assert len(v["Karabakh"]) == 8  # eight times "Karabakh", always "the Karabakh region" or "Karabakh region"
    assert v["occupied"] == ["occupied districts"]  # "three more occupied districts"
    assert v["aggression"] == ["Armenian provocations"]


def test_longest_variant_wins_and_quoted_hits_are_marked(hits):
    v000 = used(hits, D000)
    assert v000["Nagorno-Karabakh"] == ["Nagorno-Karabakh"] and "Karabakh" not in v000
    h = hits[hits["variant"] == "pro-Armenian"].set_index("doc_id")["quoted"]
    assert bool(h[D004]) is True  # 'harboring “pro-Armenian” bias': Azerbaijan's word, in quotation marks
    assert bool(h[D001]) is False  # the author's own words


def test_hit_offsets_are_exact(corpus, hits):
    texts = {d.doc_id: d.text for d in corpus}
    sentences = {s.sentence_id: s for d in corpus for s in d.sentences}
    assert len(hits) > 30
    for row in hits.itertuples(index=False):
        assert texts[row.doc_id][row.start : row.end] == row.surface
        s = sentences[row.sentence_id]
        assert s.start <= row.start and row.end <= s.end


def test_terms_counts_per_surface(hits):
    t = bias.terms(hits)
    assert list(t.columns[:6]) == ["doc_id", "group", "variant", "surface", "side", "count"]
    row = t[(t["doc_id"] == D004) & (t["variant"] == "attack")]
    assert row["count"].tolist() == [2] and row["side"].tolist() == ["Armenia"]


def test_codebook_errors_name_the_file_and_field(tmp_path):
    bad = tmp_path / "framing.yaml"
    bad.write_text("sides: [Azerbaijan, Armenia, neutral]\ngroups:\n  - group: region\n    variants:\n      - {variant: X, side: Turkey, surfaces: [x]}\n",
                   encoding="utf-8")
    with pytest.raises(bias.CodebookError, match=r"framing.yaml: group 'region' variants\[0\]: side 'Turkey'"):
        bias.codebook(str(bad))
    bad2 = tmp_path / "framing2.yaml"
    bad2.write_text("groups:\n  - group: region\n    variants:\n      - {variant: X, side: neutral}\n",
                    encoding="utf-8")
    with pytest.raises(bias.CodebookError, match="framing2.yaml: group 'region' variants\\[0\\]: needs 'surfaces'"):
        bias.codebook(str(bad2))


# --- voices ---------------------------------------------------------------------------------------------------

def quotes_frame(rows):
    cols = ["doc_id", "quote_id", "sentence_id", "start", "end", "text", "kind", "speaker", "speaker_side", "verb"]
    return pd.DataFrame([dict(zip(cols, r)) for r in rows], columns=cols)


def test_voices_shares_and_absent_sides():
    q = quotes_frame([
        ("a", "a:q0", "a:s0", 0, 10, "one two three", "direct", "Ilham Aliyev", "Azerbaijan", "said"),
        ("a", "a:q1", "a:s1", 20, 30, "four five six seven", "direct", "Ilham Aliyev", "Azerbaijan", "said"),
        ("a", "a:q2", "a:s2", 40, 50, "eight nine ten", "direct", "James O'Brien", "United States", "warned"),
        ("a", "a:q3", "a:s3", 60, 70, "x y", "direct", "", "", "said"),
    ])
    v = bias.voices(q, ["a", "b"], targets=TOPIC.targets).set_index(["doc_id", "side"])
    assert v.loc[("a", "Azerbaijan"), "quotes"] == 2
    assert v.loc[("a", "Azerbaijan"), "quoted_words"] == 7
    assert v.loc[("a", "Azerbaijan"), "share"] == pytest.approx(7 / 12, abs=1e-4)
    assert v.loc[("a", "Azerbaijan"), "quote_share"] == pytest.approx(0.5)
    assert v.loc[("a", "unknown"), "quotes"] == 1
    assert v.loc[("b", "Azerbaijan"), "quotes"] == 0 and v.loc[("b", "Azerbaijan"), "share"] == 0.0
    assert bias.absent_sides(bias.voices(q, ["a"], targets=TOPIC.targets), "a") == ["Armenia", "Russia", "EU/OSCE"]


def test_voices_rejects_unknown_side_and_document():
    q = quotes_frame([("a", "a:q0", "a:s0", 0, 1, "x", "direct", "X", "Turkey", "said")])
    with pytest.raises(ValueError, match="speaker_side: unknown side 'Turkey'"):
        bias.voices(q, ["a"], targets=TOPIC.targets)
    with pytest.raises(ValueError, match="not in the corpus"):
        bias.voices(q, ["b"], targets=TOPIC.targets)


# --- loaded words attributed for the stance -------------------------------------------------------------------

US, AZ, AR = "United States", "Azerbaijan", "Armenia"


def who(sentence, word, actors, category="aggression"):
    """attribute_span on one hand-written sentence; ``actors`` {surface: side} stand for the gazetteer mentions."""
    spans = [(sentence.index(surface), sentence.index(surface) + len(surface), side) for surface, side in actors.items()]
    start = sentence.index(word)
    res = bias.attribute_span(sentence, start, start + len(word), category, spans, topic=TOPIC)
    return res["agents"], res["patients"]


def test_loaded_verb_agent_is_the_subject_and_its_object_the_patient():
    assert who("Azerbaijan attacked Armenia.", "attacked", {"Azerbaijan": AZ, "Armenia": AR}) == ([AZ], [AR])
    # passive: the "by" phrase is the agent, the subject the patient; without "by", no agent
    assert who("Armenia was attacked by Azerbaijan.", "attacked", {"Azerbaijan": AZ, "Armenia": AR}) == ([AZ], [AR])
    assert who("Armenia was attacked last week.", "attacked", {"Armenia": AR}) == ([], [AR])
    assert who("The territory of Azerbaijan was attacked, and subsequently occupied.", "occupied",
               {"Azerbaijan": AZ}) == ([], [AZ])
    # the victim is not the one judged: 003 "The attempt to attack Azerbaijan failed" names no attacker
    assert who("The attempt to attack Azerbaijan failed.", "attack", {"Azerbaijan": AZ}) == ([], [AZ])
    assert who("American lawmakers punished the victim of the aggression.", "punished the victim",
               {"American lawmakers": US}, "victimhood") == ([US], [])


def test_subjectless_verb_takes_its_controller():
    s = "The White House planned to act aggressively, hoping to intimidate Baku."
    assert who(s, "intimidate", {"White House": US, "Baku": AZ}) == ([US], [AZ])
    assert who(s, "aggressively", {"White House": US, "Baku": AZ}) == ([US], [])
    # object control: Baku is warned against attacking, O'Brien warns
    assert who("O'Brien warned Baku against attacking Armenia.", "attacking",
               {"O'Brien": US, "Baku": AZ, "Armenia": AR}) == ([AZ], [AR])


def test_loaded_noun_owner():
    # demonym adjective (data/demonyms.yaml), no gazetteer mention needed
    assert who("The war started as a result of Armenian provocations.", "provocations", {}) == ([AR], [])
    assert who("Baku is upset at Washington's posturing.", "posturing", {"Baku": AZ, "Washington": US}) == ([US], [])
    assert who("The failure of the White House was obvious to Baku.", "failure",
               {"White House": US, "Baku": AZ}) == ([US], [])
    assert who("The territory of Azerbaijan was under attack from Armenia.", "attack",
               {"Azerbaijan": AZ, "Armenia": AR})[0] == [AR]
    # "its" is bound by its clause's subject
    assert who("Azerbaijan will wait until Washington reconsiders its posturing.", "posturing",
               {"Azerbaijan": AZ, "Washington": US}) == ([US], [])
    # "of X" after an act done to X names the patient
    assert who("The offensive caused the forced displacement of Armenians.", "forced displacement", {},
               "displacement") == ([], [AR])


def test_support_verb_subject_and_patient_preposition():
    assert who("The United States has multiple reasons for putting pressure on Azerbaijan.", "pressure",
               {"United States": US, "Azerbaijan": AZ}) == ([US], [AZ])
    assert who("Azerbaijan follows a balanced policy.", "balanced policy", {"Azerbaijan": AZ}, "praise") == ([AZ], [])
    # countering pressure does not make Baku its author: unattributed, not guessed
    assert who("Baku will counter creeping pressure with creeping resistance.", "pressure", {"Baku": AZ}) == ([], [])
    assert who("Russia condemned the aggression against Armenia.", "aggression",
               {"Russia": "Russia", "Armenia": AR}) == ([], [AR])


def test_unresolved_pronoun_owner_is_unattributed():
    # "their" is the United States in 003, but the nearest actor is Azerbaijan: no guess
    assert who("The United States wants Azerbaijan to do their dirty work.", "dirty work",
               {"United States": US, "Azerbaijan": AZ}) == ([], [])


def test_loaded_adjective_describes_a_noun():
    assert who("O'Brien made statements that were too harsh.", "too harsh", {"O'Brien": US}, "delegitimization") == (
        [US], [])
    assert who("Baku is frustrated with U.S. policy, which it perceives as transactional.", "transactional",
               {"Baku": AZ, "U.S.": US}, "delegitimization") == ([US], [])
    assert who("Cooperation between Baku and Washington has always been mutually beneficial.", "mutually beneficial",
               {"Baku": AZ, "Washington": US}, "praise") == ([AZ, US], [])


def attribution_frame(text, words, actors, doc_id="d"):
    """rhetoric and mentions frames for one one-sentence document."""
    sid = f"{doc_id}:s000"
    rhetoric = pd.DataFrame([{"doc_id": doc_id, "sentence_id": sid, "start": text.index(w),
                              "end": text.index(w) + len(w), "text": w, "feature": "loaded", "category": c,
                              "in_quote": q} for w, c, q in words])
    mentions = pd.DataFrame([{"doc_id": doc_id, "sentence_id": sid, "side": side, "start": text.index(a),
                              "end": text.index(a) + len(a)} for a, side in actors.items()])
    return rhetoric, mentions


def test_attribute_loaded_rows_roles_and_unattributed():
    text = "The United States has multiple reasons for putting pressure on Azerbaijan, and Baku may counter it with creeping resistance to the “dirty work”."
    rhetoric, mentions = attribution_frame(
        text, [("pressure", "pressure_coercion", False), ("creeping resistance", "praise", False),
               ("dirty work", "delegitimization", True)],
        {"United States": US, "Azerbaijan": AZ, "Baku": AZ})
    at = bias.attribute_loaded(rhetoric, mentions, {"d": text}, topic=TOPIC)
    assert list(at.columns) == bias.ATTRIBUTION_COLUMNS + ["role", "rule"]
    rows = [(r.text, r.target, r.role, None if pd.isna(r.polarity) else r.polarity) for r in at.itertuples()]
    # the quoted "dirty work" is not the writer's word; "with creeping resistance" marks no role, so the praise
    # word stays unattributed (listed with an empty target, not scored) instead of going to the nearest actor
    assert rows == [("pressure", US, "agent", -1), ("pressure", AZ, "patient", None),
                    ("creeping resistance", "", "", None)]
    for r in at.itertuples():
        assert text[r.start : r.end] == r.text
    with pytest.raises(bias.AttributionError, match="no text for document 'd'"):
        bias.attribute_loaded(rhetoric, mentions, {}, topic=TOPIC)
    with pytest.raises(bias.CodebookError, match="no direction for rhetoric category 'irony'"):
        bias.loaded_polarity("irony")


def test_attribution_by_word_one_row_per_word():
    text = "The United States has multiple reasons for putting pressure on Azerbaijan, and Baku may counter it with creeping resistance."
    rhetoric, mentions = attribution_frame(
        text, [("pressure", "pressure_coercion", False), ("creeping resistance", "praise", False)],
        {"United States": US, "Azerbaijan": AZ, "Baku": AZ})
    words = bias.attribution_by_word(bias.attribute_loaded(rhetoric, mentions, {"d": text}, topic=TOPIC))
    assert words[["text", "counted_for", "done_to"]].values.tolist() == [
        ["pressure", US, AZ], ["creeping resistance", "unattributed", ""]]
    assert words["polarity"].iloc[0] == -1 and pd.isna(words["polarity"].iloc[1])


def test_demonyms_map_to_the_five_targets(seed_topic):
    d = bias.demonyms(TOPIC)
    assert d == bias.demonyms(seed_topic) and bias.demonyms(None) == {}
    assert d["armenian"] == AR and d["azerbaijani"] == AZ and d["american"] == US and d["russian"] == "Russia"
    assert set(d.values()) <= set(seed_topic.targets)
    from analysis.topic import Topic

    assert bias.demonyms(Topic.default("x")) == {}  # a corpus without a book.yaml has no demonyms


@pytest.fixture(scope="module")
def rhetoric_tables(corpus):
    return tables.build(corpus, ["quotes", "rhetoric", "actor_sentiment"])


@pytest.fixture(scope="module")
def stance_table(corpus):
    return tables.build(corpus, ["stance"])["stance"]


def test_003_stance_toward_the_united_states_is_negative(corpus, rhetoric_tables, stance_table):
    # 003 (Caliber.az): O'Brien's statements "too harsh", the White House "planned to act aggressively, hoping to
    # intimidate Baku", "the United States wants Azerbaijan to do their dirty work"
    st = stance_table.set_index(["doc_id", "target"])
    row = st.loc[(D003, "United States")]
    assert row["score"] < 0 and row["loaded"] < 0 and row["strength"] == "ok"


def test_004_stance_toward_the_united_states_is_negative(corpus, rhetoric_tables, stance_table):
    # 004: Baku "is upset at Washington's posturing"; Washington "reconsiders its posturing"
    st = stance_table.set_index(["doc_id", "target"])
    assert st.loc[(D004, "United States"), "score"] < 0


@pytest.fixture(scope="module")
def attributed(corpus, rhetoric_tables):
    return bias.attribute_loaded(rhetoric_tables["rhetoric"], tables.build(corpus, ["mentions"])["mentions"],
                                 {d.doc_id: d.text for d in corpus}, topic=TOPIC)


def roles(attributed, doc_id, word, sentence=None):
    """{role: sorted targets} of one loaded word in a seed (the first sentence holding it, or ``sentence``)."""
    a = attributed[(attributed["doc_id"] == doc_id) & (attributed["text"] == word)]
    sid = sentence if sentence is not None else a["sentence_id"].min()
    a = a[a["sentence_id"] == sid]
    assert len(a), (doc_id, word)
    return {role: sorted(g["target"]) for role, g in a.groupby("role")}


def test_loaded_attribution_on_unambiguous_seed_sentences(attributed):
    # 003: "O'Brien made statements that were too harsh"; "the White House had initially planned to act
    # aggressively, hoping to intimidate Baku"; "The United States has multiple reasons for putting pressure on
    # Azerbaijan"; "The attempt to attack Azerbaijan failed" (Azerbaijan attacked, no attacker named)
    assert roles(attributed, D003, "too harsh") == {"agent": [US]}
    assert roles(attributed, D003, "aggressively") == {"agent": [US]}
    assert roles(attributed, D003, "intimidate") == {"agent": [US], "patient": [AZ]}
    assert roles(attributed, D003, "pressure") == {"agent": [US], "patient": [AZ]}
    assert roles(attributed, D003, "attack") == {"": [""], "patient": [AZ]}
    assert roles(attributed, D003, "remarkable resilience") == {"agent": [AZ]}
    # 002: "as a result of Armenian provocations" is about Armenia only (not Russia, named in the same sentence)
    assert roles(attributed, D002, "provocations") == {"agent": [AR]}
    # 001: "American lawmakers, under the influence of the Armenian lobby, punished the victim of the aggression"
    assert roles(attributed, D001, "punished the victim") == {"agent": [US]}
    assert roles(attributed, D001, "lobby") == {"agent": [AR]}
    assert roles(attributed, D001, "attack") == {"agent": [AR]}  # "under attack from Armenia"
    # 004: "Azerbaijan's September 19 attack on Artskah, which resulted in the forced displacement"; "O'Brien warned
    # Baku against attacking Armenia"
    assert roles(attributed, D004, "forced displacement")["agent"] == [AZ]
    assert roles(attributed, D004, "attacking") == {"agent": [AZ], "patient": [AR]}


def test_seed_attribution_rows_are_traceable(corpus, attributed):
    texts = {d.doc_id: d.text for d in corpus}
    sentences = {s.sentence_id: s for d in corpus for s in d.sentences}
    assert set(attributed["role"]) <= {"agent", "patient", ""}
    for r in attributed.itertuples(index=False):
        assert texts[r.doc_id][r.start : r.end] == r.text
        s = sentences[r.sentence_id]
        assert s.start <= r.start and r.end <= s.end
        assert (r.role == "agent") == (not pd.isna(r.polarity))  # only agents are scored
        assert (r.role == "") == (r.target == "")


def test_stance_direction_where_the_seed_text_is_unambiguous(corpus, rhetoric_tables, stance_table):
    st = stance_table.set_index(["doc_id", "target"])["score"]
    # 003 (Caliber.az) defends Azerbaijan ("remarkable resilience", "a balanced policy") against U.S. pressure
    assert st[(D003, AZ)] > 0
    assert st[(D003, US)] < 0
    # 001: Azerbaijan "under attack from Armenia", "the Armenian lobby", Azerbaijan as "the victim of the aggression"
    assert st[(D001, AR)] < 0
    assert st[(D001, AZ)] > st[(D001, AR)]
    # 004 (pro-Armenian): "Azerbaijan's September 19 attack on Artskah ... forced displacement"
    assert st[(D004, AZ)] < 0
    # 002: the war "started on September 27 as a result of Armenian provocations"; "Azerbaijan's territorial regains"
    assert st[(D002, AR)] < 0
    assert st[(D002, AZ)] > st[(D002, AR)]


def test_stance_evidence_holds_the_sentences_of_loaded_words_in_the_authors_voice(corpus, stance_table, attributed,
                                                                                  seed_topic):
    from analysis import attribution

    atts = tables.build(corpus, ["attributions"])["attributions"]
    st = stance_table.set_index(["doc_id", "target"])
    checked = 0
    for doc in corpus:
        author = attribution.author_spans(doc, atts[atts["doc_id"] == doc.doc_id].to_dict("records"))
        mine = attributed[(attributed["doc_id"] == doc.doc_id) & (attributed["role"] == "agent")]
        for r in mine.itertuples(index=False):
            if r.target in seed_topic.targets and any(a <= r.start and r.end <= b for a, b in author):
                assert r.sentence_id in st.loc[(r.doc_id, r.target), "evidence"].split(";")
                checked += 1
    assert checked >= 10


# Hand annotation (written by reading each sentence): the side each loaded word in the writer's voice is about —
# the actor it judges, blames or praises. (document, sentence index, word) -> side(s). Victimhood words count 0 in
# the score and are not annotated.
LOADED_GOLD = {
    ("000", 5, "prejudiced"): {"United States"},
    ("000", 7, "sanctions"): {"United States"},
    ("000", 8, "hostilities"): {"Azerbaijan"},
    ("000", 10, "transactional"): {"United States"},
    ("000", 11, "unrealistic"): {"United States"},
    ("000", 12, "fruitful"): {"United States"},  # "previous Republican administrations ... more fruitful"
    ("001", 6, "transactional"): {"United States"},  # "the transactional character of U.S. foreign policy"
    ("001", 8, "sanctions"): {"United States"},
    ("001", 10, "attack"): {"Armenia"},  # "under attack from Armenia"
    ("001", 10, "occupied"): {"Armenia"},
    ("001", 10, "under the influence of"): {"United States"},  # "American lawmakers, under the influence of"
    ("001", 10, "lobby"): {"Armenia"},  # "the Armenian lobby"
    ("001", 10, "aggression"): {"Armenia"},
    ("001", 18, "territorial claims"): {"Armenia"},
    ("001", 19, "sanctions"): {"Armenia"},  # "calls for more sanctions ... driven by pro-Armenian political groups"
    ("001", 19, "pressure"): {"Armenia"},
    ("001", 19, "pro-Armenian"): {"Armenia"},
    ("001", 22, "balanced relationship"): {"Azerbaijan"},
    ("001", 27, "failures"): {"United States"},
    ("001", 29, "transactional"): {"United States"},
    ("001", 33, "mutually beneficial"): {"United States", "Azerbaijan"},
    ("002", 6, "balanced foreign policy"): {"United States"},
    ("002", 18, "failure"): {"United States"},
    ("002", 24, "provocations"): {"Armenia"},  # "as a result of Armenian provocations"
    ("002", 25, "territorial regains"): {"Azerbaijan"},
    ("002", 25, "occupied"): {"Armenia"},
    ("002", 30, "unrealistic"): {"EU/OSCE"},  # the Minsk Group co-chairs' "unrealistic promises"
    ("003", 1, "too harsh"): {"United States"},
    ("003", 5, "attack"): {"United States"},  # "The attempt to attack Azerbaijan failed" (the U.S. attempt)
    ("003", 13, "unjustified"): {"United States"},
    ("003", 15, "aggressively"): {"United States"},
    ("003", 15, "intimidate"): {"United States"},
    ("003", 17, "pressure"): {"United States"},
    ("003", 19, "guardianship"): {"United States"},
    ("003", 20, "instructions unconditionally"): {"United States"},
    ("003", 22, "dirty work"): {"United States"},
    ("003", 24, "balanced policy"): {"Azerbaijan"},
    ("003", 25, "territorial claims"): set(),  # "We do not have any territorial claims against Iran or Russia"
    ("003", 34, "pressure"): {"United States"},
    ("003", 36, "pressure"): {"United States"},  # "counter creeping pressure" (the U.S. pressure of the previous lines)
    ("003", 38, "threats"): {"United States"},  # "The current administration ... imposing threats and sanctions"
    ("003", 38, "sanctions"): {"United States"},
    ("003", 39, "remarkable resilience"): {"Azerbaijan"},
    ("003", 39, "pressure"): set(),  # "external pressure over the last three decades": no one named
    ("004", 0, "posturing"): {"United States"},
    ("004", 2, "posturing"): {"United States"},
    ("004", 2, "attack"): {"Azerbaijan"},
    ("004", 2, "forced displacement"): {"Azerbaijan"},
    ("004", 3, "attack"): {"Azerbaijan"},  # "the September 19 attack" (Azerbaijan's)
    ("004", 4, "attacking"): {"Azerbaijan"},  # "warned Baku against attacking Armenia"
}


def test_loaded_attribution_accuracy_against_the_hand_annotation(attributed):
    """Against the hand annotation (50 words), the parse rule names the right side for 32 (two of them correctly no
    side), a wrong side for none, and leaves 18 unattributed (pronouns, agents named only in an earlier sentence,
    a parse without the relation); the proximity rule it replaced had 35 right and 13 wrong. A wrong side is worse
    than none, so this fails if a change brings back more than one wrong attribution or loses more than two right
    ones."""
    at = attributed[(attributed["category"] != "victimhood") & (attributed["role"] != "patient")]
    got: dict = {}
    for r in at.itertuples(index=False):
        key = (r.doc_id[:3], int(r.sentence_id.rsplit(":s", 1)[1]), r.text)
        got.setdefault(key, set())
        if r.role == "agent":
            got[key].add(r.target)
    assert set(LOADED_GOLD) <= set(got), "the rhetoric lexicon changed: re-annotate LOADED_GOLD"
    right = sum(1 for k, gold in LOADED_GOLD.items() if got[k] == gold or (got[k] and got[k] <= gold))
    wrong = sum(1 for k, gold in LOADED_GOLD.items() if got[k] and not got[k] <= gold)
    assert wrong <= 1, [(k, got[k]) for k, gold in LOADED_GOLD.items() if got[k] and not got[k] <= gold]
    assert right >= 30, right


# --- derived texts --------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def derivations(corpus):
    return reuse.derivations(corpus)


def test_000_is_derived_from_001_and_no_other_pair(corpus, derivations):
    d = derivations.set_index(["source_doc", "derived_doc"])
    assert len(d) == 10
    assert bool(d.loc[(D001, D000), "is_derivative"])
    assert d["is_derivative"].sum() == 1
    assert reuse.derived_map(corpus) == {D000: D001}
    # the second view agrees: 000 is closer to 001 than to any other document
    sims = derivations[(derivations["derived_doc"] == D000) | (derivations["source_doc"] == D000)]
    assert sims.sort_values("similarity").iloc[-1][["source_doc", "derived_doc"]].tolist() == [D001, D000]


def test_a_single_document_has_no_pairs(tmp_path):
    (tmp_path / "a.txt").write_text("12 May 2025\n\nAzerbaijan and Armenia met in Washington.\n", encoding="utf-8")
    one = load_corpus(tmp_path)
    assert reuse.derivations(one).empty
    assert reuse.derived_map(one) == {}


def test_alignment_pairs_the_retold_sentences(corpus):
    aligned = reuse.alignment(corpus[D001], corpus[D000], [s.text for d in corpus for s in d.sentences])
    pairs = dict(zip(aligned["derived_sentence"], aligned["source_sentence"]))
    # 000 "On December 5, the Azerbaijani Press Agency reported a significant rejection ..." retells 001's first
    # sentence "On 5 December, the Azerbaijani Press Agency (APA) ... reported that Azerbaijan's Foreign Minister
    # rejected ..."
    s000 = next(s for s in corpus[D000].sentences if s.text.startswith("On December 5"))
    s001 = next(s for s in corpus[D001].sentences if s.text.startswith("On 5 December"))
    assert pairs[s000.sentence_id] == s001.sentence_id
    # 000's "The dynamics between Baku and Washington have deteriorated, ... re-imposition of sanctions under the
    # 907 amendment" retells 001's "However, the re-imposition of the sanctions under the 907 amendment ..."
    s000 = next(s for s in corpus[D000].sentences if s.text.startswith("The dynamics between Baku"))
    s001 = next(s for s in corpus[D001].sentences if s.text.startswith("However, the re-imposition"))
    assert pairs[s000.sentence_id] == s001.sentence_id


def test_summary_drops_the_lobby_and_war_vocabulary(corpus):
    ch = reuse.changes(corpus, D001, D000, tables.build(corpus, ["term_hits"]), topic=TOPIC)
    terms = ch[ch["category"] == "framing term"].groupby("text")["status"].agg(set)
    # 000 keeps "Zangezur corridor" and "sanctions" but none of 001's "occupied", "aggression", "Armenian lobby",
    # "pro-Armenian" (the paragraph on the 1992 amendment and the lobby is condensed to the amendment alone)
    assert terms["Zangezur corridor"] == {"kept"}
    assert terms["sanctions"] == {"kept"}
    for word in ("occupied", "aggression", "Armenian lobby", "pro-Armenian"):
        assert terms[word] == {"dropped"}, word
    summary = reuse.change_summary(ch)
    assert summary.loc["framing term", "kept"] >= 2


def test_summary_named_sources(corpus):
    quotes = quotes_frame([
        (D001, "q0", f"{D001}:s000", 0, 5, "x", "direct", "Azerbaijani Press Agency", "Azerbaijan", "reported"),
        (D001, "q1", f"{D001}:s002", 10, 15, "y", "direct", "unknown", "unknown", "stated"),
        (D001, "q2", f"{D001}:s014", 20, 25, "z", "direct", "James O'Brien", "United States", "said"),
    ])
    ch = reuse.changes(corpus, D001, D000, {"quotes": quotes}, topic=TOPIC)
    named = ch[ch["category"] == "named source"].set_index("text")["status"].to_dict()
    # 000 names the Azerbaijani Press Agency ("On December 5, the Azerbaijani Press Agency reported") but never
    # O'Brien; the anonymous "diplomatic source" is not a named source
    assert named == {"Azerbaijani Press Agency": "kept", "James O'Brien": "dropped"}


def test_timeline_of_an_undated_article_reports_the_problem(tmp_path):
    (tmp_path / "a.txt").write_text("Azerbaijan and Armenia met on Monday. Talks resume next week.\n", encoding="utf-8")
    own = load_corpus(tmp_path)
    tl = bias_views.timeline(tables.build(own, ["reach", "timexes"]), own, "a")
    assert "publication date is unknown" in tl["problem"]
    assert tl["reach"][["published", "earliest", "n_dates"]].values.tolist() == [["", "", 0]]
    # "on Monday" and "next week" are listed, unresolved, rather than dated against an invented day
    assert tl["dates"]["text"].tolist() == ["Monday", "next week"]
    assert set(tl["dates"]["value"]) == {""}


# --- one page per document ------------------------------------------------------------------------------------

def test_a_sixth_article_gets_a_sixth_page(tmp_path):
    corpus_dir = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus_dir)
    (corpus_dir / "005_0123456789abcdef.txt").write_text(
        "Azerbaijan and Armenia met in Washington on Monday. The talks on the Zangezur corridor ended without a "
        "deal, officials said.\n", encoding="utf-8")
    seeds_runs = [r for r in build.plan(SEEDS) if r.notebook.name == "document.ipynb"]
    runs = [r for r in build.plan(corpus_dir) if r.notebook.name == "document.ipynb"]
    assert len(seeds_runs) == 5
    assert len(runs) == 6
    assert sorted(r.parameters["doc_id"] for r in runs) == sorted(
        [D000, D001, D002, D003, D004, "005_0123456789abcdef"])
    assert {r.name for r in runs} == {f"documents/{r.parameters['doc_id']}.ipynb" for r in runs}


@pytest.mark.book
def test_a_sixth_article_gets_a_sixth_page_in_the_built_book(tmp_path_factory):
    from conftest import build_book

    corpus_dir = tmp_path_factory.mktemp("six") / "corpus"
    shutil.copytree(SEEDS, corpus_dir)
    new_id = "005_0123456789abcdef"
    (corpus_dir / f"{new_id}.txt").write_text(
        "12 May 2025\n\nAzerbaijan and Armenia met in Washington on Monday. The talks on the Zangezur corridor "
        "ended without a deal, officials said.\n", encoding="utf-8")
    book = build_book(tmp_path_factory.mktemp("six_book"), corpus_dir)
    executed = sorted(p.stem for p in (book.pages / "documents").glob("*.ipynb"))
    assert executed == sorted([D000, D001, D002, D003, D004, new_id])
    html = sorted(p.stem for p in (book.html / "book" / "documents").glob("*.html"))
    assert html == executed
    chapter = (book.html / "book" / "source_bias.html").read_text(encoding="utf-8")
    for doc_id in executed:
        assert f"documents/{doc_id}.html" in chapter  # listed under the chapter in the navigation
    page = (book.html / "book" / "documents" / f"{new_id}.html").read_text(encoding="utf-8")
    assert new_id in page and "Zangezur corridor" in page
