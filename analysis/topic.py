"""The topic of a book: data that travels with the corpus folder, in its ``book.yaml``.

A corpus folder may hold a ``book.yaml`` (see ``seeds/book.yaml`` for a full example)::

    title: "EU farm protests in the news, 2024"      # required
    subtitle: "Six reports from six capitals"         # optional
    introduction: intro.md                            # optional: Markdown text, or a .md file in the corpus folder
    sides:                                            # optional: the groups of actors the book compares
      Farmers: [Federal Farmers' Union, Hartmut Keller]   #   side name -> actor canonical names or variants
      Governments: [Lena Brandt, Tomas Zielinski]
    colour_order: [Governments, Farmers]              # optional: the order in which the sides take the palette
    colours: {Farmers: "#2ca02c"}                      # optional: a side's own colour (#rrggbb)
    codebook: codebook.yaml                           # optional: a framing codebook, a file in the corpus folder
    loaded_terms:                                     # optional: loaded terms added to the rhetoric lexicon
      - {pattern: "siege", category: aggression}
    demonyms:                                         # optional: side -> the words that name it as an adjective
      Farmers: [farmer-led]                           #   ("farmer-led blockades" are about the side Farmers)
    notes:                                            # optional: Markdown notes about this corpus, shown in a
      source_bias/naming: "On this corpus ..."        #   chapter ("chapter") or at one place of it
                                                      #   ("chapter/place"); chapters: NOTE_CHAPTERS
    actors:                                           # optional: actors added to the gazetteer, or merged
      - canonical: Federal Farmers' Union
        type: organization                            #   person | state | organization | place | government
        side: Farmers                                 #   a side above, or "other" (default: the side listing it)
        variants: [Federal Farmers' Union, farmers' union]
        merge: [German Farmers' Association]          #   optional: other canonical names that are this actor
    speakers:                                         # optional: how this corpus names some of its speakers
      descriptions:                                   #   a description that names one office holder
        - {text: "the union's president", canonical: Hartmut Keller}
      documents:                                      #   a quoted text with no reporting verb is its author's
        - {pattern: "\\bthe Farm Act\\b", canonical: European Commission, verb: ""}

``load_topic(folder)`` reads and validates it; every error names the file, the field and, where the YAML parser
knows it, the line. Without a ``book.yaml`` the topic is :meth:`Topic.default`: titled from the corpus, with no
sides (the book then compares the corpus's most mentioned actors), no codebook and nothing added.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from .resources import compose, load_yaml, safe_load

BOOK_NAME = "book.yaml"
KEYS = ("title", "subtitle", "introduction", "sides", "colour_order", "colours", "codebook", "loaded_terms", "demonyms",
        "notes", "actors", "speakers")
# the pages a note of book.yaml may go to (a key "chapter" or "chapter/place"; the notebooks name their places)
NOTE_CHAPTERS = ("intro", "corpus", "chronology", "rhetoric", "source_bias", "document")
_NOTE_KEY = re.compile(r"([a-z_]+)(?:/([a-z0-9_]+))?")
# matplotlib's tab10 without its grey (kept for "other"): the colours sides take in colour_order
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#bcbd22", "#17becf")
GREYS = {"other": "#7f7f7f", "unknown": "#c7c7c7"}
_HEX = re.compile(r"#[0-9a-fA-F]{6}")
ACTOR_KEYS = ("canonical", "type", "side", "variants", "merge", "note")
OTHER_SIDE = "other"
UNKNOWN_SIDE = "unknown"  # a quotation whose speaker the article does not name
NEUTRAL = "neutral"  # the codebook's side for wording that favours no side
TOP_ACTORS = 5  # a corpus without sides compares its this-many most mentioned actors


class TopicError(ValueError):
    """A problem of a book.yaml; the message names the file, the field and the line where known."""


@dataclass(frozen=True)
class TopicActor:
    canonical: str
    type: str
    side: str
    variants: tuple[str, ...]
    merge: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class LoadedTerm:
    pattern: str
    category: str


@dataclass(frozen=True)
class SpeakerDescription:
    text: str  # matched case-insensitively, either apostrophe
    canonical: str  # the actor it names
    note: str = ""


@dataclass(frozen=True)
class SpokenDocument:
    pattern: str  # a regular expression naming the document in the sentence
    canonical: str  # the actor who wrote it
    verb: str = ""


@dataclass(frozen=True)
class Topic:
    title: str
    subtitle: str = ""
    introduction: str = ""  # Markdown text (read from the file when book.yaml names one)
    sides: dict[str, tuple[str, ...]] = field(default_factory=dict)  # side -> members, in the book's order
    colour_order: tuple[str, ...] = ()  # the sides in the order they take the palette's colours
    colours: dict[str, str] = field(default_factory=dict)  # side -> #rrggbb given in book.yaml
    codebook: Path | None = None  # the framing codebook's path, or None: the book leaves framing out
    loaded_terms: tuple[LoadedTerm, ...] = ()
    actors: tuple[TopicActor, ...] = ()
    notes: dict[str, str] = field(default_factory=dict)  # "chapter" or "chapter/place" -> Markdown about this corpus
    source: Path | None = None  # the book.yaml it was read from; None for the default topic
    demonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)  # side -> adjectives naming it
    descriptions: tuple[SpeakerDescription, ...] = ()  # speakers: descriptions of one office holder
    documents: tuple[SpokenDocument, ...] = ()  # speakers: quoted documents and their authors

    @classmethod
    def default(cls, corpus_title: str) -> "Topic":
        """The topic of a corpus without a book.yaml: its title, and nothing else decided."""
        return cls(title=corpus_title)

    @property
    def is_default(self) -> bool:
        return self.source is None

    @property
    def targets(self) -> tuple[str, ...]:
        """The sides the book compares (stance targets, voice columns), in the book's order."""
        return tuple(self.sides)

    @property
    def voice_sides(self) -> tuple[str, ...]:
        """The sides of the voices table: the targets, then "other" (a named actor of no side) and "unknown"."""
        return self.targets + (OTHER_SIDE, UNKNOWN_SIDE)

    def side_colours(self, palette: tuple[str, ...] = PALETTE) -> dict[str, str]:
        """{side: colour} for every side (its own colour, else the palette's next free one in colour_order), then
        "other" and "unknown" in grey."""
        out, free = {}, [c for c in palette if c not in self.colours.values()]
        for side in self.colour_order or tuple(self.sides):
            out[side] = self.colours.get(side) or (free.pop(0) if free else GREYS["other"])
        return {**out, **GREYS}

    def note(self, key: str) -> str:
        """The Markdown note of book.yaml for a chapter or a place in it ("source_bias/naming"), or ""."""
        return self.notes.get(key, "")

    def side_of(self, name: str) -> str | None:
        """The side an actor (canonical name or variant listed in ``sides`` or ``actors``) belongs to."""
        for side, members in self.sides.items():
            if name in members:
                return side
        for actor in self.actors:
            if name == actor.canonical or name in actor.variants or name in actor.merge:
                return actor.side if actor.side != OTHER_SIDE else None
        return None


