"""Normalization: a recognized span to its TIMEX3 type and value, resolved against the DCT, the tense, the last
date mentioned.

:func:`_resolve` is a dispatcher over a table of small rules, one per pattern name of :mod:`.patterns` (several
names may share a rule), grouped below by family: explicit dates, months and seasons, years/decades/centuries,
quarters, relative units and offsets, days/weekdays/clock times, vague references, durations, holidays, sets. A
rule reads one candidate (:class:`_Ctx`) and returns its record, or None when the span is no timex; a ValueError
or KeyError inside a rule (an impossible date, an unknown word) also means None.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from .patterns import NUMBERS, ORDINALS, SEASONS, UNITS, WEEKDAYS, _day, _duration_value, _month, _num, _unit
from .tense import _choose, _sentence_bounds, tense
from .values import (
    When,
    _clock,
    _day_offset,
    _season_year,
    _shift,
    _unit_value,
    _weekday,
    _year_candidates,
    holiday_date,
    parse_value,
)


@dataclass
class _Match:
    start: int
    end: int
    rule: str
    m: re.Match
    order: int



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


@dataclass
class _Ctx:
    """One candidate being resolved: the text, the match and its named groups (those that matched), the DCT
    (``ref``), the last date mentioned and the text's memory (repeated partial dates, the last date's end, the
    last reference, its one parse)."""

    text: str
    c: _Match
    g: dict
    rule: str
    ref: When
    last: When | None
    memory: dict
    parsed: object  # the text's one parse (a LazyParse), read by every tense() of a rule
    dct_anchor: str

    def rec(self, type_, value, anchor="absolute", why=None, **extra) -> dict:
        """A timex record; its rule is the pattern's name unless ``why`` names it."""
        return {"type": type_, "value": value, "anchor": anchor, "rule": self.rule if why is None else why, **extra}

    def tense(self, **kw) -> str:
        """The tense around the span (``calendar=True``: for a calendar date)."""
        return tense(self.text, self.c.start, self.c.end, parsed=self.parsed, **kw)


_Rule = Callable[[_Ctx], "dict | None"]
# pattern name -> its rule. Each name has exactly one rule (registering a second raises), so looking the name up
# gives the rule the old if-chain reached first, whatever the order of the families below.
_RULES: dict[str, _Rule] = {}


def _rule(*names: str) -> Callable[[_Rule], _Rule]:
    """Register a rule for the pattern names it resolves (each name has exactly one rule)."""
    def register(fn: _Rule) -> _Rule:
        for name in names:
            if name in _RULES:
                raise ValueError(f"two rules for the pattern {name!r}")
            _RULES[name] = fn
        return fn
    return register


def _resolve(text: str, c: _Match, ref: When, last: When | None, memory: dict) -> dict | None:
    """The TIMEX3 record of one candidate (type, value, anchor, rule and extras), or None: no timex."""
    g = {k: v for k, v in c.m.groupdict().items() if v is not None}
    parsed = memory.get("_parse")
    if not g.get("m", "A")[0].isupper() or (c.rule == "weekday" and not g["w"][0].isupper()):
        return None  # month and day names are capitalized; "march", "may" in lower case are verbs
    x = _Ctx(text, c, g, c.rule, ref, last, memory, parsed, f"DCT {ref.value()}")
    rule = _RULES.get(c.rule)
    if rule is None:
        return None
    try:
        return rule(x)
    except (ValueError, KeyError):
        return None


_MODS = {"early": "START", "mid": "MID", "late": "END"}
_CLOCK_WORDS = {"noon": "12:00", "midnight": "24:00"}


# --- explicit dates: a day with its month (and year, clock time, range, weekday) --------------------------------

@_rule("full_date_time", "full_date_time_mdy", "iso_date")
def _full_date(x: _Ctx) -> dict | None:
    g = x.g
    w = When(int(g["y"]), _month(g["m"]) if not g["m"].isdigit() else int(g["m"]), _day(g["d"]))
    w.interval()
    if g.get("t"):
        return x.rec("TIME", w.value() + "T" + _clock(g["t"]), why="full_date_time")
    return x.rec("DATE", w.value(), why="full_date")


