"""Map per article, reduce across articles: how every export table is computed.

**Map** (:func:`map_documents`): a chunk of articles is parsed once with ``nlp.pipe`` (the parse cached on disk,
see :mod:`analysis.nlp`), and every per-article stage reads that parse: actors, quotations, language features,
sentiment, naming choices, loaded words, voices, stance, temporal expressions, event records, reach, and the
article's reuse fingerprint. :func:`map_document` is a pure function of the article, its parse and the package's
data files, so a chunk can run in any process, and its result can be kept: :func:`iter_mapped` reads the
records of unchanged articles from the map cache (:mod:`analysis.map_cache`) and maps only the others, and yields
every article's record in the corpus's order, one at a time.

**Reduce** (:func:`reduce`): each article's rows are folded into the corpus tables, in the corpus's order, as its
record arrives (the records of a large corpus are never all held at once); the cross-article steps read the mapped
records, never the raw text twice: derived texts (:mod:`analysis.reuse`: MinHash LSH candidates, exact checks for
candidates only), the documents table (which names what is derived from what), and event merging and cross-source
conflicts (chronology).

**Engines**: ``local`` (the default: in this process for a small corpus, else a process pool over the machine's
cores) and ``dask`` (``dask.distributed``: a scheduler address, or a ``LocalCluster``). Chunks are mapped in any
order and gathered back in the corpus's order, so both engines give the same tables.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import pandas as pd

from . import actors, attribution, bias, chronology, contract, map_cache, nlp, reuse, rhetoric
from .context import ArticleContext, Stage, StageError, run_stages
from .corpus import Corpus, Document
from .stance import by_voice
from .topic import Topic, load_topic

ENGINES = ("local", "dask")
CHUNK = 8  # articles per task: enough for nlp.pipe to batch, small enough to spread over the workers
MAP_CALLS = 0  # articles mapped in this process (not read from the map cache), for the tests
SHARED_UP_TO = 80  # characters: strings of the per-article tables up to this length are shared (_Gathered)
IN_PROCESS_UP_TO = 24  # a local run on fewer articles stays in this process (no pool to start, no model to reload)

PER_DOCUMENT = ("metadata_evidence", "sentences", "boilerplate", "mentions", "attributions", "quotes",
                "quote_problems", "rhetoric",
                "actor_sentiment", "term_hits", "terms", "voices", "loaded_attribution", "stance", "source_stance",
                "timexes",
                "reach")


class Mapped:
    """Everything the map step returns for one article: its per-article ``tables``, its chronology event mentions
    (``events``, merged across articles in reduce), its own date arithmetic that fails (``interval_conflicts``)
    and its reuse ``fingerprint``.

    Pickled (to a worker's caller, or to the map cache) the tables travel as plain column lists, several times
    faster to load than pandas frames; :meth:`columns` reads them without building a frame, and ``tables``
    builds the frames only when asked."""

    def __init__(self, doc_id: str, tables: dict[str, pd.DataFrame], events: list | None = None,
                 interval_conflicts: list | None = None, fingerprint: reuse.Fingerprint | None = None):
        self.doc_id = doc_id
        self._frames: dict[str, pd.DataFrame] | None = tables
        self._raw: dict[str, tuple[list[str], dict[str, list]]] | None = None
        self.events = list(events or [])
        self.interval_conflicts = list(interval_conflicts or [])
        self.fingerprint = fingerprint

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        if self._frames is None:
            self._frames = {name: pd.DataFrame(data, columns=cols) for name, (cols, data) in (self._raw or {}).items()}
        return self._frames

    def columns(self, name: str) -> tuple[list[str], dict[str, list]]:
        """Table ``name`` as (column names, {column: values})."""
        if self._raw is not None:
            return self._raw[name]
        frame = self.tables[name]
        return list(frame.columns), {c: frame[c].tolist() for c in frame.columns}

    def __getstate__(self) -> dict:
        raw = self._raw if self._raw is not None else {name: self.columns(name) for name in self.tables}
        return {"doc_id": self.doc_id, "_raw": raw, "_frames": None, "events": self.events,
                "interval_conflicts": self.interval_conflicts, "fingerprint": self.fingerprint}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)


def _one(doc: Document) -> Corpus:
    return Corpus(Path("."), [doc], [])


# ---- the map step's stages, in order (analysis.context: each declares what it needs and writes) ------------------

def _metadata(ctx: ArticleContext) -> dict:
    doc = ctx.doc
    return {"metadata_evidence": [{"doc_id": doc.doc_id, "field": name, "value": mv.value, "source": mv.source,
                                   "evidence": mv.evidence} for name, mv in sorted(doc.meta.items())]}


def _actors(ctx: ArticleContext) -> dict:
    found = actors.find_mentions(ctx.doc, ctx.parsed, ctx.topic)  # the topic's actors and the article's own
    return {"found": found, "mentions": [vars(m) for m in found]}


def _attribution(ctx: ArticleContext) -> dict:
    doc = ctx.doc
    rows = attribution.find_attributions(doc, ctx.parsed, ctx["found"], ctx.topic)
    share = attribution.author_share(doc, rows)
    sentences = [{"doc_id": doc.doc_id, "sentence_id": s.sentence_id, "paragraph": s.paragraph, "start": s.start,
                  "end": s.end, "text": s.text, "author_share": share.get(s.sentence_id, 1.0)} for s in doc.sentences]
    return {"attribution_rows": rows, "attributions": rows, "sentences": sentences,
            "author": attribution.author_spans(doc, rows)}


def _boilerplate(ctx: ArticleContext) -> dict:
    doc = ctx.doc
    return {"boilerplate": [{"doc_id": doc.doc_id, "line": r.line, "text": r.text, "reason": r.reason}
                            for r in doc.removed]}


def _rhetoric(ctx: ArticleContext) -> dict:
    one, topic, parses = _one(ctx.doc), ctx.topic, {ctx.doc.doc_id: ctx.parsed}
    return {"quotes": _linked(rhetoric.quotes_table(one, topic=topic, parses=parses), ctx["attribution_rows"]),
            "quote_problems": rhetoric.quote_problems_table(one, topic=topic, parses=parses),
            "rhetoric": rhetoric.rhetoric_table(one, topic=topic, parses=parses),
            "actor_sentiment": rhetoric.actor_sentiment_table(one, topic=topic)}


def _naming(ctx: ArticleContext) -> dict:
    hits = bias.term_hits(_one(ctx.doc), bias.codebook(ctx.topic))
    return {"term_hits": hits, "terms": bias.terms(hits)}


def _voices(ctx: ArticleContext) -> dict:
    topic = ctx.topic
    return {"voices": bias.voices(ctx["quotes"], [ctx.doc.doc_id], targets=topic.targets if topic else None)}


def _loaded(ctx: ArticleContext) -> dict:
    doc = ctx.doc
    attributed = bias.attribute_loaded(ctx["rhetoric"], ctx["mentions"], {doc.doc_id: doc.text}, topic=ctx.topic,
                                       parses={doc.doc_id: ctx.parsed})
    return {"attributed": attributed, "loaded_attribution": bias.attribution_by_word(attributed)}


def _stance(ctx: ArticleContext) -> dict:
    """The author's voice apart from the sources' (issue 12)."""
    doc, parsed, topic = ctx.doc, ctx.parsed, ctx.topic
    mention_rows = ctx["mentions"].to_dict("records")
    rows, author = ctx["attribution_rows"], ctx["author"]
    if topic is not None and topic.sides:
        targets, by_side = topic.targets, mention_rows
    else:  # no sides until the reduce step: every actor the article mentions is a target of its own
        by_side = [{**m, "side": m["entity"]} for m in mention_rows]
        targets = tuple(dict.fromkeys(m["entity"] for m in mention_rows))
    intentions = by_voice.ascribed_intentions(doc, parsed, rows)
    by_voice.warm_article(doc, by_side, author, rows, targets, intentions)
    return {"stance": by_voice.author_rows(doc, parsed, by_side, author, ctx["attributed"].to_dict("records"),
                                                targets, intentions),
            "source_stance": by_voice.source_rows(doc, parsed, by_side, rows, targets)}


def _chronology(ctx: ArticleContext) -> dict:
    one = _one(ctx.doc)
    timexes, events, conflicts = chronology.document_records(ctx.doc, ctx.parsed, ctx["found"], ctx.topic)
    return {"timexes": chronology.timexes_table(one, timexes=timexes),
            "reach": chronology.reach(one, timexes=timexes), "event_mentions": events, "interval_conflicts": conflicts}


def _reuse(ctx: ArticleContext) -> dict:
    return {"fingerprint": reuse.fingerprint(ctx.doc)}


STAGES: tuple[Stage, ...] = (
    Stage("metadata", _metadata, writes=("metadata_evidence",)),
    Stage("actors", _actors, writes=("found", "mentions")),
    Stage("attribution", _attribution, writes=("attribution_rows", "attributions", "sentences", "author"),
          needs=("found",)),
    Stage("boilerplate", _boilerplate, writes=("boilerplate",)),
    Stage("rhetoric", _rhetoric, writes=("quotes", "quote_problems", "rhetoric", "actor_sentiment"),
          needs=("attribution_rows",)),
    Stage("naming", _naming, writes=("term_hits", "terms")),
    Stage("voices", _voices, writes=("voices",), needs=("quotes",)),
    Stage("loaded", _loaded, writes=("attributed", "loaded_attribution"), needs=("rhetoric", "mentions")),
    Stage("stance", _stance, writes=("stance", "source_stance"),
          needs=("mentions", "attribution_rows", "author", "attributed")),
    Stage("chronology", _chronology, writes=("timexes", "reach", "event_mentions", "interval_conflicts"),
          needs=("found",)),
    Stage("reuse", _reuse, writes=("fingerprint",)),
)


def map_document(doc: Document, parsed, topic: Topic | None = None) -> Mapped:
    """All per-article records of one article: the registered :data:`STAGES` in order over one
    :class:`~analysis.context.ArticleContext` (the article, its one parse ``parsed``, and ``topic``, the corpus's
    book.yaml: :mod:`analysis.topic`, the same for every article)."""
    ctx = run_stages(STAGES, ArticleContext(doc, parsed, topic))
    if set(ctx.tables) != set(PER_DOCUMENT):
        raise StageError(f"the stages wrote the tables {sorted(ctx.tables)}, not the per-article tables {PER_DOCUMENT}")
    tables = {name: ctx.tables[name] for name in PER_DOCUMENT}
    return Mapped(doc.doc_id, tables, ctx["event_mentions"], ctx["interval_conflicts"], ctx["fingerprint"])


def map_chunk(docs: list[Document], topic: Topic | None = None,
              keys: list[str] | None = None) -> list[Mapped]:
    """Parse a chunk of articles with one ``nlp.pipe`` (or read the parses from the cache), then map each and
    store each article's record in the map cache (:mod:`analysis.map_cache`) under its key in ``keys`` (computed
    by the process that reads them back, so that a worker never files a record under another key)."""
    global MAP_CALLS
    parses = nlp.parse_documents(docs)
    base = map_cache.folder()
    if keys is None and base is not None:
        keys = _keys(docs, topic)
    out = []
    for k, (doc, parsed) in enumerate(zip(docs, parses)):
        MAP_CALLS += 1
        mapped = map_document(doc, parsed, topic)
        if keys is not None:
            map_cache.write(base, keys[k], mapped)
        out.append(mapped)
    return out


def _keys(docs: list[Document], topic: Topic | None) -> list[str]:
    topic_hash = map_cache.topic_key(topic)
    return [map_cache.key(doc, topic_hash) for doc in docs]


def _linked(quotes: pd.DataFrame, attributions: list[dict]) -> pd.DataFrame:
    """Each quotation with the attribution whose content holds it (``attribution_id``) and that attribution's
    speaker, where the attribution layer names one (it resolves pronouns, surnames and descriptions in the
    article; the quotation finder's own speaker stays where the layer has none)."""
    links = attribution.link_quotes(attributions, quotes.to_dict("records"))
    quotes = quotes.copy()
    ids = list(quotes["quote_id"])
    quotes["attribution_id"] = [links.get(q, ("",))[0] for q in ids]
    named = [q in links and links[q][1] != attribution.UNKNOWN for q in ids]
    if any(named):  # column-wise, not cell by cell: pandas' .loc per cell costs milliseconds each
        quotes["speaker"] = [links[q][1] if n else s for q, n, s in zip(ids, named, quotes["speaker"])]
        quotes["speaker_side"] = [links[q][2] if n else s for q, n, s in zip(ids, named, quotes["speaker_side"])]
    return quotes


# ---- engines -----------------------------------------------------------------------------------------------------

def _chunks(docs: list[Document], size: int | None = None) -> list[list[Document]]:
    size = size or CHUNK  # read when called (a test sets CHUNK)
    return [docs[i : i + size] for i in range(0, len(docs), size)]


def _progress(total: int, desc: str, quiet: bool):
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit="article", disable=quiet, file=sys.stderr, leave=False)


