"""Headers as real articles print them (datelines, Published/Updated lines, bylines with an outlet, an outlet line
under the title, wire credits), web pages saved as .txt, and finding the corpus folder.

The two corpora under tests/data (farm_corpus, harbour_corpus) are short articles invented for these tests; each
expectation below is read by hand off the file it names.
"""

from pathlib import Path

import pytest

from analysis import LoadError, clean, find_corpus, load_corpus, metadata
from analysis.corpus import REPOSITORY, markup_reason

DATA = Path(__file__).resolve().parent / "data"
FARM = DATA / "farm_corpus"
HARBOUR = DATA / "harbour_corpus"


@pytest.fixture(scope="module")
def farm():
    return load_corpus(FARM)


@pytest.fixture(scope="module")
def harbour():
    return load_corpus(HARBOUR)


def meta(doc):
    """{field: (value, evidence)} of the values read off the text."""
    return {k: (v.value, v.evidence) for k, v in doc.meta.items() if v.source == "text" and k != "title"}


# --------------------------------------------------------------------------------------------- each header form


def test_dateline_line_with_a_city_in_capitals(farm):
    doc = farm["01_berlin_tractors"]
    assert meta(doc) == {"dateline": ("Berlin", "BERLIN, January 15, 2024"),
                         "published": ("2024-01-15", "BERLIN, January 15, 2024")}
    assert doc.value("title") == "German farmers block central Berlin with tractors over diesel subsidy cuts"
    assert {r.text: r.reason for r in doc.removed}["BERLIN, January 15, 2024"] == "header: dateline"


def test_published_line_and_byline_with_an_outlet(farm):
    doc = farm["02_brussels_summit"]
    assert meta(doc) == {"published": ("2024-02-01", "Published February 1, 2024"),
                         "author": ("Clara Vermeulen", "By Clara Vermeulen, Continental Wire"),
                         "outlet": ("Continental Wire", "By Clara Vermeulen, Continental Wire")}
    reasons = {r.text: r.reason for r in doc.removed}
    assert reasons["Published February 1, 2024"] == "header: published"
    assert reasons["By Clara Vermeulen, Continental Wire"] == "header: byline"


def test_outlet_line_under_the_title_and_a_capitalized_dateline(farm):
    doc = farm["03_warsaw_grain"]
    assert meta(doc) == {"outlet": ("Agri Europe Daily", "Agri Europe Daily"),
                         "dateline": ("Warsaw", "Warsaw, 20 February 2024"),
                         "published": ("2024-02-20", "Warsaw, 20 February 2024")}
    assert {r.text: r.reason for r in doc.removed}["Agri Europe Daily"] == "header: outlet"


def test_dateline_opening_the_first_paragraph_is_cut_from_the_body(farm):
    doc = farm["04_paris_motorways"]
    assert meta(doc) == {
        "published": ("2024-01-29", "Published January 29, 2024 · Updated January 30, 2024"),
        "updated": ("2024-01-30", "Published January 29, 2024 · Updated January 30, 2024"),
        "dateline": ("Paris", "PARIS —"),
    }
    assert doc.text.startswith("French farmers drove tractors onto the main motorways into Paris on Monday")
    assert doc.sentences[0].start == 0 and doc.sentences[0].text.startswith("French farmers drove")
    assert ("PARIS —", "header: dateline") in {(r.text, r.reason) for r in doc.removed}


def test_dateline_with_date_and_wire_credit_in_the_first_paragraph(farm):
    doc = farm["05_brussels_package"]
    prefix = "BRUSSELS, February 26, 2024 (Continental Wire) -"
    assert meta(doc) == {"dateline": ("Brussels", prefix), "published": ("2024-02-26", prefix),
                         "credit": ("Continental Wire", prefix), "outlet": ("Continental Wire", prefix)}
    assert doc.text.startswith("Hundreds of tractors blocked the streets of the European quarter on Monday")


def test_two_authors_an_outlet_an_updated_line_and_a_wire_credit(farm):
    doc = farm["06_madrid_march"]
    byline = "By Piotr Nowak and Ana Ruiz | The Lowlands Courier"
    assert meta(doc) == {"author": ("Piotr Nowak and Ana Ruiz", byline), "outlet": ("The Lowlands Courier", byline),
                         "updated": ("2024-03-01T09:15", "Updated March 1, 2024 at 9:15 a.m."),
                         "dateline": ("Madrid", "MADRID (Reuters) —"), "credit": ("Reuters", "MADRID (Reuters) —")}
    # an update is not the publication date, and the wire is not the outlet when the page names its own
    assert doc.value("published") is None and doc.value("outlet") == "The Lowlands Courier"