@_rule("range")
def _range(x: _Ctx) -> dict | None:
    g, ref = x.g, x.ref
    mo, d1, d2 = _month(g["m"]), _day(g["d"]), _day(g["d2"])
    if g.get("y"):
        w = When(int(g["y"]), mo, d1)
        w.interval()
        return x.rec("DATE", w.value(), why="range", until=When(int(g["y"]), mo, d2).value())
    cands = _year_candidates(ref, mo, d1)
    mode = x.tense(calendar=True)
    w = _choose(cands, ref, mode)
    if ref.precision == "year":
        return x.rec("DATE", When(ref.year, mo).value(), x.dct_anchor, f"range/{mode}")
    return x.rec("DATE", w.value(), x.dct_anchor, f"range/{mode}", until=When(w.year, mo, d2).value())


@_rule("partial_date", "partial_date_dm")
def _partial_date(x: _Ctx) -> dict | None:
    g, ref, memory = x.g, x.ref, x.memory
    mo, d = _month(g["m"]), _day(g["d"])
    if g["m"].lower().startswith("may") and x.rule == "partial_date_dm":
        return None
    if ref.precision == "year":
        return x.rec("DATE", f"{ref.year:04d}-{mo:02d}-{d:02d}", x.dct_anchor, "partial_date/dct_year")
    if (mo, d) in memory:
        return x.rec("DATE", memory[(mo, d)], x.dct_anchor, "partial_date/repeated")
    mode = x.tense(calendar=True)
    w = _choose(_year_candidates(ref, mo, d), ref, mode)
    memory[(mo, d)] = w.value()
    return x.rec("DATE", w.value(), x.dct_anchor, f"partial_date/{mode}")


@_rule("weekday_date")
def _weekday_date(x: _Ctx) -> dict | None:
    g, ref = x.g, x.ref
    mo, d = _month(g["m"]), _day(g["d"])
    if g.get("y"):
        w = When(int(g["y"]), mo, d)
    elif ref.precision == "year":
        w = When(ref.year, mo, d)
    else:
        w = _choose(_year_candidates(ref, mo, d), ref, "present")
    w.interval()
    return x.rec("DATE", w.value(), x.dct_anchor if not g.get("y") else "absolute", "weekday_date")


@_rule("time_date")
def _time_date(x: _Ctx) -> dict | None:
    # "5 p.m. EST Nov. 9": the date as a partial date, with the clock time
    g, ref, memory = x.g, x.ref, x.memory
    t = g["t"].lower()
    clock = _CLOCK_WORDS.get(t) or _clock(g["t"])
    mo, d = _month(g["m"]), _day(g["d"])
    if g.get("y"):
        w, anchor = When(int(g["y"]), mo, d), "absolute"
    elif ref.precision == "year":
        w, anchor = When(ref.year, mo, d), x.dct_anchor
    elif (mo, d) in memory:
        w, anchor = parse_value(memory[(mo, d)]), x.dct_anchor
    else:
        w, anchor = _choose(_year_candidates(ref, mo, d), ref, x.tense(calendar=True)), x.dct_anchor
    w.interval()
    return x.rec("TIME", w.value() + (f"T{clock}" if clock else ""), anchor, "time_date")


# --- months and seasons -----------------------------------------------------------------------------------------

@_rule("month_year")
def _month_year(x: _Ctx) -> dict | None:
    w = When(int(x.g["y"]), _month(x.g["m"]))
    return x.rec("DATE", w.value(), why="month_year")


@_rule("season_year")
def _season_year_rule(x: _Ctx) -> dict | None:
    return x.rec("DATE", f"{int(x.g['y']):04d}-{SEASONS[x.g['s'].lower()]}", why="season_year")


