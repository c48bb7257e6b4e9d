"""Charts drawn with characters, for output that is not a terminal or must stay colourless.

Each chart is one line per row: the label padded to the widest label's display width (a
Chinese character counts two), a bar of █ scaled to the room left, and the figure. A
negative figure's bar is drawn in ░, as long as its size. No colour, no escape codes: the
text greps, diffs and pastes as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from crm_cli.commands._layout import pad, width

FULL, NEGATIVE = "█", "░"
SPARKS = "▁▂▃▄▅▆▇█"
MIN_BAR = 10  # a bar is never given less room than this, however long the labels


class Series:
    """What a chart draws: labels, their figures (Decimal) and the figures as printed."""

    def __init__(self, labels: Sequence[str], values: Sequence[Decimal], shown: Sequence[str]):
        self.labels = list(labels)
        self.values = list(values)
        self.shown = list(shown)


def _columns(texts: Sequence[str]) -> int:
    return max((width(t) for t in texts), default=0)


def _bar(value: Decimal, largest: Decimal, room: int) -> str:
    """A bar for ``value`` in ``room`` columns, ``largest`` filling them all."""
    if largest <= 0 or value == 0:
        return ""
    cells = int((abs(value) / largest * room).to_integral_value())
    cells = max(cells, 1)  # anything that is not zero shows
    return (FULL if value > 0 else NEGATIVE) * cells


def _lines(labels: Sequence[str], bars: Sequence[str], tails: Sequence[str], room: int) -> str:
    label_cols = _columns(labels)
    return "\n".join(
        f"{pad(label, label_cols, False)}  {pad(bar, room, False)}  {tail}".rstrip()
        for label, bar, tail in zip(labels, bars, tails, strict=True)
    )


def _room(total: int, labels: Sequence[str], tails: Sequence[str]) -> int:
    """Columns left for the bars once the labels, the figures and two gaps are placed."""
    return max(total - _columns(labels) - _columns(tails) - 4, MIN_BAR)


def bars(series: Series, total: int) -> str:
    """Horizontal bars, the largest figure (by size) filling the room."""
    room = _room(total, series.labels, series.shown)
    largest = max((abs(v) for v in series.values), default=Decimal(0))
    drawn = [_bar(v, largest, room) for v in series.values]
    return _lines(series.labels, drawn, series.shown, room)


def sparkline(values: Sequence[Decimal]) -> str:
    """The figures in order as one line of block heights, lowest to highest."""
    low, high = min(values), max(values)
    span = high - low
    if span == 0:
        return SPARKS[0] * len(values)
    top = len(SPARKS) - 1
    return "".join(SPARKS[int(((v - low) / span * top).to_integral_value())] for v in values)


def line(series: Series, total: int) -> str:
    """A trend: its shape on one line, then a bar per point in order."""
    if not series.values:
        return ""
    return f"{sparkline(series.values)}\n{bars(series, total)}"


def percent(part: Decimal, whole: Decimal) -> str:
    return f"{(part * 100 / whole).quantize(Decimal('0.1'))}%"


def pie(series: Series, total: int) -> str:
    """Each figure's share of the whole, as a percentage and a bar (100 % fills the room)."""
    whole = sum(series.values, Decimal(0))
    if whole == 0:
        shares = ["0.0%"] * len(series.values)
    else:
        shares = [percent(v, whole) for v in series.values]
    tails = [f"{s:>6}  {v}" for s, v in zip(shares, series.shown, strict=True)]
    room = _room(total, series.labels, tails)
    drawn = [_bar(v, whole, room) for v in series.values]
    return _lines(series.labels, drawn, tails, room)


def funnel(series: Series, total: int) -> str:
    """Stages in order as bars centred on one axis, each with its conversion from the one
    before (blank for the first, and after a stage of zero)."""
    conversions = [""]
    for before, after in zip(series.values, series.values[1:], strict=False):
        conversions.append(f"→ {percent(after, before)}" if before > 0 else "")
    tails = [f"{v}  {c}".rstrip() for v, c in zip(series.shown, conversions, strict=True)]
    room = _room(total, series.labels, tails)
    largest = max((abs(v) for v in series.values), default=Decimal(0))
    drawn = []
    for value in series.values:
        bar = _bar(value, largest, room)
        left = (room - len(bar)) // 2
        drawn.append(" " * left + bar)
    return _lines(series.labels, drawn, tails, room)


DRAW = {"bar": bars, "line": line, "pie": pie, "funnel": funnel}
