"""Paragraphs and sentences with character offsets into a document's normalized body text.

Rules (no model): a sentence ends at ``.``, ``!``, ``?`` or ``…`` (with any closing quotes or brackets after it)
when white space and an upper-case letter, digit or opening quote follow, or at a paragraph end. It does not end
after an abbreviation from ``data/abbreviations.txt`` ("U.S.", "Nov.", "Dr."), nor after a single initial, nor
inside an open quotation: a quote that runs over several sentences stays in one sentence with its attribution.
An opening quote that is never closed within its paragraph is reported (``Sentence.unbalanced``) and does not
hold sentences together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .resources import load_lines

OPEN_QUOTES = "“‘«„"
CLOSE_QUOTES = "”’»“"
_END = re.compile(r"([.!?…]+)([”’\"')\]»]*)(?=\s+|$)")
# Words that start a sentence after "U.S." and similar: then the abbreviation does end the sentence.
_STARTERS = {
    "The", "This", "That", "These", "Those", "It", "He", "She", "They", "We", "I", "In", "On", "But", "However",
    "A", "An", "Its", "His", "Her", "Their", "Our", "As", "At", "For", "Since", "Meanwhile", "Yet", "And",
}


@dataclass(frozen=True)
class Sentence:
    sentence_id: str
    index: int  # 0-based position in the document
    paragraph: int  # 0-based paragraph number
    start: int
    end: int
    text: str
    unbalanced: bool = False  # an opening quote without its closing mark in this sentence's paragraph


def _abbreviations() -> tuple[set[str], set[str]]:
    abbrevs = set(load_lines("abbreviations.txt"))
    return abbrevs, {a.lower() for a in abbrevs}


def _quote_depth_changes(paragraph: str) -> list[tuple[int, int]]:
    """(position, +1/-1) for quotation marks that open or close a quote.

    Curly double quotes are directional; straight double quotes toggle. Single quotes and apostrophes are not
    tracked (too ambiguous with possessives and elisions).
    """
    events = []
    straight_open = False
    for i, ch in enumerate(paragraph):
        if ch == "“" or ch == "«" or ch == "„":
            events.append((i, +1))
        elif ch == "”" or ch == "»":
            events.append((i, -1))
        elif ch == '"':
            events.append((i, -1 if straight_open else +1))
            straight_open = not straight_open
    return events


def _quote_mask(paragraph: str) -> tuple[list[bool], bool]:
    """For each character, whether it is inside a quotation; and whether the paragraph's quotes are unbalanced."""
    inside = [False] * len(paragraph)
    events = _quote_depth_changes(paragraph)
    depth = 0
    last = 0
    unbalanced = False
    for pos, change in events:
        for j in range(last, pos):
            inside[j] = depth > 0
        depth += change
        if depth < 0:  # a closing mark with no opening: ignore it
            depth = 0
            unbalanced = True
        last = pos
    if depth > 0:
        # never closed: do not let it glue the rest of the paragraph together
        unbalanced = True
        return [False] * len(paragraph), unbalanced
    for j in range(last, len(paragraph)):
        inside[j] = False
    return inside, unbalanced


def _is_abbreviation(paragraph: str, dot: int, abbrevs: set[str], abbrevs_lower: set[str]) -> bool:
    """Whether the period at ``dot`` closes an abbreviation rather than a sentence."""
    start = dot
    while start > 0 and not paragraph[start - 1].isspace() and paragraph[start - 1] not in "(“\"‘":
        start -= 1
    token = paragraph[start : dot + 1]
    if token in abbrevs or token.lower() in abbrevs_lower:
        return True
    # a single initial ("J.") or a dotted acronym not in the list ("U.A.E.")
    return bool(re.fullmatch(r"(?:[A-Z]\.)+", token)) and len(token) <= 2


def split_sentences(paragraph: str) -> list[tuple[int, int, bool]]:
    """Sentence spans (start, end, unbalanced) within one paragraph."""
    abbrevs, abbrevs_lower = _abbreviations()
    inside, unbalanced = _quote_mask(paragraph)
    spans = []
    start = 0
    for m in _END.finditer(paragraph):
        end = m.end()
        if end >= len(paragraph):
            break
        nxt = paragraph[end:].lstrip()
        if not nxt:
            break
        first = nxt[0]
        if not (first.isupper() or first.isdigit() or first in OPEN_QUOTES or first == '"'):
            continue
        if inside[m.start()]:
            continue
        punct = m.group(1)
        if punct == "." and _is_abbreviation(paragraph, m.start(1), abbrevs, abbrevs_lower):
            token_after = nxt.split(" ", 1)[0]
            if token_after not in _STARTERS:
                continue
        spans.append((start, end))
        start = end + (len(paragraph[end:]) - len(nxt))
    if start < len(paragraph):
        spans.append((start, len(paragraph.rstrip())))
    return [(s, e, unbalanced) for s, e in spans if e > s]


def segment(doc_id: str, body: str, paragraphs: list[tuple[int, int]]) -> list[Sentence]:
    """All sentences of a body, numbered ``{doc_id}:s{index:03d}``, offsets into ``body``."""
    sentences: list[Sentence] = []
    for p_index, (p_start, p_end) in enumerate(paragraphs):
        paragraph = body[p_start:p_end]
        for s, e, unbalanced in split_sentences(paragraph):
            index = len(sentences)
            start, end = p_start + s, p_start + e
            sentences.append(
                Sentence(
                    sentence_id=f"{doc_id}:s{index:03d}",
                    index=index,
                    paragraph=p_index,
                    start=start,
                    end=end,
                    text=body[start:end],
                    unbalanced=unbalanced,
                )
            )
    return sentences
