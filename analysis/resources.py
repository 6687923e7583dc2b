"""Access to the data files (lexicons, codebooks, rules) shipped in analysis/data."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

DATA_DIR = Path(str(resources.files("analysis") / "data"))


@lru_cache(maxsize=None)
def load_yaml(name: str):
    """Parse a YAML data file from analysis/data (cached: data files are read-only)."""
    path = DATA_DIR / name
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


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
