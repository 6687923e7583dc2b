"""Recognition: the candidate spans of every pattern, the longest kept, each resolved by ``normalize``.

``extract_timexes(text, dct, parsed=None)`` is the stable public interface (an outside benchmark calls it); see
the package docstring for the resolution rules. ``doc_timexes(doc, parsed=None)`` does it for a loaded document.
"""

from __future__ import annotations

import datetime as dt
import re

from .normalize import _AGE, _AGE_RULES, _QUARTER_VALUE, _Match, _resolve
from .patterns import _MONTH_RE, _WEEKDAY_RE, _YEAR_RE, PATTERNS
from .tense import LazyParse
from .values import ChronologyError, DCTError, When, parse_dct, parse_value


def _candidates(text: str) -> list[_Match]:
    found = []
    for order, (rule, pattern) in enumerate(PATTERNS):
        for m in pattern.finditer(text):
            if m.end() > m.start():
                found.append(_Match(m.start(), m.end(), rule, m, order))
    # longest first, then earlier rule; keep non-overlapping
    found.sort(key=lambda c: (-(c.end - c.start), c.order, c.start))
    kept: list[_Match] = []
    taken = bytearray(len(text) + 1)
    for c in found:
        if any(taken[c.start:c.end]):
            continue
        kept.append(c)
        for i in range(c.start, c.end):
            taken[i] = 1
    return sorted(kept, key=lambda c: c.start)


_LEADING_DET = re.compile(r"^(?:the|a|an)\s+", re.I)


