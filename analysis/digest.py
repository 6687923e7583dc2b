"""Content digests of folders: the one code fingerprint of the map cache, the table cache and the book build's
notebook runs."""

from __future__ import annotations

import hashlib
from pathlib import Path


def tree_digest(folder: Path) -> str:
    """sha256 over the relative paths and contents of every file under ``folder`` (caches and dotfiles aside)."""
    h = hashlib.sha256()
    folder = Path(folder)
    files = sorted(
        p for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and not any(part.startswith(".") for part in
                                                                    p.relative_to(folder).parts)
    )
    for path in files:
        h.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).hexdigest().encode("ascii") + b"\n")
    return h.hexdigest()