@_rule("relative_month")
def _relative_month(x: _Ctx) -> dict | None:
    ref = x.ref
    mo = _month(x.g["m"])
    r = x.g["rel"].lower()
    if r == "this":
        return x.rec("DATE", When(ref.year, mo).value(), x.dct_anchor, "this_month_name")
    past = r in ("last", "past")
    rs, re_ = ref.interval()
    cands = [When(ref.year + k, mo) for k in (-1, 0, 1)]
    if past:
        w = max((c for c in cands if c.interval()[1] < rs), key=lambda c: c.year)
    else:
        w = min((c for c in cands if c.interval()[0] > re_), key=lambda c: c.year)
    return x.rec("DATE", w.value(), x.dct_anchor, f"{r}_month_name")


@_rule("month_relative_year")
def _month_relative_year(x: _Ctx) -> dict | None:
    rel = x.g["rel"].lower()
    k = {"this": 0, "last": -1, "next": 1}[rel]
    return x.rec("DATE", When(x.ref.year + k, _month(x.g["m"])).value(), x.dct_anchor, f"month_of_{rel}_year")


@_rule("relative_season")
def _relative_season(x: _Ctx) -> dict | None:
    r = re.sub(r"\s+", " ", x.g["rel"].lower())
    code = SEASONS[x.g["s"].lower()]
    if r in ("this past", "this coming"):
        # the season of that name just before (after) the DCT
        y = _season_year(x.ref, code, "past" if r == "this past" else "future")
        return x.rec("DATE", f"{y:04d}-{code}", x.dct_anchor, f"{r.replace(' ', '_')}_season")
    k = {"this": 0, "last": -1, "past": -1, "next": 1, "coming": 1}[r]
    return x.rec("DATE", f"{x.ref.year + k:04d}-{code}", x.dct_anchor, f"{r}_season")


@_rule("season")
def _season(x: _Ctx) -> dict | None:
    # "the summer", "over the summer": the season of that name nearest the DCT on the side the tense says
    code = SEASONS[x.g["s"].lower()]
    mode = x.tense()
    y = _season_year(x.ref, code, mode)
    mod = _MODS.get((x.g.get("mod") or "").lower())
    return x.rec("DATE", f"{y:04d}-{code}", x.dct_anchor, f"season/{mode}", **({"mod": mod} if mod else {}))


@_rule("month")
def _month_name(x: _Ctx) -> dict | None:
    ref = x.ref
    mo = _month(x.g["m"])
    if ref.precision == "year":
        return x.rec("DATE", When(ref.year, mo).value(), x.dct_anchor, "month/dct_year")
    mode = x.tense(calendar=True)
    cands = [When(ref.year + k, mo) for k in (-1, 0, 1)]
    return x.rec("DATE", _choose(cands, ref, mode).value(), x.dct_anchor, f"month/{mode}")


# --- years, decades, centuries ----------------------------------------------------------------------------------

@_rule("year_end")
def _year_end(x: _Ctx) -> dict | None:
    return x.rec("DATE", f"{x.ref.year:04d}", x.dct_anchor, "year_end", mod="END")


@_rule("decade", "decade_short")
def _decade(x: _Ctx) -> dict | None:
    dec = x.g["dec"]
    if x.rule == "decade_short":
        dec = ("19" if int(dec) >= 30 else "20") + dec
    value = dec[:3]
    mod = x.g.get("mod", "").lower()
    return x.rec("DATE", value, why="decade" + (f"/{mod}" if mod else ""), mod=_MODS.get(mod, ""))


@_rule("year_possessive")
def _year_possessive(x: _Ctx) -> dict | None:
    k = {"last": -1, "this": 0, "next": 1}[x.g["rel"].lower()]
    u = x.g["u"].lower()
    return x.rec("DATE", _unit_value(x.ref, u, k), x.dct_anchor, f"{x.g['rel'].lower()}_{u}")


