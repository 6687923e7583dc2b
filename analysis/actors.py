"""Actors: the corpus's gazetteer (its topic's actors) and the actors of the text, as mentions with offsets.

The gazetteer is the ``actors:`` of the corpus's topic (its ``book.yaml``, :mod:`analysis.topic`): canonical
names, types, sides and variants (a ``merge:`` name counts as a variant). Nothing about one corpus is in the
package: without a topic (or with one that lists no actors) the gazetteer is empty and every actor comes from the
text (spaCy entities, names resolved in the article). Variants are matched case-sensitively on word boundaries,
longest first, so that "Biden administration" is one mention of the administration and not of Biden; a
possessive ("Biden’s") is a mention of the actor. An actor's side is its topic's (``side:``, or the side that lists
it); an actor of no side, and every actor when the topic has no sides, is ``other``.

The topic is always the ``topic`` argument (the pipeline's map step passes the corpus's); ``None`` is a corpus
with no topic. Nothing is read from the session.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import topic as topic_mod
from .resources import load_yaml

TYPES = topic_mod.ACTOR_TYPES
OTHER = topic_mod.OTHER_SIDE


@dataclass(frozen=True)
class Actor:
    canonical: str
    type: str
    side: str
    variants: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class Mention:
    doc_id: str
    sentence_id: str
    entity: str
    surface: str
    type: str
    side: str
    start: int
    end: int
    in_gazetteer: bool = True


class GazetteerError(ValueError):
    pass


def _variant_pattern(variant: str) -> str:
    # Apostrophes match either form, so a variant written with ' also finds ’ (O'Brien / O’Brien).
    escaped = re.escape(variant).replace("'", "['’]").replace("’", "['’]")
    return escaped


_CACHE: dict[tuple[str, int], tuple[object, object]] = {}


def _per_topic(kind: str, topic, build):
    """``build(topic)`` once per topic object (a Topic holds dicts, so it cannot be an lru_cache key)."""
    key = (kind, id(topic))
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is topic:
        return hit[1]
    if len(_CACHE) > 64:  # a worker unpickles a topic per chunk: keep the cache small
        _CACHE.clear()
    value = build(topic)
    _CACHE[key] = (topic, value)
    return value


def gazetteer(topic: "topic_mod.Topic | None" = None) -> tuple[Actor, ...]:
    """The actors of ``topic`` (None: no topic), as the gazetteer; () without a topic."""
    if topic is None:
        return ()
    return _per_topic("gazetteer", topic, _build_gazetteer)


def _build_gazetteer(topic) -> tuple[Actor, ...]:
    actors = []
    seen: dict[str, str] = {}
    for actor in topic.actors:
        if actor.type not in TYPES:
            raise GazetteerError(f"{topic.source}: actor {actor.canonical!r}: unknown type {actor.type!r}")
        side = actor.side if actor.side in topic.sides else OTHER
        variants = tuple(dict.fromkeys(actor.variants + actor.merge))
        for v in variants:
            if seen.get(v, actor.canonical) != actor.canonical:
                raise GazetteerError(f"{topic.source}: variant {v!r} of {actor.canonical} is also a variant of {seen[v]}")
            seen[v] = actor.canonical
        actors.append(Actor(actor.canonical, actor.type, side, variants, actor.note))
    return tuple(actors)


def side_of(name: str, topic: "topic_mod.Topic | None" = None) -> str:
    """The side of an actor (canonical name, variant, or a name listed under a side) in ``topic`` (None: no
    topic); ``other`` when it has none."""
    if topic is None or not topic.sides:
        return OTHER
    return topic.side_of(name) or OTHER


def _matcher(topic):
    def build(topic):
        by_variant = {}
        for actor in gazetteer(topic):
            for v in actor.variants:
                by_variant[v] = actor
        if not by_variant:
            return None, {}
        variants = sorted(by_variant, key=lambda v: (-len(v), v))
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(_variant_pattern(v) for v in variants) + r")(?!\w)")
        norm = {v.replace("’", "'"): actor for v, actor in by_variant.items()}
        return pattern, norm

    return _per_topic("matcher", topic, build)


def actor_by_name(canonical: str, topic: "topic_mod.Topic | None" = None) -> Actor:
    """The gazetteer actor of that canonical name (KeyError when the topic has none)."""
    for actor in gazetteer(topic):
        if actor.canonical == canonical:
            return actor
    raise KeyError(canonical)


def find_mentions(doc, parsed=None, topic: "topic_mod.Topic | None" = None) -> list[Mention]:
    """Every actor mention in a document's text, with the sentence it stands in, in text order.

    Without ``parsed``: the gazetteer's mentions only. With ``parsed`` (the document's spaCy Doc from
    :func:`analysis.nlp.parse_document`): also spaCy's PERSON/ORG/GPE/NORP entities and titles, with names resolved
    inside the article (see ``_resolved_mentions``). ``topic``: the corpus's (its actors are the gazetteer, its
    sides the mentions' sides); None: no topic.
    """
    if parsed is not None:
        return _resolved_mentions(doc, parsed, _gazetteer_mentions(doc, topic), topic)
    return _gazetteer_mentions(doc, topic)


def _gazetteer_mentions(doc, topic) -> list[Mention]:
    pattern, norm = _matcher(topic)
    if pattern is None:
        return []
    mentions = []
    for sentence in doc.sentences:
        for m in pattern.finditer(doc.text, sentence.start, sentence.end):
            actor = norm[m.group(0).replace("’", "'")]
            mentions.append(
                Mention(doc.doc_id, sentence.sentence_id, actor.canonical, m.group(0), actor.type, actor.side,
                        m.start(), m.end())
            )
    return mentions


# ----------------------------------------------------------------------------------------------------------------
# actors from the text: spaCy entities, resolved inside the article

ENTITY_TYPES = {"PERSON": "person", "ORG": "organization", "GPE": "place", "NORP": "group"}
_POSSESSIVE = re.compile(r"(?:['’]s?|[.,;:])$")


@lru_cache(maxsize=None)
def _name_data():
    data = load_yaml("actor_names.yaml")
    for key in ("honorifics", "titles", "acronym_skip"):
        if key not in data:
            raise GazetteerError(f"actor_names.yaml: missing field '{key}'")
    return (frozenset(data["honorifics"]), frozenset(t.lower() for t in data["titles"]),
            frozenset(data["acronym_skip"]))


def _demonyms(topic) -> frozenset[str]:
    """The topic's demonyms (book.yaml ``demonyms:``), lower case."""
    if topic is None:
        return frozenset()
    return _per_topic("demonyms", topic,
                      lambda t: frozenset(f.lower() for forms in t.demonyms.values() for f in forms))