def test_second_corpus_header_forms(harbour):
    assert meta(harbour["01_rotterdam"]) == {"dateline": ("Rotterdam", "Rotterdam, 4 March 2024"),
                                             "published": ("2024-03-04", "Rotterdam, 4 March 2024")}
    assert meta(harbour["02_antwerp"]) == {
        "outlet": ("North Sea Shipping News", "North Sea Shipping News"),
        "dateline": ("Antwerp", "ANTWERP (Continental Wire) —"),
        "credit": ("Continental Wire", "ANTWERP (Continental Wire) —")}
    assert meta(harbour["03_talks"]) == {
        "author": ("Maarten de Vries", "By Maarten de Vries, Harbour Gazette"),
        "outlet": ("Harbour Gazette", "By Maarten de Vries, Harbour Gazette"),
        "published": ("2024-03-08T14:30", "Published March 8, 2024, 14:30")}


# ------------------------------------------------------------------------------------- header lines are no body


@pytest.mark.parametrize("folder", [FARM, HARBOUR])
def test_header_lines_are_not_sentences_and_every_raw_line_is_accounted_for(folder):
    corpus = load_corpus(folder)
    for doc in corpus:
        headers = [r for r in doc.removed if r.reason.startswith("header:") or r.reason in ("dateline", "title")]
        assert headers, doc.doc_id
        for sentence in doc.sentences:
            assert doc.text[sentence.start:sentence.end] == sentence.text
            for r in headers:
                assert r.text not in sentence.text, (doc.doc_id, r.text)
        paragraphs = [doc.text[s:e] for s, e in doc.paragraphs]
        recorded = {(r.line, r.text) for r in doc.removed}
        for number, line in enumerate(clean.normalize(doc.raw).split("\n"), start=1):
            if not line or line in paragraphs or (number, line) in recorded:
                continue
            # a dateline cut from the first paragraph: the removed prefix, then the paragraph
            prefix = next(r.text for r in doc.removed if r.line == number)
            assert line == prefix + " " + paragraphs[0], (doc.doc_id, number)


@pytest.mark.parametrize(
    "line, expected",
    [
        ("BERLIN, Jan. 15, 2024", {"dateline": "Berlin", "published": "2024-01-15"}),
        ("ST. PETERSBURG, 3 March 2024, 10:15 CET", {"dateline": "St. Petersburg", "published": "2024-03-03T10:15"}),
        ("Thursday, February 1, 2024", {"published": "2024-02-01"}),
        ("Published: 1 Feb 2024, 10:15 CET", {"published": "2024-02-01T10:15"}),
        ("First published on Thu 1 Feb 2024 09.30 GMT", {"published": "2024-02-01T09:30"}),
        ("Updated 3:45 PM EST, February 1, 2024", {"updated": "2024-02-01T15:45"}),
        ("By CLARA VERMEULEN", {"author": "Clara Vermeulen"}),
        ("By Clara Vermeulen, Agriculture Correspondent", {"author": "Clara Vermeulen"}),
        ("By Clara Vermeulen, Farm Correspondent, Continental Wire",
         {"author": "Clara Vermeulen", "outlet": "Continental Wire"}),
        ("By Clara Vermeulen in Brussels", {"author": "Clara Vermeulen"}),
        ("By Clara Vermeulen for Continental Wire", {"author": "Clara Vermeulen", "outlet": "Continental Wire"}),
        ("By Jean-Luc Picard-Smith", {"author": "Jean-Luc Picard-Smith"}),
        # body text, not headers
        ("By noon", {}),
        ("By contrast, farmers said they would stay.", {}),
        ("Paris, 12 March", {}),
    ],
)
def test_header_line_forms(line, expected):
    text = (f"Title of the piece\n\n{line}\n\nFarmers blocked the roads into the capital on Monday, the police "
            "said, and more protests were planned.\n\nA second paragraph of body text, long enough to be one.")
    cleaned = clean.split_furniture(text)
    found = {k: v.value for k, v in metadata.infer(cleaned.meta, cleaned.removed).items() if k != "title"}
    assert found == expected
    assert (line in cleaned.body) == (not expected)


@pytest.mark.parametrize(
    "paragraph, expected, body_starts",
    [
        ("PARIS - Farmers blocked roads.", {"dateline": "Paris"}, "Farmers"),
        ("BERLIN, Jan 15 (Reuters) - German farmers blocked roads.",  # no year: no publication date
         {"dateline": "Berlin", "credit": "Reuters", "outlet": "Reuters"}, "German"),
        ("Warsaw, 20 February 2024 – Polish farmers blocked roads.",
         {"dateline": "Warsaw", "published": "2024-02-20"}, "Polish"),
        ("(Reuters) - Farmers blocked roads.", {"credit": "Reuters", "outlet": "Reuters"}, "Farmers"),
        # a capitalized word and a dash, a label in capitals, a two-letter acronym: no dateline
        ("Warsaw — the capital — saw farmers block roads.", {}, "Warsaw —"),
        ("EXCLUSIVE — Farmers blocked roads.", {}, "EXCLUSIVE —"),
        ("EU — Farmers blocked roads.", {}, "EU —"),
    ],
)
def test_dateline_prefix_forms(paragraph, expected, body_starts):
    cleaned = clean.split_furniture(f"Title of the piece\n\n{paragraph}\n\nA second paragraph of body text that is long.")
    found = {k: v.value for k, v in metadata.infer(cleaned.meta, cleaned.removed).items() if k != "title"}
    assert found == expected
    assert cleaned.body.startswith(body_starts)
    assert cleaned.paragraphs[0] == (0, cleaned.body.index("\n\n"))


