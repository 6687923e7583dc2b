"""Files + manifest -> documents, and a load report in which every input file is loaded, rejected or skipped.

``load_corpus(folder)`` reads every ``*.txt`` file of the folder as UTF-8, normalizes it, sets page furniture
aside, segments the body and merges metadata inferred from the text with the optional manifest
(``metadata.yaml``). Strict mode (the default) raises :class:`LoadError` if any article is rejected; lenient mode
keeps the rejections in the report and goes on.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import clean, metadata, segment
from .metadata import ALL_FIELDS, FIELDS, MANIFEST_NAME, ManifestError, MetaValue

TOPIC_NAME = "book.yaml"  # the corpus's topic (analysis.topic), not an article
_WORD = re.compile(r"\w+(?:[’'\-.]\w+)*")


class LoadError(ValueError):
    """Raised in strict mode when an article is rejected, or when the corpus or its manifest is unusable."""


def short_id(doc_id: str) -> str:
    """A compact label for a document: the number of a numbered file name ("001_d448d77380b1797b" -> "001"),
    otherwise the whole id ("report_2023" stays "report_2023", so two such files never share a label)."""
    head, sep, _ = doc_id.partition("_")
    return head if sep and head.isdigit() else doc_id


def sentence_label(sentence_id: str) -> str:
    """A sentence id as the book prints it: "001_d448d77380b1797b:s013" -> "001:s013"."""
    doc_id, _, index = sentence_id.rpartition(":")
    return f"{short_id(doc_id)}:{index}"


@dataclass
class Document:
    doc_id: str
    path: str  # file name within the corpus folder
    sha256: str
    raw: str
    text: str  # the normalized body text: every offset in every table points into this
    paragraphs: list[tuple[int, int]]
    sentences: list[segment.Sentence]
    removed: list[clean.RemovedLine]
    meta: dict[str, MetaValue]

    @property
    def n_words(self) -> int:
        return len(_WORD.findall(self.text))

    def value(self, field_name: str) -> str | None:
        return self.meta.get(field_name, metadata.UNKNOWN).value

    def sentence_at(self, offset: int) -> segment.Sentence | None:
        """The sentence containing a character offset (None for offsets between sentences)."""
        for sentence in self.sentences:
            if sentence.start <= offset < sentence.end:
                return sentence
        return None


@dataclass(frozen=True)
class FileStatus:
    path: str
    status: str  # loaded | rejected | skipped | manifest
    reason: str
    doc_id: str = ""


@dataclass
class Corpus:
    folder: Path
    documents: list[Document]
    report: list[FileStatus] = field(default_factory=list)

    def __iter__(self):
        return iter(self.documents)

    def __len__(self):
        return len(self.documents)

    def __getitem__(self, doc_id: str) -> Document:
        for doc in self.documents:
            if doc.doc_id == doc_id:
                return doc
        raise KeyError(f"no document {doc_id!r} in {self.folder}")

    @property
    def rejected(self) -> list[FileStatus]:
        return [r for r in self.report if r.status == "rejected"]


def _decode(data: bytes) -> str:
    """UTF-8 text of an article, or a ValueError saying why it is not one."""
    if not data.strip():
        raise ValueError("empty file")
    if b"\x00" in data:
        raise ValueError("binary file (contains NUL bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ValueError(f"not valid UTF-8 (byte {exc.start}, line {line})") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(8, len(text) // 100):
        raise ValueError(f"binary file ({controls} control characters)")
    return text


_MARKUP_START = re.compile(r"\s*(?:<!doctype\s+html|<html[\s>]|<\?xml\s|<(?:rss|feed|svg|head|body)[\s>])", re.IGNORECASE)
_TAG = r"(?:</?[a-zA-Z][\w:\-]*(?:\s[^<>]*)?/?>|<!--.*?-->|<![a-zA-Z][^<>]*>)"
# a line that opens and closes with a tag ("<div class=x>", "<p>Farmers protest.</p>", "</body></html>")
_TAG_LINE = re.compile(rf"\s*{_TAG}(?:.*{_TAG})?\s*")


def markup_reason(text: str) -> str | None:
    """Why a decoded file is HTML or other markup rather than article text, or None.

    A page saved as .txt starts with a document type or a root element (``<!DOCTYPE html``, ``<html``, ``<?xml``,
    ``<rss>``, ``<svg>``), or most of its lines open and close with a tag. Article text that quotes or contains some tags (a
    script tag in a sentence, tests/data/unsafe_corpus) is article text.
    """
    head = _MARKUP_START.match(text)
    if head:
        return f"HTML or other markup, not article text (starts with {head.group(0).strip()[:20]!r})"
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) >= 3:
        tag_lines = sum(1 for line in lines if _TAG_LINE.fullmatch(line))
        if tag_lines * 2 > len(lines):
            return f"HTML or other markup, not article text ({tag_lines} of {len(lines)} lines are tags)"
    return None


def build_document(doc_id: str, name: str, data: bytes, curated: dict | None = None) -> Document:
    """One article from its bytes; raises ValueError with the reason when it cannot be used."""
    raw = _decode(data)
    why = markup_reason(raw)
    if why:
        raise ValueError(why)
    normalized = clean.normalize(raw)
    cleaned = clean.split_furniture(normalized)
    if not cleaned.body.strip():
        raise ValueError("no body text left after removing page furniture")
    meta = metadata.infer(cleaned.meta, cleaned.removed)
    for field_name, value in (curated or {}).items():
        if field_name in ALL_FIELDS:
            if value.source == "text" and value.evidence and value.evidence not in normalized:
                raise ManifestError(
                    f"{MANIFEST_NAME}: {name}, field '{field_name}': evidence {value.evidence!r} is not in the text"
                )
            meta[field_name] = value
    for field_name in FIELDS:
        meta.setdefault(field_name, metadata.UNKNOWN)
    if meta["genre"].value is None:
        meta["genre"] = MetaValue("news", "default", "no genre label in the text; news assumed")
    return Document(
        doc_id=doc_id,
        path=name,
        sha256=hashlib.sha256(data).hexdigest(),
        raw=raw,
        text=cleaned.body,
        paragraphs=cleaned.paragraphs,
        sentences=segment.segment(doc_id, cleaned.body, cleaned.paragraphs),
        removed=cleaned.removed,
        meta=meta,
    )


REPOSITORY = Path(__file__).resolve().parent.parent


def find_corpus(path: str | Path) -> Path:
    """A corpus folder as a notebook or a command names it: an absolute path as it is; a relative one against the
    working directory, then against the repository root (so that ``"seeds"`` works from the root, where papermill
    runs the notebooks, and from ``notebooks/``, where JupyterLab opens them). Raises LoadError naming every place
    tried."""
    path = Path(path).expanduser()
    candidates = [path] if path.is_absolute() else [Path.cwd() / path, REPOSITORY / path]
    for candidate, found in zip(candidates, [path] if path.is_absolute() else [path, REPOSITORY / path]):
        if candidate.is_dir():
            return found
    tried = ", ".join(str(c) for c in dict.fromkeys(candidates))
    raise LoadError(f"{path}: corpus folder not found (looked in {tried})")


def load_corpus(folder: str | Path, strict: bool = True, manifest: str | Path | None = None) -> Corpus:
    """Load every ``.txt`` article of ``folder``; see the module docstring."""
    folder = Path(folder)
    if not folder.is_dir():
        raise LoadError(f"{folder}: corpus folder not found")
    manifest_path = Path(manifest) if manifest else folder / MANIFEST_NAME
    entries = sorted(p for p in folder.iterdir() if not p.name.startswith("."))
    txt_files = {p.name for p in entries if p.suffix.lower() == ".txt" and p.is_file()}
    curated: dict[str, dict] = {}
    if manifest_path.exists():
        try:
            curated = metadata.read_manifest(manifest_path, txt_files)
        except ManifestError as exc:
            raise LoadError(str(exc)) from None
    report: list[FileStatus] = []
    documents: list[Document] = []
    seen_ids: dict[str, str] = {}
    for path in entries:
        if path == manifest_path:
            report.append(FileStatus(path.name, "manifest", "metadata manifest"))
            continue
        if path.name == TOPIC_NAME:
            report.append(FileStatus(path.name, "manifest", "book description (title, sides, codebook: analysis.topic)"))
            continue
        if path.name not in txt_files:
            report.append(FileStatus(path.name, "skipped", "not a .txt article"))
            continue
        record = curated.get(path.name, {})
        doc_id = record.get("doc_id", path.stem)
        if doc_id in seen_ids:
            report.append(FileStatus(path.name, "rejected", f"duplicate doc_id {doc_id!r} (also {seen_ids[doc_id]})"))
            continue
        try:
            doc = build_document(doc_id, path.name, path.read_bytes(), record)
        except ManifestError as exc:
            raise LoadError(str(exc)) from None
        except (ValueError, OSError) as exc:
            report.append(FileStatus(path.name, "rejected", str(exc)))
            continue
        seen_ids[doc_id] = path.name
        documents.append(doc)
        report.append(FileStatus(path.name, "loaded", f"{len(doc.sentences)} sentences", doc_id))
    corpus = Corpus(folder, documents, report)
    if strict and corpus.rejected:
        lines = "\n".join(f"  {r.path}: {r.reason}" for r in corpus.rejected)
        raise LoadError(f"{folder}: {len(corpus.rejected)} file(s) rejected (strict mode):\n{lines}")
    if not documents:
        raise LoadError(f"{folder}: no article could be loaded ({len(report)} file(s) seen)")
    return corpus
