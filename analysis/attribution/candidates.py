"""The candidate attribution every cue family proposes (:class:`_Attr`: content, cue and source spans, base kind),
before :mod:`.assembly` keeps, cuts and resolves them; and the character-span helpers the families share."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .speakers import Speaker

_OPEN = "“„«\"‘'"
_WORD = re.compile(r"\w+")


@dataclass
class _Attr:
    content: tuple[int, int]
    cue: tuple[int, int] | None
    source: tuple[int, int] | None
    source_head: object
    base: str  # speech | belief | according_to | distancing | quote
    order: int = 0  # position of the cue (or content) for ordering and sentence ids
    quotes: list[int] = field(default_factory=list)  # indices of the quotations in the content
    speaker: Speaker | None = None
    inherit_from: int | None = None  # id() of the attribution whose speaker a cue-less quotation continues


def _span(tokens) -> tuple[int, int]:
    first, last = tokens[0], tokens[-1]
    return first.idx, last.idx + len(last.text)


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and (text[a].isspace() or text[a] in ",;:—–-"):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ",;:—–-("):
        b -= 1
    return a, b


def _subtree(tok) -> list:
    return [t for t in tok.subtree if not t.is_space]


def _cue_span(tok) -> tuple[int, int]:
    """The cue words: the verb with its particle when one follows it ("pointed out")."""
    end = tok.idx + len(tok.text)
    for c in tok.children:
        if c.dep_ == "prt" and c.i == tok.i + 1:
            end = c.idx + len(c.text)
    return tok.idx, end
