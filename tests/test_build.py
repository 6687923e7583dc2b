"""The build: planning, cache keys, stale pages, failures, determinism and safety of the built book.

Fast units first; then end-to-end runs on tiny notebooks (marker ``notebooks``) and checks of the session's book
builds (marker ``book``, fixtures ``seed_book`` and ``unsafe_book`` from conftest.py).
"""

from __future__ import annotations

import datetime
import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
import yaml
from conftest import ROOT, build_book, run_build

from newsbook import build

NOTEBOOK_FILES = sorted((ROOT / "notebooks").glob("*.ipynb"))
SEED_IDS = ["000_589b5f047ad3e4c1", "001_d448d77380b1797b", "002_cdba987897c2a20e", "003_13b3c454c77720c4",
            "004_e62a52d1a1e40deb"]


# ------------------------------------------------------------------------------------------ stored notebooks


@pytest.mark.parametrize("path", NOTEBOOK_FILES, ids=[p.name for p in NOTEBOOK_FILES])
def test_notebook_is_stored_clean(path):
    nb = nbformat.read(path, as_version=4)
    assert "kernelspec" not in nb.metadata, f"{path.name}: kernelspec metadata (the build picks the kernel)"
    code = [c for c in nb.cells if c.cell_type == "code"]
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: cell {index + 1} stored with outputs"
            assert cell.execution_count is None, f"{path.name}: cell {index + 1} stored with an execution count"
    assert code, f"{path.name}: no code cell"
    assert "parameters" in code[0].metadata.get("tags", []), f"{path.name}: first code cell not tagged parameters"


def test_every_notebook_is_a_run():
    runs = yaml.safe_load((ROOT / "notebooks" / "runs.yaml").read_text(encoding="utf-8"))["runs"]
    listed = {entry["notebook"] for entry in runs}
    assert {p.name for p in NOTEBOOK_FILES} <= listed, "notebooks that the build would never execute"


# ------------------------------------------------------------------------------------------------- planning


