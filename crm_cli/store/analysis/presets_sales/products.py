"""What sells, and what it earns (seed 004, analyses 6 and 13): the products that sell
least (滞销产品) and profit and margin from cost prices (利润分析).

Both read the lines of sales (an order's total is the sum of its lines' amounts): a
line's amount is its revenue, its quantity times the product's cost price its cost.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import peewee as pw

from crm_cli.store.analysis import scope, sqlbits
from crm_cli.store.analysis.presets import Params, Preset, of_customers, register
from crm_cli.store.analysis.presets_sales.common import (
    TOP_HELP,
    C,
    L,
    S,
    choice,
    during,
    is_sale,
    names,
    quantity,
    top,
    total,
)
from crm_cli.store.analysis.records import Column, Report
from crm_cli.store.core.records import User
from crm_cli.store.sales import models as sm

Product = sm.Product
ZERO = Decimal(0)


def lines(actor: User, params: Params, *fields: Any) -> Any:
    """``SELECT fields`` from the lines of the actor's sales in the period."""
    query = (
        L.select(*fields)
        .join(S, on=(L.order == S.id))
        .join(C, on=(S.customer == C.id))
        .where(is_sale() & during(S.decided_at, params.period) & of_customers(params, C.id))
    )
    return scope.within(query, S.owner, actor)


def weak_products(actor: User, params: Params) -> Report:
    """The live products with the least sales in the period (``--top``), those that sold
    nothing first: by amount, then quantity, then product id."""
    sold = lines(
        actor, params, L.product.alias("product_id"), total(L.quantity).alias("qty"),
        total(L.amount).alias("cents"),
    ).group_by(L.product).alias("sold")  # fmt: skip
    cents = pw.fn.COALESCE(sold.c.cents, 0)
    qty = pw.fn.COALESCE(sold.c.qty, 0)
    query = (
        Product.select(Product.code, Product.name, Product.category, qty, cents)
        .join(sold, pw.JOIN.LEFT_OUTER, on=(sold.c.product_id == Product.id))
        .where(Product.deleted_at.is_null())
        .order_by(cents, qty, Product.id)
        .limit(top(params))
    )
    found: Any = query.tuples()
    rows = [
        {"product": code, "name": name, "category": category, "quantity": quantity(q),
         "amount": sqlbits.money(c)}
        for code, name, category, q, c in found
    ]  # fmt: skip
    columns = (
        Column("product", "text", "Product", "产品编号"),
        Column("name", "text", "Name", "产品名称"),
        Column("category", "text", "Category", "产品分类"),
        Column("quantity", "decimal", "Quantity sold", "销售数量"),
        Column("amount", "money", "Amount", "销售金额"),
    )  # fmt: skip
    return Report("weak-products", WEAK.title, columns, rows, ("product",), params.period)


def _cents(cost_milli: Any) -> Decimal:
    """Cost in cents × thousandths of a unit, as money rounded half-up to the cent."""
    return (Decimal(int(cost_milli or 0)) / 100000).quantize(sqlbits.CENT, ROUND_HALF_UP)


def _profit_row(revenue: Any, cost_milli: Any, uncosted: Any) -> dict[str, Any]:
    money, cost = sqlbits.money(revenue), _cents(cost_milli)
    profit = money - cost
    return {"revenue": money, "cost": cost, "profit": profit,
            "margin": sqlbits.ratio(profit * 100, money, 1),
            "no_cost": sqlbits.money(uncosted)}  # fmt: skip


def profit(actor: User, params: Params) -> Report:
    """Revenue, cost, profit and margin (profit / revenue) of the period's sales, per
    order owner (``--by owner``, by profit) or overall (``--by total``). A product without
    a cost price counts no cost; ``no_cost`` is the revenue of such lines."""
    by = choice(params, "by", ("owner", "total"), "owner")
    Cost = Product.alias("cost_price")
    measures = (
        total(L.amount), total(L.quantity * pw.fn.COALESCE(Cost.cost, 0)),
        total(pw.Case(None, [(Cost.cost.is_null(), L.amount)], 0)),
    )  # fmt: skip
    query = (
        lines(actor, params, S.owner, *measures)
        if by == "owner"
        else lines(actor, params, *measures)
    )
    query = query.join(Cost, on=(L.product == Cost.id))
    if by == "owner":
        found = list(query.group_by(S.owner).tuples())
    else:
        found = [(None, *row) for row in query.tuples() if row[0] is not None]
    people = names(row[0] for row in found)
    rows: list[dict[str, Any]] = []
    for owner, revenue, cost_milli, uncosted in found:
        login, name = people.get(owner, ("", "")) if by == "owner" else ("(all)", "(all)")
        rows.append({"user": login, "name": name, **_profit_row(revenue, cost_milli, uncosted)})
    rows.sort(key=lambda r: (-r["profit"], r["user"]))
    money = lambda name, en, zh: Column(name, "money", en, zh)  # noqa: E731
    columns = (
        Column("user", "text", "User", "销售员"), Column("name", "text", "Name", "姓名"),
        money("revenue", "Revenue", "销售收入"), money("cost", "Cost", "成本"),
        money("profit", "Profit", "利润"), Column("margin", "percent", "Margin %", "利润率%"),
        money("no_cost", "Revenue without cost price", "无成本价收入"),
    )  # fmt: skip
    return Report("profit", PROFIT.title, columns, rows, ("user",), params.period)


WEAK = register(Preset(
    "weak-products", "Weak products: what sold least in the period, unsold products first",
    "滞销产品分析:期间内销售最少的产品(含未售出的产品)", weak_products,
    options={"top": TOP_HELP}, chart="bar", x="name", y="amount",
))  # fmt: skip
PROFIT = register(Preset(
    "profit", "Profit and margin from cost prices, per salesperson or overall",
    "利润分析:按成本价计算的利润与利润率(按销售员或总计)", profit,
    options={"by": "owner (default) or total"}, chart="bar", x="name", y="profit",
))  # fmt: skip
