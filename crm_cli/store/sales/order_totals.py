"""Derived money of orders and customers, recomputed with exact SQL sums (CUS-3, point 10).

MoneyField stores integer cents, so ``SUM`` is an exact integer on every backend; it is
turned back into Decimal through the field's own ``python_value``.

Which orders count for a customer's totals: approved ones (an approved order cannot be
deleted; a cancelled one has status ``cancelled``). Drafts, submitted and rejected
orders are proposals, not sales, so they move none of the customer's figures.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import peewee as pw

from crm_cli.store.customers import models as cm
from crm_cli.store.sales import models as sm
from crm_cli.store.sales import owners

ZERO = Decimal("0.00")
COUNTED = "approved"


def cents_sum(field: Any, query: Any) -> Decimal:
    """SUM of a MoneyField over ``query`` (a select's where clause applied) as Decimal."""
    raw = query.select(pw.fn.SUM(field)).scalar()
    return field.python_value(raw or 0) or ZERO


def refresh_order(order: sm.SalesOrder) -> None:
    """Recompute ``received`` and ``settled`` from the order's receipts; saves the row."""
    P = sm.Payment
    order.received = cents_sum(
        P.amount, P.select().where((P.order == order.id) & P.deleted_at.is_null())
    )
    order.settled = order.received >= order.total
    order.save()


def refresh_installment(inst: sm.Installment) -> None:
    P = sm.Payment
    inst.received = cents_sum(
        P.amount, P.select().where((P.installment == inst.id) & P.deleted_at.is_null())
    )
    inst.save()


def refresh_customer(customer_id: int, *, copies: bool = True) -> None:
    """Recompute the customer's last order, total ordered, received and balance owed;
    with ``copies``, the owner copies of its orders' installments and lines too. A receipt
    changes no order's status, kind or owner, so payments skip them: two UPDATEs that
    rewrote every installment and line of the customer's orders (issue 16: 11 ms of a
    payment's 25 under row-level security)."""
    Ord = sm.SalesOrder
    counted = Ord.select().where(
        (Ord.customer == customer_id) & (Ord.status == COUNTED) & Ord.deleted_at.is_null()
    )
    ordered = cents_sum(Ord.total, counted.clone())
    received = cents_sum(Ord.received, counted.clone())
    days = [
        row.signed or row.created_at.date()
        for row in counted.clone().select(Ord.signed, Ord.created_at)
    ]
    cm.Customer.update(
        last_order=max(days) if days else None,
        total_ordered=ordered,
        total_received=received,
        balance_owed=ordered - received,
    ).where(cm.Customer.id == customer_id).execute()
    # Every change to an order's status passes here: the digest's copies follow it.
    if copies:
        owners.follow_customers([customer_id])


def lock_order(order_id: int) -> sm.SalesOrder:
    """The order row, locked for the rest of the transaction on server databases.

    SQLite needs no row lock: a write transaction there holds the database lock from BEGIN.
    """
    from crm_cli.store.core.db import backend

    query = sm.SalesOrder.select().where(sm.SalesOrder.id == order_id)
    if backend() != "sqlite":
        query = query.for_update()
    return query.get()
