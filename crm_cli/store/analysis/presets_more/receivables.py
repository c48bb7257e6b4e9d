"""Money owed (应收账款分析), as of a day: its aging and who owes it.

What is owed is what `crm receivable list` shows: the open part of each approved, live,
unsettled order of a live customer, item by item: each open installment of its payment
plan (aged from the installment's due date), or, for an order with no open installment,
its whole balance (aged from the order's receivable date). Amounts are the ones recorded
now; ``--as-of`` is the day ages are counted from (what will be how late at month end).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import peewee as pw

from crm_cli.store.analysis import scope
from crm_cli.store.analysis.presets import Params, Preset, of_customers, register
from crm_cli.store.analysis.presets_more._common import (
    NONE,
    C,
    Ord,
    U,
    approved_order,
    choice,
    col,
    day_of,
    fetch,
)
from crm_cli.store.analysis.records import Report
from crm_cli.store.analysis.sqlbits import money
from crm_cli.store.core.records import User
from crm_cli.store.sales import models as sm

Inst = sm.Installment
# Days past the due date; "not due": due after the as-of day, or no due date at all.
BUCKETS = ("not due", "0-30", "31-60", "61-90", "90+")
BY = ("none", "owner", "customer")


def open_items(actor: User, params: Params) -> Any:
    """One row per open item, in the actor's scope, of the customers the run's terms
    select: owner_id, customer_id, due, open (cents), as a UNION ALL subquery ``items``."""
    owed = approved_order() & (Ord.settled == False) & of_customers(params, C.id)  # noqa: E712
    open_inst = (Inst.order == Ord.id) & (Inst.received < Inst.amount)
    planned = (
        Inst.select(Ord.owner.alias("owner_id"), Ord.customer.alias("customer_id"),
                    Inst.due.alias("due"),
                    (Inst.amount - Inst.received).alias("open"))
        .join(Ord, on=(Inst.order == Ord.id))
        .join(C, on=(Ord.customer == C.id))
        .where(owed & (Inst.received < Inst.amount))
    )  # fmt: skip
    whole = (
        Ord.select(Ord.owner.alias("owner_id"), Ord.customer.alias("customer_id"),
                   Ord.due.alias("due"),
                   (Ord.total - Ord.received).alias("open"))
        .join(C, on=(Ord.customer == C.id))
        .where(owed & (Ord.received < Ord.total)
               & ~pw.fn.EXISTS(Inst.select(Inst.id).where(open_inst)))
    )  # fmt: skip
    planned = scope.within(planned, Ord.owner, actor)
    whole = scope.within(whole, Ord.owner, actor)
    return planned.union_all(whole).alias("items")


def _bucket(due: Any, today: dt.date) -> Any:
    """The bucket's number (``BUCKETS``) of a due date, in SQL."""
    back = [today - dt.timedelta(days=d) for d in (30, 60, 90)]
    return pw.Case(
        None,
        [
            (due.is_null() | (due > today), 0),
            (due >= back[0], 1),
            (due >= back[1], 2),
            (due >= back[2], 3),
        ],
        4,
    )


def _aging_columns(by: str) -> tuple[Any, ...]:
    named = {
        "none": (),
        "owner": (col("owner", "text", "Owner", "负责人"),),
        "customer": (col("customer", "text", "Customer", "客户编号"),
                     col("customer_name", "text", "Customer name", "客户名称")),
    }[by]  # fmt: skip
    return (
        *named,
        col("age", "text", "Days past due", "账龄(逾期天数)"),
        col("amount", "money", "Amount owed", "应收金额"),
        col("items", "int", "Open items", "笔数"),
    )


