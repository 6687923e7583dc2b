"""Map per article, reduce across articles: one parse per article, engines that agree, Parquet like CSV."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis import load_corpus, map_cache, nlp, pipeline, tables

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def _assert_same(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> None:
    assert set(a) == set(b)
    for name in a:
        pd.testing.assert_frame_equal(a[name].reset_index(drop=True), b[name].reset_index(drop=True),
                                      check_dtype=False, obj=name)


def _three_ministers(folder: Path) -> Path:
    """Three one-sentence articles, a.txt to c.txt, written for these tests."""
    folder.mkdir()
    for name in ("a", "b", "c"):
        (folder / f"{name}.txt").write_text(f"Minister {name.upper()} said on Monday that talks would go on.\n",
                                            encoding="utf-8")
    return folder


def test_each_article_is_parsed_once_and_a_warm_cache_parses_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv(nlp.ENV, str(tmp_path / "parses"))
    corpus = load_corpus(SEEDS)
    before = nlp.PARSE_CALLS
    first = pipeline.run(corpus)
    # one parse per article: no stage parsed a sentence of its own
    assert nlp.PARSE_CALLS - before == len(corpus) == 5
    assert len(list((tmp_path / "parses").rglob("*.spacy"))) == 5
    before = nlp.PARSE_CALLS
    second = pipeline.run(load_corpus(SEEDS))
    assert nlp.PARSE_CALLS == before  # the second export read every parse from the cache
    _assert_same(first, second)


def test_a_warm_export_maps_nothing_and_gives_the_same_tables(tmp_path, monkeypatch):
    monkeypatch.setenv(nlp.ENV, "")  # no parse cache: only the map cache can spare the second run its work
    monkeypatch.setenv(map_cache.ENV, str(tmp_path / "mapped"))
    corpus = load_corpus(SEEDS)
    before = pipeline.MAP_CALLS
    first = pipeline.run(corpus)
    assert pipeline.MAP_CALLS - before == 5
    assert len(list((tmp_path / "mapped").rglob("*.pickle"))) == 5
    before, parses = pipeline.MAP_CALLS, nlp.PARSE_CALLS
    second = pipeline.run(load_corpus(SEEDS))
    assert (pipeline.MAP_CALLS, nlp.PARSE_CALLS) == (before, parses)  # read, not parsed nor mapped
    _assert_same(first, second)


def test_the_map_cache_is_stale_when_the_article_the_package_or_the_topic_changes(tmp_path, monkeypatch):
    monkeypatch.setenv(nlp.ENV, str(tmp_path / "parses"))
    monkeypatch.setenv(map_cache.ENV, str(tmp_path / "mapped"))
    folder = _three_ministers(tmp_path / "corpus")
    pipeline.run(load_corpus(folder))
    (folder / "b.txt").write_text("Minister B said on Tuesday that the talks had failed.\n", encoding="utf-8")
    before = pipeline.MAP_CALLS
    tables_b = pipeline.run(load_corpus(folder))
    assert pipeline.MAP_CALLS - before == 1  # only the changed article
    assert "Tuesday" in set(tables_b["timexes"]["text"])
    # a change of the package's code or data files makes every record stale
    monkeypatch.setattr(map_cache, "package_key", lambda: "another version of the package")
    before = pipeline.MAP_CALLS
    pipeline.run(load_corpus(folder))
    assert pipeline.MAP_CALLS - before == 3
    # so does another topic (sides and actors given in a book.yaml)
    (folder / "book.yaml").write_text("title: Ministers\nsides:\n  Government: [Minister A]\n", encoding="utf-8")
    before = pipeline.MAP_CALLS
    pipeline.run(load_corpus(folder))
    assert pipeline.MAP_CALLS - before == 3


def test_an_unreadable_map_record_is_mapped_again(tmp_path, monkeypatch):
    monkeypatch.setenv(nlp.ENV, str(tmp_path / "parses"))
    monkeypatch.setenv(map_cache.ENV, str(tmp_path / "mapped"))
    corpus = load_corpus(SEEDS)
    first = pipeline.run(corpus)
    record = sorted((tmp_path / "mapped").rglob("*.pickle"))[0]
    record.write_bytes(record.read_bytes()[:100])  # truncated, as by a full disk
    before = pipeline.MAP_CALLS
    second = pipeline.run(load_corpus(SEEDS))
    assert pipeline.MAP_CALLS - before == 1
    _assert_same(first, second)


def test_a_changed_article_is_parsed_again_and_only_it(tmp_path, monkeypatch):
    monkeypatch.setenv(nlp.ENV, str(tmp_path / "parses"))
    folder = _three_ministers(tmp_path / "corpus")
    pipeline.run(load_corpus(folder))
    (folder / "b.txt").write_text("Minister B said on Tuesday that the talks had failed.\n", encoding="utf-8")
    before = nlp.PARSE_CALLS
    pipeline.run(load_corpus(folder))
    assert nlp.PARSE_CALLS - before == 1


def test_the_process_pool_gives_the_tables_of_a_run_in_process(tmp_path, monkeypatch):
    monkeypatch.setenv(nlp.ENV, str(tmp_path / "parses"))
    monkeypatch.setenv(map_cache.ENV, "")  # no map cache: every engine maps every article
    corpus = load_corpus(SEEDS)
    here = pipeline.run(corpus, jobs=1)
    monkeypatch.setattr(pipeline, "IN_PROCESS_UP_TO", 0)
    monkeypatch.setattr(pipeline, "CHUNK", 2)  # three chunks over two workers
    pooled = pipeline.run(corpus, jobs=2)
    _assert_same(here, pooled)


def test_dask_gives_the_tables_of_the_local_engine(tmp_path, monkeypatch):
    pytest.importorskip("dask.distributed")
    monkeypatch.setenv(nlp.ENV, str(tmp_path / "parses"))
    monkeypatch.setenv(map_cache.ENV, "")  # no map cache: every engine maps every article
    corpus = load_corpus(SEEDS)
    local = pipeline.run(corpus)
    monkeypatch.setattr(pipeline, "CHUNK", 2)
    dask = pipeline.run(corpus, engine="dask", jobs=2)  # a LocalCluster with two worker processes
    _assert_same(local, dask)


def test_unknown_engine_is_named():
    with pytest.raises(ValueError, match="engine: 'spark'"):
        pipeline.map_documents([], engine="spark")


def test_parquet_export_holds_the_csv_tables(tmp_path):
    from analysis.__main__ import main

    assert main(["export", "--corpus", str(SEEDS), "--out", str(tmp_path / "csv"), "--quiet"]) == 0
    assert main(["export", "--corpus", str(SEEDS), "--out", str(tmp_path / "pq"), "--format", "parquet",
                 "--quiet"]) == 0
    for name in tables.COLUMNS:
        csv = pd.read_csv(tmp_path / "csv" / f"{name}.csv", keep_default_na=False, dtype=str)
        pq = pd.read_parquet(tmp_path / "pq" / f"{name}.parquet")
        assert list(pq.columns) == list(csv.columns), name
        assert len(pq) == len(csv), name
    docs = pd.read_parquet(tmp_path / "pq" / "documents.parquet")
    sentences = pd.read_parquet(tmp_path / "pq" / "sentences.parquet")
    text = dict(zip(docs["doc_id"], docs["text"]))
    for row in sentences.itertuples(index=False):  # offsets still point into the normalized text
        assert text[row.doc_id][row.start:row.end] == row.text
    # the same tables give the same bytes
    assert main(["export", "--corpus", str(SEEDS), "--out", str(tmp_path / "pq2"), "--format", "parquet",
                 "--quiet"]) == 0
    for name in tables.COLUMNS:
        assert (tmp_path / "pq" / f"{name}.parquet").read_bytes() == (tmp_path / "pq2" / f"{name}.parquet").read_bytes()


def _imports(path: Path, package: Path = ROOT / "analysis") -> list[tuple[int, str]]:
    """(line, dotted module) of every import in ``path``: ``import a.b``, ``from a import b`` (both ``a`` and
    ``a.b``, which may be a submodule), relative imports resolved against the module's package, and imports inside
    functions and classes as well as at the top."""
    import ast

    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    me = parts[:-1] if is_package else parts
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = me if is_package else me[:-1]
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            out.append((node.lineno, module))
            out += [(node.lineno, f"{module}.{a.name}") for a in node.names]
    return out


def test_the_import_reader_sees_every_kind_of_import(tmp_path):
    """The layer test below reads absolute, relative and in-function imports alike."""
    package = tmp_path / "analysis" / "stage"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("from . import mod\n", encoding="utf-8")
    (package / "mod.py").write_text(
        "import analysis.tables\nfrom ..render import escape\n\n\ndef f():\n    from .. import pipeline\n"
        "    import newsbook.build as b\n", encoding="utf-8")
    names = {n for _, n in _imports(package / "mod.py", tmp_path / "analysis")}
    assert {"analysis.tables", "analysis.render", "analysis.render.escape", "analysis.pipeline",
            "newsbook.build"} <= names
    assert {n for _, n in _imports(package / "__init__.py", tmp_path / "analysis")} >= {"analysis.stage",
                                                                                        "analysis.stage.mod"}


# what reads the stages' rows: the map/reduce, the tables built from them and their caches (the contract, which
# only names the tables' columns, lies below the stages: they write their rows in its columns)
CONSUMERS = ("pipeline", "tables", "table_cache", "map_cache", "__main__")
STAGES = ("actors", "attribution", "bias", "chronology", "rhetoric", "stance", "reuse", "nlp", "corpus", "segment",
          "clean", "metadata", "topic", "resources", "digest", "contract", "context")
# the command line is the one front door to both packages: `python -m analysis build` hands over to the book's
FRONT_DOOR = ROOT / "analysis" / "__main__.py"


def test_no_module_imports_a_layer_above_it():
    """The one-way layers, read from every import (absolute, relative, inside functions): the stages (and what
    they stand on) never import the pipeline, the tables or their caches; nothing in the library imports the book
    package (newsbook), but the command line's front door."""
    package = ROOT / "analysis"
    assert {p.stem for p in package.glob("*.py")} | {p.name for p in package.iterdir() if p.is_dir()} >= set(
        CONSUMERS + STAGES)
    above = tuple(f"analysis.{m}" for m in CONSUMERS)
    offenders = []
    for stage in STAGES:
        files = [package / f"{stage}.py"] if (package / f"{stage}.py").exists() else sorted(
            (package / stage).rglob("*.py"))
        for path in files:
            for line, name in _imports(path):
                if any(name == a or name.startswith(a + ".") for a in above):
                    offenders.append(f"{path.relative_to(ROOT)}:{line}: imports {name}")
    for path in sorted(package.rglob("*.py")):
        if path == FRONT_DOOR:
            continue
        for line, name in _imports(path):
            if name == "newsbook" or name.startswith("newsbook."):
                offenders.append(f"{path.relative_to(ROOT)}:{line}: the library imports the book ({name})")
    assert not offenders, offenders
    assert any(name.startswith("newsbook") for _, name in _imports(FRONT_DOOR))  # the exemption is still needed