def _fuzzy_index(topic) -> dict[str, list[tuple[str, Actor]]]:
    def build(topic):
        index: dict[str, list[tuple[str, Actor]]] = {}
        for actor in gazetteer(topic):
            if actor.type not in ("person", "organization"):
                continue
            for v in actor.variants:
                if len(v) >= 6:
                    index.setdefault(v[0], []).append((v, actor))
        return index

    return _per_topic("fuzzy", topic, build)


def _within_one_edit(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1:]


def _fuzzy_actor(text: str, topic=None) -> Actor | None:
    """A gazetteer person or organization one typing error away from ``text`` (a misspelling: "Brandtt")."""
    if len(text) < 6:
        return None
    for variant, actor in _fuzzy_index(topic).get(text[0], ()):
        if _within_one_edit(text, variant):
            return actor
    return None


def _trim_entity(text: str, a: int, b: int, honorifics: frozenset[str]) -> tuple[int, int]:
    """Strip a leading article or honorific and a trailing possessive or punctuation from an entity span."""
    changed = True
    while changed and a < b:
        changed = False
        word = re.match(r"\S+", text[a:b])
        if word and (word.group(0) in ("the", "The") or word.group(0) in honorifics) and " " in text[a:b].strip():
            a += word.end()
            while a < b and text[a].isspace():
                a += 1
            changed = True
        m = _POSSESSIVE.search(text[a:b])
        if m and m.start() > 0:
            b = a + m.start()
            changed = True
    return a, b


