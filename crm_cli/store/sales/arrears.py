"""What is owed and what is overdue (PAY-2), as SQL conditions on orders: the one rule
the receivables list, the customers' balances and the query language's ``+owed`` and
``+overdue`` (``order_terms``, ``receivable_terms``) share."""

from __future__ import annotations

import datetime as dt
from typing import Any

import peewee as pw

from crm_cli.store.sales import models as sm

Ord, Inst = sm.SalesOrder, sm.Installment


def owed_condition() -> Any:
    """An order still owed: approved, not settled, less received than its total."""
    return (Ord.status == "approved") & (Ord.settled == False) & (Ord.received < Ord.total)  # noqa: E712


def overdue_condition(today: dt.date) -> Any:
    """In SQL, what ``receivables._items`` finds late: an open installment due before ``today``, or,
    for an order with no open installment, its receivable date before ``today``."""
    still_open = (Inst.order == Ord.id) & (Inst.received < Inst.amount)
    late = Inst.select(Inst.id).where(still_open & (Inst.due < today))
    planned = Inst.select(Inst.id).where(still_open)
    # "due is not null" keeps the condition from being NULL, so its negation (the -overdue
    # of the query language) is exactly the rest.
    no_plan_late = ~pw.fn.EXISTS(planned) & Ord.due.is_null(False) & (Ord.due < today)
    return pw.fn.EXISTS(late) | no_plan_late