# ------------------------------------------------------------------------------------------------ default sides


def top_actors(mentions, n: int = TOP_ACTORS) -> tuple[str, ...]:
    """The ``n`` canonical entities with the most mentions in a mentions table (columns ``entity``, ``doc_id``,
    ``start``): ties broken by the number of articles that mention them, then by first appearance in the corpus's
    order. Names reserved for sides ("other", "unknown", "neutral") are skipped."""
    if mentions is None or len(mentions) == 0:
        return ()
    counts: dict[str, list] = {}
    for order, entity in enumerate(mentions["entity"]):
        if not isinstance(entity, str) or not entity or entity in (OTHER_SIDE, UNKNOWN_SIDE, NEUTRAL):
            continue
        c = counts.setdefault(entity, [0, set(), order])
        c[0] += 1
    for entity, doc_id in zip(mentions["entity"], mentions["doc_id"]):
        if entity in counts:
            counts[entity][1].add(doc_id)
    ranked = sorted(counts, key=lambda e: (-counts[e][0], -len(counts[e][1]), counts[e][2]))
    return tuple(ranked[:n])


def resolve_sides(topic: Topic, mentions, n: int = TOP_ACTORS) -> Topic:
    """The topic with sides: ``topic`` itself when its book.yaml gives sides, else a copy whose sides are the
    corpus's ``n`` most mentioned actors (:func:`top_actors` of the corpus's mentions table), each actor its own
    side (the side's name is the actor's canonical name), in the order of their counts."""
    if topic.sides:
        return topic
    top = top_actors(mentions, n)
    return replace(topic, sides={name: (name,) for name in top}, colour_order=top)


