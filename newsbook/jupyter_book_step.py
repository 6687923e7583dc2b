"""The Jupyter Book step: the book's first page and configuration written from the corpus's topic, the table of
contents expanded for the corpus's articles, then ``jupyter-book build`` (Sphinx) unless nothing changed.

Per-document pages in the table of contents: an entry ``- glob: book/documents/*`` is expanded by Jupyter Book
itself; an entry ``- file: book/documents/{doc_id}`` is expanded here into one entry per article, in corpus
order, in a generated toc (``_build/.cache/_toc.yml``).

Cache: the Sphinx build is skipped when neither the pages nor the book sources changed; ``force`` rebuilds the
book from scratch.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

from analysis.digest import tree_digest

from .book_project import BOOK_SOURCES, LOCK, ROOT, BuildError, Project, toc_files
from .notebook_runs import Run, sha256

INTRO_TEMPLATE = ROOT / "intro.md"  # the first page's generic text; the build writes book/intro.md from it


# ------------------------------------------------------------------------------------------------------- toc


def expand_toc(toc, doc_ids: list[str]):
    """Replace every toc entry whose ``file`` contains ``{doc_id}`` by one entry per document."""
    if isinstance(toc, list):
        out = []
        for item in toc:
            if isinstance(item, dict) and "{doc_id}" in str(item.get("file", "")):
                out.extend({**item, "file": item["file"].format(doc_id=d)} for d in doc_ids)
            else:
                out.append(expand_toc(item, doc_ids))
        return out
    if isinstance(toc, dict):
        return {k: expand_toc(v, doc_ids) for k, v in toc.items()}
    return toc


# ------------------------------------------------------------------------------------------------------ topic


def load_topic_or_fail(corpus_dir: Path):
    """The corpus's topic (its book.yaml); one that cannot be read stops the build with a BuildError."""
    from analysis.topic import TopicError, load_topic

    try:
        return load_topic(corpus_dir)
    except TopicError as exc:
        raise BuildError(str(exc)) from None


def intro_page(topic, corpus_name: str, n_docs: int, template: Path = INTRO_TEMPLATE) -> str:
    """The book's first page: ``intro.md`` (generic) with the topic's title, subtitle and introduction in place of
    ``{{ title }}`` and ``{{ introduction }}``, and one line for what the book leaves out for want of a codebook
    (or of a book.yaml)."""
    from .render import markdown_literal

    text = template.read_text(encoding="utf-8")
    text = re.sub(r"<!--.*?-->\n*", "", text, count=1, flags=re.S)  # the template's note to its editors
    if "{{ title }}" not in text or "{{ introduction }}" not in text:
        raise BuildError(f"{template}: the template must hold the lines {{{{ title }}}} and {{{{ introduction }}}}")
    title = markdown_literal(topic.title, max_chars=300)
    if topic.subtitle:
        title += "\n\n*" + markdown_literal(topic.subtitle, max_chars=300) + "*"
    parts = []
    if topic.is_default:
        parts.append(f"This book reads the {n_docs} article{'s' if n_docs != 1 else ''} of the folder "
                     f"`{corpus_name.replace('`', '')}`.")
        parts.append("*No `book.yaml` in the corpus folder: the book is titled from the folder, leaves out the naming "
                     "choices (they need a framing codebook) and compares the sides the corpus's actors are found "
                     "on.*")
    else:
        if topic.introduction:
            parts.append(topic.introduction.strip())
        if topic.codebook is None:
            parts.append("*The corpus's `book.yaml` names no framing codebook: the naming choices of the Source bias "
                         "chapter are left out.*")
    if topic.note("intro"):
        parts.append(topic.note("intro").strip())
    return (text.replace("{{ title }}", title, 1).replace("{{ introduction }}", "\n\n".join(parts), 1)
            .rstrip() + "\n")


