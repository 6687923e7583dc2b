"""Normalization: a recognized span to its TIMEX3 type and value, resolved against the DCT, the tense, the last
date mentioned."""

from __future__ import annotations

import datetime as dt
import re
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


def _resolve(text: str, c: _Match, ref: When, last: When | None, memory: dict) -> dict | None:
    g = {k: v for k, v in c.m.groupdict().items() if v is not None}
    rule = c.rule
    parsed = memory.get("_parse")  # the text's one parse (a LazyParse), read by every tense() below
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
            mode = tense(text, c.start, c.end, calendar=True, parsed=parsed)
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
            mode = tense(text, c.start, c.end, calendar=True, parsed=parsed)
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
            mode = tense(text, c.start, c.end, parsed=parsed)
            y = _season_year(ref, code, mode)
            mod = {"early": "START", "mid": "MID", "late": "END"}.get((g.get("mod") or "").lower())
            return rec("DATE", f"{y:04d}-{code}", dct_anchor, f"season/{mode}", **({"mod": mod} if mod else {}))
        if rule == "year_end":
            return rec("DATE", f"{ref.year:04d}", dct_anchor, "year_end", mod="END")
        if rule == "month":
            mo = _month(g["m"])
            if ref.precision == "year":
                return rec("DATE", When(ref.year, mo).value(), dct_anchor, "month/dct_year")
            mode = tense(text, c.start, c.end, calendar=True, parsed=parsed)
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
                base = _weekday(ref, WEEKDAYS[r], tense(text, c.start, c.end, parsed=parsed))
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
                w, anchor = _choose(_year_candidates(ref, mo, d), ref, tense(text, c.start, c.end, calendar=True, parsed=parsed)), dct_anchor
            w.interval()
            return rec("TIME", w.value() + (f"T{clock}" if clock else ""), anchor, "time_date")
        if rule == "time_weekday":
            t = g["t"].lower()
            clock = {"noon": "12:00", "midnight": "24:00"}.get(t) or _clock(g["t"])
            base = _weekday(ref, WEEKDAYS[g["w"].lower()], _weekday_mode(text, c, parsed))
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
            mode = _weekday_mode(text, c, parsed)
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
            return _holiday(text, c, g, ref, dct_anchor, rec, parsed)
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



def _holiday(text: str, c: "_Match", g: dict, ref: When, dct_anchor: str, rec, parsed=None) -> dict | None:
    name = g["hol"]
    if not name[0].isupper():
        return None
    is_week = name.lower().endswith("week")
    if g.get("y"):
        d, anchor, why = holiday_date(name, int(g["y"])), "absolute", "holiday"
    else:
        cands = [holiday_date(name, ref.year + k) for k in (-1, 0, 1)]
        mode = tense(text, c.start, c.end, calendar=True, parsed=parsed)
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