def _quiet(n: int, quiet: bool | None) -> bool:
    """A progress bar only where someone watches a terminal: not for a few articles, not in tests, and not in a
    notebook kernel or a log (stderr not a terminal), where each update would become an output line."""
    if quiet is not None:
        return quiet
    interactive = hasattr(sys.stderr, "isatty") and sys.stderr.isatty()
    return n <= IN_PROCESS_UP_TO or bool(os.environ.get("PYTEST_CURRENT_TEST")) or not interactive


def _init_worker(cache: str | None, mapped: str | None = None) -> None:
    # one worker per core: the BLAS of each (numpy's matrix products, the stance sentence encoder) runs on one
    # thread, or the workers' BLAS threads would contend for the same cores (measured: the cold export of 1,000
    # articles took 1.85x the parse with the default threads)
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)
    if cache is not None:
        os.environ[nlp.ENV] = cache
    if mapped is not None:
        os.environ[map_cache.ENV] = mapped


def map_documents(docs: list[Document], engine: str = "local", jobs: int | None = None,
                  scheduler: str | None = None, quiet: bool | None = None,
                  topic: Topic | None = None) -> list[Mapped]:
    """Every article's records (in the corpus's order), on the chosen engine: :func:`iter_mapped` as a list."""
    return list(iter_mapped(docs, engine=engine, jobs=jobs, scheduler=scheduler, quiet=quiet, topic=topic))


