"""Naming choices, voices, stance toward actors, and derived texts (the Source bias chapter).

Four independent readings of each document, each traceable to sentences and offsets:

* **Naming choices** (:func:`find_terms`, :func:`term_hits`, :func:`terms`): occurrences of the variants of the
  framing codebook ``data/framing.yaml`` (the name of the region, of the exclave, of the corridor, of the events
  of September 2023, of the 1990s war, of Section 907, of the lobbies), each variant with the side whose usage it
  signals. Every hit has its offsets, its sentence, and whether it stands inside a quotation (a word put in
  someone else's mouth is not the writer's own choice).
* **Voice balance** (:func:`voices`): from the rhetoric module's ``quotes`` table, the share of quotations and of
  quoted words by speaker side, with a row for every side so that absent sides show as zero.
* **Stance** (:func:`stance`): per document and target, a score in [-1, 1] that is the weighted mean of up to four
  named components, each in [-1, 1], each reported next to the score (see :data:`STANCE_WEIGHTS`):

  - ``loaded`` (weight 0.4): loaded words in the writer's own voice (rhetoric ``feature == "loaded"``, not
    ``in_quote``), each attributed by :func:`attribute_loaded` to the actor it is ABOUT, read from the spaCy
    dependency parse: the agent of a loaded verb (subject, or the "by" phrase of a passive; a subjectless verb
    takes its controller's: "planned to act aggressively, hoping to intimidate Baku"), the owner of a loaded noun
    (possessor, compound or demonym adjective from ``data/demonyms.yaml``: "Armenian provocations"; its
    "of/from/by/between" phrase; or the subject of a support verb: "putting pressure on Azerbaijan"), the owner of
    the noun a loaded adjective describes. The agent is counted with its category's direction from
    ``data/framing.yaml`` (praise +1, every other category -1); the patient ("pressure on Azerbaijan", "attack
    Azerbaijan") is listed but not scored; a word whose agent the parse does not name (or names only by a pronoun
    other than a clause-bound "its") is left unattributed. The component is the mean over the target's agent rows;
  - ``sentiment`` (0.3): mean of the rhetoric module's ``actor_sentiment`` scores (VADER compound of the whole
    sentence) for actors of the target's side;
  - ``verbs`` (0.2): mean polarity of the reporting verbs introducing the target side's quotations (distancing
    verbs such as *claimed*, *scoffed* -1; endorsing *confirmed*, *pointed out* +1; all others 0);
  - ``last_word`` (0.1): +1 if the document's last quotation is the target side's, -1 if the target side is quoted
    but another of the five sides has the last quotation; no evidence otherwise.

  Loaded words weigh most because they are the only evidence tied to one actor: VADER scores a whole sentence and
  gives the same score to every actor in it.
  Components without evidence are left out and the weights of the others renormalized. The score comes with the
  sentences about the target (``evidence``, ``n_sentences``) and ``strength``: ``none`` (no sentence), ``thin``
  (fewer than :data:`THIN` sentences) or ``ok``.
* **Derived texts** (:func:`derivations`, :func:`derived_map`, :func:`alignment`, :func:`changes`): for each pair,
  the shorter text's 3-word-shingle containment in the longer one and the TF-IDF cosine of the two texts; the
  derived text's sentences are aligned to their best match in the source (TF-IDF cosine of sentences). A pair is
  derivative only if all of containment, its lift over the corpus baseline, cosine and share of aligned
  sentences pass their thresholds (:data:`MIN_CONTAINMENT`, :data:`MIN_LIFT`, :data:`MIN_SIMILARITY`,
  :data:`MIN_ALIGNED`, :data:`MIN_ALIGNED_SHARE`). For a derivative pair :func:`changes` lists what the
  derivative kept, rewrote, dropped or added: quotations, loaded language, hedges, named sources and framing
  terms.

The functions that read the rhetoric tables take DataFrames with the export contract's columns, so they can be
tested on small hand-made frames.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from . import segment
from .resources import DATA_DIR, load_yaml

# --------------------------------------------------------------------------------------------------------------
# Naming choices
# --------------------------------------------------------------------------------------------------------------

FRAMING_SIDES = ("Azerbaijan", "Armenia", "neutral")
TARGETS = ("Azerbaijan", "Armenia", "United States", "Russia", "EU/OSCE")
VOICE_SIDES = TARGETS + ("other", "unknown")


class CodebookError(ValueError):
    pass


@dataclass(frozen=True)
class Variant:
    group: str
    variant: str
    side: str
    pattern: re.Pattern
    requires: re.Pattern | None
    note: str


@dataclass(frozen=True)
class TermHit:
    doc_id: str
    sentence_id: str
    start: int
    end: int
    surface: str
    group: str
    variant: str
    side: str
    quoted: bool


def _surface_regex(surface: str) -> str:
    out = []
    for ch in surface:
        if ch in "'’":
            out.append("['’]")
        elif ch == "-":
            out.append(r"[-‐‑\s]")
        elif ch == " ":
            out.append(r"\s+")
        else:
            out.append(re.escape(ch))
    return "".join(out)


@lru_cache(maxsize=None)
def codebook(name: str = "framing.yaml") -> tuple[Variant, ...]:
    """The variants of the framing codebook, validated (errors name the file and the entry)."""
    data = load_yaml(name)
    if not isinstance(data, dict) or not isinstance(data.get("groups"), list):
        raise CodebookError(f"{name}: missing list 'groups'")
    variants = []
    seen = set()
    for gi, group in enumerate(data["groups"]):
        gname = group.get("group")
        if not gname:
            raise CodebookError(f"{name}: groups[{gi}]: missing field 'group'")
        for vi, entry in enumerate(group.get("variants") or []):
            where = f"{name}: group {gname!r} variants[{vi}]"
            for key in ("variant", "side"):
                if not entry.get(key):
                    raise CodebookError(f"{where}: missing field '{key}'")
            if entry["side"] not in FRAMING_SIDES:
                raise CodebookError(f"{where}: side {entry['side']!r} is not one of {FRAMING_SIDES}")
            # longest surface first: the regex alternation takes the first alternative that matches
            surfaces = sorted(entry.get("surfaces") or [], key=lambda x: (-len(x), x))
            alternatives = [_surface_regex(s) for s in surfaces]
            alternatives += list(entry.get("patterns") or [])
            if not alternatives:
                raise CodebookError(f"{where}: needs 'surfaces' or 'patterns'")
            if (gname, entry["variant"]) in seen:
                raise CodebookError(f"{where}: duplicate variant {entry['variant']!r}")
            seen.add((gname, entry["variant"]))
            try:
                pattern = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)
                requires = re.compile(entry["requires"], re.IGNORECASE) if entry.get("requires") else None
            except re.error as exc:
                raise CodebookError(f"{where}: bad regular expression: {exc}") from None
            variants.append(Variant(gname, entry["variant"], entry["side"], pattern, requires,
                                    entry.get("note", "")))
    return tuple(variants)


def codebook_table(name: str = "framing.yaml") -> pd.DataFrame:
    """The codebook as a table (group, variant, side, note) in file order, for the book."""
    return pd.DataFrame([{"group": v.group, "variant": v.variant, "side": v.side, "note": v.note}
                         for v in codebook(name)], columns=["group", "variant", "side", "note"])


def _quoted_mask(doc) -> list[bool]:
    """For each character of the document, whether it lies inside a quotation (per paragraph)."""
    mask = [False] * len(doc.text)
    for p_start, p_end in doc.paragraphs:
        inside, _ = segment._quote_mask(doc.text[p_start:p_end])
        mask[p_start:p_end] = inside
    return mask


def find_terms(doc, variants: tuple[Variant, ...] | None = None) -> list[TermHit]:
    """Codebook hits in a document, longest first then earliest when matches overlap; sorted by offset."""
    variants = codebook() if variants is None else variants
    candidates = []
    for order, v in enumerate(variants):
        for m in v.pattern.finditer(doc.text):
            if v.requires is not None:
                para = next(((s, e) for s, e in doc.paragraphs if s <= m.start() < e), (0, len(doc.text)))
                if not v.requires.search(doc.text[para[0]:para[1]]):
                    continue
            candidates.append((m.start(), m.end(), order, v))
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0], c[2]))
    taken: list[tuple[int, int, Variant]] = []
    for start, end, _, v in candidates:
        if all(end <= s or start >= e for s, e, _ in taken):
            taken.append((start, end, v))
    mask = _quoted_mask(doc) if taken else []
    hits = []
    for start, end, v in sorted(taken, key=lambda t: (t[0], t[1])):
        sentence = doc.sentence_at(start)
        hits.append(TermHit(doc.doc_id, sentence.sentence_id if sentence else "", start, end, doc.text[start:end],
                            v.group, v.variant, v.side, bool(mask[start])))
    return hits


TERM_HIT_COLUMNS = ["doc_id", "sentence_id", "start", "end", "surface", "group", "variant", "side", "quoted"]
TERM_COLUMNS = ["doc_id", "group", "variant", "surface", "side", "count"]


def term_hits(corpus) -> pd.DataFrame:
    """Every codebook hit with its offsets and sentence, sorted by document and offset."""
    rows = [vars(h) for doc in corpus for h in find_terms(doc)]
    return pd.DataFrame(rows, columns=TERM_HIT_COLUMNS)


def terms(hits: pd.DataFrame) -> pd.DataFrame:
    """Hits counted per document, group, variant and surface form (as written, case kept); ``quoted`` counts the
    hits inside quotation marks."""
    if hits.empty:
        return pd.DataFrame(columns=TERM_COLUMNS + ["quoted"])
    out = (hits.assign(quoted=hits["quoted"].astype(int))
           .groupby(["doc_id", "group", "variant", "surface", "side"], sort=True)
           .agg(count=("start", "size"), quoted=("quoted", "sum")).reset_index())
    return out[TERM_COLUMNS + ["quoted"]]


def naming_matrix(term_table: pd.DataFrame, doc_ids: list[str]) -> pd.DataFrame:
    """Counts per variant (rows "group: variant [side]", in codebook order, only variants used somewhere) and
    document (columns, every document of the corpus)."""
    order = [(v.group, v.variant) for v in codebook()]
    if term_table.empty:
        return pd.DataFrame(columns=doc_ids)
    counts = term_table.groupby(["group", "variant", "doc_id"])["count"].sum().unstack("doc_id", fill_value=0)
    counts = counts.reindex(columns=doc_ids, fill_value=0)
    sides = {(v.group, v.variant): v.side for v in codebook()}
    rows = [key for key in order if key in counts.index]
    matrix = counts.loc[rows].astype(int)
    matrix.index = [f"{g}: {v} [{sides[(g, v)]}]" for g, v in rows]
    return matrix


def naming_sides(term_table: pd.DataFrame, doc_ids: list[str], own_only: bool = True) -> pd.DataFrame:
    """Per document, hits by signalled side (Azerbaijan, Armenia, neutral); ``own_only`` leaves out the hits
    inside quotation marks (someone else's words)."""
    t = term_table
    if own_only and not t.empty:
        t = t.assign(count=t["count"] - t["quoted"])
    if t.empty:
        counts = pd.DataFrame(0, index=doc_ids, columns=list(FRAMING_SIDES))
    else:
        counts = t.groupby(["doc_id", "side"])["count"].sum().unstack("side", fill_value=0)
        counts = counts.reindex(index=doc_ids, columns=list(FRAMING_SIDES), fill_value=0)
    counts.index.name = "doc_id"
    return counts.astype(int)


# --------------------------------------------------------------------------------------------------------------
# Voices
# --------------------------------------------------------------------------------------------------------------

_WORD = re.compile(r"\w+(?:[’'\-.]\w+)*")
VOICE_COLUMNS = ["doc_id", "side", "quotes", "quoted_words", "share"]


def count_words(text: str) -> int:
    return len(_WORD.findall(text or ""))


def _side(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value == "":
        return "unknown"
    if value not in VOICE_SIDES:
        raise ValueError(f"quotes.speaker_side: unknown side {value!r} (expected one of {VOICE_SIDES})")
    return value


def voices(quotes: pd.DataFrame, doc_ids: list[str]) -> pd.DataFrame:
    """Quotations and quoted words per document and speaker side, one row for every side of :data:`VOICE_SIDES`.

    ``share`` is the side's share of the document's quoted words, ``quote_share`` its share of the quotations
    (both 0 when the document quotes nobody); ``absent`` marks the sides never quoted. A quotation whose speaker
    is unknown counts for the side ``unknown``.
    """
    unknown_docs = sorted(set(quotes["doc_id"]) - set(doc_ids)) if not quotes.empty else []
    if unknown_docs:
        raise ValueError(f"quotes.doc_id: documents not in the corpus: {unknown_docs}")
    rows = []
    for doc_id in doc_ids:
        q = quotes[quotes["doc_id"] == doc_id] if not quotes.empty else quotes
        sides = [_side(s) for s in q["speaker_side"]] if len(q) else []
        words = [count_words(t) for t in q["text"]] if len(q) else []
        total_q, total_w = len(sides), sum(words)
        for side in VOICE_SIDES:
            nq = sum(1 for s in sides if s == side)
            nw = sum(w for s, w in zip(sides, words) if s == side)
            rows.append({"doc_id": doc_id, "side": side, "quotes": nq, "quoted_words": nw,
                         "share": round(nw / total_w, 4) if total_w else 0.0,
                         "quote_share": round(nq / total_q, 4) if total_q else 0.0,
                         "absent": nq == 0})
    return pd.DataFrame(rows, columns=VOICE_COLUMNS + ["quote_share", "absent"])


def absent_sides(voice_table: pd.DataFrame, doc_id: str) -> list[str]:
    """The five conflict sides (not ``other``/``unknown``) that a document never quotes."""
    v = voice_table[(voice_table["doc_id"] == doc_id) & voice_table["side"].isin(TARGETS)]
    return [s for s in TARGETS if s in set(v.loc[v["quotes"] == 0, "side"])]


# --------------------------------------------------------------------------------------------------------------
# Stance
# --------------------------------------------------------------------------------------------------------------

STANCE_WEIGHTS = {"loaded": 0.4, "sentiment": 0.3, "verbs": 0.2, "last_word": 0.1}
THIN = 3  # fewer sentences about a target than this: the evidence is "thin"
LOADED_FEATURE = "loaded"
HEDGE_FEATURE = "hedge"
STANCE_COLUMNS = ["doc_id", "target", "score", "n_sentences", "evidence"]


@lru_cache(maxsize=None)
def _verb_lexicon() -> dict[str, int]:
    """Reporting-verb lemma -> polarity toward the speaker (-1 distancing, +1 endorsing), from the
    ``reporting_verbs`` section of ``data/framing.yaml``; verbs not listed count 0."""
    section = load_yaml("framing.yaml").get("reporting_verbs") or {}
    lexicon: dict[str, int] = {}
    for key, sign in (("distancing", -1), ("endorsing", 1)):
        for lemma in section.get(key) or []:
            if lemma.lower() in lexicon:
                raise CodebookError(f"framing.yaml: reporting_verbs: {lemma!r} listed twice")
            lexicon[lemma.lower()] = sign
    return lexicon


@lru_cache(maxsize=None)
def _verb_classes() -> dict[str, str]:
    """lemma -> neutral | evaluative from the rhetoric module's data/reporting_verbs.yaml (empty if absent)."""
    if not (DATA_DIR / "reporting_verbs.yaml").exists():
        return {}
    data = load_yaml("reporting_verbs.yaml") or {}
    return {v["lemma"].lower(): v.get("class", "") for v in data.get("verbs") or [] if isinstance(v, dict)
            and v.get("lemma")}


def verb_class(verb) -> str:
    """'evaluative' or 'neutral' per the rhetoric verb file, '' for a verb it does not list (the rhetoric
    module's own :func:`analysis.rhetoric.verb_class` when it is there, so that both chapters agree)."""
    if not isinstance(verb, str):
        return ""
    try:
        from .rhetoric import verb_class as rhetoric_verb_class
    except ImportError:  # the rhetoric stage is absent: read its data file directly
        rhetoric_verb_class = None
    if rhetoric_verb_class is not None:
        return rhetoric_verb_class(verb)
    classes = _verb_classes()
    for form in _lemmas(verb):
        if form in classes:
            return classes[form]
    return ""


_IRREGULAR = {"said": "say", "says": "say", "told": "tell", "wrote": "write", "thought": "think",
              "spoke": "speak", "spoken": "speak", "written": "write", "saw": "see", "shown": "show"}


def _lemmas(verb: str) -> list[str]:
    words = verb.lower().split()
    if not words:
        return []
    head, rest = words[0], words[1:]
    forms = [head] + ([_IRREGULAR[head]] if head in _IRREGULAR else [])
    for suffix, repl in (("ied", "y"), ("ies", "y"), ("ed", ""), ("ed", "e"), ("es", ""), ("s", ""), ("d", ""),
                         ("ing", ""), ("ing", "e")):
        if head.endswith(suffix) and len(head) > len(suffix) + 2:
            forms.append(head[: -len(suffix)] + repl)
    if head.endswith("ed") and len(head) > 4 and head[-3] == head[-4]:  # scoffed -> scoff, admitted -> admit
        forms.append(head[:-3])
    if head.endswith("ing") and len(head) > 5 and head[-4] == head[-5]:  # admitting -> admit
        forms.append(head[:-4])
    return [" ".join([f] + rest) for f in forms]


def verb_polarity(verb, lexicon: dict[str, int] | None = None) -> int:
    """-1 for a distancing reporting verb, +1 for an endorsing one, 0 for a neutral or unknown one."""
    if not isinstance(verb, str) or not verb.strip():
        return 0
    lexicon = _verb_lexicon() if lexicon is None else lexicon
    for form in _lemmas(verb):
        if form in lexicon:
            return lexicon[form]
    return 0


def combine(components: dict[str, float | None], weights: dict[str, float] = STANCE_WEIGHTS) -> float:
    """Weighted mean of the components that have evidence (not None), clipped to [-1, 1]; NaN if none has."""
    present = {k: v for k, v in components.items() if v is not None and not (isinstance(v, float) and math.isnan(v))}
    if not present:
        return float("nan")
    total = sum(weights[k] for k in present)
    score = sum(weights[k] * present[k] for k in present) / total
    return float(max(-1.0, min(1.0, score)))


def _empty(columns):
    return pd.DataFrame(columns=columns)


@lru_cache(maxsize=None)
def _loaded_polarity() -> dict[str, int]:
    data = load_yaml("framing.yaml").get("loaded_categories") or {}
    out = {}
    for category, sign in data.items():
        if sign not in (-1, 0, 1):
            raise CodebookError(f"framing.yaml: loaded_categories: {category!r} must be -1, 0 or 1, not {sign!r}")
        out[category] = int(sign)
    return out


def loaded_polarity(category: str) -> int:
    """Direction of a loaded-language category for the actor it is about (see data/framing.yaml)."""
    table = _loaded_polarity()
    if category not in table:
        raise CodebookError(f"framing.yaml: loaded_categories: no direction for rhetoric category {category!r}")
    return table[category]


ATTRIBUTION_COLUMNS = ["doc_id", "sentence_id", "start", "end", "text", "category", "target", "polarity"]
ATTRIBUTION_EXTRA = ["role", "rule"]
ROLES = ("agent", "patient", "")  # "" = unattributed: no agent could be read from the parse


class AttributionError(ValueError):
    pass


@lru_cache(maxsize=None)
def _attribution_lists() -> dict[str, frozenset]:
    section = load_yaml("framing.yaml").get("loaded_attribution")
    if not isinstance(section, dict):
        raise CodebookError("framing.yaml: missing section 'loaded_attribution'")
    out = {}
    for key in ("agent_preps", "patient_preps", "of_patient", "victim_nouns", "support_verbs", "causes"):
        values = section.get(key)
        if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
            raise CodebookError(f"framing.yaml: loaded_attribution: {key!r} must be a list of words")
        out[key] = frozenset(v.lower() for v in values)
    return out


@lru_cache(maxsize=None)
def demonyms(name: str = "demonyms.yaml") -> dict[str, str]:
    """Demonym or adjective (lower case) -> target side, from ``data/demonyms.yaml``."""
    data = load_yaml(name)
    if not isinstance(data, dict) or not isinstance(data.get("demonyms"), dict):
        raise CodebookError(f"{name}: missing mapping 'demonyms'")
    out: dict[str, str] = {}
    for side, forms in data["demonyms"].items():
        if side not in TARGETS:
            raise CodebookError(f"{name}: demonyms: {side!r} is not one of {TARGETS}")
        for form in forms or []:
            key = str(form).lower()
            if key in out:
                raise CodebookError(f"{name}: demonyms: {form!r} listed twice")
            out[key] = side
    return out


@lru_cache(maxsize=16)
def _parse_text(text: str):
    from .rhetoric import _nlp

    return _nlp()(text)


_RELATIVE = {"which", "that", "who", "whom", "whose"}
_SUBJ = ("nsubj", "csubj")
_CLIMB = ("xcomp", "advcl", "conj")


class _Reader:
    """Who a loaded span is about, in one sentence's parse: actors are the sentence's gazetteer mentions
    (``spans`` of (start, end, side) in the parsed text's offsets) and the demonyms of data/demonyms.yaml."""

    def __init__(self, spans):
        self.spans = spans
        self.lists = _attribution_lists()
        self.demonyms = demonyms()

    # -- actors -------------------------------------------------------------------------------------------------
    def side(self, tok):
        a, b = tok.idx, tok.idx + len(tok.text)
        for s, e, side in self.spans:
            if s < b and a < e:
                return side
        return self.demonyms.get(tok.text.lower().replace("’", "'"))

    def sides_of_phrase(self, tok, depth=0):
        """Sides named by a noun phrase: the head itself, else its owner (possessor, compound, demonym, of/by
        phrase), with coordinated phrases ("Baku and Washington")."""
        out = []
        for t in [tok] + [c for c in tok.conjuncts if c.i > tok.i]:
            s = self.side(t)
            if s:
                out.append(s)
            elif depth < 3:
                owners, _, _ = self.owner(t, depth + 1)
                out += owners
        return out

    # -- nouns --------------------------------------------------------------------------------------------------
    def owner(self, noun, depth=0):
        """(owner sides, patient sides, blocked): ``blocked`` when the owner is a pronoun we do not resolve."""
        owners, patients, blocked = [], [], False
        word = [noun]  # a hyphenated word the parser split ("re - imposition"): its parts' dependents are its own
        j = noun.i
        doc = noun.doc
        while j >= 2 and doc[j - 1].text == "-" and not doc[j - 1].whitespace_ and not doc[j - 2].whitespace_:
            word += [doc[j - 1], doc[j - 2]]
            j -= 2
        parts = {t.i for t in word}
        children = [c for t in word for c in t.children if c.i not in parts]
        first = min(parts)
        if first >= 2 and doc[first - 1].tag_ == "POS" and not any(c.dep_ == "poss" for c in children):
            # "the Biden administration's re-imposition", where the parser made the possessor a sibling
            children.append(doc[first - 2])
        for c in children:
            if c.dep_ == "poss" or c.i == first - 2:
                s = self.side(c)
                if s:
                    owners.append(s)
                elif c.lower_ == "its":  # bound by the clause's subject: "Washington ... reconsiders its posturing"
                    verb = self._governing_verb(noun)
                    sides = self.agent_of_verb(verb, depth + 1)[0] if verb is not None and depth < 3 else []
                    owners += sides
                    blocked = blocked or not sides
                elif c.pos_ == "PRON":
                    blocked = True
                else:
                    owners += self.sides_of_phrase(c, depth + 1)
            elif c.dep_ in ("compound", "amod", "nmod"):
                s = self.side(c) or next((self.side(g) for g in c.children if g.dep_ == "compound" and self.side(g)),
                                         None)
                if s:
                    owners.append(s)
            elif c.dep_ == "prep":
                objs = [g for g in c.children if g.dep_ == "pobj"]
                if not objs:
                    continue
                prep = c.lower_
                found = [x for o in objs for x in self.sides_of_phrase(o, depth + 1)]
                if prep == "of":
                    (patients if noun.lemma_.lower() in self.lists["of_patient"] else owners).extend(found)
                elif prep in self.lists["agent_preps"]:
                    owners += found
                elif prep in self.lists["patient_preps"]:
                    patients += found
        return owners, patients, blocked

    def _governing_verb(self, tok):
        t = tok
        for _ in range(6):
            if t.head.i == t.i:
                return t if t.pos_ in ("VERB", "AUX") else None
            t = t.head
            if t.pos_ in ("VERB", "AUX"):
                return t
        return None

    def noun_agent(self, noun, rules):
        """Agent/owner of a loaded noun; falls back on the support verb or the cause it depends on."""
        owners, patients, blocked = self.owner(noun)
        if owners:
            rules.append("owner")
            return owners, patients
        if blocked:
            rules.append("pronoun owner")
            return [], patients
        head = noun.head
        anchor = noun
        if noun.dep_ == "conj":  # "threats and sanctions": the second conjunct depends like the first
            anchor = noun.head
            while anchor.dep_ == "conj" and anchor.head.i != anchor.i:
                anchor = anchor.head
            head = anchor.head
        if anchor.dep_ == "dobj" and head.lemma_.lower() in self.lists["support_verbs"]:
            rules.append(f"subject of '{head.lemma_.lower()}'")
            agents, p2 = self.agent_of_verb(head)
            return agents, patients + [p for p in p2 if p not in agents]
        if anchor.dep_ == "pobj":
            prep = head
            verb = prep.head
            if f"{verb.lemma_.lower()} {prep.lower_}" in self.lists["causes"]:
                subj = next((c for c in verb.children if c.dep_ in _SUBJ), None)
                if subj is not None and subj.lower_ in _RELATIVE and verb.dep_ == "relcl":
                    subj = verb.head
                    # an event results in something, not a place or a state: "Azerbaijan's attack on Artskah,
                    # which resulted in ...", where the parser attaches "which" to the nearest noun, is the attack's
                    while self.side(subj) and subj.dep_ == "pobj" and subj.head.head.pos_ == "NOUN":
                        subj = subj.head.head
                if subj is not None:
                    rules.append(f"cause ('{verb.lemma_.lower()} {prep.lower_}')")
                    s = self.side(subj)
                    return ([s] if s else self.owner(subj)[0]), patients
            if prep.lower_ == "of" and verb.pos_ in ("NOUN", "PROPN"):  # "re-imposition of sanctions by ..."
                rules.append("owner of the head noun")
                agents, _ = self.noun_agent(verb, rules)
                return agents, patients
        return [], patients

    # -- verbs --------------------------------------------------------------------------------------------------
    def agent_of_verb(self, verb, depth=0):
        """(agent sides, patient sides) of a verb: subject, or the "by" phrase of a passive; a verb without a
        subject takes its controller's (xcomp, advcl, conj, "warned Baku against attacking")."""
        patients = []
        for c in (verb.children if depth == 0 else ()):  # the patients of the verb itself, not of a controller
            if c.dep_ in ("dobj", "nsubjpass"):
                patients += self.sides_of_phrase(c)
            elif c.dep_ == "prep" and c.lower_ in self.lists["patient_preps"]:
                patients += [x for g in c.children if g.dep_ == "pobj" for x in self.sides_of_phrase(g)]
        subj = next((c for c in verb.children if c.dep_ in _SUBJ), None)
        if subj is not None:
            if subj.lower_ in _RELATIVE and verb.dep_ == "relcl":
                subj = verb.head
            if subj.pos_ == "PRON":
                return [], patients
            return self.sides_of_phrase(subj, depth + 1), patients
        by = next((c for c in verb.children if c.dep_ == "agent"), None)
        if by is not None:
            return [x for g in by.children if g.dep_ == "pobj" for x in self.sides_of_phrase(g)], patients
        if any(c.dep_ == "nsubjpass" for c in verb.children) or depth >= 4 or verb.head.i == verb.i:
            return [], patients
        head = verb.head
        if verb.dep_ in _CLIMB:
            return self.agent_of_verb(head, depth + 1)[0], patients
        if verb.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN") and verb.tag_ in ("VBN", "VBG"):
            return self.sides_of_phrase(head), patients  # "Azerbaijan, focused on ..."
        if verb.dep_ == "pcomp" and head.dep_ == "prep":
            governor = head.head
            if governor.pos_ in ("VERB", "AUX"):
                obj = next((c for c in governor.children if c.dep_ == "dobj"), None)
                if obj is not None:  # object control: "warned Baku against attacking Armenia"
                    return self.sides_of_phrase(obj), patients
                return self.agent_of_verb(governor, depth + 1)[0], patients
            if governor.pos_ in ("NOUN", "PROPN") and governor.dep_ == "dobj":  # "has reasons for putting"
                return self.agent_of_verb(governor.head, depth + 1)[0], patients
        return [], patients

    # -- adjectives ---------------------------------------------------------------------------------------------
    def described(self, adj):
        """The noun an evaluative adjective describes (attributive, predicative or "perceive X as")."""
        head = adj.head
        if adj.dep_ == "amod" and head.pos_ in ("NOUN", "PROPN"):
            return head
        if head.lower_ == "as" and head.pos_ == "ADP":
            verb = head.head
            target = next((c for c in verb.children if c.dep_ == "dobj"), None) or next(
                (c for c in verb.children if c.dep_ in _SUBJ), None)
        elif adj.dep_ in ("acomp", "attr", "oprd"):
            verb = head
            target = next((c for c in verb.children if c.dep_ in _SUBJ), None)
        else:
            return None
        if target is not None and target.lower_ in _RELATIVE and verb.dep_ == "relcl":
            target = verb.head
        return target

    # -- a span ------------------------------------------------------------------------------------------------
    def read(self, span, category):
        """(agent sides, patient sides, rule) for a parsed span."""
        heads = [t for t in span if t.head.i < span.start or t.head.i >= span.end or t.head.i == t.i]
        if not heads:
            raise AttributionError(f"no head in span {span.text!r}: {[(t.text, t.head.i) for t in span]} {span.start}")
        head = heads[0]
        rules: list[str] = []
        own = next((self.side(t) for t in span if self.side(t)), None)
        if own:  # the term names its actor: "the Armenian lobby", "pro-Armenian political groups"
            return [own], [], "names the actor"
        passive = not any(c.dep_ in _SUBJ + ("dobj",) for c in head.children) and (
            head.tag_ == "VBN" or (head.dep_ == "conj" and head.head.lemma_ == "be"))  # "was ..., and occupied"
        if head.pos_ in ("VERB", "AUX") and passive and head.dep_ in _CLIMB:
            # "the territory of Azerbaijan was under attack ..., and subsequently occupied": the subject it shares is
            # the patient; the agent only from a "by" phrase
            by = next((c for c in head.children if c.dep_ == "agent"), None)
            agents = [x for g in by.children if g.dep_ == "pobj" for x in self.sides_of_phrase(g)] if by else []
            shared = next((c for c in head.head.children if c.dep_ in _SUBJ + ("nsubjpass",)), None)
            patients = self.sides_of_phrase(shared) if shared is not None and shared.pos_ != "PRON" else []
            return agents, patients, "passive participle"
        if head.pos_ in ("VERB", "AUX") and not (head.dep_ in ("amod", "acl") and head.tag_ == "VBN"):
            agents, patients = self.agent_of_verb(head)
            return agents, patients, "subject of the verb" if agents else "verb without a named agent"
        if head.pos_ in ("VERB", "AUX"):  # "the occupied districts": the noun is the patient
            by = next((c for c in head.children if c.dep_ == "agent"), None)
            agents = [x for g in by.children if g.dep_ == "pobj" for x in self.sides_of_phrase(g)] if by else []
            return agents, self.sides_of_phrase(head.head), "passive participle"
        if head.pos_ in ("NOUN", "PROPN"):
            agents, patients = self.noun_agent(head, rules)
            if category == "victimhood" and head.lemma_.lower() in self.lists["victim_nouns"]:
                return [], agents + patients, "owner is the victim"
            return agents, patients, "; ".join(rules) or "noun without a named owner"
        if head.pos_ == "ADJ" or (head.pos_ == "ADV" and head.dep_ == "amod"):
            noun = self.described(head)
            if noun is None:
                return [], [], "adjective without a described noun"
            s = self.side(noun)
            if s:
                return [s], [], "describes the actor"
            agents, patients = self.noun_agent(noun, rules)
            return agents, patients, "; ".join(["describes a noun"] + rules)
        if head.pos_ in ("ADV", "ADP"):  # "act aggressively", "under the influence of"
            verb = head.head
            if verb.pos_ in ("VERB", "AUX"):
                agents, patients = self.agent_of_verb(verb)
                return agents, patients, "modifies the verb"
            if verb.pos_ in ("NOUN", "PROPN"):
                agents, patients = self.noun_agent(verb, rules)
                return agents, patients, "; ".join(["modifies a noun"] + rules)
        return [], [], f"no rule for a {head.pos_}"


def _ordered(sides):
    order = {s: i for i, s in enumerate(VOICE_SIDES)}
    return sorted(set(sides), key=lambda s: (order.get(s, len(order)), s))


def attribute_span(text: str, start: int, end: int, category: str, actors) -> dict:
    """Who the loaded words ``text[start:end]`` are about, from the dependency parse of ``text`` (one sentence or a
    whole document). ``actors``: (start, end, side) of the actors named in the same sentence (gazetteer mentions),
    offsets into ``text``. Returns {"agents": [...], "patients": [...], "rule": str}, sides in a fixed order."""
    doc = _parse_text(text)
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        raise AttributionError(f"loaded span {start}:{end} {text[start:end]!r} is not on token boundaries")
    agents, patients, rule = _Reader(list(actors)).read(span, category)
    agents = _ordered(agents)
    return {"agents": agents, "patients": [p for p in _ordered(patients) if p not in agents], "rule": rule}


def attribute_loaded(rhetoric: pd.DataFrame, mentions: pd.DataFrame, texts: dict[str, str]) -> pd.DataFrame:
    """Loaded-language rows in the writer's own words (``in_quote`` false), each with the actor it is about, read
    from the dependency parse (see data/framing.yaml ``loaded_categories`` and :func:`attribute_span`).

    One row per (term, actor): ``role`` "agent" (scored with the category's direction, ``polarity``) or "patient"
    (the actor the act is done to; listed, ``polarity`` NaN, not scored). A term with no agent that the parse can
    name keeps one row with an empty ``target`` and role "" (unattributed, not scored). ``rule`` says which
    relation decided. Actors are the sentence's gazetteer mentions (any side; only the five targets enter the
    stance) and the demonyms of data/demonyms.yaml.
    """
    columns = ATTRIBUTION_COLUMNS + ATTRIBUTION_EXTRA
    if rhetoric is None or rhetoric.empty:
        return pd.DataFrame(columns=columns)
    loaded = rhetoric[rhetoric["feature"] == LOADED_FEATURE]
    if "in_quote" in loaded.columns:
        loaded = loaded[~loaded["in_quote"].astype(bool)]
    by_sentence = {k: g for k, g in mentions.groupby("sentence_id")} if len(mentions) else {}
    rows = []
    for r in loaded.sort_values(["doc_id", "start", "end"], kind="mergesort").itertuples(index=False):
        if texts is None or r.doc_id not in texts:
            raise AttributionError(f"rhetoric.doc_id: no text for document {r.doc_id!r}")
        text = texts[r.doc_id]
        if text[r.start:r.end] != r.text:
            raise AttributionError(f"rhetoric row {r.doc_id} {r.start}:{r.end}: text {r.text!r} is not at its offsets")
        m = by_sentence.get(r.sentence_id)
        actors = [] if m is None else sorted(zip(m["start"], m["end"], m["side"]))
        res = attribute_span(text, r.start, r.end, r.category, actors)
        polarity = loaded_polarity(r.category)
        base = {"doc_id": r.doc_id, "sentence_id": r.sentence_id, "start": r.start, "end": r.end, "text": r.text,
                "category": r.category}
        for side in res["agents"]:
            rows.append({**base, "target": side, "polarity": polarity, "role": "agent", "rule": res["rule"]})
        if not res["agents"]:
            rows.append({**base, "target": "", "polarity": float("nan"), "role": "", "rule": res["rule"]})
        for side in res["patients"]:
            rows.append({**base, "target": side, "polarity": float("nan"), "role": "patient", "rule": res["rule"]})
    return pd.DataFrame(rows, columns=columns)


ATTRIBUTION_WORD_COLUMNS = ["doc_id", "sentence_id", "start", "end", "text", "category", "counted for",
                            "polarity", "done to", "rule"]


def attribution_by_word(attributed: pd.DataFrame) -> pd.DataFrame:
    """One row per loaded word of :func:`attribute_loaded`: ``counted for`` the agents (``"unattributed"`` when the
    parse names none), ``polarity`` the direction they are counted with (NaN when unattributed), ``done to`` the
    patients (listed, not scored), ``rule`` the relation that decided; sorted by document and offset."""
    rows = []
    if attributed is None or attributed.empty:
        return pd.DataFrame(columns=ATTRIBUTION_WORD_COLUMNS)
    for (doc_id, start, end), g in attributed.groupby(["doc_id", "start", "end"], sort=True):
        agents = g[g["role"] == "agent"]
        first = g.iloc[0]
        rows.append({"doc_id": doc_id, "sentence_id": first["sentence_id"], "start": start, "end": end,
                     "text": first["text"], "category": first["category"],
                     "counted for": "; ".join(agents["target"]) if len(agents) else "unattributed",
                     "polarity": agents["polarity"].iloc[0] if len(agents) else float("nan"),
                     "done to": "; ".join(g.loc[g["role"] == "patient", "target"]), "rule": first["rule"]})
    return pd.DataFrame(rows, columns=ATTRIBUTION_WORD_COLUMNS)


def stance(sentences: pd.DataFrame, mentions: pd.DataFrame, actor_sentiment: pd.DataFrame | None = None,
           quotes: pd.DataFrame | None = None, rhetoric: pd.DataFrame | None = None,
           lexicon: dict[str, int] | None = None, texts: dict[str, str] | None = None) -> pd.DataFrame:
    """Stance of every document toward every target of :data:`TARGETS` (see the module docstring).

    Inputs are the export tables ``sentences``, ``mentions`` and, when the rhetoric module provides them,
    ``actor_sentiment``, ``quotes`` and ``rhetoric`` (None: that evidence is not available).
    A sentence is *about* a target when it mentions an actor of the target's side (mentions table) or carries an
    actor-sentiment row for that side.
    """
    asent = actor_sentiment if actor_sentiment is not None else _empty(["doc_id", "sentence_id", "actor", "side", "score"])
    qts = quotes if quotes is not None else _empty(["doc_id", "start", "speaker_side", "verb"])
    attributed = (attribute_loaded(rhetoric, mentions, texts) if rhetoric is not None
                  else _empty(ATTRIBUTION_COLUMNS + ATTRIBUTION_EXTRA))
    doc_ids = sorted(set(sentences["doc_id"]))
    rows = []
    for doc_id in doc_ids:
        m = mentions[mentions["doc_id"] == doc_id]
        a = asent[asent["doc_id"] == doc_id]
        q = qts[qts["doc_id"] == doc_id].sort_values("start", kind="mergesort")
        lt = attributed[attributed["doc_id"] == doc_id]
        q_sides = [_side(s) for s in q["speaker_side"]]
        last_side = q_sides[-1] if q_sides else None
        for target in TARGETS:
            lt_t = lt[(lt["target"] == target) & (lt["role"] == "agent")]
            about = sorted(set(m.loc[m["side"] == target, "sentence_id"]) | set(a.loc[a["side"] == target, "sentence_id"])
                           | set(lt_t["sentence_id"]))  # a demonym ("Armenian provocations") is about the target too
            about = [s for s in about if isinstance(s, str) and s]
            at = a[a["side"] == target]
            sentiment = float(at["score"].astype(float).mean()) if len(at) else None
            loaded = float(lt_t["polarity"].astype(float).mean()) if len(lt_t) else None
            own = [i for i, s in enumerate(q_sides) if s == target]
            verbs = float(np.mean([verb_polarity(q["verb"].iloc[i], lexicon) for i in own])) if own else None
            n_evaluative = sum(1 for i in own if verb_class(q["verb"].iloc[i]) == "evaluative")
            if last_side == target:
                last_word = 1.0
            elif own and last_side in TARGETS:
                last_word = -1.0
            else:
                last_word = None
            components = {"sentiment": sentiment, "loaded": loaded, "verbs": verbs, "last_word": last_word}
            n = len(about)
            rows.append({
                "doc_id": doc_id, "target": target, "score": round(combine(components), 4), "n_sentences": n,
                "evidence": ";".join(about),
                "strength": "none" if n == 0 else ("thin" if n < THIN else "ok"),
                **{k: (round(v, 4) if v is not None else float("nan")) for k, v in components.items()},
                "n_quotes": len(own), "n_evaluative": n_evaluative, "n_loaded": len(lt_t),
            })
    return pd.DataFrame(rows, columns=STANCE_COLUMNS + ["strength", "sentiment", "loaded", "verbs", "last_word",
                                                        "n_quotes", "n_evaluative", "n_loaded"])


# --------------------------------------------------------------------------------------------------------------
# Derived texts
# --------------------------------------------------------------------------------------------------------------

SHINGLE = 3
MIN_CONTAINMENT = 0.08  # share of the shorter text's 3-word shingles found in the longer one
MIN_LIFT = 3.0  # and that many times the median containment of the derived text against the rest of the corpus
MIN_SIMILARITY = 0.4  # TF-IDF cosine of the two texts
ALIGN_MIN = 0.3  # TF-IDF cosine for a derived sentence to be aligned with a source sentence
MIN_ALIGNED = 5  # aligned sentences
MIN_ALIGNED_SHARE = 0.25  # share of the derived text's sentences aligned to the source

_TOKEN = re.compile(r"[a-z0-9]+")
DERIVATION_COLUMNS = ["source_doc", "derived_doc", "containment", "similarity", "is_derivative",
                      "aligned_passages"]


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower().replace("’", "'"))


def shingles(text: str, n: int = SHINGLE) -> set[tuple[str, ...]]:
    toks = tokens(text)
    return {tuple(toks[i : i + n]) for i in range(len(toks) - n + 1)}


def containment(shorter: str, longer: str, n: int = SHINGLE) -> float:
    a, b = shingles(shorter, n), shingles(longer, n)
    return len(a & b) / len(a) if a else 0.0


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(w.lower() for w in STOP_WORDS)


def content_tokens(text: str) -> list[str]:
    stop = _stop_words()
    return [t for t in tokens(text) if t not in stop and not t.isdigit() and len(t) > 1]


def tfidf(texts: list[str], idf_texts: list[str] | None = None) -> np.ndarray:
    """L2-normalized TF-IDF rows for ``texts`` (content words; smooth idf ``ln((1+N)/(1+df)) + 1`` computed over
    ``idf_texts``, by default the texts themselves)."""
    docs = [content_tokens(t) for t in texts]
    basis = docs if idf_texts is None else [content_tokens(t) for t in idf_texts]
    vocab = sorted({w for d in docs + basis for w in d})
    index = {w: i for i, w in enumerate(vocab)}
    df = np.zeros(len(vocab))
    for d in basis:
        for w in set(d):
            df[index[w]] += 1
    idf = np.log((1 + len(basis)) / (1 + df)) + 1.0
    matrix = np.zeros((len(docs), len(vocab)))
    for i, d in enumerate(docs):
        for w in d:
            matrix[i, index[w]] += 1.0
    matrix *= idf
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


def alignment(source, derived, idf_texts: list[str] | None = None, threshold: float = ALIGN_MIN) -> pd.DataFrame:
    """For each sentence of ``derived``, its best match among the sentences of ``source`` (TF-IDF cosine, idf over
    ``idf_texts``, by default the sentences of both); rows above ``threshold`` only, in the derived text's order."""
    cols = ["derived_doc", "derived_sentence", "source_doc", "source_sentence", "similarity"]
    s_texts = [s.text for s in source.sentences]
    d_texts = [s.text for s in derived.sentences]
    if not s_texts or not d_texts:
        return pd.DataFrame(columns=cols)
    vectors = tfidf(d_texts + s_texts, idf_texts if idf_texts is not None else d_texts + s_texts)
    sims = vectors[: len(d_texts)] @ vectors[len(d_texts):].T
    rows = []
    for i, sent in enumerate(derived.sentences):
        j = int(np.argmax(sims[i]))  # first best on ties
        if sims[i, j] >= threshold:
            rows.append({"derived_doc": derived.doc_id, "derived_sentence": sent.sentence_id,
                         "source_doc": source.doc_id, "source_sentence": source.sentences[j].sentence_id,
                         "similarity": round(float(sims[i, j]), 4)})
    return pd.DataFrame(rows, columns=cols)


def derivations(corpus) -> pd.DataFrame:
    """Every unordered pair of documents (the shorter as ``derived_doc``) with both views and the decision.

    Extra columns: ``lift`` (containment over the median containment of the derived text against the other
    documents), ``aligned_share`` (share of the derived text's sentences aligned to the source).
    """
    docs = sorted(corpus, key=lambda d: d.doc_id)
    all_sentences = [s.text for d in docs for s in d.sentences]
    vectors = tfidf([d.text for d in docs]) if docs else np.zeros((0, 0))
    pairs = []
    for i, a in enumerate(docs):
        for j in range(i + 1, len(docs)):
            b = docs[j]
            shorter, longer = (a, b) if len(a.text) <= len(b.text) else (b, a)
            pairs.append((longer, shorter, containment(shorter.text, longer.text), float(vectors[i] @ vectors[j])))
    by_doc: dict[str, list[float]] = {}
    for longer, shorter, c, _ in pairs:
        by_doc.setdefault(shorter.doc_id, []).append(c)
        by_doc.setdefault(longer.doc_id, []).append(c)
    rows = []
    for longer, shorter, c, sim in pairs:
        others = sorted(by_doc[shorter.doc_id])
        baseline = others[len(others) // 2] if len(others) > 2 else 0.0
        lift = c / baseline if baseline else float("inf") if c else 0.0
        aligned = alignment(longer, shorter, all_sentences)
        share = len(aligned) / len(shorter.sentences) if shorter.sentences else 0.0
        strong = (c >= MIN_CONTAINMENT and lift >= MIN_LIFT and sim >= MIN_SIMILARITY
                  and len(aligned) >= MIN_ALIGNED and share >= MIN_ALIGNED_SHARE)
        rows.append({"source_doc": longer.doc_id, "derived_doc": shorter.doc_id, "containment": round(c, 4),
                     "similarity": round(sim, 4), "is_derivative": bool(strong), "aligned_passages": len(aligned),
                     "lift": round(lift, 4) if math.isfinite(lift) else lift, "aligned_share": round(share, 4)})
    out = pd.DataFrame(rows, columns=DERIVATION_COLUMNS + ["lift", "aligned_share"])
    return out.sort_values(["source_doc", "derived_doc"], kind="mergesort").reset_index(drop=True)


def derived_pairs(corpus) -> list[tuple[str, str, float]]:
    """(source_doc, derived_doc, containment) for every pair, the shorter document as the derived one."""
    d = derivations(corpus)
    return [(r.source_doc, r.derived_doc, r.containment) for r in d.itertuples(index=False)]


def derived_map(corpus) -> dict[str, str]:
    """{derived doc_id: source doc_id} for the pairs judged derivative (the best-contained source wins)."""
    d = derivations(corpus)
    if d.empty:
        return {}
    d = d[d["is_derivative"].astype(bool)].sort_values(["derived_doc", "containment", "source_doc"],
                                          ascending=[True, False, True], kind="mergesort")
    best = d.drop_duplicates("derived_doc")
    return dict(zip(best["derived_doc"], best["source_doc"]))


# ---- what a derivative kept, rewrote, dropped and added ------------------------------------------------------

CHANGE_COLUMNS = ["category", "status", "text", "source_sentence", "derived_sentence"]
CATEGORIES = ("quotation", "loaded language", "hedge", "named source", "framing term")


def _contains(item: str, text_tokens: list[str], text_shingles: set) -> bool:
    """Whether ``item`` occurs in a text: as a token sequence (short items) or with most of its shingles."""
    it = tokens(item)
    if not it:
        return False
    if len(it) <= 4:
        n = len(it)
        return any(text_tokens[k : k + n] == it for k in range(len(text_tokens) - n + 1))
    sh = {tuple(it[k : k + SHINGLE]) for k in range(len(it) - SHINGLE + 1)}
    return len(sh & text_shingles) / len(sh) >= 0.5


def _compare(category: str, source_items: list[tuple[str, str]], derived_items: list[tuple[str, str]],
             source_doc, derived_doc, aligned: pd.DataFrame) -> list[dict]:
    """Items are (sentence_id, text). kept: found in the derived text; rewrote: not found, but its sentence is
    aligned with a derived sentence; dropped: neither. Derived items absent from the source are 'added'."""
    d_tokens, d_sh = tokens(derived_doc.text), shingles(derived_doc.text)
    s_tokens, s_sh = tokens(source_doc.text), shingles(source_doc.text)
    back = {}
    for r in aligned.itertuples(index=False):
        back.setdefault(r.source_sentence, r.derived_sentence)
    rows = []
    for sid, text in source_items:
        if _contains(text, d_tokens, d_sh):
            status = "kept"
        elif sid in back:
            status = "rewrote"
        else:
            status = "dropped"
        rows.append({"category": category, "status": status, "text": text, "source_sentence": sid,
                     "derived_sentence": back.get(sid, "")})
    forward = dict(zip(aligned["derived_sentence"], aligned["source_sentence"]))
    for sid, text in derived_items:
        if not _contains(text, s_tokens, s_sh):
            rows.append({"category": category, "status": "added", "text": text,
                         "source_sentence": forward.get(sid, ""), "derived_sentence": sid})
    return rows


def changes(corpus, source_id: str, derived_id: str, tables: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """What ``derived_id`` kept, rewrote, dropped and added relative to ``source_id``.

    Categories: quotations (``quotes`` table), loaded language and hedges (``rhetoric`` table, features
    :data:`LOADED_FEATURE` and :data:`HEDGE_FEATURE`), named sources (quoted speakers), framing terms (the
    codebook). Categories whose table is missing from ``tables`` are left out.
    """
    tables = tables or {}
    source, derived = corpus[source_id], corpus[derived_id]
    all_sentences = [s.text for d in corpus for s in d.sentences]
    aligned = alignment(source, derived, all_sentences)

    def items(frame, doc_id, column="text", mask=None):
        f = frame[frame["doc_id"] == doc_id]
        if mask is not None:
            f = f[mask(f)]
        f = f.sort_values(["start"] if "start" in f.columns else ["sentence_id"], kind="mergesort")
        return [(r["sentence_id"], r[column]) for _, r in f.iterrows() if isinstance(r[column], str) and r[column]]

    rows: list[dict] = []
    quotes = tables.get("quotes")
    if quotes is not None:
        rows += _compare("quotation", items(quotes, source_id), items(quotes, derived_id), source, derived, aligned)
    rh = tables.get("rhetoric")
    if rh is not None:
        for category, feature in (("loaded language", LOADED_FEATURE), ("hedge", HEDGE_FEATURE)):
            sel = lambda f, feature=feature: f["feature"] == feature  # noqa: E731
            rows += _compare(category, items(rh, source_id, mask=sel), items(rh, derived_id, mask=sel),
                             source, derived, aligned)
    if quotes is not None:
        rows += _named_sources(quotes, source, derived)
    hits = tables.get("term_hits")
    if hits is None:
        hits = pd.DataFrame([vars(h) for d in (source, derived) for h in find_terms(d)], columns=TERM_HIT_COLUMNS)
    rows += _compare("framing term", items(hits, source_id, "surface"), items(hits, derived_id, "surface"),
                     source, derived, aligned)
    out = pd.DataFrame(rows, columns=CHANGE_COLUMNS)
    order = {c: i for i, c in enumerate(CATEGORIES)}
    status_order = {"kept": 0, "rewrote": 1, "dropped": 2, "added": 3}
    out = out.assign(_c=out["category"].map(order), _s=out["status"].map(status_order))
    return out.sort_values(["_c", "_s", "source_sentence", "derived_sentence", "text"], kind="mergesort").drop(
        columns=["_c", "_s"]).reset_index(drop=True)


def _named_sources(quotes: pd.DataFrame, source, derived) -> list[dict]:
    """Quoted speakers of the source: kept if the derived text names them (or quotes them), else dropped; speakers
    quoted only in the derived text are added."""
    def speakers(doc_id):
        q = quotes[(quotes["doc_id"] == doc_id) & quotes["speaker"].notna()
                   & ~quotes["speaker"].isin(["", "unknown"])]  # an unresolved speaker is not a named source
        first = q.sort_values("start", kind="mergesort").drop_duplicates("speaker")
        return list(zip(first["sentence_id"], first["speaker"]))

    rows = []
    d_speakers = {s for _, s in speakers(derived.doc_id)}
    s_speakers = {s for _, s in speakers(source.doc_id)}
    for sid, name in speakers(source.doc_id):
        kept = name in d_speakers or _names_in(name, derived.text)
        rows.append({"category": "named source", "status": "kept" if kept else "dropped", "text": name,
                     "source_sentence": sid, "derived_sentence": ""})
    for sid, name in speakers(derived.doc_id):
        if name not in s_speakers and not _names_in(name, source.text):
            rows.append({"category": "named source", "status": "added", "text": name, "source_sentence": "",
                         "derived_sentence": sid})
    return rows


def _names_in(name: str, text: str) -> bool:
    """Whether a speaker is named in a text: the name itself or, for a canonical gazetteer actor, a variant."""
    from . import actors

    forms = {name}
    try:
        forms |= set(actors.actor_by_name(name).variants)
    except (KeyError, AttributeError):
        pass
    return any(re.search(r"(?<!\w)" + re.escape(f) + r"(?!\w)", text) for f in forms if f)


def change_summary(change_table: pd.DataFrame) -> pd.DataFrame:
    """Counts of kept / rewrote / dropped / added per category (categories in :data:`CATEGORIES` order)."""
    statuses = ["kept", "rewrote", "dropped", "added"]
    if change_table.empty:
        return pd.DataFrame(columns=statuses)
    counts = change_table.groupby(["category", "status"]).size().unstack("status", fill_value=0)
    counts = counts.reindex(columns=statuses, fill_value=0)
    return counts.reindex([c for c in CATEGORIES if c in counts.index])


# --------------------------------------------------------------------------------------------------------------
# Corpus-level builders (registered in analysis.tables)
# --------------------------------------------------------------------------------------------------------------

RHETORIC_TABLES = ("quotes", "rhetoric", "actor_sentiment")


def rhetoric_tables(corpus) -> dict[str, pd.DataFrame]:
    """The rhetoric module's tables that are registered in analysis.tables (missing ones are left out)."""
    from . import tables

    names = [n for n in RHETORIC_TABLES if n in tables.BUILDERS]
    return tables.build(corpus, names) if names else {}


def terms_table(corpus) -> pd.DataFrame:
    return terms(term_hits(corpus))


def voices_table(corpus, rh: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """Voice balance of every document (empty when the rhetoric module's ``quotes`` table is not available)."""
    rh = rhetoric_tables(corpus) if rh is None else rh
    if "quotes" not in rh:
        return pd.DataFrame(columns=VOICE_COLUMNS + ["quote_share", "absent"])
    return voices(rh["quotes"], [d.doc_id for d in corpus])


def loaded_attribution_table(corpus) -> pd.DataFrame:
    """The export table of :func:`attribution_by_word` for the whole corpus (one row per loaded word in the writer's
    own voice, with offsets), so that chapters and pages read the attribution instead of parsing again."""
    from . import tables

    t = tables.build(corpus, ["rhetoric", "mentions"])
    words = attribution_by_word(attribute_loaded(t["rhetoric"], t["mentions"], {d.doc_id: d.text for d in corpus}))
    return words.rename(columns={"counted for": "counted_for", "done to": "done_to"})


def stance_table(corpus, rh: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """Stance of every document toward every target, from whatever rhetoric evidence is available."""
    from . import tables

    rh = rhetoric_tables(corpus) if rh is None else rh
    base = tables.build(corpus, ["sentences", "mentions"])
    return stance(base["sentences"], base["mentions"], rh.get("actor_sentiment"), rh.get("quotes"),
                  rh.get("rhetoric"), texts={d.doc_id: d.text for d in corpus})


# --------------------------------------------------------------------------------------------------------------
# Helpers for the book (pure functions of the tables above)
# --------------------------------------------------------------------------------------------------------------

def stance_matrix(stance_table: pd.DataFrame, doc_ids: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Scores (targets x documents, NaN where there is no evidence) and cell labels ("-0.39 n=21", "thin")."""
    scores = pd.DataFrame(np.nan, index=list(TARGETS), columns=doc_ids)
    labels = pd.DataFrame("", index=list(TARGETS), columns=doc_ids)
    for r in stance_table.itertuples(index=False):
        if r.doc_id not in scores.columns:
            continue
        scores.loc[r.target, r.doc_id] = r.score
        if r.n_sentences == 0 or pd.isna(r.score):
            labels.loc[r.target, r.doc_id] = f"no evidence\nn={r.n_sentences}"
        else:
            flag = " thin" if r.strength == "thin" else ""
            labels.loc[r.target, r.doc_id] = f"{r.score:+.2f}\nn={r.n_sentences}{flag}"
    return scores, labels


def voice_shares(voice_table: pd.DataFrame, column: str = "share") -> pd.DataFrame:
    """Documents x sides (in :data:`VOICE_SIDES` order) of a share column of the voices table."""
    if voice_table.empty:
        return pd.DataFrame(columns=list(VOICE_SIDES))
    out = voice_table.pivot(index="doc_id", columns="side", values=column).reindex(columns=list(VOICE_SIDES))
    return out.fillna(0.0).sort_index()


def sentence_texts(corpus, sentence_ids) -> pd.DataFrame:
    """sentence_id and text of the given sentences (in document order)."""
    wanted = set(sentence_ids)
    rows = [{"sentence_id": s.sentence_id, "text": s.text} for d in corpus for s in d.sentences
            if s.sentence_id in wanted]
    return pd.DataFrame(rows, columns=["sentence_id", "text"])


def alignment_view(corpus, aligned: pd.DataFrame) -> pd.DataFrame:
    """An alignment table with both sentences' texts: derived sentence, source sentence, similarity."""
    text = {s.sentence_id: s.text for d in corpus for s in d.sentences}
    return pd.DataFrame({
        "derived": [sid.rsplit(":", 1)[-1] for sid in aligned["derived_sentence"]],
        "derived text": [text[s] for s in aligned["derived_sentence"]],
        "source": [sid.rsplit(":", 1)[-1] for sid in aligned["source_sentence"]],
        "source text": [text[s] for s in aligned["source_sentence"]],
        "similarity": aligned["similarity"].tolist(),
    })


def marked_sentences(doc, spans: pd.DataFrame, label_column: str, sentence_ids=None) -> str:
    """Escaped HTML: each sentence of ``doc`` that holds a span (or is listed in ``sentence_ids``), with ``<mark>``
    around the spans (columns start, end and ``label_column``), one paragraph per sentence with its id."""
    from . import render

    by_sentence: dict[str, list[tuple[int, int, str]]] = {}
    for r in spans.itertuples(index=False):
        s = doc.sentence_at(r.start)
        if s is not None:
            by_sentence.setdefault(s.sentence_id, []).append((r.start, r.end, str(getattr(r, label_column))))
    wanted = set(by_sentence) | set(sentence_ids or [])
    parts = []
    for s in doc.sentences:
        if s.sentence_id in wanted:
            body = render.highlight(s.text, by_sentence.get(s.sentence_id, []), offset=s.start)
            parts.append(f'<p class="evidence"><code>{render.escape(s.sentence_id.rsplit(":", 1)[-1])}</code> '
                         f"{body}</p>")
    return "".join(parts)


def timeline(corpus, doc_id: str) -> dict:
    """The document's timeline reach and the dates it mentions, from the chronology tables (``reach`` and
    ``timexes``, so that a build computes them once for every page).

    Returns {"reach": DataFrame, "dates": DataFrame, "problem": str}: ``problem`` explains an empty reach (no
    publication date, against which relative dates cannot be resolved).
    """
    from . import tables

    t = tables.build(corpus, ["reach", "timexes"])
    reach = t["reach"][t["reach"]["doc_id"] == doc_id].reset_index(drop=True)
    dates = t["timexes"][t["timexes"]["doc_id"] == doc_id].reset_index(drop=True)
    problem = ""
    if not corpus[doc_id].value("published"):
        problem = "its publication date is unknown, so dates relative to it are listed unresolved"
    return {"reach": reach, "dates": dates, "problem": problem}
    doc = corpus[doc_id]
    error = getattr(chronology, "ChronologyError", ValueError)
    try:
        if hasattr(chronology, "reach"):
            out["reach"] = chronology.reach([doc]).reset_index(drop=True)
        if hasattr(chronology, "timexes_table"):
            out["dates"] = chronology.timexes_table([doc]).reset_index(drop=True)
    except error as exc:
        out["problem"] = str(exc)
    return out
