"""Loading: metadata with evidence, the manifest, the load report, and every kind of bad input."""

import shutil
from pathlib import Path

import pytest

from analysis import LoadError, load_corpus

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
GOOD = "Azerbaijan and Armenia met in Washington. The talks ended without a deal.\n"


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(SEEDS)


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_seeds_all_load_and_report_says_so(corpus):
    assert [d.doc_id for d in corpus] == [
        "000_589b5f047ad3e4c1", "001_d448d77380b1797b", "002_cdba987897c2a20e", "003_13b3c454c77720c4",
        "004_e62a52d1a1e40deb",
    ]
    statuses = {r.path: r.status for r in corpus.report}
    assert statuses["metadata.yaml"] == "manifest"
    assert sorted(p for p, s in statuses.items() if s == "loaded") == sorted(p.name for p in SEEDS.glob("*.txt"))


def test_metadata_read_off_the_text(corpus):
    caliber = corpus["003_13b3c454c77720c4"]
    assert caliber.meta["published"].value == "2023-11-29T18:00"
    assert caliber.meta["published"].source == "text"
    assert caliber.meta["published"].evidence == "29 November 2023 18:00"
    assert caliber.value("genre") == "analysis"
    assert caliber.value("title").startswith("Baku resolute in resisting those trying to shatter its balanced policy")
    opinion = corpus["001_d448d77380b1797b"]
    assert opinion.value("author") == "Dr Vasif Huseynov"
    assert opinion.value("genre") == "opinion"
    assert opinion.value("title") == "Opinion: Is Trump’s Re-Election Good News for Azerbaijan-U.S. relations?"
    assert corpus["002_cdba987897c2a20e"].value("author") == "Intercourier"
    assert corpus["000_589b5f047ad3e4c1"].value("origin") == "commonspace.eu"


def test_curated_metadata_comes_with_reasons(corpus):
    news = corpus["004_e62a52d1a1e40deb"]
    assert news.meta["published"].value == "2023-12"
    assert news.meta["published"].source == "manifest"
    assert "November 20" in news.meta["published"].evidence
    assert corpus["000_589b5f047ad3e4c1"].value("genre") == "summary"
    assert corpus["002_cdba987897c2a20e"].value("published") == "2021-04"


def test_folder_of_txt_without_manifest_loads(tmp_path):
    write(tmp_path, "a.txt", "My headline\n\n" + GOOD + GOOD.replace("talks", "meetings"))
    write(tmp_path, "notes.md", "not an article")
    corpus = load_corpus(tmp_path)
    assert [d.doc_id for d in corpus] == ["a"]
    assert corpus["a"].value("title") == "My headline"
    assert corpus["a"].value("published") is None
    assert {r.path: r.status for r in corpus.report} == {"a.txt": "loaded", "notes.md": "skipped"}


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("latin1.txt", "Caf\xe9 au lait in Baku.".encode("latin-1"), "not valid UTF-8 (byte 3, line 1)"),
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n \n", "empty file"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (contains NUL bytes)"),
        ("furniture.txt", "twitter\nfacebook\nViews: 12\n".encode(), "no body text left after removing page furniture"),
    ],
)
def test_bad_files_are_rejected_with_reason(tmp_path, name, data, reason):
    write(tmp_path, "good.txt", GOOD)
    write(tmp_path, name, data)
    lenient = load_corpus(tmp_path, strict=False)
    assert [d.doc_id for d in lenient] == ["good"]
    report = {r.path: (r.status, r.reason) for r in lenient.report}
    assert report[name] == ("rejected", reason)
    with pytest.raises(LoadError) as err:
        load_corpus(tmp_path)
    assert name in str(err.value) and reason in str(err.value)


def test_a_corpus_with_nothing_loadable_fails(tmp_path):
    write(tmp_path, "empty.txt", b"")
    with pytest.raises(LoadError, match="no article could be loaded"):
        load_corpus(tmp_path, strict=False)
    with pytest.raises(LoadError, match="corpus folder not found"):
        load_corpus(tmp_path / "missing")


