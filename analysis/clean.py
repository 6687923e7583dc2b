"""Normalization and page-furniture removal.

``normalize`` makes the text comparable (NFC, spaces, line endings) while keeping the original quotation marks.
``split_furniture`` walks the normalized lines and sets aside every line that is page furniture (rules in
``data/furniture.yaml``) or metadata (title, dateline, byline, "Published"/"Updated" lines: rules in
``data/metadata_rules.yaml``), each with its line number and reason ("header: byline", ...). Then, by position: the
title (the first kept line when it reads as a headline), an outlet's name alone on the line under it, and a dateline
that opens the first paragraph ("PARIS (AP) —"), which is cut from that paragraph (the body starts after it; the
prefix is recorded as a removed line of the same line number). What is left is the body, joined as paragraphs
separated by a blank line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

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


_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def _expand(pattern: str, definitions: dict, seen: tuple = ()) -> str:
    """Replace every ``{name}`` of a pattern by ``(?:definition)``, recursively (quantifiers like {0,3} stay)."""

    def sub(m):
        name = m.group(1)
        if name not in definitions:
            raise ValueError(f"metadata_rules.yaml: unknown definition {{{name}}} in {pattern!r}")
        if name in seen:
            raise ValueError(f"metadata_rules.yaml: definition {{{name}}} refers to itself")
        return "(?:" + _expand(definitions[name], definitions, seen + (name,)) + ")"

    return _PLACEHOLDER.sub(sub, pattern)


@dataclass(frozen=True)
class MetaRule:
    pattern: re.Pattern
    field: str | None  # the old form: the group `value` fills this field; None: every named group fills its own
    reason: str
    scope: str  # line | first_paragraph

    def hits(self, m: re.Match, line: int, text: str) -> list[MetaHit]:
        if self.field:
            return [MetaHit(self.field, m.group("value").strip(), line, text)]
        return [MetaHit(name, value.strip(), line, text)
                for name, value in sorted(m.groupdict().items(), key=lambda kv: m.start(kv[0]))
                if value and value.strip()]


@lru_cache(maxsize=None)
def _meta_rules() -> tuple[tuple[MetaRule, ...], re.Pattern | None]:
    data = load_yaml("metadata_rules.yaml")
    definitions = data.get("definitions") or {}
    rules = []
    for index, rule in enumerate(data["rules"]):
        flags = 0 if rule.get("case") else re.IGNORECASE
        try:
            pattern = re.compile(_expand(rule["pattern"], definitions), flags)
        except re.error as exc:
            raise ValueError(f"metadata_rules.yaml: rules[{index}], field 'pattern': {exc}") from None
        scope = rule.get("scope", "line")
        if scope not in ("line", "first_paragraph"):
            raise ValueError(f"metadata_rules.yaml: rules[{index}], field 'scope': unknown scope {scope!r}")
        rules.append(MetaRule(pattern, rule.get("field"), rule["reason"], scope))
    outlet = data.get("outlet_line")
    return tuple(rules), re.compile(_expand(outlet, definitions)) if outlet else None


def _sentence_like(line: str) -> bool:
    return len(line.split()) >= 8 or line.endswith((".", "!", "?", ".”", '."', "”", '"'))


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
    all_rules, outlet_line = _meta_rules()
    line_rules = [r for r in all_rules if r.scope == "line"]
    prefix_rules = [r for r in all_rules if r.scope == "first_paragraph"]
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
            for rule in line_rules:
                m = rule.pattern.fullmatch(line)
                if m:
                    reason = rule.reason
                    meta.extend(rule.hits(m, number, line))
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
        # An outlet's name alone on the line under the title, before the body.
        if (outlet_line is not None and len(kept) > 1 and outlet_line.fullmatch(kept[0][1])
                and len(kept[0][1]) <= 60 and not _sentence_like(kept[0][1]) and _sentence_like(kept[1][1])):
            number, line = kept.pop(0)
            removed.append(RemovedLine(number, line, "header: outlet"))
            meta.append(MetaHit("outlet", line, number, line))

    # A dateline that opens the first paragraph ("PARIS (AP) — ..."): cut from the body, which starts after it.
    if kept:
        number, line = kept[0]
        for rule in prefix_rules:
            m = rule.pattern.match(line)
            if m and line[m.end():].strip():
                prefix = line[: m.end()].rstrip()
                removed.append(RemovedLine(number, prefix, rule.reason))
                meta.extend(rule.hits(m, number, prefix))
                kept[0] = (number, line[m.end():].lstrip())
                break

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
