"""Writing drawn demo sales records (``bundle.Bundle``) in bulk: one statement per table
and chunk, ids read back by code or in write order, one log entry per record, and the
customers' derived fields set with one batched UPDATE.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from crm_cli.store.activity import models as am
from crm_cli.store.core import models as m
from crm_cli.store.core.bulk import DRIVER_ERRORS, insert_rows
from crm_cli.store.core.codes import next_codes
from crm_cli.store.core.db import backend, db_proxy
from crm_cli.store.customers import models as cm
from crm_cli.store.customers.fields import DERIVED
from crm_cli.store.demo.bulk import LOG_JSON, BulkTable, code_ranges
from crm_cli.store.demo.bundle import Bundle, DemoOrder, Row
from crm_cli.store.demo.catalog import REMINDERS
from crm_cli.store.demo.deals import Drawer
from crm_cli.store.demo.team import TEAM
from crm_cli.store.sales import models as sm

TEAM_REMINDERS = 2  # personal to-dos per demo user
MONEY = ("total_ordered", "total_received", "balance_owed")
# What a customer without records has: also the value of every field a bundle leaves out.
EMPTY: Row = {
    "last_contact": None,
    "next_contact": None,
    "latest_progress": "",
    "last_order": None,
    **dict.fromkeys(MONEY, Decimal(0)),
}


def log_json(changes: Row) -> str:
    """A log entry's changes without the empty ones."""
    return LOG_JSON.encode({k: v for k, v in changes.items() if v not in ("", None)})


class _Rows:
    """A ``BulkTable`` for a sales model, turning money and quantities into stored integers."""

    def __init__(self, model: type[m.BaseModel]) -> None:
        self.table = BulkTable(model)
        self.model = model
        fields = model._meta.fields
        self.scaled = {
            n: f for n, f in fields.items() if isinstance(f, m.MoneyField | sm.ScaledField)
        }

    def write(self, rows: list[Row]) -> None:
        tails = []
        for row in rows:
            values = dict(row)
            for name, spec in self.scaled.items():
                if name in values:
                    values[name] = spec.db_value(values[name])
            tails.append(self.table.tail(values))
        insert_rows(self.table.name, self.table.columns, tails)


def _ids_by_code(model: Any, codes: list[str]) -> list[int]:
    """Ids of rows just written with these codes, drawn as one block of a sequence."""
    if not codes:
        return []
    found = dict(model.select(model.code, model.id).where(code_ranges(model.code, codes)).tuples())
    return [found[code] for code in codes]


def _ids_in_order(model: Any, parent: Any, parent_ids: list[int], expected: int) -> list[int]:
    """Ids of rows just written for these (new) parents, in the order they were written.

    The parents are new, so every row they have is one just written; read by id range.
    """
    if not expected:
        return []
    wanted = set(parent_ids)
    query = model.select(model.id, parent).where(parent.between(min(wanted), max(wanted)))
    ids = [row_id for row_id, owner in query.order_by(model.id).tuples() if owner in wanted]
    if len(ids) != expected:
        raise RuntimeError(f"demo: expected {expected} new {model.__name__} rows, read {len(ids)}")
    return ids


