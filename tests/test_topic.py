"""analysis.topic: a corpus's book.yaml (title, introduction, sides, colours, codebook, loaded terms, actors), its
validation errors (file, field, line), and the default topic of a corpus without one."""

from pathlib import Path

import pytest

from analysis.topic import GREYS, PALETTE, Topic, TopicError, load_topic, read_topic

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FARM = ROOT / "tests" / "data" / "farm_corpus"
HARBOUR = ROOT / "tests" / "data" / "harbour_corpus"


def test_seed_topic_holds_what_was_constant_in_code():
    topic = load_topic(SEEDS)
    assert topic.title == "US–Azerbaijan relations in the news, 2021–2024"
    # the five sides of actors.SIDES / bias.TARGETS, in that order, each with its own colour-blind-safe colour
    # (issue 15: blue and red no longer mean Azerbaijan and Armenia here and hostile and favourable there)
    assert list(topic.sides) == ["Azerbaijan", "Armenia", "United States", "Russia", "EU/OSCE"]
    from newsbook.figures import CB_PALETTE

    colours = topic.side_colours()
    assert {colours[s] for s in topic.sides} <= set(CB_PALETTE) and len({colours[s] for s in topic.sides}) == 5
    assert {k: colours[k] for k in GREYS} == GREYS
    assert topic.codebook == SEEDS / "codebook.yaml"  # the seeds' codebook travels with them
    assert "Ilham Aliyev" in topic.sides["Azerbaijan"] and "Antony Blinken" in topic.sides["United States"]
    assert topic.side_of("Blinken") == "United States" and topic.side_of("Iran") is None
    # "blockade" is loaded language of this conflict only: it travels with the seeds
    assert any(t.pattern == "blockades?" and t.category == "blame" for t in topic.loaded_terms)
    assert "## The corpus" in topic.introduction and "Five articles" in topic.introduction
    # every side member is an actor of the book on that side
    actors = {a.canonical: a for a in topic.actors}
    for side, members in topic.sides.items():
        for member in members:
            assert actors[member].side == side


def test_topic_of_another_corpus():
    topic = load_topic(FARM)
    assert topic.title == "EU farm protests in the news, 2024"
    assert topic.subtitle == "Six short reports from six capitals"
    assert list(topic.sides) == ["Farmers", "Governments", "European Commission"]
    assert topic.side_of("Keller") == "Farmers"  # a variant of an actor listed under the side
    assert topic.side_of("Marc Dubois") is None  # an actor of no side
    assert topic.side_colours() == {"Farmers": PALETTE[0], "Governments": PALETTE[1],
                                    "European Commission": PALETTE[2], **GREYS}
    assert topic.codebook is None  # the book leaves out what needs a codebook
    assert [(t.pattern, t.category) for t in topic.loaded_terms] == [("under siege", "aggression")]
    wolski = next(a for a in topic.actors if a.canonical == "Jan Wolski")
    assert wolski.side == "European Commission" and wolski.type == "person"
    assert "Agriculture Commissioner Jan Wolski" in wolski.variants


def test_corpus_without_book_yaml_gets_the_default_topic():
    topic = load_topic(HARBOUR)
    assert topic == Topic.default("Harbour corpus") and topic.is_default
    assert topic.sides == {} and topic.codebook is None and topic.actors == () and topic.side_colours() == GREYS
    assert load_topic(HARBOUR, corpus_title="Port strike").title == "Port strike"


def test_introduction_from_a_file_and_colour_order(tmp_path):
    (tmp_path / "intro.md").write_text("Why these articles.\n", encoding="utf-8")
    (tmp_path / "book.yaml").write_text(
        "title: T\nintroduction: intro.md\nsides:\n  A: [x]\n  B: [y]\n  C: [z]\n"
        "colour_order: [C]\ncolours: {A: '#000000'}\n", encoding="utf-8")
    topic = load_topic(tmp_path)
    assert topic.introduction == "Why these articles."
    assert topic.colour_order == ("C", "A", "B")
    assert topic.side_colours() == {"C": PALETTE[0], "A": "#000000", "B": PALETTE[1], **GREYS}


