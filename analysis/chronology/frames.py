"""The chronology's tables: timexes, events, conflicts, reach (the export contract names them in analysis.tables)."""

from __future__ import annotations

from .. import contract
from .values import NON_CALENDAR, parse_dct, value_interval

TIMEX_COLUMNS = contract.COLUMNS["timexes"]
TIMEX_EXTRA = contract.EXTRA["timexes"]
EVENT_COLUMNS = contract.COLUMNS["events"]


def _timexes(corpus, parsed=None):
    from .tagger import doc_timexes

    parsed = parsed or {}
    return [t for doc in corpus for t in doc_timexes(doc, parsed.get(doc.doc_id))]


def timexes_table(corpus, parsed: dict | None = None, timexes: list[dict] | None = None):
    """One row per temporal expression: the contract columns, then ``mod`` and ``until`` (a range's last day)."""
    import pandas as pd

    rows = [{**{k: t[k] for k in TIMEX_COLUMNS}, "mod": t.get("mod", "") or "", "until": t.get("until", "")}
            for t in (timexes if timexes is not None else _timexes(corpus, parsed))]
    frame = pd.DataFrame(rows, columns=TIMEX_COLUMNS + TIMEX_EXTRA)
    return frame.sort_values(["doc_id", "start", "end"], kind="stable").reset_index(drop=True)


def events_table(corpus, chron=None, derived: dict[str, str] | None = None, parsed: dict | None = None,
                 topic=None):
    """One row per event: the contract columns, then polarity, modality, predicate, agent, patient."""
    import pandas as pd

    from .core import analyse

    chron = chron or analyse(corpus, derived=derived, parsed=parsed, topic=topic)
    rows = [{
        "event_id": e.event_id, "date": e.date, "summary": e.summary, "actors": ";".join(e.actors),
        "doc_ids": ";".join(e.doc_ids), "independent_sources": e.independent_sources,
        "evidence": ";".join(e.evidence), "conflict": e.conflict, "polarity": e.polarity, "modality": e.modality,
        "predicate": e.predicate, "agent": e.agent, "patient": e.patient,
    } for e in chron.events]
    return pd.DataFrame(rows, columns=EVENT_COLUMNS)


def conflicts_table(corpus, chron=None, derived: dict[str, str] | None = None, topic=None):
    import pandas as pd

    from .core import analyse

    chron = chron or analyse(corpus, derived=derived, topic=topic)
    rows = [{"kind": c.kind, "doc_ids": ";".join(c.doc_ids), "evidence": ";".join(c.evidence),
             "description": c.description} for c in chron.conflicts]
    return pd.DataFrame(rows, columns=["kind", "doc_ids", "evidence", "description"])


def reach(corpus, parsed: dict | None = None, timexes: list[dict] | None = None):
    """Per document: the earliest and latest calendar dates it speaks of, against its publication date.

    Columns: doc_id, published, earliest, earliest_text, latest, latest_text, n_dates, years_back (from the start
    of the earliest date to the start of the publication date) and future (the latest date ends after the
    publication period does).
    """
    import pandas as pd

    from .tagger import dct_of

    tx = timexes if timexes is not None else _timexes(corpus, parsed)
    rows = []
    for doc in corpus:
        dated = [t for t in tx if t["doc_id"] == doc.doc_id
                 and t["type"] in ("DATE", "TIME") and t["value"] not in NON_CALENDAR and value_interval(t["value"])]
        published = dct_of(doc)
        pub = parse_dct(published) if published else None
        row = {"doc_id": doc.doc_id, "published": pub.value() if pub else "", "earliest": "", "earliest_text": "",
               "latest": "", "latest_text": "", "n_dates": len(dated), "years_back": None, "future": False}
        if dated:
            first = min(dated, key=lambda t: (value_interval(t["value"])[0], t["start"]))
            last = max(dated, key=lambda t: (value_interval(t["value"])[1], -t["start"]))
            row.update(earliest=first["value"], earliest_text=first["text"], latest=last["value"],
                       latest_text=last["text"])
            if pub is not None:  # against the publication date, when it is known
                row.update(
                    years_back=round((pub.interval()[0] - value_interval(first["value"])[0]).days / 365.25, 1) + 0.0,
                    future=value_interval(last["value"])[1] > pub.interval()[1])
        rows.append(row)
    return pd.DataFrame(rows).sort_values("doc_id", kind="stable").reset_index(drop=True)
