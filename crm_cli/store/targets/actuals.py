"""What people did in a period, per person, in one aggregate query per metric.

What counts (and why):
- ``orders``: the total of orders approved in the period (by the day of approval, not the
  signing date: approval is when an order becomes a sale here, it is set on every
  approved order, and an order signed in one month but approved in the next cannot
  change a month already reported), by the order's owner; a cancelled or deleted order
  does not count.
- ``receipts``: payments received in the period (their payment date) on the person's
  orders; receipts an undone import removed do not count.
- ``new_customers``: live customers the person owns now, registered in the period.
- ``contacts``: live contact records the person logged, started in the period.
- the pipeline (``orders`` only): the person's open opportunities with a close date in
  the period, amount × probability / 100, rounded to the cent. The store keeps no history
  of opportunities, so it is the pipeline as it stands, whatever the day asked about.

Each query is a SUM or COUNT grouped by person, over an index on (person, date) of
migration 0013, so a department costs what its rows in the period cost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import peewee as pw

from crm_cli.store.activity import models as am
from crm_cli.store.core.models import CENT
from crm_cli.store.customers import models as cm
from crm_cli.store.sales import models as sm

ZERO = Decimal(0)


def _start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time())


def _query(metric: str, owners: list[int], first: dt.date, last: dt.date) -> Any:
    """(person id, SUM of cents or COUNT) of ``metric`` from ``first`` to ``last``."""
    start, end = _start(first), _start(last + dt.timedelta(days=1))
    S, P, C, A = sm.SalesOrder, sm.Payment, cm.Customer, am.Activity
    if metric == "orders":
        return S.select(S.owner, pw.fn.SUM(S.total).coerce(False)).where(
            S.owner.in_(owners) & (S.decided_at >= start) & (S.decided_at < end)
            & (S.status == "approved") & S.deleted_at.is_null()
        ).group_by(S.owner)  # fmt: skip
    if metric == "receipts":
        return P.select(S.owner, pw.fn.SUM(P.amount).coerce(False)).join(
            S, on=(P.order == S.id)
        ).where(
            S.owner.in_(owners) & (P.paid_on >= first) & (P.paid_on <= last)
            & P.deleted_at.is_null()
        ).group_by(S.owner)  # fmt: skip
    if metric == "new_customers":
        return C.select(C.owner, pw.fn.COUNT(C.id)).where(
            C.owner.in_(owners) & (C.registered >= first) & (C.registered <= last)
            & C.deleted_at.is_null()
        ).group_by(C.owner)  # fmt: skip
    return A.select(A.user, pw.fn.COUNT(A.id)).where(
        A.user.in_(owners) & (A.started_at >= start) & (A.started_at < end)
        & A.deleted_at.is_null()
    ).group_by(A.user)  # fmt: skip


def _cents(value: Any) -> Decimal:
    """A SUM of cents as money: an int on SQLite, a Decimal on the servers."""
    return (Decimal(value or 0) / 100).quantize(CENT)


def actuals(
    metric: str, owners: Iterable[int], first: dt.date, last: dt.date
) -> dict[int, Decimal]:
    """Each person's figure of ``metric`` from ``first`` to ``last`` (inclusive); people
    with nothing are absent. Money as Decimal, counts as whole Decimals."""
    wanted = sorted(set(owners))
    if not wanted or last < first:
        return {}
    money = metric in ("orders", "receipts")
    rows = _query(metric, wanted, first, last).tuples()
    return {int(who): _cents(v) if money else Decimal(int(v)) for who, v in rows if who}


def pipelines(owners: Iterable[int], first: dt.date, last: dt.date) -> dict[int, Decimal]:
    """Each person's open opportunities closing from ``first`` to ``last``, weighted."""
    wanted = sorted(set(owners))
    if not wanted:
        return {}
    Opp = sm.Opportunity
    # cents × percent summed as integers in SQL: exact, then one rounding per person.
    weighted = pw.fn.SUM(Opp.amount * Opp.probability).coerce(False)
    live = (Opp.status == "open") & Opp.deleted_at.is_null()
    closing = (Opp.close_date >= first) & (Opp.close_date <= last)
    query = Opp.select(Opp.owner, weighted).where(Opp.owner.in_(wanted) & closing & live)
    rows: Any = query.group_by(Opp.owner).tuples()
    step = Decimal(10000)
    return {
        int(who): (Decimal(v or 0) / step).quantize(CENT, ROUND_HALF_UP) for who, v in rows if who
    }
