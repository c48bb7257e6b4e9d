"""The summary builder (issue 15, point 3), opened with `n` on the Reports screen: choose a
record type, then its groups (a date by day, week, month, quarter or year) in the order
they should nest, then measures, a filter and a period. Each change re-runs the summary in
the store (`actions.summaries.preview`) a moment later, the latest change winning, into a
table and a chart; a refusal (a bad filter or period) shows the store's message on the
message line and the last good preview stays. `s` saves it under a name; Escape leaves.

The screen returns the name it was saved under, or None.
"""

from __future__ import annotations

from typing import ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, Input, Label, OptionList, SelectionList
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from crm_cli import i18n, report_words
from crm_cli.i18n import N_, _, tr
from crm_cli.store.analysis.records import Report
from crm_cli.store.analysis.saved import SavedSummary
from crm_cli.store.core.errors import CrmError
from crm_cli.tui.actions import summaries as flows
from crm_cli.tui.dialogs.summary_save import SaveSummaryDialog
from crm_cli.tui.ports import Crm
from crm_cli.tui.widgets.common import Footer, MessageLine, RecordTable
from crm_cli.tui.widgets.report_chart import ReportChart

DEBOUNCE = 0.3  # seconds after the last change before the preview re-runs
HINT = N_("Enter chooses a record type; Tab moves on. s saves, Escape leaves.")
INPUTS = {
    "sb-where": N_("Filter: amount > 1000; owner = wang"),
    "sb-period": N_("Period: 2026-Q3, this-month … (blank: all)"),
    "sb-sort": N_("Sort: -count"),
    "sb-top": N_("Top N"),
}


