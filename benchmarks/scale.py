"""The export at scale (issue 10): ``make bench-scale`` / ``python benchmarks/scale.py``.

    python benchmarks/scale.py [--sizes 1000 4000 16000] [--engines local dask] [--out _build/bench/scale]
                               [--shared ../shared] [--seed 0] [--jobs N] [--format csv|parquet]
                               [--scheduler ADDRESS] [--polnear-train [--book]] [--keep] [--timeout S]
                               [--repo DIR]

For each size, a corpus of real news is built with ``corpora.resample`` from the 1,180 PolNeAR and TempEval-3
articles of ``--shared`` (new file names, 20-40% of paragraphs dropped, the rest shuffled; cached in
``<out>/corpora/`` by size, seed and pool), then measured, each step a fresh process:

1. parse: one single-process spaCy parse of the same texts (the loaded documents' normalized ``text`` with their
   sentence starts, through ``analysis.nlp.parse_texts(..., cache=False)`` in chunks, the parses discarded), with
   the numeric libraries held to one thread; timed inside the process after the corpus and the model are loaded
   (both timed apart);
2. cold: for each engine, ``python -m analysis export --corpus DIR --out DIR [--engine E] ...`` into a fresh
   folder with a fresh, empty parse cache (``ANALYSIS_PARSE_CACHE``; ``ANALYSIS_TABLE_CACHE`` and
   ``ANALYSIS_MAP_CACHE`` unset, so the map cache is the fresh ``mapped/`` inside that parse cache);
3. warm: the same export again into another fresh folder, with the parse and map caches of step 2 (nothing is
   parsed or mapped: the reduce and the writing of the tables).

Flags the export's ``--help`` does not list (``--engine``, ``--scheduler``, ``--format``, ``--jobs``,
``--quiet``) are not passed: an engine other than ``local`` is then skipped and ``local`` means the export's only
engine. ``--quiet`` is passed whenever it is listed (no progress bar). ``--repo DIR`` measures another checkout's
``python -m analysis`` (run with ``cwd`` and ``PYTHONPATH`` there, no bytecode written), e.g. main from a branch.

Per run: wall time, articles per second, the ratio to the parse of step 1, and memory: ``peak tree RSS`` is the
largest sum of the resident sets of the export process and all its descendants (process pool or Dask
workers), polled from ``/proc`` every 0.5 s (pages shared between processes count once per process, so it
overstates); ``peak tree PSS`` the same with proportional set sizes (shared pages divided among their
processes); ``max process RSS`` the largest single process (``ru_maxrss`` of ``wait4``). Workers of a remote
``--scheduler`` are not in the tree and not measured. Whether the tables are byte-identical between engines and
between cold and warm runs is checked too (sha256 of every file).

Targets (issue 10), printed PASS/FAIL: cold export <= 1.5 x parse; with the local engine below the parse alone;
warm export <= 0.3 x parse; per-article time at the largest size <= 1.2 x that at the smallest (the issue's
1,000 -> 16,000); peak tree RSS < 4 GiB at the largest size. ``--polnear-train`` measures the export of
``<shared>/polnear/train/text`` (840 articles, as they are) instead of the resampled corpora, and with ``--book``
also the book built on them (``python -m analysis build --corpus DIR --out DIR``).

Results: ``<out>/scale.md`` and ``<out>/scale.json`` (``polnear_train.*`` for ``--polnear-train``), rewritten after
every measurement. Scratch folders (tables, parse caches) are deleted unless ``--keep``.

Cost: the parse alone runs at about 3,000 tokens/s on one core; the resampled articles average ~460 words, so
the default sizes (21,000 articles, ~11M tokens) take about an hour of parsing per pass and several hours in
all. Resampled corpora above the pool size contain derived-looking pairs (repeats of one pool article):
``same-source pairs`` in the table, ~n^2/2360 (``corpora.resample``'s docstring).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
REPO = ROOT  # the checkout whose `python -m analysis` is measured (--repo)

import corpora  # noqa: E402

MiB = 1024 * 1024
GiB = 1024 * MiB
POLL = 0.5
TARGET_COLD = 1.5
TARGET_LOCAL_UNDER_PARSE = 1.0
TARGET_WARM = 0.3
TARGET_LINEAR = 1.2
TARGET_MEMORY = 4 * GiB
EXPORT_FLAGS = ("--engine", "--scheduler", "--format", "--jobs", "--quiet")
ONE_THREAD = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS")

PARSE_SCRIPT = r"""
import json, sys, time
t0 = time.perf_counter()
from analysis.corpus import load_corpus
from analysis import nlp
corpus = load_corpus(sys.argv[1], strict=False)
t1 = time.perf_counter()
nlp.pipeline()
key = nlp.model_key()
t2 = time.perf_counter()
docs = corpus.documents
tokens = 0
CHUNK = 256  # parses are discarded chunk by chunk: memory stays that of one chunk
for i in range(0, len(docs), CHUNK):
    part = docs[i:i + CHUNK]
    for doc in nlp.parse_texts([d.text for d in part], [[s.start for s in d.sentences] for d in part], cache=False):
        tokens += len(doc)
