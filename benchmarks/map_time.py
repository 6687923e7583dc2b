"""Per-article cost of the map step on PolNeAR training articles, the parse excluded (issue 11).

    .venv/bin/python benchmarks/map_time.py [DATA_DIR] [--n 50] [--repeat 3]

Loads the first N articles of ``DATA_DIR/train/text`` (default ``../shared/polnear``) in place as a corpus, parses
them once (or reads the parses from the cache), then times ``pipeline.map_document`` on every article and, apart,
``actors.find_mentions`` + ``attribution.find_attributions``; prints the best of ``--repeat`` runs. Run it from two
checkouts (PYTHONPATH) to compare them: the machine's load makes single runs noisy.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", nargs="?", default=str(ROOT.parent / "shared" / "polnear"))
    parser.add_argument("--n", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    texts = sorted((Path(args.data) / "train" / "text").glob("*.txt"))[: args.n]
    if not texts:
        parser.error(f"{args.data}: no train/text/*.txt there")

    from analysis import actors, load_corpus, nlp, pipeline
    from analysis.attribution import find_attributions

    with tempfile.TemporaryDirectory() as tmp:
        for t in texts:
            os.symlink(t.resolve(), Path(tmp) / t.name)
        corpus = load_corpus(tmp, strict=False)
    docs = corpus.documents
    parses = nlp.parse_documents(docs)
    pipeline.map_document(docs[0], parses[0], None)  # warm-up: lexicons and models load once
    best_map = best_attr = float("inf")
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        for d, p in zip(docs, parses):
            pipeline.map_document(d, p, None)
        best_map = min(best_map, time.perf_counter() - t0)
        t0 = time.perf_counter()
        for d, p in zip(docs, parses):
            find_attributions(d, p, actors.find_mentions(d, p))
        best_attr = min(best_attr, time.perf_counter() - t0)
    n = len(docs)
    print(f"{n} articles: map_document {best_map:.2f} s ({1000 * best_map / n:.1f} ms/article); "
          f"mentions + find_attributions {best_attr:.2f} s ({1000 * best_attr / n:.1f} ms/article)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