@_rule("spelled_year")
def _spelled_year(x: _Ctx) -> dict | None:
    words = re.split(r"[\s-]+", x.g["sy"].lower())
    if words[:2] == ["two", "thousand"]:
        rest = [w for w in words[2:] if w != "and"]
        y = 2000 + (NUMBERS[rest[0]] if rest else 0)
    else:
        y = 1900 + sum(NUMBERS[w] for w in words[1:])
    return x.rec("DATE", f"{y:04d}", why="spelled_year")


@_rule("century")
def _century(x: _Ctx) -> dict | None:
    return x.rec("DATE", f"{int(x.g['c']) - 1:02d}", why="century")


@_rule("the_year")
def _the_year(x: _Ctx) -> dict | None:
    # "the year" in news is the year being reported on: the DCT's (the latest: the one before); "the year ended
    # March 31" is a twelve-month period, a DURATION in TimeML
    g, c, text, last = x.g, x.c, x.text, x.last
    adj = re.sub(r"\s+", " ", (g.get("adj") or "").lower())
    if not g.get("end") and re.match(r"\s+(?:ended|ending)\b", text[c.end:c.end + 10]):
        return x.rec("DURATION", "P1Y", why="the_year/period")
    mod = {"mod": "END"} if g.get("end", "").lower().startswith("the end") else {}
    if adj.startswith("latest"):
        return x.rec("DATE", f"{x.ref.year - 1:04d}", x.dct_anchor, "the_latest_year")
    s0, _ = _sentence_bounds(text, c.start, c.end)
    if last is not None and x.memory.get("_last_date_end", -1) > s0:
        # a date earlier in the same sentence sets the year: "In 1992 ... by the end of the year"
        return x.rec("DATE", f"{last.year:04d}", f"previous {last.value()}", "the_year/previous", **mod)
    return x.rec("DATE", f"{x.ref.year:04d}", x.dct_anchor, "the_year", **mod)


@_rule("decade_word")
def _decade_word(x: _Ctx) -> dict | None:
    n = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
         "eighties": 8, "nineties": 9}[x.g["dw"].lower()]
    mod = (x.g.get("mod") or "").lower()
    return x.rec("DATE", f"19{n}", why="decade_word" + (f"/{mod}" if mod else ""))


@_rule("fiscal_year")
def _fiscal_year(x: _Ctx) -> dict | None:
    return x.rec("DATE", f"{int(x.g['y']):04d}", why="fiscal_year")


@_rule("year")
def _year(x: _Ctx) -> dict | None:
    return x.rec("DATE", f"{int(x.g['y']):04d}", why="year")


# --- quarters and halves ----------------------------------------------------------------------------------------

@_rule("quarter")
def _quarter(x: _Ctx) -> dict | None:
    g, ref = x.g, x.ref
    q = ORDINALS[g["ord"].lower()]
    half = g["u"].lower() == "half"
    ytxt = g.get("y") or g.get("y2")
    if ytxt and ytxt[0].isdigit():
        y, anchor = int(ytxt), "absolute"
    elif ytxt:
        y, anchor = ref.year + {"this": 0, "last": -1, "next": 1}[ytxt.split()[0].lower()], x.dct_anchor
    else:
        y, anchor = ref.year, x.dct_anchor
    if half:
        if q > 2:
            return None
        return x.rec("DATE", f"{y:04d}-H{q}", anchor, "half")
    return x.rec("DATE", f"{y:04d}-Q{q}", anchor, "quarter")


@_rule("this_quarter")
def _this_quarter(x: _Ctx) -> dict | None:
    ref = x.ref
    if ref.month is None:
        return x.rec("DATE", f"{ref.year:04d}", x.dct_anchor, "this_quarter/dct_year")
    adj = (x.g.get("adj") or x.g.get("adj2") or "").lower()
    k = 0 if adj == "current" else -1  # "the quarter" in a report is the one just ended
    return x.rec("DATE", _unit_value(ref, "quarter", k), x.dct_anchor, "this_quarter")


