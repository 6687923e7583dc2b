"""Findings first: what the tables show, in sentences a reader can quote, each with links to its evidence.

The findings are written at build time from the export tables (so the prose never drifts from them): every number
and name in a finding is read from a table, and every finding carries the sentence ids it rests on, which the book
prints as links to the sentences on the article pages (``render.sentence_link``). The Key findings page lists them
all; each chapter and each article page opens with its own.

Each finding is a plain rule over the tables, stated in its docstring; a rule that finds nothing says nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis.corpus import short_id

from . import render

MAX_EVIDENCE = 4  # evidence links printed per finding (the article page has the rest)
MIN_WE_VOICE = 3  # the first person of a nation or group is a finding from this many uses in the author's voice


@dataclass(frozen=True)
class Finding:
    chapter: str  # "corpus", "chronology", "rhetoric" or "source_bias": where the finding's method is explained
    html: str  # the finding, escaped HTML (names and numbers from the tables)
    evidence: tuple[str, ...] = ()  # sentence ids it rests on, most telling first
    doc_ids: tuple[str, ...] = ()  # the articles it is about
    kind: str = ""  # the rule that wrote it (a function name of this module)
    extra: dict = field(default_factory=dict, compare=False)


def _e(value) -> str:
    return render.escape(value)


def _short_ids(text: str, doc_ids) -> str:
    """``text`` with every full document id of ``doc_ids`` written the book's way ("001_d448…" -> "001")."""
    for d in sorted(set(doc_ids), key=len, reverse=True):
        text = text.replace(d, short_id(d))
    return text


def _doc(doc_id: str) -> str:
    return f"<strong>{_e(short_id(doc_id))}</strong>"


def _names(items) -> str:
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _quoted(words, n: int = 3) -> str:
    return ", ".join(f"“{_e(w)}”" for w in list(dict.fromkeys(words))[:n])


def _number(n: int) -> str:
    words = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
    return words[n] if 0 <= n < len(words) else f"{n:,}"


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{_number(n)} {one if n == 1 else (many or one + 's')}"


def derived_texts(tables: dict, corpus) -> list[Finding]:
    """Each derivative pair (``derivations.is_derivative``): what the retelling kept and dropped of its source's
    quotations and named sources (``reuse.changes``). Evidence: the source's sentences whose quotations were
    dropped, then the retelling's first aligned sentence."""
    from analysis.reuse import changes

    out = []
    d = tables["derivations"]
    for r in d[d["is_derivative"]].itertuples(index=False):
        ch = changes(corpus, r.source_doc, r.derived_doc, tables)
        parts = []
        for category, label in (("quotation", "quotations"), ("named source", "named sources")):
            sub = ch[ch["category"] == category]
            if len(sub):
                counts = sub["status"].value_counts()
                parts.append(f"of its {len(sub)} {label} the retelling keeps {int(counts.get('kept', 0))}, "
                             f"rewrites {int(counts.get('rewrote', 0))} and drops {int(counts.get('dropped', 0))}")
        dropped = ch[(ch["status"] == "dropped") & ch["category"].isin(["quotation", "named source"])]
        kept = ch[ch["derived_sentence"].astype(bool)]
        evidence = list(dict.fromkeys(list(dropped["source_sentence"]) + list(kept["derived_sentence"][:1])))
        html = (f"{_doc(r.derived_doc)} retells {_doc(r.source_doc)} ({_number(int(r.aligned_passages))} of their "
                f"sentences align)" + (": " + "; ".join(parts) if parts else "")
                + ".")
        out.append(Finding("source_bias", html, tuple(evidence), (r.derived_doc, r.source_doc), "derived_texts"))
    return out


def we_voice(tables: dict) -> list[Finding]:
    """The article that most often speaks as a nation or group in its own voice (rhetoric feature ``we_voice``
    outside quotations), when it does so at least ``MIN_WE_VOICE`` times and more than any other article."""
    f = tables["rhetoric"]
    own = f[(f["feature"] == "we_voice") & ~f["in_quote"].astype(bool)]
    if own.empty:
        return []
    counts = own["doc_id"].value_counts()
    top, n = counts.index[0], int(counts.iloc[0])
    if n < MIN_WE_VOICE or (len(counts) > 1 and int(counts.iloc[1]) == n):
        return []
    mine = own[own["doc_id"] == top]
    words = mine["text"].str.lower().value_counts().index
    others = (f"; the next article does so {_plural(int(counts.iloc[1]), 'time')}" if len(counts) > 1
              else "; no other article does")
    html = (f"{_doc(top)} speaks in the first person of a nation or group in its own voice, outside any quotation, "
            f"{n} times ({_quoted(words)}){others}.")
    return [Finding("rhetoric", html, tuple(dict.fromkeys(mine["sentence_id"])), (top,), "we_voice")]


