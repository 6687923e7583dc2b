"""The built book in a real browser: Debian's Chromium driven by Playwright (no browser download).

Each book of the session (the seeds, and the hostile corpus of tests/data/unsafe_corpus) is served from its
``_build/html`` on 127.0.0.1 and every page is opened: no console errors or page errors, every image and figure
loads, every internal link points at an existing page and anchor, no injected-parameters cell is shown, and no
script from article text runs (a hostile article sets ``window.__xss`` or calls ``alert`` if it ever executes).
A screenshot of each page is saved under tests/artifacts/ (gitignored).
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
import urllib.parse
from pathlib import Path

import pytest
from conftest import ROOT

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "tests" / "artifacts"
DESKTOP_WIDTH = 1366  # the widths readers were screenshotted at (issue 15)
PHONE_WIDTH = 390
MIN_FIGURE_PT = 9  # figure text at the rendered size, desktop width (newsbook.figures.MIN_FONT_PT)

pytestmark = pytest.mark.browser


def _loud_skip(reason: str):
    banner = "!" * 100
    message = f"\n{banner}\nBROWSER TEST SKIPPED: {reason}\n{banner}"
    print(message, flush=True)
    pytest.skip(f"BROWSER TEST SKIPPED (the book was NOT checked in a browser): {reason}")


@pytest.fixture(scope="session")  # session: set up (or skipped) before the book builds it would check
def browser():
    if not Path(CHROMIUM).is_file():
        _loud_skip(f"{CHROMIUM} not found; install Debian's chromium (`make test` does so when run as root)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - playwright is in the lock
        _loud_skip(f"playwright is not importable: {exc}")
    with sync_playwright() as pw:
        try:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        except Exception as exc:  # noqa: BLE001 - any launch failure is reported loudly
            _loud_skip(f"chromium failed to start: {exc}")
        yield browser
        browser.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _Server:
    def __init__(self, folder: Path):
        handler = functools.partial(_QuietHandler, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()


_PROBE = """() => ({
  images: Array.from(document.images).map(i => ({src: i.currentSrc || i.src, ok: i.complete && i.naturalWidth > 0})),
  objects: Array.from(document.querySelectorAll('object[data], embed[src]')).map(o => o.data || o.src),
  links: Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href')),
  injected: document.querySelectorAll('.tag_injected-parameters, .tag_parameters').length,
  xss: window.__xss === undefined ? null : String(window.__xss),
  jsLinks: Array.from(document.querySelectorAll('a[href]'))
             .filter(a => a.getAttribute('href').trim().toLowerCase().startsWith('javascript:')).length,
  overflow: document.documentElement.scrollWidth - window.innerWidth,
  searchable: document.querySelectorAll('table.searchable').length,
  datatables: document.querySelectorAll('table.searchable.dataTable').length,
})"""


# Every class of a highlight mark ("hl-loaded") used on the page that no style sheet rule names.
_UNSTYLED = """() => {
  const selectors = [];
  const collect = rules => { for (const r of rules) { if (r.selectorText) selectors.push(r.selectorText);
                                                       if (r.cssRules) collect(r.cssRules); } };
  for (const sheet of document.styleSheets) { try { collect(sheet.cssRules); } catch (e) { /* cross-origin */ } }
  const used = new Set();
  document.querySelectorAll('mark').forEach(m => m.classList.forEach(c => { if (c.startsWith('hl-')) used.add(c); }));
  return [...used].filter(c => !selectors.some(s => new RegExp('\\.' + c + '(?![\\w-])').test(s)));
}"""

# Each figure's smallest text as rendered: matplotlib draws text as glyph paths scaled by size/100 ("scale(0.09
# -0.09)" is 9 pt) in an SVG whose width is in pt; the image is shown at some CSS width (96 px = 72 pt).
_FIGURE_TEXT = """() => Array.from(document.querySelectorAll('figure.analysis-figure img')).map(img => {
  const b64 = img.getAttribute('src').split(',')[1];
  const svg = new TextDecoder('utf-8').decode(Uint8Array.from(atob(b64), c => c.charCodeAt(0)));
  const width = parseFloat(svg.match(/<svg[^>]*\\swidth="([\\d.]+)pt"/)[1]);
  const sizes = [...svg.matchAll(/<g transform="[^"]*scale\\(([\\d.]+) -[\\d.]+\\)"/g)].map(m => 100 * parseFloat(m[1]));
  const shown = img.getBoundingClientRect().width * 0.75;  // CSS px -> pt
  return {alt: img.alt, min_pt: sizes.length ? Math.min(...sizes) * shown / width : null};
})"""


def _ids(path: Path) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', path.read_text(encoding="utf-8")))


def _check_book(browser, html_dir: Path, label: str) -> dict:
    # The pages of the book (the theme's template fragments under _static/ are not pages).
    pages = sorted(p.relative_to(html_dir).as_posix() for p in html_dir.rglob("*.html")
                   if p.relative_to(html_dir).parts[0] not in ("_static", "_sources"))
    assert pages, f"no HTML pages in {html_dir}"
    problems: list[str] = []
    seen: dict[str, dict] = {}
    ids_cache: dict[str, set[str]] = {}
    shutil.rmtree(ARTIFACTS / label, ignore_errors=True)  # screenshots of this run only
    with _Server(html_dir) as server:
        for name in pages:
            # A fresh context per page: every page is checked as a first visit (empty cache and storage).
            context = browser.new_context(viewport={"width": DESKTOP_WIDTH, "height": 900})
            try:
                page = context.new_page()
                console, dialogs, failed = [], [], []
                page.on("console", lambda m, c=console: c.append(m.text) if m.type == "error" else None)
                page.on("pageerror", lambda e, c=console: c.append(f"uncaught: {e}"))
                page.on("dialog", lambda d, c=dialogs: (c.append(d.message), d.dismiss()))
                page.on("requestfailed", lambda r, c=failed: c.append(f"{r.url} ({r.failure})"))
                page.on("response", lambda r, c=failed: c.append(f"{r.url} (HTTP {r.status})") if r.status >= 400 else None)
                response = page.goto(server.base + name, wait_until="load")
                page.wait_for_load_state("networkidle")
                if page.evaluate("document.querySelectorAll('table.searchable').length"):
                    try:  # the long tables become searchable once the bundled DataTables has loaded
                        page.wait_for_function("document.querySelectorAll('table.searchable:not(.dataTable)')"
                                               ".length === 0", timeout=15000)
                    except Exception:  # noqa: BLE001 - reported below as tables left plain
                        pass
                info = page.evaluate(_PROBE)
                seen[name] = info
                where = f"{label}:{name}"
                if response is None or response.status != 200:
                    problems.append(f"{where}: HTTP {response.status if response else 'no response'}")
                problems += [f"{where}: console error: {m}" for m in console]
                problems += [f"{where}: dialog opened (script from the page ran): {m}" for m in dialogs]
                redirected = urllib.parse.urlsplit(page.url).path != "/" + name
                # A redirecting page (index.html -> intro.html) leaves; the requests it started are aborted.
                problems += [f"{where}: request failed: {r}" for r in failed
                             if not (redirected and r.endswith("(net::ERR_ABORTED)"))]
                problems += [f"{where}: image not loaded: {i['src']}" for i in info["images"] if not i["ok"]]
                if info["injected"]:
                    problems.append(f"{where}: {info['injected']} parameters cell(s) shown "
                                    "(injected values or the defaults they override)")
                if info["xss"] is not None:
                    problems.append(f"{where}: script from article text ran (window.__xss = {info['xss']!r})")
                if info["jsLinks"]:
                    problems.append(f"{where}: {info['jsLinks']} javascript: link(s)")
                if info["datatables"] != info["searchable"]:
                    problems.append(f"{where}: {info['searchable'] - info['datatables']} long table(s) not made "
                                    "searchable (analysis-tables.js)")
                if info["overflow"] > 2:
                    problems.append(f"{where}: page wider than the window by {info['overflow']}px")
                shown = urllib.parse.urlsplit(page.url).path.lstrip("/") or "index.html"  # after redirects
                for href in info["links"]:
                    problem = _check_link(html_dir, shown, href, ids_cache)
                    if problem:
                        problems.append(f"{where}: broken link {href!r}: {problem}")
                for cls in page.evaluate(_UNSTYLED):
                    problems.append(f"{where}: highlight class {cls} has no CSS rule")
                for fig in page.evaluate(_FIGURE_TEXT):
                    if fig["min_pt"] is None or fig["min_pt"] < MIN_FIGURE_PT - 0.05:
                        problems.append(f"{where}: figure text rendered at {fig['min_pt']} pt (< {MIN_FIGURE_PT}): "
                                        f"{fig['alt'][:60]!r}")
                    if len(fig["alt"].split()) < 5 or re.fullmatch(r"[0-9a-f]{16,}(\.\w+)?", fig["alt"]):
                        problems.append(f"{where}: figure without an alt text that says what it shows")
                shot = ARTIFACTS / label / (name.removesuffix(".html").replace("/", "__") + ".png")
                shot.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(shot), full_page=True)
                # on a phone: nothing scrolls sideways but a table's or a figure's own box
                page.set_viewport_size({"width": PHONE_WIDTH, "height": 844})
                page.reload(wait_until="load")  # laid out afresh at phone width (no sidebar mid-transition)
                page.wait_for_load_state("networkidle")
                phone = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                if phone > 2:
                    problems.append(f"{where}: at {PHONE_WIDTH}px the page scrolls sideways by {phone}px")
                page.screenshot(path=str(shot.with_name(shot.stem + f"@{PHONE_WIDTH}.png")))  # the first screen
            finally:
                context.close()
    assert not problems, "\n".join(problems)
    return seen


def _check_link(html_dir: Path, page: str, href: str, ids_cache: dict) -> str | None:
    """None when an internal link resolves to an existing file (and anchor); external links are not followed."""
    parsed = urllib.parse.urlsplit(href)
    if parsed.scheme or parsed.netloc:
        return None if parsed.scheme in ("http", "https", "mailto") else f"scheme {parsed.scheme}"
    target = page if not parsed.path else urllib.parse.urljoin(page, urllib.parse.unquote(parsed.path))
    path = (html_dir / target).resolve()
    if path.is_dir():
        path = path / "index.html"
    if html_dir.resolve() not in path.parents and path != html_dir.resolve():
        return "points outside the book"
    if not path.is_file():
        return "no such file"
    if parsed.fragment and path.suffix == ".html":
        key = str(path)
        if key not in ids_cache:
            ids_cache[key] = _ids(path)
        if urllib.parse.unquote(parsed.fragment) not in ids_cache[key]:
            return f"no anchor #{parsed.fragment}"
    return None


def test_seed_book_in_chromium(browser, seed_book):
    seen = _check_book(browser, seed_book.html, "seeds")
    figures = sum(1 for info in seen.values() for i in info["images"] if i["src"].startswith("data:image/svg+xml"))
    assert figures, "no SVG figure on any page of the seed book"


def test_long_tables_are_searchable_in_chromium(browser, seed_book):
    """A long table of the seed book (the metadata evidence, more rows than a page) is paginated and searchable."""
    with _Server(seed_book.html) as server:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            page = context.new_page()
            page.goto(server.base + "book/corpus.html", wait_until="load")
            page.wait_for_function("document.querySelectorAll('table.searchable.dataTable').length > 0", timeout=15000)
            table = page.locator("table.searchable.dataTable").first
            rows_before = table.locator("tbody tr").count()
            total = int(page.evaluate("document.querySelector('table.searchable').dataset.pageLength"))
            assert rows_before == total  # one page of rows shown
            search = page.locator("div.dt-container input[type=search]").first
            search.fill("manifest")
            page.wait_for_timeout(300)
            shown = [t.strip() for t in table.locator("tbody tr").all_inner_texts()]
            assert shown and all("manifest" in row.lower() for row in shown)
        finally:
            context.close()


def test_other_corpus_books_in_chromium(browser, farm_book, harbour_book):
    _check_book(browser, farm_book.html, "farm")
    _check_book(browser, harbour_book.html, "harbour")


def test_hostile_book_in_chromium_runs_no_article_script(browser, unsafe_book):
    seen = _check_book(browser, unsafe_book.html, "unsafe")
    assert all(info["xss"] is None for info in seen.values())


def test_key_findings_link_to_their_sentences_in_chromium(browser, seed_book):
    """The Key findings page comes first after the introduction and links to at least five sentences; following a
    link lands on the sentence's anchor on its article's page, which is highlighted as the link's target."""
    html = seed_book.html
    toc = (html / "book" / "intro.html").read_text(encoding="utf-8")
    assert toc.index('href="findings.html"') < toc.index('href="corpus.html"')
    page_html = (html / "book" / "findings.html").read_text(encoding="utf-8")
    links = set(re.findall(r'<a class="evidence-link" href="(documents/[^"#]+\.html#s\d+)"', page_html))
    assert len(links) >= 5, links
    with _Server(html) as server:
        context = browser.new_context(viewport={"width": PHONE_WIDTH, "height": 844})
        try:
            page = context.new_page()
            page.goto(server.base + "book/findings.html", wait_until="load")
            first = page.locator("a.evidence-link").first
            target = first.get_attribute("href")
            first.click()
            page.wait_for_load_state("load")
            anchor = target.rsplit("#", 1)[1]
            assert page.url.endswith(target.split("/", 1)[1])
            lit = page.evaluate(f"getComputedStyle(document.getElementById('{anchor}')).backgroundColor")
            assert lit not in ("rgba(0, 0, 0, 0)", "transparent"), lit  # the :target sentence is highlighted
            assert page.evaluate(f"document.getElementById('{anchor}').classList.contains('sentence')")
        finally:
            context.close()


def test_chapters_and_article_pages_link_their_evidence(seed_book):
    """Every chapter page and article page of the seed book prints evidence as links (their targets are checked
    by the link check of test_seed_book_in_chromium)."""
    book = seed_book.html / "book"
    for name in ("chronology", "rhetoric", "source_bias"):
        assert 'class="evidence-link"' in (book / f"{name}.html").read_text(encoding="utf-8"), name
    for page in sorted((book / "documents").glob("*.html")):
        text = page.read_text(encoding="utf-8")
        assert len(re.findall(r'<span class="sentence" id="s\d+">', text)) > 5, page.name
        assert 'class="hl-legend"' in text, page.name


def test_every_table_downloads_as_csv_in_chromium(browser, seed_book):
    """Each table has a download button; the CSV it gives holds every row of the table (also those a paginated
    table does not show), with the header the page shows."""
    import csv
    import io

    with _Server(seed_book.html) as server:
        context = browser.new_context(viewport={"width": DESKTOP_WIDTH, "height": 900}, accept_downloads=True)
        try:
            page = context.new_page()
            page.goto(server.base + "book/corpus.html", wait_until="load")
            page.wait_for_function("document.querySelectorAll('table.searchable.dataTable').length > 0", timeout=15000)
            tables = page.evaluate("document.querySelectorAll('.analysis-table table').length")
            assert page.locator("button.table-download").count() == tables > 0
            index = page.evaluate("Array.from(document.querySelectorAll('.analysis-table table'))"
                                  ".findIndex(t => t.classList.contains('searchable'))")
            with page.expect_download() as info:
                page.locator("button.table-download").nth(index).click()
            text = Path(info.value.path()).read_text(encoding="utf-8-sig")
            rows = list(csv.reader(io.StringIO(text)))
            shown = page.locator("table.searchable.dataTable").first.locator("tbody tr").count()
            assert len(rows) - 1 > shown  # more rows than the page of rows on screen: the whole table
            assert rows[0] and all(len(r) == len(rows[0]) for r in rows)
            assert info.value.suggested_filename == f"corpus-table-{index + 1}.csv"
        finally:
            context.close()