@_rule("quarter_compound")
def _quarter_compound(x: _Ctx) -> dict | None:
    # "the 1988 third quarter", "the year-ago third quarter", "next year's first quarter", "the fiscal first
    # quarter", "the 1988 quarter" (the quarter being reported on, in that year)
    g, ref = x.g, x.ref
    if g.get("ord"):
        q = ORDINALS[g["ord"].lower()]
    else:
        if g.get("fiscal"):
            return None
        last_ref = x.memory.get("_last_reference") or ""
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
        y, anchor = ref.year + k, x.dct_anchor
    else:
        y, anchor = ref.year, x.dct_anchor
    return x.rec("DATE", f"{y:04d}-Q{q}", anchor, "quarter_compound")


@_rule("year_ago_period")
def _year_ago_period(x: _Ctx) -> dict | None:
    # business reporting: "the year-earlier quarter" is the last reported quarter, a year before
    if x.ref.month is None:
        return x.rec("DATE", f"{x.ref.year - 1:04d}", x.dct_anchor, "year_ago")
    return x.rec("DATE", _unit_value(x.ref, "quarter", -5), x.dct_anchor, "year_ago_quarter")


# --- relative units and offsets: "last week", "within the month", "three days ago", "the following year" -------

@_rule("relative_unit")
def _relative_unit(x: _Ctx) -> dict | None:
    r = re.sub(r"\s+", " ", x.g["rel"].lower())
    u = x.g["u"].lower()
    if r in ("the past", "the previous", "past", "the coming", "coming") and u != "weekend":
        # "the past year" is a period of one year up to now: a duration in TimeML
        return x.rec("DURATION", _duration_value(1, u), why=f"{r.replace(' ', '_')}_{u}")
    if r == "the same":
        return None
    k = {"this": 0, "current": 0, "the current": 0, "last": -1, "previous": -1, "next": 1}[r]
    return x.rec("DATE", _unit_value(x.ref, u, k), x.dct_anchor, f"{r.replace(' ', '_')}_{u}")


@_rule("within_unit")
def _within_unit(x: _Ctx) -> dict | None:
    u = x.g["u"].lower()
    value = _unit_value(x.ref, u, 0)
    return x.rec("DATE", value, x.dct_anchor, f"{x.g['rel'].lower()}_this_{u}")


@_rule("the_unit")
def _the_unit(x: _Ctx) -> dict | None:
    return None


@_rule("ago")
def _ago(x: _Ctx) -> dict | None:
    g, c = x.g, x.c
    n = _num(g["n"])
    u = _unit(g["u"])
    direction = g["dir"].lower()
    last_ref = x.memory.get("_last_reference")
    if direction in ("later", "before") or (direction == "earlier" and u != "year"):
        # TimeML: in "three days later" the amount is a DURATION and "later" a signal, not part of it
        return x.rec("DURATION", _duration_value(n, u), why=f"duration_{direction}", _span=(c.start, c.m.end("u")))
    if n is None:
        return x.rec("DATE", "PAST_REF", x.dct_anchor, "ago/vague")
    if u == "year" and last_ref and (direction == "earlier" or _QUARTER_VALUE.match(last_ref)):
        # "a year earlier" compares with the period just mentioned ("the third quarter" -> that quarter a year
        # before); "a year ago" in a report on a quarter is the same quarter a year before
        return x.rec("DATE", _shift_years(last_ref, -n), f"previous {last_ref}", f"{direction}/previous")
    k = n if direction == "later" else -n
    return x.rec("DATE", _unit_value(x.ref, u, k), x.dct_anchor, "ago" if direction == "ago" else f"offset_{direction}")


@_rule("anaphoric")
def _anaphoric(x: _Ctx) -> dict | None:
    r = re.sub(r"\s+", " ", x.g["rel"].lower())
    u = x.g["u"].lower()
    if x.last is None:
        base, anchor = x.ref, x.dct_anchor
    else:
        base, anchor = x.last, f"previous {x.last.value()}"
    shift = {"that": 0, "the same": 0, "the following": 1, "the next": 1, "the previous": -1,
             "the preceding": -1}[r]
    return x.rec("DATE", _shift(base, u, shift), anchor, f"anaphoric_{u}")