def naming(tables: dict, n_docs: int) -> list[Finding]:
    """For each side whose naming variants (the framing codebook, ``terms``) appear in some but not all articles:
    which articles use them, with the variants. Evidence: the sentences of those variants (``term_hits``)."""
    terms, hits = tables["terms"], tables["term_hits"]
    if terms.empty or n_docs < 2:
        return []
    out = []
    for side, group in terms[terms["side"] != "neutral"].groupby("side", sort=True):
        docs = sorted(group["doc_id"].unique())
        if len(docs) >= n_docs:
            continue
        variants = group.groupby("variant")["count"].sum().sort_values(ascending=False, kind="mergesort").index
        who = (f"Only {_doc(docs[0])} uses" if len(docs) == 1 else
               f"{_names(_doc(d) for d in docs)} ({len(docs)} of {n_docs} articles) use")
        html = f"{who} the naming that signals {_e(side)}’s usage: {_quoted(variants)}."
        ev = hits[(hits["side"] == side) & hits["doc_id"].isin(docs)]["sentence_id"]
        out.append(Finding("source_bias", html, tuple(dict.fromkeys(ev)), tuple(docs), "naming"))
    return out


_TIMEX_CODE = re.compile(r"\s*\((?:P[0-9X][0-9A-Z.]*|[A-Z]+_REF)\)")
_ISO_DATE = re.compile(r"(?<![\w-])\d{4}(?:-\d{2}){0,2}(?:T\d{2}:\d{2}|T[A-Z]{2})?(?![\w-])")


def _plain_dates(text: str) -> str:
    """A description with dates as readers write them ("2021-08-30" -> "30 August 2021") and TIMEX duration codes
    ("(P1Y)", beside the words they code) left out."""
    from analysis.chronology import plain_date

    text = _TIMEX_CODE.sub("", text)
    return _ISO_DATE.sub(lambda m: plain_date(m.group(0)), text)


def date_errors(conflicts) -> list[Finding]:
    """Each inconsistency the chronology finds (``chronology.analyse(...).conflicts``): an interval that does not
    match its own dates, or two articles that date the same event differently."""
    out = []
    for c in conflicts:
        description = _plain_dates(_short_ids(c.description, c.doc_ids))
        html = f"{_names(_doc(d) for d in c.doc_ids)}: {_e(description)}."
        out.append(Finding("chronology", html, tuple(c.evidence), tuple(c.doc_ids), "date_errors"))
    if len(out) > 1:
        docs = sorted({d for f in out for d in f.doc_ids})
        lead = (f"The chronology finds {_plural(len(out), 'statement')} of dates or events that do not hold, in "
                f"{_plural(len(docs), 'article')} ({_names(_doc(d) for d in docs)}).")
        out.insert(0, Finding("chronology", lead, tuple(e for f in out for e in f.evidence[:1]), tuple(docs),
                              "date_errors_summary"))
    return out


def shared_events(tables: dict, max_events: int = 3) -> list[Finding]:
    """Events told by at least two independent articles (``chronology.tellings``: a retelling and its source
    count once), the ``max_events`` told by the most articles (then in the events table's order): who tells each.
    Evidence: each article's telling sentences."""
    from analysis.chronology import tellings

    if "events" not in tables or tables["events"].empty:
        return []
    told = tellings(tables["events"], tables["sentences"], tables["documents"], tables.get("mentions"),
                    independent=True)
    out = []
    groups = sorted((g for _, g in told.groupby("event_rank", sort=True)),  # the most widely told first
                    key=lambda g: (-g["doc_id"].nunique(), int(g["event_rank"].iloc[0])))
    for group in groups[:max_events]:
        docs = tuple(group["doc_id"])
        who = _names(f"{_doc(r.doc_id)}" + (f" ({_e(r.outlet)})" if r.outlet else "") for r in group.itertuples())
        html = (f"“{_e(group.iloc[0].description)}” is told by {who}: their sentences side by side are in the "
                "Chronology chapter.")
        evidence = tuple(s for ids in group["sentence_ids"] for s in ids)
        out.append(Finding("chronology", html, evidence, docs, "shared_events"))
    return out