def extract_timexes(text: str, dct: str, parsed=None) -> list[dict]:
    """TIMEX3 records for ``text`` resolved against the creation time ``dct`` (see the package docstring).

    ``parsed`` is a spaCy parse of the whole ``text`` (the document's one parse from ``analysis.nlp``); without
    it, the text is parsed once, and only if some expression needs its tense."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    ref = parse_dct(dct)
    out: list[dict] = []
    last_date: When | None = None
    memory: dict = {"_parse": LazyParse(text, parsed)}  # also: a repeated partial date (month, day) -> its value
    for c in _candidates(text):
        if c.rule in _AGE_RULES and _AGE.match(text, c.end):
            continue  # an age ("a 6-year-old boy", "52 years old") is not a temporal expression in TimeML
        rec = _resolve(text, c, ref, last_date, memory)
        if rec is None:
            continue
        start, end = rec.pop("_span", (c.start, c.end))
        start = _with_modifier(text, start, rec, out[-1]["end"] if out else 0)
        _quantity_modifier(text[start:end], rec)
        rec = {"start": start, "end": end, "text": text[start:end], **rec}
        out.append(rec)
        if rec["type"] in ("DATE", "TIME"):
            w = parse_value(rec["value"])
            if w is not None:
                last_date = w
                memory["_last_date_end"] = end
            if (w is not None or _QUARTER_VALUE.match(rec["value"])) and not rec["rule"].startswith(("ago", "earlier")):
                memory["_last_reference"] = rec["value"][:10]  # what "a year earlier" compares with
        second = _second_day(text, rec)
        if second is not None:
            out.append(second)
    return out


_AND_DAY = re.compile(r"\s+(?:and|or|&)\s+(?P<d>[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?\b(?![.,:]?\d|\s*(?:%|percent|per\b))")


def _second_day(text: str, rec: dict) -> dict | None:
    """"April 24 and 25": the second day of the month, as a DATE of its own in the same month."""
    if rec["type"] != "DATE" or not rec["rule"].startswith("partial_date") \
            or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", rec["value"]):
        return None
    m = _AND_DAY.match(text, rec["end"])
    if not m:
        return None
    try:
        day = dt.date(int(rec["value"][:4]), int(rec["value"][5:7]), int(m.group("d")))
    except ValueError:
        return None
    start, end = m.start("d"), m.end()
    return {"start": start, "end": end, "text": text[start:end], "type": "DATE", "value": day.isoformat(),
            "anchor": f"previous {rec['value']}", "rule": "second_day"}


_MOD_BEFORE = re.compile(r"\b(early|late|mid|later|earlier|the\s+(?:end|beginning|start|middle)\s+of)(?:[ \t]+|-)$", re.I)
_MODIFIABLE = re.compile(rf"(?:{_MONTH_RE}|{_WEEKDAY_RE}|this\b|next\b|last\b|yesterday\b|today\b|tomorrow\b|"
                         rf"tonight\b|{_YEAR_RE}\b)", re.I)
_MODS = {"early": "START", "late": "END", "mid": "MID", "the end of": "END", "the beginning of": "START",
         "the start of": "START", "the middle of": "MID"}


def _with_modifier(text: str, start: int, rec: dict, floor: int) -> int:
    """The start of a DATE/TIME widened over a modifier before it, as TimeML spans it ("early November", "late
    yesterday", "mid-November", "early next year"); the modifier goes to ``mod`` (START, MID, END)."""
    if rec["type"] not in ("DATE", "TIME") or not _MODIFIABLE.match(text, start):
        return start
    m = _MOD_BEFORE.search(text[max(floor, start - 20):start])
    if not m or (re.match(_YEAR_RE, text[start:start + 4]) and not m.group(1).lower().startswith("the")):
        return start  # a bare year takes only "the end of ..." here ("early 1990" is the year rule's own)
    word = re.sub(r"\s+", " ", m.group(1).lower())
    if word in _MODS:
        rec.setdefault("mod", _MODS[word])
    return start - len(m.group(0))



# TimeML ``mod`` of a quantity's qualifier at the start of the span ("less than two weeks", "about a year ago")
_QUANTITY_MODS = [
    (re.compile(r"^(?:less|fewer)\s+than\b|^(?:almost|nearly|under)\b", re.I), "LESS_THAN"),
    (re.compile(r"^(?:more\s+than|over)\b", re.I), "MORE_THAN"),
    (re.compile(r"^at\s+least\b", re.I), "EQUAL_OR_MORE"),
    (re.compile(r"^(?:up\s+to|at\s+most)\b", re.I), "EQUAL_OR_LESS"),
    (re.compile(r"^(?:about|around|roughly|some|approximately)\b", re.I), "APPROX"),
]


def _quantity_modifier(span: str, rec: dict) -> None:
    """Record the qualifier of an amount ("less than", "about", "more than") as ``mod``; "early/mid/late" are
    START/MID/END (set by the rules and by ``_with_modifier``)."""
    if rec.get("mod"):
        return
    for pattern, mod in _QUANTITY_MODS:
        if pattern.search(span):
            if rec["type"] == "DATE" and mod in ("MORE_THAN", "LESS_THAN"):
                # "more than two years ago" is before that year, "less than a year ago" after it
                mod = "BEFORE" if mod == "MORE_THAN" else "AFTER"
            rec["mod"] = mod
            return
    if rec.get("mod") == "":
        rec.pop("mod")


# Stand-in creation time for a document whose publication date is unknown: expressions resolved against it
# (anchor "DCT …", or a value before the year 1000) are kept with an empty value instead of an invented date.
UNKNOWN_DCT = "0500"
NO_DCT_RULE = "unresolved: publication date unknown"


def dct_of(doc) -> str | None:
    """The document's publication date as a DCT, or None when it is unknown (a corpus without metadata)."""
    published = doc.value("published")
    if not published:
        return None
    try:
        parse_dct(str(published))
    except DCTError as exc:
        raise ChronologyError(f"{doc.path}: field 'published': {exc}") from None
    return str(published)


def doc_timexes(doc, parsed=None) -> list[dict]:
    """The timexes of a document (offsets into ``doc.text``) with its ``doc_id`` and ``sentence_id``.

    ``parsed`` is the document's one parse (``analysis.nlp.parse_document``); without it the document is parsed
    (through the parse cache) only if an expression needs the tense. Without a publication date, absolute
    expressions ("24 October 1992", "the early 1990s", durations) keep their values; those that need the date
    ("last month", "December 5") are listed with an empty value and the rule ``unresolved: publication date
    unknown`` rather than dropped or guessed.
    """
    dct = dct_of(doc)
    if parsed is None:
        parsed = LazyParse(doc.text, _DocumentParse(doc))
    out = []
    for t in extract_timexes(doc.text, dct or UNKNOWN_DCT, parsed=parsed):
        if dct is None and (t["anchor"].startswith(("DCT", "previous 0")) or t["value"][:1] == "0"):
            t = {**t, "value": "", "anchor": "", "rule": NO_DCT_RULE}
        sentence = doc.sentence_at(t["start"])
        out.append({"doc_id": doc.doc_id, "sentence_id": sentence.sentence_id if sentence else "", **t})
    return out


class _DocumentParse:
    """The document's parse through ``analysis.nlp.parse_document`` (its sentences, the parse cache), on demand."""

    def __init__(self, doc):
        self.doc = doc

    def get(self):
        from .. import nlp

        return nlp.parse_document(self.doc)
