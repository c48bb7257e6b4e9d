"""Digest kinds about money: installments, receivables and annual service fees.

Each starts from the user's due rows (the order's owner is copied onto its installments and
lines) and keeps only approved orders: a draft or rejected order owes nothing yet, a
cancelled one owes nothing at all.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import peewee as pw

from crm_cli.store.core.errors import Phrase
from crm_cli.store.customers import models as cm
from crm_cli.store.overview.digest_items import (
    Found,
    Window,
    customer_columns,
    first,
    item,
    live,
    money,
    who,
)
from crm_cli.store.sales import models as sm

APPROVED = "approved"
FEE_WINDOW_DAYS = 30  # annual fees are announced a month ahead whatever --days says


def _approved() -> Any:
    Ord = sm.SalesOrder
    return (Ord.status == APPROVED) & Ord.deleted_at.is_null() & live()


def installments(w: Window) -> Found:
    """Installments of the user's approved orders due by the window's end, not fully paid:
    through the partial index on unpaid installments, (owner_id, due). The owner's copy is
    set only on installments the digest counts (`sales.owners`), so the index alone counts
    them: a big book pays for the first few rows, not a join per due installment."""
    Ins, Ord, C = sm.Installment, sm.SalesOrder, cm.Customer
    due = (Ins.owner_id == w.user.id) & (Ins.due <= w.until) & (Ins.received < Ins.amount)
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
        # The same terms as the partial index (migration 0005), so SQLite may use it.
        .where(due & _approved())
    )
    found = []
    for row in first(w, query.order_by(Ins.due, Ins.id)).namedtuples():
        left = row.amount - row.received
        code = row.order_code
        text = Phrase(
            "{code} installment {number}: {left} of {total} open",
            code=code, number=row.number, left=money(left), total=money(row.amount),
        )  # fmt: skip
        found.append(item(w, row.due, text, f"{code}/{row.number}", who(row), left))
    return Found(found, Ins.select(Ins.id).where(due).count())


def receivables(w: Window) -> Found:
    """Approved, unsettled orders without a plan whose receivable date is by the window's
    end, through (owner_id, settled, due)."""
    Ord, C, Ins = sm.SalesOrder, cm.Customer, sm.Installment
    planned = Ins.select(Ins.id).where(Ins.order == Ord.id)
    query = (
        Ord.select(Ord.id, Ord.code, Ord.due, Ord.total, Ord.received, *customer_columns())
        .join(C, on=(Ord.customer == C.id))
        .where((Ord.owner == w.user.id) & (Ord.settled == False) & (Ord.due <= w.until))  # noqa: E712
        .where(_approved() & (Ord.received < Ord.total) & ~pw.fn.EXISTS(planned))
    )
    found = []
    for row in first(w, query.order_by(Ord.due, Ord.id)).namedtuples():
        left = row.total - row.received
        text = Phrase(
            "{code} receivable: {left} of {total} owed",
            code=row.code, left=money(left), total=money(row.total),
        )  # fmt: skip
        found.append(item(w, row.due, text, row.code, who(row), left))
    return Found(found, query.count())


def service_fees(w: Window) -> Found:
    """Annual service fees of the user's approved orders whose service ends within a month
    (or ended less than a month ago and was not renewed), through (owner_id, service_end)
    over lines with a fee; counted through that index alone, as installments are."""
    L, Ord, P, C = sm.OrderLine, sm.SalesOrder, sm.Product, cm.Customer
    span = dt.timedelta(days=FEE_WINDOW_DAYS)
    due = (L.owner_id == w.user.id) & L.annual_fee.is_null(False)
    due &= (L.service_end >= w.today - span) & (L.service_end <= w.today + span)
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
        .where(due & _approved() & (Ord.kind != "service_fee"))
    )
    found = []
    for row in first(w, query.order_by(L.service_end, L.id)).namedtuples():
        end = row.service_end
        found.append(item(w, end, _fee_text(row, w.today), row.order_code, who(row),
                          row.annual_fee))  # fmt: skip
    return Found(found, L.select(L.id).where(due).count())


def _fee_text(row: Any, today: dt.date) -> Phrase:
    """A fee's item: one template for a service that ended, one for one that ends."""
    params = {
        "product": row.product_name, "product_code": row.product_code, "end": row.service_end,
        "fee": money(row.annual_fee), "order": row.order_code,
    }  # fmt: skip
    if row.service_end < today:
        return Phrase("{product} ({product_code}) service ended {end}: annual fee {fee}, {order}",
                      **params)  # fmt: skip
    return Phrase("{product} ({product_code}) service ends {end}: annual fee {fee}, {order}",
                  **params)  # fmt: skip
