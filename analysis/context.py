"""One article as the map step's stages see it, and the interface every such stage has.

A :class:`Stage` declares what it ``needs`` (names that earlier stages produced) and what it ``writes`` (export
tables of :mod:`analysis.contract`, and records kept for later stages), and turns an :class:`ArticleContext` into
those outputs. :func:`run_stages` runs registered stages in order over one article's context, checking both
declarations: a stage is given nothing but the context (the document, its one parse, the corpus's topic and what
came before), and a table it writes as rows gets the contract's columns.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pandas as pd

from . import contract


@dataclass
class ArticleContext:
    """The document, its one parse, the corpus's topic (None: no topic) and what the stages so far produced:
    export tables (``tables``, DataFrames in the contract's columns) and records kept for later stages
    (``records``: actor mentions, attribution rows, author spans, timexes ...)."""

    doc: object
    parsed: object
    topic: object = None
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    records: dict[str, object] = field(default_factory=dict)

    def __getitem__(self, name: str):
        """What an earlier stage produced under ``name``: a table or a record."""
        if name in self.tables:
            return self.tables[name]
        return self.records[name]

    def __contains__(self, name: str) -> bool:
        return name in self.tables or name in self.records


class StageError(RuntimeError):
    """A stage that does not keep to what it declares; the message names the stage and the names."""


@dataclass(frozen=True)
class Stage:
    name: str
    run: Callable[[ArticleContext], dict[str, object]]
    writes: tuple[str, ...]  # export tables (contract names) and records for later stages
    needs: tuple[str, ...] = ()  # what earlier stages wrote


def run_stages(stages: Sequence[Stage], ctx: ArticleContext) -> ArticleContext:
    """Run ``stages`` in order over ``ctx``: each is checked to find what it needs and to write exactly what it
    declares; a table written as rows (a list of dicts) becomes a DataFrame with the contract's columns."""
    for stage in stages:
        missing = [n for n in stage.needs if n not in ctx]
        if missing:
            raise StageError(f"stage {stage.name!r} needs {missing}, which no earlier stage wrote")
        out = stage.run(ctx)
        if set(out) != set(stage.writes):
            raise StageError(f"stage {stage.name!r} declares {sorted(stage.writes)} but wrote {sorted(out)}")
        for name in stage.writes:
            value = out[name]
            if name in contract.COLUMNS:
                if not isinstance(value, pd.DataFrame):
                    value = pd.DataFrame(value, columns=contract.columns(name))
                ctx.tables[name] = value
            else:
                ctx.records[name] = value
    return ctx
