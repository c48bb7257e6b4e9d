"""Expenses and campaigns (issue 14, points 3, 4 and 6): the expenses one may see, with
submit, approve and reject on the highlighted one, and the latest campaigns with what
each brought in (cost, revenue, cost per response, ROI) for those who may see it."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Header, TabbedContent, TabPane

from crm_cli import i18n
from crm_cli.i18n import N_, _, tr
from crm_cli.store.core.listing import Page
from crm_cli.store.core.records import User
from crm_cli.store.expenses import expenses, views
from crm_cli.store.overview.campaign_results import campaign_board
from crm_cli.tui.dialogs.name_form import NameDialog
from crm_cli.tui.ports import Crm
from crm_cli.tui.widgets.common import Footer, MessageLine, RecordTable

EXPENSES = ("code", "spent_on", "owner", "category", "amount", "customer", "campaign", "status",
            "note")  # fmt: skip
CAMPAIGNS = ("code", "name", "stage", "starts_on", "ends_on", "budget", "actual_cost",
             "expected_revenue", "actual_revenue", "responses", "cost_per_response", "roi",
             "customers", "opportunities")  # fmt: skip
PAGE = 500  # expenses shown, latest first; the full list is `crm expense list`


class SpendingScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "step('submit')", "Submit"),
        Binding("a", "step('approve')", "Approve"),
        Binding("X", "step('reject')", "Reject"),  # x clears the center's search
        Binding("f5", "reload", "Refresh"),
    ]

    @property
    def crm(self) -> Crm:
        return cast(Crm, self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="spending-tabs"):
            with TabPane(_("Expenses"), id="spending-expenses"):
                yield RecordTable(EXPENSES, id="expenses")
            with TabPane(_("Campaigns"), id="spending-campaigns"):
                yield RecordTable(CAMPAIGNS, id="campaigns")
        yield MessageLine("")
        yield Footer()

    def on_screen_resume(self) -> None:
        self.load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The expense steps work on the Expenses tab only."""
        if action == "step":
            return self.query_one(TabbedContent).active == "spending-expenses"
        return True

    def action_reload(self) -> None:
        self.load()

    @work(group="spending", exclusive=True)
    async def load(self) -> None:
        app = self.crm
        found = await app.attempt(_expenses, app.user, app.now)
        self.query_one("#expenses", RecordTable).show(found or [])
        board = await app.attempt(campaign_board, app.user)
        self.query_one("#campaigns", RecordTable).show(board or [])

    def action_step(self, step: str) -> None:
        row = self.query_one("#expenses", RecordTable).current()
        if row is None:
            self.crm.report(_("No expense highlighted"), error=True)
            return
        self._step(step, str(row["code"]))

    @work(group="action", exclusive=True)
    async def _step(self, step: str, code: str) -> None:
        app = self.crm
        if step == "reject":
            heading = tr("Reject {code}", code=code)

            def save(reason: str) -> Any:  # in the dialog: a refusal keeps it open
                return expenses.reject_expense(app.user, code, reason, now=app.now)

            done = await app.push_screen_wait(NameDialog(heading, N_("Reason"), save=save))
        else:
            verb = expenses.submit_expense if step == "submit" else expenses.approve_expense
            done = await app.attempt(verb, app.user, code, now=app.now)
        if done is not None:
            status = i18n.pgettext("value", done.status)
            app.report(tr("Expense {code} is {status}.", code=done.code, status=status))
            self.load()

    @on(TabbedContent.TabActivated)
    def _tab(self) -> None:
        self.refresh_bindings()
        active = self.query_one(TabbedContent).active.removeprefix("spending-")
        self.query_one(f"#{active}", RecordTable).focus()


def _expenses(actor: User, now: dt.datetime | None) -> list[dict[str, Any]]:
    """The first page of the actor's expense list as rows (on the store thread)."""
    return [r.to_dict() for r in views.iter_expenses(actor, page=Page(PAGE), now=now)]
