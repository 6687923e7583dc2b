"""Compare two exports (``python -m analysis export --out A`` and ``--out B``) table by table.

    python benchmarks/diff_exports.py BEFORE_DIR AFTER_DIR [--show N]

Prints, for every table file in either folder, whether its bytes are identical; for a CSV that differs, its row
counts and the first N rows that are only in one of the two (as a set difference of lines, so a moved row shows
as one line out and one line in). Exits 0 when every table is byte-identical, 1 otherwise: a refactoring that
promises no behaviour change is checked with it on the seeds and on PolNeAR dev.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def compare(before: Path, after: Path, show: int = 5) -> tuple[bool, list[str]]:
    """(all identical, report lines) for the table files of two export folders."""
    names = sorted({p.name for p in before.iterdir() if p.is_file()} | {p.name for p in after.iterdir()
                                                                         if p.is_file()})
    lines: list[str] = []
    same = True
    for name in names:
        a, b = before / name, after / name
        if not a.exists() or not b.exists():
            same = False
            lines.append(f"{name}: only in {'after' if not a.exists() else 'before'}")
            continue
        if _digest(a) == _digest(b):
            lines.append(f"{name}: identical")
            continue
        same = False
        if name.endswith(".csv"):
            rows_a = a.read_text(encoding="utf-8").splitlines()
            rows_b = b.read_text(encoding="utf-8").splitlines()
            header = "" if rows_a[:1] == rows_b[:1] else " (headers differ)"
            lines.append(f"{name}: DIFFERENT{header}: {len(rows_a) - 1} rows before, {len(rows_b) - 1} after")
            set_b = set(rows_b)
            set_a = set(rows_a)
            lines += [f"  - {row[:300]}" for row in rows_a if row not in set_b][:show]
            lines += [f"  + {row[:300]}" for row in rows_b if row not in set_a][:show]
        else:
            lines.append(f"{name}: DIFFERENT bytes")
    return same, lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--show", type=int, default=5, help="rows to show per side of a differing table")
    args = parser.parse_args(argv)
    for folder in (args.before, args.after):
        if not folder.is_dir():
            parser.error(f"{folder}: not a folder")
    same, lines = compare(args.before, args.after, args.show)
    print("\n".join(lines))
    print("all tables byte-identical" if same else "the exports DIFFER")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
