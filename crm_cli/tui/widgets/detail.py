"""The detail tabs of the highlighted customer (the 360 view, CUS-7).

Everything comes from `customer360.customer_view` (its `related` dict) and the pool log.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, cast

from textual import on, work
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, TabbedContent, TabPane

from crm_cli.i18n import N_, _, customer_status
from crm_cli.store.overview.customer360 import CustomerView
from crm_cli.tui.ports import Crm
from crm_cli.tui.widgets.common import RecordTable, cell, heading

# tab id -> (title, columns); the id is also the key in `related` where there is one. The
# titles are short so that all eleven fit on one line at 80 columns.
TABS: dict[str, tuple[str, tuple[str, ...]]] = {
    "contacts": (N_("People"), ("code", "name", "title", "mobile", "work_phone", "email")),
    "records": (
        N_("Records"),
        ("at", "method", "contact", "user", "summary", "result", "next_date", "next_status"),
    ),
    "opportunities": (
        N_("Deals"),
        ("code", "product", "amount", "probability", "stage", "close_date", "status", "owner"),
    ),
    "quotes": (
        N_("Quotes"),
        ("code", "date", "subject", "total", "valid_until", "audited", "order"),
    ),
    "orders": (
        N_("Orders"),
        ("code", "status", "subject", "signed", "due", "total", "received", "balance"),
    ),
    "plan": (N_("Plan"), ("order", "number", "due", "amount", "received", "open", "status")),
    "receipts": (N_("Paid"), ("code", "order", "installment", "date", "amount", "method")),
    "log": (N_("Log"), ("at", "actor", "entity", "action", "changes")),
    "pool": (N_("Pool"), ("at", "action", "actor", "from_owner", "to_owner", "protect_until")),
    "services": (
        N_("Tickets"),
        ("code", "date", "type", "priority", "status", "assignee", "due_at", "subject"),
    ),
    "evaluations": (
        N_("Grades"),
        ("code", "date", "grade", "strategy", "scores", "evaluator", "note"),
    ),
}


class DetailTabs(TabbedContent):
    """One RecordTable per tab; `show` fills them all from a customer view.

    While a tab's table has focus, its keys work on the highlighted row (they win over the
    screen's keys of the same name, which work on the customer).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "row('edit')", "Edit row"),
        Binding("delete", "row('delete')", "Delete/cancel row"),
        Binding("W", "row('win')", "Win deal"),
        Binding("L", "row('lose')", "Lose deal"),
        # Service ticket steps: on the Services tab only (`check_action`), so elsewhere the
        # same keys reach the screen (S submits an order there).
        Binding("A", "row('assign')", "Assign ticket"),
        Binding("S", "row('start')", "Start ticket"),
        Binding("R", "row('resolve')", "Resolve ticket"),
        Binding("C", "row('close')", "Close ticket"),
        Binding("O", "row('reopen')", "Reopen ticket"),
        Binding("F", "row('feedback')", "Ticket feedback"),
    ]
    TICKET_STEPS = ("assign", "start", "resolve", "close", "reopen", "feedback")
    KEYS_TITLE = N_("On a detail tab's table (Tab to it)")  # its section of the `?` list

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        for key, (title, columns) in TABS.items():
            # TabbedContent collects its panes as composed children.
            table = RecordTable(columns, id=f"table-{key}", titles=TITLES.get(key))
            self.compose_add_child(TabPane(_(title), table, id=f"tab-{key}"))

    def table(self, key: str) -> RecordTable:
        return self.query_one(f"#table-{key}", RecordTable)

    def show(self, view: CustomerView | None, pool_log: Sequence[Any] = ()) -> None:
        if view is None:
            for key in TABS:
                self.table(key).show([])
            return
        self.table("contacts").show(c.to_dict() for c in view.contacts)
        self.table("log").show(e.to_dict() for e in view.log)
        self.table("pool").show(e.to_dict() for e in pool_log)
        self.table("plan").show([])
        for key, rows in view.related.items():
            # The Plan tab shows the highlighted order's whole plan (load_plan), not the
            # customer's open installments that `customer show` lists.
            if key in TABS and key != "plan":
                self.table(key).show(rows)

    def show_plan(self, order: str, plan: Sequence[Any]) -> None:
        self.table("plan").show({"order": order, **p.to_dict()} for p in plan)

    @on(DataTable.RowHighlighted, "#table-orders")
    def _order_moved(self) -> None:
        self.load_plan()

    @work(group="plan", exclusive=True)
    async def load_plan(self) -> None:
        """The payment plan of the highlighted order, on the Plan tab."""
        from crm_cli.store.sales import orders

        row = self.table("orders").current()
        if row is None:
            return
        app = cast(Crm, self.app)
        found = await app.attempt(orders.get_order, app.user, row["code"])
        if found is not None:
            self.show_plan(row["code"], found.plan)

    @property
    def tab(self) -> str:
        """The active tab's key ("records", "orders" …)."""
        return self.active.removeprefix("tab-")

    class RowAction(Message):
        """A key asked to ``verb`` ("edit", "delete", "win", "lose", a ticket step) the row of
        tab ``tab``; the screen runs the flow (a widget starts none itself)."""

        def __init__(self, verb: str, tab: str, row: Mapping[str, Any] | None) -> None:
            super().__init__()
            self.verb, self.tab, self.row = verb, tab, row

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "row" and parameters and parameters[0] in self.TICKET_STEPS:
            return self.tab == "services"
        return True

    def action_row(self, verb: str) -> None:
        self.post_message(self.RowAction(verb, self.tab, self.table(self.tab).current()))

    @on(DataTable.RowSelected)
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        """Enter edits a row (a contact, a record, a deal …)."""
        event.stop()
        self.action_row("edit")

    def latest(self, key: str) -> Mapping[str, Any] | None:
        """The highlighted row of a tab, else its first (newest) row."""
        table = self.table(key)
        return table.current() or (table.rows_shown[0] if table.rows_shown else None)


# Columns titled otherwise than by their name: an installment's open amount is its 余额.
TITLES = {"plan": {"open": N_("balance")}}


# The record panel beside the grid: these fields of the customer, those with a value.
PANEL = ("code", "name", "status", "owner", "level", "grade", "strategy", "phone", "email",
         "city", "address", "last_contact", "next_contact", "latest_progress", "total_ordered",
         "total_received", "balance_owed", "audited", "delegated_to")  # fmt: skip


def record_text(view: CustomerView | None) -> str:
    """The record panel's text for a customer view."""
    if view is None:
        return _("No customer selected.")
    data = view.customer.to_dict()
    data["status"] = customer_status(data.get("status"))
    lines = [f"{heading(key)}: {cell(data.get(key))}" for key in PANEL]
    return "\n".join(line for line in lines if not line.endswith(": "))
