"""The timeline figure: a lane per document, events at their dates, planned and negated ones marked apart."""

from __future__ import annotations

import datetime as dt

from analysis.chronology.tagger import dct_of as _dct_of
from analysis.chronology.values import value_interval
from analysis.corpus import short_id

from .chronology_views import event_numbers

EVENT = "#333333"  # event records: a neutral ink (side colours mean sides, the stance scale means stance)
CONFLICT = "#000000"  # a record of an event in conflict: black, drawn as a diamond (shape, not colour, says it)
BACKGROUND_YEARS = 2  # events earlier than this before the first publication are background, in a narrow strip
BACKGROUND_WEIGHT = 0.14  # the share of the width all background panels take together

def _mid(value: str) -> dt.date:
    s, e = value_interval(value)
    return s + (e - s) / 2


def axis_spans(dates: list[str], gap_years: float = 1.5, pad_days: int = 75) -> list[tuple[dt.date, dt.date]]:
    """Time ranges for a broken date axis: dates closer than ``gap_years`` share a panel."""
    ivs = sorted(value_interval(v) for v in dates if value_interval(v))
    spans: list[list[dt.date]] = []
    for s, e in ivs:
        if spans and (s - spans[-1][1]).days <= gap_years * 365.25:
            spans[-1][1] = max(spans[-1][1], e)
        else:
            spans.append([s, e])
    return [(s - dt.timedelta(days=pad_days), e + dt.timedelta(days=pad_days)) for s, e in spans]


