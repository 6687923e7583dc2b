"""The event codebook (``data/chronology.yaml``: predicate classes, reporting, light, demand and plan verbs, event
nouns, object classes, place adjectives, name words) and the short clause an event is summarized by."""

from __future__ import annotations

import re
from functools import lru_cache

from ..resources import load_yaml


@lru_cache(maxsize=1)
def lexicon() -> dict:
    """The event codebook of ``data/chronology.yaml``: predicate classes, verb lists, event nouns, objects."""
    data = load_yaml("chronology.yaml")
    classes = {}
    for name, lemmas in sorted(data["predicate_classes"].items()):
        for lemma in lemmas:
            classes[lemma] = name
    ev = data.get("events") or {}
    for key in ("reporting", "light", "demand", "plan", "event_nouns", "negated_classes", "object_classes",
                "place_adjectives"):
        if key not in ev:
            raise ValueError(f"chronology.yaml: events: missing field '{key}'")
    objects = {}
    for name, lemmas in sorted(ev["object_classes"].items()):
        for lemma in lemmas:
            objects[lemma] = name
    adjectives = {}
    for actor, forms in sorted(ev["place_adjectives"].items()):
        for f in forms:
            adjectives[f] = actor
    return {"classes": classes, "reporting": frozenset(ev["reporting"]), "light": frozenset(ev["light"]),
            "demand": frozenset(ev["demand"]), "plan": frozenset(ev["plan"]),
            "nouns": dict(ev["event_nouns"]), "negated": dict(ev["negated_classes"]), "objects": objects,
            "adjectives": adjectives, "entity_words": tuple(ev.get("entity_words") or ()),
            "stative": frozenset(ev.get("stative") or ()), "object_time": frozenset(ev.get("object_time") or ()),
            "prep_objects": dict(ev.get("prep_objects") or {}), "weak": frozenset(data.get("weak_classes") or ())}


def place_adjectives(topic=None) -> dict[str, str]:
    """Adjective -> actor: the general list of data/chronology.yaml and the adjectives of ``topic``'s sides
    (its book.yaml ``demonyms``: capitalized forms, not plurals of another listed form, not "pro-" compounds)."""
    key = id(topic)
    if key in _ADJECTIVES and _ADJECTIVES[key][0] is topic:
        return _ADJECTIVES[key][1]
    out = dict(lexicon()["adjectives"])
    for side, forms in sorted((topic.demonyms if topic is not None else {}).items()):
        for form in forms:
            if form[:1].isupper() and not form.lower().startswith("pro-") and not (
                    form.endswith("s") and form[:-1] in forms):
                out.setdefault(form, side)
    _ADJECTIVES.clear()
    _ADJECTIVES[key] = (topic, out)
    return out


_ADJECTIVES: dict[int, tuple] = {}  # the last topic's adjectives (a sentence at a time asks for them)


def predicate_class(lemma: str, polarity: str = "asserted") -> str:
    lex = lexicon()
    if polarity == "negated" and lemma in lex["negated"]:
        return lex["negated"][lemma]
    return lex["classes"].get(lemma, lemma)


def object_class(head: str) -> str:
    return lexicon()["objects"].get(head, head)



_IRREGULAR = {"be": "is", "have": "has", "do": "does", "go": "goes"}


def _third_person(verb: str) -> str:
    if verb in _IRREGULAR:
        return _IRREGULAR[verb]
    if re.search(r"(?:s|sh|ch|x|z|o)$", verb):
        return verb + "es"
    if re.search(r"[^aeiou]y$", verb):
        return verb[:-1] + "ies"
    return verb + "s"


def _verb_phrase(predicate: str, polarity: str, modality: str) -> str:
    if predicate.startswith("not "):
        predicate, polarity = predicate[4:], "negated"
    first, _, rest = predicate.partition(" ")
    rest = f" {rest}" if rest else ""
    aux = {"planned": "will", "hypothetical": "would", "recommended": "should"}.get(modality)
    if aux:
        return f"{aux}{' not' if polarity == 'negated' else ''} {first}{rest}"
    if polarity == "negated":
        return f"does not {first}{rest}"
    return _third_person(first) + rest


def summarize(agent: str, predicate: str, patient: str, polarity: str, modality: str) -> str:
    """A short clause: "the union rejects Commission-initiated meeting", "the minister does not attend talks"."""
    parts = [agent or "(someone)", _verb_phrase(predicate, polarity, modality)]
    if patient:
        parts.append(patient)
    return " ".join(parts)