# ---- a few hundred generated articles of real news (benchmarks/corpora.py; skipped without ../shared) ---------

SHARED = ROOT.parent / "shared"


def _corpora():
    import sys

    if not (SHARED / "polnear").is_dir():
        pytest.skip(f"no {SHARED}/polnear: the generated corpora are made of its articles")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import corpora

    return corpora


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    corpora = _corpora()
    folder, pairs = corpora.planted_rewrites(corpora.news_pool(SHARED), 240, 20, 11,
                                             tmp_path_factory.mktemp("planted"))
    return folder, pairs


def test_derived_texts_are_found_among_hundreds_of_articles_without_false_pairs(planted):
    from analysis import reuse

    folder, pairs = planted
    corpus = load_corpus(folder)
    assert len(corpus) == 260
    table = reuse.derivations(corpus)
    assert len(table) < 3 * len(corpus)  # candidates, not all 33,670 pairs
    want = {Path(rewrite).stem: Path(source).stem for source, rewrite in pairs}
    assert reuse.derived_map_from(table) == want


def test_engines_agree_on_a_few_hundred_generated_articles(tmp_path_factory, monkeypatch):
    pytest.importorskip("dask.distributed")
    corpora = _corpora()
    folder = corpora.resample(corpora.news_pool(SHARED), 150, 3, tmp_path_factory.mktemp("resampled"))
    monkeypatch.setenv(nlp.ENV, str(tmp_path_factory.mktemp("parses")))
    monkeypatch.setenv(map_cache.ENV, "")  # no map cache: every engine maps every article
    corpus = load_corpus(folder)
    local = pipeline.run(corpus, jobs=2, quiet=True)  # a process pool: more than IN_PROCESS_UP_TO articles
    dask = pipeline.run(corpus, engine="dask", jobs=2, quiet=True)
    _assert_same(local, dask)
    assert len(local["documents"]) == 150 and local["sentences"]["doc_id"].nunique() == 150