def _write_runs(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("a.ipynb", "b.ipynb"):
        if not (folder / name).exists():
            nb = nbformat.v4.new_notebook()
            cell = nbformat.v4.new_code_cell('corpus_dir = "../seeds"')
            cell.metadata["tags"] = ["parameters"]
            nb.cells = [cell]
            nbformat.write(nb, folder / name)
    (folder / "runs.yaml").write_text(text, encoding="utf-8")
    return folder / "runs.yaml"


def test_plan_expands_per_document_runs(tmp_path):
    runs_file = _write_runs(tmp_path, "runs:\n  - notebook: a.ipynb\n    output: a.ipynb\n    parameters: {top: 3}\n"
                                      "  - notebook: b.ipynb\n    output: documents/{doc_id}.ipynb\n"
                                      "    per_document: true\n")
    runs = build.plan(ROOT / "seeds", runs_file)
    assert [r.name for r in runs] == ["a.ipynb"] + [f"documents/{d}.ipynb" for d in SEED_IDS]
    assert runs[0].parameters == {"corpus_dir": "seeds", "top": 3}
    assert runs[3].parameters == {"corpus_dir": "seeds", "doc_id": "002_cdba987897c2a20e"}
    assert runs[3].docname == "book/documents/002_cdba987897c2a20e"


def test_plan_writes_light_article_pages_above_a_corpus_size(tmp_path):
    """static_above: the seeds' five articles get a kernel each under a limit of 5, light pages over a limit of 4."""
    entry = ("runs:\n  - notebook: b.ipynb\n    output: documents/{doc_id}.ipynb\n    per_document: true\n"
             "    static_above: %d\n")
    assert not any(r.static for r in build.plan(ROOT / "seeds", _write_runs(tmp_path, entry % 5)))
    runs = build.plan(ROOT / "seeds", _write_runs(tmp_path, entry % 4))
    assert [r.static for r in runs] == [True] * 5 and runs[0].parameters["static"] is True


@pytest.mark.parametrize("text, message", [
    ("runs:\n  - notebook: a.ipynb\n    output: x.ipynb\n    static_above: 3\n", "field 'static_above'"),
    ("runs:\n  - notebook: missing.ipynb\n    output: x.ipynb\n", "field 'notebook': no such notebook 'missing.ipynb'"),
    ("runs:\n  - output: x.ipynb\n", "runs[0], field 'notebook': missing"),
    ("runs:\n  - notebook: b.ipynb\n    output: doc.ipynb\n    per_document: true\n", "must contain {doc_id}"),
    ("runs:\n  - notebook: a.ipynb\n    output: x.ipynb\n  - notebook: b.ipynb\n    output: x.ipynb\n",
     "several runs write the same output: x.ipynb"),
    ("runs:\n  - notebook: a.ipynb\n    output: x.ipynb\n    paramters: {}\n", "unknown fields ['paramters']"),
    ("runs: [\n", "not valid YAML"),
])
def test_plan_rejects_bad_runs_file_naming_it(tmp_path, text, message):
    runs_file = _write_runs(tmp_path, text)
    with pytest.raises(build.BuildError) as info:
        build.plan(ROOT / "seeds", runs_file)
    assert str(runs_file) in str(info.value) and message in str(info.value)


# ---------------------------------------------------------------------------------------------------- cache


def test_tree_digest_follows_names_and_contents_only(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("one", encoding="utf-8")
    (tmp_path / "sub" / "b.yaml").write_text("two", encoding="utf-8")
    first = build.tree_digest(tmp_path)
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "x.pyc").write_bytes(b"\0")
    (tmp_path / ".hidden").write_text("editor state", encoding="utf-8")
    assert build.tree_digest(tmp_path) == first  # byte-code and dotfiles are not inputs
    (tmp_path / "sub" / "b.yaml").write_text("two!", encoding="utf-8")
    changed = build.tree_digest(tmp_path)
    assert changed != first
    (tmp_path / "sub" / "b.yaml").rename(tmp_path / "sub" / "c.yaml")
    assert build.tree_digest(tmp_path) not in (first, changed)


def test_run_key_changes_with_each_input(tmp_path):
    runs_file = _write_runs(tmp_path, "runs:\n  - notebook: a.ipynb\n    output: a.ipynb\n")
    run = build.plan(ROOT / "seeds", runs_file)[0]
    shared = build.shared_inputs(ROOT / "seeds")
    assert set(shared) >= {"corpus", "analysis", "newsbook", "lock"}
    assert shared["analysis"] == build.tree_digest(ROOT / "analysis")
    assert shared["newsbook"] == build.tree_digest(ROOT / "newsbook")
    key = build.run_key(run, shared)
    assert build.run_key(run, dict(shared)) == key
    for field_name in ("corpus", "analysis", "newsbook", "lock"):
        assert build.run_key(run, {**shared, field_name: "other"}) != key, field_name
    other_params = build.Run(run.notebook, run.output, {**run.parameters, "top": 1})
    assert build.run_key(other_params, shared) != key
    nb = nbformat.read(run.notebook, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("one more sentence"))
    nbformat.write(nb, run.notebook)
    assert build.run_key(run, shared) != key


def test_remove_stale_deletes_pages_no_run_writes(tmp_path):
    project = build.Project(tmp_path)
    keep = build.Run(ROOT / "notebooks" / "corpus.ipynb", build.BOOK_PAGES / "documents" / "a.ipynb")
    for name in ("documents/a.ipynb", "documents/gone.ipynb", "old.ipynb"):
        (project.pages / name).parent.mkdir(parents=True, exist_ok=True)
        (project.pages / name).write_text("{}", encoding="utf-8")
        (project.cache / (name + ".json")).parent.mkdir(parents=True, exist_ok=True)
        (project.cache / (name + ".json")).write_text("{}", encoding="utf-8")
    removed = build.remove_stale(project, [keep])
    assert removed == ["documents/gone.ipynb", "old.ipynb"]
    left = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert left == ["book/.cache/documents/a.ipynb.json", "book/documents/a.ipynb"]


def test_scrub_hides_injected_parameters_and_removes_run_specific_values(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.metadata["papermill"] = {"start_time": "2026-11-27T15:00:00", "duration": 3.2}
    injected = nbformat.v4.new_code_cell('corpus_dir = "seeds"')
    injected.metadata["tags"] = ["injected-parameters"]
    injected.metadata["papermill"] = {"duration": 0.1}
    shown = nbformat.v4.new_code_cell("HTML(x)", execution_count=3)
    shown.metadata["execution"] = {"iopub.execute_input": "2026-11-27T15:00:01"}
    shown.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "<newsbook.render.HTML at 0x7f3a2b>",
                                                               "text/html": "<b>kept</b>"}, execution_count=3)]
    defaults = nbformat.v4.new_code_cell('corpus_dir = "../seeds"')
    defaults.metadata["tags"] = ["parameters"]
    nb.cells = [defaults, injected, shown]
    path = tmp_path / "x.ipynb"
    nbformat.write(nb, path)
    build.scrub(path)
    out = nbformat.read(path, as_version=4)
    assert "papermill" not in out.metadata
    assert out.cells[0].metadata["tags"] == ["parameters", "remove-cell"]  # overridden defaults: not shown either
    assert out.cells[1].metadata["tags"] == ["injected-parameters", "remove-cell"]
    assert out.cells[1].id == "injected-parameters"
    assert "papermill" not in out.cells[1].metadata and "execution" not in out.cells[2].metadata
    assert "tags" not in out.cells[2].metadata
    assert out.cells[2].outputs[0]["data"] == {"text/plain": "<newsbook.render.HTML>", "text/html": "<b>kept</b>"}


