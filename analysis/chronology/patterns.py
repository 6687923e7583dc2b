"""The tagger's lexicon and its recognition patterns (one regular expression per rule)."""

from __future__ import annotations

import re

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
    ("month", _p(r"\b(?P<m>January|February|April|June|July|August|September|October|November|December|(?:(?<=\bin\s)|(?<=\bIn\s)|(?<=\bthe\s)|(?<=\bThe\s)|(?<=\bsince\s)|(?<=\buntil\s)|(?<=\bby\s)|(?<=\bof\s)|(?<=\bfrom\s)|(?<=\bearly\s)|(?<=\blate\s)|(?<=\bmid-)|(?<=\bthrough\s)|(?<=\bduring\s)|(?<=\bbefore\s)|(?<=\bafter\s))(?:March|May))\b(?!\s+\d)")),
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
    ("duration_adj", _p(r"\b(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred)[-\s](?P<u>second|minute|hour|day|week|month|year|decade|century)(?=[-\s]+(?:old\b|long\b)?\s*[a-z])(?!\s+(?:ago|earlier|later|before)\b)")),
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

