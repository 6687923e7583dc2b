"""Access to the data files (lexicons, codebooks, rules) shipped in analysis/data."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

DATA_DIR = Path(str(resources.files("analysis") / "data"))
# libyaml's safe loader when PyYAML was built with it (the wheels are): the same documents, several times faster
# than the pure-Python loader (book.yaml and the codebook are read by every notebook kernel)
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(stream):
    """``yaml.safe_load`` with :data:`SAFE_LOADER`."""
    return yaml.load(stream, Loader=SAFE_LOADER)  # noqa: S506 - a safe loader


def compose(stream):
    """``yaml.compose`` (the node tree, with line marks) with :data:`SAFE_LOADER`."""
    return yaml.compose(stream, Loader=SAFE_LOADER)


@lru_cache(maxsize=None)
def load_yaml(name: str):
    """Parse a YAML data file from analysis/data (cached: data files are read-only)."""
    path = DATA_DIR / name
    with path.open(encoding="utf-8") as fh:
        return safe_load(fh)


@lru_cache(maxsize=None)
def load_lines(name: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of a text data file."""
    path = DATA_DIR / name
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return tuple(out)
