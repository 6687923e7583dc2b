"""Two kinds of stance, never mixed: the author's, from the author's voice only, and each source's, from the content
attributed to it (issue 12). The rows of the export tables ``stance`` and ``source_stance``, per article.

The author's stance toward a target (a side of the topic) reads:

* every sentence in which an actor of that side is mentioned **in the author's voice** (outside every attribution's
  content; :func:`analysis.attribution.author_spans`), scored by the learned target-dependent classifier
  (:func:`analysis.stance.target_scores`, balanced probabilities: positive minus negative); a sentence that is only
  partly the author's is scored on the author's words alone;
* every loaded word in the author's voice that the dependency parse attributes to an actor of that side as its
  agent (:mod:`analysis.bias.loaded`), with its category's direction (+1 praise, -1 otherwise).

What an article says an actor wants, plans, hopes or aims to do ("the ministry wants the contractors to do its dirty
work") is an attribution like any belief, but its words are the author's account of that actor, not the actor's:
for the author's stance toward the actor's own side, the unquoted content of an attribution whose cue is a verb of
intention (``attribution_cues.yaml``, ``intention``) counts as the author's voice (:func:`ascribed_intentions`). For
every other target it stays masked.

The evidence is aggregated with shrinkage toward neutral and a bootstrap interval (:func:`analysis.stance.aggregate`:
two pseudo-sentences of score 0; one clear sentence gives a third of its score). A source's stance toward a target
reads the same classifier on the sentences of that source's attributed content that mention the target.
"""

from __future__ import annotations

from .. import contract
from .aggregate import N_PRIOR, aggregate
from .author import author_evidence, label_of, scored_texts
from .target import needs_parse, target_scores, warm

THIN = 3  # fewer evidence items than this: the cell says "thin evidence"
STANCE_EXTRA = contract.EXTRA["stance"]
SOURCE_COLUMNS = contract.COLUMNS["source_stance"]
SOURCE_EXTRA = contract.EXTRA["source_stance"]


