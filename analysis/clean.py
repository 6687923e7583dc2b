"""Normalization and page-furniture removal.

``normalize`` makes the text comparable (NFC, spaces, line endings) while keeping the original quotation marks.
``split_furniture`` walks the normalized lines and sets aside every line that is page furniture (rules in
``data/furniture.yaml``) or metadata (title, dateline, byline: rules in ``data/metadata_rules.yaml``), each with its
line number and reason. What is left is the body, joined as paragraphs separated by a blank line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .resources import load_yaml

# Horizontal white space that becomes a plain space (no-break, narrow no-break, figure, thin, ideographic, tabs).
_SPACES = re.compile(r"[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_MULTISPACE = re.compile(r" {2,}")

MAX_TITLE_CHARS = 200


@dataclass(frozen=True)
class RemovedLine:
    line: int  # 1-based line number in the raw file
    text: str
    reason: str


@dataclass(frozen=True)
class MetaHit:
    field: str
    value: str
    line: int
    text: str


@dataclass
class Cleaned:
    body: str
    paragraphs: list[tuple[int, int]]  # (start, end) into body
    paragraph_lines: list[int]  # raw line number of each paragraph
    removed: list[RemovedLine] = field(default_factory=list)
    meta: list[MetaHit] = field(default_factory=list)


def normalize(raw: str) -> str:
    """Unicode NFC, one kind of line ending, spaces instead of no-break and other exotic spaces.

    Quotation marks and apostrophes are kept as written (curly or straight).
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    text = _ZERO_WIDTH.sub("", text)
    text = _SPACES.sub(" ", text)
    lines = [_MULTISPACE.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(lines)


def _compiled_furniture():
    rules = []
    for rule in load_yaml("furniture.yaml")["rules"]:
        flags = 0 if rule.get("case") else re.IGNORECASE
        rules.append((re.compile(rule["pattern"], flags), rule["reason"], rule.get("scope", "line")))
    return rules


def _compiled_meta():
    return [
        (re.compile(rule["pattern"], re.IGNORECASE), rule["field"], rule["reason"])
        for rule in load_yaml("metadata_rules.yaml")["rules"]
    ]


def _looks_like_title(line: str, next_lines: list[str]) -> bool:
    """A first body line that is short, not a finished sentence, and followed by body text."""
    if not line or len(line) > MAX_TITLE_CHARS or not next_lines:
        return False
    if line.endswith((".", ".”", '."', ":", ";", ",")):
        return False
    return any(len(n) > len(line) for n in next_lines)


def split_furniture(normalized: str) -> Cleaned:
    """Separate body paragraphs from furniture and metadata lines; nothing is dropped unrecorded."""
    furniture = _compiled_furniture()
    meta_rules = _compiled_meta()
    lines = normalized.split("\n")
    removed: list[RemovedLine] = []
    meta: list[MetaHit] = []
    kept: list[tuple[int, str]] = []
    tail_reason = None
    for number, line in enumerate(lines, start=1):
        if not line:
            continue
        if tail_reason:
            removed.append(RemovedLine(number, line, tail_reason))
            continue
        reason = None
        for pattern, why, scope in furniture:
            if pattern.fullmatch(line):
                reason = why
                if scope == "tail":
                    tail_reason = why
                break
        if reason is None:
            for pattern, field_name, why in meta_rules:
                m = pattern.fullmatch(line)
                if m:
                    reason = why
                    meta.append(MetaHit(field_name, m.group("value").strip(), number, line))
                    break
        if reason is not None:
            removed.append(RemovedLine(number, line, reason))
        else:
            kept.append((number, line))

    # A title is the first kept line when it reads as a headline; it becomes metadata.
    if kept and _looks_like_title(kept[0][1], [t for _, t in kept[1:4]]):
        number, line = kept.pop(0)
        removed.append(RemovedLine(number, line, "title"))
        meta.append(MetaHit("title", line, number, line))

    # A repeated paragraph (a page that printed its lead twice) is furniture too: keep the first copy.
    seen: set[str] = set()
    body_lines: list[tuple[int, str]] = []
    for number, line in kept:
        if line in seen and len(line) > 40:
            removed.append(RemovedLine(number, line, "duplicate-paragraph"))
            continue
        seen.add(line)
        body_lines.append((number, line))

    removed.sort(key=lambda r: r.line)
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for _, line in body_lines:
        if parts:
            pos += 2  # the blank line between paragraphs
        spans.append((pos, pos + len(line)))
        parts.append(line)
        pos += len(line)
    return Cleaned(
        body="\n\n".join(parts),
        paragraphs=spans,
        paragraph_lines=[n for n, _ in body_lines],
        removed=removed,
        meta=meta,
    )
