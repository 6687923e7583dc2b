"""Naming choices: the framing codebook's variants found in each article, with offsets and whether quoted.

The codebook is a file of the corpus folder named by its book.yaml (``codebook:``, :mod:`analysis.topic`); a
corpus without one has no naming choices (every function here then returns empty tables). The sides a codebook's
variants signal are the ``sides:`` it declares (the book's sides and ``neutral``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .. import contract, segment
from .. import topic as topic_mod
from ..resources import safe_load

# --------------------------------------------------------------------------------------------------------------
# Naming choices
# --------------------------------------------------------------------------------------------------------------


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


def _codebook_path(source) -> str | None:
    """A codebook's path from a path or a Topic (its codebook); None for None or a topic without one."""
    if isinstance(source, topic_mod.Topic):
        source = source.codebook
    return str(source) if source is not None else None


def codebook(source: "str | Path | topic_mod.Topic | None" = None) -> tuple[Variant, ...]:
    """The variants of a framing codebook, validated (errors name the file and the entry): ``source`` is the
    codebook file or a Topic (its codebook); () when there is none (or ``source`` is None)."""
    path = _codebook_path(source)
    return _read_codebook(path) if path is not None else ()


def framing_sides(source: "str | Path | topic_mod.Topic | None" = None) -> tuple[str, ...]:
    """The sides a codebook's variants may signal: its declared ``sides:`` (``neutral`` last), else the sides its
    variants use in file order; () without a codebook."""
    path = _codebook_path(source)
    return _declared_sides(path) if path is not None else ()


@lru_cache(maxsize=None)
def _load(path: str):
    with open(path, encoding="utf-8") as fh:
        return safe_load(fh)


@lru_cache(maxsize=None)
def _declared_sides(path: str) -> tuple[str, ...]:
    data = _load(path)
    declared = [str(s) for s in (data.get("sides") or [])] if isinstance(data, dict) else []
    if not declared:
        for group in (data or {}).get("groups") or []:
            for entry in group.get("variants") or []:
                if entry.get("side") and entry["side"] not in declared:
                    declared.append(entry["side"])
    if topic_mod.NEUTRAL in declared:
        declared.remove(topic_mod.NEUTRAL)
    return tuple(declared) + (topic_mod.NEUTRAL,)


@lru_cache(maxsize=None)
def _read_codebook(path: str) -> tuple[Variant, ...]:
    name = Path(path).name
    data = _load(path)
    if not isinstance(data, dict) or not isinstance(data.get("groups"), list):
        raise CodebookError(f"{name}: missing list 'groups'")
    variants = []
    seen = set()
    declared = data.get("sides")
    allowed = _declared_sides(path) if declared else None
    for gi, group in enumerate(data["groups"]):
        gname = group.get("group")
        if not gname:
            raise CodebookError(f"{name}: groups[{gi}]: missing field 'group'")
        for vi, entry in enumerate(group.get("variants") or []):
            where = f"{name}: group {gname!r} variants[{vi}]"
            for key in ("variant", "side"):
                if not entry.get(key):
                    raise CodebookError(f"{where}: missing field '{key}'")
            if allowed is not None and entry["side"] not in allowed:
                raise CodebookError(f"{where}: side {entry['side']!r} is not one of {allowed}")
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


def codebook_table(source: "str | Path | topic_mod.Topic | None" = None) -> pd.DataFrame:
    """The codebook as a table (group, variant, side, note) in file order, for the book (empty without one)."""
    return pd.DataFrame([{"group": v.group, "variant": v.variant, "side": v.side, "note": v.note}
                         for v in codebook(source)], columns=["group", "variant", "side", "note"])


def _quoted_mask(doc) -> list[bool]:
    """For each character of the document, whether it lies inside a quotation (per paragraph)."""
    mask = [False] * len(doc.text)
    for p_start, p_end in doc.paragraphs:
        inside, _ = segment._quote_mask(doc.text[p_start:p_end])
        mask[p_start:p_end] = inside
    return mask


def find_terms(doc, variants: tuple[Variant, ...] | None = None) -> list[TermHit]:
    """Codebook hits in a document, longest first then earliest when matches overlap; sorted by offset."""
    variants = () if variants is None else variants
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


TERM_HIT_COLUMNS = contract.columns("term_hits")
TERM_COLUMNS = contract.COLUMNS["terms"]


def term_hits(corpus, variants: tuple[Variant, ...] | None = None) -> pd.DataFrame:
    """Every codebook hit with its offsets and sentence, sorted by document and offset (``variants``: the codebook's,
    ``codebook(topic)``; none when None)."""
    variants = () if variants is None else variants
    rows = [vars(h) for doc in corpus for h in find_terms(doc, variants)]
    return pd.DataFrame(rows, columns=TERM_HIT_COLUMNS)


def terms(hits: pd.DataFrame) -> pd.DataFrame:
    """Hits counted per document, group, variant and surface form (as written, case kept); ``quoted`` counts the
    hits inside quotation marks."""
    if hits.empty:
        return pd.DataFrame(columns=contract.columns("terms"))
    out = (hits.assign(quoted=hits["quoted"].astype(int))
           .groupby(["doc_id", "group", "variant", "surface", "side"], sort=True)
           .agg(count=("start", "size"), quoted=("quoted", "sum")).reset_index())
    return out[contract.columns("terms")]


def naming_matrix(term_table: pd.DataFrame, doc_ids: list[str],
                  variants: tuple[Variant, ...] | None = None) -> pd.DataFrame:
    """Counts per variant (rows "group: variant [side]", in codebook order, only variants used somewhere) and
    document (columns, every document of the corpus); ``variants``: the codebook's (``codebook(topic)``)."""
    variants = () if variants is None else variants
    order = [(v.group, v.variant) for v in variants]
    if term_table.empty:
        return pd.DataFrame(columns=doc_ids)
    counts = term_table.groupby(["group", "variant", "doc_id"])["count"].sum().unstack("doc_id", fill_value=0)
    counts = counts.reindex(columns=doc_ids, fill_value=0)
    sides = {(v.group, v.variant): v.side for v in variants}
    rows = [key for key in order if key in counts.index]
    matrix = counts.loc[rows].astype(int)
    matrix.index = [f"{g}: {v} [{sides[(g, v)]}]" for g, v in rows]
    return matrix


def naming_sides(term_table: pd.DataFrame, doc_ids: list[str], own_only: bool = True,
                 sides: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Per document, hits by signalled side (``sides``: :func:`framing_sides` of the topic's codebook, e.g. the
    book's sides then ``neutral``; none when None); ``own_only`` leaves out the hits inside quotation marks (someone
    else's words)."""
    sides = () if sides is None else tuple(sides)
    t = term_table
    if own_only and not t.empty:
        t = t.assign(count=t["count"] - t["quoted"])
    if t.empty:
        counts = pd.DataFrame(0, index=doc_ids, columns=list(sides))
    else:
        counts = t.groupby(["doc_id", "side"])["count"].sum().unstack("side", fill_value=0)
        counts = counts.reindex(index=doc_ids, columns=list(sides), fill_value=0)
    counts.index.name = "doc_id"
    return counts.astype(int)