def aging(actor: User, params: Params) -> Report:
    """Open items by age as of the day; ``--by owner|customer`` splits each bucket."""
    by = choice(params, "by", BY, "none")
    items = open_items(actor, params)
    age = _bucket(items.c.due, params.today)
    keys: list[Any] = []
    query = pw.Select([items])
    if by == "owner":
        query = query.join(U, pw.JOIN.LEFT_OUTER, on=(items.c.owner_id == U.id))
        keys = [U.login]
    elif by == "customer":
        query = query.join(C, on=(items.c.customer_id == C.id))
        keys = [C.code, C.name]
    query = query.select(*keys, age, pw.fn.SUM(items.c.open), pw.fn.COUNT(pw.SQL("*")))
    rows = fetch(query.group_by(*keys, age))
    # Sorted here: backends put a NULL owner first or last, and sort text their own way.
    grouped = sorted(([str(g) if g else NONE for g in group], int(bucket), cents, count)
                     for *group, bucket, cents, count in rows)  # fmt: skip
    names = [c.name for c in _aging_columns(by)]
    found = [
        dict(zip(names, [*labels, BUCKETS[b], money(cents), int(count)], strict=True))
        for labels, b, cents, count in grouped
    ]
    return Report(
        name="receivables-aging", title="Receivables aging", columns=_aging_columns(by),
        rows=found, keys=(*names[: len(keys)], "age"),
    )  # fmt: skip


def by_customer(actor: User, params: Params) -> Report:
    """Per customer that owes: ordered, received, owed, overdue, oldest open due date."""
    today = params.today
    items = open_items(actor, params)
    late = pw.Case(None, [(items.c.due < today, items.c.open)], 0)
    owing = (
        pw.Select([items], [items.c.customer_id.alias("customer_id"),
                            pw.fn.SUM(items.c.open).alias("owed"),
                            pw.fn.SUM(late).alias("overdue"),
                            pw.fn.MIN(items.c.due).alias("oldest")])
        .group_by(items.c.customer_id)
        .alias("owing")
    )  # fmt: skip
    orders = scope.within(
        Ord.select(Ord.customer.alias("customer_id"), pw.fn.SUM(Ord.total).alias("ordered"),
                   pw.fn.SUM(Ord.received).alias("received"))
        .join(C, on=(Ord.customer == C.id))
        .where(approved_order()),
        Ord.owner, actor,
    ).group_by(Ord.customer).alias("orders")  # fmt: skip
    query = (
        pw.Select([owing], [C.code, C.name, orders.c.ordered, orders.c.received,
                            owing.c.owed, owing.c.overdue, owing.c.oldest])
        .join(orders, on=(orders.c.customer_id == owing.c.customer_id))
        .join(C, on=(C.id == owing.c.customer_id))
        .order_by(owing.c.owed.desc(), C.code)
    )  # fmt: skip
    rows = []
    for code, name, ordered, received, owed, overdue, oldest in fetch(query):
        rows.append({"customer": code, "customer_name": name, "ordered": money(ordered),
                     "received": money(received), "owed": money(owed),
                     "overdue": money(overdue), "oldest_due": day_of(oldest)})  # fmt: skip
    columns = (
        col("customer", "text", "Customer", "客户编号"),
        col("customer_name", "text", "Customer name", "客户名称"),
        col("ordered", "money", "Ordered", "订单金额"),
        col("received", "money", "Received", "已收金额"),
        col("owed", "money", "Owed", "应收金额"),
        col("overdue", "money", "Overdue", "逾期金额"),
        col("oldest_due", "date", "Oldest due date", "最早应收日"),
    )
    return Report(name="receivables-by-customer", title="Receivables by customer",
                  columns=columns, rows=rows, keys=("customer",))  # fmt: skip


register(Preset(
    "receivables-aging", "Receivables aging: what is owed by days past due (0-30, 31-60, "
    "61-90, 90+), as of a day", "应收账款账龄:按逾期天数(0-30、31-60、61-90、90天以上)统计欠款",
    aging, options={"by": "split by owner or customer (default: none)"},
    chart="bar", x="age", y="amount", periodic=False,
))  # fmt: skip
register(Preset(
    "receivables-by-customer", "Receivables per customer: ordered, received, owed, overdue "
    "and the oldest due date, as of a day", "按客户分析应收账款:订单、已收、应收、逾期与最早应收日",
    by_customer, chart="bar", x="customer_name", y="owed", periodic=False,
))  # fmt: skip
