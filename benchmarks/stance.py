"""Benchmark of analysis.stance (``make bench-stance``).

1. NewsMTSC (``../shared/newsmtsc/train.jsonl``): 5-fold cross-validated macro-F1 and accuracy of the method
   behind ``target_sentiment`` (folds grouped by article, refitted on each training fold exactly as
   ``make train-stance`` fits the shipped model), next to VADER on the whole sentence.
2. PerSenT dev (``../shared/persent/dev.csv``): macro-F1 and accuracy of ``author_stance(DOCUMENT,
   TARGET_ENTITY)`` against ``TRUE_SENTIMENT``, next to the majority class and VADER over the whole article (the
   compound of the whole text, and the mean compound of its sentences, each +-0.05), and the speed per article.
   The shrinkage ``n_prior``, the weight of pronoun-only sentences and the label thresholds were all chosen on
   dev's even rows (``make train-stance``, :func:`analysis.stance.train.calibrate`), so the odd rows are also
   reported alone as the held-out figure; the full-dev figure includes the half they were fitted on. The table of
   other ``n_prior`` values (same pronoun weight and thresholds) is shown for the reader, not used to choose.

Results are printed and written to ``_build/bench/stance.md`` (and ``stance.json``).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.stance import author_evidence, sentence_spans  # noqa: E402
from analysis.stance import train as T  # noqa: E402
from analysis.stance.author import aggregation  # noqa: E402
from analysis.stance.features import _vader  # noqa: E402

LABELS = ["negative", "neutral", "positive"]


def _metrics(gold, pred) -> dict:
    from sklearn.metrics import accuracy_score, f1_score

    return {"macro_f1": float(f1_score(gold, pred, average="macro", labels=LABELS)),
            "accuracy": float(accuracy_score(gold, pred))}


def newsmtsc(path: Path) -> list[dict]:
    examples = T.read_newsmtsc(path)
    T.featurize_for(examples, [T.method(T.CHOSEN)])
    return T.cross_validate(examples, [T.method("vader-sentence"), T.method(T.CHOSEN)])


def _vader_label(c: float) -> str:
    return "positive" if c >= 0.05 else "negative" if c <= -0.05 else "neutral"


def persent(path: Path, priors=(0.0, 1.0, 2.0, 4.0)) -> dict:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for i, r in enumerate(rows, 2):
        for key in ("DOCUMENT", "TARGET_ENTITY", "TRUE_SENTIMENT"):
            if not r.get(key):
                raise SystemExit(f"{path}:{i}: missing field {key}")
    gold = [r["TRUE_SENTIMENT"].strip().lower() for r in rows]
    v = _vader()
    majority = max(set(gold), key=gold.count)
    whole, mean_sent = [], []
    for r in rows:
        text = r["DOCUMENT"]
        whole.append(_vader_label(v.polarity_scores(text)["compound"]))
        comps = [v.polarity_scores(text[s:e])["compound"] for s, e in sentence_spans(text)]
        mean_sent.append(_vader_label(sum(comps) / len(comps) if comps else 0.0))
    results = {"n": len(rows), "baselines": {
        f"majority ({majority})": _metrics(gold, [majority] * len(rows)),
        "VADER, whole article": _metrics(gold, whole),
        "VADER, mean of the article's sentences": _metrics(gold, mean_sent)}}
    by_prior = {}
    timings = []
    n_evidence = []
    default_prior, pronoun_weight = aggregation()
    priors = tuple(sorted(set(priors) | {default_prior}))
    for prior in priors:
        pred = []
        timings = []  # the last pass is timed with every parse in the cache
        for r in rows:
            t0 = time.perf_counter()
            res = author_evidence(r["DOCUMENT"], r["TARGET_ENTITY"], n_prior=prior)
            timings.append(time.perf_counter() - t0)
            pred.append(res.label)
            if prior == default_prior:
                n_evidence.append(res.n_sentences)
        if prior == default_prior:
            pred_default = list(pred)
        by_prior[prior] = {**_metrics(gold, pred), "predicted": {k: pred.count(k) for k in LABELS}}
    results["author_stance"] = by_prior[default_prior]
    results["n_prior"], results["pronoun_weight"] = default_prior, pronoun_weight
    held = [i for i in range(len(rows)) if i % 2 == 1]  # the half not used to fit the label thresholds
    results["author_stance_held_out"] = {
        **_metrics([gold[i] for i in held], [pred_default[i] for i in held]), "n": len(held)}
    results["baselines_held_out"] = {
        "VADER, mean of the article's sentences": _metrics([gold[i] for i in held], [mean_sent[i] for i in held]),
        f"majority ({majority})": _metrics([gold[i] for i in held], [majority] * len(held))}
    results["by_prior"] = {str(k): v for k, v in by_prior.items()}
    results["ms_per_article"] = 1000 * sum(timings) / len(timings)
    results["mean_evidence_sentences"] = sum(n_evidence) / len(n_evidence)
    results["no_evidence"] = sum(1 for n in n_evidence if n == 0)
    results["gold"] = {k: gold.count(k) for k in LABELS}
    return results


def report(cv: list[dict], ps: dict) -> str:
    out = ["# analysis.stance benchmark", "",
           "## target_sentiment: NewsMTSC train, 5-fold cross-validation (folds by article)", "",
           "| method | macro-F1 | accuracy | n |", "|---|---|---|---|"]
    for r in cv:
        name = "target_sentiment (" + r["method"] + ")" if r["method"] == T.CHOSEN else r["method"]
        out.append(f"| {name} | {r['macro_f1']:.3f} | {r['accuracy']:.3f} | {r['n']} |")
    if not cv:
        out.append("| (not run: --skip-cv; see `_build/bench/stance_cv.md` from `make train-stance`) | | | |")
    out += ["", "Target: macro-F1 >= 0.70.", "",
            f"## author_stance: PerSenT dev ({ps['n']} articles; gold {ps['gold']})", "",
            "| method | macro-F1 | accuracy |", "|---|---|---|"]
    for name, m in ps["baselines"].items():
        out.append(f"| {name} | {m['macro_f1']:.3f} | {m['accuracy']:.3f} |")
    a = ps["author_stance"]
    out.append(f"| **author_stance** (n_prior = {ps['n_prior']:g}, pronoun weight {ps['pronoun_weight']:g}) | "
               f"**{a['macro_f1']:.3f}** | **{a['accuracy']:.3f}** |")
    h = ps["author_stance_held_out"]
    out += ["", f"n_prior, the pronoun weight and the label thresholds were fitted on the even rows of dev; on the odd "
            f"rows alone ({h['n']} articles, held out):", "", "| method | macro-F1 | accuracy |", "|---|---|---|"]
    for name, m in ps["baselines_held_out"].items():
        out.append(f"| {name} | {m['macro_f1']:.3f} | {m['accuracy']:.3f} |")
    out.append(f"| **author_stance**, held-out half | **{h['macro_f1']:.3f}** | **{h['accuracy']:.3f}** |")
    out += ["", f"Target: macro-F1 >= 0.50. Predicted labels: {a['predicted']}. Mean evidence sentences per article "
            f"{ps['mean_evidence_sentences']:.1f}; articles with no mention found: {ps['no_evidence']}; "
            f"{ps['ms_per_article']:.1f} ms per article with its parses cached.", "",
            f"Shrinkage sensitivity (for the reader; n_prior = {ps['n_prior']:g} was chosen on the even rows):", "",
            "| n_prior | macro-F1 | accuracy | predicted |", "|---|---|---|---|"]
    for k, m in ps["by_prior"].items():
        out.append(f"| {k} | {m['macro_f1']:.3f} | {m['accuracy']:.3f} | {m['predicted']} |")
    return "\n".join(out) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="analysis.stance benchmark")
    ap.add_argument("--newsmtsc", type=Path, default=ROOT.parent / "shared" / "newsmtsc" / "train.jsonl")
    ap.add_argument("--persent", type=Path, default=ROOT.parent / "shared" / "persent" / "dev.csv")
    ap.add_argument("--skip-cv", action="store_true", help="only PerSenT")
    args = ap.parse_args(argv)
    for p in (args.newsmtsc, args.persent):
        if not p.exists():
            raise SystemExit(f"bench-stance: {p} not found")
    cv = [] if args.skip_cv else newsmtsc(args.newsmtsc)
    ps = persent(args.persent)
    text = report(cv, ps)
    out = ROOT / "_build" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "stance.md").write_text(text, encoding="utf-8")
    (out / "stance.json").write_text(json.dumps({"newsmtsc_cv": cv, "persent": ps}, indent=1), encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
