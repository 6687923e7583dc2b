"""Contradictions: a text against its own dates, and outlets against each other.

* ``interval_conflicts(doc, timexes)``: "<duration> has passed since X" / "<duration> after X" checked against the
  dates (within an article);
* ``mention_conflicts(mentions, events)``: between mentions of one act by different documents: dates that cannot
  both hold, different participants (an actor on each side the other does not name), opposite outcomes
  (asserted in one, negated in the other), and "first such instance" / "never" claims that another outlet's
  earlier report contradicts. Each conflict carries both evidence sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..resources import load_yaml
from .codebook import object_class
from .events import EventMention
from .merge import _agents_agree, _patients_agree, candidate_pairs
from .values import ChronologyError, compatible, parse_dct, rank, value_interval


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


def interval_conflicts(doc, timexes: list[dict] | None = None) -> list[Conflict]:
    """A text's own interval claims checked against its dates.

    Two forms: "<duration> has/have passed since <X>" (measured from X to the publication date) and
    "<duration> after/since <X>" (measured from X to the date of the sentence, or, for "This happened …", to the
    last date mentioned before it). X is a date in the sentence, or a public event from the reference dates in
    ``data/chronology.yaml`` when the sentence names one (used only when compatible with the sentence's dates).
    The claim allows half a unit either way ("four months" = 3.5–4.5 months), or 5 % when it says "exactly".
    """
    from .tagger import dct_of, doc_timexes

    out = []
    tx = timexes if timexes is not None else doc_timexes(doc)
    published = dct_of(doc)
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




MIN_CONFLICT_OVERLAP = 0.25  # content-lemma overlap of two sentences that tell one act with different dates


def _content(m: EventMention) -> frozenset:
    return frozenset(w.lower() for w in re.findall(r"[A-Za-z][\w’'-]{3,}", m.sentence)) - _STOP


_STOP = frozenset("that this with from their which have were been would could should there about after before "
                  "they them than also into over such when where what while said says".split())


def _overlap(a: EventMention, b: EventMention) -> float:
    la, lb = _content(a), _content(b)
    return len(la & lb) / len(la | lb) if la | lb else 0.0


def _same_act(a: EventMention, b: EventMention) -> bool:
    return (a.predicate_class == b.predicate_class and _agents_agree(a, b) and _patients_agree(a, b)
            and bool(a.patient_head or b.patient_head or a.agent_actors))


def _states(actors, kinds) -> set:
    return {x for x in actors if kinds.get(x) in ("state", "place")}


def mention_conflicts(mentions: list[EventMention], events=(), derived: dict[str, str] | None = None,
                      topic=None) -> list[Conflict]:
    """Contradictions between documents (see the module docstring). Different participants are looked for only
    between mentions merged into one event, and not between a text and its rewrite (what a rewrite changed is the
    reuse stage's business). ``topic``: the corpus's (its actors' types), None for none."""
    derived = derived or {}
    from .. import actors as actors_mod

    kinds = {a.canonical: a.type for a in actors_mod.gazetteer(topic)}
    kinds.update({"Iran": "state"})
    out: list[Conflict] = []
    seen = set()

    def add(kind, a, b, text):
        key = (kind, a.sentence_id, b.sentence_id)
        if key in seen or (kind, b.sentence_id, a.sentence_id) in seen:
            return
        seen.add(key)
        out.append(Conflict(kind, (a.doc_id, b.doc_id), (a.sentence_id, b.sentence_id), text))

    ordered = sorted(mentions, key=lambda r: (r.doc_id, r.index, r.start))
    told_by = {}  # mention -> how many documents tell its event
    event_of = {}
    for e in events:
        for r in e.records:
            told_by[(r.sentence_id, r.start)] = len(e.doc_ids)
            event_of[(r.sentence_id, r.start)] = e.event_id
    by_class: dict[str, list[EventMention]] = {}
    for m in ordered:
        by_class.setdefault(m.predicate_class, []).append(m)
    for _cls, ms in sorted(by_class.items()):
        for i, j in candidate_pairs(ms):  # mentions whose agents can agree (blocked by agent)
            a, b = ms[i], ms[j]
            if a.doc_id == b.doc_id or not _same_act(a, b):
                continue
            if a.modality != "happened" or b.modality != "happened":
                continue
            if a.date and b.date and not compatible(a.date, b.date) and rank(a.date) >= 2 and rank(b.date) >= 2 \
                    and a.polarity == b.polarity and _overlap(a, b) >= MIN_CONFLICT_OVERLAP \
                    and min(told_by.get((a.sentence_id, a.start), 1), told_by.get((b.sentence_id, b.start), 1)) < 2:
                # (two events each told by several documents are two events, not one with two dates)
                add("date", a, b, f"'{a.predicate}' dated {a.date} by {a.doc_id} but {b.date} by {b.doc_id}")
                continue
            if a.date and b.date and not compatible(a.date, b.date):
                continue
            if a.polarity != b.polarity and a.lemma == b.lemma and a.patient_head and b.patient_head \
                    and object_class(a.patient_head) == object_class(b.patient_head) \
                    and (not (a.date and b.date) or compatible(a.date, b.date)) and (a.date or b.date):
                add("outcome", a, b, f"{a.doc_id}: '{a.summary}'; {b.doc_id}: '{b.summary}'")
                continue
            if event_of.get((a.sentence_id, a.start)) is None \
                    or event_of.get((a.sentence_id, a.start)) != event_of.get((b.sentence_id, b.start)) \
                    or derived.get(a.doc_id) == b.doc_id or derived.get(b.doc_id) == a.doc_id:
                continue
            sa, sb = _states(a.actors, kinds), _states(b.actors, kinds)
            only_a, only_b = sa - sb - set(b.actors), sb - sa - set(a.actors)
            if only_a and only_b and a.polarity == b.polarity:
                add("participants", a, b,
                    f"'{a.predicate}' by {', '.join(a.agent_actors) or a.agent}: {a.doc_id} names "
                    f"{', '.join(sorted(only_a))}, {b.doc_id} names {', '.join(sorted(only_b))}")
    # "first such instance" / "never": contradicted by an earlier telling of the same act by another document
    claims = [m for m in ordered if m.claim]
    told_in: dict[tuple[str, str], list[EventMention]] = {}  # (document, class) -> its dated mentions, in order
    if claims:
        for m in ordered:
            if m.date:
                told_in.setdefault((m.doc_id, m.predicate_class), []).append(m)
    for c in claims:
        claim_date = c.date or _previous_date(told_in.get((c.doc_id, c.predicate_class), []), c) or c.published
        if not claim_date or value_interval(claim_date[:10]) is None:
            continue
        cs = value_interval(claim_date[:10])[0]
        same_class = by_class.get(c.predicate_class, [])
        for o in sorted(same_class, key=lambda o: object_class(o.patient_head) != object_class(c.patient_head)):
            if o.doc_id == c.doc_id or o.predicate_class != c.predicate_class or o.polarity != "asserted" \
                    or o.modality != "happened" or not _agents_agree(c, o):
                continue
            if c.patient_head and o.patient_head and not (
                    object_class(c.patient_head) == object_class(o.patient_head)
                    or set(c.patient_actors) & set(o.patient_actors) or set(c.patient_actors) & set(o.actors)):
                continue
            when = o.date or o.published
            iv = value_interval(when[:10]) if when else None
            if iv is None or iv[1] >= cs:
                continue
            word = "the first such instance" if c.claim == "first" else "never"
            add("claim", c, o, f"{c.doc_id} says {word} ('{c.summary}', {claim_date}), but {o.doc_id} tells "
                               f"'{o.summary}' ({o.date or 'published ' + o.published})")
            break
    return out


def _previous_date(ordered: list[EventMention], c: EventMention) -> str:
    """The date of the same kind of act told just before a claim in its document ("This has been the first ...");
    ``ordered``: mentions in document order (those of the claim's document and class suffice)."""
    before = [m for m in ordered if m.doc_id == c.doc_id and m.index < c.index and m.date
              and m.predicate_class == c.predicate_class]
    return before[-1].date if before else ""
