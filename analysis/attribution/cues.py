"""The cue lexicon of the attribution layer (``data/attribution_cues.yaml``), checked when it is loaded."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from ..resources import load_yaml

FILE = "attribution_cues.yaml"
_LISTS = ("speech", "evidence", "belief", "infinitive", "object", "object_preps", "content_preps", "nouns",
          "belief_nouns", "distancing", "so_called",
          "according_to_not_sources", "person_nouns", "organization_nouns")

_OPTIONAL = ("emotions", "emotion_preps", "group_nouns", "evidence_sources", "as_verbs", "as_belief",
             "headline_not_sources", "stance", "addressee", "hearsay_adverbs",
             "prep_nouns", "noun_preps", "in_sources", "raising_skip",
             "in_speech_sources", "unowned_nouns", "light_verbs", "intention")


class CueLexiconError(ValueError):
    pass


@dataclass(frozen=True)
class Lexicon:
    speech: frozenset[str]
    evidence: frozenset[str]
    belief: frozenset[str]
    infinitive: frozenset[str]
    object: frozenset[str]
    object_preps: frozenset[str]
    content_preps: frozenset[str]
    nouns: frozenset[str]
    belief_nouns: frozenset[str]
    distancing: frozenset[str]
    so_called: tuple[str, ...]
    according_to_not_sources: frozenset[str]
    person_nouns: frozenset[str]
    organization_nouns: frozenset[str]
    phrasal: dict
    emotions: frozenset[str] = frozenset()
    emotion_preps: frozenset[str] = frozenset()
    group_nouns: frozenset[str] = frozenset()
    evidence_sources: frozenset[str] = frozenset()
    as_verbs: frozenset[str] = frozenset()
    as_belief: frozenset[str] = frozenset()
    headline_not_sources: frozenset[str] = frozenset()
    stance: frozenset[str] = frozenset()
    addressee: frozenset[str] = frozenset()
    prep_nouns: frozenset[str] = frozenset()
    in_sources: frozenset[str] = frozenset()
    raising_skip: frozenset[str] = frozenset()
    in_speech_sources: frozenset[str] = frozenset()
    noun_preps: frozenset[str] = frozenset()
    hearsay_adverbs: frozenset[str] = frozenset()
    unowned_nouns: frozenset[str] = frozenset()
    light_verbs: frozenset[str] = frozenset()
    intention: frozenset[str] = frozenset()
    passive: dict = field(default_factory=dict)

    @property
    def cue_verbs(self) -> frozenset[str]:
        """Every verb that can open an attribution: the verbs above, the stance verbs, the verbs of a phrasal cue
        and those whose to-infinitive is a content."""
        return self.verbs | self.stance | frozenset(self.phrasal) | self.infinitive

    @property
    def verbs(self) -> frozenset[str]:
        return self.speech | self.evidence | self.belief


@lru_cache(maxsize=None)
def lexicon(name: str = FILE) -> Lexicon:
    data = load_yaml(name)
    values = {}
    for key in _LISTS:
        if key not in data:
            raise CueLexiconError(f"{name}: missing field '{key}'")
        items = data[key]
        if not isinstance(items, list) or not all(isinstance(x, str) and x for x in items):
            raise CueLexiconError(f"{name}: field '{key}' must be a list of words")
        values[key] = tuple(items) if key == "so_called" else frozenset(x.lower() for x in items)
    phrasal = data.get("phrasal", {})
    if not isinstance(phrasal, dict):
        raise CueLexiconError(f"{name}: field 'phrasal' must map a verb to its particles")
    extra = {}
    for key in _OPTIONAL:  # optional lists
        items = data.get(key, [])
        if not isinstance(items, list) or not all(isinstance(x, str) and x for x in items):
            raise CueLexiconError(f"{name}: field '{key}' must be a list of words")
        extra[key] = frozenset(x.lower() for x in items)
    passive = data.get("passive", {})
    if not isinstance(passive, dict) or not all(
            isinstance(v, list) and all(isinstance(x, str) and x for x in v) for v in passive.values()):
        raise CueLexiconError(f"{name}: field 'passive' must map a verb to the words that open its complement")
    return Lexicon(phrasal={k: frozenset(v) for k, v in phrasal.items()},
                   passive={k.lower(): frozenset(x.lower() for x in v) for k, v in passive.items()}, **values, **extra)