def iter_mapped(docs: list[Document], engine: str = "local", jobs: int | None = None,
                scheduler: str | None = None, quiet: bool | None = None,
                topic: Topic | None = None) -> Iterator[Mapped]:
    """Every article's records, one at a time in the corpus's order, so that the reduce can fold them in as
    they come and never holds every article's records at once. Articles whose record is in the map cache are
    read from it when their turn comes; only the others are parsed and mapped, on the chosen engine (a record
    that proves unreadable, truncated by a full disk say, is mapped again in this process)."""
    if engine not in ENGINES:
        raise ValueError(f"engine: {engine!r} is not one of {ENGINES}")
    base = map_cache.folder()
    keys = _keys(docs, topic) if base is not None else None
    todo = [i for i in range(len(docs)) if keys is None or not map_cache.exists(base, keys[i])]
    todo_keys = [keys[i] for i in todo] if keys is not None else None
    fresh = _map_all([docs[i] for i in todo], todo_keys, engine, jobs, scheduler, quiet, topic) if todo else iter(())
    missing = set(todo)
    try:
        for i, doc in enumerate(docs):
            if i in missing:
                yield next(fresh)
                continue
            hit = map_cache.read(base, keys[i])  # type: ignore[index]
            yield hit if hit is not None else map_chunk([doc], topic, [keys[i]])[0]  # type: ignore[index]
    finally:
        close = getattr(fresh, "close", None)
        if close is not None:
            close()