t3 = time.perf_counter()
print(json.dumps({"articles": len(docs), "rejected": len(corpus.rejected), "tokens": tokens,
                  "words": sum(d.n_words for d in docs), "model": key, "load_seconds": t1 - t0,
                  "model_seconds": t2 - t1, "parse_seconds": t3 - t2}))
"""


# ---- measuring a process tree -----------------------------------------------------------------------------------

TICK = os.sysconf("SC_CLK_TCK")


def _processes() -> dict[int, tuple[int, float]]:
    """{pid: (parent pid, CPU seconds so far: user + system)} of every process visible in /proc."""
    out = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2:].split()  # after "pid (comm) ": state ppid ... utime stime (11, 12)
        out[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK)
    return out


def _tree(root: int) -> dict[int, float]:
    """{pid: CPU seconds} of ``root`` and all its descendants."""
    procs = _processes()
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in procs.items():
        children.setdefault(ppid, []).append(pid)
    tree, todo = {}, [root]
    while todo:
        pid = todo.pop()
        tree[pid] = procs.get(pid, (0, 0.0))[1]
        todo.extend(children.get(pid, ()))
    return tree


def _kib(path: str, field: str) -> int:
    try:
        with open(path, encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith(field):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0  # the process ended, or the field is not there


def run_measured(cmd: list[str], env: dict[str, str], log: Path, timeout: float | None = None) -> dict:
    """Run ``cmd`` (stdout and stderr into ``log``) and measure its wall time and the memory of its process tree."""
    log.parent.mkdir(parents=True, exist_ok=True)
    peak_rss = peak_pss = peak_procs = 0
    cpu_seen: dict[int, float] = {}  # the last CPU time seen of every process of the tree
    load_before = os.getloadavg()[0]
    with open(log, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
        timed_out = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            tree = _tree(proc.pid)
            cpu_seen.update(tree)
            peak_procs = max(peak_procs, len(tree))
            peak_rss = max(peak_rss, sum(_kib(f"/proc/{p}/status", "VmRSS:") for p in tree))
            peak_pss = max(peak_pss, sum(_kib(f"/proc/{p}/smaps_rollup", "Pss:") for p in tree))
            if timeout and time.perf_counter() - start > timeout and not timed_out:
                timed_out = True
                for p in reversed(tree):  # the export and the processes it started, nothing else
                    try:
                        os.kill(p, 9)
                    except ProcessLookupError:
                        pass
            time.sleep(POLL)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {"cmd": cmd, "returncode": proc.returncode, "timed_out": timed_out, "wall_seconds": wall,
            "peak_tree_rss_bytes": peak_rss * 1024, "peak_tree_pss_bytes": peak_pss * 1024,
            "max_process_rss_bytes": usage.ru_maxrss * 1024, "peak_processes": peak_procs, "log": str(log),
            # wait4 counts the process and the descendants it waited for (not, e.g., a forkserver's workers); the
            # polls count every process of the tree but miss each one's last half second
            "cpu_seconds": max(usage.ru_utime + usage.ru_stime, sum(cpu_seen.values())), "load_before": load_before,
            "load_after": os.getloadavg()[0]}


def _tail(path: Path, n: int = 3000) -> str:
    return path.read_text(encoding="utf-8", errors="replace")[-n:]


# ---- the pieces -------------------------------------------------------------------------------------------------

def _env(parse_cache: Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), *filter(None, [env.get("PYTHONPATH")])])
    env.pop("ANALYSIS_TABLE_CACHE", None)
    env.pop("ANALYSIS_MAP_CACHE", None)  # the map cache then lives inside the run's parse cache: cold, then warm
    if REPO != ROOT:
        env["PYTHONDONTWRITEBYTECODE"] = "1"  # another checkout is only read
    if parse_cache is not None:
        env["ANALYSIS_PARSE_CACHE"] = str(parse_cache)
    return env


def export_flags() -> set[str]:
    """The optional flags the repository's ``python -m analysis export`` accepts (from its --help)."""
    result = subprocess.run([sys.executable, "-m", "analysis", "export", "--help"], cwd=REPO, env=_env(),
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"scale: `python -m analysis export --help` failed:\n{result.stderr[-3000:]}")
    return {flag for flag in EXPORT_FLAGS if flag in result.stdout}