def _acronym(words: list[str], skip: frozenset[str]) -> str:
    letters = [w[0] for w in words if w not in skip and w[:1].isupper()]
    return "".join(letters) if len(letters) >= 2 else ""


def _resolved_mentions(doc, parsed, gaz: list[Mention], topic=None) -> list[Mention]:
    """Gazetteer mentions plus spaCy's entities and titles, with names resolved inside the article.

    - A gazetteer mention wins over any entity it overlaps; an entity one typing error away from a gazetteer
      variant is that actor.
    - A person's full name (two words or more, honorifics stripped) is its canonical name; a one-word name equal
      to the last word of a full name of the article (the nearest one before it, else the first after it) is that
      full name ("Tapper", "Mr. Tapper" -> "Jake Tapper"); the surnames of full names are also found where spaCy
      tagged no entity.
    - An organization's acronym ("NRA", the initials of its capitalized words) or its last word(s) ("the Post")
      is its long form when the article gives both.
    - "the <title>" ("the secretary", "the former senator") is the person given that title earlier in the article.
    - NORP entities are kept only as nouns ("Republicans said"), not as adjectives or demonyms.
    Side of an actor not in the gazetteer: the side that lists its name in the topic, else "other".
    """
    text = doc.text
    honorifics, titles, skip = _name_data()
    taken = [(m.start, m.end) for m in gaz]
    taken.sort()

    def overlaps(a: int, b: int) -> bool:
        import bisect
        i = bisect.bisect_left(taken, (b, b))
        return any(x < b and a < y for x, y in taken[max(0, i - 3):i + 1])

    cands = []  # (a, b, label)
    for ent in parsed.ents:
        label = ent.label_
        if label not in ENTITY_TYPES:
            continue
        a, b = _trim_entity(text, ent.start_char, ent.end_char, honorifics)
        if b <= a or not text[a].isalnum():
            continue
        root = ent.root
        if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lower_ in titles:
            continue  # "Secretary of State", "Minister of Defense": part of a title, not an actor
        if label == "NORP":
            if root.dep_ in ("amod", "compound", "poss") or root.pos_ == "ADJ" or text[a:b].lower() in _demonyms(topic):
                continue
        cands.append((a, b, label))
    # a multi-word organization that holds a place name as a modifier ("The Washington Post", "Baku State
    # University") is that organization, not a mention of the place
    dropped = set()
    for a, b, label in cands:
        if label != "ORG" or len(text[a:b].split()) < 2:
            continue
        inside = [m for m in gaz if a <= m.start and m.end <= b]
        if inside and all(m.type in ("state", "place") for m in inside) and not any(m.end == b for m in inside) \
                and not any(m.start < a < m.end or m.start < b < m.end for m in gaz):
            dropped.update(id(m) for m in inside)
    if dropped:
        gaz = [m for m in gaz if id(m) not in dropped]
        taken = sorted((m.start, m.end) for m in gaz)
    out = list(gaz)
    persons_full: list[tuple[int, str]] = []  # (offset, full name)
    orgs_long: list[tuple[int, str]] = []
    for a, b, label in cands:
        if overlaps(a, b):
            continue
        words = text[a:b].split()
        if label == "PERSON" and len(words) >= 2 and all(w[:1].isupper() for w in words):
            persons_full.append((a, text[a:b]))
        elif label == "ORG" and len(words) >= 2:
            orgs_long.append((a, text[a:b]))

    def nearest(items: list[tuple[int, str]], pos: int, test) -> str | None:
        before = [(o, n) for o, n in items if o < pos and test(n)]
        if before:
            return before[-1][1]
        after = [(o, n) for o, n in items if o >= pos and test(n)]
        return after[0][1] if after else None

    def surname_of(name: str) -> str:
        return name.split()[-1]

    gaz_by_canonical = {a.canonical: a for a in gazetteer(topic)}
    for a, b, label in cands:
        if overlaps(a, b):
            continue
        surface = text[a:b]
        actor = _fuzzy_actor(surface, topic) if label in ("PERSON", "ORG") else None
        if actor is not None:
            out.append(_mention(doc, actor.canonical, surface, actor.type, actor.side, a, b, True))
            taken.append((a, b))
            continue
        words = surface.split()
        etype = ENTITY_TYPES[label]
        canonical = surface
        if len(words) == 1 and label in ("PERSON", "ORG", "GPE", "NORP"):
            full = nearest(persons_full, a, lambda n, s=surface: surname_of(n) == s)
            if full is not None:
                canonical, etype = full, "person"
        if canonical == surface and (label == "ORG" or surface.replace(".", "").isupper()):
            long = nearest(orgs_long, a, lambda n, s=surface: n != s and (
                _acronym(n.split(), skip) == s.replace(".", "")
                or (n.endswith(" " + s) and s[:1].isupper())))
            if long is not None:
                canonical, etype = long, "organization"
        actor = gaz_by_canonical.get(canonical)
        if actor is not None:
            out.append(_mention(doc, actor.canonical, surface, actor.type, actor.side, a, b, True))
        else:
            out.append(_mention(doc, canonical, surface, etype, side_of(canonical, topic), a, b, False))
        taken.append((a, b))
    taken.sort()
    # surnames of full names where spaCy found no entity ("Tapper said")
    surnames = {surname_of(n) for _, n in persons_full if len(surname_of(n)) >= 3}
    if surnames:
        pattern = re.compile(r"(?<![\w’'])(?:" + "|".join(sorted(map(re.escape, surnames), key=len, reverse=True))
                             + r")(?![\w])")
        for m in pattern.finditer(text):
            if overlaps(m.start(), m.end()):
                continue
            said = m.group(0)
            full = nearest(persons_full, m.start(), lambda n, s=said: surname_of(n) == s)
            if full:
                out.append(_mention(doc, full, m.group(0), "person", side_of(full, topic), m.start(), m.end(), False))
                taken.append((m.start(), m.end()))
        taken.sort()
    out.extend(_title_mentions(doc, parsed, out, titles, overlaps, topic))
    out = [m for m in out if m.sentence_id]
    out.sort(key=lambda m: (m.start, m.end))
    return out