def stance_extremes(tables: dict, sides: list[str]) -> list[Finding]:
    """For each side scored in at least two articles with evidence (``stance`` strength not "none"): the article
    whose author is least favourable to it and the one most favourable, with their scores and intervals. Evidence:
    the first evidence sentences of each."""
    st = tables["stance"]
    out = []
    for side in sides:
        rows = st[(st["target"] == side) & st["score"].notna()]
        if "strength" in rows:  # a score on thin evidence is not a finding (the chapter shows it as such)
            rows = rows[rows["strength"] == "ok"]
        if len(rows) < 2:
            continue
        rows = rows.sort_values(["score", "doc_id"], kind="mergesort")
        low, high = rows.iloc[0], rows.iloc[-1]

        def cell(r) -> str:
            interval = (f", interval {r['low']:+.2f} to {r['high']:+.2f}" if "low" in r and pd.notna(r["low"])
                        else "")
            return f"{_doc(r['doc_id'])} ({r['score']:+.2f}{interval}, {int(r['n_sentences'])} sentences)"

        html = (f"Toward {_e(side)}, the author’s own voice is least favourable in {cell(low)} and most favourable "
                f"in {cell(high)}, of {len(rows)} articles that speak of it.")
        evidence = [e for r in (low, high) for e in str(r["evidence"] or "").split(";")[:2] if e]
        out.append(Finding("source_bias", html, tuple(evidence), (low["doc_id"], high["doc_id"]), "stance_extremes"))
    return out


def voices(tables: dict, sides: list[str]) -> list[Finding]:
    """Whose words the corpus reports (quoted or paraphrased): the side with the largest share of reported words
    across the corpus, and the sides never reported (``voices``, ``quotes``). Evidence: reports of the leading side,
    one per article."""
    v, q = tables["voices"], tables["quotes"]
    words = v[v["side"].isin(sides)].groupby("side")["quoted_words"].sum()
    total = v["quoted_words"].sum()
    if total <= 0 or words.empty or words.max() <= 0:
        return []
    lead = words.sort_values(ascending=False, kind="mergesort").index[0]
    never = [s for s in sides if words.get(s, 0) == 0]
    n_docs = v.loc[(v["side"] == lead) & (v["quotes"] > 0), "doc_id"].nunique()
    html = (f"{words[lead] / total:.0%} of all the words the articles report others saying (quoted or "
            f"paraphrased) are spoken by {_e(lead)}’s side, reported in {_plural(n_docs, 'article')}")
    html += f"; never reported: {_e(_names(never))}." if never else "."
    ev = q[q["speaker_side"] == lead].drop_duplicates("doc_id")["sentence_id"]
    return [Finding("source_bias", html, tuple(ev), tuple(sorted(set(q.loc[q["speaker_side"] == lead, "doc_id"]))),
                    "voices")]


def loaded_language(tables: dict) -> list[Finding]:
    """The article with the most loaded words per 1,000 words in its own voice (``rhetoric`` feature ``loaded``
    outside quotations; ``documents.n_words``), against the corpus median. Evidence: its loaded sentences."""
    f, docs = tables["rhetoric"], tables["documents"].set_index("doc_id")
    own = f[(f["feature"] == "loaded") & ~f["in_quote"].astype(bool)]
    if own.empty:
        return []
    rate = (own["doc_id"].value_counts().reindex(docs.index, fill_value=0) / docs["n_words"].clip(lower=1) * 1000)
    rate = rate.sort_values(ascending=False, kind="mergesort")
    top = rate.index[0]
    mine = own[own["doc_id"] == top]
    html = (f"{_doc(top)} uses the most loaded language in its own voice: {rate.iloc[0]:.1f} loaded words per "
            f"1,000 ({_quoted(mine['text'].str.lower(), 4)}), against a median of {rate.median():.1f} across the "
            f"{len(rate)} articles.")
    return [Finding("rhetoric", html, tuple(dict.fromkeys(mine["sentence_id"])), (top,), "loaded_language")]


