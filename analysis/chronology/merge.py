"""Event coreference across documents (the reduce step): mentions of one act by several outlets become one event.

Two mentions tell the same event (``corefer``) when

* their predicate classes are the same (``data/chronology.yaml``: "cancel" and "refuse" are both refusals, and so
  is "not seek the waiver") and so is their polarity;
* their participants agree: the agents share an actor, or a side when one of them is a person of that side
  ("Brandt" and "Germany"), and the patients name the same thing (same object class, e.g. talks =
  negotiations = meeting; or a shared actor) when both have one;
* their times are compatible: both dated and one interval contains the other (a month contains its days); or one
  or both undated, when they come from different documents and the undated one was published after the dated
  event began. Never by date alone.

Candidates are blocked by predicate class and then by agent (:func:`agent_keys`: two mentions whose agents agree
share a key; an agentless one shares its date), so the work grows with the mentions of one act by one actor, not
with all pairs.
``independent_sources`` counts the documents after following the derived-text map (a rewrite counts for its
source).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from .codebook import lexicon, object_class
from .events import EventMention
from .values import compatible, rank, value_interval


def _listed(a: EventMention) -> bool:
    """The predicate belongs to a class of the codebook (refusal, warning, meeting ...), not only to itself."""
    return a.predicate_class != a.lemma


def _agents_agree(a: EventMention, b: EventMention) -> bool:
    if set(a.agent_actors) & set(b.agent_actors):
        return True
    if (not a.agent or not b.agent) and a.date and a.date == b.date and a.lemma == b.lemma and a.patient_head \
            and object_class(a.patient_head) == object_class(b.patient_head):
        return True  # "waivers granted since 2002" without an agent, and "the US has granted waivers since 2002"
    if _listed(a) and a.sides and set(a.sides) & set(b.sides) - {"other"}:
        return bool(a.agent_actors and b.agent_actors)  # "Brandt" and "Germany" for a refusal
    return False


def _patients_agree(a: EventMention, b: EventMention) -> bool:
    """The same thing, or not told apart: a patient with named actors and one without ("took action" / "warned
    Baku") may be one act; two named patients must share an actor; two unnamed ones the same object class."""
    if not a.patient_head or not b.patient_head:
        return True
    if object_class(a.patient_head) == object_class(b.patient_head):
        return True
    if known_object(a.patient_head) and known_object(b.patient_head):
        return False  # visits are not talks, whoever they involve
    if a.patient_actors and b.patient_actors:
        return bool(set(a.patient_actors) & set(b.patient_actors))
    return _listed(a) and bool(a.patient_actors) != bool(b.patient_actors)


def known_object(head: str) -> bool:
    return head in lexicon()["objects"]


def _times_agree(a: EventMention, b: EventMention) -> bool:
    if a.date and b.date:
        return compatible(a.date, b.date)
    if a.doc_id == b.doc_id:
        # within one article, an undated telling is the same act only with the same kind of object
        return bool(a.patient_head) and object_class(a.patient_head) == object_class(b.patient_head)
    dated, undated = (a, b) if a.date else (b, a)
    if undated.nominal:
        return False  # an undated event noun says too little to be placed
    if not dated.date:
        # two undated tellings: a codebook class, a named agent in common, published within months of each other
        pa, pb = value_interval(a.published[:10]) if a.published else None, \
            value_interval(b.published[:10]) if b.published else None
        if pa and pb and abs((pa[0] - pb[0]).days) > RECENT_DAYS:
            return False
        return (_listed(a) and a.predicate_class not in lexicon()["weak"]
                and bool(set(a.agent_actors) & set(b.agent_actors)) and bool(a.patient_head and b.patient_head))
    if undated.published:
        pub = value_interval(undated.published[:10])
        iv = value_interval(dated.date)
        if pub and iv and iv[0] > pub[1] and undated.modality == "happened":
            return False  # told as done before that event began
        if pub and iv and (pub[0] - iv[1]).days > RECENT_DAYS:
            return False  # an undated "has rejected" in news is recent: not an act of more than months before
    return True


RECENT_DAYS = 180  # how far before its publication an undated telling may join a dated event


def corefer(a: EventMention, b: EventMention) -> bool:
    """Whether two mentions tell one event (see the module docstring)."""
    if a.predicate_class != b.predicate_class or a.polarity != b.polarity and a.predicate_class == a.lemma:
        return False
    if a.polarity != b.polarity:
        return False
    if (a.modality in ("happened", "planned")) != (b.modality in ("happened", "planned")):
        return False  # what was done (or planned) is not what should or would be done
    return _agents_agree(a, b) and _patients_agree(a, b) and _times_agree(a, b)


@dataclass
class Event:
    event_id: str
    date: str
    records: list[EventMention]
    independent_sources: int
    conflict: str = ""

    @property
    def doc_ids(self) -> list[str]:
        return sorted({r.doc_id for r in self.records})

    @property
    def actors(self) -> list[str]:
        return sorted({a for r in self.records for a in r.actors + r.agent_actors + r.patient_actors if a})

    @property
    def evidence(self) -> list[str]:
        return list(dict.fromkeys(r.sentence_id for r in self.records))

    @property
    def lead(self) -> EventMention:
        """The mention that speaks for the event: dated, most precise, with most named participants."""
        return max(self.records, key=lambda r: (rank(r.date), bool(r.date), len(r.agent_actors) + len(r.patient_actors),
                                                -r.index, r.doc_id == self.records[0].doc_id))

    @property
    def summary(self) -> str:
        return self.lead.summary

    @property
    def polarity(self) -> str:
        return self.lead.polarity

    @property
    def modality(self) -> str:
        return self.lead.modality

    @property
    def predicate(self) -> str:
        return self.lead.predicate

    @property
    def agent(self) -> str:
        return self.lead.agent

    @property
    def patient(self) -> str:
        return self.lead.patient


def independent(doc_ids, derived: dict[str, str]) -> int:
    roots = set()
    for d in doc_ids:
        seen = set()
        while d in derived and d not in seen:
            seen.add(d)
            d = derived[d]
        roots.add(d)
    return len(roots)


def agent_keys(m: EventMention) -> set:
    """Blocking keys that any mention that corefers with ``m`` shares with it: its agent actors, for a class of
    the codebook its sides (see ``_agents_agree``; sides are keys for every mention, a superset), and its date (an
    agentless telling, "waivers granted since 2002", joins an agent's telling of the same day only)."""
    keys = {("actor", a) for a in m.agent_actors} | {("side", s) for s in m.sides if s != "other"}
    if m.date:
        keys.add(("date", m.date))
    return keys


def candidate_pairs(mentions: list[EventMention]):
    """(i, j), i < j, of the mentions (in the given order) of one predicate class that share an agent key."""
    index: dict = {}
    for i, m in enumerate(mentions):
        for k in agent_keys(m):
            index.setdefault(k, []).append(i)
    pairs = set()
    for members in index.values():
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                pairs.add((i, j))
    return sorted(pairs)


def _key(r: EventMention):
    iv = r.interval
    return (0 if iv else 1, iv[0] if iv else None, iv[1] if iv else None, r.doc_id, r.index, r.start)


def merge(mentions: list[EventMention], derived: dict[str, str] | None = None) -> list[Event]:
    """Events from mentions by complete linkage within each predicate class (dated mentions first, so that an
    undated one joins the dated event it agrees with). Events without any date are kept only when several
    documents tell them."""
    derived = derived or {}
    blocks: dict[str, list[EventMention]] = {}
    for m in mentions:
        if m.claim:
            continue  # "the first such instance that ...": a claim about a kind of act, checked in conflicts
        blocks.setdefault(m.predicate_class, []).append(m)
    clusters: list[list[EventMention]] = []
    for cls in sorted(blocks):
        mine: list[list[EventMention]] = []
        by_key: dict = {}  # agent key -> indices of the clusters in ``mine`` with a member of that key
        for r in sorted(blocks[cls], key=lambda r: (_key(r)[0], _key(r)[1:3] if r.date else (), r.doc_id, r.index, r.start)):
            keys = agent_keys(r)
            near = sorted({c for k in keys for c in by_key.get(k, ())})
            fits = [c for c in near if all(corefer(r, other) for other in mine[c])]  # indices into ``mine``
            if not fits:
                mine.append([r])
                for k in keys:
                    by_key.setdefault(k, []).append(len(mine) - 1)
                continue
            if not r.date and r.published and len(fits) > 1:
                # an undated telling joins the event nearest before its publication
                pub = value_interval(r.published[:10])[0]
                fits.sort(key=lambda c: min(abs((pub - value_interval(x.date)[0]).days) if x.date else 10 ** 6
                                            for x in mine[c]))
            target = fits[0]
            mine[target].append(r)
            for k in keys:
                if target not in by_key.setdefault(k, []):
                    by_key[k].append(target)
        clusters += mine
    events = []
    for cl in clusters:
        dated = [r for r in cl if r.date]
        if not dated and len({r.doc_id for r in cl}) < 2:
            continue
        cl = sorted(cl, key=lambda r: (r.doc_id, r.index, r.start))
        date = max((r.date for r in dated), key=lambda v: (rank(v), v)) if dated else ""
        evidence = ";".join(f"{r.sentence_id}@{r.start}" for r in cl)
        event_id = "ev_" + hashlib.sha256(evidence.encode("utf-8")).hexdigest()[:10]
        events.append(Event(event_id, date, cl, independent(sorted({r.doc_id for r in cl}), derived)))
    events.sort(key=_event_order)
    return events


def _event_order(e: Event):
    iv = value_interval(e.date) if e.date else None
    import datetime as dt

    return (iv[0] if iv else dt.date.max, iv[1] if iv else dt.date.max, e.event_id)
