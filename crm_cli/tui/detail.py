"""The detail tabs of the highlighted customer (the 360 view, CUS-7).

Everything comes from `customers.customer_view` (its `related` dict) and the pool log;
a tab the store does not fill yet (services, evaluations) stays empty.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from textual.widgets import TabbedContent, TabPane

from crm_cli.store.records import CustomerView
from crm_cli.tui.widgets import RecordTable

# tab id -> (title, columns); the id is also the key in `related` where there is one.
TABS: dict[str, tuple[str, tuple[str, ...]]] = {
    "contacts": ("Contacts", ("code", "name", "title", "mobile", "work_phone", "email")),
    "records": (
        "Records",
        ("at", "method", "contact", "user", "summary", "result", "next_date", "next_status"),
    ),
    "opportunities": (
        "Deals",
        ("code", "product", "amount", "probability", "stage", "close_date", "status", "owner"),
    ),
    "quotes": ("Quotes", ("code", "date", "subject", "total", "valid_until", "audited", "order")),
    "orders": (
        "Orders",
        ("code", "status", "subject", "signed", "due", "total", "received", "balance"),
    ),
    "plan": ("Plan", ("order", "number", "due", "amount", "received", "open", "status")),
    "receipts": ("Payments", ("code", "order", "installment", "date", "amount", "method")),
    "log": ("Log", ("at", "actor", "entity", "action", "changes")),
    "pool": ("Pool", ("at", "action", "actor", "from_owner", "to_owner", "protect_until")),
    "services": ("Services", ("code", "date", "subject", "status")),
    "evaluations": ("Evaluations", ("code", "date", "subject", "score")),
}


class DetailTabs(TabbedContent):
    """One RecordTable per tab; `show` fills them all from a customer view."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        for key, (title, columns) in TABS.items():
            # TabbedContent collects its panes as composed children.
            self.compose_add_child(TabPane(title, RecordTable(columns, id=f"table-{key}"),
                                           id=f"tab-{key}"))  # fmt: skip

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
            if key in TABS:
                self.table(key).show(rows)

    def show_plan(self, order: str, plan: Sequence[Any]) -> None:
        self.table("plan").show({"order": order, **p.to_dict()} for p in plan)

    def latest(self, key: str) -> Mapping[str, Any] | None:
        """The highlighted row of a tab, else its first (newest) row."""
        table = self.table(key)
        return table.current() or (table.rows_shown[0] if table.rows_shown else None)