def compared_sides(topic, tables: dict) -> list[str]:
    """The sides the book compares: the topic's (book.yaml), else those the corpus's quotations and stance
    evidence fall on, most evidence first (as the chapters do)."""
    from .overview import book_sides

    v, st = tables["voices"], tables["stance"]
    evidence = pd.concat([v.loc[v["quotes"] > 0, ["side", "quotes"]].rename(columns={"quotes": "n"}),
                          st.loc[st["n_sentences"] > 0, ["target", "n_sentences"]]
                          .rename(columns={"target": "side", "n_sentences": "n"})])
    return book_sides(topic, evidence.groupby("side")["n"].sum().sort_values(ascending=False).index)


TABLES = ("documents", "sentences", "derivations", "rhetoric", "terms", "term_hits", "stance", "voices", "quotes",
          "events", "mentions")


@lru_cache(maxsize=1)
def _book_code() -> str:
    """A digest of this package's files: the shared findings and chronology are computed again when it changes."""
    from analysis.digest import tree_digest

    return tree_digest(Path(__file__).resolve().parent)


def chronology_of(corpus, topic):
    """The corpus's chronology (``chronology.analyse``: timexes, events, conflicts) under ``topic`` (the corpus's),
    computed once per build and shared by the pages that need it (``table_cache.derived``, keyed by the topic's
    settings too): on hundreds of articles it re-reads every parse."""
    from analysis import chronology, map_cache, reuse, table_cache
    from analysis import tables as export
    def compute():
        derived = reuse.derived_map_from(export.build(corpus, ["derivations"])["derivations"])
        return chronology.analyse(corpus, derived, topic=topic)

    return table_cache.derived(corpus, f"chronology-{map_cache.topic_key(topic)[:16]}", compute, _book_code())


def corpus_findings(corpus, topic) -> list[Finding]:
    """Every finding of a corpus: builds the tables it needs (``tables.build``, cached) and the chronology; computed
    once per build and shared by its pages (``table_cache.derived``)."""
    from analysis import map_cache, table_cache
    from analysis import tables as export
    def compute():
        t = export.build(corpus, list(TABLES))
        return find_all(corpus, t, compared_sides(topic, t), chronology_of(corpus, topic).conflicts)

    return table_cache.derived(corpus, f"findings-{map_cache.topic_key(topic)[:16]}", compute, _book_code())


def find_all(corpus, tables: dict, sides: list[str], conflicts=()) -> list[Finding]:
    """Every finding of the book, in the order of the chapters."""
    n_docs = len(tables["documents"])
    found = (date_errors(conflicts) + shared_events(tables) + loaded_language(tables) + we_voice(tables) + naming(tables, n_docs)
             + voices(tables, sides) + stance_extremes(tables, sides) + derived_texts(tables, corpus))
    order = {"corpus": 0, "chronology": 1, "rhetoric": 2, "source_bias": 3}
    return sorted(found, key=lambda f: order.get(f.chapter, 9))


CHAPTER_TITLES = {"corpus": "The corpus", "chronology": "Chronology", "rhetoric": "Rhetoric",
                  "source_bias": "Source bias"}


def render_findings(found: list[Finding], chapter: str | None = None, doc_id: str | None = None,
                    empty: str = "No finding of this kind in this corpus.", chapter_links: bool = False) -> str:
    """The findings (those of ``chapter``, or about ``doc_id``) as an escaped HTML list, each with its evidence
    links (``render.sentence_link``) and, with ``chapter_links``, a link to the chapter that explains its method."""
    chosen = [f for f in found if (chapter is None or f.chapter == chapter)
              and (doc_id is None or doc_id in f.doc_ids)]
    if not chosen:
        return f'<div class="findings"><p>{_e(empty)}</p></div>'
    items = []
    for f in chosen:
        links = [render.sentence_link(s) for s in f.evidence[:MAX_EVIDENCE]]
        more = len(f.evidence) - MAX_EVIDENCE
        evidence = (f' <span class="finding-evidence">Evidence: {", ".join(links)}'
                    f'{f" and {more} more" if more > 0 else ""}.</span>') if links else ""
        method = (f' <a class="finding-method" href="{_e(f.chapter)}.html">Method: '
                  f'{_e(CHAPTER_TITLES.get(f.chapter, f.chapter))}.</a>') if chapter_links else ""
        items.append(f"<li>{f.html}{evidence}{method}</li>")
    return f'<div class="findings"><ul>{"".join(items)}</ul></div>'


# ---------------------------------------------------------------------------------------------------------------
# Outlet cards (corpus chapter) and "same event, different telling" (chronology chapter): escaped HTML from
# overview.outlet_cards and chronology.tellings.