class Writer:
    """Writes bundles chunk by chunk and counts what it wrote."""

    def __init__(self) -> None:
        models: tuple[Any, ...] = (*am.ACTIVITY_MODELS, *sm.SALES_MODELS)
        self.rows = {model: _Rows(model) for model in models}
        self.log = BulkTable(m.OpLog)
        self.counts = [0] * 6  # activities, reminders, opportunities, quotes, orders, payments
        self._entries: list[tuple[Any, ...]] = []

    def write(self, bundles: list[Bundle]) -> None:
        ids = [b.customer.id for b in bundles]
        self._activities(bundles, ids)
        self._reminders(bundles, ids)
        self._opportunities(bundles)
        quote_ids = self._quotes(bundles)
        self._orders(bundles, quote_ids)
        insert_rows(self.log.name, self.log.columns, self._entries)
        self._entries = []
        _update_customers(bundles)

    def _entry(self, row: Row, actor: Any, entity: str, entity_id: int, changes: Row) -> None:
        at = row["created_at"]
        values = {
            "at": at,
            "actor": actor,
            "entity": entity,
            "entity_id": entity_id,
            "customer_id": row["customer"],
            "action": "add",
            "changes": log_json(changes),
        }
        self._entries.append(self.log.tail(values))

    def _activities(self, bundles: list[Bundle], ids: list[int]) -> None:
        rows = [a for b in bundles for a in b.activities]
        self.rows[am.Activity].write(rows)
        written = _ids_in_order(am.Activity, am.Activity.customer, ids, len(rows))
        for row, new_id in zip(rows, written, strict=True):
            changes = {
                k: row.get(k)
                for k in ("method", "purpose", "summary", "result", "next_date", "next_note")
            }
            self._entry(row, row["user"], "activity", new_id, changes)
        self.counts[0] += len(rows)

    def _reminders(self, bundles: list[Bundle], ids: list[int]) -> None:
        rows = [r for b in bundles for r in b.reminders]
        self.rows[am.Reminder].write(rows)
        written = _ids_in_order(am.Reminder, am.Reminder.customer, ids, len(rows))
        for row, new_id in zip(rows, written, strict=True):
            changes = {"text": row["text"], "due_at": row["due_at"]}
            self._entry(row, row["user"], "reminder", new_id, changes)
        self.counts[1] += len(rows)

    def team_reminders(self, drawer: Drawer) -> None:
        """A few personal to-dos (no customer) for each active demo user."""
        U = m.User
        people = U.select(U.id).where(U.login.in_([t[0] for t in TEAM]) & (U.active == True))  # noqa: E712
        rows = [
            drawer.reminder(u.id, None, drawer.rng.choice(REMINDERS))
            for u in people.order_by(U.id)
            for _ in range(TEAM_REMINDERS)
        ]
        self.rows[am.Reminder].write(rows)
        self.counts[1] += len(rows)

    def _opportunities(self, bundles: list[Bundle]) -> None:
        rows = [o for b in bundles for o in b.opportunities]
        codes = next_codes("opportunity", "code.opportunity_prefix", len(rows))
        for row, code in zip(rows, codes, strict=True):
            row["code"] = code
        self.rows[sm.Opportunity].write(rows)
        for row, new_id in zip(rows, _ids_by_code(sm.Opportunity, codes), strict=True):
            changes = {
                k: row.get(k)
                for k in ("code", "amount", "probability", "product", "stage", "status")
            }
            self._entry(row, row["owner"], "opportunity", new_id, changes)
        self.counts[2] += len(rows)

    def _quotes(self, bundles: list[Bundle]) -> list[list[int]]:
        """Write the quotes with their lines; each bundle's quote ids, in order."""
        pairs = [q for b in bundles for q in b.quotes]
        codes = next_codes("quote", "code.quote_prefix", len(pairs))
        for (row, _), code in zip(pairs, codes, strict=True):
            row["code"] = code
        self.rows[sm.Quote].write([row for row, _ in pairs])
        written = _ids_by_code(sm.Quote, codes)
        lines = []
        for (row, quote_lines), new_id in zip(pairs, written, strict=True):
            lines += [{**line, "quote": new_id} for line in quote_lines]
            changes = {
                "code": row["code"],
                "subject": row["subject"],
                "total": row["total"],
                "lines": len(quote_lines),
            }
            self._entry(row, row["created_by"], "quote", new_id, changes)
        self.rows[sm.QuoteLine].write(lines)
        self.counts[3] += len(pairs)
        found, at = [], 0
        for b in bundles:
            found.append(written[at : at + len(b.quotes)])
            at += len(b.quotes)
        return found

    def _orders(self, bundles: list[Bundle], quote_ids: list[list[int]]) -> None:
        orders: list[DemoOrder] = []
        for b, quotes in zip(bundles, quote_ids, strict=True):
            for order in b.orders:
                order.row["quote"] = quotes[order.quote] if order.quote is not None else None
                orders.append(order)
        codes = next_codes("order", "code.order_prefix", len(orders))
        for order, code in zip(orders, codes, strict=True):
            order.row["code"] = code
        self.rows[sm.SalesOrder].write([o.row for o in orders])
        written = _ids_by_code(sm.SalesOrder, codes)
        lines, plans = [], []
        for order, new_id in zip(orders, written, strict=True):
            lines += [{**line, "order": new_id} for line in order.lines]
            plans += [{**inst, "order": new_id} for inst in order.installments]
            changes = {k: order.row.get(k) for k in ("code", "status", "total", "signed", "due")}
            self._entry(order.row, order.row["owner"], "order", new_id, changes)
        self.rows[sm.OrderLine].write(lines)
        self.rows[sm.Installment].write(plans)
        installments = _ids_in_order(sm.Installment, sm.Installment.order, written, len(plans))
        self._payments(orders, written, installments)
        self.counts[4] += len(orders)

    def _payments(self, orders: list[DemoOrder], ids: list[int], plans: list[int]) -> None:
        rows, at = [], 0
        for order, order_id in zip(orders, ids, strict=True):
            for payment, number in order.payments:
                inst = plans[at + number] if number is not None else None
                rows.append(
                    {
                        **payment,
                        "order": order_id,
                        "installment": inst,
                        "customer": order.row["customer"],
                        "order_code": order.row["code"],
                    }
                )
            at += len(order.installments)
        codes = next_codes("payment", "code.payment_prefix", len(rows))
        for row, code in zip(rows, codes, strict=True):
            row["code"] = code
        self.rows[sm.Payment].write(rows)
        for row, new_id in zip(rows, _ids_by_code(sm.Payment, codes), strict=True):
            changes = {
                "code": row["code"],
                "order": row["order_code"],
                "amount": row["amount"],
                "paid_on": row["paid_on"],
                "method": row["method"],
            }
            self._entry(row, row["user"], "payment", new_id, changes)
        self.counts[5] += len(rows)