class SummaryBuilderScreen(Screen[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "save", "Save"),
        Binding("ctrl+s", "save", "Save", show=False),
        Binding("escape", "leave", "Leave"),
    ]
    DEFAULT_CSS = """
    SummaryBuilderScreen #sb-body { height: 1fr; }
    SummaryBuilderScreen #sb-steps { width: 44; height: 1fr; }
    SummaryBuilderScreen .step { padding: 0 1; text-style: bold; }
    SummaryBuilderScreen #sb-records { height: 8; }
    SummaryBuilderScreen #sb-by { height: 2fr; }
    SummaryBuilderScreen #sb-measures { height: 1fr; }
    SummaryBuilderScreen #sb-order { height: auto; }
    SummaryBuilderScreen #sb-sort { width: 1fr; }
    SummaryBuilderScreen #sb-top { width: 14; }
    SummaryBuilderScreen #sb-title { padding: 0 1; }
    SummaryBuilderScreen #sb-table { height: 1fr; }
    SummaryBuilderScreen #sb-chart { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.records = ""
        self.report: Report | None = None  # the last good preview
        self.runs = 0  # previews finished, shown or refused (for the tests to wait on)
        self._timer: Timer | None = None

    @property
    def crm(self) -> Crm:
        return cast(Crm, self.app)

    def compose(self) -> ComposeResult:
        types = [Option(c.label, id=c.value) for c in flows.record_types()]
        yield Header()
        with Horizontal(id="sb-body"):
            with Vertical(id="sb-steps"):
                yield Label(_("1 Record type"), classes="step")
                yield OptionList(*types, id="sb-records")
                yield Label(_("2 Group by, in order"), classes="step")
                yield SelectionList[str](id="sb-by")
                yield Label(_("3 Measures"), classes="step")
                yield SelectionList[str](id="sb-measures")
                yield Label(_("4 Filter and period"), classes="step")
                yield Input(placeholder=_(INPUTS["sb-where"]), id="sb-where")
                yield Input(placeholder=_(INPUTS["sb-period"]), id="sb-period")
                with Horizontal(id="sb-order"):
                    yield Input(placeholder=_(INPUTS["sb-sort"]), id="sb-sort")
                    yield Input(placeholder=_(INPUTS["sb-top"]), id="sb-top")
            with Vertical(id="sb-preview"):
                yield Label(_("Choose a record type on the left."), id="sb-title")
                yield RecordTable((), id="sb-table")
                yield ReportChart(id="sb-chart")
        yield MessageLine(_(HINT))
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#sb-records").focus()

    @property
    def table(self) -> RecordTable:
        return self.query_one("#sb-table", RecordTable)

    @property
    def chart(self) -> ReportChart:
        return self.query_one("#sb-chart", ReportChart)

    def draft(self) -> flows.Draft:
        """The choices as they stand."""
        by = self.query_one("#sb-by", SelectionList).selected  # in the order chosen
        chosen = self.query_one("#sb-measures", SelectionList).selected
        typed = {key: self.query_one(f"#{key}", Input).value for key in INPUTS}
        return flows.Draft(
            self.records, tuple(by), tuple(chosen), typed["sb-where"], typed["sb-period"],
            typed["sb-sort"], typed["sb-top"],
        )  # fmt: skip

    @on(OptionList.OptionSelected, "#sb-records")
    def _records_chosen(self, event: OptionList.OptionSelected) -> None:
        self.choose_records(event.option.id or "")
        self.query_one("#sb-by").focus()

    def choose_records(self, name: str) -> None:
        """Offer the groups and measures of record type ``name`` (counting, to begin)."""
        if name == self.records:
            return
        self.records = name
        by = self.query_one("#sb-by", SelectionList)
        by.clear_options()
        by.add_options([Selection(c.label, c.value) for c in flows.groups(name)])
        measures = self.query_one("#sb-measures", SelectionList)
        measures.clear_options()
        measures.add_options(
            [Selection(c.label, c.value, c.value == "count") for c in flows.measures(name)]
        )
        self.changed()

    @on(SelectionList.SelectedChanged)
    @on(Input.Changed)
    def changed(self) -> None:
        """Re-run the preview once the choices have rested for `DEBOUNCE` seconds."""
        if self._timer is not None:
            self._timer.stop()
        if self.records:
            self._timer = self.set_timer(DEBOUNCE, self.run_preview)

    @work(group="summary-preview", exclusive=True)
    async def run_preview(self) -> None:
        # exclusive: a newer change cancels a run still waiting on the store, so the latest
        # change wins.
        app, draft = self.crm, self.draft()
        self.query_one("#sb-title", Label).update(tr("{title} · running…", title=draft.records))
        try:
            report = await app.store(flows.preview, app.user, draft, app.today())
        except CrmError as exc:
            self._title(self.report)
            self.query_one(MessageLine).update(
                tr("Not run: {message}", message=i18n.message_of(exc))
            )
        else:
            self._show(report)
        self.runs += 1

    def _title(self, report: Report | None) -> None:
        title = _("No preview yet.") if report is None else report_words.caption(report)
        self.query_one("#sb-title", Label).update(title)

    def _show(self, report: Report) -> None:
        self.report = report
        self._title(report)
        self.table.titles = report_words.zh_labels(report) if i18n.chinese() else {}
        self.table.keys = tuple(c.name for c in report.columns)
        self.table.show(report.rows)
        self.chart.show(report, "bar", "", "")  # its first group by its first measure
        rows = tr("{count} rows", count=len(report.rows)) if report.rows else _("No data")
        self.query_one(MessageLine).update(
            tr("{rows}. s saves this summary, Escape leaves.", rows=rows)
        )

    def action_save(self) -> None:
        if not self.records:
            self.query_one(MessageLine).update(_("Choose a record type first."))
            return
        app, draft = self.crm, self.draft()

        def save(values: dict[str, str]) -> SavedSummary:
            return flows.save(app.user, draft, values)

        self.app.push_screen(SaveSummaryDialog(save), self._saved)

    def _saved(self, saved: SavedSummary | None) -> None:
        if saved is not None:
            self.crm.report(tr("Saved report {name!r}", name=saved.name))
            self.dismiss(saved.name)

    def action_leave(self) -> None:
        self.dismiss(None)