def _score(entry: dict) -> str:
    if entry.get("score") is None or entry.get("strength") in ("none", None) or entry.get("n_sentences", 0) == 0:
        return "no evidence"
    if entry.get("strength") == "thin":
        return f"too little evidence ({_plural(int(entry['n_sentences']), 'sentence')})"
    interval = (f" [{entry['low']:+.2f}, {entry['high']:+.2f}]" if entry.get("low") is not None
                and entry.get("high") is not None else "")
    label = f" {entry['label']}" if entry.get("label") else ""
    return f"{entry['score']:+.2f}{interval}{label}, {_plural(int(entry['n_sentences']), 'sentence')}"


def outlet_cards_html(cards: list[dict], max_voices: int = 4) -> str:
    """One card per article: outlet, title, author and affiliation, genre and date, naming choices, the voices it
    quotes, and the author's stance toward each side with its top evidence sentences as links."""
    out = []
    for c in cards:
        rows = []
        author = c.get("author") or "not stated"
        if c.get("affiliation"):
            author += f" ({c['affiliation']})"
        rows.append(("Author", _e(author)))
        rows.append(("Genre, date", _e(", ".join(x for x in (c.get("genre"), c.get("date")) if x) or "not stated")))
        if c.get("derived_from"):
            rows.append(("Retells", _e(short_id(c["derived_from"]))))
        naming = {}
        for n in c.get("naming") or []:
            naming.setdefault(n["side"], []).append(n["variant"])
        rows.append(("Naming", "; ".join(f"{_e(side)}: {_quoted(v, 4)}" for side, v in naming.items()) or "none of "
                     "the codebook's variants"))
        voices = c.get("voices") or []
        shown = [f"{_e(v['speaker'])} ({_e(v['side'])}, {_plural(int(v['statements']), 'statement')}"
                 f"{', ' + str(int(v['quoted'])) + ' in quotation marks' if v.get('quoted') else ''})"
                 for v in voices[:max_voices]]
        more = len(voices) - max_voices
        rows.append(("Voices", "; ".join(shown) + (f"; {more} more" if more > 0 else "") if shown else "no one quoted"))
        stance = []
        for s in c.get("stance") or []:
            if s.get("strength") == "none":
                continue
            links = ", ".join(render.sentence_link(i) for i in (s.get("top_evidence") or [])[:3])
            stance.append(f"{_e(s['target'])}: {_e(_score(s))}" + (f" ({links})" if links and
                                                                     s.get("strength") == "ok" else ""))
        rows.append(("Author’s stance", "<br>".join(stance) or "no side with evidence"))
        body = "".join(f"<dt>{_e(k)}</dt><dd>{v}</dd>" for k, v in rows)
        outlet = c.get("outlet") or "outlet not stated"
        out.append(f'<div class="card"><h4>{_e(short_id(c["doc_id"]))} · {_e(outlet)}</h4>'
                   f'<p><em>{_e(c.get("title") or "untitled")}</em></p><dl>{body}</dl></div>')
    return f'<div class="cards">{"".join(out)}</div>'


def tellings_html(frame: pd.DataFrame, max_events: int = 10) -> str:
    """For each event told by several articles, each article's telling side by side (its sentences, exactly as
    written, with links to them), events in the order of the events table."""
    if frame.empty:
        return "<p>No event is told by more than one article of the corpus.</p>"
    out = []
    for _, group in list(frame.groupby("event_rank", sort=True))[:max_events]:
        first = group.iloc[0]
        cells = []
        for r in group.itertuples(index=False):
            who = " · ".join(x for x in (short_id(r.doc_id), r.outlet or "", r.published_plain or "") if x)
            links = ", ".join(render.sentence_link(s) for s in r.sentence_ids)
            cells.append(f"<blockquote><p>{_e(r.passage)}</p><footer>{_e(who)} ({links})</footer></blockquote>")
        conflict = ""
        if first.conflict:
            text = _short_ids(first.conflict, set(render.LINKS.docs.values()) | set(frame["doc_id"]))
            conflict = f" <p><em>Conflict: {_e(_plain_dates(text))}.</em></p>"
        out.append(f"<h4>{_e(first.description)}</h4>{conflict}<div class=\"tellings\">{''.join(cells)}</div>")
    more = frame["event_rank"].nunique() - max_events
    if more > 0:
        out.append(f"<p>{more} more events told by several articles are in the events table below.</p>")
    return "".join(out)
