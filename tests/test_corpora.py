"""benchmarks/corpora.py: the generated corpora of the scale benchmark and of the derived-text tests.

The pool is read in place from ../shared (PolNeAR and TempEval-3); the tests are skipped when it is missing.
Everything is written into pytest's temporary folders.
"""

from __future__ import annotations

import random
import sys
import time
from itertools import combinations
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "benchmarks"))

import corpora  # noqa: E402

needs_shared = pytest.mark.skipif(
    not (SHARED / "polnear" / "train" / "text").is_dir() or not (SHARED / "tempeval3" / "TimeBank").is_dir(),
    reason=f"the news pool (PolNeAR and TempEval-3) is not at {SHARED}; these tests read it in place",
)


@pytest.fixture(scope="module")
def pool() -> list[str]:
    return corpora.news_pool(SHARED)


def _files(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())}


# ---- helpers without the pool -------------------------------------------------------------------------------------

def test_sentences_do_not_split_after_abbreviations_or_initials():
    text = "Mr. Smith went to the U.S. Embassy on Jan. 5. He said, “No.” Was it J. Doe? Yes!"
    assert corpora.sentences(text) == ["Mr. Smith went to the U.S. Embassy on Jan. 5.", "He said, “No.”",
                                       "Was it J. Doe?", "Yes!"]


@pytest.mark.parametrize("before, after", [
    ("Smith said the plan failed.", "The plan failed, Smith said."),
    ("The official said that the talks would resume.", "The talks would resume, the official said."),
    ("The talks failed, officials said.", "Officials said the talks failed."),
    ("“It was a bomb,” said a U.S. official.", "“It was a bomb,” a U.S. official said."),
    ("“We will win,” Trump said.", "“We will win,” said Trump."),
    ("Trump said on Friday he would win.", "Trump said on Friday he would win."),  # an adverb, not the clause
    ("Nobody spoke.", "Nobody spoke."),
])
def test_reorder_said_moves_the_attribution(before, after):
    assert corpora.reorder_said(before) == after


def test_same_source_pairs_counts_pairs_of_repeats():
    assert corpora.same_source_pairs(5, 10) == 0
    assert corpora.same_source_pairs(20, 10) == 10  # every article twice: one pair each
    assert corpora.same_source_pairs(25, 10) == 5 * 3 + 5 * 1  # five used three times, five twice


def test_timeml_text_strips_tags_and_unescapes(tmp_path):
    path = tmp_path / "x.tml"
    path.write_text('<?xml version="1.0" ?>\n<TimeML><DOCID>x</DOCID><TEXT>\nAT&amp;T <EVENT eid="e1">said</EVENT> '
                    '<TIMEX3 tid="t1">Friday</TIMEX3> it won.\n\nNext.\n</TEXT></TimeML>', encoding="utf-8")
    assert corpora.timeml_text(path) == "\nAT&T said Friday it won.\n\nNext.\n"
    path.write_text("<TimeML><TEXT>a & b <EVENT>c</EVENT></TEXT>", encoding="utf-8")  # not well-formed
    assert corpora.timeml_text(path) == "a & b c"
    path.write_text("<TimeML></TimeML>", encoding="utf-8")
    with pytest.raises(ValueError, match="x.tml: no <TEXT>"):
        corpora.timeml_text(path)


def test_missing_shared_folder_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="polnear"):
        corpora.news_pool(tmp_path)


def test_refuses_a_folder_that_already_holds_articles(tmp_path):
    (tmp_path / "old.txt").write_text("x\n", encoding="utf-8")
    with pytest.raises(FileExistsError, match="already holds"):
        corpora.resample(["One.\n\nTwo."], 3, 0, tmp_path)


# ---- the pool -----------------------------------------------------------------------------------------------------

