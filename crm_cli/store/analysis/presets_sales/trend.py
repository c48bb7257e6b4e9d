"""How sales move and what they are made of (seed 004, analyses 11 and 12): the sales
trend by month, quarter or year (销售趋势分析; 环比 and 同比 come from ``--compare``) and
the sales composition by customer, customer source or product category (销售构成分析)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import peewee as pw

from crm_cli.store.analysis import sqlbits
from crm_cli.store.analysis.presets import Params, Preset, register
from crm_cli.store.analysis.presets_sales.common import (
    TIME_BUCKETS,
    TOP_HELP,
    C,
    L,
    S,
    choice,
    sales,
    top,
    total,
)
from crm_cli.store.analysis.presets_sales.products import lines
from crm_cli.store.analysis.records import Column, Report
from crm_cli.store.core.records import User
from crm_cli.store.sales import models as sm

BUCKET_ZH = {"month": "月份", "quarter": "季度", "year": "年份"}
AMOUNT = Column("amount", "money", "Amount", "销售金额")
SHARE = Column("percent", "percent", "Share %", "占比%")
OTHERS = "(others)"
# The columns naming a share: always ``group`` (what a chart labels slices with).
GROUPS = {
    "customer": (Column("customer", "text", "Customer", "客户编号"),
                 Column("group", "text", "Customer name", "客户名称")),
    "source": (Column("group", "text", "Source", "客户来源"),),
    "category": (Column("group", "text", "Category", "产品分类"),),
}  # fmt: skip


def sales_trend(actor: User, params: Params) -> Report:
    """Per ``--by`` bucket (default month) of the approval day: the sales' count and
    amount in the period, in time order."""
    unit = choice(params, "by", TIME_BUCKETS, "month")
    label = sqlbits.bucket(unit, S.decided_at).alias("bucket")  # GROUP BY "bucket"
    query = sales(actor, params, label, pw.fn.COUNT(S.id), total(S.total)).group_by(label)
    rows = [
        {"bucket": key, "orders": int(count), "amount": sqlbits.money(cents)}
        for key, count, cents in query.tuples()
    ]
    rows.sort(key=lambda r: r["bucket"])
    columns = (
        Column("bucket", "text", unit.capitalize(), BUCKET_ZH[unit]),
        Column("orders", "int", "Orders", "订单数"), AMOUNT,
    )  # fmt: skip
    return Report("sales-trend", TREND.title, columns, rows, ("bucket",), params.period)


def _by_customer(actor: User, params: Params, limit: int) -> list[dict[str, Any]]:
    amount = total(S.total)
    query = (
        sales(actor, params, C.code, C.name, amount)
        .group_by(C.id, C.code, C.name)
        .order_by(amount.desc(), C.id)
        .limit(limit)
    )
    return [
        {"customer": code, "group": name, "amount": sqlbits.money(cents)}
        for code, name, cents in query.tuples()
    ]


def _by_group(actor: User, params: Params, by: str, limit: int) -> list[dict[str, Any]]:
    """The few groups of a source or a category, all read, the largest ``limit`` kept."""
    if by == "source":
        query = sales(actor, params, C.source, total(S.total)).group_by(C.source)
    else:
        Product = sm.Product
        query = (
            lines(actor, params, Product.category, total(L.amount))
            .join(Product, on=(L.product == Product.id))
            .group_by(Product.category)
        )
    rows = [{"group": key, "amount": sqlbits.money(cents)} for key, cents in query.tuples()]
    rows.sort(key=lambda r: (-r["amount"], r["group"]))
    return rows[:limit]


def _grand_total(actor: User, params: Params, by: str) -> Decimal:
    if by == "category":
        (cents,) = lines(actor, params, total(L.amount)).tuples().get()
    else:
        (cents,) = sales(actor, params, total(S.total)).tuples().get()
    return sqlbits.money(cents)


def sales_composition(actor: User, params: Params) -> Report:
    """Each customer's, source's or product category's (``--by``, default source) share of
    the period's sales (column ``group``): the largest ``--top`` groups, the rest as one
    ``(others)`` row.
    By category it is the lines' amounts by their product's category."""
    by = choice(params, "by", ("customer", "source", "category"), "source")
    limit = top(params)
    rows = (
        _by_customer(actor, params, limit)
        if by == "customer"
        else _by_group(actor, params, by, limit)
    )
    whole = _grand_total(actor, params, by)
    rest = whole - sum((r["amount"] for r in rows), Decimal("0.00"))
    if rest:
        rows.append({**({"customer": OTHERS} if by == "customer" else {}), "group": OTHERS,
                     "amount": rest})  # fmt: skip
    for row in rows:
        row["percent"] = sqlbits.ratio(row["amount"] * 100, whole, 1)
    columns = (*GROUPS[by], AMOUNT, SHARE)
    keys = ("customer",) if by == "customer" else ("group",)
    return Report("sales-composition", COMPOSITION.title, columns, rows, keys, params.period)


TREND = register(Preset(
    "sales-trend", "Sales trend by month (or quarter, year): orders and amount",
    "销售趋势分析:按月(或季度、年)的订单数与金额", sales_trend,
    options={"by": "month (default), quarter or year"}, chart="line", x="bucket", y="amount",
))  # fmt: skip
COMPOSITION = register(Preset(
    "sales-composition", "Sales composition by customer, customer source or product category",
    "销售构成分析:按客户、客户来源或产品分类的销售占比", sales_composition,
    options={"by": "source (default), customer or category", "top": TOP_HELP},
    chart="pie", x="group", y="amount",
))  # fmt: skip
