"""Charts of a report (`--chart bar|line|pie|funnel`), as text to print below its table.

On a terminal that allows colour they are drawn with plotext; otherwise (output piped or
redirected, or ``NO_COLOR`` set) with plain characters (`_charts_plain`). plotext is
imported only here, when a chart is drawn, so no other command pays for it.

plotext counts every character as one column, so a Chinese label would push its row out
of line. Each such label is drawn as a stand-in of ASCII characters exactly as wide as the
label, and the label is put back into the finished text.
"""

from __future__ import annotations

import os
import shutil
import sys
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from crm_cli.commands import _charts_plain as plain_charts
from crm_cli.commands._layout import width
from crm_cli.store.core.errors import InvalidInput

if TYPE_CHECKING:
    from crm_cli.store.analysis.records import Report

KINDS = ("bar", "line", "pie", "funnel")
DEFAULT_WIDTH = 80
BARS_AT_TWO_LINES = 13  # more bars than this get one line each
STAND_IN = "`"  # never in a plotext chart: fills the stand-ins of wide labels


def use_plain() -> bool:
    """Plain characters unless stdout is a terminal and ``NO_COLOR`` is unset or empty."""
    isatty = getattr(sys.stdout, "isatty", None)
    return bool(os.environ.get("NO_COLOR")) or isatty is None or not isatty()


def draw(
    report: Report,
    kind: str,
    x: str,
    y: str,
    *,
    width: int | None = None,
    plain: bool | None = None,
) -> str:
    """The report as a ``kind`` chart of column ``y`` against the labels of column ``x``.

    ``width``: columns to fill (default: the terminal's); ``plain``: None decides by the
    output (`use_plain`). An empty report draws nothing ("").

    Raises:
        InvalidInput: an unknown kind, a column the report lacks, a ``y`` that is not a
        figure, or a pie of negative figures.
    """
    series = _series(report, _check_kind(kind), x, y)
    if not series.labels:
        return ""
    total = width or shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
    if plain is None:
        plain = use_plain()
    if plain:
        return plain_charts.DRAW[kind](series, total)
    return _plotext(series, kind, total)


def _check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise InvalidInput(
            "unknown chart {kind!r}; choose from {names}", kind=kind, names=", ".join(KINDS)
        )
    return kind


def _series(report: Report, kind: str, x: str, y: str) -> plain_charts.Series:
    names = [c.name for c in report.columns]
    if x not in names:
        raise InvalidInput("the report has no column {x!r} to label a chart; it has: {names}",
                           x=x, names=", ".join(names))  # fmt: skip
    figures = [c.name for c in report.columns if c.numeric]
    if y not in figures:
        raise InvalidInput("cannot chart {y!r}: not a figure of this report; choose from {names}",
                           y=y, names=", ".join(figures) or "none")  # fmt: skip
    labels = [_label(row.get(x)) for row in report.rows]
    values = [_number(row.get(y)) for row in report.rows]
    if kind == "pie" and any(v < 0 for v in values):
        raise InvalidInput("a pie cannot show negative figures ({y}); draw it as a bar chart", y=y)
    shown = [_figure(row.get(y), report.column(y).kind) for row in report.rows]
    return plain_charts.Series(labels, values, shown)


def _label(value: Any) -> str:
    if value is None or value == "":
        return "—"
    return " ".join(str(value).split())  # one line, whatever the value holds


def _number(value: Any) -> Decimal:
    if value is None:
        return Decimal(0)
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _figure(value: Any, kind: str) -> str:
    number = _number(value)
    if kind == "int":
        return f"{number:,.0f}"
    if kind == "money":
        return f"{number:,.2f}"
    if kind == "percent":
        return f"{number.quantize(Decimal('0.1'))}%"
    return f"{number.normalize():f}" if number == number.to_integral_value() else str(number)


def _stand_ins(labels: list[str]) -> tuple[list[str], dict[str, str]]:
    """Labels plotext measures right: each wide label replaced by ASCII of its width."""
    drawn: list[str] = []
    back: dict[str, str] = {}
    for label in labels:
        cols = width(label)
        code = _code(len(back))
        if cols == len(label) or cols < len(code) + 1:
            drawn.append(label)
            continue
        stand_in = STAND_IN + code + STAND_IN * (cols - len(code) - 1)
        back[stand_in] = label
        drawn.append(stand_in)
    return drawn, back


def _code(index: int) -> str:
    """A unique run of letters for ``index``: a…z, A…Z, then two letters and on."""
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    code = letters[index % len(letters)]
    while index >= len(letters):
        index = index // len(letters) - 1
        code = letters[index % len(letters)] + code
    return code


def _plotext(series: plain_charts.Series, kind: str, total: int) -> str:
    import plotext as plt  # here only: it costs start-up time to every other command

    labels, back = _stand_ins(series.labels)
    values = [float(v) for v in series.values]  # drawing only: the table keeps exact figures
    plt.clear_figure()
    plt.theme("clear")  # the terminal's own background and text colours
    if kind == "line":
        height = 15
        ticks = list(range(len(values)))
        plt.plot(ticks, values, marker="braille", color="blue")
        step = max(1, len(ticks) // max(1, total // 12))  # no more ticks than fit
        plt.xticks(ticks[::step], labels[::step])
    else:
        if kind == "pie":
            whole = sum(series.values, Decimal(0)) or Decimal(1)
            labels = [f"{lb} {plain_charts.percent(v, whole)}"
                      for lb, v in zip(labels, series.values, strict=True)]  # fmt: skip
        elif kind == "funnel":
            labels = _with_conversions(labels, series.values)
        # Two lines a bar while that fits the screen, then one: every row keeps its label.
        height = 2 * len(values) + 3 if len(values) <= BARS_AT_TWO_LINES else len(values) + 3
        # plotext draws the first bar at the bottom; the report's first row goes on top.
        plt.bar(labels[::-1], values[::-1], orientation="horizontal", width=0.6, color="blue")
    plt.plotsize(total, height)
    text: str = plt.build()
    plt.clear_figure()
    for stand_in, label in sorted(back.items(), key=lambda item: -len(item[0])):
        text = text.replace(stand_in, label)
    return text


def _with_conversions(labels: list[str], values: list[Decimal]) -> list[str]:
    shown = [labels[0]]
    for label, before, after in zip(labels[1:], values, values[1:], strict=False):
        shown.append(f"{label} {plain_charts.percent(after, before)}" if before > 0 else label)
    return shown
