"""Digest kinds about money: installments, receivables and annual service fees.

All three start from the orders the user owns (the owner index) and keep only approved
ones: a draft or rejected order owes nothing yet, a cancelled one owes nothing at all.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from crm_cli.store.customers import models as cm
from crm_cli.store.overview.digest_items import (
    DigestItem,
    Window,
    customer_columns,
    item,
    live_once,
    money,
    who,
)
from crm_cli.store.sales import models as sm

APPROVED = "approved"
FEE_WINDOW_DAYS = 30  # annual fees are announced a month ahead whatever --days says


def _mine(w: Window) -> object:
    Ord = sm.SalesOrder
    return (Ord.owner == w.user.id) & (Ord.status == APPROVED) & Ord.deleted_at.is_null()


def installments(w: Window) -> list[DigestItem]:
    """Installments of the user's approved orders due by the window's end, not fully paid."""
    Ins, Ord, C = sm.Installment, sm.SalesOrder, cm.Customer
    query = (
        Ins.select(
            Ins.id,
            Ins.number,
            Ins.due,
            Ins.amount,
            Ins.received,
            Ord.code.alias("order_code"),
            *customer_columns(),
        )
        .join(Ord, on=(Ins.order == Ord.id))
        .join(C, on=(Ord.customer == C.id))
        .where(_mine(w) & (Ins.due <= w.until) & (Ins.received < Ins.amount))
        .order_by(Ins.due, Ord.code, Ins.number)
    )
    found = []
    for row in live_once(query.namedtuples()):
        left = row.amount - row.received
        code = row.order_code
        text = f"{code} installment {row.number}: {money(left)} of {money(row.amount)} open"
        found.append(item(w, row.due, text, f"{code}/{row.number}", who(row), left))
    return found


def receivables(w: Window) -> list[DigestItem]:
    """Approved, unsettled orders without a plan whose receivable date is by the window's end."""
    Ord, C = sm.SalesOrder, cm.Customer
    # No condition on `settled`: the (settled, due) index would walk every user's orders.
    query = (
        Ord.select(
            Ord.id, Ord.code, Ord.due, Ord.total, Ord.received, Ord.settled, *customer_columns()
        )
        .join(C, on=(Ord.customer == C.id))
        .where(_mine(w) & Ord.due.is_null(False) & (Ord.due <= w.until))
    )
    rows = [r for r in live_once(query.namedtuples()) if not r.settled and r.received < r.total]
    planned = _with_plan([r.id for r in rows])
    found = []
    for row in sorted(rows, key=lambda r: (r.due, r.code)):
        if row.id in planned:
            continue
        left = row.total - row.received
        text = f"{row.code} receivable: {money(left)} of {money(row.total)} owed"
        found.append(item(w, row.due, text, row.code, who(row), left))
    return found


def _with_plan(order_ids: list[int]) -> set[int]:
    if not order_ids:
        return set()
    Ins = sm.Installment
    query: Any = Ins.select(Ins.order).where(Ins.order.in_(order_ids)).distinct()
    return {order_id for (order_id,) in query.tuples()}


def service_fees(w: Window) -> list[DigestItem]:
    """Annual service fees of the user's approved orders whose service ends within a month
    (or ended less than a month ago and was not renewed)."""
    L, Ord, P, C = sm.OrderLine, sm.SalesOrder, sm.Product, cm.Customer
    span = dt.timedelta(days=FEE_WINDOW_DAYS)
    query = (
        L.select(
            L.id,
            L.annual_fee,
            L.service_end,
            Ord.code.alias("order_code"),
            P.code.alias("product_code"),
            P.name.alias("product_name"),
            *customer_columns(),
        )
        .join(Ord, on=(L.order == Ord.id))
        .join(C, on=(Ord.customer == C.id))
        .switch(L)
        .join(P, on=(L.product == P.id))
        # A renewal's fee order repeats the end date it set on the sale's line: count it once.
        .where(_mine(w) & (Ord.kind != "service_fee") & L.annual_fee.is_null(False))
        .where((L.service_end >= w.today - span) & (L.service_end <= w.today + span))
        .order_by(L.service_end, Ord.code, L.position)
    )
    found = []
    for row in live_once(query.namedtuples()):
        end = row.service_end
        verb = "ended" if end < w.today else "ends"
        text = (
            f"{row.product_name} ({row.product_code}) service {verb} {end}: "
            f"annual fee {money(row.annual_fee)}, {row.order_code}"
        )
        found.append(item(w, end, text, row.order_code, who(row), row.annual_fee))
    return found
