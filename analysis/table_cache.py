"""A build-time cache of the export tables, shared by the notebook runs of one book build.

Every chapter and every per-document page calls ``tables.build(corpus, names)`` on the whole corpus; without a
cache each of the runs recomputes the same tables (the language model, the sentiment lexicon, the
chronology). ``python -m analysis build`` sets ``ANALYSIS_TABLE_CACHE`` to a folder of its project and computes
every table once before (and while) the kernels start; :func:`get` then reads a table from that folder instead of
computing it. Outside a build (tests, ``export``, JupyterLab) the variable is unset and nothing is cached.

A cached table is keyed by the table name, a fingerprint of the loaded corpus (every document's id, file, content
hash and metadata with its evidence, and the load report) and a fingerprint of the code that computes it (every
file of the ``analysis`` package including ``data/``, and ``requirements.lock``). Tables are stored as pandas
pickles, which round-trip a DataFrame exactly; files are written atomically, and while the build computes them it
holds an exclusive lock that readers wait on, so that a kernel never recomputes what is being computed.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import time
from functools import lru_cache
from pathlib import Path
from typing import Callable

import pandas as pd

from .digest import tree_digest

ENV = "ANALYSIS_TABLE_CACHE"
PACKAGE = Path(__file__).resolve().parent
LOCK = PACKAGE.parent / "requirements.lock"


def folder() -> Path | None:
    value = os.environ.get(ENV)
    return Path(value) if value else None


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    lock = hashlib.sha256(LOCK.read_bytes()).hexdigest() if LOCK.exists() else ""
    return hashlib.sha256(f"{tree_digest(PACKAGE)}:{lock}".encode()).hexdigest()


def corpus_fingerprint(corpus) -> str:
    record = {
        "documents": [
            [d.doc_id, d.path, d.sha256,
             sorted([k, v.value, v.source, v.evidence] for k, v in d.meta.items())]
            for d in corpus.documents
        ],
        "report": [[r.path, r.status, r.reason, r.doc_id] for r in corpus.report],
        "topic": _topic_digest(corpus),  # the corpus's book.yaml (sides, codebook, actors) changes the tables too
    }
    return hashlib.sha256(json.dumps(record, ensure_ascii=True).encode("ascii")).hexdigest()


def _topic_digest(corpus) -> str:
    """The corpus folder's files other than articles (book.yaml, the codebook it names, hand annotations ...):
    they change the tables too."""
    folder = getattr(corpus, "folder", None)
    if folder is None or not Path(folder).is_dir():
        return ""
    h = hashlib.sha256()
    for path in sorted(Path(folder).iterdir()):
        if path.is_file() and path.suffix != ".txt" and not path.name.startswith("."):
            h.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).hexdigest().encode() + b"\n")
    return h.hexdigest()


def path_for(corpus, root: Path) -> Path:
    key = hashlib.sha256(f"tables:{corpus_fingerprint(corpus)}:{code_fingerprint()}".encode()).hexdigest()
    return root / f"tables-{key[:24]}.pkl"


_HELD = False  # this process holds the exclusive lock (precompute): nested reads must not wait on it
WAIT_SECONDS = 600.0


@contextlib.contextmanager
def _locked(root: Path, exclusive: bool):
    """The cache folder's lock; a reader gives up waiting after WAIT_SECONDS and computes for itself."""
    global _HELD
    if _HELD:
        yield True
        return
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "a+") as handle:
        mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            try:
                fcntl.flock(handle, mode | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    yield False
                    return
                time.sleep(0.05)
        _HELD = exclusive
        try:
            yield True
        finally:
            _HELD = False
            fcntl.flock(handle, fcntl.LOCK_UN)


def _write(obj, path: Path) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pd.to_pickle(obj, tmp)
    os.replace(tmp, path)


def get_all(corpus, compute: Callable) -> dict[str, pd.DataFrame]:
    """Every table of ``corpus`` ({name: DataFrame}): from the build's cache when there is one, else computed."""
    root = folder()
    if root is None:
        return compute(corpus)
    path = path_for(corpus, root)
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        with _locked(root, exclusive=False):  # waits while the build is computing the tables
            if path.is_file():
                return pd.read_pickle(path)
        # the build announced its computation but its worker has not taken the lock yet: wait for it
        if not (root / PENDING).exists() or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    tables = compute(corpus)
    _write(tables, path)
    return tables


_DERIVED: dict = {}


def derived(corpus, name: str, compute: Callable[[], object], code: str = ""):
    """A value computed from a corpus's tables (the book's findings, say) and shared like them: once per process,
    and in a build once for all its notebook runs (stored beside the tables, under their key and ``name``), so
    that a page per article does not redo a corpus-wide computation. ``code``: a digest of the code outside this
    package that computes it (the book package's), so that a change there computes it again."""
    key = (name, corpus_fingerprint(corpus), code_fingerprint() + code)
    if key in _DERIVED:
        return _DERIVED[key]
    root = folder()
    if root is None:
        value = compute()
    else:
        path = path_for(corpus, root)
        path = path.with_name(f"{path.stem}.{name}{'-' + code[:16] if code else ''}.pkl")
        if path.is_file():
            value = pd.read_pickle(path)
        else:
            value = compute()
            root.mkdir(parents=True, exist_ok=True)
            _write(value, path)
    for stale in [k for k in _DERIVED if k[1:] != key[1:]]:  # another corpus or code: forget its values
        del _DERIVED[stale]
    _DERIVED[key] = value
    return value


PENDING = ".pending"  # present from the build's announcement until its precompute is done


def announce(root: Path) -> None:
    """Called by the build before it starts the precompute and the kernels: a kernel that asks for the tables
    before the precompute's worker holds the lock waits for it instead of computing them a second time."""
    root.mkdir(parents=True, exist_ok=True)
    (root / PENDING).touch()


def precompute(corpus, root: str, compute: Callable, names) -> dict[str, str]:
    """Compute every table of ``corpus`` into ``root`` with ``compute`` (in a build worker); returns name -> status
    for each of ``names``.

    On failure every table is ``failed: ...``: the notebooks then compute for themselves, fail on the same error,
    and the build reports it there, with the notebook and the cell.
    """
    root_path = Path(root)
    try:
        return _precompute(corpus, root_path, compute, names)
    finally:
        (root_path / PENDING).unlink(missing_ok=True)


def _precompute(corpus, root_path: Path, compute: Callable, names) -> dict[str, str]:
    with _locked(root_path, exclusive=True):
        path = path_for(corpus, root_path)
        for stale in root_path.glob("*.pkl"):
            if stale != path and not stale.name.startswith(f"{path.stem}."):  # keeps this corpus's derived values
                stale.unlink()
        if path.is_file():
            return {name: "cached" for name in names}
        try:
            _write(compute(corpus), path)
        except Exception as exc:  # noqa: BLE001 - reported by the notebook that needs the tables
            return {name: f"failed: {type(exc).__name__}: {exc}" for name in names}
    return {name: "computed" for name in names}