def book_config(topic, corpus_name: str, source: Path | None = None, list_articles: bool = True) -> str:
    """The Jupyter Book configuration of this book: the repository's ``_config.yml`` with the topic's title and
    the corpus folder's name in the footer. Without ``list_articles`` (a large corpus, whose articles get light
    pages) the sidebar shows the chapters only (the theme's ``max_navbar_depth`` 1): a sidebar listing thousands
    of articles on every page is unreadable, and writing it makes the Sphinx step grow with the square of the
    corpus. The article pages stay in the table of contents; the corpus chapter's documents table, the evidence
    links and the search lead to them."""
    import html as html_module

    source = source or ROOT / "_config.yml"
    config = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    config["title"] = topic.title
    config.setdefault("html", {})["extra_footer"] = (
        f"Built from the articles in <code>{html_module.escape(corpus_name)}</code> with the <code>analysis</code> "
        "package.")
    if not list_articles:
        sphinx = config.setdefault("sphinx", {})
        sphinx["recursive_update"] = True  # merged into Jupyter Book's theme options, not in place of them
        sphinx.setdefault("config", {}).setdefault("html_theme_options", {})["max_navbar_depth"] = 1
    return ("# Generated by `python -m analysis build` from _config.yml and the corpus's book.yaml.\n"
            + yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=120))


def _write_if_changed(path: Path, text: str) -> None:
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return  # unchanged: Sphinx need not read it again
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def write_topic_pages(project: Project, corpus_dir: Path, doc_ids: list[str], list_articles: bool = True) -> None:
    """Write the book's first page (``book/intro.md``) and its configuration (``_build/.cache/_config.yml``) from
    the corpus's topic (``analysis.topic.load_topic``); ``list_articles``: see :func:`book_config`."""
    topic = load_topic_or_fail(corpus_dir)
    name = Path(corpus_dir).resolve().name
    _write_if_changed(project.pages / "intro.md", intro_page(topic, name, len(doc_ids)))
    _write_if_changed(project.config, book_config(topic, name, list_articles=list_articles))


# ------------------------------------------------------------------------------------------------------- book


def book_key(project: Project, runs: list[Run], toc_text: str) -> str:
    h = hashlib.sha256()
    for run in sorted(runs, key=lambda r: r.name):
        h.update(run.name.encode() + b"\0" + sha256(project.output(run).read_bytes()).encode() + b"\n")
    h.update(b"toc\0" + toc_text.encode("utf-8"))
    for generated in (project.pages / "intro.md", project.config):
        h.update(generated.name.encode() + b"\0" + (sha256(generated.read_bytes()) if generated.is_file() else "").encode())
    h.update(b"sources\0" + tree_digest_excluding(project.root, {"book", "_build"}).encode())
    h.update(b"lock\0" + (sha256(LOCK.read_bytes()) if LOCK.exists() else "").encode())
    return h.hexdigest()


def tree_digest_excluding(root: Path, excluded: set[str]) -> str:
    """Digest of the book sources of a project: _config.yml, _toc.yml, _static and the toc's own pages."""
    h = hashlib.sha256()
    for name in BOOK_SOURCES:
        path = root / name
        if path.is_dir():
            h.update(name.encode() + b"\0" + tree_digest(path).encode())
        elif path.is_file():
            h.update(name.encode() + b"\0" + sha256(path.read_bytes()).encode())
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    for docname in sorted(toc_files(toc)):
        if docname.split("/", 1)[0] in excluded:
            continue
        for candidate in sorted([root / docname, *root.glob(docname + ".*")]):
            if candidate.is_file():
                h.update(docname.encode() + b"\0" + sha256(candidate.read_bytes()).encode())
    return h.hexdigest()


