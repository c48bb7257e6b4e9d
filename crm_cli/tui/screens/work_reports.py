"""Work reports (issue 14, points 1 and 6; WRK-1): the reports one may read, the highlighted
one's text beside its reference figures and comments; writing today's daily report,
submitting one's draft and commenting on a subordinate's report; and the overview grid
of who submitted when (on time ✓, late +n, missing ✗, not due ·), by day, week or month."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Label, Static, TabbedContent, TabPane

from crm_cli import i18n
from crm_cli.i18n import N_, _, tr
from crm_cli.store.core.listing import Page
from crm_cli.store.core.records import User
from crm_cli.store.workreports import reports, views
from crm_cli.store.workreports.overview import submission_overview
from crm_cli.store.workreports.records import Overview, ReportDetail
from crm_cli.tui.dialogs.name_form import NameDialog
from crm_cli.tui.ports import Crm
from crm_cli.tui.widgets.common import Footer, MessageLine, RecordTable, heading

REPORTS = ("code", "author", "author_name", "kind", "period", "status", "late_days",
           "submitted_at", "commented_at")  # fmt: skip
PAGE = 500  # reports shown, the latest period first; the full list is `crm work-report list`
MARKS = {"on_time": "✓", "missing": "✗", "not_due": "·"}
KINDS = {"day": N_("daily"), "week": N_("weekly"), "month": N_("monthly")}
OVERVIEW = {"day": N_("Daily reports {since} to {until}"),
            "week": N_("Weekly reports {since} to {until}"),
            "month": N_("Monthly reports {since} to {until}")}  # fmt: skip


class WorkReportsScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "write", "Write today's"),
        Binding("s", "step('submit')", "Submit"),
        Binding("c", "step('comment')", "Comment"),
        Binding("d", "kind('day')", "Days"),
        Binding("w", "kind('week')", "Weeks"),
        Binding("m", "kind('month')", "Months"),
        Binding("o", "switch", "Overview/reports"),
        Binding("f5", "reload", "Refresh"),
    ]
    DEFAULT_CSS = """
    WorkReportsScreen #reports { height: 1fr; }
    WorkReportsScreen #report-view { height: 1fr; border-top: solid $primary; }
    WorkReportsScreen #grid { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.kind = "week"  # the overview's periods
        self.shown: ReportDetail | None = None  # the report read below the list
        self.loads = 0  # finished loads, for the tests to wait on

    @property
    def crm(self) -> Crm:
        return cast(Crm, self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="report-tabs"):
            # Not "Reports" (报表, key 8): the list of work reports (报告).
            with TabPane(i18n.pgettext("work reports", "Reports"), id="tab-reports"):
                yield RecordTable(REPORTS, id="reports")
                with VerticalScroll(id="report-view"):
                    yield Static("", id="report-text", markup=False)
            with TabPane(_("Overview"), id="tab-overview"):
                yield Label("", id="grid-title", classes="section-title")
                yield RecordTable(("login", "name"), id="grid")
        yield MessageLine("")
        yield Footer()

    def on_screen_resume(self) -> None:
        self.load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Report keys on the Reports tab, the period keys on the Overview tab."""
        on_list = self.query_one(TabbedContent).active == "tab-reports"
        if action in ("write", "step"):
            return on_list
        if action == "kind":
            return not on_list
        return True

    def action_reload(self) -> None:
        self.load()

    def action_switch(self) -> None:
        """The other tab: a focused table keeps the arrow keys for its own columns."""
        tabs = self.query_one(TabbedContent)
        tabs.active = "tab-overview" if tabs.active == "tab-reports" else "tab-reports"

    @work(group="work-reports", exclusive=True)
    async def load(self, focus: str | None = None) -> None:
        """Read the list and the overview; ``focus``: the report to highlight (by default
        the one highlighted before, so the report acted on stays in view)."""
        app = self.crm
        found = await app.attempt(_reports, app.user, app.now)
        table = self.query_one("#reports", RecordTable)
        before = table.current()
        focus = focus or (str(before["code"]) if before is not None else None)
        table.show(found or [])
        codes = [row["code"] for row in table.rows_shown]
        if focus in codes:
            table.move_cursor(row=codes.index(focus))
        await self._read()
        grid = await app.attempt(submission_overview, app.user, self.kind, now=app.now)
        self._grid(grid)
        self.loads += 1

    async def _read(self) -> None:
        """Show the highlighted report: text, figures, comments."""
        row = self.query_one("#reports", RecordTable).current()
        app = self.crm
        detail = None
        if row is not None:
            detail = await app.attempt(views.get_report, app.user, str(row["code"]), now=app.now)
        self.shown = detail
        self.query_one("#report-text", Static).update(_text(detail) if detail else "")

    def _grid(self, found: Overview | None) -> None:
        title = self.query_one("#grid-title", Label)
        table = self.query_one("#grid", RecordTable)
        if found is None:  # nobody below the user: the message line says so
            title.update(_("Overview: for managers, of the people below them"))
            table.show([])
            return
        span = tr(OVERVIEW[found.kind], since=found.since, until=found.until)
        title.update(span + _(": ✓ on time, +n late by n days, ✗ missing, · not due yet"))
        table.keys = ("login", "name", *found.periods)
        table.show([_marks(row.login, row.name, row.cells) for row in found.rows])

    @on(DataTable.RowHighlighted, "#reports")
    def _highlighted(self) -> None:
        self._read_later()

    @work(group="work-report-read", exclusive=True)
    async def _read_later(self) -> None:
        await self._read()

    def action_kind(self, kind: str) -> None:
        self.kind = kind
        self.load()

    def action_write(self) -> None:
        self._write()

    @work(group="action", exclusive=True)
    async def _write(self) -> None:
        app = self.crm

        def save(text: str) -> Any:  # in the dialog: a refusal keeps it open, the text kept
            return reports.write_report(app.user, "day", None, text, now=app.now)

        dialog = NameDialog(_("Today's daily report (日报)"), N_("What I did"), save=save)
        done = await app.push_screen_wait(dialog)
        if done is not None:
            app.report(tr("Saved {code} for {period} as a draft: s submits.",
                          code=done.report.code, period=done.report.period))  # fmt: skip
            self.load(done.report.code)

    def action_step(self, step: str) -> None:
        row = self.query_one("#reports", RecordTable).current()
        if row is None:
            self.crm.report(_("No report highlighted"), error=True)
            return
        self._step(step, str(row["code"]))

    @work(group="action", exclusive=True)
    async def _step(self, step: str, code: str) -> None:
        app = self.crm
        if step == "comment":

            def save(text: str) -> Any:
                return reports.comment_report(app.user, code, text, now=app.now)

            dialog = NameDialog(tr("Comment on {code}", code=code), N_("Comment"), save=save)
            done = await app.push_screen_wait(dialog)
            message = tr("Commented on {code}.", code=code)
        else:
            done = await app.attempt(reports.submit_report, app.user, code, now=app.now)
            late = done.report.late_days if done is not None else 0
            message = (
                tr("Submitted {code}, late by {days}.", code=code, days=_days(late))
                if late
                else tr("Submitted {code}, on time.", code=code)
            )
        if done is not None:
            app.report(message)
            self.load()

    @on(TabbedContent.TabActivated)
    def _tab(self) -> None:
        self.refresh_bindings()
        active = "reports" if self.query_one(TabbedContent).active == "tab-reports" else "grid"
        self.query_one(f"#{active}", RecordTable).focus()


def _reports(actor: User, now: Any) -> list[dict[str, Any]]:
    """The first page of the reports the actor may read, as rows (on the store thread)."""
    return [r.to_dict() for r in views.iter_reports(actor, page=Page(PAGE), now=now)]


def _marks(login: str, name: str, cells: list[Any]) -> Mapping[str, Any]:
    row: dict[str, Any] = {"login": login, "name": name}
    for c in cells:
        row[c.period] = f"+{c.days}" if c.status == "late" else MARKS[c.status]
    return row


def _days(n: int) -> str:
    return i18n.ngettext("{count} day", "{count} days", n).format(count=n)


def _text(detail: ReportDetail) -> str:
    """The report as the panel below the list shows it."""
    r = detail.report
    state = i18n.pgettext("value", "draft") if r.status == "draft" else (
        tr("submitted {at}", at=f"{r.submitted_at:%Y-%m-%d %H:%M}")
        + (tr(", late by {days}", days=_days(r.late_days)) if r.late_days else _(", on time"))
    )  # fmt: skip
    figures = " · ".join(
        f"{heading(name)} {value}" for name, value in detail.figures.to_dict().items()
    )
    kind = _(KINDS[r.kind])
    lines = [f"{r.code} · {r.author_name} ({r.author}) · {kind} {r.period} · {state}",
             "", detail.text, "", f"参考数据: {figures}"]  # fmt: skip
    if detail.comments:
        lines += ["", _("Comments:")]
        lines += [f"  {c.at:%Y-%m-%d %H:%M} {c.author_name or c.author}: {c.text}"
                  for c in detail.comments]  # fmt: skip
    return "\n".join(lines)