def test_expand_toc_lists_one_entry_per_document():
    toc = {"root": "intro", "chapters": [{"file": "book/corpus"},
                                         {"file": "book/documents", "sections": [{"file": "book/documents/{doc_id}"}]}]}
    assert build.expand_toc(toc, ["b", "a"]) == {
        "root": "intro", "chapters": [{"file": "book/corpus"}, {"file": "book/documents", "sections": [
            {"file": "book/documents/b"}, {"file": "book/documents/a"}]}]}


def test_a_large_corpus_book_lists_only_the_chapters_in_its_sidebar():
    import yaml

    from analysis.topic import load_topic

    topic = load_topic(ROOT / "seeds")
    small = yaml.safe_load(build.book_config(topic, "seeds"))
    large = yaml.safe_load(build.book_config(topic, "seeds", list_articles=False))
    assert "html_theme_options" not in small["sphinx"].get("config", {})
    assert large["sphinx"]["config"]["html_theme_options"] == {"max_navbar_depth": 1}
    assert large["sphinx"]["recursive_update"] is True  # merged into Jupyter Book's own theme options
    assert large["sphinx"]["config"]["html_context"] == small["sphinx"]["config"]["html_context"]  # the rest kept


# ------------------------------------------------------------------------------ end to end on tiny notebooks


def _tiny_notebook(path: Path, body: str) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["language_info"] = {"name": "python"}
    params = nbformat.v4.new_code_cell('corpus_dir = "../seeds"\ndoc_id = ""')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell("# Tiny"), params, nbformat.v4.new_code_cell(body)]
    nbformat.write(nb, path)


def _statuses(out: Path) -> dict:
    record = json.loads((out / "_build" / ".cache" / "last_build.json").read_text(encoding="utf-8"))
    return {r["name"]: r["status"] for r in record["runs"]}