def test_attributions_table_offsets_shares_and_quote_links():
    corpus = load_corpus(SEEDS)
    t = tables.build(corpus, ["attributions", "sentences", "quotes", "mentions"])
    text = {d.doc_id: d.text for d in corpus}
    att = t["attributions"]
    assert list(att.columns[:15]) == tables.COLUMNS["attributions"]
    for r in att.itertuples(index=False):
        assert text[r.doc_id][r.content_start:r.content_end] == r.content_text
        assert text[r.doc_id][r.cue_start:r.cue_end] == r.cue_text
        if r.source_start >= 0:
            assert text[r.doc_id][r.source_start:r.source_end] == r.source_text
    # 000 reports four statements (APA reported, Aliyev criticized and expressed a preference, analysts anticipate)
    mine = att[att["doc_id"].str.startswith("000")]
    said = dict(zip(mine["cue_text"].str.lower(), mine["speaker"]))
    assert said["reported"] == "Azerbaijani Press Agency"
    assert said["criticized"] == said["expressed"] == "Ilham Aliyev"
    assert "anticipate" in said
    shares = t["sentences"]["author_share"]
    assert shares.between(0, 1).all() and (shares < 1).any() and (shares == 1).any()
    # every quotation linked to an attribution lies (mostly) inside that attribution's content
    linked = t["quotes"][t["quotes"]["attribution_id"] != ""]
    assert len(linked) >= 20
    spans = att.set_index("attribution_id")
    for q in linked.itertuples(index=False):
        a = spans.loc[q.attribution_id]
        assert a["doc_id"] == q.doc_id
        assert min(q.end, a["content_end"]) - max(q.start, a["content_start"]) >= 0.5 * (q.end - q.start)
    assert set(t["mentions"]["in_gazetteer"]) == {True, False}  # the article's own actors besides the gazetteer's


