"""PolNeAR evaluation of ``analysis.attribution.find_attributions`` (issue 11).

    .venv/bin/python benchmarks/attribution.py [DATA_DIR] [--split dev|train|train-dev] [--errors N] [--limit N]

DATA_DIR (default ``../shared/polnear`` relative to the repository root) holds ``train/`` and ``dev/``, each with
``text/*.txt`` and ``attributions/*.ann`` (brat standoff). The articles are loaded in place as a corpus with
``analysis.load_corpus(..., strict=False)`` (a temporary folder of symbolic links, never a copy in the repository);
each gold span (character offsets into the raw ``.txt``) is mapped onto the document's normalized ``text``; a gold
span that falls in a line the loader set aside (title, byline) is dropped and counted. Each article is parsed once
with ``analysis.nlp`` and run through ``actors.find_mentions(doc, parsed)`` and
``attribution.find_attributions(doc, parsed, mentions)``.

Several annotators: an article with more than one ``.ann`` file is scored against the file whose name sorts first
(``sorted()`` of the names, i.e. the smallest annotator suffix); the others are ignored.

Scores (one-to-one matching inside each article, greedy by token F1, tokens = ``\\w+`` runs):

  content P/R/F1       a gold content is found when a predicted content overlaps it with token F1 >= 0.5
  source accuracy      of matched contents whose gold source is a name (the head of the gold source span is a
                       proper noun in our parse, without an indefinite article: "another Republican" is no
                       name), the share whose predicted ``speaker`` contains that name's head word
                       ("Trump" for "Donald Trump", "Post" for "The Washington Post"), or whose initials are
                       that head ("DNC" for "Democratic National Committee")
  quotation P/R/F1     the same matching restricted to quotations: gold contents with at least half of their
                       characters inside quote marks, predicted contents likewise (kind direct, or mixed with
                       quoted words for at least half of it)
  named-speaker acc.   source accuracy on the matched quotations

Splits: ``dev`` (84 articles, the held-out measure: report it, never read its errors: ``--errors`` refuses it),
``train`` (840), ``train-dev`` (the development subset of train: every 10th article of the sorted file list,
84 articles; the rules were developed on it).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DATA = ROOT.parent / "shared" / "polnear"
SPLITS = ("dev", "train", "train-dev")
_TOKEN = re.compile(r"\w+")


class AnnError(ValueError):
    pass


@dataclass
class GoldAttribution:
    content: list[tuple[int, int]]  # raw offsets (fragments)
    source: list[tuple[int, int]] = field(default_factory=list)
    cue: list[tuple[int, int]] = field(default_factory=list)


def read_ann(path: Path) -> list[GoldAttribution]:
    """The attributions of a brat file: T lines (Source/Cue/Content spans, maybe discontinuous) tied by E lines."""
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    events: list[dict[str, str]] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        if not re.match(r"[TE]\d+\t", line):
            continue  # a span's text running over several lines (brat keeps its newlines), or another record kind
        parts = line.split("\t")
        if line.startswith("T"):
            if len(parts) < 2:
                raise AnnError(f"{path}:{n}: T line without a span field")
            label, _, offsets = parts[1].partition(" ")
            try:
                frags = [tuple(int(x) for x in frag.split()) for frag in offsets.split(";")]
            except ValueError:
                raise AnnError(f"{path}:{n}: bad offsets {offsets!r}") from None
            spans[parts[0]] = (label, [(a, b) for a, b in frags])
        elif line.startswith("E"):
            args = dict(arg.split(":", 1) for arg in parts[1].split() if ":" in arg)
            events.append(args)
    out = []
    for ev in events:
        if "Content" not in ev:
            continue
        try:
            out.append(GoldAttribution(spans[ev["Content"]][1], spans[ev["Source"]][1] if "Source" in ev else [],
                                       spans[ev["Cue"]][1] if "Cue" in ev else []))
        except KeyError as exc:
            raise AnnError(f"{path}: event refers to unknown span {exc}") from None
    return out


def split_articles(data: Path, split: str) -> list[tuple[Path, Path]]:
    """(text, chosen .ann) for every annotated article of a split, sorted by name."""
    folder = data / ("dev" if split == "dev" else "train")
    texts = sorted((folder / "text").glob("*.txt"))
    anns: dict[str, list[Path]] = defaultdict(list)
    for ann in sorted((folder / "attributions").glob("*.ann")):
        anns[re.sub(r"_[0-9a-f]{4}$", "", ann.stem)].append(ann)
    pairs = [(t, sorted(anns[t.stem])[0]) for t in texts if anns.get(t.stem)]
    if split == "train-dev":
        pairs = pairs[0::10]
    return pairs


def raw_to_text(document) -> list[int]:
    """For each character of ``document.raw``, its offset in ``document.text`` (-1 when it is not in the body)."""
    raw = document.raw
    # normalized raw with a map back to raw offsets (as analysis.clean.normalize, character by character)
    chars: list[str] = []
    back: list[int] = []
    for i, ch in enumerate(raw):
        if ch == "\r":
            ch = "\n"
            if i + 1 < len(raw) and raw[i + 1] == "\n":
                continue
        if ch in "\u200b\u200c\u200d\u2060\ufeff":
            continue
        if ch in "\t\u00a0\u202f\u205f\u3000" or "\u2000" <= ch <= "\u200a":
            ch = " "
        chars.append(ch)
        back.append(i)
    norm = "".join(chars)
    out = [-1] * len(raw)
    text = document.text
    cursor = 0
    for p_start, p_end in document.paragraphs:
        para = text[p_start:p_end]
        # match the paragraph word by word (spaces inside a line may have been collapsed or stripped)
        words = list(re.finditer(r"\S+", para))
        if not words:
            continue
        at = norm.find(words[0].group(0), cursor)
        if at == -1:
            continue
        j = at
        for w in words:
            k = norm.find(w.group(0), j)
            if k == -1 or norm[j:k].strip():
                break
            for d in range(len(w.group(0))):
                out[back[k + d]] = p_start + w.start() + d
            j = k + len(w.group(0))
        cursor = j
    return out


def map_span(mapping: list[int], a: int, b: int) -> tuple[int, int] | None:
    inside = [mapping[i] for i in range(a, min(b, len(mapping))) if mapping[i] >= 0]
    if not inside:
        return None
    return inside[0], inside[-1] + 1


def tokens(text: str, spans: list[tuple[int, int]]) -> frozenset[int]:
    out = set()
    for a, b in spans:
        for m in _TOKEN.finditer(text, a, b):
            out.add(m.start())
    return frozenset(out)


def token_f1(g: frozenset[int], p: frozenset[int]) -> float:
    inter = len(g & p)
    if not inter:
        return 0.0
    prec, rec = inter / len(p), inter / len(g)
    return 2 * prec * rec / (prec + rec)


def match(gold: list[frozenset[int]], pred: list[frozenset[int]], threshold: float = 0.5) -> dict[int, int]:
    """One-to-one gold index -> predicted index, greedy by token F1 (ties: text order)."""
    pairs = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            if g & p:
                f = token_f1(g, p)
                if f >= threshold:
                    pairs.append((-f, i, j))
    pairs.sort()
    used_g, used_p, out = set(), set(), {}
    for _, i, j in pairs:
        if i not in used_g and j not in used_p:
            out[i] = j
            used_g.add(i)
            used_p.add(j)
    return out


def prf(tp_p: int, n_pred: int, tp_g: int, n_gold: int) -> tuple[float, float, float]:
    p = tp_p / n_pred if n_pred else 0.0
    r = tp_g / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def quoted_share(text: str, spans: list[tuple[int, int]], quote_spans: list[tuple[int, int]]) -> float:
    total = sum(b - a for a, b in spans)
    if not total:
        return 0.0
    inside = 0
    for a, b in spans:
        for x, y in quote_spans:
            inside += max(0, min(b, y) - max(a, x))
    return inside / total


def name_head(parsed, a: int, b: int) -> str | None:
    """The head word of a gold source when it is a proper name (its syntactic head is a proper noun)."""
    span = parsed.char_span(a, b, alignment_mode="expand")
    if span is None or not len(span):
        return None
    root = span.root
    if root.pos_ != "PROPN" or any(c.dep_ == "det" and c.lower_ in ("a", "an", "another", "one", "some")
                                   for c in root.children):
        return None  # "another New Hampshire Republican" is a description, not a name
    return root.text.lower().replace("’s", "").replace("'s", "")


def same_speaker(head: str, attribution: dict) -> bool:
    """Our speaker names the gold source's head word ("Trump" in "Donald Trump"), or is the long form of that
    acronym ("DNC" for "Democratic National Committee")."""
    speaker = attribution["speaker"]
    head = head.replace(".", "").replace("’", "'")
    words = re.findall(r"[\w']+", speaker.lower().replace(".", "").replace("’", "'"))
    initials = "".join(w[0] for w in re.findall(r"\w+", speaker) if w[0].isupper()).lower()
    return head in words or (len(head) >= 2 and head == initials)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", nargs="?", default=str(DEFAULT_DATA), help="the PolNeAR folder (train/, dev/)")
    parser.add_argument("--split", choices=SPLITS, default="dev")
    parser.add_argument("--limit", type=int, default=0, help="score only the first N articles of the split")
    parser.add_argument("--errors", type=int, default=0, help="print N missed and N spurious contents (not on dev)")
    args = parser.parse_args(argv)
    if args.errors and args.split == "dev":
        parser.error("--errors is refused on dev: the development split's errors are never read")
    data = Path(args.data)
    if not (data / "train").is_dir():
        parser.error(f"{data}: no PolNeAR train/ folder there")

    from analysis import actors, load_corpus, nlp
    from analysis.attribution import find_attributions, quotation_spans

    pairs = split_articles(data, args.split)
    if args.limit:
        pairs = pairs[: args.limit]
    with tempfile.TemporaryDirectory() as tmp:
        for text_path, _ in pairs:
            os.symlink(text_path.resolve(), Path(tmp) / text_path.name)
        corpus = load_corpus(tmp, strict=False)
    ann_of = {t.stem: ann for t, ann in pairs}
    t0 = time.time()
    parses = nlp.parse_documents(corpus.documents)
    t_parse = time.time() - t0

    c = defaultdict(int)
    t_attr = 0.0
    errors: list[str] = []
    for doc, parsed in zip(corpus.documents, parses):
        text = doc.text
        t1 = time.time()
        mentions = actors.find_mentions(doc, parsed)
        preds = find_attributions(doc, parsed, mentions)
        t_attr += time.time() - t1
        mapping = raw_to_text(doc)
        quote_spans = quotation_spans(doc)
        gold = []
        for g in read_ann(ann_of[doc.doc_id]):
            frags = [m for m in (map_span(mapping, a, b) for a, b in g.content) if m]
            if not frags:
                c["gold_dropped"] += 1
                continue
            src = [m for m in (map_span(mapping, a, b) for a, b in g.source) if m]
            head = name_head(parsed, *src[0]) if len(src) == 1 else None
            gold.append((frags, head, quoted_share(text, frags, quote_spans) >= 0.5))
        g_tok = [tokens(text, f) for f, _, _ in gold]
        p_tok = [tokens(text, [(p["content_start"], p["content_end"])]) for p in preds]
        m = match(g_tok, p_tok)
        c["gold"] += len(gold)
        c["pred"] += len(preds)
        c["tp"] += len(m)
        for i, j in m.items():
            _, head, _ = gold[i]
            if head:
                c["named"] += 1
                c["named_ok"] += same_speaker(head, preds[j])
                if not same_speaker(head, preds[j]) and args.errors:
                    errors.append(f"SOURCE {doc.doc_id}: gold {head!r} ours {preds[j]['speaker']!r} "
                                  f"({preds[j]['source_text']!r}) | {preds[j]['content_text'][:80]!r}")
        # quotations
        gq = [i for i, g in enumerate(gold) if g[2]]
        pq = [j for j, p in enumerate(preds)
              if quoted_share(text, [(p["content_start"], p["content_end"])], quote_spans) >= 0.5]
        mq = match([g_tok[i] for i in gq], [p_tok[j] for j in pq])
        c["q_gold"] += len(gq)
        c["q_pred"] += len(pq)
        c["q_tp"] += len(mq)
        for gi, pj in mq.items():
            head = gold[gq[gi]][1]
            if head:
                c["q_named"] += 1
                c["q_named_ok"] += same_speaker(head, preds[pq[pj]])
        if args.errors:
            for gi, g in enumerate(gq):
                if gi not in mq:
                    errors.append(f"QMISSED {doc.doc_id}: {' … '.join(text[a:b] for a, b in gold[g][0])[:160]!r}")
            for pj, j in enumerate(pq):
                if pj not in set(mq.values()):
                    errors.append(f"QSPURIOUS {doc.doc_id}: {preds[j]['content_text'][:160]!r}")
            for i, g in enumerate(gold):
                if i not in m:
                    errors.append(f"MISSED {doc.doc_id}: {' … '.join(text[a:b] for a, b in g[0])[:160]!r}")
            matched_p = set(m.values())
            for j, p in enumerate(preds):
                if j not in matched_p:
                    errors.append(f"SPURIOUS {doc.doc_id} [{p['kind']} {p['cue_text']!r}]: {p['content_text'][:160]!r}")

    p, r, f = prf(c["tp"], c["pred"], c["tp"], c["gold"])
    qp, qr, qf = prf(c["q_tp"], c["q_pred"], c["q_tp"], c["q_gold"])
    print(f"PolNeAR {args.split}: {len(corpus.documents)} articles loaded ({len(corpus.rejected)} rejected), "
          f"{c['gold']} gold contents ({c['gold_dropped']} in lines set aside by the loader), {c['pred']} predicted")
    print(f"  content    P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    print(f"  source accuracy (named sources)      {c['named_ok'] / max(1, c['named']):.3f}  "
          f"({c['named_ok']}/{c['named']})")
    print(f"  quotation  P {qp:.3f}  R {qr:.3f}  F1 {qf:.3f}  ({c['q_gold']} gold, {c['q_pred']} predicted)")
    print(f"  named-speaker accuracy (quotations)  {c['q_named_ok'] / max(1, c['q_named']):.3f}  "
          f"({c['q_named_ok']}/{c['q_named']})")
    n = max(1, len(corpus.documents))
    print(f"  time: parse {t_parse:.1f} s; mentions + attributions {t_attr:.2f} s ({1000 * t_attr / n:.1f} ms/article)")
    for kind in ("SOURCE", "QMISSED", "QSPURIOUS", "MISSED", "SPURIOUS"):
        for line in [e for e in errors if e.startswith(kind + " ")][: args.errors]:
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