class _Sentences:
    """sentence_id of an offset, by bisection over a document's sentence starts."""

    def __init__(self, doc):
        self.doc = doc
        self.starts = [s.start for s in doc.sentences]

    def __call__(self, pos: int) -> str:
        import bisect
        i = bisect.bisect_right(self.starts, pos) - 1
        if i >= 0 and pos < self.doc.sentences[i].end:
            return self.doc.sentences[i].sentence_id
        return ""


_SENTENCES: dict[int, _Sentences] = {}


def _sentence_id(doc, pos: int) -> str:
    index = _SENTENCES.get(id(doc))
    if index is None or index.doc is not doc:
        _SENTENCES.clear()  # one document at a time: no stale index, no growth
        index = _SENTENCES[id(doc)] = _Sentences(doc)
    return index(pos)


def _mention(doc, entity, surface, etype, side, a, b, in_gaz) -> Mention:
    return Mention(doc.doc_id, _sentence_id(doc, a), entity, surface, etype, side, a, b, in_gaz)


_RANKS = ("assistant", "deputy", "vice", "under", "associate", "acting")


def speaker_data(topic: "topic_mod.Topic | None" = None) -> dict:
    """data/speakers.yaml (descriptions, pronouns, documents, title cues: news in general) with the topic's own
    ``speakers:`` (book.yaml; None: no topic) added: its descriptions that name one office holder
    ({text, canonical[, note]}) after the general descriptions, its quoted documents ({pattern, canonical, verb})
    after the general ones."""
    def build(topic):
        data = dict(load_yaml("speakers.yaml"))
        if topic is not None:
            data["descriptions"] = list(data["descriptions"]) + [
                {"text": d.text, "canonical": d.canonical, **({"note": d.note} if d.note else {})}
                for d in topic.descriptions]
            data["documents"] = list(data.get("documents") or []) + [
                {"pattern": d.pattern, "canonical": d.canonical, "verb": d.verb} for d in topic.documents]
        return data

    return _per_topic("speakers", topic, build)