@needs_shared
def test_pool_is_polnear_and_tempeval(pool):
    names = corpora.news_pool_names(SHARED)
    assert len(pool) == len(names) == 924 + 256
    assert sum(n.startswith("polnear/") for n in names) == 924
    assert sum(n.startswith("tempeval3/") for n in names) == 256
    # TimeML text: tags stripped, entities unescaped, paragraphs kept
    kenya = pool[names.index("tempeval3/AQUAINT/APW19980807.0261.tml")]
    assert kenya.startswith("NAIROBI, Kenya (AP) _\n\nSuspected bombs exploded outside the U.S. embassies")
    assert "<" not in kenya and "&amp;" not in kenya and "MAKEINSTANCE" not in kenya
    assert all("\n\n\n" not in t and t == t.strip() for t in pool)


# ---- resample -----------------------------------------------------------------------------------------------------

@needs_shared
def test_resample_is_deterministic_and_writes_n_files(pool, tmp_path):
    a = corpora.resample(pool, 40, 7, tmp_path / "a")
    b = corpora.resample(pool, 40, 7, tmp_path / "b")
    c = corpora.resample(pool, 40, 8, tmp_path / "c")
    files = _files(a)
    assert list(files) == [f"a{i:06d}.txt" for i in range(40)]
    assert files == _files(b)
    assert files != _files(c)
    assert all(t.endswith("\n") and t.strip() for t in files.values())


@needs_shared
def test_resample_drops_and_shuffles_paragraphs_of_one_source(pool, tmp_path):
    out = corpora.resample(pool, 60, 3, tmp_path / "c")
    by_paragraph: dict[str, set[int]] = {}
    for k, text in enumerate(pool):
        for p in corpora.paragraphs(text):
            by_paragraph.setdefault(p, set()).add(k)
    sources, reordered, kept_shares = [], 0, []
    for text in _files(out).values():
        paras = corpora.paragraphs(text)
        # every paragraph comes from the pool, and all of them from one pool article
        common = set.intersection(*(by_paragraph[p] for p in paras))
        assert common, "paragraphs of different pool articles were mixed"
        src = min(common)
        sources.append(src)
        original = corpora.paragraphs(pool[src])
        positions = [original.index(p) for p in paras]
        if len(original) >= 5:
            kept_shares.append(len(paras) / len(original))
            reordered += positions != sorted(positions)
    assert len(set(sources)) == 60  # n <= len(pool): no pool article twice
    assert all(0.55 <= s <= 0.85 for s in kept_shares), kept_shares  # 20-40% dropped (rounded)
    assert reordered >= 0.9 * len(kept_shares)


