"""Calendar values known to a precision (TIMEX3 DATE values), their intervals, and calendar arithmetic.

``When`` is a year, month or day (with an optional clock time); ``value_interval`` turns any DATE value the tagger
emits (years, months, days, decades, seasons, quarters, weeks) into the calendar interval it covers, and
``compatible`` says whether one value contains the other (a month contains its days).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

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



class ChronologyError(ValueError):
    pass


NON_CALENDAR = {"PRESENT_REF", "PAST_REF", "FUTURE_REF"}
_PRECISION_RANK = {"day": 3, "month": 2, "year": 1}


def rank(value: str) -> int:
    """3 for a day, 2 for a month, 1 for a year, 0 for anything else (decades, seasons, *_REF, empty)."""
    w = parse_value(value)
    if w is not None:
        return _PRECISION_RANK[w.precision]
    return 0


def is_calendar(t: dict) -> bool:
    """A timex record that names a calendar date or time (not a duration, a set or a *_REF)."""
    return t["type"] in ("DATE", "TIME") and t["value"] not in NON_CALENDAR and value_interval(t["value"]) is not None
