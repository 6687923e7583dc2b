"""Temporal expressions, events, conflicts and reach (issue 3: chronology; issue 13: events as events).

The package, in the order the data flows:

  values     calendar values at a precision (``When``), their intervals, ``compatible``, calendar arithmetic
  patterns   the tagger's lexicon and recognition patterns
  tense      the tense and direction of the sentence around an expression, from the dependency parse
  normalize  a recognized span to its TIMEX3 type and value
  tagger     ``extract_timexes(text, dct, parsed=None)`` (stable: an outside benchmark calls it);
             ``doc_timexes(doc, parsed=None)``
  codebook   the event codebook of data/chronology.yaml (classes, verb lists, event nouns) and summaries
  syntax     reading the dependency parse: quotations, names, participant phrases, negation, modality
  events     ``event_mentions(document, parsed, mentions, timexes)``: predicate, agent, patient, time, polarity,
             modality (the per-document map step)
  merge      ``merge(mentions, derived)``: event coreference across outlets (the reduce step)
  conflicts  contradictions within an article (interval claims) and between outlets
  core       ``analyse(corpus, derived=None, parsed=None)``; ``document_records`` (map) and ``reduce``
  frames     the tables: ``timexes_table``, ``events_table``, ``conflicts_table``, ``reach``
  plain      TIMEX3 values in a reader's words (``plain_date``: "2020-FA" -> "autumn 2020"), ``plain_span``
  tellings   ``tellings(events, sentences, documents)``: one event as each article tells it, side by side

Resolution of temporal expressions (``extract_timexes``): each record is a dict with ``start``, ``end`` (exact
offsets into ``text``), ``text``, ``type`` (DATE, TIME, DURATION, SET), ``value`` (a TIMEX3 value), ``anchor``
(what the value was resolved against: ``absolute``, ``DCT <dct>`` or ``previous <value>``), ``rule`` (the rule
that fired, with the tense that decided an ambiguous year, e.g. ``partial_date/past``), and where they apply
``mod`` (TimeML: START/MID/END for early/mid/late, LESS_THAN for "less than"/"almost", MORE_THAN, APPROX for
"about", EQUAL_OR_MORE/LESS) and ``until`` (a range "April 10-13": ``value`` is its first day, ``until`` its last,
so that the interval is [value, until]).

  * absolute expressions carry their own year ("24 October 1992", "the autumn of 2020", "the early 1990s");
  * partial dates, bare months and weekdays get the candidate nearest to the DCT, except that the tense of the
    sentence decides when it is clear (past -> the latest candidate not after the DCT; future -> the earliest
    not before it). Ties go to the past. The tense is read from the dependency parse (VBD = past, will/shall =
    future, and "would" too when it decides the year of a month or a day of the month, or for a weekday when it
    is a scheduled passive: "would be presented on Thursday" is the next Thursday);
  * relative expressions ("last year", "last month", "on Tuesday") count from the DCT and never claim more
    precision than the DCT has; anaphoric ones ("that year") take the last DATE mentioned before them;
  * durations ("four months", "the 44-day war") are DURATION ``P4M``, ``P44D``; ages and fractions are not
    temporal expressions; holidays, seasons, quarters, calendar SETs as TimeML writes them.
"""

from __future__ import annotations

from .codebook import summarize
from .conflicts import Conflict, interval_conflicts, mention_conflicts
from .core import Chronology, analyse, document_records, reduce
from .events import EventMention, event_mentions
from .frames import (
    EVENT_COLUMNS,
    TIMEX_COLUMNS,
    TIMEX_EXTRA,
    conflicts_table,
    events_table,
    reach,
    timexes_table,
)
from .merge import Event, corefer, independent, merge
from .plain import plain_columns, plain_date, plain_span, plain_timex
from .syntax import in_named_entity, quote_spans
from .tagger import NO_DCT_RULE, UNKNOWN_DCT, dct_of, doc_timexes, extract_timexes
from .tellings import tellings
from .tense import tense
from .values import (
    ChronologyError,
    DCTError,
    When,
    compatible,
    holiday_date,
    parse_dct,
    parse_value,
    rank,
    value_interval,
)

__all__ = [
    "Chronology", "ChronologyError", "Conflict", "DCTError", "EVENT_COLUMNS", "Event", "EventMention",
    "NO_DCT_RULE", "TIMEX_COLUMNS", "TIMEX_EXTRA", "UNKNOWN_DCT", "When", "analyse", "compatible",
    "conflicts_table", "corefer", "dct_of", "doc_timexes", "document_records",
    "event_mentions", "events_table", "extract_timexes", "holiday_date",
    "in_named_entity", "independent", "interval_conflicts", "merge", "mention_conflicts", "parse_dct",
    "parse_value", "plain_date", "plain_span", "plain_timex", "quote_spans", "rank", "reach",
    "plain_columns", "reduce", "summarize", "tellings", "tense", "timexes_table", "value_interval",
]
