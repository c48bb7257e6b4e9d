"""The receivables as a ledger (issue 18, point 5, `crm receivable export`): every
approved order as money a customer came to owe, every receipt as money paid, dated, so
that a plain-text accounting tool sums them to what `crm receivable list` says is owed.

The same rules as ``receivables``: an order counts when it is approved and not deleted
(an import's undo deletes one), a receipt when it is live and its order counts; the
customer visibility rule decides whose. A customer in the trash stays in both, as its
orders stay in `receivable list`: the money is owed all the same. Settled orders are
kept: they owed money once, and their receipts cancel it, so a ledger as of an earlier
day shows what was open then.

An order is dated as the customer's last order is (``order_totals.refresh_customer``):
its signing date, else the day it was written; a receipt by the day it was paid. Only
entries dated on or before the as-of day are read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, NamedTuple

import peewee as pw

from crm_cli.store.core.db import reading
from crm_cli.store.core.listing import ALL, merged, streaming
from crm_cli.store.core.records import User
from crm_cli.store.customers import access
from crm_cli.store.customers import models as cm
from crm_cli.store.sales import models as sm

Ord, Pay, C = sm.SalesOrder, sm.Payment, cm.Customer
ORDER, RECEIPT = "order", "receipt"
_WHO = (C.code, C.name, C.deleted_at)  # the customer columns each entry carries


class LedgerEntry(NamedTuple):
    """One dated movement on a customer's receivable: an order (owed) or a receipt (paid)."""

    day: dt.date
    kind: str  # ORDER or RECEIPT
    code: str  # the order's or the receipt's own code
    order: str  # the order it belongs to (an order's own code again)
    customer: str
    customer_name: str
    amount: Decimal  # always positive: the kind says which way it moves
    subject: str  # an order's subject; a receipt's note
    method: str  # how a receipt was paid; "" for an order
    customer_trashed: bool

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


def counted() -> pw.Expression:
    """The orders whose money is owed: approved and not deleted, as in ``receivables``."""
    return (Ord.status == "approved") & Ord.deleted_at.is_null()


def _orders(actor: User, as_of: dt.date) -> Any:
    # An unsigned order's day is its creation time: COALESCE(date, datetime) compares and
    # sorts right on every backend (SQLite's text included) against the next day's start.
    day = pw.fn.COALESCE(Ord.signed, Ord.created_at)
    query = (
        Ord.select(Ord.id, Ord.code, Ord.signed, Ord.created_at, Ord.total, Ord.subject, *_WHO)
        .join(C, on=(Ord.customer == C.id))
        .where(counted() & (day < as_of + dt.timedelta(days=1)))
    )
    return access.restrict(query, actor, as_of).order_by(day, Ord.id)


def _receipts(actor: User, as_of: dt.date) -> Any:
    query = (
        Pay.select(Pay.id, Pay.code, Pay.amount, Pay.paid_on, Pay.method, Pay.note, Ord.code, *_WHO)
        .join(Ord, on=(Pay.order == Ord.id))
        .join(C, on=(Ord.customer == C.id))
        .where(counted() & Pay.deleted_at.is_null() & (Pay.paid_on <= as_of))
    )
    return access.restrict(query, actor, as_of).order_by(Pay.paid_on, Pay.id)


def _day(row: Any) -> dt.date:
    if isinstance(row, Pay):
        return row.paid_on
    return row.signed or row.created_at.date()


def _key(row: Any) -> tuple[dt.date, int]:
    # Orders before receipts on the same day: a receivable is never paid before it exists.
    return _day(row), 1 if isinstance(row, Pay) else 0


def _entry(row: Any) -> LedgerEntry:
    if isinstance(row, Pay):
        customer = row.order.customer
        return LedgerEntry(
            day=row.paid_on, kind=RECEIPT, code=row.code, order=row.order.code,
            customer=customer.code, customer_name=customer.name, amount=row.amount,
            subject=row.note, method=row.method,
            customer_trashed=customer.deleted_at is not None,
        )  # fmt: skip
    return LedgerEntry(
        day=_day(row), kind=ORDER, code=row.code, order=row.code, customer=row.customer.code,
        customer_name=row.customer.name, amount=row.total, subject=row.subject, method="",
        customer_trashed=row.customer.deleted_at is not None,
    )  # fmt: skip


@streaming
def iter_ledger(actor: User, *, as_of: dt.date) -> Iterator[LedgerEntry]:
    """The orders and receipts the actor may see, dated up to ``as_of``, oldest first,
    read from the database as the caller iterates.

    Per customer, orders minus receipts is what `crm receivable list` shows as owed when
    nothing was paid after ``as_of``.
    """
    for row in merged([_orders(actor, as_of), _receipts(actor, as_of)], _key, ALL):
        yield _entry(row)


@reading
def ledger_entries(actor: User, *, as_of: dt.date) -> list[LedgerEntry]:
    """``iter_ledger`` as a list."""
    return list(iter_ledger(actor, as_of=as_of))