def _map_all(docs: list[Document], keys: list[str] | None, engine: str, jobs: int | None, scheduler: str | None,
             quiet: bool | None, topic: Topic | None) -> Iterator[Mapped]:
    """The articles mapped on the engine, yielded in their order (chunks that finish early wait for the ones
    before them)."""
    quiet = _quiet(len(docs), quiet)
    chunks = _chunks(docs)
    key_chunks = _chunks(keys) if keys is not None else [None] * len(chunks)
    bar = _progress(len(docs), f"map ({engine})", quiet)
    try:
        if engine == "local":
            jobs = jobs or os.cpu_count() or 1
            if jobs <= 1 or len(docs) <= IN_PROCESS_UP_TO:
                for i, chunk in enumerate(chunks):
                    results = map_chunk(chunk, topic, key_chunks[i])
                    bar.update(len(chunk))
                    yield from results
            else:
                import multiprocessing as mp
                from concurrent.futures import ProcessPoolExecutor, as_completed

                ctx = mp.get_context("forkserver" if sys.platform != "win32" else "spawn")
                with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init_worker,
                                         initargs=(os.environ.get(nlp.ENV), os.environ.get(map_cache.ENV))) as pool:
                    futures = {pool.submit(map_chunk, chunk, topic, key_chunks[i]): i for i, chunk in enumerate(chunks)}
                    # a finished future keeps its result: forget each one once its records are taken, or every
                    # article's records would stay in memory until the last chunk is done
                    finished = ((futures.pop(f), f.result()) for f in as_completed(list(futures)))
                    yield from _in_order(finished, bar, chunks)
        else:
            from dask.distributed import Client, LocalCluster, as_completed

            cluster = None
            if scheduler:
                client = Client(scheduler)
            else:
                cluster = LocalCluster(n_workers=jobs or os.cpu_count() or 1, threads_per_worker=1,
                                       processes=True, dashboard_address=None)
                client = Client(cluster)
            try:
                client.run(_init_worker, os.environ.get(nlp.ENV), os.environ.get(map_cache.ENV))
                futures = client.map(map_chunk, chunks, [topic] * len(chunks), key_chunks, pure=False)
                index = {f.key: i for i, f in enumerate(futures)}
                finished = ((index[f.key], f.result()) for f in as_completed(futures))
                yield from _in_order(finished, bar, chunks, release=futures)
            finally:
                client.close()
                if cluster is not None:
                    cluster.close()
    finally:
        bar.close()