@needs_shared
def test_resample_repeats_beyond_the_pool_are_all_different(pool, tmp_path):
    small = [t for t in pool if len(corpora.paragraphs(t)) >= 8][:10]
    out = corpora.resample(small, 45, 1, tmp_path / "c")
    texts = list(_files(out).values())
    assert len(texts) == 45 and len(set(texts)) == 45
    # every pool article is used 4 or 5 times, and its repeats share paragraphs (the derived-looking pairs)
    per_source = {k: [t for t in texts if corpora.paragraphs(t)[0] in corpora.paragraphs(src)]
                  for k, src in enumerate(small)}
    assert sorted(len(v) for v in per_source.values()) == [4] * 5 + [5] * 5
    assert sum(len(v) * (len(v) - 1) // 2 for v in per_source.values()) == corpora.same_source_pairs(45, 10)


# ---- planted rewrites ---------------------------------------------------------------------------------------------

@needs_shared
def test_planted_rewrites_are_derived_and_the_rest_distinct(pool, tmp_path):
    start = time.process_time()  # CPU time: the machine may be busy
    out, pairs = corpora.planted_rewrites(pool, 120, 15, 5, tmp_path / "p")
    seconds = time.process_time() - start
    files = _files(out)
    assert sorted(files) == [f"a{i:06d}.txt" for i in range(135)]
    assert len(pairs) == 15
    rewrites = {r for _, r in pairs}
    assert len({s for s, _ in pairs}) == 15 and not rewrites & {s for s, _ in pairs}
    for source, derived in pairs:
        s, d = files[source], files[derived]
        assert corpora.containment(d, s) > 0.5, (source, derived)  # most of the rewrite's shingles are the source's
        assert len(d) < len(s)  # shorter: a detector that takes the shorter text as derived orients it right
        assert d != s and len(corpora.paragraphs(d)) <= len(corpora.paragraphs(s))
        kept = [p for p in corpora.paragraphs(d) if p in corpora.paragraphs(s)]
        assert [corpora.paragraphs(s).index(p) for p in kept] == sorted(corpora.paragraphs(s).index(p) for p in kept)
    # the other pairs share little: two pool articles at most 5% of the shorter one's shingles; a rewrite (shorter
    # than its source) and an article other than its source a little more at most
    shingles = {name: corpora.shingle_set(text) for name, text in files.items()}
    planted = set(pairs) | {(d, s) for s, d in pairs}
    share = {(a, b): len(shingles[a] & shingles[b]) / min(len(shingles[a]), len(shingles[b]))
             for a, b in combinations(sorted(files), 2) if (a, b) not in planted}
    assert max(v for (a, b), v in share.items() if a not in rewrites and b not in rewrites) <= corpora.MAX_POOL_OVERLAP
    assert max(share.values()) <= 2 * corpora.MAX_POOL_OVERLAP
    assert seconds < 2, f"planted_rewrites took {seconds:.1f} s of CPU for 135 articles (300 should take < 2 s)"


@needs_shared
def test_planted_rewrites_are_deterministic(pool, tmp_path):
    a, pairs_a = corpora.planted_rewrites(pool, 30, 5, 11, tmp_path / "a")
    b, pairs_b = corpora.planted_rewrites(pool, 30, 5, 11, tmp_path / "b")
    c, pairs_c = corpora.planted_rewrites(pool, 30, 5, 12, tmp_path / "c")
    assert pairs_a == pairs_b and _files(a) == _files(b)
    assert _files(a) != _files(c)


def test_rewrite_drops_sentences_and_rewords_some():
    text = "\n\n".join(
        f"Senator {name} said the new plan would help {n} people. The vote was important, aides said. "
        f"“It will pass,” said {name}."
        for n, name in enumerate(["Adams", "Baker", "Clark", "Davis", "Evans", "Foster"], start=2)
    )
    out = corpora.rewrite(text, random.Random(0))
    source_sentences = [s for p in corpora.paragraphs(text) for s in corpora.sentences(p)]
    out_sentences = [s for p in corpora.paragraphs(out) for s in corpora.sentences(p)]
    assert 0.6 * len(source_sentences) - 1 <= len(out_sentences) <= 0.8 * len(source_sentences) + 1
    assert any(s not in source_sentences for s in out_sentences)  # some reworded
    assert "The vote was important, aides said." in source_sentences
    reworded = {"Aides said the vote was significant.", "Aides said the vote was important.",
                "The vote was significant, aides said."}
    assert any(s in reworded for s in out_sentences)
    assert corpora.rewrite(text, random.Random(0)) == out


def test_planted_rewrites_refuses_impossible_requests(tmp_path):
    pool = ["One short text.", "Another."]
    with pytest.raises(ValueError, match="n must be between 1 and the pool size 2"):
        corpora.planted_rewrites(pool, 3, 0, 0, tmp_path / "a")
    with pytest.raises(ValueError, match="n_rewrites must be between 0 and n=2"):
        corpora.planted_rewrites(pool, 2, 3, 0, tmp_path / "b")
    with pytest.raises(ValueError, match="only 0 mutually distinct articles"):
        corpora.planted_rewrites(pool, 2, 0, 0, tmp_path / "c")


# ---- benchmarks/scale.py: the measurements and the target checks ------------------------------------------------

def test_scale_measures_the_memory_of_the_whole_process_tree(tmp_path):
    import os

    import scale

    # a parent that starts a child holding ~150 MiB for 2 s: the child's memory must be in the peak
    child = ("import time; b = bytearray(150 * 1024 * 1024); b[::4096] = b'x' * len(b[::4096]); time.sleep(2)\n"
             "while time.process_time() < 1.0: pass")  # and ~1 s of CPU
    parent = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {child!r}], check=True)"
    record = scale.run_measured([sys.executable, "-c", parent], dict(os.environ), tmp_path / "log")
    assert record["returncode"] == 0 and not record["timed_out"]
    assert record["peak_processes"] >= 2
    assert record["peak_tree_rss_bytes"] >= 150 * 1024 * 1024
    assert record["max_process_rss_bytes"] >= 150 * 1024 * 1024
    assert 2 <= record["wall_seconds"] < 60
    assert record["cpu_seconds"] >= 1.0


