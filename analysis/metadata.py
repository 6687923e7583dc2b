"""Document metadata: inferred from the text, curated in a manifest, always with its evidence.

Every value is a :class:`MetaValue` with ``source`` = ``text`` (read off a line of the article, the line is its
evidence), ``manifest`` (curated by the editors; ``evidence`` is the sentence that supports it or the reason for
the choice) or ``unknown``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import yaml

from .resources import safe_load

FIELDS = ("title", "outlet", "author", "published", "genre", "origin")
# Fields present in a document's metadata only when known (read off a header or curated): the dateline's city, the
# wire service credited in the dateline, the date of the last update.
OPTIONAL_FIELDS = ("dateline", "credit", "updated")
ALL_FIELDS = FIELDS + OPTIONAL_FIELDS
GENRES = ("news", "opinion", "analysis", "summary")
MANIFEST_NAME = "metadata.yaml"
_ISO = re.compile(r"\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2})?)?)?)?")
_MONTHS = "january february march april may june july august september october november december".split()


class ManifestError(ValueError):
    """A manifest problem; the message names the manifest file, the entry and the field."""


@dataclass(frozen=True)
class MetaValue:
    value: str | None
    source: str  # text | manifest | unknown
    evidence: str


UNKNOWN = MetaValue(None, "unknown", "")


def valid_iso(value: str) -> bool:
    """ISO 8601 calendar date or date-time, as precise as known (YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDTHH:MM)."""
    if not _ISO.fullmatch(value):
        return False
    fmt = {4: "%Y", 7: "%Y-%m", 10: "%Y-%m-%d", 16: "%Y-%m-%dT%H:%M", 19: "%Y-%m-%dT%H:%M:%S"}[len(value)]
    try:
        datetime.strptime(value, fmt)
    except ValueError:
        return False
    return True


_CLOCK = re.compile(r"(?<![\d:.])(\d{1,2})(?:[:.](\d{2}))?\s*(?:([ap])\.?m\.?)?(?![\d:])", re.IGNORECASE)


def _month_number(word: str) -> int | None:
    word = word.rstrip(".")
    if len(word) < 3:
        return None
    for index, month in enumerate(_MONTHS):
        if month.startswith(word) and (word == month or len(word) <= 4):
            return index + 1
    return None


def parse_dateline(text: str) -> str | None:
    """A date as headers print it, in ISO 8601 as precise as written (no year: None).

    '29 November 2023 18:00' -> '2023-11-29T18:00'; 'November 29, 2023' -> '2023-11-29'; 'Thursday, Feb. 1, 2024
    at 3:45 p.m. EST' -> '2024-02-01T15:45' (the zone is not kept); '2024-02-01 10:15' -> '2024-02-01T10:15'.
    """
    t = " ".join(text.strip().split())
    m = re.fullmatch(r"(\d{4}-\d{2}-\d{2})(?:[ Tt](\d{2}):(\d{2}))?", t)
    if m:
        date, hh, mm = m.groups()
        iso = f"{date}T{hh}:{mm}" if hh else date
        return iso if valid_iso(iso) else None
    lowered = t.lower()
    date = re.search(r"(?:(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+\.?),?\s+(\d{4})|([a-z]+\.?)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4}))",
                     lowered)
    if not date:
        return None
    if date.group(1):
        day, month_word, year = date.group(1), date.group(2), date.group(3)
    else:
        month_word, day, year = date.group(4), date.group(5), date.group(6)
    month = _month_number(month_word)
    if month is None:
        return None
    iso = f"{int(year):04d}-{month:02d}-{int(day):02d}"
    if not valid_iso(iso):
        return None
    rest = (lowered[: date.start()] + " | " + lowered[date.end():]).replace(" at ", " ")
    for clock in _CLOCK.finditer(rest):
        hh, mm, half = clock.groups()
        if mm is None and half is None:
            continue  # a bare number is not a time
        hour, minute = int(hh), int(mm or 0)
        if half:
            if not 1 <= hour <= 12:
                continue
            hour = hour % 12 + (12 if half == "p" else 0)
        if hour < 24 and minute < 60:
            return f"{iso}T{hour:02d}:{minute:02d}"
    return iso


def infer(meta_hits, removed) -> dict[str, MetaValue]:
    """Metadata read off the text: title, dateline, bylines, source lines, and the genre they imply."""
    out: dict[str, MetaValue] = {}
    for hit in meta_hits:
        if hit.field in out:
            continue
        value = hit.value
        if hit.field in ("published", "updated"):
            value = parse_dateline(value)
            if value is None:
                continue
        if hit.field in ("dateline", "author") and value.upper() == value and value.lower() != value:
            value = value.title()  # BERLIN -> Berlin, ST. PETERSBURG -> St. Petersburg, CLARA VERMEULEN
        if hit.field == "origin":
            value = re.sub(r"^(https?://)?(www\.)?", "", value).rstrip("/")
        out[hit.field] = MetaValue(value, "text", hit.text)
    # The outlet of a page that names its site in a disclaimer or reuse notice.
    if "outlet" not in out:
        for line in removed:
            m = re.search(r"(?:position of|hyperlink to)\s+([a-z0-9.\-]+\.[a-z]{2,})", line.text, re.IGNORECASE)
            if m:
                out["outlet"] = MetaValue(m.group(1).rstrip("."), "text", line.text)
                break
    # The wire service a dateline credits ("(Reuters)") when the page names no outlet of its own.
    if "outlet" not in out and "credit" in out:
        out["outlet"] = MetaValue(out["credit"].value, "text", out["credit"].evidence)
    if "outlet" not in out and "origin" in out:
        out["outlet"] = MetaValue(out["origin"].value, "text", out["origin"].evidence)
    # Genre from explicit labels.
    title = out.get("title")
    if title and re.match(r"(opinion|op-ed|commentary)\s*:", title.value or "", re.IGNORECASE):
        out["genre"] = MetaValue("opinion", "text", title.evidence)
    else:
        for line in removed:
            if re.search(r"views expressed in opinion pieces", line.text, re.IGNORECASE):
                out["genre"] = MetaValue("opinion", "text", line.text)
                break
            if line.reason == "navigation" and line.text.strip().upper() in {"ANALYTICS", "ANALYSIS"}:
                out["genre"] = MetaValue("analysis", "text", line.text)
                break
    return out


def _field_value(entry, field_name, manifest: Path, index: int) -> MetaValue:
    raw = entry[field_name]
    where = f"{manifest}: documents[{index}] ({entry.get('file')}), field '{field_name}'"
    if isinstance(raw, dict):
        unknown_keys = set(raw) - {"value", "source", "evidence"}
        if unknown_keys:
            raise ManifestError(f"{where}: unknown keys {sorted(unknown_keys)}")
        value, source, evidence = raw.get("value"), raw.get("source", "manifest"), raw.get("evidence", "")
    else:
        value, source, evidence = raw, "manifest", ""
    if source not in ("text", "manifest"):
        raise ManifestError(f"{where}: source must be 'text' or 'manifest', not {source!r}")
    if value is not None:
        value = str(value)
    if field_name in ("published", "updated") and value is not None and not valid_iso(value):
        raise ManifestError(f"{where}: unparseable date {value!r} (expected ISO 8601: YYYY, YYYY-MM, YYYY-MM-DD)")
    if field_name == "genre" and value is not None and value not in GENRES:
        raise ManifestError(f"{where}: unknown genre {value!r} (one of {', '.join(GENRES)})")
    return MetaValue(value, source if value is not None else "unknown", str(evidence or ""))


def read_manifest(manifest: Path, files: set[str]) -> dict[str, dict]:
    """Parse and validate a manifest; returns {file name: {'doc_id': ..., field: MetaValue}}."""
    try:
        data = safe_load(manifest.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ManifestError(f"{manifest}: not valid YAML: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise ManifestError(f"{manifest}: not valid UTF-8 at byte {exc.start}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        raise ManifestError(f"{manifest}: expected a mapping with a 'documents' list")
    out: dict[str, dict] = {}
    ids: dict[str, str] = {}
    for index, entry in enumerate(data["documents"]):
        if not isinstance(entry, dict) or "file" not in entry:
            raise ManifestError(f"{manifest}: documents[{index}], field 'file': missing")
        name = str(entry["file"])
        if name not in files:
            raise ManifestError(f"{manifest}: documents[{index}], field 'file': no such file {name!r} in the corpus")
        if name in out:
            raise ManifestError(f"{manifest}: documents[{index}], field 'file': {name!r} listed twice")
        unknown = set(entry) - {"file", "doc_id", *ALL_FIELDS}
        if unknown:
            raise ManifestError(f"{manifest}: documents[{index}] ({name}): unknown fields {sorted(unknown)}")
        doc_id = str(entry.get("doc_id") or Path(name).stem)
        if doc_id in ids:
            raise ManifestError(
                f"{manifest}: documents[{index}] ({name}), field 'doc_id': duplicate id {doc_id!r} (also {ids[doc_id]})"
            )
        ids[doc_id] = name
        record = {"doc_id": doc_id}
        for field_name in ALL_FIELDS:
            if field_name in entry:
                record[field_name] = _field_value(entry, field_name, manifest, index)
        out[name] = record
    return out
