"""Reports (issue 15, point 6): the preset analyses on the left; the chosen one's table
and chart side by side, under a bar for its period, comparison and as-of day. `Enter` on
a row opens the records behind it in the customer center (`actions.reports.target`);
`n` builds a new summary step by step (`screens.summary_builder`).

The chart widget (textual-plotext) is imported when this screen is first drawn, never at
the TUI's start.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Label, OptionList, Select
from textual.widgets.option_list import Option

from crm_cli import i18n, report_words
from crm_cli.i18n import N_, _, tr
from crm_cli.store.analysis.records import Report
from crm_cli.store.customers.query import CustomerFilter
from crm_cli.tui.actions import reports as flows
from crm_cli.tui.ports import Crm, CustomerPane
from crm_cli.tui.widgets.common import Footer, MessageLine, RecordTable
from crm_cli.tui.widgets.grid import Query

if TYPE_CHECKING:
    from crm_cli.tui.widgets.report_chart import ReportChart

PERIOD_HINT = N_("Period: 2026-Q3, this-month … (blank: its own)")
COMPARE_LABELS = {"none": N_("No comparison"), "previous": N_("Previous period (环比)"),
                  "last-year": N_("Last year (同比)")}  # fmt: skip


class ReportsScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "focus_part('period')", "Period"),
        Binding("c", "focus_part('compare')", "Compare"),
        Binding("l", "focus_part('report-list')", "Reports"),
        Binding("f5", "rerun", "Refresh"),
        Binding("n", "new_summary", "New summary"),
    ]
    DEFAULT_CSS = """
    ReportsScreen #reports-body { height: 1fr; }
    ReportsScreen #report-list { width: 36; height: 1fr; }
    ReportsScreen #report-bar { height: auto; }
    ReportsScreen #period { width: 1fr; }
    ReportsScreen #compare { width: 26; }
    ReportsScreen #as-of { width: 16; }
    ReportsScreen #options { width: 1fr; }
    ReportsScreen #report-title { padding: 0 1; }
    ReportsScreen #report-panes { height: 1fr; }
    ReportsScreen #report-table { width: 1fr; height: 1fr; }
    ReportsScreen #report-chart { width: 1fr; height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[str, flows.Entry] = {}
        self.entry: flows.Entry | None = None
        self.report: Report | None = None
        self.loads = 0  # finished runs, for the tests to wait on

    @property
    def crm(self) -> Crm:
        return cast(Crm, self.app)

    def compose(self) -> ComposeResult:
        from crm_cli.tui.widgets.report_chart import ReportChart

        yield Header()
        with Horizontal(id="reports-body"):
            yield OptionList(id="report-list")
            with Vertical(id="report-main"):
                with Horizontal(id="report-bar"):
                    yield Input(placeholder=_(PERIOD_HINT), id="period")
                    yield Select(
                        [(_(label), value) for value, label in COMPARE_LABELS.items()],
                        value="none", allow_blank=False, id="compare",
                    )  # fmt: skip
                    yield Input(placeholder=_("As of (today)"), id="as-of")
                    yield Input(placeholder=_("Options"), id="options")
                yield Label(_("Choose a report on the left."), id="report-title")
                with Horizontal(id="report-panes"):
                    yield RecordTable((), id="report-table")
                    yield ReportChart(id="report-chart")
        yield MessageLine(_("Enter on a row opens the customers behind it. ? lists every key."))
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#report-list").focus()

    def on_screen_resume(self) -> None:
        # Summaries are saved elsewhere (`crm report summary --save`): list them on each visit.
        self.list_reports()

    @property
    def chart(self) -> ReportChart:
        from crm_cli.tui.widgets.report_chart import ReportChart

        return self.query_one("#report-chart", ReportChart)

    @property
    def table(self) -> RecordTable:
        return self.query_one("#report-table", RecordTable)

    @work(group="report-list", exclusive=True)
    async def list_reports(self) -> None:
        app = self.crm
        # The presets are code, not rows: listed on a thread of their own (importing them
        # the first time takes a moment), while the store thread reads the saved ones.
        presets, mine = await asyncio.gather(
            asyncio.to_thread(flows.entries), app.attempt(flows.saved_entries, app.user)
        )
        found = presets + (mine or [])
        self.entries = {e.key: e for e in found}
        options = self.query_one("#report-list", OptionList)
        options.clear_options()
        options.add_options(Option(f"{e.name}\n  {e.short_zh}", id=e.key) for e in found)
        if self.entry is not None and self.entry.key in self.entries:  # where it was
            options.highlighted = options.get_option_index(self.entry.key)

    def choice(self) -> flows.Choice:
        compare = self.query_one("#compare", Select).value
        return flows.Choice(
            period=self.query_one("#period", Input).value,
            compare=compare if isinstance(compare, str) else "none",
            as_of=self.query_one("#as-of", Input).value,
            options=self.query_one("#options", Input).value,
        )

    @on(OptionList.OptionSelected, "#report-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.choose(event.option.id or "")

    def choose(self, key: str) -> None:
        """Run the report ``key`` (``preset:NAME``) with the bar's choices."""
        self.entry = self.entries.get(key)
        if self.entry is not None:
            takes = " ".join(f"--{o}" for o in self.entry.options)
            self.query_one("#options", Input).placeholder = tr(
                "Options: {options}", options=takes or _("none")
            )
            self.run_report()

    def action_new_summary(self) -> None:
        """Build a summary step by step (`screens.summary_builder`); once saved, list it."""
        from crm_cli.tui.screens.summary_builder import SummaryBuilderScreen

        self.app.push_screen(SummaryBuilderScreen(), self._summary_saved)

    def _summary_saved(self, name: str | None) -> None:
        if name:
            self.list_reports()

    def action_focus_part(self, name: str) -> None:
        self.query_one(f"#{name}").focus()

    @on(Input.Submitted, "#period, #as-of, #options")
    @on(Select.Changed, "#compare")
    def _bar_changed(self) -> None:
        self.action_rerun()

    def action_rerun(self) -> None:
        if self.entry is not None:
            self.run_report()

    @work(group="report", exclusive=True)
    async def run_report(self) -> None:
        app, entry = self.crm, self.entry
        assert entry is not None
        title = entry.title_zh if i18n.chinese() and entry.kind == "preset" else entry.title
        self.query_one("#report-title", Label).update(tr("{title} · running…", title=title))
        report = await app.attempt(flows.run, app.user, entry, self.choice(), app.today())
        if report is not None:
            self._show(entry, report)
        else:
            self.query_one("#report-title", Label).update(tr("{title} · not run", title=title))
        self.loads += 1

    def _show(self, entry: flows.Entry, report: Report) -> None:
        self.report = report
        title = report_words.caption(report)
        if i18n.chinese() and entry.kind == "preset":  # the whole line: the screen has room
            title = title.replace(report_words.title(report), entry.title_zh, 1)
        self.query_one("#report-title", Label).update(title)
        self.table.titles = report_words.zh_labels(report) if i18n.chinese() else {}
        self.table.keys = tuple(c.name for c in report.columns)
        self.table.show(report.rows)
        self.chart.show(report, entry.chart, entry.x, entry.y)
        opens = report.rows and flows.target(report, report.rows[0]).where
        rows = tr("{count} rows", count=len(report.rows))
        self.query_one(MessageLine).update(
            rows + (_(" · Enter opens a row's customers") if opens else "")
            if report.rows
            else _("No data.")
        )

    @on(DataTable.RowSelected, "#report-table")
    async def _row_chosen(self) -> None:
        row = self.table.current()
        if self.report is not None and row is not None:
            await self.drill(self.report, row)

    async def drill(self, report: Report, row: Any) -> None:
        """Open the records behind ``row`` in the customer center, or say there are none."""
        found = flows.target(report, row)
        if not found.where:
            self.crm.report(found.text)
            return
        center = cast(CustomerPane, self.app.get_screen("center"))
        for box in cast(Screen[None], center).query("#search").results(Input):
            box.value = ""  # the row's filter replaces any search typed there
        center.reload(Query(CustomerFilter(where=found.where)))
        await self.app.run_action("go('center')")
        self.crm.report(found.text)