def build_book(project: Project | None = None, runs: list[Run] | None = None, doc_ids: list[str] | None = None,
               strict: bool = True, force: bool = False) -> tuple[str, float]:
    """Run ``jupyter-book build`` on the project unless nothing changed; returns (status, seconds)."""
    project = project or Project(ROOT)
    start = time.perf_counter()
    toc = yaml.safe_load((project.root / "_toc.yml").read_text(encoding="utf-8"))
    expanded = expand_toc(toc, doc_ids or [])
    toc_path = project.root / "_toc.yml"
    toc_text = toc_path.read_text(encoding="utf-8")
    if expanded != toc:
        toc_path = project.build_dir / ".cache" / "_toc.yml"
        toc_path.parent.mkdir(parents=True, exist_ok=True)
        toc_text = yaml.safe_dump(expanded, sort_keys=False, allow_unicode=True)
        toc_path.write_text(toc_text, encoding="utf-8")
    stamp = project.build_dir / ".cache" / "book.json"
    key = book_key(project, runs or [], toc_text)
    pages = sorted(r.name for r in runs or [])
    previous = {}
    if stamp.is_file():
        try:
            previous = json.loads(stamp.read_text(encoding="utf-8"))
        except ValueError:
            previous = {}
    if not force and previous.get("key") == key and (project.html / "index.html").is_file():
        return "cached", time.perf_counter() - start
    # Sphinx copies static files only while writing pages, and writes nothing when no page is out of date: a change
    # to _static/ (or to the theme, through the lock) alone would leave the old CSS in the book. Re-read every page then.
    static = project.root / "_static"
    assets = hashlib.sha256(((tree_digest(static) if static.is_dir() else "") + "\0"
                             + (sha256(LOCK.read_bytes()) if LOCK.exists() else "")).encode()).hexdigest()
    if force or previous.get("pages") != pages:
        # A clean Sphinx build: no HTML of a removed page may linger, and nothing stale is reused.
        shutil.rmtree(project.html, ignore_errors=True)
        shutil.rmtree(project.build_dir / ".doctrees", ignore_errors=True)
        shutil.rmtree(project.build_dir / "jupyter_execute", ignore_errors=True)
    stamp.unlink(missing_ok=True)
    cmd = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(project.root),
           "--path-output", str(project.root), "--toc", str(toc_path)]
    if project.config.is_file():
        cmd += ["--config", str(project.config)]
    if strict:
        cmd += ["-W", "-n", "--keep-going"]
    if previous.get("assets") != assets:
        cmd.append("--all")
    result = subprocess.run(cmd, cwd=project.root)
    if result.returncode != 0:
        raise BuildError(f"jupyter-book build failed (exit {result.returncode}); see the Sphinx messages above")
    complete_redirect(project.html)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(json.dumps({"key": key, "pages": pages, "assets": assets}, indent=1) + "\n", encoding="utf-8")
    return "built", time.perf_counter() - start


def complete_redirect(html: Path) -> None:
    """Give the root redirect page (``index.html`` -> the toc's root page) a title, a charset and the favicon.

    sphinx-external-toc writes it as a bare ``<meta http-equiv="Refresh">``, so that a browser opening the book's
    address asks for a missing ``/favicon.ico`` (a 404 in the console of every first visit).
    """
    index = html / "index.html"
    if not index.is_file():
        return
    text = index.read_text(encoding="utf-8").strip()
    match = re.fullmatch(r'<meta http-equiv="Refresh" content="0; url=([^"]+)" />', text)
    if not match or not (html / match.group(1)).is_file():
        return
    target_html = (html / match.group(1)).read_text(encoding="utf-8")
    icons = re.findall(r'<link rel="(?:shortcut )?icon"[^>]*>', target_html)
    title = re.search(r"<title>(.*?)</title>", target_html, re.S)
    index.write_text(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n"
        f"<title>{title.group(1) if title else ''}</title>\n{text}\n" + "".join(f"{i}\n" for i in icons)
        + f'</head>\n<body><p><a href="{match.group(1)}">{match.group(1)}</a></p></body>\n</html>\n',
        encoding="utf-8")
