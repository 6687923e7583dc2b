"""TempEval-3 style evaluation of ``analysis.chronology.extract_timexes`` on TimeML (.tml) files.

    .venv/bin/python benchmarks/tempeval.py [DATA_DIR] [--split development heldout] [--errors N]

DATA_DIR (default ``../shared/tempeval3`` relative to the repository root) holds one folder per split of TimeML
files. For each document the DCT is the TIMEX3 with ``functionInDocument="CREATION_TIME"``; the tagger runs on the
plain text of the ``<TEXT>`` element and its records are compared with the gold TIMEX3 spans there:

  strict span F1   system and gold spans identical
  relaxed span F1  spans overlap (each gold and each system timex matched at most once)
  value accuracy   share of relaxed matches whose TIMEX3 value is identical
  value F1         relaxed F1 x value accuracy (the TempEval-3 "value" score)

The fixed split used for the project (defined 2026-11-27, before any rule was written against AQUAINT):

  development  all of TimeBank/*.tml + the AQUAINT/*.tml files at even positions (0, 2, 4, ...) of the
               AQUAINT file list sorted by name
  heldout      the AQUAINT/*.tml files at odd positions (1, 3, 5, ...) of that sorted list

Rules are changed only because of development errors (``--errors N`` prints them) and the TimeML guidelines;
the held-out split is scored but its errors are never printed (``--errors`` refuses it) and its totals are not
tuned on. ``--split`` also accepts ``TimeBank``, ``AQUAINT-dev`` (the development half of AQUAINT), ``AQUAINT``
(the whole folder, development and held-out halves together) and any other sub-folder of DATA_DIR (taken whole).
The data is read in place and never copied into the repository.
"""

from __future__ import annotations

import argparse
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.chronology import extract_timexes  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "tempeval3"
HOLD_OUT = "heldout"
DEVELOPMENT = "development"
SPLITS = ("development", "heldout", "TimeBank", "AQUAINT-dev", "AQUAINT")


def split_files(data: Path, split: str) -> list[Path]:
    """The .tml files of a named split (see the module docstring), sorted by folder then name; any other name is
    a sub-folder of ``data`` taken whole."""
    timebank = sorted((data / "TimeBank").glob("*.tml"))
    aquaint = sorted((data / "AQUAINT").glob("*.tml"))
    if split == "TimeBank":
        return timebank
    if split == "AQUAINT":
        return aquaint
    if split == "AQUAINT-dev":
        return aquaint[0::2]
    if split == "development":
        return timebank + aquaint[0::2]
    if split == "heldout":
        return aquaint[1::2]
    return sorted((data / split).glob("*.tml"))  # any other name: every file of that sub-folder


class TimeMLError(ValueError):
    pass


@dataclass
class GoldDoc:
    name: str
    dct: str
    text: str
    timexes: list[dict]