@pytest.mark.parametrize("name", ["analysis", "newsbook"])
def test_the_package_imports_one_way(name):
    """No two top-level parts of a package (the library, the book) import each other, directly or round a circle
    (every import counts, inside functions too): data flows one way, corpus -> parse -> stages -> pipeline ->
    contract tables -> book."""
    package = ROOT / name
    parts = {p.stem if p.is_file() else p.name for p in package.iterdir()
             if (p.suffix == ".py" and p.stem not in ("__init__", "__main__")) or (p / "__init__.py").exists()}
    edges: dict[str, set[str]] = {}
    for path in package.rglob("*.py"):
        me = path.relative_to(package).with_suffix("").parts[0]
        if me in ("__init__", "__main__"):
            continue
        for _, imported in _imports(path, package):
            bits = imported.split(".")
            if bits[0] == name and len(bits) > 1 and bits[1] in parts and bits[1] != me:
                edges.setdefault(me, set()).add(bits[1])

    def reaches(a, b, seen=()):
        return any(n == b or (n not in seen and reaches(n, b, seen + (n,))) for n in edges.get(a, ()))

    circles = sorted({tuple(sorted((a, b))) for a in edges for b in edges[a] if reaches(b, a)})
    assert edges and not circles, circles


def test_the_package_key_follows_every_code_and_data_file(tmp_path, monkeypatch):
    package = tmp_path / "analysis"
    (package / "data").mkdir(parents=True)
    (package / "stage.py").write_text("X = 1\n", encoding="utf-8")
    (package / "data" / "lexicon.tsv").write_text("good\t1\n", encoding="utf-8")
    monkeypatch.setattr(map_cache, "PACKAGE", package)

    def key() -> str:
        map_cache.package_key.cache_clear()
        return map_cache.package_key()

    try:
        first = key()
        assert key() == first  # deterministic
        (package / "__pycache__").mkdir()
        (package / "__pycache__" / "stage.cpython-311.pyc").write_bytes(b"compiled")
        assert key() == first  # bytecode is not the package
        (package / "data" / "lexicon.tsv").write_text("good\t2\n", encoding="utf-8")
        second = key()
        assert second != first  # a lexicon changed
        (package / "stage.py").write_text("X = 2\n", encoding="utf-8")
        assert key() not in {first, second}  # the code changed
    finally:
        map_cache.package_key.cache_clear()


