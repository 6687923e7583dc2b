"""A small Sphinx extension for the book (listed in ``_config.yml`` under ``sphinx.extra_extensions``).

Jupyter Book 1.0.4 registers sphinx-thebe's configuration script twice on every page, so that every page logs
``Identifier 'THEBE_JS_URL' has already been declared`` in the browser console. This extension drops repeated
identical script entries from each page's context before it is rendered.

sphinx-book-theme prints the page title into its print header as ``<h1>{{ pagetitle }}</h1>`` without escaping,
and ``pagetitle`` is the title as plain text: a title taken from an article (``<script>…``) would become markup
there. The extension escapes ``pagetitle`` before the page is rendered.
"""

from __future__ import annotations

import html


def _unique_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    unique, seen = [], set()
    for script in scripts:
        # The same inline script comes once with filename None and once with filename '': compare what is output.
        key = (getattr(script, "filename", str(script)) or "",
               tuple(sorted((k, str(v)) for k, v in getattr(script, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def _escape_pagetitle(app, pagename, templatename, context, doctree):
    title = context.get("pagetitle")
    if isinstance(title, str):
        context["pagetitle"] = html.escape(title, quote=True)


def setup(app):
    app.connect("html-page-context", _unique_scripts, priority=900)
    app.connect("html-page-context", _escape_pagetitle, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
