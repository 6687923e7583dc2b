"""Nothing ambient: a stage's result depends on the article, its parse and the topic it is given, never on what
an earlier call in the same process was given (issue 22)."""

from __future__ import annotations

from pathlib import Path

import analysis.topic
from analysis import load_corpus, rhetoric
from analysis.topic import Topic, load_topic

ROOT = Path(__file__).resolve().parent.parent
AGENCY = "Azerbaijani Press Agency"  # seeds/book.yaml names it, on the side of Azerbaijan


def _first_quote(doc, topic):
    return next(q for q in rhetoric.extract_quotes(doc, topic) if q.text == "diplomatic sources")


def test_quotations_are_not_served_from_another_topics_cache():
    """001 opens with 'diplomatic sources' quoted from the Azerbaijani Press Agency (APA). Under the seeds' topic
    its speaker is that agency, on Azerbaijan's side; under a topic that names no actor and no side, the same
    article's quotation can carry no side at all. The quotation cache once kept the first topic's answer
    (keyed by the article alone), and handed it to the second."""
    doc = next(d for d in load_corpus(ROOT / "seeds") if d.doc_id.startswith("001_"))
    seeded = _first_quote(doc, load_topic(ROOT / "seeds"))
    assert (seeded.speaker, seeded.speaker_side) == (AGENCY, "Azerbaijan")
    bare = _first_quote(doc, Topic.default("another corpus"))
    assert bare.speaker_side != "Azerbaijan"
    assert _first_quote(doc, None).speaker_side != "Azerbaijan"
    again = _first_quote(doc, load_topic(ROOT / "seeds"))  # a new topic object with the same settings
    assert (again.speaker, again.speaker_side) == (AGENCY, "Azerbaijan")


def test_the_quotation_memo_is_bounded():
    """Mapping many articles in one process keeps only the last few articles' quotations."""
    from analysis.corpus import build_document
    from analysis.rhetoric import quotes as quotes_module

    memo = quotes_module._MEMO
    for i in range(memo.size * 3):
        rhetoric.extract_quotes(build_document(f"d{i}", f"d{i}.txt", f"“Line {i},” she said.".encode()), None)
    assert len(memo._entries) <= memo.size


def test_there_is_no_session_topic():
    """The topic reaches a stage only as an argument: the module keeps no active or default topic to fall back
    on (the notebooks, the build and the tests pass the corpus's topic explicitly)."""
    for name in ("active", "set_default", "current", "of", "_ACTIVE", "_DEFAULT"):
        assert not hasattr(analysis.topic, name), name


def test_a_stage_given_the_articles_parse_parses_nothing_more():
    """The quotation finder reads each sentence's parse from the article's one parse when it is given it (no
    registry of parses by sentence text); without it, it parses the sentences that need a parse itself."""
    from analysis import nlp
    from analysis.corpus import build_document

    text = "Zarvonia talks\n\nThe envoy of Zarvonia told reporters that the Qelmar talks would resume in June.\n"
    doc = build_document("z", "z.txt", text.encode())
    parsed = nlp.parse_document(doc)
    before = nlp.PARSE_CALLS
    given = rhetoric.extract_quotes(doc, None, parsed)
    assert nlp.PARSE_CALLS == before
    alone = rhetoric.extract_quotes(doc, None)
    assert nlp.PARSE_CALLS > before
    assert [q.kind for q in given] == [q.kind for q in alone] == ["indirect"]
    assert given[0].text == "the Qelmar talks would resume in June"
    assert not hasattr(nlp, "sentence_doc") and not hasattr(nlp, "active")


def test_stages_are_held_to_what_they_declare():
    """run_stages gives a stage only what earlier stages wrote, refuses one that writes other names than it
    declares, and turns a table written as rows into a frame with the contract's columns."""
    import pytest

    from analysis.context import ArticleContext, Stage, StageError, run_stages
    from analysis.corpus import build_document

    doc = build_document("c", "c.txt", b"Title\n\nOne sentence here.\n")
    boiler = Stage("boilerplate", lambda ctx: {"boilerplate": [{"doc_id": "c", "line": 1, "text": "x", "reason": "r"}]},
                   writes=("boilerplate",))
    ctx = run_stages([boiler], ArticleContext(doc, None))
    assert list(ctx.tables["boilerplate"].columns) == ["doc_id", "line", "text", "reason"]
    assert ctx.tables["boilerplate"]["reason"].tolist() == ["r"]
    needy = Stage("needy", lambda ctx: {"kept": 1}, writes=("kept",), needs=("found",))
    with pytest.raises(StageError, match=r"stage 'needy' needs \['found'\]"):
        run_stages([needy], ArticleContext(doc, None))
    sloppy = Stage("sloppy", lambda ctx: {"kept": 1, "extra": 2}, writes=("kept",))
    with pytest.raises(StageError, match=r"stage 'sloppy' declares \['kept'\] but wrote \['extra', 'kept'\]"):
        run_stages([sloppy], ArticleContext(doc, None))


def test_the_map_step_is_its_registered_stages():
    """Every per-article table is written by exactly one registered stage, and each stage's needs are written by
    a stage before it."""
    from analysis import pipeline

    written: list[str] = []
    for stage in pipeline.STAGES:
        assert set(stage.needs) <= set(written), stage.name
        written += stage.writes
    assert len(written) == len(set(written))
    assert set(pipeline.PER_DOCUMENT) <= set(written)
