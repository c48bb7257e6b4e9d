"""The order's owner copied onto its installments and lines (migrations 0005, 0013), so
`crm today` finds AND counts a user's unpaid installments and ending service fees through
an index on the owner alone, without reading an order or a customer per item.

A copy is therefore set only where the digest counts the row: the order is approved and
not deleted, its customer is live, and (for lines) it is not a renewal's fee order, whose
line repeats the end date of the sale's line; NULL everywhere else. Every change that can
move a row in or out is followed in the same transaction: an order's status (through
``order_totals.refresh_customer``, which every order and payment change calls), a new plan
(``sync_orders``), a customer's trash and restore (``follow_customers``, added to
``customers.owners.followers`` by sales/wiring.py). ``fill_missing`` completes the rows a
bulk writer (the demo) made without the copies.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import peewee as pw

from crm_cli.store.customers import models as cm
from crm_cli.store.sales import models as sm

RENEWAL_KIND = "service_fee"


def counted(model: Any) -> pw.Expression:
    """Whether the digest counts a row of ``model`` (its order and customer joined)."""
    Ord, C = sm.SalesOrder, cm.Customer
    rule = (Ord.status == "approved") & Ord.deleted_at.is_null() & C.deleted_at.is_null()
    return rule & (Ord.kind != RENEWAL_KIND) if model is sm.OrderLine else rule


def _counted_owner(model: Any) -> Any:
    """The owner of ``model``'s order when the digest counts the row, else NULL."""
    Ord, C = sm.SalesOrder, cm.Customer
    return (
        Ord.select(Ord.owner)
        .join(C, on=(Ord.customer == C.id))
        .where((Ord.id == model.order) & counted(model))
    )


def _sync(where: Any) -> None:
    for model in (sm.Installment, sm.OrderLine):
        model.update(owner_id=_counted_owner(model)).where(where(model)).execute()


def sync_orders(order_ids: Iterable[int]) -> None:
    """The copies on these orders' installments and lines, as the rule says."""
    ids = list(order_ids)
    if ids:
        _sync(lambda model: model.order.in_(ids))


def follow_customers(customer_ids: Iterable[int] | Any) -> None:
    """The copies on the orders of these customers (ids, or a query selecting ids)."""
    Ord = sm.SalesOrder
    ids = customer_ids if hasattr(customer_ids, "sql") else list(customer_ids)
    orders = Ord.select(Ord.id).where(Ord.customer.in_(ids))
    _sync(lambda model: model.order.in_(orders))


def fill_missing() -> None:
    """Rows without a copy get theirs: the bulk writers leave every copy NULL."""
    _sync(lambda model: model.owner_id.is_null())