def title_from_folder(folder: str | Path) -> str:
    """'farm_protests-2024' -> 'Farm protests 2024': a title for a corpus that does not give one."""
    name = re.sub(r"[_\-\s]+", " ", Path(folder).resolve().name).strip()
    return (name[:1].upper() + name[1:]) if name else "Articles"


# ------------------------------------------------------------------------------------------------ YAML lines


def _node_lines(node, path=(), out=None) -> dict[tuple, int]:
    """{field path: 1-based line} for every mapping value and sequence item of a composed YAML document."""
    out = {} if out is None else out
    if node is None:
        return out
    out.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            key_path = path + (key.value,)
            out[key_path] = key.start_mark.line + 1
            _node_lines(value, key_path, out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _node_lines(item, path + (index,), out)
    return out


def _field_name(path: tuple) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


class _Checker:
    def __init__(self, file: Path, lines: dict[tuple, int]):
        self.file, self.lines = file, lines

    def error(self, path: tuple, message: str) -> TopicError:
        line = None
        for cut in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:cut]))
            if line is not None:
                break
        where = f"{self.file}" + (f", line {line}" if line else "")
        return TopicError(f"{where}: field '{_field_name(path)}': {message}" if path else f"{where}: {message}")

    def text(self, value, path: tuple, required: bool = False) -> str:
        if value is None:
            if required:
                raise self.error(path, "missing")
            return ""
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise self.error(path, f"expected text, not {type(value).__name__}")
        value = str(value).strip()
        if required and not value:
            raise self.error(path, "empty")
        return value

    def names(self, value, path: tuple) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            raise self.error(path, f"expected a list of names, not {type(value).__name__}")
        out = []
        for index, item in enumerate(value):
            name = self.text(item, path + (index,), required=True)
            if name in out:
                raise self.error(path + (index,), f"{name!r} listed twice")
            out.append(name)
        return tuple(out)


# ------------------------------------------------------------------------------------------------ loading


def find_codebook(name: str, folder: Path) -> Path | None:
    """A codebook named in book.yaml: a file of the corpus folder (a codebook is about one topic, so none ships
    with the package)."""
    candidate = folder / name
    return candidate if candidate.is_file() else None


def _loaded_categories() -> set[str]:
    """The loaded-language categories the rhetoric lexicon and the framing codebook know."""
    categories = {str(t.get("category")) for t in (load_yaml("loaded_terms.yaml") or {}).get("terms", [])}
    categories |= set((load_yaml("framing.yaml") or {}).get("loaded_categories") or {})
    return categories


ACTOR_TYPES = ("person", "state", "organization", "place", "government")  # the types a book.yaml actor may have


def _actor_types() -> tuple[str, ...]:
    return ACTOR_TYPES