def read_tml(path: Path) -> GoldDoc:
    """The DCT, the plain text of <TEXT> and its gold TIMEX3 records (offsets into that text)."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise TimeMLError(f"{path}: not well-formed XML ({exc})") from None
    dct = None
    for t in root.iter("TIMEX3"):
        if t.get("functionInDocument") == "CREATION_TIME":
            dct = t.get("value")
            break
    if not dct:
        raise TimeMLError(f"{path}: no TIMEX3 with functionInDocument=\"CREATION_TIME\" (the DCT)")
    body = root.find("TEXT")
    if body is None:
        raise TimeMLError(f"{path}: no <TEXT> element")
    parts: list[str] = []
    timexes: list[dict] = []

    def walk(el, inside=False):
        start = sum(len(p) for p in parts)
        if el.text:
            parts.append(el.text)
        for child in el:
            walk(child, inside or el.tag == "TIMEX3")
            if child.tail:
                parts.append(child.tail)
        if el.tag == "TIMEX3" and not inside and el.get("functionInDocument") != "CREATION_TIME":
            end = sum(len(p) for p in parts)
            timexes.append({"start": start, "end": end, "type": el.get("type", ""), "value": el.get("value", "")})

    walk(body)
    text = "".join(parts)
    return GoldDoc(path.name, dct[:16], text, timexes)


def match(gold: list[dict], system: list[dict]) -> dict:
    """Counts for one document: strict and relaxed matches, and value/type agreement on relaxed matches."""
    strict = sum(1 for g in gold for s in system if g["start"] == s["start"] and g["end"] == s["end"])
    used: set[int] = set()
    pairs = []
    for gi, g in enumerate(gold):
        best = None
        for si, s in enumerate(system):
            if si in used or s["end"] <= g["start"] or s["start"] >= g["end"]:
                continue
            overlap = min(g["end"], s["end"]) - max(g["start"], s["start"])
            if best is None or overlap > best[0]:
                best = (overlap, si)
        if best is not None:
            used.add(best[1])
            pairs.append((g, system[best[1]]))
    return {
        "gold": len(gold), "system": len(system), "strict": strict, "relaxed": len(pairs),
        "value": sum(1 for g, s in pairs if g["value"] == s["value"]),
        "type": sum(1 for g, s in pairs if g["type"] == s["type"]),
        "pairs": pairs,
    }


def f1(correct: int, n_system: int, n_gold: int) -> tuple[float, float, float]:
    p = correct / n_system if n_system else 0.0
    r = correct / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(files: list[Path]) -> dict:
    totals = {"gold": 0, "system": 0, "strict": 0, "relaxed": 0, "value": 0, "type": 0, "docs": 0}
    errors = []
    for path in files:
        doc = read_tml(path)
        system = extract_timexes(doc.text, doc.dct)
        counts = match(doc.timexes, system)
        for k in ("gold", "system", "strict", "relaxed", "value", "type"):
            totals[k] += counts[k]
        totals["docs"] += 1
        for g, s in counts["pairs"]:
            if g["value"] != s["value"]:
                errors.append((doc.name, doc.dct, doc.text[g["start"]:g["end"]], g["value"], s["text"], s["value"], s["rule"]))
        matched_sys = {id(s) for _, s in counts["pairs"]}
        for s in system:
            if id(s) not in matched_sys:
                errors.append((doc.name, doc.dct, "", "", s["text"], s["value"], s["rule"] + " (spurious)"))
        matched_gold = {id(g) for g, _ in counts["pairs"]}
        for g in doc.timexes:
            if id(g) not in matched_gold:
                errors.append((doc.name, doc.dct, doc.text[g["start"]:g["end"]], g["value"], "", "", "(missed)"))
    sp, sr, sf = f1(totals["strict"], totals["system"], totals["gold"])
    rp, rr, rf = f1(totals["relaxed"], totals["system"], totals["gold"])
    value_acc = totals["value"] / totals["relaxed"] if totals["relaxed"] else 0.0
    type_acc = totals["type"] / totals["relaxed"] if totals["relaxed"] else 0.0
    return {
        **totals, "strict_p": sp, "strict_r": sr, "strict_f1": sf, "relaxed_p": rp, "relaxed_r": rr,
        "relaxed_f1": rf, "value_accuracy": value_acc, "type_accuracy": type_acc, "value_f1": rf * value_acc,
        "errors": errors,
    }


def report(name: str, res: dict) -> str:
    return (
        f"{name:<11} docs {res['docs']:>3}  gold {res['gold']:>4}  system {res['system']:>4}  "
        f"strict P/R/F1 {res['strict_p']:.3f}/{res['strict_r']:.3f}/{res['strict_f1']:.3f}  "
        f"relaxed P/R/F1 {res['relaxed_p']:.3f}/{res['relaxed_r']:.3f}/{res['relaxed_f1']:.3f}  "
        f"value acc {res['value_accuracy']:.3f}  type acc {res['type_accuracy']:.3f}  value F1 {res['value_f1']:.3f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", nargs="?", default=str(DEFAULT_DATA), help="folder with one sub-folder per split")
    parser.add_argument("--split", nargs="+", default=[DEVELOPMENT, HOLD_OUT],
                        help=f"splits to evaluate: {', '.join(SPLITS)} or any sub-folder of DATA_DIR "
                             f"(default: {DEVELOPMENT} {HOLD_OUT})")
    parser.add_argument("--errors", type=int, default=0,
                        help="print the first N value/span errors per development split (never for held-out data)")
    args = parser.parse_args(argv)
    data = Path(args.data)
    if not data.is_dir():
        print(f"error: {data}: TimeML data folder not found (pass its path as the first argument)", file=sys.stderr)
        return 2
    if args.errors and any(split in (HOLD_OUT, "AQUAINT") for split in args.split):
        print("error: --errors is for development splits only; held-out errors are not shown", file=sys.stderr)
        return 2
    status = 0
    for split in args.split:
        files = split_files(data, split)
        if not files:
            print(f"error: {data}: no .tml files for split {split}", file=sys.stderr)
            status = 2
            continue
        try:
            res = evaluate(files)
        except TimeMLError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        role = {HOLD_OUT: "held out", "AQUAINT": "mixed"}.get(split, "development" if split in SPLITS else "other")
        print(report(split, res) + f"  [{role}]")
        for e in res["errors"][: args.errors]:
            print("   ", " | ".join(str(x) for x in e))
    return status


if __name__ == "__main__":
    sys.exit(main())