def _run(seconds: float, ok: bool = True, rss_gib: float = 1.0) -> dict:
    return {"ok": ok, "wall_seconds": seconds, "peak_tree_rss_bytes": int(rss_gib * 2**30),
            "peak_tree_pss_bytes": int(rss_gib * 2**30), "max_process_rss_bytes": int(rss_gib * 2**30),
            "tables_sha256": {"a.csv": "x"} if ok else None}


def _corpus(size: int, parse: float, engines: dict) -> dict:
    return {"label": f"{size} resampled", "size": size, "same_source_pairs": 0, "engines": engines,
            "parse": {"articles": size, "tokens": 10 * size, "parse_seconds": parse, "peak_tree_rss_bytes": 1,
                      "peak_tree_pss_bytes": 1, "max_process_rss_bytes": 1}}


def test_scale_checks_the_issue_targets():
    import scale

    results = {"started": "now", "cores": 2, "machine": "m", "commit": "c", "load_average_start": (1.0, 1.0, 1.0),
               "export_flags": ["--engine"], "corpora": [
                   _corpus(1000, 100.0, {"local": {"cold": _run(90.0), "warm": _run(20.0)},
                                         "dask": {"cold": _run(160.0), "warm": _run(40.0)}}),
                   _corpus(16000, 1600.0, {"local": {"cold": _run(1600.0 * 1.2, rss_gib=3.5), "warm": _run(300.0)},
                                           "dask": {"cold": _run(10.0, ok=False)},
                                           "other": {"skipped": "the export has no --engine flag"}}),
               ]}
    checks = {(k["target"], k["scope"]): k for k in scale.evaluate(results)}
    assert checks[("cold export <= 1.5 x parse", "local, 1000 resampled")]["status"] == "PASS"  # 0.9
    assert checks[("local cold export < parse", "local, 1000 resampled")]["status"] == "PASS"
    assert checks[("cold export <= 1.5 x parse", "dask, 1000 resampled")]["status"] == "FAIL"  # 1.6
    assert checks[("warm export <= 0.3 x parse", "dask, 1000 resampled")]["status"] == "FAIL"  # 0.4
    assert checks[("warm export <= 0.3 x parse", "local, 16000 resampled")]["status"] == "PASS"  # 0.1875
    assert checks[("local cold export < parse", "local, 16000 resampled")]["status"] == "FAIL"  # 1.2
    linear = checks[("per-article time grows <= 1.2x", "local, 1000 -> 16000")]
    assert linear["value"] == pytest.approx((1920 / 16000) / (90 / 1000))  # 1.333: FAIL
    assert linear["status"] == "FAIL" and linear["note"] == ""
    assert checks[("per-article time grows <= 1.2x", "dask, 1000 -> 16000")]["status"] == "FAIL"  # export failed
    assert checks[("peak tree RSS < 4 GiB", "local, 16000 resampled")]["status"] == "PASS"
    assert checks[("cold export <= 1.5 x parse", "dask, 16000 resampled")]["status"] == "FAIL"
    assert checks[("warm export <= 0.3 x parse", "dask, 16000 resampled")]["status"] == "n/a"  # not run
    assert not [k for k in checks if "other" in k[1]]  # a skipped engine is not checked
    text = scale.markdown(results, list(checks.values()))
    assert "| 16000 resampled | 16000 |  |  | dask | cold FAILED | 10.0 |" in text
    assert "| local (cold) | 1.00 | 1.33 |" in text
    table = [line for line in text.splitlines() if line.startswith(("| corpus |", "| 1000 resampled | 1000 |",
                                                                     "| 16000 resampled | 16000 |"))]
    assert len(table) == 1 + 5 + 5  # header; parse, 2 engines x cold/warm; parse, local x 2, dask cold, skipped
    assert len({line.count("|") for line in table}) == 1  # every row fills the columns