def _update_customers(bundles: list[Bundle]) -> None:
    """Set the derived fields (CUS-3) the drawn records imply, and the birthdays drawn."""
    money = cm.Customer.total_ordered
    rows = []
    for b in bundles:
        derived = b.derived()
        if not derived:
            continue
        values = {**EMPTY, **derived}
        cells = [money.db_value(values[k]) if k in MONEY else _date(values[k]) for k in DERIVED]
        rows.append((*cells, b.customer.id))
    sets = ", ".join(f"{name} = %s" for name in DERIVED)
    _update(f"UPDATE customer SET {sets} WHERE id = %s", rows)
    birthdays = [(_date(b.birthday[1]), b.birthday[0]) for b in bundles if b.birthday]
    _update("UPDATE contact SET birthday = %s WHERE id = %s", birthdays)


def _update(sql: str, rows: list[tuple[Any, ...]]) -> None:
    """One parameterised UPDATE per row, batched through the driver (``%s`` marks)."""
    if not rows:
        return
    database = db_proxy.obj
    with DRIVER_ERRORS:
        if backend() == "sqlite":
            database.connection().executemany(sql.replace("%s", "?"), rows)
        elif backend() == "postgres":
            from psycopg2.extras import execute_batch

            with database.cursor() as cursor:
                execute_batch(cursor, sql, rows, page_size=1000)
        else:
            with database.cursor() as cursor:
                cursor.executemany(sql, rows)


def _date(value: Any) -> Any:
    return str(value) if isinstance(value, dt.date) else value
