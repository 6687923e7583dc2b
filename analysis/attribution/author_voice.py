"""The author's voice: every character of a sentence outside all attribution contents, the sources and cues inside
a content (the author's own reporting words) given back; per sentence, its share."""

from __future__ import annotations

from .candidates import _WORD
from .quoted_speech import _quotes


def author_spans(document, attributions) -> list[tuple[int, int]]:
    """The spans of the article in the author's voice: every sentence's characters outside all attribution
    contents, plus the sources and cues that lie inside a content (the author's reporting words)."""
    voiced: list[tuple[int, int]] = []
    given_back: list[tuple[int, int]] = []
    quoted = None
    for r in attributions:
        voiced.append((r["content_start"], r["content_end"]))
        if r["kind"] == "direct":
            # a split quotation's frame ('“…,” he said. “…”') is the author's: only the quoted words are the source's
            if quoted is None:
                quoted = _merge([(q.a, q.b) for q in _quotes(document)])
            given_back.extend(_subtract([(r["content_start"], r["content_end"])], quoted))
        parts = [(r[f"{k}_start"], r[f"{k}_end"]) for k in ("source", "cue") if r[f"{k}_start"] >= 0]
        given_back.extend(p for p in parts if p[1] > p[0])
        if len(parts) == 2:
            (a1, b1), (a2, b2) = sorted(parts)
            between = document.text[b1:a2] if a2 >= b1 else ""
            if len(_WORD.findall(between)) <= 3 and not any(ch in between for ch in "“”\".;"):
                given_back.append((a1, max(b1, b2)))  # "Pashinyan has said": the frame is one stretch
    voiced = _merge(voiced)
    out: list[tuple[int, int]] = []
    for s in document.sentences:
        out.extend(_subtract([(s.start, s.end)], voiced))
    out.extend(g for g in given_back)
    return _merge(out)


def author_share(document, attributions) -> dict[str, float]:
    """sentence_id -> the share of the sentence's characters that are in the author's voice (0..1)."""
    spans = author_spans(document, attributions)
    out = {}
    for s in document.sentences:
        total = s.end - s.start
        mine = sum(max(0, min(b, s.end) - max(a, s.start)) for a, b in spans)
        out[s.sentence_id] = round(mine / total, 4) if total else 1.0
    return out


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if b <= a:
            continue
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _subtract(spans: list[tuple[int, int]], holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for a, b in spans:
        pos = a
        for x, y in holes:
            if y <= pos or x >= b:
                continue
            if x > pos:
                out.append((pos, x))
            pos = max(pos, y)
        if pos < b:
            out.append((pos, b))
    return out
