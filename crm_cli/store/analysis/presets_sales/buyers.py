"""Who buys (seed 004, analyses 1 to 3): buying customers by source (客户统计分析), the
customer value ranking (价值客户分析) and new buying customers per year (新客户增长分析)."""

from __future__ import annotations

from typing import Any

import peewee as pw

from crm_cli.store.analysis import scope, sqlbits
from crm_cli.store.analysis.presets import Params, Preset, of_customers, register
from crm_cli.store.analysis.presets_sales.common import (
    TIME_BUCKETS,
    TOP_HELP,
    C,
    P,
    S,
    choice,
    during,
    ranked,
    receipts,
    sales,
    top,
    total,
)
from crm_cli.store.analysis.records import Column, Report
from crm_cli.store.core.records import User

BUYERS = Column("buyers", "int", "Buying customers", "成交客户数")
ORDERS = Column("orders", "int", "Orders", "订单数")
AMOUNT = Column("amount", "money", "Order amount", "订单金额")
RECEIVED = Column("received", "money", "Received", "回款金额")


def buyers_by_source(actor: User, params: Params) -> Report:
    """Per customer source: the customers with a sale in the period, their sales' count
    and amount; by amount, then source."""
    query = sales(
        actor, params, C.source, pw.fn.COUNT(pw.fn.DISTINCT(S.customer)), pw.fn.COUNT(S.id),
        total(S.total),
    ).group_by(C.source)  # fmt: skip
    rows = [
        {"source": source, "buyers": int(buyers), "orders": int(count),
         "amount": sqlbits.money(cents)}
        for source, buyers, count, cents in query.tuples()
    ]  # fmt: skip
    rows.sort(key=lambda r: (-r["amount"], r["source"]))
    columns = (Column("source", "text", "Source", "客户来源"), BUYERS, ORDERS, AMOUNT)
    return Report("buyers-by-source", BY_SOURCE.title, columns, rows, ("source",), params.period)


def customer_value(actor: User, params: Params) -> Report:
    """The customers with the largest sales in the period (``--top``, ties by customer
    id), with their orders' count and the receipts dated in the period on their orders."""
    amount = total(S.total)
    query = (
        sales(actor, params, C.id, C.code, C.name, pw.fn.COUNT(S.id), amount)
        .group_by(C.id, C.code, C.name)
        .order_by(amount.desc(), C.id)
        .limit(top(params))
    )
    found = list(query.tuples())
    ids = [row[0] for row in found]
    paid: dict[int, Any] = {}
    if ids:
        got = receipts(actor, params, S.customer, total(P.amount)).where(S.customer.in_(ids))
        paid = dict(got.group_by(S.customer).tuples())
    rows = [
        {"rank": 0, "customer": code, "name": name, "orders": int(count),
         "amount": sqlbits.money(cents), "received": sqlbits.money(paid.get(cid))}
        for cid, code, name, count, cents in found
    ]  # fmt: skip
    ranked(rows, "amount")
    columns = (
        Column("rank", "int", "Rank", "排名"), Column("customer", "text", "Customer", "客户编号"),
        Column("name", "text", "Name", "客户名称"), ORDERS, AMOUNT, RECEIVED,
    )  # fmt: skip
    return Report("customer-value", VALUE.title, columns, rows, ("customer",), params.period)


def new_buyers(actor: User, params: Params) -> Report:
    """Per ``--by`` bucket (default year): the customers whose first sale (over every
    owner's orders) falls in it, counted in the scope of the customer's owner."""
    unit = choice(params, "by", TIME_BUCKETS, "year")
    first = pw.fn.MIN(S.decided_at)
    firsts = (
        S.select(S.customer, first.alias("first_sale"))
        .join(C, on=(S.customer == C.id))
        .where(
            (S.status == "approved")
            & S.deleted_at.is_null()
            & C.deleted_at.is_null()
            & of_customers(params, C.id)
        )
        .group_by(S.customer)
    )
    firsts = scope.within(firsts, C.owner, actor)
    if params.period is not None:
        firsts = firsts.having(during(first, params.period))
    inner = firsts.alias("firsts")
    label = sqlbits.bucket(unit, inner.c.first_sale).alias("bucket")  # GROUP BY "bucket"
    query: Any = S.select(label, pw.fn.COUNT(pw.SQL("*"))).from_(inner).group_by(label)
    rows = [{"bucket": b, "new_buyers": int(n)} for b, n in query.tuples()]
    rows.sort(key=lambda r: r["bucket"])
    columns = (
        Column("bucket", "text", unit.capitalize(), {"month": "月份", "quarter": "季度",
               "year": "年份"}[unit]),
        Column("new_buyers", "int", "New buying customers", "新成交客户数"),
    )  # fmt: skip
    return Report("new-buyers", NEW.title, columns, rows, ("bucket",), params.period)


BY_SOURCE = register(Preset(
    "buyers-by-source", "Buying customers by source: how many bought in the period, for how much",
    "成交客户来源分析:期间内成交客户按来源的数量与金额", buyers_by_source,
    chart="bar", x="source", y="buyers",
))  # fmt: skip
VALUE = register(Preset(
    "customer-value", "Customer value ranking: the customers who bought most in the period",
    "价值客户分析:期间内购买金额最高的客户排行", customer_value, options={"top": TOP_HELP},
    chart="bar", x="name", y="amount",
))  # fmt: skip
NEW = register(Preset(
    "new-buyers", "New buying customers per year (or month, quarter): first sales by period",
    "新客户增长分析:首次成交的客户数(按年、季度或月)", new_buyers,
    options={"by": "year (default), quarter or month"}, chart="line", x="bucket", y="new_buyers",
))  # fmt: skip