def _datasketch_candidates(fps) -> set[tuple[int, int]]:
    """The candidate pairs as datasketch's own MinHashLSH index finds them, query by query (the specification of
    reuse.candidate_pairs, which finds the same buckets with arrays)."""
    from datasketch import LeanMinHash, MinHashLSH

    from analysis import reuse

    lsh = MinHashLSH(threshold=reuse.LSH_THRESHOLD, num_perm=reuse.NUM_PERM)
    owner = []
    for i, fp in enumerate(fps):
        for row in fp.minhashes:
            lsh.insert(len(owner), LeanMinHash(seed=1, hashvalues=row, scheme=reuse.SCHEME), check_duplication=False)
            owner.append(i)
    hits: dict[tuple[int, int], int] = {}
    for i, fp in enumerate(fps):
        for row in fp.minhashes:
            others = {owner[k] for k in lsh.query(LeanMinHash(seed=1, hashvalues=row, scheme=reuse.SCHEME))} - {i}
            for j in others:
                pair = (min(i, j), max(i, j))
                hits[pair] = hits.get(pair, 0) + 1
    return {pair for pair, n in hits.items() if n >= 2 * reuse.MIN_SENTENCE_HITS}


def test_candidate_pairs_are_those_of_datasketchs_lsh_index(planted):
    from analysis import reuse

    folder, pairs = planted
    corpus = load_corpus(folder)
    fps = [reuse.fingerprint(d) for d in sorted(corpus, key=lambda d: d.doc_id)]
    found = reuse.candidate_pairs(fps)
    assert found == _datasketch_candidates(fps)
    ids = [fp.doc_id for fp in fps]
    found_ids = {frozenset((ids[i], ids[j])) for i, j in found}
    for source, rewrite in pairs:  # every planted rewrite is a candidate
        assert frozenset((Path(source).stem, Path(rewrite).stem)) in found_ids