def _inside(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    return any(x <= a and b <= y for x, y in spans)


def _strength(n: int) -> str:
    return "none" if n == 0 else ("thin" if n < THIN else "ok")


QUOTE_MARKS = "\"“”„«»"


def ascribed_intentions(document, parsed, attributions: list[dict]) -> list[tuple[str, int, int]]:
    """``(side, start, end)``: the contents of the attributions of kind ``belief`` whose cue is a verb of intention
    (``attribution_cues.yaml``, ``intention``: wants, planned, hoping, aims ...) and which quote no one (no quotation
    mark in the content), with the side of their speaker. The cue's lemma is read from the parse ``parsed``."""
    from ..attribution import lexicon

    verbs = lexicon().intention
    out = []
    if parsed is None or not verbs:
        return out
    for att in attributions:
        side = att.get("speaker_side")
        if att.get("kind") != "belief" or not side or side == "unknown" or att["cue_start"] < 0:
            continue
        a, b = att["content_start"], att["content_end"]
        if any(ch in document.text[a:b] for ch in QUOTE_MARKS):
            continue
        span = parsed.char_span(att["cue_start"], att["cue_end"], alignment_mode="expand")
        if span is None or not len(span):
            continue
        tok = span[0]
        lemma = tok.lemma_.lower()
        if lemma not in verbs and tok.tag_ in ("VBD", "VBN", "VBG") and lemma + "e" in verbs:
            lemma += "e"  # the lemmatizer's "hop" for "hoped", "hoping"
        if lemma in verbs:
            out.append((side, a, b))
    return out


def _voice_of(author: list[tuple[int, int]], intentions, target: str) -> list[tuple[int, int]]:
    """The author's voice for the stance toward ``target``: ``author`` and the intentions ascribed to that side."""
    from ..attribution import merge_spans

    extra = [(a, b) for side, a, b in intentions if side == target]
    return merge_spans(list(author) + extra) if extra else author


def author_rows(document, parsed, mentions: list[dict], author: list[tuple[int, int]], loaded: list[dict],
                targets: tuple[str, ...], intentions: list[tuple[str, int, int]] = ()) -> list[dict]:
    """One row per target: the author's stance toward it in this article (see the module docstring).

    ``mentions``: the article's actor mentions (dicts with side, start, end, sentence_id); ``author``: its
    author-voice spans; ``loaded``: its loaded-word attributions (bias.attribute_loaded rows: target, role,
    polarity, start, end, sentence_id); ``intentions``: :func:`ascribed_intentions`."""
    sentences = [(s.start, s.end) for s in document.sentences]
    sid_at = {(s.start, s.end): s.sentence_id for s in document.sentences}
    everyone = author
    rows = []
    for target in targets:
        author = _voice_of(everyone, intentions, target)
        spans = sorted((m["start"], m["end"]) for m in mentions if m["side"] == target)
        result = author_evidence(document.text, target, author_spans=author, mentions=spans, sentences=sentences,
                                 parsed=parsed) if spans else None
        scores = [ev.score for ev in result.evidence] if result else []
        ids = [sid_at[(ev.sentence_start, ev.sentence_end)] for ev in result.evidence] if result else []
        words = [r for r in loaded if r["target"] == target and r["role"] == "agent"
                 and _inside(author, r["start"], r["end"])]
        scores += [float(r["polarity"]) for r in words]
        ids += [r["sentence_id"] for r in words]
        score, low, high = aggregate(scores)
        n = len(scores)
        evidence = list(dict.fromkeys(ids))
        items: dict[str, list[float]] = {}
        for sid, value in zip(ids, scores):
            items.setdefault(sid, []).append(value)
        # the evidence sentences that pull hardest in the direction of the score first (their items' mean), ties
        # in text order: the sentences a reader would cite for the cell
        sign = 1.0 if round(score, 4) >= 0 else -1.0
        place = {sid: k for k, sid in enumerate(evidence)}
        ranked = sorted(evidence, key=lambda sid: (-sign * sum(items[sid]) / len(items[sid]), place[sid]))
        rows.append({
            "doc_id": document.doc_id, "target": target, "score": round(score, 4) if n else float("nan"),
            "n_sentences": len(evidence), "evidence": ";".join(evidence),
            "label": label_of(score) if n else "", "low": round(low, 4), "high": round(high, 4),
            "strength": _strength(n), "n_mentions": len(spans), "n_loaded": len(words),
            "loaded": round(sum(float(r["polarity"]) for r in words) / len(words), 4) if words else float("nan"),
            "ranked_evidence": ";".join(ranked),
        })
    return rows


def _source_texts(document, mentions: list[dict], attributions: list[dict], targets: tuple[str, ...]) -> list:
    """What :func:`source_rows` scores: for every named speaker's content, sentence by sentence, the part of the
    sentence inside the content and the first mention of each target in it."""
    todo = []
    for att in attributions:
        speaker = att["speaker"]
        if not speaker or speaker == "unknown":
            continue
        a, b = att["content_start"], att["content_end"]
        for s in document.sentences:
            if s.end <= a or s.start >= b:
                continue
            lo, hi = max(a, s.start), min(b, s.end)
            text = document.text[lo:hi]
            for target in targets:
                inside = [m for m in mentions if m["side"] == target and lo <= m["start"] and m["end"] <= hi]
                if inside:
                    todo.append((speaker, att["speaker_side"], target, s.sentence_id, lo, text, inside[0]))
    return todo


def warm_article(document, mentions: list[dict], author: list[tuple[int, int]], attributions: list[dict],
                 targets: tuple[str, ...], intentions: list[tuple[str, int, int]] = ()) -> None:
    """Encode at once every text that :func:`author_rows` and :func:`source_rows` will score in this article (the
    sentence encoder runs one packed pass per article instead of one per target and speaker; only for speed)."""
    sentences = [(s.start, s.end) for s in document.sentences]
    texts = []
    for target in targets:
        spans = sorted((m["start"], m["end"]) for m in mentions if m["side"] == target)
        if spans:
            voice = _voice_of(author, intentions, target)
            texts += [(t[5], t[6], t[7]) for t in scored_texts(document.text, target, author_spans=voice,
                                                               mentions=spans, sentences=sentences)]
    texts += [(text, m["start"] - lo, m["end"] - lo)
              for *_, lo, text, m in _source_texts(document, mentions, attributions, targets)]
    warm(texts)


def source_rows(document, parsed, mentions: list[dict], attributions: list[dict],
                targets: tuple[str, ...]) -> list[dict]:
    """One row per (speaker, target) that the speaker's attributed content mentions: who says what about whom."""
    by_key: dict[tuple[str, str], dict] = {}
    use_parse = parsed is not None and needs_parse()
    todo = _source_texts(document, mentions, attributions, targets)
    warm([(text, m["start"] - lo, m["end"] - lo) for *_, lo, text, m in todo])
    for speaker, side, target, sentence_id, lo, text, m in todo:
        p = target_scores(text, m["start"] - lo, m["end"] - lo, balanced=True,
                          parsed=parsed if use_parse else None, offset=lo if use_parse else 0)
        entry = by_key.setdefault((speaker, target), {"scores": [], "ids": [], "side": side})
        entry["scores"].append(float(p[2] - p[0]))
        entry["ids"].append(sentence_id)
    rows = []
    for (speaker, target), entry in sorted(by_key.items()):
        score, low, high = aggregate(entry["scores"], n_prior=N_PRIOR)
        evidence = list(dict.fromkeys(entry["ids"]))
        rows.append({"doc_id": document.doc_id, "source": speaker, "target": target, "score": round(score, 4),
                     "n_sentences": len(evidence), "evidence": ";".join(evidence), "label": label_of(score),
                     "low": round(low, 4), "high": round(high, 4), "source_side": entry["side"]})
    return rows