def pool_digest(pool: list[str]) -> str:
    h = hashlib.sha256()
    for text in pool:
        h.update(text.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def resampled_corpus(pool: list[str], n: int, seed: int, folder: Path) -> Path:
    """``corpora.resample(pool, n, seed)`` in ``folder/resample-n{n}-seed{seed}``, reused when its stamp matches."""
    target = folder / f"resample-n{n}-seed{seed}"
    stamp = folder / f"{target.name}.json"
    want = {"n": n, "seed": seed, "generator": corpora.VERSION, "pool_sha256": pool_digest(pool)}
    if stamp.exists() and target.is_dir():
        try:
            if json.loads(stamp.read_text(encoding="utf-8")) == want:
                return target
        except ValueError:
            pass
    shutil.rmtree(target, ignore_errors=True)
    stamp.unlink(missing_ok=True)
    corpora.resample(pool, n, seed, target)
    stamp.write_text(json.dumps(want) + "\n", encoding="utf-8")
    return target


def measure_parse(corpus: Path, work: Path, timeout: float | None) -> dict:
    log = work / "parse.log"
    env = _env(parse_cache=None)
    env.update({name: "1" for name in ONE_THREAD})  # one core, as the floor is defined
    code = code_digest()
    record = run_measured([sys.executable, "-c", PARSE_SCRIPT, str(corpus)], env, log, timeout)
    record["code_digest"] = code if code_digest() == code else "changed during the run"
    if record["returncode"] != 0:
        raise SystemExit(f"scale: the parse of {corpus} failed:\n{_tail(log)}")
    lines = [line for line in log.read_text(encoding="utf-8").splitlines() if line.startswith('{"articles"')]
    if not lines:
        raise SystemExit(f"scale: the parse of {corpus} printed no result:\n{_tail(log)}")
    record.update(json.loads(lines[-1]))  # stderr shares the log: warnings may follow the result line
    return record


def code_digest() -> str:
    """A digest of the measured checkout's ``analysis`` package and lock file: a run whose digest differs from the
    first run's of its corpus ran other code (someone committed during the benchmark)."""
    h = hashlib.sha256()
    files = sorted(p for p in (REPO / "analysis").rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in [*files, REPO / "requirements.lock"]:
        if path.is_file():
            h.update(str(path.relative_to(REPO)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def tables_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _du(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder.exists() else 0


def export_cmd(corpus: Path, out: Path, engine: str, flags: set[str], args) -> list[str]:
    cmd = [sys.executable, "-m", "analysis", "export", "--corpus", str(corpus), "--out", str(out)]
    if "--engine" in flags:
        cmd += ["--engine", engine]
    if engine == "dask" and args.scheduler and "--scheduler" in flags:
        cmd += ["--scheduler", args.scheduler]
    if args.format and "--format" in flags:
        cmd += ["--format", args.format]
    if args.jobs and "--jobs" in flags:
        cmd += ["--jobs", str(args.jobs)]
    if "--quiet" in flags:
        cmd += ["--quiet"]  # no progress bar in the log
    return cmd


def measure_engine(corpus: Path, work: Path, engine: str, flags: set[str], args) -> dict:
    """Cold then warm export of ``corpus`` with ``engine``; scratch in ``work``."""
    shutil.rmtree(work, ignore_errors=True)
    cache = work / "parse-cache"
    cache.mkdir(parents=True)
    runs = {}
    for run in ("cold", "warm"):
        out = work / f"tables-{run}"
        cmd = export_cmd(corpus, out, engine, flags, args)
        code = code_digest()
        record = run_measured(cmd, _env(cache), work / f"export-{run}.log", args.timeout)
        record["code_digest"] = code if code_digest() == code else "changed during the run"
        record["ok"] = record["returncode"] == 0 and not record["timed_out"]
        if record["ok"]:
            record["tables_sha256"] = tables_digest(out)
        else:
            record["error"] = _tail(work / f"export-{run}.log")
            why = f"timed out after {args.timeout:.0f} s" if record["timed_out"] else f"exit {record['returncode']}"
            print(f"scale:   {engine} {run} export FAILED ({why}):\n{record['error'][-1500:]}", flush=True)
        record["parse_cache_bytes"] = _du(cache)
        runs[run] = record
        print(f"scale:   {engine} {run}: {record['wall_seconds']:.1f} s, peak tree RSS "
              f"{record['peak_tree_rss_bytes'] / MiB:.0f} MiB", flush=True)
        if not record["ok"]:
            break
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return runs


def measure_book(corpus: Path, work: Path, args) -> dict:
    shutil.rmtree(work, ignore_errors=True)
    cache = work / "parse-cache"
    cache.mkdir(parents=True)
    cmd = [sys.executable, "-m", "analysis", "build", "--corpus", str(corpus), "--out", str(work / "project")]
    code = code_digest()
    record = run_measured(cmd, _env(cache), work / "book.log", args.timeout)
    record["code_digest"] = code if code_digest() == code else "changed during the run"
    record["ok"] = record["returncode"] == 0 and not record["timed_out"]
    if not record["ok"]:
        record["error"] = _tail(work / "book.log")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return record


# ---- report -----------------------------------------------------------------------------------------------------

def _fmt(x: float | None, digits: int = 2) -> str:
    return "-" if x is None else f"{x:.{digits}f}"


def evaluate(results: dict) -> list[dict]:
    """One record per target check: target, scope, value, limit, status (PASS / FAIL / n/a)."""
    checks = []
    corpora_ = results["corpora"]

    def add(target, scope, value, limit, ok, note="", failed=False):
        """``failed``: the run the check needs crashed or timed out (FAIL, no value); no value otherwise: n/a."""
        status = "FAIL" if failed else "n/a" if value is None else "PASS" if ok else "FAIL"
        checks.append({"target": target, "scope": scope, "value": value, "limit": limit, "status": status,
                       "note": note})

    def broken(run):
        return bool(run) and not run.get("ok")

    for c in corpora_:
        parse = c["parse"]["parse_seconds"]
        for engine, runs in c["engines"].items():
            if "skipped" in runs:
                continue
            scope = f"{engine}, {c['label']}"
            cold, warm = runs.get("cold"), runs.get("warm")
            cold_ok = bool(cold and cold["ok"])
            why = "" if cold_ok else "export failed or timed out"
            add("cold export <= 1.5 x parse", scope, cold["wall_seconds"] / parse if cold_ok else None, TARGET_COLD,
                cold_ok and cold["wall_seconds"] / parse <= TARGET_COLD, why, broken(cold))
            if engine == "local":
                add("local cold export < parse", scope, cold["wall_seconds"] / parse if cold_ok else None,
                    TARGET_LOCAL_UNDER_PARSE, cold_ok and cold["wall_seconds"] / parse < TARGET_LOCAL_UNDER_PARSE,
                    why, broken(cold))
            warm_ok = bool(warm and warm["ok"])
            add("warm export <= 0.3 x parse", scope, warm["wall_seconds"] / parse if warm_ok else None, TARGET_WARM,
                warm_ok and warm["wall_seconds"] / parse <= TARGET_WARM,
                "" if warm_ok else "export failed or timed out" if warm else "not run (the cold export failed)",
                broken(warm))
    sized = [c for c in corpora_ if c.get("size")]
    if len(sized) >= 2:
        small, large = min(sized, key=lambda c: c["size"]), max(sized, key=lambda c: c["size"])
        note = "" if (small["size"], large["size"]) == (1000, 16000) else "not the issue's 1,000 -> 16,000"
        for engine in large["engines"]:
            if "skipped" in large["engines"][engine]:
                continue
            a, b = small["engines"].get(engine, {}).get("cold"), large["engines"][engine].get("cold")
            value = None
            if a and b and a["ok"] and b["ok"]:
                value = (b["wall_seconds"] / large["size"]) / (a["wall_seconds"] / small["size"])
            add("per-article time grows <= 1.2x", f"{engine}, {small['size']} -> {large['size']}", value,
                TARGET_LINEAR, value is not None and value <= TARGET_LINEAR,
                note if value is not None else "an export failed or timed out", broken(a) or broken(b))
    if sized:
        large = max(sized, key=lambda c: c["size"])
        note = "" if large["size"] == 16000 else "not the issue's 16,000"
        for engine, runs in large["engines"].items():
            if "skipped" in runs:
                continue
            # a failed run's peak counts too: running out of memory is one way to fail
            peaks = [r["peak_tree_rss_bytes"] for r in runs.values()]
            value = max(peaks) / GiB if peaks else None
            add("peak tree RSS < 4 GiB", f"{engine}, {large['label']}", value, TARGET_MEMORY / GiB,
                value is not None and value < TARGET_MEMORY / GiB, note)
    for c in corpora_:
        if c.get("size") is None:  # the PolNeAR training set, as is
            for engine, runs in c["engines"].items():
                if "skipped" not in runs:
                    cold = runs.get("cold")
                    add("PolNeAR train export finishes", f"{engine}, {c['label']}",
                        cold["wall_seconds"] if cold else None, None, bool(cold and cold["ok"]), "seconds")
            if "book" in c:
                add("PolNeAR train book finishes", c["label"], c["book"]["wall_seconds"], None, c["book"]["ok"],
                    "seconds")
    return checks


def _cpu_load(record: dict) -> list[str]:
    """CPU seconds of the process tree (its waited-for processes) and the 1-minute load average at the end."""
    return [_fmt(record.get("cpu_seconds"), 1), _fmt(record.get("load_after"), 1)]


def markdown(results: dict, checks: list[dict]) -> str:
    head = ["corpus", "articles", "tokens", "same-source pairs", "engine", "run", "wall s", "articles/s", "x parse",
            "CPU s", "load", "peak tree RSS MiB", "peak tree PSS MiB", "max process RSS MiB", "tables"]
    rows = []
    for c in results["corpora"]:
        p = c["parse"]
        n = p["articles"]
        pairs = "-" if c.get("same_source_pairs") is None else str(c["same_source_pairs"])
        rows.append([c["label"], str(n), str(p["tokens"]), pairs, "-", "parse (1 process, nlp.pipe)",
                     _fmt(p["parse_seconds"], 1), _fmt(n / p["parse_seconds"]), "1.00", *_cpu_load(p),
                     _fmt(p["peak_tree_rss_bytes"] / MiB, 0), _fmt(p["peak_tree_pss_bytes"] / MiB, 0),
                     _fmt(p["max_process_rss_bytes"] / MiB, 0), "-"])
        reference = None
        for engine, runs in c["engines"].items():
            if "skipped" in runs:
                rows.append([c["label"], str(n), "", "", engine, "skipped: " + runs["skipped"], *["-"] * 9])
                continue
            for run, r in runs.items():
                same = "-"
                if r.get("ok"):
                    reference = reference or r["tables_sha256"]
                    same = "same" if r["tables_sha256"] == reference else "DIFFERENT"
                    if r.get("code_digest") != p.get("code_digest"):
                        same += " (other code: analysis/ changed during the benchmark)"
                label = run if r.get("ok") else f"{run} TIMED OUT" if r.get("timed_out") else f"{run} FAILED"
                rows.append([c["label"], str(n), "", "", engine, label,
                             _fmt(r["wall_seconds"], 1), _fmt(n / r["wall_seconds"]),
                             _fmt(r["wall_seconds"] / p["parse_seconds"]), *_cpu_load(r),
                             _fmt(r["peak_tree_rss_bytes"] / MiB, 0),
                             _fmt(r["peak_tree_pss_bytes"] / MiB, 0), _fmt(r["max_process_rss_bytes"] / MiB, 0),
                             same])
        if "book" in c:
            b = c["book"]
            label = "book (build --out)" + ("" if b["ok"] else " TIMED OUT" if b.get("timed_out") else " FAILED")
            rows.append([c["label"], str(n), "", "", "-", label,
                         _fmt(b["wall_seconds"], 1), _fmt(n / b["wall_seconds"]),
                         _fmt(b["wall_seconds"] / p["parse_seconds"]), *_cpu_load(b),
                         _fmt(b["peak_tree_rss_bytes"] / MiB, 0),
                         _fmt(b["peak_tree_pss_bytes"] / MiB, 0), _fmt(b["max_process_rss_bytes"] / MiB, 0), "-"])
    digests = {r.get("code_digest") for c in results["corpora"]
               for r in [c["parse"], *[r for runs in c["engines"].values() for r in runs.values()
                                       if isinstance(r, dict)], *([c["book"]] if "book" in c else [])]}
    warning = (["**Warning: the measured `analysis/` changed during the benchmark (commits while it ran): the runs "
                "did not all measure the same code; measure again.**", ""] if len(digests) > 1 else [])
    lines = ["# Export at scale", "", *warning,
             f"{results['started']} on {results['cores']} cores ({results['machine']}), commit {results['commit']}; "
             f"load average {results['load_average_start'][0]:.2f} at the start, "
             f"{results.get('load_average_end', [float('nan')])[0]:.2f} at the end. Model {results.get('model', '?')}. "
             f"Export flags seen in `--help`: {', '.join(results['export_flags']) or 'none'}.", "",
             "| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    sized = sorted((c for c in results["corpora"] if c.get("size")), key=lambda c: c["size"])
    if len(sized) >= 2:
        lines += ["", "Per-article time relative to the smallest corpus (1.00 = linear):", "",
                  "| engine | " + " | ".join(c["label"] for c in sized) + " |", "|---|" + "---|" * len(sized)]
        base = sized[0]
        engines = ["parse"] + [e for e in sized[-1]["engines"] if "skipped" not in sized[-1]["engines"][e]]
        for engine in engines:
            cells = []
            for c in sized:
                if engine == "parse":
                    a, b = base["parse"]["parse_seconds"], c["parse"]["parse_seconds"]
                else:
                    ra, rb = base["engines"].get(engine, {}).get("cold"), c["engines"].get(engine, {}).get("cold")
                    a = ra["wall_seconds"] if ra and ra.get("ok") else None
                    b = rb["wall_seconds"] if rb and rb.get("ok") else None
                cells.append("-" if a is None or b is None else _fmt((b / c["size"]) / (a / base["size"])))
            lines.append(f"| {engine}{' (cold)' if engine != 'parse' else ''} | " + " | ".join(cells) + " |")
    lines += ["", "| target | scope | value | limit | status | note |", "|---|---|---|---|---|---|"]
    lines += [f"| {k['target']} | {k['scope']} | {_fmt(k['value'])} | {_fmt(k['limit'])} | {k['status']} | "
              f"{k['note']} |" for k in checks]
    lines += ["", "parse: one process, `analysis.nlp.parse_texts(cache=False)` over the loaded documents (corpus "
              "load and model load not included); cold: fresh output folder and empty parse cache; warm: the "
              "same export again with that parse cache; tree RSS/PSS: the export process and its descendants, "
              "polled every 0.5 s; CPU s: user + system time of the process tree (the larger of wait4's figure and "
              "the sum of the polled processes' last times; for the parse row the whole process, loading "
              "included), less sensitive than wall time to "
              "other work on the machine; load: 1-minute load average when the run ended; tables: sha256 of "
              "every output file equal to the first run's of the corpus. "
              "same-source pairs: pairs of articles resampled from one pool article (derived-looking by "
              "construction)."]
    return "\n".join(lines) + "\n"


def _git_commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True,
                              check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "analysis"], cwd=REPO, capture_output=True,
                               text=True).stdout.strip()
        return head + (" (analysis/ modified)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000, 16000])
    parser.add_argument("--engines", nargs="+", default=["local", "dask"], choices=["local", "dask"])
    parser.add_argument("--out", default=str(ROOT / "_build" / "bench" / "scale"))
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, help="passed to the export when it accepts --jobs")
    parser.add_argument("--format", choices=["csv", "parquet"], help="passed to the export when it accepts --format")
    parser.add_argument("--scheduler", help="dask scheduler address (passed with --engine dask when accepted)")
    parser.add_argument("--polnear-train", action="store_true",
                        help="measure <shared>/polnear/train/text as it is instead of resampled corpora")
    parser.add_argument("--book", action="store_true", help="with --polnear-train: also time the book build")
    parser.add_argument("--keep", action="store_true", help="keep the scratch tables and parse caches")
    parser.add_argument("--timeout", type=float, help="seconds after which one export is killed (and fails)")
    parser.add_argument("--repo", default=str(ROOT),
                        help="measure the `python -m analysis` of this checkout (default: this one); it is only read")
    args = parser.parse_args(argv)
    global REPO
    REPO = Path(args.repo).resolve()
    if not (REPO / "analysis" / "__main__.py").is_file():
        parser.error(f"--repo {REPO}: no analysis package there")
    if any(n < 1 for n in args.sizes):
        parser.error("--sizes must be positive")
    if args.book and not args.polnear_train:
        parser.error("--book goes with --polnear-train")

    out = Path(args.out).resolve()
    shared = Path(args.shared).resolve()
    out.mkdir(parents=True, exist_ok=True)
    flags = export_flags()
    name = "polnear_train" if args.polnear_train else "scale"
    results = {"started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "cores": os.cpu_count(),
               "machine": f"{platform.machine()}, Python {platform.python_version()}", "commit": _git_commit(),
               "load_average_start": os.getloadavg(), "export_flags": sorted(flags),
               "args": {k: v for k, v in vars(args).items()}, "corpora": []}

    def save() -> list[dict]:
        checks = evaluate(results)
        results["checks"] = checks
        (out / f"{name}.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
        (out / f"{name}.md").write_text(markdown(results, checks), encoding="utf-8")
        return checks

    if args.polnear_train:
        folder = shared / "polnear" / "train" / "text"
        if not folder.is_dir():
            raise SystemExit(f"scale: {folder} not found (--shared {shared})")
        jobs = [("polnear-train", folder, None, None)]
    else:
        pool = corpora.news_pool(shared)
        print(f"scale: pool of {len(pool)} articles from {shared}", flush=True)
        jobs = []
        for n in sorted(set(args.sizes)):
            folder = resampled_corpus(pool, n, args.seed, out / "corpora")
            jobs.append((f"{n} resampled", folder, n, corpora.same_source_pairs(n, len(pool))))

    print(f"scale: {os.cpu_count()} cores; export flags: {sorted(flags) or 'none'}; results in {out}", flush=True)
    for label, folder, size, pairs in jobs:
        work = out / "work" / label.replace(" ", "-")
        print(f"scale: {label} ({folder}): single-process parse ...", flush=True)
        parse = measure_parse(folder, work, args.timeout)
        results["model"] = parse.pop("model")
        print(f"scale:   parse {parse['parse_seconds']:.1f} s ({parse['tokens']} tokens, "
              f"{parse['tokens'] / parse['parse_seconds']:.0f} tokens/s; load {parse['load_seconds']:.1f} s, "
              f"model {parse['model_seconds']:.1f} s)", flush=True)
        record = {"label": label, "folder": str(folder), "size": size, "same_source_pairs": pairs, "parse": parse,
                  "engines": {}}
        results["corpora"].append(record)
        save()
        for engine in args.engines:
            if "--engine" not in flags and engine != "local":
                record["engines"][engine] = {"skipped": "the export has no --engine flag"}
                print(f"scale:   {engine}: skipped (the export has no --engine flag)", flush=True)
                continue
            record["engines"][engine] = measure_engine(folder, work / engine, engine, flags, args)
            save()
        if args.book:
            print(f"scale: {label}: book build ...", flush=True)
            record["book"] = measure_book(folder, work / "book", args)
            print(f"scale:   book {record['book']['wall_seconds']:.1f} s", flush=True)
            save()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    scratch = (out / "work")
    if scratch.is_dir() and not any(scratch.iterdir()):
        scratch.rmdir()
    results["load_average_end"] = os.getloadavg()
    checks = save()
    print()
    print((out / f"{name}.md").read_text(encoding="utf-8"))
    for k in checks:
        limit = "" if k["limit"] is None else f" (limit {_fmt(k['limit'])})"
        note = f" - {k['note']}" if k["note"] else ""
        print(f"{k['status']:4}  {k['target']} [{k['scope']}]: {_fmt(k['value'])}{limit}{note}")
    if "**Warning" in (out / f"{name}.md").read_text(encoding="utf-8"):
        print("WARNING: analysis/ changed during the benchmark: the runs did not all measure the same code")
    print(f"results in {out / name}.md and .json")
    crashed = [f"{c['label']} {e} {run}" for c in results["corpora"] for e, runs in c["engines"].items()
               for run, r in runs.items() if isinstance(r, dict) and not r.get("ok", True)]
    if crashed:
        print(f"scale: runs that failed: {', '.join(crashed)}", file=sys.stderr)
    return 1 if crashed else 0  # a missed target is a result, not an error


if __name__ == "__main__":
    sys.exit(main())