def load_topic(folder: str | Path, corpus_title: str | None = None) -> Topic:
    """The topic of a corpus folder: its ``book.yaml`` validated, or :meth:`Topic.default` without one."""
    folder = Path(folder)
    path = folder / BOOK_NAME
    if not path.is_file():
        return Topic.default(corpus_title or title_from_folder(folder))
    return read_topic(path)


def read_topic(path: str | Path) -> Topic:
    """Parse and validate one book.yaml (see the module docstring); raises :class:`TopicError`."""
    path = Path(path)
    folder = path.parent
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise TopicError(f"{path}: not valid UTF-8 at byte {exc.start}") from None
    try:
        data = safe_load(text)
        lines = _node_lines(compose(text))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise TopicError(f"{path}{where}: not valid YAML: {problem}") from None
    check = _Checker(path, lines)
    if not isinstance(data, dict):
        raise check.error((), "expected a mapping with at least a 'title'")
    unknown = [k for k in data if k not in KEYS]
    if unknown:
        raise check.error((unknown[0],), f"unknown field (known: {', '.join(KEYS)})")

    title = check.text(data.get("title"), ("title",), required=True)
    subtitle = check.text(data.get("subtitle"), ("subtitle",))
    introduction = _introduction(check, data.get("introduction"), folder)

    sides: dict[str, tuple[str, ...]] = {}
    raw_sides = data.get("sides")
    if raw_sides is not None:
        if not isinstance(raw_sides, dict):
            raise check.error(("sides",), "expected a mapping: side name -> list of actors")
        owner: dict[str, str] = {}
        for name, members in raw_sides.items():
            side = check.text(name, ("sides", name), required=True)
            if side in (OTHER_SIDE, NEUTRAL):
                raise check.error(("sides", name), f"{side!r} is reserved (actors of no side; neutral wording)")
            listed = check.names(members, ("sides", name))
            if not listed:
                raise check.error(("sides", name), "a side needs at least one actor")
            for index, member in enumerate(listed):
                if member in owner:
                    raise check.error(("sides", name, index), f"{member!r} is also in side {owner[member]!r}")
                owner[member] = side
            sides[side] = listed

    colour_order = check.names(data.get("colour_order"), ("colour_order",))
    for index, side in enumerate(colour_order):
        if side not in sides:
            raise check.error(("colour_order", index), f"{side!r} is not a side (sides: {', '.join(sides) or 'none'})")
    colour_order = colour_order + tuple(s for s in sides if s not in colour_order)
    colours: dict[str, str] = {}
    raw_colours = data.get("colours")
    if raw_colours is not None:
        if not isinstance(raw_colours, dict):
            raise check.error(("colours",), "expected a mapping: side name -> #rrggbb")
        for side, colour in raw_colours.items():
            if side not in sides:
                raise check.error(("colours", side), f"{side!r} is not a side (sides: {', '.join(sides) or 'none'})")
            colour = check.text(colour, ("colours", side), required=True)
            if not _HEX.fullmatch(colour):
                raise check.error(("colours", side), f"{colour!r} is not a colour written #rrggbb")
            colours[str(side)] = colour

    codebook = None
    if data.get("codebook") is not None:
        name = check.text(data["codebook"], ("codebook",), required=True)
        codebook = find_codebook(name, folder)
        if codebook is None:
            raise check.error(("codebook",), f"no file {name!r} in {folder}")
        _check_codebook(check, codebook, sides)

    loaded_terms = _loaded_terms(check, data.get("loaded_terms"))
    demonyms = _demonyms(check, data.get("demonyms"), sides)
    actors = _actors(check, data.get("actors"), sides)
    descriptions, documents = _speakers(check, data.get("speakers"), actors)
    notes = _notes(check, data.get("notes"))
    return Topic(title=title, subtitle=subtitle, introduction=introduction, sides=sides, colour_order=colour_order,
                 colours=colours, codebook=codebook, loaded_terms=loaded_terms, actors=actors, source=path,
                 demonyms=demonyms, descriptions=descriptions, documents=documents, notes=notes)


