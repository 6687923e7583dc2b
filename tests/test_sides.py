"""Issue 14: the sides, actors, demonyms, codebook and loaded terms of a corpus are its topic's data.

A corpus with its own book.yaml (tests/data/farm_corpus) gets its own sides in every table and nothing of the
seeds; a corpus without one (tests/data/harbour_corpus) compares its most mentioned actors; nothing under
analysis/ names the seeds' topic. Expectations are written by hand from the test articles.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from analysis import bias, load_corpus, pipeline, tables
from analysis.topic import Topic, load_topic, resolve_sides

ROOT = Path(__file__).resolve().parent.parent
FARM = ROOT / "tests" / "data" / "farm_corpus"
HARBOUR = ROOT / "tests" / "data" / "harbour_corpus"
SEED_WORDS = re.compile(r"azerbaijan|armenia|aliyev|karabakh|artsakh", re.IGNORECASE)


@pytest.fixture(scope="module")
def farm():
    corpus = load_corpus(FARM)
    topic = load_topic(FARM)
    return corpus, topic, pipeline.run(corpus, topic=topic, quiet=True)


@pytest.fixture(scope="module")
def harbour():
    corpus = load_corpus(HARBOUR)
    topic = load_topic(HARBOUR)
    mapped = pipeline.map_documents(list(corpus), topic=topic, quiet=True)
    t = pipeline.run(corpus, topic=topic, quiet=True)  # the reduce step settles the sides
    return corpus, topic, mapped, t, resolve_sides(topic, t["mentions"])


def _csv_text(frames: dict[str, pd.DataFrame], folder: Path) -> dict[str, str]:
    out = {}
    for name, frame in frames.items():
        path = folder / f"{name}.csv"
        tables.write_csv(frame, path)
        out[name] = path.read_text(encoding="utf-8")
    return out


def test_farm_tables_carry_the_farm_sides(farm):
    corpus, topic, t = farm
    assert topic.targets == ("Farmers", "Governments", "European Commission")
    side = dict(zip(t["mentions"]["entity"], t["mentions"]["side"]))
    # book.yaml: the union and Keller are Farmers, the ministers Governments, the Commission its own side;
    # Marc Dubois (side: other) and the places are no side
    assert side["Federal Farmers' Union"] == "Farmers" and side["Hartmut Keller"] == "Farmers"
    assert side["Carmen Ortega"] == "Governments" and side["European Commission"] == "European Commission"
    assert side["Marc Dubois"] == "other" and side["Brussels"] == "other"
    assert set(t["mentions"]["side"]) <= set(topic.targets) | {"other"}
    speakers = dict(zip(t["quotes"]["speaker"], t["quotes"]["speaker_side"]))
    assert speakers["Hartmut Keller"] == "Farmers" and speakers["Marc Dubois"] == "other"
    # one voices row per article and side of the book, then other and unknown
    for doc in corpus:
        v = t["voices"][t["voices"]["doc_id"] == doc.doc_id]
        assert tuple(v["side"]) == topic.voice_sides
    assert (t["voices"].groupby("side")["quotes"].sum()["Farmers"]) >= 3  # Keller alone is quoted three times
    assert set(t["stance"]["target"]) == set(topic.targets)
    assert len(t["stance"]) == len(corpus) * len(topic.targets)


def test_farm_has_no_codebook_and_its_own_loaded_terms(farm, seed_topic):
    from analysis.corpus import build_document
    from analysis.rhetoric.language import language_features

    corpus, topic, t = farm
    assert t["term_hits"].empty and t["terms"].empty  # no codebook in its book.yaml: no naming choices
    loaded = t["rhetoric"][t["rhetoric"]["feature"] == "loaded"]
    assert "under siege" in set(loaded["text"])  # the farm book's own loaded term
    # a farmers' blockade of a road is literal: the seeds' "blockades?" (blame) does not travel to the farm book
    doc = build_document("x", "x.txt", "Tractors at the border\n\nFarmers kept up the blockade of the road.\n".encode())

    def loaded_words(topic_):
        return [(f.text, f.category) for f in language_features(doc, topic_) if f.feature == "loaded"]

    assert loaded_words(topic) == []
    assert loaded_words(seed_topic) == [("blockade", "blame")]


def test_farm_export_names_no_seed_actor_or_side(farm, tmp_path):
    _, _, t = farm
    for name, text in _csv_text(t, tmp_path).items():
        assert not SEED_WORDS.search(text), (name, SEED_WORDS.search(text).group(0))


def test_harbour_sides_are_its_most_mentioned_actors(harbour):
    corpus, topic, mapped, t, resolved = harbour
    assert topic.is_default and topic.sides == {}
    # in the map step nobody has a side yet: stance is computed toward every actor an article mentions
    for m in mapped:
        assert set(m.tables["mentions"]["side"]) == {"other"}
        assert set(m.tables["stance"]["target"]) == set(m.tables["mentions"]["entity"])
    # by hand: Port Workers United is named in all three articles (3 mentions), Anouk Visser in 01 and 03
    assert resolved.targets[0] == "Port Workers United" and "Anouk Visser" in resolved.targets
    assert len(resolved.targets) == 5 and resolved.sides["Anouk Visser"] == ("Anouk Visser",)
    m = t["mentions"]
    assert set(m.loc[m["entity"] == "Port Workers United", "side"]) == {"Port Workers United"}
    assert set(m["side"]) <= set(resolved.targets) | {"other"}
    # Visser's quotations ("written in sand"; the union would judge the employers) count for her side
    q = t["quotes"]
    assert set(q.loc[q["speaker"] == "Anouk Visser", "speaker_side"]) == {"Anouk Visser"}
    for doc in corpus:
        assert tuple(t["voices"].loc[t["voices"]["doc_id"] == doc.doc_id, "side"]) == resolved.voice_sides
    assert list(t["stance"]["doc_id"].drop_duplicates()) == [d.doc_id for d in corpus]
    assert tuple(t["stance"]["target"].iloc[:5]) == resolved.targets
    visser = t["voices"][(t["voices"]["side"] == "Anouk Visser")]["quotes"].sum()
    assert visser == (q["speaker"] == "Anouk Visser").sum() > 0


def test_harbour_export_names_no_seed_actor_or_side(harbour, tmp_path):
    *_, t, _ = harbour
    for name, text in _csv_text(t, tmp_path).items():
        assert not SEED_WORDS.search(text), (name, SEED_WORDS.search(text).group(0))


def test_relabel_maps_actors_to_sides_in_the_loaded_words():
    # the map step of a topic without sides writes actors; the reduce step writes their sides, each once, in order
    topic = Topic.default("x")
    from analysis.topic import resolve_sides

    mentions = pd.DataFrame({"doc_id": ["d"] * 3, "entity": ["Union", "Union", "Minister"]})
    resolved = resolve_sides(topic, mentions)
    words = pd.DataFrame([
        {"doc_id": "d", "sentence_id": "d:s0", "start": 0, "end": 4, "text": "siege", "category": "aggression",
         "counted_for": "Minister; Union", "polarity": -1.0, "done_to": "Union; Port", "rule": "r"},
        {"doc_id": "d", "sentence_id": "d:s1", "start": 9, "end": 12, "text": "threat", "category": "pressure_coercion",
         "counted_for": "unattributed", "polarity": float("nan"), "done_to": "Port", "rule": "r"},
    ])
    out = bias.relabel_sides({"loaded_attribution": words, "mentions": mentions.assign(side="other")}, resolved)
    la = out["loaded_attribution"]
    assert la["counted_for"].tolist() == ["Union; Minister", "unattributed"]
    assert la["done_to"].tolist() == ["other", "other"]
    assert out["mentions"]["side"].tolist() == ["Union", "Union", "Minister"]


# Files under analysis/ that still name the seeds' topic and belong to other work of issue 14 (the lead's stance
# rewrite, the chronology, the attribution layer, the figures, the seeds' quotation gold): each is listed so that
# the list can only shrink; a new file naming the seeds fails this test.
NOT_YET: set[str] = set()  # every file under analysis/ and newsbook/ is free of the seeds' topic words


def test_nothing_under_analysis_names_the_seeds_topic():
    named = set()
    for path in sorted([*(ROOT / "analysis").rglob("*"), *(ROOT / "newsbook").rglob("*")]):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        rel = path.relative_to(ROOT).as_posix()
        if SEED_WORDS.search(path.read_text(encoding="utf-8", errors="replace")):
            named.add(rel)
    assert named - NOT_YET == set()


def test_select_targets_keeps_the_resolved_actors_and_fills_the_rest():
    from analysis.bias.sides import select_targets

    stance = pd.DataFrame([{"doc_id": "a", "target": "Union", "score": -0.5, "n_sentences": 2},
                           {"doc_id": "a", "target": "Port", "score": 0.1, "n_sentences": 1},
                           {"doc_id": "b", "target": "Minister", "score": 0.3, "n_sentences": 1}])
    empty = lambda d, t: {"doc_id": d, "target": t, "score": float("nan"), "n_sentences": 0}  # noqa: E731
    out = select_targets(stance, ("Minister", "Union"), ["a", "b"], empty)
    assert out[["doc_id", "target", "n_sentences"]].values.tolist() == [
        ["a", "Minister", 0], ["a", "Union", 2], ["b", "Minister", 1], ["b", "Union", 0]]
    assert out["score"].iloc[1] == -0.5 and pd.isna(out["score"].iloc[0])


def test_source_stance_keeps_the_sides_targets_and_relabels_the_source():
    resolved = Topic.default("x").__class__(title="x", sides={"Union": ("Union",), "Minister": ("Minister",)})
    ss = pd.DataFrame([{"doc_id": "a", "source": "Union", "target": "Minister", "score": -0.2, "source_side": "other"},
                       {"doc_id": "a", "source": "Port", "target": "Harbour", "score": 0.4, "source_side": "other"}])
    out = bias.relabel_sides({"source_stance": ss}, resolved)["source_stance"]
    assert out[["source", "target", "source_side"]].values.tolist() == [["Union", "Minister", "Union"]]
