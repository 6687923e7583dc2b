"""Who a source expression names: a mention's canonical actor, a pronoun's or a description's antecedent.

Rules (in order), for a source span with its syntactic head:

1. an actor mention (``analysis.actors.find_mentions(doc, parsed)``) at the head, else the first person mention
   inside the span, else the first mention inside it ("Anna Berg, a top advisor to President Jon Dahl"
   is Hajiyev: the head);
2. a description of ``data/speakers.yaml`` that names one office holder or is anonymous on purpose;
3. he/she/him/her: the first person of the same sentence before the pronoun, else the first person of the nearest
   earlier sentence (up to four back) that names one (a speaker resolved earlier counts as named there); it/they:
   the same with a non-person actor (state, organization, government, group);
4. a definite description ("the analyst", "the newspaper", "this official"): the nearest earlier actor named
   with that noun ("the agency" -> "Nordic Press Agency"), else the nearest earlier actor of that kind
   (``person_nouns`` / ``organization_nouns`` of ``data/attribution_cues.yaml``); a plural naming several actors
   ("leaders of both Iran and Russia") is no one speaker;
5. a proper noun no mention covers: its name as written (compound words and head), unless indefinite
   ("another New Hampshire Democrat");
6. otherwise (a bare plural, an indefinite "a source", "analysts", a first-person "we" outside a quotation):
   ``unknown``: the article does not say.
Quoted words never hold an antecedent (a name inside a quotation is not who speaks).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .cues import lexicon

UNKNOWN = "unknown"
_APOS = str.maketrans({"’": "'", "‘": "'"})
_PERSON_PRONOUNS = {"he", "she", "him", "her", "his"}
_THING_PRONOUNS = {"it", "they", "them", "its", "their"}
_NON_PERSON = ("state", "organization", "government", "group", "place")


@dataclass
class Speaker:
    name: str = UNKNOWN
    side: str = UNKNOWN
    how: str = "none"


def _descriptions(topic=None):
    """The descriptions of data/speakers.yaml and of the topic's book.yaml (analysis.actors.speaker_data)."""
    from .. import actors

    def build(topic):
        entries = [d for d in actors.speaker_data(topic)["descriptions"] if "canonical" in d or d.get("unknown")]
        entries.sort(key=lambda d: (-len(d["text"]), d["text"]))
        return tuple((re.compile(r"(?<!\w)" + re.escape(d["text"].translate(_APOS)) + r"(?!\w)", re.I), d)
                     for d in entries)

    return actors._per_topic("attribution descriptions", topic, build)


