"""Quote marks paired per paragraph, and the records of quotations, problems and features."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import actors, contract

KINDS = ("direct", "partial", "scare", "title", "indirect")
UNKNOWN = "unknown"
FEATURES = ("loaded", "hedge", "booster", "we_voice", "direct_address", "rhetorical_question")

# the export's columns of the tables this package writes (analysis.contract); the quotation finder's rows have
# every quotes column but the link to the attribution (attribution_id), which the map step adds
QUOTE_COLUMNS = [c for c in contract.columns("quotes") if c != "attribution_id"]
FEATURE_COLUMNS = contract.columns("rhetoric")
SENTIMENT_COLUMNS = contract.columns("actor_sentiment")
PROBLEM_COLUMNS = contract.columns("quote_problems")

_DOUBLE_OPEN = "“„«"
_DOUBLE_CLOSE = "”»"
_WORD = re.compile(r"\w+(?:[’'\-]\w+)*")
_APOS = str.maketrans({"’": "'", "‘": "'"})


# ----------------------------------------------------------------------------------------------------------------
# ----------------------------------------------------------------------------------------------------------------
# quote marks

@dataclass(frozen=True)
class Span:
    open: int  # offset of the opening mark
    close: int  # offset just after the closing mark (or the paragraph end when unclosed)
    problems: tuple[str, ...] = ()

    @property
    def inner(self) -> tuple[int, int]:
        closed = not {"no closing mark", "continues in the next paragraph"} & set(self.problems)
        return self.open + 1, self.close - 1 if closed else self.close


def _is_space(ch: str) -> bool:
    return ch == "" or ch.isspace()


def scan_quotes(text: str, start: int = 0, end: int | None = None) -> tuple[list[Span], list[tuple[int, str]]]:
    """Outermost quotations in text[start:end] (one paragraph) and the problems met: (offset, message)."""
    end = len(text) if end is None else end
    spans: list[Span] = []
    problems: list[tuple[int, str]] = []
    stack: list[list] = []  # [kind, offset, problems]

    def close(i: int) -> None:
        kind, at, probs = stack.pop()
        if stack:
            stack[0][2].append(f"nested quote at {at}")
            problems.append((at, "nested quote inside a quotation"))
        else:
            spans.append(Span(at, i + 1, tuple(probs)))

    for i in range(start, end):
        ch = text[i]
        prev = text[i - 1] if i > start else ""
        nxt = text[i + 1] if i + 1 < end else ""
        if ch in _DOUBLE_OPEN:
            stack.append(["double", i, []])
        elif ch in _DOUBLE_CLOSE:
            while stack and stack[-1][0] in ("single", "straight-single"):
                kind, at, _ = stack.pop()
                problems.append((at, "single quote not closed before the double quote closes"))
            if stack and stack[-1][0] == "double":
                close(i)
            elif stack and stack[-1][0] == "straight":
                problems.append((i, "straight quote closed by a curly mark"))
                close(i)
            else:
                problems.append((i, "closing quote mark without an opening one"))
        elif ch == '"':
            if stack and stack[-1][0] == "straight":
                close(i)
            elif _is_space(prev) or prev in "([{—–-/":
                stack.append(["straight", i, []])
            elif any(k == "straight" for k, _, _ in stack):
                while stack[-1][0] != "straight":
                    kind, at, _ = stack.pop()
                    problems.append((at, "single quote not closed before the double quote closes"))
                close(i)
            else:
                problems.append((i, "closing quote mark without an opening one"))
        elif ch == "‘":
            if (_is_space(prev) or prev in "“\"([—–-") and not _is_space(nxt):
                stack.append(["single", i, []])
        elif ch == "’":
            if stack and stack[-1][0] == "single" and not nxt.isalnum() and not _is_space(prev):
                close(i)
        elif ch == "'":
            if stack and stack[-1][0] == "straight-single" and not nxt.isalnum() and not _is_space(prev):
                close(i)
            elif (_is_space(prev) or prev in "“\"([—–") and nxt.isalpha():
                stack.append(["straight-single", i, []])
    double_open = [s for s in stack if s[0] in ("double", "straight")]
    for kind, at, _probs in stack:
        if kind in ("single", "straight-single"):
            if not double_open:
                problems.append((at, "opening single quote with no closing mark (read as an apostrophe)"))
            continue
    if double_open:
        kind, at, probs = double_open[0]
        problems.append((at, "quotation with no closing mark before the paragraph end"))
        stop = end
        while stop > at + 1 and text[stop - 1].isspace():
            stop -= 1
        spans.append(Span(at, stop, tuple(probs) + ("no closing mark",)))
    spans.sort(key=lambda s: s.open)
    return spans, problems


# ----------------------------------------------------------------------------------------------------------------
# records

@dataclass(frozen=True)
class Quote:
    doc_id: str
    quote_id: str
    sentence_id: str
    start: int
    end: int
    text: str
    kind: str
    speaker: str
    speaker_side: str
    verb: str
    verb_class: str
    speaker_surface: str
    attribution: str  # how the speaker was found
    problems: str


@dataclass(frozen=True)
class QuoteProblem:
    doc_id: str
    offset: int
    problem: str
    context: str


@dataclass(frozen=True)
class Feature:
    doc_id: str
    sentence_id: str
    start: int
    end: int
    text: str
    feature: str
    category: str
    in_quote: bool


@dataclass
class _Speaker:
    name: str = UNKNOWN
    surface: str = ""
    how: str = "none"
    at: int = -1  # offset of the speaker expression (for later pronoun resolution)


@dataclass
class _State:
    """What attribution has seen so far in a document (for pronouns, descriptions and continuations)."""

    doc: object
    topic: object = None  # the corpus's Topic (its actors and speakers), or None
    article: object = None  # the article's one parse (analysis.nlp.ArticleParse), or None: sentences parsed alone
    persons: list[tuple[int, int, str]] = field(default_factory=list)  # (sentence index, offset, canonical)
    mentions: list[actors.Mention] = field(default_factory=list)
    quotes: list[tuple[int, int, _Speaker, str]] = field(default_factory=list)  # (sentence idx, offset, spk, verb)


def _side(name: str, topic=None) -> str:
    if name == UNKNOWN:
        return UNKNOWN
    try:
        return actors.actor_by_name(name, topic).side
    except KeyError:
        return UNKNOWN