@pytest.mark.parametrize(
    "manifest, message",
    [
        ("documents:\n  - file: missing.txt\n", "documents[0], field 'file': no such file 'missing.txt'"),
        ("documents:\n  - file: a.txt\n    doc_id: x\n  - file: b.txt\n    doc_id: x\n",
         "documents[1] (b.txt), field 'doc_id': duplicate id 'x'"),
        ("documents:\n  - file: a.txt\n    published: 5 December\n",
         "documents[0] (a.txt), field 'published': unparseable date '5 December'"),
        ("documents:\n  - file: a.txt\n    published: '2023-02-30'\n",
         "field 'published': unparseable date '2023-02-30'"),
        ("documents:\n  - file: a.txt\n    genre: blog\n", "documents[0] (a.txt), field 'genre': unknown genre 'blog'"),
        ("documents:\n  - file: a.txt\n    colour: red\n", "documents[0] (a.txt): unknown fields ['colour']"),
        ("documents: [\n", "not valid YAML"),
        ("documents:\n  - file: a.txt\n    author: {value: X, source: text, evidence: 'By X'}\n",
         "a.txt, field 'author': evidence 'By X' is not in the text"),
    ],
)
def test_manifest_errors_name_file_and_field(tmp_path, manifest, message):
    write(tmp_path, "a.txt", GOOD)
    write(tmp_path, "b.txt", GOOD.replace("Washington", "Brussels"))
    write(tmp_path, "metadata.yaml", manifest)
    with pytest.raises(LoadError) as err:
        load_corpus(tmp_path)
    assert "metadata.yaml" in str(err.value)
    assert message in str(err.value)


def test_copy_of_seeds_is_byte_identical_and_hashed(corpus):
    import hashlib

    for doc in corpus:
        assert doc.sha256 == hashlib.sha256((SEEDS / doc.path).read_bytes()).hexdigest()


def test_shared_seeds_are_copied_byte_for_byte():
    shared = SEEDS.parent.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip(f"no shared seeds folder at {shared}")
    names = sorted(p.name for p in shared.glob("*.txt"))
    assert names == sorted(p.name for p in SEEDS.glob("*.txt"))
    for name in names:
        assert (shared / name).read_bytes() == (SEEDS / name).read_bytes()


def test_crlf_and_bom_files_load_like_lf(tmp_path):
    write(tmp_path, "lf.txt", GOOD)
    folder2 = tmp_path / "b"
    folder2.mkdir()
    write(folder2, "lf.txt", b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode())
    assert load_corpus(tmp_path)["lf"].text == load_corpus(folder2)["lf"].text
    shutil.rmtree(folder2)


def test_furniture_summary_counts_removed_lines_per_reason_and_document(corpus):
    from analysis import tables
    from newsbook import overview

    ids = [d.doc_id for d in corpus]
    summary = overview.furniture_summary(tables.build(corpus, ["boilerplate"])["boilerplate"], ids)
    assert list(summary.columns) == ids  # every document, even one that lost no line
    s003 = summary[ids[3]]
    # 003 opens with twitter, youtube, instagram, facebook, telegram, then apple store and play market
    assert s003["social-link"] == 5 and s003["app-store-link"] == 2
    assert s003["total"] == s003.drop("total").sum()
    # 000 (a pasted summary) loses only its "Original Source:" line
    assert summary[ids[0]]["total"] == 1 and summary[ids[0]]["source-line"] == 1


def test_short_ids_shorten_only_numbered_names():
    from analysis.corpus import sentence_label, short_id

    assert short_id("001_d448d77380b1797b") == "001"
    # a name that is not numbered keeps its whole id, so report_2023 and report_2024 never share a label
    assert short_id("report_2023") == "report_2023" and short_id("report_2024") == "report_2024"
    assert short_id("plain-name") == "plain-name"
    assert sentence_label("001_d448d77380b1797b:s013") == "001:s013"
    assert sentence_label("plain-name:s004") == "plain-name:s004"


def test_seed_load_report_lists_the_book_description(corpus):
    report = {r.path: (r.status, r.reason) for r in corpus.report}
    assert report["book.yaml"][0] == "manifest" and "book description" in report["book.yaml"][1]


def test_seeds_have_no_optional_header_fields(corpus):
    """The seeds' headers carry no dateline city, wire credit or update line: their metadata keeps its six fields."""
    from analysis.metadata import FIELDS

    for doc in corpus:
        assert tuple(sorted(doc.meta)) == tuple(sorted(FIELDS)), doc.doc_id