# --- days, weekdays, parts of days and clock times --------------------------------------------------------------

_DEADLINE_BEFORE = re.compile(r"\b(?:as\s+soon\s+as|until|till|no\s+later\s+than)\s+(?:on\s+)?$", re.I)


def _weekday_mode(text: str, c: "_Match", parsed=None) -> str:
    """The tense deciding a bare weekday, with two weekday-specific cues: a deadline ("until Tuesday", "as soon as
    Tuesday") looks ahead unless the sentence is in the past perfect; a possessive ("Thursday's closing price") reports what already happened."""
    if _DEADLINE_BEFORE.search(text[max(0, c.start - 30):c.start]):
        s, e = _sentence_bounds(text, c.start, c.end)
        if not re.search(r"\bhad\b", text[s:e], re.I):  # "Until Thursday, they had not called him a suspect"
            return "future"
    if re.match(r"['’]s\b", text[c.end:c.end + 3]):
        return "past"
    return tense(text, c.start, c.end, parsed=parsed)


@_rule("deictic_day")
def _deictic_day(x: _Ctx) -> dict | None:
    w = x.g["w"].lower()
    k = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0}[w]
    value = _day_offset(x.ref, k)
    if w == "tonight" and x.ref.precision == "day":
        value += "TNI"
    return x.rec("DATE" if w != "tonight" else "TIME", value, x.dct_anchor, w)


@_rule("day_part")
def _day_part(x: _Ctx) -> dict | None:
    part = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}[x.g["part"].lower()]
    r = x.g["rel"].lower()
    if r in WEEKDAYS:
        base = _weekday(x.ref, WEEKDAYS[r], x.tense())
    else:
        base = _day_offset(x.ref, {"this": 0, "yesterday": -1, "tomorrow": 1, "last": -1}[r])
    return x.rec("TIME", base + (f"T{part}" if len(base) == 10 else ""), x.dct_anchor, "day_part")


@_rule("weekday_rel")
def _weekday_rel(x: _Ctx) -> dict | None:
    ref = x.ref
    r = re.sub(r"\s+", " ", x.g["rel"].lower())
    wd = WEEKDAYS[x.g["w"].lower()]
    if ref.precision != "day":
        return x.rec("DATE", ref.value(), x.dct_anchor, f"{r.replace(' ', '_')}_weekday")
    d = dt.date(ref.year, ref.month, ref.day)
    if r in ("last", "this past", "the previous"):
        delta = -((d.weekday() - wd) % 7 or 7)
    elif r in ("next", "this coming"):
        delta = (wd - d.weekday()) % 7 or 7
    else:
        back, fwd = (d.weekday() - wd) % 7, (wd - d.weekday()) % 7
        delta = -back if back <= fwd else fwd
    return x.rec("DATE", (d + dt.timedelta(days=delta)).isoformat(), x.dct_anchor, f"{r.replace(' ', '_')}_weekday")


@_rule("time_weekday")
def _time_weekday(x: _Ctx) -> dict | None:
    t = x.g["t"].lower()
    clock = _CLOCK_WORDS.get(t) or _clock(x.g["t"])
    base = _weekday(x.ref, WEEKDAYS[x.g["w"].lower()], _weekday_mode(x.text, x.c, x.parsed))
    return x.rec("TIME", base + (f"T{clock}" if len(base) == 10 and clock else ""), x.dct_anchor, "time_weekday")


@_rule("weekend")
def _weekend(x: _Ctx) -> dict | None:
    ref = x.ref
    if ref.precision != "day":
        return x.rec("DATE", ref.value(), x.dct_anchor, "weekend/dct_imprecise")
    d = dt.date(ref.year, ref.month, ref.day)
    if d.weekday() < 5:  # a weekday article speaks of the weekend before
        d -= dt.timedelta(days=7)
    iso = d.isocalendar()
    return x.rec("DATE", f"{iso[0]:04d}-W{iso[1]:02d}-WE", x.dct_anchor, "weekend")