@pytest.mark.parametrize(
    "text, iso",
    [
        ("29 November 2023 18:00", "2023-11-29T18:00"),
        ("November 29, 2023", "2023-11-29"),
        ("Thursday, Feb. 1, 2024 at 3:45 p.m. EST", "2024-02-01T15:45"),
        ("12:30 am, 2 Sept 2024", "2024-09-02T00:30"),
        ("2024-02-01 10:15", "2024-02-01T10:15"),
        ("Jan 15", None),
        ("February 30, 2024", None),
    ],
)
def test_parse_dateline(text, iso):
    assert metadata.parse_dateline(text) == iso


def test_manifest_may_curate_the_optional_fields(tmp_path):
    (tmp_path / "a.txt").write_text("Farmers blocked the roads on Monday. The police watched.\n", encoding="utf-8")
    (tmp_path / "metadata.yaml").write_text(
        "documents:\n  - file: a.txt\n    dateline: {value: Lyon, source: manifest, evidence: 'the wire copy'}\n",
        encoding="utf-8")
    doc = load_corpus(tmp_path)["a"]
    assert doc.value("dateline") == "Lyon" and doc.meta["dateline"].source == "manifest"
    assert "credit" not in doc.meta  # optional fields appear only when known
    (tmp_path / "metadata.yaml").write_text("documents:\n  - file: a.txt\n    updated: yesterday\n", encoding="utf-8")
    with pytest.raises(LoadError, match=r"field 'updated': unparseable date 'yesterday'"):
        load_corpus(tmp_path)


# --------------------------------------------------------------------------------------------- markup, not text

PAGE = """<!DOCTYPE html>
<html lang="en"><head><title>Farmers protest</title></head>
<body><p>Farmers blocked the roads on Monday.</p></body></html>
"""
FRAGMENT = """<div class="article">
<h1>Farmers protest</h1>
<p>Farmers blocked the roads on Monday.</p>
<p>The police watched.</p>
</div>
"""


@pytest.mark.parametrize("data, reason", [
    (PAGE, "HTML or other markup, not article text (starts with '<!DOCTYPE html')"),
    ("\n  <HTML>\n<body>Farmers</body></HTML>\n", "HTML or other markup, not article text (starts with '<HTML>')"),
    ("<?xml version='1.0'?>\n<rss><channel/></rss>\n", "HTML or other markup, not article text (starts with '<?xml')"),
    (FRAGMENT, "HTML or other markup, not article text (5 of 5 lines are tags)"),
])
def test_web_page_saved_as_txt_is_rejected_or_reported(tmp_path, data, reason):
    (tmp_path / "good.txt").write_text("Farmers blocked the roads on Monday. The police watched.\n", encoding="utf-8")
    (tmp_path / "page.txt").write_text(data, encoding="utf-8")
    with pytest.raises(LoadError) as err:
        load_corpus(tmp_path)
    assert f"page.txt: {reason}" in str(err.value)
    lenient = load_corpus(tmp_path, strict=False)
    assert [d.doc_id for d in lenient] == ["good"]
    assert {r.path: (r.status, r.reason) for r in lenient.report}["page.txt"] == ("rejected", reason)


def test_articles_that_contain_tags_are_text():
    corpus = load_corpus(DATA / "unsafe_corpus")  # strict: hostile tags inside real articles still load
    assert [d.doc_id for d in corpus] == ["100_hostile", "101_plain"]
    assert markup_reason("A title\n<script>alert(1)</script> Body text.\nMore text with <b>bold</b> words.\n") is None


# ---------------------------------------------------------------------------------------------- find_corpus


def test_find_corpus_from_the_root_and_from_notebooks(monkeypatch, tmp_path):
    monkeypatch.chdir(REPOSITORY)
    assert find_corpus("seeds") == Path("seeds")  # found where it is named: the path stays as given
    monkeypatch.chdir(REPOSITORY / "notebooks")
    assert find_corpus("seeds") == REPOSITORY / "seeds"
    assert find_corpus("../seeds") == Path("../seeds")
    assert find_corpus(str(FARM)) == FARM
    monkeypatch.chdir(tmp_path)
    with pytest.raises(LoadError) as err:
        find_corpus("no_such_corpus")
    assert "no_such_corpus: corpus folder not found" in str(err.value)
    assert str(tmp_path / "no_such_corpus") in str(err.value) and str(REPOSITORY / "no_such_corpus") in str(err.value)
