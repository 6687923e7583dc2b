"""TIMEX3 values as a reader writes them: "2020-FA" -> "autumn 2020", "P2W" -> "two weeks" (issue 15).

The book shows the plain words and keeps the value for a tooltip. Every value shape the tagger emits
(:mod:`analysis.chronology.normalize`) has its words here:

==========================  ===============================================================================
value                        plain
==========================  ===============================================================================
``2020``, ``2020-09``        "2020", "September 2020"
``2020-09-27``               "27 September 2020"
``2023-11-29T18:00``         "29 November 2023, 18:00" (``T24:00`` is "midnight")
``2023-11-29TEV``            "evening of 29 November 2023" (MO morning, AF afternoon, EV evening, NI night)
``2020-FA``                  "autumn 2020" (SP spring, SU summer, FA autumn, WI winter)
``2020-Q3``, ``2020-H1``     "third quarter of 2020", "first half of 2020"
``2020-W05``, ``-W05-WE``    "week 5 of 2020", "weekend of 1–2 February 2020"
``199``, ``19``              "the 1990s", "the 20th century" (TimeML decade and century prefixes)
``PAST_REF`` ...             "the past", "the present", "the future"
``P2W``, ``P1Y``, ``P30Y``   "two weeks", "a year", "30 years" (one to nine in words, 10 and more in figures)
``PXY``, ``P3DE``, ``PT4H``  "years", "three decades", "four hours" (DE decades, CE centuries)
``XXXX-09``                  "September (year unknown)"
SET ``XXXX-WXX-2TNI``        "every Tuesday night"; SET ``P1W`` "every week"; SET ``TMO`` "every morning"
==========================  ===============================================================================

The TimeML ``mod`` of a record is said in words ("less than two weeks", "about a year", "the early 1990s",
"late 2020", "before 2020") and a range's ``until`` gives "10–13 April 2021". A value of any other shape is
returned unchanged; a missing value (None, NaN, "") is "" (blank is blank). Nothing here raises.
"""

from __future__ import annotations

import datetime as dt
import re

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SEASON_NAMES = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
DAY_PARTS = {"MO": "morning", "AF": "afternoon", "EV": "evening", "NI": "night", "DT": "daytime"}
REFS = {"PAST_REF": "the past", "PRESENT_REF": "the present", "FUTURE_REF": "the future"}
_ORDINAL_WORDS = {1: "first", 2: "second", 3: "third", 4: "fourth"}
_SMALL = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine"}
# duration unit codes: (singular, plural); "M" is months in the date part and minutes in the time part
_DATE_UNITS = {"Y": ("year", "years"), "M": ("month", "months"), "W": ("week", "weeks"), "D": ("day", "days"),
               "DE": ("decade", "decades"), "CE": ("century", "centuries"), "Q": ("quarter", "quarters"),
               "WE": ("weekend", "weekends")}
_TIME_UNITS = {"H": ("hour", "hours"), "M": ("minute", "minutes"), "S": ("second", "seconds")}
# TimeML mod of an amount ("less than two weeks") and of a point or period ("early 2020", "before 2020")
_AMOUNT_MODS = {"LESS_THAN": "less than", "MORE_THAN": "more than", "EQUAL_OR_LESS": "at most",
                "EQUAL_OR_MORE": "at least", "APPROX": "about"}
_POINT_MODS = {"BEFORE": "before", "AFTER": "after", "ON_OR_BEFORE": "on or before", "ON_OR_AFTER": "on or after",
               "APPROX": "about", "LESS_THAN": "less than", "MORE_THAN": "more than"}
_PERIOD_MODS = {"START": "early", "MID": "mid", "END": "late"}

_DATE = re.compile(r"^(\d{4}|XXXX)(?:-(\d{2}|XX)(?:-(\d{2}|XX))?)?"
                   r"(?:T(?:(\d{2}):(\d{2})(?::(\d{2}))?|(MO|AF|EV|NI|DT)))?$")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")
_PART = re.compile(r"^(\d{4})-([QH])([1-4])$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})(-WE)?$")
_WEEKDAY_SET = re.compile(r"^XXXX-WXX-([1-7])(?:T(MO|AF|EV|NI))?$")
_DECADE = re.compile(r"^(\d{3})$")
_CENTURY = re.compile(r"^(\d{2})$")
_DURATION = re.compile(r"^P(?:(?P<date>(?:(?:\d+(?:\.\d+)?|X)(?:DE|CE|WE|[YMWDQ]))+))?"
                       r"(?:T(?P<time>(?:(?:\d+(?:\.\d+)?|X)[HMS])+))?$")
_PIECE = re.compile(r"(\d+(?:\.\d+)?|X)(DE|CE|WE|[YMWDQHS])")