def _in_order(finished: Iterator[tuple[int, list[Mapped]]], bar, chunks: list[list[Document]],
              release: list | None = None) -> Iterator[Mapped]:
    """The chunks' records in chunk order, from (chunk index, records) pairs in the order they finish."""
    waiting: dict[int, list[Mapped]] = {}
    following = 0
    for i, records in finished:
        waiting[i] = records
        bar.update(len(chunks[i]))
        if release is not None:
            release[i] = None  # the scheduler may forget a chunk once its records are here
        while following in waiting:
            yield from waiting.pop(following)
            following += 1


# ---- reduce ------------------------------------------------------------------------------------------------------

def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(columns=columns)


class _Gathered:
    """The per-article tables of many articles, folded in one article at a time (in the corpus's order) into one
    column list per table column, so that an article's records can be let go as soon as they are read. A table
    has the columns (contract and extras) its articles have, in the order first met; an article without one of
    them gives it ``None``."""

    def __init__(self, names: Iterable[str]):
        self._data: dict[str, dict[str, list]] = {name: {} for name in names}
        self._rows = {name: 0 for name in self._data}
        self._strings: dict[str, str] = {}

    def _shared(self, values: list) -> list:
        """``values`` with each short string replaced by the first equal one met (names, labels, sides and ids
        recur across articles, each read back as its own object): a third of the reduce's memory."""
        strings = self._strings
        return [strings.setdefault(v, v) if type(v) is str and len(v) <= SHARED_UP_TO else v for v in values]

    def add(self, mapped: Mapped) -> None:
        for name, table in self._data.items():
            cols, data = mapped.columns(name)
            for c in cols:
                if c not in table:
                    table[c] = [None] * self._rows[name]
            n = len(data[cols[0]]) if cols else 0
            if n:
                for c, values in table.items():
                    values.extend(self._shared(data[c]) if c in data else [None] * n)
                self._rows[name] += n

    def frame(self, name: str, contract_columns: list[str]) -> pd.DataFrame:
        """Table ``name`` as one frame, built once (not a ``pd.concat`` of thousands of small frames); its
        column lists are let go."""
        table = self._data.pop(name)
        if not self._rows[name]:
            return _empty(list(table) or list(contract_columns))
        return pd.DataFrame(table, columns=list(table))