def test_scale_passes_only_the_flags_the_export_lists():
    from types import SimpleNamespace

    import scale

    args = SimpleNamespace(scheduler="tcp://10.0.0.1:8786", format="parquet", jobs=2)
    base = [sys.executable, "-m", "analysis", "export", "--corpus", "C", "--out", "O"]
    assert scale.export_cmd(Path("C"), Path("O"), "local", set(), args) == base  # today's export: no flags
    full = set(scale.EXPORT_FLAGS)
    assert scale.export_cmd(Path("C"), Path("O"), "dask", full, args) == base + [
        "--engine", "dask", "--scheduler", "tcp://10.0.0.1:8786", "--format", "parquet", "--jobs", "2", "--quiet"]
    assert scale.export_cmd(Path("C"), Path("O"), "local", full - {"--quiet"}, args) == base + [
        "--engine", "local", "--format", "parquet", "--jobs", "2"]  # the scheduler is the dask engine's
    assert scale.export_flags() <= full  # read from the repository's `python -m analysis export --help`


def test_scale_reuses_a_resampled_corpus_only_when_its_stamp_matches(tmp_path):
    import scale

    pool = [f"Paragraph {k} one.\n\nParagraph {k} two.\n\nParagraph {k} three." for k in range(6)]
    first = scale.resampled_corpus(pool, 8, 0, tmp_path)
    (first / "a000000.txt").write_text("marker\n", encoding="utf-8")
    assert scale.resampled_corpus(pool, 8, 0, tmp_path) == first  # same size, seed and pool: reused as is
    assert (first / "a000000.txt").read_text(encoding="utf-8") == "marker\n"
    again = scale.resampled_corpus(pool[:5], 8, 0, tmp_path)  # another pool: rebuilt
    assert again == first and (first / "a000000.txt").read_text(encoding="utf-8") != "marker\n"
    assert len(list(first.glob("*.txt"))) == 8
    other = scale.resampled_corpus(pool, 8, 1, tmp_path)
    assert other != first and sorted(p.name for p in tmp_path.iterdir()) == [
        "resample-n8-seed0", "resample-n8-seed0.json", "resample-n8-seed1", "resample-n8-seed1.json"]


def test_scale_flags_runs_of_other_code(tmp_path, monkeypatch):
    import scale

    repo = tmp_path / "repo"
    (repo / "analysis").mkdir(parents=True)
    (repo / "analysis" / "__main__.py").write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setattr(scale, "REPO", repo)
    before = scale.code_digest()
    (repo / "analysis" / "__pycache__").mkdir()
    (repo / "analysis" / "__pycache__" / "m.pyc").write_bytes(b"\0")
    assert scale.code_digest() == before  # bytecode is not code
    (repo / "analysis" / "__main__.py").write_text("x = 2\n", encoding="utf-8")
    assert scale.code_digest() != before
    results = {"started": "now", "cores": 2, "machine": "m", "commit": "c", "load_average_start": (1.0, 1.0, 1.0),
               "export_flags": [], "corpora": [_corpus(10, 1.0, {"local": {"cold": _run(2.0), "warm": _run(1.0)}})]}
    results["corpora"][0]["parse"]["code_digest"] = "a"
    results["corpora"][0]["engines"]["local"]["cold"]["code_digest"] = "a"
    results["corpora"][0]["engines"]["local"]["warm"]["code_digest"] = "a"
    assert "Warning" not in scale.markdown(results, [])
    results["corpora"][0]["engines"]["local"]["warm"]["code_digest"] = "b"
    text = scale.markdown(results, [])
    assert "Warning: the measured `analysis/` changed" in text
    assert "| warm | 1.0 |" in text and "same (other code: analysis/ changed during the benchmark)" in text
