"""The reference figures (参考数据) of a work report, counted from the data for the writer
and the period, and their frozen JSON form.

What counts, and why: work the writer did is found by who recorded it (contact records by
their user; customers, opportunities and quotes by ``created_by``, so that customers an
admin imported and assigned do not count as the writer's new ones); outcomes are found by
whose they are (opportunities won and orders approved by their owner, receipts by the
owner of the order paid, tickets resolved by their assignee). Deleted records do not
count. Each figure is one indexed COUNT or SUM, whatever the size of the database.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import peewee as pw

from crm_cli.store.activity import models as am
from crm_cli.store.core.models import CENT
from crm_cli.store.customers import models as cm
from crm_cli.store.sales import models as sm
from crm_cli.store.service import models as vm
from crm_cli.store.workreports.periods import Period
from crm_cli.store.workreports.records import Figures

MONEY = ("orders_amount", "receipts_amount")


def _count(model: Any, who: Any, when: Any, bounds: tuple[Any, Any], *extra: Any) -> int:
    """Live rows of ``model`` whose ``who`` is the writer and ``when`` within ``bounds``
    (from, up to but not including), ``extra`` conditions too."""
    cond = who & (when >= bounds[0]) & (when < bounds[1]) & model.deleted_at.is_null()
    for more in extra:
        cond &= more
    return int(model.select().where(cond).count())


def _cents(value: Any) -> Decimal:
    """A SUM of cents as money (an int on SQLite, a Decimal on the servers)."""
    return (Decimal(int(value or 0)) / 100).quantize(CENT)


def _count_and_sum(query: Any, column: Any) -> tuple[int, Decimal]:
    count, total = query.select(pw.fn.COUNT(1), pw.fn.SUM(column)).tuples().get()
    return int(count or 0), _cents(total)


def _money(author_id: int, first: dt.date, last: dt.date) -> tuple[int, Decimal, int, Decimal]:
    """Orders approved in the period and their total; receipts on the writer's orders."""
    S, P = sm.SalesOrder, sm.Payment
    start = dt.datetime.combine(first, dt.time())
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time())
    orders = S.select().where(
        (S.owner == author_id) & (S.status == "approved") & (S.decided_at >= start)
        & (S.decided_at < end) & S.deleted_at.is_null()
    )  # fmt: skip
    paid = (
        P.select()
        .join(S, on=(P.order == S.id))
        .where((S.owner == author_id) & (P.paid_on >= first) & (P.paid_on <= last)
               & P.deleted_at.is_null())
    )  # fmt: skip
    return (*_count_and_sum(orders, S.total), *_count_and_sum(paid, P.amount))


def collect(author_id: int, period: Period) -> Figures:
    """The figures of ``author_id`` for ``period``, counted now."""
    first, last = period.starts_on, period.ends_on
    days = (first, last + dt.timedelta(days=1))
    times = (dt.datetime.combine(days[0], dt.time()), dt.datetime.combine(days[1], dt.time()))
    A, C, Opp, Q, T = am.Activity, cm.Customer, sm.Opportunity, sm.Quote, vm.Ticket
    orders, amount, receipts, received = _money(author_id, first, last)
    return Figures(
        contacts=_count(A, A.user == author_id, A.started_at, times),
        customers_added=_count(C, C.created_by == author_id, C.created_at, times),
        opportunities_opened=_count(Opp, Opp.created_by == author_id, Opp.created_at, times),
        opportunities_won=_count(
            Opp, Opp.owner == author_id, Opp.closed_on, days, Opp.status == "won"
        ),
        quotes=_count(Q, Q.created_by == author_id, Q.created_at, times),
        orders_approved=orders,
        orders_amount=amount,
        receipts=receipts,
        receipts_amount=received,
        tickets_resolved=_count(T, T.assignee == author_id, T.resolved_at, times),
    )


def dumps(figures: Figures) -> str:
    """The frozen form: JSON with money as exact text."""
    plain = {k: str(v) if isinstance(v, Decimal) else v for k, v in figures._asdict().items()}
    return json.dumps(plain, sort_keys=True)


def loads(text: str) -> Figures:
    """Figures frozen by ``dumps``; a figure missing from older JSON reads as zero."""
    data = json.loads(text or "{}")
    values: dict[str, Any] = {
        name: Decimal(str(data.get(name, "0"))).quantize(CENT)
        if name in MONEY
        else int(data.get(name, 0))
        for name in Figures._fields
    }
    return Figures(**values)