def _canonical_descriptions(topic=None) -> tuple[tuple[re.Pattern, str], ...]:
    """Speaker descriptions that name one office holder ("the Secretary of State" -> that secretary)."""
    def build(topic):
        entries = [d for d in speaker_data(topic)["descriptions"] if "canonical" in d]
        entries.sort(key=lambda d: -len(d["text"]))
        return tuple((re.compile(r"(?<!\w)" + _variant_pattern(d["text"]) + r"(?!\w)", re.I), d["canonical"])
                     for d in entries)

    return _per_topic("descriptions", topic, build)


def _title_key(tokens_lower: list[str], i: int) -> str:
    """The title at position i, with a rank word before it kept ("assistant secretary" is not "secretary")."""
    if i > 0 and tokens_lower[i - 1] in _RANKS:
        return f"{tokens_lower[i - 1]} {tokens_lower[i]}"
    return tokens_lower[i]


def _title_mentions(doc, parsed, mentions: list[Mention], titles: frozenset[str], overlaps, topic=None) -> list[Mention]:
    """'the secretary' -> the person given that title earlier in the article."""
    text = doc.text
    out = []
    for pattern, canonical in _canonical_descriptions(topic):
        for m in pattern.finditer(text):
            if not overlaps(m.start(), m.end()):
                try:
                    actor = actor_by_name(canonical, topic)
                except KeyError:
                    continue
                out.append(Mention(doc.doc_id, _sentence_id(doc, m.start()), actor.canonical, m.group(0), actor.type,
                                   actor.side, m.start(), m.end(), True))
    described = [(m.start, m.end) for m in out]
    persons = [m for m in mentions if m.type == "person"]
    held: list[tuple[int, str, Mention]] = []  # (offset, title, person mention)
    for m in persons:
        words = [w.lower().strip(".,") for w in m.surface.split()]
        for i, w in enumerate(words):
            if w in titles:
                held.append((m.start, _title_key(words, i), m))
        span = parsed.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        near = [c for c in root.children if (c.dep_ in ("compound", "nmod", "amod") and c.i < span.start)
                or c.dep_ == "appos"]
        if root.dep_ == "appos":
            near.append(root.head)
        for t in near:
            for u in [t] + [c for c in t.children if c.dep_ in ("compound", "nmod", "amod")]:
                if u.lower_ in titles:
                    prev = parsed[u.i - 1].lower_ if u.i > 0 else ""
                    held.append((m.start, _title_key([prev, u.lower_], 1), m))
    if not held:
        return out
    held.sort(key=lambda h: h[0])
    for tok in parsed:
        if tok.lower_ not in titles or tok.dep_ == "compound" or tok.ent_type_ == "PERSON":
            continue
        det = [c for c in tok.children if c.dep_ == "det" and c.lower_ in ("the", "this")]
        if not det or tok.tag_ not in ("NN", "NNP"):
            continue
        a, b = det[0].idx, tok.idx + len(tok.text)
        if overlaps(a, b) or any(x < b and a < y for x, y in described):
            continue
        prev = parsed[tok.i - 1].lower_ if tok.i > 0 else ""
        key = _title_key([prev, tok.lower_], 1)
        before = [h for h in held if h[0] < a and h[1] == key]
        if not before:
            continue
        person = before[-1][2]
        out.append(Mention(doc.doc_id, _sentence_id(doc, a), person.entity, text[a:b], "person", person.side,
                           a, b, person.in_gazetteer))
    return out
