"""Language features: loaded terms, hedges and boosters, national voice, direct address, questions."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from ..resources import load_yaml
from .marks import Feature
from .quote_speakers import _in_any, _trim
from .quotes import extract_quotes

# ----------------------------------------------------------------------------------------------------------------
# language features

def _topic_terms(topic) -> tuple[tuple[str, str], ...]:
    """(pattern, category) of the topic's own loaded terms (book.yaml ``loaded_terms:``); () without a topic."""
    return tuple((t.pattern, t.category) for t in topic.loaded_terms) if topic is not None else ()


@lru_cache(maxsize=None)
def _feature_patterns(topic_terms: tuple[tuple[str, str], ...] = ()) -> tuple[tuple[re.Pattern, str, str], ...]:
    """The feature patterns in the order they claim text: the topic's loaded terms first (specific before general:
    "punished the victim" before "victims?"), then data/loaded_terms.yaml, hedges, boosters, we-voice, address."""
    out = []
    terms = [{"pattern": p, "category": c} for p, c in topic_terms] + load_yaml("loaded_terms.yaml")["terms"]
    for t in terms:
        out.append((re.compile(r"(?<![\w-])(?:" + t["pattern"] + r")(?![\w-])", re.I), "loaded", t["category"]))
    hb = load_yaml("hedges_boosters.yaml")
    for feature, key in (("hedge", "hedges"), ("booster", "boosters")):
        for category, words in sorted(hb[key].items()):
            for w in words:
                out.append((re.compile(r"(?<![\w-])" + re.escape(str(w)) + r"(?![\w-])", re.I), feature, category))
    # case-sensitive: "US" is the United States, not "us"
    out.append((re.compile(r"\b[Oo]ur (?:country|nation|state|people|government|leadership|sovereignty|authority|"
                           r"policy|neighbours|neighbors|relationships?|region)\b"), "we_voice", "our_nation"))
    out.append((re.compile(r"\b(?:[Ww]e|us|[Oo]ur|[Oo]urs|[Oo]urselves)\b"), "we_voice", "first_person_plural"))
    out.append((re.compile(r"\b(?:you|your|yours|yourself|yourselves)\b", re.I), "direct_address", "second_person"))
    return tuple(out)


_NEGATED = re.compile(r"(?:n[’']t|\bnot|\bno)\s+$")


def language_features(doc, topic=None, parsed=None) -> list[Feature]:
    """Loaded terms, hedges, boosters, we-voice, direct address and questions of a document, with offsets.
    ``topic``: the corpus's (its own loaded terms come first), None for none; ``parsed``: the article's parse, for
    the quotations whose words are marked as quoted (:func:`extract_quotes`)."""
    text = doc.text
    quote_spans = [(q.start, q.end) for q in extract_quotes(doc, topic, parsed) if q.kind != "indirect"]
    hits: list[Feature] = []
    taken: dict[str, list[tuple[int, int]]] = {}
    # each pattern runs once over the text; its matches are then taken sentence by sentence, pattern by pattern,
    # as if each pattern had been run on each sentence in turn (the first pattern to claim a stretch keeps it)
    starts = [s.start for s in doc.sentences]
    found: dict[int, list[tuple[int, int, int]]] = {}
    patterns = _feature_patterns(_topic_terms(topic))
    for index, (pattern, _, _) in enumerate(patterns):
        for m in pattern.finditer(text):
            a, b = m.start(), m.end()
            i = bisect_right(starts, a) - 1
            if i >= 0 and b <= doc.sentences[i].end:
                found.setdefault(i, []).append((index, a, b))
    for i, sent in enumerate(doc.sentences):
        for index, a, b in sorted(found.get(i, ())):
            _, feature, category = patterns[index]
            if any(x < b and a < y for x, y in taken.get(feature, [])):
                continue  # one hit per stretch of text and feature ("our country" not also "our")
            if feature == "booster" and _NEGATED.search(text, max(0, a - 12), a):
                continue  # "I don’t know" does not boost
            taken.setdefault(feature, []).append((a, b))
            hits.append(Feature(doc.doc_id, sent.sentence_id, a, b, text[a:b], feature, category,
                                _in_any(a, quote_spans)))
        for m in re.finditer(r"[^.!?…]*\?", text[sent.start:sent.end]):
            a, b = _trim(text, sent.start + m.start(), sent.start + m.end())
            while a < b and text[a] in "“”\"‘’ ":
                a += 1
            if b > a:
                hits.append(Feature(doc.doc_id, sent.sentence_id, a, b, text[a:b], "rhetorical_question",
                                    "in_quote" if _in_any(a, quote_spans) else "author", _in_any(a, quote_spans)))
    hits.sort(key=lambda f: (f.start, f.end, f.feature, f.category))
    return hits