def plot_timeline(corpus, chron, events: list, width: float = 7.0):
    """One figure: a lane per document, each event record at its date (a bar spans the date's precision), records
    of one event joined across lanes, publication dates marked, derived documents on a grey hatched lane.
    Labels are the event numbers of :func:`event_numbers`, stacked so that they do not overlap.

    The axis gives its width to the period the corpus covers (from ``BACKGROUND_YEARS`` before the first
    publication); earlier background events (a war of the 1990s an article recalls) share a narrow strip at the
    left, labelled with the years it spans."""
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt


    events = [e for e in events if e.date]  # an undated event has no place on a time axis
    docs = [d.doc_id for d in corpus]
    lane = {d: i for i, d in enumerate(reversed(docs))}
    published = {d.doc_id: _dct_of(d) for d in corpus}  # None where the publication date is unknown
    numbers = event_numbers(events)
    dates = [r.date for e in events for r in e.records if r.date] + [v[:10] for v in published.values() if v]
    spans = axis_spans(dates)
    firsts = [value_interval(v[:10])[0] for v in published.values() if v and value_interval(v[:10])]
    focus = (min(firsts) - dt.timedelta(days=int(365.25 * BACKGROUND_YEARS))) if firsts else None
    background = [focus is not None and hi < focus for _, hi in spans]
    weights = [max(0.18, min(1.0, ((b - a).days / 365.25) ** 0.5 / 3)) for a, b in spans]
    if any(background) and not all(background):
        share = sum(w for w, b in zip(weights, background) if not b)
        n_back = sum(background)
        weights = [share * BACKGROUND_WEIGHT / (1 - BACKGROUND_WEIGHT) / n_back if b else w
                   for w, b in zip(weights, background)]
    height = 0.85 * len(docs) + 1.4
    fig, axes = plt.subplots(1, len(spans), figsize=(width, height), sharey=True, squeeze=False,
                             gridspec_kw={"width_ratios": weights, "wspace": 0.06})
    axes = axes[0]
    for k, (ax, (lo, hi)) in enumerate(zip(axes, spans)):
        ax.set_xlim(lo, hi)
        ax.set_ylim(-0.6, len(docs) - 0.2)
        for d in docs:
            y = lane[d]
            derived = d in chron.derived
            ax.axhspan(y - 0.42, y + 0.42, facecolor="#eeeeee" if derived else "#f7f9fc",
                       hatch="///" if derived else None, edgecolor="#c8c8c8" if derived else "none", lw=0, zorder=0)
            if not published[d]:
                continue
            pub = value_interval(published[d][:10])
            pub_mid = pub[0] + (pub[1] - pub[0]) / 2
            if lo <= pub_mid <= hi:
                ax.plot([pub_mid], [y], marker="v", color="black", ms=7, zorder=5)
        # labels: one per event per lane; neighbours closer than a label's width share one label ("E8–E11"),
        # and successive labels in a lane alternate above and below it
        per_lane: dict[int, list[tuple[float, int]]] = {}
        for e in events:
            ys = []
            for r in e.records:
                if not r.date:
                    continue
                s, f = value_interval(r.date)
                mid = s + (f - s) / 2
                if not (lo <= mid <= hi):
                    continue
                y = lane[r.doc_id]
                ys.append((mdates.date2num(mid), y))
                if (f - s).days > 2:
                    ax.plot([s, f], [y, y], color=EVENT, lw=5, alpha=0.35, solid_capstyle="butt", zorder=3)
                color = EVENT if not e.conflict else CONFLICT
                if e.conflict:  # in conflict with another telling: a diamond
                    ax.plot([mid], [y], marker="D", color=color, ms=5, zorder=4)
                elif e.polarity == "negated":  # told as not done: a cross
                    ax.plot([mid], [y], marker="x", color=color, ms=5, zorder=4)
                elif e.modality != "happened":  # planned, hypothetical or demanded: an open circle
                    ax.plot([mid], [y], marker="o", mfc="white", color=color, ms=5, zorder=4)
                else:
                    ax.plot([mid], [y], marker="o", color=color, ms=5, zorder=4)
            if len({y for _, y in ys}) > 1:
                xs = sorted(ys, key=lambda p: p[1])
                ax.plot([mdates.num2date(x) for x, _ in xs], [y for _, y in xs], color=EVENT, lw=0.8,
                        ls=":", zorder=2)
            for x, y in sorted(set(ys)):
                per_lane.setdefault(y, []).append((x, int(numbers[e.event_id][1:])))
        inch_per_day = (weights[k] / sum(weights) * width * 0.8) / max(1, (hi - lo).days)
        for y, items in per_lane.items():
            items.sort()
            groups: list[list[tuple[float, int]]] = []
            for x, n in items:
                if groups and (x - groups[-1][-1][0]) * inch_per_day < 0.32:
                    groups[-1].append((x, n))
                else:
                    groups.append([(x, n)])
            for g_i, group in enumerate(groups):
                ns = sorted({n for _, n in group})
                text = f"E{ns[0]}" if len(ns) == 1 else (
                    f"E{ns[0]}–{ns[-1]}" if ns[-1] - ns[0] + 1 == len(ns) else f"E{ns[0]}…{ns[-1]}")
                x = sum(p[0] for p in group) / len(group)
                above = g_i % 2 == 0
                ax.annotate(text, (mdates.num2date(x), y), xytext=(0, 6 if above else -6),
                            textcoords="offset points", ha="center", va="bottom" if above else "top", fontsize=9)
        span_years = (hi - lo).days / 365.25
        if background[k] and not all(background):  # a narrow strip: one label, the years it spans
            first, last = lo + dt.timedelta(days=75), hi - dt.timedelta(days=75)
            ax.set_xticks([first + (last - first) / 2],
                          labels=[f"{first.year}" if first.year == last.year else f"{first.year}–\n{last.year}"])
            ax.set_facecolor("#fafafa")
        elif span_years < 1.5:
            locator = mdates.AutoDateLocator(minticks=1, maxticks=3)
            ax.xaxis.set_major_locator(locator)
            ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        else:
            ax.xaxis.set_major_locator(mdates.YearLocator(5 if span_years > 6 else 1))
            ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        for label in ax.get_xticklabels():
            label.set_fontsize(9)
        if k > 0:
            ax.spines["left"].set_visible(False)
            ax.tick_params(left=False)
        ax.grid(axis="x", color="#dddddd", lw=0.5)
    labels = []
    for d in reversed(docs):
        text = f"{short_id(d)} · {published[d][:10] if published[d] else 'date unknown'}"
        if d in chron.derived:
            text += f"\nderived from {short_id(chron.derived[d])}"
        labels.append(text)
    axes[0].set_yticks(range(len(docs)), labels=labels, fontsize=9)
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], marker="o", color=EVENT, ls="", label="event record"),
               Line2D([], [], marker="D", color=CONFLICT, ls="", label="event with a conflict"),
               Line2D([], [], marker="o", mfc="white", color=EVENT, ls="", label="planned / demanded"),
               Line2D([], [], marker="x", color=EVENT, ls="", label="told as not done"),
               Line2D([], [], color=EVENT, ls=":", label="same event, several documents"),
               Line2D([], [], marker="v", color="black", ls="", label="publication date")]
    fig.legend(handles=handles, loc="lower center", ncol=2, fontsize=9, frameon=False, bbox_to_anchor=(0.5, 0.0))
    fig.subplots_adjust(bottom=0.2, top=0.97, left=0.2, right=0.99)
    return fig