@pytest.mark.parametrize(
    "text, message",
    [
        ("title: [\n", "line 2: not valid YAML"),
        ("- a list\n", "expected a mapping"),
        ("subtitle: no title\n", "field 'title': missing"),
        ("title: T\ncolor: red\n", "line 2: field 'color': unknown field"),
        ("title: T\nintroduction: missing.md\n", "line 2: field 'introduction': no file 'missing.md'"),
        ("title: T\nintroduction: notes.txt\n", "field 'introduction': 'notes.txt': a .txt file"),
        ("title: T\nsides: [A, B]\n", "line 2: field 'sides': expected a mapping"),
        ("title: T\nsides:\n  A: []\n", "line 3: field 'sides.A': a side needs at least one actor"),
        ("title: T\nsides:\n  A: [x, y]\n  B: [z, x]\n", "line 4: field 'sides.B[1]': 'x' is also in side 'A'"),
        ("title: T\nsides:\n  other: [x]\n", "field 'sides.other': 'other' is reserved"),
        ("title: T\nsides:\n  A: [x]\ncolour_order: [A, B]\n", "line 4: field 'colour_order[1]': 'B' is not a side"),
        ("title: T\nsides:\n  A: [x]\ncolours:\n  A: red\n", "line 5: field 'colours.A': 'red' is not a colour"),
        ("title: T\ncodebook: nowhere.yaml\n", "line 2: field 'codebook': no file 'nowhere.yaml'"),
        ("title: T\nsides:\n  Farmers: [x]\ncodebook: framing.yaml\n",  # none ships with the package any more
         "field 'codebook': no file 'framing.yaml' in"),
        ("title: T\nloaded_terms:\n  - {pattern: '(siege', category: aggression}\n",
         "line 3: field 'loaded_terms[0].pattern': not a regular expression"),
        ("title: T\nloaded_terms:\n  - {pattern: siege, category: anger}\n",
         "line 3: field 'loaded_terms[0].category': unknown category 'anger'"),
        ("title: T\nactors:\n  - canonical: X\n    type: robot\n", "line 4: field 'actors[0].type': unknown type 'robot'"),
        ("title: T\nactors:\n  - canonical: X\n    type: person\n    side: Martians\n",
         "line 5: field 'actors[0].side': 'Martians' is not a side of the book"),
        ("title: T\nsides:\n  A: [X]\n  B: [Y]\nactors:\n  - canonical: X\n    type: person\n    side: B\n",
         "line 8: field 'actors[0].side': 'X' is listed under side 'A'"),
        ("title: T\nactors:\n  - {canonical: X, type: person, variants: [X, Ex]}\n"
         "  - {canonical: Y, type: person, variants: [Y, Ex]}\n",
         "line 4: field 'actors[1]': 'Ex' is also an actor or variant of 'X'"),
        ("title: T\nactors:\n  - canonical: X\n    type: person\n    colour: red\n",
         "line 5: field 'actors[0].colour': unknown field"),
    ],
)
def test_book_yaml_errors_name_file_field_and_line(tmp_path, text, message):
    (tmp_path / "book.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(TopicError) as err:
        load_topic(tmp_path)
    assert str(err.value).startswith(str(tmp_path / "book.yaml"))
    assert message in str(err.value)


def test_codebook_in_the_corpus_folder_wins(tmp_path):
    (tmp_path / "framing.yaml").write_text("sides: [Farmers, neutral]\ngroups: []\n", encoding="utf-8")
    (tmp_path / "book.yaml").write_text("title: T\nsides:\n  Farmers: [x]\ncodebook: framing.yaml\n", encoding="utf-8")
    assert read_topic(tmp_path / "book.yaml").codebook == tmp_path / "framing.yaml"


def test_a_codebook_may_only_signal_the_books_sides(tmp_path):
    (tmp_path / "codes.yaml").write_text("sides: [Martians, neutral]\ngroups: []\n", encoding="utf-8")
    (tmp_path / "book.yaml").write_text("title: T\nsides:\n  Farmers: [x]\ncodebook: codes.yaml\n", encoding="utf-8")
    with pytest.raises(TopicError, match="codes.yaml signals side\\(s\\) 'Martians' that are not sides of the book"):
        load_topic(tmp_path)


def test_demonyms_belong_to_sides(tmp_path):
    book = tmp_path / "book.yaml"
    book.write_text("title: T\nsides:\n  Farmers: [x]\ndemonyms:\n  Farmers: [Farming, farmer-led]\n", encoding="utf-8")
    assert load_topic(tmp_path).demonyms == {"Farmers": ("Farming", "farmer-led")}
    book.write_text("title: T\nsides:\n  Farmers: [x]\ndemonyms:\n  Martians: [Martian]\n", encoding="utf-8")
    with pytest.raises(TopicError, match="line 5: field 'demonyms.Martians': 'Martians' is not a side"):
        load_topic(tmp_path)


def test_seed_demonyms_and_targets():
    topic = load_topic(SEEDS)
    assert topic.targets == ("Azerbaijan", "Armenia", "United States", "Russia", "EU/OSCE")
    assert topic.voice_sides == topic.targets + ("other", "unknown")
    assert "Armenian" in topic.demonyms["Armenia"] and "Azeri" in topic.demonyms["Azerbaijan"]


def test_resolve_sides_takes_the_most_mentioned_actors():
    import pandas as pd

    from analysis.topic import resolve_sides, top_actors

    # written by hand: B 3 mentions, A 2 in two articles, C 2 in one article, D 1; "other" is never a side
    mentions = pd.DataFrame({"doc_id": ["1", "1", "1", "1", "2", "2", "2", "2", "2"],
                             "entity": ["C", "A", "B", "C", "B", "A", "B", "D", "other"]})
    assert top_actors(mentions, 3) == ("B", "A", "C")
    default = Topic.default("x")
    resolved = resolve_sides(default, mentions, 2)
    assert resolved.sides == {"B": ("B",), "A": ("A",)} and resolved.targets == ("B", "A")
    assert resolved.side_of("A") == "A" and resolved.side_of("C") is None and resolved.title == "x"
    farm = load_topic(FARM)
    assert resolve_sides(farm, mentions) is farm  # a book.yaml's sides are kept


def test_speaker_descriptions_travel_with_the_topic(tmp_path, seed_topic):
    from analysis import actors

    seeds = {d.text: d.canonical for d in seed_topic.descriptions}
    assert seeds["the Secretary of State"] == "Antony Blinken"  # an office holder of the seeds' time frame
    assert any("907" in d.pattern and d.canonical == "US Congress" for d in seed_topic.documents)
    general = actors.speaker_data(Topic.default("x"))
    assert not [d for d in general["descriptions"] if "canonical" in d] and general["documents"] == []
    assert {"text": "the Secretary of State", "canonical": "Antony Blinken",
            "note": "Antony Blinken held the office in every seed's time frame"} in actors.speaker_data(seed_topic)["descriptions"]
    (tmp_path / "book.yaml").write_text("title: T\nspeakers:\n  descriptions:\n    - {text: the chief, canonical: Nobody}\n",
                                        encoding="utf-8")
    with pytest.raises(TopicError, match=r"line 4: field 'speakers.descriptions\[0\].canonical': 'Nobody' is not an actor"):
        load_topic(tmp_path)
