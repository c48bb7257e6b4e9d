"""The home's chart parts (RPT-4): a preset analysis drawn as its chart, for the parts an
admin gives a role (`crm config set home.manager approvals,trend,funnel`).

A part whose preset is not registered (an older or trimmed install) is left out without a
word. The chart widget, and with it plotext, is imported when a part is first drawn.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, NamedTuple

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label

from crm_cli.i18n import N_, _
from crm_cli.store.analysis import presets
from crm_cli.store.analysis.records import Report
from crm_cli.store.core.records import User
from crm_cli.tui.ports import Crm

if TYPE_CHECKING:
    from crm_cli.tui.widgets.report_chart import ReportChart


class Drawn(NamedTuple):
    report: Report
    chart: str
    x: str
    y: str


# part -> (preset, title)
CHART_PARTS = {
    "trend": ("sales-trend", N_("Sales trend")),
    "funnel": ("funnel", N_("Sales funnel")),
    "attainment_chart": ("attainment", N_("Target attainment")),
}


def run_part(actor: User, name: str, today: dt.date) -> Drawn | None:
    """Preset ``name`` for its default period as of ``today``; None: not registered."""
    preset = presets.find(name)
    if preset is None:
        return None
    report = presets.run_preset(actor, name, presets.Params(period=None, today=today))
    return Drawn(report, preset.chart, preset.x, preset.y)


class ChartPart(Vertical):
    """One chart part of the home: its title and, once filled, the chart."""

    DEFAULT_CSS = """
    ChartPart { height: auto; display: none; }  /* until the home knows its parts */
    ChartPart ReportChart { height: 14; }
    """

    def __init__(self, part: str) -> None:
        super().__init__(id=part, classes=f"part-{part}")
        self.preset, self.title = CHART_PARTS[part]
        self.drawn: Drawn | None = None

    def compose(self) -> ComposeResult:
        yield Label(_(self.title), classes="section-title")

    async def fill(self, app: Crm) -> None:
        """Run the preset and draw it; hide the part when the preset does not exist."""
        drawn = await app.attempt(run_part, app.user, self.preset, app.today())
        if drawn is None:
            self.display = bool(self.drawn)  # not registered: left out; a failed rerun: kept
            return
        self.drawn = drawn
        chart = await self._chart()
        chart.show(drawn.report, drawn.chart, drawn.x, drawn.y)
        period = drawn.report.period
        title = _(self.title)
        self.query_one(Label).update(f"{title} · {period.label}" if period else title)

    async def _chart(self) -> ReportChart:
        from crm_cli.tui.widgets.report_chart import ReportChart

        found = self.query(ReportChart)
        if found:
            return found.first()
        chart = ReportChart()
        await self.mount(chart)
        return chart