def reduce(corpus: Corpus, mapped: Iterable[Mapped], quiet: bool | None = None,
           topic: Topic | None = None) -> dict[str, pd.DataFrame]:
    """The cross-article steps and the corpus-level tables, from the mapped records (a list, or
    :func:`iter_mapped`'s stream: each article's tables are folded in and let go as they come; its events, date
    conflicts and reuse fingerprint are kept for the cross-article steps)."""
    cols = contract.COLUMNS
    gathered = _Gathered(PER_DOCUMENT)
    fingerprints: list[reuse.Fingerprint] = []
    events: list = []
    conflicts: list = []
    for m in mapped:
        gathered.add(m)
        fingerprints.append(m.fingerprint)
        events.extend(m.events)
        conflicts.extend(m.interval_conflicts)
    out: dict[str, pd.DataFrame] = {name: gathered.frame(name, cols[name]) for name in PER_DOCUMENT}
    out["rhetoric"]["in_quote"] = out["rhetoric"]["in_quote"].astype(bool)
    out["timexes"] = out["timexes"].sort_values(["doc_id", "start", "end"], kind="stable").reset_index(drop=True)
    out["reach"] = out["reach"].sort_values("doc_id", kind="stable").reset_index(drop=True)
    out["load_report"] = pd.DataFrame([vars(r) for r in corpus.report], columns=cols["load_report"])

    quiet = _quiet(len(corpus), quiet)
    from tqdm.auto import tqdm

    def progress(it, desc):
        return tqdm(it, desc=desc, disable=quiet, file=sys.stderr, leave=False)
    topic = topic if topic is not None else load_topic(corpus.folder)
    if not topic.sides:  # a corpus without book.yaml: its most mentioned actors become its sides, now
        per_actor = out.pop("stance")
        sided, resolved = bias.apply_sides(out, topic)
        out.update(sided)
        docs = {d.doc_id: d for d in corpus}
        out["stance"] = bias.select_targets(
            per_actor, resolved.targets, [d.doc_id for d in corpus],
            lambda doc_id, target: by_voice.author_rows(docs[doc_id], None, [], [], [], (target,))[0])
        topic = resolved
    out["derivations"] = reuse.derivations(corpus, fingerprints, progress=progress)
    derived = reuse.derived_map_from(out["derivations"])
    out["documents"] = documents(corpus, derived)

    chron = chronology.reduce([], events, conflicts, derived, topic)  # the topic's actors give their types
    out["events"] = chronology.events_table(corpus, chron)
    return out


def documents(corpus: Corpus, derived: dict[str, str]) -> pd.DataFrame:
    rows = [{
        "doc_id": doc.doc_id, "path": doc.path, "title": doc.value("title"), "outlet": doc.value("outlet"),
        "author": doc.value("author"), "published": doc.value("published"), "genre": doc.value("genre"),
        "origin": doc.value("origin"), "derived_from": derived.get(doc.doc_id, ""), "n_words": doc.n_words,
        "sha256": doc.sha256, "text": doc.text,
    } for doc in corpus]
    return pd.DataFrame(rows, columns=contract.COLUMNS["documents"])


def run(corpus: Corpus, engine: str = "local", jobs: int | None = None, scheduler: str | None = None,
        quiet: bool | None = None, topic: Topic | None = None) -> dict[str, pd.DataFrame]:
    """Every export table of a corpus: map per article, reduce across articles. ``topic``: the corpus folder's
    book.yaml by default (:func:`analysis.topic.load_topic`)."""
    if topic is None:
        topic = load_topic(corpus.folder)
    mapped = iter_mapped(list(corpus), engine=engine, jobs=jobs, scheduler=scheduler, quiet=quiet, topic=topic)
    return reduce(corpus, mapped, quiet=quiet, topic=topic)
