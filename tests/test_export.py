"""The export contract: tables, required columns, exact offsets, deterministic CSV."""

import hashlib
from pathlib import Path

import pandas as pd
import pytest

from analysis import tables
from analysis.__main__ import main

ROOT = Path(__file__).resolve().parent.parent

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
REQUIRED = {
    "documents": ["doc_id", "path", "title", "outlet", "author", "published", "genre", "origin", "derived_from",
                  "n_words", "sha256", "text"],
    "sentences": ["doc_id", "sentence_id", "paragraph", "start", "end", "text"],
    "boilerplate": ["doc_id", "line", "text", "reason"],
    "mentions": ["doc_id", "entity", "surface", "type", "side", "start", "end"],
}


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("export")
    assert main(["export", "--corpus", str(SEEDS), "--out", str(out)]) == 0
    return out


def read(out, name):
    return pd.read_csv(out / f"{name}.csv", dtype=str, keep_default_na=False)


def test_required_tables_and_columns(exported):
    for name, columns in REQUIRED.items():
        frame = read(exported, name)
        assert list(frame.columns[: len(columns)]) == columns, name
        assert len(frame) > 0


def test_every_offset_in_every_table_points_into_the_text(exported):
    texts = dict(zip(*[read(exported, "documents")[c] for c in ("doc_id", "text")]))
    checked = 0
    for path in sorted(exported.glob("*.csv")):
        frame = read(exported, path.stem)
        if not {"start", "end", "doc_id"} <= set(frame.columns):
            continue
        col = "surface" if "surface" in frame.columns else "text"
        for row in frame.itertuples(index=False):
            row = row._asdict()
            assert texts[row["doc_id"]][int(row["start"]) : int(row["end"])] == row[col], (path.name, row)
            checked += 1
    assert checked > 500


def test_documents_table_values(exported):
    docs = read(exported, "documents").set_index("doc_id")
    for _doc_id, row in docs.iterrows():
        assert row["sha256"] == hashlib.sha256((SEEDS / row["path"]).read_bytes()).hexdigest()
    assert docs.loc["000_589b5f047ad3e4c1", "derived_from"] == "001_d448d77380b1797b"
    assert docs.loc["004_e62a52d1a1e40deb", "derived_from"] == ""
    assert docs.loc["003_13b3c454c77720c4", "published"] == "2023-11-29T18:00"
    assert int(docs.loc["004_e62a52d1a1e40deb", "n_words"]) > 400


def test_boilerplate_rows_name_line_and_reason(exported):
    bp = read(exported, "boilerplate")
    row = bp[(bp.doc_id == "002_cdba987897c2a20e") & (bp.text == "Post Author: Intercourier")]
    assert row[["line", "reason"]].values.tolist() == [["45", "byline"]]


def test_export_is_deterministic(exported, tmp_path):
    assert main(["export", "--corpus", str(SEEDS), "--out", str(tmp_path)]) == 0
    for path in sorted(exported.glob("*.csv")):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_export_reports_a_bad_corpus(tmp_path, capsys):
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe broken")
    assert main(["export", "--corpus", str(tmp_path), "--out", str(tmp_path / "out")]) == 2
    assert "bad.txt" in capsys.readouterr().err


def test_the_pipeline_builds_every_contract_table_and_nothing_else():
    from analysis import load_corpus, pipeline

    got = pipeline.run(load_corpus(ROOT / "seeds"))
    assert set(got) == set(tables.COLUMNS)
