"""The gazetteer: canonical actors, their variants and sides; mentions found with offsets.

The gazetteer is ``data/gazetteer.yaml``. Variants are matched case-sensitively on word boundaries, longest
first, so that "Biden administration" is one mention of the administration and not of Biden; a possessive
("Azerbaijan’s") is a mention of the actor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .resources import load_yaml

SIDES = ("Azerbaijan", "Armenia", "United States", "Russia", "EU/OSCE", "other")
TYPES = ("person", "state", "organization", "place", "government")


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


class GazetteerError(ValueError):
    pass


def _variant_pattern(variant: str) -> str:
    # Apostrophes match either form, so a variant written with ' also finds ’ (O'Brien / O’Brien).
    escaped = re.escape(variant).replace("'", "['’]").replace("’", "['’]")
    return escaped


@lru_cache(maxsize=None)
def gazetteer(name: str = "gazetteer.yaml") -> tuple[Actor, ...]:
    data = load_yaml(name)
    actors = []
    seen_variants: dict[str, str] = {}
    for i, entry in enumerate(data["actors"]):
        for key in ("canonical", "type", "side", "variants"):
            if key not in entry:
                raise GazetteerError(f"{name}: actors[{i}]: missing field '{key}'")
        if entry["side"] not in SIDES:
            raise GazetteerError(f"{name}: actors[{i}] ({entry['canonical']}): unknown side {entry['side']!r}")
        if entry["type"] not in TYPES:
            raise GazetteerError(f"{name}: actors[{i}] ({entry['canonical']}): unknown type {entry['type']!r}")
        for v in entry["variants"]:
            if v in seen_variants:
                raise GazetteerError(f"{name}: variant {v!r} of {entry['canonical']} is also a variant of {seen_variants[v]}")
            seen_variants[v] = entry["canonical"]
        actors.append(
            Actor(entry["canonical"], entry["type"], entry["side"], tuple(entry["variants"]), entry.get("note", ""))
        )
    return tuple(actors)


@lru_cache(maxsize=None)
def _matcher(name: str = "gazetteer.yaml"):
    by_variant = {}
    for actor in gazetteer(name):
        for v in actor.variants:
            by_variant[v] = actor
    variants = sorted(by_variant, key=lambda v: (-len(v), v))
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(_variant_pattern(v) for v in variants) + r")(?!\w)")
    norm = {v.replace("’", "'"): actor for v, actor in by_variant.items()}
    return pattern, norm


def actor_by_name(canonical: str) -> Actor:
    for actor in gazetteer():
        if actor.canonical == canonical:
            return actor
    raise KeyError(canonical)


def find_mentions(doc) -> list[Mention]:
    """Every gazetteer mention in a document's text, with the sentence it stands in."""
    pattern, norm = _matcher()
    mentions = []
    for sentence in doc.sentences:
        for m in pattern.finditer(doc.text, sentence.start, sentence.end):
            actor = norm[m.group(0).replace("’", "'")]
            mentions.append(
                Mention(doc.doc_id, sentence.sentence_id, actor.canonical, m.group(0), actor.type, actor.side,
                        m.start(), m.end())
            )
    return mentions