@pytest.mark.notebooks
def test_cache_skips_unchanged_runs_and_reruns_changed_ones(tmp_path):
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    _tiny_notebook(nbs / "one.ipynb", "print(corpus_dir)")
    _tiny_notebook(nbs / "two.ipynb", "print(len(doc_id))")
    (nbs / "runs.yaml").write_text("runs:\n  - notebook: one.ipynb\n    output: one.ipynb\n"
                                   "  - notebook: two.ipynb\n    output: docs/{doc_id}.ipynb\n    per_document: true\n",
                                   encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for doc_id in SEED_IDS[1:3]:
        shutil.copyfile(ROOT / "seeds" / f"{doc_id}.txt", corpus / f"{doc_id}.txt")
    out = tmp_path / "project"
    args = ("--runs", str(nbs / "runs.yaml"), "--no-book")
    first = run_build(out, corpus, *args)
    assert first.returncode == 0, first.stderr
    pages = {f"docs/{d}.ipynb" for d in SEED_IDS[1:3]} | {"one.ipynb"}
    assert _statuses(out) == dict.fromkeys(pages, "executed")
    executed = nbformat.read(out / "book" / "one.ipynb", as_version=4)
    assert executed.cells[3].outputs[0]["text"] == f"{corpus}\n"  # the injected corpus, not the default
    assert run_build(out, corpus, *args).returncode == 0
    assert _statuses(out) == dict.fromkeys(pages, "cached")
    _tiny_notebook(nbs / "one.ipynb", "print('changed', corpus_dir)")
    assert run_build(out, corpus, *args).returncode == 0
    assert _statuses(out) == {**dict.fromkeys(pages, "cached"), "one.ipynb": "executed"}
    (corpus / f"{SEED_IDS[2]}.txt").unlink()  # a removed article: its page must not linger
    assert run_build(out, corpus, *args).returncode == 0
    assert _statuses(out) == {"one.ipynb": "executed", f"docs/{SEED_IDS[1]}.ipynb": "executed"}
    assert sorted(p.relative_to(out / "book").as_posix() for p in (out / "book").rglob("*.ipynb")) == \
        sorted(["one.ipynb", f"docs/{SEED_IDS[1]}.ipynb"])
    assert run_build(out, corpus, *args, "--force").returncode == 0
    assert set(_statuses(out).values()) == {"executed"}


@pytest.mark.notebooks
def test_failure_names_notebook_cell_and_error_and_keeps_the_notebook(tmp_path):
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    _tiny_notebook(nbs / "fine.ipynb", "x = 1")
    _tiny_notebook(nbs / "broken.ipynb", "ratios = {'a': 1}\nvalue = ratios['missing']\nprint(value)")
    (nbs / "runs.yaml").write_text("runs:\n  - notebook: fine.ipynb\n    output: fine.ipynb\n"
                                   "  - notebook: broken.ipynb\n    output: broken.ipynb\n", encoding="utf-8")
    out = tmp_path / "project"
    result = run_build(out, ROOT / "seeds", "--runs", str(nbs / "runs.yaml"))
    assert result.returncode == 1
    message = result.stderr[result.stderr.index("build failed"):]
    assert "broken.ipynb" in message
    assert "cell 3 of 3" in message  # the third cell of the source notebook (markdown, parameters, the failing one)
    assert "| value = ratios['missing']" in message
    assert "KeyError: 'missing'" in message
    kept = out / "_build" / "failed" / "broken.ipynb"
    assert f"kept at {kept}" in message
    failed_nb = nbformat.read(kept, as_version=4)
    assert any(o.get("ename") == "KeyError" for c in failed_nb.cells for o in c.get("outputs", []))
    assert not (out / "book" / "broken.ipynb").exists()
    assert not (out / "_build" / "html").exists()  # no book from a failed run


# ------------------------------------------------------------------------------------- the seed book build


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _html_pages(book) -> list[Path]:
    return sorted(book.html.rglob("*.html"))


@pytest.mark.book
def test_every_run_produced_a_page_without_errors(seed_book):
    runs = build.plan(ROOT / "seeds")
    assert sorted(r["name"] for r in seed_book.record["runs"]) == sorted(r.name for r in runs)
    for run in runs:
        executed = nbformat.read(seed_book.pages / run.name, as_version=4)
        errors = [o for c in executed.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
        assert not errors, f"{run.name}: error outputs {errors}"
        assert (seed_book.html / (run.docname + ".html")).is_file(), f"no HTML page for {run.name}"


@pytest.mark.book
def test_injected_parameters_are_not_shown(seed_book):
    for page in _html_pages(seed_book):
        text = page.read_text(encoding="utf-8")
        assert "injected-parameters" not in text, page
        assert "tag_parameters" not in text, page  # the overridden defaults are not shown either


@pytest.mark.book
def test_pages_carry_no_build_paths_or_dates(seed_book):
    today = datetime.date.today()
    forbidden = [str(seed_book.root), str(ROOT), "/tmp/", today.isoformat(), today.strftime("%b %d, %Y"),
                 today.strftime("%d %B %Y")]
    for page in _html_pages(seed_book):
        text = page.read_text(encoding="utf-8")
        for needle in forbidden:
            assert needle not in text, f"{page.relative_to(seed_book.html)} contains {needle!r}"


@pytest.mark.book
def test_two_clean_builds_are_byte_identical(seed_book, tmp_path):
    again = build_book(tmp_path / "again", ROOT / "seeds")
    first, second = _files(seed_book.html), _files(again.html)
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert differing == [], f"files that differ between two clean builds: {differing}"
    assert any(name.endswith(".svg") for name in first), "the figures were expected as SVG files"
    tables = []
    for name in ("a", "b"):
        subprocess.run([sys.executable, "-m", "analysis", "export", "--corpus", "seeds", "--out",
                        str(tmp_path / f"tables_{name}")], cwd=ROOT, check=True, capture_output=True)
        tables.append(_files(tmp_path / f"tables_{name}"))
    assert tables[0] and tables[0] == tables[1]


@pytest.mark.book
def test_rebuild_with_nothing_changed_executes_nothing(seed_book):
    before = _files(seed_book.html)
    result = run_build(seed_book.root, ROOT / "seeds")
    assert result.returncode == 0, result.stderr
    record = json.loads((seed_book.root / "_build" / ".cache" / "last_build.json").read_text(encoding="utf-8"))
    assert {r["status"] for r in record["runs"]} == {"cached"}
    assert record["book"]["status"] == "cached"
    assert _files(seed_book.html) == before


@pytest.mark.book
def test_a_change_to_the_book_css_alone_reaches_the_html(seed_book):
    """Sphinx copies _static/ only when it writes a page; a CSS edit with no page changed must still land."""
    project = build.Project(seed_book.root)
    runs = build.plan(ROOT / "seeds")
    ids = build.document_ids(ROOT / "seeds")
    css = seed_book.root / "_static" / "book.css"
    original = css.read_text(encoding="utf-8")
    try:
        css.write_text(original + "\n.probe-rule { color: red; }\n", encoding="utf-8")
        assert build.build_book(project, runs, ids)[0] == "built"
        assert ".probe-rule" in (seed_book.html / "_static" / "book.css").read_text(encoding="utf-8")
    finally:
        css.write_text(original, encoding="utf-8")
        build.build_book(project, runs, ids)
    assert (seed_book.html / "_static" / "book.css").read_text(encoding="utf-8") == original


# ----------------------------------------------------------------------------------- untrusted article text


class _Scan(HTMLParser):
    """Every element with its attributes, the text inside <script>/<style>, and the text a reader sees."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.raw: list[tuple[str, str]] = []
        self.text: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in self.open:
            while self.open and self.open.pop() != tag:
                pass

    def handle_data(self, data):
        if self.open and self.open[-1] in ("script", "style"):
            self.raw.append((self.open[-1], data))
        else:
            self.text.append(data)


def _scan(path: Path) -> _Scan:
    scan = _Scan()
    scan.feed(path.read_text(encoding="utf-8"))
    return scan


# Attributes whose value browsers only ever show as text.
TEXT_ATTRIBUTES = {"title", "alt", "aria-label", "placeholder"}


@pytest.mark.book
def test_untrusted_text_is_inert_and_escaped_on_every_page(unsafe_book):
    visible = []
    for page in _html_pages(unsafe_book):
        if page.relative_to(unsafe_book.html).parts[0] == "_static":
            continue  # the theme's own template fragments, not pages of the book
        scan = _scan(page)
        name = page.relative_to(unsafe_book.html).as_posix()
        for tag, attrs in scan.elements:
            assert tag not in ("iframe", "object", "embed"), f"{name}: <{tag}> from article text"
            for attr, value in attrs.items():
                value = (value or "").strip().lower()
                if attr in TEXT_ATTRIBUTES:
                    continue  # an escaped title in title="…" (the theme's prev/next links) is text, not code
                assert "__xss" not in value and "alert(" not in value, f"{name}: <{tag} {attr}={value!r}>"
                assert not value.startswith("javascript:"), f"{name}: <{tag} {attr}={value!r}>"
                if tag == "img" and attr == "src":
                    assert value != "x", f"{name}: the article's <img src=x> became an element"
        for kind, body in scan.raw:
            assert "__xss" not in body and "alert('xss" not in body, f"{name}: article text inside <{kind}>"
            assert "display: none }" not in body, f"{name}: the article's <style> became a style element"
        headings = [t for t, _ in scan.elements if re.fullmatch(r"h[1-6]", t)]
        assert len(headings) < 200, name
        visible.append(" ".join(scan.text))
    seen = "\n".join(visible)
    # The hostile strings are shown as text to the reader, characters intact.
    for literal in ("<script>window.__xss = 'body'; alert('xss-body')</script>",
                    "<img src=x onerror=\"window.__xss='img'; alert('xss-img')\">",
                    "<b onmouseover=\"window.__xss='hover'\">hover here</b>",
                    "[click for details](javascript:window.__xss='md-link')",
                    "<a href=\"javascript:window.__xss='a-link'\">details</a>",
                    "**Blinken claimed to be bold**",
                    "{eval}`__import__('os').system('id')`",
                    "# On 11 March 2024 Armenia answered with a heading",
                    "<svg onload=\"window.__xss='svg'\"></svg> <style>body { display: none }</style>",
                    "{{ jinja_expression }} and {% raw %} and <!-- an HTML comment --> and &lt;already escaped&gt;",
                    "A" * 4000,
                    "<script>window.__xss='meta-title'; alert('meta-title')</script> **US envoy**"):
        assert literal in seen, f"not shown as text anywhere: {literal!r}"


@pytest.mark.book
def test_article_markup_is_not_interpreted(unsafe_book):
    for page in _html_pages(unsafe_book):
        html = page.read_text(encoding="utf-8")
        name = page.relative_to(unsafe_book.html).as_posix()
        assert "<strong>Blinken claimed to be bold</strong>" not in html, name
        assert not re.search(r"<h[1-6][^>]*>[^<]*Armenia answered with a heading", html), name
        assert "jinja_expression" not in html or "{{ jinja_expression }}" in html, name
        assert "<b onmouseover" not in html and "<svg onload" not in html, name
        assert "A colon fence that must stay text" not in html or 'class="admonition note"' not in html, name


# ------------------------------------------------------------------------------------------------ table cache


def test_table_cache_gives_back_exactly_what_the_pipeline_computed(tmp_path, monkeypatch):
    import pandas as pd

    from analysis import load_corpus, pipeline, table_cache, tables

    seeds, hostile = load_corpus(ROOT / "seeds"), load_corpus(ROOT / "tests" / "data" / "unsafe_corpus")
    calls = []

    def counted(corpus):
        calls.append(len(corpus))
        return pipeline.run(corpus)

    monkeypatch.delenv(table_cache.ENV, raising=False)
    plain = pipeline.run(seeds)
    assert table_cache.get_all(seeds, counted) is not None and calls == [5]  # no cache folder: computed
    calls.clear()
    monkeypatch.setenv(table_cache.ENV, str(tmp_path))
    for _ in range(2):
        got = table_cache.get_all(seeds, counted)
        assert set(got) == set(tables.COLUMNS)
        for name in tables.COLUMNS:
            pd.testing.assert_frame_equal(got[name], plain[name])
    assert calls == [5]  # the second round came from the cache
    tables._MEMO.clear()
    cached = tables.build(seeds, ["documents", "mentions"])
    for name in cached:
        pd.testing.assert_frame_equal(cached[name], tables.build(seeds, [name])[name])
    table_cache.get_all(hostile, counted)  # another corpus: another entry
    assert calls[-1] == 2
    assert len(list(tmp_path.glob("tables-*.pkl"))) == 2


@pytest.mark.book
def test_a_folder_of_bare_txt_files_builds_a_whole_book(tmp_path):
    """No manifest, no datelines: every chapter and page still builds, with unknown dates left unknown."""
    corpus = tmp_path / "articles"
    corpus.mkdir()
    for name in ("004_e62a52d1a1e40deb.txt", "002_cdba987897c2a20e.txt"):
        shutil.copyfile(ROOT / "seeds" / name, corpus / name.replace("_", "-"))
    book = build_book(tmp_path / "book", corpus)
    pages = sorted(p.name for p in (book.html / "book" / "documents").glob("*.html"))
    assert pages == ["002-cdba987897c2a20e.html", "004-e62a52d1a1e40deb.html"]
    chronology = (book.html / "book" / "chronology.html").read_text(encoding="utf-8")
    # relative dates are listed as unresolved instead of being given an invented year
    cells = re.sub(r"<td[^>]*>", "<td>", chronology)
    assert "<td>Last month</td><td>DATE</td><td></td><td></td><td>unresolved: publication date unknown</td>" in cells


def test_page_title_cell_renames_the_first_heading_literally():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Document profile\n\nIntro."),
        nbformat.v4.new_code_cell("print(t)", metadata={"tags": ["page-title", "remove-cell"]}),
    ]
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout",
                                                  text="001: <script>x</script> [a](javascript:b) Don't\n")]
    build._apply_page_title(nb)
    assert nb.cells[0].source == (
        "# 001\\: \\<script\\>x\\<\\/script\\> \\[a\\]\\(javascript\\:b\\) Don\\'t\n\nIntro.")


def test_notebook_without_a_page_title_cell_keeps_its_heading():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Rhetoric")]
    build._apply_page_title(nb)
    assert nb.cells[0].source == "# Rhetoric"
