"""Any topic, any number of articles: the book takes its title, introduction, sides, colours and notes from the
corpus folder's book.yaml (analysis.topic), says what it leaves out without one, builds another corpus into a folder
of its own, and keeps figures readable when there are more articles than it can draw.

Fast units first; then the books of tests/data/farm_corpus (another topic, with a book.yaml) and
tests/data/harbour_corpus (none), built once per session (marker ``book``)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from conftest import FARM_CORPUS, HARBOUR_CORPUS, ROOT

from analysis.topic import GREYS, NOTE_CHAPTERS, Topic, TopicError, load_topic, read_topic
from newsbook import build, figures, overview, render

SEEDS = ROOT / "seeds"
# the seeds' topic, actors and sides: none of these may be written in the book's own sources or other corpora's books
SEED_WORDS = re.compile(r"azerbaijan|armenia|aliyev|karabakh|artsakh", re.IGNORECASE)
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


# ------------------------------------------------------------------------------------ the sources name no topic


@pytest.mark.parametrize("path", NOTEBOOKS + [ROOT / "intro.md", ROOT / "_config.yml", ROOT / "_toc.yml",
                                              ROOT / "notebooks" / "runs.yaml"], ids=lambda p: p.name)
def test_book_sources_name_no_topic(path):
    text = path.read_text(encoding="utf-8")
    found = sorted({m.group(0) for m in SEED_WORDS.finditer(text)})
    assert not found, f"{path.name} names the seeds' topic: {found} (it belongs in seeds/book.yaml)"


def _shown_notes() -> set[str]:
    keys = set()
    for path in NOTEBOOKS:
        for cell in nbformat.read(path, as_version=4).cells:
            keys |= set(re.findall(r'show_note\(topic, "([a-z_/0-9]+)"\)', cell.source))
    return keys


def test_every_note_of_the_seeds_has_a_place_in_the_notebooks():
    topic = load_topic(SEEDS)
    assert {"source_bias/naming", "source_bias/attribution", "corpus/actors"} <= set(topic.notes)
    assert "Artskah" in topic.note("source_bias/naming")  # the seed-specific prose moved out of the notebook
    missing = set(topic.notes) - _shown_notes() - {"intro"}
    assert not missing, f"notes of seeds/book.yaml that no notebook shows: {sorted(missing)}"


# ------------------------------------------------------------------------------------------------------- notes


def test_notes_are_read_per_chapter_and_place(tmp_path):
    (tmp_path / "book.yaml").write_text(
        'title: T\nnotes:\n  rhetoric: "About the *whole* chapter."\n  source_bias/naming: |\n    Two\n    lines.\n',
        encoding="utf-8")
    topic = read_topic(tmp_path / "book.yaml")
    assert topic.note("rhetoric") == "About the *whole* chapter."
    assert topic.note("source_bias/naming") == "Two\nlines."
    assert topic.note("source_bias/stance") == ""
    assert Topic.default("x").notes == {} and load_topic(HARBOUR_CORPUS).note("corpus/actors") == ""
    assert render.note(topic, "rhetoric")._repr_markdown_() == "About the *whole* chapter."
    assert render.note(topic, "chronology") is None


@pytest.mark.parametrize("text, message", [
    ("title: T\nnotes: [a, b]\n", "line 2: field 'notes': expected a mapping"),
    ("title: T\nnotes:\n  appendix: text\n", "line 3: field 'notes.appendix': unknown chapter 'appendix'"),
    ("title: T\nnotes:\n  Source Bias: text\n", "field 'notes.Source Bias': 'Source Bias' is not a chapter"),
    ("title: T\nnotes:\n  rhetoric:\n", "field 'notes.rhetoric': missing"),
])
def test_bad_notes_are_named_with_file_field_and_line(tmp_path, text, message):
    (tmp_path / "book.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(TopicError) as info:
        read_topic(tmp_path / "book.yaml")
    assert str(tmp_path / "book.yaml") in str(info.value) and message in str(info.value)
    assert "rhetoric" in NOTE_CHAPTERS


# ------------------------------------------------------------------------------------------------------ colours


def test_side_colours_come_from_the_topic_with_a_colour_blind_safe_fallback():
    seeds = figures.side_colors(load_topic(SEEDS))
    assert seeds["Azerbaijan"] == "#0072B2" and seeds["Armenia"] == "#009E73"  # book.yaml's own colours
    farm = figures.side_colors(load_topic(FARM_CORPUS))  # no colours given: the palette, in colour_order
    assert [farm[s] for s in ("Farmers", "Governments", "European Commission")] == list(figures.CB_PALETTE[:3])
    assert farm["other"] == GREYS["other"] and farm["unknown"] == GREYS["unknown"]
    # a topic without sides compares the actors found: they take the palette's colours in the order given
    default = figures.side_colors(Topic.default("x"), ["Port authority", "Dockers' union", "other"])
    assert default["Port authority"] == figures.CB_PALETTE[0] and default["Dockers' union"] == figures.CB_PALETTE[1]
    assert default["other"] == GREYS["other"]
    many = figures.side_colors(Topic.default("x"), [f"s{i}" for i in range(len(figures.CB_PALETTE) + 2)])
    assert many[f"s{len(figures.CB_PALETTE)}"] == GREYS["other"]  # beyond the palette: grey, not a repeat


# ------------------------------------------------------------------------------------------ the first page


def test_intro_page_of_a_topic_and_of_a_folder_without_one():
    seeds = build.intro_page(load_topic(SEEDS), "seeds", 5)
    assert seeds.startswith("# US–Azerbaijan relations in the news\\, 2021–2024\n")
    assert "## The corpus" in seeds and "## How to read it" in seeds and "{{" not in seeds
    assert "left out" not in seeds  # the seeds have a codebook
    farm = build.intro_page(load_topic(FARM_CORPUS), "farm_corpus", 6)
    assert farm.startswith("# EU farm protests in the news\\, 2024\n\n*Six short reports from six capitals*")
    assert "Six short invented reports" in farm
    assert "names no framing codebook: the naming choices of the Source bias chapter are left out" in farm
    harbour = build.intro_page(load_topic(HARBOUR_CORPUS), "harbour_corpus", 3)
    assert harbour.startswith("# Harbour corpus\n")
    assert "the 3 articles of the folder `harbour_corpus`" in harbour
    lines = [line for line in harbour.splitlines() if "No `book.yaml`" in line]
    assert len(lines) == 1 and "leaves out the naming choices" in lines[0]  # said in one line
    for page in (farm, harbour):
        assert not SEED_WORDS.search(page)


def test_built_config_takes_the_topic_title_and_names_the_corpus_folder():
    import yaml

    config = yaml.safe_load(build.book_config(load_topic(FARM_CORPUS), "farm_corpus"))
    assert config["title"] == "EU farm protests in the news, 2024"
    assert "<code>farm_corpus</code>" in config["html"]["extra_footer"]
    assert config["sphinx"] == yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["sphinx"]
    hostile = build.book_config(Topic.default("<script>x</script>"), "<b>folder</b>")
    assert "&lt;b&gt;folder&lt;/b&gt;" in yaml.safe_load(hostile)["html"]["extra_footer"]


def test_another_corpus_builds_into_a_folder_of_its_own():
    assert build.default_out(SEEDS) is None  # the seed book stays in the repository's book/ and _build/html
    assert build.default_out(FARM_CORPUS) == ROOT / "_build" / "corpora" / "farm_corpus"
    assert build.default_out(Path("/data/my articles!")) == ROOT / "_build" / "corpora" / "my_articles"


# ------------------------------------------------------------------------------------------------ many articles


def test_top_documents_keeps_corpus_order_and_every_document_when_few():
    order = ["a", "b", "c", "d"]
    counts = pd.Series({"b": 5, "d": 9, "a": 5})
    # d has most; a and b tie, and a comes first in the corpus; listed in corpus order
    assert overview.top_documents(counts, 2, order) == ["a", "d"]
    assert overview.top_documents(counts, 4, order) == order
    assert overview.top_documents({"c": 1}, 1, order) == ["c"]  # missing documents count 0
    assert overview.top_documents(pd.Series(dtype=float), 2, order) == ["a", "b"]


def test_left_out_says_how_many_and_where():
    assert overview.left_out(5, 5, "words", "the table") == ""
    text = overview.left_out(25, 84, "words", "the <documents> table")
    assert "the 25 articles with the most words" in text and "the other 59 of the 84 articles" in text
    assert "&lt;documents&gt;" in text


def test_events_in_keeps_numbers_and_drops_other_lanes():
    from dataclasses import dataclass

    @dataclass
    class Rec:
        doc_id: str
        date: str = "2024-01-01"

    @dataclass
    class Ev:
        event_id: str
        records: list

    events = [Ev("e1", [Rec("a"), Rec("b")]), Ev("e2", [Rec("c")]), Ev("e3", [Rec("a")])]
    kept = overview.events_in(events, ["a"])
    assert [e.event_id for e in kept] == ["e1", "e2", "e3"]  # E1, E2, E3 keep their numbers
    assert [[r.doc_id for r in e.records] for e in kept] == [["a"], [], ["a"]]
    assert kept[2] is events[2] and events[0].records[1].doc_id == "b"  # the originals untouched
    assert dict(overview.record_counts(events)) == {"a": 2, "b": 1, "c": 1}


def test_long_tables_are_marked_searchable_and_stay_escaped_html():
    frame = pd.DataFrame({"doc_id": [f"{i:03d}" for i in range(30)],
                          "text": ["<script>alert(1)</script> & more"] * 30})
    html = render.table(frame)
    assert '<table class="dataframe searchable" data-page-length="25">' in html
    assert html.count("<tr>") == 31  # every row is in the page; the browser only pages through them
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html
    assert "searchable" not in render.table(frame.head(25))
    assert 'data-page-length="10"' in render.table(frame.head(12), page_length=10)
    assert "searchable" not in render.table(frame, searchable=False)


def test_the_tables_script_carries_the_datatables_bundle_and_no_network():
    import base64

    from newsbook import sphinx_ext

    script = sphinx_ext.tables_script()
    assert script == sphinx_ext.tables_script()  # deterministic
    assert "http://" not in script.split('var JS')[0] and "https://" not in script.split('var JS')[0]
    bundle = base64.b64decode(re.search(r'var JS = "([^"]+)"', script).group(1)).decode("utf-8")
    assert "export{" in bundle.replace(" ", "") and "as default" in bundle  # DataTables as an ES module
    assert 'querySelectorAll("table.searchable")' in script


# ------------------------------------------------------------------------------------------- the other books


def _pages(book) -> dict[str, str]:
    return {p.relative_to(book.html).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(book.html.rglob("*")) if p.is_file() and p.suffix in (".html", ".js", ".svg", ".txt")
            and p.relative_to(book.html).parts[0] != "_static"}


@pytest.mark.book
@pytest.mark.parametrize("which", ["farm_book", "harbour_book"])
def test_another_corpus_book_names_none_of_the_seeds_topic(which, request):
    book = request.getfixturevalue(which)
    hits = {name: sorted({m.group(0) for m in SEED_WORDS.finditer(text)}) for name, text in _pages(book).items()}
    hits = {name: words for name, words in hits.items() if words}
    assert not hits, f"pages of {book.corpus.name} that name the seeds' topic: {hits}"


@pytest.mark.book
def test_farm_book_is_titled_introduced_and_compared_by_its_book_yaml(farm_book):
    intro = (farm_book.html / "book" / "intro.html").read_text(encoding="utf-8")
    assert "<title>EU farm protests in the news, 2024" in intro
    assert "Six short invented reports on the farm protests of early 2024" in intro
    assert "names no framing codebook" in intro
    bias = (farm_book.html / "book" / "source_bias.html").read_text(encoding="utf-8")
    assert "Left out: the corpus has no framing codebook" in bias
    # the sides compared are the farm corpus's own, in its order: the stance table lists them so for every article
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", bias))
    section = text[text.index("Stance toward each side"):]
    for doc in ("01", "02", "03", "04", "05", "06"):
        assert re.search(rf"{doc} Farmers .*? {doc} Governments .*? {doc} European Commission ", section), doc
    assert "Built from the articles in <code>farm_corpus</code>" in bias


@pytest.mark.book
def test_farm_book_names_the_farm_corpus_actors(farm_book):
    corpus = (farm_book.html / "book" / "corpus.html").read_text(encoding="utf-8")
    most = re.search(r"<p>Most mentioned: (.*?)</p>", corpus)
    assert most and "Hartmut Keller (Farmers" in most.group(1) and "Lena Brandt (Governments" in most.group(1)


@pytest.mark.book
def test_harbour_book_is_titled_from_its_folder_and_says_what_it_leaves_out(harbour_book):
    intro = (harbour_book.html / "book" / "intro.html").read_text(encoding="utf-8")
    assert "<title>Harbour corpus" in intro
    assert "No <code class=\"docutils literal notranslate\"><span class=\"pre\">book.yaml</span></code> in the corpus" \
           " folder" in intro
    bias = (harbour_book.html / "book" / "source_bias.html").read_text(encoding="utf-8")
    assert "Left out: the corpus has no framing codebook" in bias
    pages = sorted(p.name for p in (harbour_book.html / "book" / "documents").glob("*.html"))
    assert pages == ["01_rotterdam.html", "02_antwerp.html", "03_talks.html"]


@pytest.mark.book
def test_harbour_book_names_its_own_most_mentioned_actors(harbour_book):
    # by hand: the union is named in all three harbour articles, its spokeswoman Anouk Visser in two
    corpus = (harbour_book.html / "book" / "corpus.html").read_text(encoding="utf-8")
    most = re.search(r"<p>Most mentioned: (.*?)</p>", corpus)
    assert most and "Port Workers United" in most.group(1) and "Anouk Visser" in most.group(1)