def _blank(value) -> bool:
    return value is None or (isinstance(value, float) and value != value) or (isinstance(value, str)
                                                                              and not value.strip())


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st, 112th."""
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return str(n) + {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def amount(n, singular: str, plural: str) -> str:
    """A count of units as a reader writes it: "a year", "an hour", "three days", "30 years", "years" (n None)."""
    if n is None:
        return plural
    if isinstance(n, float) and not n.is_integer():
        return f"{n:g} {plural}"
    n = int(n)
    if n == 1:
        return ("an " if singular[0] in "aeiou" or singular == "hour" else "a ") + singular
    return f"{_SMALL.get(n, str(n))} {plural}"


def _number(text: str):
    if text == "X":
        return None
    return float(text) if "." in text else int(text)


def _duration(value: str) -> str | None:
    """"P2W" -> "two weeks"; "P1Y6M" -> "a year and six months"; "PT4H" -> "four hours"; "PXY" -> "years"."""
    m = _DURATION.match(value)
    if not m or not (m.group("date") or m.group("time")):
        return None
    parts = []
    for text, units in ((m.group("date"), _DATE_UNITS), (m.group("time"), _TIME_UNITS)):
        for n, code in _PIECE.findall(text or ""):
            if code not in units:
                return None
            parts.append(amount(_number(n), *units[code]))
    return " and ".join(parts) if len(parts) <= 2 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _clock(hh: str, mm: str) -> str:
    if hh == "24" and mm == "00":
        return "midnight"
    return f"{hh}:{mm}"


def _calendar(m: re.Match) -> str | None:
    """A calendar date (possibly with unknown parts, XXXX/XX) with its time or part of the day."""
    year, month, day, hh, mm, _ss, part = m.groups()
    try:
        if month not in (None, "XX") and not 1 <= int(month) <= 12:
            return None
        if day not in (None, "XX"):
            if month in (None, "XX"):
                return None
            if year != "XXXX":
                dt.date(int(year), int(month), int(day))  # a real day (ValueError otherwise)
            elif not 1 <= int(day) <= 31:
                return None
        if hh is not None and not (int(hh) <= 23 and int(mm) <= 59 or (hh, mm) == ("24", "00")):
            return None
    except ValueError:
        return None
    words = []
    if day not in (None, "XX"):
        words.append(str(int(day)))
    if month not in (None, "XX"):
        words.append(MONTH_NAMES[int(month) - 1])
    if year != "XXXX":
        words.append(year)
    if not words:
        return None
    out = " ".join(words)
    if year == "XXXX":
        out += " (year unknown)"
    if hh is not None:
        out += ", " + _clock(hh, mm)
    elif part:
        out = f"{DAY_PARTS[part]} of {out}"
    return out


def _weekend(year: int, week: int) -> str | None:
    try:
        sat = dt.date.fromisocalendar(year, week, 6)
    except ValueError:
        return None
    return "weekend of " + _range(sat.isoformat(), (sat + dt.timedelta(days=1)).isoformat())


def _set(value: str) -> str | None:
    """SET values: "every week", "every two weeks", "every July", "every Tuesday night", "every morning"."""
    if value in ("TMO", "TAF", "TEV", "TNI"):
        return "every " + DAY_PARTS[value[1:]]
    m = _WEEKDAY_SET.match(value)
    if m:
        day = WEEKDAY_NAMES[int(m.group(1)) - 1]
        return f"every {day}" + (f" {DAY_PARTS[m.group(2)]}" if m.group(2) else "")
    m = re.match(r"^XXXX-(\d{2})$", value)
    if m and 1 <= int(m.group(1)) <= 12:
        return "every " + MONTH_NAMES[int(m.group(1)) - 1]
    d = _DURATION.match(value)
    if d:
        pieces = _PIECE.findall((d.group("date") or "") + (d.group("time") or ""))
        if len(pieces) == 1:
            n, code = pieces[0]
            units = (_TIME_UNITS if d.group("time") else _DATE_UNITS).get(code)
            if units is None:
                return None
            number = _number(n)
            return f"every {units[0]}" if number in (1, None) else f"every {amount(number, *units)}"
    return None


def _period(value: str, mod: str = "") -> str | None:
    """A DATE/TIME value's words with a START/MID/END mod ("early 2020", "the mid-1990s", "late 20th century")."""
    early = _PERIOD_MODS.get(mod, "")
    for pattern, name in ((_DECADE, lambda m: f"{m.group(1)}0s"),
                          (_CENTURY, lambda m: f"{ordinal(int(m.group(1)) + 1)} century")):
        m = pattern.match(value)
        if m:
            span = name(m)
            return f"the mid-{span}" if early == "mid" else f"the {early + ' ' if early else ''}{span}"
    m = _SEASON.match(value)
    if m:
        words = f"{SEASON_NAMES[m.group(2)]} {m.group(1)}"
    elif (m := _PART.match(value)) is not None:
        n = int(m.group(3))
        if m.group(2) == "H" and n > 2:
            return None
        words = f"{_ORDINAL_WORDS[n]} {'quarter' if m.group(2) == 'Q' else 'half'} of {m.group(1)}"
    elif (m := _WEEK.match(value)) is not None:
        year, week = int(m.group(1)), int(m.group(2))
        if m.group(3):
            words = _weekend(year, week)
            if words is None:
                return None
        else:
            try:
                dt.date.fromisocalendar(year, week, 1)
            except ValueError:
                return None
            words = f"week {week} of {year}"
    elif (m := _DATE.match(value)) is not None:
        words = _calendar(m)
        if words is None:
            return None
    else:
        return None
    if early:
        return f"mid-{words}" if early == "mid" else f"{early} {words}"
    return words