def _speakers(check: _Checker, value, actors: tuple[TopicActor, ...]):
    if value is None:
        return (), ()
    if not isinstance(value, dict):
        raise check.error(("speakers",), "expected a mapping with 'descriptions' and/or 'documents'")
    extra = [k for k in value if k not in ("descriptions", "documents")]
    if extra:
        raise check.error(("speakers", extra[0]), "unknown field (known: descriptions, documents)")
    known = {a.canonical for a in actors}
    out = {"descriptions": [], "documents": []}
    for key, first, fields, make in (("descriptions", "text", ("text", "canonical", "note"), SpeakerDescription),
                                     ("documents", "pattern", ("pattern", "canonical", "verb"), SpokenDocument)):
        entries = value.get(key)
        if entries is None:
            continue
        if not isinstance(entries, list):
            raise check.error(("speakers", key), f"expected a list of {{{first}, canonical}}")
        for index, entry in enumerate(entries):
            where = ("speakers", key, index)
            if not isinstance(entry, dict):
                raise check.error(where, f"expected a mapping {{{first}, canonical}}")
            bad = [k for k in entry if k not in fields]
            if bad:
                raise check.error(where + (bad[0],), f"unknown field (known: {', '.join(fields)})")
            head = check.text(entry.get(first), where + (first,), required=True)
            if key == "documents":
                try:
                    re.compile(head)
                except re.error as exc:
                    raise check.error(where + (first,), f"not a regular expression: {exc}") from None
            canonical = check.text(entry.get("canonical"), where + ("canonical",), required=True)
            if canonical not in known:
                raise check.error(where + ("canonical",), f"{canonical!r} is not an actor of the book")
            out[key].append(make(head, canonical, check.text(entry.get(fields[2]), where + (fields[2],))))
    return tuple(out["descriptions"]), tuple(out["documents"])


def _demonyms(check: _Checker, value, sides: dict) -> dict[str, tuple[str, ...]]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise check.error(("demonyms",), "expected a mapping: side name -> list of words")
    out: dict[str, tuple[str, ...]] = {}
    owner: dict[str, str] = {}
    for side, forms in value.items():
        if side not in sides:
            raise check.error(("demonyms", side), f"{side!r} is not a side (sides: {', '.join(sides) or 'none'})")
        listed = check.names(forms, ("demonyms", side))
        for index, form in enumerate(listed):
            key = form.lower()
            if key in owner:
                raise check.error(("demonyms", side, index), f"{form!r} also names side {owner[key]!r}")
            owner[key] = str(side)
        out[str(side)] = listed
    return out


def _notes(check: _Checker, value) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise check.error(("notes",), "expected a mapping: chapter or chapter/place -> Markdown text")
    out = {}
    for key, text in value.items():
        match = _NOTE_KEY.fullmatch(str(key))
        if not match:
            raise check.error(("notes", key), f"{key!r} is not a chapter or chapter/place (lower case, e.g. "
                                              "'source_bias/naming')")
        if match.group(1) not in NOTE_CHAPTERS:
            raise check.error(("notes", key), f"unknown chapter {match.group(1)!r} (one of {', '.join(NOTE_CHAPTERS)})")
        out[str(key)] = check.text(text, ("notes", key), required=True)
    return out


def _introduction(check: _Checker, value, folder: Path) -> str:
    text = check.text(value, ("introduction",))
    if not text or "\n" in text or " " in text or not re.search(r"\.(md|markdown|txt)$", text, re.IGNORECASE):
        return text
    if text.lower().endswith(".txt"):
        raise check.error(("introduction",), f"{text!r}: a .txt file in the corpus folder would be read as an "
                                             "article; name the introduction .md")
    file = folder / text
    if not file.is_file():
        raise check.error(("introduction",), f"no file {text!r} in {folder}")
    try:
        return file.read_text(encoding="utf-8").strip()
    except UnicodeDecodeError as exc:
        raise check.error(("introduction",), f"{file}: not valid UTF-8 at byte {exc.start}") from None