class Resolver:
    """Speaker resolution inside one article; remembers the speakers it resolved (for later pronouns)."""

    def __init__(self, document, parsed, mentions, quote_spans: list[tuple[int, int]], topic=None):
        self.doc = document
        self.topic = topic  # the corpus's Topic: its speaker descriptions
        self.parsed = parsed
        self.lex = lexicon()
        starts = [s.start for s in document.sentences]
        self._starts = starts
        qs = sorted(quote_spans)
        self._q = qs

        def quoted(pos: int) -> bool:
            i = bisect.bisect_right(qs, (pos, 10 ** 12)) - 1
            return i >= 0 and qs[i][0] <= pos < qs[i][1]

        self.quoted = quoted
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self._m_starts = [m.start for m in self.mentions]
        # actors named outside quotations: (offset, sentence index, canonical, type, side)
        self.named: list[tuple[int, int, str, str, str]] = []
        for m in self.mentions:
            if not quoted(m.start):
                self.named.append((m.start, self.sentence_index(m.start), m.entity, m.type, m.side))
        self.named.sort()
        self._sides = {m.entity: m.side for m in self.mentions}

    def sentence_index(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self._starts, pos) - 1)

    def side(self, name: str) -> str:
        if name == UNKNOWN:
            return UNKNOWN
        return self._sides.get(name, "other")

    def remember(self, pos: int, speaker: Speaker, kind: str) -> None:
        """A resolved speaker counts as named at its source's position (for later pronouns)."""
        if speaker.name != UNKNOWN and pos >= 0:
            bisect.insort(self.named, (pos, self.sentence_index(pos), speaker.name, kind, speaker.side))

    # ----------------------------------------------------------------------------------------------------------
    def _mentions_in(self, a: int, b: int):
        i = bisect.bisect_left(self._m_starts, a)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < b:
            if self.mentions[i].end <= b:
                out.append(self.mentions[i])
            i += 1
        return out

    def _antecedent(self, pos: int, want) -> Speaker:
        si = self.sentence_index(pos)
        hi = bisect.bisect_left(self.named, (pos,))
        by_sentence: dict[int, list] = {}
        j = hi - 1
        while j >= 0:
            item = self.named[j]
            if item[1] < si - 4:
                break
            if want(item[3]):
                by_sentence.setdefault(item[1], []).append(item)
            j -= 1
        for s in range(si, si - 5, -1):
            if s in by_sentence:
                first = min(by_sentence[s])
                return Speaker(first[2], first[4], "antecedent")
        return Speaker(how="unresolved")

    def _nearest(self, pos: int, want, contains: str = "") -> Speaker:
        j = bisect.bisect_left(self.named, (pos,)) - 1
        while j >= 0:
            item = self.named[j]
            if want(item[3]) and (not contains or contains in item[2].lower().split()):
                return Speaker(item[2], item[4], "nearest")
            j -= 1
        return Speaker(how="unresolved")

    def resolve(self, a: int, b: int, head) -> Speaker:
        """The speaker of the source text[a:b] whose syntactic head is the token ``head``."""
        if b <= a:
            return Speaker()
        text = self.doc.text
        inside = self._mentions_in(a, b)
        hpos = head.idx if head is not None else a
        at_head = [m for m in inside if m.start <= hpos < m.end]
        indefinite = head is not None and any(c.dep_ == "det" and c.lower_ in ("a", "an", "another", "one", "some")
                                              for c in head.children)
        if at_head and indefinite and not at_head[0].in_gazetteer:
            return Speaker(how="indefinite")  # "another New Hampshire Democrat": a group word, no one named
        if at_head:
            m = at_head[0]
            return Speaker(m.entity, m.side, "name")
        surface = text[a:b].translate(_APOS)
        for pattern, desc in _descriptions(self.topic):
            if pattern.fullmatch(surface.strip()) or (pattern.search(surface) and desc.get("canonical")):
                if desc.get("unknown"):
                    return Speaker(how="anonymous")
                return Speaker(desc["canonical"], self.side(desc["canonical"]), "description")
        low = head.lower_ if head is not None else surface.lower()
        if head is not None and head.pos_ == "PRON":
            if low in _PERSON_PRONOUNS:
                return self._antecedent(a, lambda t: t == "person")
            if low in _THING_PRONOUNS:
                return self._antecedent(a, lambda t: t in _NON_PERSON)
            return Speaker(how="pronoun")
        persons = [m for m in inside if m.type == "person"]
        if head is not None and head.tag_ == "NNS" and len({m.entity for m in inside}) >= 2:
            return Speaker(how="several actors")  # "leaders of both Iran and Russia": not one speaker
        if head is not None and head.pos_ in ("NOUN",) and head.tag_ in ("NN", "NNP"):
            det = [c for c in head.children if c.dep_ == "det"]
            definite = det and det[0].lower_ in ("the", "this", "that")
            lemma = head.lemma_.lower()
            if persons and not definite:
                m = persons[0]  # "Clinton campaign spokesman Brian Fallon" has its name in it
                return Speaker(m.entity, m.side, "name in source")
            if definite:
                # "the agency" after "the Nordic Press Agency": the nearest earlier actor named with that noun
                named = self._nearest(a, lambda t: True, contains=lemma)
                if named.name != UNKNOWN:
                    return named
            if definite and lemma in self.lex.person_nouns:
                return self._nearest(a, lambda t: t == "person")
            if definite and lemma in self.lex.organization_nouns:
                if lemma in ("country", "state", "nation", "city"):
                    return self._nearest(a, lambda t: t in ("state", "place"))
                return self._nearest(a, lambda t: t in ("organization", "government"))
        if head is not None and head.pos_ == "PROPN" and indefinite:
            return Speaker(how="indefinite")  # "another New Hampshire Democrat": no one is named
        if head is not None and head.pos_ == "PROPN":
            # a name no mention covers ("the Clinton Foundation", "Glass-Steagall"): the name as written
            left = head
            for t in head.lefts:
                if t.dep_ in ("compound", "flat", "punct") and (t.pos_ == "PROPN" or t.text in "-–") and t.idx >= a:
                    left = t
                    break
            name = re.sub(r"['’]s$", "", text[left.idx:head.idx + len(head.text)]).strip()
            if name:
                return Speaker(name, "other", "proper noun")
        if persons:
            m = persons[0]
            return Speaker(m.entity, m.side, "name in source")
        if inside:
            m = inside[0]
            return Speaker(m.entity, m.side, "name in source")
        return Speaker(how="not named")