def test_the_reduce_folds_articles_in_as_they_come_and_fills_missing_columns():
    def record(doc_id, frame):
        tables = {name: pd.DataFrame(columns=["doc_id"]) for name in pipeline.PER_DOCUMENT}
        tables["voices"] = frame
        return pipeline.Mapped(doc_id, tables)

    a = record("a", pd.DataFrame({"doc_id": ["a", "a"], "side": ["Baku", "Yerevan"]}))
    b = record("b", pd.DataFrame({"doc_id": ["b"], "side": ["Baku"], "extra": [0.5]}))
    c = record("c", pd.DataFrame(columns=["doc_id", "side", "late"]))  # no rows, one more column
    gathered = pipeline._Gathered(pipeline.PER_DOCUMENT)
    for m in iter([a, b, c]):
        gathered.add(m)
    sides = gathered._data["voices"]["side"]
    assert sides[0] is sides[2]  # one shared string for the two articles' "Baku", not one per article
    voices = gathered.frame("voices", ["doc_id", "side"])
    assert list(voices.columns) == ["doc_id", "side", "extra", "late"]
    assert voices["doc_id"].tolist() == ["a", "a", "b"]
    assert voices["side"].tolist() == ["Baku", "Yerevan", "Baku"]
    assert voices["extra"].isna().tolist() == [True, True, False] and voices["extra"].iloc[2] == 0.5
    assert voices["late"].isna().all()
    empty = gathered.frame("quotes", ["doc_id", "quote_id"])
    assert empty.empty and list(empty.columns) == ["doc_id"]


def test_sentence_tfidf_is_scikit_learns_to_the_last_bit():
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    from analysis import reuse

    texts = [s.text for d in load_corpus(SEEDS) for s in d.sentences]
    texts += ["The the and of.", "Peace talks, peace talks and more peace talks in Washington."]  # no content; repeats
    ref = TfidfVectorizer(analyzer=reuse.content_tokens, smooth_idf=True, norm="l2", dtype=np.float64).fit(texts[:-5])
    ours = reuse.vectorizer(texts[:-5])
    assert ours.vocabulary_ == ref.vocabulary_ and np.array_equal(ours.idf_, ref.idf_)
    a, b = ref.transform(texts), ours.transform(texts)  # the last five include words outside the vocabulary
    assert a.shape == b.shape and (a != b).nnz == 0
    assert not b[-2].nnz  # a sentence of stop words only is a zero row


def test_stop_words_are_spacys_read_without_importing_spacy():
    import subprocess
    import sys

    from spacy.lang.en.stop_words import STOP_WORDS

    from analysis import reuse

    assert reuse._stop_words() == frozenset(w.lower() for w in STOP_WORDS)
    code = ("import sys; from analysis import load_corpus, reuse; c = load_corpus('seeds'); "
            "print(len(reuse.alignment(c['001_d448d77380b1797b'], c['000_589b5f047ad3e4c1'])), "
            "'spacy' in sys.modules, 'sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    aligned, spacy_loaded, sklearn_loaded = out.stdout.split()
    assert int(aligned) >= 5  # 000 retells 001: most of its sentences align
    assert (spacy_loaded, sklearn_loaded) == ("False", "False")


def test_the_process_pool_lets_go_of_each_record_once_it_is_read(tmp_path, monkeypatch):
    """The reduce folds each article in and lets it go: the engine must not keep the records it handed over (a
    finished future holds its result), or a large corpus's records would all be in memory at once."""
    import gc
    import weakref

    monkeypatch.setenv(nlp.ENV, str(tmp_path / "parses"))
    monkeypatch.setenv(map_cache.ENV, "")
    monkeypatch.setattr(pipeline, "IN_PROCESS_UP_TO", 0)
    monkeypatch.setattr(pipeline, "CHUNK", 1)  # one article per future
    corpus = load_corpus(SEEDS)
    refs = []
    for record in pipeline.iter_mapped(list(corpus), jobs=2, quiet=True):
        refs.append(weakref.ref(record))
        del record
        gc.collect()
        if len(refs) == len(corpus):  # the last record: all but the newest two are gone
            assert [r() is None for r in refs[:-2]] == [True] * (len(corpus) - 2)
    assert len(refs) == len(corpus) == 5