def _check_codebook(check: _Checker, codebook: Path, sides: dict) -> None:
    try:
        data = safe_load(codebook.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise check.error(("codebook",), f"{codebook}: not valid YAML: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("groups"), list):
        raise check.error(("codebook",), f"{codebook}: expected a mapping with a 'groups' list")
    declared = data.get("sides") or []
    if not isinstance(declared, list):
        raise check.error(("codebook",), f"{codebook}: 'sides' must be a list")
    foreign = [s for s in declared if s != NEUTRAL and s not in sides]
    if foreign:
        raise check.error(("codebook",), f"{codebook.name} signals side(s) {', '.join(map(repr, foreign))} that are "
                                         f"not sides of the book (sides: {', '.join(sides) or 'none'})")


def _loaded_terms(check: _Checker, value) -> tuple[LoadedTerm, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise check.error(("loaded_terms",), "expected a list of {pattern, category}")
    known = _loaded_categories()
    out = []
    for index, entry in enumerate(value):
        where = ("loaded_terms", index)
        if not isinstance(entry, dict):
            raise check.error(where, "expected a mapping {pattern, category}")
        extra = set(entry) - {"pattern", "category", "note"}
        if extra:
            raise check.error(where + (sorted(extra)[0],), "unknown field (known: pattern, category, note)")
        pattern = check.text(entry.get("pattern"), where + ("pattern",), required=True)
        try:
            re.compile(pattern)
        except re.error as exc:
            raise check.error(where + ("pattern",), f"not a regular expression: {exc}") from None
        category = check.text(entry.get("category"), where + ("category",), required=True)
        if category not in known:
            raise check.error(where + ("category",), f"unknown category {category!r} (one of {', '.join(sorted(known))})")
        out.append(LoadedTerm(pattern, category))
    return tuple(out)


def _actors(check: _Checker, value, sides: dict) -> tuple[TopicActor, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise check.error(("actors",), "expected a list of {canonical, type, side, variants}")
    types = _actor_types()
    out: list[TopicActor] = []
    seen: dict[str, str] = {}
    for index, entry in enumerate(value):
        where = ("actors", index)
        if not isinstance(entry, dict):
            raise check.error(where, "expected a mapping {canonical, type, side, variants}")
        extra = [k for k in entry if k not in ACTOR_KEYS]
        if extra:
            raise check.error(where + (extra[0],), f"unknown field (known: {', '.join(ACTOR_KEYS)})")
        canonical = check.text(entry.get("canonical"), where + ("canonical",), required=True)
        kind = check.text(entry.get("type"), where + ("type",), required=True)
        if kind not in types:
            raise check.error(where + ("type",), f"unknown type {kind!r} (one of {', '.join(types)})")
        listed_in = next((s for s, members in sides.items() if canonical in members), None)
        side = check.text(entry.get("side"), where + ("side",)) or listed_in or OTHER_SIDE
        if side != OTHER_SIDE and side not in sides:
            raise check.error(where + ("side",), f"{side!r} is not a side of the book (sides: "
                                                 f"{', '.join(sides) or 'none'}; or '{OTHER_SIDE}')")
        if listed_in and side != listed_in:
            raise check.error(where + ("side",), f"{canonical!r} is listed under side {listed_in!r}")
        variants = check.names(entry.get("variants"), where + ("variants",)) or (canonical,)
        merge = check.names(entry.get("merge"), where + ("merge",))
        for name in (canonical, *variants, *merge):
            if name in seen and seen[name] != canonical:
                raise check.error(where, f"{name!r} is also an actor or variant of {seen[name]!r}")
            seen[name] = canonical
        out.append(TopicActor(canonical, kind, side, variants, merge, check.text(entry.get("note"), where + ("note",))))
    return tuple(out)