def _range(value: str, until: str) -> str | None:
    """"2021-04-10" to "2021-04-13" -> "10–13 April 2021" (days only; other ranges "X to Y")."""
    a, b = _DATE.match(value), _DATE.match(until)
    if not (a and b and a.group(3) and b.group(3)) or "X" in value + until:
        return None
    try:
        s = dt.date(int(a.group(1)), int(a.group(2)), int(a.group(3)))
        e = dt.date(int(b.group(1)), int(b.group(2)), int(b.group(3)))
    except ValueError:
        return None
    if e < s:
        return None
    if s == e:
        return f"{s.day} {MONTH_NAMES[s.month - 1]} {s.year}"
    if (s.year, s.month) == (e.year, e.month):
        return f"{s.day}–{e.day} {MONTH_NAMES[e.month - 1]} {e.year}"
    if s.year == e.year:
        return f"{s.day} {MONTH_NAMES[s.month - 1]} – {e.day} {MONTH_NAMES[e.month - 1]} {e.year}"
    return f"{s.day} {MONTH_NAMES[s.month - 1]} {s.year} – {e.day} {MONTH_NAMES[e.month - 1]} {e.year}"


def plain_date(value, type: str = "DATE", mod: str = "", until: str = "") -> str:  # noqa: A002 (TimeML's name)
    """A TIMEX3 ``value`` (of TimeML ``type`` DATE, TIME, DURATION or SET, with its ``mod`` and a range's
    ``until``) as a reader writes it; see the module's table. An unknown shape comes back unchanged, a missing value
    as ""; never raises."""
    try:
        return _plain(value, type, mod, until)
    except Exception:  # noqa: BLE001 — a reader's label must never stop a page; the value itself is the fallback
        return "" if _blank(value) else str(value)


def _plain(value, type_, mod, until) -> str:
    if _blank(value):
        return ""
    value = str(value).strip()
    type_ = str(type_ or "DATE").upper() if not _blank(type_) else "DATE"
    mod = "" if _blank(mod) else str(mod).strip().upper()
    until = "" if _blank(until) else str(until).strip()
    if value in REFS:
        return REFS[value]
    if type_ == "SET":
        return _set(value) or value
    if value.startswith("P"):
        words = _duration(value)
        if words is None:
            return value
        if mod in _AMOUNT_MODS:
            return f"{_AMOUNT_MODS[mod]} {words}"
        return words
    if until:
        words = _range(value, until)
        if words is not None:
            return words
    if mod in _PERIOD_MODS:
        return _period(value, mod) or value
    words = _period(value)
    if words is None:
        return value
    if mod in _POINT_MODS:
        return f"{_POINT_MODS[mod]} {words}"
    return words


def plain_timex(record) -> str:
    """:func:`plain_date` of a timexes row or record (a mapping or a pandas row with ``value``, ``type`` and, when
    present, ``mod`` and ``until``)."""
    get = record.get if hasattr(record, "get") else (lambda k, d=None: getattr(record, k, d))
    return plain_date(get("value", ""), get("type", "DATE") or "DATE", get("mod", "") or "", get("until", "") or "")


def plain_span(earliest, latest) -> str:
    """The stretch of time an article speaks of (the reach table's ``earliest`` and ``latest`` values) in words:
    "1992 to 5 December 2024"; one value when both are the same or one is missing; "" when neither is known."""
    a, b = plain_date(earliest), plain_date(latest)
    if not a or not b or a == b:
        return a or b
    return f"{a} to {b}"


__all__ = ["plain_date", "plain_span", "plain_timex", "amount", "ordinal"]


def plain_columns(frame, columns, timex_rows: bool = False):
    """A copy of ``frame`` for readers: each of ``columns`` (TIMEX values) in words, its value kept in a column
    ``"<column> (TIMEX)"`` that ``render.table(..., tooltips=...)`` shows as the cell's tooltip. With
    ``timex_rows`` (a timexes table: ``value``, ``type``, ``mod``, ``until``) the ``value`` column is worded with
    its modifier and range (:func:`plain_timex`). Returns (frame, tooltips)."""
    out = frame.copy()
    tips = {}
    for column in columns:
        out[f"{column} (TIMEX)"] = frame[column]
        if timex_rows and column == "value":
            out[column] = [plain_timex(r) for r in frame.to_dict("records")]
        else:
            out[column] = [plain_date(v) for v in frame[column]]
        tips[column] = f"{column} (TIMEX)"
    return out, tips