@_rule("weekday")
def _weekday_name(x: _Ctx) -> dict | None:
    mode = _weekday_mode(x.text, x.c, x.parsed)
    return x.rec("DATE", _weekday(x.ref, WEEKDAYS[x.g["w"].lower()], mode), x.dct_anchor, f"weekday/{mode}")


@_rule("time", "time_word")
def _time(x: _Ctx) -> dict | None:
    ref, last = x.ref, x.last
    t = x.g["t"].lower()
    clock = {"noon": "12:00", "midday": "12:00", "midnight": "24:00"}.get(t) or _clock(x.g["t"])
    if clock is None:
        return None
    s0, _ = _sentence_bounds(x.text, x.c.start, x.c.end)
    if last is not None and last.day and x.memory.get("_last_date_end", -1) > s0:
        # a clock time after a day named in the same sentence is on that day: "on Oct. 23 ... at 10 p.m."
        return x.rec("TIME", f"{last.value()[:10]}T{clock}", f"previous {last.value()}", "time/previous")
    if ref.precision == "day":
        return x.rec("TIME", f"{ref.value()[:10]}T{clock}", x.dct_anchor, "time")
    return x.rec("TIME", ref.value(), x.dct_anchor, "time/dct_imprecise")


# --- vague references: now, recently, in the future -------------------------------------------------------------

@_rule("vague_future")
def _vague_future(x: _Ctx) -> dict | None:
    return x.rec("DATE", "FUTURE_REF", x.dct_anchor, "vague_future")


@_rule("present_ref")
def _present_ref(x: _Ctx) -> dict | None:
    text, c = x.text, x.c
    if x.g["w"] == "Now" and re.match(r"\s*(?:,|for\b)", text[c.end:c.end + 5]) \
            and not text[:c.start].rstrip(" \"“'‘").endswith(tuple(",;:")):
        return None  # "Now, he says, ..." / "Now for the quiz": a discourse marker, not a time
    return x.rec("DATE", "PRESENT_REF", x.dct_anchor, "present_ref")


@_rule("past_ref")
def _past_ref(x: _Ctx) -> dict | None:
    w = x.g["w"].lower()
    if w == "once":
        return None
    if x.g.get("u") and not x.g["u"].lower().startswith("year"):
        # "in recent weeks" is a stretch of time up to now, like "the past few weeks": DURATION PXW ("recent
        # years" stays PAST_REF: so TimeBank annotates it more often than not)
        u = _unit(x.g["u"])
        return x.rec("DURATION", _duration_value(None, u), why="recent_units")
    return x.rec("DATE", "PAST_REF", x.dct_anchor, "past_ref")


@_rule("future_ref")
def _future_ref(x: _Ctx) -> dict | None:
    return x.rec("DATE", "FUTURE_REF", x.dct_anchor, "future_ref")


# --- durations --------------------------------------------------------------------------------------------------

@_rule("duration_adj")
def _duration_adj(x: _Ctx) -> dict | None:
    n = _num(x.g["n"])
    return x.rec("DURATION", _duration_value(n, _unit(x.g["u"])), why="duration_adjective")


@_rule("duration")
def _duration(x: _Ctx) -> dict | None:
    g, c, text = x.g, x.c, x.text
    n = _num(g["n"])
    u = _unit(g["u"])
    if g["n"].lower() in ("some", "many") and not g.get("det"):
        return None
    if g["n"].lower() in ("a", "an") and not g.get("det") and not _duration_context(text, c.start):
        return None
    if u == "quarter" and _FRACTION.search(text[c.m.start("n"):c.end + 12]):
        return None  # "three-quarters of its food", "more than a quarter of the market": fractions
    span = (c.start, c.end)
    return x.rec("DURATION", _duration_value(n, u), why="duration", _span=span)


@_rule("duration_plain")
def _duration_plain(x: _Ctx) -> dict | None:
    u = _unit(x.g["u"])
    return x.rec("DURATION", _duration_value(1, u), why="duration_unit")


