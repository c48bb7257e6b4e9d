"""The team's targets (issue 14, points 2 and 6): the targets of the acting user and
everyone they manage, with their departments', for this month, quarter or year, each with
its attainment as a bar (`█████░░░░░ 52%`), the weighted pipeline and the gap.

What the store's `team_attainment` returns, as it returns it; `crm target show` has a
department's people beneath it.
"""

from __future__ import annotations

from typing import Any, ClassVar, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Header, Label

from crm_cli.i18n import N_, _, tr
from crm_cli.store.targets.attainment import team_attainment
from crm_cli.store.targets.records import Attainment, bar
from crm_cli.tui.ports import Crm
from crm_cli.tui.widgets.common import Footer, MessageLine, RecordTable, word

COLUMNS = ("name", "metric", "target", "actual", "attainment", "pipeline", "gap")
KINDS = {"month": N_("this month"), "quarter": N_("this quarter"), "year": N_("this year")}


def row(record: Attainment) -> dict[str, Any]:
    """A record as the table shows it: the bar in place of the percentage."""
    shown = record.to_dict()
    department = tr("{name} (department)", name=record.name)
    shown["name"] = record.name if record.scope == "user" else department
    shown["metric"] = word("metric", record.metric)
    shown["attainment"] = bar(record.percent)
    return shown


class TargetsScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "period('month')", "Month"),
        Binding("q", "period('quarter')", "Quarter"),
        Binding("y", "period('year')", "Year"),
        Binding("f5", "reload", "Refresh"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.kind = "month"
        self.loads = 0  # finished loads, for the tests to wait on

    @property
    def crm(self) -> Crm:
        return cast(Crm, self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="targets-title", classes="section-title")
        yield RecordTable(COLUMNS, id="targets")
        yield MessageLine("")
        yield Footer()

    def on_screen_resume(self) -> None:
        # Targets and the records they count change elsewhere: read them on every visit.
        self.load()

    def action_period(self, kind: str) -> None:
        self.kind = kind
        self.load()

    def action_reload(self) -> None:
        self.load()

    @work(group="targets", exclusive=True)
    async def load(self) -> None:
        app = self.crm
        found = await app.attempt(team_attainment, app.user, now=app.now, period=self.kind)
        records = found or []
        title = tr("Targets for {period}", period=_(KINDS[self.kind]))
        if records:
            title += tr(" ({period}), as of {day}", period=records[0].period, day=records[0].as_of)
        self.query_one("#targets-title", Label).update(title)
        table = self.query_one("#targets", RecordTable)
        table.show(row(r) for r in records)
        table.focus()
        self.query_one(MessageLine).update("" if records else _("No targets for this period."))
        self.loads += 1
