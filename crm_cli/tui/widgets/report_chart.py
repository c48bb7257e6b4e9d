"""A report drawn as a chart (textual-plotext): its preset's kind, labels and figures.

Only the reports screen and the home's chart parts import this module, when they show a
chart, so the TUI starts without plotext. plotext counts every character as one column:
a Chinese label is drawn as ASCII stand-in of the same width and put back once the chart
is built, so the axis stays in line.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rich.cells import cell_len
from textual_plotext import Plot, PlotextPlot

from crm_cli.i18n import N_, _
from crm_cli.store.analysis.records import Report

KINDS = ("bar", "line", "pie", "funnel")
LABEL_CELLS = 16  # a longer label is cut, so the bars keep the room
MAX_BARS = 30  # a longer report's first rows: more would not fit a screen's chart
STAND_IN = "`"  # never drawn by plotext
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
SERIES = (N_("period"), N_("compared"))  # a line chart's legend: the period, the compared


def columns_for(report: Report, x: str, y: str) -> tuple[str, str] | None:
    """The label and figure columns to draw: ``x`` and ``y`` when the report has them (a
    preset's ``--by`` may rename its group), else its first key and first figure; None when
    it has no figure to draw."""
    names = [c.name for c in report.columns]
    figures = [c.name for c in report.columns if c.numeric and c.name not in report.keys]
    label = x if x in names else (report.keys[0] if report.keys else names[0])
    figure = y if y in figures else (figures[0] if figures else "")
    return (label, figure) if figure else None


def short(text: str) -> str:
    """``text`` on one line, cut to ``LABEL_CELLS`` columns."""
    text = " ".join(text.split()) or "—"
    while cell_len(text) > LABEL_CELLS:
        text = text[:-2] + "…"
    return text


def percent(part: float, whole: float) -> str:
    return f"{part * 100 / whole:.1f}%" if whole else "0.0%"


class _Labelled(Plot):
    """A plot whose wide labels are drawn as stand-ins and put back when built."""

    def __init__(self) -> None:
        super().__init__()
        self.back: dict[str, str] = {}

    def stand_ins(self, labels: list[str]) -> list[str]:
        self.back = {}
        drawn = []
        for label in labels:
            cells, code = cell_len(label), _code(len(self.back))
            if cells == len(label) or cells < len(code) + 1:
                drawn.append(label)
                continue
            stand_in = STAND_IN + code + STAND_IN * (cells - len(code) - 1)
            self.back[stand_in] = label
            drawn.append(stand_in)
        return drawn

    def build(self) -> str:
        text: str = super().build()
        for stand_in, label in sorted(self.back.items(), key=lambda item: -len(item[0])):
            text = text.replace(stand_in, label)
        return text


def _code(index: int) -> str:
    code = LETTERS[index % len(LETTERS)]
    while index >= len(LETTERS):
        index = index // len(LETTERS) - 1
        code = LETTERS[index % len(LETTERS)] + code
    return code


class ReportChart(PlotextPlot):
    """The chart of a report (bars: its first ``MAX_BARS`` rows). What it draws stays
    readable for tests: ``kind``, ``labels`` and ``values`` (one list per series: the
    period's, then the compared one's)."""

    DEFAULT_CSS = "ReportChart { min-height: 8; }"

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._plot: _Labelled = _Labelled()
        self.kind = ""
        self.labels: list[str] = []
        self.values: list[list[float]] = []

    def show(self, report: Report, kind: str, x: str, y: str) -> None:
        """Draw ``report`` as a ``kind`` chart of ``y`` by ``x`` (fallbacks: `columns_for`)."""
        chosen = columns_for(report, x, y)
        self.kind = kind if kind in KINDS else "bar"
        self.labels, self.values = [], []
        if chosen is not None and report.rows:
            label, figure = chosen
            self.labels = [short(str(r.get(label) or "")) for r in report.rows]
            self.values = [[_float(r.get(figure)) for r in report.rows]]
            if f"{figure}_compared" in {c.name for c in report.columns}:
                self.values.append([_float(r.get(f"{figure}_compared")) for r in report.rows])
        self._draw()

    def clear(self) -> None:
        self.kind, self.labels, self.values = "", [], []
        self._draw()

    def _draw(self) -> None:
        plt = self._plot
        plt.clear_data()
        plt.clear_figure()
        if self.values:
            if self.kind == "line":
                self._line(plt)
            else:
                self._bars(plt)
        self.refresh()

    def _line(self, plt: _Labelled) -> None:
        labels = plt.stand_ins(self.labels)
        ticks = [float(n) for n in range(len(labels))]
        for values, name in zip(self.values, SERIES, strict=False):
            label = _(name) if len(self.values) > 1 else ""
            plt.plot(ticks, values, marker="braille", label=label)
        step = max(1, len(ticks) // 8)
        plt.xticks(ticks[::step], labels[::step])

    def _bars(self, plt: _Labelled) -> None:
        values, shown = self.values[0][:MAX_BARS], self.labels[:MAX_BARS]
        if self.kind == "pie":
            whole = sum(v for v in self.values[0] if v > 0)  # the whole, not the rows shown
            shown = [f"{s} {percent(v, whole)}" for s, v in zip(shown, values, strict=True)]
        elif self.kind == "funnel":
            shown = [shown[0]] + [
                f"{s} {percent(after, before)}" if before > 0 else s
                for s, before, after in zip(shown[1:], values[:-1], values[1:], strict=True)
            ]
        drawn = plt.stand_ins(shown)
        # plotext draws the first bar at the bottom: the report's first row goes on top.
        plt.bar(drawn[::-1], values[::-1], orientation="horizontal", width=0.6)


def _float(value: Any) -> float:
    """A figure for drawing only (the table keeps the exact value)."""
    if value is None:
        return 0.0
    return float(value if isinstance(value, Decimal | int | float) else Decimal(str(value)))