@_rule("duration_plural")
def _duration_plural(x: _Ctx) -> dict | None:
    return x.rec("DURATION", _duration_value(None, _unit(x.g["u"])), why="duration_vague")


@_rule("duration_plural_prep")
def _duration_plural_prep(x: _Ctx) -> dict | None:
    # "for years", "within weeks": an unspecified number of units; the preposition is not part of it
    return x.rec("DURATION", _duration_value(None, _unit(x.g["u"])), why="duration_vague",
                 _span=(x.c.m.start("u"), x.c.m.end("u")))


@_rule("duration_ahead")
def _duration_ahead(x: _Ctx) -> dict | None:
    return x.rec("DURATION", _duration_value(None, _unit(x.g["u"])), why="duration_ahead")


_A_DURATION_CONTEXT = re.compile(
    r"(?:for|over|in|within|during|after|before|about|almost|nearly|exactly|than|past|last|first|next|only|just|least|"
    r"up\s+to|half|full|entire|whole|barely|long\s+as)\s*$", re.I)


def _duration_context(text: str, start: int) -> bool:
    return bool(_A_DURATION_CONTEXT.search(text[max(0, start - 20):start]))


# --- holidays ---------------------------------------------------------------------------------------------------

@_rule("holiday")
def _holiday(x: _Ctx) -> dict | None:
    g, ref = x.g, x.ref
    name = g["hol"]
    if not name[0].isupper():
        return None
    is_week = name.lower().endswith("week")
    if g.get("y"):
        d, anchor, why = holiday_date(name, int(g["y"])), "absolute", "holiday"
    else:
        cands = [holiday_date(name, ref.year + k) for k in (-1, 0, 1)]
        mode = x.tense(calendar=True)
        w = _choose([When(c.year, c.month, c.day) for c in cands], ref, mode)
        d, anchor, why = dt.date(w.year, w.month, w.day), x.dct_anchor, f"holiday/{mode}"
    if d is None:
        return None
    if is_week:
        iso = d.isocalendar()
        return x.rec("DATE", f"{iso[0]:04d}-W{iso[1]:02d}", anchor, why)
    return x.rec("DATE", d.isoformat(), anchor, why)


# --- sets: "each July", "every Thursday", "Tuesday nights", "twice a week", "daily" -----------------------------

@_rule("set_calendar", "set_weekdays")
def _set_calendar(x: _Ctx) -> dict | None:
    # TimeML SETs: "each July" XXXX-07, "every Thursday" XXXX-WXX-4, "Tuesday nights" XXXX-WXX-2TNI
    g, c = x.g, x.c
    if g.get("m"):
        if not g["m"][0].isupper():
            return None
        return x.rec("SET", f"XXXX-{_month(g['m']):02d}", why=x.rule)
    w = g["w"]
    if not w[0].isupper():
        return None
    day = WEEKDAYS[re.match(r"[a-z]+day", w.lower()).group(0)] + 1
    part = (g.get("part") or "").lower().rstrip("s")
    suffix = {"morning": "TMO", "afternoon": "TAF", "evening": "TEV", "night": "TNI"}.get(part, "")
    start = c.m.start("w") if x.rule == "set_weekdays" else c.start  # "each Thursday", but not "on"
    return x.rec("SET", f"XXXX-WXX-{day}{suffix}", why=x.rule, _span=(start, c.end))


@_rule("set")
def _set(x: _Ctx) -> dict | None:
    g = x.g
    u = _unit(g.get("u") or g.get("u2") or g.get("u3") or "")
    word = g["set"].lower()
    if word in ("annually", "yearly"):
        u = "year"
    elif word in ("daily", "weekly", "monthly"):
        u = {"daily": "day", "weekly": "week", "monthly": "month"}[word]
    if u in ("morning", "night"):
        return x.rec("SET", "TMO" if u == "morning" else "TNI", why="set")
    n = _num(g["n"]) if g.get("n") else 1
    if u not in UNITS:
        return None
    return x.rec("SET", _duration_value(n, u), why="set")

